"""The demo policies as a reader sees them: the Word file opened in LibreOffice shows its contents with
the page numbers its headings really land on, no e-mail address or standard's name is split across
lines (in the DOCX or the PDF), and both formats are set in the font the trust-center site ships."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOC = "security-overview"
DOT_LEADER = re.compile(r"^(?P<text>.+?)\s*\.{3,}\s*(?P<page>\d+)$")


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    assert found, "LibreOffice is needed for this test: install the Debian package libreoffice-writer-nogui"
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo Security Overview, built as `trustgen build` builds it on a machine with LibreOffice."""
    from generator.documents import DocumentsOutput
    from generator.kb import load_knowledge_base
    from generator.outputs import Context

    soffice()
    root = tmp_path_factory.mktemp("docs")
    content = shutil.copytree(ROOT / "content", root / "content")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", "1796601600")
        mp.delenv("TRUSTGEN_SOFFICE", raising=False)
        mp.chdir(root)
        view = load_knowledge_base(content).for_audience("public")
        DocumentsOutput(only=DOC).build(view, root / "out", Context())
    return root / "out" / "downloads"


def opened_in_libreoffice(docx: Path, tmp: Path) -> Path:
    """The PDF LibreOffice prints of a Word file, as a reader who opens it there sees it."""
    profile = (tmp / "lo").as_uri()
    run = subprocess.run([soffice(), "--headless", "--norestore", f"-env:UserInstallation={profile}",
                          "--convert-to", "pdf", "--outdir", str(tmp / "pdf"), str(docx)],
                         check=False, capture_output=True, text=True, timeout=300)
    pdf = tmp / "pdf" / (docx.stem + ".pdf")
    assert run.returncode == 0 and pdf.is_file(), run.stdout + run.stderr
    return pdf


