"""The generator's own words for shared ideas, each written once: answer labels, topic titles, and the
rule that picks the security contact.

The site, the documents and the workbook filler all import from here, so a stance answered "partial"
reads the same on a page, in a PDF and in a buyer's workbook, and a topic has one title everywhere.
This is the core layer: it imports nothing from site/, documents/ or questionnaire/.

The strings are marked with N_ and translated where they are written. pybabel extracts this module into
the catalog of each output that writes these words (locales/site.cfg and locales/documents.cfg), since
each output's catalog lists every word that output writes; the catalogs therefore share these msgids
and must translate them identically.
"""

from __future__ import annotations

from collections.abc import Iterable

from .i18n import N_
from .model import Contact

# How a yes/no/partial/n/a answer is labelled for a reader: compliance stances on the site and in the
# documents, and free-text answer cells of a filled workbook.
ANSWER_LABELS: dict[str, str] = {
    "yes": N_("Yes"), "no": N_("No"), "partial": N_("Partly"), "n/a": N_("Not applicable"),
}

# Each topic's title: the topic sections of the site's pages and the headings of a document's
# {topics} directive.
TOPIC_TITLES: dict[str, str] = {
    "governance": N_("Security programme"),
    "compliance": N_("Compliance programme"),
    "encryption": N_("Encryption"),
    "authentication": N_("Authentication"),
    "access-control": N_("Access control"),
    "network": N_("Network security"),
    "hardening": N_("Hardening"),
    "vulnerability-management": N_("Vulnerability management"),
    "malware-protection": N_("Malware protection"),
    "change-management": N_("Change management"),
    "logging-monitoring": N_("Logging and monitoring"),
    "incident-response": N_("Incident response"),
    "business-continuity": N_("Business continuity"),
    "physical": N_("Physical security"),
    "people": N_("People and training"),
    "data-location": N_("Data location"),
    "data-segregation": N_("Data segregation"),
    "data-retention": N_("Retention and deletion"),
    "privacy": N_("Privacy"),
    "product-security": N_("Product security"),
    "accessibility": N_("Accessibility"),
}

# Who receives vulnerability reports: the first contact with one of these purposes, in this order.
SECURITY_CONTACT_PURPOSES = ("vulnerability-disclosure", "security")


def security_contact(contacts: Iterable[Contact]) -> Contact | None:
    """The contact for vulnerability reports (security.txt, the contact page), or None when there is none."""
    contacts = tuple(contacts)
    for purpose in SECURITY_CONTACT_PURPOSES:
        for contact in contacts:
            if contact.purpose == purpose:
                return contact
    return None
