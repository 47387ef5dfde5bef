"""The `gongkai` command: arguments, printing and exit codes only; the work is done elsewhere.

Exit codes: 0 success (findings or not), 1 some input could not be used, 2 usage errors.
"""

from __future__ import annotations

import functools
import signal
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from build_tools import __version__
from build_tools.findings import SEVERITY_ZH, format_finding
from build_tools.labels import SECTIONS, TABLE_NAMES, column_label, row_label
from build_tools.model import Report, report_json_schema

if TYPE_CHECKING:
    from build_tools.collect.run import UrlOutcome
    from build_tools.shards import Shard


class Stopped(SystemExit):
    """The command was asked to stop by a signal; raised where it runs, so that its clean-up runs too."""


def _stop(signum: int, _frame: object) -> None:
    raise Stopped(128 + signum)


def run() -> None:
    """The `gongkai` command: `main`, stopped by SIGTERM or SIGHUP as by Ctrl-C, through its clean-up.

    Python's default for those signals ends the process on the spot, leaving an import's staging for the
    next command to remove; raised as an exception instead, they let the command undo or finish its work.
    """
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGHUP, _stop)
    try:
        main()
    except Stopped as exc:
        name = signal.Signals(int(exc.code or 0) - 128).name
        click.echo(f"gongkai: stopped by {name}; the archive is as it was before this command, or holds "
                   "what it had finished", err=True)
        raise


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="gongkai")
def main() -> None:
    """Parse, check and publish government information-disclosure annual reports (政府信息公开工作年度报告)."""


@main.command("parse")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the open-data JSON: one object per file, a list when several.")
def parse_command(files: tuple[Path, ...], as_json: bool) -> None:
    """Parse report files (text or HTML in UTF-8, GB18030 or UTF-16) and print what they say."""
    from build_tools.pipeline import parse_files

    results = parse_files(list(files))
    failed = [r for r in results if r.error]
    reports = [r for r in results if r.report is not None]
    if as_json:
        objects = [r.report.to_json_dict() for r in reports if r.report is not None]
        payload: object = objects[0] if len(files) == 1 and objects else objects
        if objects:
            click.echo(json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=False))
    else:
        for n, r in enumerate(reports):
            if n:
                click.echo()
            click.echo(render_text(r.report, str(r.path)))  # type: ignore[arg-type]
    for r in failed:
        click.echo(f"{r.path}: error: {r.error}", err=True)
    sys.exit(1 if failed else 0)


