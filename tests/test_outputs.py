"""One shape for every output, one table of commands, one audience order, one view."""

from __future__ import annotations

import inspect
import re
import subprocess
import sys

import pytest
from kbtest import DATA, ROOT

from generator.model import Audience

DOCUMENTS_KB = DATA / "documents" / "kb"


def test_every_output_has_the_same_entry_point() -> None:
    from generator.cli import COMMANDS, OUTPUTS, output

    for name, (command, _) in OUTPUTS.items():
        assert command in COMMANDS, name
        build = output(name).build
        assert list(inspect.signature(build).parameters) == ["self", "view", "out", "context"], name


@pytest.mark.parametrize("module", ["generator", "generator.cli"])
def test_python_dash_m_lists_every_command(module: str) -> None:
    from generator.cli import COMMANDS

    out = subprocess.run([sys.executable, "-m", module, "--help"], capture_output=True, text=True, cwd=ROOT,
                         check=True).stdout
    listed = re.findall(r"^    (\w+)  ", out, flags=re.MULTILINE)
    assert listed == list(COMMANDS)


def test_audiences_are_ordered_by_what_they_may_see() -> None:
    assert Audience.PUBLIC < Audience.NDA < Audience.INTERNAL
    assert min(Audience.INTERNAL, Audience("nda")) == "nda"
    assert Audience.NDA.may_see("public") and Audience.NDA.may_see("nda") and not Audience.NDA.may_see("internal")
    assert sorted(["internal", "public", "nda"], key=Audience) == ["public", "nda", "internal"]


def test_a_view_filters_documents_and_never_sees_more_than_its_parent() -> None:
    from generator.kb import load_knowledge_base

    kb = load_knowledge_base(DOCUMENTS_KB)
    ids = {d.id for d in kb.documents.documents}
    assert "encryption-brief" in ids
    public = kb.for_audience("public")
    assert {d.id for d in public.documents.documents} == ids - {"encryption-brief"}
    assert all(d.visibility == "public" for d in public.documents.documents)
    widened = public.for_audience("nda")
    assert widened.audience == "public" and widened.documents == public.documents
    assert public.whole is kb and widened.whole is kb
