"""Reading a question as a person reads it, before anything is looked up.

A questionnaire row is more than its question text: the section it stands under, the control id and
title a CAIQ row carries, and, for a follow-up ("If yes, is that process written down?"), the
question before it. This module turns a row into a Reading:

- the text that asks, with standard-questionnaire boilerplate rewritten to what it asks (a run of
  life-cycle participles such as "defined, documented, approved and enforced" asks whether a
  documented policy exists; "reviewed and updated at least yearly" asks for a yearly review);
- the row context, used to find the topic but never to decide the answer;
- its kind: yes-no, value (how many, how long, which version, where), list, open, general
  information (vendor name, product name, contact e-mail, website), or a request for a document;
- for a value question, the kind of value that can answer it (a duration, a count, a version, a
  frequency, a place);
- its parts, when it asks two things at once ("Do you require MFA for all employees, and do you
  accept SMS codes?"): each part must be covered before the question is answered.

Written by hand: these are the conventions of security questionnaires in English and Swedish, which
no library models; each rule is a pattern a reviewer can read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .language import core_and_context, detect_language, is_open_question, words
from .languages import header_words
from .languages import wordset as _wordset
from .model import Question

YES_NO, VALUE, LIST, OPEN, GENERAL, DOCUMENT = "yes-no", "value", "list", "open", "general", "document"
# The kinds of value a value question needs.
DURATION, COUNT, VERSION, FREQUENCY, PLACE, DATE = "duration", "count", "version", "frequency", "place", "date"

# Columns of a questionnaire row that give a question its context (lower-cased header names).
_CONTEXT_COLUMNS = header_words("context")  # of every language pack

# --- boilerplate -----------------------------------------------------------------------------------

# What a practice question asks of its subject (Reading.asks).
POLICY, REVIEW_CADENCE = "policy", "review"

# Three or more life-cycle participles in a row ("defined, documented, approved and enforced") say
# one thing: the policy or process exists in writing.
_STAGES = (r"(?:established|defined|developed|documented|approved|communicated|applied|implemented|enforced|"
           r"evaluated|maintained|published|reviewed|updated)")
_LIFECYCLE = re.compile(rf"\b{_STAGES}(?:,?\s+(?:and\s+)?{_STAGES}){{2,}}\b", re.IGNORECASE)
_ANNUAL_REVIEW = re.compile(r"\b(?:reviewed|revised|updated)(?:\s+and\s+(?:reviewed|revised|updated))?\s+"
                            r"(?:at\s+least\s+)?(annually|yearly|once\s+a\s+year|every\s+year)\b", re.IGNORECASE)
_SV_STAGES = (r"(?:fastställd|fastställda|etablerad|etablerade|dokumenterad|dokumenterade|godkänd|godkända|"
              r"kommunicerad|kommunicerade|införd|införda|tillämpad|tillämpade|utvärderad|utvärderade|"
              r"underhållen|underhållna|beslutad|beslutade)")
_SV_LIFECYCLE = re.compile(rf"\b{_SV_STAGES}(?:,?\s+(?:och\s+)?{_SV_STAGES}){{2,}}\b", re.IGNORECASE)


_PERIODIC_REVIEW = re.compile(
    r"\b(?:reviewed|revised|updated|re-?evaluated)\b.{0,40}\b(?:annually|yearly|once\s+a\s+year|every\s+year|"
    r"periodically|regularly|at\s+(?:defined|planned|regular)\s+intervals)\b|"
    r"\b(?:granskas|revideras|uppdateras|ses\s+över)\b.{0,40}\b(?:årligen|varje\s+år|minst\s+en\s+gång\s+(?:per|om)\s+året|"
    r"regelbundet|periodiskt)\b", re.IGNORECASE)
_DOCUMENTED_PRACTICE = re.compile(
    r"\b(?:documented|formal|written|dokumenterad\w*|nedskriv\w*)\b", re.IGNORECASE)
_PRACTICE_NOUN = re.compile(
    r"\b(?:polic(?:y|ies)|procedures?|process(?:es)?|standards?|plans?|programs?|programmes?|"
    r"policy\w*|rutin\w*|process\w*|plan(?:er|en)?|program\w*)\b", re.IGNORECASE)


def rewrite_boilerplate(text: str) -> str:
    """Standard questionnaires' stock phrases as the plain words of what they ask."""
    text = _LIFECYCLE.sub("documented", text)
    text = _ANNUAL_REVIEW.sub(r"reviewed \1", text)
    text = _SV_LIFECYCLE.sub("dokumenterad", text)
    return text


