"""Real strict MkDocs builds of a small fixture site through build_tools.site."""

from __future__ import annotations

import gzip
import json
import os
import re
from datetime import datetime, timezone
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import jieba
import pytest

from build_tools.site import SiteError, run_mkdocs, write_config, write_docs

from browser import (
        BUILD_DATE,
        FIXTURE_FILES,
        REPORT_TITLE,
        REPORT_URL,
        TABLE_NUMBERS,
        BuiltSite,
        build_fixture_site,
        fixture_site,
    )

__all__ = ["fixture_site"]

REPO_ROOT = Path(__file__).resolve().parents[1]
FONT_HOSTS = ("fonts.googleapis.com", "fonts.gstatic.com")
NOT_FETCHED_LINK_RELS = {"canonical", "alternate", "prev", "next"}


def _search_docs(site: BuiltSite) -> tuple[dict, str]:
    """The parsed search index and its raw text."""
    text = (site.site_dir / "search" / "search_index.json").read_text(encoding="utf-8")
    return json.loads(text), text


def _tokens(index: dict, location: str) -> set[str]:
    """Tokens of the index entry at location, split the way Material's client splits them."""
    separator = re.compile(index["config"]["separator"])
    entry = next(doc for doc in index["docs"] if doc["location"] == location)
    text = re.sub(r"<[^>]+>", " ", entry["title"] + " " + entry["text"])
    return {token for token in separator.split(text) if token}


