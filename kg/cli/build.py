"""``kg build [PATH...] [--out DIR]``: the graph of the reports, or of the bundled sample."""

from __future__ import annotations

from pathlib import Path

import typer

from kg.cli._util import app, fail, info
from kg.pipeline import build as build_graph_files
from kg.resources import sample_report


@app.command()
def build(
    paths: list[Path] = typer.Argument(None, help="Report files or folders (default: the bundled sample report)."),
    out: Path = typer.Option(Path("exports"), "--out", "-o", help="Folder for graph.ttl, graph.jsonld, graph.html, nodes.csv, edges.csv."),
) -> None:
    """Build the knowledge graph and write Turtle, JSON-LD, CSV and an HTML viewer."""
    inputs = paths or [sample_report()]
    result = build_graph_files(inputs, out)
    for error in result.skipped:
        info(f"error: {error}")
    if not result.extractions:
        raise fail("no document could be read; nothing written")
    mentions = sum(len(e.mentions) for e in result.extractions)
    relations = sum(len(e.relations) for e in result.extractions)
    info(f"read {len(result.extractions)} document(s), {mentions} mentions, {relations} relations; skipped {len(result.skipped)}")
    for path in result.written:
        info(f"wrote {path}")
    if result.skipped:
        raise typer.Exit(1)
