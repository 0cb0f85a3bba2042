"""Helpers of the document tests: fixture knowledge bases, text out of PDF and DOCX files, and the text
a document is expected to show (read from the resolved block model, never typed into a test)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "data" / "documents" / "kb"


def copy_fixture(dest: Path, src: Path = FIXTURE) -> Path:
    shutil.copytree(src, dest)
    return dest


def squash(text: str) -> str:
    """Text without any whitespace: line breaks and hyphen breaks in a PDF cannot make a match fail."""
    return re.sub(r"\s+", "", text.replace("\u00ad", ""))


def pdf_pages(path: Path) -> list[str]:
    """The text of each page (pypdf), remembered per file version: extraction is the slow part of a test."""
    stat = path.stat()
    return list(_pdf_pages(str(path), stat.st_mtime_ns, stat.st_size))


@lru_cache(maxsize=256)
def _pdf_pages(path: str, mtime: int, size: int) -> tuple[str, ...]:
    from pypdf import PdfReader

    return tuple(page.extract_text() or "" for page in PdfReader(path).pages)


_PAGE_LABEL = re.compile(r"(Page|Sida) \d+ (of|av) \d+$")
_MARKER = re.compile(r"^\s*(•|\d+\.)\s*$")
_HEADER = re.compile(r" (PUBLIC|CONFIDENTIAL|INTERNAL|OFFENTLIG|KONFIDENTIELL|INTERN)$")


def pdf_text(path: Path) -> str:
    """The body text of a PDF: the running header and footer (drawn after each page's body) are left out,
    so that a paragraph running over a page break reads as one."""
    out = []
    for page in pdf_pages(path):
        lines = page.splitlines()
        if lines and _PAGE_LABEL.search(lines[-1]):
            lines.pop()
            if lines and _HEADER.search(lines[-1]):
                lines.pop()
        # list markers are drawn apart from their items; extraction may put them on lines of their own
        out.append("\n".join(line for line in lines if not _MARKER.match(line)))
    return "\n".join(out)


def _docx_blocks(container) -> Iterator[str]:  # type: ignore[no-untyped-def]
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for item in container.iter_inner_content():
        if isinstance(item, Paragraph):
            yield item.text
        elif isinstance(item, Table):
            for row in item.rows:
                seen = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    yield from _docx_blocks(cell)


def docx_text(path: Path) -> str:
    """The body of a DOCX in reading order, tables included."""
    import docx

    return "\n".join(_docx_blocks(docx.Document(str(path))))


def docx_margins(path: Path) -> str:
    """Headers and footers of every section."""
    import docx

    out = []
    for section in docx.Document(str(path)).sections:
        for part in (section.header, section.footer, section.first_page_footer):
            out.extend(p.text for p in part.paragraphs)
    return "\n".join(out)


def expected_texts(rdoc) -> list[str]:  # type: ignore[no-untyped-def]
    """Every piece of text a document must show: headings, paragraphs, list items, table cells, code."""
    from generator import blocks as b

    out: list[str] = []
    for block in b.walk(rdoc.blocks):
        if isinstance(block, (b.Heading, b.Paragraph)):
            out.append(b.plain(block.inlines))
        elif isinstance(block, b.Table):
            out.extend(b.plain(cell) for row in (block.header, *block.rows) for cell in row)
        elif isinstance(block, b.KeyValues):
            out.extend(b.plain(cell) for row in block.rows for cell in row)
        elif isinstance(block, b.CodeBlock):
            out.extend(block.text.splitlines())
    return [t for t in out if t.strip()]


def missing(expected: list[str], shown: str) -> list[str]:
    flat = squash(shown)
    return [t for t in expected if squash(t) not in flat]
