"""Derive kg/data/body_stops.txt: words that cannot be inside a body's name.

    python scripts/make_body_stops.py ../shared

A body's name, scanned leftwards from its head (局, 委员会, 中心), ends where a word
that never occurs inside an organisation name begins: 最早华贸中心, 但该委员会 and
来自海上自卫队 must lose 最早, 但该 and 来自. The candidates are jieba's dictionary
words of two to four characters tagged as adverbs, conjunctions, prepositions, pronouns,
particles, time and locality words or verbs. A word is dropped when it occurs inside a
known name: the central bodies (kg/data/central_bodies.tsv), CLUENER's government,
organisation and company names, People's Daily's organisation names, and the rule recogniser's bodies in the corpus reports
used as silver by scripts/train_body_model.py (verbs such as 执法, 保障, 侦查 stay
inside names); place names never stop a name. Writes one word a line, sorted.
"""

from __future__ import annotations

import json
from dataclasses import replace
import sys
from pathlib import Path

import jieba

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kg.evaluating import read_cluener  # noqa: E402
import kg.lexicon  # noqa: E402
from kg.resources import load_tsv  # noqa: E402
from scripts.train_body_model import corpus_texts, silver_examples  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "kg" / "data" / "body_stops.txt"
TAGS = {"d", "c", "p", "r", "u", "y", "e", "o", "t", "f", "v"}
NAME_LABELS = ("government", "organization", "company")
PEOPLES_DAILY = ("ner/peoples-daily/example.dev", "ner/peoples-daily/example.test")


def dictionary_words() -> list[str]:
    """Return jieba's two- to four-character words with a tag in TAGS."""
    path = Path(jieba.__file__).with_name("dict.txt")
    rows = (line.split() for line in path.read_text(encoding="utf-8").splitlines())
    return sorted({word for word, _, tag in rows if tag in TAGS and 2 <= len(word) <= 4})


def known_names(shared: Path, settings: dict) -> list[str]:
    """Return the organisation names the stop words must not cut."""
    names = [row["name"] for row in load_tsv("central_bodies.tsv")]
    for label in NAME_LABELS:
        for text, spans in read_cluener(shared / settings["cluener"], label):
            names.extend(text[start:end] for start, end in spans)
    for path in PEOPLES_DAILY:
        names.extend(bio_names(shared / path, "ORG"))
    for text, spans in silver_bodies_without_stops(corpus_texts(shared / p for p in settings["silver"])):
        names.extend(text[start:end] for start, end in spans)
    return names


def bio_names(path: Path, label: str) -> list[str]:
    """Return the ``label`` names of a character-per-line BIO file (People's Daily NER)."""
    names, current = [], ""
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        char, _, tag = line.partition(" ")
        if tag == f"I-{label}" and current:
            current += char
            continue
        if current:
            names.append(current)
        current = char if tag == f"B-{label}" else ""
    return names


def silver_bodies_without_stops(texts: list[str]) -> list:
    """Return the rule recogniser's bodies as found with no body stops: names cut by the
    stops would otherwise keep the words that cut them on the list."""
    original = kg.lexicon.lexicon
    kg.lexicon.lexicon = lambda: replace(original(), body_stops=frozenset())
    try:
        return silver_examples(texts)
    finally:
        kg.lexicon.lexicon = original


def main() -> None:
    """Write the stop words."""
    shared = Path(sys.argv[1])
    settings = json.loads(Path(__file__).with_name("train_body_model.json").read_text(encoding="utf-8"))["training"]
    inside = "\n".join(known_names(shared, settings))
    places = kg.lexicon.lexicon().jurisdictions  # a place opens a name (遵义市公安局), never ends one
    stops = [word for word in dictionary_words() if word not in inside and word not in places]
    OUT.write_text("\n".join(stops) + "\n", encoding="utf-8")
    print(f"wrote {len(stops)} words to {OUT}")


if __name__ == "__main__":
    main()
