"""Rules that find candidate mentions in a text; each yields Candidates, none decides overlaps.

Titles in 《》 (with nested titles), quoted names, doctrines, named programmes,
bodies by the suffix grammar and gazetteers, statutes named without 《》, places.
The spaCy components in ``recognizing`` run these and resolve overlaps.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from kg.lexicon import CJK, PLURAL_LEVELS, Gazetteer, alternation, broken_alternation, central_bodies, char_class, compact, countries, is_generic, jurisdiction_ending_at, lexicon, past_quantity, scan_left
from kg.resources import load_json
from kg.statutes import unbracketed_statute_names

# Trailing parentheticals that do not change a title's kind: (试行), (2020-2025年), （草案）.
TRAILING_PARENTHESIS = re.compile(r"[（(][^（()）]{0,16}[)）]$")
# A quoted name may run over a PDF line break, page number included (“分\n- 2 -\n级审核”).
QUOTED = re.compile(r"“((?:[^“”。\n]|\n(?:[\s\-—－]*\d+[\s\-—－]*\n)?){1,40}?)”|\"([^\"。\n]{1,40}?)\"", re.S)
OPEN_TITLE, CLOSE_TITLE = "《", "》"
# A quoted slogan counting things: “两个中心”, “两专科一中心”, “3个100”.
NUMERAL_OPENING = re.compile(r"[\d一二三四五六七八九十两百千万]")
INNER_BRACKETS = {"《": "》", "<": ">", "〈": "〉", "＜": "＞"}
MAX_TITLE = 120
# A year that opens a plan's name: 2021年行政立法工作计划, 2020年度…报告.
YEAR_PLAN = re.compile(r"\d{4}年度?")


@dataclass(frozen=True)
class Candidate:
    """A possible mention: offsets, label and the rule that proposed it."""

    start: int
    end: int
    label: str
    rule: str


# Rules whose candidates win over others regardless of length (lower first); the
# rest compete by length, and places give way to any other name of equal length.
RULE_TIERS = {"title": 0, "inner-title": 0, "quoted": 1, "quoted-body": 1, "place": 3}
# The rule of a body named in the standard way: a jurisdiction and its party committee,
# government, congress, court or department (州政府, 州发改委), or a group ending in the
# head of a working body (行政复议体制改革领导小组, 安全生产应急指挥部).
STANDARD_RULE = "body-standard"


@dataclass(frozen=True)
class Tables:
    """Compiled rule tables."""

    statute_heads: tuple[str, ...]
    policy_heads: tuple[str, ...]
    media_heads: tuple[str, ...]
    media_context: re.Pattern[str]
    body_heads: re.Pattern[str]
    departments: re.Pattern[str]
    bare_names: frozenset[str]
    list_only: re.Pattern[str]
    role_after: re.Pattern[str]
    common_nouns: tuple[str, ...]
    central_bodies: Gazetteer
    central_not_before: frozenset[str]
    meeting_after: re.Pattern[str]
    non_body_heads: tuple[str, ...]  # 部门, 机关, 会议: class words and meetings, never a body's head
    jurisdiction_heads: tuple[str, ...]  # longest first
    compounds_after: dict[str, re.Pattern[str]]
    unit_heads: re.Pattern[str]
    head_at_end: re.Pattern[str]  # any body head, ending where the search ends
    government_heads: tuple[str, ...]  # longest first: heads a body needs a jurisdiction before
    division_levels: tuple[str, ...]  # 县, 镇: what an unlisted division's name ends in
    working_group_heads: tuple[str, ...]  # 领导小组, 指挥部: heads of bodies set up for a task
    national_prefixes: frozenset[str]
    letter_list: re.Pattern[str]  # the one-character list of bodies: 公、检、法、司
    congress_in_session: re.Pattern[str]  # 向|大会|报告: the people's congress something is submitted to
    quoted_heads: re.Pattern[str]
    doctrine_heads: frozenset[str]
    quoted_stop: re.Pattern[str]
    slogan_opening: re.Pattern[str]
    statute_name_openers: str
    quoted_described_before: tuple[str, ...]
    quoted_honour_before: tuple[str, ...]  # 称号: the quote names an honour conferred
    award_heads: tuple[str, ...]  # 奖: a quoted name ending in one is an award
    quoted_acclaimed_after: tuple[str, ...]  # 评为, 称为: a quote after one is an honour or a description
    zhi_words: tuple[str, ...]  # words ending in 制 that are no system (编制, 控制)
    program_heads: re.Pattern[str]
    program_min_modifier: int  # 教育|改革, 激励|机制: a shorter modifier names a class of work
    program_compounds: tuple[tuple[str, re.Pattern[str]], ...]  # 战略|性, 改革|开放: a compound, no programme
    generic_openers: tuple[str, ...]  # 重大, 系列: longest first; they do not count to a programme's modifier
    class_words: tuple[str, ...]  # 领域, 方面: a modifier beginning or ending in one names a class of work
    generic_programs: frozenset[str]
    fixed_programs: re.Pattern[str]
    doctrines: re.Pattern[str]
    doctrine_spirit: re.Pattern[str]
    party_spirit: re.Pattern[str]  # 党的二十大和二十届二中、三中全会精神: named from 党的 on
    plan_heads: re.Pattern[str]
    plan_issued: re.Pattern[str]
    places: Gazetteer


@cache
def tables() -> Tables:
    """Return the compiled rule tables of ``kg/data`` (built once)."""
    titles, bodies, programs = load_json("titles.json"), load_json("bodies.json"), load_json("programs.json")
    by_length = lambda words: tuple(sorted(set(words), key=len, reverse=True))  # noqa: E731
    places = [p for p in lexicon().places if len(p) >= 2] + ["自治区", "自治州"]
    place_names = alternation([p for p in lexicon().places if len(p) >= 2])
    fixed = [re.escape(n) for n in programs["fixed_names"]]
    fixed += [programs["rule_of_law_place"].format(place=place_names), programs["govern_by_law_place"]]
    roles = bodies["role_words"]
    return Tables(
        statute_heads=by_length(titles["statute_heads"]),
        policy_heads=by_length(titles["policy_heads"]),
        media_heads=by_length(titles["media_heads"]),
        media_context=re.compile(f"(?:{alternation(titles['media_context'])})[：:“\"]?$"),
        body_heads=re.compile(alternation(bodies["heads"] + bodies["list_only_names"])),
        departments=re.compile(alternation(bodies["department_names"])),
        bare_names=frozenset(bodies["bare_names"]),
        list_only=re.compile(alternation(bodies["list_only_names"])),
        role_after=re.compile(f"^(?:{alternation(roles)})"),
        common_nouns=tuple(bodies["common_nouns_on_heads"]),
        central_bodies=Gazetteer(central_bodies()),
        central_not_before=frozenset(bodies["central_names_not_before"]),
        meeting_after=re.compile(f"^(?:{alternation(bodies['non_body_heads'])})"),
        non_body_heads=tuple(bodies["non_body_heads"]),
        jurisdiction_heads=by_length(bodies["jurisdiction_heads"]),
        compounds_after={head: re.compile(f"^(?:{alternation(words)})") for head, words in bodies["compounds_after"].items()},
        government_heads=by_length(bodies["government_heads"]),
        division_levels=tuple(bodies["division_levels"]),
        working_group_heads=tuple(bodies["working_group_heads"]),
        national_prefixes=frozenset(bodies["national_prefixes"]),
        unit_heads=re.compile(f"(?:{alternation([h for h in bodies['heads'] if len(h) >= 2])})$"),
        head_at_end=re.compile(f"(?:{alternation(bodies['heads'])})$"),
        congress_in_session=re.compile(bodies["congress_in_session"]),
        letter_list=re.compile(f"{char_class(bodies['letter_list'])}(?:、{char_class(bodies['letter_list'])}){{2,}}"),
        quoted_heads=re.compile(f"^(?:{alternation(programs['quoted_heads'])})"),
        doctrine_heads=frozenset(programs["doctrine_heads"]),
        quoted_stop=re.compile("|".join(programs["quoted_stop"])),
        slogan_opening=re.compile(programs["slogan_opening"]),
        statute_name_openers=titles["statute_name_openers"],
        quoted_described_before=tuple(programs["quoted_described_before"]),
        quoted_honour_before=tuple(programs["quoted_honour_before"]),
        award_heads=tuple(programs["award_heads"]),
        quoted_acclaimed_after=tuple(programs["quoted_acclaimed_after"]),
        zhi_words=tuple(programs["zhi_words"]),
        program_heads=re.compile(alternation(programs["program_heads"])),
        program_min_modifier=programs["program_min_modifier"],
        program_compounds=tuple((head, re.compile(alternation(words))) for head, words in programs["compounds_after"].items()),
        generic_openers=by_length(programs["generic_openers"]),
        class_words=tuple(programs["class_words"]),
        generic_programs=frozenset(programs["generic_programs"] + programs["program_heads"]),  # a head alone names nothing
        fixed_programs=re.compile("|".join(sorted(fixed, key=len, reverse=True))),
        doctrines=re.compile(broken_alternation(programs["doctrines"])),
        doctrine_spirit=re.compile("|".join(programs["doctrine_patterns"])),
        party_spirit=re.compile(programs["party_spirit"]),
        plan_heads=re.compile(alternation(titles["plan_heads"])),
        plan_issued=re.compile(f"(?:{alternation(titles['plan_issuing_verbs'])})了?$"),
        places=Gazetteer(places),
    )


# --- 《》 titles -------------------------------------------------------------------


def find_titles(text: str) -> Iterator[Candidate]:
    """Yield 《》 titles classified STATUTE or POLICY, and their nested inner titles."""
    position = 0
    while (start := text.find(OPEN_TITLE, position)) >= 0:
        end = closing_bracket(text, start, OPEN_TITLE, CLOSE_TITLE)
        if end is None:
            position = start + 1
            continue
        position = end
        label = title_label(text, start, end)
        if label is None:
            continue
        yield Candidate(start, end, label, "title")
        yield from inner_titles(text, start + 1, end - 1)


def closing_bracket(text: str, start: int, opening: str, closing: str) -> int | None:
    """Return the offset after the bracket closing the one at ``start`` (nesting aware)."""
    depth = 0
    for index in range(start, min(len(text), start + MAX_TITLE)):
        char = text[index]
        if char == opening:
            depth += 1
        elif char == closing:
            depth -= 1
            if depth == 0:
                return index + 1
        elif char in "。；;" and depth:
            return None
    return None


def inner_titles(text: str, start: int, end: int) -> Iterator[Candidate]:
    """Yield the titles nested inside a title (written <…>, 〈…〉 or 《…》)."""
    for index in range(start, end):
        closing = INNER_BRACKETS.get(text[index])
        if closing is None:
            continue
        inner_end = closing_bracket(text, index, text[index], closing)
        if inner_end is not None and inner_end <= end:
            label = title_label(text, index, inner_end, context=False) or "POLICY"
            yield Candidate(index, inner_end, label, "inner-title")


def title_label(text: str, start: int, end: int, *, context: bool = True) -> str | None:
    """Return STATUTE or POLICY for the title at ``start``-``end``, None for books and media."""
    t = tables()
    name = re.sub(r"\s+", "", text[start + 1:end - 1])
    while TRAILING_PARENTHESIS.search(name) and not name.endswith(t.statute_heads + t.policy_heads):
        name = TRAILING_PARENTHESIS.sub("", name)
    if context and t.media_context.search(text[max(0, start - 8):start]):
        return None
    if name.endswith(t.media_heads) and not name.endswith(t.statute_heads + t.policy_heads):
        return None
    statute = next((h for h in t.statute_heads if name.endswith(h)), "")
    policy = next((h for h in t.policy_heads if name.endswith(h)), "")
    if not statute and not policy:
        return None
    return "STATUTE" if len(statute) > len(policy) else "POLICY"


# --- quoted names -------------------------------------------------------------------


def find_quoted(text: str) -> Iterator[Candidate]:
    """Yield quoted programme, doctrine and body names, with domain words and head noun; not
    honours and awards (“全国体育示范校”称号, “飞天奖”, 被评为“…”), nor counts of things as bodies (“两个中心”)."""
    t = tables()
    for match in QUOTED.finditer(text):
        content = (match.group(1) or match.group(2) or "").strip()
        name = compact(content)
        head = t.quoted_heads.match(text[match.end():match.end() + 6])
        # A quote of two characters names a programme only with its head: “五定”改革, “四强”行动.
        if len(name) < 2 or (len(name) == 2 and head is None) or t.quoted_stop.search(name) or t.slogan_opening.match(name):
            continue
        if text.startswith(t.quoted_described_before + t.quoted_honour_before, match.end()) or name.endswith(t.award_heads) or text.endswith(t.quoted_acclaimed_after, 0, match.start()):
            continue
        if (t.unit_heads.search(name) and not name.endswith(("制度", "机制")) and not NUMERAL_OPENING.match(name)) or name in t.central_bodies.names:
            yield Candidate(match.start() + 1, match.end() - 1, "BODY", "quoted-body")
            continue
        end = match.end() + (head.end() if head else 0)
        label = "DOCTRINE" if head and head.group(0) in t.doctrine_heads else "PROGRAM"
        yield Candidate(quoted_prefix_start(text, match.start()), end, label, "quoted")


def quoted_prefix_start(text: str, quote_start: int) -> int:
    """Return where the domain words before a quoted name begin (行政执法“三项制度”); none where
    the scan stopped at a level word inside a word (省管金融企业“五定”改革: 省 is no place there), nor where
    they end in a body's head (国务院国资委“双百企业”: the body is named, not the programme's domain);
    a verb among them (全面促进|“心联通”) ends them."""
    start = past_quantity(text, scan_left(text, quote_start, limit=8, take_jurisdiction=False), quote_start)
    prefix = text[start:quote_start]
    verb_end = max((prefix.rfind(verb) + len(verb) for verb in lexicon().quoted_prefix_verbs if verb in prefix), default=0)
    start += verb_end  # 全面促进|“心联通”: a verb there governs the quote
    level = jurisdiction_ending_at(text, start)
    cut_at_level = level is not None and len(level) == 1 and start > 1 and CJK.match(text[start - 2]) is not None  # 省|管金融企业
    names_a_body = tables().head_at_end.search(compact(text[start:quote_start])) is not None  # 国务院国资委|“双百企业”
    if quote_start - start < 4 or cut_at_level or names_a_body or (start > 0 and CJK.match(text[start - 1]) and start == quote_start - 8):
        return quote_start
    return start


# --- names written without brackets ---------------------------------------------------


def find_doctrines(text: str) -> Iterator[Candidate]:
    """Yield named doctrines: the listed ones, 习近平…思想 / …会议精神 patterns and the spirit
    of the Party's congresses and plenums (党的十八大精神, 党的二十大和二十届二中、三中全会精神)."""
    t = tables()
    for match in t.doctrines.finditer(text):
        yield Candidate(match.start(), match.end(), "DOCTRINE", "doctrine-list")
    for match in t.party_spirit.finditer(text):
        yield Candidate(match.start(), match.end(), "DOCTRINE", "doctrine-pattern")
    for match in t.doctrine_spirit.finditer(text):
        start = match.start() if text.startswith("习近平", match.start()) else scan_left(text, spirit_head(text, match), take_jurisdiction=True)
        if match.end() - start >= 4:
            yield Candidate(start, match.end(), "DOCTRINE", "doctrine-pattern")


