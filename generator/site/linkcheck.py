"""The build's own link check: every internal link, download and asset of the built site resolves.

mkdocs --strict checks the Markdown links it knows, not the links of raw HTML, the theme, the
language switch or the 404 page, and not the files that trustgen adds after mkdocs has run. This
check reads every HTML page of the finished site and fails the build, naming the page, when a link to
the site itself leads nowhere or to an anchor the target page does not have.

Written with the standard library's HTML parser: link checkers on PyPI crawl over HTTP and bring
their own dependencies, while a static site's check is a walk over its files.
"""

from __future__ import annotations

import os
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from ..errors import BuildError

# Attributes that make the browser fetch or follow something, per element.
LINKS = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src", "iframe": "src"}
# Links of <link> elements that are not fetched from this site as part of the page.
NOT_FETCHED = {"dns-prefetch", "preconnect"}


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "name" in a:
            self.ids.add(a["name"])
        attr = LINKS.get(tag)
        if attr and a.get(attr):
            if tag == "link" and NOT_FETCHED & set(a.get("rel", "").split()):
                return
            self.links.append(a[attr])


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8", errors="replace"))
    return page


def broken_links(site: Path, site_url: str | None = None, elsewhere: tuple[str, ...] = ()) -> list[str]:
    """Every broken internal link of the site at `site`, as "page: link (why)", sorted. Links that start
    with one of `elsewhere` lead to pages another program serves under the site's address (the access
    portal's request form) and are not looked for among the files."""
    base = urlsplit(site_url) if site_url else None
    base_path = (base.path.rstrip("/") + "/") if base else "/"
    parsed: dict[Path, _Page] = {}
    problems: list[str] = []

    def page(path: Path) -> _Page:
        if path not in parsed:
            parsed[path] = _parse(path)
        return parsed[path]

    for folder, subfolders, files in os.walk(site):
        subfolders[:] = sorted(s for s in subfolders if not (Path(folder) == site and s == "assets"))
        for name in sorted(files):
            if not name.endswith(".html"):
                continue
            source = Path(folder) / name
            rel_page = source.relative_to(site).as_posix()
            for link in page(source).links:
                parts = urlsplit(link)
                if parts.scheme in ("mailto", "tel", "javascript", "data") or link.startswith(elsewhere):
                    continue
                if parts.scheme or parts.netloc:
                    if not (base and parts.scheme == base.scheme and parts.netloc == base.netloc
                            and parts.path.startswith(base_path.rstrip("/"))):
                        continue  # another site's address: not ours to check
                    target_path = PurePosixPath(unquote(parts.path[len(base_path):] or "."))
                    where = site / target_path
                elif parts.path.startswith("/"):
                    # A root-absolute link (the 404 page) starts with the published address's path.
                    path = parts.path
                    if base_path != "/" and path.startswith(base_path.rstrip("/")):
                        path = path[len(base_path.rstrip("/")):]
                    where = site / unquote(path.lstrip("/") or ".")
                elif parts.path:
                    where = source.parent / unquote(parts.path)
                else:
                    where = source  # "#anchor" on the same page
                target = Path(os.path.normpath(where))
                if not (target == site or target.is_relative_to(site)):
                    problems.append(f"{rel_page}: {link} (leads outside the site)")
                    continue
                if target.is_dir():
                    target = target / "index.html"
                if not target.is_file():
                    problems.append(f"{rel_page}: {link} (no such page or file)")
                    continue
                if parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in page(target).ids:
                    problems.append(f"{rel_page}: {link} (no anchor #{unquote(parts.fragment)} on that page)")
    return sorted(set(problems))


def check_links(site: Path, site_url: str | None = None, elsewhere: tuple[str, ...] = ()) -> None:
    """Raise BuildError naming every page with a broken internal link."""
    problems = broken_links(site, site_url, elsewhere)
    if problems:
        shown = problems[:20]
        more = f"; and {len(problems) - len(shown)} more" if len(problems) > len(shown) else ""
        raise BuildError(f"{len(problems)} broken link(s) in the built site: " + "; ".join(shown) + more)
