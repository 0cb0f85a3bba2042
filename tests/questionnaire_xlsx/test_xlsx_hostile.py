"""Hostile and broken workbooks: a clear InputError (exit code 1 on the command line), nothing written."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import pytest
from xlsx_helpers import parts
from xlsx_ooxml import ANSWER, BookSpec, SheetSpec, Validation, build

from generator.errors import InputError
from generator.questionnaire.xlsx import Limits, fill_with

SHEET = "xl/worksheets/sheet1.xml"


def _plain(path: Path, rows: int = 3) -> Path:
    sheet = SheetSpec("Questions")
    for col, text in zip("ABC", ["ID", "Question", "Answer"]):
        sheet.set(f"{col}1", text)
    for r in range(2, rows + 2):
        sheet.set(f"A{r}", f"Q-{r:02d}")
        sheet.set(f"B{r}", f"Do you keep control number {r} in place?")
        sheet.set(f"C{r}", None, style=ANSWER)
    sheet.validations.append(Validation(f"C2:C{rows + 1}", '"Yes,No"'))
    return build(BookSpec([sheet]), path)


def _rezip(src: Path, dst: Path, replace: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts(src):
            out.writestr(name, replace.get(name, data))
    return dst


def _refused(source: Path, tmp_path: Path, limits: Limits | None = None) -> str:
    out = tmp_path / "out" / "answered.xlsx"
    out.parent.mkdir()
    kwargs = {"limits": limits} if limits else {}
    with pytest.raises(InputError) as exc:
        fill_with(source, out, lambda qs: pytest.fail("a hostile workbook must not reach the engine"), **kwargs)
    assert list(out.parent.iterdir()) == [], "nothing may be written"
    return str(exc.value)


def test_xml_bomb_is_refused(tmp_path: Path) -> None:
    base = _plain(tmp_path / "base.xlsx")
    bomb = (b'<?xml version="1.0"?>\n<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
            + b"".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'.encode() for i in range(8))
            + b']>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
              b'<c r="A1" t="inlineStr"><is><t>&i;</t></is></c></row></sheetData></worksheet>')
    source = _rezip(base, tmp_path / "bomb.xlsx", {SHEET: bomb})
    assert _refused(source, tmp_path) == (
        f"{source}: {SHEET}: refused: the XML declares a DTD or entities (DTDForbidden), which Excel never writes "
        "(an XML bomb or external-entity attack); nothing was written")


def test_external_entity_is_refused(tmp_path: Path) -> None:
    base = _plain(tmp_path / "base.xlsx")
    evil = (b'<?xml version="1.0"?>\n<!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&xxe;</t></si></sst>')
    source = _rezip(base, tmp_path / "xxe.xlsx", {"xl/sharedStrings.xml": evil})
    message = _refused(source, tmp_path)
    assert message.startswith(f"{source}: xl/sharedStrings.xml: refused: the XML declares a DTD or entities")
    assert "root:" not in message


def test_zip_bomb_by_ratio_is_refused(tmp_path: Path) -> None:
    base = _plain(tmp_path / "base.xlsx")
    sheet = dict(parts(base))[SHEET]
    padded = sheet.replace(b"</worksheet>", b" " * (24 * 1024 * 1024) + b"</worksheet>")
    source = _rezip(base, tmp_path / "ratio.xlsx", {SHEET: padded})
    assert source.stat().st_size < 200_000
    assert _refused(source, tmp_path) == (
        f"{source}: the part '{SHEET}' inflates more than 100 times its compressed size (a zip bomb); "
        "nothing was written")


def _forge_size(path: Path, name: str, size: int) -> None:
    """Rewrite the uncompressed size a zip's headers declare for one part (a forged bomb)."""
    data = bytearray(path.read_bytes())
    encoded = name.encode()
    for signature, size_at, name_len_at, name_at in ((b"PK\x01\x02", 24, 28, 46), (b"PK\x03\x04", 22, 26, 30)):
        pos = data.find(signature)
        while pos >= 0:
            n = struct.unpack_from("<H", data, pos + name_len_at)[0]
            if bytes(data[pos + name_at:pos + name_at + n]) == encoded:
                struct.pack_into("<I", data, pos + size_at, size)
            pos = data.find(signature, pos + 4)
    path.write_bytes(bytes(data))


def test_zip_bomb_by_total_size_is_refused_before_inflating(tmp_path: Path) -> None:
    source = _plain(tmp_path / "total.xlsx")
    _forge_size(source, "xl/styles.xml", 3_000_000_000)
    assert _refused(source, tmp_path) == (
        f"{source}: the package inflates to more than 400 MB (a zip bomb, or far larger than any questionnaire); "
        "nothing was written")


def test_total_size_is_counted_while_inflating(tmp_path: Path) -> None:
    source = _plain(tmp_path / "plain.xlsx", rows=50)
    message = _refused(source, tmp_path, Limits(max_total_bytes=20_000))
    assert message == (f"{source}: the package inflates to more than 20,000 bytes (a zip bomb, or far larger "
                       "than any questionnaire); nothing was written")


