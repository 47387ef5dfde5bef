"""Page models → Markdown (with HTML tables). Every string from a report is escaped before it is written.

Report text is untrusted: it goes into the page through `esc` (HTML) or `md_text` (Markdown), never raw.
Tables are HTML inside a `data-search-exclude` wrapper, so figures stay out of the search index.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from typing import Iterable

import yaml

from build_tools.checks.registry import CATALOGUE, CHECKS
from build_tools.checks.timeliness import deadline
from build_tools.findings import SEVERITY_ZH, Finding
from build_tools.labels import (
    SECTIONS,
    T2_COLUMNS,
    T2_ROWS,
    T3_COLUMNS,
    T3_ROWS,
    T3_SUBTOTAL,
    T4_COLUMNS,
    T4_GROUPS,
    column_label,
)
from build_tools.model import Cell, Report, report_json_schema
from build_tools.pages import (
    KEY_FIGURES,
    SUMMED,
    RegionPage,
    ReportEntry,
    Site,
    format_rate,
    quality,
    relative,
    rollup,
    short_label,
    timeliness,
)

_EPOCH = dt.date(1970, 1, 1)
LEVEL_ZH = {"township": "乡镇", "street": "街道", "county": "县级", "city": "地级", "province": "省级",
            "department": "部门", "other": "其他"}
PLACE_LEVEL_ZH = {"province": "省级", "city": "地级", "county": "县级", "township": "乡级"}
STATE_ZH = {"number": "原文数字", "blank": "原文空白（不等于 0）", "not_applicable": "原文填写不适用符号",
            "unreadable": "原文不是有效数字", "unread": "未能读取（原文此行缺少数字，无法确定所在列）",
            "inferred": "按表格勾稽关系推算", "decoded": "由连在一起的数字拆分", "absent": "原表没有此行",
            "corrected": "维护者更正"}
STATE_CLASS = {"blank": "cell-blank", "not_applicable": "cell-na", "unreadable": "cell-unreadable",
               "unread": "cell-unread", "inferred": "cell-inferred", "decoded": "cell-inferred",
               "absent": "cell-blank", "corrected": "cell-corrected"}
TABLE_FIELDS = (("t2", "active_disclosure"), ("t3", "applications"), ("t4", "review_litigation"))

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")
_TITLE_UNSAFE = str.maketrans({"<": "＜", ">": "＞", "&": "＆", '"': "＂", "'": "＇", "`": "｀", "\n": " "})


def esc(text: object) -> str:
    """Escape any text for HTML, quotes included."""
    return html.escape(str(text), quote=True)


def md_text(text: object) -> str:
    """Escape text for a Markdown line: HTML first, then every Markdown special character."""
    return _MD_SPECIAL.sub(r"\\\1", esc(text).replace("\n", " "))


def safe_title(text: str) -> str:
    """A page title that cannot form HTML wherever the theme puts it: <>&"' become full-width."""
    return text.translate(_TITLE_UNSAFE)


_YAML_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml when PyYAML has it


def front_matter(title: str, **meta: object) -> str:
    data = {"title": safe_title(title), **meta}
    return "---\n" + yaml.dump(data, Dumper=_YAML_DUMPER, allow_unicode=True, sort_keys=True, width=1000) + "---\n\n"


def fmt(value: object) -> str:
    """The one number formatter: a figure exactly as it reads (20560.75 stays 20560.75), — for none."""
    if value is None:
        return "—"
    if isinstance(value, float):
        text = repr(value)
        return text[:-2] if text.endswith(".0") else text
    return str(value)


def table_html(headers: list[str], rows: Iterable[list[str]], *, sortable: bool = True) -> str:
    """The one comparison table: headers are plain text, cells are HTML already escaped by the caller."""
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "\n".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    attrs = "" if sortable else " data-no-sort"
    return (f'<div class="table-scroll" data-search-exclude>\n<table{attrs}>\n<thead><tr>{head}</tr></thead>\n'
            f"<tbody>\n{body}\n</tbody>\n</table>\n</div>\n")


def link(from_url: str, to_url: str, text: str) -> str:
    return f'<a href="{esc(relative(from_url, to_url))}">{esc(text)}</a>'


