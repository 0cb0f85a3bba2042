"""Stamp every page of a PDF with who received it (pypdf over the built document).

pypdf merges pages but draws no text, so the stamp is a small PDF content stream written here: a
line at the foot and the head of each page in the standard Helvetica font (WinAnsi encoding, no
font file to embed), so that the recipient's address is part of the page's extractable text.
"""

from __future__ import annotations

import io

from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.generic import ContentStream, DictionaryObject, NameObject

_FONT = "/TgWm"


def _literal(text: str) -> bytes:
    """A PDF literal string: WinAnsi bytes (other characters become '?'), with \\ ( ) escaped."""
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    raw = text.encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _stamp(writer: PdfWriter, width: float, height: float, text: str) -> PageObject:
    page = PageObject.create_blank_page(width=width, height=height)
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica"),
                             NameObject("/Encoding"): NameObject("/WinAnsiEncoding")})
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject(_FONT): writer._add_object(font)})})
    size = 7.0
    literal = _literal(text)
    ops = b"\n".join([
        b"q 0.6 0.1 0.1 rg BT", _FONT.encode() + b" %.1f Tf" % size,
        b"1 0 0 1 %.2f %.2f Tm " % (24, 12) + literal + b" Tj",
        b"1 0 0 1 %.2f %.2f Tm " % (24, height - 16) + literal + b" Tj",
        b"ET Q",
    ])
    stream = ContentStream(None, None)
    stream.set_data(ops)
    page[NameObject("/Contents")] = writer._add_object(stream)
    return page


def watermark(pdf: bytes, text: str) -> bytes:
    """The PDF with `text` at the foot and head of every page; raises pypdf's errors on a broken file."""
    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter(clone_from=reader)
    stamps: dict[tuple[float, float], PageObject] = {}
    for page in writer.pages:
        box = page.mediabox
        key = (float(box.width), float(box.height))
        if key not in stamps:
            stamps[key] = _stamp(writer, key[0], key[1], text)
        page.merge_transformed_page(stamps[key], Transformation().translate(float(box.left), float(box.bottom)))
    writer.add_metadata({"/Subject": text})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
