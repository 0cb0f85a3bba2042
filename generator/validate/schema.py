"""Structural validation of content files against the JSON Schemas in schemas/.

jsonschema reports paths into the data; the source map turns each into a line and column, and the
messages are rewritten for people who edit YAML rather than for people who write schemas.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import referencing
from referencing.jsonschema import DRAFT202012

from ..errors import Problem
from ..load import LoadedFile, PathT, format_path

SCHEMA_DIR = Path(__file__).resolve().parent.parent.parent / "schemas"

_PATTERN_NAMES = {
    "^[a-z][a-z0-9]*(-[a-z0-9]+)*$": "not a valid id (lower-case letters, digits and single hyphens, starting with a letter)",
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": "not a date in the form YYYY-MM-DD",
    "^https://[^\\s<>\"']+$": "not an https:// URL",
    "^https://[^\\s<>\"'?#]+$": "not an https:// URL without ? or # (the portal's address, to which /access/ is added)",
    "^[A-Z]{2}$": "not an ISO 3166-1 alpha-2 country code (two capital letters)",
    "^[a-z]{2}(_[A-Z]{2})?$": "not a locale code such as en or sv",
    "^[a-z][a-z0-9_]*$": "not a valid value name (lower-case letters, digits and underscores)",
}

_JSON_TYPES = {dict: "a mapping", list: "a list", str: "text", bool: "true or false", int: "a number",
               float: "a number", type(None): "empty"}
_SCHEMA_TYPES = {"object": "a mapping", "array": "a list", "string": "text", "boolean": "true or false",
                 "integer": "a whole number", "number": "a number", "null": "empty"}

VALUE_TYPES = ("number", "boolean", "tls", "text", "list", "date", "localized", "cadence")


def _schema_dir() -> Path:
    return SCHEMA_DIR


@cache
def _registry() -> referencing.Registry:
    resources = []
    for path in sorted(_schema_dir().glob("*.schema.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append((path.name, referencing.Resource.from_contents(contents, default_specification=DRAFT202012)))

    def refuse(uri: str) -> referencing.Resource:
        raise referencing.exceptions.NoSuchResource(ref=uri)  # type: ignore[call-arg]  # never fetch a schema from anywhere else

    return referencing.Registry(retrieve=refuse).with_resources(resources)  # type: ignore[call-arg]


def _inline(node: Any, base: str) -> Any:
    """The schema with every $ref replaced by its target. Our schemas are not recursive, and looking a
    reference up on every visit was most of the validation time for a large knowledge base."""
    if isinstance(node, dict):
        if "$ref" in node and len(node) <= 2:
            ref = node["$ref"]
            doc, _, pointer = ref.partition("#")
            doc = doc or base
            target: Any = _registry()[doc].contents
            for part in [p for p in pointer.split("/") if p]:
                target = target[part]
            return _inline(target, doc)
        return {k: _inline(v, base) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inline(v, base) for v in node]
    return node


@cache
def validator(schema_name: str) -> jsonschema.Draft202012Validator:
    schema = _inline(_registry()[schema_name].contents, schema_name)
    return jsonschema.Draft202012Validator(schema, registry=_registry())


def _describe(value: Any) -> str:
    return _JSON_TYPES.get(type(value), type(value).__name__)


def _show(value: Any) -> str:
    # as the value is written in YAML, never as Python prints it (None, True)
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return "true" if value else "false"
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= 60 else text[:57] + "...'"


@cache
def _fast(schema_name: str) -> Callable[[Any], Any]:
    """A compiled yes/no check of the same schema. jsonschema explains errors well but is slow on a large
    knowledge base, so valid files (nearly all of them, nearly always) only pass through this one. The
    inlined schemas use only keywords that draft-07 shares with 2020-12."""
    import fastjsonschema

    schema = dict(_const_as_enum(_inline(_registry()[schema_name].contents, schema_name)))
    schema["$schema"] = "http://json-schema.org/draft-07/schema#"
    # Only whether a file is valid is read from this check (jsonschema explains the problems), so its
    # exceptions need no detail, and the generated code's formatting of each failed oneOf branch's
    # name (`.format(**locals())`) is left out: that formatting was most of its time on a large
    # knowledge base. Without it a message keeps its {placeholders}; nothing reads them.
    code = fastjsonschema.compile_to_code(schema, detailed_exceptions=False).replace(".format(**locals())", "")
    namespace: dict[str, Any] = {}
    exec(compile(code, f"<schema {schema_name}>", "exec"), namespace)  # noqa: S102 - our own schema's code
    return namespace["validate"]  # type: ignore[no-any-return]


def _const_as_enum(node: Any) -> Any:
    """The schema with each `const: X` written `enum: [X]`, which means the same; fastjsonschema
    cannot compile `const` without detailed exceptions."""
    if isinstance(node, dict):
        return {("enum" if k == "const" else k): ([_const_as_enum(v)] if k == "const" else _const_as_enum(v))
                for k, v in node.items()}
    if isinstance(node, list):
        return [_const_as_enum(v) for v in node]
    return node


def check_file(loaded: LoadedFile, schema_name: str, definition: str | None = None) -> list[Problem]:
    """All schema problems of one file, each at the line and column of the offending node.

    With `definition`, the file is checked against that entry of the schema's $defs instead (a file
    kind that shares a schema file with another, such as documents/settings.yaml)."""
    if definition is not None:
        problems: list[Problem] = []
        for error in _definition_validator(schema_name, definition).iter_errors(loaded.data):
            problems.extend(_explain(loaded, error))
        return problems

    import fastjsonschema

    try:
        _fast(schema_name)(loaded.data)
        return []
    except fastjsonschema.JsonSchemaException:
        pass  # explain every problem below
    problems = []
    for error in validator(schema_name).iter_errors(loaded.data):
        problems.extend(_explain(loaded, error))
    return _one_per_misspelling(problems)


def by_entry(problems: list[Problem], lists: list[str]
             ) -> tuple[dict[tuple[str, int], list[Problem]], list[Problem]]:
    """Schema problems split into those inside one entry of the named lists, by (list name, index), and
    the rest (the file's own fields, or a list that is not a list). An entry's problems make only that
    entry unusable; the rest make the whole file so."""
    entries: dict[tuple[str, int], list[Problem]] = {}
    rest: list[Problem] = []
    for problem in problems:
        match = _ENTRY.match(problem.path)
        if match and match.group(1) in lists:
            entries.setdefault((match.group(1), int(match.group(2))), []).append(problem)
        else:
            rest.append(problem)
    return entries, rest


_ENTRY = re.compile(r"([a-z_]+)\[([0-9]+)\](?:[.\[]|$)")  # 'facts[2]...' as load.format_path writes it
_MISSPELT = re.compile(r"unknown field '[^']+' \(did you mean '([^']+)'\?\)$")


def _one_per_misspelling(problems: list[Problem]) -> list[Problem]:
    """A misspelt required field is one mistake: 'unknown field visiblity (did you mean visibility?)'
    says it all, so 'missing required field visibility' of the same entry is left out."""
    meant = set()
    for p in problems:
        match = _MISSPELT.search(p.message)
        if match:
            parent = p.path.rsplit(".", 1)[0] if "." in p.path else ""
            meant.add((p.file, parent, match.group(1)))
    return [p for p in problems
            if not (p.message.startswith("missing required field '")
                    and (p.file, p.path, p.message.split("'")[1]) in meant)]


@cache
def _definition_validator(schema_name: str, definition: str) -> jsonschema.Draft202012Validator:
    schema = _registry()[schema_name].contents["$defs"][definition]
    return jsonschema.Draft202012Validator(schema, registry=_registry())


def _at(loaded: LoadedFile, path: PathT, message: str, key: bool = False) -> Problem:
    line, col = loaded.source.key_pos(path) if key else loaded.source.value_pos(path)
    return Problem(loaded.source.file, line, col, format_path(path), message)


def _explain(loaded: LoadedFile, error: jsonschema.ValidationError) -> list[Problem]:
    path: PathT = tuple(error.absolute_path)
    kind = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}
    inst = error.instance
    if kind == "additionalProperties" and isinstance(inst, dict):
        known = list(schema.get("properties", {}))
        patterns = list(schema.get("patternProperties", {}))
        out = []
        for key in inst:
            if key in known or any(_re_match(p, key) for p in patterns):
                continue
            if patterns and not known:
                msg = f"'{key}' is not a locale code such as en or sv" if "[a-z]{2}" in patterns[0] else f"unknown field '{key}'"
            else:
                msg = f"unknown field '{key}'"
                close = difflib.get_close_matches(key, known, n=1)
                if close:
                    msg += f" (did you mean '{close[0]}'?)"
            out.append(_at(loaded, path + (key,), msg, key=True))
        return out
    if kind == "required":
        missing = error.validator_value if isinstance(error.validator_value, list) else []
        names = [str(m) for m in missing if isinstance(inst, dict) and m not in inst]
        return [_at(loaded, path, f"missing required field '{n}'") for n in names]
    if kind == "type":
        expected = error.validator_value
        want = " or ".join(_SCHEMA_TYPES.get(str(t), str(t)) for t in (expected if isinstance(expected, list) else [expected]))
        return [_at(loaded, path, f"expected {want}, found {_describe(inst)} {_show(inst)}")]
    if kind == "enum":
        options = ", ".join(str(o) for o in error.validator_value)
        return [_at(loaded, path, f"{_show(inst)} is not one of: {options}")]
    if kind == "pattern":
        what = _PATTERN_NAMES.get(error.validator_value)
        if what is None:
            what = "does not have the expected form"
            if "@" in str(error.validator_value):
                what = "not an e-mail address"
        return [_at(loaded, path, f"{_show(inst)} is {what}" if not what.startswith("does") else f"{_show(inst)} {what}")]
    if kind == "propertyNames":
        bad = [k for k in inst if isinstance(inst, dict)] if isinstance(inst, dict) else []
        pattern = error.validator_value.get("pattern", "") if isinstance(error.validator_value, dict) else ""
        return [_at(loaded, path + (k,), f"'{k}' is not a valid value name (lower-case letters, digits and underscores)", key=True)
                for k in bad if pattern and not _re_match(pattern, k)]
    if kind == "oneOf" and isinstance(inst, dict):
        return _explain_value(loaded, path, inst, error)
    if kind == "anyOf" and isinstance(inst, dict) and "email" in json.dumps(error.validator_value):
        return [_at(loaded, path, "needs an 'email' or a 'url'")]
    if kind in ("minItems", "minProperties"):
        return [_at(loaded, path, "must not be empty")]
    if kind == "minLength":
        return [_at(loaded, path, "must not be empty text")]
    if kind == "maxLength":
        return [_at(loaded, path, f"is longer than {error.validator_value} characters")]
    if kind == "minimum":
        return [_at(loaded, path, f"{inst} is less than the minimum {error.validator_value}")]
    if kind == "maximum":
        return [_at(loaded, path, f"{inst} is more than the maximum {error.validator_value}")]
    if kind == "uniqueItems":
        return [_at(loaded, path, "lists the same item twice")]
    return [_at(loaded, path, error.message)]


def _explain_value(loaded: LoadedFile, path: PathT, inst: dict[str, Any], error: jsonschema.ValidationError) -> list[Problem]:
    """A typed value failed: report against the type its key names, not all eight alternatives."""
    kinds = [k for k in inst if k in VALUE_TYPES]
    if len(kinds) != 1:
        return [_at(loaded, path, "a value needs exactly one type key: " + ", ".join(VALUE_TYPES))]
    branch = VALUE_TYPES.index(kinds[0])
    sub = [e for e in error.context or [] if e.relative_schema_path and e.relative_schema_path[0] == branch]
    out: list[Problem] = []
    for e in sub:
        out.extend(_explain(loaded, e))
    return out or [_at(loaded, path, f"not a valid {kinds[0]} value")]


def _re_match(pattern: str, text: str) -> bool:
    import re

    return re.search(pattern, text) is not None
