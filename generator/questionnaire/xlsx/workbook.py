"""Read a workbook's structure and cell values straight from its SpreadsheetML parts.

What this gives: the sheets (with their hidden state), defined names, shared strings, and for one
worksheet its cells as displayed text (cached values for formulas), merged ranges and data
validations, the extended x14 validations included. Drop-down lists resolve here: inline lists,
ranges on any sheet, and named ranges (sheet-scoped names first, as Excel does).

openpyxl reads most of this too, but it drops x14 validations and cannot say which bytes of the sheet
a cell came from; the writer needs the second, and reading the parts directly keeps one view of the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Self
from xml.etree.ElementTree import Element

from ...errors import InputError
from .package import DEFAULT_LIMITS, Limits, Package, iterparse_xml, local
from .refs import Area, parse_area, parse_cell, parse_sqref, split_sheet_ref

REL_OFFICE_DOCUMENT = ("/officeDocument",)
REL_WORKSHEET = "/worksheet"
REL_SHARED_STRINGS = "/sharedStrings"
X14_NS = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"

MAX_LIST_VALUES = 1_000
_XSTRING_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_NAME = re.compile(r"^[A-Za-z_\\][A-Za-z0-9_.\\]*$")


def decode_xstring(text: str) -> str:
    """SpreadsheetML escapes characters XML cannot hold as _xHHHH_ (and a literal '_x' as _x005F_)."""
    if "_x" not in text:
        return text
    return _XSTRING_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


@dataclass(frozen=True)
class SheetInfo:
    name: str
    index: int            # position in the workbook's <sheets>, which localSheetId counts
    part: str | None      # the worksheet part; None for chart sheets and dialog sheets
    state: str            # visible, hidden or veryHidden


@dataclass(frozen=True)
class DefinedName:
    name: str
    local_sheet: int | None
    text: str


@dataclass(frozen=True)
class Cell:
    text: str             # the value as displayed text ("" when empty)
    kind: str             # SpreadsheetML cell type: s, n, b, str, inlineStr, e, d ("" when no value)
    formula: bool
    style: int | None


@dataclass(frozen=True)
class Validation:
    type: str             # list, whole, decimal, date, time, textLength, custom, none
    areas: tuple[Area, ...]
    formula1: str | None
    formula2: str | None
    operator: str | None
    extended: bool        # an x14 validation from the sheet's extLst

    def covers(self, row: int, col: int) -> bool:
        return any((row, col) in area for area in self.areas)


@dataclass
class Sheet:
    info: SheetInfo
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    merged: tuple[Area, ...] = ()
    validations: tuple[Validation, ...] = ()
    max_row: int = 0
    max_col: int = 0

    @property
    def name(self) -> str:
        return self.info.name

    def cell(self, row: int, col: int) -> Cell | None:
        return self.cells.get((row, col))

    def value(self, row: int, col: int) -> str:
        cell = self.cells.get((row, col))
        return cell.text if cell else ""

    def merge_at(self, row: int, col: int) -> Area | None:
        for area in self.merged:
            if (row, col) in area:
                return area
        return None

    def validation_at(self, row: int, col: int) -> Validation | None:
        # Excel refuses overlapping validations; if a file has them anyway, the standard one wins.
        found = [v for v in self.validations if v.covers(row, col)]
        found.sort(key=lambda v: v.extended)
        return found[0] if found else None


class Workbook:
    """One opened workbook. Sheets are parsed on first use and kept."""

    def __init__(self, path: Path, limits: Limits = DEFAULT_LIMITS):
        self.package = Package(path, limits)
        try:
            self._load()
        except BaseException:
            self.package.close()
            raise
        self._sheets: dict[str, Sheet] = {}

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.package.close()

    @property
    def name(self) -> str:
        return self.package.name

    def _fail(self, message: str) -> InputError:
        return InputError(f"{self.name}: {message}; nothing was written")

    def _load(self) -> None:
        pkg = self.package
        root_rels = pkg.relationships("")
        part = next((target for rtype, target, mode in root_rels.values()
                     if rtype.endswith(REL_OFFICE_DOCUMENT) and mode != "External"), None)
        if part is None or not pkg.has(part):
            raise self._fail("not an Excel workbook (the package has no workbook part)")
        self.part = part
        root = pkg.xml(part)
        if local(root.tag) != "workbook":
            raise self._fail(f"not an Excel workbook (its main part is <{local(root.tag)}>)")
        rels = pkg.relationships(part)
        self.sheets: list[SheetInfo] = []
        self.names: list[DefinedName] = []
        for child in root:
            tag = local(child.tag)
            if tag == "sheets":
                for i, sh in enumerate(c for c in child if local(c.tag) == "sheet"):
                    rid = _rel_id(sh)
                    rtype, target, _mode = rels.get(rid or "", ("", "", ""))
                    is_ws = rtype.endswith(REL_WORKSHEET) and pkg.has(target)
                    self.sheets.append(SheetInfo(sh.get("name", f"Sheet{i + 1}"), i, target if is_ws else None,
                                                 sh.get("state", "visible")))
            elif tag == "definedNames":
                for dn in child:
                    if local(dn.tag) != "definedName":
                        continue
                    scope = dn.get("localSheetId")
                    self.names.append(DefinedName(dn.get("name", ""), int(scope) if scope and scope.isdigit() else None,
                                                  (dn.text or "").strip()))
        if not self.sheets:
            raise self._fail("the workbook has no sheets")
        sst = next((target for rtype, target, mode in rels.values() if rtype.endswith(REL_SHARED_STRINGS)), None)
        self.shared_strings = self._read_shared_strings(sst) if sst and pkg.has(sst) else []

    def _read_shared_strings(self, part: str) -> list[str]:
        strings: list[str] = []
        for _event, elem in iterparse_xml(self.package.read(part), f"{self.name}: {part}"):
            if local(elem.tag) == "si":
                strings.append(decode_xstring(rich_text(elem)))
                elem.clear()
                if len(strings) > self.package.limits.max_cells:
                    raise self._fail(f"{part} holds more than {self.package.limits.max_cells} strings")
        return strings

    # --- sheets -------------------------------------------------------------------------------------

    def sheet_info(self, name: str) -> SheetInfo | None:
        for info in self.sheets:
            if info.name == name:
                return info
        lowered = name.lower()  # Excel sheet names are case-insensitive
        return next((info for info in self.sheets if info.name.lower() == lowered), None)

    def worksheets(self) -> list[SheetInfo]:
        return [info for info in self.sheets if info.part]

    def sheet(self, name: str) -> Sheet:
        info = self.sheet_info(name)
        if info is None or info.part is None:
            raise KeyError(name)
        if info.name not in self._sheets:
            self._sheets[info.name] = self._read_sheet(info)
        return self._sheets[info.name]

    def _read_sheet(self, info: SheetInfo) -> Sheet:
        assert info.part is not None
        where = f"{self.name}: {info.part}"
        limits = self.package.limits
        sheet = Sheet(info)
        merged: list[Area] = []
        validations: list[Validation] = []
        row_no = 0
        count = 0
        for event, elem in iterparse_xml(self.package.read(info.part), where, events=("start", "end")):
            tag = local(elem.tag)
            if event == "start":
                if tag == "row":
                    r = elem.get("r")
                    row_no = int(r) if r and r.isdigit() else row_no + 1
                continue
            if tag == "row":
                col_no = 0
                for c in elem:
                    if local(c.tag) != "c":
                        continue
                    count += 1
                    if count > limits.max_cells:
                        raise self._fail(f"the sheet '{info.name}' has more than {limits.max_cells:,} cells "
                                         "(far larger than any questionnaire)")
                    ref = c.get("r")
                    if ref:
                        try:
                            row, col_no = parse_cell(ref)
                        except ValueError:
                            raise self._fail(f"the sheet '{info.name}' has a cell with a bad reference "
                                             f"'{ref[:20]}'") from None
                    else:
                        row, col_no = row_no, col_no + 1
                    cell = self._cell(c)
                    if cell.text or cell.formula or cell.style is not None:
                        sheet.cells[(row, col_no)] = cell
                    if cell.text or cell.formula:
                        sheet.max_row = max(sheet.max_row, row)
                        sheet.max_col = max(sheet.max_col, col_no)
                elem.clear()
            elif tag == "mergeCell":
                ref = elem.get("ref", "")
                try:
                    merged.append(parse_area(ref))
                except ValueError:
                    pass
            elif tag == "dataValidation":
                v = self._validation(elem)
                if v is not None:
                    validations.append(v)
        sheet.merged = tuple(merged)
        sheet.validations = tuple(validations)
        return sheet

    def _cell(self, c: Element) -> Cell:
        kind = c.get("t", "n")
        style = c.get("s")
        formula = False
        value: str | None = None
        inline: Element | None = None
        for child in c:
            tag = local(child.tag)
            if tag == "f":
                formula = True
            elif tag == "v":
                value = child.text or ""
            elif tag == "is":
                inline = child
        text = ""
        if kind == "inlineStr":
            text = decode_xstring(rich_text(inline)) if inline is not None else ""
        elif value is None:
            text = ""
        elif kind == "s":
            try:
                text = self.shared_strings[int(value)]
            except (ValueError, IndexError):
                text = ""
        elif kind == "b":
            text = "TRUE" if value.strip() in ("1", "true") else "FALSE"
        elif kind in ("str", "e", "d"):
            text = decode_xstring(value)
        else:
            text = _number(value)
        return Cell(text, kind if (value is not None or inline is not None) else "", formula,
                    int(style) if style and style.isdigit() else None)

    @staticmethod
    def _validation(elem: Element) -> Validation | None:
        extended = elem.tag.startswith("{" + X14_NS)
        sqref = elem.get("sqref")
        f1 = f2 = None
        for child in elem:
            tag = local(child.tag)
            if tag in ("formula1", "formula2"):
                # x14 validations wrap the formula in <xm:f>; standard ones hold it as text.
                inner = next((g for g in child if local(g.tag) == "f"), None)
                text = (inner.text if inner is not None else child.text) or ""
                if tag == "formula1":
                    f1 = text
                else:
                    f2 = text
            elif tag == "sqref":
                sqref = child.text
        try:
            areas = parse_sqref(sqref or "")
        except ValueError:
            return None
        if not areas:
            return None
        return Validation(elem.get("type", "none"), areas, f1, f2, elem.get("operator"), extended)

    # --- drop-down lists ----------------------------------------------------------------------------

    def list_values(self, sheet: Sheet, validation: Validation) -> list[str] | None:
        """The values a list validation allows, or None when they cannot be read (INDIRECT, OFFSET ...)."""
        if validation.type != "list" or not validation.formula1:
            return None
        formula = validation.formula1.strip()
        formula = formula.removeprefix("=")
        if len(formula) >= 2 and formula.startswith('"') and formula.endswith('"'):
            inner = formula[1:-1].replace('""', '"')
            return [item for item in inner.split(",") if item.strip()]
        return self._resolve(formula, sheet, depth=0)

    def _resolve(self, formula: str, sheet: Sheet, depth: int) -> list[str] | None:
        if depth > 4:
            return None
        try:
            sheet_name, ref = split_sheet_ref(formula)
        except ValueError:
            return None
        target = sheet if sheet_name is None else self._sheet_or_none(sheet_name)
        if target is None:
            return None
        try:
            area = parse_area(ref, max_row=max(target.max_row, 1))
        except ValueError:
            if sheet_name is None and _NAME.match(ref):
                name = self.defined_name(ref, sheet.info.index)
                return self._resolve(name.text, sheet, depth + 1) if name else None
            return None
        area = Area(area.min_row, area.min_col, min(area.max_row, max(target.max_row, area.min_row)),
                    min(area.max_col, max(target.max_col, area.min_col)))
        if area.size > MAX_LIST_VALUES * 4:
            return None
        values = [target.value(r, c) for r, c in area.cells()]
        values = [v for v in values if v.strip()]
        return values[:MAX_LIST_VALUES] if values else None

    def _sheet_or_none(self, name: str) -> Sheet | None:
        try:
            return self.sheet(name)
        except KeyError:
            return None

    def defined_name(self, name: str, sheet_index: int | None) -> DefinedName | None:
        """A defined name as Excel resolves it: the sheet's own name first, then the workbook's."""
        lowered = name.lower()
        local_hit = next((n for n in self.names if n.name.lower() == lowered and n.local_sheet == sheet_index), None)
        return local_hit or next((n for n in self.names if n.name.lower() == lowered and n.local_sheet is None), None)


def _rel_id(elem: Element) -> str | None:
    for key, value in elem.attrib.items():
        if local(key) == "id" and key.startswith("{"):
            return value
    return None


def rich_text(elem: Element | None) -> str:
    """The text of a shared or inline string: its <t> and runs' <t>, not the phonetic <rPh> guides."""
    if elem is None:
        return ""
    parts: list[str] = []
    for child in elem:
        tag = local(child.tag)
        if tag == "t":
            parts.append(child.text or "")
        elif tag == "r":
            parts.extend(t.text or "" for t in child if local(t.tag) == "t")
    return "".join(parts)


def _number(value: str) -> str:
    try:
        number = float(value)
    except ValueError:
        return value
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return repr(number)

