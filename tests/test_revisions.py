"""Revisions: a government replaces its file, or a maintainer corrects a value; the report page logs both."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from build_tools.archive import import_files, load_archive
from build_tools.pipeline import build

ROOT = Path(__file__).resolve().parent.parent
CHANGLUO = ROOT / "tests" / "fixtures" / "seeds" / "003_df809919c7a5e4a0.txt"


def _replacement(tmp_path: Path) -> Path:
    """The same report as the government re-published it: one figure of table 2 changed."""
    text = CHANGLUO.read_text(encoding="utf-8").replace("行政许可\t0\t\t", "行政许可\t5\t\t", 1)
    assert "行政许可\t5" in text
    path = tmp_path / "changluo-2023-v2.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_replaced_original_is_imported_as_a_revision_and_the_old_one_kept(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (first,) = import_files([CHANGLUO], content, today=dt.date(2024, 2, 1))
    assert first.status == "imported_with_findings"
    (second,) = import_files([_replacement(tmp_path)], content, today=dt.date(2024, 3, 15))
    assert second.status == "replaced", second.reason
    assert f"replaces {first.directory}" in second.reason
    assert not first.directory.exists()
    kept = second.directory / "previous" / first.directory.name
    assert (kept / "original.txt").read_bytes() == CHANGLUO.read_bytes()

    archive = load_archive(content)
    assert [s.directory for s in archive.reports] == [second.directory]
    stored = archive.reports[0]
    assert stored.imported == dt.date(2024, 2, 1)  # first added, for feeds
    (revision,) = stored.revisions
    assert revision.date == dt.date(2024, 3, 15)
    assert "active_disclosure.licensing.decisions: 0 → 5" in revision.what

    docs = tmp_path / "docs"
    build(content, None, docs, repo_root=ROOT, run=False)
    page = (docs / "r" / "360704203" / "2023" / "index.md").read_text(encoding="utf-8")
    assert "### 修订记录" in page
    assert "<td>2024-03-15</td><td>原件更换（SHA-256 " in page
    assert "active_disclosure.licensing.decisions: 0 → 5" in page
    quality = (docs / "quality.md").read_text(encoding="utf-8")
    assert "## 收录后有变动的报告" in quality
    county = (docs / "quality" / "360704" / "index.md").read_text(encoding="utf-8")
    assert "赣州市赣县区长洛乡人民政府 2023 年度报告</a>" in county and "收录后有变动" in county


def test_a_dated_correction_shows_in_the_revision_log(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (outcome,) = import_files([CHANGLUO], content, today=dt.date(2024, 2, 1))
    data_path = outcome.directory / "report.yaml"
    data = data_path.read_text(encoding="utf-8")
    data = data.replace("  licensing: {decisions: 0}", "  licensing: {decisions: 3}", 1)
    data = data.replace("notes: {}", "notes:\n  active_disclosure.licensing.decisions: {reason: 见纸质版, date: 2024-04-02}")
    data_path.write_text(data, encoding="utf-8")
    assert yaml.safe_load(data)["active_disclosure"]["licensing"] == {"decisions": 3}

    docs = tmp_path / "docs"
    build(content, None, docs, repo_root=ROOT, run=False)
    page = (docs / "r" / "360704203" / "2023" / "index.md").read_text(encoding="utf-8")
    assert "<td>2024-04-02</td><td>更正 active_disclosure.licensing.decisions：0 → 3</td><td>见纸质版</td>" in page
