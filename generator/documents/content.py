"""Load and check content/documents/: document metadata (YAML), Markdown bodies and settings.

Registers itself as the "documents" loader of generator.kb, so `trustgen validate` and
load_knowledge_base report a document's problems together with every other content problem, each at
its file, line and column: a missing body for a locale, a reference to an unknown fact, a fact above
the document's visibility, a date that is not a date. The built DocumentSet ends up in
kb.extra("documents").
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from .. import clock
from .. import kb as kb_module
from ..errors import Problem, display_path
from ..i18n import MissingTranslation, language_name
from ..load import LoadedFile, PathT, format_path, load_yaml
from ..model import LocalizedText, Source
from ..validate.rules import RawContent
from ..validate.schema import check_file
from .model import Body, Document, DocumentSet, Revision
from .parse import parse_body

FOLDER = "documents"
SETTINGS = ("settings.yaml", "settings.yml")
SCHEMA = "document.schema.json"
MAX_BODY_BYTES = 1024 * 1024
MAX_TEMPLATE_BYTES = 20 * 1024 * 1024


def _p(loaded: LoadedFile, path: PathT, message: str, severity: str = "error") -> Problem:
    line, col = loaded.source.value_pos(path)
    return Problem(loaded.source.file, line, col, format_path(path), message, severity)


def _date(text: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(text))
    except ValueError:
        return None


def _check_settings(loaded: LoadedFile) -> list[Problem]:
    """Schema-check settings.yaml against document.schema.json#/$defs/settings."""
    import json

    import jsonschema  # type: ignore[import-untyped]

    from ..validate import schema as schema_module

    contents = json.loads((schema_module.SCHEMA_DIR / SCHEMA).read_text(encoding="utf-8"))["$defs"]["settings"]
    validator = jsonschema.Draft202012Validator(contents)
    problems: list[Problem] = []
    for error in validator.iter_errors(loaded.data):
        problems.extend(schema_module._explain(loaded, error))  # same wording as every other schema message
    return problems


def _settings(root: Path, folder: Path) -> tuple[Path | None, list[Problem]]:
    path = next((folder / name for name in SETTINGS if (folder / name).is_file()), None)
    if path is None:
        return None, []
    loaded, problems = load_yaml(path)
    if loaded is None:
        return None, problems
    problems = _check_settings(loaded)
    if problems:
        return None, problems
    rel = loaded.data.get("docx_template")
    if rel is None:
        return None, []
    where = ("docx_template",)
    candidate = Path(rel)
    if candidate.is_absolute() or ".." in candidate.parts:
        return None, [_p(loaded, where, f"'{rel}' must be a path inside the content folder, relative to it")]
    target = (root / candidate).resolve()
    if not target.is_relative_to(root.resolve()):
        return None, [_p(loaded, where, f"'{rel}' leads outside the content folder")]
    if not target.is_file():
        return None, [_p(loaded, where, f"no such file: {display_path(root / candidate)}")]
    if target.stat().st_size > MAX_TEMPLATE_BYTES:
        return None, [_p(loaded, where, f"'{rel}' is larger than {MAX_TEMPLATE_BYTES // 1048576} MB; a Word "
                         "template holds styles, not content")]
    with target.open("rb") as fh:
        if fh.read(4) != b"PK\x03\x04":
            return None, [_p(loaded, where, f"'{rel}' is not a Word (.docx) file")]
    return target, []


def _read_body(path: Path) -> tuple[str | None, str | None]:
    try:
        size = path.stat().st_size
        if size > MAX_BODY_BYTES:
            return None, f"body is {size / 1048576:.1f} MB; a document body may be at most 1 MB"
        raw = path.read_bytes()
    except OSError as exc:
        return None, f"cannot read file: {exc.strerror or exc}"
    if b"\x00" in raw:
        return None, "binary file, not Markdown text"
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        return None, f"not UTF-8 text (invalid byte at offset {exc.start})"


