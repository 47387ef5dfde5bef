"""Find the six section headings of a report, by their full heading text rather than their numerals."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from build_tools.labels import SECTIONS
from build_tools.parse.lines import Line
from build_tools.text import squash, strip_numbering

_NUMBERED_RE = re.compile(r"^(?:[(（]?[一二三四五六七八九十]+[)）、.．]|[(（]?[1-9][)）、.．]|第[一二三四五六七八九十]+部分)")
_MAX_HEADING = 40
_BRACKETED_RE = re.compile(r"^[(（][一二三四五六七八九十1-9]+[)）]")


@dataclass(frozen=True)
class SectionSpan:
    key: str
    heading: str
    line_index: int  # index into the report's lines, of the heading line
    end_index: int  # exclusive


def _headed(line: Line) -> tuple[int, ...]:
    """Return the indexes into SECTIONS whose heading this line could be (usually none)."""
    if line.cells is not None or len(line.text) > 4 * _MAX_HEADING:
        return ()
    return headed_text(line.text)


@lru_cache(maxsize=1 << 14)
def headed_text(text: str) -> tuple[int, ...]:
    """The heading test on a line's text; reports repeat short lines, so it is memoised."""
    if "\t" in text.strip():
        return ()
    squashed = squash(text)
    if not squashed or len(squashed) > _MAX_HEADING:
        return ()
    numbered = bool(_NUMBERED_RE.match(squashed))
    body = strip_numbering(squashed)
    out = []
    for index, section in enumerate(SECTIONS):
        if section.key == "review_litigation":
            hit = "行政复议" in body and "行政诉讼" in body and ("情况" in body or numbered)
        elif section.key == "overview":
            hit = body.startswith("总体情况") or body in ("概述", "总体概况")
        else:
            hit = any(k in body for k in section.keywords)
        # Table 3's own rows start with 一、二、三、四、 too; they never carry a section keyword.
        if hit and (numbered or body.endswith("情况") or body.endswith("事项") or body == section.label):
            out.append(index)
    return tuple(out)


def find_sections(lines: list[Line]) -> list[SectionSpan]:
    """Locate the section headings in order; a section the report lacks is simply not returned."""
    candidates: dict[int, list[int]] = {index: [] for index in range(len(SECTIONS))}
    for i, line in enumerate(lines):
        for index in _headed(line):
            candidates[index].append(i)
    found: list[tuple[int, int]] = []  # (section index, line index)
    position = -1
    for index in range(len(SECTIONS)):
        after = [i for i in candidates[index] if i > position]
        if not after:
            continue
        pick = after[0]
        if _BRACKETED_RE.match(squash(lines[pick].text)):
            # "（二）主动公开政府信息情况" is often a sub-heading of 一、总体情况; prefer a top-level heading.
            plain = [i for i in after if not _BRACKETED_RE.match(squash(lines[i].text))]
            pick = plain[0] if plain else pick
        found.append((index, pick))
        position = pick
    spans = []
    for n, (index, i) in enumerate(found):
        end = found[n + 1][1] if n + 1 < len(found) else len(lines)
        spans.append(SectionSpan(SECTIONS[index].key, lines[i].text.strip(), i, end))
    return spans
