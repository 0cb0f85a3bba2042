"""Which standard questionnaire (and which version of it) a file is, and where its ids are looked up.

`mappings` in the knowledge base name question ids per versioned namespace (model.MAPPING_NAMESPACES).
Versions of one questionnaire reuse ids for other questions (HECVAT Lite 3 GNRL-05 is not HECVAT
Full 3 GNRL-05), so a question's id is only looked up in the namespace of its questionnaire:

- named with `--questionnaire`, or
- detected from the file: a workbook's sheet names and title cells ("HECVAT - Lite", "CAIQ v4.0.3"),
  else the section prefixes of its ids (HECVAT Lite 3 sections start with HL; HECVAT 4 has sections
  such as REQU and DRPV that version 3 lacks), else the shape of most of its ids (CAIQ, VSAQ).

An id whose shape belongs to one questionnaire only (a CAIQ or a VSAQ id) is looked up there even when the questionnaire is not known; a HECVAT or SIG id is then looked up only
under the unversioned `hecvat` key of older knowledge bases, never in a versioned namespace.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from ..errors import UsageError
from ..model import MAPPING_NAMESPACES, UNVERSIONED

CAIQ_ID = re.compile(r"^[A-Z&]{3}-\d{2}(?:\.\d+)?$")
HECVAT_ID = re.compile(r"^([A-Z]{4})-\d{2}$")
VSAQ_ID = re.compile(r"^~?[a-z][a-z0-9_]*$")

# Section prefixes that only one HECVAT version has (from the published question lists' section codes).
_HECVAT_ONLY = {
    "hecvat-lite-3": lambda p: p.startswith("HL"),
    "hecvat-full-3": lambda p: p in {"QUAL", "BCPL", "DRPL", "QLAS"},
    "hecvat-4": lambda p: p in {"REQU", "OPEM", "PRGN", "PCOM", "PDOC", "PTHP", "PCHG", "PDAT", "PRPO", "INTL",
                                "DRPV", "DPAI"} or (p.startswith("AI") and p not in {"AIAI"}),
}

_TITLES = (
    (re.compile(r"\bhecvat\b.{0,40}\blite\b|\blite\b.{0,40}\bhecvat\b", re.IGNORECASE | re.DOTALL), "hecvat-lite-3"),
    (re.compile(r"\bhecvat\b.{0,40}\b(?:v(?:ersion)?\s*)?4(?:\.\d+)*\b", re.IGNORECASE | re.DOTALL), "hecvat-4"),
    (re.compile(r"\bhecvat\b.{0,40}\bfull\b|\bfull\b.{0,40}\bhecvat\b", re.IGNORECASE | re.DOTALL), "hecvat-full-3"),
    (re.compile(r"\b(?:caiq|consensus assessments? initiative questionnaire)\b.{0,40}\bv?4(?:\.\d+)*\b",
                re.IGNORECASE | re.DOTALL), "caiq-v4"),
    (re.compile(r"\bsig\s*lite\b", re.IGNORECASE), "sig-lite"),
    (re.compile(r"\bsig\s*core\b", re.IGNORECASE), "sig-core"),
    (re.compile(r"\bvsaq\b|vendor security assessment questionnaire", re.IGNORECASE), "vsaq"),
)


def check_namespace(name: str | None) -> str | None:
    """`name` when it is a namespace trustgen knows, else a UsageError listing them."""
    if name is None or name in MAPPING_NAMESPACES:
        return name
    raise UsageError(f"unknown questionnaire '{name}' (known: {', '.join(MAPPING_NAMESPACES)})")


def detect_from_text(texts: Iterable[str]) -> str | None:
    """The namespace that a workbook's sheet names and title cells name, if exactly one is named."""
    found: list[str] = []
    for text in texts:
        for pattern, namespace in _TITLES:
            if pattern.search(text):
                if namespace not in found:
                    found.append(namespace)
                break
    return found[0] if len(found) == 1 else None


def detect_from_ids(ids: Iterable[str]) -> str | None:
    """The namespace that a questionnaire's ids imply, or None when they do not tell."""
    ids = [i.strip() for i in ids if i and i.strip()]
    if not ids:
        return None
    prefixes = {m.group(1) for m in map(HECVAT_ID.match, ids) if m}
    versions = [ns for ns, test in _HECVAT_ONLY.items() if any(test(p) for p in prefixes)]
    if len(versions) == 1:
        return versions[0]
    if versions:
        return None
    shapes = Counter("caiq-v4" if CAIQ_ID.match(i) else "vsaq" if VSAQ_ID.match(i) and "_" in i else ""
                     for i in ids)
    shape, n = shapes.most_common(1)[0]
    return shape or None if n * 2 > len(ids) else None


def hecvat_versions_of(ids: Iterable[str]) -> list[str]:
    """Which HECVAT versions have every one of these ids' sections (for rewriting unversioned ids)."""
    prefixes = {m.group(1) for m in map(HECVAT_ID.match, ids) if m}
    only = [ns for ns, test in _HECVAT_ONLY.items() if any(test(p) for p in prefixes)]
    return only if only else list(UNVERSIONED["hecvat"])


def lookup(questionnaire: str | None, qid: str) -> tuple[str, ...]:
    """The namespaces in which a question id of `questionnaire` (None: not known) is looked up."""
    if questionnaire is not None:
        legacy = tuple(old for old, versions in UNVERSIONED.items() if questionnaire in versions)
        return (questionnaire, *legacy)
    qid = qid.strip()
    if CAIQ_ID.match(qid):
        return ("caiq-v4",)
    if HECVAT_ID.match(qid):
        return tuple(UNVERSIONED)
    if VSAQ_ID.match(qid):
        return ("vsaq",)
    return ()
