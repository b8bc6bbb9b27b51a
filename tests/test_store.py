"""SPARQL over the built sample graph: the store, the named queries and ``kg query``."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.store import QueryError, Store, default_prefixes, describe, named_queries, named_query, serialize_results, with_prefixes


NAMES = {
    "bodies-implementing-statute",
    "studied-by-body",
    "supervision-chain",
    "documents-implementing-documents",
    "most-cited-statutes",
    "programmes-per-jurisdiction",
    "planned-vs-done-by-year",
    "evidence-of-edge",
}
runner = CliRunner()


@pytest.fixture(scope="module")
def store(exports: Path) -> Store:
    return Store.from_path(exports)


def run(store: Store, name: str) -> list[dict]:
    return store.query(named_query(name)).dicts()


def test_named_queries_are_bundled_and_described():
    queries = named_queries()
    assert set(queries) == NAMES
    for path in queries.values():
        assert path.read_text(encoding="utf-8").startswith("# ")
        assert describe(path)


def test_load_accepts_folder_or_file(exports: Path, store: Store):
    assert len(Store.from_path(exports / "graph.ttl")) == len(store) > 1000


def test_missing_graph_is_a_clear_error(tmp_path: Path):
    with pytest.raises(FileNotFoundError, match="no graph"):
        Store.from_path(tmp_path)


def test_prefixes_are_predeclared_and_own_prefixes_win(store: Store):
    assert store.query("SELECT (COUNT(*) AS ?n) WHERE { ?r a kg:Report }").rows == ((1,),)
    text = with_prefixes("PREFIX kg: <urn:x#>\nSELECT * {}")
    assert text.count("PREFIX kg:") == 1 and "PREFIX skos:" in text
    assert store.query("PREFIX kg: <urn:x#> ASK { ?r a kg:Report }").rows == ((False,),)


def test_bad_sparql_raises_with_position(store: Store):
    with pytest.raises(QueryError, match=r"1:\d+"):
        store.query("SELECT ?x WHERE { ?x kg:studied }")


def test_studied_by_body(store: Store):
    rows = {(r["body"], r["studied"]) for r in run(store, "studied-by-body")}
    # 州党委理论学习中心组深入学习《中华人民共和国反外国制裁法》: the actor is the group or, failing it, the author.
    assert {body for body, studied in rows if studied == "中华人民共和国反外国制裁法"} & {
        "伊犁哈萨克自治州党委理论学习中心组", "伊犁哈萨克自治州人民政府"
    }
    assert ("伊犁哈萨克自治州人民政府", "习近平法治思想") in rows


def test_bodies_implementing_statute(store: Store):
    rows = run(store, "bodies-implementing-statute")
    assert {"body": "伊犁哈萨克自治州人民政府", "statute_label": "重大行政决策程序暂行条例", "report": "ili-2021", "status": "done"} in rows
    assert {r["status"] for r in rows} == {"done", "planned"}
    narrowed = named_query("bodies-implementing-statute").replace('VALUES ?statute { "" }', 'VALUES ?statute { "政府信息" }')
    assert store.query(narrowed).column("statute_label") == ["中华人民共和国政府信息公开条例"]


def test_supervision_chain(store: Store):
    rows = run(store, "supervision-chain")
    assert ("伊犁哈萨克自治州人民政府", "法治政府建设", True) in {(r["supervisor"], r["supervised"], r["direct"]) for r in rows}


def test_documents_implementing_documents_is_transitive(store: Store):
    rows = run(store, "documents-implementing-documents")
    transitive = [r for r in rows if not r["direct"]]
    assert transitive and all(r["implements_kind"] in {"Policy", "Statute"} for r in rows)
    assert any(r["implements"] == "<法治中国建设规划(2020-2025)>" for r in transitive)


def test_most_cited_statutes(store: Store):
    rows = run(store, "most-cited-statutes")
    assert rows[0]["statute"] == "中华人民共和国反恐怖主义法"
    assert rows[0]["mentions"] == 3 and rows[0]["reports"] == 1
    counts = [r["mentions"] for r in rows]
    assert counts == sorted(counts, reverse=True)


def test_programmes_per_jurisdiction(store: Store):
    (row,) = run(store, "programmes-per-jurisdiction")
    assert row["jurisdiction"] == "伊犁哈萨克自治州" and row["programmes"] > 50
    assert "法治政府建设" in row["names"].split("、")


def test_planned_vs_done_by_year(store: Store):
    rows = {(r["year"], r["status"]): r["assertions"] for r in run(store, "planned-vs-done-by-year")}
    assert set(rows) == {(2021, "done"), (2021, "planned")}
    assert rows[2021, "done"] > rows[2021, "planned"] > 0


def test_evidence_of_edge(store: Store):
    rows = run(store, "evidence-of-edge")
    assert {(r["head"], r["relation"], r["tail"], r["report"]) for r in rows} == {
        ("伊犁哈萨克自治州人民政府", "studied", "习近平法治思想", "ili-2021")
    }
    assert len(rows) >= 2 and all(r["trigger"] in r["sentence"] and "习近平法治思想" in r["sentence"] for r in rows)
    assert "二是深入学习贯彻习近平法治思想。" in {r["sentence"] for r in rows}
    every_edge = named_query("evidence-of-edge").replace(
        '("伊犁哈萨克自治州人民政府"@zh kg:studied "习近平法治思想"@zh)', "(UNDEF UNDEF UNDEF)"
    )
    total = store.query("SELECT (COUNT(?a) AS ?n) WHERE { ?a a kg:Assertion }").rows[0][0]
    assert len(store.query(every_edge)) == total


def test_serialize_formats(store: Store):
    result = store.query(named_query("planned-vs-done-by-year"))
    assert serialize_results(result, "csv").splitlines()[0] == "year,status,assertions,reports"
    assert serialize_results(result, "tsv").splitlines()[0] == "?year\t?status\t?assertions\t?reports"
    assert len(json.loads(serialize_results(result, "json"))["results"]["bindings"]) == 2
    assert serialize_results(result, "table").splitlines()[0].split() == ["?year", "?status", "?assertions", "?reports"]


def test_json_results_match_oxigraphs_own(store: Store):
    """``QueryResult.raw`` is made from the terms, lazily: it must say what Oxigraph's own JSON says."""
    every_kind = """SELECT ?iri ?text ?zh ?n ?bool ?date ?blank ?unbound WHERE {
      ?r a kg:Report ; dcterms:title ?zh ; dcterms:date ?date .
      BIND(IRI(STR(?r)) AS ?iri) BIND(STR(?zh) AS ?text) BIND(42 AS ?n) BIND(true AS ?bool) BIND(BNODE("b") AS ?blank)
    }"""
    queries = [every_kind, "ASK { ?r a kg:Report }", *map(named_query, sorted(NAMES))]
    for sparql in queries:
        ours = json.loads(store.query(sparql).raw)
        theirs = store._store.query(sparql, prefixes=default_prefixes(), use_default_graph_as_union=True)
        expected = json.loads(theirs.serialize(format=ox.QueryResultsFormat.JSON))
        if "results" in expected:  # blank node labels are the store's: compare them by position only
            for row in ours["results"]["bindings"] + expected["results"]["bindings"]:
                row.get("blank", {}).pop("value", None)
        assert ours == expected, sparql[:60]
    row = store.query(every_kind).dicts()[0]
    assert row["n"] == 42 and row["bool"] is True and row["date"] == "2021-12-24" and row["blank"].startswith("_:")
    assert row["unbound"] is None and row["zh"] == row["text"] == "伊犁州2021年度法治政府建设情况报告"


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json"])
def test_cli_formats(exports: Path, fmt: str):
    result = runner.invoke(app, ["query", "--name", "studied-by-body", "--data", str(exports), "--format", fmt])
    assert result.exit_code == 0, result.output
    if fmt == "json":
        data = json.loads(result.stdout)
        assert data["head"]["vars"] == ["body", "studied", "kind", "report"] and data["results"]["bindings"]
    elif fmt == "csv":
        assert result.stdout.splitlines()[0] == "body,studied,kind,report"
    else:
        assert "?body" in result.stdout.splitlines()[0]
    assert "中华人民共和国反外国制裁法" in result.stdout


