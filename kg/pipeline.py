"""The Python API shared by the command line and notebooks: document in, extraction out.

    >>> from kg.pipeline import extract_path
    >>> extraction = extract_path(sample_report())        # doctest: +SKIP
    >>> build([sample_report()], Path("exports"))          # doctest: +SKIP
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from kg import collector
from kg.caching import ExtractionCache, build_key, record_build, up_to_date
from kg.corpus import Outcome, extract_source, run
from kg.formats import to_simplified
from kg.linking import link
from kg.reading import ReadError, list_sources, read_document
from kg.recognizing import pipeline
from kg.relating import relate
from kg.segmenting import segment
from kg.types import Document, Extraction, Mention, Sentence


def extract(document: Document) -> Extraction:
    """Run every stage on one document: sentences, mentions (linked), relations.

    A traditional-character text is matched in simplified characters (the same length),
    while sentences and mentions keep the document's own text at the same offsets.
    """
    matching = replace(document, text=to_simplified(document.text))
    sentences = segment(matching)
    doc = pipeline()(matching.text)
    mentions = link(doc, matching.meta, sentences)
    relations = relate(matching.text, sentences, mentions)
    if matching.text != document.text:
        sentences, mentions = original_text(document.text, sentences, mentions)
    return Extraction(document=document, sentences=sentences, mentions=mentions, relations=relations)


def original_text(text: str, sentences: tuple[Sentence, ...], mentions: tuple[Mention, ...]) -> tuple[tuple[Sentence, ...], tuple[Mention, ...]]:
    """Return sentences and mentions with their text sliced from the original ``text``."""
    return (
        tuple(replace(s, text=text[s.start : s.end]) for s in sentences),
        tuple(replace(m, text=text[m.start : m.end]) for m in mentions),
    )


def extract_path(path: Path | str) -> Extraction:
    """Read and extract one file; raises ReadError when it cannot be read."""
    return extract(read_document(path))


def extract_all(inputs: Iterable[Path | str]) -> Iterator[Extraction | ReadError]:
    """Extract every document under the inputs, yielding a ReadError for each bad one."""
    for source in list_sources(inputs):
        yield extract_source(source)[0]


@dataclass
class BuildResult:
    """What a build produced: the extractions, the files written, the documents skipped.

    ``outcomes`` has one entry per document in listing order (its extraction or error,
    whether it came from the cache, its size and time); ``seconds`` is the whole build,
    ``phases`` the seconds of the steps after extraction: ``graph`` (the triples), ``exports``
    (rendering and writing every file, the viewer included) and ``viewer`` (graph.html alone).
    """

    extractions: list[Extraction] = field(default_factory=list)
    skipped: list[ReadError] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0
    up_to_date: bool = False
    phases: dict[str, float] = field(default_factory=dict)

    @property
    def cached(self) -> int:
        """Return how many documents came from the cache."""
        return sum(outcome.cached for outcome in self.outcomes)


def build(
    inputs: Iterable[Path | str],
    out_dir: Path | str,
    jobs: int = 1,
    cache_dir: Path | str | None = None,
    on_outcome: Callable[[Outcome], None] | None = None,
    html: bool = True,
) -> BuildResult:
    """Extract every document and write the graph exports into ``out_dir``.

    ``jobs`` worker processes extract in parallel, and up to ``jobs`` processes render
    the export files (the output is the same for any number); with ``cache_dir`` an
    unchanged document is taken from the cache;
    ``html=False`` leaves out the viewer (which takes long for very large graphs).
    Unreadable documents are skipped and reported; nothing is written when no
    document could be read, so earlier exports stay as they were.
    """
    started = time.perf_counter()
    cache = ExtractionCache(cache_dir) if cache_dir is not None else None
    result = BuildResult(outcomes=run(list_sources(inputs), jobs=jobs, cache=cache, on_outcome=on_outcome))
    for outcome in result.outcomes:
        if outcome.extraction is not None:
            result.extractions.append(outcome.extraction)
        elif outcome.error is not None:
            result.skipped.append(outcome.error)
    if result.extractions:
        write_graph(result, Path(out_dir), incremental=cache is not None, html=html, jobs=jobs)
    result.seconds = time.perf_counter() - started
    return result


def write_graph(result: BuildResult, out_dir: Path, incremental: bool = False, html: bool = True, jobs: int = 1) -> None:
    """Build the graph of the extractions and write its exports (skipped when up to date).

    With ``incremental``, a build whose every document came from the
    cache and whose previous exports are unchanged writes nothing: ``result.up_to_date``
    is set. The files are rendered in up to ``jobs`` processes (the bytes are the same).
    """
    from kg.exporting import write_exports
    from kg.graphing import build_triples
    from kg.viewing import render_html

    key = build_key([f"html={html}", *(outcome.key or str(outcome.error) for outcome in result.outcomes)])
    if incremental and result.cached == len(result.extractions) and up_to_date(out_dir, key) is not None:
        result.up_to_date = True
        return
    # The sorted triples, not an rdflib Graph (slow to fill): they answer the viewer's and the
    # tables' lookups, and the exports are written from them.
    started = time.perf_counter()
    with collector.paused():  # the triples and the rendering make millions of objects and no cycles
        triples = build_triples(result.extractions)
        result.phases["graph"] = time.perf_counter() - started
        timings: dict[str, float] = {}
        page = (lambda: render_html(triples)) if html else None
        result.written = write_exports(triples, out_dir, html=page, jobs=jobs, timings=timings)
    record_build(out_dir, key, result.written)
    result.phases["exports"] = time.perf_counter() - started - result.phases["graph"]
    if html:
        result.phases["viewer"] = timings.get("graph.html", 0.0)

