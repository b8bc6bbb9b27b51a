"""File formats: the text of a .txt, .docx, .pdf or .html file, whatever its encoding.

Each reader takes the file's bytes and its name (for error messages) and returns a
``Text``: the plain text the pipeline sees, with ``\\n`` line ends, and whatever the
container says about the document (a PDF's or a page's title, a page's date). A file
that cannot be read raises ``ReadError`` naming the file and the problem.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from kg.resources import load_tsv

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from lxml.html import HtmlElement

# Byte order marks, longest first (UTF-32 LE starts with the UTF-16 LE mark).
BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
# Encodings a detector may name, read as the superset that decodes all of them.
SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "hz": "gb18030", "big5": "big5hkscs", "cp950": "big5hkscs"}
# A page number line of a PDF text layer: "- 2 -", "— 3 —", "第 2 页", "2/5".
PAGE_NUMBER = re.compile(r"^[\s\-—－]*\d+[\s\-—－]*$|^\s*第\s*\d+\s*页(\s*[/／共]\s*\d+\s*页?)?\s*$|^\s*\d+\s*/\s*\d+\s*$")
# A numbered heading that starts a new paragraph: 一、 / （一） / 1. / 第一条 / 一是.
HEADING = re.compile(r"^[\s\u3000]*(?:[一二三四五六七八九十]+[、是]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[.、．](?!\d)|第[一二三四五六七八九十百\d]+[章节条])")
# Marks a line can end with when its sentence or clause ends there.
LINE_END = "。！？!?：:；;"
# Controls other than tab and newline, which no report text needs.
CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff]")
# Elements of a web page that are never the report's text.
HTML_NOISE = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "select", "button", "head", "svg")
# class or id words of menus, footers and the like.
HTML_NOISE_NAMES = re.compile(r"nav|menu|footer|header|breadcrumb|crumb|sidebar|share|copyright|banner|toolbar|related|links", re.I)
HTML_BLOCKS = ("p", "div", "td", "th", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "main", "pre", "blockquote", "tr", "table", "br", "center")
# Title metas: the CMS's own (most Chinese government sites), then Open Graph and Dublin Core.
ARTICLE_TITLE_META, OTHER_TITLE_META = "ArticleTitle", ("og:title", "dc.title")
HTML_DATE_META = ("PubDate", "pubdate", "publishdate", "firstpublishedtime", "article:published_time", "dc.date", "dcterms.issued", "date")
ANY_DATE = re.compile(r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
PUBLISHED = re.compile(r"(?:发布时间|发布日期|成文日期|日期|时间)[:：\s]*" + ANY_DATE.pattern)
CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.I)
# The separators between a page's title and its site's name: "报告_某某人民政府网".
TITLE_SEPARATORS = re.compile(r"\s*[_|｜]\s*|\s+[-—–]\s+")


class ReadError(Exception):
    """A document that cannot be read; ``str()`` names the file and the problem."""

    def __init__(self, path: object, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path = str(path)
        self.problem = problem

    def __reduce__(self) -> tuple:
        """Pickle with both arguments (errors travel back from worker processes)."""
        return (type(self), (self.path, self.problem))


@dataclass(frozen=True)
class Text:
    """A document's text and what its file says about it besides the text."""

    text: str
    title: str | None = None
    date: str | None = None


