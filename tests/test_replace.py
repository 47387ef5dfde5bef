"""Replacing a report: what a new file of a report the archive holds keeps, and what it says about it."""

from __future__ import annotations

import html
import re
from pathlib import Path

import yaml
from click.testing import CliRunner

from build_tools.archive import import_files, load_archive
from build_tools.cli import main

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
CHANGLUO = SEEDS / "003_df809919c7a5e4a0.txt"
NATURAL = "applications.new_received.natural_person"
LICENSING = "active_disclosure.licensing.decisions"


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _as_page(text: str) -> str:
    rows = "\n".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines())
    return f"<html><head><meta charset='utf-8'><title>年度报告</title></head><body>{rows}</body></html>"


def _corrected(content: Path) -> Path:
    """The report imported, and two cells corrected by a maintainer, each with its reason."""
    (outcome,) = import_files([CHANGLUO], content)
    assert outcome.directory is not None
    data = outcome.directory / "report.yaml"
    _edit(data, "  new_received: {natural_person: 0,", "  new_received: {natural_person: 2,")
    _edit(data, "  licensing: {decisions: 0}", "  licensing: {decisions: 3}")
    _edit(data, "notes: {}", f"notes:\n  {NATURAL}: 据纸质版更正为 2\n  {LICENSING}: 据纸质版更正为 3")
    (stored,) = load_archive(content).reports
    assert sorted(c.path for c in stored.report.corrections) == [LICENSING, NATURAL]
    return outcome.directory


def test_the_same_text_in_another_encoding_is_a_duplicate(tmp_path: Path) -> None:
    content = tmp_path / "content"
    directory = _corrected(content)
    text = CHANGLUO.read_text(encoding="utf-8")
    gb = tmp_path / "changluo-gb.txt"
    gb.write_bytes(text.encode("gb18030"))
    crlf = tmp_path / "changluo-utf16.txt"
    crlf.write_bytes(text.replace("\n", "\r\n").encode("utf-16"))
    before = (directory / "report.yaml").read_bytes()
    code, out, _err = _run("import", str(gb), str(crlf), "--content", str(content))
    assert code == 0, out
    lines = out.splitlines()
    for line in lines[:2]:
        assert " duplicate " in line and f"same text as {directory} (in another encoding or format)" in line
    assert (directory / "report.yaml").read_bytes() == before  # the corrections are untouched


def test_a_replacement_keeps_the_corrections_whose_cells_read_as_before_and_lists_the_others(
        tmp_path: Path) -> None:
    content = tmp_path / "content"
    old = _corrected(content)
    text = CHANGLUO.read_text(encoding="utf-8").replace("行政许可\t0\t\t", "行政许可\t5\t\t", 1)
    new_file = tmp_path / "changluo-v2.txt"
    new_file.write_text(text, encoding="utf-8")
    code, out, _err = _run("import", str(new_file), "--content", str(content))
    # The exit status says that a correction needs a look.
    assert code == 1, out
    assert f"kept correction 保留更正: {NATURAL} = 2 (the new file reads this cell as the old one did)" in out
    assert (f"correction to review 更正需复核: {LICENSING} = 3（原读作 0，新原件读作 5） (not applied: the new file "
            "reads it otherwise; set it again in report.yaml if it still holds)") in out
    assert out.splitlines()[-1] == "1 corrections need review: the replaced reports' files read those cells " \
                                   "otherwise （1 条更正需复核）"
    assert "None" not in out
    (stored,) = load_archive(content).reports
    assert stored.directory != old and (stored.directory / "previous" / old.name / "report.yaml").exists()
    (correction,) = stored.report.corrections
    assert (correction.path, correction.value, correction.parsed, correction.reason) == (NATURAL, 2, 0,
                                                                                          "据纸质版更正为 2")
    assert stored.report.active_disclosure.licensing.decisions == 5  # type: ignore[union-attr]
    (revision,) = stored.revisions
    assert revision.why == f"沿用 1 条更正；1 条更正需复核：{LICENSING} = 3（原读作 0，新原件读作 5）"
    data = yaml.safe_load((stored.directory / "report.yaml").read_text(encoding="utf-8"))
    assert data["notes"] == {NATURAL: "据纸质版更正为 2"}


def test_the_same_report_as_a_web_page_keeps_every_correction(tmp_path: Path) -> None:
    content = tmp_path / "content"
    _corrected(content)
    page = tmp_path / "changluo.html"
    page.write_text(_as_page(CHANGLUO.read_text(encoding="utf-8")), encoding="utf-8")
    code, out, _err = _run("import", str(page), "--content", str(content))
    assert code == 0, out
    assert " replaced " in out.splitlines()[0]
    assert f"kept correction 保留更正: {NATURAL} = 2" in out and f"kept correction 保留更正: {LICENSING} = 3" in out
    (stored,) = load_archive(content).reports
    assert sorted((c.path, c.value) for c in stored.report.corrections) == [(LICENSING, 3), (NATURAL, 2)]


def test_of_several_files_of_one_report_the_best_reading_goes_in_and_the_summary_says_why(
        tmp_path: Path) -> None:
    text = CHANGLUO.read_text(encoding="utf-8")
    lines = text.split("\n")
    # Two figures lost in table 3's first row: the arithmetic still fills them in, but not as printed.
    assert lines[54].startswith("一、本年新收")
    lines[54] = lines[54].replace("\t0\t0\t0", "\t0", 1)
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    (incoming / "a-report.txt").write_text(text, encoding="utf-8")
    (incoming / "b-report.html").write_text(_as_page(text), encoding="utf-8")
    (incoming / "c-report.txt").write_text("\n".join(lines), encoding="utf-8")  # last by name, and worse
    code, out, _err = _run("import", str(incoming), "--content", str(tmp_path / "content"))
    assert code == 0, out
    rows = {Path(line.split()[0]).name: line for line in out.splitlines()[:-1]}
    winner = next(name for name, row in rows.items() if " imported" in row)
    assert winner in ("a-report.txt", "b-report.html")
    best = re.search(r"the best of 3 files of this report: ((\d+) cells read as printed, \d+ inferred, 0 unread)",
                     rows[winner])
    assert best is not None, rows[winner]
    assert " duplicate " in rows["c-report.txt"]
    worse = re.search(rf"another file of the same report: {re.escape(str(incoming / winner))} reads it better and "
                      rf"was kept \({best.group(1)}; this file: (\d+) cells read as printed, \d+ inferred, 0 unread\)",
                      rows["c-report.txt"])
    assert worse is not None, rows["c-report.txt"]
    assert int(worse.group(1)) < int(best.group(2))
    assert len(load_archive(tmp_path / "content").reports) == 1
