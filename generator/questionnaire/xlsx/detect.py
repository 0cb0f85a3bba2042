"""Find the question table of a worksheet: the header row and the id, question, answer and comment
columns, by header names first and by content when the headers say too little.

Real questionnaires put instructions and a logo above the table, section rows between questions and
several answer-like columns side by side (CAIQ's "CSP CAIQ Answer" beside "SSRM Control Ownership"),
so each header gets a score per role and the strongest distinct columns win. Every choice can be
overridden (a column letter or a header text, and the header row).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...errors import UsageError
from ..languages import header_words, yes_no_headers
from .refs import col_index, col_letters
from .workbook import Sheet, Workbook

HEADER_SCAN_ROWS = 60

# Header words of every language pack (questionnaire/languages/): a workbook's language is not known
# before its header is read.
_ID_STRONG = frozenset(header_words("id_strong"))
_ID_PLAIN = frozenset(header_words("id_plain"))
_QUESTION_STRONG = frozenset(header_words("question_strong"))
_QUESTION_WORDS = header_words("question_words")
_QUESTION_WEAK = header_words("question_weak")
_ANSWER_WORDS = header_words("answer_words")
_ANSWER_PATTERNS = yes_no_headers()
_ANSWER_WEAK = header_words("answer_weak")
_COMMENT_STRONG = header_words("comment_strong")
_COMMENT_PLAIN = header_words("comment_plain")
_COMMENT_WEAK = header_words("comment_weak")
_NOT_A_COLUMN = header_words("not_a_column")

_ID_VALUE = re.compile(r"^(?:[A-Za-z][A-Za-z&]{0,7}[-_ .]?)?\d{1,4}(?:[.-]\d{1,4}){0,3}[a-z]?$")


def normalize_header(text: str) -> str:
    text = text.lower().replace("\n", " ")
    text = re.sub(r"[^\w#/&]+", " ", text)
    return " ".join(text.split())


def header_scores(text: str) -> dict[str, int]:
    """How strongly a header text names each role: id, question, answer, comment (0 to 3)."""
    h = normalize_header(text)
    if not h:
        return {}
    words = set(h.replace("/", " ").split())
    scores: dict[str, int] = {}
    if any(bad in h for bad in _NOT_A_COLUMN):
        return scores
    is_id = h in _ID_STRONG or h in _ID_PLAIN or h.endswith((" id", " #", " no", " nr", " ref")) or h.startswith("id ")
    if h in _ID_STRONG:
        scores["id"] = 3
    elif h in _ID_PLAIN:
        scores["id"] = 2
    elif is_id:
        scores["id"] = 1
    if any(w in h for w in _COMMENT_STRONG):
        scores["comment"] = 3
    elif any(p in h for p in _COMMENT_PLAIN):
        scores["comment"] = 2
    elif any(w in words for w in _COMMENT_WEAK):
        scores["comment"] = 1
    if "comment" in scores:
        return scores  # "Comments on the answer" is a comment column, not an answer column
    # "Answer", "Vendor Answers", "Svar": a word of the header that begins with an answer word.
    if any(h.startswith(w) or any(word.startswith(w) for word in words) for w in _ANSWER_WORDS) or any(
            p.search(h) for p in _ANSWER_PATTERNS):
        scores["answer"] = 3
    elif any(w in words for w in _ANSWER_WEAK):
        scores["answer"] = 1
    if not is_id and "answer" not in scores:
        if h in _QUESTION_STRONG:
            scores["question"] = 3
        elif any(w in h for w in _QUESTION_WORDS):
            scores["question"] = 2
        elif any(w in words for w in _QUESTION_WEAK):
            scores["question"] = 1
    return scores


@dataclass(frozen=True)
class Overrides:
    """What the user said about the layout: column letters or header texts, and the header row."""

    sheet: str | None = None
    question_col: str | None = None
    answer_col: str | None = None
    comment_col: str | None = None
    id_col: str | None = None
    header_row: int | None = None

    @property
    def any_column(self) -> bool:
        return any((self.question_col, self.answer_col, self.comment_col, self.id_col))


@dataclass(frozen=True)
class Layout:
    sheet: str
    header_row: int | None
    question_col: int
    answer_col: int
    comment_col: int | None = None
    id_col: int | None = None

    def describe(self) -> str:
        parts = [f"question {col_letters(self.question_col)}", f"answer {col_letters(self.answer_col)}"]
        if self.id_col:
            parts.insert(0, f"id {col_letters(self.id_col)}")
        if self.comment_col:
            parts.append(f"comment {col_letters(self.comment_col)}")
        header = f"header row {self.header_row}" if self.header_row else "no header row"
        return f"sheet '{self.sheet}': {header}; " + ", ".join(parts)


def _row_roles(sheet: Sheet, row: int) -> dict[int, dict[str, int]]:
    out: dict[int, dict[str, int]] = {}
    for col in range(1, sheet.max_col + 1):
        cell = sheet.cell(row, col)
        if cell is None or not cell.text or cell.kind in ("n", "b", "e"):
            continue
        if len(cell.text) > 80:  # a sentence, not a header
            continue
        scores = header_scores(cell.text)
        if scores:
            out[col] = scores
    return out


def _best(roles: dict[int, dict[str, int]], role: str, exclude: set[int], prefer_after: int | None = None) -> int | None:
    best: tuple[int, int, int] | None = None
    for col, scores in roles.items():
        if col in exclude or role not in scores:
            continue
        after = 1 if prefer_after is None or col > prefer_after else 0
        key = (scores[role], after, -col)
        if best is None or key > best:
            best = key
    return -best[2] if best else None


def find_header_row(sheet: Sheet) -> int | None:
    """The first row that names both a question column and an answer column, best-scored."""
    best: tuple[int, int] | None = None
    for row in range(1, min(sheet.max_row, HEADER_SCAN_ROWS) + 1):
        roles = _row_roles(sheet, row)
        q = _best(roles, "question", set())
        if q is None:
            continue
        a = _best(roles, "answer", {q})
        score = sum(max(s.values()) for s in roles.values()) + (10 if a is not None else 0) + roles[q]["question"]
        if a is None and not _list_column(sheet, row, {q}):
            continue
        if best is None or score > best[1]:
            best = (row, score)
    return best[0] if best else None


def _list_column(sheet: Sheet, header_row: int, exclude: set[int]) -> int | None:
    """The column whose cells below the header carry a drop-down list on most rows."""
    counts: dict[int, int] = {}
    for v in sheet.validations:
        if v.type != "list":
            continue
        for area in v.areas:
            if area.max_row <= header_row or area.max_col - area.min_col > 3:
                continue
            for col in range(area.min_col, area.max_col + 1):
                if col not in exclude:
                    rows = min(area.max_row, max(sheet.max_row, header_row + 1)) - max(area.min_row, header_row + 1) + 1
                    counts[col] = counts.get(col, 0) + max(rows, 0)
    if not counts:
        return None
    return max(sorted(counts), key=lambda c: counts[c])


def _column(spec: str | None, sheet: Sheet, header_row: int | None, what: str) -> int | None:
    """A column given by the user: a letter ('D') or a header text ('CSP CAIQ Answer')."""
    if spec is None:
        return None
    text = spec.strip()
    if re.fullmatch(r"[A-Za-z]{1,3}", text):
        try:
            return col_index(text)
        except ValueError:
            pass
    rows = [header_row] if header_row else range(1, min(sheet.max_row, HEADER_SCAN_ROWS) + 1)
    wanted = normalize_header(text)
    for row in rows:
        for col in range(1, sheet.max_col + 1):
            if normalize_header(sheet.value(row, col)) == wanted:
                return col
    raise UsageError(f"--{what}-col {spec}: no such column in sheet '{sheet.name}' (give a letter such as D, "
                     "or the exact header text)")


def _header_row_of(spec: str | None, sheet: Sheet) -> int | None:
    if spec is None or re.fullmatch(r"[A-Za-z]{1,3}", spec.strip()):
        return None
    wanted = normalize_header(spec)
    for row in range(1, min(sheet.max_row, HEADER_SCAN_ROWS) + 1):
        for col in range(1, sheet.max_col + 1):
            if normalize_header(sheet.value(row, col)) == wanted:
                return row
    return None


def _id_column_by_content(sheet: Sheet, first_row: int, question_col: int, exclude: set[int]) -> int | None:
    best: tuple[float, int] | None = None
    for col in range(1, question_col):
        if col in exclude:
            continue
        values = [sheet.value(r, col).strip() for r in range(first_row, sheet.max_row + 1)]
        values = [v for v in values if v]
        if len(values) < 2:
            continue
        share = sum(1 for v in values if _ID_VALUE.match(v)) / len(values)
        if share >= 0.6 and (best is None or (share, col) > best):
            best = (share, col)
    return best[1] if best else None


def _question_column_by_content(sheet: Sheet, first_row: int, exclude: set[int]) -> int | None:
    best: tuple[float, int] | None = None
    for col in range(1, sheet.max_col + 1):
        if col in exclude:
            continue
        texts = [sheet.value(r, col) for r in range(first_row, sheet.max_row + 1)]
        texts = [t for t in texts if len(t) >= 12 and not t.replace(".", "").isdigit()]
        if len(texts) < 2:
            continue
        score = sum(1 for t in texts if t.rstrip().endswith("?")) * 2 + len(texts)
        if best is None or score > best[0]:
            best = (score, col)
    return best[1] if best else None


def detect_layout(workbook: Workbook, sheet: Sheet, overrides: Overrides) -> Layout | None:
    """The question table of one sheet, or None when the sheet holds none."""
    o = overrides
    header_row = o.header_row
    if header_row is None:
        for spec in (o.question_col, o.answer_col, o.comment_col, o.id_col):
            header_row = _header_row_of(spec, sheet)
            if header_row:
                break
    if header_row is None:
        header_row = find_header_row(sheet)
    if header_row is not None and header_row > max(sheet.max_row, 1) and o.header_row:
        raise UsageError(f"--header-row {header_row}: sheet '{sheet.name}' has only {sheet.max_row} rows")
    roles = _row_roles(sheet, header_row) if header_row else {}
    first_row = (header_row or 0) + 1

    question = _column(o.question_col, sheet, header_row, "question")
    answer = _column(o.answer_col, sheet, header_row, "answer")
    comment = _column(o.comment_col, sheet, header_row, "comment")
    id_col = _column(o.id_col, sheet, header_row, "id")
    taken = {c for c in (question, answer, comment, id_col) if c}
    if question is None:
        question = _best(roles, "question", taken) if roles else None
        if question is None:
            question = _question_column_by_content(sheet, first_row, taken)
        if question is None:
            return None
        taken.add(question)
    if answer is None:
        answer = _best(roles, "answer", taken, prefer_after=question) if roles else None
        if answer is None:
            answer = _list_column(sheet, header_row or 0, taken)
        if answer is None:
            return None
        taken.add(answer)
    if id_col is None:
        id_col = _best(roles, "id", taken) if roles else None
        if id_col is not None and id_col > question:
            # An id column to the right of the question is another scheme's id (CAIQ's "CCM Control ID");
            # prefer one to the left.
            left = _best({c: s for c, s in roles.items() if c < question}, "id", taken)
            id_col = left if left is not None else id_col
        if id_col is None:
            id_col = _id_column_by_content(sheet, first_row, question, taken)
        if id_col is not None:
            taken.add(id_col)
    if comment is None and o.comment_col is None:
        comment = _best(roles, "comment", taken, prefer_after=answer) if roles else None
    return Layout(sheet.name, header_row, question, answer, comment, id_col)
