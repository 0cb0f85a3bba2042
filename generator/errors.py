"""Typed exceptions. Library code raises these; only cli.py prints them and picks exit codes."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

# C0 and C1 control characters other than tab and line breaks, and lone surrogates: they corrupt
# terminals (ANSI escapes), line-oriented outputs and every encoder downstream.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


_UNPRINTABLE = re.compile(CONTROL.pattern[:-1] + "\u2028\u2029]")  # and the Unicode line separators


def printable(text: str) -> str:
    """Text safe to print on a terminal, one message a line: control characters and Unicode line
    separators shown as escapes, never sent."""
    return _UNPRINTABLE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256 else f"\\u{ord(m.group()):04x}",
                       text)


@dataclass(frozen=True, order=True)
class Problem:
    """One finding about a content file, located like a compiler message."""

    file: str
    line: int
    column: int
    path: str
    message: str
    severity: str = "error"  # "error" or "warning"

    def format(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        prefix = "warning: " if self.severity == "warning" else ""
        subject = f"{self.path}: " if self.path else ""
        return printable(f"{where}: {prefix}{subject}{self.message}").replace("\n", "\\n").replace("\r", "\\r")


class TrustgenError(Exception):
    """Base of every error trustgen reports to a user."""

    exit_code = 1


class UsageError(TrustgenError):
    """The command was called wrongly (missing folder, bad option value)."""

    exit_code = 2


class ContentError(TrustgenError):
    """The knowledge base has problems; carries all of them, sorted."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(p.format() for p in self.problems))


class InputError(TrustgenError):
    """An input file (questionnaire, workbook, template) is unreadable or hostile."""


class BuildError(TrustgenError):
    """An output could not be produced (a template failed, a renderer refused an asset)."""


def display_path(path: Path) -> str:
    """A path as the user should see it: relative to the working directory when inside it."""
    # The file's own name, never where a symbolic link leads: the parent is resolved, the name kept.
    cwd = Path.cwd().resolve()
    for candidate in (Path(os.path.abspath(path)), path.parent.resolve() / path.name):
        try:
            return str(candidate.relative_to(cwd))
        except ValueError:
            continue
    return str(path)
