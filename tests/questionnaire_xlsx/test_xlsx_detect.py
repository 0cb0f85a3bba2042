"""Finding the question table and resolving drop-down lists, with and without the user's help."""

from __future__ import annotations

from pathlib import Path

import pytest
from xlsx_fixtures import hecvat_workbook, write_kb
from xlsx_helpers import read_values
from xlsx_ooxml import ANSWER, HEADER, BookSpec, DefinedName, SheetSpec, Validation, build

from generator.errors import InputError, UsageError
from generator.questionnaire.xlsx import Overrides, Workbook, answer_category, choose_allowed, find_questions
from generator.questionnaire.xlsx.detect import header_scores
from generator.questionnaire.xlsx.refs import col_letters, parse_area, split_sheet_ref


@pytest.mark.parametrize("header, expected", [
    ("Question ID", {"id": 3}),
    ("Question", {"question": 3}),
    ("CSP CAIQ Answer", {"answer": 3}),
    ("SSRM Control Ownership", {}),
    ("CSP Implementation Description (Optional/Recommended)", {"comment": 2}),
    ("CSC Responsibilities (Optional/Recommended)", {}),
    ("CCM Control ID", {"id": 1}),
    ("Vendor Answer", {"answer": 3}),
    ("Yes/No", {"answer": 3}),
    ("Additional Information", {"comment": 2}),
    ("Answer guidance", {}),
    ("Comments on the answer", {"comment": 3}),
    ("Fråga", {"question": 3}),
    ("Svar", {"answer": 3}),
    ("Kommentar", {"comment": 3}),
    ("Nr", {"id": 2}),
    ("#", {"id": 2}),
    ("Requirement", {"question": 2}),
])
def test_header_scores(header: str, expected: dict[str, int]) -> None:
    assert header_scores(header) == expected


@pytest.mark.parametrize("allowed, answer, chosen", [
    (["Yes", "No", "NA"], "yes", "Yes"),
    (["Yes", "No", "NA"], "n/a", "NA"),
    (["Yes", "No", "NA"], "partial", None),
    (["Yes - fully implemented", "Yes - partially implemented", "No"], "yes", "Yes - fully implemented"),
    (["Yes - fully implemented", "Yes - partially implemented", "No"], "partial", "Yes - partially implemented"),
    (["Y", "N"], "no", "N"),
    (["Ja", "Nej", "Ej tillämpligt"], "n/a", "Ej tillämpligt"),
    (["Compliant", "Non-compliant"], "yes", None),
    (["Yes", "Yes, always", "No"], "yes", None),     # two values say yes: no guess
    (["Agree", "Disagree"], "no", None),
])
def test_choose_allowed(allowed: list[str], answer: str, chosen: str | None) -> None:
    assert choose_allowed(allowed, answer) == chosen


def test_answer_category_reads_what_people_write() -> None:
    assert [answer_category(v) for v in ("Yes.", "no", "N/A", "Partially", "Delvis", "ja, sedan 2021", "Maybe", "")] == [
        "yes", "no", "n/a", "partial", "partial", "yes", None, None]


def test_references() -> None:
    assert split_sheet_ref("'Answer ''Lists'''!$A$1:$A$3") == ("Answer 'Lists'", "$A$1:$A$3")
    assert split_sheet_ref("=Lists!A1:A3") == ("Lists", "A1:A3")
    assert split_sheet_ref("YesNo") == (None, "YesNo")
    assert parse_area("$C:$C", max_row=40).ref() == "C1:C40"
    assert [col_letters(n) for n in (1, 26, 27, 16384)] == ["A", "Z", "AA", "XFD"]


