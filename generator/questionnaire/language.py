"""Language handling for questionnaire matching: which language a question is in, and how a text
becomes weighted terms, polarity markers and a question shape.

What each language brings (its stemmer, function words, question words, markers and habits) is
in its pack (generator/questionnaire/languages/); this module holds the rules, which are the same
for every language. Language detection is a small function-word count over the packs:
questionnaire questions are short, formal and one language at a time, and a dozen function words
tell the languages apart reliably. Anything no other pack clearly claims is the default language.

Terms are Snowball stems (snowballstemmer, with the algorithm each pack names) after domain phrases
have been folded into concept terms (generator/questionnaire/synonyms.py), so "two-factor
authentication", "2FA" and "flerfaktorsautentisering" all become one term.

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

from .languages import EXCESS, NEG, PERMIT, LanguagePack, languages, pack
from .synonyms import SYNONYMS, PhraseTable, concept_term

LANGUAGES = languages()


def _split(text: str) -> list[str]:
    return text.split()


# --- language detection ----------------------------------------------------------------------------

def detect_language(text: str, among: Sequence[str] | None = None) -> str:
    """The language whose pack claims the most of the text's words (a function-word count; see the
    module docstring), the default language when none claims more.

    Words of the domain vocabulary count too, so that a short question such as "Krypteras data i
    vila?" is recognised, and so do letters only one language uses. `among` limits the choice to
    some languages (those of the knowledge base that answers; the default language is always one)."""
    found = re.findall(r"[^\W\d_]+", text.lower())
    best, best_score = LANGUAGES[0], 0.0
    domain, letters = _domain_words(), _own_letters()
    for code in LANGUAGES if among is None else [c for c in LANGUAGES if c in among or c == LANGUAGES[0]]:
        p = pack(code)
        score = float(sum(1 for w in found if w in p.hints or w in domain[code]))
        if letters[code]:
            score += min(2, sum(1 for c in text if c in letters[code])) * 0.75
        if score > best_score:
            best, best_score = code, score
    return best


@cache
def _domain_words() -> dict[str, frozenset[str]]:
    """The words of the domain vocabulary (synonyms.py) that only one language uses, by language (a
    word another language uses as a function word does not count either)."""

    def collect(lang: str) -> set[str]:
        return {w for groups in SYNONYMS.values() for phrase in groups.get(lang, ()) for w in words(phrase)}

    by_lang = {code: collect(code) | pack(code).hints | pack(code).stop for code in LANGUAGES}
    return {code: frozenset(collect(code) - set().union(*(v for k, v in by_lang.items() if k != code)))
            for code in LANGUAGES}


@cache
def _own_letters() -> dict[str, frozenset[str]]:
    """The letters of each language that no other language's pack lists ("ä" is Swedish, "ø"
    Norwegian, "å" both)."""
    return {code: frozenset(pack(code).letters) - frozenset().union(
        *(frozenset(pack(other).letters) for other in LANGUAGES if other != code)) for code in LANGUAGES}


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
    return snowballstemmer.stemmer(pack(lang).stemmer)


def _stem_uncached(word: str, lang: str) -> str:
    s = _stemmer(lang).stemWord(word)
    fold = pack(lang).fold
    return fold(s) if fold is not None else s


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
    """A word's stem in a language, with the derivational endings its pack folds (Swedish: Snowball
    keeps "kryptering" and "krypterar", or "lagring" and "lagras", apart)."""
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
    fold = pack(lang).fold
    if fold is not None:
        found = [fold(s) for s in found]
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


@cache
def phrase_table(lang: str) -> PhraseTable:
    """The domain phrases of synonyms.py in one language (and those of every language), stemmed."""
    table = PhraseTable()
    for concept, by_lang in SYNONYMS.items():
        for key in ("*", lang):
            for phrase in by_lang.get(key, ()):
                ws = words(phrase)
                if len(ws) == 1:
                    table.words.setdefault(ws[0], concept)
                else:
                    table.add(tuple(stem(w, lang) for w in ws), concept)
    return table


# --- stop words and polarity markers ------------------------------------------------------------------

# The words of each language live in its pack; these views keep the names the rest of the package
# and its tests use.
STOP = {code: pack(code).stop for code in LANGUAGES}
LIGHT = {code: pack(code).light for code in LANGUAGES}
_CUSTOMER = "§customer"


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
        self.pack: LanguagePack = pack(lang)
        self.lang = self.pack.code
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
        p = self.pack
        table = self.table
        first_stems = table.by_first
        special = self._special
        content = self._content
        markers: dict[str, int] = {}
        terms: list[str] = []
        marker_words = p.markers
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
            if pair in p.marker_pairs:
                markers[p.marker_pairs[pair]] = markers.get(p.marker_pairs[pair], 0) + 1
                i += 2
                continue
            kind = marker_words.get(w)
            if kind == PERMIT and w in p.conditional_permit and not _asks_permission(p, raw, i):
                kind = None  # "Får personalen utbildning?" is "do staff get", not "may"
            if kind == PERMIT and i > 0 and raw[i - 1] in p.relative:
                # "a VPN that allows remote access" describes the thing asked about; it does not ask
                # whether something is permitted.
                i += 1
                continue
            if kind is None and w in p.can and _passive_after(p, raw, i, 3):
                kind = PERMIT  # "Can X be stored ...", "Kan X lagras ...": capability as permission
            if kind is None and p.more_than and w == p.more_than[0] and p.more_than[1] in raw[i + 1: i + 6]:
                kind = EXCESS  # "more ... than" asks the same way round as "beyond"
            if kind:
                markers[kind] = markers.get(kind, 0) + 1
                i += 1
                continue
            if buyer and w in p.buyer:
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
        if shape_open and any(w in p.where for w in raw[:6]):
            focus = concept_term("location")  # "Where is X kept?", "Explain where ... stored"
            seen.setdefault(focus, None)
        elif shape_open and len(raw) > 1 and raw[0] in p.what and raw[1] not in p.stop:
            # "Which minimum TLS version ...": a degree word is not what is asked for.
            j = next((k for k in range(1, min(len(raw), 4)) if raw[k] not in p.degree), 1)
            for k in range(1, j):  # and says no more than the value itself ("TLS 1.2" is the minimum)
                seen.pop(stems[k], None)
            focus, _ = table.match(stems, raw, j)
            focus = (focus or stems[j]).split()[0]
        elif shape_open and raw and raw[0] in p.list_words:
            # "List all countries ...", "Name the auditors ...": the first content word is what is asked.
            j = next((k for k in range(1, len(raw)) if raw[k] not in p.stop), 0)
            if j:
                focus, _ = table.match(stems, raw, j)
                focus = (focus or stems[j]).split()[0]
        elif concept_term("frequency") in seen and shape_open:
            focus = concept_term("frequency")
        if not p.cadence.isdisjoint(raw):
            seen.setdefault(concept_term("frequency"), None)  # "hourly" answers "how often"
        own = not p.own.isdisjoint(raw)
        if shape_open:
            # "Which TLS version does your service accept?" asks for the value, whichever way round:
            # permission turns only a yes or a no round.
            markers.pop(PERMIT, None)
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
        if w in self.pack.stop or w in self.extra_stop or len(w) < 2 and not w.isdigit():
            found = None
        elif (base := _negated_base(w, self.pack, self.vocabulary)) is not None:
            concept, _ = self.table.match([stem(base, lang)], [base], 0)
            found = (True, tuple((concept or stem(base, lang)).split()))
        elif self.pack.compounds and len(w) >= 7 and (parts := split_compound(w, lang)):
            found = (False, parts)
        else:
            found = (False, (w_stem,))
        self._content[w] = found
        return found


@cache
def _special_words(lang: str) -> frozenset[str]:
    """Words that Analyzer must not take as ordinary: the first words of marker pairs, marker words,
    the words whose meaning depends on their neighbours, and buyer words."""
    p = pack(lang)
    return frozenset({a for a, _ in p.marker_pairs} | p.markers.keys() | p.can
                     | ({p.more_than[0]} if p.more_than else set()) | p.buyer)


@cache
def _compound_parts(lang: str) -> dict[str, str]:
    """Single words of the domain vocabulary in a language and their concepts, for splitting compounds."""
    out: dict[str, str] = {}
    for concept, groups in SYNONYMS.items():
        for phrase in [*groups.get(lang, []), *groups.get("*", [])]:
            ws = words(phrase)
            if len(ws) == 1 and len(ws[0]) >= 3:
                out.setdefault(ws[0], concept_term(concept))
    return out


@lru_cache(maxsize=50_000)
def split_compound(word: str, lang: str) -> tuple[str, ...] | None:
    """A compound whose first or last part is a domain word, as that concept plus the stem of the rest
    (Swedish "kunddata" -> customer + data, "säkerhetskopieringsrutiner" -> backup + rutin).

    Swedish (and the other languages whose pack says `compounds`) writes compounds as one word where
    English uses two, so without this "kunddata" and "kundens data" would share nothing.
    Hand-written: no maintained Swedish decompounder is packaged."""
    known = _compound_parts(lang)
    if word in known:
        return None
    starts, ends = _compound_part_ends(lang)
    n = len(word)
    if word[:3] in starts:  # else no known word (of three letters or more) can be its head
        for cut in range(n - 3, 2, -1):  # longest known head first
            head, tail = word[:cut], word[cut:]
            for h in (head, head[:-1] if head.endswith("s") and len(head) > 4 else None):
                if h and h in known and len(tail) >= 3:
                    return (*known[h].split(), stem(tail, lang))
    if word[-3:] in ends:  # likewise for its tail
        for cut in range(3, n - 2):  # longest known tail first
            head, tail = word[:cut], word[cut:]
            if tail in known and len(head) >= 3:
                head = head[:-1] if head.endswith("s") and len(head) > 4 else head
                return (stem(head, lang), *known[tail])
    return None


@cache
def _compound_part_ends(lang: str) -> tuple[frozenset[str], frozenset[str]]:
    """The first and the last three letters of every word _compound_parts knows."""
    known = _compound_parts(lang)
    return frozenset(w[:3] for w in known), frozenset(w[-3:] for w in known)


def _passive_after(p: LanguagePack, raw: list[str], i: int, span: int) -> bool:
    """Whether a passive follows word i within `span` words: "be" and a participle where the language
    has an auxiliary ("can X be stored"), a passive form where it inflects ("kan X lagras")."""
    following = raw[i + 1: i + 1 + span]
    if p.be and not p.be.isdisjoint(following):
        return True
    return p.passive is not None and any(p.passive.match(x) and x not in p.stop for x in following)


def _asks_permission(p: LanguagePack, raw: list[str], i: int) -> bool:
    # "Får X lagras/användas" (a passive verb after "får") and "Får vi/kunder lagra ..." (a subject
    # that acts) ask for permission; "Får personalen utbildning?" does not.
    if i + 1 < len(raw) and raw[i + 1] in p.actors:
        return True
    return _passive_after(p, raw, i, 4)


def _negated_base(word: str, p: LanguagePack, vocabulary: frozenset[str] | None) -> str | None:
    if word in p.not_prefixed or vocabulary is None:
        return None
    for prefix in p.neg_prefixes:
        if word.startswith(prefix) and len(word) - len(prefix) >= 5:
            base = word[len(prefix):].lstrip("-")
            if stem(base, p.code) in vocabulary:
                return base
    return None


def is_open_question(raw: list[str], lang: str) -> bool:
    """True for "Which ...?", "How ...?", "Describe ..." and bare labels ("Name of the application:")."""
    p = pack(lang)
    ws = [w for w in raw if w not in p.politeness] if raw and raw[0] in p.please else raw
    if not ws:
        return True
    first = ws[0]
    if len(ws) > 1 and (first, ws[1]) in p.not_open:
        return False  # "Var det ..." (past tense "was"), not "where"
    if first in p.open_start:
        return True
    # "In which location ...?", "For how long ...?"
    return first in p.prepositions and len(ws) > 1 and ws[1] in p.open_start


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
