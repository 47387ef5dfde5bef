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
from collections import Counter
from dataclasses import dataclass, field, replace

from build_tools.findings import Finding, Severity, finding
from build_tools.parse.abbreviations import expand_abbreviation
from build_tools.parse import hant
from build_tools.parse.level import level_context
from build_tools.parse.naming import ZONE_RE, fuller_name, government_of, is_generic, named_bodies, place_of_level
from build_tools.parse.lines import Line
from build_tools.text import nfkc, squash, squash_joined

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
    r"(?:统计|数据)[^。;]{0,14}?(?:期限|时限|年限|期间|区间|时间|范围|周期|期)[^。;\d]{0,6}?(?P<year>" + _YEAR
    # "2023年1月1日", "2023年度"; "20231月1日", "202211日" when extraction lost characters of the date
    + r")\s*(?:年\s*(?:度|0?1\s*月\s*0?1\s*日|0?1\s*月)|0?1\s*月?\s*0?1\s*日)"
)
# "汇报我镇2023年政府信息公开工作": the report names its own year.
# Not a plan's year: "本市2023年政务公开工作要点".
_SELF_YEAR_RE = re.compile(r"(?:我|本)[\u4e00-\u9fff]{1,3}?(?P<year>" + _YEAR + r")\s*年度?的?(?:政府)?(?:信息公开|政务公开)"
                           r"(?!(?:工作)?(?:要点|方案|计划|任务|重点))")
# "截止2023年12月31日", "所列数据截止日期为20251231日" (digits of a date lost in extraction).
_UNTIL_RE = re.compile(r"截[止至](?:日期|时间)?(?:为|到)?[:：]?\s*(?P<year>" + _YEAR + r")\s*年?\s*12\s*月?\s*31\s*日")
_OVERVIEW_RE = re.compile(r"一\s*[、.．]\s*(?:[^\n。]{0,10}(?:总体情况|概述|概况|基本情况))")
_OVERVIEW_CHARS = 200
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
_NOT_BODY_RE = re.compile(r"网站|门户|平台|网$|通过|依托")
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
                 "preamble": ("报告开头的说明", "opening sentence"), "source": ("页面的“来源”", "page's 来源 field"),
                 "subject": ("正文开头的主语（“XXXX年，…”）", "opening words of the overview"),
                 "self": ("正文中与自称（“我局”“我镇”等）相符的唯一机关名称",
                          "only body in the text that matches how the report names itself")}

# "现公布XX局2024年政府信息公开工作年度报告", "现将XX县人民政府2024年…予以公开", "编制了XX区人民政府2021年度…":
# the opening sentence names the organ when the page has no title.
_NAME_CHARS = r"[^，。,；;、：:《》“”()（）\s\d]"
_PREAMBLE_RES = (
    re.compile(r"(?:现编制并公布|现向社会公布|特向社会公布|向社会公开|现予公布|现公布|现公开|现发布|现将|编制了|编制|"
               r"公布|公开)(?P<name>" + _NAME_CHARS + r"{2,40}?)(?P<year>" + _YEAR + r")年度?(?:政府)?信息公开"),
    # "现向社会公布2024年度XX街道政府信息公开工作年度报告", "形成2020年度XX镇政府信息公开年度报告"
    re.compile(r"(?:公布|公开|发布|形成|编制)了?(?P<year>" + _YEAR + r")年度?的?(?P<name>" + _NAME_CHARS
               + r"{2,40}?)(?:政府)?(?:信息公开|政务公开)(?:工作)?(?:年度)?(?:工作)?(?:报告|年报)"),
    # "本报告由XX局编制", "由XX镇人民政府党政办公室编制", "本报告由XX局结合有关统计数据编制"
    re.compile(r"由(?P<name>" + _NAME_CHARS + r"{2,40}?)(?:负责|结合[^。，,]{0,16})?编制"),
)
_PREAMBLE_LINES = 15
# The report's own words about itself: "2021年，冲口街道认真贯彻…", "2024年，XX管委会坚持…" open the overview.
_SUBJECT_RE = re.compile(r"(?:^|[。；;\s])\s*(?P<year>" + _YEAR + r")\s*年(?:度|以来)?\s*[，,]?\s*")
_SUBJECT_VERB_RE = re.compile(
    r"认真|坚持|深入|严格|高度|始终|积极|全面|紧紧|紧密|紧扣|围绕|按照|依据|根据|不断|持续|扎实|进一步|切实|继续|贯彻|落实|"
    r"立足|聚焦|全力|大力|着力|主动|通过|结合|强化|加强|推进|注重|牢固|依法|政府信息公开|信息公开|政务公开|共|以|在|把|将|对")
