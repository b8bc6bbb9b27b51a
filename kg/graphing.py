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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, lru_cache
from importlib.metadata import PackageNotFoundError, version

from rdflib import Graph, Literal, Node, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS, XSD, DefinedNamespace

from kg.identifiers import entity_iri, selector_iri
from kg.identifiers import report_iri as _report_iri
from kg.namespaces import KG, OA, bind_prefixes
from kg.structure import body_jurisdiction, central_names, parent_index, parent_place, place_level, sub_organizations
from kg.types import DONE, PLANNED, RELATION_TYPES, Document, Extraction, Mention, Relation, Sentence, SubOrganization

__all__ = ["GraphBuilder", "Triples", "build_graph", "build_triples", "edges_table", "nodes_table", "triple_key"]

Triple = tuple[URIRef, URIRef, Node]


class _Terms:
    """A vocabulary's terms by attribute, each looked up once (a DefinedNamespace lookup is slow)."""

    def __init__(self, namespace: type[DefinedNamespace]) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        term = getattr(self._namespace, name)
        setattr(self, name, term)
        return term


_KG, _RDF, _OA, _DCTERMS, _SKOS, _PROV, _XSD = map(_Terms, (KG, RDF, OA, DCTERMS, SKOS, PROV, XSD))

ENTITY_CLASSES = {
    "BODY": _KG.Body,
    "PLACE": _KG.Place,
    "STATUTE": _KG.Statute,
    "POLICY": _KG.Policy,
    "PROGRAM": _KG.Programme,
    "DOCTRINE": _KG.Doctrine,
}
RELATION_PROPERTIES = {name: KG[name] for name in RELATION_TYPES}
STATUS_CONCEPTS = {DONE: _KG.done, PLANNED: _KG.planned}
# The administrative levels of places (kg.structure.place_level).
LEVEL_CONCEPTS = {"national": _KG.national, "province": _KG.province, "prefecture": _KG.prefecture, "county": _KG.county}
# Entity-to-entity properties: what the edge table lists and node degrees count.
EDGE_PROPERTIES = (*RELATION_PROPERTIES.values(), _KG.subOrganizationOf, _KG.jurisdiction, _KG.within)
# Report-to-entity properties: which reports an entity belongs to.
REPORT_LINKS = (_KG.mentions, _DCTERMS.creator, _KG.jurisdiction)
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
    return str(term).removeprefix(str(_KG._NS))


def build_graph(extractions: Iterable[Extraction]) -> Graph:
    """Return one graph holding every report, entity, mention, sentence and relation.

    Relations whose head is the author are skipped when the report names no author.
    Bodies are linked to the bodies they are part of and to their jurisdictions, and
    places to the places above them (``kg.structure``). The triples are those of
    :func:`build_triples`, which builds and exports use (an rdflib graph is slow to fill).
    """
    graph = bind_prefixes(Graph())
    graph.addN((s, p, o, graph) for s, p, o in build_triples(extractions))
    return graph


def build_triples(extractions: Iterable[Extraction]) -> Triples:
    """Return the triples of :func:`build_graph` (sorted, without duplicates) without making an rdflib graph."""
    builder = GraphBuilder()
    for extraction in extractions:
        builder.add(extraction)
    return builder.triples()


class GraphBuilder:
    """The triples of :func:`build_triples`, made one extraction at a time, in any order.

    Each report's own triples are made as it is added; what depends on the whole corpus
    (sub-organisations, found among the names of every body; jurisdictions; the entities'
    labels) is added by :meth:`triples`.
    """

    def __init__(self) -> None:
        self._sink = _Sink()
        self._entities: dict[URIRef, _Entity] = {}
        self._extractions: list[Extraction] = []

    def add(self, extraction: Extraction) -> None:
        """Add one report and what was found in it."""
        _add_extraction(self._sink, extraction, self._entities)
        self._extractions.append(extraction)

    def triples(self) -> Triples:
        """Return every triple added, with those that depend on the whole corpus."""
        extractions = sorted(self._extractions, key=lambda extraction: extraction.document.id)
        parents = parent_index(_body_names(extractions))
        for extraction in extractions:
            _add_sub_organizations(self._sink, extraction, parents, self._entities)
        _add_jurisdictions(self._sink, self._entities, {e.document.meta.jurisdiction for e in extractions} - {None})
        for iri in sorted(self._entities):
            _add_entity(self._sink, iri, self._entities[iri])
        return Triples.from_keyed(self._sink)


