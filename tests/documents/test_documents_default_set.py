"""The shipped document sets (content/documents for the demo organisation, examples/claris/documents):
they build in both languages and formats, show the text they resolve to, and follow a changed value.

Nothing here depends on the wording of content/: expected texts and values come from the knowledge base
and the resolved block model; only the list of default documents (which this package ships) is named.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from docs_helpers import ROOT, docx_text, expected_texts, missing, pdf_pages, pdf_text, squash

from generator import blocks as b
from generator import text
from generator.documents import BuiltDocument, build_documents, last_stats
from generator.documents.build import plan, select
from generator.kb import load_knowledge_base

DEFAULT_SET = {
    "security-overview": "public", "information-security-policy": "public", "access-control-policy": "public",
    "encryption-policy": "nda", "data-retention-policy": "public", "incident-response-summary": "public",
    "business-continuity-summary": "nda", "customer-hardening-guide": "public",
}
CLARIS_SET = {"security-overview": "public", "customer-hardening-guide": "public"}
EPOCH = "1795000000"


@dataclass
class Built:
    content: Path
    out: Path
    cache: Path
    audience: str
    files: list[BuiltDocument]

    def shown(self, item: BuiltDocument) -> str:
        path = self.out / item.path
        return pdf_text(path) if item.format == "pdf" else docx_text(path)


def _build(content: Path, root: Path, audience: str) -> Built:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        files = build_documents(load_knowledge_base(content), root / "site", audience=audience, cache_dir=root / "cache")
    return Built(content, root / "site", root / "cache", audience, files)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return _build(ROOT / "content", tmp_path_factory.mktemp("demo"), "nda")


@pytest.fixture(scope="module")
def claris(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return _build(ROOT / "examples" / "claris", tmp_path_factory.mktemp("claris"), "public")


def resolved(build: Built) -> dict[tuple[str, str], object]:
    kb = load_knowledge_base(build.content)
    docset = kb.documents
    return {(j.rdoc.id, j.rdoc.locale): j.rdoc
            for j in plan(kb, docset, select(docset, build.audience, None), build.audience)}  # type: ignore[arg-type]


@pytest.mark.parametrize("which, expected", [("demo", DEFAULT_SET), ("claris", CLARIS_SET)])
def test_every_document_in_both_languages_and_formats(which: str, expected: dict[str, str],
                                                      request: pytest.FixtureRequest) -> None:
    build: Built = request.getfixturevalue(which)
    assert {(f.id, f.visibility) for f in build.files} == set(expected.items())
    assert sorted((f.id, f.locale, f.format) for f in build.files) == sorted(
        (i, loc, fmt) for i in expected for loc in ("en", "sv") for fmt in ("pdf", "docx"))
    for f in build.files:
        assert (build.out / f.path).is_file()
        if f.format == "pdf":
            pages = pdf_pages(build.out / f.path)
            label = "Page {} of {}" if f.locale == "en" else "Sida {} av {}"
            assert len(pages) == f.pages and all(label.format(n, f.pages) in p for n, p in enumerate(pages, 1))


@pytest.mark.parametrize("which", ["demo", "claris"])
def test_files_show_the_resolved_text(which: str, request: pytest.FixtureRequest) -> None:
    build: Built = request.getfixturevalue(which)
    docs = resolved(build)
    for f in build.files:
        assert missing(expected_texts(docs[(f.id, f.locale)]), build.shown(f)) == [], f.path


def _references(rdoc_body: tuple[b.Block, ...]) -> list[text.Ref]:
    refs: list[text.Ref] = []

    def inline(nodes: b.Inlines) -> None:
        for node in nodes:
            if isinstance(node, b.Text):
                refs.extend(p for p in text.parse(node.text) if isinstance(p, text.Ref))
            elif isinstance(node, (b.Strong, b.Emphasis, b.Link)):
                inline(node.children)

    for block in b.walk(rdoc_body):
        if isinstance(block, (b.Heading, b.Paragraph)):
            inline(block.inlines)
        elif isinstance(block, b.Table):
            for row in (block.header, *block.rows):
                for cell in row:
                    inline(cell)
    return refs


@pytest.mark.parametrize("which", ["demo", "claris"])
def test_documents_show_the_values_their_bodies_refer_to(which: str, request: pytest.FixtureRequest) -> None:
    build: Built = request.getfixturevalue(which)
    kb = load_knowledge_base(build.content)
    docset = kb.documents
    checked = 0
    for f in build.files:
        body = docset.document(f.id).body(f.locale)  # type: ignore[attr-defined]
        shown = squash(build.shown(f))
        for ref in _references(body.blocks):
            value = text.resolve_ref(kb, ref, None, f.locale)
            assert squash(value) in shown, (f.path, ref.raw)
            checked += 1
    assert checked > 0


def test_public_documents_leave_out_every_nda_fact(demo: Built) -> None:
    kb = load_knowledge_base(demo.content)
    hidden = [f for f in kb.facts if f.visibility != "public"]
    assert hidden
    for f in demo.files:
        if f.visibility != "public":
            continue
        shown = squash(demo.shown(f))
        for fact in hidden:
            assert squash(text.statement(kb, fact, f.locale)) not in shown, (f.path, fact.id)


def _first_number_reference(content: Path) -> tuple[str, str]:
    """A fact value of type number that some default document refers to inline."""
    kb = load_knowledge_base(content)
    for doc in kb.documents.documents:  # type: ignore[attr-defined]
        for ref in _references(doc.body("en").blocks):
            if ref.kind == "fact" and kb.entry(ref.target).value(ref.name).kind == "number":
                return ref.target, ref.name
    raise AssertionError("no document refers to a number value")


def test_a_changed_value_reaches_every_document_and_nothing_else_is_rendered(demo: Built, tmp_path: Path) -> None:
    from ruamel.yaml import YAML

    content = tmp_path / "content"
    shutil.copytree(demo.content, content)
    cache = tmp_path / "cache"
    shutil.copytree(demo.cache, cache)
    fact_id, name = _first_number_reference(content)
    kb = load_knowledge_base(content)
    before = resolved(Built(content, demo.out, cache, "nda", []))
    old_value = kb.entry(fact_id).value(name)

    yaml = YAML()
    source = ROOT / kb.entry(fact_id).source.file if not Path(kb.entry(fact_id).source.file).is_absolute() \
        else Path(kb.entry(fact_id).source.file)
    target = content / source.relative_to(ROOT / "content") if source.is_relative_to(ROOT / "content") \
        else content / "facts" / source.name
    data = yaml.load(target)
    fact = next(item for item in data["facts"] if item["id"] == fact_id)
    fact["values"][name]["number"] = 4711
    yaml.dump(data, target)

    kb = load_knowledge_base(content)
    new_value = kb.entry(fact_id).value(name)
    after = resolved(Built(content, demo.out, cache, "nda", []))
    changed = {key for key in after if after[key] != before[key]}
    assert changed, "no document shows the value"
    new = _build(content, tmp_path, "nda")
    assert last_stats()["rendered"] == 2 * len(changed)
    for f in new.files:
        shown = squash(new.shown(f))
        was = squash(demo.shown(f))
        old_text = squash(text.format_value(old_value, f.locale))
        new_text = squash(text.format_value(new_value, f.locale))
        if (f.id, f.locale) in changed:
            assert new_text in shown, f.path
            assert was.count(old_text) - shown.count(old_text) == shown.count(new_text), f.path
        else:
            assert (new.out / f.path).read_bytes() == (demo.out / f.path).read_bytes(), f.path
