"""Reading: every format and encoding, archives and corpora, bad input, and metadata from the text."""

from __future__ import annotations

import json

import pytest

from kg.formats import decode, is_traditional, join_lines, read_docx, read_html, read_pdf, to_simplified
from kg.reading import ReadError, document_from_text, list_sources, read_document, read_documents, read_source
from kg.resources import sample_report
from tests.corpus_files import CORPUS, REPORT, make_blank_pdf, make_docx, make_html, make_jsonl, make_pdf, make_zip


def test_sample_metadata_comes_from_its_signature_block():
    meta = read_document(sample_report()).meta
    assert meta.author == "伊犁哈萨克自治州人民政府"
    assert meta.date == "2021-12-24"
    assert meta.jurisdiction == "伊犁哈萨克自治州"
    assert meta.province == "新疆维吾尔自治区"
    assert meta.title == "伊犁州2021年度法治政府建设情况报告"


def test_sample_level_document_number_and_year_covered():
    meta = read_document(sample_report()).meta
    assert (meta.level, meta.number, meta.year) == ("prefecture", "新政办明电〔2021〕309号", 2021)


def test_document_number_brackets_are_normalised_and_national_level():
    meta = document_from_text("n", "国务院关于印发《计划》的通知\n国发[2024] 7号\n现在，我代表国务院，向大会报告政府工作。\n").meta
    assert (meta.number, meta.level, meta.year) == ("国发〔2024〕7号", "national", None)


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


# -- encodings, formats and containers (kg.formats, kg.reading.list_sources) -------------------

needs_corpus = pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpus is absent")
SAMPLE_META = ("伊犁哈萨克自治州人民政府", "2021-12-24", "伊犁哈萨克自治州")


def meta_of(document):
    return document.meta.author, document.meta.date, document.meta.jurisdiction


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: t.encode("utf-8-sig"),
        lambda t: t.encode("utf-16"),
        lambda t: t.encode("utf-16-le"),
        lambda t: t.encode("utf-16-be"),
        lambda t: b"\xfe\xff" + t.encode("utf-16-be"),
        lambda t: t.encode("gb18030"),
        lambda t: t.encode("gbk"),
        lambda t: t.replace("\n", "\r\n").encode("gb18030"),
        lambda t: t.replace("\n", "\r\n").encode("utf-16"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-bom", "utf-16-le", "utf-16-be", "utf-16-be-bom", "gb18030", "gbk", "gb18030-crlf", "utf-16-crlf"],
)
def test_text_in_any_encoding_reads_the_same(tmp_path, encode):
    path = tmp_path / "report.txt"
    path.write_bytes(encode(REPORT))
    document = read_document(path)
    assert document.text == REPORT
    assert meta_of(document) == SAMPLE_META


TRADITIONAL_REPORT = (
    "伊犁州2021年度法治政府建設情況報告\n現將伊犁州2021年度法治政府建設情況報告如下：\n一、主要做法\n"
    "州司法局深入學習貫徹習近平法治思想，認真貫徹落實《中華人民共和國行政處罰法》。\n"
    "伊犁哈薩克自治州人民政府\n2021年12月24日\n"
)


def test_big5_traditional_text_is_decoded_and_its_metadata_read_in_simplified(tmp_path):
    path = tmp_path / "big5.txt"
    path.write_bytes(TRADITIONAL_REPORT.encode("big5"))
    document = read_document(path)
    assert document.text == TRADITIONAL_REPORT
    assert meta_of(document) == SAMPLE_META
    assert document.meta.title == "伊犁州2021年度法治政府建设情况报告"


def test_traditional_text_converts_one_to_one_and_simplified_text_is_left_alone():
    assert to_simplified("關於報送法治政府建設工作總結的通知") == "关于报送法治政府建设工作总结的通知"
    assert is_traditional("關於報送法治政府建設") and not is_traditional(REPORT)
    assert to_simplified("乾隆年间於此设县") == "乾隆年间於此设县"


