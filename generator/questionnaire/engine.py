"""The matching engine: each question gets an answer from the knowledge base, or goes to review.

Each question is first read with its row (reading.py): general-information rows are answered from
the organisation and product, document requests and compound questions are handled as such, and a
follow-up is asked together with the question before it. Candidates come from hybrid retrieval
(retrieval.py); each is then judged here. Order of evidence, strongest first:

1. A standard id the knowledge base maps (CAIQ v4 "CEK-03.1", HECVAT "HIPA-01", VSAQ
   "network_firewalls"), from the question's id or the start of its text.
2. A close match to one of an entry's canonical questions with the same polarity markers: that
   question's own answer is used, which is how "Do you allow unencrypted connections?" gets "no"
   from a fact whose plain answer is "yes".
3. A plain question (no negation, permission or inversion) whose content the entry covers, taking
   the entry's plain answer, only when that answer is reliable (see index.KnowledgeIndex._reliable).

Everything else goes to review with the best candidates as suggestions: an uncovered question, a
negated or inverted question no canonical question of the same polarity answers, a question about
the organisation's own staff when the only matching fact is done by a provider (and the reverse),
facts that disagree, an expired certification, a question naming a different value ("TLS 1.3",
"SOC 2 Type 1") than the fact holds, guidance to customers, a value question no fact states a value
of the asked kind for. A wrong "yes" is the worst thing this engine can do, so every
doubt resolves to review.
"""

from __future__ import annotations

import datetime as dt
import gc
import re
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from itertools import islice

from ..errors import UsageError
from ..i18n import N_, country_name, long_date, translator, words_locale
from ..model import (
    AUDIENCES,
    Certification,
    Entry,
    Fact,
    KnowledgeBase,
    LocalizedText,
    Product,
    Stance,
    Subprocessor,
)
from ..outputs import Progress
from .index import (
    KEYWORDS,
    QUESTION,
    STATEMENT,
    SYNTHETIC,
    TITLE,
    EntryPassages,
    KnowledgeIndex,
    LanguageIndex,
    is_number,
)
from .language import Analysis
from .model import ANSWERED, REVIEW, Answer, Question, Suggestion
from .namespaces import check_namespace, lookup
from .providers import providers_asked
from .reading import DOCUMENT, GENERAL, LIST, REVIEW_CADENCE, YES_NO, Reading, read, read_all
from .reading import VALUE as VALUE_QUESTION
from .synonyms import concept_term, related_terms
from .values import states_value

THRESHOLD = 0.62  # confidence needed to answer without a person
MAPPED_CONFIDENCE = 0.95
_PURPOSES = "security|privacy|sales|accessibility|compliance"  # the purposes of organization.yaml's contacts
_CONTACT_PURPOSE = re.compile(rf"\b({_PURPOSES})\s+(?:contact|team|officer|department)\b|\b(säkerhets|dataskydds)",
                              re.IGNORECASE)
_SWEDISH_PURPOSE = {"säkerhets": "security", "dataskydds": "privacy"}
# A contact person's field, and the word that says which contact ("accessibility contact title").
_CONTACT_FIELD = re.compile(r"\b(?:(?P<name>name|namn)|(?P<title>title|titel|befattning)|"
                            r"(?P<phone>(?:tele)?phone|telefon))\b", re.IGNORECASE)
_CONTACT_WHICH = re.compile(rf"\b(?:{_PURPOSES}|technical|primary)\b", re.IGNORECASE)
MappingNote = tuple[str | None, LocalizedText | None]  # a mapping's own answer and note
MARGIN = 0.1  # a rival entry this close with another answer makes the question ambiguous
# A value question is answered from the first candidate that states a value of its kind when it
# matches at least this well, is this far ahead of every other such candidate, and the question is
# this short (longer ones ask more than one value). Chosen on the development halves.
SOLE_VALUE, SOLE_VALUE_GAP, SOLE_VALUE_WORDS = 0.3, 0.2, 16
CANDIDATES = 10
MAX_SOURCES = 3
MAX_SUGGESTIONS = 3
SUGGEST_FIRST = 0.6  # candidates judged this close lead the review item's suggestions

# Terms of which a question names one and a fact another: they contradict instead of overlapping.
EXCLUSIVE = tuple(frozenset(concept_term(c) for c in family) for family in (
    ("type1", "type2"),
    ("soc1", "soc2"),
    ("iso27001", "iso27017", "iso27018", "iso27701", "iso22301"),
    ("eu", "unitedstates"),
    ("saml", "oauth"),
    ("processor", "controller"),
))
_LEADING_ID = re.compile(r"^\s*([A-Z]{3,4}-\d{2}(?:\.\d+)?)\b")
_CONTROL = re.compile(r"^([a-z]{3}-\d{2})\.\d+$")  # a CAIQ question id (lower-cased) and its control
_PEOPLE = concept_term("staff")

_PRODUCT_SIDE = re.compile(r"\b(?:products?|services?|platforms?|solutions?|applications?|apps?|software|"
                           r"systems?|produkt\w*|tjänst\w*|plattform\w*|lösning\w*|system\w*)\b", re.IGNORECASE)
_MERCHANT_SIDE = re.compile(r"\b(?:merchant|own\s+payments?|billing|invoic\w*|handlare|egna\s+betalningar|"
                            r"fakturer\w*)\b", re.IGNORECASE)
_ASKS_GUIDANCE = re.compile(r"\b(?:guidance|recommend\w*|advi[cs]\w*|best\s+practices?|hardening\s+guide|"
                            r"rekommend\w*|råd|vägledning)\b", re.IGNORECASE)
_ALL_STAFF = re.compile(r"\b(?:all|every|each)\s+(?:\w+\s+)?(?:employees?|staff|personnel|workforce|members|"
                        r"workers)\b|\balla\s+(?:\w+\s+)?(?:anställda|medarbetare)\b|\ball\s+(?:our\s+)?staff\b",
                        re.IGNORECASE)
_SOME_STAFF = re.compile(r"\b(?:key|selected|certain|some|privileged|relevant|designated|technical)\s+"
                         r"(?:personnel|staff|employees|people)\b|\b(?:engineers|developers|administrators)\b|"
                         r"\bnyckelpersonal\b|\butvalda\s+(?:anställda|medarbetare)\b", re.IGNORECASE)

_PRIVACY_WORDS = re.compile(r"\b(?:privacy|data\s+protection|gdpr|personal\s+data|integritet\w*|dataskydd\w*|"
                            r"personuppgift\w*)", re.IGNORECASE)
_PRIVACY_TRAINING = re.compile(_PRIVACY_WORDS.pattern + r".{0,40}\b(?:training|awareness|education|utbildning\w*)|"
                               r"\b(?:training|utbildning\w*)\b.{0,30}" + _PRIVACY_WORDS.pattern, re.IGNORECASE)

# Reasons a question goes to review (shown in the review report; translated there).
NOT_COVERED = "not covered"
POLARITY = "polarity"
SCOPE = "scope"
STAFF_SCOPE = "staff"  # all employees asked, some of them stated
TRAINING_SCOPE = "privacy training"  # privacy training asked, security training stated
SCOPES = (SCOPE, STAFF_SCOPE, TRAINING_SCOPE)
CONFLICT = "conflict"
EXPIRED = "expired"
VALUE = "value"
LOW = "low confidence"
GENERAL_INFO = "general information"
DOCUMENT_REQUEST = "document"
PARTLY = "partly covered"
PARTS_DIFFER = "parts differ"  # every part of a compound question covered, with different answers
VALUE_KIND = "value kind"
GUIDANCE = "guidance"
CADENCE = "cadence"
PRODUCTS = "products"

