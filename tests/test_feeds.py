"""Feeds of newly added reports, and coverage: the townships of a county with no report."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

from build_tools.archive import import_files
from build_tools.pipeline import build

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "tests" / "fixtures" / "seeds"
CHANGLUO = SEEDS / "003_df809919c7a5e4a0.txt"
ATOM = "{http://www.w3.org/2005/Atom}"


def _entries(feed: Path) -> list[tuple[str, str, str]]:
    root = ET.parse(feed).getroot()
    return [(e.findtext(f"{ATOM}title"), e.find(f"{ATOM}link").get("href"), e.findtext(f"{ATOM}published"))
            for e in root.findall(f"{ATOM}entry")]


def _yangbu(tmp_path: Path) -> Path:
    """长洛乡's report retold for 阳埠乡, a township of the same county with no report yet."""
    text = CHANGLUO.read_text(encoding="utf-8").replace("长洛乡", "阳埠乡")
    path = tmp_path / "yangbu-2023.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_newly_imported_report_leads_the_archive_feed_and_its_county_feed(tmp_path: Path) -> None:
    content, docs = tmp_path / "content", tmp_path / "docs"
    import_files([SEEDS], content, today=dt.date(2024, 2, 1))
    build(content, None, docs, repo_root=ROOT, run=False)
    before = _entries(docs / "feed.xml")
    assert len(before) == 5
    assert ("赣州市赣县区长洛乡人民政府 2023 年度报告", "https://gongkai.example.org/r/360704203/2023/",
            "2024-02-01T00:00:00Z") in before

    (outcome,) = import_files([_yangbu(tmp_path)], content, today=dt.date(2024, 3, 1))
    assert outcome.status in ("imported", "imported_with_findings"), outcome.reason
    build(content, None, docs, repo_root=ROOT, run=False)
    after = _entries(docs / "feed.xml")
    assert after[0] == ("赣州市赣县区阳埠乡人民政府 2023 年度报告", "https://gongkai.example.org/r/360704201/2023/",
                        "2024-03-01T00:00:00Z")
    county = _entries(docs / "region" / "360704" / "feed.xml")
    assert [link for _, link, _ in county] == ["https://gongkai.example.org/r/360704201/2023/",
                                               "https://gongkai.example.org/r/360704203/2023/"]
    home = (docs / "index.md").read_text(encoding="utf-8")
    assert "[Atom 订阅](feed.xml)" in home


def test_the_county_page_names_the_townships_without_a_report(tmp_path: Path) -> None:
    content, docs = tmp_path / "content", tmp_path / "docs"
    import_files([CHANGLUO], content, today=dt.date(2024, 2, 1))
    build(content, None, docs, repo_root=ROOT, run=False)
    county = (docs / "region" / "360704" / "index.md").read_text(encoding="utf-8")
    assert "## 缺少报告的乡镇" in county
    missing = county.split("## 缺少报告的乡镇", 1)[1]
    assert "**2023 年度**（18 个）" in missing
    assert "阳埠乡" in missing and "长洛乡" not in missing
    assert "开发区" not in missing

    import_files([_yangbu(tmp_path)], content, today=dt.date(2024, 3, 1))
    build(content, None, docs, repo_root=ROOT, run=False)
    county = (docs / "region" / "360704" / "index.md").read_text(encoding="utf-8")
    missing = county.split("## 缺少报告的乡镇", 1)[1]
    assert "**2023 年度**（17 个）" in missing and "阳埠乡" not in missing
