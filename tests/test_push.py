"""``kg push``: the graph sent to a real Oxigraph server on loopback with the Graph Store Protocol, and queried back;
credentials (basic auth, bearer token) checked on a loopback server that records the requests' headers."""

from __future__ import annotations

import base64
import json
import subprocess
import threading
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.pushing import PushError, authorization, graph_url, in_clear, push, read_graphs
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


# -- credentials -----------------------------------------------------------------------------

PASSWORD = "s3cret:with colon"


class Recorder(ThreadingHTTPServer):
    """A loopback Graph Store stand-in: records each request's method, path and Authorization header;
    answers 204, or 401 when ``required`` is set and the header differs from it."""

    def __init__(self, required: str | None = None) -> None:
        super().__init__(("127.0.0.1", 0), _RecordingHandler)
        self.required = required
        self.requests: list[tuple[str, str, str | None]] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/ds/data"


class _RecordingHandler(BaseHTTPRequestHandler):
    server: Recorder

    def _answer(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        header = self.headers.get("Authorization")
        self.server.requests.append((self.command, self.path, header))
        refused = self.server.required is not None and header != self.server.required
        self.send_response(401 if refused else 204)
        if refused:
            self.send_header("WWW-Authenticate", 'Basic realm="kg"')
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_PUT = do_POST = _answer

    def log_message(self, *args) -> None:  # keep the test output quiet
        pass


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    server = Recorder()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def test_authorization_headers():
    environ = {"KG_PUSH_PASSWORD": PASSWORD, "OTHER": "pw2", "TOKEN": "t0ken"}
    assert authorization(environ=environ) is None
    assert authorization("alice", environ=environ) == basic("alice", PASSWORD)
    assert authorization("张三", password_env="OTHER", environ=environ) == basic("张三", "pw2")
    assert authorization(token_env="TOKEN", environ=environ) == "Bearer t0ken"
    with pytest.raises(PushError, match="not both"):
        authorization("alice", token_env="TOKEN", environ=environ)
    with pytest.raises(PushError, match="KG_PUSH_PASSWORD .*not set") as unset:
        authorization("alice", environ={})
    assert PASSWORD not in str(unset.value)
    with pytest.raises(PushError, match="MISSING"):
        authorization(token_env="MISSING", environ={"MISSING": ""})
    with pytest.raises(PushError, match="colon"):
        authorization("a:b", environ=environ)


def test_in_clear():
    assert in_clear("http://example.org/ds/data")
    assert not in_clear("https://example.org/ds/data")
    assert in_clear("http://10.0.0.5:3030/ds/data")
    for local in ("http://127.0.0.1:3030/ds/data", "http://127.0.0.2/x", "http://localhost/x", "http://[::1]:7878/store"):
        assert not in_clear(local), local


def test_push_sends_the_header_on_every_request(recorder: Recorder, exports: Path):
    push(exports, recorder.url, authorization="Bearer t0ken")
    assert [(method, header) for method, _, header in recorder.requests] == [("PUT", "Bearer t0ken")] * 2
    assert [path.split("?")[1] for _, path, _ in recorder.requests] == ["default", "graph=" + urllib.parse.quote(REPORT, safe="")]
    recorder.requests.clear()
    push(exports, recorder.url, replace=False)
    assert [(method, header) for method, _, header in recorder.requests] == [("POST", None)] * 2


def test_refused_credentials_are_a_clear_error_without_the_secret(recorder: Recorder, exports: Path):
    recorder.required = basic("alice", PASSWORD)
    with pytest.raises(PushError, match="HTTP 401 Unauthorized") as refused:
        push(exports, recorder.url, authorization=basic("alice", "wrong"))
    assert "wrong" not in str(refused.value) and basic("alice", "wrong") not in str(refused.value)
    assert len(push(exports, recorder.url, authorization=recorder.required)) == 2


def test_cli_basic_auth_from_the_environment(recorder: Recorder, exports: Path, monkeypatch: pytest.MonkeyPatch):
    recorder.required = basic("alice", PASSWORD)
    monkeypatch.setenv("KG_PUSH_PASSWORD", PASSWORD)
    result = runner.invoke(app, ["push", recorder.url, "--data", str(exports), "--user", "alice"])
    assert result.exit_code == 0, result.output
    assert {header for _, _, header in recorder.requests} == {recorder.required} and len(recorder.requests) == 2
    assert PASSWORD not in result.output and "warning" not in result.output  # loopback: no warning


def test_cli_token_from_the_environment(recorder: Recorder, exports: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("MY_TOKEN", "t0ken")
    result = runner.invoke(app, ["push", recorder.url, "--data", str(exports), "--token-env", "MY_TOKEN", "--add"])
    assert result.exit_code == 0, result.output
    assert [(method, header) for method, _, header in recorder.requests] == [("POST", "Bearer t0ken")] * 2


def test_cli_credential_errors(recorder: Recorder, exports: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("KG_PUSH_PASSWORD", raising=False)
    unset = runner.invoke(app, ["push", recorder.url, "--data", str(exports), "--user", "alice"])
    assert unset.exit_code == 2 and "KG_PUSH_PASSWORD" in unset.output and "Traceback" not in unset.output
    monkeypatch.setenv("T", "t0ken")
    both = runner.invoke(app, ["push", recorder.url, "--data", str(exports), "--user", "alice", "--token-env", "T"])
    assert both.exit_code == 2 and "not both" in both.output
    on_command_line = runner.invoke(app, ["push", recorder.url, "--data", str(exports), "--password", PASSWORD])
    assert on_command_line.exit_code == 2  # there is no such option
    assert recorder.requests == []  # nothing is sent before the credentials are known
    recorder.required = "Bearer right"
    refused = runner.invoke(app, ["push", recorder.url, "--data", str(exports), "--token-env", "T"])
    assert refused.exit_code == 1 and "HTTP 401" in refused.output and "t0ken" not in refused.output
    assert len(recorder.requests) == 1  # the first refusal stops the push


def test_cli_warns_of_credentials_in_clear(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv("T", "t0ken")
    # no graph to send, so nothing reaches the network: the warning comes first
    result = runner.invoke(app, ["push", "http://example.org/ds/data", "--data", str(tmp_path / "nope"), "--token-env", "T"])
    assert result.exit_code == 1 and "no graph at" in result.output
    assert "warning: http://example.org/ds/data is plain http" in result.output and "t0ken" not in result.output


def test_token_is_accepted_by_oxigraph(oxigraph: str, exports: Path):
    """A store without authentication ignores the header: the push goes through unchanged."""
    sent = push(exports, oxigraph + "/store", authorization="Bearer t0ken")
    assert graph_sizes(oxigraph) == {p.graph: p.triples for p in sent}