@main.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of the open-data format (`gongkai parse --json`)."""
    click.echo(json.dumps(report_json_schema(), ensure_ascii=False, indent=2))


_STATE_MARK = {"blank": "空", "not_applicable": "/", "unreadable": "?", "unread": "未读", "inferred": "*",
               "decoded": "~", "absent": "-"}


def render_text(report: Report, path: str) -> str:
    """Render a report for a terminal: metadata, sections, the tables as grids, then findings."""
    from build_tools.render import fmt

    out: list[str] = []
    out.append(f"{path}")
    out.append(f"  机关 organ:        {report.organ or '（未找到）'}")
    out.append(f"  年度 year:         {report.year or '（未找到）'}")
    out.append(f"  层级 level:        {report.level.value}")
    out.append(f"  格式 format:       {report.format_version}")
    out.append(f"  发布 published:    {report.published.isoformat() if report.published else '（未印出）'}")
    region = report.region
    out.append(f"  地区 region:       {' › '.join(report.regions) or '（未确定）'}"
               + (f" [{region.code}]" if region.code else ""))
    out.append("  章节 sections:")
    for section in SECTIONS:
        found = getattr(report.sections, section.key)
        mark = f"line {found.line}: {found.heading}" if found else "（缺）missing"
        out.append(f"    {section.number}、{section.label}: {mark}")
    for table, field in (("t2", "active_disclosure"), ("t3", "applications"), ("t4", "review_litigation")):
        out.append(f"  {TABLE_NAMES[table]}:")
        values = report.table_values(field)
        cells = getattr(report.cells, field)
        if not values:
            out.append("    （未找到）not found")
            continue
        for row, cols in values.items():
            shown = []
            for col, value in cols.items():
                state = cells[row][col].state.value
                mark = _STATE_MARK.get(state, "")
                shown.append(f"{column_label(table, col)}={fmt(value) if value is not None else ''}{mark}")
            out.append(f"    {row_label(table, row, report.format_version)}: " + "  ".join(shown))
    counts: dict[str, int] = {}
    for f in report.findings:
        counts[f.severity.value] = counts.get(f.severity.value, 0) + 1
    summary = ", ".join(f"{n} {sev}" for sev, n in sorted(counts.items())) or "none"
    out.append(f"  findings: {summary}")
    for f in report.findings:
        out.append("    " + format_finding(path, f) + f"  ({SEVERITY_ZH[f.severity]}：{f.message})")
    return "\n".join(out)


def _repo_root() -> Path:
    """The folder holding mkdocs.yml: the current directory, or the checkout this package lives in."""
    here = Path.cwd()
    if (here / "mkdocs.yml").exists():
        return here
    package_root = Path(__file__).resolve().parent.parent
    if (package_root / "mkdocs.yml").exists():
        return package_root
    raise click.UsageError("mkdocs.yml not found: run gongkai from the archive's folder")


_CONTENT = click.option("--content", "content", type=click.Path(path_type=Path, file_okay=False),
                        default=Path("content"), show_default=True, help="The archive folder.")

PROGRESS_FROM = 10  # files: a shorter batch needs no progress bar

_STATUS_ZH = {"imported": "已导入", "imported_with_findings": "已导入（有检查结果）",
              "replaced": "已更换原件（旧版本保留在 previous/）", "duplicate": "重复（已存在）", "rejected": "拒绝"}


@main.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@_CONTENT
def import_command(paths: tuple[Path, ...], content: Path) -> None:
    """Add report files (or folders of them) to the archive; list every input with what became of it.

    Exit 1 when some file was rejected or a replaced report has corrections to review.
    """
    from build_tools.archive import expand_paths, import_files, is_archive
    from build_tools.sources import shown_path
    from build_tools.staging import ArchiveBusy

    if not is_archive(content):
        click.echo(f"{shown_path(content)} is not an archive yet: creating one there "
                   f"（新建档案：{shown_path(content)}）", err=True)
    files = expand_paths(list(paths))
    notify = functools.partial(click.echo, err=True)
    try:
        if len(files) >= PROGRESS_FROM:
            with click.progressbar(length=len(files), label="importing", file=sys.stderr,
                                   item_show_func=lambda p: shown_path(p.name) if p else "") as bar:
                def advance(path: Path) -> None:
                    bar.update(1, path)

                outcomes = import_files(files, content, progress=advance, notify=notify)
        else:
            outcomes = import_files(files, content, notify=notify)
    except ArchiveBusy as exc:
        click.echo(f"error: {exc}（另一个命令正在写入档案，请稍后再试）", err=True)
        sys.exit(1)
    except OSError as exc:  # the archive folder itself cannot be created or locked
        click.echo(f"error: cannot write the archive {shown_path(content)}: {exc.strerror or exc}", err=True)
        sys.exit(1)
    width = max((len(shown_path(o.path)) for o in outcomes), default=10)
    for o in outcomes:
        where = f" → {shown_path(o.directory)}" if o.directory and o.status != "rejected" else ""
        reason = f" ({shown_path(o.reason)})" if o.reason else ""
        click.echo(f"{shown_path(o.path):<{width}}  {o.status:<22} {_STATUS_ZH[o.status]}{where}{reason}")
        for kept in o.kept:
            click.echo(f"    kept correction 保留更正: {kept} (the new file reads this cell as the old one did)")
        for review in o.review:
            click.echo(f"    correction to review 更正需复核: {review} (not applied: the new file reads it "
                       "otherwise; set it again in report.yaml if it still holds)")
    counts = {s: sum(1 for o in outcomes if o.status == s) for s in _STATUS_ZH}
    click.echo(", ".join(f"{n} {s}" for s, n in counts.items()) + f" ({len(outcomes)} files)")
    review = sum(len(o.review) for o in outcomes)
    if review:
        click.echo(f"{review} corrections need review: the replaced reports' files read those cells otherwise "
                   f"（{review} 条更正需复核）")
    sys.exit(1 if counts["rejected"] or review else 0)


@main.command("check")
@_CONTENT
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
def check_command(content: Path, strict: bool) -> None:
    """Validate every data file of the archive and print its findings; writes nothing."""
    from build_tools.archive import is_archive
    from build_tools.pipeline import MissingArchive, check_archive
    from build_tools.staging import ArchiveBusy

    if not is_archive(content):
        click.echo(f"error: {MissingArchive(content)}", err=True)
        sys.exit(2)
    try:
        archive, errors = check_archive(content)
    except ArchiveBusy as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    for notice in archive.notices:
        click.echo(notice, err=True)
    counts = {"error": 0, "warning": 0, "info": 0}
    corrections = 0
    to_look: list[str] = []
    for stored in sorted(archive.reports, key=lambda s: (s.report.organ or "", s.report.year or 0,
                                                         str(s.directory))):
        report = stored.report
        if not report.findings and not report.corrections:
            continue
        header = f"{report.organ or '（机关未确定）'} {report.year or '（年度未确定）'} ({stored.directory})"
        click.echo(header)
        for f in report.findings:
            counts[f.severity.value] += 1
            click.echo(f"  {format_finding(str(stored.text_path), f)}  （{SEVERITY_ZH[f.severity]}：{f.message}）")
        for c in report.corrections:
            corrections += 1
            click.echo(f"  {stored.data_path}: corrected {c.path}: {_value(c.parsed)} → {_value(c.value)}"
                       f" ({c.reason or 'no reason given under notes'})（更正：{c.reason or '未注明理由'}）")
        click.echo()
        serious = {sev: sum(1 for f in report.findings if f.severity.value == sev) for sev in ("error", "warning")}
        if any(serious.values()):
            to_look.append(f"  {header}: {serious['error']} errors, {serious['warning']} warnings "
                           f"（{serious['error']} 个错误，{serious['warning']} 个警告）")
    for error in errors:
        click.echo(f"{error}", err=True)
        to_look.append(f"  {error.split(': ', 1)[0]}: invalid data file, left out of the site（数据文件无效，未发布）")
    click.echo(f"checked {len(archive.reports)} reports: {counts['error']} errors, {counts['warning']} warnings, "
               f"{counts['info']} notes, {corrections} corrections; {len(errors)} invalid data files"
               + ("" if strict else " (use --strict to fail on warnings)"))
    if to_look:
        click.echo(f"reports that need a look（需要查看的报告，{len(to_look)} 份）:")
        for line in to_look:
            click.echo(line)
    sys.exit(1 if errors or (strict and (counts["error"] or counts["warning"])) else 0)


def _value(value: object) -> str:
    """A value as `check` prints it: blank for null, never Python's None."""
    return "blank（空）" if value is None else repr(value) if isinstance(value, str) else str(value)


