"""The HTML viewer in a real headless Chromium (Debian's ``chromium``, driven by Playwright).

Every page is opened from a file with all other requests blocked (and recorded: none may
be attempted), and must load without a console error. Skipped when Playwright or
``/usr/bin/chromium`` is missing, unless ``KG_BROWSER_TESTS=required`` (as in CI).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph
from rdflib.namespace import RDF

from kg.graphing import build_graph
from kg.namespaces import KG
from kg.pipeline import extract_path
from kg.viewing import Filters, render_html

CHROMIUM = Path("/usr/bin/chromium")
ENTITY_CLASSES = (KG.Report, KG.Body, KG.Place, KG.Statute, KG.Policy, KG.Programme, KG.Doctrine)
EVIL_TITLE = '<script>window.kgPwned=1</script>"onerror=alert(1)'
EVIL_REPORT = f"""{EVIL_TITLE}人民政府2023年法治政府建设情况报告

一、主要工作
<script>window.kgPwned=2</script>司法局认真贯彻落实《中华人民共和国<img src=x onerror=alert(3)>法》，深入学习习近平法治思想。
市人民政府印发《关于"onerror=alert(4)加强法治建设的实施方案》，推进“放管服”改革。
"""
READY = "window.kgViewer && window.kgViewer.ready"
DRAWN_NODES = "kgViewer.network.body.nodeIndices.length"
# The id of an edge of ``relation`` (not in ``skip``) that a click at the canvas centre hits, after moving the view onto it.
CENTRE_ON_EDGE = """([relation, skip]) => {
  const net = kgViewer.network, box = net.canvas.frame.canvas.getBoundingClientRect();
  const centre = {x: box.width / 2, y: box.height / 2};
  for (const id of kgViewer.edges.getIds()) {
    const edge = kgViewer.edges.get(id);
    if (edge.label !== relation || skip.includes(id)) continue;
    const ends = net.getPositions([edge.from, edge.to]);
    const mid = {x: (ends[edge.from].x + ends[edge.to].x) / 2, y: (ends[edge.from].y + ends[edge.to].y) / 2};
    net.moveTo({position: mid, scale: 1.5, animation: false});
    if (net.getNodeAt(centre) === undefined && net.getEdgeAt(centre) === id) {
      return {id: id, x: box.left + centre.x, y: box.top + centre.y};
    }
  }
  return null;
}"""
# Within a few units: opening the side panel resizes the canvas, which can move the view a pixel or two.
CENTRED_ON = """id => {
  const view = kgViewer.network.getViewPosition(), node = kgViewer.network.getPositions([id])[id];
  return Math.abs(view.x - node.x) < 5 && Math.abs(view.y - node.y) < 5 && kgViewer.network.getScale() > 1;
}"""
VIEW_STATE = """id => ({view: kgViewer.network.getViewPosition(), node: kgViewer.network.getPositions([id])[id],
  scale: kgViewer.network.getScale(), selected: kgViewer.network.getSelectedNodes()})"""
NON_WHITE_PIXELS = """() => {
  const canvas = kgViewer.network.canvas.frame.canvas;
  const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let count = 0;
  for (let i = 0; i < pixels.length; i += 4) { if (pixels[i + 3] > 0 && pixels[i] + pixels[i + 1] + pixels[i + 2] < 600) count++; }
  return count;
}"""

REQUIRED = os.environ.get("KG_BROWSER_TESTS") == "required"
if not REQUIRED:
    pytest.importorskip("playwright.sync_api")
from playwright import sync_api as playwright_api  # noqa: E402


@dataclass
class Log:
    """What a page did that it should not: requests, console errors, uncaught errors, dialogs."""

    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium for the module."""
    if not CHROMIUM.exists():
        if REQUIRED:
            pytest.fail(f"{CHROMIUM} is missing (apt-get install chromium)")
        pytest.skip(f"{CHROMIUM} is missing")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield browser
        browser.close()


