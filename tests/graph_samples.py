"""Hand-built extractions for the graph, ontology and export tests."""

from __future__ import annotations

from kg.types import DONE, PLANNED, Document, DocumentMeta, Extraction, Mention, Relation, Sentence

AUTHOR = "伊犁哈萨克自治州人民政府"
JURISDICTION = "伊犁哈萨克自治州"
PUNISHMENT_LAW = "中华人民共和国行政处罚法"
OUTER_TITLE = "自治州贯彻落实<法治社会建设实施纲要(2020-2025)>实施方案"
INNER_TITLE = "法治社会建设实施纲要(2020-2025)"
TEXT = (
    "一、主要工作\n"
    "认真贯彻落实《中华人民共和国行政处罚法》。"
    "州司法局印发了《自治州贯彻落实<法治社会建设实施纲要(2020-2025)>实施方案》。"
    "二、下一步计划\n"
    "将持续推进“放管服”改革。"
)


def span(text: str, part: str, after: int = 0) -> tuple[int, int]:
    """Return the offsets of the first ``part`` in ``text`` at or after ``after``."""
    start = text.index(part, after)
    return start, start + len(part)


def sentence(index: int, text: str, part: str, section: tuple[str, ...]) -> Sentence:
    """Return the sentence ``part`` of ``text``."""
    start, end = span(text, part)
    return Sentence(index, start, end, part, section, planned=section[-1].startswith("二"))


def mention(mid: int, text: str, part: str, label: str, canonical: str, sent: Sentence, inside: int | None = None) -> Mention:
    """Return a mention of ``part`` inside sentence ``sent``."""
    start, end = span(text, part, sent.start)
    return Mention(mid, start, end, label, part, canonical, sent.index, "test", inside)


def relation(kind: str, head: int | None, tail: int, status: str, sent: Sentence, trigger: str, after: int = 0) -> Relation:
    """Return a relation triggered by the first ``trigger`` in ``sent`` at or after ``after``."""
    start, end = span(TEXT, trigger, max(sent.start, after))
    return Relation(kind, head, tail, status, sent.index, start, end, 0.85, f"test-{kind}")


def report_extraction() -> Extraction:
    """Return an extraction with an author head, an explicit head, a nested title and a plan."""
    doc = Document(
        "ili-2021", TEXT, "corpus/ili-2021.txt",
        DocumentMeta("2021年法治政府建设情况报告", AUTHOR, "2022-01-20", JURISDICTION, "新疆维吾尔自治区"),
    )
    s0 = sentence(0, TEXT, "认真贯彻落实《中华人民共和国行政处罚法》。", ("一、主要工作",))
    s1 = sentence(1, TEXT, "州司法局印发了《自治州贯彻落实<法治社会建设实施纲要(2020-2025)>实施方案》。", ("一、主要工作",))
    s2 = sentence(2, TEXT, "将持续推进“放管服”改革。", ("二、下一步计划",))
    mentions = (
        mention(0, TEXT, "《中华人民共和国行政处罚法》", "STATUTE", PUNISHMENT_LAW, s0),
        mention(1, TEXT, "州司法局", "BODY", "伊犁哈萨克自治州司法局", s1),
        mention(2, TEXT, "《自治州贯彻落实<法治社会建设实施纲要(2020-2025)>实施方案》", "POLICY", OUTER_TITLE, s1),
        mention(3, TEXT, INNER_TITLE, "POLICY", INNER_TITLE, s1, inside=2),
        mention(4, TEXT, "“放管服”改革", "PROGRAM", "“放管服”改革", s2),
    )
    outer_start = mentions[2].start
    relations = (
        relation("implements", None, 0, DONE, s0, "贯彻落实"),
        relation("issued", 1, 2, DONE, s1, "印发"),
        relation("implements", 2, 3, DONE, s1, "贯彻落实", outer_start),
        relation("implements", None, 4, PLANNED, s2, "推进"),
    )
    return Extraction(doc, (s0, s1, s2), mentions, relations)


def second_extraction() -> Extraction:
    """Return a second report that names the same statute by its short title."""
    text = "学习行政处罚法。"
    doc = Document("other-2022", text, "corpus/other-2022.txt", DocumentMeta(author="某县人民政府"))
    s0 = Sentence(0, 0, len(text), text)
    law = mention(0, text, "行政处罚法", "STATUTE", PUNISHMENT_LAW, s0)
    start, end = span(text, "学习")
    studied = Relation("studied", None, 0, DONE, 0, start, end, 0.7, "test-studied")
    return Extraction(doc, (s0,), (law,), (studied,))
