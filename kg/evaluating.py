"""Scoring extraction output against gold annotations, as the annotation guide's scorer does.

Both sides are documents of the guide's JSON Lines format, matched by ``id``; a gold
document the system lacks counts as one with no entities and no relations.

- Entities, per label: strict (same span) and lenient (overlapping spans) matches.
- STATUTE canonical names: of the gold STATUTE mentions that give a canonical name,
  the share for which the system has a STATUTE with the same span and canonical.
- Relations, per type: the tail spans overlap, and the heads overlap or are both
  AUTHOR. The status is not scored.

Matching is greedy and one-to-one (gold in order, each taking the first free system
item), and figures are rounded to four decimals as the reference scorer prints them.

    >>> evaluation = evaluate("gold.jsonl")            # doctest: +SKIP  (runs our extraction)
    >>> evaluation.entities_strict["micro"].f1         # doctest: +SKIP
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.annotations import AUTHOR
from kg.types import LABELS, RELATION_TYPES

Record = dict[str, Any]
Span = tuple[int, int]
MICRO = "micro"
TABLES = ("entities_strict", "entities_lenient", "relations")  # the Evaluation's score tables


class EvalInputError(Exception):
    """A gold or system file that cannot be scored; ``str()`` names the file and line."""

    def __init__(self, path: Path | str, problem: str, line: int | None = None):
        where = f"{path}:{line}" if line is not None else str(path)
        super().__init__(f"{where}: {problem}")
        self.path, self.line, self.problem = str(path), line, problem


@dataclass
class Score:
    """Counts of true positives, false positives and false negatives, and what follows."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, tp: int, predicted: int, expected: int) -> None:
        """Add one comparison: ``tp`` matches among ``predicted`` system and ``expected`` gold items."""
        self.tp += tp
        self.fp += predicted - tp
        self.fn += expected - tp

    def to_dict(self) -> dict[str, float | int]:
        """Return the reference scorer's form: p, r, f1 (four decimals), tp, fp, fn."""
        return {"p": round(self.precision, 4), "r": round(self.recall, 4), "f1": round(self.f1, 4), "tp": self.tp, "fp": self.fp, "fn": self.fn}


def micro(scores: Iterable[Score]) -> Score:
    """Return the micro average: the counts summed."""
    total = Score()
    for score in scores:
        total.add(score.tp, score.tp + score.fp, score.tp + score.fn)
    return total


def table(keys: Iterable[str]) -> dict[str, Score]:
    """Return an empty score table with one row per key."""
    return {key: Score() for key in keys}


def with_micro(scores: Mapping[str, Score]) -> dict[str, Score]:
    """Return the rows followed by their micro average under "micro"."""
    return {**scores, MICRO: micro(scores.values())}


@dataclass
class Evaluation:
    """The scores of one system against one gold file."""

    documents: int
    missing_documents: list[str]
    entities_strict: dict[str, Score]  # per label, then "micro"
    entities_lenient: dict[str, Score]
    relations: dict[str, Score]  # per relation type, then "micro"
    statutes_canonical: int = 0  # gold STATUTE mentions whose canonical the system matched
    statutes_with_canonical: int = 0  # gold STATUTE mentions that give a canonical

    @property
    def statute_canonical_accuracy(self) -> float | None:
        """The share of gold canonical STATUTE names the system reproduced, None when gold gives none."""
        if not self.statutes_with_canonical:
            return None
        return round(self.statutes_canonical / self.statutes_with_canonical, 4)

    def to_dict(self) -> dict[str, Any]:
        """Return the reference scorer's ``--json`` result."""
        return {
            "documents": self.documents,
            "missing_documents": list(self.missing_documents),
            **{name: {key: s.to_dict() for key, s in getattr(self, name).items()} for name in TABLES},
            "statute_canonical_accuracy": self.statute_canonical_accuracy,
        }


def load_records(path: Path | str, require_text: bool = False) -> dict[str, Record]:
    """Read a JSON Lines file of documents by id; raise EvalInputError naming the file and line.

    Each line must be a JSON object with an "id", entities with integer offsets, and (with
    ``require_text``) the document "text"; blank lines are skipped.
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise EvalInputError(path, "no such file") from None
    except IsADirectoryError:
        raise EvalInputError(path, "is a folder, not a JSON Lines file") from None
    except UnicodeDecodeError as error:
        raise EvalInputError(path, f"not UTF-8 text (byte offset {error.start})") from None
    records: dict[str, Record] = {}
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise EvalInputError(path, f"malformed JSON: {error.msg} (column {error.colno})", number) from None
        problem = record_problem(record, require_text)
        if problem:
            raise EvalInputError(path, problem, number)
        if record["id"] in records:
            raise EvalInputError(path, f"duplicate id {record['id']!r}", number)
        records[record["id"]] = record
    return records


def record_problem(record: Any, require_text: bool = False) -> str | None:
    """Return what keeps a parsed line from being scored, or None."""
    if not isinstance(record, dict):
        return "not a JSON object"
    if not isinstance(record.get("id"), str):
        return 'no string "id"'
    if require_text and not isinstance(record.get("text"), str):
        return f'document {record["id"]!r} has no "text" to extract from'
    entities, relations = record.get("entities", []), record.get("relations", [])
    if not isinstance(entities, list) or not isinstance(relations, list):
        return '"entities" and "relations" must be lists'
    for entity in entities:
        if not (isinstance(entity, dict) and isinstance(entity.get("start"), int) and isinstance(entity.get("end"), int)):
            return f"entity without integer start and end: {entity!r}"
    if not all(isinstance(relation, dict) for relation in relations):
        return "a relation is not a JSON object"
    return None


def overlaps(a: Span, b: Span) -> bool:
    """Return whether two half-open character spans share a character."""
    return a[0] < b[1] and b[0] < a[1]


def match_count(gold: list[Any], system: list[Any], same: Callable[[Any, Any], bool]) -> int:
    """Return the number of pairs of a greedy one-to-one matching (gold in order, first free system item)."""
    used: set[int] = set()
    for g in gold:
        for index, s in enumerate(system):
            if index not in used and same(g, s):
                used.add(index)
                break
    return len(used)


def span_of(entity: Record) -> Span:
    """Return an entity's (start, end)."""
    return entity["start"], entity["end"]


