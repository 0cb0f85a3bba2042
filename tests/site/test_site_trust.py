"""What a buyer's reviewer checks on a trust center: honest review dates and statuses, the audit period
of an attestation report, files shipped with the site, nda material announced but never shown, one
404 page per language, no English on Swedish pages, links that work under a sub-path, search per
language. Read from the built HTML of tests/data/site/acme with the additions of acme-extra."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from site_tools import ACME, EPOCH, ROOT, page

EXTRA = ROOT / "tests" / "data" / "site" / "acme-extra"

ORGANIZATION_PRODUCT = """\
  - id: mobile
    name: Acme Mobile
    description: {en: The mobile app., sv: Mobilappen.}
"""

SHARED_FACT = """\
  - id: shared-keys
    title: {en: Key management, sv: Nyckelhantering}
    statement:
      en: Keys of the payroll service and the API are kept in a hardware security module.
      sv: Nycklarna för lönetjänsten och API:et förvaras i en hårdvarusäkerhetsmodul.
    products: [app, api]
    visibility: public
    owner: Security team
    last_reviewed: 2026-10-01
"""

OPEN_QUESTION_FACT = """\
  - id: ticket-retention
    title: {en: Support tickets, sv: Supportärenden}
    statement:
      en: Support tickets are kept for 18 months after they are closed.
      sv: Supportärenden sparas i 18 månader efter att de har stängts.
    visibility: public
    owner: Support
    last_reviewed: 2026-10-01
    questions:
      - text: {en: How long do you keep support tickets?, sv: Hur länge sparar ni supportärenden?}
        faq: true
"""

PCI_STANCE = """\
  - id: pci-dss
    framework: pci-dss
    stance: yes
    card_data_allowed: false
    product_audited: false
    statement:
      en: Card payments for subscriptions are handled by a PCI DSS Level 1 provider; the products have not been assessed.
      sv: Kortbetalningar för abonnemang hanteras av en leverantör på nivå 1 enligt PCI DSS; tjänsterna har inte bedömts.
    visibility: public
    owner: Compliance
    last_reviewed: 2026-05-01
"""

UNLOCATED_SUBPROCESSOR = """\
  - id: nowhere
    name: Somewhere Support Ltd
    purpose: {en: Support desk, sv: Kundtjänst}
    data: {en: Support tickets, sv: Supportärenden}
    visibility: public
    owner: Privacy
    last_reviewed: 2026-04-01
"""

FILES = """\
files:
  - id: iso-certificate
    kind: certificate
    title: {en: ISO/IEC 27001 certificate, sv: ISO/IEC 27001-certifikat}
    description: {en: Issued by Certifierarna AB., sv: Utfärdat av Certifierarna AB.}
    file: files/acme-iso-certificate.pdf
    certification: iso27001
    date: 2024-01-20
    visibility: public
  - id: bridge-letter
    kind: bridge-letter
    title: {en: Bridge letter CANARY-NDA-FILE-77ab, sv: Bryggbrev CANARY-NDA-FILE-77ab}
    file: files/acme-bridge-letter.pdf
    certification: soc2
    visibility: nda
    listing:
      title: {en: SOC 2 bridge letter, sv: Bryggbrev för SOC 2}
      description: {en: Covers the time since the audit period., sv: Täcker tiden sedan granskningsperioden.}
  - id: pentest
    kind: summary
    title: {en: Penetration test letter CANARY-NDA-FILE-9c1d, sv: Intyg om penetrationstest CANARY-NDA-FILE-9c1d}
    file: files/acme-bridge-letter.pdf
    visibility: nda
