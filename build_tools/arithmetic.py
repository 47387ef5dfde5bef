"""The sums a report's tables must satisfy (F-01…F-04), shared by the checks and the parser's inference."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from build_tools.labels import T3_APPLICANT_KEYS, T3_COLUMN_KEYS, T3_ORG_KEYS, T3_RESULT_ROWS, T3_ROWS, T4_GROUPS

CellKey = tuple[str, str]  # (row, column)


@dataclass(frozen=True)
class Equation:
    """sum(total) == sum(parts), named by a check id and the row or column it runs along."""

    check: str
    table: str
    total: tuple[CellKey, ...]
    parts: tuple[CellKey, ...]
    row: str | None = None
    column: str | None = None


def t3_equations(rows: set[str], subtotal: bool = False) -> list[Equation]:
    """Return table 3's equations for the rows a report has."""
    return list(_t3_equations(frozenset(rows), subtotal))


@lru_cache(maxsize=256)
def _t3_equations(rows: frozenset[str], subtotal: bool) -> tuple[Equation, ...]:
    eqs: list[Equation] = []
    results = [r for r in T3_RESULT_ROWS if r in rows]
    for col in T3_COLUMN_KEYS:
        if {"new_received", "carried_over", "total_processed", "carried_forward"} <= rows:
            eqs.append(Equation("F-01", "t3", (("new_received", col), ("carried_over", col)),
                                (("total_processed", col), ("carried_forward", col)), column=col))
        if "total_processed" in rows and results:
            eqs.append(Equation("F-02", "t3", (("total_processed", col),), tuple((r, col) for r in results),
                                column=col))
    for row in sorted(rows, key=_t3_order):
        eqs.append(Equation("F-03", "t3", ((row, "total"),), tuple((row, c) for c in T3_APPLICANT_KEYS), row=row))
        if subtotal:
            eqs.append(Equation("F-03", "t3", ((row, "org_subtotal"),), tuple((row, c) for c in T3_ORG_KEYS),
                                row=row, column="org_subtotal"))
    return tuple(eqs)


def t4_equations(groups: set[str]) -> list[Equation]:
    """Return table 4's equations (F-04) for the groups a report has."""
    return [
        Equation("F-04", "t4", ((g.key, "total"),),
                 tuple((g.key, c) for c in ("upheld", "corrected", "other", "pending")), row=g.key)
        for g in T4_GROUPS
        if g.key in groups
    ]


def _t3_order(row: str) -> int:
    return next((i for i, r in enumerate(T3_ROWS) if r.key == row), len(T3_ROWS))
