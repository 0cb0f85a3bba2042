"""Fill a buyer's workbook: read its questions, answer them, and write the answers into a copy.

    fill_workbook(kb, "caiq.xlsx", "caiq-answered.xlsx") -> FillResult

Only answer and comment cells change. A drop-down cell gets exactly one of the values its list allows,
or stays blank and the question goes to review; a cell that cannot take the answer (merged into
another, holding a formula, already holding a different answer) is left alone and the question goes
to review too. Beside the filled workbook the review report is written as Markdown and CSV.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ...errors import InputError, UsageError, display_path
from ...i18n import N_, translator, words_locale
from ...outputs import Progress
from ...vocabulary import ANSWER_LABELS
from ..languages import answer_words, header_words
from ..model import ANSWERED, REVIEW, Answer, Question, Suggestion
from .detect import Layout, Overrides, detect_layout, normalize_header
from .package import DEFAULT_LIMITS, Limits
from .refs import cell_name
from .workbook import Sheet, Workbook
from .writer import CellWrite, edit_sheet, set_full_calc_on_load

MAX_QUESTIONS = 50_000

# Why a workbook cell sent an answered question back to review. The filler passes these to the review
# report writers together with the engine's reasons (writers.REASONS), which it leaves as they are.
DROP_DOWN = "drop-down"
DROP_DOWN_UNREADABLE = "drop-down unreadable"
OPEN_QUESTION = "open question"
CELL_LOCKED = "cell"
KEPT = "kept"
VALIDATION = "validation"
WORKBOOK_REASONS = {
    DROP_DOWN: N_("The drop-down list of the answer cell has no value for this answer, so the cell was "
                  "left blank."),
    DROP_DOWN_UNREADABLE: N_("The drop-down list of the answer cell could not be read (a formula builds it), "
                             "so the cell was left blank."),
    OPEN_QUESTION: N_("The answer cell takes only a value from its drop-down list, and this question has no "
                      "yes or no answer."),
    CELL_LOCKED: N_("The answer cell cannot be written: it is merged into another cell or holds a formula."),
    KEPT: N_("The workbook already holds a different answer here; it was left as it was."),
    VALIDATION: N_("The answer cell accepts only another kind of value (a number, a date or a checked "
                   "formula)."),
}

# The answer words of every language pack (questionnaire/languages/).
_YES, _NO, _NA, _PARTIAL = answer_words()
_CONTEXT_HEADERS = frozenset(header_words("context"))


def answer_category(value: str) -> str | None:
    """What a cell value or drop-down entry says: yes, no, partial, n/a, or None when it is none of them."""
    text = " ".join(value.strip().lower().split()).rstrip(".")
    if not text:
        return None
    if text in _NA or text.replace(" ", "") in _NA:
        return "n/a"
    words = re.findall(r"[^\W\d_]+", text)
    if not words:
        return None
    if any(w.startswith(_PARTIAL) for w in words) or any(p in text for p in _PARTIAL if " " in p):
        return "partial"
    if words[0] in _YES:
        return "yes"
    if words[0] in _NO:
        return "no"
    return None


def choose_allowed(allowed: Sequence[str], answer: str) -> str | None:
    """The one allowed value that says `answer`, or None when none or several do (never a guess)."""
    fits = [v for v in allowed if answer_category(v) == answer]
    distinct = {" ".join(v.lower().split()) for v in fits}
    return fits[0] if len(distinct) == 1 else None


def answer_word(answer: str, language: str) -> str:
    """The answer as the workbook's cell says it, in the question's language when the generator's
    words are translated into it (else in English)."""
    return translator(words_locale(language)).gettext(ANSWER_LABELS[answer])


# --- reading --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Slot:
    """Where one question's answer and explanation go."""

    sheet: str
    row: int
    answer_col: int
    comment_col: int | None

    @property
    def answer_ref(self) -> str:
        return f"{self.sheet}!{cell_name(self.row, self.answer_col)}"


@dataclass(frozen=True)
class WorkbookQuestion:
    question: Question
    slot: Slot


@dataclass(frozen=True)
class Questions:
    layouts: tuple[Layout, ...]
    items: tuple[WorkbookQuestion, ...]
    questionnaire: str | None = None  # the mapping namespace the workbook was recognised as

    @property
    def questions(self) -> list[Question]:
        return [item.question for item in self.items]


