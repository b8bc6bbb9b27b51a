"""Pushing: the built graph sent to a triple store with the SPARQL 1.1 Graph Store HTTP Protocol.

One request per graph of the exports: each report's named graph (``?graph=<report IRI>``) and
the entity layer shared by the reports in the default graph (``?default``), as Turtle.
``replace`` PUTs, so the store's copy of each of these graphs becomes this build's; ``add``
POSTs, so the triples are merged into what the store holds. Graphs the build does not contain
are left alone. Endpoints: Oxigraph ``…/store``, Fuseki ``…/DATASET/data``, GraphDB
``…/repositories/REPO/rdf-graphs/service``.

    >>> push(Path("exports"), "http://127.0.0.1:7878/store")     # doctest: +SKIP
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

import pyoxigraph as ox

from kg.store import graph_file, rdf_format

__all__ = ["PushError", "Pushed", "graph_url", "push", "read_graphs"]

TURTLE = "text/turtle"
TIMEOUT = 120.0


class PushError(RuntimeError):
    """The store could not be reached or refused a graph; the message names the URL and the answer."""


@dataclass(frozen=True)
class Pushed:
    """One graph sent: its IRI (None for the default graph), size, HTTP method and status."""

    graph: str | None
    triples: int
    method: str
    status: int


def read_graphs(data: Path) -> dict[str | None, list[ox.Triple]]:
    """Return the triples of each graph in ``data`` (exports folder or graph file); None is the default graph."""
    source = graph_file(data)
    graphs: dict[str | None, list[ox.Triple]] = {}
    try:
        for quad in ox.parse(path=str(source), format=rdf_format(source)):
            name = None if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
            graphs.setdefault(name, []).append(quad.triple)
    except SyntaxError as error:
        raise PushError(f"{source}: {error}") from None
    return dict(sorted(graphs.items(), key=lambda item: item[0] or ""))


def graph_url(endpoint: str, graph: str | None) -> str:
    """Return the Graph Store URL of ``graph`` (``?default`` for None) at ``endpoint``."""
    separator = "&" if "?" in endpoint else "?"
    return f"{endpoint}{separator}{'default' if graph is None else 'graph=' + quote(graph, safe='')}"


def _check_endpoint(endpoint: str) -> None:
    """Raise PushError unless ``endpoint`` is an http(s) URL."""
    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise PushError(f"{endpoint}: not an http(s) URL of a Graph Store endpoint")


def _send(url: str, method: str, body: bytes, timeout: float) -> int:
    """Send one Turtle graph; return the HTTP status or raise PushError with the store's answer."""
    request = urllib.request.Request(url, data=body, method=method, headers={"Content-Type": TURTLE})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        answer = " ".join(error.read().decode("utf-8", "replace").split())[:300]
        raise PushError(f"{method} {url}: HTTP {error.code} {error.reason}: {answer}") from None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise PushError(f"cannot reach {url}: {reason}") from None


def push(
    data: Path,
    endpoint: str,
    replace: bool = True,
    timeout: float = TIMEOUT,
    progress: Callable[[Pushed], None] | None = None,
) -> list[Pushed]:
    """Send every graph of ``data`` to the Graph Store ``endpoint`` (PUT to replace, POST to add)."""
    _check_endpoint(endpoint)
    method = "PUT" if replace else "POST"
    sent = []
    for graph, triples in read_graphs(data).items():
        body = ox.serialize(triples, format=ox.RdfFormat.TURTLE)
        status = _send(graph_url(endpoint, graph), method, body, timeout)
        sent.append(Pushed(graph, len(triples), method, status))
        if progress is not None:
            progress(sent[-1])
    return sent
