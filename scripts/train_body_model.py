"""Train the statistical body recogniser (kg/body_model.py) and write kg/data/body_model/.

    python scripts/train_body_model.py ../shared [--config scripts/train_body_model.json]

Learns from two sources (scripts/train_body_model.json names them):
- CLUENER2020's training set, whose ``government`` spans are bodies;
- silver annotations: the rule recogniser's BODY mentions in corpus reports that are not
  dev gold documents (the State Council work reports, the 海拉尔区 reports, the 2025
  provincial work reports in .docx).
Every candidate span (kg.body_model.candidates: head-ending spans and the rules' bodies)
of CLUENER is an example: positive when it is a body, negative otherwise. With
``rule_features`` the model also reads what every rule finder proposed (kg.finders.find_all),
so it learns when to trust the rules: 司法局 yes, 乐成中心 (a building) no. Silver is
partial (the rules miss bodies), so only silver candidates overlapping a rule body are used:
the rule's span is positive, the others (wrong edges) negative. Silver bodies weigh
``silver_body_weight``. Head characters are those ending at least ``min_head_count`` bodies.
A share of CLUENER is held out to choose the model's own decision threshold (best F1 of the
model alone), then the model is refitted on everything. Writes config.json (settings,
learned heads, figures) and weights.npz (float16 weights, bias).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, replace
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix, vstack
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kg import body_model as bm  # noqa: E402
from kg.evaluating import Score, read_cluener  # noqa: E402
from kg.finders import Candidate, find_all  # noqa: E402
from kg.reading import read_documents  # noqa: E402
from kg.recognizing import pipeline  # noqa: E402
from kg.tokenizing import doc_text  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "kg" / "data" / bm.MODEL_DIR
Example = tuple[str, set[tuple[int, int]]]  # a text and its body spans (end exclusive)
Proposals = dict[str, list[Candidate]]  # each text's rule candidates, read by the model


def cluener_examples(path: Path, label: str) -> list[Example]:
    """Return CLUENER texts with their ``label`` spans as sets."""
    return [(text, set(spans)) for text, spans in read_cluener(path, label)]


def corpus_texts(paths: Iterable[Path]) -> list[str]:
    """Return the texts of the reports under ``paths``, read as ``kg build`` reads them."""
    return [document.text for document in read_documents(paths)]


def silver_examples(texts: Iterable[str]) -> list[Example]:
    """Return the texts with the rule recogniser's BODY mentions as their spans."""
    nlp = pipeline(statistical=False)
    return [
        (doc_text(doc), {(e.start_char, e.end_char) for e in doc.ents if e.label_ == "BODY"})
        for doc in nlp.pipe(texts)
    ]


def learned_heads(examples: Iterable[Example], min_count: int) -> str:
    """Return the characters that end at least ``min_count`` body spans, sorted."""
    counts = Counter(text[e - 1] for text, spans in examples for _, e in spans)
    return "".join(sorted(c for c, n in counts.items() if n >= min_count and not c.isspace()))


def design(examples: list[Example], settings: bm.Settings, partial_from: int) -> tuple[csr_matrix, np.ndarray, np.ndarray]:
    """Return the feature matrix, the labels and whether each candidate comes from silver.

    Examples from ``partial_from`` on are partially annotated (silver: the rules miss
    bodies), so only their candidates that overlap an annotated span are used.
    """
    blocks, labels, silver = [], [], []
    for number, (text, spans) in enumerate(examples):
        codes = bm.code_points(text)
        rules = proposals(text, settings)
        found = bm.candidates(codes, settings, rules)
        if number >= partial_from:
            found = overlapping(found, spans)
        if not len(found):
            continue
        rows, columns = bm.features(codes, found, settings, rules)
        blocks.append(csr_matrix((np.ones(len(rows), np.float32), (rows, columns)), shape=(len(found), 1 << settings.hash_bits)))
        labels.extend((int(s), int(e)) in spans for s, e in zip(found.starts, found.ends, strict=True))
        silver.extend([number >= partial_from] * len(found))
    return vstack(blocks).tocsr(), np.array(labels), np.array(silver)


def overlapping(found: bm.Candidates, spans: set[tuple[int, int]]) -> bm.Candidates:
    """Return the candidates that overlap at least one of ``spans``."""
    keep = np.zeros(len(found), bool)
    for start, end in spans:
        keep |= (found.starts < end) & (start < found.ends)
    return bm.Candidates(found.starts[keep], found.ends[keep])


