"""``kg stats [--data PATH] [--top N] [--format text|json]``: what a built graph holds, at a glance."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Any

import typer

from kg.cli._util import app, reading_graph
from kg.store import display_width, pad


class Format(str, Enum):
    text = "text"
    json = "json"


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    """Return aligned lines (CJK characters take two columns); numbers right-aligned."""
    cells = [[str(c) for c in row] for row in rows]
    widths = [max([display_width(h), *(display_width(row[i]) for row in cells)]) for i, h in enumerate(header)]
    numeric = [bool(rows) and all(isinstance(row[i], int | float) for row in rows) for i in range(len(header))]

    def line(values: list[str]) -> str:
        return "  " + "  ".join(pad(v, w, n) for v, w, n in zip(values, widths, numeric, strict=True)).rstrip()

    return [line(header), *(line(row) for row in cells)] if rows else [line(header), "  (none)"]


def render(summary: dict[str, Any], source: Path) -> str:
    """Return the summary as readable text."""
    reports = summary["reports"]
    lines = [f"{source}: {summary['triples']:,} triples, {len(reports)} report{'s' * (len(reports) != 1)}", ""]
    lines.append("reports")
    lines += _table(
        ["report", "date", "jurisdiction", "sentences", "mentions", "done", "planned", "title"],
        [[r["report"], r["date"] or "", r["jurisdiction"] or "", r["sentences"], r["mentions"], r["done"], r["planned"], r["title"] or ""]
         for r in reports],
    )
    entities = summary["entities"]
    lines += ["", f"entities by kind ({sum(entities.values())})"]
    lines += _table(["kind", "entities"], [[kind, n] for kind, n in entities.items()])
    relations = summary["relations"]
    lines += ["", "relations (edges between entities; assertions are the sentences supporting them)"]
    lines += _table(["relation", "edges", "assertions", "done", "planned"],
                    [[name, r["edges"], r["assertions"], r["done"], r["planned"]] for name, r in relations.items()])
    lines += ["", "most connected bodies (edges of the seven relations and subOrganizationOf)"]
    lines += _table(["body", "degree", "out", "in", "evidence"],
                    [[b["label"], b["degree"], b["out_degree"], b["in_degree"], b["evidence"]] for b in summary["bodies"]])
    lines += ["", "most cited statutes"]
    lines += _table(["statute", "mentions", "reports"], [[s["label"], s["mentions"], s["reports"]] for s in summary["statutes"]])
    return "\n".join(lines) + "\n"


@app.command()
def stats(
    data: Path = typer.Option(Path("exports"), "--data", "-d", help="A graph file (.nq, .trig, .ttl, .nt), or the folder `kg build` wrote."),
    top: int = typer.Option(10, "--top", "-n", min=1, help="How many bodies and statutes to list."),
    format: Format = typer.Option(Format.text, "--format", "-f", help="text for people, json for programs."),  # noqa: A002
) -> None:
    """Summarize a built graph: reports, entities by kind, relations, most connected bodies, most cited statutes."""
    from kg.analysis import load, summary

    with reading_graph():
        graph = load(data)
    result = summary(graph, top=top)
    if format is Format.json:
        typer.echo(json.dumps({"source": str(graph.source), **result}, ensure_ascii=False, indent=2))
    else:
        typer.echo(render(result, graph.source), nl=False)
