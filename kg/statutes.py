"""Linking statute names: from a mention in a report to the statute's official full title.

A report writes a statute as 《反恐法》, 《自治区实施<反恐怖法>办法》, 宪法 or, in text
taken from a PDF, 《中华人民共和\\n国政府信息公开条例》. ``canonical_statute`` turns each
into the official full title when the shipped gazetteer (``data/statutes.tsv``, derived by
``scripts/make_statutes.py``) or the abbreviation table (``data/statute_abbreviations.tsv``)
knows it, and otherwise into a normalised title with the jurisdiction written out
(自治区… → 新疆维吾尔自治区…, 伊犁州… → 伊犁哈萨克自治州…).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from kg.divisions import Division, divisions
from kg.resources import load_tsv

__all__ = [
    "Statute",
    "StatuteGazetteer",
    "canonical_statute",
    "defined_short_forms",
    "normalise_title",
    "statute_gazetteer",
    "statute_level",
    "unbracketed_statute_names",
]

# The prefix national laws and regulations carry in their official titles.
STATE_PREFIX = "中华人民共和国"
# The 宪法 is recognised alone in running text (its short form has two characters).
CONSTITUTION = "宪法"
# Gazetteer levels whose titles are national laws (their short forms are written unbracketed).
NATIONAL_LAW_LEVELS = frozenset({"法律", "宪法"})
# Short names too generic to recognise without 《》: they name a branch of law, not one statute.
AMBIGUOUS_SHORT_NAMES = frozenset({"诉讼法", "组织法", "程序法", "实体法", "行政法", "经济法", "国际法"})

# A line a PDF leaves between pages: "- 2 -", "— 12 —", "第 3 页", "第3页/共9页".
PAGE_NUMBER_LINE = re.compile(
    r"\n[ \t\u3000]*(?:[-—–－]+[ \t]*\d+[ \t]*[-—–－]+|第[ \t]*\d+[ \t]*页(?:[ \t]*/?[ \t]*共[ \t]*\d+[ \t]*页)?)[ \t\u3000]*(?=\n)"
)
# Any whitespace, the ideographic space included.
WHITESPACE = re.compile(r"[\s\u3000]+")
# Half-width parentheses, which official titles write full-width.
HALF_WIDTH_PARENS = str.maketrans("()", "（）")
# An inner title written <…>, 〈…〉 or 《…》 (innermost: no title marks inside).
INNER_TITLE = re.compile(r"[<〈《]([^<>〈〉《》]+)[>〉》]")
# Opening and closing title marks, paired.
TITLE_MARKS = {"《": "》", "〈": "〉", "<": ">"}
# A revision note a mention may add after the title: （2018年修正）, （2019年修订）.
REVISION_NOTE = re.compile(r"（\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?(?:修正|修订|修改)?(?:本|文本)?）$")
# A title opening with a jurisdiction written relative to the report: 自治区…, 省…, 本州…, 市…
# (not 市场…, 市容…, 县级…, 区域…, 省级…, which are words, not jurisdictions).
RELATIVE_PREFIX = re.compile(
    r"^(?:本|我)?(自治区|自治州|自治县|自治旗|省(?![级属直际])|州|盟|市(?![场容政民级属直辖])|县(?![级域])|区(?![域块间划别])|旗)"
)
# The unit a short form of an autonomous division ends with: 伊犁州, 木垒县, 阿鲁科尔沁旗.
AUTONOMOUS_SHORT_FORM = re.compile(r"(州|县|旗)$")
# Placeholder parents in the division table that are not part of a written name.
PSEUDO_PREFECTURES = re.compile(r"^(?:市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$")
# A short form defined in the text: 《X》（国令第711号）（以下简称《Y》）or 《X》（以下简称“Y”）.
DEFINED_SHORT_FORM = re.compile(
    r"《([^《》]{2,120}?)》(?:[（(][^（）()]{0,40}[）)]){0,2}[（(，,]\s*以下简称\s*[《“\"]([^《》“”\"\n]{1,20})[》”\"]"
)
# Titles of party regulations.
PARTY_PREFIX = "中国共产党"
# Titles of judicial interpretations open with the issuing court or procuratorate.
JUDICIAL_PREFIX = re.compile(r"^最高人民(?:法院|检察院)")
# A local title that only a people's congress adopts: …条例, …实施《…》办法/细则.
LOCAL_REGULATION = re.compile(r"(?:条例|实施《[^《》]+》(?:办法|细则))$")
# The longest division name or short form worth trying at the start of a title.
MAX_DIVISION_FORM = 16


@dataclass(frozen=True)
class Statute:
    """One official title of the gazetteer with its level, dates and validity."""

    title: str
    level: str
    publish: str
    valid_from: str
    expired: bool


class StatuteGazetteer:
    """Look-ups over the shipped statute titles: exact, short form, abbreviation."""

    def __init__(self, statutes: list[Statute], abbreviations: dict[str, str]):
        self.by_title = {s.title: s for s in statutes}
        self.short_forms = {
            s.title.removeprefix(STATE_PREFIX): s.title
            for s in statutes
            if s.title.startswith(STATE_PREFIX) and s.title != STATE_PREFIX
        }
        self.abbreviations = abbreviations

    def resolve(self, title: str) -> str | None:
        """Return the official title that the normalised ``title`` names, if known."""
        for candidate in (title, REVISION_NOTE.sub("", title)):
            found = self._resolve_exact(candidate)
            if found is not None:
                return found
        return None

    def _resolve_exact(self, title: str) -> str | None:
        if title in self.by_title:
            return title
        bare = title.removeprefix(STATE_PREFIX)
        return self.short_forms.get(bare) or self.abbreviations.get(bare)

    def get(self, title: str) -> Statute | None:
        """Return the gazetteer entry of an official title."""
        return self.by_title.get(title)


@cache
def statute_gazetteer() -> StatuteGazetteer:
    """Return the shipped statute gazetteer and abbreviation table (loaded once)."""
    statutes = [
        Statute(r["title"], r["level"], r["publish"], r["valid_from"], r["expired"] == "1")
        for r in load_tsv("statutes.tsv")
    ]
    abbreviations = {r["abbreviation"]: r["title"] for r in load_tsv("statute_abbreviations.tsv")}
    return StatuteGazetteer(statutes, abbreviations)


def normalise_title(text: str) -> str:
    """Return ``text`` without page-number lines and whitespace, in official punctuation.

    Half-width parentheses become full-width and inner titles are written 《…》.
    """
    text = PAGE_NUMBER_LINE.sub("\n", "\n" + text + "\n")
    text = WHITESPACE.sub("", text).translate(HALF_WIDTH_PARENS)
    return INNER_TITLE.sub(lambda m: f"《{m.group(1)}》", text)


def _strip_title_marks(text: str) -> str:
    """Remove one pair of title marks wrapping the whole of ``text``."""
    if len(text) < 2 or TITLE_MARKS.get(text[0]) != text[-1]:
        return text
    depth = 0
    for i, ch in enumerate(text):
        depth += ch in TITLE_MARKS
        depth -= ch in TITLE_MARKS.values()
        if depth == 0 and i < len(text) - 1:
            return text  # the first mark closes before the end: 《A》和《B》
    return text[1:-1]


def _resolve_division(form: str | None) -> Division | None:
    """Return the division written ``form`` (淮安市洪泽区 is looked up as 洪泽区 in 淮安市)."""
    if not form:
        return None
    table = divisions()
    found = table.lookup(form)
    if found is not None:
        return found
    for cut in range(len(form) - 1, 1, -1):
        outer = table.lookup(form[:cut])
        inner = table.lookup(form[cut:], within=outer) if outer is not None else None
        if inner is not None:
            return inner
    return None


def _written_name(division: Division) -> str:
    """Return the name that places ``division``: 伊犁哈萨克自治州, 淮安市洪泽区, 北京市东城区."""
    table = divisions()
    parent = table.parent(division)
    if division.level != "county" or parent is None:
        return division.name
    if PSEUDO_PREFECTURES.match(parent.name):
        return table.province(division).name + division.name
    return parent.name + division.name


@cache
def _lineage(jurisdiction: str | None, province: str | None) -> tuple[Division, ...]:
    """Return the report's jurisdiction and the divisions above it, innermost first."""
    table = divisions()
    chain: list[Division] = []
    current = _resolve_division(jurisdiction)
    while current is not None:
        if not PSEUDO_PREFECTURES.match(current.name):
            chain.append(current)
        current = table.parent(current)
    top = _resolve_division(province)
    if top is not None and all(d.code != top.code for d in chain):
        chain.append(top)
    return tuple(chain)


