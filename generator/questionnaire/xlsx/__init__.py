"""Fill a buyer's own Excel workbook with answers and give it back intact.

    from generator.questionnaire.xlsx import WorkbookOutput
    WorkbookOutput(Path("caiq.xlsx")).build(kb.for_audience("public"), Path("caiq-answered.xlsx"), Context())

(or `fill_workbook(kb, "caiq.xlsx", "caiq-answered.xlsx", audience="public")`, which it calls).

The workbook is read straight from its SpreadsheetML parts (package.py checks it is not hostile,
workbook.py reads cells, names and validations, detect.py finds the question table) and the answers
are spliced into the sheet XML of a copy (writer.py), so every other part of the file - other sheets,
charts, pivot tables, printer settings, styles, defined names, validations - stays byte for byte as
the buyer sent it. Nothing here imports openpyxl.
"""

from .detect import Layout, Overrides
from .fill import (
                   FillResult,
                   Questions,
                   WorkbookQuestion,
                   answer_category,
                   choose_allowed,
                   default_output,
                   describe,
                   fill_with,
                   fill_workbook,
                   find_questions,
                   plan_fill,
                   report_paths,
)
from .output import WorkbookOutput
from .package import DEFAULT_LIMITS, Limits
from .workbook import Workbook

__all__ = ["DEFAULT_LIMITS", "FillResult", "Layout", "Limits", "Overrides", "Questions", "Workbook",
           "WorkbookOutput", "WorkbookQuestion", "answer_category", "choose_allowed", "default_output", "describe", "fill_with",
           "fill_workbook", "find_questions", "plan_fill", "report_paths"]
