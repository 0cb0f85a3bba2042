"""The searchable form of a knowledge base: for each language, every answerable entry cut into
passages (canonical questions, statement, title, keywords) with their terms, searched by the hybrid
retriever (retrieval.py: bm25s over the terms, a local embedding model over the texts).

The term weights kept here (idf over passages) are not for ranking: the judgement step uses them to
tell how much of a question an entry covers.

Stances and certifications also get canonical questions built from their typed fields
(`baa_offered`, `phi_allowed`, `card_data_allowed`, `dpa_offered`, the certification's standard ...),
each carrying the answer the field gives, so "Do you sign a BAA?" is answered from `baa_offered`
and never from the HIPAA stance's own yes or no.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property
from itertools import chain
from typing import TYPE_CHECKING, Any, NamedTuple

from .. import text as kbtext
from ..clock import today
from ..i18n import N_, MissingTranslation, Translator, translator
from ..model import Certification, Entry, KnowledgeBase, LocalizedText, Stance
from .language import Analysis, Analyzer, stem, stem_all, stems, words
from .languages import pack
from .languages import wordset as _wordset
from .synonyms import concept_term

if TYPE_CHECKING:
    from .retrieval import Retriever

NUMBER = re.compile(r"^\d+(?:[.,]\d+)*$")

QUESTION, SYNTHETIC, STATEMENT, TITLE, KEYWORDS = "question", "synthetic", "statement", "title", "keywords"

# Canonical questions built from typed fields. Each is (template, field, polarity): the answer is the
# field's value, inverted when polarity is -1 ("Do you forbid PHI ...?" is yes when PHI is not allowed).
_STANCE_QUESTIONS = (
    (N_("Do you comply with %(name)s?"), "stance", 1),
    (N_("Are you %(name)s compliant?"), "stance", 1),
    (N_("Do you sign a Business Associate Agreement (BAA)?"), "baa_offered", 1),
    (N_("Will you sign a BAA with us?"), "baa_offered", 1),
    (N_("May protected health information (PHI) be stored in the service?"), "phi_allowed", 1),
    (N_("Do you forbid protected health information (PHI) in the service?"), "phi_allowed", -1),
    (N_("May cardholder data be stored in the service?"), "card_data_allowed", 1),
    (N_("Do you forbid cardholder data in the service?"), "card_data_allowed", -1),
    (N_("Has the service been audited against %(name)s?"), "product_audited", 1),
    (N_("Do you offer a data processing agreement (DPA)?"), "dpa_offered", 1),
    (N_("Will you sign a data processing agreement (DPA) with us?"), "dpa_offered", 1),
    (N_("Do you act as a data processor?"), "role_processor", 1),
    (N_("Do you act as a data controller?"), "role_controller", 1),
)
_CERT_QUESTIONS = (
    (N_("Are you %(name)s certified?"), "held"),
    (N_("Do you have a current %(name)s report or certificate?"), "held"),
    (N_("Can customers get a copy of the %(name)s report?"), "report"),
)
VALID_CERT = ("valid", "expiring", "undated")


def is_number(term: str) -> bool:
    """Whether a term is a number ("90", "1.2"); the first-character test spares the regex most terms."""
    return term[:1].isdecimal() and NUMBER.match(term) is not None


def _in_locale(text: LocalizedText, locale: str) -> str | None:
    """The text's unresolved wording in a locale, or None when it has none (one pass over its texts,
    where `locale in text.locales()` and then `text.get(locale)` would make two)."""
    for loc, raw in text.texts:
        if loc == locale:
            return raw
    return None


def _yes_no(value: bool | None, polarity: int = 1) -> str | None:
    if value is None:
        return None
    return "yes" if (value if polarity > 0 else not value) else "no"


@cache
def _catalog(locale: str) -> Translator | None:
    """The questionnaire catalog of a locale, or None when there is none."""
    try:
        t = translator(locale)
        t.gettext(_STANCE_QUESTIONS[0][0])
    except MissingTranslation:
        return None
    return t


def synthetic_questions(entry: Entry, locale: str) -> list[tuple[str, str]]:
    """(question text, answer) pairs that an entry's typed fields answer, in a locale."""
    if not isinstance(entry, (Stance, Certification)):
        return []
    t = _catalog(locale)
    if t is None:
        return []  # no catalog words these questions in this language; its statements still answer
    out: list[tuple[str, str]] = []
    if isinstance(entry, Stance):
        values: dict[str, str | None] = {
            "stance": entry.answer if entry.answer in ("yes", "no", "partial") else None,
            "baa_offered": _yes_no(entry.baa_offered), "phi_allowed": _yes_no(entry.phi_allowed),
            "card_data_allowed": _yes_no(entry.card_data_allowed), "product_audited": _yes_no(entry.product_audited),
            "dpa_offered": _yes_no(entry.dpa_offered),
            "role_processor": None if entry.role is None else _yes_no(entry.role != "controller"),
            "role_controller": None if entry.role is None else _yes_no(entry.role != "processor"),
        }
        for template, key, polarity in _STANCE_QUESTIONS:
            answer = values.get(key)
            if answer is None:
                continue
            if polarity < 0:
                answer = "no" if answer == "yes" else "yes"
            out.append((t.gettext(template) % {"name": entry.name}, answer))
    elif isinstance(entry, Certification):
        for template, key in _CERT_QUESTIONS:
            if key == "report" and (not entry.held or entry.report.access not in ("public", "request", "nda")):
                continue
            out.append((t.gettext(template) % {"name": entry.name}, "yes" if entry.held else "no"))
    return out


