"""Exporting: a built graph written as Turtle, TriG, N-Quads, JSON-LD, CSV tables and an HTML view.

TriG and N-Quads hold the same triples as the Turtle, each in exactly one graph: a report's
own resources (the report, its sentences, mentions, assertions and their selectors) in the
named graph of that report (named by the report's IRI), and the entity layer merged across
reports (entities' types and labels, relation edges, jurisdiction links) in the default graph.

Exports are all-or-nothing: every file is rendered to bytes first, written to a
temporary file beside its target, and only then moved into place, so a failure
leaves the previous exports as they were.
"""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
from json.encoder import encode_basestring as _json_string
import os
import re
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path
from typing import NamedTuple

import pyoxigraph as oxigraph
from rdflib import Graph, Literal, Node, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.plugins.shared.jsonld.context import Context as JsonLdContext

from kg.graphing import Triples, edges_table, nodes_table
from kg.namespaces import ID, KG, PREFIXES

__all__ = [
    "partition_graph",
    "render_exports",
    "serialize_csv",
    "serialize_jsonld",
    "serialize_nquads",
    "serialize_trig",
    "serialize_turtle",
    "write_exports",
]

TURTLE, JSONLD, NODES, EDGES, HTML = "graph.ttl", "graph.jsonld", "nodes.csv", "edges.csv", "graph.html"
TRIG, NQUADS = "graph.trig", "graph.nq"
# The IRI of a report-bound resource: the report's IRI, then nothing, "/…" or "#…".
REPORT_BOUND = re.compile(re.escape(str(ID)) + r"report/[^/#]+")
NODE_COLUMNS = ("iri", "kind", "label", "variants", "reports", "degree")
EDGE_COLUMNS = ("source", "target", "relation", "status", "reports", "evidence")
# Permissions of an export once moved into place (temporary files are created 0600).
FILE_MODE = 0o644
# When the rendering is spread over processes: the files rendered in one part (they share
# work), and the rough cost of each part in seconds per 100,000 triples (measured on the
# State Council corpus), so the costliest parts start first. The Turtle is rendered in
# pieces of consecutive subjects, one per process.
RENDER_GROUPS = ((TURTLE,), (TRIG, NQUADS), (JSONLD,), (NODES, EDGES), (HTML,))
RENDER_COSTS = {(TURTLE,): 0.6, (TRIG, NQUADS): 0.65, (JSONLD,): 0.6, (NODES, EDGES): 0.15, (HTML,): 0.65}
RDF_TYPE = str(RDF.type)
REPORT_CLASS = str(KG.Report)
# Literal datatypes rdflib's JSON-LD serializer writes as native JSON values when a context is given.
NATIVE_TYPES = frozenset(map(str, (XSD.boolean, XSD.integer, XSD.double, XSD.string)))


def _prefixes(graph: Graph | Triples) -> dict[str, str]:
    """Return the project prefixes bound on ``graph``, sorted; minted IRIs (``id:``) stay in full."""
    return {
        prefix: str(namespace)
        for prefix, namespace in sorted(graph.namespaces())
        if prefix in PREFIXES and namespace != URIRef(ID)
    }


def _with_sorted_prefixes(body: bytes, prefixes: dict[str, str]) -> bytes:
    """Replace oxigraph's prefix lines (written in its own map order) by sorted ones."""
    header = "".join(f"@prefix {prefix}: <{namespace}> .\n" for prefix, namespace in prefixes.items())
    return header.encode("utf-8") + body.split(b"\n", len(prefixes))[-1]


def _memo(triples: Triples, name: str, make):
    """Return what ``make(triples)`` returns, made once per Triples (the exports share it)."""
    memo = triples.__dict__.setdefault("_exports", {})
    if name not in memo:
        memo[name] = make(triples)
    return memo[name]


def serialize_turtle(graph: Graph | Triples) -> bytes:
    """Return ``graph`` as Turtle; the same triples always give the same bytes.

    Triples are sorted by subject, then ``rdf:type`` first, then predicate and object
    (:func:`kg.graphing.triple_key`), and written by oxigraph: rdflib's Turtle serializer
    needs tens of seconds for a 100k-triple graph of minted IRIs. Minted IRIs are written in full.
    """
    triples = Triples.of(graph)
    return _turtle_piece(triples, 0, len(triples.sorted))


