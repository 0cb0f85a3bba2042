"""Property: no YAML a pull request can hold makes `trustgen validate` fail with an internal error.

Hypothesis writes facts files two ways: text built from YAML's own tokens (quotes, escapes, flow
brackets, anchors, tabs, control characters, numbers of every size), and data of any shape dumped by
PyYAML. validate must answer 0 or 1, never 70, never a traceback, and every problem it reports names
the file.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from kbtest import MINIMAL, run_cli

TOKENS = ["topic: encryption\n", "facts:\n", "  - id: x\n", "    statement: {en: a, sv: b}\n", "visibility: public\n",
          "- ", ": ", "\n", "  ", "\t", "[", "]", "{", "}", ",", "'", '"', "\\", "\\u", "\\ud800", "\\x1b", "\\0",
          "\\e[2J", "&a ", "*a", "!!python/object:os.system ", "!!binary ", "---\n", "...\n", "#", "|\n", ">-\n",
          "?", "%YAML 1.1\n", ".inf", ".nan", "-.inf", "0x1F", "0o17", "1e400", "9" * 40, "-" + "9" * 30,
          "1_000", "2026-02-30", "yes", "no", "~", "null", "true", "\u2028", "\u0085", "\ufeff", "é", "😀", "\x00",
          "\x1b", "\x7f", "\x9b", "{org:name}", "{{", "}}"]


@st.composite
def token_text(draw: st.DrawFn) -> str:
    return "".join(draw(st.lists(st.sampled_from(TOKENS), max_size=60)))


scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
                    st.text(max_size=40))
shapes = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)), max_leaves=30)


@st.composite
def dumped(draw: st.DrawFn) -> str:
    facts = draw(st.lists(st.dictionaries(st.sampled_from(
        ["id", "statement", "visibility", "owner", "last_reviewed", "values", "questions", "answer", "products",
         "title", "keywords", "review_interval_days", "party", "role", "extra"]), shapes, max_size=8), max_size=3))
    data = {"topic": draw(st.one_of(st.just("encryption"), shapes)), "facts": facts}
    try:
        return yaml.safe_dump(data, allow_unicode=draw(st.booleans()))
    except yaml.YAMLError:
        return yaml.safe_dump({"topic": "encryption", "facts": []})


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return Path(shutil.copytree(MINIMAL, tmp_path_factory.mktemp("fuzz") / "content"))


def _check(kb: Path, text: str | bytes, capsys: pytest.CaptureFixture[str]) -> None:
    target = kb / "facts" / "fuzz.yaml"
    if isinstance(text, str):
        target.write_bytes(text.encode("utf-8", "surrogatepass"))
    else:
        target.write_bytes(text)
    code, out, err = run_cli(["validate", "--content", "content"], kb.parent, capsys)
    assert code in (0, 1), err
    assert "Traceback" not in err and "internal error" not in err
    assert out == ""
    for line in err.splitlines():  # splitlines also splits at U+2028 and U+0085: one message, one line
        assert line.startswith(("content/", "content: ")), line
        assert "\x1b" not in line and "\x00" not in line


FUZZ = settings(max_examples=120, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@FUZZ
@given(text=token_text())
@example(text="\\\u2028- ")  # a Unicode line separator in a YAML error once split a message in two
def test_yaml_from_tokens_never_crashes_validate(kb: Path, capsys: pytest.CaptureFixture[str], text: str) -> None:
    _check(kb, text, capsys)


@FUZZ
@given(text=dumped())
def test_yaml_of_any_shape_never_crashes_validate(kb: Path, capsys: pytest.CaptureFixture[str], text: str) -> None:
    _check(kb, text, capsys)


@FUZZ
@given(raw=st.binary(max_size=200))
def test_any_bytes_never_crash_validate(kb: Path, capsys: pytest.CaptureFixture[str], raw: bytes) -> None:
    _check(kb, raw, capsys)