# --- follow-ups and document requests ----------------------------------------------------------------

_FOLLOW_UP = re.compile(
    r"^\s*(?:if\s+(?:so|yes|no|not|applicable)\b|if\s+[\"'‘’“”]?(?:yes|no)\b,?[\"'‘’“”]?|in\s+that\s+case\b|"
    r"om\s+(?:ja|nej|så\s+är\s+fallet)\b|i\s+så\s+fall\b)[\s,:;.-]*", re.IGNORECASE)
# A leading clause that says for whom or when the question asks, before its verb.
_CONDITION = re.compile(
    r"^\s*((?:for|when|where|för|när)\s+(?!yes\b|no\b)[^,?]{3,80}),\s+(?=(?:do|does|is|are|can|will|has|have|"
    r"har|kan|är|finns|stöder|används|sker|gör)\b)", re.IGNORECASE)
_ANAPHORA = re.compile(r"\b(?:that|this|these|those|such)\s+(?:process|processes|procedure|procedures|policy|"
                       r"policies|plan|plans|document|documents|program|programme|practice|control|controls|"
                       r"requirement|requirements|information|evidence|testing|review|reviews|activity|"
                       r"activities|tool|tools|system|systems)\b"
                       # "third parties that process customer data": there the word is a verb
                       r"(?!\s+(?:customer|personal|your|our|their|the|a|an|data|information|payment|card|"
                       r"sensitive|it|them)\b)|"
                       r"\b(?:den|denna|detta|dessa|processen|rutinen|policyn|planen|dokumentet)\b",
                       re.IGNORECASE)
_DOCUMENT_REQUEST = re.compile(
    r"(?:^|\bplease\s+|\bkindly\s+)(?:provide|attach|upload|submit|share|send)\b.{0,40}?\b(?:a\s+)?"
    r"(?:copy|copies|document|documentation|evidence|report|reports|certificate|certificates|policy|policies|"
    r"plan|link|attestation|summary|results|artifacts?|revision)\b|"
    r"(?:^|\bvänligen\s+)(?:bifoga|skicka|lämna|ladda\s+upp)\b.{0,40}?\b(?:kopia|dokument|rapport|intyg|"
    r"certifikat|policy|plan|bevis)", re.IGNORECASE)

# --- general information ------------------------------------------------------------------------

# "Vendor Security Contact": whose contact, which contact, in a label row
_CONTACT = (r"(?:(?:solution\s+provider|vendor|supplier|company)\s+)?(?:(?:security|privacy|primary|sales|technical|"
            r"accessibility|compliance)\s+)?contact")
