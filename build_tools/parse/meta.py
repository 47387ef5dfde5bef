"""Report metadata from its text and the page around it: organ, year, publication date, level and place names.

The organ is read from three places, in this order of trust:

1. the title ("XX镇人民政府2023年政府信息公开工作年度报告", "2023年XX街道办事处政府信息公开工作年度报告",
   "XX局关于2022年度政府信息公开工作年度报告的报告", split over two lines, in 《》, or the last step of a
   breadcrumb);
2. the information table of a government page (索引号, 发布机构, 名称, 成文日期, 发布日期, 主题分类), as
   "发布机构：XX" on one line, label and value on consecutive lines, a pipe or box-drawn row, an HTML row,
   or run together with the rest of the page on one line;
3. the signature: the organ and the date at the end (a letter's "此函 … 2023年1月9日印发" is not one).

An organ is a body's name: a candidate that is a breadcrumb, a cell with its label, a sentence or a letter's
addressee ("县政府办公室：") is never taken. A later source may write the same organ more fully ("长洛乡" in
the title, "赣州市赣县区长洛乡人民政府" in the signature), and an abbreviation is expanded only when the text
itself gives the full name (市发改委 → 市发展和改革委员会).

The year comes from the title, else from the statistics-period sentence (本年度报告中所列数据的统计期限自
2023年1月1日起…), else from the publication date (a report published in the first half of year N is about
year N-1); `Metadata.notes` says which, as M-01 and M-02 findings that explain the reading.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from build_tools.findings import Finding, Severity, finding
from build_tools.parse.abbreviations import expand_abbreviation
from build_tools.parse.level import level_context
from build_tools.parse.lines import Line
from build_tools.text import nfkc, squash

_HEAD_LINES = 60  # the title and the information table come before the report's body
_HEAD_CHARS = 4000  # of a line: a page flattened to one line has its title near the start
_TAIL_LINES = 14
_TAIL_CHARS = 3000
_PERIOD_LINES = 120

_YEAR = r"20\d{2}"  # the regulations date from 2008: 2008 to 2099 (the model's range)
_KIND = r"(?:政府信息公开|政务信息公开|政务公开|信息公开)(?:工作)?(?:年度)?(?:工作)?(?:报告|年报)"
# What may follow a title: the end, a separator, a closing bracket or a letter's "的报告"/"的函"; never more
# words, so "关于做好2023年政府信息公开工作年度报告编制工作的通知" is not a title.
_TITLE_END = r"(?=$|[\s》」\"”'’)\]】_|｜\-—–<]|的(?:报告|函)|\((?:全文|正文|文字版)\)|全文)"
_KIND_RE = re.compile(_KIND + _TITLE_END)
# "XX镇政府信息公开工作年度报告（2023年度）": the year after the kind of report.
_YEAR_AFTER_RE = re.compile(
    r"(?P<pre>[^\n]{0,60}?)(?:" + _KIND + r"\s*\(\s*(?P<year>" + _YEAR + r")\s*年\s*度?\s*\)"
    # "XX区人民政府信息公开工作2023年度报告": the year inside the kind of report.
    r"|(?:政府信息公开|政务公开|信息公开)(?:工作)?\s*(?P<inside>" + _YEAR + r")\s*年\s*度?\s*(?:工作)?(?:报告|年报))"
    r"\s*$")
_CN_DIGITS = str.maketrans("〇零○Ｏ一二三四五六七八九", "0000123456789")
_CN_YEAR_RE = re.compile(r"[二][〇零○Ｏ][一二三四五六七八九〇零○Ｏ]{2}(?=\s*年)")
# What comes before the kind of report, read back from it: "[关于[报送]]2023年[度][的][organ]".
_BEFORE_KIND_RE = re.compile(
    r"(?:关于(?:报送|上报|公布|发布)?)?\s*(?P<year>" + _YEAR + r")\s*年\s*(?:度)?\s*(?:的)?\s*"
    r"(?P<mid>[^\s\d,.:;!?。、；《》]{0,40}?)\s*$"
)
_LOOK_BACK = 90
_TITLE_NO_YEAR_RE = re.compile(r"(?P<pre>[^\n]*?)(?:关于(?:报送|上报|公布|发布)?)?\s*" + _KIND + _TITLE_END)
# A title that is its line: nothing before it but brackets and a few words of decoration.
_TITLE_LINE_CHARS = 80

_PERIOD_RE = re.compile(
    r"(?:统计|数据)[^。;]{0,14}?(?:期限|时限|年限|期间|区间|时间|范围|周期)[^。;\d]{0,6}?(?P<year>" + _YEAR
    + r")\s*年\s*(?:度|1\s*月\s*1\s*日|1\s*月|01\s*月)"
)
_DATE_RES = (
    re.compile(r"(" + _YEAR + r")\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"),
    re.compile(r"(" + _YEAR + r")\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{1,2})(?!\d)"),
)

# The labels of a government page's information table ("信息索引"), longest first so that "信息来源" is one.
_INFO_LABELS = (
    "索引号", "信息索引号", "发布机构", "发布机关", "发文机关", "发文单位", "发布单位", "公开主体", "发布主体", "所属机构",
    "信息来源", "来源", "名称", "信息名称", "标题", "文号", "发文字号", "成文日期", "发文日期", "发布日期", "公开日期",
    "发布时间", "公开时间", "生成日期", "主题分类", "体裁分类", "组配分类", "服务对象分类", "信息分类", "信息类别",
    "公开方式", "公开范围", "公开时限", "有效性", "时效性", "效力状态", "关键词", "主题词", "浏览次数", "访问次数",
    "点击数", "字号", "内容概述", "统一编号", "文件编号",
)
_LABEL_ALT = "|".join(sorted(_INFO_LABELS, key=len, reverse=True))
_CELL_SEP = "\t|│┃║"
_LABEL_RE = re.compile(r"(?P<label>" + _LABEL_ALT + r")\s*(?P<colon>[:：])?")
_CELL_SEPS = frozenset(_CELL_SEP + " \u3000")
_ORGAN_LABELS = ("发布机构", "发布机关", "发文机关", "发文单位", "发布单位", "公开主体", "发布主体", "所属机构")
_SOURCE_LABELS = ("信息来源", "来源")  # "来源：XX镇人民政府": the page's source, trusted after the signature
_PUBLISHED_LABELS = ("发布日期", "公开日期", "发布时间", "公开时间")
_WRITTEN_LABELS = ("成文日期", "发文日期", "生成日期")
_TITLE_LABELS = ("名称", "信息名称", "标题")
_PUBLISHED_RE = re.compile(r"(?:发布|公开|印发|成文)(?:日期|时间)\s*[:：]?\s*(.{6,20})")

_SEPARATORS = r"[\s>›»|｜:：/\\、,，。;；《「“\"【\[\]】」”》·•]+"
# Words that end what came before an organ in a run of text ("…年度报告XX镇人民政府…").
_RUN_BREAKS = re.compile(r"报告|年报|首页|位置|正文|详情|栏目|专栏|信息公开|政务公开|公开目录|年度报表")
_NAME_RE = re.compile(r"^[\u4e00-\u9fff()]{2,40}$")
_NOT_NAME_RE = re.compile(
    r"关于|印发|根据|按照|依据|通知|报告|年报|位置|首页|公开|当前|[我本][乡镇县区市局委办单机]|的|此函|特此|"
    r"抄送|联系|电话|地址|邮编|以上|如下|负责|工作|情况|进一步|加强|做好"
)
_ORGAN_SUFFIX_RE = re.compile(
    r"(人民政府|街道办事处|办事处|委员会|管理委员会|管委会|局|厅|办公室|办公厅|中心|公署|人民代表大会常务委员会|院|署|"
    r"队|所|站|政府|社|会|委|办)$"
)
_PLACE_SUFFIX_RE = re.compile(r"(省|自治区|市|自治州|州|地区|盟|县|旗|区|乡|镇|街道|苏木)$")
# Page furniture after the report: never a signature.
_CHROME_RE = re.compile(
    r"打印|关闭|分享|收藏|扫一扫|微信|微博|QQ|纠错|返回|顶部|附件|相关|主办|承办|协办|版权|备案|标识码|ICP|"
    r"联系我们|网站地图|无障碍|浏览|访问|字号|上一篇|下一篇|抄送|印发"
)


_SOURCE_WORDS = {"info": ("页面信息表（发布机构）", "information table"), "signature": ("落款", "signature"),
                 "preamble": ("报告开头的说明", "opening sentence"), "source": ("页面的“来源”", "page's 来源 field")}

# "现公布XX局2024年政府信息公开工作年度报告", "现将XX县人民政府2024年…予以公开", "编制了XX区人民政府2021年度…":
# the opening sentence names the organ when the page has no title.
_PREAMBLE_RE = re.compile(
    r"(?:现编制并公布|现向社会公布|特向社会公布|现予公布|现公布|现公开|现发布|现将|编制了|编制)"
    r"(?P<name>[^，。,；;、：:《》“”()（）\s]{2,40}?)"
    r"(?:\d{4}|[〇零一二三四五六七八九]{4})年度?(?:政府)?信息公开")
_PREAMBLE_LINES = 15


@dataclass(frozen=True)
class Metadata:
    """What the page says about the report, and where each value came from."""

    organ: str | None
    organ_source: str | None  # "title", "info", "signature", "source"
    year: int | None
    year_source: str | None  # "title", "period", "published"
    year_line: int | None
    published: dt.date | None
    published_line: int | None
    title_index: int | None  # index in the lines of the title's (last) line
    context: str = ""  # the text around the organ's name that tells its level ("代管XX镇", "承担原XX乡职能")
    notes: tuple[Finding, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class _Title:
    organ: str | None
    year: int | None
    index: int
    line: int
    standalone: bool


def _clean(text: str) -> str:
    return nfkc(text).strip()


def organ_name(text: str) -> str | None:
    """Return text as an organ's name when it is one: a body's name, not a sentence, breadcrumb or label."""
    name = re.sub(r"\s+", "", nfkc(text)).strip("《》“”\"'【】[]「」")
    if not _NAME_RE.match(name) or _NOT_NAME_RE.search(name):
        return None
    if name.count("(") != name.count(")"):
        return None
    bare = re.sub(r"\([^)]*\)$", "", name)
    if len(bare) < 2 or not (_ORGAN_SUFFIX_RE.search(bare) or _PLACE_SUFFIX_RE.search(bare)):
        return None
    return bare


def _name_before(pre: str) -> str | None:
    """The organ at the end of the text before a title's year: after the last separator and run break."""
    pre = nfkc(pre).rstrip()
    pre = re.sub(r"\([^()]{1,30}\)$", "", pre).rstrip()  # "XX管委会(代管XX镇)": the organ is before it
    segment = re.split(_SEPARATORS, pre)[-1] if pre else ""
    segment = _RUN_BREAKS.split(segment)[-1]
    segment = re.sub(r"^关于(?:报送|上报|公布|发布)?", "", segment)  # "关于XX局2022年度…的报告"
    return organ_name(_whole(segment)) if segment else None


