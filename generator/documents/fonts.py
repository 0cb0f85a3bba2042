"""The documents' typeface: the font the trust-center site ships (Inter), for the PDF and the DOCX alike.

The site bundles one variable font file (generator/assets/site/fonts/, SIL Open Font License, which
allows embedding it in documents). weasyprint reads that file itself through @font-face in
document.css. Word cannot use a variable font or a WOFF2 file, so the DOCX gets two static TrueType
instances of it, Regular (weight 400) and Bold (700), cut with fontTools; their advance widths also
let the DOCX renderer size table columns to what they must hold. Nothing here reaches the network.
"""

from __future__ import annotations

import io
from functools import lru_cache

from .assets import FONTS_DIR

FONT_FILE = FONTS_DIR / "inter-latin.var.woff2"
FAMILY = "Inter"
# What Word and LibreOffice show where the font cannot be used: a metric-alike sans serif.
FALLBACK = "Arial"
WEIGHTS = {"Regular": 400, "Bold": 700}


@lru_cache(maxsize=2)
def static_font(style: str) -> bytes:
    """The TrueType bytes of one static instance ("Regular" or "Bold"), the same bytes on every run."""
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    font = TTFont(str(FONT_FILE), recalcTimestamp=False)
    font.flavor = None  # WOFF2 in, plain TrueType out: Word reads nothing else
    instance = instancer.instantiateVariableFont(font, {"wght": WEIGHTS[style]}, updateFontNames=True)
    out = io.BytesIO()
    instance.save(out)
    return out.getvalue()


@lru_cache(maxsize=2)
def _metrics(style: str) -> tuple[dict[int, int], int, int]:
    """Advance width per code point, the width of a missing glyph, and units per em."""
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(static_font(style)), lazy=True)
    hmtx = font["hmtx"]
    widths = {cp: hmtx[name][0] for cp, name in font.getBestCmap().items()}
    return widths, hmtx[".notdef"][0], font["head"].unitsPerEm


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of a line of text in points at `size` points (kerning left out: it only narrows)."""
    widths, missing, per_em = _metrics("Bold" if bold else "Regular")
    return sum(widths.get(ord(ch), missing) for ch in text) * size / per_em


def warm() -> None:
    """Cut the instances now, in this process, so that render workers forked from it share them."""
    _metrics("Regular")
    _metrics("Bold")
