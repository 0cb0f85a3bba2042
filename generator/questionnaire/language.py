"""Language handling for questionnaire matching: which language a question is in, and how a text
becomes weighted terms, polarity markers and a question shape.

Language detection is a small stop-word heuristic (English vs Swedish): questionnaire questions
are short, formal and one language at a time, and a dozen function words tell the two apart
reliably. Anything that is not clearly Swedish is treated as English.

Terms are Snowball stems (snowballstemmer, English and Swedish) after domain phrases have been
folded into concept terms (generator/questionnaire/synonyms.py), so "two-factor authentication",
"2FA" and "flerfaktorsautentisering" all become one term.

Polarity markers are what keeps a negated or inverted question ("Do you forbid PHI ...?", "Is data
ever stored outside ...?", "Do you allow unencrypted ...?") from taking a fact's plain answer: the
words that carry them are taken out of the terms and kept as a marker signature instead, and the
engine only lets a question take an answer from a text with the same signature.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

from .synonyms import PhraseTable, phrase_table

LANGUAGES = ("en", "sv")
_STEMMER_NAMES = {"en": "english", "sv": "swedish"}

# --- language detection ----------------------------------------------------------------------------

_EN_HINTS = frozenset("""
the a an of and or to in is are do does you your yours we our for with on at by be been have has
this that these those it its which what how when where who any all from not no will would can
should must may there their they company use used
""".split())
_SV_HINTS = frozenset("""
och att det som en ett är på för med av till har inte den de om ni er era ert vi vår våra vårt hur
vad vilka vilken vilket när var finns kan ska får eller från alla någon några samt dessa denna
detta genom hos också används krävs enligt inom utan sker i vid så sådana hela vilket
""".split())
_SV_LETTERS = re.compile(r"[åäöÅÄÖ]")


def detect_language(text: str) -> str:
    """'sv' when the text reads as Swedish, else 'en' (a stop-word count; see the module docstring).

    Words of the domain vocabulary count too, so that a short question such as "Krypteras data i
    vila?" is recognised."""
    found = re.findall(r"[^\W\d_]+", text.lower())
    en_words, sv_words = _domain_words()
    en = sum(1 for w in found if w in _EN_HINTS or w in en_words)
    sv = sum(1 for w in found if w in _SV_HINTS or w in sv_words)
    sv += min(2, len(_SV_LETTERS.findall(text))) * 0.75
    return "sv" if sv > en else "en"


@lru_cache(maxsize=None)
def _domain_words() -> tuple[frozenset[str], frozenset[str]]:
    from .synonyms import SYNONYMS

    def collect(lang: str) -> set[str]:
        return {w for groups in SYNONYMS.values() for phrase in groups.get(lang, ()) for w in words(phrase)}

    en, sv = collect("en"), collect("sv")
    return frozenset(en - sv), frozenset(sv - en)


# --- tokens and stems -----------------------------------------------------------------------------

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
_CONTRACTIONS = (
    (re.compile(r"\bcan'?t\b"), "can not"),
    (re.compile(r"\bwon'?t\b"), "will not"),
    (re.compile(r"\bcannot\b"), "can not"),
    (re.compile(r"n't\b"), " not"),
    (re.compile(r"'s\b"), ""),
)
# British spellings folded to American ones before stemming: the English Snowball stemmer keeps
# "authoris-" and "author-" apart, and knowledge bases and questionnaires mix both.
_BRITISH = (
    (re.compile(r"\b(author|organ|minim|recogn|priorit|central|standard|custom|categor|anonym|pseudonym|"
                r"sanit|normal|util|summar|special|optim|synchron|visual|real|modern|initial|serial|"
                r"emphas|critic|legal|harmon|vandal|memor|capital|character|apolog|revital|virtual|"
                r"penal|local|neutral|final)is(e|ed|es|ing|ation|ations|er|ers)\b"), r"\1iz\2"),
    (re.compile(r"\bcentre(s|d)?\b"), r"center\1"),
    (re.compile(r"\blicence(s|d)?\b"), r"license\1"),
    (re.compile(r"\bdefence(s)?\b"), r"defense\1"),
    (re.compile(r"\bbehaviour(s)?\b"), r"behavior\1"),
    (re.compile(r"\bprogramme(s)?\b"), r"program\1"),
    (re.compile(r"\benrol(s|ment|ments)?\b"), r"enroll\1"),
    (re.compile(r"\bcatalogue(s)?\b"), r"catalog\1"),
)


@lru_cache(maxsize=None)
def _stemmer(lang: str) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer(_STEMMER_NAMES.get(lang, "english"))


@lru_cache(maxsize=200_000)
def stem(word: str, lang: str) -> str:
    """A word's stem in a language; Swedish gets a few extra derivational endings folded, because
    Snowball keeps "kryptering" and "krypterar", or "lagring" and "lagras", apart."""
    s = _stemmer(lang).stemWord(word)
    if lang == "sv":
        for ending in ("ningen", "ningar", "ning", "ingen", "ingar", "ing"):
            if s.endswith(ending) and len(s) - len(ending) >= 4:
                s = s[: -len(ending)]
                break
        if s.endswith("er") and len(s) >= 6:
            s = s[:-2]
    return s


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).lower()
    for rx, repl in _CONTRACTIONS:
        text = rx.sub(repl, text)
    for rx, repl in _BRITISH:
        text = rx.sub(repl, text)
    return text


