"""The per-locale view of the knowledge base that the page templates read.

Templates get frozen model objects plus this context (the domain model is not the view model): it
resolves texts for the locale, formats dates, countries and sizes, computes certification status and
report access at build time, groups facts per topic and product, and builds safe links.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path, PurePath, PurePosixPath
from urllib.parse import quote

from babel.units import format_unit
from markupsafe import Markup

from .. import i18n
from ..i18n import N_
from ..model import (
    Attachment,
    Certification,
    Entry,
    Fact,
    Gated,
    KnowledgeBase,
    LocalizedText,
    Product,
    Stance,
)
from ..outputs import Artifact
from ..vocabulary import ANSWER_LABELS, TOPIC_TITLES, security_contact
from . import escape
from .structure import INDEX, PageSpec, topic_pages
from .texts import resolve

STATUS_LABELS = {"valid": N_("Valid"), "expiring": N_("Expiring soon"), "expired": N_("Expired"),
                 "undated": N_("Current")}
ROLE_LABELS = {"processor": N_("processor"), "controller": N_("controller"),
               "processor-and-controller": N_("processor and controller")}
STANCE_FLAGS = (
    ("dpa_offered", N_("Data processing agreement offered")),
    ("baa_offered", N_("Business Associate Agreement (BAA) offered")),
    ("phi_allowed", N_("Protected health information (PHI) may be stored")),
    ("card_data_allowed", N_("Cardholder data may be stored")),
    ("product_audited", N_("The product itself has passed a PCI DSS assessment")),
)
# Certifications within this many days of expiry are shown as expiring.
EXPIRY_WARNING_DAYS = 90

_ICONS = Path(str(__import__("material").__file__)).parent / "templates" / ".icons"


@cache
def _icon_svg(name: str) -> str:
    return (_ICONS / f"{name}.svg").read_text(encoding="utf-8").strip()


@dataclass(frozen=True)
class ReportView:
    """How a customer gets a certification's report: download, link, request, or nothing to show."""

    kind: str  # download | link | request | none
    href: Markup | None
    label: str
    note: str = ""


@dataclass(frozen=True)
class CertView:
    cert: Certification
    status: str
    status_label: str
    status_detail: str
    products: tuple[str, ...]
    report: ReportView


@dataclass(frozen=True)
class StanceStatus:
    """One badge of a regulation: whose status it is (None: the organisation's), its answer and words."""

    who: str | None
    answer: str  # yes | no | partial | n/a: the badge's colour
    label: str


@dataclass(frozen=True)
class TopicBlock:
    """One topic of a page: facts for every product, then facts that differ per product."""

    topic: str
    title: str
    last_reviewed: dt.date | None
    general: tuple[Fact, ...]
    per_product: tuple[tuple[tuple[Product, ...], tuple[Fact, ...]], ...]  # facts per set of products


@dataclass(frozen=True)
class FactView:
    """A fact as a page prints it: its texts resolved for the locale (still to be escaped)."""

    id: str
    title: str | None
    statement: str
    party: str | None  # the subprocessor that carries it out, when the audience may see it


@dataclass(frozen=True)
class FaqItem:
    question: str
    answer: str  # empty for an open question: the statement is the answer
    statement: str
    page: str
    anchor: str


# A topic's oldest review, its facts for every product, and the facts specific to each product.
TopicFacts = tuple[dt.date | None, tuple[Fact, ...], tuple[tuple[tuple[Product, ...], tuple[Fact, ...]], ...]]


