"""Find, load, validate and build a knowledge base: `load_knowledge_base(path) -> KnowledgeBase`.

Gather, then judge: every file is loaded and checked before anything is built, and all problems of
all files are raised together in one ContentError. A validated model is kept in the model cache
(model_cache.py), so a command whose content did not change since the last one starts from it.
"""

from __future__ import annotations

import datetime as dt
import gc
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import clock, model_cache
from .errors import ContentError, Problem, UsageError, display_path
from .model import (
    FRAMEWORK_NAMES,
    LEGACY_MAPPING_KEYS,
    STANDARD_NAMES,
    Attachment,
    Body,
    Branding,
    Certification,
    Contact,
    Fact,
    Imported,
    KnowledgeBase,
    Listing,
    LocalizedText,
    MappingAnswer,
    Organization,
    Product,
    Question,
    ReportAccess,
    Review,
    SecurityTxt,
    Source,
    Stance,
    Subprocessor,
    SubprocessorChange,
    Update,
    Value,
)

if TYPE_CHECKING:
    from .document_files import RawDocuments
    from .load import LoadedFile
    from .validate.rules import RawContent

# YAML, JSON Schema and the rules are imported inside the functions that read and judge content: a
# command served from the model cache never needs them, and they are most of its start-up time.

TOP_LEVEL = {
    "organization": "organization.schema.json",
    "certifications": "certifications.schema.json",
    "compliance": "compliance.schema.json",
    "subprocessors": "subprocessors.schema.json",
    "updates": "updates.schema.json",
    "files": "files.schema.json",
    "portal": "portal.schema.json",  # read by the access portal (generator/portal/content.py)
}
FACTS_DIR = "facts"
YAML_SUFFIXES = (".yaml", ".yml")


def discover(root: Path) -> tuple[list[tuple[str, Path]], list[Problem]]:
    """The content files under root with their kind; stray files are problems, not ignored.

    A file of a known name is taken whatever it is (a symbolic link, a FIFO): the read gate in
    load.read_content_bytes then refuses what may not be read, naming the file.
    """
    found: list[tuple[str, Path]] = []
    problems: list[Problem] = []
    for path in sorted(root.iterdir()):
        if path.suffix in YAML_SUFFIXES and path.stem in TOP_LEVEL:
            found.append((path.stem, path))
        elif path.suffix in YAML_SUFFIXES and not path.is_dir():
            problems.append(Problem(display_path(path), 0, 0, "",
                                    "unknown content file; expected one of: "
                                    + ", ".join(f"{k}.yaml" for k in TOP_LEVEL) + ", facts/*.yaml"))
    if not any(kind == "organization" for kind, _ in found):
        problems.append(Problem(display_path(root / "organization.yaml"), 0, 0, "", "missing file: every knowledge "
                                "base needs organization.yaml"))
    facts_dir = root / FACTS_DIR
    if facts_dir.is_dir():
        for path in sorted(facts_dir.iterdir()):
            if path.name.startswith("."):
                continue
            if path.suffix in YAML_SUFFIXES:
                found.append(("facts", path))
            elif path.is_dir() and not path.is_symlink():
                problems.append(Problem(display_path(path), 0, 0, "", "a folder inside facts/ is not read; "
                                        "facts/ holds only *.yaml files"))
            else:
                problems.append(Problem(display_path(path), 0, 0, "", "not a YAML file; facts/ holds only *.yaml files"))
    elif facts_dir.exists() or facts_dir.is_symlink():
        problems.append(Problem(display_path(facts_dir), 0, 0, "", "facts must be a folder of *.yaml files inside "
                                "the content folder, not a file or a link"))
    return found, problems


