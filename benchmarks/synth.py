"""Synthetic knowledge bases for benchmarks: any number of facts and locales, always valid.

    python benchmarks/synth.py --facts 2000 --locales en,sv,de,fi --out /tmp/kb

Texts are made of seeded pseudo-words, so runs are reproducible and every locale has distinct text.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import yaml

TOPICS = ["governance", "encryption", "authentication", "access-control", "network", "hardening",
          "vulnerability-management", "malware-protection", "change-management", "logging-monitoring",
          "incident-response", "business-continuity", "physical", "people", "data-location",
          "data-segregation", "data-retention", "privacy", "product-security"]
SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "xe", "yu", "ber", "dan", "fel", "gor", "hus",
             "jal", "kem", "lin", "mor", "nas", "pel", "quo", "ros", "sel", "tor", "ull", "vin", "wex"]
ENGLISH = ["encryption", "access", "backup", "password", "firewall", "logging", "incident", "retention",
           "training", "audit", "review", "network", "vendor", "policy", "monitoring", "privacy", "key",
           "certificate", "patch", "vulnerability", "data", "customer", "employee", "system"]


def words(rng: random.Random, locale: str, n: int) -> str:
    out = []
    for _ in range(n):
        if locale == "en" and rng.random() < 0.6:
            out.append(rng.choice(ENGLISH))
        else:
            out.append("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 3))) + locale[0])
    return " ".join(out)


def localized(rng: random.Random, locales: list[str], n: int, suffix: str = "") -> dict[str, str]:
    return {loc: (words(rng, loc, n) + suffix).capitalize() for loc in locales}


def make(facts: int, locales: list[str], seed: int = 7) -> dict[str, object]:
    rng = random.Random(seed)
    doc: dict[str, object] = {}
    doc["organization.yaml"] = {
        "organization": {"name": "Synthetic", "legal_name": "Synthetic AB", "website": "https://synthetic.example",
                         "description": localized(rng, locales, 12, ".")},
        "locales": locales,
        "products": [{"id": f"product-{i}", "name": f"Product {i}", "description": localized(rng, locales, 6, ".")}
                     for i in range(3)],
        "contacts": [{"id": "security", "purpose": "security", "label": localized(rng, locales, 2),
                      "email": "security@synthetic.example"},
                     {"id": "compliance", "purpose": "compliance", "label": localized(rng, locales, 2),
                      "email": "compliance@synthetic.example"}],
    }
    common = {"owner": "Security team", "last_reviewed": "2026-06-01"}
    doc["subprocessors.yaml"] = {"subprocessors": [
        {"id": f"sub-{i}", "name": f"Provider {i}", "purpose": localized(rng, locales, 3), "data": localized(rng, locales, 3),
         "countries": [rng.choice(["SE", "DE", "IE", "US", "FI"])], "visibility": "public", **common}
        for i in range(10)]}
    doc["certifications.yaml"] = {"certifications": [
        {"id": f"cert-{std}", "standard": std, "scope": localized(rng, locales, 8, "."), "auditor": "Auditor AB",
         "issued": "2026-01-15", "expires": "2027-01-14", "report": {"access": "request", "contact": "compliance"},
         "visibility": "public", **common}
        for std in ("soc2-type2", "iso27001", "iso27701")]}
    doc["compliance.yaml"] = {"stances": [
        {"id": "stance-gdpr", "framework": "gdpr", "stance": "yes", "dpa_offered": True, "role": "processor",
         "statement": localized(rng, locales, 15, "."), "visibility": "public", **common},
        {"id": "stance-hipaa", "framework": "hipaa", "stance": "no", "baa_offered": False, "phi_allowed": False,
         "statement": localized(rng, locales, 15, "."), "visibility": "public", **common}]}
    by_topic: dict[str, list[dict[str, object]]] = {t: [] for t in TOPICS}
    for i in range(facts):
        topic = TOPICS[i % len(TOPICS)]
        statement = {loc: f"{words(rng, loc, 14).capitalize()} {{days}} {words(rng, loc, 6)}." for loc in locales}
        fact: dict[str, object] = {
            "id": f"fact-{i:05d}", "statement": statement,
            "answer": rng.choice(["yes", "yes", "yes", "no", "partial"]),
            "visibility": rng.choice(["public"] * 8 + ["nda", "internal"]), **common,
            "values": {"days": {"number": rng.randint(1, 400), "unit": "days"}},
            "questions": [{"text": localized(rng, locales, 9, "?"), "answer": "yes"}],
            "keywords": {loc: words(rng, loc, 3).split() for loc in locales},
        }
        if i % 7 == 0:
            fact["products"] = [f"product-{i % 3}"]
        if i % 5 == 0:
            fact["mappings"] = {"vsaq": [f"synthetic_{i}"]}
        by_topic[topic].append(fact)
    for topic, items in by_topic.items():
        if items:
            doc[f"facts/{topic}.yaml"] = {"topic": topic, "facts": items}
    return doc


def write(out: Path, files: dict[str, object]) -> None:
    for name, data in files.items():
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--facts", type=int, default=2000)
    p.add_argument("--locales", default="en,sv")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--out", type=Path, required=True)
    args = p.parse_args(argv)
    write(args.out, make(args.facts, args.locales.split(","), args.seed))
    print(f"wrote {args.facts} facts in {args.locales} to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
