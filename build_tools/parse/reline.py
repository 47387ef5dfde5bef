"""Give back the line structure of a report that lost it: a page flattened to one line by a crawler.

`innerText` or `textContent` of a government page, with its white space collapsed, puts the title, the six
sections and the three tables on one line, table cells separated by one space or by nothing at all. The
line is cut where the report's own structure shows through: before and after each section heading
(一、总体情况 … 六、其他需要报告的事项), and inside a table before each row label ("（一）予以公开",
"3.危及“三安全一稳定”", "行政许可"). Every piece keeps the source line it came from, so figures and
findings still point at the line of the original.
"""

from __future__ import annotations

import re

from build_tools.parse.lines import Line
from build_tools.parse.sections import headed_text
from build_tools.text import without_space

# A line shorter than this is never cut: a heading or a table row of its own.
MIN_FLAT = 12

_WORD_RE = re.compile(r"[^\s\u200b\ufeff]+")
_HEADING_START_RE = re.compile(r"[一二三四五六][、.．]|[1-6][、．](?![0-9])|第[一二三四五六]部分"
                               r"|[（(][一二三四五六][)）]")
_HEADING_END_RE = re.compile(r"情况|事项")
_DIGIT_RE = re.compile(r"[0-9０-９]")
_MAX_HEADING = 40

# Where a table starts, and where its rows start, in squashed text.
_T2_START_RE = re.compile(r"第二十条第|信息内容")
_T3_START_RE = re.compile(r"本列数据|申请人情况|本年新收")
_T4_START_RE = re.compile(r"结果维持")
_T2_ROW_RE = re.compile(r"第二十条第|信息内容|规章|(?<!行政)规范性文件|行政规范性文件|行政许可|其他对外管理服务事项"
                        r"|行政处罚|行政强制|行政事业性收费|政府集中采购")
_T3_ROW_RE = re.compile(r"[一二三四][、．.](?![0-9])|[（(][一二三四五六七][)）]|[1-8][.．、](?![0-9])")
_T4_ROW_RE = re.compile(r"行政复议(?=[0-9０-９/／—－-])|行政诉讼[（(]|(?<=总计)(?=[0-9０-９/／—－-])")
_ANY_START_RE = re.compile("|".join(p.pattern for p in (_T2_START_RE, _T3_START_RE, _T4_START_RE)))
# A line can hold a flattened report only if it holds a heading or the start of a table.
_GATE_RE = re.compile(_HEADING_START_RE.pattern + r"|第二十条第|信息内容|结果维持|本列数据|申请人情况")
_DATE_END_RE = re.compile(r"[0-9０-９]{4}年[0-9０-９]{1,2}月[0-9０-９]{1,2}日$")
_TITLE_END_RE = re.compile(r"工作年度报告|年度工作报告")
# Where page chrome starts inside a flattened page, in squashed text: the breadcrumb, the share buttons,
# Word's style sheet left as text, the site's footer. A cut there leaves the chrome on lines of its own,
# which the metadata reader still sees and the sections' text leaves out (lines.is_chrome).
_CHROME_START_RE = re.compile(r"(?:当前位置|您现在的位置|您的位置|所在位置)[:：]|分享到[:：]?|Normal0[0-9.]*磅"
                              r"|/\*StyleDefinitions|主办单位[:：]|网站标识码")


def reline(lines: list[Line]) -> list[Line]:
    """Cut every flattened line at the report's headings and table rows; other lines stay as they are."""
    out: list[Line] = []
    for line in lines:
        if line.cells is not None or len(line.text) < MIN_FLAT or not _GATE_RE.search(line.text):
            out.append(line)
            continue
        pieces = cut_line(line.text)
        if len(pieces) == 1:
            out.append(line)
        else:
            out.extend(Line(line.no, piece) for piece in pieces)
    return out


def _squash_map(text: str) -> tuple[str, list[int]]:
    """Return text without white space and, for each of its characters, the index in text."""
    chars: list[str] = []
    where: list[int] = []
    for match in _WORD_RE.finditer(text):
        chars.append(match.group())
        where.extend(range(match.start(), match.end()))
    where.append(len(text))
    return "".join(chars), where


