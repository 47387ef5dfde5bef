"""The level of government a report's organ stands at, and why, for comparing like with like.

Bodies that exercise a township's functions are township-level: a 街道办事处 (level `street`, compared
with townships), and a 管委会 or 管理局 that took over a former 乡镇, which its report says ("…管委会（代管
XX镇）", "承担原XX乡职能"). Other development-zone bodies are `other`, unless the zone is a county-level
division of its own in the gazetteer; the county a zone lies in does not make it county-level, nor does a
township-level statistical code (the statistics list zones there whatever they do). A report that never
names its organ still says how it speaks of it ("我镇", "我局"), and that tells its level. Departments (局, 委员会, 办公室, …) are `department`; governments go by their code's
length or, without a code, by their name.
"""

from __future__ import annotations

import re

from build_tools.gazetteer import load_gazetteer
from build_tools.parse.hant import simplified_name

_CODE_LEVELS = {2: "province", 4: "city", 6: "county", 9: "township"}
_CODE_WORDS = {2: "省级", 4: "地级", 6: "县级", 9: "乡级"}
_ZONE_RE = re.compile(r"(管理委员会|管委会|管理局|管理区|管理处|开发区|高新区|园区|新区|示范区|试验区|实验区|合作区)$")
_ZONE_WORDS = re.compile(r"开发区|高新区|园区|新区|示范区|试验区|实验区|合作区|管理区|风景|景区|旅游区|农场|林场|矿区")
# "代管长洛乡", "托管XX镇", "承担原XX乡镇职能", "行使XX镇人民政府职能".
_TAKEN_OVER_RE = re.compile(
    r"(?:[代托]管|接管)(?:原)?(?P<a>[\u4e00-\u9fff]{1,10}?(?:乡|镇|街道|苏木))"
    r"|(?:承担|行使|履行)(?:原)?(?P<b>[\u4e00-\u9fff、]{0,24}?(?:乡镇|乡|镇|街道))(?:人民政府|政府|办事处)?"
    r"(?:的)?(?:全部|各项|行政)?(?:管理)?(?:和服务)?职能"
)
# How a report without its organ's name speaks of it ("我镇"), and the level that tells.
_SELF_LEVELS = {
    "我乡": ("township", "按乡镇比较"), "我镇": ("township", "按乡镇比较"), "我街道": ("street", "按街道比较"),
    "我县": ("county", "按县级比较"), "我局": ("department", "按政府工作部门比较"),
    "我委": ("department", "按政府工作部门比较"),
}
_DEPARTMENT_RE = re.compile(r"(局|厅|委员会|委|办公室|办公厅|办|中心|署|院|所|站|队|处|分局|会|社)$")


def level_context(text: str, organ: str | None) -> str:
    """Return the words of the report that say a zone or bureau took over a township ("代管长洛乡"), or ""."""
    organ = simplified_name(organ) if organ else organ
    if not organ or not (_ZONE_RE.search(organ) or _ZONE_WORDS.search(organ)):
        return ""
    match = _TAKEN_OVER_RE.search(text)
    return match.group(0) if match else ""


def find_level(organ: str | None, code: str | None = None, context: str = "") -> tuple[str, str]:
    """Return (level, reason in Chinese) from the organ's name, its region code and what the report says."""
    if not organ:
        kind = _SELF_LEVELS.get(context)
        if kind:
            return kind[0], f"未确定发布机关；报告自称“{context}”，{kind[1]}"
        return "other", "未确定发布机关"
    name = simplified_name(organ)
    if re.search(r"(街道办事处|街道|街道办)$", name) or (name.endswith("办事处") and "街道" in name):
        return "street", "街道办事处行使乡镇一级职能，与乡镇同级比较"
    if context and not name.endswith("人民政府"):
        return "township", f"报告写明“{context}”，行使乡镇职能，与乡镇同级比较"
    if (_ZONE_WORDS.search(name) or re.search(r"(管理委员会|管委会)$", name)) and not name.endswith("人民政府"):
        place = load_gazetteer().get(code) if code and len(code) == 6 else None
        stem = re.sub(r"(管理委员会|管委会|管理局|管理处)$", "", name)
        if place is not None and stem.endswith(place.name):  # a zone that is a county itself, not one it lies in
            return "county", "开发区等管理机构，本身是县级区划"
        return "other", "开发区等管理机构，报告未写明代管乡镇，本身也不是县级区划"
    if code and name.endswith("人民政府") and len(code) in _CODE_LEVELS:
        return _CODE_LEVELS[len(code)], f"人民政府，区划代码为{_CODE_WORDS[len(code)]}"
    if code and len(code) == 9 and name.endswith("办事处"):
        return "street", "街道办事处行使乡镇一级职能，与乡镇同级比较"
    if re.search(r"(乡|镇|苏木|民族乡)(人民政府)?$", name):
        return "township", "乡镇人民政府"
    if name.endswith("人民政府"):
        stem = name[: -len("人民政府")]
        if re.search(r"(省|自治区)$", stem):
            return "province", "省级人民政府"
        if re.search(r"(县|旗|自治县|自治旗|特区|林区|区)$", stem):
            return "county", "县、区、旗人民政府"
        if stem.endswith("市"):
            # A county-level city names its prefecture-level city or province first (建德市 is 杭州市's).
            if re.search(r"(省|自治区|州|市).+市$", stem) is None and len(stem) <= 4:
                return "county", "县级市人民政府"
            return "city", "地级市人民政府"
        if re.search(r"(自治州|地区|盟)$", stem):
            return "city", "自治州、地区、盟人民政府"
        return "other", "人民政府，层级未能从名称确定"
    if suffix := _DEPARTMENT_RE.search(name):
        return "department", f"名称以“{suffix.group(1)}”结尾，为政府工作部门或直属机构"
    if re.search(r"(乡|镇)$", name):
        return "township", "乡镇"
    return "other", "名称不属于人民政府、街道或政府部门"
