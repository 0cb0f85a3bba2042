"""Read the questions of a questionnaire file: CSV (or TSV), JSON, YAML, or plain text (one question a
line). Every file is untrusted: too big, binary, badly encoded or malformed input raises InputError
with a message that says what to fix, and nothing else is read.

    read_questions(path, question_column=None, id_column=None, input_format=None) -> list[Question]

CSV: a header row names the columns. `id,question` works with no options; other common headers
("Question", "Question Text", "Fråga", "ID", "Ref", "Control ID" ...) are recognised, and
question_column / id_column name any other. Rows without a question are skipped; a row without an
id gets its line number. JSON and YAML: a list of questions, or {"questions": [...]}, where each
question is a string or an object with "question" (or "text") and optionally "id".
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

from ..errors import InputError
from .languages import header_words
from .model import Question

MAX_BYTES = 10 * 1024 * 1024
MAX_QUESTION_CHARS = 20_000
MAX_QUESTIONS = 50_000
FORMATS = ("csv", "json", "yaml", "text")

_QUESTION_HEADERS = header_words("csv_question")  # of every language pack (questionnaire/languages/)
_ID_HEADERS = header_words("csv_id")
_SUFFIX_FORMATS = {".csv": "csv", ".tsv": "csv", ".json": "json", ".yaml": "yaml", ".yml": "yaml",
                   ".txt": "text", ".text": "text", ".md": "text"}
_SPREADSHEET_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")


def detect_format(path: Path) -> str:
    return _SUFFIX_FORMATS.get(path.suffix.lower(), "text")


def read_questions(path: str | Path, *, question_column: str | None = None, id_column: str | None = None,
                   input_format: str | None = None) -> list[Question]:
    """The questions of a file, in file order."""
    path = Path(path)
    fmt = input_format or detect_format(path)
    if fmt not in FORMATS:
        raise InputError(f"{path}: unknown input format '{fmt}' (use {', '.join(FORMATS)})")
    text = read_text(path)
    if fmt == "csv":
        questions = _read_csv(path, text, question_column, id_column)
    elif fmt == "json":
        questions = _read_structured(path, _parse_json(path, text))
    elif fmt == "yaml":
        questions = _read_structured(path, _parse_yaml(path, text))
    else:
        questions = _read_lines(path, text)
    if not questions:
        raise InputError(f"{path}: no questions found")
    if len(questions) > MAX_QUESTIONS:
        raise InputError(f"{path}: {len(questions)} questions; at most {MAX_QUESTIONS} are read at once")
    return questions


def read_text(path: Path) -> str:
    """The file as text, refusing what is not a reasonably sized UTF-8 (or UTF-16 with BOM) text file."""
    try:
        if not path.is_file():
            raise InputError(f"{path}: no such file")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"{path}: file is {size / 1048576:.1f} MB; questionnaires may be at most "
                             f"{MAX_BYTES // 1048576} MB")
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read file: {exc.strerror or exc}") from exc
    if raw.startswith(_SPREADSHEET_MAGIC):
        raise InputError(f"{path}: this is a spreadsheet or other binary file, not text; "
                         "save the questions as CSV (UTF-8) and try again")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: invalid UTF-16 text (byte {exc.start})") from exc
    if b"\x00" in raw:
        raise InputError(f"{path}: binary file, not text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (invalid byte at offset {exc.start}); "
                         "save the file with UTF-8 encoding") from exc
    if any(ord(ch) < 32 and ch not in "\t\n\r\f" for ch in text):
        raise InputError(f"{path}: contains control characters; this does not look like a text file")
    return text


def _clean(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _check_length(path: Path, where: str, text: str) -> None:
    if len(text) > MAX_QUESTION_CHARS:
        raise InputError(f"{path}:{where}: question is {len(text)} characters long; at most "
                         f"{MAX_QUESTION_CHARS} are allowed")


# --- CSV -------------------------------------------------------------------------------------------

def _read_csv(path: Path, text: str, question_column: str | None, id_column: str | None) -> list[Question]:
    delimiter = "\t" if path.suffix.lower() == ".tsv" else _delimiter(text)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise InputError(f"{path}: malformed CSV: {exc}") from exc
    rows_with_line = [(i + 1, row) for i, row in enumerate(rows)]
    rows_with_line = [(n, r) for n, r in rows_with_line if any(c.strip() for c in r)]
    if not rows_with_line:
        raise InputError(f"{path}: no questions found")
    _, header = rows_with_line[0]
    names = [_clean(h) for h in header]
    lowered = [n.lower() for n in names]

    def find(wanted: str | None, candidates: tuple[str, ...], what: str) -> int | None:
        if wanted is not None:
            if wanted.lower() not in lowered:
                raise InputError(f"{path}: no column named '{wanted}' for the {what}; the header has: "
                                 + ", ".join(n or "(empty)" for n in names))
            return lowered.index(wanted.lower())
        for c in candidates:
            if c in lowered:
                return lowered.index(c)
        return None

    q_col = find(question_column, _QUESTION_HEADERS, "questions")
    id_col = find(id_column, _ID_HEADERS, "ids")
    body = rows_with_line[1:]
    if q_col is None:
        if len(names) == 1 and question_column is None:
            # A single column with no recognised header: every row, the first one too, is a question.
            q_col, body = 0, rows_with_line
            names = ["question"]
        else:
            raise InputError(f"{path}: cannot tell which column holds the questions (header: "
                             + ", ".join(n or "(empty)" for n in names)
                             + "); name it with --question-column")
    questions: list[Question] = []
    for line, row in body:
        if q_col >= len(row):
            continue
        text_value = _clean(row[q_col])
        if not text_value:
            continue
        _check_length(path, str(line), text_value)
        qid = _clean(row[id_col]) if id_col is not None and id_col < len(row) else ""
        extra = tuple((names[i] or f"column {i + 1}", _clean(v)) for i, v in enumerate(row)
                      if i not in (q_col, id_col) and i < len(names))
        questions.append(Question(qid or str(line), text_value, line, extra))
    return questions


def _delimiter(text: str) -> str:
    """The delimiter of the header line: comma, semicolon (Excel in Swedish locales) or tab.

    Decided on the header alone, outside quotes; csv.Sniffer guesses wrongly on question text full
    of commas and semicolons."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {",": 0, ";": 0, "\t": 0}
    quoted = False
    for ch in first:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