def page_lines(pdf: Path) -> list[list[str]]:
    """The lines of each page, as pdftotext lays them out, spaces squeezed (no-break spaces too)."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True,
                          text=True).stdout
    return [[" ".join(line.replace("\u00a0", " ").split()) for line in page.splitlines() if line.strip()]
            for page in text.split("\f")]


@pytest.fixture(scope="module")
def word_pages(built: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[list[str]]]:
    tmp = tmp_path_factory.mktemp("lo")
    return {locale: page_lines(opened_in_libreoffice(built / locale / f"{DOC}.docx", tmp / locale))
            for locale in ("en", "sv")}


@pytest.mark.parametrize("locale, contents, history", [("en", "Contents", "Version history"),
                                                       ("sv", "Innehåll", "Versionshistorik")])
def test_word_contents_show_the_pages_the_headings_land_on(word_pages: dict[str, list[list[str]]],
                                                           locale: str, contents: str, history: str) -> None:
    pages = word_pages[locale]
    toc_page = next(n for n, lines in enumerate(pages) if contents in lines)
    entries = [DOT_LEADER.match(line) for line in pages[toc_page]]
    listed = [(m["text"], int(m["page"])) for m in entries if m]
    assert len(listed) > 10 and listed[-1][0] == history
    # Where each heading really is: the first page after the contents, from the previous heading on,
    # with a line that is just the heading (the same title may stand at two levels).
    at = toc_page + 1
    for text, page in listed:
        while text not in pages[at]:
            at += 1
            assert at < len(pages), f"heading {text!r} not found after page {page}"
        assert page == at + 1, (text, page, at + 1)


@pytest.fixture(scope="module")
def must_stay_whole(built: Path) -> dict[str, int]:
    """The addresses and standards' names the English document's body shows, and how often, found in
    its resolved text."""
    from generator.blocks import text_of, unbreakable
    from generator.documents.build import plan, select
    from generator.kb import load_knowledge_base

    kb = load_knowledge_base(built.parent.parent / "content").for_audience("public")
    jobs = plan(kb, kb.documents, select(kb.documents, "public", DOC), "public")
    rdoc = next(j.rdoc for j in jobs if j.rdoc.locale == "en")
    text = " ".join(text_of(rdoc.blocks).split())
    return {piece: text.count(piece) for piece, keep in unbreakable(text) if keep}


def _broken(pages: list[list[str]], terms: dict[str, int]) -> list[str]:
    """The terms that are not shown whole on a line as often as the body says them."""
    lines = [line for page in pages for line in page]
    return sorted(t for t, times in terms.items() if sum(line.count(t) for line in lines) < times)


def test_word_keeps_addresses_and_standard_names_on_one_line(word_pages: dict[str, list[list[str]]],
                                                             must_stay_whole: dict[str, int]) -> None:
    # the certifications table of the overview: its narrow columns hold these
    shown = {"compliance@vindel.example", "SOC 2 Type 2", "ISO/IEC 27001", "CSA STAR Level 1"}
    assert shown <= set(must_stay_whole)
    assert _broken(word_pages["en"], must_stay_whole) == []


def test_pdf_keeps_addresses_and_standard_names_on_one_line(built: Path,
                                                            must_stay_whole: dict[str, int]) -> None:
    assert _broken(page_lines(built / "en" / f"{DOC}.pdf"), must_stay_whole) == []


def fonts_of(pdf: Path) -> list[str]:
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, check=True, text=True).stdout
    return [line.split()[0].split("+")[-1] for line in out.splitlines()[2:]]


def test_pdf_is_set_in_the_sites_font(built: Path) -> None:
    used = fonts_of(built / "en" / f"{DOC}.pdf")
    assert "Inter" in used and "Inter-Bold" in used, used
    assert not any(name.startswith(("LiberationSans", "DejaVuSans")) for name in used), used


def test_word_file_carries_the_sites_font(built: Path, tmp_path: Path) -> None:
    from fontTools.ttLib import TTFont

    docx = built / "en" / f"{DOC}.docx"
    with zipfile.ZipFile(docx) as package:
        styles = package.read("word/styles.xml").decode()
        table = package.read("word/fontTable.xml").decode()
        embedded = {name: package.read(name) for name in package.namelist() if name.startswith("word/fonts/")}
    assert 'w:ascii="Inter"' in styles
    assert '<w:font w:name="Inter">' in table and 'w:altName w:val="Arial"' in table
    # each embedded font, unscrambled with the key the font table names, is Inter
    keys = dict(re.findall(r'r:id="(rIdFont\d)" w:fontKey="\{([0-9A-F-]+)\}"', table))
    assert len(embedded) == len(keys) == 2
    for n, (_, key) in enumerate(sorted(keys.items()), start=1):
        mask = bytes.fromhex(key.replace("-", ""))[::-1]
        data = embedded[f"word/fonts/font{n}.odttf"]
        font = TTFont(io.BytesIO(bytes(b ^ mask[i % 16] for i, b in enumerate(data[:32])) + data[32:]))
        assert font["name"].getDebugName(1) == "Inter"
    # and LibreOffice prints the file with it (the system has no Inter: the file brings its own)
    used = fonts_of(opened_in_libreoffice(docx, tmp_path))
    assert "Inter-Regular" in used and "Inter-Bold" in used, used


def test_a_hyphen_in_an_address_is_no_place_for_a_line_break(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Word would end a line after the hyphen of security-team@...: the DOCX holds a no-break hyphen there
    (which Word shows, and copies out, as a plain hyphen), the PDF keeps the address on one line."""
    import docx
    from docs_helpers import FIXTURE, copy_fixture

    from generator.documents import build_documents
    from generator.documents.pdf import keep_lines
    from generator.kb import load_knowledge_base

    content = copy_fixture(tmp_path / "content", FIXTURE)
    org = content / "organization.yaml"
    org.write_text(org.read_text(encoding="utf-8").replace("security@exempel.example",
                                                           "security-team@exempel.example"), encoding="utf-8")
    monkeypatch.setenv("TRUSTGEN_SOFFICE", "")
    build_documents(load_knowledge_base(content), tmp_path / "site", only="overview",
                    cache_dir=tmp_path / "cache")
    word = docx.Document(str(tmp_path / "site" / "downloads" / "en" / "overview.docx"))
    note = next(p for t in word.tables for row in t.rows for c in row.cells for p in c.paragraphs
                if p.text.startswith("Questions?"))
    assert note.text == "Questions? Write to security-team@exempel.example."
    hyphen = r"<w:t[^>]*>[^<]*security</w:t>\s*<w:noBreakHyphen/>\s*<w:t[^>]*>team@exempel\.example"
    assert re.search(hyphen, note._p.xml)
    assert str(keep_lines("Write to security-team@exempel.example.")) == (
        'Write to <span class="nowrap">security-team@exempel.example</span>.')
