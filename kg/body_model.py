"""Recognising bodies statistically: candidate spans scored by a linear model.

The rules find the bodies a report names in the ways they know; this model finds the
rest. Every stretch of text that ends on a head character seen in training (局, 委, 院,
军…), is between ``min_length`` and ``max_length`` characters long and crosses no
punctuation is a candidate. A logistic-regression model over hashed character features
(the span's first and last characters and bigrams, the characters around it, its length,
the characters inside it and the whole string) gives each candidate a probability, and
the most probable non-overlapping candidates above the threshold are bodies, each
character adding ``length_bonus`` so that a whole name beats a nested one about as
probable (公安部经济犯罪侦查局 over 公安部).

Features are computed with numpy over the text's code points, so a report of 10,000
characters costs a few array operations, not a Python loop per character. The settings
and the weights ship in ``kg/data/body_model/``; ``scripts/train_body_model.py``
reproduces them from CLUENER and silver annotations of the corpus.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
import zlib

import numpy as np

from kg.finders import Candidate
from kg.resources import data_path, load_json

MODEL_DIR = "body_model"
MASK64 = (1 << 64) - 1
# Odd multipliers for hashing feature keys (any odd 64-bit constants will do).
MIXERS = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93],
    dtype=np.uint64,
)
SPAN_BASE = 0x100000001B3  # the base of the polynomial hash of a span's characters
LENGTH_CAP = 12
BODY, PLACE = "BODY", "PLACE"


@dataclass(frozen=True)
class Settings:
    """Where candidates may start and end, and how features are hashed."""

    heads: str
    breaks: str
    min_length: int
    max_length: int
    hash_bits: int
    threshold: float
    rule_features: bool = False
    length_bonus: float = 0.0  # added per character (up to LENGTH_CAP) when overlapping spans compete

    @classmethod
    def from_json(cls, table: dict) -> Settings:
        """Return the settings from the model's ``config.json`` table."""
        return cls(**{name: table[name] for name in cls.__dataclass_fields__ if name in table})


@dataclass(frozen=True)
class Candidates:
    """Candidate spans of one text, as parallel arrays of character offsets."""

    starts: np.ndarray
    ends: np.ndarray

    def __len__(self) -> int:
        return len(self.starts)


def code_points(text: str) -> np.ndarray:
    """Return the text's Unicode code points as an unsigned 64-bit array."""
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)


def member_mask(codes: np.ndarray, characters: str) -> np.ndarray:
    """Return a boolean mask of the positions whose character is in ``characters``."""
    return np.isin(codes, code_points(characters))


def candidates(codes: np.ndarray, settings: Settings, rules: Sequence[Candidate] = ()) -> Candidates:
    """Return every span ending on a head character that crosses no break character,
    and every rule body, each once, ordered by end then start."""
    found = head_candidates(codes, settings)
    bodies = [r for r in rules if r.label == BODY]
    if not bodies:
        return found
    starts = np.concatenate((found.starts, [r.start for r in bodies])).astype(np.int64)
    ends = np.concatenate((found.ends, [r.end for r in bodies])).astype(np.int64)
    _, first = np.unique(span_keys(starts, ends), return_index=True)
    return Candidates(starts[first], ends[first])


def span_keys(starts: np.ndarray | Sequence[int] | int, ends: np.ndarray | Sequence[int] | int) -> np.ndarray:
    """Return one integer per span that orders spans by end, then start."""
    return (np.asarray(ends, np.int64) << 32) | np.asarray(starts, np.int64)


def head_candidates(codes: np.ndarray, settings: Settings) -> Candidates:
    """Return every span ending on a head character that crosses no break character."""
    ends = np.flatnonzero(member_mask(codes, settings.heads)) + 1
    breaks = member_mask(codes, settings.breaks)
    positions = np.arange(len(codes))
    last_break = np.maximum.accumulate(np.where(breaks, positions, -1)) if len(codes) else positions
    earliest = np.maximum(ends - settings.max_length, last_break[ends - 1] + 1)
    counts = np.clip(ends - settings.min_length - earliest + 1, 0, None)
    span_ends = np.repeat(ends, counts)
    return Candidates(starts=np.repeat(earliest, counts) + ranks_within(counts), ends=span_ends)


def ranks_within(counts: np.ndarray) -> np.ndarray:
    """Return 0, 1, … within each run of ``counts`` (np.repeat's groups)."""
    total = int(counts.sum())
    return np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)


def mix(template: int, *keys: np.ndarray) -> np.ndarray:
    """Return a 64-bit hash of a feature template and up to four key arrays."""
    value = np.full(len(keys[0]), (template + 1) * 0x2545F4914F6CDD1D & MASK64, dtype=np.uint64)
    for mixer, key in zip(MIXERS, keys, strict=False):
        value = (value ^ key) * mixer
        value ^= value >> np.uint64(31)
    return value


