"""Knowledge graphs of the institutions, laws and programmes in Chinese government reports.

    >>> from kg import build, extract_path, sample_report
    >>> result = build([sample_report()], "exports")        # doctest: +SKIP
"""

from kg.pipeline import build, extract, extract_all, extract_path
from kg.reading import ReadError, read_document
from kg.resources import sample_report

__all__ = ["ReadError", "build", "extract", "extract_all", "extract_path", "read_document", "sample_report"]
