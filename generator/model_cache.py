"""The validated model of a knowledge base, kept between commands.

Loading and validating 2,000 facts takes over a second; unpickling the model takes a fraction of that.
An entry is keyed by everything the model depends on: the bytes of every file in the content folder
(with its path inside it), the folder as named and the working directory (they appear in the model's
paths and messages), the date validation judged against (expiry and review warnings change with it),
and the generator itself (its version and code, the schemas). A changed file gives a new key; the
old entry of that folder is removed when the new one is written.

The cache is only ever an optimisation: an entry that cannot be read, unpickled or written is
ignored, and the model is built again. Entries unused for PRUNE_AFTER_DAYS (those of temporary
folders, say) are removed when a new one is written. An entry is a pickle, so the folder must be the
user's own, as the user cache folder is.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
import stat
import sys
import tempfile
import time
from functools import lru_cache
from pathlib import Path

from . import __version__
from .model import KnowledgeBase

FORMAT = "1"  # bump when the layout of a cache entry changes
PRUNE_AFTER_DAYS = 30
_PACKAGE = Path(__file__).resolve().parent
_SCHEMAS = _PACKAGE.parent / "schemas"


def cache_dir() -> Path:
    """$TRUSTGEN_CACHE_DIR, else $XDG_CACHE_HOME/trustgen, else ~/.cache/trustgen."""
    explicit = os.environ.get("TRUSTGEN_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "trustgen"


@lru_cache(maxsize=1)
def _code_digest() -> bytes:
    """The generator's own code and schemas: a development change to a rule must not be served stale."""
    h = hashlib.sha256(f"{FORMAT}|{__version__}|{sys.version}".encode())
    files = sorted(_PACKAGE.rglob("*.py")) + sorted(_SCHEMAS.glob("*.json"))
    for path in files:
        h.update(str(path.relative_to(_PACKAGE.parent)).encode())
        h.update(path.read_bytes())
    return h.digest()


def _content_files(root: Path) -> list[Path]:
    out: list[Path] = []
    for folder, subfolders, files in os.walk(root):
        subfolders.sort()
        out.extend(Path(folder) / name for name in sorted(files))
    return out


def _fingerprint(path: Path, base: Path) -> bytes:
    """What a content file contributes to the key. Only regular files inside the folder are read: a
    link out of it, a FIFO or a device is never opened (a FIFO would block, /dev/zero never ends);
    validation refuses them, so their link text and kind are enough to tell a change."""
    try:
        link = os.readlink(path).encode() if path.is_symlink() else b""
        real = path.resolve()
        info = os.stat(real)
        if not stat.S_ISREG(info.st_mode) or not (real == base or real.is_relative_to(base)):
            return b"\0special\0" + link + str(info.st_mode).encode()
        return link + b"\0" + real.read_bytes()
    except (OSError, RuntimeError):
        return b"\0unreadable"


def key(root: Path, today: dt.date) -> tuple[str, str]:
    """(folder key, entry key) for the knowledge base at root as validated on `today`."""
    where = hashlib.sha256(f"{os.getcwd()}\0{root}".encode()).hexdigest()[:16]
    h = hashlib.sha256(_code_digest())
    h.update(f"\0{where}\0{today.isoformat()}\0".encode())
    base = root.resolve()
    for path in _content_files(root):
        h.update(path.relative_to(root).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(_fingerprint(path, base)).digest())
    return where, h.hexdigest()


def get(root: Path, today: dt.date) -> tuple[KnowledgeBase | None, tuple[str, str]]:
    """The cached model (or None) and the key to store a fresh one under."""
    where, entry = key(root, today)
    path = cache_dir() / "models" / f"{where}-{entry}.pickle"
    try:
        with path.open("rb") as fh:
            kb = pickle.load(fh)
        os.utime(path)  # in use: not pruned
    except Exception:  # noqa: BLE001 - a missing, truncated or foreign entry is rebuilt, never an error
        return None, (where, entry)
    return (kb if isinstance(kb, KnowledgeBase) else None), (where, entry)


def put(keys: tuple[str, str], kb: KnowledgeBase) -> None:
    """Store the model atomically and drop the folder's older entries; failures are ignored."""
    where, entry = keys
    folder = cache_dir() / "models"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{where}-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(kb, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, folder / f"{where}-{entry}.pickle")
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        stale = time.time() - PRUNE_AFTER_DAYS * 86400
        for old in folder.glob("*.pickle"):
            if old.name == f"{where}-{entry}.pickle":
                continue
            if old.name.startswith(f"{where}-") or old.stat().st_mtime < stale:
                old.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError, RecursionError):
        return
