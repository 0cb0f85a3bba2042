"""`trustgen portal` as an administrator uses it: clear errors, exit codes, CSV that stays data."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from kbtest import run_cli
from portal_tools import PORTAL_YAML


@pytest.fixture
def portal_kb(minimal_kb: Path) -> Path:
    (minimal_kb / "portal.yaml").write_text(PORTAL_YAML, encoding="utf-8")
    return minimal_kb


def portal(args: list[str], kb: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    db = f"sqlite:///{kb.parent / 'portal.db'}"
    return run_cli(["portal", args[0], "--content", str(kb), "--database", db, *args[1:]], kb.parent, capsys)


def test_approving_an_unknown_address_names_it(portal_kb: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = portal(["approve", "nobody@example.com"], portal_kb, capsys)
    assert (code, out) == (1, "")
    assert err.strip() == ("trustgen portal: no pending or approved access request from 'nobody@example.com' "
                           "(see `trustgen portal requests`)")
    code, _, err = portal(["revoke", "42"], portal_kb, capsys)
    assert code == 1 and err.strip() == "trustgen portal: no access request with id 42"


def test_a_missing_portal_file_is_a_content_error(minimal_kb: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = portal(["requests"], minimal_kb, capsys)
    assert code == 1
    assert err.splitlines()[0] == ("content/portal.yaml: missing file: the access portal needs portal.yaml with the "
                                   "NDA text a visitor accepts (docs/portal.md)")


def test_a_bad_portal_file_is_located(portal_kb: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (portal_kb / "portal.yaml").write_text(PORTAL_YAML.replace("access_days: 30", "access_days: forever"))
    code, _, err = portal(["requests"], portal_kb, capsys)
    assert code == 1
    assert err.splitlines()[0] == ("content/portal.yaml:15:16: portal.access_days: expected a whole number, "
                                   "found text 'forever'")
    assert "Traceback" not in err


def test_the_portal_file_is_part_of_the_knowledge_base(portal_kb: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(["validate", "--content", str(portal_kb)], portal_kb.parent, capsys)
    assert code == 0, err


def test_configuration_errors_name_the_setting(portal_kb: Path, capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    config = portal_kb.parent / "portal.toml"
    config.write_text('[portal]\nsmtp_prot = 25\n')
    code, _, err = portal(["requests", "--config", str(config)], portal_kb, capsys)
    assert code == 2 and err.startswith(f"trustgen portal: {config}: unknown setting 'smtp_prot'; known: ")
    monkeypatch.setenv("TRUSTGEN_PORTAL_REQUEST_LIMIT", "many")
    code, _, err = portal(["requests"], portal_kb, capsys)
    assert code == 2 and err.strip() == ("trustgen portal: TRUSTGEN_PORTAL_REQUEST_LIMIT: request_limit: "
                                         "expected whole number, got 'many'")
    monkeypatch.delenv("TRUSTGEN_PORTAL_REQUEST_LIMIT")
    code, _, err = run_cli(["portal", "requests", "--content", str(portal_kb), "--database",
                            "sqlite:////no/such/folder/portal.db"], portal_kb.parent, capsys)
    assert code == 2 and err.strip() == ("trustgen portal: --database sqlite:////no/such/folder/portal.db: "
                                         "the folder /no/such/folder does not exist")
    code, _, err = portal(["audit", "--since", "yesterday"], portal_kb, capsys)
    assert code == 2 and err.strip() == "trustgen portal: --since 'yesterday': expected a date as YYYY-MM-DD"


def test_serve_refuses_without_built_sites(portal_kb: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = portal(["serve", "--site", str(portal_kb.parent / "site")], portal_kb, capsys)
    assert code == 2 and err.strip() == f"trustgen portal: {portal_kb.parent / 'site'}: no built public site " \
                                        "(trustgen build) here"


def test_the_csv_export_keeps_formulas_as_text(portal_kb: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from generator.portal.config import load_config
    from generator.portal.content import read_settings
    from generator.portal.db import engine_for, migrate
    from generator.portal.service import Portal

    db = f"sqlite:///{portal_kb.parent / 'portal.db'}"
    engine = engine_for(db)
    migrate(engine)
    service = Portal(engine, load_config(options={"database": db}), read_settings(portal_kb))
    service.submit({"name": "=HYPERLINK(\"http://evil\")", "email": "x@example.com", "company": "+1 AB",
                    "reason": "", "nda": "accept"}, "127.0.0.1")
    code, out, _ = portal(["requests", "--format", "csv"], portal_kb, capsys)
    assert code == 0
    assert out.splitlines()[1].split(",", 4)[4].startswith('"\'=HYPERLINK(""http://evil"")",\'+1 AB,')


def test_migrations_match_the_models(tmp_path: Path) -> None:
    """The Alembic migration creates exactly the tables the models describe."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from generator.portal.db import Base, engine_for, migrate

    engine = engine_for(f"sqlite:///{tmp_path / 'm.db'}")
    migrate(engine)
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []


def test_watermark_is_on_every_page_of_a_ten_page_pdf(tmp_path: Path) -> None:
    import weasyprint

    from generator.portal.watermark import watermark

    html = "".join(f"<h1 style='break-before: page'>Section {i}</h1><p>Body {i}</p>" for i in range(1, 11))
    pdf = watermark(weasyprint.HTML(string=html).write_pdf(),
                    "Confidential: provided to åsa@kund.example (Kund (AB) \\ Öst) on 2026-12-06")
    (tmp_path / "w.pdf").write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(tmp_path / "w.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = [p for p in text.split("\f") if p.strip()]
    assert len(pages) == 10
    for number, page in enumerate(pages, 1):
        assert f"Section {number}" in page
        assert "Confidential: provided to åsa@kund.example (Kund (AB) \\ Öst) on 2026-12-06" in page


def test_a_database_that_cannot_be_reached_is_named_without_its_password(
        portal_kb: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(["portal", "requests", "--content", str(portal_kb), "--database",
                            "postgresql://portal:s3cret@127.0.0.1:1/portal"], portal_kb.parent, capsys)
    assert code == 1
    assert err.startswith("trustgen portal: cannot open the database postgresql://portal:***@127.0.0.1:1/portal: ")
    assert "s3cret" not in err and "Traceback" not in err
