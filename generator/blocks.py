"""The block model both renderers read: headings, paragraphs, lists, tables, notes, key-value facts.

A document body is parsed from Markdown into these frozen objects once, its references and
directives are resolved against the knowledge base, and then the PDF and the DOCX renderer walk the
same tree. That is what keeps the two formats saying the same thing.

Inline content is a tuple of small nodes (text, strong, emphasis, code, link, line break). Text is
always plain text: renderers escape it, never interpret it.
"""

from __future__ import annotations

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
