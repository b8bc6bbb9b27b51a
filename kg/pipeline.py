"""The Python API shared by the command line and notebooks: document in, extraction out.

    >>> from kg.pipeline import extract_path
    >>> extraction = extract_path(sample_report())        # doctest: +SKIP
    >>> build([sample_report()], Path("exports"))          # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg.linking import link
from kg.reading import ReadError, collect_paths, read_document
from kg.recognizing import pipeline
from kg.relating import relate
from kg.segmenting import segment
from kg.types import Document, Extraction


def extract(document: Document) -> Extraction:
    """Run every stage on one document: sentences, mentions (linked), relations."""
    sentences = segment(document)
    doc = pipeline()(document.text)
    mentions = link(doc, document.meta, sentences)
    relations = relate(document.text, sentences, mentions)
    return Extraction(document=document, sentences=sentences, mentions=mentions, relations=relations)


def extract_path(path: Path | str) -> Extraction:
    """Read and extract one file; raises ReadError when it cannot be read."""
    return extract(read_document(path))


def extract_all(inputs: Iterable[Path | str]) -> Iterator[Extraction | ReadError]:
    """Extract every document under the inputs, yielding a ReadError for each bad one."""
    for path in collect_paths(inputs):
        try:
            yield extract_path(path)
        except ReadError as error:
            yield error


@dataclass
class BuildResult:
    """What a build produced: the extractions, the files written, the documents skipped."""

    extractions: list[Extraction] = field(default_factory=list)
    skipped: list[ReadError] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)


def build(inputs: Iterable[Path | str], out_dir: Path | str) -> BuildResult:
    """Extract every document and write the graph exports into ``out_dir``.

    Unreadable documents are skipped and reported; nothing is written when no
    document could be read, so earlier exports stay as they were.
    """
    from kg.exporting import write_exports
    from kg.graphing import build_graph
    from kg.viewing import render_html

    result = BuildResult()
    for item in extract_all(inputs):
        (result.skipped if isinstance(item, ReadError) else result.extractions).append(item)
    if result.extractions:
        graph = build_graph(result.extractions)
        result.written = write_exports(graph, Path(out_dir), html=render_html(graph))
    return result
