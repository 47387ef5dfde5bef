"""Read a row that lost cells only when the table's own arithmetic leaves exactly one possible reading."""

from __future__ import annotations

from itertools import combinations

from build_tools.arithmetic import CellKey, Equation

MAX_PLACEMENTS = 5000


def propagate(equations: list[Equation], known: dict[CellKey, int], touched: set[CellKey]) -> dict[CellKey, int] | None:
    """Fill in what the equations force (counts are whole numbers ≥ 0); None when they cannot all hold."""
    values = dict(known)
    live = [eq for eq in equations if any(c in touched or c not in values for c in eq.total + eq.parts)]
    changed = True
    while changed:
        changed = False
        for eq in live:
            plus = [c for c in eq.parts if c not in values]  # unknown parts
            minus = [c for c in eq.total if c not in values]  # unknown totals
            # sum(parts) - sum(total) == 0  →  sum(unknown parts) - sum(unknown totals) == residual
            residual = sum(values[c] for c in eq.total if c in values) - sum(values[c] for c in eq.parts if c in values)
            if not plus and not minus:
                if residual != 0:
                    return None
                continue
            if len(plus) + len(minus) == 1:
                cell, value = (plus[0], residual) if plus else (minus[0], -residual)
                if value < 0:
                    return None
                values[cell] = value
                changed = True
            elif not minus and residual <= 0 or not plus and residual >= 0:
                if residual != 0:
                    return None
                for cell in plus + minus:
                    values[cell] = 0
                changed = True
    return values


def infer_rows(
    ambiguous: dict[str, list[int]],
    columns: dict[str, tuple[str, ...]],
    known: dict[CellKey, int],
    equations: list[Equation],
) -> dict[str, dict[str, int]]:
    """For rows whose printed figures lost their columns, return each row the arithmetic pins down."""
    known = dict(known)
    solved: dict[str, dict[str, int]] = {}
    progress = True
    while progress:
        progress = False
        for row, printed in ambiguous.items():
            if row in solved:
                continue
            cols = columns[row]
            touched = {(row, c) for c in cols}
            readings: set[tuple[int | None, ...]] = set()
            for n, placement in enumerate(combinations(range(len(cols)), len(printed))):
                if n >= MAX_PLACEMENTS:
                    readings = set()
                    break
                trial = dict(known)
                for value, position in zip(printed, placement):
                    trial[(row, cols[position])] = value
                result = propagate(equations, trial, touched)
                if result is None:
                    continue
                readings.add(tuple(result.get((row, c)) for c in cols))
                if len(readings) > 1:
                    break
            if len(readings) == 1:
                (reading,) = readings
                if all(v is not None for v in reading):
                    solved[row] = dict(zip(cols, reading))  # type: ignore[arg-type]
                    known.update({(row, c): v for c, v in zip(cols, reading)})  # type: ignore[misc]
                    progress = True
    return solved
