"""`trustgen import`: an answered questionnaire into a new and into an existing knowledge base.

tests/data/onboard/answered-vsaq.csv holds VSAQ questions (Apache-2.0) answered for the tests."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from kbtest import DATA, MINIMAL, copy_kb, run_cli

from generator.questionnaire.xlsx import answer_category

ANSWERED = DATA / "onboard" / "answered-vsaq.csv"


@pytest.fixture
def imported(tmp_path: Path, capsys) -> tuple[Path, str]:
    code, out, err = run_cli(["import", str(ANSWERED), "--content", "kb", "--locales", "en,sv"], tmp_path, capsys)
    assert code == 0, err
    assert out == ""
    return tmp_path / "kb", err


def _yaml(path: Path) -> dict:
    from generator.load import load_yaml

    loaded, problems = load_yaml(path)  # as trustgen reads it ("no" is the answer no, not false)
    assert loaded is not None, problems
    return loaded.data


def _facts(kb: Path) -> dict[str, dict]:
    return {f["id"]: {**f, "topic": data["topic"]} for p in sorted((kb / "facts").glob("*.yaml"))
            for data in [_yaml(p)] for f in data["facts"]}


def test_a_new_knowledge_base_validates_and_lists_its_drafts(imported: tuple[Path, str], tmp_path: Path,
                                                               capsys) -> None:
    kb, _report = imported
    code, _out, err = run_cli(["validate", "--content", "kb"], tmp_path, capsys)
    assert code == 0, err
    assert "kb: valid: 30 facts" in err
    assert ("warning: facts[0].status: 'vsaq-network-firewalls' is a draft: read it, set owner and last_reviewed, "
            "and remove 'status: draft'") in err
    org = _yaml(kb / "organization.yaml")
    assert org["organization"]["name"] == "Nordljus AB"
    assert org["organization"]["website"] == "https://nordljus.example"
    assert org["locales"] == ["en", "sv"]
    assert [(c["purpose"], c["email"]) for c in org["contacts"]] == [("security", "security@nordljus.example")]


def test_imported_facts_are_drafts_written_from_the_explanation(imported: tuple[Path, str]) -> None:
    facts = _facts(imported[0])
    for fact in facts.values():
        assert (fact["status"], fact["visibility"]) == ("draft", "nda")
        assert "owner" not in fact and "last_reviewed" not in fact
        assert fact["imported"]["file"] == "answered-vsaq.csv"
    firewall = facts["vsaq-network-firewalls"]
    assert firewall["topic"] == "network"
    assert firewall["statement"]["en"] == ("Stateful firewalls at the edge of every network allow only the ports "
                                           "each service needs; every rule is reviewed quarterly.")
    assert firewall["mappings"] == {"vsaq": ["network_firewalls"]}
    assert firewall["questions"][0]["text"]["en"].startswith("Firewalls are a basic network security control.")
    assert facts["vsaq-network-arpspoofing"]["answer"] == "no"
    # typed values where the explanation states them plainly
    logs = facts["vsaq-network-monitoring-logging"]
    assert (logs["statement"]["en"], logs["values"]) == ("Firewall and DNS logs are kept for {days}.",
                                                         {"days": {"number": 365, "unit": "days"}})
    assert facts["vsaq-network-encryption"]["values"] == {"tls": {"tls": "1.2"}}
    assert facts["vsaq-servers-logging-central"]["values"] == {"region": {"text": "eu-north-1"}}


def test_the_report_says_what_was_created_and_skipped(imported: tuple[Path, str]) -> None:
    report = imported[1]
    assert "created: network_firewalls: 'vsaq-network-firewalls' in facts/network.yaml" in report
    assert "skipped: servers_backup_frequency: no answer" in report
    assert "skipped: network_monitoring: the answer refers to another row: 'See network_monitoring_security'" in report
    assert "skipped: network_firewalls_again: the same question as network_firewalls" in report
    assert "organization: gen-01: organization name 'Nordljus AB'" in report
    assert ("30 fact(s) created, 0 merged into existing facts, 3 organization field(s), 3 skipped (unanswered 1, "
            "duplicate 1, refers elsewhere 1); questionnaire Google VSAQ") in report


def _answers(tmp_path: Path, capsys, *options: str) -> dict[str, dict]:
    code, out, err = run_cli(["answer", str(ANSWERED), "--content", "kb", *options], tmp_path, capsys)
    assert code == 0, err
    return {a["id"]: a for a in json.loads(out)["answers"]}


def test_round_trip_reproduces_the_yes_no_answers(imported: tuple[Path, str], tmp_path: Path, capsys) -> None:
    rows = list(csv.DictReader(ANSWERED.open(encoding="utf-8")))
    given = {r["id"]: answer_category(r["answer"]) for r in rows if answer_category(r["answer"]) in ("yes", "no")}
    answers = _answers(tmp_path, capsys, "--audience", "nda")
    same = [i for i, a in given.items() if answers[i]["answer"] == a]
    contradicted = [i for i, a in given.items() if answers[i]["status"] == "answered"
                    and answers[i]["answer"] not in (None, a)]
    assert contradicted == []
    assert len(same) / len(given) >= 0.95, sorted(set(given) - set(same))
    # nothing imported reaches the public before a person has read it
    public = _answers(tmp_path, capsys)
    assert not any(s.startswith("vsaq-") for a in public.values() for s in a["sources"])


def test_the_review_report_marks_answers_drawn_from_drafts(imported: tuple[Path, str], tmp_path: Path,
                                                           capsys) -> None:
    code, _out, err = run_cli(["answer", str(ANSWERED), "--content", "kb", "--audience", "nda", "-o", "review.md"],
                              tmp_path, capsys)
    assert code == 0, err
    md = (tmp_path / "review.md").read_text(encoding="utf-8")
    assert "`vsaq-network-dmz` (draft)" in md
    code, _out, err = run_cli(["answer", str(ANSWERED), "--content", "kb", "--audience", "nda", "-o", "review.csv"],
                              tmp_path, capsys)
    rows = {r["ID"]: r for r in csv.DictReader((tmp_path / "review.csv").open(encoding="utf-8-sig"))}
    assert rows["network_dmz"]["Status"] == "answered from a draft"
    assert rows["network_dmz"]["Sources"] == "vsaq-network-dmz"


def test_a_draft_may_not_be_made_public(imported: tuple[Path, str], tmp_path: Path, capsys) -> None:
    path = imported[0] / "facts" / "network.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("visibility: nda", "visibility: public", 1), encoding="utf-8")
    code, _out, err = run_cli(["validate", "--content", "kb"], tmp_path, capsys)
    assert code == 1
    assert ("kb/facts/network.yaml:9:17: facts[0].visibility: a draft may not be public: read it, then remove "
            "'status: draft' (and set owner and last_reviewed) before publishing it") in err
    # once read, a fact needs its owner and review date
    path.write_text(text.replace("    status: draft  # imported: read it, set owner and last_reviewed, then remove "
                                 "this line\n", "", 1), encoding="utf-8")
    code, _out, err = run_cli(["validate", "--content", "kb"], tmp_path, capsys)
    assert code == 1
    assert "facts[0]: missing required field 'owner'" in err and "missing required field 'last_reviewed'" in err


# --- into an existing knowledge base ----------------------------------------------------------------

EXISTING = """\
id,question,answer,additional_info
HLDA-01,Do you encrypt data in transit?,Yes,All connections use TLS.
HLDA-02,Is data encrypted in transit?,Yes,
HLDA-03,Do you encrypt data in transit?,No,
HLDA-04,Do you run a bug bounty programme?,No,We take reports at our security address but pay no bounties.
"""


def test_import_merges_into_existing_facts_and_never_overwrites(tmp_path: Path, capsys) -> None:
    kb = copy_kb(MINIMAL, tmp_path / "content")
    facts = kb / "facts" / "encryption.yaml"
    before = facts.read_text(encoding="utf-8")
    org_before = (kb / "organization.yaml").read_text(encoding="utf-8")
    answered = tmp_path / "lite.csv"
    answered.write_text(EXISTING, encoding="utf-8")
    code, _out, err = run_cli(["import", str(answered), "--content", "content"], tmp_path, capsys)
    assert code == 0, err
    assert "merged: HLDA-01: into 'tls-in-transit'" in err
    assert "merged: HLDA-02: into 'tls-in-transit'" in err
    assert "skipped: HLDA-03: the same question as HLDA-01" in err
    assert "created: HLDA-04: 'hecvat-lite-3-hlda-04' in facts/vulnerability-management.yaml" in err
    assert "questionnaire HECVAT Lite 3" in err
    after = facts.read_text(encoding="utf-8")
    # only added to: every line of the file is still there, in order
    assert [line for line in after.splitlines() if line in before.splitlines()] == before.splitlines()
    assert '      - text: {en: "Is data encrypted in transit?", sv: "Is data encrypted in transit?"}' in after
    assert "    mappings:\n      hecvat-lite-3: [HLDA-01, HLDA-02]\n" in after
    assert (kb / "organization.yaml").read_text(encoding="utf-8") == org_before
    new = _yaml(kb / "facts" / "vulnerability-management.yaml")["facts"][0]
    assert new["statement"]["en"] == "We take reports at our security address but pay no bounties."
    assert new["answer"] == "no" and new["status"] == "draft"
    code, _out, err = run_cli(["validate", "--content", "content"], tmp_path, capsys)
    assert code == 0, err
    # the merged wording and its mapping now answer the Lite questionnaire
    code, out, err = run_cli(["answer", str(answered), "--content", "content"], tmp_path, capsys)
    answers = {a["id"]: a for a in json.loads(out)["answers"]}
    assert (answers["HLDA-02"]["answer"], answers["HLDA-02"]["sources"]) == ("yes", ["tls-in-transit"])


def test_contradictions_are_reported_not_written(tmp_path: Path, capsys) -> None:
    kb = copy_kb(MINIMAL, tmp_path / "content")
    before = {p: p.read_text(encoding="utf-8") for p in kb.rglob("*.yaml")}
    answered = tmp_path / "q.csv"
    answered.write_text("id,question,answer\n1,Do you encrypt data in transit?,No\n", encoding="utf-8")
    code, _out, err = run_cli(["import", str(answered), "--content", "content"], tmp_path, capsys)
    assert code == 0, err
    assert ("skipped: 1: the knowledge base answers 'yes' from 'tls-in-transit', the questionnaire 'no'"
            in err)
    assert "1 skipped (contradictory 1)" in err
    assert {p: p.read_text(encoding="utf-8") for p in kb.rglob("*.yaml")} == before


def test_dry_run_prints_the_change_and_writes_nothing(tmp_path: Path, capsys) -> None:
    code, out, err = run_cli(["import", str(ANSWERED), "--content", "kb", "--dry-run"], tmp_path, capsys)
    assert code == 0, err
    assert "+++ kb/facts/network.yaml" in out and "+  - id: vsaq-network-firewalls" in out
    assert not (tmp_path / "kb").exists()


def test_a_file_without_an_answer_column_is_refused(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "questions.csv"
    bad.write_text("id,question\n1,Do you encrypt data in transit?\n", encoding="utf-8")
    code, _out, err = run_cli(["import", str(bad), "--content", "kb"], tmp_path, capsys)
    assert code == 1
    assert ("trustgen import: questions.csv: no answer column (a column headed Answer, Response, Vendor Answer ...); "
            "name it with --answer-col") in err
    assert not (tmp_path / "kb").exists()


def test_a_folder_that_is_not_a_knowledge_base_is_refused(tmp_path: Path, capsys) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "todo.txt").write_text("x", encoding="utf-8")
    code, _out, err = run_cli(["import", str(ANSWERED), "--content", "notes"], tmp_path, capsys)
    assert code == 2
    assert "notes: not a knowledge base (no organization.yaml), and not empty" in err


def test_a_product_s_answers_merge_only_into_facts_of_that_product(tmp_path: Path, capsys) -> None:
    kb = copy_kb(MINIMAL, tmp_path / "content")
    answered = tmp_path / "api.csv"
    answered.write_text("id,question,answer,additional_info\n"
                        "1,Is customer content deleted 45 days after the subscription ends?,Yes,\n", encoding="utf-8")
    code, _out, err = run_cli(["import", str(answered), "--content", "content", "--product", "api", "--dry-run"],
                              tmp_path, capsys)
    assert code == 0, err
    # 'retention' applies to the app only: the API's answer becomes a fact of its own
    assert "created: 1: 'imported-1' in facts/data-retention.yaml" in err
    code, _out, err = run_cli(["import", str(answered), "--content", "content", "--product", "api"], tmp_path, capsys)
    assert code == 0, err
    fact = _yaml(kb / "facts" / "data-retention.yaml")["facts"][0]
    assert (fact["id"], fact["products"]) == ("imported-1", ["api"])
    code, _out, err = run_cli(["import", str(answered), "--content", "content", "--product", "app", "--dry-run"],
                              tmp_path, capsys)
    assert "merged: 1: into 'retention'" in err


def test_accessibility_answers_are_imported_under_the_accessibility_topic() -> None:
    from generator.questionnaire.importing import topic_of

    assert topic_of("Does your product conform to WCAG 2.1 AA?") == "accessibility"
    assert topic_of("Can you provide a VPAT for the solution?") == "accessibility"
    assert topic_of("Do you encrypt data at rest?") == "encryption"


def test_a_contact_persons_rows_become_facts_that_answer_them(tmp_path: Path, capsys) -> None:
    (tmp_path / "answered.csv").write_text(
        "id,question,answer,additional_info\n"
        "c-1,Supplier name,Nordljus AB,\n"
        "c-2,Supplier contact name,Erin Example,\n"
        "c-3,Supplier contact title,Head of Security,\n"
        "c-4,Supplier contact e-mail,erin@nordljus.example,\n"
        "c-5,Supplier accessibility contact name,Kim Example,\n", encoding="utf-8")
    code, _out, err = run_cli(["import", "answered.csv", "--content", "kb"], tmp_path, capsys)
    assert code == 0, err
    assert "organization: c-4: contact erin@nordljus.example (sales)" in err
    assert "created: c-2:" in err and "created: c-5:" in err
    (tmp_path / "asked.csv").write_text(
        "id,question\nq1,Contact name\nq2,Contact title\n"
        "q3,Accessibility contact name\nq4,Contact telephone\n",
        encoding="utf-8")
    code, out, err = run_cli(["answer", "asked.csv", "--content", "kb", "--audience", "nda"], tmp_path, capsys)
    assert code == 0, err
    answers = {a["id"]: a for a in json.loads(out)["answers"]}
    assert [(answers[q]["status"], answers[q]["text"]) for q in ("q1", "q2", "q3")] == [
        ("answered", "Erin Example"), ("answered", "Head of Security"), ("answered", "Kim Example")]
    assert (answers["q4"]["status"], answers["q4"]["reason"]) == ("review", "general information")
