"""The readers by kind, as the worker process calls them; loading this module loads their libraries."""

from __future__ import annotations

from pathlib import Path

import docx  # noqa: F401  (loaded once in the fork server, not once per file)
import lxml.html  # noqa: F401
import pdfplumber  # noqa: F401
import pypdfium2  # noqa: F401

from build_tools.ingest.layout import render
from build_tools.ingest.limits import IngestError, Limits, check_text_size
from build_tools.ingest.pdf import read_pdf
from build_tools.ingest.webpage import read_html
from build_tools.ingest.word import read_docx


def read_kind(kind: str, path: Path, limits: Limits) -> str:
    """Read one file of a known kind and return its text (paragraph lines and pipe rows)."""
    if kind == "docx":
        blocks = read_docx(path, limits)
    elif kind == "pdf":
        blocks = read_pdf(path, limits)
    elif kind in ("html", "mht"):
        blocks = read_html(path, limits, mht=kind == "mht")
    else:
        raise ValueError(f"no reader for {kind!r}")
    text = render(blocks)
    if not text.strip():
        raise IngestError(f"the {kind.upper()} file contains no text")
    check_text_size(text, kind.upper(), limits)
    return text
