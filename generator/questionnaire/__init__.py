"""Answer security questionnaires from the knowledge base.

    from generator.questionnaire import AnswersOutput, read_questions
    output = AnswersOutput(read_questions("buyer.csv"), format="json")
    output.build(kb.for_audience("public"), Path("answers.json"), Context())   # output.answers: the answers

or, for the answers alone, `answer_questions(kb, questions, audience="public", product=None)`.

Each Answer is either answered (with an answer, an explanation in the question's language and the
source entry ids) or in review (with suggestions for the person who decides). See engine.py for how
questions are matched and why doubtful ones are never answered.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_WHERE = {"answer_questions": "engine", "ANSWERED": "model", "REVIEW": "model", "Answer": "model",
          "Question": "model", "Suggestion": "model", "Summary": "model", "AnswersOutput": "output",
          "read_questions": "readers"}
__all__ = ["ANSWERED", "REVIEW", "Answer", "AnswersOutput", "Question", "Suggestion", "Summary", "answer_questions",
           "read_questions"]


def __getattr__(name: str) -> Any:
    # Imported on first use: the command line imports this package's cli module for every command,
    # and the engine is needed only by the commands that answer.
    if name in _WHERE:
        return getattr(import_module(f".{_WHERE[name]}", __name__), name)
    raise AttributeError(name)
