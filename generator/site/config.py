"""The mkdocs configuration of one build: the repository's mkdocs.yml plus what the knowledge base says.

The base file holds the engine settings (theme, features, Markdown extensions); this module adds the
site name and URL, one i18n language per content locale (the first at /, the others at /<locale>/),
the navigation with its section names in every language, and the theme folder of the build.
"""

from __future__ import annotations

import html
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from .. import i18n
from ..errors import BuildError
from ..i18n import N_
from ..load import UnsafeFile, read_content_bytes
from ..model import KnowledgeBase
from .feeds import SUBPROCESSORS, UPDATES, feed_path
from .structure import PageSpec

ROOT = Path(__file__).resolve().parent.parent.parent
BASE_CONFIG = ROOT / "mkdocs.yml"
THEME_TEMPLATES = ROOT / "generator" / "templates" / "site" / "theme"
ASSETS = ROOT / "generator" / "assets" / "site"
HOOKS = Path(__file__).resolve().parent / "mkdocs_hooks.py"


def load_base(path: Path = BASE_CONFIG) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise BuildError(f"{path}: cannot read the site configuration: {exc}") from exc
    if not isinstance(data, dict):
        raise BuildError(f"{path}: the site configuration must be a mapping")
    return data


def prepare_theme(work: Path) -> Path:
    """Copy the theme overrides and the site's own assets into the build folder's theme/."""
    theme = work / "theme"
    if THEME_TEMPLATES.is_dir():
        shutil.copytree(THEME_TEMPLATES, theme, dirs_exist_ok=True)
    shutil.copytree(ASSETS, theme / "assets" / "trustgen", dirs_exist_ok=True)
    return theme


BRAND = "assets/trustgen/brand"


def add_branding(kb: KnowledgeBase, work: Path) -> None:
    """Copy the organisation's logo and favicon into the build's theme and write its colours as CSS.

    Validation has checked the files (inside the content folder, plain SVG or PNG); they are read here
    once more without following symbolic links."""
    brand = kb.organization.branding
    folder = work / "theme" / BRAND
    for key, rel in (("logo", brand.logo), ("favicon", brand.favicon or brand.logo)):
        if rel is None:
            continue
        source = kb.root / rel
        try:
            if source.is_symlink():
                raise UnsafeFile("is a symbolic link; files must be real files inside the content folder")
            data = read_content_bytes(source, kb.root, 1_000_000, "logos")
        except UnsafeFile as exc:
            raise BuildError(f"organization.yaml: branding.{key}: {rel} {exc}") from None
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{key}{source.suffix}").write_bytes(data)
    if brand.primary_color:
        folder.mkdir(parents=True, exist_ok=True)
        color = brand.primary_color
        (folder / "brand.css").write_text(
            "/* The organisation's colour, from organization.yaml (branding.primary_color). */\n"
            f":root, [data-md-color-scheme=\"default\"] {{ --md-primary-fg-color: {color}; "
            f"--md-primary-fg-color--dark: {color}; }}\n"
            f".md-typeset .tg-hero {{ background: {color}; }}\n", encoding="utf-8")


def navigation(pages: list[PageSpec]) -> list[Any]:
    """mkdocs nav: top-level pages and sections, in page order; titles come from the pages."""
    nav: list[Any] = []
    sections: dict[str, list[str]] = {}
    for page in pages:
        if page.section is None:
            nav.append(f"{page.slug}.md")
        elif page.section in sections:
            sections[page.section].append(f"{page.slug}.md")
        else:
            sections[page.section] = [f"{page.slug}.md"]
            nav.append({page.section: sections[page.section]})
    return nav


