"""Files that ship inside the package: the sample report, gazetteers, rule tables, ontology."""

from __future__ import annotations

import csv
import json
from functools import cache
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any

SAMPLE_REPORT = "ili-2021.txt"


def data_path(name: str) -> Path:
    """Return the path of a file in ``kg/data``."""
    with as_file(files("kg") / "data" / name) as path:
        return Path(path)


def ontology_path(name: str) -> Path:
    """Return the path of a file in the ontology folder (``kg.ttl``, ``shapes.ttl``)."""
    with as_file(files("kg") / "ontology" / name) as path:
        return Path(path)


def sample_report() -> Path:
    """Return the path of the bundled sample report (伊犁州 2021 法治政府建设情况报告)."""
    return data_path(SAMPLE_REPORT)


@cache
def load_json(name: str) -> Any:
    """Return the parsed JSON data file ``kg/data/name`` (loaded once)."""
    return json.loads(data_path(name).read_text(encoding="utf-8"))


def load_tsv(name: str) -> list[dict[str, str]]:
    """Return the rows of the TSV file ``kg/data/name`` by column name (``#`` lines skipped)."""
    with data_path(name).open(encoding="utf-8") as f:
        lines = [line for line in f if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))
