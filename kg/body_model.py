"""Recognising bodies statistically: candidate spans scored by a linear model.

The rules find the bodies a report names in the ways they know; this model finds the
rest. Every stretch of text that ends on a head character seen in training (局, 委, 院,
军…), is between ``min_length`` and ``max_length`` characters long and crosses no
punctuation is a candidate. A logistic-regression model over hashed character features
(the span's first and last characters and bigrams, the characters around it, its length,
the characters inside it and the whole string) gives each candidate a probability, and
the most probable non-overlapping candidates above the threshold are bodies.

Features are computed with numpy over the text's code points, so a report of 10,000
characters costs a few array operations, not a Python loop per character. The settings
and the weights ship in ``kg/data/body_model/``; ``scripts/train_body_model.py``
reproduces them from CLUENER and silver annotations of the corpus.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import numpy as np

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


@dataclass(frozen=True)
class Settings:
    """Where candidates may start and end, and how features are hashed."""

    heads: str
    breaks: str
    min_length: int
    max_length: int
    hash_bits: int
    threshold: float

    @classmethod
    def from_json(cls, table: dict) -> Settings:
        """Return the settings from the model's ``config.json`` table."""
        return cls(**{name: table[name] for name in cls.__dataclass_fields__})


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


def candidates(codes: np.ndarray, settings: Settings) -> Candidates:
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


def features(codes: np.ndarray, spans: Candidates, settings: Settings) -> tuple[np.ndarray, np.ndarray]:
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

    def probabilities(self, codes: np.ndarray, spans: Candidates) -> np.ndarray:
        """Return each candidate's probability of being a body."""
        rows, columns = features(codes, spans, self.settings)
        scores = np.bincount(rows, weights=self.weights[columns], minlength=len(spans)) + self.bias
        return 1.0 / (1.0 + np.exp(-scores))

    def spans(self, text: str, threshold: float | None = None) -> list[tuple[int, int, float]]:
        """Return the body spans of ``text`` as (start, end, probability), in text order.

        ``threshold`` defaults to the one chosen on held-out data at training time.
        """
        codes = code_points(text)
        found = candidates(codes, self.settings)
        if not len(found):
            return []
        cut = self.settings.threshold if threshold is None else threshold
        return best_non_overlapping(found, self.probabilities(codes, found), cut)


def best_non_overlapping(spans: Candidates, probabilities: np.ndarray, threshold: float) -> list[tuple[int, int, float]]:
    """Return the spans at or above ``threshold``, most probable first, none overlapping one taken."""
    keep = np.flatnonzero(probabilities >= threshold)
    taken: list[tuple[int, int, float]] = []
    for index in keep[np.argsort(-probabilities[keep], kind="stable")]:
        start, end = int(spans.starts[index]), int(spans.ends[index])
        if all(end <= s or e <= start for s, e, _ in taken):
            taken.append((start, end, float(probabilities[index])))
    return sorted(taken)


@cache
def body_model() -> BodyModel:
    """Return the shipped model (loaded once)."""
    table = load_json(f"{MODEL_DIR}/config.json")
    with np.load(data_path(f"{MODEL_DIR}/weights.npz")) as stored:
        return BodyModel(Settings.from_json(table), stored["weights"].astype(np.float32), float(stored["bias"]))
