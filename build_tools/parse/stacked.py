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
# Empty lines right after a figure: the sign that the text keeps its empty cells (and merged ones) as lines.
_MIN_KEPT = 3


def _figure(text: str) -> bool:
    s = text.strip()
    return 0 < len(s) <= 16 and "\t" not in text and " " not in s and is_value_like(s)


def is_stacked(lines: list[Line]) -> bool:
    """Tell whether the text prints its tables one cell per line, empty cells as empty lines.

    PDF text tools also put figures on lines of their own, but with an empty line after every one and
    columns out of order; there an empty line is no cell, and this reading does not apply. A page's text
    flattened by a crawler prints one cell per line too, but drops its empty cells: with no empty line
    among the figures, nothing shows where a blank stood, and this reading does not apply either.
    """
    together = apart = kept = 0
    figure = [_figure(line.text) for line in lines]
    for i in range(len(lines) - 2):
        if figure[i]:
            if figure[i + 1]:
                together += 1
            elif not lines[i + 1].text.strip():
                if figure[i + 2]:
                    apart += 1
                kept += 1
    return together >= 20 and together >= 3 * apart and kept >= _MIN_KEPT


def stacked_rows(lines: list[Line]) -> list[Line]:
    """Join each label line and the figure lines under it into one line of cells.

    A row is joined only when it has as many cells as the rows it stands among: a row that is short of
    its neighbours lost an empty cell at its end with the gap that follows it, so the place of its blank
    is unknown, and it is left to the ordinary reading.
    """
    out: list[Line] = []
    block: list[tuple[Line, list[Line]]] = []  # consecutive rows of one table: (joined line, its lines)
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        # A row's first figure, or its first cell empty (an empty line) and a figure after it.
        starts_run = i + 1 < n and (_figure(lines[i + 1].text) or not lines[i + 1].text.strip() and any(
            _figure(ln.text) for ln in lines[i + 2:_run_end(lines, i + 1)]))
        if _figure(line.text) or not starts_run or "\t" in line.text or len(line.text.strip()) > 80:
            if _figure(line.text):
                run_end = _run_end(lines, i)
                while not lines[run_end - 1].text.strip():
                    run_end -= 1  # empty lines after the figures: the gap before what follows
                if run_end - i == _T4_ROW:
                    cells = tuple(ln.text.strip() for ln in lines[i:run_end])
                    out.extend(_joined(block))
                    block = []
                    out.append(Line(line.no, "\t".join(cells), cells))
                    i = run_end
                    continue
            out.extend(_joined(block))
            block = []
            out.append(line)
            i += 1
            continue
        run_end = _run_end(lines, i + 1)
        run = [ln.text.strip() for ln in lines[i + 1:run_end]]
        if len([c for c in run if c]) > _MAX_ROW:
            out.extend(_joined(block))
            block = []
            out.append(line)
            i += 1
            continue
        cells = (line.text.strip(), *run)
        block.append((Line(line.no, "\t".join(cells), cells), lines[i:run_end]))
        i = run_end
    out.extend(_joined(block))
    return out


def _joined(block: list[tuple[Line, list[Line]]]) -> list[Line]:
    """The rows of a block joined where they have as many cells as the block's longest row.

    The empty lines after a row's last figure are its empty cells and then the gap before the next row;
    a row takes as many of them as makes it as long as its neighbours, and is left as it was printed
    when it cannot.
    """
    def printed(cells: tuple[str, ...]) -> int:
        return max((k + 1 for k, c in enumerate(cells) if c), default=0)

    longest = max((printed(joined.cells or ()) for joined, _ in block), default=0)
    out: list[Line] = []
    for joined, original in block:
        cells = joined.cells or ()
        if len(block) > 1 and printed(cells) <= longest <= len(cells):
            out.append(Line(joined.no, "\t".join(cells[:longest]), cells[:longest]))
        else:
            out.extend(original)
    return out


def _run_end(lines: list[Line], start: int) -> int:
    """Index after the run of figure lines and empty lines (empty cells) that starts at `start`."""
    end = start
    while end < len(lines) and (_figure(lines[end].text) or not lines[end].text.strip()):
        end += 1
    return end
