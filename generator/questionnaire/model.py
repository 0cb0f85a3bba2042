"""The questionnaire package's public data: a question read from a buyer's file, and the answer the
engine gives it. Both are frozen; the spreadsheet filler and the writers read them, nothing else."""

from __future__ import annotations

from dataclasses import dataclass, field

ANSWERED, REVIEW = "answered", "review"
ANSWER_VALUES = ("yes", "no", "partial", "n/a")


@dataclass(frozen=True)
class Question:
    """One question of a questionnaire.

    `id` is the file's own id for the question (a VSAQ or CAIQ id, a row number...); `row` is where it
    was read (1-based line or row, 0 when unknown); `extra` keeps the other columns of its row, in
    order, so that a filler can write back to the same place. `questionnaire` is the mapping namespace
    of the file it came from when that is known (namespaces.py), so that its id is looked up there.
    """

    id: str
    text: str
    row: int = 0
    extra: tuple[tuple[str, str], ...] = ()
    questionnaire: str | None = None

    def extra_value(self, name: str) -> str | None:
        return dict(self.extra).get(name)


@dataclass(frozen=True)
class Suggestion:
    """A candidate fact for a person to check: what it says and the answer it would give."""

    source: str
    text: str
    answer: str | None
    confidence: float


@dataclass(frozen=True)
class Answer:
    """The engine's answer to one question.

    status is "answered" or "review". An answered question has at least one source entry id and an
    explanation `text` in `language`; `answer` is yes/no/partial/n/a, or None for an open question
    ("Which TLS version ...?") that the text answers. A question in review has no answer and no
    sources: its `suggestions` are the best candidates, and `reason` says why a person must decide.
    """

    id: str
    question: str
    status: str
    answer: str | None
    text: str | None
    language: str
    confidence: float
    sources: tuple[str, ...] = ()
    suggestions: tuple[Suggestion, ...] = ()
    reason: str | None = None
    row: int = 0
    drafts: tuple[str, ...] = ()  # the sources that are drafts (status: draft), marked in the review report
    covered: str | None = None  # in review: what the knowledge base does say of the parts it covers
    missing: tuple[str, ...] = ()  # in review: the parts (or list items) of the question it does not cover

    def to_json(self) -> dict[str, object]:
        """The stable JSON shape of one answer (the `answers` items of `trustgen answer --format json`)."""
        return {
            "id": self.id,
            "question": self.question,
            "status": self.status,
            "answer": self.answer,
            "text": self.text,
            "language": self.language,
            "confidence": self.confidence,
            "sources": list(self.sources),
            # The review work list: why a person must decide, what the knowledge base says of the
            # parts it covers, and the candidates with the answer each would give.
            "reason": self.reason,
            "covered": self.covered,
            "missing": list(self.missing),
            "suggestions": [{"source": s.source, "text": s.text, "answer": s.answer, "confidence": s.confidence}
                            for s in self.suggestions],
        }


@dataclass(frozen=True)
class Summary:
    """Counts over a run of answers."""

    questions: int
    answered: int
    review: int
    by_answer: tuple[tuple[str, int], ...] = field(default_factory=tuple)
    by_language: tuple[tuple[str, int], ...] = field(default_factory=tuple)

    @classmethod
    def of(cls, answers: list[Answer] | tuple[Answer, ...]) -> Summary:
        answered = [a for a in answers if a.status == ANSWERED]
        by_answer: dict[str, int] = {}
        for a in answered:
            key = a.answer or "text"
            by_answer[key] = by_answer.get(key, 0) + 1
        by_language: dict[str, int] = {}
        for a in answers:
            by_language[a.language] = by_language.get(a.language, 0) + 1
        return cls(len(answers), len(answered), len(answers) - len(answered),
                   tuple(sorted(by_answer.items())), tuple(sorted(by_language.items())))

    @property
    def coverage(self) -> float:
        return self.answered / self.questions if self.questions else 0.0