def badge(entry: ReportEntry) -> str:
    cls, label = quality(entry)
    return f'<span class="{cls}">{esc(label)}</span>'


# Report page ---------------------------------------------------------------------------------------


def _cell_html(cell: Cell | None, value: object, source_url: str, original_value: object = None) -> str:
    if cell is None:
        return '<td class="cell-blank" title="原表没有此单元格">—</td>'
    state = cell.state.value
    title = STATE_ZH.get(state, state)
    if cell.line:
        title += f"；原文第 {cell.line} 行"
    if cell.raw:
        title += f"：“{cell.raw}”"
    if state == "corrected":
        title += f"；解析值 {'空白' if original_value is None else fmt(original_value)}"
    if value is None:
        shown = {"blank": "空白", "not_applicable": cell.raw or "/", "unreadable": cell.raw or "?",
                 "unread": "未读取", "absent": "—", "corrected": "空白"}.get(state, "—")
    else:
        shown = fmt(value)
    inner = esc(shown)
    if cell.line:
        inner = f'<a href="{esc(source_url)}#L{cell.line}">{inner}</a>'
    cls = STATE_CLASS.get(state, "")
    cls_attr = f' class="num {cls}"' if cls else ' class="num"'
    if state == "number" and cell.line and cell.raw == shown:
        # A figure as printed needs no title: its state is plain, its line is its link (a sixth of a page).
        return f'<td{cls_attr}>{inner}</td>'
    return f'<td{cls_attr} title="{esc(title)}">{inner}</td>'


def _grid(report: Report, table: str, field: str, rows: list[tuple[str, str, int]], columns: list[str],
          source_url: str) -> str:
    values = report.table_values(field)
    cells = getattr(report.cells, field)
    parsed = {c.path: c.parsed for c in report.corrections}
    out = []
    for key, label, indent in rows:
        if key.startswith("h:"):
            out.append(f'<tr><th colspan="{len(columns) + 1}" class="group">{esc(label)}</th></tr>')
            continue
        pad = "　" * indent
        tds = "".join(_cell_html(cells.get(key, {}).get(col), values.get(key, {}).get(col), source_url,
                                 parsed.get(f"{field}.{key}.{col}"))
                      for col in columns)
        out.append(f'<tr><th scope="row">{pad}{esc(label)}</th>{tds}</tr>')
    return "\n".join(out)


def _t3_rows(report: Report) -> list[tuple[str, str, int]]:
    present = set(report.table_values("applications"))
    rows: list[tuple[str, str, int]] = []
    groups_done: set[str] = set()
    for row in T3_ROWS:
        if row.key not in present and row.key in ("other_handling", "other_overdue_correction", "other_overdue_fee",
                                                  "other_other"):
            continue
        if row.key == "granted" and "三、本年度办理结果" not in groups_done:
            rows.append(("h:results", "三、本年度办理结果", 0))
            groups_done.add("三、本年度办理结果")
        group = row.group if row.group.startswith("（") and row.key not in ("other_handling",) else ""
        if group and group != "三、本年度办理结果" and group not in groups_done:
            rows.append((f"h:{group}", group, 1))
            groups_done.add(group)
        indent = 2 if group and group != "三、本年度办理结果" else (1 if row.group else 0)
        rows.append((row.key, row.label, indent))
    return rows


_NO_TABLE = "原文未找到此表。\n"


def _scroll_table(inner: str) -> str:
    return f'<div class="table-scroll" data-search-exclude>\n<table data-no-sort>\n{inner}\n</table>\n</div>\n'


def _table2_html(report: Report, source_url: str) -> str:
    t2 = report.table_values("active_disclosure")
    if not t2:
        return _NO_TABLE
    groups: dict[str, list] = {}
    for row in T2_ROWS[report.format_version]:
        if row.key in t2:
            groups.setdefault(row.group, []).append(row)
    label_of = report.layout.t2_row_labels
    parts = []
    for group, rows in groups.items():
        cols = list(rows[0].columns)
        head = "".join(f"<th>{esc(T2_COLUMNS[c].label)}</th>" for c in cols)
        parts.append(f'<tr><th colspan="{len(cols) + 1}" class="group">{esc(group)}</th></tr>')
        parts.append(f"<tr><th>信息内容</th>{head}</tr>")
        parts.append(_grid(report, "t2", "active_disclosure",
                           [(r.key, label_of.get(r.key) or r.label, 0) for r in rows], cols, source_url))
    return _scroll_table("\n".join(parts))


