"""A small writer of SpreadsheetML packages for test fixtures, part by part.

Fixtures are written as OOXML parts directly (not through openpyxl) so that they carry what real
buyers' workbooks carry and openpyxl cannot write: shared strings, cached formula values, x14 data
validations, pivot tables, printer settings, mc:Ignorable attributes on rows.
"""

from __future__ import annotations

import struct
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from generator.questionnaire.xlsx.refs import cell_name, parse_cell

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
NS_X14AC = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"
NS_X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
NS_XM = "http://schemas.microsoft.com/office/excel/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
CT = "application/vnd.openxmlformats-officedocument."
DATE = (2024, 3, 1, 9, 30, 0)

# Cell styles of the fixtures' styles.xml (indexes into cellXfs).
PLAIN, HEADER, WRAP, SECTION, ANSWER, TITLE = 0, 1, 2, 3, 4, 5


@dataclass
class Cell:
    value: str | int | float | None = None
    formula: str | None = None
    style: int = PLAIN


@dataclass
class Validation:
    sqref: str
    formula1: str
    type: str = "list"
    extended: bool = False   # write it as an x14 validation in the sheet's extLst


@dataclass
class SheetSpec:
    name: str
    state: str = "visible"
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    merges: list[str] = field(default_factory=list)
    validations: list[Validation] = field(default_factory=list)
    widths: dict[int, float] = field(default_factory=dict)
    freeze: str | None = None
    autofilter: str | None = None
    landscape: bool = False
    printer_settings: bool = False
    header_footer: str | None = None
    chart: bool = False            # a bar chart of A2:B4 (drawing + chart parts)
    image: bool = False            # a logo picture (drawing + PNG)
    pivot: str | None = None       # source range on this sheet for a pivot table placed at D1
    row_heights: dict[int, float] = field(default_factory=dict)

    def set(self, ref: str, value: str | float | None = None, *, formula: str | None = None,
            style: int = PLAIN) -> None:
        self.cells[parse_cell(ref)] = Cell(value, formula, style)


@dataclass
class DefinedName:
    name: str
    text: str
    local_sheet: int | None = None
    hidden: bool = False


@dataclass
class BookSpec:
    sheets: list[SheetSpec]
    names: list[DefinedName] = field(default_factory=list)
    calc_pr: bool = True


def _png(size: int = 8) -> bytes:
    """A small valid PNG (a blue square), written without an imaging library."""
    import zlib

    raw = b"".join(b"\x00" + b"\x20\x60\xc0" * size for _ in range(size))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _printer_settings() -> bytes:
    """A DEVMODEW record as Windows printer drivers store it (device name, landscape, A4)."""
    name = "Microsoft Print to PDF".encode("utf-16-le").ljust(64, b"\x00")
    form = "A4".encode("utf-16-le").ljust(64, b"\x00")
    fields = struct.pack("<HHHHI", 0x0401, 0x0401, 220, 0, 0x0000_2F03)
    fields += struct.pack("<hhhhhhhhhh", 2, 9, 0, 0, 100, 1, 7, 600, 1, 1)
    fields += struct.pack("<hh", 600, 1)
    return name + fields + form + b"\x00" * (220 - len(name + fields + form))


STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="{NS_MAIN}" xmlns:mc="{NS_MC}" mc:Ignorable="x14ac" xmlns:x14ac="{NS_X14AC}">
<fonts count="4" x14ac:knownFonts="1"><font><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font><font><b/><sz val="11"/><color rgb="FFFFFFFF"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font><font><b/><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font><font><b/><sz val="14"/><color rgb="FF1F3864"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font></fonts>
<fills count="5"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FF1F4E78"/><bgColor indexed="64"/></patternFill></fill><fill><patternFill patternType="solid"><fgColor rgb="FFD9D9D9"/><bgColor indexed="64"/></patternFill></fill><fill><patternFill patternType="solid"><fgColor rgb="FFFFF2CC"/><bgColor indexed="64"/></patternFill></fill></fills>
<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border><left style="thin"><color indexed="64"/></left><right style="thin"><color indexed="64"/></right><top style="thin"><color indexed="64"/></top><bottom style="thin"><color indexed="64"/></bottom><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf><xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf><xf numFmtId="0" fontId="2" fillId="3" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1"/><xf numFmtId="0" fontId="0" fillId="4" borderId="1" xfId="0" applyFill="1" applyBorder="1" applyAlignment="1" applyProtection="1"><alignment vertical="top" wrapText="1"/><protection locked="0"/></xf><xf numFmtId="0" fontId="3" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/>
</styleSheet>"""


def _rels(items: list[tuple[str, str, str]]) -> str:
    body = "".join(f'<Relationship Id="{rid}" Type="{REL}{kind}" Target="{target}"/>' for rid, kind, target in items)
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + body + "</Relationships>")


class _Strings:
    def __init__(self) -> None:
        self.items: list[str] = []
        self.index: dict[str, int] = {}
        self.count = 0

    def add(self, text: str) -> int:
        self.count += 1
        if text not in self.index:
            self.index[text] = len(self.items)
            self.items.append(text)
        return self.index[text]

    def xml(self) -> str:
        body = "".join(f'<si><t xml:space="preserve">{escape(s)}</t></si>' for s in self.items)
        return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{NS_MAIN}" count="{self.count}" '
                f'uniqueCount="{len(self.items)}">{body}</sst>')


def _cell_xml(ref: str, cell: Cell, strings: _Strings) -> str:
    s = f' s="{cell.style}"' if cell.style else ""
    if cell.formula is not None:
        f = f"<f>{escape(cell.formula)}</f>"
        if isinstance(cell.value, str):
            return f'<c r="{ref}"{s} t="str">{f}<v>{escape(cell.value)}</v></c>'
        if cell.value is None:
            return f'<c r="{ref}"{s}>{f}</c>'
        return f'<c r="{ref}"{s}>{f}<v>{cell.value}</v></c>'
    if cell.value is None:
        return f'<c r="{ref}"{s}/>'
    if isinstance(cell.value, str):
        return f'<c r="{ref}"{s} t="s"><v>{strings.add(cell.value)}</v></c>'
    return f'<c r="{ref}"{s}><v>{cell.value}</v></c>'


def _sheet_xml(sheet: SheetSpec, index: int, strings: _Strings, rels: list[tuple[str, str, str]]) -> str:
    rows: dict[int, list[tuple[int, Cell]]] = {}
    for (r, c), cell in sorted(sheet.cells.items()):
        rows.setdefault(r, []).append((c, cell))
    max_r = max(rows, default=1)
    max_c = max((c for (_r, c) in sheet.cells), default=1)
    out = [(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{NS_MAIN}" '
           f'xmlns:r="{NS_R}" xmlns:mc="{NS_MC}" mc:Ignorable="x14ac" xmlns:x14ac="{NS_X14AC}">')]
    out.append(f'<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><dimension ref="A1:{cell_name(max_r, max_c)}"/>')
    view = '<sheetViews><sheetView workbookViewId="0"' + (' tabSelected="1"' if index == 0 else "") + ">"
    if sheet.freeze:
        r, _c = parse_cell(sheet.freeze)
        view += (f'<pane ySplit="{r - 1}" topLeftCell="{sheet.freeze}" activePane="bottomLeft" state="frozen"/>'
                 f'<selection pane="bottomLeft" activeCell="{sheet.freeze}" sqref="{sheet.freeze}"/>')
    out.append(view + "</sheetView></sheetViews>")
    out.append('<sheetFormatPr defaultRowHeight="15" x14ac:dyDescent="0.25"/>')
    if sheet.widths:
        out.append("<cols>" + "".join(f'<col min="{c}" max="{c}" width="{w}" customWidth="1"/>'
                                      for c, w in sorted(sheet.widths.items())) + "</cols>")
    out.append("<sheetData>")
    for r in sorted(rows):
        height = sheet.row_heights.get(r)
        ht = f' ht="{height}" customHeight="1"' if height else ""
        cells = rows[r]
        spans = f"{min(c for c, _ in cells)}:{max(c for c, _ in cells)}"
        out.append(f'<row r="{r}" spans="{spans}"{ht} x14ac:dyDescent="0.25">')
        out.extend(_cell_xml(cell_name(r, c), cell, strings) for c, cell in cells)
        out.append("</row>")
    out.append("</sheetData>")
    if sheet.autofilter:
        out.append(f'<autoFilter ref="{sheet.autofilter}"/>')
    if sheet.merges:
        out.append(f'<mergeCells count="{len(sheet.merges)}">'
                   + "".join(f'<mergeCell ref="{m}"/>' for m in sheet.merges) + "</mergeCells>")
    standard = [v for v in sheet.validations if not v.extended]
    if standard:
        out.append(f'<dataValidations count="{len(standard)}">' + "".join(
            f'<dataValidation type="{v.type}" allowBlank="1" showInputMessage="1" showErrorMessage="1" '
            f'sqref="{v.sqref}"><formula1>{escape(v.formula1)}</formula1></dataValidation>' for v in standard)
            + "</dataValidations>")
    out.append('<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>')
    setup = '<pageSetup paperSize="9" fitToHeight="0"' + (' orientation="landscape"' if sheet.landscape else "")
    if sheet.printer_settings:
        rels.append((f"rId{len(rels) + 1}", "printerSettings", f"../printerSettings/printerSettings{index + 1}.bin"))
        setup += f' r:id="rId{len(rels)}"'
    out.append(setup + "/>")
    if sheet.header_footer:
        out.append(f"<headerFooter><oddFooter>{escape(sheet.header_footer)}</oddFooter></headerFooter>")
    if sheet.chart or sheet.image:
        rels.append((f"rId{len(rels) + 1}", "drawing", f"../drawings/drawing{index + 1}.xml"))
        out.append(f'<drawing r:id="rId{len(rels)}"/>')
    extended = [v for v in sheet.validations if v.extended]
    if extended:
        out.append(f'<extLst><ext uri="{{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}}" xmlns:x14="{NS_X14}">'
                   f'<x14:dataValidations count="{len(extended)}" xmlns:xm="{NS_XM}">' + "".join(
                       f'<x14:dataValidation type="{v.type}" allowBlank="1" showInputMessage="1" showErrorMessage="1">'
                       f"<x14:formula1><xm:f>{escape(v.formula1)}</xm:f></x14:formula1><xm:sqref>{v.sqref}</xm:sqref>"
                       "</x14:dataValidation>" for v in extended)
                   + "</x14:dataValidations></ext></extLst>")
    out.append("</worksheet>")
    return "".join(out)


def _drawing(sheet: SheetSpec, rels: list[tuple[str, str, str]], chart_no: int, image_no: int) -> str:
    anchors = []
    if sheet.chart:
        rels.append((f"rId{len(rels) + 1}", "chart", f"../charts/chart{chart_no}.xml"))
        anchors.append(
            '<xdr:twoCellAnchor><xdr:from><xdr:col>0</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>8</xdr:row>'
            '<xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>6</xdr:col><xdr:colOff>0</xdr:colOff>'
            '<xdr:row>24</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to><xdr:graphicFrame macro=""><xdr:nvGraphicFramePr>'
            '<xdr:cNvPr id="2" name="Answers chart"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr><xdr:xfrm>'
            '<a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic>'
            '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
            f'<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:r="{NS_R}" '
            f'r:id="rId{len(rels)}"/></a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>')
    if sheet.image:
        rels.append((f"rId{len(rels) + 1}", "image", f"../media/image{image_no}.png"))
        anchors.append(
            '<xdr:oneCellAnchor><xdr:from><xdr:col>5</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>0</xdr:row>'
            '<xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:ext cx="762000" cy="762000"/><xdr:pic><xdr:nvPicPr>'
            '<xdr:cNvPr id="3" name="Logo" descr="Buyer logo"/><xdr:cNvPicPr><a:picLocks noChangeAspect="1"/>'
            f'</xdr:cNvPicPr></xdr:nvPicPr><xdr:blipFill><a:blip xmlns:r="{NS_R}" r:embed="rId{len(rels)}"/>'
            '<a:stretch><a:fillRect/></a:stretch></xdr:blipFill><xdr:spPr><a:xfrm><a:off x="0" y="0"/>'
            '<a:ext cx="762000" cy="762000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr>'
            '</xdr:pic><xdr:clientData/></xdr:oneCellAnchor>')
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
            'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">' + "".join(anchors) + "</xdr:wsDr>")


def _chart(sheet: SheetSpec) -> str:
    q = sheet.name.replace("'", "''")
    cats = [str(sheet.cells.get((r, 1), Cell()).value or "") for r in (2, 3, 4)]
    vals = [sheet.cells.get((r, 2), Cell()).value for r in (2, 3, 4)]
    str_pts = "".join(f'<c:pt idx="{i}"><c:v>{escape(v)}</c:v></c:pt>' for i, v in enumerate(cats))
    num_pts = "".join(f'<c:pt idx="{i}"><c:v>{v if isinstance(v, (int, float)) else 0}</c:v></c:pt>'
                      for i, v in enumerate(vals))
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
            f'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="{NS_R}">'
            '<c:roundedCorners val="0"/><c:chart><c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>Answers</a:t></a:r>'
            '</a:p></c:rich></c:tx><c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>'
            '<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/><c:ser>'
            '<c:idx val="0"/><c:order val="0"/>'
            f"<c:tx><c:strRef><c:f>'{q}'!$B$1</c:f><c:strCache><c:ptCount val=\"1\"/><c:pt idx=\"0\"><c:v>Count</c:v>"
            "</c:pt></c:strCache></c:strRef></c:tx>"
            f"<c:cat><c:strRef><c:f>'{q}'!$A$2:$A$4</c:f><c:strCache><c:ptCount val=\"3\"/>{str_pts}</c:strCache>"
            "</c:strRef></c:cat>"
            f"<c:val><c:numRef><c:f>'{q}'!$B$2:$B$4</c:f><c:numCache><c:formatCode>General</c:formatCode>"
            f'<c:ptCount val="3"/>{num_pts}</c:numCache></c:numRef></c:val></c:ser>'
            '<c:gapWidth val="150"/><c:axId val="50010001"/><c:axId val="50010002"/></c:barChart>'
            '<c:catAx><c:axId val="50010001"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/>'
            '<c:axPos val="b"/><c:numFmt formatCode="General" sourceLinked="1"/><c:tickLblPos val="nextTo"/>'
            '<c:crossAx val="50010002"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/>'
            '<c:lblOffset val="100"/></c:catAx><c:valAx><c:axId val="50010002"/><c:scaling>'
            '<c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="l"/><c:majorGridlines/>'
            '<c:numFmt formatCode="General" sourceLinked="1"/><c:tickLblPos val="nextTo"/><c:crossAx val="50010001"/>'
            '<c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx></c:plotArea>'
            '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>')


def _pivot_parts(sheet: SheetSpec) -> dict[str, str]:
    """A pivot table counting the rows of a two-column source range by its first column."""
    assert sheet.pivot
    first, last = sheet.pivot.split(":")
    r1, c1 = parse_cell(first)
    r2, _c2 = parse_cell(last)
    f1 = str(sheet.cells[(r1, c1)].value)
    f2 = str(sheet.cells[(r1, c1 + 1)].value)
    records = [(str(sheet.cells[(r, c1)].value), str(sheet.cells[(r, c1 + 1)].value)) for r in range(r1 + 1, r2 + 1)]
    items1 = sorted({a for a, _ in records})
    items2 = sorted({b for _, b in records})
    cache = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<pivotCacheDefinition xmlns="{NS_MAIN}" '
             f'xmlns:r="{NS_R}" r:id="rId1" refreshOnLoad="1" createdVersion="6" refreshedVersion="6" '
             f'minRefreshableVersion="3" recordCount="{len(records)}"><cacheSource type="worksheet">'
             f'<worksheetSource ref="{sheet.pivot}" sheet="{escape(sheet.name)}"/></cacheSource><cacheFields count="2">'
             f'<cacheField name="{escape(f1)}" numFmtId="0"><sharedItems count="{len(items1)}">'
             + "".join(f'<s v="{escape(i)}"/>' for i in items1) + "</sharedItems></cacheField>"
             f'<cacheField name="{escape(f2)}" numFmtId="0"><sharedItems count="{len(items2)}">'
             + "".join(f'<s v="{escape(i)}"/>' for i in items2) + "</sharedItems></cacheField></cacheFields>"
             "</pivotCacheDefinition>")
    recs = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<pivotCacheRecords xmlns="{NS_MAIN}" '
            f'xmlns:r="{NS_R}" count="{len(records)}">'
            + "".join(f'<r><x v="{items1.index(a)}"/><x v="{items2.index(b)}"/></r>' for a, b in records)
            + "</pivotCacheRecords>")
    n = len(items1)
    table = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<pivotTableDefinition xmlns="{NS_MAIN}" '
             'name="OwnersPivot" cacheId="7" applyNumberFormats="0" applyBorderFormats="0" applyFontFormats="0" '
             'applyPatternFormats="0" applyAlignmentFormats="0" applyWidthHeightFormats="1" dataCaption="Values" '
             'updatedVersion="6" minRefreshableVersion="3" useAutoFormatting="1" itemPrintTitles="1" createdVersion="6" '
             'indent="0" outline="1" outlineData="1" multipleFieldFilters="0">'
             f'<location ref="D1:E{n + 2}" firstHeaderRow="1" firstDataRow="1" firstDataCol="1"/>'
             f'<pivotFields count="2"><pivotField axis="axisRow" showAll="0"><items count="{n + 1}">'
             + "".join(f'<item x="{i}"/>' for i in range(n)) + '<item t="default"/></items></pivotField>'
             '<pivotField dataField="1" showAll="0"/></pivotFields><rowFields count="1"><field x="0"/></rowFields>'
             f'<rowItems count="{n + 1}">' + "".join("<i><x/></i>" if i == 0 else f'<i><x v="{i}"/></i>' for i in range(n))
             + '<i t="grand"><x/></i></rowItems><colItems count="1"><i/></colItems>'
             f'<dataFields count="1"><dataField name="Count of {escape(f2)}" fld="1" subtotal="count" baseField="0" '
             'baseItem="0"/></dataFields><pivotTableStyleInfo name="PivotStyleLight16" showRowHeaders="1" '
             'showColHeaders="1" showRowStripes="0" showColStripes="0" showLastColumn="1"/></pivotTableDefinition>')
    # The pivot table's rendered cells, as Excel stores them on the sheet.
    sheet.set("D1", "Row Labels", style=HEADER)
    sheet.set("E1", f"Count of {f2}", style=HEADER)
    for i, item in enumerate(items1):
        sheet.set(f"D{i + 2}", item)
        sheet.set(f"E{i + 2}", sum(1 for a, _ in records if a == item))
    sheet.set(f"D{n + 2}", "Grand Total", style=SECTION)
    sheet.set(f"E{n + 2}", len(records), style=SECTION)
    return {"cache": cache, "records": recs, "table": table}


def build(book: BookSpec, path: Path) -> Path:
    """Write the workbook to path as a real Excel package would be laid out."""
    strings = _Strings()
    parts: dict[str, bytes] = {}
    overrides: list[tuple[str, str]] = []
    wb_rels: list[tuple[str, str, str]] = []
    pivot_caches: list[str] = []
    chart_no = image_no = 0
    for i, sheet in enumerate(book.sheets):
        sheet_rels: list[tuple[str, str, str]] = []
        pivot = _pivot_parts(sheet) if sheet.pivot else None
        xml = _sheet_xml(sheet, i, strings, sheet_rels)
        if sheet.printer_settings:
            parts[f"xl/printerSettings/printerSettings{i + 1}.bin"] = _printer_settings()
        if sheet.chart or sheet.image:
            drawing_rels: list[tuple[str, str, str]] = []
            if sheet.chart:
                chart_no += 1
                parts[f"xl/charts/chart{chart_no}.xml"] = _chart(sheet).encode()
                overrides.append((f"/xl/charts/chart{chart_no}.xml", CT + "drawingml.chart+xml"))
            if sheet.image:
                image_no += 1
                parts[f"xl/media/image{image_no}.png"] = _png()
            parts[f"xl/drawings/drawing{i + 1}.xml"] = _drawing(sheet, drawing_rels, chart_no, image_no).encode()
            parts[f"xl/drawings/_rels/drawing{i + 1}.xml.rels"] = _rels(drawing_rels).encode()
            overrides.append((f"/xl/drawings/drawing{i + 1}.xml", CT + "drawing+xml"))
        if pivot is not None:
            n = len(pivot_caches) + 1
            sheet_rels.append((f"rId{len(sheet_rels) + 1}", "pivotTable", f"../pivotTables/pivotTable{n}.xml"))
            parts[f"xl/pivotTables/pivotTable{n}.xml"] = pivot["table"].encode()
            parts[f"xl/pivotTables/_rels/pivotTable{n}.xml.rels"] = _rels(
                [("rId1", "pivotCacheDefinition", f"../pivotCache/pivotCacheDefinition{n}.xml")]).encode()
            parts[f"xl/pivotCache/pivotCacheDefinition{n}.xml"] = pivot["cache"].encode()
            parts[f"xl/pivotCache/_rels/pivotCacheDefinition{n}.xml.rels"] = _rels(
                [("rId1", "pivotCacheRecords", f"pivotCacheRecords{n}.xml")]).encode()
            parts[f"xl/pivotCache/pivotCacheRecords{n}.xml"] = pivot["records"].encode()
            overrides += [(f"/xl/pivotTables/pivotTable{n}.xml", CT + "spreadsheetml.pivotTable+xml"),
                          (f"/xl/pivotCache/pivotCacheDefinition{n}.xml", CT + "spreadsheetml.pivotCacheDefinition+xml"),
                          (f"/xl/pivotCache/pivotCacheRecords{n}.xml", CT + "spreadsheetml.pivotCacheRecords+xml")]
            pivot_caches.append(f"pivotCache/pivotCacheDefinition{n}.xml")
        parts[f"xl/worksheets/sheet{i + 1}.xml"] = xml.encode()
        if sheet_rels:
            parts[f"xl/worksheets/_rels/sheet{i + 1}.xml.rels"] = _rels(sheet_rels).encode()
        overrides.append((f"/xl/worksheets/sheet{i + 1}.xml", CT + "spreadsheetml.worksheet+xml"))
        wb_rels.append((f"rId{i + 1}", "worksheet", f"worksheets/sheet{i + 1}.xml"))
    n = len(wb_rels)
    wb_rels += [(f"rId{n + 1}", "styles", "styles.xml"), (f"rId{n + 2}", "sharedStrings", "sharedStrings.xml")]
    cache_xml = ""
    for k, target in enumerate(pivot_caches):
        rid = f"rId{len(wb_rels) + 1}"
        wb_rels.append((rid, "pivotCacheDefinition", target))
        cache_xml += f'<pivotCache cacheId="{7 + k}" r:id="{rid}"/>'
    sheets_xml = "".join(
        f'<sheet name={quoteattr(s.name)} sheetId="{i + 1}"' + (f' state="{s.state}"' if s.state != "visible" else "")
        + f' r:id="rId{i + 1}"/>' for i, s in enumerate(book.sheets))
    names_xml = "".join(
        f'<definedName name="{escape(d.name)}"' + (f' localSheetId="{d.local_sheet}"' if d.local_sheet is not None else "")
        + (' hidden="1"' if d.hidden else "") + f">{escape(d.text)}</definedName>" for d in book.names)
    workbook = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{NS_MAIN}" xmlns:r="{NS_R}" '
                f'xmlns:mc="{NS_MC}" mc:Ignorable="x15" xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main">'
                '<fileVersion appName="xl" lastEdited="7" lowestEdited="7" rupBuild="27328"/>'
                '<workbookPr defaultThemeVersion="166925"/><bookViews><workbookView xWindow="-120" yWindow="-120" '
                'windowWidth="29040" windowHeight="15720" activeTab="0"/></bookViews>'
                f"<sheets>{sheets_xml}</sheets>" + (f"<definedNames>{names_xml}</definedNames>" if names_xml else "")
                + ('<calcPr calcId="191029"/>' if book.calc_pr else "")
                + (f"<pivotCaches>{cache_xml}</pivotCaches>" if cache_xml else "")
                + '<extLst><ext uri="{140A7094-0E35-4892-8432-C4D2E57EDB5D}" xmlns:x15="http://schemas.microsoft.com/office/'
                'spreadsheetml/2010/11/main"><x15:workbookPr chartTrackingRefBase="1"/></ext></extLst></workbook>')
    overrides += [("/xl/workbook.xml", CT + "spreadsheetml.sheet.main+xml"), ("/xl/styles.xml", CT + "spreadsheetml.styles+xml"),
                  ("/xl/sharedStrings.xml", CT + "spreadsheetml.sharedStrings+xml"),
                  ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
                  ("/docProps/app.xml", CT + "extended-properties+xml")]
    content_types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                     '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                     '<Default Extension="bin" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.printerSettings"/>'
                     '<Default Extension="png" ContentType="image/png"/>'
                     '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                     '<Default Extension="xml" ContentType="application/xml"/>'
                     + "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in overrides) + "</Types>")
    core = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties '
            'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>Vendor security assessment</dc:title>'
            '<dc:creator>Procurement</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">2024-03-01T09:30:00Z'
            '</dcterms:created></cp:coreProperties>')
    app = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties '
           'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
           '<Application>Microsoft Excel</Application><AppVersion>16.0300</AppVersion></Properties>')
    ordered: list[tuple[str, bytes]] = [
        ("[Content_Types].xml", content_types.encode()),
        ("_rels/.rels", _rels([("rId1", "officeDocument", "xl/workbook.xml")]).replace(
            "</Relationships>",
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
            'core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>').encode()),
        ("xl/workbook.xml", workbook.encode()),
        ("xl/_rels/workbook.xml.rels", _rels(wb_rels).encode()),
    ]
    ordered += sorted(parts.items())
    ordered += [("xl/styles.xml", STYLES.encode()), ("xl/sharedStrings.xml", strings.xml().encode()),
                ("docProps/core.xml", core.encode()), ("docProps/app.xml", app.encode())]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in ordered:
            info = zipfile.ZipInfo(name, date_time=DATE)
            info.compress_type = zipfile.ZIP_STORED if name.endswith(".png") else zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return path