@main.command("build")
@_CONTENT
@click.option("--site-dir", type=click.Path(path_type=Path, file_okay=False), default=Path("site"),
              show_default=True, help="Where MkDocs writes the site.")
@click.option("--docs-dir", type=click.Path(path_type=Path, file_okay=False), default=Path(".docs"),
              show_default=True, help="Where the generated Markdown goes (git-ignored).")
@click.option("--strict", is_flag=True, help="Fail when a data file is invalid instead of leaving it out.")
@click.option("--markdown-only", is_flag=True, help="Write the Markdown and data files, do not run MkDocs.")
@click.option("--shard", metavar="CODE",
              help="Build only the reports placed in this region (a province code such as 36), or any shard "
                   "code `gongkai shards` prints (440000, 4401-4405), as a site of its own.")
@click.option("--portal", is_flag=True, help="Build the portal of a sharded archive: links to the shards, "
                                             "search across all of them for place names. It lists the shards of "
                                             "CONTENT/shards.txt when that file exists (refused when it has errors).")
@click.option("--shard-url", default="{code}/", show_default=True,
              help="Where shard {code} is published, relative to site_url or absolute.")
@click.option("--max-reports", type=click.IntRange(min=1), default=None, metavar="N",
              help="With --portal: the shard plan's maximum of reports per shard, as `gongkai shards` takes it "
                   "(a pinned plan only warns about shards above it) [default: 20000, MAX_SHARD_REPORTS].")
