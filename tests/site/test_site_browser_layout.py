"""The demo trust center (content/) in Chromium, served under a sub-path as many organisations publish
it (https://example.com/trust/): every page fits a phone's and a laptop's width in both languages, the
language switch leads to the same page, search counts what it shows, axe-core finds no serious or
critical problem, printing keeps cards whole, and dark mode follows the system and the toggle."""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from site_tools import ROOT

PREFIX = "/trust"
WIDTHS = (1280, 390)
# 2026-12-06, the day the demo content was last brought up to date.
DEMO_EPOCH = "1796601600"


class _SubPath(http.server.SimpleHTTPRequestHandler):
    """Serves the site under PREFIX only, as a web server with the site in a sub-folder would."""

    def translate_path(self, path: str) -> str:
        if not path.startswith(PREFIX + "/"):
            return str(Path(self.directory) / "__outside__")  # 404
        return super().translate_path(path[len(PREFIX):])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code == 404:  # what a configured web server does: the site's own 404 page
            body = (Path(self.directory) / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from generator.site import build_site

    root = tmp_path_factory.mktemp("demo")
    content = shutil.copytree(ROOT / "content", root / "content")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", DEMO_EPOCH)
        mp.chdir(root)
        return build_site(content, root / "site", site_url="https://example.com/trust/").out


@pytest.fixture(scope="module")
def served(demo: Path) -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_SubPath, directory=str(demo)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}{PREFIX}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def chromium(browser):  # type: ignore[no-untyped-def]
    return browser


def pages_of(site: Path) -> list[str]:
    paths = []
    for index in sorted(site.rglob("index.html")):
        rel = index.parent.relative_to(site)
        if "assets" in rel.parts or "downloads" in rel.parts:
            continue
        paths.append("/" + (str(rel) + "/" if str(rel) != "." else ""))
    return paths


def new_tab(chromium, width: int, **options):  # type: ignore[no-untyped-def]
    context = chromium.new_context(viewport={"width": width, "height": 900}, **options)
    return context, context.new_page()


@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_is_wider_than_the_screen(chromium, served, demo, width: int) -> None:  # type: ignore[no-untyped-def]
    paths = pages_of(demo)
    assert "/" in paths and "/sv/privacy/" in paths and "/sv/documents/" in paths and len(paths) >= 30
    context, tab = new_tab(chromium, width)
    too_wide = {}
    for path in paths:
        tab.goto(served + path)
        tab.wait_for_load_state("load")
        wide = tab.evaluate("document.documentElement.scrollWidth")
        if wide > width:
            too_wide[path] = wide
        # a table of ours never hides a column behind a horizontal scroll
        hidden = tab.evaluate("""() => [...document.querySelectorAll('article table')].filter(
            t => (t.closest('.md-typeset__scrollwrap') || t).scrollWidth > (t.closest('.md-typeset__scrollwrap') || t).clientWidth + 1).length""")
        if hidden:
            too_wide[path + " (table)"] = hidden
    context.close()
    assert too_wide == {}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("start, other, lang, heading", [
    ("/", "/sv/", "sv", "Vindel"),
    ("/sv/", "/", "en", "Vindel"),
    ("/encryption/", "/sv/encryption/", "sv", "Kryptering"),
    ("/sv/compliance/", "/compliance/", "en", "Compliance"),
])
def test_the_language_switch_leads_to_the_same_page_under_a_sub_path(chromium, served, width: int, start: str,  # type: ignore[no-untyped-def]
                                                                     other: str, lang: str, heading: str) -> None:
    context, tab = new_tab(chromium, width)
    tab.goto(served + start)
    href = tab.locator(f'a.md-select__link[hreflang="{lang}"]').get_attribute("href")
    tab.goto(tab.evaluate("(h) => new URL(h, location.href).href", href))
    assert tab.url == served + other
    response = tab.request.get(tab.url)
    assert response.status == 200
    assert tab.locator("html").get_attribute("lang") == lang
    assert tab.locator("article h1").first.inner_text().rstrip("¶").strip() == heading
    context.close()


def _search(tab, words: str) -> tuple[str, int]:  # type: ignore[no-untyped-def]
    """Type a query as a person does; return Material's count line and the number of results shown
    once the list has been scrolled to its end (Material shows results ten at a time)."""
    tab.locator("label.md-search__icon, .md-search__input").first.click()
    tab.locator(".md-search__input").fill("")
    tab.locator(".md-search__input").press_sequentially(words, delay=20)
    meta = tab.locator(".md-search-result__meta")
    tab.wait_for_function("() => !/^(Initializing|Initierar|Type to|Skriv)/i.test("
                          "document.querySelector('.md-search-result__meta').innerText)", timeout=15_000)
    tab.wait_for_timeout(400)
    # Scroll the list as a person does, a few lines at a time, until no more results appear.
    stable = 0
    for _ in range(200):
        before = tab.locator(".md-search-result__item").count()
        if before == 0:
            break
        tab.locator(".md-search__scrollwrap").hover()
        tab.mouse.wheel(0, 400)
        tab.wait_for_timeout(120)
        stable = stable + 1 if tab.locator(".md-search-result__item").count() == before else 0
        at_end = tab.locator(".md-search__scrollwrap").evaluate("(e) => e.scrollTop + e.clientHeight >= e.scrollHeight - 2")
        if stable >= 3 and at_end:
            break
    shown = tab.locator(".md-search-result__item:visible").count()
    return meta.inner_text(), shown