def span_hasher(codes: np.ndarray) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
    """Return a function giving the polynomial hash (mod 2**64) of each span's characters.

    Prefix sums of code × base**i are computed once per text; a span's hash is then two
    look-ups and a multiplication by base**-start.
    """
    with np.errstate(over="ignore"):
        powers = np.concatenate(([np.uint64(1)], np.cumprod(np.full(len(codes), SPAN_BASE, dtype=np.uint64))))
        inverse = np.concatenate(([np.uint64(1)], np.cumprod(np.full(len(codes), pow(SPAN_BASE, -1, 1 << 64), dtype=np.uint64))))
        prefix = np.concatenate(([np.uint64(0)], np.cumsum(codes * powers[:-1], dtype=np.uint64)))

    def hashes(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
        with np.errstate(over="ignore"):
            return (prefix[ends] - prefix[starts]) * inverse[starts]

    return hashes


def rule_code(span: Candidate) -> int:
    """Return a stable nonzero number naming the rule and label that proposed a span."""
    return zlib.crc32(f"{span.label}/{span.rule}".encode()) + 1


def interior(length: int, spans: Sequence[Candidate]) -> np.ndarray:
    """Return a mask of the positions strictly inside one of the spans (not at its start)."""
    depth = np.zeros(length + 2, np.int64)
    for span in spans:
        depth[span.start + 1] += 1
        depth[span.end] -= 1
    return np.cumsum(depth)[: length + 1] > 0


def rule_keys(length: int, spans: Candidates, rules: Sequence[Candidate]) -> list[np.ndarray]:
    """Return, per candidate, what the rules said about it: which rule proposed exactly this
    span, whether it starts on a place, cuts into a rule's body or place, or extends a body."""
    proposed = {int(span_keys(r.start, r.end)): rule_code(r) for r in sorted(rules, key=lambda r: (r.label, r.rule))}
    exact = np.zeros(len(spans), np.uint64)
    if proposed:
        keys = span_keys(spans.starts, spans.ends)
        known = np.array(sorted(proposed), np.int64)
        at = np.minimum(np.searchsorted(known, keys), len(known) - 1)
        hit = known[at] == keys
        exact[hit] = np.array([proposed[k] for k in known.tolist()], np.uint64)[at[hit]]
    bodies = [r for r in rules if r.label == BODY]
    places = [r for r in rules if r.label == PLACE]
    place_starts, body_starts, body_ends = (np.zeros(length + 1, bool) for _ in range(3))
    place_starts[[r.start for r in places]] = True
    body_starts[[r.start for r in bodies]] = True
    body_ends[[r.end for r in bodies]] = True
    in_body, in_place = interior(length, bodies), interior(length, places)
    flag = (lambda mask: mask.astype(np.uint64) + 1)
    return [
        exact,
        flag(place_starts[spans.starts]),
        flag(in_body[spans.starts]) * 2 + flag(in_body[spans.ends]),
        flag(in_place[spans.starts]) * 2 + flag(in_place[spans.ends]),
        flag(body_ends[spans.ends] & ~body_starts[spans.starts]) * 2 + flag(body_starts[spans.starts] & ~body_ends[spans.ends]),
    ]


def features(codes: np.ndarray, spans: Candidates, settings: Settings, rules: Sequence[Candidate] = ()) -> tuple[np.ndarray, np.ndarray]:
    """Return (candidate row, feature column) pairs: the sparse feature matrix of the spans."""
    padded = np.concatenate((np.zeros(4, np.uint64), codes, np.zeros(4, np.uint64)))
    s, e = spans.starts + 4, spans.ends + 4  # offsets into ``padded``
    at = padded.__getitem__
    lengths = spans.ends - spans.starts
    span_hash = span_hasher(codes)
    with np.errstate(over="ignore"):
        fixed = [
            mix(0, at(s)),
            mix(1, at(s), at(s + 1)),
            mix(2, at(e - 1)),
            mix(3, at(e - 2), at(e - 1)),
            mix(4, at(e - 3), at(e - 2), at(e - 1)),
            mix(5, at(s - 1)),
            mix(6, at(s - 2), at(s - 1)),
            mix(7, at(e)),
            mix(8, at(e), at(e + 1)),
            mix(9, np.minimum(lengths, LENGTH_CAP).astype(np.uint64)),
            mix(10, at(s - 1), at(s)),
            mix(11, at(e - 1), at(e)),
            mix(12, span_hash(spans.starts, spans.ends)),
            mix(13, span_hash(spans.starts, spans.ends - 1)),
            mix(14, span_hash(spans.starts + 1, spans.ends)),
            mix(15, at(s), at(s + 1), at(s + 2)),
            mix(16, at(e - 4), at(e - 3), at(e - 2), at(e - 1)),
            mix(17, at(s - 3), at(s - 2), at(s - 1)),
            mix(18, at(e), at(e + 1), at(e + 2)),
        ]
        if settings.rule_features:
            said = rule_keys(len(codes), spans, rules)
            fixed += [mix(21 + n, key) for n, key in enumerate(said)] + [mix(26, said[0], at(e - 1))]
        inside = np.repeat(s, lengths) + ranks_within(lengths)
        bag = [mix(19, padded[inside]), mix(20, padded[inside], padded[inside + 1])]
    row = np.arange(len(spans))
    rows = np.concatenate([np.tile(row, len(fixed)), np.repeat(row, lengths), np.repeat(row, lengths)])
    columns = np.concatenate(fixed + bag) & np.uint64((1 << settings.hash_bits) - 1)
    return rows, columns.astype(np.int64)


@dataclass(frozen=True)
class BodyModel:
    """The trained model: settings plus one weight per hashed feature and a bias."""

    settings: Settings
    weights: np.ndarray
    bias: float

    def probabilities(self, codes: np.ndarray, spans: Candidates, rules: Sequence[Candidate] = ()) -> np.ndarray:
        """Return each candidate's probability of being a body."""
        rows, columns = features(codes, spans, self.settings, rules)
        scores = np.bincount(rows, weights=self.weights[columns], minlength=len(spans)) + self.bias
        return 1.0 / (1.0 + np.exp(-scores))

    def score(self, text: str, rules: Sequence[Candidate] = ()) -> ScoredSpans:
        """Return the candidates of ``text`` (its head-ending spans and the rules' bodies) with
        their probabilities."""
        codes = code_points(text)
        found = candidates(codes, self.settings, rules)
        return ScoredSpans(found, self.probabilities(codes, found, rules) if len(found) else np.zeros(0), self.settings.length_bonus)

    def spans(self, text: str, threshold: float | None = None, rules: Sequence[Candidate] = ()) -> list[tuple[int, int, float]]:
        """Return the body spans of ``text`` as (start, end, probability), in text order.

        ``threshold`` defaults to the one chosen on held-out data at training time.
        """
        return self.score(text, rules).best(self.settings.threshold if threshold is None else threshold)


@dataclass(frozen=True)
class ScoredSpans:
    """Candidate spans, the model's probability that each is a body, and the length bonus."""

    candidates: Candidates
    probabilities: np.ndarray
    length_bonus: float = 0.0

    def best(self, threshold: float, fit: Callable[[int, int], bool] | None = None) -> list[tuple[int, int, float]]:
        """Return the best non-overlapping spans at or above ``threshold`` (of those ``fit`` accepts)."""
        return best_non_overlapping(self.candidates, self.probabilities, threshold, self.length_bonus, fit)

    def probability_of(self, starts: Sequence[int], ends: Sequence[int]) -> np.ndarray:
        """Return the probabilities of the given spans (each must be a candidate)."""
        keys = span_keys(self.candidates.starts, self.candidates.ends)
        order = np.argsort(keys, kind="stable")
        wanted = span_keys(starts, ends)
        return self.probabilities[order[np.searchsorted(keys[order], wanted)]]


def best_non_overlapping(
    spans: Candidates,
    probabilities: np.ndarray,
    threshold: float,
    length_bonus: float = 0.0,
    fit: Callable[[int, int], bool] | None = None,
) -> list[tuple[int, int, float]]:
    """Return the spans at or above ``threshold``, none overlapping one taken before it: the
    most probable first, each character (up to LENGTH_CAP) adding ``length_bonus``, so that
    of two nested names about as probable the whole one wins (公安部经济犯罪侦查局, not 公安部).
    A span ``fit`` rejects is passed over and blocks no other (杭州市房管局 is taken when
    杭州市房管局根据市建设… runs over a verb)."""
    keep = np.flatnonzero(probabilities >= threshold)
    lengths = np.minimum(spans.ends - spans.starts, LENGTH_CAP)[keep]
    taken: list[tuple[int, int, float]] = []
    for index in keep[np.argsort(-(probabilities[keep] + length_bonus * lengths), kind="stable")]:
        start, end = int(spans.starts[index]), int(spans.ends[index])
        if all(end <= s or e <= start for s, e, _ in taken) and (fit is None or fit(start, end)):
            taken.append((start, end, float(probabilities[index])))
    return sorted(taken)


@cache
def body_model() -> BodyModel:
    """Return the shipped model (loaded once)."""
    table = load_json(f"{MODEL_DIR}/config.json")
    with np.load(data_path(f"{MODEL_DIR}/weights.npz")) as stored:
        return BodyModel(Settings.from_json(table), stored["weights"].astype(np.float32), float(stored["bias"]))
