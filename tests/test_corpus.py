"""Corpus builds: every format in one graph, parallel jobs, the cache, bad files, summaries."""

from __future__ import annotations

import gc

import pytest
from rdflib import Graph
from rdflib.namespace import RDF, SKOS
from typer.testing import CliRunner

from kg.caching import MANIFEST, ExtractionCache
from kg.cli import app
from kg.namespaces import KG
from kg.pipeline import build
from kg.resources import sample_report
from tests.corpus_files import REPORT, make_docx, make_html, make_jsonl, make_pdf, make_zip

runner = CliRunner()
# What the other documents of the test corpus say, besides the sample report.
HAILAR = "海拉尔区人民政府\n现在，我代表区政府向大会报告工作。区司法局开展“七五”普法。\n2012年2月29日\n"
PDF_LINES = [["淮安市洪泽区人民政府", "本报告由淮安市洪泽区人民政府办公室根据《中华人民共和", "国政府信息公开条例》要求编制此报告。"]]


@pytest.fixture
def corpus(tmp_path):
    """A folder with one document of each format (and a zip and a .jsonl of two each)."""
    folder = tmp_path / "corpus"
    (folder / "web").mkdir(parents=True)
    (folder / "ili-2021.txt").write_text(REPORT, encoding="utf-8")
    (folder / "hailar-2012.txt").write_bytes(HAILAR.replace("\n", "\r\n").encode("gb18030"))
    (folder / "hongze.pdf").write_bytes(make_pdf(PDF_LINES))
    (folder / "web" / "page.html").write_bytes(make_html("".join(f"<p>{line}</p>" for line in REPORT.splitlines()), title="报告_网站"))
    (folder / "docs.zip").write_bytes(make_zip({"a.docx": make_docx(REPORT.splitlines()), "b.txt": HAILAR.encode("utf-16")}))
    (folder / "lines.jsonl").write_bytes(make_jsonl([{"id": "r1", "text": REPORT}, {"title": "决议", "content": "全国人民代表大会批准国务院政府工作报告。"}]))
    return folder


def turtle_of(out):
    return (out / "graph.ttl").read_bytes()


def test_one_graph_from_every_format(corpus, tmp_path):
    result = build([corpus], tmp_path / "out")
    assert [o.doc_id for o in result.outcomes] == ["a", "b", "hailar-2012", "hongze", "ili-2021", "r1", "lines-2", "page"]
    assert result.skipped == [] and len(result.extractions) == 8
    graph = Graph().parse(tmp_path / "out" / "graph.ttl")
    assert len(set(graph.subjects(RDF.type, KG.Report))) == 8
    # The same body across reports is one node: the sample's judicial bureau keeps its canonical name.
    bureaus = [s for s in graph.subjects(SKOS.prefLabel, None) if str(graph.value(s, SKOS.prefLabel)) == "伊犁哈萨克自治州司法局"]
    assert len(bureaus) == 1
    hailar = next(e for e in result.extractions if e.document.id == "hailar-2012")
    assert [(m.text, m.canonical) for m in hailar.mentions if m.label == "BODY"][-1] == ("区司法局", "呼伦贝尔市海拉尔区司法局")
    hongze = next(e for e in result.extractions if e.document.id == "hongze")
    assert "《中华人民共和国政府信息公开条例》" in {m.text for m in hongze.mentions}
    assert hongze.document.meta.author == "淮安市洪泽区人民政府"


def test_the_sample_keeps_its_canonical_body_names_in_a_corpus(tmp_path):
    alone = build([sample_report()], tmp_path / "alone")
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "ili-2021.txt").write_bytes(sample_report().read_bytes())
    (folder / "other.txt").write_bytes(HAILAR.encode("gb18030"))
    together = build([folder], tmp_path / "together", jobs=2)
    bodies = {m.canonical for m in alone.extractions[0].mentions if m.label == "BODY"}
    assert {m.canonical for m in together.extractions[0].mentions if m.label == "BODY"} == bodies
    assert {"伊犁哈萨克自治州司法局", "伊犁哈萨克自治州人民政府"} <= bodies


def test_output_is_byte_identical_for_any_number_of_jobs(corpus, tmp_path):
    one = build([corpus], tmp_path / "one", jobs=1)
    two = build([corpus], tmp_path / "two", jobs=2)
    assert [o.doc_id for o in one.outcomes] == [o.doc_id for o in two.outcomes]
    for path in one.written:
        assert path.read_bytes() == (tmp_path / "two" / path.name).read_bytes(), path.name


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_build_leaves_the_garbage_collector_as_it_found_it(corpus, tmp_path, jobs):
    # Builds freeze the loaded models and pause the collector while making the graph.
    assert gc.isenabled() and gc.get_freeze_count() == 0
    build([corpus], tmp_path / "out", jobs=jobs)
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_cache_skips_unchanged_documents_and_rebuilds_when_one_changes(corpus, tmp_path):
    out, cache = tmp_path / "out", tmp_path / "cache"
    first = build([corpus], out, cache_dir=cache)
    assert first.cached == 0 and first.written
    before = turtle_of(out)
    stamps = {p.name: p.stat().st_mtime_ns for p in first.written}

    again = build([corpus], out, cache_dir=cache, jobs=2)
    assert again.cached == 8 and again.up_to_date and again.written == []
    assert {p.name: p.stat().st_mtime_ns for p in first.written} == stamps and turtle_of(out) == before

    (corpus / "hailar-2012.txt").write_bytes((HAILAR + "区公安局开展执法。\n").encode("gb18030"))
    changed = build([corpus], out, cache_dir=cache)
    assert changed.cached == 7 and not changed.up_to_date
    assert [o.doc_id for o in changed.outcomes if not o.cached] == ["hailar-2012"]
    assert turtle_of(out) != before


