"""Rendered pages: golden Markdown of the seeds' report, township and county pages, and what they must show.

The goldens are rendered from the five seeds imported into an empty archive, so maintainer corrections in
content/ never change them. Each was read against its seed: figures, blanks, inferred cells, source links.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from pathlib import Path

import pytest

from build_tools.archive import StoredReport, import_files, load_stored
from build_tools.gazetteer import load_gazetteer
from build_tools.model import Report
from build_tools.pages import ReportEntry, Site, build_site_model, format_rate
from build_tools.pipeline import check_archive, site_files
from build_tools.render import comparison_table, render_region, render_report, rollup_table

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = sorted((FIXTURES / "seeds").glob("*.txt"))
SEED_URLS = {
    "000_7a49fdbfa9f4603b": ("r/500242224/2023/", "region/500242224/"),
    "001_254fef836bd803ec": ("r/520281106/2023/", "region/520281106/"),
    "002_bdd9a7f7e7a1e73b": ("r/330182202/2023/", "region/330182202/"),
    "003_df809919c7a5e4a0": ("r/360704203/2023/", "region/360704203/"),
    "004_614567a681452a82": ("r/630223208/2023/", "region/630223208/"),
}
COUNTY_OF_CHANGLUO = "region/360704/"


@functools.cache
def _seed_site(content: Path) -> tuple[Site, dict[str, str | bytes]]:
    outcomes = import_files(SEEDS, content)
    assert all(o.status.startswith("imported") for o in outcomes), [(o.path, o.reason) for o in outcomes]
    archive, errors = check_archive(content)
    assert errors == []
    site = build_site_model(archive, load_gazetteer(), errors)
    return site, site_files(site)


@pytest.fixture(scope="session")
def seed_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str | bytes]:
    """Every generated file of the seeds' site, by its path in the docs dir."""
    return _seed_site(tmp_path_factory.getbasetemp() / "render-seeds" / "content")[1]


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return _seed_site(tmp_path_factory.getbasetemp() / "render-seeds" / "content")[0]


def _page(pages: dict[str, str | bytes], url: str) -> str:
    text = pages[f"{url}index.md"]
    assert isinstance(text, str)
    return text


def _row(page: str, label: str) -> str:
    """The HTML of the table row whose header cell holds label."""
    match = re.search(r"<tr><th scope=row>[　]*(?:<a href=#L\d+>)?" + re.escape(label) + r"(?:</a>)?<td[^\n]*",
                      page)  # a row is a line, its cells' end tags left out
    assert match, label
    return match.group(0)


# Goldens -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("stem", sorted(SEED_URLS))
def test_report_page_matches_golden(seed_pages: dict[str, str | bytes], golden, stem: str) -> None:
    golden(f"pages/{stem}.report.md", _page(seed_pages, SEED_URLS[stem][0]))


@pytest.mark.parametrize("stem", sorted(SEED_URLS))
def test_township_page_matches_golden(seed_pages: dict[str, str | bytes], golden, stem: str) -> None:
    golden(f"pages/{stem}.township.md", _page(seed_pages, SEED_URLS[stem][1]))


def test_county_page_of_changluo_matches_golden(seed_pages: dict[str, str | bytes], golden) -> None:
    golden("pages/360704.county.md", _page(seed_pages, COUNTY_OF_CHANGLUO))


# What the goldens were checked for ---------------------------------------------------------------


def test_blank_applicant_columns_show_as_blank(seed_pages: dict[str, str | bytes]) -> None:
    """Seed 004 prints only the 总计 column of table 3: the six applicant columns are 空白, never 0."""
    page = _page(seed_pages, "r/630223208/2023/")
    row = _row(page, "一、本年新收政府信息公开申请数量")
    cells = re.findall(r"<td(?: class=\"([^\"]+)\")?[^>]*>(.*?)(?=<td|$)", row)
    assert [cls for cls, _ in cells] == ["cell-blank"] * 6 + [""]
    assert [re.sub(r"<[^>]+>", "", inner) for _, inner in cells] == ["空白"] * 6 + ["0"]
    # The row was printed on line 40: its label links there, its figures are bare and their titles do not
    # say the line again.
    assert 'title="原文空白（不等于 0）"' in row
    assert "<th scope=row><a href=#L40>一、本年新收" in row and row.endswith("<td>0")


def test_inferred_cells_and_blank_review_block_of_seed_003(seed_pages: dict[str, str | bytes]) -> None:
    """Seed 003 drops one figure from rows 5.–8. of （三） and all of （四）（五）: filled in from the
    arithmetic and marked inferred; its 行政复议 block is printed empty and shows 空白."""
    page = _page(seed_pages, "r/360704203/2023/")
    for label, line in (("5.属于三类内部事务信息", 63), ("8.属于行政查询事项", 66), ("1.本机关不掌握相关政府信息", 67),
                        ("5.要求行政机关确认或重新出具已获取信息", 74)):
        row = _row(page, label)
        assert row.count('<td class="cell-inferred"') == 7, label
        assert f"<a href=#L{line}>" in row and 'title="按表格勾稽关系推算"' in row
    row = _row(page, "4.保护第三方合法权益")
    assert "cell-inferred" not in row and row.count("<td>") == 7
    review = _row(page, "行政复议")
    assert review.count('<td class="cell-blank"') == 5 and review.count(">空白") == 5
    assert "<a href=#L87>行政复议</a>" in review
    assert _row(page, "行政诉讼 / 未经复议直接起诉").count("<td>") == 5


