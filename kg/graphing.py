"""Building the graph: extractions become one merged RDF graph, and tables of it.

Every resource gets a minted IRI (``kg.identifiers``), never a blank node, so the
same extractions always serialise to the same bytes. Entities are merged across
reports by kind and canonical name; each relation is both a plain triple between
entities and a reified ``kg:Assertion`` that records where it was read (sentence,
trigger span, mentions), its status, confidence and the rule that found it. The body
structure (``kg.structure``) adds sub-organisations, each with assertions of its own,
every body's jurisdiction and the division each place lies within.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib.metadata import PackageNotFoundError, version

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS, XSD

from kg.identifiers import (
    assertion_iri,
    entity_iri,
    mention_iri,
    report_iri,
    selector_iri,
    sentence_iri,
)
from kg.lexicon import central_bodies
from kg.namespaces import KG, OA, bind_prefixes
from kg.structure import body_jurisdiction, parent_index, parent_place, sub_organizations
from kg.types import DONE, PLANNED, RELATION_TYPES, Document, Extraction, Mention, Relation, Sentence, SubOrganization

__all__ = ["build_graph", "edges_table", "nodes_table"]

ENTITY_CLASSES = {
    "BODY": KG.Body,
    "PLACE": KG.Place,
    "STATUTE": KG.Statute,
    "POLICY": KG.Policy,
    "PROGRAM": KG.Programme,
    "DOCTRINE": KG.Doctrine,
}
RELATION_PROPERTIES = {name: KG[name] for name in RELATION_TYPES}
STATUS_CONCEPTS = {DONE: KG.done, PLANNED: KG.planned}
# Entity-to-entity properties: what the edge table lists and node degrees count.
EDGE_PROPERTIES = (*RELATION_PROPERTIES.values(), KG.subOrganizationOf, KG.jurisdiction, KG.within)
# Report-to-entity properties: which reports an entity belongs to.
REPORT_LINKS = (KG.mentions, DCTERMS.creator, KG.jurisdiction)
SECTION_SEPARATOR = " / "
# Whitespace inside a name is line-wrapping, not part of the name.
WHITESPACE = re.compile(r"\s+")
TITLE_MARKS = "《》"
# How a title nested in another is written: 《…贯彻落实<纲要>实施方案》.
INNER_MARKS = ("<", "〈")
UNKNOWN_VERSION = "0+unknown"


@dataclass
class _Entity:
    """What the build learns about one entity across all reports."""

    cls: URIRef
    names: set[str] = field(default_factory=set)
    variants: set[str] = field(default_factory=set)


@cache
def extractor_name() -> str:
    """Return the ``kg:extractor`` value: this package's name and version."""
    try:
        return f"kg {version('cngov-kg')}"
    except PackageNotFoundError:
        return f"kg {UNKNOWN_VERSION}"


def clean_name(text: str) -> str:
    """Return ``text`` as a label: whitespace removed, surrounding 《》 stripped."""
    return WHITESPACE.sub("", text).strip(TITLE_MARKS)


def local_name(term: URIRef) -> str:
    """Return the local name of a KG term (``kg:implements`` -> ``implements``)."""
    return str(term).removeprefix(str(KG._NS))


def build_graph(extractions: Iterable[Extraction]) -> Graph:
    """Return one graph holding every report, entity, mention, sentence and relation.

    Relations whose head is the author are skipped when the report names no author.
    Bodies are linked to the bodies they are part of and to their jurisdictions, and
    places to the places above them (``kg.structure``).
    """
    graph = bind_prefixes(Graph())
    entities: dict[URIRef, _Entity] = {}
    extractions = list(extractions)
    parents = parent_index(_body_names(extractions))
    for extraction in extractions:
        _add_extraction(graph, extraction, entities, parents)
    _add_jurisdictions(graph, entities, {e.document.meta.jurisdiction for e in extractions} - {None})
    for iri in sorted(entities):
        _add_entity(graph, iri, entities[iri])
    return graph


