"""SPARQL over the built sample graph: the store, the named queries and ``kg query``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.pipeline import build
from kg.resources import sample_report
from kg.store import QueryError, Store, describe, named_queries, named_query, serialize_results, with_prefixes

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
def exports(tmp_path_factory) -> Path:
    """The exports folder of the bundled sample, built once."""
    out = tmp_path_factory.mktemp("exports")
    build([sample_report()], out)
    return out


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
    assert ("伊犁哈萨克自治州党委理论学习中心组", "中华人民共和国反外国制裁法") in rows
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
    total = store.query("SELECT (COUNT(?a) AS ?n) WHERE { ?a a kg:Assertion }").rows[0][0]
    assert len(rows) == total
    studied = [r for r in rows if r["tail"] == "中华人民共和国反外国制裁法"]
    assert studied and studied[0]["relation"] == "studied"
    assert all(r["trigger"] in r["sentence"] for r in rows if r["trigger"])
    assert sum("反外国制裁法" in r["sentence"] for r in studied) == len(studied)


def test_serialize_formats(store: Store):
    result = store.query(named_query("planned-vs-done-by-year"))
    assert serialize_results(result, "csv").splitlines()[0] == "year,status,assertions,reports"
    assert serialize_results(result, "tsv").splitlines()[0] == "?year\t?status\t?assertions\t?reports"
    assert len(json.loads(serialize_results(result, "json"))["results"]["bindings"]) == 2
    assert serialize_results(result, "table").splitlines()[0].split() == ["?year", "?status", "?assertions", "?reports"]


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
