"""``kg extract PATH... --format jsonl``: the annotation guide's JSON Lines on standard output."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path

import typer

from kg.annotations import to_record
from kg.cli._util import app, fail, info
from kg.pipeline import extract_all
from kg.reading import ReadError


class Format(str, Enum):
    jsonl = "jsonl"


@app.command()
def extract(
    paths: list[Path] = typer.Argument(..., help="Report files or folders."),
    format: Format = typer.Option(Format.jsonl, "--format", help="Output format."),  # noqa: A002
) -> None:
    """Print entities and relations of each document in the annotation guide's JSON Lines."""
    failed = 0
    for item in extract_all(paths):
        if isinstance(item, ReadError):
            info(f"error: {item}")
            failed += 1
            continue
        typer.echo(json.dumps(to_record(item), ensure_ascii=False))
    if failed:
        raise fail(f"{failed} document(s) could not be read")