def test_traditional_report_gives_the_mentions_of_the_simplified_one_at_the_same_offsets():
    from kg.pipeline import extract

    traditional = "州司法局深入學習貫徹習近平法治思想，認真貫徹落實《中華人民共和國行政處罰法》。"
    simplified = to_simplified(traditional)
    found = extract(document_from_text("t", traditional))
    expected = extract(document_from_text("s", simplified))
    assert [(m.start, m.end, m.label, m.canonical) for m in found.mentions] == [(m.start, m.end, m.label, m.canonical) for m in expected.mentions]
    assert all(traditional[m.start : m.end] == m.text for m in found.mentions)
    assert "《中華人民共和國行政處罰法》" in [m.text for m in found.mentions]
    assert "中华人民共和国行政处罚法" in [m.canonical for m in found.mentions]


@pytest.mark.parametrize(
    ("content", "problem"),
    [(b"\xff\xfe\x00", "not valid utf-16"), (bytes(range(0x80, 0x100)) * 4, "unknown encoding"), (b"\x00\x01\x02\x03binary\x00", "binary file")],
)
def test_undecodable_bytes_name_the_problem(content, problem):
    with pytest.raises(ReadError, match=problem):
        decode(content, "x.txt")


def test_docx_paragraphs_and_tables_in_order():
    data = make_docx(["伊犁州2021年度法治政府建设情况报告", "州司法局开展普法。"], table=[["单位", "件数"], ["司法局", "12"]], title="docx 标题")
    found = read_docx(data, "r.docx")
    assert found.text == "伊犁州2021年度法治政府建设情况报告\n州司法局开展普法。\n单位\t件数\n司法局\t12"
    assert found.title == "docx 标题"


def test_pdf_lines_broken_mid_sentence_are_rejoined_and_page_numbers_dropped():
    data = make_pdf(
        [
            ["- 1 -", "洪泽区人民政府", "2023年政府信息公开工作年度报告", "本报告由淮安市洪泽区人民政府办公室根据《中华人民共和", "国政府信息公开条例》要求编制此报告。统计期限自2023年1月1日"],
            ["- 2 -", "起至2023年12月31日止。", "一、总体情况", "2023年，区政府坚持以习近平新时代中国特色社会主义思想为指导，全面", "贯彻落实《条例》相关规范要求。"],
        ]
    )
    found = read_pdf(data, "r.pdf")
    assert found.text.split("\n") == [
        "洪泽区人民政府",
        "2023年政府信息公开工作年度报告",
        "本报告由淮安市洪泽区人民政府办公室根据《中华人民共和国政府信息公开条例》要求编制此报告。统计期限自2023年1月1日起至2023年12月31日止。",
        "一、总体情况",
        "2023年，区政府坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实《条例》相关规范要求。",
    ]


def test_join_lines_keeps_short_lines_headings_and_sentence_ends():
    full = "州司法局坚持以习近平新时代中国特色社会主义思想为指导全面"
    text = "\n".join([full, "贯彻落实。", full + "。", "一、主要做法", "表格 1 2", "第 3 页", full, "（一）强化组织领导"])
    assert join_lines(text).split("\n") == [full + "贯彻落实。", full + "。", "一、主要做法", "表格 1 2", full, "（一）强化组织领导"]


def test_html_main_text_without_menus_with_title_and_date():
    body = "<p>现将伊犁州2021年度法治政府建设情况报告如下：</p><p>州司法局深入学习贯彻习近平法治思想。</p><p>伊犁哈萨克自治州人民政府<br>2021年12月24日</p>"
    head = '<meta name="PubDate" content="2021-12-25 10:30">'
    data = make_html(body, title="伊犁州2021年度法治政府建设情况报告_伊犁州人民政府网", head=head, charset="gb2312")
    found = read_html(data, "r.html")
    assert found.text.split("\n") == [
        "现将伊犁州2021年度法治政府建设情况报告如下：",
        "州司法局深入学习贯彻习近平法治思想。",
        "伊犁哈萨克自治州人民政府",
        "2021年12月24日",
    ]
    assert (found.title, found.date) == ("伊犁州2021年度法治政府建设情况报告", "2021-12-25")


