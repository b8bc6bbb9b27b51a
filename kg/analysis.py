"""Analysis in Python and Jupyter: a built graph as pandas DataFrames and networkx graphs.

    >>> from kg import analysis as ka
    >>> g = ka.load("exports")                       # doctest: +SKIP  (an exports folder or a graph file)
    >>> ka.sparql(g, "SELECT ?b WHERE { ?b a kg:Body }")                # doctest: +SKIP  (a DataFrame)
    >>> net = ka.network(g, relations=ka.RELATIONS, status="done")      # doctest: +SKIP
    >>> ka.centrality(net, kind="Body").head()                          # doctest: +SKIP

Everything is read with SPARQL from a ``kg.store.Store`` (pyoxigraph), so the tables say what
``kg query`` says. Tables are plain DataFrames (one row per thing, readable labels beside IRIs);
networks are ``networkx.MultiDiGraph`` with one edge per (source, relation, target), keyed by the
relation, whose ``evidence`` is the number of assertions (sentences) that support it.
"""

from __future__ import annotations

import re
from collections import Counter
from numbers import Integral
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from kg.graphing import EDGE_PROPERTIES, ENTITY_CLASSES, REPORT_LINKS, local_name
from kg.store import QueryResult, Store, graph_file, named_query
from kg.types import DONE, PLANNED, RELATION_TYPES

__all__ = [
    "KINDS",
    "RELATIONS",
    "STRUCTURE",
    "Evidence",
    "KnowledgeGraph",
    "assertions",
    "centrality",
    "changes",
    "citations",
    "cjk_font",
    "communities",
    "edges",
    "entities",
    "evidence",
    "load",
    "mentions",
    "named",
    "network",
    "profile",
    "reports",
    "sparql",
    "summary",
    "to_frame",
    "trace",
    "view",
    "write_gexf",
    "write_graphml",
]

KINDS = tuple(local_name(cls) for cls in ENTITY_CLASSES.values())  # Body, Place, Statute, Policy, Programme, Doctrine
RELATIONS = tuple(RELATION_TYPES)  # the seven relations of the annotation guide, each with evidence
# Body structure and the gazetteer: subOrganizationOf, jurisdiction, within.
STRUCTURE = tuple(name for name in map(local_name, EDGE_PROPERTIES) if name not in RELATIONS)
SEPARATOR = "|"  # joins several values in one network attribute (GraphML and GEXF take scalars only)
# Each kind by its name and by its recognizer label, lower-cased (body, program, programme -> ...).
_KIND_NAMES = {name.lower(): local_name(cls) for label, cls in ENTITY_CLASSES.items() for name in (label, local_name(cls))}


class KnowledgeGraph(Store):
    """A ``kg.store.Store`` that remembers the graph file it was loaded from."""

    source: Path

    def load(self, path: Path | str) -> Path:
        """Load a graph file or the best one of an exports folder (``Store.load``) and remember it."""
        self.source = super().load(path)
        return self.source

    def __repr__(self) -> str:
        return f"<KnowledgeGraph {self.source} · {len(self):,} triples · {len(self.graphs())} report graph(s)>"


def load(path: Path | str = "exports") -> KnowledgeGraph:
    """Load a built graph: an exports folder (graph.nq preferred) or a .nq, .trig, .ttl, .nt file."""
    return KnowledgeGraph.from_path(path)


def to_frame(result: QueryResult) -> pd.DataFrame:
    """Return a query result as a DataFrame, one column per variable (IRIs and text as str)."""
    return pd.DataFrame(list(result.rows), columns=list(result.variables))


def sparql(store: Store, query: str) -> pd.DataFrame:
    """Run a SELECT or ASK query (project prefixes predeclared) and return a DataFrame."""
    return to_frame(store.query(query))


def named(store: Store, name: str) -> pd.DataFrame:
    """Run one of the bundled named queries (``kg query --list``) and return a DataFrame."""
    return sparql(store, named_query(name))


def _kind(name: str) -> str:
    """Return the kind ``name`` as KINDS spells it (body, program -> Body, Programme); raise ValueError for another."""
    if name.lower() in _KIND_NAMES:
        return _KIND_NAMES[name.lower()]
    raise ValueError(f"unknown kind {name!r}; choose from {', '.join(KINDS)}")


def _relation(name: str) -> str:
    """Return the relation ``name`` as the graph spells it; raise ValueError for another."""
    for relation in (*RELATIONS, *STRUCTURE):
        if relation.lower() == name.lower():
            return relation
    raise ValueError(f"unknown relation {name!r}; choose from {', '.join((*RELATIONS, *STRUCTURE))}")


def _names(values: str | Iterable[str] | None, normal: Any) -> set[str] | None:
    """Return one name or several as a set of normalized names (None means all)."""
    if values is None:
        return None
    return {normal(value) for value in ([values] if isinstance(values, str) else values)}


