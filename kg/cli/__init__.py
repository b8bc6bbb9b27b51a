"""The ``kg`` command: a thin layer over the Python API, one command per module."""

from kg.cli._util import app
from kg.cli import build, eval, extract, push, query, serve, stats, validate, view  # noqa: F401, A004  (each module registers its command)


def main() -> None:
    """Run the ``kg`` command line."""
    app()


__all__ = ["app", "main"]
