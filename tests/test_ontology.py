"""The ontology declares every KG term, and built graphs conform to the shapes."""

from __future__ import annotations

from decimal import Decimal

import pytest
from .graph_samples import report_extraction, second_extraction
from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg.graphing import build_graph
from kg.identifiers import assertion_iri, mention_iri
from kg.namespaces import KG, OA
from kg.resources import ontology_path


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ontology_path("kg.ttl"))


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(ontology_path("shapes.ttl"))


def conforms(data: Graph, shapes: Graph, ontology: Graph) -> tuple[bool, str]:
    result, _, text = validate(data, shacl_graph=shapes, ont_graph=ontology, inference="rdfs")
    return result, text


def test_ontology_is_an_owl_ontology(ontology):
    assert list(ontology.subjects(RDF.type, OWL.Ontology)) == [URIRef(str(KG._NS).rstrip("#"))]


@pytest.mark.parametrize("name", list(KG.__annotations__))
def test_every_term_is_declared_with_both_labels(ontology, name):
    term = KG[name]
    assert (term, RDF.type, None) in ontology, f"kg:{name} is not declared"
    languages = {label.language for label in ontology.objects(term, RDFS.label)}
    assert {"zh", "en"} <= languages, f"kg:{name} lacks a zh or en label"


def test_built_graph_conforms(ontology, shapes):
    graph = build_graph([report_extraction(), second_extraction()])
    result, text = conforms(graph, shapes, ontology)
    assert result, text


def test_shapes_reject_bad_confidence_and_span(ontology, shapes):
    extraction = report_extraction()
    graph = build_graph([extraction])
    graph.set((assertion_iri("ili-2021", 0), KG.confidence, Literal(Decimal("1.5"))))
    result, text = conforms(graph, shapes, ontology)
    assert not result and "confidence" in text
    graph = build_graph([extraction])
    law = extraction.mentions[0]
    graph.set((mention_iri("ili-2021", law.start, law.end), OA.start, Literal(law.end + 1)))
    result, text = conforms(graph, shapes, ontology)
    assert not result and "LessThan" in text
