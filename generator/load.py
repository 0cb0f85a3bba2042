"""YAML -> plain data plus a source map (line and column of every key and value).

PyYAML's composer keeps node positions; we walk the node tree ourselves instead of using the
constructor so that every value, including one that fails a schema rule much later, can be traced
back to its file, line and column. Content is read with YAML 1.2 scalar rules (only true/false are
booleans, so `answer: no` or country code `NO` stay strings), dates stay strings, and aliases are
refused: they are the one YAML feature that lets a small file expand into a huge one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import Problem, display_path

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_NODES = 200_000

PathT = tuple[str | int, ...]


@dataclass
class SourceMap:
    """Where each part of a loaded file came from."""

    file: str
    values: dict[PathT, tuple[int, int]] = field(default_factory=dict)
    keys: dict[PathT, tuple[int, int]] = field(default_factory=dict)

    def value_pos(self, path: PathT) -> tuple[int, int]:
        """Line and column (1-based) of the value at path, or of its nearest ancestor."""
        p = tuple(path)
        while p and p not in self.values:
            p = p[:-1]
        return self.values.get(p, (1, 1))

    def key_pos(self, path: PathT) -> tuple[int, int]:
        """Line and column of the key that introduces path (falls back to the value)."""
        return self.keys.get(tuple(path)) or self.value_pos(path)


@dataclass
class LoadedFile:
    path: Path
    data: Any
    source: SourceMap
    nodes: list[tuple[PathT, Any]] = field(default_factory=list)  # every (path, value), for rules to scan


def format_path(path: PathT) -> str:
    """('facts', 2, 'statement', 'sv') -> 'facts[2].statement.sv'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser is ~10x faster


class _Loader(_BASE_LOADER):  # type: ignore[misc, valid-type]
    """Safe loading with YAML 1.2 booleans. Aliases are refused by the walker below."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)

_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"


class _Walker:
    def __init__(self, loader: _Loader, source: SourceMap, rel: str):
        self.loader = loader
        self.source = source
        self.rel = rel
        self.problems: list[Problem] = []
        self.count = 0
        self.seen: set[int] = set()
        self.nodes: list[tuple[PathT, Any]] = []

    def walk(self, node: Node, path: PathT) -> Any:
        value = self._walk(node, path)
        self.nodes.append((path, value))
        return value

    def _walk(self, node: Node, path: PathT) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooBig()
        # The composer hands back an aliased node as the very same object again; expanding it is how a
        # "billion laughs" file explodes, so any node seen twice is refused.
        if id(node) in self.seen:
            raise _Alias(node)
        self.seen.add(id(node))
        self.source.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode):
                    self._problem(key_node, path, "mapping keys must be plain names")
                    continue
                key = key_node.value
                if key in out:
                    line, _ = self.source.keys[path + (key,)]
                    self._problem(key_node, path + (key,), f"duplicate key '{key}' (first at line {line})")
                    continue
                self.source.keys[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                out[key] = self.walk(value_node, path + (key,))
            return out
        if isinstance(node, SequenceNode):
            return [self.walk(item, path + (i,)) for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        if node.tag in (_INT, _FLOAT, _BOOL, _NULL):
            return self.loader.construct_object(node, deep=True)
        return node.value  # strings, and timestamps kept as written

    def _problem(self, node: Node, path: PathT, message: str) -> None:
        self.problems.append(
            Problem(self.rel, node.start_mark.line + 1, node.start_mark.column + 1, format_path(path), message)
        )


class _TooBig(Exception):
    pass


class _Alias(Exception):
    def __init__(self, node: Node):
        super().__init__()
        self.node = node


def load_yaml(path: Path) -> tuple[LoadedFile | None, list[Problem]]:
    """Read one YAML file defensively; return its data and source map, or the problems found."""
    rel = display_path(path)

    def fail(message: str, line: int = 0, column: int = 0) -> tuple[None, list[Problem]]:
        return None, [Problem(rel, line, column, "", message)]

    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return fail(f"file is {size / 1048576:.1f} MB; content files may be at most 5 MB")
        raw = path.read_bytes()
    except OSError as exc:
        return fail(f"cannot read file: {exc.strerror or exc}")
    if b"\x00" in raw:
        return fail("binary file, not YAML text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return fail(f"not UTF-8 text (invalid byte at offset {exc.start})")
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(str(x) for x in (exc.context, exc.problem) if x) or "invalid YAML"
        if "expected a single document" in message:
            message = "more than one YAML document (---) in a content file"
        if mark is None:
            return fail(message)
        return fail(message, mark.line + 1, mark.column + 1)
    except yaml.YAMLError as exc:
        return fail(f"invalid YAML: {exc}")
    finally:
        loader.dispose()
    if node is None:
        return fail("file is empty")
    source = SourceMap(rel)
    walker = _Walker(loader, source, rel)
    try:
        data = walker.walk(node, ())
    except _TooBig:
        return fail(f"file has more than {MAX_NODES} YAML nodes")
    except _Alias as alias:
        mark = alias.node.start_mark
        return fail("YAML anchors and aliases (&name, *name) are not allowed in content files; write the value out",
                    mark.line + 1, mark.column + 1)
    except (yaml.YAMLError, ValueError) as exc:
        return fail(f"invalid YAML value: {exc}")
    if walker.problems:
        return None, walker.problems
    return LoadedFile(path, data, source, walker.nodes), []
