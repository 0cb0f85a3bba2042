"""The built site in a real browser (Debian's Chromium through Playwright), served from 127.0.0.1."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def server(sites) -> Iterator[str]:  # type: ignore[no-untyped-def]
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(sites.public)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


class Watch:
    """Every request a page makes (by host), console errors, page errors and dialogs."""

    def __init__(self, page, local: str):  # type: ignore[no-untyped-def]
        self.hosts: set[str] = set()
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.local = urlsplit(local).netloc

        def route(r):  # type: ignore[no-untyped-def]
            host = urlsplit(r.request.url).netloc
            self.hosts.add(host)
            if host == self.local:
                r.continue_()
            else:
                r.abort()

        page.route("**/*", route)
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))


@pytest.fixture
def tab(browser, server):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.watch = Watch(page, server)
    yield page
    context.close()


def test_both_languages_render_the_overview(tab, server, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    shots = tmp_path_factory.mktemp("screenshots")
    for path, lang, tabs in (("/", "en", "Overview"), ("/sv/", "sv", "Översikt")):
        tab.goto(server + path)
        tab.wait_for_load_state("networkidle")
        assert tab.locator("html").get_attribute("lang") == lang
        assert tab.locator("h1").first.inner_text() == "Acme Molnet"
        assert tab.locator(".md-tabs__link").first.inner_text() == tabs
        assert tab.locator(".tg-cert").count() == 4 and tab.locator(".tg-card").count() >= 3
        assert tab.locator(".tg-cert").first.is_visible()
        shot = shots / f"overview-{lang}.png"
        tab.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 20_000
    assert tab.watch.errors == [] and tab.watch.dialogs == []


def test_language_switch_leads_to_the_same_page(tab, server) -> None:  # type: ignore[no-untyped-def]
    tab.goto(server + "/encryption/")
    tab.locator(".md-header__option .md-select").hover()
    tab.locator('a.md-select__link[hreflang="sv"]').click()
    tab.wait_for_url(server + "/sv/encryption/")
    assert tab.locator("article h1").inner_text().rstrip("¶") == "Kryptering"
    tab.locator(".md-header__option .md-select").hover()
    tab.locator('a.md-select__link[hreflang="en"]').click()
    tab.wait_for_url(server + "/encryption/")
    assert tab.locator("article h1").inner_text().rstrip("¶") == "Encryption"
    assert tab.watch.errors == []


def test_search_on_the_swedish_site_finds_a_swedish_word(tab, server, acme_kb) -> None:  # type: ignore[no-untyped-def]
    word = acme_kb.entry("at-rest").statement.get("sv").split()[0]  # "Lönedata", only in Swedish
    assert word not in acme_kb.entry("at-rest").statement.get("en")
    tab.goto(server + "/sv/")
    tab.locator("label.md-search__icon, .md-search__input").first.click()
    # Material searches on key events: type as a person does.
    tab.locator(".md-search__input").press_sequentially(word, delay=20)
    results = tab.locator(".md-search-result__item:not([hidden]) a.md-search-result__link")
    results.first.wait_for(timeout=15_000)
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    assert any(h.endswith("sv/encryption/#at-rest") or "sv/encryption/" in h for h in hrefs), hrefs
    assert word in tab.locator(".md-search-result__list").inner_text()
    tab.locator(".md-search__input").fill("")
    tab.locator(".md-search__input").press_sequentially("kryptering", delay=20)
    tab.wait_for_timeout(1000)
    visible = tab.locator(".md-search-result__item:not([hidden]) a.md-search-result__link")
    assert visible.count() >= 1
    assert all("/sv/" in (visible.nth(i).get_attribute("href") or "") or
               (visible.nth(i).get_attribute("href") or "").startswith(("../", "./", "encryption"))
               for i in range(visible.count()))
    assert tab.watch.errors == []


def test_every_download_link_resolves(tab, server) -> None:  # type: ignore[no-untyped-def]
    targets = set()
    for path in ("/documents/", "/sv/documents/", "/compliance/", "/sv/compliance/"):
        tab.goto(server + path)
        for link in tab.locator("a[href*='downloads/']").all():
            targets.add(tab.evaluate("(a) => a.href", link.element_handle()))
    # each language's two documents (PDF, DOCX) and its security package (ZIP)
    assert len(targets) == 6 and sum(url.endswith(".zip") for url in targets) == 2
    for url in sorted(targets):
        response = tab.request.get(url)
        assert response.status == 200, url
        assert response.body()[:4] in (b"%PDF", b"PK\x03\x04")


def test_no_page_logs_errors_or_leaves_localhost(tab, server, sites) -> None:  # type: ignore[no-untyped-def]
    paths = sorted("/" + str(p.parent.relative_to(sites.public)).replace(".", "").strip("/") + "/"
                   for p in sites.public.rglob("index.html") if "assets" not in p.parts)
    paths = [p.replace("//", "/") for p in paths]
    assert "/" in paths and "/sv/faq/" in paths and len(paths) == 20
    for path in paths:
        tab.goto(server + path)
        tab.wait_for_load_state("networkidle")
    assert tab.watch.errors == []
    assert tab.watch.hosts == {urlsplit(server).netloc}


def test_hostile_content_runs_no_script(tab, server) -> None:  # type: ignore[no-untyped-def]
    tab.goto(server + "/encryption/")
    tab.wait_for_load_state("networkidle")
    body = tab.locator("article").inner_text()
    assert "<img src=x onerror=alert(1)>" in body and "[click me](javascript:alert(2))" in body
    assert tab.locator("article img").count() == 0 and tab.locator("article script").count() == 0
    tab.locator(".md-search__input").first.click()
    tab.locator(".md-search__input").press_sequentially("onerror", delay=20)
    tab.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    tab.locator(".md-search-result__item").first.hover()
    tab.goto(server + "/subprocessors/")
    assert "Postal <b>Mailer</b> Ltd" in tab.locator("article").inner_text()
    assert tab.watch.dialogs == []
