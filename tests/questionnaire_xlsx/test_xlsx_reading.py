"""Workbooks read as a person reads them: the sheet the vendor fills rather than the buyer's scoring
sheet computed from it, a header under a title block with the words buyers use, and each question's
section and control columns carried with it as context."""

from __future__ import annotations

from pathlib import Path

from xlsx_fixtures import write_kb
from xlsx_helpers import read_values
from xlsx_ooxml import ANSWER, HEADER, SECTION, TITLE, WRAP, BookSpec, SheetSpec, Validation, build

from generator.kb import load_knowledge_base
from generator.questionnaire.xlsx import Workbook, fill_workbook, find_questions

QUESTIONS = [("Q-01", "Do you encrypt data in transit?"),
             ("Q-02", "Is customer data encrypted at rest?"),
             ("Q-03", "Do you run a bug bounty programme?")]


def _response_sheet() -> SheetSpec:
    """The vendor's sheet: a title block, then a header whose words are plural and long-winded."""
    sheet = SheetSpec("Vendor Response", widths={2: 60, 3: 16, 4: 50})
    sheet.set("A1", "Security questionnaire | Vendor Response", style=TITLE)
    sheet.merges.append("A1:D1")
    sheet.set("A2", "Answer every question; add what an assessor needs under Additional Information.")
    sheet.merges.append("A2:D2")
    for col, text in zip("ABCD", ["ID", "Questions", "Vendor Answers", "Additional Information"]):
        sheet.set(f"{col}4", text, style=HEADER)
    sheet.set("A5", "Data protection", style=SECTION)
    sheet.merges.append("A5:D5")
    for row, (qid, question) in enumerate(QUESTIONS, start=6):
        sheet.set(f"A{row}", qid)
        sheet.set(f"B{row}", question, style=WRAP)
        sheet.set(f"C{row}", None, style=ANSWER)
    sheet.validations.append(Validation("C6:C8", '"Yes,No,N/A"'))
    return sheet


def _scoring_sheet() -> SheetSpec:
    """The buyer's scoring sheet: every question and answer cell a formula over the vendor's sheet."""
    sheet = SheetSpec("Analyst Report", widths={2: 60})
    for col, text in zip("ABCD", ["ID", "Question", "Answer", "Score"]):
        sheet.set(f"{col}1", text, style=HEADER)
    for row, (qid, question) in enumerate(QUESTIONS, start=2):
        src = row + 4
        sheet.set(f"A{row}", qid, formula=f"'Vendor Response'!A{src}")
        sheet.set(f"B{row}", question, formula=f"'Vendor Response'!B{src}")
        sheet.set(f"C{row}", "", formula=f"'Vendor Response'!C{src}")
        sheet.set(f"D{row}", 0, formula=f'IF(C{row}="Yes",1,0)')
    return sheet


def test_the_vendors_sheet_is_read_and_the_scoring_sheet_left_alone(tmp_path: Path) -> None:
    source = build(BookSpec([_response_sheet(), _scoring_sheet()]), tmp_path / "buyer.xlsx")
    with Workbook(source) as wb:
        found = find_questions(wb)
    assert [layout.describe() for layout in found.layouts] == [
        "sheet 'Vendor Response': header row 4; id A, question B, answer C, comment D"]
    assert [q.id for q in found.questions] == ["Q-01", "Q-02", "Q-03"]
    # The section heading row above them is each question's context, not a question.
    assert dict(found.questions[0].extra)["section"] == "Data protection"

    result = fill_workbook(load_knowledge_base(write_kb(tmp_path / "kb")), source, tmp_path / "buyer-answered.xlsx")
    cells = read_values(tmp_path / "buyer-answered.xlsx", "Vendor Response")
    assert cells["C6"] == "Yes" and cells["D6"].startswith("Every connection uses TLS 1.2")
    assert "C8" not in cells  # not covered: left for a person
    statuses = {a.id: a.status for a in result.answers}
    assert (statuses["Q-01"], statuses["Q-03"]) == ("answered", "review")
    scoring = read_values(tmp_path / "buyer-answered.xlsx", "Analyst Report")
    assert scoring == read_values(source, "Analyst Report")  # nothing written into the buyer's formulas


def test_context_columns_travel_with_each_question(tmp_path: Path) -> None:
    sheet = SheetSpec("Questions", widths={3: 60})
    for col, text in zip("ABCDE", ["Domain", "ID", "Question", "Answer", "Comments"]):
        sheet.set(f"{col}1", text, style=HEADER)
    sheet.set("A2", "Cryptography")
    sheet.set("B2", "C-1")
    sheet.set("C2", "Is data encrypted in transit?")
    source = build(BookSpec([sheet]), tmp_path / "q.xlsx")
    with Workbook(source) as wb:
        [question] = find_questions(wb).questions
    assert dict(question.extra)["domain"] == "Cryptography"


