"""Reading: decoding, bad input, and metadata taken from the report's own text."""

from __future__ import annotations

import pytest

from kg.reading import ReadError, document_from_text, read_document
from kg.resources import sample_report


def test_sample_metadata_comes_from_its_signature_block():
    meta = read_document(sample_report()).meta
    assert meta.author == "伊犁哈萨克自治州人民政府"
    assert meta.date == "2021-12-24"
    assert meta.jurisdiction == "伊犁哈萨克自治州"
    assert meta.province == "新疆维吾尔自治区"
    assert meta.title == "伊犁州2021年度法治政府建设情况报告"


def test_disclosure_report_metadata_from_heading_and_compiler_clause(gold_documents):
    doc = gold_documents["hongze-2023"]
    meta = document_from_text("hongze-2023", doc["text"]).meta
    assert (meta.author, meta.jurisdiction, meta.date) == (doc["meta"]["author"], doc["meta"]["jurisdiction"], doc["meta"]["date"])
    assert meta.province == "江苏省"


def test_work_report_author_from_我代表():
    text = "政府工作报告\n\n各位代表：\n现在，我代表国务院，向大会报告政府工作，请予审议。\n"
    assert document_from_text("sc", text).meta.author == "国务院"


@pytest.mark.parametrize(
    ("content", "problem"),
    [(b"", "empty document"), (b"   \n\n", "empty document"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary file"), ("报告".encode("gb18030") + b"\xff\xfe", "not UTF-8")],
)
def test_bad_files_raise_an_error_naming_the_file(tmp_path, content, problem):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(ReadError) as caught:
        read_document(path)
    assert str(path) in str(caught.value) and problem in str(caught.value)


def test_missing_file(tmp_path):
    with pytest.raises(ReadError, match="no such file"):
        read_document(tmp_path / "absent.txt")


def test_crlf_is_read_as_newlines(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes("一、总体情况\r\n州司法局开展工作。\r\n".encode())
    assert "\r" not in read_document(path).text
