"""Read the three tables: anchor every value to its row label and column position.

A row that has fewer figures than columns is never shifted into neighbouring cells: its cells are left
unread with a finding, unless the table's own arithmetic (or, for blank-heavy tables, the column pattern
of its well-formed rows) leaves exactly one possible reading.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache

from build_tools.arithmetic import CellKey, Equation, t3_equations, t4_equations
from build_tools.findings import Finding, Severity, finding
from build_tools.labels import (
    T2_COLUMNS,
    T2_ROWS,
    T2_VERSION_MARKERS,
    T3_COLUMN_KEYS,
    T3_COLUMNS,
    T3_HEADER_WORDS,
    T3_OTHER_SUBROWS,
    T3_ROWS,
    T3_SUBTOTAL,
    T4_COLUMN_KEYS,
    T4_GROUPS,
    T4_HEADER_WORDS,
    column_label,
    t3_rows_for,
)
from build_tools.parse.anchors import RawRow, collect_rows, nonempty
from build_tools.parse.decode import (
    Reading,
    RowSum,
    Token,
    TooAmbiguous,
    fewest_parts,
    solve_rows,
    split_row,
    tokens_of,
    verified,
)
from build_tools.parse.lines import Line
from build_tools.parse.rows import GRID_LAYOUTS, TRUSTED_LAYOUTS, CellText, Row, build_rows
from build_tools.parse.sequence import BLANK, MAX_BLANKS, Key, SequenceRead, read_in_sequence
from build_tools.parse.solve import infer_rows, propagate
from build_tools.text import display_width, nfkc, read_value, squash, strip_numbering


@dataclass(slots=True)
class ReadCell:
    state: str
    value: int | float | None
    raw: str
    line: int | None


@dataclass
class TableRead:
    """One table as read: row → column → cell, plus what the reader found and which lines it used."""

    table: str
    cells: dict[str, dict[str, ReadCell]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    lines: set[Line] = field(default_factory=set)  # the lines the table was read from
    found: bool = False
    version: str | None = None
    undivided_other: bool = False
    subtotal: bool = False
    row_labels: dict[str, str] = field(default_factory=dict)

    def first_line(self) -> int | None:
        """Return the table's first source line, where a finding about a missing row points."""
        return min((line.no for line in self.lines), default=None)

    def row_line(self, row: str) -> int | None:
        """Return the source line a row was read from, or the table's first line."""
        lines = [c.line for c in self.cells.get(row, {}).values() if c.line is not None]
        return min(lines) if lines else self.first_line()


def _trim(cells: list[CellText], leading: bool = False) -> list[CellText]:
    cells = list(cells)
    while cells and not squash(cells[-1].text):
        cells.pop()
    while leading and cells and not squash(cells[0].text):
        cells.pop(0)
    return cells


@dataclass
class Placement:
    """How a row's printed cells map onto its columns: None for a row whose columns are unknown."""

    cells: list[CellText | None] | None
    how: str  # positional | in_order | aligned | ambiguous | too_many


def place_row(raw: RawRow, ncols: int) -> Placement:
    """Map a row's value cells onto ncols columns where the layout leaves no doubt."""
    values = raw.values
    filled = raw.filled
    trusted = raw.layout in TRUSTED_LAYOUTS
    if trusted:
        if len(values) == ncols:
            return Placement(list(values), "positional")
        if len(values) > ncols and len(_windows(values, ncols)) > 1:
            # "| （一）予以公开 |  | 258 | … | 1 |  |": a blank at either end may be the cell a merged label
            # covers or a blank figure; which one is not known.
            return Placement(None, "ambiguous")
        for leading in (False, True):
            candidate = _trim(values, leading)
            if len(candidate) == ncols:
                return Placement(candidate, "positional")
    if len(filled) == ncols:
        return Placement(list(filled), "in_order")
    if len(filled) > ncols:
        # "4. 无 0 0 0 0 0 0 0": a word such as 无 ends a label cut short, it is no eighth figure.
        words = 0
        while len(filled) - words > ncols and read_value(filled[words].text).state == "unreadable":
            words += 1
        if len(filled) - words == ncols and words and not trusted:
            return Placement(list(filled[words:]), "in_order")
        return Placement(None, "too_many")
    if not trusted:
        for leading in (False, True):
            candidate = _trim(values, leading)
            if len(candidate) == ncols and len(filled) < ncols:
                return Placement(candidate, "tentative")
    return Placement(None, "ambiguous")


def _windows(values: list[CellText], ncols: int) -> list[int]:
    """The starts of the runs of ncols cells that hold every printed cell of the row."""
    printed = [i for i, c in enumerate(values) if squash(c.text)]
    if not printed:
        return list(range(len(values) - ncols + 1))
    return [s for s in range(len(values) - ncols + 1) if s <= printed[0] and printed[-1] < s + ncols]


@dataclass(frozen=True)
class FixedColumns:
    """Where each column of a fixed-width table stands, measured at a figure's left edge, centre or right edge."""

    edge: float  # 0 left, 0.5 centre, 1 right
    positions: list[float]


def _edge(cell: CellText, edge: float) -> float:
    return (cell.offset or 0) + display_width(cell.text.strip()) * edge


def align_by_offsets(raw: RawRow, columns: FixedColumns) -> list[CellText | None] | None:
    """Place fixed-width figures under the column they stand nearest to, when that is clear-cut."""
    filled = raw.filled
    positions = columns.positions
    if any(c.offset is None for c in filled):
        return None
    gap = min((b - a for a, b in zip(positions, positions[1:])), default=0)
    if gap <= 2:
        return None
    out: list[CellText | None] = [None] * len(positions)
    for cell in filled:
        at = _edge(cell, columns.edge)
        index = min(range(len(positions)), key=lambda i: abs(positions[i] - at))
        if abs(positions[index] - at) > gap / 3 or out[index] is not None:
            return None
        out[index] = cell
    return out


def read_cell(cell: CellText | None, kind: str) -> tuple[ReadCell, str | None]:
    """Read one cell's text for a column kind; return the cell and a problem to report, if any."""
    if cell is None:
        return ReadCell("blank", None, "", None), None
    state, value, raw, problem = _read_text(cell.text, kind)
    return ReadCell(state, value, raw, cell.line), problem


@lru_cache(maxsize=1 << 14)
def _read_text(text: str, kind: str) -> tuple[str, int | float | None, str, str | None]:
    """read_cell on a cell's text: (state, value, raw, problem), memoised (tables repeat their figures)."""
    raw = text.strip()
    value = read_value(raw)
    if value.state != "number":
        return value.state, None, raw, None
    number = value.value
    if kind == "count":
        if isinstance(number, float) or number is None or number < 0:
            return "unreadable", None, raw, "expected a whole number ≥ 0"
        return "number", number, raw, None
    if kind == "signed":
        if isinstance(number, float):
            return "unreadable", None, raw, "expected a whole number"
        return "number", number, raw, None
    if number is None or number < 0:
        return "unreadable", None, raw, "expected an amount ≥ 0"
    if value.unit == "元":
        return "number", number, raw, "unit-yuan"
    return "number", number, raw, None


