"""Learn from a reviewed questionnaire: add the wordings a person answered to the knowledge base as
canonical questions of the facts they cite, so the next run of the same questionnaire needs less review.

    learn(content_dir, "caiq-answered.xlsx") -> LearnResult

The reviewed file is either the filled workbook after a person completed it (the answer cells hold
the person's answers) or the CSV review report with the Answer column filled in and, optionally, the
fact ids the answer rests on in the Sources column. A question is learned when the person gave a
yes / no / partial / n/a answer, the knowledge base does not already give that answer to that wording,
and there is a fact to attach it to: the Sources the person wrote, else the fact the engine answered
from (the person corrected its answer), else the engine's first suggestion (what the review report
offered the person) when it is close enough to be more than a guess.

The change is a YAML edit a person reviews in git: ruamel.yaml round-trips each file so its comments,
quoting and layout stay as they were, and a file is only edited when ruamel reproduces it byte for
byte. The whole knowledge base is validated with the change before anything is written. A learned
wording is in one language; the knowledge base wants every locale, so the other locales get the same
wording with a comment asking for a translation.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ..errors import ContentError, InputError, UsageError, display_path
from ..model import KnowledgeBase
from ..outputs import replace_file
from .model import ANSWERED, Answer, Question

ENTRY_LISTS = ("facts", "stances", "certifications")
_LIST_FILES = {"compliance.yaml": "stances", "certifications.yaml": "certifications"}
_INDENTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (2, 2, 2), (4, 6, 4), (4, 4, 0), (4, 2, 0))
# The engine's first suggestion stands in for a source the person did not name only when it is at
# least this close; below it the candidates are guesses, and a person must name the fact.
SUGGESTION_FLOOR = 0.3
_SOURCE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class ReviewedItem:
    """One question of a reviewed file with the answer a person gave."""

    id: str
    question: str
    answer: str                      # yes, no, partial or n/a
    sources: tuple[str, ...] = ()    # fact ids the person named
    where: str = ""


@dataclass(frozen=True)
class Learned:
    entry: str
    question: str
    locale: str
    answer: str
    file: Path
    item: str


@dataclass(frozen=True)
class Skipped:
    item: str
    question: str
    reason: str


@dataclass
class LearnResult:
    learned: list[Learned] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    diff: str = ""
    files: list[Path] = field(default_factory=list)
    written: bool = False


# --- reading the reviewed file ---------------------------------------------------------------------

def read_reviewed(path: Path, overrides: Any = None) -> list[ReviewedItem]:
    """The answered questions of a reviewed workbook or CSV review report."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_workbook(path, overrides)
    if suffix in (".csv", ".tsv"):
        return _read_csv(path)
    raise UsageError(f"{display_path(path)}: learn reads a reviewed workbook (.xlsx) or the CSV review report "
                     "(NAME-review.csv)")


def _read_workbook(path: Path, overrides: Any) -> list[ReviewedItem]:
    from .xlsx import Workbook, answer_category, find_questions
    from .xlsx.detect import Overrides

    items: list[ReviewedItem] = []
    with Workbook(path) as wb:
        found = find_questions(wb, overrides or Overrides())
        for item in found.items:
            slot = item.slot
            value = wb.sheet(slot.sheet).value(slot.row, slot.answer_col)
            answer = answer_category(value)
            if answer is None:
                continue
            items.append(ReviewedItem(item.question.id, item.question.text, answer, where=slot.answer_ref))
    return items


def _header_names(msgid: str) -> set[str]:
    from ..i18n import MissingTranslation, translator

    names = {msgid.lower()}
    for locale in ("sv",):
        try:
            names.add(translator(locale).gettext(msgid).lower())
        except MissingTranslation:  # a catalog without the word only means one spelling fewer
            continue
    return names


def _unquote(value: str) -> str:
    """Undo the report's formula guard: a leading quote before = + - @ tab CR."""
    if value.startswith("'") and value[1:2] in ("=", "+", "-", "@", "\t", "\r"):
        return value[1:]
    return value


