"""Report sources: decode bytes (UTF-8, GB18030 or UTF-16, detected, not assumed) and keep line numbers."""

from __future__ import annotations

import codecs
import hashlib
from dataclasses import dataclass
from pathlib import Path


class SourceError(Exception):
    """A file that cannot be read as a report at all (not text, empty, unknown encoding)."""


@dataclass(frozen=True)
class SourceFile:
    """A decoded report file: its text and where it came from."""

    name: str
    text: str
    encoding: str
    sha256: str


_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (DOCX, XLSX, WPS…)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an OLE document (DOC, XLS, WPS…)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x7fELF", "an executable"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
)


def binary_kind(data: bytes) -> str | None:
    """Name a well-known binary format from its first bytes, or None."""
    return next((name for magic, name in _MAGIC if data.startswith(magic)), None)


def decode(data: bytes) -> tuple[str, str]:
    """Decode report bytes, returning (text, encoding); raise SourceError when they are not text."""
    kind = binary_kind(data)
    if kind:
        raise SourceError(f"{kind}, not a text report")
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8):], "utf-8"), "utf-8-sig"
    for bom, name in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return _strict(data[len(bom):], name), "utf-16"
    if data and data.count(0) > len(data) // 4:
        # UTF-16 without a byte-order mark: ASCII characters leave every other byte zero.
        even_zero = data[0::2].count(0)
        odd_zero = data[1::2].count(0)
        return _strict(data, "utf-16-be" if even_zero > odd_zero else "utf-16-le"), "utf-16"
    if b"\x00" in data:
        raise SourceError("binary data (NUL bytes), not a text report")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        raise SourceError(f"not UTF-8, GB18030 or UTF-16 text (undecodable byte at offset {exc.start})") from exc


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise SourceError(f"not valid {encoding} text (undecodable byte at offset {exc.start})") from exc


def load_source(path: Path) -> SourceFile:
    """Read and decode one report file."""
    data = path.read_bytes()
    return source_from_bytes(path.name, data)


def source_from_bytes(name: str, data: bytes) -> SourceFile:
    """Decode report bytes that came from somewhere named `name`."""
    if not data.strip():
        raise SourceError("empty file")
    text, encoding = decode(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return SourceFile(name=name, text=text, encoding=encoding, sha256=hashlib.sha256(data).hexdigest())


def source_from_text(name: str, text: str) -> SourceFile:
    """Wrap text that is already decoded."""
    data = text.encode("utf-8")
    return SourceFile(name=name, text=text.replace("\r\n", "\n").replace("\r", "\n"), encoding="utf-8",
                      sha256=hashlib.sha256(data).hexdigest())


def shown_path(path: Path | str) -> str:
    """A file name as a terminal may print it: control characters, line breaks and undecodable bytes escaped."""
    text = str(path)
    if all(ch.isprintable() for ch in text):
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape", "backslashreplace").decode("ascii")
                   if ord(ch) < 0xD800 or ord(ch) > 0xDFFF else f"\\x{ord(ch) - 0xDC00:02x}" for ch in text)