class SiteIndex:
    """What the pages of every locale look up, computed once per build.

    Facts are grouped by topic once, so that no page or overview card scans the whole fact list (which
    would make a build grow with pages x facts); per-page results are kept, since they do not depend on
    the locale.
    """

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        grouped: dict[str, list[Fact]] = {}
        for f in kb.facts:
            grouped.setdefault(f.topic, []).append(f)
        self.facts_by_topic: dict[str, tuple[Fact, ...]] = {topic: tuple(facts) for topic, facts in grouped.items()}
        self.product_names = {p.id: p.name for p in kb.products}
        self.subprocessor_names: dict[str, str] = {}
        for sub in kb.subprocessors:
            self.subprocessor_names.setdefault(sub.id, sub.name)  # the first, as a scan would find it
        self._topics: dict[str, TopicFacts] = {}
        self._reviewed: dict[PageSpec, tuple[dt.date | None, dt.date | None]] = {}
        self._key_facts: dict[PageSpec, list[Fact]] = {}

    def facts(self, topic: str) -> tuple[Fact, ...]:
        return self.facts_by_topic.get(topic, ())

    def topic(self, topic: str) -> TopicFacts:
        found = self._topics.get(topic)
        if found is None:
            facts = self.facts(topic)
            all_products = {p.id for p in self.kb.products}
            general = tuple(f for f in facts if not f.products or set(f.products) >= all_products)
            shared = {f.id for f in general}
            # A fact for some of the products is shown once, under the products it applies to together
            # (in the order of the products), never repeated under each of them.
            order = {p.id: n for n, p in enumerate(self.kb.products)}
            groups: dict[tuple[str, ...], list[Fact]] = {}
            for f in facts:
                if f.id in shared:
                    continue
                ids = tuple(sorted((i for i in f.products if i in order), key=order.__getitem__))
                if ids:
                    groups.setdefault(ids, []).append(f)
            per_product = [(tuple(self.kb.product(i) for i in ids), tuple(group))
                           for ids, group in sorted(groups.items(), key=lambda g: [order[i] for i in g[0]])]
            found = self._topics[topic] = (oldest_review(facts), general, tuple(per_product))
        return found

    def page_reviewed(self, page: PageSpec) -> dt.date | None:
        """The oldest review of everything a page shows: what "last reviewed" may honestly claim."""
        return self._review_span(page)[0]

    def page_modified(self, page: PageSpec) -> dt.date | None:
        """The newest review of everything a page shows (the sitemap's lastmod)."""
        return self._review_span(page)[1]

    def _review_span(self, page: PageSpec) -> tuple[dt.date | None, dt.date | None]:
        if page not in self._reviewed:
            entries: list = [f for t in page.topics for f in self.facts(t)]
            if page.slug == "compliance":
                entries += list(self.kb.certifications)
            if page.slug == "privacy":
                entries += list(self.kb.stances)
            if page.slug == "subprocessors":
                entries += list(self.kb.subprocessors)
            self._reviewed[page] = (oldest_review(entries), newest_review(entries))
        return self._reviewed[page]

    def key_facts(self, page: PageSpec) -> list[Fact]:
        """A page's titled facts, those for every product first (a stable sort keeps the content order)."""
        if page not in self._key_facts:
            facts = [f for t in page.topics for f in self.facts(t) if f.title is not None]
            facts.sort(key=lambda f: (bool(f.products), page.topics.index(f.topic)))
            self._key_facts[page] = facts
        return self._key_facts[page]


def portal_form(kb: KnowledgeBase, locale: str) -> str | None:
    """The address of the access portal's request form in a locale, when portal.yaml names the portal:
    it serves the first locale's form at /access/ and the others' at /<locale>/access/, as the site
    does its pages."""
    if not kb.portal_url:
        return None
    prefix = "" if locale == kb.default_locale else f"/{locale}"
    return f"{kb.portal_url.rstrip('/')}{prefix}/access/"