TITLE_ROWS = 12  # rows above (and including) a sheet's header that are read for the questionnaire's name


def find_questions(wb: Workbook, overrides: Overrides | None = None, questionnaire: str | None = None) -> Questions:
    """Every question of the workbook's question sheets, in sheet and row order, each marked with the
    questionnaire (mapping namespace) named, or else recognised from the workbook (namespaces.py)."""
    overrides = overrides or Overrides()
    if overrides.sheet is not None:
        info = wb.sheet_info(overrides.sheet)
        if info is None or info.part is None:
            names = ", ".join(f"'{s.name}'" for s in wb.worksheets())
            raise UsageError(f"--sheet {overrides.sheet}: no such worksheet in {wb.name} (sheets: {names})")
        candidates = [info]
    else:
        candidates = [info for info in wb.worksheets() if info.state == "visible"]
    layouts: list[Layout] = []
    items: list[WorkbookQuestion] = []
    seen_ids: set[str] = set()
    first_error: UsageError | None = None
    for info in candidates:
        sheet = wb.sheet(info.name)
        try:
            layout = detect_layout(wb, sheet, overrides)
        except UsageError as exc:
            if overrides.sheet is not None:
                raise
            # A column named by its header need not exist on every sheet, only on the question sheets.
            first_error = first_error or exc
            continue
        if layout is None:
            if overrides.sheet is not None:
                raise UsageError(f"--sheet {overrides.sheet}: cannot tell which columns hold the questions and the "
                                 "answers; name them with --question-col and --answer-col (and --header-row)")
            continue
        if overrides.sheet is None and _computed(sheet, layout):
            continue  # a scoring or summary sheet: its questions and answers are formulas over another sheet
        found = list(_sheet_questions(sheet, layout, seen_ids))
        if found:
            layouts.append(layout)
            items.extend(found)
        if len(items) > MAX_QUESTIONS:
            raise InputError(f"{wb.name}: more than {MAX_QUESTIONS} questions; nothing was written")
    if not items and first_error is not None:
        raise first_error
    if not items:
        raise InputError(f"{wb.name}: no questions found (no sheet has a table with a question column and an answer "
                         "column); name them with --sheet, --question-col and --answer-col; nothing was written")
    if questionnaire is None:
        questionnaire = recognise(wb, [item.question.id for item in items])
    if questionnaire is not None:
        items = [WorkbookQuestion(replace(item.question, questionnaire=questionnaire), item.slot) for item in items]
    return Questions(tuple(layouts), tuple(items), questionnaire)


def recognise(wb: Workbook, ids: list[str]) -> str | None:
    """The questionnaire a workbook is, from its sheet names and title cells, else from its ids."""
    from ..namespaces import detect_from_ids, detect_from_text

    texts = []
    for info in wb.worksheets():
        texts.append(info.name)
        if info.state != "visible":
            continue
        sheet = wb.sheet(info.name)
        texts.extend(c.text for (row, _col), c in sorted(sheet.cells.items()) if row <= TITLE_ROWS and c.text
                     and len(c.text) < 200)
    return detect_from_text(texts) or detect_from_ids(ids)


def _computed(sheet: Sheet, layout: Layout) -> bool:
    """Whether most question or answer cells of a table are formulas: a buyer's scoring or summary sheet
    computed from the sheet the vendor fills, with nothing for the vendor to write."""
    first = (layout.header_row or 0) + 1
    questions = answers = formulas_q = formulas_a = 0
    for row in range(first, sheet.max_row + 1):
        q = sheet.cell(row, layout.question_col)
        if q is None or not (q.text or q.formula):
            continue
        questions += 1
        formulas_q += q.formula
        a = sheet.cell(row, layout.answer_col)
        if a is not None and (a.text or a.formula):
            answers += 1
            formulas_a += a.formula
    return questions > 0 and (formulas_q * 2 > questions or formulas_a * 2 > questions)


