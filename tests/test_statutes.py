"""Linking statute names: gold canonical titles and the rules behind them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.divisions import divisions
from kg.statutes import (
    canonical_statute,
    defined_short_forms,
    normalise_title,
    statute_gazetteer,
    statute_level,
    unbracketed_statute_names,
)

SHARED = Path(__file__).resolve().parents[2] / "shared"
DEV_GOLD = SHARED / "gold" / "dev.jsonl"
ILI = ("伊犁哈萨克自治州", "新疆维吾尔自治区")
HONGZE = ("淮安市洪泽区", "江苏省")


def province_of(jurisdiction: str) -> str:
    """Return the province of a jurisdiction written whole or as prefecture + county (淮安市洪泽区)."""
    table = divisions()
    division = table.lookup(jurisdiction)
    for cut in range(2, len(jurisdiction) - 1):
        if division is not None:
            break
        outer = table.lookup(jurisdiction[:cut])
        division = table.lookup(jurisdiction[cut:], within=outer) if outer else None
    assert division is not None, jurisdiction
    return table.province(division).name


def gold_statute_cases() -> list[tuple[str, str, str, str, str, dict[str, str]]]:
    """Return (doc id, mention, jurisdiction, province, gold canonical, aliases) per gold STATUTE."""
    if not DEV_GOLD.exists():
        return []
    cases = []
    for line in DEV_GOLD.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        jurisdiction = doc["meta"]["jurisdiction"]
        province = province_of(jurisdiction)
        aliases = defined_short_forms(doc["text"], jurisdiction, province)
        for entity in doc["entities"]:
            if entity["label"] == "STATUTE":
                cases.append((doc["id"], entity["text"], jurisdiction, province, entity["canonical"], aliases))
    return cases


@pytest.mark.skipif(not DEV_GOLD.exists(), reason="shared/gold/dev.jsonl is absent")
@pytest.mark.parametrize(("doc_id", "text", "jurisdiction", "province", "gold", "aliases"), gold_statute_cases())
def test_gold_canonical(doc_id: str, text: str, jurisdiction: str, province: str, gold: str, aliases: dict[str, str]):
    assert canonical_statute(text, jurisdiction, province, aliases=aliases) == gold


@pytest.mark.skipif(not DEV_GOLD.exists(), reason="shared/gold/dev.jsonl is absent")
def test_gold_provinces_come_from_the_division_gazetteer():
    provinces = {case[0]: case[3] for case in gold_statute_cases()}
    assert provinces == {"ili-2021": "新疆维吾尔自治区", "hongze-2023": "江苏省"}


@pytest.mark.parametrize(
    ("mention", "expected"),
    [
        ("《反恐怖法》", "中华人民共和国反恐怖主义法"),
        ("《反恐法》", "中华人民共和国反恐怖主义法"),
        ("《自治区实施<反恐怖法>办法》", "新疆维吾尔自治区实施《中华人民共和国反恐怖主义法》办法"),
        ("《自治区实施〈反恐怖法〉办法》", "新疆维吾尔自治区实施《中华人民共和国反恐怖主义法》办法"),
        ("《自治区去极端化条例》", "新疆维吾尔自治区去极端化条例"),
        ("《伊犁州职业教育条例》", "伊犁哈萨克自治州职业教育条例"),
        ("《本州城市养犬管理办法》", "伊犁哈萨克自治州城市养犬管理办法"),
        ("《自治州职业教育条例》", "伊犁哈萨克自治州职业教育条例"),
        ("宪法", "中华人民共和国宪法"),
        ("《中华人民共和国民法典》", "中华人民共和国民法典"),
        ("《民法典》", "中华人民共和国民法典"),
        ("《重大行政决策程序暂行条例》", "重大行政决策程序暂行条例"),
        ("《中国共产党统一战线工作条例》", "中国共产党统一战线工作条例"),
        ("《政府信息公开信息处理费管理办\n法》", "政府信息公开信息处理费管理办法"),
        ("《政府信息公开\n- 2 -\n条例》", "中华人民共和国政府信息公开条例"),
        ("《中华人民共和国宪法(2018年修正)》", "中华人民共和国宪法"),
    ],
)
def test_ili_mentions(mention: str, expected: str):
    assert canonical_statute(mention, *ILI) == expected


def test_pdf_line_break_inside_a_national_title():
    assert canonical_statute("《中华人民共和\n国政府信息公开条例》", *HONGZE) == "中华人民共和国政府信息公开条例"


def test_province_prefix_in_another_province_reaches_the_gazetteer():
    expected = "浙江省实施《中华人民共和国反恐怖主义法》办法"
    assert statute_gazetteer().get(expected) is not None
    assert canonical_statute("《省实施<反恐怖法>办法》", "杭州市", "浙江省") == expected


@pytest.mark.parametrize(
    ("mention", "jurisdiction", "province", "expected"),
    [
        ("《市城市绿化条例》", *HONGZE, "淮安市城市绿化条例"),
        ("《区城市绿化管理办法》", *HONGZE, "淮安市洪泽区城市绿化管理办法"),
        ("《市物业管理条例》", "北京市东城区", "北京市", "北京市物业管理条例"),
        ("《省物业管理条例》", *HONGZE, "江苏省物业管理条例"),
        ("《昌吉州职业教育条例》", *ILI, "昌吉回族自治州职业教育条例"),
        ("《市场主体登记管理条例》", *HONGZE, "中华人民共和国市场主体登记管理条例"),
        ("《民诉法》", None, None, "中华人民共和国民事诉讼法"),
    ],
)
def test_relative_and_short_jurisdictions(mention: str, jurisdiction: str | None, province: str | None, expected: str):
    assert canonical_statute(mention, jurisdiction, province) == expected


def test_unknown_prefixes_are_left_alone():
    # Official titles may open with a short form (上海口岸服务条例); unknown ones stay as written.
    assert canonical_statute("《杭州某某保护条例》", "杭州市", "浙江省") == "杭州某某保护条例"
    assert canonical_statute("《自治区去极端化条例》", *HONGZE) == "自治区去极端化条例"


def test_defined_short_forms():
    text = "根据《中华人民共和\n国政府信息公开条例》（国令第 711 号）（以下简称《条例》）\n要求编制"
    aliases = defined_short_forms(text, *HONGZE)
    assert aliases == {"条例": "中华人民共和国政府信息公开条例"}
    assert canonical_statute("《条例》", *HONGZE, aliases=aliases) == "中华人民共和国政府信息公开条例"


def test_normalise_title():
    assert normalise_title("最高人民法院 关于适用〈中华人民共和国工会法〉的解释(一)") == (
        "最高人民法院关于适用《中华人民共和国工会法》的解释（一）"
    )


def test_abbreviations_point_at_gazetteer_titles():
    gazetteer = statute_gazetteer()
    assert 20 <= len(gazetteer.abbreviations) <= 60
    for abbreviation, title in gazetteer.abbreviations.items():
        assert title in gazetteer.by_title, abbreviation
        assert abbreviation not in gazetteer.short_forms, f"{abbreviation} is derivable"


def test_gazetteer_rows_are_statutes():
    gazetteer = statute_gazetteer()
    assert len(gazetteer.by_title) > 3000
    assert all(s.level and s.level not in {"案例", "其他"} for s in gazetteer.by_title.values())
    assert gazetteer.get("中华人民共和国民法典") is not None


@pytest.mark.parametrize(
    ("title", "level"),
    [
        ("中华人民共和国反恐怖主义法", "法律"),
        ("中华人民共和国政府信息公开条例", "行政法规"),
        ("新疆维吾尔自治区实施《中华人民共和国反恐怖主义法》办法", "地方性法规"),
        ("新疆维吾尔自治区去极端化条例", "地方性法规"),
        ("伊犁哈萨克自治州城市养犬管理办法", "地方政府规章"),
        ("中国共产党统一战线工作条例", "党内法规"),
        ("某某读书会章程", None),
    ],
)
def test_statute_level(title: str, level: str | None):
    assert statute_level(title) == level


def test_unbracketed_statute_names():
    names = unbracketed_statute_names()
    assert {"宪法", "民法典", "行政诉讼法", "个人信息保护法", "网络安全法", "反恐怖法"} <= set(names)
    assert "诉讼法" not in names and "刑法" not in names
    assert all(n in {"宪法", "民法典"} or len(n) >= 4 for n in names)
    assert [len(n) for n in names] == sorted((len(n) for n in names), reverse=True)
