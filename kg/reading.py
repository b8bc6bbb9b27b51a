"""Reading documents: decode a file into a Document and take its metadata from its own text.

The metadata a report carries about itself sits in predictable places: a signature
block at the end (issuing body, then the date), a heading at the top (the body, then
the title), "我代表…" in a work report, "本报告由…编制" in a disclosure report, and
"现将…报告如下" in a cover paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.divisions import Division, divisions
from kg.types import Document, DocumentMeta

TEXT_SUFFIXES = (".txt",)

# A calendar date written with Arabic digits, spaces allowed (PDF text layers add them).
DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
# A page number line of a PDF text layer: "- 2 -", "— 3 —".
PAGE_NUMBER = re.compile(r"^[\s\-—－]*\d+[\s\-—－]*$")
# The head noun of an acting body's name, used to recognise a body written alone on a line.
BODY_LINE = re.compile(r"^[\u4e00-\u9fff（）()]{2,30}(人民政府|政府|委员会|办公室|办公厅|人民代表大会常务委员会|局|厅|委|院|部)$")
# The suffix that turns a jurisdiction into its government: 伊犁哈萨克自治州|人民政府.
GOVERNMENT_SUFFIX = re.compile(r"(人民政府|政府)(办公室|办公厅)?$")
AUTHOR_CLAUSES = (
    re.compile(r"我代表([\u4e00-\u9fff]{0,20}?(?:人民政府|政府|国务院))"),
    re.compile(r"本报告由([\u4e00-\u9fff\s]{2,30}?(?:人民政府|政府)(?:办公室|办公厅)?)"),
)
# A role and a person's name after the body, as in "海拉尔区人民政府区长　　张天喜".
ROLE_AND_NAME = re.compile(r"^([\u4e00-\u9fff]{2,30}?(?:人民政府|政府))(?:[\u4e00-\u9fff]{1,4}长)?[\s\u3000]+[\u4e00-\u9fff·]{2,5}$")
TITLE_IN_TEXT = re.compile(r"现将([\u4e00-\u9fff0-9（）()]{4,60}?)(?:报告)?如下")
TITLE_HEADS = ("报告", "总结", "要点", "情况", "规划", "纲要", "方案", "意见", "通知")
NATIONAL = "中华人民共和国"


class ReadError(Exception):
    """A document that cannot be read; ``str()`` names the file and the problem."""

    def __init__(self, path: Path | str, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path = str(path)
        self.problem = problem


def collect_paths(inputs: Iterable[Path | str]) -> list[Path]:
    """Expand files and folders into the sorted list of readable documents under them."""
    found: list[Path] = []
    for item in map(Path, inputs):
        if item.is_dir():
            found.extend(sorted(p for p in item.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES))
        else:
            found.append(item)
    return found


def read_document(path: Path | str) -> Document:
    """Read one UTF-8 text report; raise ReadError naming the file and the problem."""
    path = Path(path)
    if not path.exists():
        raise ReadError(path, "no such file")
    if path.is_dir():
        raise ReadError(path, "is a folder, not a document")
    data = path.read_bytes()
    return document_from_text(path.stem, decode_text(path, data), str(path))


def decode_text(path: Path, data: bytes) -> str:
    """Decode the bytes of a text file, rejecting binary and undecodable content."""
    if b"\x00" in data[:8192]:
        raise ReadError(path, "binary file (contains NUL bytes), not a text document")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ReadError(path, f"not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start})") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ReadError(path, "empty document (no text)")
    return text


def document_from_text(doc_id: str, text: str, source: str = "") -> Document:
    """Build a Document from text, taking its metadata from the text itself."""
    return Document(id=doc_id, text=text, source=source or doc_id, meta=read_metadata(text))


def read_metadata(text: str) -> DocumentMeta:
    """Return title, author, date, jurisdiction and province as the text states them."""
    lines = [line.strip() for line in text.splitlines() if line.strip() and not PAGE_NUMBER.match(line)]
    author = find_author(text, lines)
    jurisdiction = jurisdiction_of(author) if author else None
    if jurisdiction is not None and author is not None:
        author = expand_author(author, jurisdiction)
    province = province_of(jurisdiction)
    return DocumentMeta(
        title=find_title(text, lines),
        author=author,
        date=find_date(lines),
        jurisdiction=full_jurisdiction_name(jurisdiction),
        province=province,
    )


def find_author(text: str, lines: list[str]) -> str | None:
    """Return the issuing body: signature block, heading line, 我代表…, 本报告由…"""
    for line in reversed(lines[-4:]):
        if BODY_LINE.match(line) and not DATE.search(line):
            return line
    for line in lines[:3]:
        match = ROLE_AND_NAME.match(line)
        if match:
            return match.group(1)
        if BODY_LINE.match(line) and len(line) <= 20:
            return line
    for pattern in AUTHOR_CLAUSES:
        match = pattern.search(text)
        if match:
            return GOVERNMENT_SUFFIX.sub("人民政府", re.sub(r"\s+", "", match.group(1)))
    return None


def jurisdiction_of(author: str) -> Division | str | None:
    """Return the division an author body belongs to (国务院 -> the whole country)."""
    if author.startswith(("国务院", "中共中央", "全国")):
        return NATIONAL
    found: Division | None = None
    rest = author
    table = divisions()
    while rest:
        for form in (rest[:n] for n in range(min(len(rest), 12), 1, -1)):
            division = table.lookup(form, within=found)
            if division is not None and (found is None or table.is_within(division, found)):
                found, rest = division, rest[len(form):]
                break
        else:
            break
    return found


def expand_author(author: str, jurisdiction: Division | str) -> str:
    """Write the author's jurisdiction in full: 洪泽区人民政府 -> 淮安市洪泽区人民政府."""
    if isinstance(jurisdiction, str):
        return author
    table = divisions()
    for form in sorted((jurisdiction.name, *jurisdiction.short), key=len, reverse=True):
        index = author.find(form)
        if index >= 0:
            return table.full_name(jurisdiction) + author[index + len(form):]
    return author


