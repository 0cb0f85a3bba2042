"""The classes of wrong answers buyers' questionnaires exposed, each asked of the shipped knowledge
bases in questions written for these tests: each now gets the right answer or goes to review with
the reason a person needs."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.kb import load_knowledge_base
from generator.model import KnowledgeBase
from generator.questionnaire import ANSWERED, REVIEW, Answer, Question, answer_questions
from generator.questionnaire.reading import DOCUMENT, DURATION, GENERAL, VALUE, VERSION, read, read_all

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def claris() -> KnowledgeBase:
    return load_knowledge_base(ROOT / "examples" / "claris")


@pytest.fixture(scope="module")
def vindel() -> KnowledgeBase:
    return load_knowledge_base(ROOT / "content")


@pytest.fixture(scope="module")
def thefm() -> KnowledgeBase:
    return load_knowledge_base(ROOT / "examples" / "thefm-studio")


def ask(kb: KnowledgeBase, *questions: str | Question, **options: str) -> list[Answer]:
    qs = [q if isinstance(q, Question) else Question(f"q{i}", q) for i, q in enumerate(questions, start=1)]
    return answer_questions(kb, qs, **options)  # type: ignore[arg-type]


def test_a_pci_question_about_the_products_is_answered_from_the_product_side(claris: KnowledgeBase) -> None:
    # The stance: Claris is compliant for its own card payments; the products were never assessed.
    [products, merchant] = ask(claris, "Are the products PCI DSS compliant?",
                               "Are you PCI DSS compliant when you process your customers' card payments?")
    assert (products.status, products.answer, products.sources) == (ANSWERED, "no", ("pci-dss",))
    assert "have not been through a PCI audit" in (products.text or "")
    assert (merchant.status, merchant.answer) == (ANSWERED, "yes")


def test_a_product_questionnaire_asks_about_the_product(claris: KnowledgeBase) -> None:
    [a] = ask(claris, "Are you compliant with PCI DSS?", product="filemaker-cloud")
    assert (a.status, a.answer) == (ANSWERED, "no")


def test_a_count_question_needs_a_count(vindel: KnowledgeBase) -> None:
    [a] = ask(vindel, "How many employees do you have?")
    assert a.status == REVIEW and a.answer is None and a.text is None


def test_guidance_to_customers_does_not_answer_a_question_about_the_organisation(claris: KnowledgeBase) -> None:
    [a] = ask(claris, "Do you lock accounts after failed logins?")
    assert a.status == REVIEW
    guidance = {f.id for f in claris.facts if f.role == "guidance"}
    assert guidance and not set(a.sources) & guidance


def test_privacy_training_is_not_answered_from_security_training(claris: KnowledgeBase) -> None:
    [a] = ask(claris, "Is privacy awareness training required of every employee?")
    assert (a.status, a.reason) == (REVIEW, "privacy training")
    assert "security-awareness-training" in [s.source for s in a.suggestions]


def test_all_employees_is_not_answered_from_key_personnel(thefm: KnowledgeBase) -> None:
    [everyone, key] = ask(thefm, "Is security awareness training required of every employee?",
                          "Do key personnel receive security training?")
    assert (everyone.status, everyone.reason) == (REVIEW, "staff")
    assert (key.status, key.answer, key.sources) == (ANSWERED, "yes", ("security-awareness-training",))


def test_follow_ups_are_read_with_the_question_before_them(vindel: KnowledgeBase) -> None:
    rows = [Question("1.1#1", "Do you have a documented supply chain risk management plan?"),
            Question("1.1#2", "If so, please send us a copy."),
            Question("1.1#3", "Is that process written down?")]
    readings = read_all(rows)
    assert readings[1].kind == DOCUMENT and readings[1].follow_up
    assert readings[2].follow_up and readings[2].previous.startswith("Do you have a documented supply chain")
    _first, copy, documented = ask(vindel, *rows)
    assert copy.status == REVIEW and copy.reason == "document" and copy.suggestions
    assert documented.status == REVIEW  # never answered on "documented" alone


def test_a_compound_question_is_answered_only_when_every_part_is(vindel: KnowledgeBase) -> None:
    r = read(Question("x", "Do you require MFA for all employees, and do you accept SMS codes?"))
    assert r.parts == ("Do you require MFA for all employees?", "Do you accept SMS codes?")
    [a] = ask(vindel, "Do you require MFA for all employees, and do you accept SMS codes?")
    assert a.status == REVIEW and a.answer != "no"
    # MFA is required of all staff and SMS codes are not accepted: yes and no, which a person puts together.
    assert (a.reason, a.missing) == ("parts differ", ())
    assert {s.answer for s in a.suggestions[:2]} == {"yes", "no"}
    # A part the knowledge base does not cover is named in the review item.
    [b] = ask(vindel, "Do you require MFA for all employees, and do you publish a transparency report?")
    assert (b.status, b.reason, b.missing) == (REVIEW, "partly covered", ("Do you publish a transparency report?",))


def test_standard_boilerplate_is_read_as_what_it_asks() -> None:
    r = read(Question("STA-01.1", "Are vendor management rules defined, documented, approved, communicated and "
                                  "enforced?"))
    assert r.core == "Are vendor management rules documented?"
    r = read(Question("STA-01.2", "Are vendor management rules reviewed and updated at least yearly?"))
    assert r.core == "Are vendor management rules reviewed yearly?"
    r = read(Question("x", "Är rutinerna för leverantörsstyrning fastställda, dokumenterade och godkända?"))
    assert r.core == "Är rutinerna för leverantörsstyrning dokumenterad?"


def test_a_row_that_names_no_subject_asks_about_the_row_before() -> None:
    rows = [Question("BCR-01.1", "Are business continuity rules defined, documented, approved and enforced?"),
            Question("BCR-01.2", "Are the rules and procedures reviewed and updated once a year?")]
    second = read_all(rows)[1]
    assert second.follow_up and "business continuity" in second.previous


@pytest.mark.parametrize(("question", "kind", "value_kind"), [
    ("Which minimum TLS version do client connections have to use?", VALUE, VERSION),
    ("How many days is customer content kept after the subscription ends?", VALUE, DURATION),
    ("Hur länge sparas säkerhetsloggar?", VALUE, DURATION),
    ("Vendor Name", GENERAL, None),
    ("If 'Yes,' please attach the latest version of the plan.", DOCUMENT, None),
])
def test_question_kinds(question: str, kind: str, value_kind: str | None) -> None:
    r = read(Question("x", question), Question("p", "Have you provided this before?"))
    assert (r.kind, r.value_kind) == (kind, value_kind)


def test_general_information_comes_from_the_organisation_and_product(claris: KnowledgeBase) -> None:
    name, product = ask(claris, "Vendor Name", "Product Name", product="filemaker-cloud")
    assert (name.status, name.text, name.sources) == (ANSWERED, "Claris International Inc.", ("organization",))
    assert (product.status, product.text, product.sources) == (
        ANSWERED, claris.product("filemaker-cloud").name, ("filemaker-cloud",))
    # Without --product, a questionnaire about "the solution" is about one of three: a person picks it.
    [which] = ask(claris, "Solution Name")
    assert (which.status, which.reason) == (REVIEW, "products")
    assert [(s.source, s.text) for s in which.suggestions] == [(p.id, p.name) for p in claris.products]
    # A person to contact is not in the knowledge base, which names teams and addresses: no candidates.
    person, phone = ask(claris, "Supplier contact name", "Supplier contact telephone")
    for row in (person, phone):
        assert (row.status, row.reason, row.suggestions) == (REVIEW, "general information", ())


def test_the_headquarters_country_asked_as_a_label(vindel: KnowledgeBase) -> None:
    [country] = ask(vindel, "Country of the company's headquarters")
    assert (country.status, country.text, country.sources) == (ANSWERED, "Sweden", ("organization",))


def test_non_production_and_unauthorized_are_not_negations(vindel: KnowledgeBase) -> None:
    from generator.questionnaire.language import analyze

    assert analyze("Is production data used in non-production environments?", "en", frozenset({"environ"})).markers == ()
    assert analyze("Do you prevent unauthorized access?", "en", frozenset({"author", "access"})).markers == ()
    assert analyze("Do you allow unencrypted connections?", "en", frozenset({"encrypt"})).markers != ()


def test_review_items_show_three_candidates_with_the_answer_each_would_give(vindel: KnowledgeBase) -> None:
    [a] = ask(vindel, "Do you keep a formal plan for responding to incidents?")
    if a.status == ANSWERED:  # answering it is right too; then it must cite the plan
        assert "incident-response-plan" in a.sources
    else:
        assert len(a.suggestions) == 3
        assert "incident-response-plan" in [s.source for s in a.suggestions]
        assert all(s.answer in ("yes", "no", None) for s in a.suggestions)


def test_a_practice_question_is_read_for_its_subject() -> None:
    from generator.questionnaire.reading import POLICY, REVIEW_CADENCE
    first, second = read_all([
        Question("p1", "Are vendor onboarding policies and procedures defined, approved, published and maintained?"),
        Question("p2", "Are the policies and procedures revised at least once a year?"),
    ])
    assert (first.asks, first.subject) == (POLICY, "vendor onboarding")
    # The second row names no subject of its own: it asks about the one before it.
    assert (second.asks, second.subject) == (REVIEW_CADENCE, "vendor onboarding")
    narrowed = read(Question("p3", "Are risk policies associated with changing production assets defined, approved, "
                                   "published and maintained?"))
    assert (narrowed.subject, narrowed.qualifier) == ("risk", "associated with changing production assets")


def test_a_documented_practice_is_answered_from_a_sentence_that_names_it(vindel: KnowledgeBase) -> None:
    plan, review, wide = ask(vindel, "Is a business continuity plan defined, approved, published and maintained?",
                             "Are the policies and procedures revised at least once a year?",
                             "Are security policies revised at least once a year?")
    # The fact's sentence "A business continuity plan, based on a business impact analysis, covers
    # ..." names the written plan and the whole subject: that is what the question asks.
    assert (plan.status, plan.answer, plan.sources) == (ANSWERED, "yes", ("business-continuity-plan",))
    # The review row goes to a person, with the fact named for the subject (and the yearly exercise
    # it states) first.
    assert review.status == REVIEW and review.suggestions[0].source == "business-continuity-plan"
    # A subject as wide as the policy set is answered from the fact that states its yearly review.
    assert (wide.status, wide.answer, wide.sources) == (ANSWERED, "yes", ("security-policies",))


def test_a_review_cadence_is_not_taken_from_the_policy_set_as_a_whole(vindel: KnowledgeBase) -> None:
    # security-policies says every policy is reviewed yearly, but no fact is about an application
    # security policy: a person decides, and the review item says what is missing.
    logging, review, app = ask(vindel, "Are logging policies and procedures defined, approved, published and maintained?",
                               "Are the policies and procedures revised at least once a year?",
                               "Are application security policies revised at least once a year?")
    assert logging.status == REVIEW
    assert (review.status, review.reason) == (REVIEW, "cadence")
    assert (app.status, app.reason, app.text) == (REVIEW, "cadence", None)
    assert [s.source for s in app.suggestions] == ["security-policies"]


def test_a_practice_narrowed_beyond_what_a_fact_says_goes_to_review(vindel: KnowledgeBase) -> None:
    [a] = ask(vindel, "Are physical media transport policies and procedures defined, approved, published and "
                      "maintained?")
    assert a.status == REVIEW and a.answer is None


def _minimal_with(tmp_path: Path, topic: str, *facts: dict) -> KnowledgeBase:
    """The minimal knowledge base with one more facts file: `facts` made by _fact."""
    import yaml

    from tests.kbtest import MINIMAL, copy_kb

    kb_dir = copy_kb(MINIMAL, tmp_path / "kb")
    (kb_dir / "facts" / f"{topic}.yaml").write_text(
        yaml.safe_dump({"topic": topic, "facts": list(facts)}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_knowledge_base(kb_dir)


def _fact(fact_id: str, statement: tuple[str, str], question: tuple[str, str], answer: str | None = "yes",
          title: tuple[str, str] | None = None, **more: object) -> dict:
    """A public fact in English and Swedish with one canonical question (`answer` None: a value, no
    plain answer)."""
    fact: dict = {"id": fact_id}
    if title:
        fact["title"] = dict(zip(("en", "sv"), title))
    fact.update({"statement": dict(zip(("en", "sv"), statement)), "visibility": "public",
                 "owner": "Security team", "last_reviewed": "2026-10-01", **more})
    asked: dict = {"text": dict(zip(("en", "sv"), question))}
    if answer is not None:
        fact["answer"] = answer
        asked["answer"] = answer
    fact["questions"] = [asked]
    return fact


_EU_ONLY = ("Is customer data stored only in the EU?", "Lagras kunddata enbart inom EU?")
_PRODUCT_FACTS = (
    _fact("app-eu-hosting", ("Test App stores customer data only in data centres in the European Union.",
                             "Test App lagrar kunddata enbart i datacenter inom Europeiska unionen."),
          _EU_ONLY, title=("Hosting of Test App", "Drift av Test App"), products=["app"]),
    _fact("api-us-hosting", (("Test API stores customer data in data centres in the United States as well as in "
                             "the European Union."),
                             "Test API lagrar kunddata i datacenter både i USA och inom Europeiska unionen."),
          _EU_ONLY, "no", title=("Hosting of Test API", "Drift av Test API"), products=["api"]),
)


def test_products_that_answer_differently_are_answered_per_product(tmp_path: Path) -> None:
    kb = _minimal_with(tmp_path, "data-retention", *_PRODUCT_FACTS)
    [both] = ask(kb, "Is customer data stored only in the EU?")
    assert (both.status, both.reason, both.answer) == (REVIEW, "products", None)
    assert {(s.source, s.answer) for s in both.suggestions} >= {("app-eu-hosting", "yes"), ("api-us-hosting", "no")}
    [app] = ask(kb, "Is customer data stored only in the EU?", product="app")
    [api] = ask(kb, "Is customer data stored only in the EU?", product="api")
    assert (app.status, app.answer, app.sources) == (ANSWERED, "yes", ("app-eu-hosting",))
    assert (api.status, api.answer, api.sources) == (ANSWERED, "no", ("api-us-hosting",))


_CONTACT_PEOPLE = (
    _fact("accessibility-contact-name", ("Maria Lind", "Maria Lind"),
          ("Accessibility contact name", "Tillgänglighetskontakt, namn"), None),
    _fact("accessibility-contact-title", ("Head of Accessibility", "Tillgänglighetsansvarig"),
          ("Accessibility contact title", "Tillgänglighetskontakt, befattning"), None),
)


def test_a_contact_persons_field_comes_from_the_fact_asked_for_that_field(tmp_path: Path) -> None:
    kb = _minimal_with(tmp_path, "accessibility", *_CONTACT_PEOPLE)
    name, title, phone, security = ask(kb, "Supplier accessibility contact name",
                                       "Supplier accessibility contact title", "Accessibility contact telephone",
                                       "Security contact name")
    assert (name.status, name.answer, name.text, name.sources) == (
        ANSWERED, None, "Maria Lind", ("accessibility-contact-name",))
    assert (title.status, title.text, title.sources) == (
        ANSWERED, "Head of Accessibility", ("accessibility-contact-title",))
    for missing in (phone, security):  # no fact for that field, or for that contact
        assert (missing.status, missing.reason) == (REVIEW, "general information")


_NARROW_NO = _fact(
    "accessible-interface",
    ("Accessibility is built into the standard product interface, which meets WCAG 2.1 AA.",
     "Tillgängligheten är inbyggd i produktens vanliga gränssnitt, som uppfyller WCAG 2.1 AA."),
    ("Does the product need a separate accessibility interface?",
     "Behöver produkten ett separat gränssnitt för tillgänglighet?"), "no",
    title=("Accessibility of the interface", "Gränssnittets tillgänglighet"))
_SECURITY_BY_DESIGN = _fact(
    "security-by-design",
    (("Security requirements are part of every stage of the product lifecycle, from design to release. Our "
     "security and privacy officer approves each release."),
     ("Säkerhetskrav ingår i varje steg av produktens livscykel, från design till release. Vår ansvarige för "
     "säkerhet och dataskydd godkänner varje release.")),
    ("Are security principles designed into the product lifecycle?",
     "Är säkerhetsprinciper inbyggda i produktens livscykel?"),
    title=("Security by design", "Inbyggd säkerhet"))
_ACCESSIBILITY_TRACKING = _fact(
    "accessibility-issue-tracking",
    (("Accessibility issues found in internal audits, by customers or in testing are recorded in our issue "
     "tracker under a documented procedure, and the process is implemented in every product team."),
     ("Tillgänglighetsbrister som hittas vid interna granskningar, av kunder eller vid tester registreras i vårt "
     "ärendesystem enligt en dokumenterad rutin, och processen tillämpas i varje produktteam.")),
    ("Do you have a documented and implemented process for tracking accessibility issues?",
     "Har ni en dokumenterad och tillämpad process för att följa upp tillgänglighetsbrister?"),
    title=("Tracking accessibility issues", "Uppföljning av tillgänglighetsbrister"))
_CUSTOMER_ROLES = _fact(
    "customer-roles",
    (("Customer administrators give each of their users a role that decides what the user may see and do; our "
     "own employees cannot change these roles."),
     ("Kundens administratörer ger varje användare en roll som avgör vad användaren får se och göra; våra egna "
     "anställda kan inte ändra rollerna.")),
    ("Is access for customer accounts managed by role?", "Styrs åtkomsten för kundkonton med roller?"),
    title=("Roles for customers' users", "Roller för kundernas användare"))
_AVAILABLE_AFTER_CONTRACT = _fact(
    "data-after-contract",
    ("Customer data stays available in the service for a period of 30 days after the contract ends.",
     "Kunddata finns kvar i tjänsten under en period av 30 dagar efter att avtalet har upphört."),
    ("Is customer data available for a period of time after the contract ends?",
     "Finns kunddata kvar under en tid efter att avtalet har upphört?"),
    title=("Data after the contract", "Data efter avtalets slut"))
_YEARLY_ASSESSMENT = _fact(
    "yearly-assessment",
    (("An independent firm tested our systems in the last year; the operations team keeps the disaster recovery "
     "plan."),
     "Ett oberoende företag testade våra system under det senaste året; driftteamet förvaltar kontinuitetsplanen."),
    ("Have your systems had a third-party security assessment in the last year?",
     "Har era system granskats av en extern part under det senaste året?"),
    title=("Yearly third-party assessment", "Årlig extern granskning"))


@pytest.mark.parametrize(("fact", "elsewhere", "own", "answer"), [
    # Every word of the wider questions is in the fact, but its "no" was said of a separate
    # interface: it says nothing against the product having an accessible interface.
    (_NARROW_NO,
     ["Does the product have an interface?", "Is the product interface accessible?"],
     "Does the product need a separate accessibility interface?", "no"),
    # Privacy is not answered from security, even where the statement names a privacy officer.
    (_SECURITY_BY_DESIGN,
     ["Are privacy principles designed into the product lifecycle?",
      "Är integritetsprinciper inbyggda i produktens livscykel?"],
     "Are security principles built into the product lifecycle?", "yes"),
    # The fact's words include "internal", "audits", "documented" and "implemented", but its canonical
    # question shares only the stock words of practice questions with this one.
    (_ACCESSIBILITY_TRACKING,
     ["Do you have documented and implemented internal audit procedures?"],
     "Do you have a documented process for tracking accessibility issues?", "yes"),
    # The customers' accounts are not the organisation's own staff.
    (_CUSTOMER_ROLES, ["Do employees get access by role?"],
     "Is access for customer accounts managed by role?", "yes"),
    # "Periodically" says how often, not "a period of time".
    (_AVAILABLE_AFTER_CONTRACT, ["Is customer data periodically backed up?"],
     "Is customer data available for a period of time after the contract ends?", "yes"),
    # "In the last year" is no subject: the systems were tested, not the disaster recovery plan.
    (_YEARLY_ASSESSMENT, ["Was the disaster recovery plan tested in the last year?"],
     "Have your systems had a third-party security assessment in the last year?", "yes"),
], ids=["narrower-no", "privacy-not-security", "stock-practice-words", "staff-not-customers", "periodically",
        "recency-no-subject"])
def test_a_fact_does_not_answer_a_question_about_something_else(
        tmp_path: Path, fact: dict, elsewhere: list[str], own: str, answer: str) -> None:
    entry = fact["id"]
    kb = _minimal_with(tmp_path, "product-security", fact)
    *others, mine = ask(kb, *elsewhere, own)
    for other in others:
        assert other.status == REVIEW and other.answer is None
        assert other.suggestions[0].source == entry
    assert (mine.status, mine.answer, mine.sources) == (ANSWERED, answer, (entry,))


def test_products_that_agree_are_answered_once_naming_each(claris: KnowledgeBase) -> None:
    [a] = ask(claris, "Which minimum TLS version do client connections have to use?")
    assert a.status == ANSWERED and set(a.sources) == {"fmc-tls-in-transit", "cc-tls-in-transit"}
    assert "Claris FileMaker Cloud" in (a.text or "") and "Claris Connect" in (a.text or "")
    assert (a.text or "").count("TLS 1.2") == 2
    # FileMaker Cloud's fact matches these words more closely than Claris Connect's: the other
    # product's fact that gives the same answer is cited too.
    [rest] = ask(claris, "Is customer data encrypted at rest?")
    assert (rest.status, rest.answer) == (ANSWERED, "yes")
    assert set(rest.sources) == {"fmc-encryption-at-rest", "cc-encryption-at-rest"}
    assert "Claris FileMaker Cloud" in (rest.text or "") and "Claris Connect" in (rest.text or "")
    [one] = ask(claris, "Is customer data encrypted at rest?", product="claris-connect")
    assert one.sources == ("cc-encryption-at-rest",)


def test_a_certification_question_is_answered_from_the_certifications_held(vindel: KnowledgeBase) -> None:
    examples, any_cert, type1, swedish, hipaa, suppliers, plans = ask(
        vindel,
        "Do you hold a current third-party security certification or attestation? (for example ISO 27001, SOC 2)",
        "Does your organisation hold any security certifications?",
        "Do you have a SOC 2 Type 1 report?",
        "Har ni en ISO 27001-certifiering?",
        "Could you send us an attestation of HIPAA compliance?",
        "Do you require your suppliers to hold an ISO 27001 certificate?",
        "Do you plan to obtain ISO 27017 certification?")
    assert (examples.status, examples.answer) == (ANSWERED, "yes")
    assert set(examples.sources) == {"soc2-type2", "iso27001"}  # the ones it names, not every certificate
    assert (any_cert.status, any_cert.answer) == (ANSWERED, "yes") and "iso27001" in any_cert.sources
    assert (swedish.status, swedish.answer, swedish.language, swedish.sources) == (ANSWERED, "yes", "sv",
                                                                                  ("iso27001",))
    # A Type 2 report does not answer for Type 1; HIPAA is no certificate the knowledge base holds;
    # suppliers' certificates and plans are other questions.
    assert [a.status for a in (type1, hipaa, suppliers, plans)] == [REVIEW] * 4


def test_a_qualifier_that_says_to_skip_its_section_makes_the_rest_not_applicable(vindel: KnowledgeBase) -> None:
    qualifier, follow, answered, other, kval, foljd = ask(
        vindel,
        Question("SMS-01", "Do you accept SMS codes as a second factor for staff? If no, skip the remaining "
                           "questions of this section."),
        Question("SMS-02", "Which SMS gateway provider delivers the codes?"),
        Question("SMS-03", "Do you require multi-factor authentication for staff?"),
        Question("INS-01", "Do you hold cyber insurance?"),
        Question("K-1", "Accepterar ni sms-koder som andra faktor för personalen? Om nej, hoppa över resten av "
                        "avsnittet."),
        Question("K-2", "Vilken sms-leverantör skickar koderna?"))
    assert (qualifier.status, qualifier.answer) == (ANSWERED, "no")
    assert (follow.status, follow.answer, follow.sources) == (ANSWERED, "n/a", ("staff-mfa",))
    assert follow.text == ("Not applicable: SMS-01 was answered no, and the questionnaire says to skip the rest of "
                           "its section.")
    assert (answered.status, answered.answer) == (ANSWERED, "yes")  # what the knowledge base answers stands
    assert other.status == REVIEW  # another section
    assert (kval.answer, foljd.answer) == ("no", "n/a")
    assert foljd.text == ("Ej tillämpligt: K-1 besvarades med nej, och frågeformuläret anger att resten av "
                          "avsnittet ska hoppas över.")


def test_a_question_about_each_item_of_a_list_needs_every_item(vindel: KnowledgeBase) -> None:
    # server-hardening says unused services are removed and default accounts disabled; it says
    # nothing of host firewalls.
    three, two, lines = ask(
        vindel,
        "Do you have hardening standards for servers that cover the following: removing unused services, "
        "disabling default accounts and host-based firewall rules?",
        "Do you have hardening standards for servers that cover the following: removing unused services and "
        "disabling default accounts?",
        "Do you have hardening standards for servers that cover the following?\n- unused services removed\n"
        "- default accounts disabled\n- file permissions tightened")
    assert (three.status, three.reason, three.answer) == (REVIEW, "partly covered", None)
    assert three.missing == ("host-based firewall rules",)
    assert three.suggestions[0].source == "server-hardening" and "default" in (three.covered or "")
    assert (two.status, two.answer, two.sources) == (ANSWERED, "yes", ("server-hardening",))
    assert (lines.status, lines.answer, lines.sources) == (ANSWERED, "yes", ("server-hardening",))


def test_an_entry_mapped_to_a_list_question_still_needs_every_item(vindel: KnowledgeBase) -> None:
    # server-hardening is mapped to this VSAQ id without an answer of its own: the mapping says the
    # fact is about the question, not that it covers host firewalls and backups.
    text = ("Do your build standards cover the following topics? Removing unused services Disabling default "
            "accounts Host firewall rules Backup configuration")
    [listed] = ask(vindel, Question("servers_hardening_requirements", text), questionnaire="vsaq")
    assert (listed.status, listed.reason, listed.answer) == (REVIEW, "partly covered", None)
    assert listed.suggestions[0].source == "server-hardening"
    [documented] = ask(vindel, Question("servers_hardening_requirements_writing", "Are they written down?"),
                       questionnaire="vsaq")
    assert (documented.status, documented.answer, documented.sources) == (ANSWERED, "yes", ("server-hardening",))


def test_the_items_of_a_list_question_are_read_apart_from_its_stem() -> None:
    run_together = read(Question("q", "Do your hardening standards cover the following topics? Removing "
                                      "non-essential services Disabling default accounts Setting up logging"))
    assert run_together.core == "Do your hardening standards cover the following topics?"
    assert run_together.items == ("Removing non-essential services", "Disabling default accounts",
                                  "Setting up logging")
    swedish = read(Question("q", "Har ni följande skydd: brandvägg, intrångsdetektering och antivirus?"))
    assert swedish.items == ("brandvägg", "intrångsdetektering", "antivirus")
    assert swedish.core == "Har ni följande skydd?"
    # "Which of the following do you use" asks for a choice, not a yes to every item.
    assert read(Question("q", "Which of the following do you use:\n- firewalls\n- IDS")).items == ()


def test_questions_for_the_subprocessor_list_are_answered_from_it(vindel: KnowledgeBase, tmp_path: Path) -> None:
    which, mail, hosted, swedish, assess, contracts = ask(
        vindel,
        "Which subprocessors do you use?",
        "Which e-mail provider do you use?",
        "Will customer data be hosted by any third parties?",
        "Vilka underbiträden anlitar ni?",
        "Do you assess your third parties before they get access to data?",
        "Do your contracts with subprocessors cover breach notification?")
    assert (which.status, which.answer) == (ANSWERED, None)
    assert which.sources == ("aws", "cloudflare", "brevo", "zendesk", "sentry", "stripe")
    assert "Amazon Web Services: Cloud hosting of the production environment" in (which.text or "")
    assert (mail.status, mail.sources) == (ANSWERED, ("brevo",))
    assert (hosted.status, hosted.answer, hosted.sources) == (ANSWERED, "yes", ("aws",))
    assert swedish.status == ANSWERED and "Drift av produktionsmiljön" in (swedish.text or "")
    assert "Cloud hosting" not in (swedish.text or "") and "(Sverige, Tyskland)" in (swedish.text or "")
    who, cloud = ask(vindel, "Who hosts the service?", "Vem driftar produktionsmiljön?")
    assert who.sources == ("aws",) and cloud.sources == ("aws",)
    # Questions about what is done with third parties are not answered by the list.
    assert "zendesk" not in assess.sources and "zendesk" not in contracts.sources

    # A subprocessor the audience may not see is never listed.
    from tests.kbtest import MINIMAL, copy_kb

    kb_dir = copy_kb(MINIMAL, tmp_path / "kb")
    (kb_dir / "subprocessors.yaml").write_text(_SUBPROCESSORS, encoding="utf-8")
    kb = load_knowledge_base(kb_dir)
    [public] = ask(kb, "Which subprocessors do you use?")
    assert public.sources == ("hostco",) and "Mailco" not in (public.text or "")
    [nda] = ask(kb, "Which subprocessors do you use?", audience="nda")
    assert nda.sources == ("hostco", "mailco")


_SUBPROCESSORS = """\
subprocessors:
  - id: hostco
    name: Hostco
    purpose: {en: Hosting of the production environment, sv: Drift av produktionsmiljön}
    data: {en: All customer data, sv: Alla kunddata}
    countries: [SE]
    visibility: public
    owner: Platform team
    last_reviewed: 2026-10-01
  - id: mailco
    name: Mailco
    purpose: {en: Sending e-mail, sv: Utskick av e-post}
    data: {en: E-mail addresses, sv: E-postadresser}
    countries: [DE]
    visibility: nda
    owner: Platform team
    last_reviewed: 2026-10-01