def _document(loaded: LoadedFile, locales: list[str], products: set[str] | None,
              today: dt.date) -> tuple[Document | None, list[Problem]]:
    data = loaded.data
    problems: list[Problem] = []
    path = loaded.path
    if data["id"] != path.stem:
        problems.append(_p(loaded, ("id",), f"id '{data['id']}' must match the file name ({path.stem})"))
    effective = _date(data["effective"])
    if effective is None:
        problems.append(_p(loaded, ("effective",), f"'{data['effective']}' is not a real calendar date"))
    next_review = _date(data["next_review"]) if "next_review" in data else None
    if "next_review" in data and next_review is None:
        problems.append(_p(loaded, ("next_review",), f"'{data['next_review']}' is not a real calendar date"))
    if effective and next_review:
        if next_review <= effective:
            problems.append(_p(loaded, ("next_review",), f"next_review {next_review.isoformat()} is not after "
                               f"effective {effective.isoformat()}"))
        elif next_review < today:
            problems.append(_p(loaded, ("next_review",), f"overdue for review: the review was due on "
                               f"{next_review.isoformat()}", "warning"))
    if effective and effective > today:
        problems.append(_p(loaded, ("effective",), f"effective {effective.isoformat()} is in the future (today is "
                           f"{today.isoformat()}); publish a version once it is in force", "warning"))
    if products is not None and "product" in data and data["product"] not in products:
        problems.append(_p(loaded, ("product",), f"unknown product '{data['product']}' "
                           f"(known: {', '.join(sorted(products))})"))
    revisions = []
    for i, rev in enumerate(data["revisions"]):
        day = _date(rev["date"])
        if day is None:
            problems.append(_p(loaded, ("revisions", i, "date"), f"'{rev['date']}' is not a real calendar date"))
            continue
        revisions.append(Revision(rev["version"], day, LocalizedText(tuple(sorted(rev["summary"].items()))),
                                  _name(rev.get("author"), locales)))
    if not any(rev["version"] == data["version"] for rev in data["revisions"]):
        problems.append(_p(loaded, ("version",), f"version {data['version']} is not in the revision history; "
                           "add it to revisions"))
    for field in ("title", "subtitle", "owner", "approver"):
        problems.extend(_locales(loaded, (field,), data.get(field), locales))
    for i, rev in enumerate(data["revisions"]):
        for field in ("summary", "author"):
            problems.extend(_locales(loaded, ("revisions", i, field), rev.get(field), locales))

    bodies: list[Body] = []
    for locale in locales:
        body_path = path.with_name(f"{path.stem}.{locale}.md")
        shown = display_path(body_path)
        if not body_path.is_file():
            problems.append(_p(loaded, ("id",), f"missing {language_name(locale)} body: expected {shown}"))
            continue
        text, error = _read_body(body_path)
        if text is None:
            problems.append(Problem(shown, 0, 0, "", error or "unreadable"))
            continue
        blocks, issues = parse_body(text)
        problems.extend(Problem(shown, i.line, i.column, "", i.message) for i in issues)
        bodies.append(Body(locale, body_path, shown, text, blocks))
    if problems and any(p.severity == "error" for p in problems):
        return None, problems
    assert effective is not None
    line, _ = loaded.source.value_pos(())
    doc = Document(
        id=data["id"], title=LocalizedText(tuple(sorted(data["title"].items()))), version=data["version"],
        owner=_name(data["owner"], locales) or LocalizedText(()), effective=effective, visibility=data["visibility"], revisions=tuple(revisions),
        bodies=tuple(bodies), source=Source(loaded.source.file, line),
        subtitle=LocalizedText(tuple(sorted(data["subtitle"].items()))) if "subtitle" in data else None,
        approver=_name(data.get("approver"), locales), next_review=next_review, product=data.get("product"),
    )
    return doc, problems