def clean(text: str) -> str:
    """Return text with ``\\n`` line ends and without control characters or byte order marks."""
    return CONTROLS.sub("", text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0c", "\n"))


def require_text(name: str, text: str, problem: str = "empty document (no text)") -> str:
    """Return ``text`` if it has any non-blank character, else raise ReadError."""
    if not text.strip():
        raise ReadError(name, problem)
    return text


# -- traditional characters --------------------------------------------------------------


@cache
def simplified_table() -> dict[int, str]:
    """Return the str.translate table of traditional to simplified characters (one to one)."""
    return {ord(row["traditional"]): row["simplified"] for row in load_tsv("traditional.tsv")}


def is_traditional(text: str) -> bool:
    """Return True when at least 1% of the Chinese characters are traditional-only forms.

    A character counts when the table converts it and GB2312 (the simplified set) lacks it,
    so 乾隆 or 於 in a simplified text do not make it traditional.
    """
    table = simplified_table()
    hanzi = [ch for ch in text if "\u4e00" <= ch <= "\u9fff" or ord(ch) in table]
    if not hanzi:
        return False
    traditional = sum(1 for ch in hanzi if ord(ch) in table and not _in_gb2312(ch))
    return traditional >= max(1, 0.01 * len(hanzi))


def _in_gb2312(ch: str) -> bool:
    """Return True if GB2312 (simplified Chinese) has the character."""
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def to_simplified(text: str) -> str:
    """Return a traditional text in simplified characters, same length (offsets stay valid)."""
    return text.translate(simplified_table()) if is_traditional(text) else text


# -- plain text ---------------------------------------------------------------------------


def decode(data: bytes, name: str) -> str:
    """Decode text bytes: a byte order mark, else UTF-16 or UTF-8, else the detected encoding."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return _decode_as(data, encoding, name)
    if b"\x00" in data:
        encoding = utf16_encoding(data)
        if encoding is None:
            raise ReadError(name, "binary file (contains NUL bytes), not a text document")
        return _decode_as(data, encoding, name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        utf8_error = error
    encoding = detect_encoding(data)
    if encoding is None:
        raise ReadError(name, f"unknown encoding: not UTF-8 (byte 0x{data[utf8_error.start]:02x} at offset {utf8_error.start}), nor GB18030, Big5 or UTF-16")
    return _decode_as(data, encoding, name)


def utf16_encoding(data: bytes) -> str | None:
    """Return the UTF-16 byte order of text without a byte order mark, else None (binary)."""
    if len(data) % 2:
        return None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if plausible(text):
            return encoding
    return None


def plausible(text: str) -> bool:
    """Return True if nearly all characters are ones a Chinese report is written in."""
    usual = sum(1 for ch in text if ch in "\n\r\t" or " " <= ch <= "~" or "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" or "\u2010" <= ch <= "\u2027")
    return usual >= 0.95 * len(text)


def detect_encoding(data: bytes) -> str | None:
    """Return the encoding of non-UTF-8 text: GB18030 when it decodes, else charset-normalizer's guess."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:65536], cp_isolation=["gb18030", "big5", "utf_16", "cp1252", "latin_1"]).best()
    guess = SUPERSETS.get(best.encoding, best.encoding) if best is not None else None
    for encoding in dict.fromkeys(e for e in (guess, "gb18030") if e):
        try:
            data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        return encoding
    return None


def _decode_as(data: bytes, encoding: str, name: str) -> str:
    """Decode with ``encoding`` strictly, raising ReadError at the first bad byte."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise ReadError(name, f"not valid {encoding} (byte 0x{data[error.start]:02x} at offset {error.start})") from None


def read_txt(data: bytes, name: str) -> Text:
    """Read a plain text file in any of the encodings reports come in."""
    return Text(require_text(name, clean(decode(data, name))))


# -- .docx --------------------------------------------------------------------------------


def read_docx(data: bytes, name: str) -> Text:
    """Read the paragraphs and tables of a .docx body in document order."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
        lines = list(docx_lines(document))
        title = document.core_properties.title or None
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise ReadError(name, f"not a readable .docx ({type(error).__name__}: {error})") from None
    except Exception as error:  # lxml's XMLSyntaxError and other damage inside the package
        raise ReadError(name, f"damaged .docx ({type(error).__name__}: {error})") from None
    return Text(require_text(name, clean("\n".join(lines))), title=title)


def docx_lines(document: DocxDocument) -> list[str]:
    """Return one line per paragraph and per table row (cells joined by tabs)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            lines.extend("\t".join(dict.fromkeys(cell.text.strip() for cell in row.cells)) for row in block.rows)
    return lines


# -- .pdf ---------------------------------------------------------------------------------


def read_pdf(data: bytes, name: str) -> Text:
    """Read a PDF's text layer, rejoining lines its layout broke and dropping page numbers."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReadError(name, "encrypted PDF (needs a password)")
        pages = [page.extract_text() or "" for page in reader.pages]
        title = (reader.metadata or {}).get("/Title")
    except ReadError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError, ZeroDivisionError) as error:
        raise ReadError(name, f"not a readable PDF ({type(error).__name__}: {error})") from None
    text = require_text(name, clean("\n".join(pages)), "PDF without a text layer (scanned pages?): no text to read")
    return Text(join_lines(text), title=str(title).strip() or None if title is not None else None)


