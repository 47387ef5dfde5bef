"""Import what governments publish: PDF, Word (DOCX, DOC, WPS), saved web pages and text, as report text.

`extract(path)` returns the text the parser reads, with paragraphs one per line and tables as pipe rows
(one grid row per line, a merged cell once at its first position). It raises IngestError with the reason
for anything it cannot or will not read: an unknown or damaged file, a scan without text, a file beyond
the limits. The heavy readers run in a separate process under a time and a memory limit.
"""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from pathlib import Path

from build_tools.ingest.detect import detect_kind
from build_tools.ingest.limits import DEFAULT_LIMITS, IngestError, Limits, check_text_size, megabytes
from build_tools.ingest.office import NAMES as CONVERTED_KINDS
from build_tools.ingest.office import convert_to_docx
from build_tools.ingest.worker import run_reader
from build_tools.sources import SourceError, SourceFile, source_from_bytes

__all__ = ["DEFAULT_LIMITS", "EXTRACTED", "IngestError", "Limits", "extract", "extract_bytes", "read_file"]

# The kinds `extract` reads with a reader rather than as plain text (SourceFile.encoding), each with the
# suffix its original is best kept under: the parser's line numbers then refer to the extracted text.
EXTRACTED: dict[str, str] = {"pdf": ".pdf", "docx": ".docx", "doc": ".doc", "wps": ".wps", "rtf": ".rtf",
                             "odt": ".odt", "wordml": ".xml", "html": ".html", "mht": ".mht"}


def read_file(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """Read a report file's bytes once, refusing what is not a regular file or is beyond the size limit.

    A FIFO or a device is refused before it is read (opening does not wait for a writer); a file that
    grows while it is read stops at the limit. OSError is raised as it comes when the file cannot be
    opened at all.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise IngestError(_not_a_file(info.st_mode))
        if info.st_size > limits.max_bytes:
            raise IngestError(f"file is larger than {megabytes(limits.max_bytes)} ({megabytes(info.st_size)})")
        chunks: list[bytes] = []
        size = 0
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
            size += len(chunk)
            if size > limits.max_bytes:
                raise IngestError(f"file is larger than {megabytes(limits.max_bytes)} (it grew while read)")
        return b"".join(chunks)
    finally:
        os.close(fd)


def _not_a_file(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "is a directory, expected a report file"
    kind = ("a FIFO (named pipe)" if stat.S_ISFIFO(mode) else "a character device" if stat.S_ISCHR(mode)
            else "a block device" if stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode) else "a special file")
    return f"{kind}, not a regular file: not read"


def extract(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> SourceFile:
    """Read a report file of any supported kind into the text the parser reads (see `extract_bytes`)."""
    path = Path(path)
    return extract_bytes(read_file(path, limits=limits), path.name, limits=limits)


def extract_bytes(data: bytes, name: str, *, limits: Limits = DEFAULT_LIMITS) -> SourceFile:
    """Read a report file's bytes of any supported kind into the text the parser reads.

    The SourceFile keeps the original file's name and the SHA-256 of these bytes; `encoding` names what
    was read: one of EXTRACTED ("pdf", "docx", "doc", "html"…) or, for a text file, its encoding
    ("utf-8", "gb18030", "utf-16"). Each reading step (a LibreOffice conversion, the reader) runs under
    `limits.seconds`, on a private copy of the bytes, so what is hashed is what is read.
    """
    if len(data) > limits.max_bytes:
        raise IngestError(f"file is larger than {megabytes(limits.max_bytes)} ({megabytes(len(data))})")
    suffix = Path(name).suffix
    kind = detect_kind(data, suffix)
    sha256 = hashlib.sha256(data).hexdigest()
    if kind == "text":
        try:
            source = source_from_bytes(name, data)
        except (SourceError, UnicodeDecodeError) as exc:
            raise IngestError(str(exc)) from None
        check_text_size(source.text, "text", limits)
        return source
    with tempfile.TemporaryDirectory(prefix="gongkai-read-") as workdir:
        copy = Path(workdir) / f"original{suffix.lower() if suffix.isascii() and suffix[1:].isalnum() else ''}"
        copy.write_bytes(data)
        if kind in CONVERTED_KINDS:
            converted = convert_to_docx(copy, kind, Path(workdir), limits)
            text = run_reader("docx", converted, limits)
        else:
            text = run_reader(kind, copy, limits)
    return SourceFile(name=name, text=text, encoding=kind, sha256=sha256)