def _context_columns(sheet: Sheet, layout: Layout) -> list[tuple[int, str]]:
    """Columns of the header row that give each question its context (section, domain, control title)."""
    if not layout.header_row:
        return []
    used = {layout.question_col, layout.answer_col, layout.comment_col, layout.id_col}
    out = []
    for col in range(1, sheet.max_col + 1):
        name = normalize_header(sheet.value(layout.header_row, col))
        if col not in used and name and (name in _CONTEXT_HEADERS or name.replace(" ", "_") in _CONTEXT_HEADERS):
            out.append((col, name))
    return out


def _sheet_questions(sheet: Sheet, layout: Layout, seen_ids: set[str]):
    header_text = normalize_header(sheet.value(layout.header_row, layout.question_col)) if layout.header_row else ""
    first = (layout.header_row or 0) + 1
    context_columns = _context_columns(sheet, layout)
    section = ""  # the section heading the rows stand under, part of each question's context
    for row in range(first, sheet.max_row + 1):
        merge = sheet.merge_at(row, layout.question_col)
        if merge is not None and merge.min_col <= layout.answer_col <= merge.max_col:
            # A section heading spread over the table's width (its text is in the merge's first cell).
            section = " ".join(sheet.value(merge.min_row, merge.min_col).split()) or section
            continue
        text = " ".join(sheet.value(row, layout.question_col).split())
        if not text or (header_text and normalize_header(text) == header_text):
            continue
        qid = ""
        if layout.id_col is not None:
            qid = sheet.value(row, layout.id_col).strip()
            if not qid:
                section = text
                continue  # section rows carry no id in a table whose questions do
        if not qid:
            qid = f"{sheet.name}!{row}"
        if qid in seen_ids:
            qid = f"{qid} ({sheet.name}!{row})"
        seen_ids.add(qid)
        slot = Slot(sheet.name, row, layout.answer_col, layout.comment_col)
        context = tuple((name, v) for col, name in context_columns if (v := " ".join(sheet.value(row, col).split())))
        question = Question(id=qid, text=text, row=row,
                            extra=(("sheet", sheet.name), ("cell", cell_name(row, layout.answer_col)),
                                   *((("section", section),) if section else ()), *context))
        yield WorkbookQuestion(question, slot)


# --- planning -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Plan:
    writes: dict[str, list[CellWrite]]
    answers: list[Answer]
    filled: int          # questions whose answer is now in the workbook (written, or already there)


def demote(answer: Answer, reason: str) -> Answer:
    """An answered question sent back to review, keeping what the engine found as suggestions."""
    found = tuple(Suggestion(source, answer.text or "", answer.answer, answer.confidence) for source in answer.sources)
    return replace(answer, status=REVIEW, answer=None, text=None, sources=(),
                   suggestions=found + answer.suggestions, reason=reason)


def plan_fill(wb: Workbook, items: Sequence[WorkbookQuestion], answers: Sequence[Answer]) -> Plan:
    """Which cells get which text, and the final answers (answered ones the workbook cannot take demoted)."""
    if len(items) != len(answers):
        raise ValueError("one answer per question is needed")
    writes: dict[str, list[CellWrite]] = {}
    final: list[Answer] = []
    filled = 0
    for item, answer in zip(items, answers):
        if answer.status != ANSWERED:
            final.append(answer)
            continue
        outcome = _plan_one(wb, item.slot, answer)
        if isinstance(outcome, str):
            final.append(demote(answer, outcome))
            continue
        final.append(answer)
        filled += 1
        for write in outcome:
            writes.setdefault(item.slot.sheet, []).append(write)
    return Plan(writes, final, filled)


def _writable(sheet: Sheet, row: int, col: int) -> bool:
    merge = sheet.merge_at(row, col)
    if merge is not None and (merge.min_row, merge.min_col) != (row, col):
        return False
    cell = sheet.cell(row, col)
    return not (cell and cell.formula)


