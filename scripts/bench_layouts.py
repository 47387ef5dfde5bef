"""Print the layout matrix: synthetic reports on a government page, run through text browsers and converters.

    python scripts/bench_layouts.py                  # every layout
    python scripts/bench_layouts.py --layouts w3m,lynx --keep /tmp/m

For each layout: the share of cells read exactly, cells left unread with a finding, cells silently wrong
(which must be 0), cells lost without a finding, reports refused, and reports whose organ or year came out wrong. Needs w3m, lynx,
pandoc, poppler-utils and LibreOffice (`make layout-tools`) and html2text from PyPI.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from build_tools import synth_page


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--layouts", default=",".join(synth_page.PAGE_LAYOUTS), help="comma-separated layouts")
    parser.add_argument("--keep", type=Path, help="keep the pages and converted texts in this directory")
    parser.add_argument("--verbose", action="store_true", help="list every wrong cell and metadata miss")
    args = parser.parse_args(argv)
    layouts = tuple(name for name in args.layouts.split(",") if name)
    unknown = [name for name in layouts if name not in synth_page.PAGE_LAYOUTS]
    if unknown or not layouts:
        parser.error(f"unknown layout(s) {', '.join(unknown)}; choose from {', '.join(synth_page.PAGE_LAYOUTS)}")
    missing = synth_page.missing_tools()
    if missing:
        parser.error(f"missing tools: {', '.join(missing)} (run `make layout-tools`)")
    reports = synth_page.matrix_reports()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = args.keep or Path(tmp)
        texts = synth_page.matrix_texts(reports, layouts, workdir)
        if args.keep:
            for (layout, i), text in texts.items():
                (workdir / f"report-{i}.{layout}.txt").write_text(text, encoding="utf-8")
    print(f"{'layout':<18} {'cells':>6} {'exact':>8} {'unread':>7} {'lost':>5} {'wrong':>6} {'refused':>8} "
          f"{'organ':>6} {'year':>5}")
    all_cells = all_exact = all_wrong = 0
    for layout in layouts:
        cases = [synth_page.read_case(layout, i, texts[layout, i], r) for i, r in enumerate(reports)]
        total = synth_page.Score()
        for case in cases:
            total.add(case.score)
        cells = sum(sum(len(cols) for cols in rows.values()) for r in reports
                    for rows in synth_page.synth.cells(r).values())
        refused = sum(1 for c in cases if c.refused)
        organ = sum(1 for c in cases if c.organ_ok)
        year = sum(1 for c in cases if c.year_ok)
        all_cells += cells
        all_exact += total.exact
        all_wrong += len(total.wrong)
        print(f"{layout:<18} {cells:>6} {total.exact / cells:>8.1%} {total.flagged:>7} {len(total.lost):>5} {len(total.wrong):>6} "
              f"{refused:>8} {organ:>3}/{len(cases)} {year:>2}/{len(cases)}")
        if args.verbose:
            for case in cases:
                for wrong in case.score.wrong + case.score.lost:
                    print(f"    report-{case.index}: {wrong}")
                if case.refused:
                    print(f"    report-{case.index}: refused: {case.refused}")
                elif not (case.organ_ok and case.year_ok):
                    print(f"    report-{case.index}: organ {case.report.organ!r} year {case.report.year} "
                          f"(expected {case.expected.organ!r} {case.expected.year})")
    print(f"{'all':<18} {all_cells:>6} {all_exact / all_cells:>8.1%} {'':>7} {all_wrong:>6}")
    return 1 if all_wrong else 0


if __name__ == "__main__":
    sys.exit(main())
