"""Policy documents as PDF and DOCX, generated from the knowledge base.

Documents are authored in content/documents/ (metadata YAML plus a Markdown body per locale that
refers to knowledge-base values instead of retyping them). `build_documents` resolves each one per
locale into one block model and renders it twice, with weasyprint (PDF) and python-docx (DOCX), so
both formats always carry the same text. Heavy libraries are imported only when rendering.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..model import KnowledgeBase


@dataclass(frozen=True)
class BuiltDocument:
    id: str
    locale: str
    title: str
    version: str
    effective: datetime.date
    visibility: str
    format: str  # "pdf" or "docx"
    path: Path  # relative to the output root, e.g. Path("downloads/en/security-overview.pdf")
    size: int  # bytes
    pages: int | None  # PDF page count


def build_documents(kb: KnowledgeBase, out: Path, *, audience: str = "public", only: str | None = None,
                    progress: Callable[[int, int, str], None] | None = None,
                    cache_dir: Path | None = None) -> list[BuiltDocument]:
    """Render every document visible to `audience` (public < nda < internal; internal documents are never
    rendered for a site) into out/downloads/<locale>/<id>.pdf and .docx, in every locale of the knowledge
    base; reuse cached renders whose content hash is unchanged (default cache_dir: .trustgen-cache/documents
    under the current directory); render in parallel across cores.

    A whole build replaces out/downloads/ at once when everything succeeded; with `only`, just that
    document's files are replaced. Raises UsageError for an unknown or unpublishable `only` or audience,
    BuildError when a document cannot be rendered (for example one that refers to a file outside the
    project or on the network).
    """
    from .build import build

    return build(kb, Path(out), audience, only, progress, cache_dir)


def last_stats() -> dict[str, int]:
    """How many files the last build in this process rendered and how many it reused from the cache."""
    from .build import STATS

    return dict(STATS)
