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
