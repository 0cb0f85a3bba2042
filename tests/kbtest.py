"""Helpers shared by the core tests: knowledge-base copies and running the CLI in-process."""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

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


# A knowledge base in Norwegian (bokmål) and English: a language the matcher reads only through its
# language pack (generator/questionnaire/languages/nb.py).
NORWEGIAN_ORGANIZATION = """\
organization:
  name: Fjordtest
  legal_name: Fjordtest AS
  website: https://fjordtest.example
  description: {en: A small Norwegian company., nb: Et lite norsk selskap.}
locales: [nb, en]
review_interval_days: 365
products:
  - id: fjord
    name: Fjord
    description: {en: The service., nb: Tjenesten.}
contacts:
  - id: security
    purpose: security
    label: {en: Security team, nb: Sikkerhetsteamet}
    email: security@fjordtest.example
"""

NORWEGIAN_FACTS = """\
topic: encryption
facts:
  - id: tls-in-transit
    title: {en: Encryption in transit, nb: Kryptering under overføring}
    statement:
      en: Every connection to the service uses TLS 1.2 or later.
      nb: Alle tilkoblinger til tjenesten bruker TLS 1.2 eller nyere.
    visibility: public
    owner: Security team
    last_reviewed: 2026-10-01
    answer: "yes"
    questions:
      - text: {en: "Do you encrypt data in transit?", nb: "Krypterer dere data under overføring?"}
        answer: "yes"
      - text: {en: "Do you allow unencrypted connections?", nb: "Tillater dere ukrypterte tilkoblinger?"}
        answer: "no"
  - id: backups
    title: {en: Backups, nb: Sikkerhetskopier}
    statement:
      en: Customer data is backed up every night and the backups are kept for 35 days.
      nb: Kundedata sikkerhetskopieres hver natt, og sikkerhetskopiene oppbevares i 35 dager.
    visibility: public
    owner: Security team
    last_reviewed: 2026-10-01
    answer: "yes"
    questions:
      - text: {en: "Do you back up customer data?", nb: "Tar dere sikkerhetskopi av kundedata?"}
        answer: "yes"
"""



def write_norwegian_kb(root: Path) -> Path:
    (root / "facts").mkdir(parents=True)
    (root / "organization.yaml").write_text(NORWEGIAN_ORGANIZATION, encoding="utf-8")
    (root / "facts" / "encryption.yaml").write_text(NORWEGIAN_FACTS, encoding="utf-8")
    return root


def wait_for(condition: Callable[[], bool], seconds: float = 90) -> None:
    """Wait until condition() holds (a background server's build, say), failing after `seconds`."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


@contextmanager
def running_preview(tmp_path: Path, errors: list[str] | None = None, **options: Any) -> Iterator[Any]:
    """`trustgen serve` of a copy of the minimal knowledge base at tmp_path/content, on a free port, in
    a thread, after its first build; the errors it reports are appended to `errors`."""
    from generator.site.serve import Preview, Reporter

    shutil.copytree(MINIMAL, tmp_path / "content")
    report = errors.append if errors is not None else (lambda m: None)
    preview = Preview(tmp_path / "content", Reporter(lambda m: None, report), port=0, interval=0.2, quiet=True,
                      **options)
    thread = threading.Thread(target=preview.run, daemon=True)
    thread.start()
    try:
        wait_for(lambda: preview.builds == 1)
        yield preview
    finally:
        preview.stop()
        thread.join(10)
