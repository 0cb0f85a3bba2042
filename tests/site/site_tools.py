"""Helpers of the site tests: where the fixtures are, and reading built HTML as a browser would."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ACME = ROOT / "tests" / "data" / "site" / "acme"
# 2026-11-18 11:06:40 UTC, the same day the shared tests pin.
EPOCH = "1795000000"
CANARIES_NDA = ("CANARY-NDA-FACT-3b7d", "CANARY-NDA-CERT-5d1e", "CANARY-NDA-SUB-8e4f", "CANARY-NDA-UPDATE-2c4b",
                "CANARY-NDA-DOC-44f0")
CANARIES_INTERNAL = ("CANARY-INTERNAL-FACT-c2e8", "CANARY-INTERNAL-CERT-0a9c", "CANARY-INTERNAL-SUB-61aa",
                     "CANARY-INTERNAL-UPDATE-7d7d", "CANARY-INTERNAL-DOC-9911")


class Page(HTMLParser):
    """A parsed HTML page: every element with its attributes, and the text of <article> (the content)."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[tuple[dict[str, str], str]] = []
        self._script: dict[str, str] | None = None
        self._script_text: list[str] = []
        self._article = 0
        self._headerlink = False
        self.article_text: list[str] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.elements.append((tag, a))
        if tag == "script":
            self._script, self._script_text = a, []
        if tag == "article":
            self._article += 1
        if tag == "a" and "headerlink" in a.get("class", ""):
            self._headerlink = True  # the hidden permalink sign after each heading is not read

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._script_text)))
            self._script = None
        if tag == "article":
            self._article -= 1
        if tag == "a":
            self._headerlink = False

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script_text.append(data)
            return
        if self._headerlink:
            return
        self.text.append(data)
        if self._article:
            self.article_text.append(data)

    def content(self) -> str:
        """The page's main text with whitespace collapsed, as a reader sees it."""
        return re.sub(r"\s+", " ", "".join(self.article_text)).strip()

    def all_text(self) -> str:
        return re.sub(r"\s+", " ", "".join(self.text)).strip()

    def links(self, **attrs: str) -> list[dict[str, str]]:
        return [a for t, a in self.elements if t == "a" and all(a.get(k) == v for k, v in attrs.items())]


def page(site: Path, path: str) -> Page:
    """The page at a site path like 'sv/compliance/' (directory URLs)."""
    return Page((site / path / "index.html").read_text(encoding="utf-8"))


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