# Table 3 ---------------------------------------------------------------------------------------------


def match_t3(text: str) -> str | None:
    """Return the table-3 row key (or heading key) a squashed label names."""
    body = strip_numbering(text)
    rules = (
        ("本年新收", "new_received"),
        ("上年结转", "carried_over"),
        ("结转下年", "carried_forward"),
        ("部分公开", "partially_granted"),
        ("国家秘密", "withheld_state_secret"),
        ("禁止公开", "withheld_prohibited_by_law"),
        ("三安全", "withheld_three_safeties"),
        ("第三方", "withheld_third_party"),
        ("内部事务", "withheld_internal_affairs"),
        ("过程性", "withheld_process_info"),
        ("执法案卷", "withheld_enforcement_files"),
        ("查询事项", "withheld_query_matters"),
        ("不掌握", "unavailable_not_held"),
        ("另行制作", "unavailable_needs_creation"),
        ("没有现成", "unavailable_needs_creation"),
        ("仍不明确", "unavailable_unclear"),
        ("信访", "not_processed_petition"),
        ("举报投诉", "not_processed_petition"),
        ("大量反复", "not_processed_mass_repeat"),
        ("重复申请", "not_processed_duplicate"),
        ("出版物", "not_processed_publication"),
        ("重新出具", "not_processed_confirmation"),
        ("不补正", "other_overdue_correction"),
        ("缴纳费用", "other_overdue_fee"),
        ("收费通知", "other_overdue_fee"),
        ("其他处理", "other_handling"),
        ("不予公开", "h:withheld"),
        ("予以公开", "granted"),
        ("无法提供", "h:unavailable"),
        ("不予处理", "h:not_processed"),
        ("办理结果", "h:results"),
    )
    for word, key in rules:
        if word in body:
            return key
    if body in ("总计", "合计", "(七)总计"):
        return "total_processed"
    if body == "其他":
        return "other_other"
    return None


T3_HEADING_KEYS = ("h:withheld", "h:unavailable", "h:not_processed", "h:results")
T3_LABELS = {r.key: r.label for r in T3_ROWS}


def read_t3(lines: list[Line], year: int | None) -> TableRead:
    """Read table 3 (收到和处理政府信息公开申请情况) from its lines."""
    read = TableRead("t3")
    rows = build_rows(lines)
    header_text = "".join(squash(c.text) for r in rows for c in r.cells)
    read.subtotal = "小计" in header_text
    raw_rows, bare, used = collect_rows(rows, match_t3, T3_HEADING_KEYS, T3_HEADER_WORDS, T3_LABELS)
    read.lines |= used
    # "其他" alone names the row （六）3 only after the （六） rows began; elsewhere it is a column header.
    by_key: dict[str, RawRow] = {}
    for raw in raw_rows:
        if raw.key == "other_other" and not any(k in by_key for k in ("other_overdue_correction",
                                                                      "other_overdue_fee", "other_handling")):
            continue
        if raw.key in by_key:
            if [c.text.strip() for c in by_key[raw.key].values] != [c.text.strip() for c in raw.values]:
                read.findings.append(finding(
                    "L-04", Severity.warning, f"此行出现两次（第 {by_key[raw.key].line} 行和第 {raw.line} 行），采用第一次",
                    f"row printed twice (lines {by_key[raw.key].line} and {raw.line}); the first is used",
                    line=raw.line, table="t3", row=raw.key))
            continue
        by_key[raw.key] = raw
    if len(by_key) < 3:
        flat = [c for r in bare for c in nonempty(r.cells)]
        width = 8 if read.subtotal else 7
        if len(flat) in (25 * width, 23 * width):
            columns = _subtotal_order(header_text) if read.subtotal else T3_COLUMN_KEYS
            return _read_flat_t3(read, flat, columns, undivided=len(flat) == 23 * width)
        if not by_key:
            return read
    read.found = True
    # An undivided （六）其他处理 with its own figures is the 2019 form's single row.
    if "other_handling" in by_key and not any(k in by_key for k in T3_OTHER_SUBROWS):
        read.undivided_other = True
    elif "other_handling" in by_key:
        del by_key["other_handling"]
    columns = T3_COLUMN_KEYS + ((T3_SUBTOTAL.key,) if read.subtotal else ())
    if read.subtotal:
        columns = _subtotal_order(header_text)
    expected = [r.key for r in t3_rows_for("2021", read.undivided_other)]
    present = [k for k in expected if k in by_key]
    _read_grid(read, by_key, present, {k: columns for k in present},
               lambda rows: t3_equations(set(rows), read.subtotal), kinds=lambda c: "count",
               header_positions=_header_positions(rows, columns))
    for key in expected:
        if key not in by_key:
            read.findings.append(finding(
                "F-06", Severity.warning, "表中没有这一行", "row not found in the table",
                line=read.first_line(), table="t3", row=key))
    if not read.subtotal and any(k not in read.cells or any(c.state == "unread" for c in read.cells[k].values())
                                 for k in expected):
        if not _read_t3_in_sequence(read, rows) and _one_figure_per_line(rows):
            printed = sum(len(nonempty(r.split()[1])) for r in rows)
            _confirm_by_sums(read, zeros=printed >= 7 * len(expected))
    return read


def _one_figure_per_line(rows: list[Row]) -> bool:
    """Tell plain `pdftotext` text: most figures alone on their line, where labels drift away from them."""
    if any(r.layout != "space" for r in rows):
        return False
    values = [nonempty(r.split()[1]) for r in rows]
    if any(c.glued for cells in values for c in cells):
        return False
    counts = [len(cells) for cells in values]
    return sum(counts) >= 14 and counts.count(1) >= 0.6 * sum(counts)


def _confirm_by_sums(read: TableRead, zeros: bool) -> None:
    """Keep only the cells of table 3 that its sums confirm, when its labels stood apart from its figures.

    A label cut over several lines can stand a figure or two away from its row's figures, so reading by
    labels may put a figure in the row above or below. A cell is kept when its row's sum and a column's sum
    run through it, and every sum through it is printed in full (no blank, mark, unread or inferred cell) and
    holds; the others are left unread with a finding. When the table prints fewer figures than cells (`zeros`
    False), a blank vanished somewhere and a 0 may stand in its place, every sum still holding: no 0 is kept
    then, nor any figure whose sums run through a 0."""
    cells = read.cells

    def trusted(row: str, col: str) -> bool:
        rc = cells[row][col]
        return rc.state == "number" and (zeros or rc.value != 0)

    by_row: set[CellKey] = set()
    by_column: set[CellKey] = set()
    broken: set[CellKey] = set()
    for eq in t3_equations(set(cells)):
        keys = eq.total + eq.parts
        if any(c[0] not in cells or c[1] not in cells[c[0]] for c in keys):
            continue
        if all(trusted(r, c) for r, c in keys) and (
                sum(cells[r][c].value for r, c in eq.total) == sum(cells[r][c].value for r, c in eq.parts)):  # type: ignore[misc]
            (by_row if eq.row else by_column).update(keys)
        else:
            broken.update(keys)
    held = (by_row & by_column) - broken  # a figure in the wrong row breaks its row's sum or its column's
    named = {f.row for f in read.findings if f.id == "L-01" and f.table == "t3"}
    changed: list[str] = []
    for row, cols in cells.items():
        doubtful = [c for c, rc in cols.items() if rc.state != "unread" and (row, c) not in held]
        if not doubtful:
            continue
        changed.append(row)
        for col in doubtful:
            cols[col] = ReadCell("unread", None, "", cols[col].line)
        if row not in named:
            names = "、".join(column_label("t3", c) for c in doubtful)
            read.findings.append(finding(
                "L-01", Severity.warning,
                f"行标题与数字错位，按行标题读取的 {len(doubtful)} 个单元格（{names}）未得到本表勾稽关系印证，未读取",
                f"row labels stand apart from their figures; {len(doubtful)} cells read by labels are not confirmed "
                "by the table's sums; left unread", line=read.row_line(row), table="t3", row=row))
    if changed:
        # Inferences from cells now unread go; the blank-cell findings are made again for the cells kept.
        read.findings = [f for f in read.findings if not (f.table == "t3" and (
            f.id == "L-02" and f.row in changed or f.id == "F-06" and f.row in cells))]
        _blank_findings(read)


