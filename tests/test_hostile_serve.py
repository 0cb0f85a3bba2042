"""`trustgen serve` against a hostile web page and hostile content: it answers only to this machine,
lists no folders, and shows a failed rebuild's errors in the browser while it goes on serving."""

from __future__ import annotations

import http.client
from collections.abc import Iterator
from pathlib import Path

import pytest
from kbtest import running_preview, wait_for


def _get(port: int, path: str, host: str | None = None) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.putrequest("GET", path, skip_host=True)
        conn.putheader("Host", host if host is not None else f"127.0.0.1:{port}")
        conn.endheaders()
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[object]:
    errors: list[str] = []
    with running_preview(tmp_path, errors, audience="nda") as p:
        p.reported = errors
        yield p


def test_only_this_machine_is_answered(preview) -> None:  # type: ignore[no-untyped-def]
    port = preview.server.server_address[1]
    assert _get(port, "/")[0] == 200
    assert _get(port, "/", host=f"localhost:{port}")[0] == 200
    # a DNS-rebinding page reaches 127.0.0.1 under its own name: refused
    status, body = _get(port, "/", host=f"attacker.example:{port}")
    assert status == 421
    assert "Testbolaget" not in body
    assert _get(port, "/", host="")[0] == 421


def test_folders_are_not_listed(preview) -> None:  # type: ignore[no-untyped-def]
    port = preview.server.server_address[1]
    assert (preview.site / "assets").is_dir() and not (preview.site / "assets" / "index.html").exists()
    status, body = _get(port, "/assets/")
    assert status == 404
    assert "Directory listing" not in body


def test_a_failed_rebuild_is_shown_in_the_browser_and_serving_goes_on(preview) -> None:  # type: ignore[no-untyped-def]
    port = preview.server.server_address[1]
    org = preview.content / "organization.yaml"
    good = org.read_text(encoding="utf-8")
    org.write_text(good.replace("name: Testbolaget\n", 'name: "Test<b>bolaget\\e[2J"\n'), encoding="utf-8")
    wait_for(lambda: preview.failures == 1)
    status, body = _get(port, "/")
    assert status == 200
    assert "The site could not be rebuilt; this is the last good build." in body
    assert "organization.name" in body, preview.reported
    assert ("content/organization.yaml:3:9: organization.name: text holds a control character (U+001B) at "
            "position 15; remove it") in body.replace(str(preview.content.parent) + "/", "")
    assert "Test<b>bolaget" not in body and "Test&lt;b&gt;bolaget" not in body  # the value itself is not echoed
    org.write_text(good, encoding="utf-8")
    wait_for(lambda: preview.builds == 2)
    status, body = _get(port, "/")
    assert status == 200 and "could not be rebuilt" not in body