_SUBJECT_LINES = 40
# "请与XX镇人民政府党政办公室联系": the contact is an office of the organ.
_CONTACT_RE = re.compile(r"(?:请与|可与|请联系|联系单位|联系)[:：]?(?P<name>" + _NAME_CHARS + r"{2,40}?)(?:联系|\(|（|,|，|。|;|；)")
# An office of a township, street, zone or department that compiles its report: the body is what it belongs to.
_INTERNAL_OFFICE_RE = re.compile(
    r"(?P<body>.*(?:乡人民政府|镇人民政府|办事处|管委会|管理委员会|局|委员会))"
    r"(?:党政综合办公室|党政办公室|综合办公室|党政办|综合办|党政综合办|政务公开办公室|信息公开办公室|办公室|信息科|综合科)$")
# "我局", "本镇": how the report speaks of its organ, and the names such an organ ends with.
_SELF_RE = re.compile(r"(?:我|本)(街道|乡|镇|县|区|市|局|委)")
# "乡政府专门成立了…": a township's report speaks of its government without a place name, after a stop or a
# comma. Other bodies write a place before "乡政府" ("各乡政府", "XX乡政府") or speak of the townships as "乡镇".
_BARE_SELF_RE = re.compile(r"(?:^|(?<=[，,。；;：:、]))(乡|镇)(?:人民)?政府")
_SELF_SUFFIXES = {
    "街道": ("街道办事处",), "乡": ("乡人民政府",), "镇": ("镇人民政府",), "县": ("县人民政府",),
    "区": ("区人民政府",), "市": ("市人民政府",), "局": ("局",), "委": ("委员会", "管委会"),
}
# What follows a body's name when the report speaks of it as itself, not of a superior it obeys ("按照XX市XX局
# 要求"): its own disclosure work and documents ("XX局政府信息公开工作领导小组"), a verb ("XX乡人民政府通过…"),
# its offices and seat ("XX乡人民政府党政综合办公室", "XX镇人民政府驻地").
_OWN_AFTER_RE = re.compile(r"(?:的)?(?:政府信息|信息公开|政务公开|政务信息)|党政|综合办|办公室|驻地|"
                           + _SUBJECT_VERB_RE.pattern)


@dataclass(frozen=True)
class Metadata:
    """What the page says about the report, and where each value came from."""

    organ: str | None
    organ_source: str | None  # "title", "info", "signature", "source"
    year: int | None
    year_source: str | None  # "title", "period", "text", "published", "overview"
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
    if name.endswith("人民政府机关"):
        name = name[:-2]  # "XX县人民政府机关": the government and its office, reporting as the government
    alias = re.search(r"\(([^()]*)\)$", name)
    bare = name[:alias.start()] if alias else name
    if len(bare) < 2 or not (_ORGAN_SUFFIX_RE.search(bare) or _PLACE_SUFFIX_RE.search(bare)):
        return None
    if not _ORGAN_SUFFIX_RE.sub("", bare) or _NOT_BODY_RE.search(bare):
        return None  # "人民政府" alone names nobody; "XX门户网站" is a website
    if alias and _ORGAN_SUFFIX_RE.search(bare) and _ORGAN_SUFFIX_RE.search(alias.group(1)) and \
            not re.search(r"[代托]管|承担|挂牌", alias.group(1)):
        return name  # "XX发展局(XX管委会)": one body under two names
    return bare


