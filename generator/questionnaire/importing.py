"""Import an answered questionnaire into a knowledge base: `trustgen import`.

    import_questionnaire(content_dir, "hecvat-answered.xlsx") -> ImportResult

Each answered question becomes knowledge:

- where a fact of the knowledge base already gives the same answer to it (the answer engine decides,
  with every audience's facts, drafts included), its wording becomes a canonical question of that
  fact and its id a mapping in the questionnaire's namespace (*merged*);
- where a fact gives another answer, nothing is written and the report says which fact
  (*contradictory*);
- otherwise a new fact, in the topic file of the closest existing fact (else the topic its words
  name), whose statement is the explanation (the text answer where there is no explanation), whose
  plain answer is the answer, and whose durations, TLS versions and hosting regions become typed
  values where the explanation states them plainly.

General-information rows (vendor and product name, product description, website, contact e-mail)
go to organization.yaml, where it does not already say otherwise; a contact person's name, title or
telephone becomes a fact, since organization.yaml names no people. Everything imported is marked for
review: `status: draft`, no owner, `visibility: nda`, and an `imported` record of file, id and date.
A folder that does not exist yet becomes a new knowledge base. Existing text is never changed, only
added to; files are edited as `learn` edits them (comments and layout kept), and the whole knowledge
base is validated with the change before anything is written.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..clock import today
from ..errors import InputError, UsageError, display_path
from ..model import LEGACY_MAPPING_KEYS, MAPPING_NAMESPACES, TOPICS, KnowledgeBase
from .model import ANSWERED, Question

SCHEMA_COMMENT = "# yaml-language-server: $schema={up}schemas/{kind}.schema.json\n"
# Answers that only point at another row ("See GNRL-08 for ...") say nothing of their own.
_SEE_OTHER = re.compile(r"^\s*(?:please\s+)?(?:see|refer\s+to)\s+(?:[A-Z]{2,5}-\d{1,3}|[a-z][a-z0-9]*_[a-z0-9_]+|"
                        r"question|row|section|above|below)\b", re.IGNORECASE)
_EMAIL = re.compile(r"[^@\s<>\"'(),;:]+@[^@\s<>\"'(),;:]+\.[A-Za-z]{2,}")
_URL = re.compile(r"https://[^\s<>\"']+")
_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")
# "Supplier accessibility contact e-mail": a contact row of any kind, for organization.yaml
_CONTACT_ROW = re.compile(r"^[\w\s]{0,60}\bcontact\s+e-?mail(?:\s+address)?\s*[:?]?\s*$", re.IGNORECASE)

# Typed values pulled out of an explanation, only where it states them plainly.
_DURATION = re.compile(r"\b(\d{1,4})(\s|-)(hours|days|weeks|months|years)\b", re.IGNORECASE)
_TLS = re.compile(r"\bTLS\s*(?:v(?:ersion)?\s*)?(1\.[0-3])\b")
_AWS_REGION = re.compile(r"\b(?:us|eu|ap|ca|sa|me|af)-(?:east|west|north|south|central|northeast|southeast|"
                         r"northwest|southwest)-\d\b")

# The topic a question's words name, when no fact of the knowledge base is close to it. Written by hand:
# this is a short, fixed vocabulary of security domains that no library classifies into these topics.
_TOPIC_WORDS: tuple[tuple[str, str], ...] = (
    (r"accessib|\bwcag\b|\bvpat\b|section 508|screen reader|assistive technolog", "accessibility"),
    (r"encrypt|cipher|\btls\b|\bssl\b|cryptograph|\bkeys?\b|\bhsm\b|certificate", "encryption"),
    ((r"password|passphrase|authenticat|\bmfa\b|\b2fa\b|multi-?factor|\bsso\b|single sign|saml|oauth|ldap|"
      r"shibboleth|credential"), "authentication"),
    (r"incident|breach notification|forensic", "incident-response"),
    (r"business continuity|disaster recovery|\bbcp\b|\bdrp\b|backup|\brto\b|\brpo\b|failover|redundan",
     "business-continuity"),
    (r"vulnerab|penetration|pen test|patch|scan|bug bount|responsible disclosure", "vulnerability-management"),
    (r"malware|anti-?virus|endpoint protection", "malware-protection"),
    (r"\blog(?:s|ging|ged)?\b|monitor|\bsiem\b|audit trail", "logging-monitoring"),
    (r"firewall|network|\bvpn\b|\bids\b|\bips\b|intrusion|ddos|segment", "network"),
    (r"change management|change control|release|deploy|code review|sdlc|development", "change-management"),
    (r"data cent(?:er|re)|physical|facility|badge|cctv", "physical"),
    (r"background check|training|employee|staff|personnel|hr\b|awareness|confidentiality agreement", "people"),
    (r"retention|retain|delet|destr|dispos|purge", "data-retention"),
    (r"privacy|personal data|\bgdpr\b|\bferpa\b|\bccpa\b|\bpii\b|consent|data subject", "privacy"),
    (r"locat|region|countr|jurisdiction|offshore|hosted in|store.{0,20}outside", "data-location"),
    (r"segregat|multi-?tenan|isolat|separat", "data-segregation"),
    (r"access|privileg|least|role-based|\brbac\b|provision", "access-control"),
    (r"harden|baseline|configuration|cis benchmark", "hardening"),
    (r"\bhipaa\b|\bpci\b|\bsoc ?[12]\b|iso ?27001|certif|complian|audit|attest|regulat", "compliance"),
    (r"policy|policies|program|governance|risk|officer|\bciso\b", "governance"),
)


@dataclass(frozen=True)
class AnsweredRow:
    """One row of an answered questionnaire."""

    id: str
    question: str
    answer: str       # the answer cell as written
    explanation: str  # the comment / additional information cell
    where: str        # file:line or sheet!cell, for the report


@dataclass(frozen=True)
class Outcome:
    kind: str         # created | merged | organization | skipped
    row: str          # the row's id
    detail: str       # what was done, or why not
    reason: str = ""  # for skipped rows: unanswered | contradictory | duplicate | refers elsewhere | exists


@dataclass
class ImportResult:
    outcomes: list[Outcome] = field(default_factory=list)
    questionnaire: str | None = None
    diff: str = ""
    files: list[Path] = field(default_factory=list)
    written: bool = False
    new_knowledge_base: bool = False

    def count(self, kind: str, reason: str | None = None) -> int:
        return sum(1 for o in self.outcomes if o.kind == kind and (reason is None or o.reason == reason))


# --- reading the answered file ------------------------------------------------------------------------

def _role_of(name: str) -> dict[str, int]:
    from .xlsx.detect import header_scores

    return header_scores(name.replace("_", " "))


def read_answered(path: Path, overrides: Any = None, questionnaire: str | None = None
                  ) -> tuple[list[AnsweredRow], str | None]:
    """The rows of an answered questionnaire (workbook filled in place, CSV, JSON or YAML) and the
    questionnaire namespace it was recognised as (or `questionnaire`)."""
    from .namespaces import detect_from_ids

    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_workbook(path, overrides, questionnaire)
    from .readers import read_questions

    questions = read_questions(path, question_column=getattr(overrides, "question_col", None),
                               id_column=getattr(overrides, "id_col", None))
    names = [name for name, _ in questions[0].extra]
    scored = [(name, _role_of(name)) for name in names]
    answer = max((s for s in scored if "answer" in s[1]), key=lambda s: s[1]["answer"], default=None)
    comment = max((s for s in scored if "comment" in s[1] and s is not answer), key=lambda s: s[1]["comment"],
                  default=None)
    answer_col = getattr(overrides, "answer_col", None) or (answer[0] if answer else None)
    comment_col = getattr(overrides, "comment_col", None) or (comment[0] if comment else None)
    if answer_col is None or answer_col not in names:
        raise InputError(f"{display_path(path)}: no answer column (a column headed Answer, Response, Vendor Answer "
                         "...); name it with --answer-col")
    rows = [AnsweredRow(q.id, q.text, q.extra_value(answer_col) or "",
                        (q.extra_value(comment_col) or "") if comment_col else "",
                        f"{display_path(path)}:{q.row}") for q in questions]
    return rows, questionnaire or detect_from_ids(q.id for q in questions)


def _read_workbook(path: Path, overrides: Any, questionnaire: str | None) -> tuple[list[AnsweredRow], str | None]:
    from .xlsx import Workbook, find_questions
    from .xlsx.detect import Overrides

    rows: list[AnsweredRow] = []
    with Workbook(path) as wb:
        found = find_questions(wb, overrides or Overrides(), questionnaire)
        for item in found.items:
            slot = item.slot
            sheet = wb.sheet(slot.sheet)
            comment = sheet.value(slot.row, slot.comment_col) if slot.comment_col is not None else ""
            rows.append(AnsweredRow(item.question.id, item.question.text, sheet.value(slot.row, slot.answer_col),
                                    comment, f"{display_path(path)}:{slot.answer_ref}"))
    return rows, found.questionnaire


# --- deciding ---------------------------------------------------------------------------------------

@dataclass
class _Plan:
    """What the import adds: new facts by topic, additions to existing entries, organization fields."""

    new_facts: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    questions: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)  # entry -> (text, locale, answer)
    mappings: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # entry -> (namespace, id)
    organization: dict[str, Any] = field(default_factory=dict)
    products: list[dict[str, Any]] = field(default_factory=list)
    contacts: list[dict[str, Any]] = field(default_factory=list)


def _clean(text: str) -> str:
    return " ".join(text.split())


def _answer_text(text: str) -> str:
    """An answer cell without the number of its drop-down choice ("1) Yes" is "Yes")."""
    return re.sub(r"^\s*\d{1,2}[).]\s+", "", _clean(text))


def _literal(text: str) -> str:
    """Text from a questionnaire as literal content text: braces are not references."""
    return text.replace("{", "{{").replace("}", "}}")


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    slug = re.sub(r"^[^a-z]+", "", slug)
    return slug[:60].strip("-") or "imported"


def topic_of(text: str) -> str:
    """The topic a question's words name (product-security when none)."""
    lowered = text.lower()
    for pattern, topic in _TOPIC_WORDS:
        if re.search(pattern, lowered):
            return topic
    return "product-security"


