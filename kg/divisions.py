"""The gazetteer of PRC administrative divisions shipped in ``data/divisions.tsv``.

Used to expand a jurisdiction written in a report (伊犁州, 洪泽区) to its full
name, to find the province above it, and to recognise places.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from kg.resources import data_path


@dataclass(frozen=True)
class Division:
    """One administrative division: adcode, official name, parent adcode, level."""

    code: str
    name: str
    parent: str
    level: str  # province | prefecture | county
    short: tuple[str, ...]


class Divisions:
    """Look-ups over the division table: by any written form, parent, province."""

    def __init__(self, rows: list[Division]):
        self.by_code = {d.code: d for d in rows}
        self.by_form: dict[str, list[Division]] = {}
        for d in rows:
            for form in (d.name, *d.short):
                self.by_form.setdefault(form, []).append(d)

    def lookup(self, form: str, within: Division | None = None) -> Division | None:
        """Return the division written as ``form``, preferring one inside ``within``."""
        candidates = self.by_form.get(form, [])
        if within is not None:
            inside = [d for d in candidates if self.is_within(d, within)]
            if inside:
                return inside[0]
        if len(candidates) == 1 or (candidates and candidates[0].level != "county"):
            return candidates[0]
        return None

    def parent(self, division: Division) -> Division | None:
        """Return the division directly above ``division``."""
        return self.by_code.get(division.parent)

    def province(self, division: Division) -> Division:
        """Return the province-level division containing ``division``."""
        while division.parent:
            division = self.by_code[division.parent]
        return division

    def is_within(self, division: Division, ancestor: Division) -> bool:
        """Tell whether ``division`` is ``ancestor`` or lies inside it."""
        current: Division | None = division
        while current is not None:
            if current.code == ancestor.code:
                return True
            current = self.parent(current)
        return False

    def full_name(self, division: Division) -> str:
        """Return the name a reader needs to place it: 淮安市洪泽区, 伊犁哈萨克自治州."""
        parent = self.parent(division)
        if division.level == "county" and parent is not None and parent.level == "prefecture":
            return parent.name + division.name
        return division.name

    def chain(self, name: str) -> list[Division]:
        """Return the divisions a name begins with, outermost first (淮安市洪泽区人民政府 -> 淮安市, 洪泽区)."""
        found: list[Division] = []
        rest = name
        while rest:
            within = found[-1] if found else None
            for size in range(min(len(rest), 12), 1, -1):
                division = self.lookup(rest[:size], within=within)
                if division is not None and (within is None or self.is_within(division, within)) and division not in found:
                    found.append(division)
                    rest = rest[size:]
                    break
            else:
                break
        return found

    def named(self, name: str) -> Division | None:
        """Return the division a full name (:meth:`full_name`, 淮安市洪泽区) or form denotes, if listed."""
        division = self.lookup(name)
        if division is not None:
            return division
        chain = self.chain(name)
        return chain[-1] if chain and self.full_name(chain[-1]) == name else None

    def forms(self) -> list[str]:
        """Return every written form, longest first."""
        return sorted(self.by_form, key=len, reverse=True)


@cache
def divisions() -> Divisions:
    """Return the shipped division gazetteer (loaded once)."""
    with data_path("divisions.tsv").open(encoding="utf-8") as f:
        lines = (line for line in f if not line.startswith("#"))
        rows = [
            Division(r["adcode"], r["name"], r["parent"], r["level"], tuple(filter(None, r["short"].split("|"))))
            for r in csv.DictReader(lines, delimiter="\t")
        ]
    return Divisions(rows)
