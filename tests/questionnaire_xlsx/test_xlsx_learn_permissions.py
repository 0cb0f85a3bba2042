"""`trustgen learn` edits content files in place: each keeps the permissions it had (a knowledge base
served or shared by another user stays readable), where a temporary file would have made it 0600."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_xlsx_learn import _edit_csv, _fill
from xlsx_fixtures import caiq_workbook, write_kb

from generator.cli import main


def test_learned_file_keeps_its_permissions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kb = write_kb(tmp_path / "kb")
    first = _fill(kb, caiq_workbook(tmp_path / "caiq.xlsx"), tmp_path / "caiq-answered.xlsx")
    report = _edit_csv(first.reports[1], {"HRS-12.1": ("yes", "awareness-training")})
    before = {p: p.stat().st_mode & 0o777 for p in (kb / "facts").glob("*.yaml")}
    for path in before:
        path.chmod(0o664)
    code = main(["learn", str(report), "--content", str(kb)])
    err = capsys.readouterr().err
    assert code == 0, err
    assert "learned: HRS-12.1" in err
    assert {p.stat().st_mode & 0o777 for p in before} == {0o664}
