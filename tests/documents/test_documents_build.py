"""Building documents from the fixture knowledge base: what the PDF and DOCX files say and how they are built.

Expected texts are read from the knowledge base and the resolved block model, never typed in here, so
the tests hold whatever the fixture's wording; the fixture's structure (a public overview, a public
retention policy, an nda encryption brief, an nda fact) is what they rely on.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from docs_helpers import (
    copy_fixture,
    docx_margins,
    docx_text,
    expected_texts,
    missing,
    pdf_pages,
    pdf_text,
    squash,
)

from generator import i18n, text
from generator.documents import BuiltDocument, build_documents, last_stats
from generator.documents.build import plan, select
from generator.errors import BuildError, ContentError, UsageError
from generator.kb import load_knowledge_base

EPOCH = "1795000000"  # the suite's pinned day, 2026-11-18


@dataclass
class Build:
    root: Path
    content: Path
    out: Path
    cache: Path
    built: list[BuiltDocument]


def _build(root: Path, audience: str) -> Build:
    content = root / "content"
    if not content.exists():
        copy_fixture(content)
    out, cache = root / f"site-{audience}", root / "cache"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        built = build_documents(load_knowledge_base(content), out, audience=audience, cache_dir=cache)
    return Build(root, content, out, cache, built)


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return _build(tmp_path_factory.mktemp("docs"), "public")


@pytest.fixture(scope="module")
def nda(public: Build) -> Build:
    return _build(public.root, "nda")


def rdocs(content: Path, audience: str) -> dict[tuple[str, str], object]:
    """The resolved documents of a build, by (id, locale)."""
    kb = load_knowledge_base(content)
    docset = kb.documents
    jobs = plan(kb, docset, select(docset, audience, None), audience)  # type: ignore[arg-type]
    return {(j.rdoc.id, j.rdoc.locale): j.rdoc for j in jobs}


# --- what is built ---------------------------------------------------------------------------------

def test_public_build_has_every_public_document_in_both_formats_and_locales(public: Build) -> None:
    kb = load_knowledge_base(public.content)
    docset = kb.documents
    public_ids = sorted(d.id for d in docset.documents if d.visibility == "public")  # type: ignore[attr-defined]
    assert sorted({b.id for b in public.built}) == public_ids
    assert sorted((b.id, b.locale, b.format) for b in public.built) == sorted(
        (i, loc, fmt) for i in public_ids for loc in kb.locales for fmt in ("pdf", "docx"))
    files = sorted(p.relative_to(public.out).as_posix() for p in (public.out / "downloads").rglob("*") if p.is_file())
    assert files == sorted(b.path.as_posix() for b in public.built)
    for b in public.built:
        assert (public.out / b.path).stat().st_size == b.size
        assert b.pages == (len(pdf_pages(public.out / b.path)) if b.format == "pdf" else None)


def test_nda_document_only_in_the_nda_build(public: Build, nda: Build) -> None:
    assert "encryption-brief" not in {b.id for b in public.built}
    assert not list(public.out.rglob("encryption-brief*"))
    brief = [b for b in nda.built if b.id == "encryption-brief"]
    assert {(b.locale, b.format, b.visibility) for b in brief} == {
        ("en", "pdf", "nda"), ("en", "docx", "nda"), ("sv", "pdf", "nda"), ("sv", "docx", "nda")}


def test_every_file_shows_its_resolved_text(public: Build, nda: Build) -> None:
    """Every heading, paragraph, list item, table cell and code line of the block model is in both files."""
    for build, audience in ((public, "public"), (nda, "nda")):
        docs = rdocs(build.content, audience)
        for b in build.built:
            rdoc = docs[(b.id, b.locale)]
            path = build.out / b.path
            shown = pdf_text(path) if b.format == "pdf" else docx_text(path)
            assert missing(expected_texts(rdoc), shown) == [], f"{b.path}"


def test_documents_show_knowledge_base_values(public: Build) -> None:
    kb = load_knowledge_base(public.content)
    for locale in kb.locales:
        overview = squash(pdf_text(public.out / "downloads" / locale / "overview.pdf"))
        # {topics} lists every public fact with its statement, resolved
        for fact in kb.for_audience("public").facts:
            assert squash(text.statement(kb, fact, locale)) in overview, fact.id
        # inline references
        days = text.format_value(kb.entry("retention").value("days"), locale)
        assert squash(f"{days}") in overview
        assert squash(kb.organization.legal_name) in overview
        assert squash(kb.contact("security").address) in overview
        # tables from the knowledge base
        cert = kb.certifications[0]
        assert squash(i18n.long_date(cert.expires, locale)) in overview  # type: ignore[arg-type]
        assert squash(cert.auditor or "") in overview
        assert squash(i18n.country_name(kb.subprocessors[0].countries[0], locale)) in overview


def test_document_topic_headings_are_the_trust_centers_topic_titles(public: Build) -> None:
    """A topic has one title: {topics} heads each topic as the trust center's pages do."""
    from generator.site.structure import TOPIC_TITLES

    kb = load_knowledge_base(public.content)
    topics = sorted({f.topic for f in kb.for_audience("public").facts})
    assert "data-retention" in topics
    for locale in kb.locales:
        t = i18n.translator(locale)
        shown = pdf_text(public.out / "downloads" / locale / "overview.pdf")
        lines = {" ".join(line.split()) for line in shown.splitlines()}
        assert [t.gettext(TOPIC_TITLES[topic]) for topic in topics
                if t.gettext(TOPIC_TITLES[topic]) not in lines] == [], locale


