"""Read a saved government web page: find the element that holds the report, then its text and tables.

A saved page wraps the report in navigation, banners, related links and footers. The report is the
deepest element that holds (nearly) all the section headings and table labels the page has. When the
title is printed outside that element, the nearest ancestor that adds the title and little else is read
instead, or else the page's last heading before the report that names a report. Tables are expanded
into their grid (rowspan/colspan), a merged cell written once at its first position.
"""

from __future__ import annotations

import bisect
import codecs
import email
import email.policy
import math
import re
from pathlib import Path
from typing import Any

from build_tools.ingest.detect import decode_text
from build_tools.ingest.layout import Block, CellBudget, Paragraph, Table, is_layout_table
from build_tools.ingest.limits import IngestError, Limits
from build_tools.labels import SECTIONS
from build_tools.sources import SourceError

_META_CHARSET_RE = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_XML_ENCODING_RE = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_GB_NAMES = {"gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "ms936", "windows-936", "euc-cn", "x-euc-cn", "csgb2312"}

# What a report has and a web page around it does not: the six section headings and table labels.
MARKERS: tuple[str, ...] = tuple(s.keywords[0] for s in SECTIONS) + (
    "第二十条第", "信息内容", "申请人情况", "本年新收", "上年结转", "予以公开", "不予公开", "无法提供",
    "不予处理", "结转下年度", "结果维持", "结果纠正", "尚未审结", "复议后起诉")
MIN_MARKERS = 3

_SKIP_TAGS = {"script", "style", "noscript", "template", "head", "iframe", "object", "embed", "svg", "select",
              "button", "input", "textarea", "map", "canvas", "audio", "video"}
_BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article", "main",
               "header", "footer", "nav", "aside", "blockquote", "pre", "dd", "dt", "dl", "tr", "caption", "center",
               "form", "fieldset", "address", "figure", "figcaption", "hr", "body", "html", "title", "table",
               "thead", "tbody", "tfoot", "td", "th"}
_TITLE_END_RE = re.compile(r"(?:报告|年报)(?:[（(][^）)]{0,6}[）)])?$")
_HIDDEN_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_CLIMB_CHARS = 300  # text an ancestor may add to the report (its title, a date line) and not be page furniture
MAX_SPAN = 100


