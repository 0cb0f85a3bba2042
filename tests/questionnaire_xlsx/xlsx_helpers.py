"""Helpers of the workbook tests: the parts of a package, the cells of a sheet, values as openpyxl reads them."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path


def parts(path: Path) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(path) as zf:
        return [(info.filename, zf.read(info)) for info in zf.infolist()]


def sheet_cells(xml: bytes) -> dict[str, bytes]:
    """Each <c> element of a sheet's XML, byte for byte, by its reference."""
    return {m.group(1).decode(): m.group(0)
            for m in re.finditer(rb'<c r="([A-Z]+[0-9]+)"[^>]*?(?:/>|>.*?</c>)', xml, re.DOTALL)}


def read_values(path: Path, sheet: str) -> dict[str, object]:
    """Cell values as openpyxl (an independent reader) sees them."""
    import warnings

    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns that it drops x14 validations (it does)
        wb = openpyxl.load_workbook(io.BytesIO(path.read_bytes()))
    ws = wb[sheet]
    return {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None}
