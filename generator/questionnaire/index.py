"""The searchable form of a knowledge base: for each language, every answerable entry cut into
passages (canonical questions, statement, title, keywords) with their terms, and a BM25 index over
them.

BM25 is written out here (Okapi BM25, k1=1.2, b=0.75) rather than taken from a library: it is a
few lines over an inverted index, and the libraries that offer it either pull in numpy/scipy or are
no longer maintained.

Stances and certifications also get canonical questions built from their typed fields
(`baa_offered`, `phi_allowed`, `card_data_allowed`, `dpa_offered`, the certification's standard ...),
each carrying the answer the field gives, so "Do you sign a BAA?" is answered from `baa_offered`
and never from the HIPAA stance's own yes or no.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from .. import text as kbtext
from ..clock import today
from ..i18n import N_, translator
from ..model import Certification, Entry, KnowledgeBase, LocalizedText, Stance
from .language import LANGUAGES, LIGHT, Analysis, Analyzer, _wordset, stem, stems, words
from .synonyms import concept_term

K1, B = 1.2, 0.75
NUMBER = re.compile(r"^\d+(?:[.,]\d+)*$")
ID_SCHEMES = ("caiq_v4", "hecvat", "vsaq")

QUESTION, SYNTHETIC, STATEMENT, TITLE, KEYWORDS = "question", "synthetic", "statement", "title", "keywords"
# How much a passage kind counts when ranking candidates.
FIELD_WEIGHT = {QUESTION: 1.0, SYNTHETIC: 1.0, STATEMENT: 0.8, TITLE: 0.7, KEYWORDS: 0.9}

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


def _yes_no(value: bool | None, polarity: int = 1) -> str | None:
    if value is None:
        return None
    return "yes" if (value if polarity > 0 else not value) else "no"


def synthetic_questions(entry: Entry, locale: str) -> list[tuple[str, str]]:
    """(question text, answer) pairs that an entry's typed fields answer, in a locale."""
    if locale not in LANGUAGES:
        return []
    t = translator(locale)
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
            if key == "report" and entry.report.access not in ("public", "request", "nda"):
                continue
            out.append((t.gettext(template) % {"name": entry.name}, "yes"))
    return out


@dataclass(frozen=True)
class Passage:
    entry: int
    kind: str
    analysis: Analysis
    answer: str | None = None  # the answer a canonical question carries
    text: str = ""
    term_set: frozenset[str] = frozenset()
    weight: float = 0.0  # the summed weights of its terms, set once the index knows them

    @property
    def terms(self) -> tuple[str, ...]:
        return self.analysis.terms


