"""Tell what a file is from its content (magic bytes), not from its name."""

from __future__ import annotations

import io
import re
import struct
import zipfile

from build_tools.ingest.limits import IngestError
from build_tools.sources import SourceError, decode

# Kinds read here: pdf, docx, html, mht, text; converted with LibreOffice first: doc, wps, rtf, odt, wordml.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML_START_RE = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|table|div|p)\b",
                            re.IGNORECASE | re.DOTALL)
_HTML_TAG_RE = re.compile(r"<\s*(?:html|body)\b[^>]*>", re.IGNORECASE)
_IMAGES = ((b"\x89PNG\r\n\x1a\n", "PNG"), (b"\xff\xd8\xff", "JPEG"), (b"GIF87a", "GIF"), (b"GIF89a", "GIF"),
           (b"II*\x00", "TIFF"), (b"MM\x00*", "TIFF"))
_ARCHIVES = ((b"Rar!\x1a\x07", "RAR"), (b"7z\xbc\xaf\x27\x1c", "7z"), (b"\x1f\x8b", "gzip"))


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode text as build_tools.sources does; a bad byte after a UTF-8 byte-order mark is a SourceError too."""
    try:
        return decode(data)
    except UnicodeDecodeError as exc:
        raise SourceError(f"not valid {exc.encoding} text (undecodable byte at offset {exc.start})") from None


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def detect_kind(data: bytes, suffix: str = "") -> str:
    """Return the kind of a report file; raise IngestError for what is not a readable document."""
    if not data.strip():
        raise IngestError("empty file")
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(data)
    if data.startswith(OLE_MAGIC):
        return _ole_kind(data, suffix)
    if data.lstrip()[:5] == b"{\\rtf":
        return "rtf"
    for magic, name in _IMAGES:
        if data.startswith(magic):
            raise IngestError(f"an image ({name}), not a document: scanned pages need OCR, which is not supported")
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        raise IngestError("an image (WebP), not a document: scanned pages need OCR, which is not supported")
    for magic, name in _ARCHIVES:
        if data.startswith(magic):
            raise IngestError(f"a {name} archive: unpack it and import the report file inside")
    head = data[:4096].lstrip()
    if re.match(rb"(?i)(mime-version|content-type)\s*:", head) and b"multipart/related" in data[:8192].lower():
        return "mht"
    if head.startswith(b"<?xml") and b"<w:wordDocument" in data[:65536]:
        return "wordml"
    try:
        text, _encoding = decode_text(data)
    except SourceError as exc:
        raise IngestError(_unknown(data, str(exc))) from None
    controls = sum(1 for ch in text[:100_000] if ord(ch) < 32 and ch not in "\t\n\r\f\v\x1a")
    if controls > max(2, len(text[:100_000]) // 100):
        raise IngestError(_unknown(data, "control characters throughout"))
    # A page, or a fragment that starts as one. Text with some markup in it (Markdown with a <br>) stays
    # text: the parser reads it as it is.
    if _HTML_START_RE.match(text[:4096]) or _HTML_TAG_RE.search(text[:50_000]):
        return "html"
    return "text"


def _unknown(data: bytes, why: str) -> str:
    head = " ".join(f"{b:02x}" for b in data[:8])
    return (f"unknown file type ({why}; first bytes {head}): expected a PDF, a Word document (DOCX, DOC, WPS), "
            "a web page or a text file")


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
            mimetype = package.read("mimetype")[:100] if "mimetype" in names and _small(package, "mimetype") else b""
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, RuntimeError, NotImplementedError) as exc:
        first = _first_member_name(data)
        if first == "[Content_Types].xml" or first.startswith("word/") or first.startswith("docProps/"):
            raise IngestError(f"damaged or truncated Word document (DOCX): the ZIP archive is incomplete ({exc})") \
                from None
        raise IngestError(f"damaged or truncated ZIP archive ({exc})") from None
    if "word/document.xml" in names or ("[Content_Types].xml" in names and any(n.startswith("word/") for n in names)):
        return "docx"
    if mimetype.startswith(b"application/vnd.oasis.opendocument.text"):
        return "odt"
    if "xl/workbook.xml" in names or mimetype.startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
        raise IngestError("a spreadsheet, not a report document: save the report as DOCX, PDF or a web page")
    if "ppt/presentation.xml" in names:
        raise IngestError("a presentation, not a report document: save the report as DOCX, PDF or a web page")
    if "OFD.xml" in names:
        raise IngestError("an OFD document (版式文档), which cannot be read: save or print it as PDF")
    raise IngestError("a ZIP archive, not a Word document: unpack it and import the report file inside")


def _small(package: zipfile.ZipFile, name: str) -> bool:
    return package.getinfo(name).file_size < 1000


def _first_member_name(data: bytes) -> str:
    if len(data) < 30 or not data.startswith(b"PK\x03\x04"):
        return ""
    (length,) = struct.unpack("<H", data[26:28])
    return data[30:30 + length].decode("utf-8", "replace")


def _ole_kind(data: bytes, suffix: str) -> str:
    if _utf16("EncryptedPackage") in data or _utf16("EncryptionInfo") in data:
        raise IngestError("a password-protected Office document: save a copy without a password")
    if _utf16("WordDocument") not in data and _utf16("Workbook") in data:
        raise IngestError("an Excel spreadsheet (XLS), not a report document")
    if _utf16("PowerPoint Document") in data:
        raise IngestError("a PowerPoint presentation (PPT), not a report document")
    if _utf16("WordDocument") in data:
        return "wps" if suffix.lower() == ".wps" else "doc"
    if suffix.lower() == ".wps":
        return "wps"
    raise IngestError("an Office (OLE) file that is not a Word document")