def words(text: str) -> list[str]:
    return _TOKEN.findall(normalize(text))


# --- stop words and polarity markers ------------------------------------------------------------------

STOP = {
    "en": frozenset("""
a an the and or of to in on at by for from with into onto over as than then so such via per about
is are was were be been being am do does did done doing have has had having will would shall should
can could must might you your yours yourself yourselves we our ours us i me my it its this that these
those there here their they them he she his her who whom whose which what where when how why
please provide describe explain confirm indicate state specify list give outline detail name
company companies organization organizations organisation vendor's any all each every some other
also both either if whether yes including include includes e g eg etc ie
currently current currently relevant appropriate applicable regular regularly kind type types
""".split()),
    "sv": frozenset("""
och eller att som en ett den det de dem denna detta dessa av på i till från med för om hos vid under
över genom mot efter före är var vara varit blir bli blev har hade haft ha kan kunde ska skulle
måste bör vill ni er era ert vi vår våra vårt oss man sig sin sitt sina dess deras vilken vilket
vilka vad var hur när varför vem vars beskriv ange förklara bekräfta lista redogör
företag företaget organisation organisationen leverantören ni alla varje någon något några
också både även samt eller om huruvida ja t ex etc dvs nuvarande aktuell aktuella relevanta
lämpliga regelbundet typ typer finns finnas sker ske
""".split()),
}

NEG, FORBID, PERMIT, OUTSIDE, EVER, ALONE, OPTIONAL, DISABLE, EXCESS = (
    "neg", "forbid", "permit", "outside", "ever", "alone", "optional", "disable", "excess")

_MARKER_WORDS: dict[str, dict[str, str]] = {
    "en": {
        **dict.fromkeys("not no never none nor neither without non lack lacks lacking".split(), NEG),
        **dict.fromkeys("forbid forbids forbidden forbidding prohibit prohibits prohibited prohibiting ban "
                        "bans banned disallow disallows disallowed refuse refuses refused".split(), FORBID),
        **dict.fromkeys("allow allows allowed allowing permit permits permitted permitting may accept "
                        "accepts accepted accepting tolerate tolerated".split(), PERMIT),
        **dict.fromkeys("outside except excluding abroad elsewhere".split(), OUTSIDE),
        **dict.fromkeys("ever".split(), EVER),
        **dict.fromkeys("alone only solely merely sufficient suffice suffices enough".split(), ALONE),
        **dict.fromkeys("beyond exceeding".split(), EXCESS),
        **dict.fromkeys("optional voluntary".split(), OPTIONAL),
        **dict.fromkeys("disable disables disabled disabling bypass bypassed bypasses circumvent "
                        "circumvented override overridden waive waived exempt exempted skip skipped".split(),
                        DISABLE),
    },
    "sv": {
        **dict.fromkeys("inte ej icke aldrig ingen inget inga utan varken saknar saknas".split(), NEG),
        **dict.fromkeys("förbjuder förbjuda förbjuden förbjudet förbjudna förbjuds förbud nekar vägrar".split(),
                        FORBID),
        **dict.fromkeys("tillåter tillåta tillåten tillåtet tillåtna tillåts får accepterar accepteras "
                        "godtar godtas".split(), PERMIT),
        **dict.fromkeys("utanför utomlands förutom utom".split(), OUTSIDE),
        **dict.fromkeys("någonsin".split(), EVER),
        **dict.fromkeys("enbart endast bara ensamt ensam räcker tillräckligt tillräcklig".split(), ALONE),
        **dict.fromkeys("utöver".split(), EXCESS),
        **dict.fromkeys("frivillig frivilligt frivilliga valfri valfritt valfria".split(), OPTIONAL),
        **dict.fromkeys("inaktivera inaktiveras inaktiverad inaktiverat kringgå kringgås åsidosätta undanta "
                        "undantas undantagen".split(), DISABLE),
    },
}
# Words that begin like a negating prefix but are not negations.
_NOT_PREFIXED = frozenset("""
under understand understanding unique uniquely union unit units united universal university unix unless
until unlike unlikely uniform unified unify unicode unsubscribe unusual update updated updates
oberoende oberoendet område områden ofta om omfattar omfattas omfattning oss också ordning organisation
order öppen öppet
""".split())
_NEG_PREFIXES = {"en": ("un", "non"), "sv": ("o",)}

_OPEN_START = {
    "en": frozenset("what which where when who whom whose how why describe explain list provide specify name "
                    "outline identify give detail state indicate".split()),
    "sv": frozenset("vad vilken vilket vilka var varifrån vart när vem vems hur varför beskriv förklara ange "
                    "lista redogör specificera nämn".split()),
}
_YESNO_START_EN = frozenset("do does did is are was were have has had can could will would shall should may "
                            "must might".split())
# "Can X be stored", "Kan X lagras": capability questions about data are permission questions.
_PASSIVE_SV = re.compile(r"[a-zåäö]{3,}(?:as|s)$")


