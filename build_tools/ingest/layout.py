"""What every reader produces: paragraphs and table grids, written out as the text the parser reads.

Paragraphs come out one per line. A table comes out as pipe rows, one grid row per line: a cell merged over
several grid positions is written once, at its first position, and the positions it covers stay empty, so
no figure is ever copied into a neighbouring cell.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from build_tools.ingest.limits import IngestError

_SPACES_RE = re.compile(r"[ \t\r\n\f\v\xa0\u2000-\u200b\u202f\u205f\ufeff]+")
_LINE_SPACES_RE = re.compile(r"[ \r\f\v\xa0\u2000-\u200b\u202f\u205f\ufeff]+")
_TABS_RE = re.compile(r"\s*\t\s*")
_CJK_RE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Table:
    """A table as a grid: every row has one string per grid position ("" where nothing is printed)."""

    rows: tuple[tuple[str, ...], ...]

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


Block = Paragraph | Table


class CellBudget:
    """Count table cells against the document's limit, so a hostile table cannot exhaust memory."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0

    def spend(self, cells: int) -> None:
        self.used += cells
        if self.used > self.limit:
            raise IngestError(f"too many table cells (more than {self.limit:,}): not an annual report's tables")


def fix_radicals(text: str) -> str:
    """Replace Kangxi and CJK radical code points (⽣) by the ideographs they stand for (生).

    PDF fonts often map glyphs to radicals. Only those characters are normalised: NFKC on the whole text
    would also turn （一） into (一), and the original's punctuation is kept as printed.
    """
    if not any("\u2e80" <= ch <= "\u2fdf" for ch in text):
        return text
    return "".join(unicodedata.normalize("NFKC", ch) if "\u2e80" <= ch <= "\u2fdf" else ch for ch in text)


def clean_cell(text: str) -> str:
    """One cell on one line: whitespace collapsed, pipes made harmless."""
    return _SPACES_RE.sub(" ", text).strip(" \u3000").replace("|", "｜")


def clean_line(text: str) -> str:
    """One paragraph line: spaces collapsed (tabs kept, one at a time), pipes made harmless."""
    text = _TABS_RE.sub("\t", _LINE_SPACES_RE.sub(" ", text))
    return text.strip(" \t\u3000").replace("|", "｜")


def join_wrapped(parts: list[str]) -> str:
    """Join lines that one paragraph or cell was wrapped into: a space only between two Latin words
    (a figure wrapped in a narrow cell, "29" over "8", is one figure)."""
    out = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if out and not (_CJK_RE.match(out[-1]) or _CJK_RE.match(part[0])
                        or (out[-1].isdigit() and part[0].isdigit())):
            out += " "
        out += part
    return out


def is_layout_table(table: Table) -> bool:
    """A one-column table is a frame around text, not a table of figures."""
    return table.width <= 1


def render(blocks: list[Block]) -> str:
    """Write blocks as text: paragraphs one per line, tables as pipe rows set off by blank lines."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            out.extend(line for line in (clean_line(t) for t in fix_radicals(block.text).split("\n")) if line)
            continue
        if is_layout_table(block):
            out.extend(line for row in block.rows for cell in row
                       for line in (clean_line(t) for t in fix_radicals(cell).split("\n")) if line)
            continue
        rows = [[clean_cell(fix_radicals(c)) for c in row] for row in block.rows]
        rows = [r for r in rows if any(r)]
        if not rows:
            continue
        out.append("")
        out.extend("| " + " | ".join(r) + " |" for r in rows)
        out.append("")
    lines: list[str] = []
    for line in out:
        if line or (lines and lines[-1]):
            lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n" if lines else ""