def join_lines(text: str) -> str:
    """Rejoin lines a page layout broke inside a sentence; drop page number lines.

    A line is continued by the next when it is nearly as wide as the page's full lines
    and ends without a sentence or clause mark, or when a 《title》 opened on it is still
    open, and the next line does not start a numbered heading.
    """
    lines = [line.strip() for line in text.split("\n")]
    lines = [line for line in lines if line and not PAGE_NUMBER.match(line)]
    full = full_width(lines)
    out: list[str] = []
    for previous, line in zip([""] + lines, lines):
        if out and continues(previous, line, full):
            out[-1] = glue(out[-1], line)
        else:
            out.append(line)
    return "\n".join(out)


def width(line: str) -> float:
    """Return a line's printed width in CJK characters (ASCII counts half)."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in line)


def full_width(lines: list[str]) -> float:
    """Return the width of a full line: the 90th percentile of the line widths."""
    widths = sorted(width(line) for line in lines)
    return widths[int(len(widths) * 0.9)] if widths else 0.0


def continues(previous: str, line: str, full: float) -> bool:
    """Return True if ``line`` continues the sentence of the line before it, ``previous``."""
    if HEADING.match(line):
        return False
    if previous.count("《") > previous.count("》"):
        return True
    return full >= 10 and not previous.endswith(tuple(LINE_END)) and width(previous) >= 0.8 * full


def glue(left: str, right: str) -> str:
    """Join two pieces of a broken line: a space between two Latin words, else nothing."""
    if left[-1:].isascii() and left[-1:].isalnum() and right[:1].isascii() and right[:1].isalnum():
        return f"{left} {right}"
    return left + right


# -- .html --------------------------------------------------------------------------------


def read_html(data: bytes, name: str) -> Text:
    """Read a web page's main text (menus, headers and footers left out), title and date."""
    import lxml.html
    from lxml.etree import ParserError

    markup = require_text(name, decode_html(data, name))
    try:
        root = lxml.html.document_fromstring(re.sub(r"^\s*<\?xml[^>]*>", "", markup))
    except (ParserError, ValueError) as error:
        raise ReadError(name, f"not a readable HTML page ({error})") from None
    title, date = html_title(root), html_date(root)
    for element in [*root.iter(*HTML_NOISE), *(e for e in root.iter() if is_noise(e))]:
        if element.getparent() is not None:
            element.drop_tree()
    text = clean(block_text(main_element(root)))
    return Text(require_text(name, text, "no text in the page"), title=title, date=date)


def decode_html(data: bytes, name: str) -> str:
    """Decode a page by its byte order mark, its declared charset, else like a text file."""
    declared = CHARSET.search(data[:4096])
    if declared and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        encoding = declared.group(1).decode("ascii").lower()
        try:
            return data.decode(SUPERSETS.get(encoding, encoding))
        except (UnicodeDecodeError, LookupError):
            pass
    return decode(data, name)


def is_noise(element: HtmlElement) -> bool:
    """Return True for a menu, footer, breadcrumb… by its class or id (never the body)."""
    if not isinstance(element.tag, str) or element.tag in ("html", "body"):
        return False
    return bool(HTML_NOISE_NAMES.search(f"{element.get('class', '')} {element.get('id', '')}"))