def spirit_head(text: str, match: re.Match[str]) -> int:
    """Return the start of the head (…会议精神) of a spirit match, for the left scan."""
    found = re.search(r"(?:会议|全会|大会|代表大会|党代会)精神$", match.group(0))
    return match.start() + (found.start() if found else 0)


def find_fixed_programs(text: str) -> Iterator[Candidate]:
    """Yield fixed names of strategies and campaigns (法治政府建设, 乡村振兴, 依法治州)."""
    for match in tables().fixed_programs.finditer(text):
        yield Candidate(match.start(), match.end(), "PROGRAM", "program-fixed")


def find_programs(text: str) -> Iterator[Candidate]:
    """Yield unquoted named programmes: a modifier and a head (…制度, …机制, …改革); a modifier
    of two characters names a class of work (教育改革, 重大活动), except before 制 (河湖长制);
    a head that starts a compound (战略性, 改革开放) names none."""
    t = tables()
    for match in t.program_heads.finditer(text):
        if match.group(0) == "制" and (text.endswith(t.zhi_words, 0, match.end()) or (re.match(r"[\u4e00-\u9fff]", text[match.end():match.end() + 1] or " ") and not text.startswith("的", match.end()))):
            continue
        if any(match.group(0).endswith(head) and words.match(text, match.end()) for head, words in t.program_compounds):
            continue
        start = past_quantity(text, scan_left(text, match.start(), take_jurisdiction=False, stop_at_places=False), match.start())
        name = compact(text[start:match.end()])
        if len(name) < 4 or names_a_class(name[: len(name) - min(len(match.group(0)), 2)]) or name in t.generic_programs or is_generic(text, start):
            continue
        yield Candidate(start, match.end(), "PROGRAM", "program-head")


