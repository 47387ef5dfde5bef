"""Property tests: generated reports read back exactly in every layout, and no input makes the parser crash."""

from __future__ import annotations

import random

from conftest import SEEDS, draw_changed_cell
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from build_tools import synth
from build_tools.model import Report
from build_tools.parse import ParseError, parse_report
from build_tools.sources import SourceError, source_from_bytes, source_from_text
from build_tools.text import read_value, squash

TABLE_FIELD = {"t2": "active_disclosure", "t3": "applications", "t4": "review_litigation"}
SUM_CHECKS = ("F-01", "F-02", "F-03", "F-04")
SEED_TEXTS = [p.read_text(encoding="utf-8") for p in SEEDS]

reports = st.builds(
    lambda seed, version, level: synth.random_report(random.Random(seed), version=version, level=level),
    st.integers(0, 2**32 - 1), st.sampled_from(("2021", "2019")), st.sampled_from(synth.LEVELS))
layouts = st.sampled_from(synth.LAYOUTS)


def parse(text: str, name: str = "report.txt") -> Report:
    return parse_report(source_from_text(name, text))


def read_back(report: Report) -> dict[str, dict[str, dict[str, object]]]:
    """Return what the parser read: table → row → column → (value, state)."""
    out: dict[str, dict[str, dict[str, object]]] = {}
    for table, field in TABLE_FIELD.items():
        values = report.table_values(field)
        cells = getattr(report.cells, field)
        out[table] = {row: {col: (value, cells[row][col].state.value) for col, value in cols.items()}
                      for row, cols in values.items()}
    return out


def expected(report: synth.SynthReport) -> dict[str, dict[str, dict[str, object]]]:
    return {table: {row: {col: (value, "number") for col, value in cols.items()} for row, cols in rows.items()}
            for table, rows in synth.cells(report).items()}


@settings(max_examples=400, deadline=None)
@given(reports, layouts)
def test_generated_report_reads_back_exactly(generated, layout):
    parsed = parse(synth.write(generated, layout))
    assert read_back(parsed) == expected(generated)
    assert parsed.format_version == generated.version
    assert parsed.year == generated.year
    assert parsed.organ == generated.organ
    assert [f for f in parsed.findings if f.id in SUM_CHECKS] == []


@settings(max_examples=250, deadline=None)
@given(reports, layouts, st.data())
def test_changed_cell_is_named_by_a_finding(generated, layout, data):
    table, row, column, new = draw_changed_cell(data, generated)
    parsed = parse(synth.write(synth.with_cell(generated, table, row, column, new), layout))
    assert read_back(parsed)[table][row][column] == (new, "number")
    sums = [f for f in parsed.findings if f.id in SUM_CHECKS]
    assert sums, "a broken sum went unreported"
    assert all(f.table == table for f in sums)
    assert any(f.row == row or f.column == column for f in sums), [(f.id, f.row, f.column) for f in sums]


def assert_located(report: Report) -> None:
    """Every finding that points at a cell or row also gives the line to look at."""
    for f in report.findings:
        if f.table is not None and (f.row is not None or f.column is not None):
            assert f.line is not None, f"{f.id} {f.table}.{f.row}.{f.column} has no line"


def parse_or_reject(text: str) -> None:
    try:
        report = parse(text)
    except ParseError:
        return
    assert_located(report)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_arbitrary_text_never_crashes(text):
    parse_or_reject(text)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("一二三四五六七八九十、（）()1234567890.\t |\n<>/td总计其他行政复议不予公开"
                                             "本年新收上年结转办理结果处理总体情况申请"))))
def test_text_of_report_words_never_crashes(text):
    parse_or_reject(text)


@st.composite
def mutated_seed(draw: st.DrawFn) -> str:
    """A seed report with lines deleted, swapped or duplicated, then perhaps truncated."""
    lines = draw(st.sampled_from(SEED_TEXTS)).split("\n")
    for _ in range(draw(st.integers(1, 8))):
        if len(lines) < 2:
            break
        i = draw(st.integers(0, len(lines) - 1))
        j = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(("delete", "swap", "duplicate", "blank", "cut")))
        if action == "delete":
            del lines[i]
        elif action == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif action == "duplicate":
            lines.insert(j, lines[i])
        elif action == "blank":
            lines[i] = ""
        else:
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
    text = "\n".join(lines)
    if draw(st.booleans()):
        text = text[: draw(st.integers(0, len(text)))]
    return text


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_seed())
def test_mutated_seed_never_crashes(text):
    parse_or_reject(text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports, layouts, st.data())