"""


@dataclass(frozen=True)
class Built:
    content: Path
    public: Path
    nda: Path


def make_content(dest: Path) -> Path:
    """A copy of acme with the additions above."""
    content = shutil.copytree(ACME, dest)
    shutil.copytree(EXTRA / "files", content / "files")

    def add(name: str, after: str, text: str) -> None:
        path = content / name
        source = path.read_text(encoding="utf-8")
        assert after in source, (name, after)
        path.write_text(source.replace(after, after + text, 1), encoding="utf-8")

    def append(name: str, text: str) -> None:
        path = content / name
        path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + text, encoding="utf-8")

    add("organization.yaml", "products:\n", ORGANIZATION_PRODUCT)
    append("facts/encryption.yaml", SHARED_FACT)
    append("facts/data-retention.yaml", OPEN_QUESTION_FACT)
    append("compliance.yaml", PCI_STANCE)
    append("subprocessors.yaml", UNLOCATED_SUBPROCESSOR)
    (content / "files.yaml").write_text(FILES, encoding="utf-8")
    certs = content / "certifications.yaml"
    text = certs.read_text(encoding="utf-8")
    text = text.replace("    issued: 2026-03-01\n    expires: 2027-09-01\n",
                        "    issued: 2026-03-01\n    expires: 2027-09-01\n    period: {from: 2025-01-01, to: 2025-12-31}\n")
    text = text.replace("report: {access: public, document: acme-overview}", "report: {access: public, document: iso-certificate}")
    certs.write_text(text, encoding="utf-8")
    doc = content / "documents" / "nda-report.yaml"
    doc.write_text(doc.read_text(encoding="utf-8").replace("visibility: nda\n", (
        "visibility: nda\nlisting:\n  title: {en: Penetration test summary, sv: Sammanfattning av penetrationstest}\n"
        "  description: {en: The findings of the yearly test., sv: Resultaten av det årliga testet.}\n")), encoding="utf-8")
    return content


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    from generator.site import build_site

    root = tmp_path_factory.mktemp("acme-extra")
    content = make_content(root / "content")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        mp.chdir(root)
        public = build_site(content, root / "site")
        nda = build_site(content, root / "site-nda", audience="nda")
    return Built(content, public.out, nda.out)


# --- 1: the demo content passes strict validation ----------------------------------------------------

def test_the_demo_content_validates_strictly_on_the_day_it_was_written(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    from kbtest import run_cli

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796601600")  # 2026-12-06
    code, _out, err = run_cli(["validate", "--content", "content", "--strict"], ROOT, capsys)
    assert code == 0, err
    assert "warning" not in err and "content: valid: 84 facts" in err


# --- 2: certificates and letters as files --------------------------------------------------------------

def test_a_certificate_file_is_published_and_the_report_button_downloads_it(built: Built) -> None:
    html = page(built.public, "compliance")
    hrefs = [a["href"] for a in html.links()]
    assert "../downloads/files/iso-certificate.pdf" in hrefs
    assert "Download the certificate (PDF, " in html.content()
    shipped = built.public / "downloads" / "files" / "iso-certificate.pdf"
    assert shipped.read_bytes() == (EXTRA / "files" / "acme-iso-certificate.pdf").read_bytes()
    documents = page(built.public, "sv/documents")
    assert "Certifikat och intyg" in documents.content() and "ISO/IEC 27001-certifikat" in documents.content()
    assert "../../downloads/files/iso-certificate.pdf" in [a["href"] for a in documents.links()]


def test_a_report_url_into_the_trust_center_itself_is_an_error(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from kbtest import run_cli

    content = make_content(tmp_path / "content")
    certs = content / "certifications.yaml"
    certs.write_text(certs.read_text(encoding="utf-8").replace(
        "report: {access: public, document: iso-certificate}",
        "report: {access: public, url: https://trust.acme.example/certificates/iso.pdf}"), encoding="utf-8")
    code, _, err = run_cli(["validate", "--content", "content"], tmp_path, capsys)
    assert code == 1
    assert ("content/certifications.yaml:24:35: certifications[1].report.url: "
            "https://trust.acme.example/certificates/iso.pdf points into the trust center itself, where the build "
            "creates no such file; ship the file in files.yaml and name it in report.document") in err


@pytest.mark.parametrize("problem, message", [
    ("missing", "no such file: files/acme-iso-certificate.pdf (relative to the content folder)"),
    ("symlink", "files/acme-iso-certificate.pdf is a symbolic link; files must be real files inside the content folder"),
    ("not-pdf", "files/acme-iso-certificate.pdf is not a PDF file"),
])
def test_a_bad_file_is_reported_at_its_line(tmp_path: Path, capsys, problem: str, message: str) -> None:  # type: ignore[no-untyped-def]
    from kbtest import run_cli

    content = make_content(tmp_path / "content")
    target = content / "files" / "acme-iso-certificate.pdf"
    target.unlink()
    if problem == "symlink":
        outside = tmp_path / "secret.pdf"
        outside.write_bytes(b"%PDF-1.7 outside the content folder")
        target.symlink_to(outside)
    elif problem == "not-pdf":
        target.write_text("<html>not a pdf</html>")
    code, _, err = run_cli(["validate", "--content", "content"], tmp_path, capsys)
    assert code == 1 and "Traceback" not in err
    assert f"content/files.yaml:6:11: files[0].file: {message}" in err


# --- 3: a stance's chip shows the products' status ---------------------------------------------------

@pytest.mark.parametrize("prefix, products, payments", [
    ("", "Products: Not assessed", "Our own card payments: Yes"),
    ("sv/", "Produkter: Inte bedömda", "Våra egna kortbetalningar: Ja"),
])
def test_the_pci_chip_shows_the_products_status_and_the_payments_apart(built: Built, prefix: str, products: str,
                                                                        payments: str) -> None:
    html = page(built.public, prefix)
    chip = next(a for a in html.links() if a.get("href", "").endswith("#pci-dss"))
    assert chip is not None
    text = html.content()
    assert f"PCI DSS {products} {payments}" in text
    assert "PCI DSS Yes" not in text and "PCI DSS Ja" not in text
    badges = [attrs.get("class", "") for tag, attrs in html.elements if "tg-badge--answer" in attrs.get("class", "")]
    assert "tg-badge tg-badge--answer-no" in badges  # the products' status is not shown green
    privacy = page(built.public, prefix + "privacy").content()
    assert f"{products} {payments}" in privacy


# --- 4: an attestation report shows its audit period ---------------------------------------------------

def test_soc2_shows_the_audit_period_and_the_bridge_letter(built: Built) -> None:
    en = page(built.public, "compliance").content()
    assert "Audit period 1 January 2025 to 31 December 2025" in en
    assert "SOC 2 Type 2 Valid Audit period 1 January 2025 to 31 December 2025" in page(built.public, "").content()
    section = en[en.index("SOC 2 Type 2"):en.index("ISO/IEC 27001")]
    assert "Valid until" not in section and "Report date" in section and "Issued" not in section
    assert "SOC 2 bridge letter Available under NDA Request access Covers the time since the audit period." in section
    sv = page(built.public, "sv/compliance").content()
    assert "Granskningsperiod 1 januari 2025 – 31 december 2025" in sv
    assert "Bryggbrev för SOC 2 Lämnas ut under sekretessavtal Begär åtkomst" in sv
    data = json.loads((built.public / "trust.json").read_text())
    assert next(c for c in data["certifications"] if c["id"] == "soc2")["period"] == {"from": "2025-01-01",
                                                                                      "to": "2025-12-31"}


# --- 5: open questions in the FAQ agree with the answers ------------------------------------------------

def test_an_open_faq_question_is_answered_in_words_not_with_yes(built: Built, capsys) -> None:  # type: ignore[no-untyped-def]
    en = page(built.public, "faq").content()
    assert ("How long do you keep support tickets? Support tickets are kept for 18 months after they are closed."
            in en)
    assert "How long do you keep support tickets? Yes" not in en
    assert "Hur länge sparar ni supportärenden? Supportärenden sparas i 18 månader" in page(built.public, "sv/faq").content()

    from generator.kb import load_knowledge_base
    from generator.questionnaire.engine import answer_questions
    from generator.questionnaire.model import Question

    kb = load_knowledge_base(built.content)
    answer = answer_questions(kb, [Question("1", "How long do you keep support tickets?")])[0]
    assert answer.answer is None  # the same question gets no yes/no from trustgen answer either
    if answer.status == "answered":
        assert "18 months" in (answer.text or "")


# --- 6: no repeated facts, no empty location, an honest heading ------------------------------------------

def test_a_fact_for_two_products_is_shown_once_under_both_names(built: Built) -> None:
    text = page(built.public, "encryption").content()
    statement = "Keys of the payroll service and the API are kept in a hardware security module."
    assert text.count(statement) == 1
    assert f"Specific to Acme Payroll and Acme API Key management {statement}" in text
    assert "Gäller endast Acme Payroll och Acme API Nyckelhantering" in page(built.public, "sv/encryption").content()


def test_a_subprocessor_without_location_says_not_stated(built: Built) -> None:
    assert "Somewhere Support Ltd Support desk Support tickets Not stated" in page(built.public, "subprocessors").content()
    assert "Somewhere Support Ltd Kundtjänst Supportärenden Uppgift saknas" in page(built.public, "sv/subprocessors").content()


def test_the_contact_heading_names_vulnerability_reports_only_when_there_is_a_contact_for_them(tmp_path: Path) -> None:
    from generator.site import build_site

    content = shutil.copytree(ROOT / "tests" / "data" / "good" / "minimal", tmp_path / "content")
    org = content / "organization.yaml"
    text = org.read_text(encoding="utf-8")
    start = text.index("  - id: security\n")
    end = text.index("  - id: compliance\n")
    org.write_text(text[:start] + text[end:], encoding="utf-8")
    out = build_site(content, tmp_path / "site").out
    en = page(out, "").content()
    assert "Questions Ask about security and compliance" in en
    assert "vulnerability" not in en.lower()
    assert "Frågor Frågor om säkerhet" in page(out, "sv").content() or "Frågor " in page(out, "sv").content()


# --- 7: the language switch works under a sub-path ----------------------------------------------------

@pytest.mark.parametrize("path, links", [
    ("", {"en": "./", "sv": "./sv/"}),
    ("sv/", {"en": "../", "sv": "../sv/"}),
    ("encryption/", {"en": "./", "sv": "../sv/encryption/"}),
])
def test_the_language_switch_links_are_relative_on_every_page(built: Built, path: str, links: dict[str, str]) -> None:
    html = page(built.public, path.rstrip("/"))
    found = {attrs["hreflang"]: attrs["href"] for tag, attrs in html.elements
             if tag == "a" and "md-select__link" in attrs.get("class", "")}
    assert found == links


# --- 9: search per language -------------------------------------------------------------------------

def test_each_language_searches_its_own_index(built: Built) -> None:
    en = json.loads((built.public / "search" / "search_index.json").read_text())
    sv = json.loads((built.public / "sv" / "search" / "search_index.json").read_text())
    assert en["config"]["lang"] == ["en"] and sv["config"]["lang"] == ["sv"]
    assert not any(d["location"].startswith("sv/") for d in en["docs"])
    assert any(d["location"] == "encryption/#at-rest" and "Lönedata" in d["text"] for d in sv["docs"])
    assert not any("Lönedata" in d["text"] for d in en["docs"])
    # the overview's cards repeat other pages: they are not indexed as one blob
    glance = next(d for d in en["docs"] if d["location"] == "#at-a-glance")
    assert glance["text"] == ""
    assert '"base": "../../sv/"' in (built.public / "sv" / "encryption" / "index.html").read_text()


# --- 10: one 404 page per language ---------------------------------------------------------------------

def test_each_language_has_its_own_404_page(built: Built) -> None:
    root = (built.public / "404.html").read_text()
    sv = (built.public / "sv" / "404.html").read_text()
    assert '<html lang="en"' in root and "<h1>Page not found</h1>" in root
    assert '<html lang="sv"' in sv and "<h1>Sidan finns inte</h1>" in sv
    assert 'href="https://trust.acme.example/sv/"' in sv


# --- 11: no English on Swedish pages -------------------------------------------------------------------

def test_swedish_pages_carry_no_english_words_of_ours(built: Built) -> None:
    sv = page(built.public, "sv")
    assert sv.content().startswith("Förtroendecenter Acme Molnet")
    encryption = (built.public / "sv" / "encryption" / "index.html").read_text()
    assert 'title="Permanent länk"' in encryption and "Permanent link" not in encryption
    assert 'title="Permanent link"' in (built.public / "encryption" / "index.html").read_text()
    assert 'aria-label="Byt till mörkt läge"' in encryption
    for path in ("sv/subprocessors", "sv/compliance", "sv/privacy", "subprocessors"):
        assert not re.search(r"\([^()]*\(", page(built.public, path).content()), path


# --- gated material ----------------------------------------------------------------------------------

def test_nda_material_is_announced_on_the_public_site_by_its_listing_only(built: Built) -> None:
    documents = page(built.public, "documents")
    text = documents.content()
    assert ("Available under NDA These documents are shared with customers and prospective customers under a "
            "non-disclosure agreement.") in text
    assert "Penetration test summary Available under NDA Request access The findings of the yearly test." in text
    requests = [a["href"] for a in documents.links() if "tg-request" in a.get("class", "")]
    assert "mailto:compliance@acme.example?subject=Request%20for%20Penetration%20test%20summary" in requests
    # the nda items' own words, their files and an nda item without a listing never reach a public byte
    for path in built.public.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for canary in (b"CANARY-NDA-DOC-44f0", b"CANARY-NDA-FILE-77ab", b"CANARY-NDA-FILE-9c1d"):
                assert canary not in data, (path, canary)
    assert not (built.public / "downloads" / "files" / "bridge-letter.pdf").exists()
    assert "Penetration test letter" not in text
    data = json.loads((built.public / "trust.json").read_text())
    assert {g["id"] for g in data["on_request"]} == {"nda-report", "bridge-letter"}


PORTAL = """\
portal:
  url: https://trust.acme.example/portal/
  nda:
    version: "2026-11"
    text: {en: You keep the documents confidential., sv: Du håller dokumenten konfidentiella.}
