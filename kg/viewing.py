"""One self-contained, interactive HTML page for a knowledge graph.

``render_html`` draws every entity and report as a node (colour and shape by kind,
size by degree) and every relation as an edge (colour and label by relation, dashed
when all its assertions are planned). Nodes and edges are pyvis records (its Node and Edge) and
drawn by vis-network, whose script and style are read from the installed pyvis
package and inlined, so the page makes no request. Positions are computed in Python
(``kg.layout``), so the page draws at once and nothing moves unless dragged.

The page filters by node kind, relation, status, report and jurisdiction, shows the
neighbourhood of a node, finds nodes by name or variant, and shows in a side panel a
node's names, kind, jurisdiction and reports, or an edge's evidence sentences with the
trigger and the arguments marked. Document text travels only inside an escaped JSON
blob and reaches the page through ``textContent``.

A graph in rdflib's default in-memory store is read straight from the store's indexes,
and the garbage collector waits while the page is built: the graph of a 112-document
corpus (480,000 triples, 11,000 nodes) renders in about 2.5 s, 1.5 s of it the layout.
"""

from __future__ import annotations

import html
import json
import math
import warnings
from collections import Counter, defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from jinja2 import Environment, Template
from markupsafe import Markup
from pyvis.edge import Edge as PyvisEdge
from pyvis.node import Node as PyvisNode
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS
from rdflib.plugins.stores.memory import Memory
from rdflib.term import Node

from kg import collector
from kg.graphing import REPORT_LINKS
from kg.layout import layout
from kg.namespaces import KG, OA

DEFAULT_TITLE = "政府报告知识图谱"

# Node kind of each class, in priority order when a resource has several types.
KINDS: dict[URIRef, str] = {
    KG.Report: "report",
    KG.Body: "body",
    KG.Place: "place",
    KG.Statute: "statute",
    KG.Policy: "policy",
    KG.Programme: "programme",
    KG.Doctrine: "doctrine",
    KG.Entity: "entity",
}
# Colour and vis-network shape of each node kind (shapes that draw the label below).
KIND_STYLES: dict[str, tuple[str, str]] = {
    "report": ("#76b7b2", "triangleDown"),
    "body": ("#4e79a7", "dot"),
    "place": ("#59a14f", "triangle"),
    "statute": ("#e15759", "square"),
    "policy": ("#f28e2b", "diamond"),
    "programme": ("#edc948", "hexagon"),
    "doctrine": ("#b07aa1", "star"),
    "entity": ("#bab0ac", "dot"),
}
# The legend's glyph for each shape.
SHAPE_GLYPHS = {
    "dot": "●", "triangle": "▲", "triangleDown": "▼", "square": "■", "diamond": "◆", "hexagon": "⬢", "star": "★",
}
# Label and colour of each relation drawn as an edge.
RELATIONS: dict[URIRef, tuple[str, str]] = {
    KG.implements: ("implements", "#f28e2b"),
    KG.studied: ("studied", "#9c755f"),
    KG.supervises: ("supervises", "#4e79a7"),
    KG.issued: ("issued", "#e15759"),
    KG.established: ("established", "#59a14f"),
    KG.reportsTo: ("reportsTo", "#76b7b2"),
    KG.basedOn: ("basedOn", "#b07aa1"),
    KG.subOrganizationOf: ("subOrganizationOf", "#2f4b7c"),
    KG.jurisdiction: ("jurisdiction", "#8cd17d"),
}
# Report -> entity mention edges: unlabelled, light, filtered out until the legend shows them.
MENTIONS_NAME, MENTIONS_COLOUR = "mentions", "#d0d0d0"
STATUS_NAMES = {KG.done: "done", KG.planned: "planned"}
# Node size: SIZE_MIN + SIZE_STEP * sqrt(degree), at most SIZE_MAX.
SIZE_MIN, SIZE_STEP, SIZE_MAX = 10.0, 4.0, 40.0
# How strongly an edge pulls its ends together in the layout.
RELATION_WEIGHT, MENTION_WEIGHT = 1.0, 0.2
# Positions come from Python: physics stays off; straight edges draw fast.
VIS_OPTIONS: dict[str, Any] = {
    "nodes": {"font": {"size": 14}, "borderWidth": 1},
    "edges": {
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
        "font": {"size": 10, "align": "middle"},
        "smooth": False,
    },
    "physics": {"enabled": False},
    "layout": {"improvedLayout": False},
    "interaction": {"hover": True, "hideEdgesOnDrag": True, "tooltipDelay": 200},
}
# Above this many edges a frame costs too much to draw edge labels (the colour and the legend
# name the relation, the panel too), node borders and hover effects, or edges while zooming.
LARGE_EDGES = 3000
LARGE_OPTIONS: dict[str, Any] = {
    "nodes": {"font": {"size": 14}, "borderWidth": 0},
    "interaction": {"hover": False, "hideEdgesOnDrag": True, "hideEdgesOnZoom": True},
}
VIS_DIR = "lib/vis-9.1.2"
# Characters that must not appear literally in JSON embedded in a <script> element.
JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}
IFRAME_HEIGHT = 640