def _values(prefix: str, names: Iterable[str]) -> str:
    """Return ``prefix:name`` terms for a VALUES clause."""
    return " ".join(f"{prefix}:{name}" for name in names)


def reports(store: Store) -> pd.DataFrame:
    """Return one row per report: id, title, date, year, jurisdiction, author, source and counts.

    Counts: ``sentences``, ``mentions``, ``entities`` (distinct ones mentioned), ``assertions``,
    of which ``done`` and ``planned``.
    """
    frame = sparql(store, """
SELECT ?report ?title ?date ?jurisdiction ?author ?source WHERE {
  ?r a kg:Report ; kg:documentId ?report .
  OPTIONAL { ?r dcterms:title ?title }
  OPTIONAL { ?r dcterms:date ?date }
  OPTIONAL { ?r kg:jurisdiction/skos:prefLabel ?jurisdiction }
  OPTIONAL { ?r dcterms:creator/skos:prefLabel ?author }
  OPTIONAL { ?r dcterms:source ?source }
} ORDER BY ?date ?report""").drop_duplicates("report")
    counts = sparql(store, """
SELECT ?report
  (COUNT(DISTINCT ?s) AS ?sentences) (COUNT(DISTINCT ?m) AS ?mentions) (COUNT(DISTINCT ?e) AS ?entities) WHERE {
  ?r a kg:Report ; kg:documentId ?report .
  { ?s a kg:Sentence ; oa:hasSource ?r } UNION { ?m a kg:Mention ; oa:hasSource ?r ; kg:denotes ?e }
} GROUP BY ?report""")
    status = sparql(store, """
SELECT ?report ?status (COUNT(?a) AS ?n) WHERE {
  ?a a kg:Assertion ; prov:wasDerivedFrom ?r ; kg:status ?st . ?r kg:documentId ?report .
  BIND(STRAFTER(STR(?st), STR(kg:)) AS ?status)
} GROUP BY ?report ?status""")
    by_status = status.pivot_table(index="report", columns="status", values="n", aggfunc="sum", fill_value=0)
    frame = frame.merge(counts, on="report", how="left")
    for column in (DONE, PLANNED):
        frame[column] = frame["report"].map(by_status[column] if column in by_status else {}).fillna(0).astype(int)
    frame["assertions"] = frame[DONE] + frame[PLANNED]
    frame["year"] = pd.array([int(d[:4]) if isinstance(d, str) and d[:4].isdigit() else None for d in frame["date"]], dtype="Int64")
    for column in ("sentences", "mentions", "entities"):
        frame[column] = frame[column].fillna(0).astype(int)
    columns = ["report", "title", "date", "year", "jurisdiction", "author", "source",
               "sentences", "mentions", "entities", "assertions", DONE, PLANNED]
    return frame[columns].reset_index(drop=True)


def _report_years(store: Store) -> dict[str, int | None]:
    """Return each report id's year (None when the report has no date)."""
    table = reports(store)
    return {r: (None if pd.isna(y) else int(y)) for r, y in zip(table["report"], table["year"])}


def entities(store: Store, kinds: str | Iterable[str] | None = None) -> pd.DataFrame:
    """Return one row per entity: iri, kind, label, variants, jurisdiction, reports and mention count.

    ``variants`` and ``reports`` are lists; ``reports`` are the ids of the reports that mention,
    author or are located in it. Sorted by kind, then most mentioned first.
    """
    classes = _values("kg", sorted(_names(kinds, _kind) or KINDS))
    rows = sparql(store, f"""
SELECT ?iri ?kind ?label ?jurisdiction WHERE {{
  VALUES ?class {{ {classes} }}
  ?iri a ?class ; skos:prefLabel ?label .
  OPTIONAL {{ ?iri kg:jurisdiction/skos:prefLabel ?jurisdiction }}
  BIND(STRAFTER(STR(?class), STR(kg:)) AS ?kind)
}}""")
    rows = rows.drop_duplicates("iri").reset_index(drop=True)
    variants = sparql(store, f"""
SELECT ?iri ?variant WHERE {{ VALUES ?class {{ {classes} }} ?iri a ?class ; skos:altLabel ?variant }}""")
    linked = sparql(store, f"""
SELECT DISTINCT ?iri ?report WHERE {{
  VALUES ?class {{ {classes} }}
  VALUES ?link {{ {" ".join(f"<{link}>" for link in REPORT_LINKS)} }}
  ?iri a ?class . ?r a kg:Report ; ?link ?iri ; kg:documentId ?report .
}}""")
    counts = sparql(store, f"""
SELECT ?iri (COUNT(?m) AS ?mentions) WHERE {{
  VALUES ?class {{ {classes} }} ?iri a ?class . ?m kg:denotes ?iri .
}} GROUP BY ?iri""")
    by_variant = variants.groupby("iri")["variant"].agg(lambda v: sorted(set(v))).to_dict()
    by_report = linked.groupby("iri")["report"].agg(lambda v: sorted(set(v))).to_dict()
    rows["variants"] = [by_variant.get(iri, []) for iri in rows["iri"]]
    rows["reports"] = [by_report.get(iri, []) for iri in rows["iri"]]
    rows["mentions"] = rows["iri"].map(dict(zip(counts["iri"], counts["mentions"]))).fillna(0).astype(int)
    rows["jurisdiction"] = rows["jurisdiction"].fillna("")
    rows = rows.sort_values(["kind", "mentions", "label"], ascending=[True, False, True], key=_kind_order)
    return rows[["iri", "kind", "label", "variants", "jurisdiction", "reports", "mentions"]].reset_index(drop=True)