"""


def test_with_an_access_portal_the_request_links_open_its_form_for_the_document(tmp_path: Path) -> None:
    """portal.yaml names the portal's address: "Request access" opens the portal's request form for that
    item, in the page's language, on every page that offers the item; without a portal it is an e-mail
    (test_nda_material_is_announced_on_the_public_site_by_its_listing_only)."""
    from generator.site import build_site

    content = make_content(tmp_path / "content")
    (content / "portal.yaml").write_text(PORTAL, encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        mp.chdir(tmp_path)
        site = build_site(content, tmp_path / "site").out
    for prefix, label in (("", "Available under NDA Request access"),
                          ("sv/", "Lämnas ut under sekretessavtal Begär åtkomst")):
        portal = "https://trust.acme.example/portal/" + prefix + "access/?document="
        documents = page(site, prefix + "documents")
        requests = [a["href"] for a in documents.links() if "tg-request" in a.get("class", "")]
        assert requests == [portal + "nda-report", portal + "bridge-letter"]
        assert label in documents.content()
        compliance = page(site, prefix + "compliance")
        requests = [a["href"] for a in compliance.links() if "tg-request" in a.get("class", "")]
        assert portal + "bridge-letter" in requests
        assert not any(href.startswith("mailto:") and "bridge" in href.lower() for href in requests)


def test_a_portal_address_must_be_https(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from kbtest import run_cli

    content = make_content(tmp_path / "content")
    (content / "portal.yaml").write_text(PORTAL.replace("https://trust.acme.example/portal/",
                                                       "http://trust.acme.example/?x=1"), encoding="utf-8")
    code, _out, err = run_cli(["validate", "--content", "content"], tmp_path, capsys)
    assert code == 1
    assert ("content/portal.yaml:2:8: portal.url: 'http://trust.acme.example/?x=1' is not an https:// URL without "
            "? or # (the portal's address, to which /access/ is added)\n") in err


def test_the_nda_site_offers_the_nda_files_themselves(built: Built) -> None:
    letter = built.nda / "downloads" / "files" / "bridge-letter.pdf"
    assert letter.exists()
    text = subprocess.run(["pdftotext", str(letter), "-"], capture_output=True, check=True, text=True).stdout
    assert "CANARY-NDA-FILE-77ab" in text
    compliance = page(built.nda, "compliance")
    assert "../downloads/files/bridge-letter.pdf" in [a["href"] for a in compliance.links()]
    assert "Available under NDA" not in page(built.nda, "documents").content()


def test_old_knowledge_bases_still_validate(capsys) -> None:  # type: ignore[no-untyped-def]
    from kbtest import run_cli

    for folder in ("examples/claris", "examples/clario", "examples/thefm-studio", "tests/data/good/minimal"):
        code, _out, err = run_cli(["validate", "--content", folder], ROOT, capsys)
        assert code == 0, (folder, err)


# --- feeds, the security package, the link check ----------------------------------------------------

ATOM = "{http://www.w3.org/2005/Atom}"


def _atom(path: Path):  # type: ignore[no-untyped-def]
    import xml.etree.ElementTree as ET

    root = ET.parse(path).getroot()
    assert root.tag == f"{ATOM}feed"
    for child in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{child}") is not None and root.find(f"{ATOM}{child}").text
    entries = root.findall(f"{ATOM}entry")
    for entry in entries:
        for child in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{child}").text, child
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00Z", entry.find(f"{ATOM}updated").text)
    assert len({e.find(f"{ATOM}id").text for e in entries}) == len(entries)
    return root, entries


@pytest.mark.parametrize("prefix, locale", [("", "en"), ("sv/", "sv")])
def test_each_language_has_an_atom_feed_of_updates_with_one_entry_per_update(built: Built, prefix: str,
                                                                             locale: str) -> None:
    from generator.kb import load_knowledge_base
    from generator.text import render

    public = load_knowledge_base(built.content).for_audience("public")
    root, entries = _atom(built.public / f"{prefix}updates.xml")
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == locale
    assert [e.find(f"{ATOM}title").text for e in entries] == [render(public, u.title, locale) for u in public.updates]
    links = [e.find(f"{ATOM}link").get("href") for e in entries]
    assert links[0].startswith(f"https://trust.acme.example/{prefix}updates/#")
    assert not any("CANARY" in (e.find(f"{ATOM}title").text or "") for e in entries)
    page_head = (built.public / prefix / "updates" / "index.html").read_text()
    href = "../updates.xml" if locale == "en" else "../../sv/updates.xml"
    assert f'<link rel="alternate" type="application/atom+xml" href="{href}"' in page_head


def test_the_subprocessor_feed_dates_every_change(built: Built, tmp_path: Path) -> None:
    from generator.site import build_site

    content = make_content(tmp_path / "content")
    with (content / "subprocessors.yaml").open("a", encoding="utf-8") as fh:
        fh.write("changes:\n"
                 "  - {date: 2026-12-01, change: added, name: New Mail AB, description: {en: Replaces Postal Mailer., "
                 "sv: Ersätter Postal Mailer.}}\n"
                 "  - {date: 2026-06-01, change: removed, name: Old Fax Ltd}\n")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)  # 2026-11-18: the first change is still ahead
        mp.chdir(tmp_path)
        out = build_site(content, tmp_path / "site").out
    _, entries = _atom(out / "subprocessors.xml")
    titles = [e.find(f"{ATOM}title").text for e in entries]
    assert titles[:2] == ["Planned from 1 December 2026: New Mail AB added as a subprocessor",
                          "Subprocessor removed: Old Fax Ltd"]
    _, sv = _atom(out / "sv" / "subprocessors.xml")
    assert sv[0].find(f"{ATOM}title").text == "Planerat från 1 december 2026: New Mail AB blir underbiträde"
    text = page(out, "subprocessors").content()
    assert "Changes" in text and "1 December 2026 Planned New Mail AB Replaces Postal Mailer." in text
    assert "1 June 2026 Removed Old Fax Ltd" in text
    assert "../subprocessors.xml" in [a["href"] for a in page(out, "subprocessors").links()]


@pytest.mark.parametrize("locale", ["en", "sv"])
def test_the_security_package_holds_every_public_document_with_a_manifest(built: Built, locale: str) -> None:
    import hashlib
    import zipfile

    package = built.public / "downloads" / f"security-package-{locale}.zip"
    with zipfile.ZipFile(package) as zf:
        names = sorted(zf.namelist())
        manifest = json.loads(zf.read("manifest.json"))
        for row in manifest["files"]:
            assert hashlib.sha256(zf.read(row["file"])).hexdigest() == row["sha256"]
        assert zf.read("acme-overview.pdf") == (built.public / "downloads" / locale / "acme-overview.pdf").read_bytes()
    folder = {"en": "Certificates and letters", "sv": "Certifikat och intyg"}[locale]
    assert names == sorted(["acme-overview.docx", "acme-overview.pdf", f"{folder}/iso-certificate.pdf", "manifest.json"])
    assert manifest["organization"] == "Acme Molnet AB" and manifest["audience"] == "public"
    documents = page(built.public, ("" if locale == "en" else "sv/") + "documents")
    assert any(a["href"].endswith(f"downloads/security-package-{locale}.zip") for a in documents.links())
    with zipfile.ZipFile(built.nda / "downloads" / f"security-package-{locale}.zip") as zf:
        assert "nda-report.pdf" in zf.namelist()  # the nda site's package holds the nda documents


def test_a_broken_link_fails_the_build_naming_its_page(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from generator.errors import BuildError
    from generator.site import build as site_build
    from generator.site import build_site

    content = make_content(tmp_path / "content")
    real = site_build.copy_files

    def lose_the_certificate(view, out):  # type: ignore[no-untyped-def]
        artifacts = real(view, out)
        (out / "downloads" / "files" / "iso-certificate.pdf").unlink()  # the pages will still link to it
        return artifacts

    monkeypatch.setattr(site_build, "copy_files", lose_the_certificate)
    monkeypatch.setattr(site_build, "security_packages", lambda view, out, documents: ())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(BuildError) as failure:
        build_site(content, tmp_path / "site")
    message = str(failure.value)
    assert "broken link(s) in the built site" in message
    assert "compliance/index.html: ../downloads/files/iso-certificate.pdf (no such page or file)" in message
    assert "sv/documents/index.html: ../../downloads/files/iso-certificate.pdf (no such page or file)" in message
    assert not (tmp_path / "site").exists()  # nothing was published


def test_the_documents_page_has_one_section_per_language_and_one_for_files(built: Built) -> None:
    html = (built.public / "documents" / "index.html").read_text()
    assert re.findall(r'<h2 id="([^"]*)"', html) == ["documents-en", "documents-sv", "files", "nda"]


# --- branding from content ---------------------------------------------------------------------------

LOGO = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" '
        'fill="#123456"/></svg>\n')


def _branded(tmp_path: Path, logo: str = LOGO) -> Path:
    content = shutil.copytree(ROOT / "tests" / "data" / "good" / "minimal", tmp_path / "content")
    (content / "files").mkdir()
    (content / "files" / "logo.svg").write_text(logo, encoding="utf-8")
    org = content / "organization.yaml"
    text = org.read_text(encoding="utf-8")
    org.write_text(text.replace("locales:", 'branding:\n  logo: files/logo.svg\n  primary_color: "#0f4c5c"\nlocales:', 1),
                   encoding="utf-8")
    return content


def test_the_logo_and_colour_of_the_content_brand_the_site(tmp_path: Path) -> None:
    from generator.site import build_site

    out = build_site(_branded(tmp_path), tmp_path / "site").out
    shipped = out / "assets" / "trustgen" / "brand" / "logo.svg"
    assert shipped.read_text(encoding="utf-8") == LOGO
    for path, up in (("index.html", ""), ("sv/encryption/index.html", "../../")):
        html = (out / path).read_text(encoding="utf-8")
        assert f'<img src="{up}assets/trustgen/brand/logo.svg"' in html  # the header's logo
        assert f'<link rel="icon" href="{up}assets/trustgen/brand/favicon.svg">' in html
        assert f'href="{up}assets/trustgen/brand/brand.css"' in html
    assert "--md-primary-fg-color: #0f4c5c;" in (out / "assets" / "trustgen" / "brand" / "brand.css").read_text()


@pytest.mark.parametrize("logo", [
    '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><image href="https://evil.example/x.png"/></svg>',
])
def test_an_active_svg_logo_is_refused(tmp_path: Path, capsys, logo: str) -> None:  # type: ignore[no-untyped-def]
    from kbtest import run_cli

    _branded(tmp_path, logo)
    code, _, err = run_cli(["validate", "--content", "content"], tmp_path, capsys)
    assert code == 1 and "Traceback" not in err
    assert ("content/organization.yaml:10:9: branding.logo: files/logo.svg is not a plain SVG image (scripts, "
            "event handlers and links to other sites are not allowed)") in err


def test_the_link_check_reads_root_absolute_links_under_a_sub_path(tmp_path: Path) -> None:
    from generator.site.linkcheck import broken_links

    (tmp_path / "sv").mkdir()
    (tmp_path / "sv" / "index.html").write_text('<h1 id="top">Hej</h1>')
    (tmp_path / "404.html").write_text('<a href="/trust/sv/#top">ok</a> <a href="/trust/sv/#gone">x</a> '
                                       '<a href="/trust/missing/">y</a> <a href="https://example.com/trust/sv/">z</a> '
                                       '<a href="https://other.example/">elsewhere</a>')
    assert broken_links(tmp_path, "https://example.com/trust/") == [
        "404.html: /trust/missing/ (no such page or file)",
        "404.html: /trust/sv/#gone (no anchor #gone on that page)",
    ]
