"""Turn decoded report text (plain text or an HTML page) into numbered lines, artefacts removed."""

from __future__ import annotations

import re
from dataclasses import dataclass

from build_tools.text import display_width

_BOOKMARK_RE = re.compile(r"\[bookmark:[^\]]*\]")
_FOOTER_RE = re.compile(
    r"^\s*(?:[-—–－]\s*\d{1,3}\s*[-—–－]"  # - 4 -
    r"|第\s*\d{1,3}\s*页\s*(?:[,，/]?\s*共\s*\d{1,3}\s*页)?"  # 第 4 页 共 9 页
    r"|\d{1,3}\s*/\s*\d{1,3}"  # 4/9
    r"|[Pp]age\s*\d{1,3}(?:\s*of\s*\d{1,3})?)\s*$"
)
# Page chrome a saved or crawled government page carries around the report: the breadcrumb, the site's
# footer, Word's style sheet left as text by a site's editor, and lines of nothing but buttons.
_CHROME_RE = re.compile(
    r"^\s*(?:当前位置|您现在的位置|您的位置|所在位置)\s*[:：]"
    r"|网站标识码|ICP备|公网安备|版权所有|主办单位\s*[:：]|承办单位\s*[:：]"
    r"|MsoNormal|mso-[a-z]|Style Definitions|EN-US ZH-CN|X-NONE|^\s*Normal \d|font-family\s*:"
)
_BUTTON = (r"(?:分享到[:：]?|微信|微博|QQ空间|QQ|朋友圈|豆瓣|收藏|打印本页|打印|关闭窗口|关闭|全真版|文字版|文件下载|下载"
           r"|扫一扫|字号[:：]?\s*大\s*中\s*小)")
_BUTTONS_RE = re.compile(rf"^[\s【】\[\]·|]*{_BUTTON}(?:[\s【】\[\]·|]*{_BUTTON})*[\s【】\[\]·|]*$")
_HTML_RE = re.compile(r"<\s*(?:table|html|body|p|div|tr|td)\b", re.IGNORECASE)
# Markdown marks around a heading or a bold line ("## 一、总体情况", "**（一）主动公开**"); tables keep their pipes.
_MARKDOWN_HEADING_RE = re.compile(r"^\s{0,3}#{1,6}\s+")
_MARKDOWN_BOLD_RE = re.compile(r"^(\s*)(\*\*|__)(.+?)\2\s*$")
# Markers of a Markdown document (pandoc, html2text) that may hold raw HTML tables: headings, table rules,
# pandoc's fenced divs and simple-table rules.
_MARKDOWN_DOC_RE = re.compile(r"^(?:#{1,6} \S|\|?\s*:?-{3,}:?\s*\||:{3,}|\s*-{3,}(?: +-{3,})+\s*$)", re.M)
_MARKDOWN_LINK_RE = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")
_MARKDOWN_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>~\"'])")
_MARKDOWN_ATTRS_RE = re.compile(r"\s*\{[#.][^}\n]*\}\s*$")
_MARKDOWN_DIV_RE = re.compile(r"^\s*:{3,}")
# A backslash at the end of a line: Markdown's hard line break (pandoc writes a <br> so), not a cell's "\".
_MARKDOWN_BREAK_RE = re.compile(r"(?<!\\)\\\s*$")


@dataclass(slots=True)
class Line:
    """One line of a report: its 1-based source line, its text, and table cells when the source gave them.

    Never changed once made (a line that reads differently is a new Line). Not a frozen dataclass: a report
    makes hundreds of lines, and a frozen dataclass is three times slower to construct.
    """

    no: int
    text: str
    cells: tuple[str, ...] | None = None

    def __hash__(self) -> int:
        # Lines go into sets by the hundred; equal lines have equal numbers and text (whose hash Python
        # keeps), so this is cheaper than hashing every field, cells included.
        return hash(self.text) ^ self.no


def is_footer(text: str) -> bool:
    """Tell whether a line is a page header/footer left by a PDF or Word export ("- 4 -", "第 4 页")."""
    return len(text) <= 40 and _FOOTER_RE.match(text) is not None


def is_chrome(text: str) -> bool:
    """Tell whether a line is page chrome around a report: breadcrumb, buttons, site footer, Word style text."""
    if len(text) > 400:
        return False
    return _CHROME_RE.search(text) is not None or _BUTTONS_RE.match(text) is not None


def looks_like_html(text: str) -> bool:
    """Tell an HTML page from text that merely mentions a tag: it starts with markup or has several tags."""
    head = text[:20000]
    return head.lstrip("\ufeff \t\r\n")[:1] == "<" or len(_HTML_RE.findall(head)) >= 3


