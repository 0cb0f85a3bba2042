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
from collections.abc import Sequence
from functools import cache, lru_cache
from typing import NamedTuple

import snowballstemmer  # type: ignore[import-untyped]

from .synonyms import PhraseTable, concept_term, phrase_table

LANGUAGES = ("en", "sv")
_STEMMER_NAMES = {"en": "english", "sv": "swedish"}

def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _split(text: str) -> list[str]:
    return text.split()


# --- language detection ----------------------------------------------------------------------------

_EN_HINTS = _wordset("the a an of and or to in is are do does you your yours we our for with on at by be been "
                     "have has this that these those it its which what how when where who any all from not no "
                     "will would can should must may there their they company use used")
_SV_HINTS = _wordset("och att det som en ett är på för med av till har inte den de om ni er era ert vi vår "
                     "våra vårt hur vad vilka vilken vilket när var finns kan ska får eller från alla någon "
                     "några samt dessa denna detta genom hos också används krävs enligt inom utan sker i vid "
                     "så sådana hela vilket")
_SV_LETTERS = re.compile(r"[åäöÅÄÖ]")


def detect_language(text: str) -> str:
    """'sv' when the text reads as Swedish, else 'en' (a stop-word count; see the module docstring).

    Words of the domain vocabulary count too, so that a short question such as "Krypteras data i
    vila?" is recognised."""
    found = re.findall(r"[^\W\d_]+", text.lower())
    en_words, sv_words = _domain_words()
    en = float(sum(1 for w in found if w in _EN_HINTS or w in en_words))
    sv = float(sum(1 for w in found if w in _SV_HINTS or w in sv_words))
    sv += min(2, len(_SV_LETTERS.findall(text))) * 0.75
    return "sv" if sv > en else "en"


@cache
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


# Cheap test for whether any British spelling can be present, so most texts skip the substitutions.
_BRITISH_HINT = re.compile(r"is(?:e|ed|es|ing|ation|ations|er|ers)\b|centre|licence|defence|behaviour|programme|"
                           r"enrol|catalogue")


@cache
def _stemmer(lang: str) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer(_STEMMER_NAMES.get(lang, "english"))


_SV_ENDINGS = ("ningen", "ningar", "ning", "ingen", "ingar", "ing")


def _swedish_endings(s: str) -> str:
    """Snowball's Swedish stem with a few derivational endings folded (see stem())."""
    if s.endswith(_SV_ENDINGS):  # one test for all of them: most stems have none
        for ending in _SV_ENDINGS:
            if s.endswith(ending) and len(s) - len(ending) >= 4:
                s = s[: -len(ending)]
                break
    if s.endswith("er") and len(s) >= 6:
        s = s[:-2]
    elif s.endswith("et") and len(s) >= 7:
        s = s[:-2]  # definite neuter: "nätverket", "abonnemanget", "skyddet"
    return s


def _stem_uncached(word: str, lang: str) -> str:
    s = _stemmer(lang).stemWord(word)
    return _swedish_endings(s) if lang == "sv" else s


# Stems by language and word. A knowledge base and its questionnaires repeat the same few thousand
# words, so each is stemmed once; a plain dict per language (rather than an lru_cache keyed on
# (word, lang)) lets the tokenizer look whole texts up without a function call per word. Cleared
# when it grows past the bound, so hostile input cannot grow it without limit.
_STEMS: dict[str, dict[str, str]] = {}
_STEM_CACHE_SIZE = 200_000


def _stem_cache(lang: str) -> dict[str, str]:
    cache = _STEMS.get(lang)
    if cache is None:
        cache = _STEMS[lang] = {}
    return cache


def stem(word: str, lang: str) -> str:
    """A word's stem in a language; Swedish gets a few extra derivational endings folded, because
    Snowball keeps "kryptering" and "krypterar", or "lagring" and "lagras", apart."""
    cache = _stem_cache(lang)
    s = cache.get(word)
    if s is None:
        if len(cache) >= _STEM_CACHE_SIZE:
            cache.clear()
        s = cache[word] = _stem_uncached(word, lang)
    return s


def stems(ws: Sequence[str], lang: str) -> list[str]:
    """The stems of a text's words (stem() for each, with the cache looked up inline)."""
    get = _stem_cache(lang).get
    return [get(w) or stem(w, lang) for w in ws]