def _whole(name: str) -> str:
    """Give back the 政府 that "XX区人民政府信息公开…" shares with the kind of report."""
    return name + "政府" if name.endswith("人民") else name


def _title_in(text: str, index: int, line: int) -> _Title | None:
    """Find a title in one line's text (or two lines joined)."""
    text = nfkc(text[:_HEAD_CHARS])
    if "〇" in text or "零" in text or "○" in text:
        text = _CN_YEAR_RE.sub(lambda m: m.group(0).translate(_CN_DIGITS), text)  # 二〇二三年
    after = _YEAR_AFTER_RE.match(text.strip("《》 ")) if len(text) <= _TITLE_LINE_CHARS else None
    if after is not None:
        organ = _name_before(after.group("pre"))
        return _Title(organ, int(after.group("year") or after.group("inside")), index, line, True)
    for kind in _KIND_RE.finditer(text):
        window_start = max(0, kind.start() - _LOOK_BACK)
        match = _BEFORE_KIND_RE.search(text, window_start, kind.start())
        if match is None:
            continue
        pre = text[window_start:match.start()]
        stripped = pre.rstrip()
        # "根据《XX县2023年政府信息公开工作年度报告》": a sentence that names the report, not its title.
        if re.search(r"(?:根据|按照|依据|参照|见|详见|现将|将|了)《[^《》]{0,20}$", stripped):
            continue
        mid = organ_name(_whole(match.group("mid"))) if match.group("mid") else None
        # "2023年度本机关政府信息公开工作年度报告": a title, though what stands before the kind is no name.
        organ = mid or (None if match.group("mid") else _name_before(pre))
        if mid and (place := _name_before(pre)) and _PLACE_SUFFIX_RE.search(place):
            organ = place + mid if not mid.startswith(place) else mid  # "XX县2023年XX局…"
        body = re.sub(r"^[\s《「“\"【\[]+|[\s》」”\"】\]]+$", "", text)
        standalone = len(body) <= _TITLE_LINE_CHARS and (
            match.start() == 0 or organ is None or body.startswith((organ, match.group("year"), "关于"))
            or len(pre.strip()) <= len(organ or "") + 2)
        return _Title(organ, int(match.group("year")), index, line, standalone)
    return None


