"""Cut a table's lines into rows of cells, whatever the export tool made of them.

Layouts: one cell per line with blank lines between rows (Word export), tab-separated rows (PDF export),
pipe or Markdown tables, HTML rows (already cells), and space-separated or fixed-width rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from build_tools.parse.lines import Line
from build_tools.text import display_width, is_value_like, squash

_MD_RULE_RE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_TOKEN_RE = re.compile(r"\S+")
# Figures glued to the end of a row label ("行政规范性文件0022", "（七）总计2000000", "政府集中采购4514200元").
_GLUED_RE = re.compile(r"(?:^|(?<=[^\s0-9０-９.．,，+＋\-－/／—]))[0-9０-９/／—－](?:[0-9０-９.．/／—－+＋\-]|,(?=[0-9]))*"
                       r"(?<![.．])(?:万元|元)?$")

# Whether empty cells in a layout stand at their true column (an HTML grid) or may be padding (PDF text).
TRUSTED_LAYOUTS = ("html", "pipe", "docx")
# Layouts whose rows are regular grids: a cell's position in the row is its column in the table.
GRID_LAYOUTS = ("html", "pipe")


@dataclass(slots=True)
class CellText:
    text: str
    line: int
    offset: int | None = None  # display column, for fixed-width rows
    glued: bool = False  # figures printed against their label, perhaps several cells without a gap


@dataclass(slots=True)
class Row:
    cells: list[CellText]
    line: int
    layout: str  # docx | tab | pipe | html | space
    consumed: list[Line] = field(default_factory=list)  # the lines this row was read from

    def split(self) -> tuple[list[CellText], list[CellText]]:
        """Split into label cells (up to the last text cell) and value cells (everything after)."""
        last_text = -1
        for i, cell in enumerate(self.cells):
            if not cell.glued and not is_value_like(cell.text):
                last_text = i
        return self.cells[: last_text + 1], self.cells[last_text + 1:]


def _docx_style(lines: list[Line]) -> bool:
    """Tell whether a table region is a Word export: one tab-led cell per line."""
    led = [ln for ln in lines if ln.text.startswith("\t")]
    single = [ln for ln in led if "\t" not in ln.text[1:]]
    return len(single) >= 4 and len(single) >= 0.6 * len(led)


def build_rows(lines: list[Line]) -> list[Row]:
    """Cut lines into rows; lines of prose come out as one-cell rows."""
    if _pipe_stream(lines):
        return _pipe_stream_rows(lines)
    rows: list[Row] = []
    docx = _docx_style(lines)
    current: Row | None = None
    for line in lines:
        text = line.text
        if line.cells is not None:
            current = None
            rows.append(Row([CellText(c, line.no) for c in line.cells], line.no, "html", [line]))
            continue
        if docx:
            if text.startswith("\t") and "\t" not in text[1:]:
                if current is None:
                    current = Row([], line.no, "docx")
                    rows.append(current)
                current.cells.append(CellText(text[1:], line.no))
                current.consumed.append(line)
                continue
            if not text.strip():
                current = None
                continue
            if current is not None and current.cells:
                # A cell whose text runs over several lines ("商业\n企业", "\n0").
                last = current.cells[-1]
                if not last.text.strip():
                    last.line = line.no  # the cell's text starts here
                last.text = f"{last.text}\n{text}" if last.text.strip() else text
                current.consumed.append(line)
                continue
        current = None
        if not text.strip():
            continue
        stripped = text.strip()
        if stripped.count("|") >= 2 or (stripped.startswith("|") and stripped.endswith("|")):
            if _MD_RULE_RE.match(stripped):
                continue
            rows.append(Row([CellText(p.strip(), line.no) for p in pipe_cells(stripped)], line.no, "pipe",
                            [line]))
        elif "\t" in text:
            rows.append(Row([CellText(p, line.no) for p in text.split("\t")], line.no, "tab", [line]))
        else:
            rows.append(_space_row(line))
    return rows


def pipe_cells(text: str) -> list[str]:
    """Split a pipe row into cells; only the outer pipes go, so empty cells at either edge keep their place."""
    if text.startswith("|"):
        text = text[1:].removesuffix("|")
    return text.split("|")


def _space_row(line: Line) -> Row:
    """Read a space-separated or fixed-width line: a label, then figures peeled off its right end."""
    no = line.no
    return Row([CellText(text, no, offset, glued) for text, offset, glued in space_cells(line.text)], no, "space",
               [line])


@lru_cache(maxsize=1 << 14)
def space_cells(text: str) -> tuple[tuple[str, int | None, bool], ...]:
    """The cells of a space-separated line as (text, display column, glued): reports repeat their rows of
    figures ("0 0 0 0 0 0 0"), so this is memoised."""
    text = text.replace("\u3000", "  ")
    tokens = list(_TOKEN_RE.finditer(text))
    first = len(tokens)
    while first and is_value_like(tokens[first - 1].group()) and squash(tokens[first - 1].group()):
        first -= 1
    values: list[tuple[str, int | None, bool]] = []
    if first < len(tokens):
        # Display columns of the figures, for fixed-width layouts (CJK characters are two columns wide).
        offset = display_width(text[: tokens[first].start()])
        previous = tokens[first].start()
        for token in tokens[first:]:
            offset += display_width(text[previous: token.start()])
            previous = token.start()
            values.append((token.group(), offset, False))
    label = text[: tokens[first - 1].end()].strip() if first else ""
    glued = _GLUED_RE.search(label) if label else None
    if glued:
        # The figures glued to the label, then the others, no longer fixed-width.
        values = [(glued.group(), None, True)] + [(v, None, False) for v, _offset, _glued in values]
        label = label[: glued.start()].rstrip()
    return ((label, 0, False), *values) if label else tuple(values)


# A table printed one cell per line with pipes, as converters give cells that hold paragraphs: each cell
# ends with " |" and a line of pipes alone stands for empty cells ("规章 |", "0 |", "|", "|||"), or the
# cells stand alone with a "|" line between them.
_STREAM_CELL_RE = re.compile(r"^[^|]*[^|\s][^|]*\|[|\s]*$")  # "规章 |", "第二十条第(一)项 | |||"
_PIPES_RE = re.compile(r"^\|+$")
# Its empty cells may be a merged label's padding or a row's end as well as blank figures: not trusted.
STREAM_LAYOUT = "tab"


def _pipe_stream(lines: list[Line]) -> bool:
    """Tell whether a table region is such a stream: no line holds a pipe between two cells."""
    texts = [ln.text.strip() for ln in lines if ln.cells is None and ln.text.strip()]
    pipes = sum(1 for t in texts if _PIPES_RE.match(t))
    trailing = sum(1 for t in texts if _STREAM_CELL_RE.match(t))
    inner = sum(1 for t in texts if "|" in t and not _PIPES_RE.match(t) and not _STREAM_CELL_RE.match(t))
    return inner == 0 and pipes >= 4 and pipes + trailing >= 0.45 * len(texts)


def _pipe_stream_rows(lines: list[Line]) -> list[Row]:
    """Read the stream's cells in order and cut them into rows: a row starts at a label after a figure
    or an empty cell. Lines of prose between tables stay one-cell rows."""
    rows: list[Row] = []
    current: Row | None = None
    texts = [ln.text.strip() for ln in lines]
    pending: CellText | None = None  # a cell whose closing pipe is still to come (cells alone on their line)

    def add(cell: CellText, line: Line) -> None:
        nonlocal current
        label = bool(squash(cell.text)) and not is_value_like(cell.text)
        if current is None or (label and any(not (squash(c.text) and not is_value_like(c.text))
                                               for c in current.cells)):
            current = Row([], cell.line, STREAM_LAYOUT)
            rows.append(current)
        current.cells.append(cell)
        if line not in current.consumed:
            current.consumed.append(line)

    for i, line in enumerate(lines):
        text = texts[i]
        if not text or line.cells is not None:
            continue
        if _PIPES_RE.match(text):
            count = len(text)
            if pending is not None:
                add(pending, line)
                pending = None
                count -= 1
            for _ in range(count):
                add(CellText("", line.no), line)
            continue
        if _STREAM_CELL_RE.match(text):
            add(CellText(text[: text.index("|")].strip(), line.no), line)
            for _ in range(text.count("|") - 1):  # a merged cell's padding
                add(CellText("", line.no), line)
            continue
        following = next((t for t in texts[i + 1:] if t), "")
        if following and _PIPES_RE.match(following):
            pending = CellText(text, line.no)
            continue
        rows.append(_space_row(line))
        current = None
    return [part for row in rows for part in _header_apart(row)]


def _header_apart(row: Row) -> list[Row]:
    """Set a header's words apart from the figures that follow them: no row label runs over four cells or
    leads more than seven figures, so such a run is the column header and the figures are a row of their own."""
    labels, values = row.split()
    if row.layout != STREAM_LAYOUT or len(labels) < 4 or len(values) < 8:
        return [row]
    return [Row(labels, row.line, STREAM_LAYOUT, row.consumed),
            Row(values, values[0].line, STREAM_LAYOUT, row.consumed)]
