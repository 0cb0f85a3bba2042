"""`trustgen learn`, and the half of `trustgen answer` that fills the buyer's own file (FILE.xlsx,
FILE.docx): options and handlers only.

Every import beyond argparse happens inside the handlers so that `trustgen --help` stays fast.
`trustgen answer` itself lives in cli.py of this package; it adds add_workbook_options() to its
options and hands a workbook to answer_workbook() (WorkbookOutput) and a Word questionnaire to
answer_word_document() (WordOutput).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..command import EXIT_OK, Command, Console, content_option, load, quiet_option

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


def is_workbook(path: Path) -> bool:
    return path.suffix.lower() in WORKBOOK_SUFFIXES


def _header_row(text: str) -> int:
    try:
        row = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a row number: {text!r}") from None
    if row < 1:
        raise argparse.ArgumentTypeError("rows count from 1")
    return row


def add_workbook_options(p: argparse.ArgumentParser, question: bool = True) -> None:
    """--sheet, --question-col, --answer-col, --comment-col, --header-row (for .xlsx input)."""
    g = p.add_argument_group("workbook (.xlsx) layout", "found by themselves; name them when the guess is wrong")
    g.add_argument("--sheet", metavar="NAME", help="fill only this sheet (default: every sheet with a question table)")
    if question:
        g.add_argument("--question-col", metavar="COL", help="column of the questions: a letter (B) or its header text")
    g.add_argument("--answer-col", metavar="COL", help="column the answers go in: a letter (C) or its header text")
    g.add_argument("--comment-col", metavar="COL",
                   help="column the explanations go in: a letter (E) or its header text")
    g.add_argument("--header-row", metavar="N", type=_header_row, help="the row that holds the column headers")


def questionnaire_option(p: argparse.ArgumentParser) -> None:
    from ..model import MAPPING_NAMESPACES

    p.add_argument("--questionnaire", metavar="NAME", choices=tuple(MAPPING_NAMESPACES),
                   help="the standard questionnaire (and version) the file is, whose ids the knowledge base's "
                        "mappings name: " + ", ".join(MAPPING_NAMESPACES)
                        + " (default: recognised from the file's titles, sheet names and ids)")


def _overrides(args: argparse.Namespace):
    from .xlsx.detect import Overrides

    return Overrides(
        sheet=getattr(args, "sheet", None),
        question_col=getattr(args, "question_col", None) or getattr(args, "question_column", None),
        answer_col=getattr(args, "answer_col", None),
        comment_col=getattr(args, "comment_col", None),
        id_col=getattr(args, "id_column", None),
        header_row=getattr(args, "header_row", None),
    )


def _format(args: argparse.Namespace, filled: str) -> str:
    """The output format: --format, else the -o file's extension, else `filled` (the input, filled)."""
    fmt = getattr(args, "format", None)
    if fmt is None:
        output: Path | None = getattr(args, "output", None)
        suffix = output.suffix.lower() if output is not None else ""
        fmt = {".csv": "csv", ".md": "md", ".markdown": "md", ".json": "json"}.get(suffix, filled)
    return fmt


def _filled(args: argparse.Namespace, console: Console, output: Any, target: Path,
            describe: Callable[[Any], str]) -> int:
    """Build a filled copy (a WorkbookOutput or WordOutput) at target and report what it did."""
    from ..outputs import Context

    output.build(load(args.content).for_audience(args.audience), target, Context(progress=console.progress))
    result = output.result
    assert result is not None
    for layout in result.layouts:
        console.info(f"{args.file}: {layout.describe()}")
    console.info(describe(result))
    return EXIT_OK


def _plain(args: argparse.Namespace, console: Console, questions: list[Any], fmt: str,
           questionnaire: str | None = None) -> int:
    """The answers to a workbook's or document's questions as json / csv / md, like for any other input."""
    from ..outputs import Context
    from .model import Summary
    from .output import AnswersOutput

    output: Path | None = getattr(args, "output", None)
    answers = AnswersOutput(questions, fmt, getattr(args, "product", None), getattr(args, "locale", None),
                            args.file.name, threshold=getattr(args, "threshold", None),
                            questionnaire=questionnaire or getattr(args, "questionnaire", None),
                            csv_delimiter=getattr(args, "csv_delimiter", ","))
    view = load(args.content).for_audience(args.audience)
    # Without a progress report: the questions are answered in one go.
    if output is None:
        sys.stdout.write(answers.render(view, Context()))
        sys.stdout.flush()
    else:
        answers.build(view, output, Context())
    summary = Summary.of(answers.answers)
    console.info(f"{summary.questions} question(s): {summary.answered} answered, {summary.review} need review")
    return EXIT_OK


