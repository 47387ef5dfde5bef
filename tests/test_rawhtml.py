"""build_tools.rawhtml: the generated HTML blocks skip Python-Markdown's HTML parser and the site stays the same."""

from __future__ import annotations

import shutil
from pathlib import Path

import markdown
import pytest
from test_build import REPO_ROOT, Built, all_files, archive_site, hostile_site  # noqa: F401 - fixtures

from build_tools.pipeline import build
from build_tools.rawhtml import RawHtmlBlocks, _StashHtmlBlocks

EXTENSION_LINE = "  - build_tools.rawhtml\n"
OTHER_EXTENSIONS = ["tables", "attr_list", "toc"]  # the others of mkdocs.yml


def _repo_without_extension(root: Path) -> Path:
    """A copy of the repository's base config without the extension, beside the real overrides."""
    text = (REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert EXTENSION_LINE in text
    root.mkdir()
    (root / "mkdocs.yml").write_text(text.replace(EXTENSION_LINE, ""), encoding="utf-8")
    shutil.copytree(REPO_ROOT / "overrides", root / "overrides")
    return root


@pytest.mark.parametrize("fixture", ["archive_site", "hostile_site"])
def test_site_is_byte_identical_without_the_extension(fixture: str, request: pytest.FixtureRequest,
                                                      tmp_path: Path) -> None:
    """Every file of the built site, search index included, is the same when Python-Markdown parses the HTML."""
    built: Built = request.getfixturevalue(fixture)
    repo = _repo_without_extension(tmp_path / "repo")
    build(built.content, tmp_path / "site", tmp_path / "docs", repo_root=repo)
    with_ext, without = all_files(built.site), all_files(tmp_path / "site")
    assert sorted(with_ext) == sorted(without)
    assert [name for name in with_ext if with_ext[name] != without[name]] == []


def test_report_page_blocks_are_all_stashed(archive_site: Built) -> None:
    """On a real report page every HTML block goes to the stash: no raw tag is left for the HTML parser."""
    page = (archive_site.docs / "r" / "360704203" / "2023" / "index.md").read_text(encoding="utf-8")
    body = page.split("---\n", 2)[2]
    md = markdown.Markdown(extensions=[RawHtmlBlocks(), *OTHER_EXTENSIONS])
    lines = _StashHtmlBlocks(md).run(body.split("\n"))
    assert [line for line in lines if line.startswith("<")] == []
    # crumbs, facts, findings, text, tables 2 to 4, the original: the blocks between two headings are one
    assert md.htmlStash.html_counter >= 4


@pytest.mark.parametrize("text", [
    '<div class="x">\n<p>a &amp; b</p>\n</div>\n\nafter',
    "<table>\n<tr><td>1</td></tr>\n</table>\n<p>tail</p>\n\n*x*",
    "<div>\n\n<p>a blank line inside</p>\n\n</div>\n",
    "<div>\nnot closed on its last line\n</div> and text\n",
    '<a href="x">an inline tag</a> opens this paragraph\n',
    "    <div>indented: code</div>\n",
    "text\n<div>not after a blank line</div>\n",
    "<p>one</p>\n\n<pre><code>&lt;b&gt;\n  kept  spaces\n</code></pre>\n\n# heading\n",
    "<div>\n<!-- a comment\n\n-->\n</div>\n\n<p>after</p>\n",
    "<!--\n\n<div>in a comment</div>\n\n-->\n",
    "<div>\n\n<div>nested, after a blank line</div>\n\n</div>\n",
    "<ul class=\"findings\">\n<li><a href=\"#L1\">1</a></li>\n</ul>",
    # Blocks one blank line apart (stored as one), two blank lines apart, and a paragraph between.
    "<div>\n<p>a</p>\n</div>\n\n<ul><li>b</li></ul>\n\n<p>c</p>\n\n\n<div>d</div>\n\ntext\n\n<p>e</p>\n",
    "<div>one</div>\n\n<div>\nnot closed</div> here\n\n<p>f</p>\n",
    # A stored block's paragraph among list items and in a quote.
    "* a\n\n<div>b</div>\n\n* c\n\n<p>d</p>\n",
    "1. a\n    <div>in the item</div>\n\n<div>after</div>\n",
    "> quote\n\n<div>after a quote</div>\n\n> <div>quoted</div>\n",
])
def test_output_is_the_same_as_python_markdowns(text: str) -> None:
    """Blocks it takes come out as Python-Markdown would print them; blocks it leaves are Python-Markdown's."""
    plain = markdown.markdown(text, extensions=OTHER_EXTENSIONS)
    assert markdown.markdown(text, extensions=[RawHtmlBlocks(), *OTHER_EXTENSIONS]) == plain


def test_loads_by_module_name_as_mkdocs_does() -> None:
    """mkdocs.yml names the module; Python-Markdown finds makeExtension in it."""
    html = markdown.markdown("<div>\n<p>x</p>\n</div>\n", extensions=["build_tools.rawhtml"])
    assert html == "<div>\n<p>x</p>\n</div>"
