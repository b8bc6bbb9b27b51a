"""Body structure: which body is part of which, and where bodies and places belong.

Sub-organisations come from names (a body whose canonical name begins with another
body's: 州党委理论学习中心组 -> 州党委, 国务院办公厅 -> 国务院), from the directly-under
words (州直政法系统 -> the prefecture's government) and from phrases (…下设…, 设立…办公室,
…设在…), each with the sentence and span that state it. Jurisdictions come from the
division gazetteer (``kg.divisions``): a body belongs to the division its name begins
with, a central body to the national level, and a division lies within the one above it.
Every word list is in ``data/structure.json``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from kg.divisions import Division, divisions
from kg.lexicon import alternation, central_bodies
from kg.relating import CLAUSE_BREAK, Trigger, after_modifier, clause_start, clause_status, rules
from kg.resources import load_json
from kg.types import DONE, Extraction, Mention, Sentence, SubOrganization

__all__ = [
    "body_jurisdiction", "name_parent", "parent_index", "parent_place", "structure_words",
    "sub_organizations",
]


@dataclass(frozen=True)
class StructureWords:
    """The compiled tables of ``data/structure.json``."""

    parent_aliases: dict[str, tuple[str, ...]]
    sibling_remainders: frozenset[str]
    joiners: tuple[str, ...]
    min_remainder: int
    min_parent: int
    class_remainders: frozenset[str]
    not_in_unit_names: tuple[str, ...]
    continuations: tuple[str, ...]
    directly_under: re.Pattern[str]
    parent_suffix: str
    sets_up: re.Pattern[str]
    establishes: re.Pattern[str]
    unit_heads: tuple[str, ...]
    housed_in: re.Pattern[str]
    other_place_or_actor: tuple[str, ...]
    max_gap: int
    national: str
    national_prefixes: tuple[str, ...]
    national_names: frozenset[str]
    placeholders: frozenset[str]


@cache
def structure_words() -> StructureWords:
    """Return the structure word tables (loaded once)."""
    table = load_json("structure.json")
    under = table["directly_under"]
    return StructureWords(
        parent_aliases={suffix: tuple(forms) for suffix, forms in table["parent_aliases"].items()},
        sibling_remainders=frozenset(table["sibling_remainders"]),
        joiners=tuple(table["joiners"]),
        min_remainder=table["min_remainder"],
        min_parent=table["min_parent"],
        class_remainders=frozenset(table["class_remainders"]),
        not_in_unit_names=tuple(table["not_in_unit_names"]),
        continuations=tuple(table["continuations"]),
        directly_under=re.compile(alternation(under["words"])),
        parent_suffix=under["parent_suffix"],
        sets_up=re.compile(alternation(table["sets_up"])),
        establishes=re.compile(alternation(table["establishes"])),
        unit_heads=tuple(table["unit_heads"]),
        housed_in=re.compile(alternation(table["housed_in"])),
        other_place_or_actor=tuple(table["other_place_or_actor"]),
        max_gap=table["max_gap"],
        national=table["national"],
        national_prefixes=tuple(table["national_prefixes"]),
        national_names=frozenset(table["national_names"]),
        placeholders=frozenset(table["placeholder_divisions"]),
    )


# ---------------------------------------------------------------- sub-organisations


def sub_organizations(extraction: Extraction, parents: dict[str, str]) -> list[SubOrganization]:
    """Return the sub-organisation links one report states, in text order.

    ``parents`` is :func:`parent_index` of every body of the graph (parents of nested names).
    """
    author = extraction.document.meta.author
    bodies = [m for m in extraction.mentions if m.label == "BODY" and m.inside is None]
    found = nested_name_links(bodies, parents) + directly_under_links(bodies)
    by_sentence: dict[int, list[Mention]] = {}
    for mention in bodies:
        by_sentence.setdefault(mention.sentence, []).append(mention)
    for index, here in by_sentence.items():
        found += phrase_links(extraction.document.text, extraction.sentences[index], here, author)
    unique = {(link.child, link.parent, link.sentence, link.start): link for link in found if link.child != link.parent}
    return sorted(unique.values(), key=lambda link: (link.sentence, link.start, link.end, link.child, link.parent))


def parent_index(bodies: Iterable[str]) -> dict[str, str]:
    """Return every way a body's name is written inside its units' names, mapped to the body.

    人民政府 is also written 政府 (伊犁哈萨克自治州政府法律顾问团); bare divisions are left out.
    """
    words = structure_words()
    index: dict[str, str] = {}
    for body in sorted(bodies):
        if is_division(body) or len(body) < words.min_parent:
            continue
        index.setdefault(body, body)
        for suffix, aliases in words.parent_aliases.items():
            if body.endswith(suffix):
                for alias in aliases:
                    index.setdefault(body[: -len(suffix)] + alias, body)
    return index


def nested_name_links(bodies: list[Mention], parents: dict[str, str]) -> list[SubOrganization]:
    """A body named with another body's whole name in front is part of it (first mention per name).

    The parent's mention is given when the same sentence writes it too.
    """
    first: dict[str, Mention] = {}
    for mention in bodies:
        first.setdefault(mention.canonical, mention)
    links = []
    for mention in first.values():
        parent = name_parent(mention.canonical, parents)
        if parent is not None:
            written = next((m for m in bodies if m.canonical == parent and m.sentence == mention.sentence), None)
            links.append(SubOrganization(
                mention.canonical, parent, DONE, mention.sentence, mention.start, mention.end, 0.9, "nested-name",
                mention.id, None if written is None else written.id,
            ))
    return links


def name_parent(name: str, parents: dict[str, str]) -> str | None:
    """Return the body whose name begins ``name`` at the greatest length and leaves a unit's name after it."""
    for size in range(len(name) - 1, 1, -1):
        parent = parents.get(name[:size])
        if parent is not None and parent != name and is_unit_rest(name[size:]):
            return parent
    return None


