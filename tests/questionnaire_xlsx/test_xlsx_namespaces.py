"""A workbook names its questionnaire and version in its titles and sheet names: its ids are looked
up in that version's mappings only."""

from __future__ import annotations

import json
from pathlib import Path

from xlsx_ooxml import HEADER, TITLE, BookSpec, SheetSpec, build

from generator.cli import main

FACT = """\
# yaml-language-server: $schema=../../../../../schemas/facts.schema.json
topic: people
facts:
  - id: accessibility-officer
    statement:
      en: A named accessibility officer reviews every release against WCAG 2.1 AA.
      sv: En utsedd tillgänglighetsansvarig granskar varje version mot WCAG 2.1 AA.
    visibility: public
    owner: Product
    last_reviewed: 2026-10-01
    mappings:
      hecvat-full-3: [GNRL-05]
"""
ASKED = "Please confirm the name of the primary contact for this assessment process"


def _book(path: Path, sheet_name: str, title: str) -> Path:
    sheet = SheetSpec(sheet_name, widths={2: 70})
    sheet.set("A1", title, style=TITLE)
    for col, text in zip("ABC", ["ID", "Question", "Vendor Answer"]):
        sheet.set(f"{col}3", text, style=HEADER)
    sheet.set("A4", "GNRL-05")
    sheet.set("B4", ASKED)
    return build(BookSpec([sheet]), path)


def _answer(tmp_path: Path, minimal_kb: Path, book: Path, capsys) -> dict:
    (minimal_kb / "facts" / "people.yaml").write_text(FACT, encoding="utf-8")
    code = main(["answer", str(book), "--content", str(minimal_kb), "--format", "json"])
    out = capsys.readouterr().out
    assert code == 0
    return json.loads(out)["answers"][0]


def test_a_hecvat_full_workbook_uses_full_mappings(tmp_path: Path, minimal_kb: Path, capsys) -> None:
    book = _book(tmp_path / "full.xlsx", "HECVAT - Full", "Higher Education Community Vendor Assessment Toolkit")
    answer = _answer(tmp_path, minimal_kb, book, capsys)
    assert (answer["status"], answer["sources"]) == ("answered", ["accessibility-officer"])


def test_a_hecvat_lite_workbook_never_uses_full_mappings(tmp_path: Path, minimal_kb: Path, capsys) -> None:
    book = _book(tmp_path / "lite.xlsx", "Questions", "HECVAT Lite | Version 3.06")
    answer = _answer(tmp_path, minimal_kb, book, capsys)
    assert answer["status"] == "review"
