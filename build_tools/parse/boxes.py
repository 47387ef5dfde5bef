"""Read box-drawn tables (w3m and lynx dumps, pandoc grid tables) into one line of cells per table row.

A text browser draws each table cell inside rules (│ ─ ┼, or | - + in ASCII) and wraps long cell text over
several lines; a label spanning rows stands in one tall box. Reading such a table line by line would split
a label from its figures. Here every box is found by its borders, measured in display columns (CJK
characters are two wide), and its text joined, so that each row comes out as the cells an HTML table
would give: a label spanning rows names every row it covers, a cell spanning columns leaves the columns
it covers empty.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from build_tools.parse.lines import Line
from build_tools.text import is_value_like

_VERTICAL = frozenset("│┃├┤┼┬┴┌┐└┘┣┫╋┳┻┏┓┗┛║╠╣╬╦╩╔╗╚╝╟╢╫╞╡╪┠┨┝┥┿╂")
_HORIZONTAL = frozenset("─━═")
_UNICODE_MARKS = _VERTICAL | _HORIZONTAL
_ASCII_RULE = frozenset("+-=|: ")


def _width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def _is_box_line(text: str) -> bool:
    s = text.strip()
    if len(s) < 2:
        return False
    first, last = s[0], s[-1]
    return (first in _VERTICAL or first in "|+") and (last in _VERTICAL or last in "|+")


def _is_ascii_rule(text: str) -> bool:
    s = text.strip()
    return len(s) >= 3 and s[0] in "+|" and "-" in s or "=" in s and set(s) <= _ASCII_RULE and s[0] in "+|"


@dataclass
class _Cell:
    start: int  # first interval
    end: int  # last interval (colspan)
    lines: list[int] = field(default_factory=list)  # indexes into the block
    parts: list[str] = field(default_factory=list)

    def text(self) -> str:
        out = ""
        for part in self.parts:
            part = part.removesuffix("\\").rstrip()  # pandoc's hard line break inside a grid cell
            if out and part and (out[-1].isascii() and part[0].isascii()) and out[-1].isalnum():
                out += " "
            out += part
        return out


def _columns(text: str) -> list[tuple[int, str]]:
    """Each character with the display column it starts at."""
    out = []
    col = 0
    for ch in text:
        out.append((col, ch))
        col += _width(ch)
    return out


def _read_block(block: list[Line]) -> list[Line] | None:
    """Read one box-drawn table; None when its borders do not make a table after all."""
    ascii_mode = not any(ch in _UNICODE_MARKS for ln in block for ch in ln.text)
    placed = [_columns(ln.text) for ln in block]
    rules = [_is_ascii_rule(ln.text) if ascii_mode else False for ln in block]
    bounds: set[int] = set()
    pipe_count: dict[int, int] = {}
    for chars, rule in zip(placed, rules):
        for col, ch in chars:
            if ch in _VERTICAL or (rule and ch in "+|"):
                bounds.add(col)
            elif ch == "|":
                pipe_count[col] = pipe_count.get(col, 0) + 1
    bounds |= {col for col, n in pipe_count.items() if n >= 2}
    edges = sorted(bounds)
    if len(edges) < 3:
        return None
    index = {col: k for k, col in enumerate(edges)}
    n = len(edges) - 1  # intervals between borders

    # Per line: which intervals hold a rule, and the text segments (start interval, end interval, text).
    line_rules: list[set[int]] = []
    line_segments: list[list[tuple[int, int, str]]] = []
    for chars, rule in zip(placed, rules):
        walls = sorted({index[col] for col, ch in chars if col in index and (ch in _VERTICAL or ch in "|+")})
        wall_cols = {edges[k] for k in walls}
        if not walls or any(ch != " " and (col < edges[walls[0]] or col > edges[walls[-1]]) for col, ch in chars):
            return None  # text outside the borders: not a table this reading can place
        ruled: set[int] = set()
        segments = []
        for a, b in zip(walls, walls[1:]):
            body = "".join(ch for col, ch in chars if edges[a] < col < edges[b] and col not in wall_cols).strip()
            if body and (set(body) <= _HORIZONTAL or (rule or ascii_mode) and set(body) <= set("-=+")):
                ruled.update(range(a, b))
                continue
            segments.append((a, b - 1, " ".join(body.split())))
        line_rules.append(ruled)
        line_segments.append(segments)

    # Vertical cells: a box closes at a rule in its first interval.
    open_cells: dict[int, _Cell] = {}
    cells: list[_Cell] = []
    for i, (ruled, segments) in enumerate(zip(line_rules, line_segments)):
        for k in ruled:
            open_cells.pop(k, None)
        for a, b, body in segments:
            cell = open_cells.get(a)
            if cell is None or cell.end != b:
                cell = _Cell(a, b)
                cells.append(cell)
                open_cells[a] = cell
            cell.lines.append(i)
            if body:
                cell.parts.append(body)

    # Rows: runs of lines between lines that hold a rule.
    bands: list[list[int]] = []
    current: list[int] = []
    for i, ruled in enumerate(line_rules):
        if ruled or not line_segments[i]:
            if current:
                bands.append(current)
            current = []
        else:
            current.append(i)
    if current:
        bands.append(current)
    banded = {i for band in bands for i in band}
    if any(c.text() and not banded.intersection(c.lines) for c in cells):
        return None  # text only on lines that hold a rule: no row to put it in, so no reading of the box
    out: list[Line] = []
    for band in bands:
        row = [""] * n
        first = band[0]
        for cell in cells:
            if not any(i in cell.lines for i in band):
                continue
            text = cell.text()
            top = cell.lines[0] >= first  # the box starts in this row
            if (top or not is_value_like(text)) and text:
                # Two boxes starting in one column of a row: a border the text broke; keep both texts.
                row[cell.start] = f"{row[cell.start]} {text}" if row[cell.start] else text
        if any(c.strip() for c in row):
            out.append(Line(block[first].no, "\t".join(row), tuple(row)))
    if n == 1:
        return [Line(ln.no, ln.cells[0]) for ln in out if ln.cells]
    return out


_SIMPLE_RULE_RE = re.compile(r"^\s*-{3,}(?: +-{3,})+\s*$")
_DASH_RUN_RE = re.compile(r"-{3,}")
# pandoc writes the report's dashes in its own Markdown way: "---" for an em dash, "--" for an en dash.
_PANDOC_DASHES = {"---": "—", "--": "–"}


def _simple_table(lines: list[Line], start: int) -> tuple[list[Line], int] | None:
    """Read a pandoc simple table whose column rule is lines[start]: (rows, index after the table)."""
    rule = lines[start].text
    runs = [(m.start(), m.end()) for m in _DASH_RUN_RE.finditer(rule)]  # the rule is ASCII: columns = offsets
    body: list[Line] = []
    above = lines[start - 1] if start else None
    if above is not None and above.no == lines[start].no - 1 and above.text.strip() and above.cells is None:
        body.append(above)  # the header row above the rule
    end = start + 1
    while end < len(lines) and lines[end].text.strip() and lines[end].cells is None:
        if _SIMPLE_RULE_RE.match(lines[end].text):
            end += 1
            break
        body.append(lines[end])
        end += 1
    if not body:
        return None
    starts = [a for a, _b in runs]
    rows = []
    for line in body:
        cells = [""] * len(runs)
        previous = None  # column of the last character, to see a word cross a column's start
        for col, ch in _columns(line.text):
            k = max((i for i, a in enumerate(starts) if a <= col), default=0)
            if ch == " ":
                previous = None
                continue
            if previous is not None and previous != k:
                return None  # text running across the rule's columns: not a table laid out by this rule
            previous = k
            cells[k] += ch
        cells = [c.strip() for c in cells]
        cells = [_PANDOC_DASHES.get(c, c) for c in cells]
        if any(cells):
            rows.append(Line(line.no, "\t".join(cells), tuple(cells)))
    return rows, end


def box_lines(lines: list[Line]) -> list[Line]:
    """Replace each box-drawn table in the lines with one line of cells per table row."""
    out: list[Line] = []
    i = 0
    while i < len(lines):
        if lines[i].cells is None and _SIMPLE_RULE_RE.match(lines[i].text):
            table = _simple_table(lines, i)
            if table is not None:
                if out and table[0] and out[-1] is lines[i - 1] and table[0][0].no == lines[i - 1].no:
                    out.pop()  # the header row, now read as cells
                out.extend(table[0])
                i = table[1]
                continue
        if not _is_box_line(lines[i].text):
            out.append(lines[i])
            i += 1
            continue
        j = i
        while j < len(lines) and _is_box_line(lines[j].text):
            j += 1
        block = lines[i:j]
        read = _read_block(block) if len(block) >= 3 else None
        out.extend(block if read is None else read)
        i = j
    return out