def answer_word_document(args: argparse.Namespace, console: Console) -> int:
    """`trustgen answer FILE.docx`: fill a copy of the buyer's Word questionnaire (the default, or -o X.docx),
    or write the answers as json / csv / md like for any other input."""
    from ..errors import UsageError
    from . import writers
    from .word import WordOutput, default_output, describe, read_questions

    fmt = _format(args, "docx")
    output: Path | None = getattr(args, "output", None)
    if fmt == "xlsx":
        raise UsageError("--format xlsx needs a workbook (.xlsx) as input; a Word questionnaire is filled as .docx")
    target = output or default_output(args.file) if fmt == "docx" else output
    if target is not None:
        writers.check_output(target, [args.file])
    if fmt == "docx":
        assert target is not None
        return _filled(args, console, WordOutput(args.file, getattr(args, "product", None),
                                                 getattr(args, "locale", None),
                                                 threshold=getattr(args, "threshold", None),
                                                 csv_delimiter=getattr(args, "csv_delimiter", ",")), target, describe)
    return _plain(args, console, read_questions(args.file), fmt)


def answer_workbook(args: argparse.Namespace, console: Console) -> int:
    """`trustgen answer FILE.xlsx`: fill a copy of the workbook (the default, or --format xlsx / -o X.xlsx),
    or write the answers as json / csv / md like for any other input."""
    from ..errors import UsageError
    from . import writers
    from .xlsx import Workbook, WorkbookOutput, default_output, describe, find_questions

    fmt = _format(args, "xlsx")
    output: Path | None = getattr(args, "output", None)
    if fmt == "docx":
        raise UsageError("--format docx needs a Word document (.docx) as input; a workbook is filled as .xlsx")
    if fmt == "xlsx":
        target = output or default_output(args.file)
        if not is_workbook(target):
            raise UsageError(f"-o {target}: the filled workbook must be an .xlsx file")
        writers.check_output(target, [args.file])
        return _filled(args, console, WorkbookOutput(args.file, _overrides(args), getattr(args, "product", None),
                                                     getattr(args, "locale", None),
                                                     threshold=getattr(args, "threshold", None),
                                                     questionnaire=getattr(args, "questionnaire", None),
                                                     csv_delimiter=getattr(args, "csv_delimiter", ",")),
                       target, describe)
    if output is not None:
        writers.check_output(output, [args.file])
    with Workbook(args.file) as wb:
        found = find_questions(wb, _overrides(args), getattr(args, "questionnaire", None))
    return _plain(args, console, found.questions, fmt, found.questionnaire)


# --- learn ------------------------------------------------------------------------------------------

def _learn_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="REVIEWED_FILE", type=Path,
                   help="a filled workbook (.xlsx) a person completed, or the CSV review report with the Answer "
                        "(and Sources) columns filled in")
    content_option(p)
    p.add_argument("-n", "--dry-run", action="store_true", help="print the change to the YAML files, write nothing")
    add_workbook_options(p)
    quiet_option(p)


def _learn(args: argparse.Namespace) -> int:
    from .learn import learn, summary_lines

    console = Console(args.quiet)
    result = learn(args.content, args.file, overrides=_overrides(args), dry_run=args.dry_run)
    for line in summary_lines(result):
        console.info(line)
    if result.diff:
        sys.stdout.write(result.diff)
        sys.stdout.flush()
    if not result.learned:
        console.info(f"{args.file}: nothing to learn")
    elif result.written:
        console.info(f"{args.file}: {len(result.learned)} question(s) added to "
                     f"{', '.join(str(p) for p in result.files)}; review the change (git diff) and commit it")
    else:
        console.info(f"{args.file}: {len(result.learned)} question(s) would be added (--dry-run: nothing written)")
    return EXIT_OK


LEARN = Command("learn", "add the answers a person gave in a reviewed questionnaire to the knowledge base",
                "  trustgen learn caiq-answered.xlsx              # the filled workbook, completed by a person\n"
                "  trustgen learn caiq-answered-review.csv --content content\n"
                "  trustgen learn hecvat-answered.xlsx --dry-run   # show the YAML change, write nothing",
                _learn_options, _learn)