class _Sink(dict):
    """The triples of a build by their :func:`triple_key`, as they are added (an rdflib Graph's ``add``)."""

    def add(self, triple: Triple) -> None:
        self[triple_key(triple)] = triple


@lru_cache(maxsize=1 << 16)
def _entity_iri(label: str, canonical: str) -> URIRef:
    """Return :func:`kg.identifiers.entity_iri` (names recur across mentions and reports)."""
    return entity_iri(label, canonical)


@lru_cache(maxsize=1 << 12)
def report_iri(doc_id: str) -> URIRef:
    """Return the IRI of a report (:func:`kg.identifiers.report_iri`, computed once per report)."""
    return _report_iri(doc_id)


def sentence_iri(doc_id: str, index: int) -> URIRef:
    """Return :func:`kg.identifiers.sentence_iri` from the report's IRI."""
    return URIRef(f"{report_iri(doc_id)}/sentence/{index}")


def mention_iri(doc_id: str, start: int, end: int) -> URIRef:
    """Return :func:`kg.identifiers.mention_iri` from the report's IRI."""
    return URIRef(f"{report_iri(doc_id)}/mention/{start}-{end}")


def assertion_iri(doc_id: str, index: int) -> URIRef:
    """Return :func:`kg.identifiers.assertion_iri` from the report's IRI."""
    return URIRef(f"{report_iri(doc_id)}/assertion/{index}")


@lru_cache(maxsize=1 << 16)
def _integer(value: int) -> Literal:
    """Return an xsd:integer literal (offsets and indexes recur)."""
    return Literal(value, datatype=_XSD.integer)


@lru_cache(maxsize=1 << 12)
def _plain(value: str) -> Literal:
    """Return a plain literal of a recurring value (labels, rules, the extractor)."""
    return Literal(value)


@lru_cache(maxsize=1 << 10)
def _decimal(value: float) -> Literal:
    """Return a confidence as an xsd:decimal literal."""
    return Literal(Decimal(repr(value)), datatype=_XSD.decimal)


_TYPE = str(RDF.type)


def _object_key(obj: Node) -> tuple[bool, str, str, str]:
    """Return the sort key of an object: IRIs before literals, then text, datatype, language."""
    if isinstance(obj, Literal):
        datatype = obj.datatype
        return True, str(obj), "" if datatype is None else str(datatype), obj.language or ""
    return False, str(obj), "", ""


def triple_key(triple: Triple) -> tuple[str, bool, str, tuple[bool, str, str, str]]:
    """Return the sort key of a triple: subject, type first, predicate, object (IRIs before literals).

    Two IRI-or-literal triples are equal exactly when their keys are.
    """
    subject, predicate, obj = triple
    predicate = str(predicate)
    return str(subject), predicate != _TYPE, predicate, _object_key(obj)


def _distinct(nodes: Iterable[Node]) -> Iterator[Node]:
    """Yield each node once, at its first occurrence (lazily)."""
    seen = set()
    for node in nodes:
        if node not in seen:
            seen.add(node)
            yield node


@cache
def _namespaces() -> tuple[tuple[str, URIRef], ...]:
    """Return the prefixes a built rdflib graph has bound."""
    return tuple(bind_prefixes(Graph()).namespaces())