def _relative_division(unit: str, lineage: tuple[Division, ...]) -> Division | None:
    """Return the division a relative prefix (自治区, 州, 市…) denotes for this report."""
    for division in lineage:
        if division.name.endswith(unit) and not (unit == "区" and division.level == "province"):
            return division
    if unit == "区":  # 区 alone also stands for an autonomous region (区党委, 区实施…办法)
        return next((d for d in lineage if d.name.endswith("自治区")), None)
    return None


def _named_division(title: str, lineage: tuple[Division, ...]) -> tuple[str, Division] | None:
    """Return the autonomous division that ``title`` opens with in short form (伊犁州…).

    Only the short forms of autonomous prefectures, counties and banners (伊犁州 for
    伊犁哈萨克自治州) are written out: official titles never use them, whereas other
    short forms do open official titles (上海口岸服务条例, 杭州西湖文化景观保护管理条例).
    """
    table = divisions()
    province = table.province(lineage[0]) if lineage else None
    for cut in range(min(len(title) - 1, MAX_DIVISION_FORM), 1, -1):
        form = title[:cut]
        if form not in table.by_form:
            continue
        division = table.lookup(form, within=province)
        if division is None or form == division.name:
            return None
        match = AUTONOMOUS_SHORT_FORM.search(form)
        if match is not None and division.name.endswith("自治" + match.group(1)):
            return form, division
    return None


