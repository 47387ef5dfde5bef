"""Read tables printed one cell per line (LibreOffice's text export, some PDF text tools) into rows of cells.

Such text prints a row as its label on one line and each figure on a line of its own; an empty cell is an
empty line, so a blank stays in its column. Without this, a row's figures would stand on lines with no
label and be left unread.

Two tools mark an empty cell apart from the gap between rows, and then a row that ends in blanks keeps
them too. LibreOffice's text export of a page whose cells hold paragraphs writes an empty cell as a line
holding a no-break space, and the gap between rows as a truly empty line. `lynx -dump` of such a page
prints every cell as a paragraph followed by one empty line, and an empty cell as one more empty line;
here that text is first brought to LibreOffice's form (`unspaced`). Either way, a row whose cells do not
then number as many as its neighbours' is left to the ordinary reading.
"""

from __future__ import annotations

from collections import Counter

from build_tools.parse.lines import Line
from build_tools.text import is_value_like

# A row of a report table has at most 8 columns (table 3 with a 小计 column); table 4 prints its 15 figures
# in one row with no label of its own.
_MAX_ROW = 8
_T4_ROW = 15
# Empty lines right after a figure: the sign that the text keeps its empty cells (and merged ones) as lines.
_MIN_KEPT = 3
# Figures in a lynx dump of paragraph cells, each with one empty line after it: enough to tell the layout.
_MIN_SPACED = 20
_KEPT = "\xa0"  # an empty cell, as LibreOffice writes it


def _kept(text: str) -> bool:
    """An empty cell marked as such: a line of no-break spaces (and spaces)."""
    return _KEPT in text and not text.strip()


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
    # A marked empty cell stands among the figures as one of them.
    figure = [_figure(line.text) or _kept(line.text) for line in lines]
    for i in range(len(lines) - 2):
        if figure[i]:
            if figure[i + 1]:
                together += 1
                kept += _kept(lines[i + 1].text)
            elif not lines[i + 1].text.strip():
                if figure[i + 2]:
                    apart += 1
                kept += 1
    return together >= 20 and together >= 3 * apart and kept >= _MIN_KEPT


def is_spaced(lines: list[Line]) -> bool:
    """Tell a lynx dump of a page whose table cells hold paragraphs: a figure is a paragraph at lynx's margin
    with one empty line after it, and an empty cell one more empty line.

    Plain pdftotext also prints figures apart by one empty line, at no margin and without empty cells of
    their own: it is left out by both marks.
    """
    apart = together = kept = margin = 0
    n = len(lines)
    for i in range(n - 2):
        text = lines[i].text
        if not text.startswith(" ") or not _figure(text):
            continue
        if _figure(lines[i + 1].text):
            together += 1
        elif not lines[i + 1].text.strip():
            following = lines[i + 2].text
            if _figure(following):
                apart += 1
            elif not following.strip():
                kept += 1
            margin += text.startswith("  ")
    return apart >= _MIN_SPACED and together * 20 <= apart and kept >= _MIN_KEPT and margin >= 0.8 * (apart + kept)


def unspaced(lines: list[Line]) -> list[Line]:
    """Drop the empty line after each paragraph of a lynx dump; every other empty line is an empty cell."""
    out: list[Line] = []
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        i += 1
        if line.cells is not None or line.text.strip():
            out.append(line)
            if i < n and lines[i].cells is None and not lines[i].text.strip():
                i += 1  # the paragraph's own empty line
        else:
            out.append(Line(line.no, _KEPT))
    return out