# --- JSON and YAML ----------------------------------------------------------------------------------

# An escaped surrogate that is not half of a pair: json decodes it into a string no encoder accepts.
_LONE_SURROGATE = re.compile(r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
                             r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}")
_HUGE_NUMBER = re.compile(r"[0-9]{4300,}")


def _where(text: str, offset: int) -> str:
    before = text[:offset]
    return f"{before.count(chr(10)) + 1}:{offset - before.rfind(chr(10))}"


def _parse_json(path: Path, text: str) -> Any:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}") from exc
    except RecursionError as exc:
        raise InputError(f"{path}: invalid JSON: nested too deeply") from exc
    except ValueError as exc:  # a number past Python's limit of digits for a conversion
        match = _HUGE_NUMBER.search(text)
        where = f":{_where(text, match.start())}" if match else ""
        raise InputError(f"{path}{where}: invalid JSON: a number with thousands of digits") from exc
    match = _LONE_SURROGATE.search(text)
    if match is not None:
        raise InputError(f"{path}:{_where(text, match.start())}: invalid JSON: {match.group()} is half of a "
                         "surrogate pair, not a character")
    return data


def _parse_yaml(path: Path, text: str) -> Any:
    from ..load import load_yaml  # the defensive loader: no aliases, bounded node count

    loaded, problems = load_yaml(path)
    if problems:
        p = problems[0]
        where = f":{p.line}:{p.column}" if p.line else ""
        message = p.message.replace("content files may be at most", "YAML questionnaires may be at most")
        message = message.replace("in content files", "in questionnaires").replace(" in a content file", "")
        raise InputError(f"{path}{where}: {message}")
    assert loaded is not None
    return loaded.data


def _read_structured(path: Path, data: Any) -> list[Question]:
    if isinstance(data, dict):
        if "questions" not in data:
            raise InputError(f"{path}: expected a list of questions or an object with a \"questions\" list")
        data = data["questions"]
    if not isinstance(data, list):
        raise InputError(f"{path}: expected a list of questions or an object with a \"questions\" list")
    questions: list[Question] = []
    extra: tuple[tuple[str, str], ...]
    for i, item in enumerate(data, start=1):
        where = f"questions[{i - 1}]"
        if isinstance(item, str):
            text_value, qid, extra = _clean(item), "", ()
        elif isinstance(item, dict):
            raw = item.get("question", item.get("text"))
            if not isinstance(raw, str):
                raise InputError(f"{path}: {where}: needs a \"question\" text")
            text_value = _clean(raw)
            raw_id = item.get("id")
            if raw_id is not None and not isinstance(raw_id, (str, int)):
                raise InputError(f"{path}: {where}.id: must be a string or a number")
            qid = _clean(raw_id) if raw_id is not None else ""
            extra = tuple((str(k), _clean(v)) for k, v in item.items()
                          if k not in ("question", "text", "id") and isinstance(v, (str, int, float, bool)))
        else:
            raise InputError(f"{path}: {where}: must be a text or an object with \"question\"")
        if not text_value:
            continue
        _check_length(path, where, text_value)
        questions.append(Question(qid or str(i), text_value, i, extra))
    return questions


# --- plain text -------------------------------------------------------------------------------------

def _read_lines(path: Path, text: str) -> list[Question]:
    questions = []
    for line_no, line in enumerate(text.splitlines(), start=1):
        value = _clean(line)
        if not value:
            continue
        _check_length(path, str(line_no), value)
        questions.append(Question(str(line_no), value, line_no))
    return questions