def typed_values(statement: str) -> tuple[str, dict[str, dict[str, Any]]]:
    """The statement with plainly stated durations, TLS versions and AWS regions replaced by
    references to typed values, and those values."""
    values: dict[str, dict[str, Any]] = {}

    def name(base: str) -> str:
        n, i = base, 2
        while n in values:
            n, i = f"{base}_{i}", i + 1
        return n

    def duration(m: re.Match[str]) -> str:
        number = int(m.group(1))
        if number == 1 or m.group(2) == "-":  # "1 days" would read wrongly; "30-day" is an adjective
            return m.group(0)
        key = name(m.group(3).lower())
        values[key] = {"number": number, "unit": m.group(3).lower()}
        return "{" + key + "}"

    def tls(m: re.Match[str]) -> str:
        key = name("tls")
        values[key] = {"tls": m.group(1)}
        return "{" + key + "}"

    def region(m: re.Match[str]) -> str:
        key = name("region")
        values[key] = {"text": m.group(0)}
        return "{" + key + "}"

    text = _literal(statement)
    text = _DURATION.sub(duration, text)
    text = _TLS.sub(tls, text)
    text = _AWS_REGION.sub(region, text)
    return text, values


def _general(field_name: str, row: AnsweredRow, kb: KnowledgeBase | None, plan: _Plan,
             product: str | None) -> Outcome:
    value = _clean(row.answer) or _clean(row.explanation)
    org = kb.organization if kb is not None else None
    if field_name == "date":
        return Outcome("skipped", row.id, "the questionnaire's date (kept as the date of the imported answers)",
                       "general")
    if field_name == "org.name":
        if org is not None:
            same = org.name.lower() == value.lower()
            return Outcome("skipped", row.id, f"organization name: organization.yaml already says '{org.name}'"
                           + ("" if same else f", not '{value}'"), "exists")
        plan.organization["name"] = value
        return Outcome("organization", row.id, f"organization name '{value}'")
    if field_name == "org.website":
        url = _URL.search(value)
        if url is None:
            return Outcome("skipped", row.id, f"website '{value}' is not an https:// address", "unanswered")
        if org is not None:
            return Outcome("skipped", row.id, f"website: organization.yaml already says {org.website}", "exists")
        plan.organization["website"] = url.group(0).rstrip(".,;")
        return Outcome("organization", row.id, f"website {plan.organization['website']}")
    if field_name == "product.name":
        if kb is not None and any(p.name.lower() == value.lower() or p.id == product for p in kb.products):
            return Outcome("skipped", row.id, f"product '{value}' is already in organization.yaml", "exists")
        plan.products.append({"id": product or _slug(value), "name": value})
        return Outcome("organization", row.id, f"product '{value}'")
    if field_name == "product.description":
        if kb is not None:
            return Outcome("skipped", row.id, "product description: organization.yaml already has its products",
                           "exists")
        plan.organization["product_description"] = value
        return Outcome("organization", row.id, "product description")
    if field_name == "contact.email":
        email = _EMAIL.search(value)
        if email is None:
            return Outcome("skipped", row.id, "no e-mail address in the answer", "unanswered")
        address = email.group(0).rstrip(".")
        known = {c.email for c in kb.contacts} if kb is not None else set()
        if address in known or any(c.get("email") == address for c in plan.contacts):
            return Outcome("skipped", row.id, f"contact {address} is already in organization.yaml", "exists")
        question = row.question.lower()
        purpose = ("accessibility" if "accessibility" in question else "security" if "security" in question
                   else "privacy" if "privacy" in question else "sales")
        plan.contacts.append({"id": _slug(address.split("@")[0]) + "-contact", "purpose": purpose,
                              "email": address, "label": _clean(row.question)})
        return Outcome("organization", row.id, f"contact {address} ({purpose})")
    return Outcome("skipped", row.id, f"general information '{field_name}' has no place yet", "general")