def _table3_html(report: Report, source_url: str) -> str:
    if not report.table_values("applications"):
        return _NO_TABLE
    cols = [c.key for c in T3_COLUMNS]
    if report.layout.t3_subtotal_column:
        cols.insert(6, T3_SUBTOTAL.key)
    org = [c for c in cols if c not in ("natural_person", "total")]
    head = ('<tr><th rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</th>'
            f'<th colspan="{len(cols)}">申请人情况</th></tr>\n'
            f'<tr><th rowspan="2">自然人</th><th colspan="{len(org)}">法人或其他组织</th>'
            '<th rowspan="2">总计</th></tr>\n<tr>'
            + "".join(f"<th>{esc(column_label('t3', c))}</th>" for c in org) + "</tr>")
    return _scroll_table(f"{head}\n{_grid(report, 't3', 'applications', _t3_rows(report), cols, source_url)}")


def _table4_html(report: Report, source_url: str) -> str:
    if not report.table_values("review_litigation"):
        return _NO_TABLE
    cols = [c.key for c in T4_COLUMNS]
    head = "<tr><th>类别</th>" + "".join(f"<th>{esc(c.label)}</th>" for c in T4_COLUMNS) + "</tr>"
    return _scroll_table(f"{head}\n" + _grid(report, "t4", "review_litigation",
                                               [(g.key, g.label, 0) for g in T4_GROUPS], cols, source_url))


# Sections 二, 三 and 四 of the national format are tables 2, 3 and 4: each table stands in its section.
SECTION_TABLES = {"active_disclosure": _table2_html, "applications": _table3_html,
                  "review_litigation": _table4_html}


LEGEND = (
    '<ul class="legend" data-search-exclude>'
    '<li><span class="cell-blank"></span> 原文空白（不等于 0）</li>'
    '<li><span class="cell-na"></span> 原文填写“/”“—”等不适用符号</li>'
    '<li><span class="cell-inferred"></span> 原文此行缺少数字，按表格勾稽关系推算</li>'
    '<li><span class="cell-unread"></span> 未能读取：原文此行缺少数字且无法确定所在列</li>'
    '<li><span class="cell-unreadable"></span> 原文不是有效数字</li>'
    '<li><span class="cell-corrected"></span> 维护者更正</li>'
    "</ul>\n\n点击表中数字可查看其在原文中的位置。\n"
)


def _paragraphs(text: str) -> str:
    paras = [p.strip() for p in text.split("\n") if p.strip()]
    if not paras:
        return ""
    return '<div class="report-text">\n' + "\n".join(f"<p>{esc(p)}</p>" for p in paras) + "\n</div>\n"


def _finding_item(f: Finding, source_url: str, method_url: str) -> str:
    check = CHECKS.get(f.id)
    name = f"{f.id} {check.title}" if check else f.id
    line = f'（<a href="{esc(source_url)}#L{f.line}">原文第 {f.line} 行</a>）' if f.line else ""
    return (f'<li><span class="sev-{f.severity.value}">{esc(SEVERITY_ZH[f.severity])}</span> '
            f'<a href="{esc(method_url)}#{f.id.lower()}">{esc(name)}</a>：{esc(f.message)}{line}</li>')


