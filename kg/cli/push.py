"""``kg push URL [--data PATH] [--replace|--add]``: send the graph to a triple store (Graph Store Protocol)."""

from __future__ import annotations

from pathlib import Path

import typer

from kg.cli._util import app, fail, info
from kg.pushing import PushError, Pushed, push as push_graphs


def _report(pushed: Pushed) -> None:
    """Print one line per graph sent."""
    name = "default graph" if pushed.graph is None else f"<{pushed.graph}>"
    info(f"{pushed.method} {name}: {pushed.triples} triples (HTTP {pushed.status})")


@app.command()
def push(
    url: str = typer.Argument(..., help="Graph Store endpoint, e.g. http://127.0.0.1:7878/store (Oxigraph), http://host:3030/ds/data (Fuseki)."),
    data: Path = typer.Option(Path("exports"), "--data", "-d", help="A graph file (.nq, .trig, .ttl), or the folder `kg build` wrote."),
    replace: bool = typer.Option(False, "--replace", help="Replace each report's graph and the default graph in the store (PUT; the default)."),
    add: bool = typer.Option(False, "--add", help="Add the triples to what the store holds (POST)."),
) -> None:
    """Send the graph to a triple store, one named graph per report (SPARQL 1.1 Graph Store HTTP Protocol)."""
    if replace and add:
        raise fail("give --replace or --add, not both", 2)
    try:
        sent = push_graphs(data, url, replace=not add, progress=_report)
    except (FileNotFoundError, ValueError, PushError) as error:  # a QueryError is a ValueError
        raise fail(str(error)) from None
    reports = sum(pushed.graph is not None for pushed in sent)
    info(f"pushed {sum(p.triples for p in sent)} triples in {len(sent)} graphs ({reports} reports) to {url}")
