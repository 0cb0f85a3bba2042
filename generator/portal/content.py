"""What the content says about the portal (content/portal.yaml): the NDA, auto-approval, access days."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import ContentError, Problem, UsageError, display_path

FILE = "portal.yaml"


@dataclass(frozen=True)
class PortalSettings:
    nda_version: str
    nda_text: dict[str, str]  # locale -> plain text
    auto_approve_domains: tuple[str, ...] = ()
    access_days: int = 90
    docx: bool = False

    def nda(self, locale: str) -> str:
        return self.nda_text.get(locale) or next(iter(self.nda_text.values()))

    def auto_approves(self, email: str) -> bool:
        domain = email.rsplit("@", 1)[-1].lower()
        return domain in self.auto_approve_domains


def read_settings(content: Path) -> PortalSettings:
    """The portal settings of a content folder; every problem of the file at once, as ContentError."""
    from ..load import load_yaml
    from ..validate.schema import check_file

    if not content.is_dir():
        raise UsageError(f"{content}: no such content folder")
    path = content / FILE
    if not path.is_file():
        raise ContentError([Problem(display_path(path), 0, 0, "", "missing file: the access portal needs "
                                    "portal.yaml with the NDA text a visitor accepts (docs/portal.md)")])
    loaded, problems = load_yaml(path)
    if loaded is not None:
        problems = check_file(loaded, "portal.schema.json")
    if problems or loaded is None:
        raise ContentError(problems)
    portal = loaded.data["portal"]
    nda = portal["nda"]
    return PortalSettings(
        nda_version=str(nda["version"]),
        nda_text={k: str(v).strip() for k, v in nda["text"].items()},
        auto_approve_domains=tuple(d.lower() for d in portal.get("auto_approve", {}).get("domains", [])),
        access_days=int(portal.get("access_days", 90)),
        docx=bool(portal.get("docx", False)),
    )