def html_title(root: HtmlElement) -> str | None:
    """Return the page's title: its ArticleTitle meta, first h1, a title meta, else <title> less the site name."""
    found = meta_content(root, ARTICLE_TITLE_META)
    if found:
        return found
    for h1 in root.iter("h1"):
        text = re.sub(r"\s+", "", h1.text_content())
        if text:
            return text
    for key in OTHER_TITLE_META:
        found = meta_content(root, key)
        if found:
            return found
    titles = [re.sub(r"\s+", " ", t.text_content()).strip() for t in root.iter("title")]
    if titles and titles[0]:
        return max(TITLE_SEPARATORS.split(titles[0]), key=len).strip() or None
    return None


def html_date(root: HtmlElement) -> str | None:
    """Return the page's publication date as YYYY-MM-DD: a date meta, else a 发布时间 line."""
    for key in HTML_DATE_META:
        found = meta_content(root, key)
        match = ANY_DATE.search(found or "")
        if match:
            return iso(match)
    match = PUBLISHED.search(root.text_content())
    return iso(match) if match else None


def meta_content(root: HtmlElement, key: str) -> str | None:
    """Return the content of <meta name=key> or <meta property=key>, case-insensitive."""
    for meta in root.iter("meta"):
        if key.lower() in ((meta.get("name") or "").lower(), (meta.get("property") or "").lower()):
            content = (meta.get("content") or "").strip()
            if content:
                return content
    return None


def iso(match: re.Match[str]) -> str:
    """Return YYYY-MM-DD from a match whose groups 1, 2 and 3 are year, month and day."""
    year, month, day = (int(match.group(i)) for i in (1, 2, 3))
    return f"{year:04d}-{month:02d}-{day:02d}"


def main_element(root: HtmlElement) -> HtmlElement:
    """Return the element holding the page's main text: the most text in its paragraphs.

    Each paragraph-like element scores its own text less its link text; the score
    goes to its parent and half of it to its grandparent (the readability heuristic).
    """
    scores: dict[HtmlElement, float] = {}
    for element in root.iter("p", "div", "td", "li", "pre", "section", "article"):
        own = own_text_length(element)
        if own < 10:
            continue
        for share, holder in ((1.0, element.getparent()), (0.5, _grandparent(element))):
            if holder is not None:
                scores[holder] = scores.get(holder, 0.0) + share * own
    if not scores:
        bodies = list(root.iter("body"))
        return bodies[0] if bodies else root
    return max(scores, key=scores.__getitem__)


def _grandparent(element: HtmlElement) -> HtmlElement | None:
    """Return the parent of the element's parent, if any."""
    parent = element.getparent()
    return parent.getparent() if parent is not None else None


def own_text_length(element: HtmlElement) -> int:
    """Return the length of an element's text outside links and outside nested blocks."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag not in HTML_BLOCKS and child.tag != "a":
            parts.append(child.text_content())
        parts.append(child.tail or "")
    return len(re.sub(r"\s+", "", "".join(parts)))


def block_text(element: HtmlElement) -> str:
    """Return an element's text with a line break at each block element and <br>."""
    parts: list[str] = []
    _collect(element, parts)
    lines = (re.sub(r"[ \t\u00a0]+", " ", line).strip(" \u3000") for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _collect(element: HtmlElement, parts: list[str]) -> None:
    """Append the text of ``element`` and its descendants to ``parts``, blocks on lines."""
    tag = element.tag if isinstance(element.tag, str) else ""
    block = tag in HTML_BLOCKS
    if block:
        parts.append("\n")
    parts.append(re.sub(r"\s*\n\s*", "", element.text or "") if tag != "pre" else element.text or "")
    for child in element:
        _collect(child, parts)
        parts.append(re.sub(r"\s*\n\s*", "", child.tail or ""))
    if block:
        parts.append("\n")


READERS: dict[str, Callable[[bytes, str], Text]] = {
    ".txt": read_txt,
    ".text": read_txt,
    ".docx": read_docx,
    ".pdf": read_pdf,
    ".html": read_html,
    ".htm": read_html,
    ".xhtml": read_html,
}
