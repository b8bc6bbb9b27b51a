"""Writing the exports, all or nothing."""

from __future__ import annotations

import csv
import json

import pytest
from .graph_samples import report_extraction, second_extraction
from rdflib import Graph

from kg import exporting
from kg.exporting import write_exports
from kg.graphing import build_graph

EXPORTS = {"graph.ttl", "graph.trig", "graph.nq", "graph.jsonld", "nodes.csv", "edges.csv"}


@pytest.fixture
def graph() -> Graph:
    return build_graph([report_extraction(), second_extraction()])


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_writes_every_file(graph, tmp_path):
    paths = write_exports(graph, tmp_path / "out", html="<html></html>")
    assert {path.name for path in paths} == EXPORTS | {"graph.html"}
    assert {path.name for path in (tmp_path / "out").iterdir()} == EXPORTS | {"graph.html"}
    triples = set(graph)
    assert set(Graph().parse(tmp_path / "out" / "graph.ttl")) == triples
    assert set(Graph().parse(tmp_path / "out" / "graph.jsonld", format="json-ld")) == triples
    assert "@context" in json.loads((tmp_path / "out" / "graph.jsonld").read_text(encoding="utf-8"))
    with (tmp_path / "out" / "nodes.csv").open(encoding="utf-8", newline="") as stream:
        nodes = list(csv.DictReader(stream))
    assert {row["label"] for row in nodes} >= {"中华人民共和国行政处罚法", "伊犁哈萨克自治州"}
    with (tmp_path / "out" / "edges.csv").open(encoding="utf-8", newline="") as stream:
        assert {row["relation"] for row in csv.DictReader(stream)} >= {"implements", "issued", "studied"}


def test_html_is_optional(graph, tmp_path):
    assert {path.name for path in write_exports(graph, tmp_path)} == EXPORTS


def test_exports_are_byte_identical_across_builds(graph, tmp_path):
    first = {path.name: path.read_bytes() for path in write_exports(graph, tmp_path / "a")}
    again = build_graph([report_extraction(), second_extraction()])
    second = {path.name: path.read_bytes() for path in write_exports(again, tmp_path / "b")}
    assert first == second


def test_failing_renderer_leaves_previous_exports(graph, tmp_path, monkeypatch):
    (tmp_path / "graph.ttl").write_text("previous", encoding="utf-8")

    def fail(*_):
        raise RuntimeError("renderer failed")

    monkeypatch.setattr(exporting, "serialize_csv", fail)
    with pytest.raises(RuntimeError):
        write_exports(graph, tmp_path)
    assert (tmp_path / "graph.ttl").read_text(encoding="utf-8") == "previous"
    assert [path.name for path in tmp_path.iterdir()] == ["graph.ttl"]


def test_failing_move_removes_temporaries(graph, tmp_path, monkeypatch):
    (tmp_path / "graph.ttl").write_text("previous", encoding="utf-8")

    def fail(*_):
        raise OSError("disk full")

    monkeypatch.setattr(exporting.os, "replace", fail)
    with pytest.raises(OSError):
        write_exports(graph, tmp_path)
    assert (tmp_path / "graph.ttl").read_text(encoding="utf-8") == "previous"
    assert [path.name for path in tmp_path.iterdir()] == ["graph.ttl"]


def test_triples_and_graph_give_the_same_exports(graph, tmp_path):
    from kg.graphing import build_triples

    triples = build_triples([report_extraction(), second_extraction()])
    from_graph = {path.name: path.read_bytes() for path in write_exports(graph, tmp_path / "graph", html="<html></html>")}
    from_triples = {path.name: path.read_bytes() for path in write_exports(triples, tmp_path / "triples", html=lambda: "<html></html>")}
    assert from_graph == from_triples


def test_jsonld_is_what_rdflib_writes(graph):
    from kg.namespaces import PREFIXES

    context = {prefix: str(namespace) for prefix, namespace in graph.namespaces() if prefix in PREFIXES}
    expected = json.dumps(exporting._sorted_json(json.loads(graph.serialize(format="json-ld", context=context))), ensure_ascii=False, indent=2)
    assert exporting.serialize_jsonld(graph).decode("utf-8") == expected


def test_nquads_are_what_oxigraph_writes(graph):
    import pyoxigraph as ox

    quads = [
        ox.Quad(*map(exporting._oxigraph_term, triple), ox.DefaultGraph() if name is None else ox.NamedNode(str(name)))
        for name, triples in exporting.partition_graph(graph).items()
        for triple in triples
    ]
    assert exporting.serialize_nquads(graph) == ox.serialize(quads, format=ox.RdfFormat.N_QUADS)


def test_parallel_rendering_writes_the_same_bytes(graph, tmp_path):
    one = {path.name: path.read_bytes() for path in write_exports(graph, tmp_path / "one", html=lambda: "<html></html>")}
    timings = {}
    two = {path.name: path.read_bytes() for path in write_exports(graph, tmp_path / "two", html=lambda: "<html></html>", jobs=2, timings=timings)}
    assert one == two and set(timings) == EXPORTS | {"graph.html"}


def test_failing_parallel_renderer_leaves_previous_exports(graph, tmp_path, monkeypatch):
    (tmp_path / "graph.ttl").write_text("previous", encoding="utf-8")

    def fail():
        raise RuntimeError("viewer failed")

    with pytest.raises(RuntimeError):
        write_exports(graph, tmp_path, html=fail, jobs=3)
    assert (tmp_path / "graph.ttl").read_text(encoding="utf-8") == "previous"
    assert [path.name for path in tmp_path.iterdir()] == ["graph.ttl"]