@dataclass(frozen=True)
class Analysis:
    """What the matcher needs of one text: weighted stems, polarity markers and its shape."""

    terms: tuple[str, ...]  # distinct terms, in order of appearance
    markers: tuple[tuple[str, int], ...]  # sorted (marker, count)
    open: bool  # a wh-question or a request to describe, rather than a yes/no question


def _markers_key(counter: Counter) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counter.items()))


def analyze(text: str, lang: str, vocabulary: frozenset[str] | None = None,
            extra_stop: frozenset[str] = frozenset()) -> Analysis:
    """Terms, markers and shape of a text in a language.

    `vocabulary` (stems known to the knowledge base) lets a negating prefix be recognised on words
    no list names ("unencrypted", "okrypterade", "unpatched"): the prefix counts as a negation when
    what follows it is a known stem.
    """
    lang = lang if lang in LANGUAGES else "en"
    raw = words(text)
    table: PhraseTable = phrase_table(lang)
    stems = [stem(w, lang) for w in raw]
    markers: Counter = Counter()
    terms: list[str] = []
    stop = STOP[lang]
    marker_words = _MARKER_WORDS[lang]
    i = 0
    n = len(raw)
    while i < n:
        concept, length = table.match(stems, raw, i)
        if concept:
            terms.append(concept)
            i += length
            continue
        w = raw[i]
        kind = marker_words.get(w)
        if kind == PERMIT and lang == "sv" and w == "får" and not _permission_far(raw, i):
            kind = None  # "Får personalen utbildning?" is "do staff get", not "may"
        if kind is None and lang == "en" and w in ("can", "could") and "be" in raw[i + 1: i + 4]:
            kind = PERMIT
        if kind is None and lang == "sv" and w == "kan" and any(_PASSIVE_SV.match(x) for x in raw[i + 1: i + 4]):
            kind = PERMIT
        if kind is None and w == ("more" if lang == "en" else "mer") and (
                ("than" if lang == "en" else "än") in raw[i + 1: i + 6]):
            kind = EXCESS  # "more ... than" asks the same way round as "beyond"
        if kind:
            markers[kind] += 1
            i += 1
            continue
        if w in stop or w in extra_stop or len(w) < 2 and not w.isdigit():
            i += 1
            continue
        base = _negated_base(w, lang, vocabulary)
        if base is not None:
            markers[NEG] += 1
            concept, _ = table.match([stem(base, lang)], [base], 0)
            terms.append(concept or stem(base, lang))
            i += 1
            continue
        terms.append(stems[i])
        i += 1
    seen: dict[str, None] = {}
    for t in terms:
        seen.setdefault(t, None)
    return Analysis(tuple(seen), _markers_key(markers), is_open_question(raw, lang))


def _permission_far(raw: list[str], i: int) -> bool:
    # "Får X lagras/användas": a passive verb after "får" makes it a permission question.
    return any(_PASSIVE_SV.match(x) and x not in STOP["sv"] for x in raw[i + 1: i + 5])


def _negated_base(word: str, lang: str, vocabulary: frozenset[str] | None) -> str | None:
    if word in _NOT_PREFIXED or vocabulary is None:
        return None
    for prefix in _NEG_PREFIXES[lang]:
        if word.startswith(prefix) and len(word) - len(prefix) >= 5:
            base = word[len(prefix):].lstrip("-")
            if stem(base, lang) in vocabulary:
                return base
    return None


def is_open_question(raw: list[str], lang: str) -> bool:
    """True for "Which ...?", "How ...?", "Describe ..." and bare labels ("Name of the application:")."""
    ws = [w for w in raw if w not in ("please", "kindly", "vänligen", "var", "god")] if raw[:1] in (
        ["please"], ["kindly"], ["vänligen"]) else raw
    if not ws:
        return True
    first = ws[0]
    if lang == "sv":
        if first == "var" and len(ws) > 1 and ws[1] in ("det", "ni", "de", "den"):
            return False  # "Var det ..." (past tense "was"), not "where"
        return first in _OPEN_START["sv"]
    if first in _OPEN_START["en"]:
        return True
    if first in _YESNO_START_EN:
        return False
    return False


# --- sentences ------------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?:;])\s+(?=[\"'(\[]?[A-ZÅÄÖ0-9])")
_LEADING_NUMBER = re.compile(r"^\s*(?:(?:q|question|fråga)\s*)?[\(\[]?\d+(?:\.\d+)*[\)\].:]?\s+", re.I)


def core_and_context(text: str) -> tuple[str, str]:
    """Split a questionnaire question into the sentence(s) that ask and the preamble around them.

    "Firewalls are a basic network control. Does your company use firewalls ...?" asks only in its
    second sentence; the first is context that helps find the topic but must not decide the answer.
    """
    text = _LEADING_NUMBER.sub("", text.strip())
    sentences = [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]
    asking = [s for s in sentences if s.endswith("?")]
    if not asking or len(asking) == len(sentences):
        return text, ""
    context = [s for s in sentences if not s.endswith("?")]
    return " ".join(asking), " ".join(context)
