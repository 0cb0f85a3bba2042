"""Markdown bodies -> block model, with markdown-it-py (CommonMark plus GitHub tables).

Raw HTML is off, so `<b>` or `<script>` in a body stays literal text; markdown-it already refuses
javascript:, vbscript:, file: and data: links, and only http(s) and mailto addresses become links
here. References such as `{fact-id.name}` stay in the text at this stage (they are resolved per
locale and audience later, after parsing, so a value can never be read as Markdown). A paragraph
that is nothing but `{name}` or `{name:argument}` with a directive name becomes a Directive block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .blocks import (
    Block,
    CodeBlock,
    CodeSpan,
    Directive,
    Emphasis,
    Heading,
    Image,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Note,
    Paragraph,
    Rule,
    Strong,
    Table,
    Text,
)

# name -> whether it takes an argument. See docs/documents.md for what each one inserts.
DIRECTIVES: dict[str, bool] = {
    "fact": True,            # {fact:tls-in-transit}: the fact's statement as a paragraph
    "facts": True,           # {facts:encryption}: the topic's facts as a list
    "summary": True,         # {summary:data-retention}: the topic's facts as a two-column table
    "topics": False,         # {topics}: every topic with facts, each under its own heading
    "certifications": False,  # a table of certifications and reports
    "compliance": False,     # a table of compliance stances (GDPR, HIPAA, ...)
    "subprocessors": False,  # a table of subprocessors
    "contacts": False,       # the organisation's contacts
    "products": False,       # the products and what they are
}

_DIRECTIVE = re.compile(r"^\{\s*([a-z][a-z-]*)\s*(?::\s*([a-z][a-z0-9]*(?:-[a-z0-9]+)*)\s*)?\}$")
_LINK_SCHEMES = ("https://", "http://", "mailto:")
MAX_HEADING_LEVEL = 4


@dataclass(frozen=True)
class ParseIssue:
    line: int
    column: int
    message: str


@lru_cache(maxsize=1)
def _parser() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")


def parse_body(text: str) -> tuple[tuple[Block, ...], list[ParseIssue]]:
    """The blocks of one Markdown body and the problems found in its structure."""
    tokens = _parser().parse(text)
    state = _State(text.splitlines(), [])
    blocks, _ = state.blocks(tokens, 0, None)
    return tuple(blocks), state.issues


@dataclass
class _State:
    lines: list[str]
    issues: list[ParseIssue]

    def issue(self, line: int, message: str, needle: str | None = None) -> None:
        column = 1
        if needle and 0 < line <= len(self.lines):
            found = self.lines[line - 1].find(needle)
            column = found + 1 if found >= 0 else 1
        self.issues.append(ParseIssue(line, column, message))

    def blocks(self, tokens: list[Any], i: int, close: str | None) -> tuple[list[Block], int]:
        out: list[Block] = []
        while i < len(tokens):
            tok = tokens[i]
            line = tok.map[0] + 1 if tok.map else 0
            if close is not None and tok.type == close:
                return out, i + 1
            if tok.type == "heading_open":
                level = int(tok.tag[1])
                if level > MAX_HEADING_LEVEL:
                    self.issue(line, f"heading level {level} is too deep; documents use # to ####")
                    level = MAX_HEADING_LEVEL
                out.append(Heading(level, self.inlines(tokens[i + 1].children or [], line), line))
                i += 3
            elif tok.type == "paragraph_open":
                out.append(self.paragraph(tokens[i + 1], line))
                i += 3
            elif tok.type in ("bullet_list_open", "ordered_list_open"):
                i = self.list_block(tokens, i, out, line)
            elif tok.type == "blockquote_open":
                inner, i = self.blocks(tokens, i + 1, "blockquote_close")
                out.append(Note(tuple(inner), line))
            elif tok.type in ("fence", "code_block"):
                out.append(CodeBlock(tok.content.rstrip("\n"), line))
                i += 1
            elif tok.type == "hr":
                out.append(Rule(line))
                i += 1
            elif tok.type == "table_open":
                i = self.table(tokens, i, out, line)
            else:  # html is disabled; anything else carries no text of its own
                i += 1
        return out, i

    def paragraph(self, inline: Any, line: int) -> Block:
        children = inline.children or []
        content = inline.content.strip()
        m = _DIRECTIVE.match(content)
        if m and m.group(1) in DIRECTIVES:
            name, arg = m.group(1), m.group(2) or ""
            column = self._column(line, content)
            if DIRECTIVES[name] and not arg:
                self.issue(line, f"{content}: the directive '{name}' needs an argument, as in {{{name}:...}}", content)
            elif not DIRECTIVES[name] and arg:
                self.issue(line, f"{content}: the directive '{name}' takes no argument; write {{{name}}}", content)
            return Directive(name, arg, content, line, column)
        images = [c for c in children if c.type == "image"]
        if images:
            others = [c for c in children if c.type not in ("image", "softbreak") and not (c.type == "text" and not c.content.strip())]
            if len(images) == 1 and not others:
                img = images[0]
                return Image(str(img.attrs.get("src", "")), _alt(img), line)
        return Paragraph(self.inlines(children, line), line)

    def _column(self, line: int, needle: str) -> int:
        if 0 < line <= len(self.lines):
            found = self.lines[line - 1].find(needle)
            if found >= 0:
                return found + 1
        return 1

    def list_block(self, tokens: list[Any], i: int, out: list[Block], line: int) -> int:
        tok = tokens[i]
        ordered = tok.type == "ordered_list_open"
        close = "ordered_list_close" if ordered else "bullet_list_close"
        start = int(tok.attrs.get("start", 1)) if ordered else 1
        items: list[tuple[Block, ...]] = []
        i += 1
        while tokens[i].type != close:
            if tokens[i].type == "list_item_open":
                inner, i = self.blocks(tokens, i + 1, "list_item_close")
                items.append(tuple(inner))
            else:
                i += 1
        out.append(ListBlock(ordered, tuple(items), start, line))
        return i + 1

    def table(self, tokens: list[Any], i: int, out: list[Block], line: int) -> int:
        header: list[tuple[Inline, ...]] = []
        rows: list[tuple[tuple[Inline, ...], ...]] = []
        align: list[str] = []
        current: list[tuple[Inline, ...]] = []
        in_head = False
        i += 1
        while tokens[i].type != "table_close":
            tok = tokens[i]
            if tok.type == "thead_open":
                in_head = True
            elif tok.type == "thead_close":
                in_head = False
            elif tok.type == "tr_open":
                current = []
            elif tok.type == "tr_close":
                if in_head:
                    header = current
                else:
                    rows.append(tuple(current))
            elif tok.type in ("th_open", "td_open"):
                if in_head:
                    style = str(tok.attrs.get("style", ""))
                    align.append(style.removeprefix("text-align:") if style.startswith("text-align:") else "")
                cell_line = tokens[i + 1].map[0] + 1 if tokens[i + 1].map else line
                current.append(self.inlines(tokens[i + 1].children or [], cell_line))
                i += 2
            i += 1
        if not any(header_cell for header_cell in header):
            header = []  # Markdown needs a header row; an empty one means a table without headings
        out.append(Table(tuple(header), tuple(rows), tuple(align), line=line))
        return i + 1

    def inlines(self, children: list[Any], line: int) -> tuple[Inline, ...]:
        nodes, _ = self._inlines(children, 0, None, line)
        return _merge(nodes)

    def _inlines(self, children: list[Any], i: int, close: str | None, line: int) -> tuple[list[Inline], int]:
        out: list[Inline] = []
        while i < len(children):
            tok = children[i]
            if close is not None and tok.type == close:
                return out, i + 1
            if tok.type == "text":
                out.append(Text(tok.content))
                i += 1
            elif tok.type == "softbreak":
                out.append(Text(" "))
                i += 1
            elif tok.type == "hardbreak":
                out.append(LineBreak())
                i += 1
            elif tok.type == "code_inline":
                out.append(CodeSpan(tok.content))
                i += 1
            elif tok.type == "strong_open":
                inner, i = self._inlines(children, i + 1, "strong_close", line)
                out.append(Strong(_merge(inner)))
            elif tok.type == "em_open":
                inner, i = self._inlines(children, i + 1, "em_close", line)
                out.append(Emphasis(_merge(inner)))
            elif tok.type == "link_open":
                href = str(tok.attrs.get("href", ""))
                inner, i = self._inlines(children, i + 1, "link_close", line)
                if href.lower().startswith(_LINK_SCHEMES):
                    out.append(Link(href, _merge(inner)))
                else:  # a relative or other link keeps its words and loses its target
                    out.extend(inner)
            elif tok.type == "image":
                self.issue(line, "an image must stand in a paragraph of its own", "![")
                i += 1
            else:
                i += 1
        return out, i


def _alt(image: Any) -> str:
    return "".join(c.content for c in (image.children or []) if c.type in ("text", "code_inline")) or image.content


def _merge(nodes: list[Inline]) -> tuple[Inline, ...]:
    """Join neighbouring text nodes, so that a reference is never split across two of them."""
    out: list[Inline] = []
    for node in nodes:
        if isinstance(node, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + node.text)
        elif not (isinstance(node, Text) and node.text == ""):
            out.append(node)
    return tuple(out)
