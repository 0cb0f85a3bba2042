"""Machine-readable files of the site: /.well-known/security.txt (RFC 9116), trust.json and robots.txt.

All three are written from the audience-filtered knowledge base, like the pages, so nothing that the
audience may not see can reach them.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from ..model import Certification, KnowledgeBase, LocalizedText
from ..outputs import Artifact
from ..vocabulary import security_contact
from .context import EXPIRY_WARNING_DAYS
from .texts import resolve

TRUST_JSON_VERSION = 1
# RFC 9116 recommends that Expires be less than a year ahead; used when content sets no date.
DEFAULT_SECURITY_TXT_DAYS = 180


@dataclass(frozen=True)
class SecurityTxt:
    text: str | None
    warning: str | None = None


def security_txt(kb: KnowledgeBase, today: dt.date, site_url: str | None) -> SecurityTxt:
    """The security.txt body, or None with a warning when no contact can receive reports."""
    contact = security_contact(kb.contacts)
    if contact is None:
        return SecurityTxt(None, "no contact with purpose 'vulnerability-disclosure' or 'security': "
                                 ".well-known/security.txt was not written")
    lines = [f"# Security contact of {kb.organization.legal_name} (RFC 9116)."]
    if contact.email:
        lines.append(f"Contact: mailto:{contact.email}")
    if contact.url:
        lines.append(f"Contact: {contact.url}")
    expires = kb.security_txt.expires or (today + dt.timedelta(days=DEFAULT_SECURITY_TXT_DAYS))
    lines.append(f"Expires: {expires.isoformat()}T00:00:00Z")
    if contact.pgp_key_url:
        lines.append(f"Encryption: {contact.pgp_key_url}")
    if kb.security_txt.acknowledgments_url:
        lines.append(f"Acknowledgments: {kb.security_txt.acknowledgments_url}")
    lines.append("Preferred-Languages: " + ", ".join(loc.replace("_", "-") for loc in kb.locales))
    base = site_url.rstrip("/") + "/" if site_url else None
    if base:
        lines.append(f"Canonical: {base}.well-known/security.txt")
    policy = kb.security_txt.policy_url or (f"{base}contact/#report-a-vulnerability" if base else None)
    if policy:
        lines.append(f"Policy: {policy}")
    if kb.security_txt.hiring_url:
        lines.append(f"Hiring: {kb.security_txt.hiring_url}")
    return SecurityTxt("\n".join(lines) + "\n")


def robots_txt(audience: str, site_url: str | None) -> str:
    if audience != "public":
        return "User-agent: *\nDisallow: /\n"
    lines = ["User-agent: *", "Allow: /"]
    if site_url:
        lines.append(f"Sitemap: {site_url.rstrip('/')}/sitemap.xml")
    return "\n".join(lines) + "\n"


def _all_locales(kb: KnowledgeBase, text: LocalizedText | None, owner: Any, cache: dict) -> dict[str, str] | None:
    if text is None:
        return None
    return {loc: resolve(kb, text, loc, owner, cache) for loc in kb.locales}


def _review(entry: Any) -> dict[str, str]:
    return {"last_reviewed": entry.review.last_reviewed.isoformat()}


def trust_json(kb: KnowledgeBase, today: dt.date, documents: tuple[Artifact, ...], cache: dict | None = None) -> str:
    """Everything the site shows, as data: resolved texts in every locale, statuses as of today."""
    cache = {} if cache is None else cache

    def _texts(text: LocalizedText | None, owner: Any = None) -> dict[str, str] | None:
        return _all_locales(kb, text, owner, cache)

    def cert(c: Certification) -> dict[str, Any]:
        return {
            "id": c.id, "standard": c.standard, "name": c.name, "scope": _texts(c.scope, c),
            "statement": _texts(c.statement, c), "products": list(c.products), "auditor": c.auditor,
            "issued": c.issued.isoformat() if c.issued else None,
            "expires": c.expires.isoformat() if c.expires else None,
            "status": c.status(today, EXPIRY_WARNING_DAYS), "report_access": c.report.access,
            **({"period": {"from": c.period[0].isoformat(), "to": c.period[1].isoformat()}} if c.period else {}),
            **_review(c),
        }

    data = {
        "format": "trustgen-trust-json", "version": TRUST_JSON_VERSION, "generator": "trustgen",
        "generated": today.isoformat(), "audience": kb.audience, "locales": list(kb.locales),
        "organization": {
            "name": kb.organization.name, "legal_name": kb.organization.legal_name,
            "website": kb.organization.website, "country": kb.organization.country,
            "description": _texts(kb.organization.description),
        },
        "products": [{"id": p.id, "name": p.name, "description": _texts(p.description)} for p in kb.products],
        "contacts": [{"id": c.id, "purpose": c.purpose, "label": _texts(c.label), "email": c.email, "url": c.url}
                     for c in kb.contacts],
        "certifications": [cert(c) for c in kb.certifications],
        "compliance": [{
            "id": s.id, "framework": s.framework, "name": s.name, "answer": s.answer,
            "statement": _texts(s.statement, s), "products": list(s.products),
            **{k: getattr(s, k) for k in ("dpa_offered", "role", "baa_offered", "phi_allowed", "card_data_allowed",
                                          "product_audited") if getattr(s, k) is not None},
            **_review(s),
        } for s in kb.stances],
        "facts": [{
            "id": f.id, "topic": f.topic, "title": _texts(f.title, f), "statement": _texts(f.statement, f),
            "answer": f.answer, "products": list(f.products), **_review(f),
        } for f in kb.facts],
        "subprocessors": [{
            "id": s.id, "name": s.name, "website": s.website, "purpose": _texts(s.purpose),
            "data": _texts(s.data), "countries": list(s.countries), "region": _texts(s.region),
            "products": list(s.products), **_review(s),
        } for s in kb.subprocessors],
        "updates": [{"id": u.id, "date": u.date.isoformat(), "title": _texts(u.title),
                     "body": _texts(u.body)} for u in kb.updates],
        "documents": [{"id": d.id, "locale": d.locale, "title": d.title, "version": d.version,
                       "effective": d.effective.isoformat(), "format": d.format, "path": d.path.as_posix(), "size": d.size}
                      for d in documents if d.locale and d.format != "zip"],
        "packages": [{"locale": d.locale, "path": d.path.as_posix(), "size": d.size}
                     for d in documents if d.format == "zip"],
        "files": [{"id": f.id, "kind": f.kind, "title": _texts(f.title), "description": _texts(f.description),
                   "certification": f.certification, "date": f.date.isoformat() if f.date else None,
                   "path": f"downloads/files/{f.id}.pdf"} for f in kb.files],
        "on_request": [{"id": g.id, "kind": g.kind, "title": _texts(g.listing.title),
                        "description": _texts(g.listing.description), "certification": g.certification}
                       for g in kb.gated],
    }
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
