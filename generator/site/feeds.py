"""Atom feeds of the trust center, one pair per language: updates, and changes to the subprocessors.

`updates.xml` has one entry per update the audience may see; `subprocessors.xml` one per dated change
of subprocessors.yaml (added, changed, removed; a change dated in the future is announced as planned)
and one "added" entry per listed subprocessor with a `since` date. The default language's feeds are at
the site root, the others' under /<locale>/. Entries are dated by the content, never by the build, so
two builds of the same content give the same feeds.

The feeds are written with the standard library's ElementTree: an Atom document is a few fixed
elements, which it writes and escapes correctly; a feed library would add a dependency for no gain.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from urllib.parse import urlsplit

from .. import i18n
from ..i18n import N_
from ..model import KnowledgeBase
from .texts import resolve

ATOM = "http://www.w3.org/2005/Atom"
UPDATES = "updates.xml"
SUBPROCESSORS = "subprocessors.xml"
CHANGE_TITLES = {"added": N_("Subprocessor added: %(name)s"), "changed": N_("Subprocessor changed: %(name)s"),
                 "removed": N_("Subprocessor removed: %(name)s")}
PLANNED_TITLES = {"added": N_("Planned from %(date)s: %(name)s added as a subprocessor"),
                  "changed": N_("Planned from %(date)s: change to subprocessor %(name)s"),
                  "removed": N_("Planned from %(date)s: %(name)s removed as a subprocessor")}


@dataclass(frozen=True)
class Entry:
    key: str
    date: dt.date
    title: str
    text: str
    link: str  # relative to the language's root


@dataclass(frozen=True)
class SubprocessorEvent:
    """One dated change of the subprocessors, as the page and the feed show it."""

    key: str
    date: dt.date
    change: str
    name: str
    title: str
    text: str
    planned: bool


def feed_path(kb: KnowledgeBase, locale: str, name: str) -> str:
    """Where a language's feed lives, relative to the site root."""
    return name if locale == kb.default_locale else f"{locale}/{name}"


def subprocessor_events(kb: KnowledgeBase, locale: str, today: dt.date, cache: dict | None = None) -> list[SubprocessorEvent]:
    """Every dated change of the subprocessors the view may see, newest first."""
    cache = {} if cache is None else cache
    t = i18n.translator(locale)
    events = []
    for change in kb.subprocessor_changes:
        planned = change.date > today
        template = PLANNED_TITLES[change.change] if planned else CHANGE_TITLES[change.change]
        title = t.gettext(template) % {"name": change.name, "date": i18n.long_date(change.date, locale)}
        text = resolve(kb, change.description, locale, None, cache) if change.description else ""
        slug = "".join(ch if ch.isalnum() else "-" for ch in change.name.casefold())
        events.append(SubprocessorEvent(f"{change.change}-{change.date.isoformat()}-{slug}", change.date, change.change, change.name,
                                        title, text, planned))
    for sub in kb.subprocessors:
        if sub.since is None:
            continue
        title = t.gettext(CHANGE_TITLES["added"]) % {"name": sub.name}
        events.append(SubprocessorEvent(f"added-{sub.id}", sub.since, "added", sub.name, title,
                                        resolve(kb, sub.purpose, locale, None, cache), sub.since > today))
    events.sort(key=lambda e: (e.date, e.key), reverse=True)
    return events


def _id_base(kb: KnowledgeBase) -> str:
    host = urlsplit(kb.organization.trust_center_url or kb.organization.website).hostname or "trustgen.invalid"
    return f"tag:{host},2000:"


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _feed(kb: KnowledgeBase, locale: str, name: str, title: str, page: str, entries: list[Entry],
          site_url: str | None) -> str:
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": locale})
    prefix = "" if locale == kb.default_locale else f"{locale}/"
    base = (site_url.rstrip("/") + "/" + prefix) if site_url else None

    def href(rel: str) -> str:
        # Without a published address the links are relative to the feed, which sits in the language's root.
        return (base + rel) if base else (rel or "./")

    ET.SubElement(root, f"{{{ATOM}}}id").text = f"{_id_base(kb)}{prefix}{name}"
    ET.SubElement(root, f"{{{ATOM}}}title").text = title
    updated = max((e.date for e in entries), default=None)
    ET.SubElement(root, f"{{{ATOM}}}updated").text = _stamp(updated) if updated else "2000-01-01T00:00:00Z"
    author = ET.SubElement(root, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = kb.organization.legal_name
    ET.SubElement(root, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": href(page)})
    ET.SubElement(root, f"{{{ATOM}}}link", {"rel": "self", "type": "application/atom+xml", "href": href(name)})
    for e in entries:
        entry = ET.SubElement(root, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = f"{_id_base(kb)}{prefix}{e.key}"
        ET.SubElement(entry, f"{{{ATOM}}}title").text = e.title
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _stamp(e.date)
        ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": href(e.link)})
        if e.text:
            ET.SubElement(entry, f"{{{ATOM}}}summary", {"type": "text"}).text = e.text
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def feeds(kb: KnowledgeBase, today: dt.date, site_url: str | None, cache: dict | None = None) -> dict[str, str]:
    """Every feed of the site: its path relative to the site root -> its text."""
    cache = {} if cache is None else cache
    out: dict[str, str] = {}
    for locale in kb.locales:
        t = i18n.translator(locale)
        org = kb.organization.name
        updates = [Entry(u.id, u.date, resolve(kb, u.title, locale, None, cache),
                         " ".join(resolve(kb, u.body, locale, None, cache).split()), f"updates/#{u.id}")
                   for u in kb.updates]
        out[feed_path(kb, locale, UPDATES)] = _feed(
            kb, locale, UPDATES, t.gettext(N_("%(org)s: security and privacy updates")) % {"org": org},
            "updates/", updates, site_url)
        events = [Entry(e.key, e.date, e.title, e.text, "subprocessors/#changes")
                  for e in subprocessor_events(kb, locale, today, cache)]
        out[feed_path(kb, locale, SUBPROCESSORS)] = _feed(
            kb, locale, SUBPROCESSORS, t.gettext(N_("%(org)s: changes to subprocessors")) % {"org": org},
            "subprocessors/", events, site_url)
    return out
