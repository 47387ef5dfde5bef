"""No page grows with the archive: a few hundred generated reports with findings, built for real.

The reports (build_tools/synth.py, placed like a real archive by scripts/benchmark.py) all come from one
province and two years, with blank cells and broken sums among them, so the pages that would grow with
the archive are at their largest here: the year pages, the province page, the data-quality pages.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from build_tools import synth
from build_tools.pipeline import check_archive
from build_tools.render import MAX_LISTED

from test_build import build_archive
from test_search_scale import _benchmark

N = 240
PROVINCE = "36"
BOUND = 250_000
"""Bytes of HTML no page may exceed, whatever the number of reports (a report page holds its original)."""


def _originals(n: int) -> dict[str, bytes]:
    """n report files of one province's organs in 2022 and 2023; some blank cells, some broken sums."""
    bench = _benchmark()
    rng = random.Random(12)
    out: dict[str, bytes] = {}
    for organ, years in bench.realistic_organs(rng, bench.load_gazetteer()):
        if not organ.place.code.startswith(PROVINCE):
            continue
        for year in (2023, 2022)[: len(years)]:
            if len(out) == n:
                return out
            report = bench.realistic_report(rng, organ, year)
            if len(out) % 3 == 0:
                report = synth.with_marks(report, rng, rng.randint(1, 12))
            if len(out) % 5 == 0:
                report = synth.with_cell(report, "t3", "granted", "natural_person",
                                         report.t3["granted"]["natural_person"] + 7)
            layout = synth.LAYOUTS[len(out) % len(synth.LAYOUTS)]
            out[f"{len(out):04d}-{layout}.{'html' if layout == 'html' else 'txt'}"] = \
                synth.write(report, layout).encode("utf-8")
    return out


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("many-reports")
    return build_archive(root, _originals(N)).site


def test_no_page_grows_with_the_number_of_reports(many: Path) -> None:
    reports = check_archive(many.parent / "content")[0].reports
    assert len(reports) == N
    ids = {f.id for s in reports for f in s.report.findings}
    assert {"F-02", "F-03", "F-06"} <= ids, ids  # the archive has findings of its own faults to list
    in_2023 = sum(1 for s in reports if s.report.year == 2023)
    assert in_2023 > MAX_LISTED  # the year page and the province page are past what they list one by one
    sizes = {p.relative_to(many).as_posix(): p.stat().st_size for p in many.rglob("*.html")}
    largest = max(sizes, key=sizes.__getitem__)
    assert sizes[largest] <= BOUND, (largest, sizes[largest])
    # The pages that once listed the whole archive now list regions or one county's reports.
    for page in ("quality/index.html", "quality/2023/index.html", f"quality/{PROVINCE}/index.html",
                 "year/2023/index.html", f"region/{PROVINCE}/index.html"):
        assert sizes[page] <= BOUND // 2, (page, sizes[page])
    # A county's reports of every year are on its own page, one page per county.
    county_pages = [p for p in sizes if p.startswith(f"quality/{PROVINCE}") and len(p.split("/")[1]) == 6]
    assert len(county_pages) > 1


def test_the_quality_pages_name_every_report_with_its_own_faults_once(many: Path) -> None:
    """Split as it is, the data-quality section still lists every report of the archive, on exactly one page."""
    reports = check_archive(many.parent / "content")[0].reports
    pages = [p.read_text(encoding="utf-8") for p in (many / "quality").glob("*/index.html")]
    listed = sum(page.count('<p class="quality-report">') for page in pages)
    assert listed == len(reports)
    assert not [p for p in pages if "/tmp/" in p or "Traceback" in p]
