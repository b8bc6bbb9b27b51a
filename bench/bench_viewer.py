"""How long the HTML viewer takes until it is usable, on a large synthetic graph, in Chromium.

    .venv/bin/python bench/bench_viewer.py [--nodes 5000] [--edges 20000] [--runs 3]
    .venv/bin/python bench/bench_viewer.py --graph /tmp/corpus-out --no-browser   # a kg build's graph

Builds a graph shaped like ``kg build``'s (reports that mention entities, relations as
plain triples and assertions with an evidence sentence and a trigger), renders it with
``kg.viewing.render_html`` and opens the page in headless Chromium (``/usr/bin/chromium``,
driven by Playwright, every network request blocked). For each run it reports the time
from the start of navigation until the viewer says it is ready (network drawn, search,
filters and panel wired), then the time a search takes to show the node found in the side
panel and the time unticking a node kind takes to redraw the graph. The issue's target:
ready in under 5 seconds for 5,000 nodes and 20,000 edges. ``--graph`` renders a graph file
(or the exports folder of ``kg build``) instead; ``render_html`` is timed with its layout
share, ``--no-browser`` stops there.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import re
import statistics
import tempfile
import time
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS, XSD

from kg.namespaces import ID, KG, OA
import kg.viewing
from kg.viewing import render_html

CHROMIUM = "/usr/bin/chromium"
KINDS = (KG.Body, KG.Place, KG.Statute, KG.Policy, KG.Programme, KG.Doctrine)
RELATIONS = (KG.implements, KG.studied, KG.supervises, KG.issued, KG.established, KG.reportsTo, KG.basedOn)
SUFFIXES = {KG.Body: "局", KG.Place: "县", KG.Statute: "法", KG.Policy: "方案", KG.Programme: "改革", KG.Doctrine: "思想"}
TRIGGER = "落实"
READY_TIMEOUT_MS = 120_000


def _entities(graph: Graph, count: int, rng: random.Random) -> list[URIRef]:
    """Add ``count`` entities of every kind with a name and a variant; return them."""
    entities = []
    for i in range(count):
        cls = rng.choice(KINDS)
        name = f"第{i}号{SUFFIXES[cls]}"
        entity = ID[f"entity/{i}"]
        graph.add((entity, RDF.type, cls))
        graph.add((entity, SKOS.prefLabel, Literal(name, lang="zh")))
        graph.add((entity, SKOS.altLabel, Literal(f"{i}号{SUFFIXES[cls]}", lang="zh")))
        entities.append(entity)
    return entities


def _reports(graph: Graph, count: int) -> list[URIRef]:
    """Add ``count`` reports; return them."""
    reports = []
    for i in range(count):
        report = ID[f"report/r{i}"]
        graph.add((report, RDF.type, KG.Report))
        graph.add((report, KG.documentId, Literal(f"r{i}")))
        graph.add((report, DCTERMS.title, Literal(f"{2000 + i % 25}年第{i}号法治政府建设情况报告", lang="zh")))
        reports.append(report)
    return reports


def _assertion(graph: Graph, index: int, edge: tuple[URIRef, URIRef, URIRef], report: URIRef, planned: bool) -> None:
    """Add one relation with its assertion, evidence sentence and trigger."""
    subject, predicate, obj = edge
    assertion, sentence = ID[f"assertion/{index}"], ID[f"sentence/{index}"]
    selector, trigger = ID[f"selector/{index}"], ID[f"trigger/{index}"]
    text = f"第{index}条：{graph.value(subject, SKOS.prefLabel)}{TRIGGER}{graph.value(obj, SKOS.prefLabel)}。"
    start = 1000 * index
    offset = text.index(TRIGGER)
    graph.add(edge)
    for triple in (
        (assertion, RDF.type, KG.Assertion), (assertion, RDF.subject, subject), (assertion, RDF.predicate, predicate),
        (assertion, RDF.object, obj), (assertion, KG.evidence, sentence), (assertion, KG.trigger, trigger),
        (assertion, KG.status, KG.planned if planned else KG.done), (assertion, PROV.wasDerivedFrom, report),
        (sentence, KG.text, Literal(text)), (sentence, OA.hasSource, report), (sentence, OA.hasSelector, selector),
        (sentence, KG.section, Literal("一、主要工作")),
        (selector, OA.start, Literal(start, datatype=XSD.integer)),
        (selector, OA.end, Literal(start + len(text), datatype=XSD.integer)),
        (trigger, OA.start, Literal(start + offset, datatype=XSD.integer)),
        (trigger, OA.end, Literal(start + offset + len(TRIGGER), datatype=XSD.integer)),
    ):
        graph.add(triple)


def synthetic_graph(nodes: int = 5000, edges: int = 20000, seed: int = 0) -> Graph:
    """Return a graph of ``nodes`` nodes (one in fifty a report) and ``edges`` relation edges.

    Endpoints follow a skewed distribution, so a few hubs have many edges, as real
    bodies and statutes do; every entity is mentioned by one to three reports.
    """
    rng, graph = random.Random(seed), Graph()
    reports = _reports(graph, max(1, nodes // 50))
    entities = _entities(graph, nodes - len(reports), rng)
    for entity in entities:
        for report in rng.sample(reports, min(len(reports), rng.randint(1, 3))):
            graph.add((report, KG.mentions, entity))
    seen: set[tuple[URIRef, URIRef, URIRef]] = set()
    while len(seen) < edges:
        subject = entities[int(len(entities) * rng.random() ** 2)]
        obj = entities[rng.randrange(len(entities))]
        edge = (subject, rng.choice(RELATIONS), obj)
        if subject != obj and edge not in seen:
            seen.add(edge)
            _assertion(graph, len(seen), edge, rng.choice(reports), rng.random() < 0.2)
    return graph


def _block_others(route, requests: list[str]) -> None:  # noqa: ANN001  (a Playwright Route)
    """Let file: URLs load; record and abort every other request."""
    if route.request.url.startswith("file:"):
        route.continue_()
    else:
        requests.append(route.request.url)
        route.abort()


def _time_page(browser, path: Path, term: str) -> dict[str, float]:  # noqa: ANN001  (a Playwright Browser)
    """Open the page once; return seconds to ready, for a search for ``term`` and for a filter to take effect."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    requests: list[str] = []
    context.route("**/*", lambda route: _block_others(route, requests))
    page = context.new_page()
    start = time.perf_counter()
    page.goto(path.as_uri(), wait_until="commit")
    page.wait_for_function("window.kgViewer && window.kgViewer.ready", timeout=READY_TIMEOUT_MS)
    figures = {"ready": time.perf_counter() - start, "ready (page clock)": page.evaluate("window.kgViewer.readyAt") / 1000}
    page.fill("#kg-search", term)
    start = time.perf_counter()
    page.press("#kg-search", "Enter")
    page.wait_for_function("document.querySelector('#kg-panel h2') !== null")
    figures["search"] = time.perf_counter() - start
    counts = page.inner_text("#kg-status")
    start = time.perf_counter()
    page.uncheck("input.kg-kind[value=statute]")
    page.wait_for_function("text => document.getElementById('kg-status').textContent !== text", arg=counts)
    figures["filter"] = time.perf_counter() - start
    assert not requests, requests
    context.close()
    return figures


