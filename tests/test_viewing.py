"""Tests of the HTML viewer: offline, escaped, complete and deterministic."""

from __future__ import annotations

import gc
import html
import json
import math
import random
import re

import numpy as np
import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS

from kg.namespaces import ID, KG, OA
from typer.testing import CliRunner, Result

from kg.cli import app
from kg import layout as layout_module
from kg.layout import layout
from kg.viewing import Filters, GraphView, _Facts, kind_names, relation_names, render_html, show

EVIL = '<script>alert(1)</script>"onerror=</script>'
DATA = re.compile(r'<script type="application/json" id="kg-data">(.*?)</script>', re.S)
SENTENCE = "国务院办公厅实施了乡村振兴战略。"


def _span(g: Graph, start: int, end: int) -> BNode:
    """Add a text position selector; return it."""
    selector = BNode()
    g.add((selector, OA.start, Literal(start)))
    g.add((selector, OA.end, Literal(end)))
    return selector


def _assertion(g: Graph, name: str, edge: tuple[URIRef, URIRef, URIRef], status: URIRef, report: URIRef) -> URIRef:
    """Add an assertion of ``edge`` whose evidence sentence starts at offset 100 (head and tail mentions too)."""
    assertion, sentence, position, trigger = ID[f"a/{name}"], ID[f"s/{name}"], BNode(), BNode()
    g.add((assertion, KG.headMention, _span(g, 100, 106)))  # 国务院办公厅
    g.add((assertion, KG.tailMention, _span(g, 109, 115)))  # 乡村振兴战略
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
    mentions = [e for e in data["edges"] if data["details"][e["id"]]["relation"] == "mentions"]
    assert len(mentions) == 4 and not any("label" in e for e in mentions)
    assert data["filters"]["relations"] == []  # the page's default: every relation but mentions


def test_edge_evidence_marks_the_trigger(graph: Graph) -> None:
    data = _data(render_html(graph))
    edge = next(e for e in data["edges"] if e.get("label") == "implements")
    (evidence,) = data["details"][edge["id"]]["evidence"]
    start, end = evidence["trigger"]
    assert evidence["text"][start:end] == "实施"
    assert [evidence["text"][a:b] for a, b in evidence["arguments"]] == ["国务院办公厅", "乡村振兴战略"]
    assert (evidence["report"], evidence["status"], evidence["section"]) == ("gov-2024", "done", "一、2023年工作回顾")
    assert data["details"][edge["id"]]["in"] == [0]


def test_spans_outside_the_sentence_are_not_marked(graph: Graph) -> None:
    graph.add((ID["a/1"], KG.headMention, _span(graph, 90, 95)))
    data = _data(render_html(graph))
    edge = next(e for e in data["edges"] if e.get("label") == "implements")
    (evidence,) = data["details"][edge["id"]]["evidence"]
    assert all(0 <= a < b <= len(evidence["text"]) for a, b in evidence["arguments"])


def test_node_details_list_variants_and_reports(graph: Graph) -> None:
    data = _data(render_html(graph))
    office = next(d for d in data["details"].values() if d.get("name") == "国务院办公厅")
    assert office["variants"] == ["国办"]
    assert office["reports"] == ["2024年政府工作报告"]
    assert (office["kind"], office["jurisdiction"], office["in"]) == ("body", "浙江省", [0])


def test_reports_are_listed_for_the_filters(graph: Graph) -> None:
    graph.add((ID["report/gov-2024"], KG.jurisdiction, ID["place/浙江省"]))
    data = _data(render_html(graph))
    assert [(r["id"], r["title"], r["jurisdiction"]) for r in data["reports"]] == [
        ("gov-2024", "2024年政府工作报告", "浙江省")
    ]
    report = next(d for d in data["details"].values() if d.get("kind") == "report")
    assert report["in"] == [0] and report["jurisdiction"] == "浙江省"


def test_initial_filters_reach_the_page(graph: Graph) -> None:
    filters = Filters(kinds=("body", "statute"), relations=("implements",), statuses=("planned",), focus="国办")
    data = _data(render_html(graph, filters=filters))
    assert data["filters"] == {
        "kinds": ["body", "statute"], "relations": ["implements"], "statuses": ["planned"],
        "report": "", "jurisdiction": "", "focus": "国办",
    }
    page = render_html(graph)
    for name in kind_names() + relation_names():
        assert f'value="{name}"' in page


def test_positions_are_computed_in_python(graph: Graph) -> None:
    data = _data(render_html(graph))
    assert data["options"]["physics"] == {"enabled": False}
    positions = {(node["x"], node["y"]) for node in data["nodes"]}
    assert len(positions) == len(data["nodes"])
    assert all(isinstance(c, int) for xy in positions for c in xy)


def _mean_length(positions: list[tuple[int, int]], pairs: list[tuple[int, int, float]]) -> float:
    """Return the mean distance between the ends of ``pairs``."""
    return sum(math.dist(positions[i], positions[j]) for i, j, _ in pairs) / len(pairs)


@pytest.mark.parametrize("count", [40, 900])
def test_layout_draws_linked_nodes_closer(count: int) -> None:
    rng = random.Random(1)
    # Rings of ten linked nodes; the grid approximation runs above 600 nodes.
    ring = [(i, i - i % 10 + (i + 1) % 10, 1.0) for i in range(count)]
    others = [(rng.randrange(count), rng.randrange(count), 1.0) for _ in range(200)]
    positions = layout(count, ring)
    assert positions == layout(count, ring) and len(set(positions)) == count
    assert _mean_length(positions, ring) * 3 < _mean_length(positions, others)


