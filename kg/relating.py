"""Extracting relations: trigger words within a sentence link an actor to what it acts on.

For each trigger (``data/triggers.json``) the tails are the mentions that follow it in
its clause, joined by 、/和/及 (深入学习《A》《B》 gives two); the head is the nearest
body acting as subject before it, else the report's author. A nested title implements
the title inside it; a body written directly before a title issued it. Status is
planned in planned sections and under 将/要/拟/计划 markers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kg.lexicon import alternation
from kg.resources import load_json
from kg.segmenting import status_markers
from kg.types import DONE, PLANNED, Mention, Relation, Sentence

CLAUSE_BREAK = re.compile(r"[，,；;：:。！？!?]")
# What ends a run of clauses sharing a subject and a modal (要…，…，…；).
CLAUSE_RUN_BREAK = re.compile(r"[；;：:。！？!?]")
ACTOR_LABELS = ("BODY",)


@dataclass(frozen=True)
class Trigger:
    """One trigger word occurrence: relation type, offsets, the tail kinds it takes."""

    type: str
    start: int
    end: int
    tails: tuple[str, ...]
    object_before: str | None
    subject_after: bool = False  # a fronted phrase: its actor is the subject after it (根据…,Y…)


@dataclass(frozen=True)
class Rules:
    """Compiled trigger tables."""

    pattern: re.Pattern[str]
    by_word: dict[str, list[tuple[str, tuple[str, ...], str | None, bool]]]
    after_objects: list[tuple[str, re.Pattern[str], bool]]  # type, pattern, needs a marker
    object_markers: re.Pattern[str]
    guided_by: re.Pattern[str]
    guided_by_after: re.Pattern[str]
    connectors: re.Pattern[str]
    actor_connectors: re.Pattern[str]
    modifier_opening: re.Pattern[str]
    modifier_closing: re.Pattern[str]
    sentence_opening: re.Pattern[str]  # what may stand before a sentence's subject (2023年，, 一是)
    blockers: tuple[str, ...]
    max_gap: int


@cache
def rules() -> Rules:
    """Return the compiled trigger tables (loaded once)."""
    table = load_json("triggers.json")
    by_word: dict[str, list[tuple[str, tuple[str, ...], str | None, bool]]] = {}
    for entry in table["triggers"]:
        for word in entry["words"]:
            by_word.setdefault(word, []).append((entry["type"], tuple(entry["tails"]), entry.get("object_before"), entry.get("subject_after", False)))
    return Rules(
        pattern=re.compile(alternation(list(by_word))),
        by_word=by_word,
        after_objects=[(e["type"], re.compile(e["pattern"]), e.get("needs_marker", False)) for e in table["after_objects"]],
        object_markers=re.compile(table["object_markers"]),
        guided_by=re.compile(table["guided_by"]),
        guided_by_after=re.compile(table["guided_by_after"]),
        connectors=re.compile(table["connectors"]),
        actor_connectors=re.compile(table["actor_connectors"]),
        modifier_opening=re.compile(table["modifier_opening"]),
        modifier_closing=re.compile(table["modifier_closing"]),
        sentence_opening=re.compile(table["sentence_opening"]),
        blockers=tuple(table["subject_blockers"]),
        max_gap=table["max_gap"],
    )


def relate(text: str, sentences: tuple[Sentence, ...], mentions: tuple[Mention, ...]) -> tuple[Relation, ...]:
    """Return the relations of a document, sentence by sentence, in text order."""
    by_sentence: dict[int, list[Mention]] = {}
    for mention in mentions:
        if mention.inside is None:
            by_sentence.setdefault(mention.sentence, []).append(mention)
    found: list[Relation] = list(nested_title_relations(mentions, sentences))
    for sentence in sentences:
        found.extend(sentence_relations(text, sentence, by_sentence.get(sentence.index, [])))
    return tuple(sorted(one_per_sentence(found), key=lambda r: (r.sentence, r.trigger_start, r.tail, r.type)))


def one_per_sentence(found: list[Relation]) -> list[Relation]:
    """Keep one relation per type, head, tail and sentence: the most confident, then the first."""
    best: dict[tuple, Relation] = {}
    for relation in sorted(found, key=lambda r: (-r.confidence, r.trigger_start, r.trigger_end, r.rule)):
        best.setdefault((relation.type, relation.head, relation.tail, relation.sentence), relation)
    return list(best.values())


def nested_title_relations(mentions: tuple[Mention, ...], sentences: tuple[Sentence, ...]) -> list[Relation]:
    """A title nested in another is implemented by it (a chain of nesting, a chain of edges)."""
    planned = {s.index: s.planned for s in sentences}
    return [
        Relation("implements", m.inside, m.id, PLANNED if planned.get(m.sentence) else DONE, m.sentence, m.start, m.end, 0.9, "nested-title")
        for m in mentions
        if m.inside is not None
    ]


def sentence_relations(text: str, sentence: Sentence, mentions: list[Mention]) -> list[Relation]:
    """Return the relations one sentence states."""
    if not mentions:
        return []
    relations = issuer_relations(text, sentence, mentions)
    for trigger in triggers(text, sentence):
        if any(m.start < trigger.end and trigger.start < m.end for m in mentions):
            continue
        tails = tail_mentions(text, trigger, mentions)
        if not tails:
            continue
        heads = head_mentions(text, sentence, trigger, mentions)
        if not heads and trigger.subject_after:
            heads = subject_after_fronted(text, sentence, trigger, tails[-1], mentions)
        status = clause_status(text, sentence, trigger.start)
        for tail in tails:
            for head in heads or [None]:
                if head is not None and head.id == tail.id:
                    continue
                relations.append(Relation(trigger.type, None if head is None else head.id, tail.id, status, sentence.index, trigger.start, trigger.end, 0.7 if head else 0.6, f"trigger:{text[trigger.start:trigger.end]}"))
    relations.extend(after_object_relations(text, sentence, mentions))
    relations.extend(guided_by_relations(text, sentence, mentions))
    return relations


def triggers(text: str, sentence: Sentence) -> list[Trigger]:
    """Return the trigger words in a sentence, each with the relation types it may signal."""
    table = rules()
    found = []
    for match in table.pattern.finditer(text, sentence.start, sentence.end):
        for rtype, tails, object_before, subject_after in table.by_word[match.group(0)]:
            found.append(Trigger(rtype, match.start(), match.end(), tails, object_before, subject_after))
    return found


def clause_start(text: str, position: int, floor: int) -> int:
    """Return the start of the clause containing ``position`` (not before ``floor``)."""
    breaks = [m.end() for m in CLAUSE_BREAK.finditer(text, floor, position)]
    return breaks[-1] if breaks else floor


def clause_end(text: str, position: int, ceiling: int) -> int:
    """Return the end of the clause containing ``position`` (not after ``ceiling``)."""
    match = CLAUSE_BREAK.search(text, position, ceiling)
    return match.start() if match else ceiling


def tail_mentions(text: str, trigger: Trigger, mentions: list[Mention]) -> list[Mention]:
    """Return the mentions a trigger acts on: the first fitting one after it, and those joined to it."""
    table = rules()
    if trigger.object_before:
        return object_before_tail(text, trigger, mentions)
    if table.modifier_opening.match(text, trigger.end) and (modified := after_modifier(text, trigger, mentions)):
        return modified
    end = clause_end(text, trigger.end, max(m.end for m in mentions))
    following = [m for m in mentions if trigger.end <= m.start and m.end <= end + 1]
    chain: list[Mention] = []
    position = trigger.end
    for mention in following:
        gap = text[position:mention.start]
        if chain and not table.connectors.match(gap):
            break
        if not chain and (len(gap) > table.max_gap or CLAUSE_BREAK.search(gap)):
            break
        if mention.label in trigger.tails:
            chain.append(mention)
        elif not chain and mention.label != "PLACE" and not issuer_of_next(mention, following):
            break
        position = mention.end
    return modified_object(chain, following, trigger) or chain


def after_modifier(text: str, trigger: Trigger, mentions: list[Mention]) -> list[Mention]:
    """成立了以政府主要领导为组长,…为成员的<小组>: the object after a long 以/由…为…的 modifier."""
    table = rules()
    for mention in (m for m in mentions if m.start > trigger.end and m.label in trigger.tails):
        if table.modifier_closing.search(text, trigger.end, mention.start):
            return [mention]
    return []


def issuer_of_next(mention: Mention, following: list[Mention]) -> bool:
    """Tell whether a body is written directly before the next mention (国务院办公厅《…》)."""
    later = [m for m in following if m.start >= mention.end]
    return mention.label == "BODY" and bool(later) and later[0].start == mention.end


def modified_object(chain: list[Mention], following: list[Mention], trigger: Trigger) -> list[Mention]:
    """建立政法委及公、检、法、司等职能单位会商审议机制: bodies that modify a later object give way to it."""
    if not chain or any(m.label != "BODY" for m in chain):
        return []
    later = [m for m in following if m.start >= chain[-1].end and m.label in trigger.tails and m.label != "BODY"]
    return later[:1]


def object_before_tail(text: str, trigger: Trigger, mentions: list[Mention]) -> list[Mention]:
    """Return the body of 向<body>报告: the mention right after the preposition before the trigger."""
    start = clause_start(text, trigger.start, 0)
    for mention in mentions:
        if start <= mention.start and mention.end <= trigger.start and mention.label in trigger.tails:
            if text[max(0, mention.start - 1):mention.start] == trigger.object_before and len(text[mention.end:trigger.start]) <= 2:
                return [mention]
    return []


def head_mentions(text: str, sentence: Sentence, trigger: Trigger, mentions: list[Mention]) -> list[Mention]:
    """Return the actors of a trigger: the nearest subject body before it, with its coordinates."""
    table = rules()
    start = clause_start(text, trigger.start, sentence.start)
    before = [m for m in mentions if start <= m.start and m.end <= trigger.start]
    candidates = [m for m in before if m.label in ACTOR_LABELS]
    if not candidates:
        first = next((m for m in mentions if m.label in ACTOR_LABELS and m.start < trigger.start), None)
        if first is None or not table.sentence_opening.fullmatch(text[sentence.start:first.start]) or first.end > trigger.start:
            return []
        candidates = coordinated(text, first, [m for m in mentions if m.end <= trigger.start])
    head = candidates[-1]
    if text[max(0, head.start - 2):head.start].endswith(table.blockers) or any(m.start >= head.end and m.label != "BODY" for m in before):
        return []
    group = [head]
    for mention in reversed([m for m in candidates if m.end <= group[0].start]):
        if table.actor_connectors.fullmatch(text[mention.end:group[0].start]):
            group.insert(0, mention)
        else:
            break
    return group


def subject_after_fronted(text: str, sentence: Sentence, trigger: Trigger, last_tail: Mention, mentions: list[Mention]) -> list[Mention]:
    """Return the subject right after a phrase that opens the sentence and ends at a comma
    (根据《…的通知》文件要求,伊犁州人民政府高度重视 -> 伊犁州人民政府), with its coordinates."""
    if not rules().sentence_opening.fullmatch(text[sentence.start:trigger.start]):
        return []
    comma = clause_end(text, last_tail.end, sentence.end)
    if comma >= sentence.end or text[comma] not in "，,":
        return []
    first = next((m for m in mentions if m.start > comma), None)
    if first is None or first.label not in ACTOR_LABELS or text[comma + 1:first.start].strip():
        return []
    return coordinated(text, first, [m for m in mentions if m.end <= sentence.end])


def coordinated(text: str, first: Mention, mentions: list[Mention]) -> list[Mention]:
    """Return ``first`` and the actors joined after it by 、/和/及 (州党委、政府 opening a sentence)."""
    group = [first]
    for mention in (m for m in mentions if m.start >= first.end):
        if mention.label not in ACTOR_LABELS or not rules().actor_connectors.fullmatch(text[group[-1].end:mention.start]):
            break
        group.append(mention)
    return group


def clause_status(text: str, sentence: Sentence, position: int) -> str:
    """Return planned when the sentence is planned or a planned marker governs the clause.

    A marker governs its own clause and, in the opening clause of a run of clauses
    joined by commas, the clauses after it that share its subject (要继续强化…，严格执行…).
    """
    if sentence.planned:
        return PLANNED
    marker = status_markers()["planned_clause"]
    start = clause_start(text, position, sentence.start)
    run = max((m.end() for m in CLAUSE_RUN_BREAK.finditer(text, sentence.start, position)), default=sentence.start)
    opening = text[run:clause_end(text, run, position)]
    return PLANNED if marker.search(text[start:position]) or marker.search(opening) else DONE


def issuer_relations(text: str, sentence: Sentence, mentions: list[Mention]) -> list[Relation]:
    """A body written directly before a title issued it: 国务院办公厅《关于…的意见》."""
    found = []
    for body, title in zip(mentions, mentions[1:]):
        if body.label == "BODY" and title.label in ("STATUTE", "POLICY") and body.end == title.start:
            status = clause_status(text, sentence, body.start)
            found.append(Relation("issued", body.id, title.id, status, sentence.index, body.start, body.end, 0.8, "issuer-before-title"))
    return found


def after_object_relations(text: str, sentence: Sentence, mentions: list[Mention]) -> list[Relation]:
    """将《A》《B》等列为学习内容: triggers that follow their objects."""
    table = rules()
    found = []
    for index, mention in enumerate(mentions):
        marked = bool(table.object_markers.search(text, max(sentence.start, mention.start - 6), mention.start))
        chain = [mention]
        for following in mentions[index + 1:]:
            if table.connectors.match(text[chain[-1].end:following.start]):
                chain.append(following)
            else:
                break
        rest = text[chain[-1].end:sentence.end]
        for rtype, pattern, needs_marker in table.after_objects:
            match = pattern.search(rest)
            if match and (marked or not needs_marker):
                start = chain[-1].end + match.start()
                status = clause_status(text, sentence, mention.start)
                allowed = ("STATUTE", "POLICY", "DOCTRINE") if rtype == "studied" else ("BODY", "PROGRAM")
                found.extend(Relation(rtype, None, m.id, status, sentence.index, start, chain[-1].end + match.end(), 0.6, "after-objects") for m in chain if m.label in allowed)
    return found


def guided_by_relations(text: str, sentence: Sentence, mentions: list[Mention]) -> list[Relation]:
    """以<doctrine>为指导: the actor implements the doctrine."""
    table = rules()
    found = []
    for mention in mentions:
        if mention.label != "DOCTRINE" or not table.guided_by.search(text[max(0, mention.start - 2):mention.start]):
            continue
        match = table.guided_by_after.match(text[mention.end:sentence.end])  # its pattern is anchored (^)
        if match is None:
            continue
        trigger = Trigger("implements", mention.start - 1, mention.end + match.end(), ("DOCTRINE",), None)
        heads = head_mentions(text, sentence, trigger, mentions)
        status = clause_status(text, sentence, mention.start)
        for head in heads or [None]:
            found.append(Relation("implements", None if head is None else head.id, mention.id, status, sentence.index, trigger.start, trigger.end, 0.7, "guided-by"))
    return found