def _name_before(pre: str) -> str | None:
    """The organ at the end of the text before a title's year: after the last separator and run break."""
    pre = nfkc(pre).rstrip()
    alias = re.search(r"\([^()]{1,30}\)$", pre)
    if alias and not (organ_name(re.split(_SEPARATORS, pre)[-1]) or "").endswith(")"):
        pre = pre[:alias.start()].rstrip()  # "XX管委会(代管XX镇)": the organ is before it
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
            alone = _title_in(following.text, j, following.no)
            if len(following.text.strip()) <= 40 and (alone is None or alone.organ is None):
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


def _preamble(lines: list[Line]) -> tuple[str | None, tuple[int, int] | None]:
    """The organ and year the opening sentence names ("现公布XX局2024年政府信息公开工作年度报告", "本报告由XX局编制").

    Never "我局" or "本单位"; an office that compiles the report for its body ("由XX镇人民政府党政办公室编制")
    stands for that body.
    """
    organ: str | None = None
    year: tuple[int, int] | None = None
    for ln in lines[:_PREAMBLE_LINES]:
        text = nfkc(ln.text[:_HEAD_CHARS])
        for pattern in _PREAMBLE_RES:
            position = 0
            while organ is None and (match := pattern.search(text, position)) is not None:
                position = match.start() + 1  # "政务公开工作领导小组办公室编制了XX区人民政府2021年度…"
                if year is None and "year" in match.groupdict() and match.group("year"):
                    year = (int(match.group("year")), ln.no)
                organ = _body_name(match.group("name"))
        if organ is not None:
            break
    return organ, year


def _preamble_organ(lines: list[Line]) -> str | None:
    return _preamble(lines)[0]


def _body_name(name: str) -> str | None:
    """A name from running text as an organ: not "我局" or "本单位", an internal office read as its body."""
    name = re.sub(r"^(?:关于|根据|按照|对|在|由|是|了|的)", "", name)
    if not name or name[0] in "我本该各全此":
        return None
    name = _INTERNAL_OFFICE_RE.sub(r"\g<body>", name)
    return organ_name(_whole(name))


def _subject(lines: list[Line]) -> str | None:
    """The organ or place that opens the overview: "2021年，冲口街道认真贯彻…" → "冲口街道"."""
    for ln in lines[:_SUBJECT_LINES]:
        text = nfkc(ln.text[:_HEAD_CHARS])
        for match in _SUBJECT_RE.finditer(text):
            start = match.end()
            if text.startswith(("我", "本", "全", "各"), start) or _SUBJECT_VERB_RE.match(text, start):
                continue
            for verb in _SUBJECT_VERB_RE.finditer(text, start + 2, start + 32):
                piece = text[start:verb.start()]
                if not re.fullmatch(r"[\u4e00-\u9fff()]+", piece):
                    break
                named = organ_name(_whole(piece))
                if named:
                    return named
    return None


def _self_kind(body: str) -> str | None:
    """How the report speaks of its organ ("我局" → "局"): the most frequent form, when one leads."""
    counts = Counter(m.group(1) for m in _SELF_RE.finditer(body))
    counts.update(m.group(1) for m in _BARE_SELF_RE.finditer(body))
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def _self_named(body: str, kind: str | None) -> str | None:
    """The one body in the text whose name agrees with how the report names itself ("我局": "姚安县农业农村局")."""
    if kind is None:
        return None
    found: list[str] = []
    for match in _CONTACT_RE.finditer(body[:6000]):
        named = _body_name(match.group("name"))
        if named and named.endswith(_SELF_SUFFIXES[kind]):
            found.append(named)
    for name in named_bodies(body, _SELF_SUFFIXES[kind], _OWN_AFTER_RE):
        named = organ_name(name)
        if named and named.endswith(_SELF_SUFFIXES[kind]):
            found.append(named)
    distinct = [n for n in dict.fromkeys(found) if not any(o != n and o.endswith(n) for o in found)]
    return distinct[0] if len(distinct) == 1 else None


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
    report of "湖南省人民政府" for it, and "XX乡乡人民政府" is no fuller form of "XX乡".
    """
    if name == base:
        return False
    if _ORGAN_SUFFIX_RE.search(base):
        return name.endswith(base)
    return name.endswith(base) or re.fullmatch(
        r".*" + re.escape(base) + r"(?:人民政府|街道办事处|办事处|管理委员会|管委会)", name) is not None


def _stem(organ: str) -> str:
    return _ORGAN_SUFFIX_RE.sub("", organ)


def find_organ(lines: list[Line], title_organ: str | None, title_index: int | None) -> str | None:
    """Return the organ as written: the title's, the information table's or the signature's, the fullest form."""
    return _organ(_body(lines), title_organ, _info_fields(lines), _signature(lines)[0], _preamble_organ(lines)).organ


