"""Accessibility is a topic of its own: its facts get a page in both languages, which a knowledge
base without such facts does not show."""

from __future__ import annotations

from pathlib import Path

import pytest
from kbtest import MINIMAL, copy_kb, run_cli

FACTS = """\
topic: accessibility
facts:
  - id: wcag-conformance
    title: {en: Accessibility of the application, sv: Tillgänglighet i applikationen}
    statement:
      en: The application meets WCAG 2.1 level AA, and a conformance report is published every year.
      sv: Applikationen uppfyller WCAG 2.1 nivå AA, och en tillgänglighetsredogörelse publiceras varje år.
    visibility: public
    owner: Product team
    last_reviewed: 2026-10-01
    answer: "yes"
"""


def test_accessibility_facts_get_a_page_in_both_languages(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796601600")  # 2026-12-06
    kb = copy_kb(MINIMAL, tmp_path / "content")
    code, _, err = run_cli(["build", "--content", "content", "--out", "without", "-q"], tmp_path, capsys)
    assert code == 0, err
    assert not (tmp_path / "without" / "accessibility").exists()
    (kb / "facts" / "accessibility.yaml").write_text(FACTS, encoding="utf-8")
    code, _, err = run_cli(["build", "--content", "content", "--out", "with", "-q"], tmp_path, capsys)
    assert code == 0, err
    english = (tmp_path / "with" / "accessibility" / "index.html").read_text(encoding="utf-8")
    swedish = (tmp_path / "with" / "sv" / "accessibility" / "index.html").read_text(encoding="utf-8")
    assert "<h1" in english and ">Accessibility<" in english and "WCAG 2.1 level AA" in english
    assert ">Tillgänglighet<" in swedish and "WCAG 2.1 nivå AA" in swedish
