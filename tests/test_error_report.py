"""The error report puts the root cause first: what follows from an earlier error is folded under it,
a misspelt field is one error, and every message speaks of YAML, not of Python."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from kbtest import ROOT, run_cli

DEMO = ROOT / "content"


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return Path(shutil.copytree(DEMO, tmp_path / "content"))


def _errors(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("content/") and ": warning: " not in line]


def _first(path: Path, old: str, new: str) -> int:
    """Replace the first `old` in the file; the line it was on."""
    text = path.read_text(encoding="utf-8")
    at = text.index(old)
    path.write_text(text[:at] + new + text[at + len(old):], encoding="utf-8")
    return text.count("\n", 0, at) + 1


def _references_to(root: Path, what: str) -> int:
    return sum(p.read_text(encoding="utf-8").count(what) for p in root.rglob("*.yaml"))


def test_one_misspelt_field_is_one_error_with_its_consequences_folded(demo: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    path = demo / "facts" / "access-control.yaml"
    line = _first(path, "visibility: public", "visiblity: public")
    code, out, err = run_cli(["validate", "--content", "content"], demo.parent, capsys)
    assert code == 1 and out == ""
    errors = _errors(err)
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"content/facts/access-control.yaml:{line}:5: facts[0].visiblity: unknown field "
                                "'visiblity' (did you mean 'visibility'?) (and ")
    assert errors[0].endswith(" references that depend on it)")


def test_a_schema_error_in_subprocessors_comes_first_and_alone(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = _first(demo / "subprocessors.yaml", "    name:", "    nme:")
    code, _, err = run_cli(["validate", "--content", "content"], demo.parent, capsys)
    assert code == 1
    errors = _errors(err)
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"content/subprocessors.yaml:{line}:5: subprocessors[0].nme: unknown field 'nme' "
                                "(did you mean 'name'?) (and ")


def test_facts_as_a_file_names_the_cause_once(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.rmtree(demo / "facts")
    (demo / "facts").write_text("facts: []\n", encoding="utf-8")
    code, _, err = run_cli(["validate", "--content", "content"], demo.parent, capsys)
    assert code == 1
    errors = _errors(err)
    assert len(errors) == 1, errors
    assert errors[0].startswith("content/facts: facts must be a folder of *.yaml files inside the content folder, "
                                "not a file or a link (and ")


def test_schema_and_semantic_errors_of_other_files_come_in_one_run(demo: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    _first(demo / "subprocessors.yaml", "    name:", "    nme:")
    line = _first(demo / "facts" / "encryption.yaml", "last_reviewed: 20", "last_reviewed: 2026-02-30\n    x: 20")
    _first(demo / "facts" / "encryption.yaml", "\n    x: 20", "\n    # 20")
    code, _, err = run_cli(["validate", "--content", "content"], demo.parent, capsys)
    assert code == 1
    errors = _errors(err)
    assert any(e.startswith("content/subprocessors.yaml:") for e in errors)
    assert any(e.startswith(f"content/facts/encryption.yaml:{line}:") and "2026-02-30" in e for e in errors), errors


def test_diagnostics_go_to_stderr_and_speak_yaml(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _first(demo / "organization.yaml", "name:", "name: [unclosed\n  other:")
    code, out, err = run_cli(["validate", "--content", "content"], demo.parent, capsys)
    assert code == 1 and out == ""
    assert "Traceback" not in err and "None" not in err and "<unicode string>" not in err
    assert _errors(err)[0].startswith("content/organization.yaml:")


def test_a_schema_error_in_organization_does_not_hide_the_other_files_errors(
        demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    org_line = _first(demo / "organization.yaml", "legal_name:", "legal_nme:")
    fact_line = _first(demo / "facts" / "encryption.yaml", "last_reviewed: 20", "last_reviewed: 2026-02-30\n    x: 20")
    _first(demo / "facts" / "encryption.yaml", "\n    x: 20", "\n    # 20")
    code, _, err = run_cli(["validate", "--content", "content"], demo.parent, capsys)
    assert code == 1
    assert _errors(err) == [
        f"content/facts/encryption.yaml:{fact_line}:20: facts[0].last_reviewed: '2026-02-30' is not a real calendar date",
        (f"content/organization.yaml:{org_line}:3: organization.legal_nme: unknown field 'legal_nme' (did you mean "
        "'legal_name'?)"),
    ]


@pytest.mark.parametrize("old, new", [
    ("locales: [en, sv]", "locales: en"),
    ("products:\n", "products: 3\nxproducts:\n"),
    ("contacts:\n", "contacts: {}\nxcontacts:\n"),
    ("organization:\n", "organization: 5\nxorg:\n"),
])
def test_a_malformed_organization_is_reported_not_a_crash(demo: Path, capsys: pytest.CaptureFixture[str],
                                                          old: str, new: str) -> None:
    _first(demo / "organization.yaml", old, new)
    code, _, err = run_cli(["validate", "--content", "content"], demo.parent, capsys)
    assert code == 1
    assert "internal error" not in err and "Traceback" not in err
    assert all(e.startswith("content/organization.yaml:") for e in _errors(err)), _errors(err)


# --- one broken entry of a list does not hide the other entries' mistakes --------------------------

SUBPROCESSORS = """\
subprocessors:
  - id: hosting
    name: Hosting AB
    purpose: {en: Hosting, sv: Drift}
    data: {en: Customer data, sv: Kunddata}
    countries: SE
    visibility: public
    owner: Privacy team
    last_reviewed: 2026-09-01
  - id: mail
    name: Mail AB
    purpose: {en: E-mail, sv: E-post}
    data: {en: Addresses, sv: Adresser}
    products: [ap]
    visibility: public
    owner: Privacy team
    last_reviewed: 2025-01-02
