"""Derive kg/data/central_bodies.tsv from the central-agency map (shared/gazetteers).

    python scripts/make_central_bodies.py ../shared/gazetteers/central_agencies.json

Writes one row per central party or state body: its official Chinese name and its English
name. Only entries under a branch's ``agencies`` are bodies; the map also lists groupings
(国务院直属机构: skipped by NOT_BODIES) and provinces, cities, media and a mixed
"other" branch (skipped by SKIPPED_BRANCHES). "A / B" (one body, two names) gives two rows. Short forms
(央行, 最高法…) are kept by hand in kg/data/central_body_short_forms.tsv.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "kg" / "data" / "central_bodies.tsv"
SKIPPED_BRANCHES = {"provinces", "municipalities", "media", "sc_other"}
NOT_BODIES = ("组成部门", "机构", "机关", "直属事业单位", "管理的国家局")


def bodies(table: dict) -> list[tuple[str, str]]:
    """Return (Chinese name, English name) of every central body in the map, sorted."""
    rows: dict[str, str] = {}
    for branch in table["branches"]:
        if branch["id"] in SKIPPED_BRANCHES:
            continue
        for entry in [branch, *branch.get("agencies", [])]:
            for name in entry["name_cn"].split(" / "):
                if not name.endswith(NOT_BODIES):
                    rows.setdefault(name.strip(), entry.get("name_en", ""))
    return sorted(rows.items())


def main() -> None:
    """Write the table."""
    table = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    lines = ["name\tname_en"] + [f"{zh}\t{en}" for zh, en in bodies(table)]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines) - 1} bodies -> {OUT}")


if __name__ == "__main__":
    main()
