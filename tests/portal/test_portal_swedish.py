"""The portal in Swedish: the form at /sv/access/, links, e-mails, pages and watermarks in the
language the visitor asked in."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import httpx
from portal_tools import ROOT, PortalServer


def test_a_swedish_visitor_is_served_in_swedish(make_server, sqlite_url: str, smtp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    server: PortalServer = make_server(sqlite_url)
    client = httpx.Client(base_url=server.url, timeout=30)
    form = client.get("/sv/access/")
    assert "<h1>Begär åtkomst</h1>" in form.text
    assert "<p>Du håller dokumenten konfidentiella.</p>" in form.text
    assert '<label for="company">Företagets namn</label>' in form.text
    assert 'action="/sv/access/"' in form.text
    token = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)  # type: ignore[union-attr]
    fields = {"csrf": token, "name": "Sara Lind", "email": "sara@kommun.example", "company": "Kommunen",
              "reason": "Upphandling"}
    refused = client.post("/sv/access/", data=fields)
    assert refused.status_code == 400 and "godkänn sekretessavtalet för att begära åtkomst" in refused.text
    assert "Begäran mottagen" in client.post("/sv/access/", data={**fields, "nda": "accept"}).text

    link = server.cli("approve", "sara@kommun.example").stdout.strip()
    assert link.startswith(server.url + "/sv/signin/")
    mail = smtp[1].to("sara@kommun.example")[-1]
    assert mail["Subject"] == "Din åtkomst till konfidentiella dokument från Acme Molnet"
    assert mail.get_content().replace("\r\n", "\n").startswith("Hej Sara Lind!\n\nDin begäran om de konfidentiella")

    path = link[len(server.url):]
    assert '<button type="submit">Logga in</button>' in client.get(path).text
    signed_in = client.post(path, data={"csrf": token})
    assert signed_in.status_code == 303 and signed_in.headers["location"] == "/nda/sv/"
    pdf = client.get("/nda/downloads/sv/nda-report.pdf")
    (tmp_path / "r.pdf").write_bytes(pdf.content)
    text = subprocess.run(["pdftotext", str(tmp_path / "r.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = [p for p in text.split("\f") if p.strip()]
    assert pages and all("Konfidentiellt: utlämnat till sara@kommun.example (Kommunen) den " in p for p in pages)
    used = client.get(path)
    assert used.status_code == 410 and "Inloggningslänken har redan använts eller har gått ut." in used.text


def test_every_portal_string_has_a_swedish_translation() -> None:
    from babel.messages.extract import extract_from_dir
    from babel.messages.pofile import read_po

    method_map = [("generator/portal/**.py", "python"), ("generator/templates/portal/**.html", "jinja2")]
    found = {msg[2] if isinstance(msg[2], str) else msg[2][0] for msg in extract_from_dir(str(ROOT), method_map)}
    assert {"Request access", "I accept the non-disclosure agreement", "at most %(limit)s characters"} <= found
    with (ROOT / "locales" / "sv" / "LC_MESSAGES" / "portal.po").open("rb") as fh:
        catalog = read_po(fh, locale="sv")
    translated = {m.id for m in catalog if m.id and m.string}
    assert sorted(found - translated) == []
