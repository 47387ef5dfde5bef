"""Read a table from its figures in printed order, when its row labels cannot place them.

Plain `pdftotext` prints a table's figures one per line, in row order, but moves the row labels away from
them and reorders a few figures the same way every time: the first figure of a row whose label shares a
text block with the row above comes right after that row's first figure, and the total column of the top
rows (a block under its 总计 header) comes after the last of them.

Every reading these moves allow is enumerated; a reading fits when every sum of the table holds, or every
sum that fails runs through one printed total (the report's own contradiction, left as printed). A figure
is read only when every fitting reading gives it the same value and a sum printed in full confirms it; the
others are left unread with their candidates. Blank cells vanish from the printed sequence without a trace
and a not-applicable mark confirms nothing: with a figure printed out of place, a reading that moves a
blank or a mark elsewhere fits the sums as well, so a table needing either is not read (MAX_BLANKS = 0 and
the caller passes figures only). The enumeration keeps one copy of each distinct partial table, so rows of
zeros that many readings share cost nothing, and it stops (reads nothing) past a fixed budget.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

from build_tools.arithmetic import CellKey, Equation
from build_tools.parse.solve import propagate

MAX_BLANKS = 0  # blank cells dropped from the printed sequence (see above: none is safe)
MAX_PARTIAL = 6000  # distinct partial tables kept at once before the reading gives up
MAX_HELD = 5  # top rows whose totals can come after them

BLANK = ""  # a cell printed blank: no figure in the sequence
Key = int | str  # a cell of a reading: its figure, BLANK, or a not-applicable mark as printed ("/", "—")
Reading = tuple[tuple[Key, ...], ...]


@dataclass
class SequenceRead:
    """What the printed order leaves: per row and column the cell's key, or the candidates when readings differ.

    `tokens` gives, for a settled cell, the index of its figure in the sequence (-1 for a blank)."""

    settled: dict[CellKey, Key]
    tokens: dict[CellKey, int]
    candidates: dict[CellKey, tuple[Key, ...]]
    readings: int


def _row_holds(row: Sequence[Key]) -> bool:
    """A row's total is the sum of its other cells; a blank or a mark stands for some whole number ≥ 0."""
    parts = [v for v in row[:-1] if isinstance(v, int)]
    unknown = len(row) - 1 - len(parts)
    total = row[-1]
    if not isinstance(total, int):
        return True
    return total == sum(parts) if not unknown else total >= sum(parts)


def _fits(reading: Reading, keys: Sequence[str], columns: Sequence[str], equations: Sequence[Equation]) -> bool:
    """Every sum holds, a blank or a mark standing for some whole number ≥ 0, or every sum that cannot hold
    runs through one printed figure (excused: the report's own contradiction)."""
    known = {(key, col): reading[i][j] for i, key in enumerate(keys) for j, col in enumerate(columns)
             if isinstance(reading[i][j], int)}
    every = list(equations)
    if propagate(every, known, set(known)) is not None:  # type: ignore[arg-type]
        return True
    # Only a printed total can be excused, and only one whose sums fail with the figures printed.
    failing = [eq for eq in every if all(c in known for c in eq.total + eq.parts)
               and sum(known[c] for c in eq.total) != sum(known[c] for c in eq.parts)]  # type: ignore[misc]
    if not failing:
        return False
    suspects = set.intersection(*(set(eq.total + eq.parts) for eq in failing))
    suspects &= {c for eq in every for c in eq.total}
    for cell in sorted(suspects):
        rest = [eq for eq in every if cell not in eq.total + eq.parts]
        if propagate(rest, known, set(known)) is not None:  # type: ignore[arg-type]
            return True
    return False


def _checked(reading: Reading, keys: Sequence[str], columns: Sequence[str], equations: Sequence[Equation],
             ) -> set[CellKey]:
    """The figures of a reading that a sum printed in full confirms (a sum with no blank or mark that holds)."""
    cell = {(key, col): reading[i][j] for i, key in enumerate(keys) for j, col in enumerate(columns)}
    out: set[CellKey] = set()
    for eq in equations:
        cells = eq.total + eq.parts
        if all(isinstance(cell[c], int) for c in cells) and (
                sum(cell[c] for c in eq.total) == sum(cell[c] for c in eq.parts)):  # type: ignore[misc]
            out.update(cells)
    return out


class _Budget(Exception):
    pass


def read_in_sequence(
    values: Sequence[Key], keys: Sequence[str], columns: Sequence[str], equations: Sequence[Equation],
) -> SequenceRead | None:
    """Enumerate the readings of a row-total table (last column = sum of the others) from its printed figures.

    Return None when no reading fits, when more blanks than MAX_BLANKS would be needed, or past the budget."""
    width, nrows, n = len(columns), len(keys), len(values)
    blanks = nrows * width - n
    if blanks < 0 or blanks > MAX_BLANKS:
        return None
    try:
        final = _enumerate(values, nrows, width, blanks)
    except _Budget:
        return None
    fitting = [(r, idx) for r, idx in final.items() if _fits(r, keys, columns, equations)]
    if not fitting:
        return None
    checked = set.intersection(*(_checked(r, keys, columns, equations) for r, _ in fitting))
    settled: dict[CellKey, Key] = {}
    tokens: dict[CellKey, int] = {}
    candidates: dict[CellKey, tuple[Key, ...]] = {}
    for i, key in enumerate(keys):
        for j, col in enumerate(columns):
            seen = sorted({r[i][j] for r, _ in fitting}, key=lambda v: (isinstance(v, str), str(v)))
            if len(seen) == 1 and (isinstance(seen[0], str) or (key, col) in checked):
                settled[key, col] = seen[0]
                tokens[key, col] = fitting[0][1][i][j]
            else:
                candidates[key, col] = tuple(seen)
    return SequenceRead(settled, tokens, candidates, len(fitting))


