"""The knowledge base as frozen, typed objects. Renderers read these; nothing downstream reads YAML."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cached_property
from pathlib import Path

from .blocks import Block
from .errors import Problem


class Audience(StrEnum):
    """Who may see something, in order: public < nda < internal. The one place that order is defined.

    A member equals its string ("public"), so YAML values, options and templates need no conversion;
    comparisons (<, <=, ...) follow the order of the members, not the alphabet.
    """

    PUBLIC = "public"
    NDA = "nda"
    INTERNAL = "internal"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def may_see(self, visibility: str) -> bool:
        """Whether this audience may see something marked `visibility`."""
        return _RANK[Audience(visibility)] <= _RANK[self]

    def __lt__(self, other: object) -> bool:
        return _RANK[self] < _RANK[Audience(other)]

    def __le__(self, other: object) -> bool:
        return _RANK[self] <= _RANK[Audience(other)]

    def __gt__(self, other: object) -> bool:
        return _RANK[self] > _RANK[Audience(other)]

    def __ge__(self, other: object) -> bool:
        return _RANK[self] >= _RANK[Audience(other)]


_RANK = {audience: rank for rank, audience in enumerate(Audience)}
AUDIENCES = tuple(a.value for a in Audience)
# What a site or a document download is ever built for: internal material is never published.
PUBLISHED = (Audience.PUBLIC, Audience.NDA)

TOPICS = (
    "governance", "compliance", "encryption", "authentication", "access-control", "network", "hardening",
    "vulnerability-management", "malware-protection", "change-management", "logging-monitoring",
    "incident-response", "business-continuity", "physical", "people", "data-location", "data-segregation",
    "data-retention", "privacy", "product-security", "accessibility",
)

STANDARD_NAMES = {
    "soc1-type1": "SOC 1 Type 1", "soc1-type2": "SOC 1 Type 2", "soc2-type1": "SOC 2 Type 1",
    "soc2-type2": "SOC 2 Type 2", "soc3": "SOC 3", "iso27001": "ISO/IEC 27001", "iso27017": "ISO/IEC 27017",
    "iso27018": "ISO/IEC 27018", "iso27701": "ISO/IEC 27701", "iso22301": "ISO 22301", "iso9001": "ISO 9001",
    "pci-dss": "PCI DSS", "csa-star-level1": "CSA STAR Level 1", "csa-star-level2": "CSA STAR Level 2",
    "cyber-essentials": "Cyber Essentials", "cyber-essentials-plus": "Cyber Essentials Plus",
    "hitrust": "HITRUST CSF", "fedramp": "FedRAMP", "tisax": "TISAX", "c5": "BSI C5",
}

FRAMEWORK_NAMES = {
    "gdpr": "GDPR", "hipaa": "HIPAA", "pci-dss": "PCI DSS", "ccpa": "CCPA", "ferpa": "FERPA", "nis2": "NIS2",
    "dora": "DORA", "eu-ai-act": "EU AI Act",
}


# Namespaces of question and control ids that `mappings` may name. A questionnaire's versions number
# and word their questions differently (HECVAT Lite 3 GNRL-05 is not HECVAT Full 3 GNRL-05), so each
# version is a namespace of its own and an id is only ever looked up in the questionnaire's namespace.
MAPPING_NAMESPACES = {
    "caiq-v4": "CSA CAIQ v4", "hecvat-full-3": "HECVAT Full 3", "hecvat-lite-3": "HECVAT Lite 3",
    "hecvat-4": "HECVAT 4", "vsaq": "Google VSAQ", "sig-lite": "SIG Lite", "sig-core": "SIG Core",
    "iso27001-2022": "ISO/IEC 27001:2022", "soc2": "SOC 2",
}
# Older mapping keys that are still read: spellings of a namespace, and `hecvat`, which names no version
# and is read for every HECVAT namespace. `trustgen migrate` rewrites them.
LEGACY_MAPPING_KEYS = {"caiq_v4": "caiq-v4", "iso27001_2022": "iso27001-2022", "hecvat": "hecvat"}
UNVERSIONED = {"hecvat": ("hecvat-full-3", "hecvat-lite-3", "hecvat-4")}


@dataclass(frozen=True)
class Source:
    """Where an entry was written, for messages and review lists."""

    file: str
    line: int


@dataclass(frozen=True)
class LocalizedText:
    """One text per locale."""

    texts: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, mapping: dict[str, str] | None) -> LocalizedText | None:
        return None if mapping is None else cls(tuple(sorted(mapping.items())))

    def get(self, locale: str) -> str:
        for loc, text in self.texts:
            if loc == locale:
                return text
        raise KeyError(locale)

    def locales(self) -> tuple[str, ...]:
        return tuple(loc for loc, _ in self.texts)

    def replace_text(self, locale: str, text: str) -> LocalizedText:
        items = dict(self.texts)
        items[locale] = text
        return LocalizedText(tuple(sorted(items.items())))


ValueData = int | float | bool | str | tuple[str, ...] | dt.date | LocalizedText


@dataclass(frozen=True)
class Value:
    """A typed value: kind is number, boolean, tls, text, list, date, localized or cadence."""

    kind: str
    data: ValueData
    unit: str | None = None


@dataclass(frozen=True)
class Question:
    """A canonical question. answer is None for an open question ("How long ...?"), which the
    statement answers in words, never with yes or no."""

    text: LocalizedText
    answer: str | None
    faq: bool = False


@dataclass(frozen=True)
class MappingAnswer:
    """A mapped question id that carries its own answer (and note) instead of the entry's plain answer."""

    namespace: str
    id: str
    answer: str | None = None
    note: LocalizedText | None = None