def stem_all(ws: set[str], lang: str) -> None:
    """Stem many words at once (one call into the Snowball stemmer), so that stems() finds them."""
    cache = _stem_cache(lang)
    missing = [w for w in ws if w not in cache]
    if len(cache) + len(missing) >= _STEM_CACHE_SIZE:
        return  # stem() bounds the cache one word at a time
    found = _stemmer(lang).stemWords(missing)
    if lang == "sv":
        found = [_swedish_endings(s) for s in found]
    cache.update(zip(missing, found))


def normalize(text: str) -> str:
    if text.isascii():
        # NFKC leaves ASCII as it is, and the only ASCII apostrophe to fold is the backtick.
        text = (text.replace("`", "'") if "`" in text else text).lower()
    else:
        text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).lower()
    if "'" in text or "cannot" in text:
        for rx, repl in _CONTRACTIONS:
            text = rx.sub(repl, text)
    if _BRITISH_HINT.search(text):
        for rx, repl in _BRITISH:
            text = rx.sub(repl, text)
    if "non" in text:
        # "non-production" names a kind of environment, not a negation of the question.
        text = _NON_COMPOUND.sub(r"non\1", text)
    return text


_NON_COMPOUND = re.compile(r"\bnon[-\s]?(production|prod|public|personal|critical|essential|standard|"
                           r"employees?|disclosure|repudiation|compliance|conformity|conforming)\b")


def words(text: str) -> list[str]:
    """The words of a text, normalized (lower case, apostrophes and British spellings folded).

    Not cached: the index cuts each text once and keeps the words, and questions rarely repeat."""
    return _TOKEN.findall(normalize(text))


# --- stop words and polarity markers ------------------------------------------------------------------

STOP = {
    "en": _wordset("a an the and or of to in on at by for from with into onto over as than then so such via "
                   "per about is are was were be been being am do does did done doing have has had having "
                   "will would shall should can could might you your yours yourself yourselves we our ours us "
                   "i me my it its this that these those there here their they them he she his her who whom "
                   "whose which what where when how why please provide describe explain confirm indicate "
                   "state specify list give outline detail name company companies organization organizations "
                   "organisation vendor's any all each every some other also both either if whether yes "
                   "including include includes e g eg etc ie currently current relevant appropriate "
                   "applicable regular regularly kind type types after once long within inside among go goes "
                   "through throughout while whilst left leave leaves remain remains"),
    "sv": _wordset("och eller att som en ett den det de dem denna detta dessa av på i till från med för om "
                   "hos vid under över genom mot efter före är var vara varit blir bli blev har hade haft ha "
                   "kan kunde ska skulle bör vill ni er era ert vi vår våra vårt oss man sig sin sitt sina "
                   "dess deras vilken vilket vilka vad var hur när varför vem vars beskriv ange förklara "
                   "bekräfta lista redogör företag företaget organisation organisationen leverantören ni alla "
                   "varje någon något några också både även samt eller om huruvida ja t ex etc dvs nuvarande "
                   "aktuell aktuella relevanta lämpliga regelbundet typ typer finns finnas sker ske får kvar "
                   "länge efter sedan lämnas lämnad lämnat"),
}

# Verbs that carry little of a question's meaning ("Do you use / deploy / have a WAF?"): they count,
# but lightly, so that two phrasings of one question are not kept apart by them.
LIGHT = {
    "en": _wordset("use util leverag employ deploy perform conduct carri implement maintain run oper appli "
                   "build built make get put publish provid offer undertak execut adopt establish process "
                   "procedur follow"),
    "sv": _wordset("använd tillämp genomför utför driv bygg kör nyttj tar gör ha erbjud upprätthål inför "
                   "tillhandahål process rutin förfarand"),
}

NEG, FORBID, PERMIT, OUTSIDE, EVER, ALONE, OPTIONAL, DISABLE, EXCESS = (
    "neg", "forbid", "permit", "outside", "ever", "alone", "optional", "disable", "excess")

