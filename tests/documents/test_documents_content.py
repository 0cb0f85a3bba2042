"""`trustgen validate` on content/documents/: each problem's exact message, file, line and column."""

from __future__ import annotations

from pathlib import Path

import pytest
from docs_helpers import copy_fixture

from generator.cli import main

DOCS = Path("content/documents")


@pytest.fixture
def kb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The document fixture at tmp_path/content, with tmp_path as working directory."""
    monkeypatch.chdir(tmp_path)
    return copy_fixture(tmp_path / "content")


def validate(capsys: pytest.CaptureFixture[str], warnings: bool = False) -> tuple[int, list[str]]:
    """Exit code and the problems reported (the fixture's own two warnings left out unless asked for)."""
    code = main(["validate", "--content", "content"])
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if not line.startswith("content: ")]
    if not warnings:
        lines = [line for line in lines if "{fact:key-rotation}: 'key-rotation' is nda" not in line]
    return code, lines


def write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_fixture_is_valid_with_one_warning_per_locale(kb: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = validate(capsys, warnings=True)
    assert code == 0
    assert lines == [
        ("content/documents/overview.en.md:15:1: warning: {fact:key-rotation}: 'key-rotation' is nda and is left out "
        "of this public document"),
        ("content/documents/overview.sv.md:15:1: warning: {fact:key-rotation}: 'key-rotation' is nda and is left out "
        "of this public document"),
    ]


def test_missing_locale_body(kb: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (kb / "documents" / "retention-policy.sv.md").unlink()
    code, lines = validate(capsys)
    assert code == 1
    assert "content/documents/retention-policy.yaml:2:5: id: missing Swedish body: expected " \
           "content/documents/retention-policy.sv.md" in lines


def test_unknown_and_hidden_references(kb: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(kb / "documents" / "retention-policy.en.md",
          "# Retention\n\nSee {nosuch.value} and {retention.weeks}.\n\n"
          "Keys: {key-rotation.days}, mail {contact:nobody}.\n\n| a | b |\n|---|---|\n| x | {own} |\n")
    code, lines = validate(capsys)
    assert code == 1
    assert lines == [
        "content/documents/retention-policy.en.md:3:5: {nosuch.value}: no fact, certification or stance 'nosuch'",
        "content/documents/retention-policy.en.md:3:24: {retention.weeks}: 'retention' has no value 'weeks'",
        ("content/documents/retention-policy.en.md:5:7: {key-rotation.days} refers to 'key-rotation', which is nda, "
        "from a public document"),
        "content/documents/retention-policy.en.md:5:33: {contact:nobody}: no contact 'nobody'",
        ("content/documents/retention-policy.en.md:9:7: {own}: a document has no values of its own; refer to a "
        "fact's value as {fact-id.own}, or use a directive such as {facts:topic}"),
    ]


def test_nda_document_may_refer_to_nda_facts(kb: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = validate(capsys)
    assert code == 0 and not any("encryption-brief" in line for line in lines)


def test_unknown_directive_argument_and_broken_brace(kb: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(kb / "documents" / "retention-policy.sv.md", "# Lagringstid\n\n{summary:retention}\n\nTrasig {klammer\n")
    code, lines = validate(capsys)
    assert code == 1
    assert lines == [
        ("content/documents/retention-policy.sv.md:3:1: {summary:retention}: 'retention' is not a topic (topics: "
        "governance, compliance, encryption, authentication, access-control, network, hardening, "
        "vulnerability-management, malware-protection, change-management, logging-monitoring, incident-response, "
        "business-continuity, physical, people, data-location, data-segregation, data-retention, privacy, "
        "product-security, accessibility)"),
        "content/documents/retention-policy.sv.md:5:8: '{' is not closed (write '{{' for a literal brace)",
    ]


def test_dates(kb: Path, capsys: pytest.CaptureFixture[str]) -> None:
    meta = kb / "documents" / "overview.yaml"
    edit(meta, "effective: 2026-09-15", "effective: 2026-02-30")
    edit(meta, "    date: 2025-09-01", "    date: 2025-13-01")
    code, lines = validate(capsys)
    assert code == 1
    assert lines[:2] == [
        "content/documents/overview.yaml:8:12: effective: '2026-02-30' is not a real calendar date",
        "content/documents/overview.yaml:17:11: revisions[1].date: '2025-13-01' is not a real calendar date",
    ]


def test_review_dates(kb: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(kb / "documents" / "overview.yaml", "next_review: 2027-09-15", "next_review: 2026-09-01")
    edit(kb / "documents" / "retention-policy.yaml", "effective: 2026-09-15", "effective: 2025-01-01\nnext_review: 2026-01-01")
    code, lines = validate(capsys)
    assert code == 1
    assert "content/documents/overview.yaml:9:14: next_review: next_review 2026-09-01 is not after effective " \
           "2026-09-15" in lines
    assert "content/documents/retention-policy.yaml:7:14: warning: next_review: overdue for review: the review was " \
           "due on 2026-01-01" in lines


def test_schema_problems_are_located(kb: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(kb / "documents" / "overview.yaml", "subtitle:", "subtitel:")
    edit(kb / "documents" / "retention-policy.yaml", "visibility: public", "visibility: secret")
    code, lines = validate(capsys)
    assert code == 1
    assert lines == [
        "content/documents/overview.yaml:4:1: subtitel: unknown field 'subtitel' (did you mean 'subtitle'?)",
        "content/documents/retention-policy.yaml:7:13: visibility: 'secret' is not one of: public, nda, internal",
    ]


def test_metadata_consistency(kb: Path, capsys: pytest.CaptureFixture[str]) -> None:
    meta = kb / "documents" / "retention-policy.yaml"
    edit(meta, "id: retention-policy", "id: retention-rules")
    edit(meta, 'version: "1.0"\nowner', 'version: "1.1"\nproduct: desktop\nowner')
    code, lines = validate(capsys)
    assert code == 1
    assert lines == [
        ("content/documents/retention-policy.yaml:2:5: id: id 'retention-rules' must match the file name "
        "(retention-policy)"),
        ("content/documents/retention-policy.yaml:4:10: version: version 1.1 is not in the revision history; add it to "
        "revisions"),
        "content/documents/retention-policy.yaml:5:10: product: unknown product 'desktop' (known: api, app)",
    ]


def test_stray_body_files(kb: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(kb / "documents" / "overveiw.en.md", "# Typo\n")
    write(kb / "documents" / "overview.de.md", "# Deutsch\n")
    code, lines = validate(capsys)
    assert code == 1
    assert lines[:2] == [
        "content/documents/overveiw.en.md: body of an unknown document: there is no documents/overveiw.yaml",
        "content/documents/overview.de.md: 'de' is not one of the locales in organization.yaml (en, sv)",
    ]


def test_document_ids_share_the_namespace(kb: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docs = kb / "documents"
    for suffix in (".yaml", ".en.md", ".sv.md"):
        (docs / f"retention-policy{suffix}").rename(docs / f"retention{suffix}")
    edit(docs / "retention.yaml", "id: retention-policy", "id: retention")
    code, lines = validate(capsys)
    assert code == 1
    assert lines == [("content/documents/retention.yaml:2:5: id: duplicate id 'retention' (first used at "
                     "content/facts/data-retention.yaml:4)")]


@pytest.mark.parametrize("value, message", [
    ("../brand.docx", "'../brand.docx' must be a path inside the content folder, relative to it"),
    ("/etc/brand.docx", "'/etc/brand.docx' must be a path inside the content folder, relative to it"),
    ("templates/missing.docx", "no such file: content/templates/missing.docx"),
    ("templates/fake.docx", "'templates/fake.docx' is not a Word (.docx) file"),
])
def test_docx_template_setting(kb: Path, capsys: pytest.CaptureFixture[str], value: str, message: str) -> None:
    (kb / "templates").mkdir()
    write(kb / "templates" / "fake.docx", "not a zip")
    write(kb / "documents" / "settings.yaml", f"docx_template: {value}\n")
    code, lines = validate(capsys)
    assert code == 1
    assert lines == [f"content/documents/settings.yaml:1:16: docx_template: {message}"]


def test_settings_schema(kb: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(kb / "documents" / "settings.yaml", "docx_templat: brand.docx\n")
    code, lines = validate(capsys)
    assert code == 1
    assert lines == [("content/documents/settings.yaml:1:1: docx_templat: unknown field 'docx_templat' "
                     "(did you mean 'docx_template'?)")]


def test_unreadable_body(kb: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (kb / "documents" / "overview.sv.md").write_bytes(b"# Rubrik\n\xff\xfe trasig\n")
    code, lines = validate(capsys)
    assert code == 1
    assert "content/documents/overview.sv.md: not UTF-8 text (invalid byte at offset 9)" in lines


def test_every_word_the_documents_write_has_a_swedish_translation() -> None:
    from babel.messages.pofile import read_po

    from generator.documents import compose
    from generator.i18n import translator

    words = [*compose.TOPIC_NAMES.values(), *compose.CLASSIFICATIONS.values(), *compose.STANCE_ANSWERS.values(),
             *compose.LABELS.values(), *compose.CERTIFICATION_COLUMNS, *compose.COMPLIANCE_COLUMNS,
             *compose.SUBPROCESSOR_COLUMNS, compose.NONE_LISTED, compose.REPORT_PUBLIC, compose.REPORT_REQUEST,
             compose.REPORT_NDA]
    sv = translator("sv")
    assert [w for w in words if sv.gettext(w) == w and w not in ("Version", "Data")] == []
    po = Path(__file__).resolve().parents[2] / "locales" / "sv" / "LC_MESSAGES" / "documents.po"
    with po.open("rb") as fh:
        catalog = read_po(fh)
    assert sorted(m.id for m in catalog if m.id) == sorted(set(words))