def _unique(base: str, taken: set[str]) -> str:
    candidate, i = base, 2
    while candidate in taken:
        candidate, i = f"{base}-{i}", i + 1
    taken.add(candidate)
    return candidate


def plan_import(kb: KnowledgeBase | None, rows: list[AnsweredRow], questionnaire: str | None, *, source: str,
                locales: tuple[str, ...], product: str | None, date: dt.date,
                progress: Any = None) -> tuple[_Plan, list[Outcome]]:
    """What importing `rows` adds to `kb` (None: a new knowledge base), and a report line per row."""
    from .engine import answer_questions
    from .reading import GENERAL, read
    from .xlsx import answer_category

    plan = _Plan()
    outcomes: list[Outcome] = []
    seen_text: dict[str, str] = {}
    seen_ids: set[str] = set()
    taken = {e.id for e in kb.entries()} | {p.id for p in kb.products} | {c.id for c in kb.contacts} \
        if kb is not None else set()
    candidates: list[tuple[AnsweredRow, str | None]] = []
    for row in rows:
        question, answer, explanation = _clean(row.question), _answer_text(row.answer), _clean(row.explanation)
        reading = read(Question(row.id, question))
        general = reading.general if reading.kind == GENERAL else "contact.email" if _CONTACT_ROW.match(question) \
            else None
        if general == "contact.person":
            # A contact person's name, title or telephone has no place in organization.yaml: it becomes
            # a fact whose canonical question is the row's, which the engine answers that row from.
            general = None
        if general is not None and (answer or explanation):
            outcomes.append(_general(general, row, kb, plan, product))
            if reading.general == "date":
                found = _DATE.search(answer)
                if found:
                    date = min(date, dt.date.fromisoformat(found.group(1)))
            continue
        if not answer and not explanation:
            outcomes.append(Outcome("skipped", row.id, "no answer", "unanswered"))
            continue
        if _SEE_OTHER.match(answer) and not explanation:
            outcomes.append(Outcome("skipped", row.id, f"the answer refers to another row: '{answer[:60]}'",
                                    "refers elsewhere"))
            continue
        key = re.sub(r"\W+", " ", question.lower()).strip()
        if key in seen_text or row.id in seen_ids:
            outcomes.append(Outcome("skipped", row.id, f"the same question as {seen_text.get(key, row.id)}",
                                    "duplicate"))
            continue
        seen_text[key] = row.id
        seen_ids.add(row.id)
        candidates.append((row, answer_category(answer) if answer else None))

    questions = [Question(r.id, _clean(r.question), questionnaire=questionnaire) for r, _ in candidates]
    # Answered for the product being imported: another product's facts say nothing about it.
    answers = (answer_questions(kb, questions, audience="internal", questionnaire=questionnaire,
                                product=product if product in {p.id for p in kb.products} else None,
                                progress=progress)
               if kb is not None and questions else [None] * len(questions))
    default = locales[0]
    for (row, category), found in zip(candidates, answers):
        question = _clean(row.question)
        if found is not None and found.status == ANSWERED and found.sources:
            target = found.sources[0]
            if category is not None and found.answer is not None and found.answer != category:
                outcomes.append(Outcome("skipped", row.id, f"the knowledge base answers '{found.answer}' "
                                        f"from '{target}', the questionnaire '{category}'", "contradictory"))
                continue
            locale = found.language if found.language in locales else default
            entry = next(e for e in kb.entries() if e.id == target)  # type: ignore[union-attr]
            known = {re.sub(r"\W+", " ", q.text.get(locale).lower()).strip() for q in entry.questions
                     if locale in q.text.locales()}
            if re.sub(r"\W+", " ", question.lower()).strip() not in known:
                plan.questions.setdefault(target, []).append((question, locale, category or "yes"))
            if questionnaire is not None:
                plan.mappings.setdefault(target, []).append((questionnaire, row.id))
            outcomes.append(Outcome("merged", row.id, f"into '{target}'"))
            continue
        topic = None
        if found is not None and found.suggestions and found.suggestions[0].confidence >= 0.3:
            topic = next((e.topic for e in kb.entries() if e.id == found.suggestions[0].source), None) \
                if kb is not None else None
        topic = topic if topic in TOPICS else topic_of(question)
        fact_id = _unique(_slug(f"{questionnaire or 'imported'}-{row.id}"), taken)
        answer_text, explanation = _answer_text(row.answer), _clean(row.explanation)
        if category is None:
            statement_text = f"{answer_text} {explanation}".strip()
        else:
            statement_text = explanation or answer_text
        statement, values = typed_values(statement_text)
        locale = found.language if found is not None and found.language in locales else default
        fact: dict[str, Any] = {
            "id": fact_id,
            "status": "draft",
            "statement": {loc: statement for loc in locales},
        }
        if category is not None and category != "yes":
            fact["answer"] = category
        if product is not None:
            fact["products"] = [product]
        fact["visibility"] = "nda"
        imported: dict[str, Any] = {"file": source, "id": row.id, "date": date.isoformat()}
        if questionnaire is not None:
            imported["questionnaire"] = questionnaire
        fact["imported"] = imported
        if values:
            fact["values"] = values
        fact["questions"] = [{"text": {loc: _literal(question) for loc in locales}, "answer": category or "yes"}]
        if questionnaire is not None:
            fact["mappings"] = {questionnaire: [row.id]}
        fact["_locale"] = locale
        plan.new_facts.setdefault(topic, []).append(fact)
        outcomes.append(Outcome("created", row.id, f"'{fact_id}' in facts/{topic}.yaml"))
    return plan, outcomes


