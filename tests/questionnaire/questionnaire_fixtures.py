"""A small knowledge base written into tmp_path for the questionnaire tests, with exactly the cases
the engine must get right: polarity (canonical questions of both polarities), scope (a provider's
data-centre staff vs the organisation's own staff), audiences, products, typed stance fields, a valid
and an expired certification, and standard ids."""

from __future__ import annotations

from pathlib import Path

ORGANIZATION = """\
organization:
  name: Testbolaget
  legal_name: Testbolaget AB
  website: https://testbolaget.example
  description: {en: A small company used by the tests., sv: Ett litet företag som testerna använder.}
locales: [en, sv]
products:
  - id: app
    name: Test App
    description: {en: The application., sv: Applikationen.}
  - id: api
    name: Test API
    description: {en: The programming interface., sv: Programmeringsgränssnittet.}
contacts:
  - id: security
    purpose: security
    label: {en: Security team, sv: Säkerhetsteamet}
    email: security@testbolaget.example
  - id: compliance
    purpose: compliance
    label: {en: Compliance, sv: Regelefterlevnad}
    email: compliance@testbolaget.example
"""

SUBPROCESSORS = """\
subprocessors:
  - id: aws
    name: Amazon Web Services (AWS)
    purpose: {en: Cloud hosting, sv: Molndrift}
    data: {en: All customer data, sv: All kunddata}
    countries: [SE]
    visibility: public
    owner: Privacy
    last_reviewed: 2026-09-01
"""


ENCRYPTION = """\
topic: encryption
facts:
  - id: tls-in-transit
    title: {en: Encryption in transit, sv: Kryptering under överföring}
    statement:
      en: Every client connection uses {min_tls} or later.
      sv: Alla klientanslutningar använder {min_tls} eller senare.
    visibility: public
    owner: Security team
    last_reviewed: 2026-09-01
    values:
      min_tls: {tls: "1.2"}
    questions:
      - text: {en: Do you encrypt data in transit?, sv: Krypterar ni data under överföring?}
        answer: "yes"
      - text: {en: Do you accept unencrypted connections?, sv: Accepterar ni okrypterade anslutningar?}
        answer: "no"
    keywords: {en: [HTTPS, TLS], sv: [HTTPS, TLS]}
    mappings:
      vsaq: [network_encryption]
      caiq_v4: [CEK-03.1]
  - id: encryption-at-rest
    statement:
      en: Customer data is encrypted at rest with {algorithm}.
      sv: Kunddata krypteras i vila med {algorithm}.
    visibility: public
    owner: Security team
    last_reviewed: 2026-09-01
    values:
      algorithm: {text: AES-256}
    questions:
      - text: {en: Is customer data encrypted at rest?, sv: Krypteras kunddata i vila?}
        answer: "yes"
    mappings:
      caiq_v4: [CEK-04]
"""

AUTHENTICATION = """\
topic: authentication
facts:
  - id: staff-mfa
    statement:
      en: Every employee signs in to company systems with multi-factor authentication.
      sv: Alla anställda loggar in i företagets system med flerfaktorsautentisering.
    visibility: internal
    owner: Security team
    last_reviewed: 2026-09-01
    questions:
      - text: {en: Do your employees use multi-factor authentication?, sv: Använder era anställda flerfaktorsautentisering?}
        answer: "yes"
"""

PHYSICAL = """\
topic: physical
facts:
  - id: dc-floor-mfa
    statement:
      en: Authorised {subprocessor:aws} staff pass two-factor authentication before they reach a data-center floor.
      sv: Behörig personal hos {subprocessor:aws} klarar tvåfaktorsautentisering innan de når en datahall.
    party: aws
    visibility: public
    owner: Security team
    last_reviewed: 2026-09-01
    questions:
      - text:
          en: Must data-center staff pass two-factor authentication to reach the data-center floor?
          sv: Måste personalen i datacentret klara tvåfaktorsautentisering för att nå datahallen?
        answer: "yes"
"""

RETENTION = """\
topic: data-retention
facts:
  - id: content-deletion
    statement:
      en: Customer content is deleted {days} after the subscription ends.
      sv: Kundinnehåll raderas {days} efter att abonnemanget har upphört.
    products: [app]
    visibility: public
    owner: Security team
    last_reviewed: 2026-09-01
    values:
      days: {number: 45, unit: days}
    questions:
      - text:
          en: How long is customer content kept after the subscription ends?
          sv: Hur länge sparas kundinnehåll efter att abonnemanget har upphört?
        answer: "yes"
      - text:
          en: Do you keep customer content indefinitely after the subscription ends?
          sv: Sparar ni kundinnehåll på obestämd tid efter att abonnemanget har upphört?
        answer: "no"
"""

VULNERABILITY = """\
topic: vulnerability-management
facts:
  - id: annual-pentest
    statement:
      en: An independent firm runs a penetration test of the application {cadence}.
      sv: Ett oberoende företag genomför ett penetrationstest av applikationen {cadence}.
    visibility: nda
    owner: Security team
    last_reviewed: 2026-09-01
    values:
      cadence: {cadence: annual}
    questions:
      - text: {en: Do you commission an annual penetration test?, sv: Låter ni genomföra ett årligt penetrationstest?}
        answer: "yes"
"""

COMPLIANCE = """\
stances:
  - id: hipaa
    framework: hipaa
    stance: "no"
    baa_offered: false
    phi_allowed: false
    statement:
      en: "{org:name} does not comply with HIPAA, and protected health information may not be stored in its products."
      sv: "{org:name} uppfyller inte HIPAA, och skyddad hälsoinformation får inte lagras i företagets produkter."
    visibility: public
    owner: Legal
    last_reviewed: 2026-09-01
"""

CERTIFICATIONS = """\
certifications:
  - id: iso27001
    standard: iso27001
    scope: {en: The information security management system of Testbolaget., sv: Testbolagets ledningssystem för informationssäkerhet.}
    auditor: Example Certification AB
    expires: 2099-12-31
    report: {access: request, contact: compliance}
    visibility: public
    owner: Compliance
    last_reviewed: 2026-09-01
  - id: soc2-type2
    standard: soc2-type2
    scope: {en: The controls of the Test App service., sv: Kontrollerna i tjänsten Test App.}
    auditor: Example Revision AB
    expires: 2025-06-30
    report: {access: request, contact: compliance}
    visibility: public
    owner: Compliance
    last_reviewed: 2026-09-01
"""


def write_kb(root: Path) -> Path:
    """Write the test knowledge base under root and return its folder."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "facts").mkdir(exist_ok=True)
    (root / "organization.yaml").write_text(ORGANIZATION, encoding="utf-8")
    (root / "subprocessors.yaml").write_text(SUBPROCESSORS, encoding="utf-8")
    (root / "compliance.yaml").write_text(COMPLIANCE, encoding="utf-8")
    (root / "certifications.yaml").write_text(CERTIFICATIONS, encoding="utf-8")
    for name, text in (("encryption", ENCRYPTION), ("authentication", AUTHENTICATION), ("physical", PHYSICAL),
                       ("data-retention", RETENTION), ("vulnerability-management", VULNERABILITY)):
        (root / "facts" / f"{name}.yaml").write_text(text, encoding="utf-8")
    return root


from kbtest import run_cli  # noqa: F401  one in-process CLI runner for the whole suite
