"""``kg build [PATH...] [--out DIR] [--jobs N]``: one graph of every report under the paths.

Reads .txt (any encoding), .docx, .pdf, .html, .jsonl corpora, .zip archives of them
and folders; prints progress and a summary on standard error; exits 1 when a
document was skipped (the rest is still built).
"""

from __future__ import annotations

import os
import sys
import time
from collections import Counter
from pathlib import Path

import typer

from kg.cli._util import app, fail, info
from kg.corpus import Outcome
from kg.pipeline import BuildResult
from kg.pipeline import build as build_graph_files
from kg.resources import sample_report

CACHE_FOLDER = ".cache"


class Progress:
    """A one-line progress display on standard error: documents, characters per second."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.started = time.perf_counter()
        self.done = self.chars = self.skipped = self.cached = 0
        self.width = 0

    def __call__(self, outcome: Outcome) -> None:
        """Count one finished document and redraw the line."""
        self.done += 1
        self.chars += outcome.chars
        self.skipped += outcome.error is not None
        self.cached += outcome.cached
        if self.enabled:
            self.draw(outcome.name)

    def draw(self, name: str) -> None:
        """Redraw the progress line in place."""
        elapsed = max(time.perf_counter() - self.started, 1e-9)
        line = (
            f"{self.done} documents  {self.chars:,} chars  {self.chars / elapsed:,.0f} chars/s  "
            f"{self.done / elapsed:.1f} docs/s  cached {self.cached}  skipped {self.skipped}  {Path(name).name[-40:]}"
        )
        sys.stderr.write("\r" + line.ljust(self.width))
        self.width = len(line)
        sys.stderr.flush()

    def close(self) -> None:
        """End the progress line."""
        if self.enabled and self.done:
            sys.stderr.write("\r" + " " * self.width + "\r")
            sys.stderr.flush()


@app.command()
def build(
    paths: list[Path] = typer.Argument(None, help="Report files, folders, .zip archives or .jsonl corpora (default: the bundled sample report)."),
    out: Path = typer.Option(Path("exports"), "--out", "-o", help="Folder for graph.ttl, graph.jsonld, graph.html, nodes.csv, edges.csv."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=0, help="Worker processes (0: one per CPU). The output is the same for any number."),
    cache: Path | None = typer.Option(None, "--cache", help=f"Folder of cached extractions (default: OUT/{CACHE_FOLDER})."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Extract every document again and cache nothing."),
    progress: bool | None = typer.Option(None, "--progress/--no-progress", help="Show a progress line (default: when standard error is a terminal)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print the totals only, not one line per document."),
    viewer: bool = typer.Option(True, "--viewer/--no-viewer", help="Write graph.html (slow for graphs of thousands of nodes)."),
) -> None:
    """Build the knowledge graph and write Turtle, JSON-LD, CSV and an HTML viewer."""
    inputs = paths or [sample_report()]
    jobs = jobs or os.cpu_count() or 1
    display = Progress(sys.stderr.isatty() if progress is None else progress)
    cache_dir = None if no_cache else (cache or out / CACHE_FOLDER)
    try:
        result = build_graph_files(inputs, out, jobs=jobs, cache_dir=cache_dir, on_outcome=display, html=viewer)
    finally:
        display.close()
    for line in summary(result, jobs, quiet):
        info(line)
    if not result.extractions:
        raise fail("no document could be read; nothing written")
    if result.skipped:
        raise typer.Exit(1)


def summary(result: BuildResult, jobs: int, quiet: bool = False) -> list[str]:
    """Return the lines of the end-of-build summary: each document, skips, totals, files."""
    lines = [] if quiet else [document_line(outcome) for outcome in result.outcomes]
    lines += [f"error: {error}" for error in result.skipped]
    if not result.extractions:
        return lines
    chars = sum(len(e.document.text) for e in result.extractions)
    entities = Counter(label for label, _ in {(m.label, m.canonical) for e in result.extractions for m in e.mentions})
    mentions = sum(len(e.mentions) for e in result.extractions)
    relations = Counter(r.status for e in result.extractions for r in e.relations)
    formats = Counter(Path(o.name).suffix.lower().split(":")[0] or "?" for o in result.outcomes if o.extraction is not None)
    seconds = max(result.seconds, 1e-9)
    lines += [
        f"read {len(result.extractions)} document(s) ({', '.join(f'{n} {s}' for s, n in sorted(formats.items()))}), "
        f"{result.cached} from the cache; skipped {len(result.skipped)}",
        f"{sum(entities.values())} entities ({', '.join(f'{n} {label}' for label, n in sorted(entities.items()))}), "
        f"{mentions} mentions, {sum(relations.values())} relations ({relations['done']} done, {relations['planned']} planned)",
        f"{chars:,} characters in {result.seconds:.1f} s ({chars / seconds:,.0f} chars/s, {jobs} job{'s' * (jobs > 1)})",
    ]
    if result.up_to_date:
        lines.append("exports up to date: nothing changed since the last build")
    lines += [f"wrote {path}" for path in result.written]
    return lines


def document_line(outcome: Outcome) -> str:
    """Return one summary line about a document: read (and what it held) or skipped."""
    if outcome.extraction is None:
        return f"  skipped  {outcome.name}"
    extraction = outcome.extraction
    cached = "  (cached)" if outcome.cached else ""
    return f"  read     {outcome.name}  [{outcome.doc_id}]  {outcome.chars:,} chars, {len(extraction.mentions)} mentions, {len(extraction.relations)} relations{cached}"