def build_command(content: Path, site_dir: Path, docs_dir: Path, strict: bool, markdown_only: bool,
                  shard: str | None, portal: bool, shard_url: str, max_reports: int | None) -> None:
    """Build the site: check the archive, write Markdown into --docs-dir, run MkDocs into --site-dir.

    --shard takes any region code: 36 builds 江西省 and everything below it, 4401 广州市 and below;
    a code padded to six digits builds the region alone (440000: the reports placed at 广东省 itself);
    a range of two codes of one level and one parent builds the regions between them, both included
    (4401-4405: 广州市 to 汕头市; 4400-4405 with the reports placed at 广东省 itself), as `gongkai
    shards` plans a split region.
    """
    from build_tools.pipeline import BuildError, MissingArchive, build, build_portal
    from build_tools.staging import ArchiveBusy

    if shard and portal:
        raise click.UsageError("--shard and --portal build different sites: give one of them")
    if max_reports is not None and not portal:
        raise click.UsageError("--max-reports plans the shards the portal lists: give it with --portal "
                               "(--shard builds the shard code it is given)")
    if "{code}" not in shard_url:
        raise click.UsageError("--shard-url must contain {code}")
    try:
        if portal:
            result = build_portal(content, None if markdown_only else site_dir, docs_dir, repo_root=_repo_root(),
                                  run=not markdown_only, shard_url=shard_url, max_reports=max_reports)
        else:
            result = build(content, None if markdown_only else site_dir, docs_dir, repo_root=_repo_root(),
                           strict=strict, run=not markdown_only, shard=shard, shard_url=shard_url)
    except MissingArchive as exc:
        click.echo(f"error: {exc}; {site_dir} left as it was", err=True)
        sys.exit(2)
    except (BuildError, ArchiveBusy) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    for notice in result.notices:
        click.echo(notice, err=True)
    for warning in result.warnings:
        click.echo(warning, err=True)
    for error in result.errors:
        click.echo(f"left out: {error}", err=True)
    where = f" into {site_dir}" if not markdown_only else f" (Markdown in {docs_dir})"
    if portal:
        click.echo(f"built the portal for {result.reports} reports{where}; {len(result.written)} files written")
        return
    outside = f"; {result.left_out} reports outside {shard}" if shard else ""
    click.echo(f"built {result.reports} reports{where}; {len(result.written)} files written, "
               f"{len(result.errors)} invalid data files left out{outside}")
    if result.unchanged:
        click.echo("nothing changed since the last build into this site dir: nothing written "
                   "(delete it for a full build)")
    if result.incremental:
        click.echo("MkDocs built only the pages that changed since the last build into this site dir "
                   "(delete it for a full build)")


@main.command("shards")
@_CONTENT
@click.option("--max-reports", type=click.IntRange(min=1), default=None, metavar="N",
              help="At most this many reports per shard before a region is split [default: 20000, MAX_SHARD_REPORTS].")
@click.option("--json", "as_json", is_flag=True, help="Print the shard codes as one JSON list (for a CI matrix).")
@click.option("--write", is_flag=True,
              help="Pin the plan in CONTENT/shards.txt: write the computed plan, or, when the file exists, add "
                   "shards for the reports no line holds; no line is ever changed.")