_MARKER_WORDS: dict[str, dict[str, str]] = {
    "en": {
        **dict.fromkeys(_split("not no never none nor neither without non lack lacks lacking plaintext "
                               "cleartext"), NEG),
        **dict.fromkeys(_split("forbid forbids forbidden forbidding prohibit prohibits prohibited prohibiting "
                               "ban bans banned disallow disallows disallowed refuse refuses refused"), FORBID),
        **dict.fromkeys(_split("allow allows allowed allowing permit permits permitted permitting may accept "
                               "accepts accepted accepting tolerate tolerated"), PERMIT),
        **dict.fromkeys(_split("outside except excluding abroad elsewhere besides"), OUTSIDE),
        **dict.fromkeys(_split("ever"), EVER),
        **dict.fromkeys(_split("alone only solely merely sufficient suffice suffices enough single"), ALONE),
        **dict.fromkeys(_split("beyond exceeding"), EXCESS),
        **dict.fromkeys(_split("optional voluntary"), OPTIONAL),
        **dict.fromkeys(_split("disable disables disabled disabling bypass bypassed bypasses circumvent "
                               "circumvented override overridden waive waived exempt exempted skip skipped"),
                        DISABLE),
    },
    "sv": {
        **dict.fromkeys(_split("inte ej icke aldrig ingen inget inga utan varken saknar saknas klartext"), NEG),
        **dict.fromkeys(_split("förbjuder förbjuda förbjuden förbjudet förbjudna förbjuds förbud nekar vägrar"),
                        FORBID),
        **dict.fromkeys(_split("tillåter tillåta tillåten tillåtet tillåtna tillåts får accepterar accepteras "
                               "godtar godtas"), PERMIT),
        **dict.fromkeys(_split("utanför utomlands förutom utom"), OUTSIDE),
        **dict.fromkeys(_split("någonsin"), EVER),
        **dict.fromkeys(_split("enbart endast bara ensamt ensam räcker tillräckligt tillräcklig enda"), ALONE),
        **dict.fromkeys(_split("utöver"), EXCESS),
        **dict.fromkeys(_split("frivillig frivilligt frivilliga valfri valfritt valfria"), OPTIONAL),
        **dict.fromkeys(_split("inaktivera inaktiveras inaktiverad inaktiverat kringgå kringgås åsidosätta "
                               "undanta undantas undantagen"), DISABLE),
    },
}
_MARKER_PAIRS: dict[str, dict[tuple[str, str], str]] = {
    "en": {("other", "than"): OUTSIDE, ("apart", "from"): OUTSIDE, ("aside", "from"): OUTSIDE,
           ("in", "addition"): EXCESS, ("more", "than"): EXCESS, ("plain", "text"): NEG, ("clear", "text"): NEG},
    "sv": {("annan", "än"): OUTSIDE, ("andra", "än"): OUTSIDE, ("annat", "än"): OUTSIDE, ("mer", "än"): EXCESS},
}
_WHERE = {"en": _wordset("where"), "sv": _wordset("var varifrån vart")}
_WHAT = {"en": _wordset("what which"), "sv": _wordset("vilken vilket vilka")}
_LIST = {"en": _wordset("list name"), "sv": _wordset("lista ange nämn")}
_DEGREE = {"en": _wordset("minimum maximum lowest highest least oldest latest newest current main primary "
                          "default typical"),
           "sv": _wordset("lägsta högsta minsta största äldsta senaste nuvarande aktuella vanligaste")}
_CADENCE_WORDS = _wordset("hourly daily weekly monthly quarterly yearly annually annual biannually semiannually "
                          "continuously continuous nightly fortnightly timvis dagligen dagliga veckovis månadsvis "
                          "kvartalsvis årligen årliga årlig löpande kontinuerligt")
_RELATIVE = {"en": _wordset("that which who"), "sv": _wordset("som vilka vilken")}
# In a questionnaire the buyer speaks: "we", "our data" are the customer and the customer's data (in a
# statement, "we" is the organisation, so only questions are read this way).
_BUYER_WORDS = {"en": _wordset("we our ours us"), "sv": _wordset("vi vår våra vårt oss")}
_CUSTOMER = "§customer"
# Words that ask about the organisation itself rather than its providers.
_OWN_WORDS = {"en": _wordset("own owns owned in-house inhouse yourselves yourself"),
              "sv": _wordset("egen eget egna själva själv")}
# Words that begin like a negating prefix but are not negations.
_NOT_PREFIXED = _wordset("under understand understanding unique uniquely union unit units united universal "
                         "university unix unless until unlike unlikely uniform unified unify unicode unsubscribe "
                         "unusual update updated updates unauthorized unauthorised unauthenticated unapproved unwanted "
                         "nonproduction nonprod nonpublic nonpersonal noncritical nonessential nonstandard "
                         "nonemployee nonemployees nondisclosure nonrepudiation noncompliance nonconformity "
                         "nonconforming oberoende oberoendet område områden ofta om omfattar "
                         "omfattas omfattning oss också ordning organisation order öppen öppet")
