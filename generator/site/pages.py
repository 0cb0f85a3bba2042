"""Write the trust center's Markdown pages, one folder per locale, from the knowledge base.

The templates (generator/templates/site/*.md) are Jinja with StrictUndefined. Their output is
Markdown, so the environment's `finalize` escapes every printed value for Markdown and HTML at once
(escape.text) unless it is Markup built by this package: content text can never become markup,
and a template cannot forget to escape it.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from ..errors import BuildError
from ..model import KnowledgeBase
from ..outputs import Artifact
from . import escape
from .context import LocaleContext, SiteIndex
from .structure import INDEX, PageSpec, site_pages

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "site"


def _finalize(value: object) -> object:
    if value is None:
        raise BuildError("a page template printed an empty value (None); the template must test for it")
    return escape.text(value)


def environment(templates: Path | None = None) -> jinja2.Environment:
    """The page templates' environment, one per templates folder and process.

    Compiling the templates costs more than rendering a small site, so every build of a process (and
    every rebuild of `trustgen serve`) reuses the compiled templates; Jinja's auto_reload still
    recompiles a template whose file has changed since.
    """
    return _environment(str(templates or TEMPLATES))


@lru_cache(maxsize=8)
def _environment(templates: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        auto_reload=True,
        undefined=jinja2.StrictUndefined,
        # Output is Markdown: finalize escapes every printed value for Markdown and HTML at once, and
        # autoescape keeps macro output (already escaped) from being escaped twice.
        autoescape=True,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(
        paragraphs=escape.paragraphs,
        html_paragraphs=html_paragraphs,
        link=escape.link,
        safe_url=escape.safe_url,
        mailto=escape.mailto,
        hashes=lambda n: Markup("#" * int(n)),
    )
    return env


def html_paragraphs(value: str, css: str = "") -> Markup:
    """A text's paragraphs as <p> elements, for use inside raw HTML blocks."""
    cls = f' class="{html.escape(css)}"' if css else ""
    parts = [p for p in escape.paragraphs(value).split("\n\n") if p]
    return Markup("".join(f"<p{cls}>{p}</p>" for p in parts))


def front_matter(ctx: LocaleContext, page: PageSpec) -> str:
    """YAML front matter: the page title (our own words only, never content) and the sitemap date."""
    # mkdocs and Material print the title unescaped in <title> and the navigation, so it is escaped here
    # once; JSON is valid YAML and quotes whatever the translation holds.
    meta: dict[str, object] = {"title": html.escape(ctx.plain(page.title))}
    if page.slug == INDEX:
        meta["hide"] = ["navigation", "toc"]
    modified = ctx.page_modified(page)
    if modified:
        meta["last_reviewed"] = modified.isoformat()  # the sitemap's lastmod: the newest review
    lines = ["---"] + [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items()] + ["---", ""]
    return "\n".join(lines)


def write_pages(kb: KnowledgeBase, docs_dir: Path, documents: tuple[Artifact, ...], today: dt.date,
                progress: Callable[[str], None] | None = None, templates: Path | None = None,
                cache: dict | None = None) -> list[Path]:
    """Render every page in every locale into docs_dir/<locale>/<slug>.md; return the files written.

    cache keeps resolved texts for the caller (the exports read the same texts again)."""
    cache = {} if cache is None else cache
    env = environment(templates)
    pages = site_pages(kb)
    written: list[Path] = []
    subprocessors = sorted(kb.subprocessors, key=lambda s: s.name.casefold())
    show_products = len(kb.products) > 1 and any(s.products for s in subprocessors)
    index = SiteIndex(kb)
    for locale in kb.locales:
        if progress:
            progress(f"writing {len(pages)} pages ({locale})")
        ctx = LocaleContext(kb, locale, pages, documents, today, cache=cache, index=index)
        for page in pages:
            ctx.page = page
            try:
                body = env.get_template(page.template).render(
                    c=ctx, kb=kb, page=page, _=ctx.gettext, ngettext=ctx.ngettext,
                    subprocessors=subprocessors, show_products=show_products,
                )
            except jinja2.TemplateError as exc:
                where = f"{exc.filename or page.template}:{exc.lineno}" if isinstance(
                    exc, jinja2.TemplateSyntaxError) else page.template
                raise BuildError(f"{where}: template error while writing the {locale} page '{page.slug}': {exc}") from exc
            path = docs_dir / locale / f"{page.slug}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(front_matter(ctx, page) + _tidy(body), encoding="utf-8")
            written.append(path)
    return written


def _tidy(markdown: str) -> str:
    """Collapse the runs of blank lines that template logic leaves behind."""
    lines: list[str] = []
    for line in markdown.splitlines():
        line = line.rstrip()
        if not line and lines and not lines[-1]:
            continue
        lines.append(line)
    return "\n".join(lines).strip() + "\n"
