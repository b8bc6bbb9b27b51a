"""``kg validate``: the built sample conforms to the SHACL shapes; broken graphs get a readable report."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import SKOS
from typer.testing import CliRunner

from kg.cli import app
from kg.identifiers import assertion_iri, entity_iri
from kg.namespaces import KG
from kg.validating import Violation, format_validation, validate_path


runner = CliRunner()
ASSERTION = assertion_iri("ili-2021", 0)
PLACE = entity_iri("PLACE", "伊犁哈萨克自治州")


@pytest.fixture(scope="module")
def broken(exports: Path, tmp_path_factory) -> Path:
    """The sample with a confidence out of range and a place without its preferred label."""
    graph = Graph().parse(exports / "graph.ttl")
    graph.set((ASSERTION, KG.confidence, Literal(Decimal("1.5"))))
    graph.remove((PLACE, SKOS.prefLabel, None))
    path = tmp_path_factory.mktemp("broken") / "graph.ttl"
    graph.serialize(path, format="turtle")
    return path


def test_sample_conforms(exports: Path):
    validation = validate_path(exports)
    assert validation.conforms and validation.source == exports / "graph.ttl"
    assert validation.triples == len(Graph().parse(exports / "graph.ttl"))
    assert format_validation(validation) == f"{exports / 'graph.ttl'}: conforms to shapes.ttl ({validation.triples} triples)\n"
    assert validate_path(exports / "graph.nq").conforms


def test_violations_name_node_shape_property_and_problem(broken: Path):
    validation = validate_path(broken)
    assert not validation.conforms
    assert [(v.focus, v.shape, v.path, v.constraint, v.value) for v in validation.violations] == [
        (f"<{PLACE}>", "kgsh:EntityShape", "skos:prefLabel", "MinCount", ""),
        (f"<{ASSERTION}>", "kgsh:AssertionShape", "kg:confidence", "MaxInclusive", "1.5"),
    ]
    assert all(isinstance(v, Violation) and v.severity == "Violation" and v.message for v in validation.violations)
    report = format_validation(validation)
    assert report.splitlines()[:3] == [
        f"{broken}: 2 violations of shapes.ttl",
        "     1 × kgsh:AssertionShape kg:confidence MaxInclusive",
        "     1 × kgsh:EntityShape skos:prefLabel MinCount",
    ]
    assert "    shape kgsh:AssertionShape, property kg:confidence: MaxInclusive (value 1.5)" in report


def test_cli_exit_codes(exports: Path, broken: Path):
    good = runner.invoke(app, ["validate", "--data", str(exports)])
    assert good.exit_code == 0 and "conforms to shapes.ttl" in good.stdout
    bad = runner.invoke(app, ["validate", "--data", str(broken)])
    assert bad.exit_code == 1 and "2 violations" in bad.stdout and f"- <{ASSERTION}>" in bad.stdout


def test_cli_bad_input(tmp_path: Path):
    path = tmp_path / "graph.ttl"
    path.write_text("<urn:a> <urn:b> .\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", "--data", str(path)])
    assert result.exit_code == 1 and f"error: {path}: cannot parse: Parser error at line 1" in result.output
    assert "Traceback" not in result.output
    missing = runner.invoke(app, ["validate", "--data", str(tmp_path / "nope")])
    assert missing.exit_code == 1 and "error: no graph at" in missing.output
    shapes = runner.invoke(app, ["validate", "--data", str(path), "--shapes", str(tmp_path / "none.ttl")])
    assert shapes.exit_code == 1 and "no shapes file at" in shapes.output
