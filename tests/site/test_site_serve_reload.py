"""`trustgen serve` in a real browser: a page open in Chromium shows an edit without being touched,
and a failed rebuild's errors appear above it the same way."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from kbtest import running_preview


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[object]:
    with running_preview(tmp_path) as p:
        yield p


def test_an_open_page_reloads_itself_after_an_edit_and_shows_errors(preview, browser) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    try:
        page.goto(preview.url)
        assert "Testbolaget" in page.inner_text("body")
        org = preview.content / "organization.yaml"
        good = org.read_text(encoding="utf-8")
        org.write_text(good.replace("name: Testbolaget\n", "name: Provbolaget\n"), encoding="utf-8")
        # No reload by the test: the page's own script notices the new build.
        page.wait_for_function("document.body.innerText.includes('Provbolaget')", timeout=30_000)
        org.write_text(good.replace("locales: [en, sv]", "locales: [en, sv"), encoding="utf-8")
        page.wait_for_selector("#trustgen-errors", timeout=30_000)
        assert "The site could not be rebuilt; this is the last good build." in page.inner_text("#trustgen-errors")
        assert "Provbolaget" in page.inner_text("body")  # the last good build stays below the errors
    finally:
        page.close()
    built = (preview.site / "index.html").read_text(encoding="utf-8")
    assert "__trustgen__" not in built  # the reload script is the preview's, never part of the site