def test_html_title_from_title_element_and_date_from_the_page_text():
    data = b"<html><head><title>\xe6\x94\xbf\xe5\xba\x9c\xe5\xb7\xa5\xe4\xbd\x9c\xe6\x8a\xa5\xe5\x91\x8a - \xe6\x9f\x90\xe5\xb8\x82\xe6\x94\xbf\xe5\xba\x9c\xe7\xbd\x91</title></head>"
    data += "<body><span>发布时间：2022-01-05</span><div><p>现在，我代表市人民政府向大会报告工作。</p></div></body></html>".encode()
    found = read_html(data, "r.html")
    assert (found.title, found.date) == ("政府工作报告", "2022-01-05")
    assert found.text == "现在，我代表市人民政府向大会报告工作。"


def test_zip_members_are_documents_named_by_their_stems(tmp_path):
    archive = tmp_path / "reports.zip"
    members = {"报告一.txt": REPORT.encode("gb18030"), "sub/报告二.docx": make_docx(REPORT.splitlines()), "说明.png": b"\x89PNG", "__MACOSX/._x.txt": b"x"}
    archive.write_bytes(make_zip(members, gbk_names=True))
    sources = list_sources([tmp_path])
    assert [(s.doc_id, s.name) for s in sources] == [("报告二", f"{archive}::sub/报告二.docx"), ("报告一", f"{archive}::报告一.txt")]
    documents = read_documents([archive])
    assert [d.text for d in documents] == [REPORT.rstrip("\n"), REPORT]
    assert all(meta_of(d) == SAMPLE_META for d in documents)
    with pytest.raises(ReadError, match="holds 2 documents"):
        read_document(archive)


def test_jsonl_records_keep_their_text_exactly_and_their_metadata(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    records = [
        {"id": "gold-1", "text": "  州司法局开展普法。\r\n", "meta": {"author": "伊犁哈萨克自治州人民政府", "date": "2021-12-24", "jurisdiction": "伊犁哈萨克自治州"}},
        {"title": "2025年政府工作报告", "content": "现在，我代表国务院，向大会报告政府工作。", "year": 2025},
    ]
    corpus.write_bytes(make_jsonl(records) + b"\n{broken\n" + json.dumps({"title": "no text"}).encode() + b"\n")
    sources = list_sources([corpus])
    assert [s.doc_id for s in sources] == ["gold-1", "corpus-2", "corpus-4", "corpus-5"]
    first, second = read_source(sources[0]), read_source(sources[1])
    assert first.text == records[0]["text"] and meta_of(first) == SAMPLE_META
    assert (second.meta.title, second.meta.author, second.meta.jurisdiction) == ("2025年政府工作报告", "国务院", "中华人民共和国")
    with pytest.raises(ReadError, match=rf"{corpus}:4: not a JSON record"):
        read_source(sources[2])
    with pytest.raises(ReadError, match="no text field"):
        read_source(sources[3])


def test_documents_sharing_a_name_get_their_folder_in_front(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "2021.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "c.txt").write_text(REPORT, encoding="utf-8")
    assert [s.doc_id for s in list_sources([tmp_path])] == ["a-2021", "b-2021", "c"]


def test_folders_are_searched_for_every_known_format_only(tmp_path):
    (tmp_path / "deep" / "er").mkdir(parents=True)
    for name in ("a.txt", "deep/b.docx", "deep/er/c.pdf", "d.html", "e.htm", "f.jsonl", "g.zip", "h.png", "i.doc", ".hidden.txt"):
        (tmp_path / name).write_bytes(b"{}" if name.endswith(".jsonl") else b"")
    assert sorted(s.path.name for s in list_sources([tmp_path])) == ["a.txt", "b.docx", "c.pdf", "d.html", "e.htm", "f.jsonl", "g.zip"]


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("truncated.docx", make_docx(["州司法局开展普法。"] * 20)[:2000], "not a readable .docx"),
        ("notes.docx", b"plain text, not a package", "not a readable .docx"),
        ("scan.pdf", make_blank_pdf(), "PDF without a text layer"),
        ("truncated.pdf", make_pdf([["州司法局开展普法。"]])[:300], "PDF"),
        ("empty.pdf", b"", "not a readable PDF"),
        ("empty.docx", b"", "not a readable .docx"),
        ("empty.html", b"", "empty document"),
        ("menu.html", make_html(""), "no text in the page"),
        ("empty.jsonl", b"\n\n", "empty corpus"),
        ("empty.txt", b"", "empty document"),
        ("empty.zip", b"", "not a readable .zip archive"),
        ("broken.zip", make_zip({"a.txt": REPORT.encode()})[:60], "not a readable .zip archive"),
        ("bad.txt", bytes(range(0x80, 0x100)) * 4, "unknown encoding"),
    ],
)
def test_bad_files_of_each_format_raise_a_read_error_naming_the_file(tmp_path, name, content, problem):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ReadError) as caught:
        for source in list_sources([path]):
            read_source(source)
    assert str(path) in str(caught.value) and problem in str(caught.value)


