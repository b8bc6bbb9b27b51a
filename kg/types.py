"""The plain data that flows through the pipeline, one stage to the next.

reading -> Document; segmenting -> Sentence; recognizing -> Mention;
linking -> Mention.canonical; relating -> Relation; everything about one
document -> Extraction, which the graph builder and the exporters consume.
"""

from __future__ import annotations

from dataclasses import dataclass, field

LABELS = ("BODY", "PLACE", "STATUTE", "POLICY", "PROGRAM", "DOCTRINE")
RELATION_TYPES = (
    "implements",
    "studied",
    "supervises",
    "issued",
    "established",
    "reportsTo",
    "basedOn",
)
DONE, PLANNED = "done", "planned"


@dataclass(frozen=True)
class DocumentMeta:
    """What a report says about itself, taken from its own text."""

    title: str | None = None
    author: str | None = None
    date: str | None = None  # ISO 8601, YYYY-MM-DD
    jurisdiction: str | None = None  # full name, e.g. 伊犁哈萨克自治州
    province: str | None = None  # the province-level division above it
    level: str | None = None  # the jurisdiction's level: national | province | prefecture | county
    number: str | None = None  # a document number near the top, e.g. 新政办明电〔2021〕309号
    year: int | None = None  # the year the report covers, e.g. 2021 for a 2021年度 report


@dataclass(frozen=True)
class Document:
    """One report: its id (file stem), where it came from, its text and metadata."""

    id: str
    text: str
    source: str
    meta: DocumentMeta = field(default_factory=DocumentMeta)


@dataclass(frozen=True)
class Sentence:
    """A sentence with its character offsets and the numbered section it sits in."""

    index: int
    start: int
    end: int
    text: str
    section: tuple[str, ...] = ()
    planned: bool = False


@dataclass(frozen=True)
class Mention:
    """A recognised span of text naming a body, place, document, programme or doctrine.

    ``canonical`` is the linked name (jurisdiction written out, official statute
    title); ``inside`` is the id of the mention whose title encloses this one
    (the inner title of 《…贯彻落实<…>实施方案》), else None.
    """

    id: int
    start: int
    end: int
    label: str
    text: str
    canonical: str
    sentence: int
    rule: str
    inside: int | None = None


@dataclass(frozen=True)
class Relation:
    """A typed edge between two mentions; ``head`` None means the report's author."""

    type: str
    head: int | None
    tail: int
    status: str
    sentence: int
    trigger_start: int
    trigger_end: int
    confidence: float
    rule: str


@dataclass(frozen=True)
class SubOrganization:
    """A body that is part of another (canonical names), with the span of text that says so.

    ``child_mention``/``parent_mention`` are mention ids of the report, None when that
    body is not written in the sentence (the author, a body named only inside a longer name).
    """

    child: str
    parent: str
    status: str
    sentence: int
    start: int
    end: int
    confidence: float
    rule: str
    child_mention: int | None = None
    parent_mention: int | None = None


@dataclass(frozen=True)
class Extraction:
    """Everything the pipeline found in one document."""

    document: Document
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]
    relations: tuple[Relation, ...]

    def mention(self, mention_id: int) -> Mention:
        """Return the mention with this id."""
        return self.mentions[mention_id]