def _plan_one(wb: Workbook, slot: Slot, answer: Answer) -> list[CellWrite] | str:
    sheet = wb.sheet(slot.sheet)
    row, col = slot.row, slot.answer_col
    if not _writable(sheet, row, col):
        return CELL_LOCKED
    validation = sheet.validation_at(row, col)
    current = sheet.value(row, col).strip()
    explanation = (answer.text or "").strip()
    has_comment = slot.comment_col is not None
    if validation is not None and validation.type == "list":
        allowed = wb.list_values(sheet, validation)
        if allowed is None:
            return DROP_DOWN_UNREADABLE
        if answer.answer is None:
            return OPEN_QUESTION
        value = choose_allowed(allowed, answer.answer)
        if value is None:
            return DROP_DOWN
        # A value the list does not allow is a placeholder ("Select..."), which the answer replaces.
        if current and current in allowed and current != value:
            return KEPT
    elif validation is not None and validation.type not in ("none", "textLength"):
        return VALIDATION
    else:
        if answer.answer is None:
            value = explanation
        else:
            word = answer_word(answer.answer, answer.language)
            value = word if has_comment or not explanation else f"{word}. {explanation}"
        if validation is not None and validation.type == "textLength" and not _length_ok(validation, value):
            return VALIDATION
        if current and current != value:
            return KEPT
    out: list[CellWrite] = []
    if current != value:
        out.append(CellWrite(row, col, value))
    if has_comment and answer.answer is not None and explanation:
        assert slot.comment_col is not None
        ccol = slot.comment_col
        comment_validation = sheet.validation_at(row, ccol)
        if (_writable(sheet, row, ccol) and not sheet.value(row, ccol).strip()
                and (comment_validation is None or comment_validation.type == "none"
                     or (comment_validation.type == "textLength" and _length_ok(comment_validation, explanation)))):
            out.append(CellWrite(row, ccol, explanation))
    return out


def _length_ok(validation, text: str) -> bool:
    try:
        low = int(float(validation.formula1 or "0"))
        high = int(float(validation.formula2)) if validation.formula2 else None
    except ValueError:
        return False
    n = len(text)
    op = validation.operator or "between"
    return {
        "between": low <= n <= (high if high is not None else n),
        "notBetween": not (low <= n <= (high if high is not None else n)),
        "equal": n == low, "notEqual": n != low,
        "greaterThan": n > low, "lessThan": n < low,
        "greaterThanOrEqual": n >= low, "lessThanOrEqual": n <= low,
    }.get(op, False)


# --- writing --------------------------------------------------------------------------------------

def write_workbook(wb: Workbook, out: Path, writes: dict[str, list[CellWrite]]) -> None:
    """Copy the package to out with the edited sheets (and fullCalcOnLoad) in place of the originals."""
    replacements: dict[str, bytes] = {}
    for sheet_name, cell_writes in writes.items():
        if not cell_writes:
            continue
        info = wb.sheet_info(sheet_name)
        assert info is not None and info.part is not None
        replacements[info.part] = edit_sheet(wb.package.read(info.part), cell_writes, f"{wb.name}: {info.part}")
    if replacements:
        replacements[wb.part] = set_full_calc_on_load(wb.package.read(wb.part), f"{wb.name}: {wb.part}")
    wb.package.write_copy(out, replacements)


def _check_macro_type(wb: Workbook, source: Path, out: Path) -> None:
    """A workbook with macros stays an .xlsm, one without stays an .xlsx: Excel refuses to open a file
    whose extension and declared type disagree."""
    macros = any(info.filename.lower().endswith("vbaproject.bin") for info in wb.package.infos)
    if macros and out.suffix.lower() != ".xlsm":
        raise UsageError(f"{display_path(source)} holds macros, which only an .xlsm file keeps: write the filled "
                         f"copy as {out.with_suffix('.xlsm').name} (-o), or save the workbook without macros first")
    if not macros and out.suffix.lower() == ".xlsm":
        raise UsageError(f"{display_path(source)} holds no macros: write the filled copy as an .xlsx file "
                         f"({out.with_suffix('.xlsx').name})")


def default_output(source: Path) -> Path:
    """Where the filled copy goes when no -o is given: beside the input, named NAME-answered.xlsx."""
    return source.with_name(f"{source.stem}-answered{source.suffix}")


def report_paths(out: Path) -> tuple[Path, Path]:
    """The review reports beside a filled workbook: NAME-review.md and NAME-review.csv, or, when a
    report of that name is already there (a person may be working in it), the first NAME-review-2,
    NAME-review-3, ... of which neither file exists: a review file is never written over."""
    n = 1
    while True:
        suffix = "" if n == 1 else f"-{n}"
        md, csv = out.with_name(f"{out.stem}-review{suffix}.md"), out.with_name(f"{out.stem}-review{suffix}.csv")
        if not (md.exists() or md.is_symlink() or csv.exists() or csv.is_symlink()):
            return md, csv
        n += 1


