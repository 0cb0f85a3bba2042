"""The in-place sheet editor: exact bytes of edited sheets, cell text round trips, recalculation flag."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from xlsx_fixtures import free_text_book
from xlsx_helpers import parts, read_values
from xlsx_ooxml import ANSWER, BookSpec, SheetSpec, Validation, build

from generator.questionnaire.model import Answer
from generator.questionnaire.xlsx import Workbook, fill_with
from generator.questionnaire.xlsx.workbook import decode_xstring
from generator.questionnaire.xlsx.writer import CellWrite, edit_sheet, escape_text, set_full_calc_on_load

NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _cell(ref: str, text: str, style: str | None = None, prefix: str = "") -> bytes:
    s = f' s="{style}"' if style else ""
    p = prefix
    return (f'<{p}c r="{ref}"{s} t="inlineStr"><{p}is><{p}t xml:space="preserve">{text}</{p}t></{p}is></{p}c>').encode()


def test_replaces_existing_cells_and_keeps_their_style() -> None:
    xml = (b'<worksheet ' + NS + b'><dimension ref="A1:C2"/><sheetData><row r="2" spans="1:3">'
           b'<c r="A2" t="s"><v>0</v></c><c r="C2" s="4"/></row></sheetData></worksheet>')
    out = edit_sheet(xml, [CellWrite(2, 3, "Yes")])
    assert out == xml.replace(b'<c r="C2" s="4"/>', _cell("C2", "Yes", "4"))


def test_inserts_missing_cells_and_rows_in_order_and_widens_hints() -> None:
    xml = (b'<worksheet ' + NS + b'><dimension ref="A1:D9"/><cols><col min="5" max="5" width="40" style="7" '
           b'customWidth="1"/></cols><sheetData><row r="2" spans="1:4"><c r="A2"><v>1</v></c><c r="D2"><v>2</v></c>'
           b'</row><row r="3"/><row r="9" s="3" customFormat="1"><c r="A9"><v>3</v></c></row></sheetData></worksheet>')
    out = edit_sheet(xml, [CellWrite(2, 2, "b2"), CellWrite(2, 5, "e2"), CellWrite(3, 1, "a3"),
                           CellWrite(5, 2, "b5"), CellWrite(6, 2, "b6"), CellWrite(9, 3, "c9"), CellWrite(12, 1, "a12")])
    assert out == (
        b'<worksheet ' + NS + b'><dimension ref="A1:E12"/><cols><col min="5" max="5" width="40" style="7" '
        b'customWidth="1"/></cols><sheetData><row r="2" spans="1:5"><c r="A2"><v>1</v></c>' + _cell("B2", "b2")
        + b'<c r="D2"><v>2</v></c>' + _cell("E2", "e2", "7") + b'</row><row r="3">' + _cell("A3", "a3") + b"</row>"
        + b'<row r="5">' + _cell("B5", "b5") + b'</row><row r="6">' + _cell("B6", "b6") + b"</row>"
        + b'<row r="9" s="3" customFormat="1"><c r="A9"><v>3</v></c>' + _cell("C9", "c9", "3") + b"</row>"
        + b'<row r="12">' + _cell("A12", "a12") + b"</row></sheetData></worksheet>")


def test_prefixed_namespace_and_empty_sheet_data() -> None:
    xml = b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData/></x:worksheet>'
    out = edit_sheet(xml, [CellWrite(1, 1, "hi")])
    assert out == (b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>'
                   b'<x:row r="1">' + _cell("A1", "hi", prefix="x:") + b"</x:row></x:sheetData></x:worksheet>")


def test_attribute_values_with_angle_brackets_do_not_confuse_offsets() -> None:
    xml = (b'<worksheet ' + NS + b'><sheetData><row r="1" x14ac:dyDescent="0.25" foo="a>b/" '
           b'xmlns:x14ac="urn:x"><c r="A1" foo="/>"/></row></sheetData></worksheet>')
    out = edit_sheet(xml, [CellWrite(1, 1, "x"), CellWrite(1, 2, "y")])
    assert out == xml.replace(b'<c r="A1" foo="/>"/>', _cell("A1", "x") + _cell("B1", "y"))


def test_escaping() -> None:
    assert escape_text("a & b < c > d") == "a &amp; b &lt; c &gt; d"
    assert escape_text("_x0041_") == "_x005F_x0041_"
    assert escape_text("line\r\nnext\x01") == "line_x000D_\nnext_x0001_"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_round_trips_through_the_cell(text: str) -> None:
    import defusedxml.ElementTree as DET

    xml = b"<worksheet " + NS + b"><sheetData/></worksheet>"
    out = edit_sheet(xml, [CellWrite(1, 1, text)])
    t = DET.fromstring(out).find(".//{*}t")
    assert decode_xstring(t.text or "") == text


def test_full_calc_on_load() -> None:
    assert set_full_calc_on_load(b'<workbook ' + NS + b'><calcPr calcId="1" fullCalcOnLoad="0"/></workbook>') == (
        b'<workbook ' + NS + b'><calcPr calcId="1" fullCalcOnLoad="1"/></workbook>')
    assert set_full_calc_on_load(b'<workbook ' + NS + b'><sheets/><pivotCaches/></workbook>') == (
        b'<workbook ' + NS + b'><sheets/><calcPr fullCalcOnLoad="1"/><pivotCaches/></workbook>')
    already = b'<workbook ' + NS + b'><calcPr fullCalcOnLoad="1"/></workbook>'
    assert set_full_calc_on_load(already) == already


def _answered(q, answer: str | None, text: str) -> Answer:
    return Answer(id=q.id, question=q.text, status="answered", answer=answer, text=text, language="en",
                  confidence=0.9, sources=("some-fact",))


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://evil.example\",\"click\")", "+1+1", "-2+3", "@SUM(1,2)",
                                  "\t=1+1", "\r=1+1", "=cmd|' /C calc'!A0"])
def test_formula_like_text_is_written_as_text(tmp_path: Path, text: str) -> None:
    source = free_text_book(tmp_path / "in.xlsx")
    out = tmp_path / "out.xlsx"
    fill_with(source, out, lambda qs: [_answered(q, None, text) for q in qs], reports=False)
    sheet = dict(parts(out))["xl/worksheets/sheet1.xml"]
    assert b"<f>" not in sheet
    with Workbook(out) as wb:
        cell = wb.sheet("Questions").cell(2, 3)
        # Surrounding white space of an explanation is dropped; what remains is text, never a formula.
        assert (cell.text, cell.kind, cell.formula) == (text.strip(), "inlineStr", False)
    values = read_values(out, "Questions")
    assert values["C8"] == text.strip()


def test_free_text_columns_get_the_word_and_the_explanation(tmp_path: Path) -> None:
    source = free_text_book(tmp_path / "in.xlsx")
    out = tmp_path / "out.xlsx"
    fill_with(source, out, lambda qs: [_answered(q, "yes", "We do it.") for q in qs], reports=False)
    values = read_values(out, "Questions")
    assert (values["C2"], values["D2"]) == ("Yes", "We do it.")


def test_without_a_comment_column_the_explanation_follows_the_word(tmp_path: Path) -> None:
    sheet = SheetSpec("Q")
    sheet.set("A1", "Question")
    sheet.set("B1", "Answer")
    sheet.set("A2", "Do you encrypt backups at rest?")
    sheet.set("A3", "Hur länge sparas loggar?")
    source = build(BookSpec([sheet]), tmp_path / "in.xlsx")
    out = tmp_path / "out.xlsx"

    def answers(qs):
        return [_answered(qs[0], "no", "Backups are not encrypted."),
                Answer(id=qs[1].id, question=qs[1].text, status="answered", answer="partial", text="I ett år.",
                       language="sv", confidence=0.9, sources=("logs",))]

    fill_with(source, out, answers, reports=False)
    values = read_values(out, "Q")
    assert values["B2"] == "No. Backups are not encrypted."
    assert values["B3"] == "Delvis. I ett år."


def test_a_partial_answer_reads_as_on_the_trust_center(tmp_path: Path) -> None:
    """The site and the policy documents label a partial stance "Partly"; so does the buyer's workbook."""
    sheet = SheetSpec("Q")
    sheet.set("A1", "Question")
    sheet.set("B1", "Answer")
    sheet.set("A2", "Are encryption keys rotated?")
    source = build(BookSpec([sheet]), tmp_path / "in.xlsx")
    out = tmp_path / "out.xlsx"
    fill_with(source, out, lambda qs: [_answered(qs[0], "partial", "Most keys rotate yearly.")], reports=False)
    assert read_values(out, "Q")["B2"] == "Partly. Most keys rotate yearly."


