"""SPARQL over a built graph: an in-memory pyoxigraph store and the bundled named queries.

``Store.load`` reads a ``graph.ttl`` (or the exports folder that holds one); ``Store.query``
runs a SELECT or ASK query and returns a ``QueryResult`` of plain Python values. The project's
prefixes (``kg:``, ``skos:``, ``dcterms:`` …, from ``kg.namespaces.PREFIXES``) are declared by
default, so queries may use them without PREFIX lines; a query's own PREFIX lines win.
``serialize_results`` writes the SPARQL 1.1 results formats (CSV, TSV, JSON) or a text table.
The named queries researchers start from live in ``kg/data/queries/*.rq``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Namespace

from kg.namespaces import PREFIXES, XSD

GRAPH_FILE = "graph.ttl"
FORMATS = ("table", "csv", "tsv", "json")
_RESULT_FORMATS = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV, "json": ox.QueryResultsFormat.JSON}
_INTEGERS = {str(XSD.integer), str(XSD.int), str(XSD.long), str(XSD.nonNegativeInteger)}
_FLOATS = {str(XSD.decimal), str(XSD.double), str(XSD.float)}
_DECLARED = re.compile(r"^\s*PREFIX\s+([\w.-]*):", re.IGNORECASE | re.MULTILINE)
_CELL_WIDTH = 60


class QueryError(ValueError):
    """A query that cannot be parsed or run; the message is the parser's (with its position)."""


@dataclass(frozen=True)
class QueryResult:
    """The answer to a SELECT (or ASK) query: variable names and rows of plain values."""

    variables: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    raw: bytes  # the SPARQL 1.1 JSON results, kept for lossless CSV/TSV/JSON output

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


def _plain(term: Any) -> Any:
    """Return a pyoxigraph term as a plain Python value (IRI and text as str, numbers as numbers)."""
    if term is None:
        return None
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype in _INTEGERS:
            return int(term.value)
        if datatype in _FLOATS:
            return float(term.value)
        if datatype == str(XSD.boolean):
            return term.value == "true"
        return term.value
    return term.value


def _solutions_result(solutions: ox.QuerySolutions) -> QueryResult:
    """Read a SELECT answer once, keeping both plain rows and the JSON serialization."""
    raw = solutions.serialize(format=ox.QueryResultsFormat.JSON)
    parsed = ox.parse_query_results(raw, format=ox.QueryResultsFormat.JSON)
    variables = tuple(v.value for v in parsed.variables)
    rows = tuple(tuple(_plain(solution[v]) for v in variables) for solution in parsed)
    return QueryResult(variables, rows, raw)


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
        """Load a Turtle file, or the ``graph.ttl`` of an exports folder; return the file read."""
        source = graph_file(Path(path))
        try:
            self._store.load(path=str(source), format=ox.RdfFormat.TURTLE)
        except SyntaxError as error:
            raise QueryError(f"{source}: {error}") from None
        return source

    def query(self, sparql: str) -> QueryResult:
        """Run a SELECT or ASK query (project prefixes predeclared) and return its rows."""
        try:
            answer = self._store.query(sparql, prefixes=default_prefixes())
        except SyntaxError as error:
            raise QueryError(str(error)) from None
        except OSError as error:
            raise QueryError(str(error)) from None
        if isinstance(answer, ox.QueryBoolean):
            raw = answer.serialize(format=ox.QueryResultsFormat.JSON)
            return QueryResult(("ask",), ((bool(answer),),), raw)
        if isinstance(answer, ox.QuerySolutions):
            return _solutions_result(answer)
        raise QueryError("only SELECT and ASK queries are supported (CONSTRUCT/DESCRIBE are not)")


def graph_file(path: Path) -> Path:
    """Return the Turtle file for ``path`` (itself, or ``graph.ttl`` inside a folder)."""
    if path.is_dir():
        path = path / GRAPH_FILE
    if not path.is_file():
        raise FileNotFoundError(f"no graph at {path} (run `kg build` first, or pass --data)")
    return path


def serialize_results(result: QueryResult, fmt: str = "table") -> str:
    """Return ``result`` as SPARQL 1.1 CSV, TSV or JSON results, or as a readable text table."""
    if fmt == "table":
        return format_table(result)
    if fmt not in _RESULT_FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "json":
        return result.raw.decode("utf-8")
    if result.variables == ("ask",) and b'"boolean"' in result.raw:
        separator = "," if fmt == "csv" else "\t"
        return separator.join(result.variables) + "\n" + str(result.rows[0][0]).lower() + "\n"
    parsed = ox.parse_query_results(result.raw, format=ox.QueryResultsFormat.JSON)
    return parsed.serialize(format=_RESULT_FORMATS[fmt]).decode("utf-8")


def _width(text: str) -> int:
    """Return the display width of ``text`` (CJK characters take two columns)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cell(value: Any) -> str:
    """Return a value as one table cell, shortened to about ``_CELL_WIDTH`` columns."""
    text = "" if value is None else str(value).replace("\n", " ")
    if _width(text) <= _CELL_WIDTH:
        return text
    kept = ""
    for char in text:
        if _width(kept + char) > _CELL_WIDTH - 1:
            break
        kept += char
    return kept + "…"


def _pad(text: str, width: int) -> str:
    """Left-align ``text`` in ``width`` display columns."""
    return text + " " * (width - _width(text))


def format_table(result: QueryResult) -> str:
    """Return ``result`` as an aligned text table with a header and a row count."""
    header = [f"?{v}" for v in result.variables]
    cells = [[_cell(value) for value in row] for row in result.rows]
    widths = [max([_width(h), *(_width(row[i]) for row in cells)]) for i, h in enumerate(header)]
    lines = ["  ".join(_pad(h, w) for h, w in zip(header, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(_pad(c, w) for c, w in zip(row, widths)).rstrip() for row in cells]
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
    "named_queries",
    "named_query",
    "serialize_results",
    "with_prefixes",
]
