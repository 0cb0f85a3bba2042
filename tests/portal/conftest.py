"""Fixtures of the portal tests: built public and nda sites, a real SMTP server, a real PostgreSQL."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import Message
from pathlib import Path

import pytest
from portal_tools import ACME, EPOCH, PORTAL_YAML, PortalServer, PrivatePostgres, empty_database


@dataclass(frozen=True)
class Built:
    content: Path
    site: Path
    nda_site: Path


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The acme knowledge base with a portal.yaml, built for the public and for the nda audience."""
    from generator.site import build_site

    root = tmp_path_factory.mktemp("portal-acme")
    content = root / "content"
    shutil.copytree(ACME, content)
    (content / "portal.yaml").write_text(PORTAL_YAML, encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        mp.chdir(root)
        public = build_site(content, root / "site")
        nda = build_site(content, root / "site-nda", audience="nda")
    return Built(content, public.out, nda.out)


class Mailbox:
    """Messages an aiosmtpd server on 127.0.0.1 received."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        message = message_from_bytes(envelope.content, policy=policy.default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 OK"

    def to(self, address: str) -> list[Message]:
        return [m for m in self.messages if address in m["X-Envelope-To"]]


@pytest.fixture(scope="session")
def smtp() -> Iterator[tuple[int, Mailbox]]:
    from aiosmtpd.controller import Controller
    from portal_tools import free_port

    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller.port, mailbox
    controller.stop()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A PostgreSQL server: $TRUSTGEN_TEST_POSTGRES_URL when set (.ci/run starts one), else a private
    cluster started here."""
    url = os.environ.get("TRUSTGEN_TEST_POSTGRES_URL")
    if url:
        yield url
        return
    cluster = PrivatePostgres()
    try:
        yield cluster.url
    finally:
        cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database of each kind."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'portal.db'}"
    url: str = request.getfixturevalue("postgres_url")
    empty_database(url)
    return url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'portal.db'}"


@pytest.fixture
def make_server(built: Built, smtp: tuple[int, Mailbox]) -> Iterator[object]:
    """Start portal servers on 127.0.0.1 (stopped after the test)."""
    servers: list[PortalServer] = []

    def make(database: str, content: Path | None = None, **kwargs: object) -> PortalServer:
        server = PortalServer(content or built.content, built.site, built.nda_site, database, smtp_port=smtp[0],
                              **kwargs)  # type: ignore[arg-type]
        servers.append(server)
        return server.start()

    yield make
    for server in servers:
        server.stop()


@pytest.fixture(scope="module")
def chromium():  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                              args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                                    "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield b
        b.close()


@pytest.fixture
def browser_page(chromium):  # type: ignore[no-untyped-def]
    """A page of a fresh browser context (options as for new_context)."""
    contexts = []

    def make(**options):  # type: ignore[no-untyped-def]
        context = chromium.new_context(**options)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
