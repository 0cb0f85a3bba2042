"""RenderDoc -> DOCX with python-docx: a real Word document a compliance team can edit.

Headings use Word's own Heading 1-4 styles (so the navigation pane and the contents field work),
lists use List Bullet / List Number, tables are Word tables with a repeating header row, and the
header and footer carry title, classification, version and "Page X of Y" fields. Core properties
hold title, version, language and classification, and the document language is set for proofing.

Without an organisation template the text is set in the site's own font, Inter, embedded in the file
(fonts.py). With one (settings.yaml `docx_template`), its styles, page setup and header content are
kept; a style the template does not define is copied in from python-docx's default template,
numbering included, so a template made in Word that never used "Heading 3" still works.

python-docx has no API for fields, bookmarks, hyperlinks, list restarts, style copying, embedded
fonts or table layout; those few pieces of WordprocessingML are written by hand below, each where it
is needed.

The contents field carries its entries as its cached result, so that the file reads well before any
field is updated: with `pages` (laid out by layout.py) each entry shows its page number; without,
the entries stand without numbers, and w:updateFields asks Word to fill them in on opening.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
from typing import Any

from .. import blocks as b
from ..errors import BuildError
from . import fonts
from .assets import RefusedAsset, resolve_src
from .compose import RenderDoc

ACCENT = "1F3A5F"
LINK = "2B5B8F"
HEADER_FILL = "E6EDF5"
NOTE_FILL = "EEF3F9"
MONO = "Courier New"
TABLE_SIZE = 9  # points, as in the PDF's tables
CELL_MARGINS = 2 * 5.4  # points: Table Grid's left and right cell margins (108 twips each)
EMU_PER_PT = 12700
TABLE_TEXT = "Table Text"  # the house style's paragraph style of table cells
NO_BREAK_HYPHEN = "\u2011"  # written out as w:noBreakHyphen, Word's own non-breaking hyphen
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_BREAKS = re.compile(r"(?<=-)|\s+")  # where a line may end inside ordinary text: at spaces, after a hyphen


def _text_width(section: Any) -> int:
    """The width between the margins of a section (EMU)."""
    return int(section.page_width or 0) - int(section.left_margin or 0) - int(section.right_margin or 0)


def _xml_safe(text: str) -> str:
    """Text as XML may hold it: control characters cannot be stored in a .docx."""
    return _XML_UNSAFE.sub("", text)


def _clean(text: str) -> str:
    """Text as XML may hold it, with what must stay on one line (blocks.unbreakable: "SOC 2 Type 2",
    e-mail addresses) joined by no-break spaces and no-break hyphens."""
    return "".join(piece.replace(" ", "\u00a0").replace("-", NO_BREAK_HYPHEN) if keep else piece
                   for piece, keep in b.unbreakable(_xml_safe(text)))


def _has_strong(nodes: b.Inlines) -> bool:
    return any(isinstance(n, b.Strong) or (isinstance(n, (b.Emphasis, b.Link)) and _has_strong(n.children))
               for n in nodes)


def _unbreakable_width(text: str, size: float, bold: bool) -> float:
    """The widest piece of a text that a line cannot end inside (points)."""
    widest = 0.0
    for piece, keep in b.unbreakable(text):
        for word in [piece] if keep else _BREAKS.split(piece):
            if word:
                widest = max(widest, fonts.text_width(word, size, bold))
    return widest


def fit_columns(total: float, minimum: list[float], natural: list[float],
                preferred: tuple[float, ...] | None) -> list[float]:
    """Column widths that add up to `total` and give every column at least its `minimum` (the widest
    word or address it holds) where the page allows. `preferred` fractions are kept as far as the
    minimums let them; without them the columns share the width as a browser's automatic table layout
    does, by how much text (`natural`, the width of the longest cell on one line) each holds. Written
    here because python-docx does no layout and LibreOffice takes a Word table's grid as written."""
    n = len(minimum)
    if sum(minimum) >= total:
        return [total * m / sum(minimum) for m in minimum]
    if preferred:
        widths = [max(total * f, m) for f, m in zip(preferred, minimum)]
    elif sum(natural) <= total:
        return [total * x / sum(natural) for x in natural]
    else:
        spare = [x - m for x, m in zip(natural, minimum)]
        room = total - sum(minimum)
        return [m + room * s / sum(spare) if sum(spare) else total / n for m, s in zip(minimum, spare)]
    excess = sum(widths) - total
    slack = [w - m for w, m in zip(widths, minimum)]
    if excess > 0 and sum(slack) > 0:
        widths = [w - excess * s / sum(slack) for w, s in zip(widths, slack)]
    return widths


