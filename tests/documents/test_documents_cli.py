"""`trustgen docs`: options, messages and exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest
from docs_helpers import copy_fixture

from generator.cli import main


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    copy_fixture(tmp_path / "content")
    return tmp_path


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_docs_builds_one_document_with_progress_and_summary(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["docs", "--only", "retention-policy"], capsys)
    assert code == 0 and out == ""
    lines = err.splitlines()
    assert [line.split("] ")[0] for line in lines[:4]] == ["[1/4", "[2/4", "[3/4", "[4/4"]
    assert sorted(line.split("] ")[1] for line in lines[:4]) == [
        "downloads/en/retention-policy.docx", "downloads/en/retention-policy.pdf",
        "downloads/sv/retention-policy.docx", "downloads/sv/retention-policy.pdf"]
    assert lines[-1].startswith("site/downloads: 1 document(s), 4 file(s), ")
    assert lines[-1].endswith("PDF pages; 4 rendered, 0 unchanged")
    assert sorted(p.relative_to(project / "site").as_posix() for p in (project / "site").rglob("*.*")) == [
        "downloads/en/retention-policy.docx", "downloads/en/retention-policy.pdf",
        "downloads/sv/retention-policy.docx", "downloads/sv/retention-policy.pdf"]
    assert (project / ".trustgen-cache" / "documents").is_dir()

    code, out, err = run(["docs", "--only", "retention-policy", "--quiet"], capsys)
    assert (code, out, err) == (0, "", "")


def test_audience_nda_adds_nda_documents(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["docs", "--audience", "nda", "--out", "portal", "--only", "encryption-brief", "-q"], capsys)
    assert code == 0 and err == ""
    assert (project / "portal" / "downloads" / "sv" / "encryption-brief.pdf").is_file()


@pytest.mark.parametrize("args, message", [
    (["--only", "nothing"], ("trustgen docs: no document 'nothing' (documents: encryption-brief, overview, "
                            "retention-policy)")),
    (["--only", "encryption-brief"], "trustgen docs: 'encryption-brief' is nda; build it with --audience nda"),
    (["--out", "content/site"], ("trustgen docs: --out content/site would write into the knowledge base content; "
                                "choose another folder")),
    (["--content", "missing"], "trustgen docs: missing: no such content folder"),
])
def test_usage_errors_exit_2(project: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    code, _, err = run(["docs", *args], capsys)
    assert code == 2
    assert err.splitlines() == [message]
    assert not (project / "site").exists()


def test_audience_internal_is_not_an_option(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["docs", "--audience", "internal"])
    assert exit_.value.code == 2
    assert "invalid choice: 'internal' (choose from 'public', 'nda')" in capsys.readouterr().err


def test_content_errors_exit_1_and_write_nothing(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "content" / "documents" / "overview.sv.md").unlink()
    code, _, err = run(["docs"], capsys)
    assert code == 1
    assert err.splitlines() == [
        "content/documents/overview.yaml:2:5: id: missing Swedish body: expected content/documents/overview.sv.md",
        "1 error(s); nothing was written",
    ]
    assert not (project / "site").exists()


def test_refused_asset_exits_1_with_the_document_and_url(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body = project / "content" / "documents" / "overview.en.md"
    body.write_text(body.read_text(encoding="utf-8") + "\n![Logo](https://example.com/x.png)\n", encoding="utf-8")
    code, _, err = run(["docs", "-q"], capsys)
    assert code == 1
    assert len(err.splitlines()) == 1
    assert err.startswith('trustgen docs: overview (en): refused to fetch "https://example.com/x.png": documents never '
                          "fetch anything from the network; keep the file in ")
    assert err.rstrip().endswith("content/documents/")
    assert not (project / "site").exists()


def test_help_has_examples(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["docs", "--help"])
    out = capsys.readouterr().out
    assert "examples:\n  trustgen docs\n  trustgen docs --only security-overview --out site" in out
    for option in ("--content DIR", "--out DIR", "--only ID", "--audience {public,nda}", "--quiet"):
        assert option in out
