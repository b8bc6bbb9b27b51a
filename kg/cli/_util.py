"""The shared Typer app and the one printer every command talks through."""

from __future__ import annotations

import sys

import typer

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
