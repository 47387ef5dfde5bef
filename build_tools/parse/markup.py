"""Turn an HTML page into report lines: blocks of text, and one line of cells per table row.

A regular-expression tokenizer rather than html.parser: report pages are mostly inline markup (<span>,
<font>), which is skipped at once, and this keeps HTML as fast to read as plain text. A table that holds
another table is page layout, not a report table: its rows and cells are read as blocks of text.
"""

from __future__ import annotations

import re
from html import unescape

from build_tools.parse.lines import Line, is_footer
from build_tools.text import is_value_like

# A tag, a comment or a declaration. Attribute values are bounded so that a stray quote cannot make the
# scan quadratic; text that merely contains "<" ("a < b") stays text.
_TAG_RE = re.compile(
    r"<!--.*?(?:-->|$)|<![^>]*>|<\?[^>]*>"
    r"|<(/?)([a-zA-Z][a-zA-Z0-9:-]*)((?:[^>\"']|\"[^\"]{0,2000}\"|'[^']{0,2000}')*)>",
    re.S,
)
_SPAN_RE = re.compile(r"\b(rowspan|colspan)\s*=\s*[\"']?\s*(\d+)", re.I)
_SPACE_RE = re.compile(r"\s+")

_BLOCK_TAGS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "br", "section", "article", "tr",
                         "table", "title", "caption", "blockquote", "pre", "dd", "dt", "td", "th", "body"})
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "head", "svg", "iframe", "object", "select",
                        "button"})
_RAW_TEXT = ("script", "style")  # their content is not markup: skip to the closing tag
_STRUCTURE = _BLOCK_TAGS | _SKIP_TAGS


class _Grid:
    """A table being read as a grid of positions, so that every cell keeps its column.

    A cell spanning columns prints once, at its first position: the positions it covers to the right are
    empty (a figure under a two-column merge is one figure, not two). A label spanning rows names each row
    it covers, so its text is carried down; a figure spanning rows is printed once.
    """

    def __init__(self) -> None:
        self.rows: list[tuple[int, dict[int, str]]] = []
        self.pending: dict[tuple[int, int], str] = {}  # (row, col) → text carried down by rowspan
        self.cell: list[str] | None = None
        self.spans = (1, 1)
        self.col = 0

    def start_row(self, line: int) -> None:
        self.end_cell()
        self.rows.append((line, {}))
        self.col = 0

    def start_cell(self, line: int, rowspan: int, colspan: int) -> None:
        self.end_cell()
        if not self.rows:
            self.start_row(line)
        self.cell = []
        self.spans = (rowspan, colspan)

    def text(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)

    def end_cell(self) -> None:
        if self.cell is None:
            return
        joined = "".join(self.cell)
        if "\n" in joined:  # <br> inside the cell ("商业<br>企业")
            text = "\n".join(p for p in (" ".join(part.split()) for part in joined.split("\n")) if p)
        else:
            text = " ".join(joined.split())
        r = len(self.rows) - 1
        row = self.rows[r][1]
        while (r, self.col) in self.pending or self.col in row:
            self.col += 1
        rowspan, colspan = self.spans
        carried = "" if is_value_like(text) else text
        for dc in range(colspan):
            row[self.col + dc] = text if dc == 0 else ""
            for dr in range(1, rowspan):
                self.pending[(r + dr, self.col + dc)] = carried if dc == 0 else ""
        self.col += colspan
        self.cell = None

    def finish(self) -> list[tuple[int, list[str]]]:
        self.end_cell()
        out = []
        for r, (line, row) in enumerate(self.rows):
            for (pr, pc), text in self.pending.items():
                if pr == r and pc not in row:
                    row[pc] = text
            if row:
                width = max(row) + 1
                out.append((line, [row.get(c, "") for c in range(width)]))
        return out


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 50))
    except ValueError:
        return 1


