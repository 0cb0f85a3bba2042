"""Safe text for generated Markdown pages.

Content text (facts, names, update bodies) is written into Markdown that Python-Markdown then turns
into HTML, so it must be inert twice over: no HTML may survive (`<script>`, `<img onerror=...>`)
and no Markdown syntax may act (`[x](javascript:...)`, `{: onclick=...}` attribute lists, `***`,
raw HTML blocks, headings, list markers). No library escapes for Python-Markdown's syntax and its
extensions at once, so this module does it by hand: HTML-significant characters become HTML entities
and Markdown-significant ones become numeric character references, which Python-Markdown passes
through untouched and browsers show as the original character. The result is safe both in Markdown
text and inside an HTML attribute value.

Values that are already safe (our own HTML snippets, escaped text) are `markupsafe.Markup`; the Jinja
environment of the page templates escapes every other value it prints (see pages.py).
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

from markupsafe import Markup

from ..errors import BuildError

# Characters that start Markdown syntax anywhere in a line (emphasis, code, links, attribute lists,
# tables, footnotes, abbreviations, backslash escapes) and the HTML-significant ones.
_INLINE = {
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;",
    "\\": "&#92;", "`": "&#96;", "*": "&#42;", "_": "&#95;", "{": "&#123;", "}": "&#125;",
    "[": "&#91;", "]": "&#93;", "|": "&#124;", "~": "&#126;", "^": "&#94;", "$": "&#36;",
}
_INLINE_RE = re.compile("[" + re.escape("".join(_INLINE)) + "]")
# Most texts hold none of these characters, and a search finds that fastest; a text that does is
# mapped by str.translate in one pass (a regex replacement calls back into Python for every match).
_INLINE_TABLE = str.maketrans(_INLINE)
# Characters that start block syntax only at the start of a line (headings, list markers, admonitions,
# definition lists, setext underlines); after whitespace is collapsed that is only the text's start.
_LEADING = {"#": "&#35;", "-": "&#45;", "+": "&#43;", "=": "&#61;", "!": "&#33;", "?": "&#63;", ":": "&#58;"}
_ORDERED = re.compile(r"^(\d+)([.)])")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n+")


def text(value: object) -> Markup:
    """One line of inert text: whitespace collapsed, HTML and Markdown syntax neutralised."""
    if isinstance(value, Markup):
        return value
    # split() and join collapse runs of whitespace and strip the ends: the same characters as \s.
    s = " ".join(str(value).split())
    if _INLINE_RE.search(s):
        s = s.translate(_INLINE_TABLE)
    first = s[:1]
    if first in _LEADING:
        s = _LEADING[first] + s[1:]
    elif first.isdecimal():  # what \d matches: only then can the text start like an ordered list item
        s = _ORDERED.sub(lambda m: m.group(1) + ("&#46;" if m.group(2) == "." else "&#41;"), s)
    return Markup(s)


def paragraphs(value: str) -> Markup:
    """A longer text whose blank lines separate paragraphs: each paragraph escaped like text()."""
    if "\n" not in value and not isinstance(value, Markup):  # one paragraph, the common case: as text()
        return text(value)
    parts = [text(p) for p in _PARAGRAPH_BREAK.split(value.strip()) if p.strip()]
    return Markup("\n\n".join(parts))


def safe_url(url: str, *, allow_mailto: bool = True) -> Markup:
    """A link target we allow: https (and mailto), else a BuildError; escaped for an HTML attribute.

    Content URLs are schema-checked as https, but the site never relies on that alone: a
    `javascript:` or `data:` URL must not reach an href however it got into the model.
    """
    scheme = urlsplit(url).scheme.lower()
    if scheme == "https" or (allow_mailto and scheme == "mailto"):
        return Markup(_attr(url))
    raise BuildError(f"refusing to link to {url!r}: only https:// and mailto: links are published")


def relative_url(path: str) -> Markup:
    """A link to a file of the site itself (e.g. ../downloads/en/x.pdf), percent-encoded."""
    if "://" in path or path.startswith(("/", "\\")) or ":" in path.split("/", 1)[0]:
        raise BuildError(f"refusing to link to {path!r}: not a path inside the site")
    return Markup(_attr(quote(path, safe="/.-_~#")))


def mailto(address: str, subject: str | None = None) -> Markup:
    """A mailto: link target, with an optional subject line."""
    url = "mailto:" + quote(address, safe="@.+-_")
    if subject:
        url += "?subject=" + quote(subject, safe="")
    return safe_url(url)


def link(href: Markup, label: object, *, external: bool = False, css: str = "", download: bool = False) -> Markup:
    """An <a> element (inline HTML inside the Markdown) with escaped label text."""
    attrs = f' href="{href}"'
    if css:
        attrs += f' class="{_attr(css)}"'
    if external:
        attrs += ' rel="noopener"'
    if download:
        attrs += " download"
    return Markup(f"<a{attrs}>{text(label)}</a>")


def _attr(value: str) -> str:
    return (value.replace("&", "&amp;").replace('"', "&quot;").replace("'", "&#39;")
            .replace("<", "&lt;").replace(">", "&gt;"))
