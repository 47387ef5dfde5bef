"""Decode runs of glued digits: a row whose cells a crawler printed with nothing between them.

"一、本年新收政府信息公开申请数量3000003" holds seven cells. A run is split into the row's cells under the
form's own constraints: as many figures as the row has columns (a mark such as "/" takes a column of its
own), whole numbers without leading zeros (a lone 0 is a figure), a decimal or a sign only where the
column allows one, and the table's arithmetic: a row total equals the sum of its parts (checked while
splitting, which keeps the search small), then the column sums across rows (checked on the whole table).
A row is decoded only when exactly one reading survives; otherwise it stays unread and the finding lists
the readings that remain. The search is bounded; past the bound the row is left unread.

A comma in a run ("…申请36,02300036,023") is a thousands separator only inside a figure that groups
thousands (one to three digits, then groups of three); a cut at the comma, which then stood between two
figures, stays a reading as well, so the comma never settles a split the sums do not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from build_tools.arithmetic import CellKey, Equation
from build_tools.parse.solve import propagate

MAX_NODES = 20000  # steps of the split search per row
MAX_SOLUTIONS = 32  # readings of a whole table kept before giving up on telling them apart
MAX_JOINT_NODES = 4000

Reading = tuple[object, ...]  # per column: an int, a float, or a mark (str) that takes the column

_TOKEN_RE = re.compile(r"[+\-]?[0-9]+(?:,[0-9]+)*(?:\.[0-9]+)?|[/／\\]+|[—–―－~～×]+|-{2,}")
# A figure printed with thousands commas ("36,023"): one to three digits, then groups of three.
_GROUPED_RE = re.compile(r"[1-9][0-9]{0,2}(?:,[0-9]{3})+(?:\.[0-9]+)?")
_MARK_CHARS = "/／\\—–―－~～×-"


@dataclass(frozen=True)
class Token:
    text: str
    mark: bool = False


class TooAmbiguous(Exception):
    """The split search passed its bound."""


def tokens_of(text: str) -> list[Token] | None:
    """Cut a glued tail ("3000003", "0/00", "12+3") into digit runs and marks; None if it holds anything else."""
    out: list[Token] = []
    position = 0
    for match in _TOKEN_RE.finditer(text):
        if match.start() != position:
            return None
        piece = match.group()
        mark = piece[0] in _MARK_CHARS and not (piece[0] in "+-" and piece[1:2].isdigit())
        out.append(Token(piece, mark))
        position = match.end()
    return out if out and position == len(text) else None


def _part_value(text: str, kind: str, signed_ok: bool) -> int | float | None:
    """The figure a piece of a run stands for, or None when the column cannot hold it."""
    if "," in text:
        if _GROUPED_RE.fullmatch(text.lstrip("+-")) is None:
            return None  # a comma only where it groups thousands
        text = text.replace(",", "")
    sign = ""
    if text[0] in "+-":
        if not signed_ok:
            return None
        sign, text = text[0], text[1:]
    if not text or text[0] == "." or text[-1] == ".":
        return None
    whole = text.split(".")[0]
    if len(whole) > 1 and whole[0] == "0":
        return None
    if "." in text:
        if kind != "money":
            return None
        number: int | float = float(text)
    else:
        number = int(text)
    return -number if sign == "-" else number


@dataclass(frozen=True)
class RowSum:
    """total column index = sum of the part column indexes, all within one row."""

    total: int
    parts: tuple[int, ...]


def split_row(tokens: list[Token], kinds: tuple[str, ...], sums: tuple[RowSum, ...] = (),
              max_nodes: int = MAX_NODES) -> list[Reading]:
    """Return every reading of a row's tokens as one figure or mark per column, sums holding.

    When the row ends with a total of earlier columns (table 3's 总计), each possible total is cut off the
    end first: no part may then exceed it, which keeps the search small for rows of large figures.
    """
    readings = _split_row(tuple(tokens), kinds, tuple(sums), max_nodes)
    if readings is None:
        raise TooAmbiguous
    return list(readings)


@lru_cache(maxsize=1 << 12)
def _split_row(tokens: tuple[Token, ...], kinds: tuple[str, ...], sums: tuple[RowSum, ...],
               max_nodes: int) -> tuple[Reading, ...] | None:
    """split_row, memoised (tables repeat rows such as 0000000); None past the search bound."""
    try:
        return tuple(_search_row(list(tokens), kinds, sums, max_nodes))
    except TooAmbiguous:
        return None


def _search_row(tokens: list[Token], kinds: tuple[str, ...], sums: tuple[RowSum, ...],
                max_nodes: int) -> list[Reading]:
    budget = [max_nodes]
    last = len(kinds) - 1
    rule = next((s for s in sums if s.total == last and all(p < last for p in s.parts)), None)
    if rule is None or not tokens or tokens[-1].mark:
        return _split(tokens, kinds, sums, budget, None)
    others = tuple(s for s in sums if s is not rule)
    text = tokens[-1].text
    out: list[Reading] = []
    for length in range(1, len(text) + 1):
        suffix = text[-length:]
        if suffix.isdigit():
            if len(suffix) > 1 and suffix[0] == "0":
                continue
        elif _GROUPED_RE.fullmatch(suffix) is None:
            continue
        rest = text[:-length]
        if rest.endswith(","):
            rest = rest[:-1]  # cut at a comma: it stood between two figures
        head = tokens[:-1] + ([Token(rest)] if rest else [])
        digits = sum(ch.isdigit() for t in head if not t.mark for ch in t.text)
        total = int(suffix.replace(",", ""))
        if digits > len(kinds[:-1]) * len(str(total)):
            continue  # no part exceeds the total, so no part is longer than it
        out.extend(r + (total,) for r in _split(head, kinds[:-1], others, budget, (rule.parts, total)))
    return out


def _split(tokens: list[Token], kinds: tuple[str, ...], sums: tuple[RowSum, ...], budget: list[int],
           limit: tuple[tuple[int, ...], int] | None) -> list[Reading]:
    """Split tokens into one figure or mark per column; with `limit`, those columns add up to its total."""
    if not tokens:
        return []
    ncols = len(kinds)
    ntokens = len(tokens)
    limited = set(limit[0]) if limit else set()
    cap = limit[1] if limit else 0
    width = len(str(cap))
    capacity = [1 if t.mark else sum(ch.isdigit() for ch in t.text) for t in tokens]
    after = [sum(capacity[i:]) for i in range(ntokens + 1)]
    # Digits left in each token from each position on, so no step of the search counts them again.
    digits_from = [_digits_from(t.text) for t in tokens]
    plain = [t.text.isdigit() for t in tokens]  # the usual token: digits only, no sign, no decimal point
    totals = {s.total: s for s in sums if all(p < s.total for p in s.parts)}
    late = [s for s in sums if s.total not in totals or totals[s.total] is not s]
    # The farthest total printed after each column (a part is never longer than its total).
    farthest = [max((s.total for s in totals.values() if col in s.parts), default=None) for col in range(ncols)]
    out: list[Reading] = []
    values: list[object] = []

    def place(col: int, tok: int, pos: int, spent_before: int) -> None:
        # spent_before: the figures placed so far in the columns that add up to the limit
        budget[0] -= 1
        if budget[0] < 0:
            raise TooAmbiguous
        if col == ncols:
            if tok == ntokens and (limit is None or _adds_up([values[p] for p in limited], cap)):
                reading = tuple(values)
                if all(_holds(reading, s) for s in late):
                    out.append(reading)
            return
        if tok == ntokens:
            return
        left = ncols - col
        token = tokens[tok]
        if token.mark:
            if pos == 0 and left >= ntokens - tok and left - 1 <= after[tok + 1]:
                values.append(token.text)
                place(col + 1, tok + 1, 0, spent_before)
                values.pop()
            return
        text = token.text
        size = len(text)
        if pos and text[pos] == ",":
            pos += 1  # a cut at a comma: it stood between two figures
        start = pos
        if pos == 0 and text[0] in "+-":
            start = 1
        ends: range | list[int] = range(start + 1, size + 1)
        rule = totals.get(col)
        if rule is not None:
            parts = [values[p] for p in rule.parts]
            if all(isinstance(v, int) for v in parts):
                total = sum(parts)  # type: ignore[arg-type]
                ends = [pos + len(w) for w in dict.fromkeys((str(total), f"{total:,}")) if text.startswith(w, pos)]
                if not ends:
                    return
        kind = kinds[col]
        is_plain = plain[tok]
        digits = digits_from[tok]
        later = after[tok + 1]
        rest_tokens = ntokens - tok - 1
        farthest_total = farthest[col]
        counted = col in limited
        for end in ends:
            piece = text[pos:end]
            if is_plain:
                if end > pos + 1 and piece[0] == "0":
                    break  # a longer piece keeps the leading zero
                value: int | float | None = int(piece)
            else:
                if end < size and text[end] == ".":
                    continue  # never cut a decimal at its point
                value = _part_value(piece, kind, kind == "signed")
                if value is None:
                    if len(piece.lstrip("+-")) > 1 and piece.lstrip("+-")[0] == "0":
                        break  # a longer piece keeps the leading zero
                    continue
            need = rest_tokens + (1 if end < size else 0)
            room = digits[end] + later
            if left - 1 > room:
                break  # longer pieces leave even fewer digits for the columns after this one
            if need > left - 1:
                continue
            if limit is not None and room > (ncols - col - 1) * width:
                continue  # the rest would need a part longer than the total
            if farthest_total is not None and room < farthest_total - col - 1 + len(piece.lstrip("+-")):
                break  # its total, printed later, cannot be shorter than this part; longer parts fail too
            spent = spent_before
            if counted and isinstance(value, int):
                spent = value + spent_before
                if spent > cap:
                    break  # a longer piece is a larger figure
                parts_left = ncols - col - 1
                if parts_left and room > parts_left and 10 ** (-(-room // parts_left) - 1) > cap - spent:
                    continue  # the digits left make some later part larger than what the total leaves
            values.append(value)
            if end == size:
                place(col + 1, tok + 1, 0, spent)
            else:
                place(col + 1, tok, end, spent)
            values.pop()

    place(0, 0, 0, 0)
    return out


def _digits_from(text: str) -> list[int]:
    """For each position in text (and its end), how many digits follow it."""
    counts = [0] * (len(text) + 1)
    for i in range(len(text) - 1, -1, -1):
        counts[i] = counts[i + 1] + text[i].isdigit()
    return counts


def _adds_up(parts: list[object], total: int) -> bool:
    """Whether parts add up to total; a mark among them (its figure unknown) only caps the others."""
    figures = [v for v in parts if isinstance(v, int)]
    return sum(figures) == total if len(figures) == len(parts) else sum(figures) <= total


def _holds(reading: Reading, rule: RowSum) -> bool:
    parts = [reading[p] for p in rule.parts]
    total = reading[rule.total]
    if not isinstance(total, int) or not all(isinstance(v, int) for v in parts):
        return True  # a mark in the sum: nothing to check
    return sum(parts) == total  # type: ignore[arg-type]


def solve_rows(
    candidates: dict[str, list[Reading]],
    columns: dict[str, tuple[str, ...]],
    known: dict[CellKey, int],
    equations: list[Equation],
) -> tuple[dict[str, list[Reading]], set[str]]:
    """Keep the readings of each row that some consistent reading of the whole table uses.

    Returns the readings left per row (one: decoded) and the rows whose only reading breaks a sum of the
    table. Rows with several readings are tried fewest first; each choice is checked with the equations
    (unknown cells are filled where the equations force them, as for inferred rows). Without any
    consistent reading of the table, or past the search bound, a row keeps its reading only when that
    reading is its only one and every sum it takes part in holds: a misprinted total elsewhere must not
    leave the whole table unread, and a reading that breaks a sum is never taken.
    """
    def cells(row: str, reading: Reading) -> dict[CellKey, int]:
        return {(row, c): v for c, v in zip(columns[row], reading) if isinstance(v, int)}

    base = dict(known)
    for row, readings in candidates.items():
        if len(readings) == 1:
            base.update(cells(row, readings[0]))
    order = sorted((r for r in candidates if len(candidates[r]) > 1), key=lambda r: len(candidates[r]))
    seen: dict[str, set[Reading]] = {r: set() for r in order}
    solutions = 0
    nodes = 0
    touched_all = {(r, c) for r in candidates for c in columns[r]}

    def search(i: int, values: dict[CellKey, int], chosen: dict[str, Reading]) -> None:
        nonlocal solutions, nodes
        if solutions >= MAX_SOLUTIONS or nodes >= MAX_JOINT_NODES:
            return
        if i == len(order):
            solutions += 1
            for row, reading in chosen.items():
                seen[row].add(reading)
            return
        row = order[i]
        for reading in candidates[row]:
            nodes += 1
            trial = dict(values)
            trial.update(cells(row, reading))
            if propagate(equations, trial, {(row, c) for c in columns[row]}) is None:
                continue
            chosen[row] = reading
            search(i + 1, trial, chosen)
            del chosen[row]

    if propagate(equations, base, touched_all) is not None:
        search(0, base, {})
        if solutions and solutions < MAX_SOLUTIONS and nodes < MAX_JOINT_NODES:
            out = {row: readings for row, readings in candidates.items() if len(readings) == 1}
            out.update({row: sorted(seen[row], key=repr) for row in order})
            return out, set()
    broken = _broken_cells(equations, base)
    rows_broken = {row for row, readings in candidates.items()
                   if len(readings) == 1 and any((row, c) in broken for c in columns[row])}
    return dict(candidates), rows_broken


def fewest_parts(tokens: list[Token]) -> int:
    """The fewest figures and marks the tokens can stand for: a 0 that starts a run stands alone."""
    count = 0
    for token in tokens:
        if token.mark:
            count += 1
            continue
        digits = token.text.lstrip("+-")
        if "." in digits:
            count += 1  # a decimal may be one figure whatever its digits (fewer parts: the careful count)
            continue
        zeros = len(digits) - len(digits.lstrip("0"))
        count += zeros + (1 if len(digits) > zeros else 0)
    return count


def verified(row: str, columns: tuple[str, ...], values: dict[CellKey, int], equations: list[Equation]) -> bool:
    """Whether the table's sums pin every figure of a row's reading: the row could then hide no blank cell.

    A glued run may hide a blank cell: "1000012" is 1 0 0 0 0 1 2 in seven columns, or 1, a blank, 0 0 0 0
    and 12. A figure is pinned when a sum that holds has it as its only cell from this row (a column's sum
    across the other rows), or has it with figures of this row pinned so (the row's own total). When every
    figure of the reading is pinned, each equals what the other rows require, so a reading with a blank
    cell would print the same figures less one: fewer digits than the run holds. Every sum the row takes
    part in that is fully known must hold.
    """
    cells = {(row, c) for c in columns}
    touching = [eq for eq in equations if cells & set(eq.total + eq.parts)]
    known = []
    for eq in touching:
        members = eq.total + eq.parts
        if all(c in values for c in members):
            if sum(values[c] for c in eq.total) != sum(values[c] for c in eq.parts):
                return False
            known.append(eq)
    pinned: set[CellKey] = set()
    for eq in known:
        own = [c for c in eq.total + eq.parts if c in cells]
        if len(own) == 1:
            pinned.add(own[0])
    for eq in known:
        own = [c for c in eq.total + eq.parts if c in cells]
        loose = [c for c in own if c not in pinned]
        if len(loose) == 1:
            pinned.add(loose[0])
    return pinned >= cells


def _broken_cells(equations: list[Equation], values: dict[CellKey, int]) -> set[CellKey]:
    """Cells of the equations that are fully known and do not hold."""
    out: set[CellKey] = set()
    for eq in equations:
        cells = eq.total + eq.parts
        if all(c in values for c in cells):
            if sum(values[c] for c in eq.total) != sum(values[c] for c in eq.parts):
                out.update(cells)
    return out
