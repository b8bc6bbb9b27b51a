"""The shared Typer app and the one printer every command talks through."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import typer

from kg.store import QueryError

app = typer.Typer(
    name="kg",
    help="Build knowledge graphs of institutions, laws and programmes from Chinese government reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def info(message: str) -> None:
    """Print a progress or result line to standard error (standard output stays data)."""
    print(message, file=sys.stderr)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print one error line and return the Exit to raise with ``code``."""
    print(f"error: {message}", file=sys.stderr)
    return typer.Exit(code)


@contextmanager
def reading_graph() -> Iterator[None]:
    """Turn a graph file that is missing, of an unknown kind or unparsable into one error line and exit 1."""
    try:
        yield
    except QueryError as error:
        raise fail(f"cannot read the graph: {error}") from None
    except (FileNotFoundError, ValueError) as error:
        raise fail(str(error)) from None
