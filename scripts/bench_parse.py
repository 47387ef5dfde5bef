"""Measure parse speed on one core: synthetic reports in every layout, read and checked as `gongkai parse` does.

    python scripts/bench_parse.py              # 660 reports, 60 per layout and per flattened page
    python scripts/bench_parse.py -n 2000 --profile

It also times loading the gazetteer once (target 0.3 s), which every command pays on its first report.

Texts are generated before the clock starts. Two figures are timed per layout: `parse_text` (read the
text into the validated Report) and `parse_report` (the same plus the single-report checks, as
`gongkai parse` runs them), in CPU time of this process, each the best of `--repeat` rounds, so other work
on the machine hardly counts. The layouts are `synth.LAYOUTS` and the crawler's flattened pages
`synth.FLATTENINGS` (one line; cells glued; a narrative line and one cell per line). The target is 300
reports per second.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import sys
import time
from collections.abc import Callable

from build_tools import synth
from build_tools.gazetteer import load_gazetteer
from build_tools.parse import parse_report, parse_text
from build_tools.sources import SourceFile, source_from_text

TARGET = 300.0


def make_sources(count: int, seed: int, layouts: tuple[str, ...]) -> dict[str, list[SourceFile]]:
    """Generate `count` reports spread evenly over the layouts."""
    rng = random.Random(seed)
    out: dict[str, list[SourceFile]] = {layout: [] for layout in layouts}
    for n in range(count):
        layout = layouts[n % len(layouts)]
        report = synth.random_report(rng)
        text = synth.flatten(report, layout) if layout in synth.FLATTENINGS else synth.write(report, layout)
        out[layout].append(source_from_text(f"bench-{n}.{layout}", text))
    return out


def time_layout(sources: list[SourceFile], parse: Callable[[SourceFile], object], repeat: int) -> float:
    """Return the best time, in seconds, to parse every source once."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        for source in sources:
            parse(source)
        best = min(best, time.process_time() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", "--count", type=int, default=660, help="number of reports (default 660)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    choices = synth.LAYOUTS + synth.FLATTENINGS
    parser.add_argument("--layouts", default=",".join(choices), help="comma-separated layouts")
    parser.add_argument("--repeat", type=int, default=3, help="rounds per layout; the best counts (default 3)")
    parser.add_argument("--profile", action="store_true", help="print the 25 costliest functions (cProfile)")
    args = parser.parse_args(argv)
    layouts = tuple(name for name in args.layouts.split(",") if name)
    unknown = [name for name in layouts if name not in choices]
    if unknown or not layouts:
        parser.error(f"unknown layout(s) {', '.join(unknown)}; choose from {', '.join(choices)}")

    sources = make_sources(args.count, args.seed, layouts)
    load_gazetteer.cache_clear()
    start = time.perf_counter()
    load_gazetteer()
    print(f"gazetteer loaded in {time.perf_counter() - start:.2f} s (target 0.3 s)")
    parse_report(next(s for group in sources.values() for s in group))
    totals = {"parse": 0.0, "check": 0.0}
    count = 0
    print(f"{'layout':<10} {'reports':>8} {'parse/s':>9} {'parse+check/s':>14}")
    for layout, group in sources.items():
        parse_only = time_layout(group, parse_text, args.repeat)
        with_checks = time_layout(group, parse_report, args.repeat)
        totals["parse"] += parse_only
        totals["check"] += with_checks
        count += len(group)
        print(f"{layout:<10} {len(group):>8} {len(group) / parse_only:>9.1f} {len(group) / with_checks:>14.1f}")
    parse_rate, check_rate = count / totals["parse"], count / totals["check"]
    print(f"{'all':<10} {count:>8} {parse_rate:>9.1f} {check_rate:>14.1f}")
    verdict = "meets" if parse_rate >= TARGET else "is below"
    print(f"parse speed {parse_rate:.0f} reports/s on one core {verdict} the target of {TARGET:.0f}/s; "
          f"with the checks {check_rate:.0f}/s")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for group in sources.values():
            time_layout(group, parse_report, 1)
        profiler.disable()
        pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main())
