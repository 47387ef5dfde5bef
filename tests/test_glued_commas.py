"""Glued runs holding figures printed with thousands commas ("…申请36,02300036,023").

A comma in a glued run is read as a thousands separator only where it groups thousands: one to three
digits before it, exactly three after. A cut at the comma stays a reading as well (the comma between two
figures), so a run the comma does not settle stays ambiguous, and unread unless the sums tell.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from build_tools import synth_page
from build_tools.parse.decode import RowSum, split_row, tokens_of

T3_ROW = ("count",) * 7
T3_SUM = (RowSum(6, (0, 1, 2, 3, 4, 5)),)


def test_a_comma_groups_thousands_only():
    readings = split_row(tokens_of("036,023000036,023"), T3_ROW, T3_SUM)
    assert (0, 36023, 0, 0, 0, 0, 36023) in readings
    assert all(sum(r[:6]) == r[6] for r in readings)
    assert sorted(split_row(tokens_of("1,2345"), ("count",) * 2, ())) == [(1, 2345), (1234, 5)]  # both kept
    assert split_row(tokens_of("12,34"), ("count",) * 2, ()) == [(12, 34)]  # no group of three: a cut only
    assert split_row(tokens_of("1,234"), ("count",), ()) == [(1234,)]


def test_a_cut_at_the_comma_stays_a_reading():
    assert sorted(split_row(tokens_of("1,234"), ("count",) * 2, ())) == [(1, 234)]
    assert sorted(split_row(tokens_of("1,234"), ("count",) * 3, ())) == [(1, 2, 34), (1, 23, 4)]


@st.composite
def glued_rows(draw):
    parts = draw(st.lists(st.one_of(st.just(0), st.integers(0, 99), st.integers(0, 99999)), min_size=6, max_size=6))
    reading = (*parts, sum(parts))
    commas = draw(st.lists(st.booleans(), min_size=7, max_size=7))
    run = "".join(f"{v:,}" if comma else str(v) for v, comma in zip(reading, commas))
    return run, reading


@settings(max_examples=300, deadline=None)
@given(glued_rows())
def test_the_printed_reading_is_always_among_the_readings(row):
    # A decoded row takes its only reading: with the printed one always among them, a row is decoded to
    # what was printed or left unread, never to another figure.
    run, reading = row
    try:
        readings = split_row(tokens_of(run), T3_ROW, T3_SUM)
    except Exception as error:  # the search passed its bound: the row is left unread
        assert type(error).__name__ == "TooAmbiguous"
        return
    assert reading in readings


def test_a_one_line_page_with_thousands_commas_reads_those_rows():
    reports = synth_page.matrix_reports()
    index = next(i for i, r in enumerate(reports) if any(v >= 1000 for cols in r.t3.values() for v in cols.values()))
    case = synth_page.read_case("flat-glued", index, synth_page.direct(reports[index], "flat-glued"), reports[index])
    assert case.score.wrong == [] and case.score.lost == []
    text = case.text
    assert any(f"{v:,}" in text for cols in reports[index].t3.values() for v in cols.values() if v >= 1000)
    cells = case.report.cells.applications or {}
    values = case.report.table_values("applications")
    big = [(row, col) for row, cols in reports[index].t3.items() for col, v in cols.items() if v >= 1000
           and row != "new_received"]  # new_received prints a total that contradicts its row
    assert big
    assert all(cells[row][col].state.value == "decoded" and values[row][col] == reports[index].t3[row][col]
               for row, col in big)
