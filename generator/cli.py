"""The command line. The only place that turns exceptions into messages and exit codes.

Exit codes: 0 success, 1 content or input errors (or, for `answer`, nothing written), 2 usage
errors, 70 an internal error (a bug: please report it with TRUSTGEN_DEBUG=1 output).
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from . import __version__
from .errors import ContentError, TrustgenError, UsageError

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 70

Handler = Callable[[argparse.Namespace], int]
COMMANDS: dict[str, tuple[str, str, Callable[[argparse.ArgumentParser], None], Handler]] = {}


class Console:
    """Progress and summaries go to stderr; --quiet silences them, never the errors."""

    def __init__(self, quiet: bool = False):
        self.quiet = quiet

    def info(self, message: str) -> None:
        if not self.quiet:
            print(message, file=sys.stderr, flush=True)

    def progress(self, done: int, total: int, what: str) -> None:
        if not self.quiet:
            print(f"[{done}/{total}] {what}", file=sys.stderr, flush=True)

    @staticmethod
    def error(message: str) -> None:
        print(message, file=sys.stderr, flush=True)


def command(name: str, summary: str, examples: str) -> Callable[[Callable[[argparse.ArgumentParser], None]], Callable]:
    """Register a sub-command: its options (the decorated function) and, via .handler, what it does."""

    def wrap(add_options: Callable[[argparse.ArgumentParser], None]) -> Callable:
        def handler(fn: Handler) -> Handler:
            COMMANDS[name] = (summary, examples, add_options, fn)
            return fn

        add_options.handler = handler  # type: ignore[attr-defined]
        return add_options

    return wrap


def content_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--content", metavar="DIR", default="content", type=Path,
                   help="the knowledge base folder (default: content)")


def quiet_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("-q", "--quiet", action="store_true", help="print only errors")


# --- validate --------------------------------------------------------------------------------------

@command("validate", "check a knowledge base and report every problem at once",
         "  trustgen validate\n  trustgen validate --content examples/claris --strict")
def _validate_options(p: argparse.ArgumentParser) -> None:
    content_option(p)
    p.add_argument("--strict", action="store_true",
                   help="treat warnings (overdue reviews, expired certifications) as errors")
    quiet_option(p)


@_validate_options.handler  # type: ignore[attr-defined]
def _validate(args: argparse.Namespace) -> int:
    from .kb import check_knowledge_base

    console = Console(args.quiet)
    kb, problems = check_knowledge_base(args.content)
    for problem in problems:
        console.error(problem.format())
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    if errors or (args.strict and warnings):
        console.info(f"{args.content}: {errors} error(s), {warnings} warning(s)")
        return EXIT_CONTENT
    assert kb is not None
    console.info(f"{args.content}: valid: {len(kb.facts)} facts, {len(kb.certifications)} certifications, "
                 f"{len(kb.stances)} compliance stances, {len(kb.subprocessors)} subprocessors, "
                 f"locales {', '.join(kb.locales)}" + (f"; {warnings} warning(s)" if warnings else ""))
    return EXIT_OK


# --- parser and entry point -------------------------------------------------------------------------

def _load_commands() -> None:
    """Import the output packages so that they register their commands (cheaply: no heavy imports)."""
    import importlib

    for module in ("generator.site.cli", "generator.documents.cli", "generator.questionnaire.cli",
                   "generator.questionnaire.xlsx_cli"):
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if not (exc.name and module.startswith(exc.name)):
                raise


def build_parser() -> argparse.ArgumentParser:
    _load_commands()
    parser = argparse.ArgumentParser(
        prog="trustgen",
        description="Turn one YAML knowledge base of security facts into a trust-center site, "
                    "questionnaire answers and policy documents.",
        epilog="examples:\n  trustgen validate --content content\n  trustgen build --out site\n"
               "run 'trustgen COMMAND --help' for a command's options and examples.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"trustgen {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (summary, examples, add_options, _fn) in COMMANDS.items():
        p = sub.add_parser(name, help=summary, description=summary[0].upper() + summary[1:] + ".",
                           epilog="examples:\n" + examples, formatter_class=argparse.RawDescriptionHelpFormatter)
        add_options(p)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    handler = COMMANDS[args.command][3]
    try:
        return handler(args)
    except ContentError as exc:
        for problem in exc.problems:
            Console.error(problem.format())
        Console.error(f"{len(exc.problems)} error(s); nothing was written")
        return EXIT_CONTENT
    except UsageError as exc:
        Console.error(f"trustgen {args.command}: {exc}")
        return EXIT_USAGE
    except TrustgenError as exc:
        Console.error(f"trustgen {args.command}: {exc}")
        return exc.exit_code
    except KeyboardInterrupt:
        Console.error("interrupted")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - a bug must still not print a traceback to a user
        if os.environ.get("TRUSTGEN_DEBUG"):
            traceback.print_exc()
        Console.error(f"trustgen {args.command}: internal error: {type(exc).__name__}: {exc} "
                      "(run with TRUSTGEN_DEBUG=1 for details and please report it)")
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
