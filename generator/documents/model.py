"""Frozen models of the document set as authored: metadata, version history and the parsed bodies."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..model import LocalizedText, Source
from .blocks import Block


@dataclass(frozen=True)
class Revision:
    version: str
    date: dt.date
    summary: LocalizedText
    author: LocalizedText | None = None


@dataclass(frozen=True)
class Body:
    """One locale's Markdown body, parsed (references still unresolved)."""

    locale: str
    path: Path
    display: str  # the path as messages show it
    text: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Document:
    id: str
    title: LocalizedText
    version: str
    owner: LocalizedText
    effective: dt.date
    visibility: str
    revisions: tuple[Revision, ...]
    bodies: tuple[Body, ...]
    source: Source
    subtitle: LocalizedText | None = None
    approver: LocalizedText | None = None
    next_review: dt.date | None = None
    product: str | None = None

    def body(self, locale: str) -> Body:
        for body in self.bodies:
            if body.locale == locale:
                return body
        raise KeyError(locale)


@dataclass(frozen=True)
class DocumentSet:
    """Every document of one knowledge base and the settings they share."""

    folder: Path  # content/documents
    documents: tuple[Document, ...] = ()
    docx_template: Path | None = None

    def document(self, doc_id: str) -> Document:
        for doc in self.documents:
            if doc.id == doc_id:
                return doc
        raise KeyError(doc_id)
