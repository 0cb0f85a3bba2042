"""Fixture builders: a CAIQ-like and a HECVAT-like workbook as buyers send them, and a small knowledge
base whose facts answer some of their questions (and deliberately not others)."""

from __future__ import annotations

import shutil
from pathlib import Path

from xlsx_ooxml import (
    ANSWER,
    HEADER,
    SECTION,
    TITLE,
    WRAP,
    BookSpec,
    DefinedName,
    SheetSpec,
    Validation,
    build,
)

MINIMAL = Path(__file__).resolve().parents[1] / "data" / "good" / "minimal"
CAIQ_SHEET = "CAIQv4.0.3"

# (id, question) rows of the CAIQ-like questionnaire, in order.
CAIQ_QUESTIONS = [  # CAIQ ids, with questions written for these tests in the questionnaire's manner
    ("A&A-01.1", "Do you keep written rules for internal audits, signed off by management and followed in practice?"),
    ("BCR-08.1", "Are backups of cloud data taken on a schedule?"),
    ("CEK-03.1", "Is data protected with vetted cryptographic libraries both in storage and on the wire?"),
    ("IAM-14.1", "Must staff pass multifactor authentication before they reach your systems?"),
    ("TVM-07.1", "Do you look for vulnerabilities on devices the company manages every month or more often?"),
    ("HRS-11.1", "Does every member of staff take a security awareness course?"),
    ("HRS-12.1", "Is security training mandatory for new hires and repeated every year?"),
]


def caiq_workbook(path: Path) -> Path:
    """CAIQ v4-like: an introduction sheet with a logo, then one long table with Yes/No/NA drop-downs."""
    intro = SheetSpec("Introduction", image=True, widths={1: 110})
    intro.set("A1", "Consensus Assessments Initiative Questionnaire (CAIQ) v4.0.3", style=TITLE)
    intro.set("A3", "This questionnaire is to be completed by the cloud service provider. For each question "
                    "select Yes, No or NA in the column CSP CAIQ Answer and describe the implementation in the "
                    "column next to it.", style=WRAP)
    intro.set("A4", "Questions marked with an asterisk are optional.", style=WRAP)
    intro.row_heights[3] = 60

    q = SheetSpec(CAIQ_SHEET, widths={1: 12, 2: 60, 3: 14, 4: 18, 5: 50, 6: 40, 7: 12, 8: 40, 9: 24, 10: 24},
                  freeze="A4", autofilter="A3:J10", landscape=True,
                  header_footer="&LCAIQ v4.0.3&RPage &P of &N")
    q.merges.append("A1:J1")
    q.set("A1", "CAIQ v4.0.3 - Cloud Service Provider answers", style=TITLE)
    q.set("E2", "Answered yes: 0", formula='"Answered yes: "&COUNTIF(C4:C40,"Yes")')
    headers = ["Question ID", "Question", "CSP CAIQ Answer", "SSRM Control Ownership",
               "CSP Implementation Description (Optional/Recommended)", "CSC Responsibilities (Optional/Recommended)",
               "CCM Control ID", "CCM Control Specification", "CCM Control Title", "CCM Domain Title"]
    for col, text in enumerate(headers, start=1):
        q.set(f"{chr(64 + col)}3", text, style=HEADER)
    for i, (qid, text) in enumerate(CAIQ_QUESTIONS):
        r = 4 + i
        q.set(f"A{r}", qid, style=WRAP)
        q.set(f"B{r}", text, style=WRAP)
        q.set(f"C{r}", None, style=ANSWER)
        q.set(f"D{r}", None, style=ANSWER)
        if i % 2 == 0:  # half the rows have a styled, empty description cell; the others none at all
            q.set(f"E{r}", None, style=ANSWER)
        q.set(f"G{r}", qid.split(".")[0], style=WRAP)
        q.set(f"H{r}", "The control specification text of " + qid.split(".")[0] + ".", style=WRAP)
        q.set(f"I{r}", "Control title", style=WRAP)
        q.set(f"J{r}", qid.split("-")[0] + " domain", style=WRAP)
    q.validations += [
        Validation("C4:C40", '"Yes,No,NA"'),
        Validation("D4:D40", '"CSP-owned,CSC-owned,Shared CSP and CSC,3rd-party outsourced"'),
    ]
    book = BookSpec([intro, q], names=[
        DefinedName("_xlnm._FilterDatabase", f"'{CAIQ_SHEET}'!$A$3:$J$10", local_sheet=1, hidden=True),
        DefinedName("_xlnm.Print_Titles", f"'{CAIQ_SHEET}'!$3:$3", local_sheet=1),
    ], calc_pr=False)
    return build(book, path)