# Words that say a practice is written down or reviewed, not what it is about: a practice question's
# subject is what remains ("Are business continuity policies and procedures documented?" is about
# business continuity).
_PRACTICE_WORDS = (
    "policy policies procedure procedures process processes standard standards plan plans program programme "
    "programs programmes guideline guidelines document documents documented documentation formal written "
    "review reviewed reviews revise revised update updated annual annually yearly year periodically regularly "
    "periodic regular defined define interval intervals technical measure measures ensure established "
    "implemented maintained approved communicated applied evaluated associated relevant appropriate "
    "organization organisation organizational organisational have has are is do does your you any all least "
    "management manage managed last past previous recent recently month months twelve "
    "policy policyer rutin rutiner process processer plan planer program dokumenterad dokumenterade "
    "granskas uppdateras årligen regelbundet"
)
# A question whether the organisation holds a certification, attestation or audit report.
_CERT_ASK = re.compile(
    r"\b(?:certif\w*|attest\w*|accredit\w*|audit(?:ed)?\s+reports?|third[- ]party\s+(?:audits?|assessments?)|"
    r"(?:soc\s*-?\s*[123]|ssae\s*-?\s*1[68])(?:\s*/\s*soc\s*-?\s*[123])?\s+(?:type\s*(?:1|2|i|ii)\s+)?"
    r"(?:reports?|audits?|examinations?)|audited\s+(?:against|for|to)|soc\s*-?\s*[123][\s-]*(?:revision|granskning)\w*|"
    r"certifier\w*|certifikat\w*|revisionsrapport\w*|"
    r"intyg\w*)\b", re.IGNORECASE)
# ... about someone else's, or about the future: not answered from the organisation's certifications.
_CERT_NOT_OURS = re.compile(
    r"\b(?:vendors?|suppliers?|sub-?processors?|sub-?contractors?|third[- ]parties|providers?|partners?|"
    r"data\s*cent(?:er|re)s?|hosting|plan(?:s|ned|ning)?|intend\w*|pursu\w*|working\s+towards?|roadmap|"
    r"future|leverantör\w*|underbiträd\w*|planer\w*|avser)\b", re.IGNORECASE)
_CERT_VALID = N_("%(name)s: valid until %(date)s.")
_CERT_PERIOD = N_("%(name)s: audit period %(start)s to %(end)s.")
# "within the last 12 months", "in the past year"
_RECENT = re.compile(r"\b(?:within|in|during)\s+the\s+(?:last|past)\s+(?:(\d{1,2})\s+months?|year|twelve\s+months)\b|"
                     r"\bunder\s+(?:det\s+)?senaste\s+(?:(\d{1,2})\s+månaderna|året)\b", re.IGNORECASE)


def _latest_date(entry: Entry) -> dt.date | None:
    if not isinstance(entry, Certification):
        return None
    return entry.period[1] if entry.period else entry.issued


# The words of a question that asks only whether a certification is held.
_CERT_WORDS = (
    "hold holds have has maintain maintains obtained obtain current currently valid any independent external "
    "undergone undergo underwent completed examination examinations ssae against service solution product "
    "platform within last past months month year type 1 type 2 type i type ii genomgått genomgick senaste året "
    "månaderna "
    "third third-party party information security cybersecurity cyber privacy data certification certifications "
    "certificate certificates certified attestation attestations attested accreditation accredited audit audits "
    "audited report reports assessment assessments compliance compliant standard standards program programme "
    "type level organization organisation company you your provide copy recent most latest "
    "innehar har certifiering certifieringar certifikat certifierade certifierad intyg revisionsrapport rapport "
    "oberoende extern informationssäkerhet säkerhet ni er era")
# "(e.g. ISO 27001, SOC 2, CMMC Level 3-5)": the examples of a question, which name standards.
_EXAMPLES = re.compile(r"\((?:e\.?\s*g\.?|for example|such as|t\.?\s*ex\.?|till exempel)[^)]*\)", re.IGNORECASE)
# The standards of certifications.schema.json as questions name them.
_STANDARDS = tuple((key, re.compile(pattern, re.IGNORECASE)) for key, pattern in (
    ("soc1", r"\bsoc\s*-?\s*1\b"),
    ("soc2", r"\bsoc\s*-?\s*2\b"),
    ("soc3", r"\bsoc\s*-?\s*3\b"),
    ("iso27001", r"\b(?:iso(?:/iec)?\s*-?\s*)?27001\b"),
    ("iso27017", r"\b(?:iso(?:/iec)?\s*-?\s*)?27017\b"),
    ("iso27018", r"\b(?:iso(?:/iec)?\s*-?\s*)?27018\b"),
    ("iso27701", r"\b(?:iso(?:/iec)?\s*-?\s*)?27701\b"),
    ("iso22301", r"\b(?:iso(?:/iec)?\s*-?\s*)?22301\b"),
    ("iso9001", r"\biso\s*-?\s*9001\b"),
    ("pci-dss", r"\bpci(?:[\s-]*dss)?\b"),
    ("csa-star", r"\bcsa\s+star\b|\bstar\s+(?:level|registry|certification|attestation)\b"),
    ("cyber-essentials", r"\bcyber\s+essentials\b"),
    ("hitrust", r"\bhitrust\b"),
    ("fedramp", r"\bfedramp\b"),
    ("tisax", r"\btisax\b"),
    ("c5", r"\b(?:bsi\s+)?c5\b"),
    ("cmmc", r"\bcmmc\b"),
    ("iso-other", r"\biso\s*-?\s*\d{4,5}\b"),
))
# A SOC 2 question that names the report type accepts only that type.
_SOC_TYPE = re.compile(r"\bsoc\s*-?\s*[123]\s+type\s*(1|2|i|ii)\b", re.IGNORECASE)


def _standard_key(entry: Certification) -> set[str]:
    """The keys of _STANDARDS a certification answers ("soc2-type2" -> soc2, "csa-star-level1" -> csa-star)."""
    standard = entry.standard
    for prefix in ("soc1", "soc2", "soc3", "csa-star", "cyber-essentials"):
        if standard.startswith(prefix):
            return {prefix}
    return {standard} if standard != "other" else {key for key, p in _STANDARDS if p.search(entry.name)}


_CONJUNCTS = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&|och|eller)\s+", re.IGNORECASE)
def _states_cadence(statement: str) -> bool:
    return bool(_CADENCE.search(statement) and _REVIEW_WORD.search(statement))


_SENTENCE = re.compile(r"(?<=[.;:!?])\s+")
# A statement that says a practice is written down: a policy, procedure, plan or programme.
_STATES_PRACTICE = re.compile(r"\b(?:polic(?:y|ies)|procedures?|process(?:es)?|plans?|programs?|programmes?|"
                              r"standards?|documented|written|policy\w*|rutin\w*|process\w*|plan(?:en|er)?|"
                              r"program\w*|dokumenterad\w*|skriftlig\w*)\b", re.IGNORECASE)
# A review cadence of a year or shorter, as a statement gives it.
_CADENCE = re.compile(
    r"\b(?:annual(?:ly)?|yearly|every\s+(?:year|quarter|month|six\s+months|\d+\s+months)|once\s+a\s+year|"
    r"(?:at\s+least\s+)?(?:once\s+)?(?:per|a)\s+year|quarterly|monthly|semi-?annual(?:ly)?|"
    r"årlig\w*|varje\s+(?:år|kvartal|månad)|minst\s+en\s+gång\s+(?:per|om)\s+året|kvartalsvis|månatlig\w*)\b",
    re.IGNORECASE)
_REVIEW_WORD = re.compile(r"\b(?:review\w*|revis\w*|updat\w*|test\w*|exercis\w*|reassess\w*|re-?evaluat\w*|"
                          r"gransk\w*|ses\s+över|revider\w*|uppdater\w*|test\w*|övas|övning\w*)\b", re.IGNORECASE)


def _about_privacy(term: str) -> bool:
    return term in ("§privacy", "§privacypolicy", "§dpo", "§gdpr") or term.startswith(("privaci", "integritet", "dataskydd"))


def _about_security(term: str) -> bool:
    return term in ("secur", "cybersecur", "infosec", "§secpolicy", "§secteam") or (
        not term.startswith("§") and "säk" in term)


def _about_staff(term: str) -> bool:
    return term == "§staff"


def _about_customers(term: str) -> bool:
    return term in ("§customer", "institut", "tenant", "client")


# Subjects that are neighbours in every questionnaire, where one does not answer for the other:
# privacy and security; the organisation's own staff and its customers' accounts.
_NEIGHBOURS = ((_about_privacy, _about_security), (_about_staff, _about_customers))