def fit(matrix: csr_matrix, labels: np.ndarray, weights: np.ndarray, training: dict) -> LogisticRegression:
    """Return a logistic regression fitted to the weighted candidates."""
    regression = LogisticRegression(C=training["regularisation_C"], solver="liblinear", random_state=training["seed"])
    return regression.fit(matrix, labels, sample_weight=weights)


def example_weights(labels: np.ndarray, silver: np.ndarray, silver_weight: float) -> np.ndarray:
    """Return each candidate's weight: ``silver_weight`` for silver bodies, 1 otherwise."""
    return np.where(silver & labels, silver_weight, 1.0)


def as_body_model(settings: bm.Settings, fitted: LogisticRegression) -> bm.BodyModel:
    """Return the fitted regression as a BodyModel (weights stored as float16)."""
    return bm.BodyModel(settings, fitted.coef_[0].astype(np.float16).astype(np.float32), float(fitted.intercept_[0]))


def best_threshold(examples: list[Example], model: bm.BodyModel) -> tuple[float, Score]:
    """Return the threshold with the best span F1 of the model alone on held-out examples,
    and that score."""
    scored = [(spans, model.score(text, proposals(text, model.settings))) for text, spans in examples]
    results = []
    for threshold in (round(float(t), 2) for t in np.arange(0.05, 0.96, 0.05)):
        score = Score()
        for spans, candidates in scored:
            predicted = {(s, e) for s, e, _ in candidates.best(threshold)}
            score.add(len(spans & predicted), len(predicted), len(spans))
        results.append((score.f1, threshold, score))
    _, threshold, score = max(results, key=lambda r: r[0])
    return threshold, score


def proposals(text: str, settings: bm.Settings) -> list[Candidate]:
    """Return the rule candidates the model reads, if it reads them."""
    return find_all(text) if settings.rule_features else []


def main() -> None:
    """Train, choose the threshold, refit and write the model."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shared", type=Path)
    parser.add_argument("--config", type=Path, default=ROOT / "scripts" / "train_body_model.json")
    args = parser.parse_args()
    config = json.loads(args.config.read_text(encoding="utf-8"))
    training = config["training"]
    cluener = cluener_examples(args.shared / training["cluener"], training["cluener_label"])
    random.Random(training["seed"]).shuffle(cluener)
    held_out_count = int(len(cluener) * training["held_out_share"])
    held_out, cluener_train = cluener[:held_out_count], cluener[held_out_count:]
    silver = silver_examples(corpus_texts(args.shared / p for p in training["silver"]))
    heads = learned_heads(cluener + silver, training["min_head_count"])
    settings = bm.Settings(heads=heads, threshold=0.5, **config["model"])
    print(f"{len(cluener)} CLUENER texts ({held_out_count} held out), {len(silver)} silver reports, {len(heads)} heads")

    matrix, labels, from_silver = design(cluener_train + silver, settings, len(cluener_train))
    print(f"{matrix.shape[0]:,} candidates, {int(labels.sum()):,} bodies")
    weights = example_weights(labels, from_silver, training["silver_body_weight"])
    first = as_body_model(settings, fit(matrix, labels, weights, training))
    threshold, score = best_threshold(held_out, first)
    print(f"held-out CLUENER: threshold {threshold}: P {score.precision:.3f} R {score.recall:.3f} F1 {score.f1:.3f}")

    matrix, labels, from_silver = design(cluener + silver, settings, len(cluener))
    final = fit(matrix, labels, example_weights(labels, from_silver, training["silver_body_weight"]), training)
    write_model(replace(settings, threshold=threshold), final, {"held_out_f1": round(score.f1, 4)})


def write_model(settings: bm.Settings, fitted: LogisticRegression, figures: dict) -> None:
    """Write config.json and weights.npz into kg/data/body_model/."""
    OUT.mkdir(parents=True, exist_ok=True)
    table = {"_doc": "Written by scripts/train_body_model.py; see kg/body_model.py.", **asdict(settings), "figures": figures}
    (OUT / "config.json").write_text(json.dumps(table, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    np.savez_compressed(OUT / "weights.npz", weights=fitted.coef_[0].astype(np.float16), bias=np.float64(fitted.intercept_[0]))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
