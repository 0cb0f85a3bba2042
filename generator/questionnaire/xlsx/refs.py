"""A1-style cell references, ranges and sqref lists, the way SpreadsheetML writes them.

Small and hand-written: openpyxl has equivalents, but importing it costs a quarter of a second and
this package otherwise never needs it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_ROW = 1_048_576
MAX_COL = 16_384  # XFD

_CELL = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")
_COL_ONLY = re.compile(r"^\$?([A-Za-z]{1,3})$")
_ROW_ONLY = re.compile(r"^\$?([0-9]{1,7})$")


def col_index(letters: str) -> int:
    """'A' -> 1, 'AB' -> 28."""
    n = 0
    for ch in letters.upper():
        if not "A" <= ch <= "Z":
            raise ValueError(f"not a column: {letters!r}")
        n = n * 26 + (ord(ch) - 64)
    if not 1 <= n <= MAX_COL:
        raise ValueError(f"column out of range: {letters!r}")
    return n


def col_letters(index: int) -> str:
    """1 -> 'A', 28 -> 'AB'."""
    if not 1 <= index <= MAX_COL:
        raise ValueError(f"column out of range: {index}")
    out = ""
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def cell_name(row: int, col: int) -> str:
    return f"{col_letters(col)}{row}"


def parse_cell(ref: str) -> tuple[int, int]:
    """'$D$5' -> (5, 4) as (row, col)."""
    m = _CELL.match(ref.strip())
    if not m:
        raise ValueError(f"not a cell reference: {ref!r}")
    row = int(m.group(2))
    if not 1 <= row <= MAX_ROW:
        raise ValueError(f"row out of range: {ref!r}")
    return row, col_index(m.group(1))


@dataclass(frozen=True)
class Area:
    """A rectangle of cells, 1-based and inclusive."""

    min_row: int
    min_col: int
    max_row: int
    max_col: int

    def __contains__(self, cell: object) -> bool:
        if not isinstance(cell, tuple):
            return False
        row, col = cell
        return self.min_row <= row <= self.max_row and self.min_col <= col <= self.max_col

    @property
    def size(self) -> int:
        return (self.max_row - self.min_row + 1) * (self.max_col - self.min_col + 1)

    def cells(self) -> list[tuple[int, int]]:
        return [(r, c) for r in range(self.min_row, self.max_row + 1) for c in range(self.min_col, self.max_col + 1)]

    def ref(self) -> str:
        first, last = cell_name(self.min_row, self.min_col), cell_name(self.max_row, self.max_col)
        return first if first == last else f"{first}:{last}"


def parse_area(ref: str, max_row: int = MAX_ROW) -> Area:
    """'A1', '$A$1:$B$9', 'A:A' (whole columns, cut at max_row) or '3:5' (whole rows)."""
    parts = ref.strip().split(":")
    if len(parts) == 1:
        row, col = parse_cell(parts[0])
        return Area(row, col, row, col)
    if len(parts) != 2:
        raise ValueError(f"not a range: {ref!r}")
    a, b = parts
    if _COL_ONLY.match(a) and _COL_ONLY.match(b):
        c1, c2 = col_index(a.strip("$")), col_index(b.strip("$"))
        return Area(1, min(c1, c2), max_row, max(c1, c2))
    if _ROW_ONLY.match(a) and _ROW_ONLY.match(b):
        r1, r2 = int(a.strip("$")), int(b.strip("$"))
        return Area(min(r1, r2), 1, max(r1, r2), MAX_COL)
    r1, c1 = parse_cell(a)
    r2, c2 = parse_cell(b)
    return Area(min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2))


def parse_sqref(sqref: str) -> tuple[Area, ...]:
    """'D5:D40 F5' -> two areas (sqref lists are separated by spaces)."""
    return tuple(parse_area(part) for part in sqref.split())


def split_sheet_ref(formula: str) -> tuple[str | None, str]:
    """"'My Lists'!$A$1:$A$3" -> ('My Lists', '$A$1:$A$3'); 'A1:A3' -> (None, 'A1:A3')."""
    text = formula.strip()
    text = text.removeprefix("=")
    if text.startswith("'"):
        # A quoted sheet name doubles its own apostrophes.
        i, name = 1, ""
        while i < len(text):
            if text[i] == "'":
                if text.startswith("''", i):
                    name += "'"
                    i += 2
                    continue
                break
            name += text[i]
            i += 1
        rest = text[i + 1:]
        if not rest.startswith("!"):
            raise ValueError(f"not a reference: {formula!r}")
        return name, rest[1:]
    if "!" in text:
        sheet, _, ref = text.rpartition("!")
        return sheet, ref
    return None, text
