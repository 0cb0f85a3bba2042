"""The block model both renderers read: headings, paragraphs, lists, tables, notes, key-value facts.

A document body is parsed from Markdown into these frozen objects once, its references and
directives are resolved against the knowledge base, and then the PDF and the DOCX renderer walk the
same tree. That is what keeps the two formats saying the same thing.

Inline content is a tuple of small nodes (text, strong, emphasis, code, link, line break). Text is
always plain text: renderers escape it, never interpret it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

# --- inline nodes ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Emphasis:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class CodeSpan:
    text: str


@dataclass(frozen=True)
class Link:
    """A link to an http(s) or mailto address; other schemes never become links."""

    href: str
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class LineBreak:
    pass


Inline = Text | Strong | Emphasis | CodeSpan | Link | LineBreak
Inlines = tuple[Inline, ...]


# --- blocks ----------------------------------------------------------------------------------------
# `line` is the body line a block came from (1-based), for error messages; resolved blocks carry 0 so
# that moving a paragraph does not count as a change of the rendered document.

@dataclass(frozen=True)
class Heading:
    level: int  # 1 = a top-level section of the body
    inlines: Inlines
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Paragraph:
    inlines: Inlines
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class ListBlock:
    ordered: bool
    items: tuple[tuple[Block, ...], ...]
    start: int = 1
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Table:
    header: tuple[Inlines, ...]
    rows: tuple[tuple[Inlines, ...], ...]
    align: tuple[str, ...] = ()  # "", "left", "center" or "right" per column
    widths: tuple[float, ...] = ()  # fractions of the text width per column; empty: let the renderer decide
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class KeyValues:
    """Labelled facts: a two-column table whose left column names what the right one states."""

    rows: tuple[tuple[Inlines, Inlines], ...]
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Note:
    """A highlighted aside (Markdown block quote)."""

    blocks: tuple[Block, ...]
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class CodeBlock:
    text: str
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Image:
    """A picture standing in a paragraph of its own; src is resolved by the renderers' asset policy."""

    src: str
    alt: str
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Rule:
    """A thematic break."""

    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Directive:
    """`{facts:encryption}` standing alone in a paragraph; replaced by blocks when resolved."""

    name: str
    arg: str
    raw: str
    line: int = field(default=0, compare=False)
    column: int = field(default=1, compare=False)


Block = Heading | Paragraph | ListBlock | Table | KeyValues | Note | CodeBlock | Image | Rule | Directive


def plain(inlines: Inlines) -> str:
    """The text of inline content without its formatting."""
    out: list[str] = []
    for node in inlines:
        if isinstance(node, (Text, CodeSpan)):
            out.append(node.text)
        elif isinstance(node, LineBreak):
            out.append("\n")
        else:
            out.append(plain(node.children))
    return "".join(out)


def walk(blocks: tuple[Block, ...]) -> Iterator[Block]:
    """Every block, depth first, including those inside lists and notes."""
    for block in blocks:
        yield block
        if isinstance(block, ListBlock):
            for item in block.items:
                yield from walk(item)
        elif isinstance(block, Note):
            yield from walk(block.blocks)


def text_of(blocks: tuple[Block, ...]) -> str:
    """All the words of a block tree, one block per line (what a reader of either format sees)."""
    lines: list[str] = []
    for block in walk(blocks):
        if isinstance(block, (Heading, Paragraph)):
            lines.append(plain(block.inlines))
        elif isinstance(block, Table):
            lines.extend(" | ".join(plain(c) for c in row) for row in (block.header, *block.rows))
        elif isinstance(block, KeyValues):
            lines.extend(f"{plain(k)} | {plain(v)}" for k, v in block.rows)
        elif isinstance(block, CodeBlock):
            lines.append(block.text)
        elif isinstance(block, Image):
            lines.append(block.alt)
    return "\n".join(lines)


# --- what must not wrap ------------------------------------------------------------------------------
# Both renderers keep these on one line: names of standards with their numbers ("SOC 2 Type 2",
# "ISO/IEC 27001:2022"), which read wrongly when split, and e-mail addresses, which a reader copies.
# The PDF wraps each piece in a nowrap span; the DOCX joins it with no-break spaces and hyphens.
_UNBREAKABLE = re.compile(
    r"\b(?:SOC [123](?: Type (?:1|2|I|II)\b)?|ISO(?:/IEC)? \d{4,5}(?:[:-]\d{1,4})*|PCI DSS(?: v?\d(?:\.\d)?)?"
    r"|CSA STAR(?: Level [123])?|TLS \d\.\d|AES-\d{3}|SHA-\d{3})\b"
    r"|[A-Za-z0-9][A-Za-z0-9._%+-]*@"  # an e-mail address: its local part, then labels joined by dots
    r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+"
)


def unbreakable(text: str) -> list[tuple[str, bool]]:
    """`text` cut into pieces, each with whether it must stay on one line (a standard's name with its
    number, an e-mail address); the pieces joined give `text` back."""
    out: list[tuple[str, bool]] = []
    pos = 0
    for match in _UNBREAKABLE.finditer(text):
        if match.start() > pos:
            out.append((text[pos:match.start()], False))
        out.append((match.group(0), True))
        pos = match.end()
    if pos < len(text):
        out.append((text[pos:], False))
    return out
