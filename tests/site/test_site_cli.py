"""`trustgen build` and `trustgen serve` as a user runs them: messages, exit codes, files."""

from __future__ import annotations

import shutil
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from kbtest import run_cli
from site_tools import ROOT

MINIMAL = ROOT / "tests" / "data" / "good" / "minimal"


run = run_cli  # the suite's in-process CLI runner


@pytest.fixture
def work(tmp_path: Path) -> Path:
    shutil.copytree(MINIMAL, tmp_path / "content")
    return tmp_path


def test_build_writes_the_site_and_reports_progress(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["build"], work, capsys)
    assert code == 0 and out == ""
    lines = err.splitlines()
    assert lines[0] == "loading content"
    assert "building the site with mkdocs (4 pages x 2 languages)" in lines
    assert lines[-1].startswith("site: public site with 4 pages in en, sv, built in ")
    assert (work / "site" / "index.html").is_file() and (work / "site" / "sv" / "encryption" / "index.html").is_file()


def test_quiet_build_prints_nothing(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["build", "--quiet", "--audience", "nda"], work, capsys) == (0, "", "")
    assert (work / "site-nda" / "index.html").is_file()


def test_content_errors_exit_1_and_write_nothing(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    facts = work / "content" / "facts" / "encryption.yaml"
    facts.write_text(facts.read_text().replace("Every connection uses {min_tls}", "Every connection uses {max_tls}"))
    code, out, err = run(["build"], work, capsys)
    assert code == 1 and out == ""
    assert err.splitlines() == [
        "loading content",
        ("content/facts/encryption.yaml:6:11: facts[0].statement.en: {max_tls}: no value 'max_tls' in this entry "
         "(its values: min_tls)"),
        "1 error(s); nothing was written",
    ]
    assert not (work / "site").exists()


def test_a_foreign_output_folder_is_a_usage_error(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (work / "docs").mkdir()
    (work / "docs" / "readme.md").write_text("mine")
    code, _, err = run(["build", "--out", "docs"], work, capsys)
    assert code == 2
    assert err == ("trustgen build: --out docs: the folder exists and holds something trustgen did not build "
                   "(no trust.json); choose a new or empty folder\n")


def test_internal_audience_is_refused(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        run(["build", "--audience", "internal"], work, capsys)
    assert exc.value.code == 2
    assert "invalid choice: 'internal' (choose from 'public', 'nda')" in capsys.readouterr().err


def test_help_shows_examples(capsys: pytest.CaptureFixture[str]) -> None:
    from generator.cli import main

    for name, example in (("build", "trustgen build --audience nda"), ("serve", "trustgen serve --content examples/claris --port 8001")):
        with pytest.raises(SystemExit):
            main([name, "--help"])
        assert example in capsys.readouterr().out


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def _wait(condition, seconds: float = 60) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_serve_rebuilds_when_content_changes(work: Path) -> None:
    from generator.site.serve import Preview, Reporter

    messages: list[str] = []
    errors: list[str] = []
    preview = Preview(work / "content", Reporter(messages.append, errors.append), port=0, interval=0.2, quiet=True)
    assert preview.url.startswith("http://127.0.0.1:")
    thread = threading.Thread(target=preview.run, daemon=True)
    thread.start()
    try:
        _wait(lambda: preview.builds == 1)
        assert "Testbolaget" in _get(preview.url)
        org = work / "content" / "organization.yaml"
        org.write_text(org.read_text().replace("name: Testbolaget\n", "name: Provbolaget\n"))
        _wait(lambda: preview.builds == 2)
        assert "Provbolaget" in _get(preview.url + "sv/")
        org.write_text(org.read_text().replace("locales: [en, sv]", "locales: [en, sv"))
        _wait(lambda: preview.failures == 1)
        assert "Provbolaget" in _get(preview.url)  # the last good build stays online
        assert errors[-1] == "1 error(s); still serving the last good build"
        assert any(m.startswith("serving http://127.0.0.1:") for m in messages)
    finally:
        preview.stop()
        thread.join(10)
    assert not preview.workdir.exists()
