"""visibility on products and contacts: an unreleased product or a contact for NDA customers reaches
no public output (pages, search index, trust.json, security.txt), and nothing public may name them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from kbtest import MINIMAL, run_cli

SECRET_PRODUCT = "Project Nightjar"
SECRET_EMAIL = "nda-desk@testbolaget.example"


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    content = Path(shutil.copytree(MINIMAL, tmp_path / "content"))
    org = content / "organization.yaml"
    text = org.read_text(encoding="utf-8")
    text = text.replace("contacts:\n", f"""  - id: nightjar
    name: {SECRET_PRODUCT}
    description: {{en: Not yet released., sv: Ännu inte lanserad.}}
    visibility: nda
contacts:
  - id: nda-desk
    purpose: support
    label: {{en: Support desk for customers under NDA, sv: Supporten för kunder under sekretessavtal}}
    email: {SECRET_EMAIL}
    visibility: nda
""", 1)
    org.write_text(text, encoding="utf-8")
    return content


def _all_text(folder: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in sorted(folder.rglob("*"))
                     if p.is_file() and p.suffix in {".html", ".json", ".txt", ".xml", ".js"})


def test_hidden_product_and_contact_reach_only_the_nda_site(kb: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(["build", "--content", "content", "--out", "public", "-q"], kb.parent, capsys)
    assert code == 0, err
    public = _all_text(kb.parent / "public")
    assert "Test App" in public  # the public product is there
    assert SECRET_PRODUCT not in public and SECRET_EMAIL not in public
    assert SECRET_EMAIL not in (kb.parent / "public" / ".well-known" / "security.txt").read_text(encoding="utf-8")
    code, _, err = run_cli(["build", "--content", "content", "--audience", "nda", "--out", "nda", "-q"],
                           kb.parent, capsys)
    assert code == 0, err
    nda = _all_text(kb.parent / "nda")
    assert SECRET_PRODUCT in nda and SECRET_EMAIL in nda


def test_public_entries_may_not_name_a_hidden_product_or_contact(kb: Path, capsys: pytest.CaptureFixture[str]) -> None:
    facts = kb / "facts" / "encryption.yaml"
    text = facts.read_text(encoding="utf-8")
    first = text.index("    visibility: public\n")
    text = text[:first] + "    products: [nightjar]\n" + text[first:]
    text = text.replace("Every connection uses", "Every connection to {product:nightjar} uses", 1)
    facts.write_text(text, encoding="utf-8")
    code, _, err = run_cli(["validate", "--content", "content"], kb.parent, capsys)
    assert code == 1
    assert ("facts[0].products[0]: product 'nightjar' is nda, and this public entry would name it to its "
            "audience; make the product visible or the entry nda") in err
    assert "{product:nightjar} refers to product 'nightjar', which is nda, from public text" in err


def test_a_knowledge_base_without_the_field_keeps_validating(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(MINIMAL, tmp_path / "content")
    code, _, err = run_cli(["validate", "--content", "content"], tmp_path, capsys)
    assert code == 0, err
