"""Body structure: sub-organisations, jurisdictions of bodies, divisions within divisions."""

from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.namespace import RDF

from kg.exporting import serialize_turtle
from kg.graphing import build_graph
from kg.identifiers import entity_iri
from kg.namespaces import KG
from kg.pipeline import extract, extract_path
from kg.reading import document_from_text
from kg.structure import body_jurisdiction, name_parent, parent_index, parent_place

from .conftest import SHARED

ILI = "伊犁哈萨克自治州"
ILI_GOVERNMENT = "伊犁哈萨克自治州人民政府"
SIGNATURE = "\n伊犁哈萨克自治州人民政府\n2021年12月24日\n"


def body(name: str):
    return entity_iri("BODY", name)


def place(name: str):
    return entity_iri("PLACE", name)


@pytest.fixture(scope="module")
def sample_graph(sample_extraction) -> Graph:
    return build_graph([sample_extraction])


def links(text: str, signature: str = SIGNATURE) -> list[tuple[str, str, str]]:
    """Return (child, parent, rule) of every sub-organisation assertion of a one-report graph."""
    graph = build_graph([extract(document_from_text("t", text + signature))])
    found = []
    for node in graph.subjects(RDF.predicate, KG.subOrganizationOf):
        child, parent = graph.value(node, RDF.subject), graph.value(node, RDF.object)
        found.append((child, parent, str(graph.value(node, KG.rule))))
    return sorted(found)


# ---------------------------------------------------------------- names


@pytest.mark.parametrize(("name", "parent"), [
    ("伊犁哈萨克自治州党委理论学习中心组", "伊犁哈萨克自治州党委"),
    ("新疆维吾尔自治区人民政府办公厅", "新疆维吾尔自治区人民政府"),
    ("伊犁哈萨克自治州政府法律顾问团", ILI_GOVERNMENT),  # 人民政府 written 政府 inside a unit's name
    ("公安部经济犯罪侦查局", "公安部"),
    ("全国人民代表大会常务委员会", "全国人民代表大会"),
])
def test_a_name_beginning_with_a_body_is_its_unit(name, parent):
    known = ["伊犁哈萨克自治州党委", "新疆维吾尔自治区人民政府", ILI_GOVERNMENT, "公安部", "全国人民代表大会"]
    assert name_parent(name, parent_index(known)) == parent


@pytest.mark.parametrize("name", [
    "伊犁哈萨克自治州党委政府",  # two bodies, not a unit
    "伊犁哈萨克自治州司法局",  # no parent written in the name
    "北京市委员会",  # 委 + 员会 continues the parent's last word
    "中华人民共和国政府部门",  # a class of bodies
    "河南省委十一届八次全会暨省委",  # a meeting
    "中央财政",  # 中央 is too short to be a parent
])
def test_names_that_are_not_units(name):
    known = ["伊犁哈萨克自治州党委", "北京市委", "中华人民共和国人民政府", "河南省委", "中央", ILI]
    assert name_parent(name, parent_index(known)) is None


def test_sample_nested_names(sample_graph):
    expected = {
        (body("伊犁哈萨克自治州党委理论学习中心组"), body("伊犁哈萨克自治州党委")),
        (body("伊犁哈萨克自治州党委常委会"), body("伊犁哈萨克自治州党委")),
        (body("伊犁哈萨克自治州政府法律顾问团"), body(ILI_GOVERNMENT)),
        (body("国务院办公厅"), body("国务院")),
    }
    assert expected <= set(sample_graph.subject_objects(KG.subOrganizationOf))


def test_sample_structure_assertions_carry_their_sentence(sample_graph, sample_extraction):
    text = sample_extraction.document.text
    nodes = list(sample_graph.subjects(RDF.predicate, KG.subOrganizationOf))
    assert len(nodes) == len(set(sample_graph.subject_objects(KG.subOrganizationOf))) >= 6
    rules = {str(sample_graph.value(node, KG.rule)) for node in nodes}
    assert rules == {"nested-name", "directly-under", "establishes-unit"}
    for node in nodes:
        sentence = sample_graph.value(node, KG.evidence)
        assert str(sample_graph.value(sentence, KG.text)) in text
        assert sample_graph.value(node, KG.headMention) is not None


# ---------------------------------------------------------------- phrases (ili-2021 and other real reports)


def test_directly_under_body_is_under_the_government():
    found = links("在州县党校(行政学院)开设专门课程,举办了习近平法治思想专题培训班,组织州直政法系统开展了“青年普法志愿者法治文化基层行”。")
    assert (body("伊犁哈萨克自治州政法系统"), body(ILI_GOVERNMENT), "directly-under") in found


def test_unit_set_up_without_an_actor_is_the_authors():
    found = links("成立了行政复议体制改革领导小组,出台了《伊犁哈萨克自治州行政复议体制改革工作方案》。")
    assert found == [(body("伊犁哈萨克自治州行政复议体制改革领导小组"), body(ILI_GOVERNMENT), "establishes-unit")]


