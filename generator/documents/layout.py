"""Page numbers for the contents of the Word files, from laying them out once with LibreOffice.

A Word contents field holds its entries as a cached result, which Word rebuilds only when fields are
updated; python-docx cannot lay out pages, and no Python library lays out a Word document. LibreOffice
can: when it is installed (`soffice` on the PATH, or the program TRUSTGEN_SOFFICE names), the build
converts the freshly rendered DOCX files to PDF in one headless LibreOffice run, reads from each PDF's
outline (which LibreOffice makes from the headings) the page every contents entry lands on, and
renders the DOCX again with those numbers in its contents. The contents page ends in a page break,
so numbers in the contents cannot move a heading to another page.

A build never needs LibreOffice. Without it (or TRUSTGEN_SOFFICE set empty), or when it fails, the
contents lists the headings without page numbers, and w:updateFields in the file asks Word to fill
them in when it opens the file.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

ENV = "TRUSTGEN_SOFFICE"
# The page number every entry carries while the layout is measured: two digits, as wide as most.
PROBE = 88


class LayoutFailed(Exception):
    """LibreOffice did not lay the files out; the message says why ("it took longer than 200 s")."""


def program() -> str | None:
    """The LibreOffice program to lay documents out with, or None."""
    chosen = os.environ.get(ENV)
    if chosen is not None:
        return shutil.which(chosen) if chosen.strip() else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def identity() -> str:
    """What names the layout a build gets, for the render cache: the program and when it was installed."""
    found = program()
    if found is None:
        return "none"
    real = Path(found).resolve()
    try:
        return f"{real}:{real.stat().st_mtime_ns}"
    except OSError:
        return str(real)


def _normal(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u2011", "-").split())


def _outline(pdf: Path) -> list[tuple[str, int]]:
    """(title, page from 1) of every outline item, in document order."""
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    found: list[tuple[str, int]] = []

    def walk(items: list) -> None:  # type: ignore[type-arg]
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.append((_normal(str(item.title)), reader.get_destination_page_number(item) + 1))

    walk(reader.outline)
    return found


def _match(entries: list[str], outline: list[tuple[str, int]]) -> tuple[int, ...] | None:
    """The page of each entry, found in order among the outline's items; None if one is missing."""
    pages = []
    at = 0
    for entry in entries:
        wanted = _normal(entry)
        while at < len(outline) and outline[at][0] != wanted:
            at += 1
        if at == len(outline):
            return None
        pages.append(outline[at][1])
        at += 1
    return tuple(pages)


def contents_pages(files: list[tuple[bytes, list[str]]], soffice: str) -> list[tuple[int, ...] | None]:
    """For each DOCX (its bytes and its contents entries' texts), the page of every entry as LibreOffice
    lays the file out; None for a file whose headings could not all be found. LayoutFailed when
    LibreOffice did not run."""
    with tempfile.TemporaryDirectory(prefix="trustgen-layout-") as tmp:
        work = Path(tmp)
        (work / "in").mkdir()
        names = []
        for n, (data, _) in enumerate(files):
            path = work / "in" / f"{n}.docx"
            path.write_bytes(data)
            names.append(str(path))
        # A profile of its own: a LibreOffice the user has open, or another build, is not disturbed.
        command = [soffice, "--headless", "--norestore", "--nologo", "--nolockcheck",
                   f"-env:UserInstallation={(work / 'profile').as_uri()}",
                   "--convert-to", "pdf", "--outdir", str(work / "out"), *names]
        env = dict(os.environ, HOME=str(work))
        try:
            process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                       stderr=subprocess.STDOUT, env=env, start_new_session=True)
        except OSError as exc:
            raise LayoutFailed(f"it could not be started: {exc}") from exc
        limit = 120 + 20 * len(files)
        try:
            output, _ = process.communicate(timeout=limit)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise LayoutFailed(f"it took longer than {limit} s") from None
        from pypdf.errors import PyPdfError

        results: list[tuple[int, ...] | None] = []
        for n, (_, entries) in enumerate(files):
            pdf = work / "out" / f"{n}.pdf"
            if not pdf.is_file():
                said = re.sub(r"\s+", " ", output.decode("utf-8", "replace")).strip()[-300:]
                raise LayoutFailed(f"it ended with exit status {process.returncode} and made no PDF"
                                   + (f" ({said})" if said else ""))
            try:
                results.append(_match(entries, _outline(pdf)))
            except (PyPdfError, ValueError, KeyError, IndexError):  # a PDF pypdf cannot read: not laid out
                results.append(None)
        return results
