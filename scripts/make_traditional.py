"""Derive kg/data/traditional.tsv from OpenCC's TSCharacters table (Apache-2.0), as shipped
by the ``opencc-python-reimplemented`` wheel (opencc/dictionary/TSCharacters.txt).

    pip install opencc-python-reimplemented==0.1.7
    python scripts/make_traditional.py

Writes one row per traditional character that has a single-character simplified form
(the first of OpenCC's candidates), so converting a text never changes its length.
"""

from __future__ import annotations

import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "kg" / "data" / "traditional.tsv"


def main(source: Path) -> None:
    rows = []
    for line in source.read_text(encoding="utf-8").splitlines():
        traditional, _, candidates = line.partition("\t")
        simplified = candidates.split(" ")[0] if candidates else ""
        if len(traditional) == 1 and len(simplified) == 1 and traditional != simplified:
            rows.append(f"{traditional}\t{simplified}")
    header = "# Traditional -> simplified characters, from OpenCC TSCharacters.txt (Apache-2.0); scripts/make_traditional.py\n"
    OUT.write_text(header + "traditional\tsimplified\n" + "\n".join(sorted(rows)) + "\n", encoding="utf-8")
    print(f"wrote {len(rows)} characters to {OUT}")


if __name__ == "__main__":
    if len(sys.argv) > 1:
        main(Path(sys.argv[1]))
    else:
        import opencc

        main(Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt")