def _subject_sides(asked: frozenset[str]) -> tuple[tuple[int, int], ...]:
    """For each pair of neighbouring subjects that a question is about one of (and not the other):
    the pair and which one it is about."""
    sides = []
    for n, (first, second) in enumerate(_NEIGHBOURS):
        one, two = any(map(first, asked)), any(map(second, asked))
        if one != two:
            sides.append((n, 0 if one else 1))
    return tuple(sides)


def _other_subject(sides: tuple[tuple[int, int], ...], said: frozenset[str]) -> bool:
    """Whether a text is about the neighbour of what the question is about, and not about that."""
    for n, side in sides:
        pair = _NEIGHBOURS[n]
        if any(map(pair[1 - side], said)) and not any(map(pair[side], said)):
            return True
    return False


@dataclass(frozen=True)
class Query:
    """The question's side of every comparison _judge makes, worked out once for all its candidates."""

    analysis: Analysis
    terms: frozenset[str]
    weight: float  # the summed weights of its terms
    distinctive: frozenset[str]  # its terms that are not soft (names, light verbs)
    distinctive_weight: float
    numbers: frozenset[str]  # the numbers it names ("1.3", "90")
    exclusive: tuple[tuple[frozenset[str], frozenset[str]], ...]  # (family, the members it names)
    text: str = ""  # the question's text
    value_kind: str | None = None  # the kind of value a value question needs (reading.DURATION ...)
    sides: tuple[tuple[int, int], ...] = ()  # which of neighbouring subjects it is about (_NEIGHBOURS)
    subject: frozenset[str] = frozenset()  # its terms less the stock words of practice questions

    @classmethod
    def of(cls, li: LanguageIndex, core: Analysis, text: str = "", value_kind: str | None = None,
           stock: frozenset[str] = frozenset()) -> Query:
        terms = frozenset(core.terms)
        distinctive = [t for t in terms if t not in li.soft_terms]
        return cls(core, terms, sum(li.weight(t) for t in terms), frozenset(distinctive),
                   sum(li.weight(t) for t in distinctive), frozenset(t for t in terms if is_number(t)),
                   tuple((family, terms & family) for family in EXCLUSIVE if terms & family), text, value_kind,
                   _subject_sides(terms), terms - stock)


@dataclass
class Candidate:
    entry: int
    confidence: float
    answer: str | None
    blocked: str | None = None  # why this entry may not answer this question
    via: str = ""
    rank: int = 0  # its place in the fused retrieval ranking (1 = first)
    suggested: str | None = None  # the answer a person would give from it, shown in the review list


def answer_questions(kb: KnowledgeBase, questions: list[Question], *, audience: str = "public",
                     product: str | None = None,
                     progress: Progress | None = None,
                     threshold: float | None = None, questionnaire: str | None = None) -> list[Answer]:
    """Answer each question from the entries `audience` may see (optionally one product), in input order.

    `progress(done, total, what)` is called now and then on long questionnaires, with how many were
    answered and how many go to review so far; `threshold` is the
    confidence needed to answer without a person (THRESHOLD unless calibrated otherwise);
    `questionnaire` the mapping namespace the questions' ids belong to (namespaces.py), which a
    question's own `questionnaire` stands in for when it is None."""
    if threshold is not None and not 0 < threshold <= 1:
        raise UsageError(f"threshold must be above 0 and at most 1, not {threshold}")
    if audience not in AUDIENCES:
        raise UsageError(f"unknown audience '{audience}' (use {', '.join(AUDIENCES)})")
    if product is not None and product not in {p.id for p in kb.products}:
        known = ", ".join(p.id for p in kb.products) or "none"
        raise UsageError(f"unknown product '{product}' (products: {known})")
    with _cyclic_gc_paused(), _one_blas_thread():
        return _answer_all(Engine(kb.for_audience(audience, product), full=kb, product=product,
                                  threshold=THRESHOLD if threshold is None else threshold,
                                  questionnaire=check_namespace(questionnaire)), questions, progress)


def _answer_all(engine: Engine, questions: list[Question],
                progress: Progress | None) -> list[Answer]:
    # A function of its own so that the engine and its index are freed (by reference counting) when
    # it returns, before the garbage collector resumes.
    answers = []
    readings = read_all(questions, engine.kb.locales)
    engine.prime(readings)
    for i, (q, reading) in enumerate(zip(questions, readings), start=1):
        answers.append(engine.answer(q, reading))
        if progress is not None and (i % 250 == 0 or i == len(questions)):
            answered = sum(1 for a in answers if a.status == ANSWERED)
            progress(i, len(questions), f"questions: {answered} answered, {i - answered} need review")
    return _skipped_sections(questions, answers)


# "If no, skip the rest of this section", "Om nej, hoppa över resten av avsnittet": a qualifier whose
# answer makes the following questions of its section not applicable.
_SKIP = re.compile(
    r"\bif\s+[\"'‘’“”]?(yes|no)[\"'‘’“”]?\b[^.?!]{0,80}?\b(?:skip|go\s+(?:on\s+)?to|proceed\s+to|move\s+on\s+to|"
    r"continue\s+(?:to|with))\b[^.?!]{0,60}?\b(?:remaining|rest|following|next)\b[^.?!]{0,40}?\b(?:questions?|"
    r"sections?)\b|\bom\s+[\"'”]?(ja|nej)[\"'”]?\b[^.?!]{0,80}?\bhoppa\s+över\b[^.?!]{0,60}?\b(?:resten|"
    r"återstående|följande)\b", re.IGNORECASE)
_SKIP_NOTE = N_("Not applicable: %(id)s was answered %(answer)s, and the questionnaire says to skip the rest of "
                "its section.")


def _section_of(question: Question) -> str:
    """The section a question stands in: its row's section, else the letters its id begins with."""
    section = dict(question.extra).get("section")
    if section:
        return section
    m = re.match(r"[A-Za-z&]+", question.id)
    return m.group(0).upper() if m else ""


def _skipped_sections(questions: list[Question], answers: list[Answer]) -> list[Answer]:
    """Questions after a qualifier whose answer tells the buyer to skip the rest of its section are not
    applicable (those the knowledge base answered keep their answer); the qualifier's facts are their
    sources, and its id their explanation."""
    from .writers import answer_word

    out = list(answers)
    skipping: tuple[str, Answer] | None = None  # (section, the qualifier's answer)
    for i, (q, a) in enumerate(zip(questions, answers)):
        section = _section_of(q)
        if skipping is not None and skipping[0] != section:
            skipping = None
        if skipping is not None:
            if a.status != ANSWERED:
                qualifier = skipping[1]
                locale = words_locale(a.language)
                text = translator(locale).gettext(_SKIP_NOTE) % {
                    "id": qualifier.id, "answer": answer_word(qualifier.answer, locale)}
                out[i] = Answer(a.id, a.question, ANSWERED, "n/a", text, a.language, qualifier.confidence,
                                qualifier.sources, row=a.row)
            continue
        m = _SKIP.search(q.text)
        if m and a.status == ANSWERED and a.answer == {"ja": "yes", "nej": "no"}.get(
                (m.group(1) or m.group(2) or "").lower(), (m.group(1) or "").lower()):
            skipping = (section, a)
    return out