def _answer_of(value: str) -> str | None:
    from ..i18n import MissingTranslation
    from .writers import answer_word
    from .xlsx import answer_category

    text = value.strip().lower()
    if not text:
        return None
    for answer in ("yes", "no", "partial", "n/a"):
        for locale in ("en", "sv"):
            try:
                if text == answer_word(answer, locale).lower():
                    return answer
            except MissingTranslation:
                continue
    return answer_category(value)


def _read_csv(path: Path) -> list[ReviewedItem]:
    from .readers import read_text

    text = read_text(path)
    dialect = "excel-tab" if path.suffix.lower() == ".tsv" else "excel"
    try:
        rows = list(csv.reader(io.StringIO(text), dialect=dialect))
    except csv.Error as exc:
        raise InputError(f"{display_path(path)}: malformed CSV: {exc}") from None
    if not rows:
        raise InputError(f"{display_path(path)}: empty file")
    header = [h.strip().lower() for h in rows[0]]

    def column(msgid: str, required: bool = True) -> int | None:
        names = _header_names(msgid)
        for i, h in enumerate(header):
            if h in names:
                return i
        if required:
            raise InputError(f"{display_path(path)}: no '{msgid}' column; learn reads the CSV review report that "
                             "'trustgen answer' writes (columns ID, Question, Answer, Sources ...)")
        return None

    c_id, c_question, c_answer = column("ID"), column("Question"), column("Answer")
    c_sources = column("Sources", False)
    items: list[ReviewedItem] = []
    def cell(row: list[str], i: int | None) -> str:
        return _unquote(row[i]).strip() if i is not None and i < len(row) else ""

    for line, row in enumerate(rows[1:], start=2):

        answer = _answer_of(cell(row, c_answer))
        question = " ".join(cell(row, c_question).split())
        if answer is None or not question:
            continue
        sources = tuple(s for s in re.split(r"[\s,;]+", cell(row, c_sources)) if s)
        bad = [s for s in sources if not _SOURCE_ID.match(s)]
        if bad:
            raise InputError(f"{display_path(path)}:{line}: '{bad[0]}' in the Sources column is not a fact id")
        items.append(ReviewedItem(cell(row, c_id) or f"line {line}", question, answer, sources,
                                  f"{display_path(path)}:{line}"))
    return items


# --- deciding what to learn ------------------------------------------------------------------------

def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.lower()).split())


def plan_learning(kb: KnowledgeBase, items: list[ReviewedItem], answers: list[Answer]) -> tuple[list[tuple[ReviewedItem, str, str]], list[Skipped]]:
    """(item, entry id, locale) for every wording to add, and why the others are not added."""
    known = {e.id: e for e in kb.entries()}
    unknown = sorted({s for item in items for s in item.sources if s not in known})
    if unknown:
        raise InputError("unknown fact ids in the Sources column: " + ", ".join(unknown)
                         + "; write the id of a fact, certification or compliance stance of the knowledge base")
    plan: list[tuple[ReviewedItem, str, str]] = []
    skipped: list[Skipped] = []
    planned: set[tuple[str, str, str]] = set()
    for item, answer in zip(items, answers):
        locale = answer.language if answer.language in kb.locales else kb.default_locale
        if answer.status == ANSWERED and answer.answer == item.answer and (
                not item.sources or set(item.sources) & set(answer.sources)):
            skipped.append(Skipped(item.id, item.question, "already answered this way by the knowledge base"))
            continue
        if item.sources:
            targets = list(item.sources)
        elif answer.status == ANSWERED and answer.sources:
            targets = [answer.sources[0]]
        elif answer.suggestions and answer.suggestions[0].confidence >= SUGGESTION_FLOOR:
            targets = [answer.suggestions[0].source]
        else:
            skipped.append(Skipped(item.id, item.question, "no clear fact to attach it to: name one in the Sources "
                                   "column of the CSV review report"))
            continue
        for target in targets:
            entry = known[target]
            existing = {_norm(q.text.get(locale)) for q in entry.questions if locale in q.text.locales()}
            key = (target, locale, _norm(item.question))
            if key[2] in existing or key in planned:
                skipped.append(Skipped(item.id, item.question, f"'{target}' already has this question"))
                continue
            planned.add(key)
            plan.append((item, target, locale))
    return plan, skipped