def derive(kb: KnowledgeBase, pages: list[PageSpec], *, docs_dir: Path, site_dir: Path, audience: str,
           site_url: str | None, base: dict[str, Any] | None = None) -> dict[str, Any]:
    """The complete mkdocs configuration for this knowledge base and audience."""
    cfg = dict(base if base is not None else load_base())
    org = kb.organization
    # mkdocs' and Material's templates print site_name and copyright without escaping.
    cfg["site_name"] = html.escape(i18n.translator(kb.default_locale).gettext(N_("%(org)s Trust Center"))) % {
        "org": html.escape(org.name)}
    cfg["copyright"] = html.escape(f"© {org.legal_name}")
    cfg["docs_dir"] = str(docs_dir)
    cfg["site_dir"] = str(site_dir)
    cfg["nav"] = navigation(pages)
    if site_url:
        cfg["site_url"] = site_url.rstrip("/") + "/"
    else:
        cfg.pop("site_url", None)
    theme = dict(cfg.get("theme") or {})
    theme["custom_dir"] = "theme"
    brand = org.branding
    if brand.logo:
        theme["logo"] = f"{BRAND}/logo{Path(brand.logo).suffix}"
    if brand.favicon or brand.logo:
        theme["favicon"] = f"{BRAND}/favicon{Path(brand.favicon or brand.logo or '').suffix}"
    if brand.primary_color:
        cfg["extra_css"] = [*(cfg.get("extra_css") or []), f"{BRAND}/brand.css"]
    cfg["theme"] = theme
    extra = dict(cfg.get("extra") or {})
    words = {}
    for locale in kb.locales:
        t = i18n.translator(locale)
        words[_material_language(locale)] = {
            "permalink": html.escape(t.gettext(N_("Permanent link"))),
            "not_found": html.escape(t.gettext(N_("Page not found"))),
            "not_found_text": html.escape(t.gettext(N_("There is no page at this address. It may have moved."))),
            "home": html.escape(t.gettext(N_("Go to the trust center's overview"))),
            "home_path": "" if locale == kb.default_locale else f"{locale}/",
        }
    feed_links = {}
    for locale in kb.locales:
        t = i18n.translator(locale)
        links = {}
        if kb.updates:
            links["updates"] = {"href": feed_path(kb, locale, UPDATES),
                                "title": html.escape(t.gettext(N_("%(org)s: security and privacy updates")) % {"org": org.name})}
        if kb.subprocessors:
            links["subprocessors"] = {"href": feed_path(kb, locale, SUBPROCESSORS),
                                      "title": html.escape(t.gettext(N_("%(org)s: changes to subprocessors")) % {"org": org.name})}
        feed_links[_material_language(locale)] = links
    extra["trustgen"] = {
        "feeds": feed_links,
        "audience": audience, "noindex": audience != "public",
        # the path of the published address ("/trust/"), which mkdocs-static-i18n puts before its links
        "site_path": urlsplit(site_url).path.rstrip("/") + "/" if site_url else "/",
        "organization": {"name": org.name, "legal_name": org.legal_name, "website": org.website,
                         "url": site_url.rstrip("/") + "/" if site_url else None},
        "default_locale": _material_language(kb.default_locale),
        "permalink": {lang: w["permalink"] for lang, w in words.items()},
        "words": words,
    }
    cfg["extra"] = extra
    cfg["hooks"] = [str(HOOKS)]
    sections = sorted({p.section for p in pages if p.section})
    languages = []
    for n, locale in enumerate(kb.locales):
        t = i18n.translator(locale)
        translations = {s: html.escape(t.gettext(s)) for s in sections}
        lang: dict[str, Any] = {
            "locale": locale,
            "name": _language_label(locale),
            "default": n == 0,
            "build": True,
            # The window title says trust center in the page's language: "Encryption - Vindel Trust Center".
            "site_name": html.escape(t.gettext(N_("%(org)s Trust Center"))) % {"org": html.escape(org.name)},
        }
        if any(k != v for k, v in translations.items()):
            lang["nav_translations"] = translations
        lang["site_description"] = description(kb, locale)
        palette = theme.get("palette")
        if isinstance(palette, list):
            names = {"default": N_("Switch to dark mode"), "slate": N_("Switch to light mode")}
            lang["theme"] = {"palette": [
                {**p, "toggle": {**(p.get("toggle") or {}), "name": html.escape(t.gettext(names[p.get("scheme", "default")]))}}
                if isinstance(p, dict) and p.get("toggle") and p.get("scheme", "default") in names else p
                for p in palette]}
        languages.append(lang)
    plugins = []
    for plugin in cfg.get("plugins") or []:
        if plugin == "i18n" or (isinstance(plugin, dict) and "i18n" in plugin):
            options = dict(plugin["i18n"] or {}) if isinstance(plugin, dict) else {}
            options["docs_structure"] = "folder"
            options["languages"] = languages
            plugins.append({"i18n": options})
        elif plugin == "search" or (isinstance(plugin, dict) and "search" in plugin):
            options = dict(plugin["search"] or {}) if isinstance(plugin, dict) else {}
            options["lang"] = [loc.split("_")[0] for loc in kb.locales]
            plugins.append({"search": options})
        else:
            plugins.append(plugin)
    if not any(isinstance(p, dict) and "i18n" in p for p in plugins):
        raise BuildError(f"{BASE_CONFIG}: the i18n plugin is missing from plugins; the site needs it for its languages")
    cfg["plugins"] = plugins
    return cfg


def write(cfg: dict[str, Any], path: Path) -> Path:
    path.write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _language_label(locale: str) -> str:
    """The language's own name, capitalised as a menu entry: English, Svenska."""
    name = i18n.language_name(locale, locale)
    return html.escape(name[:1].upper() + name[1:])


def _material_language(locale: str) -> str:
    """The language code the theme is configured with for a content locale (as mkdocs-static-i18n sets it)."""
    return locale


def description(kb: KnowledgeBase, locale: str, limit: int = 200) -> str:
    """The site's meta description in one locale: the organisation's tagline, else the first sentence
    of its description, cut at a word before `limit` characters."""
    from ..text import render

    org = kb.organization
    text = render(kb, org.tagline, locale, None) if org.tagline else render(kb, org.description, locale, None)
    text = " ".join(text.split())
    if not org.tagline:
        first = text.split(". ")[0]
        text = first if first.endswith(".") else first + "."
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + "…"
    return html.escape(text)
