"""``kg view [PATH...] [--out FILE] [--no-open] [filters]``: the offline HTML viewer of a graph, opened in a browser."""

from __future__ import annotations

import tempfile
import webbrowser
from pathlib import Path

import typer
from rdflib import Graph, Literal

from kg.cli._util import app, fail, info
from kg.namespaces import KG
from kg.store import GRAPH_FILES
from kg.viewing import DEFAULT_TITLE, GRAPH_FORMATS, STATUS_NAMES, Filters, kind_names, load_graph, relation_names, render_html

# The graph files of an exports folder, in the order ``kg.store.graph_file`` prefers them, then JSON-LD.
GRAPH_NAMES = (*GRAPH_FILES, "graph.jsonld")


def graph_path(path: Path) -> Path | None:
    """Return the graph file ``path`` is or holds (a folder ``kg build`` wrote), or None."""
    if path.is_dir():
        return next((path / name for name in GRAPH_NAMES if (path / name).is_file()), None)
    return path if path.suffix.lower() in GRAPH_FORMATS and path.is_file() else None


def build_from_reports(paths: list[Path]) -> Graph:
    """Extract the reports under ``paths`` and return their graph (unreadable ones are reported and skipped)."""
    from kg.graphing import build_graph
    from kg.pipeline import extract_all
    from kg.reading import ReadError

    extractions = []
    for item in extract_all(paths):
        if isinstance(item, ReadError):
            info(f"error: {item}")
        else:
            extractions.append(item)
    if not extractions:
        raise fail("no document could be read")
    info(f"read {len(extractions)} document(s)")
    return build_graph(extractions)


def _check(option: str, values: list[str], allowed: list[str]) -> tuple[str, ...]:
    """Return ``values`` when each is allowed; fail naming the allowed ones otherwise."""
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise fail(f"unknown {option} {', '.join(unknown)} (choose from {', '.join(allowed)})", 2)
    return tuple(values)


def _output(out: Path | None) -> Path:
    """Return where to write the page: ``out``, or a new file in the temporary folder."""
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        return out
    with tempfile.NamedTemporaryFile(prefix="kg-view-", suffix=".html", delete=False) as handle:
        return Path(handle.name)


@app.command()
def view(
    paths: list[Path] = typer.Argument(None, help="A graph file (.nq, .trig, .ttl, .nt, .jsonld), the folder `kg build` wrote, or report files and folders to build (default: exports)."),
    out: Path = typer.Option(None, "--out", "-o", help="Write the page here (default: a new file in the temporary folder)."),
    open_page: bool = typer.Option(True, "--open/--no-open", help="Open the page in the web browser."),
    title: str = typer.Option(DEFAULT_TITLE, "--title", help="The page's title."),
    kind: list[str] = typer.Option(None, "--kind", "-k", help=f"Show only these node kinds ({', '.join(kind_names())}); repeatable."),
    relation: list[str] = typer.Option(None, "--relation", "-r", help=f"Show only these relations ({', '.join(relation_names())}); repeatable."),
    status: list[str] = typer.Option(None, "--status", "-s", help="Show only relations with this status (done, planned); repeatable."),
    report: str = typer.Option("", "--report", help="Show only what this report (its document id) says."),
    jurisdiction: str = typer.Option("", "--jurisdiction", help="Show only what the reports of this place say."),
    focus: str = typer.Option("", "--focus", help="Open on the neighbourhood of the node with this name."),
) -> None:
    """Write the offline HTML viewer of a graph (filters preset) and open it in the browser."""
    filters = Filters(
        kinds=_check("--kind", kind or [], kind_names()),
        relations=_check("--relation", relation or [], relation_names()),
        statuses=_check("--status", status or [], list(STATUS_NAMES.values())),
        report=report, jurisdiction=jurisdiction, focus=focus,
    )
    inputs = paths or [Path("exports")]
    source = graph_path(inputs[0]) if len(inputs) == 1 else None
    if source is None and not any(p.exists() for p in inputs):
        raise fail(f"nothing at {', '.join(map(str, inputs))} (run `kg build` first, or give a graph file or reports)")
    graph = load_graph(source) if source is not None else build_from_reports(inputs)
    if report and (None, KG.documentId, Literal(report)) not in graph:
        raise fail(f"no report with document id {report!r} in the graph", 2)
    page = _output(out)
    page.write_text(render_html(graph, title, filters), encoding="utf-8")
    info(f"wrote {page}")
    if open_page and not webbrowser.open(page.resolve().as_uri()):
        info(f"no web browser found; open {page} yourself")
