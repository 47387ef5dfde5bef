"""Join a table row whose figures a text browser ran on over several lines (lynx -dump).

lynx lays a table out as running text when it is wider than the screen: a row's label, then its figures
on the same line and on the lines after it, with empty lines between, every line indented as the page's
body. Read line by line, only the figures on the label's own line belong to the row. Here the lines of
figures that follow a label, at the label's indentation, are joined to it; where a row's figures then
number fewer than its columns, the ordinary reading leaves them unread or infers them, as it would anyway.

Only text whose body is indented alike throughout (lynx's margin) is read this way: in PDF text, figures
on a line of their own belong to a row whose label wrapped (wrapped.py), or to a column printed as a block.
"""

from __future__ import annotations

from collections import Counter

from build_tools.parse.lines import Line
from build_tools.text import is_value_like, squash

_MIN_MARGIN = 2  # lynx indents its body by 3 columns
_MIN_LINES = 40
_MAX_LABEL = 80
_MAX_ROW = 8  # a row of table 3 with a 小计 column; table 2's rows are shorter


def _margin(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _figures(text: str) -> bool:
    tokens = text.split()
    return bool(tokens) and "\t" not in text and all(is_value_like(t) and squash(t) for t in tokens)


def _split(text: str) -> tuple[str, list[str]]:
    """Split a line into its words (with their margin) and the figures at its end."""
    tokens = text.split()
    k = len(tokens)
    while k and is_value_like(tokens[k - 1]) and squash(tokens[k - 1]):
        k -= 1
    if not k:
        return text, []
    head = text[: len(text) - len(text.lstrip(" "))]
    return head + " ".join(tokens[:k]), tokens[k:]


def body_margin(lines: list[Line]) -> int | None:
    """The indentation nearly every line of the text shares, when there is one (lynx's margin)."""
    texts = [ln.text for ln in lines if ln.cells is None and ln.text.strip()]
    total = len(texts)
    if total < _MIN_LINES or sum(text.startswith("  ") for text in texts) < 0.8 * total:
        return None  # (a quick test first: the margin must be two spaces or more on 80 % of the lines)
    margins = Counter(_margin(text) for text in texts)
    margin, count = margins.most_common(1)[0]
    return margin if margin >= _MIN_MARGIN and count >= 0.8 * total else None


def join_run_on_rows(lines: list[Line]) -> list[Line]:
    """Join each row label with the lines of figures under it, at the body's margin."""
    margin = body_margin(lines)
    if margin is None:
        return lines
    out: list[Line] = []
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        text = line.text
        if line.cells is not None or _margin(text) != margin or _figures(text) or not text.strip() \
                or len(text.strip()) > _MAX_LABEL:
            out.append(line)
            i += 1
            continue
        figures: list[str] = []
        j = i + 1
        while j < n and lines[j].cells is None and (not lines[j].text.strip() or (
                _margin(lines[j].text) == margin and _figures(lines[j].text))):
            figures += lines[j].text.split()
            j += 1
        label, own = _split(text)
        if figures and len(own) + len(figures) > _MAX_ROW and own:
            # Table 4's 15 figures follow its last header cell ("总计 0 0" / "0 0 0 …"): no row of tables
            # 2 and 3 is that long, so the figures on the label's line go with the ones under it.
            out.append(Line(line.no, label))
            out.append(Line(line.no, " " * margin + " ".join(own)))
            i += 1
            continue
        if not figures or len(own) + len(figures) > _MAX_ROW:
            out.append(line)
            i += 1
            continue
        out.append(Line(line.no, " ".join([text.rstrip(), *figures])))
        i = j
    return out
