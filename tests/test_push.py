"""``kg push``: the graph sent to a real Oxigraph server on loopback with the Graph Store Protocol, and queried back."""

from __future__ import annotations

import json
import subprocess
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.pushing import PushError, graph_url, push, read_graphs
from kg.serving import free_port, oxigraph_command, wait_until_ready
from kg.store import Store, named_query, with_prefixes


REPORT = "https://w3id.org/cngov-kg/id/report/ili-2021"
runner = CliRunner()


@pytest.fixture
def oxigraph(tmp_path: Path) -> Iterator[str]:
    """A fresh, empty, writable Oxigraph server (in memory) on a free loopback port; yields its base URL."""
    url = f"http://127.0.0.1:{free_port()}"
    log = tmp_path / "oxigraph.log"
    with log.open("wb") as stream:
        process = subprocess.Popen([str(oxigraph_command()), "serve", "--bind", url.removeprefix("http://")], stdout=stream, stderr=stream)
    try:
        wait_until_ready(url, process, log)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def select(url: str, sparql: str, union: bool = False) -> list[tuple]:
    """Run a query on the server; return the rows as tuples of strings."""
    params = {"query": with_prefixes(sparql), **({"union-default-graph": ""} if union else {})}
    request = urllib.request.Request(f"{url}/query?{urllib.parse.urlencode(params)}", headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        results = json.loads(response.read())
    return [tuple(b.get(v, {}).get("value") for v in results["head"]["vars"]) for b in results["results"]["bindings"]]


def graph_sizes(url: str) -> dict[str | None, int]:
    """Return the number of triples of each graph on the server (None: the default graph)."""
    named = {g: int(n) for g, n in select(url, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")}
    return {None: int(select(url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0][0]), **named}


def test_graph_urls():
    assert graph_url("http://h/store", None) == "http://h/store?default"
    assert graph_url("http://h/store", REPORT) == "http://h/store?graph=https%3A%2F%2Fw3id.org%2Fcngov-kg%2Fid%2Freport%2Fili-2021"
    assert graph_url("http://h/rdf-graphs/service?x=1", None) == "http://h/rdf-graphs/service?x=1&default"


def test_push_then_query_back(oxigraph: str, exports: Path):
    graphs = read_graphs(exports)
    sent = push(exports, oxigraph + "/store")
    assert [(p.graph, p.triples, p.method) for p in sent] == [(g, len(t), "PUT") for g, t in graphs.items()]
    assert [p.graph for p in sent] == [None, REPORT] and {p.status for p in sent} <= {201, 204}
    assert graph_sizes(oxigraph) == {g: len(t) for g, t in graphs.items()}
    store = Store.from_path(exports)
    assert sum(graph_sizes(oxigraph).values()) == len(store)
    for name in ("studied-by-body", "most-cited-statutes"):
        expected = [tuple(None if v is None else str(v) for v in row) for row in store.query(named_query(name)).rows]
        assert select(oxigraph, named_query(name), union=True) == expected, name


def test_replace_and_add(oxigraph: str, exports: Path, tmp_path: Path):
    push(exports, oxigraph + "/store")
    sizes = graph_sizes(oxigraph)
    smaller = tmp_path / "graph.nq"
    extra = f'<urn:x> <urn:y> "only in the new version" <{REPORT}> .\n'
    smaller.write_text(extra, encoding="utf-8")
    push(smaller, oxigraph + "/store", replace=False)
    assert graph_sizes(oxigraph) == {**sizes, REPORT: sizes[REPORT] + 1}
    push(smaller, oxigraph + "/store", replace=True)
    assert graph_sizes(oxigraph) == {None: sizes[None], REPORT: 1}  # the default graph was not in the file: untouched
    assert select(oxigraph, f"SELECT ?o WHERE {{ GRAPH <{REPORT}> {{ <urn:x> ?p ?o }} }}") == [("only in the new version",)]


def test_cli_push(oxigraph: str, exports: Path):
    result = runner.invoke(app, ["push", oxigraph + "/store", "--data", str(exports), "--add"])
    assert result.exit_code == 0, result.output
    assert f"POST <{REPORT}>" in result.output and "POST default graph" in result.output
    assert "in 2 graphs (1 reports)" in result.output
    assert graph_sizes(oxigraph)[REPORT] == len(read_graphs(exports)[REPORT])


def test_cli_errors(oxigraph: str, exports: Path, tmp_path: Path):
    both = runner.invoke(app, ["push", oxigraph + "/store", "--data", str(exports), "--replace", "--add"])
    assert both.exit_code == 2 and "not both" in both.output
    refused = runner.invoke(app, ["push", oxigraph + "/nowhere", "--data", str(exports)])
    assert refused.exit_code == 1 and "HTTP 404" in refused.output and "Traceback" not in refused.output
    closed = f"http://127.0.0.1:{free_port()}/store"
    unreachable = runner.invoke(app, ["push", closed, "--data", str(exports)])
    assert unreachable.exit_code == 1 and f"cannot reach {closed}?default" in unreachable.output
    not_http = runner.invoke(app, ["push", "ftp://example/store", "--data", str(exports)])
    assert not_http.exit_code == 1 and "not an http(s) URL" in not_http.output
    missing = runner.invoke(app, ["push", oxigraph + "/store", "--data", str(tmp_path / "nope")])
    assert missing.exit_code == 1 and "no graph at" in missing.output


def test_broken_file_names_the_file(tmp_path: Path):
    path = tmp_path / "graph.nq"
    path.write_text("<urn:a> <urn:b> .\n", encoding="utf-8")
    with pytest.raises(PushError, match=r"graph.nq: Parser error at line 1"):
        read_graphs(path)