def _read_t3_in_sequence(read: TableRead, rows: list[Row]) -> bool:
    """Read table 3 from its figures in printed order, when its row labels could not place them all.

    Plain `pdftotext` prints a table row by row but moves a multi-line label away from its figures, so
    labels no longer tell the rows apart. The readings its printed order allows (see `sequence`) are taken
    where the table's sums leave one figure per cell; a cell that several fitting readings fill differently
    is left unread with its candidates. A row printed whole on its label's line must agree with the reading.
    What the labels gave is replaced; when no reading fits, it stands.
    """
    if any(r.layout != "space" for r in rows):
        return False
    figures = [c for r in rows for c in nonempty(r.split()[1])]
    for nrows in (25, 23):
        if nrows * 7 - MAX_BLANKS <= len(figures) <= nrows * 7:
            break
    else:
        return False
    if any(c.glued for c in figures):
        return False
    values: list[Key] = []
    for cell in figures:
        value = read_value(cell.text)
        if value.state == "number" and isinstance(value.value, int) and value.value >= 0 and not value.signed:
            values.append(value.value)
        else:
            return False
    keys = [r.key for r in t3_rows_for("2021", nrows == 23)]
    if any(key not in keys for key in read.cells):
        return False
    result = read_in_sequence(values, keys, T3_COLUMN_KEYS, t3_equations(set(keys)))
    if result is None or not _agrees_with_whole_rows(result, rows):
        return False
    read.cells = {}
    for key in keys:
        read.cells[key] = {}
        for col in T3_COLUMN_KEYS:
            if (key, col) in result.candidates:
                read.cells[key][col] = ReadCell("unread", None, "", figures[0].line)
                continue
            token = result.tokens[key, col]
            if token < 0:
                read.cells[key][col] = ReadCell("blank", None, "", None)
            else:
                read.cells[key][col], _problem = read_cell(figures[token], "count")
    read.found = True
    read.undivided_other = nrows == 23
    read.findings = [f for f in read.findings if f.id not in ("L-01", "L-02", "L-03", "F-06")]
    read.findings.append(finding(
        "L-03", Severity.info,
        f"行标题与数字错位，按模板顺序读取 {len(figures)} 个数字"
        f"{'（空白单元格未印出）' if len(figures) < nrows * 7 else ''}；本表勾稽关系印证了这一读法",
        f"row labels stand apart from their figures; {len(figures)} figures read in template order"
        f"{' with blank cells left out' if len(figures) < nrows * 7 else ''}, the table's sums confirming it",
        line=figures[0].line, table="t3"))
    for key in keys:
        open_cells = [(col, result.candidates[key, col]) for col in T3_COLUMN_KEYS if (key, col) in result.candidates]
        if not open_cells:
            continue
        shown = "；".join(f"{column_label('t3', col)}：{' 或 '.join(_candidate(v) for v in options)}"
                         for col, options in open_cells)
        shown_en = "; ".join(f"{col}: {' or '.join(_candidate(v, 'blank') for v in options)}"
                             for col, options in open_cells)
        read.findings.append(finding(
            "L-01", Severity.warning,
            f"按印出顺序读取本表时，此行有 {len(open_cells)} 个单元格可有多种读法（{shown}），未读取",
            f"reading the table in printed order, {len(open_cells)} cells of this row fit several readings "
            f"({shown_en}); left unread", line=figures[0].line, table="t3", row=key))
    return True


def _candidate(value: Key, blank: str = "空白") -> str:
    return blank if value == BLANK else str(value)


def _agrees_with_whole_rows(result: SequenceRead, rows: list[Row]) -> bool:
    """A row printed whole (seven figures) on its label's line must read the same in printed order."""
    for row in rows:
        label, values = row.split()
        key = match_t3(squash("".join(c.text for c in label))) if label else None
        filled = nonempty(values)
        if key is None or len(filled) != len(T3_COLUMN_KEYS):
            continue
        for col, cell in zip(T3_COLUMN_KEYS, filled):
            value = read_value(cell.text)
            shown: Key = value.value if value.state == "number" else cell.text.strip()  # type: ignore[assignment]
            if result.settled.get((key, col)) != shown:
                return False
    return True


def _header_positions(rows: list[Row], columns: tuple[str, ...]) -> tuple[int, ...] | None:
    """In a grid, the position of each column's header cell, when every column has one, in order."""
    found: dict[str, int] = {}
    for row in rows:
        if row.layout not in GRID_LAYOUTS:
            continue
        for i, cell in enumerate(row.cells):
            named = _T3_COLUMNS_NAMED.get(squash(cell.text))
            if named:
                for col in columns:
                    if col not in found and col in named:
                        found[col] = i
    positions = tuple(found.get(col, -1) for col in columns)
    if -1 in positions or list(positions) != sorted(set(positions)):
        return None
    return positions


def _columns_named() -> dict[str, frozenset[str]]:
    """A table-3 column header's words → the columns they name."""
    named: dict[str, set[str]] = {}
    for column in (*T3_COLUMNS, T3_SUBTOTAL):
        for word in column.keywords:
            named.setdefault(word, set()).add(column.key)
    return {word: frozenset(keys) for word, keys in named.items()}


_T3_COLUMNS_NAMED = _columns_named()


def _subtotal_order(header_text: str) -> tuple[str, ...]:
    """Place a non-official 小计 column where the header prints it: after 自然人 or after the five columns."""
    cols = list(T3_COLUMN_KEYS)
    at = header_text.find("小计")
    first_org = min((i for i in (header_text.find("商业企业"), header_text.find("商业")) if i >= 0), default=-1)
    index = 1 if 0 <= at < first_org else 6
    cols.insert(index, T3_SUBTOTAL.key)
    return tuple(cols)