def _titles(lines: list[Line], taken: frozenset[int] = frozenset()) -> list[_Title]:
    """Every title in the head of the page, a title split over two lines included.

    `taken` holds the lines that are values of the information table: not the first line of a title.
    """
    found: list[_Title] = []
    head = [(i, ln) for i, ln in enumerate(lines[:_HEAD_LINES * 2]) if ln.text.strip()][:_HEAD_LINES]
    for k, (i, ln) in enumerate(head):
        title = _title_in(ln.text, i, ln.no)
        previous = _clean(head[k - 1][1].text) if k else ""
        if title is not None and title.organ is None and title.standalone and previous and k and \
                head[k - 1][1].no not in taken:
            # "酉阳土家族苗族自治县楠木乡人民政府" / "2023年政府信息公开工作年度报告"
            organ = organ_name(previous)
            if organ is not None:
                title = _Title(organ, title.year, i, ln.no, True)
        if title is None and k + 1 < len(head) and len(ln.text.strip()) <= 40 and ln.no not in taken \
                and _clean(ln.text).rstrip(":：") not in _INFO_LABELS:  # "名称" / "XX镇2023年…年度报告"
            # "XX县人民政府2023年" / "政府信息公开工作年度报告"
            j, following = head[k + 1]
            if len(following.text.strip()) <= 40:
                joined = _title_in(_clean(ln.text) + _clean(following.text), j, following.no)
                if joined is not None and joined.standalone:
                    title = joined
        if title is not None:
            found.append(title)
            if title.standalone and title.organ:
                break  # nothing later is trusted more
    return found


