"""Fixtures of the workbook tests: the CAIQ-like and HECVAT-like workbooks, filled once per session
from a small knowledge base."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from xlsx_fixtures import caiq_workbook, hecvat_workbook, write_kb

PINNED_EPOCH = "1795000000"


@dataclass(frozen=True)
class Filled:
    kb_root: Path
    source: Path
    output: Path
    result: object
    source_bytes: bytes


def _fill(tmp: Path, kb_root: Path, build, name: str) -> Filled:
    from generator.kb import load_knowledge_base
    from generator.questionnaire.xlsx import fill_workbook

    source = build(tmp / f"{name}.xlsx")
    before = source.read_bytes()
    kb = load_knowledge_base(kb_root)
    result = fill_workbook(kb, source, tmp / f"{name}-answered.xlsx")
    return Filled(kb_root, source, tmp / f"{name}-answered.xlsx", result, before)


@pytest.fixture(scope="session")
def filled(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Filled]:
    """Both fixture workbooks filled from the test knowledge base (built once: filling is what is tested)."""
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", PINNED_EPOCH)
    try:
        tmp = tmp_path_factory.mktemp("filled")
        kb_root = write_kb(tmp / "kb")
        return {"caiq": _fill(tmp, kb_root, caiq_workbook, "caiq"),
                "hecvat": _fill(tmp, kb_root, hecvat_workbook, "hecvat")}
    finally:
        mp.undo()
