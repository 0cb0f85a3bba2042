"""Fill a buyer's own Word questionnaire (.docx) and give it back intact.

Many buyers, Swedish public procurement among them, send their questions as tables in a Word
document: a header row naming the question, answer and comment columns, then one row a question,
with section rows spanning the table between them. This module finds those tables, answers their
questions from the knowledge base, and writes each answer and explanation into the empty cells of
the buyer's own document. Only word/document.xml changes; every other part of the package (styles,
headers and footers, numbering, images, settings) is copied byte for byte, with the same checks
against hostile packages as workbooks (xlsx/package.py).

    from generator.questionnaire.word import fill_document
    result = fill_document(view, Path("buyer.docx"), Path("buyer-answered.docx"))

Hand-written on lxml rather than python-docx: python-docx rewrites every part it saves, and the
promise is that what the buyer sent comes back untouched apart from the answers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...errors import InputError, UsageError, display_path
from ...i18n import N_
from ...model import KnowledgeBase
from ...outputs import Progress
from ..model import ANSWERED, Answer, Question
from ..xlsx.detect import header_scores
from ..xlsx.fill import answer_word, demote
from ..xlsx.package import DEFAULT_LIMITS, WORD, Limits, Package, parse_xml

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOCUMENT_PART = "word/document.xml"
KEPT = "kept in document"  # the buyer's document already holds another answer in the cell
WORD_REASONS = {KEPT: N_("The document already holds a different answer here; it was left as it was.")}
MAX_QUESTIONS = 5_000

AnswerFn = Callable[[list[Question]], list[Answer]]


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@dataclass(frozen=True)
class TableLayout:
    """Where one table keeps its questions: columns by grid position (0-based)."""

    table: int  # the table's number in the document, from 1
    header_row: int  # the header's row number in the table, from 1
    question: int
    answer: int
    comment: int | None = None
    id: int | None = None

    def describe(self) -> str:
        parts = [f"question column {self.question + 1}", f"answer column {self.answer + 1}"]
        if self.id is not None:
            parts.insert(0, f"id column {self.id + 1}")
        if self.comment is not None:
            parts.append(f"comment column {self.comment + 1}")
        return f"table {self.table}: header row {self.header_row}; " + ", ".join(parts)


@dataclass
class _Item:
    question: Question
    answer_cell: Any  # the w:tc element
    comment_cell: Any | None


@dataclass(frozen=True)
class FillResult:
    output: Path
    answers: list[Answer]  # in question order; answered ones the document refused demoted to review
    layouts: tuple[TableLayout, ...]
    filled: int  # questions whose answer is now in the document
    reports: tuple[Path, ...] = ()

    @property
    def review(self) -> int:
        return sum(1 for a in self.answers if a.status != ANSWERED)


def is_word_document(path: Path) -> bool:
    return path.suffix.lower() == ".docx"


def default_output(source: Path) -> Path:
    return source.with_name(f"{source.stem}-answered{source.suffix}")


# --- reading --------------------------------------------------------------------------------------

def _cell_text(tc: Any) -> str:
    parts = []
    for p in tc.iter(_w("p")):
        parts.append("".join(t.text or "" for t in p.iter(_w("t"))))
    return " ".join(" ".join(parts).split())


def _grid(tr: Any) -> list[tuple[int, int, Any]]:
    """The cells of a row as (first grid column, span, cell)."""
    out = []
    col = 0
    for tc in tr.findall(_w("tc")):
        span = 1
        props = tc.find(_w("tcPr"))
        if props is not None:
            gs = props.find(_w("gridSpan"))
            if gs is not None:
                try:
                    span = max(1, int(gs.get(_w("val"), "1")))
                except ValueError:
                    span = 1
        out.append((col, span, tc))
        col += span
    return out


def _header(rows: list[Any]) -> tuple[int, dict[str, int]] | None:
    """The header row of a table among its first rows, and the grid column of each role."""
    for number, tr in enumerate(rows[:5], start=1):
        roles: dict[str, tuple[int, int]] = {}
        for col, _span, tc in _grid(tr):
            text = _cell_text(tc)
            if not text or len(text) > 80:
                continue
            for role, score in header_scores(text).items():
                if role not in roles or score > roles[role][0]:
                    roles[role] = (score, col)
        if "question" in roles and "answer" in roles and roles["question"][1] != roles["answer"][1]:
            return number, {role: col for role, (_score, col) in roles.items()}
    return None


def _tables(root: Any) -> list[Any]:
    """The document's tables, nested ones included, in document order."""
    body = root.find(_w("body"))
    return [] if body is None else list(body.iter(_w("tbl")))