_NEG_PREFIXES = {"en": ("un", "non"), "sv": ("o",)}

_OPEN_START = {
    "en": _wordset("what which where when who whom whose how why describe explain list provide specify name "
                   "outline identify give detail state indicate select choose tick enter attach"),
    "sv": _wordset("vad vilken vilket vilka var varifrån vart när vem vems hur varför beskriv förklara ange "
                   "lista redogör specificera nämn välj markera bifoga"),
}
_PREPOSITIONS = {"en": _wordset("in for to at from by with on under of"),
                 "sv": _wordset("i för till på från av med under om hos")}
_YESNO_START_EN = _wordset("do does did is are was were have has had can could will would shall should may "
                           "must might")
# "Can X be stored", "Kan X lagras": capability questions about data are permission questions.
_PASSIVE_SV = re.compile(r"[a-zåäö]{3,}(?:as|s)$")


class Analysis(NamedTuple):
    """What the matcher needs of one text: weighted stems, polarity markers and its shape.

    A named tuple rather than a frozen dataclass: the index makes one for every text of the
    knowledge base, and a tuple is made several times faster."""

    terms: tuple[str, ...]  # distinct terms, in order of appearance
    markers: tuple[tuple[str, int], ...]  # sorted (marker, count)
    open: bool  # a wh-question or a request to describe, rather than a yes/no question
    own: bool = False  # asks about the organisation itself ("your own data centres", "in-house")
    focus: str | None = None  # what an open question asks for ("software" in "What software ...?")


def _markers_key(counter: dict[str, int]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counter.items()))


def analyze(text: str, lang: str, vocabulary: frozenset[str] | None = None,
            extra_stop: frozenset[str] = frozenset(), buyer: bool = False) -> Analysis:
    """Terms, markers and shape of a text in a language; `buyer` for questions (see _BUYER_WORDS).

    `vocabulary` (stems known to the knowledge base) lets a negating prefix be recognised on words
    no list names ("unencrypted", "okrypterade", "unpatched"): the prefix counts as a negation when
    what follows it is a known stem. To analyze many texts with one vocabulary, keep an Analyzer.
    """
    return Analyzer(lang, vocabulary, extra_stop).analyze(text, buyer=buyer)


