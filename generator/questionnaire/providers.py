"""Questions about the organisation's subprocessors, answered from subprocessors.yaml.

"Which subprocessors do you use?", "Which cloud providers host the service?", "Will customer data be
hosted by any third parties?" are answered by the list itself, not by a fact that happens to name one
provider. A question that asks something else about third parties ("Do you assess your third
parties?", "Do your contracts with subprocessors cover breaches?") is not one of these: it goes to
the general judgement.

The words are a small closed vocabulary of how buyers ask for the list, in each language the
generator has a pack for; they are matched by word beginning, so inflections need no stemmer. Hand-
written: whether a question asks for the list (and for which kind of provider) is a question of a
few dozen words, which no library answers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..model import KnowledgeBase, Subprocessor
from .language import words

# Who the question asks about: subprocessors, third parties, providers.
_ASKED = re.compile(
    r"\b(?:sub-?processors?|sub-?contractors?|third[\s-]+part(?:y|ies)|(?:service\s+|cloud\s+|hosting\s+)?"
    r"providers?|vendors?|underbiträden?|underbiträdena|underleverantör(?:er|erna)?|tredje\s*part(?:er|erna)?|"
    r"leverantör(?:er|erna)?|tjenesteleverandør(?:er)?|underleverandør(?:er)?|databehandlere?|tredjepart(?:er)?|"
    r"who\s+(?:provides|hosts|runs|operates)|vem\s+(?:levererar|driftar|tillhandahåller))\b",
    re.IGNORECASE)

def _word_list(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Word beginnings that may stand in such a question besides the ones above: function words, "use",
# "host", "data" and the like. Any other content word means it asks something else.
_ALLOWED = _word_list("""
a all an and any are as at be been by can could currently data de do does for from have has hosted host
i in information institution into is it its list may name names of on or other others our outsourc
party parties please process provid rely s service shar solution store stored storing subprocessor sub supplier system that
the their them these they third this those to transmit use used using utiliz vendor we which who
will with within would you your customer personal client collect access engag employ identify product
application platform behalf current entit compan organi processor contractor cloud infrastructure
centre center datacent server servers hosting storage iaas paas saas email e-mail mail payment card
cardholder support helpdesk ticket analytic what applicable uses does did production environment
vilka vilken vilket anlit använd använder ni er era ert era de den det som för att av och eller med
hos i på till data kunddata personuppgift uppgift tjänst tjänsten lagr lagra lagras behandl drift drift
driftar leverantör underbiträd underleverantör tredje part parter tredjepart molnleverantör moln
datacenter server lista ange finns har kan ska skall inom alla några någon något e-post betal support
produktionsmiljön driftmiljön infrastrukturen
samtliga vår våra vårt räkning personuppgifter ert oss
hvilke hvilken bruker dere deres som til av og eller med på i data kundedata behandl lagr leverandør
tjenesteleverandør underleverandør databehandler sky tredjepart alle noen
""")

# Words of four letters or more stand for their inflections too ("process" for "processes").
_PREFIXES = tuple(a for a in _ALLOWED if len(a) >= 4)

# The kinds of provider a question may narrow to, each with the word beginnings that name it in a
# question and in a subprocessor's purpose.
_KIND_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("hosting", ("host", "cloud", "infrastructure", "data cent", "datacent", "data-cent", "server", "iaas", "paas",
                 "storage", "store", "storing", "drift", "moln", "lagr", "skyen", "skytjenest", "compute")),
    ("email", ("email", "e-mail", "mail", "e-post", "epost")),
    ("payment", ("payment", "card", "betal", "kort")),
    ("support", ("support", "helpdesk", "ticket", "kundtjänst", "ärende")),
    ("analytics", ("analytic", "analys")),
)
_KINDS = tuple((kind, re.compile(r"\b(?:" + "|".join(map(re.escape, stems)) + ")")) for kind, stems in _KIND_WORDS)


def asks_for_providers(text: str) -> bool:
    """Whether a question asks which subprocessors (of some kind) the organisation uses, or whether it
    uses any, and nothing else."""
    if not _ASKED.search(text):
        return False
    rest = _ASKED.sub(" ", text)
    for word in words(rest.lower()):
        if len(word) <= 1 or word.isdigit():
            continue
        if word not in _ALLOWED and not word.startswith(_PREFIXES):
            return False
    return True


def _kinds(text: str) -> set[str]:
    lower = text.lower()  # "cloud providers", "who hosts": the words that ask may name the kind
    return {kind for kind, pattern in _KINDS if pattern.search(lower)}


def _does(sub: Subprocessor, kinds: set[str], locales: Sequence[str]) -> bool:
    said = " ".join([sub.purpose.get(loc) for loc in locales if loc in sub.purpose.locales()]).lower()
    return any(pattern.search(said) for kind, pattern in _KINDS if kind in kinds)


def providers_asked(kb: KnowledgeBase, text: str, product: str | None = None) -> list[Subprocessor] | None:
    """The subprocessors a provider question asks for, in the order of subprocessors.yaml: all of them,
    or those of the kind it names ("hosting", "e-mail"). None when the question is not such a question
    or no subprocessor fits (a list the knowledge base does not hold is not a "no")."""
    if not asks_for_providers(text):
        return None
    subs = [s for s in kb.subprocessors if product is None or not s.products or product in s.products]
    kinds = _kinds(text)
    if kinds:
        subs = [s for s in subs if _does(s, kinds, [*kb.locales])]
    return subs or None