def _write(folder: Path, name: str, page: str) -> Path:
    """Write ``page`` into ``folder``; return its path."""
    path = folder / name
    path.write_text(page, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def sample_graph(sample_extraction) -> Graph:
    """The graph of the bundled sample report."""
    return build_graph([sample_extraction])


@pytest.fixture(scope="module")
def evil_graph(tmp_path_factory) -> Graph:
    """The graph of a report whose title, names and sentences hold markup."""
    path = tmp_path_factory.mktemp("evil") / "evil.txt"
    path.write_text(EVIL_REPORT, encoding="utf-8")
    return build_graph([extract_path(path)])


@pytest.fixture(scope="module")
def sample_file(tmp_path_factory, sample_graph: Graph) -> Path:
    """The sample graph's page."""
    return _write(tmp_path_factory.mktemp("viewer"), "graph.html", render_html(sample_graph))


class Viewer:
    """One open page with its log."""

    def __init__(self, browser: Any, path: Path) -> None:
        self.log = Log()
        self.context = browser.new_context(viewport={"width": 1280, "height": 800})
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.log.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.log.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.log.dialogs.append(d.message), d.dismiss()))
        self.url = path.as_uri()
        self.page.goto(self.url)
        self.page.wait_for_function(READY, timeout=20_000)

    def _route(self, route: Any) -> None:
        """Let the page itself load; record and abort every other request."""
        if route.request.url == self.url:
            route.continue_()
        else:
            self.log.requests.append(route.request.url)
            route.abort()

    def js(self, expression: str, arg: Any = None) -> Any:
        """Evaluate ``expression`` in the page."""
        return self.page.evaluate(expression, arg)

    def drawn(self) -> int:
        """Return the number of nodes the network draws."""
        return self.js(DRAWN_NODES)

    def search(self, query: str) -> str:
        """Type ``query`` into the search box, press Enter; return the node found, once the view is on it."""
        self.page.fill("#kg-search", query)
        self.page.press("#kg-search", "Enter")
        (selected,) = self.js("kgViewer.network.getSelectedNodes()")
        try:
            self.page.wait_for_function(CENTRED_ON, arg=selected, timeout=30_000)  # after the focus animation (slow frames under load)
        except playwright_api.TimeoutError as error:
            state = self.js(VIEW_STATE, selected)
            raise AssertionError(f"the view never centred on {selected!r} after searching {query!r}: {state}") from error
        return selected

    def panel(self) -> str:
        """Return the side panel's title."""
        return self.page.inner_text("#kg-panel h2")

    def clean(self) -> bool:
        """Return whether the page made no request, logged no error and opened no dialog."""
        return self.log == Log()


@pytest.fixture
def viewer(browser: Any, sample_file: Path) -> Iterator[Viewer]:
    """The sample graph's page, freshly opened."""
    opened = Viewer(browser, sample_file)
    yield opened
    assert opened.clean(), opened.log
    opened.context.close()


def _entities(graph: Graph, *classes: Any) -> set:
    """Return the nodes of ``classes`` (default: every kind the viewer draws)."""
    return {node for cls in classes or ENTITY_CLASSES for node in graph.subjects(RDF.type, cls)}


def test_sample_loads_offline_and_draws_every_entity(viewer: Viewer, sample_graph: Graph) -> None:
    count = len(_entities(sample_graph))
    assert viewer.drawn() == count > 100
    assert viewer.page.inner_text("#kg-status").startswith(f"{count} nodes · ")
    assert viewer.js(NON_WHITE_PIXELS) > 1000  # the network is painted
    assert viewer.clean(), viewer.log


def test_search_focuses_the_body(viewer: Viewer, tmp_path: Path) -> None:
    selected = viewer.search("司法局")
    name = viewer.js("id => kgViewer.nodes.get(id).label", selected)
    assert "司法局" in name and viewer.panel() == name
    path = tmp_path / "viewer.png"
    viewer.page.screenshot(path=str(path))
    assert path.read_bytes().startswith(b"\x89PNG") and path.stat().st_size > 20_000


def test_clicking_an_edge_shows_its_sentence(viewer: Viewer) -> None:
    target = viewer.js(CENTRE_ON_EDGE, ["implements", []])
    assert target is not None
    viewer.page.mouse.click(target["x"], target["y"])
    assert viewer.panel() == "implements"
    evidence = viewer.js("id => kgViewer.details(id).evidence", target["id"])
    shown = viewer.page.locator("#kg-panel .evidence > p:first-child").all_inner_texts()
    assert shown == [e["text"] for e in evidence] and shown
    first, box = evidence[0], viewer.page.locator("#kg-panel .evidence").first
    assert box.locator("mark.trigger").inner_text() == first["text"][slice(*first["trigger"])]
    assert box.locator("mark.arg").all_inner_texts() == [first["text"][a:b] for a, b in first["arguments"]]