def test_cached_build_equals_a_fresh_one_and_lost_exports_are_written_again(corpus, tmp_path):
    cache = tmp_path / "cache"
    build([corpus], tmp_path / "a", cache_dir=cache)
    (tmp_path / "a" / "graph.ttl").unlink()
    result = build([corpus], tmp_path / "a", cache_dir=cache)
    assert result.cached == 8 and not result.up_to_date
    build([corpus], tmp_path / "fresh")
    assert turtle_of(tmp_path / "a") == turtle_of(tmp_path / "fresh")


def test_a_damaged_cache_entry_is_a_miss(corpus, tmp_path):
    cache = tmp_path / "cache"
    build([corpus / "ili-2021.txt"], tmp_path / "out", cache_dir=cache)
    entries = list(cache.rglob("*.pickle"))
    assert len(entries) == 1
    entries[0].write_bytes(b"not a pickle")
    result = build([corpus / "ili-2021.txt"], tmp_path / "out2", cache_dir=cache)
    assert result.cached == 0 and len(result.extractions) == 1
    assert ExtractionCache(cache).get(entries[0].stem) is not None


def test_bad_documents_are_skipped_with_reasons_and_the_rest_is_built(corpus, tmp_path):
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "truncated.docx").write_bytes(make_docx(["州司法局开展普法。"] * 20)[:1500])
    (corpus / "bad.zip").write_bytes(b"PK\x03\x04 not really")
    result = build([corpus], tmp_path / "out", jobs=2)
    assert len(result.extractions) == 8
    assert sorted(e.path.rsplit("/", 1)[-1] for e in result.skipped) == ["bad.zip", "empty.txt", "truncated.docx"]
    assert (tmp_path / "out" / "graph.ttl").exists()


def test_an_interrupted_build_leaves_the_previous_exports(corpus, tmp_path):
    out = tmp_path / "out"
    build([corpus], out)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}

    def interrupt(outcome):
        if outcome.doc_id == "hongze":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build([corpus, tmp_path / "more.txt"], out, jobs=2, on_outcome=interrupt)
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before


def test_cli_summary_lists_each_document_and_exits_1_when_one_is_skipped(corpus, tmp_path):
    (corpus / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(corpus), "--out", str(out), "--jobs", "2"])
    assert result.exit_code == 1
    lines = result.stderr.splitlines() if hasattr(result, "stderr") else result.output.splitlines()
    assert sum(line.startswith("  read ") for line in lines) == 8
    assert any(line.startswith("  skipped ") and "empty.txt" in line for line in lines)
    assert any(line.startswith("error: ") and "empty.txt: empty document" in line for line in lines)
    assert any(line.startswith("read 8 document(s) (1 .docx, 1 .html, 2 .jsonl, 1 .pdf, 3 .txt), 0 from the cache; skipped 1") for line in lines)
    assert any(" entities (" in line and " mentions, " in line and " relations (" in line for line in lines)
    assert any("chars/s, 2 jobs)" in line for line in lines)
    assert (out / ".cache").is_dir() and (out / MANIFEST).exists()

    again = runner.invoke(app, ["build", str(corpus), "--out", str(out), "--quiet"])
    lines = again.output.splitlines()
    assert not any(line.startswith("  read ") for line in lines)
    assert any("8 from the cache" in line for line in lines)
    assert "exports up to date: nothing changed since the last build" in lines


def test_progress_line_on_request(corpus, tmp_path):
    result = runner.invoke(app, ["build", str(corpus / "ili-2021.txt"), "--out", str(tmp_path / "out"), "--progress", "--no-cache"])
    assert result.exit_code == 0, result.output
    assert f"\r1 documents  {len(REPORT)} chars  " in result.output and " chars/s  " in result.output
    assert not (tmp_path / "out" / ".cache").exists()


def test_no_viewer_leaves_out_the_html_only(corpus, tmp_path):
    result = runner.invoke(app, ["build", str(corpus / "ili-2021.txt"), "--out", str(tmp_path / "out"), "--no-viewer", "--no-cache"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "graph.ttl").exists() and not (tmp_path / "out" / "graph.html").exists()
