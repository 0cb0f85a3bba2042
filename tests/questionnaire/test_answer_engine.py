"""The matching engine through its public entry point: polarity, scope, audience, product, language,
standard ids, typed stance fields, certifications, and what goes to review instead of being guessed."""

from __future__ import annotations

import pytest
from questionnaire_fixtures import write_kb

from generator import text
from generator.kb import load_knowledge_base
from generator.model import KnowledgeBase
from generator.questionnaire import ANSWERED, REVIEW, Answer, Question, answer_questions
from generator.questionnaire.language import detect_language


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    import os

    os.environ["SOURCE_DATE_EPOCH"] = "1795000000"  # the module-scoped load runs before the autouse fixture
    return load_knowledge_base(write_kb(tmp_path_factory.mktemp("kb") / "content"))


def ask(kb: KnowledgeBase, question: str, qid: str = "q1", **options: str) -> Answer:
    [answer] = answer_questions(kb, [Question(qid, question)], **options)  # type: ignore[arg-type]
    return answer


def statement(kb: KnowledgeBase, entry_id: str, locale: str = "en") -> str:
    return text.statement(kb, kb.entry(entry_id), locale)


def test_a_canonical_question_takes_its_own_answer(kb: KnowledgeBase) -> None:
    a = ask(kb, "Do you encrypt data in transit?")
    assert (a.status, a.answer, a.sources) == (ANSWERED, "yes", ("tls-in-transit",))
    assert a.text == statement(kb, "tls-in-transit")
    assert a.language == "en" and a.confidence > 0.9


@pytest.mark.parametrize("question", [
    "Do you allow unencrypted connections?",
    "Do you accept connections without encryption?",
])
def test_an_inverted_question_gets_the_inverted_answer(kb: KnowledgeBase, question: str) -> None:
    a = ask(kb, question)
    assert (a.status, a.answer, a.sources) == (ANSWERED, "no", ("tls-in-transit",))


@pytest.mark.parametrize("question", [
    "Do you forbid encryption of data in transit?",
    "Is data in transit ever sent without TLS outside the EU?",
    "Is encryption of data in transit optional?",
])
def test_negated_questions_without_a_matching_canonical_question_go_to_review(kb: KnowledgeBase,
                                                                                  question: str) -> None:
    a = ask(kb, question)
    assert a.status == REVIEW and a.answer is None and a.sources == () and a.text is None


def test_swedish_questions_are_answered_in_swedish(kb: KnowledgeBase) -> None:
    a = ask(kb, "Krypteras data under överföring?")
    assert (a.status, a.answer, a.language) == (ANSWERED, "yes", "sv")
    assert a.text == statement(kb, "tls-in-transit", "sv")
    b = ask(kb, "Accepterar ni okrypterade anslutningar?")
    assert (b.status, b.answer, b.language) == (ANSWERED, "no", "sv")


def test_the_values_in_an_explanation_come_from_the_knowledge_base(kb: KnowledgeBase) -> None:
    a = ask(kb, "How long is customer content kept after the subscription ends?")
    assert a.status == ANSWERED and a.answer is None  # an open question: the text answers it
    value = kb.entry("content-deletion").value("days").data
    assert f"{value} days" in (a.text or "")
    b = ask(kb, "Hur länge sparas kundinnehåll efter att abonnemanget har upphört?")
    assert f"{value} dagar" in (b.text or "")


def test_a_provider_fact_does_not_answer_a_question_about_our_own_staff(kb: KnowledgeBase) -> None:
    # Public: only the provider's data-centre staff fact is visible; it must not answer.
    a = ask(kb, "Do your employees use two-factor authentication?")
    assert a.status == REVIEW and a.reason == "scope"
    assert [s.source for s in a.suggestions][:1] == ["dc-floor-mfa"]
    # A question about the data-centre staff is answered by it.
    b = ask(kb, "Must data-center staff pass two-factor authentication to reach the data-center floor?")
    assert (b.status, b.answer, b.sources) == (ANSWERED, "yes", ("dc-floor-mfa",))


def test_the_audience_limits_the_facts_used(kb: KnowledgeBase) -> None:
    question = "Do your employees use two-factor authentication?"
    assert ask(kb, question, audience="internal").sources == ("staff-mfa",)
    pentest = "Do you commission an annual penetration test?"
    assert ask(kb, pentest).status == REVIEW
    assert ask(kb, pentest, audience="nda").sources == ("annual-pentest",)
    assert ask(kb, pentest, audience="internal").sources == ("annual-pentest",)


def test_the_product_limits_the_facts_used(kb: KnowledgeBase) -> None:
    question = "Do you keep customer content indefinitely after the subscription ends?"
    assert ask(kb, question, product="app").answer == "no"
    assert ask(kb, question, product="api").status == REVIEW


