"""A standard the organisation is not certified to (ISO 9001: no) answers questionnaires and is never
shown as a certification."""

from __future__ import annotations

import json
from pathlib import Path

from kbtest import MINIMAL, copy_kb, run_cli

CERTIFICATIONS = """\
# yaml-language-server: $schema=../../../../schemas/certifications.schema.json
certifications:
  - id: iso9001
    standard: iso9001
    held: false
    statement:
      en: We are not certified to ISO 9001; quality is managed under our own release process.
      sv: Vi är inte certifierade enligt ISO 9001; kvaliteten styrs av vår egen releaseprocess.
    visibility: public
    owner: Compliance
    last_reviewed: 2026-10-01
"""


def test_not_certified_answers_no_and_is_not_listed(tmp_path: Path, capsys) -> None:
    kb = copy_kb(MINIMAL, tmp_path / "content")
    (kb / "certifications.yaml").write_text(CERTIFICATIONS, encoding="utf-8")
    code, _out, err = run_cli(["validate", "--content", "content", "--strict"], tmp_path, capsys)
    assert code == 0, err
    assert "0 certifications" in err
    (tmp_path / "q.csv").write_text("id,question\n1,Are you ISO 9001 certified?\n", encoding="utf-8")
    code, out, err = run_cli(["answer", "q.csv"], tmp_path, capsys)
    [answer] = json.loads(out)["answers"]
    assert (answer["status"], answer["answer"], answer["sources"]) == ("answered", "no", ["iso9001"])
    assert answer["text"].startswith("We are not certified to ISO 9001")
    code, _out, err = run_cli(["build", "--content", "content", "--out", "site", "-q"], tmp_path, capsys)
    assert code == 0, err
    trust = json.loads((tmp_path / "site" / "trust.json").read_text(encoding="utf-8"))
    assert trust["certifications"] == []
    assert "ISO 9001" not in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


def test_a_held_certification_still_needs_scope_and_report(tmp_path: Path, capsys) -> None:
    kb = copy_kb(MINIMAL, tmp_path / "content")
    (kb / "certifications.yaml").write_text(CERTIFICATIONS.replace("    held: false\n", ""), encoding="utf-8")
    code, _out, err = run_cli(["validate", "--content", "content"], tmp_path, capsys)
    assert code == 1
    assert "certifications[0]: missing required field 'scope'" in err
    assert "certifications[0]: missing required field 'report'" in err


def test_a_standard_not_held_never_answers_a_certification_question_yes(tmp_path: Path, capsys) -> None:
    kb = copy_kb(MINIMAL, tmp_path / "content")
    (kb / "certifications.yaml").write_text(CERTIFICATIONS, encoding="utf-8")
    (tmp_path / "q.csv").write_text("id,question\n1,Do you hold a third-party certification?\n", encoding="utf-8")
    code, out, err = run_cli(["answer", "q.csv"], tmp_path, capsys)
    assert code == 0, err
    [answer] = json.loads(out)["answers"]
    assert answer["answer"] != "yes"
