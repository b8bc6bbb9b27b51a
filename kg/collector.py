"""Python's cyclic garbage collector kept off the data a build holds on to.

A build allocates millions of small containers that live until it ends (the loaded
models and tables, the extractions, the triples) and few reference cycles. Every full
collection walks all of them: over a corpus that costs seconds, and in forked workers it
also writes to every inherited page, copying memory the processes could have shared.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """Pause the collector meanwhile (it is restored as it was); for code that makes no cycles."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def frozen() -> Iterator[None]:
    """Leave every object alive now out of the collections made meanwhile (``gc.freeze``).

    Objects allocated meanwhile are collected as usual; on leaving, the frozen ones are
    handed back to the collector (``gc.unfreeze``).
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
