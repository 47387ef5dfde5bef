"""What the importer refuses to read, and the error it raises when it does."""

from __future__ import annotations

from dataclasses import dataclass

from build_tools.sources import SourceError


class IngestError(SourceError):
    """A file the importer cannot or will not read, with the reason in plain words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Limits:
    """Bounds that keep one hostile or broken file from taking the machine down.

    `seconds` bounds the whole reading of one file (the reader runs in a separate process that is killed
    when it runs over); `memory_bytes` is that process's address-space limit.
    """

    max_bytes: int = 50 * 1024 * 1024
    max_pages: int = 200
    seconds: float = 60.0
    memory_bytes: int = 3 * 1024 * 1024 * 1024
    max_unzipped_bytes: int = 200 * 1024 * 1024
    max_zip_ratio: int = 100  # a member larger than 1 MB that expands more than this is a zip bomb
    max_zip_members: int = 2000
    max_cells: int = 50_000  # table cells (grid positions) in one document
    # Text read out of a document or in a text file: a long annual report has some 50,000 characters on
    # 100 to 2,000 lines (a 200-page PDF some 300,000). The report's page (one anchor per line) and the
    # search index grow with both; within these bounds each stays far below GitHub Pages' 100 MB per file.
    max_chars: int = 1_000_000
    max_lines: int = 20_000
    max_line_chars: int = 100_000  # a report's longest paragraph has some 3,000


DEFAULT_LIMITS = Limits()


def megabytes(n: int) -> str:
    """Format a byte count for a message: "50 MB", "38.4 KB"."""
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.3g} MB"
    return f"{n / 1024:.3g} KB"


def check_text_size(text: str, kind: str, limits: Limits) -> None:
    """Refuse text far beyond any annual report: it would make pages and a search index of hundreds of MB."""
    if len(text) > limits.max_chars:
        raise IngestError(f"the {kind} file holds {len(text):,} characters of text (limit {limits.max_chars:,}): "
                          "not a single annual report")
    lines = text.count("\n") + 1
    if lines > limits.max_lines:
        raise IngestError(f"the {kind} file has {lines:,} lines (limit {limits.max_lines:,}): not a single annual "
                          "report")
    longest = max((len(line) for line in text.split("\n")), default=0) if len(text) > limits.max_line_chars else 0
    if longest > limits.max_line_chars:
        raise IngestError(f"the {kind} file has a line of {longest:,} characters (limit {limits.max_line_chars:,}): "
                          "not a report's text")
