"""Turn an HTML page into report lines: blocks of text, and one line of cells per table row.

A regular-expression tokenizer rather than html.parser: report pages are mostly inline markup (<span>,
<font>), which is skipped at once, and each report table is read in one go, row by row. A table that
holds another table is page layout, not a report table: its cells are read as blocks of text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import unescape

from build_tools.parse.lines import Line, continue_line, ends_in_break, is_footer, strip_markdown
from build_tools.text import is_value_like

# A tag, a comment or a declaration. Attribute values are bounded so that a stray quote cannot make the
# scan quadratic; text that merely contains "<" ("a < b") stays text.
_TAG_RE = re.compile(
    r"<!--.*?(?:-->|$)|<![^>]*>|<\?[^>]*>"
    r"|<(/?)([a-zA-Z][a-zA-Z0-9:-]*)([^>\"']*(?:(?:\"[^\"]{0,2000}\"|'[^']{0,2000}')[^>\"']*)*)>",
    re.S,
)
_BREAK_RE = re.compile(r"<(?:br|p|div|li|h[1-6])\b[^>]*>", re.I)  # a new line inside a table cell
_SPAN_RE = re.compile(r"\b(rowspan|colspan)\s*=\s*[\"']?\s*(\d+)", re.I)

_BLOCK_TAGS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "br", "section", "article", "tr",
                         "table", "title", "caption", "blockquote", "pre", "dd", "dt", "td", "th", "body"})
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "head", "svg", "iframe", "object", "select",
                        "button"})
_RAW_TEXT = ("script", "style")  # their content is not markup
_STRUCTURE = _BLOCK_TAGS | _SKIP_TAGS

Tag = tuple[int, int, str, bool, str]  # (start, end, name, closing, attributes)


_COMMENT_RE = re.compile(r"<!--.*?(?:-->|$)", re.S)
# Only the tags that shape the text; inline markup is removed where text is taken (_between, _cell_text).
# The names are tried most frequent first (a table's cells and rows, paragraphs); \b makes their order
# irrelevant to what matches, since no name followed by a word boundary is the start of another.
_FREQUENT = ("td", "p", "tr", "th", "br", "div", "table", "li", "body")
_STRUCTURE_RE = re.compile(
    r"<(/?)(" + "|".join(_FREQUENT + tuple(sorted(_STRUCTURE - set(_FREQUENT)))) + r")\b"
    r"([^>\"']*(?:(?:\"[^\"]{0,2000}\"|'[^']{0,2000}')[^>\"']*)*)>",
    re.I,
)


def _without_comments(text: str) -> str:
    """Blank out comments (Word's <!--[if gte mso 9]>…), keeping their line breaks for line numbers."""
    if "<!--" not in text:
        return text
    return _COMMENT_RE.sub(lambda m: "\n" * m.group().count("\n"), text)


def _tags(text: str) -> list[Tag]:
    """Return the structural tags in order; a <script> or <style> element comes out as one start tag."""
    out: list[Tag] = []
    pos = 0
    for match in _STRUCTURE_RE.finditer(text):
        if match.start() < pos:
            continue
        closing, name, attrs = match.groups()
        tag = name.lower()
        end = match.end()
        if tag in _RAW_TEXT:
            if closing:
                continue
            close = re.compile(rf"</{tag}\s*>", re.I).search(text, end)
            end = close.end() if close else len(text)
        out.append((match.start(), end, tag, bool(closing), attrs))
        pos = end
    return out


def _tables(tags: list[Tag]) -> tuple[dict[int, int], set[int]]:
    """Return (index of each <table> → index of its </table>, indexes of tables that hold another table)."""
    ends: dict[int, int] = {}
    layout: set[int] = set()
    stack: list[int] = []
    for i, (_start, _end, tag, closing, _attrs) in enumerate(tags):
        if tag != "table":
            continue
        if not closing:
            layout.update(stack)
            stack.append(i)
        elif stack:
            ends[stack.pop()] = i
    for i in stack:
        ends[i] = len(tags)
    return ends, layout


class _Grid:
    """A table as a grid of positions, so that every cell keeps its column.

    A cell spanning columns prints once, at its first position: the positions it covers to the right are
    empty (a figure under a two-column merge is one figure, not two). A label spanning rows names each row
    it covers, so its text is carried down; a figure spanning rows is printed once.
    """

    # Positions that spans may cover in one table: a report table covers a few hundred; a page with
    # thousands of 50 × 50 spans would otherwise take seconds to read.
    SPAN_BUDGET = 20000

    def __init__(self) -> None:
        self.rows: list[tuple[int, dict[int, str]]] = []
        self.pending: dict[int, dict[int, str]] = {}  # row → column → text carried down by a rowspan
        self.col = 0
        self.budget = self.SPAN_BUDGET

    def start_row(self, line: int) -> None:
        self.rows.append((line, {}))
        self.col = 0

    def add_cell(self, line: int, text: str, rowspan: int, colspan: int) -> None:
        if not self.rows:
            self.start_row(line)
        r = len(self.rows) - 1
        row = self.rows[r][1]
        below = self.pending.get(r, {})
        while self.col in below or self.col in row:
            self.col += 1
        if rowspan * colspan > 1:
            self.budget -= rowspan * colspan
            if self.budget < 0:
                rowspan = colspan = 1
        carried = "" if is_value_like(text) else text
        for dc in range(colspan):
            row[self.col + dc] = text if dc == 0 else ""
        for dr in range(1, rowspan):
            covered = self.pending.setdefault(r + dr, {})
            for dc in range(colspan):
                covered[self.col + dc] = carried if dc == 0 else ""
        self.col += colspan

    def finish(self) -> list[tuple[int, list[str]]]:
        out = []
        for r, (line, row) in enumerate(self.rows):
            for col, text in self.pending.get(r, {}).items():
                row.setdefault(col, text)
            if row:
                width = max(row) + 1
                out.append((line, [row.get(c, "") for c in range(width)]))
        return out


@lru_cache(maxsize=1 << 12)
def _span(attrs: str) -> tuple[int, int]:
    if not attrs:
        return 1, 1
    spans = {k.lower(): v for k, v in _SPAN_RE.findall(attrs)}
    return _clamp(spans.get("rowspan")), _clamp(spans.get("colspan"))


def _clamp(value: str | None) -> int:
    return max(1, min(int(value or 1), 50))


@lru_cache(maxsize=1 << 14)
def _cell_text(html: str) -> str:
    """The text of a cell: a new line for <br> and each paragraph, spaces collapsed, entities decoded
    (memoised: a table repeats its cells' markup, "<p><span>0</span></p>")."""
    if "<" in html:
        html = _TAG_RE.sub("", _BREAK_RE.sub("\n", html.replace("\n", " ")))
    elif "\n" in html:
        html = html.replace("\n", " ")
    if "&" in html:
        html = unescape(html)
    if "\n" in html:
        return "\n".join(p for p in (" ".join(part.split()) for part in html.split("\n")) if p)
    return " ".join(html.split())


def _read_table(text: str, tags: list[Tag], stop: int, where: _LineCounter) -> list[tuple[int, list[str]]]:
    """Read a report table's rows from the tags between its <table> and its </table> at `stop`."""
    ends = [stop] * len(tags)  # where each cell's content ends: at the next row or cell tag
    bound = stop
    for i in range(len(tags) - 1, -1, -1):
        ends[i] = bound
        if tags[i][2] in ("tr", "td", "th"):
            bound = tags[i][0]
    grid = _Grid()
    for (start, end, tag, closing, attrs), content_end in zip(tags, ends):
        if closing:
            continue
        if tag == "tr":
            grid.start_row(where.at(start))
        elif tag in ("td", "th"):
            rowspan, colspan = _span(attrs)
            grid.add_cell(where.at(start), _cell_text(text[end:content_end]), rowspan, colspan)
    return grid.finish()


class _Reader:
    """Receive the text between tags in document order and cut it into blocks at block tags."""

    def __init__(self, markdown: bool = False) -> None:
        self.lines: list[Line] = []
        self.buffer: list[str] = []
        self.buffer_line = 1
        self.skip = 0
        self.markdown = markdown  # text outside the tags is Markdown: its line breaks are rows and paragraphs

    def tag(self, tag: str, closing: bool) -> None:
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1) if closing else self.skip + 1
            return
        if tag == "body":
            self.skip = 0  # a <head> left open ends where the body starts
        if not self.skip and tag in _BLOCK_TAGS:
            self.flush()

    def data(self, text: str, line: int) -> None:
        if not self.buffer:
            self.buffer_line = line
        self.buffer.append(text)

    def flush(self) -> None:
        if self.markdown:
            broken = False  # the part before ended in a hard line break: this one goes on with it
            for offset, raw in enumerate("".join(self.buffer).split("\n")):
                part = strip_markdown(raw.rstrip())
                if part.strip() and not is_footer(part):
                    if broken and self.lines:
                        last = self.lines.pop()
                        self.lines.append(Line(last.no, continue_line(last.text, part)))
                    else:
                        self.lines.append(Line(self.buffer_line + offset, part))
                broken = ends_in_break(raw)
            self.buffer = []
            return
        text = " ".join("".join(self.buffer).split())  # runs of white space made one space
        if text and not is_footer(text):
            self.lines.append(Line(self.buffer_line, text))
        self.buffer = []

    def add_table(self, rows: list[tuple[int, list[str]]]) -> None:
        """Add a table's rows as lines of cells; a one-column table is a box around text, read as text."""
        self.flush()
        if all(len(cells) <= 1 for _no, cells in rows):
            for no, cells in rows:
                for part in "\n".join(cells).split("\n"):
                    if part.strip() and not is_footer(part):
                        self.lines.append(Line(no, part.strip()))
            return
        for no, cells in rows:
            self.lines.append(Line(no, "\t".join(cells), tuple(cells)))


