"""The command line end to end: kg build on the sample, kg extract, bad input."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from rdflib import Graph
from rdflib.namespace import RDF
from typer.testing import CliRunner

from kg.cli import app
from kg.namespaces import KG, OA

from .conftest import SHARED

runner = CliRunner()
ENTITY_CLASSES = (KG.Body, KG.Place, KG.Statute, KG.Policy, KG.Programme, KG.Doctrine)
RELATIONS = (KG.implements, KG.studied, KG.supervises, KG.issued, KG.established, KG.reportsTo, KG.basedOn)
OUTPUTS = ("graph.ttl", "graph.jsonld", "graph.html", "nodes.csv", "edges.csv")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The exports folder of `kg build` run with no input (the bundled sample)."""
    out = tmp_path_factory.mktemp("exports")
    result = runner.invoke(app, ["build", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_build_without_input_writes_every_export_of_the_sample(built):
    assert all((built / name).stat().st_size > 0 for name in OUTPUTS)


def test_graph_has_every_entity_class_and_relations_with_assertions(built):
    graph = Graph().parse(built / "graph.ttl")
    for cls in ENTITY_CLASSES:
        assert any(graph.subjects(RDF.type, cls)), cls
    present = [p for p in RELATIONS if any(graph.subject_objects(p))]
    assert len(present) >= 5
    for predicate in present:
        for subject, obj in graph.subject_objects(predicate):
            assertion = next(graph.subjects(RDF.object, obj), None)
            assert assertion is not None
            assert any(graph.triples((None, RDF.predicate, predicate)))
    for assertion in graph.subjects(RDF.type, KG.Assertion):
        sentence = graph.value(assertion, KG.evidence)
        assert graph.value(sentence, KG.text) is not None
        assert graph.value(graph.value(assertion, KG.trigger), OA.start) is not None


def test_every_evidence_sentence_slices_the_document(built):
    from kg.reading import read_document
    from kg.resources import sample_report

    text = read_document(sample_report()).text
    graph = Graph().parse(built / "graph.ttl")
    for assertion in graph.subjects(RDF.type, KG.Assertion):
        sentence = graph.value(assertion, KG.evidence)
        selector = graph.value(sentence, OA.hasSelector)
        start, end = int(graph.value(selector, OA.start)), int(graph.value(selector, OA.end))
        assert text[start:end] == str(graph.value(sentence, KG.text))


def test_html_loads_nothing_from_the_network(built):
    html = (built / "graph.html").read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)
    assert "@import" not in html


def test_two_builds_are_byte_identical(built, tmp_path):
    assert runner.invoke(app, ["build", "--out", str(tmp_path)]).exit_code == 0
    for name in OUTPUTS:
        assert (tmp_path / name).read_bytes() == (built / name).read_bytes(), name


@pytest.mark.parametrize(("name", "content", "problem"), [("empty.txt", b"", "empty"), ("image.txt", b"\x89PNG\x00\x00\x01", "binary"), ("absent.txt", None, "no such file")])
def test_bad_input_gives_one_error_line_and_keeps_exports(tmp_path, name, content, problem):
    out = tmp_path / "exports"
    out.mkdir()
    (out / "graph.ttl").write_text("previous", encoding="utf-8")
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = subprocess.run([sys.executable, "-m", "kg", "build", str(path), "--out", str(out)], capture_output=True, text=True)
    assert result.returncode != 0
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert any(str(path) in line and problem in line for line in errors)
    assert "Traceback" not in result.stderr
    assert (out / "graph.ttl").read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in out.iterdir()) == ["graph.ttl"]


def test_extract_writes_the_annotation_format(gold_texts, tmp_path):
    result = runner.invoke(app, ["extract", *map(str, gold_texts), "--format", "jsonl"])
    assert result.exit_code == 0
    out = tmp_path / "out.jsonl"
    out.write_text(result.stdout, encoding="utf-8")
    check = subprocess.run([sys.executable, str(SHARED / "tools" / "kgscore.py"), "--check", str(out)], capture_output=True, text=True)
    assert check.stdout.strip() == "ok"
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert {r["id"] for r in records} == {p.stem for p in gold_texts}
    assert any(r["head"] == "AUTHOR" for doc in records for r in doc["relations"])


def test_built_sample_graph_conforms_to_the_shapes(built):
    from pyshacl import validate

    from kg.resources import ontology_path

    conforms, _, report = validate(
        Graph().parse(built / "graph.ttl"),
        shacl_graph=Graph().parse(ontology_path("shapes.ttl")),
        ont_graph=Graph().parse(ontology_path("kg.ttl")),
        inference="rdfs",
    )
    assert conforms, report