def find_headings(squashed: str) -> list[tuple[int, int, int]]:
    """Return (start, end, section index) in squashed text of every section heading printed inside it."""
    out: list[tuple[int, int, int]] = []
    for match in _HEADING_START_RE.finditer(squashed):
        start = match.start()
        if out and start < out[-1][1]:
            continue
        end_match = _HEADING_END_RE.search(squashed, match.end(), start + _MAX_HEADING + 2)
        if end_match is None:
            continue
        candidate = squashed[start:end_match.end()]
        body = candidate[match.end() - start:]
        # A heading holds no figures and no other numbered part: "四、结转下年度继续办理0000000四、政府…"
        # is a table row followed by the heading, not one heading.
        if _DIGIT_RE.search(body) or _HEADING_START_RE.search(body):
            continue
        sections = headed_text(candidate)
        if sections:
            out.append((start, end_match.end(), sections[0]))
    return out


def cut_line(text: str) -> list[str]:
    """Cut one line at its section headings and table rows; a line without them comes back whole."""
    squashed = without_space(text)  # what _WORD_RE leaves out, removed
    if "情况" not in squashed and "事项" not in squashed and not _ANY_START_RE.search(squashed):
        return [text]  # no heading ends in it and no table starts in it: nothing to cut at
    headings = find_headings(squashed)
    inner = [h for h in headings if h[0] > 0 or h[1] < len(squashed)]
    zones = _table_zones(squashed, headings)
    if not inner and not zones:
        return [text]
    squashed, where = _squash_map(text)
    cuts: set[int] = set()
    for start, end, _section in headings:
        cuts.update((start, end))
    for kind, start, end in zones:
        cuts.add(start)
        pattern = {"t2": _T2_ROW_RE, "t3": _T3_ROW_RE, "t4": _T4_ROW_RE}[kind]
        cuts.update(m.start() for m in pattern.finditer(squashed, start, end))
        cuts.add(end)
    chrome = [m.start() for m in _CHROME_START_RE.finditer(squashed)]
    cuts.update(chrome)
    if headings:
        tail = min((c for c in chrome if c > headings[-1][1]), default=len(squashed))
        cuts.update(_title_and_signature(squashed[:tail], headings))
    bounds = sorted(c for c in cuts if 0 < c < len(squashed))
    pieces = []
    previous = 0
    for cut in bounds + [len(squashed)]:
        piece = text[where[previous]:where[cut]].strip()
        if piece:
            pieces.append(piece)
        previous = cut
    return pieces


def _table_zones(squashed: str, headings: list[tuple[int, int, int]]) -> list[tuple[str, int, int]]:
    """Return (table, start, end) of each table printed inside the line, from its first header word on.

    A table starts at its header words, after its section's heading when the line has one, and runs to the
    next section heading or the end of the line; it counts when it has rows (table 4: its figures).
    """
    bounds = [h[0] for h in headings] + [len(squashed)]
    out: list[tuple[str, int, int]] = []
    for section, kind, pattern in ((1, "t2", _T2_START_RE), (2, "t3", _T3_START_RE), (3, "t4", _T4_START_RE)):
        after = next((h[1] for h in headings if h[2] == section), 0)
        match = pattern.search(squashed, after)
        if match is None:
            continue
        start = match.start()
        if kind == "t4":
            # The standard header starts 行政复议 行政诉讼 结果维持; one row per group starts 结果维持.
            before = squashed.rfind("行政复议", max(0, start - 12), start)
            start = before if before >= 0 else start
        end = min(b for b in bounds if b > start)
        row_pattern = {"t2": _T2_ROW_RE, "t3": _T3_ROW_RE, "t4": _T4_ROW_RE}[kind]
        if len(row_pattern.findall(squashed, start, end)) >= (1 if kind == "t4" else 2):
            out.append((kind, start, end))
    return out


def _title_and_signature(squashed: str, headings: list[tuple[int, int, int]]) -> list[int]:
    """Cut the title off the text before the first heading, and the signature off the end of the line."""
    cuts: list[int] = []
    title = _TITLE_END_RE.search(squashed, 0, min(headings[0][0], 160))
    if title:
        cuts.append(title.end())
    date = _DATE_END_RE.search(squashed)
    if date and date.start() > headings[-1][1]:
        cuts.append(date.start())
        stop = squashed.rfind("。", headings[-1][1], date.start())
        if stop >= 0 and date.start() - stop <= 41:
            cuts.append(stop + 1)
    return cuts
