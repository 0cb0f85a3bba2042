"""The hostile-input corpus: every case in tests/data/hostile/ and every error fixture of tests/data/bad/,
run through `trustgen validate` and then a build over an existing site.

Each case asserts the exit code (never 70), the file and line the message names, that no traceback
and nothing from outside the content folder is printed, and that the previous output is byte for
byte what it was. A case is a folder with case.yaml (what to expect: the message, or the messages that
one run reports together; links and FIFOs to make) and a content/ overlay on a base knowledge base.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest
import yaml
from kbtest import DATA, run_cli

HOSTILE = DATA / "hostile"
BAD = DATA / "bad"
BASES = {"minimal": DATA / "good" / "minimal", "documents": DATA / "documents" / "kb"}
CANARY = "CANARY-91c2-root:x:0:0"
WARNING_ONLY = {"expired-certification", "overdue-review"}


def _cases() -> list[tuple[str, Path]]:
    hostile = [("hostile", p) for p in sorted(HOSTILE.iterdir()) if (p / "case.yaml").exists()]
    bad = [("bad", p) for p in sorted(BAD.iterdir()) if p.name not in WARNING_ONLY and (p / "expected.txt").exists()]
    return hostile + bad


def _spec(kind: str, folder: Path) -> dict:
    if kind == "hostile":
        return yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8"))
    first = (folder / "expected.txt").read_text(encoding="utf-8").splitlines()[0]
    return {"base": "minimal", "message": first, "remove_organization": (folder / ".remove-organization").exists()}


def prepare(kind: str, folder: Path, tmp: Path) -> tuple[Path, dict]:
    """The case's knowledge base at tmp/content, a secret at tmp/outside, and the case's expectations."""
    spec = _spec(kind, folder)
    content = Path(shutil.copytree(BASES[spec.get("base", "minimal")], tmp / "content"))
    outside = tmp / "outside"
    outside.mkdir()
    (outside / "passwd").write_text(f"{CANARY}:/root:/bin/sh\n", encoding="utf-8")
    for rel in spec.get("remove", []):
        target = content / rel
        shutil.rmtree(target) if target.is_dir() else target.unlink()
    if spec.get("remove_organization"):
        (content / "organization.yaml").unlink()
    overlay = folder / "content" if kind == "hostile" else folder
    for src in sorted(overlay.rglob("*")):
        if src.is_file() and src.name != "expected.txt" and not src.name.startswith(".remove"):
            dest = content / src.relative_to(overlay)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dest)
    for rel, target in (spec.get("links") or {}).items():
        link = content / rel
        link.unlink(missing_ok=True)
        link.symlink_to(outside / "passwd" if target == "OUTSIDE" else Path(target))
    for rel in spec.get("fifos", []):
        os.mkfifo(content / rel)
    return content, spec


def _old_site(folder: Path) -> dict[str, str]:
    (folder / "downloads" / "en").mkdir(parents=True)
    (folder / "trust.json").write_text('{"generator": "trustgen", "audience": "public"}', encoding="utf-8")
    (folder / "index.html").write_text("<p>the site as it was</p>", encoding="utf-8")
    (folder / "downloads" / "en" / "policy.pdf").write_bytes(b"%PDF-1.7 the old policy")
    return _snapshot(folder)


def _snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
            for p in sorted(folder.rglob("*"))}


def run_case(kind: str, folder: Path, tmp: Path, capsys: pytest.CaptureFixture[str]) -> dict:
    """Run one case; return what was observed (for the assertions and the corpus figures)."""
    _content, spec = prepare(kind, folder, tmp)
    expected_exit = spec.get("exit", 1)
    # every message the case expects (one `message`, or several `messages` reported in the same run)
    messages = ([spec["message"]] if spec.get("message") else []) + list(spec.get("messages", []))
    seen: dict = {"messages": messages, "exits": []}
    code, out, err = run_cli(["validate", "--content", "content"], tmp, capsys)
    seen["exits"].append(code)
    seen["validate"] = (code, out, err)
    command = spec.get("command", "build")
    site = tmp / "site"
    before = _old_site(site)
    args = [command, "--content", "content", "--out", "site", "-q"]
    code, out, err = run_cli(args, tmp, capsys)
    seen["exits"].append(code)
    seen["build"] = (code, out, err)
    seen["intact"] = _snapshot(site) == before
    seen["expected"] = (spec.get("validate_exit", expected_exit), expected_exit)
    return seen


@pytest.mark.parametrize("kind, folder", _cases(), ids=[f"{k}/{p.name}" for k, p in _cases()])
def test_hostile_case(kind: str, folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seen = run_case(kind, folder, tmp_path, capsys)
    (v_code, v_out, v_err), (b_code, b_out, b_err) = seen["validate"], seen["build"]
    assert (v_code, b_code) == seen["expected"], v_err + b_err
    for err in (v_err, b_err):
        assert "Traceback" not in err and "internal error" not in err
        assert CANARY not in err
        assert "\x1b" not in err and "\0" not in err
    assert v_out == "" and b_out == ""
    for message in seen["messages"]:
        assert message in (b_err if seen["expected"][0] == 0 else v_err), v_err
        if b_code != 0:
            assert message in b_err, b_err
    if b_code != 0:
        assert seen["intact"], "the previous output was changed by a failed build"