def _title_without_year(lines: list[Line], taken: frozenset[int] = frozenset()) -> _Title | None:
    """A title that names the organ but no year ("XX镇人民政府政府信息公开工作年度报告")."""
    head = [(i, ln) for i, ln in enumerate(lines[:_HEAD_LINES * 2]) if ln.text.strip()][:_HEAD_LINES]
    for k, (i, ln) in enumerate(head):
        text = _clean(ln.text)[:_HEAD_CHARS]
        match = _TITLE_NO_YEAR_RE.match(text) if len(text) <= _TITLE_LINE_CHARS else None
        if match is None:
            continue
        organ = _name_before(match.group("pre"))
        if organ is None and k and not match.group("pre").strip() and head[k - 1][1].no not in taken:
            organ = organ_name(_clean(head[k - 1][1].text))
        if organ:
            return _Title(organ, None, i, ln.no, True)
    return None


def find_title(lines: list[Line], limit: int = 12) -> tuple[str | None, int | None, int | None]:
    """Return (organ the title names, year, line index of the title) from the head of the page."""
    titles = _titles(lines)
    best = _best_title(titles)
    if best is None:
        return None, None, None
    return best.organ, best.year, best.index


def _best_title(titles: list[_Title]) -> _Title | None:
    """The report's own title: a line of its own first, then one found inside a line (breadcrumb, run of text)."""
    if not titles:
        return None
    standalone = [t for t in titles if t.standalone]
    pool = standalone or titles
    named = [t for t in pool if t.organ]
    # A title with the organ is better than the same title without one (a heading repeats the page title).
    if named and pool[0].organ is None and any(t.year == pool[0].year for t in named):
        return next(t for t in named if t.year == pool[0].year)
    return pool[0]