Edge = tuple[URIRef, URIRef, URIRef]

# The terms read below, looked up once (an attribute of an rdflib DefinedNamespace costs microseconds).
NAME_PREDICATES = (SKOS.prefLabel, DCTERMS.title, RDFS.label)
VARIANT_PREDICATES = (SKOS.altLabel, KG.documentId)
EDGE_PREDICATES = (RDF.subject, RDF.predicate, RDF.object)
ARGUMENT_PREDICATES = (KG.headMention, KG.tailMention)
TYPE, ASSERTION, MENTIONS, JURISDICTION, DOCUMENT_ID = RDF.type, KG.Assertion, KG.mentions, KG.jurisdiction, KG.documentId
STATUS, EVIDENCE, TRIGGER, TEXT, SECTION = KG.status, KG.evidence, KG.trigger, KG.text, KG.section
HAS_SOURCE, HAS_SELECTOR, START, END, DERIVED_FROM = OA.hasSource, OA.hasSelector, OA.start, OA.end, PROV.wasDerivedFrom
EMPTY: dict[Any, Any] = {}


class _Facts:
    """The graph's triples, read through rdflib's in-memory indexes when it has them.

    Every rdflib lookup goes through the store's triple generator, which costs microseconds
    per triple (it works out each triple's contexts), and a corpus graph has hundreds of
    thousands of triples. A plain ``Graph`` over the default ``Memory`` store that is the
    store's only graph is read directly from the store's subject and predicate indexes;
    any other graph (a Dataset, another store) is indexed by predicate on first use.
    """

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._index: dict[URIRef, tuple[dict[Node, list[Node]], dict[Node, list[Node]]]] = {}
        self._spo, self._pos = _memory_indexes(graph)

    def _by(self, predicate: URIRef) -> tuple[dict[Node, list[Node]], dict[Node, list[Node]]]:
        """Return the objects by subject and the subjects by object of ``predicate``."""
        if predicate not in self._index:
            forward, backward = defaultdict(list), defaultdict(list)
            for subject, obj in self.graph.subject_objects(predicate):
                forward[subject].append(obj)
                backward[obj].append(subject)
            self._index[predicate] = forward, backward
        return self._index[predicate]

    def objects(self, node: Node, predicate: URIRef) -> Collection[Node]:
        """Return the objects of ``node``'s ``predicate``."""
        if self._spo is not None:
            return self._spo.get(node, EMPTY).get(predicate, EMPTY).keys()
        return self._by(predicate)[0].get(node, [])

    def subjects(self, predicate: URIRef, node: Node) -> Collection[Node]:
        """Return the subjects that have ``node`` as ``predicate``."""
        if self._pos is not None:
            return self._pos.get(predicate, EMPTY).get(node, EMPTY).keys()
        return self._by(predicate)[1].get(node, [])

    def subject_objects(self, predicate: URIRef) -> list[tuple[Node, Node]]:
        """Return every (subject, object) pair of ``predicate``."""
        if self._pos is not None:
            return [(s, o) for o, subjects in self._pos.get(predicate, EMPTY).items() for s in subjects]
        return [(s, o) for s, objects in self._by(predicate)[0].items() for o in objects]

    def value(self, node: Node | None, predicate: URIRef) -> Node | None:
        """Return one object of ``node``'s ``predicate`` (the least, so always the same), or None."""
        values = self.objects(node, predicate) if node is not None else EMPTY
        if len(values) == 1:
            return next(iter(values))
        return min(values, key=lambda v: (type(v).__name__, str(v))) if values else None