def read_content(root: Path) -> tuple[RawContent, list[Problem]]:
    """Load and schema-check every file; return the raw content and all problems so far."""
    from .load import load_yaml
    from .validate.rules import BrokenEntry, RawContent, entry_lists
    from .validate.schema import by_entry, check_file

    if not root.is_dir():
        raise UsageError(f"{root}: no such content folder")
    found, problems = discover(root)
    content = RawContent(root=root)
    for problem in problems:
        if problem.file.endswith(f"{FACTS_DIR}") and "must be a folder" in problem.message:
            content.dropped.append((problem, "facts", None))
    for kind, path in found:
        loaded, load_problems = load_yaml(path, root)
        problems.extend(load_problems)
        if loaded is None:
            if load_problems:
                content.dropped.append((min(load_problems), kind, None))
            continue
        schema = TOP_LEVEL.get(kind, "facts.schema.json")
        schema_problems = check_file(loaded, schema)
        problems.extend(schema_problems)
        if not schema_problems:
            content.files.setdefault(kind, []).append(loaded)
            continue
        # A mistake inside one entry of a list leaves that entry out, not the file: the other entries
        # are judged in the same run, and what follows from the missing entry folds under its error.
        broken, whole_file = by_entry(schema_problems, entry_lists(kind))
        keep = not whole_file or (kind == "organization" and isinstance(loaded.data, dict))
        if not keep:
            content.dropped.append((min(schema_problems), kind, _declared_ids(loaded.data)))
            continue
        placeholders = {}
        for (name, index), entry_problems in sorted(broken.items()):
            entry = loaded.data[name][index]
            content.dropped.append((min(entry_problems), name, _declared_ids({name: [entry]})))
            placeholders[(name, index)] = BrokenEntry(entry)
        if placeholders:
            loaded = loaded.without(placeholders)
        content.files.setdefault(kind, []).append(loaded)
        if whole_file:
            # organization.yaml: without it no rule could run. Keep it, so that one run reports the
            # schema errors here and the semantic errors everywhere else.
            content.dropped.append((min(whole_file), kind, _declared_ids(loaded.data)))
            content.partial = True
    # Documents are read once the locales are known: a document has one body per locale.
    content.documents, document_problems = read_documents(root, content.locales())
    problems.extend(document_problems)
    content.dropped.extend((p, "documents", frozenset({Path(p.file).stem})) for p in document_problems
                           if p.file.endswith((".yaml", ".yml")) and p.severity == "error")
    return content, problems


def _declared_ids(data: Any) -> frozenset[str]:
    """The ids of the entries a file declares, read from data that failed its schema."""
    found: set[str] = set()
    lists = data.values() if isinstance(data, dict) else []
    for value in lists:
        for item in value if isinstance(value, list) else []:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                found.add(item["id"])
    return frozenset(found)


def read_documents(root: Path, locales: list[str]) -> tuple[RawDocuments, list[Problem]]:
    """Load and schema-check content/documents/; read and parse every body of every locale."""
    from .document_files import FOLDER, SCHEMA, SETTINGS, RawDocument, RawDocuments
    from .load import load_yaml
    from .markup import parse_body
    from .validate.schema import check_file

    folder = root / FOLDER
    raw = RawDocuments(root, folder)
    if not folder.is_dir():
        return raw, []
    problems: list[Problem] = []
    settings_path = next((folder / name for name in SETTINGS
                          if (folder / name).exists() or (folder / name).is_symlink()), None)
    if settings_path is not None:
        loaded, load_problems = load_yaml(settings_path, root)
        problems.extend(load_problems)
        if loaded is not None:
            schema_problems = check_file(loaded, SCHEMA, definition="settings")
            problems.extend(schema_problems)
            if not schema_problems:
                raw.settings = loaded

    yaml_files = sorted(p for p in folder.iterdir()
                        if not p.name.startswith(".") and p.suffix in (".yaml", ".yml") and p.name not in SETTINGS)
    raw.stems = {p.stem for p in yaml_files}
    for path in yaml_files:
        loaded, load_problems = load_yaml(path, root)
        problems.extend(load_problems)
        if loaded is None:
            continue
        schema_problems = check_file(loaded, SCHEMA)
        problems.extend(schema_problems)
        if schema_problems:
            continue
        doc = RawDocument(loaded)
        for locale in locales:
            body_path = path.with_name(f"{path.stem}.{locale}.md")
            shown = display_path(body_path)
            if not body_path.exists() and not body_path.is_symlink():
                doc.missing.append(locale)
                continue
            text, error = _read_body(body_path, root)
            if text is None:
                line, message = error if isinstance(error, tuple) else (0, error or "unreadable")
                problems.append(Problem(shown, line, 1 if line else 0, "", message))
                continue
            blocks, issues = parse_body(text)
            problems.extend(Problem(shown, i.line, i.column, "", i.message) for i in issues)
            doc.bodies.append(Body(locale, body_path, shown, text, blocks))
        raw.documents.append(doc)
    raw.body_files = sorted(folder.glob("*.md"))
    return raw, problems


