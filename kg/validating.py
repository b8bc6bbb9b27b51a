"""Validating: a built graph checked against the SHACL shapes (``kg/ontology/shapes.ttl``) with pyshacl.

The ontology (``kg.ttl``) is read alongside, so ``sh:targetClass kg:Entity`` reaches bodies,
statutes … through ``rdfs:subClassOf``. ``validate_path`` returns a ``Validation`` whose
violations say which node broke which shape, on which property, and how;
``format_validation`` writes them as a readable report.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Node, URIRef
from rdflib.namespace import RDF, SH

from kg.namespaces import bind_prefixes
from kg.resources import ontology_path
from kg.store import GRAPH_FILE, graph_file, rdf_format

__all__ = ["Validation", "Violation", "format_validation", "read_graph", "validate_graph", "validate_path"]

SHAPES_PREFIX = ("kgsh", "https://w3id.org/cngov-kg/shapes#")


@dataclass(frozen=True, order=True)
class Violation:
    """One SHACL result: the node, the shape and property it broke, the constraint, the value and message."""

    focus: str
    path: str
    shape: str
    constraint: str
    value: str
    message: str
    severity: str


@dataclass
class Validation:
    """The outcome of validating one graph file against the shapes."""

    source: Path
    shapes: Path
    triples: int
    violations: list[Violation] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        """Tell whether the graph has no violation."""
        return not self.violations


def read_graph(path: Path) -> tuple[Graph, Path]:
    """Return the merged graph of ``path`` (graph.ttl of a folder, or any graph file) and the file read.

    The file is parsed by oxigraph (quick, and its errors give the line and column); the triples
    of every graph of a dataset are merged and handed to rdflib as N-Triples.
    """
    source = path / GRAPH_FILE if path.is_dir() and (path / GRAPH_FILE).is_file() else graph_file(path)
    try:
        triples = [quad.triple for quad in ox.parse(path=str(source), format=rdf_format(source))]
    except SyntaxError as error:
        raise ValueError(f"{source}: cannot parse: {error}") from None
    return Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt"), source


def _compact(graph: Graph, term: Node | None) -> str:
    """Return a term as a prefixed name where a prefix fits, an IRI in <>, or a literal's text."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        try:
            return graph.namespace_manager.normalizeUri(term)
        except ValueError:
            return f"<{term}>"
    return str(term)


def _shape_name(shapes: Graph, shape: Node | None) -> str:
    """Return the name of the node shape a (blank) property shape belongs to."""
    owner = shapes.value(predicate=SH.property, object=shape) if isinstance(shape, BNode) else shape
    return _compact(shapes, owner) if owner is not None else "(anonymous shape)"


def _violations(results: Graph, shapes: Graph) -> list[Violation]:
    """Return the validation results of a pyshacl results graph, sorted by node and property."""
    found = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        component = _compact(shapes, results.value(result, SH.sourceConstraintComponent))
        found.append(Violation(
            focus=_compact(shapes, results.value(result, SH.focusNode)),
            path=_compact(shapes, results.value(result, SH.resultPath)),
            shape=_shape_name(shapes, results.value(result, SH.sourceShape)),
            constraint=component.removeprefix("sh:").removesuffix("ConstraintComponent"),
            value=_compact(shapes, results.value(result, SH.value)),
            message=str(results.value(result, SH.resultMessage) or ""),
            severity=_compact(shapes, results.value(result, SH.resultSeverity)).removeprefix("sh:"),
        ))
    return sorted(found)


def _shapes_graph(shapes: Path) -> Graph:
    """Return the shapes graph with the project prefixes (and ``kgsh:``) bound for readable names."""
    graph = bind_prefixes(Graph()).parse(shapes)
    graph.bind(*SHAPES_PREFIX, override=True)
    return graph


def validate_graph(data: Graph, shapes: Path | None = None) -> list[Violation]:
    """Return the violations of ``data`` against the shapes (the bundled ones by default)."""
    from pyshacl import validate  # imported here: pyshacl takes a second to import

    shapes_graph = _shapes_graph(shapes or ontology_path("shapes.ttl"))
    ontology = Graph().parse(ontology_path("kg.ttl"))
    _, results, _ = validate(data, shacl_graph=shapes_graph, ont_graph=ontology, inference="none")
    return _violations(results, shapes_graph)


def validate_path(path: Path, shapes: Path | None = None) -> Validation:
    """Validate the graph of an exports folder or graph file against the shapes."""
    shapes = shapes or ontology_path("shapes.ttl")
    if not shapes.is_file():
        raise FileNotFoundError(f"no shapes file at {shapes}")
    data, source = read_graph(path)
    return Validation(source, shapes, len(data), validate_graph(data, shapes))


def format_validation(validation: Validation) -> str:
    """Return a readable report: one block per violation (node, shape and property, problem)."""
    if validation.conforms:
        return f"{validation.source}: conforms to {validation.shapes.name} ({validation.triples} triples)\n"
    count = len(validation.violations)
    lines = [f"{validation.source}: {count} violation{'' if count == 1 else 's'} of {validation.shapes.name}"]
    kinds = Counter((v.shape, v.path, v.constraint) for v in validation.violations)
    lines += [f"{n:>6} × {' '.join(filter(None, kind))}" for kind, n in sorted(kinds.items())]
    for violation in validation.violations:
        where = f"{violation.shape}, property {violation.path}" if violation.path else violation.shape
        value = f" (value {violation.value})" if violation.value else ""
        lines.append(f"- {violation.focus}")
        lines.append(f"    shape {where}: {violation.constraint}{value}")
        lines.append(f"    {violation.message}")
    return "\n".join(lines) + "\n"