def test_nda_fact_is_left_out_of_a_public_document_even_in_the_nda_build(public: Build, nda: Build) -> None:
    kb = load_knowledge_base(public.content)
    secret = kb.entry("key-rotation")
    assert secret.visibility == "nda"
    for locale in kb.locales:
        statement = squash(text.statement(kb, secret, locale))
        for build in (public, nda):
            for name in ("overview.pdf", "overview.docx"):
                path = build.out / "downloads" / locale / name
                shown = pdf_text(path) if name.endswith(".pdf") else docx_text(path)
                assert statement not in squash(shown), path
        brief = squash(pdf_text(nda.out / "downloads" / locale / "encryption-brief.pdf"))
        assert statement in brief
        assert squash(text.format_value(secret.value("days"), locale)) in brief


def test_html_in_a_body_is_shown_as_text_and_javascript_is_no_link(public: Build) -> None:
    from pypdf import PdfReader

    path = public.out / "downloads" / "en" / "overview.pdf"
    assert '<script>alert("x")</script>' in pdf_text(path).replace("\n", " ")
    uris = []
    for page in PdfReader(str(path)).pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None and "/URI" in action:
                uris.append(str(action["/URI"]))
    assert "https://exempel.example" in uris
    assert not [u for u in uris if u.lower().startswith("javascript")]
    assert '<script>alert("x")</script>' in docx_text(path.with_suffix(".docx"))
    with zipfile.ZipFile(path.with_suffix(".docx")) as z:
        rels = z.read("word/_rels/document.xml.rels").decode()
    assert 'Target="https://exempel.example"' in rels and "javascript" not in rels


# --- PDF specifics ---------------------------------------------------------------------------------

def test_page_numbers_per_locale(public: Build) -> None:
    for locale, pattern in (("en", "Page {} of {}"), ("sv", "Sida {} av {}")):
        pages = pdf_pages(public.out / "downloads" / locale / "overview.pdf")
        for number, page in enumerate(pages, start=1):
            assert pattern.format(number, len(pages)) in page, (locale, number)


def test_running_header_and_footer(public: Build, nda: Build) -> None:
    kb = load_knowledge_base(public.content)
    doc = kb.documents.document("overview")  # type: ignore[attr-defined]
    date = i18n.long_date(doc.effective, "sv")
    page = pdf_pages(public.out / "downloads" / "sv" / "overview.pdf")[1]
    assert f"{doc.title.get('sv')} OFFENTLIG\n" in page  # the running header (drawn after the page's body)
    assert f"Version {doc.version}, gäller från {date}" in page
    brief = pdf_pages(nda.out / "downloads" / "en" / "encryption-brief.pdf")[1]
    assert "Encryption Brief CONFIDENTIAL\n" in brief
    cover = pdf_pages(nda.out / "downloads" / "sv" / "encryption-brief.pdf")[0]
    assert "Klassificering Konfidentiell" in cover


