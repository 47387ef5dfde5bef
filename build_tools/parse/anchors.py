"""Anchor a table's printed rows to the template's row keys, whatever the layout did to their labels.

Labels come merged ("三、本年度办理结果（三）不予公开1.属于国家秘密" on one line of a text export), cut over
two lines with the figures on either line, or under a repeated page-break heading. The most specific
part of a label names the row; a numbered item that names nothing is a label cut short, never its group.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache

from build_tools.parse.lines import Line
from build_tools.parse.rows import GRID_LAYOUTS, CellText, Row
from build_tools.text import read_value, squash, strip_numbering


@dataclass
class RawRow:
    """A printed row anchored to a row key: its figure cells, still to be placed in columns."""

    key: str
    values: list[CellText]
    layout: str
    line: int
    label: str
    start: int = 0  # position in the printed row of the first value cell

    @cached_property
    def filled(self) -> list[CellText]:
        """The value cells that print something (read once the row is complete; the table readers ask often)."""
        return nonempty(self.values)


def nonempty(cells: list[CellText]) -> list[CellText]:
    """Return the cells that print something."""
    return [c for c in cells if c.text and squash(c.text)]


_ITEM_RE = re.compile(r"[1-9][.．、](?![0-9])|[(（][一二三四五六七八九十]{1,3}[)）]")  # "1.属于…", "（二）部分公开"
# Where a merged label starts a new numbered part: "三、本年度办理结果（三）不予公开1.属于国家秘密".
_PART_RE = re.compile(r"[(（][一二三四五六七八九十]{1,3}[)）]|(?<![0-9])[1-9][.．、](?![0-9])|^[一二三四五六七八九十]{1,3}、")


def label_parts(text: str) -> list[str]:
    """Split a squashed label that merges several numbered labels; the most specific (last) part comes first."""
    starts = sorted({m.start() for m in _PART_RE.finditer(text)} - {0})
    if not starts:
        return [text]
    bounds = [0] + starts + [len(text)]
    parts = [text[a:b] for a, b in zip(bounds, bounds[1:]) if text[a:b]]
    return parts[::-1] + [text]


def _row_keys_in(cells: list[CellText], match: Callable[[str], str | None]) -> tuple[str | None, str]:
    """Match label cells from the most specific (rightmost) to the least; return (key, label text).

    A numbered item ("1.属于国家秘密", "（二）部分公开") must name its row itself: when it names none (its
    label was cut over two lines), the group label to its left ("（三）不予公开") is not taken for it.
    """
    for cell in reversed(cells):
        key, stop = _cell_key(cell.text, match)
        if key:
            return key, cell.text.strip()
        if stop:
            return None, ""
    return None, ""


@lru_cache(maxsize=1 << 14)
def _cell_key(text: str, match: Callable[[str], str | None]) -> tuple[str | None, bool]:
    """The row key one label cell names, or whether it is a numbered item that names none (memoised)."""
    for part in label_parts(squash(text)):
        key = match(part)
        if key:
            return key, False
        if _ITEM_RE.match(part):
            return None, True
    return None, False



def _starts_row(label: str) -> bool:
    """Tell whether a squashed label starts with its own number, i.e. is a new row rather than a wrapped tail."""
    return bool(_PART_RE.match(label))


def _match_joined(head: str, tail: str, match: Callable[[str], str | None]) -> str | None:
    """Match a label wrapped over two lines ("5.要求行政机关确认或重新" + "出具已获取信息")."""
    if not head or not tail or _starts_row(tail) or len(tail) > 40:
        return None
    for part in label_parts(head + tail):
        key = match(part)
        if key:
            return key
    return None


def _label_text(cells: list[CellText]) -> str:
    """The squashed text of a row's label cells."""
    return squash("".join(c.text for c in cells))