def contents_entries(doc: RenderDoc) -> list[tuple[int, str]]:
    """The contents of a document, (level, text) in order: its headings of levels 1 and 2, then the
    version history."""
    entries = [(h.level, b.plain(h.inlines)) for h in b.walk(doc.blocks)
               if isinstance(h, b.Heading) and h.level <= 2]
    return entries + [(1, doc.label("version_history"))]


class _Word:
    def __init__(self, doc: RenderDoc, pages: tuple[int, ...] | None = None):
        import docx
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Pt

        self.rd = doc
        self.pages = pages
        self._embed_font = False
        # The bookmark each contents entry links to: headings by identity (as the PDF's anchors are),
        # the version history last.
        headings = [h for h in b.walk(doc.blocks) if isinstance(h, b.Heading) and h.level <= 2]
        self._marks = {id(h): f"_Toc{n + 1:08d}" for n, h in enumerate(headings)}
        self._history_mark = f"_Toc{len(headings) + 1:08d}"
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
        """Without an organisation template: the PDF's look in Word terms (the site's font, Inter, embedded
        in the file; navy headings; light table rules; 9-point tables)."""
        from docx.enum.style import WD_STYLE_TYPE
        from docx.shared import RGBColor

        self._embed_font = True
        self._default_font(fonts.FAMILY)

        sizes = {"Normal": 10, "Title": 28, "Subtitle": 13, "Heading 1": 16, "Heading 2": 13, "Heading 3": 11,
                 "Heading 4": 10, "TOC Heading": 16, "Header": 8, "Footer": 8}
        for name, size in sizes.items():
            style = self.style(name)
            if style is None:
                continue
            self._font(style, fonts.FAMILY)
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
        cells = self.d.styles.add_style(TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
        cells.base_style = self.d.styles["Normal"]
        cells.font.size = self.Pt(TABLE_SIZE)
        cells.paragraph_format.space_after = self.Pt(2)
        cells.paragraph_format.line_spacing = 1.1

    def _default_font(self, name: str) -> None:
        """docDefaults name the font too, so that a style without a font of its own does not fall back to
        the template theme's Calibri."""
        qn = self.qn
        rpr = self.d.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if rpr is None:
            return
        fonts_el = rpr.find(qn("w:rFonts"))
        if fonts_el is None:
            fonts_el = self.el("w:rFonts")
            rpr.insert(0, fonts_el)
        self._set_fonts(fonts_el, name)

    def _font(self, style: Any, name: str) -> None:
        qn = self.qn
        rpr = style.element.get_or_add_rPr()
        fonts_el = rpr.find(qn("w:rFonts"))
        if fonts_el is None:
            fonts_el = self.el("w:rFonts")
            rpr.insert(0, fonts_el)
        self._set_fonts(fonts_el, name)

    def _set_fonts(self, fonts_el: Any, name: str) -> None:
        qn = self.qn
        for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
            fonts_el.set(qn(f"w:{attr}"), name)
        for attr in ("asciiTheme", "hAnsiTheme", "cstheme", "eastAsiaTheme"):
            fonts_el.attrib.pop(qn(f"w:{attr}"), None)  # a theme font would win over the named one

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
        labels, values = [(label, True) for label, _ in rd.cover], [(value, False) for _, value in rd.cover]
        self._widths(table, [labels, values], (0.32, 0.68))
        para = self.paragraph(self.d)
        para.paragraph_format.space_before = self.Pt(24)
        run = para.add_run(_clean(rd.classification.upper()))
        run.bold = True
        run.font.color.rgb = RGBColor.from_string("9B2C2C" if rd.visibility != "public" else ACCENT)
        para.add_run().add_break(WD_BREAK.PAGE)

    def contents(self) -> None:
        """A Word contents field whose cached result lists the headings, each a link to its heading and,
        when the layout gave them, with its page number behind a dotted leader (PAGEREF fields, which
        Word keeps current). w:updateFields asks Word to rebuild the whole field on opening."""
        from docx.enum.text import WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER

        qn = self.qn
        rd = self.rd
        self.paragraph(self.d, "TOC Heading").add_run(_clean(rd.label("contents")))
        entries = contents_entries(rd)
        marks = list(self._marks.values()) + [self._history_mark]
        if self.pages is not None and len(self.pages) != len(entries):
            raise BuildError(f"{rd.name}: {len(self.pages)} page numbers for {len(entries)} contents entries")
        width = _text_width(self.d.sections[0])
        paragraphs = [self.paragraph(self.d, self._toc_style(level)) for level, _ in entries]
        first, last = paragraphs[0], paragraphs[-1]
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
        for n, (para, (_, text)) in enumerate(zip(paragraphs, entries)):
            before = len(para._p.findall(qn("w:r")))  # the field's start, on the first entry
            para.add_run(_clean(text))
            if self.pages is not None:
                stops = para.paragraph_format.tab_stops
                stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
                para.add_run("\t")
                self.field(para, f"PAGEREF {marks[n]} \\h", str(self.pages[n]))
            link = self.el("w:hyperlink")  # the entry links to its heading, as Word writes an entry
            link.set(qn("w:anchor"), marks[n])
            link.set(qn("w:history"), "1")
            for run in para._p.findall(qn("w:r"))[before:]:
                link.append(run)
            para._p.append(link)
        end = last.add_run()
        char = self.el("w:fldChar")
        char.set(qn("w:fldCharType"), "end")
        end._r.append(char)
        last.add_run().add_break(WD_BREAK.PAGE)
        self._setting("w:updateFields", "true")

    def _setting(self, tag: str, value: str | None = None) -> None:
        """A document setting, put where the schema orders it (Word refuses a settings part out of order):
        after the last of the settings that come before it."""
        qn = self.qn
        settings = self.d.settings.element
        if settings.find(qn(tag)) is not None:
            return
        element = self.el(tag)
        if value is not None:
            element.set(qn("w:val"), value)
        earlier = {qn(t) for t in _SETTINGS_ORDER[:_SETTINGS_ORDER.index(tag)]}
        present = [child for child in settings if child.tag in earlier]
        if present:
            present[-1].addnext(element)
        else:
            settings.insert(0, element)

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
        self._bookmark(para, self._history_mark)
        header = tuple((b.Text(rd.label(k)),) for k in ("version", "date", "author", "changes"))
        rows = tuple(tuple((b.Text(v),) for v in rev) for rev in rd.revisions)
        self.table(self.d, b.Table(header, rows), widths=(0.12, 0.2, 0.22, 0.46))

    # --- blocks --------------------------------------------------------------------------------

    def blocks(self, container: Any, items: tuple[b.Block, ...], depth: int = 0) -> None:
        for block in items:
            if isinstance(block, b.Heading):
                para = self.paragraph(container, f"Heading {block.level}")
                self.runs(para, block.inlines)
                if id(block) in self._marks:
                    self._bookmark(para, self._marks[id(block)])
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

    def _bookmark(self, para: Any, name: str) -> None:
        """A bookmark around a heading's text: what its contents entry links to and PAGEREF counts."""
        qn = self.qn
        mark = str(int(name[4:]))
        start, end = self.el("w:bookmarkStart"), self.el("w:bookmarkEnd")
        start.set(qn("w:id"), mark)
        start.set(qn("w:name"), name)
        end.set(qn("w:id"), mark)
        ppr = para._p.pPr
        if ppr is not None:
            ppr.addnext(start)
        else:
            para._p.insert(0, start)
        para._p.append(end)

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

    def _widths(self, table: Any, cells: list[list[tuple[str, bool]]],
                preferred: tuple[float, ...] | None) -> None:
        """Column widths that fit what each column must hold on one line: `cells` holds each column's
        texts with whether they are bold, `preferred` the fractions asked for (if any)."""
        size = self._table_size()
        minimum, natural = [], []
        for texts in cells:
            minimum.append(max([_unbreakable_width(t, size, bold) for t, bold in texts] + [size]) * 1.05
                           + CELL_MARGINS)
            longest = max([fonts.text_width(t, size, bold) for t, bold in texts] + [size])
            natural.append(longest + CELL_MARGINS)
        total = _text_width(self.d.sections[0]) / EMU_PER_PT
        widths = fit_columns(total, minimum, natural, preferred)
        table.autofit = False
        # Word reads the cell widths, LibreOffice the grid columns: set both.
        for column, width in zip(table.columns, widths):
            column.width = int(width * EMU_PER_PT)
        for row in table.rows:
            for cell, width in zip(row.cells, widths):
                cell.width = int(width * EMU_PER_PT)

    def _table_size(self) -> float:
        """The size of table text in points: the house style's, else the template's normal text."""
        if self._embed_font:
            return TABLE_SIZE
        size = self.d.styles["Normal"].font.size
        return size.pt if size is not None else 11.0

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
        para = self._styled(cell.paragraphs[0], TABLE_TEXT)
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
        texts: list[list[tuple[str, bool]]] = [[] for _ in range(columns)]
        if table.header:
            row = word.add_row()
            self._repeat_header(row)
            for i, cell in enumerate(row.cells):
                para = self._styled(cell.paragraphs[0], TABLE_TEXT)
                if i < len(table.header):
                    self.runs(para, table.header[i], bold=True)
                    texts[i].append((b.plain(table.header[i]), True))
                self._shade(cell, HEADER_FILL)
        for data in table.rows:
            row = word.add_row()
            row_pr = row._tr.get_or_add_trPr()
            row_pr.append(self.el("w:cantSplit"))
            for i, cell in enumerate(row.cells):
                para = self._styled(cell.paragraphs[0], TABLE_TEXT)
                if i < len(data):
                    bold = bold_first and i == 0
                    self.runs(para, data[i], bold=bold)
                    texts[i].append((b.plain(data[i]), bold or _has_strong(data[i])))
        for i, align in enumerate(table.align):
            if align in aligns:
                for row in word.rows:
                    row.cells[i].paragraphs[0].alignment = aligns[align]
        self._widths(word, texts, widths or table.widths or None)
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
            run = para.add_run(_xml_safe(line))
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
            doc_pr[0].set("descr", _xml_safe(image.alt))  # the alt text screen readers and Word show

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
                run = para.add_run(_xml_safe(node.text))
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
        for part in self.d.part.package.iter_parts():
            element = getattr(part, "element", None)
            if element is not None:
                self._no_break_hyphens(element)
        if self._embed_font:
            self._setting("w:embedTrueTypeFonts")
        out = io.BytesIO()
        self.d.save(out)
        files = _embed_font(out.getvalue()) if self._embed_font else None
        return _stable_zip(out.getvalue(), self.rd.effective, files)

    def _no_break_hyphens(self, root: Any) -> None:
        """Each no-break hyphen of a text as Word's own w:noBreakHyphen element (which Word copies out as
        a plain hyphen, so that an address pasted from the document still works)."""
        qn = self.qn
        for text in list(root.iter(qn("w:t"))):
            if not text.text or NO_BREAK_HYPHEN not in text.text:
                continue
            first, *rest = text.text.split(NO_BREAK_HYPHEN)
            text.text = first
            text.set(qn("xml:space"), "preserve")
            anchor = text
            for piece in rest:
                anchor.addnext(self.el("w:noBreakHyphen"))
                anchor = anchor.getnext()
                if piece:
                    more = self.el("w:t")
                    more.set(qn("xml:space"), "preserve")
                    more.text = piece
                    anchor.addnext(more)
                    anchor = more


# The order of the settings part (CT_Settings, ECMA-376 Part 1, 17.15.1.78) up to the last one written
# here; a setting goes after those before it that the part holds.
_SETTINGS_NAMES = """
    writeProtection view zoom removePersonalInformation removeDateAndTime doNotDisplayPageBoundaries
    displayBackgroundShape printPostScriptOverText printFractionalCharacterWidth printFormsData
    embedTrueTypeFonts embedSystemFonts saveSubsetFonts saveFormsData mirrorMargins alignBordersAndEdges
    bordersDoNotSurroundHeader bordersDoNotSurroundFooter gutterAtTop hideSpellingErrors hideGrammaticalErrors
    activeWritingStyle proofState formsDesign attachedTemplate linkStyles stylePaneFormatFilter
    stylePaneSortMethod documentType mailMerge revisionView trackRevisions doNotTrackMoves doNotTrackFormatting
    documentProtection autoFormatOverride styleLockTheme styleLockQFSet defaultTabStop autoHyphenation
    consecutiveHyphenLimit hyphenationZone doNotHyphenateCaps showEnvelope summaryLength clickAndTypeStyle
    defaultTableStyle evenAndOddHeaders bookFoldRevPrinting bookFoldPrinting bookFoldPrintingSheets
    drawingGridHorizontalSpacing drawingGridVerticalSpacing displayHorizontalDrawingGridEvery
    displayVerticalDrawingGridEvery doNotUseMarginsForDrawingGridOrigin drawingGridHorizontalOrigin
    drawingGridVerticalOrigin doNotShadeFormData noPunctuationKerning characterSpacingControl printTwoOnOne
    strictFirstAndLastChars noLineBreaksAfter noLineBreaksBefore savePreviewPicture doNotValidateAgainstSchema
    saveInvalidXml ignoreMixedContent alwaysShowPlaceholderText doNotDemarcateInvalidXml saveXmlDataOnly
    useXSLTWhenSaving saveThroughXslt showXMLTags alwaysMergeEmptyNamespace updateFields"""
_SETTINGS_ORDER = tuple("w:" + name for name in _SETTINGS_NAMES.split())

_FONT_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
_OBFUSCATED = "application/vnd.openxmlformats-officedocument.obfuscatedFont"


def _embed_font(package: bytes) -> dict[str, bytes]:
    """The package's parts with the documents' font embedded as Word embeds fonts: each style an
    obfuscated TrueType part (word/fonts/*.odttf, the first 32 bytes XORed with its key, ECMA-376
    Part 1, 17.8.1), named by a w:font entry of the font table. Written by hand: python-docx has no API
    for fonts, and no library writes them."""
    import hashlib
    import uuid
    import zipfile

    from lxml import etree

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(io.BytesIO(package)) as src:
        files = {info.filename: src.read(info.filename) for info in src.infolist()}
    table = etree.fromstring(files["word/fontTable.xml"])
    for old in table.findall(f"{{{w}}}font[@{{{w}}}name='{fonts.FAMILY}']"):
        table.remove(old)
    entry = etree.SubElement(table, f"{{{w}}}font", {f"{{{w}}}name": fonts.FAMILY})
    etree.SubElement(entry, f"{{{w}}}altName", {f"{{{w}}}val": fonts.FALLBACK})
    etree.SubElement(entry, f"{{{w}}}charset", {f"{{{w}}}val": "00"})
    etree.SubElement(entry, f"{{{w}}}family", {f"{{{w}}}val": "swiss"})
    etree.SubElement(entry, f"{{{w}}}pitch", {f"{{{w}}}val": "variable"})
    rels = []
    for n, style in enumerate(fonts.WEIGHTS, start=1):
        data = fonts.static_font(style)
        key = uuid.UUID(bytes=hashlib.sha256(data).digest()[:16])  # the same key for the same font
        mask = key.bytes[::-1]
        obfuscated = bytes(byte ^ mask[i % 16] for i, byte in enumerate(data[:32])) + data[32:]
        files[f"word/fonts/font{n}.odttf"] = obfuscated
        rels.append(f'<Relationship Id="rIdFont{n}" Type="{_FONT_REL}" Target="fonts/font{n}.odttf"/>')
        etree.SubElement(entry, f"{{{w}}}embed{style}", {f"{{{r}}}id": f"rIdFont{n}",
                                                         f"{{{w}}}fontKey": "{" + str(key).upper() + "}"})
    files["word/fontTable.xml"] = etree.tostring(table, xml_declaration=True, encoding="UTF-8",
                                                 standalone=True)
    files["word/_rels/fontTable.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(rels) + "</Relationships>").encode()
    types = etree.fromstring(files["[Content_Types].xml"])
    ct = "http://schemas.openxmlformats.org/package/2006/content-types"
    if types.find(f"{{{ct}}}Default[@Extension='odttf']") is None:
        types.insert(0, etree.Element(f"{{{ct}}}Default", Extension="odttf", ContentType=_OBFUSCATED))
    files["[Content_Types].xml"] = etree.tostring(types, xml_declaration=True, encoding="UTF-8",
                                                  standalone=True)
    return files


def _stable_zip(data: bytes, day: dt.date, files: dict[str, bytes] | None = None) -> bytes:
    """The same package (or `files`, its parts as changed) with every entry dated to the document's
    effective date instead of now, so that the same input gives the same bytes (python-docx stamps
    entries with the current time)."""
    import zipfile

    stamp = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        if files is None:
            files = {info.filename: src.read(info.filename) for info in src.infolist()}
        for name, content in files.items():
            entry = zipfile.ZipInfo(name, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, content)
    return out.getvalue()


def render_docx(doc: RenderDoc, pages: tuple[int, ...] | None = None) -> bytes:
    """The DOCX bytes of a document; `pages`, when given, are the page numbers of its contents entries
    (contents_entries order) as laid out (layout.py)."""
    try:
        return _Word(doc, pages).render()
    except RefusedAsset:
        raise
    except BuildError:
        raise
    except (OSError, ValueError, KeyError) as exc:
        raise BuildError(f"{doc.name}: the Word document could not be written: {exc}") from exc