class Triples:
    """The triples of a built graph, sorted by :func:`triple_key`, without duplicates.

    It answers the read-only lookups of an rdflib Graph that the tables, the exports and
    the viewer make (iteration, ``triples``, ``subjects``, ``objects``, ``value`` …), with
    every result in that sorted order; :meth:`graph` makes the rdflib Graph.
    """

    # Not an rdflib store: code that reads a Graph's store directly uses the lookups instead.
    store = None

    def __init__(self, triples: Iterable[Triple], namespaces: Iterable[tuple[str, URIRef]] | None = None) -> None:
        keyed: dict[tuple, Triple] = {}
        count = 0
        for triple in triples:  # IRI and literal triples are equal exactly when their keys are
            keyed[triple_key(triple)] = triple
            count += 1
        if isinstance(triples, Graph) and len(keyed) != count:  # a blank node and an IRI of the same name
            self.sorted: list[Triple] = sorted(triples, key=triple_key)
            self.keys = [triple_key(triple) for triple in self.sorted]
        else:
            self.keys = sorted(keyed)
            self.sorted = [keyed[key] for key in self.keys]
        self._indexes: tuple[dict, dict, dict] | None = None
        self._blank = False
        self._namespaces = tuple(namespaces) if namespaces is not None else None

    @classmethod
    def from_keyed(cls, keyed: dict[tuple, Triple]) -> Triples:
        """Return the Triples of ``keyed``: triples by their :func:`triple_key`, as a build collects them."""
        triples = cls(())
        triples.keys = sorted(keyed)
        triples.sorted = [keyed[key] for key in triples.keys]
        return triples

    @classmethod
    def of(cls, graph: Graph | Triples) -> Triples:
        """Return ``graph`` as Triples (itself when it is; an rdflib Graph keeps its prefixes)."""
        return graph if isinstance(graph, Triples) else cls(graph, namespaces=graph.namespaces())

    def graph(self) -> Graph:
        """Return these triples as an rdflib Graph with the project's prefixes bound."""
        graph = bind_prefixes(Graph())
        graph.addN((s, p, o, graph) for s, p, o in self.sorted)
        return graph

    def namespaces(self) -> Iterator[tuple[str, URIRef]]:
        """Yield the bound prefixes, as ``Graph.namespaces`` does."""
        yield from _namespaces() if self._namespaces is None else self._namespaces

    def __iter__(self) -> Iterator[Triple]:
        return iter(self.sorted)

    def __len__(self) -> int:
        return len(self.sorted)

    def __contains__(self, triple: Triple) -> bool:
        return next(self.triples(triple), None) is not None

    def _index(self) -> tuple[dict, dict, dict]:
        """Return the positions of the triples by predicate, with the per-predicate indexes made so far.

        Keyed by the terms' text (:func:`triple_key`): rdflib terms hash slowly. The objects by
        subject and the subjects by object of a predicate are indexed when first asked for.
        """
        if self._indexes is None:
            by_p: dict[str, list[int]] = {}
            for position, key in enumerate(self.keys):
                by_p.setdefault(key[2], []).append(position)
            self._indexes = {}, {}, by_p
            self._blank = self.has_blank_nodes()
        return self._indexes

    def _objects_by_subject(self, predicate: str) -> dict[str, list[Node]]:
        """Return the objects of ``predicate`` by the subject's text."""
        by_sp, _, by_p = self._index()
        if predicate not in by_sp:
            index: dict[str, list[Node]] = {}
            for position in by_p.get(predicate, ()):
                index.setdefault(self.keys[position][0], []).append(self.sorted[position][2])
            by_sp[predicate] = index
        return by_sp[predicate]

    def _subjects_by_object(self, predicate: str) -> dict[tuple, list[Node]]:
        """Return the subjects of ``predicate`` by the object's key."""
        _, by_po, by_p = self._index()
        if predicate not in by_po:
            index: dict[tuple, list[Node]] = {}
            for position in by_p.get(predicate, ()):
                index.setdefault(self.keys[position][3], []).append(self.sorted[position][0])
            by_po[predicate] = index
        return by_po[predicate]

    def triples(self, pattern: tuple[Node | None, Node | None, Node | None]) -> Iterator[Triple]:
        """Yield the triples matching ``pattern`` (None matches anything), in sorted order."""
        s, p, o = pattern
        by_p = self._index()[2]
        if s is not None and p is not None:
            found = ((s, p, obj) for obj in self._objects_by_subject(str(p)).get(str(s), ()))
        elif p is not None and o is not None:
            found = ((subject, p, o) for subject in self._subjects_by_object(str(p)).get(_object_key(o), ()))
        elif p is not None:
            found = (self.sorted[position] for position in by_p.get(str(p), ()))
        else:
            found = iter(self.sorted)
        # What the index leaves open is matched here, and everything where the text of a
        # blank node may be that of an IRI.
        if self._blank or (p is None and (s is not None or o is not None)) or None not in (s, p, o):
            found = (t for t in found if (s is None or t[0] == s) and (p is None or t[1] == p) and (o is None or t[2] == o))
        yield from found

    def has_blank_nodes(self) -> bool:
        """Tell whether a subject or object is a blank node (built graphs have none)."""
        return any(type(s) is not URIRef and not isinstance(s, URIRef) for s, _, _ in self.sorted) or any(
            not obj[0] and type(o) is not URIRef and not isinstance(o, URIRef) for (_, _, _, obj), (_, _, o) in zip(self.keys, self.sorted)
        )

    def subjects(self, predicate: Node | None = None, object: Node | None = None, unique: bool = False) -> Iterator[Node]:
        """Yield the subjects of the triples with ``predicate`` and ``object``."""
        found = (s for s, _, _ in self.triples((None, predicate, object)))
        yield from found if predicate is not None and object is not None else _distinct(found)

    def objects(self, subject: Node | None = None, predicate: Node | None = None, unique: bool = False) -> Iterator[Node]:
        """Yield the objects of the triples with ``subject`` and ``predicate``."""
        found = (o for _, _, o in self.triples((subject, predicate, None)))
        yield from found if subject is not None and predicate is not None else _distinct(found)

    def predicates(self, subject: Node | None = None, object: Node | None = None, unique: bool = False) -> Iterator[Node]:
        """Yield the distinct predicates of the triples with ``subject`` and ``object``."""
        yield from dict.fromkeys(p for _, p, _ in self.triples((subject, None, object)))

    def subject_objects(self, predicate: Node | None = None, unique: bool = False) -> Iterator[tuple[Node, Node]]:
        """Yield the (subject, object) pairs of ``predicate``."""
        by_p = self._index()[2]
        if predicate is not None and not self._blank:
            yield from ((self.sorted[position][0], self.sorted[position][2]) for position in by_p.get(str(predicate), ()))
        else:
            yield from ((s, o) for s, _, o in self.triples((None, predicate, None)))

    def value(self, subject: Node | None = None, predicate: Node = RDF.value, object: Node | None = None, default=None, any: bool = True):
        """Return one (the first) node completing the pattern, or ``default``."""
        if object is None:
            return next(self.objects(subject, predicate), default)
        return next(self.subjects(predicate, object), default) if subject is None else next(self.predicates(subject, object), default)


