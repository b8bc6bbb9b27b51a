"""Reading documents: list the documents under the inputs, read each, take its metadata.

A ``Source`` is one document: a file, a member of a .zip archive, or a line of a .jsonl
corpus; ``list_sources`` expands files, folders, archives and corpora into them, in a
fixed order and with unique ids. ``read_source`` turns one into a Document through the
readers of ``kg.formats``. Bad input raises ReadError naming the document and the problem.

The metadata a report carries about itself sits in predictable places: a signature
block at the end (issuing body, then the date), a heading at the top (the body, then
the title), "我代表…" in a work report, "本报告由…编制" in a disclosure report, and
"现将…报告如下" in a cover paragraph.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace
from functools import cache
from pathlib import Path

from kg.divisions import Division, divisions
from kg.formats import READERS, ReadError, iso, read_txt, require_text, to_simplified
from kg.lexicon import alternation
from kg.resources import load_json
from kg.types import Document, DocumentMeta

__all__ = ["ReadError", "Source", "document_from_text", "list_sources", "read_document", "read_documents", "read_source"]

# Suffixes of the files a folder is searched for; any other file named explicitly is read as text.
SUFFIXES = (*READERS, ".jsonl", ".zip")
# Fields of a .jsonl record that hold its text, in order of preference.
TEXT_FIELDS = ("text", "content", "body", "fulltext")
# Zip members that are not documents: folders, macOS resource forks, hidden files.
SKIPPED_MEMBER = re.compile(r"(^|/)(__MACOSX|\.)")

# A calendar date written with Arabic digits, spaces allowed (PDF text layers add them).
DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
# A page number line of a PDF text layer: "- 2 -", "— 3 —".
PAGE_NUMBER = re.compile(r"^[\s\-—－]*\d+[\s\-—－]*$")
# The suffix that turns a jurisdiction into its government: 伊犁哈萨克自治州|人民政府.
GOVERNMENT_SUFFIX = re.compile(r"(人民政府|政府)(办公室|办公厅)?$")
AUTHOR_CLAUSES = (
    re.compile(r"我代表([\u4e00-\u9fff]{0,20}?(?:人民政府|政府|国务院))"),
    re.compile(r"本报告由([\u4e00-\u9fff\s]{2,30}?(?:人民政府|政府)(?:办公室|办公厅)?)"),
)
# A role and a person's name after the body, as in "海拉尔区人民政府区长　　张天喜".
ROLE_AND_NAME = re.compile(r"^([\u4e00-\u9fff]{2,30}?(?:人民政府|政府))(?:[\u4e00-\u9fff]{1,4}长)?[\s\u3000]+[\u4e00-\u9fff·]{2,5}$")
TITLE_IN_TEXT = re.compile(r"现将([\u4e00-\u9fff0-9（）()]{4,60}?)(?:报告)?如下")
# A government named by its level alone: 我代表省人民政府 in a provincial work report.
BARE_GOVERNMENT = re.compile(r"^(省|市|自治区|自治州|州|区|县|旗|盟)(人民)?政府$")
NATIONAL = "中华人民共和国"
NATIONAL_LEVEL = "national"
# The longest line that is a heading or a date line rather than a paragraph.
HEADING_LINE = 40
# A document number: issuer's abbreviation, year in 〔〕 (or [] ［］ （）), serial, 号.
DOCUMENT_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}\s*[〔\[［(（]\s*(?:19|20)\d{2}\s*[〕\]］)）]\s*\d{1,4}\s*号")
NUMBER_BRACKETS = str.maketrans("[［(（]］)）", "〔〔〔〔〕〕〕〕")
# How far from the top a report's document number may stand.
NUMBER_WINDOW = 400


@dataclass(frozen=True)
class Source:
    """One document to read: a file, a member of a .zip archive, or a line of a .jsonl corpus.

    ``data`` holds the bytes of a member or a line (a whole file is read when needed);
    ``problem`` says why a file that was listed cannot be opened at all.
    """

    path: Path
    doc_id: str
    member: str | None = None
    line: int | None = None
    data: bytes | None = field(default=None, repr=False)
    problem: str | None = None

    @property
    def name(self) -> str:
        """Return the readable location: ``a.zip::b.docx``, ``c.jsonl:3``, or the path."""
        name = str(self.path) + (f"::{member_name(self.member)}" if self.member else "")
        return name + (f":{self.line}" if self.line is not None else "")

    @property
    def suffix(self) -> str:
        """Return the lower-case suffix of the member or file (``.json`` for a .jsonl line)."""
        return ".json" if self.line is not None else Path(self.member or self.path.name).suffix.lower()

    def load(self) -> bytes:
        """Return the bytes of this document; raise ReadError when they cannot be had."""
        if self.problem:
            raise ReadError(self.name, self.problem)
        if self.data is not None:
            return self.data
        try:
            return self.path.read_bytes()
        except FileNotFoundError:
            raise ReadError(self.name, "no such file") from None
        except IsADirectoryError:
            raise ReadError(self.name, "is a folder, not a document") from None
        except OSError as error:
            raise ReadError(self.name, f"cannot be opened ({error.strerror or error})") from None


def collect_paths(inputs: Iterable[Path | str]) -> list[Path]:
    """Expand files and folders into the sorted list of readable files under them."""
    found: list[Path] = []
    for item in map(Path, inputs):
        if item.is_dir():
            found.extend(sorted(p for p in item.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith(".")))
        else:
            found.append(item)
    return found


def list_sources(inputs: Iterable[Path | str]) -> list[Source]:
    """Return every document under the inputs, archives and corpora opened, ids unique."""
    sources = [source for path in collect_paths(inputs) for source in expand(path)]
    return unique_ids(sources)


def expand(path: Path) -> list[Source]:
    """Return the documents of one file: itself, the members of a .zip, the lines of a .jsonl."""
    whole = Source(path, path.stem)
    suffix = path.suffix.lower()
    if suffix not in (".zip", ".jsonl"):
        return [whole]
    try:
        data = whole.load()
        found = zip_sources(path, data) if suffix == ".zip" else jsonl_sources(path, data)
        if not found:
            raise ReadError(path, "no documents in it" if suffix == ".zip" else "empty corpus (no JSON records)")
        return found
    except ReadError as error:
        return [replace(whole, problem=error.problem)]


def zip_sources(path: Path, data: bytes) -> list[Source]:
    """Return the documents inside a .zip archive, sorted by member name."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = sorted((i for i in archive.infolist() if readable_member(i)), key=lambda i: member_name(i.filename))
        found: list[Source] = []
        for info in members:
            member_data = archive.read(info)
            stem = Path(member_name(info.filename)).stem
            if info.filename.lower().endswith(".jsonl"):
                found.extend(replace(s, member=info.filename) for s in jsonl_sources(path, member_data))
            else:
                found.append(Source(path, stem, member=info.filename, data=member_data))
        return found
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError, OSError, ValueError) as error:
        raise ReadError(path, f"not a readable .zip archive ({error})") from None