def _body_names(extractions: list[Extraction]) -> set[str]:
    """Return the canonical names of every body of the graph: mentioned, authors, central bodies."""
    names = {m.canonical for e in extractions for m in e.mentions if m.label == "BODY"}
    names |= {e.document.meta.author for e in extractions if e.document.meta.author}
    return names | set(central_bodies().values())


def _register(entities: dict[URIRef, _Entity], label: str, canonical: str, text: str | None = None) -> URIRef:
    """Record a name (and a surface form) of an entity; return its IRI."""
    iri = entity_iri(label, canonical)
    entity = entities.setdefault(iri, _Entity(ENTITY_CLASSES[label]))
    entity.names.add(clean_name(canonical))
    if text is not None:
        entity.variants.add(clean_name(text))
    return iri


def _add_entity(graph: Graph, iri: URIRef, entity: _Entity) -> None:
    """Add an entity's type, preferred label and alternative labels.

    A name written as a title of its own is preferred to one read inside another title (<…>).
    """
    names = sorted(entity.names, key=lambda name: (name.startswith(INNER_MARKS), name))
    graph.add((iri, RDF.type, entity.cls))
    graph.add((iri, SKOS.prefLabel, Literal(names[0], lang="zh")))
    for variant in sorted((entity.variants | set(names[1:])) - {names[0]}):
        graph.add((iri, SKOS.altLabel, Literal(variant, lang="zh")))


def _add_extraction(graph: Graph, extraction: Extraction, entities: dict[URIRef, _Entity], parents: dict[str, str]) -> None:
    """Add one report and everything found in it."""
    doc = extraction.document
    meta = doc.meta
    author = _register(entities, "BODY", meta.author) if meta.author else None
    place = _register(entities, "PLACE", meta.jurisdiction) if meta.jurisdiction else None
    report = _add_report(graph, doc, author, place)
    denoted: dict[int, URIRef] = {}
    for mention in extraction.mentions:
        denoted[mention.id] = _register(entities, mention.label, mention.canonical, mention.text)
        _add_mention(graph, doc.id, mention, denoted[mention.id])
        graph.add((report, KG.mentions, denoted[mention.id]))
    links = sub_organizations(extraction, parents)
    used = {m.sentence for m in extraction.mentions} | {r.sentence for r in extraction.relations} | {k.sentence for k in links}
    for sentence in extraction.sentences:
        if sentence.index in used:
            _add_sentence(graph, doc.id, sentence)
    for index, relation in enumerate(extraction.relations):
        head = denoted[relation.head] if relation.head is not None else author
        if head is not None:
            _add_relation(graph, extraction, index, relation, head, denoted[relation.tail])
    for index, link in enumerate(links, start=len(extraction.relations)):
        _add_sub_organization(graph, extraction, index, link, entities)


def _add_jurisdictions(graph: Graph, entities: dict[URIRef, _Entity], own: set[str]) -> None:
    """Link every body to its jurisdiction and every place to the place above it."""
    for iri, entity in list(entities.items()):
        if entity.cls == KG.Body:
            place = body_jurisdiction(min(entity.names), own)
            if place is not None:
                graph.add((iri, KG.jurisdiction, _register(entities, "PLACE", place)))
    todo = [min(entity.names) for entity in entities.values() if entity.cls == KG.Place]
    while todo:
        name = todo.pop()
        above = parent_place(name, own)
        if above is not None:
            upper = entity_iri("PLACE", above)
            if upper not in entities:
                todo.append(above)
            graph.add((_register(entities, "PLACE", name), KG.within, _register(entities, "PLACE", above)))


def _add_report(graph: Graph, doc: Document, author: URIRef | None, place: URIRef | None) -> URIRef:
    """Add a report with its metadata; return its IRI."""
    report = report_iri(doc.id)
    meta = doc.meta
    graph.add((report, RDF.type, KG.Report))
    graph.add((report, KG.documentId, Literal(doc.id)))
    graph.add((report, DCTERMS.source, Literal(doc.source)))
    if meta.title:
        graph.add((report, DCTERMS.title, Literal(meta.title, lang="zh")))
    if meta.date:
        graph.add((report, DCTERMS.date, Literal(meta.date, datatype=XSD.date)))
    if author is not None:
        graph.add((report, DCTERMS.creator, author))
    if place is not None:
        graph.add((report, KG.jurisdiction, place))
    return report