def _body_names(extractions: list[Extraction]) -> set[str]:
    """Return the canonical names of every body of the graph: mentioned, authors, central bodies."""
    names = {m.canonical for e in extractions for m in e.mentions if m.label == "BODY"}
    names |= {e.document.meta.author for e in extractions if e.document.meta.author}
    return names | central_names()


def _register(entities: dict[URIRef, _Entity], label: str, canonical: str, text: str | None = None) -> URIRef:
    """Record a name (and a surface form) of an entity; return its IRI."""
    iri = _entity_iri(label, canonical)
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
    graph.add((iri, _RDF.type, entity.cls))
    graph.add((iri, _SKOS.prefLabel, Literal(names[0], lang="zh")))
    for variant in sorted((entity.variants | set(names[1:])) - {names[0]}):
        graph.add((iri, _SKOS.altLabel, Literal(variant, lang="zh")))


def _add_extraction(graph: Graph, extraction: Extraction, entities: dict[URIRef, _Entity]) -> None:
    """Add one report and everything found in it but its sub-organisations."""
    doc = extraction.document
    author = _register(entities, "BODY", doc.meta.author) if doc.meta.author else None
    place = _register(entities, "PLACE", doc.meta.jurisdiction) if doc.meta.jurisdiction else None
    report = _add_report(graph, doc, author, place)
    denoted = {m.id: _register(entities, m.label, m.canonical, m.text) for m in extraction.mentions}
    for mention in extraction.mentions:
        _add_mention(graph, doc.id, mention, denoted[mention.id])
        graph.add((report, _KG.mentions, denoted[mention.id]))
    _add_sentences(graph, extraction, {m.sentence for m in extraction.mentions} | {r.sentence for r in extraction.relations})
    for index, relation in enumerate(extraction.relations):
        head = denoted[relation.head] if relation.head is not None else author
        if head is not None:
            _add_relation(graph, extraction, index, relation, head, denoted[relation.tail])


def _add_sub_organizations(graph: Graph, extraction: Extraction, parents: dict[str, str], entities: dict[URIRef, _Entity]) -> None:
    """Add the sub-organisation links read in one report (``parents``: :func:`kg.structure.parent_index`), with their sentences."""
    links = sub_organizations(extraction, parents)
    _add_sentences(graph, extraction, {link.sentence for link in links})
    for index, link in enumerate(links, start=len(extraction.relations)):
        _add_sub_organization(graph, extraction, index, link, entities)