class Analyzer:
    """analyze() for one language, vocabulary and set of extra stop words, remembering what it
    decided about each ordinary word.

    Most words of a text are ordinary: they carry no polarity and their neighbours do not change
    what they mean. Unless a phrase of several words starts with it, what such a word becomes
    (nothing, its concept, its stem, its compound parts, or a negation plus its base) depends only
    on the word, so it is worked out once per analyzer instead of once per occurrence. Every other
    word takes the full path, in the order the rules are written below.
    """

    def __init__(self, lang: str, vocabulary: frozenset[str] | None = None,
                 extra_stop: frozenset[str] = frozenset()):
        self.lang = lang if lang in LANGUAGES else "en"
        self.vocabulary = vocabulary
        self.extra_stop = extra_stop
        self.table: PhraseTable = phrase_table(self.lang)
        self._special = _special_words(self.lang)
        # word -> (negated, terms), or None for a word that adds nothing (a stop word)
        self._content: dict[str, tuple[bool, tuple[str, ...]] | None] = {}

    def analyze(self, text: str, buyer: bool = False) -> Analysis:
        raw = words(text)
        return self.analyze_words(text, raw, stems(raw, self.lang), buyer)

    def analyze_words(self, text: str, raw: list[str], stems: list[str], buyer: bool = False) -> Analysis:
        """analyze() of a text already cut into words (words(text)) and their stems."""
        lang = self.lang
        table = self.table
        first_stems = table.by_first
        special = self._special
        content = self._content
        markers: dict[str, int] = {}
        terms: list[str] = []
        marker_words = _MARKER_WORDS[lang]
        i = 0
        n = len(raw)
        while i < n:
            w = raw[i]
            if w not in special:
                # No marker, pair or buyer rule applies to this word: a phrase of several words
                # starting here, or else what the word always becomes.
                if stems[i] in first_stems:
                    concept, length = table.phrase_at(stems, i)
                    if concept:
                        terms.extend(concept.split())
                        i += length
                        continue
                found = content[w] if w in content else self._ordinary_word(w, stems[i])
                if found is not None:
                    if found[0]:
                        markers[NEG] = markers.get(NEG, 0) + 1
                    terms.extend(found[1])
                i += 1
                continue
            concept, length = table.match(stems, raw, i)
            if concept:
                terms.extend(concept.split())
                i += length
                continue
            pair = (w, raw[i + 1]) if i + 1 < n else None
            if pair in _MARKER_PAIRS[lang]:
                markers[_MARKER_PAIRS[lang][pair]] = markers.get(_MARKER_PAIRS[lang][pair], 0) + 1
                i += 2
                continue
            kind = marker_words.get(w)
            if kind == PERMIT and lang == "sv" and w == "får" and not _permission_far(raw, i):
                kind = None  # "Får personalen utbildning?" is "do staff get", not "may"
            if kind == PERMIT and i > 0 and raw[i - 1] in _RELATIVE[lang]:
                # "a VPN that allows remote access" describes the thing asked about; it does not ask
                # whether something is permitted.
                i += 1
                continue
            if kind is None and lang == "en" and w in ("can", "could") and "be" in raw[i + 1: i + 4]:
                kind = PERMIT
            if kind is None and lang == "sv" and w == "kan" and any(_PASSIVE_SV.match(x)
                                                                    for x in raw[i + 1: i + 4]):
                kind = PERMIT
            if kind is None and w == ("more" if lang == "en" else "mer") and (
                    ("than" if lang == "en" else "än") in raw[i + 1: i + 6]):
                kind = EXCESS  # "more ... than" asks the same way round as "beyond"
            if kind:
                markers[kind] = markers.get(kind, 0) + 1
                i += 1
                continue
            if buyer and w in _BUYER_WORDS[lang]:
                terms.append(_CUSTOMER)  # in a question, "our data" is the customer's data
                i += 1
                continue
            found = content[w] if w in content else self._content_word(w, stems[i])
            if found is not None:
                if found[0]:
                    markers[NEG] = markers.get(NEG, 0) + 1
                terms.extend(found[1])
            i += 1
        seen: dict[str, None] = dict.fromkeys(terms)
        shape_open = is_open_question(raw, lang) or text.rstrip().endswith(":")  # "Name of the application:"
        focus = None
        if shape_open and any(w in _WHERE[lang] for w in raw[:6]):
            focus = concept_term("location")  # "Where is X kept?", "Explain where ... stored"
            seen.setdefault(focus, None)
        elif shape_open and len(raw) > 1 and raw[0] in _WHAT[lang] and raw[1] not in STOP[lang]:
            # "Which minimum TLS version ...": a degree word is not what is asked for.
            j = next((k for k in range(1, min(len(raw), 4)) if raw[k] not in _DEGREE[lang]), 1)
            for k in range(1, j):  # and says no more than the value itself ("TLS 1.2" is the minimum)
                seen.pop(stems[k], None)
            focus, _ = table.match(stems, raw, j)
            focus = (focus or stems[j]).split()[0]
        elif shape_open and raw and raw[0] in _LIST[lang]:
            # "List all countries ...", "Name the auditors ...": the first content word is what is asked.
            j = next((k for k in range(1, len(raw))
                      if raw[k] not in STOP[lang] and raw[k] not in ("all", "alla")), 0)
            if j:
                focus, _ = table.match(stems, raw, j)
                focus = (focus or stems[j]).split()[0]
        elif concept_term("frequency") in seen and shape_open:
            focus = concept_term("frequency")
        if not _CADENCE_WORDS.isdisjoint(raw):
            seen.setdefault(concept_term("frequency"), None)  # "hourly" answers "how often"
        own = not _OWN_WORDS[lang].isdisjoint(raw)
        return Analysis(tuple(seen), _markers_key(markers), shape_open, own, focus)

    def _ordinary_word(self, w: str, w_stem: str) -> tuple[bool, tuple[str, ...]] | None:
        """What a word that starts no phrase here and is no marker or buyer word adds: its concept
        when it is a listed word, else what _content_word says."""
        concept = self.table.words.get(w)
        if concept is not None:
            found = (False, tuple(concept_term(concept).split()))
            self._content[w] = found
            return found
        return self._content_word(w, w_stem)

    def _content_word(self, w: str, w_stem: str) -> tuple[bool, tuple[str, ...]] | None:
        """What a word that is no phrase, marker or buyer word adds: nothing (a stop word), a
        negation and its base ("unencrypted"), its compound parts (Swedish), or its stem."""
        lang = self.lang
        if w in STOP[lang] or w in self.extra_stop or len(w) < 2 and not w.isdigit():
            found = None
        elif (base := _negated_base(w, lang, self.vocabulary)) is not None:
            concept, _ = self.table.match([stem(base, lang)], [base], 0)
            found = (True, tuple((concept or stem(base, lang)).split()))
        elif lang == "sv" and len(w) >= 7 and (parts := split_compound(w)):
            found = (False, parts)
        else:
            found = (False, (w_stem,))
        self._content[w] = found
        return found