def test_rendering_is_deterministic(graph: Graph) -> None:
    shuffled = Graph()
    for triple in sorted(graph, reverse=True):
        shuffled.add(triple)
    assert render_html(graph) == render_html(graph) == render_html(shuffled)


def test_any_store_gives_the_same_page(graph: Graph) -> None:
    # The default Memory store is read through its indexes; other stores through rdflib's API.
    simple = Graph(store="SimpleMemory")
    dataset = Dataset()
    named = dataset.graph(ID["graph/one"])
    dataset.graph(ID["graph/other"]).add((ID["x"], RDF.type, KG.Body))  # the store holds more than ``named``
    for triple in graph:
        simple.add(triple)
        named.add(triple)
    assert _Facts(graph)._spo is not None and _Facts(simple)._spo is None and _Facts(named)._spo is None
    assert render_html(simple) == render_html(named) == render_html(graph)


@pytest.mark.parametrize("enabled", [True, False])
def test_rendering_leaves_the_garbage_collector_as_it_was(graph: Graph, enabled: bool) -> None:
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        render_html(graph)
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


@pytest.mark.parametrize("shape", ["uniform", "clusters"])
def test_mesh_repulsion_is_close_to_the_exact_one(shape: str) -> None:
    rng, count = np.random.default_rng(3), 3000
    if shape == "uniform":
        pos = rng.uniform(-math.sqrt(count), math.sqrt(count), (count, 2))
    else:
        centres = rng.uniform(-3 * math.sqrt(count), 3 * math.sqrt(count), (20, 2))
        pos = centres[rng.integers(0, 20, count)] + rng.normal(0, 3, (count, 2))
    exact = layout_module._repulsion_exact(pos)
    mesh = layout_module._repulsion_mesh(pos, layout_module.mesh_side(count)) + layout_module._repulsion_near(pos, 0.0)
    error = np.linalg.norm(mesh - exact, axis=1) / np.linalg.norm(exact, axis=1)
    assert np.median(error) < (0.05 if shape == "uniform" else 0.2)


def test_jupyter_view_is_an_escaped_iframe(evil_graph: Graph) -> None:
    view = show(evil_graph)
    assert isinstance(view, GraphView)
    frame = view._repr_html_()
    assert frame.startswith("<iframe srcdoc=\"") and frame.count("<script") == 0
    srcdoc = re.match(r'<iframe srcdoc="([^"]*)"', frame).group(1)
    assert html.unescape(srcdoc) == view.page


def _view(*args: str) -> Result:
    """Run ``kg view`` with ``args``."""
    return CliRunner().invoke(app, ["view", *args])


def test_kg_view_writes_the_page_of_a_graph_file(graph: Graph, tmp_path) -> None:
    graph.serialize(tmp_path / "graph.ttl", format="turtle")
    out = tmp_path / "page" / "view.html"
    result = _view(str(tmp_path), "--no-open", "-o", str(out), "-k", "body", "-r", "implements", "--focus", "国办")
    assert result.exit_code == 0, result.output
    data = _data(out.read_text(encoding="utf-8"))
    assert len(data["nodes"]) == 5
    assert (data["filters"]["kinds"], data["filters"]["relations"], data["filters"]["focus"]) == (["body"], ["implements"], "国办")


def test_kg_view_merges_named_graphs(graph: Graph, tmp_path) -> None:
    quads = (f"{s.n3()} {p.n3()} {o.n3()} {ID[f'graph/{i % 3}'].n3()} .\n" for i, (s, p, o) in enumerate(sorted(graph)))
    (tmp_path / "graph.nq").write_text("".join(quads), encoding="utf-8")
    out = tmp_path / "view.html"
    assert _view(str(tmp_path / "graph.nq"), "--no-open", "-o", str(out)).exit_code == 0
    assert _data(out.read_text(encoding="utf-8")) == _data(render_html(graph))


def test_kg_view_builds_reports(tmp_path) -> None:
    report = tmp_path / "report.txt"
    report.write_text("某县司法局2023年法治政府建设情况报告\n\n一、主要工作\n县司法局认真贯彻落实《中华人民共和国行政处罚法》。\n", encoding="utf-8")
    out = tmp_path / "view.html"
    result = _view(str(report), "--no-open", "-o", str(out))
    assert result.exit_code == 0, result.output
    names = {d.get("name") for d in _data(out.read_text(encoding="utf-8"))["details"].values()}
    assert "中华人民共和国行政处罚法" in names


@pytest.mark.parametrize("option", [["--kind", "person"], ["--relation", "likes"], ["--status", "maybe"], ["--report", "nope"]])
def test_kg_view_rejects_unknown_filters(graph: Graph, tmp_path, option: list[str]) -> None:
    graph.serialize(tmp_path / "graph.ttl", format="turtle")
    result = _view(str(tmp_path), "--no-open", "-o", str(tmp_path / "view.html"), *option)
    assert result.exit_code == 2 and not (tmp_path / "view.html").exists()


def test_large_graphs_draw_lighter(graph: Graph, monkeypatch) -> None:
    assert _data(render_html(graph))["options"]["interaction"]["hover"] is True
    monkeypatch.setattr("kg.viewing.LARGE_EDGES", 2)  # the small graph has 3 relation edges
    data = _data(render_html(graph))
    assert data["options"]["interaction"]["hover"] is False and data["options"]["nodes"]["borderWidth"] == 0
    assert not any("label" in edge for edge in data["edges"])


def test_an_empty_graph_renders() -> None:
    data = _data(render_html(Graph()))
    assert data["nodes"] == data["edges"] == data["reports"] == []
