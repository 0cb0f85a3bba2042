"""Hostile input to the real portal server: it is refused, or stored inert and shown escaped."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from portal_tools import ADMIN_PASSWORD, PortalServer

SCRIPT = '<script>alert("owned")</script><img src=x onerror=alert(1)>'


def form_session(server: PortalServer) -> tuple[httpx.Client, str]:
    """A client that loaded the form, and the CSRF token the form carried."""
    client = httpx.Client(base_url=server.url, timeout=30)
    page = client.get("/access/")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    return client, token


def fields(token: str, **values: str) -> dict[str, str]:
    form = {"csrf": token, "name": "Eve", "email": "eve@attacker.example", "company": "Evil AB",
            "reason": "", "nda": "accept"}
    form.update(values)
    return form


@pytest.fixture
def server(make_server, sqlite_url: str) -> PortalServer:  # type: ignore[no-untyped-def]
    return make_server(sqlite_url, env={"TRUSTGEN_PORTAL_REQUEST_LIMIT": "4"})


def test_script_is_stored_inert_and_shown_escaped_on_the_admin_page(server: PortalServer, smtp,  # type: ignore[no-untyped-def]
                                                                    browser_page) -> None:
    client, token = form_session(server)
    sent = client.post("/access/", data=fields(token, name=SCRIPT, company="\x1b[31mRed\x1b[0m AB",
                                               reason=SCRIPT + "\nsecond line"))
    assert sent.status_code == 200 and "Request received" in sent.text
    # The terminal gets no escape sequence; the text is kept as typed, control characters dropped.
    listed = server.cli("requests").stdout
    assert f"{SCRIPT}  [31mRed[0m AB" in listed and "\x1b" not in listed
    # In a real browser the admin page shows the text and runs nothing.
    page = browser_page(http_credentials={"username": "admin", "password": ADMIN_PASSWORD})
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    assert page.goto(server.url + "/admin/").status == 200
    assert page.inner_text("#request-1 .name") == SCRIPT
    assert page.inner_text("#request-1 .reason") == SCRIPT + "\nsecond line"
    assert page.locator("#request-1 img").count() == 0 and dialogs == []
    # Approving it from the admin page e-mails a link; the hostile name stays in the body, no header.
    page.click("#request-1 button:has-text('Approve')")
    assert "Approved request 1" in page.inner_text("main")
    mail = smtp[1].to("eve@attacker.example")[-1]
    assert mail["To"] == "eve@attacker.example" and mail["Bcc"] is None
    assert f"Hello {SCRIPT}," in mail.get_payload(decode=True).decode()


def test_header_injection_in_the_email_field_is_refused(server: PortalServer, smtp) -> None:  # type: ignore[no-untyped-def]
    client, token = form_session(server)
    for email in ("eve@attacker.example\r\nBcc: victim@target.example", "eve@attacker.example, victim@target.example",
                  "not-an-address", '"eve"@attacker.example'):
        refused = client.post("/access/", data=fields(token, email=email))
        assert refused.status_code == 400, email
        assert "enter one e-mail address" in refused.text or "not a valid e-mail address" in refused.text
    assert server.cli("requests").stdout == ""
    assert smtp[1].to("victim@target.example") == []


def test_one_megabyte_fields_are_refused_and_nothing_is_stored(server: PortalServer) -> None:
    client, token = form_session(server)
    refused = client.post("/access/", data=fields(token, reason="A" * 1_000_000))
    assert refused.status_code == 413 and "Request too large" in refused.text
    too_long = client.post("/access/", data=fields(token, company="B" * 300))
    assert too_long.status_code == 400 and "at most 200 characters" in too_long.text
    assert server.cli("requests").stdout == ""


def test_a_wrong_or_missing_csrf_token_is_refused(server: PortalServer) -> None:
    client, token = form_session(server)
    for form in (fields("x" * 43), {k: v for k, v in fields(token).items() if k != "csrf"}):
        refused = client.post("/access/", data=form)
        assert refused.status_code == 403 and "security token did not match" in refused.text
    stranger = httpx.post(server.url + "/access/", data=fields(token))  # no cookie: a cross-site post
    assert stranger.status_code == 403
    assert server.cli("requests").stdout == ""


def test_the_nda_must_be_accepted(server: PortalServer) -> None:
    client, token = form_session(server)
    refused = client.post("/access/", data={k: v for k, v in fields(token).items() if k != "nda"})
    assert refused.status_code == 400
    assert "accept the non-disclosure agreement to request access" in refused.text


def test_requests_are_rate_limited_per_address(server: PortalServer) -> None:
    client, token = form_session(server)
    codes = [client.post("/access/", data=fields(token, email=f"n{i}@attacker.example")).status_code for i in range(6)]
    assert codes == [200, 200, 200, 200, 429, 429]
    assert "Too many access requests" in client.post("/access/", data=fields(token)).text


def test_a_foreign_host_header_is_refused(server: PortalServer) -> None:
    response = httpx.get(server.url + "/access/", headers={"Host": "evil.example"})
    assert response.status_code == 400 and response.text == "Invalid host header"


def test_admin_page_needs_the_password(server: PortalServer) -> None:
    assert httpx.get(server.url + "/admin/").status_code == 401
    assert httpx.get(server.url + "/admin/", auth=("admin", "guess")).status_code == 401
    assert httpx.get(server.url + "/admin/", auth=("admin", ADMIN_PASSWORD)).status_code == 200


def test_cookies_are_secure_behind_https(make_server, sqlite_url: str) -> None:  # type: ignore[no-untyped-def]
    server = make_server(sqlite_url, base_url="https://127.0.0.1:9443",
                         env={"TRUSTGEN_PORTAL_ALLOWED_HOSTS": "127.0.0.1"})
    cookie = httpx.get(server.url + "/access/").headers["set-cookie"]
    assert cookie.startswith("__Host-trustgen_csrf=")
    assert {"HttpOnly", "Path=/", "SameSite=lax", "Secure"} <= {p.strip() for p in cookie.split(";")}


def test_gated_paths_cannot_leave_the_nda_site(server: PortalServer, browser_page) -> None:  # type: ignore[no-untyped-def]
    client, token = form_session(server)
    client.post("/access/", data=fields(token, email="path@customer.example"))
    link = re.search(r"/signin/\S+", server.cli("approve", "path@customer.example").stdout).group(0)  # type: ignore[union-attr]
    client.post(link, data={"csrf": token})
    assert client.get("/nda/").status_code == 200
    for path in ("/nda/../../../etc/passwd", "/nda/%2e%2e/%2e%2e/etc/passwd", "/nda/..%2f..%2fportal.db"):
        assert client.get(path).status_code == 404, path
    docx = client.get("/nda/downloads/en/nda-report.docx")
    assert docx.status_code == 403 and "watermarked PDF only" in docx.text


def test_sign_in_attempts_are_rate_limited(make_server, sqlite_url: str) -> None:  # type: ignore[no-untyped-def]
    server = make_server(sqlite_url, env={"TRUSTGEN_PORTAL_SIGNIN_LIMIT": "3"})
    client, token = form_session(server)
    guesses = [client.post(f"/signin/{'A' * 43}", data={"csrf": token}) for _ in range(4)]
    assert [g.status_code for g in guesses] == [410, 410, 410, 429]
    assert "Too many sign-in attempts from your address" in guesses[-1].text


def test_word_files_are_served_when_the_content_allows_them(make_server, built, sqlite_url: str,  # type: ignore[no-untyped-def]
                                                            tmp_path: Path) -> None:
    import shutil

    content = shutil.copytree(built.content, tmp_path / "content")
    portal_yaml = content / "portal.yaml"
    portal_yaml.write_text(portal_yaml.read_text().replace("docx: false", "docx: true"))
    server = make_server(sqlite_url, content=content)
    client, token = form_session(server)
    client.post("/access/", data=fields(token, email="word@customer.example"))
    link = re.search(r"/signin/\S+", server.cli("approve", "word@customer.example").stdout).group(0)  # type: ignore[union-attr]
    client.post(link, data={"csrf": token})
    docx = client.get("/nda/downloads/en/nda-report.docx")
    assert docx.status_code == 200 and docx.content.startswith(b"PK")
    assert docx.headers["content-disposition"] == 'attachment; filename="nda-report.docx"'