def full_jurisdiction_name(jurisdiction: Division | str | None) -> str | None:
    """Return the readable full name of a jurisdiction."""
    if jurisdiction is None or isinstance(jurisdiction, str):
        return jurisdiction
    return divisions().full_name(jurisdiction)


def province_of(jurisdiction: Division | str | None) -> str | None:
    """Return the province-level division above a jurisdiction (itself if it is one)."""
    if jurisdiction is None or isinstance(jurisdiction, str):
        return None
    return divisions().province(jurisdiction).name


def find_title(text: str, lines: list[str]) -> str | None:
    """Return the report's title: a heading line near the top, else 现将…报告如下."""
    for line in lines[:4]:
        compact = re.sub(r"\s+", "", line)
        if len(compact) <= 40 and "。" not in compact and compact.endswith(TITLE_HEADS):
            return compact
    match = TITLE_IN_TEXT.search(text)
    if match:
        title = match.group(1)
        return title if title.endswith("报告") else title + "报告"
    for line in lines[:3]:
        compact = re.sub(r"\s+", "", line)
        if 4 <= len(compact) <= 40 and not compact.endswith(("：", ":")) and "。" not in compact and not BODY_LINE.match(compact):
            return compact
    return None


def find_date(lines: list[str]) -> str | None:
    """Return the signature date, else the date in the heading, else the latest date named."""
    for line in reversed(lines[-3:]):
        match = DATE.fullmatch(line.strip())
        if match:
            return iso_date(match)
    for line in lines[:4]:
        match = DATE.search(line)
        if match:
            return iso_date(match)
    dates = sorted(iso_date(m) for m in DATE.finditer("\n".join(lines)))
    return dates[-1] if dates else None


def iso_date(match: re.Match[str]) -> str:
    """Return YYYY-MM-DD for a matched 年月日 date."""
    year, month, day = (int(group) for group in match.groups())
    return f"{year:04d}-{month:02d}-{day:02d}"


def iter_documents(paths: Iterable[Path]) -> Iterator[Document | ReadError]:
    """Read each path in turn, yielding the Document or the ReadError that stopped it."""
    for path in paths:
        try:
            yield read_document(path)
        except ReadError as error:
            yield error