def _info_fields(lines: list[Line]) -> dict[str, tuple[str, int]]:
    """Read the information table of a government page: label → (value, line)."""
    fields: dict[str, tuple[str, int]] = {}
    head = [ln for ln in lines[:_HEAD_LINES * 2] if ln.text.strip()][:_HEAD_LINES]
    for k, ln in enumerate(head):
        text = nfkc(ln.text[:_HEAD_CHARS])
        matches = [m for m in _LABEL_RE.finditer(text) if _is_label(text, m)]
        for m, match in enumerate(matches):
            label = match.group("label")
            end = matches[m + 1].start() if m + 1 < len(matches) else len(text)
            value = text[match.end():end].strip(" \t|│┃║:：")
            where = ln.no
            if not value and m + 1 == len(matches) and k + 1 < len(head):
                following = nfkc(head[k + 1].text).strip(" \t|│┃║")
                if len(following) <= 60 and not ((x := _LABEL_RE.match(following)) and _is_label(following, x)):
                    value, where = following, head[k + 1].no
            if value and label not in fields:
                fields[label] = (value, where)
    return fields


def _is_label(text: str, match: re.Match[str]) -> bool:
    """A label has its colon ("发布机构：") or stands in a cell of its own ("|发布机构|", "发布机构<tab>")."""
    if match.group("colon"):
        return True
    start, end = match.start(), match.end("label")
    return (start == 0 or text[start - 1] in _CELL_SEPS) and (end == len(text) or text[end] in _CELL_SEPS)


def _preamble_organ(lines: list[Line]) -> str | None:
    """The organ the opening sentence names ("现公布XX局2024年政府信息公开工作年度报告"), never "我局" or "本单位"."""
    for ln in lines[:_PREAMBLE_LINES]:
        for match in _PREAMBLE_RE.finditer(nfkc(ln.text[:_HEAD_CHARS])):
            name = match.group("name")
            if name[0] in "我本该各全":
                continue
            named = organ_name(name)
            if named:
                return named
    return None


def _info_organ(fields: dict[str, tuple[str, int]],
                labels: tuple[str, ...] = _ORGAN_LABELS) -> tuple[str, int] | None:
    for label in labels:
        if label in fields:
            value, line = fields[label]
            for token in re.split(r"[\s" + _CELL_SEP + r"]+", value):
                name = organ_name(token)
                if name:
                    return name, line
                break
    return None


def _date(text: str) -> dt.date | None:
    for pattern in _DATE_RES:
        match = pattern.search(nfkc(text))
        if match:
            try:
                return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                return None
    return None


def _tail(lines: list[Line]) -> list[tuple[str, int]]:
    """The last lines of the report with page furniture dropped, a long last line cut to its end."""
    out: list[tuple[str, int]] = []
    for ln in reversed(lines):
        text = ln.text.strip()
        if not text or _LINK_LIST_RE.match(text):
            continue
        out.append((nfkc(text[-_TAIL_CHARS:]), ln.no))
        if len(out) >= _TAIL_LINES:
            break
    out.reverse()
    return out


# `lynx -dump` ends a page with its links: "References", "  12. http://…".
_LINK_LIST_RE = re.compile(r"^(?:\d+\.\s*\S+://\S*|References|Visible links:?|Hidden links:?)$")
# A site's footer, however long: skipped when looking for the signature above it.
_FOOTER_RE = re.compile(r"版权所有|主办单位|主办[:：]|承办|网站标识码|ICP|备案号|技术支持|联系我们|网站地图")
_SIGNED_RE = re.compile(
    r"(?:^|(?<=[\s。.!！\)）]))(?P<organ>[\u4e00-\u9fff()]{2,40}?)\s*(?P<date>" + _YEAR
    + r"\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)(?P<after>\s*印发)?"
)


