"""Derive kg/data/countries.tsv: the Chinese names of the world's countries and territories.

    pip install -e ".[train]" && python scripts/make_countries.py

From pycountry's ISO 3166-1 table and its zh_CN translations (the iso-codes project):
one row per Chinese name (short, common and official: 美国, 美利坚合众国), with the
ISO alpha-2 code. The rules read a country before a government head as a jurisdiction
(日本政府, 埃及政府), as they read a Chinese division (伊犁州人民政府).
"""

from __future__ import annotations

import gettext
from pathlib import Path

import pycountry

OUT = Path(__file__).resolve().parents[1] / "kg" / "data" / "countries.tsv"
NAME_FIELDS = ("common_name", "name", "official_name")


def chinese_names() -> list[tuple[str, str]]:
    """Return (Chinese name, alpha-2 code) of every country that has a zh_CN translation."""
    translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"])
    rows = set()
    for country in pycountry.countries:
        for field in NAME_FIELDS:
            english = getattr(country, field, None)
            chinese = translation.gettext(english) if english else None
            if chinese and chinese != english:
                rows.add((chinese, country.alpha_2))
    return sorted(rows)


def main() -> None:
    """Write the table."""
    rows = chinese_names()
    OUT.write_text("name\talpha_2\n" + "".join(f"{name}\t{code}\n" for name, code in rows), encoding="utf-8")
    print(f"wrote {len(rows)} names to {OUT}")


if __name__ == "__main__":
    main()
