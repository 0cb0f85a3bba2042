"""The model cache: a second load is served from it, a changed file or another day is not, a broken
entry is rebuilt, and warnings survive a warm start."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from pathlib import Path

import pytest
from kbtest import run_cli

from generator import kb as kb_module
from generator.kb import load_knowledge_base

FACTS = Path("facts") / "encryption.yaml"


def entries(cache: Path) -> list[Path]:
    return sorted((cache / "models").glob("*.pickle"))


def no_validation(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("validated again although nothing changed")

    monkeypatch.setattr(kb_module, "validate", refuse)


def test_second_load_comes_from_the_cache(minimal_kb: Path, model_cache: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    first = load_knowledge_base(minimal_kb)
    assert len(entries(model_cache)) == 1
    no_validation(monkeypatch)
    second = load_knowledge_base(minimal_kb)
    assert second == first
    assert second.entry("retention").value("days").data == 45


def test_a_changed_file_invalidates_the_cache(minimal_kb: Path, model_cache: Path) -> None:
    assert load_knowledge_base(minimal_kb).entry("retention").value("days").data == 45
    facts = minimal_kb / FACTS
    facts.write_text(facts.read_text(encoding="utf-8").replace("{number: 45, unit: days}",
                                                               "{number: 30, unit: days}"), encoding="utf-8")
    assert load_knowledge_base(minimal_kb).entry("retention").value("days").data == 30
    assert len(entries(model_cache)) == 1  # the folder's stale entry is gone


def test_another_day_is_validated_again(minimal_kb: Path, model_cache: Path) -> None:
    load_knowledge_base(minimal_kb, today=dt.date(2026, 11, 18))
    key_before = entries(model_cache)
    load_knowledge_base(minimal_kb, today=dt.date(2030, 1, 1))
    assert entries(model_cache) != key_before
    assert any("overdue for review" in p.message for p in load_knowledge_base(minimal_kb, today=dt.date(2030, 1, 1))
               .warnings)


@pytest.mark.parametrize("garbage", [b"", b"not a pickle", b"\x80\x05K\x01."])
def test_a_corrupt_entry_is_ignored_and_rebuilt(minimal_kb: Path, model_cache: Path, garbage: bytes) -> None:
    expected = load_knowledge_base(minimal_kb)
    [entry] = entries(model_cache)
    entry.write_bytes(garbage)
    assert load_knowledge_base(minimal_kb) == expected
    assert entry.read_bytes() != garbage  # written again


def test_an_unwritable_cache_is_no_error(minimal_kb: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setenv("TRUSTGEN_CACHE_DIR", str(blocked))
    assert load_knowledge_base(minimal_kb).entry("retention").value("days").data == 45


def test_warnings_are_reported_on_a_warm_start(minimal_kb: Path, capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    facts = minimal_kb / FACTS
    facts.write_text(facts.read_text(encoding="utf-8").replace("last_reviewed: 2026-10-01",
                                                               "last_reviewed: 2024-01-01", 1), encoding="utf-8")
    cold = run_cli(["validate", "--content", str(minimal_kb)], minimal_kb.parent, capsys)
    no_validation(monkeypatch)
    warm = run_cli(["validate", "--content", str(minimal_kb)], minimal_kb.parent, capsys)
    assert cold == warm
    assert cold[0] == 0 and "warning: facts[0].last_reviewed: overdue for review" in cold[2]


def test_entries_unused_for_a_month_are_pruned(minimal_kb: Path, model_cache: Path, tmp_path: Path) -> None:
    other = shutil.copytree(minimal_kb, tmp_path / "other")
    load_knowledge_base(other)
    [old] = entries(model_cache)
    month_ago = time.time() - 31 * 86400
    os.utime(old, (month_ago, month_ago))
    load_knowledge_base(minimal_kb)
    assert old not in entries(model_cache) and len(entries(model_cache)) == 1
