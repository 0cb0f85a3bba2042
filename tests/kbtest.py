"""Helpers shared by the core tests: knowledge-base copies and running the CLI in-process."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
MINIMAL = DATA / "good" / "minimal"
# 2026-11-18 11:06:40 UTC: every fixture's dates are judged against this day.
PINNED_EPOCH = "1795000000"


def copy_kb(src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("expected.txt", ".remove-*"))
    return dest


def run_cli(args: list[str], cwd: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run `trustgen ARGS` in-process from cwd; return exit code, stdout, stderr."""
    from generator.cli import main

    old = Path.cwd()
    os.chdir(cwd)
    try:
        code = main(args)
    finally:
        os.chdir(old)
    out = capsys.readouterr()
    return code, out.out, out.err