def _name(value: Any, locales: list[str]) -> LocalizedText | None:
    """A name written once for every locale, or per locale."""
    if value is None:
        return None
    if isinstance(value, str):
        return LocalizedText(tuple((loc, value) for loc in sorted(locales)))
    return LocalizedText(tuple(sorted(value.items())))


def _locales(loaded: LoadedFile, path: PathT, texts: Any, locales: list[str]) -> list[Problem]:
    if not isinstance(texts, dict) or not locales:
        return []
    out = [_p(loaded, path, f"missing {language_name(loc)} text") for loc in locales if loc not in texts]
    out += [_p(loaded, path + (loc,), f"text in '{loc}', which is not one of the locales in organization.yaml")
            for loc in texts if loc not in locales]
    return out


def load_documents(root: Path, content: RawContent) -> tuple[dict[str, tuple[LoadedFile, PathT]], list[Problem],
                                                             DocumentSet]:
    """The documents loader registered with generator.kb: (ids, problems, DocumentSet)."""
    folder = root / FOLDER
    if not folder.is_dir():
        return {}, [], DocumentSet(folder)
    today = clock.today()
    problems: list[Problem] = []
    template, settings_problems = _settings(root, folder)
    problems.extend(settings_problems)
    org = content.organization()
    locales = content.locales()
    products = {str(p.get("id")) for p in org.data.get("products", []) if isinstance(p, dict)} if org else None

    ids: dict[str, tuple[LoadedFile, PathT]] = {}
    documents: list[Document] = []
    yaml_files = sorted(p for p in folder.iterdir()
                        if p.is_file() and p.suffix in (".yaml", ".yml") and p.name not in SETTINGS)
    for path in yaml_files:
        loaded, load_problems = load_yaml(path)
        problems.extend(load_problems)
        if loaded is None:
            continue
        schema_problems = check_file(loaded, SCHEMA)
        problems.extend(schema_problems)
        if schema_problems:
            continue
        ids[loaded.data["id"]] = (loaded, ("id",))
        doc, doc_problems = _document(loaded, locales, products, today)
        problems.extend(doc_problems)
        if doc is not None:
            documents.append(doc)

    stems = {p.stem for p in yaml_files}
    for path in sorted(folder.glob("*.md")):
        stem, _, locale = path.stem.rpartition(".")
        if not stem:
            problems.append(Problem(display_path(path), 0, 0, "", "a body's file name is <document id>.<locale>.md"))
        elif stem not in stems:
            problems.append(Problem(display_path(path), 0, 0, "", f"body of an unknown document: there is no "
                                    f"{FOLDER}/{stem}.yaml"))
        elif locales and locale not in locales:
            problems.append(Problem(display_path(path), 0, 0, "", f"'{locale}' is not one of the locales in "
                                    f"organization.yaml ({', '.join(locales)})"))

    docset = DocumentSet(folder, tuple(documents), template)
    problems.extend(_check_bodies(root, content, docset))
    return ids, problems, docset


def _check_bodies(root: Path, content: RawContent, docset: DocumentSet) -> list[Problem]:
    """Resolve every body against the knowledge base as it will be built: unknown references, facts
    above the document's visibility and unknown directives are found by `trustgen validate`, not by
    the first build."""
    from .compose import compose

    if content.organization() is None or not docset.documents:
        return []
    try:
        kb = kb_module.build(root, content)
    except Exception:  # noqa: BLE001 - content the rules will reject anyway; they report it
        return []
    problems: list[Problem] = []
    for doc in docset.documents:
        for body in doc.bodies:
            try:
                _, issues = compose(kb, docset, doc, body.locale, doc.visibility, strict=False)
            except MissingTranslation:
                continue  # a locale without a catalog fails its build with that message; not a content error
            problems.extend(Problem(i.file, i.line, i.column, "", i.message, i.severity) for i in issues)
    return problems


kb_module.EXTRA_LOADERS["documents"] = load_documents