class Passage(NamedTuple):
    """One indexed text of an entry (a named tuple, like Analysis: many are made)."""

    entry: int
    kind: str
    analysis: Analysis
    answer: str | None = None  # the answer a canonical question carries
    text: str = ""
    term_set: frozenset[str] = frozenset()
    weight: float = 0.0  # the summed weights of its terms

    @property
    def terms(self) -> tuple[str, ...]:
        return self.analysis.terms


@dataclass(frozen=True)
class EntryPassages:
    """What judging one entry against a question needs: its passages and what they say together."""

    passages: tuple[Passage, ...]
    terms: frozenset[str]  # the terms of all its passages
    reliable: bool  # see _reliable

    @cached_property
    def numbers(self) -> frozenset[str]:
        """The numbers among its terms ("1.2", "90"), wanted only for a question that names one."""
        return frozenset(filter(is_number, self.terms))


@dataclass
class LanguageIndex:
    """Passages and BM25 postings of one language.

    Search needs every passage's terms; judging needs more of a passage (its weight, its term set,
    its entry's reliability) but only for the few entries a question has as candidates, so that part
    is made per entry on first use (entry()).
    """

    lang: str  # the analyzer's language (a language pack's code)
    locale: str  # the knowledge base locale whose texts were indexed
    analyzer: Analyzer  # analyzes questions with the vocabulary and stop terms the texts were analyzed with
    entries: list[Entry]  # the knowledge base entries, by index
    term_passages: dict[str, list[int]] = field(default_factory=dict)  # term -> the passages holding it
    # per passage, in passage order: (entry, kind, analysis, answer, text)
    passage_texts: list[tuple[int, str, Analysis, str | None, str]] = field(default_factory=list)
    passage_entry: list[int] = field(default_factory=list)  # each passage's entry
    entry_passages: list[list[int]] = field(default_factory=list)  # by entry
    retriever: Retriever | None = None
    idf: dict[str, float] = field(default_factory=dict)
    unknown_idf: float = 1.0
    typical_idf: float = 1.0  # the median idf of the indexed terms
    statements: dict[int, str] = field(default_factory=dict)  # see KnowledgeIndex.statement
    soft_terms: frozenset[str] = frozenset()
    provider_terms: frozenset[str] = frozenset()
    affixes: dict[str, list[str]] = field(default_factory=dict)
    names_provider: dict[int, bool] = field(default_factory=dict)  # the statement names a subprocessor
    weights: dict[str, float] = field(default_factory=dict)
    compounds: bool = False  # the language writes compounds as one word: match them by their parts
    _entries: dict[int, EntryPassages] = field(default_factory=dict)

    def entry(self, e: int) -> EntryPassages:
        """Entry e's passages, terms and reliability, made the first time a question needs them."""
        found = self._entries.get(e)
        if found is None:
            weight = self.weights.__getitem__
            passages = []
            for pid in self.entry_passages[e]:
                entry, kind, analysis, answer, text = self.passage_texts[pid]
                term_set = frozenset(analysis.terms)
                passages.append(Passage(entry, kind, analysis, answer, text, term_set,
                                        sum(map(weight, term_set))))
            terms = frozenset(chain.from_iterable(p.terms for p in passages))
            found = self._entries[e] = EntryPassages(tuple(passages), terms,
                                                     _reliable(self.entries[e], passages))
        return found

    def weight(self, term: str) -> float:
        w = self.weights.get(term)
        if w is None:
            w = self.unknown_idf * (0.3 if term in self.soft_terms else 1.0)
        return w

    def part_of(self, term: str, other: str) -> bool:
        """Whether one Swedish term is the head or the modifier of the other, a compound
        ("trafik" and "nätverkstrafik"): Swedish joins what English keeps apart."""
        if not self.compounds or term.startswith("§") or other.startswith("§"):
            return False
        short, long_ = (term, other) if len(term) < len(other) else (other, term)
        return len(short) >= 4 and len(long_) >= len(short) + 3 and (long_.startswith(short) or long_.endswith(short))

    @property
    def soft_weight(self) -> float:
        """Terms lighter than this ("data", "use") name no subject of their own."""
        return 0.3 * self.typical_idf

    def covers(self, asked: Iterable[str], said: frozenset[str]) -> bool:
        """Whether `said` speaks of every term of `asked` that names something (numbers and terms
        lighter than soft_weight do not), exactly or, in a compounding language, by a part."""
        soft = self.soft_weight
        return all(t in said or is_number(t) or self.weight(t) < soft or any(self.part_of(t, v) for v in said)
                   for t in asked)

    def overlap(self, q_terms: frozenset[str], c_terms: frozenset[str]) -> tuple[float, float]:
        """Matched weight on each side: exact terms fully, compound parts (Swedish) at 0.8.

        `c_terms` are indexed terms (a passage's or an entry's), so their weights are all known."""
        exact = q_terms & c_terms
        q_over = sum(map(self.weights.__getitem__, exact))
        c_over = q_over
        if self.compounds:
            q_rest, c_rest = q_terms - exact, c_terms - exact
            # part_of is symmetric: one pass over the pairs finds the parts on both sides.
            q_parts: set[str] = set()
            c_parts: set[str] = set()
            for q in q_rest:
                for c in c_rest:
                    if self.part_of(q, c):
                        q_parts.add(q)
                        c_parts.add(c)
            for q in q_rest:
                if q in q_parts:
                    q_over += 0.8 * self.weight(q)
            for c in c_rest:
                if c in c_parts:
                    c_over += 0.8 * self.weight(c)
        return q_over, c_over

    def expand(self, query: dict[str, float]) -> dict[str, float]:
        """Swedish query terms plus the indexed compounds they are part of, and the indexed parts of
        the compounds they are, at half weight (for finding candidates only)."""
        if not self.compounds:
            return query
        out = dict(query)
        for term, weight in query.items():
            if term.startswith("§") or len(term) < 4:
                continue
            for other in self.affixes.get(term, ()):
                out.setdefault(other, weight * 0.5)
            for k in range(4, len(term) - 2):
                for part in (term[:k], term[-k:]):
                    if part in self.term_passages:
                        out.setdefault(part, weight * 0.5)
        return out