def stacked_rows(lines: list[Line]) -> list[Line]:
    """Join each label line and the figure lines under it into one line of cells.

    A row is joined only when it has as many cells as the rows it stands among: a row that is short of
    its neighbours lost an empty cell at its end with the gap that follows it, so the place of its blank
    is unknown, and it is left to the ordinary reading.
    """
    out: list[Line] = []
    marked = any(_kept(line.text) for line in lines)  # the text marks its empty cells
    block: list[tuple[Line, list[Line], int]] = []  # consecutive rows of one table: (joined line, its lines)
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        # A row's first figure, or its first cell empty (an empty line) and a figure after it.
        starts_run = i + 1 < n and (_figure(lines[i + 1].text) or not lines[i + 1].text.strip() and any(
            _figure(ln.text) or _kept(ln.text) for ln in lines[i + 1:_run_end(lines, i + 1)]))
        if _figure(line.text) or not starts_run or "\t" in line.text or len(line.text.strip()) > 80 \
                or _kept(line.text):  # an empty cell, never a row's label
            if _figure(line.text):
                run_end = _run_end(lines, i)
                while not lines[run_end - 1].text.strip() and not _kept(lines[run_end - 1].text):
                    run_end -= 1  # empty lines after the figures: the gap before what follows
                # (a run that an empty cell starts began before this figure: no run of fifteen)
                if run_end - i == _T4_ROW and not (i and _kept(lines[i - 1].text)):
                    cells = tuple(ln.text.strip() for ln in lines[i:run_end])
                    out.extend(_joined(block, marked))
                    block = []
                    out.append(Line(line.no, "\t".join(cells), cells))
                    i = run_end
                    continue
            out.extend(_joined(block, marked))
            block = []
            out.append(line)
            i += 1
            continue
        run_end = _run_end(lines, i + 1)
        run = [ln.text.strip() for ln in lines[i + 1:run_end]]
        shown = _shown(lines[i + 1:run_end])
        if shown == _T4_ROW:
            # Table 4's fifteen cells after its header's last word ("总计"), some of them empty cells.
            cells = tuple(run[:shown])
            out.extend(_joined(block, marked))
            block = []
            out.append(line)
            out.append(Line(lines[i + 1].no, "\t".join(cells), cells))
            i = i + 1 + shown
            continue
        if len([c for c in run if c]) > _MAX_ROW or shown > _MAX_ROW:
            out.extend(_joined(block, marked))
            block = []
            out.append(line)
            i += 1
            continue
        cells = (line.text.strip(), *run)
        block.append((Line(line.no, "\t".join(cells), cells), lines[i:run_end], 1 + shown))
        i = run_end
    out.extend(_joined(block, marked))
    return out


def _joined(block: list[tuple[Line, list[Line], int]], marked: bool) -> list[Line]:
    """The rows of a block joined where they have as many cells as the block's longest row.

    The empty lines after a row's last figure are its empty cells and then the gap before the next row;
    a row takes as many of them as makes it as long as its neighbours, and is left as it was printed
    when it cannot. Where the text marks its empty cells (`_kept`, `marked`), a row's cells are the ones
    it shows, and it is joined only when they number exactly as many as most rows' of the block (two at
    least); a block of rows with no figure at all is no table.
    """
    if not block:
        return []
    longest = max(shown for _line, _original, shown in block)
    if marked:
        counts = Counter(shown for _line, _original, shown in block)
        longest, agree = max(counts.items(), key=lambda item: (item[1], item[0]))
        if agree < 2:
            return [ln for _joined_line, original, _shown in block for ln in original]  # no two rows agree
    figures = any(_figure(c) for joined, _original, _shown in block for c in (joined.cells or ())[1:])
    out: list[Line] = []
    for joined, original, shown in block:
        cells = joined.cells or ()
        fits = shown == longest if marked else shown <= longest <= len(cells)
        if len(block) > 1 and fits and (figures or not marked):
            out.append(Line(joined.no, "\t".join(cells[:longest]), cells[:longest]))
        else:
            out.extend(original)
    return out


def _shown(run: list[Line]) -> int:
    """How many cells a run of lines after a label shows: up to its last figure or marked empty cell."""
    return max((k + 1 for k, ln in enumerate(run) if ln.text.strip() or _kept(ln.text)), default=0)


def _run_end(lines: list[Line], start: int) -> int:
    """Index after the run of figure lines and empty lines (empty cells) that starts at `start`."""
    end = start
    while end < len(lines) and (_figure(lines[end].text) or not lines[end].text.strip()):
        end += 1
    return end