def _signature(lines: list[Line]) -> tuple[str | None, dt.date | None, int | None]:
    """Return (organ, date, line of the date) of the closing signature; a letter's 印发 line is not one."""
    tail = _tail(lines)
    organ: str | None = None
    date: dt.date | None = None
    date_line: int | None = None
    for k in range(len(tail) - 1, -1, -1):
        text, no = tail[k]
        if text.startswith(("抄送", "抄报")) or (len(text) <= 80 and "印发" in text):
            continue  # a letter's 抄送 and 印发 lines; in a page run into one line only the 印发 date is skipped
        compact = squash(text)
        if len(compact) <= 16 and _date(compact) and date is None and organ is None:
            date, date_line = _date(compact), no
            continue
        if len(compact) <= 40 and (name := organ_name(compact)):
            above = squash(tail[k - 1][0]) if k else ""
            if _CHROME_RE.search(compact) or above.endswith((":", "：")):
                continue  # "主办单位：" / "XX县人民政府办公室": the site's footer
            organ = name
            break
        pairs = [m for m in _SIGNED_RE.finditer(text) if not m.group("after")]
        for match in reversed(pairs):
            name = organ_name(match.group("organ")) or _name_before(match.group("organ"))
            if name and not _CHROME_RE.search(text[max(0, match.start() - 4):match.start()]):
                return name, _date(match.group("date")), no
        if date is None and organ is None and (_FOOTER_RE.search(compact) or (
                len(compact) <= 40 and _CHROME_RE.search(compact))):
            continue  # the page's furniture below the report
        if date is not None or organ is not None or len(compact) > 40:
            break
    return organ, date, date_line


def _period_year(lines: list[Line]) -> tuple[int, int] | None:
    for ln in lines[:_PERIOD_LINES]:
        text = ln.text if len(ln.text) <= 20000 else ln.text[:20000]
        if "统计" not in text and "数据" not in text:
            continue
        match = _PERIOD_RE.search(nfkc(text))
        if match:
            return int(match.group("year")), ln.no
    return None


def _fuller_name(name: str, base: str) -> bool:
    """Tell whether `name` writes the organ `base` more fully ("互助土族自治县东沟乡人民政府" for "东沟乡").

    A name that goes on past a complete organ name is another organ: "湖南省人民政府办公厅" signs the
    report of "湖南省人民政府" for it.
    """
    if name == base:
        return False
    if _ORGAN_SUFFIX_RE.search(base):
        return name.endswith(base)
    return base in name or _stem(base) in name


def _stem(organ: str) -> str:
    return _ORGAN_SUFFIX_RE.sub("", organ)


def find_organ(lines: list[Line], title_organ: str | None, title_index: int | None) -> str | None:
    """Return the organ as written: the title's, the information table's or the signature's, the fullest form."""
    return _organ(_body(lines), title_organ, _info_fields(lines), _signature(lines)[0], _preamble_organ(lines))[0]


def _organ(text: str, title: str | None, fields: dict[str, tuple[str, int]],
           signed: str | None, preamble: str | None = None) -> tuple[str | None, str | None, list[tuple[str, str]]]:
    """Return (organ, source, other candidates that disagree) from the three sources in order of trust."""
    info = _info_organ(fields)
    source_field = _info_organ(fields, _SOURCE_LABELS)
    candidates = [(s, n) for s, n in (("title", title), ("info", info[0] if info else None), ("signature", signed),
                                      ("preamble", preamble), ("source", source_field[0] if source_field else None)) if n]
    if not candidates:
        return None, None, []
    source, base = candidates[0]
    expanded = expand_abbreviation(base, text)
    if expanded:
        base = expanded
    for _source, name in candidates[1:]:
        name = expand_abbreviation(name, text) or name
        if _fuller_name(name, base):
            base = name
    if not _ORGAN_SUFFIX_RE.search(base):
        # "东沟乡" in the title, "东沟乡人民政府" in the text.
        match = re.search(re.escape(base) + r"(人民政府|街道办事处|办事处)", text)
        if match:
            base = match.group(0)
    others = [(s, n) for s, n in candidates[1:] if n != base and not _fuller_name(base, n) and n not in base]
    return base, source, others


def _body(lines: list[Line]) -> str:
    """The first part of the text without white space, for looking up fuller names."""
    parts: list[str] = []
    size = 0
    for ln in lines:
        parts.append(ln.text)
        size += len(ln.text)
        if size > 30000:
            break
    return squash("".join(parts))[:30000]


def find_published(lines: list[Line], year: int | None) -> tuple[dt.date | None, int | None]:
    """Return the publication date of the information table, else of the closing signature, with its line."""
    return _published(lines, _info_fields(lines), _signature(lines), year)


