"""YAML -> plain data plus a source map (line and column of every key and value).

PyYAML's composer keeps node positions; we walk the node tree ourselves instead of using the
constructor so that every value, including one that fails a schema rule much later, can be traced
back to its file, line and column. Content is read with YAML 1.2 scalar rules (only true/false are
booleans, so `answer: no` or country code `NO` stay strings), dates stay strings, and aliases are
refused: they are the one YAML feature that lets a small file expand into a huge one.
"""

from __future__ import annotations

import errno
import math
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import CONTROL, Problem, display_path, printable

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_NODES = 200_000
MAX_DEPTH = 64  # content is a few levels deep; hundreds of levels only exhaust the stack
MAX_INT_DIGITS = 15  # beyond this a number is no longer exact as a JSON number, and no fact needs it

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

    def without(self, entries: dict[tuple[str, int], Any]) -> LoadedFile:
        """The same file with each entry at (list name, index) replaced by its placeholder.

        Every other entry keeps its index, and so its path and line; nothing inside a replaced entry
        is left among the nodes the rules scan. The file's own data is not changed."""
        data = dict(self.data)
        for (name, index), placeholder in entries.items():
            if data[name] is self.data[name]:
                data[name] = list(data[name])
            data[name][index] = placeholder
        nodes = []
        for path, value in self.nodes:
            if path[:2] in entries:
                continue
            if not path:
                value = data
            elif len(path) == 1 and path[0] in data:
                value = data[path[0]]
            nodes.append((path, value))
        return LoadedFile(self.path, data, self.source, nodes)


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


class UnsafeFile(Exception):
    """A content file that may not be read: it leads outside the content folder or is no plain file."""


def describe_control(text: str) -> str | None:
    """What is wrong with a text holding control characters or lone surrogates, or None."""
    match = CONTROL.search(text)
    if match is None:
        return None
    char = match.group()
    what = "a lone surrogate" if "\ud800" <= char <= "\udfff" else "a control character"
    return f"text holds {what} (U+{ord(char):04X}) at position {match.start() + 1}; remove it"