def _read_body(path: Path, root: Path) -> tuple[str | None, str | tuple[int, str] | None]:
    """A body's text, or what is wrong with it (with its line when one line is at fault)."""
    from .document_files import MAX_BODY_BYTES
    from .load import UnsafeFile, describe_control, read_content_bytes

    try:
        size = path.stat().st_size
        if size > MAX_BODY_BYTES:
            return None, f"body is {size / 1048576:.1f} MB; a document body may be at most 1 MB"
    except OSError:
        pass  # the gate below says what is wrong
    try:
        data = read_content_bytes(path, root, MAX_BODY_BYTES, "document bodies")
    except UnsafeFile as exc:
        return None, str(exc)
    if b"\x00" in data:
        return None, "binary file, not Markdown text"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, f"not UTF-8 text (invalid byte at offset {exc.start})"
    for number, line in enumerate(text.split("\n"), 1):
        control = describe_control(line)
        if control is not None:
            return None, (number, control)
    return text, None


def validate(root: Path, today: dt.date | None = None) -> tuple[RawContent, list[Problem]]:
    """Every problem (errors and warnings) of the knowledge base at root."""
    from .validate.rules import fold_consequences, run_rules

    content, problems = read_content(root)
    if content.organization() is not None:
        found = run_rules(content, today)
        if content.partial:
            found = _not_under(found, [p for p in problems if p.severity == "error"])
        problems.extend(found)
    return content, sorted(set(fold_consequences(problems, content.dropped)))


def _not_under(found: list[Problem], schema: list[Problem]) -> list[Problem]:
    """The rules' findings, less those about a node a schema error already reports (or one inside it)."""
    def inside(path: str, parent: str) -> bool:
        return not parent or path == parent or path.startswith((parent + ".", parent + "["))

    by_file: dict[str, list[str]] = {}
    for problem in schema:
        by_file.setdefault(problem.file, []).append(problem.path)
    return [p for p in found if not any(inside(p.path, parent) for parent in by_file.get(p.file, []))]


def load_knowledge_base(path: str | Path, today: dt.date | None = None, *, use_cache: bool = True) -> KnowledgeBase:
    """Load, validate and build; raise ContentError with every error if anything is wrong.

    Warnings (overdue reviews, expired certifications) do not stop loading; they are in kb.warnings.
    """
    kb, problems = check_knowledge_base(path, today, use_cache=use_cache)
    if kb is None:
        raise ContentError([p for p in problems if p.severity == "error"])
    return kb


def check_knowledge_base(path: str | Path, today: dt.date | None = None, *,
                         use_cache: bool = True) -> tuple[KnowledgeBase | None, list[Problem]]:
    """Every problem of the knowledge base at path, and its model when none of them is an error.

    The model comes from the model cache when no content file changed since it was stored (for the
    same date and the same trustgen); its warnings come with it.
    """
    root = Path(path)
    if not root.is_dir():
        raise UsageError(f"{root}: no such content folder")
    day = today or clock.today()
    # Loading makes hundreds of thousands of small objects and frees none of them; the cyclic garbage
    # collector would walk the growing heap again and again for nothing (about a third of load time).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        keys = None
        if use_cache:
            cached, keys = model_cache.get(root, day)
            if cached is not None:
                return cached, list(cached.warnings)
        content, problems = validate(root, day)
        if any(p.severity == "error" for p in problems):
            return None, problems
        kb = build(root, content, tuple(problems))
        if keys is not None:
            model_cache.put(keys, kb)
        return kb, problems
    finally:
        if was_enabled:
            gc.enable()


# --- building the model ----------------------------------------------------------------------------

def _lt(data: Any) -> LocalizedText:
    text = LocalizedText.of(data)
    assert text is not None
    return text


def _opt_lt(data: Any) -> LocalizedText | None:
    return LocalizedText.of(data) if data is not None else None


def _date(text: Any) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _value(data: dict[str, Any]) -> Value:
    kind = next(k for k in data if k != "unit")
    raw = data[kind]
    if kind == "number":
        return Value("number", raw, data["unit"])
    if kind == "list":
        return Value("list", tuple(raw))
    if kind == "date":
        return Value("date", dt.date.fromisoformat(raw))
    if kind == "localized":
        return Value("localized", _lt(raw))
    return Value(kind, raw)


