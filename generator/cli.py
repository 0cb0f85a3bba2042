"""The command line. The only place that turns exceptions into messages and exit codes.

Exit codes: 0 success, 1 content or input errors (or, for `answer`, nothing written), 2 usage
errors, 70 an internal error (a bug: please report it with TRUSTGEN_DEBUG=1 output).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback
from collections.abc import Callable, Sequence

from . import __version__
from .command import (
    EXIT_CONTENT,
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_USAGE,
    Command,
    Console,
    content_option,
    quiet_option,
)
from .errors import ContentError, TrustgenError, UsageError

__all__ = ["COMMANDS", "EXIT_CONTENT", "EXIT_INTERNAL", "EXIT_OK", "EXIT_USAGE", "OUTPUTS", "Console", "build_parser",
           "main", "output"]

Handler = Callable[[argparse.Namespace], int]


# --- validate --------------------------------------------------------------------------------------

def _validate_options(p: argparse.ArgumentParser) -> None:
    content_option(p)
    p.add_argument("--strict", action="store_true",
                   help="treat warnings (overdue reviews, expired certifications) as errors")
    quiet_option(p)


def _validate(args: argparse.Namespace) -> int:
    from .kb import check_knowledge_base

    console = Console(args.quiet)
    kb, problems = check_knowledge_base(args.content)
    for problem in problems:
        # --quiet prints only errors: a warning is one only under --strict
        if problem.severity == "error" or args.strict or not args.quiet:
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


VALIDATE = Command("validate", "check a knowledge base and report every problem at once",
                   "  trustgen validate\n  trustgen validate --content examples/claris --strict",
                   _validate_options, _validate)


# --- the one table ----------------------------------------------------------------------------------

def _commands() -> dict[str, tuple[str, str, Callable[[argparse.ArgumentParser], None], Handler]]:
    """Every command, in the order `trustgen --help` lists them. The packages' cli modules import only
    argparse and generator.command, so building this table stays cheap."""
    from .documents.cli import DOCS
    from .questionnaire.cli import ANSWER, EVAL
    from .questionnaire.onboard_cli import IMPORT, MAP, MIGRATE
    from .questionnaire.xlsx_cli import LEARN
    from .site.cli import BUILD, SERVE

    table = (VALIDATE, BUILD, SERVE, DOCS, ANSWER, EVAL, LEARN, IMPORT, MAP, MIGRATE)
    return {c.name: (c.summary, c.examples, c.add_options, c.run) for c in table}


# name -> (command, where its Output class is). Every output implements generator.outputs.Output;
# a new output is a package with such a class, a Command in its cli.py, and a line in each table.
OUTPUTS: dict[str, tuple[str, str]] = {
    "site": ("build", "generator.site:SiteOutput"),
    "documents": ("docs", "generator.documents:DocumentsOutput"),
    "answers": ("answer", "generator.questionnaire:AnswersOutput"),
    "workbook": ("answer", "generator.questionnaire.xlsx:WorkbookOutput"),
}


def output(name: str) -> type:
    """The Output class of OUTPUTS[name], imported when a command needs it."""
    module, _, cls = OUTPUTS[name][1].partition(":")
    return getattr(importlib.import_module(module), cls)  # type: ignore[no-any-return]


COMMANDS = _commands()


def build_parser() -> argparse.ArgumentParser:
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
    except OSError as exc:
        # The system refused a read or a write (a full disk, a file size limit, a read-only folder): not a
        # bug, and outputs are swapped into place only when complete, so nothing half-written is left.
        reason = exc.strerror or type(exc).__name__
        what = f"cannot read or write {exc.filename}" if exc.filename else "a file could not be written"
        Console.error(f"trustgen {args.command}: {what}: {reason}; nothing was replaced")
        return EXIT_CONTENT
    except RecursionError:
        Console.error(f"trustgen {args.command}: the input is nested too deeply to be processed")
        return EXIT_CONTENT
    except Exception as exc:  # noqa: BLE001 - a bug must still not print a traceback to a user
        if os.environ.get("TRUSTGEN_DEBUG"):
            traceback.print_exc()
        Console.error(f"trustgen {args.command}: internal error: {type(exc).__name__}: {exc} "
                      "(run with TRUSTGEN_DEBUG=1 for details and please report it)")
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