def test_unit_set_up_after_a_long_modifier_is_the_authors():
    found = links(
        "成立了以政府主要领导为组长,分管领导、秘书长为副组长,州发改委、财政局、人力资源和社会保障局、住建局等部门为成员的"
        "自治州行政调解工作协调指导小组,负责协调和指导行政调解工作。"
    )
    assert (body("伊犁哈萨克自治州行政调解工作协调指导小组"), body(ILI_GOVERNMENT), "establishes-unit") in found


def test_unit_set_up_in_another_place_is_not_the_authors():
    found = links("按照“街乡吹哨、部门报到”的模式,在乡镇(街道)统一设置了综合执法办公室和综合行政执法队,形成了“一个执法主体、一支执法队伍、一个窗口对外”的执法体系。")
    assert found == []


def test_unit_set_up_by_a_named_body():
    # State Council government work report (../shared/corpus/state-council).
    found = links("国务院成立了国家科技教育领导小组，加强对科技教育工作的指导，中央财政较多地增加了对科教的投入。", "\n国务院\n1999年3月5日\n")
    assert (body("国家科技教育领导小组"), body("国务院"), "establishes-unit") in found


def test_sets_up_and_housed_in_phrases():
    # The phrasing reports use (no report of ../shared has it): 下设 and 设在.
    found = links("全面依法治州委员会下设执法协调小组、守法普法协调小组。全面依法治州委员会办公室设在州司法局。")
    committee = body("伊犁哈萨克自治州全面依法治州委员会")
    assert (body("伊犁哈萨克自治州执法协调小组"), committee, "sets-up") in found
    assert (body("伊犁哈萨克自治州守法普法协调小组"), committee, "sets-up") in found
    assert (body("伊犁哈萨克自治州全面依法治州委员会办公室"), body("伊犁哈萨克自治州司法局"), "housed-in") in found


# ---------------------------------------------------------------- jurisdictions


@pytest.mark.parametrize(("name", "jurisdiction"), [
    ("新疆维吾尔自治区人民政府", "新疆维吾尔自治区"),
    ("伊犁哈萨克自治州司法局", ILI),
    ("淮安市洪泽区人民政府", "洪泽区"),
    ("国务院办公厅", "中华人民共和国"),
    ("公安部", "中华人民共和国"),
])
def test_body_jurisdiction(name, jurisdiction):
    assert body_jurisdiction(name, {ILI}) == jurisdiction


def test_body_jurisdiction_of_a_report_outside_the_gazetteer():
    assert body_jurisdiction("某开发区管委会", {"某开发区"}) == "某开发区"
    assert body_jurisdiction("某单位", set()) is None


@pytest.mark.parametrize(("name", "above"), [
    (ILI, "新疆维吾尔自治区"),
    ("伊宁市", ILI),
    ("新疆维吾尔自治区", "中华人民共和国"),
    ("东城区", "北京市"),  # the gazetteer's 市辖区 row is skipped
    ("中华人民共和国", None),
])
def test_place_above(name, above):
    assert parent_place(name, {ILI}) == above


def test_every_sample_body_has_a_jurisdiction(sample_graph):
    bodies = set(sample_graph.subjects(RDF.type, KG.Body))
    assert len(bodies) > 30
    assert all(len(set(sample_graph.objects(b, KG.jurisdiction))) == 1 for b in bodies)
    assert (body("新疆维吾尔自治区人民政府"), KG.jurisdiction, place("新疆维吾尔自治区")) in sample_graph
    assert (body("国务院办公厅"), KG.jurisdiction, place("中华人民共和国")) in sample_graph
    assert (body("伊犁哈萨克自治州司法局"), KG.jurisdiction, place(ILI)) in sample_graph


def test_sample_places_lie_within_the_places_above(sample_graph):
    within = set(sample_graph.subject_objects(KG.within))
    assert (place(ILI), place("新疆维吾尔自治区")) in within
    assert (place("新疆维吾尔自治区"), place("中华人民共和国")) in within
    assert (place("伊宁市"), place(ILI)) in within
    assert all((p, RDF.type, KG.Place) in sample_graph for pair in within for p in pair)


def test_structure_is_deterministic(sample_extraction):
    assert serialize_turtle(build_graph([sample_extraction])) == serialize_turtle(build_graph([sample_extraction]))


def test_hongze_county_lies_in_its_prefecture():
    pdf = SHARED / "corpus" / "hongze" / "2023.pdf"
    if not pdf.exists():
        pytest.skip("../shared/corpus/hongze/2023.pdf is absent")
    graph = build_graph([extract_path(pdf)])
    assert (place("淮安市洪泽区"), KG.within, place("淮安市")) in graph
    assert (place("淮安市"), KG.within, place("江苏省")) in graph
    assert (body("淮安市洪泽区人民政府"), KG.jurisdiction, place("淮安市洪泽区")) in graph
    assert (body("淮安市洪泽区人民政府办公室"), KG.subOrganizationOf, body("淮安市洪泽区人民政府")) in graph