def render_report(site: Site, entry: ReportEntry, source_text: str) -> str:
    """The report page: facts, findings, the six sections with their tables, and the original at the end.

    source_text: the original as the parser read it; its lines are the ones figures and findings cite.
    """
    r = entry.report
    url = entry.url
    source_url = ""  # the original is on the page itself, line n at #Ln
    parts = [front_matter(entry.title, search={"boost": 3}, description=safe_title(
        f"{r.organ or ''}{r.year or ''}年度政府信息公开工作年度报告：数据、检查结果与原文"))]
    parts.append(f"# {md_text(r.organ or '（机关名称未印出）')} {r.year or ''} 年度政府信息公开工作年度报告\n")
    region_links = []
    if entry.place:
        for place in site.gazetteer.path(entry.place.code):
            if place.code in site.regions:
                region_links.append(link(url, site.regions[place.code].url, place.name))
    if region_links:
        # Outside the excluded table, so the report page is found by its place names (长洛乡…).
        parts.append(f'<p class="crumbs">{" › ".join(region_links)}</p>\n')
    region_html = (f"统计用区划代码 {esc(r.region.code)}" if r.region.code
                   else esc("未确定（" + (r.region.reason or "") + "）"))
    rows = [
        ("发布机关", esc(r.organ or "（未印出）")),
        ("地区", region_html),
        ("报告年度", esc(r.year or "（未印出）")),
        ("发布日期", esc(r.published.isoformat() if r.published else "原文未印出")
         + (f"（公布期限 {esc(deadline(r).isoformat())}，{esc(timeliness(r))}）"
            if r.published and deadline(r) else "")),
        ("层级", esc(LEVEL_ZH[r.level.value] + (f"（{r.level_reason}）" if r.level_reason else ""))),
        ("格式版本", esc(f"{r.format_version} 年版")),
        ("数据质量", badge(entry)),
        ("原文", f'<a href="#{SOURCE_ID}">查看原文</a>（{esc(r.source.name)}）'),
        *_provenance_rows(entry),
        ("下载数据", '<a href="report.json">JSON</a> · '  # the CSV is made from report.json by assets/csv.js
         f'<a href="{esc(relative(url, "downloads/"))}#csv" data-csv="report.json" '
         f'data-labels="{esc(relative(url, "data/labels.json"))}" download="report.csv">CSV</a>'),
    ]
    parts.append('<div class="table-scroll" data-search-exclude>\n<table data-no-sort>\n'
                 + "\n".join(f"<tr><th>{esc(k)}</th><td>{v}</td></tr>" for k, v in rows)
                 + "\n</table>\n</div>\n")
    others = [e for e in site.by_organ.get((entry.place.code, r.organ), []) if e is not entry] if entry.place else []
    if others:
        items = " · ".join(link(url, o.url, f"{o.report.year} 年度") for o in sorted(
            others, key=lambda e: e.report.year or 0))
        parts.append(f"**本机关其他年度：** {items}\n")
    parts.append("## 检查结果\n")
    if r.findings:
        method_url = relative(url, "method/")
        parts.append('<ul class="findings">\n' + "\n".join(
            _finding_item(f, source_url, method_url) for f in r.findings) + "\n</ul>\n")
    else:
        parts.append("本报告的数字通过了全部检查。\n")
    revisions = revision_rows(entry)
    if revisions:
        parts.append("### 修订记录\n")
        parts.append("本报告收录后数据有过变动：政府更换了原件，或维护者更正了解析结果。\n")
        parts.append(table_html(["日期", "变动", "说明"], revisions, sortable=False))
    if r.sections.preamble is not None and r.sections.preamble.text:
        parts.append("## 前言\n")
        parts.append(_paragraphs(r.sections.preamble.text))
    for section in SECTIONS:
        found = getattr(r.sections, section.key)
        parts.append(f"## {section.number}、{section.label}\n")
        if found is None:
            parts.append("原文缺少这一部分。\n")
        else:
            if found.heading and found.heading.replace(" ", "") != f"{section.number}、{section.label}":
                parts.append(f'<p class="heading-as-printed">原文标题：{esc(found.heading)}</p>\n')
            if found.text:
                parts.append(_paragraphs(found.text))
        table = SECTION_TABLES.get(section.key)
        if table is not None:
            parts.append(table(r, source_url))
        if section.key == "review_litigation":
            parts.append(LEGEND)
    parts.append("## 原文\n")
    parts.append(f"原文件 {md_text(r.source.name)}，SHA-256 {r.source.sha256}。表中数字和检查结果所注的行号，"
                 "即下面原文的行号。\n")
    parts.append(source_html(source_text))
    return "\n".join(parts)


def _provenance_rows(entry: ReportEntry) -> list[tuple[str, str]]:
    """Where a collected original came from: its address on the government site and the day it was fetched."""
    provenance = entry.stored.provenance
    if provenance is None:
        return []
    return [("原文链接", f'<a href="{esc(provenance.url)}" rel="nofollow noopener">{esc(provenance.url)}</a>'
                     f"（采集于 {provenance.collected.isoformat()}）")]