def _kind_order(column: pd.Series) -> pd.Series:
    """Sort key: kinds in KINDS order, other columns as they are."""
    if column.name == "kind":
        return column.map({kind: i for i, kind in enumerate(KINDS)})
    return column


def mentions(store: Store, kinds: str | Iterable[str] | None = None) -> pd.DataFrame:
    """Return one row per mention: report, entity iri, kind, label, the text as written, start, end."""
    return sparql(store, f"""
SELECT ?report ?iri ?kind ?label ?text ?start ?end WHERE {{
  VALUES ?class {{ {_values("kg", sorted(_names(kinds, _kind) or KINDS))} }}
  ?m a kg:Mention ; kg:denotes ?iri ; oa:hasSource ?r ; oa:exact ?text ; oa:start ?start ; oa:end ?end .
  ?r kg:documentId ?report . ?iri a ?class ; skos:prefLabel ?label .
  BIND(STRAFTER(STR(?class), STR(kg:)) AS ?kind)
}} ORDER BY ?report ?start ?end""")


_ASSERTIONS = """
SELECT ?assertion ?report ?source ?relation ?target ?status ?confidence ?rule ?trigger ?sentence ?section ?start ?end WHERE {
  ?assertion a kg:Assertion ; rdf:subject ?source ; rdf:predicate ?p ; rdf:object ?target ; prov:wasDerivedFrom ?r .
  ?r kg:documentId ?report .
  OPTIONAL { ?assertion kg:status ?st }
  OPTIONAL { ?assertion kg:confidence ?confidence }
  OPTIONAL { ?assertion kg:rule ?rule }
  OPTIONAL { ?assertion kg:trigger/oa:exact ?trigger }
  OPTIONAL { ?assertion kg:evidence ?e . ?e kg:text ?sentence .
             OPTIONAL { ?e kg:section ?section } OPTIONAL { ?e oa:hasSelector ?at . ?at oa:start ?start ; oa:end ?end } }
  BIND(STRAFTER(STR(?p), STR(kg:)) AS ?relation)
  BIND(STRAFTER(STR(?st), STR(kg:)) AS ?status)
}"""


def _support(store: Store) -> pd.DataFrame:
    """Return one row per assertion (the ``_ASSERTIONS`` columns, unlabelled and unsorted)."""
    return sparql(store, _ASSERTIONS).drop_duplicates("assertion")


def _labels(store: Store) -> pd.DataFrame:
    """Return iri, label and kind of every entity."""
    return entities(store)[["iri", "label", "kind"]]


def assertions(store: Store) -> pd.DataFrame:
    """Return one row per assertion (one relation read in one sentence), with labels and its evidence.

    Columns: assertion, report, source/source_label/source_kind, relation, target/target_label/
    target_kind, status, confidence, rule, trigger, sentence, section, start, end (the sentence's
    offsets in the report's text).
    """
    frame = _support(store)
    labels = _labels(store)
    for end in ("source", "target"):
        named_end = labels.rename(columns={"iri": end, "label": f"{end}_label", "kind": f"{end}_kind"})
        frame = frame.merge(named_end, on=end, how="left")
    frame["_n"] = frame["assertion"].map(_natural)
    frame = frame.sort_values(["report", "_n"]).drop(columns="_n")
    columns = ["assertion", "report", "source", "source_label", "source_kind", "relation", "target", "target_label",
               "target_kind", "status", "confidence", "rule", "trigger", "sentence", "section", "start", "end"]
    return frame[columns].reset_index(drop=True)