def score(gold: Mapping[str, Record], system: Mapping[str, Record]) -> Evaluation:
    """Score the system documents against the gold ones (documents matched by id)."""
    strict, lenient, relations = table(LABELS), table(LABELS), table(RELATION_TYPES)
    canonical = [0, 0]
    for doc_id, g in gold.items():
        s = system.get(doc_id, {})
        score_entities(g.get("entities", []), s.get("entities", []), strict, lenient)
        score_canonical(g.get("entities", []), s.get("entities", []), canonical)
        score_relations(g, s, relations)
    return Evaluation(
        documents=len(gold),
        missing_documents=[doc_id for doc_id in gold if doc_id not in system],
        entities_strict=with_micro(strict),
        entities_lenient=with_micro(lenient),
        relations=with_micro(relations),
        statutes_canonical=canonical[0],
        statutes_with_canonical=canonical[1],
    )


def score_entities(gold: list[Record], system: list[Record], strict: dict[str, Score], lenient: dict[str, Score]) -> None:
    """Add one document's strict and lenient entity matches, label by label."""
    for label in strict:
        ge = [e for e in gold if e.get("label") == label]
        se = [e for e in system if e.get("label") == label]
        strict[label].add(match_count(ge, se, lambda a, b: span_of(a) == span_of(b)), len(se), len(ge))
        lenient[label].add(match_count(ge, se, lambda a, b: overlaps(span_of(a), span_of(b))), len(se), len(ge))


def score_canonical(gold: list[Record], system: list[Record], counts: list[int]) -> None:
    """Count gold canonical STATUTE names and those the system gives for the same span."""
    by_span = {span_of(e): e for e in system}
    for e in gold:
        if e.get("label") == "STATUTE" and e.get("canonical"):
            counts[1] += 1
            hit = by_span.get(span_of(e))
            if hit and hit.get("label") == "STATUTE" and hit.get("canonical") == e["canonical"]:
                counts[0] += 1


def score_relations(gold: Record, system: Record, scores: dict[str, Score]) -> None:
    """Add one document's relation matches, type by type."""
    gold_spans = argument_spans(gold.get("entities", []))
    system_spans = argument_spans(system.get("entities", []))

    def same(a: Record, b: Record) -> bool:
        ga, sa = gold_spans(a.get("head")), system_spans(b.get("head"))
        gt, st = gold_spans(a.get("tail")), system_spans(b.get("tail"))
        if not isinstance(gt, tuple) or not isinstance(st, tuple) or not overlaps(gt, st):
            return False
        if AUTHOR in (ga, sa):
            return ga == sa
        return ga is not None and sa is not None and overlaps(ga, sa)

    for rtype in scores:
        gr = [r for r in gold.get("relations", []) if r.get("type") == rtype]
        sr = [r for r in system.get("relations", []) if r.get("type") == rtype]
        scores[rtype].add(match_count(gr, sr, same), len(sr), len(gr))


def argument_spans(entities: list[Record]) -> Callable[[Any], Span | str | None]:
    """Return a lookup from a relation's head or tail to its span, "AUTHOR" (also for none) or None."""
    spans = {e.get("id"): span_of(e) for e in entities}

    def lookup(ref: Any) -> Span | str | None:
        if ref is None or ref == AUTHOR:
            return AUTHOR
        return spans.get(ref) if isinstance(ref, Hashable) else None

    return lookup


def extract_records(gold: Mapping[str, Record]) -> dict[str, Record]:
    """Run our extraction on each gold document's text, as ``kg extract`` would on its .txt file."""
    from kg.annotations import to_record
    from kg.pipeline import extract
    from kg.reading import document_from_text

    return {doc_id: to_record(extract(document_from_text(doc_id, g["text"]))) for doc_id, g in gold.items()}


def evaluate(gold_path: Path | str, system_path: Path | str | None = None) -> Evaluation:
    """Score a system file, or our own extraction of the gold texts, against a gold file."""
    gold = load_records(gold_path, require_text=system_path is None)
    system = load_records(system_path) if system_path is not None else extract_records(gold)
    return score(gold, system)


def read_cluener(path: Path, label: str) -> list[tuple[str, list[tuple[int, int]]]]:
    """Return CLUENER's texts with their ``label`` spans (end exclusive; the file's is inclusive).

    The file is a sequence of JSON objects, pretty-printed or one a line.
    """
    content = path.read_text(encoding="utf-8")
    decoder, at, items = json.JSONDecoder(), 0, []
    while True:
        while at < len(content) and content[at].isspace():
            at += 1
        if at == len(content):
            return items
        record, at = decoder.raw_decode(content, at)
        spans = record.get("label", {}).get(label, {}).values()
        items.append((record["text"], sorted((start, end + 1) for places in spans for start, end in places)))
