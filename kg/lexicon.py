"""The word tables that rules share, loaded once from ``kg/data``, and the left-edge scan.

Names in report prose end in a head noun (司法局, 领导小组, 改革, 制度) and begin
where the verb or function word before them ends; ``scan_left`` finds that edge.
PDF text layers break lines inside names, so a line break (and a page-number line)
is transparent to the scan.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from kg.divisions import divisions
from kg.resources import data_path, load_json, load_tsv

CJK = re.compile(r"[\u4e00-\u9fff]")
# A line break, optionally with a PDF page-number line after it: "\n- 2 -\n".
LINE_BREAK = re.compile(r"\n(?:[\s\-—－]*\d+[\s\-—－]*\n)?")
# A count before a noun makes it a class reference: 19个安全生产专业委员会, 49家.
QUANTIFIED = re.compile(r"(?:\d+|[一二三四五六七八九十百千两几多]+)\s*(?:个|家|支|类|项|级|所|批)$")
# A measure word after a number: the 个 of 19个 when a scan starts right after the digits.
MEASURE_WORD = re.compile(r"[个家支类项批所]")
DIGITS = "0123456789０１２３４５６７８９."
# The unit ending a date (15日, 十二月) and a numeral before it.
DATE_UNIT = re.compile(r"[年月日]")
NUMERAL = re.compile(r"[\d〇零一二三四五六七八九十]")
# A name opening with a quantity or a demonstrative: 一批国家工程中心, 这支队, 几百万国防部队.
QUANTIFIED_OPENING = re.compile(r"(?:\d+|[一二三四五六七八九十两几多这那每]+)[个家支类项批所处些]|[一二三四五六七八九十几数]+[百千万亿]")
MAX_WORD = 12
# Level characters: one right before another (州县, 县市) names several levels at once.
PLURAL_LEVELS = "州县市区乡镇"
# A parenthetical and a party/government word between a class prefix and a name:
# 各级党委(党组)理论学习中心组 is as generic as 各级党委.
PARENTHESIS_AT_END = re.compile(r"[（(][^（()）]{1,6}[)）]$")
BODY_WORD_AT_END = re.compile(r"(?:党委|党组|政府|部门)$")


def broken_alternation(words: list[str] | tuple[str, ...]) -> str:
    """Return a regex matching any of ``words`` (longest first) also where a PDF line break,
    page number included, falls inside one (习近平新时代中国特色社会\n主义思想)."""
    gap = f"(?:{LINE_BREAK.pattern})?"
    return "|".join(gap.join(map(re.escape, word)) for word in sorted(set(words), key=lambda w: (-len(w), w)))


def alternation(words: list[str] | tuple[str, ...]) -> str:
    """Return a regex matching any of ``words``, the longest one where several match.

    The words are factored into a prefix trie (委员会|委员 -> 委员(?:会)?), so that
    the regex engine tries one branch per character instead of every word in turn;
    it matches exactly what the plain alternation sorted longest first matches.
    """
    trie: dict[str, dict] = {}
    for word in set(words):
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[WORD_END] = {}
    return trie_pattern(trie)


WORD_END = ""


def trie_pattern(node: dict[str, dict]) -> str:
    """Return the regex of a trie node: its branches, optional where a word ends here.

    Every branch starts with a different character, so at most one can match, and the
    greedy ``?`` tries the longer words before ending the word at this node.
    """
    branches = [re.escape(char) + trie_pattern(child) for char, child in sorted(node.items()) if char != WORD_END]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if WORD_END in node else body


class Gazetteer:
    """A long list of names (two characters or more) found in text like a regex alternation.

    ``spans`` yields what ``re.finditer(alternation(names), text)`` matches: the longest
    name at the leftmost position, without overlaps. With thousands of names a regex
    tries every first character in turn at every position; here a character class over
    the first two characters finds where a name may begin, and set look-ups check the
    two characters there and take the longest name.
    """

    def __init__(self, names: Iterable[str]):
        self.names = frozenset(names)
        if not self.names or min(map(len, self.names)) < 2:
            raise ValueError("a gazetteer needs names of two characters or more")
        self.openings_of_two = frozenset(name[:2] for name in self.names)
        self.lengths = sorted({len(name) for name in self.names}, reverse=True)
        firsts, seconds = (char_class(name[i] for name in self.names) for i in (0, 1))
        self.openings = re.compile(f"{firsts}(?={seconds})")

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        """Yield (start, end) of the names in ``text``, leftmost and longest first."""
        position = 0
        while (opening := self.openings.search(text, position)) is not None:
            start = opening.start()
            end = self.longest_end(text, start)
            if end is not None:
                yield start, end
            position = end or start + 1

    def longest_end(self, text: str, start: int) -> int | None:
        """Return where the longest name starting at ``start`` ends, None if none does."""
        if text[start:start + 2] not in self.openings_of_two:
            return None
        room = len(text) - start
        return next((start + n for n in self.lengths if n <= room and text[start:start + n] in self.names), None)


def char_class(chars: Iterable[str]) -> str:
    """Return a regex character class of ``chars``."""
    return "[" + "".join(re.escape(c) for c in sorted(set(chars))) + "]"


@dataclass(frozen=True)
class Lexicon:
    """Word sets used by the rules."""

    boundaries: frozenset[str]
    body_stops: frozenset[str]  # words never inside a body's name (scripts/make_body_stops.py)
    prose_stops: frozenset[str]  # 坚决, 打造: adverbs and verbs of report prose, never inside another name
    generic_prefixes: tuple[str, ...]
    opening_verbs: tuple[str, ...]  # 建设, 打造: a verb opening a body's name (before two more characters) governs the rest
    opening_words: tuple[str, ...]  # 据, 但: so does a preposition or conjunction
    opening_words_not_before: str  # 部, 局: after one of these the word is part of the name (建设部)
    place_not_after: frozenset[str]  # 全州, 本市, 各县: a jurisdiction word or class, not the place
    common_noun_places: frozenset[str]  # 城区, 新城区: a place only after another place (大同市城区)
    name_conjunctions: frozenset[str]  # 和, 及, 与: inside a name when no body ends before them
    quoted_prefix_verbs: tuple[str, ...]  # 促进, 处置: verbs that end the domain words before a quoted name
    words_over_boundaries: tuple[str, ...]  # 共同体, 以下: words holding a boundary word (共同, 以), no edge inside them
    quantity_unit: re.Pattern[str]  # 15|公里…工程: the unit after digits before a name
    places: frozenset[str]
    jurisdictions: frozenset[str]  # places, countries and jurisdiction words together


@cache
def lexicon() -> Lexicon:
    """Return the shared word tables (loaded once)."""
    table = load_json("boundaries.json")
    jurisdiction_words = frozenset(table["jurisdiction_words"])
    places = frozenset(form for form in divisions().forms() if len(form) >= 2)
    return Lexicon(
        boundaries=frozenset(table["verbs"]),
        body_stops=frozenset(data_path("body_stops.txt").read_text(encoding="utf-8").split()),
        prose_stops=frozenset(table["prose_words"]),
        generic_prefixes=tuple(sorted(table["generic_prefixes"], key=len, reverse=True)),
        opening_verbs=tuple(sorted(table["opening_verbs"], key=len, reverse=True)),
        opening_words=tuple(sorted(table["opening_words"], key=len, reverse=True)),
        opening_words_not_before=table["opening_words_not_before"],
        place_not_after=frozenset(table["place_not_after"]),
        common_noun_places=frozenset(table["common_noun_places"]),
        name_conjunctions=frozenset(table["name_conjunctions"]),
        quoted_prefix_verbs=tuple(table["quoted_prefix_verbs"]),
        words_over_boundaries=tuple(table["words_over_boundaries"]),
        quantity_unit=re.compile(table["quantity_unit"]),
        places=places,
        jurisdictions=places | countries() | jurisdiction_words,
    )


def word_ending_at(text: str, end: int, words: frozenset[str]) -> str | None:
    """Return the longest word of ``words`` that ends at ``end``, if any."""
    for size in range(min(MAX_WORD, end), 0, -1):
        if text[end - size:end] in words:
            return text[end - size:end]
    return None


def compact(text: str) -> str:
    """Return a name without line breaks, page numbers or spaces (as a PDF may break it)."""
    return re.sub(r"\s+", "", LINE_BREAK.sub("", text))


def unbroken_before(text: str, end: int) -> str:
    """Return the characters before ``end`` as read across line breaks and page numbers
    (完\n善 reads 完善), enough for any word of the tables."""
    window = text[max(0, end - MAX_WORD - 12):end]
    return LINE_BREAK.sub("", window)[-MAX_WORD:] if "\n" in window else window[-MAX_WORD:]


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
    word = word_ending_at(text, end, tables.jurisdictions)
    if word is None or len(word) > 1:
        return word
    start = end - len(word)
    if start == 0 or not CJK.match(text[start - 1]) or word_ending_at(text, start, tables.boundaries):
        return word
    return None


def scan_left(text: str, head_start: int, limit: int = 24, *, take_jurisdiction: bool = True, stop_at_places: bool = True, body: bool = False) -> int:
    """Return where the name whose head starts at ``head_start`` begins.

    The scan stops at punctuation, at a verb or function word (for a ``body``, also at
    any word never seen inside an organisation's name; for any other name, at an adverb
    or verb of report prose: 坚决|整治, 持续打造|“地名天府”), and at a jurisdiction word
    (which it includes when ``take_jurisdiction``, so that 自治区人民政府 keeps its prefix).
    """
    tables = lexicon()
    stops = tables.body_stops if body else tables.prose_stops
    start = head_start
    position = step_back(text, head_start)
    while position > 0 and head_start - position < limit and CJK.match(text[position - 1]):
        place = jurisdiction_ending_at(text, position) if stop_at_places else None
        if place is not None:
            return places_start(text, position - len(place)) if take_jurisdiction else start
        before = unbroken_before(text, position)
        # A prose verb right before a programme's head word names its activity (品牌培育|行动),
        # not right before a quoted name (荣获|“…”).
        prose = body or position < head_start or not CJK.match(text[head_start:head_start + 1] or " ")
        verb = word_ending_at(before, len(before), tables.boundaries) or (word_ending_at(before, len(before), stops) if prose else None)
        if verb and not inside_word(before, len(before) - len(verb), len(before), tables.words_over_boundaries, text[position:position + 8]):
            # 推进|行政: when another boundary word of two or more characters ends one
            # character earlier, it (推进) is the verb and the last character opens the name.
            earlier = word_ending_at(text, position - 1, tables.boundaries) or ""
            overlapping = len(earlier) > 1 and len(verb) > 1 and position - 1 < head_start
            return position - 1 if overlapping else start
        position -= 1
        start = position
        position = step_back(text, position)
    return past_opening_words(text, start, head_start) if body else start


def inside_word(before: str, start: int, end: int, words: tuple[str, ...], after: str) -> bool:
    """Tell whether the boundary word at ``start``-``end`` of ``before`` (the text up to the scan's
    position, ``after`` what follows it) is part of a longer word of ``words`` (共同|体, 以|下, 友|好):
    no name begins there."""
    lead = max(0, start - 4)
    window, first, last = before[lead:] + after, start - lead, end - lead  # the boundary word is window[first:last]
    return any(
        len(word) > end - start and any(window.startswith(word, at) for at in range(max(0, last - len(word)), first + 1))
        for word in words
    )


def past_quantity(text: str, start: int, head_start: int) -> int:
    """Return where a name begins once the unit of a quantity written in digits before it is
    left out (15|公里雨水管网二期工程 -> 雨水管网二期工程); ``start`` where there is none."""
    if start > 0 and text[start - 1] in DIGITS and (unit := lexicon().quantity_unit.match(text, start)) is not None and unit.end() <= head_start:
        return unit.end()
    return start


def past_opening_words(text: str, start: int, head_start: int) -> int:
    """Return where a body's name begins once a date and the verbs, prepositions and conjunctions
    opening it are left out (15日|中央政治局, 建设|国家医学中心, 据|国家统计局, 但|该委员会); a verb
    right before the head, or before a one-character head of its own, stays (城乡建设局, 建设部…)."""
    table = lexicon()
    if DATE_UNIT.match(text, start) and start > 0 and NUMERAL.match(text, start - 1):  # 15日|中央政治局
        start += 1
    while word := opening_word(text, start, head_start):
        if text[start + len(word)] in table.opening_words_not_before:
            break
        start += len(word)
    return start


def places_start(text: str, start: int) -> int:
    """Return where the run of place names ending at ``start`` begins (陕西省安康市 before 旬阳县)."""
    while (earlier := word_ending_at(text, start, lexicon().places)) is not None:
        start -= len(earlier)
    return start


def opening_word(text: str, start: int, head_start: int) -> str | None:
    """Return the preposition, conjunction or verb (before two more characters) opening the name at ``start``."""
    table = lexicon()
    word = next((w for w in table.opening_words if text.startswith(w, start) and start + len(w) <= head_start), None)
    return word or next((w for w in table.opening_verbs if text.startswith(w, start) and head_start - start - len(w) >= 2), None)


def is_generic(text: str, start: int) -> bool:
    """Tell whether the name starting at ``start`` is a class reference: after or opening with a
    class word (各级, 相关, 有关部门), a quantity (19个, 一批…) or a demonstrative (这支队)."""
    if MEASURE_WORD.match(text, start) and start > 0 and text[start - 1].isdigit():
        return True
    before = PARENTHESIS_AT_END.sub("", text[max(0, start - 12):start])
    before = BODY_WORD_AT_END.sub("", before)
    return (
        before.endswith(lexicon().generic_prefixes)
        or bool(QUANTIFIED.search(before))
        or text.startswith(lexicon().generic_prefixes, start)
        or QUANTIFIED_OPENING.match(text, start) is not None
    )


@cache
def central_bodies() -> dict[str, str]:
    """Return the official name of each central party and state body by every name it goes by.

    Official names come from ``central_bodies.tsv`` (derived by scripts/make_central_bodies.py),
    short forms (央行, 最高法, 全国人大常委会) from ``central_body_short_forms.tsv``.
    """
    names = {row["name"]: row["name"] for row in load_tsv("central_bodies.tsv")}
    return names | {row["short_form"]: row["name"] for row in load_tsv("central_body_short_forms.tsv")}


@cache
def countries() -> frozenset[str]:
    """Return the Chinese names of the world's countries (``countries.tsv``, derived by
    scripts/make_countries.py from ISO 3166-1)."""
    return frozenset(row["name"] for row in load_tsv("countries.tsv"))