def test_filters_by_kind_relation_and_status(viewer: Viewer, sample_graph: Graph) -> None:
    total, bodies = len(_entities(sample_graph)), len(_entities(sample_graph, KG.Body))
    viewer.page.uncheck("input.kg-kind[value=body]")
    assert viewer.drawn() == total - bodies
    assert "body" not in viewer.js("kgViewer.nodes.map(n => kgViewer.details(n.id).kind)")
    viewer.page.click("#kg-reset")
    assert viewer.drawn() == total
    for box in viewer.page.locator("input.kg-relation").all():
        box.uncheck()
    viewer.page.check("input.kg-relation[value=studied]")
    relations = viewer.js("kgViewer.edges.map(e => kgViewer.details(e.id).relation)")
    assert relations and set(relations) == {"studied"}
    viewer.page.click("#kg-reset")
    viewer.page.uncheck("input.kg-status[value=done]")
    statuses = viewer.js("kgViewer.edges.map(e => kgViewer.details(e.id).status)")
    assert statuses and all(s in ("", "planned", "done, planned") for s in statuses) and "planned" in statuses


def test_neighbourhood_focus(viewer: Viewer) -> None:
    selected = viewer.search("司法局")
    around = viewer.js("id => kgViewer.network.getConnectedNodes(id)", selected)
    total = viewer.drawn()
    viewer.page.click("#kg-focus")
    assert viewer.drawn() == len(set(around) | {selected}) < total
    assert viewer.page.inner_text("#kg-focus-name") == viewer.panel()
    viewer.page.click("#kg-unfocus")
    assert viewer.drawn() == total


def test_report_filter_and_initial_filters(browser: Any, tmp_path: Path, sample_graph: Graph, evil_graph: Graph) -> None:
    both = sample_graph + evil_graph
    (evil_id,) = {str(v) for v in evil_graph.objects(None, KG.documentId)}
    path = _write(tmp_path, "both.html", render_html(both, filters=Filters(report=evil_id, kinds=("body", "statute"))))
    opened = Viewer(browser, path)
    expected = {str(n) for n in _entities(evil_graph, KG.Body, KG.Statute)}
    shown = set(opened.js("kgViewer.nodes.map(n => kgViewer.details(n.id).iri)"))
    assert shown == expected
    opened.page.select_option("#kg-report", "")
    assert opened.drawn() == len(_entities(both, KG.Body, KG.Statute))
    assert opened.clean(), opened.log
    opened.context.close()


def test_markup_in_a_document_is_shown_not_run(browser: Any, tmp_path: Path, evil_graph: Graph) -> None:
    opened = Viewer(browser, _write(tmp_path, "evil.html", render_html(evil_graph, title=EVIL_TITLE)))
    assert opened.page.title() == EVIL_TITLE
    opened.search("<imgsrc")  # names lose their spaces
    assert "<imgsrc=xonerror=alert(3)>" in opened.page.inner_text("#kg-panel")  # its name or a variant
    opened.search('"onerror=alert(4)')
    assert opened.panel() == '关于"onerror=alert(4)加强法治建设的实施方案'
    sentences, clicked = [], []
    while target := opened.js(CENTRE_ON_EDGE, ["implements", clicked]):
        opened.page.mouse.click(target["x"], target["y"])
        sentences += opened.page.locator("#kg-panel .evidence > p:first-child").all_inner_texts()
        clicked.append(target["id"])
    assert set(sentences) == {
        '<script>window.kgPwned=2</script>司法局认真贯彻落实《中华人民共和国<img src=x onerror=alert(3)>法》，深入学习习近平法治思想。',
        '市人民政府印发《关于"onerror=alert(4)加强法治建设的实施方案》，推进“放管服”改革。',
    }
    assert opened.js("window.kgPwned === undefined && document.querySelectorAll('img, imgsrc').length === 0")
    assert opened.js("document.querySelectorAll('script').length") == 3  # the data, vis-network, the viewer
    assert opened.clean(), opened.log  # no alert() dialog, no request for "x"
    opened.context.close()
