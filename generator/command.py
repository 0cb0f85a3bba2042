"""What a command of the command line is made of, for the packages that define commands.

A package's cli.py defines Command values (options and a handler); generator/cli.py lists them in
its one COMMANDS table and dispatches. Nothing registers itself on import, and nothing here imports
more than argparse, so `trustgen --help` stays fast. Only handlers print, through Console.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import printable

if TYPE_CHECKING:
    from .model import KnowledgeBase

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 70

Handler = Callable[[argparse.Namespace], int]


@dataclass(frozen=True)
class Command:
    name: str
    summary: str
    examples: str
    add_options: Callable[[argparse.ArgumentParser], None]
    run: Handler


class Console:
    """Progress, summaries and warnings go to stderr; --quiet silences them, never the errors."""

    def __init__(self, quiet: bool = False):
        self.quiet = quiet

    def info(self, message: str) -> None:
        if not self.quiet:
            print(message, file=sys.stderr, flush=True)

    def progress(self, done: int, total: int, what: str) -> None:
        """An outputs.Progress: `[done/total] what`, or the bare message when there is no count."""
        if not self.quiet:
            print(f"[{done}/{total}] {what}" if total else what, file=sys.stderr, flush=True)

    def warning(self, message: str) -> None:
        """A warning that does not stop the command: silenced by --quiet like any other non-error."""
        if not self.quiet:
            print(f"warning: {message}", file=sys.stderr, flush=True)

    @staticmethod
    def error(message: str) -> None:
        # a message may quote hostile input (a file name, a cell): no escape sequence reaches the terminal
        print(printable(message), file=sys.stderr, flush=True)


def content_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--content", metavar="DIR", default="content", type=Path,
                   help="the knowledge base folder (default: content)")


def quiet_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("-q", "--quiet", action="store_true", help="print only errors")


def load(content: Path) -> KnowledgeBase:
    """The validated knowledge base a command works on, loaded once per command (from the model
    cache when no content file changed since the last command)."""
    from .kb import load_knowledge_base

    return load_knowledge_base(content)