def decode_page(data: bytes) -> tuple[str, str]:
    """Decode a web page: byte-order mark, UTF-8, the declared charset, then detection.

    Valid UTF-8 wins over a declared charset: pages are often re-saved as UTF-8 with their old
    <meta charset="gb2312"> kept, while Chinese text in GB encodings is practically never valid UTF-8.
    """
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return decode_text(data)
        except SourceError as exc:
            raise IngestError(f"web page: {exc}") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = _declared_charset(data[:4096])
    if declared:
        try:
            return data.decode(declared), declared
        except UnicodeDecodeError:
            pass
    try:
        return decode_text(data)
    except SourceError:
        pass
    if declared:
        text = data.decode(declared, errors="replace")
        if text.count("\ufffd") <= max(10, len(text) // 1000):
            return text, declared
    raise IngestError("web page in an unknown character encoding (not UTF-8, the declared charset, GB18030 "
                      "or UTF-16)")


def _declared_charset(head: bytes) -> str | None:
    match = _META_CHARSET_RE.search(head) or _XML_ENCODING_RE.search(head)
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore").lower()
    if name in _GB_NAMES:
        return "gb18030"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def mht_text(data: bytes) -> str:
    """Return the HTML page of a saved web archive (.mht), decoded."""
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() != "text/html":
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            continue
        charset = (part.get_content_charset() or "").lower()
        if charset:
            try:
                return payload.decode("gb18030" if charset in _GB_NAMES else charset)
            except (LookupError, UnicodeDecodeError):
                pass
        return decode_page(payload)[0]
    raise IngestError("web archive (.mht) without an HTML page in it")


def read_html(path: Path, limits: Limits, mht: bool = False) -> list[Block]:
    """Read a saved web page (HTML, or a .mht web archive) into the blocks of the report it holds."""
    data = path.read_bytes()
    text = mht_text(data) if mht else decode_page(data)[0]
    return read_html_text(text, limits)


def read_html_text(text: str, limits: Limits) -> list[Block]:
    """Read decoded HTML into the blocks of the report it holds."""
    root, body = _visible_page(text)
    title = " ".join((root.findtext(".//title") or "").split())
    index = _TextIndex(body)
    container = _report_element(body, index)
    blocks = _Walker(CellBudget(limits.max_cells)).blocks(container)
    if _has_title(blocks):
        return blocks
    size = index.length(container)
    element = container
    while element is not body and element.getparent() is not None:
        element = element.getparent()
        if index.length(element) - size > _CLIMB_CHARS:
            break
        wider = _Walker(CellBudget(limits.max_cells)).blocks(element)
        if _has_title(wider):
            return wider
    heading = _title_before(body, container, index) or title
    if heading:
        blocks.insert(0, Paragraph(heading))
    return blocks


def html_blocks(text: str, budget: CellBudget) -> list[Block]:
    """Read all of a decoded HTML document's visible body into blocks (a part of a document, not a page)."""
    if not text.strip():
        return []
    return _Walker(budget).blocks(_visible_page(text)[1])


def _visible_page(text: str) -> tuple[Any, Any]:
    """Parse decoded HTML and drop what a reader does not see (scripts, styles, hidden elements).

    Returns the document's root and its body (the root when there is no body).
    """
    import lxml.html
    from lxml import etree

    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    if not text.strip():
        raise IngestError("empty web page")
    try:
        root, too_deep = _parse_page(text)
        if too_deep:
            # A broken Word page leaves a <span> or <font> open on every line; libxml2 stops at 255 levels
            # and drops the rest of the page. Without its inline tags the page reads whole.
            root, too_deep = _parse_page(_INLINE_TAG_RE.sub("", text))
    except (etree.ParserError, ValueError) as exc:
        raise IngestError(f"not a readable web page: {exc}") from None
    if too_deep:
        raise IngestError("the web page nests its elements deeper than 255 levels, even without its inline "
                          "tags (span, font…): it cannot be read whole")
    for element in list(root.iter()):
        if not isinstance(element.tag, str) or element.tag.lower() in _SKIP_TAGS or _HIDDEN_RE.search(
                element.get("style") or ""):
            if element.getparent() is not None:
                element.drop_tree()
    body = root.find("body")
    return root, (root if body is None else body)


_INLINE_TAG_RE = re.compile(r"</?(?:span|font|b|i|u|s|em|strong|small|big|sup|sub|a|o:p|st1:\w+)\b[^>]*>",
                            re.IGNORECASE)


def _parse_page(text: str) -> tuple[Any, bool]:
    """Parse HTML; say whether libxml2 cut the document at its nesting limit."""
    import lxml.html

    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True)
    root = lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    return root, any("Excessive depth" in entry.message for entry in parser.error_log)


class _TextIndex:
    """The page's text without white space, read once, and where each element's text lies in it.

    An element's text (lxml's text_content) is a slice of the page's text, so "which markers does this
    element hold" is answered from the markers' positions instead of rereading the element's text: a large
    page has thousands of elements nested dozens deep.
    """

    def __init__(self, body: Any) -> None:
        chunks: list[str] = []
        self.spans: dict[Any, tuple[int, int]] = {}
        self.depths: dict[Any, int] = {}
        length = 0
        stack: list[tuple[Any, int, bool]] = [(body, 0, False)]
        starts: dict[Any, int] = {}
        while stack:
            element, depth, done = stack.pop()
            if done:
                self.spans[element] = (starts[element], length)
                if element is not body and element.tail:
                    chunk = "".join(element.tail.split())
                    chunks.append(chunk)
                    length += len(chunk)
                continue
            starts[element] = length
            self.depths[element] = depth
            chunk = "".join((element.text or "").split())
            chunks.append(chunk)
            length += len(chunk)
            stack.append((element, depth, True))
            stack.extend((child, depth + 1, False) for child in reversed(element))
        self.text = "".join(chunks)
        self.positions = {m: [x.start() for x in re.finditer(re.escape(m), self.text)] for m in MARKERS}

    def length(self, element: Any) -> int:
        start, end = self.spans.get(element, (0, 0))
        return end - start

    def markers(self, element: Any) -> set[str]:
        start, end = self.spans.get(element, (0, 0))
        found = set()
        for marker, positions in self.positions.items():
            at = bisect.bisect_left(positions, start)
            if at < len(positions) and positions[at] + len(marker) <= end:
                found.add(marker)
        return found


def _report_element(body: Any, index: _TextIndex) -> Any:
    """Return the element that holds the report (see the module docstring)."""
    whole = index.markers(body)
    if len(whole) < MIN_MARKERS:
        found = "、".join(sorted(whole)) or "none"
        raise IngestError(f"no annual report in this web page: it has {len(whole)} of the section headings and "
                          f"table labels of a report (found: {found}; expected e.g. 一、总体情况, "
                          "收到和处理政府信息公开申请情况)")
    need = math.ceil(0.8 * len(whole))
    best, best_depth = body, 0
    for element, depth in index.depths.items():
        if depth > best_depth and _tag(element) not in ("table", "tr", "tbody", "thead", "tfoot") and len(
                index.markers(element)) >= need:
            best, best_depth = element, depth
    return best