def is_unit_rest(rest: str) -> bool:
    """Tell whether what follows a parent's name names a unit of it (not a sibling body)."""
    words = structure_words()
    return (
        len(rest) >= words.min_remainder
        and rest not in words.sibling_remainders
        and not rest.endswith(tuple(words.class_remainders))
        and not rest.startswith(words.joiners + words.continuations)
        and not any(word in rest for word in words.not_in_unit_names)
    )


def is_division(name: str) -> bool:
    """Tell whether a name is a bare administrative division (a place, not a body)."""
    return name in divisions().by_form


def directly_under_links(bodies: list[Mention]) -> list[SubOrganization]:
    """州直政法系统: a body written with a directly-under word is under its jurisdiction's government."""
    words = structure_words()
    links = []
    for mention in bodies:
        match = words.directly_under.match(mention.text)
        division = divisions().chain(mention.canonical)
        if match is None or not division:
            continue
        parent = divisions().full_name(division[-1]) + words.parent_suffix
        links.append(SubOrganization(
            mention.canonical, parent, DONE, mention.sentence, mention.start, mention.start + match.end(), 0.8,
            "directly-under", mention.id, None,
        ))
    return links


def phrase_links(text: str, sentence: Sentence, bodies: list[Mention], author: str | None) -> list[SubOrganization]:
    """Return the links of …下设…, 设立…办公室 and …设在… in one sentence."""
    words = structure_words()
    links = []
    for match in free_matches(words.sets_up, text, sentence, bodies):
        links += set_up_links(text, sentence, bodies, match, author, units_only=False)
    for match in free_matches(words.establishes, text, sentence, bodies):
        links += set_up_links(text, sentence, bodies, match, author, units_only=True)
    for match in free_matches(words.housed_in, text, sentence, bodies):
        links += housed_in_links(text, sentence, bodies, match)
    return links


def free_matches(pattern: re.Pattern[str], text: str, sentence: Sentence, bodies: list[Mention]) -> list[re.Match[str]]:
    """Return the matches of ``pattern`` in a sentence that lie outside every body's name."""
    return [
        match for match in pattern.finditer(text, sentence.start, sentence.end)
        if not any(m.start < match.end() and match.start() < m.end for m in bodies)
    ]


def set_up_links(
    text: str, sentence: Sentence, bodies: list[Mention], match: re.Match[str], author: str | None, units_only: bool
) -> list[SubOrganization]:
    """A body written before a setting-up word (or the author) is the parent of the bodies after it."""
    words = structure_words()
    children = [m for m in set_up_bodies(text, bodies, match) if not units_only or m.canonical.endswith(words.unit_heads)]
    parent = body_before(text, bodies, match.start())
    if parent is None and (not units_only or author is None or clause_names_other(text, sentence, bodies, match.start())):
        return []
    name, parent_id = (author, None) if parent is None else (parent.canonical, parent.id)
    status = clause_status(text, sentence, match.start())
    rule = "sets-up" if not units_only else "establishes-unit"
    return [
        SubOrganization(
            child.canonical, name, status, sentence.index, match.start(), match.end(),
            0.6 if parent is None else 0.7, rule, child.id, parent_id,
        )
        for child in children
    ]