# --- editing the YAML ------------------------------------------------------------------------------

def _yaml(indent: tuple[int, int, int]):
    from ruamel.yaml import YAML

    y = YAML()
    y.preserve_quotes = True
    y.width = 4096
    y.indent(mapping=indent[0], sequence=indent[1], offset=indent[2])
    return y


def _load_exact(path: Path) -> tuple[Any, Any]:
    """The file loaded for round-trip editing with the indentation that reproduces it exactly."""
    from ruamel.yaml.error import YAMLError

    text = path.read_text(encoding="utf-8")
    for indent in _INDENTS:
        y = _yaml(indent)
        try:
            data = y.load(text)
        except YAMLError as exc:
            raise InputError(f"{display_path(path)}: cannot read YAML: {exc}") from None
        out = io.StringIO()
        y.dump(data, out)
        if out.getvalue() == text:
            return y, data
    raise InputError(f"{display_path(path)}: this file cannot be edited without changing its layout; add the learned "
                     "questions by hand (run with --dry-run to see them)")


def entry_list(data: Any, path: Path) -> Any:
    """The list of facts, stances or certifications of a loaded entry file, by what the file holds (a
    topic file may be called compliance.yaml too)."""
    for key in ENTRY_LISTS:
        if isinstance(data, dict) and isinstance(data.get(key), list):
            return data[key]
    raise InputError(f"{display_path(path)}: no 'facts', 'stances' or 'certifications' list")


def _entry_files(root: Path) -> list[tuple[Path, str]]:
    files: list[tuple[Path, str]] = []
    facts = root / "facts"
    if facts.is_dir():
        files += [(p, "facts") for p in sorted(facts.iterdir()) if p.suffix in (".yaml", ".yml")]
    for name, key in _LIST_FILES.items():
        if (root / name).is_file():
            files.append((root / name, key))
    return files


def _entry_locations(root: Path) -> dict[str, Path]:
    """Which file defines each fact, stance and certification id."""
    from ..load import load_yaml

    where: dict[str, Path] = {}
    for path, key in _entry_files(root):
        loaded, _problems = load_yaml(path)
        data = loaded.data if loaded is not None else None
        for e in (data.get(key) or []) if isinstance(data, dict) else []:
            if isinstance(e, dict) and isinstance(e.get("id"), str):
                where.setdefault(e["id"], path)
    return where


def append_question(entry: Any, new: Any, before: tuple[str, ...]) -> None:
    """Add a canonical question to an entry's `questions` (made, ahead of the first key of `before`
    it has, when it has none), keeping the comment or blank line that followed the list with it."""
    from ruamel.yaml.comments import CommentedSeq

    questions = entry.get("questions")
    if questions is None:
        questions = CommentedSeq()
        keys = list(entry.keys())
        position = next((keys.index(k) for k in before if k in keys), len(keys))
        trailing = _take_trailing(entry) if position == len(keys) else None
        entry.insert(position, "questions", questions)
    else:
        trailing = _take_trailing(questions)
    questions.append(new)
    _give_trailing(new, trailing)


