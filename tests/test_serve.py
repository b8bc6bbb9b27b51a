"""``kg serve``: a real Oxigraph server on loopback over the built sample, queried over HTTP."""

from __future__ import annotations

import json
import re
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.serving import ServeError, serve
from kg.store import Store, named_query, with_prefixes


REPORT = "https://w3id.org/cngov-kg/id/report/ili-2021"
runner = CliRunner()


@pytest.fixture(scope="module")
def server(exports: Path):
    with serve(exports) as running:
        yield running


def ask(endpoint: str, sparql: str) -> dict:
    """Run a query with the SPARQL 1.1 Protocol (GET) and return the JSON results."""
    url = f"{endpoint}?{urllib.parse.urlencode({'query': sparql})}"
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def values(results: dict) -> list[tuple]:
    return [tuple(b.get(v, {}).get("value") for v in results["head"]["vars"]) for b in results["results"]["bindings"]]


def status_of(request: urllib.request.Request) -> int:
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_serves_the_whole_graph_on_loopback(server, exports: Path):
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+", server.url) and server.data == exports / "graph.nq"
    count = values(ask(server.query_url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))
    assert count == [(str(len(Store.from_path(exports))),)]
    graphs = values(ask(server.query_url, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"))
    assert graphs == [(REPORT,)]


def test_named_query_answers_as_the_store_does(server, exports: Path):
    sparql = with_prefixes(named_query("planned-vs-done-by-year"))
    expected = [tuple(str(v) for v in row) for row in Store.from_path(exports).query(sparql).rows]
    assert values(ask(server.query_url, sparql)) == expected
    title = values(ask(server.url + "/sparql", with_prefixes("SELECT ?t WHERE { ?r dcterms:title ?t }")))
    assert title == [("伊犁州2021年度法治政府建设情况报告",)]


def test_read_only_by_default(server):
    update = urllib.request.Request(
        server.url + "/update", data=b"update=" + urllib.parse.quote("INSERT DATA { <urn:a> <urn:b> <urn:c> }").encode(),
        method="POST", headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert status_of(update) == 403
    put = urllib.request.Request(server.store_url + "?default", data=b"<urn:a> <urn:b> <urn:c> .", method="PUT",
                                 headers={"Content-Type": "text/turtle"})
    assert status_of(put) == 403


def test_query_page_at_root_needs_no_network(server):
    with urllib.request.urlopen(server.url + "/", timeout=10) as response:
        page = response.read().decode("utf-8")
    assert response.headers.get_content_type() == "text/html" and "Yasgui" in page
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and not [s for s in sources if "//" in s]  # scripts and styles come from the server itself
    with urllib.request.urlopen(server.url + "/yasgui.min.js", timeout=10) as script:
        assert script.status == 200 and len(script.read()) > 100_000


def test_writable_copy_leaves_the_exports_alone(exports: Path):
    before = (exports / "graph.nq").read_bytes()
    with serve(exports, writable=True) as running:
        update = urllib.request.Request(
            running.url + "/update", data=b"INSERT DATA { <urn:a> <urn:b> <urn:c> }", method="POST",
            headers={"Content-Type": "application/sparql-update"},
        )
        assert status_of(update) == 204
        assert ask(running.query_url, "ASK { <urn:a> <urn:b> <urn:c> }")["boolean"] is True
    assert (exports / "graph.nq").read_bytes() == before


def test_port_in_use_is_a_clear_error(exports: Path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        taken_port = taken.getsockname()[1]
        with pytest.raises(ServeError, match=rf"cannot listen on 127\.0\.0\.1:{taken_port}: Address already in use"):
            with serve(exports, port=taken_port):
                pass


def test_cli_prints_url_and_stops_on_sigterm(exports: Path):
    command = [sys.executable, "-m", "kg", "serve", "--data", str(exports), "--port", "0"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        url = process.stdout.readline().strip()
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", url)
        assert process.stdout.readline().strip() == f"SPARQL query endpoint: {url}query"
        assert ask(url + "query", "ASK { ?r a <https://w3id.org/cngov-kg/ontology#Report> }")["boolean"] is True
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
    assert "read-only" in process.stderr.read()
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(url, timeout=2)


def test_cli_missing_data(tmp_path: Path):
    result = runner.invoke(app, ["serve", "--data", str(tmp_path / "nope"), "--port", "0"])
    assert result.exit_code == 1 and "error: no graph at" in result.output and "Traceback" not in result.output