@dataclass
class LocaleContext:
    """Everything a page template needs for one locale of one build."""

    kb: KnowledgeBase
    locale: str
    pages: list[PageSpec]
    documents: tuple[Artifact, ...]
    today: dt.date
    page: PageSpec | None = None
    cache: dict = field(default_factory=dict)  # resolved texts, shared by every locale and the exports
    index: SiteIndex | None = None  # shared by every locale of a build; made here when not given
    _topic_pages: dict[str, PageSpec] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._topic_pages = topic_pages(self.pages)
        self._t = i18n.translator(self.locale)
        if self.index is None:
            self.index = SiteIndex(self.kb)
        self._index: SiteIndex = self.index
        self._dates: dict[dt.date, str] = {}  # pages repeat dates, and Babel takes tens of microseconds for one

    # --- words ----------------------------------------------------------------------------------

    def gettext(self, msgid: str, **values: object) -> Markup:
        """A generator string in this locale, escaped, with escaped values substituted."""
        return _format(self._t.gettext(msgid), values)

    def ngettext(self, singular: str, plural: str, n: int, **values: object) -> Markup:
        values.setdefault("n", i18n.number(n, self.locale))
        return _format(self._t.ngettext(singular, plural, n), values)

    def plain(self, msgid: str) -> str:
        """A generator string in this locale, unescaped (for config values and exports)."""
        return self._t.gettext(msgid)

    # --- content --------------------------------------------------------------------------------

    def render(self, text: LocalizedText | None, owner: Entry | None = None) -> str:
        return resolve(self.kb, text, self.locale, owner, self.cache)

    def statement(self, entry: Entry) -> str:
        return resolve(self.kb, entry.statement, self.locale, entry, self.cache)

    def date(self, value: dt.date) -> str:
        found = self._dates.get(value)
        if found is None:
            found = self._dates[value] = i18n.long_date(value, self.locale)
        return found

    def countries(self, codes: tuple[str, ...]) -> str:
        return i18n.join_list([i18n.country_name(c, self.locale) for c in codes], self.locale)

    def join(self, items: list[str] | tuple[str, ...]) -> str:
        return i18n.join_list(list(items), self.locale)

    def language(self, code: str) -> str:
        name = i18n.language_name(code, self.locale)
        return name[:1].upper() + name[1:]

    def size(self, n_bytes: int) -> str:
        """A file size in decimal units as the locale writes it: 1.2 MB / 1,2 MB."""
        if n_bytes >= 1_000_000:
            return format_unit(round(n_bytes / 1_000_000, 1), "digital-megabyte", length="short", locale=self.locale)
        return format_unit(max(1, round(n_bytes / 1000)), "digital-kilobyte", length="short", locale=self.locale)

    def answer(self, answer: str) -> str:
        return self.plain(ANSWER_LABELS[answer])

    def product_names(self, ids: tuple[str, ...]) -> tuple[str, ...]:
        known = self._index.product_names
        return tuple(known[i] for i in ids if i in known)

    def party(self, fact: Fact) -> str | None:
        """The subprocessor that carries out a fact, when this audience may see it."""
        if fact.party is None:
            return None
        return self._index.subprocessor_names.get(fact.party)

    # --- structure and links --------------------------------------------------------------------

    def is_default(self) -> bool:
        return self.locale == self.kb.default_locale

    def depth(self, page: PageSpec | None = None) -> int:
        """How many folders below the site root the page's HTML lives (directory URLs)."""
        page = page or self.page
        assert page is not None
        return (0 if page.slug == INDEX else 1) + (0 if self.is_default() else 1)

    def url(self, slug: str, anchor: str = "") -> Markup:
        """A relative link from the current page to another page of the same locale."""
        assert self.page is not None
        up = "" if self.page.slug == INDEX else "../"
        target = "" if slug == INDEX else f"{slug}/"
        href = (up + target) or "./"
        return escape.relative_url(href + (f"#{anchor}" if anchor else ""))

    def site_file(self, path: str | PurePath) -> Markup:
        """A relative link from the current page to a file at the site root (downloads, exports)."""
        return escape.relative_url("../" * self.depth() + str(PurePosixPath(path)))

    def has_page(self, slug: str) -> bool:
        return any(p.slug == slug for p in self.pages)

    def page_of_topic(self, topic: str) -> PageSpec | None:
        return self._topic_pages.get(topic)

    def icon(self, name: str) -> Markup:
        """One of Material's bundled SVG icons, inlined (no icon font or CDN)."""
        return Markup(_icon_svg(name))

    # --- facts per topic ------------------------------------------------------------------------

    def topic_title(self, topic: str) -> str:
        return self.plain(TOPIC_TITLES[topic])

    def topic_blocks(self, page: PageSpec) -> list[TopicBlock]:
        """One block per topic of the page that has facts: facts for every product, then per product."""
        blocks = []
        for topic in page.topics:
            if not self._index.facts(topic):
                continue
            reviewed, general, per_product = self._index.topic(topic)
            blocks.append(TopicBlock(topic, self.topic_title(topic), reviewed, general, per_product))
        return blocks

    def fact_views(self, facts: tuple[Fact, ...]) -> list[FactView]:
        """The facts of a list with their texts resolved, in one call (see the facts macro)."""
        return [FactView(f.id, self.render(f.title, f) if f.title else None, self.statement(f), self.party(f))
                for f in facts]

    def page_reviewed(self, page: PageSpec) -> dt.date | None:
        """The oldest review date of everything a page shows (its 'last reviewed' line): a page is only
        as recently reviewed as its least recently reviewed fact."""
        return self._index.page_reviewed(page)

    def page_modified(self, page: PageSpec) -> dt.date | None:
        """The newest review date of everything a page shows (the sitemap's lastmod)."""
        return self._index.page_modified(page)

    def products_label(self, products: tuple[Product, ...]) -> str:
        return self.join([p.name for p in products])

    def key_facts(self, page: PageSpec, limit: int = 4) -> list[Fact]:
        """The facts an overview card names: titled facts for every product first."""
        return self._index.key_facts(page)[:limit]

    # --- certifications and stances -------------------------------------------------------------

    def certification(self, cert: Certification) -> CertView:
        status = cert.status(self.today, EXPIRY_WARNING_DAYS)
        label = self.plain(STATUS_LABELS[status])
        if status == "valid":
            detail = self.plain(N_("Valid until %(date)s")) % {"date": self.date(cert.expires)}  # type: ignore[arg-type]
        elif status == "expiring":
            detail = self.plain(N_("Expires on %(date)s")) % {"date": self.date(cert.expires)}  # type: ignore[arg-type]
        elif status == "expired":
            detail = self.plain(N_("Expired on %(date)s")) % {"date": self.date(cert.expires)}  # type: ignore[arg-type]
        else:
            detail = self.plain(N_("No expiry date published"))
        if cert.period is not None:
            # An attestation report is read by the period it covers, not by a validity.
            detail = self.plain(N_("Audit period %(period)s")) % {"period": self.period(cert)}
        return CertView(cert, status, label, detail, self.product_names(cert.products), self.report(cert))

    def report(self, cert: Certification) -> ReportView:
        """Download when this build has the document; else the public URL; else a request link."""
        access = cert.report
        doc = self.document(access.document) if access.document else None
        nda_note = self.plain(N_("Shared under a non-disclosure agreement.")) if access.access == "nda" else ""
        if doc is not None:
            word = N_("Download the certificate") if self.file_kind(doc.id) == "certificate" else N_("Download the report")
            label = self.plain(word) + f" ({doc.format.upper()}, {self.size(doc.size)})"
            return ReportView("download", self.site_file(doc.path), label, nda_note)
        if access.access == "public" and access.url:
            return ReportView("link", escape.safe_url(access.url, allow_mailto=False), self.plain(N_("View the report")))
        contact = None
        if access.contact:
            contact = next((c for c in self.kb.contacts if c.id == access.contact), None)
        contact = contact or self.kb.contact_for("compliance")
        if access.access != "public" and access.url:
            return ReportView("request", escape.safe_url(access.url, allow_mailto=False),
                              self.plain(N_("Request the report")), nda_note)
        if contact is not None and contact.email:
            subject = self.plain(N_("Request for the %(name)s report")) % {"name": cert.name}
            label = self.plain(N_("Request the report from %(address)s")) % {"address": contact.email}
            return ReportView("request", escape.mailto(contact.email, subject), label, nda_note)
        if contact is not None and contact.url:
            return ReportView("request", escape.safe_url(contact.url, allow_mailto=False),
                              self.plain(N_("Request the report")), nda_note)
        return ReportView("none", None, self.plain(N_("Available on request")), nda_note)

    def file_kind(self, file_id: str) -> str | None:
        return next((f.kind for f in self.kb.files if f.id == file_id), None)

    def cert_files(self, cert: Certification) -> list[tuple[Attachment, Artifact]]:
        """The files of a certification this site publishes, except the one its report button downloads."""
        out = []
        for f in self.kb.files:
            if f.certification == cert.id and f.id != cert.report.document:
                art = self.document(f.id)
                if art is not None:
                    out.append((f, art))
        return out

    def cert_gated(self, cert: Certification) -> list[Gated]:
        return [g for g in self.kb.gated if g.certification == cert.id]

    def package(self) -> Artifact | None:
        """The security package (every document and file, zipped) in the reader's language."""
        return next((d for d in self.documents if d.format == "zip" and d.locale == self.locale), None)

    def files(self) -> list[tuple[Attachment, Artifact]]:
        """Every file this site publishes, with its download."""
        out = []
        for f in self.kb.files:
            art = self.document(f.id)
            if art is not None:
                out.append((f, art))
        return out

    def gated(self) -> list[Gated]:
        return list(self.kb.gated)

    def request(self, title: str, contact_id: str | None = None, item: str | None = None) -> ReportView:
        """How to ask for something shared under NDA: the access portal's request form for the item when
        the content names the portal (portal.yaml `url`), else the contact's address with a subject
        naming it."""
        if self.kb.portal_url and item:
            return ReportView("request", escape.safe_url(self.portal_request(item), allow_mailto=False),
                              self.plain(N_("Request access")))
        contact = None
        if contact_id:
            contact = next((c for c in self.kb.contacts if c.id == contact_id), None)
        contact = contact or self.kb.contact_for("compliance") or self.kb.contact_for("security")
        if contact is not None and contact.email:
            subject = self.plain(N_("Request for %(title)s")) % {"title": title}
            return ReportView("request", escape.mailto(contact.email, subject), self.plain(N_("Request access")))
        if contact is not None and contact.url:
            return ReportView("request", escape.safe_url(contact.url, allow_mailto=False), self.plain(N_("Request access")))
        return ReportView("none", None, self.plain(N_("Available on request")))

    def portal_request(self, item: str) -> str:
        """The portal's request form for one item, in this page's language."""
        form = portal_form(self.kb, self.locale)
        assert form is not None
        return f"{form}?document={quote(item, safe='')}"

    def period(self, cert: Certification) -> str:
        assert cert.period is not None
        return self.plain(N_("%(start)s to %(end)s")) % {"start": self.date(cert.period[0]), "end": self.date(cert.period[1])}

    def stance_status(self, stance: Stance) -> list[StanceStatus]:
        """What a buyer asks of a regulation, as badges. Where the stance says whether the products
        themselves were assessed (PCI DSS), the products' status comes first and the organisation's own
        answer (its card payments) second, so that a "yes" for the payments is never read as the products'."""
        if stance.product_audited is None:
            return [StanceStatus(None, stance.answer, self.answer(stance.answer))]
        products = (StanceStatus(self.plain(N_("Products")), "yes", self.plain(N_("Assessed"))) if stance.product_audited
                    else StanceStatus(self.plain(N_("Products")), "no", self.plain(N_("Not assessed"))))
        return [products, StanceStatus(self.plain(N_("Our own card payments")), stance.answer,
                                       self.answer(stance.answer))]

    def stance_summary(self, stance: Stance) -> str:
        """stance_status as one line of text (tables)."""
        return "; ".join(f"{s.who}: {s.label}" if s.who else s.label for s in self.stance_status(stance))

    def stance_flags(self, stance: Stance) -> list[tuple[str, str]]:
        flags = []
        for attr, label in STANCE_FLAGS:
            value = getattr(stance, attr)
            if value is not None:
                flags.append((self.plain(label), i18n.yes_no(bool(value), self.locale)))
        if stance.role:
            flags.append((self.plain(N_("Our role under the GDPR")), self.plain(ROLE_LABELS[stance.role])))
        return flags

    # --- FAQ, documents, contacts ---------------------------------------------------------------

    def faq(self) -> list[tuple[PageSpec, list[FaqItem]]]:
        """Canonical questions marked faq, grouped by the page that explains them, in page order."""
        groups: dict[str, list[FaqItem]] = {}
        for entry in self.kb.entries():
            page = self._entry_page(entry)
            if page is None:
                continue
            for q in entry.questions:
                if q.faq:
                    groups.setdefault(page.slug, []).append(FaqItem(
                        self.render(q.text, entry), self.answer(q.answer) if q.answer else "", self.statement(entry), page.slug, entry.id))
        return [(p, groups[p.slug]) for p in self.pages if p.slug in groups]

    def _entry_page(self, entry: Entry) -> PageSpec | None:
        if isinstance(entry, Certification):
            return next((p for p in self.pages if p.slug == "compliance"), None)
        if isinstance(entry, Stance):
            return next((p for p in self.pages if p.slug == "privacy"), None)
        return self._topic_pages.get(entry.topic)

    def document(self, doc_id: str) -> Artifact | None:
        """The reader's language version of a built document, else the first built one."""
        found = [d for d in self.documents if d.id == doc_id]
        ours = [d for d in found if d.locale == self.locale]
        return (ours or found)[0] if found else None

    def documents_by_locale(self) -> list[tuple[str, list[tuple[Artifact, tuple[Artifact, ...]]]]]:
        """Downloads grouped per language (the reader's first): each document once, with its files (PDF first)."""
        order = [self.locale] + [loc for loc in self.kb.locales if loc != self.locale]
        order += sorted({d.locale for d in self.documents if d.locale} - set(order))  # files have no locale
        out = []
        for loc in order:
            by_id: dict[str, list[Artifact]] = {}
            for d in self.documents:
                if d.locale == loc and d.format in ("pdf", "docx"):
                    by_id.setdefault(d.id, []).append(d)
            rows = []
            for files in by_id.values():
                files.sort(key=lambda d: (d.format != "pdf", d.format))
                rows.append((files[0], tuple(files)))
            rows.sort(key=lambda row: (row[0].title.casefold(), row[0].id))
            if rows:
                out.append((loc, rows))
        return out

    def subprocessor_events(self):  # type: ignore[no-untyped-def]
        from .feeds import subprocessor_events

        return subprocessor_events(self.kb, self.locale, self.today, self.cache)

    def change_label(self, change: str) -> str:
        return self.plain({"added": N_("Added"), "changed": N_("Changed"), "removed": N_("Removed")}[change])

    def feed(self, name: str) -> Markup:
        """A link from the current page to one of its language's Atom feeds (updates.xml, subprocessors.xml)."""
        from .feeds import feed_path

        return self.site_file(feed_path(self.kb, self.locale, name))

    def vulnerability_contact(self):  # type: ignore[no-untyped-def]
        return security_contact(self.kb.contacts)


def oldest_review(items: list | tuple) -> dt.date | None:
    dates = [i.review.last_reviewed for i in items]
    return min(dates) if dates else None


def newest_review(items: list | tuple) -> dt.date | None:
    dates = [i.review.last_reviewed for i in items]
    return max(dates) if dates else None


def _format(message: str, values: dict[str, object]) -> Markup:
    escaped = escape.text(message)
    if not values:
        return escaped
    return Markup(str(escaped) % {k: escape.text(v) for k, v in values.items()})