def _natural(text: str) -> tuple:
    """Sort key that orders the numbers inside ``text`` by value (assertion/2 before assertion/10)."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))


def edges(store: Store) -> pd.DataFrame:
    """Return one row per entity-to-entity edge with its evidence.

    Columns: source, source_label, relation, target, target_label, evidence (assertions),
    done, planned (assertions of each status), reports (list of report ids), confidence (the
    highest of its assertions). Edges of the gazetteer (jurisdiction, within) have no evidence.
    """
    return _edges(store, _support(store), _labels(store))


def _edges(store: Store, support: pd.DataFrame, labels: pd.DataFrame) -> pd.DataFrame:
    """Return ``edges(store)`` from every assertion (``_support``) and every entity's label (``_labels``)."""
    frame = sparql(store, f"""
SELECT DISTINCT ?source ?relation ?target WHERE {{
  VALUES ?p {{ {_values("kg", (*RELATIONS, *STRUCTURE))} }}
  ?source ?p ?target .
  FILTER NOT EXISTS {{ ?source a kg:Report }}
  FILTER(isIRI(?target))
  BIND(STRAFTER(STR(?p), STR(kg:)) AS ?relation)
}}""")
    grouped = support.groupby(["source", "relation", "target"])
    stats = pd.DataFrame({
        "evidence": grouped.size(),
        DONE: grouped["status"].agg(lambda s: int((s == DONE).sum())),
        PLANNED: grouped["status"].agg(lambda s: int((s == PLANNED).sum())),
        "reports": grouped["report"].agg(lambda s: sorted(set(s))),
        "confidence": grouped["confidence"].max(),
    }).reset_index()
    frame = frame.merge(stats, on=["source", "relation", "target"], how="left")
    for column in ("evidence", DONE, PLANNED):
        frame[column] = frame[column].fillna(0).astype(int)
    frame["reports"] = [r if isinstance(r, list) else [] for r in frame["reports"]]
    labels = labels.set_index("iri")["label"]
    frame["source_label"] = frame["source"].map(labels)
    frame["target_label"] = frame["target"].map(labels)
    frame = frame.sort_values(["source_label", "relation", "target_label"])
    columns = ["source", "source_label", "relation", "target", "target_label", "evidence", DONE, PLANNED, "reports", "confidence"]
    return frame[columns].reset_index(drop=True)


def _select_reports(store: Store, reports_: str | Iterable[str] | None, years: int | Iterable[int] | None) -> set[str] | None:
    """Return the report ids chosen by ids and/or years (None when neither is given)."""
    if reports_ is None and years is None:
        return None
    chosen = _names(reports_, str) if reports_ is not None else None
    if years is not None:
        wanted = {int(years)} if isinstance(years, Integral) else {int(y) for y in years}
        by_year = {r for r, y in _report_years(store).items() if y in wanted}
        chosen = by_year if chosen is None else chosen & by_year
    return chosen


def network(
    store: Store,
    kinds: str | Iterable[str] | None = None,
    relations: str | Iterable[str] | None = None,
    reports: str | Iterable[str] | None = None,
    status: str | None = None,
    years: int | Iterable[int] | None = None,
    isolates: bool = True,
) -> nx.MultiDiGraph:
    """Return the entities and their relations as a MultiDiGraph, whole or filtered.

    Nodes are entity IRIs with ``label``, ``kind``, ``jurisdiction``, ``variants``, ``reports``
    (``|``-joined) and ``mentions``; edges are keyed by relation and carry ``relation``,
    ``evidence`` (supporting assertions), ``done``, ``planned``, ``status``, ``reports`` and
    ``confidence``. Filters: entity ``kinds``; ``relations`` (names of RELATIONS and STRUCTURE);
    ``reports`` (ids) or ``years``: only the entities those reports mention, author or are located
    in (with the places these lie in), and the assertions they make; ``status`` (done/planned): only assertions of that status.
    Edges without assertions (jurisdiction, within) are kept between kept nodes unless ``relations``
    leaves them out. ``isolates=False`` drops nodes left without edges.
    """
    kind_set = _names(kinds, _kind) or set(KINDS)
    relation_set = _names(relations, _relation) or set(RELATIONS) | set(STRUCTURE)
    chosen = _select_reports(store, reports, years)
    if status is not None and status not in (DONE, PLANNED):
        raise ValueError(f"status must be {DONE!r} or {PLANNED!r}, not {status!r}")
    every = entities(store, kind_set)
    every_assertion = _support(store)
    table = _edges(store, every_assertion, every if kind_set == set(KINDS) else _labels(store))
    return _network(every, every_assertion, table, relation_set, chosen, status, isolates)