def _has_title(blocks: list[Block]) -> bool:
    """Tell whether the report's title is among its first lines."""
    return any(isinstance(b, Paragraph) and _is_title(b.text) for b in blocks[:6])


def _is_title(text: str) -> bool:
    """A short line that ends like the report's title: "…政府信息公开工作年度报告", "…年报（全文）"."""
    text = "".join(text.split())
    return len(text) <= 80 and bool(_TITLE_END_RE.search(text)) and ("政府信息公开" in text or "年度报告" in text)


def _title_before(body: Any, container: Any, index: _TextIndex) -> str:
    """The report's title when the page prints it outside the report's element: a heading before it."""
    found = ""
    for element in body.iter():
        if element is container:
            break
        if _tag(element) not in ("h1", "h2", "h3", "h4", "p", "div", "span", "td") or not (
                6 <= index.length(element) <= 100):
            continue
        text = " ".join(element.text_content().split())
        if _is_title(text):
            found = text
    return found


class _Walker:
    """Turn an element into blocks: text flows into lines at block boundaries; tables become grids."""

    def __init__(self, budget: CellBudget) -> None:
        self.budget = budget
        self.out: list[Block] = []
        self.buffer: list[str] = []

    def blocks(self, element: Any) -> list[Block]:
        self.out, self.buffer = [], []
        self._walk(element)
        self._flush()
        return self.out

    def _flush(self) -> None:
        text = "".join(self.buffer)
        self.buffer = []
        for line in text.split("\n"):
            if line.strip():
                self.out.append(Paragraph(line))

    def _walk(self, element: Any) -> None:
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if tag == "table":
            self._flush()
            self.out.extend(self._table(element))
        elif tag == "br":
            self.buffer.append("\n")
        else:
            block = tag in _BLOCK_TAGS
            if block:
                self.buffer.append("\n")
            if element.text:
                self.buffer.append(element.text)
            for child in element:
                self._walk(child)
                if child.tail:
                    self.buffer.append(child.tail)
            if block:
                self.buffer.append("\n")

    def _table(self, table: Any) -> list[Block]:
        rows: list[Any] = []
        for child in table.iterchildren():
            if _tag(child) == "tr":
                rows.append(child)
            elif _tag(child) in ("thead", "tbody", "tfoot"):
                rows.extend(tr for tr in child.iterchildren() if _tag(tr) == "tr")
        cells = [[td for td in tr.iterchildren() if _tag(td) in ("td", "th")] for tr in rows]
        out: list[Block] = []
        caption = next((c for c in table.iterchildren() if _tag(c) == "caption"), None)
        if caption is not None and caption.text_content().strip():
            out.append(Paragraph(caption.text_content()))
        if any(td.find(".//table") is not None for row in cells for td in row):
            for row in cells:
                for td in row:
                    out.extend(_Walker(self.budget).blocks(td))
            return out
        grid: dict[tuple[int, int], str] = {}
        taken: set[tuple[int, int]] = set()
        width = 0
        for r, row in enumerate(cells):
            c = 0
            for td in row:
                while (r, c) in taken:
                    c += 1
                colspan = max(1, min(_span(td.get("colspan")), MAX_SPAN))
                rowspan = _span(td.get("rowspan"))
                rowspan = len(cells) - r if rowspan == 0 else max(1, min(rowspan, len(cells) - r))
                self.budget.spend(colspan * rowspan)
                grid[(r, c)] = _cell_text(td)
                for dr in range(rowspan):
                    for dc in range(colspan):
                        taken.add((r + dr, c + dc))
                c += colspan
                width = max(width, c)
        self.budget.spend(len(cells) * width)
        table_block = Table(tuple(tuple(grid.get((r, c), "") for c in range(width)) for r in range(len(cells))))
        if is_layout_table(table_block):
            for row in cells:
                for td in row:
                    out.extend(_Walker(self.budget).blocks(td))
            return out
        out.append(table_block)
        return out


def _tag(element: Any) -> str:
    return element.tag.lower() if isinstance(element.tag, str) else ""


def _span(value: str | None) -> int:
    try:
        return int(str(value).strip()) if value is not None else 1
    except ValueError:
        return 1


def _cell_text(td: Any) -> str:
    walker = _Walker(CellBudget(10**9))
    blocks = walker.blocks(td)
    return "\n".join(b.text for b in blocks if isinstance(b, Paragraph))
