"""Write answers: JSON (the stable contract scripts read), and CSV or Markdown review reports (what a
person must answer, with suggestions, then what was answered).

Every cell and line comes from untrusted questionnaire text, so: a CSV cell that a spreadsheet would
run as a formula (= + - @, tab, carriage return) is written as text behind a single quote, so is
one right after a separator inside a cell (a spreadsheet that splits at ';' starts a new cell there), and
Markdown escapes HTML and Markdown syntax. Files are written to a temporary file beside the target
and renamed into place, so a failed run never leaves half a report.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType

from ..errors import BuildError, UsageError
from ..i18n import N_, has_catalog, language_name, translator
from ..outputs import check_output_file, replace_file
from .model import ANSWERED, REVIEW, Answer, Question, Summary

FORMATS = ("json", "csv", "md")

_REASONS = {
    "not covered": N_("The knowledge base does not cover this question."),
    "polarity": N_("The question is negated or inverted, and no canonical question of the same polarity "
                   "says which way round the answer goes."),
    "scope": N_("The closest facts are about a provider, not about the organisation itself (or the other "
                "way round)."),
    "staff": N_("The question asks about all employees; the closest facts speak only of some of them."),
    "privacy training": N_("The question asks about privacy training; the closest facts are about security "
                           "training."),
    "conflict": N_("Facts that match the question give different answers."),
    "expired": N_("The matching certification has expired."),
    "value": N_("The question names a different value than the knowledge base holds."),
    "low confidence": N_("The closest facts match the question only loosely."),
    "general information": N_("The knowledge base does not hold this piece of general information."),
    "document": N_("The question asks for a document or attachment: a person attaches it."),
    "partly covered": N_("The knowledge base covers only some parts of this question."),
    "parts differ": N_("The knowledge base covers every part of this question, with different answers: a "
                       "person puts them together."),
    "value kind": N_("No matching fact states the kind of value the question asks for."),
    "guidance": N_("The closest fact is guidance to customers, not a control the organisation operates."),
    "cadence": N_("No matching fact says how often this is reviewed."),
    "products": N_("The products answer differently: answer for each product, or for one with --product."),
}
_ANSWER_WORDS = {"yes": N_("yes"), "no": N_("no"), "partial": N_("partial"), "n/a": N_("n/a")}

# Why the engine sent a question to review. Read-only: an output with reasons of its own (the workbook
# filler) passes them to to_csv and to_markdown rather than adding them here for every later report.
REASONS: Mapping[str, str] = MappingProxyType(_REASONS)


def answer_word(answer: str | None, locale: str) -> str:
    t = translator(locale)
    return t.gettext(_ANSWER_WORDS[answer]) if answer in _ANSWER_WORDS else t.gettext("see explanation")


def _confidence(value: float, locale: str) -> str:
    """0.62 / 0,62: a confidence as the report's readers write decimals."""
    from babel.numbers import format_decimal

    return format_decimal(value, format="0.00", locale=locale)


def report_locale(answers: Sequence[Answer], available: Sequence[str] | None = None) -> str:
    """The language most of the questions are in (English on a tie), for the report's own words: one the
    generator's words are translated into (`available`, default every locale with a catalog)."""
    counts: dict[str, int] = {}
    for a in answers:
        counts[a.language] = counts.get(a.language, 0) + 1
    best = max(sorted(counts), key=lambda k: counts[k], default="en")
    if counts.get("en", 0) == counts.get(best, 0):
        best = "en"
    ok = has_catalog(best) if available is None else best in available
    return best if ok else "en"


# --- JSON -------------------------------------------------------------------------------------------