def _network(
    every: pd.DataFrame, every_assertion: pd.DataFrame, table: pd.DataFrame,
    relation_set: set[str], chosen: set[str] | None, status: str | None, isolates: bool,
) -> nx.MultiDiGraph:
    """Return ``network()`` from its entities, every assertion (``_support``) and every edge (``_edges``)."""
    nodes = every
    support = every_assertion[every_assertion["relation"].isin(relation_set)]
    if chosen is not None:
        support = support[support["report"].isin(chosen)]
        asserted = set(support["source"]) | set(support["target"])
        nodes = nodes[[bool(set(r) & chosen) or iri in asserted for iri, r in zip(nodes["iri"], nodes["reports"])]]
    if chosen is not None:  # and the places the kept entities lie in (the gazetteer's jurisdiction and within)
        places = table[table["relation"].isin(["jurisdiction", "within"])].groupby("source")["target"].agg(list).to_dict()
        kept, todo = set(nodes["iri"]), list(nodes["iri"])
        while todo:
            for place in places.get(todo.pop(), []):
                if place not in kept:
                    kept.add(place)
                    todo.append(place)
        nodes = every[every["iri"].isin(kept)]
    if status is not None:
        support = support[support["status"] == status]
    graph = nx.MultiDiGraph(name="cngov-kg")
    for row in nodes.itertuples(index=False):
        graph.add_node(
            row.iri, label=row.label, kind=row.kind, jurisdiction=row.jurisdiction,
            variants=SEPARATOR.join(row.variants), reports=SEPARATOR.join(row.reports), mentions=int(row.mentions),
        )
    table = table[table["relation"].isin(relation_set) & table["source"].isin(graph) & table["target"].isin(graph)]
    grouped = {key: group for key, group in support.groupby(["source", "relation", "target"])}
    for row in table.itertuples(index=False):
        group = grouped.get((row.source, row.relation, row.target))
        if group is None:
            if row.evidence and (chosen is not None or status is not None):
                continue  # asserted, but not by the chosen reports or with the chosen status
            done = planned = 0
            report_ids: list[str] = []
            confidence = None
        else:
            done, planned = int((group["status"] == DONE).sum()), int((group["status"] == PLANNED).sum())
            report_ids = sorted(set(group["report"]))
            confidence = group["confidence"].max()
        attributes = {
            "relation": row.relation, "evidence": done + planned, DONE: done, PLANNED: planned,
            "status": SEPARATOR.join(s for s, n in ((DONE, done), (PLANNED, planned)) if n),
            "reports": SEPARATOR.join(report_ids),
        }
        if confidence is not None and not pd.isna(confidence):
            attributes["confidence"] = float(confidence)
        graph.add_edge(row.source, row.target, key=row.relation, **attributes)
    if not isolates:
        graph.remove_nodes_from([node for node in list(graph) if graph.degree(node) == 0])
    graph.graph["reports"] = SEPARATOR.join(sorted(chosen)) if chosen is not None else ""
    graph.graph["status"] = status or ""
    return graph


def _undirected(graph: nx.MultiDiGraph) -> nx.Graph:
    """Return the simple undirected projection: one edge per linked pair, weighted by evidence (at least 1)."""
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes(data=True))
    for source, target, data in graph.edges(data=True):
        if source == target:
            continue
        weight = max(int(data.get("evidence", 0)), 1)
        if simple.has_edge(source, target):
            simple[source][target]["weight"] += weight
        else:
            simple.add_edge(source, target, weight=weight)
    return simple


def centrality(graph: nx.MultiDiGraph, kind: str | None = "Body", top: int | None = None, sample: int | None = None) -> pd.DataFrame:
    """Return network measures of the nodes (of one ``kind``; None for all), most connected first.

    Columns: node, label, kind, degree (edges), out_degree, in_degree, neighbours (distinct),
    evidence (assertions on its edges), degree_centrality (neighbours / (n - 1)) and
    betweenness (normalized, on the undirected projection; estimated from ``sample`` pivots
    when given, seeded, for very large graphs).
    """
    wanted = _kind(kind) if kind else None
    simple = _undirected(graph)
    degree_centrality = nx.degree_centrality(simple) if len(simple) > 1 else {n: 0.0 for n in simple}
    k = sample if sample is not None and sample < len(simple) else None
    betweenness = nx.betweenness_centrality(simple, k=k, seed=0 if k else None)
    rows = []
    for node, data in graph.nodes(data=True):
        if wanted and data.get("kind") != wanted:
            continue
        incident = [*graph.out_edges(node, data=True), *graph.in_edges(node, data=True)]
        rows.append({
            "node": node, "label": data.get("label", node), "kind": data.get("kind", ""),
            "degree": graph.degree(node), "out_degree": graph.out_degree(node), "in_degree": graph.in_degree(node),
            "neighbours": simple.degree(node), "evidence": sum(int(d.get("evidence", 0)) for _, _, d in incident),
            "degree_centrality": round(degree_centrality[node], 6), "betweenness": round(betweenness[node], 6),
        })
    columns = ["node", "label", "kind", "degree", "out_degree", "in_degree", "neighbours", "evidence", "degree_centrality", "betweenness"]
    frame = pd.DataFrame(rows, columns=columns)
    frame = frame.sort_values(["degree", "evidence", "label"], ascending=[False, False, True]).reset_index(drop=True)
    return frame.head(top) if top else frame


