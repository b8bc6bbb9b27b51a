"""One self-contained, interactive HTML page for a knowledge graph.

``render_html`` draws every entity and report as a node (colour and shape by kind,
size by degree) and every relation as an edge (colour and label by relation, dashed
when all its assertions are planned). Nodes and edges are collected with pyvis and
drawn by vis-network, whose script and style are read from the installed pyvis
package and inlined, so the page makes no request. Clicking a node or an edge shows
its details (names, reports, evidence sentences with the trigger marked) in a side
panel; a search box finds nodes by name or variant. Document text travels only
inside an escaped JSON blob and reaches the page through ``textContent``.
"""

from __future__ import annotations

import html
import json
import math
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from jinja2 import Environment, Template
from markupsafe import Markup
from pyvis.network import Network
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

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
# Report -> entity mention edges: unlabelled, light, hidden until the legend's checkbox shows them.
MENTIONS_NAME, MENTIONS_COLOUR = "mentions", "#d0d0d0"
STATUS_NAMES = {KG.done: "done", KG.planned: "planned"}
# Node size: SIZE_MIN + SIZE_STEP * sqrt(degree), at most SIZE_MAX.
SIZE_MIN, SIZE_STEP, SIZE_MAX = 10.0, 4.0, 40.0
# Stabilise for a bounded number of iterations; the page then switches physics off.
VIS_OPTIONS: dict[str, Any] = {
    "nodes": {"font": {"size": 14}, "borderWidth": 1},
    "edges": {
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
        "font": {"size": 10, "align": "middle"},
        "smooth": {"type": "continuous"},
    },
    "physics": {
        "solver": "forceAtlas2Based",
        "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120},
        "stabilization": {"enabled": True, "iterations": 400, "updateInterval": 25, "fit": True},
    },
    "interaction": {"hover": True, "hideEdgesOnDrag": True},
}
VIS_DIR = "lib/vis-9.1.2"
# Characters that must not appear literally in JSON embedded in a <script> element.
JSON_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})
IFRAME_HEIGHT = 640

Edge = tuple[URIRef, URIRef, URIRef]


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


def _text(graph: Graph, node: Node, *predicates: URIRef) -> str | None:
    """Return the first value of the first predicate that has one (``@zh`` first, then sorted)."""
    for predicate in predicates:
        values = sorted(graph.objects(node, predicate), key=lambda v: (getattr(v, "language", None) != "zh", str(v)))
        if values:
            return str(values[0])
    return None


def _name(graph: Graph, node: Node) -> str:
    """Return the display name of an entity or report."""
    return _text(graph, node, SKOS.prefLabel, DCTERMS.title, RDFS.label) or str(node)


def _report_id(graph: Graph, report: Node | None) -> str:
    """Return a report's document id, falling back on its name."""
    if report is None:
        return ""
    return _text(graph, report, KG.documentId) or _name(graph, report)


def _int(graph: Graph, node: Node | None, predicate: URIRef) -> int | None:
    """Return an integer property of ``node``, or None."""
    value = None if node is None else graph.value(node, predicate)
    return int(value) if isinstance(value, Literal) else None


def _kinds(graph: Graph) -> dict[URIRef, str]:
    """Return the kind of every typed entity and report (first kind of ``KINDS`` wins)."""
    kinds: dict[URIRef, str] = {}
    for cls, kind in KINDS.items():
        for node in graph.subjects(RDF.type, cls):
            if isinstance(node, URIRef):
                kinds.setdefault(node, kind)
    return kinds


def _relations(graph: Graph) -> dict[Edge, list[Node]]:
    """Return every relation edge with its assertions (plain triples have none)."""
    edges: dict[Edge, list[Node]] = {}
    for predicate in RELATIONS:
        for subject, obj in graph.subject_objects(predicate):
            edges.setdefault((subject, predicate, obj), [])
    for assertion in graph.subjects(RDF.type, KG.Assertion):
        edge = tuple(graph.value(assertion, p) for p in (RDF.subject, RDF.predicate, RDF.object))
        if edge[1] in RELATIONS:
            edges.setdefault(edge, []).append(assertion)
    return {edge: assertions for edge, assertions in edges.items() if all(isinstance(t, URIRef) for t in edge)}


def _utf16(text: str, index: int) -> int:
    """Return the JavaScript (UTF-16) offset of code-point ``index`` in ``text``."""
    return len(text[:index].encode("utf-16-le")) // 2


def _sentence_start(graph: Graph, sentence: Node) -> int | None:
    """Return the document offset where ``sentence`` starts (its position selector's oa:start)."""
    starts = (_int(graph, selector, OA.start) for selector in sorted(graph.objects(sentence, OA.hasSelector)))
    return next((start for start in starts if start is not None), None)


def _trigger_span(graph: Graph, assertion: Node, sentence: Node, text: str) -> list[int] | None:
    """Return the trigger's [start, end] in the sentence text (UTF-16 units), or None."""
    trigger = graph.value(assertion, KG.trigger)
    origin, start, end = _sentence_start(graph, sentence), _int(graph, trigger, OA.start), _int(graph, trigger, OA.end)
    if origin is None or start is None or end is None or not 0 <= start - origin <= end - origin <= len(text):
        return None
    return [_utf16(text, start - origin), _utf16(text, end - origin)]