def test_oversized_sheet_is_refused(tmp_path: Path) -> None:
    source = _plain(tmp_path / "big.xlsx", rows=400)
    assert _refused(source, tmp_path, Limits(max_cells=1000)) == (
        f"{source}: the sheet 'Questions' has more than 1,000 cells (far larger than any questionnaire); "
        "nothing was written")
    second = tmp_path / "second"
    second.mkdir()
    message = _refused(source, second, Limits(max_xml_bytes=5_000))
    assert message.startswith(f"{source}: the part 'xl/")
    assert message.endswith("' is larger than 5,000 bytes; nothing was written")


def _cfb(streams: list[str]) -> bytes:
    """A small OLE compound file (the container of encrypted Office files and of .xls) with empty streams."""
    free, end, fat_sect = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIII", header, 44, 1, 1, 0, 4096, end, 0, end, 0)
    struct.pack_into("<I", header, 76, 0)
    for i in range(1, 109):
        struct.pack_into("<I", header, 76 + 4 * i, free)
    fat = struct.pack("<II", fat_sect, end) + struct.pack("<I", free) * 126

    def entry(name: str, kind: int, child: int = free, right: int = free) -> bytes:
        raw = (name + "\x00").encode("utf-16-le")
        e = bytearray(128)
        e[0:len(raw)] = raw
        struct.pack_into("<HBB", e, 64, len(raw), kind, 1)
        struct.pack_into("<III", e, 68, free, right, child)
        struct.pack_into("<II", e, 116, end, 0)
        return bytes(e)

    names = ["Root Entry", *streams]
    entries = [entry("Root Entry", 5, child=1)]
    for i, name in enumerate(streams, start=1):
        entries.append(entry(name, 2, right=i + 1 if i + 1 < len(names) else free))
    directory = b"".join(entries).ljust(512, b"\x00")
    return bytes(header) + fat + directory


def test_encrypted_workbook_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "locked.xlsx"
    source.write_bytes(_cfb(["EncryptionInfo", "EncryptedPackage"]))
    assert _refused(source, tmp_path) == (
        f"{source}: the workbook is encrypted (password-protected); remove the password in Excel "
        "(File > Info > Protect Workbook) and try again; nothing was written")


def test_legacy_xls_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "old.xlsx"
    source.write_bytes(_cfb(["Workbook", "\x05SummaryInformation"]))
    assert _refused(source, tmp_path) == (
        f"{source}: this is an old-style .xls workbook (an OLE compound file), not .xlsx; open it in Excel or "
        "LibreOffice and save it as .xlsx; nothing was written")


def test_truncated_zip_is_refused(tmp_path: Path) -> None:
    base = _plain(tmp_path / "base.xlsx")
    source = tmp_path / "cut.xlsx"
    source.write_bytes(base.read_bytes()[: base.stat().st_size // 2])
    assert _refused(source, tmp_path) == (
        f"{source}: not an .xlsx workbook (the file is not a zip package, or it is damaged); nothing was written")


def test_damaged_part_is_refused(tmp_path: Path) -> None:
    base = _plain(tmp_path / "base.xlsx")
    data = bytearray(base.read_bytes())
    with zipfile.ZipFile(base) as zf:
        info = zf.getinfo(SHEET)
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for i in range(start + 10, start + 40):
        data[i] ^= 0x5A
    source = tmp_path / "crc.xlsx"
    source.write_bytes(bytes(data))
    message = _refused(source, tmp_path)
    assert message.startswith(f"{source}: the part '{SHEET}' is damaged (")
    assert message.endswith("); nothing was written")


def test_encrypted_zip_entries_are_refused(tmp_path: Path) -> None:
    source = _plain(tmp_path / "zipcrypto.xlsx")
    data = bytearray(source.read_bytes())
    pos = data.find(b"PK\x01\x02")
    struct.pack_into("<H", data, pos + 8, struct.unpack_from("<H", data, pos + 8)[0] | 1)
    source.write_bytes(bytes(data))
    assert _refused(source, tmp_path) == (
        f"{source}: the package is encrypted; remove the password in Excel and try again; nothing was written")


def test_other_office_files_are_not_workbooks(tmp_path: Path) -> None:
    source = tmp_path / "letter.xlsx"
    with zipfile.ZipFile(source, "w") as zf:
        zf.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        zf.writestr("word/document.xml", "<w:document xmlns:w='urn:w'/>")
    assert _refused(source, tmp_path) == (
        f"{source}: not an Excel workbook (the package has no workbook part); nothing was written")


def test_command_line_exit_code_and_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from xlsx_fixtures import write_kb

    import generator.questionnaire.xlsx_cli  # noqa: F401 - registers `learn`
    from generator.cli import main

    kb = write_kb(tmp_path / "kb")
    before = {p: p.read_bytes() for p in kb.rglob("*.yaml")}
    source = tmp_path / "locked.xlsx"
    source.write_bytes(_cfb(["EncryptionInfo", "EncryptedPackage"]))
    code = main(["learn", str(source), "--content", str(kb)])
    err = capsys.readouterr().err
    assert code == 1
    assert err == (f"trustgen learn: {source}: the workbook is encrypted (password-protected); remove the password "
                   "in Excel (File > Info > Protect Workbook) and try again; nothing was written\n")
    assert {p: p.read_bytes() for p in kb.rglob("*.yaml")} == before
