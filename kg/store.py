"""SPARQL over a built graph: an in-memory pyoxigraph store and the bundled named queries.

``Store.load`` reads a ``graph.nq``, ``graph.trig`` or ``graph.ttl`` (or the exports folder that
holds them: N-Quads preferred, with one named graph per report); ``Store.query`` runs a SELECT
or ASK query over the union of all graphs and returns a ``QueryResult`` of plain Python values.
The project's prefixes (``kg:``, ``skos:``, ``dcterms:`` …, from ``kg.namespaces.PREFIXES``) are
declared by default, so queries may use them without PREFIX lines; a query's own PREFIX lines win.
``serialize_results`` writes the SPARQL 1.1 results formats (CSV, TSV, JSON) or a text table.
The named queries researchers start from live in ``kg/data/queries/*.rq``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Namespace

from kg.exporting import REPORT_BOUND
from kg.namespaces import PREFIXES, XSD

GRAPH_FILE = "graph.ttl"
# The graph files of an exports folder, in the order ``graph_file`` prefers them.
GRAPH_FILES = ("graph.nq", "graph.trig", GRAPH_FILE)
RDF_FORMATS = {".nq": ox.RdfFormat.N_QUADS, ".trig": ox.RdfFormat.TRIG, ".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES}
FORMATS = ("table", "csv", "tsv", "json")
_RESULT_FORMATS = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV, "json": ox.QueryResultsFormat.JSON}
_INTEGERS = {str(XSD.integer), str(XSD.int), str(XSD.long), str(XSD.nonNegativeInteger)}
_FLOATS = {str(XSD.decimal), str(XSD.double), str(XSD.float)}
_BOOLEAN = str(XSD.boolean)
_STRING = str(XSD.string)
_DECLARED = re.compile(r"^\s*PREFIX\s+([\w.-]*):", re.IGNORECASE | re.MULTILINE)
_CELL_WIDTH = 60
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


class QueryError(ValueError):
    """A query that cannot be parsed or run; the message is the parser's (with its position)."""


