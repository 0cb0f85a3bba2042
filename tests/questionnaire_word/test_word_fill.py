"""A buyer's Word questionnaire (questions in tables, as Swedish public procurement sends them) filled
in place: the answers and explanations in the buyer's own cells, every other part of the document
byte-identical, a review report beside it, and a file LibreOffice opens without complaint."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from kbtest import MINIMAL, copy_kb, run_cli

from generator.kb import load_knowledge_base
from generator.questionnaire.word import fill_document


def _questionnaire(path: Path) -> Path:
    """Two tables with a header and footer: a Swedish one (Fråga / Svar / Kommentar) with a section row,
    and an English one (Ref / Question / Response / Comments) one of whose answers is already given."""
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "Upphandling 2026-117: säkerhetskrav"
    d.sections[0].footer.paragraphs[0].text = "Sida 1"
    d.add_heading("Bilaga 3: Informationssäkerhet", level=1)
    t = d.add_table(rows=1, cols=4)
    t.style = "Table Grid"
    for cell, text in zip(t.rows[0].cells, ["Nr", "Fråga", "Svar", "Kommentar"]):
        cell.text = text
    section = t.add_row().cells
    merged = section[0].merge(section[3])
    merged.text = "Kryptering"
    for qid, question in (("1.1", "Krypteras data under överföring?"),
                          ("1.2", "Har ni ett bug bounty-program?")):
        row = t.add_row().cells
        row[0].text, row[1].text = qid, question
    d.add_paragraph("Besvara även frågorna nedan.")
    t2 = d.add_table(rows=1, cols=4)
    for cell, text in zip(t2.rows[0].cells, ["Ref", "Question", "Response", "Comments"]):
        cell.text = text
    for qid, question, given in (("E-1", "Do you encrypt data in transit?", ""),
                                 ("E-2", "Is customer content deleted after the subscription ends?", "Ask us")):
        row = t2.add_row().cells
        row[0].text, row[1].text, row[2].text = qid, question, given
    d.save(path)
    return path


@pytest.fixture
def kb_dir(tmp_path: Path) -> Path:
    return copy_kb(MINIMAL, tmp_path / "content")


def test_a_word_questionnaire_is_filled_in_place(tmp_path: Path, kb_dir: Path) -> None:
    source = _questionnaire(tmp_path / "upphandling.docx")
    result = fill_document(load_knowledge_base(kb_dir), source)
    assert result.output == tmp_path / "upphandling-answered.docx"
    assert [layout.describe() for layout in result.layouts] == [
        "table 1: header row 1; id column 1, question column 2, answer column 3, comment column 4",
        "table 2: header row 1; id column 1, question column 2, answer column 3, comment column 4"]
    filled = docx.Document(result.output)
    swedish, english = filled.tables
    assert [c.text for c in swedish.rows[2].cells] == [
        "1.1", "Krypteras data under överföring?", "Ja", "Alla anslutningar använder TLS 1.2 eller senare."]
    assert swedish.rows[3].cells[2].text == ""  # not covered: left for a person
    assert swedish.rows[1].cells[0].text == "Kryptering"  # the section row is untouched
    assert [c.text for c in english.rows[1].cells] == [
        "E-1", "Do you encrypt data in transit?", "Yes", "Every connection uses TLS 1.2 or later."]
    assert english.rows[2].cells[2].text == "Ask us"  # the buyer's own text is never written over
    by_id = {a.id: a for a in result.answers}
    assert (by_id["1.2"].status, by_id["E-2"].status, by_id["E-2"].reason) == ("review", "review", "kept in document")
    review = (tmp_path / "upphandling-answered-review.md").read_text(encoding="utf-8")
    assert "The document already holds a different answer here; it was left as it was." in review

    with zipfile.ZipFile(source) as before, zipfile.ZipFile(result.output) as after:
        assert before.namelist() == after.namelist()
        changed = [n for n in before.namelist() if before.read(n) != after.read(n)]
    assert changed == ["word/document.xml"]


def test_libreoffice_opens_the_filled_document(tmp_path: Path, kb_dir: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is needed for this test: install the Debian package libreoffice-writer-nogui"
    result = fill_document(load_knowledge_base(kb_dir), _questionnaire(tmp_path / "q.docx"))
    run = subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo",
                          "--convert-to", "txt:Text", "--outdir", str(tmp_path / "txt"), str(result.output)],
                         check=False, capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stderr
    text = (tmp_path / "txt" / "q-answered.txt").read_text(encoding="utf-8-sig")
    assert "Alla anslutningar använder TLS 1.2 eller senare." in text


def test_answer_fills_a_word_document_from_the_command_line(tmp_path: Path, kb_dir: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    _questionnaire(tmp_path / "upphandling.docx")
    code, _, err = run_cli(["answer", "upphandling.docx", "--content", str(kb_dir)], tmp_path, capsys)
    assert code == 0
    assert err.splitlines()[-1] == ("upphandling-answered.docx: 2 of 4 questions answered in the document, 2 need "
                                    "review (see upphandling-answered-review.md)")
    code, out, _ = run_cli(["answer", "upphandling.docx", "--content", str(kb_dir), "--format", "json", "-q"],
                           tmp_path, capsys)
    assert code == 0 and '"id": "E-1"' in out
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 not really")
    code, _, err = run_cli(["answer", "broken.docx", "--content", str(kb_dir)], tmp_path, capsys)
    assert code == 1
    assert err == ("trustgen answer: broken.docx: not a .docx document (the file is not a zip package, or it is "
                   "damaged); nothing was written\n")
