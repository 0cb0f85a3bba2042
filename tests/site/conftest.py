"""Fixtures of the site tests: the public and nda sites of tests/data/site/acme, built once per session."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from site_tools import ACME, EPOCH


@dataclass(frozen=True)
class Sites:
    content: Path
    public: Path
    nda: Path
    public_result: object
    nda_result: object


@pytest.fixture(scope="session")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Sites:
    """The acme knowledge base built for the public and for the nda audience (pinned clock)."""
    from generator.site import build_site

    root = tmp_path_factory.mktemp("acme")
    content = root / "content"
    shutil.copytree(ACME, content)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        mp.chdir(root)  # the documents package keeps its render cache under the working directory
        public = build_site(content, root / "site")
        nda = build_site(content, root / "site-nda", audience="nda")
    return Sites(content, public.out, nda.out, public, nda)


@pytest.fixture(scope="session")
def acme_kb():  # type: ignore[no-untyped-def]
    """The acme knowledge base as the model sees it (all audiences), for reading expected values."""
    from generator.kb import load_knowledge_base

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        return load_knowledge_base(ACME)


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    """Debian's Chromium through Playwright, one for every browser test of the session (Playwright's
    sync API allows one running instance per thread)."""
    from playwright.sync_api import sync_playwright

    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"]
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=args)
        yield b
        b.close()