class _Reader:
    """Receive tags and text in document order; collect text blocks and table rows."""

    def __init__(self, layout_tables: set[int]) -> None:
        self.line = 1
        self.lines: list[Line] = []
        self.buffer: list[str] = []
        self.buffer_line = 1
        self.skip = 0
        self.grids: list[_Grid] = []
        self.layout_tables = layout_tables  # start offsets of the tables that are page layout
        self.open_tables: list[bool] = []  # for each open <table>: is it a report table (a grid)?

    def start(self, tag: str, attrs: str, offset: int) -> None:
        if tag in _SKIP_TAGS:
            self.skip += 1
            return
        if tag == "body":
            self.skip = 0  # a <head> left open ends where the body starts
        if self.skip:
            return
        if tag == "table":
            is_grid = offset not in self.layout_tables
            self.open_tables.append(is_grid)
            self.flush()
            if is_grid:
                self.grids.append(_Grid())
            return
        if self.in_grid():
            grid = self.grids[-1]
            if tag == "tr":
                grid.start_row(self.line)
            elif tag in ("td", "th"):
                spans = {k.lower(): v for k, v in _SPAN_RE.findall(attrs)} if attrs else {}
                grid.start_cell(self.line, _span(spans.get("rowspan")), _span(spans.get("colspan")))
            elif tag in _BLOCK_TAGS:
                grid.text("\n")  # <br>, or a new paragraph inside the cell ("<p>商业</p><p>企业</p>")
        elif tag in _BLOCK_TAGS:
            self.flush()

    def end(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if tag == "table" and self.open_tables:
            if self.open_tables.pop() and self.grids:
                self.add_grid(self.grids.pop().finish())
            else:
                self.flush()
        elif self.in_grid():
            if tag in ("td", "th"):
                self.grids[-1].end_cell()
        elif tag in _BLOCK_TAGS:
            self.flush()

    def add_grid(self, rows: list[tuple[int, list[str]]]) -> None:
        """Add a table's rows as lines of cells; a one-column table is a box around text, read as text."""
        if all(len(cells) <= 1 for _no, cells in rows):
            for no, cells in rows:
                for part in "\n".join(cells).split("\n"):
                    if part.strip() and not is_footer(part):
                        self.lines.append(Line(no, part.strip()))
            return
        for no, cells in rows:
            self.lines.append(Line(no, "\t".join(cells), tuple(cells)))

    def in_grid(self) -> bool:
        return bool(self.open_tables) and self.open_tables[-1] and bool(self.grids)

    def data(self, text: str, line: int) -> None:
        if self.skip:
            return
        if self.in_grid():
            self.grids[-1].text(text.replace("\n", " "))  # a newline in the source is a space in HTML
            return
        if not self.buffer:
            self.buffer_line = line
        self.buffer.append(text)

    def flush(self) -> None:
        text = _SPACE_RE.sub(" ", "".join(self.buffer)).strip()
        if text and not is_footer(text):
            self.lines.append(Line(self.buffer_line, text))
        self.buffer = []

    def close(self) -> list[Line]:
        self.flush()
        while self.open_tables:
            self.end("table")
        return self.lines


class _LineCounter:
    """The 1-based line of an offset, for offsets that only move forward."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.offset = 0
        self.line = 1

    def at(self, offset: int) -> int:
        self.line += self.text.count("\n", self.offset, offset)
        self.offset = offset
        return self.line


def _tags(text: str) -> list[tuple[int, int, str, bool, str]]:
    """Return the structural tags as (start, end, tag, closing, attributes).

    A <script> or <style> element comes out as one start tag whose end is the end of its closing tag.
    """
    out = []
    pos = 0
    for match in _TAG_RE.finditer(text):
        if match.start() < pos or not match.group(2):
            continue
        tag = match.group(2).lower()
        if tag not in _STRUCTURE:
            continue  # inline markup: <span>, <font>, <b> …
        end = match.end()
        if tag in _RAW_TEXT:
            if match.group(1):
                continue
            close = re.compile(rf"</{tag}\s*>", re.I).search(text, end)
            end = close.end() if close else len(text)
        out.append((match.start(), end, tag, bool(match.group(1)), match.group(3) or ""))
        pos = end
    return out


def _layout_tables(tags: list[tuple[int, int, str, bool, str]]) -> set[int]:
    """Return the start offsets of tables that hold another table: page layout, not report tables."""
    stack: list[int] = []
    layout: set[int] = set()
    for start, _end, tag, closing, _attrs in tags:
        if tag != "table":
            continue
        if closing:
            if stack:
                stack.pop()
        else:
            layout.update(stack)
            stack.append(start)
    return layout


def _text_between(text: str) -> str:
    """Text between two structural tags, with inline tags and comments dropped and entities decoded."""
    if "<" in text:
        text = _TAG_RE.sub("", text)
    return unescape(text) if "&" in text else text


def html_lines(text: str) -> list[Line]:
    """Read an HTML page into lines: blocks of text, and one Line with cells per table row."""
    tags = _tags(text)
    reader = _Reader(_layout_tables(tags))
    where = _LineCounter(text)
    pos = 0
    for start, end, tag, closing, attrs in tags:
        if start > pos and not reader.skip:
            between = _text_between(text[pos:start])
            if between:
                reader.data(between, where.at(pos))
        reader.line = where.at(start)
        if closing:
            reader.end(tag)
        else:
            reader.start(tag, attrs, start)
            if tag in _RAW_TEXT:
                reader.end(tag)
        pos = end
    if pos < len(text) and not reader.skip:
        between = _text_between(text[pos:])
        if between:
            reader.data(between, where.at(pos))
    return reader.close()
