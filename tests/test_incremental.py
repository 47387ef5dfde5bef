"""One more report: MkDocs builds only the pages that changed, and the site is the same as a full build's."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from test_build import CONTENT, REPO_ROOT, SEEDS, all_files

from build_tools.archive import import_files
from build_tools.cli import main
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
    # Material's index is not searched by jieba's words here: jieba knows only the place names, and keeps
    # what it made of them in the docs dir's reserved directory.
    assert "jieba_dict: " in (docs / ".gongkai" / "mkdocs.yml").read_text(encoding="utf-8")
    assert "长洛乡 1\n" in (docs / ".gongkai" / "jieba_dict.txt").read_text(encoding="utf-8")
    assert (docs / ".gongkai" / "jieba_dict.cache").is_file()

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
    assert build(content, site, docs, repo_root=REPO_ROOT, search_threshold=1).unchanged
    (content / "reports" / "README.txt").write_text("不是报告\n", encoding="utf-8")  # no report changed
    assert build(content, site, docs, repo_root=REPO_ROOT, search_threshold=1).unchanged
    data_file = next((content / "reports").glob("*/*/report.yaml"))
    data_file.write_text(data_file.read_text(encoding="utf-8") + "# 一行注释\n", encoding="utf-8")
    assert build(content, site, docs, repo_root=REPO_ROOT, search_threshold=1).incremental

    # A report removed: its pages must leave the site, which only a clean build does.
    gone = next(d for d in (content / "reports").glob("*/*") if "楠木乡" in (d / "report.yaml").read_text("utf-8"))
    shutil.rmtree(gone)
    result = build(content, site, docs, repo_root=REPO_ROOT, search_threshold=1)
    assert not result.incremental and not (site / OTHER_REPORT).exists()
    assert build(content, site, docs, repo_root=REPO_ROOT, search_threshold=1).unchanged

    # Below a threshold Material's index holds every page: a dirty build would cut it short.
    assert not build(content, site, docs, repo_root=REPO_ROOT, search_threshold=10**6).incremental
    (site / "index.html").unlink()  # a site dir without its home page: built again, whole
    result = build(content, site, docs, repo_root=REPO_ROOT, search_threshold=10**6)
    assert not result.unchanged and not result.incremental and (site / "index.html").is_file()

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


def _tree_state(root: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(root).as_posix(): (p.stat().st_mtime_ns, p.stat().st_size)
            for p in sorted(root.rglob("*"))}


def test_a_build_with_nothing_changed_writes_nothing(tmp_path: Path) -> None:
    content, docs, site = tmp_path / "content", tmp_path / "docs", tmp_path / "site"
    shutil.copytree(CONTENT, content)
    build(content, site, docs, repo_root=REPO_ROOT, search_threshold=1)
    before = _tree_state(tmp_path)
    result = build(content, site, docs, repo_root=REPO_ROOT, search_threshold=1)
    assert result.unchanged and result.written == [] and result.reports == 5
    assert _tree_state(tmp_path) == before  # no file or directory written, touched, made or removed

    command = ["build", "--content", str(content), "--site-dir", str(site), "--docs-dir", str(docs)]
    assert CliRunner().invoke(main, command).exit_code == 0  # other settings (the search threshold): built
    before = _tree_state(tmp_path)
    again = CliRunner().invoke(main, command)
    assert again.exit_code == 0 and "nothing changed since the last build" in again.output, again.output
    assert _tree_state(tmp_path) == before


def test_one_more_report_loads_only_it_and_its_organs_other_years(tmp_path: Path, monkeypatch) -> None:
    """The other reports come from the cache: not loaded, checked or rendered again."""
    from build_tools import pipeline

    content, docs, site = tmp_path / "content", tmp_path / "docs", tmp_path / "site"
    shutil.copytree(CONTENT, content)
    build(content, site, docs, repo_root=REPO_ROOT, search_threshold=1)
    loaded: list[Path] = []
    rendered: list[str] = []
    load_stored, render_report = pipeline.load_stored, pipeline.render.render_report
    monkeypatch.setattr(pipeline, "load_stored", lambda d: loaded.append(d) or load_stored(d))
    monkeypatch.setattr(pipeline.render, "render_report",
                        lambda site, entry, text: rendered.append(entry.slug) or render_report(site, entry, text))
    _add_report(content, tmp_path)
    assert build(content, site, docs, repo_root=REPO_ROOT, search_threshold=1).incremental
    assert len(loaded) == 1 and "阳埠乡" in (loaded[0] / "report.yaml").read_text(encoding="utf-8")
    assert len(rendered) == 1 and rendered[0].startswith("360704")


def test_another_year_of_an_organ_renders_its_other_years_again_as_a_full_build_would(tmp_path: Path,
                                                                                       monkeypatch) -> None:
    """Its other years link to it and are checked against it (X-01, X-02): they are loaded and rendered too."""
    from build_tools import pipeline

    content, docs, site = tmp_path / "content", tmp_path / "docs", tmp_path / "site"
    shutil.copytree(CONTENT, content)
    build(content, site, docs, repo_root=REPO_ROOT, search_threshold=1)
    rendered: list[str] = []
    render_report = pipeline.render.render_report
    monkeypatch.setattr(pipeline.render, "render_report",
                        lambda site, entry, text: rendered.append(entry.slug) or render_report(site, entry, text))
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    text = next(p for p in SEEDS if p.stem.startswith("003")).read_text(encoding="utf-8")
    (incoming / "2022.txt").write_text(text.replace("2023", "2022").replace("2024年1月", "2023年1月"), encoding="utf-8")
    assert [o.status for o in import_files([incoming], content)] != ["rejected"]
    assert build(content, site, docs, repo_root=REPO_ROOT, search_threshold=1).incremental
    assert sorted(rendered) == ["360704203/2022", "360704203/2023"]
    assert "2022 年度" in (docs / "r/360704203/2023/index.md").read_text(encoding="utf-8")

    monkeypatch.undo()
    build(content, tmp_path / "full-site", tmp_path / "full-docs", repo_root=REPO_ROOT, search_threshold=1)
    incremental, whole = all_files(site), all_files(tmp_path / "full-site")
    assert sorted(incremental) == sorted(whole)
    assert [name for name in whole if incremental[name] != whole[name]] == []


def test_a_cache_that_cannot_be_read_means_a_full_build(tmp_path: Path) -> None:
    content, docs, site = tmp_path / "content", tmp_path / "docs", tmp_path / "site"
    shutil.copytree(CONTENT, content)
    build(content, site, docs, repo_root=REPO_ROOT, search_threshold=1, run=False)
    expected = all_files(docs)
    (docs / ".gongkai/cache/reports.pickle").write_bytes(b"not a pickle")
    for page in docs.glob("r/*/*/index.md"):
        page.write_text("# 旧页面\n", encoding="utf-8")  # what a build must not keep
    data_file = next((content / "reports").glob("*/*/report.yaml"))
    data_file.write_text(data_file.read_text(encoding="utf-8") + "# 一行注释\n", encoding="utf-8")
    build(content, site, docs, repo_root=REPO_ROOT, search_threshold=1, run=False)
    rebuilt = all_files(docs)
    cache = {n for n in expected if n.startswith(".gongkai/cache/")}
    assert [n for n in expected if n not in cache and rebuilt.get(n) != expected[n]] == []


def test_write_docs_without_walking_removes_the_files_it_left_that_are_no_longer_wanted(tmp_path: Path) -> None:
    """walk=False: the stale files are those of the last write's list, and the directories they leave empty go."""
    from build_tools.site import write_docs

    docs = tmp_path / "docs"
    write_docs(docs, {"index.md": "# 首页\n", "r/a/b/index.md": "# b\n", "r/a/c/index.md": "# c\n"})
    removed: list[str] = []
    written = write_docs(docs, {"index.md": "# 首页\n"}, removed, keep=["r/a/c/index.md"], walk=False)
    assert written == [] and removed == ["r/a/b/index.md"]
    assert not (docs / "r" / "a" / "b").exists() and (docs / "r" / "a" / "c" / "index.md").is_file()
    removed.clear()
    write_docs(docs, {"index.md": "# 首页\n"}, removed, walk=False)
    assert removed == ["r/a/c/index.md"] and not (docs / "r").exists()

    # Without the list (a docs dir of an older version, say) the tree is walked.
    (docs / "stray.md").write_text("# 多余\n", encoding="utf-8")
    (docs / ".gongkai" / "files.json").unlink()
    removed.clear()
    write_docs(docs, {"index.md": "# 首页\n"}, removed, walk=False)
    assert removed == ["stray.md"]


@given(st.text(alphabet=st.sampled_from("长洛乡政府公开 ，、。\0_-aA１2\u3000\n⽣")))
def test_the_bigrams_kept_for_a_report_are_those_of_its_terms(text: str) -> None:
    """A build keeps each report's bigrams (search_index.joined_bigrams): the same as term by term."""
    from build_tools.search_index import bigrams, joined_bigrams, terms, text_bigrams

    expected = set().union(*(bigrams(t) for t in terms(text)))
    assert text_bigrams(text) == expected
    joined = joined_bigrams(text)
    assert [joined[i : i + 2] for i in range(0, len(joined), 2)] == sorted(expected)
