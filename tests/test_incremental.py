"""One more report: MkDocs builds only the pages that changed, and the site is the same as a full build's."""

from __future__ import annotations

import shutil
from pathlib import Path

from test_build import CONTENT, REPO_ROOT, SEEDS, all_files

from build_tools.archive import import_files
from build_tools.pipeline import build
from build_tools.site import site_stamp, write_config

OTHER_REPORT = "r/500242224/2023/index.html"  # 楠木乡, in another province than the new report


def _mtimes(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}


def _add_report(content: Path, root: Path) -> None:
    """Import seed 003 again as 阳埠乡's report: a new township of the same county, published later than any
    report yet, so the build date (the sitemap's) moves too."""
    incoming = root / "incoming"
    incoming.mkdir()
    text = next(p for p in SEEDS if p.stem.startswith("003")).read_text(encoding="utf-8")
    assert "2024年1月25日" in text
    text = text.replace("长洛乡", "阳埠乡").replace("2024年1月25日", "2024年1月30日")
    (incoming / "阳埠乡.txt").write_text(text, encoding="utf-8")
    assert [o.status for o in import_files([incoming], content)] != ["rejected"]


def test_one_more_report_builds_only_changed_pages_into_the_same_site(tmp_path: Path) -> None:
    content, docs, site = tmp_path / "content", tmp_path / "docs", tmp_path / "site"
    shutil.copytree(CONTENT, content)
    first = build(content, site, docs, repo_root=REPO_ROOT, search_threshold=1)
    assert first.own_search and not first.incremental
    before = _mtimes(site)

    _add_report(content, tmp_path)
    second = build(content, site, docs, repo_root=REPO_ROOT, search_threshold=1)
    assert second.incremental
    after = _mtimes(site)
    assert after[OTHER_REPORT] == before[OTHER_REPORT]  # not built again
    new = sorted(set(after) - set(before))
    assert [p for p in new if p.endswith("index.html")][0].startswith("r/360704")
    assert after["index.html"] > before["index.html"] and after["region/360704/index.html"] > before[
        "region/360704/index.html"]

    # The same bytes as a full build of the same archive, search indexes and sitemap included.
    full = build(content, tmp_path / "full-site", tmp_path / "full-docs", repo_root=REPO_ROOT, search_threshold=1)
    assert not full.incremental
    incremental, whole = all_files(site), all_files(tmp_path / "full-site")
    assert sorted(incremental) == sorted(whole)
    assert [name for name in whole if incremental[name] != whole[name]] == []
    assert b"<lastmod>2024-01-30</lastmod>" in incremental["sitemap.xml"]


def test_a_report_gone_or_the_search_of_a_small_archive_means_a_full_build(tmp_path: Path) -> None:
    content, docs, site = tmp_path / "content", tmp_path / "docs", tmp_path / "site"
    shutil.copytree(CONTENT, content)
    build(content, site, docs, repo_root=REPO_ROOT, search_threshold=1)
    assert build(content, site, docs, repo_root=REPO_ROOT, search_threshold=1).incremental

    # A report removed: its pages must leave the site, which only a clean build does.
    gone = next(d for d in (content / "reports").glob("*/*") if "楠木乡" in (d / "report.yaml").read_text("utf-8"))
    shutil.rmtree(gone)
    result = build(content, site, docs, repo_root=REPO_ROOT, search_threshold=1)
    assert not result.incremental and not (site / OTHER_REPORT).exists()
    assert build(content, site, docs, repo_root=REPO_ROOT, search_threshold=1).incremental

    # Below the threshold Material's index holds every page: a dirty build would cut it short.
    build(content, site, docs, repo_root=REPO_ROOT)
    assert not build(content, site, docs, repo_root=REPO_ROOT).incremental

    # Another site dir is a first build.
    assert not build(content, tmp_path / "other", docs, repo_root=REPO_ROOT, search_threshold=1).incremental


def test_stamp_follows_config_theme_and_dictionary(tmp_path: Path) -> None:
    """What shapes every page besides its Markdown changes the stamp: then the whole site is built again."""
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copy(REPO_ROOT / "mkdocs.yml", repo / "mkdocs.yml")
    shutil.copytree(REPO_ROOT / "overrides", repo / "overrides")
    docs, site = tmp_path / "docs", tmp_path / "site"

    def stamp(words: tuple[str, ...] = ("长洛乡",), settings: dict | None = None) -> str:
        return site_stamp(write_config(docs, site, [{"首页": "index.md"}], jieba_words=words, repo_root=repo,
                                       settings=settings))

    base = stamp()
    assert stamp() == base
    assert stamp(words=("长洛乡", "阳埠乡")) != base
    assert stamp(settings={"extra": {"gongkai_search": True}}) != base
    main_html = repo / "overrides" / "main.html"
    main_html.write_text(main_html.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert stamp() != base