def test_cover_shows_metadata_with_dates_per_locale(public: Build) -> None:
    kb = load_knowledge_base(public.content)
    doc = kb.documents.document("overview")  # type: ignore[attr-defined]
    for locale, labels in (("en", ("Effective from", "Next review", "Owner", "Approved by")),
                           ("sv", ("Gäller från", "Nästa översyn", "Ägare", "Godkänd av"))):
        cover = pdf_pages(public.out / "downloads" / locale / "overview.pdf")[0]
        assert f"{labels[0]} {i18n.long_date(doc.effective, locale)}" in cover
        assert f"{labels[1]} {i18n.long_date(doc.next_review, locale)}" in cover
        assert f"{labels[2]} {doc.owner.get(locale)}" in cover
        assert f"{labels[3]} {doc.approver.get(locale)}" in cover
    assert i18n.long_date(doc.effective, "en") != i18n.long_date(doc.effective, "sv")


def test_contents_lists_sections_with_page_numbers(public: Build) -> None:
    pages = pdf_pages(public.out / "downloads" / "en" / "overview.pdf")
    toc = pages[1]
    assert toc.startswith("Contents\n")
    for heading, target in re.findall(r"^(Certifications|Subprocessors|Version history) \.+ ?(\d+)$", toc, re.MULTILINE):
        assert pages[int(target) - 1].count(heading) >= 1
    assert re.search(r"^Version history \.+ ?\d+$", toc, re.MULTILINE)


def test_pdf_metadata_language_and_tagging(public: Build) -> None:
    from pypdf import PdfReader

    kb = load_knowledge_base(public.content)
    doc = kb.documents.document("overview")  # type: ignore[attr-defined]
    for locale, lang in (("en", "en-US"), ("sv", "sv-SE")):
        reader = PdfReader(str(public.out / "downloads" / locale / "overview.pdf"))
        root = reader.trailer["/Root"]
        assert reader.metadata.title == doc.title.get(locale)
        assert reader.metadata.author == kb.organization.name
        assert str(root["/Lang"]) == lang
        assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
        xmp = root["/Metadata"].get_object().get_data().decode()
        assert 'pdfuaid:part="1"' in xmp  # identifies the file as PDF/UA-1


def test_same_input_gives_the_same_files(public: Build, tmp_path: Path) -> None:
    again = build_documents(load_knowledge_base(public.content), tmp_path / "site", cache_dir=tmp_path / "cache")
    assert last_stats()["rendered"] == len(again)
    for b in again:
        assert (tmp_path / "site" / b.path).read_bytes() == (public.out / b.path).read_bytes(), b.path


# --- DOCX specifics --------------------------------------------------------------------------------

def test_docx_uses_word_styles_and_properties(public: Build) -> None:
    import docx

    kb = load_knowledge_base(public.content)
    doc = kb.documents.document("overview")  # type: ignore[attr-defined]
    rdoc = rdocs(public.content, "public")[("overview", "sv")]
    word = docx.Document(str(public.out / "downloads" / "sv" / "overview.docx"))
    from generator import blocks as b

    headings = [(p.style.name, p.text) for p in word.paragraphs if p.style.name.startswith("Heading")]
    expected = [(f"Heading {h.level}", b.plain(h.inlines)) for h in b.walk(rdoc.blocks)
                if isinstance(h, b.Heading)] + [("Heading 1", "Versionshistorik")]
    assert headings == expected
    styles = {p.style.name for p in word.paragraphs}
    assert {"Title", "Subtitle", "List Bullet", "List Number", "TOC Heading"} <= styles
    props = word.core_properties
    assert (props.title, props.version, props.language, props.identifier) == (
        doc.title.get("sv"), doc.version, "sv-SE", "overview")
    assert doc.version in props.keywords and "Offentlig" in props.keywords
    lang = word.styles.element.xpath("w:docDefaults/w:rPrDefault/w:rPr/w:lang/@w:val")
    assert lang == ["sv-SE"]
    margins = docx_margins(public.out / "downloads" / "sv" / "overview.docx")
    assert f"{doc.title.get('sv')}\tOFFENTLIG" in margins
    assert "Sida 1 av 1" in margins  # field results; Word shows the live numbers
    xml = word.sections[0].footer._element.xml
    assert "PAGE" in xml and "NUMPAGES" in xml


