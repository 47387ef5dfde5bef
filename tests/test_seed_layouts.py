"""The real seed reports, put on a web page and read back through the real text browsers and converters.

Three seeds are Word exports: a table's row is a run of tab-led cell lines, rows apart by an empty line.
Each becomes an HTML page (paragraphs and tables, cell by cell as Word printed them) that goes through the
same tools as the layout matrix. Every cell must come out as the seed's own reading (its golden file) or
unread with a finding that names its row; never another figure. Organ and year must not change. The two
other seeds are PDF text, whose tab-separated cells do not stand at their grid positions (a blank leaves
no tab of its own): made into a table, they would print a grid the report never printed.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import pytest
from conftest import SEEDS

from build_tools import synth_page
from build_tools.model import Report
from build_tools.parse import parse_report
from build_tools.sources import load_source, source_from_text

WORD_SEEDS = [seed for seed in SEEDS if load_source(seed).text.count("\n\t") > 100]

FIELDS = ("active_disclosure", "applications", "review_litigation")
VALUED = ("number", "inferred", "decoded")
FLAGGED = ("unread", "unreadable")
READING = ("L-01", "L-02", "L-05", "F-06", "F-08")
# Layouts that do not read every seed cell exactly yet, with the share of cells they read exactly today
# (the rest is unread, each with a finding). Plain pdftotext prints a table's cells in blocks out of
# order, and rows whose label wraps in a PDF still lose their figures.
MIN_EXACT = {"pdftotext": 0.02, "pdftotext-layout": 0.95, "pdfplumber": 0.95, "pypdfium2": 0.98}


def seed_page(text: str) -> str:
    """Put a seed's text on an HTML page: its paragraphs as <p>, its tables as <table> row by row.

    A Word export prints a row as a run of tab-led cell lines, rows apart by an empty line; a PDF export
    prints a row on one line, its cells apart by tabs.
    """
    body: list[str] = []
    rows: list[list[str]] = []
    row: list[str] = []

    def end_row() -> None:
        nonlocal row
        if row:
            rows.append(row)
        row = []

    def end_table() -> None:
        end_row()
        if rows:
            body.append("<table border=\"1\">")
            body.extend("<tr>" + "".join(f"<td>{escape(c).replace(chr(10), '<br>')}</td>" for c in r) + "</tr>"
                        for r in rows)
            body.append("</table>")
            rows.clear()

    lines = text.split("\n")
    for n, line in enumerate(lines):
        if "\t" in line[1:]:  # a row on one line, its cells apart by tabs (a PDF export)
            end_row()
            rows.append(line.split("\t"))
        elif line.startswith("\t"):
            row.append(line[1:])
        elif not line.strip():
            following = next((x for x in lines[n + 1:] if x.strip()), "")
            if following.startswith("\t"):
                end_row()
            else:
                end_table()
        elif row:
            row[-1] += "\n" + line  # a cell's text over several lines
        else:
            end_table()
            body.append(f"<p>{escape(line)}</p>")
    end_table()
    # LibreOffice's import of a web page leaves its first paragraph out of a PDF export: the site's
    # navigation stands there, as on a real page.
    return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>政府信息公开工作年度报告</title></head>"
            "<body>\n<div>首页 政务公开 政府信息公开年报</div>\n" + "\n".join(body) + "\n</body></html>\n")


def _readings(report: Report) -> dict[tuple[str, str, str], tuple[object, str]]:
    out = {}
    for name in FIELDS:
        values = report.table_values(name) or {}
        for row, cols in (getattr(report.cells, name) or {}).items():
            for col, cell in cols.items():
                out[name, row, col] = (values.get(row, {}).get(col), cell.state.value)
    return out


def compare(report: Report, reference: Report) -> tuple[int, int, list[str]]:
    """Return (exact cells, all cells, cells read as another value or lost without a finding)."""
    got, want = _readings(report), _readings(reference)
    named = {(f.table, f.row) for f in report.findings if f.id in READING}
    tables = {"active_disclosure": "t2", "applications": "t3", "review_litigation": "t4"}
    exact, bad = 0, []
    for key, (value, state) in want.items():
        read_value, read_state = got.get(key, (None, "missing"))
        if (read_value, read_state) == (value, state) or (
                read_state in VALUED and state in VALUED and read_value == value):
            exact += 1
        elif read_state in (*FLAGGED, "inferred", "missing"):
            table = tables[key[0]]
            if (table, key[1]) not in named and (table, None) not in named:
                bad.append(f"{key}: {read_state} without a finding, expected {value!r} ({state})")
            elif read_state == "inferred" and state in VALUED and read_value != value:
                bad.append(f"{key}: inferred {read_value!r}, expected {value!r}")
        else:
            bad.append(f"{key}: read {read_value!r} ({read_state}), expected {value!r} ({state})")
    return exact, len(want), bad


@pytest.fixture(scope="module")
def seed_texts(convert_pages) -> dict[tuple[str, str], str]:
    pages = {seed.stem: seed_page(load_source(seed).text) for seed in WORD_SEEDS}
    texts = convert_pages(pages, synth_page.TOOL_LAYOUTS)
    texts.update({(name, "page-html"): page for name, page in pages.items()})
    return texts


@pytest.mark.parametrize("layout", ("page-html", *synth_page.TOOL_LAYOUTS))
def test_seed_through_the_tools_is_exact_or_flagged(seed_texts, layout):
    exact = total = 0
    bad: list[str] = []
    for seed in WORD_SEEDS:
        reference = parse_report(load_source(seed))
        name = f"{seed.stem}.{'html' if 'html' in layout else 'txt'}"
        report = parse_report(source_from_text(name, seed_texts[seed.stem, layout]))
        assert (report.organ, report.year) == (reference.organ, reference.year), seed.stem
        done, cells, wrong = compare(report, reference)
        exact, total, bad = exact + done, total + cells, bad + [f"{seed.stem}: {w}" for w in wrong]
    assert bad == []
    assert exact >= MIN_EXACT.get(layout, 1.0) * total, f"{exact} of {total} cells exact"


def test_seed_page_keeps_the_word_tables():
    assert len(WORD_SEEDS) == 3
    text = Path(WORD_SEEDS[1]).read_text(encoding="utf-8")
    page = seed_page(text)
    assert page.count("<table") >= 3
    assert "<td>规章</td><td>0</td><td>0</td><td>0</td>" in page
