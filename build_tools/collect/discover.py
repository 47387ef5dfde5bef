"""What a fetched government page is: a report, a report page with attachments, or a list of reports.

A 年报专栏 is a list page of links titled "…2023年政府信息公开工作年度报告" (or a variant), split over
pages found by a 下一页 link, by index_1.html-style links, or by the `createPageHTML(total, current,
"index", "html")` script most government site systems print. A report page holds the report in its body,
or links it as an attachment (PDF, DOC, DOCX, WPS, ODT, RTF, or a .htm 正文 page), and prints its own
information table (索引号, 发布机构, 发布日期…).
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import urllib.parse
from dataclasses import dataclass, field

from build_tools.ingest.limits import IngestError
from build_tools.ingest.webpage import MARKERS, MIN_MARKERS, decode_page

DOCUMENT_SUFFIXES = (".pdf", ".doc", ".docx", ".wps", ".odt", ".rtf")
MAX_PAGES = 200  # pages of one list: a pager script that promises more is not believed

# "…2023年度政府信息公开工作年度报告", "…政务公开工作年度报告", "政府信息公开年报（2023年）"…
_REPORT_TITLE_RE = re.compile(r"(?:政府|政务)?信息公开(?:工作)?(?:年度)?(?:报告|年报)|政务公开工作年度报告")
# …and the documents titled alike that are not a report: notices about writing one, readings of one.
_NOT_REPORT_RE = re.compile(r"通知|编制|模板|格式|解读|图解|指南|要求|目录|申请表|工作要点|方案|考核|评估|整改|统计表")
_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年")
_NEXT_TEXTS = {"下一页", "下页", "后一页", "下一页>", "下一页>>", "下一页 >", ">", "»"}
_PAGED_NAME_RE = re.compile(r"^(?P<stem>[A-Za-z]+)_(?P<n>\d{1,4})\.(?P<ext>s?html?)$")
# createPageHTML(countPage, currentPage, "index", "html"), the counts as numbers or as variables set before;
# newer versions take the pager element's id first: createPageHTML('page_div', 5, 0, 'index', 'html', 98).
_PAGER_RE = re.compile(r"createPageHTML\(\s*(?:['\"][^'\"]*['\"]\s*,\s*)?(\w+)\s*,\s*(\w+)\s*,\s*['\"]([\w-]+)['\"]"
                       r"\s*,\s*['\"](\w+)['\"]")
_DATE_LABEL_RE = re.compile(r"(发布日期|发布时间|发文日期|公开日期|成文日期|生成日期)\s*[:：]?\s*"
                            r"((?:19|20)\d{2})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
_LABEL_TRUST = ("发布日期", "发布时间", "公开日期", "发文日期", "生成日期", "成文日期")


@dataclass(frozen=True)
class Link:
    url: str
    title: str

    @property
    def year(self) -> int | None:
        return report_year(self.title)


@dataclass
class Page:
    """What a fetched HTML page holds."""

    url: str
    title: str
    report_body: bool  # the body holds a report (its section headings and table labels)
    report_links: list[Link] = field(default_factory=list)  # links titled like a report
    attachments: list[Link] = field(default_factory=list)  # documents and 正文 pages it links
    pages: list[str] = field(default_factory=list)  # the other pages of a paginated list
    published: dt.date | None = None  # the 发布日期 the page prints


def is_report_title(text: str) -> bool:
    """Tell whether a link's text or title names a year's annual report (not a notice about one, not the column)."""
    text = "".join(text.split())
    return bool(_REPORT_TITLE_RE.search(text) and _YEAR_RE.search(text)) and not _NOT_REPORT_RE.search(text)


def report_year(title: str) -> int | None:
    """The year a report's title names (2023 in "…2023年度政府信息公开工作年度报告")."""
    match = _YEAR_RE.search("".join(title.split()))
    return int(match.group(1)) if match else None


def decode_html(data: bytes, header_charset: str | None) -> str:
    """Decode a page: the charset its HTTP header names, else its meta tag, else detection (GBK is common)."""
    if header_charset:
        name = header_charset.lower()
        name = "gb18030" if name in ("gb2312", "gbk", "x-gbk", "cp936") else name
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return decode_page(data)[0]
    except IngestError:
        return data.decode("gb18030", errors="replace")


def is_document(url: str, title: str = "") -> bool:
    """A link to a document file: by the suffix of its path, a file name in its query, or its text."""
    parts = urllib.parse.urlsplit(url)
    names = [parts.path.lower()] + [v.lower() for _k, v in urllib.parse.parse_qsl(parts.query)] + [title.lower()]
    return any(name.strip().endswith(DOCUMENT_SUFFIXES) for name in names)