def _common(item: dict[str, Any], loaded: LoadedFile, path: tuple, default_interval: int) -> dict[str, Any]:
    line, _ = loaded.source.value_pos(path)
    imported = item.get("imported")
    source = (Imported(imported["file"], dt.date.fromisoformat(imported["date"]), imported.get("id"),
                       imported.get("questionnaire")) if imported else None)
    # A draft may leave out its owner and review date: nobody has read it yet. Its age is the import's.
    last = item.get("last_reviewed")
    reviewed = dt.date.fromisoformat(last) if last else source.date if source else clock.today()
    return {
        "id": item["id"],
        "products": tuple(item.get("products", ())),
        "visibility": item["visibility"],
        "review": Review(item.get("owner", ""), reviewed, item.get("review_interval_days", default_interval)),
        "draft": item.get("status") == "draft",
        "imported": source,
        "source": Source(loaded.source.file, line),
        "questions": tuple(Question(_lt(q["text"]), q.get("answer"), bool(q.get("faq", False)))
                           for q in item.get("questions", ())),
        "keywords": tuple(sorted((loc, tuple(words)) for loc, words in (item.get("keywords") or {}).items())),
        **_mappings(item.get("mappings") or {}),
    }


def _mappings(raw: dict[str, list[Any]]) -> dict[str, Any]:
    """Mapped ids by namespace (older keys under their new spelling), and the ids with an own answer."""
    ids: dict[str, list[str]] = {}
    answers: list[MappingAnswer] = []
    for key, items in raw.items():
        namespace = LEGACY_MAPPING_KEYS.get(key, key)
        for m in items:
            qid = m if isinstance(m, str) else m["id"]
            if qid not in ids.setdefault(namespace, []):
                ids[namespace].append(qid)
            if isinstance(m, dict) and (m.get("answer") or m.get("note")):
                answers.append(MappingAnswer(namespace, qid, m.get("answer"), _opt_lt(m.get("note"))))
    return {"mappings": tuple(sorted((k, tuple(v)) for k, v in ids.items())), "mapping_answers": tuple(answers)}


