"""Open a buyer's .xlsx package defensively and write a copy of it with some parts replaced.

A workbook from outside is hostile until proven otherwise. Before any part is parsed this module
refuses: files that are not zip packages (an encrypted workbook or a legacy .xls is an OLE compound
file), damaged zips, encrypted zip entries, too many parts, parts or packages whose declared size is
too large, and zip bombs (a part that inflates more than `max_ratio` times its compressed size). The
sizes zip headers declare are not trusted: every read counts the bytes it actually inflates and stops
at the limits. XML is parsed only through defusedxml with DTDs forbidden, which rules out entity
expansion ("billion laughs") and external entities.

Writing copies every part in its original order with its original name, date and compression; only
the parts handed in as replacements get new bytes, so every other part of the output is
byte-identical to the input.
"""

from __future__ import annotations

import io
import os
import posixpath
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Self
from xml.etree.ElementTree import Element

from ...errors import InputError, UsageError, display_path
from ...outputs import check_output_file, file_mode, write_target

MB = 1024 * 1024
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Kind:
    """How messages name the package: a workbook, or a Word document (the same checks serve both)."""

    noun: str = "workbook"
    extension: str = ".xlsx"
    application: str = "Excel"
    legacy: str = ".xls workbook"
    a_file: str = "an .xlsx workbook"  # "not an .xlsx workbook (...)"
    a_package: str = "an Excel workbook"  # "not an Excel workbook (no [Content_Types].xml)"


WORKBOOK = Kind()
WORD = Kind("Word document", ".docx", "Word", ".doc document", "a .docx document", "a Word document")


@dataclass(frozen=True)
class Limits:
    """How much a workbook may hold. The defaults are far above any real questionnaire."""

    max_file_bytes: int = 100 * MB        # the .xlsx file itself
    max_parts: int = 5_000                # zip entries
    max_total_bytes: int = 400 * MB       # all parts inflated
    max_xml_bytes: int = 64 * MB          # one XML part that is parsed (a sheet, shared strings)
    max_ratio: float = 100.0              # inflated / compressed size of one part ...
    ratio_grace_bytes: int = 1 * MB       # ... checked once a part has inflated past this size
    max_cells: int = 1_000_000            # cells of one worksheet


DEFAULT_LIMITS = Limits()


def _size(n: int) -> str:
    return f"{n // MB} MB" if n >= MB else f"{n:,} bytes"