@dataclass(frozen=True)
class Imported:
    """Where an imported answer came from."""

    file: str
    date: dt.date
    id: str | None = None
    questionnaire: str | None = None


@dataclass(frozen=True)
class Review:
    owner: str
    last_reviewed: dt.date
    interval_days: int

    @property
    def due(self) -> dt.date:
        return self.last_reviewed + dt.timedelta(days=self.interval_days)


@dataclass(frozen=True)
class Entry:
    """What every answerable entry shares: a fact, a certification or a compliance stance."""

    id: str
    topic: str
    statement: LocalizedText
    answer: str
    products: tuple[str, ...]
    visibility: str
    review: Review
    source: Source
    title: LocalizedText | None = None
    party: str | None = None
    values: tuple[tuple[str, Value], ...] = ()
    questions: tuple[Question, ...] = ()
    keywords: tuple[tuple[str, tuple[str, ...]], ...] = ()
    mappings: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (namespace, ids), legacy keys spelled anew
    mapping_answers: tuple[MappingAnswer, ...] = ()
    draft: bool = False  # status: draft, not yet read by a person (imported material)
    imported: Imported | None = None

    def mapping_answer(self, namespace: str, qid: str) -> MappingAnswer | None:
        """The answer this entry's mapping of `qid` in `namespace` carries, if it carries one."""
        for m in self.mapping_answers:
            if m.namespace == namespace and m.id.lower() == qid.lower():
                return m
        return None

    def value(self, name: str) -> Value:
        for key, value in self.values:
            if key == name:
                return value
        raise KeyError(name)

    def value_map(self) -> dict[str, Value]:
        return dict(self.values)

    def keywords_for(self, locale: str) -> tuple[str, ...]:
        return dict(self.keywords).get(locale, ())

    def mapped_ids(self, scheme: str | None = None) -> tuple[str, ...]:
        out: list[str] = []
        for key, ids in self.mappings:
            if scheme is None or key == scheme:
                out.extend(ids)
        return tuple(out)

    def applies_to(self, product: str | None) -> bool:
        return product is None or not self.products or product in self.products


@dataclass(frozen=True)
class Fact(Entry):
    kind: str = "fact"
    role: str = "control"  # control | guidance (advice to customers) | information


@dataclass(frozen=True)
class ReportAccess:
    access: str  # public | request | nda
    contact: str | None = None
    url: str | None = None
    document: str | None = None


@dataclass(frozen=True)
class Certification(Entry):
    kind: str = "certification"
    standard: str = ""
    name: str = ""
    scope: LocalizedText | None = None
    auditor: str | None = None
    issued: dt.date | None = None
    expires: dt.date | None = None
    report: ReportAccess = field(default_factory=lambda: ReportAccess("request"))
    held: bool = True  # False: the organisation is not certified to this standard (kb.not_certified)
    period: tuple[dt.date, dt.date] | None = None  # the audit period of an attestation report (from, to)

    @property
    def is_attestation(self) -> bool:
        """A report over a period (SOC 1 or SOC 2 Type 2), which buyers read by its period, not by issue dates."""
        return self.period is not None

    def status(self, today: dt.date, warn_days: int = 90) -> str:
        """valid, expiring (within warn_days), expired, or undated when no expiry is known."""
        if self.expires is None:
            return "undated"
        if self.expires < today:
            return "expired"
        if (self.expires - today).days <= warn_days:
            return "expiring"
        return "valid"


@dataclass(frozen=True)
class Stance(Entry):
    kind: str = "stance"
    framework: str = ""
    name: str = ""
    baa_offered: bool | None = None
    phi_allowed: bool | None = None
    card_data_allowed: bool | None = None
    product_audited: bool | None = None
    dpa_offered: bool | None = None
    role: str | None = None