def _expand_jurisdiction(title: str, lineage: tuple[Division, ...]) -> str:
    """Write out a jurisdiction that ``title`` opens with in relative or short form."""
    named = _named_division(title, lineage)
    if named is not None:
        form, division = named
        return _written_name(division) + title[len(form) :]
    match = RELATIVE_PREFIX.match(title)
    if match is not None:
        division = _relative_division(match.group(1), lineage)
        if division is not None:
            return _written_name(division) + title[match.end() :]
    return title


def canonical_statute(
    name: str,
    jurisdiction: str | None = None,
    province: str | None = None,
    *,
    aliases: Mapping[str, str] | None = None,
) -> str:
    """Return the canonical title of a statute mention.

    Parameters
    ----------
    name : the mention, with or without 《》, possibly broken across lines by a PDF.
    jurisdiction : the report's jurisdiction (伊犁哈萨克自治州, 淮安市洪泽区).
    province : the province-level division above it (新疆维吾尔自治区).
    aliases : short forms the report defines (from ``defined_short_forms``).

    Returns
    -------
    The official full title when the gazetteer knows it, else the normalised title with
    its jurisdiction written out and inner titles canonicalised.

    Examples
    --------
    >>> canonical_statute("《自治区实施<反恐怖法>办法》", "伊犁哈萨克自治州", "新疆维吾尔自治区")
    '新疆维吾尔自治区实施《中华人民共和国反恐怖主义法》办法'
    """
    title = _strip_title_marks(normalise_title(name))
    if aliases and title in aliases:
        return aliases[title]
    title = INNER_TITLE.sub(lambda m: f"《{canonical_statute(m.group(1), jurisdiction, province)}》", title)
    gazetteer = statute_gazetteer()
    found = gazetteer.resolve(title)
    if found is not None:
        return found
    expanded = _expand_jurisdiction(title, _lineage(jurisdiction, province))
    return gazetteer.resolve(expanded) or expanded


def defined_short_forms(text: str, jurisdiction: str | None = None, province: str | None = None) -> dict[str, str]:
    """Return the short forms a report defines (（以下简称《条例》）) and the titles they stand for.

    >>> defined_short_forms("根据《中华人民共和国政府信息公开条例》（以下简称《条例》）")
    {'条例': '中华人民共和国政府信息公开条例'}
    """
    return {
        normalise_title(m.group(2)): canonical_statute(m.group(1), jurisdiction, province)
        for m in DEFINED_SHORT_FORM.finditer(text)
    }


def _starts_with_division_name(title: str) -> bool:
    """Tell whether ``title`` opens with the full name of an administrative division."""
    by_form = divisions().by_form
    return any(
        title[:cut] in by_form and any(d.name == title[:cut] for d in by_form[title[:cut]])
        for cut in range(2, min(len(title), MAX_DIVISION_FORM) + 1)
    )


def statute_level(canonical: str) -> str | None:
    """Return the level of a canonical title: 法律, 行政法规, 地方性法规, 司法解释…

    The gazetteer's level when it knows the title; otherwise one read off the title
    (党内法规, 司法解释, 法律, 行政法规, 地方性法规, 地方政府规章), or None.
    """
    known = statute_gazetteer().get(canonical)
    if known is not None:
        return known.level
    if canonical.startswith(PARTY_PREFIX):
        return "党内法规"
    if JUDICIAL_PREFIX.match(canonical):
        return "司法解释"
    if canonical.startswith(STATE_PREFIX):
        return "法律" if canonical.endswith(("法", "法典")) else "行政法规"
    if _starts_with_division_name(canonical):
        return "地方性法规" if LOCAL_REGULATION.search(canonical) else "地方政府规章"
    return None


@cache
def unbracketed_statute_names() -> list[str]:
    """Return short names safe to recognise in running text without 《》, longest first.

    The 宪法 and the short forms of national laws (中华人民共和国 stripped) of at least
    four characters ending in 法, or ending in 法典 (民法典); generic ones excluded.
    """
    gazetteer = statute_gazetteer()
    names = {CONSTITUTION}
    for short, title in gazetteer.short_forms.items():
        level = gazetteer.by_title[title].level
        if level in NATIONAL_LAW_LEVELS and (short.endswith("法典") or (len(short) >= 4 and short.endswith("法"))):
            names.add(short)
    for abbreviation, title in gazetteer.abbreviations.items():
        if len(abbreviation) >= 4 and abbreviation.endswith("法"):
            names.add(abbreviation)
    return sorted(names - AMBIGUOUS_SHORT_NAMES, key=lambda n: (-len(n), n))
