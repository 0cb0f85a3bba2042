"""`trustgen import` of a filled workbook: answers and explanations read from their cells, the
questionnaire recognised from its title."""

from __future__ import annotations

from pathlib import Path

from xlsx_ooxml import HEADER, TITLE, BookSpec, SheetSpec, build

from generator.cli import main
from generator.load import load_yaml

ROWS = [  # written for this test
    ("HLAP-01", "Vendor name", "Fjällsäker AB", ""),
    ("HLAP-02", "Do you encrypt backups?", "Yes", "Backups are encrypted with AES-256 and kept for 35 days."),
    ("HLAP-03", "Do you allow customers to run their own penetration tests?", "No", ""),
]


def test_import_reads_a_filled_workbook(tmp_path: Path, capsys) -> None:
    sheet = SheetSpec("Questions", widths={2: 70})
    sheet.set("A1", "HECVAT Lite 3.06", style=TITLE)
    for col, text in zip("ABCD", ["ID", "Question", "Vendor Answer", "Additional Information"]):
        sheet.set(f"{col}3", text, style=HEADER)
    for r, (qid, question, answer, comment) in enumerate(ROWS, start=4):
        sheet.set(f"A{r}", qid)
        sheet.set(f"B{r}", question)
        sheet.set(f"C{r}", answer)
        if comment:
            sheet.set(f"D{r}", comment)
    book = build(BookSpec([sheet]), tmp_path / "answered.xlsx")
    code = main(["import", str(book), "--content", str(tmp_path / "kb")])
    err = capsys.readouterr().err
    assert code == 0, err
    assert "questionnaire HECVAT Lite 3" in err
    loaded, _ = load_yaml(tmp_path / "kb" / "facts" / "encryption.yaml")
    assert loaded is not None
    fact = loaded.data["facts"][0]
    assert fact["statement"] == {"en": "Backups are encrypted with AES-256 and kept for {days}."}
    assert fact["values"] == {"days": {"number": 35, "unit": "days"}}
    assert fact["mappings"] == {"hecvat-lite-3": ["HLAP-02"]}
    assert fact["imported"]["id"] == "HLAP-02"
    assert "Fjällsäker AB" in (tmp_path / "kb" / "organization.yaml").read_text(encoding="utf-8")
    assert main(["validate", "--content", str(tmp_path / "kb")]) == 0
