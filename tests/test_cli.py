"""The command line as a whole: README and CLI agree, every command has help with examples, no traceback."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from kbtest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def registered() -> list[str]:
    from generator.cli import COMMANDS, build_parser

    build_parser()
    return list(COMMANDS)


def test_readme_command_table_matches_the_cli() -> None:
    table = re.findall(r"^\| `trustgen (\w+)", README, flags=re.MULTILINE)
    assert sorted(table) == sorted(registered())


def test_readme_starts_with_the_two_setup_commands_and_ci_runs_the_test_one() -> None:
    first_block = README.split("```")[1]
    assert [line.split("#")[0].strip() for line in first_block.strip().splitlines()[1:]] == ["make site", "make test"]
    assert re.search(r"^make test$", (ROOT / ".ci" / "run").read_text(encoding="utf-8"), flags=re.MULTILINE)


@pytest.mark.parametrize("name", registered())
def test_every_command_has_help_with_examples(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    from generator.cli import main

    with pytest.raises(SystemExit) as exc:
        main([name, "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert f"usage: trustgen {name}" in out
    assert "examples:\n  trustgen " + name in out
    assert "-q, --quiet" in out


def test_no_command_prints_usage_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    from generator.cli import main

    assert main([]) == 2
    assert "usage: trustgen" in capsys.readouterr().err


def test_internal_errors_print_no_traceback(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from generator import cli

    def boom(args: object) -> int:
        raise RuntimeError("kaboom")

    summary, examples, options, _ = cli.COMMANDS["validate"]
    monkeypatch.setitem(cli.COMMANDS, "validate", (summary, examples, options, boom))
    monkeypatch.delenv("TRUSTGEN_DEBUG", raising=False)
    assert cli.main(["validate"]) == 70
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.strip() == ("trustgen validate: internal error: RuntimeError: kaboom "
                           "(run with TRUSTGEN_DEBUG=1 for details and please report it)")


def test_help_does_not_import_heavy_packages() -> None:
    code = ("import sys; from generator.cli import build_parser; build_parser(); "
            "heavy = [m for m in ('mkdocs', 'weasyprint', 'docx', 'openpyxl', 'jsonschema') if m in sys.modules]; "
            "print(','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert out.strip() == ""
