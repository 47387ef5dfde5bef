"""Hostile data files: what a maintainer's typo or a crafted report.yaml does to check and build.

Each case breaks one report's data file; `gongkai check` and `gongkai build` must name the file, the
line and what was expected, leave that report out (listed), build the other one, and never end in a
traceback or drop a correction silently.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import build_tools
from build_tools.archive import import_files
from build_tools.cli import main
from build_tools.downloads import csv_labels
from browser import driver, open_page, require_chromium, serve_site  # noqa: F401  (driver: a fixture)

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
CHANGLUO = SEEDS / "003_df809919c7a5e4a0.txt"
DONGGOU = SEEDS / "004_614567a681452a82.txt"


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """An archive of two reports; returns it and the data file of the one the cases break."""
    content = tmp_path_factory.mktemp("datafiles") / "content"
    outcomes = import_files([CHANGLUO, DONGGOU], content)
    assert all(o.directory is not None for o in outcomes)
    return content, outcomes[0].directory / "report.yaml"  # type: ignore[operator]


def _replace(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def _sub(text: str, pattern: str, new: str) -> str:
    changed, n = re.subn(pattern, new, text, count=1, flags=re.MULTILINE)
    assert n == 1, pattern
    return changed


BOMB = "\n".join(["a: &a [x, x, x, x, x, x, x, x, x]"] + [
    f"{chr(98 + n)}: &{chr(98 + n)} [" + ", ".join([f"*{chr(97 + n)}"] * 9) + "]" for n in range(8)])

# (case, how the file is broken, the line the error names as a marker in the broken file, what it says)
CASES = [
    ("date-that-does-not-exist", lambda t: _sub(t, r"^published: .*$", "published: 2024-02-30"),
     "published: 2024-02-30", "'2024-02-30' is not a date"),
    ("quoted-date-that-does-not-exist", lambda t: _sub(t, r"^published: .*$", "published: '2024-02-30'"),
     "published: '2024-02-30'", "expected a date like 2024-01-31"),
    ("duplicate-key", lambda t: _replace(t, "level: township\n", "level: township\nlevel: county\n"),
     "level: county", "'level' is given twice in one mapping"),
    ("duplicate-cell", lambda t: _sub(t, r"(  new_received: \{natural_person: \d+)", r"\1, natural_person: 5"),
     "  new_received: ", "'natural_person' is given twice"),
    ("unknown-top-key", lambda t: _replace(t, "sections:\n", "overveiw: 全年工作平稳\nsections:\n"),
     "overveiw:", "unknown key 'overveiw'"),
    ("unknown-region-key", lambda t: _sub(t, r"^  code: '(\d+)'", r"  cod: '\1'"), "  cod: ",
     "region: unknown key 'cod'; expected one of code, set_by, reason, candidates"),
    ("unknown-section", lambda t: _sub(t, r"^  overview: ", "  overveiw: "), "  overveiw: ",
     "sections: unknown key 'overveiw'"),
    ("unknown-row", lambda t: _replace(t, "  new_received: {", "  new_recieved: {"), "  new_recieved: ",
     "unknown key 'new_recieved'"),
    ("unknown-column", lambda t: _replace(t, "  new_received: {natural_person:", "  new_received: {natual_person:"),
     "  new_received: {natual_person", "unknown key 'natual_person'"),
    ("row-as-a-list", lambda t: _sub(t, r"^  new_received: \{.*\}$", "  new_received: [1, 2, 3, 4, 5, 6, 7]"),
     "  new_received: [1", "applications.new_received: expected a mapping of column: value, found a list"),
    ("table-as-a-list", lambda t: _sub(t, r"^review_litigation:\n(  .*\n)+", "review_litigation: [0, 0, 0]\n"),
     "review_litigation: [0", "review_litigation: expected a mapping of row: {column: value, …}, found a list"),
    ("candidates-not-a-list", lambda t: _sub(t, r"^  candidates:\n(  - .*\n)+", "  candidates: 5\n"),
     "  candidates: 5", "region.candidates: expected a list, found 5"),
    ("revisions-not-a-list", lambda t: _replace(t, "revisions: []", "revisions: 原件已更换"),
     "revisions: 原件已更换", "revisions: expected a list of {date, what, why}"),
    ("revision-not-a-mapping", lambda t: _replace(t, "revisions: []", "revisions:\n- 原件已更换"),
     "- 原件已更换", "revisions: entry 1: expected a mapping with the keys date, what, why"),
    ("imported-not-a-date", lambda t: _sub(t, r"^imported: .*$", "imported: 昨天"), "imported: 昨天",
     "imported: expected a date such as 2024-02-01, found '昨天'"),
    ("notes-as-a-list", lambda t: _replace(t, "notes: {}", "notes:\n- organ: 已核对"), "notes:",
     "notes: expected a mapping of path: reason, found a list"),
    ("note-for-a-path-that-does-not-exist",
     lambda t: _replace(t, "notes: {}", "notes:\n  applications.new_recieved.total: 据纸质版更正"),
     "  applications.new_recieved.total", "notes: 'applications.new_recieved.total' names no field"),
    ("note-with-a-bad-date",
     lambda t: _replace(t, "notes: {}", "notes:\n  organ: {reason: 已核对, date: 2024-13-01}"),
     "  organ: {reason", "'2024-13-01' is not a date"),
    ("section-the-original-lacks", lambda t: _replace(t, "sections:\n", "sections:\n  nonexistent_section: x\n"),
     "  nonexistent_section", "sections: unknown key 'nonexistent_section'"),
    ("alias-bomb", lambda t: t + BOMB + "\n", "a: &a", "anchors and aliases (&name, *name) are not allowed"),
    ("deep-flow-nesting", lambda t: t + "deep: " + "[" * 5000 + "]" * 5000 + "\n", "deep: [",
     "nested more than 16 levels deep"),
    ("deep-block-nesting", lambda t: t + "deep:\n" + "".join(" " * n + f"k{n}:\n" for n in range(1, 60)) + " " * 60
     + "v: 1\n", " " * 16 + "k16:", "nested more than 16 levels deep"),
    ("not-a-mapping", lambda t: "- organ\n- year\n", "- organ", "expected a mapping of report fields"),
    ("syntax-error", lambda t: _replace(t, "level: township", "level: township: county"), "level: township:",
     "not valid YAML"),
]


@pytest.mark.parametrize(("case", "breaks", "marker", "says"), CASES, ids=[c[0] for c in CASES])
def test_a_hostile_data_file_is_an_error_with_file_line_and_what_was_expected(
        archive: tuple[Path, Path], tmp_path: Path, case: str, breaks: object, marker: str, says: str) -> None:
    content, data_file = archive
    trial = tmp_path / "content"
    shutil.copytree(content, trial)
    broken = trial / data_file.relative_to(content)
    text = breaks(broken.read_text(encoding="utf-8"))  # type: ignore[operator]
    broken.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith(marker))
    result = CliRunner().invoke(main, ["check", "--content", str(trial)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1
    assert f"{broken}:{line}: " in result.stderr, result.stderr
    assert says in result.stderr, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    summary = next(line for line in result.stdout.splitlines() if line.startswith("checked "))
    assert summary.startswith("checked 1 reports:") and "1 invalid data files" in summary
    # The list of reports that need a look ends the output, the broken data file among them.
    assert f"  {broken}:{line}: invalid data file, left out of the site（数据文件无效，未发布）" in result.stdout


@pytest.mark.parametrize("case", ["date-that-does-not-exist", "unknown-region-key", "alias-bomb"])
def test_build_leaves_the_report_out_lists_it_and_builds_the_rest(
        archive: tuple[Path, Path], tmp_path: Path, case: str) -> None:
    content, data_file = archive
    _name, breaks, marker, says = next(c for c in CASES if c[0] == case)
    trial = tmp_path / "content"
    shutil.copytree(content, trial)
    broken = trial / data_file.relative_to(content)
    text = breaks(broken.read_text(encoding="utf-8"))  # type: ignore[operator]
    broken.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--content", str(trial), "--docs-dir", str(tmp_path / "docs"),
                                       "--markdown-only"])
    assert result.exit_code == 0, result.output
    assert f"left out: {broken}:" in result.stderr and says in result.stderr
    assert "built 1 reports" in result.stdout and "1 invalid data files left out" in result.stdout
    assert len(list((tmp_path / "docs" / "r").glob("*/2023/index.md"))) == 1


FORMULAS = ["=HYPERLINK(\"http://example.com\",\"点击\")", "+1+1", "-2+3", "@SUM(A1:A2)", "\tx"]


@pytest.mark.parametrize("organ", FORMULAS)
def test_an_organ_written_like_a_formula_stays_text_in_the_csv(
        archive: tuple[Path, Path], tmp_path: Path, organ: str) -> None:
    """A spreadsheet opening the CSV download never runs a text field as a formula (OWASP CSV injection)."""
    import csv
    import gzip
    import io

    content, data_file = archive
    trial = tmp_path / "content"
    shutil.copytree(content, trial)
    data = trial / data_file.relative_to(content)
    data.write_text(_sub(data.read_text(encoding="utf-8"), r"^organ: .*$", f"organ: {organ!r}".replace("'", '"')
                         if "\t" in organ else f"organ: '{organ}'"), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--content", str(trial), "--docs-dir", str(tmp_path / "docs"),
                                       "--markdown-only"])
    assert result.exit_code == 0, result.output
    text = gzip.decompress((tmp_path / "docs" / "data" / "gongkai.csv.gz").read_bytes()).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    organs = {row["organ"] for row in rows}
    assert "'" + organ in organs and organ not in organs
    assert all(not row[key].startswith(("=", "+", "-", "@", "\t")) for row in rows
               for key in ("organ", "row_label", "column_label"))


def test_the_browser_csv_keeps_formula_like_text_as_text(tmp_path: Path, driver: Any) -> None:
    """assets/csv.js, which makes a report's CSV in the browser, neutralises the same fields."""
    require_chromium()
    site = tmp_path / "site"
    site.mkdir()
    shutil.copyfile(Path(build_tools.__file__).parent / "assets" / "csv.js", site / "csv.js")
    (site / "index.html").write_text("<!doctype html><meta charset='utf-8'><script src='csv.js'></script>"
                                     "<article class='md-content__inner'></article>", encoding="utf-8")
    report = {"id": "360704203/2023", "organ": "=HYPERLINK(\"http://example.com\")", "year": 2023,
              "level": "township", "format_version": "2021", "published": None, "region": {"code": "360704203"},
              "active_disclosure": {}, "applications": {"new_received": {"total": 3}}, "review_litigation": {},
              "cells": {"applications": {"new_received": {"total": {"state": "number", "line": 5}}}}}
    url, server = serve_site(site)
    try:
        open_page(driver, url)
        made = driver.execute_script("return window.gongkaiReportCsv(arguments[0], arguments[1]);", report,
                                     json.loads(csv_labels()))
    finally:
        server.shutdown()
        server.server_close()
    row = made.splitlines()[1]
    assert row.startswith('360704203/2023,"\'=HYPERLINK(""http://example.com"")",2023,township,2021,,360704203,t3,'
                          "new_received,total,3,number,5,"), row


