"""Small documents of every format, made at run time for the reading and corpus tests."""

from __future__ import annotations

import io
import json
import zipfile

from .conftest import SHARED

CORPUS = SHARED / "corpus"

# A short report: heading, cover paragraph, numbered section, signature block.
REPORT = (
    "伊犁州2021年度法治政府建设情况报告\n"
    "现将伊犁州2021年度法治政府建设情况报告如下：\n"
    "一、主要做法\n"
    "州司法局深入学习贯彻习近平法治思想，认真贯彻落实《中华人民共和国行政处罚法》。\n"
    "州人民政府制定了《伊犁州法治政府建设实施方案》。\n"
    "伊犁哈萨克自治州人民政府\n"
    "2021年12月24日\n"
)


def make_docx(paragraphs: list[str], table: list[list[str]] | None = None, title: str = "") -> bytes:
    """Return a .docx with these paragraphs, then a table, made with python-docx."""
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, cells in zip(grid.rows, table):
            for cell, text in zip(row.cells, cells):
                cell.text = text
    document.core_properties.title = title
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_pdf(pages: list[list[str]]) -> bytes:
    """Return a PDF whose pages hold lines of Chinese text (STSong-Light, UCS-2 encoded)."""
    objects = {
        1: "<< /Type /Catalog /Pages 2 0 R >>",
        3: "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
        "/DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> >>] >>",
    }
    kids = []
    for number, lines in enumerate(pages):
        page, content = 4 + 2 * number, 5 + 2 * number
        kids.append(f"{page} 0 R")
        stream = "BT /F1 12 Tf 14 TL 50 800 Td " + " ".join(f"<{line.encode('utf-16-be').hex()}> Tj T*" for line in lines) + " ET"
        objects[page] = f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents {content} 0 R >>"
        objects[content] = f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream"
    objects[2] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out = bytearray(b"%PDF-1.4\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += f"{number} 0 obj\n{objects[number]}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offsets[n]:010d} 00000 n \n" for n in sorted(objects)).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def make_blank_pdf() -> bytes:
    """Return a one-page PDF without any text (as a scan without OCR would be)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def make_html(body: str, title: str = "", head: str = "", charset: str = "utf-8") -> bytes:
    """Return a web page with a menu, the body in an article and a footer around it."""
    page = (
        f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title}</title>{head}</head><body>'
        '<div class="nav"><a href="/">首页</a> <a href="/zwgk">政务公开</a> <a href="/bsfw">办事服务</a></div>'
        f'<div id="content"><h1>{title.split("_")[0]}</h1><div class="article">{body}</div></div>'
        '<div class="footer">主办单位：某某人民政府办公室 版权所有 网站标识码6500000001</div></body></html>'
    )
    return page.encode(charset)


def make_zip(members: dict[str, bytes], gbk_names: bool = False) -> bytes:
    """Return a .zip of these members; with ``gbk_names`` the names are stored in GBK (as Windows does)."""
    buffer = io.BytesIO()
    renames: dict[bytes, bytes] = {}
    with zipfile.ZipFile(buffer, "w") as archive:
        for index, (name, data) in enumerate(members.items()):
            if gbk_names:  # an ASCII stand-in of the same length, patched below (no UTF-8 flag is set)
                raw = name.encode("gbk")
                stand_in = f"{index:03d}".ljust(len(raw), "_").encode()
                renames[stand_in] = raw
                name = stand_in.decode()
            archive.writestr(name, data)
    data = buffer.getvalue()
    for stand_in, raw in renames.items():
        data = data.replace(stand_in, raw)
    return data


def make_jsonl(records: list[dict]) -> bytes:
    """Return JSON Lines, one record a line."""
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records).encode("utf-8")
