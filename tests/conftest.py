"""Fixtures of the whole suite: a pinned clock and a writable copy of the minimal knowledge base."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from kbtest import MINIMAL, PINNED_EPOCH, copy_kb


@pytest.fixture(autouse=True)
def pinned_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", PINNED_EPOCH)


@pytest.fixture(autouse=True, scope="session")
def session_model_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The model cache of session-wide fixtures: never the user's own cache."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TRUSTGEN_CACHE_DIR", str(tmp_path_factory.mktemp("trustgen-cache")))
        yield


@pytest.fixture(autouse=True)
def model_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A model cache of the test's own, so that no test is served a model another test stored."""
    folder = tmp_path_factory.mktemp("trustgen-cache")
    monkeypatch.setenv("TRUSTGEN_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def minimal_kb(tmp_path: Path) -> Path:
    """A writable copy of tests/data/good/minimal at tmp_path/content."""
    return copy_kb(MINIMAL, tmp_path / "content")