# (pattern on the whole question, the organisation or product field it asks for)
_GENERAL = (
    (re.compile(r"^\s*(?:(?:solution\s+)?provider|vendor|supplier|company|organi[sz]ation|leverantör(?:ens)?|"
                r"företag(?:ets)?)\s*(?:'s\s*)?(?:legal\s+)?(?:name|namn)\s*[:?]?\s*$", re.IGNORECASE), "org.name"),
    (re.compile(r"^\s*(?:product|solution|service|application|system|produkt(?:ens)?|tjänst(?:ens)?)\s*"
                r"(?:name|namn)\s*[:?]?\s*$", re.IGNORECASE), "product.name"),
    (re.compile(r"^\s*(?:product|solution|service)\s+description\s*[:?]?\s*$|^\s*produktbeskrivning", re.IGNORECASE),
     "product.description"),
    (re.compile(r"^\s*(?:vendor|company|corporate|organi[sz]ation)?\s*(?:web\s*site|url|homepage|webbplats)"
                r"\s*[:?]?\s*$", re.IGNORECASE), "org.website"),
    (re.compile(rf"^\s*{_CONTACT}\s+(?:e-?mail|email address)\s*[:?]?\s*$|^\s*kontakt(?:person)?\s*e-?post",
                re.IGNORECASE), "contact.email"),
    # A person to contact (name, title, telephone): the knowledge base names teams and addresses only.
    (re.compile(rf"^\s*{_CONTACT}(?:\s+person)?(?:'s)?\s+(?:(?:full\s+)?name|title|(?:tele)?phone(?:\s+number)?)"
                r"\s*[:?]?\s*$|^\s*kontaktperson(?:ens)?\s*(?:namn|titel|befattning|telefon(?:nummer)?)?\s*[:?]?\s*$",
                re.IGNORECASE), "contact.person"),
    (re.compile(r"^\s*(?:date|datum)\s*[:?]?\s*$", re.IGNORECASE), "date"),
    # The same asked as questions.
    (re.compile(r"^\s*what\s+is\s+(?:the\s+)?(?:(?:full\s+)?(?:legal\s+)?name\s+of\s+your\s+(?:company|organi[sz]ation|"
                r"business)|your\s+(?:company|organi[sz]ation|business)(?:'s)?\s+(?:full\s+)?(?:legal\s+|registered\s+)?"
                r"name)\s*\??\s*$|^\s*vad\s+heter\s+(?:ert|ditt)\s+företag\s*\??\s*$|^\s*vilket\s+är\s+(?:ert|"
                r"företagets)\s+(?:juridiska\s+)?namn\s*\??\s*$", re.IGNORECASE), "org.name"),
    (re.compile(r"^\s*what\s+is\s+(?:the\s+(?:url|address)\s+of\s+)?your\s+(?:company(?:'s)?\s+|corporate\s+|"
                r"organi[sz]ation(?:'s)?\s+)?(?:web\s*site|homepage)(?:\s+(?:address|url))?\s*\??\s*$|"
                r"^\s*vilken\s+är\s+(?:er|företagets)\s+webbplats\s*\??\s*$", re.IGNORECASE), "org.website"),
    (re.compile(r"^\s*(?:in\s+which\s+country\s+is\s+your\s+(?:company|organi[sz]ation|business)\s+"
                r"(?:headquartered|based|registered|incorporated)|where\s+is\s+your\s+(?:company|organi[sz]ation|"
                r"business)\s+(?:headquartered|based|registered|incorporated)|(?:country\s+of\s+(?:(?:the\s+)?(?:company|"
                r"corporate|organi[sz]ation|vendor)(?:'s)?\s+)?(?:incorporation|registration|headquarters)|"
                r"(?:company\s+)?headquarters\s+country))\s*[:?]?\s*$|^\s*i\s+vilket\s+land\s+har\s+"
                r"(?:ni|företaget)\s+(?:ert|sitt)\s+(?:huvudkontor|säte)\s*\??\s*$", re.IGNORECASE), "org.country"),
    (re.compile(r"^\s*(?:what\s+is\s+the\s+e-?mail\s+address\s+of\s+your\s+(?:security|privacy|compliance)\s+"
                r"(?:team|contact|officer|department)|how\s+can\s+(?:we|customers)\s+(?:contact|reach)\s+your\s+"
                r"(?:security|privacy)\s+team(?:\s+by\s+e-?mail)?)\s*\??\s*$|^\s*vilken\s+e-?postadress\s+har\s+er\s+"
                r"(?:säkerhets|dataskydds)\w*\s*\??\s*$", re.IGNORECASE), "contact.email"),
)

# --- value questions ----------------------------------------------------------------------------

_VALUE_KINDS = (
    (re.compile(r"\bhow\s+long\b|\bhow\s+many\s+(?:days|weeks|months|years|hours|minutes)\b|\bretention\s+"
                r"period\b|\bhur\s+länge\b|\bhur\s+många\s+(?:dagar|veckor|månader|år|timmar|minuter)\b|"
                r"\blagringstid", re.IGNORECASE), DURATION),
    (re.compile(r"\bhow\s+often\b|\bhow\s+frequently\b|\bat\s+what\s+(?:frequency|interval)\b|\bwhat\s+is\s+the\s+"
                r"frequency\b|\bhur\s+ofta\b|\bmed\s+vilket\s+intervall\b", re.IGNORECASE), FREQUENCY),
    (re.compile(r"\bwhich\s+(?:\w+\s+){0,2}versions?\b|\bwhat\s+(?:\w+\s+){0,2}versions?\b|\bminimum\s+(?:tls|ssl)\b|"
                r"\bvilken\s+(?:\S+\s+){0,2}version\b|\blägsta\s+(?:tls|ssl)", re.IGNORECASE), VERSION),
    (re.compile(r"\bhow\s+many\b|\bwhat\s+(?:is\s+the\s+)?(?:number|percentage|share)\s+of\b|\bhur\s+många\b|"
                r"\bhur\s+stor\s+andel\b|\bantal\b", re.IGNORECASE), COUNT),
    (re.compile(r"^\s*(?:where|in\s+which\s+(?:countr|region|location|jurisdiction)|which\s+(?:countr|region|"
                r"location|jurisdiction|data\s+cent)|var\b|i\s+vilk(?:a|et|en)\s+(?:land|länder|region))", re.IGNORECASE),
     PLACE),
    (re.compile(r"^\s*when\b|\bwhat\s+date\b|^\s*när\b|\bvilket\s+datum\b", re.IGNORECASE), DATE),
)
_LIST = re.compile(r"^\s*(?:which|what|list|name|vilka|lista|ange)\b.{0,30}\b(?:providers?|vendors?|"
                   r"subprocessors?|sub-processors?|third\s+parties|regions?|countries|locations|tools|"
                   r"services|leverantörer|underbiträden|regioner|länder|verktyg)\b", re.IGNORECASE)