"""


def test_a_schema_error_in_one_fact_does_not_hide_the_other_facts_errors(
        minimal_kb: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = minimal_kb / "facts" / "encryption.yaml"
    schema_line = _first(path, "visibility: public", "visiblity: public")
    product_line = _first(path, "products: [app]", "products: [ap]")
    text = path.read_text(encoding="utf-8")
    review_line = text.count("\n", 0, text.rindex("last_reviewed: 2026-10-01")) + 1
    path.write_text(text[:text.rindex("2026-10-01")] + "2025-01-02" + text[text.rindex("2026-10-01") + 10:],
                    encoding="utf-8")

    code, out, err = run_cli(["validate", "--content", "content", "--strict"], minimal_kb.parent, capsys)
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        (f"content/facts/encryption.yaml:{schema_line}:5: facts[0].visiblity: unknown field 'visiblity' "
        "(did you mean 'visibility'?)"),
        f"content/facts/encryption.yaml:{product_line}:16: facts[1].products[0]: unknown product 'ap' (known: api, app)",
        (f"content/facts/encryption.yaml:{review_line}:20: warning: facts[1].last_reviewed: overdue for review: "
        "last reviewed 2025-01-02, due 2026-01-02 (every 365 days)"),
        "content: 2 error(s), 1 warning(s)",
    ]

    code, out, err = run_cli(["build", "--content", "content", "--out", "site", "-q"], minimal_kb.parent, capsys)
    assert (code, out) == (1, "")
    assert "Traceback" not in err and "internal error" not in err
    assert f"content/facts/encryption.yaml:{product_line}:16: facts[1].products[0]: unknown product 'ap'" in err
    assert err.splitlines()[-1] == "2 error(s); nothing was written"
    assert not (minimal_kb.parent / "site").exists()


def test_a_schema_error_in_one_subprocessor_does_not_hide_the_others_errors(
        minimal_kb: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (minimal_kb / "subprocessors.yaml").write_text(SUBPROCESSORS, encoding="utf-8")
    # a fact carried out by the broken subprocessor: its reference follows from the broken entry
    _first(minimal_kb / "facts" / "encryption.yaml", "    visibility: public", "    party: hosting\n    visibility: public")

    code, out, err = run_cli(["validate", "--content", "content", "--strict"], minimal_kb.parent, capsys)
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        ("content/subprocessors.yaml:6:16: subprocessors[0].countries: expected a list, found text 'SE' "
        "(and 1 reference that depends on it)"),
        "content/subprocessors.yaml:14:16: subprocessors[1].products[0]: unknown product 'ap' (known: api, app)",
        ("content/subprocessors.yaml:17:20: warning: subprocessors[1].last_reviewed: overdue for review: "
        "last reviewed 2025-01-02, due 2026-01-02 (every 365 days)"),
        "content: 2 error(s), 1 warning(s)",
    ]

    code, _, err = run_cli(["build", "--content", "content", "--out", "site", "-q"], minimal_kb.parent, capsys)
    assert code == 1 and "Traceback" not in err
    assert "content/subprocessors.yaml:14:16: subprocessors[1].products[0]: unknown product 'ap'" in err


def test_references_to_a_broken_entry_fold_under_it_and_its_id_stays_taken(
        minimal_kb: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = minimal_kb / "facts" / "encryption.yaml"
    schema_line = _first(path, "last_reviewed: 2026-10-01", "last_reviewed: 2026-10-01\n    review_interval_days: yearly")
    # the other fact names the broken one's value; a third fact takes its id again
    _first(path, "{days} after", "{days} ({tls-in-transit.min_tls}) after")
    path.write_text(path.read_text(encoding="utf-8") + (
        "  - id: tls-in-transit\n"
        "    statement: {en: Again., sv: Igen.}\n"
        "    visibility: public\n"
        "    owner: Security team\n"
        "    last_reviewed: 2026-10-01\n"), encoding="utf-8")
    duplicate_line = path.read_text(encoding="utf-8").count("\n") - 4

    code, _, err = run_cli(["validate", "--content", "content"], minimal_kb.parent, capsys)
    assert code == 1
    assert _errors(err) == [
        (f"content/facts/encryption.yaml:{schema_line + 1}:27: facts[0].review_interval_days: expected a whole number, "
        "found text 'yearly' (and 1 reference that depends on it)"),
        (f"content/facts/encryption.yaml:{duplicate_line}:9: facts[2].id: duplicate id 'tls-in-transit' "
        "(first used at content/facts/encryption.yaml:4)"),
    ]


def test_a_broken_product_does_not_hide_the_facts_errors(minimal_kb: Path, capsys: pytest.CaptureFixture[str]) -> None:
    org_line = _first(minimal_kb / "organization.yaml", "name: Test API", "name: [Test API]")
    facts = minimal_kb / "facts" / "encryption.yaml"
    _first(facts, "products: [app]", "products: [api]")
    date_line = _first(facts, "last_reviewed: 2026-10-01", "last_reviewed: 2026-02-30")

    code, _, err = run_cli(["validate", "--content", "content"], minimal_kb.parent, capsys)
    assert code == 1 and "Traceback" not in err
    assert _errors(err) == [
        f"content/facts/encryption.yaml:{date_line}:20: facts[0].last_reviewed: '2026-02-30' is not a real calendar date",
        (f"content/organization.yaml:{org_line}:11: products[1].name: expected text, found a list ['Test API'] "
        "(and 1 reference that depends on it)"),
    ]
