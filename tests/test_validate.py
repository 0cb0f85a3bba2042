"""`trustgen validate`: every rule's exact message, exit codes, hostile files, and the shipped knowledge bases."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from kbtest import DATA, MINIMAL, ROOT, copy_kb, run_cli

BAD = DATA / "bad"
FIXTURES = sorted(p.name for p in BAD.iterdir() if p.is_dir())
WARNING_ONLY = {"overdue-review", "expired-certification"}


def prepare(fixture: str, tmp_path: Path) -> Path:
    """The minimal knowledge base with the fixture's files laid over it, at tmp_path/content."""
    content = copy_kb(MINIMAL, tmp_path / "content")
    src = BAD / fixture
    for f in src.rglob("*"):
        if f.is_file() and f.name != "expected.txt" and not f.name.startswith(".remove"):
            dest = content / f.relative_to(src)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(f, dest)
    if (src / ".remove-organization").exists():
        (content / "organization.yaml").unlink()
    return content


def problem_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if not line.startswith("content: ")]


def test_every_rule_has_a_fixture() -> None:
    from generator.validate.rules import RULES

    assert len(FIXTURES) >= len(RULES)
    for fixture in FIXTURES:
        assert (BAD / fixture / "expected.txt").exists(), fixture


@pytest.mark.parametrize("fixture", FIXTURES)
def test_bad_fixture_reports_exact_messages(fixture: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    prepare(fixture, tmp_path)
    code, out, err = run_cli(["validate", "--content", "content"], tmp_path, capsys)
    expected = (BAD / fixture / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert problem_lines(err) == expected
    assert code == (0 if fixture in WARNING_ONLY else 1)
    assert "Traceback" not in err
    assert out == ""


@pytest.mark.parametrize("fixture", sorted(WARNING_ONLY))
def test_strict_turns_warnings_into_errors(fixture: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    prepare(fixture, tmp_path)
    code, _, err = run_cli(["validate", "--content", "content", "--strict"], tmp_path, capsys)
    assert code == 1
    assert "warning: " in err
    assert "content: 0 error(s), 1 warning(s)" in err


def test_valid_knowledge_base_exits_zero_with_summary(minimal_kb: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(["validate", "--content", "content"], minimal_kb.parent, capsys)
    assert code == 0
    assert err.strip() == "content: valid: 2 facts, 0 certifications, 0 compliance stances, 0 subprocessors, locales en, sv"


def test_quiet_prints_nothing_when_valid(minimal_kb: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(["validate", "--content", "content", "--quiet"], minimal_kb.parent, capsys)
    assert (code, out, err) == (0, "", "")


def test_all_problems_reported_at_once_sorted(minimal_kb: Path, capsys: pytest.CaptureFixture[str]) -> None:
    facts = minimal_kb / "facts" / "encryption.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("      sv: Kundinnehåll", "      fi: Kundinnehåll"),
                     encoding="utf-8")
    (minimal_kb / "facts" / "access.yaml").write_text(
        "topic: access-control\nfacts:\n  - id: rbac\n    statement: {en: Roles., sv: Roller.}\n"
        "    visibility: secret\n    owner: Security\n    last_reviewed: 2026-01-01\n", encoding="utf-8")
    code, _, err = run_cli(["validate", "--content", "content"], minimal_kb.parent, capsys)
    assert code == 1
    assert problem_lines(err) == [
        "content/facts/access.yaml:5:17: facts[0].visibility: 'secret' is not one of: public, nda, internal",
        "content/facts/encryption.yaml:18:7: facts[1].statement.sv: missing Swedish text",
        ("content/facts/encryption.yaml:19:7: facts[1].statement.fi: text in 'fi', which is not one of the locales "
         "in organization.yaml"),
    ]
    assert err.splitlines()[-1] == "content: 3 error(s), 0 warning(s)"


def test_oversized_file_is_refused_without_reading_it(minimal_kb: Path, capsys: pytest.CaptureFixture[str]) -> None:
    big = minimal_kb / "facts" / "huge.yaml"
    with big.open("wb") as fh:
        fh.write(b"topic: encryption\nfacts:\n")
        fh.write(b"# padding\n" * (5 * 1024 * 1024 + 10))
    code, _, err = run_cli(["validate", "--content", "content"], minimal_kb.parent, capsys)
    assert code == 1
    assert "content/facts/huge.yaml: file is 50.0 MB; content files may be at most 5 MB" in err


def test_missing_folder_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(["validate", "--content", "nowhere"], tmp_path, capsys)
    assert code == 2
    assert err.strip() == "trustgen validate: nowhere: no such content folder"


def test_unknown_option_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        run_cli(["validate", "--strictly"], tmp_path, capsys)
    assert exc.value.code == 2


SHIPPED = ["content", "examples/claris", "examples/thefm-studio", "examples/clario"]


@pytest.mark.parametrize("kb", SHIPPED)
def test_shipped_knowledge_bases_are_valid(kb: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(["validate", "--content", kb], ROOT, capsys)
    assert code == 0, err
    assert " valid: " in err


def _content_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.yaml") if "documents" not in p.parts)


@pytest.mark.parametrize("kb", SHIPPED)
def test_unknown_field_in_any_file_is_reported_with_file_and_line(kb: str, tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """Insert `surprise:` into the first entry of every file in turn; each is reported where it was put."""
    src = ROOT / kb
    for n, original in enumerate(_content_files(src)):
        content = copy_kb(src, tmp_path / str(n) / "content")
        target = content / original.relative_to(src)
        lines = target.read_text(encoding="utf-8").splitlines()
        # after the first line that opens a list entry ("  - id: ..."), or at the top level otherwise
        index = next((i for i, l in enumerate(lines) if l.lstrip().startswith("- id:")), None)
        if index is None:
            index = next(i for i, l in enumerate(lines) if l and not l.startswith("#")) - 1
            indent = ""
        else:
            indent = " " * (len(lines[index]) - len(lines[index].lstrip()) + 2)
        lines.insert(index + 1, f"{indent}surprise: 1")
        target.write_text("\n".join(lines) + "\n", encoding="utf-8")
        code, _, err = run_cli(["validate", "--content", "content"], content.parent, capsys)
        rel = f"content/{original.relative_to(src).as_posix()}"
        assert code == 1
        assert f"{rel}:{index + 2}:{len(indent) + 1}: " in err and "unknown field 'surprise'" in err, (rel, err)


@pytest.mark.parametrize("kb", ["content", "examples/claris", "tests/data/good/minimal"])
def test_missing_swedish_statement_is_reported_with_its_path(kb: str, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    """Delete the Swedish line of the first block-style statement; the report names file, line and field path."""
    from generator.load import load_yaml

    content = copy_kb(ROOT / kb, tmp_path / "content")
    for path in sorted((content / "facts").glob("*.yaml")):
        loaded, _ = load_yaml(path)
        assert loaded is not None
        for i, _fact in enumerate(loaded.data["facts"]):
            en_line = loaded.source.key_pos(("facts", i, "statement", "en"))[0]
            sv_line = loaded.source.key_pos(("facts", i, "statement", "sv"))[0]
            if en_line != sv_line:
                break
        else:
            continue
        break
    else:
        pytest.fail("no block-style statement found")
    statement_line, statement_col = loaded.source.value_pos(("facts", i, "statement"))
    lines = path.read_text(encoding="utf-8").splitlines()
    del lines[sv_line - 1]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = run_cli(["validate", "--content", "content"], content.parent, capsys)
    assert code == 1
    rel = path.relative_to(content.parent).as_posix()
    expected_line = statement_line if statement_line < sv_line else statement_line - 1
    assert f"{rel}:{expected_line}:{statement_col}: facts[{i}].statement.sv: missing Swedish text" in err, err
