"""Tables printed one cell per line with pipes, as converters give cells that hold paragraphs."""

from __future__ import annotations

import dataclasses
import random

import pytest

from build_tools import synth, synth_page
from build_tools.parse import parse_report
from build_tools.sources import source_from_text
from build_tools.text import is_value_like


def pipe_stream(text: str, style: str) -> str:
    """Print every pipe row one cell per line: "cell |" and "|" for an empty cell (`trailing`), or each cell
    alone with a "|" line after it (`separate`)."""
    out: list[str] = []
    for line in text.splitlines():
        row = line.strip()
        if row.startswith("|") and row.endswith("|") and row.count("|") >= 2:
            if set(row) <= set("|-: "):
                continue  # a Markdown rule
            cells = [c.strip() for c in row[1:-1].split("|")]
            last_label = max((i for i, c in enumerate(cells) if c and not is_value_like(c)), default=-1)
            # As the converters print merged cells: a merged label once, its width as empty cells at the row's end.
            padding = sum(1 for c in cells[: last_label + 1] if not c)
            cells = [c for c in cells[: last_label + 1] if c] + cells[last_label + 1:] + [""] * padding
            for cell in cells:
                if style == "trailing":
                    out.append(f"{cell} |" if cell else "|")
                else:
                    out.extend([cell, "|"] if cell else ["|"])
        else:
            out.append(line)
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("style", ["trailing", "separate"])
@pytest.mark.parametrize("seed", range(8))
def test_pipe_stream_reads_every_figure_or_leaves_it_unread(style, seed):
    rng = random.Random(seed)
    version = ("2021", "2019")[seed % 2]
    level = ("township", "county", "department", "street")[seed % 4]
    generated = synth.random_report(rng, version=version, level=level, clean=seed % 3 != 0)
    generated = synth.with_marks(generated, rng, 4)  # blank and marked cells among the figures
    text = pipe_stream(synth.write(generated, "pipe"), style)
    assert not any(line.count("|") > 1 and line.strip("|") for line in text.splitlines())
    report = parse_report(source_from_text(f"stream-{style}.txt", text))
    score = synth_page.score(report, generated)
    # A blank that table 4's sums fill in is marked inferred with an L-02 finding on the table: not wrong.
    true = synth.figures(generated)["t4"]
    inferred = {f"t4.{row}.{col}" for row, cols in report.cells.review_litigation.items()
                for col, cell in cols.items() if cell.state.value == "inferred"
                and report.table_values("review_litigation")[row][col] == true[row][col]}
    assert any(f.id == "L-02" for f in report.findings) or not inferred
    assert [w for w in score.wrong if w.split(":")[0] not in inferred] == [] and score.lost == []
    assert score.exact >= 0.95 * score.total, (score.exact, score.total)
    assert (report.organ, report.year) == (generated.organ, generated.year)


def test_a_stream_row_of_empty_cells_is_never_shifted():
    """A row printing only its total after six empty cells: its empty cells may be padding as well as blank
    figures, so the row is read in place or left unread, never shifted."""
    generated = synth.random_report(random.Random(5), version="2021", level="township", clean=True)
    row = generated.t3["new_received"]
    generated = dataclasses.replace(generated, marks={("t3", "new_received", col): "" for col in row if col != "total"})
    report = parse_report(source_from_text("stream.txt", pipe_stream(synth.write(generated, "pipe"), "trailing")))
    cells = report.cells.applications["new_received"]
    assert {cells[col].state.value for col in row if col != "total"} <= {"blank", "unread"}
    assert cells["total"].state.value == "unread" or \
        report.table_values("applications")["new_received"]["total"] == row["total"]