def test_drop_down_lists_resolve_inline_range_named_and_x14(tmp_path: Path) -> None:
    source = hecvat_workbook(tmp_path / "h.xlsx")
    with Workbook(source) as wb:
        app = wb.sheet("Application")
        infra = wb.sheet("Infrastructure")
        # "AnswerList" is defined twice: for the Application sheet (Yes/No/N/A) and for the workbook (Agree/...).
        assert wb.list_values(app, app.validation_at(5, 3)) == ["Yes", "No", "N/A"]
        v = infra.validation_at(3, 3)
        assert v is not None and v.extended and wb.list_values(infra, v) == ["Yes", "No", "N/A"]
        assert app.validation_at(5, 4) is None


def test_inline_list_with_quotes_and_a_list_built_by_a_formula(tmp_path: Path) -> None:
    sheet = SheetSpec("Q")
    sheet.validations += [Validation("A1", '"Yes,""Maybe"",No"'), Validation("A2", 'INDIRECT("Lists!A1:A3")'),
                          Validation("A3", "MissingName")]
    with Workbook(build(BookSpec([sheet]), tmp_path / "q.xlsx")) as wb:
        q = wb.sheet("Q")
        assert wb.list_values(q, q.validation_at(1, 1)) == ["Yes", '"Maybe"', "No"]
        assert wb.list_values(q, q.validation_at(2, 1)) is None
        assert wb.list_values(q, q.validation_at(3, 1)) is None


def _swedish_book(path: Path) -> Path:
    intro = SheetSpec("Instruktioner")
    intro.set("A1", "Besvara frågorna på nästa flik.")
    sheet = SheetSpec("Frågor")
    sheet.set("A1", "Leverantörsbedömning")
    for col, text in zip("ABCD", ["Nr", "Fråga", "Svar", "Kommentar"]):
        sheet.set(f"{col}3", text, style=HEADER)
    sheet.set("A4", "1")
    sheet.set("B4", "Krypterar ni data under överföring?")
    sheet.set("A5", "2")
    sheet.set("B5", "Har ni ett kontor på månen?")
    return build(BookSpec([intro, sheet]), path)


def test_swedish_questionnaire_is_answered_in_swedish(tmp_path: Path) -> None:
    from generator.kb import load_knowledge_base
    from generator.questionnaire.xlsx import fill_workbook
    from generator.text import statement

    kb = load_knowledge_base(write_kb(tmp_path / "kb"))
    out = tmp_path / "svar.xlsx"
    result = fill_workbook(kb, _swedish_book(tmp_path / "frågor.xlsx"), out)
    assert [layout.describe() for layout in result.layouts] == [
        "sheet 'Frågor': header row 3; id A, question B, answer C, comment D"]
    values = read_values(out, "Frågor")
    assert values["C4"] == "Ja"
    assert values["D4"] == statement(kb, kb.entry("tls-in-transit"), "sv")
    assert "C5" not in values
    review = result.reports[0].read_text(encoding="utf-8")
    assert review.startswith("# Granskning av frågeformulär: ")   # the report speaks the questionnaire's language
    assert "## Behöver granskas (1)" in review


def test_table_without_headers_is_found_by_its_content(tmp_path: Path) -> None:
    sheet = SheetSpec("Sheet1")
    for r, (qid, text) in enumerate([("SEC-1", "Do you encrypt data in transit?"),
                                     ("SEC-2", "Do you require multi-factor authentication?"),
                                     ("SEC-3", "Do you back up customer data?")], start=1):
        sheet.set(f"A{r}", qid)
        sheet.set(f"B{r}", text)
        sheet.set(f"C{r}", None, style=ANSWER)
    sheet.validations.append(Validation("C1:C3", '"Yes,No"'))
    with Workbook(build(BookSpec([sheet]), tmp_path / "bare.xlsx")) as wb:
        found = find_questions(wb)
    assert [layout.describe() for layout in found.layouts] == [
        "sheet 'Sheet1': no header row (columns chosen by their contents); id A, question B, answer C"]
    assert found.layouts[0].unsure  # answer then says how to name the columns
    assert [q.id for q in found.questions] == ["SEC-1", "SEC-2", "SEC-3"]


