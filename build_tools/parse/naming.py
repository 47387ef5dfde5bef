"""How the bodies that publish reports are named, for reading an organ's name from a report's words.

Three conventions of Chinese administrative naming, each applied only as far as the text supports it:

- A place stands for the body that governs it. A report titled "保康县2020年度…" or "螺洋街道2021年度…" is
  the report of 保康县人民政府 or 螺洋街道办事处: a 乡, 镇, 县, 区, 市 or 省 is governed by its 人民政府, a 街道
  by its 街道办事处. A development zone's body is its 管委会, taken only when the report itself names the
  zone's 管委会 ("高新区管委会"). `government_of` gives that body; the caller records that it was inferred.
- Place names before a body name are written or left out at will: "道里区通江街道办事处" is
  "哈尔滨市道里区通江街道办事处", and a 街道办事处 is an office of its district's government
  ("硚口区人民政府汉水桥街道办事处"). `fuller_name` finds the fullest form the text writes, checking the places
  before the name against the gazetteer so that no other words are taken for places.
- A body named after a bare level ("县乡村振兴局", "区统计局") belongs to the one place of that level its
  report names. `place_of_level` finds that place, or None when the report names none or several.
"""

from __future__ import annotations

import functools
import re

from build_tools.gazetteer import PLACEHOLDER_NAMES, load_gazetteer

_MAX_PLACE = 12  # characters of the longest place name looked for
_GOVERNED_RE = re.compile(r"(?:省|自治区|市|自治州|州|盟|县|自治县|旗|自治旗|特区|林区|区|乡|民族乡|镇|苏木)$")
# Zones, scenic areas and parks are places without a 人民政府.
ZONE_RE = re.compile(r"(?:开发区|高新区|园区|产业园|新区|管理区|示范区|试验区|实验区|合作区|保税区|景区|风景区|度假区|"
                     r"旅游区|工业区|集中区|港区|城区管委)$")
_COMMITTEES = ("管理委员会", "管委会")
# A name that begins with a bare level: the report's own place is left out ("县乡村振兴局", "区人民政府办公室").
_GENERIC_RE = re.compile(r"^(?:县|区|市(?!场|政(?!府))|州|旗|盟|省|乡|镇)")
_LINK = "人民政府"
_PLACE_ENDS = "省市州盟区县旗"  # "硚口区人民政府汉水桥街道办事处": a 街道办事处 is an office of the district's government


def government_of(place: str, text: str = "") -> str | None:
    """Return the body that governs a place named alone, or None when naming conventions do not say.

    "保康县" → "保康县人民政府", "螺洋街道" → "螺洋街道办事处", "太仓高新区" → "太仓高新区管委会" when the text
    names the "高新区管委会"; a zone whose committee the text does not name, or a name that is no place, gives None.
    """
    if place.endswith("街道"):
        return place + "办事处"
    if (zone := ZONE_RE.search(place)) is not None:
        for committee in _COMMITTEES:
            if zone.group(0) + committee in text:
                return place + committee
        return None
    if place.endswith("地区"):
        return None  # a prefecture is run by its 行政公署, a name the text must give
    if _GOVERNED_RE.search(place) and len(place) >= 2:
        return place + "人民政府"
    return None


def is_generic(organ: str) -> bool:
    """Tell whether an organ's name begins with a bare level and so names no place ("区统计局")."""
    return _GENERIC_RE.match(organ) is not None and place_prefix(organ)[0] == ""


@functools.lru_cache(maxsize=1)
def _places() -> tuple[frozenset[str], frozenset[str]]:
    """Names of provinces, cities and counties that are safe to read in running text, and of townships."""
    upper: set[str] = set()
    townships: set[str] = set()
    for place in load_gazetteer():
        name = place.name
        if name in PLACEHOLDER_NAMES or len(name) < 2:
            continue
        if place.level == "township":
            if len(name) >= 3:
                townships.add(name)
        elif len(name) >= 3 or name[-1] in "县市旗州":  # not 城区, 郊区, 矿区: words of ordinary text
            upper.add(name)
    return frozenset(upper), frozenset(townships)