@dataclass(frozen=True)
class Subprocessor:
    id: str
    name: str
    purpose: LocalizedText
    data: LocalizedText
    visibility: str
    review: Review
    source: Source
    countries: tuple[str, ...] = ()  # empty when the location is not known
    website: str | None = None
    region: LocalizedText | None = None
    products: tuple[str, ...] = ()
    since: dt.date | None = None


@dataclass(frozen=True)
class Listing:
    """How the public site announces an nda item: words written for the public, never the item's own."""

    title: LocalizedText
    description: LocalizedText | None = None


@dataclass(frozen=True)
class Attachment:
    """A file shipped as it is (content/files.yaml): a certificate, a bridge letter, a SOC 3 report."""

    id: str
    kind: str  # certificate | report | bridge-letter | attestation | summary | other
    title: LocalizedText
    path: str  # relative to the content folder, under files/
    visibility: str
    source: Source
    description: LocalizedText | None = None
    certification: str | None = None
    date: dt.date | None = None
    listing: Listing | None = None
    contact: str | None = None


@dataclass(frozen=True)
class Gated:
    """An item above the view's audience that the view may name but not show: its public listing only."""

    id: str
    kind: str  # document | file kind
    listing: Listing
    certification: str | None = None
    contact: str | None = None


@dataclass(frozen=True)
class SubprocessorChange:
    """A dated change to the list of subprocessors (subprocessors.yaml, changes:)."""

    date: dt.date
    change: str  # added | changed | removed
    name: str
    visibility: str
    source: Source
    description: LocalizedText | None = None


@dataclass(frozen=True)
class Update:
    id: str
    date: dt.date
    title: LocalizedText
    body: LocalizedText
    visibility: str
    source: Source


@dataclass(frozen=True)
class Product:
    id: str
    name: str
    description: LocalizedText
    url: str | None = None
    visibility: str = "public"


@dataclass(frozen=True)
class Contact:
    id: str
    purpose: str
    label: LocalizedText
    email: str | None = None
    url: str | None = None
    pgp_key_url: str | None = None
    visibility: str = "public"

    @property
    def address(self) -> str:
        return self.email or self.url or ""


@dataclass(frozen=True)
class Branding:
    """The organisation's look: files relative to the content folder, a #rrggbb colour."""

    logo: str | None = None
    favicon: str | None = None
    primary_color: str | None = None


@dataclass(frozen=True)
class Organization:
    name: str
    legal_name: str
    website: str
    description: LocalizedText
    trust_center_url: str | None = None
    country: str | None = None
    founded: int | None = None
    parent: str | None = None
    tagline: LocalizedText | None = None
    branding: Branding = Branding()


@dataclass(frozen=True)
class SecurityTxt:
    expires: dt.date | None = None
    policy_url: str | None = None
    acknowledgments_url: str | None = None
    hiring_url: str | None = None


# --- policy documents (content/documents/) ---------------------------------------------------------

@dataclass(frozen=True)
class Revision:
    version: str
    date: dt.date
    summary: LocalizedText
    author: LocalizedText | None = None


@dataclass(frozen=True)
class Body:
    """One locale's Markdown body, parsed (references still unresolved)."""

    locale: str
    path: Path
    display: str  # the path as messages show it
    text: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Document:
    id: str
    title: LocalizedText
    version: str
    owner: LocalizedText
    effective: dt.date
    visibility: str
    revisions: tuple[Revision, ...]
    bodies: tuple[Body, ...]
    source: Source
    subtitle: LocalizedText | None = None
    approver: LocalizedText | None = None
    next_review: dt.date | None = None
    product: str | None = None
    listing: Listing | None = None  # for an nda document: how the public site announces it

    def body(self, locale: str) -> Body:
        for body in self.bodies:
            if body.locale == locale:
                return body
        raise KeyError(locale)


@dataclass(frozen=True)
class DocumentSet:
    """Every document of one knowledge base and the settings they share."""

    folder: Path  # content/documents
    documents: tuple[Document, ...] = ()
    docx_template: Path | None = None

    def document(self, doc_id: str) -> Document:
        for doc in self.documents:
            if doc.id == doc_id:
                return doc
        raise KeyError(doc_id)


