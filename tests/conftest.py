"""Fixtures of the whole suite: a pinned clock and a writable copy of the minimal knowledge base."""

from __future__ import annotations

from pathlib import Path

import pytest

from kbtest import MINIMAL, PINNED_EPOCH, copy_kb


@pytest.fixture(autouse=True)
def pinned_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", PINNED_EPOCH)


@pytest.fixture
def minimal_kb(tmp_path: Path) -> Path:
    """A writable copy of tests/data/good/minimal at tmp_path/content."""
    return copy_kb(MINIMAL, tmp_path / "content")
