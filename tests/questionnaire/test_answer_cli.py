"""`trustgen answer` and `trustgen eval` as a user runs them: the JSON contract, the review reports,
output files, exit codes and messages."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from pathlib import Path

import pytest
from questionnaire_fixtures import run_cli, write_kb

from generator import text
from generator.kb import load_knowledge_base

QUESTIONS = (
    "id,question\n"
    "Q1,Do you encrypt data in transit?\n"
    "Q2,Do you allow unencrypted connections?\n"
    "Q3,Krypteras kunddata i vila?\n"
    "Q4,Do you run a bug bounty programme?\n"
    "Q5,How long is customer content kept after the subscription ends?\n"
)


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    write_kb(tmp_path / "content")
    (tmp_path / "questions.csv").write_text(QUESTIONS, encoding="utf-8")
    return tmp_path


def test_json_contract(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(["answer", "questions.csv", "--format", "json"], workdir, capsys)
    assert code == 0
    data = json.loads(out)
    assert list(data) == ["answers", "summary"]
    kb = load_knowledge_base(workdir / "content")
    assert data["answers"][0] == {
        "id": "Q1", "question": "Do you encrypt data in transit?", "status": "answered", "answer": "yes",
        "text": text.statement(kb, kb.entry("tls-in-transit"), "en"), "language": "en",
        "confidence": data["answers"][0]["confidence"], "sources": ["tls-in-transit"],
        "reason": None, "covered": None, "missing": [], "suggestions": []}
    assert isinstance(data["answers"][0]["confidence"], float)
    assert [(a["id"], a["status"], a["answer"], a["language"], a["sources"]) for a in data["answers"]] == [
        ("Q1", "answered", "yes", "en", ["tls-in-transit"]),
        ("Q2", "answered", "no", "en", ["tls-in-transit"]),
        ("Q3", "answered", "yes", "sv", ["encryption-at-rest"]),
        ("Q4", "review", None, "en", []),
        ("Q5", "answered", None, "en", ["content-deletion"]),
    ]
    assert data["answers"][2]["text"] == text.statement(kb, kb.entry("encryption-at-rest"), "sv")
    assert data["answers"][3]["text"] is None
    for answer in data["answers"]:
        assert list(answer) == ["id", "question", "status", "answer", "text", "language", "confidence", "sources",
                                "reason", "covered", "missing", "suggestions"]
    # A question in review says why, and shows the candidates a person chooses from.
    bounty = data["answers"][3]
    assert bounty["reason"] in ("not covered", "low confidence")
    assert bounty["suggestions"] and len(bounty["suggestions"]) <= 3
    for suggestion in bounty["suggestions"]:
        assert list(suggestion) == ["source", "text", "answer", "confidence"]
        assert suggestion["text"] == text.statement(kb, kb.entry(suggestion["source"]), "en")
    assert data["summary"] == {"questions": 5, "answered": 4, "review": 1, "answers": {"no": 1, "text": 1, "yes": 2},
                               "languages": {"en": 4, "sv": 1}, "audience": "public", "product": None}
    assert err.strip().splitlines() == ["questions.csv: 5 question(s)", "[5/5] questions: 4 answered, 1 need review",
                                        "5 question(s): 4 answered, 1 need review"]


def test_json_is_the_default_and_quiet_prints_nothing_else(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(["answer", "questions.csv", "-q"], workdir, capsys)
    assert code == 0 and err == ""
    assert json.loads(out)["summary"]["questions"] == 5


def test_output_file_and_format_from_its_extension(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["answer", "questions.csv", "-o", "review.md"], workdir, capsys)
    assert code == 0 and out == ""
    report = (workdir / "review.md").read_text(encoding="utf-8")
    assert report.startswith("# Questionnaire review: questions.csv\n\n5 questions: 4 answered, 1 need review.\n")
    assert "## Needs review (1)\n\n### Q4: Do you run a bug bounty programme?\n\n" in report
    assert "Reason: The knowledge base does not cover this question." in report
    assert "## Answered (4)" in report
    assert "| Q2 | Do you allow unencrypted connections? | no | Every client connection uses TLS 1.2 or later. " \
           "| `tls-in-transit` |" in report
    assert [p.name for p in workdir.iterdir() if p.name.startswith(".")] == []  # no temporary file left


def test_csv_review_report(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["answer", "questions.csv", "--format", "csv"], workdir, capsys)
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["ID", "Question", "Status", "Answer", "Explanation", "Confidence", "Language", "Sources",
                       "Reason", "Suggestions"]
    assert rows[2][:4] == ["Q2", "Do you allow unencrypted connections?", "answered", "no"]
    assert rows[3][6] == "Swedish"
    assert rows[4][2:4] == ["needs review", ""] and rows[4][8] == "The knowledge base does not cover this question."
    assert rows[5][3] == "see explanation"


def test_review_items_name_the_part_left_open(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workdir / "parts.txt").write_text(
        "Do you encrypt data in transit, and do you publish a transparency report?\n"
        "Krypterar ni data under överföring, och har ni en publicerad transparensrapport?\n", encoding="utf-8")
    code, out, _ = run_cli(["answer", "parts.txt", "--format", "md", "--locale", "en"], workdir, capsys)
    assert code == 0
    assert ("Reason: The knowledge base covers only some parts of this question. Not covered: Do you "
            "publish a transparency report.") in out
    code, out, _ = run_cli(["answer", "parts.txt", "--format", "csv", "--locale", "sv"], workdir, capsys)
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[1][8] == ("Kunskapsbasen besvarar bara delar av frågan. Besvaras inte: Do you publish a "
                          "transparency report.")
    assert rows[2][8] == ("Kunskapsbasen besvarar bara delar av frågan. Besvaras inte: Har ni en publicerad "
                          "transparensrapport.")
    code, out, _ = run_cli(["answer", "parts.txt", "--format", "json"], workdir, capsys)
    first = json.loads(out)["answers"][0]
    assert (first["reason"], first["missing"]) == ("partly covered", ["Do you publish a transparency report?"])
    assert "TLS" in first["covered"]


def test_swedish_questionnaires_get_a_swedish_report(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workdir / "fragor.txt").write_text("Krypteras kunddata i vila?\nHar ni ett dataskyddsombud?\n", encoding="utf-8")
    code, out, _ = run_cli(["answer", "fragor.txt", "--format", "csv"], workdir, capsys)
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["ID", "Fråga", "Status", "Svar", "Förklaring", "Tillförlitlighet", "Språk", "Källor", "Skäl", "Förslag"]
    assert rows[1][2:4] == ["besvarad", "ja"] and rows[1][6] == "svenska" and rows[1][5] == "1,00"
    assert rows[2][2] == "behöver granskas" and rows[2][8] == "Kunskapsbasen täcker inte den här frågan."
    code, out, _ = run_cli(["answer", "fragor.txt", "--format", "md"], workdir, capsys)
    assert out.startswith("# Granskning av frågeformulär: fragor.txt\n\n2 frågor: 1 besvarade, 1 behöver granskas.")
    code, out, _ = run_cli(["answer", "fragor.txt", "--format", "md", "--locale", "en"], workdir, capsys)
    assert out.startswith("# Questionnaire review: fragor.txt")


def test_csv_cells_never_become_formulas(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workdir / "evil.csv").write_text('id,question\n=HYPERLINK("http://x"),"+cmd|\' /C calc\'!A0"\n'
                                      '@SUM(1),-2+3\n', encoding="utf-8")
    code, out, _ = run_cli(["answer", "evil.csv", "--format", "csv", "-q"], workdir, capsys)
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[1][:2] == ["'=HYPERLINK(\"http://x\")", "'+cmd|' /C calc'!A0"]
    assert rows[2][:2] == ["'@SUM(1)", "'-2+3"]
    for row in rows[1:]:
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)


def test_markdown_report_keeps_hostile_text_inert(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workdir / "evil.txt").write_text("<script>alert(1)</script> [click](javascript:x) | *bold* ?\n", encoding="utf-8")
    code, out, _ = run_cli(["answer", "evil.txt", "--format", "md", "-q"], workdir, capsys)
    assert code == 0
    assert "<script>" not in out and "&lt;script&gt;alert\\(1\\)" not in out
    assert "### 1: &lt;script&gt;alert(1)&lt;/script&gt; \\[click\\](javascript:x) \\| \\*bold\\* ?" in out


def test_never_writes_over_its_input(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = (workdir / "questions.csv").read_bytes()
    code, _, err = run_cli(["answer", "questions.csv", "-o", "./questions.csv"], workdir, capsys)
    assert code == 2
    assert err == "trustgen answer: -o questions.csv: that is the input file; choose another output path\n"
    assert (workdir / "questions.csv").read_bytes() == before


@pytest.mark.parametrize("content, message", [
    (b"id,question\n1,\x00\x01\n", "binary file, not text"),
    (b"\xff\xfe\x00", "invalid UTF-16 text (byte 2)"),
    (b"Control,Ask\n1,Is it?\n", ("cannot tell which column holds the questions (header: Control, Ask); "
                                  "name it with --question-column")),
])
def test_bad_input_exits_1_and_writes_nothing(workdir: Path, capsys: pytest.CaptureFixture[str], content: bytes,
                                              message: str) -> None:
    (workdir / "bad.csv").write_bytes(content)
    code, out, err = run_cli(["answer", "bad.csv", "-o", "out.json"], workdir, capsys)
    assert code == 1 and out == ""
    assert err == f"trustgen answer: bad.csv: {message}\n"
    assert not (workdir / "out.json").exists()


def test_a_broken_knowledge_base_exits_1(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workdir / "content" / "facts" / "encryption.yaml").write_text("topic: encryption\nfacts: [\n", encoding="utf-8")
    code, out, err = run_cli(["answer", "questions.csv", "-o", "out.json"], workdir, capsys)
    assert code == 1 and out == "" and not (workdir / "out.json").exists()
    assert err.splitlines()[-1] == "1 error(s); nothing was written"


def test_unknown_product_is_a_usage_error(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(["answer", "questions.csv", "--product", "nope"], workdir, capsys)
    assert code == 2
    assert err.splitlines()[-1] == "trustgen answer: unknown product 'nope' (products: app, api)"


def test_help_lists_options_and_examples(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("answer", "eval"):
        with pytest.raises(SystemExit) as exit_info:
            run_cli([command, "--help"], workdir, capsys)
        assert exit_info.value.code == 0
        out = capsys.readouterr().out
        assert "examples:\n  trustgen " + command in out
    with pytest.raises(SystemExit):
        run_cli(["--help"], workdir, capsys)
    out = capsys.readouterr().out
    assert "answer a security questionnaire from the knowledge base" in out
    assert "measure answer quality on labelled question sets" in out


EVAL_SET = """\
name: test set
content: content
questions:
  - id: e1
    question: Do you allow unencrypted connections?
    language: en
    answer: "no"
    contains: [TLS 1.2]
    sources: [tls-in-transit]
  - id: e2
    question: Krypteras kunddata i vila?
    language: sv
    answer: "yes"
    contains: [AES-256]
  - id: e3
    question: Do you run a bug bounty programme?
    not_covered: true
  - id: e4
    question: Have you appointed a data protection officer?
    answer: "yes"