def _with_macros(source: Path, target: Path) -> Path:
    """The workbook as a macro workbook: a VBA project part, declared in the package's content types."""
    import zipfile

    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"spreadsheetml.sheet.main+xml", b"ms-excel.sheet.macroEnabled.main+xml")
                data = data.replace(b"</Types>", b'<Default Extension="bin" '
                                    b'ContentType="application/vnd.ms-office.vbaProject"/></Types>')
            zout.writestr(info, data)
        zout.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 a VBA project")
    return target


def test_a_macro_workbook_stays_a_macro_workbook(tmp_path: Path) -> None:
    import zipfile

    import pytest

    from generator.errors import UsageError

    plain = build(BookSpec([_response_sheet()]), tmp_path / "plain.xlsx")
    source = _with_macros(plain, tmp_path / "buyer.xlsm")
    kb = load_knowledge_base(write_kb(tmp_path / "kb"))
    with pytest.raises(UsageError) as refused:
        fill_workbook(kb, source, tmp_path / "buyer-answered.xlsx")
    assert str(refused.value) == (f"{source} holds macros, which only an .xlsm file keeps: write the filled copy "
                                  "as buyer-answered.xlsm (-o), or save the workbook without macros first")
    assert not (tmp_path / "buyer-answered.xlsx").exists()
    result = fill_workbook(kb, source)  # the default output keeps the input's type
    assert result.output == tmp_path / "buyer-answered.xlsm"
    with zipfile.ZipFile(result.output) as z:
        assert z.read("xl/vbaProject.bin") == b"\xd0\xcf\x11\xe0 a VBA project"
    with Workbook(result.output) as wb:
        assert wb.sheet("Vendor Response").value(6, 3) == "Yes"
    with pytest.raises(UsageError, match="holds no macros: write the filled copy as an .xlsx file"):
        fill_workbook(kb, plain, tmp_path / "plain-answered.xlsm")


def test_a_validation_over_the_whole_sheet_is_read_in_proportion_to_the_cells_that_exist(tmp_path: Path) -> None:
    # A stock template may carry one validation over A1:XFD1048576, about 17 billion cells; reading and
    # filling must work on the cells that exist, never on that range.
    sheet = _response_sheet()
    sheet.validations = [Validation("A1:XFD1048576", '"Yes,No,N/A"')]
    source = build(BookSpec([sheet]), tmp_path / "whole.xlsx")
    result = fill_workbook(load_knowledge_base(write_kb(tmp_path / "kb")), source, tmp_path / "whole-answered.xlsx")
    cells = read_values(tmp_path / "whole-answered.xlsx", "Vendor Response")
    assert cells["C6"] == "Yes"
    assert {a.id: a.status for a in result.answers}["Q-03"] == "review"


def test_a_review_report_a_person_may_have_edited_is_never_written_over(tmp_path: Path) -> None:
    source = build(BookSpec([_response_sheet()]), tmp_path / "buyer.xlsx")
    kb = load_knowledge_base(write_kb(tmp_path / "kb"))
    first = fill_workbook(kb, source, tmp_path / "buyer-answered.xlsx")
    assert first.reports == (tmp_path / "buyer-answered-review.md", tmp_path / "buyer-answered-review.csv")
    edited = first.reports[1].read_bytes() + b'"Q-03","a person\'s note"\r\n'
    first.reports[1].write_bytes(edited)
    second = fill_workbook(kb, source, tmp_path / "buyer-answered.xlsx")
    assert second.reports == (tmp_path / "buyer-answered-review-2.md", tmp_path / "buyer-answered-review-2.csv")
    assert first.reports[1].read_bytes() == edited


def test_general_information_and_a_qualifier_in_a_workbook(tmp_path: Path) -> None:
    sheet = SheetSpec("Vendor Response", widths={2: 60, 3: 30, 4: 50})
    for col, text in zip("ABCD", ["ID", "Question", "Answer", "Additional Information"]):
        sheet.set(f"{col}1", text, style=HEADER)
    rows = [("GNRL-01", "Vendor Name"), ("GNRL-02", "Vendor Contact Email"),
            ("ENC-01", "Do you allow unencrypted connections? If no, skip the rest of this section's questions."),
            ("ENC-02", "Which ciphers do the unencrypted connections use?"),
            ("ENC-03", "Do you encrypt data in transit?")]
    for row, (qid, question) in enumerate(rows, start=2):
        sheet.set(f"A{row}", qid)
        sheet.set(f"B{row}", question, style=WRAP)
    source = build(BookSpec([sheet]), tmp_path / "vendor.xlsx")
    result = fill_workbook(load_knowledge_base(write_kb(tmp_path / "kb")), source, tmp_path / "vendor-answered.xlsx")
    cells = read_values(tmp_path / "vendor-answered.xlsx", "Vendor Response")
    # General information from organization.yaml, not "Yes"; the section the qualifier closes is N/A.
    assert (cells["C2"], cells["C3"]) == ("Testbolaget AB", "security@testbolaget.example")
    assert cells["C4"] == "No" and cells["C5"] == "Not applicable"
    assert cells["D5"] == ("Not applicable: ENC-01 was answered no, and the questionnaire says to skip the rest of "
                           "its section.")
    assert cells["C6"] == "Yes"
    assert result.review == 0
