"""The workbook half of `trustgen answer`: answer_workbook() driven by the answer command's own options."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest
from xlsx_fixtures import hecvat_workbook, write_kb
from xlsx_helpers import read_values

from generator.cli import Console
from generator.errors import UsageError
from generator.questionnaire.xlsx_cli import answer_workbook


def _args(argv: list[str]) -> argparse.Namespace:
    from generator.questionnaire.cli import _answer_options

    parser = argparse.ArgumentParser(prog="trustgen answer")
    _answer_options(parser)  # includes the workbook options
    return parser.parse_args(argv)


def test_answer_fills_a_copy_beside_the_input_by_default(tmp_path: Path, capsys) -> None:
    kb = write_kb(tmp_path / "kb")
    source = hecvat_workbook(tmp_path / "hecvat.xlsx")
    code = answer_workbook(_args([str(source), "--content", str(kb)]), Console())
    assert code == 0
    out = tmp_path / "hecvat-answered.xlsx"
    assert read_values(out, "Application")["C5"] == "Yes"
    err = capsys.readouterr().err.splitlines()
    assert err[-1] == (f"{out}: 5 of 7 questions answered in the workbook, 2 need review "
                       f"(see {tmp_path / 'hecvat-answered-review.md'})")
    assert f"{source}: sheet 'Application': header row 3; id A, question B, answer C, comment D" in err


def test_answer_with_overrides_and_output(tmp_path: Path) -> None:
    kb = write_kb(tmp_path / "kb")
    source = hecvat_workbook(tmp_path / "hecvat.xlsx")
    out = tmp_path / "done.xlsx"
    args = _args([str(source), "--content", str(kb), "-o", str(out), "--sheet", "Infrastructure",
                  "--answer-col", "C", "--comment-col", "Comments", "--header-row", "2", "-q"])
    assert answer_workbook(args, Console(True)) == 0
    assert read_values(out, "Infrastructure")["C3"] == "No"
    assert "C5" not in read_values(out, "Application")      # only the named sheet was filled


def test_answer_workbook_as_json(tmp_path: Path, capsys) -> None:
    kb = write_kb(tmp_path / "kb")
    source = hecvat_workbook(tmp_path / "hecvat.xlsx")
    assert answer_workbook(_args([str(source), "--content", str(kb), "--format", "json"]), Console(True)) == 0
    data = json.loads(capsys.readouterr().out)
    assert [a["id"] for a in data["answers"]] == ["APPL-01", "APPL-02", "APPL-03", "DATA-01", "DATA-02", "HIPA-01",
                                                  "INFR-01"]
    assert not (tmp_path / "hecvat-answered.xlsx").exists()


def test_answer_refuses_a_non_workbook_output(tmp_path: Path) -> None:
    kb = write_kb(tmp_path / "kb")
    source = hecvat_workbook(tmp_path / "hecvat.xlsx")
    with pytest.raises(UsageError) as exc:
        answer_workbook(_args([str(source), "--content", str(kb), "-o", str(tmp_path / "out.txt")]), Console(True))
    assert str(exc.value) == f"-o {tmp_path / 'out.txt'}: the filled workbook must be an .xlsx file"


def test_trustgen_answer_on_a_workbook_end_to_end(tmp_path: Path, capsys) -> None:
    """The real command line: `trustgen answer FILE.xlsx -o OUT.xlsx` fills the copy and leaves the input alone."""
    from generator.cli import main

    kb = write_kb(tmp_path / "kb")
    source = hecvat_workbook(tmp_path / "hecvat.xlsx")
    before = source.read_bytes()
    out = tmp_path / "filled.xlsx"
    assert main(["answer", str(source), "--content", str(kb), "-o", str(out), "-q"]) == 0
    assert read_values(out, "Application")["C5"] == "Yes"
    assert source.read_bytes() == before
    assert (tmp_path / "filled-review.md").exists() and (tmp_path / "filled-review.csv").exists()
    assert main(["answer", str(source), "--content", str(kb), "-o", str(source)]) == 2
    assert source.read_bytes() == before



def test_answer_says_how_to_name_the_columns_when_it_chose_them_by_content(tmp_path: Path, capsys) -> None:
    from xlsx_ooxml import ANSWER, BookSpec, SheetSpec, Validation, build

    kb = write_kb(tmp_path / "kb")
    sheet = SheetSpec("Sheet1")
    for r, (qid, text) in enumerate([("SEC-1", "Do you encrypt data in transit?"),
                                     ("SEC-2", "Do you back up customer data?")], start=1):
        sheet.set(f"A{r}", qid)
        sheet.set(f"B{r}", text)
        sheet.set(f"C{r}", None, style=ANSWER)
    sheet.validations.append(Validation("C1:C2", '"Yes,No"'))
    source = build(BookSpec([sheet]), tmp_path / "bare.xlsx")
    assert answer_workbook(_args([str(source), "--content", str(kb)]), Console()) == 0
    err = capsys.readouterr().err.splitlines()
    assert f"{source}: sheet 'Sheet1': no header row (columns chosen by their contents); id A, question B, answer C" in err
    assert (f"{source}: not the columns you meant? name them with --sheet, --question-col, --answer-col, "
            "--comment-col and --header-row") in err
