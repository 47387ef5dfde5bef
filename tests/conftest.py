from __future__ import annotations

from pathlib import Path

import os

import pytest
from hypothesis import settings

# CI runs the same examples every time (a failure there is reproducible); local runs explore new ones.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = Path(__file__).parent / "golden"
SEEDS = sorted((FIXTURES / "seeds").glob("*.txt"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ from the current output")


@pytest.fixture
def golden(request: pytest.FixtureRequest):
    """Compare text with a golden file; `pytest --update-golden` rewrites it (review the diff)."""
    update = request.config.getoption("--update-golden")

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
            return
        assert path.exists(), f"missing golden file {path}; run pytest --update-golden and review it"
        assert text == path.read_text(encoding="utf-8"), f"output differs from {path}"

    return check


def draw_changed_cell(data, generated):
    """Draw a cell of table 3 or 4 and a value other than its own: (table, row, column, new value)."""
    from hypothesis import strategies as st

    from build_tools import synth

    table = data.draw(st.sampled_from(("t3", "t4")), label="table")
    figures = synth.cells(generated)[table]
    row = data.draw(st.sampled_from(sorted(figures)), label="row")
    column = data.draw(st.sampled_from(sorted(figures[row])), label="column")
    old = int(figures[row][column])
    new = data.draw(st.integers(0, max(old * 2, 20)).filter(lambda v: v != old), label="new value")
    return table, row, column, new
