"""Segmenting: numbered structure, sentences with offsets, planned work, PDF line breaks."""

from __future__ import annotations

from kg.reading import document_from_text, read_document
from kg.resources import sample_report
from kg.segmenting import segment


def test_every_sentence_slices_the_text_exactly():
    document = read_document(sample_report())
    sentences = segment(document)
    assert len(sentences) > 100
    assert all(document.text[s.start:s.end] == s.text for s in sentences)


def test_section_path_follows_the_numbering():
    sentences = segment(read_document(sample_report()))
    made = next(s for s in sentences if s.text.startswith("制定了《关于学习贯彻习近平法治思想"))
    assert made.section == ("一、2021年法治政府建设情况及主要做法", "(一)强化组织领导,统筹推进法治政府建设", "二是")


def test_work_plan_section_is_planned_and_the_review_is_not():
    sentences = segment(read_document(sample_report()))
    assert not any(s.planned for s in sentences if s.section[:1] == ("一、2021年法治政府建设情况及主要做法",))
    plan = [s for s in sentences if s.section[:1] == ("二、2022年工作安排",)]
    assert plan and all(s.planned for s in plan)


def test_下一步_makes_the_rest_of_its_paragraph_planned():
    text = "五、存在问题\n工作还有差距。下一步，将抓好以下工作：一是推进公开。二是加强培训。\n"
    sentences = segment(document_from_text("t", text))
    assert [s.planned for s in sentences] == [False, False, True, True]


def test_lines_broken_by_a_pdf_layout_are_one_sentence(gold_documents):
    text = gold_documents["hongze-2023"]["text"]
    sentences = segment(document_from_text("hongze-2023", text))
    broken = next(s for s in sentences if "《中华人民共和\n国政府信息公开条例》" in s.text)
    assert broken.text.startswith("本报告由") and broken.text.endswith("。")