def test_docx_numbered_lists_restart(public: Build) -> None:
    import docx
    from docx.oxml.ns import qn

    word = docx.Document(str(public.out / "downloads" / "en" / "overview.docx"))
    numbered = [p for p in word.paragraphs if p.style.name == "List Number"]
    num_ids = [p._p.pPr.numPr.numId.val for p in numbered]
    assert len(numbered) == 4 and num_ids[0] == num_ids[1] != num_ids[2] == num_ids[3]
    numbering = word.part.numbering_part.element
    for num_id in (num_ids[0], num_ids[2]):
        num = numbering.find(f"{qn('w:num')}[@{qn('w:numId')}='{num_id}']")
        start = num.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}")
        assert start.get(qn("w:val")) == "1"


def test_docx_contents_field_and_hyperlink(public: Build) -> None:
    import docx

    word = docx.Document(str(public.out / "downloads" / "en" / "overview.docx"))
    body = word.element.body.xml
    assert 'TOC \\o "1-2" \\h \\z \\u' in body
    assert word.settings.element.xpath("w:updateFields/@w:val") == ["true"]
    # laid out by the LibreOffice the suite has: "Certifications<tab>3", linked to its heading
    entry = next(p for p in word.paragraphs
                 if p.style.name == "TOC 1" and p.text.startswith("Certifications"))
    assert re.fullmatch(r"Certifications\t\d+", entry.text)
    anchor = entry._p.xpath("w:hyperlink/@w:anchor")[0]
    heading = next(p for p in word.paragraphs if p.style.name == "Heading 1" and p.text == "Certifications")
    assert heading._p.xpath("w:bookmarkStart/@w:name") == [anchor]


@pytest.mark.parametrize("soffice, warned", [("", False), ("false", True)])
def test_docx_without_libreoffice_lists_the_headings_for_word_to_number(
        public: Build, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, soffice: str, warned: bool) -> None:
    """No LibreOffice (TRUSTGEN_SOFFICE empty), or one that fails: the build still succeeds, the contents
    list the headings without numbers, and Word is asked to fill them in on opening."""
    import docx

    from generator.documents import DocumentsOutput
    from generator.outputs import Context

    monkeypatch.setenv("TRUSTGEN_SOFFICE", soffice)
    warnings: list[str] = []
    view = load_knowledge_base(public.content).for_audience("public")
    DocumentsOutput(only="overview", cache_dir=tmp_path / "cache").build(view, tmp_path / "site",
                                                                         Context(warn=warnings.append))
    word = docx.Document(str(tmp_path / "site" / "downloads" / "en" / "overview.docx"))
    entries = [p.text for p in word.paragraphs if p.style.name in ("TOC 1", "TOC 2")]
    assert "Certifications" in entries and not any("\t" in e for e in entries)
    assert word.settings.element.xpath("w:updateFields/@w:val") == ["true"]
    assert bool(warnings) == warned
    if warned:
        assert re.fullmatch(r"LibreOffice \(\S+/false\) could not lay out the Word files: it ended with exit "
                            r"status 1 and made no PDF; their contents get page numbers when Word opens them",
                            warnings[0])


# --- cache, value changes, partial builds ----------------------------------------------------------

def test_second_build_renders_nothing(public: Build) -> None:
    cached = sorted(public.cache.glob("*.pdf")) + sorted(public.cache.glob("*.docx"))
    before = {p: p.stat().st_mtime_ns for p in cached}
    built = build_documents(load_knowledge_base(public.content), public.out, cache_dir=public.cache)
    assert last_stats() == {"rendered": 0, "reused": len(built)}
    assert {p: p.stat().st_mtime_ns for p in cached} == before
    assert [(b.id, b.locale, b.format, b.size) for b in built] == [(b.id, b.locale, b.format, b.size)
                                                                 for b in public.built]