def test_mutated_generated_report_never_crashes(generated, layout, data):
    lines = synth.write(generated, layout).split("\n")
    for _ in range(data.draw(st.integers(1, 6))):
        i = data.draw(st.integers(0, len(lines) - 1))
        if data.draw(st.booleans()):
            del lines[i]
        else:
            j = data.draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
    parse_or_reject("\n".join(lines))


HTML_PIECES = ("<", ">", "</table>", "<table>", "<tr>", "</td>", "<td rowspan=\"40\" colspan=\"30\">", "<br>",
               "<!--", "-->", "<script>", "&nbsp;", "&#", "\"", "<p>", "</tr></table></td>")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports, st.lists(st.tuples(st.floats(0, 1), st.integers(0, 400), st.sampled_from(HTML_PIECES)), max_size=8))
def test_damaged_html_never_crashes(generated, damage):
    page = synth.write(generated, "html")
    for where, cut, piece in damage:
        at = int(where * len(page))
        page = page[:at] + piece + page[at + cut:]
    parse_or_reject(page)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=3000), st.sampled_from(SEED_TEXTS), st.integers(0, 7000))
def test_random_bytes_in_a_seed_never_crash(noise, seed_text, at):
    data = seed_text.encode("utf-8")
    try:
        source = source_from_bytes("report.txt", data[:at] + noise + data[at:])
    except SourceError:
        return
    try:
        report = parse_report(source)
    except ParseError:
        return
    assert_located(report)


FULLWIDTH = str.maketrans("0123456789+-,.", "０１２３４５６７８９＋－，．")
cell_text = st.one_of(
    st.text(max_size=12),
    st.builds(lambda n, pad: f"{pad}{n}{pad}", st.integers(-10**7, 10**7), st.sampled_from(("", " ", "\u3000", "\xa0"))),
    st.builds(lambda n: f"{n:,}", st.integers(0, 10**9)),
    st.builds(lambda n, unit: f"{n}{unit}", st.floats(0, 1e6, allow_nan=False).map(lambda x: round(x, 2)),
              st.sampled_from(("", "元", "万元", "件"))),
    st.sampled_from(("", "/", "—", "——", "-", "无", "十二", "0件", "+1036", "251000元")),
)


@given(cell_text)
def test_reading_a_value_is_idempotent(raw):
    value = read_value(raw)
    assert squash(squash(raw)) == squash(raw)
    assert read_value(squash(raw)) == value
    if value.state == "number":
        printed = f"{value.value}{value.unit}"
        again = read_value(printed)
        assert (again.state, again.value, again.unit) == (value.state, value.value, value.unit)


@given(st.one_of(st.integers(-10**9, 10**9).map(str), st.integers(0, 10**9).map(lambda n: f"{n:,}"),
                 st.floats(0, 1e6, allow_nan=False).map(lambda x: f"{x:.2f}"), st.sampled_from(("+12", "-3"))))
def test_fullwidth_digits_read_like_ascii(text):
    assert read_value(text.translate(FULLWIDTH)) == read_value(text)


POSITIONAL = ("docx", "html", "pipe", "markdown")  # layouts that keep an empty cell in its column


@settings(max_examples=300, deadline=None)
@given(reports, layouts, st.integers(1, 12), st.integers(0, 2**32 - 1))
def test_blank_and_marked_cells_are_never_filled_or_shifted(generated, layout, count, seed):
    marked = synth.with_marks(generated, random.Random(seed), count)
    parsed = read_back(parse(synth.write(marked, layout)))
    truth = synth.figures(marked)
    for table in ("t3", "t4"):
        for row, cols in parsed[table].items():
            for col, (value, state) in cols.items():
                mark = marked.marks.get((table, row, col))
                if state == "number":
                    # A figure read from the page is the one printed in that very cell.
                    assert mark is None and value == truth[table][row][col], (table, row, col, value, mark)
                elif state == "inferred":
                    assert value == truth[table][row][col], (table, row, col, value)
                elif layout in POSITIONAL and mark is not None:
                    assert state == ("blank" if mark == "" else "not_applicable"), (table, row, col, state)
                if layout in POSITIONAL:
                    assert (mark is None) == (state == "number"), (table, row, col, state, mark)
