"""Derive kg/data/statutes.tsv from the LawRefBook title table (shared/gazetteers).

    python scripts/make_statutes.py ../shared/gazetteers/lawrefbook_titles.csv

Writes one row per official statute title: title, level, publish date, valid_from,
expired flag. Titles are written in the form ``kg.statutes.normalise_title`` gives
(no whitespace, full-width parentheses, inner titles in 《》), deduplicated (the newest
version of a title wins; the parts of 民法典 collapse into one row) and sorted. Rows
without a level, cases (案例) and 其他, and titles that are not statute names
(决定, 决议, 批复, 安排, 通知, case headlines…) are skipped.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kg.statutes import normalise_title  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "kg" / "data" / "statutes.tsv"
SKIPPED_LEVELS = {"", "案例", "其他"}
COLUMNS = ("title", "level", "publish", "valid_from", "expired")
# A statute name ends in a statute head word, optionally followed by （试行）, （一）, （2018年）…
STATUTE_NAME = re.compile(r"(?:法|法典|条例|规定|办法|细则|规则|准则|守则|解释|修正案)(?:（[^（）]*）)*$")


def is_statute_name(title: str) -> bool:
    """Tell whether ``title`` names a statute (and not a decision, reply or case)."""
    return bool(STATUTE_NAME.search(title))


def version_key(row: dict[str, str]) -> tuple[str, str, bool]:
    """Order the rows of one title: newest publish date, then valid_from, whole title last."""
    return (row["publish"], row["valid_from"], not row["subtitle"])


def read_rows(path: str) -> dict[str, dict[str, str]]:
    """Return the newest row of each statute title in the CSV, keyed by normalised title."""
    best: dict[str, dict[str, str]] = {}
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            title = normalise_title(row["full_title"])
            if row["level"].strip() in SKIPPED_LEVELS or not is_statute_name(title):
                continue
            if title not in best or version_key(row) > version_key(best[title]):
                best[title] = row
    return best


def main(path: str) -> None:
    """Write kg/data/statutes.tsv from the CSV at ``path``."""
    best = read_rows(path)
    with OUT.open("w", encoding="utf-8", newline="") as out:
        out.write("# derived by scripts/make_statutes.py from LawRefBook/Laws titles (shared/gazetteers/lawrefbook_titles.csv)\n")
        writer = csv.writer(out, delimiter="\t", lineterminator="\n")
        writer.writerow(COLUMNS)
        for title in sorted(best):
            row = best[title]
            expired = "1" if row["expired"].strip() == "1" else "0"
            writer.writerow((title, row["level"].strip(), row["publish"], row["valid_from"], expired))
    print(f"wrote {len(best)} titles to {OUT}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