def _read_flat_t3(read: TableRead, flat: list[CellText], columns: tuple[str, ...], undivided: bool) -> TableRead:
    """Read a table flattened to one run of 25 (2021) or 23 (2019) rows of figures, in template order."""
    read.found = True
    read.undivided_other = undivided
    keys = [r.key for r in t3_rows_for("2021", undivided)]
    width = len(columns)
    for i, key in enumerate(keys):
        chunk = flat[i * width:(i + 1) * width]
        read.cells[key] = {}
        for col, cell in zip(columns, chunk):
            read.cells[key][col], problem = read_cell(cell, "count")
            _cell_problem(read, key, col, cell, problem)
    read.findings.append(finding(
        "L-03", Severity.info, f"表格没有行标题，按模板顺序读取 {len(flat)} 个数字",
        f"table has no row labels; {len(flat)} figures read in template order", line=flat[0].line, table="t3"))
    _blank_findings(read)
    return read


# Shared grid reading --------------------------------------------------------------------------------


def _read_grid(
    read: TableRead,
    by_key: dict[str, RawRow],
    order: list[str],
    columns: dict[str, tuple[str, ...]],
    equations: Callable[[list[str]], list[Equation]] | None,
    kinds: Callable[[str], str],
    header_positions: tuple[int, ...] | None = None,
) -> None:
    """Place every row's cells, infer lost ones from the arithmetic, and leave the rest unread."""
    by_key = _label_columns_apart(by_key, order)
    glued = [k for k in order if is_glued(by_key[k], len(columns[k]))]
    placements: dict[str, Placement] = {
        k: Placement(None, "glued") if k in glued else place_row(by_key[k], len(columns[k])) for k in order}
    placements.update({k: p for k, p in _grid_placements(by_key, order, columns, header_positions).items()
                       if k not in glued})
    # Column pattern of the rows whose layout is certain, for untrusted (PDF text) layouts.
    widths = {len(columns[k]) for k in order}
    uniform = len(widths) == 1
    full = any(p.how in ("in_order",) or p.how == "positional" and all(
        c is not None and squash(c.text) for c in p.cells or []) for p in placements.values())
    mask: set[int] = set()
    for p in placements.values():
        if p.how == "tentative" and p.cells:
            mask |= {i for i, c in enumerate(p.cells) if c is not None and squash(c.text)}
    fixed = fixed_columns(by_key, placements, order) if uniform else None
    for key in order:
        p = placements[key]
        if p.how == "tentative":
            if uniform and full:
                placements[key] = Placement(None, "ambiguous")
            else:
                placements[key] = Placement(p.cells, "positional")
    for key in order:
        p = placements[key]
        if p.how != "ambiguous":
            continue
        raw = by_key[key]
        filled = raw.filled
        if not filled:
            continue
        aligned = align_by_offsets(raw, fixed) if fixed else None
        if aligned is not None:
            placements[key] = Placement(aligned, "aligned")
        elif uniform and mask and not full and len(filled) == len(mask) and raw.layout not in TRUSTED_LAYOUTS:
            cells: list[CellText | None] = [None] * len(columns[key])
            for position, shown in zip(sorted(mask), filled):
                cells[position] = shown
            placements[key] = Placement(cells, "aligned")
    # Cells whose column is certain.
    for key in order:
        p = placements[key]
        row_cells: dict[str, ReadCell] = {}
        read.cells[key] = row_cells
        line = by_key[key].line
        if p.cells is None:
            for col in columns[key]:
                row_cells[col] = ReadCell("unread", None, "", line)
        else:
            for col, cell in zip(columns[key], p.cells, strict=True):
                if cell is None or not squash(cell.text):
                    row_cells[col] = ReadCell("blank", None, "", line if cell is None else cell.line)
                    continue
                state, value, raw, problem = _read_text(cell.text, kinds(col))  # read_cell, inlined
                row_cells[col] = ReadCell(state, value, raw, cell.line)
                if problem is not None or state == "unreadable":
                    _cell_problem(read, key, col, cell, problem)
        if p.how == "aligned":
            read.findings.append(finding(
                "L-03", Severity.info,
                f"此行只印出 {len(by_key[key].filled)} 个数字，按本表其他行的列位置对齐",
                f"row printed {len(by_key[key].filled)} figures; aligned by the table's column pattern",
                line=by_key[key].line, table=read.table, row=key))
    if glued:
        decode_glued(read, {k: by_key[k] for k in glued}, columns, kinds, equations(order) if equations else [])
    # Rows that lost cells: infer when the arithmetic leaves one reading.
    lost = {k: by_key[k] for k in order
            if placements[k].cells is None and placements[k].how != "glued" and by_key[k].filled}
    if lost and equations is not None:
        known = {(r, c): rc.value for r, cols in read.cells.items() for c, rc in cols.items()
                 if rc.state in ("number", "decoded") and isinstance(rc.value, int)}
        printed = {}
        for k, raw in lost.items():
            values = [read_value(c.text) for c in raw.filled]
            if all(v.state == "number" and isinstance(v.value, int) and v.value >= 0 for v in values):
                printed[k] = [v.value for v in values]
        solved = infer_rows(printed, {k: columns[k] for k in printed}, known, equations(order))  # type: ignore
        for k, row_values in solved.items():
            for col, value in row_values.items():
                read.cells[k][col] = ReadCell("inferred", value, "", lost[k].line)
            read.findings.append(finding(
                "L-02", Severity.warning,
                f"此行印出 {len(printed[k])} 个数字、应有 {len(columns[k])} 个；列位置无法确定，"
                "按本表勾稽关系只有一种可能，已推算填入并标为“推算”",
                f"row printed {len(printed[k])} of {len(columns[k])} figures; the table's arithmetic allows "
                "one reading only, filled in and marked inferred",
                line=lost[k].line, table=read.table, row=k,
                expected=f"{len(columns[k])} figures", found=" ".join(c.text.strip() for c in lost[k].filled)))
        lost = {k: v for k, v in lost.items() if k not in solved}
    for key in order:
        p = placements[key]
        raw = by_key[key]
        if p.cells is None:
            filled = raw.filled
            if key not in lost and filled:
                continue
            if not filled:
                read.findings.append(finding(
                    "L-01", Severity.warning, "此行没有读到任何数字", "row has no figures",
                    line=raw.line, table=read.table, row=key))
                continue
            too_many = p.how == "too_many"
            read.findings.append(finding(
                "L-01", Severity.error if too_many else Severity.warning,
                (f"此行印出 {len(filled)} 个数字，多于 {len(columns[key])} 列，未读取" if too_many else
                 f"此行只印出 {len(filled)} 个数字、应有 {len(columns[key])} 个，无法确定各数字所在的列，未读取"),
                (f"row printed {len(filled)} figures for {len(columns[key])} columns; left unread" if too_many else
                 f"row printed {len(filled)} of {len(columns[key])} figures and their columns cannot be told; "
                 "left unread"),
                line=raw.line, table=read.table, row=key, expected=f"{len(columns[key])} figures",
                found=" ".join(c.text.strip() for c in filled)))
    _blank_findings(read)