def test_report_page_links_figures_and_findings_to_source_lines(seed_pages: dict[str, str | bytes]) -> None:
    page = _page(seed_pages, "r/500242224/2023/")
    assert re.search(r"<th scope=row><a href=#L\d+>[^<]+</a><td>0<td>", page)  # its row's line
    page = _page(seed_pages, "r/360704203/2023/")
    assert '（<a href="#L87">原文第 87 行</a>）' in page
    assert '<a href="../../../method/#f-06">F-06 单元格齐全</a>' in page
    # The original is on the page, folded, every line with the anchor the figures link to.
    assert "r/360704203/2023/source.md" not in seed_pages
    source = page[page.index("## 原文"):]
    assert '<details class="source" id="source" data-search-exclude>' in source
    assert "<li id=L87>" in source  # an item of a list numbered from L1
    assert source.index('<ol class="source"><li id=L1>') < source.index("<li id=L2>")
    assert '<a href="#source">查看原文</a>' in page


def test_tables_stand_in_their_sections(seed_pages: dict[str, str | bytes]) -> None:
    """Sections 二, 三, 四 are the tables: each heading is followed by its table, not left empty."""
    page = _page(seed_pages, "r/360704203/2023/")
    headings = re.findall(r"^## (.+)$", page, re.MULTILINE)
    assert headings == ["检查结果", "前言", "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项",
                        "原文"]
    for number, marker in (("二", "第二十条第（一）项"), ("三", "申请人情况"), ("四", "结果维持")):
        section = page.split(f"## {number}、")[1].split("\n## ")[0]
        assert marker in section, number


def test_preamble_is_shown(seed_pages: dict[str, str | bytes]) -> None:
    """What a report says before 一、总体情况 is part of it (seed 001 opens with a paragraph)."""
    page = _page(seed_pages, "r/520281106/2023/")
    assert "## 前言\n" in page
    assert "2023年，我镇在市委、市政府的正确领导下" in page.split("## 前言")[1].split("## 一、")[0]


def test_report_page_is_found_by_its_place_names(seed_pages: dict[str, str | bytes]) -> None:
    """The region path stands outside the search-excluded table, so 长洛乡 finds its report."""
    page = _page(seed_pages, "r/360704203/2023/")
    crumbs = re.search(r'^<p class="crumbs">(.*)</p>$', page, re.MULTILINE).group(1)
    assert re.sub(r"<[^>]+>", "", crumbs) == "江西省 › 赣州市 › 赣县区 › 长洛乡"
    assert '<a href="../../../region/360704203/">长洛乡</a>' in crumbs


# 公开率 and sums --------------------------------------------------------------------------------


def test_rate_is_counts_below_five_cases_and_a_percentage_from_five() -> None:
    assert format_rate(None) == "—"
    assert format_rate((0, 0)) == "无办理"
    assert format_rate((1, 1)) == "1/1 件"
    assert format_rate((3, 4)) == "3/4 件"
    assert format_rate((4, 5)) == "80.0%"
    assert format_rate((7, 8)) == "87.5%"


def _with_table3(report: Report, figures: dict[str, int]) -> Report:
    data = report.to_json_dict()
    for row, total in figures.items():
        data["applications"][row]["total"] = total
    return Report.model_validate(data)


def _entry_with(entry: ReportEntry, report: Report) -> ReportEntry:
    return ReportEntry(StoredReport(entry.stored.directory, report, entry.stored.original), entry.slug, entry.place)


def test_rate_in_the_comparison_table(seed_site: Site) -> None:
    """A report that granted its one request shows 1/1 件; one with eight requests shows a percentage."""
    entry = next(e for e in seed_site.entries if e.url == "r/360704203/2023/")
    one = _with_table3(entry.report, {"granted": 1, "total_processed": 1, "new_received": 1})
    eight = _with_table3(entry.report, {"granted": 6, "partially_granted": 1, "total_processed": 8})
    table = comparison_table("region/360704/", [_entry_with(entry, one), _entry_with(entry, eight)])
    rows = [re.findall(r"<td>([^<]*)</td>", row) for row in table.split("</tr>") if "<td>" in row]
    assert "1/1 件" in rows[0] and "87.5%" in rows[1]
    assert "87.5%" not in rows[0] and "件" not in "".join(rows[1])


