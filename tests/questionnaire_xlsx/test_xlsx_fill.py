"""Filling the buyer's own workbook: the CAIQ-like and HECVAT-like fixtures come back with the
answers in place and every other part of the package as it was."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from xlsx_fixtures import CAIQ_QUESTIONS, CAIQ_SHEET, free_text_book, hecvat_workbook
from xlsx_helpers import parts, read_values, sheet_cells

from generator.errors import UsageError
from generator.kb import load_knowledge_base
from generator.text import statement

# Parts the filler may change: the sheets that got answers and workbook.xml (fullCalcOnLoad).
EDITED = {
    "caiq": {"xl/worksheets/sheet2.xml", "xl/workbook.xml"},
    "hecvat": {"xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml", "xl/workbook.xml"},
}
# The answer and comment cells of each edited sheet: nothing else in it may differ.
ANSWER_CELLS = {
    "xl/worksheets/sheet2.xml@caiq": {f"{col}{r}" for col in "CE" for r in range(4, 4 + len(CAIQ_QUESTIONS))},
    "xl/worksheets/sheet2.xml@hecvat": {f"{col}{r}" for col in "CD" for r in range(5, 11)},
    "xl/worksheets/sheet3.xml@hecvat": {f"{col}{r}" for col in "CD" for r in range(3, 5)},
}


def _statement(kb_root: Path, entry_id: str) -> str:
    kb = load_knowledge_base(kb_root)
    return statement(kb, kb.entry(entry_id), "en")


def test_layouts_found_by_headers(filled) -> None:
    assert [layout.describe() for layout in filled["caiq"].result.layouts] == [
        "sheet 'CAIQv4.0.3': header row 3; id A, question B, answer C, comment E"]
    assert [layout.describe() for layout in filled["hecvat"].result.layouts] == [
        "sheet 'Application': header row 3; id A, question B, answer C, comment D",
        "sheet 'Infrastructure': header row 2; id A, question B, answer C, comment D"]


def test_questions_read_in_order_with_cached_formula_text_and_section_rows_skipped(filled) -> None:
    answers = filled["hecvat"].result.answers
    assert [(a.id, a.question) for a in answers] == [
        ("APPL-01", "Do you require multi-factor authentication for administrative access?"),
        ("APPL-02", "Is all network traffic to the application encrypted in transit?"),
        ("APPL-03", "Do you allow unencrypted connections?"),
        ("DATA-01", "Do you back up institutional data?"),
        ("DATA-02", "Do you sell institutional data to advertisers?"),
        ("HIPA-01", "Are you HIPAA compliant?"),
        ("INFR-01", "Do you scan your infrastructure for vulnerabilities?"),
    ]
    assert [a.id for a in filled["caiq"].result.answers] == [qid for qid, _ in CAIQ_QUESTIONS]


def test_every_other_part_is_byte_identical(filled) -> None:
    for name, f in filled.items():
        before, after = parts(f.source), parts(f.output)
        assert [n for n, _ in before] == [n for n, _ in after], "same parts in the same order"
        changed = {n for (n, a), (_, b) in zip(before, after) if a != b}
        assert changed == EDITED[name]


def test_edited_sheets_differ_only_in_answer_and_comment_cells(filled) -> None:
    for name, f in filled.items():
        before, after = dict(parts(f.source)), dict(parts(f.output))
        for part in EDITED[name] - {"xl/workbook.xml"}:
            old, new = before[part], after[part]
            old_cells, new_cells = sheet_cells(old), sheet_cells(new)
            differing = {ref for ref in old_cells.keys() | new_cells.keys() if old_cells.get(ref) != new_cells.get(ref)}
            assert differing and differing <= ANSWER_CELLS[f"{part}@{name}"], (part, differing)
            # Outside <sheetData> nothing changed at all (merged cells, validations, x14 extLst, page setup ...).
            head_old, _, tail_old = old.partition(b"<sheetData>")
            head_new, _, tail_new = new.partition(b"<sheetData>")
            assert tail_old.split(b"</sheetData>")[1] == tail_new.split(b"</sheetData>")[1]
            assert re.sub(rb'<dimension ref="[^"]*"/>', b"", head_old) == re.sub(rb'<dimension ref="[^"]*"/>', b"", head_new)
            # Row elements keep their attributes (only a spans hint may widen).
            rows = re.compile(rb"<row [^>]*>")
            strip = re.compile(rb' spans="[^"]*"')
            assert [strip.sub(b"", r) for r in rows.findall(old)] == [strip.sub(b"", r) for r in rows.findall(new)]


def test_workbook_xml_changes_only_to_recalculate_on_open(filled) -> None:
    caiq_old = dict(parts(filled["caiq"].source))["xl/workbook.xml"]
    caiq_new = dict(parts(filled["caiq"].output))["xl/workbook.xml"]
    # The CAIQ fixture has no <calcPr>: one is inserted where the schema wants it (before extLst).
    assert caiq_new == caiq_old.replace(b"<extLst>", b'<calcPr fullCalcOnLoad="1"/><extLst>')
    hec_old = dict(parts(filled["hecvat"].source))["xl/workbook.xml"]
    hec_new = dict(parts(filled["hecvat"].output))["xl/workbook.xml"]
    assert hec_new == hec_old.replace(b'<calcPr calcId="191029"/>', b'<calcPr calcId="191029" fullCalcOnLoad="1"/>')


def test_caiq_answers_land_in_the_answer_and_description_columns(filled) -> None:
    f = filled["caiq"]
    values = read_values(f.output, CAIQ_SHEET)
    rows = {qid: 4 + i for i, (qid, _) in enumerate(CAIQ_QUESTIONS)}
    assert values[f"C{rows['BCR-08.1']}"] == "Yes"
    assert values[f"E{rows['BCR-08.1']}"] == _statement(f.kb_root, "backups")
    assert values[f"C{rows['CEK-03.1']}"] == "Yes"
    assert values[f"E{rows['CEK-03.1']}"] == _statement(f.kb_root, "tls-in-transit")
    assert values[f"C{rows['IAM-14.1']}"] == "Yes"
    # Not covered, and "partial" which the Yes/No/NA list does not allow: both blank.
    for qid in ("A&A-01.1", "TVM-07.1", "HRS-11.1", "HRS-12.1"):
        assert f"C{rows[qid]}" not in values and f"E{rows[qid]}" not in values, qid
    # The SSRM ownership drop-down is not an answer column and stays empty.
    assert not any(ref.startswith("D") and int(ref[1:]) >= 4 for ref in values)
    written = sheet_cells(dict(parts(f.output))["xl/worksheets/sheet2.xml"])
    assert b't="inlineStr"' in written[f"C{rows['BCR-08.1']}"] and b"<f>" not in written[f"C{rows['BCR-08.1']}"]


def test_hecvat_answers_take_values_from_the_sheet_scoped_named_range(filled) -> None:
    f = filled["hecvat"]
    app = read_values(f.output, "Application")
    assert (app["C5"], app["C6"], app["C7"], app["C9"]) == ("Yes", "Yes", "No", "Yes")
    assert app["D7"] == _statement(f.kb_root, "tls-in-transit")   # "No" to the unencrypted question, same fact
    assert "C10" not in app and "D10" not in app                   # not covered: left for a person
    infra = read_values(f.output, "Infrastructure")
    assert infra["C3"] == "No" and infra["D3"] == _statement(f.kb_root, "hipaa")
    assert "C4" not in infra                                       # partial: the x14 list allows only Yes/No/N/A


def test_written_drop_down_values_are_allowed_by_their_lists(filled) -> None:
    from generator.questionnaire.xlsx import Workbook

    for f in filled.values():
        with Workbook(f.output) as wb:
            for layout in f.result.layouts:
                sheet = wb.sheet(layout.sheet)
                for row in range(1, sheet.max_row + 1):
                    value = sheet.value(row, layout.answer_col)
                    validation = sheet.validation_at(row, layout.answer_col)
                    if value and validation is not None:
                        assert value in wb.list_values(sheet, validation), (layout.sheet, row, value)


def test_review_report_beside_the_workbook(filled) -> None:
    f = filled["caiq"]
    md_path, csv_path = f.result.reports
    assert md_path == f.output.with_name("caiq-answered-review.md")
    assert csv_path == f.output.with_name("caiq-answered-review.csv")
    md = md_path.read_text(encoding="utf-8")
    heading = next(line for line in md.splitlines() if line.startswith("### TVM"))
    assert "devices the company manages" in heading
    assert ("The drop-down list of the answer cell has no value for this answer, so the cell was left blank."
            in md)
    assert "`vulnerability-scanning` would answer **partial**" in md
    csv_bytes = csv_path.read_bytes()
    assert csv_bytes.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel needs to read UTF-8
    # The report's columns, then the context columns the workbook gives each question.
    assert csv_bytes.decode("utf-8-sig").splitlines()[0] == (
        "ID,Question,Status,Answer,Explanation,Confidence,Language,Sources,Reason,Suggestions,ccm control title")
    assert f.result.review == 4 and f.result.filled == 3 and f.result.cells_written == 6


def test_input_file_never_touched(filled) -> None:
    for f in filled.values():
        assert f.source.read_bytes() == f.source_bytes
        assert hashlib.sha256(f.source.read_bytes()).digest() != hashlib.sha256(f.output.read_bytes()).digest()


@pytest.mark.parametrize("how", ["same path", "symlink", "hard link", "other spelling"])
def test_refuses_to_write_over_the_input(tmp_path: Path, how: str) -> None:
    from generator.questionnaire.xlsx import fill_with

    source = hecvat_workbook(tmp_path / "in.xlsx")
    before = source.read_bytes()
    out = {"same path": source, "other spelling": tmp_path / "." / "in.xlsx",
           "symlink": tmp_path / "link.xlsx", "hard link": tmp_path / "hard.xlsx"}[how]
    if how == "symlink":
        out.symlink_to(source)
    elif how == "hard link":
        os.link(source, out)
    with pytest.raises(UsageError) as exc:
        fill_with(source, out, lambda qs: pytest.fail("nothing may be answered"))
    assert str(exc.value) == f"-o {out}: that is the input file; choose another output path"
    assert source.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted({"in.xlsx", out.name})


def _lo_profile(root: Path) -> Path:
    """A LibreOffice profile that recalculates formulas when it loads an .xlsx file, as Excel does with
    fullCalcOnLoad (LibreOffice's own default is never to recalculate on load)."""
    user = root / "user"
    user.mkdir(parents=True)
    (user / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        '<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">'
        "<value>0</value></prop></item></oor:items>\n", encoding="utf-8")
    return root


INJECTIONS = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(1,2)", '=HYPERLINK("http://evil.example","x")',
              "=1+1", "=A1"]


