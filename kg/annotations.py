"""The annotation guide's JSON Lines format (``../shared/ANNOTATION.md``): one document a line.

Entity offsets point into the document text; relation heads are entity ids or
"AUTHOR"; titles nested inside other titles are not entities of this format
(spans never overlap), so they and their relations are left out.
"""

from __future__ import annotations

from typing import Any

from kg.types import Extraction

AUTHOR = "AUTHOR"


def to_record(extraction: Extraction) -> dict[str, Any]:
    """Return one document of the guide's format."""
    document = extraction.document
    kept = [m for m in extraction.mentions if m.inside is None]
    ids = {m.id: index for index, m in enumerate(kept)}
    meta = {k: v for k, v in (("author", document.meta.author), ("date", document.meta.date), ("jurisdiction", document.meta.jurisdiction), ("title", document.meta.title)) if v}
    return {
        "id": document.id,
        "text": document.text,
        "meta": meta,
        "entities": [
            {"id": ids[m.id], "start": m.start, "end": m.end, "label": m.label, "text": m.text, "canonical": m.canonical}
            for m in kept
        ],
        "relations": [
            {"type": r.type, "head": AUTHOR if r.head is None else ids[r.head], "tail": ids[r.tail], "status": r.status}
            for r in extraction.relations
            if r.tail in ids and (r.head is None or r.head in ids)
        ],
    }
