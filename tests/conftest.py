from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from hypothesis import settings

from build_tools import synth_page

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


@pytest.fixture(scope="session")
def convert_pages(tmp_path_factory: pytest.TempPathFactory
                  ) -> Callable[[Mapping[str, str], tuple[str, ...]], dict[tuple[str, str], str]]:
    """Run pages (name → HTML) through the real text tools: synth_page.convert_pages, each call in a folder
    of its own. Skips the test when a tool is missing."""
    missing = synth_page.missing_tools()
    if missing:
        pytest.skip(f"layout tools not installed: {', '.join(missing)} (run `make layout-tools`)")

    def run(pages: Mapping[str, str], layouts: tuple[str, ...]) -> dict[tuple[str, str], str]:
        return synth_page.convert_pages(pages, layouts, tmp_path_factory.mktemp("pages"))

    return run