def _credible(text: str, start: int, place: str) -> bool:
    """A two-character name counts after a break or another place: not the 理县 of "办理县…"."""
    return len(place) >= 3 or start == 0 or not "\u4e00" <= text[start - 1] <= "\u9fff" or text[start - 1] in _PLACE_ENDS


def _place_ending_at(text: str, end: int, names: frozenset[str]) -> str:
    for length in range(min(_MAX_PLACE, end), 1, -1):
        if text[end - length:end] in names and _credible(text, end - length, text[end - length:end]):
            return text[end - length:end]
    return ""


def _place_starting_at(text: str, start: int, names: frozenset[str]) -> str:
    for length in range(min(_MAX_PLACE, len(text) - start), 1, -1):
        if text[start:start + length] in names and _credible(text, start, text[start:start + length]):
            return text[start:start + length]
    return ""


def place_prefix(name: str) -> tuple[str, list[str]]:
    """Split the places an organ's name begins with: ("哈尔滨市道里区", ["哈尔滨市", "道里区"]) of "哈尔滨市道里区…"."""
    upper, _townships = _places()
    places: list[str] = []
    position = 0
    while True:
        place = _place_starting_at(name, position, upper)
        if not place or position + len(place) >= len(name):
            break
        places.append(place)
        position += len(place)
        if name.startswith(_LINK, position) and name.endswith("办事处") and position + len(_LINK) < len(name):
            position += len(_LINK)
    return name[:position], places


def _chain_before(text: str, end: int, link: bool) -> tuple[str, list[str]]:
    """The places written right before position `end` ("哈尔滨市道里区", "硚口区人民政府"), nearest last."""
    upper, _townships = _places()
    start = end
    places: list[str] = []
    while True:
        position = start
        if link and position == end and text.endswith(_LINK, 0, position):
            position -= len(_LINK)  # "…区人民政府XX街道办事处"
        place = _place_ending_at(text, position, upper)
        if not place:
            break
        places.insert(0, place)
        start = position - len(place)
    return text[start:end], places


def fuller_name(organ: str, text: str) -> str:
    """Return the fullest form of the organ that the text writes with places before it, else the organ.

    A form counts only if the places it adds stand before the places the organ already names, so "根据" or
    "网站" before "中扬镇人民政府" are not taken for places, and another county's body of the same name is not.
    """
    written, places = place_prefix(organ)
    core = organ[len(written):]
    if len(core) < 2:
        return organ
    best = organ
    for match in re.finditer(re.escape(core), text):
        before, chain = _chain_before(text, match.start(), core.endswith("办事处"))
        if chain and (not places or chain[-len(places):] == places) and len(before) + len(core) > len(best):
            best = before + core
    return best


def place_of_level(organ: str, text: str) -> str | None:
    """Return the one place of the organ's bare level that the text names ("青川县" for "县乡村振兴局"), else None."""
    level = organ[0]
    upper, _townships = _places()
    found: set[str] = set()
    for match in re.finditer(level, text):
        place = _place_ending_at(text, match.end(), upper)
        if place and place != level:
            found.add(place)
            if len(found) > 1:
                return None
    return found.pop() if found else None


def named_bodies(text: str, suffixes: tuple[str, ...], after: re.Pattern[str] | None = None) -> list[str]:
    """Names in running text that begin with a place and end with one of the suffixes ("姚安县农业农村局").

    With `after`, only names followed by what it matches ("…局政府信息公开工作领导小组", "…乡人民政府通过…").
    """
    upper, townships = _places()
    names = upper | townships
    found: list[str] = []
    pattern = "|".join(re.escape(s) for s in sorted(suffixes, key=len, reverse=True))
    for match in re.finditer(pattern, text):
        end = match.end()
        if after is not None and not after.match(text, end):
            continue
        window_start = max(0, match.start() - 24)
        best = ""
        for start in range(window_start, match.start()):
            piece = text[start:end]
            if not re.fullmatch(r"[\u4e00-\u9fff]+", piece):
                continue
            if _place_starting_at(text, start, names):
                best = piece
                break
        if best and best not in found:
            found.append(best)
    return found
