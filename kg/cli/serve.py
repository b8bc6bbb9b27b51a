"""``kg serve [--data PATH] [--port N] [--host H] [--writable]``: a SPARQL endpoint over the built graph."""

from __future__ import annotations

import ipaddress
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer

from kg.cli._util import app, fail, info
from kg.serving import LOOPBACK, ServeError, serve as serve_graph


@contextmanager
def _stop_on_signals() -> Iterator[None]:
    """While serving, make Ctrl-C and SIGTERM raise KeyboardInterrupt, so the server and its copy are cleaned up."""
    numbers = (signal.SIGINT, signal.SIGTERM)
    previous = [signal.signal(number, signal.default_int_handler) for number in numbers]
    try:
        yield
    finally:
        for number, handler in zip(numbers, previous):
            signal.signal(number, handler)


def _is_loopback(host: str) -> bool:
    """Tell whether ``host`` is a loopback address or ``localhost``."""
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@app.command()
def serve(
    data: Path = typer.Option(Path("exports"), "--data", "-d", help="A graph file (.nq, .trig, .ttl), or the folder `kg build` wrote."),
    port: int = typer.Option(7878, "--port", "-p", help="TCP port (0 picks a free one)."),
    host: str = typer.Option(LOOPBACK, "--host", help="Address to listen on (loopback by default)."),
    writable: bool = typer.Option(False, "--writable", help="Accept SPARQL Update and Graph Store writes (to a temporary copy)."),
) -> None:
    """Serve the graph as a SPARQL 1.1 endpoint (Oxigraph) with a query page at its root; Ctrl-C stops it."""
    if not _is_loopback(host):
        info(f"warning: {host} is not a loopback address; the endpoint is reachable from other machines")
    try:
        with _stop_on_signals(), serve_graph(data, host=host, port=port, writable=writable) as server:
            mode = "read-write (temporary copy)" if writable else "read-only"
            info(f"serving {server.data} {mode}; Ctrl-C stops")
            typer.echo(f"{server.url}/")
            typer.echo(f"SPARQL query endpoint: {server.query_url}")
            typer.echo(f"graph store endpoint:  {server.store_url}")
            code = server.wait()
    except (FileNotFoundError, ValueError, ServeError) as error:  # a QueryError is a ValueError
        raise fail(str(error)) from None
    except KeyboardInterrupt:
        return
    if code not in (0, None, -15):
        raise fail(f"the server exited with code {code}")
