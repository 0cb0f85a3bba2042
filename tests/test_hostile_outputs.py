"""Hostile input against what trustgen writes: review reports opened in a spreadsheet, output paths
that are not plain files, and the permissions of what is written."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from kbtest import MINIMAL, run_cli

# Each is a cell a spreadsheet would run once it splits the line at ';' or ','.
SEPARATOR_INJECTIONS = [';=1+41', 'x;=HYPERLINK("http://evil.example","y")', ',=1+41', ';@SUM(1;2)', ";-2+3"]
# as the report writes them: a quote mark keeps what follows a separator text
WRITTEN = [";'=1+41", 'x;\'=HYPERLINK("http://evil.example","y")', ",'=1+41", ";'@SUM(1;2)", ";'-2+3"]


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    shutil.copytree(MINIMAL, tmp_path / "content")
    questions = "\n".join(SEPARATOR_INJECTIONS) + "\n"
    (tmp_path / "evil.txt").write_text(questions, encoding="utf-8")
    return tmp_path


def test_csv_report_cells_start_no_formula_after_any_separator(workdir: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(["answer", "evil.txt", "--format", "csv", "-q"], workdir, capsys)
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out)))
    assert [row[1] for row in rows[1:]] == WRITTEN
    # read as a ';'-separated file, as Swedish Excel does: no cell starts a formula
    for row in csv.reader(io.StringIO(out), delimiter=";"):
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row), row


def test_libreoffice_with_semicolon_separator_shows_text_not_formulas(workdir: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    from openpyxl import load_workbook

    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice (Debian package libreoffice-calc-nogui) is needed: soffice not found"
    code, _, err = run_cli(["answer", "evil.txt", "--format", "csv", "-o", "report.csv", "-q"], workdir, capsys)
    assert code == 0, err
    profile = workdir / "profile"
    # CSV import options: separator ';' (59), text delimiter '"' (34), UTF-8 (76), first line 1
    proc = subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
                           "--infilter=CSV:59,34,76,1", "--convert-to", "xlsx", "--outdir", str(workdir / "x"),
                           str(workdir / "report.csv")], capture_output=True, text=True, timeout=240, check=False)
    assert proc.returncode == 0, proc.stderr
    book = load_workbook(workdir / "x" / "report.xlsx")
    sheet = book.active
    formulas = [c.coordinate for row in sheet.iter_rows() for c in row
                if c.data_type == "f" or (isinstance(c.value, str) and c.value.startswith("="))]
    assert formulas == [], [(c, sheet[c].value) for c in formulas]
    # the line is split at the ';' inside the question; the cell after it is text, quote mark first
    assert sheet["B2"].value.startswith("'=1+41")


# --- cheap input and a full disk: exit 1 with a message, never 70 -------------------------------------

@pytest.mark.parametrize("text, message", [
    ('[{"id": ' + "9" * 5000 + ', "question": "Do you encrypt data?"}]',
     "evil.json:1:9: invalid JSON: a number with thousands of digits"),
    ('[{"id": "a", "question": "Do you encrypt \\ud800 data?"}]',
     "evil.json:1:42: invalid JSON: \\ud800 is half of a surrogate pair, not a character"),
])
def test_hostile_json_questionnaire_is_an_input_error(workdir: Path, capsys: pytest.CaptureFixture[str],
                                                      text: str, message: str) -> None:
    (workdir / "evil.json").write_text(text, encoding="utf-8")
    code, out, err = run_cli(["answer", "evil.json", "-q"], workdir, capsys)
    assert (code, out) == (1, "")
    assert err == f"trustgen answer: {message}\n"


def _limited(max_bytes: int) -> None:
    """In the child: files may grow to max_bytes, as on a nearly full disk (writes then fail with EFBIG)."""
    import resource
    import signal

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, max_bytes))


@pytest.mark.parametrize("command", [["docs", "--out", "site"], ["build", "--out", "site"]])
def test_a_full_disk_during_a_build_is_exit_1_and_leaves_the_old_output(tmp_path: Path, command: list[str]) -> None:
    import os
    import sys

    content = Path(shutil.copytree(MINIMAL.parent.parent / "documents" / "kb", tmp_path / "content"))
    old = tmp_path / "site"
    (old / "downloads").mkdir(parents=True)
    (old / "trust.json").write_text('{"generator": "trustgen"}', encoding="utf-8")
    (old / "downloads" / "old.pdf").write_bytes(b"%PDF old")
    env = {**os.environ, "TRUSTGEN_CACHE_DIR": str(tmp_path / "cache")}
    proc = subprocess.run([sys.executable, "-m", "generator", *command, "--content", str(content), "-q"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300, check=False,
                          preexec_fn=lambda: _limited(40_000))
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr
    assert proc.stderr.startswith(f"trustgen {command[0]}: ")
    assert proc.stderr.endswith(": File too large; nothing was replaced\n")
    assert sorted(p.relative_to(old).as_posix() for p in old.rglob("*")) == ["downloads", "downloads/old.pdf",
                                                                             "trust.json"]
    assert (old / "downloads" / "old.pdf").read_bytes() == b"%PDF old"


# --- output paths: only regular files or new names, links followed, permissions from the umask -------

@pytest.mark.parametrize("target", ["full", "fifo"])
def test_answer_refuses_to_replace_a_device_or_fifo(workdir: Path, capsys: pytest.CaptureFixture[str],
                                                    target: str) -> None:
    import os
    import stat

    # A device node of our own (like /dev/full, which a root CI must not risk), or a FIFO.
    if target == "fifo":
        os.mkfifo(workdir / "fifo")
    else:
        os.mknod(workdir / "full", 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    before = os.stat(workdir / target)
    code, _out, err = run_cli(["answer", "evil.txt", "--format", "csv", "-o", target, "-q"], workdir, capsys)
    assert code == 2
    assert err == (f"trustgen answer: -o {target}: is not a regular file (a device, FIFO or socket); trustgen "
                   "writes only regular files (leave out -o to write to standard output)\n")
    after = os.stat(workdir / target)
    assert stat.S_IFMT(after.st_mode) == stat.S_IFMT(before.st_mode) and after.st_ino == before.st_ino


def test_answer_through_a_symbolic_link_updates_its_target(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workdir / "published").mkdir()
    real = workdir / "published" / "answers.json"
    real.write_text("old", encoding="utf-8")
    real.chmod(0o640)
    (workdir / "answers.json").symlink_to(real)
    code, _, err = run_cli(["answer", "evil.txt", "-o", "answers.json", "-q"], workdir, capsys)
    assert code == 0, err
    assert (workdir / "answers.json").is_symlink()
    assert real.read_text(encoding="utf-8").startswith("{")
    assert real.stat().st_mode & 0o777 == 0o640  # the file a person set up keeps its permissions


def test_new_output_files_follow_the_umask(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import os

    old = os.umask(0o022)
    try:
        code, _, err = run_cli(["answer", "evil.txt", "--format", "md", "-o", "review.md", "-q"], workdir, capsys)
    finally:
        os.umask(old)
    assert code == 0, err
    assert (workdir / "review.md").stat().st_mode & 0o777 == 0o644


def test_docs_only_files_follow_the_umask(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import os

    shutil.copytree(MINIMAL.parent.parent / "documents" / "kb", tmp_path / "content")
    old = os.umask(0o022)
    try:
        code, _, err = run_cli(["docs", "--only", "overview", "--out", "site", "-q"], tmp_path, capsys)
    finally:
        os.umask(old)
    assert code == 0, err
    files = sorted((tmp_path / "site" / "downloads").rglob("*.*"))
    assert files and {f.stat().st_mode & 0o777 for f in files} == {0o644}