@cache
def _special_words(lang: str) -> frozenset[str]:
    """Words that Analyzer must not take as ordinary: the first words of marker pairs, marker words,
    the words whose meaning depends on their neighbours, and buyer words."""
    return frozenset({a for a, _ in _MARKER_PAIRS[lang]} | _MARKER_WORDS[lang].keys()
                     | {"can", "could", "kan", "more", "mer"} | _BUYER_WORDS[lang])


@cache
def _swedish_parts() -> dict[str, str]:
    """Single Swedish words of the domain vocabulary and their concepts, for splitting compounds."""
    from .synonyms import SYNONYMS, concept_term

    out: dict[str, str] = {}
    for concept, groups in SYNONYMS.items():
        for phrase in [*groups.get("sv", []), *groups.get("*", [])]:
            ws = words(phrase)
            if len(ws) == 1 and len(ws[0]) >= 3:
                out.setdefault(ws[0], concept_term(concept))
    return out


@lru_cache(maxsize=50_000)
def split_compound(word: str) -> tuple[str, ...] | None:
    """A Swedish compound whose first or last part is a domain word, as that concept plus the stem of
    the rest ("kunddata" -> customer + data, "säkerhetskopieringsrutiner" -> backup + rutin).

    Swedish writes compounds as one word where English uses two, so without this "kunddata" and
    "kundens data" would share nothing. Hand-written: no maintained Swedish decompounder is packaged."""
    known = _swedish_parts()
    if word in known:
        return None
    starts, ends = _swedish_part_ends()
    n = len(word)
    if word[:3] in starts:  # else no known word (of three letters or more) can be its head
        for cut in range(n - 3, 2, -1):  # longest known head first
            head, tail = word[:cut], word[cut:]
            for h in (head, head[:-1] if head.endswith("s") and len(head) > 4 else None):
                if h and h in known and len(tail) >= 3:
                    return (*known[h].split(), stem(tail, "sv"))
    if word[-3:] in ends:  # likewise for its tail
        for cut in range(3, n - 2):  # longest known tail first
            head, tail = word[:cut], word[cut:]
            if tail in known and len(head) >= 3:
                head = head[:-1] if head.endswith("s") and len(head) > 4 else head
                return (stem(head, "sv"), *known[tail])
    return None


@cache
def _swedish_part_ends() -> tuple[frozenset[str], frozenset[str]]:
    """The first and the last three letters of every word _swedish_parts knows."""
    known = _swedish_parts()
    return frozenset(w[:3] for w in known), frozenset(w[-3:] for w in known)


def _permission_far(raw: list[str], i: int) -> bool:
    # "Får X lagras/användas" (a passive verb after "får") and "Får vi/kunder lagra ..." (a subject
    # that acts) ask for permission; "Får personalen utbildning?" does not.
    if i + 1 < len(raw) and raw[i + 1] in ("vi", "jag", "man", "ni", "kunder", "kunden", "användare", "användarna"):
        return True
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
        return first in _OPEN_START["sv"] or (first in _PREPOSITIONS["sv"] and len(ws) > 1
                                               and ws[1] in _OPEN_START["sv"])
    if first in _OPEN_START["en"]:
        return True
    # "In which location ...?", "For how long ...?"
    return first in _PREPOSITIONS["en"] and len(ws) > 1 and ws[1] in _OPEN_START["en"]


# --- sentences ------------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?:;])\s+(?=[\"'(\[]?[A-ZÅÄÖ0-9])")
_LEADING_NUMBER = re.compile(r"^\s*(?:(?:q|question|fråga)\s*)?[\(\[]?\d+(?:\.\d+)*[\)\].:]?\s+", re.IGNORECASE)


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
