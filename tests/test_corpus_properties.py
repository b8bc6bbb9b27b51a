"""Property tests: arbitrary bytes and text through reading, recognition and relations.

Whatever comes in, reading either gives a Document or raises ReadError, extraction
does not crash or hang, and every offset slices the text it points into.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.formats import READERS, ReadError, decode, join_lines, to_simplified
from kg.pipeline import extract
from kg.reading import document_from_text

# Characters reports are made of, and the ones that break parsers: title marks, quotes,
# numbered headings, enumerations, full stops, line breaks, digits, traditional forms.
REPORT_PIECES = [
    "州司法局", "自治区人民政府", "国务院", "《中华人民共和国行政处罚法》", "《关于", "实施方案》", "“放管服”改革",
    "习近平法治思想", "学习贯彻", "制定了", "监督", "将", "要", "一、", "（一）", "1.", "一是", "二是", "。", "，", "；",
    "：", "\n", "\r\n", " ", "\u3000", "2021年12月24日", "- 2 -", "伊犁州", "海拉尔区", "關於報送", "《", "》", "“", "”",
]
SETTINGS = settings(max_examples=40, deadline=timedelta(seconds=5), suppress_health_check=[HealthCheck.too_slow], database=None)

report_like = st.lists(st.sampled_from(REPORT_PIECES), max_size=60).map("".join)
any_text = st.text(max_size=300)


@pytest.fixture(scope="module", autouse=True)
def warm():
    """Load the recognition pipeline once, so no example pays for it."""
    extract(document_from_text("warm-up", "州司法局学习贯彻习近平法治思想。"))


def check_offsets(text: str) -> None:
    """Extract ``text`` and check that every sentence, mention and trigger slices it."""
    extraction = extract(document_from_text("p", text))
    for sentence in extraction.sentences:
        assert 0 <= sentence.start <= sentence.end <= len(text)
        assert text[sentence.start : sentence.end] == sentence.text
    for mention in extraction.mentions:
        assert 0 <= mention.start < mention.end <= len(text)
        assert text[mention.start : mention.end] == mention.text
        assert 0 <= mention.sentence < len(extraction.sentences)
    for relation in extraction.relations:
        assert 0 <= relation.trigger_start <= relation.trigger_end <= len(text)
        assert 0 <= relation.tail < len(extraction.mentions)
        assert relation.head is None or 0 <= relation.head < len(extraction.mentions)


@SETTINGS
@given(report_like)
def test_report_like_text_extracts_with_offsets_into_it(text):
    check_offsets(text)


@SETTINGS
@given(any_text)
def test_any_text_extracts_with_offsets_into_it(text):
    check_offsets(text)


@SETTINGS
@given(report_like)
def test_traditional_forms_keep_length_and_offsets(text):
    assert len(to_simplified(text)) == len(text)
    check_offsets(text.translate(str.maketrans("关于报送国华处罚实设", "關於報送國華處罰實設")))


@settings(max_examples=150, deadline=timedelta(seconds=2), database=None)
@given(st.binary(max_size=400))
def test_any_bytes_decode_or_raise_a_read_error(data):
    try:
        text = decode(data, "x.txt")
    except ReadError as error:
        assert str(error).startswith("x.txt: ")
    else:
        assert isinstance(text, str)


@settings(max_examples=40, deadline=timedelta(seconds=5), database=None)
@given(st.binary(max_size=400), st.sampled_from(sorted(READERS)))
def test_any_bytes_in_any_format_read_or_raise_a_read_error(data, suffix):
    try:
        found = READERS[suffix](data, f"x{suffix}")
    except ReadError as error:
        assert str(error).startswith(f"x{suffix}: ")
    else:
        assert found.text.strip()


@SETTINGS
@given(st.lists(st.sampled_from(REPORT_PIECES[:-12] + ["- 3 -", "第 2 页", "\n", "\n\n"]), max_size=80).map("".join))
def test_joined_lines_keep_every_character_but_page_numbers_and_breaks(text):
    joined = join_lines(text)
    kept = [line for line in text.split("\n") if line.strip() and line.strip() not in ("- 3 -", "- 2 -", "第 2 页")]
    assert joined.replace("\n", "").replace(" ", "").replace("\u3000", "") == "".join(kept).replace(" ", "").replace("\u3000", "")
    assert "- 3 -" not in joined.split("\n")