def _memory_indexes(graph: Graph) -> tuple[dict[Node, Any] | None, dict[Node, Any] | None]:
    """Return the subject-predicate-object and predicate-object-subject indexes of ``graph``'s store.

    Only for a plain ``Graph`` whose ``Memory`` store holds this graph alone (so that every
    triple indexed is one of the graph's); (None, None) otherwise, or when rdflib keeps its
    indexes elsewhere.
    """
    store = graph.store
    if type(graph) is not Graph or type(store) is not Memory:
        return None, None
    spo, pos = getattr(store, "_Memory__spo", None), getattr(store, "_Memory__pos", None)
    contexts = getattr(store, "_Memory__all_contexts", None)
    if not isinstance(spo, dict) or not isinstance(pos, dict) or not isinstance(contexts, set):
        return None, None
    if contexts - {graph} or len(graph) != len(store):
        return None, None
    return spo, pos


@cache
def _assets() -> tuple[Template, dict[str, Markup]]:
    """Return the page template and the inlined scripts and styles (read once)."""
    viewer, vis = files("kg") / "data" / "viewer", files("pyvis") / VIS_DIR
    template = Environment(autoescape=True).from_string((viewer / "page.html").read_text("utf-8"))
    return template, {
        "vis_js": Markup((vis / "vis-network.min.js").read_text("utf-8")),
        "vis_css": Markup((vis / "vis-network.css").read_text("utf-8")),
        "viewer_js": Markup((viewer / "viewer.js").read_text("utf-8")),
        "viewer_css": Markup((viewer / "viewer.css").read_text("utf-8")),
    }


def _text(graph: _Facts, node: Node, *predicates: URIRef) -> str | None:
    """Return the first value of the first predicate that has one (``@zh`` first, then sorted)."""
    for predicate in predicates:
        values = graph.objects(node, predicate)
        if len(values) == 1:
            return str(next(iter(values)))
        if values:
            return str(min(values, key=lambda v: (getattr(v, "language", None) != "zh", str(v))))
    return None


def _name(graph: _Facts, node: Node) -> str:
    """Return the display name of an entity or report."""
    return _text(graph, node, *NAME_PREDICATES) or str(node)


def _report_id(graph: _Facts, report: Node | None) -> str:
    """Return a report's document id, falling back on its name."""
    if report is None:
        return ""
    return _text(graph, report, DOCUMENT_ID) or _name(graph, report)


def _int(graph: _Facts, node: Node | None, predicate: URIRef) -> int | None:
    """Return an integer property of ``node``, or None."""
    value = None if node is None else graph.value(node, predicate)
    return int(value) if isinstance(value, Literal) else None


@dataclass(frozen=True)
class Filters:
    """What the page shows when it opens; the reader can change it there.

    Empty means all: every kind, status, report and jurisdiction, every relation but the
    report mentions. ``focus`` names a node whose neighbourhood alone is shown.
    """

    kinds: tuple[str, ...] = ()
    relations: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    report: str = ""
    jurisdiction: str = ""
    focus: str = ""

    def as_json(self) -> dict[str, Any]:
        """Return the filters as the page reads them."""
        return {
            "kinds": list(self.kinds), "relations": list(self.relations), "statuses": list(self.statuses),
            "report": self.report, "jurisdiction": self.jurisdiction, "focus": self.focus,
        }


def kind_names() -> list[str]:
    """Return the node kinds, as filters name them."""
    return list(KIND_STYLES)


def relation_names() -> list[str]:
    """Return the edge relations, as filters name them."""
    return [name for name, _ in RELATIONS.values()] + [MENTIONS_NAME]


def _kinds(graph: _Facts) -> dict[URIRef, str]:
    """Return the kind of every typed entity and report (first kind of ``KINDS`` wins)."""
    kinds: dict[URIRef, str] = {}
    for cls, kind in KINDS.items():
        for node in graph.subjects(TYPE, cls):
            if isinstance(node, URIRef):
                kinds.setdefault(node, kind)
    return kinds