def to_json(answers: Sequence[Answer], *, audience: str, product: str | None) -> str:
    summary = Summary.of(list(answers))
    data = {
        "answers": [a.to_json() for a in answers],
        "summary": {
            "questions": summary.questions,
            "answered": summary.answered,
            "review": summary.review,
            "answers": dict(summary.by_answer),
            "languages": dict(summary.by_language),
            "audience": audience,
            "product": product,
        },
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# --- CSV --------------------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# A separator inside a cell followed by a formula character: opened with another separator than the one
# it was written with (';' in Swedish Excel and LibreOffice), the line is split there, quotes or not,
# and the new cell is a formula. Written by hand: the CSV-injection libraries (defusedcsv) look only
# at the start of a cell.
_FORMULA_AFTER_SEPARATOR = re.compile(r"""([,;|\t]["']?)(?=[=@]|[+\-](?![0-9.,]*(?:[,;|\t"']|$)))""")


def safe_cell(value: object) -> str:
    """A cell a spreadsheet shows as text: a leading = + - @ tab or CR would make it a formula, and so
    would one right after a separator inside it (a quote mark keeps it text)."""
    text = "" if value is None else str(value)
    text = _FORMULA_AFTER_SEPARATOR.sub(r"\1'", text)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _suggestion_lines(a: Answer, locale: str) -> str:
    t = translator(locale)
    lines = []
    for s in a.suggestions:
        template = (N_("%(source)s (would answer %(answer)s, confidence %(confidence)s): %(text)s") if s.answer
                    else N_("%(source)s (confidence %(confidence)s): %(text)s"))
        lines.append(t.gettext(template) % {
            "source": s.source, "answer": answer_word(s.answer, locale), "confidence": _confidence(s.confidence, locale),
            "text": s.text})
    return "\n".join(lines)


def _reason(a: Answer, reasons: Mapping[str, str]) -> str:
    return reasons.get(a.reason or "low confidence", REASONS["low confidence"])


def reason_text(a: Answer, locale: str, reasons: Mapping[str, str] = REASONS) -> str:
    """Why a question is in review, in the report's language, naming the parts the knowledge base
    does not cover (a part is the buyer's own words, so it stays as written)."""
    t = translator(locale)
    text = t.gettext(_reason(a, reasons))
    if a.missing:
        text += " " + t.gettext(N_("Not covered: %(parts)s.")) % {"parts": "; ".join(p.rstrip(" ?.;") for p in a.missing)}
    return text


# Columns a reader or filler adds to a question for its own use, not the buyer's.
_INTERNAL_COLUMNS = frozenset({"sheet", "cell", "table", "row"})
CSV_DELIMITERS = (",", ";", "\t")
BOM = "\ufeff"  # Excel reads a CSV file as UTF-8 only when it starts with one


def to_csv(answers: Sequence[Answer], locale: str, reasons: Mapping[str, str] = REASONS, *,
           delimiter: str = ",", questions: Sequence[Question] = ()) -> str:
    """The review report as CSV. `questions` (the answers' questions, in order) add the buyer's own
    columns (a Notes column of the buyer's CSV) after the report's; `delimiter` is "," or ";" (Excel in a
    Swedish locale) or a tab."""
    if delimiter not in CSV_DELIMITERS:
        raise UsageError(f"--csv-delimiter {delimiter!r}: use ',', ';' or 'tab'")
    t = translator(locale)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", delimiter=delimiter)
    extra_by_id = {q.id: dict(q.extra) for q in questions}
    buyer_columns = list(dict.fromkeys(k for q in questions for k, _v in q.extra if k not in _INTERNAL_COLUMNS))
    writer.writerow([t.gettext(h) for h in (N_("ID"), N_("Question"), N_("Status"), N_("Answer"),
                                            N_("Explanation"), N_("Confidence"), N_("Language"), N_("Sources"),
                                            N_("Reason"), N_("Suggestions"))] + [safe_cell(c) for c in buyer_columns])
    for a in answers:
        answered = a.status == ANSWERED
        writer.writerow([safe_cell(v) for v in (
            a.id, a.question,
            (t.gettext("answered from a draft") if a.drafts else t.gettext("answered")) if answered
            else t.gettext("needs review"),
            answer_word(a.answer, locale) if answered else "",
            a.text or "",
            _confidence(a.confidence, locale),
            language_name(a.language, locale),
            " ".join(a.sources),
            "" if answered else reason_text(a, locale, reasons),
            "" if answered else _suggestion_lines(a, locale),
            *(extra_by_id.get(a.id, {}).get(c, "") for c in buyer_columns),
        )])
    return out.getvalue()


# --- Markdown ---------------------------------------------------------------------------------------

# Enough to keep text inert inside a paragraph, list item or table cell: no emphasis, code, links,
# images or cell breaks (HTML is escaped separately).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~!])")


def md_text(value: str | None) -> str:
    """Untrusted text as inert Markdown: HTML escaped, Markdown syntax backslashed, one line."""
    text = " ".join((value or "").split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def to_xlsx(answers: Sequence[Answer], locale: str, reasons: Mapping[str, str] = REASONS, *,
            questions: Sequence[Question] = ()) -> bytes:
    """The review report as an Excel workbook: the rows and columns of the CSV report, questions in
    review first marked in colour, a frozen header, wrapped text. Every cell is written as text, so
    nothing the questionnaire holds becomes a formula."""
    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    rows = list(csv.reader(io.StringIO(to_csv(answers, locale, reasons, questions=questions))))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = translator(locale).gettext(N_("Review"))[:31]
    review_fill = PatternFill("solid", fgColor="FFF2CC")
    widths = [14, 60, 16, 12, 60, 12, 12, 24, 40, 70]
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c)
            cell.value = value
            cell.data_type = "s"  # text, never a formula
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if r == 1:
                cell.font = Font(bold=True)
        if r > 1 and answers[r - 2].status != ANSWERED:
            for c in range(1, len(row) + 1):
                ws.cell(row=r, column=c).fill = review_fill
    for c in range(1, len(rows[0]) + 1):
        ws.column_dimensions[get_column_letter(c)].width = widths[c - 1] if c <= len(widths) else 24
    ws.freeze_panes = "C2"
    ws.auto_filter.ref = ws.dimensions
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def to_markdown(answers: Sequence[Answer], locale: str, title: str, reasons: Mapping[str, str] = REASONS) -> str:
    t = translator(locale)
    summary = Summary.of(list(answers))
    review = [a for a in answers if a.status == REVIEW]
    answered = [a for a in answers if a.status == ANSWERED]
    heading = t.gettext("Questionnaire review")  # outside f-strings, where pybabel can extract them
    lines = [f"# {heading}: {md_text(title)}", ""]
    lines.append(t.gettext("%(total)s questions: %(answered)s answered, %(review)s need review.") % {
        "total": summary.questions, "answered": summary.answered, "review": summary.review})
    lines.append("")
    needs_review = t.gettext("Needs review")
    lines.append(f"## {needs_review} ({len(review)})")
    lines.append("")
    if not review:
        lines += [t.gettext("Every question was answered from the knowledge base."), ""]
    for a in review:
        lines.append(f"### {md_text(a.id)}: {md_text(a.question)}")
        lines.append("")
        reason_word = t.gettext("Reason")
        lines.append(f"{reason_word}: {md_text(reason_text(a, locale, reasons))}")
        lines.append("")
        if a.suggestions:
            suggestions_word = t.gettext("Suggestions")
            lines.append(f"{suggestions_word}:")
            lines.append("")
            for s in a.suggestions:
                template = (N_("`%(source)s` would answer **%(answer)s** (confidence %(confidence)s): %(text)s")
                            if s.answer else N_("`%(source)s` (confidence %(confidence)s): %(text)s"))
                lines.append("- " + t.gettext(template) % {
                    "source": s.source.replace("`", ""), "answer": answer_word(s.answer, locale),
                    "confidence": _confidence(s.confidence, locale), "text": md_text(s.text)})
        else:
            lines.append(t.gettext("No suggestions: nothing in the knowledge base is close."))
        lines.append("")
    answered_word = t.gettext("Answered")
    lines.append(f"## {answered_word} ({len(answered)})")
    lines.append("")
    if answered:
        headers = [t.gettext(h) for h in (N_("ID"), N_("Question"), N_("Answer"), N_("Explanation"),
                                          N_("Sources"), N_("Confidence"))]
        lines.append("| " + " | ".join(headers) + " |")
        lines.append("|" + "---|" * len(headers))
        draft = t.gettext("draft")
        for a in answered:
            cells = [md_text(a.id), md_text(a.question), md_text(answer_word(a.answer, locale)), md_text(a.text),
                     ", ".join(f"`{s}`" + (f" ({draft})" if s in a.drafts else "") for s in a.sources),
                     _confidence(a.confidence, locale)]
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    return "\n".join(lines)


# --- files ------------------------------------------------------------------------------------------

def check_output(output: Path, inputs: Sequence[Path]) -> None:
    """Refuse to write over an input file (also through a link or a different spelling of its path)."""
    for source in inputs:
        same = False
        try:
            same = output.exists() and os.path.samefile(output, source)
        except OSError:
            same = False
        if same or output.resolve() == source.resolve():
            raise UsageError(f"-o {output}: that is the input file; choose another output path")
    check_output_file(output)
    if not output.parent.exists():
        raise UsageError(f"-o {output}: folder {output.parent} does not exist")


def write_atomic(output: Path, content: str) -> None:
    """Write content to output through a temporary file in the same folder and a rename (a symbolic
    link's target is replaced, with the permissions of the umask when new)."""
    try:
        replace_file(output, content.encode("utf-8"))
    except OSError as exc:
        raise BuildError(f"{output}: cannot write: {exc.strerror or exc}") from exc
