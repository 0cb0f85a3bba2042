"""Rewrite older mapping keys of a knowledge base to versioned namespaces.

    migrate(content_dir, hecvat=None, ask=None) -> MigrateResult

`caiq_v4` becomes `caiq-v4` and `iso27001_2022` becomes `iso27001-2022`. `hecvat` names no version;
it becomes the version its ids imply (an id of a section only HECVAT Lite 3 has makes it
`hecvat-lite-3`, and so on). Where the ids fit several versions, `hecvat` (full-3, lite-3 or 4) names
the version of those (ids that imply their version keep it), or `ask(where, ids, versions)` asks a person; without either the migration stops and says
where. Files are edited as `learn` edits them: comments and layout kept, the whole knowledge base
validated with the change before anything is written.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import UsageError, display_path
from ..model import LEGACY_MAPPING_KEYS, MAPPING_NAMESPACES
from .learn import _entry_files, _load_exact, apply_edits, entry_list
from .namespaces import hecvat_versions_of

Ask = Callable[[str, list[str], list[str]], str]


@dataclass
class MigrateResult:
    changes: list[str] = field(default_factory=list)  # "file:line: entry-id: hecvat -> hecvat-full-3"
    diff: str = ""
    files: list[Path] = field(default_factory=list)
    written: bool = False


def _version(hecvat: str | None) -> str | None:
    if hecvat is None:
        return None
    name = hecvat if hecvat.startswith("hecvat-") else f"hecvat-{hecvat}"
    if name not in MAPPING_NAMESPACES or not name.startswith("hecvat-"):
        raise UsageError(f"--hecvat {hecvat}: name full-3, lite-3 or 4")
    return name


def migrate(content: Path, *, hecvat: str | None = None, ask: Ask | None = None,
            dry_run: bool = False) -> MigrateResult:
    """Rewrite the unversioned mapping keys of the knowledge base at content (see the module text)."""
    content = Path(content)
    if not content.is_dir():
        raise UsageError(f"{display_path(content)}: no such folder")
    chosen = _version(hecvat)
    result = MigrateResult()
    new_texts: dict[Path, str] = {}
    for path, _key in _entry_files(content):
        old = path.read_text(encoding="utf-8")
        if not any(f"{key}:" in old for key in LEGACY_MAPPING_KEYS):
            continue
        y, data = _load_exact(path)
        changed = False
        for entry in entry_list(data, path):
            mappings = entry.get("mappings") if hasattr(entry, "get") else None
            if not hasattr(mappings, "keys"):
                continue
            for key in [k for k in mappings if k in LEGACY_MAPPING_KEYS]:
                where = f"{display_path(path)}:{mappings.lc.key(key)[0] + 1}"
                target = LEGACY_MAPPING_KEYS[key]
                if key == "hecvat":
                    ids = [m if isinstance(m, str) else m.get("id", "") for m in mappings[key]]
                    target = _hecvat_target(where, entry.get("id"), ids, chosen, ask)
                _rename(mappings, key, target)
                result.changes.append(f"{where}: {entry.get('id')}: mappings.{key} -> {target}")
                changed = True
        if changed:
            out = io.StringIO()
            y.dump(data, out)
            new_texts[path] = out.getvalue()
    apply_edits(result, content, new_texts, "the migrated mappings", dry_run)
    return result


def _hecvat_target(where: str, entry_id: Any, ids: list[str], chosen: str | None, ask: Ask | None) -> str:
    versions = hecvat_versions_of(ids)
    if len(versions) == 1:
        return versions[0]
    if chosen is not None:
        return chosen
    if ask is not None:
        answer = _version(ask(f"{where}: '{entry_id}'", ids, versions))
        assert answer is not None
        return answer
    names = ", ".join(MAPPING_NAMESPACES[v] for v in versions)
    raise UsageError(f"{where}: the HECVAT ids of '{entry_id}' ({', '.join(ids)}) could be {names}; "
                     "name the version with --hecvat full-3, lite-3 or 4; nothing was written")


def _rename(mappings: Any, key: str, target: str) -> None:
    """Rename a key of a ruamel map in place, keeping its position and comments; merge into target
    when the map already has it."""
    values = mappings[key]
    if target in mappings:
        for v in values:
            if v not in mappings[target]:
                mappings[target].append(v)
        del mappings[key]
        return
    position = list(mappings.keys()).index(key)
    comment = mappings.ca.items.pop(key, None)
    del mappings[key]
    mappings.insert(position, target, values)
    if comment is not None:
        mappings.ca.items[target] = comment