def _add_mention(graph: Graph, doc_id: str, mention: Mention, entity: URIRef) -> None:
    """Add a mention: its span, text, label, sentence and the entity it denotes."""
    node = mention_iri(doc_id, mention.start, mention.end)
    graph.add((node, RDF.type, KG.Mention))
    _add_span(graph, node, mention.start, mention.end, mention.text)
    graph.add((node, KG.mentionLabel, Literal(mention.label)))
    graph.add((node, KG.denotes, entity))
    graph.add((node, KG.inSentence, sentence_iri(doc_id, mention.sentence)))
    graph.add((node, OA.hasSource, report_iri(doc_id)))


def _add_span(graph: Graph, node: URIRef, start: int, end: int, exact: str | None = None) -> None:
    """Add the text-position properties of a selector (and the text it selects)."""
    graph.add((node, OA.start, Literal(start, datatype=XSD.integer)))
    graph.add((node, OA.end, Literal(end, datatype=XSD.integer)))
    if exact is not None:
        graph.add((node, OA.exact, Literal(exact)))


def _add_sentence(graph: Graph, doc_id: str, sentence: Sentence) -> None:
    """Add a sentence: its text, index, section and position selector."""
    node = sentence_iri(doc_id, sentence.index)
    selector = selector_iri(node, "position")
    graph.add((node, RDF.type, KG.Sentence))
    graph.add((node, OA.hasSource, report_iri(doc_id)))
    graph.add((node, KG.text, Literal(sentence.text)))
    graph.add((node, KG.sentenceIndex, Literal(sentence.index, datatype=XSD.integer)))
    if sentence.section:
        graph.add((node, KG.section, Literal(SECTION_SEPARATOR.join(sentence.section))))
    graph.add((node, OA.hasSelector, selector))
    graph.add((selector, RDF.type, OA.TextPositionSelector))
    _add_span(graph, selector, sentence.start, sentence.end)


def _add_relation(
    graph: Graph, extraction: Extraction, index: int, relation: Relation, head: URIRef, tail: URIRef
) -> None:
    """Add a relation as a plain triple and as an assertion recording its provenance."""
    predicate = RELATION_PROPERTIES[relation.type]
    node = _add_assertion(graph, extraction, index, (head, predicate, tail), relation)
    if relation.head is None:
        graph.add((node, KG.authorIsActor, Literal(True)))
    _add_mention_links(graph, extraction, node, relation.head, relation.tail)


def _add_sub_organization(
    graph: Graph, extraction: Extraction, index: int, link: SubOrganization, entities: dict[URIRef, _Entity]
) -> None:
    """Add a sub-organisation link as a plain triple and as an assertion recording its provenance."""
    child = _register(entities, "BODY", link.child)
    parent = _register(entities, "BODY", link.parent)
    node = _add_assertion(graph, extraction, index, (child, KG.subOrganizationOf, parent), link)
    _add_mention_links(graph, extraction, node, link.child_mention, link.parent_mention)


def _add_assertion(
    graph: Graph, extraction: Extraction, index: int, triple: tuple[URIRef, URIRef, URIRef], found: Relation | SubOrganization
) -> URIRef:
    """Add a triple and its assertion: evidence sentence, trigger span, status, confidence, rule."""
    doc = extraction.document
    start, end = (found.trigger_start, found.trigger_end) if isinstance(found, Relation) else (found.start, found.end)
    graph.add(triple)
    node = assertion_iri(doc.id, index)
    trigger = selector_iri(node, "trigger")
    graph.add((node, RDF.type, KG.Assertion))
    graph.add((node, RDF.type, RDF.Statement))
    graph.add((node, RDF.subject, triple[0]))
    graph.add((node, RDF.predicate, triple[1]))
    graph.add((node, RDF.object, triple[2]))
    graph.add((node, KG.evidence, sentence_iri(doc.id, found.sentence)))
    graph.add((node, KG.trigger, trigger))
    graph.add((trigger, RDF.type, OA.TextPositionSelector))
    _add_span(graph, trigger, start, end, doc.text[start:end])
    graph.add((node, KG.status, STATUS_CONCEPTS[found.status]))
    graph.add((node, KG.confidence, Literal(Decimal(repr(found.confidence)), datatype=XSD.decimal)))
    graph.add((node, KG.rule, Literal(found.rule)))
    graph.add((node, KG.extractor, Literal(extractor_name())))
    graph.add((node, PROV.wasDerivedFrom, report_iri(doc.id)))
    return node