class KnowledgeIndex:
    """What the engine searches: the entries an audience may see, indexed per language on demand."""

    def __init__(self, kb: KnowledgeBase, full: KnowledgeBase | None = None):
        """`kb` holds the entries that may answer; `full` (the unfiltered knowledge base) resolves their
        references, because a public statement may name a product or value that the audience's or
        product's view has filtered out."""
        self.kb = kb
        self.render_kb = full or kb
        self.entries: list[Entry] = list(kb.entries())
        self.today = today()
        # (namespace, lower-case id) -> the entries mapped to it
        self.by_mapped_id: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i, entry in enumerate(self.entries):
            for namespace, ids in entry.mappings:
                for mapped in ids:
                    self.by_mapped_id[(namespace, mapped.lower())].append(i)
        self._languages: dict[str, LanguageIndex] = {}
        self._pending: dict[str, tuple[list[list[tuple[str, str, str | None, list[str]]]], Callable[[], Any]]] = {}

    @cached_property
    def positions(self) -> dict[str, int]:
        """Each entry's place in `entries`, by id (answers name their sources by id)."""
        return {entry.id: e for e, entry in enumerate(self.entries)}

    def locale_for(self, lang: str) -> str:
        """The knowledge base locale that answers a question in `lang` (its default when it lacks it)."""
        return lang if lang in self.kb.locales else self.kb.default_locale

    def language(self, lang: str) -> LanguageIndex:
        locale = self.locale_for(lang)
        analyzer = pack(locale).code  # the default language's pack reads a locale no pack knows
        if locale not in self._languages:
            self._languages[locale] = self._build(analyzer, locale)
        return self._languages[locale]

    def cert_valid(self, entry: Entry) -> bool:
        return not isinstance(entry, Certification) or entry.status(self.today) in VALID_CERT

    # --- building ---------------------------------------------------------------------------------

    def render_text(self, text: LocalizedText, locale: str) -> str:
        """A text of the organisation or a product in a locale (its default locale's when it lacks one)."""
        loc = locale if locale in text.locales() else self.kb.default_locale
        return kbtext.render(self.render_kb, text, loc, None)

    def _render(self, text: LocalizedText, locale: str, entry: Entry, raw: str | None = None) -> str:
        """The text in a locale with its references resolved (`raw`: its unresolved text, when known)."""
        if raw is None:
            raw = text.get(locale)
        # Most texts hold no reference; rendering them would only copy them character by character.
        return raw if "{" not in raw and "}" not in raw else kbtext.render(self.render_kb, text, locale, entry)

    def _texts(self, entry: Entry, locale: str) -> list[tuple[str, str, str | None]]:
        out: list[tuple[str, str, str | None]] = []
        for q in entry.questions:
            if (raw := _in_locale(q.text, locale)) is not None:
                out.append((QUESTION, self._render(q.text, locale, entry, raw), q.answer))
        for text, answer in synthetic_questions(entry, locale):
            out.append((SYNTHETIC, text, answer))
        if (raw := _in_locale(entry.statement, locale)) is not None:
            out.append((STATEMENT, self._render(entry.statement, locale, entry, raw), None))
        if entry.title is not None and (raw := _in_locale(entry.title, locale)) is not None:
            out.append((TITLE, self._render(entry.title, locale, entry, raw), None))
        if isinstance(entry, (Certification, Stance)) and entry.name:
            out.append((TITLE, entry.name, None))
        keywords = entry.keywords_for(locale)
        if keywords:
            out.append((KEYWORDS, " ; ".join(keywords), None))
        return out

    def prepare(self, langs: Iterable[str]) -> None:
        """Start embedding the texts of each language's index, all at once, before any is built: the
        embedding model works in a thread while the indexes analyse their texts (the tokenizer and numpy
        release the interpreter lock), so on a new knowledge base the two overlap."""
        for lang in langs:
            locale = self.locale_for(lang)
            if locale not in self._languages and locale not in self._pending:
                self._pending[locale] = self._start(locale)

    def _start(self, locale: str) -> tuple[list[list[tuple[str, str, str | None, list[str]]]], Callable[[], Any]]:
        # Imported here: numpy, bm25s and the embedding model are for answering, not for every command
        # that imports the questionnaire package (`trustgen validate` does).
        from .retrieval import embed_in_background, embedder

        tokenized = [[(kind, text, answer, words(text)) for kind, text, answer in self._texts(entry, locale)]
                     for entry in self.entries]
        all_texts = [text for items in tokenized for _kind, text, _answer, _raw in items]
        return tokenized, embed_in_background(embedder(), all_texts)

    def _build(self, lang: str, locale: str) -> LanguageIndex:
        kb = self.kb
        # Each text is cut into words and stemmed once: the stems make the vocabulary, which the
        # analysis needs (to see "unencrypted" as a negation), and then the analysis reuses them.
        from .retrieval import Retriever, embedder

        tokenized, vectors = self._pending.pop(locale, None) or self._start(locale)
        model = embedder()
        distinct = {w for items in tokenized for *_, raw in items for w in raw}
        stem_all(distinct, lang)
        texts = [[(kind, text, answer, raw, stems(raw, lang)) for kind, text, answer, raw in items]
                 for items in tokenized]
        vocabulary = frozenset(stems(list(distinct), lang))

        def name_terms(names: list[str]) -> frozenset[str]:
            return frozenset(stem(w, lang) for name in names for w in words(name) if len(w) > 1)

        org = kb.organization
        stop_terms = name_terms([org.name, org.legal_name]) - _GENERIC_NAME_WORDS
        soft = name_terms([p.name for p in kb.products]) | stop_terms | pack(lang).light | LIGHT_CONCEPTS
        # A provider is named by its id, the first word of its name and an acronym in brackets
        # ("Amazon Web Services (AWS)" -> amazon, aws); the other words of a name are too common.
        provider_names = []
        for sub in kb.subprocessors:
            provider_names.extend(sub.id.split("-"))
            provider_names.extend(words(sub.name)[:1])
            provider_names.extend(re.findall(r"\(([^)]+)\)", sub.name))
        providers = set(name_terms(provider_names) - _GENERIC_NAME_WORDS)
        named = frozenset(providers)
        providers |= {concept_term(c) for c in ("provider", "datacenter", "datahall", "subprocessor", "thirdparty")}
        analyzer = Analyzer(lang, vocabulary, frozenset(stop_terms))
        index = LanguageIndex(lang=lang, locale=locale, analyzer=analyzer, entries=self.entries,
                              soft_terms=soft, provider_terms=frozenset(providers), compounds=pack(lang).compounds)

        kept: list[int] = []  # the place in all_texts of each passage kept
        position = -1
        for i, items in enumerate(texts):
            pids = []
            for kind, text, answer, raw, text_stems in items:
                position += 1
                analysis = analyzer.analyze_words(text, raw, text_stems, buyer=kind in (QUESTION, SYNTHETIC))
                if kind == KEYWORDS:
                    analysis = Analysis(analysis.terms, (), False)  # a keyword list has no polarity
                if not analysis.terms:
                    continue
                kept.append(position)
                pids.append(len(index.passage_texts))
                index.passage_texts.append((i, kind, analysis, answer, text))
                if kind == STATEMENT:
                    index.statements[i] = text
                    index.names_provider[i] = not named.isdisjoint(analysis.terms)
            index.entry_passages.append(pids)

        found = index.passage_texts
        n = len(found)
        term_passages: dict[str, list[int]] = defaultdict(list)
        for pid, f in enumerate(found):
            for term in f[2].terms:
                term_passages[term].append(pid)
        index.term_passages = dict(term_passages)
        index.idf = idf = {t: math.log(1 + (n - len(pids) + 0.5) / (len(pids) + 0.5))
                           for t, pids in index.term_passages.items()}
        index.unknown_idf = math.log(1 + (n + 0.5) / 0.5)
        index.passage_entry = [f[0] for f in found]
        index.retriever = Retriever([f[2].terms for f in found], index.passage_entry, model,
                                    vectors().take(kept, axis=0) if kept else None)
        index.weights = {t: w * 0.3 if t in index.soft_terms else w for t, w in idf.items()}
        if idf:
            values = sorted(idf.values())
            index.typical_idf = values[len(values) // 2]
        if index.compounds:
            affixes: dict[str, list[str]] = defaultdict(list)
            for term in index.term_passages:
                if term.startswith("§") or len(term) < 7:
                    continue
                for k in range(4, len(term) - 2):
                    affixes[term[:k]].append(term)
                    affixes[term[-k:]].append(term)
            index.affixes = dict(affixes)
        return index

    def statement(self, li: LanguageIndex, i: int) -> str:
        """Entry i's statement as the explanation of an answer in li's language: the indexed one, or
        (an entry without one there) the default locale's, rendered only when an answer or a
        suggestion shows it."""
        text = li.statements.get(i)
        if text is None:
            entry = self.entries[i]
            text = li.statements[i] = self._render(entry.statement, self.kb.default_locale, entry)
        return text


def _reliable(entry: Entry, passages: list[Passage]) -> bool:
    """Whether a plain question that matches this entry's content may take the entry's plain answer.

    Not for stances (their answer is about compliance, not about each thing they mention), not
    when the statement itself negates or restricts (its plain answer could be either way round),
    and not when the author's own plain questions disagree with it.
    """
    if isinstance(entry, Stance) or entry.answer not in ("yes", "no", "partial", "n/a"):
        return False
    for p in passages:
        if p.kind == STATEMENT and p.analysis.markers:
            return False
        if p.kind == QUESTION and not p.analysis.markers and not p.analysis.open and p.answer != entry.answer:
            return False
    return True


# Concepts as light as the verbs in language.LIGHT ("protected by", "skyddas av").
LIGHT_CONCEPTS = frozenset({concept_term("protect")})
# Words of company and provider names that are ordinary words of the domain and must stay content.
_GENERIC_NAME_WORDS = _wordset("cloud secur data servic system network protect trust host manag platform web "
                               "the and of inc ltd ab")
