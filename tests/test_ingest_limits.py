"""What the importer refuses before it costs the machine: special files, huge text, pages nested too deep."""

from __future__ import annotations

import html
import os
from pathlib import Path

import pytest

from build_tools.ingest import IngestError, extract
from build_tools.parse import parse_text

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
CHANGLUO = SEEDS / "003_df809919c7a5e4a0.txt"


def test_dev_zero_is_refused_unread() -> None:
    with pytest.raises(IngestError, match="a character device, not a regular file: not read"):
        extract(Path("/dev/zero"))


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "report.txt"
    os.mkfifo(fifo)
    with pytest.raises(IngestError, match=r"a FIFO \(named pipe\), not a regular file: not read"):
        extract(fifo)


def test_a_text_of_one_huge_line_is_refused_with_the_reason(tmp_path: Path) -> None:
    """49 MB on one line once made a 98 MB page and a 147 MB search index."""
    path = tmp_path / "one-line.txt"
    path.write_bytes("政府信息公开".encode("utf-8") * (49 * 1024 * 1024 // 18))
    with pytest.raises(IngestError, match=r"holds [\d,]+ characters of text \(limit 1,000,000\): not a single"):
        extract(path)


def test_a_text_line_far_longer_than_a_paragraph_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "long-line.txt"
    path.write_text(CHANGLUO.read_text(encoding="utf-8").rstrip("\n") + "\n" + "一" * 150_000 + "\n", encoding="utf-8")
    with pytest.raises(IngestError, match=r"a line of 150,000 characters \(limit 100,000\)"):
        extract(path)


def test_a_text_of_very_many_lines_is_refused(tmp_path: Path) -> None:
    """Each line of the original gets an anchor on the report's page: lines bound the page too."""
    path = tmp_path / "many-lines.txt"
    path.write_text(CHANGLUO.read_text(encoding="utf-8") + "\n一" * 30_000, encoding="utf-8")
    with pytest.raises(IngestError, match=r"has [\d,]+ lines \(limit 20,000\): not a single annual report"):
        extract(path)


def _broken_word_page(text: str, tag: str) -> str:
    """A page as a broken Word export writes it: inline elements opened on every line, never closed."""
    lines = "\n".join(f"<p>{html.escape(line)}" + f"<{tag} style='font-size:12pt'>" * 3 for line in text.splitlines())
    return f"<html><head><meta charset='utf-8'></head><body>{lines}</body></html>"


@pytest.mark.parametrize("tag", ["span", "font"])
def test_a_page_nested_deeper_than_255_levels_is_read_whole(tmp_path: Path, tag: str) -> None:
    text = CHANGLUO.read_text(encoding="utf-8")
    assert len(text.splitlines()) * 3 > 255
    path = tmp_path / "report.html"
    path.write_text(_broken_word_page(text, tag), encoding="utf-8")
    whole = tmp_path / "whole.html"
    whole.write_text(_broken_word_page(text, tag).replace(f"<{tag} style='font-size:12pt'>", ""), encoding="utf-8")
    from_page, from_whole = parse_text(extract(path)), parse_text(extract(whole))
    # The second half of the report (table 4, sections 五 and 六) is there, and every figure agrees.
    assert from_page.sections.other_matters is not None
    assert from_page.review_litigation == from_whole.review_litigation
    assert from_page.applications == from_whole.applications
    assert extract(path).text == extract(whole).text


def test_a_page_nested_too_deep_even_without_inline_tags_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.html"
    body = "<div>" * 400 + "<p>" + "<br>".join(CHANGLUO.read_text(encoding="utf-8").splitlines()) + "</p>"
    path.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    with pytest.raises(IngestError, match="deeper than 255 levels, even without its inline tags"):
        extract(path)
