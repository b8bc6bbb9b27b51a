"""``kg query [QUERY] [--data PATH] [--format table|csv|tsv|json] [--name NAME] [--list]``: SPARQL over a built graph."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from kg.cli._util import app, fail, reading_graph
from kg.store import QueryError, Store, describe, named_queries, named_query, serialize_results


class Format(str, Enum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"


def _list_queries() -> None:
    """Print each bundled query's name and what it answers."""
    queries = named_queries()
    width = max(map(len, queries), default=0)
    for name, path in queries.items():
        typer.echo(f"{name.ljust(width)}  {describe(path)}")


def _query_text(query: str | None, name: str | None) -> str:
    """Return the SPARQL to run: a named query, a .rq file, or the inline text."""
    if query and name:
        raise fail("give either a QUERY or --name, not both", 2)
    if name:
        try:
            return named_query(name)
        except KeyError as error:
            raise fail(error.args[0], 2) from None
    if not query:
        raise fail("give a QUERY (SPARQL text or a .rq file), --name NAME or --list", 2)
    path = Path(query)
    if query.endswith(".rq") or (len(query) < 4096 and "\n" not in query and path.is_file()):
        if not path.is_file():
            raise fail(f"no query file {path}", 2)
        return path.read_text(encoding="utf-8")
    return query


@app.command()
def query(
    query: str = typer.Argument(None, help="SPARQL text, or the path of a .rq file."),
    data: Path = typer.Option(Path("exports"), "--data", "-d", help="A graph file (.nq, .trig, .ttl, .nt), or the folder `kg build` wrote."),
    format: Format = typer.Option(Format.table, "--format", "-f", help="Output format."),  # noqa: A002
    name: str = typer.Option(None, "--name", "-n", help="Run a bundled named query (see --list)."),
    list_: bool = typer.Option(False, "--list", help="List the bundled named queries and exit."),
) -> None:
    """Run a SPARQL SELECT/ASK query on a built graph (kg:, skos:, dcterms: … prefixes predeclared)."""
    if list_:
        _list_queries()
        return
    sparql = _query_text(query, name)
    with reading_graph():
        store = Store.from_path(data)
    try:
        result = store.query(sparql)
    except QueryError as error:
        raise fail(f"bad SPARQL: {' '.join(str(error).split())}", 2) from None
    typer.echo(serialize_results(result, format.value), nl=False)
