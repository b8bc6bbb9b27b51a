"""Stable, readable IRIs for everything a build mints, derived from names and offsets.

Entity IRIs come from the canonical name, so the same body or statute in two reports
is one node; report-bound resources (sentences, mentions, assertions) come from the
report id and offsets, so the same input always gives the same IRIs.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from rdflib import URIRef

from kg.namespaces import ID

# The path segment of each entity kind.
KIND_SEGMENTS = {
    "BODY": "body",
    "PLACE": "place",
    "STATUTE": "statute",
    "POLICY": "policy",
    "PROGRAM": "programme",
    "DOCTRINE": "doctrine",
}
# Quotation marks and title brackets carry no identity: “放管服”改革 and 放管服改革 are one name.
DECORATION = re.compile(r"[“”\"‘’'「」『』《》〈〉<>\s]")
# Characters kept as they are in an IRI path segment (CJK and other non-ASCII stay readable).
SAFE = "()（）-_.~、·+"


def name_key(name: str) -> str:
    """Return the identity key of a name: decoration and whitespace removed."""
    return DECORATION.sub("", name)


def segment(value: str) -> str:
    """Return ``value`` as one IRI path segment, readable but safe."""
    return "".join(ch if ord(ch) > 127 else quote(ch, safe=SAFE) for ch in value)


def entity_iri(label: str, canonical: str) -> URIRef:
    """Return the IRI of the entity of kind ``label`` named ``canonical``."""
    return ID[f"{KIND_SEGMENTS[label]}/{segment(name_key(canonical))}"]


def report_iri(doc_id: str) -> URIRef:
    """Return the IRI of a report."""
    return ID[f"report/{segment(doc_id)}"]


def sentence_iri(doc_id: str, index: int) -> URIRef:
    """Return the IRI of sentence ``index`` of a report."""
    return ID[f"report/{segment(doc_id)}/sentence/{index}"]


def mention_iri(doc_id: str, start: int, end: int) -> URIRef:
    """Return the IRI of the mention at ``start``-``end`` of a report."""
    return ID[f"report/{segment(doc_id)}/mention/{start}-{end}"]


def assertion_iri(doc_id: str, index: int) -> URIRef:
    """Return the IRI of relation assertion ``index`` of a report."""
    return ID[f"report/{segment(doc_id)}/assertion/{index}"]


def selector_iri(resource: URIRef, part: str) -> URIRef:
    """Return the IRI of a selector belonging to ``resource`` (position, quote, trigger)."""
    return URIRef(f"{resource}#{part}")
