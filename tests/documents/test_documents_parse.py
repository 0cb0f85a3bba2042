"""Markdown bodies -> block model: what becomes a heading, a list, a table, a directive; what stays text."""

from __future__ import annotations

from generator import blocks as b
from generator.markup import parse_body


def only(blocks: tuple[b.Block, ...], kind: type) -> list:
    return [x for x in b.walk(blocks) if isinstance(x, kind)]


def test_structure_of_a_body() -> None:
    blocks, issues = parse_body(
        "# Title\n\nSome **bold** and *em* text with `code`.\n\n## Sub\n\n- one\n- two\n  1. nested\n\n"
        "> A note\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\n```\nfmsadmin start server\n```\n\n---\n"
    )
    assert issues == []
    assert [(h.level, b.plain(h.inlines)) for h in only(blocks, b.Heading)] == [(1, "Title"), (2, "Sub")]
    para = only(blocks, b.Paragraph)[0]
    assert para.inlines == (b.Text("Some "), b.Strong((b.Text("bold"),)), b.Text(" and "),
                            b.Emphasis((b.Text("em"),)), b.Text(" text with "), b.CodeSpan("code"), b.Text("."))
    lists = only(blocks, b.ListBlock)
    assert [(lst.ordered, len(lst.items)) for lst in lists] == [(False, 2), (True, 1)]
    assert b.text_of(only(blocks, b.Note)[0].blocks) == "A note"
    table = only(blocks, b.Table)[0]
    assert [b.plain(c) for c in table.header] == ["a", "b"] and table.align == ("left", "right")
    assert only(blocks, b.CodeBlock)[0].text == "fmsadmin start server"
    assert len(only(blocks, b.Rule)) == 1


def test_html_in_a_body_stays_text() -> None:
    blocks, issues = parse_body('Hello <script>alert("x")</script> <b>bold</b>\n\n<div>block</div>\n')
    assert issues == []
    assert b.text_of(blocks) == 'Hello <script>alert("x")</script> <b>bold</b>\n<div>block</div>'


def test_only_web_and_mail_links_become_links() -> None:
    blocks, _ = parse_body("[a](javascript:alert(1)) [b](https://ok.example) [c](mailto:x@y.example) [d](other.pdf) "
                           "[e](data:text/html,hi) [f](vbscript:x)")
    links = [node for node in only(blocks, b.Paragraph)[0].inlines if isinstance(node, b.Link)]
    assert [link.href for link in links] == ["https://ok.example", "mailto:x@y.example"]
    text = b.text_of(blocks)
    assert "d" in text and "javascript:alert(1)" in text  # refused links keep their words, as text


def test_directives_and_references() -> None:
    blocks, issues = parse_body("{facts:encryption}\n\n{ certifications }\n\n{certification:iso}\n\n"
                                "Text {fact:x} inline\n\n{fact-id.value}\n")
    assert issues == []
    directives = only(blocks, b.Directive)
    assert [(d.name, d.arg, d.line) for d in directives] == [("facts", "encryption", 1), ("certifications", "", 3)]
    # a reference alone in a paragraph, or a directive inside a sentence, is text to be resolved later
    assert [b.plain(p.inlines) for p in only(blocks, b.Paragraph)] == ["{certification:iso}", "Text {fact:x} inline",
                                                                        "{fact-id.value}"]


def test_directive_argument_errors_are_located() -> None:
    _, issues = parse_body("Intro\n\n  {facts}\n\n{certifications:iso}\n")
    assert [(i.line, i.column, i.message) for i in issues] == [
        (3, 3, "{facts}: the directive 'facts' needs an argument, as in {facts:...}"),
        (5, 1, "{certifications:iso}: the directive 'certifications' takes no argument; write {certifications}"),
    ]


def test_images_stand_alone() -> None:
    blocks, issues = parse_body("![A diagram](images/diagram.png)\n\nText and ![inline](x.png) together\n")
    assert only(blocks, b.Image) == [b.Image("images/diagram.png", "A diagram")]
    assert [(i.line, i.column, i.message) for i in issues] == [(3, 10, "an image must stand in a paragraph of its own")]


def test_heading_deeper_than_four_levels() -> None:
    blocks, issues = parse_body("##### Deep\n")
    assert [(i.line, i.message) for i in issues] == [(1, "heading level 5 is too deep; documents use # to ####")]
    assert only(blocks, b.Heading)[0].level == 4


def test_a_reference_is_never_split_across_text_nodes() -> None:
    blocks, _ = parse_body("Value {org:legal_name} and {a-b.c_d} end\n")
    assert only(blocks, b.Paragraph)[0].inlines == (b.Text("Value {org:legal_name} and {a-b.c_d} end"),)