def _add_sentences(graph: Graph, extraction: Extraction, indexes: set[int]) -> None:
    """Add the sentences of a report at ``indexes`` (those evidence or mentions point to)."""
    for sentence in extraction.sentences:
        if sentence.index in indexes:
            _add_sentence(graph, extraction.document.id, sentence)


def _add_jurisdictions(graph: Graph, entities: dict[URIRef, _Entity], own: set[str]) -> None:
    """Link every body to its jurisdiction, and every place to the place above it and its level."""
    for iri, entity in list(entities.items()):
        if entity.cls == _KG.Body:
            place = body_jurisdiction(min(entity.names), own)
            if place is not None:
                graph.add((iri, _KG.jurisdiction, _register(entities, "PLACE", place)))
    todo = [min(entity.names) for entity in entities.values() if entity.cls == _KG.Place]
    while todo:
        name = todo.pop()
        level = place_level(name)
        if level is not None:
            graph.add((_register(entities, "PLACE", name), _KG.level, LEVEL_CONCEPTS[level]))
        above = parent_place(name, own)
        if above is not None:
            upper = _entity_iri("PLACE", above)
            if upper not in entities:
                todo.append(above)
            graph.add((_register(entities, "PLACE", name), _KG.within, _register(entities, "PLACE", above)))


def _add_report(graph: Graph, doc: Document, author: URIRef | None, place: URIRef | None) -> URIRef:
    """Add a report with its metadata; return its IRI."""
    report = report_iri(doc.id)
    meta = doc.meta
    graph.add((report, _RDF.type, _KG.Report))
    graph.add((report, _KG.documentId, Literal(doc.id)))
    graph.add((report, _DCTERMS.source, Literal(doc.source)))
    if meta.title:
        graph.add((report, _DCTERMS.title, Literal(meta.title, lang="zh")))
    if meta.date:
        graph.add((report, _DCTERMS.date, Literal(meta.date, datatype=_XSD.date)))
    if meta.year is not None:
        graph.add((report, _KG.yearCovered, Literal(f"{meta.year:04d}", datatype=_XSD.gYear)))
    if meta.number:
        graph.add((report, _KG.documentNumber, Literal(meta.number)))
    if author is not None:
        graph.add((report, _DCTERMS.creator, author))
    if place is not None:
        graph.add((report, _KG.jurisdiction, place))
    return report


def _add_mention(graph: Graph, doc_id: str, mention: Mention, entity: URIRef) -> None:
    """Add a mention: its span, text, label, sentence and the entity it denotes."""
    node = mention_iri(doc_id, mention.start, mention.end)
    graph.add((node, _RDF.type, _KG.Mention))
    _add_span(graph, node, mention.start, mention.end, mention.text)
    graph.add((node, _KG.mentionLabel, _plain(mention.label)))
    graph.add((node, _KG.denotes, entity))
    graph.add((node, _KG.inSentence, sentence_iri(doc_id, mention.sentence)))
    graph.add((node, _OA.hasSource, report_iri(doc_id)))


def _add_span(graph: Graph, node: URIRef, start: int, end: int, exact: str | None = None) -> None:
    """Add the text-position properties of a selector (and the text it selects)."""
    graph.add((node, _OA.start, _integer(start)))
    graph.add((node, _OA.end, _integer(end)))
    if exact is not None:
        graph.add((node, _OA.exact, Literal(exact)))


def _add_sentence(graph: Graph, doc_id: str, sentence: Sentence) -> None:
    """Add a sentence: its text, index, section and position selector."""
    node = sentence_iri(doc_id, sentence.index)
    selector = selector_iri(node, "position")
    graph.add((node, _RDF.type, _KG.Sentence))
    graph.add((node, _OA.hasSource, report_iri(doc_id)))
    graph.add((node, _KG.text, Literal(sentence.text)))
    graph.add((node, _KG.sentenceIndex, _integer(sentence.index)))
    if sentence.section:
        graph.add((node, _KG.section, Literal(SECTION_SEPARATOR.join(sentence.section))))
    graph.add((node, _OA.hasSelector, selector))
    graph.add((selector, _RDF.type, _OA.TextPositionSelector))
    _add_span(graph, selector, sentence.start, sentence.end)


