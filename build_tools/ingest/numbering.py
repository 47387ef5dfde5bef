"""Render Word's automatic paragraph numbering ("一、", "（一）", "1.") as the reader sees it."""

from __future__ import annotations

from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

_CHINESE_DIGITS = "〇一二三四五六七八九"
_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def chinese_number(n: int, digits: str = _CHINESE_DIGITS, ten: str = "十") -> str:
    """Write 1…9999 the way Chinese numbering does: 十, 十一, 二十, 一百零五."""
    if n <= 0:
        return digits[0]
    if n < 10:
        return digits[n]
    if n < 20:
        return ten + (digits[n - 10] if n > 10 else "")
    if n < 100:
        return digits[n // 10] + ten + (digits[n % 10] if n % 10 else "")
    units = [(1000, "千"), (100, "百"), (10, ten)]
    out, zero = "", False
    for size, name in units:
        q, n = divmod(n, size)
        if q:
            out += ("" if not zero else digits[0]) + digits[q] + name
            zero = False
        elif out:
            zero = True
    return out + ((digits[0] if zero else "") + digits[n] if n else "")


def _letters(n: int) -> str:
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(ord("a") + r) + out
    return out


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                           (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def format_number(n: int, fmt: str) -> str:
    """Format a list counter in one of Word's number formats (w:numFmt)."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting", "taiwaneseCountingThousand",
               "ideographLegalTraditional"):
        return chinese_number(n)
    if fmt == "chineseLegalSimplified":
        return chinese_number(n, _LEGAL_DIGITS, "拾")
    if fmt == "ideographTraditional":
        return _HEAVENLY_STEMS[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return _EARTHLY_BRANCHES[(n - 1) % 12]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return _CIRCLED[n - 1] if 1 <= n <= len(_CIRCLED) else str(n)
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt in ("none", "bullet"):
        return ""
    return str(n)


class Numbering:
    """Counters for the document's numbered lists, advanced paragraph by paragraph in reading order."""

    def __init__(self, numbering: Any | None, styles: Any | None) -> None:
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}  # abstractNumId → ilvl → (start, fmt, text)
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId → (abstractNumId, start overrides)
        self.style_num: dict[str, tuple[str | None, int | None]] = {}
        self.counters: dict[str, list[int]] = {}
        self.default_style: str | None = None
        if numbering is not None:
            self._read_numbering(numbering)
        if styles is not None:
            self._read_styles(styles)

    def _read_numbering(self, numbering: Any) -> None:
        for abstract in numbering.iter(W + "abstractNum"):
            levels: dict[int, tuple[int, str, str]] = {}
            for lvl in abstract.findall(W + "lvl"):
                ilvl = xml_int(lvl.get(W + "ilvl"), 0)
                levels[ilvl] = (xml_int(xml_val(lvl.find(W + "start")), 1), xml_val(lvl.find(W + "numFmt")) or "decimal",
                                xml_val(lvl.find(W + "lvlText")) or "")
            self.levels[abstract.get(W + "abstractNumId") or ""] = levels
        for num in numbering.iter(W + "num"):
            overrides = {}
            for override in num.findall(W + "lvlOverride"):
                start = override.find(W + "startOverride")
                if start is not None:
                    overrides[xml_int(override.get(W + "ilvl"), 0)] = xml_int(xml_val(start), 1)
            self.nums[num.get(W + "numId") or ""] = (xml_val(num.find(W + "abstractNumId")) or "", overrides)

    def _read_styles(self, styles: Any) -> None:
        based: dict[str, str] = {}
        own: dict[str, tuple[str | None, int | None]] = {}
        for style in styles.iter(W + "style"):
            sid = style.get(W + "styleId") or ""
            if style.get(W + "type") == "paragraph" and style.get(W + "default") in ("1", "true", "on"):
                self.default_style = sid
            parent = xml_val(style.find(W + "basedOn"))
            if parent:
                based[sid] = parent
            num_pr = style.find(f"{W}pPr/{W}numPr")
            if num_pr is not None:
                own[sid] = (xml_val(num_pr.find(W + "numId")), _int_or_none(xml_val(num_pr.find(W + "ilvl"))))
        for sid in set(based) | set(own):
            seen: set[str] = set()
            current: str | None = sid
            num_id, ilvl = None, None
            while current and current not in seen:
                seen.add(current)
                got = own.get(current)
                if got:
                    num_id = num_id if num_id is not None else got[0]
                    ilvl = ilvl if ilvl is not None else got[1]
                current = based.get(current)
            if num_id is not None or ilvl is not None:
                self.style_num[sid] = (num_id, ilvl)

    def label(self, p: Any) -> str:
        """Advance the counters for paragraph p and return its rendered number ("" when not numbered)."""
        ppr = p.find(W + "pPr")
        style = xml_val(ppr.find(W + "pStyle")) if ppr is not None else None
        num_id, ilvl = self.style_num.get(style or self.default_style or "", (None, None))
        num_pr = ppr.find(W + "numPr") if ppr is not None else None
        if num_pr is not None:
            num_id = xml_val(num_pr.find(W + "numId")) or num_id
            own_level = _int_or_none(xml_val(num_pr.find(W + "ilvl")))
            ilvl = own_level if own_level is not None else ilvl
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        abstract_id, overrides = self.nums[num_id]
        levels = self.levels.get(abstract_id, {})
        ilvl = max(0, min(ilvl or 0, 8))
        if ilvl not in levels:
            return ""
        key = f"{abstract_id}/{num_id}" if overrides else abstract_id
        counters = self.counters.setdefault(key, [0] * 9)
        for level in range(9):
            if level < ilvl and counters[level] == 0:
                counters[level] = overrides.get(level, levels.get(level, (1, "", ""))[0])
        start = overrides.get(ilvl, levels[ilvl][0])
        counters[ilvl] = start if counters[ilvl] == 0 else counters[ilvl] + 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        _start, fmt, text = levels[ilvl]
        if fmt == "bullet":
            return ""
        for level in range(8, -1, -1):
            if f"%{level + 1}" in text:
                level_fmt = levels.get(level, (1, "decimal", ""))[1]
                text = text.replace(f"%{level + 1}", format_number(counters[level], level_fmt))
        return text


def xml_val(element: Any) -> str | None:
    return element.get(W + "val") if element is not None else None


def xml_int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None
