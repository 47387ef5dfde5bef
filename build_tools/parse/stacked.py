"""Read tables printed one cell per line (LibreOffice's text export, some PDF text tools) into rows of cells.

Such text prints a row as its label on one line and each figure on a line of its own; an empty cell is an
empty line, so a blank stays in its column. Without this, a row's figures would stand on lines with no
label and be left unread.
"""

from __future__ import annotations

from build_tools.parse.lines import Line
from build_tools.text import is_value_like

# A row of a report table has at most 8 columns (table 3 with a 小计 column); table 4 prints its 15 figures
# in one row with no label of its own.
_MAX_ROW = 8
_T4_ROW = 15


def _figure(text: str) -> bool:
    s = text.strip()
    return 0 < len(s) <= 16 and "\t" not in text and " " not in s and is_value_like(s)


def is_stacked(lines: list[Line]) -> bool:
    """Tell whether the text prints its tables one cell per line, empty cells as empty lines.

    PDF text tools also put figures on lines of their own, but with an empty line after every one and
    columns out of order; there an empty line is no cell, and this reading does not apply.
    """
    together = apart = 0
    for a, b, c in zip(lines, lines[1:], lines[2:]):
        if _figure(a.text):
            if _figure(b.text):
                together += 1
            elif not b.text.strip() and _figure(c.text):
                apart += 1
    return together >= 20 and together >= 3 * apart


def stacked_rows(lines: list[Line]) -> list[Line]:
    """Join each label line and the figure lines under it into one line of cells."""
    out: list[Line] = []
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        starts_run = i + 1 < n and _figure(lines[i + 1].text)
        if _figure(line.text) or not starts_run or "\t" in line.text or len(line.text.strip()) > 80:
            if _figure(line.text):
                run_end = _run_end(lines, i)
                while not lines[run_end - 1].text.strip():
                    run_end -= 1  # empty lines after the figures: the gap before what follows
                if run_end - i == _T4_ROW:
                    cells = tuple(ln.text.strip() for ln in lines[i:run_end])
                    out.append(Line(line.no, "\t".join(cells), cells))
                    i = run_end
                    continue
            out.append(line)
            i += 1
            continue
        run_end = _run_end(lines, i + 1)
        run = [ln.text.strip() for ln in lines[i + 1:run_end]]
        if len([c for c in run if c]) > _MAX_ROW:
            out.append(line)
            i += 1
            continue
        cells = (line.text.strip(), *run)
        out.append(Line(line.no, "\t".join(cells), cells))
        i = run_end
    return out


def _run_end(lines: list[Line], start: int) -> int:
    """Index after the run of figure lines and empty lines (empty cells) that starts at `start`."""
    end = start
    while end < len(lines) and (_figure(lines[end].text) or not lines[end].text.strip()):
        end += 1
    return end