def _label_columns_apart(by_key: dict[str, RawRow], order: list[str]) -> dict[str, RawRow]:
    """In a pipe grid, drop from each row the empty positions where other rows of the grid print labels.

    A label merged over two of the three label columns ("| 三、… | （一）予以公开 |  | 258 |") leaves an empty
    position that belongs to the labels, not to the figures; counted as a figure cell it would move every
    figure of the row one column to the right.
    """
    ends: dict[int, int] = {}
    for key in order:
        raw = by_key[key]
        if raw.layout == "pipe":
            width = raw.start + len(raw.values)
            ends[width] = max(ends.get(width, 0), raw.start)
    out = dict(by_key)
    for key in order:
        raw = by_key[key]
        if raw.layout != "pipe":
            continue
        cut = ends[raw.start + len(raw.values)] - raw.start
        if cut > 0 and not any(squash(c.text) for c in raw.values[:cut]):
            out[key] = replace(raw, values=raw.values[cut:], start=raw.start + cut)
    return out


def is_glued(raw: RawRow, ncols: int) -> bool:
    """Tell whether a row's figures were printed without a gap: against the label, or as one long run."""
    filled = raw.filled
    if ncols == 1 and len(filled) == 1:
        return False  # one figure for one column, glued to its label or not
    if any(c.glued for c in filled):
        return True
    # One long figure for a row of several columns, in text that does not keep empty cells in place.
    return raw.layout not in TRUSTED_LAYOUTS and ncols > 1 and len(filled) == 1 and (
        sum(ch.isdigit() for ch in nfkc(filled[0].text)) > 1 and read_value(filled[0].text).state == "number"
        and "," not in filled[0].text)


def _glued_tokens(raw: RawRow) -> tuple[list[Token] | None, str]:
    """The digit runs and marks of a glued row, and the unit printed after its last figure."""
    texts = [nfkc(c.text).strip().replace(" ", "") for c in raw.filled]
    unit = ""
    for suffix in ("万元", "元"):
        if texts and texts[-1].endswith(suffix):
            unit, texts[-1] = suffix, texts[-1][: -len(suffix)]
            break
    tokens: list[Token] = []
    for text in texts:
        found = tokens_of(text)
        if found is None:
            return None, unit
        tokens.extend(found)
    return tokens, unit


def _row_sums(key: str, cols: tuple[str, ...], equations: list[Equation]) -> tuple[RowSum, ...]:
    """The table's sums that lie within one row (总计 = its parts), as column positions."""
    out = []
    for eq in equations:
        cells = eq.total + eq.parts
        if len(eq.total) == 1 and all(r == key and c in cols for r, c in cells):
            out.append(RowSum(cols.index(eq.total[0][1]), tuple(cols.index(c) for _r, c in eq.parts)))
    return tuple(out)


def _within_rows(equations: list[Equation]) -> dict[str, list[Equation]]:
    """The equations whose cells all lie in one row, by row, in their order."""
    out: dict[str, list[Equation]] = {}
    for eq in equations:
        if len(eq.total) == 1 and all(r == eq.total[0][0] for r, _c in eq.parts):
            out.setdefault(eq.total[0][0], []).append(eq)
    return out


def _show(reading: Reading) -> str:
    return " ".join(str(v) for v in reading)


def decode_glued(read: TableRead, rows: dict[str, RawRow], columns: dict[str, tuple[str, ...]],
                 kinds: Callable[[str], str], equations: list[Equation]) -> None:
    """Split each glued row into its cells where the form's constraints leave one reading; else leave it unread."""
    known = {(r, c): rc.value for r, cols in read.cells.items() if r not in rows for c, rc in cols.items()
             if rc.state in ("number", "inferred") and isinstance(rc.value, int)}
    candidates: dict[str, list[Reading]] = {}
    trouble: dict[str, str] = {}
    units: dict[str, str] = {}
    tokens: dict[str, list[Token]] = {}
    within = _within_rows(equations)
    for key, raw in rows.items():
        cols = columns[key]
        found, units[key] = _glued_tokens(raw)
        if found is None:
            trouble[key] = "unreadable"
            continue
        tokens[key] = found
        try:
            sums = _row_sums(key, cols, within.get(key, []))
            candidates[key] = split_row(found, tuple(kinds(c) for c in cols), sums)
        except TooAmbiguous:
            trouble[key] = "too_many"
    solved, broken = solve_rows({k: v for k, v in candidates.items() if v}, columns, known, equations)
    decoded: list[tuple[str, str, Reading, int]] = []
    unsure = _unconfirmed({k: v[0] for k, v in solved.items() if len(v) == 1 and k not in broken},
                          tokens, columns, kinds, known, equations)
    for key, raw in rows.items():
        cols = columns[key]
        printed = " ".join(c.text.strip() for c in raw.filled)
        readings = solved.get(key, [])
        if len(readings) == 1 and key not in broken and key not in unsure:
            (reading,) = readings
            for col, value in zip(cols, reading):
                if isinstance(value, str):
                    read.cells[key][col] = ReadCell("not_applicable", None, value, raw.line)
                    continue
                text = str(value) + (units[key] if col == cols[-1] else "")
                read.cells[key][col] = ReadCell("decoded", value, text, raw.line)
                if units[key] == "元" and col == cols[-1]:
                    _cell_problem(read, key, col, None, "unit-yuan")
            decoded.append((key, printed, reading, raw.line))
            continue
        options = readings or candidates.get(key, [])
        if key in unsure:
            why_zh = (f"唯一的拆法（{_show(options[0])}）也可能是少印了空白单元格的另一种读法，"
                      "而本表勾稽关系无法印证")
            why_en = (f"its only split ({_show(options[0])}) could also be a reading with a blank cell, and "
                      "the table's sums cannot confirm it")
        elif key in broken:
            why_zh, why_en = (f"唯一的拆法（{_show(options[0])}）与本表勾稽关系不符",
                              f"its only split ({_show(options[0])}) breaks the table's arithmetic")
        elif trouble.get(key) == "too_many":
            why_zh, why_en = "可能的拆法过多", "too many possible splits"
        elif trouble.get(key) == "unreadable" or not options:
            why_zh, why_en = "没有一种拆法符合列数和本表勾稽关系", "no split fits the column count and the arithmetic"
        else:
            shown = "；".join(_show(r) for r in options[:5]) + ("……" if len(options) > 5 else "")
            why_zh, why_en = f"有 {len(options)} 种拆法：{shown}", f"{len(options)} possible splits: {shown}"
        read.findings.append(finding(
            "L-01", Severity.warning, f"此行数字连在一起印出（“{printed}”），{why_zh}，未读取",
            f"row printed its figures glued together ({printed!r}); {why_en}; left unread",
            line=raw.line, table=read.table, row=key, expected=f"{len(cols)} figures", found=printed))
    if len(decoded) == 1:
        ((key, printed, reading, line),) = decoded
        read.findings.append(finding(
            "L-05", Severity.info,
            f"此行数字连在一起印出（“{printed}”）；按列数、不以 0 开头的整数和本表勾稽关系只有一种拆法，"
            "已拆分填入并标为“拆分”",
            f"row printed its figures glued together ({printed!r}); the column count, whole numbers without "
            "leading zeros and the table's arithmetic allow one split only, filled in and marked decoded",
            line=line, table=read.table, row=key, expected=f"{len(columns[key])} figures", found=_show(reading)))
    elif decoded:
        read.findings.append(finding(
            "L-05", Severity.info,
            f"{len(decoded)} 行的数字连在一起印出；按列数、不以 0 开头的整数和本表勾稽关系各只有一种拆法，"
            "已拆分填入并标为“拆分”",
            f"{len(decoded)} rows printed their figures glued together; the column count, whole numbers without "
            "leading zeros and the table's arithmetic allow one split each, filled in and marked decoded",
            line=min(line for _k, _p, _r, line in decoded), table=read.table,
            found="；".join(printed for _k, printed, _r, _l in decoded)))


