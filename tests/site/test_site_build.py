"""Building: reproducible output, atomic replacement, refusal to overwrite what is not ours, the
machine-readable exports, and strict translations."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from site_tools import ROOT

from generator.errors import BuildError, ContentError, UsageError

MINIMAL = ROOT / "tests" / "data" / "good" / "minimal"


def tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    return Path(shutil.copytree(MINIMAL, tmp_path / "content"))


def build(content: Path, out: Path, **kwargs):  # type: ignore[no-untyped-def]
    from generator.site import build_site

    return build_site(content, out, **kwargs)


def test_two_builds_of_the_same_content_are_byte_identical(sites, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    again = build(sites.content, tmp_path / "again").out
    first, second = tree(sites.public), tree(again)
    assert first.keys() == second.keys()
    compared = [name for name in first if name.endswith((".html", ".xml", ".json", ".txt", ".gz", ".css", ".js"))]
    assert len(compared) > 40 and "sitemap.xml.gz" in compared and "search/search_index.json" in compared
    assert [n for n in compared if first[n] != second[n]] == []


def test_sitemap_dates_come_from_reviews_not_the_build_day(sites, acme_kb) -> None:  # type: ignore[no-untyped-def]
    sitemap = (sites.public / "sitemap.xml").read_text()
    public = acme_kb.for_audience("public")
    newest = max(f.review.last_reviewed for f in public.facts if f.topic == "encryption")
    assert ("<loc>https://trust.acme.example/encryption/</loc>\n"
            f"    <lastmod>{newest.isoformat()}</lastmod>\n"
            '    <xhtml:link rel="alternate" hreflang="en" href="https://trust.acme.example/encryption/"/>\n'
            '    <xhtml:link rel="alternate" hreflang="sv" href="https://trust.acme.example/sv/encryption/"/>') in sitemap
    assert "2026-11-18" not in sitemap  # the pinned build day


def test_a_failed_build_leaves_the_previous_site_untouched(minimal: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(minimal, out)
    before = tree(out)
    org = minimal / "organization.yaml"
    org.write_text(org.read_text().replace("name: Testbolaget\n", "name: [unclosed\n"))
    with pytest.raises(ContentError):
        build(minimal, out)
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "site"]  # no temporary folder left


def test_a_template_error_fails_the_build_and_keeps_the_site(minimal: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.site import pages

    out = tmp_path / "site"
    build(minimal, out)
    before = tree(out)
    broken = tmp_path / "templates"
    shutil.copytree(pages.TEMPLATES, broken)
    (broken / "contact.md").write_text("# {{ _(page.title) }}\n\n{{ no_such_value }}\n")
    monkeypatch.setattr(pages, "TEMPLATES", broken)
    with pytest.raises(BuildError, match="template error while writing the en page 'contact': 'no_such_value' is undefined"):
        build(minimal, out)
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "site", "templates"]


def test_a_missing_swedish_string_fails_the_build(minimal: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from functools import lru_cache

    from generator import i18n

    locales = tmp_path / "locales"
    shutil.copytree(ROOT / "locales", locales)
    po = locales / "sv" / "LC_MESSAGES" / "site.po"
    text = po.read_text()
    assert 'msgid "Last reviewed %(date)s"\nmsgstr "Senast granskad %(date)s"\n' in text
    po.write_text(text.replace('msgstr "Senast granskad %(date)s"', 'msgstr ""'))
    monkeypatch.setattr(i18n, "translator", lru_cache(maxsize=None)(lambda loc: i18n.Translator(loc, locales)))
    with pytest.raises(i18n.MissingTranslation, match='no translation for "Last reviewed %\\(date\\)s" \\(locale \'sv\'\\)'):
        build(minimal, tmp_path / "site")
    assert not (tmp_path / "site").exists()


def test_a_locale_without_catalog_fails_clearly(minimal: Path, tmp_path: Path) -> None:
    for path in minimal.rglob("*.yaml"):
        path.write_text(path.read_text().replace("sv:", "fi:").replace("[en, sv]", "[en, fi]"))
    with pytest.raises(ContentError, match="organization.yaml:9:15: locales.1.: trustgen's own words .* are not "
                       "translated into 'fi'"):
        build(minimal, tmp_path / "site")
    assert not (tmp_path / "site").exists()


def test_every_site_string_has_a_swedish_translation() -> None:
    from babel.messages.extract import extract_from_dir
    from babel.messages.pofile import read_po

    method_map = [("generator/site/**.py", "python"), ("generator/templates/site/**.md", "jinja2")]
    found = {msg[2] if isinstance(msg[2], str) else msg[2][0]
             for msg in extract_from_dir(str(ROOT), method_map)}
    assert {"Last reviewed %(date)s", "Security", "Request for the %(name)s report"} <= found
    with (ROOT / "locales" / "sv" / "LC_MESSAGES" / "site.po").open("rb") as fh:
        catalog = read_po(fh, locale="sv")
    translated = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog
                  if m.id and all(m.string if isinstance(m.string, tuple) else (m.string,))}
    assert sorted(found - translated) == []


@pytest.mark.parametrize("where", ["content", "inside", "parent"])
def test_the_site_is_never_written_over_its_input(minimal: Path, tmp_path: Path, where: str) -> None:
    out = {"content": minimal, "inside": minimal / "site", "parent": tmp_path}[where]
    with pytest.raises(UsageError, match="may not be written over or inside the content folder"):
        build(minimal, out)


def test_a_folder_that_is_not_a_built_site_is_not_replaced(minimal: Path, tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "todo.txt").write_text("keep me")
    with pytest.raises(UsageError, match="--out .*notes: the folder exists and holds something trustgen did not build"):
        build(minimal, notes)
    assert (notes / "todo.txt").read_text() == "keep me"


# --- exports --------------------------------------------------------------------------------------------

def test_security_txt_follows_rfc_9116(sites) -> None:  # type: ignore[no-untyped-def]
    assert (sites.public / ".well-known" / "security.txt").read_text() == (
        "# Security contact of Acme Molnet AB (RFC 9116).\n"
        "Contact: mailto:disclosure@acme.example\n"
        "Expires: 2027-05-01T00:00:00Z\n"
        "Encryption: https://acme.example/pgp.txt\n"
        "Acknowledgments: https://acme.example/thanks\n"
        "Preferred-Languages: en, sv\n"
        "Canonical: https://trust.acme.example/.well-known/security.txt\n"
        "Policy: https://acme.example/disclosure-policy\n"
    )


def test_security_txt_defaults_expiry_and_policy(minimal: Path, tmp_path: Path) -> None:
    org = minimal / "organization.yaml"
    org.write_text(org.read_text().replace("  website: https://testbolaget.example\n",
                                           "  website: https://testbolaget.example\n"
                                           "  trust_center_url: https://trust.testbolaget.example\n"))
    text = (build(minimal, tmp_path / "site").out / ".well-known" / "security.txt").read_text()
    # 180 days after the pinned day 2026-11-18; the policy is the contact page's section.
    assert "Contact: mailto:security@testbolaget.example\nExpires: 2027-05-17T00:00:00Z\n" in text
    assert "Policy: https://trust.testbolaget.example/contact/#report-a-vulnerability\n" in text


def test_trust_json_holds_the_public_facts_resolved(sites, acme_kb) -> None:  # type: ignore[no-untyped-def]
    from generator.text import statement

    data = json.loads((sites.public / "trust.json").read_text())
    public = acme_kb.for_audience("public")
    assert data["generator"] == "trustgen" and data["audience"] == "public" and data["generated"] == "2026-11-18"
    assert [f["id"] for f in data["facts"]] == [f.id for f in public.facts]
    deletion = next(f for f in data["facts"] if f["id"] == "deletion")
    assert deletion["statement"] == {loc: statement(public, public.entry("deletion"), loc) for loc in ("en", "sv")}
    assert "1 September 2026" in deletion["statement"]["en"] and "1 september 2026" in deletion["statement"]["sv"]
    assert {c["id"]: c["status"] for c in data["certifications"]} == {
        "soc2": "valid", "iso27001": "expiring", "pci": "expired", "star": "undated"}
    assert [s["id"] for s in data["subprocessors"]] == ["cloud", "mailer"]
    assert sorted((d["locale"], d["format"]) for d in data["documents"]) == [
        ("en", "docx"), ("en", "pdf"), ("sv", "docx"), ("sv", "pdf")]


def test_robots_txt_points_at_the_sitemap(sites) -> None:  # type: ignore[no-untyped-def]
    assert (sites.public / "robots.txt").read_text() == \
        "User-agent: *\nAllow: /\nSitemap: https://trust.acme.example/sitemap.xml\n"
