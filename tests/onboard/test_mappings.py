"""Versioned mapping namespaces, mappings with their own answer, and `trustgen migrate`.

The questions are written for these tests; ids follow the shape of the standard questionnaires."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from kbtest import MINIMAL, copy_kb, run_cli

# A fact mapped to GNRL-05 of HECVAT Full 3 (a question about something else entirely than the
# same id asks in HECVAT Lite 3), and a fact that answers a positively worded question "yes" through
# a mapping with its own answer.
FACTS = """\
# yaml-language-server: $schema=../../../../../schemas/facts.schema.json
topic: people
facts:
  - id: accessibility-officer
    statement:
      en: A named accessibility officer reviews every release against WCAG 2.1 AA.
      sv: En utsedd tillgänglighetsansvarig granskar varje version mot WCAG 2.1 AA.
    visibility: public
    owner: Product
    last_reviewed: 2026-10-01
    mappings:
      hecvat-full-3: [GNRL-05]
  - id: hard-coded-passwords
    statement:
      en: Source code is scanned for hard-coded passwords before every merge, and none are allowed.
      sv: Källkoden söks igenom efter hårdkodade lösenord före varje sammanslagning, och inga tillåts.
    answer: no
    visibility: public
    owner: Security team
    last_reviewed: 2026-10-01
    questions:
      - text: {en: "Do you have hard-coded passwords?", sv: "Har ni hårdkodade lösenord?"}
        answer: no
    mappings:
      # the buyer asks it the other way round
      caiq-v4:
        - id: AIS-04.2
          answer: yes
          note: {en: "Credentials are kept in a secrets vault.", sv: "Inloggningsuppgifter förvaras i ett valv."}
"""


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    root = copy_kb(MINIMAL, tmp_path / "content")
    (root / "facts" / "people.yaml").write_text(FACTS, encoding="utf-8")
    return root


def _answers(tmp_path: Path, capsys, rows: list[tuple[str, str]], *options: str) -> dict[str, dict]:
    csv = tmp_path / "questions.csv"
    csv.write_text("id,question\n" + "".join(f'{i},"{q}"\n' for i, q in rows), encoding="utf-8")
    code, out, err = run_cli(["answer", str(csv), "--content", "content", *options], tmp_path, capsys)
    assert code == 0, err
    return {a["id"]: a for a in json.loads(out)["answers"]}


# An accessibility question that shares no words with the fact, so only the mapping can answer it.
ASKED = "Please confirm the name of the primary contact for this assessment process"


def test_a_full_mapping_answers_the_same_id_of_hecvat_full(kb: Path, tmp_path: Path, capsys) -> None:
    answers = _answers(tmp_path, capsys, [("QUAL-01", "Do you follow a quality programme?"), ("GNRL-05", ASKED)])
    assert answers["GNRL-05"]["status"] == "answered"
    assert answers["GNRL-05"]["sources"] == ["accessibility-officer"]


def test_a_lite_id_is_never_answered_from_a_full_mapping(kb: Path, tmp_path: Path, capsys) -> None:
    # HLAP-01 is a section only HECVAT Lite 3 has: the file is recognised as HECVAT Lite 3.
    answers = _answers(tmp_path, capsys, [("HLAP-01", "Do you follow a quality programme?"), ("GNRL-05", ASKED)])
    assert answers["GNRL-05"]["status"] == "review"
    assert "accessibility-officer" not in answers["GNRL-05"]["sources"]


def test_questionnaire_option_names_the_namespace(kb: Path, tmp_path: Path, capsys) -> None:
    rows = [("GNRL-05", ASKED)]
    assert _answers(tmp_path, capsys, rows)["GNRL-05"]["status"] == "review"  # not known: no versioned look-up
    named = _answers(tmp_path, capsys, rows, "--questionnaire", "hecvat-full-3")["GNRL-05"]
    assert (named["status"], named["sources"]) == ("answered", ["accessibility-officer"])
    assert _answers(tmp_path, capsys, rows, "--questionnaire", "hecvat-lite-3")["GNRL-05"]["status"] == "review"


def test_unknown_questionnaire_is_a_usage_error(kb: Path, tmp_path: Path, capsys) -> None:
    csv = tmp_path / "q.csv"
    csv.write_text("id,question\n1,Do you encrypt data in transit?\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_:
        run_cli(["answer", str(csv), "--questionnaire", "hecvat"], tmp_path, capsys)
    err = capsys.readouterr().err
    assert exit_.value.code == 2
    assert "invalid choice: 'hecvat'" in err and "hecvat-lite-3" in err


def test_a_mapping_carries_its_own_answer_and_note(kb: Path, tmp_path: Path, capsys) -> None:
    answers = _answers(tmp_path, capsys, [("AIS-04.2", "Are credentials kept out of your source code?")])
    a = answers["AIS-04.2"]
    assert (a["status"], a["answer"], a["sources"]) == ("answered", "yes", ["hard-coded-passwords"])
    assert a["text"] == ("Source code is scanned for hard-coded passwords before every merge, and none are "
                         "allowed. Credentials are kept in a secrets vault.")


def test_the_fact_itself_still_answers_its_own_wording_no(kb: Path, tmp_path: Path, capsys) -> None:
    a = _answers(tmp_path, capsys, [("Q1", "Do you have hard-coded passwords?")])["Q1"]
    assert (a["status"], a["answer"]) == ("answered", "no")


# --- older keys ----------------------------------------------------------------------------------

LEGACY = """\
# yaml-language-server: $schema=../../../../../schemas/facts.schema.json
topic: people
facts:
  - id: accessibility-officer
    statement:
      en: A named accessibility officer reviews every release against WCAG 2.1 AA.
      sv: En utsedd tillgänglighetsansvarig granskar varje version mot WCAG 2.1 AA.
    visibility: public
    owner: Product
    last_reviewed: 2026-10-01
    mappings:
      caiq_v4: [AIS-04.1]   # kept through the rewrite
      hecvat: [GNRL-05]
  - id: background-checks
    statement:
      en: Every employee is background-checked before starting.
      sv: Alla anställda bakgrundskontrolleras före anställningen.
    visibility: public
    owner: People team
    last_reviewed: 2026-10-01
    mappings:
      hecvat: [HLPP-01]