# --- writing ----------------------------------------------------------------------------------------

def _yaml() -> Any:
    from ruamel.yaml import YAML

    y = YAML()
    y.width = 4096
    y.indent(mapping=2, sequence=4, offset=2)
    return y


def _commented(fact: dict[str, Any], locales: tuple[str, ...]) -> Any:
    """A new fact as a ruamel map: short maps in flow style, a comment where a person has work to do."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    locale = fact.pop("_locale", locales[0])
    out = CommentedMap()
    for key, value in fact.items():
        if key == "questions":
            seq = CommentedSeq()
            for q in value:
                item = CommentedMap()
                text = CommentedMap((k, _quoted(v)) for k, v in q["text"].items())
                text.fa.set_flow_style()
                item["text"] = text
                item["answer"] = q["answer"]
                seq.append(item)
            out[key] = seq
        elif key in ("imported", "mappings") or (key == "values"):
            m = CommentedMap()
            for k, v in value.items():
                if isinstance(v, (dict, list)):
                    inner = CommentedMap(v) if isinstance(v, dict) else CommentedSeq(v)
                    inner.fa.set_flow_style()
                    m[k] = inner
                else:
                    m[k] = v
            if key == "imported":
                m.fa.set_flow_style()
            out[key] = m
        elif isinstance(value, dict):
            out[key] = CommentedMap(value)
        elif isinstance(value, list):
            seq = CommentedSeq(value)
            seq.fa.set_flow_style()
            out[key] = seq
        else:
            out[key] = value
    out.yaml_add_eol_comment("imported: read it, set owner and last_reviewed, then remove this line", "status")
    others = [loc for loc in locales if loc != locale]
    if others:
        out["statement"].yaml_add_eol_comment(f"translate {', '.join(others)}", others[0])
    return out


def _quoted(text: str) -> Any:
    """Text inside a flow map, double-quoted: a question mark or comma in a plain scalar there is read
    differently by YAML 1.1 parsers."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    return DoubleQuotedScalarString(text)


