"""Which pages the trust center has, in which order and navigation section, and which topics each shows.

The page list is derived from the knowledge base (a topic page without facts is left out), and it is
the same for every locale, so the language switch always finds the same page in the other language.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import N_
from ..model import TOPICS, KnowledgeBase
from ..vocabulary import TOPIC_TITLES

INDEX = "index"


@dataclass(frozen=True)
class PageSpec:
    """One page: its file name (without .md), template, title msgid and navigation section msgid."""

    slug: str
    template: str
    title: str
    section: str | None = None
    topics: tuple[str, ...] = ()
    icon: str = "material/shield-check-outline"


SECTION_SECURITY = N_("Security")
SECTION_PRIVACY = N_("Data and privacy")
SECTION_RESOURCES = N_("Resources")

# The security pages, in reading order. Related topics share a page so that no page is a stub.
SECURITY_PAGES: tuple[PageSpec, ...] = (
    PageSpec("security-programme", "topic.md", TOPIC_TITLES["governance"], SECTION_SECURITY, ("governance",),
             "material/clipboard-check-outline"),
    PageSpec("encryption", "topic.md", TOPIC_TITLES["encryption"], SECTION_SECURITY, ("encryption",),
             "material/lock-outline"),
    PageSpec("access", "topic.md", N_("Authentication and access"), SECTION_SECURITY,
             ("authentication", "access-control"), "material/account-key-outline"),
    PageSpec("network", "topic.md", TOPIC_TITLES["network"], SECTION_SECURITY, ("network",), "material/lan"),
    PageSpec("vulnerability-management", "topic.md", N_("Hardening and vulnerability management"), SECTION_SECURITY,
             ("hardening", "vulnerability-management", "malware-protection"), "material/bug-check-outline"),
    PageSpec("product-security", "topic.md", N_("Product security and change management"), SECTION_SECURITY,
             ("product-security", "change-management"), "material/source-branch-check"),
    PageSpec("logging-monitoring", "topic.md", TOPIC_TITLES["logging-monitoring"], SECTION_SECURITY,
             ("logging-monitoring",), "material/monitor-eye"),
    PageSpec("incident-response", "topic.md", TOPIC_TITLES["incident-response"], SECTION_SECURITY,
             ("incident-response",), "material/alarm-light-outline"),
    PageSpec("business-continuity", "topic.md", TOPIC_TITLES["business-continuity"], SECTION_SECURITY,
             ("business-continuity",), "material/backup-restore"),
    PageSpec("physical", "topic.md", TOPIC_TITLES["physical"], SECTION_SECURITY, ("physical",),
             "material/office-building-outline"),
    PageSpec("people", "topic.md", TOPIC_TITLES["people"], SECTION_SECURITY, ("people",),
             "material/account-group-outline"),
    # Shown, like every topic page, only when the knowledge base holds facts on it.
    PageSpec("accessibility", "topic.md", TOPIC_TITLES["accessibility"], SECTION_SECURITY, ("accessibility",),
             "material/human"),
)

OVERVIEW = PageSpec(INDEX, "overview.md", N_("Overview"), None, (), "material/home-outline")
COMPLIANCE = PageSpec("compliance", "compliance.md", N_("Compliance"), None, ("compliance",),
                      "material/certificate-outline")
PRIVACY = PageSpec("privacy", "privacy.md", N_("Data and privacy"), SECTION_PRIVACY,
                   ("data-location", "data-segregation", "data-retention", "privacy"), "material/database-lock-outline")
SUBPROCESSORS = PageSpec("subprocessors", "subprocessors.md", N_("Subprocessors"), SECTION_PRIVACY, (),
                         "material/domain")
DOCUMENTS = PageSpec("documents", "documents.md", N_("Documents"), SECTION_RESOURCES, (),
                     "material/file-document-outline")
FAQ = PageSpec("faq", "faq.md", N_("Frequently asked questions"), SECTION_RESOURCES, (),
               "material/frequently-asked-questions")
UPDATES = PageSpec("updates", "updates.md", N_("Updates"), SECTION_RESOURCES, (), "material/update")
CONTACT = PageSpec("contact", "contact.md", N_("Contact"), None, (), "material/email-outline")

# Every topic appears on exactly one page.
assert sorted(t for p in (COMPLIANCE, PRIVACY, *SECURITY_PAGES) for t in p.topics) == sorted(TOPICS)


def has_faq(kb: KnowledgeBase) -> bool:
    return any(q.faq for e in kb.entries() for q in e.questions)


def site_pages(kb: KnowledgeBase, documents: bool = True) -> list[PageSpec]:
    """The pages of this (audience-filtered) knowledge base, in navigation order."""
    topics_with_facts = {f.topic for f in kb.facts}
    pages = [OVERVIEW]
    if kb.certifications or kb.stances or "compliance" in topics_with_facts:
        pages.append(COMPLIANCE)
    pages.extend(p for p in SECURITY_PAGES if topics_with_facts.intersection(p.topics))
    if kb.stances or topics_with_facts.intersection(PRIVACY.topics):
        pages.append(PRIVACY)
    if kb.subprocessors:
        pages.append(SUBPROCESSORS)
    if documents:
        pages.append(DOCUMENTS)
    if has_faq(kb):
        pages.append(FAQ)
    if kb.updates:
        pages.append(UPDATES)
    pages.append(CONTACT)
    return pages


def topic_pages(pages: list[PageSpec]) -> dict[str, PageSpec]:
    """topic -> the page that shows it."""
    return {t: p for p in pages for t in p.topics}
