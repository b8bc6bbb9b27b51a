"""``kg push URL [--data PATH] [--replace|--add] [--user NAME | --token-env VAR]``: send the graph to a triple store (Graph Store Protocol)."""

from __future__ import annotations

from pathlib import Path

import typer

from kg.cli._util import app, fail, info
from kg.pushing import PASSWORD_ENV, PushError, Pushed, authorization, in_clear, push as push_graphs


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
    user: str | None = typer.Option(None, "--user", "-u", help=f"HTTP basic auth as this user, the password from ${PASSWORD_ENV} (or --password-env)."),
    password_env: str = typer.Option(PASSWORD_ENV, "--password-env", metavar="VAR", help="The environment variable holding the password of --user."),
    token_env: str | None = typer.Option(None, "--token-env", metavar="VAR", help="Send a bearer token, read from this environment variable."),
) -> None:
    """Send the graph to a triple store, one named graph per report (SPARQL 1.1 Graph Store HTTP Protocol).

    Secrets are never given on the command line: the password of --user and the token of
    --token-env are read from environment variables.
    """
    if replace and add:
        raise fail("give --replace or --add, not both", 2)
    try:
        header = authorization(user, password_env, token_env)
    except PushError as error:
        raise fail(str(error), 2) from None
    if header is not None and in_clear(url):
        info(f"warning: {url} is plain http: the credentials cross the network unencrypted")
    try:
        sent = push_graphs(data, url, replace=not add, progress=_report, authorization=header)
    except (FileNotFoundError, ValueError, PushError) as error:  # a QueryError is a ValueError
        raise fail(str(error)) from None
    reports = sum(pushed.graph is not None for pushed in sent)
    info(f"pushed {sum(p.triples for p in sent)} triples in {len(sent)} graphs ({reports} reports) to {url}")