def collect_rows(
    rows: list[Row],
    match: Callable[[str], str | None],
    headings: tuple[str, ...] = (),
    header_words: tuple[str, ...] = (),
    template: Mapping[str, str] | None = None,
) -> tuple[list[RawRow], list[Row], set[Line]]:
    """Attach value cells to row keys; return (labelled rows, rows of bare values, lines used).

    A label may run over two lines, its figures on the first or on the second: a labelled line without
    figures waits for the figures on the next line, and a line of figures is read together with the
    label line before or after it when that completes its label. A label line followed by lines of one
    figure each (a table printed one cell per line) gets all of them, up to the next line with words.
    """
    out: list[RawRow] = []
    one_per_line: RawRow | None = None  # a row whose figures come one per line
    bare: list[Row] = []
    used: set[Line] = set()
    pending: tuple[str, str, int] | None = None  # a row label whose figures are on the next line
    fragment: str | None = None  # a line with neither figures nor a row name: the head of a wrapped label
    split = [row.split() for row in rows]
    # The narrowest grid row that prints figures: a row of empty cells cut shorter than that (a line cut
    # off) may have lost its figures.
    grid_width = min((len(row.cells) for row, (_labels, values) in zip(rows, split)
                      if row.layout in GRID_LAYOUTS and nonempty(values)), default=0)
    skip: set[int] = set()
    for n, row in enumerate(rows):
        if n in skip:
            continue
        labels, values = split[n]
        if one_per_line is not None and not labels and len(row.cells) == 1 and row.layout == "space":
            one_per_line.values.extend(values)
            used.update(row.consumed)
            continue
        one_per_line = None
        if not (row.layout == "space" and len(row.cells) == 1 and len(squash(row.cells[0].text)) > 15):
            used.update(row.consumed)  # everything but prose belongs to the table
        key, label = _row_keys_in(labels, match)
        label_text = _label_text(labels)
        has_values = any(squash(c.text) for c in values)
        if not has_values and sum(w in label_text for w in header_words) >= 2 and not (
                key is not None and len(label_text) <= 20 and _one_figure_next(rows, split, n)):
            # A header row (column names); a group name inside it is not a row label.
            used.update(row.consumed)
            pending = fragment = None
            continue
        if key in headings:
            used.update(row.consumed)
            if not has_values:
                pending = fragment = None
                continue
        if has_values and label_text:
            tail = _wrapped_tail(rows, split, n, label_text, match, header_words)
            if tail is not None:
                key, label = tail
                skip.add(n + 1)
                used.update(rows[n + 1].consumed)
            elif key is None or key in headings:
                joined = _continued(label_text, pending, fragment, match)
                key, label = joined if joined[0] else (key, label)
        elif has_values and pending:
            key, label = pending[0], pending[1]
            if len(row.cells) == 1 and row.layout == "space":
                one_per_line = RawRow(key, list(values), row.layout, row.line, label, 0)
                out.append(one_per_line)
                used.update(row.consumed)
                pending = fragment = None
                continue
        if key is None:
            if not has_values and labels and len(label_text) <= 40:
                fragment, pending = label_text, None
            else:
                fragment = None
            if has_values and not labels:
                bare.append(row)
                used.update(row.consumed)
            continue
        fragment = None
        used.update(row.consumed)
        if not has_values:
            if (row.layout in GRID_LAYOUTS and values and len(row.cells) >= grid_width
                    and not _figures_follow(rows, split, n, match)):
                # A grid row whose cells are all printed blank: a row of blank cells, not a missing row.
                out.append(RawRow(key, values, row.layout, row.line, label, len(labels)))
                pending = None
                continue
            pending = (key, label, row.line)
            continue
        pending = None
        if row.layout == "space" and template and _ends_label(label_text, values[0].text, template.get(key)):
            labels, values = labels + values[:1], values[1:]
        out.append(RawRow(key, values, row.layout, row.line, label, len(labels)))
    if pending is not None:
        out.append(RawRow(pending[0], [], "tab", pending[2], pending[1]))
    return out, bare, used


def _figures_follow(
    rows: list[Row], split: list[tuple[list[CellText], list[CellText]]], n: int, match: Callable[[str], str | None],
) -> bool:
    """Tell whether the row after row n prints figures under no row name of its own: row n's label wrapped."""
    if n + 1 >= len(rows):
        return False
    labels, values = split[n + 1]
    return bool(nonempty(values)) and _row_keys_in(labels, match)[0] is None


def _one_figure_next(rows: list[Row], split: list[tuple[list[CellText], list[CellText]]], n: int) -> bool:
    """Tell whether the line after row n is one figure alone: row n is then a label printed one cell per line."""
    return n + 1 < len(rows) and len(rows[n + 1].cells) == 1 and not split[n + 1][0] and bool(
        nonempty(split[n + 1][1]))


def _ends_label(label: str, word: str, printed: str | None) -> bool:
    """Tell whether a word read as a figure ("无") really ends a label cut short ("4. 无" / "正当理由…").

    Only the template's own wording can tell: "4.无正当理由大量反复申请" starts with "4.无".
    """
    if printed is None or read_value(word).state != "unreadable":
        return False
    body = strip_numbering(squash(printed))
    head = strip_numbering(label)
    return body.startswith(head + squash(word)) and body != head


def _wrapped_tail(
    rows: list[Row], split: list[tuple[list[CellText], list[CellText]]], n: int, label_text: str,
    match: Callable[[str], str | None], header_words: tuple[str, ...],
) -> tuple[str, str] | None:
    """Return (key, label) when the line after a row of figures carries the rest of its label."""
    if n + 1 >= len(rows):
        return None
    tail_labels, tail_values = split[n + 1]
    if nonempty(tail_values) or not tail_labels:
        return None
    tail = _label_text(tail_labels)
    if sum(w in tail for w in header_words) >= 2:
        return None  # the column header, repeated after a page break
    key = _match_joined(label_text, tail, match)
    if key is None or _row_keys_in(tail_labels, match)[0] not in (None, key):
        return None  # a line that names another row is no tail
    return key, label_text + tail


def _continued(
    label_text: str, pending: tuple[str, str, int] | None, fragment: str | None, match: Callable[[str], str | None]
) -> tuple[str | None, str]:
    """Name a row of figures whose own label names no row, from the label line before it."""
    if pending and len(label_text) <= 40 and not _starts_row(label_text):
        return pending[0], pending[1]
    if fragment is not None:
        key = _match_joined(fragment, label_text, match)
        if key:
            return key, fragment + label_text
    return None, ""