def find_questions(root: Any) -> tuple[tuple[TableLayout, ...], list[_Item]]:
    layouts: list[TableLayout] = []
    items: list[_Item] = []
    seen: set[str] = set()
    for number, tbl in enumerate(_tables(root), start=1):
        rows = tbl.findall(_w("tr"))
        found = _header(rows)
        if found is None:
            continue
        header_row, roles = found
        q, a = roles["question"], roles["answer"]
        comment = roles.get("comment") if roles.get("comment") not in (q, a) else None
        id_col = roles.get("id") if roles.get("id") not in (q, a, comment) else None
        layout = TableLayout(number, header_row, q, a, comment, id_col)
        section = ""
        count = 0
        for row_number, tr in enumerate(rows[header_row:], start=header_row + 1):
            cells = {col: tc for col, _span, tc in _grid(tr)}
            grid = _grid(tr)
            if len(grid) == 1 or (grid and grid[0][0] <= q and grid[0][0] + grid[0][1] > a):
                section = _cell_text(grid[0][2]) or section  # a row spread over the table: a section heading
                continue
            if q not in cells or a not in cells:
                continue
            text = _cell_text(cells[q])
            if not text:
                continue
            qid = _cell_text(cells[id_col]) if id_col is not None and id_col in cells else ""
            qid = qid or f"table {number} row {row_number}"
            if qid in seen:
                qid = f"{qid} (table {number} row {row_number})"
            seen.add(qid)
            extra = (("table", str(number)), ("row", str(row_number))) + ((("section", section),) if section else ())
            items.append(_Item(Question(qid, text, row_number, extra), cells[a],
                               cells.get(comment) if comment is not None else None))
            count += 1
        if count:
            layouts.append(layout)
        if len(items) > MAX_QUESTIONS:
            raise InputError(f"more than {MAX_QUESTIONS} questions in one document")
    return tuple(layouts), items


# --- writing --------------------------------------------------------------------------------------

def _set_text(tc: Any, text: str) -> None:
    """Put text into an empty cell, keeping the cell's first paragraph and its formatting."""
    from lxml import etree

    paragraphs = tc.findall(_w("p"))
    if not paragraphs:
        paragraphs = [etree.SubElement(tc, _w("p"))]
    first = paragraphs[0]
    for extra in paragraphs[1:]:
        tc.remove(extra)
    run_props = None
    for child in list(first):
        if child.tag == _w("r"):
            rpr = child.find(_w("rPr"))
            if rpr is not None and run_props is None:
                run_props = rpr
            first.remove(child)
        elif child.tag != _w("pPr"):
            first.remove(child)
    lines = text.split("\n")
    run = etree.SubElement(first, _w("r"))
    if run_props is not None:
        run.append(run_props)
    for i, line in enumerate(lines):
        if i:
            etree.SubElement(run, _w("br"))
        t = etree.SubElement(run, _w("t"))
        t.text = _xml_safe(line)
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _xml_safe(text: str) -> str:
    """Text without the characters XML 1.0 cannot hold (control characters, lone surrogates)."""
    return "".join(c for c in text if c in "\t\n\r" or (" " <= c and not "\ud800" <= c <= "\udfff"
                                                       and c not in "\ufffe\uffff"))


def _plan(items: Sequence[_Item], answers: Sequence[Answer]) -> tuple[list[Answer], int]:
    """Write each answered question into its cells (in the parsed tree); the answers as they end up."""
    out = []
    filled = 0
    for item, answer in zip(items, answers):
        if answer.status != ANSWERED:
            out.append(answer)
            continue
        explanation = (answer.text or "").strip()
        has_comment = item.comment_cell is not None
        if answer.answer is None:
            value = explanation
        else:
            word = answer_word(answer.answer, answer.language)
            value = word if has_comment or not explanation else f"{word}. {explanation}"
        current = _cell_text(item.answer_cell)
        if current and current != value:
            out.append(demote(answer, KEPT))
            continue
        if not current:
            _set_text(item.answer_cell, value)
        if has_comment and answer.answer is not None and explanation and not _cell_text(item.comment_cell):
            _set_text(item.comment_cell, explanation)
        out.append(answer)
        filled += 1
    return out, filled


def _parse_document(pkg: Package) -> Any:
    from lxml import etree

    data = pkg.read(DOCUMENT_PART)
    parse_xml(data, f"{pkg.name}: {DOCUMENT_PART}")  # refuses DTDs and entities before lxml sees it
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{pkg.name}: {DOCUMENT_PART}: damaged XML ({exc}); nothing was written") from None