def _odd_book(path: Path) -> Path:
    sheet = SheetSpec("Vendor")
    for col, text in zip("ABCDE", ["Topic", "Item to assess", "Supplier input", "Score", "Reviewer notes"]):
        sheet.set(f"{col}2", text)
    sheet.set("A3", "Access")
    sheet.set("B3", "Do you require multi-factor authentication?")
    sheet.set("A4", "Backups")
    sheet.set("B4", "Do you back up customer data?")
    return build(BookSpec([SheetSpec("Cover"), sheet]), path)


def test_overrides_name_columns_by_letter_or_header(tmp_path: Path) -> None:
    source = _odd_book(tmp_path / "odd.xlsx")
    with Workbook(source) as wb:
        with pytest.raises(InputError) as exc:
            find_questions(wb)
        assert str(exc.value) == (
            f"{source}: no questions found (no sheet has a table with a question column and an answer column); "
            "name them with --sheet, --question-col and --answer-col; nothing was written")
        found = find_questions(wb, Overrides(sheet="vendor", question_col="B", answer_col="Supplier input",
                                             comment_col="E", header_row=2))
        assert [layout.describe() for layout in found.layouts] == [
            "sheet 'Vendor': header row 2; question B, answer C, comment E"]
        assert [q.text for q in found.questions] == ["Do you require multi-factor authentication?",
                                                     "Do you back up customer data?"]
        found = find_questions(wb, Overrides(question_col="Item to assess", answer_col="C"))
        assert found.layouts[0].header_row == 2


def test_override_errors_are_usage_errors(tmp_path: Path) -> None:
    source = _odd_book(tmp_path / "odd.xlsx")
    with Workbook(source) as wb:
        with pytest.raises(UsageError) as exc:
            find_questions(wb, Overrides(sheet="Answers"))
        assert str(exc.value) == f"--sheet Answers: no such worksheet in {source} (sheets: 'Cover', 'Vendor')"
        with pytest.raises(UsageError) as exc:
            find_questions(wb, Overrides(sheet="Vendor"))
        assert str(exc.value) == ("--sheet Vendor: cannot tell which columns hold the questions and the answers; "
                                  "name them with --question-col and --answer-col (and --header-row)")
        with pytest.raises(UsageError) as exc:
            find_questions(wb, Overrides(question_col="B", answer_col="Vendor reply"))
        assert str(exc.value) == ("--answer-col Vendor reply: no such column in sheet 'Cover' (give a letter such as D, "
                                  "or the exact header text)")


def test_hidden_sheets_are_not_question_sheets_unless_named(tmp_path: Path) -> None:
    lists = SheetSpec("Hidden questions", state="hidden")
    for col, text in zip("AB", ["Question", "Answer"]):
        lists.set(f"{col}1", text)
    lists.set("A2", "Do you back up customer data?")
    source = build(BookSpec([SheetSpec("Front"), lists]), tmp_path / "hidden.xlsx")
    with Workbook(source) as wb:
        with pytest.raises(InputError):
            find_questions(wb)
        assert [q.text for q in find_questions(wb, Overrides(sheet="Hidden questions")).questions] == [
            "Do you back up customer data?"]


def test_named_list_scoped_to_another_sheet_is_not_used(tmp_path: Path) -> None:
    sheet = SheetSpec("Q")
    other = SheetSpec("Other")
    lists = SheetSpec("Lists", state="hidden")
    for r, v in enumerate(["Yes", "No"], start=1):
        lists.set(f"A{r}", v)
    sheet.validations.append(Validation("B2", "Choices"))
    book = BookSpec([sheet, other, lists], names=[DefinedName("Choices", "Lists!$A$1:$A$2", local_sheet=1)])
    with Workbook(build(book, tmp_path / "scoped.xlsx")) as wb:
        q = wb.sheet("Q")
        assert wb.list_values(q, q.validation_at(2, 2)) is None
