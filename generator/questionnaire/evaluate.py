"""Measure the engine on labelled question sets (tests/data/eval/*.yaml).

A set names the knowledge base it was labelled against and lists questions with what a careful
person would answer from it:

    name: Claris security page
    content: examples/claris          # relative to the working directory; --content overrides
    audience: public                  # optional
    product: filemaker-cloud          # optional
    questions:
      - id: claris-en-01
        question: Is customer data encrypted at rest?
        language: en                  # optional: the language the answer must be in
        answer: "yes"                 # yes | no | partial | n/a | null (an open question)
        contains: [AES]               # optional: key values the explanation must show
        sources: [encryption-at-rest] # optional: the answer must cite one of these entries
      - id: claris-en-02
        question: Do you run a bug bounty programme?
        not_covered: true             # the knowledge base does not say: it must go to review

Scores: accuracy (answered covered questions that are right), coverage (covered questions answered)
and fabrications (a not-covered question answered, or an answer of the wrong polarity). The targets
are no fabrication and at least 90% accuracy.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError, UsageError
from ..kb import load_knowledge_base
from ..model import AUDIENCES, KnowledgeBase
from .engine import answer_questions
from .model import ANSWER_VALUES, ANSWERED, Answer, Question

_QUESTION_KEYS = {"id", "question", "language", "answer", "contains", "sources", "not_covered", "note",
                  "section", "control", "kind", "split"}
_SET_KEYS = {"name", "content", "audience", "product", "questions", "note", "questionnaire"}
SPLITS = ("dev", "held-out")
KINDS = ("yes-no", "value", "list", "open", "general", "document")


def split_of(qid: str) -> str:
    """The half a question belongs to, fixed by its id alone (CRC-32, so the same on every machine):
    thresholds are chosen on "dev" and "held-out" is reported untouched."""
    return SPLITS[zlib.crc32(qid.encode("utf-8")) % 2]


@dataclass(frozen=True)
class Label:
    id: str
    question: str
    covered: bool
    answer: str | None = None
    language: str | None = None
    contains: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    section: str = ""
    control: str = ""
    kind: str = ""
    split: str = "dev"


@dataclass(frozen=True)
class EvalSet:
    path: Path
    name: str
    content: Path
    audience: str
    product: str | None
    labels: tuple[Label, ...]


@dataclass(frozen=True)
class Outcome:
    label: Label
    answer: Answer
    # correct | wrong (right polarity, wrong value or fact) | inverted (yes for no, or the reverse) |
    # fabrication (answered, the knowledge base does not hold it) | missed (held, sent to review) |
    # held (not held, sent to review: a correct abstention)
    verdict: str
    detail: str = ""


@dataclass
class Score:
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, verdict: str) -> int:
        return sum(1 for o in self.outcomes if o.verdict == verdict)

    def part(self, split: str) -> Score:
        return Score([o for o in self.outcomes if o.label.split == split])

    @property
    def covered(self) -> int:
        return sum(1 for o in self.outcomes if o.label.covered)

    @property
    def not_covered(self) -> int:
        return len(self.outcomes) - self.covered

    @property
    def answered(self) -> int:
        return sum(1 for o in self.outcomes if o.answer.status == ANSWERED)

    @property
    def answered_covered(self) -> int:
        return sum(1 for o in self.outcomes if o.label.covered and o.answer.status == ANSWERED)

    @property
    def correct(self) -> int:
        return self.count("correct")

    @property
    def fabrications(self) -> int:
        return self.count("fabrication")

    @property
    def inversions(self) -> int:
        return self.count("inverted")

    @property
    def errors(self) -> int:
        """Written answers that are not right: wrong, inverted or fabricated."""
        return self.count("wrong") + self.inversions + self.fabrications

    @property
    def accuracy(self) -> float:
        """Right answers among the answered questions the knowledge base holds."""
        return self.correct / self.answered_covered if self.answered_covered else 1.0

    @property
    def precision(self) -> float:
        """Right answers among every answer written."""
        return self.correct / self.answered if self.answered else 1.0

    @property
    def coverage(self) -> float:
        """Held questions answered (rightly or not)."""
        return self.answered_covered / self.covered if self.covered else 1.0

    def review_reasons(self) -> list[tuple[str, int]]:
        found: dict[str, int] = {}
        for o in self.outcomes:
            if o.answer.status != ANSWERED:
                key = o.answer.reason or "?"
                found[key] = found.get(key, 0) + 1
        return sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))


def load_set(path: Path, content: Path | None = None) -> EvalSet:
    """Read and check one labelled set; problems raise InputError naming the file and line."""
    from ..load import load_yaml

    if not path.is_file():
        raise UsageError(f"{path}: no such evaluation set")
    loaded, problems = load_yaml(path)
    if problems:
        raise InputError("\n".join(p.format() for p in problems))
    assert loaded is not None
    data, source = loaded.data, loaded.source

    def fail(where: tuple, message: str) -> InputError:
        line, column = source.value_pos(where)
        return InputError(f"{source.file}:{line}:{column}: {message}")

    if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
        raise fail((), "an evaluation set is a mapping with a 'questions' list")
    unknown = set(data) - _SET_KEYS
    if unknown:
        first = min(unknown)
        raise fail((first,), f"unknown key '{first}' (expected {', '.join(sorted(_SET_KEYS))})")
    if content is None:
        if not isinstance(data.get("content"), str):
            raise fail((), "needs 'content: DIR' (the knowledge base it was labelled against) or --content")
        content = Path(data["content"])
    audience = data.get("audience", "public")
    if audience not in AUDIENCES:
        raise fail(("audience",), f"audience must be one of {', '.join(AUDIENCES)}")
    product = data.get("product")
    labels = []
    seen: set[str] = set()
    for i, item in enumerate(data["questions"]):
        where = ("questions", i)
        if not isinstance(item, dict):
            raise fail(where, "each question is a mapping")
        unknown = set(item) - _QUESTION_KEYS
        if unknown:
            raise fail(where, f"unknown key '{min(unknown)}'")
        qid, text = item.get("id"), item.get("question")
        if not isinstance(qid, str) or not isinstance(text, str) or not text.strip():
            raise fail(where, "needs 'id' and 'question' texts")
        if qid in seen:
            raise fail(where + ("id",), f"duplicate id '{qid}'")
        seen.add(qid)
        covered = not item.get("not_covered", False)
        if covered and "answer" not in item:
            raise fail(where, "needs 'answer' (yes, no, partial, n/a or null) or 'not_covered: true'")
        expected = item.get("answer")
        if expected is not None and expected not in ANSWER_VALUES:
            raise fail(where + ("answer",), f"answer must be one of {', '.join(ANSWER_VALUES)} or null")
        kind = item.get("kind") or ""
        if kind and kind not in KINDS:
            raise fail(where + ("kind",), f"kind must be one of {', '.join(KINDS)}")
        split = item.get("split") or split_of(qid)
        if split not in SPLITS:
            raise fail(where + ("split",), f"split must be one of {', '.join(SPLITS)}")
        labels.append(Label(qid, text.strip(), covered, expected, item.get("language"),
                            tuple(str(v) for v in item.get("contains", ()) or ()),
                            tuple(str(v) for v in item.get("sources", ()) or ()),
                            str(item.get("section") or ""), str(item.get("control") or ""), kind, split))
    return EvalSet(path, str(data.get("name", path.stem)), content, audience, product, tuple(labels))


def judge(label: Label, answer: Answer, organization_ids: frozenset[str] = frozenset()) -> Outcome:
    """The verdict on one answer against its label. `organization_ids` are the ids of what
    organization.yaml holds (contacts, products): a label may name that file as "organization"."""
    if not label.covered:
        if answer.status == ANSWERED:
            return Outcome(label, answer, "fabrication", "answered a question the knowledge base does not cover")
        return Outcome(label, answer, "held")
    if answer.status != ANSWERED:
        return Outcome(label, answer, "missed", answer.reason or "")
    # "Are the data centres certified? If yes, list the certifications": a "yes" whose explanation
    # names every certification the label lists answers the list question too.
    listed = label.answer is None and bool(label.contains) and answer.answer == "yes"
    if answer.answer != label.answer and not listed:
        if answer.answer is not None and label.answer is not None:
            return Outcome(label, answer, "inverted", f"answered {answer.answer}, expected {label.answer}")
        return Outcome(label, answer, "wrong", f"answered {answer.answer}, expected {label.answer}")
    if label.language and answer.language != label.language:
        return Outcome(label, answer, "wrong", f"answered in {answer.language}, expected {label.language}")
    text = (answer.text or "").casefold()
    missing = [v for v in label.contains if v.casefold() not in text]
    if missing:
        return Outcome(label, answer, "wrong", "explanation lacks " + ", ".join(repr(v) for v in missing))
    cited = set(answer.sources) | ({"organization"} if organization_ids & set(answer.sources) else set())
    if label.sources and not set(label.sources) & cited:
        return Outcome(label, answer, "wrong", f"cited {', '.join(answer.sources)}, expected one of "
                                               f"{', '.join(label.sources)}")
    return Outcome(label, answer, "correct")


def run_set(evalset: EvalSet, kb_cache: dict[Path, KnowledgeBase] | None = None,
            threshold: float | None = None) -> Score:
    kb_cache = {} if kb_cache is None else kb_cache
    key = evalset.content.resolve()
    if key not in kb_cache:
        if not evalset.content.is_dir():
            raise UsageError(f"{evalset.path}: knowledge base {evalset.content} does not exist")
        kb_cache[key] = load_knowledge_base(evalset.content)
    kb = kb_cache[key]
    questions = [Question(label.id, label.question, i + 1, _context(label)) for i, label in enumerate(evalset.labels)]
    answers = answer_questions(kb, questions, audience=evalset.audience, product=evalset.product,
                               threshold=threshold)
    organization_ids = frozenset(c.id for c in kb.contacts) | frozenset(p.id for p in kb.products)
    return Score([judge(label, answer, organization_ids) for label, answer in zip(evalset.labels, answers)])


CALIBRATION_THRESHOLDS = (0.4, 0.45, 0.5, 0.55, 0.6, 0.62, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9)


@dataclass(frozen=True)
class CalibrationRow:
    threshold: float
    dev: Score
    held_out: Score


def calibrate(sets: list[EvalSet], thresholds: tuple[float, ...] = CALIBRATION_THRESHOLDS,
              progress: Callable[[int, int], None] | None = None) -> list[CalibrationRow]:
    """Every set answered at each threshold: coverage and precision of the development and held-out
    halves, from which a threshold is chosen on the development half alone (see choose_threshold)."""
    cache: dict[Path, KnowledgeBase] = {}
    rows = []
    for i, t in enumerate(thresholds, start=1):
        total = merge([run_set(s, cache, threshold=t) for s in sets])
        rows.append(CalibrationRow(t, total.part("dev"), total.part("held-out")))
        if progress is not None:
            progress(i, len(thresholds))
    return rows


def choose_threshold(rows: list[CalibrationRow], precision: float) -> CalibrationRow | None:
    """The lowest threshold at which the development half reaches the precision (None if none does)."""
    return next((r for r in rows if r.dev.answered and r.dev.precision >= precision), None)


def _context(label: Label) -> tuple[tuple[str, str], ...]:
    """The row context a questionnaire gives a question, as the readers pass it on (Question.extra)."""
    return tuple((k, v) for k, v in (("section", label.section), ("control", label.control)) if v)


def merge(scores: list[Score]) -> Score:
    return Score([o for s in scores for o in s.outcomes])


def describe(outcome: Outcome) -> str:
    a = outcome.answer
    got = f"{a.status} {a.answer}" if a.status == ANSWERED else f"review ({a.reason})"
    return f"{outcome.verdict}: {outcome.label.id}: {outcome.label.question} -> {got}" + (
        f"; {outcome.detail}" if outcome.detail else "")


def summary_line(name: str, score: Score) -> str:
    return (f"{name}: {len(score.outcomes)} questions ({score.covered} held, {score.not_covered} not held); "
            f"coverage {score.coverage:.1%} ({score.answered_covered}/{score.covered}), "
            f"precision {score.precision:.1%} ({score.correct}/{score.answered} written answers right), "
            f"wrong {score.count('wrong')}, inversions {score.inversions}, fabrications {score.fabrications}")


def as_dict(score: Score) -> dict[str, Any]:
    return {"questions": len(score.outcomes), "covered": score.covered, "not_covered": score.not_covered,
            "answered": score.answered, "answered_covered": score.answered_covered, "correct": score.correct,
            "accuracy": round(score.accuracy, 4), "precision": round(score.precision, 4),
            "coverage": round(score.coverage, 4), "wrong": score.count("wrong"), "inversions": score.inversions,
            "fabrications": score.fabrications, "review_reasons": dict(score.review_reasons())}