class Package:
    """An opened .xlsx (zip) package. Use as a context manager."""

    def __init__(self, path: Path, limits: Limits = DEFAULT_LIMITS, kind: Kind = WORKBOOK):
        self.path = path
        self.limits = limits
        self.kind = kind
        self.name = display_path(path)
        self._zip = _open_zip(path, limits, kind)
        self.infos: list[zipfile.ZipInfo] = self._zip.infolist()
        self._by_name = {info.filename: info for info in self.infos}
        self._inflated = 0
        self._check_directory()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._zip.close()

    # --- checks -------------------------------------------------------------------------------------

    def _fail(self, message: str) -> InputError:
        return InputError(f"{self.name}: {message}; nothing was written")

    def _check_directory(self) -> None:
        limits = self.limits
        if len(self.infos) > limits.max_parts:
            raise self._fail(f"the package has {len(self.infos)} parts; a {self.kind.noun} may have at most "
                             f"{limits.max_parts}")
        seen: set[str] = set()
        total = 0
        for info in self.infos:
            key = info.filename.lower()
            if key in seen:
                raise self._fail(f"the package holds the part '{info.filename}' twice (a damaged or forged file)")
            seen.add(key)
            if info.flag_bits & 0x1:
                raise self._fail(f"the package is encrypted; remove the password in {self.kind.application} and "
                                 "try again")
            total += info.file_size
            if info.file_size > limits.max_total_bytes or total > limits.max_total_bytes:
                raise self._fail(f"the package inflates to more than {_size(limits.max_total_bytes)} "
                                 "(a zip bomb, or far larger than any questionnaire)")
            self._check_ratio(info, info.file_size)
        if "[Content_Types].xml" not in self._by_name:
            raise self._fail(f"not {self.kind.a_package} (the package has no [Content_Types].xml)")

    def _check_ratio(self, info: zipfile.ZipInfo, inflated: int) -> None:
        limits = self.limits
        if inflated > limits.ratio_grace_bytes and inflated > limits.max_ratio * max(info.compress_size, 1):
            raise self._fail(f"the part '{info.filename}' inflates more than {limits.max_ratio:g} times its "
                             "compressed size (a zip bomb)")

    # --- reading ------------------------------------------------------------------------------------

    def has(self, name: str) -> bool:
        return name in self._by_name

    def info(self, name: str) -> zipfile.ZipInfo:
        return self._by_name[name]

    def _chunks(self, name: str, cap: int) -> Iterator[bytes]:
        """The inflated bytes of a part, counted as they come; never more than cap bytes."""
        info = self._by_name.get(name)
        if info is None:
            raise self._fail(f"the package has no part '{name}'")
        got = 0
        try:
            with self._zip.open(info) as fh:
                while True:
                    chunk = fh.read(_CHUNK)
                    if not chunk:
                        break
                    got += len(chunk)
                    self._inflated += len(chunk)
                    if got > cap:
                        raise self._fail(f"the part '{name}' is larger than {_size(cap)}")
                    if self._inflated > self.limits.max_total_bytes:
                        raise self._fail(f"the package inflates to more than {_size(self.limits.max_total_bytes)} "
                                         "(a zip bomb, or far larger than any questionnaire)")
                    self._check_ratio(info, got)
                    yield chunk
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError) as exc:
            raise self._fail(f"the part '{name}' is damaged ({exc})") from None

    def read(self, name: str) -> bytes:
        """A part's bytes, for parts that are parsed (limited to max_xml_bytes)."""
        return b"".join(self._chunks(name, self.limits.max_xml_bytes))

    def xml(self, name: str) -> Element:
        """A part parsed as XML with DTDs and entities forbidden."""
        return parse_xml(self.read(name), f"{self.name}: {name}")

    # --- writing ------------------------------------------------------------------------------------

    def write_copy(self, out: Path, replacements: dict[str, bytes]) -> None:
        """Write the package to out with the given parts replaced, atomically (temp file + rename)."""
        unknown = set(replacements) - set(self._by_name)
        if unknown:
            raise ValueError(f"no such parts: {sorted(unknown)}")
        check_output_file(out)
        out = write_target(out)  # a symbolic link's target is replaced, the link kept
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
        os.fchmod(fd, file_mode())  # mkstemp makes the file private; an output follows the umask
        tmp = Path(tmp_name)
        self._inflated = 0  # the copy inflates every part once more; it has the same budget as reading
        try:
            with os.fdopen(fd, "wb") as raw, zipfile.ZipFile(raw, "w", allowZip64=True) as zout:
                zout.comment = self._zip.comment
                for info in self.infos:
                    new_info = _copy_info(info)
                    if info.filename in replacements:
                        zout.writestr(new_info, replacements[info.filename])
                        continue
                    with zout.open(new_info, "w", force_zip64=info.file_size >= zipfile.ZIP64_LIMIT) as dst:
                        for chunk in self._chunks(info.filename, self.limits.max_total_bytes):
                            dst.write(chunk)
            os.replace(tmp, out)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

    # --- relationships ------------------------------------------------------------------------------

    def relationships(self, part: str) -> dict[str, tuple[str, str, str]]:
        """The relationships of a part: id -> (type, target part name, target mode)."""
        folder, base = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        if not self.has(rels_name):
            return {}
        out: dict[str, tuple[str, str, str]] = {}
        for rel in self.xml(rels_name):
            if local(rel.tag) != "Relationship":
                continue
            mode = rel.get("TargetMode", "Internal")
            target = rel.get("Target", "")
            if mode != "External":
                target = resolve_target(folder, target)
            out[rel.get("Id", "")] = (rel.get("Type", ""), target, mode)
        return out