@dataclass(frozen=True)
class FillResult:
    output: Path
    answers: list[Answer]           # in question order, answered ones the workbook refused demoted to review
    layouts: tuple[Layout, ...]
    filled: int
    cells_written: int
    reports: tuple[Path, ...]

    @property
    def review(self) -> int:
        return sum(1 for a in self.answers if a.status == REVIEW)


AnswerFn = Callable[[list[Question]], list[Answer]]


def fill_with(source: Path, out: Path, answer_fn: AnswerFn, overrides: Overrides | None = None, *,
              reports: bool = True, title: str | None = None, locale: str | None = None,
              limits: Limits = DEFAULT_LIMITS, questionnaire: str | None = None,
              csv_delimiter: str = ",") -> FillResult:
    """Fill the workbook at source into out with answers from answer_fn (the engine, or a test's own)."""
    from ..writers import BOM, REASONS, check_output, report_locale, to_csv, to_markdown, write_atomic

    source, out = Path(source), Path(out)
    check_output(out, [source])
    md_path, csv_path = report_paths(out)
    if reports:
        for path in (md_path, csv_path):
            check_output(path, [source])
    with Workbook(source, limits) as wb:
        _check_macro_type(wb, source, out)
        found = find_questions(wb, overrides or Overrides(), questionnaire)
        answers = answer_fn(found.questions)
        plan = plan_fill(wb, found.items, answers)
        md = csv = ""
        if reports:
            words = locale or report_locale(plan.answers)
            reasons = {**WORKBOOK_REASONS, **REASONS}
            md = to_markdown(plan.answers, words, title or source.name, reasons)
            csv = BOM + to_csv(plan.answers, words, reasons, delimiter=csv_delimiter, questions=found.questions)
        write_workbook(wb, out, plan.writes)
    written: tuple[Path, ...] = ()
    if reports:
        write_atomic(md_path, md)
        write_atomic(csv_path, csv)
        written = (md_path, csv_path)
    return FillResult(out, plan.answers, found.layouts, plan.filled,
                      sum(len(w) for w in plan.writes.values()), written)


def fill_workbook(kb, source: str | Path, out: str | Path | None = None, *, audience: str = "public",
                  product: str | None = None, sheet: str | None = None, question_col: str | None = None,
                  answer_col: str | None = None, comment_col: str | None = None, id_col: str | None = None,
                  header_row: int | None = None, reports: bool = True, locale: str | None = None,
                  progress: Progress | None = None,
                  threshold: float | None = None, questionnaire: str | None = None,
                  csv_delimiter: str = ",") -> FillResult:
    """Answer the questions of the workbook at source from kb and write the filled copy to out.

    out defaults to NAME-answered.xlsx beside the source; it must not be the source. The review report
    is written beside out as NAME-review.md and NAME-review.csv unless reports is False, in `locale`
    (default: the language most questions are in). `questionnaire` names the mapping namespace of
    its ids; by default it is recognised from the workbook.
    """
    from ..engine import answer_questions

    if header_row is not None and header_row < 1:
        raise UsageError(f"--header-row {header_row}: rows count from 1")
    source = Path(source)
    target = Path(out) if out is not None else default_output(source)
    overrides = Overrides(sheet, question_col, answer_col, comment_col, id_col, header_row)

    def answer_fn(questions: list[Question]) -> list[Answer]:
        return answer_questions(kb, questions, audience=audience, product=product, progress=progress,
                                threshold=threshold, questionnaire=questionnaire)

    return fill_with(source, target, answer_fn, overrides, reports=reports, title=source.name, locale=locale,
                     questionnaire=questionnaire, csv_delimiter=csv_delimiter)


def describe(result: FillResult) -> str:
    """One line for the console: what was filled and where."""
    total = len(result.answers)
    text = (f"{display_path(result.output)}: {result.filled} of {total} questions answered in the workbook, "
            f"{result.review} need review")
    if result.reports:
        text += f" (see {display_path(result.reports[0])})"
    return text
