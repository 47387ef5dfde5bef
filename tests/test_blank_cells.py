"""Blank cells as text browsers and converters keep them, on pages whose table cells hold paragraphs.

Many government pages are Word documents pasted into the site's editor: every table cell holds a <p>, and
a cell the report leaves empty holds a no-break space. Read back, LibreOffice's text export prints a cell
per line, an empty one as a line holding that no-break space; `lynx -dump` prints every cell as a paragraph
followed by an empty line, an empty one as one more empty line. Each form keeps the blank in its column,
so every cell must come out exact. The pages are synthetic reports that print most of their zeros blank
(as the 2019 report of 上海市人民政府办公厅 does), written as Word's "save as web page" and run through the
real tools.
"""

from __future__ import annotations

import random
import re
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from build_tools import synth, synth_page
from build_tools.parse.lines import Line
from build_tools.parse.stacked import is_spaced

LAYOUTS = ("lynx", "libreoffice-txt")


def _blank_zeros(report: synth.SynthReport, rng: random.Random, share: float) -> synth.SynthReport:
    """Print about `share` of the zeros of tables 3 and 4 as empty cells."""
    figures = synth.figures(report)
    marks = {(t, row, col): "" for t in ("t3", "t4") for row, cols in figures[t].items()
             for col, value in cols.items() if value == 0 and rng.random() < share}
    return replace(report, marks=marks)


def _reports() -> list[synth.SynthReport]:
    rng = random.Random(20261213)
    out = []
    for version, year, level in (("2019", 2019, "department"), ("2021", 2022, "county"), ("2021", 2023, "township")):
        report = synth.random_report(rng, version=version, level=level, year=year, noise=synth.Noise())
        out.append(_blank_zeros(report, rng, 0.6))
    return out


REPORTS = _reports()


@pytest.fixture(scope="module")
def texts(convert_pages) -> dict[tuple[str, int], str]:
    converted = convert_pages({f"report-{i}": synth_page.render_word_html(r) for i, r in enumerate(REPORTS)}, LAYOUTS)
    return {(layout, i): converted[f"report-{i}", layout] for layout in LAYOUTS for i in range(len(REPORTS))}


def test_the_reports_print_many_blank_cells():
    assert all(len(r.marks) >= 40 for r in REPORTS)
    assert all(any(v for cols in r.t3.values() for v in cols.values()) for r in REPORTS), "no figure at all"


def test_the_tools_keep_the_blank_cells_as_described(texts):
    for i in range(len(REPORTS)):
        assert "\n\xa0\n" in texts["libreoffice-txt", i]
        lynx = [Line(no, text) for no, text in enumerate(texts["lynx", i].split("\n"), start=1)]
        assert is_spaced(lynx)
        assert "\n\n\n" in texts["lynx", i]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_cell_is_read_exactly(texts, layout):
    for i, report in enumerate(REPORTS):
        case = synth_page.read_case(layout, i, texts[layout, i], report)
        assert case.refused is None
        assert case.score.wrong == [] and case.score.lost == []
        assert case.score.exact == case.score.total, f"report-{i}: {case.score.exact} of {case.score.total} exact"
        assert case.organ_ok and case.year_ok


def test_blank_cells_are_blank_not_zero(texts):
    report = REPORTS[0]
    case = synth_page.read_case("libreoffice-txt", 0, texts["libreoffice-txt", 0], report)
    assert case.report is not None
    cells = case.report.cells.applications or {}
    blanks = [(row, col) for (t, row, col) in report.marks if t == "t3"]
    assert blanks
    assert all(cells[row][col].state.value == "blank" for row, col in blanks)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(layout=st.sampled_from(LAYOUTS), index=st.integers(0, len(REPORTS) - 1), at=st.floats(0, 1),
       change=st.sampled_from(("drop", "empty", "nbsp")))
def test_an_empty_line_more_or_less_never_makes_a_wrong_cell(texts, layout, index, at, change):
    # An empty line lost or added (another version of the tool, a page edited by hand): the row it falls in
    # no longer has as many cells as its neighbours, so its cells are read exactly, or left unread with a
    # finding; never another figure, never a blank in another column.
    lines = texts[layout, index].split("\n")
    start = next(k for k, line in enumerate(lines) if "第二十条" in line)
    if change == "drop":
        empty = [k for k in range(start, len(lines)) if not lines[k].strip()]
        del lines[empty[int(at * (len(empty) - 1))]]
    else:
        lines.insert(start + int(at * (len(lines) - start - 1)), "" if change == "empty" else "\xa0")
    case = synth_page.read_case(layout, index, "\n".join(lines), REPORTS[index])
    assert case.refused is None
    assert case.score.wrong == []
    assert case.score.lost == []


# Table 4 printed one group per row, one group's row left out ------------------------------------------

T4_LABELS = {"review": "行政复议\t", "litigation_direct": "未经复议直接起诉", "litigation_after_review": "复议后起诉"}


def _without_group(text: str, layout: str, group: str) -> str:
    """The report's text with the row of one table-4 group taken out."""
    label = T4_LABELS[group]
    if layout == "html":
        rows = text.split("<tr>")
        named = re.compile(rf"^<td[^>]*>(?:<[^>]+>)*[^<>]*{label.strip()}")  # the row's first cell
        kept = [r for r in rows if not named.match(r)]
        assert len(kept) == len(rows) - 1
        return "<tr>".join(kept)
    lines = text.split("\n")
    word = label.strip("\t")
    hits = [k for k, line in enumerate(lines) if word in line and any(ch.isdigit() for ch in line)
            and (group != "review" or line.lstrip("| ").startswith("行政复议"))]
    assert len(hits) == 1, (layout, group, hits)
    del lines[hits[0]]
    return "\n".join(lines)


@pytest.mark.parametrize("layout", ("tab", "space", "fixed", "pipe", "markdown", "html"))
@pytest.mark.parametrize("group", tuple(T4_LABELS))
def test_table_4_with_one_group_missing_reads_the_others_and_names_it(layout, group):
    from build_tools.parse import parse_report
    from build_tools.sources import source_from_text

    rng = random.Random(20261214)
    report = synth.random_report(rng, version="2021", year=2022, noise=synth.Noise(t4_by_group=True))
    figures = {row: {col: rng.randint(0, 9) for col in ("upheld", "corrected", "other", "pending")}
               for row in T4_LABELS}
    for cols in figures.values():
        cols["total"] = sum(cols.values())
    report = replace(report, t4=figures)
    text = _without_group(synth.write(report, layout), layout, group)
    parsed = parse_report(source_from_text(f"report.{'html' if layout == 'html' else 'txt'}", text))
    values = parsed.table_values("review_litigation")
    assert group not in values
    assert {row: values[row] for row in T4_LABELS if row != group} == {
        row: cols for row, cols in figures.items() if row != group}
    missing = [f for f in parsed.findings if f.table == "t4" and f.row == group]
    assert [f.id for f in missing] == ["F-06"]
    assert not any(f.id == "F-08" and f.table == "t4" for f in parsed.findings)