def _load(path: Path) -> Graph:
    """Read a graph file or the graph of an exports folder (named graphs merged), as ``kg view`` does."""
    from kg.cli.view import graph_path, load_graph

    found = graph_path(path)
    if found is None:
        raise SystemExit(f"no graph file at {path}")
    return load_graph(found)


def _render(graph: Graph) -> str:
    """Render ``graph``; print the seconds it took (wall and CPU), the layout's share and the page size."""
    layout, spent = kg.viewing.layout, []

    def timed(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        start = time.perf_counter()
        result = layout(*args, **kwargs)
        spent.append(time.perf_counter() - start)
        return result

    kg.viewing.layout = timed
    gc.collect()
    try:
        start, cpu = time.perf_counter(), time.process_time()
        page = render_html(graph)
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    finally:
        kg.viewing.layout = layout
    print(f"render_html: {wall:.1f} s ({cpu:.1f} s CPU; the layout {spent[0]:.1f} s), {len(page.encode()) / 1e6:.1f} MB")
    return page


def _first_name(page: str) -> str:
    """Return the label of the first node of a rendered page."""
    blob = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    return json.loads(blob.group(1))["nodes"][0]["label"]


def run(nodes: int, edges: int, runs: int, graph_file: Path | None = None, in_browser: bool = True) -> None:
    """Build (or read), render and time the viewer; print the figures."""
    start = time.perf_counter()
    if graph_file is None:
        graph = synthetic_graph(nodes, edges)
        print(f"graph: {nodes} nodes, {edges} relation edges, {len(graph)} triples ({time.perf_counter() - start:.1f} s)")
    else:
        graph = _load(graph_file)
        print(f"graph: {graph_file}, {len(graph)} triples ({time.perf_counter() - start:.1f} s to read)")
    page = _render(graph)
    # A name the search finds: the synthetic graph's, or the first node's of a real one.
    term = "第1号" if graph_file is None else _first_name(page)
    if not in_browser:
        return
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        path = Path(tmp) / "graph.html"
        path.write_text(page, encoding="utf-8")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        figures = [_time_page(browser, path, term) for _ in range(runs)]
        browser.close()
    for key in figures[0]:
        values = [f[key] for f in figures]
        print(f"{key}: median {statistics.median(values):.2f} s (runs: {', '.join(f'{v:.2f}' for v in values)})")


def main() -> None:
    """Parse the arguments and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--edges", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--graph", type=Path, help="a graph file (.nq, .trig, .ttl, .jsonld) or exports folder instead")
    parser.add_argument("--no-browser", action="store_true", help="time render_html only")
    args = parser.parse_args()
    run(args.nodes, args.edges, args.runs, args.graph, not args.no_browser)


if __name__ == "__main__":
    main()