MAX_BLANK_TRIALS = 3000  # readings with blank cells tried per row before leaving it unread


def _unconfirmed(readings: dict[str, Reading], tokens: dict[str, list[Token]], columns: dict[str, tuple[str, ...]],
                 kinds: Callable[[str], str], known: dict[CellKey, int], equations: list[Equation]) -> set[str]:
    """Rows whose one reading could hide a blank cell and whose sums with other rows do not confirm it.

    A reading is confirmed when the sums pin each of its figures, or when no reading of the run with fewer
    figures and blank cells fits the sums, the other confirmed rows as read.
    """
    unsure: set[str] = set()
    neighbours: dict[str, set[str]] = {key: set() for key in readings}
    for eq in equations:
        rows = {r for r, _c in eq.total + eq.parts}
        for key in rows & neighbours.keys():
            neighbours[key] |= rows - {key}
    fits: dict[str, tuple[frozenset[str], bool]] = {}  # a row's last answer, by the neighbours then unsure
    while True:
        values = dict(known)
        for key, reading in readings.items():
            if key not in unsure:
                values.update({(key, c): v for c, v in zip(columns[key], reading) if isinstance(v, int)})
        more = set()
        for key in readings:
            if key in unsure or fewest_parts(tokens[key]) >= len(columns[key]):
                continue
            if verified(key, columns[key], values, equations):
                continue
            signature = frozenset(unsure & neighbours[key])
            if key not in fits or fits[key][0] != signature:
                others = {cell: v for cell, v in values.items() if cell[0] != key}
                fits[key] = signature, _blank_fits(key, tokens[key], columns[key], kinds, others, equations,
                                                   limit=1) != []
            if fits[key][1]:
                more.add(key)
        if not more:
            return unsure
        unsure |= more


def _blank_fits(row: str, tokens: list[Token], cols: tuple[str, ...], kinds: Callable[[str], str],
                values: dict[CellKey, int], equations: list[Equation], limit: int) -> list[Reading] | None:
    """The readings of a glued row with one or more blank cells that the table's sums allow, up to `limit`
    of them; None when the search passed its bound (the row then counts as ambiguous).

    A blank cell stands for whatever figure the sums need; the other rows are taken as read, and only the
    sums whose other cells are all read are used.
    """
    ncols = len(cols)
    kind = {kinds(c) for c in cols}
    if len(kind) != 1:
        return None
    (kind_of_all,) = kind
    touched = {(row, c) for c in cols}
    # Only sums whose other cells are all read: a cell left unread or marked is never made to take
    # whatever figure would let a reading through.
    equations = [eq for eq in equations if all(c in values or c in touched for c in eq.total + eq.parts)]
    if all(c in touched for eq in equations for c in eq.total + eq.parts):
        return None  # the row's own total alone lets a blank total through: nothing to tell readings apart
    # The figure a column's sum requires of this row, where the other rows give all its other cells.
    required: dict[int, int] = {}
    for eq in equations:
        own = [c for c in eq.total + eq.parts if c in touched]
        if len(own) != 1 or not all(c in values for c in eq.total + eq.parts if c not in touched):
            continue
        (cell,) = own
        rest = sum(values[c] for c in eq.parts if c != cell) - sum(values[c] for c in eq.total if c != cell)
        required.setdefault(cols.index(cell[1]), rest if cell in eq.total else -rest)
    sums = _row_sums(row, cols, [eq for eq in equations if all(c in touched for c in eq.total + eq.parts)])
    out: list[Reading] = []
    trials = steps = 0
    for count in range(max(fewest_parts(tokens), 1), ncols):
        try:
            splits = split_row(tokens, (kind_of_all,) * count, (), max_nodes=MAX_BLANK_TRIALS)
        except TooAmbiguous:
            return None
        for split in splits:
            allowed = [[p for p in range(ncols) if not isinstance(v, int) or required.get(p, v) == v]
                       for v in split]
            for places in _increasing(allowed):
                steps += 1
                if steps > 10 * MAX_BLANK_TRIALS:
                    return None
                reading: list[object] = [""] * ncols
                for place, value in zip(places, split):
                    reading[place] = value
                if not all(_may_add_up(reading, rule) for rule in sums):
                    continue
                trials += 1
                if trials > MAX_BLANK_TRIALS:
                    return None
                trial = dict(values)
                trial.update({(row, cols[i]): v for i, v in enumerate(reading) if isinstance(v, int)})
                if propagate(equations, trial, touched) is None:
                    continue
                out.append(tuple(reading))
                if len(out) >= limit:
                    return out
    return out


def _increasing(allowed: list[list[int]]) -> list[tuple[int, ...]]:
    """Every choice of one column per figure from its allowed columns, in increasing order of columns."""
    out: list[tuple[int, ...]] = [()]
    for options in allowed:
        out = [chosen + (p,) for chosen in out for p in options if not chosen or p > chosen[-1]]
        if not out:
            break
    return out


def _may_add_up(reading: list[object], rule: RowSum) -> bool:
    """Whether a row's total can equal its parts, a blank or a mark standing for any figure ≥ 0."""
    total = reading[rule.total]
    parts = [reading[p] for p in rule.parts]
    figures = sum(v for v in parts if isinstance(v, int))
    if not isinstance(total, int):
        return True
    return figures == total if all(isinstance(v, int) for v in parts) else figures <= total


def _grid_placements(
    by_key: dict[str, RawRow], order: list[str], columns: dict[str, tuple[str, ...]],
    header_positions: tuple[int, ...] | None,
) -> dict[str, Placement]:
    """In a grid (HTML, pipe table), read each row at the positions where the table's complete rows print.

    Merged label cells leave empty positions between a label and its figures, so counting cells from
    either end of a row can shift a figure next to a blank cell; the grid position cannot. Without a
    complete row, the positions of the column headers ("自然人" … "总计") serve.
    """
    found: dict[tuple[str, ...], set[tuple[int, ...]]] = {}
    for key in order:
        raw = by_key[key]
        if raw.layout not in GRID_LAYOUTS:
            continue
        printed = [raw.start + i for i, c in enumerate(raw.values) if squash(c.text)]
        if len(printed) == len(columns[key]):
            found.setdefault(columns[key], set()).add(tuple(printed))
    out: dict[str, Placement] = {}
    for key in order:
        # The positions hold for the rows whose figures start where theirs do: a table a PDF page break cut
        # into two grids (label columns merged above the break, drawn apart below it) prints its figures
        # further right in the second.
        raw, agreed = by_key[key], found.get(columns[key], set())
        if not agreed and header_positions and len(header_positions) == len(columns[key]):
            agreed = {header_positions}
        if len(agreed) == 1 and next(iter(agreed))[0] < raw.start:
            continue  # a figure column where this row prints its label: another grid (a PDF page break)
        if raw.layout not in GRID_LAYOUTS or len(agreed) != 1:
            continue
        (positions,) = agreed
        shown = {raw.start + i for i, c in enumerate(raw.values) if squash(c.text)}
        if not shown <= set(positions):
            continue  # a figure outside the table's columns: let the general reading decide
        cells: list[CellText | None] = []
        for position in positions:
            index = position - raw.start
            cells.append(raw.values[index] if 0 <= index < len(raw.values) else None)
        out[key] = Placement(cells, "positional")
    return out