def test_cache_drops_renders_unused_for_thirty_days(public: Build, tmp_path: Path) -> None:
    import os
    import time

    cache = tmp_path / "cache"
    shutil.copytree(public.cache, cache)
    (cache / "0000stale.pdf").write_bytes(b"%PDF stale")
    (cache / "0000stale.json").write_text('{"pages": 1, "size": 10, "format": "pdf"}', encoding="utf-8")
    month_ago = time.time() - 40 * 86400
    for entry in cache.glob("*.json"):
        os.utime(entry, (month_ago, month_ago))  # every entry looks old; the build uses all but the stale one
    build_documents(load_knowledge_base(public.content), tmp_path / "site", cache_dir=cache)
    assert last_stats()["rendered"] == 0
    assert not list(cache.glob("0000stale.*"))
    assert len(list(cache.glob("*.json"))) == len(public.built)


def test_changed_value_reaches_every_document_that_shows_it(public: Build, tmp_path: Path) -> None:
    content = copy_fixture(tmp_path / "content", public.content)
    cache = tmp_path / "cache"
    shutil.copytree(public.cache, cache)
    kb = load_knowledge_base(content)
    old = {loc: text.format_value(kb.entry("retention").value("days"), loc) for loc in kb.locales}
    shown_before = {b.path: squash(pdf_text(public.out / b.path) if b.format == "pdf" else docx_text(public.out / b.path))
                    for b in public.built}
    showing = {p for p, t in shown_before.items() if squash(old[p.parts[1]]) in t}
    assert {p.parent.name + "/" + p.name for p in showing} >= {"en/overview.pdf", "en/retention-policy.docx",
                                                              "sv/overview.docx", "sv/retention-policy.pdf"}

    facts = content / "facts" / "data-retention.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("days: {number: 45, unit: days}",
                                                               "days: {number: 4711, unit: days}"), encoding="utf-8")
    kb = load_knowledge_base(content)
    new = {loc: text.format_value(kb.entry("retention").value("days"), loc) for loc in kb.locales}
    out = tmp_path / "site"
    built = build_documents(kb, out, cache_dir=cache)
    assert last_stats()["rendered"] == len(showing)  # only the documents that show the value are re-rendered
    for b in built:
        shown = squash(pdf_text(out / b.path) if b.format == "pdf" else docx_text(out / b.path))
        if b.path in showing:
            assert squash(new[b.locale]) in shown and squash(old[b.locale]) not in shown, b.path
        else:
            assert shown == shown_before[b.path]


def test_only_rebuilds_one_document_and_keeps_the_others(public: Build, tmp_path: Path) -> None:
    out = tmp_path / "site"
    shutil.copytree(public.out, out)
    keep = (out / "downloads" / "en" / "retention-policy.pdf").read_bytes()
    stale = out / "downloads" / "en" / "old-document.pdf"
    stale.write_bytes(b"%PDF old")
    built = build_documents(load_knowledge_base(public.content), out, only="overview", cache_dir=public.cache)
    assert {b.id for b in built} == {"overview"} and len(built) == 4
    assert (out / "downloads" / "en" / "retention-policy.pdf").read_bytes() == keep
    assert stale.exists()
    build_documents(load_knowledge_base(public.content), out, cache_dir=public.cache)
    assert not stale.exists()  # a whole build replaces downloads/ as a whole
    assert not [p for p in out.iterdir() if p.name.startswith(".downloads")]


@pytest.mark.parametrize("only, audience, message", [
    ("nothing", "public", "no document 'nothing' (documents: encryption-brief, overview, retention-policy)"),
    ("encryption-brief", "public", "'encryption-brief' is nda; build it with --audience nda"),
])
def test_only_errors(public: Build, only: str, audience: str, message: str) -> None:
    with pytest.raises(UsageError) as err:
        build_documents(load_knowledge_base(public.content), public.root / "unused", only=only, audience=audience,
                        cache_dir=public.cache)
    assert str(err.value) == message