def revision_rows(entry: ReportEntry) -> list[list[str]]:
    """The revision log: replaced originals and maintainers' corrections, oldest first (escaped HTML cells)."""
    rows: list[tuple[str, str, str]] = []
    for rev in entry.stored.revisions:
        rows.append((rev.date.isoformat() if rev.date else "日期未注明", rev.what, rev.why))
    for c in entry.report.corrections:
        what = f"更正 {c.path}：{fmt(c.parsed)} → {fmt(c.value)}" if c.path.count(".") >= 2 or c.path in (
            "organ", "year", "level", "format_version", "published", "region.code") else f"更正 {c.path} 的文字"
        rows.append((c.date.isoformat() if c.date else "日期未注明", what, c.reason or "（未说明理由）"))
    rows.sort(key=lambda r: (r[0] == "日期未注明", r[0]))
    return [[esc(d), esc(w), esc(y)] for d, w, y in rows]


SOURCE_ID = "source"
"""The id of the report page's block holding the original."""


def source_html(text: str) -> str:
    """The kept original as numbered lines, each with the anchor Ln that figures link to, folded away.

    build_tools/assets/gongkai.js unfolds it when a link points into it; browsers that unfold on their
    own (Chromium) do not need that.
    """
    lines = text.split("\n")
    body = "\n".join(
        f'<span class="line" id="L{n}"><a class="ln" href="#L{n}">{n}</a>{esc(line)}</span>'
        for n, line in enumerate(lines, start=1))
    return (f'<details class="source" id="{SOURCE_ID}" data-search-exclude>\n<summary>显示原文（共 {len(lines)} 行）'
            # In <code>, Material scrolls long lines inside the block instead of widening the page.
            f'</summary>\n<pre class="source"><code>{body}</code></pre>\n</details>\n')


def report_json(entry: ReportEntry) -> str:
    """A report's object of the open-data format with its id, on one line (``gongkai parse --json``'s keys)."""
    data = {"id": entry.slug, **entry.report.to_json_dict()}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


# Index pages ---------------------------------------------------------------------------------------


def _figure_cells(entry: ReportEntry) -> list[str]:
    return [esc(fmt(entry.figures[f.key])) for f in KEY_FIGURES]


def comparison_table(from_url: str, entries: list[ReportEntry], first: str = "机关") -> str:
    headers = [first, "年度"] + [f.label for f in KEY_FIGURES] + ["公开率", "发布日期", "时效", "数据质量"]
    rows = []
    for e in entries:
        rows.append([link(from_url, e.url, e.report.organ or e.slug), esc(e.report.year or "")]
                    + _figure_cells(e)
                    + [esc(format_rate(e.rate)),
                       esc(e.report.published.isoformat() if e.report.published else "—"),
                       esc(timeliness(e.report)), badge(e)])
    return table_html(headers, rows)


def rollup_table(entries: list[ReportEntry]) -> str:
    totals = rollup(entries)
    headers = ["年度", "报告数"] + [f.label for f in KEY_FIGURES if f.key in SUMMED]
    rows = []
    for year, figures in totals.items():
        row = [esc(year), esc(next(iter(figures.values()))[2])]
        for f in KEY_FIGURES:
            if f.key not in SUMMED:
                continue
            total, present, count = figures[f.key]
            note = "" if present == count else f"（{present}/{count} 份报告填写）"
            # A sum over no printed figure is not 0: blanks are never turned into 0.
            row.append(esc(f"{total if present else '—'}{note}"))
        rows.append(row)
    return table_html(headers, rows, sortable=False)


