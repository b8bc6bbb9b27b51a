"""Linking names: give every mention a canonical name, so one thing is one node.

Jurisdiction words resolve to the report's own jurisdiction (州, 本州 -> 伊犁哈萨克自治州)
or its province (自治区 -> 新疆维吾尔自治区); bare department names take the
report's jurisdiction (司法局 -> 伊犁哈萨克自治州司法局); statutes resolve to their
official titles (``kg.statutes``); short forms defined in the text (以下简称《条例》)
resolve to the title they abbreviate.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache

from spacy.tokens import Doc, Span

from kg.divisions import divisions
from kg.lexicon import PLURAL_LEVELS, central_bodies, compact, countries
from kg.recognizing import INNER
from kg.resources import load_json
from kg.statutes import canonical_statute
from kg.tokenizing import doc_text
from kg.types import DocumentMeta, Mention, Sentence

# "（以下简称《条例》）" right after a title defines a short form of it.
SHORT_FORM = re.compile(r"^[^。]{0,30}?以下简称[“《\"]?([^”》\"）)]{1,20})")


@cache
def body_forms() -> dict:
    """Return the tables of ``bodies.json`` that canonical names need: letter list, normal
    forms, provincial heads, national prefixes and the words for a report's province and
    its own jurisdiction."""
    table = load_json("bodies.json")
    return {
        "letters": table["letter_list"],
        "normal": table["normal_forms"],
        "provincial": tuple(table["provincial_heads"]),
        "national": tuple(table["national_prefixes"]) + tuple(table["international_bodies"]),
        "own_not_before": table["own_word_not_before"],
        "province_words": tuple(table["province_words"]),
        "own_words": tuple(table["own_words"]),
    }


def canonical_body(text: str, meta: DocumentMeta) -> str:
    """Return a body's name with its jurisdiction written out."""
    name = compact(text)
    if central := central_bodies().get(name):
        return central
    forms = body_forms()
    if name in forms["letters"]:
        name = forms["letters"][name]
    if keeps_no_jurisdiction(name):
        return name
    prefix, rest = split_jurisdiction(name, meta)
    if rest == name and name.endswith(forms["provincial"]) and meta.province:
        prefix = meta.province  # a bare 司法厅 is the province's: 厅 are provincial departments
    rest = forms["normal"].get(rest, rest)
    return rest if rest != name and keeps_no_jurisdiction(rest) else prefix + rest


def keeps_no_jurisdiction(name: str) -> bool:
    """Tell whether a body's name is complete without the report's jurisdiction: a national
    or international body (国务院, 联合国) or one of a country (美国政府, 中国人民解放军)."""
    return name.startswith(body_forms()["national"]) or any(name.startswith(country) for country in countries())


def split_jurisdiction(name: str, meta: DocumentMeta) -> tuple[str, str]:
    """Split a name into its jurisdiction (written in full) and the rest."""
    table = divisions()
    for size in range(min(len(name) - 1, 12), 1, -1):
        division = table.lookup(name[:size])
        if division is not None:
            return table.full_name(division), name[size:]
    for word in body_forms()["province_words"]:
        if name.startswith(word) and len(name) > len(word) and meta.province:
            return meta.province, name[len(word):]
    not_before = body_forms()["own_not_before"]
    for word in body_forms()["own_words"]:
        if name.startswith(word) and len(name) > len(word) and name[len(word)] not in not_before.get(word, ""):
            rest = name[len(word):]
            # 州县两级人民政府 names several levels at once: keep it whole after the jurisdiction.
            return (meta.jurisdiction or "", name) if rest[0] in PLURAL_LEVELS else (level_owner(word, meta.jurisdiction) or word, rest)
    return meta.jurisdiction or "", name


LEVEL_WORD = re.compile(r"^[本全我]?([州市县区旗盟])直?$")


