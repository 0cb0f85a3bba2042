"""What the pages show, read from the built HTML and compared with the model."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from site_tools import Page, norm, page

from generator import i18n
from generator.text import render, statement

TODAY_LABELS = {  # certification status -> (en, sv) badge label
    "valid": ("Valid", "Giltig"), "expiring": ("Expiring soon", "Upphör snart"),
    "expired": ("Expired", "Har upphört att gälla"), "undated": ("Current", "Gällande"),
}
TOPIC_PAGE = {"encryption": "encryption", "data-retention": "privacy", "people": "people"}


def prefix(locale: str) -> str:
    return "" if locale == "en" else f"{locale}/"


@pytest.mark.parametrize("locale", ["en", "sv"])
def test_every_public_fact_is_shown_resolved_on_its_topic_page(sites, acme_kb, locale: str) -> None:  # type: ignore[no-untyped-def]
    public = acme_kb.for_audience("public")
    for fact in public.facts:
        text = page(sites.public, prefix(locale) + TOPIC_PAGE[fact.topic]).content()
        assert norm(statement(public, fact, locale)) in text, fact.id
        assert render(public, fact.title, locale, fact) in text


def test_values_are_formatted_per_locale(sites) -> None:  # type: ignore[no-untyped-def]
    assert "Customer data is deleted 45 days after the contract ends; the current schedule took effect on " \
           "1 September 2026." in page(sites.public, "privacy").content()
    assert "Kunddata raderas 45 dagar efter att avtalet har upphört; nuvarande rutin gäller sedan " \
           "1 september 2026." in page(sites.public, "sv/privacy").content()


def test_product_differences_are_shown_per_product(sites, acme_kb) -> None:  # type: ignore[no-untyped-def]
    text = page(sites.public, "encryption").content()
    fact = acme_kb.entry("at-rest")
    assert fact.products == ("app",)
    assert re.search(r"Specific to Acme Payroll Encryption at rest Payroll data is encrypted at rest with AES-256\.",
                     text)
    assert "Specific to Acme API" not in text
    assert "Gäller endast Acme Payroll Kryptering i vila" in page(sites.public, "sv/encryption").content()


@pytest.mark.parametrize("locale", ["en", "sv"])
def test_last_reviewed_per_topic_is_the_oldest_review(sites, acme_kb, locale: str) -> None:  # type: ignore[no-untyped-def]
    # A topic is only as freshly reviewed as its least recently reviewed fact: "Last reviewed" never
    # claims the newest review while another fact of the topic is older.
    public = acme_kb.for_audience("public")
    label = {"en": "Last reviewed", "sv": "Senast granskad"}[locale]
    for topic, slug in TOPIC_PAGE.items():
        dates = [f.review.last_reviewed for f in public.facts if f.topic == topic]
        text = page(sites.public, prefix(locale) + slug).content()
        assert f"{label} {i18n.long_date(min(dates), locale)}" in text
        if max(dates) != min(dates):
            assert f"{label} {i18n.long_date(max(dates), locale)}" not in text
    text = page(sites.public, "encryption").content()
    assert "Last reviewed 1 October 2026" in text and "Last reviewed 2 November 2026" not in text
    overview = page(sites.public, "").content()
    assert "Encryption in transit" in overview and "Last reviewed 1 October 2026" in overview


@pytest.mark.parametrize("locale", ["en", "sv"])
def test_certification_badges_show_the_status_on_the_build_day(sites, acme_kb, locale: str) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    today = dt.date(2026, 11, 18)
    overview = page(sites.public, prefix(locale)).content()
    public = acme_kb.for_audience("public")
    statuses = {c.id: c.status(today) for c in public.certifications}
    assert statuses == {"soc2": "valid", "iso27001": "expiring", "pci": "expired", "star": "undated"}
    for cert in public.certifications:
        label = TODAY_LABELS[statuses[cert.id]][0 if locale == "en" else 1]
        assert f"{cert.name} {label}" in overview
    if locale == "en":
        assert "ISO/IEC 27001 Expiring soon Expires on 15 January 2027" in overview
        assert "PCI DSS Expired Expired on 1 October 2026" in overview
        assert "SOC 2 Type 2 Valid Valid until 1 September 2027" in overview
    else:
        assert "ISO/IEC 27001 Upphör snart Upphör att gälla 15 januari 2027" in overview


def test_report_access_per_certification(sites) -> None:  # type: ignore[no-untyped-def]
    html = page(sites.public, "compliance")
    hrefs = [a["href"] for a in html.links()]
    assert "mailto:compliance@acme.example?subject=Request%20for%20the%20SOC%202%20Type%202%20report" in hrefs
    assert "mailto:security@acme.example?subject=Request%20for%20the%20CSA%20STAR%20Level%201%20report" in hrefs
    assert "https://acme.example/pci-aoc.pdf" in hrefs
    download = next(a for a in html.links() if "download" in a)
    assert download["href"] == "../downloads/en/acme-overview.pdf"
    assert (sites.public / "downloads/en/acme-overview.pdf").is_file()
    text = html.content()
    assert "Request the report from compliance@acme.example" in text
    assert "Request the report from security@acme.example Shared under a non-disclosure agreement." in text
    sv = page(sites.public, "sv/compliance")
    assert any(a["href"] == "../../downloads/sv/acme-overview.pdf" for a in sv.links())
    assert "Begär rapporten via compliance@acme.example" in sv.content()


def test_subprocessors_table_with_country_names_per_locale(sites) -> None:  # type: ignore[no-untyped-def]
    en = page(sites.public, "subprocessors").content()
    sv = page(sites.public, "sv/subprocessors").content()
    # The region is a note under the countries, never brackets inside brackets.
    assert "Nimbus Cloud AB Hosting All customer data Sweden and Ireland Stockholm and Dublin" in en
    assert "Nimbus Cloud AB Drift All kunddata Sverige och Irland Stockholm och Dublin" in sv
    assert "Postal <b>Mailer</b> Ltd E-mail delivery <script>alert('sub')</script> E-mail addresses Germany Acme Payroll" in en
    assert "Tyskland" in sv


def test_faq_lists_the_canonical_questions_marked_faq(sites) -> None:  # type: ignore[no-untyped-def]
    en = page(sites.public, "faq").content()
    assert "Do you encrypt data in transit? Yes. Every connection to our services uses TLS 1.2 or later. More on Encryption" in en
    assert "Do you keep customer data after the contract ends? No. Customer data is deleted 45 days" in en
    assert "Do you have a SOC 2 Type 2 report? Yes." in en
    assert "Do you allow unencrypted connections?" not in en  # not marked faq
    sv = page(sites.public, "sv/faq").content()
    assert "Krypterar ni data under överföring? Ja. Alla anslutningar till våra tjänster använder TLS 1.2 eller senare." in sv


def test_updates_page_lists_dated_changes(sites) -> None:  # type: ignore[no-untyped-def]
    en = page(sites.public, "updates").content()
    assert "SOC 2 Type 2 report renewed 5 March 2026 The new report covers twelve months. Ask compliance@acme.example for a copy." in en
    assert "5 mars 2026" in page(sites.public, "sv/updates").content()


def test_contact_page_explains_how_to_report_a_vulnerability(sites) -> None:  # type: ignore[no-untyped-def]
    html = page(sites.public, "contact")
    text = html.content()
    assert "Report a vulnerability If you believe you have found a security vulnerability in a product or service of Acme Molnet" in text
    hrefs = [a["href"] for a in html.links()]
    assert "mailto:disclosure@acme.example" in hrefs and "https://acme.example/pgp.txt" in hrefs
    assert "../.well-known/security.txt" in hrefs
    assert "Rapportera en sårbarhet" in page(sites.public, "sv/contact").content()


def test_documents_page_lists_downloads_per_language(sites) -> None:  # type: ignore[no-untyped-def]
    html = page(sites.public, "sv/documents")
    text = html.content()
    assert text.index("Svenska Dokument") < text.index("Engelska Dokument")  # the reader's language first
    links = [a for a in html.links() if "download" in a and not a["href"].endswith(".zip")]
    assert [a["href"] for a in links] == ["../../downloads/sv/acme-overview.pdf", "../../downloads/sv/acme-overview.docx",
                                          "../../downloads/en/acme-overview.pdf", "../../downloads/en/acme-overview.docx"]
    for a in links:
        size = (sites.public / "sv" / "documents" / a["href"]).resolve().stat().st_size
        assert f"{a['href'].rsplit('.', 1)[1].upper()} {round(size / 1000)} kB" in text
    assert "Säkerhetsöversikt 1.0 15 september 2026 PDF" in text


def test_documents_page_without_documents(tmp_path: Path) -> None:
    import shutil

    from site_tools import ROOT

    from generator.site import build_site

    content = shutil.copytree(ROOT / "tests/data/good/minimal", tmp_path / "content")
    out = build_site(content, tmp_path / "site").out
    assert "No documents are published here yet." in page(out, "documents").content()
    assert "Här finns ännu inga publicerade dokument." in page(out, "sv/documents").content()


@pytest.mark.parametrize("path", ["", "encryption", "compliance", "faq"])
def test_every_page_links_to_itself_in_the_other_language(sites, path: str) -> None:  # type: ignore[no-untyped-def]
    for here, other, lang in ((path, f"sv/{path}", "sv"), (f"sv/{path}", path, "en")):
        html = page(sites.public, here)
        url = f"https://trust.acme.example/{here}"
        switch = [a for a in html.links() if a.get("hreflang") == lang and "md-select__link" in a.get("class", "")]
        assert len(switch) == 1
        assert urljoin(url.rstrip("/") + "/" if here else url, switch[0]["href"]) == \
            f"https://trust.acme.example/{other}".rstrip("/") + "/"
        alternates = {a["hreflang"]: a["href"] for t, a in html.elements
                      if t == "link" and a.get("rel") == "alternate" and "hreflang" in a}
        assert set(alternates) == {"en", "sv"}


def test_swedish_pages_use_swedish_in_the_theme_too(sites) -> None:  # type: ignore[no-untyped-def]
    sv = (sites.public / "sv" / "index.html").read_text()
    en = (sites.public / "index.html").read_text()
    assert '<html lang="sv"' in sv and '<html lang="en"' in en
    assert 'placeholder="Sök"' in sv and 'placeholder="Search"' in en
    assert "Innehållsförteckning" in (sites.public / "sv" / "encryption" / "index.html").read_text()
    assert "<title>Översikt - Förtroendecenter för Acme Molnet</title>" in sv
    assert "<title>Overview - Acme Molnet Trust Center</title>" in en


def test_overview_shows_key_facts_at_a_glance(sites, acme_kb) -> None:  # type: ignore[no-untyped-def]
    html = page(sites.public, "")
    text = html.content()
    assert text.startswith("Trust Center Acme Molnet Payroll in the cloud, kept safe. Acme Molnet makes payroll software")
    assert "Encryption Encryption in transit" in text and "GDPR Yes" in text and "HIPAA No" in text
    cards = [a["href"] for a in html.links() if "tg-card" in a.get("class", "")]
    assert {"encryption/", "people/", "contact/#report-a-vulnerability", "documents/"} <= set(cards)


def _external(url: str, allowed: str) -> bool:
    return url.startswith(("http://", "https://", "//")) and not url.startswith(allowed)


@pytest.mark.parametrize("which", ["public", "nda"])
def test_nothing_is_loaded_from_another_host(sites, which: str) -> None:  # type: ignore[no-untyped-def]
    site: Path = getattr(sites, which)
    own = "https://trust.acme.example/"
    for path in site.rglob("*.html"):
        parsed = Page(path.read_text(encoding="utf-8"))
        for tag, attrs in parsed.elements:
            for key in ("src", "srcset", "poster", "data"):
                assert not _external(attrs.get(key, ""), own), f"{path}: <{tag} {key}={attrs[key]}>"
            if tag == "link":
                # canonical and alternate links name the site's own published address; nothing else may be absolute
                assert not _external(attrs.get("href", ""), own), f"{path}: <link href={attrs['href']}>"
    for css in site.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", text) + re.findall(r"@import\s+['\"]([^'\"]+)", text):
            assert not _external(url, "\x00"), f"{css}: {url}"
    assert (site / "assets/trustgen/fonts/inter-latin.var.woff2").is_file()
    assert 'src: url("fonts/inter-latin.var.woff2")' in (site / "assets/trustgen/trust.css").read_text()
