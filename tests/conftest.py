"""Shared fixtures: the bundled sample and its exports, the dev gold of ../shared (skipped when absent)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.pipeline import build, extract_path
from kg.resources import sample_report

SHARED = Path(__file__).resolve().parents[2] / "shared"
GOLD = SHARED / "gold" / "dev.jsonl"


@pytest.fixture(scope="session")
def sample_extraction():
    """The extraction of the bundled 伊犁州 2021 report."""
    return extract_path(sample_report())


@pytest.fixture(scope="session")
def exports(tmp_path_factory) -> Path:
    """The exports folder of the bundled sample, built once per test run (store, serve,
    push, validate, analysis and graph tests read it)."""
    out = tmp_path_factory.mktemp("sample-exports")
    build([sample_report()], out)
    return out


@pytest.fixture(scope="session")
def gold_documents() -> dict[str, dict]:
    """The hand-checked documents of ../shared/gold/dev.jsonl, by id."""
    if not GOLD.exists():
        pytest.skip("../shared/gold/dev.jsonl is absent")
    return {d["id"]: d for d in map(json.loads, GOLD.read_text(encoding="utf-8").splitlines()) if d}


@pytest.fixture(scope="session")
def gold_texts(tmp_path_factory, gold_documents) -> list[Path]:
    """The gold documents' texts written as .txt files named by their ids."""
    folder = tmp_path_factory.mktemp("gold")
    paths = []
    for doc_id, doc in gold_documents.items():
        path = folder / f"{doc_id}.txt"
        path.write_text(doc["text"], encoding="utf-8")
        paths.append(path)
    return paths
