"""Read a PDF with a text layer: text lines outside tables, tables from their ruling lines, in page order.

pdfplumber finds the tables (cells from the drawn lines, a merged cell once at its first position) and the
text lines around them. Page numbers and running headers are dropped, lines wrapped inside a paragraph
are joined, and a table that runs on at the top of the next page, its columns lined up with the table
before it, is stitched to it: the header rows the page repeats are dropped, and a row that broke across
the pages is joined again. Where pdfminer cannot map a font's glyphs to characters ("(cid:12)"), the text
of that page is taken from pdfium instead.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from build_tools.ingest.layout import Block, CellBudget, Paragraph, Table, join_wrapped
from build_tools.ingest.limits import IngestError, Limits

_PAGE_NUMBER_RES = (
    re.compile(r"^[-—–－~～]*\s*\d{1,4}\s*[-—–－~～]*$"),  # 4, - 4 -, — 4 —
    re.compile(r"^第\s*\d{1,4}\s*页\s*(?:[,，/]?\s*共\s*\d{1,4}\s*页)?$"),  # 第 2 页, 第 2 页 共 9 页
    re.compile(r"^共\s*\d{1,4}\s*页\s*[,，]?\s*第\s*\d{1,4}\s*页$"),
    re.compile(r"^\d{1,4}\s*/\s*\d{1,4}$"),  # 2/9
    re.compile(r"^[Pp]age\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$"),
)
# A line that starts a heading or a numbered item never continues the paragraph above it.
_STARTS_ITEM_RE = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]+\s*[）)]|\d{1,2}\s*[、.．](?!\d)"
    r"|第[一二三四五六七八九十]+[部章节条]|[①-⑳])")
_VALUE_RE = re.compile(r"^[\d０-９+\-－.,，%/／—–\s]*$")
_CID_RE = re.compile(r"\(cid:\d+\)")
# A line that ends with three figures apart is a table row ("（一）予以公开 5345 129 0 41 19 14 5548"), not prose.
_FIGURES_END_RE = re.compile(r"(?:\s+[-+]?\d[\d,.]*){3,}\s*$")
_MARGIN_BAND = 0.1  # page headers and footers live in the top and bottom tenth of the page


@dataclass
class _Item:
    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    text: str = ""
    rows: list[list[str]] | None = None  # a table
    edges: list[float] | None = None  # the left edge of each of the table's columns

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 1.0)


def check_complete(path: Path) -> None:
    """Refuse a PDF whose end is missing: a truncated download reads as a shorter, wrong report."""
    with path.open("rb") as handle:
        handle.seek(0, 2)
        size = handle.tell()
        handle.seek(max(0, size - 4096))
        tail = handle.read()
    if b"%%EOF" not in tail:
        raise IngestError("truncated or damaged PDF: the end-of-file marker (%%EOF) is missing")


def read_pdf(path: Path, limits: Limits) -> list[Block]:
    """Read a PDF file into blocks."""
    check_complete(path)
    import pdfplumber

    try:
        pdf = pdfplumber.open(str(path))
    except Exception as exc:  # pdfplumber wraps pdfminer's many parse errors; name the cause
        raise IngestError(_open_error(exc)) from None
    with pdf:
        try:
            pages = pdf.pages
        except Exception as exc:
            raise IngestError(_open_error(exc)) from None
        if not pages:
            raise IngestError("the PDF has no pages")
        if len(pages) > limits.max_pages:
            raise IngestError(f"the PDF has {len(pages)} pages (limit {limits.max_pages}): "
                              "not a single annual report")
        reader = _PdfReader(path, CellBudget(limits.max_cells))
        for number, page in enumerate(pages):
            reader.read_page(number, page)
            page.close()
        reader.close()
    return reader.blocks()


def _open_error(exc: Exception) -> str:
    cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
    name = type(cause).__name__
    if name in ("PDFPasswordIncorrect", "PDFEncryptionError", "PDFEncryptionWarning"):
        return "the PDF is password-protected: save a copy without a password"
    return f"damaged PDF: {name}: {' '.join(str(cause).split())[:200] or 'cannot be parsed'}"


class _PdfReader:
    def __init__(self, path: Path, budget: CellBudget) -> None:
        self.path = path
        self.budget = budget
        self.pages: list[list[_Item]] = []
        self.heights: list[float] = []
        self.characters = 0
        self.unmapped_text: list[str] = []  # pdfium's text of the pages whose fonts pdfminer could not map
        self._pdfium: Any = None

    def close(self) -> None:
        if self._pdfium is not None:
            self._pdfium.close()

    def read_page(self, number: int, page: Any) -> None:
        page = page.dedupe_chars()
        chars = [c for c in page.chars if c.get("text", "").strip()]
        self.heights.append(float(page.height))
        if not chars:
            self.pages.append([])
            return
        self.characters += len(chars)
        unmapped = sum(1 for c in chars if _CID_RE.fullmatch(c["text"])) > 0.1 * len(chars)
        text_of = self._pdfium_text(number, float(page.height)) if unmapped else None
        tables = [t for t in page.find_tables() if len(t.rows) >= 1 and max(len(r.cells) for r in t.rows) >= 2]
        boxes = [t.bbox for t in tables]

        def outside(obj: dict[str, Any]) -> bool:
            if obj.get("object_type") != "char":
                return True
            cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
            return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

        items: list[_Item] = []
        for line in page.filter(outside).extract_text_lines(return_chars=False):
            text = line["text"]
            if text_of is not None:
                text = text_of((line["x0"], line["top"], line["x1"], line["bottom"]))
            items.append(_Item(number, line["top"], line["bottom"], line["x0"], line["x1"], text))
        for table in tables:
            rows = self._table_rows(table, text_of)
            self.budget.spend(sum(len(r) for r in rows))
            x0, top, x1, bottom = table.bbox
            items.append(_Item(number, top, bottom, x0, x1, rows=rows, edges=_column_edges(table)))
        items.sort(key=lambda i: (i.top, i.x0))
        self.pages.append(items)

    def _table_rows(self, table: Any, text_of: Callable[[tuple], str] | None) -> list[list[str]]:
        if text_of is None:
            return [[_cell(c) for c in row] for row in table.extract()]
        return [[text_of(c) if c is not None else "" for c in row.cells] for row in table.rows]

    def _pdfium_text(self, number: int, height: float) -> Callable[[tuple], str]:
        import pypdfium2

        if self._pdfium is None:
            self._pdfium = pypdfium2.PdfDocument(str(self.path))
        textpage = self._pdfium[number].get_textpage()
        self.unmapped_text.append(textpage.get_text_range())

        def text_of(box: tuple) -> str:
            x0, top, x1, bottom = box
            text = textpage.get_text_bounded(left=x0 - 1, bottom=height - bottom - 1, right=x1 + 1,
                                             top=height - top + 1)
            return join_wrapped(text.replace("\r", "").split("\n"))

        return text_of

    def blocks(self) -> list[Block]:
        if self.characters == 0:
            raise IngestError("scanned PDF without a text layer: OCR is not supported")
        if self.unmapped_text and not _readable("".join(self.unmapped_text)):
            raise IngestError("the PDF's fonts do not say which characters they draw (its text comes out as "
                              "(cid:N) codes): the text cannot be read, and OCR is not supported")
        self._drop_margins()
        return _paragraphs(self._stitch())

    def _drop_margins(self) -> None:
        """Drop page numbers and running headers/footers: lines in the page margins that repeat."""
        repeated: Counter[str] = Counter()
        for items in self.pages:
            repeated.update({_shape(i.text) for i in items if i.rows is None and self._in_margin(i)})
        many = len(self.pages) >= 3
        for number, items in enumerate(self.pages):
            self.pages[number] = [
                i for i in items
                if i.rows is not None or not self._in_margin(i) or not (
                    any(p.match(i.text.strip()) for p in _PAGE_NUMBER_RES)
                    or (many and repeated[_shape(i.text)] >= 0.6 * len(self.pages)))]

    def _in_margin(self, item: _Item) -> bool:
        height = self.heights[item.page]
        return item.bottom <= height * _MARGIN_BAND or item.top >= height * (1 - _MARGIN_BAND)

    def _stitch(self) -> list[_Item]:
        """Join a table that runs on over a page break; drop the header rows the new page repeats.

        The part on the new page continues the table when its columns are the table's columns: the same
        left edges, or some of them (cells merged across columns draw no line between them).
        """
        out: list[_Item] = []
        for items in self.pages:
            for index, item in enumerate(items):
                previous = _last_table(out)
                placing = None
                if (index == 0 and item.rows is not None and previous is not None and previous.rows is not None
                        and previous.page == item.page - 1):
                    placing = _place_columns(previous.edges or [], item.edges or [])
                    if placing is None:
                        placing = _place_finer_columns(previous, item)
                if placing is None or previous is None or previous.rows is None or item.rows is None:
                    out.append(item)
                    continue
                width = _width(previous.rows)
                rows = []
                for row in item.rows:
                    parts: list[list[str]] = [[] for _ in range(width)]
                    for j, text in enumerate(row):
                        parts[placing[j]].append(text)
                    rows.append([join_wrapped(p) for p in parts])
                rows = rows[_repeated_header(previous.rows, rows):]
                if rows and _continues_row(previous.rows[-1], rows[0]):
                    previous.rows[-1] = [join_wrapped([a, b]) for a, b in zip(previous.rows[-1], rows[0], strict=False)]
                    rows = rows[1:]
                previous.rows.extend(rows)
                previous.page, previous.bottom = item.page, item.bottom
        return out


def _last_table(out: list[_Item]) -> _Item | None:
    """The item a new page's first table may continue: the last item, or the last table when the only items
    after it stand beside it (text drawn right of the table's lines, such as a column the page cut off:
    "总计" beside the header)."""
    for back in range(len(out) - 1, -1, -1):
        item = out[back]
        if item.rows is not None:
            beside = out[back + 1:]
            if all(b.x0 >= item.x1 - 2 and (b.page < item.page or b.bottom <= item.bottom + 2) for b in beside):
                return item
            break
    return out[-1] if out else None


def _paragraphs(items: list[_Item]) -> list[Block]:
    """Turn items into blocks, joining lines that wrap inside one paragraph."""
    lines = [i for i in items if i.rows is None]
    left = min((i.x0 for i in lines), default=0.0)
    right = max((i.x1 for i in lines), default=0.0)
    blocks: list[Block] = []
    previous: _Item | None = None
    for item in items:
        if item.rows is not None:
            width = _width(item.rows)
            blocks.append(Table(tuple(tuple(r) + ("",) * (width - len(r)) for r in item.rows)))
            previous = None
            continue
        if previous is not None and _continues(previous, item, left, right):
            last = blocks[-1]
            assert isinstance(last, Paragraph)
            blocks[-1] = Paragraph(join_wrapped([last.text, item.text]))
        else:
            blocks.append(Paragraph(item.text))
        previous = item
    return blocks


def _continues(previous: _Item, item: _Item, left: float, right: float) -> bool:
    """Tell whether `item` is the next line of the paragraph `previous` ends: full width above, no indent.

    "Full width" allows two characters short of the margin: Chinese line breaking moves a character to the
    next line rather than start a line with punctuation (，。、).
    """
    size = max(previous.height, item.height)
    if right - left < 15 * size:  # no real text column to measure "full width" against
        return False
    if previous.x1 < right - 2.5 * size or item.x0 > left + 0.5 * size or _STARTS_ITEM_RE.match(item.text):
        return False
    if _FIGURES_END_RE.search(previous.text):
        return False  # a table row drawn without lines: what follows is the next piece of a label
    if item.page == previous.page:
        return 0 <= item.top - previous.bottom < 0.9 * size
    return item.page == previous.page + 1


def _column_edges(table: Any) -> list[float]:
    edges = []
    for j in range(max((len(r.cells) for r in table.rows), default=0)):
        xs = [r.cells[j][0] for r in table.rows if j < len(r.cells) and r.cells[j] is not None]
        edges.append(min(xs) if xs else float("nan"))
    return edges


def _place_columns(target: list[float], edges: list[float], tolerance: float = 3.0) -> list[int] | None:
    """Map each column of a table part onto the column of `target` with the same left edge, if all have one."""
    placing: list[int] = []
    for x in edges:
        match = [k for k, t in enumerate(target) if abs(t - x) <= tolerance]
        if not match or (placing and match[0] <= placing[-1]):
            return None
        placing.append(match[0])
    return placing if placing else None


def _place_finer_columns(previous: _Item, item: _Item, tolerance: float = 3.0) -> list[int] | None:
    """Map the columns of a table part drawn on a finer grid onto the columns of the part before it.

    A table's rows can draw lines the rows before the page break do not: the label merged over three grid
    positions above the break is drawn as three cells below it ("三、本年度办理结果 | （一）予以公开 | 1.…"),
    or a column split under one header. Each column of the new part goes into the column whose span holds
    its left edge. The part continues the table only when it spans the same width, every column of the
    table before starts where a column of the new part does, and the columns sharing one column never
    both print a figure in one row (labels are joined; a figure is never joined to another).
    """
    target, edges = previous.edges or [], item.edges or []
    if not target or len(edges) <= len(target) or any(x != x for x in target + edges):  # nan: column unseen
        return None
    if abs(previous.x0 - item.x0) > tolerance or abs(previous.x1 - item.x1) > tolerance:
        return None
    if not all(any(abs(t - x) <= tolerance for x in edges) for t in target):
        return None
    placing = [max(k for k, t in enumerate(target) if t <= x + tolerance) if x + tolerance >= target[0] else -1
               for x in edges]
    if placing[0] != 0 or placing != sorted(placing):
        return None
    for row in item.rows or []:
        for k in set(placing):
            shared = [text for j, text in enumerate(row) if j < len(placing) and placing[j] == k and text.strip()]
            if len(shared) > 1 and any(_VALUE_RE.match(text) for text in shared):
                return None
    return placing


def _readable(text: str) -> bool:
    """Tell whether text recovered from unmapped fonts reads as Chinese rather than glyph codes."""
    letters = [ch for ch in text if not ch.isspace()]
    cjk = sum(1 for ch in letters if "\u4e00" <= ch <= "\u9fff")
    return bool(letters) and cjk >= 0.2 * len(letters) and not _CID_RE.search(text)


def _continues_row(last: list[str], first: list[str]) -> bool:
    """Tell whether a page's first table row is the rest of the row the page before ended with.

    A row allowed to break across pages leaves its wrapped labels on the next page and no figures: text
    only under cells that have text above it, and none of it starting a numbered label of its own.
    """
    filled = [(a, b) for a, b in zip(last, first, strict=False) if b.strip()]
    return bool(filled) and all(a.strip() and not _VALUE_RE.match(b) and not _STARTS_ITEM_RE.match(b)
                                for a, b in filled)


def _cell(text: str | None) -> str:
    return join_wrapped(text.split("\n")) if text else ""


def _width(rows: list[list[str]]) -> int:
    return max((len(r) for r in rows), default=0)


def _squash(text: str) -> str:
    return "".join(text.split())


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", "".join(text.split()))


def _repeated_header(first: list[list[str]], continuation: list[list[str]]) -> int:
    """How many leading rows of the continuation repeat the table's own first rows."""
    count = 0
    while (count < min(len(first), len(continuation) - 1, 6)
           and [_squash(c) for c in first[count]] == [_squash(c) for c in continuation[count]]
           and any(c.strip() for c in first[count])):
        count += 1
    return count