def _published(lines: list[Line], fields: dict[str, tuple[str, int]],
               signature: tuple[str | None, dt.date | None, int | None],
               year: int | None) -> tuple[dt.date | None, int | None]:
    for labels in (_PUBLISHED_LABELS, _WRITTEN_LABELS):
        for label in labels:
            if label in fields and (date := _date(fields[label][0][:24])):
                return date, fields[label][1]
    _organ_signed, date, line = signature
    if date and (year is None or year <= date.year <= year + 2):
        return date, line
    for ln in lines[:_HEAD_LINES]:
        match = _PUBLISHED_RE.search(nfkc(ln.text[:_HEAD_CHARS]))
        if match and (date := _date(match.group(1))):
            return date, ln.no
    return None, None


def read_metadata(lines: list[Line]) -> Metadata:
    """Read organ, year and publication date from the title, the information table and the signature."""
    notes: list[Finding] = []
    fields = _info_fields(lines)
    taken = frozenset(line for _value, line in fields.values())
    title = _best_title(_titles(lines, taken))
    if title is None:
        title = _title_without_year(lines, taken)
    if title is None or title.organ is None:
        for label in _TITLE_LABELS:
            if label in fields:
                named = _title_in(fields[label][0], title.index if title else 0, fields[label][1])
                if named is not None and named.organ and (title is None or title.year in (None, named.year)):
                    title = _Title(named.organ, named.year or (title.year if title else None),
                                   title.index if title else named.index, named.line, title.standalone if title
                                   else False)
                    break
    signed, signed_date, signed_line = _signature(lines)
    body = _body(lines)
    organ, organ_source, others = _organ(body, title.organ if title else None, fields, signed, _preamble_organ(lines))

    year = title.year if title else None
    year_source = "title" if year is not None else None
    year_line = title.line if year is not None and title else None
    published, published_line = _published(lines, fields, (signed, signed_date, signed_line), year)
    if year is None:
        period = _period_year(lines)
        if period is not None:
            year, year_line = period
            year_source = "period"
            notes.append(finding(
                "M-01", Severity.info, f"标题中没有年度，报告年度 {year} 取自统计期限",
                f"no year in the title; year {year} taken from the statistics period", line=year_line,
                found=str(year)))
        elif published is not None and published.month <= 6:
            year, year_line, year_source = published.year - 1, published_line, "published"
            notes.append(finding(
                "M-01", Severity.info,
                f"标题和正文中没有年度，按发布日期 {published.isoformat()} 推定为 {year} 年度报告",
                f"no year in the title or the text; year {year} inferred from the publication date "
                f"{published.isoformat()}", line=published_line, found=str(year)))
    if organ is not None and organ_source != "title":
        where, where_en = _SOURCE_WORDS[organ_source or "signature"]
        notes.append(finding(
            "M-02", Severity.info, f"标题中没有发布机关，机关名称“{organ}”取自{where}",
            f"no organ in the title; {organ!r} taken from the {where_en}", found=organ))
    for source, other in others:
        if organ_source == "info" and source == "signature":
            notes.append(finding(
                "M-02", Severity.info, f"落款写作“{other}”，与页面信息表的“{organ}”不同，采用信息表",
                f"the signature names {other!r}, the information table {organ!r}; the table is taken",
                found=other, expected=organ))
    return Metadata(
        organ=organ, organ_source=organ_source, year=year, year_source=year_source, year_line=year_line,
        published=published, published_line=published_line, title_index=title.index if title else None,
        context=level_context(body, organ), notes=tuple(notes))


def find_year(lines: list[Line], title_year: int | None) -> int | None:
    """Return the reporting year: the title's, or the statistics period's."""
    if title_year is not None:
        return title_year
    period = _period_year(lines)
    return period[0] if period else None


def find_regions(text: str, organ: str | None) -> list[str]:
    """Return the administrative place names (省/市/县/区/乡/镇…) that the organ and the text name."""
    names: list[str] = []
    source = (organ or "") + "\n" + text[:4000]
    for match in re.finditer(
        r"([\u4e00-\u9fff]{2,12}?(?:省|自治区|自治州|地区|盟|市|自治县|自治旗|县|旗|区|乡|镇|街道))(?:人民政府|办事处)",
        source,
    ):
        name = match.group(1)
        if name not in names:
            names.append(name)
    return names