def read_questions(source: Path, limits: Limits = DEFAULT_LIMITS) -> list[Question]:
    """The questions of a Word questionnaire, without filling it."""
    with Package(Path(source), limits, WORD) as pkg:
        if not pkg.has(DOCUMENT_PART):
            raise InputError(f"{pkg.name}: not a Word document (the package has no {DOCUMENT_PART})")
        _layouts, items = find_questions(_parse_document(pkg))
    if not items:
        raise InputError(f"{display_path(Path(source))}: no questions found (no table has a header row naming a "
                         "question column and an answer column)")
    return [item.question for item in items]


def fill_with(source: Path, out: Path, answer_fn: AnswerFn, *, reports: bool = True, locale: str | None = None,
              limits: Limits = DEFAULT_LIMITS, csv_delimiter: str = ",") -> FillResult:
    """Fill the Word questionnaire at source into out with answers from answer_fn."""
    from lxml import etree

    from ..writers import BOM, REASONS, check_output, report_locale, to_csv, to_markdown, write_atomic
    from ..xlsx.fill import report_paths

    source, out = Path(source), Path(out)
    if out.suffix.lower() != ".docx":
        raise UsageError(f"-o {display_path(out)}: the filled document must be a .docx file")
    check_output(out, [source])
    md_path, csv_path = report_paths(out)
    if reports:
        for path in (md_path, csv_path):
            check_output(path, [source])
    with Package(source, limits, WORD) as pkg:
        if not pkg.has(DOCUMENT_PART):
            raise InputError(f"{pkg.name}: not a Word document (the package has no {DOCUMENT_PART}); "
                             "nothing was written")
        root = _parse_document(pkg)
        layouts, items = find_questions(root)
        if not items:
            raise InputError(f"{pkg.name}: no questions found (no table has a header row naming a question column "
                             "and an answer column); nothing was written")
        answers = answer_fn([item.question for item in items])
        final, filled = _plan(items, answers)
        document = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        md = csv = ""
        if reports:
            words = locale or report_locale(final)
            reasons = {**WORD_REASONS, **REASONS}
            md = to_markdown(final, words, source.name, reasons)
            csv = BOM + to_csv(final, words, reasons, delimiter=csv_delimiter,
                               questions=[item.question for item in items])
        pkg.write_copy(out, {DOCUMENT_PART: document})
    written: tuple[Path, ...] = ()
    if reports:
        write_atomic(md_path, md)
        write_atomic(csv_path, csv)
        written = (md_path, csv_path)
    return FillResult(out, final, layouts, filled, written)


def fill_document(kb: KnowledgeBase, source: str | Path, out: str | Path | None = None, *, audience: str = "public",
                  product: str | None = None, reports: bool = True, locale: str | None = None,
                  progress: Progress | None = None, threshold: float | None = None,
                  csv_delimiter: str = ",") -> FillResult:
    """Answer the questions of the Word document at source from kb and write the filled copy to out
    (default NAME-answered.docx beside it), with the review report beside that."""
    from ..engine import answer_questions

    source = Path(source)
    target = Path(out) if out is not None else default_output(source)

    def answer_fn(questions: list[Question]) -> list[Answer]:
        return answer_questions(kb, questions, audience=audience, product=product, progress=progress,
                                threshold=threshold)

    return fill_with(source, target, answer_fn, reports=reports, locale=locale, csv_delimiter=csv_delimiter)


def describe(result: FillResult) -> str:
    report = f" (see {display_path(result.reports[0])})" if result.reports else ""
    return (f"{display_path(result.output)}: {result.filled} of {len(result.answers)} questions answered in the "
            f"document, {result.review} need review{report}")




@dataclass
class WordOutput:
    """Fill a copy of the Word questionnaire at `source` with the answers the view's audience may be
    given; the review report goes beside it unless `reports` is False. After build(), `result` says
    what was filled."""

    source: Path
    product: str | None = None
    locale: str | None = None
    reports: bool = True
    threshold: float | None = None
    csv_delimiter: str = ","
    result: FillResult | None = None

    def build(self, view: KnowledgeBase, out: Path, context: Any) -> list[Any]:
        from ...outputs import Artifact

        self.result = fill_document(view, self.source, out, audience=view.audience, product=self.product,
                                    reports=self.reports, locale=self.locale, progress=context.progress,
                                    threshold=self.threshold, csv_delimiter=self.csv_delimiter)
        written = (self.result.output, *self.result.reports)
        return [Artifact(p, p.suffix.lstrip("."), size=p.stat().st_size) for p in written]


__all__ = ["FillResult", "TableLayout", "WordOutput", "default_output", "describe", "fill_document", "fill_with",
           "is_word_document", "read_questions"]
