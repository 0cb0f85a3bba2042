"""Locale support: gettext catalogs for the generator's own words, Babel for dates, numbers, lists.

Catalogs live in locales/<locale>/LC_MESSAGES/<domain>.po, one domain per output package (core,
site, documents, questionnaire), and are read directly and merged (compiled in memory), so an edited
.po takes effect without a compile step. English is the source language. For
any other locale a string missing from its catalog is an error, never a silent English fallback.
"""

from __future__ import annotations

import datetime as dt
import gettext as _gettext
import io
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent

from .errors import BuildError

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
SOURCE_LOCALE = "en"


def N_(message: str) -> str:
    """Mark a string for extraction without translating it yet."""
    return message


def Nn_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a singular/plural pair for extraction (pybabel -k Nn_:1,2) without translating it yet."""
    return singular, plural


class MissingTranslation(BuildError):
    """A generator string has no translation in a locale's catalog."""


class Translator:
    """gettext and ngettext for one locale, strict about missing strings."""

    def __init__(self, locale: str, locales_dir: Path = LOCALES_DIR):
        self.locale = locale
        self.po_path = locales_dir / locale / "LC_MESSAGES"
        self._known: set[str] = set()
        self._trans: _gettext.NullTranslations = _gettext.NullTranslations()
        if locale != SOURCE_LOCALE:
            files = sorted(self.po_path.glob("*.po"))
            if not files:
                raise MissingTranslation(f"{self.po_path}: no message catalog for locale '{locale}'")
            first: _gettext.GNUTranslations | None = None
            for po in files:
                with po.open("rb") as fh:
                    catalog = read_po(fh, locale=locale)
                for message in catalog:
                    if not message.id or message.fuzzy:
                        continue
                    strings = message.string if isinstance(message.string, tuple) else (message.string,)
                    if all(strings):
                        self._known.add(str(message.id[0] if isinstance(message.id, (tuple, list)) else message.id))
                buf = io.BytesIO()
                write_mo(buf, catalog)
                buf.seek(0)
                trans = _gettext.GNUTranslations(buf)
                if first is None:
                    first = trans
                else:
                    first.add_fallback(trans)
            assert first is not None
            self._trans = first

    def _check(self, msgid: str) -> None:
        if self.locale != SOURCE_LOCALE and msgid not in self._known:
            raise MissingTranslation(f"{self.po_path}: no translation for \"{msgid}\" (locale '{self.locale}')")

    def gettext(self, msgid: str) -> str:
        self._check(msgid)
        return self._trans.gettext(msgid)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        self._check(singular)
        return self._trans.ngettext(singular, plural, n)


@cache
def translator(locale: str) -> Translator:
    return Translator(locale)


@cache
def has_catalog(locale: str) -> bool:
    """Whether the generator's own words are translated into a locale (the source locale always is)."""
    return locale == SOURCE_LOCALE or any((LOCALES_DIR / locale / "LC_MESSAGES").glob("*.po"))


def words_locale(locale: str) -> str:
    """The locale the generator's own words are written in for content in `locale`: itself when its
    catalog exists, else the source locale (a Norwegian answer gets English labels, not an error)."""
    return locale if has_catalog(locale) else SOURCE_LOCALE


def is_known_locale(code: str) -> bool:
    try:
        Locale.parse(code)
        return True
    except (UnknownLocaleError, ValueError):
        return False


def language_name(code: str, in_locale: str = SOURCE_LOCALE) -> str:
    """'sv' -> 'Swedish' (or 'svenska' when in_locale is sv)."""
    try:
        return Locale.parse(code).get_display_name(in_locale) or code
    except (UnknownLocaleError, ValueError):
        return code


@lru_cache(maxsize=8192)
def long_date(value: dt.date, locale: str) -> str:
    """1 September 2026 / 1 september 2026."""
    return format_date(value, "d MMMM y", locale=locale)


@lru_cache(maxsize=8192, typed=True)  # typed: 1, 1.0 and True must not share an entry
def number(value: float, locale: str) -> str:
    return format_decimal(value, locale=locale)


def join_list(items: list[str] | tuple[str, ...], locale: str) -> str:
    items = list(items)
    return format_list(items, locale=locale) if items else ""


def country_name(code: str, locale: str) -> str:
    return Locale.parse(locale).territories.get(code, code)


# Unit words come from the catalogs rather than CLDR: CLDR's Swedish day unit is "dygn", which reads
# wrongly in a retention period ("45 dagar" is what a Swedish policy says).
_OWN_UNITS = {
    "days": Nn_("%(n)s day", "%(n)s days"),
    "weeks": Nn_("%(n)s week", "%(n)s weeks"),
    "hours": Nn_("%(n)s hour", "%(n)s hours"),
    "minutes": Nn_("%(n)s minute", "%(n)s minutes"),
    "months": Nn_("%(n)s month", "%(n)s months"),
    "years": Nn_("%(n)s year", "%(n)s years"),
    "bits": Nn_("%(n)s bit", "%(n)s bits"),
    "characters": Nn_("%(n)s character", "%(n)s characters"),
    "attempts": Nn_("%(n)s attempt", "%(n)s attempts"),
}

CADENCES = {
    "continuous": N_("continuously"), "hourly": N_("hourly"), "daily": N_("daily"), "weekly": N_("weekly"),
    "monthly": N_("monthly"), "quarterly": N_("quarterly"), "semiannual": N_("twice a year"),
    "annual": N_("annually"), "biennial": N_("every two years"),
}


def quantity(amount: float, unit: str, locale: str) -> str:
    """45 days / 45 dagar; 12 characters / 12 tecken; 99.9% / 99,9 %."""
    if unit == "percent":
        return format_percent(Decimal(str(amount)) / 100, locale=locale, decimal_quantization=False)
    if unit in _OWN_UNITS:
        singular, plural = _OWN_UNITS[unit]
        n = int(amount) if float(amount).is_integer() else 2
        return translator(locale).ngettext(singular, plural, n) % {"n": number(amount, locale)}
    return number(amount, locale)


def yes_no(value: bool, locale: str) -> str:
    t = translator(locale)
    return t.gettext("yes") if value else t.gettext("no")


def cadence(value: str, locale: str) -> str:
    return translator(locale).gettext(CADENCES[value])