def communities(graph: nx.MultiDiGraph, resolution: float = 1.0, seed: int = 0, top: int = 8) -> pd.DataFrame:
    """Return the Louvain communities of the undirected, evidence-weighted projection, largest first.

    Columns: community, size, kinds (count per kind), members (the ``top`` best-connected labels)
    and nodes (every IRI). Isolated nodes are left out; ``attrs["modularity"]`` holds the score.
    """
    simple = _undirected(graph)
    simple.remove_nodes_from([node for node in list(simple) if simple.degree(node) == 0])
    if simple.number_of_edges() == 0:
        frame = pd.DataFrame(columns=["community", "size", "kinds", "members", "nodes"])
        frame.attrs["modularity"] = 0.0
        return frame
    found = nx.community.louvain_communities(simple, weight="weight", resolution=resolution, seed=seed)
    strength = dict(simple.degree(weight="weight"))
    ordered = sorted(found, key=lambda c: (-len(c), min(c)))
    rows = []
    for number, members in enumerate(ordered):
        ranked = sorted(members, key=lambda n: (-strength[n], simple.nodes[n].get("label", n)))
        kinds = Counter(simple.nodes[n].get("kind", "") for n in members)
        rows.append({
            "community": number, "size": len(members),
            "kinds": ", ".join(f"{k} {kinds[k]}" for k in KINDS if kinds[k]),
            "members": "、".join(simple.nodes[n].get("label", n) for n in ranked[:top]),
            "nodes": sorted(members),
        })
    frame = pd.DataFrame(rows)
    frame.attrs["modularity"] = nx.community.modularity(simple, ordered, weight="weight", resolution=resolution)
    return frame


def _group_key(table: pd.DataFrame, by: str) -> pd.Series:
    """Return the grouping column of a reports table: report id, year or jurisdiction."""
    if by not in ("report", "year", "jurisdiction"):
        raise ValueError(f"by must be 'report', 'year' or 'jurisdiction', not {by!r}")
    return table[by]


def citations(store: Store, kinds: str | Iterable[str] = ("Statute", "Programme"), by: str = "report") -> pd.DataFrame:
    """Return how often each entity is mentioned, one column per report (or year, or jurisdiction).

    Rows are indexed by (kind, label), most mentioned overall first; a ``total`` column ends the
    table. Read a column as "what this report cites", a row as "who cites this".
    """
    table = mentions(store, kinds)
    groups = _group_key(reports(store).set_index("report", drop=False), by)
    table["group"] = table["report"].map(groups)
    pivot = table.pivot_table(index=["kind", "label"], columns="group", values="text", aggfunc="count", fill_value=0)
    pivot.columns = [str(c) if by != "year" else c for c in pivot.columns]
    pivot.columns.name = by
    pivot["total"] = pivot.sum(axis=1)
    pivot = pivot.sort_values(["total"], ascending=False, kind="stable")
    return pivot.astype(int)


def profile(store: Store, by: str = "report") -> pd.DataFrame:
    """Return per report, year or jurisdiction: reports, distinct entities by kind, assertions by status and relation.

    The table to compare jurisdictions and years at a glance; indexed by the group.
    """
    table = reports(store)
    key = _group_key(table.set_index("report", drop=False), by)
    found = mentions(store)
    found["group"] = found["report"].map(key)
    kinds = found.groupby(["group", "kind"])["iri"].nunique().unstack(fill_value=0)
    kinds = kinds.reindex(columns=list(KINDS), fill_value=0)
    said = assertions(store)
    said["group"] = said["report"].map(key)
    status = said.groupby(["group", "status"]).size().unstack(fill_value=0).reindex(columns=[DONE, PLANNED], fill_value=0)
    relations = said.groupby(["group", "relation"]).size().unstack(fill_value=0)
    relations = relations.reindex(columns=[r for r in (*RELATIONS, "subOrganizationOf") if r in relations.columns], fill_value=0)
    counts = table.groupby(key.values)["report"].nunique().rename("reports")
    frame = pd.concat([counts, kinds, status, relations], axis=1).fillna(0).astype(int)
    frame.index.name = by
    return frame


def _chosen(store: Store, side: str | int | Iterable[str]) -> set[str]:
    """Return the report ids a comparison side names: a report id, a year, or several ids."""
    if isinstance(side, Integral):
        chosen = _select_reports(store, None, side)
    else:
        chosen = _select_reports(store, side, None)
    if not chosen:
        raise ValueError(f"no report matches {side!r}")
    return chosen


