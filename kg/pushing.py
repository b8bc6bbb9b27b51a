"""Pushing: the built graph sent to a triple store with the SPARQL 1.1 Graph Store HTTP Protocol.

One request per graph of the exports: each report's named graph (``?graph=<report IRI>``) and
the entity layer shared by the reports in the default graph (``?default``), as Turtle.
``replace`` PUTs, so the store's copy of each of these graphs becomes this build's; ``add``
POSTs, so the triples are merged into what the store holds. Graphs the build does not contain
are left alone. Endpoints: Oxigraph ``…/store``, Fuseki ``…/DATASET/data``, GraphDB
``…/repositories/REPO/rdf-graphs/service``.

A store that asks for credentials gets an ``Authorization`` header on every request:
``authorization(user=…, password_env=…)`` for HTTP basic auth or ``authorization(token_env=…)``
for a bearer token, both read from environment variables so that no secret is ever on a
command line. The header is not passed on to a redirect's target.

    >>> push(Path("exports"), "http://127.0.0.1:7878/store")     # doctest: +SKIP
    >>> push(Path("exports"), "https://host/ds/data", authorization=authorization(token_env="KG_TOKEN"))  # doctest: +SKIP
"""

from __future__ import annotations

import base64
import ipaddress
import os
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

import pyoxigraph as ox

from kg.store import graph_file, rdf_format

__all__ = ["PASSWORD_ENV", "PushError", "Pushed", "authorization", "graph_url", "in_clear", "push", "read_graphs"]

TURTLE = "text/turtle"
TIMEOUT = 120.0
PASSWORD_ENV = "KG_PUSH_PASSWORD"  # where the password of basic auth is read by default


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


def in_clear(endpoint: str) -> bool:
    """Return whether requests to ``endpoint`` travel unencrypted beyond this machine (http:// to a host not on loopback)."""
    parts = urlsplit(endpoint)
    if parts.scheme != "http" or parts.hostname == "localhost":
        return False
    try:
        return not ipaddress.ip_address(parts.hostname or "").is_loopback
    except ValueError:  # a host name
        return True


def _secret(name: str, what: str, environ: Mapping[str, str]) -> str:
    """Return the non-empty value of the environment variable ``name``; raise PushError naming it (never its value)."""
    value = environ.get(name, "")
    if not value:
        raise PushError(f"the environment variable {name} (the {what}) is not set or empty")
    return value


def authorization(
    user: str | None = None,
    password_env: str = PASSWORD_ENV,
    token_env: str | None = None,
    environ: Mapping[str, str] = os.environ,
) -> str | None:
    """Return the ``Authorization`` header value: basic for ``user`` (password from ``password_env``),
    bearer (token from ``token_env``), or None for neither; raise PushError for both or an unset variable."""
    if user is not None and token_env is not None:
        raise PushError("give a user (basic auth) or a token (bearer), not both")
    if token_env is not None:
        return "Bearer " + _secret(token_env, "bearer token", environ)
    if user is None:
        return None
    if not user or ":" in user:
        raise PushError(f"{user!r}: not a user name for basic auth (empty or with a colon)")
    credentials = f"{user}:{_secret(password_env, f'password of {user}', environ)}"
    return "Basic " + base64.b64encode(credentials.encode("utf-8")).decode("ascii")


def _send(url: str, method: str, body: bytes, timeout: float, authorization: str | None = None) -> int:
    """Send one Turtle graph; return the HTTP status or raise PushError with the store's answer."""
    request = urllib.request.Request(url, data=body, method=method, headers={"Content-Type": TURTLE})
    if authorization is not None:  # not copied into a redirected request, so never sent to another host
        request.add_unredirected_header("Authorization", authorization)
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
    authorization: str | None = None,
) -> list[Pushed]:
    """Send every graph of ``data`` to the Graph Store ``endpoint`` (PUT to replace, POST to add),
    with ``authorization`` (see :func:`authorization`) as the Authorization header of each request."""
    _check_endpoint(endpoint)
    method = "PUT" if replace else "POST"
    sent = []
    for graph, triples in read_graphs(data).items():
        body = ox.serialize(triples, format=ox.RdfFormat.TURTLE)
        status = _send(graph_url(endpoint, graph), method, body, timeout, authorization)
        sent.append(Pushed(graph, len(triples), method, status))
        if progress is not None:
            progress(sent[-1])
    return sent
