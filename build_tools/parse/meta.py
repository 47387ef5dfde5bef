"""Report metadata from its text: organ as written, year, publication date, level and place names."""

from __future__ import annotations

import datetime as dt
import re

from build_tools.parse.lines import Line
from build_tools.text import clean_space, nfkc, squash

_TITLE_RE = re.compile(
    r"^(?P<organ>.*?)(?P<year>(?:19|20)\d{2})\s*年\s*(?:度)?\s*(?:的)?\s*(?:政府信息公开|政务公开|信息公开)"
    r"(?:工作)?\s*(?:年度)?\s*(?:工作)?\s*(?:报告|年报)"
)
# "2023年杭州市教育局政府信息公开工作年度报告": the year first, the organ after it.
_YEAR_FIRST_RE = re.compile(
    r"^(?P<year>(?:19|20)\d{2})\s*年\s*(?:度)?\s*(?P<organ>[^\s，。,]{2,40}?"
    r"(?:人民政府|办事处|委员会|管委会|局|厅|办公室|办公厅|中心|公署|院|署))\s*(?:政府信息公开|政务公开|信息公开)"
    r"(?:工作)?\s*(?:年度)?\s*(?:工作)?\s*(?:报告|年报)"
)
_PERIOD_RE = re.compile(r"(?:统计|数据).{0,12}?((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日")
_DATE_RES = (
    re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"),
    re.compile(r"((?:19|20)\d{2})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{1,2})(?!\d)"),
)
_PUBLISHED_RE = re.compile(r"(?:发布|公开|印发|成文)(?:日期|时间)\s*[:：]?\s*(.{6,20})")
_ORGAN_SUFFIX_RE = re.compile(
    r"(人民政府|街道办事处|办事处|委员会|管理委员会|管委会|局|厅|办公室|办公厅|中心|公署|人民代表大会常务委员会|院|署|队|所|站)$"
)
_ORGAN_RE = re.compile(
    r"[\u4e00-\u9fff]{2,30}?(?:人民政府|街道办事处|办事处|管理委员会|管委会)"
)


def _clean_organ(text: str) -> str:
    text = clean_space(text)
    text = re.sub(r"^[\s\"“”《》【】\[\]]+|[\s\"“”《》【】\[\]:：,，]+$", "", text)
    return text.replace(" ", "")


def find_title(lines: list[Line], limit: int = 12) -> tuple[str | None, int | None, int | None]:
    """Return (organ named before the year, year, line index of the title) from the first lines."""
    seen: list[str] = []
    for i, line in enumerate(lines[:limit * 3]):
        text = nfkc(line.text).strip()
        if not text:
            continue
        match = _TITLE_RE.search(text.replace(" ", "")) or _YEAR_FIRST_RE.search(text.replace(" ", ""))
        if match:
            organ = _clean_organ(match.group("organ")) or None
            if organ is None and seen:
                organ = _clean_organ(seen[-1]) if _ORGAN_SUFFIX_RE.search(_clean_organ(seen[-1])) else None
            return organ, int(match.group("year")), i
        seen.append(text)
        if len(seen) >= limit:
            break
    return None, None, None


def find_year(lines: list[Line], title_year: int | None) -> int | None:
    """Return the reporting year: the title's, or the statistics period's."""
    if title_year is not None:
        return title_year
    for line in lines[:80]:
        match = _PERIOD_RE.search(nfkc(line.text))
        if match:
            return int(match.group(1))
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


def find_published(lines: list[Line], year: int | None) -> tuple[dt.date | None, int | None]:
    """Return the publication date printed in a 发布日期 field or the closing signature, with its line."""
    for line in lines:
        match = _PUBLISHED_RE.search(nfkc(line.text))
        if match:
            date = _date(match.group(1))
            if date:
                return date, line.no
    tail = [ln for ln in lines if ln.text.strip()][-6:]
    for line in reversed(tail):
        text = squash(line.text)
        if len(text) > 16:
            continue
        date = _date(text)
        if date and (year is None or year <= date.year <= year + 2):
            return date, line.no
    return None, None


def find_organ(lines: list[Line], title_organ: str | None, title_index: int | None) -> str | None:
    """Return the organ as written: the fullest of the title, the first line and the closing signature."""
    candidates: list[str] = []
    if title_organ:
        candidates.append(title_organ)
    head = [nfkc(ln.text).strip() for ln in lines[: (title_index or 0)] if ln.text.strip()]
    for text in head[-2:]:
        organ = _clean_organ(text)
        if _ORGAN_SUFFIX_RE.search(organ) and len(organ) <= 40:
            candidates.append(organ)
    tail = [squash(ln.text) for ln in lines if ln.text.strip()][-6:]
    signatures = [t for t in tail if _ORGAN_SUFFIX_RE.search(t) and len(t) <= 40 and not _date(t)]
    base = candidates[0] if candidates else None
    for signature in signatures:
        if base is None or _fuller_name(signature, base):
            candidates.append(signature)
    if base and not _ORGAN_SUFFIX_RE.search(base):
        # "东沟乡" in the title, "东沟乡人民政府" in the text.
        body = "".join(squash(ln.text) for ln in lines[:400])
        match = re.search(re.escape(base) + r"(人民政府|街道办事处|办事处)", body)
        if match:
            candidates.append(match.group(0))
    if not candidates:
        return None
    related = [c for c in candidates if base is None or _stem(base) in c]
    return max(related or candidates, key=len)


def _fuller_name(name: str, base: str) -> bool:
    """Tell whether `name` writes the organ `base` more fully ("互助土族自治县东沟乡人民政府" for "东沟乡").

    A name that goes on past a complete organ name is another organ: "湖南省人民政府办公厅" signs the
    report of "湖南省人民政府" for it.
    """
    if _ORGAN_SUFFIX_RE.search(base):
        return name.endswith(base)
    return base in name or _stem(base) in name


def _stem(organ: str) -> str:
    return _ORGAN_SUFFIX_RE.sub("", organ)


_CODE_LEVELS = {2: "province", 4: "city", 6: "county", 9: "township"}


def find_level(organ: str | None, code: str | None = None) -> str:
    """Tell the level of government from the organ's name and, for a 人民政府, the length of its region code."""
    if not organ:
        return "other"
    name = organ
    if code and name.endswith("人民政府") and len(code) in _CODE_LEVELS:
        return _CODE_LEVELS[len(code)]
    if code and len(code) == 9 and re.search(r"(街道办事处|街道|办事处)$", name):
        return "street"
    if re.search(r"(街道办事处|街道)$", name) or name.endswith("办事处") and "街道" in name:
        return "street"
    if re.search(r"(乡|镇|苏木|民族乡)(人民政府)?$", name):
        return "township"
    if name.endswith("人民政府"):
        stem = name[: -len("人民政府")]
        if re.search(r"(省|自治区)$", stem):
            return "province"
        if re.search(r"(县|旗|自治县|自治旗|特区|林区|区)$", stem):
            return "county"
        if stem.endswith("市"):
            # A county-level city names its prefecture-level city or province first (建德市 is 杭州市's).
            return "county" if re.search(r"(省|自治区|州|市).+市$", stem) is None and len(stem) <= 4 else "city"
        if re.search(r"(自治州|地区|盟)$", stem):
            return "city"
        return "other"
    if re.search(r"(局|厅|委员会|委|办公室|办|中心|署|院|所|站|队|处)$", name):
        return "department"
    if re.search(r"(乡|镇)$", name):
        return "township"
    return "other"


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