def test_sum_over_no_printed_figure_is_not_zero(seed_site: Site) -> None:
    """Seed 003 leaves 行政复议 blank: the sum over it says — with the count, not 0."""
    entry = next(e for e in seed_site.entries if e.url == "r/360704203/2023/")
    table = rollup_table([entry])
    assert "<td>—（0/1 份报告填写）</td>" in table
    assert "<td>0（0/1 份报告填写）</td>" not in table


def test_corrected_cell_shows_its_parsed_value(tmp_path: Path, seed_site: Site) -> None:
    """A maintainer's correction is marked cell-corrected, names the parsed value and lists the reason."""
    content = tmp_path / "content"
    (outcome,) = import_files([p for p in SEEDS if p.stem.startswith("003")], content)
    data = outcome.directory / "report.yaml"
    text = data.read_text(encoding="utf-8")
    text = text.replace("  granted: {natural_person: 0,", "  granted: {natural_person: 2,", 1)
    text = text.replace("notes: {}", "notes:\n  applications.granted.natural_person: 纸质版为 2 件")
    data.write_text(text, encoding="utf-8")
    entry = next(e for e in seed_site.entries if e.url == "r/360704203/2023/")
    page = render_report(seed_site, _entry_with(entry, load_stored(outcome.directory).report), "")
    row = _row(page, "（一）予以公开")
    assert "<a href=#L57>（一）予以公开</a><td class=\"cell-corrected\" title=\"维护者更正：“0”；解析值 0\">2<td>" in row
    assert "<td>日期未注明</td><td>更正 applications.granted.natural_person：0 → 2</td><td>纸质版为 2 件</td>" in page


def test_quality_paths_are_the_quality_pages_below_the_top(seed_site: Site) -> None:
    """The pages search_index.page_paths() keeps out of Material's index are the ones quality_pages() writes."""
    from build_tools.render import quality_pages, quality_paths

    pages = quality_pages(seed_site)
    assert quality_paths(seed_site) == set(pages) - {"quality.md"}
    assert all("exclude: true" in pages[p] for p in quality_paths(seed_site))


def test_findings_of_one_check_on_one_table_are_one_line(seed_pages: dict[str, str | bytes]) -> None:
    """东沟乡 has blank cells in 23 rows of table 3: one F-06 line naming the rows; reading notes apart."""
    page = str(seed_pages["r/630223208/2023/index.md"])
    findings = page[page.index("## 检查结果"):page.index("## 一、")]
    own, _, notes = findings.partition('<details class="reading-notes">')
    assert own.count("F-06 单元格齐全") == 1 and "表三，共 23 处" in own
    assert "一、本年新收政府信息公开申请数量" in own and "L-0" not in own
    assert "L-03" in notes
    verdict = page[page.index('<p class="verdict">'):page.index("</p>", page.index('<p class="verdict">'))]
    assert "检查发现本报告有 2 项问题" in verdict and "不是报告的问题" in verdict
    assert '<span class="badge-warn">2 个警告</span>' in page


def test_a_township_page_sums_its_years_only_when_a_year_has_several_reports(seed_site: Site) -> None:
    """With one report a year the sums would repeat the figures of the table of reports: they are left out."""
    entry = next(e for e in seed_site.entries if e.url == "r/360704203/2023/")
    page = seed_site.regions["360704203"]
    earlier = _entry_with(entry, entry.report.model_copy(update={"year": 2022}))
    one_a_year = dataclasses.replace(page, reports=[entry, earlier])
    text = render_region(seed_site, one_a_year)
    assert "## 历年报告" in text and text.count("<tr><td><a href") == 2
    assert "## 历年关键数字" not in text
    two_in_2023 = dataclasses.replace(page, reports=[entry, entry, earlier])
    text = render_region(seed_site, two_in_2023)
    assert "## 历年关键数字" in text
    sums = text[text.index("## 历年关键数字"):]
    assert re.search(r"<tr><td>2023</td><td>2</td>", sums) and re.search(r"<tr><td>2022</td><td>1</td>", sums)


def test_a_county_file_holding_the_same_is_kept_not_zipped_again(seed_site: Site, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A build keeps the county data files of the last build whose reports are the same (zipping them
    again is most of their cost); a file that differs is made again, the same bytes as a first build's."""
    import gzip

    from build_tools import downloads

    records: dict = {}
    first = site_files(seed_site, records=records)
    counties = {path: data for path, data in first.items() if path.startswith("data/county/")}
    assert len(counties) == 5
    for path, data in counties.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes(data)
    stale = "data/county/360704.json.gz"
    (tmp_path / stale).write_bytes(gzip.compress(b"[\n]\n", mtime=0))
    zipped: list[bytes] = []
    compress = gzip.compress
    monkeypatch.setattr(downloads.gzip, "compress", lambda data, **kw: zipped.append(data) or compress(data, **kw))
    again = downloads.county_files(seed_site, records, tmp_path)
    assert {p: d for p, d in again.items() if p in counties} == counties
    assert len(zipped) == 1 and b'"id":"360704203/2023"' in zipped[0]