class _LineCounter:
    """The 1-based line of an offset, for offsets that only move forward."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.offset = 0
        self.line = 1

    def at(self, offset: int) -> int:
        if offset > self.offset:
            self.line += self.text.count("\n", self.offset, offset)
            self.offset = offset
        return self.line


def _between(text: str) -> str:
    """Text between two structural tags, with inline tags and comments dropped and entities decoded."""
    if "<" in text:
        text = _TAG_RE.sub("", text)
    return unescape(text) if "&" in text else text


def html_lines(text: str, markdown: bool = False) -> list[Line]:
    """Read an HTML page into lines: blocks of text, and one Line with cells per table row.

    With `markdown`, the text between the tags is Markdown (pandoc's output with raw HTML tables): its
    line breaks are kept, so that its headings, paragraphs and pipe or simple tables stay lines.
    """
    text = _without_comments(text)
    tags = _tags(text)
    ends, layout = _tables(tags)
    reader = _Reader(markdown)
    where = _LineCounter(text)
    pos = 0
    i = 0
    while i < len(tags):
        start, end, tag, closing, _attrs = tags[i]
        if start > pos and not reader.skip:
            between = _between(text[pos:start])
            if between.strip():
                reader.data(between, where.at(pos))
        if tag == "table" and not closing and i not in layout and not reader.skip:
            close = ends[i]
            stop = tags[close][0] if close < len(tags) else len(text)
            reader.add_table(_read_table(text, tags[i + 1:close], stop, where))
            pos = tags[close][1] if close < len(tags) else len(text)
            i = close + 1
            continue
        reader.tag(tag, closing)
        pos = end
        i += 1
    if pos < len(text) and not reader.skip:
        between = _between(text[pos:])
        if between.strip():
            reader.data(between, where.at(pos))
    reader.flush()
    return reader.lines