def readable_member(info: zipfile.ZipInfo) -> bool:
    """Return True for a zip member that is a document of a known format."""
    name = member_name(info.filename)
    return not info.is_dir() and not SKIPPED_MEMBER.search(name) and Path(name).suffix.lower() in SUFFIXES and not name.lower().endswith(".zip")


def member_name(raw: str) -> str:
    """Return a zip member's name as written: names stored in GBK are decoded as such."""
    try:
        encoded = raw.encode("cp437")
    except UnicodeEncodeError:
        return raw  # stored as UTF-8 (flag 0x800), already decoded
    for encoding in ("utf-8", "gb18030"):
        try:
            return encoded.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw


def jsonl_sources(path: Path, data: bytes) -> list[Source]:
    """Return one document per non-blank line of a JSON Lines corpus."""
    found: list[Source] = []
    for number, line in enumerate(data.splitlines(), start=1):
        if line.strip():
            found.append(Source(path, record_id(line) or f"{path.stem}-{number}", line=number, data=line))
    return found


def record_id(line: bytes) -> str | None:
    """Return the ``id`` of a JSON Lines record, if it has one."""
    try:
        record = json.loads(line)
    except ValueError:
        return None
    value = record.get("id") if isinstance(record, dict) else None
    return str(value) if isinstance(value, (str, int)) and str(value).strip() else None


