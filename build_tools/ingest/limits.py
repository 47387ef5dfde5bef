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
    max_chars: int = 5_000_000  # characters of extracted text


DEFAULT_LIMITS = Limits()


def megabytes(n: int) -> str:
    """Format a byte count for a message: "50 MB", "38.4 KB"."""
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.3g} MB"
    return f"{n / 1024:.3g} KB"
