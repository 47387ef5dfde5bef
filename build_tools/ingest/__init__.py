"""Import what governments publish: PDF, Word (DOCX, DOC, WPS), saved web pages and text, as report text.

`extract(path)` returns the text the parser reads, with paragraphs one per line and tables as pipe rows
(one grid row per line, a merged cell once at its first position). It raises IngestError with the reason
for anything it cannot or will not read: an unknown or damaged file, a scan without text, a file beyond
the limits. The heavy readers run in a separate process under a time and a memory limit.
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

from build_tools.ingest.detect import detect_kind
from build_tools.ingest.limits import DEFAULT_LIMITS, IngestError, Limits, megabytes
from build_tools.ingest.office import NAMES as CONVERTED_KINDS
from build_tools.ingest.office import convert_to_docx
from build_tools.ingest.worker import run_reader
from build_tools.sources import SourceError, SourceFile, source_from_bytes

__all__ = ["DEFAULT_LIMITS", "EXTRACTED", "IngestError", "Limits", "extract"]

# The kinds `extract` reads with a reader rather than as plain text (SourceFile.encoding), each with the
# suffix its original is best kept under: the parser's line numbers then refer to the extracted text.
EXTRACTED: dict[str, str] = {"pdf": ".pdf", "docx": ".docx", "doc": ".doc", "wps": ".wps", "rtf": ".rtf",
                             "odt": ".odt", "wordml": ".xml", "html": ".html", "mht": ".mht"}


def extract(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> SourceFile:
    """Read a report file of any supported kind into the text the parser reads.

    The SourceFile keeps the original file's name and the SHA-256 of its bytes; `encoding` names what
    was read: one of EXTRACTED ("pdf", "docx", "doc", "html"…) or, for a text file, its encoding
    ("utf-8", "gb18030", "utf-16"). Each reading step (a LibreOffice conversion, the reader) runs under
    `limits.seconds`. OSError is raised as it comes when the file cannot be opened at all.
    """
    path = Path(path)
    size = path.stat().st_size
    if size > limits.max_bytes:
        raise IngestError(f"file is larger than {megabytes(limits.max_bytes)} ({megabytes(size)})")
    data = path.read_bytes()
    kind = detect_kind(data, path.suffix)
    if kind == "text":
        try:
            return source_from_bytes(path.name, data)
        except (SourceError, UnicodeDecodeError) as exc:
            raise IngestError(str(exc)) from None
    if kind in CONVERTED_KINDS:
        with tempfile.TemporaryDirectory(prefix="gongkai-convert-") as workdir:
            converted = convert_to_docx(path, kind, Path(workdir), limits)
            text = run_reader("docx", converted, limits)
    else:
        text = run_reader(kind, path, limits)
    return SourceFile(name=path.name, text=text, encoding=kind, sha256=hashlib.sha256(data).hexdigest())