def _dump(y: Any, data: Any) -> str:
    out = io.StringIO()
    y.dump(data, out)
    return out.getvalue()


def _new_topic_file(topic: str, facts: list[dict[str, Any]], locales: tuple[str, ...], up: str) -> str:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    data = CommentedMap()
    data["topic"] = topic
    seq = CommentedSeq(_commented(f, locales) for f in facts)
    data["facts"] = seq
    return SCHEMA_COMMENT.format(up=up, kind="facts") + _dump(_yaml(), data)


def _schema_prefix(content: Path) -> str:
    """The relative way from content/facts/ to the repository's schemas/ folder, for the editor comment."""
    here = content.resolve()
    for depth, folder in enumerate([here, *here.parents]):
        if (folder / "schemas" / "facts.schema.json").is_file():
            return "../" * (depth + 1)
    return "../../"


def _organization_file(plan: _Plan, locales: tuple[str, ...], up: str, source: str) -> str:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    org = plan.organization
    name = org.get("name") or "Our organisation"
    y = _yaml()
    data = CommentedMap()
    o = CommentedMap()
    o["name"] = name
    o["legal_name"] = name
    o["website"] = org.get("website", "https://example.com")
    desc = org.get("product_description") or f"{name}."
    o["description"] = CommentedMap((loc, _literal(desc)) for loc in locales)
    data["organization"] = o
    locs = CommentedSeq(locales)
    locs.fa.set_flow_style()
    data["locales"] = locs
    products = CommentedSeq()
    for p in plan.products or [{"id": "product", "name": name}]:
        item = CommentedMap()
        item["id"], item["name"] = p["id"], p["name"]
        text = CommentedMap((loc, _quoted(_literal(org.get("product_description") or p["name"])))
                            for loc in locales)
        text.fa.set_flow_style()
        item["description"] = text
        products.append(item)
    data["products"] = products
    data["contacts"] = _contacts(plan, locales) if plan.contacts else _placeholder_contact(locales)
    header = (SCHEMA_COMMENT.format(up=up, kind="organization")
              + f"# Made by `trustgen import` from {source}: check every value"
              + ("" if "website" in org else " (the website is a placeholder)") + ".\n")
    text = _dump(y, data)
    return header + text


