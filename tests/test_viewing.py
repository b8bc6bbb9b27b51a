"""Tests of the HTML viewer: offline, escaped, complete and deterministic."""

from __future__ import annotations

import html
import json
import re

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS

from kg.namespaces import ID, KG, OA
from kg.viewing import GraphView, render_html, show

EVIL = '<script>alert(1)</script>"onerror=</script>'
DATA = re.compile(r'<script type="application/json" id="kg-data">(.*?)</script>', re.S)
SENTENCE = "国务院办公厅实施了乡村振兴战略。"


def _assertion(g: Graph, name: str, edge: tuple[URIRef, URIRef, URIRef], status: URIRef, report: URIRef) -> URIRef:
    """Add an assertion of ``edge`` whose evidence sentence starts at offset 100."""
    assertion, sentence, position, trigger = ID[f"a/{name}"], ID[f"s/{name}"], BNode(), BNode()
    g.add(edge)
    for p, o in zip((RDF.subject, RDF.predicate, RDF.object), edge):
        g.add((assertion, p, o))
    g.add((assertion, RDF.type, KG.Assertion))
    g.add((assertion, KG.status, status))
    g.add((assertion, KG.evidence, sentence))
    g.add((assertion, KG.trigger, trigger))
    g.add((assertion, PROV.wasDerivedFrom, report))
    g.add((trigger, OA.start, Literal(106)))
    g.add((trigger, OA.end, Literal(108)))
    g.add((trigger, OA.exact, Literal("实施")))
    g.add((sentence, RDF.type, KG.Sentence))
    g.add((sentence, KG.text, Literal(SENTENCE)))
    g.add((sentence, KG.section, Literal("一、2023年工作回顾")))
    g.add((sentence, OA.hasSource, report))
    g.add((sentence, OA.hasSelector, position))
    g.add((position, RDF.type, OA.TextPositionSelector))
    g.add((position, OA.start, Literal(100)))
    g.add((position, OA.end, Literal(100 + len(SENTENCE))))
    return assertion


def _entity(g: Graph, path: str, cls: URIRef, name: str, *variants: str) -> URIRef:
    """Add an entity with its canonical name and variants."""
    entity = ID[path]
    g.add((entity, RDF.type, cls))
    g.add((entity, SKOS.prefLabel, Literal(name, lang="zh")))
    for variant in variants:
        g.add((entity, SKOS.altLabel, Literal(variant, lang="zh")))
    return entity


def _graph() -> Graph:
    """Return a report, four entities, one done and one planned relation."""
    g = Graph()
    report = ID["report/gov-2024"]
    g.add((report, RDF.type, KG.Report))
    g.add((report, DCTERMS.title, Literal("2024年政府工作报告", lang="zh")))
    g.add((report, KG.documentId, Literal("gov-2024")))
    office = _entity(g, "body/国务院办公厅", KG.Body, "国务院办公厅", "国办")
    strategy = _entity(g, "programme/乡村振兴战略", KG.Programme, "乡村振兴战略")
    law = _entity(g, "statute/乡村振兴促进法", KG.Statute, "乡村振兴促进法")
    province = _entity(g, "place/浙江省", KG.Place, "浙江省")
    for entity in (office, strategy, law, province):
        g.add((report, KG.mentions, entity))
    _assertion(g, "1", (office, KG.implements, strategy), KG.done, report)
    _assertion(g, "2", (strategy, KG.basedOn, law), KG.planned, report)
    g.add((office, KG.jurisdiction, province))
    return g


def _poison(graph: Graph) -> Graph:
    """Put markup into names, variants and sentences of ``graph``; return it."""
    office = ID["body/国务院办公厅"]
    graph.set((office, SKOS.prefLabel, Literal(EVIL, lang="zh")))
    graph.add((office, SKOS.altLabel, Literal(EVIL + "&amp;")))
    graph.set((ID["s/1"], KG.text, Literal(EVIL + SENTENCE)))
    graph.set((ID["s/1"], KG.section, Literal(EVIL)))
    return graph