# --- compound questions -------------------------------------------------------------------------

# ", and do you ...", "; are ...", "och tillåter ni ...": a second question joined to the first.
_SECOND_QUESTION = re.compile(
    r"(?:,|;)?\s+(?:and|or|but|och|eller|men)\s+(?=(?:do|does|is|are|can|will|have|has|must|should|"
    r"gör|är|kan|har|tillåter|accepterar|använder|sker|finns|får|ska)\s+(?:you|your|the|it|they|ni|er|era|"
    r"det|de|den|\w+)\b)", re.IGNORECASE)


@dataclass(frozen=True)
class Reading:
    """A question as read: see the module docstring."""

    text: str  # the row's question text as given
    language: str
    core: str  # the sentence(s) that ask, boilerplate rewritten
    context: str  # preamble, section, control title, and the previous question of a follow-up
    kind: str
    value_kind: str | None = None
    general: str | None = None  # the organisation or product field a general-information row asks for
    follow_up: bool = False
    parts: tuple[str, ...] = ()  # the separate questions of a compound question (empty when one)
    previous: str = ""  # the asking sentence of the question before a follow-up
    open: bool = False  # asks "which", "how", "describe" rather than yes or no
    # A practice question asks whether a documented policy or process exists for its subject
    # (POLICY), or whether it is reviewed on a cadence (REVIEW_CADENCE); None for other questions.
    asks: str | None = None
    subject: str = ""  # what a practice question is about ("business continuity", "strong password")
    qualifier: str = ""  # what narrows the subject ("associated with changing organizational assets")
    # The items a yes/no question asks about all at once ("Do your hardening standards cover the
    # following topics? Removing non-essential services; Disabling default accounts; ...").
    items: tuple[str, ...] = ()


def row_context(question: Question) -> str:
    """The section and control columns of a question's row, joined."""
    found = []
    for name, value in question.extra:
        if name.strip().lower() in _CONTEXT_COLUMNS and value and value not in found and value != question.id:
            found.append(value)
    return " ".join(found)


def read(question: Question, previous: Question | None = None, languages: Sequence[str] | None = None) -> Reading:
    """The reading of one question; `previous` is the question a follow-up would refer to (read_all passes
    the last question before it that is not itself a follow-up); `languages` those the question may be
    in (the knowledge base's; default: every language pack's)."""
    text = question.text.strip()
    lang = detect_language(text, languages)
    for pattern, field in _GENERAL:
        if pattern.match(text):
            return Reading(text, lang, text, "", GENERAL, general=field)
    core, preamble = core_and_context(text)
    follow_up = False
    context = [preamble, row_context(question)]
    condition = _CONDITION.match(core)
    if condition:
        # "For users who do not sign in through SSO, does the application offer ...?": the clause says for whom,
        # and its "not" does not turn the question round.
        context.insert(0, condition.group(1))
        core = core[condition.end():]
        core = core[0].upper() + core[1:]
    stripped = _FOLLOW_UP.sub("", core, count=1)
    if stripped != core or (_ANAPHORA.search(core) and len(core.split()) <= 12):
        follow_up = previous is not None
        if stripped != core and stripped:
            core = stripped[0].upper() + stripped[1:]
        if previous is not None:
            context.insert(0, previous.text.strip())
    core = rewrite_boilerplate(core)
    kind = YES_NO
    value_kind = None
    if _DOCUMENT_REQUEST.search(core):
        kind = DOCUMENT
    else:
        for pattern, vk in _VALUE_KINDS:
            if pattern.search(core):
                kind, value_kind = VALUE, vk
                break
        if kind == YES_NO and _LIST.search(core):
            kind = LIST
    if previous is not None and not follow_up and _generic(core):
        # A row that asks only whether "the policies and procedures" are reviewed names no subject
        # of its own (CAIQ's x.2 rows): it asks about the subject of the question before it.
        follow_up = True
        context.insert(0, previous.text.strip())
    previous_core = ""
    if follow_up and previous is not None:
        previous_core = rewrite_boilerplate(core_and_context(_FOLLOW_UP.sub("", previous.text.strip(), count=1))[0])
    is_open = is_open_question(words(core), lang)
    asks = _practice(core) if kind == YES_NO and not is_open else None
    subject, qualifier = "", ""
    if asks:
        subject, qualifier = practice_subject(core)
        if not subject and follow_up:
            subject, qualifier = practice_subject(previous_core)
    items = enumerated_items(text) if kind == YES_NO and not is_open else ()
    if items:
        # The question asks its stem of each item: the stem is what is looked up ("removing unused
        # services" in an item must not read as a negation of "Do you have hardening standards").
        m = _FOLLOWING.search(core)
        cut = re.search(r"[:?]", core[m.end():]) if m else None
        if m and cut:
            core = core[:m.end() + cut.start()].rstrip() + "?"
    return Reading(text, lang, core, " ".join(c for c in context if c), kind, value_kind, None, follow_up,
                   () if follow_up or items else split_parts(core), previous_core, is_open,
                   asks if subject else None, subject, qualifier, items)


