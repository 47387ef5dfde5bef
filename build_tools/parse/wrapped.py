"""Join table rows whose label a PDF text tool wrapped over several lines around a line of figures.

pdftotext -layout, pdfplumber and pypdfium2 print a row whose label wraps in its cell as the label's lines
with the figures on a line of their own, often between them ("2.其他法律行政法规禁止" / "0 0 0 0 0 0 0" /
"公开"). Read line by line, the figures have no label and the label no figures. Here such lines are joined
into one row line; nothing is dropped, the figures keep their order and their columns where they fit.
"""

from __future__ import annotations

import re

from build_tools.parse.lines import Line, continue_line
from build_tools.text import display_width, is_value_like, squash

# A row label's own number ("2.", "（二）"), anywhere in the line: a spanning group label's piece
# ("理", "不予处") may stand before it.
_NUMBERED_RE = re.compile(r"(?:^|\s)(?:[（(][一二三四五六七八九十\d]{1,2}[）)]|\d{1,2}\s*[.．、])")
# Words of a table's header or a section heading: a line holding one is no piece of a row label.
_HEADER_RE = re.compile(r"自然人|商业企业|总计|申请人情况|信息内容|勾稽关系|情况$|事项$")
_TOKEN_RE = re.compile(r"\S+")
_SPACE_RE = re.compile(r"\s")
_GROUP_RE = re.compile(r"[（(][三四五六][）)](?:不予公开|无法提供|不予处理|其他处理)")
_GROUP_LENGTH = 7  # what _GROUP_RE matches
_MAX_LABEL_LINE = 40  # a piece of a wrapped label; longer lines are prose
_MIN_FIGURES = 3
_MAX_ROW = 8  # figures in a row of table 3 with a 小计 column
# Row labels short enough to pass for a wrapped piece: they are whole labels.
_SHORT_LABELS = frozenset({"规章", "其他", "总计", "合计", "小计"})


def _split(text: str) -> tuple[str, int, int]:
    """Return (label before the figures, number of trailing figures, offset where the figures start)."""
    tokens = list(_TOKEN_RE.finditer(text))
    k = len(tokens)
    while k and is_value_like(tokens[k - 1].group()) and squash(tokens[k - 1].group()):
        k -= 1
    label = text[: tokens[k - 1].end()].strip() if k else ""
    return label, len(tokens) - k, tokens[k].start() if k < len(tokens) else len(text)


def _ends_in_figure(text: str) -> bool:
    s = text.rstrip()
    # Figures stand apart by spaces, full-width ones too ("信息\u30000\u30000").
    return bool(s) and (s[-1].isdigit() or s[-1] in "/—-－") and len(s) < 400 and _SPACE_RE.search(s) is not None


def _no_wrapped_row(text: str) -> bool:
    """Tell at once that a line is not the figures of a wrapped row: it has fewer words than the figures
    such a row needs, or its first words are longer than a group label (a row's label runs from the
    line's start to its last word that is no figure, so it holds the words before its first figure)."""
    words = text.split()
    if len(words) < _MIN_FIGURES:
        return True
    length = 0
    for word in words:
        if is_value_like(word):
            return False
        length += len(squash(word))
        if length > _GROUP_LENGTH:
            return True
    return False


def _piece(line: Line) -> bool:
    """A line that may be a piece of a wrapped label: short text with no figures at its end."""
    text = line.text.strip()
    return (line.cells is None and "\t" not in line.text and 0 < len(text) <= _MAX_LABEL_LINE
            and not _HEADER_RE.search(text) and not (_ends_in_figure(line.text) and _split(line.text)[1]))


def _join(parts: list[str]) -> str:
    out = ""
    for part in parts:
        if out and part and (out[-1].isascii() or part[0].isascii()):
            out += " "
        out += part
    return out


def join_wrapped_labels(lines: list[Line]) -> list[Line]:
    """Join each line of figures that has no label of its own with its label's wrapped pieces."""
    merged: dict[int, list[Line]] = {}  # index of the first piece → the joined line (a group label before it)
    used: set[int] = set()
    for i, line in enumerate(lines):
        if line.cells is not None or not _ends_in_figure(line.text) or _no_wrapped_row(line.text):
            continue
        label, count, start = _split(line.text)
        # A group's label printed on the line of its first row's figures ("（四）无法提供 0 0 0 …", the row's
        # own label wrapped above and below): the group label stands on a line of its own.
        group = _GROUP_RE.fullmatch(squash(label))
        if group:
            label = ""
        if count < _MIN_FIGURES or len(squash(label)) > 3 or squash(label) in _SHORT_LABELS:
            continue
        above: list[int] = []
        j = i - 1
        while j >= 0 and len(above) < 4 and j not in used and _piece(lines[j]):
            above.insert(0, j)
            if _NUMBERED_RE.search(lines[j].text):
                break
            j -= 1
        if not above or not _NUMBERED_RE.search(lines[above[0]].text):
            continue
        below: list[int] = []
        below_text: dict[int, str] = {}
        late: list[str] = []  # the figures of pieces below, at their columns
        j = i + 1
        while j < len(lines) and len(below) < 2 and not _NUMBERED_RE.search(lines[j].text):
            text_j = lines[j].text
            if not _piece(lines[j]):
                piece, extra, at = _split(text_j)
                # A piece below with a figure at its end and the label going on under it: a cell of this
                # row whose figure sits a line low ("再处理其政府信息公开      0" / "申请").
                if not (piece and 0 < extra <= 2 and count + extra <= _MAX_ROW and _piece(Line(0, piece))
                        and j + 1 < len(lines) and _piece(lines[j + 1])
                        and not _NUMBERED_RE.search(lines[j + 1].text)):
                    break
                late.append(" " * display_width(text_j[:at]) + text_j[at:].rstrip())
                text_j = piece
            below.append(j)
            below_text[j] = text_j
            j += 1
        # The figures' own piece continues the label above it ("2、其他法律行政法规禁" / "止公开 0 0 0"), unless
        # the label goes on below: then it is a piece of a group label beside it ("开 12 0 0", "（三）不予公开").
        pieces = [lines[k].text.strip() for k in above] + [below_text[k].strip() for k in below]
        parts = [*pieces[: len(above)], label, *pieces[len(above):]] if label and not below else [label, *pieces]
        margin = lines[above[0]].text[: len(lines[above[0]].text) - len(lines[above[0]].text.lstrip(" "))]
        text = margin + _join([" ".join(p.split()) for p in parts])  # the margin stays: lynx's, for runon
        row = line.text
        for extra_figures in late:
            row = continue_line(row, extra_figures)
        figures = row[start:].rstrip()
        pad = max(2, display_width(line.text[:start]) - display_width(text))
        merged[above[0]] = [Line(lines[above[0]].no, text + " " * pad + figures)]
        if group:
            merged[above[0]].insert(0, Line(line.no, line.text[:start].rstrip()))
        used.update(above + [i] + below)
    if not merged:
        return lines
    out: list[Line] = []
    for k, ln in enumerate(lines):
        if k in merged:
            out.extend(merged[k])
        elif k not in used:
            out.append(ln)
    return out
