"""RenderDoc -> PDF with weasyprint: cover, contents, running header and footer, tagged PDF/UA-1.

The HTML comes from a Jinja template (autoescaped, StrictUndefined), the look from
generator/assets/documents/document.css, and every file weasyprint asks for goes through the
project fetcher of assets.py, which refuses anything from the network or outside the project's own
asset folders.
"""

from __future__ import annotations

import datetime as dt
import errno
import io
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from .. import blocks as b
from ..errors import BuildError
from .assets import ASSETS_DIR, RefusedAsset, base_url, make_fetcher
from .compose import RenderDoc

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "documents"
STYLESHEET = ASSETS_DIR / "document.css"
# PDF/UA-1 makes weasyprint tag the structure (headings, lists, tables, figures with alt text) and
# write the language and title into the catalog; weasyprint 62+ supports it for this kind of content.
PDF_VARIANT = "pdf/ua-1"
_DISK_FULL = (errno.ENOSPC, errno.EFBIG, errno.EDQUOT)


def css_string(value: str) -> Any:
    """A CSS string literal safe inside <style>: everything but letters, digits and spaces is escaped."""
    from markupsafe import Markup

    out = ['"']
    for ch in value:
        out.append(ch if ch.isalnum() or ch == " " else f"\\{ord(ch):x} ")
    out.append('"')
    return Markup("".join(out))


def keep_lines(value: str) -> Any:
    """Text escaped for HTML, each piece that must stay on one line (blocks.unbreakable) in a nowrap span."""
    from markupsafe import Markup, escape

    return Markup("").join(Markup('<span class="nowrap">%s</span>') % piece if keep else escape(piece)
                           for piece, keep in b.unbreakable(value))


@lru_cache(maxsize=1)
def _environment() -> Any:
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=False, lstrip_blocks=False)
    env.filters["css_string"] = css_string
    env.filters["keep_lines"] = keep_lines
    return env


def _anchors(blocks: tuple[b.Block, ...]) -> tuple[dict[int, str], list[tuple[int, str, str]]]:
    """Heading id -> anchor, and the contents entries (body levels 1 and 2)."""
    anchors: dict[int, str] = {}
    toc: list[tuple[int, str, str]] = []
    for n, block in enumerate(x for x in b.walk(blocks) if isinstance(x, b.Heading)):
        anchor = f"section-{n + 1}"
        anchors[id(block)] = anchor
        if block.level <= 2:
            toc.append((block.level, anchor, b.plain(block.inlines)))
    return anchors, toc


def to_html(doc: RenderDoc) -> tuple[str, dict[str, str]]:
    """The document as HTML, and for each absolute URL in it the src as the body wrote it."""
    from markupsafe import Markup

    anchors, toc = _anchors(doc.blocks)
    toc.append((1, "version-history", doc.label("version_history")))
    shown: dict[str, str] = {}
    base = base_url(doc.base_dir)
    for block in b.walk(doc.blocks):
        if isinstance(block, b.Image):
            shown[urljoin(base, block.src)] = block.src

    def align(table: b.Table, index: int) -> Markup:
        value = table.align[index] if index < len(table.align) else ""
        return Markup(f' style="text-align:{value}"') if value in ("left", "center", "right") else Markup("")

    created = dt.datetime.combine(doc.effective, dt.time(), tzinfo=dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    html = _environment().get_template("document.html.j2").render(
        doc=doc, toc=toc, kind=lambda node: type(node).__name__, anchor=lambda h: anchors[id(h)], align=align,
        page=doc.page_label(), created=created, stylesheet=STYLESHEET.as_uri(),
        logo=Path(doc.logo).as_uri() if doc.logo else "",
    )
    return html, shown


def render_pdf(doc: RenderDoc) -> tuple[bytes, int]:
    """The PDF bytes of a document and its number of pages."""
    import weasyprint  # type: ignore[import-untyped]

    html, shown = to_html(doc)
    allowed = (str(ASSETS_DIR),) + doc.allowed_dirs + ((str(Path(doc.logo).parent),) if doc.logo else ())
    fetcher = make_fetcher(doc.name, allowed, shown)
    try:
        rendered = weasyprint.HTML(string=html, base_url=base_url(doc.base_dir), url_fetcher=fetcher).render()
        out = io.BytesIO()
        rendered.write_pdf(out, pdf_variant=PDF_VARIANT)
    except fetcher.refused_class as exc:
        raise exc.error from None
    except RefusedAsset:
        raise
    except OSError as exc:
        if exc.errno in _DISK_FULL:
            raise  # weasyprint writes the font to a temporary file: a full disk is not the document's fault
        raise BuildError(f"{doc.name}: the PDF could not be rendered: {exc}") from exc
    except ValueError as exc:
        raise BuildError(f"{doc.name}: the PDF could not be rendered: {exc}") from exc
    return out.getvalue(), len(rendered.pages)