def has_boxes(text: str) -> bool:
    """Tell whether text may hold a box-drawn table (a cheap test before the real reading)."""
    return "│" in text or "┃" in text or "║" in text or "+-" in text or "+=" in text or "--- ---" in text


def split_lines(text: str) -> list[Line]:
    """Split report text into lines, dropping export artefacts; HTML is turned into lines and table rows."""
    if looks_like_html(text):
        from build_tools.parse.markup import html_lines  # markup builds on Line

        markdown = looks_like_markdown(text)
        lines = html_lines(text, markdown=markdown)
        if markdown and has_boxes(text):
            from build_tools.parse.boxes import box_lines

            lines = box_lines(lines)
        if any(line.cells for line in lines) or sum(len(line.text) for line in lines) > 200:
            return lines
    out: list[Line] = []
    markdown = looks_like_markdown(text)
    broken = False  # the line before ended in Markdown's hard line break: this one goes on with it
    for no, raw in enumerate(text.split("\n"), start=1):
        if "[bookmark" in raw:
            raw = _BOOKMARK_RE.sub("", raw)
        if is_footer(raw):
            continue
        line = Line(no, strip_markdown(raw.rstrip("\r"), markdown))
        if broken and out and line.text.strip():
            line = Line(out[-1].no, continue_line(out.pop().text, line.text))
        out.append(line)
        broken = markdown and ends_in_break(raw)
    if has_boxes(text):
        from build_tools.parse.boxes import box_lines  # boxes builds on Line

        out = box_lines(out)
    from build_tools.parse.runon import join_run_on_rows  # these build on Line
    from build_tools.parse.stacked import is_spaced, is_stacked, stacked_rows, unspaced
    from build_tools.parse.wrapped import join_wrapped_labels

    out = join_wrapped_labels(out)
    if is_spaced(out):  # lynx's paragraph cells: read before their figures are run on into rows
        return stacked_rows(unspaced(out))
    out = join_run_on_rows(out)
    return stacked_rows(out) if is_stacked(out) else out


def ends_in_break(raw: str) -> bool:
    """Tell whether a line of a Markdown document ends in a hard line break (a backslash)."""
    return "\\" in raw and _MARKDOWN_BREAK_RE.search(raw.rstrip("\r")) is not None


def continue_line(text: str, following: str) -> str:
    """Join a line that ended in a hard line break with the line after it.

    pandoc writes a <br> inside a table cell so: "… 0   0   0   \\" / "                0". In a table laid
    out in columns, the next line's characters fall where this line is blank, in the cell they belong
    to, and are put there; any other line is simply appended.
    """
    placed: dict[int, str] = {}
    taken: set[int] = set()
    col = 0
    for ch in text:
        width = display_width(ch)
        if ch != " ":
            placed[col] = ch
            taken.update(range(col, col + width))
        col += width
    col = 0
    extra: dict[int, str] = {}
    for ch in following:
        width = display_width(ch)
        if ch != " ":
            if taken & set(range(col, col + width)):
                return f"{text.rstrip()} {following.strip()}"
            extra[col] = ch
        col += width
    out, col = [], 0
    for start, ch in sorted({**placed, **extra}.items()):
        out.append(" " * (start - col) + ch)
        col = start + display_width(ch)
    return "".join(out)


def looks_like_markdown(text: str) -> bool:
    """Tell a Markdown document with raw HTML in it (pandoc, html2text) from an HTML page."""
    head = text[:20000]
    if re.search(r"<(?:html|body|head|!doctype)\b", head, re.I):
        return False
    return len(_MARKDOWN_DOC_RE.findall(head)) >= 2


def strip_markdown(text: str, document: bool = True) -> str:
    """Drop Markdown marks that are not part of the report's words: heading hashes and bold; in a Markdown
    document (`document`), also links, escapes, heading attributes and fenced-div marks."""
    if document:
        if "\\" in text:
            text = _MARKDOWN_ESCAPE_RE.sub(r"\1", _MARKDOWN_BREAK_RE.sub("", text))
        if "](" in text:
            text = _MARKDOWN_LINK_RE.sub(r"\1", text)
        if "{" in text:
            text = _MARKDOWN_ATTRS_RE.sub("", text)
        if ":::" in text and _MARKDOWN_DIV_RE.match(text):
            return ""
    if "#" not in text and "*" not in text and "_" not in text:
        return text
    text = _MARKDOWN_HEADING_RE.sub("", text)
    return _MARKDOWN_BOLD_RE.sub(r"\1\3", text)