def _relations(graph: _Facts) -> dict[Edge, list[Node]]:
    """Return every relation edge with its assertions (plain triples have none)."""
    edges: dict[Edge, list[Node]] = {}
    for predicate in RELATIONS:
        for subject, obj in graph.subject_objects(predicate):
            edges.setdefault((subject, predicate, obj), [])
    for assertion in graph.subjects(TYPE, ASSERTION):
        edge = tuple(graph.value(assertion, p) for p in EDGE_PREDICATES)
        if edge[1] in RELATIONS:
            edges.setdefault(edge, []).append(assertion)
    return {edge: assertions for edge, assertions in edges.items() if all(isinstance(t, URIRef) for t in edge)}


def _utf16(text: str, index: int) -> int:
    """Return the JavaScript (UTF-16) offset of code-point ``index`` in ``text``."""
    return len(text[:index].encode("utf-16-le")) // 2


def _sentence_start(graph: _Facts, sentence: Node) -> int | None:
    """Return the document offset where ``sentence`` starts (its position selector's oa:start)."""
    starts = (_int(graph, selector, START) for selector in sorted(graph.objects(sentence, HAS_SELECTOR)))
    return next((start for start in starts if start is not None), None)


def _span(graph: _Facts, selector: Node | None, origin: int | None, text: str) -> list[int] | None:
    """Return a selector's [start, end] in a sentence starting at ``origin`` (UTF-16 units), or None."""
    start, end = _int(graph, selector, START), _int(graph, selector, END)
    if origin is None or start is None or end is None or not 0 <= start - origin <= end - origin <= len(text):
        return None
    return [_utf16(text, start - origin), _utf16(text, end - origin)]


def _marks(graph: _Facts, assertion: Node, sentence: Node, text: str) -> tuple[list[int] | None, list[list[int]]]:
    """Return the trigger span and the argument spans (head, tail) of ``assertion`` in ``text``."""
    origin = _sentence_start(graph, sentence)
    trigger = _span(graph, graph.value(assertion, TRIGGER), origin, text)
    arguments = []
    for predicate in ARGUMENT_PREDICATES:
        span = _span(graph, graph.value(assertion, predicate), origin, text)
        if span is not None and not _overlaps(span, [trigger, *arguments]):
            arguments.append(span)
    return trigger, sorted(arguments)


def _overlaps(span: list[int], others: list[list[int] | None]) -> bool:
    """Return whether ``span`` overlaps any of ``others``."""
    return any(other is not None and span[0] < other[1] and other[0] < span[1] for other in others)


def _evidence(graph: _Facts, assertion: Node, reports: dict[Node, int]) -> list[dict[str, Any]]:
    """Return the evidence sentences of one assertion."""
    status = STATUS_NAMES.get(graph.value(assertion, STATUS), "")
    items = []
    for sentence in sorted(graph.objects(assertion, EVIDENCE)):
        text = _text(graph, sentence, TEXT) or ""
        report = graph.value(sentence, HAS_SOURCE) or graph.value(assertion, DERIVED_FROM)
        trigger, arguments = _marks(graph, assertion, sentence, text)
        items.append({
            "text": text,
            "trigger": trigger,
            "arguments": arguments,
            "report": _report_id(graph, report),
            "in": reports.get(report, -1),
            "section": _text(graph, sentence, SECTION) or "",
            "status": status,
        })
    return items


def _edge_details(graph: _Facts, edge: Edge, assertions: list[Node], reports: dict[Node, int]) -> dict[str, Any]:
    """Return the side-panel and filter data of a relation edge."""
    statuses = sorted({STATUS_NAMES[s] for a in assertions if (s := graph.value(a, STATUS)) in STATUS_NAMES})
    evidence = [item for a in sorted(assertions) for item in _evidence(graph, a, reports)]
    evidence.sort(key=lambda item: (item["report"], item["section"], item["text"]))
    found_in = sorted({item.pop("in") for item in evidence} - {-1})
    return {"relation": RELATIONS[edge[1]][0], "status": ", ".join(statuses), "evidence": evidence, "in": found_in}


