"""WorkbookOutput: the buyer's own workbook, filled in place from a view, with its review report."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ...model import KnowledgeBase
from ...outputs import Artifact, Context
from .detect import Overrides
from .fill import FillResult, fill_workbook


@dataclass
class WorkbookOutput:
    """Fill a copy of the workbook at `source` with the answers the view's audience may be given; the
    review report goes beside it (NAME-review.md and .csv) unless `reports` is False. After build(),
    `result` says what was filled."""

    source: Path
    overrides: Overrides = field(default_factory=Overrides)
    product: str | None = None
    locale: str | None = None
    reports: bool = True
    threshold: float | None = None  # confidence needed to answer without a person (engine.THRESHOLD)
    questionnaire: str | None = None  # the mapping namespace of its ids (default: recognised from the workbook)
    csv_delimiter: str = ","  # of the CSV review report: "," or ";" (Excel in a Swedish locale) or a tab
    result: FillResult | None = None

    def build(self, view: KnowledgeBase, out: Path, context: Context) -> list[Artifact]:
        o = self.overrides
        self.result = fill_workbook(
            view, self.source, out, audience=view.audience, product=self.product, sheet=o.sheet,
            question_col=o.question_col, answer_col=o.answer_col, comment_col=o.comment_col, id_col=o.id_col,
            header_row=o.header_row, reports=self.reports, locale=self.locale,
            progress=context.progress,
            threshold=self.threshold, questionnaire=self.questionnaire, csv_delimiter=self.csv_delimiter)
        written = (self.result.output, *self.result.reports)
        return [Artifact(p, p.suffix.lstrip("."), size=p.stat().st_size) for p in written]