"""


@pytest.fixture
def legacy_kb(tmp_path: Path) -> Path:
    root = copy_kb(MINIMAL, tmp_path / "content")
    path = root / "facts" / "people.yaml"
    path.write_text(LEGACY, encoding="utf-8")
    os.chmod(path, 0o644)
    return root


def test_unversioned_ids_keep_working_and_warn(legacy_kb: Path, tmp_path: Path, capsys) -> None:
    answers = _answers(tmp_path, capsys, [("GNRL-05", ASKED), ("AIS-04.1", ASKED)])
    assert answers["GNRL-05"]["sources"] == ["accessibility-officer"]
    assert answers["AIS-04.1"]["sources"] == ["accessibility-officer"]
    code, _out, err = run_cli(["validate", "--content", "content"], tmp_path, capsys)
    assert code == 0
    assert ("content/facts/people.yaml:13:7: warning: facts[0].mappings.hecvat: 'hecvat' names no HECVAT version"
            in err)


def test_migrate_stops_where_the_version_is_ambiguous(legacy_kb: Path, tmp_path: Path, capsys) -> None:
    before = (legacy_kb / "facts" / "people.yaml").read_text(encoding="utf-8")
    code, _out, err = run_cli(["migrate", "--content", "content"], tmp_path, capsys)
    assert code == 2
    assert ("content/facts/people.yaml:13: the HECVAT ids of 'accessibility-officer' (GNRL-05) could be "
            "HECVAT Full 3, HECVAT Lite 3, HECVAT 4; name the version with --hecvat") in err
    assert (legacy_kb / "facts" / "people.yaml").read_text(encoding="utf-8") == before


def test_migrate_rewrites_keys_keeping_comments_and_mode(legacy_kb: Path, tmp_path: Path, capsys) -> None:
    path = legacy_kb / "facts" / "people.yaml"
    code, out, err = run_cli(["migrate", "--content", "content", "--hecvat", "full-3", "--dry-run"], tmp_path, capsys)
    assert code == 0 and "-      hecvat: [GNRL-05]" in out and "+      hecvat-full-3: [GNRL-05]" in out
    assert path.read_text(encoding="utf-8") == LEGACY
    code, _out, err = run_cli(["migrate", "--content", "content", "--hecvat", "full-3"], tmp_path, capsys)
    assert code == 0, err
    assert "people.yaml:22: background-checks: mappings.hecvat -> hecvat-lite-3" in err  # implied by HLPP
    assert path.read_text(encoding="utf-8") == (
        LEGACY.replace("caiq_v4: [AIS-04.1]", "caiq-v4: [AIS-04.1]")
        .replace("hecvat: [GNRL-05]", "hecvat-full-3: [GNRL-05]")
        .replace("hecvat: [HLPP-01]", "hecvat-lite-3: [HLPP-01]"))
    assert path.stat().st_mode & 0o777 == 0o644
    code, _out, err = run_cli(["validate", "--content", "content", "--strict"], tmp_path, capsys)
    assert code == 0, err
    # the rewritten mapping answers the version it names, and only that one
    full = _answers(tmp_path, capsys, [("GNRL-05", ASKED)], "--questionnaire", "hecvat-full-3")["GNRL-05"]
    assert full["sources"] == ["accessibility-officer"]
    lite = _answers(tmp_path, capsys, [("GNRL-05", ASKED)], "--questionnaire", "hecvat-lite-3")["GNRL-05"]
    assert lite["status"] == "review"
    code, _out, err = run_cli(["migrate", "--content", "content"], tmp_path, capsys)
    assert code == 0 and "nothing to do" in err


def test_migrate_asks_where_the_ids_fit_several_versions(legacy_kb: Path) -> None:
    from generator.questionnaire.migrate import migrate

    asked: list[tuple[str, list[str], list[str]]] = []

    def ask(where: str, ids: list[str], versions: list[str]) -> str:
        asked.append((where, ids, versions))
        return "4"

    result = migrate(legacy_kb, ask=ask)
    assert asked == [(f"{legacy_kb / 'facts' / 'people.yaml'}:13: 'accessibility-officer'", ["GNRL-05"],
                      ["hecvat-full-3", "hecvat-lite-3", "hecvat-4"])]
    assert result.written
    assert "hecvat-4: [GNRL-05]" in (legacy_kb / "facts" / "people.yaml").read_text(encoding="utf-8")