def test_internal_documents_are_never_built(tmp_path: Path) -> None:
    content = copy_fixture(tmp_path / "content")
    meta = content / "documents" / "encryption-brief.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("visibility: nda", "visibility: internal"), encoding="utf-8")
    kb = load_knowledge_base(content)
    with pytest.raises(UsageError) as err:
        build_documents(kb, tmp_path / "site", audience="nda", only="encryption-brief", cache_dir=tmp_path / "c")
    assert str(err.value) == "'encryption-brief' is internal; internal documents are never published"
    with pytest.raises(UsageError) as err:
        build_documents(kb, tmp_path / "site", audience="internal", cache_dir=tmp_path / "c")
    assert str(err.value) == "audience 'internal': documents are built for a site audience, public or nda"


def test_progress_reports_every_file(public: Build) -> None:
    seen: list[tuple[int, int, str]] = []
    built = build_documents(load_knowledge_base(public.content), public.out, cache_dir=public.cache,
                            progress=lambda done, total, what: seen.append((done, total, what)))
    assert [s[0] for s in seen] == list(range(1, len(built) + 1))
    assert {s[1] for s in seen} == {len(built)}
    assert sorted(s[2] for s in seen) == sorted(f"{b.path.as_posix()} (unchanged)" for b in built)


# --- what a document may fetch ---------------------------------------------------------------------

def _with_picture(tmp_path: Path, src: str) -> Path:
    content = copy_fixture(tmp_path / "content")
    body = content / "documents" / "retention-policy.en.md"
    body.write_text(body.read_text(encoding="utf-8") + f"\n![Diagram]({src})\n", encoding="utf-8")
    return content


@pytest.mark.parametrize("src, why", [
    ("https://example.com/x.png", "documents never fetch anything from the network; keep the file in "),
    ("../../etc/passwd", "it is outside the files a document may use ("),
    ("/etc/passwd", "it is outside the files a document may use ("),
    ("data:image/png;base64,iVBORw0KGgo=", "'data:' addresses are not allowed; use a file in "),
])
def test_fetcher_refuses_remote_and_outside_files(tmp_path: Path, src: str, why: str) -> None:
    content = _with_picture(tmp_path, src)
    kb = load_knowledge_base(content)
    out = tmp_path / "site"
    (out / "downloads").mkdir(parents=True)
    (out / "downloads" / "previous.pdf").write_bytes(b"%PDF previous")
    with pytest.raises(BuildError) as err:
        build_documents(kb, out, cache_dir=tmp_path / "cache")
    assert str(err.value).startswith(f'retention-policy (en): refused to fetch "{src}": {why}')
    # a failed build leaves the previous output as it was, and no staging folder behind
    assert sorted(p.name for p in out.iterdir()) == ["downloads"]
    assert [p.name for p in (out / "downloads").iterdir()] == ["previous.pdf"]


def test_the_pdf_fetcher_itself_refuses(tmp_path: Path) -> None:
    """weasyprint's own fetch goes through the project fetcher: the PDF renderer alone refuses too."""
    from generator.documents.pdf import render_pdf
    from generator.documents.word import render_docx

    content = _with_picture(tmp_path, "https://example.com/x.png")
    rdoc = rdocs(content, "public")[("retention-policy", "en")]
    for render in (render_pdf, render_docx):
        with pytest.raises(BuildError) as err:
            render(rdoc)  # type: ignore[operator]
        assert str(err.value).startswith('retention-policy (en): refused to fetch "https://example.com/x.png": '
                                         "documents never fetch anything from the network")


def test_pictures_in_the_document_folder_are_used(tmp_path: Path) -> None:
    from PIL import Image
    from pypdf import PdfReader

    content = _with_picture(tmp_path, "images/diagram.png")
    (content / "documents" / "images").mkdir()
    Image.new("RGB", (40, 20), "navy").save(content / "documents" / "images" / "diagram.png")
    built = build_documents(load_knowledge_base(content), tmp_path / "site", only="retention-policy",
                            cache_dir=tmp_path / "cache")
    pdf = next(tmp_path / "site" / b.path for b in built if b.locale == "en" and b.format == "pdf")
    images = {img.name for page in PdfReader(str(pdf)).pages for img in page.images}  # pages share resources
    assert len(images) == 1
    with zipfile.ZipFile(pdf.with_suffix(".docx")) as z:
        assert [n for n in z.namelist() if n.startswith("word/media/")] == ["word/media/image1.png"]
        assert 'descr="Diagram"' in z.read("word/document.xml").decode()