def unique_ids(sources: list[Source]) -> list[Source]:
    """Give documents that share an id the name of their folder or archive in front of it."""
    counts = Counter(s.doc_id for s in sources)
    renamed = [replace(s, doc_id=f"{s.path.stem if s.member else s.path.parent.name}-{s.doc_id}") if counts[s.doc_id] > 1 else s for s in sources]
    seen: Counter[str] = Counter()
    result = []
    for source in renamed:
        seen[source.doc_id] += 1
        result.append(replace(source, doc_id=f"{source.doc_id}-{seen[source.doc_id]}") if seen[source.doc_id] > 1 else source)
    return result


def read_document(path: Path | str) -> Document:
    """Read one document file (any format); raise ReadError naming the file and the problem."""
    path = Path(path)
    sources = expand(path)
    if len(sources) != 1:
        raise ReadError(path, f"holds {len(sources)} documents, not one (read it with read_documents)")
    return read_source(sources[0])


def read_documents(inputs: Iterable[Path | str]) -> list[Document]:
    """Read every document under the inputs; raise the first ReadError met."""
    return [read_source(source) for source in list_sources(inputs)]


def read_source(source: Source) -> Document:
    """Read one listed document from its bytes (held, or loaded from its file)."""
    data = source.load()
    if source.line is not None:
        return read_record(source, data)
    found = READERS.get(source.suffix, read_txt)(data, source.name)
    return document_from_text(source.doc_id, found.text, source.name, hints=DocumentMeta(title=found.title, date=found.date))


def read_record(source: Source, data: bytes) -> Document:
    """Read one JSON Lines record: its text field exactly as stored, its metadata fields.

    A corpus's own fields (title, author, date, jurisdiction, year) win over what the text
    says; an annotation record's ``meta`` only fills what the text leaves out, so
    ``kg extract`` of a gold file does not copy the annotators' answers.
    """
    try:
        record = json.loads(data)
    except ValueError as error:
        raise ReadError(source.name, f"not a JSON record ({error})") from None
    if not isinstance(record, dict):
        raise ReadError(source.name, "not a JSON object")
    text = next((record[key] for key in TEXT_FIELDS if isinstance(record.get(key), str)), None)
    if text is None:
        raise ReadError(source.name, f"no text field ({', '.join(TEXT_FIELDS)})")
    require_text(source.name, text)
    given = record_meta(record)
    annotated = record_meta(record["meta"]) if isinstance(record.get("meta"), dict) else None
    return document_from_text(source.doc_id, text, source.name, given=given, hints=annotated)


def record_meta(fields: dict) -> DocumentMeta:
    """Return the title, author, date, jurisdiction and year a JSON record states."""
    named = {key: str(fields[key]) if fields.get(key) else None for key in ("title", "author", "date", "jurisdiction")}
    year = fields.get("year")
    return DocumentMeta(**named, year=int(year) if isinstance(year, int) or (isinstance(year, str) and year.isdigit()) else None)


def document_from_text(doc_id: str, text: str, source: str = "", given: DocumentMeta | None = None, hints: DocumentMeta | None = None) -> Document:
    """Build a Document from text, taking its metadata from the text itself.

    Fields of ``given`` (a corpus record's own metadata) win over what the text says;
    fields of ``hints`` (a PDF's or a page's title and date) fill what the text leaves out.
    """
    meta = read_metadata(to_simplified(text))
    if given is not None:
        meta = merge(given, meta)
    if hints is not None:
        meta = merge(meta, hints)
    return Document(id=doc_id, text=text, source=source or doc_id, meta=meta)


def merge(first: DocumentMeta, second: DocumentMeta) -> DocumentMeta:
    """Return ``first`` with its empty fields taken from ``second``."""
    return DocumentMeta(**{f.name: getattr(first, f.name) or getattr(second, f.name) for f in fields(DocumentMeta)})


