"""The policy documents of the demo content as a reviewer reads them: the cover names the legal entity
and the approval (by whom, when, which version), its labels do not wrap, a sentence is not said twice,
and in Word certification names stay on one line and headings stand clear of the text."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOC = "information-security-policy"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from generator.documents import DocumentsOutput
    from generator.kb import load_knowledge_base
    from generator.outputs import Context

    root = tmp_path_factory.mktemp("docs")
    content = shutil.copytree(ROOT / "content", root / "content")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", "1796601600")
        mp.chdir(root)
        view = load_knowledge_base(content).for_audience("public")
        DocumentsOutput(only=DOC).build(view, root / "out", Context())
    return root / "out" / "downloads"


def layout_text(pdf: Path, first: int, last: int) -> str:
    return subprocess.run(["pdftotext", "-layout", "-f", str(first), "-l", str(last), str(pdf), "-"],
                          capture_output=True, check=True, text=True).stdout


@pytest.mark.parametrize("locale, rows", [
    ("en", ["Version 4.0", "Effective from 15 September 2026", "Approved by",
            "Approved on 15 September 2026", "Issued by Vindelfors AB", "Classification Public"]),
    ("sv", ["Version 4.0", "Gäller från 15 september 2026", "Godkänd av",
            "Godkänd 15 september 2026", "Utfärdad av Vindelfors AB", "Klassificering Offentlig"]),
])
def test_the_cover_names_the_legal_entity_and_the_approval(built: Path, locale: str, rows: list[str]) -> None:
    cover = layout_text(built / locale / f"{DOC}.pdf", 1, 1)
    lines = [" ".join(line.split()) for line in cover.splitlines() if line.strip()]
    for row in rows:
        # each label on one line with its value: no label wraps ("Effective from" did)
        assert any(line == row or line.startswith(row + " ") for line in lines), (row, lines)
    text = " ".join(cover.split())
    assert ("Chief Executive Officer, on behalf of the management" in text if locale == "en"
            else "Verkställande direktören" in text)


@pytest.mark.parametrize("locale, sentence", [
    ("en", "information security management system follows ISO/IEC 27001:2022"),
    ("sv", "ledningssystem för informationssäkerhet följer ISO/IEC 27001:2022"),
])
def test_management_commitment_states_the_standard_once(built: Path, locale: str, sentence: str) -> None:
    text = " ".join(layout_text(built / locale / f"{DOC}.pdf", 1, 99).split())
    assert text.count("27001:2022") == 1
    assert sentence in text


def test_word_keeps_certification_names_together_and_headings_clear(built: Path) -> None:
    import docx

    document = docx.Document(str(built / "en" / f"{DOC}.docx"))
    texts = [p.text for p in document.paragraphs]
    assert any("ISO/IEC\u00a027001:2022" in t for t in texts)
    assert not any("ISO/IEC 27001" in t for t in texts)
    heading = document.styles["Heading 1"].paragraph_format
    assert heading.space_before is not None and heading.space_before.pt >= 12
    assert heading.keep_with_next


def test_the_cover_shows_the_organisations_logo(built: Path) -> None:
    from pypdf import PdfReader

    # The demo logo (content/files/vindel-logo.svg) is drawn in #0f4c5c, a colour nothing else uses:
    # the cover paints with it, the pages after it do not.
    logo_fill = "0.058824 0.298039 0.360784 rg"
    pages = PdfReader(str(built / "en" / f"{DOC}.pdf")).pages
    assert logo_fill in pages[0].get_contents().get_data().decode("latin-1")
    assert all(logo_fill not in page.get_contents().get_data().decode("latin-1") for page in pages[1:])
