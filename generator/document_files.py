"""content/documents/ as raw content: policy documents are content like any other, checked by the same rules.

A document is a metadata file (<id>.yaml, document.schema.json) plus one Markdown body per locale
(<id>.<locale>.md); settings.yaml holds what every document shares (a Word template). kb.py reads
the folder into these raw forms (loaded and schema-checked metadata, parsed bodies); the semantic
checks (dates, references inside the bodies, ...) are rules in validate/rules.py, and
`build_documents` turns the checked raw documents into the model's DocumentSet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import Problem, display_path
from .load import LoadedFile, PathT, UnsafeFile, format_path, read_content_bytes
from .model import Body, Document, DocumentSet, Listing, LocalizedText, Revision, Source

FOLDER = "documents"
SETTINGS = ("settings.yaml", "settings.yml")
SCHEMA = "document.schema.json"
MAX_BODY_BYTES = 1024 * 1024
MAX_TEMPLATE_BYTES = 20 * 1024 * 1024


@dataclass
class RawDocument:
    """A schema-valid metadata file with the bodies found for it."""

    loaded: LoadedFile
    bodies: list[Body] = field(default_factory=list)  # the readable ones, parsed
    missing: list[str] = field(default_factory=list)  # locales without a body file


@dataclass
class RawDocuments:
    """What content/documents/ holds, read but not yet judged."""

    root: Path  # the content folder
    folder: Path
    documents: list[RawDocument] = field(default_factory=list)
    stems: set[str] = field(default_factory=set)  # of every metadata file, valid or not
    body_files: list[Path] = field(default_factory=list)  # every *.md in the folder
    settings: LoadedFile | None = None  # schema-valid settings.yaml


def problem_at(loaded: LoadedFile, path: PathT, message: str, severity: str = "error") -> Problem:
    line, col = loaded.source.value_pos(path)
    return Problem(loaded.source.file, line, col, format_path(path), message, severity)


def template_path(raw: RawDocuments) -> tuple[Path | None, Problem | None]:
    """The Word template settings.yaml names, or the problem with it (a path outside the content
    folder, a missing file, a file that is not a .docx)."""
    loaded = raw.settings
    if loaded is None or loaded.data.get("docx_template") is None:
        return None, None
    rel = loaded.data["docx_template"]
    where = ("docx_template",)
    candidate = Path(rel)
    if candidate.is_absolute() or ".." in candidate.parts:
        return None, problem_at(loaded, where, f"'{rel}' must be a path inside the content folder, relative to it")
    target = (raw.root / candidate).resolve()
    if not target.is_relative_to(raw.root.resolve()):
        return None, problem_at(loaded, where, f"'{rel}' leads outside the content folder")
    if not target.exists():
        return None, problem_at(loaded, where, f"no such file: {display_path(raw.root / candidate)}")
    try:
        data = read_content_bytes(raw.root / candidate, raw.root, MAX_TEMPLATE_BYTES, "Word templates")
    except UnsafeFile as exc:
        return None, problem_at(loaded, where, f"'{rel}': {exc}")
    problem = check_docx_template(data)
    if problem is not None:
        return None, problem_at(loaded, where, f"'{rel}' {problem}")
    return target, None


MAX_TEMPLATE_PARTS = 500
MAX_TEMPLATE_PART_BYTES = 20 * 1024 * 1024
MAX_TEMPLATE_TOTAL_BYTES = 60 * 1024 * 1024
_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"


def check_docx_template(data: bytes) -> str | None:
    """What makes these bytes unfit as a Word template, or None.

    Checked from the zip directory and the package's relationship parts alone, before python-docx or
    anything else copies a part: a template is hostile input like a workbook. Refused: a file that is
    not a Word document, more parts or more decompressed bytes than a template of styles needs (a
    small zip can inflate to gigabytes), and any external relationship (an attachedTemplate, a linked
    header image or a hyperlink that Word or LibreOffice would fetch when the document is opened).
    """
    import io
    import zipfile
    import zlib

    from defusedxml import ElementTree
    from defusedxml.common import DefusedXmlException

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return "is not a Word (.docx) file"
    if len(infos) > MAX_TEMPLATE_PARTS:
        return f"has {len(infos)} parts; a Word template may have at most {MAX_TEMPLATE_PARTS}"
    total = 0
    for info in infos:
        if info.file_size > MAX_TEMPLATE_PART_BYTES:
            return (f"holds a part ({info.filename}) of {info.file_size / 1048576:.0f} MB unpacked; a Word "
                    f"template's parts may be at most {MAX_TEMPLATE_PART_BYTES // 1048576} MB")
        total += info.file_size
    if total > MAX_TEMPLATE_TOTAL_BYTES:
        return (f"unpacks to {total / 1048576:.0f} MB; a Word template may unpack to at most "
                f"{MAX_TEMPLATE_TOTAL_BYTES // 1048576} MB")
    names = {info.filename for info in infos}
    if "[Content_Types].xml" not in names or "word/document.xml" not in names:
        return "is not a Word (.docx) file (it has no word/document.xml)"

    def read_xml(name: str) -> Any:
        # The sizes were bounded above; read() still checks each CRC.
        return ElementTree.fromstring(archive.read(name), forbid_dtd=True)

    try:
        types = read_xml("[Content_Types].xml")
        main = [o.get("ContentType", "") for o in types.iter(f"{{{_CT_NS}}}Override")
                if o.get("PartName") == "/word/document.xml"]
        if not main or "wordprocessingml" not in main[0]:
            return "is not a Word (.docx) file (its main part is not a Word document)"
        for name in sorted(n for n in names if n.endswith(".rels")):
            for rel in read_xml(name).iter(f"{{{_RELS_NS}}}Relationship"):
                if (rel.get("TargetMode") or "").lower() == "external":
                    kind = (rel.get("Type") or "").rsplit("/", 1)[-1] or "link"
                    return (f"links to an outside resource ({kind} in {name}); a Word template may not refer "
                            "to anything outside itself (Word would fetch it when the document is opened): "
                            "remove the link or embed the file")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, ValueError, OSError, EOFError, zlib.error,
            NotImplementedError,
            ElementTree.ParseError, DefusedXmlException):
        return "is not a readable Word (.docx) file"
    return None


def parse_date(text: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(text))
    except ValueError:
        return None


def _lt(value: dict[str, str]) -> LocalizedText:
    return LocalizedText(tuple(sorted(value.items())))


def _name(value: Any, locales: tuple[str, ...]) -> LocalizedText | None:
    """A name written once for every locale, or per locale."""
    if value is None:
        return None
    if isinstance(value, str):
        return LocalizedText(tuple((loc, value) for loc in sorted(locales)))
    return _lt(value)


def build_documents(raw: RawDocuments | None, root: Path, locales: tuple[str, ...]) -> DocumentSet:
    """The checked raw documents as frozen model objects (call only when the rules found no error)."""
    if raw is None:
        return DocumentSet(root / FOLDER)
    template, _ = template_path(raw)
    documents = []
    for doc in raw.documents:
        data = doc.loaded.data
        effective = parse_date(data["effective"])
        assert effective is not None
        line, _ = doc.loaded.source.value_pos(())
        documents.append(Document(
            id=data["id"], title=_lt(data["title"]), version=data["version"],
            owner=_name(data["owner"], locales) or LocalizedText(()), effective=effective,
            visibility=data["visibility"],
            revisions=tuple(Revision(rev["version"], parse_date(rev["date"]), _lt(rev["summary"]),  # type: ignore[arg-type]
                                     _name(rev.get("author"), locales))
                            for rev in data["revisions"]),
            bodies=tuple(doc.bodies),
            source=Source(doc.loaded.source.file, line),
            subtitle=_lt(data["subtitle"]) if "subtitle" in data else None,
            approver=_name(data.get("approver"), locales),
            next_review=parse_date(data["next_review"]) if "next_review" in data else None,
            product=data.get("product"),
            listing=Listing(_lt(data["listing"]["title"]), _lt(data["listing"]["description"])
                            if "description" in data["listing"] else None) if "listing" in data else None,
        ))
    return DocumentSet(raw.folder, tuple(documents), template)