@dataclass(frozen=True)
class _Organ:
    organ: str | None
    source: str | None
    others: list[tuple[str, str]]
    written: str | None = None  # what the source wrote, when the organ was inferred from it or refused
    how: str | None = None  # "government", "completed"; with no organ: "place", "generic"


def _resolve(name: str, text: str) -> tuple[str | None, str | None]:
    """Read one candidate as a body's name: (body, how it was inferred) or (None, why it is none)."""
    name = expand_abbreviation(name, text) or name
    how = None
    if re.search(r"\([^()]*\)$", name):
        return name, None  # "XX局(XX管委会)": two names of a body, written out
    if not _ORGAN_SUFFIX_RE.search(name):
        # "东沟乡" in the title, "东沟乡人民政府" in the text.
        match = re.search(re.escape(name) + r"(人民政府|街道办事处|办事处)", text)
        if match:
            name = match.group(0)
    bare_government = name.endswith("政府") and not name.endswith("人民政府")
    if not _ORGAN_SUFFIX_RE.search(name) or bare_government:
        governed = government_of(name[:-2] if bare_government else name, text)
        if governed is None:
            return None, "place"
        name, how = governed, "government"
    if is_generic(name):
        place = place_of_level(name, text)
        if place is None:
            return None, "generic"
        name, how = place + name[1:], "completed"
    return name, how


# Provinces' short names, as development zones carry them: "安徽舒城经济开发区".
_PROVINCE_SHORT = ("北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江", "安徽",
                   "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "重庆", "四川", "贵州", "云南",
                   "西藏", "陕西", "甘肃", "青海", "宁夏", "新疆")


def _province_prefixed(organ: str, written: str, text: str) -> str:
    """A zone's body under the fuller name the text writes for the zone: its province's short name before it."""
    if not ZONE_RE.search(written) or not organ.startswith(written):
        return organ
    found = [p for p in _PROVINCE_SHORT if p + written in text]
    return found[0] + organ if len(found) == 1 else organ


def _organ(text: str, title: str | None, fields: dict[str, tuple[str, int]], signed: str | None,
           preamble: str | None = None, subject: str | None = None, self_named: str | None = None) -> _Organ:
    """Return the organ, its source and the candidates that disagree, from the sources in order of trust."""
    info = _info_organ(fields)
    source_field = _info_organ(fields, _SOURCE_LABELS)
    candidates = [(s, n) for s, n in (("title", title), ("info", info[0] if info else None), ("signature", signed),
                                      ("preamble", preamble), ("subject", subject), ("self", self_named),
                                      ("source", source_field[0] if source_field else None)) if n]
    if not candidates:
        return _Organ(None, None, [])
    refused: tuple[str, str, str] | None = None
    chosen: tuple[str, str, str | None, str] | None = None
    resolved: list[tuple[str, str]] = []
    for source, name in candidates:
        body, how = _resolve(name, text)
        if body is None:
            refused = refused or (source, name, how or "")
            continue
        resolved.append((source, body))
        if chosen is None:
            chosen = (source, body, how, name)
    if chosen is None:
        source, name, why = refused or (candidates[0][0], candidates[0][1], "place")
        return _Organ(None, source, [], name, why)
    source, base, how, written = chosen
    for _source, name in resolved:
        if _fuller_name(name, base):
            base = name
    base = fuller_name(base, text)
    if how == "government" and written:
        base = _province_prefixed(base, written, text)
    others = [(s, n) for s, n in resolved if s != source and n != base and not _fuller_name(base, n) and n not in base]
    return _Organ(base, source, others, written if how else None, how)