# (id, question, formula over the hidden QText sheet or None) for the HECVAT-like Application sheet.
HECVAT_APPLICATION = [
    ("APPL-01", "Do you require multi-factor authentication for administrative access?", "QText!A2"),
    ("APPL-02", "Is all network traffic to the application encrypted in transit?", 'CONCATENATE(QText!A3," ",QText!B3)'),
    ("APPL-03", "Do you allow unencrypted connections?", None),
]
HECVAT_DATA = [
    ("DATA-01", "Do you back up institutional data?", None),
    ("DATA-02", "Do you sell institutional data to advertisers?", None),
]
HECVAT_INFRASTRUCTURE = [
    ("HIPA-01", "Are you HIPAA compliant?"),
    ("INFR-01", "Do you scan your infrastructure for vulnerabilities?"),
]


def hecvat_workbook(path: Path) -> Path:
    """HECVAT-like: several sheets, formula-driven question text, hidden lists, named-range and x14
    drop-downs, section rows, a summary with a chart and a pivot table, printer settings."""
    instructions = SheetSpec("Instructions", widths={1: 100})
    instructions.set("A1", "Higher Education Community Vendor Assessment Toolkit", style=TITLE)
    instructions.set("A3", "Answer every question on the Application and Infrastructure sheets. Use the drop-down "
                           "in the answer column and explain in Additional Information.", style=WRAP)

    app = SheetSpec("Application", widths={1: 10, 2: 70, 3: 14, 4: 50, 5: 40}, landscape=True, printer_settings=True,
                    header_footer="&LHECVAT&RPage &P")
    app.merges += ["A1:E1", "A4:E4", "A8:E8"]
    app.set("A1", "HECVAT - Application", style=TITLE)
    app.set("A2", "Vendor: complete the yellow cells.")
    for col, text in zip("ABCDE", ["ID", "Question", "Vendor Answer", "Additional Information", "Guidance"]):
        app.set(f"{col}3", text, style=HEADER)
    app.set("A4", "Application Security", style=SECTION)
    qtext = SheetSpec("QText", state="veryHidden")
    row = 5
    for qid, text, formula in HECVAT_APPLICATION:
        app.set(f"A{row}", qid, style=WRAP)
        if formula == "QText!A2":
            qtext.set("A2", text)
            app.set(f"B{row}", text, formula=formula, style=WRAP)
        elif formula:
            head, _, tail = text.partition(" traffic ")
            qtext.set("A3", head + " traffic")
            qtext.set("B3", tail)
            app.set(f"B{row}", text, formula=formula, style=WRAP)
        else:
            app.set(f"B{row}", text, style=WRAP)
        app.set(f"C{row}", None, style=ANSWER)
        app.set(f"D{row}", None, style=ANSWER)
        app.set(f"E{row}", "Describe the scope.", style=WRAP)
        row += 1
    app.set("A8", "Data", style=SECTION)
    row = 9
    for qid, text, _ in HECVAT_DATA:
        app.set(f"A{row}", qid, style=WRAP)
        app.set(f"B{row}", text, style=WRAP)
        app.set(f"C{row}", None, style=ANSWER)
        row += 1
    app.validations.append(Validation("C5:C30", "AnswerList"))

    infra = SheetSpec("Infrastructure", widths={1: 10, 2: 70, 3: 14, 4: 50})
    for col, text in zip("ABCD", ["ID", "Question", "Answer", "Comments"]):
        infra.set(f"{col}2", text, style=HEADER)
    infra.set("A1", "HECVAT - Infrastructure", style=TITLE)
    for i, (qid, text) in enumerate(HECVAT_INFRASTRUCTURE):
        infra.set(f"A{3 + i}", qid, style=WRAP)
        infra.set(f"B{3 + i}", text, style=WRAP)
    infra.validations.append(Validation("C3:C20", "Lists!$A$1:$A$3", extended=True))

    summary = SheetSpec("Summary", chart=True, pivot="G1:H5", widths={1: 16, 2: 10, 4: 16, 5: 16, 7: 16, 8: 12})
    summary.set("A1", "Answer", style=HEADER)
    summary.set("B1", "Count", style=HEADER)
    for r, word in ((2, "Yes"), (3, "No"), (4, "N/A")):
        summary.set(f"A{r}", word)
        summary.set(f"B{r}", 0, formula=f"COUNTIF(Application!$C$5:$C$30,A{r})+COUNTIF(Infrastructure!$C$3:$C$20,A{r})")
    summary.set("A6", "Answered yes: 0", formula='"Answered yes: "&B2')
    for r, (area, owner) in enumerate([("Area", "Owner"), ("Application", "Security"), ("Application", "IT"),
                                       ("Infrastructure", "IT"), ("Infrastructure", "IT")], start=1):
        summary.set(f"G{r}", area, style=HEADER if r == 1 else 0)
        summary.set(f"H{r}", owner, style=HEADER if r == 1 else 0)

    lists = SheetSpec("Lists", state="hidden")
    for r, word in enumerate(["Yes", "No", "N/A"], start=1):
        lists.set(f"A{r}", word)
    lists.set("C1", "Agree")
    lists.set("C2", "Disagree")

    book = BookSpec([instructions, app, infra, summary, lists, qtext], names=[
        DefinedName("AnswerList", "Lists!$C$1:$C$2"),
        DefinedName("AnswerList", "Lists!$A$1:$A$3", local_sheet=1),
        DefinedName("YesNoNA", "Lists!$A$1:$A$3"),
        DefinedName("_xlnm.Print_Area", "Application!$A$1:$E$12", local_sheet=1),
    ])
    return build(book, path)


