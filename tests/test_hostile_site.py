"""Deployment footguns of `trustgen build`: another audience's site, a web root that is a symbolic
link, scratch folders of a killed build, and render workers that outlive their command."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from kbtest import DATA, MINIMAL, run_cli


@pytest.fixture
def work(tmp_path: Path) -> Path:
    shutil.copytree(MINIMAL, tmp_path / "content")
    return tmp_path


def _fake_site(folder: Path, audience: str) -> None:
    folder.mkdir(parents=True)
    (folder / "trust.json").write_text(json.dumps({"generator": "trustgen", "audience": audience}), encoding="utf-8")
    (folder / "index.html").write_text("the old site", encoding="utf-8")


def test_nda_build_may_not_replace_the_public_site(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _fake_site(work / "public", "public")
    code, _, err = run_cli(["build", "--audience", "nda", "--out", "public", "-q"], work, capsys)
    assert code == 2
    assert err == ("trustgen build: --out public: holds the public site; a build for the nda audience may not "
                   "replace it (use another folder, such as site-nda, or remove it first)\n")
    assert (work / "public" / "index.html").read_text(encoding="utf-8") == "the old site"


def test_symlinked_web_root_is_updated_in_place(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _fake_site(work / "srv" / "www", "public")
    (work / "site").symlink_to(work / "srv" / "www")
    stale = work / "srv" / ".www.build-dead"
    stale.mkdir()
    (stale / "owner.pid").write_text("999999999", encoding="ascii")  # no such process
    running = work / "srv" / ".www.build-running"
    running.mkdir()
    (running / "owner.pid").write_text(str(os.getpid()), encoding="ascii")
    code, _, err = run_cli(["build", "--out", "site", "-q"], work, capsys)
    assert code == 0, err
    assert (work / "site").is_symlink()
    assert "Testbolaget" in (work / "srv" / "www" / "index.html").read_text(encoding="utf-8")
    leftovers = sorted(p.name for p in (work / "srv").iterdir())
    assert leftovers == [".www.build-running", "www"]  # the dead build's folder is gone, the running one kept


def _children(pid: int) -> set[int]:
    out: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            out |= {int(c) for c in (task / "children").read_text().split()}
        except OSError:
            pass
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_render_workers_end_with_a_terminated_build(tmp_path: Path) -> None:
    shutil.copytree(DATA / "documents" / "kb", tmp_path / "content")
    env = {**os.environ, "TRUSTGEN_CACHE_DIR": str(tmp_path / "cache")}
    proc = subprocess.Popen([sys.executable, "-m", "generator", "docs", "--content", "content", "--out", "out", "-q"],
                            cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    workers: set[int] = set()
    deadline = time.monotonic() + 120
    while not workers and time.monotonic() < deadline and proc.poll() is None:
        workers = _children(proc.pid)
        time.sleep(0.05)
    if len(os.sched_getaffinity(0)) < 2:
        pytest.fail("this test needs two cores, as CI has: documents render in worker processes only then")
    assert workers, "the build ended before its render workers started"
    proc.send_signal(signal.SIGTERM)
    proc.wait(30)
    deadline = time.monotonic() + 20
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [w for w in workers if _alive(w)]


@pytest.mark.parametrize("out", ["/proc/trustgen-site", "/sys/trustgen-site"])
def test_an_output_folder_the_system_refuses_is_a_message_not_a_crash(work: Path, capsys: pytest.CaptureFixture[str],
                                                                     out: str) -> None:
    code, _, err = run_cli(["build", "--out", out, "-q"], work, capsys)
    assert code == 1, err
    assert err.startswith("trustgen build: cannot read or write /") and err.endswith("; nothing was replaced\n")
    assert "internal error" not in err
