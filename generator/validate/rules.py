"""Semantic validation: a registry of small named rules over the loaded (schema-valid) files.

Each rule reads the raw data with its source map, so every finding points at a file, line and
column. Rules never stop at the first problem; the caller sorts and reports them all at once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import clock
from ..blocks import (
    Block,
    Directive,
    Emphasis,
    Heading,
    Image,
    Inlines,
    Link,
    ListBlock,
    Note,
    Paragraph,
    Strong,
    Table,
    Text,
)
from ..document_files import RawDocument, RawDocuments, parse_date, problem_at, template_path
from ..errors import Problem, display_path
from ..i18n import has_catalog, is_known_locale, language_name
from ..load import LoadedFile, PathT, format_path
from ..model import TOPICS, Audience
from ..text import Ref, TemplateError, parse
from ..vocabulary import SECURITY_CONTACT_PURPOSES

MAX_TITLE_CHARS = 255  # Word's limit for a document's title property

LOCALIZED_FIELDS = {"title", "statement", "scope", "purpose", "data", "region", "body", "description",
                    "tagline", "label", "text", "localized", "note"}
ENTRY_LISTS = {"facts": "facts", "certifications": "certifications", "stances": "compliance",
               "subprocessors": "subprocessors", "updates": "updates", "products": "organization",
               "contacts": "organization", "files": "files", "changes": "subprocessors"}
FRAMEWORK_FIELDS = {"baa_offered": "hipaa", "phi_allowed": "hipaa", "card_data_allowed": "pci-dss",
                    "product_audited": "pci-dss", "dpa_offered": "gdpr", "role": "gdpr"}


@dataclass(frozen=True)
class BrokenEntry:
    """An entry of a list that failed its schema, in its place in the file's data: every other entry
    keeps its index and line, and the rules, which judge only entries that are mappings, pass it by.
    `data` is the entry as written (its schema errors are reported)."""

    data: Any


def entry_lists(kind: str) -> list[str]:
    """The lists of entries a file of this kind holds (facts: facts; organization: products, contacts)."""
    return [name for name, owner in ENTRY_LISTS.items() if owner == kind]


@dataclass
class RawContent:
    """The schema-valid files of one knowledge base, grouped by kind (an entry that failed the schema
    is a BrokenEntry in its file; the file's other entries are judged as usual)."""

    files: dict[str, list[LoadedFile]] = field(default_factory=dict)
    documents: RawDocuments | None = None  # content/documents/, when the organisation is known
    root: Path | None = None  # the content folder (files.yaml names files inside it)
    # files left out because they could not be read or failed the schema, and entries that failed it:
    # (their first problem, kind or list name, the ids they declare when they could be read); errors
    # that follow from their absence fold under it
    dropped: list[tuple[Problem, str, frozenset[str] | None]] = field(default_factory=list)
    # organization.yaml failed its schema but is kept, so that the rules can still judge the other
    # files in the same run; rules then read it defensively (see run_rules)
    partial: bool = False

    def document_files(self) -> list[RawDocument]:
        return self.documents.documents if self.documents is not None else []

    def organization(self) -> LoadedFile | None:
        files = self.files.get("organization")
        return files[0] if files else None

    def locales(self) -> list[str]:
        org = self.organization()
        value = org.data.get("locales", []) if org else []
        return [loc for loc in value if isinstance(loc, str)] if isinstance(value, list) else []

    def items(self, list_name: str, broken: bool = False
              ) -> Iterator[tuple[LoadedFile, PathT, dict[str, Any]]]:
        """Every entry of a list (facts, certifications, ...) with its file and path; with `broken`, also
        the entries that failed the schema, as written (for what only needs their id)."""
        for loaded in self.files.get(ENTRY_LISTS[list_name], []):
            for i, item in enumerate(loaded.data.get(list_name, []) or []):
                if broken and isinstance(item, BrokenEntry):
                    item = item.data
                if isinstance(item, dict):
                    yield loaded, (list_name, i), item

    def entries(self, broken: bool = False) -> Iterator[tuple[LoadedFile, PathT, dict[str, Any]]]:
        for name in ENTRY_LISTS:
            yield from self.items(name, broken)

    def all_files(self) -> Iterator[LoadedFile]:
        for files in self.files.values():
            yield from files


@dataclass
class RuleContext:
    today: dt.date
    default_interval: int


Rule = Callable[[RawContent, RuleContext], Iterable[Problem]]
RULES: dict[str, Rule] = {}


def rule(name: str) -> Callable[[Rule], Rule]:
    def register(fn: Rule) -> Rule:
        RULES[name] = fn
        return fn
    return register


def run_rules(content: RawContent, today: dt.date | None = None) -> list[Problem]:
    org = content.organization()
    interval = org.data.get("review_interval_days", 365) if org else 365
    if not isinstance(interval, int) or isinstance(interval, bool) or not 0 < interval < 100_000:
        interval = 365  # a schema error already reports it
    ctx = RuleContext(today or clock.today(), interval)
    problems: list[Problem] = []
    for fn in RULES.values():
        if not content.partial:
            problems.extend(fn(content, ctx))
            continue
        # organization.yaml failed its schema: a rule that cannot read it is left out of this run
        # (the schema errors are reported); the others still judge every file
        try:
            problems.extend(list(fn(content, ctx)))
        except Exception:  # noqa: BLE001, S112 - only over content already known to be malformed
            continue
    return problems


def _p(loaded: LoadedFile, path: PathT, message: str, severity: str = "error", key: bool = False) -> Problem:
    line, col = loaded.source.key_pos(path) if key else loaded.source.value_pos(path)
    return Problem(loaded.source.file, line, col, format_path(path), message, severity)


def _walk(data: Any, path: PathT = ()) -> Iterator[tuple[PathT, Any]]:
    yield path, data
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _walk(v, path + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _walk(v, path + (i,))


def _nodes(loaded: LoadedFile) -> list[tuple[PathT, Any]] | Iterator[tuple[PathT, Any]]:
    """Every (path, value) of a file: recorded by the loader, so the rules need not walk it again."""
    return loaded.nodes or _walk(loaded.data)


def _localized(loaded: LoadedFile) -> Iterator[tuple[PathT, dict[str, str]]]:
    for path, node in _nodes(loaded):
        # a value may be named like a text field (values.region); only the field itself is a text
        if path and path[-1] in LOCALIZED_FIELDS and isinstance(node, dict) and not (len(path) > 1 and path[-2] == "values"):
            yield path, node


def _parse_date(text: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(text))
    except ValueError:
        return None


# --- rules -----------------------------------------------------------------------------------------

@rule("unique-ids")
def unique_ids(content: RawContent, ctx: RuleContext) -> Iterable[Problem]:
    seen: dict[str, tuple[LoadedFile, PathT]] = {}
    # an entry that failed the schema still takes its id: a second entry of that id is a mistake of its own
    for loaded, path, item in content.entries(broken=True):
        entry_id = item.get("id")
        if not isinstance(entry_id, str):
            continue
        if entry_id in seen:
            first, first_path = seen[entry_id]
            line, _ = first.source.value_pos(first_path + ("id",))
            yield _p(loaded, path + ("id",), f"duplicate id '{entry_id}' (first used at {first.source.file}:{line})")
        else:
            seen[entry_id] = (loaded, path)
    for doc in content.document_files():
        entry_id = doc.loaded.data["id"]
        if entry_id in seen:
            first, first_path = seen[entry_id]
            line, _ = first.source.value_pos(first_path + ("id",))
            yield _p(doc.loaded, ("id",), f"duplicate id '{entry_id}' (first used at {first.source.file}:{line})")


@rule("known-locales")
def known_locales(content: RawContent, ctx: RuleContext) -> Iterable[Problem]:
    org = content.organization()
    if not org:
        return
    for i, code in enumerate(org.data.get("locales", [])):
        if not is_known_locale(code):
            yield _p(org, ("locales", i), f"'{code}' is not a locale known to Babel")
        elif not has_catalog(code):
            yield _p(org, ("locales", i), f"trustgen's own words (headings, labels, units) are not translated "
                     f"into '{code}' (no locales/{code}/LC_MESSAGES/*.po): questionnaires can be answered in it, "
                     "but the site and the documents cannot be built", "warning")


# Fields whose text goes on one line of a line-oriented output (security.txt, HTTP and document
# headers, file names, page titles): a line break there lets content add lines of its own.
SINGLE_LINE_FIELDS = {"id", "name", "legal_name", "website", "trust_center_url", "country", "parent", "email",
                      "url", "pgp_key_url", "policy_url", "acknowledgments_url", "hiring_url", "label", "title",
                      "subtitle", "tagline", "owner", "approver", "author", "auditor", "version", "standard",
                      "framework", "region", "contact", "document", "unit", "topic", "product", "products"}
LINE_BREAKS = ("\n", "\r", "\x85", "\u2028", "\u2029")


@rule("single-line-text")
def single_line_text(content: RawContent, ctx: RuleContext) -> Iterable[Problem]:
    """No line break in a field that is written on one line of an output (a new line in legal_name
    would add a Contact: line of its own to security.txt)."""
    locales = set(content.locales())
    files = list(content.all_files()) + [doc.loaded for doc in content.document_files()]
    if content.documents is not None and content.documents.settings is not None:
        files.append(content.documents.settings)
    for loaded in files:
        for path, value in loaded.nodes:
            if not isinstance(value, str) or not any(b in value for b in LINE_BREAKS):
                continue
            names = [p for p in path if isinstance(p, str)]
            if names and names[-1] in locales:
                names.pop()
            if names and names[-1] in SINGLE_LINE_FIELDS:
                yield _p(loaded, path, "a line break in a one-line field (it is written into security.txt, "
                         "headers, titles and file names); write it on one line")


@rule("translations")
def translations(content: RawContent, ctx: RuleContext) -> Iterable[Problem]:
    locales = content.locales()
    if not locales:
        return
    for loaded in content.all_files():
        for path, texts in _localized(loaded):
            for loc in locales:
                if loc not in texts:
                    yield _p(loaded, path + (loc,), f"missing {language_name(loc)} text")
            for loc in texts:
                if loc not in locales:
                    yield _p(loaded, path + (loc,), f"text in '{loc}', which is not one of the locales in organization.yaml",
                             key=True)


def _index(content: RawContent) -> dict[str, dict[str, tuple[dict[str, Any], LoadedFile, PathT]]]:
    index: dict[str, dict[str, tuple[dict[str, Any], LoadedFile, PathT]]] = {}
    for name in ENTRY_LISTS:
        index[name] = {}
        for loaded, path, item in content.items(name):
            if isinstance(item.get("id"), str):
                index[name].setdefault(item["id"], (item, loaded, path))
    return index


@rule("references")
def references(content: RawContent, ctx: RuleContext) -> Iterable[Problem]:
    idx = _index(content)
    products = sorted(idx["products"])
    answerable = {**idx["facts"], **idx["certifications"], **idx["stances"]}
    for loaded, path, item in content.entries():
        own = item.get("visibility", "public")
        for i, pid in enumerate(item.get("products", []) if path[0] != "products" else []):
            if pid not in idx["products"]:
                yield _p(loaded, path + ("products", i), f"unknown product '{pid}' (known: {', '.join(products)})")
            else:
                hidden = _hidden(own, idx["products"][pid][0])
                if hidden:
                    yield _p(loaded, path + ("products", i), f"product '{pid}' is {hidden}, and this {own} entry "
                             f"would name it to its audience; make the product visible or the entry {hidden}")
        party = item.get("party")
        if party is not None and party not in idx["subprocessors"]:
            yield _p(loaded, path + ("party",), f"unknown subprocessor '{party}' (party names a subprocessor id)")
        report = item.get("report") if path[0] == "certifications" else None
        if isinstance(report, dict):
            contact = report.get("contact")
            if contact is not None and contact not in idx["contacts"]:
                yield _p(loaded, path + ("report", "contact"), f"unknown contact '{contact}'")
            elif contact is not None and _hidden(own, idx["contacts"][contact][0]):
                hidden = _hidden(own, idx["contacts"][contact][0])
                yield _p(loaded, path + ("report", "contact"), f"contact '{contact}' is {hidden}, and this {own} "
                         f"certification would show it to its audience; make the contact visible or the "
                         f"certification {hidden}")
            doc = report.get("document")
            if doc is not None and doc not in {d.loaded.data["id"] for d in content.document_files()} \
                    and doc not in idx["files"]:
                yield _p(loaded, path + ("report", "document"), f"unknown document or file '{doc}'")
        if path[0] == "files":
            cert = item.get("certification")
            if cert is not None and cert not in idx["certifications"]:
                yield _p(loaded, path + ("certification",), f"unknown certification '{cert}'")
            contact = item.get("contact")
            if contact is not None and contact not in idx["contacts"]:
                yield _p(loaded, path + ("contact",), f"unknown contact '{contact}'")
    # references inside texts
    for loaded in content.all_files():
        for path, texts in _localized(loaded):
            owner_item = _owner(loaded, path)
            own_values = (owner_item or {}).get("values", {}) if owner_item else {}
            own_vis = (owner_item or {}).get("visibility", "public")
            for loc, text in texts.items():
                if not isinstance(text, str):
                    continue
                if path[-1] == "localized" and ("{" in text or "}" in text):
                    # a value is formatted, not rendered: a reference in it would be published as written
                    yield _p(loaded, path + (loc,), "a value's text is published as written and cannot hold "
                             "references or braces; write the reference in the statement instead")
                    continue
                try:
                    parts = parse(text)
                except TemplateError as exc:
                    yield _p(loaded, path + (loc,), str(exc))
                    continue
                for part in parts:
                    if isinstance(part, str):
                        continue
                    problem = _check_ref(part, own_values, own_vis, idx, answerable)
                    if problem:
                        yield _p(loaded, path + (loc,), problem)


def _hidden(own_visibility: str, target: dict[str, Any]) -> str | None:
    """The target's visibility when an entry of own_visibility may not show it, else None."""
    target_visibility = target.get("visibility", "public")
    if isinstance(own_visibility, str) and isinstance(target_visibility, str) and \
            not Audience(own_visibility).may_see(target_visibility):
        return target_visibility
    return None


def _owner(loaded: LoadedFile, path: PathT) -> dict[str, Any] | None:
    """The entry (fact, stance, ...) a text belongs to: the item two levels below the file's root."""
    if len(path) >= 2 and isinstance(path[1], int):
        node = loaded.data.get(path[0]) if isinstance(loaded.data, dict) else None
        if isinstance(node, list) and path[1] < len(node) and isinstance(node[path[1]], dict):
            return node[path[1]]
    return None


def _check_ref(ref: Any, own_values: dict[str, Any], own_vis: str, idx: dict[str, Any],
               answerable: dict[str, Any]) -> str | None:
    def leak(target_vis: str, what: str) -> str | None:
        if not Audience(own_vis).may_see(target_vis):
            return f"{{{ref.raw}}} refers to {what}, which is {target_vis}, from {own_vis} text"
        return None

    if ref.kind == "value":
        if ref.name not in own_values:
            names = ", ".join(sorted(own_values)) or "none"
            return f"{{{ref.raw}}}: no value '{ref.name}' in this entry (its values: {names})"
        return None
    if ref.kind == "fact":
        target = answerable.get(ref.target)
        if target is None:
            return f"{{{ref.raw}}}: no fact, certification or stance '{ref.target}'"
        if ref.name not in target[0].get("values", {}):
            return f"{{{ref.raw}}}: '{ref.target}' has no value '{ref.name}'"
        return leak(target[0].get("visibility", "public"), f"'{ref.target}'")
    if ref.kind == "org":
        return None
    table = {"contact": "contacts", "product": "products", "subprocessor": "subprocessors",
             "certification": "certifications"}[ref.kind]
    target = idx[table].get(ref.target)
    if target is None:
        return f"{{{ref.raw}}}: no {ref.kind} '{ref.target}'"
    return leak(target[0].get("visibility", "public"), f"{ref.kind} '{ref.target}'")


DATE_FIELDS = ("last_reviewed", "issued", "expires", "since", "date")


@rule("dates")
def dates(content: RawContent, ctx: RuleContext) -> Iterable[Problem]:
    for loaded in content.all_files():
        for path, node in _nodes(loaded):
            if not path or not isinstance(node, str):
                continue
            is_date_field = path[-1] in DATE_FIELDS or (len(path) >= 2 and path[-1] == "date")
            if not is_date_field or len(node) != 10:
                continue
            day = _parse_date(node)
            if day is None:
                yield _p(loaded, path, f"'{node}' is not a real calendar date")
            elif path[-1] in ("last_reviewed", "since") and day > ctx.today:
                yield _p(loaded, path, f"{path[-1]} {node} is in the future (today is {ctx.today.isoformat()})")
            elif path[-1] == "date" and path[0] == "updates" and day > ctx.today:
                yield _p(loaded, path, f"update date {node} is in the future (today is {ctx.today.isoformat()})")
    for loaded, path, item in content.items("certifications"):
        issued, expires = _parse_date(item.get("issued", "")), _parse_date(item.get("expires", ""))
        if issued and expires and expires <= issued:
            yield _p(loaded, path + ("expires",), f"expires {expires.isoformat()} is not after issued {issued.isoformat()}")
        if issued and issued > ctx.today:
            yield _p(loaded, path + ("issued",), f"issued {issued.isoformat()} is in the future (today is {ctx.today.isoformat()})")


@rule("review-due")
def review_due(content: RawContent, ctx: RuleContext) -> Iterable[Problem]:
    for loaded, path, item in content.entries():
        last = _parse_date(item.get("last_reviewed", ""))
        if last is None or last > ctx.today:
            continue
        interval = item.get("review_interval_days", ctx.default_interval)
        due = last + dt.timedelta(days=interval)
        if due < ctx.today:
            yield _p(loaded, path + ("last_reviewed",),
                     f"overdue for review: last reviewed {last.isoformat()}, due {due.isoformat()} "
                     f"(every {interval} days)", "warning")


@rule("certification-expiry")
def certification_expiry(content: RawContent, ctx: RuleContext) -> Iterable[Problem]:
    for loaded, path, item in content.items("certifications"):
        expires = _parse_date(item.get("expires", ""))
        if expires and expires < ctx.today:
            yield _p(loaded, path + ("expires",), f"certification expired on {expires.isoformat()}", "warning")


@rule("certification-report")
def certification_report(content: RawContent, ctx: RuleContext) -> Iterable[Problem]:
    for loaded, path, item in content.items("certifications"):
        report = item.get("report") or {}
        access = report.get("access")
        if access in ("request", "nda") and not (report.get("contact") or report.get("url")):
            yield _p(loaded, path + ("report",), f"report access '{access}' needs a 'contact' or a 'url' to request it from")
        if access == "public" and not (report.get("url") or report.get("document")):
            yield _p(loaded, path + ("report",), "report access 'public' needs a 'url' or a 'document' to download")
        if item.get("standard") == "other" and not item.get("name"):
            yield _p(loaded, path, "standard 'other' needs a 'name'")


# The largest file the site ships as it is: certificates and letters are a few hundred kilobytes.
MAX_FILE_BYTES = 50_000_000


def _inside(root: Path, rel: str) -> str | None:
    """Why rel is not a real file inside the content folder root, or None when it is."""
    part = root
    for name in Path(rel).parts:
        part = part / name
        if part.is_symlink():
            return f"{rel} is a symbolic link; files must be real files inside the content folder"
    target = root / rel
    if not target.is_file():
        return f"no such file: {rel} (relative to the content folder)"
    if not target.resolve().is_relative_to(root.resolve()):
        return f"{rel} lies outside the content folder"
    return None


# What an SVG served by the site may not hold: it would run as the site's own script when opened.
_SVG_ACTIVE = re.compile(rb"<script|<foreignobject|\son[a-z]+\s*=|javascript:|(?:xlink:)?href\s*=\s*[\"']\s*(?:https?:|//|data:)",
                         re.IGNORECASE)


@rule("branding")
def branding(content: RawContent, ctx: RuleContext) -> Iterable[Problem]:
    """The logo and favicon are real SVG or PNG files inside the content folder, and an SVG is inert."""
    org = content.organization()
    if content.root is None or org is None:
        return
    for key in ("logo", "favicon"):
        rel = (org.data.get("branding") or {}).get(key)
        if not isinstance(rel, str):
            continue
        where = ("branding", key)
        problem = _inside(content.root, rel)
        if problem:
            yield _p(org, where, problem)
            continue
        data = (content.root / rel).read_bytes()
        if len(data) > 1_000_000:
            yield _p(org, where, f"{rel} is larger than 1 MB; a logo should be a few kilobytes")
        elif rel.endswith(".png") and not data.startswith(b"\x89PNG\r\n\x1a\n"):
            yield _p(org, where, f"{rel} is not a PNG file")
        elif rel.endswith(".svg") and (b"<svg" not in data[:4096].lower() or _SVG_ACTIVE.search(data)):
            yield _p(org, where, f"{rel} is not a plain SVG image (scripts, event handlers and links to other "
                                 "sites are not allowed)")


@rule("files")
def shipped_files(content: RawContent, ctx: RuleContext) -> Iterable[Problem]:
    """Every file of files.yaml is a real PDF inside the content folder (no symlink leads out of it)."""
    if content.root is None:
        return
    root = content.root.resolve()
    for loaded, path, item in content.items("files"):
        rel = item.get("file")
        if not isinstance(rel, str):
            continue
        target = content.root / rel
        where = path + ("file",)
        # Each part of the path is checked, so that no symlinked folder or file reads outside the content.
        part = content.root
        linked = False
        for name in Path(rel).parts:
            part = part / name
            if part.is_symlink():
                linked = True
                break
        if linked:
            yield _p(loaded, where, f"{rel} is a symbolic link; files must be real files inside the content folder")
            continue
        if not target.is_file():
            yield _p(loaded, where, f"no such file: {rel} (relative to the content folder)")
            continue
        if not target.resolve().is_relative_to(root):
            yield _p(loaded, where, f"{rel} lies outside the content folder")
            continue
        size = target.stat().st_size
        if size > MAX_FILE_BYTES:
            yield _p(loaded, where, f"{rel} is {size // 1_000_000} MB; a file may be at most {MAX_FILE_BYTES // 1_000_000} MB")
            continue
        with open(target, "rb") as fh:
            if fh.read(5) != b"%PDF-":
                yield _p(loaded, where, f"{rel} is not a PDF file")
    for loaded, path, item in content.items("certifications"):
        report = item.get("report") or {}
        url = report.get("url")
        org = content.organization()
        base = (org.data.get("organization", {}).get("trust_center_url") or "") if org else ""
        if isinstance(url, str) and base and url.rstrip("/").startswith(base.rstrip("/") + "/"):
            yield _p(loaded, path + ("report", "url"),
                     f"{url} points into the trust center itself, where the build creates no such file; ship the "
                     "file in files.yaml and name it in report.document")
@rule("drafts")
def drafts(content: RawContent, ctx: RuleContext) -> Iterable[Problem]:
    """Imported material waits for a person: listed on every run, and never public before it is read."""
    for loaded, path, item in content.entries():
        if item.get("status") != "draft":
            continue
        if item.get("visibility") == "public":
            yield _p(loaded, path + ("visibility",), "a draft may not be public: read it, then remove "
                     "'status: draft' (and set owner and last_reviewed) before publishing it")
        else:
            yield _p(loaded, path + ("status",), f"'{item.get('id')}' is a draft: read it, set owner and "
                     "last_reviewed, and remove 'status: draft'", "warning")


@rule("unversioned-mappings")
def unversioned_mappings(content: RawContent, ctx: RuleContext) -> Iterable[Problem]:
    for loaded, path, item in content.entries():
        mappings = item.get("mappings")
        if isinstance(mappings, dict) and "hecvat" in mappings:
            yield _p(loaded, path + ("mappings", "hecvat"),
                     "'hecvat' names no HECVAT version, so a HECVAT Lite question may be answered by a HECVAT "
                     "Full mapping of the same id; run `trustgen migrate` to name the version", "warning", key=True)


@rule("stance-fields")
def stance_fields(content: RawContent, ctx: RuleContext) -> Iterable[Problem]:
    names = {"hipaa": "HIPAA", "pci-dss": "PCI DSS", "gdpr": "GDPR"}
    for loaded, path, item in content.items("stances"):
        framework = item.get("framework")
        for fld, owner in FRAMEWORK_FIELDS.items():
            if fld in item and framework != owner:
                yield _p(loaded, path + (fld,), f"'{fld}' applies only to {names[owner]} stances", key=True)
        if framework == "other" and not item.get("name"):
            yield _p(loaded, path, "framework 'other' needs a 'name'")


@rule("security-txt")
def security_txt(content: RawContent, ctx: RuleContext) -> Iterable[Problem]:
    org = content.organization()
    if not org:
        return
    expires = _parse_date((org.data.get("security_txt") or {}).get("expires", ""))
    if expires and expires < ctx.today:
        yield _p(org, ("security_txt", "expires"), f"security.txt expired on {expires.isoformat()}", "warning")
    elif expires and (expires - ctx.today).days > 366:
        yield _p(org, ("security_txt", "expires"), "security.txt should expire less than a year ahead (RFC 9116)",
                 "warning")
    contacts = org.data.get("contacts") or []
    # a security contact is published when it is public (an nda contact is not on the public site)
    has_security = any(isinstance(c, dict) and c.get("purpose") in SECURITY_CONTACT_PURPOSES
                       and c.get("visibility", "public") == "public" for c in contacts)
    if (org.data.get("security_txt") or {}).get("contact") == "none":
        if has_security:
            yield _p(org, ("security_txt", "contact"), "says no security contact is published, but a contact has "
                     "purpose 'security' or 'vulnerability-disclosure'")
        return
    if not has_security:
        yield _p(org, ("contacts",), "no contact with purpose 'security' or 'vulnerability-disclosure': "
                 "security.txt and the contact page will have no way to report a vulnerability", "warning")


# --- documents (content/documents/) ----------------------------------------------------------------

@rule("document-metadata")
def document_metadata(content: RawContent, ctx: RuleContext) -> Iterable[Problem]:
    """Each document's own fields: id and file name, dates, product, version history, translations."""
    locales = content.locales()
    org = content.organization()
    products = {str(p.get("id")) for p in org.data.get("products", []) if isinstance(p, dict)} if org else None
    for doc in content.document_files():
        loaded, data = doc.loaded, doc.loaded.data
        stem = loaded.path.stem
        if data["id"] != stem:
            yield problem_at(loaded, ("id",), f"id '{data['id']}' must match the file name ({stem})")
        effective = parse_date(data["effective"])
        if effective is None:
            yield problem_at(loaded, ("effective",), f"'{data['effective']}' is not a real calendar date")
        next_review = parse_date(data["next_review"]) if "next_review" in data else None
        if "next_review" in data and next_review is None:
            yield problem_at(loaded, ("next_review",), f"'{data['next_review']}' is not a real calendar date")
        if effective and next_review:
            if next_review <= effective:
                yield problem_at(loaded, ("next_review",), f"next_review {next_review.isoformat()} is not after "
                                 f"effective {effective.isoformat()}")
            elif next_review < ctx.today:
                yield problem_at(loaded, ("next_review",), f"overdue for review: the review was due on "
                                 f"{next_review.isoformat()}", "warning")
        if effective and effective > ctx.today:
            yield problem_at(loaded, ("effective",), f"effective {effective.isoformat()} is in the future (today is "
                             f"{ctx.today.isoformat()}); publish a version once it is in force", "warning")
        if products is not None and "product" in data and data["product"] not in products:
            yield problem_at(loaded, ("product",), f"unknown product '{data['product']}' "
                             f"(known: {', '.join(sorted(products))})")
        elif products is not None and "product" in data and org is not None:
            entry = next(p for p in org.data.get("products", []) if isinstance(p, dict) and p.get("id") == data["product"])
            hidden = _hidden(data["visibility"], entry)
            if hidden:
                yield problem_at(loaded, ("product",), f"product '{data['product']}' is {hidden}, and this "
                                 f"{data['visibility']} document would name it; make the product visible or the "
                                 f"document {hidden}")
        for i, rev in enumerate(data["revisions"]):
            if parse_date(rev["date"]) is None:
                yield problem_at(loaded, ("revisions", i, "date"), f"'{rev['date']}' is not a real calendar date")
        if not any(rev["version"] == data["version"] for rev in data["revisions"]):
            yield problem_at(loaded, ("version",), f"version {data['version']} is not in the revision history; "
                             "add it to revisions")
        for fld in ("title", "subtitle", "owner", "approver"):
            yield from _document_locales(loaded, (fld,), data.get(fld), locales)
        for fld in ("title", "subtitle"):
            texts = data.get(fld)
            for loc, text in (texts.items() if isinstance(texts, dict) else ()):
                if isinstance(text, str) and len(text) > MAX_TITLE_CHARS:
                    yield problem_at(loaded, (fld, loc), f"is {len(text)} characters long; a document's {fld} "
                                     f"may have at most {MAX_TITLE_CHARS} (it is the title of the PDF and the "
                                     "Word file)")
        for i, rev in enumerate(data["revisions"]):
            for fld in ("summary", "author"):
                yield from _document_locales(loaded, ("revisions", i, fld), rev.get(fld), locales)


def _document_locales(loaded: LoadedFile, path: PathT, texts: Any, locales: list[str]) -> Iterator[Problem]:
    if not isinstance(texts, dict) or not locales:
        return
    for loc in locales:
        if loc not in texts:
            yield problem_at(loaded, path, f"missing {language_name(loc)} text")
    for loc in texts:
        if loc not in locales:
            yield problem_at(loaded, path + (loc,), f"text in '{loc}', which is not one of the locales in "
                             "organization.yaml")


@rule("document-bodies")
def document_bodies(content: RawContent, ctx: RuleContext) -> Iterable[Problem]:
    """A body for every locale, and no body without its document."""
    raw = content.documents
    if raw is None:
        return
    locales = content.locales()
    for doc in raw.documents:
        for locale in doc.missing:
            expected = display_path(doc.loaded.path.with_name(f"{doc.loaded.path.stem}.{locale}.md"))
            yield problem_at(doc.loaded, ("id",), f"missing {language_name(locale)} body: expected {expected}")
    for path in raw.body_files:
        stem, _, locale = path.stem.rpartition(".")
        if not stem:
            yield Problem(display_path(path), 0, 0, "", "a body's file name is <document id>.<locale>.md")
        elif stem not in raw.stems:
            yield Problem(display_path(path), 0, 0, "", f"body of an unknown document: there is no "
                          f"{raw.folder.name}/{stem}.yaml")
        elif locales and locale not in locales:
            yield Problem(display_path(path), 0, 0, "", f"'{locale}' is not one of the locales in "
                          f"organization.yaml ({', '.join(locales)})")


@rule("document-settings")
def document_settings(content: RawContent, ctx: RuleContext) -> Iterable[Problem]:
    if content.documents is not None:
        _, problem = template_path(content.documents)
        if problem is not None:
            yield problem


@rule("document-references")
def document_references(content: RawContent, ctx: RuleContext) -> Iterable[Problem]:
    """Every reference and directive in every body resolves, to nothing above the document's visibility.

    Checked on the raw content with text.parse, like the references inside facts' texts, so that
    `trustgen validate` finds what the first build would otherwise fail on."""
    idx = _index(content)
    answerable = {**idx["facts"], **idx["certifications"], **idx["stances"]}
    for doc in content.document_files():
        limit = doc.loaded.data["visibility"]
        for body in doc.bodies:
            lines = body.text.splitlines()
            for item in _body_items(body.blocks):
                if isinstance(item, Directive):
                    problem = _check_directive(item, limit, answerable)
                    if problem is not None:
                        yield _body_problem(body.display, lines, item.line, item.raw, *problem)
                    continue
                line, raw = item
                try:
                    parts = parse(raw)
                except TemplateError as exc:
                    yield _body_problem(body.display, lines, line, "{" if "'{'" in str(exc) else "}", str(exc))
                    continue
                for part in parts:
                    if not isinstance(part, str):
                        message = _check_body_ref(part, limit, idx, answerable)
                        if message is not None:
                            yield _body_problem(body.display, lines, line, "{" + part.raw, message)


def _body_problem(file: str, lines: list[str], line: int, needle: str, message: str,
                  severity: str = "error") -> Problem:
    """A problem at needle, searched from a block's first line on (blocks know only where they start)."""
    for n in range(max(line - 1, 0), len(lines)):
        col = lines[n].find(needle)
        if col >= 0:
            return Problem(file, n + 1, col + 1, "", message, severity)
    return Problem(file, max(line, 1), 1, "", message, severity)


def _body_items(blocks: tuple[Block, ...]) -> Iterator[Directive | tuple[int, str]]:
    """Every directive, and every text that may hold references with the line of its block."""
    for block in blocks:
        if isinstance(block, (Heading, Paragraph)):
            yield from _inline_texts(block.inlines, block.line)
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield from _body_items(item)
        elif isinstance(block, Note):
            yield from _body_items(block.blocks)
        elif isinstance(block, Table):
            for cells in (block.header, *block.rows):
                for cell in cells:
                    yield from _inline_texts(cell, block.line)
        elif isinstance(block, Directive):
            yield block
        elif isinstance(block, Image):
            yield block.line, block.alt


def _inline_texts(nodes: Inlines, line: int) -> Iterator[tuple[int, str]]:
    for node in nodes:
        if isinstance(node, Text):
            yield line, node.text
        elif isinstance(node, (Strong, Emphasis, Link)):
            yield from _inline_texts(node.children, line)


def _check_directive(d: Directive, limit: str, answerable: dict[str, Any]) -> tuple[str, str] | tuple[str] | None:
    if d.name in ("facts", "summary") and d.arg not in TOPICS:
        return (f"{d.raw}: '{d.arg}' is not a topic (topics: {', '.join(TOPICS)})",)
    if d.name == "fact":
        target = answerable.get(d.arg)
        if target is None:
            return (f"{d.raw}: no fact, certification or stance '{d.arg}'",)
        visibility = target[0].get("visibility", "public")
        if not Audience(limit).may_see(visibility):
            return (f"{d.raw}: '{d.arg}' is {visibility} and is left out of this {limit} document", "warning")
    return None


def _check_body_ref(ref: Ref, limit: str, idx: dict[str, Any], answerable: dict[str, Any]) -> str | None:
    if ref.kind == "value":
        return (f"{{{ref.raw}}}: a document has no values of its own; refer to a fact's value as "
                f"{{fact-id.{ref.name}}}, or use a directive such as {{facts:topic}}")
    if ref.kind == "org":
        return None
    if ref.kind == "fact":
        target = answerable.get(ref.target)
        if target is None:
            return f"{{{ref.raw}}}: no fact, certification or stance '{ref.target}'"
        if ref.name not in (target[0].get("values") or {}):
            return f"{{{ref.raw}}}: '{ref.target}' has no value '{ref.name}'"
        what = f"'{ref.target}'"
    else:
        table = {"contact": "contacts", "product": "products", "subprocessor": "subprocessors",
                 "certification": "certifications"}[ref.kind]
        target = idx[table].get(ref.target)
        if target is None:
            return f"{{{ref.raw}}}: no {ref.kind} '{ref.target}'"
        what = f"{ref.kind} '{ref.target}'"
    visibility = target[0].get("visibility", "public")
    if not Audience(limit).may_see(visibility):
        return f"{{{ref.raw}}} refers to {what}, which is {visibility}, from a {limit} document"
    return None


# --- folding consequences under their cause ---------------------------------------------------------

# What a reference names, from the messages of the rules above: (family, id).
_REFERENCE = [
    (re.compile(r"^unknown (product|subprocessor|contact|certification|document)(?: or file)? '([^']+)'"), None),
    (re.compile(r"^\{[^}]*\}: no fact, certification or stance '([^']+)'"), "fact"),
    (re.compile(r"^\{[^}]*\}: '([^']+)' has no value"), "fact"),
    (re.compile(r"^\{[^}]*\}: no (contact|product|subprocessor|certification) '([^']+)'"), None),
]
# which kinds of reference a file of each kind, or an entry of each list, can satisfy
_FAMILIES = {"facts": {"fact", "certification"}, "compliance": {"fact"}, "certifications": {"fact", "certification"},
             "subprocessors": {"subprocessor"}, "organization": {"product", "contact"}, "documents": {"document"},
             "updates": set(), "files": {"document"}, "stances": {"fact"}, "products": {"product"},
             "contacts": {"contact"}, "changes": set()}


def _reference_target(message: str) -> tuple[str, str] | None:
    for pattern, family in _REFERENCE:
        match = pattern.match(message)
        if match:
            groups = match.groups()
            return (family, groups[0]) if family else (groups[0], groups[1])
    return None


def fold_consequences(problems: list[Problem], dropped: list[tuple[Problem, str, frozenset[str] | None]]
                      ) -> list[Problem]:
    """Root cause first: a reference that fails only because the file or entry declaring its target was
    left out (a schema error, a YAML syntax error) is not reported on its own; the file's or entry's
    first problem says how many such references depend on it."""
    if not dropped:
        return problems
    counts: dict[Problem, int] = {}
    kept: list[Problem] = []
    for problem in problems:
        target = _reference_target(problem.message) if problem.severity == "error" else None
        cause = None
        if target is not None:
            family, ident = target
            for first, kind, ids in dropped:
                if family in _FAMILIES.get(kind, set()) and (ids is None or ident in ids):
                    cause = first
                    break
        if cause is None:
            kept.append(problem)
        else:
            counts[cause] = counts.get(cause, 0) + 1
    out = []
    for problem in kept:
        n = counts.get(problem, 0)
        if n:
            problem = Problem(problem.file, problem.line, problem.column, problem.path,
                              f"{problem.message} (and {n} reference{'s' if n != 1 else ''} that "
                              f"depend{'s' if n == 1 else ''} on it)", problem.severity)
        out.append(problem)
    return out
