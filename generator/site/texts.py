"""Content texts rendered for the site, remembered: a statement appears on its page, in the FAQ, on
the overview, in the feeds and in trust.json, and is rendered once. Below context.py and feeds.py,
which both use it."""

from __future__ import annotations

from .. import text as ktext
from ..model import Entry, KnowledgeBase, LocalizedText


def resolve(kb: KnowledgeBase, text: LocalizedText | None, locale: str, owner: Entry | None, cache: dict) -> str:
    """text.render, remembered in `cache`."""
    if text is None:
        return ""
    key = (id(text), locale, id(owner))
    found = cache.get(key)
    if found is None:
        found = cache[key] = ktext.render(kb, text, locale, owner)
    return found
