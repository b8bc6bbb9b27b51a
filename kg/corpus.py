"""Corpus runs: every document of a corpus extracted, in parallel, through the cache.

Documents are listed first (``kg.reading.list_sources``), then each is loaded, looked
up in the cache and, when missing, extracted in a pool of worker processes. Outcomes
come back in listing order whatever the number of workers, so the graph built from
them is the same for any ``jobs``. A document that cannot be read or extracted
becomes an Outcome with its error; the others go on.
"""

from __future__ import annotations

import itertools
import multiprocessing
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, replace

from kg import collector
from kg.caching import ExtractionCache, content_key
from kg.formats import ReadError
from kg.reading import Source, read_source
from kg.types import Extraction

# Documents handed to the pool ahead of the ones being processed, per worker.
AHEAD = 4
# A short text that loads every model and table before worker processes are forked.
WARM_UP = "州司法局学习贯彻《中华人民共和国宪法》，制定了《法治政府建设实施方案》。"


@dataclass(frozen=True)
class Outcome:
    """What became of one document: its extraction or its error, and what it cost."""

    name: str
    doc_id: str
    extraction: Extraction | None = None
    error: ReadError | None = None
    cached: bool = False
    chars: int = 0
    seconds: float = 0.0
    key: str | None = None


def extract_source(source: Source) -> tuple[Extraction | ReadError, float]:
    """Read and extract one document (in a worker); any failure becomes a ReadError."""
    from kg.pipeline import extract

    started = time.perf_counter()
    try:
        result: Extraction | ReadError = extract(read_source(source))
    except ReadError as error:
        result = error
    except Exception as error:  # one broken document must not stop the corpus
        result = ReadError(source.name, f"extraction failed ({type(error).__name__}: {error})")
    return result, time.perf_counter() - started


def outcome_of(source: Source, result: Extraction | ReadError, seconds: float, key: str | None = None, cached: bool = False) -> Outcome:
    """Return the Outcome of a document from its extraction or error."""
    if isinstance(result, ReadError):
        return Outcome(source.name, source.doc_id, error=result, seconds=seconds, key=key)
    chars = len(result.document.text)
    return Outcome(source.name, source.doc_id, extraction=result, cached=cached, chars=chars, seconds=seconds, key=key)


def run(
    sources: list[Source],
    jobs: int = 1,
    cache: ExtractionCache | None = None,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Extract every source; return the outcomes in the order of ``sources``.

    ``on_outcome`` is called as each document finishes (in completion order), for
    progress displays.
    """
    report = on_outcome or (lambda outcome: None)
    outcomes: dict[int, Outcome] = {}

    def misses() -> Iterator[tuple[int, Source, str | None]]:
        for index, source in enumerate(sources):
            outcome, loaded, key = lookup(source, cache)
            if outcome is None:
                yield index, loaded, key
            else:
                outcomes[index] = outcome
                report(outcome)

    for index, outcome, key in extract_misses(misses(), jobs):
        outcomes[index] = outcome
        if cache is not None and key is not None and outcome.extraction is not None:
            cache.put(key, outcome.extraction)
        report(outcome)
    return [outcomes[index] for index in range(len(sources))]


def lookup(source: Source, cache: ExtractionCache | None) -> tuple[Outcome | None, Source, str | None]:
    """Load a source's bytes and look it up: (outcome if done, source with its bytes, cache key)."""
    started = time.perf_counter()
    try:
        data = source.load()
    except ReadError as error:
        return Outcome(source.name, source.doc_id, error=error), source, None
    loaded = replace(source, data=data)
    key = content_key(data, source.doc_id, source.name)
    found = cache.get(key) if cache is not None else None
    if found is None:
        return None, loaded, key
    return outcome_of(source, found, time.perf_counter() - started, key, cached=True), loaded, key


def extract_misses(misses: Iterator[tuple[int, Source, str | None]], jobs: int) -> Iterator[tuple[int, Outcome, str | None]]:
    """Extract the documents that missed the cache, in this process or in ``jobs`` workers.

    The pipeline is loaded at the first miss (a fully cached run loads and forks nothing),
    before any worker is forked; the pool is fed a few documents ahead of the workers, so
    only those are held in memory.
    """
    first = next(misses, None)
    if first is None:
        return
    warm_up()
    with collector.frozen():  # the models and tables, out of the collections in this process and the workers
        yield from _extract_loaded(itertools.chain([first], misses), jobs)


def _extract_loaded(pending: Iterator[tuple[int, Source, str | None]], jobs: int) -> Iterator[tuple[int, Outcome, str | None]]:
    """Extract the pending documents (the pipeline loaded) in this process or in ``jobs`` forked workers."""
    if jobs <= 1:
        for index, source, key in pending:
            yield index, outcome_of(source, *extract_source(source), key), key
        return
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        running: dict[Future, tuple[int, Source, str | None]] = {}
        try:
            while True:
                for index, source, key in pending:
                    running[pool.submit(extract_source, source)] = (index, source, key)
                    if len(running) >= jobs * AHEAD:
                        break
                if not running:
                    return
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in sorted(done, key=lambda f: running[f][0]):
                    index, source, key = running.pop(future)
                    yield index, outcome_of(source, *future.result(), key), key
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def warm_up() -> None:
    """Load the recognition pipeline and tables once, so forked workers start with them."""
    from kg.pipeline import extract
    from kg.reading import document_from_text

    extract(document_from_text("warm-up", WARM_UP))