def _node_details(graph: _Facts, node: URIRef, kind: str, reports: dict[Node, int]) -> dict[str, Any]:
    """Return the side-panel and filter data of an entity or report."""
    name = _name(graph, node)
    variants = {str(v) for p in VARIANT_PREDICATES for v in graph.objects(node, p)} - {name}
    found_in = {r for p in REPORT_LINKS for r in graph.subjects(p, node) if r in reports}
    found_in |= {node} if node in reports else set()
    place = graph.value(node, JURISDICTION)
    return {
        "name": name,
        "kind": kind,
        "variants": sorted(variants),
        "jurisdiction": _name(graph, place) if place is not None else "",
        "reports": sorted(_name(graph, r) for r in found_in),
        "in": sorted(reports[r] for r in found_in),
        "iri": str(node),
    }


def _reports(graph: _Facts, kinds: dict[URIRef, str]) -> list[dict[str, str]]:
    """Return every report's id, title and jurisdiction, sorted by id."""
    rows = []
    for report in (node for node, kind in kinds.items() if kind == "report"):
        place = graph.value(report, JURISDICTION)
        rows.append({
            "iri": str(report), "id": _report_id(graph, report), "title": _name(graph, report),
            "jurisdiction": _name(graph, place) if place is not None else "",
        })
    return sorted(rows, key=lambda row: (row["id"], row["iri"]))


def _size(degree: int) -> float:
    """Return the node size for ``degree``."""
    return round(min(SIZE_MAX, SIZE_MIN + SIZE_STEP * math.sqrt(degree)), 2)


def _positions(ids: dict[URIRef, str], edges: list[Edge]) -> dict[str, tuple[int, int]]:
    """Return the laid-out position of every node id."""
    index = {node: i for i, node in enumerate(ids)}
    weighted = [(index[s], index[o], MENTION_WEIGHT if p == MENTIONS else RELATION_WEIGHT) for s, p, o in edges]
    return dict(zip(ids.values(), layout(len(ids), weighted)))


def _node_records(
    graph: _Facts, kinds: dict[URIRef, str], edges: list[Edge], reports: dict[Node, int]
) -> tuple[dict[URIRef, str], list[dict[str, Any]], dict[str, Any]]:
    """Return the node ids, the pyvis node records (with positions) and their panel details."""
    # Entities are sized by their relations, reports by the entities they mention.
    degree = Counter(n for s, p, o in edges for n in (s, o) if p != MENTIONS or kinds[n] == "report")
    ids = {node: f"n{i}" for i, node in enumerate(sorted(kinds, key=str))}  # every node is a URIRef
    positions = _positions(ids, edges)
    records, details = [], {}
    for node, nid in ids.items():
        colour, shape = KIND_STYLES[kinds[node]]
        details[nid] = _node_details(graph, node, kinds[node], reports)
        x, y = positions[nid]
        options = {"color": colour, "size": _size(degree[node]), "x": x, "y": y}
        records.append(PyvisNode(nid, shape, details[nid]["name"], **options).options)
    return ids, records, details


