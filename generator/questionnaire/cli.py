"""`trustgen answer` and `trustgen eval`. Options and handlers only: the work is done by the package,
and every import beyond argparse happens inside the handlers so `trustgen --help` stays fast."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..command import EXIT_CONTENT, EXIT_OK, Command, Console, content_option, load, quiet_option
from ..errors import UsageError
from ..model import AUDIENCES
from .xlsx_cli import (
    add_workbook_options,
    answer_word_document,
    answer_workbook,
    is_workbook,
    questionnaire_option,
)

OUTPUT_FORMATS = ("json", "csv", "md", "xlsx", "docx")
INPUT_FORMATS = ("csv", "json", "yaml", "text")


# --- answer -----------------------------------------------------------------------------------------

def _answer_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", type=Path,
                   help="the questions: CSV or TSV with a header, JSON, YAML, plain text with one question a line, "
                        "or the buyer's own workbook (.xlsx, .xlsm) or Word document (.docx)")
    content_option(p)
    p.add_argument("--audience", choices=AUDIENCES, default="public",
                   help="which facts may be used: public (default), nda or internal")
    p.add_argument("--product", metavar="ID", help="answer for one product (its id in organization.yaml)")
    p.add_argument("--format", choices=OUTPUT_FORMATS,
                   help="json (the answers, for scripts; the default), or csv / md (a review report for a "
                        "person), or xlsx / docx (the input workbook or Word document, filled); taken from the "
                        "-o file's extension when not given")
    p.add_argument("-o", "--output", metavar="OUT", type=Path,
                   help="write to this file (never the input) instead of standard output")
    p.add_argument("--input-format", choices=INPUT_FORMATS,
                   help="how to read FILE when its extension does not say")
    p.add_argument("--question-column", metavar="NAME", help="the CSV column that holds the questions")
    p.add_argument("--id-column", metavar="NAME", help="the CSV column that holds the question ids")
    p.add_argument("--locale", choices=("en", "sv"),
                   help="language of the report's headings (default: the language most questions are in)")
    p.add_argument("--csv-delimiter", choices=(",", ";", "tab"), default=",", type=lambda v: v,
                   help="the delimiter of CSV review reports: ',' (the default) or ';' (Excel in a Swedish "
                        "locale) or tab; every report file starts with a byte-order mark, so Excel reads it as "
                        "UTF-8")
    p.add_argument("--threshold", type=float, metavar="X",
                   help="confidence needed to answer without a person (default 0.62; `trustgen eval "
                        "--calibrate` recommends one for a precision you choose)")
    questionnaire_option(p)
    quiet_option(p)
    add_workbook_options(p, question=True)


def _answer(args: argparse.Namespace) -> int:
    from ..outputs import Context
    from . import writers
    from .model import Summary
    from .output import AnswersOutput
    from .readers import read_questions

    console = Console(args.quiet)
    args.csv_delimiter = "\t" if args.csv_delimiter == "tab" else args.csv_delimiter
    if args.threshold is not None and not 0 < args.threshold <= 1:
        raise UsageError("--threshold must be above 0 and at most 1, such as 0.7")
    if is_workbook(args.file):
        return answer_workbook(args, console)
    if args.file.suffix.lower() == ".docx":
        return answer_word_document(args, console)
    if args.format in ("xlsx", "docx"):
        raise UsageError(f"--format {args.format} needs a workbook (.xlsx) or Word document (.docx) as input")
    fmt = args.format
    if fmt is None:
        suffix = args.output.suffix.lower().lstrip(".") if args.output else ""
        fmt = {"csv": "csv", "md": "md", "markdown": "md"}.get(suffix, "json")
    if args.output is not None:
        writers.check_output(args.output, [args.file])
    questions = read_questions(args.file, question_column=args.question_column, id_column=args.id_column,
                               input_format=args.input_format)
    console.info(f"{args.file}: {len(questions)} question(s)")
    view = load(args.content).for_audience(args.audience)
    output = AnswersOutput(questions, fmt, args.product, args.locale, args.file.name, threshold=args.threshold,
                           questionnaire=args.questionnaire, csv_delimiter=args.csv_delimiter)
    context = Context(progress=console.progress)
    if args.output is None:
        sys.stdout.write(output.render(view, context))
        sys.stdout.flush()
    else:
        output.build(view, args.output, context)
    summary = Summary.of(output.answers)
    console.info(f"{summary.questions} question(s): {summary.answered} answered, {summary.review} need review"
                 + (f"; wrote {args.output}" if args.output else ""))
    return EXIT_OK


ANSWER = Command("answer", "answer a security questionnaire from the knowledge base",
                 "  trustgen answer questions.csv                      # JSON answers on standard output\n"
                 "  trustgen answer questions.csv --format md -o review.md\n"
                 "  trustgen answer vsaq.csv --audience nda --product ledger --format csv -o answers.csv\n"
                 "  trustgen answer buyer.csv --question-column 'Control Question' --id-column 'Control ID'\n"
                 "  trustgen answer questions.txt --content examples/claris   # one question per line\n"
                 "  trustgen answer caiq.xlsx -o caiq-answered.xlsx        # the buyer's own workbook, filled\n"
                 "  trustgen answer vendor.xlsx --sheet Security --answer-col D --comment-col Notes\n"
                 "  trustgen answer upphandling.docx                    # a Word questionnaire, filled in place\n"
                 "  trustgen answer questions.csv --threshold 0.7          # answer only what is surer\n"
                 "  trustgen answer lite.csv --questionnaire hecvat-lite-3 # whose ids the mappings name",
                 _answer_options, _answer)


# --- eval -------------------------------------------------------------------------------------------

def _eval_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("sets", metavar="SET", nargs="+", type=Path,
                   help="labelled sets (YAML); each names the knowledge base it was labelled against")
    p.add_argument("--content", metavar="DIR", type=Path,
                   help="use this knowledge base for every set instead of the one each set names")
    p.add_argument("--min-accuracy", type=float, default=0.9, metavar="X",
                   help="fail when accuracy on answered covered questions is below X (default 0.9)")
    p.add_argument("--max-fabrications", type=int, default=0, metavar="N",
                   help="fail when more than N answers are fabricated (default 0)")
    p.add_argument("-v", "--verbose", action="store_true", help="also list questions sent to review")
    p.add_argument("--calibrate", type=float, metavar="PRECISION",
                   help="answer every set at a range of thresholds and print coverage and precision of "
                        "both halves; recommend the lowest threshold whose development half reaches "
                        "PRECISION (for example 0.95); use it with `trustgen answer --threshold`")
    quiet_option(p)


def _calibrate(args: argparse.Namespace, sets: list, console: Console) -> int:
    from .engine import THRESHOLD
    from .evaluate import calibrate, choose_threshold

    if not 0 < args.calibrate <= 1:
        raise UsageError("--calibrate needs a precision above 0 and at most 1, such as 0.95")
    rows = calibrate(sets, progress=lambda done, total: console.progress(done, total, "thresholds"))
    print("threshold  dev coverage  dev precision  dev errors  held-out coverage  held-out precision  "
          "held-out errors")
    for r in rows:
        mark = " (default)" if r.threshold == THRESHOLD else ""
        print(f"{r.threshold:<9.2f}  {r.dev.coverage:>12.1%}  {r.dev.precision:>13.1%}  {r.dev.errors:>10}  "
              f"{r.held_out.coverage:>17.1%}  {r.held_out.precision:>18.1%}  {r.held_out.errors:>15}{mark}")
    chosen = choose_threshold(rows, args.calibrate)
    if chosen is None:
        console.error(f"no threshold reaches {args.calibrate:.0%} precision on the development half")
        return EXIT_CONTENT
    print(f"recommended threshold: {chosen.threshold:.2f} (development half {chosen.dev.precision:.1%} precise, "
          f"{chosen.dev.coverage:.1%} coverage; held-out half {chosen.held_out.precision:.1%} precise, "
          f"{chosen.held_out.coverage:.1%} coverage)")
    return EXIT_OK


def _eval(args: argparse.Namespace) -> int:
    from .evaluate import SPLITS, describe, load_set, merge, run_set, summary_line

    console = Console(args.quiet)
    if not 0 <= args.min_accuracy <= 1:
        raise UsageError("--min-accuracy must be between 0 and 1")
    sets = [load_set(path, args.content) for path in args.sets]
    if args.calibrate is not None:
        return _calibrate(args, sets, console)
    cache: dict = {}
    scores = []
    for i, evalset in enumerate(sets, start=1):
        console.progress(i, len(sets), f"{evalset.path}")
        score = run_set(evalset, cache)
        scores.append(score)
        print(summary_line(f"{evalset.path.name} [{evalset.name}]", score))
        for split in SPLITS:
            print("  " + summary_line(split, score.part(split)))
        for outcome in score.outcomes:
            if outcome.verdict in ("fabrication", "wrong", "inverted") or (
                    args.verbose and outcome.verdict == "missed"):
                print("  " + describe(outcome))
    total = merge(scores)
    print(summary_line("total", total))
    for split in SPLITS:
        print("  " + summary_line(split, total.part(split)))
    reasons = ", ".join(f"{reason} {n}" for reason, n in total.review_reasons())
    if reasons:
        print(f"review reasons: {reasons}")
    ok = (total.fabrications + total.inversions <= args.max_fabrications
          and total.accuracy >= args.min_accuracy)
    if not ok:
        console.error(f"targets missed: at most {args.max_fabrications} fabrication(s) and at least "
                      f"{args.min_accuracy:.0%} accuracy")
        return EXIT_CONTENT
    return EXIT_OK


EVAL = Command("eval", "measure answer quality on labelled question sets",
               "  trustgen eval tests/data/eval/*.yaml\n"
               "  trustgen eval tests/data/eval/vindel-vsaq.yaml --content content --verbose\n"
               "  trustgen eval my-sets/*.yaml --calibrate 0.95   # the threshold that reaches 95% precision",
               _eval_options, _eval)