def fixed_columns(by_key: dict[str, RawRow], placements: dict[str, Placement], order: list[str]) -> FixedColumns | None:
    """Return the column positions of a fixed-width table, when its complete rows prove it fixed-width.

    The proof: rows with labels of different widths print each figure at the same display column. In
    text where figures merely follow their label after a space or two, they move with the label, and
    aligning a row that lost a figure by such positions would shift its figures.
    """
    rows: list[list[CellText]] = []
    widths: set[int] = set()
    for key in order:
        raw, p = by_key[key], placements[key]
        if raw.layout != "space" or p.how != "in_order" or not p.cells:
            continue
        cells = [c for c in p.cells if c is not None and c.offset is not None]
        if len(cells) == len(p.cells):
            rows.append(cells)
            widths.add(display_width(raw.label))
    if len(rows) < 2 or max(widths) - min(widths) < 2:
        return None
    for edge in (1.0, 0.0, 0.5):  # figures are right-aligned more often than not
        positions: list[float] = []
        for column in zip(*rows):
            at = [_edge(c, edge) for c in column]
            if max(at) - min(at) > 1:
                break  # not this edge
            positions.append(sum(at) / len(at))
        else:
            return FixedColumns(edge, positions)
    return None


def _cell_problem(read: TableRead, row: str, col: str, cell: CellText | None, problem: str | None) -> None:
    rc = read.cells[row][col]
    if rc.state == "unreadable":
        read.findings.append(finding(
            "F-05", Severity.error, f"“{rc.raw}”不是有效的数字（应为不小于 0 的整数）",
            f"expected a whole number ≥ 0, found {rc.raw!r}" if problem is None else f"{problem}, found {rc.raw!r}",
            line=rc.line, table=read.table, row=row, column=col, expected="whole number ≥ 0", found=rc.raw))
    elif problem == "unit-yuan" and col == "amount_10k_yuan":
        # Only 表二（八） is printed in 万元; the 2019 form's 采购总金额 has no unit, so 元 is no error there.
        read.findings.append(finding(
            "F-05", Severity.warning, f"本栏单位为万元，但印出“{rc.raw}”（单位为元），数值按原样保留",
            f"column is in 10k yuan but the cell prints {rc.raw!r} (yuan); kept as printed",
            line=rc.line, table=read.table, row=row, column=col, expected="万元", found=rc.raw))


def _blank_findings(read: TableRead) -> None:
    """One F-06 finding per row for its blank or not-applicable cells: a blank is not 0."""
    for row, cols in read.cells.items():
        blank: list[str] = []
        na: list[str] = []
        first = None
        for c, rc in cols.items():
            if rc.state == "blank":
                blank.append(c)
            elif rc.state == "not_applicable":
                na.append(c)
            if first is None and rc.line:
                first = rc.line
        if blank:
            names = "、".join(column_label(read.table, c) for c in blank)
            read.findings.append(finding(
                "F-06", Severity.warning, f"{len(blank)} 个单元格空白（{names}）；空白不等于 0",
                f"{len(blank)} blank cell(s): {', '.join(blank)}; a blank is not 0",
                line=_cells_line(cols, blank, first), table=read.table, row=row,
                column=blank[0] if len(blank) == 1 else None))
        if na:
            names = "、".join(column_label(read.table, c) for c in na)
            read.findings.append(finding(
                "F-06", Severity.info, f"{len(na)} 个单元格填写“不适用”符号（{names}）",
                f"{len(na)} cell(s) marked not applicable: {', '.join(na)}",
                line=_cells_line(cols, na, first), table=read.table, row=row,
                column=na[0] if len(na) == 1 else None))


def _cells_line(cols: dict[str, ReadCell], named: list[str], first: int | None) -> int | None:
    """Point at the first cell a finding names (a Word export gives each cell its own line)."""
    return cols[named[0]].line or first


# Table 4 ---------------------------------------------------------------------------------------------


def match_t4(text: str) -> str | None:
    """Return the table-4 group a label names, when a report prints one group per row."""
    body = strip_numbering(text)
    if "复议后起诉" in body:
        return "litigation_after_review"
    if "直接起诉" in body:
        return "litigation_direct"
    if body in ("行政复议", "行政复议情况"):
        return "review"
    return None


def _read_t4_in_sequence(read: TableRead, rows: list[Row]) -> bool:
    """Read table 4 from its 15 figures in printed order, when plain `pdftotext` printed them one per line and
    a group's label beside one of them (the others are the labels' own line breaks away).

    Taken only when every figure printed beside a group's label is that group's first, every group's total is
    the sum of its four results, and every figure is a whole number; else the usual reading stands."""
    if any(r.layout != "space" for r in rows):
        return False
    order = [g.key for g in T4_GROUPS]
    figures: list[CellText] = []
    for row in rows:
        label, values = row.split()
        filled = nonempty(values)
        key = match_t4(squash("".join(c.text for c in label))) if label and filled else None
        if key is not None and len(figures) != 5 * order.index(key):
            return False
        figures += filled
    if len(figures) != 15 or any(c.glued for c in figures):
        return False
    values = [read_value(c.text) for c in figures]
    if any(v.state != "number" or not isinstance(v.value, int) or v.value < 0 or v.signed for v in values):
        return False
    numbers = [v.value for v in values]
    if any(numbers[g * 5 + 4] != sum(numbers[g * 5:g * 5 + 4]) for g in range(3)):  # type: ignore[misc]
        return False
    read.found = True
    for g, key in enumerate(order):
        read.cells[key] = {col: read_cell(figures[g * 5 + j], "count")[0] for j, col in enumerate(T4_COLUMN_KEYS)}
    read.findings.append(finding(
        "L-03", Severity.info, "行标题与数字错位，按模板顺序读取 15 个数字；每组总计与其各项之和相符，印证了这一读法",
        "group labels stand apart from their figures; 15 figures read in template order, every group's total "
        "confirming it", line=figures[0].line, table="t4"))
    return True


