"""Whether an entry states a value of the kind a value question asks for.

"How many employees do you have?" is not answered by a fact about log retention, however close its
words: a value question needs a fact that states a value of the asked kind (a duration for "how
long", a version for "which TLS version", a place for "where"). Typed values say it exactly; a
statement written without them still counts when its text states such a value plainly.
"""

from __future__ import annotations

import re
from functools import cache

from ..model import Entry
from .reading import COUNT, DATE, DURATION, FREQUENCY, PLACE, VERSION

_TIME_UNITS = frozenset({"days", "weeks", "hours", "minutes", "months", "years"})
_TEXT = {
    DURATION: re.compile(r"\b\d+(?:[.,]\d+)?\s*(?:-\s*)?(?:days?|weeks?|months?|years?|hours?|minutes?|dagar|"
                         r"dygn|veckor|månader|år|timmar|minuter)\b", re.IGNORECASE),
    COUNT: re.compile(r"\b\d[\d\s,.]*\b"),
    VERSION: re.compile(r"\b(?:TLS|SSL)\s*v?\d|\bversion\s+\d|\bv\d+(?:\.\d+)+", re.IGNORECASE),
    FREQUENCY: re.compile(r"\b(?:annually|yearly|quarterly|monthly|weekly|daily|hourly|continuously|"
                          r"every\s+\w+|each\s+(?:year|quarter|month|week|day)|once\s+a|twice\s+a|\w+\s+times\s+a|"
                          r"årligen|årlig|kvartalsvis|månatligen|månadsvis|veckovis|dagligen|löpande|varje\s+\w+|"
                          r"en\s+gång\s+per|två\s+gånger\s+per)\b", re.IGNORECASE),
    DATE: re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\b(?:19|20)\d{2}\b"),
}
_PLACE_WORDS = re.compile(r"\b(?:EU|EEA|EES|Europe|European|Europa|United\s+States|USA|U\.S\.|US|North\s+America|"
                          r"Asia|Nordics?|Norden|region|regions|regioner|data\s+cent(?:er|re)s?\s+in|datacenter\s+i)\b")


@cache
def _country_names() -> re.Pattern[str]:
    from babel import Locale

    names = set()
    for loc in ("en", "sv"):
        for code, name in Locale.parse(loc).territories.items():
            if code.isalpha() and len(code) == 2 and len(name) > 3:
                names.add(re.escape(name))
    return re.compile(r"\b(?:" + "|".join(sorted(names, key=len, reverse=True)) + r")\b")


def states_value(entry: Entry, statement: str, kind: str) -> bool:
    """Whether the entry (its typed values or its statement) states a value of `kind`."""
    for _, value in entry.values:
        if kind == DURATION and value.kind == "number" and value.unit in _TIME_UNITS:
            return True
        if kind == COUNT and value.kind == "number" and value.unit not in _TIME_UNITS:
            return True
        if (kind, value.kind) in ((VERSION, "tls"), (FREQUENCY, "cadence"), (DATE, "date"), (PLACE, "list")):
            return True
    if kind == PLACE:
        return bool(_PLACE_WORDS.search(statement) or _country_names().search(statement))
    pattern = _TEXT.get(kind)
    if pattern is None:
        return True
    if kind == COUNT:
        # A number that is a duration, version or year is not a count.
        rest = _TEXT[DURATION].sub(" ", _TEXT[VERSION].sub(" ", _TEXT[DATE].sub(" ", statement)))
        return bool(pattern.search(rest))
    return bool(pattern.search(statement))
