"""Write cell values into a worksheet's XML in place, and ask for a full recalculation on open.

Why not a library: openpyxl (and every Python library that loads a workbook into objects and saves
it again) rewrites the whole package from its own model and loses what it does not model: charts and
images lose their anchoring details, pivot tables, printer settings, x14 data validations, slicers,
form controls, custom XML and much formatting. The buyer must get their own file back, so this module
splices new <c> elements into the sheet's XML bytes at the offsets the (defused) XML parser reports,
and every byte outside the edited cells stays as it was. Only the row's `spans` hint and the sheet's
<dimension> are widened when a new cell lies outside them.

Values are written as inline strings (t="inlineStr") so the shared-string table, which every other
cell points into, stays untouched. An inline string is never a formula, so text starting with
= + - @ is shown as the text it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ...errors import InputError
from .refs import Area, cell_name, parse_area, parse_cell

MAX_CELL_CHARS = 32_767  # Excel's limit for the text of one cell

# A start tag from '<' to its '>', attribute values quoted (they may hold '>' and '/').
_START_TAG = re.compile(rb"""<[^\s/>]+(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*(/?)>""")
_XSTRING_LITERAL = re.compile(r"_x[0-9A-Fa-f]{4}_")
_BAD_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff\r]")


@dataclass(frozen=True)
class CellWrite:
    row: int
    col: int
    text: str


@dataclass
class _CellSpan:
    col: int
    start: int
    end: int
    start_tag_end: int
    style: str | None


@dataclass
class _RowSpan:
    number: int
    start: int
    start_tag_end: int        # offset just after the start tag's '>'
    empty: bool               # written as <row .../>
    close: int = -1           # offset of '</row>' (or of the end for an empty row)
    end: int = -1
    style: str | None = None
    custom_format: bool = False
    spans: str | None = None
    cells: list[_CellSpan] = field(default_factory=list)


class _Scan:
    """Collect byte offsets of sheetData, rows, the wanted rows' cells, <dimension> and <cols>."""

    def __init__(self, raw: bytes, wanted_rows: set[int]):
        self.raw = raw
        self.wanted = wanted_rows
        self.parser: Any = None  # the DefusedXMLParser feeding this target
        self.stack: list[str] = []
        self.prefix = b""
        self.rows: list[_RowSpan] = []
        self.sheet_data: tuple[int, int, bool] | None = None   # start, start_tag_end, empty
        self.sheet_data_close = -1
        self.dimension: tuple[int, int, str] | None = None
        self.col_styles: list[tuple[int, int, str]] = []
        self._row: _RowSpan | None = None
        self._cell: _CellSpan | None = None
        self._last_row = 0
        self._last_col = 0

    def _pos(self) -> int:
        assert self.parser is not None
        return int(self.parser.parser.CurrentByteIndex)

    def _tag_at(self, pos: int) -> tuple[int, bool]:
        m = _START_TAG.match(self.raw, pos)
        if not m:
            raise InputError("the sheet XML has a start tag this writer cannot read")
        return m.end(), m.group(1) == b"/"

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        name = tag.rsplit("}", 1)[-1]
        depth = len(self.stack)
        self.stack.append(name)
        if depth == 1 and name == "sheetData":
            pos = self._pos()
            end, empty = self._tag_at(pos)
            raw = self.raw[pos + 1:end]
            colon = raw.find(b":")
            space = re.search(rb"[\s/>]", raw)
            if colon >= 0 and (space is None or colon < space.start()):
                self.prefix = raw[:colon + 1]
            self.sheet_data = (pos, end, empty)
        elif depth == 1 and name == "dimension":
            pos = self._pos()
            end, _ = self._tag_at(pos)
            self.dimension = (pos, end, attrs.get("ref", ""))
        elif depth == 2 and name == "col" and self.stack[1] == "cols" and attrs.get("style"):
            try:
                self.col_styles.append((int(attrs.get("min", "0")), int(attrs.get("max", "0")), attrs["style"]))
            except ValueError:
                pass
        elif depth == 2 and name == "row" and self.stack[1] == "sheetData":
            pos = self._pos()
            end, empty = self._tag_at(pos)
            r = attrs.get("r")
            number = int(r) if r and r.isdigit() else self._last_row + 1
            self._last_row = number
            self._last_col = 0
            self._row = _RowSpan(number, pos, end, empty, style=attrs.get("s"),
                                 custom_format=attrs.get("customFormat") in ("1", "true"), spans=attrs.get("spans"))
            self.rows.append(self._row)
        elif depth == 3 and name == "c" and self._row is not None:
            ref = attrs.get("r")
            col = parse_cell(ref)[1] if ref else self._last_col + 1
            self._last_col = col
            if self._row.number in self.wanted:
                pos = self._pos()
                end, empty = self._tag_at(pos)
                self._cell = _CellSpan(col, pos, end if empty else -1, end, attrs.get("s"))
                self._row.cells.append(self._cell)

    def end(self, tag: str) -> None:
        name = self.stack.pop()
        depth = len(self.stack)
        if depth == 1 and name == "sheetData":
            self.sheet_data_close = self._pos()
        elif depth == 2 and name == "row" and self._row is not None:
            pos = self._pos()
            if self._row.empty:
                self._row.close = self._row.end = self._row.start_tag_end
            else:
                self._row.close = pos
                self._row.end = self.raw.index(b">", pos) + 1
            self._row = None
        elif depth == 3 and name == "c" and self._cell is not None:
            if self._cell.end < 0:
                pos = self._pos()
                self._cell.end = self.raw.index(b">", pos) + 1
            self._cell = None

    def close(self) -> None:
        return None


def _scan(data: bytes, wanted_rows: set[int], where: str) -> _Scan:
    import defusedxml.ElementTree as DET
    from defusedxml import DefusedXmlException

    target = _Scan(data, wanted_rows)
    parser = DET.DefusedXMLParser(target=target, forbid_dtd=True)
    target.parser = parser
    try:
        parser.feed(data)
        parser.close()
    except DefusedXmlException as exc:
        raise InputError(f"{where}: refused: the XML declares a DTD or entities ({type(exc).__name__})") from None
    except DET.ParseError as exc:
        raise InputError(f"{where}: damaged XML ({exc})") from None
    if target.sheet_data is None:
        raise InputError(f"{where}: the worksheet has no <sheetData>")
    return target


def escape_text(text: str) -> str:
    """Text as SpreadsheetML cell text: XML-escaped, characters XML cannot carry as _xHHHH_."""
    text = text[:MAX_CELL_CHARS]
    text = _XSTRING_LITERAL.sub(lambda m: "_x005F" + m.group(0), text)
    text = _BAD_XML_CHARS.sub(lambda m: f"_x{ord(m.group(0)):04X}_", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cell_xml(prefix: bytes, row: int, col: int, style: str | None, text: str) -> bytes:
    p = prefix.decode("ascii")
    s = f' s="{style}"' if style is not None else ""
    return (f'<{p}c r="{cell_name(row, col)}"{s} t="inlineStr"><{p}is><{p}t xml:space="preserve">'
            f"{escape_text(text)}</{p}t></{p}is></{p}c>").encode()


def _set_attr(tag: bytes, name: str, value: str) -> bytes:
    """A start tag with one attribute set (replaced when present, else added before the close)."""
    attr = re.compile(rb"(\s)" + re.escape(name.encode()) + rb"""\s*=\s*(?:"[^"]*"|'[^']*')""")
    new = f'{name}="{value}"'.encode()
    if attr.search(tag):
        return attr.sub(lambda m: m.group(1) + new, tag, count=1)
    close = b"/>" if tag.endswith(b"/>") else b">"
    return tag[: -len(close)].rstrip() + b" " + new + close


def _widen_spans(spans: str | None, col: int) -> str | None:
    if not spans:
        return None
    try:
        low, high = (int(x) for x in spans.split(":"))
    except ValueError:
        return None
    if low <= col <= high:
        return None
    return f"{min(low, col)}:{max(high, col)}"


def edit_sheet(data: bytes, writes: list[CellWrite], where: str = "worksheet") -> bytes:
    """The sheet XML with each write's cell replaced by (or inserted as) an inline-string cell."""
    if not writes:
        return data
    by_row: dict[int, dict[int, CellWrite]] = {}
    for w in writes:
        by_row.setdefault(w.row, {})[w.col] = w
    scan = _scan(data, set(by_row), where)
    prefix = scan.prefix
    rows = {r.number: r for r in scan.rows}
    splices: list[tuple[int, int, bytes]] = []

    def col_style(col: int) -> str | None:
        for low, high, style in scan.col_styles:
            if low <= col <= high:
                return style
        return None

    def new_cell_style(row: _RowSpan | None, col: int) -> str | None:
        if row is not None and row.custom_format and row.style:
            return row.style
        return col_style(col)

    for number in sorted(by_row):
        wanted = by_row[number]
        row = rows.get(number)
        if row is None:
            cells = b"".join(_cell_xml(prefix, number, c, new_cell_style(None, c), wanted[c].text) for c in sorted(wanted))
            p = prefix.decode("ascii")
            new_row = f'<{p}row r="{number}">'.encode() + cells + f"</{p}row>".encode()
            after = next((r for r in scan.rows if r.number > number), None)
            if after is not None:
                splices.append((after.start, after.start, new_row))
            else:
                start, tag_end, empty = scan.sheet_data  # type: ignore[misc]
                if empty:
                    open_tag = data[start:tag_end - 2].rstrip() + b">"
                    splices.append((start, tag_end, open_tag + new_row + f"</{p}sheetData>".encode()))
                else:
                    splices.append((scan.sheet_data_close, scan.sheet_data_close, new_row))
            continue
        existing = {c.col: c for c in row.cells}
        inserts: dict[int, list[bytes]] = {}
        widest: str | None = row.spans
        for col in sorted(wanted):
            text = wanted[col].text
            if col in existing:
                cell = existing[col]
                splices.append((cell.start, cell.end, _cell_xml(prefix, number, col, cell.style, text)))
                continue
            xml = _cell_xml(prefix, number, col, new_cell_style(row, col), text)
            after_cell = next((c for c in row.cells if c.col > col), None)
            at = after_cell.start if after_cell is not None else row.close
            inserts.setdefault(at, []).append(xml)
            widest = _widen_spans(widest, col) or widest
        tag = data[row.start:row.start_tag_end]
        new_tag = tag
        if widest != row.spans and widest is not None:
            new_tag = _set_attr(new_tag, "spans", widest)
        if row.empty and inserts:
            # <row r="5"/> becomes <row r="5">...</row>
            body = b"".join(b"".join(parts) for parts in inserts.values())
            open_tag = new_tag[:-2].rstrip() + b">"
            splices.append((row.start, row.end, open_tag + body + b"</" + prefix + b"row>"))
            continue
        if new_tag != tag:
            splices.append((row.start, row.start_tag_end, new_tag))
        for at, parts in inserts.items():
            splices.append((at, at, b"".join(parts)))

    if scan.dimension is not None:
        start, end, ref = scan.dimension
        new_ref = _widen_dimension(ref, writes)
        if new_ref is not None:
            splices.append((start, end, _set_attr(data[start:end], "ref", new_ref)))

    out = bytearray(data)
    # Apply from the end so that earlier offsets stay valid. Of two inserts at one offset the later one
    # is applied first, so that the earlier one ends up in front of it.
    order = sorted(range(len(splices)), key=lambda i: (splices[i][0], splices[i][1], i), reverse=True)
    for i in order:
        start, end, new = splices[i]
        out[start:end] = new
    return bytes(out)


def _widen_dimension(ref: str, writes: list[CellWrite]) -> str | None:
    try:
        area = parse_area(ref) if ref else None
    except ValueError:
        return None
    if area is None:
        return None
    rows = [w.row for w in writes]
    cols = [w.col for w in writes]
    wider = Area(min(area.min_row, *rows), min(area.min_col, *cols), max(area.max_row, *rows), max(area.max_col, *cols))
    if wider == area:
        return None
    return wider.ref()


# --- workbook.xml: recalculate on open ------------------------------------------------------------

# Children of <workbook> that come after <calcPr>, in schema order.
_AFTER_CALC_PR = ("oleSize", "customWorkbookViews", "pivotCaches", "smartTagPr", "smartTagTypes", "webPublishing",
                  "fileRecoveryPr", "webPublishObjects", "extLst")


class _WorkbookScan:
    def __init__(self, raw: bytes):
        self.raw = raw
        self.parser: Any = None
        self.depth = 0
        self.prefix = b""
        self.calc_pr: tuple[int, int] | None = None
        self.first_after: int | None = None
        self.close_at = -1

    def _pos(self) -> int:
        return int(self.parser.parser.CurrentByteIndex)

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        name = tag.rsplit("}", 1)[-1]
        if self.depth == 0:
            pos = self._pos()
            raw = self.raw[pos + 1:pos + 64]
            m = re.match(rb"([^\s:/>]+:)?workbook", raw)
            self.prefix = (m.group(1) or b"") if m else b""
        elif self.depth == 1:
            if name == "calcPr":
                pos = self._pos()
                m = _START_TAG.match(self.raw, pos)
                if m:
                    self.calc_pr = (pos, m.end())
            elif name in _AFTER_CALC_PR and self.first_after is None:
                self.first_after = self._pos()
        self.depth += 1

    def end(self, tag: str) -> None:
        self.depth -= 1
        if self.depth == 0:
            self.close_at = self._pos()

    def close(self) -> None:
        return None


def set_full_calc_on_load(data: bytes, where: str = "workbook") -> bytes:
    """workbook.xml with <calcPr fullCalcOnLoad="1">, so formulas that read the answers recalculate."""
    import defusedxml.ElementTree as DET
    from defusedxml import DefusedXmlException

    scan = _WorkbookScan(data)
    parser = DET.DefusedXMLParser(target=scan, forbid_dtd=True)
    scan.parser = parser
    try:
        parser.feed(data)
        parser.close()
    except (DefusedXmlException, DET.ParseError) as exc:
        raise InputError(f"{where}: damaged or refused XML ({exc})") from None
    if scan.calc_pr is not None:
        start, end = scan.calc_pr
        tag = data[start:end]
        if re.search(rb"""\sfullCalcOnLoad\s*=\s*["'](1|true)["']""", tag):
            return data
        return data[:start] + _set_attr(tag, "fullCalcOnLoad", "1") + data[end:]
    at = scan.first_after if scan.first_after is not None else scan.close_at
    new = b"<" + scan.prefix + b'calcPr fullCalcOnLoad="1"/>'
    return data[:at] + new + data[at:]