def test_read_errors_survive_pickling():
    import pickle

    error = pickle.loads(pickle.dumps(ReadError("a.txt", "empty document (no text)")))
    assert (str(error), error.path, error.problem) == ("a.txt: empty document (no text)", "a.txt", "empty document (no text)")


# -- the real files of ../shared/corpus --------------------------------------------------------


@needs_corpus
def test_real_gb18030_crlf_work_report():
    raw = (CORPUS / "hailar" / "2012.txt").read_bytes()
    assert b"\r\n" in raw
    document = read_document(CORPUS / "hailar" / "2012.txt")
    assert document.text == raw.decode("gb18030").replace("\r\n", "\n")
    assert meta_of(document) == ("呼伦贝尔市海拉尔区人民政府", "2012-02-29", "呼伦贝尔市海拉尔区")


@needs_corpus
def test_real_docx_reports_in_their_zip():
    sources = list_sources([CORPUS / "provinces-2025" / "reports-docx.zip"])
    assert len(sources) == 31 and len({s.doc_id for s in sources}) == 31
    ningxia = read_source(next(s for s in sources if s.doc_id == "2025年宁夏政府工作报告"))
    assert ningxia.text.startswith("2025年宁夏政府工作报告\n")
    assert (ningxia.meta.author, ningxia.meta.jurisdiction, ningxia.meta.date) == ("宁夏回族自治区人民政府", "宁夏回族自治区", "2025-01-19")


@needs_corpus
def test_real_pdf_text_layer_is_rejoined():
    document = read_document(CORPUS / "hongze" / "2023.pdf")
    assert "《中华人民共和国政府信息公开条例》（国令第 711 号）" in document.text
    assert "严格执行“分级审核、先审后发”程序" in document.text
    assert "- 1 -" not in document.text and "- 2 -" not in document.text
    assert (document.meta.author, document.meta.jurisdiction, document.meta.date) == ("淮安市洪泽区人民政府", "淮安市洪泽区", "2023-12-31")
    assert (document.meta.level, document.meta.year) == ("county", 2023)


@needs_corpus
def test_real_state_council_jsonl():
    sources = list_sources([CORPUS / "state-council"])
    assert len(sources) == 72
    first = read_source(sources[0])
    record = json.loads((CORPUS / "state-council" / "government_work_reports.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert first.text == record["content"]
    assert (first.meta.title, first.meta.author) == ("2025年中华人民共和国国务院政府工作报告", "国务院")


@needs_corpus
def test_every_document_of_the_shared_corpus_reads():
    sources = list_sources([CORPUS])
    documents = [read_source(source) for source in sources]
    assert len(documents) == 112
    suffixes = {s.suffix for s in sources}
    assert suffixes == {".txt", ".docx", ".pdf", ".json"}
    assert sum(len(d.text) for d in documents) > 1_700_000


def test_an_annotation_records_meta_only_fills_what_the_text_leaves_out(tmp_path):
    corpus = tmp_path / "gold.jsonl"
    meta = {"author": "某某县人民政府", "date": "2000-01-01", "jurisdiction": "某某县"}
    corpus.write_bytes(make_jsonl([{"id": "g", "text": REPORT, "meta": meta}, {"id": "h", "text": "区司法局开展普法。", "meta": meta}]))
    told, untold = read_documents([corpus])
    assert meta_of(told) == SAMPLE_META
    assert meta_of(untold) == ("某某县人民政府", "2000-01-01", "某某县")