def resolve_target(folder: str, target: str) -> str:
    """A relationship target as a part name: relative to the source part's folder, or absolute."""
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(folder, target)).lstrip("/")


def _copy_info(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    new = zipfile.ZipInfo(info.filename, date_time=info.date_time)
    new.compress_type = info.compress_type
    new.external_attr = info.external_attr
    new.internal_attr = info.internal_attr
    new.create_system = info.create_system
    new.comment = info.comment
    return new


def _open_zip(path: Path, limits: Limits, kind: Kind = WORKBOOK) -> zipfile.ZipFile:
    name = display_path(path)
    noun = kind.noun.split()[-1]  # "workbook", "document"
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(8)
    except FileNotFoundError:
        raise UsageError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"{name}: is a folder, not a {noun}") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read the file: {exc.strerror or exc}") from None
    if size > limits.max_file_bytes:
        raise InputError(f"{name}: the file is {size / MB:.1f} MB; a {noun} may be at most "
                         f"{_size(limits.max_file_bytes)}; nothing was written")
    if head == _OLE_MAGIC:
        if _is_encrypted_ole(path):
            if kind is WORKBOOK:
                raise InputError(f"{name}: the workbook is encrypted (password-protected); remove the password in "
                                 "Excel (File > Info > Protect Workbook) and try again; nothing was written")
            raise InputError(f"{name}: the {noun} is encrypted (password-protected); remove the password in "
                             f"{kind.application} and try again; nothing was written")
        raise InputError(f"{name}: this is an old-style {kind.legacy} (an OLE compound file), not "
                         f"{kind.extension}; open it in {kind.application} or LibreOffice and save it as "
                         f"{kind.extension}; nothing was written")
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise InputError(f"{name}: not {kind.a_file} (the file is not a zip package, or it is damaged); "
                         "nothing was written") from None
    except (OSError, ValueError, NotImplementedError) as exc:
        raise InputError(f"{name}: the zip package is damaged ({exc}); nothing was written") from None
    return zf


def _is_encrypted_ole(path: Path) -> bool:
    """An Office file encrypted with a password is an OLE file holding a stream named EncryptedPackage."""
    marker = "EncryptedPackage".encode("utf-16-le")
    with path.open("rb") as fh:
        data = fh.read(4 * MB)
    return marker in data


# --- XML ----------------------------------------------------------------------------------------------

def local(tag: str) -> str:
    """'{namespace}row' -> 'row'."""
    return tag.rsplit("}", 1)[-1]


def namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def parse_xml(data: bytes, where: str) -> Element:
    """Parse untrusted XML: no DTD, so no entity expansion and no external entities."""
    import defusedxml.ElementTree as DET
    from defusedxml import DefusedXmlException

    try:
        return DET.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise InputError(f"{where}: refused: the XML declares a DTD or entities ({type(exc).__name__}), which "
                         "Excel never writes (an XML bomb or external-entity attack); nothing was written") from None
    except DET.ParseError as exc:
        raise InputError(f"{where}: damaged XML ({exc}); nothing was written") from None


def iterparse_xml(data: bytes, where: str, events: tuple[str, ...] = ("end",)) -> Iterator[tuple[str, Element]]:
    """Stream-parse untrusted XML (for large sheets) with the same protections as parse_xml."""
    import defusedxml.ElementTree as DET
    from defusedxml import DefusedXmlException

    stream: IO[bytes] = io.BytesIO(data)
    try:
        yield from DET.iterparse(stream, events=events, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise InputError(f"{where}: refused: the XML declares a DTD or entities ({type(exc).__name__}), which "
                         "Excel never writes (an XML bomb or external-entity attack); nothing was written") from None
    except DET.ParseError as exc:
        raise InputError(f"{where}: damaged XML ({exc}); nothing was written") from None
