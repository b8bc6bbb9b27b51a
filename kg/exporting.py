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
import os
import re
import tempfile
from pathlib import Path

import pyoxigraph as oxigraph
from rdflib import Graph, Literal, Node, URIRef
from rdflib.namespace import RDF

from kg.graphing import edges_table, nodes_table
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


def _prefixes(graph: Graph) -> dict[str, str]:
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


def serialize_turtle(graph: Graph) -> bytes:
    """Return ``graph`` as Turtle; the same triples always give the same bytes.

    Triples are sorted by subject, then ``rdf:type`` first, then predicate and object,
    and written by oxigraph: rdflib's Turtle serializer needs tens of seconds for a
    100k-triple graph of minted IRIs. Minted IRIs are written in full.
    """
    prefixes = _prefixes(graph)
    triples = (oxigraph.Triple(*map(_oxigraph_term, triple)) for triple in sorted(graph, key=_triple_key))
    body = oxigraph.serialize(triples, format=oxigraph.RdfFormat.TURTLE, prefixes=prefixes)
    return _with_sorted_prefixes(body, prefixes)


def report_of(term: Node) -> URIRef | None:
    """Return the IRI of the report a minted resource belongs to (itself, its sentences, mentions …)."""
    match = REPORT_BOUND.match(term) if isinstance(term, URIRef) else None
    return URIRef(match.group()) if match else None


def partition_graph(graph: Graph) -> dict[URIRef | None, list[tuple[Node, Node, Node]]]:
    """Split ``graph`` into one graph per report (by report IRI) and the default graph (None).

    Each triple lands in exactly one graph, sorted as in the Turtle; the default graph comes
    first, then the reports in IRI order.
    """
    reports = set(graph.subjects(RDF.type, KG.Report))
    graphs: dict[URIRef | None, list] = {None: []}
    for triple in graph:
        owner = report_of(triple[0])
        graphs.setdefault(owner if owner in reports else None, []).append(triple)
    ordered = sorted(graphs, key=lambda name: "" if name is None else str(name))
    return {name: sorted(graphs[name], key=_triple_key) for name in ordered}


def _quads(graph: Graph) -> list[oxigraph.Quad]:
    """Return the quads of ``graph`` partitioned by report, in their canonical order."""
    quads = []
    for name, triples in partition_graph(graph).items():
        target = oxigraph.DefaultGraph() if name is None else oxigraph.NamedNode(str(name))
        quads += [oxigraph.Quad(*map(_oxigraph_term, triple), target) for triple in triples]
    return quads


def serialize_trig(graph: Graph) -> bytes:
    """Return ``graph`` as TriG with one named graph per report; the same triples give the same bytes."""
    prefixes = _prefixes(graph)
    body = oxigraph.serialize(_quads(graph), format=oxigraph.RdfFormat.TRIG, prefixes=prefixes)
    return _with_sorted_prefixes(body, prefixes)


def serialize_nquads(graph: Graph) -> bytes:
    """Return ``graph`` as N-Quads with one named graph per report, one line per quad, sorted."""
    return oxigraph.serialize(_quads(graph), format=oxigraph.RdfFormat.N_QUADS)


def _triple_key(triple: tuple[Node, Node, Node]) -> tuple:
    """Return the sort key of a triple: subject, type first, predicate, object."""
    subject, predicate, obj = triple
    return str(subject), predicate != RDF.type, str(predicate), _object_key(obj)


def _object_key(term: Node) -> tuple[bool, str, str, str]:
    """Return the sort key of an object: IRIs before literals, then text, datatype, language."""
    if isinstance(term, Literal):
        return True, str(term), str(term.datatype or ""), term.language or ""
    return False, str(term), "", ""


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


def serialize_jsonld(graph: Graph) -> bytes:
    """Return ``graph`` as JSON-LD, compacted with a context of the project's bound prefixes.

    rdflib writes nodes and values in hash order; they are sorted here (JSON-LD arrays
    other than ``@list`` are unordered) so the same triples always give the same bytes.
    """
    context = {prefix: str(namespace) for prefix, namespace in graph.namespaces() if prefix in PREFIXES}
    document = json.loads(graph.serialize(format="json-ld", context=context))
    return json.dumps(_sorted_json(document), ensure_ascii=False, indent=2).encode("utf-8")


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


def render_exports(graph: Graph, html: str | None = None) -> dict[str, bytes]:
    """Return the bytes of every export file, keyed by file name."""
    files = {
        TURTLE: serialize_turtle(graph),
        TRIG: serialize_trig(graph),
        NQUADS: serialize_nquads(graph),
        JSONLD: serialize_jsonld(graph),
        NODES: serialize_csv(nodes_table(graph), NODE_COLUMNS),
        EDGES: serialize_csv(edges_table(graph), EDGE_COLUMNS),
    }
    if html is not None:
        files[HTML] = html.encode("utf-8")
    return files


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


def write_exports(graph: Graph, out_dir: Path, html: str | None = None) -> list[Path]:
    """Write graph.ttl, graph.trig, graph.nq, graph.jsonld, nodes.csv, edges.csv (and graph.html) into ``out_dir``.

    Returns the written paths. On any error no export is replaced and no temporary
    file is left behind.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    files = render_exports(graph, html)
    temporaries: dict[Path, Path] = {}
    try:
        for name, data in files.items():
            temporaries[out_dir / name] = _write_temporary(out_dir, name, data)
        for target, temporary in temporaries.items():
            os.replace(temporary, target)
    except BaseException:
        for temporary in temporaries.values():
            temporary.unlink(missing_ok=True)
        raise
    return list(temporaries)