@dataclass
class LanguageIndex:
    """Passages and BM25 postings of one language."""

    lang: str  # the analyzer's language (en or sv)
    locale: str  # the knowledge base locale whose texts were indexed
    passages: list[Passage] = field(default_factory=list)
    postings: dict[str, list[tuple[int, float]]] = field(default_factory=dict)  # term -> (passage, BM25 weight)
    norms: list[float] = field(default_factory=list)  # each passage's BM25 length normalisation
    lengths: list[int] = field(default_factory=list)
    avg_length: float = 1.0
    idf: dict[str, float] = field(default_factory=dict)
    unknown_idf: float = 1.0
    typical_idf: float = 1.0  # the median idf of the indexed terms
    entry_passages: dict[int, list[int]] = field(default_factory=dict)
    entry_terms: dict[int, frozenset[str]] = field(default_factory=dict)
    statements: dict[int, str] = field(default_factory=dict)  # see statement()
    reliable: dict[int, bool] = field(default_factory=dict)
    vocabulary: frozenset[str] = frozenset()
    analyzer: Analyzer | None = None  # analyzes questions with the vocabulary and stop terms above
    soft_terms: frozenset[str] = frozenset()
    provider_terms: frozenset[str] = frozenset()
    stop_terms: frozenset[str] = frozenset()
    affixes: dict[str, list[str]] = field(default_factory=dict)
    names_provider: dict[int, bool] = field(default_factory=dict)  # the statement names a subprocessor

    weights: dict[str, float] = field(default_factory=dict)
    # Renders an entry's statement in the default locale, for an entry with no statement passage here.
    fallback_statement: Callable[[int], str] | None = None
    _numbers: dict[int, frozenset[str]] = field(default_factory=dict)

    def statement(self, entry: int) -> str:
        """The entry's statement as the answer's explanation: the indexed one, or (an entry without
        one in this locale) the default locale's, rendered only when an answer or suggestion uses it."""
        text = self.statements.get(entry)
        if text is None:
            assert self.fallback_statement is not None
            text = self.statements[entry] = self.fallback_statement(entry)
        return text

    def numbers(self, entry: int) -> frozenset[str]:
        """The numbers among the entry's terms (looked up for the few entries a question is judged against)."""
        found = self._numbers.get(entry)
        if found is None:
            found = self._numbers[entry] = frozenset(t for t in self.entry_terms.get(entry, ()) if NUMBER.match(t))
        return found

    def weight(self, term: str) -> float:
        w = self.weights.get(term)
        if w is None:
            w = self.unknown_idf * (0.3 if term in self.soft_terms else 1.0)
        return w

    def part_of(self, term: str, other: str) -> bool:
        """Whether one Swedish term is the head or the modifier of the other, a compound
        ("trafik" and "nätverkstrafik"): Swedish joins what English keeps apart."""
        if self.lang != "sv" or term.startswith("§") or other.startswith("§"):
            return False
        short, long_ = (term, other) if len(term) < len(other) else (other, term)
        return len(short) >= 4 and len(long_) >= len(short) + 3 and (long_.startswith(short) or long_.endswith(short))

    def overlap(self, q_terms: frozenset[str], c_terms: frozenset[str]) -> tuple[float, float]:
        """Matched weight on each side: exact terms fully, compound parts (Swedish) at 0.8."""
        exact = q_terms & c_terms
        q_over = sum(self.weight(t) for t in exact)
        c_over = q_over
        if self.lang == "sv":
            q_rest, c_rest = q_terms - exact, c_terms - exact
            for q in q_rest:
                if any(self.part_of(q, c) for c in c_rest):
                    q_over += 0.8 * self.weight(q)
            for c in c_rest:
                if any(self.part_of(c, q) for q in q_rest):
                    c_over += 0.8 * self.weight(c)
        return q_over, c_over

    def expand(self, query: dict[str, float]) -> dict[str, float]:
        """Swedish query terms plus the indexed compounds they are part of, and the indexed parts of
        the compounds they are, at half weight (for finding candidates only)."""
        if self.lang != "sv":
            return query
        out = dict(query)
        for term, weight in query.items():
            if term.startswith("§") or len(term) < 4:
                continue
            for other in self.affixes.get(term, ()):
                out.setdefault(other, weight * 0.5)
            for k in range(4, len(term) - 2):
                for part in (term[:k], term[-k:]):
                    if part in self.postings:
                        out.setdefault(part, weight * 0.5)
        return out

    def search(self, query: dict[str, float], limit: int) -> list[tuple[int, float]]:
        """Entries ranked by BM25 over their passages: best passage plus a share of the others.

        Term at a time, rarest first; a term found in more than a tenth of the passages only adds to
        passages a rarer term already found, which keeps common words ("data", "access") from
        making every question visit every passage."""
        query = self.expand(query)
        scores: dict[int, float] = defaultdict(float)
        terms = sorted((t for t in query if t in self.postings), key=lambda t: len(self.postings[t]))
        common = max(50, len(self.passages) // 40)
        pruned = False
        for term in terms:
            qweight = query[term]
            postings = self.postings[term]
            if len(postings) > common and scores:
                if not pruned and len(scores) > 200:
                    # The rarer terms have ranked the passages; common words only reorder the best.
                    best = sorted(scores.items(), key=lambda kv: -kv[1])[:200]
                    scores = defaultdict(float, best)
                pruned = True
                # The same weight as the term's posting holds, computed for the few passages kept
                # rather than looked up in a per-passage table.
                idf_k = self.idf[term] * (K1 + 1)
                passages, norms = self.passages, self.norms
                for pid in list(scores):
                    if term in passages[pid].term_set:
                        scores[pid] += qweight * (idf_k / norms[pid])
                continue
            for pid, w in postings:
                scores[pid] += qweight * w
        by_entry: dict[int, list[float]] = defaultdict(list)
        passages = self.passages
        for pid, score in scores.items():
            p = passages[pid]
            by_entry[p.entry].append(score * FIELD_WEIGHT[p.kind])
        ranked = []
        for entry, values in by_entry.items():
            if len(values) > 1:
                values.sort(reverse=True)
            ranked.append((entry, values[0] + 0.25 * sum(values[1:4])))
        ranked.sort(key=lambda item: (-item[1], item[0]))
        return ranked[:limit]


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
        self.by_mapped_id: dict[str, list[int]] = defaultdict(list)
        for i, entry in enumerate(self.entries):
            for scheme in ID_SCHEMES:
                for mapped in entry.mapped_ids(scheme):
                    self.by_mapped_id[mapped.lower()].append(i)
        self._languages: dict[str, LanguageIndex] = {}

    def locale_for(self, lang: str) -> str:
        """The knowledge base locale that answers a question in `lang` (its default when it lacks it)."""
        return lang if lang in self.kb.locales else self.kb.default_locale

    def language(self, lang: str) -> LanguageIndex:
        locale = self.locale_for(lang)
        analyzer = locale if locale in LANGUAGES else "en"
        if locale not in self._languages:
            self._languages[locale] = self._build(analyzer, locale)
        return self._languages[locale]

    def cert_valid(self, entry: Entry) -> bool:
        return not isinstance(entry, Certification) or entry.status(self.today) in VALID_CERT

    # --- building ---------------------------------------------------------------------------------

    def _render(self, text: LocalizedText, locale: str, entry: Entry) -> str:
        raw = text.get(locale)
        # Most texts hold no reference; rendering them would only copy them character by character.
        return raw if "{" not in raw and "}" not in raw else kbtext.render(self.render_kb, text, locale, entry)

    def _texts(self, entry: Entry, locale: str) -> list[tuple[str, str, str | None]]:
        out: list[tuple[str, str, str | None]] = []
        for q in entry.questions:
            if locale in q.text.locales():
                out.append((QUESTION, self._render(q.text, locale, entry), q.answer))
        for text, answer in synthetic_questions(entry, locale):
            out.append((SYNTHETIC, text, answer))
        if locale in entry.statement.locales():
            out.append((STATEMENT, self._render(entry.statement, locale, entry), None))
        if entry.title is not None and locale in entry.title.locales():
            out.append((TITLE, self._render(entry.title, locale, entry), None))
        if isinstance(entry, (Certification, Stance)) and entry.name:
            out.append((TITLE, entry.name, None))
        keywords = entry.keywords_for(locale)
        if keywords:
            out.append((KEYWORDS, " ; ".join(keywords), None))
        return out

    def _build(self, lang: str, locale: str) -> LanguageIndex:
        kb = self.kb
        # Each text is cut into words and stemmed once: the stems make the vocabulary, which the
        # analysis needs (to see "unencrypted" as a negation), and then the analysis reuses them.
        texts: list[list[tuple[str, str, str | None, list[str], list[str]]]] = []
        vocabulary_set: set[str] = set()
        for entry in self.entries:
            items = []
            for kind, text, answer in self._texts(entry, locale):
                raw = words(text)
                text_stems = stems(raw, lang)
                vocabulary_set.update(text_stems)
                items.append((kind, text, answer, raw, text_stems))
            texts.append(items)
        vocabulary = frozenset(vocabulary_set)

        def name_terms(names: list[str]) -> frozenset[str]:
            return frozenset(stem(w, lang) for name in names for w in words(name) if len(w) > 1)

        org = kb.organization
        stop_terms = name_terms([org.name, org.legal_name]) - _GENERIC_NAME_WORDS
        soft = name_terms([p.name for p in kb.products]) | stop_terms | LIGHT.get(lang, frozenset()) | LIGHT_CONCEPTS
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
        index = LanguageIndex(lang=lang, locale=locale, vocabulary=vocabulary, soft_terms=soft,
                              provider_terms=frozenset(providers), stop_terms=analyzer.extra_stop,
                              analyzer=analyzer, fallback_statement=partial(self._default_statement))

        # Passages are made once the weights of their terms are known, so first their analyses.
        found: list[tuple[int, str, Analysis, str | None, str, frozenset[str]]] = []
        for i, items in enumerate(texts):
            pids = []
            for kind, text, answer, raw, text_stems in items:
                analysis = analyzer.analyze_words(text, raw, text_stems, buyer=kind in (QUESTION, SYNTHETIC))
                if kind == KEYWORDS:
                    analysis = Analysis(analysis.terms, (), False)  # a keyword list has no polarity
                if not analysis.terms:
                    continue
                pids.append(len(found))
                found.append((i, kind, analysis, answer, text, frozenset(analysis.terms)))
                if kind == STATEMENT:
                    index.statements[i] = text
                    index.names_provider[i] = not named.isdisjoint(analysis.terms)
            index.entry_passages[i] = pids
            index.entry_terms[i] = frozenset(t for pid in pids for t in found[pid][2].terms)

        n = len(found)
        index.lengths = lengths = [len(f[2].terms) for f in found]
        df = Counter(t for f in found for t in f[2].terms)
        index.avg_length = (sum(lengths) / n) if n else 1.0
        index.idf = idf = {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}
        index.unknown_idf = math.log(1 + (n + 0.5) / 0.5)
        # Each passage holds a term once (tf = 1), so its BM25 weight depends only on the term's idf
        # and the passage's length: computed once here instead of for every question.
        postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        norms = index.norms
        for pid, f in enumerate(found):
            norm = 1 + K1 * (1 - B + B * lengths[pid] / index.avg_length)
            norms.append(norm)
            for term in f[2].terms:
                postings[term].append((pid, idf[term] * (K1 + 1) / norm))
        index.postings = dict(postings)
        index.weights = weights = {t: w * 0.3 if t in index.soft_terms else w for t, w in idf.items()}
        index.passages = [Passage(i, kind, analysis, answer, text, term_set, sum(weights[t] for t in term_set))
                          for i, kind, analysis, answer, text, term_set in found]
        for i, entry in enumerate(self.entries):
            index.reliable[i] = self._reliable(entry, [index.passages[p] for p in index.entry_passages[i]])
        if idf:
            values = sorted(idf.values())
            index.typical_idf = values[len(values) // 2]
        if lang == "sv":
            affixes: dict[str, list[str]] = defaultdict(list)
            for term in index.postings:
                if term.startswith("§") or len(term) < 7:
                    continue
                for k in range(4, len(term) - 2):
                    affixes[term[:k]].append(term)
                    affixes[term[-k:]].append(term)
            index.affixes = dict(affixes)
        return index

    def _default_statement(self, i: int) -> str:
        entry = self.entries[i]
        return self._render(entry.statement, self.kb.default_locale, entry)

    @staticmethod
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