def _contacts(plan: _Plan, locales: tuple[str, ...]) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    seq = CommentedSeq()
    for c in plan.contacts:
        item = CommentedMap()
        item["id"], item["purpose"] = c["id"], c["purpose"]
        label = CommentedMap((loc, _quoted(c["label"])) for loc in locales)
        label.fa.set_flow_style()
        item["label"] = label
        item["email"] = c["email"]
        seq.append(item)
    return seq


def _placeholder_contact(locales: tuple[str, ...]) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    item = CommentedMap()
    item["id"], item["purpose"] = "contact", "sales"
    label = CommentedMap((loc, "Contact") for loc in locales)
    label.fa.set_flow_style()
    item["label"] = label
    item["url"] = "https://example.com"
    item.yaml_add_eol_comment("placeholder: the questionnaire named no contact", "url")
    return CommentedSeq([item])


def _edit_facts(path: Path, facts: list[dict[str, Any]], questions: dict[str, list[tuple[str, str, str]]],
                mappings: dict[str, list[tuple[str, Any]]], locales: tuple[str, ...]) -> str:
    """An existing entry file with imported questions, mappings and facts added (nothing changed). A
    mapping is (namespace, id), or (namespace, {id, answer}) for a mapping with its own answer."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    def mapped_item(item: Any) -> Any:
        if not isinstance(item, dict):
            return item
        m = CommentedMap(item)
        m.fa.set_flow_style()
        return m

    from .learn import _give_trailing, _load_exact, _new_question, _take_trailing, append_question, entry_list

    y, data = _load_exact(path)
    entries = entry_list(data, path)
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        eid = entry.get("id")
        for text, locale, answer in questions.get(eid, ()):
            qs = entry.get("questions")
            append_question(entry, _new_question(qs[0] if qs else None, locales, locale, text, answer, "imported"),
                            before=("mappings",))
        for namespace, item in mappings.get(eid, ()):
            qid = item["id"] if isinstance(item, dict) else item
            maps = entry.get("mappings")
            if maps is None:
                trailing = _take_trailing(entry)
                maps = CommentedMap()
                entry["mappings"] = maps
                ids = CommentedSeq([mapped_item(item)])
                ids.fa.set_flow_style()
                maps[namespace] = ids
                _give_trailing(maps, trailing)
            elif any(LEGACY_MAPPING_KEYS.get(k, k) == namespace for k in maps):
                key = next(k for k in maps if LEGACY_MAPPING_KEYS.get(k, k) == namespace)  # caiq_v4 is caiq-v4
                if qid not in [m if isinstance(m, str) else m.get("id") for m in maps[key]]:
                    maps[key].append(mapped_item(item))
            else:
                ids = CommentedSeq([mapped_item(item)])
                ids.fa.set_flow_style()
                trailing = _take_trailing(maps)
                maps[namespace] = ids
                _give_trailing(maps, trailing)
    if facts:
        trailing = _take_trailing(entries)
        for fact in facts:
            entries.append(_commented(fact, locales))
        if trailing is not None:
            _give_trailing(entries[-1], trailing)
    return _dump(y, data)


def _edit_organization(path: Path, plan: _Plan, locales: tuple[str, ...]) -> str | None:
    """organization.yaml with imported products and contacts appended, or None when none are new."""
    from ruamel.yaml.comments import CommentedMap

    from .learn import _give_trailing, _load_exact, _take_trailing

    if not plan.products and not plan.contacts:
        return None
    y, data = _load_exact(path)
    for key, items in (("products", plan.products), ("contacts", plan.contacts)):
        if not items:
            continue
        seq = data.get(key)
        trailing = _take_trailing(seq)
        for item in items:
            m = CommentedMap()
            m["id"] = item["id"]
            if key == "products":
                m["name"] = item["name"]
                desc = CommentedMap((loc, _quoted(_literal(plan.organization.get("product_description")
                                                           or item["name"]))) for loc in locales)
                desc.fa.set_flow_style()
                m["description"] = desc
            else:
                m["purpose"] = item["purpose"]
                label = CommentedMap((loc, _quoted(item["label"])) for loc in locales)
                label.fa.set_flow_style()
                m["label"] = label
                m["email"] = item["email"]
            m.yaml_add_eol_comment("imported: check it", "id")
            seq.append(m)
        _give_trailing(seq[-1], trailing)
    return _dump(y, data)


def import_questionnaire(content: Path, answered: Path, *, overrides: Any = None, questionnaire: str | None = None,
                         product: str | None = None, locales: tuple[str, ...] | None = None,
                         dry_run: bool = False, progress: Any = None) -> ImportResult:
    """Import the answered questionnaire at `answered` into the knowledge base at `content`;
    `progress(done, total, what)` hears how far comparing its rows with the knowledge base has come."""
    from ..kb import load_knowledge_base
    from .learn import _entry_locations, apply_edits
    from .namespaces import check_namespace

    content, answered = Path(content), Path(answered)
    check_namespace(questionnaire)
    if not answered.is_file():
        raise UsageError(f"{display_path(answered)}: no such file")
    exists = content.exists()
    if exists and not content.is_dir():
        raise UsageError(f"{display_path(content)}: not a folder")
    if exists and not (content / "organization.yaml").is_file():
        if any(content.iterdir()):
            raise UsageError(f"{display_path(content)}: not a knowledge base (no organization.yaml), and not empty")
        exists = False
    kb = load_knowledge_base(content) if exists else None
    if kb is not None and locales is not None and tuple(locales) != kb.locales:
        raise UsageError(f"--locales: {display_path(content)} already has the locales {', '.join(kb.locales)}")
    if kb is not None and product is not None and product not in {p.id for p in kb.products}:
        raise UsageError(f"unknown product '{product}' (products: {', '.join(p.id for p in kb.products)})")
    locs = kb.locales if kb is not None else tuple(locales or ("en",))
    rows, namespace = read_answered(answered, overrides, questionnaire)
    result = ImportResult(questionnaire=namespace, new_knowledge_base=kb is None)
    plan, result.outcomes = plan_import(kb, rows, namespace, source=answered.name, locales=locs, product=product,
                                        date=today(), progress=progress)
    facts_dir = content / "facts"
    up = _schema_prefix(content)
    new_texts: dict[Path, str] = {}
    if kb is None:
        if product is None and plan.products:
            product = plan.products[0]["id"]
        new_texts[content / "organization.yaml"] = _organization_file(plan, locs, up[3:], answered.name)
        for topic, facts in sorted(plan.new_facts.items()):
            new_texts[facts_dir / f"{topic}.yaml"] = _new_topic_file(topic, facts, locs, up)
    else:
        where = _entry_locations(content)
        topic_files = {}
        for path in sorted(facts_dir.glob("*.y*ml")) if facts_dir.is_dir() else []:
            from ..load import load_yaml

            loaded, _ = load_yaml(path)
            if loaded is not None and isinstance(loaded.data, dict) and "topic" in loaded.data:
                topic_files.setdefault(loaded.data["topic"], path)
        edits: dict[Path, tuple[list[dict[str, Any]], dict, dict]] = {}
        for entry_id in set(plan.questions) | set(plan.mappings):
            path = where[entry_id]
            edits.setdefault(path, ([], {}, {}))
            edits[path][1][entry_id] = plan.questions.get(entry_id, [])
            edits[path][2][entry_id] = plan.mappings.get(entry_id, [])
        for topic, facts in plan.new_facts.items():
            path = topic_files.get(topic)
            if path is None:
                new_texts[facts_dir / f"{topic}.yaml"] = _new_topic_file(topic, facts, locs, up)
            else:
                edits.setdefault(path, ([], {}, {}))[0].extend(facts)
        for path, (facts, questions, mappings) in sorted(edits.items()):
            new_texts[path] = _edit_facts(path, facts, questions, mappings, locs)
        org_text = _edit_organization(content / "organization.yaml", plan, locs)
        if org_text is not None:
            new_texts[content / "organization.yaml"] = org_text
    apply_edits(result, content, dict(sorted(new_texts.items())), "the imported answers", dry_run)
    return result


def summary_lines(result: ImportResult) -> list[str]:
    """The import report: one line per row, then the counts."""
    lines = [f"{o.kind}: {o.row}: {o.detail}" for o in result.outcomes]
    skipped = [r for r in ("unanswered", "contradictory", "duplicate", "refers elsewhere", "exists", "general")
               if result.count("skipped", r)]
    lines.append(f"{result.count('created')} fact(s) created, {result.count('merged')} merged into existing facts, "
                 f"{result.count('organization')} organization field(s), {result.count('skipped')} skipped"
                 + (" (" + ", ".join(f"{r} {result.count('skipped', r)}" for r in skipped) + ")" if skipped else "")
                 + (f"; questionnaire {MAPPING_NAMESPACES[result.questionnaire]}" if result.questionnaire else
                    "; questionnaire not recognised: no mappings written (name it with --questionnaire)"))
    return lines
