"""`trustgen learn`: a person's answers in a reviewed workbook or CSV report become canonical questions
of the knowledge base, as a minimal YAML change, and the next run of the questionnaire needs less review."""

from __future__ import annotations

import csv
import difflib
import io
from pathlib import Path

import pytest
from xlsx_fixtures import CAIQ_QUESTIONS, CAIQ_SHEET, caiq_workbook, write_kb

import generator.questionnaire.xlsx_cli  # noqa: F401 - registers `learn` (generator/cli.py imports it too)
from generator.cli import main
from generator.kb import load_knowledge_base
from generator.questionnaire.xlsx import Workbook, fill_workbook
from generator.questionnaire.xlsx.fill import write_workbook
from generator.questionnaire.xlsx.writer import CellWrite

ROW = {qid: 4 + i for i, (qid, _) in enumerate(CAIQ_QUESTIONS)}


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


def _fill(kb_root: Path, source: Path, out: Path):
    return fill_workbook(load_knowledge_base(kb_root), source, out)


def _by_id(result) -> dict:
    return {a.id: a for a in result.answers}


def _added_lines(diff: str) -> list[str]:
    lines = diff.splitlines()
    assert not [line for line in lines if line.startswith("-") and not line.startswith("---")], "nothing removed"
    return [line[1:] for line in lines if line.startswith("+") and not line.startswith("+++")]


@pytest.fixture
def first_run(tmp_path: Path):
    kb = write_kb(tmp_path / "kb")
    source = caiq_workbook(tmp_path / "caiq.xlsx")
    result = _fill(kb, source, tmp_path / "caiq-answered.xlsx")
    return kb, source, result


def test_learning_from_the_reviewed_workbook_lowers_review(first_run, tmp_path: Path, capsys) -> None:
    kb, source, first = first_run
    before = _by_id(first)
    assert before["HRS-11.1"].status == "review" and before["TVM-07.1"].status == "review"
    # A person completes the review items in the workbook, as they would in Excel.
    with Workbook(first.output) as wb:
        write_workbook(wb, tmp_path / "reviewed.xlsx", {CAIQ_SHEET: [
            CellWrite(ROW["HRS-11.1"], 3, "Yes"), CellWrite(ROW["TVM-07.1"], 3, "No")]})
    yaml_before = (kb / "facts" / "security.yaml").read_text(encoding="utf-8")

    code, out, err = _run(["learn", str(tmp_path / "reviewed.xlsx"), "--content", str(kb)], capsys)

    assert code == 0, err
    question = dict(CAIQ_QUESTIONS)["HRS-11.1"]
    assert _added_lines(out) == [
        f"      - text: {{en: \"{dict(CAIQ_QUESTIONS)['TVM-07.1']}\", sv: \"{dict(CAIQ_QUESTIONS)['TVM-07.1']}\"}}",
        "        answer: no  # learned from reviewed.xlsx; translate sv",
        "      - text:",
        f"          en: {question}",
        f"          sv: {question}  # learned from reviewed.xlsx; translate sv",
        "        answer: yes",
    ]
    assert f'learned: HRS-11.1: "{question}" -> awareness-training (yes, en)' in err
    assert "skipped: BCR-08.1: already answered this way by the knowledge base" in err
    yaml_after = (kb / "facts" / "security.yaml").read_text(encoding="utf-8")
    # Comments, quoting and layout of the file are as they were; only the new lines came in.
    matcher = difflib.SequenceMatcher(a=yaml_before.splitlines(), b=yaml_after.splitlines(), autojunk=False)
    assert {op for op, *_ in matcher.get_opcodes()} == {"equal", "insert"}
    assert [line for op, _i1, _i2, j1, j2 in matcher.get_opcodes() if op == "insert"
            for line in yaml_after.splitlines()[j1:j2]] == _added_lines(out)
    assert "# Security awareness: the questionnaire words it differently" in yaml_after

    second = _by_id(_fill(kb, source, tmp_path / "again.xlsx"))
    assert sum(a.status == "review" for a in second.values()) < sum(a.status == "review" for a in before.values())
    assert (second["HRS-11.1"].status, second["HRS-11.1"].answer, second["HRS-11.1"].sources) == (
        "answered", "yes", ("awareness-training",))
    assert (second["TVM-07.1"].status, second["TVM-07.1"].answer) == ("answered", "no")


def _edit_csv(path: Path, answers: dict[str, tuple[str, str]], answer_col: str = "Answer",
              sources_col: str = "Sources") -> Path:
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    for row in rows:
        if row["ID"] in answers:
            row[answer_col], row[sources_col] = answers[row["ID"]]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def test_learning_from_the_csv_report_uses_the_sources_a_person_named(first_run, tmp_path: Path, capsys) -> None:
    kb, source, first = first_run
    assert _by_id(first)["HRS-12.1"].status == "review"
    report = _edit_csv(first.reports[1], {"HRS-12.1": ("yes", "awareness-training"), "A&A-01.1": ("no", "")})

    code, out, err = _run(["learn", str(report), "--content", str(kb)], capsys)

    assert code == 0, err
    assert "skipped: A&A-01.1: no clear fact to attach it to: name one in the Sources column of the CSV review report" in err
    assert _added_lines(out)[-1] == "        answer: yes"
    second = _by_id(_fill(kb, source, tmp_path / "again.xlsx"))
    assert (second["HRS-12.1"].status, second["HRS-12.1"].answer, second["HRS-12.1"].sources) == (
        "answered", "yes", ("awareness-training",))