def names_a_class(modifier: str) -> bool:
    """Tell whether a programme head's modifier (体制 of 体制改革 included) makes it a class of work:
    two characters after any generic openers (教育|改革, 重大水利|工程, 系列冰雪|活动), or
    beginning or ending in a class word (重点领域|改革, 方面改革|试点)."""
    t = tables()
    while opener := next((word for word in t.generic_openers if modifier.startswith(word) and len(modifier) > len(word)), None):
        modifier = modifier[len(opener):]
    return len(modifier) < t.program_min_modifier or modifier.startswith(t.class_words) or modifier.endswith(t.class_words)


def find_plans(text: str) -> Iterator[Candidate]:
    """Yield plans named without 《》: 2021年行政立法工作计划, or 制定法治督察工作要点."""
    t = tables()
    for match in t.plan_heads.finditer(text):
        start = scan_left(text, match.start(), limit=16, take_jurisdiction=False)
        year = YEAR_PLAN.search(text, max(0, start - 7), match.start())
        if year and year.start() < start <= year.end():  # the scan may stop inside 2021年度
            start = year.start()
        elif not t.plan_issued.search(text[max(0, start - 3):start]):
            continue
        if match.end() - start >= 6:
            yield Candidate(start, match.end(), "POLICY", "plan")


def find_bodies(text: str) -> Iterator[Candidate]:
    """Yield bodies: a name ending in a body head, department names, bare names in lists, and
    the people's congress in session something is submitted to (向大会报告工作)."""
    t = tables()
    for pattern in (t.departments, t.body_heads):
        for match in whole_heads(pattern, text):
            candidate = body_candidate(text, match)
            if candidate is not None:
                yield candidate
    for match in t.letter_list.finditer(text):
        for index in range(match.start(), match.end(), 2):
            yield Candidate(index, index + 1, "BODY", "body-letter-list")
    for match in t.congress_in_session.finditer(text):
        yield Candidate(match.start(), match.end(), "BODY", STANDARD_RULE)


