"""What onboarding ran into with `learn`, `validate --quiet` and `--strict`."""

from __future__ import annotations

import json
import os
from pathlib import Path

from kbtest import MINIMAL, copy_kb, run_cli

COMPLIANCE_TOPIC = """\
# yaml-language-server: $schema=../../../../../schemas/facts.schema.json
topic: compliance
facts:
  - id: yearly-audit
    statement:
      en: An external auditor reviews the security programme every year.
      sv: En extern revisor granskar säkerhetsprogrammet varje år.
    visibility: public
    owner: Compliance
    last_reviewed: 2026-10-01
"""


def _learn(tmp_path: Path, capsys, rows: list[tuple[str, str, str]]) -> tuple[int, str]:
    report = tmp_path / "review.csv"
    report.write_text("ID,Question,Answer,Sources\n" + "".join(f'{i},"{q}",Yes,{s}\n' for i, q, s in rows),
                      encoding="utf-8")
    code, _out, err = run_cli(["learn", "review.csv"], tmp_path, capsys)
    return code, err


def test_learn_edits_a_topic_file_named_compliance(tmp_path: Path, capsys) -> None:
    kb = copy_kb(MINIMAL, tmp_path / "content")
    (kb / "facts" / "compliance.yaml").write_text(COMPLIANCE_TOPIC, encoding="utf-8")
    code, err = _learn(tmp_path, capsys, [("1", "Are you audited by an outside firm every year?", "yearly-audit")])
    assert code == 0, err
    assert "content/facts/compliance.yaml" in err
    text = (kb / "facts" / "compliance.yaml").read_text(encoding="utf-8")
    assert "Are you audited by an outside firm every year?" in text


def test_learned_braces_stay_literal_text(tmp_path: Path, capsys) -> None:
    kb = copy_kb(MINIMAL, tmp_path / "content")
    code, err = _learn(tmp_path, capsys, [("1", "Does {org:name} encrypt {x} traffic?", "tls-in-transit")])
    assert code == 0, err
    text = (kb / "facts" / "encryption.yaml").read_text(encoding="utf-8")
    assert '{en: "Does {{org:name}} encrypt {{x}} traffic?"' in text
    code, _out, err = run_cli(["validate", "--content", "content"], tmp_path, capsys)
    assert code == 0, err


def test_learn_keeps_the_file_mode_and_learned_wordings_answer_next_time(tmp_path: Path, capsys) -> None:
    kb = copy_kb(MINIMAL, tmp_path / "content")
    path = kb / "facts" / "encryption.yaml"
    os.chmod(path, 0o644)
    wordings = [("1", "Do you keep data encrypted in transit, e.g. not sent in plain text?", "tls-in-transit"),
                ("2", "Is traffic that is not encrypted blocked?", "tls-in-transit")]
    code, err = _learn(tmp_path, capsys, wordings)
    assert code == 0, err
    assert path.stat().st_mode & 0o777 == 0o644
    (tmp_path / "again.csv").write_text("id,question\n" + "".join(f'{i},"{q}"\n' for i, q, _ in wordings),
                                        encoding="utf-8")
    code, out, err = run_cli(["answer", "again.csv"], tmp_path, capsys)
    assert [(a["status"], a["answer"]) for a in json.loads(out)["answers"]] == [("answered", "yes")] * 2


def test_quiet_validate_prints_no_warnings_unless_strict(tmp_path: Path, capsys) -> None:
    kb = copy_kb(MINIMAL, tmp_path / "content")
    path = kb / "facts" / "encryption.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("2026-10-01", "2020-10-01"), encoding="utf-8")
    code, out, err = run_cli(["validate", "--content", "content", "-q"], tmp_path, capsys)
    assert (code, out, err) == (0, "", "")
    code, _out, err = run_cli(["validate", "--content", "content", "-q", "--strict"], tmp_path, capsys)
    assert code == 1 and "warning: facts[0].last_reviewed: overdue for review" in err


def test_content_may_say_that_no_security_contact_is_published(tmp_path: Path, capsys) -> None:
    kb = copy_kb(MINIMAL, tmp_path / "content")
    org = kb / "organization.yaml"
    text = org.read_text(encoding="utf-8").replace("purpose: security", "purpose: support")
    org.write_text(text, encoding="utf-8")
    code, _out, err = run_cli(["validate", "--content", "content", "--strict"], tmp_path, capsys)
    assert code == 1 and "no contact with purpose 'security'" in err
    org.write_text(text + "security_txt:\n  contact: none\n", encoding="utf-8")
    code, _out, err = run_cli(["validate", "--content", "content", "--strict"], tmp_path, capsys)
    assert code == 0, err
    org.write_text(org.read_text(encoding="utf-8").replace("purpose: support", "purpose: security"), encoding="utf-8")
    code, _out, err = run_cli(["validate", "--content", "content"], tmp_path, capsys)
    assert code == 1
    assert ("security_txt.contact: says no security contact is published, but a contact has purpose 'security' "
            "or 'vulnerability-disclosure'") in err


def test_quiet_build_prints_no_warnings(tmp_path: Path, capsys) -> None:
    kb = copy_kb(MINIMAL, tmp_path / "content")
    org = kb / "organization.yaml"
    org.write_text(org.read_text(encoding="utf-8").replace("purpose: security", "purpose: support"), encoding="utf-8")
    code, _out, err = run_cli(["build", "--content", "content", "--out", "site", "-q"], tmp_path, capsys)
    assert (code, err) == (0, "")
    code, _out, err = run_cli(["build", "--content", "content", "--out", "site"], tmp_path, capsys)
    assert code == 0 and "warning: no contact with purpose 'vulnerability-disclosure' or 'security'" in err


def test_a_contact_question_naming_a_purpose_gets_that_contact(tmp_path: Path, capsys) -> None:
    kb = copy_kb(MINIMAL, tmp_path / "content")
    (tmp_path / "q.csv").write_text("id,question\n1,Vendor Accessibility Contact Email\n2,Security contact e-mail\n"
                                    "3,Vendor contact email\n", encoding="utf-8")
    code, out, err = run_cli(["answer", "q.csv"], tmp_path, capsys)
    assert code == 0, err
    answers = json.loads(out)["answers"]
    # no accessibility contact: the security address never stands in for it
    assert [(a["status"], a["text"]) for a in answers] == [
        ("review", None), ("answered", "security@testbolaget.example"), ("answered", "security@testbolaget.example")]
    org = kb / "organization.yaml"
    org.write_text(org.read_text(encoding="utf-8") + "  - id: accessibility\n    purpose: accessibility\n"
                   "    label: {en: Accessibility, sv: Tillgänglighet}\n    email: a11y@testbolaget.example\n",
                   encoding="utf-8")
    code, out, err = run_cli(["answer", "q.csv"], tmp_path, capsys)
    assert code == 0, err
    assert json.loads(out)["answers"][0]["text"] == "a11y@testbolaget.example"