@cache
def body_line() -> re.Pattern[str]:
    """Return the pattern of a line holding a body's name alone (reading.json's author_heads)."""
    return re.compile(rf"^[\u4e00-\u9fff（）()]{{2,30}}(?:{alternation(load_json('reading.json')['author_heads'])})$")


@cache
def title_heads() -> tuple[str, ...]:
    """Return the words a report's title line ends with (reading.json)."""
    return tuple(load_json("reading.json")["title_heads"])


def read_metadata(text: str) -> DocumentMeta:
    """Return title, author, date, jurisdiction and province as the text states them."""
    lines = [line.strip() for line in text.splitlines() if line.strip() and not PAGE_NUMBER.match(line)]
    author = find_author(text, lines)
    jurisdiction = jurisdiction_of(author) if author else None
    title = find_title(text, lines)
    if author is not None and jurisdiction is None and BARE_GOVERNMENT.match(author):
        jurisdiction = division_named([title or "", *lines[:3]])
        author = f"{divisions().full_name(jurisdiction)}人民政府" if jurisdiction is not None else author
    if jurisdiction is not None and author is not None:
        author = expand_author(author, jurisdiction)
    province = province_of(jurisdiction)
    date = find_date(lines)
    return DocumentMeta(
        title=title,
        author=author,
        date=date,
        jurisdiction=full_jurisdiction_name(jurisdiction),
        province=province,
        level=NATIONAL_LEVEL if jurisdiction == NATIONAL else getattr(jurisdiction, "level", None),
        number=find_number(text),
        year=year_covered(title, date),
    )


def find_number(text: str) -> str | None:
    """Return the first document number (新政办明电〔2021〕309号) near the top of the text."""
    match = DOCUMENT_NUMBER.search(text[:NUMBER_WINDOW])
    return re.sub(r"\s+", "", match.group(0)).translate(NUMBER_BRACKETS) if match else None


def year_covered(title: str | None, date: str | None) -> int | None:
    """Return the year a report covers: the year in its title (2021年度…), else its date's."""
    match = re.search(r"((?:19|20)\d{2})\s*年", title or "")
    if match:
        return int(match.group(1))
    return int(date[:4]) if date else None


def find_author(text: str, lines: list[str]) -> str | None:
    """Return the issuing body: signature block, heading line, 我代表…, 本报告由…"""
    for line in reversed(lines[-4:]):
        if body_line().match(line) and not DATE.search(line):
            return line
    for line in lines[:3]:
        match = ROLE_AND_NAME.match(line)
        if match:
            return match.group(1)
        if body_line().match(line) and len(line) <= 20:
            return line
    for pattern in AUTHOR_CLAUSES:
        match = pattern.search(text)
        if match:
            return GOVERNMENT_SUFFIX.sub("人民政府", re.sub(r"\s+", "", match.group(1)))
    return None


def division_named(lines: list[str]) -> Division | None:
    """Return the first division named in these lines (the longest name at each place)."""
    table = divisions()
    for line in lines:
        for start in range(len(line)):
            for end in range(min(len(line), start + 12), start + 1, -1):
                found = table.lookup(line[start:end])
                if found is not None:
                    return found
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
        if len(compact) <= 40 and "。" not in compact and compact.endswith(title_heads()):
            return compact
    match = TITLE_IN_TEXT.search(text)
    if match:
        title = match.group(1)
        return title if title.endswith("报告") else title + "报告"
    for line in lines[:3]:
        compact = re.sub(r"\s+", "", line)
        if 4 <= len(compact) <= 40 and not compact.endswith(("：", ":")) and "。" not in compact and not body_line().match(compact) and not compact.startswith(("—", "-", "－")):
            return compact
    return None


def find_date(lines: list[str]) -> str | None:
    """Return the signature date, else the date in the heading, else the latest date named."""
    for line in reversed(lines[-3:]):
        match = DATE.fullmatch(line.strip())
        if match:
            return iso(match)
    for line in lines[:4]:
        match = DATE.search(line) if len(line) <= HEADING_LINE else None
        if match:
            return iso(match)
    dates = sorted(iso(m) for m in DATE.finditer("\n".join(lines)))
    return dates[-1] if dates else None