"""


def test_which_certifications_lists_every_valid_one(vindel: KnowledgeBase, claris: KnowledgeBase) -> None:
    which, swedish, planned, suppliers = ask(vindel, "Which security certifications do you hold?",
                                             "Vilka certifieringar har ni?",
                                             "What certifications are you planning to obtain?",
                                             "Which certifications do your data centres hold?")
    assert (which.status, which.answer) == (ANSWERED, None)
    assert which.sources == ("soc2-type2", "iso27001", "iso27701", "csa-star")
    assert swedish.status == ANSWERED and swedish.sources == which.sources
    assert planned.status == REVIEW and suppliers.status == REVIEW
    [claris_list] = ask(claris, "List your current compliance certifications and attestations.")
    assert claris_list.status == ANSWERED and "iso27001" in claris_list.sources


def test_general_information_asked_as_questions(vindel: KnowledgeBase) -> None:
    country, swedish_country, name, website, privacy, security = ask(
        vindel,
        "In which country is your company headquartered?",
        "I vilket land har ni ert huvudkontor?",
        "What is the name of your company?",
        "What is your company's website?",
        "What is the e-mail address of your privacy team?",
        "How can we contact your security team?")
    assert (country.status, country.text, country.sources) == (ANSWERED, "Sweden", ("organization",))
    assert swedish_country.text == "Sverige"
    assert name.text == "Vindelfors AB" and website.text == "https://www.vindel.example"
    assert (privacy.text, privacy.sources) == ("privacy@vindel.example", ("privacy",))
    assert (security.text, security.sources) == ("security@vindel.example", ("security",))


def test_a_question_the_author_asked_of_a_providers_fact_is_answered_from_it(vindel: KnowledgeBase) -> None:
    # aws-datacenter-security is about what AWS does, but its author asked "Do you operate your own
    # data centres?" of it, with the answer no.
    [own] = ask(vindel, "Do you operate your own data centres?")
    assert (own.status, own.answer, own.sources) == (ANSWERED, "no", ("aws-datacenter-security",))
    # A question about "your own" controls is still not answered by what the provider does.
    [guards] = ask(vindel, "Do your own offices have security guards around the clock?")
    assert guards.status == REVIEW


def test_a_short_value_question_is_answered_by_the_only_fact_stating_such_a_value() -> None:
    clario = load_knowledge_base(ROOT / "examples" / "clario")
    where, long_one = ask(clario, "In which country is our data stored?",
                          "Describe how you select the data centres, how often you review them and which country "
                          "each of them is in, and list the providers you rejected.")
    assert (where.status, where.sources) == (ANSWERED, ("data-centre-location",))
    assert "United States" in (where.text or "")
    assert long_one.status == REVIEW


def test_a_soc2_audit_question_is_a_certification_question(claris: KnowledgeBase) -> None:
    audit, type1 = ask(claris, "Has an SSAE 18/SOC 2 audit of your service been completed?",
                       "Have you completed a SOC 2 Type 1 examination?")
    assert (audit.status, audit.answer, audit.sources) == (ANSWERED, "yes", ("soc2-type2",))
    assert type1.status == REVIEW  # a Type 2 report does not answer for a Type 1


def test_a_leading_clause_for_whom_is_context_and_its_not_no_negation() -> None:
    r = read(Question("q", "For users who do not sign in through SSO, does the application offer local passwords?"))
    assert r.core == "Does the application offer local passwords?"
    assert "users who do not sign in through SSO" in r.context
    # "If yes, ..." stays a follow-up, not a clause for whom.
    assert read(Question("q", "If yes, is it documented?")).core == "Is it documented?"


def test_both_x_and_y_asks_about_each(vindel: KnowledgeBase) -> None:
    assert read(Question("q", "Is customer data encrypted both in transit and at rest?")).parts == (
        "Is customer data encrypted in transit?", "Is customer data encrypted at rest?")
    assert read(Question("q", "Krypteras data både i vila och under överföring?")).parts == (
        "Krypteras data i vila?", "Krypteras data under överföring?")
    # Two subjects of one predicate are not two questions.
    assert read(Question("q", "Are both the application and the database hosted in the EU?")).parts == ()
    [a] = ask(vindel, "Is customer data encrypted both in transit and at rest?")
    assert (a.status, a.answer) == (ANSWERED, "yes")
    assert {"tls-in-transit", "encryption-at-rest"} <= set(a.sources)


def test_a_certification_question_with_a_recency_needs_a_recent_report(vindel: KnowledgeBase) -> None:
    # The SOC 2 Type 2 period ended 2026-06-30; the suite's clock says 2026-11-18.
    year, swedish, quarter = ask(vindel,
                                 "Has your service been audited against SOC 2 Type II within the last 12 months?",
                                 "Har ni genomgått en SOC 2-revision under det senaste året?",
                                 "Has your service been audited against SOC 2 Type II within the last 3 months?")
    assert (year.status, year.answer, year.sources) == (ANSWERED, "yes", ("soc2-type2",))
    assert (swedish.status, swedish.answer) == (ANSWERED, "yes")
    assert quarter.status == REVIEW


def test_a_request_for_a_report_names_the_certification_first(vindel: KnowledgeBase) -> None:
    soc, iso = ask(vindel, "Please attach your most recent SOC 2 report (or a bridge letter if it is older than "
                           "12 months).", "Please provide a copy of your ISO 27001 certificate.")
    assert (soc.status, soc.reason, soc.suggestions[0].source) == (REVIEW, "document", "soc2-type2")
    assert (iso.status, iso.reason, iso.suggestions[0].source) == (REVIEW, "document", "iso27001")


def test_a_fact_about_a_subject_that_mentions_a_plan_elsewhere_does_not_answer_for_a_policy(tmp_path: Path) -> None:
    kb = _minimal_with(tmp_path, "logging-monitoring", _LOGGING_FACT)
    [a] = ask(kb, "Are logging and monitoring policies defined, approved, published and maintained?")
    # The fact is about logging and names a plan, but not a written logging policy in one sentence.
    assert a.status == REVIEW and a.suggestions[0].source == "central-logging"


_LOGGING_FACT = _fact(
    "central-logging",
    (("Logs of every production system are collected centrally and monitored around the clock. Our incident "
     "response plan starts from the alerts."),
     ("Loggar från alla produktionssystem samlas centralt och övervakas dygnet runt. Vår plan för "
     "incidenthantering utgår från larmen.")),
    ("Do you monitor your logs?", "Övervakar ni era loggar?"),
    title=("Logging and monitoring", "Loggning och övervakning"), owner="Platform team")


def test_information_security_staff_are_not_security_guards(claris: KnowledgeBase) -> None:
    from generator.questionnaire.engine import Engine

    li = Engine(claris).index.language("en")
    staff = li.analyzer.analyze("Is there dedicated information security staff in your company?", buyer=True)
    guards = li.analyzer.analyze("Are there security staff at the entrances?", buyer=True)
    assert "§secteam" in staff.terms and "§guards" not in staff.terms
    assert "§guards" in guards.terms


def test_which_value_a_service_accepts_is_not_a_permission_question(thefm: KnowledgeBase) -> None:
    [a] = ask(thefm, "What is the minimum TLS version your service accepts for connections?")
    assert (a.status, a.sources) == (ANSWERED, ("tls-client-connections",))
    assert "TLS 1.2" in (a.text or "")
    # A yes/no question about what is accepted still keeps its permission reading.
    [plain] = ask(thefm, "Are plaintext (unencrypted) client connections accepted?")
    assert plain.status == REVIEW


def test_a_certification_answer_names_it_and_says_until_when(vindel: KnowledgeBase) -> None:
    which, swedish, expiry = ask(vindel, "Which security certifications do you hold?", "Vilka certifieringar har ni?",
                                 "When does your ISO 27001 certificate expire?")
    text = which.text or ""
    assert "SOC 2 Type 2: audit period 1 July 2025 to 30 June 2026." in text
    assert "ISO/IEC 27001: valid until 9 December 2027." in text
    assert "SOC 2 Type 2: granskningsperiod 1 juli 2025 till 30 juni 2026." in (swedish.text or "")
    assert "ISO/IEC 27001: giltig till 9 december 2027." in (swedish.text or "")
    assert "valid until" not in (swedish.text or "")
    assert (expiry.status, expiry.sources) == (ANSWERED, ("iso27001",))
    assert "9 December 2027" in (expiry.text or "")