def test_swedish_report_and_a_stance_without_questions(first_run, tmp_path: Path, capsys) -> None:
    from generator.questionnaire import writers

    kb, _source, first = first_run
    report = tmp_path / "granskning.csv"
    report.write_text(writers.to_csv(first.answers, "sv"), encoding="utf-8")
    _edit_csv(report, {"A&A-01.1": ("nej", "hipaa")}, answer_col="Svar", sources_col="Källor")
    before = (kb / "compliance.yaml").read_text(encoding="utf-8")

    code, _out, err = _run(["learn", str(report), "--content", str(kb)], capsys)

    assert code == 0, err
    text = dict(CAIQ_QUESTIONS)["A&A-01.1"]
    after = (kb / "compliance.yaml").read_text(encoding="utf-8")
    # The stance had no questions: the list is added before its mappings.
    assert after == before.replace("    mappings:\n", (
        "    questions:\n"
        "      - text:\n"
        f"          en: {text}\n"
        f"          sv: {text}  # learned from granskning.csv; translate sv\n"
        '        answer: "no"\n'
        "    mappings:\n"))
    load_knowledge_base(kb)


def test_unknown_sources_are_an_error_and_nothing_is_written(first_run, capsys) -> None:
    kb, _source, first = first_run
    report = _edit_csv(first.reports[1], {"HRS-12.1": ("yes", "awarenes-training")})
    before = {p: p.read_bytes() for p in kb.rglob("*.yaml")}
    code, out, err = _run(["learn", str(report), "--content", str(kb)], capsys)
    assert code == 1 and out == ""
    assert err == ("trustgen learn: unknown fact ids in the Sources column: awarenes-training; write the id of a "
                   "fact, certification or compliance stance of the knowledge base\n")
    assert {p: p.read_bytes() for p in kb.rglob("*.yaml")} == before


def test_dry_run_prints_the_change_and_writes_nothing(first_run, capsys) -> None:
    kb, _source, first = first_run
    report = _edit_csv(first.reports[1], {"HRS-12.1": ("yes", "awareness-training")})
    before = {p: p.read_bytes() for p in kb.rglob("*.yaml")}
    code, out, err = _run(["learn", str(report), "--content", str(kb), "--dry-run"], capsys)
    assert code == 0
    assert out.startswith(f"--- {kb / 'facts' / 'security.yaml'}\n+++ ")
    assert err.endswith(f"{report}: 1 question(s) would be added (--dry-run: nothing written)\n")
    assert {p: p.read_bytes() for p in kb.rglob("*.yaml")} == before


def test_a_file_ruamel_would_reformat_is_left_alone(first_run, capsys) -> None:
    kb, _source, first = first_run
    path = kb / "facts" / "security.yaml"
    odd = path.read_text(encoding="utf-8").replace(
        "      - text: {en: \"Do you back up customer data?\", sv: \"Säkerhetskopierar ni kunddata?\"}",
        "      - text: {en: \"Do you back up customer data?\",   sv: \"Säkerhetskopierar ni kunddata?\"}")
    path.write_text(odd, encoding="utf-8")
    report = _edit_csv(first.reports[1], {"HRS-12.1": ("yes", "awareness-training")})
    code, _out, err = _run(["learn", str(report), "--content", str(kb)], capsys)
    assert code == 1
    assert err == (f"trustgen learn: {path}: this file cannot be edited without changing its layout; add the "
                   "learned questions by hand (run with --dry-run to see them)\n")
    assert path.read_text(encoding="utf-8") == odd


def test_learn_help_has_examples(capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["learn", "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "trustgen learn caiq-answered.xlsx" in out and "--dry-run" in out and "--answer-col" in out


def test_learn_refuses_other_files(tmp_path: Path, capsys) -> None:
    kb = write_kb(tmp_path / "kb")
    notes = tmp_path / "notes.txt"
    notes.write_text("Yes\n", encoding="utf-8")
    code, _out, err = _run(["learn", str(notes), "--content", str(kb)], capsys)
    assert code == 2
    assert err == (f"trustgen learn: {notes}: learn reads a reviewed workbook (.xlsx) or the CSV review report "
                   "(NAME-review.csv)\n")


def test_blank_lines_and_comments_after_a_list_stay_after_the_new_question(tmp_path: Path) -> None:
    from generator.questionnaire.learn import Learned, _edit_file

    path = tmp_path / "facts.yaml"
    path.write_text(
        "topic: people\n"
        "facts:\n"
        "  - id: first\n"
        "    questions:\n"
        "      - text: {en: \"Old?\", sv: \"Gammal?\"}  # kept\n"
        "        answer: yes\n"
        "\n"
        "  # The second fact.\n"
        "  - id: second\n"
        "    statement: {en: B, sv: B}\n"
        "\n"
        "  - id: third\n"
        "    statement: {en: C, sv: C}\n", encoding="utf-8")
    new = _edit_file(path, [
        ("first", Learned("first", "New?", "en", "no", path, "Q1")),
        ("second", Learned("second", "Fråga?", "sv", "yes", path, "Q2")),
    ], ("en", "sv"), "learned from x.csv")
    assert new == (
        "topic: people\n"
        "facts:\n"
        "  - id: first\n"
        "    questions:\n"
        "      - text: {en: \"Old?\", sv: \"Gammal?\"}  # kept\n"
        "        answer: yes\n"
        "      - text: {en: \"New?\", sv: \"New?\"}\n"
        "        answer: no  # learned from x.csv; translate sv\n"
        "\n"
        "  # The second fact.\n"
        "  - id: second\n"
        "    statement: {en: B, sv: B}\n"
        "    questions:\n"
        "      - text: {en: \"Fråga?\", sv: \"Fråga?\"}\n"
        "        answer: yes  # learned from x.csv; translate en\n"
        "\n"
        "  - id: third\n"
        "    statement: {en: C, sv: C}\n")
