"""The extraction cache: an unchanged document is not processed again.

An entry is keyed by the document's bytes, its id and location, and the version of
the code and data that extracted it (a hash of the files of the ``kg`` package, less
those that only write or show graphs), so changing a report, a rule table, the
model or the code makes its entry miss. Entries are pickled
Extractions, written to a temporary file and moved into place, so an interrupted
build never leaves half an entry; an entry that cannot be loaded counts as a miss.

A build whose documents all came from the cache, with the same code, skips the graph
and its exports when the exports folder still holds what that build wrote (its
manifest, ``.kg-build.json``, records a digest of each file).
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import tempfile
from functools import cache
from pathlib import Path

from kg.types import Extraction

# Bumped when the layout of an entry changes.
FORMAT = "1"
# Parts of the package that never change an extraction: they write, show or serve graphs.
OUTPUT_ONLY = (
    "cli/", "data/viewer/", "data/queries/", "ontology/", "annotations.py", "evaluating.py", "exporting.py", "graphing.py",
    "layout.py", "namespaces.py", "identifiers.py", "pushing.py", "serving.py", "store.py", "validating.py", "viewing.py",
)
# The record of the last build in an exports folder: its key and the digest of each export.
MANIFEST = ".kg-build.json"


@cache
def code_version(extraction_only: bool = True) -> str:
    """Return a hash of the files of the installed ``kg`` package (code and data).

    With ``extraction_only`` the parts that only write, show or serve a built graph
    (``OUTPUT_ONLY``) are left out, so changing the viewer keeps the extraction cache.
    """
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256(FORMAT.encode())
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        name = path.relative_to(root).as_posix()
        if not (extraction_only and name.startswith(OUTPUT_ONLY)):
            digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def content_key(data: bytes, doc_id: str, name: str) -> str:
    """Return the cache key of a document: its bytes, id and location, and the code version."""
    digest = hashlib.sha256(code_version().encode())
    for part in (doc_id.encode(), name.encode(), data):
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()


class ExtractionCache:
    """Pickled Extractions in a folder, one file per key (``ab/abcdef….pickle``)."""

    def __init__(self, folder: Path | str):
        self.folder = Path(folder)

    def path(self, key: str) -> Path:
        """Return the file of an entry."""
        return self.folder / key[:2] / f"{key}.pickle"

    def get(self, key: str) -> Extraction | None:
        """Return the cached Extraction of ``key``, or None when absent or unreadable."""
        try:
            with self.path(key).open("rb") as stream:
                found = pickle.load(stream)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            return None
        return found if isinstance(found, Extraction) else None

    def put(self, key: str, extraction: Extraction) -> None:
        """Store an Extraction under ``key`` (atomically: a temporary file moved into place)."""
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        replace_atomically(target, pickle.dumps(extraction, protocol=pickle.HIGHEST_PROTOCOL))


def replace_atomically(target: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``target``, then move it into place."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def build_key(parts: list[str]) -> str:
    """Return the key of a whole build: the whole code's version and each document's key or error."""
    digest = hashlib.sha256(code_version(extraction_only=False).encode())
    for part in parts:
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()


def file_digest(path: Path) -> str:
    """Return the SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def up_to_date(out_dir: Path, key: str) -> list[Path] | None:
    """Return the exports of the last build into ``out_dir`` if it had this key and they are unchanged."""
    try:
        manifest = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
        files = [out_dir / name for name in manifest["files"]]
        if manifest["key"] == key and files and all(file_digest(p) == manifest["files"][p.name] for p in files):
            return files
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return None


def record_build(out_dir: Path, key: str, written: list[Path]) -> None:
    """Write the manifest of a finished build: its key and the digest of each export."""
    manifest = {"key": key, "files": {path.name: file_digest(path) for path in sorted(written)}}
    replace_atomically(out_dir / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode("utf-8"))