def read_content_bytes(path: Path, root: Path | None, limit: int, what: str = "content files") -> bytes:
    """The bytes of one file trustgen reads from a content folder: the one gate every read goes through.

    The file is resolved (symbolic links included) and must lie inside root; it must be a regular
    file (a FIFO would block, a device never ends) of at most `limit` bytes. A refusal names the file,
    never what it holds. Without a root (a file named on the command line) only the last two hold.
    """
    try:
        if root is not None:
            real = path.resolve(strict=True)
            base = root.resolve()
            if real != base and not real.is_relative_to(base):
                raise UnsafeFile("leads outside the content folder (a symbolic link?); "
                                 f"{what} must be inside it")
        else:
            real = path
        info = os.stat(real)
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file (a FIFO, socket or device)"
            raise UnsafeFile(f"is {kind}; {what} must be plain files")
        if info.st_size > limit:
            raise UnsafeFile(f"file is {info.st_size / 1048576:.1f} MB; {what} may be at most "
                             f"{limit / 1048576:g} MB")
        # O_NONBLOCK: a file swapped for a FIFO after the check above must not hang the read.
        fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except UnsafeFile:
        raise
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symbolic link loop
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "symbolic link loop"
        if isinstance(exc, OSError) and exc.errno == errno.ENOENT and path.is_symlink():
            reason = "a symbolic link to nothing"
        raise UnsafeFile(f"cannot read file: {reason}") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise UnsafeFile(f"is not a regular file; {what} must be plain files")
        chunks = []
        remaining = limit + 1
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        data = b"".join(chunks)
    except OSError as exc:
        raise UnsafeFile(f"cannot read file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise UnsafeFile(f"file is larger than {limit / 1048576:g} MB; {what} may be at most {limit / 1048576:g} MB")
    return data


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
        if len(path) > MAX_DEPTH:
            raise _TooDeep(node)
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
                if describe_control(key) is not None:
                    self._problem(key_node, path, f"a key holds a control character: '{printable(key)}'")
                    continue
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
        if node.tag == _INT and len(node.value.lstrip("+-0_").replace("_", "")) > MAX_INT_DIGITS:
            self._problem(node, path, f"number has more than {MAX_INT_DIGITS} digits; write it as text "
                          "or in a larger unit")
            return None
        if node.tag in (_INT, _FLOAT, _BOOL, _NULL):
            value = self.loader.construct_object(node, deep=True)
            if isinstance(value, float) and not math.isfinite(value):
                self._problem(node, path, f"'{node.value}' is not a finite number")
                return None
            if isinstance(value, float) and abs(value) >= 10.0 ** MAX_INT_DIGITS:
                self._problem(node, path, f"number is larger than 10^{MAX_INT_DIGITS}; write it in a larger unit")
                return None
            return value
        problem = describe_control(node.value)
        if problem is not None:
            self._problem(node, path, problem)
        return node.value  # strings, and timestamps kept as written

    def _problem(self, node: Node, path: PathT, message: str) -> None:
        self.problems.append(
            Problem(self.rel, node.start_mark.line + 1, node.start_mark.column + 1, format_path(path), message)
        )


class _TooBig(Exception):
    pass


class _TooDeep(Exception):
    def __init__(self, node: Node):
        super().__init__()
        self.node = node


class _Alias(Exception):
    def __init__(self, node: Node):
        super().__init__()
        self.node = node


def load_yaml(path: Path, root: Path | None = None) -> tuple[LoadedFile | None, list[Problem]]:
    """Read one YAML file defensively; return its data and source map, or the problems found.

    With root (the content folder), the file must resolve to a regular file inside it."""
    rel = display_path(path)

    def fail(message: str, line: int = 0, column: int = 0) -> tuple[None, list[Problem]]:
        return None, [Problem(rel, line, column, "", message)]

    try:
        raw = read_content_bytes(path, root, MAX_FILE_BYTES)
    except UnsafeFile as exc:
        return fail(str(exc))
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
        message = yaml_message(exc)
        if mark is None:
            return fail(message)
        return fail(message, mark.line + 1, mark.column + 1)
    except yaml.reader.ReaderError as exc:
        before = text[:exc.position]
        line, column = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        return fail(f"text holds a control character (U+{ord(char):04X}) that YAML does not allow; remove it",
                    line, column)
    except yaml.YAMLError as exc:
        return fail(f"invalid YAML: {_plain(str(exc))}")
    except RecursionError:
        return fail(f"YAML nested too deeply; content files may nest at most {MAX_DEPTH} levels")
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
    except (_TooDeep, RecursionError) as deep:
        where = deep.node.start_mark if isinstance(deep, _TooDeep) else None
        message = f"YAML nested more than {MAX_DEPTH} levels deep; content files are a few levels deep"
        return fail(message, where.line + 1, where.column + 1) if where else fail(message)
    except _Alias as alias:
        mark = alias.node.start_mark
        return fail("YAML anchors and aliases (&name, *name) are not allowed in content files; write the value out",
                    mark.line + 1, mark.column + 1)
    except (yaml.YAMLError, ValueError) as exc:
        return fail(f"invalid YAML value: {_plain(str(exc))}")
    if walker.problems:
        return None, walker.problems
    return LoadedFile(path, data, source, walker.nodes), []


_YAML_WORDS = [
    ("found character '\\t' that cannot start any token", "a tab where YAML needs spaces; indent with spaces"),
    ("found a tab character that violates indentation", "a tab where YAML needs spaces; indent with spaces"),
    ("found invalid Unicode character escape code", "a \\u escape that is no character (half of a surrogate pair?)"),
    ("mapping values are not allowed here", "a ':' where YAML did not expect one; quote a text that holds ': '"),
    ("could not find expected ':'", "a line without 'key: value' inside a mapping; check the indentation"),
    ("did not find expected key", "the indentation does not match the lines above; check the spaces"),
    ("did not find expected '-' indicator", "a list item is indented differently from the ones above"),
    ("found undefined alias", "YAML anchors and aliases (&name, *name) are not allowed in content files"),
    ("found unexpected end of stream", "the file ends inside a quoted text; close the quote"),
    ("found unknown escape character", "an unknown backslash escape in a double-quoted text; write \\\\ for a backslash"),
    ("while scanning an alias", "a '*' at the start of a value; quote a text that starts with '*'"),
    ("while scanning an anchor", "a '&' at the start of a value; quote a text that starts with '&'"),
]


def yaml_message(exc: yaml.MarkedYAMLError) -> str:
    """A YAML syntax error in the words of someone who edits YAML, not of the parser's internals."""
    raw = " ".join(str(x) for x in (exc.context, exc.problem) if x) or "invalid YAML"
    if "expected a single document" in raw:
        return "more than one YAML document (---) in a content file"
    for needle, words in _YAML_WORDS:
        if needle in raw:
            return f"{words} (YAML: {_plain(raw)})"
    return f"invalid YAML: {_plain(raw)}"


def _plain(text: str) -> str:
    """A parser's message on one line, without control characters that would reach a terminal."""
    return printable(" ".join(text.split()))[:300]