def read_t4(lines: list[Line]) -> TableRead:
    """Read table 4 (行政复议、行政诉讼情况): one row of 15 figures, or one row per group."""
    read = TableRead("t4")
    rows = build_rows(lines)
    columns = T4_COLUMN_KEYS
    labelled, bare, used = collect_rows(rows, match_t4, (), T4_HEADER_WORDS)
    groups = {r.key: r for r in labelled if len(r.filled) <= 5 or r.layout in TRUSTED_LAYOUTS}
    value_rows = [r for r in bare if nonempty(r.cells)]
    if len(groups) == 3 and all(g.filled for g in groups.values()):
        read.found = True
        read.lines |= used
        order = [g.key for g in T4_GROUPS]
        _read_grid(read, groups, order, {k: columns for k in order}, lambda rows: t4_equations(set(rows)),
                   kinds=lambda c: "count")
        return read
    if any(nonempty(r.values) for r in labelled) and _read_t4_in_sequence(read, rows):
        read.lines |= {n for r in rows for n in r.consumed}
        return read
    # One group per row with one group's row missing, and no row of figures without a label that could be
    # it: the groups printed are read, and the missing one is named.
    if len(groups) == 2 and not value_rows and all(nonempty(g.values) for g in groups.values()):
        read.found = True
        read.lines |= used
        order = [g.key for g in T4_GROUPS if g.key in groups]
        _read_grid(read, groups, order, {k: columns for k in order}, lambda rows: t4_equations(set(rows)),
                   kinds=lambda c: "count")
        for group in T4_GROUPS:
            if group.key not in groups:
                read.findings.append(finding(
                    "F-06", Severity.warning, f"表中没有这一行（{group.label}）", f"row not found in the table ({group.key})",
                    line=read.first_line(), table="t4", row=group.key, expected=group.label))
        return read
    if not value_rows:
        return read
    read.found = True
    read.lines |= {n for r in value_rows for n in r.consumed} | used
    # The standard form: one data row of 15 cells, three groups of five.
    cells: list[CellText] = []
    layout = value_rows[0].layout
    line = value_rows[0].line
    if len(value_rows) == 1:
        cells = value_rows[0].cells
    else:
        cells = [c for r in value_rows for c in r.cells]
        layout = "tab" if layout not in TRUSTED_LAYOUTS else layout
    single = RawRow("all", cells, layout, line, "")
    order = [g.key for g in T4_GROUPS]
    flat_cols = tuple(f"{g}.{c}" for g in order for c in columns)
    eqs = [Equation("F-04", "t4", ((("all", f"{g}.total"),)),
                    tuple(("all", f"{g}.{c}") for c in ("upheld", "corrected", "other", "pending")), row=g)
           for g in order]
    if is_glued(single, 15):
        scratch = TableRead("t4", cells={"all": {c: ReadCell("unread", None, "", line) for c in flat_cols}})
        decode_glued(scratch, {"all": single}, {"all": flat_cols}, lambda c: "count", eqs)
        for key in order:
            read.cells[key] = {c: scratch.cells["all"][f"{key}.{c}"] for c in columns}
        read.findings.extend(f.model_copy(update={"row": None}) for f in scratch.findings)
        return read
    p = place_row(single, 15)
    if p.how == "tentative":
        p = Placement(p.cells, "positional")
    by_key: dict[str, RawRow] = {}
    if p.cells is not None:
        for n, key in enumerate(order):
            chunk = p.cells[n * 5:(n + 1) * 5]
            by_key[key] = RawRow(key, [c if c is not None else CellText("", line) for c in chunk], "html", line, "")
        _read_grid(read, by_key, order, {k: columns for k in order}, None, kinds=lambda c: "count")
        return read
    # Lost cells: the 15 figures' columns are unknown; try the arithmetic on the row as a whole.
    filled = nonempty(cells)
    values = [read_value(c.text) for c in filled]
    if all(v.state == "number" and isinstance(v.value, int) and v.value >= 0 for v in values) and len(filled) < 15:
        solved = infer_rows({"all": [v.value for v in values]}, {"all": flat_cols}, {}, eqs)  # type: ignore
        if "all" in solved:
            for key in order:
                read.cells[key] = {c: ReadCell("inferred", solved["all"][f"{key}.{c}"], "", line) for c in columns}
            read.findings.append(finding(
                "L-02", Severity.warning,
                f"本表印出 {len(filled)} 个数字、应有 15 个；按本表勾稽关系只有一种可能，已推算填入并标为“推算”",
                f"table printed {len(filled)} of 15 figures; the arithmetic allows one reading only, filled in "
                "and marked inferred", line=line, table="t4", found=" ".join(c.text.strip() for c in filled)))
            return read
    for key in order:
        read.cells[key] = {c: ReadCell("unread", None, "", line) for c in columns}
    read.findings.append(finding(
        "L-01", Severity.warning,
        f"本表印出 {len(filled)} 个数字、应有 15 个，无法确定各数字所在的列，未读取",
        f"table printed {len(filled)} of 15 figures and their columns cannot be told; left unread",
        line=line, table="t4", expected="15 figures", found=" ".join(c.text.strip() for c in filled)))
    return read


# Table 2 ---------------------------------------------------------------------------------------------


def match_t2(text: str) -> str | None:
    """Return the table-2 row key a squashed label names."""
    body = strip_numbering(text)
    if "第二十条" in body or body.startswith("信息内容"):
        return None
    rules = (
        ("规范性文件", "normative_documents"),
        ("规章", "regulations"),
        ("对外管理服务", "other_services"),
        ("行政许可", "licensing"),
        ("行政处罚", "punishment"),
        ("行政强制", "coercion"),
        ("事业性收费", "fees"),
        ("集中采购", "procurement"),
    )
    for word, key in rules:
        if word in body and len(body) <= len(word) + 8:
            return key
    return None


def read_t2(lines: list[Line], year: int | None) -> TableRead:
    """Read table 2 (主动公开政府信息情况); its header words tell the 2019 form from the 2021 form."""
    read = TableRead("t2")
    rows = build_rows(lines)
    text = "".join(squash(c.text) for r in rows for c in r.cells)
    votes = {v: sum(m in text for m in markers) for v, markers in T2_VERSION_MARKERS.items()}
    raw_rows, _bare, used = collect_rows(rows, match_t2)
    if not raw_rows:
        return read
    read.found = True
    read.lines |= used
    keys = {r.key for r in raw_rows}
    if votes["2019"] > votes["2021"] or not any(votes.values()) and (keys & {"other_services", "procurement"} or (
            year is not None and year < 2021)):
        read.version = "2019"
    else:
        read.version = "2021"
    catalogue = {r.key: r for r in T2_ROWS[read.version]}
    by_key: dict[str, RawRow] = {}
    for raw in raw_rows:
        if raw.key in catalogue and raw.key not in by_key:
            by_key[raw.key] = raw
            read.row_labels[raw.key] = raw.label
        elif raw.key not in catalogue:
            read.findings.append(finding(
                "F-07", Severity.warning, f"“{raw.label}”不属于{read.version}年版表格，未读取",
                f"row {raw.label!r} is not part of the {read.version} form; not read", line=raw.line, table="t2"))
    order = [k for k in catalogue if k in by_key]
    _read_grid(read, by_key, order, {k: catalogue[k].columns for k in order}, None,
               kinds=lambda c: T2_COLUMNS[c].kind)
    for key in catalogue:
        if key not in by_key:
            read.findings.append(finding(
                "F-06", Severity.warning, "表中没有这一行", "row not found in the table",
                line=read.first_line(), table="t2", row=key))
    return read
