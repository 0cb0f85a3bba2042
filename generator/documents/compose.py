"""Resolve one document for one locale and audience into what the renderers draw: a RenderDoc.

References in the body (`{fact-id.name}`, `{contact:id}` ...) become locale-formatted values, and
directives (`{facts:encryption}`, `{certifications}` ...) become lists and tables drawn from the
knowledge base. Only what the document's own visibility allows is ever drawn on (a public document
never shows an nda fact, whoever builds it). The renderers then need no knowledge base, no gettext
and no YAML: a RenderDoc is the whole input of a render, which is also what the cache hashes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .. import i18n, text
from ..blocks import (
    Block,
    Directive,
    Emphasis,
    Heading,
    Image,
    Inline,
    Inlines,
    KeyValues,
    Link,
    ListBlock,
    Note,
    Paragraph,
    Strong,
    Table,
    Text,
)
from ..model import TOPICS, Audience, Body, Document, DocumentSet, Entry, KnowledgeBase, ReportAccess
from ..vocabulary import ANSWER_LABELS, TOPIC_TITLES

N_ = i18n.N_

TOPIC_NAMES = TOPIC_TITLES

CLASSIFICATIONS = {"public": N_("Public"), "nda": N_("Confidential"), "internal": N_("Internal")}

STANCE_ANSWERS = ANSWER_LABELS

# The generator's own words in a document; every one of them is translated per locale up front.
LABELS = {
    "contents": N_("Contents"),
    "page": N_("Page %(page)s of %(pages)s"),
    "version": N_("Version"),
    "effective": N_("Effective from"),
    "next_review": N_("Next review"),
    "owner": N_("Owner"),
    "approver": N_("Approved by"),
    "approved_on": N_("Approved on"),
    "issuer": N_("Issued by"),
    "classification": N_("Classification"),
    "version_history": N_("Version history"),
    "date": N_("Date"),
    "author": N_("Author"),
    "changes": N_("Changes"),
    "footer": N_("Version %(version)s, effective from %(date)s"),
}

CERTIFICATION_COLUMNS = (N_("Certification"), N_("Scope"), N_("Auditor"), N_("Valid until"), N_("Report"))
COMPLIANCE_COLUMNS = (N_("Framework"), N_("Complies"), N_("Statement"))
SUBPROCESSOR_COLUMNS = (N_("Subprocessor"), N_("Purpose"), N_("Data"), N_("Location"))
NONE_LISTED = N_("None listed.")
REPORT_PUBLIC = N_("Public")
REPORT_REQUEST = N_("On request from %(contact)s")
REPORT_NDA = N_("Under NDA, on request from %(contact)s")


@dataclass(frozen=True)
class Issue:
    """A problem found while resolving a body, located in its Markdown file."""

    file: str
    line: int
    column: int
    message: str
    severity: str = "error"


@dataclass(frozen=True)
class RenderDoc:
    """Everything a renderer needs for one document in one locale, already resolved and translated."""

    id: str
    locale: str
    lang: str  # BCP 47, for PDF and DOCX metadata
    title: str
    subtitle: str
    organization: str
    version: str
    visibility: str
    classification: str
    effective: dt.date
    effective_text: str
    owner: str
    cover: tuple[tuple[str, str], ...]  # label, value
    revisions: tuple[tuple[str, str, str, str], ...]  # version, date, author, summary
    labels: tuple[tuple[str, str], ...]
    blocks: tuple[Block, ...]
    base_dir: str  # relative image paths are resolved against this folder
    allowed_dirs: tuple[str, ...]  # the only folders a render may read files from
    docx_template: str | None = None
    name: str = field(default="", compare=False)  # "security-overview (sv)", for messages
    logo: str = ""  # the organisation's logo (organization.yaml branding), an absolute path; "" for none
    logo_digest: str = ""  # its bytes' SHA-256, so that a new logo renders the cover anew

    def label(self, key: str) -> str:
        return dict(self.labels)[key]

    def page_label(self) -> tuple[str, str, str]:
        """'Page %(page)s of %(pages)s' split around its two numbers: ('Page ', ' of ', '')."""
        pattern = self.label("page")
        before, _, rest = pattern.partition("%(page)s")
        between, _, after = rest.partition("%(pages)s")
        return before, between, after


class _Resolver:
    def __init__(self, kb: KnowledgeBase, doc: Document, body: Body, locale: str, limit: Audience, strict: bool):
        # References resolve against the whole knowledge base; what is drawn is limited to the view.
        self.full = kb.whole
        self.view = self.full.for_audience(limit)
        self.listed = self.full.for_audience(limit, doc.product) if doc.product else self.view
        self.doc = doc
        self.body = body
        self.locale = locale
        self.limit = limit
        self.strict = strict
        self.t = i18n.translator(locale)
        self.issues: list[Issue] = []
        self.lines = body.text.splitlines()

    # --- problems ---

    def issue(self, line: int, needle: str, message: str, severity: str = "error") -> None:
        ln, col = self._locate(line, needle)
        self.issues.append(Issue(self.body.display, ln, col, message, severity))

    def _locate(self, line: int, needle: str) -> tuple[int, int]:
        """The line and column of needle at or after the block's first line."""
        start = max(line - 1, 0)
        for n in range(start, len(self.lines)):
            col = self.lines[n].find(needle)
            if col >= 0:
                return n + 1, col + 1
        return max(line, 1), 1

    # --- inline text ---

    def inlines(self, nodes: Inlines, line: int) -> Inlines:
        out: list[Inline] = []
        for node in nodes:
            if isinstance(node, Text):
                out.append(Text(self.resolve_text(node.text, line)))
            elif isinstance(node, Strong):
                out.append(Strong(self.inlines(node.children, line)))
            elif isinstance(node, Emphasis):
                out.append(Emphasis(self.inlines(node.children, line)))
            elif isinstance(node, Link):
                out.append(Link(node.href, self.inlines(node.children, line)))
            else:
                out.append(node)
        return tuple(out)

    def resolve_text(self, raw: str, line: int) -> str:
        try:
            parts = text.parse(raw)
        except text.TemplateError as exc:
            self.issue(line, "{" if "'{'" in str(exc) else "}", str(exc))
            return raw
        out: list[str] = []
        for part in parts:
            if isinstance(part, str):
                out.append(part)
                continue
            needle = "{" + part.raw
            if part.kind == "value":
                self.issue(line, needle, f"{{{part.raw}}}: a document has no values of its own; refer to a fact's "
                           f"value as {{fact-id.{part.name}}}, or use a directive such as {{facts:topic}}")
                continue
            try:
                out.append(text.resolve_ref(self.view, part, None, self.locale))
                continue
            except (KeyError, StopIteration):
                pass
            self.issue(line, needle, self._unresolved(part))
        return "".join(out)

    def _unresolved(self, ref: text.Ref) -> str:
        try:
            text.resolve_ref(self.full, ref, None, self.locale)
        except (KeyError, StopIteration):
            if ref.kind == "fact":
                try:
                    self.full.entry(ref.target)
                except KeyError:
                    return f"{{{ref.raw}}}: no fact, certification or stance '{ref.target}'"
                return f"{{{ref.raw}}}: '{ref.target}' has no value '{ref.name}'"
            return f"{{{ref.raw}}}: no {ref.kind} '{ref.target}'"
        what = f"'{ref.target}'" if ref.kind == "fact" else f"{ref.kind} '{ref.target}'"
        return (f"{{{ref.raw}}} refers to {what}, which is {self._visibility_of(ref)}, "
                f"from a {self.limit} document")

    def _visibility_of(self, ref: text.Ref) -> str:
        if ref.kind == "fact":
            return self.full.entry(ref.target).visibility
        if ref.kind == "subprocessor":
            return self.full.subprocessor(ref.target).visibility
        if ref.kind == "certification":
            return next(c for c in self.full.certifications if c.id == ref.target).visibility
        return "restricted"

    def statement(self, entry: Entry) -> str:
        try:
            return text.statement(self.full, entry, self.locale)
        except (KeyError, StopIteration, text.TemplateError):
            # A fact's own broken reference is reported against the fact by the content rules.
            if self.strict:
                raise
            return ""

    def render_lt(self, value: object, owner: Entry | None = None) -> str:
        try:
            return text.render(self.full, value, self.locale, owner)  # type: ignore[arg-type]
        except (KeyError, StopIteration, text.TemplateError):
            if self.strict:
                raise
            return ""

    # --- blocks ---

    def blocks(self, blocks: tuple[Block, ...], level: list[int]) -> tuple[Block, ...]:
        out: list[Block] = []
        for block in blocks:
            if isinstance(block, Heading):
                level[0] = block.level
                out.append(Heading(block.level, self.inlines(block.inlines, block.line)))
            elif isinstance(block, Paragraph):
                out.append(Paragraph(self.inlines(block.inlines, block.line)))
            elif isinstance(block, ListBlock):
                items = tuple(self.blocks(item, [level[0]]) for item in block.items)
                out.append(ListBlock(block.ordered, items, block.start))
            elif isinstance(block, Note):
                out.append(Note(self.blocks(block.blocks, [level[0]])))
            elif isinstance(block, Table):
                header = tuple(self.inlines(c, block.line) for c in block.header)
                rows = tuple(tuple(self.inlines(c, block.line) for c in row) for row in block.rows)
                out.append(Table(header, rows, block.align, block.widths))
            elif isinstance(block, Directive):
                out.extend(self.directive(block, level[0]))
            elif isinstance(block, Image):
                out.append(Image(block.src, self.resolve_text(block.alt, block.line)))
            else:
                out.append(type(block)(**{k: v for k, v in block.__dict__.items() if k != "line"}))
        return tuple(out)

    def _none(self) -> tuple[Block, ...]:
        return (Paragraph((Emphasis((Text(self.t.gettext(NONE_LISTED)),)),)),)

    def directive(self, d: Directive, level: int) -> tuple[Block, ...]:
        if d.name == "fact":
            return self.fact(d)
        if d.name in ("facts", "summary"):
            if d.arg not in TOPICS:
                self.issue(d.line, d.raw, f"{d.raw}: '{d.arg}' is not a topic (topics: {', '.join(TOPICS)})")
                return ()
            facts = self.listed.facts_by_topic(d.arg)
            if not facts:
                return self._none()
            return (self.fact_list(facts),) if d.name == "facts" else (self.summary(facts),)
        if d.name == "topics":
            sub = min(level + 1, 4)
            out: list[Block] = []
            for topic in TOPICS:
                facts = self.listed.facts_by_topic(topic)
                if facts:
                    out.append(Heading(sub, (Text(self.t.gettext(TOPIC_NAMES[topic])),)))
                    out.append(self.fact_list(facts))
            return tuple(out) or self._none()
        if d.name == "certifications":
            return self.certifications()
        if d.name == "compliance":
            return self.compliance()
        if d.name == "subprocessors":
            return self.subprocessors()
        if d.name == "contacts":
            rows = tuple(((Text(c.label.get(self.locale)),), self._address(c.address)) for c in self.view.contacts)
            return (KeyValues(rows),) if rows else self._none()
        if d.name == "products":
            rows = tuple(((Text(p.name),), (Text(self.render_lt(p.description)),)) for p in self.listed.products)
            return (KeyValues(rows),) if rows else self._none()
        raise AssertionError(d.name)

    def _address(self, address: str) -> Inlines:
        if "@" in address and not address.startswith("http"):
            return (Link("mailto:" + address, (Text(address),)),)
        if address.startswith("https://"):
            return (Link(address, (Text(address),)),)
        return (Text(address),)

    def fact(self, d: Directive) -> tuple[Block, ...]:
        try:
            self.full.entry(d.arg)
        except KeyError:
            self.issue(d.line, d.raw, f"{d.raw}: no fact, certification or stance '{d.arg}'")
            return ()
        try:
            entry = self.view.entry(d.arg)
        except KeyError:
            hidden = self.full.entry(d.arg)
            self.issue(d.line, d.raw, f"{d.raw}: '{d.arg}' is {hidden.visibility} and is left out of this "
                       f"{self.limit} document", "warning")
            return ()
        return (Paragraph((Text(self.statement(entry)),)),)

    def fact_list(self, facts: tuple[Entry, ...]) -> ListBlock:
        items: list[tuple[Block, ...]] = []
        for fact in facts:
            inlines: list[Inline] = []
            if fact.title is not None:
                inlines.append(Strong((Text(self.render_lt(fact.title, fact) + "."),)))
                inlines.append(Text(" "))
            inlines.append(Text(self.statement(fact)))
            items.append((Paragraph(tuple(inlines)),))
        return ListBlock(False, tuple(items))

    def summary(self, facts: tuple[Entry, ...]) -> KeyValues:
        rows = []
        for fact in facts:
            label = self.render_lt(fact.title, fact) if fact.title is not None else ""
            rows.append(((Text(label),), (Text(self.statement(fact)),)))
        return KeyValues(tuple(rows))

    def _date(self, day: dt.date | None) -> str:
        return i18n.long_date(day, self.locale) if day else "–"

    def certifications(self) -> tuple[Block, ...]:
        certs = self.listed.certifications
        if not certs:
            return self._none()
        t = self.t
        header = tuple((Text(t.gettext(h)),) for h in CERTIFICATION_COLUMNS)
        rows = []
        for cert in certs:
            rows.append(((Text(cert.name),), (Text(self.render_lt(cert.scope, cert)),), (Text(cert.auditor or "–"),),
                         (Text(self._date(cert.expires)),), self._report(cert.report)))
        return (Table(header, tuple(rows), widths=(0.15, 0.37, 0.15, 0.14, 0.19)),)

    def _report(self, report: ReportAccess) -> Inlines:
        access = report.access
        url = report.url
        contact_id = report.contact
        where = url or ""
        if contact_id:
            try:
                where = self.full.contact(contact_id).address
            except StopIteration:
                pass
        if access == "public":
            if url:
                return (Link(url, (Text(self.t.gettext(REPORT_PUBLIC)),)),)
            return (Text(self.t.gettext(REPORT_PUBLIC)),)
        message = REPORT_REQUEST if access == "request" else REPORT_NDA
        return (Text(self.t.gettext(message) % {"contact": where}),)

    def compliance(self) -> tuple[Block, ...]:
        stances = self.listed.stances
        if not stances:
            return self._none()
        t = self.t
        header = tuple((Text(t.gettext(h)),) for h in COMPLIANCE_COLUMNS)
        rows = tuple(((Text(s.name),), (Text(t.gettext(STANCE_ANSWERS[s.answer])),), (Text(self.statement(s)),))
                     for s in stances)
        return (Table(header, rows, widths=(0.14, 0.13, 0.73)),)

    def subprocessors(self) -> tuple[Block, ...]:
        subs = self.listed.subprocessors
        if not subs:
            return self._none()
        t = self.t
        header = tuple((Text(t.gettext(h)),) for h in SUBPROCESSOR_COLUMNS)
        rows = []
        for sub in subs:
            where = i18n.join_list([i18n.country_name(c, self.locale) for c in sub.countries], self.locale)
            if sub.region is not None:
                where = f"{where} ({self.render_lt(sub.region)})"
            rows.append(((Text(sub.name),), (Text(self.render_lt(sub.purpose)),), (Text(self.render_lt(sub.data)),),
                         (Text(where),)))
        return (Table(header, tuple(rows), widths=(0.2, 0.28, 0.28, 0.24)),)


