"""A workbook in a language the generator's own words are not translated into (Norwegian): its columns
are found by the Norwegian header words, its questions answered in Norwegian, and the answer cells
say yes and no in English rather than failing."""

from __future__ import annotations

from pathlib import Path

from kbtest import write_norwegian_kb
from xlsx_fixtures import HEADER, WRAP, BookSpec, SheetSpec, build
from xlsx_helpers import read_values

from generator.questionnaire.xlsx import fill_workbook


def test_a_norwegian_workbook_is_filled_from_a_norwegian_knowledge_base(tmp_path: Path) -> None:
    kb_dir = write_norwegian_kb(tmp_path / "kb")
    sheet = SheetSpec("Spørsmål", widths={2: 60, 3: 20, 4: 50})
    for col, text in zip("ABCD", ["Nr", "Spørsmål", "Svar", "Kommentar"]):
        sheet.set(f"{col}1", text, style=HEADER)
    for row, question in enumerate(["Krypterer dere data under overføring?", "Tillater dere ukrypterte tilkoblinger?",
                                    "Har dere et program for dusørjakt på sårbarheter?"], start=2):
        sheet.set(f"A{row}", str(row - 1))
        sheet.set(f"B{row}", question, style=WRAP)
    source = build(BookSpec([sheet]), tmp_path / "kunde.xlsx")

    from generator.kb import load_knowledge_base

    result = fill_workbook(load_knowledge_base(kb_dir), source, tmp_path / "kunde-besvart.xlsx")
    assert [layout.describe() for layout in result.layouts] == [
        "sheet 'Spørsmål': header row 1; id A, question B, answer C, comment D"]
    cells = read_values(tmp_path / "kunde-besvart.xlsx", "Spørsmål")
    assert (cells["C2"], cells["C3"]) == ("Yes", "No")
    assert cells["D2"] == "Alle tilkoblinger til tjenesten bruker TLS 1.2 eller nyere."
    assert "C4" not in cells  # not covered: left for a person
