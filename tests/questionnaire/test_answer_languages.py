"""Language packs: a language the matcher reads is a pack in generator/questionnaire/languages/, and a
knowledge base in that language answers questions in it with no other code change (Norwegian here)."""

from __future__ import annotations

import pytest
from kbtest import write_norwegian_kb

from generator.kb import load_knowledge_base
from generator.model import KnowledgeBase
from generator.questionnaire import ANSWERED, REVIEW, Question, answer_questions
from generator.questionnaire.language import detect_language
from generator.questionnaire.languages import languages, pack


@pytest.fixture(scope="module")
def fjord(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    return load_knowledge_base(write_norwegian_kb(tmp_path_factory.mktemp("fjord")))


def test_the_languages_are_the_packs_present() -> None:
    assert languages()[0] == "en" and {"en", "sv", "nb"} <= set(languages())
    assert pack("nb").stemmer == "norwegian" and pack("sv").compounds
    assert pack("xx") is pack("en")  # a locale no pack reads is read as the default language


def test_norwegian_questions_are_answered_in_norwegian(fjord: KnowledgeBase) -> None:
    questions = ["Krypterer dere data under overføring?", "Tillater dere ukrypterte tilkoblinger?",
                 "Blir kundedata sikkerhetskopiert?", "Krypteres data når det overføres?",
                 "Har dere et program for dusørjakt på sårbarheter?", "Is data encrypted in transit?"]
    answers = answer_questions(fjord, [Question(f"q{i}", q) for i, q in enumerate(questions, start=1)])
    got = [(a.status, a.answer, a.language) for a in answers]
    assert got == [(ANSWERED, "yes", "nb"), (ANSWERED, "no", "nb"), (ANSWERED, "yes", "nb"),
                   (ANSWERED, "yes", "nb"), (REVIEW, None, "nb"), (ANSWERED, "yes", "en")]
    assert answers[2].text == "Kundedata sikkerhetskopieres hver natt, og sikkerhetskopiene oppbevares i 35 dager."
    assert answers[5].text == "Every connection to the service uses TLS 1.2 or later."


def test_a_question_is_read_in_the_languages_of_the_knowledge_base() -> None:
    # Norwegian and Swedish share many words; a knowledge base in English and Swedish reads a
    # question as one of those two.
    question = "Er dataene kryptert når de lagres?"
    assert detect_language(question) == "nb"
    assert detect_language(question, among=("en", "sv")) == "sv"
    assert detect_language("Krypteras data under överföring?") == "sv"
