"""Language packs: what the questionnaire matcher knows of each language it reads.

A pack holds a language's stemmer, its function words (for telling languages apart and for
dropping from the terms), its question words, its negation and permission markers and the few
grammatical habits the matcher must respect (Swedish compounds, "can ... be" as a permission
question). Every module in this package that defines PACK is a language: adding one (say no.py for
Norwegian) makes the matcher read, match and answer questions in it, with no other code change.
The domain vocabulary (synonyms.py) and the question patterns of reading.py may add phrases in the
new language; without them, matching falls back on stems and embeddings.

A pack also names what questionnaire files in its language call their columns (question, answer,
comment, id, section) and how their answer cells say yes, no, partly and not applicable. A file's
language is not known before its header is read, so these words are used from every pack at once.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache

NEG, FORBID, PERMIT, OUTSIDE, EVER, ALONE, OPTIONAL, DISABLE, EXCESS = (
    "neg", "forbid", "permit", "outside", "ever", "alone", "optional", "disable", "excess")
DEFAULT = "en"  # the language of a question no pack claims, and of a knowledge base no pack reads


def wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


def markers(**groups: str) -> dict[str, str]:
    """Marker words by kind: markers(neg="not no never", permit="allow allows") -> word: kind."""
    out: dict[str, str] = {}
    for kind, text in groups.items():
        out.update(dict.fromkeys(text.split(), kind))
    return out


@dataclass(frozen=True)
class LanguagePack:
    code: str  # the locale code knowledge bases use ("en", "sv")
    stemmer: str  # the Snowball algorithm (PyStemmer / snowballstemmer name)
    hints: frozenset[str]  # function words that tell this language from the others
    stop: frozenset[str]  # words that add nothing to a question's terms
    light: frozenset[str]  # stems of verbs that carry little meaning ("use", "deploy")
    markers: Mapping[str, str]  # word -> polarity marker (NEG, FORBID, PERMIT, ...)
    marker_pairs: Mapping[tuple[str, str], str]  # two words that together are a marker ("other than")
    open_start: frozenset[str]  # words that begin an open question ("which", "describe")
    prepositions: frozenset[str]  # words that may come before those ("in which ...")
    where: frozenset[str]  # words that ask for a place
    what: frozenset[str]  # "what", "which": the word after them is what is asked for
    list_words: frozenset[str]  # "list", "name": the first content word after them is what is asked for
    degree: frozenset[str]  # "minimum", "latest": not what is asked for when they follow "which"
    relative: frozenset[str]  # "that", "which": a marker after them describes, it does not ask
    buyer: frozenset[str]  # "we", "our": in a question, the buyer and the buyer's data
    own: frozenset[str]  # "own", "in-house": about the organisation itself, not its providers
    neg_prefixes: tuple[str, ...] = ()  # "un", "non": a known word after them is negated
    not_prefixed: frozenset[str] = frozenset()  # words that begin like a negating prefix but are not negated
    letters: str = ""  # letters only this language uses among the packs ("åäö"), for telling them apart
    please: frozenset[str] = frozenset()  # "please", "kindly": a request's first word, before the asking one
    politeness: frozenset[str] = frozenset()  # the words dropped from such a request ("var god")
    not_open: frozenset[tuple[str, str]] = frozenset()  # first two words that look open but are not
    can: frozenset[str] = frozenset()  # modals that ask permission when a passive follows ("can ... be stored")
    be: frozenset[str] = frozenset()  # the auxiliary of that passive, when the language has one ("be")
    passive: re.Pattern[str] | None = None  # a passive verb form, when the language inflects it ("lagras")
    conditional_permit: frozenset[str] = frozenset()  # markers that ask permission only before a passive or actor
    actors: frozenset[str] = frozenset()  # subjects that make those ask permission ("får vi ...")
    more_than: tuple[str, str] | None = None  # "more ... than" asks the same way round as "beyond"
    compounds: bool = False  # writes compounds as one word ("kunddata"): match them by their parts
    fold: Callable[[str], str] | None = None  # folds derivational endings Snowball leaves on a stem
    cadence: frozenset[str] = frozenset()  # "hourly", "årligen": words that say how often
    # Questionnaire files. headers: role -> header words; the roles are those of HEADER_ROLES.
    headers: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    yes: frozenset[str] = frozenset()  # answer cells: "yes", "ja"
    no: frozenset[str] = frozenset()
    not_applicable: frozenset[str] = frozenset()
    partial: tuple[str, ...] = ()  # beginnings of words that say partly ("partial", "delvis")
    yes_no: tuple[tuple[str, str], ...] = ()  # headers such as "Yes/No": ("yes", "no")


# What each role of HEADER_ROLES is for (xlsx/detect.py scores header cells with them, readers.py finds
# CSV columns, reading.py takes a question's context from its row):
HEADER_ROLES = (
    "id_strong",        # a header that is certainly the question id ("question id", "frågenummer")
    "id_plain",         # one that is probably the id ("id", "nr", "ref")
    "question_strong",  # certainly the question text ("question", "fråga")
    "question_words",   # words that make a header the question column when it contains them
    "question_weak",    # words that may ("control", "kontroll")
    "answer_words",     # words that make a header the answer column ("answer", "svar")
    "answer_weak",      # words that may ("status", "compliance")
    "comment_strong",   # the comment column ("comments", "kommentar")
    "comment_plain",    # phrases that probably are ("additional information")
    "comment_weak",     # words that may be ("description")
    "not_a_column",     # headers of columns never filled ("guidance", "exempel")
    "csv_question",     # CSV headers of the question column
    "csv_id",           # CSV headers of the id column
    "context",          # columns that give a question its context ("section", "avsnitt")
)

@cache
def packs() -> dict[str, LanguagePack]:
    """Every pack in this package by its code, the default language first."""
    found: dict[str, LanguagePack] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        pack = getattr(module, "PACK", None)
        if isinstance(pack, LanguagePack):
            found[pack.code] = pack
    ordered = {DEFAULT: found.pop(DEFAULT)} if DEFAULT in found else {}
    ordered.update(found)
    return ordered


def languages() -> tuple[str, ...]:
    """The codes of the languages the matcher reads, the default first."""
    return tuple(packs())


@cache
def header_words(role: str) -> tuple[str, ...]:
    """The header words of a role (see HEADER_ROLES) in every language, without repeats."""
    if role not in HEADER_ROLES:
        raise KeyError(role)
    return tuple(dict.fromkeys(w for p in packs().values() for w in p.headers.get(role, ())))


@cache
def answer_words() -> tuple[frozenset[str], frozenset[str], frozenset[str], tuple[str, ...]]:
    """The words of answer cells in every language: yes, no, not applicable, and partly (beginnings)."""
    ps = packs().values()
    return (frozenset().union(*(p.yes for p in ps)), frozenset().union(*(p.no for p in ps)),
            frozenset().union(*(p.not_applicable for p in ps)),
            tuple(dict.fromkeys(w for p in ps for w in p.partial)))


@cache
def yes_no_headers() -> tuple[re.Pattern[str], ...]:
    """Header patterns such as "Yes/No", "Y/N", "Ja/Nej" in every language."""
    return tuple(re.compile(rf"\b{re.escape(y)}\s*/\s*{re.escape(n)}\b")
                 for p in packs().values() for y, n in p.yes_no)


def pack(code: str) -> LanguagePack:
    """The pack of a language, or the default language's when there is none for it."""
    found = packs()
    return found.get(code) or found[DEFAULT]
