"""Policy documents as PDF and DOCX, generated from the knowledge base.

Documents are authored in content/documents/ (metadata YAML plus a Markdown body per locale that
refers to knowledge-base values instead of retyping them); they are read and checked with the rest
of the content (generator/document_files.py, validate/rules.py) and reach this package as
`view.documents`. `DocumentsOutput` resolves each one per locale into one block model and renders it
twice, with weasyprint (PDF) and python-docx (DOCX), so both formats always carry the same text.
Heavy libraries are imported only when rendering.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..model import KnowledgeBase
from ..outputs import Artifact, Context, Progress

# A built PDF or DOCX is an Artifact with its document fields set (id, locale, title, version, ...).
BuiltDocument = Artifact


@dataclass(frozen=True)
class DocumentsOutput:
    """The documents the view's audience may download, as PDF and DOCX in every locale, written to
    out/downloads/<locale>/<id>.pdf and .docx.

    `only` builds one document and replaces just its files; `cache_dir` holds reusable renders
    (default: .trustgen-cache/documents under the current directory).
    """

    only: str | None = None
    cache_dir: Path | None = None

    def build(self, view: KnowledgeBase, out: Path, context: Context) -> list[Artifact]:
        from ..outputs import require_catalogs
        from .build import build

        require_catalogs(view)
        return build(view, Path(out), view.audience, self.only, context.progress, self.cache_dir,
                     context.warn)


def build_documents(kb: KnowledgeBase, out: Path, *, audience: str = "public", only: str | None = None,
                    progress: Progress | None = None, cache_dir: Path | None = None) -> list[Artifact]:
    """DocumentsOutput for `audience` (public or nda; internal documents are never rendered for a site).

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
