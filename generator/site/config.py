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

import yaml

from .. import i18n
from ..errors import BuildError
from ..model import KnowledgeBase
from .structure import PageSpec

ROOT = Path(__file__).resolve().parent.parent.parent
BASE_CONFIG = ROOT / "mkdocs.yml"
THEME_TEMPLATES = ROOT / "generator" / "templates" / "site" / "theme"
ASSETS = ROOT / "generator" / "assets" / "site"


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
    cfg["site_name"] = html.escape(org.name)
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
    cfg["theme"] = theme
    extra = dict(cfg.get("extra") or {})
    extra["trustgen"] = {"audience": audience, "noindex": audience != "public"}
    cfg["extra"] = extra
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
            "site_name": html.escape(org.name),
        }
        if any(k != v for k, v in translations.items()):
            lang["nav_translations"] = translations
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
