"""Audiences: the public site holds only public material, the nda site adds nda material, and internal
material reaches no file of any site: pages, search index, sitemap, downloads, exports."""

from __future__ import annotations

import gzip
import io
import subprocess
from pathlib import Path

import pytest
from site_tools import CANARIES_INTERNAL, CANARIES_NDA

from generator.errors import UsageError


def file_texts(site: Path) -> dict[str, str]:
    """Every file of a site as text: PDFs through pdftotext, DOCX through python-docx, gzip unpacked."""
    import docx

    texts: dict[str, str] = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = str(path.relative_to(site))
        data = path.read_bytes()
        if path.suffix == ".pdf":
            texts[rel] = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                                        capture_output=True).stdout.decode("utf-8") + data.decode("latin-1")
        elif path.suffix == ".docx":
            document = docx.Document(io.BytesIO(data))
            parts = [p.text for p in document.paragraphs]
            parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
            for section in document.sections:
                parts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
            parts.append(str(document.core_properties.title) + str(document.core_properties.subject))
            texts[rel] = "\n".join(parts) + data.decode("latin-1")
        elif path.suffix == ".gz":
            texts[rel] = gzip.decompress(data).decode("utf-8")
        else:
            texts[rel] = data.decode("utf-8", errors="replace")
    return texts


def carriers(texts: dict[str, str], canary: str) -> list[str]:
    return [name for name, text in texts.items() if canary in text]


def test_public_site_holds_no_nda_or_internal_material(sites) -> None:  # type: ignore[no-untyped-def]
    texts = file_texts(sites.public)
    for must_exist in ("index.html", "sv/index.html", "search/search_index.json", "sitemap.xml", "sitemap.xml.gz",
                       "trust.json", ".well-known/security.txt", "downloads/en/acme-overview.pdf",
                       "downloads/sv/acme-overview.docx"):
        assert must_exist in texts, must_exist
    assert "Acme Payroll" in texts["downloads/en/acme-overview.pdf"]  # the extraction reads real text
    assert "Acme Payroll" in texts["downloads/en/acme-overview.docx"]
    leaks = {c: carriers(texts, c) for c in CANARIES_NDA + CANARIES_INTERNAL}
    assert {c: f for c, f in leaks.items() if f} == {}
    assert not any("nda-report" in name or "internal-runbook" in name for name in texts)


def test_nda_site_adds_nda_material_but_no_internal(sites) -> None:  # type: ignore[no-untyped-def]
    texts = file_texts(sites.nda)
    for canary in CANARIES_NDA:
        assert carriers(texts, canary), f"{canary} should be on the nda site"
    assert "encryption/index.html" in carriers(texts, "CANARY-NDA-FACT-3b7d")
    assert "search/search_index.json" in carriers(texts, "CANARY-NDA-SUB-8e4f")
    assert "downloads/en/nda-report.pdf" in carriers(texts, "CANARY-NDA-DOC-44f0")
    leaks = {c: carriers(texts, c) for c in CANARIES_INTERNAL}
    assert {c: f for c, f in leaks.items() if f} == {}


def test_nda_site_asks_search_engines_to_stay_away(sites) -> None:  # type: ignore[no-untyped-def]
    assert (sites.nda / "robots.txt").read_text() == "User-agent: *\nDisallow: /\n"
    assert '<meta name="robots" content="noindex, nofollow">' in (sites.nda / "index.html").read_text()
    assert "noindex" not in (sites.public / "index.html").read_text()
    assert not (sites.nda / "sitemap.xml.gz").exists()  # no published address: no sitemap


def test_internal_audience_is_never_built(tmp_path: Path) -> None:
    from generator.site import build_site

    with pytest.raises(UsageError, match="a site is built for 'public' or 'nda' \\(internal material is never published\\)"):
        build_site(tmp_path / "content", tmp_path / "site", audience="internal")
    assert not (tmp_path / "site").exists()
