"""The typed model: values survive YAML -> model unchanged, render per locale, and one edit changes every sentence."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import ContentError
from generator.kb import load_knowledge_base
from generator.model import LocalizedText, Value
from generator.text import TemplateError, parse, statement


def write_fact(kb: Path, values: dict, statement_en: str, statement_sv: str, **extra: object) -> None:
    fact = {"id": "probe", "statement": {"en": statement_en, "sv": statement_sv}, "visibility": "public",
            "owner": "Security team", "last_reviewed": "2026-10-01", "values": values, **extra}
    (kb / "facts" / "probe.yaml").write_text(
        yaml.safe_dump({"topic": "governance", "facts": [fact]}, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_minimal_model_holds_typed_values(minimal_kb: Path) -> None:
    kb = load_knowledge_base(minimal_kb)
    assert kb.locales == ("en", "sv") and kb.default_locale == "en"
    assert [p.id for p in kb.products] == ["app", "api"]
    retention = kb.entry("retention")
    assert retention.value("days") == Value("number", 45, "days")
    assert retention.products == ("app",)
    assert kb.entry("tls-in-transit").value("min_tls") == Value("tls", "1.2")
    assert retention.review.last_reviewed == dt.date(2026, 10, 1)
    assert retention.review.due == dt.date(2027, 10, 1)
    assert statement(kb, retention, "en") == "Customer content is deleted 45 days after the subscription ends."
    assert statement(kb, retention, "sv") == "Kundinnehåll raderas 45 dagar efter att abonnemanget har upphört."


def test_changing_a_value_once_changes_every_sentence(minimal_kb: Path) -> None:
    facts = minimal_kb / "facts" / "encryption.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("{number: 45, unit: days}", "{number: 60, unit: days}"),
                     encoding="utf-8")
    kb = load_knowledge_base(minimal_kb)
    assert statement(kb, kb.entry("retention"), "en") == "Customer content is deleted 60 days after the subscription ends."
    assert statement(kb, kb.entry("retention"), "sv") == "Kundinnehåll raderas 60 dagar efter att abonnemanget har upphört."


@pytest.mark.parametrize("value, en, sv", [
    ({"number": 1, "unit": "days"}, "1 day", "1 dag"),
    ({"number": 72, "unit": "hours"}, "72 hours", "72 timmar"),
    ({"number": 12, "unit": "characters"}, "12 characters", "12 tecken"),
    ({"number": 256, "unit": "bits"}, "256 bits", "256 bitar"),
    ({"number": 99.9, "unit": "percent"}, "99.9%", "99,9\u00a0%"),
    ({"number": 1500, "unit": "none"}, "1,500", "1\u00a0500"),
    ({"boolean": True}, "yes", "ja"),
    ({"tls": "1.3"}, "TLS 1.3", "TLS 1.3"),
    ({"text": "AES-256"}, "AES-256", "AES-256"),
    ({"list": ["Okta", "Microsoft Entra ID", "Google"]}, "Okta, Microsoft Entra ID, and Google", "Okta, Microsoft Entra ID och Google"),
    ({"date": "2026-09-01"}, "1 September 2026", "1 september 2026"),
    ({"cadence": "quarterly"}, "quarterly", "kvartalsvis"),
    ({"localized": {"en": "the EU", "sv": "EU"}}, "the EU", "EU"),
])
def test_each_value_type_round_trips_and_renders(minimal_kb: Path, value: dict, en: str, sv: str) -> None:
    write_fact(minimal_kb, {"v": value}, "Value: {v}.", "Värde: {v}.")
    kb = load_knowledge_base(minimal_kb)
    fact = kb.entry("probe")
    assert statement(kb, fact, "en") == f"Value: {en}."
    assert statement(kb, fact, "sv") == f"Värde: {sv}."


def test_references_to_other_entries_contacts_products_and_org(minimal_kb: Path) -> None:
    write_fact(minimal_kb, {}, "{product:app} keeps data {retention.days}; ask {contact:security} at {org:name}. {{literal}}",
               "{product:app} sparar data i {retention.days}; fråga {contact:security} på {org:legal_name}.")
    kb = load_knowledge_base(minimal_kb)
    fact = kb.entry("probe")
    assert statement(kb, fact, "en") == ("Test App keeps data 45 days; ask security@testbolaget.example at Testbolaget. "
                                         "{literal}")
    assert statement(kb, fact, "sv") == "Test App sparar data i 45 dagar; fråga security@testbolaget.example på Testbolaget AB."


def test_audience_filter_keeps_only_what_may_be_seen(minimal_kb: Path) -> None:
    write_fact(minimal_kb, {}, "Secret.", "Hemligt.", )
    path = minimal_kb / "facts" / "probe.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("visibility: public", "visibility: internal"), encoding="utf-8")
    kb = load_knowledge_base(minimal_kb)
    assert "probe" in [f.id for f in kb.facts]
    assert "probe" not in [f.id for f in kb.for_audience("public").facts]
    assert "probe" not in [f.id for f in kb.for_audience("nda").facts]
    assert [f.id for f in kb.for_audience("public", product="api").facts] == ["tls-in-transit"]


def test_model_is_frozen(minimal_kb: Path) -> None:
    kb = load_knowledge_base(minimal_kb)
    with pytest.raises(AttributeError):
        kb.facts[0].answer = "no"  # type: ignore[misc]


def test_load_raises_every_error_at_once(minimal_kb: Path) -> None:
    write_fact(minimal_kb, {}, "{nothing} here", "{nada}")
    with pytest.raises(ContentError) as exc:
        load_knowledge_base(minimal_kb)
    assert [p.path for p in exc.value.problems] == ["facts[0].statement.en", "facts[0].statement.sv"]


def test_template_parser() -> None:
    assert parse("a {x} b {{c}}") == ("a ", parse("{x}")[0], " b {c}")
    with pytest.raises(TemplateError, match="is not a reference"):
        parse("{Not a ref}")
    with pytest.raises(TemplateError, match="without a matching"):
        parse("a } b")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(number=st.integers(min_value=0, max_value=10**6), unit=st.sampled_from(["days", "hours", "months", "years", "minutes"]))
def test_numbers_round_trip_through_yaml(minimal_kb: Path, number: int, unit: str) -> None:
    write_fact(minimal_kb, {"n": {"number": number, "unit": unit}}, "{n}", "{n}")
    kb = load_knowledge_base(minimal_kb)
    assert kb.entry("probe").value("n") == Value("number", number, unit)
    rendered = statement(kb, kb.entry("probe"), "en")
    assert rendered.replace(",", "").startswith(str(number) + " ")


def test_localized_text_access() -> None:
    text = LocalizedText.of({"sv": "Hej", "en": "Hello"})
    assert text is not None and text.get("sv") == "Hej" and text.locales() == ("en", "sv")
    with pytest.raises(KeyError):
        text.get("fi")


def test_value_named_like_a_text_field_is_a_value(minimal_kb: Path) -> None:
    write_fact(minimal_kb, {"region": {"localized": {"en": "Stockholm", "sv": "Stockholm"}}}, "In {region}.", "I {region}.")
    kb = load_knowledge_base(minimal_kb)
    assert statement(kb, kb.entry("probe"), "sv") == "I Stockholm."