def _body(lines: list[Line]) -> str:
    """The first part of the text without white space, for looking up fuller names."""
    parts: list[str] = []
    size = 0
    for ln in lines:
        parts.append(ln.text)
        size += len(ln.text)
        if size > 30000:
            break
    return squash_joined(parts)[:30000]


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
    """Read organ, year and publication date from the title, the information table and the signature.

    A page in traditional characters is read through its simplified copy; the organ is given back as the
    page writes it.
    """
    page = hant.reading(lines)
    meta = _read_metadata(page.lines if page else lines)
    if page is None:
        return meta
    return replace(meta, organ=page.written_as(meta.organ), notes=tuple(_written_note(n, page) for n in meta.notes))


def _written_note(note: Finding, page: hant.Reading) -> Finding:
    """An M-02 note quoting names as the page writes them."""
    if note.id != "M-02":
        return note
    update: dict[str, str | None] = {}
    message, message_en = note.message, note.message_en
    for key in ("found", "expected"):
        name = getattr(note, key)
        if name:
            update[key] = page.written_as(name)
            message = message.replace(name, update[key] or name)
            message_en = message_en.replace(name, update[key] or name)
    return note.model_copy(update={**update, "message": message, "message_en": message_en})


def _read_metadata(lines: list[Line]) -> Metadata:
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
    preamble, preamble_year = _preamble(lines)
    strong = title is not None and title.organ or _info_organ(fields) or signed or preamble
    subject = None if strong else _subject(lines)
    kind = _self_kind(body)
    # A subject that names no body ("乡政府…") leaves the report's own words to name it.
    self_named = None if strong or subject and _resolve(subject, body)[0] else _self_named(body, kind)
    named = _organ(body, title.organ if title else None, fields, signed, preamble, subject, self_named)
    organ, organ_source = named.organ, named.source

    year = title.year if title else None
    year_source = "title" if year is not None else None
    year_line = title.line if year is not None and title else None
    published, published_line = _published(lines, fields, (signed, signed_date, signed_line), year)
    if year is None:
        year, year_line, year_source, note = _year_elsewhere(lines, preamble_year, published, published_line)
        if note is not None:
            notes.append(note)
    if organ is not None and organ_source != "title":
        where, where_en = _SOURCE_WORDS[organ_source or "signature"]
        notes.append(finding(
            "M-02", Severity.info, f"标题中没有发布机关，机关名称“{organ}”取自{where}",
            f"no organ in the title; {organ!r} taken from the {where_en}", found=organ))
    notes.extend(_naming_notes(named))
    for source, other in named.others:
        if organ_source == "info" and source == "signature":
            notes.append(finding(
                "M-02", Severity.info, f"落款写作“{other}”，与页面信息表的“{organ}”不同，采用信息表",
                f"the signature names {other!r}, the information table {organ!r}; the table is taken",
                found=other, expected=organ))
    context = level_context(body, organ)
    if organ is None and kind is not None:
        context = "我" + kind  # "我镇": the report speaks as a township's government
    return Metadata(
        organ=organ, organ_source=organ_source, year=year, year_source=year_source, year_line=year_line,
        published=published, published_line=published_line, title_index=title.index if title else None,
        context=context, notes=tuple(notes))


