"""The access portal end to end: a real server on 127.0.0.1 (SQLite and PostgreSQL), Chromium, a real
SMTP server, and the administrator's commands."""

from __future__ import annotations

import csv
import io
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from portal_tools import PortalServer

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
GATED_PDF = "/nda/downloads/en/nda-report.pdf"


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def context(browser) -> Iterator[object]:  # type: ignore[no-untyped-def]
    ctx = browser.new_context(accept_downloads=True)
    yield ctx
    ctx.close()


def pdf_pages(path: Path) -> list[str]:
    """The text of each page, as pdftotext extracts it."""
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [page for page in text.split("\f") if page.strip()]


def request_access(page, server: PortalServer, email: str, name: str = "Anna Berg",  # type: ignore[no-untyped-def]
                   company: str = "Prospect AB") -> None:
    page.goto(server.url + "/access/?document=nda-report")
    page.fill("#name", name)
    page.fill("#email", email)
    page.fill("#company", company)
    page.fill("#reason", "Vendor assessment")
    page.check("#nda")
    page.click("button[type=submit]")
    assert page.locator("h1").inner_text() == "Request received"


def sign_in(page, link: str) -> int:  # type: ignore[no-untyped-def]
    """Open a sign-in link and press its button; the HTTP status of the page shown at the end."""
    response = page.goto(link)
    if response.status != 200:
        return int(response.status)
    with page.expect_navigation():
        page.click("button[type=submit]")
    return 200


def download(page, server: PortalServer, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    """Click the gated report's link on the nda site's documents page; where the file was saved."""
    page.goto(server.url + "/nda/documents/")
    with page.expect_download() as info:
        page.click("a[href$='downloads/en/nda-report.pdf']")
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    return target


def audit_rows(server: PortalServer, email: str) -> list[dict[str, str]]:
    out = server.cli("audit", "--format", "csv").stdout
    return [row for row in csv.DictReader(io.StringIO(out)) if row["email"] in (email, "")]


def test_request_approve_sign_in_download_revoke(make_server, database: str, context, smtp,  # type: ignore[no-untyped-def]
                                                 tmp_path: Path) -> None:
    server = make_server(database)
    page = context.new_page()
    email = f"anna.berg.{database.split(':')[0]}@prospect.example"  # one mailbox serves every test

    # Without a session the gated document is refused, with the way to ask for it.
    response = page.goto(server.url + GATED_PDF)
    assert response.status == 403
    assert "shared under a non-disclosure agreement" in page.inner_text("main")
    assert page.get_attribute("a[href='/access/']", "href") == "/access/"

    # The request form shows the NDA of content/portal.yaml and stores the request.
    page.goto(server.url + "/access/")
    assert "You keep the documents confidential." in page.inner_text(".nda")
    request_access(page, server, email)
    listed = server.cli("requests", "--status", "pending").stdout
    assert re.search(rf"^1  \S+ \S+  pending  {re.escape(email)}  Anna Berg  Prospect AB  2026-05", listed, re.MULTILINE)

    # A person approves it: the link is printed and e-mailed through the SMTP server.
    result = server.cli("approve", email, "--days", "10")
    link = result.stdout.strip()
    assert re.fullmatch(re.escape(server.url) + r"/signin/[A-Za-z0-9_-]{40,}", link)
    assert "approved until" in result.stderr and f"sign-in link sent to {email}" in result.stderr
    mails = smtp[1].to(email)
    assert len(mails) == 1
    assert mails[0]["Subject"] == "Your access to the Acme Molnet trust center documents"
    assert link in mails[0].get_payload(decode=True).decode()

    # The link signs in once ...
    assert sign_in(page, link) == 200
    assert page.url == server.url + "/nda/"
    pdf = download(page, server, tmp_path)
    pages = pdf_pages(pdf)
    assert pages and all(f"provided to {email} (Prospect AB)" in p for p in pages), pages

    # ... and not a second time, not even in another browser.
    other = context.browser.new_context()
    second = other.new_page()
    assert second.goto(link).status == 410
    assert "already been used or has expired" in second.inner_text("main")
    other.close()

    # A link that has expired is refused too.
    fresh = server.cli("approve", email).stdout.strip()
    from sqlalchemy import text

    from generator.portal.db import engine_for

    engine = engine_for(database)
    with engine.begin() as conn:  # 24 hours pass
        conn.execute(text("UPDATE signin_link SET expires_at = created_at - interval '1 second'"
                          if database.startswith("postgresql") else
                          "UPDATE signin_link SET expires_at = datetime(created_at, '-1 second')"))
    engine.dispose()
    third = context.browser.new_context().new_page()
    assert sign_in(third, fresh) == 410
    third.context.close()

    # Revoked: the signed-in browser is refused the document it could download a moment ago.
    server.cli("revoke", email)
    assert page.goto(server.url + GATED_PDF).status == 403

    events = [row["event"] for row in audit_rows(server, email)]
    assert events == ["refused", "request", "approve", "signin", "download", "signin-refused", "approve",
                      "signin-refused", "revoke", "refused"], events
    rows = audit_rows(server, email)
    assert [rows[i]["detail"] for i in (0, 1, 4, 5, 7, 9)] == [
        f"{GATED_PDF} (no session)", "nda 2026-05", GATED_PDF, "link used", "link expired",
        f"{GATED_PDF} (session revoked or expired)"]


def test_customer_domain_is_approved_by_the_content_rule(make_server, sqlite_url: str, context, smtp,  # type: ignore[no-untyped-def]
                                                         tmp_path: Path) -> None:
    server = make_server(sqlite_url)
    page = context.new_page()
    email = "lars@customer.example"
    request_access(page, server, email, name="Lars", company="Customer AB")
    mails = smtp[1].to(email)
    assert len(mails) == 1
    link = re.search(r"http://\S+/signin/\S+", mails[0].get_payload(decode=True).decode()).group(0)  # type: ignore[union-attr]
    assert sign_in(page, link) == 200
    assert all(email in p for p in pdf_pages(download(page, server, tmp_path)))
    assert [r["event"] for r in audit_rows(server, email)] == ["request", "auto-approve", "signin", "download"]


def test_nothing_is_lost_on_restart(make_server, sqlite_url: str, context, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    server = make_server(sqlite_url)
    page = context.new_page()
    email = "restart@prospect.example"
    request_access(page, server, email)
    link = server.cli("approve", email).stdout.strip()
    assert sign_in(page, link) == 200
    server.stop()
    server.start()  # the same database file, a new process
    assert all(email in p for p in pdf_pages(download(page, server, tmp_path)))
    assert "restart@prospect.example" in server.cli("requests").stdout


def test_two_processes_on_one_postgresql_serve_one_session_alike(make_server, postgres_url: str, context,  # type: ignore[no-untyped-def]
                                                                 tmp_path: Path) -> None:
    from portal_tools import empty_database

    empty_database(postgres_url)
    first = make_server(postgres_url)
    second = make_server(postgres_url)
    page = context.new_page()
    email = "two@prospect.example"
    request_access(page, first, email)
    link = first.cli("approve", email).stdout.strip()
    assert sign_in(page, link) == 200  # signed in through the first process
    # Cookies belong to the host, not the port: the same browser session now asks the second process.
    assert all(email in p for p in pdf_pages(download(page, second, tmp_path)))
    other = context.browser.new_context().new_page()
    assert sign_in(other, link.replace(first.url, second.url)) == 410  # the link was used, whichever process sees it
    other.context.close()
    second.cli("revoke", email)
    assert page.goto(first.url + GATED_PDF).status == 403
    assert page.goto(second.url + GATED_PDF).status == 403
