"""References inside localized text: parse `{name}`, `{fact-id.name}`, `{contact:id}` ... and resolve
them to values formatted for a locale. One value, one place: a sentence never retypes a number."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import i18n
from .model import Entry, KnowledgeBase, LocalizedText, Value

REF_KINDS = ("contact", "product", "subprocessor", "certification", "org")
ORG_FIELDS = ("name", "legal_name", "website")

_OWN = re.compile(r"^[a-z][a-z0-9_]*$")
_OTHER = re.compile(r"^([a-z][a-z0-9]*(?:-[a-z0-9]+)*)\.([a-z][a-z0-9_]*)$")
_KIND = re.compile(r"^(" + "|".join(REF_KINDS) + r"):([a-z][a-z0-9_]*(?:-[a-z0-9]+)*)$")


class TemplateError(ValueError):
    """A text's references are malformed."""


@dataclass(frozen=True)
class Ref:
    """One reference: kind 'value' (own value), 'fact' (other entry's value) or a REF_KINDS name."""

    kind: str
    target: str  # entry id, contact id, ...; empty for own values
    name: str  # value name or org field
    raw: str


_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


@lru_cache(maxsize=65536)
def parse(text: str) -> tuple[str | Ref, ...]:
    """Split a text into literal pieces and references (cached: the same texts render in many outputs)."""
    if "{" not in text and "}" not in text:
        return (text,) if text else ()
    parts: list[str | Ref] = []
    buf: list[str] = []
    pos = 0
    for m in _TOKEN.finditer(text):
        buf.append(text[pos:m.start()])
        pos = m.end()
        token = m.group(0)
        if token == "{{":
            buf.append("{")
        elif token == "}}":
            buf.append("}")
        elif token == "{":
            raise TemplateError("'{' is not closed (write '{{' for a literal brace)")
        elif token == "}":
            raise TemplateError("'}' without a matching '{' (write '}}' for a literal brace)")
        else:
            parts.append("".join(buf))
            buf = []
            parts.append(_ref(m.group(1).strip()))
    buf.append(text[pos:])
    parts.append("".join(buf))
    return tuple(p for p in parts if p != "")


def _ref(raw: str) -> Ref:
    if _OWN.match(raw):
        return Ref("value", "", raw, raw)
    m = _OTHER.match(raw)
    if m:
        return Ref("fact", m.group(1), m.group(2), raw)
    m = _KIND.match(raw)
    if m:
        kind, target = m.groups()
        if kind == "org":
            if target not in ORG_FIELDS:
                raise TemplateError(f"{{{raw}}}: the organisation has no field '{target}' (use {', '.join(ORG_FIELDS)})")
            return Ref("org", "", target, raw)
        return Ref(kind, target, "", raw)
    raise TemplateError(f"{{{raw}}} is not a reference; use {{name}}, {{fact-id.name}} or {{contact:id}} ... "
                        "(write '{{' and '}}' for literal braces)")


def format_value(value: Value, locale: str) -> str:
    """A typed value as a reader of the locale expects it."""
    data = value.data
    if value.kind == "number":
        assert isinstance(data, (int, float))
        return i18n.quantity(data, value.unit or "none", locale)
    if value.kind == "boolean":
        return i18n.yes_no(bool(data), locale)
    if value.kind == "tls":
        return f"TLS {data}"
    if value.kind == "list":
        assert isinstance(data, tuple)
        return i18n.join_list(data, locale)
    if value.kind == "date":
        return i18n.long_date(data, locale)  # type: ignore[arg-type]
    if value.kind == "localized":
        assert isinstance(data, LocalizedText)
        return data.get(locale)
    if value.kind == "cadence":
        return i18n.cadence(str(data), locale)
    return str(data)


def resolve_ref(kb: KnowledgeBase, ref: Ref, owner: Entry | None, locale: str) -> str:
    """The text a reference stands for."""
    if ref.kind == "value":
        if owner is None:
            raise KeyError(ref.raw)
        return format_value(owner.value(ref.name), locale)
    if ref.kind == "fact":
        return format_value(kb.entry(ref.target).value(ref.name), locale)
    if ref.kind == "contact":
        return kb.contact(ref.target).address
    if ref.kind == "product":
        return kb.product(ref.target).name
    if ref.kind == "subprocessor":
        return kb.subprocessor(ref.target).name
    if ref.kind == "certification":
        cert = next(c for c in kb.certifications if c.id == ref.target)
        return cert.name
    if ref.kind == "org":
        return str(getattr(kb.organization, ref.name))
    raise KeyError(ref.raw)


def render(kb: KnowledgeBase, text: LocalizedText | None, locale: str, owner: Entry | None = None) -> str:
    """A localized text with every reference replaced by its formatted value (plain text, unescaped)."""
    if text is None:
        return ""
    out = []
    for part in parse(text.get(locale)):
        out.append(part if isinstance(part, str) else resolve_ref(kb, part, owner, locale))
    return "".join(out)


def statement(kb: KnowledgeBase, entry: Entry, locale: str) -> str:
    """An entry's statement, resolved."""
    return render(kb, entry.statement, locale, entry)