def build(root: Path, content: RawContent, warnings: tuple[Problem, ...] = ()) -> KnowledgeBase:
    """Turn validated raw content into frozen model objects."""
    from .document_files import build_documents

    org_file = content.organization()
    assert org_file is not None
    o = org_file.data
    interval = o.get("review_interval_days", 365)
    org = o["organization"]
    organization = Organization(
        name=org["name"], legal_name=org["legal_name"], website=org["website"], description=_lt(org["description"]),
        trust_center_url=org.get("trust_center_url"), country=org.get("country"), founded=org.get("founded"),
        parent=org.get("parent"), tagline=_opt_lt(org.get("tagline")),
        branding=Branding((o.get("branding") or {}).get("logo"), (o.get("branding") or {}).get("favicon"),
                          (o.get("branding") or {}).get("primary_color")),
    )
    products = tuple(Product(p["id"], p["name"], _lt(p["description"]), p.get("url"), p.get("visibility", "public"))
                     for p in o["products"])
    contacts = tuple(Contact(c["id"], c["purpose"], _lt(c["label"]), c.get("email"), c.get("url"), c.get("pgp_key_url"),
                             c.get("visibility", "public"))
                     for c in o["contacts"])
    st = o.get("security_txt") or {}
    security = SecurityTxt(_date(st.get("expires")), st.get("policy_url"), st.get("acknowledgments_url"),
                           st.get("hiring_url"))

    facts = []
    for loaded in content.files.get("facts", []):
        topic = loaded.data["topic"]
        for i, item in enumerate(loaded.data["facts"]):
            facts.append(Fact(
                topic=topic, statement=_lt(item["statement"]), answer=item.get("answer", "yes"),
                title=_opt_lt(item.get("title")), party=item.get("party"), role=item.get("role", "control"),
                values=tuple((k, _value(v)) for k, v in (item.get("values") or {}).items()),
                **_common(item, loaded, ("facts", i), interval),
            ))
    certs = []
    not_certified = []
    for loaded, path, item in content.items("certifications"):
        name = item.get("name") or STANDARD_NAMES.get(item["standard"], item["standard"])
        held = item.get("held", True)
        report = item.get("report") or {"access": "request"}
        scope = _opt_lt(item.get("scope"))
        statement = _opt_lt(item.get("statement")) or scope
        assert statement is not None  # the schema asks for a scope or (not held) a statement
        (certs if held else not_certified).append(Certification(
            topic="compliance", statement=statement, answer="yes" if held else "no",
            standard=item["standard"], name=name, scope=scope, auditor=item.get("auditor"),
            issued=_date(item.get("issued")), expires=_date(item.get("expires")),
            report=ReportAccess(report["access"], report.get("contact"), report.get("url"), report.get("document")),
            period=(dt.date.fromisoformat(item["period"]["from"]), dt.date.fromisoformat(item["period"]["to"]))
            if item.get("period") else None,
            held=held, **_common(item, loaded, path, interval),
        ))
    stances = []
    for loaded, path, item in content.items("stances"):
        stances.append(Stance(
            topic="compliance", statement=_lt(item["statement"]), answer=item["stance"],
            framework=item["framework"], name=item.get("name") or FRAMEWORK_NAMES.get(item["framework"], item["framework"]),
            baa_offered=item.get("baa_offered"), phi_allowed=item.get("phi_allowed"),
            card_data_allowed=item.get("card_data_allowed"), product_audited=item.get("product_audited"),
            dpa_offered=item.get("dpa_offered"), role=item.get("role"),
            values=tuple((k, _value(v)) for k, v in (item.get("values") or {}).items()),
            **_common(item, loaded, path, interval),
        ))
    subs = []
    for loaded, path, item in content.items("subprocessors"):
        line, _ = loaded.source.value_pos(path)
        subs.append(Subprocessor(
            id=item["id"], name=item["name"], purpose=_lt(item["purpose"]), data=_lt(item["data"]),
            countries=tuple(item.get("countries", ())), visibility=item["visibility"],
            review=Review(item["owner"], dt.date.fromisoformat(item["last_reviewed"]),
                          item.get("review_interval_days", interval)),
            source=Source(loaded.source.file, line), website=item.get("website"), region=_opt_lt(item.get("region")),
            products=tuple(item.get("products", ())), since=_date(item.get("since")),
        ))
    updates = []
    for loaded, path, item in content.items("updates"):
        line, _ = loaded.source.value_pos(path)
        updates.append(Update(item["id"], dt.date.fromisoformat(item["date"]), _lt(item["title"]), _lt(item["body"]),
                              item["visibility"], Source(loaded.source.file, line)))
    updates.sort(key=lambda u: (u.date, u.id), reverse=True)
    changes = []
    for loaded, path, item in content.items("changes"):
        line, _ = loaded.source.value_pos(path)
        changes.append(SubprocessorChange(dt.date.fromisoformat(item["date"]), item["change"], item["name"],
                                          item.get("visibility", "public"), Source(loaded.source.file, line),
                                          _opt_lt(item.get("description"))))
    changes.sort(key=lambda c: (c.date, c.name), reverse=True)
    files = []
    for loaded, path, item in content.items("files"):
        line, _ = loaded.source.value_pos(path)
        files.append(Attachment(
            id=item["id"], kind=item["kind"], title=_lt(item["title"]), path=item["file"],
            visibility=item["visibility"], source=Source(loaded.source.file, line),
            description=_opt_lt(item.get("description")), certification=item.get("certification"),
            date=_date(item.get("date")), listing=listing(item.get("listing")), contact=item.get("contact"),
        ))
    portal = next(iter(content.files.get("portal", [])), None)
    return KnowledgeBase(
        root=root, organization=organization, locales=tuple(o["locales"]), products=products, contacts=contacts,
        facts=tuple(facts), certifications=tuple(certs), not_certified=tuple(not_certified), stances=tuple(stances),
        subprocessors=tuple(subs),
        updates=tuple(updates), security_txt=security, review_interval_days=interval,
        documents=build_documents(content.documents, root, tuple(o["locales"])), files=tuple(files),
        subprocessor_changes=tuple(changes),
        portal_url=portal.data["portal"].get("url") if portal is not None else None,
        warnings=warnings,
    )


def listing(data: dict[str, Any] | None) -> Listing | None:
    """An nda item's public listing (title and description written for the public), if it has one."""
    if not data:
        return None
    return Listing(_lt(data["title"]), _opt_lt(data.get("description")))