def _take_trailing(node: Any) -> Any:
    """Remove and return the blank lines and comments ruamel attached after the last element of node.

    ruamel keeps what follows a block (blank lines, the next item's leading comment) on the block's
    last scalar; an item appended after that scalar must carry them instead, or they end up above it."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.tokens import CommentToken

    if isinstance(node, CommentedMap) and node:
        last: Any = list(node.keys())[-1]
        index = 2
    elif isinstance(node, CommentedSeq) and node:
        last, index = len(node) - 1, 0
    else:
        return None
    value = node[last]
    if isinstance(value, (CommentedMap, CommentedSeq)) and value and not value.fa.flow_style():
        return _take_trailing(value)
    slot = node.ca.items.get(last)
    if not slot or len(slot) <= index or slot[index] is None:
        return None
    token = slot[index]
    text = token.value
    newline = text.find("\n")
    rest = text[newline + 1:] if newline >= 0 else ""
    if not rest.strip(" "):
        return None  # only the end of the line (perhaps with its own comment) follows
    head = text[:newline + 1]
    slot[index] = None if not head.strip() else CommentToken(head, token.start_mark)
    return CommentToken("\n" + rest, token.start_mark)


def _give_trailing(node: Any, token: Any) -> None:
    from ruamel.yaml.comments import CommentedMap

    if token is None:
        return
    assert isinstance(node, CommentedMap)
    last = list(node.keys())[-1]
    node.ca.items.setdefault(last, [None, None, None, None])
    slot = node.ca.items[last]
    while len(slot) < 4:
        slot.append(None)
    if slot[2] is not None:  # the new item's own end-of-line comment comes first
        from ruamel.yaml.tokens import CommentToken

        own = slot[2]
        token = CommentToken(own.value.rstrip("\n") + token.value, own.start_mark, column=own.column)
    slot[2] = token


def _new_question(like: Any, locales: tuple[str, ...], locale: str, text: str, answer: str, note: str) -> Any:
    """A canonical question shaped like the entry's (or file's) existing ones."""
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

    flow = quote_text = None
    quote_answer: type[str] = DoubleQuotedScalarString
    if like is not None:
        text_map = like.get("text")
        flow = bool(getattr(text_map, "fa", None) and text_map.fa.flow_style())
        sample = next(iter(text_map.values()), None) if isinstance(text_map, dict) else None
        quote_text = type(sample) if isinstance(sample, (DoubleQuotedScalarString, SingleQuotedScalarString)) else None
        sample_answer = like.get("answer")
        quote_answer = type(sample_answer) if isinstance(sample_answer, (DoubleQuotedScalarString,
                                                                         SingleQuotedScalarString)) else str
    wrap = quote_text or str
    # A buyer's wording is literal text: braces in it ("{x}", "{org:name}") must not become references.
    text = text.replace("{", "{{").replace("}", "}}")
    texts = CommentedMap()
    for loc in locales:
        texts[loc] = wrap(text)
    if flow:
        texts.fa.set_flow_style()
    q = CommentedMap()
    q["text"] = texts
    q["answer"] = quote_answer(answer)
    others = [loc for loc in locales if loc != locale]
    if others:
        comment = f"{note}; translate {', '.join(others)}"
        if flow:
            q.yaml_add_eol_comment(comment, "answer")
        else:
            texts.yaml_add_eol_comment(comment, others[0])
    return q


def _edit_file(path: Path, additions: list[tuple[str, Learned]], locales: tuple[str, ...], note: str) -> str:
    """The new text of one YAML file with the learned questions appended to their entries."""

    y, data = _load_exact(path)
    entries = entry_list(data, path)
    by_id: dict[Any, Any] = {e.get("id"): e for e in entries if isinstance(e, dict)}
    file_sample = next((e["questions"][0] for e in entries if isinstance(e, dict) and e.get("questions")), None)
    for entry_id, learned in additions:
        entry = by_id[entry_id]
        questions = entry.get("questions")
        like = questions[0] if questions else file_sample
        append_question(entry, _new_question(like, locales, learned.locale, learned.question, learned.answer, note),
                        before=("keywords", "mappings"))
    out = io.StringIO()
    y.dump(data, out)
    return out.getvalue()


def learn(content: Path, reviewed: Path, *, overrides: Any = None, dry_run: bool = False,
          audience: str = "internal") -> LearnResult:
    """Add the answered wordings of a reviewed questionnaire to the knowledge base at content."""
    from ..kb import load_knowledge_base
    from .engine import answer_questions

    content, reviewed = Path(content), Path(reviewed)
    if not reviewed.exists():
        raise UsageError(f"{display_path(reviewed)}: no such file")
    kb = load_knowledge_base(content)
    items = read_reviewed(reviewed, overrides)
    questions = [Question(id=item.id, text=item.question) for item in items]
    answers = answer_questions(kb, questions, audience=audience) if questions else []
    plan, skipped = plan_learning(kb, items, answers)
    result = LearnResult(skipped=skipped)
    if not plan:
        return result

    where = _entry_locations(content)

    by_file: dict[Path, list[tuple[str, Learned]]] = {}
    for item, entry_id, locale in plan:
        path = where.get(entry_id)
        if path is None:
            result.skipped.append(Skipped(item.id, item.question, f"cannot find '{entry_id}' in {display_path(content)}"))
            continue
        learned = Learned(entry_id, item.question, locale, item.answer, path, item.id)
        result.learned.append(learned)
        by_file.setdefault(path, []).append((entry_id, learned))
    note = f"learned from {reviewed.name}"
    new_texts = {path: _edit_file(path, additions, kb.locales, note) for path, additions in by_file.items()}
    apply_edits(result, content, new_texts, "the learned questions", dry_run)
    return result


class EditResult(Protocol):
    """What learn, import, map and migrate report of the change they make to a knowledge base."""

    diff: str
    files: list[Path]
    written: bool


def apply_edits(result: EditResult, content: Path, new_texts: dict[Path, str], what: str, dry_run: bool) -> None:
    """Record the change new_texts makes (its diff and files) on `result` and, unless this is a dry
    run, check the knowledge base with the edits and write them (`what`: the edits, in the error of a
    check that fails)."""
    result.diff = unified_diff(new_texts)
    result.files = sorted(new_texts)
    if new_texts and not dry_run:
        _check_and_write(content, new_texts, what)
        result.written = True


def unified_diff(new_texts: dict[Path, str]) -> str:
    """What writing new_texts would change, as one unified diff in their order (a file that does not
    exist yet against /dev/null)."""
    diffs = []
    for path, text in new_texts.items():
        old = path.read_text(encoding="utf-8") if path.exists() else ""
        rel = display_path(path)
        diffs.append("".join(difflib.unified_diff(old.splitlines(True), text.splitlines(True),
                                                  rel if path.exists() else "/dev/null", rel)))
    return "".join(diffs)


def _check_and_write(content: Path, new_texts: dict[Path, str], what: str) -> None:
    """Validate the knowledge base with the edits in a scratch copy, then replace the edited files
    (new files are created; an edited file keeps its permissions)."""
    from ..kb import load_knowledge_base

    with tempfile.TemporaryDirectory(prefix="trustgen-learn-") as tmp:
        scratch = Path(tmp) / content.name
        if content.is_dir():
            shutil.copytree(content, scratch)
        else:
            scratch.mkdir()
        for path, text in new_texts.items():
            target = scratch / path.relative_to(content)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        try:
            load_knowledge_base(scratch)
        except ContentError as exc:
            # Name the files the person edits, not the scratch copy they were checked in.
            names = [(str(scratch.resolve()), display_path(content)), (str(scratch), display_path(content))]

            def own(line: str) -> str:
                for old, new in names:
                    line = line.replace(old, new)
                return line

            raise InputError(f"{what} would make the knowledge base invalid; nothing was written:\n"
                             + "\n".join(own(p.format()) for p in exc.problems)) from None
    for path, text in new_texts.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        # atomically, and an edited file keeps its permissions (a new one gets the umask's)
        replace_file(path, text.encode("utf-8"), option="content file")


def summary_lines(result: LearnResult) -> Iterable[str]:
    for item in result.learned:
        yield f"learned: {item.item}: \"{item.question}\" -> {item.entry} ({item.answer}, {item.locale})"
    for skip in result.skipped:
        yield f"skipped: {skip.item}: {skip.reason}"