def test_unknown_product_or_audience_is_a_usage_error(kb: KnowledgeBase) -> None:
    from generator.errors import UsageError

    with pytest.raises(UsageError, match=r"unknown product 'nope' \(products: app, api\)"):
        ask(kb, "Do you encrypt data?", product="nope")
    with pytest.raises(UsageError, match="unknown audience 'everyone'"):
        ask(kb, "Do you encrypt data?", audience="everyone")


def test_standard_ids_mapped_in_the_knowledge_base_answer_directly(kb: KnowledgeBase) -> None:
    vsaq = ask(kb, "Is traffic protected on the network?", qid="network_encryption")
    assert (vsaq.status, vsaq.answer, vsaq.sources) == (ANSWERED, "yes", ("tls-in-transit",))
    caiq = ask(kb, "CEK-03.1 Are strong ciphers used for data in transit?", qid="7")
    assert (caiq.status, caiq.sources) == (ANSWERED, ("tls-in-transit",))
    # A fact mapped to a CAIQ control (CEK-04) is a candidate for the control's questions, not their answer.
    control = ask(kb, "Do you rotate the keys that encrypt customer data at rest every year?", qid="CEK-04.2")
    assert control.status == REVIEW and control.suggestions[0].source == "encryption-at-rest"
    assert ask(kb, "Is customer data encrypted at rest?", qid="CEK-04.1").sources == ("encryption-at-rest",)
    # The mapping says which fact, not which way round: an inverted question still needs its canonical.
    inverted = ask(kb, "Is traffic ever left unencrypted?", qid="network_encryption")
    assert inverted.status == REVIEW and inverted.reason == "polarity"


def test_typed_stance_fields_answer_their_own_questions(kb: KnowledgeBase) -> None:
    hipaa = kb.entry("hipaa")
    assert ask(kb, "Are you HIPAA compliant?").answer == hipaa.answer == "no"
    baa = ask(kb, "Will you sign a Business Associate Agreement (BAA)?")
    assert (baa.status, baa.answer, baa.sources) == (ANSWERED, "no", ("hipaa",))
    forbid = ask(kb, "Do you forbid protected health information in your products?")
    assert (forbid.status, forbid.answer) == (ANSWERED, "yes")
    allowed = ask(kb, "May protected health information be stored in the service?")
    assert (allowed.status, allowed.answer) == (ANSWERED, "no")


def test_certifications_valid_and_expired(kb: KnowledgeBase) -> None:
    iso = ask(kb, "Are you ISO 27001 certified?")
    assert (iso.status, iso.answer, iso.sources) == (ANSWERED, "yes", ("iso27001",))
    soc = ask(kb, "Do you have a SOC 2 Type 2 report?")
    assert soc.status == REVIEW and soc.reason == "expired"
    assert soc.suggestions[0].source == "soc2-type2"


def test_a_question_naming_another_value_is_not_answered(kb: KnowledgeBase) -> None:
    a = ask(kb, "Do you encrypt data in transit with TLS 1.3?")
    assert a.status == REVIEW


@pytest.mark.parametrize("question", [
    "Do you run a bug bounty programme?",
    "Have you appointed a data protection officer?",
    "Is customer data backed up every night?",
    "Har ni ett dataskyddsombud?",
])
def test_questions_the_knowledge_base_does_not_cover_go_to_review(kb: KnowledgeBase, question: str) -> None:
    a = ask(kb, question)
    assert (a.status, a.answer, a.text, a.sources) == (REVIEW, None, None, ())


def test_every_answered_question_names_its_sources_and_keeps_input_order(kb: KnowledgeBase) -> None:
    questions = [Question(str(i), q) for i, q in enumerate([
        "Do you run a bug bounty programme?", "Is customer data encrypted at rest?", "Are you HIPAA compliant?",
        "Krypteras kunddata i vila?", "Do you sell customer data?"])]
    answers = answer_questions(kb, questions)
    assert [a.id for a in answers] == ["0", "1", "2", "3", "4"]
    for a in answers:
        assert (a.status == ANSWERED) == bool(a.sources)
        assert all(kb.entry(s) for s in a.sources)
        assert 0.0 <= a.confidence <= 1.0


@pytest.mark.parametrize("question, language", [
    ("Do you encrypt data at rest?", "en"),
    ("Krypteras data i vila?", "sv"),
    ("Har ni SOC 2?", "sv"),
    ("Is MFA required for administrators?", "en"),
    ("Används brandväggar?", "sv"),
])
def test_language_detection(question: str, language: str) -> None:
    assert detect_language(question) == language