def _add_mention_links(graph: Graph, extraction: Extraction, node: URIRef, head: int | None, tail: int | None) -> None:
    """Add the mentions an assertion's subject and object are written as, where they are written."""
    doc_id = extraction.document.id
    for prop, mention_id in ((KG.headMention, head), (KG.tailMention, tail)):
        if mention_id is not None:
            mention = extraction.mention(mention_id)
            graph.add((node, prop, mention_iri(doc_id, mention.start, mention.end)))


def _report_ids(graph: Graph) -> dict[URIRef, str]:
    """Return the document id of every report in ``graph``."""
    return {report: str(graph.value(report, KG.documentId)) for report in graph.subjects(RDF.type, KG.Report)}


def edges_table(graph: Graph) -> list[dict]:
    """Return one row per entity-to-entity edge, sorted by source, relation, target.

    Columns: source, target, relation (local name), status (``|``-joined statuses of
    its assertions), reports (``|``-joined ids of the reports asserting it) and
    evidence (how many assertions support it).
    """
    report_ids = _report_ids(graph)
    support = defaultdict(list)
    for node in graph.subjects(RDF.type, KG.Assertion):
        key = (graph.value(node, RDF.subject), graph.value(node, RDF.predicate), graph.value(node, RDF.object))
        support[key].append(node)
    rows = []
    for predicate in EDGE_PROPERTIES:
        for source, target in graph.subject_objects(predicate):
            if source in report_ids:
                continue
            assertions = support[(source, predicate, target)]
            statuses = {local_name(graph.value(node, KG.status)) for node in assertions}
            reports = {report_ids[graph.value(node, PROV.wasDerivedFrom)] for node in assertions}
            rows.append({
                "source": str(source),
                "target": str(target),
                "relation": local_name(predicate),
                "status": "|".join(sorted(statuses)),
                "reports": "|".join(sorted(reports)),
                "evidence": len(assertions),
            })
    return sorted(rows, key=lambda row: (row["source"], row["relation"], row["target"]))


def nodes_table(graph: Graph) -> list[dict]:
    """Return one row per entity, sorted by kind, label and IRI.

    Columns: iri, kind (class local name), label (preferred label), variants
    (``|``-joined alternative labels), reports (``|``-joined ids of the reports that
    mention, author or are located in it) and degree (number of edges in
    :func:`edges_table` touching it).
    """
    degree = Counter()
    for edge in edges_table(graph):
        degree[edge["source"]] += 1
        degree[edge["target"]] += 1
    report_ids = _report_ids(graph)
    reports = defaultdict(set)
    for predicate in REPORT_LINKS:
        for report, entity in graph.subject_objects(predicate):
            if report in report_ids:
                reports[entity].add(report_ids[report])
    rows = []
    for cls in ENTITY_CLASSES.values():
        for node in graph.subjects(RDF.type, cls):
            rows.append({
                "iri": str(node),
                "kind": local_name(cls),
                "label": str(graph.value(node, SKOS.prefLabel)),
                "variants": "|".join(sorted(str(label) for label in graph.objects(node, SKOS.altLabel))),
                "reports": "|".join(sorted(reports[node])),
                "degree": degree[str(node)],
            })
    return sorted(rows, key=lambda row: (row["kind"], row["label"], row["iri"]))
