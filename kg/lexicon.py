"""The word tables that rules share, loaded once from ``kg/data``, and the left-edge scan.

Names in report prose end in a head noun (司法局, 领导小组, 改革, 制度) and begin
where the verb or function word before them ends; ``scan_left`` finds that edge.
PDF text layers break lines inside names, so a line break (and a page-number line)
is transparent to the scan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kg.divisions import divisions
from kg.resources import load_json

CJK = re.compile(r"[\u4e00-\u9fff]")
# A line break, optionally with a PDF page-number line after it: "\n- 2 -\n".
LINE_BREAK = re.compile(r"\n(?:[\s\-—－]*\d+[\s\-—－]*\n)?")
# A count before a noun makes it a class reference: 19个安全生产专业委员会, 49家.
QUANTIFIED = re.compile(r"(?:\d+|[一二三四五六七八九十百千两几多]+)\s*(?:个|家|支|类|项|级|所|批)$")
# A measure word after a number: the 个 of 19个 when a scan starts right after the digits.
MEASURE_WORD = re.compile(r"[个家支类项批]")
MAX_WORD = 12
# Level characters: one right before another (州县, 县市) names several levels at once.
PLURAL_LEVELS = "州县市区乡镇"
# A parenthetical and a party/government word between a class prefix and a name:
# 各级党委(党组)理论学习中心组 is as generic as 各级党委.
PARENTHESIS_AT_END = re.compile(r"[（(][^（()）]{1,6}[)）]$")
BODY_WORD_AT_END = re.compile(r"(?:党委|党组|政府|部门)$")


def alternation(words: list[str] | tuple[str, ...]) -> str:
    """Return a regex alternation of ``words``, longest first."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@dataclass(frozen=True)
class Lexicon:
    """Word sets used by the rules."""

    boundaries: frozenset[str]
    generic_prefixes: tuple[str, ...]
    jurisdiction_words: frozenset[str]
    places: frozenset[str]


@cache
def lexicon() -> Lexicon:
    """Return the shared word tables (loaded once)."""
    table = load_json("boundaries.json")
    return Lexicon(
        boundaries=frozenset(table["verbs"]),
        generic_prefixes=tuple(sorted(table["generic_prefixes"], key=len, reverse=True)),
        jurisdiction_words=frozenset(table["jurisdiction_words"]),
        places=frozenset(form for form in divisions().forms() if len(form) >= 2),
    )


def word_ending_at(text: str, end: int, words: frozenset[str]) -> str | None:
    """Return the longest word of ``words`` that ends at ``end``, if any."""
    for size in range(min(MAX_WORD, end), 0, -1):
        if text[end - size:end] in words:
            return text[end - size:end]
    return None


def step_back(text: str, position: int) -> int:
    """Return the position before ``position``, skipping a line break (and page number) there."""
    if position > 0 and text[position - 1] == "\n":
        match = None
        for match in LINE_BREAK.finditer(text, max(0, position - 12), position):
            pass
        if match is not None and match.end() == position:
            return match.start()
    return position


def jurisdiction_ending_at(text: str, end: int) -> str | None:
    """Return the place name or jurisdiction word ending at ``end`` that starts a name.

    A one-character word (州, 区) counts only where a name can begin there, so that
    依法治州委员会 is not cut after 州.
    """
    tables = lexicon()
    word = word_ending_at(text, end, tables.places | tables.jurisdiction_words)
    if word is None or len(word) > 1:
        return word
    start = end - len(word)
    if start == 0 or not CJK.match(text[start - 1]) or word_ending_at(text, start, tables.boundaries):
        return word
    return None


def scan_left(text: str, head_start: int, limit: int = 24, *, take_jurisdiction: bool = True, stop_at_places: bool = True) -> int:
    """Return where the name whose head starts at ``head_start`` begins.

    The scan stops at punctuation, at a verb or function word, and at a
    jurisdiction word (which it includes when ``take_jurisdiction``, so that
    自治区人民政府 keeps its prefix).
    """
    tables = lexicon()
    start = head_start
    position = step_back(text, head_start)
    while position > 0 and head_start - position < limit and CJK.match(text[position - 1]):
        place = jurisdiction_ending_at(text, position) if stop_at_places else None
        if place is not None:
            if take_jurisdiction:
                start = position - len(place)
                earlier = word_ending_at(text, start, tables.places)
                return start - len(earlier) if earlier else start
            return start
        verb = word_ending_at(text, position, tables.boundaries)
        if verb:
            # 推进|行政: when another boundary word ends one character earlier, the
            # shorter reading (推进) is the verb and the last character opens the name.
            earlier = word_ending_at(text, position - 1, tables.boundaries) or ""
            overlapping = bool(earlier) and len(verb) > 1 and position - 1 < head_start
            return position - 1 if overlapping else start
        position -= 1
        start = position
        position = step_back(text, position)
    return start


def is_generic(text: str, start: int) -> bool:
    """Tell whether the name starting at ``start`` is a class reference (各级, 相关, 19个)."""
    if MEASURE_WORD.match(text, start) and start > 0 and text[start - 1].isdigit():
        return True
    before = PARENTHESIS_AT_END.sub("", text[max(0, start - 12):start])
    before = BODY_WORD_AT_END.sub("", before)
    return before.endswith(lexicon().generic_prefixes) or bool(QUANTIFIED.search(before))
