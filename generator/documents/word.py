"""RenderDoc -> DOCX with python-docx: a real Word document a compliance team can edit.

Headings use Word's own Heading 1-4 styles (so the navigation pane and the contents field work),
lists use List Bullet / List Number, tables are Word tables with a repeating header row, and the
header and footer carry title, classification, version and "Page X of Y" fields. Core properties
hold title, version, language and classification, and the document language is set for proofing.

With an organisation template (settings.yaml `docx_template`), its styles, page setup and header
content are kept; a style the template does not define is copied in from python-docx's default
template, numbering included, so a template made in Word that never used "Heading 3" still works.

python-docx has no API for fields, hyperlinks, list restarts or style copying; those few pieces of
WordprocessingML are written by hand below, each where it is needed.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
from typing import Any

from .. import blocks as b
from ..errors import BuildError
from .assets import RefusedAsset, resolve_src
from .compose import RenderDoc

ACCENT = "1F3A5F"
LINK = "2B5B8F"
HEADER_FILL = "E6EDF5"
NOTE_FILL = "EEF3F9"
MONO = "Courier New"
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text_width(section: Any) -> int:
    """The width between the margins of a section (EMU)."""
    return int(section.page_width or 0) - int(section.left_margin or 0) - int(section.right_margin or 0)


def _clean(text: str) -> str:
    """Text as XML may hold it (control characters cannot be stored in a .docx), with the names that
    must not wrap ("SOC 2 Type 2", "ISO/IEC 27001") joined by no-break spaces."""
    text = _XML_UNSAFE.sub("", text)
    if any(ch.isdigit() for ch in text):
        text = _KEEP_TOGETHER.sub(lambda m: m.group(0).replace(" ", "\u00a0"), text)
    return text


# Certification and standard names with numbers, which read wrongly when split across lines.
_KEEP_TOGETHER = re.compile(r"\b(?:SOC [123](?: Type [12])?|ISO(?:/IEC)? \d{4,5}(?::\d{4})?|PCI DSS(?: v?\d(?:\.\d)?)?|"
                            r"CSA STAR(?: Level [12])?|TLS \d\.\d)\b")


class _Word:
    def __init__(self, doc: RenderDoc):
        import docx
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Pt

        self.rd = doc
        self.qn = qn
        self.el = OxmlElement
        self.Pt = Pt
        try:
            self.d = docx.Document(doc.docx_template) if doc.docx_template else docx.Document()
        except Exception as exc:
            raise BuildError(f"{doc.name}: the Word template {doc.docx_template} cannot be used: {exc}") from exc
        self._defaults: Any = None
        body = self.d.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)  # a template's sample text is not part of the document
        if not doc.docx_template:
            self._a4()
            self._house_style()

    # --- styles --------------------------------------------------------------------------------

    def _a4(self) -> None:
        from docx.shared import Mm

        for section in self.d.sections:
            section.page_width, section.page_height = Mm(210), Mm(297)
            section.left_margin = section.right_margin = Mm(22)
            section.top_margin, section.bottom_margin = Mm(24), Mm(22)

    def _house_style(self) -> None:
        """Without an organisation template: the PDF's look in Word terms (Arial, which LibreOffice shows
        as the metric-compatible Liberation Sans; navy headings; light table rules)."""
        from docx.shared import RGBColor

        sizes = {"Normal": 10, "Title": 28, "Subtitle": 13, "Heading 1": 16, "Heading 2": 13, "Heading 3": 11,
                 "Heading 4": 10, "TOC Heading": 16, "Header": 8, "Footer": 8}
        for name, size in sizes.items():
            style = self.style(name)
            if style is None:
                continue
            self._font(style, "Arial")
            style.font.size = self.Pt(size)
            if name.startswith(("Heading", "Title", "TOC")):
                style.font.color.rgb = RGBColor.from_string(ACCENT)
        # Headings stand clear of the text before them and stay with the text after them.
        for name, before in (("Heading 1", 18), ("Heading 2", 14), ("Heading 3", 10), ("Heading 4", 8)):
            style = self.style(name)
            if style is not None:
                style.paragraph_format.space_before = self.Pt(before)
                style.paragraph_format.space_after = self.Pt(6)
                style.paragraph_format.keep_with_next = True
        normal = self.d.styles["Normal"].paragraph_format
        normal.space_after = self.Pt(6)
        normal.line_spacing = 1.15
        grid = self.style("Table Grid")
        if grid is not None:
            qn = self.qn
            for edge in grid.element.xpath(".//w:tblBorders/*"):
                edge.set(qn("w:color"), "C5CFDB")

    def _font(self, style: Any, name: str) -> None:
        qn = self.qn
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = self.el("w:rFonts")
            rpr.insert(0, fonts)
        for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
            fonts.set(qn(f"w:{attr}"), name)
        for attr in ("asciiTheme", "hAnsiTheme", "cstheme", "eastAsiaTheme"):
            fonts.attrib.pop(qn(f"w:{attr}"), None)  # a theme font would win over the named one

    def style(self, name: str) -> Any:
        """The named style, copied in from the default template when the document lacks it."""
        try:
            return self.d.styles[name]
        except KeyError:
            pass
        if self._defaults is None:
            import docx

            self._defaults = docx.Document()
        try:
            source = self._defaults.styles[name]
        except KeyError:
            return None
        self._copy_style(source.element)
        return self.d.styles[name]

    def _copy_style(self, element: Any) -> None:
        qn = self.qn
        styles = self.d.styles.element
        based = element.find(qn("w:basedOn"))
        if based is not None:
            base_id = based.get(qn("w:val"))
            if styles.find(f"{qn('w:style')}[@{qn('w:styleId')}='{base_id}']") is None:
                parent = self._defaults.styles.element.find(f"{qn('w:style')}[@{qn('w:styleId')}='{base_id}']")
                if parent is not None:
                    self._copy_style(parent)
        clone = copy.deepcopy(element)
        num_id = clone.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        if num_id is not None:
            num_id.set(qn("w:val"), str(self._copy_numbering(num_id.get(qn("w:val")))))
        styles.append(clone)

    def _copy_numbering(self, num_id: str) -> int:
        """Copy a list definition (w:num and its w:abstractNum) from the default template."""
        qn = self.qn
        src = self._defaults.part.numbering_part.element
        dst = self.d.part.numbering_part.element
        num = src.find(f"{qn('w:num')}[@{qn('w:numId')}='{num_id}']")
        abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
        abstract = copy.deepcopy(src.find(f"{qn('w:abstractNum')}[@{qn('w:abstractNumId')}='{abstract_id}']"))
        new_abstract = 1 + max([int(a.get(qn("w:abstractNumId"))) for a in dst.findall(qn("w:abstractNum"))] or [0])
        abstract.set(qn("w:abstractNumId"), str(new_abstract))
        nsid = abstract.find(qn("w:nsid"))
        if nsid is not None:
            abstract.remove(nsid)
        existing = dst.findall(qn("w:abstractNum"))
        if existing:
            existing[-1].addnext(abstract)
        else:
            dst.insert(0, abstract)
        return self._new_num(new_abstract)

    def _new_num(self, abstract_id: int | str, restart: int | None = None) -> int:
        qn = self.qn
        dst = self.d.part.numbering_part.element
        new_id = 1 + max([int(n.get(qn("w:numId"))) for n in dst.findall(qn("w:num"))] or [0])
        num = self.el("w:num")
        num.set(qn("w:numId"), str(new_id))
        ref = self.el("w:abstractNumId")
        ref.set(qn("w:val"), str(abstract_id))
        num.append(ref)
        if restart is not None:
            override = self.el("w:lvlOverride")
            override.set(qn("w:ilvl"), "0")
            start = self.el("w:startOverride")
            start.set(qn("w:val"), str(restart))
            override.append(start)
            num.append(override)
        dst.append(num)
        return new_id

    def _restarted_list(self, style: Any, start: int) -> int | None:
        """A fresh numbering instance for an ordered list, so that every list starts at its own number
        instead of continuing the previous one (python-docx cannot restart a list)."""
        qn = self.qn
        el = style.element.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        if el is None:
            return None
        numbering = self.d.part.numbering_part.element
        num = numbering.find(f"{qn('w:num')}[@{qn('w:numId')}='{el.get(qn('w:val'))}']")
        if num is None:
            return None
        return self._new_num(num.find(qn("w:abstractNumId")).get(qn("w:val")), restart=start)

    def _set_num(self, paragraph: Any, num_id: int) -> None:
        qn = self.qn
        ppr = paragraph._p.get_or_add_pPr()
        numpr = self.el("w:numPr")
        ilvl = self.el("w:ilvl")
        ilvl.set(qn("w:val"), "0")
        nid = self.el("w:numId")
        nid.set(qn("w:val"), str(num_id))
        numpr.append(ilvl)
        numpr.append(nid)
        ppr.insert_element_before(numpr, "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:spacing", "w:ind",
                                  "w:jc", "w:outlineLvl", "w:rPr")

    def paragraph(self, container: Any, style: str | None = None) -> Any:
        return self._styled(container.add_paragraph(), style)

    def _styled(self, para: Any, style: str | None) -> Any:
        """The paragraph with the named style, when the document (or its template) has that style."""
        found = self.style(style) if style else None
        if found is not None:
            para.style = found
        return para

    # --- document parts ------------------------------------------------------------------------

    def language(self) -> None:
        """The proofing language of every run: docDefaults/rPrDefault/rPr/lang."""
        qn = self.qn
        styles = self.d.styles.element
        defaults = styles.find(qn("w:docDefaults"))
        if defaults is None:
            defaults = self.el("w:docDefaults")
            styles.insert(0, defaults)
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is None:
            rpr_default = self.el("w:rPrDefault")
            defaults.insert(0, rpr_default)
        rpr = rpr_default.find(qn("w:rPr"))
        if rpr is None:
            rpr = self.el("w:rPr")
            rpr_default.append(rpr)
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = self.el("w:lang")
            rpr.append(lang)
        lang.set(qn("w:val"), self.rd.lang)

    def properties(self) -> None:
        rd = self.rd
        cp = self.d.core_properties
        moment = dt.datetime.combine(rd.effective, dt.time())
        cp.title = rd.title
        cp.subject = rd.subtitle or rd.title
        cp.author = rd.organization
        cp.last_modified_by = rd.owner
        cp.version = rd.version
        cp.revision = 1
        cp.keywords = f"{rd.label('version')} {rd.version}; {rd.classification}"
        cp.category = rd.classification
        cp.content_status = rd.classification
        cp.identifier = rd.id
        cp.language = rd.lang
        cp.comments = ""
        cp.created = moment
        cp.modified = moment
        cp.last_printed = moment

    def field(self, paragraph: Any, instruction: str, shown: str) -> None:
        """A Word field (PAGE, NUMPAGES) as begin/instruction/separate/result/end runs."""
        qn = self.qn
        for kind in ("begin", "instr", "separate", "result", "end"):
            run = paragraph.add_run()
            if kind == "instr":
                instr = self.el("w:instrText")
                instr.set(qn("xml:space"), "preserve")
                instr.text = f" {instruction} "
                run._r.append(instr)
            elif kind == "result":
                run.text = shown
            else:
                char = self.el("w:fldChar")
                char.set(qn("w:fldCharType"), kind)
                run._r.append(char)

    def header_footer(self) -> None:
        rd = self.rd
        before, between, after = rd.page_label()
        for section in self.d.sections:
            section.different_first_page_header_footer = True  # the cover has neither
            width = _text_width(section)
            header, footer = section.header, section.footer
            header.is_linked_to_previous = False
            footer.is_linked_to_previous = False
            para = self._free_paragraph(header, "Header")
            self._right_tab(para, width)
            self._small(para.add_run(_clean(rd.title)))
            para.add_run("\t")
            tag = self._small(para.add_run(_clean(rd.classification.upper())))
            tag.bold = True
            para = self._free_paragraph(footer, "Footer")
            self._right_tab(para, width)
            self._small(para.add_run(_clean(rd.label("footer"))))
            para.add_run("\t")
            self._page_number(para, before, between, after)
            # The cover has no running header, but shows its page number like the PDF does.
            section.first_page_footer.is_linked_to_previous = False
            para = self._free_paragraph(section.first_page_footer, "Footer")
            self._right_tab(para, width)
            para.add_run("\t")
            self._page_number(para, before, between, after)

    def _page_number(self, para: Any, before: str, between: str, after: str) -> None:
        """'Page X of Y' with live PAGE and NUMPAGES fields."""
        self._small(para.add_run(_clean(before)))
        self.field(para, "PAGE", "1")
        self._small(para.add_run(_clean(between)))
        self.field(para, "NUMPAGES", "1")
        if after:
            self._small(para.add_run(_clean(after)))

    def _right_tab(self, para: Any, width: int) -> None:
        """One right-aligned tab stop at the text's right edge; the style's own stops (Letter-sized
        centre and right stops in the default template) are cleared so the tab lands there."""
        from docx.enum.text import WD_TAB_ALIGNMENT

        stops = para.paragraph_format.tab_stops
        style = para.style
        while style is not None:
            for stop in style.paragraph_format.tab_stops:
                if abs(stop.position - width) > 12700:
                    stops.add_tab_stop(stop.position, WD_TAB_ALIGNMENT.CLEAR)
            style = style.base_style
        stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)

    def _small(self, run: Any) -> Any:
        run.font.size = self.Pt(8)
        return run

    def _free_paragraph(self, part: Any, style: str) -> Any:
        """The header's empty first paragraph, or a new one after a template's own content (a logo)."""
        paragraphs = part.paragraphs
        if len(paragraphs) == 1 and not paragraphs[0].text and not paragraphs[0]._p.xpath(".//w:drawing"):
            para = paragraphs[0]
        else:
            para = part.add_paragraph()
        return self._styled(para, style)

    def cover(self) -> None:
        from docx.enum.text import WD_BREAK
        from docx.shared import RGBColor

        rd = self.rd
        para = self.paragraph(self.d)
        para.paragraph_format.space_before = self.Pt(140)
        if rd.logo.endswith(".png"):  # Word takes bitmaps; an SVG logo shows on the PDF cover only
            from docx.shared import Mm

            para.add_run().add_picture(rd.logo, height=Mm(16))
            para = self.paragraph(self.d)
        run = para.add_run(_clean(rd.organization))
        run.bold = True
        run.font.size = self.Pt(13)
        run.font.color.rgb = RGBColor.from_string("4A6A8F")
        para = self.paragraph(self.d, "Title")
        para.add_run(_clean(rd.title))
        if rd.subtitle:
            self.paragraph(self.d, "Subtitle").add_run(_clean(rd.subtitle))
        table = self.d.add_table(rows=0, cols=2)
        self._table_style(table, "Table Grid")
        for label, value in rd.cover:
            cells = table.add_row().cells
            self._cell_text(cells[0], label, bold=True)
            self._cell_text(cells[1], value)
        self._widths(table, (0.32, 0.68))
        para = self.paragraph(self.d)
        para.paragraph_format.space_before = self.Pt(24)
        run = para.add_run(_clean(rd.classification.upper()))
        run.bold = True
        run.font.color.rgb = RGBColor.from_string("9B2C2C" if rd.visibility != "public" else ACCENT)
        para.add_run().add_break(WD_BREAK.PAGE)

    def contents(self) -> None:
        """A Word contents field, pre-filled with the headings so that it reads well before Word
        updates it (settings ask Word to update fields on opening, which adds the page numbers)."""
        from docx.enum.text import WD_BREAK

        qn = self.qn
        rd = self.rd
        self.paragraph(self.d, "TOC Heading").add_run(_clean(rd.label("contents")))
        entries = [(h.level, b.plain(h.inlines)) for h in b.walk(rd.blocks) if isinstance(h, b.Heading) and h.level <= 2]
        entries.append((1, rd.label("version_history")))
        paragraphs = []
        for level, text in entries:
            para = self.paragraph(self.d, self._toc_style(level))
            paragraphs.append((para, text))
        first, last = paragraphs[0][0], paragraphs[-1][0]
        for kind in ("begin", "instr", "separate"):
            run = first.add_run()
            if kind == "instr":
                instr = self.el("w:instrText")
                instr.set(qn("xml:space"), "preserve")
                instr.text = ' TOC \\o "1-2" \\h \\z \\u '
                run._r.append(instr)
            else:
                char = self.el("w:fldChar")
                char.set(qn("w:fldCharType"), kind)
                run._r.append(char)
        for para, text in paragraphs:
            para.add_run(_clean(text))
        end = last.add_run()
        char = self.el("w:fldChar")
        char.set(qn("w:fldCharType"), "end")
        end._r.append(char)
        last.add_run().add_break(WD_BREAK.PAGE)
        settings = self.d.settings.element
        if settings.find(qn("w:updateFields")) is None:
            update = self.el("w:updateFields")
            update.set(qn("w:val"), "true")
            settings.append(update)

    def _toc_style(self, level: int) -> str:
        from docx.enum.style import WD_STYLE_TYPE
        from docx.shared import Cm

        name = f"TOC {level}"
        if self.style(name) is None:
            style = self.d.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = self.d.styles["Normal"]
            style.paragraph_format.left_indent = Cm(0.6 * (level - 1))
            style.paragraph_format.space_after = self.Pt(3)
        return name

    def history(self) -> None:
        rd = self.rd
        from docx.enum.text import WD_BREAK

        self.paragraph(self.d).add_run().add_break(WD_BREAK.PAGE)
        para = self.paragraph(self.d, "Heading 1")
        para.add_run(_clean(rd.label("version_history")))
        header = tuple((b.Text(rd.label(k)),) for k in ("version", "date", "author", "changes"))
        rows = tuple(tuple((b.Text(v),) for v in rev) for rev in rd.revisions)
        self.table(self.d, b.Table(header, rows), widths=(0.12, 0.2, 0.22, 0.46))

    # --- blocks --------------------------------------------------------------------------------

    def blocks(self, container: Any, items: tuple[b.Block, ...], depth: int = 0) -> None:
        for block in items:
            if isinstance(block, b.Heading):
                para = self.paragraph(container, f"Heading {block.level}")
                self.runs(para, block.inlines)
            elif isinstance(block, b.Paragraph):
                self.runs(self.paragraph(container), block.inlines)
            elif isinstance(block, b.ListBlock):
                self.list_block(container, block, depth)
            elif isinstance(block, b.Table):
                self.table(container, block)
            elif isinstance(block, b.KeyValues):
                table = b.Table((), tuple((k, v) for k, v in block.rows))
                self.table(container, table, widths=(0.34, 0.66), bold_first=True)
            elif isinstance(block, b.Note):
                self.note(container, block)
            elif isinstance(block, b.CodeBlock):
                self.code(container, block)
            elif isinstance(block, b.Image):
                self.image(container, block)
            elif isinstance(block, b.Rule):
                self.rule(container)

    def list_block(self, container: Any, block: b.ListBlock, depth: int) -> None:
        kind = "List Number" if block.ordered else "List Bullet"
        name = kind if depth == 0 else f"{kind} {min(depth + 1, 3)}"
        style = self.style(name)
        num_id = self._restarted_list(style, block.start) if (block.ordered and style is not None) else None
        for n, item in enumerate(block.items):
            first = True
            for inner in item:
                if first and isinstance(inner, b.Paragraph):
                    para = self.paragraph(container, name)
                    if style is None:  # a template without list styles: write the marker out
                        para.add_run(f"{block.start + n}. " if block.ordered else "• ")
                    elif num_id is not None:
                        self._set_num(para, num_id)
                    self.runs(para, inner.inlines)
                elif isinstance(inner, b.ListBlock):
                    self.list_block(container, inner, depth + 1)
                elif isinstance(inner, b.Paragraph):
                    cont = "List Continue" if depth == 0 else f"List Continue {min(depth + 1, 3)}"
                    self.runs(self.paragraph(container, cont), inner.inlines)
                else:
                    self.blocks(container, (inner,), depth + 1)
                first = False

    def _table_style(self, table: Any, name: str) -> None:
        style = self.style(name)
        if style is not None:
            table.style = style

    def _widths(self, table: Any, fractions: tuple[float, ...]) -> None:
        section = self.d.sections[0]
        width = _text_width(section)
        table.autofit = False
        # Word reads the cell widths, LibreOffice the grid columns: set both.
        for column, fraction in zip(table.columns, fractions):
            column.width = int(width * fraction)
        for row in table.rows:
            for cell, fraction in zip(row.cells, fractions):
                cell.width = int(width * fraction)

    def _shade(self, cell: Any, fill: str) -> None:
        qn = self.qn
        tcpr = cell._tc.get_or_add_tcPr()
        shd = self.el("w:shd")
        shd.set(qn("w:val"), "clear")
        shd.set(qn("w:color"), "auto")
        shd.set(qn("w:fill"), fill)
        tcpr.append(shd)

    def _repeat_header(self, row: Any) -> None:
        trpr = row._tr.get_or_add_trPr()
        header = self.el("w:tblHeader")
        header.set(self.qn("w:val"), "true")
        trpr.append(header)
        cant = self.el("w:cantSplit")
        trpr.append(cant)

    def _cell_text(self, cell: Any, text: str, bold: bool = False) -> None:
        para = cell.paragraphs[0]
        run = para.add_run(_clean(text))
        run.bold = bold or None

    def table(self, container: Any, table: b.Table, widths: tuple[float, ...] | None = None,
              bold_first: bool = False) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        columns = max([len(table.header)] + [len(r) for r in table.rows] + [1])
        word = container.add_table(rows=0, cols=columns)
        self._table_style(word, "Table Grid")
        aligns = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
                  "right": WD_ALIGN_PARAGRAPH.RIGHT}
        if table.header:
            row = word.add_row()
            self._repeat_header(row)
            for i, cell in enumerate(row.cells):
                if i < len(table.header):
                    self.runs(cell.paragraphs[0], table.header[i], bold=True)
                self._shade(cell, HEADER_FILL)
        for data in table.rows:
            row = word.add_row()
            row_pr = row._tr.get_or_add_trPr()
            row_pr.append(self.el("w:cantSplit"))
            for i, cell in enumerate(row.cells):
                if i < len(data):
                    self.runs(cell.paragraphs[0], data[i], bold=bold_first and i == 0)
        for i, align in enumerate(table.align):
            if align in aligns:
                for row in word.rows:
                    row.cells[i].paragraphs[0].alignment = aligns[align]
        if widths or table.widths:
            self._widths(word, widths or table.widths)
        self.paragraph(container)  # Word glues neighbouring tables together without a paragraph between

    def note(self, container: Any, note: b.Note) -> None:
        word = container.add_table(rows=1, cols=1)
        cell = word.rows[0].cells[0]
        self._shade(cell, NOTE_FILL)
        qn = self.qn
        borders = self.el("w:tcBorders")
        left = self.el("w:left")
        for key, value in (("w:val", "single"), ("w:sz", "24"), ("w:space", "0"), ("w:color", LINK)):
            left.set(qn(key), value)
        borders.append(left)
        cell._tc.get_or_add_tcPr().append(borders)
        self.blocks(cell, note.blocks)
        first = cell.paragraphs[0]
        if not first.text and len(cell.paragraphs) > 1:
            first._p.getparent().remove(first._p)  # the empty paragraph every new cell starts with
        self.paragraph(container)

    def code(self, container: Any, block: b.CodeBlock) -> None:
        para = self.paragraph(container, "No Spacing")
        for n, line in enumerate(block.text.split("\n")):
            run = para.add_run(_clean(line))
            run.font.name = MONO
            run.font.size = self.Pt(9)
            if n < len(block.text.split("\n")) - 1:
                run.add_break()
        qn = self.qn
        ppr = para._p.get_or_add_pPr()
        shd = self.el("w:shd")
        shd.set(qn("w:val"), "clear")
        shd.set(qn("w:color"), "auto")
        shd.set(qn("w:fill"), "F1F3F6")
        ppr.append(shd)
        para.paragraph_format.space_after = self.Pt(8)

    def image(self, container: Any, image: b.Image) -> None:
        rd = self.rd
        path = resolve_src(image.src, rd.base_dir, rd.allowed_dirs, rd.name)
        section = self.d.sections[0]
        width = _text_width(section)
        para = self.paragraph(container)
        try:
            shape = para.add_run().add_picture(str(path))
        except Exception as exc:
            raise BuildError(f"{rd.name}: the picture \"{image.src}\" cannot be used: {exc}") from exc
        if shape.width > width:
            shape.height = int(shape.height * width / shape.width)
            shape.width = width
        doc_pr = para._p.xpath(".//wp:docPr")
        if doc_pr:
            doc_pr[0].set("descr", _clean(image.alt))  # the alt text screen readers and Word show

    def rule(self, container: Any) -> None:
        qn = self.qn
        para = self.paragraph(container)
        ppr = para._p.get_or_add_pPr()
        border = self.el("w:pBdr")
        bottom = self.el("w:bottom")
        for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "1"), ("w:color", "C5CFDB")):
            bottom.set(qn(key), value)
        border.append(bottom)
        ppr.append(border)

    # --- inline --------------------------------------------------------------------------------

    def runs(self, para: Any, nodes: b.Inlines, bold: bool = False, italic: bool = False) -> None:
        for node in nodes:
            if isinstance(node, b.Text):
                run = para.add_run(_clean(node.text))
                run.bold = bold or None
                run.italic = italic or None
            elif isinstance(node, b.Strong):
                self.runs(para, node.children, True, italic)
            elif isinstance(node, b.Emphasis):
                self.runs(para, node.children, bold, True)
            elif isinstance(node, b.CodeSpan):
                run = para.add_run(_clean(node.text))
                run.font.name = MONO
                run.bold = bold or None
            elif isinstance(node, b.LineBreak):
                para.add_run().add_break()
            elif isinstance(node, b.Link):
                self.hyperlink(para, node, bold, italic)

    def hyperlink(self, para: Any, link: b.Link, bold: bool, italic: bool) -> None:
        """w:hyperlink around the link's runs (python-docx has no hyperlink API)."""
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.shared import RGBColor

        r_id = para.part.relate_to(link.href, RT.HYPERLINK, is_external=True)
        element = self.el("w:hyperlink")
        element.set(self.qn("r:id"), r_id)
        before = len(para.runs)
        self.runs(para, link.children, bold, italic)
        for run in para.runs[before:]:
            run.font.color.rgb = RGBColor.from_string(LINK)
            run.font.underline = True
            element.append(run._r)
        para._p.append(element)

    # --- whole document ------------------------------------------------------------------------

    def render(self) -> bytes:
        self.language()
        self.properties()
        self.header_footer()
        self.cover()
        self.contents()
        self.blocks(self.d, self.rd.blocks)
        self.history()
        out = io.BytesIO()
        self.d.save(out)
        return _stable_zip(out.getvalue(), self.rd.effective)


def _stable_zip(data: bytes, day: dt.date) -> bytes:
    """The same package with every entry dated to the document's effective date instead of now, so that
    the same input gives the same bytes (python-docx stamps entries with the current time)."""
    import zipfile

    stamp = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def render_docx(doc: RenderDoc) -> bytes:
    """The DOCX bytes of a document."""
    try:
        return _Word(doc).render()
    except RefusedAsset:
        raise
    except BuildError:
        raise
    except (OSError, ValueError, KeyError) as exc:
        raise BuildError(f"{doc.name}: the Word document could not be written: {exc}") from exc