def test_a_data_file_written_by_import_has_no_aliases_even_for_one_date_used_twice() -> None:
    import datetime as dt

    from build_tools.archive import Revision, data_file_text
    from build_tools.ingest import extract
    from build_tools.parse import parse_text

    day = dt.date(2024, 3, 1)
    text = data_file_text(parse_text(extract(CHANGLUO)), imported=day, revisions=[Revision(day, "原件更换", "")])
    assert "&id" not in text and "*id" not in text
    assert "imported: 2024-03-01\n" in text and "- date: 2024-03-01\n" in text


@pytest.mark.parametrize(("case", "says"), [
    ("not-utf8", "cannot read the data file: 'utf-8' codec can't decode"),
    ("too-large", "the data file is larger than 5 MB: expected one report's values and texts"),
])
def test_a_data_file_that_cannot_be_read_is_an_error_naming_it(
        archive: tuple[Path, Path], tmp_path: Path, case: str, says: str) -> None:
    content, data_file = archive
    trial = tmp_path / "content"
    shutil.copytree(content, trial)
    broken = trial / data_file.relative_to(content)
    text = broken.read_text(encoding="utf-8")
    if case == "not-utf8":
        broken.write_bytes(text.encode("gb18030"))
    else:
        broken.write_text(text + "# " + "填充" * (3 * 1024 * 1024) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--content", str(trial)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1
    assert f"{broken}: {says}" in result.stderr, result.stderr
    summary = next(line for line in result.stdout.splitlines() if line.startswith("checked "))
    assert summary.startswith("checked 1 reports:") and "1 invalid data files" in summary