def bcp47(locale: str) -> str:
    """sv -> sv-SE, en -> en-US: the tag Word's proofing tools and PDF readers expect."""
    from babel import Locale
    from babel.core import get_global

    parsed = Locale.parse(locale)
    territory = parsed.territory
    if not territory:
        likely = get_global("likely_subtags").get(parsed.language, "")
        territory = next((p for p in likely.split("_")[1:] if p.isupper() and len(p) == 2), None)
    return f"{parsed.language}-{territory}" if territory else parsed.language


def compose(kb: KnowledgeBase, docset: DocumentSet, doc: Document, locale: str, audience: str,
            strict: bool = True, asset_dirs: tuple[str, ...] = ()) -> tuple[RenderDoc, list[Issue]]:
    """Resolve doc for locale as the audience may see it; return it with every problem found.

    The document never draws on anything above its own visibility, nor above the audience's.
    """
    limit = min(Audience(doc.visibility), Audience(audience))
    body = doc.body(locale)
    r = _Resolver(kb, doc, body, locale, limit, strict)
    t = r.t
    blocks = r.blocks(body.blocks, [0])
    title = doc.title.get(locale)
    effective_text = i18n.long_date(doc.effective, locale)
    classification = t.gettext(CLASSIFICATIONS[doc.visibility])
    cover = [(t.gettext(LABELS["version"]), doc.version), (t.gettext(LABELS["effective"]), effective_text)]
    if doc.next_review:
        cover.append((t.gettext(LABELS["next_review"]), i18n.long_date(doc.next_review, locale)))
    cover.append((t.gettext(LABELS["owner"]), doc.owner.get(locale)))
    if doc.approver:
        cover.append((t.gettext(LABELS["approver"]), doc.approver.get(locale)))
    # The current version's revision date is the day it was approved.
    current = next((rev for rev in doc.revisions if rev.version == doc.version), None)
    if current is not None:
        cover.append((t.gettext(LABELS["approved_on"]), i18n.long_date(current.date, locale)))
    cover.append((t.gettext(LABELS["issuer"]), kb.organization.legal_name))
    cover.append((t.gettext(LABELS["classification"]), classification))
    labels = {key: t.gettext(msg) for key, msg in LABELS.items()}
    labels["footer"] = labels["footer"] % {"version": doc.version, "date": effective_text}
    revisions = tuple((rev.version, i18n.long_date(rev.date, locale), rev.author.get(locale) if rev.author else "",
                       rev.summary.get(locale))
                      for rev in doc.revisions)
    rdoc = RenderDoc(
        id=doc.id, locale=locale, lang=bcp47(locale), title=title,
        subtitle=doc.subtitle.get(locale) if doc.subtitle else "", organization=kb.organization.name,
        version=doc.version, visibility=doc.visibility, classification=classification, effective=doc.effective,
        effective_text=effective_text, owner=doc.owner.get(locale), cover=tuple(cover), revisions=revisions,
        labels=tuple(sorted(labels.items())), blocks=blocks, base_dir=str(docset.folder),
        allowed_dirs=asset_dirs, docx_template=str(docset.docx_template) if docset.docx_template else None,
        name=f"{doc.id} ({locale})", **_logo(kb),
    )
    return rdoc, r.issues


def _logo(kb: KnowledgeBase) -> dict[str, str]:
    """The cover's logo: the branding logo, read only when it is a real file inside the content folder."""
    import hashlib

    rel = kb.organization.branding.logo
    if not rel:
        return {}
    path = kb.root / rel
    if path.is_symlink() or not path.is_file() or not path.resolve().is_relative_to(kb.root.resolve()):
        return {}
    return {"logo": str(path.resolve()), "logo_digest": hashlib.sha256(path.read_bytes()).hexdigest()}