def test_cli_inline_query_and_rq_file(exports: Path, tmp_path: Path):
    inline = runner.invoke(app, ["query", "SELECT ?t WHERE { ?r a kg:Report ; dcterms:title ?t }", "--data", str(exports)])
    assert inline.exit_code == 0 and "伊犁州2021年度法治政府建设情况报告" in inline.stdout
    path = tmp_path / "q.rq"
    path.write_text("# years\nSELECT ?d WHERE { ?r dcterms:date ?d }\n", encoding="utf-8")
    from_file = runner.invoke(app, ["query", str(path), "--data", str(exports), "-f", "csv"])
    assert from_file.exit_code == 0 and from_file.stdout.splitlines() == ["d", "2021-12-24"]


def test_cli_list():
    result = runner.invoke(app, ["query", "--list"])
    assert result.exit_code == 0
    assert {line.split()[0] for line in result.stdout.splitlines()} == NAMES


def test_cli_bad_sparql(exports: Path):
    result = runner.invoke(app, ["query", "SELECT ?x WHERE { ?x kg:studied }", "--data", str(exports)])
    assert result.exit_code == 2
    assert result.output.count("error:") == 1 and "1:" in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_cli_missing_data(tmp_path: Path):
    result = runner.invoke(app, ["query", "--name", "studied-by-body", "--data", str(tmp_path / "nope")])
    assert result.exit_code == 1 and "error: no graph at" in result.output and "Traceback" not in result.output