def shards_command(content: Path, max_reports: int | None, as_json: bool, write: bool) -> None:
    """Print the shard plan: the sites `gongkai build --shard CODE` builds for a national archive.

    A province with at most --max-reports reports is one shard; a bigger one is split into its
    prefecture-level regions, packed in code order into ranges of at most --max-reports reports
    (4401-4405: 广州市 to 汕头市; one prefecture alone keeps its code, 4401), and a prefecture still too
    big into its counties, packed the same way (440103-440112). The reports placed at a split region
    itself come first among its parts (4400-4405: 广东省 本级 and 广州市 to 汕头市), or alone form the
    shard of its code padded to six digits (440000: 广东省 本级).

    A shard's code is its address, so a published archive pins its plan in CONTENT/shards.txt (one
    code per line; --write creates it): then that file is the plan, checked against the archive.
    Errors (exit 1): a line that is not a shard code, overlapping shards, placed reports that no shard
    holds. Warnings: a shard above --max-reports (it still builds), a shard without reports.
    """
    from build_tools.gazetteer import load_gazetteer
    from build_tools.shards import (MAX_SHARD_REPORTS, SHARD_PLAN_FILE, placed, planned_shards, read_plan,
                                    scan_regions, write_plan)

    if not content.is_dir():
        raise click.UsageError(f"--content {content}: no such folder")
    if write and as_json:
        raise click.UsageError("--write pins the plan, --json prints it: give one of them")
    limit = MAX_SHARD_REPORTS if max_reports is None else max_reports
    gazetteer = load_gazetteer()
    regions = scan_regions(content)
    if write:
        from build_tools.staging import writing

        existed = (content / SHARD_PLAN_FILE).is_file()
        with writing(content):  # content/shards.txt is part of the archive: one writer at a time
            plan, added = write_plan(content, regions, gazetteer, limit)
    else:
        plan, added = read_plan(content, regions, gazetteer, limit), []
    if as_json:
        for problem in plan.problems:
            click.echo(str(problem), err=True)
        if plan.errors:
            sys.exit(1)
        click.echo(json.dumps(plan.codes))
        return
    shards = planned_shards(regions, gazetteer, max_reports=limit, plan=plan.codes)
    if write:
        counts = {s.code: s for s in shards}
        if added and not existed:
            click.echo(f"pinned the computed plan in {plan.path}:")
        for code in added:
            click.echo(f"{plan.path}:{plan.lines.get(code, '?')}: added {code} "
                       f"({counts[code].name}, {counts[code].reports} reports)")
        if existed and not added and not plan.errors:
            click.echo(f"every placed report is in a shard of {plan.path}: nothing added")
    elif plan.pinned:
        click.echo(f"plan pinned in {plan.path} (its codes are the shards' addresses; "
                   f"`gongkai shards --write` only adds shards)")
    else:
        click.echo(f"plan computed from the report counts, not pinned: no {plan.path} (a range's bounds, "
                   f"and so its address, can move as the archive grows; `gongkai shards --write` pins it)")
    if not write:
        click.echo(render_shards(shards, limit, plan.pinned))
    unplaced = sum(1 for r in regions if not placed(r.code, gazetteer))
    click.echo(f"{len(shards)} shards for {len(regions) - unplaced} reports (at most {limit} per shard)"
               + (f"; {unplaced} reports without a known region code belong to no shard" if unplaced else ""))
    for problem in plan.problems:
        click.echo(str(problem), err=True)
    if plan.errors:
        if write:
            click.echo(f"{plan.path} left as it was: correct the errors above first", err=True)
        sys.exit(1)


def render_shards(shards: list[Shard], limit: int, pinned: bool = False) -> str:
    """The shard plan as a table: code, reports, years, name; a shard above the limit (a county, or the
    reports of a region alone: the plan splits no further; in a pinned plan, any) is marked."""
    lines = [f"{'shard':<13} {'reports':>7}  {'years':<11} name"]
    for s in shards:
        years = f"{min(s.years)}–{max(s.years)}" if len(s.years) > 1 else "".join(str(y) for y in s.years) or "—"
        over = (f"  (more than {limit}{'' if pinned else ': not split further'})" if s.reports > limit else "")
        lines.append(f"{s.code:<13} {s.reports:>7}  {years:<11} {s.name}{over}")
    return "\n".join(lines)