def read_page(data: bytes, url: str, header_charset: str | None = None) -> Page:
    """Read a fetched HTML page: is its body a report, which reports and attachments does it link."""
    import lxml.html
    from lxml import etree

    text = decode_html(data, header_charset)
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=lxml.html.HTMLParser(
            encoding="utf-8", remove_comments=True, no_network=True))
    except (etree.ParserError, ValueError):
        return Page(url, "", False)
    scripts = "\n".join(s.text or "" for s in root.iter("script"))
    base = root.find(".//base[@href]")
    base_url = urllib.parse.urljoin(url, base.get("href")) if base is not None else url
    title = " ".join((root.findtext(".//title") or "").split())
    for element in list(root.iter("script", "style", "noscript", "template")):
        if element.getparent() is not None:
            element.drop_tree()
    visible = " ".join(root.text_content().split())
    compact = "".join(visible.split())
    page = Page(url, title, sum(1 for m in MARKERS if m in compact) >= MIN_MARKERS)
    page.published = _published(visible)
    seen: set[str] = {_without_fragment(url)}
    for anchor in root.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        target = _without_fragment(urllib.parse.urljoin(base_url, href))
        if urllib.parse.urlsplit(target).scheme not in ("http", "https"):
            continue
        label = " ".join(anchor.text_content().split())
        name = anchor.get("title") or ""
        best = name if len(name) > len(label) else label  # lists cut long titles short and keep them in title=
        if label in _NEXT_TEXTS or label.replace(" ", "") in _NEXT_TEXTS:
            _add_page(page, target, url)
            continue
        if _PAGED_NAME_RE.match(posixpath.basename(urllib.parse.urlsplit(target).path)):
            _add_page(page, target, url)
        if target in seen:
            continue
        if is_document(target, best) or (_is_text_page(target) and "正文" in best.replace(" ", "")):
            if not _NOT_REPORT_RE.search(best.replace(" ", "")):
                page.attachments.append(Link(target, best))
                seen.add(target)
            if is_report_title(best):
                page.report_links.append(Link(target, best))  # a list may link the report's file itself
            continue
        if is_report_title(best):
            page.report_links.append(Link(target, best))
            seen.add(target)
    for total_arg, current_arg, stem, ext in _PAGER_RE.findall(scripts):
        total, current = _script_number(scripts, total_arg), _script_number(scripts, current_arg)
        if total is None:
            continue
        for n in range(min(total, MAX_PAGES)):
            if n != current:
                _add_page(page, urllib.parse.urljoin(url, stem + (f"_{n}" if n else "") + "." + ext), url)
    return page


def _script_number(scripts: str, value: str) -> int | None:
    """A pager argument: a number, or a variable the script sets to one (var countPage = 3)."""
    if value.isdigit():
        return int(value)
    found = re.findall(rf"\b{re.escape(value)}\s*=\s*(\d+)", scripts)
    return int(found[-1]) if found else None


def _without_fragment(url: str) -> str:
    return urllib.parse.urldefrag(url)[0]


def _is_text_page(url: str) -> bool:
    return urllib.parse.urlsplit(url).path.lower().endswith((".htm", ".html", ".shtml"))


def _add_page(page: Page, target: str, url: str) -> None:
    """A page of the same list: same host and folder as the page itself."""
    here, there = urllib.parse.urlsplit(url), urllib.parse.urlsplit(target)
    if there.netloc != here.netloc or posixpath.dirname(there.path) != posixpath.dirname(here.path):
        return
    if target != _without_fragment(url) and target not in page.pages:
        page.pages.append(target)


def _published(text: str) -> dt.date | None:
    """The page's own 发布日期 from its information table or date line, the most telling label first."""
    found: dict[str, dt.date] = {}
    for label, year, month, day in _DATE_LABEL_RE.findall(text):
        try:
            found.setdefault(label, dt.date(int(year), int(month), int(day)))
        except ValueError:
            continue
    return next((found[label] for label in _LABEL_TRUST if label in found), None)


def page_kind(page: Page, *, from_list: bool) -> str:
    """Call a page "report" (collect it and its attachments), "list" (follow its report links) or "other".

    A page reached from a list's report link is a report page; a page given on the command line is a list
    when it links reports or pages of a list and holds no report itself.
    """
    if page.report_body:
        return "report"
    if from_list:
        return "report" if page.attachments else "other"
    if page.pages or any(not is_document(link.url, link.title) for link in page.report_links):
        return "list"
    return "report" if page.attachments else "other"


__all__ = ["DOCUMENT_SUFFIXES", "Link", "Page", "decode_html", "is_document", "is_report_title", "page_kind",
           "read_page", "report_year"]
