"""Every vocabulary the graph uses, declared once.

``KG`` is the project's own ontology (``ontology/kg.ttl``); ``ID`` is the base of
the resources a build mints (entities, reports, sentences, assertions). W3C ORG,
PROV-O, SKOS and Dublin Core come from rdflib; ELI and Web Annotation are
declared here the way rdflib declares its own.
"""

from __future__ import annotations

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SH, SKOS, XSD, DefinedNamespace

BASE = "https://w3id.org/cngov-kg/"


class KG(DefinedNamespace):
    """The project's ontology: classes, relations and provenance properties."""

    _fail = True
    _NS = Namespace(BASE + "ontology#")

    # classes
    Report: URIRef
    Entity: URIRef
    Body: URIRef
    Place: URIRef
    Statute: URIRef
    Policy: URIRef
    Programme: URIRef
    Doctrine: URIRef
    Sentence: URIRef
    Mention: URIRef
    Assertion: URIRef
    Status: URIRef
    AdministrativeLevel: URIRef
    # status values (skos:Concept individuals)
    done: URIRef
    planned: URIRef
    # administrative levels (skos:Concept individuals)
    national: URIRef
    province: URIRef
    prefecture: URIRef
    county: URIRef
    # the seven relations of the annotation guide
    implements: URIRef
    studied: URIRef
    supervises: URIRef
    issued: URIRef
    established: URIRef
    reportsTo: URIRef
    basedOn: URIRef
    # structural relations
    subOrganizationOf: URIRef
    jurisdiction: URIRef
    within: URIRef
    mentions: URIRef
    # report metadata
    author: URIRef
    documentId: URIRef
    documentNumber: URIRef
    yearCovered: URIRef
    level: URIRef
    # sentences and mentions
    text: URIRef
    section: URIRef
    sentenceIndex: URIRef
    inSentence: URIRef
    denotes: URIRef
    mentionLabel: URIRef
    # assertions (provenance of one relation)
    relation: URIRef
    evidence: URIRef
    trigger: URIRef
    headMention: URIRef
    tailMention: URIRef
    status: URIRef
    confidence: URIRef
    rule: URIRef
    extractor: URIRef
    authorIsActor: URIRef


class ELI(DefinedNamespace):
    """European Legislation Identifier ontology (the terms this project uses)."""

    _fail = True
    _NS = Namespace("http://data.europa.eu/eli/ontology#")

    LegalResource: URIRef
    based_on: URIRef
    applies: URIRef
    passed_by: URIRef
    title: URIRef


class OA(DefinedNamespace):
    """W3C Web Annotation vocabulary (the terms this project uses)."""

    _fail = True
    _NS = Namespace("http://www.w3.org/ns/oa#")

    SpecificResource: URIRef
    TextPositionSelector: URIRef
    TextQuoteSelector: URIRef
    hasSource: URIRef
    hasSelector: URIRef
    start: URIRef
    end: URIRef
    exact: URIRef


ID = Namespace(BASE + "id/")

PREFIXES: dict[str, Namespace | type[DefinedNamespace]] = {
    "kg": KG,
    "id": ID,
    "eli": ELI,
    "oa": OA,
    "org": ORG,
    "prov": PROV,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "sh": SH,
    "xsd": XSD,
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the project's prefixes on ``graph`` and return it."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace if isinstance(namespace, Namespace) else namespace._NS, override=True)
    return graph
