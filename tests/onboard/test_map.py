"""`trustgen map`: a mapping sheet a person decides, and `--apply` writing the accepted rows.

The questions are Google VSAQ questions (Apache-2.0) with their ids."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from kbtest import MINIMAL, copy_kb, run_cli

QUESTIONS = """\
id,question
network_encryption,Is encryption and integrity protection in place for all network traffic that carries sensitive data?
network_wifi,Do you operate wireless networks that allow access to private aspects of your infrastructure?
data_deletion,Is customer content deleted after the subscription ends?
no_plaintext,Is unencrypted traffic never allowed on the network?
"""


@pytest.fixture
def mapped(tmp_path: Path, capsys) -> Path:
    copy_kb(MINIMAL, tmp_path / "content")
    (tmp_path / "vsaq.csv").write_text(QUESTIONS, encoding="utf-8")
    code, _out, err = run_cli(["map", "vsaq.csv", "-o", "mapping.xlsx"], tmp_path, capsys)
    assert code == 0, err
    assert "vsaq.csv: 4 question(s) of vsaq" in err
    return tmp_path / "mapping.xlsx"


def _rows(path: Path) -> dict[str, dict[str, object]]:
    from openpyxl import load_workbook

    ws = load_workbook(path)["Mapping"]
    header = [c.value for c in ws[1]]
    return {str(r[1]): dict(zip(header, r)) for r in ws.iter_rows(min_row=2, values_only=True)}


def test_the_sheet_proposes_a_fact_and_its_answer_per_id(mapped: Path) -> None:
    rows = _rows(mapped)
    assert list(rows) == ["network_encryption", "network_wifi", "data_deletion", "no_plaintext"]
    enc = rows["network_encryption"]
    assert (enc["Questionnaire"], enc["Fact"], enc["Answer"], enc["Decision"]) == ("vsaq", "tls-in-transit", "Yes", None)
    assert enc["Statement"] == "Every connection uses {min_tls} or later."
    assert rows["data_deletion"]["Fact"] == "retention"


def _decide(path: Path, decisions: dict[str, tuple[str, str | None, str | None]]) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb["Mapping"]
    for row in ws.iter_rows(min_row=2):
        qid = row[1].value
        if qid in decisions:
            decision, fact, answer = decisions[qid]
            row[3].value = decision
            if fact is not None:
                row[4].value = fact
            if answer is not None:
                row[5].value = answer
    wb.save(path)


def test_apply_writes_accepted_rows_and_answer_uses_them(mapped: Path, tmp_path: Path, capsys) -> None:
    _decide(mapped, {"network_encryption": ("accept", None, None),
                     "network_wifi": ("accept", "tls-in-transit", "No")})
    code, _out, err = run_cli(["map", "--apply", "mapping.xlsx"], tmp_path, capsys)
    assert code == 0, err
    assert "mapped: network_encryption -> tls-in-transit" in err
    assert "mapped: network_wifi -> tls-in-transit (no)" in err
    text = (tmp_path / "content" / "facts" / "encryption.yaml").read_text(encoding="utf-8")
    assert "    mappings:\n      vsaq: [network_encryption, {id: network_wifi, answer: no}]\n" in text
    code, _out, err = run_cli(["validate", "--content", "content", "--strict"], tmp_path, capsys)
    assert code == 0, err
    # a buyer's copy of the questionnaire, worded differently, is answered from the mappings
    (tmp_path / "buyer.csv").write_text("id,question\nnetwork_encryption,Encryption on the internal network?\n"
                                        "network_wifi,Wireless access to internal systems?\n", encoding="utf-8")
    code, out, err = run_cli(["answer", "buyer.csv"], tmp_path, capsys)
    answers = {a["id"]: a for a in json.loads(out)["answers"]}
    assert (answers["network_encryption"]["answer"], answers["network_encryption"]["sources"]) == (
        "yes", ["tls-in-transit"])
    assert answers["network_wifi"]["answer"] == "no"
    # mapped ids are shown as mapped the next time
    code, _out, err = run_cli(["map", "vsaq.csv", "-o", "again.xlsx"], tmp_path, capsys)
    assert "4 question(s): 2 to decide (a fact is proposed), 2 already mapped" in err
    assert _rows(tmp_path / "again.xlsx")["network_wifi"]["Decision"] == "mapped"


def test_apply_refuses_an_unknown_fact(mapped: Path, tmp_path: Path, capsys) -> None:
    before = (tmp_path / "content" / "facts" / "encryption.yaml").read_text(encoding="utf-8")
    _decide(mapped, {"network_encryption": ("accept", "no-such-fact", None)})
    code, _out, err = run_cli(["map", "--apply", "mapping.xlsx"], tmp_path, capsys)
    assert code == 1
    assert ("mapping.xlsx:Mapping!D2: 'no-such-fact' is not a fact, stance or certification of content; "
            "nothing was written") in err
    assert (tmp_path / "content" / "facts" / "encryption.yaml").read_text(encoding="utf-8") == before


def test_apply_refuses_an_unknown_decision(mapped: Path, tmp_path: Path, capsys) -> None:
    _decide(mapped, {"network_encryption": ("maybe", None, None)})
    code, _out, err = run_cli(["map", "--apply", "mapping.xlsx"], tmp_path, capsys)
    assert code == 1
    assert "mapping.xlsx:Mapping!D2: 'maybe' is not a decision (write accept or not applicable)" in err


def test_a_questionnaire_that_is_not_recognised_must_be_named(tmp_path: Path, capsys) -> None:
    copy_kb(MINIMAL, tmp_path / "content")
    (tmp_path / "q.csv").write_text("id,question\n1,Do you encrypt data in transit?\n", encoding="utf-8")
    code, _out, err = run_cli(["map", "q.csv"], tmp_path, capsys)
    assert code == 2
    assert "q.csv: cannot tell which standard questionnaire this is; name it with --questionnaire" in err
    code, _out, err = run_cli(["map", "q.csv", "--questionnaire", "sig-lite"], tmp_path, capsys)
    assert code == 0, err
    assert _rows(tmp_path / "q-mapping.xlsx")["1"]["Questionnaire"] == "sig-lite"


def test_question_text_is_never_a_formula(tmp_path: Path, capsys) -> None:
    copy_kb(MINIMAL, tmp_path / "content")
    (tmp_path / "q.csv").write_text('id,question\nnet_x,"=HYPERLINK(""http://x"")"\n', encoding="utf-8")
    code, _out, err = run_cli(["map", "q.csv"], tmp_path, capsys)
    assert code == 0, err
    from openpyxl import load_workbook

    cell = load_workbook(tmp_path / "q-mapping.xlsx")["Mapping"]["C2"]
    assert (cell.data_type, cell.value) == ("s", '=HYPERLINK("http://x")')


def test_apply_pins_the_answer_where_the_wording_is_the_other_way_round(mapped: Path, tmp_path: Path,
                                                                        capsys) -> None:
    # "never allowed" reads as a negation: a plain mapping would leave the engine unsure which way round
    # the fact's "yes" goes, so the person's answer is written with the mapping.
    _decide(mapped, {"no_plaintext": ("accept", "tls-in-transit", "Yes")})
    code, _out, err = run_cli(["map", "--apply", "mapping.xlsx"], tmp_path, capsys)
    assert code == 0, err
    assert "mapped: no_plaintext -> tls-in-transit (yes)" in err
    text = (tmp_path / "content" / "facts" / "encryption.yaml").read_text(encoding="utf-8")
    assert "      vsaq: [{id: no_plaintext, answer: yes}]\n" in text
    code, out, err = run_cli(["answer", "vsaq.csv"], tmp_path, capsys)
    answers = {a["id"]: a for a in json.loads(out)["answers"]}
    assert (answers["no_plaintext"]["answer"], answers["no_plaintext"]["sources"]) == ("yes", ["tls-in-transit"])


def test_not_applicable_rows(mapped: Path, tmp_path: Path, capsys) -> None:
    from openpyxl import load_workbook

    _decide(mapped, {"data_deletion": ("not applicable", None, None), "network_wifi": ("not applicable", None, None)})
    wb = load_workbook(mapped)
    wb["Mapping"]["E3"].value = None  # network_wifi: no fact named
    wb.save(mapped)
    code, _out, err = run_cli(["map", "--apply", "mapping.xlsx"], tmp_path, capsys)
    assert code == 0, err
    assert "mapped: data_deletion -> retention (n/a)" in err
    assert "skipped: network_wifi: not applicable, no fact named: nothing written" in err
    text = (tmp_path / "content" / "facts" / "encryption.yaml").read_text(encoding="utf-8")
    assert "      vsaq: [{id: data_deletion, answer: n/a}]\n" in text
    (tmp_path / "buyer.csv").write_text("id,question\ndata_deletion,Is data deleted?\n", encoding="utf-8")
    code, out, err = run_cli(["answer", "buyer.csv"], tmp_path, capsys)
    assert json.loads(out)["answers"][0]["answer"] == "n/a"
