"""``kg validate [--data PATH] [--shapes FILE]``: check the built graph against the SHACL shapes."""

from __future__ import annotations

from pathlib import Path

import typer

from kg.cli._util import app, fail
from kg.validating import format_validation, validate_path


@app.command()
def validate(
    data: Path = typer.Option(Path("exports"), "--data", "-d", help="A graph file (.ttl, .nq, .trig), or the folder `kg build` wrote."),
    shapes: Path = typer.Option(None, "--shapes", help="SHACL shapes (default: the bundled kg/ontology/shapes.ttl)."),
) -> None:
    """Validate the graph with SHACL (pyshacl); print each violation; exit 1 if there is any."""
    try:
        validation = validate_path(data, shapes)
    except (FileNotFoundError, ValueError) as error:
        raise fail(str(error)) from None
    typer.echo(format_validation(validation), nl=False)
    if not validation.conforms:
        raise typer.Exit(1)