def bar_chart(items: list[tuple[str, int | None]], title: str) -> str:
    """An inline SVG bar chart; labels are escaped; a missing figure is drawn as a gap and named."""
    shown = [(label, value) for label, value in items][:40]
    if not shown or not any(v for _, v in shown):
        return ""
    top = max(v or 0 for _, v in shown) or 1
    bar_h, gap, left, width = 18, 6, 150, 520
    height = len(shown) * (bar_h + gap) + 10
    parts = [f'<svg role="img" aria-label="{esc(title)}" viewBox="0 0 {left + width + 60} {height}" '
             f'width="100%" xmlns="http://www.w3.org/2000/svg">']
    for i, (label, value) in enumerate(shown):
        y = i * (bar_h + gap) + 5
        parts.append(f'<text x="{left - 6}" y="{y + bar_h - 4}" text-anchor="end">{esc(label[:12])}</text>')
        if value is None:
            parts.append(f'<text x="{left + 4}" y="{y + bar_h - 4}">未填写</text>')
            continue
        w = round(width * value / top, 1)
        parts.append(f'<rect class="bar" x="{left}" y="{y}" width="{w}" height="{bar_h}"/>')
        parts.append(f'<text x="{left + w + 4}" y="{y + bar_h - 4}">{value}</text>')
    parts.append("</svg>")
    return f'<figure class="chart" data-search-exclude>\n{"".join(parts)}\n<figcaption>{esc(title)}</figcaption>\n</figure>\n'


def render_region(site: Site, page: RegionPage) -> str:
    place = page.place
    url = page.url
    feed = {"feed": f"{url}feed.xml", "feed_title": safe_title(f"{place.name}：新收录的政府信息公开年度报告")}
    parts = [front_matter(f"{place.name}（{PLACE_LEVEL_ZH[place.level]}）", search={"boost": 2},
                          **(feed if place.level == "county" else {}))]
    parts.append(f"# {md_text(place.name)}\n")
    crumbs = " › ".join(link(url, site.regions[p.code].url, p.name) if p.code in site.regions and p.code != place.code
                        else esc(p.name) for p in page.path)
    parts.append(f'<p class="crumbs">{crumbs}（统计用区划代码 {esc(place.code)}）</p>\n')
    if place.level == "township" or not [c for c in page.children if c.code in site.regions]:
        parts.append("## 历年报告\n")
        parts.append(comparison_table(url, page.reports))
        if len({e.report.year for e in page.reports}) > 1:
            parts.append("## 历年关键数字\n")
            parts.append(rollup_table(page.reports))
    else:
        children = [c for c in page.children if c.code in site.regions]
        parts.append("## 下辖地区\n")
        parts.append(table_html(["地区", "报告数", "最新年度"], (
            [link(url, site.regions[c.code].url, c.name), esc(len(site.regions[c.code].reports)),
             esc(max((e.report.year or 0) for e in site.regions[c.code].reports) or "—")] for c in children)))
        latest = max((e.report.year or 0) for e in page.reports)
        latest_entries = [e for e in page.reports if e.report.year == latest]
        parts.append(f"## {latest} 年度报告对比\n")
        parts.append(comparison_table(url, latest_entries))
        parts.append(bar_chart([(short_label(e), e.figures[KEY_FIGURES[0].key])
                                for e in latest_entries], f"{latest} 年度各机关新收政府信息公开申请数量"))
        parts.append("## 合计\n")
        parts.append("各年度关键数字之和；某项只有部分报告填写时注明填写份数。\n")
        parts.append(rollup_table(page.reports))
        older = [e for e in page.reports if e.report.year != latest]
        if older:
            parts.append("## 往年报告\n")
            parts.append(comparison_table(url, older))
    if place.level == "county":
        parts.append('<p class="feed">本地区新收录的报告：<a href="feed.xml">Atom 订阅</a></p>\n')
    if page.missing:
        parts.append("## 缺少报告的乡镇\n")
        for year, places in sorted(page.missing.items(), reverse=True):
            names = "、".join(p.name for p in places)
            parts.append(f"**{year} 年度**（{len(places)} 个）：{esc(names) if names else '无'}\n")
    return "\n".join(parts)


def render_region_index(site: Site) -> str:
    provinces = sorted((p for p in site.regions.values() if p.place.level == "province"), key=lambda p: p.place.code)
    parts = [front_matter("地区"), "# 按地区浏览\n"]
    parts.append(table_html(["省级地区", "报告数", "年度"], (
        [link("region/", p.url, p.place.name), esc(len(p.reports)),
         esc("、".join(str(y) for y in sorted({e.report.year for e in p.reports if e.report.year})))]
        for p in provinces)))
    unplaced = [e for e in site.entries if e.place is None]
    if unplaced:
        parts.append("## 地区未确定的报告\n")
        parts.append(comparison_table("region/", unplaced))
    return "\n".join(parts)


