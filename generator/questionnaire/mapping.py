"""Map a standard questionnaire to the knowledge base once: `trustgen map` and `trustgen map --apply`.

    write_mapping_sheet(kb, questions, namespace, out) -> MappingSheet
    apply_mapping_sheet(content_dir, sheet) -> ApplyResult

The sheet has one row per question id of the questionnaire: the fact the answer engine proposes
(the fact it answers from, else its first suggestion), the answer that fact gives, and the next
candidates. A person decides each row: `accept` (the Fact column may be changed to another fact, and
the Answer column to the answer this question gets from it), or `not applicable`. `--apply` writes
the accepted rows as mappings in the facts' files, in the questionnaire's namespace, with the
person's answer as the mapping's own answer where it differs from the fact's; the next `answer` of
any copy of that questionnaire answers those ids from them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ContentError, InputError, UsageError, display_path
from ..model import MAPPING_NAMESPACES, KnowledgeBase
from .model import ANSWERED, Question

SHEET = "Mapping"
COLUMNS = ("Questionnaire", "ID", "Question", "Decision", "Fact", "Answer", "Statement", "Confidence",
           "Candidate 2", "Candidate 3")
DECISIONS = ("accept", "not applicable")
ALREADY = "mapped"


@dataclass
class MappingSheet:
    path: Path
    rows: int = 0
    to_decide: int = 0       # rows with a proposed fact that a person has to accept or change
    already_mapped: int = 0  # ids a fact already maps in this namespace
    no_candidate: int = 0


@dataclass
class ApplyResult:
    applied: list[str] = field(default_factory=list)   # "ID -> fact (answer)"
    skipped: list[str] = field(default_factory=list)
    diff: str = ""
    files: list[Path] = field(default_factory=list)
    written: bool = False


def _text_cell(ws: Any, row: int, col: int, value: Any) -> Any:
    """A cell holding text as text: never a formula, whatever it starts with."""
    cell = ws.cell(row=row, column=col)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def write_mapping_sheet(kb: KnowledgeBase, questions: list[Question], namespace: str, out: Path,
                        progress: Any = None) -> MappingSheet:
    """Write the mapping sheet of `questions` (a standard questionnaire in `namespace`) to `out`."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    from ..vocabulary import ANSWER_LABELS
    from .engine import answer_questions

    def answer_word(answer: str, _locale: str) -> str:
        return ANSWER_LABELS[answer]  # the words of the Answer column's drop-down

    answers = answer_questions(kb, questions, audience="internal", questionnaire=namespace, progress=progress)
    entries = {e.id: e for e in kb.entries()}
    mapped = {qid.lower(): e.id for e in kb.entries() for ns, ids in e.mappings if ns == namespace for qid in ids}
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    for col, name in enumerate(COLUMNS, start=1):
        _text_cell(ws, 1, col, name).font = Font(bold=True)
    result = MappingSheet(out)
    for row, (q, a) in enumerate(zip(questions, answers), start=2):
        candidates: list[tuple[str, str | None, float]] = []
        if a.status == ANSWERED:
            candidates += [(s, a.answer, a.confidence) for s in a.sources]
        candidates += [(s.source, s.answer, s.confidence) for s in a.suggestions
                       if s.source not in {c[0] for c in candidates}]
        # general-information answers come from organization.yaml, which no mapping names
        candidates = [c for c in candidates if c[0] in entries]
        _text_cell(ws, row, 1, namespace)
        _text_cell(ws, row, 2, q.id)
        _text_cell(ws, row, 3, q.text).alignment = Alignment(wrap_text=True, vertical="top")
        result.rows += 1
        if q.id.lower() in mapped:
            _text_cell(ws, row, 4, ALREADY)
            _text_cell(ws, row, 5, mapped[q.id.lower()])
            result.already_mapped += 1
            continue
        if not candidates:
            result.no_candidate += 1
            continue
        result.to_decide += 1
        best, answer, confidence = candidates[0]
        _text_cell(ws, row, 5, best)
        _text_cell(ws, row, 6, answer_word(answer, "en") if answer else "")
        _text_cell(ws, row, 7, " ".join(entries[best].statement.get(kb.default_locale).split())
                   ).alignment = Alignment(wrap_text=True, vertical="top")
        ws.cell(row=row, column=8, value=round(confidence, 2))
        for col, (source, other, _conf) in enumerate(candidates[1:3], start=9):
            _text_cell(ws, row, col, f"{source}" + (f" ({answer_word(other, 'en')})" if other else ""))
    last = len(questions) + 1
    decisions = DataValidation(type="list", formula1='"' + ",".join(DECISIONS) + '"', allow_blank=True)
    ws.add_data_validation(decisions)
    decisions.add(f"D2:D{last}")
    answers_dv = DataValidation(type="list", formula1='"Yes,No,Partly,Not applicable"', allow_blank=True)
    ws.add_data_validation(answers_dv)
    answers_dv.add(f"F2:F{last}")
    facts = wb.create_sheet("Facts")
    _text_cell(facts, 1, 1, "Fact").font = Font(bold=True)
    _text_cell(facts, 1, 2, "Statement").font = Font(bold=True)
    for i, e in enumerate(sorted(entries.values(), key=lambda e: e.id), start=2):
        _text_cell(facts, i, 1, e.id)
        _text_cell(facts, i, 2, " ".join(e.statement.get(kb.default_locale).split()))
    fact_dv = DataValidation(type="list", formula1=f"Facts!$A$2:$A${len(entries) + 1}", allow_blank=True)
    ws.add_data_validation(fact_dv)
    fact_dv.add(f"E2:E{last}")
    for col, width in zip("ABCDEFGHIJ", (14, 14, 70, 14, 28, 12, 60, 11, 28, 28)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "D2"
    _save(wb, out)
    return result


def _save(wb: Any, out: Path) -> None:
    """Save the workbook atomically, with the umask's permissions."""
    import io

    from ..outputs import replace_file

    data = io.BytesIO()
    wb.save(data)
    replace_file(out, data.getvalue())


# --- applying a decided sheet ----------------------------------------------------------------------

def _answer_of(value: str) -> str | None:
    from .xlsx import answer_category

    return answer_category(value) if value.strip() else None


def read_decisions(path: Path) -> list[tuple[str, str, str, str, str | None, str, str]]:
    """(namespace, id, decision, fact, answer, where, question) of every decided row of a mapping sheet."""
    from .xlsx import Workbook

    rows = []
    with Workbook(path) as wb:
        info = wb.sheet_info(SHEET)
        if info is None or info.part is None:
            raise InputError(f"{display_path(path)}: no '{SHEET}' sheet; --apply reads the sheet `trustgen map` writes")
        sheet = wb.sheet(SHEET)
        header = {sheet.value(1, c).strip(): c for c in range(1, sheet.max_col + 1)}
        missing = [c for c in COLUMNS[:6] if c not in header]
        if missing:
            raise InputError(f"{display_path(path)}: the {SHEET} sheet has no column {', '.join(missing)}")
        for r in range(2, sheet.max_row + 1):
            def v(name: str, r: int = r) -> str:
                return " ".join(sheet.value(r, header[name]).split())

            decision = v("Decision").lower()
            if decision in ("", ALREADY):
                continue
            where = f"{display_path(path)}:{SHEET}!D{r}"
            if decision not in DECISIONS:
                raise InputError(f"{where}: '{v('Decision')}' is not a decision (write accept or not applicable)")
            answer_text = v("Answer")
            answer = _answer_of(answer_text)
            if answer_text and answer is None:
                raise InputError(f"{display_path(path)}:{SHEET}!F{r}: '{answer_text}' is not an answer "
                                 "(Yes, No, Partly or Not applicable)")
            rows.append((v("Questionnaire"), v("ID"), decision, v("Fact"), answer, where, v("Question")))
    return rows


def _not_given(content: Path, new_texts: dict[Path, str], wanted: list[tuple[Question, str, str]]
               ) -> dict[tuple[str, str], str]:
    """The (id, fact) pairs whose plain mapping would not give the person's answer, with that answer:
    the questions are answered from a scratch copy of the knowledge base with the mappings written."""
    import shutil
    import tempfile

    from ..kb import load_knowledge_base
    from .engine import answer_questions

    with tempfile.TemporaryDirectory(prefix="trustgen-map-") as tmp:
        scratch = Path(tmp) / content.name
        shutil.copytree(content, scratch)
        for path, text in new_texts.items():
            (scratch / path.relative_to(content)).write_text(text, encoding="utf-8")
        try:
            kb = load_knowledge_base(scratch, use_cache=False)
        except ContentError:
            return {}  # reported, with the files a person edits, when the change is checked before writing
        answers = answer_questions(kb, [q for q, _f, _a in wanted], audience="internal")
    return {(q.id, fact): answer for (q, fact, answer), a in zip(wanted, answers)
            if a.status != ANSWERED or a.answer != answer or fact not in a.sources}


def apply_mapping_sheet(content: Path, sheet: Path, *, dry_run: bool = False) -> ApplyResult:
    """Write the accepted rows of a decided mapping sheet as mappings in the knowledge base at content."""

    from ..kb import load_knowledge_base
    from .importing import _edit_facts
    from .learn import _entry_locations, apply_edits

    content, sheet = Path(content), Path(sheet)
    if not sheet.is_file():
        raise UsageError(f"{display_path(sheet)}: no such file")
    kb = load_knowledge_base(content)
    entries = {e.id: e for e in kb.entries()}
    result = ApplyResult()
    decided = read_decisions(sheet)
    unknown = sorted({(fact, where) for _ns, _qid, _d, fact, _a, where, _q in decided if fact and fact not in entries})
    if unknown:
        raise InputError(f"{unknown[0][1]}: '{unknown[0][0]}' is not a fact, stance or certification of "
                         f"{display_path(content)}; nothing was written")
    bad_ns = sorted({ns for ns, *_ in decided if ns not in MAPPING_NAMESPACES})
    if bad_ns:
        raise InputError(f"{display_path(sheet)}: unknown questionnaire '{bad_ns[0]}' in the Questionnaire column "
                         f"(known: {', '.join(MAPPING_NAMESPACES)})")
    # A mapping carries its own answer only where it needs one: when the person's answer differs from
    # the fact's plain answer, or when the answer engine, given the plain mapping, would not give it
    # (a question worded the other way round, or one it reads as asking for a value).
    own: dict[str, list[tuple[str, Any]]] = {}
    wanted: list[tuple[Question, str, str]] = []
    for ns, qid, decision, fact, answer, where, question in decided:
        if not fact:
            result.skipped.append(f"{qid}: {decision}, no fact named: nothing written")
            continue
        mapped = {m.lower() for n, ids in entries[fact].mappings if n == ns for m in ids}
        if qid.lower() in mapped:
            result.skipped.append(f"{qid}: '{fact}' already maps it")
            continue
        if decision == "not applicable":
            answer = "n/a"
        plain = entries[fact].answer
        item: Any = qid if answer in (None, plain) else {"id": qid, "answer": answer}
        own.setdefault(fact, []).append((ns, item))
        if isinstance(item, str) and answer is not None and question:
            wanted.append((Question(qid, question, questionnaire=ns), fact, answer))
    where = _entry_locations(content)

    def texts() -> dict[Path, str]:
        by_file: dict[Path, dict[str, list[tuple[str, Any]]]] = {}
        for fact, maps in own.items():
            by_file.setdefault(where[fact], {})[fact] = maps
        return {path: _edit_facts(path, [], {}, maps, kb.locales) for path, maps in sorted(by_file.items())}

    new_texts = texts()
    if wanted:
        missed = _not_given(content, new_texts, wanted)
        for fact, maps in own.items():
            own[fact] = [(ns, {"id": item, "answer": missed[(item, fact)]} if isinstance(item, str)
                          and (item, fact) in missed else item) for ns, item in maps]
        new_texts = texts()
    for fact, maps in own.items():
        for _ns, item in maps:
            result.applied.append(f"{item['id']} -> {fact} ({item['answer']})" if isinstance(item, dict)
                                  else f"{item} -> {fact}")
    apply_edits(result, content, new_texts, "the mappings", dry_run)
    return result
