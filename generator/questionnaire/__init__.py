"""Answer security questionnaires from the knowledge base.

    from generator.questionnaire import answer_questions, read_questions
    questions = read_questions("buyer.csv")
    answers = answer_questions(kb, questions, audience="public", product=None)

Each Answer is either answered (with an answer, an explanation in the question's language and the
source entry ids) or in review (with suggestions for the person who decides). See engine.py for how
questions are matched and why doubtful ones are never answered.
"""

from .engine import answer_questions
from .model import ANSWERED, REVIEW, Answer, Question, Suggestion, Summary
from .readers import read_questions

__all__ = ["ANSWERED", "REVIEW", "Answer", "Question", "Suggestion", "Summary", "answer_questions",
           "read_questions"]
