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
from .load import LoadedFile, PathT, format_path
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
    if not target.is_file():
        return None, problem_at(loaded, where, f"no such file: {display_path(raw.root / candidate)}")
    if target.stat().st_size > MAX_TEMPLATE_BYTES:
        return None, problem_at(loaded, where, f"'{rel}' is larger than {MAX_TEMPLATE_BYTES // 1048576} MB; a Word "
                                "template holds styles, not content")
    with target.open("rb") as fh:
        if fh.read(4) != b"PK\x03\x04":
            return None, problem_at(loaded, where, f"'{rel}' is not a Word (.docx) file")
    return target, None


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