def render_year(site: Site, year: int) -> str:
    url = f"year/{year}/"
    entries = site.years[year]
    parts = [front_matter(f"{year} 年度报告"), f"# {year} 年度报告\n",
             f"本档案收录 {year} 年度报告 {len(entries)} 份。\n", comparison_table(url, entries),
             "## 合计\n", rollup_table(entries)]
    return "\n".join(parts)


def render_year_index(site: Site) -> str:
    parts = [front_matter("年度"), "# 按年度浏览\n"]
    parts.append(table_html(["年度", "报告数"], ([link("year/", f"year/{y}/", f"{y} 年度"), esc(len(e))]
                                               for y, e in sorted(site.years.items(), reverse=True))))
    return "\n".join(parts)


def render_quality(site: Site) -> str:
    url = "quality/"
    pairs = site.entry_findings()
    parts = [front_matter("数据质量"), "# 数据质量\n",
             f"档案中 {len(site.entries)} 份报告共有 {len(pairs)} 条检查结果。按检查项目分列如下；"
             "点击项目名称查看其含义。\n"]
    if site.errors:
        parts.append("## 无法载入的数据文件\n")
        parts.append("<ul>\n" + "\n".join(f"<li>{esc(e)}</li>" for e in site.errors) + "\n</ul>\n")
    counts = {c.id: sum(1 for _, f in pairs if f.id == c.id) for c in CATALOGUE}
    parts.append(table_html(["检查项目", "名称", "条数"], (
        [f'<a href="#{c.id.lower()}">{esc(c.id)}</a>', esc(c.title), esc(counts[c.id])]
        for c in CATALOGUE if counts[c.id]), sortable=False))
    changed = [e for e in site.entries if e.report.corrections or e.stored.revisions]
    if changed:
        parts.append("## 收录后有变动的报告\n")
        parts.append("政府更换了原件，或维护者更正了解析结果的报告；详见各报告的修订记录。\n")
        parts.append(table_html(["报告", "更换原件", "更正数"], (
            [link(url, e.url, e.title), esc(len(e.stored.revisions)), esc(len(e.report.corrections))]
            for e in changed)))
    for check in CATALOGUE:
        hits = [(e, f) for e, f in pairs if f.id == check.id]
        if not hits:
            continue
        parts.append(f"## {check.id} {check.title} {{#{check.id.lower()}}}\n")
        parts.append(f"{md_text(check.description)}\n")
        parts.append(table_html(["报告", "级别", "说明", "原文行"], (
            [link(url, e.url, e.title), esc(SEVERITY_ZH[f.severity]), esc(f.message),
             (f'<a href="{esc(relative(url, e.url))}#L{f.line}">{f.line}</a>' if f.line else "—")]
            for e, f in hits)))
    return "\n".join(parts)


def render_method() -> str:
    parts = [front_matter("检查方法"), "# 检查方法\n",
             "本档案把每份年度报告读成国家统一格式的六个部分和三张统计表，每个数字都保留其在原文中的行号，"
             "然后逐项检查。检查结果只作提示，不改变原文数字：数字要么是原文印出的，要么明确标注。\n",
             "读取原则：原文某行的数字少于列数时，绝不把数字挪到相邻单元格；只有当表格自身的勾稽关系只允许一种读法时"
             "才推算填入并标为“推算”，否则标为“未读取”。空白单元格保留为空白，不当作 0。\n",
             "公开率 =（予以公开 + 部分公开）÷ 办理结果总计；少于 5 件时只列件数，不计算百分比。\n"]
    for check in CATALOGUE:
        parts.append(f"## {check.id} {check.title} {{#{check.id.lower()}}}\n")
        parts.append(f"- 级别：{SEVERITY_ZH[check.severity]}\n- 类别：{check.kind}\n- English: {md_text(check.title_en)}\n")
        parts.append(f"{md_text(check.description)}\n")
    return "\n".join(parts)


