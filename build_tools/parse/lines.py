"""Turn decoded report text (plain text or an HTML page) into numbered lines, artefacts removed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

_BOOKMARK_RE = re.compile(r"\[bookmark:[^\]]*\]")
_FOOTER_RES = (
    re.compile(r"^\s*[-—–－]\s*\d{1,3}\s*[-—–－]\s*$"),  # - 4 -
    re.compile(r"^\s*第\s*\d{1,3}\s*页\s*(?:[,，/]?\s*共\s*\d{1,3}\s*页)?\s*$"),  # 第 4 页 共 9 页
    re.compile(r"^\s*\d{1,3}\s*/\s*\d{1,3}\s*$"),  # 4/9
    re.compile(r"^\s*[Pp]age\s*\d{1,3}(?:\s*of\s*\d{1,3})?\s*$"),
)
_HTML_RE = re.compile(r"<\s*(?:table|html|body|p|div|tr|td)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Line:
    """One line of a report: its 1-based source line, its text, and table cells when the source gave them."""

    no: int
    text: str
    cells: tuple[str, ...] | None = None


def is_footer(text: str) -> bool:
    """Tell whether a line is a page header/footer left by a PDF or Word export ("- 4 -", "第 4 页")."""
    return any(p.match(text) for p in _FOOTER_RES)


def split_lines(text: str) -> list[Line]:
    """Split report text into lines, dropping export artefacts; HTML is turned into lines and table rows."""
    if _HTML_RE.search(text[:20000]):
        lines = html_lines(text)
        if any(line.cells for line in lines) or sum(len(line.text) for line in lines) > 200:
            return lines
    out = []
    for no, raw in enumerate(text.split("\n"), start=1):
        raw = _BOOKMARK_RE.sub("", raw)
        if is_footer(raw):
            continue
        out.append(Line(no, raw.rstrip("\r")))
    return out


_BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "br", "section", "article", "tr", "table",
               "title", "caption", "blockquote", "pre", "dd", "dt"}
_SKIP_TAGS = {"script", "style", "noscript", "template", "head", "svg", "iframe", "object", "select", "button"}


class _HTMLLines(HTMLParser):
    """Collect text blocks and table rows (rowspan/colspan expanded) with source line numbers."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[Line] = []
        self.buffer: list[str] = []
        self.buffer_line = 1
        self.skip = 0
        self.tables: list[_Table] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skip += 1
            return
        if self.skip:
            return
        attr = dict(attrs)
        if tag == "table":
            self.flush()
            self.tables.append(_Table())
        elif self.tables and tag == "tr":
            self.tables[-1].start_row(self.getpos()[0])
        elif self.tables and tag in ("td", "th"):
            self.tables[-1].start_cell(_span(attr.get("rowspan")), _span(attr.get("colspan")))
        elif tag in _BLOCK_TAGS and not self.tables:
            self.flush()
        elif tag == "br" and self.tables:
            self.tables[-1].text("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if tag == "table" and self.tables:
            table = self.tables.pop()
            for no, cells in table.finish():
                if self.tables:
                    self.tables[-1].text(" ".join(c for c in cells if c))
                else:
                    self.lines.append(Line(no, "\t".join(cells), tuple(cells)))
        elif self.tables and tag in ("td", "th"):
            self.tables[-1].end_cell()
        elif tag in _BLOCK_TAGS and not self.tables:
            self.flush()

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.tables:
            self.tables[-1].text(data)
            return
        if not self.buffer:
            self.buffer_line = self.getpos()[0]
        self.buffer.append(data)

    def flush(self) -> None:
        text = re.sub(r"\s+", " ", "".join(self.buffer)).strip()
        if text and not is_footer(text):
            self.lines.append(Line(self.buffer_line, text))
        self.buffer = []


class _Table:
    """A table being read: a grid where a spanning cell fills every position it covers."""

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

    def start_cell(self, rowspan: int, colspan: int) -> None:
        self.end_cell()
        if not self.rows:
            self.start_row(0)
        self.cell = []
        self.spans = (rowspan, colspan)

    def text(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)

    def end_cell(self) -> None:
        if self.cell is None:
            return
        text = re.sub(r"[ \t\r\f\v]+", " ", "".join(self.cell)).strip()
        text = re.sub(r"\s*\n\s*", "\n", text)
        r = len(self.rows) - 1
        row = self.rows[r][1]
        while (r, self.col) in self.pending or self.col in row:
            self.col += 1
        rowspan, colspan = self.spans
        for dc in range(colspan):
            row[self.col + dc] = text
            for dr in range(1, rowspan):
                self.pending[(r + dr, self.col + dc)] = text
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


def html_lines(text: str) -> list[Line]:
    """Read an HTML page into lines: blocks of text, and one Line with cells per table row."""
    parser = _HTMLLines()
    try:
        parser.feed(text)
        parser.close()
    except Exception:  # html.parser is lenient; anything it still raises means "not HTML we can read"
        return []
    parser.flush()
    while parser.tables:
        parser.handle_endtag("table")
    return parser.lines