"""


def test_eval_reports_accuracy_coverage_and_fabrications(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workdir / "set.yaml").write_text(EVAL_SET, encoding="utf-8")
    code, out, _ = run_cli(["eval", "set.yaml", "--verbose", "-q"], workdir, capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == ("set.yaml [test set]: 4 questions (3 held, 1 not held); coverage 66.7% (2/3), "
                        "precision 100.0% (2/2 written answers right), wrong 0, inversions 0, fabrications 0")
    assert lines[1].startswith("  dev: ") and lines[2].startswith("  held-out: ")
    assert "  missed: e4: Have you appointed a data protection officer? -> review (not covered); not covered" in lines
    assert lines[-4].startswith("total: 4 questions (3 held, 1 not held); coverage 66.7% (2/3)")
    assert lines[-1] == "review reasons: not covered 2"


def test_eval_fails_on_a_fabrication(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    wrong = EVAL_SET.replace('answer: "no"', 'answer: "yes"', 1).replace(
        "question: Do you run a bug bounty programme?\n    not_covered: true",
        "question: Is customer data encrypted at rest?\n    not_covered: true")
    (workdir / "set.yaml").write_text(wrong, encoding="utf-8")
    code, out, err = run_cli(["eval", "set.yaml", "-q"], workdir, capsys)
    assert code == 1
    assert "  inverted: e1: Do you allow unencrypted connections? -> answered no; answered no, expected yes" in out
    assert "  fabrication: e3: Is customer data encrypted at rest? -> answered yes; answered a question the " \
           "knowledge base does not cover" in out
    assert next(line for line in out.splitlines() if line.startswith("total:")).endswith(
        "wrong 0, inversions 1, fabrications 1")
    assert err == "targets missed: at most 0 fabrication(s) and at least 90% accuracy\n"


def test_eval_set_errors_name_the_line(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workdir / "set.yaml").write_text("content: content\nquestions:\n  - id: x\n    question: Is it?\n"
                                      "    answer: maybe\n", encoding="utf-8")
    code, _, err = run_cli(["eval", "set.yaml"], workdir, capsys)
    assert code == 1
    assert err == "trustgen eval: set.yaml:5:13: answer must be one of yes, no, partial, n/a or null\n"


def test_every_report_word_has_a_swedish_translation() -> None:
    import re

    from generator.i18n import translator

    root = Path(__file__).resolve().parents[2] / "generator" / "questionnaire"
    sv = translator("sv")
    found = 0
    for module in ("index.py", "writers.py"):
        source = (root / module).read_text(encoding="utf-8")
        for msgid in re.findall(r'N_\(\s*((?:"[^"]*"\s*)+)\)', source):
            message = "".join(re.findall(r'"([^"]*)"', msgid))
            assert sv.gettext(message) != message or message in ("ID", "Status"), message
            found += 1
    assert found > 30


def test_eval_calibrates_the_threshold_on_the_development_half(workdir: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    halves = EVAL_SET
    for qid, split in (("e1", "dev"), ("e2", "dev"), ("e3", "held-out"), ("e4", "held-out")):
        halves = halves.replace(f"  - id: {qid}\n", f"  - id: {qid}\n    split: {split}\n")
    (workdir / "set.yaml").write_text(halves, encoding="utf-8")
    code, out, _ = run_cli(["eval", "set.yaml", "--calibrate", "0.9", "-q"], workdir, capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["threshold", "dev", "coverage", "dev", "precision", "dev", "errors", "held-out",
                                "coverage", "held-out", "precision", "held-out", "errors"]
    assert [line.split()[0] for line in lines[1:-1]] == ["0.40", "0.45", "0.50", "0.55", "0.60", "0.62", "0.65",
                                                         "0.70", "0.75", "0.80", "0.85", "0.90"]
    assert lines[6].endswith("(default)")
    assert lines[-1] == ("recommended threshold: 0.40 (development half 100.0% precise, 100.0% coverage; "
                         "held-out half 100.0% precise, 0.0% coverage)")
    code, _, err = run_cli(["eval", "set.yaml", "--calibrate", "1.5"], workdir, capsys)
    assert (code, err) == (2, "trustgen eval: --calibrate needs a precision above 0 and at most 1, such as 0.95\n")


def test_a_higher_threshold_sends_more_to_review(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Q1 is one of the fact's own questions; P2 is only near one.
    (workdir / "near.csv").write_text("id,question\nQ1,Do you encrypt data in transit?\n"
                                      "P2,Are connections to the service encrypted?\n", encoding="utf-8")
    code, out, _ = run_cli(["answer", "near.csv", "-q"], workdir, capsys)
    default = {a["id"]: a["status"] for a in json.loads(out)["answers"]}
    code, out, _ = run_cli(["answer", "near.csv", "-q", "--threshold", "0.9"], workdir, capsys)
    strict = {a["id"]: a["status"] for a in json.loads(out)["answers"]}
    assert code == 0 and default == {"Q1": "answered", "P2": "answered"}
    assert strict == {"Q1": "answered", "P2": "review"}
    code, _, err = run_cli(["answer", "questions.csv", "--threshold", "0"], workdir, capsys)
    assert (code, err) == (2, "trustgen answer: --threshold must be above 0 and at most 1, such as 0.7\n")


def test_review_csv_for_excel_keeps_the_buyers_columns(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workdir / "buyer.csv").write_text("id,question,Notes\nQ1,Do you encrypt data in transit?,ask legal\n"
                                       "Q4,Do you run a bug bounty programme?,\n", encoding="utf-8")
    code, _, _ = run_cli(["answer", "buyer.csv", "-o", "review.csv", "--csv-delimiter", ";", "-q"], workdir, capsys)
    assert code == 0
    raw = (workdir / "review.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads the file as UTF-8 only with a byte-order mark
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][-1] == "Notes" and rows[0][0] == "ID"
    assert (rows[1][0], rows[1][-1]) == ("Q1", "ask legal")


def test_review_report_as_a_workbook(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import openpyxl

    (workdir / "evil.csv").write_text('id,question\nQ1,Do you encrypt data in transit?\nQ9,"=HYPERLINK(""x"")"\n',
                                      encoding="utf-8")
    code, _, _ = run_cli(["answer", "evil.csv", "-o", "review.xlsx", "-q"], workdir, capsys)
    assert code == 0
    ws = openpyxl.load_workbook(workdir / "review.xlsx").active
    assert ws.title == "Review"
    assert [c.value for c in ws[1]][:4] == ["ID", "Question", "Status", "Answer"]
    assert [c.value for c in ws[2]][:4] == ["Q1", "Do you encrypt data in transit?", "answered", "yes"]
    assert ws["B3"].value == "'=HYPERLINK(\"x\")" and ws["B3"].data_type == "s"  # text, never a formula
    assert ws.freeze_panes == "C2"
    code, _, err = run_cli(["answer", "evil.csv", "--format", "xlsx"], workdir, capsys)
    assert (code, err) == (2, "trustgen answer: --format xlsx writes a review workbook: name it with -o REVIEW.xlsx\n")


def test_eval_counts_a_contact_as_a_source_in_organization_yaml() -> None:
    from generator.questionnaire.evaluate import Label, judge
    from generator.questionnaire.model import Answer

    label = Label("g1", "Vendor contact e-mail", True, None, None, ("security@testbolaget.example",),
                  ("organization",), "", "", "general", "dev")
    answer = Answer("g1", "Vendor contact e-mail", "answered", None, "security@testbolaget.example", "en", 1.0,
                    ("security",))
    assert judge(label, answer, frozenset({"security", "app"})).verdict == "correct"
    assert judge(label, answer).verdict == "wrong"  # without knowing it is a contact, another source


def test_eval_takes_a_yes_that_lists_what_a_list_question_asks_for() -> None:
    from generator.questionnaire.evaluate import Label, judge
    from generator.questionnaire.model import Answer

    # "Are the data centres certified? If yes, list the certifications": a list label.
    label = Label("d1", "Are the data centres certified? If yes, list them.", True, None, None,
                  ("SOC 2", "ISO/IEC 27001"), ("dc",), "", "", "list", "dev")
    both = Answer("d1", label.question, "answered", "yes", "Yes: SOC 2 and ISO/IEC 27001 audits.", "en", 0.9,
                  ("dc",))
    one = replace(both, text="Yes: SOC 2 audits.")
    no = replace(both, answer="no")
    assert judge(label, both).verdict == "correct"
    assert judge(label, one).verdict == "wrong"  # ISO/IEC 27001 not named
    assert judge(label, no).verdict == "wrong"