def test_a_symlink_out_of_the_document_folder_is_refused(tmp_path: Path) -> None:
    content = _with_picture(tmp_path, "images/secret.png")
    (content / "documents" / "images").mkdir()
    outside = tmp_path / "secret.png"
    outside.write_bytes(b"\x89PNG secret")
    (content / "documents" / "images" / "secret.png").symlink_to(outside)
    with pytest.raises(BuildError) as err:
        build_documents(load_knowledge_base(content), tmp_path / "site", cache_dir=tmp_path / "cache")
    assert 'refused to fetch "images/secret.png": it is outside the files a document may use' in str(err.value)


# --- organisation template -------------------------------------------------------------------------

def test_organisation_word_template(tmp_path: Path) -> None:
    import docx
    from docx.oxml.ns import qn
    from docx.shared import RGBColor

    content = copy_fixture(tmp_path / "content")
    brand = docx.Document()
    brand.styles["Heading 1"].font.color.rgb = RGBColor(0xAA, 0x11, 0x22)
    brand.styles["Normal"].font.name = "Georgia"
    brand.sections[0].header.paragraphs[0].text = "BRAND LETTERHEAD"
    brand.add_paragraph("Sample text that must not reach the documents.")
    for name in ("Heading 3", "List Number"):  # styles a template made in Word often lacks
        element = brand.styles[name].element
        element.getparent().remove(element)
    (content / "templates").mkdir()
    brand.save(str(content / "templates" / "brand.docx"))
    (content / "documents" / "settings.yaml").write_text("docx_template: templates/brand.docx\n", encoding="utf-8")
    body = content / "documents" / "retention-policy.en.md"
    body.write_text(body.read_text(encoding="utf-8") + "\n### Detail\n\n1. one\n2. two\n", encoding="utf-8")

    build_documents(load_knowledge_base(content), tmp_path / "site", only="retention-policy",
                    cache_dir=tmp_path / "cache")
    path = tmp_path / "site" / "downloads" / "en" / "retention-policy.docx"
    word = docx.Document(str(path))
    assert word.styles["Heading 1"].font.color.rgb == RGBColor(0xAA, 0x11, 0x22)
    assert word.styles["Normal"].font.name == "Georgia"
    assert [p.text for p in word.paragraphs if p.style.name == "Heading 3"] == ["Detail"]
    numbered = [p for p in word.paragraphs if p.style.name == "List Number"]
    assert [p.text for p in numbered] == ["one", "two"]
    assert numbered[0]._p.pPr.numPr is not None or word.styles["List Number"].element.pPr.numPr is not None
    assert "Sample text" not in docx_text(path)
    margins = docx_margins(path)
    assert "BRAND LETTERHEAD" in margins and "Data Retention Policy\tPUBLIC" in margins
    assert word.element.body.find(qn("w:sectPr")) is not None


def test_a_broken_template_fails_with_the_document_named(tmp_path: Path) -> None:
    content = copy_fixture(tmp_path / "content")
    (content / "templates").mkdir()
    with zipfile.ZipFile(content / "templates" / "brand.docx", "w") as z:
        z.writestr("hello.txt", "not a word document")
    (content / "documents" / "settings.yaml").write_text("docx_template: templates/brand.docx\n", encoding="utf-8")
    # caught by validation now, at the setting that names it, before any document is built
    with pytest.raises(ContentError) as err:
        build_documents(load_knowledge_base(content), tmp_path / "site", only="overview", cache_dir=tmp_path / "c")
    assert str(err.value).endswith("settings.yaml:1:16: docx_template: 'templates/brand.docx' is not a Word (.docx) "
                                   "file (it has no word/document.xml)")
    assert not (tmp_path / "site").exists()