def changes(
    store: Store,
    before: str | int | Iterable[str],
    after: str | int | Iterable[str],
    kinds: str | Iterable[str] | None = None,
    level: str = "entities",
) -> pd.DataFrame:
    """Return what is new, dropped or kept between two sets of reports (a report id, a year, or ids).

    ``level="entities"``: one row per entity mentioned on either side, with kind, label, change
    (``new``, ``dropped``, ``kept``), mentions_before and mentions_after. ``level="edges"``: one
    row per relation (source_label, relation, target_label) asserted on either side, counting
    assertions. New first, then kept, then dropped; most mentioned first within each.
    """
    first, second = _chosen(store, before), _chosen(store, after)
    if level == "entities":
        table = mentions(store, kinds)
        keys = ["kind", "label"]
    elif level == "edges":
        table = assertions(store)
        if kinds is not None:
            wanted = _names(kinds, _kind)
            table = table[table["source_kind"].isin(wanted) & table["target_kind"].isin(wanted)]
        keys = ["source_label", "relation", "target_label"]
    else:
        raise ValueError(f"level must be 'entities' or 'edges', not {level!r}")
    left = table[table["report"].isin(first)].groupby(keys).size().rename("before")
    right = table[table["report"].isin(second)].groupby(keys).size().rename("after")
    frame = pd.concat([left, right], axis=1).fillna(0).astype(int).reset_index()
    frame["change"] = ["new" if b == 0 else "dropped" if a == 0 else "kept" for b, a in zip(frame["before"], frame["after"])]
    order = {"new": 0, "kept": 1, "dropped": 2}
    frame["_order"] = frame["change"].map(order)
    frame["_size"] = frame["before"] + frame["after"]
    frame = frame.sort_values(["_order", "_size", *keys], ascending=[True, False, *[True] * len(keys)])
    counted = "mentions" if level == "entities" else "assertions"
    frame = frame.rename(columns={"before": f"{counted}_before", "after": f"{counted}_after"})
    return frame[[*keys, "change", f"{counted}_before", f"{counted}_after"]].reset_index(drop=True)


def evidence(store: Store, source: str, relation: str, target: str) -> pd.DataFrame:
    """Return the assertions of one edge, named by labels or IRIs: report, status, trigger, sentence."""
    table = assertions(store)
    hit = ((table["source_label"] == source) | (table["source"] == source)) & (table["relation"] == _relation(relation))
    hit &= (table["target_label"] == target) | (table["target"] == target)
    return table[hit].reset_index(drop=True)


@dataclass(frozen=True)
class Evidence:
    """One assertion's sentence, followed back to the report it was read from."""

    assertion: str
    report: str
    source: str  # the file (``path``, ``zip::member`` or ``corpus.jsonl:line``) the report was read from
    start: int  # the sentence's offsets in the report's text, as the reader produced it
    end: int
    sentence: str  # the sentence as stored in the graph
    text: str | None  # ``text[start:end]`` of the report read again from ``source`` (None if unreadable)
    trigger: str
    trigger_start: int | None
    trigger_end: int | None
    document: str | None = None  # the whole text of the report read again (None if unreadable)

    @property
    def matches(self) -> bool:
        """Return whether the graph's sentence is exactly the report's text at its offsets."""
        return self.text == self.sentence

    def context(self, width: int = 60) -> str:
        """Return the sentence with ``width`` characters either side, the trigger marked 【】."""
        if self.document is None:
            return self.sentence
        text = self.document
        if self.trigger_start is not None and self.trigger_end is not None:
            text = text[: self.trigger_start] + "【" + text[self.trigger_start : self.trigger_end] + "】" + text[self.trigger_end :]
            shift = 2 if self.trigger_start < self.end else 0
        else:
            shift = 0
        return "…" + text[max(0, self.start - width) : self.end + shift + width] + "…"


def _read_report(source: str, report: str) -> str | None:
    """Return the text of the report ``report`` read again from its ``source`` (None when it cannot be)."""
    from kg.reading import ReadError, read_documents

    path = Path(re.sub(r"(::.*|:\d+)$", "", source))
    if not path.is_file():
        return None
    try:
        documents = read_documents([path])
    except ReadError:
        return None
    found = [d for d in documents if d.source == source] or [d for d in documents if d.id == report]
    return found[0].text if found else None


def trace(store: Store, assertion: str) -> Evidence:
    """Follow one assertion (its IRI) back to its sentence in the report file it was read from."""
    rows = sparql(store, f"""
SELECT ?report ?source ?sentence ?start ?end ?trigger ?tstart ?tend WHERE {{
  <{assertion}> prov:wasDerivedFrom ?r ; kg:evidence ?e .
  ?r kg:documentId ?report . OPTIONAL {{ ?r dcterms:source ?source }}
  ?e kg:text ?sentence ; oa:hasSelector ?at . ?at oa:start ?start ; oa:end ?end .
  OPTIONAL {{ <{assertion}> kg:trigger ?t . ?t oa:exact ?trigger ; oa:start ?tstart ; oa:end ?tend }}
}} LIMIT 1""")
    if rows.empty:
        raise KeyError(f"no assertion with evidence {assertion!r}")
    row = rows.iloc[0]
    source = row["source"] if isinstance(row["source"], str) else ""
    document = _read_report(source, row["report"]) if source else None
    start, end = int(row["start"]), int(row["end"])
    return Evidence(
        assertion=assertion, report=row["report"], source=source, start=start, end=end, sentence=row["sentence"],
        text=document[start:end] if document is not None else None, trigger=row["trigger"] if isinstance(row["trigger"], str) else "",
        trigger_start=None if pd.isna(row["tstart"]) else int(row["tstart"]),
        trigger_end=None if pd.isna(row["tend"]) else int(row["tend"]), document=document,
    )