def _add_relation(
    graph: Graph, extraction: Extraction, index: int, relation: Relation, head: URIRef, tail: URIRef
) -> None:
    """Add a relation as a plain triple and as an assertion recording its provenance."""
    predicate = RELATION_PROPERTIES[relation.type]
    node = _add_assertion(graph, extraction, index, (head, predicate, tail), relation)
    if relation.head is None:
        graph.add((node, _KG.authorIsActor, Literal(True)))
    _add_mention_links(graph, extraction, node, relation.head, relation.tail)


def _add_sub_organization(
    graph: Graph, extraction: Extraction, index: int, link: SubOrganization, entities: dict[URIRef, _Entity]
) -> None:
    """Add a sub-organisation link as a plain triple and as an assertion recording its provenance."""
    child = _register(entities, "BODY", link.child)
    parent = _register(entities, "BODY", link.parent)
    node = _add_assertion(graph, extraction, index, (child, _KG.subOrganizationOf, parent), link)
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
    graph.add((node, _RDF.type, _KG.Assertion))
    graph.add((node, _RDF.type, _RDF.Statement))
    graph.add((node, _RDF.subject, triple[0]))
    graph.add((node, _RDF.predicate, triple[1]))
    graph.add((node, _RDF.object, triple[2]))
    graph.add((node, _KG.evidence, sentence_iri(doc.id, found.sentence)))
    graph.add((node, _KG.trigger, trigger))
    graph.add((trigger, _RDF.type, _OA.TextPositionSelector))
    _add_span(graph, trigger, start, end, doc.text[start:end])
    graph.add((node, _KG.status, STATUS_CONCEPTS[found.status]))
    graph.add((node, _KG.confidence, _decimal(found.confidence)))
    graph.add((node, _KG.rule, _plain(found.rule)))
    graph.add((node, _KG.extractor, _plain(extractor_name())))
    graph.add((node, _PROV.wasDerivedFrom, report_iri(doc.id)))
    return node


def _add_mention_links(graph: Graph, extraction: Extraction, node: URIRef, head: int | None, tail: int | None) -> None:
    """Add the mentions an assertion's subject and object are written as, where they are written."""
    doc_id = extraction.document.id
    for prop, mention_id in ((_KG.headMention, head), (_KG.tailMention, tail)):
        if mention_id is not None:
            mention = extraction.mention(mention_id)
            graph.add((node, prop, mention_iri(doc_id, mention.start, mention.end)))


def _report_ids(graph: Graph) -> dict[URIRef, str]:
    """Return the document id of every report in ``graph``."""
    return {report: str(graph.value(report, _KG.documentId)) for report in graph.subjects(_RDF.type, _KG.Report)}


def edges_table(graph: Graph) -> list[dict]:
    """Return one row per entity-to-entity edge, sorted by source, relation, target.

    Columns: source, target, relation (local name), status (``|``-joined statuses of
    its assertions), reports (``|``-joined ids of the reports asserting it) and
    evidence (how many assertions support it).
    """
    report_ids = _report_ids(graph)
    support = defaultdict(list)
    for node in graph.subjects(_RDF.type, _KG.Assertion):
        key = (graph.value(node, _RDF.subject), graph.value(node, _RDF.predicate), graph.value(node, _RDF.object))
        support[key].append(node)
    rows = []
    for predicate in EDGE_PROPERTIES:
        for source, target in graph.subject_objects(predicate):
            if source in report_ids:
                continue
            assertions = support[(source, predicate, target)]
            statuses = {local_name(graph.value(node, _KG.status)) for node in assertions}
            reports = {report_ids[graph.value(node, _PROV.wasDerivedFrom)] for node in assertions}
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
        for node in graph.subjects(_RDF.type, cls):
            rows.append({
                "iri": str(node),
                "kind": local_name(cls),
                "label": str(graph.value(node, _SKOS.prefLabel)),
                "variants": "|".join(sorted(str(label) for label in graph.objects(node, _SKOS.altLabel))),
                "reports": "|".join(sorted(reports[node])),
                "degree": degree[str(node)],
            })
    return sorted(rows, key=lambda row: (row["kind"], row["label"], row["iri"]))
