"""Content-hash cache of rendered documents, so that a rebuild with unchanged inputs renders nothing.

The key of a render is a SHA-256 over everything that decides its bytes: the resolved RenderDoc
(every value already drawn from the knowledge base and every word already translated), the output
format, the renderer code, template, stylesheet and font, the pictures it shows, the organisation's
Word template, the library versions, and for a DOCX the LibreOffice that laid out its contents. A
change anywhere else in the knowledge base that the document does not show leaves its key, and its
cached file, alone.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import replace
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from .. import blocks as b
from ..outputs import replace_file
from .assets import ASSETS_DIR, FONTS_DIR, resolve_src
from .compose import RenderDoc

RENDER_VERSION = "1"
PRUNE_AFTER_DAYS = 30  # a render unused for this long is dropped from the cache
_PACKAGE = Path(__file__).resolve().parent
_TEMPLATES = _PACKAGE.parent / "templates" / "documents"


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """The renderers, their template, stylesheet and libraries: a change to any re-renders everything."""
    h = hashlib.sha256(RENDER_VERSION.encode())
    files = [Path(b.__file__)] + [_PACKAGE / name for name in ("pdf.py", "word.py", "assets.py", "fonts.py",
                                                               "layout.py")]
    files += sorted(p for p in _TEMPLATES.rglob("*") if p.is_file())
    files += sorted(p for p in ASSETS_DIR.rglob("*") if p.is_file())
    files += sorted(p for p in FONTS_DIR.rglob("*") if p.is_file())
    for path in files:
        h.update(path.name.encode())
        h.update(hashlib.sha256(path.read_bytes()).digest())
    for lib in ("weasyprint", "python-docx", "pydyf", "fonttools", "pypdf"):
        try:
            h.update(f"{lib}={metadata.version(lib)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{lib}=none".encode())
    return h.hexdigest()


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def key(doc: RenderDoc, fmt: str, layout: str = "") -> str:
    """The cache key of a render; `layout` names what laid a DOCX's contents out (layout.identity)."""
    h = hashlib.sha256()
    h.update(_code_digest().encode())
    h.update(fmt.encode())
    h.update(layout.encode())
    # Where the content folder lies does not change a render (pictures count by their bytes below).
    h.update(repr(replace(doc, base_dir="", allowed_dirs=(), docx_template=None, logo="")).encode())
    for block in b.walk(doc.blocks):
        if isinstance(block, b.Image):
            try:
                h.update(_file_digest(resolve_src(block.src, doc.base_dir, doc.allowed_dirs, doc.name)).encode())
            except Exception:  # noqa: BLE001 - a refused picture fails in the render, with its message
                h.update(b"refused:" + block.src.encode())
    if fmt == "docx" and doc.docx_template:
        h.update(_file_digest(Path(doc.docx_template)).encode())
    return h.hexdigest()


class Cache:
    """Rendered files by key: <dir>/<key>.<format>, with <key>.json holding the page count."""

    def __init__(self, folder: Path):
        self.folder = folder

    def get(self, cache_key: str, fmt: str) -> tuple[Path, int | None] | None:
        data, meta = self.folder / f"{cache_key}.{fmt}", self.folder / f"{cache_key}.json"
        if not (data.is_file() and meta.is_file()):
            return None
        try:
            info = json.loads(meta.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if info.get("size") != data.stat().st_size:
            return None  # a half-copied or damaged entry: render again
        try:
            os.utime(meta)  # last used: what prune() goes by
        except OSError:
            pass
        return data, info.get("pages")

    def prune(self, days: int = PRUNE_AFTER_DAYS) -> int:
        """Remove entries nobody has used for `days` days; return how many went."""
        if not self.folder.is_dir():
            return 0
        limit = time.time() - days * 86400
        removed = 0
        for meta in self.folder.glob("*.json"):
            try:
                if meta.stat().st_mtime >= limit:
                    continue
                for sibling in self.folder.glob(f"{meta.stem}.*"):
                    sibling.unlink(missing_ok=True)
                removed += 1
            except OSError:
                continue
        return removed

    def put(self, cache_key: str, fmt: str, content: bytes, pages: int | None) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.folder / f"{cache_key}.{fmt}"
        replace_file(target, content, option="document cache")
        replace_file(self.folder / f"{cache_key}.json",
                     json.dumps({"pages": pages, "size": len(content), "format": fmt}).encode(), option="document cache")
        return target