GLOSSARY_NOTES = {
    "withheld_three_safeties": "“三安全一稳定”指国家安全、公共安全、经济安全和社会稳定（《条例》第十四条）。",
    "withheld_internal_affairs": "三类内部事务信息：人事管理、后勤管理、内部工作流程（《条例》第十六条第一款）。",
    "withheld_process_info": "四类过程性信息：讨论记录、过程稿、磋商信函、请示报告（《条例》第十六条第二款）。",
    "withheld_enforcement_files": "行政执法案卷信息（《条例》第十六条第二款）。",
    "withheld_third_party": "涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害的（《条例》第十五条）。",
    "new_received": "本年度收到的政府信息公开申请数量。",
    "carried_over": "上一年度未办结、转入本年度继续办理的申请数量。",
    "carried_forward": "本年度未办结、转入下一年度继续办理的申请数量。",
    "total_processed": "本年度办理结果的合计。",
}


def render_glossary() -> str:
    parts = [front_matter("术语"), "# 术语：表格的行与列\n",
             "年度报告格式由国务院办公厅政府信息与政务公开办公室规定（国办公开办函〔2019〕60号、国办公开办函〔2021〕30号）。"
             "下表列出每一行、每一列，以及本档案数据中使用的英文键名。\n"]
    parts.append("## 表二 主动公开政府信息情况\n")
    for version, rows in T2_ROWS.items():
        parts.append(f"### {version} 年版\n")
        parts.append(table_html(["行", "键名", "所属条款", "列"], (
            [esc(r.label), f"<code>{esc(r.key)}</code>", esc(r.group),
             esc("、".join(f"{T2_COLUMNS[c].label}（{c}）" for c in r.columns))] for r in rows), sortable=False))
    parts.append("## 表三 收到和处理政府信息公开申请情况\n")
    parts.append(table_html(["行", "键名", "说明"], (
        [esc(r.label), f"<code>{esc(r.key)}</code>", esc(GLOSSARY_NOTES.get(r.key, r.group))] for r in T3_ROWS),
        sortable=False))
    parts.append(table_html(["列", "键名"], ([esc(c.label), f"<code>{esc(c.key)}</code>"]
                                           for c in (*T3_COLUMNS, T3_SUBTOTAL)), sortable=False))
    parts.append("## 表四 政府信息公开行政复议、行政诉讼情况\n")
    parts.append(table_html(["类别", "键名"], ([esc(g.label), f"<code>{esc(g.key)}</code>"] for g in T4_GROUPS),
                            sortable=False))
    parts.append(table_html(["列", "键名"], ([esc(c.label), f"<code>{esc(c.key)}</code>"] for c in T4_COLUMNS),
                            sortable=False))
    parts.append("## 单元格状态\n")
    parts.append(table_html(["状态", "含义"], ([f"<code>{esc(k)}</code>", esc(v)] for k, v in STATE_ZH.items()),
                            sortable=False))
    return "\n".join(parts)


def render_home(site: Site) -> str:
    newest = sorted(site.entries, key=lambda e: (-(e.report.year or 0), e.report.published or _EPOCH, e.slug))[:10]
    regions = sum(1 for p in site.regions.values() if p.place.level == "county")
    parts = [front_matter("首页", search={"exclude": False}), "# 政府信息公开年度报告档案\n",
             "各级人民政府及其部门每年都要发布《政府信息公开工作年度报告》：主动公开了多少文件，收到多少公开申请、怎样答复，"
             "引发多少行政复议和诉讼。本档案把这些报告整理成统一格式，检查每一项数字是否相符，并标注原文出处。\n",
             f"目前收录 **{len(site.entries)}** 份报告，涉及 **{regions}** 个县级地区，"
             f"年度 {esc('、'.join(str(y) for y in site.years)) or '—'}。\n",
             "用页面上方的搜索框输入乡镇、街道或机关名称即可找到其报告；也可以[按地区](region/index.md)或"
             "[按年度](year/index.md)浏览，查看[数据质量](quality.md)，或[下载数据](downloads.md)。\n",
             "## 最新收录\n", comparison_table("", newest),
             "新收录的报告也可以通过 [Atom 订阅](feed.xml) 获取；各县级地区页面另有本地区的订阅。\n"]
    return "\n".join(parts)


def schema_json() -> str:
    return json.dumps(report_json_schema(), ensure_ascii=False, indent=2) + "\n"