# "the following (topics|controls)": a question that asks about every item of a list after it.
_FOLLOWING = re.compile(r"\b(?:(?:all\s+of\s+)?the\s+following|följande|nedanstående|the\s+items\s+below)\b",
                        re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[-•*·▪◦–]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s*", re.IGNORECASE)
# Items run together where a questionnaire's line breaks were lost: a capital that starts a word after
# a word in lower case ("... non-essential services Disabling all default accounts ...").
_RUN_TOGETHER = re.compile(r"(?<=[a-zåäö0-9)])\s+(?=[A-ZÅÄÖ][a-zåäö])")
_LAST_AND = re.compile(r",?\s+(?:and|or|och|eller)\s+(?=[^,]+$)", re.IGNORECASE)


def enumerated_items(text: str) -> tuple[str, ...]:
    """The items of a yes/no question about "the following" list, as written after its colon or
    question mark: one a line, or separated by semicolons or commas, or run together where the line
    breaks were lost. Empty when the question lists no items."""
    m = _FOLLOWING.search(text)
    if not m:
        return ()
    after = re.search(r"[:?]", text[m.end():])
    if not after:
        return ()
    tail = text[m.end() + after.end():].strip()
    if not tail:
        return ()
    if "\n" in tail:
        pieces = tail.splitlines()
    elif ";" in tail:
        pieces = tail.split(";")
    elif "," in tail:
        pieces = _LAST_AND.sub(", ", tail).split(",")
    else:
        pieces = _RUN_TOGETHER.split(tail)
        if len(pieces) < 2:
            pieces = _LAST_AND.sub(", ", tail).split(",")
    items = tuple(item for p in pieces if (item := _BULLET.sub("", p).strip(" .;,?")))
    if len(items) < 2 or any(len(item.split()) > 20 for item in items):
        return ()
    return items


def _practice(core: str) -> str | None:
    """Whether a yes/no question asks for a documented policy or process, or for its periodic review."""
    if _PERIODIC_REVIEW.search(core):
        return REVIEW_CADENCE
    if _DOCUMENTED_PRACTICE.search(core) and _PRACTICE_NOUN.search(core):
        return POLICY
    return None


_NOUNS = (r"(?:polic(?:y|ies)|procedures?|process(?:es)?|standards?|plans?|programs?|programmes?|guidelines?|"
          r"documentation)")
_NOUN_GROUP = rf"{_NOUNS}(?:\s*,?\s*(?:and|or|&)?\s*(?:associated\s+)?{_NOUNS})*"
# "Are X policies and procedures ...", "Is a X plan documented ...", "Do you have a documented X policy?"
_SUBJECT_BEFORE = re.compile(
    rf"^\s*(?:(?:are|is|has|have)\s+(?:the\s+|an?\s+|your\s+)?|(?:do|does)\s+(?:you|your\s+\w+)\s+"
    rf"(?:have|maintain)\s+(?:an?\s+|the\s+)?(?:documented\s+|formal\s+|written\s+)*)(?P<s>.+?)\s+{_NOUN_GROUP}\b"
    rf"(?P<q>.*?)(?:\b(?:been\s+)?(?:documented|reviewed|tested|in\s+place)\b|\?|$)", re.IGNORECASE)
# "Are policies and procedures for X documented ...", "... documented for X?"
_SUBJECT_AFTER = re.compile(
    rf"^\s*(?:(?:are|is|has|have)\s+(?:the\s+|all\s+)?|(?:do|does)\s+(?:you|your\s+\w+)\s+(?:have|maintain)\s+"
    rf"(?:documented\s+|formal\s+|written\s+)*){_NOUN_GROUP}"
    rf"(?:\s*,?\s*(?:and\s+)?(?:technical|contractual|organi[sz]ational)(?:\s+and/or\s+\w+)?\s+measures)?"
    rf"(?:\s+(?:been\s+)?documented)?,?\s+(?:for|to|on|of|regarding|about|covering|that\s+address)\s+"
    rf"(?:the\s+)?(?P<s>.+?)(?:\s+(?:been\s+)?(?:documented|reviewed)\b|\?|$)", re.IGNORECASE)
_SUBJECT_NOISE = re.compile(r"^(?:(?:the|a|an|all|relevant|organizational|organisational|information|your|"
                            r"documented|formal|written|defined|established|well-documented|maintaining|"
                            r"implementing|defining)\s+)+", re.IGNORECASE)


def practice_subject(core: str) -> tuple[str, str]:
    """The subject of a practice question, the words that name what the policy or process is for (empty
    when the question names none, as in "Are the policies and procedures reviewed annually?"), and what
    narrows it ("Are risk management policies associated with changing assets documented?")."""
    for pattern in (_SUBJECT_AFTER, _SUBJECT_BEFORE):
        m = pattern.search(core)
        if m:
            subject = _SUBJECT_NOISE.sub("", m.group("s").strip(" ,")).strip()
            if (subject and len(subject.split()) <= 6 and not _NOT_A_SUBJECT.match(subject)
                    and not re.search(rf"\b{_NOUNS}\b", subject, re.IGNORECASE)):
                qualifier = (m.groupdict().get("q") or "").strip(" ,")
                return subject, qualifier
    return "", ""


_NOT_A_SUBJECT = re.compile(r"^(?:documented|reviewed|and|or|that|this|these|those|it|well-documented|implemented)\b",
                            re.IGNORECASE)


_GENERIC_WORDS = _wordset(
    "are is do does have has the a an and or of for to at least annually yearly periodically regularly "
    "reviewed review updated update documented established approved communicated applied evaluated "
    "maintained implemented defined policies policy procedures procedure standards standard processes "
    "process plan plans these those such all relevant appropriate in place your you any with when "
    "significant changes occur är har finns ni era er de den det dessa och eller minst årligen granskas "
    "uppdateras dokumenterade policyer rutiner processer rule rules once every year revised"
)


def _generic(core: str) -> bool:
    """Whether a question names no subject of its own (only policy and review words)."""
    ws = re.findall(r"[^\W\d_]+", core.lower())
    return bool(ws) and all(w in _GENERIC_WORDS for w in ws)


# "Is data encrypted both in transit and at rest?": one question about each of two things.
_BOTH = re.compile(r"\b(?:both|både)\s+(?P<a>[^,;?]{2,60}?)\s+(?:and|och)\s+(?P<b>[^,;?]{2,60}?)(?=\s*[?.]?\s*$)",
                   re.IGNORECASE)


def split_parts(core: str) -> tuple[str, ...]:
    """The separate questions of a compound yes/no question ("Do you X, and do you Y?", "Is data
    encrypted both in transit and at rest?")."""
    pieces = [p.strip(" ,;") for p in _SECOND_QUESTION.split(core) if p and p.strip(" ,;")]
    if len(pieces) < 2:
        both = _BOTH.search(core)
        # "Are both the application and the database hosted in the EU?" joins two subjects of one
        # predicate: not split here (the two parts would not be questions).
        if not both or len(core[:both.start()].split()) < 2:
            return ()
        head, tail = core[:both.start()].rstrip(), core[both.end():]
        pieces = [f"{head} {both.group('a')}{tail}", f"{head} {both.group('b')}{tail}"]
    return tuple((p[0].upper() + p[1:]) if p.endswith("?") else p[0].upper() + p[1:] + "?" for p in pieces)


def read_all(questions: Sequence[Question], languages: Sequence[str] | None = None) -> list[Reading]:
    """Readings of a questionnaire's questions in order, each follow-up with the question before it."""
    out = []
    anchor: Question | None = None  # the last question that is not itself a follow-up
    for q in questions:
        reading = read(q, anchor, languages)
        out.append(reading)
        if not reading.follow_up:
            anchor = q
    return out
