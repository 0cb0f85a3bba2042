"""The one shape every output has: `Output.build(view, out, context) -> list[Artifact]`.

An output (the site, the policy documents, questionnaire answers, a filled workbook) is an object
holding its own options; it receives an audience view of the knowledge base (`kb.for_audience(...)`,
never the whole model), where to write, and a Context with the date and the ways to report progress
and warnings. It returns what it wrote. The command line (cli.py) loads the knowledge base once and
hands the view to whichever output a command names in its OUTPUTS table.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from . import clock
from .errors import ContentError, Problem, UsageError
from .model import KnowledgeBase

# done, total, what: "[3/24] downloads/en/security-overview.pdf"; total 0 when there is no count.
Progress = Callable[[int, int, str], None]


def no_progress(done: int, total: int, what: str) -> None:
    """A Progress that reports nothing."""


@dataclass(frozen=True)
class Artifact:
    """One file (or folder, for a site) an output wrote.

    `path` is relative to the output folder for folder outputs (site, documents) and the file itself
    otherwise. The document fields are set for policy documents, which the site lists with them.
    """

    path: Path
    format: str  # site, pdf, docx, json, csv, md, xlsx
    size: int = 0
    id: str = ""
    locale: str = ""
    title: str = ""
    version: str = ""
    effective: dt.date | None = None
    visibility: str = ""
    pages: int | None = None  # PDF page count


@dataclass
class Context:
    """What every output gets besides the view: the date it judges by, progress and warnings."""

    today: dt.date = field(default_factory=clock.today)
    progress: Progress = no_progress
    warn: Callable[[str], None] = lambda message: None


class Output(Protocol):
    """An output of trustgen; its options are its own fields."""

    def build(self, view: KnowledgeBase, out: Path, context: Context) -> list[Artifact]: ...


def require_catalogs(view: KnowledgeBase) -> None:
    """Refuse, before anything is rendered, a locale whose catalog of trustgen's own words is missing.

    Validation reports it as a warning at organization.yaml (questionnaires can be answered in any
    locale); an output that writes headings and labels needs the catalog, so here it is an error at
    the same place, instead of a failure half-way through rendering."""
    from .i18n import has_catalog

    missing = [loc for loc in view.locales if not has_catalog(loc)]
    if not missing:
        return
    found = [w for w in view.warnings if w.path.startswith("locales[") and any(f"'{loc}'" in w.message
                                                                              for loc in missing)]
    problems = [Problem(w.file, w.line, w.column, w.path, w.message) for w in found] or [
        Problem("organization.yaml", 0, 0, "locales", f"trustgen's own words are not translated into "
                f"'{loc}' (no locales/{loc}/LC_MESSAGES/*.po)") for loc in missing]
    raise ContentError(problems)


# --- writing output files ----------------------------------------------------------------------------

def file_mode(base: int = 0o666) -> int:
    """The permissions a new file gets from the umask (0644 under the usual 022): a temporary file is
    created private, and an output renamed into place would keep that, so no web server could serve it."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:  # reading the umask without changing it
            for line in fh:
                if line.startswith("Umask:"):
                    return base & ~int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return base & ~mask


def check_output_file(path: Path, option: str = "-o") -> None:
    """Refuse an output path that is neither a new name nor a regular file (through a link or not): a
    rename over /dev/stdout, /dev/full or a FIFO would put a regular file where a device was."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if path.is_symlink():
            raise UsageError(f"{option} {path}: is a symbolic link to nothing; give a file name") from None
        return
    except OSError as exc:
        raise UsageError(f"{option} {path}: {exc.strerror}") from None
    if stat.S_ISDIR(info.st_mode):
        raise UsageError(f"{option} {path}: is a folder; give a file name")
    if not stat.S_ISREG(info.st_mode):
        raise UsageError(f"{option} {path}: is not a regular file (a device, FIFO or socket); trustgen writes "
                         "only regular files (leave out -o to write to standard output)")


def write_target(path: Path) -> Path:
    """Where a write to path lands: a symbolic link's target, updated in place (the link stays)."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def replace_file(path: Path, data: bytes, option: str = "-o") -> None:
    """Write a whole file atomically: a temporary file beside it, renamed over it when complete.

    The file keeps the permissions it had, or gets those of the umask when it is new; a symbolic link
    is followed, so the file it points at is replaced and the link kept."""
    check_output_file(path, option)
    target = write_target(path)
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = file_mode()
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