def set_up_bodies(text: str, bodies: list[Mention], match: re.Match[str]) -> list[Mention]:
    """Return the bodies a setting-up word sets up: after it, or after a long modifier (成立了以…为组长的…)."""
    if rules().modifier_opening.match(text, match.end()):
        modified = after_modifier(text, Trigger("established", match.start(), match.end(), ("BODY",), None), bodies)
        if modified:
            return modified
    return bodies_after(text, bodies, match.end())


def housed_in_links(text: str, sentence: Sentence, bodies: list[Mention], match: re.Match[str]) -> list[SubOrganization]:
    """办公室设在州司法局: the body before the word is a unit of the body after it."""
    child = body_before(text, bodies, match.start())
    after = bodies_after(text, bodies, match.end())
    if child is None or not after:
        return []
    parent = after[0]
    status = clause_status(text, sentence, match.start())
    return [SubOrganization(
        child.canonical, parent.canonical, status, sentence.index, match.start(), match.end(), 0.7, "housed-in",
        child.id, parent.id,
    )]


def body_before(text: str, bodies: list[Mention], position: int) -> Mention | None:
    """Return the body ending just before ``position`` in the same clause (在州司法局设立…)."""
    words = structure_words()
    for mention in reversed([m for m in bodies if m.end <= position]):
        gap = text[mention.end:position]
        return mention if len(gap) <= words.max_gap and not CLAUSE_BREAK.search(gap) else None
    return None


def clause_names_other(text: str, sentence: Sentence, bodies: list[Mention], position: int) -> bool:
    """Tell whether the clause before ``position`` names a place or another actor (在乡镇设置…, 鼓励外资设立…)."""
    start = clause_start(text, position, sentence.start)
    marked = any(marker in text[start:position] for marker in structure_words().other_place_or_actor)
    return marked or any(start <= m.start and m.end <= position for m in bodies)


def bodies_after(text: str, bodies: list[Mention], position: int) -> list[Mention]:
    """Return the body just after ``position`` in its clause and the bodies joined to it by 、/和/及."""
    words = structure_words()
    chain: list[Mention] = []
    for mention in (m for m in bodies if m.start >= position):
        gap = text[chain[-1].end if chain else position:mention.start]
        if chain and not rules().connectors.match(gap):
            break
        if not chain and (len(gap) > words.max_gap or CLAUSE_BREAK.search(gap)):
            break
        chain.append(mention)
    return chain


# ---------------------------------------------------------------- jurisdictions


def is_central(name: str) -> bool:
    """Tell whether a body is a central party or state body (国务院办公厅, 公安部)."""
    words = structure_words()
    return name.startswith(words.national_prefixes) or name in words.national_names or name in central_names()


@cache
def central_names() -> frozenset[str]:
    """Return the canonical names of the central bodies of the lexicon."""
    return frozenset(central_bodies().values())


def body_jurisdiction(name: str, own: Iterable[str]) -> str | None:
    """Return the place a body belongs to: a division its name begins with, or the national level.

    ``own`` holds the reports' jurisdictions (full names), which a body's name may begin
    with even where the gazetteer lacks them.
    """
    chain = divisions().chain(name)
    if chain:
        return place_name(chain[-1], own)
    if is_central(name):
        return structure_words().national
    longest_first = sorted(own, key=len, reverse=True)
    return next((place for place in longest_first if name.startswith(place) and len(name) > len(place)), None)


def place_name(division: Division, own: Iterable[str]) -> str:
    """Return a division's place name as linking writes it: the full name for a report's own jurisdiction."""
    full = divisions().full_name(division)
    return full if full in set(own) else division.name


def place_level(name: str) -> str | None:
    """Return the administrative level of a place: national, province, prefecture or county."""
    if name == structure_words().national:
        return "national"
    division = divisions().named(name)
    return division.level if division is not None else None


def parent_place(name: str, own: Iterable[str]) -> str | None:
    """Return the place directly above a place: its parent division, or the national level above a province."""
    words = structure_words()
    if name == words.national:
        return None
    division = divisions().named(name)
    if division is None:
        return None
    parent = divisions().parent(division)
    while parent is not None and parent.name in words.placeholders:
        parent = divisions().parent(parent)
    return words.national if parent is None else place_name(parent, own)
