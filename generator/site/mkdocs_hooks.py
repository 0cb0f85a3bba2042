"""mkdocs hooks of the trust-center build (listed under `hooks:` in the generated mkdocs.yml).

mkdocs-static-i18n builds each language into the same site folder in turn, so a page that is not
per-language, 404.html at the root, would be the last language's. These hooks keep the default
language's 404 page at the root and put each other language's under /<locale>/404.html, and give
the heading anchors ("Permanent link") the page language's word, which the Markdown toc extension,
configured once for all languages, cannot.

They read their settings from `extra.trustgen` of the configuration: default_locale and, per
locale, permalink (the anchor's title).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

_saved_404: dict[str, bytes] = {}


def _settings(config: Any) -> dict[str, Any]:
    return dict((config.get("extra") or {}).get("trustgen") or {})


def _language(config: Any) -> str:
    theme = config.get("theme")
    return str(theme.get("language") if theme is not None else "")


def on_post_page(output: str, page: Any, config: Any) -> str:
    words = _settings(config).get("permalink") or {}
    title = words.get(_language(config))
    if not title or title == "Permanent link":
        return output
    return re.sub(r'(<a class="headerlink" href="[^"]*" title=")Permanent link(")',
                  lambda m: m.group(1) + title + m.group(2), output)


def on_post_build(config: Any) -> None:
    settings = _settings(config)
    default = settings.get("default_locale")
    site = Path(config["site_dir"])
    page = site / "404.html"
    if not page.exists() or not default:
        return
    language = _language(config)
    if language == default:
        _saved_404[str(site)] = page.read_bytes()
        return
    target = site / language / "404.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    page.replace(target)
    saved = _saved_404.get(str(site))
    if saved is not None:
        page.write_bytes(saved)
