"""`trustgen migrate`, `trustgen import` and `trustgen map`: options and handlers only.

Every import beyond argparse happens inside the handlers so that `trustgen --help` stays fast.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..command import EXIT_OK, Command, Console, content_option, quiet_option

# --- migrate ----------------------------------------------------------------------------------------


def _migrate_options(p: argparse.ArgumentParser) -> None:
    content_option(p)
    p.add_argument("--hecvat", metavar="VERSION", choices=("full-3", "lite-3", "4"),
                   help="the HECVAT version (full-3, lite-3 or 4) of unversioned 'hecvat' ids that could be "
                        "several (default: ask, or stop when not run in a terminal)")
    p.add_argument("-n", "--dry-run", action="store_true", help="print the change to the YAML files, write nothing")
    quiet_option(p)


def _ask(where: str, ids: list[str], versions: list[str]) -> str:
    from ..model import MAPPING_NAMESPACES

    choices = {v.removeprefix("hecvat-"): v for v in versions}
    print(f"{where}: HECVAT ids {', '.join(ids)} could be "
          + ", ".join(f"{MAPPING_NAMESPACES[v]} ({short})" for short, v in choices.items()), file=sys.stderr)
    while True:
        print(f"which version? [{'/'.join(choices)}] ", end="", file=sys.stderr, flush=True)
        answer = sys.stdin.readline().strip()
        if answer in choices:
            return answer
        if not answer:
            from ..errors import UsageError

            raise UsageError("no HECVAT version chosen; nothing was written")


def _migrate(args: argparse.Namespace) -> int:
    from .migrate import migrate

    console = Console(args.quiet)
    result = migrate(args.content, hecvat=args.hecvat, ask=_ask if sys.stdin.isatty() else None,
                     dry_run=args.dry_run)
    for line in result.changes:
        console.info(line)
    if result.diff and args.dry_run:
        sys.stdout.write(result.diff)
        sys.stdout.flush()
    if not result.changes:
        console.info(f"{args.content}: every mapping already names its questionnaire version; nothing to do")
    elif result.written:
        console.info(f"{len(result.changes)} mapping key(s) rewritten in "
                     f"{', '.join(str(p) for p in result.files)}; review the change (git diff) and commit it")
    else:
        console.info(f"{len(result.changes)} mapping key(s) would be rewritten (--dry-run: nothing written)")
    return EXIT_OK


MIGRATE = Command("migrate", "rewrite older mapping keys of a knowledge base to versioned questionnaire namespaces",
                  "  trustgen migrate --dry-run                    # show the change, write nothing\n"
                  "  trustgen migrate --content examples/claris\n"
                  "  trustgen migrate --hecvat full-3              # unversioned 'hecvat' ids are HECVAT Full 3",
                  _migrate_options, _migrate)


# --- import -----------------------------------------------------------------------------------------

def _locales(text: str) -> tuple[str, ...]:
    codes = tuple(c.strip() for c in text.split(",") if c.strip())
    if not codes:
        raise argparse.ArgumentTypeError("name at least one locale, such as en or en,sv")
    return codes


def _import_options(p: argparse.ArgumentParser) -> None:
    from .xlsx_cli import add_workbook_options, questionnaire_option

    p.add_argument("file", metavar="FILE", type=Path,
                   help="an answered questionnaire: a filled workbook (.xlsx), or CSV, JSON or YAML with question, "
                        "answer and explanation columns")
    content_option(p)
    p.add_argument("--product", metavar="ID", help="the imported facts apply to this product only")
    questionnaire_option(p)
    p.add_argument("--locales", metavar="LIST", type=_locales,
                   help="the locales of a new knowledge base, comma-separated (default: en)")
    p.add_argument("-n", "--dry-run", action="store_true", help="print the change to the YAML files, write nothing")
    add_workbook_options(p)
    p.add_argument("--id-column", metavar="NAME", help="the CSV column that holds the question ids")
    quiet_option(p)


def _import(args: argparse.Namespace) -> int:
    from .importing import import_questionnaire, summary_lines
    from .xlsx_cli import _overrides

    console = Console(args.quiet)
    result = import_questionnaire(args.content, args.file, overrides=_overrides(args),
                                  questionnaire=args.questionnaire, product=args.product, locales=args.locales,
                                  dry_run=args.dry_run,
                                  progress=console.progress)
    for line in summary_lines(result):
        console.info(line)
    if args.dry_run and result.diff:
        sys.stdout.write(result.diff)
        sys.stdout.flush()
    if result.written:
        what = "created" if result.new_knowledge_base else "changed"
        console.info(f"{args.content}: {what} {len(result.files)} file(s); everything imported is a draft "
                     "(status: draft, visibility: nda): `trustgen validate` lists what is left to read")
    elif args.dry_run:
        console.info(f"{args.content}: {len(result.files)} file(s) would change (--dry-run: nothing written)")
    return EXIT_OK


IMPORT = Command("import", "turn an answered questionnaire into knowledge: new draft facts, or questions and "
                 "mappings of the facts that already say the same",
                 "  trustgen import hecvat-2024.xlsx --content content            # into an existing knowledge base\n"
                 "  trustgen import last-year.csv --content kb --locales en,sv    # a new knowledge base\n"
                 "  trustgen import caiq.xlsx --questionnaire caiq-v4 --dry-run   # show the change, write nothing\n"
                 "  trustgen import answers.csv --product ledger",
                 _import_options, _import)


# --- map --------------------------------------------------------------------------------------------

def _map_options(p: argparse.ArgumentParser) -> None:
    from .xlsx_cli import add_workbook_options, questionnaire_option

    p.add_argument("file", metavar="QUESTIONNAIRE", type=Path, nargs="?",
                   help="a standard questionnaire (a workbook, or CSV, JSON or YAML with id and question columns)")
    content_option(p)
    questionnaire_option(p)
    p.add_argument("-o", "--output", metavar="MAPPING.xlsx", type=Path,
                   help="the mapping sheet to write (default: QUESTIONNAIRE-mapping.xlsx beside it)")
    p.add_argument("--apply", metavar="MAPPING.xlsx", type=Path,
                   help="write the accepted rows of a decided mapping sheet as mappings in the facts' files")
    p.add_argument("-n", "--dry-run", action="store_true", help="with --apply: print the change, write nothing")
    p.add_argument("--id-column", metavar="NAME", help="the CSV column that holds the question ids")
    p.add_argument("--question-column", metavar="NAME", help="the CSV column that holds the questions")
    add_workbook_options(p)
    quiet_option(p)


def _map(args: argparse.Namespace) -> int:
    from ..command import load
    from ..errors import UsageError
    from . import writers

    console = Console(args.quiet)
    if args.apply is not None:
        if args.file is not None or args.output is not None:
            raise UsageError("--apply reads a decided mapping sheet: give no QUESTIONNAIRE and no -o with it")
        from .mapping import apply_mapping_sheet

        result = apply_mapping_sheet(args.content, args.apply, dry_run=args.dry_run)
        for line in result.applied:
            console.info(f"mapped: {line}")
        for line in result.skipped:
            console.info(f"skipped: {line}")
        if args.dry_run and result.diff:
            sys.stdout.write(result.diff)
            sys.stdout.flush()
        verb = "written to" if result.written else "would be written to"
        console.info(f"{len(result.applied)} mapping(s) {verb} {', '.join(str(p) for p in result.files) or 'no file'}")
        return EXIT_OK
    if args.file is None:
        raise UsageError("name a questionnaire to map (or --apply a decided mapping sheet)")
    from .mapping import write_mapping_sheet
    from .namespaces import detect_from_ids
    from .xlsx_cli import _overrides, is_workbook

    out = args.output or args.file.with_name(f"{args.file.stem}-mapping.xlsx")
    if not is_workbook(out):
        raise UsageError(f"-o {out}: the mapping sheet is an .xlsx workbook")
    writers.check_output(out, [args.file])
    if is_workbook(args.file):
        from .xlsx import Workbook, find_questions

        with Workbook(args.file) as wb:
            found = find_questions(wb, _overrides(args), args.questionnaire)
        questions, namespace = found.questions, found.questionnaire
    else:
        from .readers import read_questions

        questions = read_questions(args.file, question_column=args.question_column, id_column=args.id_column)
        namespace = args.questionnaire or detect_from_ids(q.id for q in questions)
    if namespace is None:
        raise UsageError(f"{args.file}: cannot tell which standard questionnaire this is; name it with --questionnaire")
    console.info(f"{args.file}: {len(questions)} question(s) of {namespace}")
    sheet = write_mapping_sheet(load(args.content), questions, namespace, out,
                                progress=console.progress)
    console.info(f"{out}: {sheet.rows} question(s): {sheet.to_decide} to decide (a fact is proposed), "
                 f"{sheet.already_mapped} already mapped, {sheet.no_candidate} with no candidate; "
                 "write accept or not applicable in the Decision column, then run "
                 f"`trustgen map --apply {out}`")
    return EXIT_OK


MAP = Command("map", "map a standard questionnaire's ids to facts once, in a sheet a person decides",
              "  trustgen map caiq-v4.0.3.xlsx -o caiq-mapping.xlsx       # propose a fact per question id\n"
              "  trustgen map hecvat-lite.csv --questionnaire hecvat-lite-3\n"
              "  trustgen map --apply caiq-mapping.xlsx --dry-run         # show the mappings it would write\n"
              "  trustgen map --apply caiq-mapping.xlsx                   # write the accepted rows",
              _map_options, _map)