def test_libreoffice_opens_both_filled_workbooks_and_recalculates(filled, tmp_path: Path) -> None:
    from generator.questionnaire.model import Answer
    from generator.questionnaire.xlsx import fill_with

    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice (Debian package libreoffice-calc-nogui) is needed: soffice not found"
    profile = _lo_profile(tmp_path / "profile")
    injected = tmp_path / "injected.xlsx"
    fill_with(free_text_book(tmp_path / "home-made.xlsx"), injected, lambda qs: [
        Answer(q.id, q.text, "answered", None, INJECTIONS[i], "en", 0.9, ("f",)) for i, q in enumerate(qs)],
        reports=False)
    outputs = [filled["caiq"].output, filled["hecvat"].output, injected]
    proc = subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
                           "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), *map(str, outputs)],
                          capture_output=True, text=True, timeout=240, check=False)
    assert proc.returncode == 0, proc.stderr
    texts = {}
    for out in outputs:
        pdf = tmp_path / "pdf" / (out.stem + ".pdf")
        assert pdf.is_file(), proc.stdout + proc.stderr
        texts[out.stem] = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                                         check=True).stdout
    caiq, hecvat = texts["caiq-answered"], texts["hecvat-answered"]
    # Formula-like answers are shown as the text they are, never evaluated.
    for text in INJECTIONS:
        assert text in texts["injected"], text
    # Formulas that count the answers were recalculated from the written cells.
    assert "Answered yes: 3" in caiq
    assert "Answered yes: 3" in hecvat
    assert re.search(r"^No\s+2\b", hecvat, re.MULTILINE)
    # The pivot table and the answers themselves are there.
    assert "Infrastructure" in hecvat and "Count of Owner" in hecvat
    assert "Every connection uses TLS 1.2 or later." in caiq


def test_every_answer_is_in_its_row_and_every_review_item_left_blank(filled) -> None:
    from generator.questionnaire.xlsx import Workbook, choose_allowed, find_questions

    for f in filled.values():
        with Workbook(f.source) as source, Workbook(f.output) as out:
            items = find_questions(source).items
            assert [i.question.id for i in items] == [a.id for a in f.result.answers]
            for item, answer in zip(items, f.result.answers):
                slot = item.slot
                sheet = out.sheet(slot.sheet)
                value = sheet.value(slot.row, slot.answer_col)
                comment = sheet.value(slot.row, slot.comment_col) if slot.comment_col else ""
                if answer.status == "answered":
                    allowed = out.list_values(sheet, sheet.validation_at(slot.row, slot.answer_col))
                    assert value == choose_allowed(allowed, answer.answer) and value, answer.id
                    assert comment == answer.text, answer.id
                else:
                    assert (value, comment) == ("", ""), answer.id
