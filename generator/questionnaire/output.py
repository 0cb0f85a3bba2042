"""AnswersOutput: a questionnaire's answers as JSON, or a review report (CSV, Markdown), from a view.

The questions are read before (readers.py), so that a command can report and refuse a bad file
before it loads the knowledge base; the answers are given by engine.py and written by writers.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..model import KnowledgeBase
from ..outputs import Artifact, Context
from .model import Answer, Question

FORMATS = ("json", "csv", "md")


@dataclass
class AnswersOutput:
    """Answer `questions` from what the view's audience may see (optionally for one product).

    `format` is json (the answers, for scripts), csv or md (a review report for a person, in `locale`,
    by default the language most questions are in). After build() or render(), `answers` holds them.
    """

    questions: list[Question]
    format: str = "json"
    product: str | None = None
    locale: str | None = None
    title: str = ""  # the questionnaire's name, shown in the Markdown report
    threshold: float | None = None  # confidence needed to answer without a person (engine.THRESHOLD)
    questionnaire: str | None = None  # the mapping namespace of the ids (default: recognised from them)
    csv_delimiter: str = ","  # "," or ";" (Excel in a Swedish locale) or a tab
    answers: list[Answer] = field(default_factory=list)

    def render(self, view: KnowledgeBase, context: Context) -> str:
        """The output as text (for standard output), without writing it."""
        from . import writers
        from .engine import answer_questions
        from .namespaces import detect_from_ids

        self.answers = answer_questions(view, self.questions, audience=view.audience, product=self.product,
                                        progress=context.progress,
                                        threshold=self.threshold,
                                        questionnaire=self.questionnaire or detect_from_ids(q.id for q in self.questions))
        if self.format == "json":
            return writers.to_json(self.answers, audience=str(view.audience), product=self.product)
        locale = self.locale or writers.report_locale(self.answers)
        if self.format == "csv":
            return writers.to_csv(self.answers, locale, delimiter=self.csv_delimiter, questions=self.questions)
        return writers.to_markdown(self.answers, locale, self.title)

    def build(self, view: KnowledgeBase, out: Path, context: Context) -> list[Artifact]:
        from . import writers
        from .writers import write_atomic

        text = self.render(view, context)
        # A CSV file is for a spreadsheet: Excel reads it as UTF-8 only after a byte-order mark.
        write_atomic(Path(out), (writers.BOM + text) if self.format == "csv" else text)
        return [Artifact(Path(out), self.format, size=Path(out).stat().st_size)]