@contextmanager
def _one_blas_thread() -> Iterator[None]:
    """Run numpy's linear algebra on one thread while answering.

    Each question multiplies one or two embeddings by the passage matrix: work of a millisecond, for
    which the BLAS library's thread pool costs more in waking and spinning than it saves, most of all
    when the machine is busy (a 1,000-question run took three times the CPU time)."""
    import numpy  # noqa: F401  (loaded first: the limit reaches only libraries already loaded)
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        yield


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while answering.

    Indexing a knowledge base allocates a hundred thousand small objects that live as long as the
    engine and form no reference cycles. Each time that many survive, the collector walks the whole
    heap (the knowledge base included) and finds nothing: on a 2,000-fact knowledge base that was a
    fifth of the time. Memory is still freed by reference counting, and the index is gone before the
    collector resumes (in the state it was in), so it never walks the index either."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class Engine:
    """Answers questions against one audience's view of a knowledge base."""

    def __init__(self, kb: KnowledgeBase, full: KnowledgeBase | None = None, product: str | None = None,
                 threshold: float = THRESHOLD, questionnaire: str | None = None):
        self.kb = kb
        self.product = product
        self.threshold = threshold
        self.questionnaire = questionnaire
        self.index = KnowledgeIndex(kb, full)
        self._answered: dict[tuple, Answer] = {}
        self._own: dict[int, MappingNote] = {}  # the question being answered: its mappings' answers and notes
        self._word_terms: dict[tuple[str, str], frozenset[str]] = {}

    # --- one question ---------------------------------------------------------------------------

    def prime(self, readings: list[Reading]) -> None:
        """Embed the texts the questions will be looked up by, one batch per language."""
        texts: dict[str, list[str]] = defaultdict(list)
        for r in readings:
            if r.kind in (GENERAL, DOCUMENT):
                continue
            cores = [r.core] + ([f"{r.previous} {r.core}"] if r.previous else [])
            texts[r.language].extend(cores)
            if r.context:
                texts[r.language].extend(f"{r.context} {c}" for c in cores)
        self.index.prepare(texts)
        for lang, found in texts.items():
            retriever = self.index.language(lang).retriever
            if retriever is not None:
                retriever.prime(found)

    def answer(self, question: Question, reading: Reading | None = None) -> Answer:
        reading = reading or read(question, languages=self.kb.locales)
        mapped, related, own = self._mapped(question)
        # Questionnaires ask the same question in several places: the answer depends only on its
        # wording, its context and the entries its id maps (with their own answers), so each is
        # worked out once.
        key = (question.text, reading.context, tuple(mapped), tuple(related), tuple(sorted(own.items())))
        known = self._answered.get(key)
        if known is not None:
            return replace(known, id=question.id, row=question.row)
        self._own = own
        found = self._answered[key] = self._answer(question, reading, mapped, related)
        return found

    def _answer(self, question: Question, reading: Reading, mapped: list[int], related: list[int]) -> Answer:
        if reading.kind == GENERAL:
            return self._general(question, reading)
        if reading.kind == DOCUMENT and not mapped:
            return self._document(question, reading)
        if reading.parts and not mapped:
            return self._compound(question, reading)
        if reading.kind in (YES_NO, LIST) and not reading.follow_up and not mapped:
            held = self._certification(question, reading)
            if held is not None:
                return held
        if reading.kind in (YES_NO, LIST) and not reading.follow_up and not reading.parts and not mapped:
            listed = self._providers(question, reading)
            if listed is not None:
                return listed
        core_text = reading.core
        if reading.previous and reading.kind == YES_NO and not reading.open:
            # "If yes, is that process written down?" asks about the process of the question before.
            core_text = f"{reading.previous} {core_text}"
        found = self._single(question, reading, core_text, mapped, related)
        if (reading.items and found.status == ANSWERED and found.answer == "yes"
                and not any(self._own.get(e, (None, None))[0] is not None for e in mapped)):
            # Also for an entry mapped to the question's id: the mapping says the entry is about the
            # question, not that it covers every item; only a mapping's own answer is a person's word.
            found = self._every_item(reading, found)
        if reading.asks and not mapped and (found.status != ANSWERED or reading.asks == REVIEW_CADENCE):
            found = self._practice(question, reading, found)
            if reading.asks == REVIEW_CADENCE and found.status == REVIEW and found.reason in (LOW, NOT_COVERED):
                found = replace(found, reason=CADENCE)  # what a person has to find: how often it is reviewed
        return found

    def _practice(self, question: Question, reading: Reading, found: Answer) -> Answer:
        """A question whether a documented policy or process exists for a subject, or whether it is
        reviewed at least yearly.

        Standard questionnaires ask this of every domain in the same stock words, so the words
        carry nothing but the subject. The facts whose title names the subject, whose text covers all
        of it and says the practice is written down (for a review question: states a cadence of a
        year or shorter) become the first suggestions of the review item. The general judgement's
        answer to a review question is used only when its facts state a cadence and the subject is
        as wide as the policy set ("Are your security policies reviewed yearly?"): a fact about the
        policy set as a whole does not say that an application security policy is reviewed."""
        li = self.index.language(reading.language)
        core = li.analyzer.analyze(reading.core, buyer=True)
        if core.markers or core.open:
            return self._unanswered(found, reading)
        generic = self._terms(li, _PRACTICE_WORDS)
        # "audit and assurance": each part of the subject is a set of terms; a fact must cover them
        # all, and its title or keywords must name one of them.
        parts = [frozenset(t for t in li.analyzer.analyze(part, buyer=True).terms
                           if t not in generic and not is_number(t))
                 for part in _CONJUNCTS.split(reading.subject) if part.strip()]
        parts = [p for p in parts if p]
        soft = li.soft_weight
        qualifier = frozenset(t for t in li.analyzer.analyze(reading.qualifier, buyer=True).terms
                              if t not in generic and not is_number(t)) if reading.qualifier else frozenset()
        topic_set = frozenset().union(*parts) if parts else frozenset()
        topic_weight = sum(li.weight(t) for t in topic_set)
        if not parts or sum(w for t in topic_set if (w := li.weight(t)) >= soft) < 0.5 * li.typical_idf:
            # A subject as wide as "security policies": the general judgement's answer stands, if
            # its facts state a cadence when the question asks for one.
            return self._unanswered(found, reading, check_sources=True)
        if sum(1 for t in qualifier if li.weight(t) >= soft) > 2:
            return self._unanswered(found, reading)  # narrowed further than a fact's title can say
        context = li.analyzer.analyze(reading.context, buyer=True) if reading.context else None
        candidates = self._candidates(li, li.analyzer.analyze(f"{reading.previous} {reading.core}", buyer=True),
                                      context, [], [], f"{reading.previous} {reading.core}".strip(),
                                      reading.context, question=reading.core)
        chosen: list[tuple[float, float, int, int]] = []
        for c in sorted(candidates.values(), key=lambda c: c.rank):
            entry = self.index.entries[c.entry]
            view = li.entry(c.entry)
            if (c.blocked in (EXPIRED, GUIDANCE, *SCOPES) or not isinstance(entry, Fact) or entry.answer != "yes"
                    or entry.role not in (None, "control") or (core.own and entry.party is not None)):
                continue
            if not all(li.covers(part, view.terms) for part in parts) or not li.covers(qualifier, view.terms):
                continue
            # The fact must be about the subject (its title or keywords name it), not mention it in
            # passing, as a fact about the whole policy set mentions "applications".
            named = frozenset(t for p in view.passages if p.kind in (TITLE, KEYWORDS) for t in p.term_set)
            if not any(li.covers(part, named) for part in parts):
                continue
            statement = self.index.statement(li, c.entry)
            if reading.asks == REVIEW_CADENCE:
                if not _states_cadence(statement):
                    continue
            elif not _STATES_PRACTICE.search(statement):
                continue  # a practice described is not a documented policy or process
            covered = li.overlap(topic_set, view.terms)[0] / topic_weight
            # A fact whose title names the subject is about it; one that mentions it in passing is not.
            titled = li.overlap(topic_set, frozenset(t for p in view.passages if p.kind == TITLE
                                                     for t in p.term_set))[0] / topic_weight
            chosen.append((covered, titled, c.rank, c.entry))
        base = self._unanswered(found, reading)
        if not chosen or base.status == ANSWERED:
            return base
        # Facts named for the subject that say it is written down (or reviewed yearly) are what a
        # person needs first; they do not answer alone: measured on questionnaires held out from
        # development, answering from them wrote as many wrong answers as right ones, because "a
        # documented policy for X" asks more than a fact about X says.
        chosen.sort(key=lambda x: (-round(x[0], 3), -x[1], x[2]))
        if reading.asks != REVIEW_CADENCE:
            # One sentence of a fact that names a written practice and the whole subject ("Our
            # documented business continuity plan ...") says what the question asks; a fact about the
            # subject that mentions a plan elsewhere does not (see above).
            for _covered, _titled, _rank, e in chosen:
                statement = self.index.statement(li, e)
                for sentence in _SENTENCE.split(statement):
                    if not _STATES_PRACTICE.search(sentence):
                        continue
                    said = li.analyzer.analyze(sentence).terms
                    if all(li.covers(part, frozenset(said)) for part in parts):
                        return Answer(question.id, question.text, ANSWERED, "yes", statement, reading.language,
                                      0.8, (self.index.entries[e].id,), row=question.row)
        first = [Suggestion(self.index.entries[e].id, self.index.statement(li, e), "yes",
                            round(0.6 + 0.3 * covered, 3)) for covered, _titled, _rank, e in chosen]
        named_ids = {s.source for s in first}
        suggestions = (first + [s for s in base.suggestions if s.source not in named_ids])[:MAX_SUGGESTIONS]
        return replace(base, suggestions=tuple(suggestions))

    def _every_item(self, reading: Reading, found: Answer) -> Answer:
        """A "yes" to a question about each item of a list ("Do your hardening standards cover the
        following? Removing non-essential services; Disabling default accounts; Setting up logging")
        stands only when the facts it cites speak of every item; otherwise a person answers, with the
        facts as the first suggestion."""
        li = self.index.language(reading.language)
        at = self.index.positions
        said = frozenset().union(*(li.entry(at[s]).terms for s in found.sources))
        missing = tuple(item for item in reading.items
                        if not li.covers(li.analyzer.analyze(item, buyer=True).terms, said))
        if not missing:
            return found
        return replace(found, status=REVIEW, answer=None, text=None, sources=(), reason=PARTLY,
                       suggestions=self._cited(li, found), covered=found.text, missing=missing)

    def _providers(self, question: Question, reading: Reading) -> Answer | None:
        """"Which subprocessors do you use?", "Which cloud providers host the service?", "Will customer
        data be hosted by third parties?": answered from subprocessors.yaml, naming each subprocessor
        with what it does (yes to the yes/no form). None when the question asks something else."""
        subs = providers_asked(self.kb, reading.core, self.product)
        if subs is None:
            return None
        locale = self.index.locale_for(reading.language)

        def line(sub: Subprocessor) -> str:
            purpose = self.index.render_text(sub.purpose, locale)
            where = ", ".join(country_name(c, locale) for c in sub.countries)
            return f"{sub.name}: {purpose}" + (f" ({where})" if where else "")

        text = "; ".join(line(s) for s in subs) + "."
        answer = None if reading.open or reading.kind == LIST else "yes"
        return Answer(question.id, question.text, ANSWERED, answer, text, reading.language, 0.9,
                      tuple(s.id for s in subs), row=question.row)

    def _certification(self, question: Question, reading: Reading) -> Answer | None:
        """"Do you hold a third-party certification or attestation? (e.g. ISO 27001, SOC 2 Type 2)":
        yes, from the valid certifications of the knowledge base that the question names (any one of
        its examples), or from any valid one when it names none. None when the question is not such a
        question, or names only standards the knowledge base does not hold (the general judgement
        then decides; a missing certification is not a "no" the knowledge base states)."""
        text = reading.core
        if not _CERT_ASK.search(text) or _CERT_NOT_OURS.search(text):
            return None
        li = self.index.language(reading.language)
        analysis = li.analyzer.analyze(_EXAMPLES.sub(" ", text), buyer=True)
        if analysis.markers:
            return None
        named = {key for key, pattern in _STANDARDS if pattern.search(text)}
        # Besides the standards it names, the question may say nothing but that it asks for a
        # certification: "a HIPAA attestation" or "service agreements that include audit reports" ask
        # about something else.
        generic = self._terms(li, _CERT_WORDS)
        rest = [t for t in analysis.terms if t not in generic and not is_number(t)
                and not any(p.search(t.lstrip("§")) for _key, p in _STANDARDS)]
        if rest:
            return None
        held = [e for e, entry in enumerate(self.index.entries)
                if isinstance(entry, Certification) and entry.held and self.index.cert_valid(entry)]
        if named:
            held = [e for e in held if _standard_key(self.index.entries[e]) & named]
        soc_type = _SOC_TYPE.search(text)
        if soc_type:  # "SOC 2 Type 1" is not answered by a Type 2 report, nor the reverse
            wanted = "type1" if soc_type.group(1).lower() in ("1", "i") else "type2"
            held = [e for e in held if not (entry := self.index.entries[e]).standard.startswith("soc")
                    or entry.standard.endswith(wanted)]
        recent = _RECENT.search(text)
        if recent:
            # "... within the last 12 months": the report's period (or the certificate's issue date)
            # must have ended that recently.
            months = int(recent.group(1) or recent.group(2) or 12)
            since = self.index.today - dt.timedelta(days=round(months * 30.44))
            held = [e for e in held if (latest := _latest_date(self.index.entries[e])) is not None and latest >= since]
        if not held:
            return None
        # "Which certifications do you hold?" asks for all of them; "Do you hold one?" for a few.
        listed = reading.open or reading.kind == LIST
        sources = held if listed else held[:MAX_SOURCES]
        statement = " ".join(f"{self._cert_line(li, e)} {self.index.statement(li, e)}" for e in sources)
        return Answer(question.id, question.text, ANSWERED, None if listed else "yes", statement,
                      reading.language, 0.9, tuple(self.index.entries[e].id for e in sources), row=question.row)

    def _cert_line(self, li: LanguageIndex, e: int) -> str:
        """A certification as a buyer asks after it: its name and what it is valid for ("ISO/IEC
        27001: valid until 9 December 2027."; an attestation report by its audit period), in the
        answer's language, from the certification's own fields."""
        cert = self.index.entries[e]
        assert isinstance(cert, Certification)
        locale = self.index.locale_for(li.lang)
        tr = translator(words_locale(locale))
        if cert.period is not None:
            return tr.gettext(_CERT_PERIOD) % {"name": cert.name, "start": long_date(cert.period[0], locale),
                                               "end": long_date(cert.period[1], locale)}
        if cert.expires is not None:
            return tr.gettext(_CERT_VALID) % {"name": cert.name, "date": long_date(cert.expires, locale)}
        return f"{cert.name}."  # no dates in the knowledge base: its name alone

    def _unanswered(self, found: Answer, reading: Reading, check_sources: bool = False) -> Answer:
        """The general judgement's answer, except that a review question it answered goes to review
        (with `check_sources`, only when none of the facts it cites states a cadence)."""
        if found.status == ANSWERED and reading.asks == REVIEW_CADENCE:
            li = self.index.language(reading.language)
            at = self.index.positions
            if check_sources and any(_states_cadence(self.index.statement(li, at[s])) for s in found.sources):
                return found
            return replace(found, status=REVIEW, answer=None, text=None, reason=CADENCE, sources=(),
                           suggestions=self._cited(li, found))
        return found

    def _cited(self, li: LanguageIndex, found: Answer) -> tuple[Suggestion, ...]:
        """An answer's sources as the suggestions of the review item it becomes."""
        return tuple(Suggestion(s, self.index.statement(li, self.index.positions[s]), found.answer, found.confidence)
                     for s in found.sources)

    def _terms(self, li: LanguageIndex, words: str) -> frozenset[str]:
        """The terms a list of words makes in a language (_PRACTICE_WORDS, _CERT_WORDS), worked out once."""
        found = self._word_terms.get((li.lang, words))
        if found is None:
            found = self._word_terms[(li.lang, words)] = frozenset(li.analyzer.analyze(words).terms)
        return found

    def _general(self, question: Question, reading: Reading) -> Answer:
        """A general-information row, answered from organization.yaml and product data."""
        kb, lang = self.kb, reading.language
        locale = self.index.locale_for(lang)
        org = kb.organization
        products = [p for p in kb.products if self.product in (None, p.id)]
        value: str | None = None
        source = "organization"
        if reading.general == "org.name":
            value = org.legal_name or org.name
        elif reading.general == "org.website":
            value = org.website
        elif reading.general == "org.country" and org.country:
            value = country_name(org.country, locale)
        elif reading.general in ("product.name", "product.description") and products:
            def field(p: Product) -> str:
                return p.name if reading.general == "product.name" else self.index.render_text(p.description, locale)

            if len(products) == 1:
                source, value = products[0].id, field(products[0])
            else:
                # Several products: the questionnaire is about one of them, which a person (or
                # --product) names; each product is a suggestion.
                return Answer(question.id, question.text, REVIEW, None, None, lang, 0.0, reason=PRODUCTS,
                              row=question.row, suggestions=tuple(Suggestion(p.id, field(p), None, 1.0)
                                                                  for p in products))
        elif reading.general == "contact.person":
            # organization.yaml names teams and addresses, not people; a knowledge base made from an
            # answered questionnaire holds the person in a fact whose own question asks for the same
            # field of the same contact ("accessibility contact title", never for its name).
            found = self._contact_fact(question.text, lang)
            if found is not None:
                value, source = self.index.statement(self.index.language(lang), found), self.index.entries[found].id
        elif reading.general == "contact.email":
            # A question that names the contact's purpose ("Accessibility Contact Email") gets that
            # contact; an accessibility contact is never stood in for by another.
            named = _CONTACT_PURPOSE.search(question.text)
            purpose = (named.group(1) or _SWEDISH_PURPOSE[named.group(2).lower()]).lower() if named else None
            contact = next((c for c in kb.contacts if c.email and c.purpose == purpose), None)
            if contact is None and purpose not in ("accessibility", "privacy"):
                contact = next((c for c in kb.contacts if c.email and c.purpose in (
                    "security", "compliance", "sales", "privacy", "general")), None)
            if contact is not None:
                value, source = contact.email, contact.id
        if not value:
            return Answer(question.id, question.text, REVIEW, None, None, lang, 0.0, reason=GENERAL_INFO,
                          row=question.row)
        return Answer(question.id, question.text, ANSWERED, None, value, lang, 1.0, (source,), row=question.row)

    def _contact_fact(self, text: str, lang: str) -> int | None:
        """The fact whose canonical question asks for the same field (name, title, telephone) of the
        same contact (its purpose, if the row names one) as the row `text`."""
        field = _CONTACT_FIELD.search(text)
        if field is None:
            return None
        kind = next(k for k, v in field.groupdict().items() if v)

        def which(asked: str) -> str | None:
            named = _CONTACT_WHICH.search(asked)
            return named.group(0).lower() if named else None

        for e, passage_kind, _analysis, _answer, asked in self.index.language(lang).passage_texts:
            theirs = _CONTACT_FIELD.search(asked) if passage_kind == QUESTION and "contact" in asked.lower() else None
            if (theirs is not None and theirs.group(kind) and isinstance(self.index.entries[e], Fact)
                    and which(asked) == which(text)):
                return e
        return None

    def _document(self, question: Question, reading: Reading) -> Answer:
        """A request for a document: a person attaches it; the review item names what the knowledge base has."""
        li = self.index.language(reading.language)
        core = li.analyzer.analyze(f"{reading.context} {reading.core}", buyer=True)
        candidates = self._candidates(li, core, None, [], [], f"{reading.context} {reading.core}", "")
        ranked = sorted(candidates.values(), key=lambda c: (-c.confidence, c.entry))
        # "Please attach your most recent SOC 2 report": the certification of the standard it names
        # is the document a person attaches, whatever else matches its words.
        named = {key for key, pattern in _STANDARDS if pattern.search(reading.core)}
        if named:
            held = [e for e, entry in enumerate(self.index.entries) if isinstance(entry, Certification)
                    and entry.held and _standard_key(entry) & named]
            for e in held:
                if e not in candidates:
                    asked = Query.of(li, core, reading.core, stock=self._terms(li, _PRACTICE_WORDS))
                    candidates[e] = self._judge(li, e, asked, False)
            ranked = [candidates[e] for e in held] + [c for c in ranked if c.entry not in held]
        suggestions = tuple(islice((self._suggestion(li, c) for c in ranked), MAX_SUGGESTIONS))
        return Answer(question.id, question.text, REVIEW, None, None, reading.language,
                      ranked[0].confidence if ranked else 0.0, suggestions=suggestions, reason=DOCUMENT_REQUEST,
                      row=question.row)

    def _compound(self, question: Question, reading: Reading) -> Answer:
        """A question that asks two things: answered only when every part is, with one answer."""
        parts = [self._single(question, replace(reading, core=part, parts=()), part, [], [])
                 for part in reading.parts]
        answered = [a for a in parts if a.status == ANSWERED]
        values = {a.answer for a in answered}
        if len(answered) == len(parts) and len(values) == 1:
            sources = tuple(dict.fromkeys(s for a in parts for s in a.sources))[:MAX_SOURCES]
            text = " ".join(dict.fromkeys(a.text or "" for a in parts))
            return Answer(question.id, question.text, ANSWERED, answered[0].answer, text, reading.language,
                          min(a.confidence for a in parts), sources, row=question.row)
        covered = " ".join(dict.fromkeys(a.text or "" for a in answered))
        suggestions = tuple(s for a in parts for s in a.suggestions)[:MAX_SUGGESTIONS]
        if answered:
            suggestions = tuple(Suggestion(a.sources[0], a.text or "", a.answer, a.confidence)
                                for a in answered) + suggestions
        return Answer(question.id, question.text, REVIEW, None, None, reading.language,
                      min(a.confidence for a in parts), suggestions=suggestions[:MAX_SUGGESTIONS],
                      reason=(PARTS_DIFFER if len(answered) == len(parts) else PARTLY) if answered else NOT_COVERED,
                      row=question.row,
                      covered=covered or None,
                      missing=tuple(part for part, a in zip(reading.parts, parts) if a.status != ANSWERED)
                      if answered else ())

    def _single(self, question: Question, reading: Reading, core_text: str, mapped: list[int],
                related: list[int]) -> Answer:
        lang = reading.language
        li = self.index.language(lang)
        context_text = reading.context
        core = li.analyzer.analyze(core_text, buyer=True)
        context = li.analyzer.analyze(context_text, buyer=True) if context_text else None
        value_kind = reading.value_kind if reading.kind == VALUE_QUESTION else None

        def result(status: str, answer: str | None, sources: list[int], confidence: float,
                   suggestions: list[Candidate], reason: str | None = None) -> Answer:
            text = " ".join(self._explanation(li, s) for s in sources) if status == ANSWERED else None
            return Answer(
                id=question.id, question=question.text, status=status, answer=answer, text=text,
                language=lang, confidence=round(confidence, 3),
                sources=tuple(self.index.entries[s].id for s in sources),
                suggestions=self._suggestions(li, suggestions, candidates) if status == REVIEW else (),
                reason=reason, row=question.row,
                drafts=tuple(self.index.entries[s].id for s in sources if self.index.entries[s].draft))

        candidates = self._candidates(li, core, context, mapped, related, core_text, context_text,
                                      question=reading.core, value_kind=value_kind)

        if mapped:
            # A mapping with its own answer is a person's decision for this very question: it stands,
            # whatever the wording's polarity.
            verdicts = [Candidate(e, MAPPED_CONFIDENCE, self._own[e][0], None, "mapping answer")
                        if self._own.get(e, (None, None))[0] is not None else candidates[e] for e in mapped]
            usable = [c for c in verdicts if not c.blocked]
            if usable and len(usable) == len(verdicts):
                answers = {c.answer for c in usable}
                if len(answers) == 1:
                    return result(ANSWERED, usable[0].answer, [c.entry for c in usable][:MAX_SOURCES],
                                  MAPPED_CONFIDENCE, [])
                return result(REVIEW, None, [], MAPPED_CONFIDENCE / 2, usable, CONFLICT)
            blocked = [c for c in verdicts if c.blocked]
            return result(REVIEW, None, [], 0.5, verdicts, blocked[0].blocked if blocked else LOW)

        ranked = sorted(candidates.values(), key=lambda c: (-c.confidence, c.entry))
        if not ranked:
            return result(REVIEW, None, [], 0.0, [], NOT_COVERED)
        usable = [c for c in ranked if not c.blocked]
        best = usable[0] if usable else None
        if (value_kind and best is not None and best.confidence < self.threshold and best.rank == 1
                and best.confidence >= SOLE_VALUE and len(core_text.split()) <= SOLE_VALUE_WORDS
                and all(c.confidence < best.confidence - SOLE_VALUE_GAP for c in usable[1:])):
            # A short value question ("In which country is our data stored?") whose first candidate is
            # the only one that states a value of the asked kind, by a clear margin: the typed value
            # is the evidence that the canonical questions' wording could not give.
            best = replace(best, confidence=self.threshold)
            usable = [best, *usable[1:]]
        if best is None or best.confidence < self.threshold:
            top = ranked[0]
            reason = top.blocked if top.blocked and top.confidence >= self.threshold else (
                NOT_COVERED if top.confidence < 0.3 else LOW)
            return result(REVIEW, None, [], top.confidence, ranked, reason)
        # A blocked entry that matches better than the best usable one is a warning sign: the
        # question is probably about what that entry covers, so do not answer it from another one.
        stronger_blocked = [c for c in ranked if c.blocked in (*SCOPES, VALUE, EXPIRED)
                            and c.confidence > best.confidence + 0.05]
        if stronger_blocked:
            return result(REVIEW, None, [], best.confidence, ranked, stronger_blocked[0].blocked)
        rivals = [c for c in usable[1:] if c.confidence >= best.confidence - MARGIN and c.answer != best.answer
                  and (best.answer is not None or c.answer is not None)]
        if rivals:
            # Facts of different products that answer differently: the question has one answer per
            # product, which a person gives (or --product picks the product).
            mine = set(getattr(self.index.entries[best.entry], "products", ()) or ())
            theirs = [set(getattr(self.index.entries[c.entry], "products", ()) or ()) for c in rivals]
            per_product = bool(mine) and all(t and not (t & mine) for t in theirs)
            return result(REVIEW, None, [], best.confidence, usable, PRODUCTS if per_product else CONFLICT)
        sources = [best.entry] + [c.entry for c in usable[1:]
                                  if c.answer == best.answer and c.confidence >= max(self.threshold,
                                                                                      best.confidence - 0.03)]
        if self.product is None:
            # A question that names no product, answered from one product's fact: the facts of the
            # other products that give the same answer are cited too, so the answer speaks for every
            # product that has one ("Is customer data encrypted at rest?" - yes, in FileMaker Cloud
            # and in Claris Connect), however much closer one product's wording was.
            cited = {p for e in sources for p in getattr(self.index.entries[e], "products", ()) or ()}
            for c in usable[1:]:
                theirs = set(getattr(self.index.entries[c.entry], "products", ()) or ())
                if (cited and theirs and not theirs & cited and c.answer == best.answer
                        and c.confidence >= self.threshold and c.entry not in sources):
                    sources.append(c.entry)
                    cited |= theirs
        return result(ANSWERED, best.answer, sources[:MAX_SOURCES], best.confidence, [])

    # --- evidence -------------------------------------------------------------------------------

    def _mapped(self, question: Question) -> tuple[list[int], list[int], dict[int, MappingNote]]:
        """Entries mapped to the question's own id, entries mapped only to its control, and the
        answers and notes that mappings of the question carry, by entry.

        The id is looked up only in its questionnaire's namespace (namespaces.lookup): a HECVAT Lite
        id is never answered from a HECVAT Full mapping of the same id. A CAIQ question id such as
        IAM-14.1 belongs to control IAM-14. An entry mapped to the control is about the question's
        subject but does not say it answers this question, so it only joins the candidates."""
        questionnaire = self.questionnaire or question.questionnaire
        ids = [question.id.strip()]
        m = _LEADING_ID.match(question.text)
        if m:
            ids.append(m.group(1))
        found: list[int] = []
        related: list[int] = []
        own: dict[int, MappingNote] = {}
        for qid in ids:
            for namespace in lookup(questionnaire, qid):
                for e in self.index.by_mapped_id.get((namespace, qid.lower()), ()):
                    if e not in found:
                        found.append(e)
                        mapping = self.index.entries[e].mapping_answer(namespace, qid)
                        if mapping is not None:
                            own[e] = (mapping.answer, mapping.note)
                control = _CONTROL.match(qid.lower())
                if control:
                    for e in self.index.by_mapped_id.get((namespace, control.group(1)), ()):
                        if e not in related:
                            related.append(e)
        return found, [e for e in related if e not in found], own

    def _explanation(self, li: LanguageIndex, e: int) -> str:
        """Entry e's statement, followed by the note of the mapping that answered, if it has one (in
        the answer's language, else the default locale's)."""
        statement = self.index.statement(li, e)
        if isinstance(self.index.entries[e], Certification) and self.index.entries[e].held:
            statement = f"{self._cert_line(li, e)} {statement}"
        note = self._own.get(e, (None, None))[1]
        if note is None:
            return statement
        locale = li.locale if li.locale in note.locales() else self.kb.default_locale
        return f"{statement} {self.index._render(note, locale, self.index.entries[e])}"

    def _candidates(self, li: LanguageIndex, core: Analysis, context: Analysis | None,
                    mapped: list[int], related: list[int] | None = None, core_text: str = "",
                    context_text: str = "", question: str = "", value_kind: str | None = None
                    ) -> dict[int, Candidate]:
        """The entries retrieval finds for the question (and its context), each judged."""
        retriever = li.retriever
        assert retriever is not None
        terms = dict.fromkeys(core.terms, 1.0)
        for t in core.terms:
            for r in related_terms(t):
                terms.setdefault(r, 0.3)
        terms = li.expand(terms)
        with_context = list(terms) + (list(context.terms) if context is not None else [])
        texts = [core_text] + ([f"{context_text} {core_text}"] if context_text else [])
        sims = retriever.semantic(texts)
        rankings = [retriever.by_entry(retriever.lexical(list(terms))), retriever.by_entry(sims[0])]
        weights = [1.0, 1.0]
        if context is not None or context_text:
            rankings.append(retriever.by_entry(retriever.lexical(with_context)))
            weights.append(0.5)
            if len(texts) > 1:
                rankings.append(retriever.by_entry(sims[1]))
                weights.append(0.5)
        found = [e for e, _ in retriever.fuse(rankings, CANDIDATES, weights)]
        for e in [*mapped, *(related or [])]:
            if e not in found:
                found.append(e)
        q = Query.of(li, core, question or core_text, value_kind, self._terms(li, _PRACTICE_WORDS))
        return {e: self._judge(li, e, q, e in mapped, rank) for rank, e in enumerate(found, start=1)}

    def _judge(self, li: LanguageIndex, e: int, q: Query, mapped: bool, rank: int = 1) -> Candidate:
        """How well entry e answers the question, with which answer, and whether it may."""
        entry = self.index.entries[e]
        core, q_terms, q_weight = q.analysis, q.terms, q.weight
        view = li.entry(e)
        passages = view.passages

        best_same: tuple[float, str | None] = (0.0, None)
        matched: frozenset[str] = frozenset()
        best_any = 0.0
        best_passage = 0.0  # the best share of the question's weight one statement or question covers
        # The question's words that name its subject, not the stock words of practice questions
        # ("documented", "implemented", "process"): a canonical question sharing only those is not near.
        subject_hit = not q.subject  # a question of stock words only ("Are they reviewed yearly?")
        for p in passages:
            if p.kind not in (QUESTION, SYNTHETIC):
                continue
            subject_hit = subject_hit or not q.subject.isdisjoint(p.term_set)
            q_over, c_over = li.overlap(q_terms, p.term_set) if q_weight else (0.0, 0.0)
            if p.kind == QUESTION and q_weight:
                best_passage = max(best_passage, q_over / q_weight)
            # weighted Dice similarity of the question's terms and the canonical question's
            sim = min(1.0, (q_over + c_over) / (q_weight + p.weight)) if q_weight and p.weight else 0.0
            best_any = max(best_any, sim)
            if p.analysis.markers != core.markers:
                continue
            if not core.open and p.analysis.open:
                # "Which TLS version do you require?" presupposes that one is required: a yes/no
                # question that is nearly the same words takes its "yes", a little discounted.
                if p.answer != "yes" or sim < 0.75:
                    continue
                sim *= 0.9
            if _other_subject(q.sides, p.term_set):
                continue  # "Are privacy principles designed in?" is not "Are security principles ...?"
            answer = None if core.open else p.answer
            if sim > best_same[0]:
                best_same, matched = (sim, answer), p.term_set

        covered = view.terms
        coverage = (li.overlap(q_terms, covered)[0] / q_weight) if q_weight else 0.0
        for p in passages:
            if p.kind == STATEMENT and q_weight:
                best_passage = max(best_passage, li.overlap(q_terms, p.term_set)[0] / q_weight)

        # Words of the question that the entry never mentions ("physical entry logs" against a fact
        # about security logs) mean it asks about something else, however close the rest is.
        d_weight = q.distinctive_weight
        d_covered = li.overlap(q.distinctive, covered)[0] / d_weight if d_weight else 1.0
        confidence, answer, via = best_same[0] * d_covered, best_same[1], "question"
        # One rare word of the question that the entry never mentions ("privacy" awareness training
        # against a fact about security awareness training) is enough to make it another subject.
        # (Not where compounds are matched by their parts: there a word's parts may be covered.)
        missing_rare = not li.compounds and any(t not in covered and li.weight(t) >= li.typical_idf * 1.2
                           and not any(li.part_of(t, c) for c in covered) for t in q.distinctive)
        # A plain question may take the entry's plain answer from its content, but only when one of
        # the author's canonical questions is at least near it: a statement's words alone cannot tell
        # who does what ("The data centres are owned and run by AWS" covers every word of "Do you run
        # your own data centres?").
        anchored = (best_any >= (0.2 if core.open else 0.25) and subject_hit) or not any(
            p.kind == QUESTION for p in passages)
        # An open question is answered from content only when the entry speaks of what it asks
        # for: "What software do you use for scans?" is not answered by "We scan weekly".
        focused = core.focus is None or core.focus in covered or any(li.part_of(core.focus, t) for t in covered)
        # Only a fact's "yes" carries over to a question its words cover: the question is then as
        # wide as the fact or wider, and what the fact says is done answers it ("Do you scan for
        # vulnerabilities?" - yes, weekly). Its "no" was said of its own question, and a wider question
        # may still be a yes ("Does the product rely on a special accessibility interface?" - no, says
        # nothing of "Does the product have an interface?"): a "no" needs one of its canonical questions.
        # What the fact is about is what its title, keywords and canonical questions say; its statement
        # may name privacy in passing ("our security and privacy officer approves each release").
        about = frozenset(t for p in passages if p.kind in (TITLE, KEYWORDS, QUESTION, SYNTHETIC)
                          for t in p.term_set) if q.sides else frozenset()
        carries = (core.open or entry.answer != "no") and not _other_subject(q.sides, about)
        if not core.markers and view.reliable and anchored and (focused or not core.open) and carries:
            # Two common words ("access", "data") covered by a statement say little: scale by how
            # much the matched words weigh against a typical pair of distinctive terms.
            specific = min(1.0, coverage * q_weight / (1.5 * li.typical_idf))
            plain = 0.9 * min(coverage, best_passage + 0.2) * specific
            if plain > confidence:
                confidence, answer, via = plain, (None if core.open else entry.answer), "content"
                matched = frozenset()
        if mapped:
            if best_same[0] >= 0.45:
                answer, via = best_same[1], "mapped question"
            elif not core.markers:
                answer, via = (None if core.open else entry.answer), "mapped"
            else:
                return Candidate(e, max(confidence, best_any), None, POLARITY, "mapped")
            confidence = max(confidence, MAPPED_CONFIDENCE)

        if (isinstance(entry, Stance) and entry.product_audited is not None and not core.open
                and (_PRODUCT_SIDE.search(q.text) or self.product is not None) and not _MERCHANT_SIDE.search(q.text)):
            # "Are the products PCI DSS compliant?" asks about the products, which the stance's
            # product_audited field answers; the stance itself may be the company's own payments.
            # A questionnaire answered for one product (--product) asks about that product throughout.
            answer, via = ("yes" if entry.product_audited else "no"), "stance, product side"
        blocked = None
        relevance = max(best_any, 0.9 * coverage)
        statement = self.index.statement(li, e)
        if not self.index.cert_valid(entry):
            blocked = EXPIRED
        elif missing_rare and not mapped and (best_same[0] < 0.9 if via == "question"
                                              else confidence >= self.threshold):
            confidence = min(confidence, self.threshold - 0.01)
        elif isinstance(entry, Fact) and entry.role == "guidance" and not _ASKS_GUIDANCE.search(q.text):
            blocked = GUIDANCE  # advice to customers is not a control the organisation operates
        elif q.value_kind and not states_value(entry, statement, q.value_kind):
            blocked = VALUE_KIND
        elif _PRIVACY_TRAINING.search(q.text) and not _PRIVACY_WORDS.search(statement):
            blocked = TRAINING_SCOPE  # privacy training is not answered by security training
        elif _ALL_STAFF.search(q.text) and _SOME_STAFF.search(statement) and not _ALL_STAFF.search(statement):
            blocked = STAFF_SCOPE  # "all employees" is not answered by what key personnel do
        elif not mapped and self._conflicting_values(q, view):
            blocked = VALUE
        elif not mapped and self._out_of_scope(li, entry.party, q_terms, matched):
            blocked = SCOPE
        elif (not mapped and core.own and (entry.party is not None or (via == "content" and li.names_provider.get(e)))
              and not (via == "question" and best_same[0] >= 0.9)):
            # "your own ..." is not answered by what a provider does, unless the author asked that very
            # question of the entry ("Do you run your own data centres?" - no, AWS does).
            blocked = SCOPE
        elif core.markers and confidence < self.threshold and relevance >= self.threshold:
            # Clearly about this entry, but negated or inverted and no canonical question of the
            # same polarity says which way round: a person decides.
            blocked, confidence = POLARITY, relevance
        elif not core.open and answer is None and confidence >= self.threshold:
            blocked = POLARITY
        suggested = answer if answer is not None or core.open or core.markers else (
            entry.answer if view.reliable else None)
        return Candidate(e, round(min(confidence, 1.0), 3), answer, blocked, via, rank, suggested)

    @staticmethod
    def _conflicting_values(q: Query, view: EntryPassages) -> bool:
        covered = view.terms
        for family, asked in q.exclusive:
            if not asked <= covered and (covered & family) - asked:
                return True
        return bool(q.numbers) and bool(q.numbers - view.numbers) and bool(view.numbers)

    @staticmethod
    def _out_of_scope(li: LanguageIndex, party: str | None, q_terms: frozenset[str],
                      matched: frozenset[str]) -> bool:
        """Whether the question is about someone else than the one who does what the entry says.

        A provider's fact (party set) answers a question that names providers or data centres, or
        one that closely matches a canonical question its author wrote without naming them ("Is the
        hosting infrastructure redundant?"); never a question about the organisation's own staff.
        The organisation's own fact never answers a question about a provider's staff.
        """
        provider_context = bool(q_terms & li.provider_terms)
        people = _PEOPLE in q_terms
        if party is not None:
            if provider_context:
                return False
            if people:
                return True
            return not matched or bool(matched & li.provider_terms)
        return people and provider_context

    def _suggestion(self, li: LanguageIndex, c: Candidate) -> Suggestion:
        entry = self.index.entries[c.entry]
        return Suggestion(entry.id, self.index.statement(li, c.entry), c.suggested, round(c.confidence, 3))

    def _suggestions(self, li: LanguageIndex, judged: list[Candidate], candidates: dict[int, Candidate]
                     ) -> tuple[Suggestion, ...]:
        """The three candidates a person reviewing should see: those the judgement found nearly good
        enough to answer first, then the next ones of the retrieval ranking. Below that the judgement's
        order is worse than retrieval's: measured on questions held by the knowledge base that went to
        review, the first suggestion was the right fact for 51% in the judgement's order and 57% in
        this one (development halves; 49% and 51% held out)."""
        chosen = [c for c in judged if c.confidence >= SUGGEST_FIRST][:MAX_SUGGESTIONS]
        for c in sorted(candidates.values(), key=lambda c: (c.rank or 1_000, c.entry)):
            if len(chosen) >= MAX_SUGGESTIONS:
                break
            if c.rank and all(c.entry != d.entry for d in chosen):
                chosen.append(c)
        return tuple(self._suggestion(li, c) for c in chosen)