@main.command("serve")
@_CONTENT
@click.option("--site-dir", type=click.Path(path_type=Path, file_okay=False), default=Path("site"), show_default=True)
@click.option("--port", type=int, default=8000, show_default=True)
def serve_command(content: Path, site_dir: Path, port: int) -> None:
    """Build the site, then serve it on http://127.0.0.1:PORT/ for a preview."""
    import functools
    import http.server

    from build_tools.pipeline import BuildError, build
    from build_tools.site import SiteRequestHandler

    try:
        build(content, site_dir, Path(".docs"), repo_root=_repo_root())
    except BuildError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    handler = functools.partial(SiteRequestHandler, directory=str(site_dir))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        click.echo(f"serving {site_dir} on http://127.0.0.1:{port}/ (Ctrl-C to stop)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass


_COLLECT_ZH = {"collected": "已采集", "unchanged": "未变化", "not_report": "不是年报", "failed": "失败",
               "list": "列表页", "skipped": "跳过", "would_collect": "将采集"}


@main.command("collect")
@click.argument("urls", nargs=-1, required=True)
@_CONTENT
@click.option("--dry-run", is_flag=True, help="Read the list pages and print what would be collected; "
                                              "fetch no report, write nothing.")
@click.option("--since", type=click.IntRange(1990, 2100), metavar="YEAR",
              help="Skip list entries whose title names a year before YEAR.")
@click.option("--delay", type=click.FloatRange(min=0), default=1.0, show_default=True, metavar="SECONDS",
              help="Wait at least this long between two requests to one host (longer when robots.txt asks).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True, metavar="SECONDS",
              help="Give up on a connection or a read silent this long.")
@click.option("--retries", type=click.IntRange(min=0, max=10), default=2, show_default=True,
              help="Retries after a network error, 429 or 5xx answer, waiting 2×, 4×… the delay.")
@click.option("--max-size", type=click.FloatRange(min=0.001), default=50.0, show_default=True, metavar="MB",
              help="Refuse a file larger than this, without downloading it whole.")
@click.option("--allow-private", is_flag=True,
              help="Allow loopback and private addresses (a test server, an intranet mirror).")
def collect_command(urls: tuple[str, ...], content: Path, dry_run: bool, since: int | None, delay: float,
                    timeout: float, retries: int, max_size: float, allow_private: bool) -> None:
    """Collect reports from government websites into the archive and list what became of every URL.

    A URL may be a list page (年报专栏: its report links and every page of its pagination are followed),
    a report page (the report in its body, or linked as a PDF, DOC, DOCX, WPS, ODT or .htm 正文
    attachment), or a report file. Each original is kept with where and when it was fetched
    (provenance.json). The state of earlier runs (CONTENT/collect-state.json) makes a second run ask
    only for what changed and an interrupted run pick up where it stopped. Exit 1 when some URL failed.
    """
    from build_tools.collect.fetch import Policy
    from build_tools.collect.run import collect
    from build_tools.collect.state import StateError

    policy = Policy(delay=delay, timeout=timeout, retries=retries, max_bytes=int(max_size * 1024 * 1024),
                    allow_private=allow_private)

    def report(outcome: UrlOutcome) -> None:
        click.echo(f"  {_collect_line(outcome)}", err=True)

    try:
        result = collect(list(urls), content, policy=policy, dry_run=dry_run, since=since, report=report)
    except StateError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    if result.resumed:
        click.echo("picked up the interrupted run: what it had finished was not fetched again")
    for outcome in result.outcomes:
        click.echo(_collect_line(outcome))
    counts = ", ".join(f"{result.count(s)} {s.replace('_', ' ')}" for s in
                       ("collected", "unchanged", "not_report", "failed", "list", "skipped", "would_collect")
                       if result.count(s) or s in ("collected", "unchanged", "not_report", "failed"))
    click.echo(f"{counts} ({len(result.outcomes)} URLs, {result.requests} requests)"
               + (" — dry run: nothing written" if dry_run else ""))
    sys.exit(1 if result.count("failed") else 0)


def _collect_line(outcome: UrlOutcome) -> str:
    """One URL's outcome: status, URL, where it went, why."""
    where = f" → {outcome.directory}" if outcome.directory and outcome.status in ("collected", "unchanged") else ""
    title = f" 《{_printable(outcome.title)}》" if outcome.title and outcome.status != "list" else ""
    reason = f" ({_printable(outcome.reason)})" if outcome.reason else ""
    return f"{outcome.status:<13} {_COLLECT_ZH[outcome.status]}  {_printable(outcome.url)}{title}{where}{reason}"


def _printable(text: str) -> str:
    """Text from a web page, safe to print: no control characters or line breaks."""
    return "".join(c if c.isprintable() else " " for c in text)