def _all_files(root: Path) -> dict[str, bytes]:
    """Every file below root, keyed by relative POSIX path."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_strict_build_writes_report_page_with_table(fixture_site: BuiltSite) -> None:
    """The strict build passes and renders the report page (kept out of nav) with its table."""
    report = fixture_site.site_dir / REPORT_URL / "index.html"
    assert report.is_file()
    html = report.read_text(encoding="utf-8")
    assert REPORT_TITLE in html
    assert "<table>" in html and "987654" in html and 'class="num cell-inferred"' in html
    assert 'class="badge-ok"' in html
    home = (fixture_site.site_dir / "index.html").read_text(encoding="utf-8")
    primary_nav = home[home.index('md-nav--primary'):home.index("</nav>", home.index('md-nav--primary'))]
    assert "江西省" in primary_nav and "r/360704203" not in primary_nav
    region = (fixture_site.site_dir / "region" / "36" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../r/360704203/2023/"' in region
    sitemap = (fixture_site.site_dir / "sitemap.xml").read_text(encoding="utf-8")
    assert "r/360704203/2023/</loc>" in sitemap
    assert not (fixture_site.site_dir / ".gongkai").exists()


def test_search_index_has_place_name_token_but_no_table_numbers(fixture_site: BuiltSite) -> None:
    """长洛乡 is one search token on the report page; numbers in excluded tables are not indexed."""
    index, raw = _search_docs(fixture_site)
    assert index["config"]["lang"] == ["zh"]
    report_entry = next(doc for doc in index["docs"] if doc["location"] == REPORT_URL)
    assert report_entry["boost"] == 5
    tokens = _tokens(index, REPORT_URL)
    assert {"长洛乡", "赣县区", "人民政府"} <= tokens
    assert "区长" not in tokens
    for number in TABLE_NUMBERS:
        assert number not in raw
    assert "本年新制作数量" not in raw


def test_user_dictionary_is_what_keeps_place_names_whole(fixture_site: BuiltSite, tmp_path: Path) -> None:
    """Without the user dictionary jieba cuts 赣县区长洛乡 into 赣县 / 区长 / 洛乡, in jieba and in the index."""
    dict_path = fixture_site.config_path.parent / "jieba_user_dict.txt"
    assert dict_path.read_text(encoding="utf-8") == "赣县区\n赣州市\n长洛乡\n"

    plain = jieba.Tokenizer()
    assert "长洛乡" not in list(plain.cut("赣县区长洛乡人民政府"))
    assert {"区长", "洛乡"} <= set(plain.cut("赣县区长洛乡人民政府"))
    with_dict = jieba.Tokenizer()
    with_dict.load_userdict(str(dict_path))
    assert list(with_dict.cut("赣州市赣县区长洛乡人民政府")) == ["赣州市", "赣县区", "长洛乡", "人民政府"]

    # A build without the words, in the same process after a build with them.
    bare = build_fixture_site(tmp_path / "bare", jieba_words=())
    assert bare.config_path.parent.joinpath("jieba_user_dict.txt").read_text(encoding="utf-8") == ""
    tokens = _tokens(_search_docs(bare)[0], REPORT_URL)
    assert "长洛乡" not in tokens
    assert {"区长", "洛乡"} <= tokens


def test_no_page_loads_anything_from_another_host(fixture_site: BuiltSite) -> None:
    """No generated HTML or CSS references Google Fonts or any remote asset URL."""

    class Refs(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.urls: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            a = {k: v or "" for k, v in attrs}
            if tag == "link" and not set(a.get("rel", "").split()) & NOT_FETCHED_LINK_RELS:
                self.urls.append(a.get("href", ""))
            elif tag in ("script", "img", "iframe", "source", "audio", "video", "embed"):
                self.urls.append(a.get("src", ""))
            elif tag == "object":
                self.urls.append(a.get("data", ""))

    pages = list(fixture_site.site_dir.rglob("*.html"))
    assert len(pages) >= 4
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for host in FONT_HOSTS:
            assert host not in html, page
        parser = Refs()
        parser.feed(html)
        remote = [u for u in parser.urls if urlsplit(u).scheme or u.startswith("//")]
        assert not remote, f"{page}: {remote}"
    for css in fixture_site.site_dir.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert not re.search(r"url\(\s*['\"]?(https?:)?//|@import", text), css


def test_rebuild_elsewhere_is_byte_identical(fixture_site: BuiltSite, tmp_path: Path) -> None:
    """Building the same docs into other directories gives the same bytes, sitemap dates included."""
    again = build_fixture_site(tmp_path / "again")
    first, second = _all_files(fixture_site.site_dir), _all_files(again.site_dir)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []

    assert f"<lastmod>{BUILD_DATE}</lastmod>" in first["sitemap.xml"].decode("utf-8")
    epoch = int(datetime.fromisoformat(BUILD_DATE).replace(tzinfo=timezone.utc).timestamp())
    assert int.from_bytes(first["sitemap.xml.gz"][4:8], "little") == epoch
    assert gzip.decompress(first["sitemap.xml.gz"]) == first["sitemap.xml"]


def test_write_docs_rewrites_only_changes_and_removes_stale(tmp_path: Path) -> None:
    """Unchanged files keep their mtime, changed and new ones are written, stale ones go."""
    docs = tmp_path / "docs"
    first = write_docs(docs, {"index.md": "# 首页\r\n", "a/old.md": "# 旧\n", "b/keep.md": b"# keep\n"})
    assert "assets/gongkai.css" in first and "assets/tablesort/tablesort.min.js" in first
    assert (docs / "index.md").read_bytes() == "# 首页\n".encode()
    config = write_config(docs, tmp_path / "site", [{"首页": "index.md"}], repo_root=REPO_ROOT)

    old = 1_000_000_000
    for path in docs.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(old * 10**9, old * 10**9))

    second = write_docs(docs, {"index.md": "# 首页\n", "b/keep.md": "# keep 2\n", "c/new.md": "# 新\n"})
    assert second == ["b/keep.md", "c/new.md"]
    assert (docs / "index.md").stat().st_mtime_ns == old * 10**9
    assert (docs / "assets" / "gongkai.css").stat().st_mtime_ns == old * 10**9
    assert not (docs / "a").exists()
    assert (docs / "c" / "new.md").read_text(encoding="utf-8") == "# 新\n"
    assert config.is_file() and (config.parent / "jieba_user_dict.txt").is_file()
    assert write_docs(docs, {"index.md": "# 首页\n", "b/keep.md": "# keep 2\n", "c/new.md": "# 新\n"}) == []


def test_write_docs_replaces_what_stands_in_the_way_and_never_writes_through_a_link(tmp_path: Path) -> None:
    """A file where a directory is wanted, a directory where a file is, and symlinks are replaced, not followed."""
    docs, outside = tmp_path / "docs", tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("keep me\n", encoding="utf-8")
    write_docs(docs, {"index.md": "# 首页\n"})
    (docs / "r").write_text("a file where a directory belongs\n", encoding="utf-8")
    (docs / "page.md").mkdir()
    (docs / "page.md" / "inner.md").write_text("x\n", encoding="utf-8")
    (docs / "linked.md").symlink_to(outside / "secret.md")
    (docs / "dir").symlink_to(outside, target_is_directory=True)

    written = write_docs(docs, {"index.md": "# 首页\n", "r/a/index.md": "# a\n", "r/b/index.md": "# b\n",
                                "page.md": "# 页\n", "linked.md": "# 链\n", "dir/secret.md": "# 目录\n"})
    assert {"r/a/index.md", "r/b/index.md", "page.md", "linked.md", "dir/secret.md"} <= set(written)
    assert (docs / "r" / "b" / "index.md").read_text(encoding="utf-8") == "# b\n"
    assert (docs / "page.md").read_text(encoding="utf-8") == "# 页\n"
    assert not (docs / "linked.md").is_symlink() and not (docs / "dir").is_symlink()
    assert (outside / "secret.md").read_text(encoding="utf-8") == "keep me\n"
    assert sorted(p.name for p in outside.iterdir()) == ["secret.md"]


@pytest.mark.parametrize(
    "path", ["/abs.md", "../up.md", "a/../b.md", "a//b.md", "a\\b.md", ".gongkai/x.md", "assets/gongkai.css", ""]
)
def test_write_docs_rejects_bad_paths(tmp_path: Path, path: str) -> None:
    """Paths escaping the docs dir, the reserved dir and vendored asset names are refused."""
    with pytest.raises(SiteError):
        write_docs(tmp_path / "docs", {path: "x"})


def test_write_docs_refuses_foreign_directory(tmp_path: Path) -> None:
    """A non-empty directory not made by write_docs is never cleaned."""
    (tmp_path / "precious.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(SiteError, match="refusing"):
        write_docs(tmp_path, {"index.md": "# x\n"})
    assert (tmp_path / "precious.txt").read_text(encoding="utf-8") == "keep"


def test_strict_warnings_become_site_error(tmp_path: Path) -> None:
    """A broken link aborts the strict build with a SiteError that lists the warning."""
    docs = tmp_path / "docs"
    files = dict(FIXTURE_FILES)
    files["index.md"] += "\n[不存在的页面](missing.md)\n"
    write_docs(docs, files)
    nav = [{"首页": "index.md"}, {"江西省": "region/36.md"}]
    config = write_config(docs, tmp_path / "site", nav, repo_root=REPO_ROOT)
    with pytest.raises(SiteError, match="missing.md"):
        run_mkdocs(config, build_date=BUILD_DATE)


def test_write_config_and_run_mkdocs_reject_bad_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Clear SiteErrors for a missing base config, bad nav, bad words and a bad build date."""
    docs, site = tmp_path / "docs", tmp_path / "site"
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SiteError, match="mkdocs.yml"):
        write_config(docs, site, [])
    with pytest.raises(SiteError, match="nav"):
        write_config(docs, site, {"首页": "index.md"}, repo_root=REPO_ROOT)  # type: ignore[arg-type]
    with pytest.raises(SiteError, match="whitespace"):
        write_config(docs, site, [], jieba_words=["长洛 乡"], repo_root=REPO_ROOT)
    config = write_config(docs, site, [], jieba_words=[" 长洛乡", "长洛乡", "", "赣县区"], repo_root=REPO_ROOT)
    assert (config.parent / "jieba_user_dict.txt").read_text(encoding="utf-8") == "赣县区\n长洛乡\n"
    with pytest.raises(SiteError, match="ISO date"):
        run_mkdocs(config, build_date="2024-13-01")