def whole_heads(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """Yield the head matches that no longer head contains or cuts (委员会, not 州委 in 州委员会)."""
    matches = list(overlapping_matches(pattern, text))
    for index, match in enumerate(matches):
        nearby = matches[max(0, index - 8):index + 8]
        contained = any(o.start() <= match.start() and match.end() <= o.end() and o is not match and len(o.group(0)) > len(match.group(0)) for o in nearby)
        cut = any(match.start() < o.start() < match.end() < o.end() for o in nearby)
        if not (contained or cut):
            yield match


def overlapping_matches(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """Yield the match of ``pattern`` at every position where one starts, overlaps included."""
    position = 0
    while (match := pattern.search(text, position)) is not None:
        yield match
        position = match.start() + 1


def body_candidate(text: str, match: re.Match[str]) -> Candidate | None:
    """Return the body whose head is ``match``, or None where it is no body."""
    t = tables()
    head = match.group(0)
    after = text[match.end():match.end() + 8]
    if (head.endswith("会") and after.startswith("议")) or text.endswith(t.common_nouns, 0, match.end()):
        return None
    if len(head) == 1 and CJK.match(after[:1] or " ") and not (t.role_after.match(after) or t.meeting_after.match(after) or after.startswith(("、", "和", "及", "等"))):
        return None
    compound = t.compounds_after.get(head)
    if followed_by_role(text, match.end()) or (compound is not None and compound.match(after)):
        return None
    start = scan_left(text, match.start(), body=True)
    if head in t.jurisdiction_heads and start < match.start():
        start = jurisdiction_prefix_start(text, start, match.start())
    if is_generic(text, start) or t.meeting_after.fullmatch(text[start:match.end()]) or names_an_honour(text, start, match.end()):
        return None
    if start == match.start():
        return bare_body(text, match)
    if len(head) == 1 and match.start() - start < 2:
        return None
    return Candidate(start, match.end(), "BODY", STANDARD_RULE if standard_body(text, start, match.end()) else "body-head")


def standard_body(text: str, start: int, end: int) -> bool:
    """Tell whether a name is a working group's (…领导小组, …指挥部), or a jurisdiction and
    one of its standard bodies: its party committee, government, congress or court
    (州政府, 自治区党委常委会) or a department that goes by its bare name (州发改委)."""
    t = tables()
    if text.endswith(t.working_group_heads, start, end):
        return True
    for split in range(start + 1, min(end, start + 13)):
        rest = text[split:end]
        if (rest in t.jurisdiction_heads or rest in t.bare_names or t.departments.fullmatch(rest)) and is_jurisdiction_modifier(compact(text[start:split])):
            return True
    return False


def bare_body(text: str, match: re.Match[str]) -> Candidate | None:
    """Return a head written without modifier as a body where it denotes one (司法局, 法院 in a list)."""
    t = tables()
    head, start = match.group(0), match.start()
    if head in t.bare_names or (len(head) >= 3 and head not in t.jurisdiction_heads and clause_initial(text, start)):
        return Candidate(start, match.end(), "BODY", "body-bare")
    if t.list_only.fullmatch(head) and in_body_list(text, start, match.end()) and not lists_a_class(text, start, match.end()):
        return Candidate(start, match.end(), "BODY", "body-list")
    return None


def jurisdiction_prefix_start(text: str, start: int, head_start: int) -> int:
    """Return where the jurisdiction before a government head begins (the head when there is none).

    The jurisdiction may be followed by the body it belongs to: 州党委常委会, 自治区党委政法委;
    the longest such modifier ending at the head wins (加强区政府 -> 区政府).
    """
    for candidate in range(start, head_start):
        if is_jurisdiction_modifier(re.sub(r"\s", "", text[candidate:head_start])):
            plural = candidate > start and text[candidate - 1] in PLURAL_LEVELS
            return head_start if plural else candidate
    return head_start


def is_jurisdiction_modifier(modifier: str) -> bool:
    """Tell whether a modifier is jurisdiction words, optionally followed by a body (州党委)."""
    places = lexicon().jurisdictions
    rest, first = modifier, True
    while rest:
        word = next((rest[:n] for n in range(min(len(rest), 12), 0, -1) if rest[:n] in places and (first or n > 1)), None)
        if word is None and not first:
            word = next((h for h in tables().jurisdiction_heads if rest.startswith(h)), None)
        if word is None:
            return False
        rest, first = rest[len(word):].removeprefix("两级").removeprefix("三级"), False
    return True


def unfit_body(text: str, start: int, end: int) -> bool:
    """Tell whether the rules' tests rule out a body at (start, end), whoever proposed it: a
    place, a name cut from the jurisdiction written before it (发改委 in 州发改委), a class word
    as its head (有关部门), a class reference (各级政府, 一批…中心), a name running over a verb
    (建设服务型政府), a government head after no jurisdiction (数字政府), a noun ending in a
    head (产业布局), a compound (政府债务), a role after it (政协委员) or an end inside a head
    word (文联党|组) or a quoted honour (“…中心”称号)."""
    t = tables()
    name = text[start:end]
    compound = next((words for head, words in t.compounds_after.items() if name.endswith(head)), None)
    government = next((head for head in t.government_heads if name.endswith(head)), None)
    left = name_start(text, start, end)
    return (
        name in lexicon().jurisdictions
        or jurisdiction_ending_at(text, start) is not None
        or (name.endswith(t.non_body_heads) and not t.unit_heads.search(name))
        or (left > start and all(CJK.match(c) for c in text[start:left]))
        or (government is not None and not is_government_prefix(name[: -len(government)]))
        or is_generic(text, start)
        or text.endswith(t.common_nouns, 0, end)
        or (compound is not None and compound.match(text[end:end + 8]) is not None)
        or followed_by_role(text, end)
        or cuts_a_head(text, end)
        or names_an_honour(text, start, end)
        or lists_a_class(text, start, end)
    )


def lists_a_class(text: str, start: int, end: int) -> bool:
    """Tell whether a short bare name of a list stands before a class word (监察、司法|机关): it names kinds of bodies."""
    t = tables()
    return t.list_only.fullmatch(text[start:end]) is not None and t.meeting_after.match(text[end:end + 8]) is not None


def names_an_honour(text: str, start: int, end: int) -> bool:
    """Tell whether the span is a quoted honour conferred: 获得“全国示范社区卫生服务中心”称号."""
    return text[start - 1:start] == "“" and text[end:end + 1] == "”" and text.startswith(tables().quoted_honour_before, end + 1)


def cuts_a_head(text: str, end: int) -> bool:
    """Tell whether a head word runs across ``end`` (党 of 党组 in 江苏省文联党组书记)."""
    pattern = tables().body_heads
    return any((m := pattern.match(text, end - back)) is not None and m.end() > end for back in range(1, 6) if end - back >= 0)


def name_start(text: str, start: int, end: int) -> int:
    """Return where the body name ending at ``end`` begins as the left scan finds it, read
    across a conjunction that joins two parts of one name (住房和城乡建设部) down to ``start``,
    but not across one after a body (公安局和司法局)."""
    conjunctions, left = lexicon().name_conjunctions, scan_left(text, end - 1, body=True)
    while start < left and text[left - 1] in conjunctions and not tables().head_at_end.search(text, max(0, left - 13), left - 1):
        left = scan_left(text, left - 1, body=True)
    return left


def is_government_prefix(prefix: str) -> bool:
    """Tell whether a government head after ``prefix`` names a government: a jurisdiction
    (伊犁州, 海南省), a country (日本), the nation (中央) or an unlisted division (戴窑镇),
    not a quality (数字政府, 服务型政府)."""
    return bool(prefix) and (
        is_jurisdiction_modifier(prefix) or prefix in countries() or prefix in tables().national_prefixes or is_unlisted_division(prefix)
    )


def is_unlisted_division(name: str) -> bool:
    """Tell whether a name is a division missing from the gazetteer: two characters or more
    and one division level (戴窑镇, 黔东南州), not two levels (州县市) nor a body and a level
    (区委区 in 区委区政府)."""
    t = tables()
    return (
        len(name) >= 3
        and name.endswith(t.division_levels)
        and not name[-2].endswith(t.division_levels)
        and all(CJK.match(c) for c in name)
        and not t.head_at_end.search(name, 0, len(name) - 1)
    )


def followed_by_role(text: str, end: int) -> bool:
    """Tell whether a body (or the list it starts) is followed by a role: 州党委、政府主要负责人."""
    t = tables()
    position = end
    while True:
        after = text[position:position + 8]
        if t.meeting_after.match(after):
            return False
        if t.role_after.match(after):
            return True
        joined = re.match(r"[、和及]", after)
        head = t.list_only.match(after, 1) if joined else None
        if head is None:
            return False
        position += head.end()


def clause_initial(text: str, start: int) -> bool:
    """Tell whether ``start`` opens a clause (after punctuation or at the start)."""
    return start == 0 or text[start - 1] in "，,。；;：:\n"


def in_body_list(text: str, start: int, end: int) -> bool:
    """Tell whether a bare name stands in a list of bodies (州党委、政府 / 人大、政府、政协)."""
    t = tables()
    before, after = text[max(0, start - 8):start], text[end:end + 8]
    joined_before = re.search(r"(?:、|及|和)$", before) and t.body_heads.search(before[:-1] or " ")
    joined = re.match(r"、|及其|及|和", after)  # 人大及其常委会: its own standing committee
    joined_after = joined is not None and t.body_heads.match(after, joined.end()) is not None
    return bool(joined_before or joined_after)


def find_statute_names(text: str) -> Iterator[Candidate]:
    """Yield statutes named without 《》 where the name is unambiguous (宪法, 行政诉讼法)."""
    for match in statute_names().finditer(text):
        before = text[max(0, match.start() - 1):match.start()]
        if not CJK.match(before or " ") or before in tables().statute_name_openers:
            yield Candidate(match.start(), match.end(), "STATUTE", "statute-name")


@cache
def statute_names() -> re.Pattern[str]:
    """Return the pattern of statute names safe to recognise without 《》."""
    return re.compile(alternation(unbracketed_statute_names()))


def find_central_bodies(text: str) -> Iterator[Candidate]:
    """Yield central bodies by their official names and short forms (国务院, 最高人民法院, 央行),
    with the country or division written before them (印度外交部, 广东省人民银行), not where
    the name is the start of a longer word (财政部门, 外交部长) or a role follows (中共中央委员)."""
    t = tables()
    for start, end in t.central_bodies.spans(text):
        if text[end:end + 1] not in t.central_not_before and not followed_by_role(text, end):
            yield Candidate(start - len(jurisdiction_ending_at(text, start) or ""), end, "BODY", "body-central")


def find_places(text: str) -> Iterator[Candidate]:
    """Yield administrative divisions named as places (伊犁州, 伊宁市, 自治区 before a non-body);
    a division named by a common noun (城区, 新城区) only right after another place."""
    t = tables()
    pending: list[int] | None = None
    for start, end in t.places.spans(text):
        before, after = text[max(0, start - 1):start], text[end:end + 1]
        if before in lexicon().place_not_after or after == "级" or t.role_after.match(text[end:end + 6]):
            continue
        if end - start == 2 and CJK.match(before or " "):
            continue
        if (pending is None or pending[1] != start) and text[start:end] in lexicon().common_noun_places:
            continue
        if pending is not None and pending[1] == start:
            pending[1] = end
            continue
        if pending is not None:
            yield Candidate(pending[0], pending[1], "PLACE", "place")
        pending = [start, end]
    if pending is not None:
        yield Candidate(pending[0], pending[1], "PLACE", "place")


FINDERS = (find_titles, find_quoted, find_doctrines, find_fixed_programs, find_programs, find_plans, find_bodies, find_central_bodies, find_statute_names, find_places)


def find_all(text: str) -> list[Candidate]:
    """Return every finder's candidates, in finder order."""
    return [candidate for finder in FINDERS for candidate in finder(text)]
