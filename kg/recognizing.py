"""Recognising entities: a spaCy pipeline over ``spacy.blank("zh")`` with rule components.

``kg_rules`` runs the rule finders of ``kg.finders`` and stores their candidates in
``doc.spans["kg_candidates"]``; ``kg_resolve`` picks the non-overlapping mentions into
``doc.ents`` (titles and quoted names first, then the longest) and keeps the titles
nested inside other titles in ``doc.spans["kg_inner"]``. The span's ``id_`` names the
rule that found it. Chinese is segmented by character, so every offset is a token edge.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from kg import finders
from kg.body_model import body_model
from kg.finders import RULE_TIERS, Candidate
from kg.tokenizing import CharTokenizer, doc_text

CANDIDATES, INNER = "kg_candidates", "kg_inner"
MODEL_RULE = "body-model"
DEFAULT_FINDERS = [f.__name__ for f in finders.FINDERS]


class RuleFinder:
    """Run rule finders over the text and store every candidate span."""

    def __init__(self, names: list[str]):
        self.finders = [getattr(finders, name) for name in names]

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)  # doc.text rebuilds it from the tokens on every access
        spans = [candidate_span(doc, c) for finder in self.finders for c in finder(text)]
        doc.spans[CANDIDATES] = [s for s in spans if s is not None]
        return doc


class BodyModelScorer:
    """Weigh the rules' bodies with the body model and add the bodies they missed.

    The model scores the rules' bodies and its own candidates, reading what every rule
    proposed. A rule's body below ``veto`` is dropped (乐成中心, a building; 布莱克本队, a
    team) unless it names a unit of another rule's body (州党委理论学习中心组) or is named
    in the standard way (州政府, 州发改委, 立法协调小组: ``finders.standard_body``). Of the
    model's spans at or above ``threshold`` that the rules' tests do not rule out
    (``finders.unfit_body``), the best non-overlapping ones are added where they overlap no
    rule candidate other than a place inside (美国 in 美国海军) or a less probable body
    inside, which they replace (国务院 in 美国国务院, 公安部 in 公安部经济犯罪侦查局).
    """

    def __init__(self, threshold: float, veto: float):
        self.model = body_model()
        self.threshold = threshold
        self.veto = veto

    def __call__(self, doc: Doc) -> Doc:
        text, rules = doc_text(doc), list(doc.spans.get(CANDIDATES, []))
        scored = self.model.score(text, [rule_candidate(s) for s in rules])
        bodies = [s for s in rules if s.label_ == "BODY"]
        probability = dict(zip(map(id, bodies), scored.probability_of([s.start_char for s in bodies], [s.end_char for s in bodies]), strict=True))
        kept = [s for s in rules if probability.get(id(s), 1.0) >= self.veto or s.id_ == finders.STANDARD_RULE or names_unit_of(s, bodies)]
        added: list[Span] = []
        for start, end, p in scored.best(self.threshold, fit=lambda s, e: not finders.unfit_body(text, s, e)):
            blocking = [rule for rule in kept if overlaps_but_not_place_inside(rule, start, end)]
            if all(start <= r.start_char and r.end_char <= end and probability.get(id(r), 1.0) < p for r in blocking):
                replaced = set(map(id, blocking))
                kept = [rule for rule in kept if id(rule) not in replaced]
                added.append(doc.char_span(start, end, label="BODY", span_id=MODEL_RULE))
        doc.spans[CANDIDATES] = kept + [span for span in added if span is not None]
        return doc


def names_unit_of(span: Span, bodies: list[Span]) -> bool:
    """Tell whether the span begins with another body's whole name (州党委 in 州党委理论学习中心组)."""
    return any(b.start_char == span.start_char and b.end_char < span.end_char for b in bodies)


def overlaps_but_not_place_inside(rule: Span, start: int, end: int) -> bool:
    """Tell whether a rule span overlaps (start, end) other than as a place inside it."""
    if rule.end_char <= start or end <= rule.start_char:
        return False
    return not (rule.label_ == "PLACE" and start <= rule.start_char and rule.end_char <= end)


def rule_candidate(span: Span) -> Candidate:
    """Return a rule's span as the finder's candidate it came from."""
    return Candidate(span.start_char, span.end_char, span.label_, span.id_)


class Resolver:
    """Choose non-overlapping mentions among the candidates."""

    def __call__(self, doc: Doc) -> Doc:
        candidates = list(doc.spans.get(CANDIDATES, []))
        inner = [s for s in candidates if s.id_ == "inner-title"]
        chosen = choose(s for s in candidates if s.id_ != "inner-title")
        doc.ents = chosen
        doc.spans[INNER] = [s for s in inner if any(o.start <= s.start and s.end <= o.end for o in chosen)]
        return doc


@Language.factory("kg_rules", default_config={"finders": DEFAULT_FINDERS})
def make_rule_finder(nlp: Language, name: str, finders: list[str]) -> RuleFinder:  # noqa: ARG001
    """Build the rule-finder component."""
    return RuleFinder(finders)


# Chosen on the dev gold and CLUENER dev together: report prose needs a confident model
# before it adds a body the rules did not see, and a very unlikely one before it drops theirs.
@Language.factory("kg_body_model", default_config={"threshold": 0.2, "veto": 0.2})
def make_body_model_scorer(nlp: Language, name: str, threshold: float, veto: float) -> BodyModelScorer:  # noqa: ARG001
    """Build the statistical body component."""
    return BodyModelScorer(threshold, veto)


@Language.factory("kg_resolve")
def make_resolver(nlp: Language, name: str) -> Resolver:  # noqa: ARG001
    """Build the overlap resolver component."""
    return Resolver()


def candidate_span(doc: Doc, candidate: Candidate) -> Span | None:
    """Return the candidate as a Span labelled with its kind, its rule as the span id."""
    return doc.char_span(candidate.start, candidate.end, label=candidate.label, span_id=candidate.rule)


def choose(spans: Iterable[Span]) -> list[Span]:
    """Return a non-overlapping set: lower tier first (titles, quoted names), then longer."""
    spans = list(spans)
    if not spans:
        return []

    def key(span: Span) -> tuple[int, int, int, int]:
        tier = RULE_TIERS.get(span.id_, 2)
        return (min(tier, 2), -(span.end - span.start), tier, span.start)

    taken = [False] * (len(spans[0].doc) + 1)
    chosen: list[Span] = []
    for span in sorted(spans, key=key):
        if not any(taken[span.start:span.end]):
            chosen.append(span)
            taken[span.start:span.end] = [True] * (span.end - span.start)
    return sorted(chosen, key=lambda s: s.start)


@cache
def pipeline(statistical: bool = True) -> Language:
    """Return the recogniser: blank Chinese (character segmentation), the rules and the body model.

    ``statistical=False`` leaves the model out: the rules alone, which make the model's
    silver training data.
    """
    nlp = spacy.blank("zh")
    nlp.tokenizer = CharTokenizer(nlp.vocab)  # the same tokens, in linear time
    nlp.add_pipe("kg_rules")
    if statistical:
        nlp.add_pipe("kg_body_model")
    nlp.add_pipe("kg_resolve")
    return nlp