def free_text_book(path: Path) -> Path:
    """A home-made questionnaire: numbered questions, free-text Response and Comments columns."""
    sheet = SheetSpec("Questions", widths={2: 60, 3: 30, 4: 50})
    for col, text in zip("ABCD", ["No.", "Question", "Response", "Comments"]):
        sheet.set(f"{col}1", text, style=HEADER)
    for r in range(2, 9):
        sheet.set(f"A{r}", f"{r - 1}")
        sheet.set(f"B{r}", f"Question number {r - 1} about the security programme?", style=WRAP)
    return build(BookSpec([sheet]), path)


# --- the knowledge base ---------------------------------------------------------------------------

FACTS = """\
# yaml-language-server: $schema=../../../../../schemas/facts.schema.json
# Facts the questionnaire tests answer from.
topic: encryption
facts:
  - id: tls-in-transit
    statement:
      en: Every connection uses {min_tls} or later.
      sv: Alla anslutningar använder {min_tls} eller senare.
    visibility: public
    owner: Security team
    last_reviewed: 2026-10-01
    values:
      min_tls: {tls: "1.2"}
    questions:
      - text: {en: "Do you encrypt data in transit?", sv: "Krypterar ni data under överföring?"}
        answer: yes
      - text: {en: "Do you allow unencrypted connections?", sv: "Tillåter ni okrypterade anslutningar?"}
        answer: no
    mappings:
      caiq_v4: [CEK-03.1]
      hecvat: [APPL-02]

  - id: mfa
    statement:
      en: Staff and administrators sign in with multi-factor authentication.
      sv: Personal och administratörer loggar in med flerfaktorsautentisering.
    visibility: public
    owner: Security team
    last_reviewed: 2026-10-01
    questions:
      - text: {en: "Do you require multi-factor authentication?", sv: "Kräver ni flerfaktorsautentisering?"}
        answer: yes
    mappings:
      caiq_v4: [IAM-14.1]
      hecvat: [APPL-01]

  - id: backups
    statement:
      en: Customer data is backed up every day and the backups are encrypted.
      sv: Kunddata säkerhetskopieras varje dag och säkerhetskopiorna är krypterade.
    visibility: public
    owner: Platform team
    last_reviewed: 2026-10-01
    questions:
      - text: {en: "Do you back up customer data?", sv: "Säkerhetskopierar ni kunddata?"}
        answer: yes
    mappings:
      caiq_v4: [BCR-08.1]
      hecvat: [DATA-01]

  - id: vulnerability-scanning
    statement:
      en: Production systems are scanned for vulnerabilities every week; office laptops are not yet scanned.
      sv: Produktionssystemen skannas efter sårbarheter varje vecka; kontorsdatorerna skannas ännu inte.
    answer: partial
    visibility: public
    owner: Security team
    last_reviewed: 2026-10-01
    questions:
      - text: {en: "Do you scan for vulnerabilities?", sv: "Skannar ni efter sårbarheter?"}
        answer: partial
    mappings:
      caiq_v4: [TVM-07.1]
      hecvat: [INFR-01]

  # Security awareness: the questionnaire words it differently, so it goes to review until learned.
  - id: awareness-training
    statement:
      en: Every employee completes security awareness training when they join and once a year after that.
      sv: Alla anställda genomgår utbildning i säkerhetsmedvetenhet när de börjar och därefter en gång om året.
    visibility: public
    owner: People team
    last_reviewed: 2026-10-01
    questions:
      - text:
          en: Do employees take security awareness training?
          sv: Genomgår de anställda utbildning i säkerhetsmedvetenhet?
        answer: yes
"""

COMPLIANCE = """\
# yaml-language-server: $schema=../../../../schemas/compliance.schema.json
stances:
  - id: hipaa
    framework: hipaa
    stance: no
    baa_offered: false
    phi_allowed: false
    statement:
      en: We are not a HIPAA business associate and do not accept protected health information.
      sv: Vi är inte personuppgiftsbiträde enligt HIPAA och tar inte emot skyddad hälsoinformation.
    visibility: public
    owner: Legal
    last_reviewed: 2026-09-01
    mappings:
      hecvat: [HIPA-01]
"""


def write_kb(root: Path) -> Path:
    """A valid knowledge base at root: the minimal organisation plus the facts above."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(MINIMAL / "organization.yaml", root / "organization.yaml")
    (root / "facts").mkdir(exist_ok=True)
    (root / "facts" / "security.yaml").write_text(FACTS, encoding="utf-8")
    (root / "compliance.yaml").write_text(COMPLIANCE, encoding="utf-8")
    return root