def _evidence(graph: Graph, assertion: Node) -> list[dict[str, Any]]:
    """Return the evidence sentences of one assertion."""
    status = STATUS_NAMES.get(graph.value(assertion, KG.status), "")
    items = []
    for sentence in sorted(graph.objects(assertion, KG.evidence)):
        text = _text(graph, sentence, KG.text) or ""
        report = graph.value(sentence, OA.hasSource) or graph.value(assertion, PROV.wasDerivedFrom)
        items.append({
            "text": text,
            "trigger": _trigger_span(graph, assertion, sentence, text),
            "report": _report_id(graph, report),
            "section": _text(graph, sentence, KG.section) or "",
            "status": status,
        })
    return items


def _edge_details(graph: Graph, edge: Edge, assertions: list[Node]) -> dict[str, Any]:
    """Return the side-panel data of a relation edge."""
    statuses = sorted({STATUS_NAMES[s] for a in assertions if (s := graph.value(a, KG.status)) in STATUS_NAMES})
    evidence = [item for a in sorted(assertions) for item in _evidence(graph, a)]
    evidence.sort(key=lambda item: (item["report"], item["section"], item["text"]))
    return {"relation": RELATIONS[edge[1]][0], "status": ", ".join(statuses), "evidence": evidence}


def _node_details(graph: Graph, node: URIRef, kind: str) -> dict[str, Any]:
    """Return the side-panel data of an entity or report."""
    name = _name(graph, node)
    variants = {str(v) for p in (SKOS.altLabel, KG.documentId) for v in graph.objects(node, p)} - {name}
    reports = {_name(graph, r) for r in graph.subjects(KG.mentions, node)}
    return {"name": name, "kind": kind, "variants": sorted(variants), "reports": sorted(reports), "iri": str(node)}


def _size(degree: int) -> float:
    """Return the node size for ``degree``."""
    return round(min(SIZE_MAX, SIZE_MIN + SIZE_STEP * math.sqrt(degree)), 2)


def _network(graph: Graph) -> tuple[Network, dict[str, Any], Counter[str]]:
    """Collect nodes and edges with pyvis; return it, the panel details and the node count per kind."""
    kinds = _kinds(graph)
    relations = _relations(graph)
    for subject, _, obj in relations:
        kinds.setdefault(subject, "entity")
        kinds.setdefault(obj, "entity")
    mentions = {(r, KG.mentions, e) for r, e in graph.subject_objects(KG.mentions) if r in kinds and e in kinds}
    edges = sorted(relations.keys() | mentions)
    # Entities are sized by their relations, reports by the entities they mention.
    degree = Counter(n for s, p, o in edges for n in (s, o) if p != KG.mentions or kinds[n] == "report")
    ids = {node: f"n{i}" for i, node in enumerate(sorted(kinds))}
    net, details = Network(directed=True), {}
    for node, nid in ids.items():
        colour, shape = KIND_STYLES[kinds[node]]
        details[nid] = _node_details(graph, node, kinds[node])
        net.add_node(nid, label=details[nid]["name"], shape=shape, color=colour, size=_size(degree[node]))
    for i, edge in enumerate(edges):
        eid, (subject, predicate, obj) = f"e{i}", edge
        if predicate == KG.mentions:
            details[eid] = {"relation": MENTIONS_NAME, "status": "", "evidence": []}
            net.add_edge(ids[subject], ids[obj], id=eid, color=MENTIONS_COLOUR, width=0.5, hidden=True)
            continue
        details[eid] = _edge_details(graph, edge, relations[edge])
        label, colour = RELATIONS[predicate]
        dashed = details[eid]["status"] == "planned"
        net.add_edge(ids[subject], ids[obj], id=eid, label=label, color=colour, dashes=dashed)
    return net, details, Counter(kinds.values())


def _script_json(value: Any) -> Markup:
    """Return ``value`` as JSON that is safe inside a ``<script>`` element."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Markup(text.translate(JSON_ESCAPES))


def render_html(graph: Graph, title: str = DEFAULT_TITLE) -> str:
    """Return one self-contained HTML page (no external requests) that explores ``graph``."""
    net, details, counts = _network(graph)
    template, assets = _assets()
    data = {"nodes": net.nodes, "edges": net.edges, "options": VIS_OPTIONS, "details": details}
    kinds = [
        {"name": kind, "colour": colour, "glyph": SHAPE_GLYPHS[shape], "count": counts[kind]}
        for kind, (colour, shape) in KIND_STYLES.items()
    ]
    relations = [{"name": name, "colour": colour} for name, colour in RELATIONS.values()]
    return template.render(title=title, data=_script_json(data), kinds=kinds, relations=relations, **assets)


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


def show(graph: Graph, title: str = DEFAULT_TITLE, height: int = IFRAME_HEIGHT) -> GraphView:
    """Return a Jupyter-displayable view of ``graph``."""
    return GraphView(render_html(graph, title), height)