@pytest.mark.parametrize("path, words, expect", [
    ("/", "kryptering", 0),
    ("/", "SOC 2", None),
    ("/sv/", "kryptering", None),
    ("/sv/", "SOC 2", None),
])
def test_search_counts_the_results_it_shows(chromium, served, path: str, words: str, expect: int | None) -> None:  # type: ignore[no-untyped-def]
    context, tab = new_tab(chromium, 1280)
    tab.goto(served + path)
    tab.wait_for_load_state("networkidle")
    meta, shown = _search(tab, words)
    number = re.search(r"\d+", meta)
    counted = int(number.group()) if number else (1 if re.search(r"\b(1|one|ett|en)\b", meta, re.IGNORECASE) and
                                                  not re.search(r"(No|Inga)", meta) else 0)
    assert counted == shown, (meta, shown)
    if expect is not None:
        assert shown == expect
    else:
        assert shown >= 1
        hrefs = [tab.locator(".md-search-result__item a").nth(i).get_attribute("href") for i in range(shown)]
        resolved = [tab.evaluate("(h) => new URL(h, location.href).pathname", h) for h in hrefs]
        in_language = [p for p in resolved if p.startswith(PREFIX + "/sv/") == (path == "/sv/")]
        assert in_language == resolved
    context.close()


AXE_PAGES = ("/", "/compliance/", "/documents/", "/subprocessors/", "/privacy/", "/faq/", "/encryption/",
             "/contact/")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["", "/sv"])
def test_axe_finds_no_serious_or_critical_problem(chromium, served, width: int, lang: str) -> None:  # type: ignore[no-untyped-def]
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context, tab = new_tab(chromium, width)
    found = {}
    for path in AXE_PAGES:
        tab.goto(served + lang + path)
        tab.wait_for_load_state("networkidle")
        results = axe.run(tab)
        # serious and critical problems, and landmarks a screen reader cannot tell apart
        bad = [(v["id"], len(v["nodes"]), v["nodes"][0]["target"]) for v in results.response["violations"]
               if v["impact"] in ("serious", "critical") or v["id"] == "landmark-unique"]
        # links inside running text are told apart by more than colour
        plain = tab.evaluate("""() => [...document.querySelectorAll('article p a, article li a, article td a, article dd a')]
            .filter(a => !a.closest('.tg-card, .tg-cert, .tg-chip') && !a.classList.contains('headerlink')
                         && !a.classList.contains('md-button') && !a.classList.contains('tg-download'))
            .filter(a => !getComputedStyle(a).textDecorationLine.includes('underline'))
            .map(a => a.innerText)""")
        if plain:
            bad.append(("link-not-underlined", len(plain), plain[:3]))
        # every "read more" link names its target
        vague = tab.evaluate("""() => [...document.querySelectorAll('article a')]
            .filter(a => /^(read more|läs mer|more|mer)$/i.test(a.innerText.trim())).length""")
        if vague:
            bad.append(("vague-link-text", vague, []))
        if bad:
            found[lang + path] = bad
    context.close()
    assert found == {}


def test_printing_keeps_every_certification_card_whole(chromium, served, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for lang in ("", "/sv"):
        context, tab = new_tab(chromium, 1280)
        tab.goto(served + lang + "/")
        tab.wait_for_load_state("networkidle")
        cards = tab.locator(".tg-cert").all_inner_texts()
        assert len(cards) == 4
        pdf = tmp_path / f"overview{lang.replace('/', '-')}.pdf"
        tab.pdf(path=str(pdf), format="A4", print_background=True)
        context.close()
        pages = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True,
                               text=True).stdout.split("\f")
        assert "Search" not in pages[0] and "Sök" not in pages[0]  # no header or search in print
        for card in cards:
            # Two cards stand side by side, so a page's text interleaves their lines: each card is
            # whole when one page holds every word of it.
            words = set(card.split())
            assert any(words <= set(text.split()) for text in pages), (card, "split across pages")


def test_dark_mode_follows_the_system_and_the_toggle(chromium, served) -> None:  # type: ignore[no-untyped-def]
    context, tab = new_tab(chromium, 1280, color_scheme="dark")
    tab.goto(served + "/sv/")
    tab.wait_for_load_state("networkidle")
    assert tab.locator("body").get_attribute("data-md-color-scheme") == "slate"
    dark = tab.evaluate("getComputedStyle(document.querySelector('.md-main')).backgroundColor")
    card = tab.evaluate("getComputedStyle(document.querySelector('.tg-card')).backgroundColor")
    assert dark != "rgb(255, 255, 255)" and card != "rgb(255, 255, 255)"
    toggle = tab.locator('label[for^="__palette_"]:visible')
    assert toggle.get_attribute("title") == "Byt till ljust läge"
    toggle.click()
    assert tab.locator("body").get_attribute("data-md-color-scheme") == "default"
    tab.goto(served + "/sv/encryption/")  # the choice is remembered
    assert tab.locator("body").get_attribute("data-md-color-scheme") == "default"
    context.close()
    context, tab = new_tab(chromium, 1280, color_scheme="light")
    tab.goto(served + "/")
    assert tab.locator("body").get_attribute("data-md-color-scheme") == "default"
    context.close()


def test_an_unknown_address_shows_the_404_page_of_the_default_language(chromium, served) -> None:  # type: ignore[no-untyped-def]
    context, tab = new_tab(chromium, 390)
    response = tab.goto(served + "/no-such-page/")
    assert response is not None and response.status == 404
    assert tab.locator("html").get_attribute("lang") == "en"
    assert tab.locator("article h1").inner_text() == "Page not found"
    assert tab.locator("article a").first.get_attribute("href") == "https://example.com/trust/"
    context.close()