def _naming_notes(named: _Organ) -> list[Finding]:
    """Say how an organ was inferred from what the page wrote, or why what it wrote is no organ."""
    written, organ = named.written, named.organ
    if named.how == "government":
        return [finding(
            "M-02", Severity.info, f"页面只写作“{written}”，机关名称按政府机关的命名惯例推定为“{organ}”",
            f"the page writes only {written!r}; the organ {organ!r} is inferred by the naming convention",
            found=written, expected=organ)]
    if named.how == "completed":
        return [finding(
            "M-02", Severity.info, f"页面写作“{written}”，未写所属地区；按正文中唯一的同级地名推定为“{organ}”",
            f"the page writes {written!r} without its place; {organ!r} from the only such place in the text",
            found=written, expected=organ)]
    if named.how == "generic":
        return [finding(
            "M-02", Severity.info, f"页面只写作“{written}”，未写明是哪个地方的机关，不作为机关名称",
            f"the page writes only {written!r}, which names no place; not taken as the organ", found=written)]
    if named.how == "place" and organ is None:
        return [finding(
            "M-02", Severity.info, f"页面只写作地名“{written}”，未写明其机关，不作为机关名称",
            f"the page writes only the place {written!r}, not its body; not taken as the organ", found=written)]
    return []


def _year_elsewhere(lines: list[Line], preamble_year: tuple[int, int] | None, published: dt.date | None,
                    published_line: int | None) -> tuple[int | None, int | None, str | None, Finding | None]:
    """The year when the title has none: the statistics period, the report's sentences about itself, the
    publication date in the first half of the next year, the first year the overview names; with its M-01 note."""
    period = _period_year(lines)
    if period is not None:
        year, line = period
        return year, line, "period", finding(
            "M-01", Severity.info, f"标题中没有年度，报告年度 {year} 取自统计期限",
            f"no year in the title; year {year} taken from the statistics period", line=line, found=str(year))
    said = preamble_year or _sentence_year(lines)
    if said is not None:
        year, line = said
        return year, line, "text", finding(
            "M-01", Severity.info, f"标题中没有年度，报告年度 {year} 取自正文中对本报告的说明",
            f"no year in the title; year {year} taken from the text naming the report", line=line, found=str(year))
    if published is not None and published.month <= 6:
        year = published.year - 1
        return year, published_line, "published", finding(
            "M-01", Severity.info,
            f"标题和正文中没有年度，按发布日期 {published.isoformat()} 推定为 {year} 年度报告",
            f"no year in the title or the text; year {year} inferred from the publication date "
            f"{published.isoformat()}", line=published_line, found=str(year))
    opening = _overview_year(lines)
    if opening is not None:
        year, line = opening
        return year, line, "overview", finding(
            "M-01", Severity.info, f"标题、统计期限和发布日期都没有年度，按“一、总体情况”开头所写推定为 {year} 年度报告",
            f"no year in the title, the statistics period or the date; year {year} inferred from the opening of "
            "the overview", line=line, found=str(year))
    return None, None, None, None


def _sentence_year(lines: list[Line]) -> tuple[int, int] | None:
    """"汇报我镇2023年政府信息公开工作", "所列数据截止日期为2025年12月31日": the report's year in its own words."""
    for ln in lines[:_PERIOD_LINES]:
        text = nfkc(ln.text[:20000])
        match = _SELF_YEAR_RE.search(text) or _UNTIL_RE.search(text)
        if match:
            return int(match.group("year")), ln.no
    return None


def _overview_year(lines: list[Line]) -> tuple[int, int] | None:
    """The first year in the opening words of the overview ("一、总体情况 2019年，我乡…")."""
    for k, ln in enumerate(lines[:_PERIOD_LINES]):
        text = nfkc(ln.text[:20000])
        heading = _OVERVIEW_RE.search(text)
        if heading is None:
            continue
        following = text[heading.end():heading.end() + _OVERVIEW_CHARS]
        for later in lines[k + 1:k + 6]:
            if len(following) >= _OVERVIEW_CHARS:
                break
            following += "\n" + nfkc(later.text[:_OVERVIEW_CHARS])
        match = re.search(r"(?P<year>" + _YEAR + r")\s*年", following)
        return (int(match.group("year")), ln.no) if match else None
    return None


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
