"""A Python-Markdown extension that passes the generated pages' HTML blocks through without parsing them.

The pages gongkai writes are Markdown with blocks of raw HTML: the report's tables, its text, its
original line by line. Python-Markdown, and MkDocs after it (to collect anchors), feed every raw HTML
block through Python's ``html.parser`` to find where it ends; for a report page with a few hundred
tags that was two thirds of the whole site build. The generated HTML blocks need no search: each
starts on a line of its own after a blank line with a block-level tag, ends with that tag's closing
tag, and holds no blank line (build_tools.render writes them so). This preprocessor stores such a
block in Python-Markdown's stash as it is, as the HTML block parser would, so the page comes out
byte for byte the same, only without the parsing.
Blocks that follow each other one blank line apart are stored as one, which prints the same, and the
paragraph holding a stored block's placeholder is made with its text atomic, so that Python-Markdown's
inline patterns do not search a placeholder they have nothing to find in.

It changes no output: a site built without it (any other Markdown processor, or this file's line
removed from mkdocs.yml) is the same, only slower; ``tests/test_rawhtml.py`` builds both and
compares. A block it does not recognise is left to Python-Markdown.

The one thing it gives up: MkDocs does not see ``id`` attributes inside these blocks, so a Markdown
link ``[...](page.md#id)`` to such an id would fail the strict build's anchor check. The generated
pages link to them with HTML ``<a href>`` only.
"""

from __future__ import annotations

import re
from xml.etree import ElementTree as etree

from markdown import Markdown, util
from markdown.blockparser import BlockParser
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

__all__ = ["RawHtmlBlocks", "makeExtension"]

_START_TAG = re.compile(r"<([a-z][a-z0-9]*)[\s>]")

PRIORITY = 22
"""After Python-Markdown's whitespace normalising (30) and fenced code (25), before MkDocs' anchor
collector (21) and the HTML block parser (20)."""


class _StashHtmlBlocks(Preprocessor):
    """Store each complete, blank-line-delimited block-level HTML block in the stash unparsed."""

    def __init__(self, md: Markdown) -> None:
        super().__init__(md)
        self.placeholders: set[str] = set()  # of the blocks it stored from the document being converted

    def run(self, lines: list[str]) -> list[str]:
        """Return lines with each recognised HTML block replaced by its stash placeholder."""
        self.placeholders = set()
        out: list[str] = []
        i, count = 0, len(lines)
        while i < count:
            block_start = i == 0 or not lines[i - 1].strip()
            end = self._block_end(lines, i) if block_start else None
            if end is None:
                if block_start and _opens_block(self.md, lines[i]):
                    # An HTML block it cannot see the end of may run on past blank lines: leave the rest
                    # of the page to Python-Markdown.
                    return out + lines[i:]
                out.append(lines[i])
                i += 1
                continue
            # Blocks that follow each other, one blank line apart, are stored as one: they come out the
            # same (each block, then a blank line), and every stored block costs Python-Markdown a
            # paragraph to process and a substitution each time its postprocessor runs (the table of
            # contents runs it for every heading).
            while end + 1 < count and lines[end] == "" and lines[end + 1]:
                following = self._block_end(lines, end + 1)
                if following is None:
                    break
                end = following
            # As markdown.htmlparser does for a block followed by a blank line: the block with a newline,
            # then a blank line.
            placeholder = self.md.htmlStash.store("\n".join(lines[i:end]) + "\n")
            self.placeholders.add(placeholder)
            out.append(placeholder)
            out.append("")
            i = end
        return out

    def _block_end(self, lines: list[str], start: int) -> int | None:
        """The index after the HTML block starting at lines[start], or None if it is not one."""
        match = _START_TAG.match(lines[start])
        if match is None or not self.md.is_block_level(match.group(1)):
            return None
        end = start
        while end < len(lines) and lines[end].strip():
            end += 1
        if not lines[end - 1].rstrip().endswith(f"</{match.group(1)}>"):
            return None
        return end


def _opens_block(md: Markdown, line: str) -> bool:
    """Whether line starts with a block-level start tag (or a comment, which Python-Markdown also takes)."""
    match = _START_TAG.match(line)
    return line.startswith("<!--") or (match is not None and md.is_block_level(match.group(1)))


class _StoredBlockParagraph(BlockProcessor):
    """The paragraph Python-Markdown makes of a stored block's placeholder, with its text atomic: the
    inline patterns have nothing to find in a placeholder, and now do not look (the raw-HTML
    postprocessor puts the block in its place, as for any other paragraph holding only a placeholder)."""

    def __init__(self, parser: BlockParser, stash: _StashHtmlBlocks) -> None:
        super().__init__(parser)
        self.stash = stash

    def test(self, parent: etree.Element, block: str) -> bool:
        return block in self.stash.placeholders and not self.parser.state.isstate("list")

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        etree.SubElement(parent, "p").text = util.AtomicString(blocks.pop(0))


PARAGRAPH_PRIORITY = 11
"""Just before Python-Markdown's paragraph processor (10), which would make the same paragraph."""


class RawHtmlBlocks(Extension):
    """Register the preprocessor (``markdown_extensions: [build_tools.rawhtml]`` in mkdocs.yml)."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's API
        """Add the preprocessor, and the block processor for the paragraphs of its placeholders, to md."""
        stash = _StashHtmlBlocks(md)
        md.preprocessors.register(stash, "gongkai_raw_html", PRIORITY)
        md.parser.blockprocessors.register(_StoredBlockParagraph(md.parser, stash), "gongkai_raw_html_block",
                                           PARAGRAPH_PRIORITY)


def makeExtension(**kwargs: object) -> RawHtmlBlocks:  # noqa: N802 - Python-Markdown's entry point
    """Python-Markdown's hook for loading the extension by its module name."""
    return RawHtmlBlocks(**kwargs)