# A state: (next figure, figure pulled ahead for the next row or -1, first row whose total is held back or -1,
# blanks left, rows whose sum failed so far).
_State = tuple[int, int, int, int, int]
_Partial = dict[Reading, tuple[tuple[int, ...], ...]]  # distinct partial reading → figure indices of one


def _options(r: int, nrows: int, width: int, n: int, state: _State):
    """Yield how row r can be printed from a state: (figure indices of its cells, next figure, pulled figure,
    held-back start, blanks left, start of the rows it completes, their held-back total indices or None)."""
    pos, pulled, held, left, _bad = state
    last = r == nrows - 1
    cells = width if held < 0 else width - 1
    first = 1 if pulled >= 0 else 0
    for used in range(left + 1):
        for mask in combinations(range(first, cells), used):
            pulls = (False, True) if pulled < 0 and held < 0 and not last and 0 not in mask else (False,)
            for pull in pulls:
                idx: list[int] = []
                p, ahead = pos, -1
                for c in range(cells):
                    if c == 0 and pulled >= 0:
                        idx.append(pulled)
                    elif c in mask:
                        idx.append(-1)
                    else:
                        idx.append(p)
                        p += 1
                        if c == 0 and pull:
                            ahead, p = p, p + 1
                if p > n:
                    continue
                rest = left - used
                if held < 0:
                    yield tuple(idx), p, ahead, -1, rest, r, None
                    if r == 0 and not pull and not last:  # hold the total back: the 总计 column heads a block
                        yield tuple(idx[:-1]), p - (idx[-1] >= 0), -1, r, rest + (idx[-1] < 0), r, ()
                    continue
                if not last and r - held + 1 < MAX_HELD:  # keep holding totals back
                    yield tuple(idx), p, -1, held, rest, r, ()
                count = r - held + 1  # the held-back totals of rows held..r follow this row's figures
                for extra in range(rest + 1):
                    for tmask in combinations(range(count), extra):
                        totals, q = [], p
                        for t in range(count):
                            if t in tmask:
                                totals.append(-1)
                            else:
                                totals.append(q)
                                q += 1
                        if q <= n:
                            yield tuple(idx), q, -1, -1, rest - extra, held, tuple(totals)


def _enumerate(values: Sequence[Key], nrows: int, width: int, blanks: int) -> dict[Reading, tuple[tuple[int, ...], ...]]:
    n = len(values)
    # A partial reading is a chain of rows, interned: node id → (parent id, row keys, row figure indices).
    nodes: list[tuple[int, tuple[Key, ...], tuple[int, ...]]] = [(-1, (), ())]
    interned: dict[tuple[int, tuple[Key, ...]], int] = {}
    states: dict[_State, set[int]] = {(0, -1, -1, blanks, 0): {0}}

    def key_of(i: int) -> Key:
        return BLANK if i < 0 else values[i]

    def node(parent: int, row: tuple[Key, ...], idx: tuple[int, ...]) -> int:
        found = interned.get((parent, row))
        if found is None:
            found = interned[parent, row] = len(nodes)
            nodes.append((parent, row, idx))
        return found

    def chain(at: int, count: int) -> list[int]:
        out = []
        for _ in range(count):
            out.append(at)
            at = nodes[at][0]
        return out[::-1]

    for r in range(nrows):
        nxt: dict[_State, set[int]] = {}
        size = 0
        for state, partial in states.items():
            bad = state[4]
            for idx, p, ahead, held, left, done, totals in _options(r, nrows, width, n, state):
                row = tuple(key_of(i) for i in idx)
                check = totals is None
                if not check and not totals:  # totals still held back
                    failed = bad
                for at in partial:
                    if totals:  # rebuild rows done..r with their held-back totals
                        below = chain(at, r - done)
                        parent = nodes[below[0]][0] if below else at
                        rows = [(nodes[b][1], nodes[b][2]) for b in below] + [(row, idx)]
                        failed = bad
                        for (keys, indices), t in zip(rows, totals):
                            keys, indices = keys + (key_of(t),), indices + (t,)
                            failed += not _row_holds(keys)
                            parent = node(parent, keys, indices)
                        new = parent
                    else:
                        new = node(at, row, idx)
                        if check:
                            failed = bad + (not _row_holds(row))
                    if failed > 1:
                        continue
                    target = nxt.setdefault((p, ahead, held, left, failed), set())
                    if new not in target:
                        target.add(new)
                        size += 1
                        if size > MAX_PARTIAL:
                            raise _Budget
        states = nxt
    out: dict[Reading, tuple[tuple[int, ...], ...]] = {}
    for (pos, pulled, held, left, _bad), partial in states.items():
        if pos == n and pulled < 0 and held < 0 and left == 0:
            for at in partial:
                rows = [nodes[x] for x in chain(at, nrows)]
                out.setdefault(tuple(x[1] for x in rows), tuple(x[2] for x in rows))
    return out