@cache
def level_owner(word: str, jurisdiction: str | None) -> str | None:
    """Return the division a jurisdiction word names: the report's own, or the one above it
    whose level the word names (市委 in a report of 呼伦贝尔市海拉尔区 is 呼伦贝尔市's)."""
    table, level = divisions(), LEVEL_WORD.match(word)
    own = table.named(jurisdiction) if jurisdiction and level else None
    if own is None or level is None or own.name.endswith(level.group(1)):
        return jurisdiction
    above = table.parent(own)
    while above is not None and not above.name.endswith(level.group(1)):
        above = table.parent(above)
    return table.full_name(above) if above is not None else jurisdiction


def canonical_place(text: str, meta: DocumentMeta) -> str:
    """Return the full name of a place (自治区 -> the report's province)."""
    name = compact(text)
    if name in ("自治区", "省") and meta.province:
        return meta.province
    if name in ("自治州", "州") and meta.jurisdiction:
        return meta.jurisdiction
    division = divisions().lookup(name)
    if division is None:
        return name
    full = divisions().full_name(division)
    return full if full == meta.jurisdiction else division.name


def canonical_title(text: str) -> str:
    """Return a policy document's title without its 《》."""
    name = compact(text)
    return name[1:-1] if name.startswith("《") and name.endswith("》") else name


def canonical_name(label: str, text: str, meta: DocumentMeta) -> str:
    """Return the canonical name of a mention of kind ``label``."""
    if label == "BODY":
        return canonical_body(text, meta)
    if label == "PLACE":
        return canonical_place(text, meta)
    if label == "STATUTE":
        return canonical_statute(text, meta.jurisdiction, meta.province)
    if label == "POLICY":
        return canonical_title(text)
    return compact(text)


def short_forms(doc: Doc, meta: DocumentMeta) -> dict[str, str]:
    """Return the short forms the text defines: {"条例": canonical of the full title}."""
    defined: dict[str, str] = {}
    text = doc_text(doc)
    for span in doc.ents:
        if span.label_ in ("STATUTE", "POLICY"):
            match = SHORT_FORM.match(text[span.end_char:span.end_char + 40])
            if match:
                defined[match.group(1)] = canonical_name(span.label_, span.text, meta)
    return defined


def link(doc: Doc, meta: DocumentMeta, sentences: tuple[Sentence, ...]) -> tuple[Mention, ...]:
    """Return the document's mentions, in text order, with canonical names and sentences.

    Inner titles follow the mention that encloses them and point to it with ``inside``.
    """
    aliases = short_forms(doc, meta)
    starts = [s.start for s in sentences]
    mentions: list[Mention] = []
    inner = sorted(doc.spans[INNER], key=lambda s: (s.start_char, -s.end_char)) if INNER in doc.spans else []
    for span in doc.ents:
        outer = new_mention(len(mentions), span, meta, aliases, starts, None)
        mentions.append(outer)
        for nested in inner:
            if span.start_char <= nested.start_char and nested.end_char <= span.end_char:
                mentions.append(new_mention(len(mentions), nested, meta, aliases, starts, enclosing(mentions, nested, outer.id)))
    return tuple(mentions)


def enclosing(mentions: list[Mention], nested: Span, outer_id: int) -> int:
    """Return the id of the innermost title already seen that encloses ``nested``."""
    for mention in reversed(mentions):
        if mention.id < outer_id:
            break
        if mention.start <= nested.start_char and nested.end_char <= mention.end and (mention.start, mention.end) != (nested.start_char, nested.end_char):
            return mention.id
    return outer_id


def new_mention(index: int, span: Span, meta: DocumentMeta, aliases: dict[str, str], starts: list[int], inside: int | None) -> Mention:
    """Return a Mention for a span: canonical name (short forms resolved), sentence index."""
    key = compact(span.text).strip("《》<>〈〉")
    canonical = aliases.get(key) or canonical_name(span.label_, span.text, meta)
    return Mention(
        id=index,
        start=span.start_char,
        end=span.end_char,
        label=span.label_,
        text=span.text,
        canonical=canonical,
        sentence=max(0, bisect_right(starts, span.start_char) - 1),
        rule=span.id_,
        inside=inside,
    )
