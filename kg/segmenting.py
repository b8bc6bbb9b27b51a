"""Segmenting: split a document into its numbered sections and its sentences.

Reports number their structure 一、 / (一) / 1. and enumerate inside paragraphs with
一是…二是…; each sentence keeps the path of headings above it, its offsets, and
whether it belongs to planned work (a 2022年工作安排 section, a 下一步 paragraph).
Lines broken by a PDF text layer are joined back into one sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from kg.resources import load_json
from kg.types import Document, Sentence

CN_NUMERAL = "一二三四五六七八九十"
# Heading patterns by level: 一、 / (一) / 1. or (1).
HEADINGS = (
    re.compile(rf"^[{CN_NUMERAL}]+、"),
    re.compile(rf"^[（(][{CN_NUMERAL}]+[）)]"),
    re.compile(r"^(?:\d{1,2}[.、．](?!\d)|[（(]\d{1,2}[）)])"),
)
# An enumerated item inside a paragraph: 一是, 二是 … 十是.
ITEM = re.compile(rf"(?:^|(?<=[。；;，,：:]))\s*([{CN_NUMERAL}]{{1,2}}是)")
# Sentence-final punctuation, with any closing quote or bracket that follows it.
SENTENCE_END = re.compile(r"[。！？!?]+[”’」』）)]*")
PAGE_NUMBER = re.compile(r"^[\s\-—－]*\d+[\s\-—－]*$")
LINE_END_PUNCTUATION = "。！？!?：:；;”」』"
# A heading written as a short first sentence of its paragraph: (一)强化组织领导,统筹推进….
MAX_HEADING_SENTENCE = 60


@dataclass(frozen=True)
class Paragraph:
    """A run of text between line breaks that belong to it: start, end, heading level."""

    start: int
    end: int
    level: int | None


@cache
def status_markers() -> dict[str, re.Pattern[str]]:
    """Return the compiled planned-work markers of ``data/status.json``."""
    table = load_json("status.json")
    return {key: re.compile("|".join(f"(?:{p})" for p in table[key])) for key in ("planned_section", "planned_paragraph", "planned_clause")}


def heading_level(line: str) -> int | None:
    """Return 0, 1 or 2 for a numbered heading line, else None."""
    stripped = line.lstrip(" \u3000\t")
    for level, pattern in enumerate(HEADINGS):
        if pattern.match(stripped):
            return level
    return None


def line_spans(text: str) -> list[tuple[int, int]]:
    """Return (start, end) of each line, without its newline."""
    spans, start = [], 0
    for match in re.finditer("\n", text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def paragraphs(text: str) -> list[Paragraph]:
    """Group lines into paragraphs, joining lines that a PDF layout broke mid-sentence."""
    lines = [(s, e) for s, e in line_spans(text) if text[s:e].strip()]
    content = [e - s for s, e in lines if not PAGE_NUMBER.match(text[s:e])]
    width = sorted(content)[int(len(content) * 0.9)] if content else 0
    result: list[Paragraph] = []
    current: list[int] | None = None
    for start, end in lines:
        line = text[start:end]
        if PAGE_NUMBER.match(line):
            continue
        level = heading_level(line)
        if current is not None and level is None and continues(text[current[0]:current[1]], width):
            current[1] = end
            continue
        if current is not None:
            result.append(Paragraph(current[0], current[1], current[2]))
        current = [start, end, level]
    if current is not None:
        result.append(Paragraph(current[0], current[1], current[2]))
    return result


def continues(previous: str, width: int) -> bool:
    """Tell whether the line after ``previous`` carries on its sentence (a wrapped line)."""
    last_line = previous.rsplit("\n", 1)[-1].rstrip()
    return bool(last_line) and last_line[-1] not in LINE_END_PUNCTUATION and len(last_line) >= 0.8 * width > 8


def sentence_spans(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of each sentence between two offsets, whitespace trimmed."""
    position = start
    for match in SENTENCE_END.finditer(text, start, end):
        yield from trimmed(text, position, match.end())
        position = match.end()
    yield from trimmed(text, position, end)


def trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Yield the span without surrounding whitespace, if anything is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        yield start, end


def segment(document: Document) -> tuple[Sentence, ...]:
    """Split a document into sentences with section paths and planned flags."""
    text = document.text
    markers = status_markers()
    path: list[str] = []
    sentences: list[Sentence] = []
    for paragraph in paragraphs(text):
        spans = list(sentence_spans(text, paragraph.start, paragraph.end))
        if not spans:
            continue
        if paragraph.level is not None:
            heading_end = spans[0][1] if len(spans) > 1 or spans[0][1] - spans[0][0] <= MAX_HEADING_SENTENCE else spans[0][0]
            heading = compact(text[spans[0][0]:heading_end]) or compact(text[paragraph.start:paragraph.end])[:MAX_HEADING_SENTENCE]
            del path[paragraph.level:]
            path.extend([""] * (paragraph.level - len(path)))
            path.append(heading)
        section_planned = any(markers["planned_section"].search(h) for h in path)
        paragraph_planned = False
        item = ""
        for start, end in spans:
            sentence_text = text[start:end]
            found = ITEM.search(sentence_text)
            if found:
                item = found.group(1)
            paragraph_planned = paragraph_planned or bool(markers["planned_paragraph"].search(sentence_text))
            section = tuple(h for h in path if h) + ((item,) if item else ())
            sentences.append(
                Sentence(
                    index=len(sentences),
                    start=start,
                    end=end,
                    text=sentence_text,
                    section=section,
                    planned=section_planned or paragraph_planned,
                )
            )
    return tuple(sentences)


def compact(text: str) -> str:
    """Return text without line breaks and page numbers, for headings."""
    return "".join(part.strip() for part in text.splitlines() if not PAGE_NUMBER.match(part)).rstrip("。")