def _edge_records(
    graph: _Facts, ids: dict[URIRef, str], edges: list[Edge], relations: dict[Edge, list[Node]], reports: dict[Node, int]
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Return the pyvis edge records (labelled unless the graph is large) and their panel details."""
    records, details, labelled = [], {}, len(relations) <= LARGE_EDGES
    for i, edge in enumerate(edges):
        eid, (subject, predicate, obj) = f"e{i}", edge
        if predicate == MENTIONS:
            details[eid] = {"relation": MENTIONS_NAME, "status": "", "evidence": [], "in": [reports[subject]]}
            options = {"id": eid, "color": MENTIONS_COLOUR, "width": 0.5}
        else:
            details[eid] = _edge_details(graph, edge, relations[edge], reports)
            label, colour = RELATIONS[predicate]
            options = {"id": eid, "color": colour, "dashes": details[eid]["status"] == "planned"}
            options |= {"label": label} if labelled else {}
        records.append(PyvisEdge(ids[subject], ids[obj], directed=True, **options).options)
    return records, details


def _network(graph: _Facts) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Any], list[dict[str, str]]]:
    """Return the nodes and edges (pyvis records), their panel details and the reports."""
    kinds = _kinds(graph)
    relations = _relations(graph)
    for subject, _, obj in relations:
        kinds.setdefault(subject, "entity")
        kinds.setdefault(obj, "entity")
    reports = _reports(graph, kinds)
    report_index: dict[Node, int] = {URIRef(r["iri"]): i for i, r in enumerate(reports)}
    mentions = {(r, MENTIONS, e) for r, e in graph.subject_objects(MENTIONS) if r in kinds and e in kinds}
    edges = sorted(relations.keys() | mentions, key=lambda edge: tuple(map(str, edge)))  # URIRefs only
    ids, nodes, node_details = _node_records(graph, kinds, edges, report_index)
    edge_records, edge_details = _edge_records(graph, ids, edges, relations, report_index)
    return nodes, edge_records, node_details | edge_details, reports


def _script_json(value: Any) -> Markup:
    """Return ``value`` as JSON that is safe inside a ``<script>`` element."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escape in JSON_ESCAPES.items():
        text = text.replace(char, escape)
    return Markup(text)


def _legend(details: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Return the legend rows of node kinds and of relations, with their counts."""
    counts = Counter(d["kind"] if key.startswith("n") else d["relation"] for key, d in details.items())
    kinds = [
        {"name": kind, "colour": colour, "glyph": SHAPE_GLYPHS[shape], "count": counts[kind]}
        for kind, (colour, shape) in KIND_STYLES.items()
    ]
    colours = [*RELATIONS.values(), (MENTIONS_NAME, MENTIONS_COLOUR)]
    relations = [{"name": name, "colour": colour, "count": counts[name]} for name, colour in colours]
    return kinds, relations


def _options(details: dict[str, Any]) -> dict[str, Any]:
    """Return the vis-network options, lighter for a graph of more than LARGE_EDGES relation edges."""
    relations = sum(key.startswith("e") and d["relation"] != MENTIONS_NAME for key, d in details.items())
    return VIS_OPTIONS | LARGE_OPTIONS if relations > LARGE_EDGES else VIS_OPTIONS


# Graph files the viewer reads, by suffix (rdflib format names).
GRAPH_FORMATS = {".nq": "nquads", ".trig": "trig", ".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld"}


def load_graph(path: Path) -> Graph:
    """Read a graph file; the named graphs of N-Quads and TriG are merged into one graph."""
    dataset = Dataset()
    with warnings.catch_warnings():  # rdflib's own N-Quads parser calls its deprecated API
        warnings.simplefilter("ignore", DeprecationWarning)
        dataset.parse(path, format=GRAPH_FORMATS[path.suffix.lower()])
    graph = Graph()
    for subject, predicate, obj, _ in dataset.quads():
        graph.add((subject, predicate, obj))
    return graph


def render_html(graph: Graph, title: str = DEFAULT_TITLE, filters: Filters | None = None) -> str:
    """Return one self-contained HTML page (no external requests) that explores ``graph``.

    ``filters`` sets what the page shows when it opens; by default every node and
    relation except the report-mention edges.
    """
    with collector.paused():  # many small containers, no cycles
        nodes, edges, details, reports = _network(_Facts(graph))
        template, assets = _assets()
        initial = (filters or Filters()).as_json()
        data = {
            "nodes": nodes, "edges": edges, "options": _options(details), "details": details,
            "reports": reports, "filters": initial,
        }
        kinds, relations = _legend(details)
        return template.render(
            title=title, data=_script_json(data), kinds=kinds, relations=relations, statuses=list(STATUS_NAMES.values()),
            reports=reports, jurisdictions=sorted({r["jurisdiction"] for r in reports} - {""}), **assets,
        )


@dataclass(frozen=True)
class GraphView:
    """A rendered page that Jupyter shows inline, in a sandboxed iframe."""

    page: str
    height: int = IFRAME_HEIGHT

    def _repr_html_(self) -> str:
        """Return the page as the escaped ``srcdoc`` of an iframe."""
        srcdoc = html.escape(self.page, quote=True)
        style = f"width:100%;height:{self.height}px;border:0"
        return f'<iframe srcdoc="{srcdoc}" sandbox="allow-scripts" style="{style}"></iframe>'


def show(
    graph: Graph, title: str = DEFAULT_TITLE, height: int = IFRAME_HEIGHT, filters: Filters | None = None
) -> GraphView:
    """Return a Jupyter-displayable view of ``graph`` (JupyterLab, VS Code)."""
    return GraphView(render_html(graph, title, filters), height)
