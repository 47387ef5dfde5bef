"""Read pages written in traditional characters, and pages with pinyin spliced in, as simplified text.

Government sites offer a traditional-character version (繁體) of every page, and copies of those pages are
what a crawl often brings back, sometimes with the pinyin of each rarer character spliced in after it
("據(jù)", "鎮(zhèn)"). The report's words, its organ's suffix (縣, 鄉, 鎮, 局, 委員會, 辦事處) and the labels
the metadata is read from are then in another script. Such a page is read through a simplified copy, made
character by character from OpenCC's table of traditional characters (a character that is also a simplified
one, like 乾 or 於, is left as it is), so that the copy has the length and the lines of the page.
What is read is given back as the page writes it (`written_as`): the archive keeps the report's own text.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import replace
from importlib import resources

from build_tools.parse.lines import Line

# Characters common in reports that exist only in traditional writing; a page with many of them is traditional.
_HINTS = re.compile("[國會開發關區縣鄉鎮報務據與為數個這時們對進過還資辦處員統計實應門網體況請條據機構轉]")
_HINT_CHARS = 6000
_HINT_COUNT = 20
_HINT_LINES = 200
# "據(jù)": a pinyin reading with its tone mark in brackets right after a character.
# (The bracket comes first and the character before it is looked behind for from there: a pattern that
# starts with a literal set is scanned for much faster than one that starts by looking behind.)
_PINYIN_RE = re.compile(
    r"[(（](?<=[\u3400-\u9fff][(（])(?=[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ])[a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňǹḿ]{1,7}[)）]")
_PINYIN_COUNT = 3


@functools.lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    """Traditional → simplified: OpenCC's first choice, for the characters that are not also simplified ones."""
    data = resources.files("opencc").joinpath("dictionary/TSCharacters.txt").read_text(encoding="utf-8")
    table: dict[int, str] = {}
    for row in data.splitlines():
        source, _tab, targets = row.partition("\t")
        candidates = targets.split()
        if len(source) == 1 and candidates and len(candidates[0]) == 1 and source not in candidates:
            table[ord(source)] = candidates[0]
    return table


def needs_reading(text: str) -> bool:
    """Tell whether a page is in traditional characters or has pinyin spliced in."""
    head = text[:_HINT_CHARS]
    return len(_HINTS.findall(head)) >= _HINT_COUNT or len(_PINYIN_RE.findall(head)) >= _PINYIN_COUNT


def without_pinyin(text: str) -> str:
    return _PINYIN_RE.sub("", text)


def simplified(text: str) -> str:
    """The text with pinyin readings dropped and traditional characters simplified, one for one."""
    return without_pinyin(text).translate(_table())


@functools.lru_cache(maxsize=256)
def simplified_name(name: str) -> str:
    """A name in simplified characters ("撫遠市發展和改革局" → "抚远市发展和改革局"), for matching suffixes."""
    return name.translate(_table()) if _HINTS.search(name) or any(ord(c) in _table() for c in name) else name


class Reading:
    """The simplified lines of a page and the way back to its own characters."""

    def __init__(self, lines: list[Line]) -> None:
        self.lines: list[Line] = []
        pairs: Counter[tuple[str, str]] = Counter()
        for line in lines:
            original = without_pinyin(line.text)
            text = original.translate(_table())
            if text != line.text:
                pairs.update((s, t) for s, t in zip(text, original) if s != t)
                line = replace(line, text=text)
            self.lines.append(line)
        back: dict[str, str] = {}
        for (simple, written), _count in sorted(pairs.items(), key=lambda item: (-item[1], item[0])):
            back.setdefault(simple, written)
        self._back = back

    def written_as(self, name: str | None) -> str | None:
        """The name in the characters the page writes it with."""
        if name is None:
            return None
        return "".join(self._back.get(ch, ch) for ch in name)


def reading(lines: list[Line]) -> Reading | None:
    """A simplified reading of the page when it needs one, else None."""
    head = "\n".join(line.text[:_HINT_CHARS] for line in lines[:_HINT_LINES])
    return Reading(lines) if needs_reading(head) else None