# -- TriG and N-Quads: one named graph per report ------------------------------------------

REPORT = "https://w3id.org/cngov-kg/id/report/ili-2021"


def quads(path: Path) -> set[ox.Quad]:
    return set(ox.parse(path=str(path), format=ox.RdfFormat.from_extension(path.suffix[1:])))


def test_trig_and_nquads_hold_the_turtle_triples_once_each(exports: Path):
    triples = {quad.triple for quad in ox.parse(path=str(exports / "graph.ttl"), format=ox.RdfFormat.TURTLE)}
    for name in ("graph.trig", "graph.nq"):
        dataset = quads(exports / name)
        assert len(dataset) == len(triples)
        assert {quad.triple for quad in dataset} == triples
    assert quads(exports / "graph.trig") == quads(exports / "graph.nq")


def test_each_report_has_its_named_graph_and_the_entity_layer_is_default(exports: Path):
    dataset = quads(exports / "graph.nq")
    graphs = {quad.graph_name for quad in dataset}
    assert graphs == {ox.DefaultGraph(), ox.NamedNode(REPORT)}
    for quad in dataset:
        bound = quad.subject.value == REPORT or quad.subject.value.startswith((REPORT + "/", REPORT + "#"))
        assert bound == (quad.graph_name == ox.NamedNode(REPORT)), quad
    labels = {q.object.value for q in dataset if q.predicate.value.endswith("#prefLabel") and q.graph_name == ox.DefaultGraph()}
    assert {"伊犁哈萨克自治州人民政府", "伊犁哈萨克自治州", "习近平法治思想"} <= labels


def test_two_reports_two_graphs_byte_identical(tmp_path: Path):
    from kg.exporting import serialize_nquads, serialize_trig
    from kg.graphing import build_graph

    from .graph_samples import report_extraction, second_extraction

    first = build_graph([report_extraction(), second_extraction()])
    again = build_graph([second_extraction(), report_extraction()])
    assert serialize_trig(first) == serialize_trig(again) and serialize_nquads(first) == serialize_nquads(again)
    names = {q.graph_name for q in ox.parse(serialize_nquads(first), format=ox.RdfFormat.N_QUADS)}
    assert {n.value for n in names if isinstance(n, ox.NamedNode)} == {
        f"https://w3id.org/cngov-kg/id/report/{doc}" for doc in (report_extraction().document.id, second_extraction().document.id)
    }
    trig = serialize_trig(first).decode("utf-8")
    assert trig.startswith("@prefix dcterms: <http://purl.org/dc/terms/> .\n") and trig.count(" {\n") == 2
    order = [q.graph_name for q in ox.parse(serialize_nquads(first), format=ox.RdfFormat.N_QUADS)]
    runs = [name for i, name in enumerate(order) if i == 0 or order[i - 1] != name]
    assert runs[0] == ox.DefaultGraph() and len(runs) == 3  # the default graph first, then each report once


@pytest.mark.parametrize("name", ["graph.nq", "graph.trig", "graph.ttl"])
def test_store_loads_every_export(exports: Path, store: Store, name: str):
    loaded = Store.from_path(exports / name)
    assert len(loaded) == len(store) and loaded.graphs() == [REPORT]  # Turtle is split by report as well
    per_graph = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    assert loaded.query(per_graph).rows == store.query(per_graph).rows
    assert loaded.query(named_query("planned-vs-done-by-year")).rows == store.query(named_query("planned-vs-done-by-year")).rows


def test_folder_prefers_nquads_and_graph_queries_see_reports(exports: Path, store: Store):
    assert store.graphs() == [REPORT]
    answer = store.query("SELECT ?id WHERE { GRAPH ?g { ?g kg:documentId ?id } }")
    assert answer.rows == (("ili-2021",),)
    default_only = store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows[0][0]
    assert 0 < default_only < len(store)


def test_unknown_graph_file_is_a_clear_error(tmp_path: Path):
    path = tmp_path / "graph.txt"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(ValueError, match=r"graph.txt: not a graph file \(expected .nq, .trig, .ttl, .nt\)"):
        Store.from_path(path)
    result = runner.invoke(app, ["query", "--name", "studied-by-body", "--data", str(path)])
    assert result.exit_code == 1 and "error:" in result.output and "not a graph file" in result.output
    assert "Traceback" not in result.output


def test_broken_nquads_names_file_and_position(tmp_path: Path):
    path = tmp_path / "graph.nq"
    path.write_text("<urn:a> <urn:b> .\n", encoding="utf-8")
    result = runner.invoke(app, ["query", "ASK {}", "--data", str(tmp_path)])
    assert result.exit_code == 1 and "cannot read the graph" in result.output and "graph.nq" in result.output
    assert "line 1" in result.output and "Traceback" not in result.output