def _turtle_piece(triples: Triples, start: int, end: int) -> bytes:
    """Return the Turtle of the sorted triples from ``start`` to ``end`` (both at a subject's first triple).

    The piece that starts at 0 begins with the prefixes; the pieces of a cut, joined, are
    the whole Turtle. The triples go to oxigraph as N-Triples text (making oxigraph terms
    one by one in Python costs more than oxigraph's parsing and writing together).
    """
    prefixes = _prefixes(triples)
    lines = _memo(triples, "lines", _statements) if (start, end) == (0, len(triples.sorted)) else _statements(triples, start, end)
    text = "".join(f"{line} .\n" for line in lines).encode("utf-8")
    parsed = oxigraph.parse(text, format=oxigraph.RdfFormat.N_TRIPLES)
    body = oxigraph.serialize(parsed, format=oxigraph.RdfFormat.TURTLE, prefixes=prefixes)
    return _with_sorted_prefixes(body, prefixes) if start == 0 else body.split(b"\n", len(prefixes))[-1]


def _subject_cuts(triples: Triples, pieces: int) -> list[int]:
    """Return the positions cutting the sorted triples into ``pieces`` of about equal length, each at a subject's first triple."""
    keys, cuts = triples.keys, [0]
    for piece in range(1, pieces):
        cut = max(cuts[-1] + 1, len(keys) * piece // pieces)
        while 0 < cut < len(keys) and keys[cut][0] == keys[cut - 1][0]:
            cut += 1
        if cut < len(keys):
            cuts.append(cut)
    return [*cuts, len(keys)]


def _statements(triples: Triples, start: int = 0, end: int | None = None) -> list[str]:
    """Return each triple (from ``start`` to ``end``) in N-Triples without the final " .", in their sorted order; terms written by oxigraph."""
    iris: dict[str, str] = {}
    literals: dict[tuple[bool, str, str, str], str] = {}

    def iri(value: str) -> str:
        found = iris.get(value)
        if found is None:
            found = iris[value] = str(oxigraph.NamedNode(value))
        return found

    lines = []
    for (subject, _, predicate, obj), (s, _, o) in zip(triples.keys[start:end], triples.sorted[start:end]):
        if not isinstance(s, URIRef):
            raise TypeError(f"cannot write {s!r}: built graphs have no blank nodes")
        if obj[0]:
            value = literals.get(obj)
            if value is None:
                value = literals[obj] = str(_oxigraph_term(o))
        elif isinstance(o, URIRef):
            value = iri(obj[1])
        else:
            raise TypeError(f"cannot write {o!r}: built graphs have no blank nodes")
        lines.append(f"{iri(subject)} {iri(predicate)} {value}")
    return lines


def partition_graph(graph: Graph | Triples) -> dict[URIRef | None, list[tuple[Node, Node, Node]]]:
    """Split ``graph`` into one graph per report (by report IRI) and the default graph (None).

    Each triple lands in exactly one graph, sorted as in the Turtle; the default graph comes
    first, then the reports in IRI order.
    """
    triples = Triples.of(graph)
    return {name: [triples.sorted[position] for position in part] for name, part in _partition(triples).items()}


def _partition(triples: Triples) -> dict[URIRef | None, list[int]]:
    """Return :func:`partition_graph` as the positions of the triples in the sorted triples."""
    reports = {  # found by scanning: the lookup index costs more, and this process may not need it
        key[0]: triple[0]
        for key, triple in zip(triples.keys, triples.sorted)
        if not key[1] and key[3][1] == REPORT_CLASS and not key[3][0] and isinstance(triple[0], URIRef)
    }
    graphs: dict[URIRef | None, list[int]] = {None: []}
    previous, part = None, graphs[None]
    for position, key in enumerate(triples.keys):
        subject = key[0]
        if subject != previous:  # the triples of a subject are consecutive
            term = triples.sorted[position][0]
            match = REPORT_BOUND.match(subject) if isinstance(term, URIRef) else None
            owner = reports.get(match.group()) if match else None
            part = graphs.setdefault(owner, [])
            previous = subject
        part.append(position)
    ordered = sorted(graphs, key=lambda name: "" if name is None else str(name))
    return {name: graphs[name] for name in ordered}


def serialize_trig(graph: Graph | Triples) -> bytes:
    """Return ``graph`` as TriG with one named graph per report; the same triples give the same bytes."""
    prefixes = _prefixes(graph)
    quads = oxigraph.parse(serialize_nquads(graph), format=oxigraph.RdfFormat.N_QUADS)
    body = oxigraph.serialize(quads, format=oxigraph.RdfFormat.TRIG, prefixes=prefixes)
    return _with_sorted_prefixes(body, prefixes)


def serialize_nquads(graph: Graph | Triples) -> bytes:
    """Return ``graph`` as N-Quads with one named graph per report, one line per quad, sorted.

    The lines are oxigraph's N-Quads: the default graph's triples first, then each report's.
    """
    return _memo(Triples.of(graph), "nquads", _nquads)


def _nquads(triples: Triples) -> bytes:
    """Return the N-Quads of ``triples`` (see :func:`serialize_nquads`)."""
    lines = _memo(triples, "lines", _statements)
    parts = []
    for name, part in _partition(triples).items():
        ending = " .\n" if name is None else f" {oxigraph.NamedNode(str(name))} .\n"
        parts.append("".join([lines[position] + ending for position in part]))
    return "".join(parts).encode("utf-8")


def _oxigraph_term(term: Node) -> oxigraph.NamedNode | oxigraph.Literal:
    """Return an rdflib IRI or literal as an oxigraph term (built graphs have no blank nodes)."""
    if isinstance(term, URIRef):
        return oxigraph.NamedNode(str(term))
    if isinstance(term, Literal) and term.language:
        return oxigraph.Literal(str(term), language=term.language)
    if isinstance(term, Literal) and term.datatype:
        return oxigraph.Literal(str(term), datatype=oxigraph.NamedNode(str(term.datatype)))
    if isinstance(term, Literal):
        return oxigraph.Literal(str(term))
    raise TypeError(f"cannot write {term!r}: built graphs have no blank nodes")


def serialize_jsonld(graph: Graph | Triples) -> bytes:
    """Return ``graph`` as JSON-LD, compacted with a context of the project's bound prefixes.

    The document is what rdflib's JSON-LD serializer writes with that context (one node
    per subject, prefixed property names and types, native integers and booleans), made
    here from the sorted triples because rdflib takes seconds per 100k triples. Nodes and
    values are sorted (JSON-LD arrays other than ``@list`` are unordered) so the same
    triples always give the same bytes.
    """
    context = {prefix: str(namespace) for prefix, namespace in graph.namespaces() if prefix in PREFIXES}
    triples = Triples.of(graph)
    if len({key[0] for key in triples.keys}) < 2 or triples.has_blank_nodes():
        rdflib_graph = graph if isinstance(graph, Graph) else triples.graph()
        document = json.loads(rdflib_graph.serialize(format="json-ld", context=context))
        return json.dumps(_sorted_json(document), ensure_ascii=False, indent=2).encode("utf-8")
    # _sorted_json's order, made cheaply: a node's JSON begins with its unique "@id".
    nodes = sorted(_jsonld_nodes(triples, context), key=lambda node: json.dumps(node["@id"], ensure_ascii=False) + ",")
    for node in nodes:
        for value in node.values():
            if isinstance(value, list):
                value.sort(key=lambda item: json.dumps(item, ensure_ascii=False, sort_keys=True))
    return _json_text({"@context": context, "@graph": nodes}).encode("utf-8")


def _json_text(value: object, indent: str = "") -> str:
    """Return ``json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True)``, faster (no generators)."""
    if isinstance(value, str):
        return _json_string(value)
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = indent + "  "
        items = ",\n".join(f"{inner}{_json_string(key)}: {_json_text(value[key], inner)}" for key in sorted(value))
        return f"{{\n{items}\n{indent}}}"
    if isinstance(value, list):
        if not value:
            return "[]"
        inner = indent + "  "
        items = ",\n".join(inner + _json_text(item, inner) for item in value)
        return f"[\n{items}\n{indent}]"
    return json.dumps(value)


def _jsonld_nodes(triples: Triples, context: dict[str, str]) -> list[dict]:
    """Return the node objects rdflib's JSON-LD serializer makes of ``triples`` with ``context`` (IRIs only)."""
    compact = JsonLdContext(context)
    shrunk: dict[str, str] = {}
    symbols: dict[str, str] = {}

    def shrink(iri: str) -> str:
        found = shrunk.get(iri)
        if found is None:
            found = shrunk[iri] = compact.shrink_iri(iri)
        return found

    def symbol(iri: str) -> str:
        found = symbols.get(iri)
        if found is None:
            found = symbols[iri] = compact.to_symbol(iri)
        return found

    nodes: dict[str, dict] = {}
    for (subject, _, predicate, (literal, text, datatype, language)), (_, _, o) in zip(triples.keys, triples.sorted):
        node = nodes.get(subject)
        if node is None:
            node = nodes[subject] = {"@id": shrink(subject)}
        if not literal:  # an IRI: the triples have no blank nodes
            key, value = ("@type", symbol(text)) if predicate == RDF_TYPE else (symbol(predicate), {"@id": shrink(text)})
        elif datatype in NATIVE_TYPES:
            key, value = symbol(predicate), o.toPython()
        elif datatype:
            key, value = symbol(predicate), {"@type": symbol(datatype), "@value": text}
        elif language:
            key, value = symbol(predicate), {"@language": language, "@value": text}
        else:
            key, value = symbol(predicate), text
        existing = node.get(key)
        if existing:  # as rdflib: a falsy first value is replaced, not listed
            if isinstance(existing, list):
                existing.append(value)
            else:
                node[key] = [existing, value]
        else:
            node[key] = value
    return list(nodes.values())


def _sorted_json(value: object) -> object:
    """Return a JSON value with object keys and array items in a canonical order."""
    if isinstance(value, dict):
        return {key: _sorted_json(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        items = [_sorted_json(item) for item in value]
        return sorted(items, key=lambda item: json.dumps(item, ensure_ascii=False, sort_keys=True))
    return value


def serialize_csv(rows: list[dict], columns: tuple[str, ...]) -> bytes:
    """Return ``rows`` as UTF-8 CSV with a header of ``columns``."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _renderers(graph: Triples, html: str | Callable[[], str] | None) -> dict[str, Callable[[], bytes]]:
    """Return what makes each export file's bytes, keyed by file name, in the order files are listed."""
    renderers: dict[str, Callable[[], bytes]] = {
        TURTLE: lambda: serialize_turtle(graph),
        TRIG: lambda: serialize_trig(graph),
        NQUADS: lambda: serialize_nquads(graph),
        JSONLD: lambda: serialize_jsonld(graph),
        NODES: lambda: serialize_csv(nodes_table(graph), NODE_COLUMNS),
        EDGES: lambda: serialize_csv(edges_table(graph), EDGE_COLUMNS),
    }
    if html is not None:
        renderers[HTML] = lambda: (html() if callable(html) else html).encode("utf-8")
    return renderers


def render_exports(graph: Graph | Triples, html: str | Callable[[], str] | None = None) -> dict[str, bytes]:
    """Return the bytes of every export file, keyed by file name.

    ``graph`` is an rdflib Graph or, faster, the Triples of a build (:func:`kg.graphing.build_triples`);
    ``html`` the viewer page, or what makes it.
    """
    return {name: render() for name, render in _renderers(Triples.of(graph), html).items()}


def _write_temporary(out_dir: Path, name: str, data: bytes) -> Path:
    """Write ``data`` to a new temporary file in ``out_dir``; return its path."""
    handle, path = tempfile.mkstemp(dir=out_dir, prefix=f".{name}.", suffix=".tmp")
    temporary = Path(path)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        temporary.chmod(FILE_MODE)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


# What forked renderers read (inherited at the fork, never pickled): set for one write_exports.
_FORKED: dict[str, list[_Part]] = {}


class _Part(NamedTuple):
    """A part of the rendering: its rough cost, where its piece of the Turtle starts, what renders it."""

    cost: float
    start: int
    render: Callable[[], dict[str, Path | bytes]]


def _parts(triples: Triples, renderers: dict[str, Callable[[], bytes]], out_dir: Path, jobs: int) -> list[_Part]:
    """Return the rendering split into parts for ``jobs`` processes, costliest first.

    A part writes whole files of one of RENDER_GROUPS into temporaries and returns their
    paths by file name, or returns a piece of the Turtle (the pieces, in the order of
    their starts, join into the file).
    """
    parts: list[_Part] = []
    size = len(triples) / 100_000
    for group in RENDER_GROUPS:
        names = tuple(name for name in group if name in renderers)
        if group == (TURTLE,) and names:
            cuts = _subject_cuts(triples, jobs)
            parts += [
                _Part(RENDER_COSTS[group] * size * (end - start) / max(len(triples), 1), start, partial(_turtle_part, triples, start, end))
                for start, end in zip(cuts, cuts[1:])
            ]
        elif names:
            parts.append(_Part(RENDER_COSTS[group] * size, 0, partial(_render_temporaries, names, renderers, out_dir)))
    return sorted(parts, key=lambda part: -part.cost)


def _turtle_part(triples: Triples, start: int, end: int) -> dict[str, Path | bytes]:
    """Return a piece of the Turtle, keyed by its file name."""
    return {TURTLE: _turtle_piece(triples, start, end)}


def _render_temporaries(names: tuple[str, ...], renderers: dict[str, Callable[[], bytes]], out_dir: Path, timings: dict[str, float] | None = None) -> dict[str, Path | bytes]:
    """Render the files ``names`` into temporaries in ``out_dir``; return their paths by name.

    ``timings`` receives each file's seconds. On an error the temporaries written so far are removed.
    """
    written: dict[str, Path | bytes] = {}
    try:
        for name in names:
            started = time.perf_counter()
            written[name] = _write_temporary(out_dir, name, renderers[name]())
            if timings is not None:
                timings[name] = time.perf_counter() - started
    except BaseException:
        _remove(written)
        raise
    return written


def _remove(temporaries: dict[str, Path | bytes]) -> None:
    """Remove the temporary files among ``temporaries``."""
    for temporary in temporaries.values():
        if isinstance(temporary, Path):
            temporary.unlink(missing_ok=True)


def _render_forked(index: int) -> tuple[dict[str, Path | bytes], float]:
    """Render part ``index`` of the parts set before the fork: what it made by file name, and its seconds."""
    started = time.perf_counter()
    return _FORKED["parts"][index].render(), time.perf_counter() - started


def _render_in_processes(triples: Triples, renderers: dict[str, Callable[[], bytes]], out_dir: Path, jobs: int, timings: dict[str, float]) -> dict[str, Path]:
    """Render every file into temporaries in ``jobs`` forked processes; return their paths by name.

    Every part is waited for, so on an error none of their temporaries is left behind.
    """
    parts = _FORKED["parts"] = _parts(triples, renderers, out_dir, jobs)
    made: dict[str, Path | bytes] = {}
    pieces: dict[int, bytes] = {}
    errors: list[BaseException] = []
    try:
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            for part, future in zip(parts, [pool.submit(_render_forked, index) for index in range(len(parts))]):
                try:
                    found, seconds = future.result()
                except BaseException as error:
                    errors.append(error)
                    continue
                pieces.update({part.start: data for data in found.values() if isinstance(data, bytes)})
                made.update({name: path for name, path in found.items() if isinstance(path, Path)})
                for name in found:
                    timings[name] = timings.get(name, 0.0) + seconds / len(found)
    finally:
        _FORKED.clear()
    try:
        if errors:
            raise errors[0]
        if TURTLE in renderers:
            made[TURTLE] = _write_temporary(out_dir, TURTLE, b"".join(pieces[start] for start in sorted(pieces)))
    except BaseException:
        _remove(made)
        raise
    return made


def write_exports(
    graph: Graph | Triples,
    out_dir: Path,
    html: str | Callable[[], str] | None = None,
    jobs: int = 1,
    timings: dict[str, float] | None = None,
) -> list[Path]:
    """Write graph.ttl, graph.trig, graph.nq, graph.jsonld, nodes.csv, edges.csv (and graph.html) into ``out_dir``.

    ``html`` is the viewer page or what makes it. With ``jobs`` > 1 the files are rendered
    in that many processes (forked, so they share the triples; the bytes are the same).
    ``timings``, when given, receives each file's seconds. Returns the written paths. On
    any error no export is replaced and no temporary file is left behind.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    triples = Triples.of(graph)
    renderers = _renderers(triples, html)
    timings = timings if timings is not None else {}
    if jobs > 1 and "fork" in multiprocessing.get_all_start_methods():
        temporaries = _render_in_processes(triples, renderers, out_dir, jobs, timings)
    else:
        temporaries = _render_temporaries(tuple(renderers), renderers, out_dir, timings)
    try:
        for name in renderers:
            os.replace(temporaries[name], out_dir / name)
    except BaseException:
        _remove(temporaries)
        raise
    return [out_dir / name for name in renderers]
