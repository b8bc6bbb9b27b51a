"""The exports of the bundled sample, built once per test run and shared by the store, serve, push and validate tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.pipeline import build
from kg.resources import sample_report

_BUILT: list[Path] = []


def sample_exports(factory: pytest.TempPathFactory) -> Path:
    """Return the exports folder of the bundled sample (built on first use)."""
    if not _BUILT:
        out = factory.mktemp("sample-exports")
        build([sample_report()], out)
        _BUILT.append(out)
    return _BUILT[0]