@pytest.fixture
def graph() -> Graph:
    """The small graph."""
    return _graph()


@pytest.fixture
def evil_graph() -> Graph:
    """The small graph with markup in its text."""
    return _poison(_graph())


def _data(page: str) -> dict:
    """Return the JSON blob embedded in ``page``."""
    blobs = DATA.findall(page)
    assert len(blobs) == 1
    return json.loads(blobs[0])


def test_page_makes_no_external_request(graph: Graph) -> None:
    page = render_html(graph)
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.I)
    assert "@import" not in page
    assert not re.search(r"url\(\s*[\"']?\s*(https?:)?//", page, re.I)
    assert "bootstrap" not in page.lower()
    assert "vis.Network" in page and "stabilizationIterationsDone" in page


def test_document_text_is_escaped(evil_graph: Graph) -> None:
    page = render_html(evil_graph, title=EVIL)
    assert "<script>alert" not in page
    assert '"onerror=' not in page.replace('\\"onerror=', "")
    blob = DATA.search(page).group(1)
    assert not set("<>&") & set(blob)
    data = _data(page)
    office = next(d for d in data["details"].values() if d.get("kind") == "body")
    assert office["name"] == EVIL and EVIL + "&amp;" in office["variants"]
    evidence = [e for d in data["details"].values() for e in d.get("evidence", [])]
    assert {e["section"] for e in evidence} >= {EVIL}


def test_one_node_per_entity_and_report(graph: Graph) -> None:
    data = _data(render_html(graph))
    assert len(data["nodes"]) == 5
    kinds = sorted(d["kind"] for k, d in data["details"].items() if k.startswith("n"))
    assert kinds == ["body", "place", "programme", "report", "statute"]
    shapes = {node["shape"] for node in data["nodes"]}
    assert len(shapes) == 5


def test_planned_edges_are_dashed(graph: Graph) -> None:
    data = _data(render_html(graph))
    labels = {edge["label"]: edge for edge in data["edges"] if "label" in edge}
    assert labels["basedOn"]["dashes"] is True
    assert labels["implements"]["dashes"] is False
    assert labels["jurisdiction"]["dashes"] is False
    assert all(edge["arrows"] == "to" for edge in data["edges"])
    assert sum(edge.get("hidden", False) for edge in data["edges"]) == 4  # report mentions


def test_edge_evidence_marks_the_trigger(graph: Graph) -> None:
    data = _data(render_html(graph))
    edge = next(e for e in data["edges"] if e.get("label") == "implements")
    (evidence,) = data["details"][edge["id"]]["evidence"]
    start, end = evidence["trigger"]
    assert evidence["text"][start:end] == "实施"
    assert (evidence["report"], evidence["status"]) == ("gov-2024", "done")


def test_node_details_list_variants_and_reports(graph: Graph) -> None:
    data = _data(render_html(graph))
    office = next(d for d in data["details"].values() if d.get("name") == "国务院办公厅")
    assert office["variants"] == ["国办"]
    assert office["reports"] == ["2024年政府工作报告"]


def test_physics_is_bounded(graph: Graph) -> None:
    data = _data(render_html(graph))
    assert data["options"]["physics"]["stabilization"]["iterations"] <= 1000
    assert "setOptions({physics: false})" in render_html(graph)


def test_rendering_is_deterministic(graph: Graph) -> None:
    shuffled = Graph()
    for triple in sorted(graph, reverse=True):
        shuffled.add(triple)
    assert render_html(graph) == render_html(graph) == render_html(shuffled)


def test_jupyter_view_is_an_escaped_iframe(evil_graph: Graph) -> None:
    view = show(evil_graph)
    assert isinstance(view, GraphView)
    frame = view._repr_html_()
    assert frame.startswith("<iframe srcdoc=\"") and frame.count("<script") == 0
    srcdoc = re.match(r'<iframe srcdoc="([^"]*)"', frame).group(1)
    assert html.unescape(srcdoc) == view.page