def test_drop_down_placeholders_are_replaced_and_real_answers_kept(tmp_path: Path) -> None:
    sheet = SheetSpec("Q")
    for col, text in zip("ABC", ["ID", "Question", "Answer"]):
        sheet.set(f"{col}1", text)
    rows = {"P-1": "Please select", "P-2": "No", "P-3": None, "P-4": "Yes"}
    for r, (qid, value) in enumerate(rows.items(), start=2):
        sheet.set(f"A{r}", qid)
        sheet.set(f"B{r}", f"Is control {qid} in place?")
        sheet.set(f"C{r}", value, style=ANSWER)
    sheet.validations.append(Validation("C2:C5", '"Yes,No"'))
    source = build(BookSpec([sheet]), tmp_path / "in.xlsx")
    out = tmp_path / "out.xlsx"
    result = fill_with(source, out, lambda qs: [_answered(q, "yes", "In place.") for q in qs], reports=False)
    values = read_values(out, "Q")
    assert [values.get(f"C{r}") for r in range(2, 6)] == ["Yes", "No", "Yes", "Yes"]
    assert [(a.id, a.status, a.reason) for a in result.answers] == [
        ("P-1", "answered", None), ("P-2", "review", "kept"), ("P-3", "answered", None), ("P-4", "answered", None)]
    assert result.cells_written == 2
    assert result.answers[1].suggestions[0].source == "some-fact"


def test_merged_and_formula_answer_cells_are_not_written(tmp_path: Path) -> None:
    sheet = SheetSpec("Q")
    for col, text in zip("ABCD", ["ID", "Question", "Answer", "Notes"]):
        sheet.set(f"{col}1", text)
    for r in (2, 3, 4, 5):
        sheet.set(f"A{r}", f"M-{r}")
        sheet.set(f"B{r}", f"Is measure {r} documented?")
    sheet.merges.append("B3:C3")        # a question merged over the answer column: a section row, skipped
    sheet.set("C4", "Yes", formula='IF(A4="M-4","Yes","No")')
    sheet.merges.append("C4:C5")        # the answer cell of row 5 lies inside a merge anchored above it
    source = build(BookSpec([sheet]), tmp_path / "in.xlsx")
    out = tmp_path / "out.xlsx"
    result = fill_with(source, out, lambda qs: [_answered(q, "yes", "Documented.") for q in qs], reports=False)
    assert [(a.id, a.status, a.reason) for a in result.answers] == [
        ("M-2", "answered", None), ("M-4", "review", "cell"), ("M-5", "review", "cell")]
    assert dict(parts(out))["xl/worksheets/sheet1.xml"].count(b"<f>") == 1
