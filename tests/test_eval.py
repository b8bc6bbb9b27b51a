"""kg eval and kg.evaluating: the same figures as the reference scorer, clear errors on bad input."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.evaluating import EvalInputError, Score, evaluate, extract_records, load_records, score

from .conftest import GOLD, SHARED

KGSCORE = SHARED / "tools" / "kgscore.py"
runner = CliRunner()


@pytest.fixture(scope="module")
def system_file(tmp_path_factory, gold_documents):
    """Our extraction of the gold texts, written as the guide's JSON Lines."""
    path = tmp_path_factory.mktemp("eval") / "system.jsonl"
    records = extract_records(gold_documents)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records.values()), encoding="utf-8")
    return path


def kgscore(gold, system) -> dict:
    """The reference scorer's --json result."""
    if not KGSCORE.exists():
        pytest.skip("../shared/tools/kgscore.py is absent")
    done = subprocess.run([sys.executable, str(KGSCORE), str(gold), str(system), "--json"], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_every_figure_equals_the_reference_scorer(system_file):
    assert evaluate(GOLD, system_file).to_dict() == kgscore(GOLD, system_file)


def test_without_system_scores_our_extraction_of_the_gold_texts(system_file):
    assert evaluate(GOLD).to_dict() == evaluate(GOLD, system_file).to_dict()


def test_a_partial_system_matches_the_reference_scorer(tmp_path, gold_documents, system_file):
    """Missing documents, dropped entities and relations, AUTHOR heads and shifted spans."""
    records = load_records(system_file)
    first = next(iter(records))
    record = records[first]
    record["entities"] = [dict(e, end=e["end"] + 1) if i % 3 == 0 else e for i, e in enumerate(record["entities"][::2])]
    record["relations"] = [dict(r, head="AUTHOR") if i % 2 else r for i, r in enumerate(record["relations"])]
    path = tmp_path / "partial.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    ours = evaluate(GOLD, path)
    assert ours.to_dict() == kgscore(GOLD, path)
    assert ours.missing_documents == [d for d in gold_documents if d != first]


def test_gold_against_itself_is_perfect(gold_documents):
    evaluation = score(gold_documents, gold_documents)
    assert all(s.f1 == 1.0 for s in evaluation.entities_strict.values())
    assert evaluation.relations["micro"].f1 == 1.0
    assert evaluation.statute_canonical_accuracy == 1.0


def test_score_counts_give_precision_recall_f1():
    assert Score(tp=2, fp=2, fn=0).to_dict() == {"p": 0.5, "r": 1.0, "f1": 0.6667, "tp": 2, "fp": 2, "fn": 0}
    assert Score().f1 == 0.0


def test_cli_table_and_json(gold_documents, system_file):
    table = runner.invoke(app, ["eval", str(GOLD), "--system", str(system_file)])
    assert table.exit_code == 0, table.output
    micro = evaluate(GOLD, system_file).entities_strict["micro"].to_dict()
    assert any(line.startswith("micro") and f"{micro['f1']:.3f}" in line for line in table.output.splitlines())
    assert "STATUTE canonical accuracy" in table.output
    as_json = runner.invoke(app, ["eval", str(GOLD), "--system", str(system_file), "--json"])
    assert as_json.exit_code == 0, as_json.output
    assert json.loads(as_json.output) == kgscore(GOLD, system_file)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ('{"id": "a", "entities": []}\n{"id": \n', ":2: malformed JSON"),
        ('[1, 2]\n', ":1: not a JSON object"),
        ('{"id": "a"}\n\n{"id": "a"}\n', ":3: duplicate id 'a'"),
        ('{"id": "a", "entities": [{"start": "0", "end": 2}]}\n', ":1: entity without integer start and end"),
    ],
)
def test_bad_input_names_the_file_and_line(tmp_path, content, problem):
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(EvalInputError, match=problem):
        load_records(path)
    result = runner.invoke(app, ["eval", str(path), "--system", str(path)])
    assert result.exit_code == 1
    assert f"error: {path}{problem}" in result.output


def test_missing_file_and_gold_without_text(tmp_path):
    result = runner.invoke(app, ["eval", str(tmp_path / "none.jsonl")])
    assert result.exit_code == 1
    assert "none.jsonl: no such file" in result.output
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"id": "a", "entities": [], "relations": []}\n', encoding="utf-8")
    result = runner.invoke(app, ["eval", str(gold)])
    assert result.exit_code == 1
    assert f"{gold}:1: document 'a' has no \"text\"" in result.output
