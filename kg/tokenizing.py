"""Tokenising: spaCy's character segmentation of Chinese, in linear time.

``spacy.blank("zh")`` segments by character, then realigns the characters with the
text by searching a fresh copy of the rest of the text for each one, which takes time
quadratic in the document's length. ``CharTokenizer`` builds the same tokens (every
non-space character; a single space after a character as its trailing space; any
other run of whitespace as a token of its own) from the text's whitespace runs, and
keeps the text with the Doc: ``Doc.text`` rebuilds it from a Token object per character
on every access, ``doc_text`` returns the kept one.
"""

from __future__ import annotations

import re

from spacy.lang.zh import ChineseTokenizer, Segmenter
from spacy.tokens import Doc

WHITESPACE_RUN = re.compile(r"(\s+)")
TEXT_KEY = "kg_text"  # where a Doc keeps its text, in ``Doc.user_data``


class CharTokenizer(ChineseTokenizer):
    """The Chinese tokenizer whose character segmentation skips spaCy's realignment."""

    def __call__(self, text: str) -> Doc:
        """Return ``text`` as a Doc of one token per character (the other segmenters as spaCy's)."""
        if self.segmenter != Segmenter.char:
            return super().__call__(text)
        words, spaces = char_words_and_spaces(text)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        doc.user_data[TEXT_KEY] = text
        return doc


def doc_text(doc: Doc) -> str:
    """Return the text of ``doc``: the one its tokenizer kept, else ``doc.text``."""
    kept = doc.user_data.get(TEXT_KEY)
    return kept if kept is not None else doc.text


def char_words_and_spaces(text: str) -> tuple[list[str], list[bool]]:
    """Return the words and spaces of ``text`` segmented by character.

    What ``spacy.util.get_words_and_spaces(list(text), text)`` returns: each
    non-whitespace character is a word; a space (" ") right after one is its trailing
    space; the rest of a whitespace run is one word.
    """
    words: list[str] = []
    spaces: list[bool] = []
    parts = WHITESPACE_RUN.split(text)  # characters, whitespace, characters, …
    for index, part in enumerate(parts):
        if index % 2 == 0:
            words.extend(part)
            spaces.extend([False] * len(part))
            continue
        if parts[index - 1] and part[0] == " ":
            spaces[-1] = True
            part = part[1:]
        if part:
            words.append(part)
            spaces.append(False)
    return words, spaces
