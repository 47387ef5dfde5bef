"""Pages leave Material's index through their front matter: the key is inserted as a YAML dump would put it."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from build_tools.render import WIDE, front_matter
from build_tools.search_index import _DUMPER, _LOADER, exclude_from_search


def _dumped_again(markdown: str) -> str:
    """The page with the key set by loading its front matter and dumping it again."""
    end = markdown.index("\n---\n", 3)
    meta = yaml.load(markdown[4 : end + 1], Loader=_LOADER) or {}
    meta["search"] = {"exclude": True}
    return "---\n" + yaml.dump(meta, Dumper=_DUMPER, allow_unicode=True, sort_keys=True, width=1000) + markdown[end + 1 :]


_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60)


@settings(max_examples=300, deadline=None)
@given(title=_TEXT, description=_TEXT, hide=st.sampled_from([None, ["navigation"], WIDE]), feed=st.booleans(),
       body=_TEXT)
def test_exclusion_is_what_yaml_would_write(title: str, description: str, hide: list[str] | None, feed: bool,
                                             body: str) -> None:
    meta: dict[str, object] = {"description": description}
    if hide is not None:
        meta["hide"] = hide
    if feed:
        meta["feed"], meta["feed_title"] = "feed.xml", title
    page = front_matter(title, **meta) + body
    assert exclude_from_search(page) == _dumped_again(page)


def test_a_page_excluded_already_or_without_front_matter() -> None:
    page = front_matter("标题", search={"exclude": True}, hide=WIDE) + "# 标题\n"
    assert exclude_from_search(page) == _dumped_again(page) == page
    assert exclude_from_search("# 无前言\n") == "---\nsearch:\n  exclude: true\n---\n\n# 无前言\n"
