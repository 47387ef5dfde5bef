"""Text normalisation shared by the parser and the checks: one place for full-width digits, dashes and spaces."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from collections.abc import Callable
from typing import TypeVar

# Reports repeat the same short cell texts ("0", "总计") thousands of times: the pure functions below
# are memoised, which makes a report several times faster to read. Only short texts are kept: a whole
# document or a page flattened to one line, passed once, would otherwise stay in memory for the rest of
# a long import.
_CACHE = 1 << 16
_CACHED_LENGTH = 200

_T = TypeVar("_T")


class _Memo(dict):
    """A memo of a pure function of short texts: a dict whose missing keys are computed, and stored when short.

    Callers call the dict's own `__getitem__`, a method written in C: a hit is one lookup with no Python
    call at all, several times cheaper than a Python wrapper around a dict (or an lru_cache), and these
    functions are called thousands of times per report. When full, the memo is emptied.
    """

    __slots__ = ("function",)

    def __init__(self, function: Callable[[str], object]) -> None:
        super().__init__()
        self.function = function

    def __missing__(self, text: str) -> object:
        value = self.function(text)
        if len(text) <= _CACHED_LENGTH:
            if len(self) >= _CACHE:
                self.clear()
            self[text] = value
        return value


def _memo_short(function: Callable[[str], _T]) -> Callable[[str], _T]:
    return _Memo(function).__getitem__  # type: ignore[return-value]


# Characters that stand for "not applicable" in a table cell.
NOT_APPLICABLE = frozenset("/／\\-－—–―‐‑−~～×") | {"——", "--", "－－", "—-", "/ /", "不适用", "无此项"}

_SPACE_RE = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")
_NUMBERING_RE = re.compile(
    r"^(?:[(（]?[一二三四五六七八九十]+[)）、.．]|[(（][0-9]+[)）]|[0-9]+[、.．)）](?![0-9])|第[一二三四五六七八九十]+部分)"
)
_NUMBER_RE = re.compile(r"^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$")
_UNIT_RE = re.compile(r"(万元|元|件|条|个|项|次|人次|家|份)$")
_CN_NUMERAL_RE = re.compile(r"^[〇零一二三四五六七八九十百千万两]+$")


@_memo_short
def nfkc(text: str) -> str:
    """Fold full-width digits, letters and punctuation and Kangxi radicals (⽣ → 生)."""
    return unicodedata.normalize("NFKC", text)


@_memo_short
def squash(text: str) -> str:
    """Normalise for matching: NFKC, no white space at all (PDF exports split words: "结 果 维 持").

    NFKC runs again after the spaces go: "A¯" folds to "A", space, combining macron, and only once the
    space is gone does the macron compose with the letter, so one pass would not be idempotent.
    """
    squashed = without_space(nfkc(text))
    return squashed if squashed.isascii() else unicodedata.normalize("NFKC", squashed)


def squash_joined(parts: list[str]) -> str:
    """squash("".join(parts)), part by part: the memo serves the short parts that repeat (a table's rows), and
    NFKC fully decomposes only the parts that need it, where one full-width comma would have made it decompose
    the whole text. A last NFKC pass composes across the joins, as squash does across removed spaces."""
    joined = "".join([squash(part) for part in parts])
    return joined if joined.isascii() else unicodedata.normalize("NFKC", joined)


def without_space(text: str) -> str:
    """Text without white space, zero-width spaces or byte-order marks: _SPACE_RE.sub("", text), several times
    faster on a long text (str.split drops exactly the characters \\s matches: both test str.isspace)."""
    text = "".join(text.split())
    if "\u200b" in text:
        text = text.replace("\u200b", "")
    if "\ufeff" in text:
        text = text.replace("\ufeff", "")
    return text


@_memo_short
def strip_numbering(text: str) -> str:
    """Drop a leading list number such as 一、 （二） (3) 4. from squashed text."""
    previous = None
    while previous != text:
        previous = text
        text = _NUMBERING_RE.sub("", text, count=1)
    return text


def clean_space(text: str) -> str:
    """Collapse runs of white space (including full-width and no-break spaces) to one ASCII space."""
    return _SPACE_RE.sub(" ", text).strip()


@dataclass(frozen=True)
class Value:
    """A table cell read as a figure: its state and, when it is a number, the number and any unit."""

    state: str  # number | blank | not_applicable | unreadable
    value: int | float | None = None
    unit: str = ""
    signed: bool = False


@_memo_short
def read_value(raw: str) -> Value:
    """Read one table cell's text as printed; never turn a blank or a dash into 0."""
    text = squash(raw)
    if not text:
        return Value("blank")
    if text in NOT_APPLICABLE or all(ch in NOT_APPLICABLE for ch in text):
        return Value("not_applicable")
    unit = ""
    match = _UNIT_RE.search(text)
    if match and match.start() > 0:
        unit = match.group(1)
        text = text[: match.start()]
    number = _NUMBER_RE.match(text)
    if not number:
        return Value("unreadable", unit=unit)
    sign, whole, fraction = number.groups()
    magnitude: int | float = int(whole.replace(",", ""))
    if fraction is not None:
        magnitude = float(f"{whole.replace(',', '')}.{fraction}")
        if magnitude == int(magnitude) and set(fraction) == {"0"}:
            magnitude = int(magnitude)
    value = -magnitude if sign == "-" else magnitude
    return Value("number", value, unit, signed=bool(sign))


@_memo_short
def is_value_like(raw: str) -> bool:
    """Tell whether a cell's text reads as a figure, a dash or a blank rather than as a label."""
    text = squash(raw)
    if not text:
        return True
    if read_value(text).state in ("number", "not_applicable", "blank"):
        return True
    # Short words that stand in a number's place: 无, 十二, 0件…
    return text in ("无", "空", "暂无", "未统计") or bool(_CN_NUMERAL_RE.match(text)) and len(text) <= 4


def display_width(text: str) -> int:
    """Return the width of text in a fixed-width layout (CJK and full-width characters count 2)."""
    if text.isascii():
        return len(text)  # no ASCII character is wide
    return _wide_width(text)


@_memo_short
def _wide_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
