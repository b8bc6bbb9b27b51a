"""Extracting relations on sentences of real reports."""

from __future__ import annotations

from kg.pipeline import extract
from kg.reading import document_from_text

SIGNATURE = "\n伊犁哈萨克自治州人民政府\n2021年12月24日\n"


def relations(text: str, signature: str = SIGNATURE) -> list[tuple[str, str, str, str]]:
    """Return (type, head text or AUTHOR, tail text, status) of each relation in ``text``."""
    extraction = extract(document_from_text("t", text + signature))
    name = {m.id: m.text for m in extraction.mentions}
    return [(r.type, "AUTHOR" if r.head is None else name[r.head], name[r.tail], r.status) for r in extraction.relations]


def test_one_trigger_with_several_objects_gives_one_relation_each():
    found = relations("州党委理论学习中心组深入学习《中华人民共和国反外国制裁法》《中国共产党统一战线工作条例》等法律法规8次。")
    assert ("studied", "州党委理论学习中心组", "《中华人民共和国反外国制裁法》", "done") in found
    assert ("studied", "州党委理论学习中心组", "《中国共产党统一战线工作条例》", "done") in found


def test_dropped_subject_is_the_author():
    found = relations("制定了《关于学习贯彻习近平法治思想深入推进全面依法治州的实施方案》。")
    assert found == [("issued", "AUTHOR", "《关于学习贯彻习近平法治思想深入推进全面依法治州的实施方案》", "done")]


def test_nested_title_implements_its_inner_title():
    found = relations("深入贯彻落实《自治区贯彻落实<法治社会建设实施纲要(2020-2025)>实施方案》。")
    assert ("implements", "《自治区贯彻落实<法治社会建设实施纲要(2020-2025)>实施方案》", "<法治社会建设实施纲要(2020-2025)>", "done") in found
    assert ("implements", "AUTHOR", "《自治区贯彻落实<法治社会建设实施纲要(2020-2025)>实施方案》", "done") in found


def test_issuing_body_written_before_a_title():
    found = relations("落实国务院办公厅《关于加强和改进行政应诉工作的意见》。")
    assert ("issued", "国务院办公厅", "《关于加强和改进行政应诉工作的意见》", "done") in found
    assert ("implements", "AUTHOR", "《关于加强和改进行政应诉工作的意见》", "done") in found


def test_reports_to_the_body_after_向():
    found = relations("2020年度法治政府建设年度报告已向自治区人民政府报告。")
    assert ("reportsTo", "AUTHOR", "自治区人民政府", "done") in found


def test_work_plan_relations_are_planned():
    found = relations("二、2022年工作安排\n(一)加强规范性文件监督管理。深入贯彻落实《自治区行政规范性文件管理办法》。")
    assert ("implements", "AUTHOR", "《自治区行政规范性文件管理办法》", "planned") in found


def test_explicit_actor_and_based_on():
    found = relations("严格按照《反恐怖法》《自治区去极端化条例》等条例办法规定,组织公安、法院等各支力量依法打击。")
    assert ("basedOn", "AUTHOR", "《反恐怖法》", "done") in found
    assert ("basedOn", "AUTHOR", "《自治区去极端化条例》", "done") in found


def test_every_relation_points_into_its_sentence(sample_extraction):
    sentences = sample_extraction.sentences
    for relation in sample_extraction.relations:
        sentence = sentences[relation.sentence]
        assert sentence.start <= relation.trigger_start < relation.trigger_end <= sentence.end