def _exportable(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Return a copy whose attributes are all str, int, float or bool (what GraphML and GEXF take)."""
    def clean(data: dict) -> dict:
        return {k: (SEPARATOR.join(map(str, v)) if isinstance(v, list | tuple | set) else v) for k, v in data.items() if v is not None}

    copy = nx.MultiDiGraph(**clean(graph.graph))
    copy.add_nodes_from((n, clean(d)) for n, d in graph.nodes(data=True))
    copy.add_edges_from((s, t, k, clean(d)) for s, t, k, d in graph.edges(keys=True, data=True))
    return copy


def write_graphml(graph: nx.MultiDiGraph, path: Path | str) -> Path:
    """Write the network as GraphML (Gephi, Cytoscape, yEd); return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    nx.write_graphml(_exportable(graph), path, encoding="utf-8")
    return path


def write_gexf(graph: nx.MultiDiGraph, path: Path | str) -> Path:
    """Write the network as GEXF 1.2 (Gephi), node labels as Gephi's labels; return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    nx.write_gexf(_exportable(graph), path, encoding="utf-8")
    return path


def summary(store: Store, top: int = 10) -> dict[str, Any]:
    """Return the counts a reader wants first, as plain data (what ``kg stats`` prints).

    Keys: triples, reports (one dict each), entities (count by kind), relations (by relation:
    edges, assertions, done, planned), bodies (the ``top`` most connected by the seven relations
    and sub-organisation) and statutes (the ``top`` most mentioned: mentions, reports).
    """
    table = reports(store)
    nodes = entities(store)
    support = _support(store)
    links = _edges(store, support, nodes)
    by_relation = {}
    for relation in (*RELATIONS, *STRUCTURE):
        rows = links[links["relation"] == relation]
        by_relation[relation] = {
            "edges": len(rows), "assertions": int(rows["evidence"].sum()), DONE: int(rows[DONE].sum()), PLANNED: int(rows[PLANNED].sum()),
        }
    net = _network(nodes, support, links, {*RELATIONS, "subOrganizationOf"}, None, None, isolates=True)
    bodies = centrality(net, kind="Body", top=top)
    statutes = nodes[nodes["kind"] == "Statute"].assign(n_reports=lambda f: f["reports"].map(len))
    statutes = statutes.sort_values(["mentions", "n_reports", "label"], ascending=[False, False, True]).head(top)
    return {
        "triples": len(store),
        "reports": [{k: _plain(v) for k, v in row.items() if k != "source"} for row in table.to_dict("records")],
        "entities": {kind: int((nodes["kind"] == kind).sum()) for kind in KINDS},
        "relations": by_relation,
        "bodies": [
            {"label": r.label, "degree": int(r.degree), "out_degree": int(r.out_degree), "in_degree": int(r.in_degree), "evidence": int(r.evidence)}
            for r in bodies.itertuples(index=False)
        ],
        "statutes": [{"label": r.label, "mentions": int(r.mentions), "reports": int(r.n_reports)} for r in statutes.itertuples(index=False)],
    }


def _plain(value: Any) -> Any:
    """Return a table cell as a JSON-ready value (numpy numbers as int or float, missing as None)."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def cjk_font() -> str | None:
    """Make matplotlib draw Chinese labels with an installed CJK font; return its name (None if none found)."""
    from matplotlib import font_manager, rcParams

    preferred = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei",
                 "SimHei", "Microsoft YaHei", "PingFang SC", "Heiti SC", "AR PL UMing CN", "Noto Serif CJK SC")
    installed = {font.name for font in font_manager.fontManager.ttflist}
    if not installed.intersection(preferred):  # matplotlib's font cache may predate the system's CJK fonts
        for path in font_manager.findSystemFonts():
            if re.search(r"wqy|cjk|sourcehan|simhei|msyh|pingfang|droidsansfallback|uming", Path(path).name, re.IGNORECASE):
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):
                    continue
        installed = {font.name for font in font_manager.fontManager.ttflist}
    for name in preferred:
        if name in installed:
            rcParams["font.sans-serif"] = [name, *rcParams["font.sans-serif"]]
            rcParams["font.family"] = "sans-serif"
            rcParams["axes.unicode_minus"] = False
            return name
    return None


def view(graph: KnowledgeGraph | Path | str, **filters: Any) -> Any:
    """Return the offline viewer of a built graph for Jupyter to show inline.

    ``filters`` preset the page: kinds, relations, statuses (tuples of names), report,
    jurisdiction, focus (a node's name), as in ``kg view``.
    """
    from kg.viewing import Filters, load_graph, show

    path = graph.source if isinstance(graph, KnowledgeGraph) else graph_file(Path(graph))
    values = {k: (tuple(v) if isinstance(v, list | tuple | set) else v) for k, v in filters.items()}
    return show(load_graph(path), filters=Filters(**values))