@dataclass(frozen=True)
class KnowledgeBase:
    """Everything one content folder says, validated."""

    root: Path
    organization: Organization
    locales: tuple[str, ...]
    products: tuple[Product, ...]
    contacts: tuple[Contact, ...]
    facts: tuple[Fact, ...]
    certifications: tuple[Certification, ...]
    stances: tuple[Stance, ...]
    subprocessors: tuple[Subprocessor, ...]
    updates: tuple[Update, ...]
    security_txt: SecurityTxt
    review_interval_days: int = 365
    # Standards the organisation says it is not certified to (held: false): they answer questionnaires
    # ("Are you ISO 9001 certified?" no) and are never listed among the certifications.
    not_certified: tuple[Certification, ...] = ()
    documents: DocumentSet = DocumentSet(Path("documents"))
    files: tuple[Attachment, ...] = ()
    subprocessor_changes: tuple[SubprocessorChange, ...] = ()
    # What this view may announce but not show (nda items with a public listing, in a public view).
    gated: tuple[Gated, ...] = ()
    # Where visitors reach the access portal (portal.yaml `url`): requests for gated items go there.
    portal_url: str | None = None
    audience: Audience = Audience.INTERNAL
    # Validation warnings (overdue reviews, expired certifications): kept with the model so that a
    # command started from the model cache still reports them.
    warnings: tuple[Problem, ...] = field(default=(), compare=False)
    # A view (for_audience) keeps the knowledge base it was made from: references inside visible text
    # resolve against the whole, while every list holds only what the audience may see.
    parent: KnowledgeBase | None = field(default=None, compare=False, repr=False)

    @property
    def whole(self) -> KnowledgeBase:
        """The unfiltered knowledge base this view was made from (itself when it is not a view)."""
        return self.parent.whole if self.parent is not None else self

    @property
    def default_locale(self) -> str:
        return self.locales[0]

    def entries(self) -> Iterator[Entry]:
        """Every answerable entry: facts, certifications, stances."""
        yield from self.facts
        yield from self.certifications
        yield from self.not_certified
        yield from self.stances

    @cached_property
    def _entries_by_id(self) -> dict[str, Entry]:
        return {e.id: e for e in self.entries()}

    def entry(self, entry_id: str) -> Entry:
        return self._entries_by_id[entry_id]

    def product(self, product_id: str) -> Product:
        return next(p for p in self.products if p.id == product_id)

    def contact(self, contact_id: str) -> Contact:
        return next(c for c in self.contacts if c.id == contact_id)

    def contact_for(self, purpose: str) -> Contact | None:
        return next((c for c in self.contacts if c.purpose == purpose), None)

    def subprocessor(self, sub_id: str) -> Subprocessor:
        return next(s for s in self.subprocessors if s.id == sub_id)

    def facts_by_topic(self, topic: str) -> tuple[Fact, ...]:
        return tuple(f for f in self.facts if f.topic == topic)

    def for_audience(self, audience: str, product: str | None = None) -> KnowledgeBase:
        """A view holding only what the audience may see (public < nda < internal), documents included,
        optionally only what applies to one product. A view of a view never sees more than its parent."""
        limit = min(Audience(audience), self.audience)

        def keep(items: Iterable, has_products: bool = True) -> tuple:
            out = []
            for item in items:
                if not limit.may_see(item.visibility):
                    continue
                if product and has_products and item.products and product not in item.products:
                    continue
                out.append(item)
            return tuple(out)

        docs = tuple(d for d in self.documents.documents if limit.may_see(d.visibility)
                     and not (product and d.product and d.product != product))
        # nda items with a public listing are announced to a public view by that listing alone;
        # internal items never are.
        gated: tuple[Gated, ...] = ()
        if limit < Audience.NDA:
            whole = self.whole
            gated = tuple(Gated(d.id, "document", d.listing) for d in whole.documents.documents
                          if d.visibility == Audience.NDA and d.listing is not None
                          and not (product and d.product and d.product != product))
            gated += tuple(Gated(f.id, f.kind, f.listing, f.certification, f.contact) for f in whole.files
                           if f.visibility == Audience.NDA and f.listing is not None)
        return replace(
            self,
            facts=keep(self.facts),
            certifications=keep(self.certifications),
            not_certified=keep(self.not_certified),
            stances=keep(self.stances),
            subprocessors=keep(self.subprocessors),
            updates=keep(self.updates, has_products=False),
            documents=replace(self.documents, documents=docs),
            files=tuple(f for f in self.files if limit.may_see(f.visibility)),
            subprocessor_changes=keep(self.subprocessor_changes, has_products=False),
            gated=gated,
            # validation made sure that nothing the audience sees names a product or contact it may not see
            products=tuple(p for p in self.products if limit.may_see(p.visibility)),
            contacts=tuple(c for c in self.contacts if limit.may_see(c.visibility)),
            audience=limit,
            parent=self,
        )