@dataclass(frozen=True)
class QueryResult:
    """The answer to a SELECT (or ASK) query: variable names and rows of plain values."""

    variables: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    # The RDF terms of a SELECT answer, row by row (None for ASK): ``raw`` is made from them.
    terms: tuple[tuple[Term | None, ...], ...] | None = field(default=None, repr=False, compare=False)

    @cached_property
    def raw(self) -> bytes:
        """Return the SPARQL 1.1 JSON results, lossless (made on first use: a table needs no JSON)."""
        if self.terms is None:
            return json.dumps({"head": {}, "boolean": self.rows[0][0]}).encode("utf-8")
        bindings = [{v: _json_term(t) for v, t in zip(self.variables, row) if t is not None} for row in self.terms]
        answer = {"head": {"vars": list(self.variables)}, "results": {"bindings": bindings}}
        return json.dumps(answer, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    def __len__(self) -> int:
        return len(self.rows)

    def dicts(self) -> list[dict[str, Any]]:
        """Return the rows as dictionaries keyed by variable name."""
        return [dict(zip(self.variables, row)) for row in self.rows]

    def column(self, name: str) -> list[Any]:
        """Return the values of one variable, in row order."""
        index = self.variables.index(name)
        return [row[index] for row in self.rows]


def namespace_iri(namespace: Any) -> str:
    """Return the IRI of a ``Namespace`` or a ``DefinedNamespace`` class."""
    return str(namespace if isinstance(namespace, Namespace) else namespace._NS)


def default_prefixes() -> dict[str, str]:
    """Return the project's prefixes as prefix -> namespace IRI."""
    return {prefix: namespace_iri(namespace) for prefix, namespace in PREFIXES.items()}


def with_prefixes(sparql: str) -> str:
    """Return ``sparql`` with PREFIX lines prepended for the project prefixes it does not declare."""
    declared = set(_DECLARED.findall(sparql))
    lines = [f"PREFIX {p}: <{iri}>" for p, iri in default_prefixes().items() if p not in declared]
    return "\n".join([*lines, sparql])


def _plain(term: Term | None) -> Any:
    """Return one solution value as a plain value (IRI and text as str, numbers as numbers, blank nodes as ``_:id``)."""
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        try:
            if datatype in _INTEGERS:
                return int(term.value)
            if datatype in _FLOATS:
                return float(term.value)
        except ValueError:  # an ill-typed literal stays its text
            return term.value
        return term.value in ("true", "1") if datatype == _BOOLEAN else term.value
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return None if term is None else str(term)  # a quoted triple, in N-Triples


def _json_term(term: Term) -> dict[str, Any]:
    """Return one RDF term as a SPARQL 1.1 (1.2 for triples and directions) JSON results binding."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        binding = {"type": "literal", "value": term.value}
        if term.language:
            binding["xml:lang"] = term.language
            if getattr(term, "direction", None):  # RDF 1.2 (pyoxigraph 0.5)
                binding["its:dir"] = term.direction
        elif term.datatype.value != _STRING:
            binding["datatype"] = term.datatype.value
        return binding
    parts = {"subject": term.subject, "predicate": term.predicate, "object": term.object}
    return {"type": "triple", "value": {name: _json_term(part) for name, part in parts.items()}}


def _solutions_result(solutions: ox.QuerySolutions) -> QueryResult:
    """Read a SELECT answer once: plain rows, and the terms for lossless output."""
    variables = tuple(variable.value for variable in solutions.variables)
    terms = tuple(tuple(solution) for solution in solutions)
    return QueryResult(variables, tuple(tuple(map(_plain, row)) for row in terms), terms)


def _in_report_graphs(quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
    """Yield each triple in the named graph of the report its subject belongs to (else the default graph)."""
    for quad in quads:
        owner = REPORT_BOUND.match(quad.subject.value) if isinstance(quad.subject, ox.NamedNode) else None
        graph = ox.NamedNode(owner.group()) if owner else ox.DefaultGraph()
        yield ox.Quad(quad.subject, quad.predicate, quad.object, graph)


class Store:
    """An in-memory RDF store holding one or more built graphs."""

    def __init__(self) -> None:
        self._store = ox.Store()

    def __len__(self) -> int:
        return len(self._store)

    @classmethod
    def from_path(cls, path: Path | str) -> Store:
        """Return a new store loaded from a ``.ttl`` file or an exports folder."""
        store = cls()
        store.load(path)
        return store

    def load(self, path: Path | str) -> Path:
        """Load a graph file (.nq, .trig, .ttl, .nt) or the best one of an exports folder; return it.

        Triples of a Turtle or N-Triples file are put in the graphs ``kg build`` gives them in
        TriG and N-Quads (one named graph per report, the entity layer in the default graph),
        so queries that use ``GRAPH ?report`` answer the same whichever file was loaded.
        """
        source = graph_file(Path(path))
        rdf = rdf_format(source)
        try:
            if rdf.supports_datasets:
                self._store.load(path=str(source), format=rdf)
            else:
                self._store.extend(list(_in_report_graphs(ox.parse(path=str(source), format=rdf))))
        except SyntaxError as error:
            raise QueryError(f"{source}: {error}") from None
        return source

    def graphs(self) -> list[str]:
        """Return the IRIs of the named graphs (one per report when loaded from N-Quads or TriG), sorted."""
        return sorted(graph.value for graph in self._store.named_graphs())

    def query(self, sparql: str) -> QueryResult:
        """Run a SELECT or ASK query (project prefixes predeclared) over the union of all graphs."""
        try:
            answer = self._store.query(sparql, prefixes=default_prefixes(), use_default_graph_as_union=True)
        except (SyntaxError, OSError) as error:
            raise QueryError(str(error)) from None
        if isinstance(answer, ox.QueryBoolean):
            return QueryResult(("ask",), ((bool(answer),),))
        if isinstance(answer, ox.QuerySolutions):
            return _solutions_result(answer)
        raise QueryError("only SELECT and ASK queries are supported (CONSTRUCT/DESCRIBE are not)")


def graph_file(path: Path) -> Path:
    """Return the graph file for ``path``: itself, or graph.nq, graph.trig or graph.ttl inside a folder."""
    if path.is_dir():
        path = next((path / name for name in GRAPH_FILES if (path / name).is_file()), path / GRAPH_FILE)
    if not path.is_file():
        raise FileNotFoundError(f"no graph at {path} (run `kg build` first, or pass --data)")
    rdf_format(path)
    return path


def rdf_format(path: Path) -> ox.RdfFormat:
    """Return the RDF format of a graph file by its suffix; raise ValueError for another suffix."""
    if path.suffix.lower() not in RDF_FORMATS:
        raise ValueError(f"{path}: not a graph file (expected {', '.join(RDF_FORMATS)})")
    return RDF_FORMATS[path.suffix.lower()]


def serialize_results(result: QueryResult, fmt: str = "table") -> str:
    """Return ``result`` as SPARQL 1.1 CSV, TSV or JSON results, or as a readable text table."""
    if fmt == "table":
        return format_table(result)
    if fmt not in _RESULT_FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "json":
        return result.raw.decode("utf-8")
    if result.terms is None:  # an ASK answer
        separator = "," if fmt == "csv" else "\t"
        return separator.join(result.variables) + "\n" + str(result.rows[0][0]).lower() + "\n"
    parsed = ox.parse_query_results(result.raw, format=ox.QueryResultsFormat.JSON)
    return parsed.serialize(format=_RESULT_FORMATS[fmt]).decode("utf-8")


def display_width(text: str) -> int:
    """Return the display width of ``text`` (CJK characters take two columns)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cell(value: Any) -> str:
    """Return a value as one table cell, shortened to about ``_CELL_WIDTH`` columns."""
    text = "" if value is None else str(value).replace("\n", " ")
    if display_width(text) <= _CELL_WIDTH:
        return text
    kept = ""
    for char in text:
        if display_width(kept + char) > _CELL_WIDTH - 1:
            break
        kept += char
    return kept + "…"


def pad(text: str, width: int, right: bool = False) -> str:
    """Align ``text`` in ``width`` display columns, to the left (or the ``right``)."""
    space = " " * (width - display_width(text))
    return space + text if right else text + space


def format_table(result: QueryResult) -> str:
    """Return ``result`` as an aligned text table with a header and a row count."""
    header = [f"?{v}" for v in result.variables]
    cells = [[_cell(value) for value in row] for row in result.rows]
    widths = [max([display_width(h), *(display_width(row[i]) for row in cells)]) for i, h in enumerate(header)]
    lines = ["  ".join(pad(h, w) for h, w in zip(header, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(pad(c, w) for c, w in zip(row, widths)).rstrip() for row in cells]
    lines.append(f"({len(result.rows)} row{'' if len(result.rows) == 1 else 's'})")
    return "\n".join(lines) + "\n"


def queries_folder() -> Path:
    """Return the folder of the bundled named queries (``kg/data/queries``)."""
    with as_file(files("kg") / "data" / "queries") as path:
        return Path(path)


def named_queries() -> dict[str, Path]:
    """Return the bundled named queries, name -> ``.rq`` file, sorted by name."""
    return {path.stem: path for path in sorted(queries_folder().glob("*.rq"))}


def describe(path: Path) -> str:
    """Return the first ``#`` comment line of a query file (what it answers)."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            return line.lstrip("#").strip()
    return ""


def named_query(name: str) -> str:
    """Return the text of the bundled query ``name``; raise KeyError listing the names."""
    queries = named_queries()
    if name not in queries:
        raise KeyError(f"no query named {name!r}; known: {', '.join(queries)}")
    return queries[name].read_text(encoding="utf-8")


__all__ = [
    "FORMATS",
    "QueryError",
    "QueryResult",
    "Store",
    "default_prefixes",
    "describe",
    "format_table",
    "graph_file",
    "rdf_format",
    "named_queries",
    "named_query",
    "serialize_results",
    "with_prefixes",
]
