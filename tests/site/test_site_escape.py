"""Content text is inert: whatever a fact says, it shows as text and never becomes markup or script."""

from __future__ import annotations

import json
import re

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from site_tools import Page, page

from generator.errors import BuildError
from generator.site import escape

EXTENSIONS = ["toc", "tables", "attr_list"]  # as in mkdocs.yml
HOSTILE = [
    '<script>alert("x")</script>',
    "<img src=x onerror=alert(1)>",
    "[click me](javascript:alert(2))",
    '<a href="javascript:alert(3)">a link</a>',
    '{: onclick="alert(4)" }',
    "# not a heading",
    "- not a list",
    "1. not a list",
    "> not a quote",
    "**not bold** _not italic_ `not code`",
    "!!! note \"not an admonition\"",
    "<div onmouseover=\"alert(5)\">raw</div>",
    "![image](https://evil.example/x.png)",
    "*[HTML]: not an abbreviation",
    "[^1]: not a footnote",
    "| not | a table |",
    "&lt;already escaped&gt; &amp; entities",
    "line one\n\n    indented code?\n===",
]


def rendered_text(md: str) -> tuple[str, list[str]]:
    """What Python-Markdown makes of a Markdown text: the visible text and the element names."""
    html = markdown.markdown(md, extensions=EXTENSIONS)
    parsed = Page(html)
    return parsed.all_text(), [tag for tag, _ in parsed.elements]


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_text_renders_as_the_same_text(payload: str) -> None:
    text, tags = rendered_text(str(escape.text(payload)))
    assert text == re.sub(r"\s+", " ", payload).strip()
    assert tags == ["p"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=80))
def test_any_text_renders_as_itself(payload: str) -> None:
    expected = re.sub(r"\s+", " ", payload).strip()
    text, tags = rendered_text(str(escape.text(payload)))
    assert text == expected
    assert set(tags) <= {"p"}


def test_paragraphs_keep_blank_line_breaks_only() -> None:
    md = str(escape.paragraphs("First <b>one</b>\nstill first.\n\n# Second"))
    html = markdown.markdown(md, extensions=EXTENSIONS)
    assert html == "<p>First &lt;b&gt;one&lt;/b&gt; still first.</p>\n<p>&#35; Second</p>"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x", "http://a.example"])
def test_only_https_and_mailto_links_are_published(url: str) -> None:
    with pytest.raises(BuildError, match="only https:// and mailto: links are published"):
        escape.safe_url(url)


def test_link_targets_are_attribute_safe() -> None:
    assert str(escape.safe_url('https://a.example/?q="x"&y=<z>')) == "https://a.example/?q=&quot;x&quot;&amp;y=&lt;z&gt;"
    assert str(escape.mailto("a@b.example", "Request: SOC 2 & more")) == \
        "mailto:a@b.example?subject=Request%3A%20SOC%202%20%26%20more"


# --- the built site -----------------------------------------------------------------------------------

def test_hostile_fact_shows_as_literal_text_in_both_languages(sites, acme_kb) -> None:  # type: ignore[no-untyped-def]
    from generator.text import render, statement

    fact = acme_kb.entry("hostile")
    for locale, path in (("en", "encryption"), ("sv", "sv/encryption")):
        shown = page(sites.public, path)
        text = shown.content()
        assert re.sub(r"\s+", " ", statement(acme_kb, fact, locale)) in text
        assert render(acme_kb, fact.title, locale, fact) in text
        assert "<img src=x onerror=alert(1)>" in text and "[click me](javascript:alert(2))" in text \
            if locale == "en" else "[klicka](javascript:alert(2))" in text


def _inline_script_ok(attrs: dict[str, str], body: str) -> bool:
    # Material's own inline scripts: its JSON configuration and three bootstrap snippets (the colour
    # scheme's among them); and the organisation as JSON-LD, which may hold content text but only as
    # JSON with no "<" that could end the script element.
    if attrs == {"id": "__config", "type": "application/json"}:
        return True
    if attrs == {"type": "application/ld+json"}:
        return "<" not in body and isinstance(json.loads(body), dict)
    return not attrs and body.startswith(("__md_scope=new URL(", "var target=document.getElementById(location.hash",
                                          'var palette=__md_get("__palette")'))


@pytest.mark.parametrize("which", ["public", "nda"])
def test_no_page_carries_script_from_content(sites, which: str) -> None:  # type: ignore[no-untyped-def]
    site = getattr(sites, which)
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        parsed = Page(path.read_text(encoding="utf-8"))
        for tag, attrs in parsed.elements:
            handlers = [k for k in attrs if k.lower().startswith("on")]
            assert not handlers, f"{path}: <{tag}> has event handler attributes {handlers}"
            for key in ("href", "src", "action", "formaction"):
                value = attrs.get(key, "").strip().lower()
                assert not value.startswith(("javascript:", "data:", "vbscript:")), f"{path}: <{tag} {key}={value!r}>"
        for attrs, body in parsed.scripts:
            assert "alert(" not in body, f"{path}: script with content text"
            if "src" in attrs:
                assert attrs["src"].split("/")[-1].endswith(".js") and "://" not in attrs["src"], attrs
            else:
                assert _inline_script_ok(attrs, body), f"{path}: unexpected inline script {body[:80]!r}"


def test_search_index_holds_hostile_text_only_escaped(sites) -> None:  # type: ignore[no-untyped-def]
    index = json.loads((sites.public / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = [d for d in index["docs"] if "onerror" in d["text"] or "alert" in d["title"]]
    assert docs, "the hostile fact is searchable"
    for doc in docs:
        for field in ("title", "text"):
            assert "<script" not in doc[field] and "<img" not in doc[field] and "<a href=\"javascript" not in doc[field]
        assert "&lt;img src=x onerror=alert(1)&gt;" in doc["text"] or "&lt;script&gt;" in doc["title"]
