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
from build_tools.findings import KIND_ZH, SEVERITY_ZH, Finding, FindingGroup, Severity, finding_kind, where_zh
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
from build_tools.model import Cell, CellState, Report, report_json_schema
from build_tools.pages import (
    KEY_FIGURES,
    SUMMED,
    UNPLACED,
    RegionPage,
    county_data_path,
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
            "inferred": "按表格勾稽关系推算", "decoded": "原文数字连在一起，本档案拆开读取（见读取说明）",
            "absent": "原表没有此行", "corrected": "维护者更正"}
STATE_CLASS = {"blank": "cell-blank", "not_applicable": "cell-na", "unreadable": "cell-unreadable",
               "unread": "cell-unread", "inferred": "cell-inferred", "decoded": "cell-decoded", "absent": "cell-blank",
               "corrected": "cell-corrected"}
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


WIDE = ["navigation", "toc"]
"""Material's sidebars hidden on pages of comparison tables: the table has the whole width."""


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


def table_html(headers: list[str], rows: Iterable[list[str]], *, sortable: bool = True, cls: str = "") -> str:
    """The one comparison table: headers are plain text, cells are HTML already escaped by the caller.

    cls: a class of the wrapper (compare: the organ column stays in view while the figures scroll).
    """
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "\n".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    attrs = "" if sortable else " data-no-sort"
    wrapper = f"table-scroll {cls}".strip()
    return (f'<div class="{wrapper}" data-search-exclude>\n<table{attrs}>\n<thead><tr>{head}</tr></thead>\n'
            f"<tbody>\n{body}\n</tbody>\n</table>\n</div>\n")


def link(from_url: str, to_url: str, text: str) -> str:
    return f'<a href="{esc(relative(from_url, to_url))}">{esc(text)}</a>'


def badge(entry: ReportEntry) -> str:
    cls, label = quality(entry)
    return f'<span class="{cls}">{esc(label)}</span>'


# Report page ---------------------------------------------------------------------------------------


def _cell_html(cell: Cell | None, value: object, source_url: str, original_value: object = None,
               row_line: int | None = None) -> str:
    """One figure of a report's table: its state by class (and in words in its title), its line as a link.

    The markup is the least that says this (a report's tables hold some 230 figures): no end tag, which
    HTML lets a cell leave out, the alignment from the table's wrapper (.cells in gongkai.css), and a
    figure printed on its row's line
    (row_line, which the row's label links to) is its bare number: build_tools/assets/gongkai.js
    makes a click on it go to that line. Only a figure from another line links to its own, and one
    without any line says so (data-nl), so that no figure is taken for being on its row's line. The
    title names the line only for a figure from another line than its row's.
    """
    if cell is None:
        return '<td class="cell-blank" title="原表没有此单元格" data-nl>—'
    state = cell.state.value
    title = STATE_ZH.get(state, state)
    if cell.line and cell.line != row_line:  # a figure on its row's line has it from the row's label
        title += f"；原文第 {cell.line} 行"
    if cell.raw:
        title += f"：“{cell.raw}”"
    if state == "corrected":
        title += f"；解析值 {'空白' if original_value is None else fmt(original_value)}"
    if value is None:
        shown = {"blank": "空白", "not_applicable": cell.raw or "/", "unreadable": cell.raw or "?",
                 "unread": "未读取", "absent": "—", "corrected": "空白"}.get(state, "—")
        inner = esc(shown)
    else:
        inner = shown = fmt(value)  # digits, a sign and a point: nothing to escape
    if cell.line and (cell.line != row_line or source_url):
        href = f"#L{cell.line}"  # nothing in it needs quotes, unless the original is on another page
        inner = f'<a href="{esc(source_url)}{href}">{inner}</a>' if source_url else f"<a href={href}>{inner}</a>"
    cls = STATE_CLASS.get(state, "")
    attrs = f' class="{cls}"' if cls else ""
    if not cell.line:
        attrs += " data-nl"
    if state == "number" and cell.line and cell.raw == shown:
        # A figure as printed needs no title: its state is plain, its line is its row's or its link.
        return f"<td{attrs}>{inner}"
    return f'<td{attrs} title="{esc(title)}">{inner}'


def row_line(cells: Iterable[Cell | None]) -> int | None:
    """The line a table row was printed on: the one most of its figures come from (the first of a tie)."""
    counts: dict[int, int] = {}
    for cell in cells:
        if cell is not None and cell.line:
            counts[cell.line] = counts.get(cell.line, 0) + 1
    return max(counts, key=lambda line: (counts[line], -line)) if counts else None


def _grid(report: Report, table: str, field: str, rows: list[tuple[str, str, int]], columns: list[str],
          source_url: str) -> str:
    values = report.table_values(field)
    cells = getattr(report.cells, field)
    parsed = {c.path: c.parsed for c in report.corrections}
    out = []
    for key, label, indent in rows:
        if key.startswith("h:"):
            out.append(f"<tr><th colspan={len(columns) + 1} class=group>{esc(label)}")
            continue
        pad = "　" * indent
        row = cells.get(key, {})
        row_values = values.get(key, {})
        line = row_line(row.get(col) for col in columns)
        tds = "".join(_cell_html(row.get(col), row_values.get(col), source_url,
                                 parsed.get(f"{field}.{key}.{col}"), line)
                      for col in columns)
        head = esc(label) if line is None else f'<a href="{esc(source_url)}#L{line}">{esc(label)}</a>' if source_url \
            else f"<a href=#L{line}>{esc(label)}</a>"
        out.append(f"<tr><th scope=row>{pad}{head}{tds}")  # end tags left out, as in _cell_html
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
    """A table of a report's figures; .cells aligns them (Material styles only a table without a class)."""
    return f'<div class="table-scroll cells" data-search-exclude>\n<table data-no-sort>\n{inner}\n</table>\n</div>\n'


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
    head = ('<thead>\n<tr><th rowspan="3" class="form-note">（本列数据的勾稽关系为：第一项加第二项之和，'
            f'等于第三项加第四项之和）</th><th colspan="{len(cols)}">申请人情况</th></tr>\n'
            f'<tr><th rowspan="2">自然人</th><th colspan="{len(org)}">法人或其他组织</th>'
            '<th rowspan="2">总计</th></tr>\n<tr>'
            + "".join(f"<th>{esc(column_label('t3', c))}</th>" for c in org) + "</tr>\n</thead>")
    body = _grid(report, "t3", "applications", _t3_rows(report), cols, source_url)
    return _scroll_table(f"{head}\n<tbody>\n{body}\n</tbody>")


def _table4_html(report: Report, source_url: str) -> str:
    if not report.table_values("review_litigation"):
        return _NO_TABLE
    cols = [c.key for c in T4_COLUMNS]
    head = "<thead><tr><th>类别</th>" + "".join(f"<th>{esc(c.label)}</th>" for c in T4_COLUMNS) + "</tr></thead>"
    body = _grid(report, "t4", "review_litigation", [(g.key, g.label, 0) for g in T4_GROUPS], cols, source_url)
    return _scroll_table(f"{head}\n<tbody>\n{body}\n</tbody>")


# Sections 二, 三 and 四 of the national format are tables 2, 3 and 4: each table stands in its section.
SECTION_TABLES = {"active_disclosure": _table2_html, "applications": _table3_html,
                  "review_litigation": _table4_html}


LEGEND = (
    ("cell-blank", "原文空白（不等于 0）"),
    ("cell-na", "原文填写“/”“—”等不适用符号"),
    ("cell-inferred", "原文此行缺少数字，按表格勾稽关系推算"),
    *((("cell-decoded", "原文数字连在一起，本档案拆开读取（见读取说明）"),) if "decoded" in CellState.__members__ else ()),
    ("cell-unread", "未能读取：原文此行缺少数字且无法确定所在列"),
    ("cell-unreadable", "原文不是有效数字"),
    ("cell-corrected", "维护者更正"),
)
"""The colours of the report tables' cells, by class, in words."""


def _legend(tables: str) -> str:
    """The legend of a report's tables: the colours its cells have (a plain printed number has none)."""
    items = "".join(f'<li><span class="{cls}"></span> {words}</li>' for cls, words in LEGEND
                    if f'class="{cls}"' in tables)
    return ((f'<ul class="legend" data-search-exclude>{items}</ul>\n\n' if items else "")
            + "点击行名可查看这一行在原文中的位置，行中数字都印在这一行；数字本身带链接的，印在其链接所指的行。\n")


def _paragraphs(text: str) -> str:
    paras = [p.strip() for p in text.split("\n") if p.strip()]
    if not paras:
        return ""
    return '<div class="report-text">\n' + "\n".join(f"<p>{esc(p)}</p>" for p in paras) + "\n</div>\n"


# What each check's findings say is wrong with a report, in plain words, for the sentence that opens its page.
PROBLEM_ZH = {
    "F-01": "表三的申请数与办理结果对不上", "F-02": "表三各项办理结果之和不等于总计",
    "F-03": "表三各类申请人之和不等于总计", "F-04": "表四复议、诉讼各项结果之和不等于总计",
    "F-05": "表中有无效的数字或可疑的金额单位", "F-06": "表中有空白的单元格或缺少的行",
    "F-07": "所用表格格式与年度不符", "F-08": "缺少规定的部分或统计表", "P-01": "乡镇填报了规章",
    "T-01": "正文与表格的数字不一致", "T-02": "没有说明信息处理费的收取情况", "D-01": "逾期公布",
    "X-01": "上年结转与上一年度报告不衔接", "X-02": "现行有效件数与上一年度报告不衔接",
}


def _line_link(source_url: str, line: int | None, prefix: str = "原文") -> str:
    return f'（<a href="{esc(source_url)}#L{line}">{prefix}第 {line} 行</a>）' if line else ""


def _within_table(f: Finding) -> str:
    """A finding's message without the table it names, when a group line has named the table already."""
    table = where_zh(f.table)
    for sep in (" / ", "："):
        if table and f.message.startswith(table + sep):
            return f.message[len(table) + len(sep):]
    return f.message


def _group_item(group: FindingGroup, source_url: str, method_url: str) -> str:
    """One line for a check's findings on one table: the cells it names one after another."""
    check = CHECKS.get(group.id)
    name = f"{group.id} {check.title}" if check else group.id
    # A reading note is no warning about the report: it is marked as a note, whatever its severity.
    sev, sev_zh = (("info", "说明") if group.kind == "reading"
                   else (group.severity.value, SEVERITY_ZH[group.severity]))
    head = (f'<li><span class="sev-{sev}">{esc(sev_zh)}</span> '
            f'<a href="{esc(method_url)}#{group.id.lower()}">{esc(name)}</a>：')
    if len(group.findings) == 1:
        f = group.findings[0]
        return f"{head}{esc(f.message)}{_line_link(source_url, f.line)}</li>"
    texts = [_within_table(f) for f in group.findings]
    where = esc(where_zh(group.table)) + "，" if group.table else ""
    count = f"共 {len(group.findings)} 处"
    places = [t.partition("：") for t in texts]
    details = {detail for _, sep, detail in places if sep}
    if len(details) == 1 and all(sep for _, sep, _ in places):
        # The same thing said of every cell (“此行只印出 1 个数字…”): say it once, after the cells.
        cells = "、".join(esc(cell) + _line_link(source_url, f.line, "")
                         for (cell, _, _), f in zip(places, group.findings))
        return f'{head}{where}{count}：<span class="finding-cells">{cells}</span>：{esc(details.pop())}</li>'
    # A clause every line ends with (“；空白不等于 0”) is said once, at the end.
    tails = {t.rpartition("；")[2] for t in texts}
    tail = ""
    if len(tails) == 1 and all("；" in t for t in texts):
        tail = tails.pop()
        texts = [t.rpartition("；")[0] for t in texts]
    items = "；".join(esc(t) + _line_link(source_url, f.line, "") for t, f in zip(texts, group.findings))
    end = f"。{esc(tail)}" if tail else ""
    return f'{head}{where}{count}：<span class="finding-cells">{items}</span>{end}</li>'


def verdict(entry: ReportEntry) -> str:
    """One or two plain sentences on what is wrong with the report, if anything, for the top of its page."""
    groups = entry.groups()
    own = [g for g in groups if g.kind == "report" and g.severity != Severity.info]
    notes = [g for g in groups if g.kind == "reading"]
    if own:
        ordered = sorted(own, key=lambda g: g.severity != Severity.error)
        phrases = list(dict.fromkeys(PROBLEM_ZH.get(g.id) or CHECKS[g.id].title if g.id in CHECKS else g.id
                                     for g in ordered))
        first = f"检查发现本报告有 {len(own)} 项问题：{'；'.join(phrases)}。"
    elif notes:
        first = "检查未发现本报告的数字有问题。"
    else:
        return "本报告的数字通过了全部检查。"
    if notes:
        first += f"另有 {len(notes)} 条读取说明，记录本档案怎样读取原文，不是报告的问题。"
    return first


def findings_html(entry: ReportEntry, source_url: str, method_url: str) -> str:
    """The report's own faults, then the reading notes apart, folded and quieter."""
    groups = entry.groups()
    own = [g for g in groups if g.kind == "report"]
    notes = [g for g in groups if g.kind == "reading"]
    parts = []
    if own:
        parts.append('<ul class="findings">\n' + "\n".join(_group_item(g, source_url, method_url) for g in own)
                     + "\n</ul>\n")
    elif groups:
        parts.append("未发现报告本身的问题。\n")
    else:
        parts.append("本报告的数字通过了全部检查。\n")
    if notes:
        parts.append(f'<details class="reading-notes">\n<summary>读取说明（{len(notes)} 条）：本档案怎样读取原文，'
                     "不是报告的问题</summary>\n"
                     '<ul class="findings">\n' + "\n".join(_group_item(g, source_url, method_url) for g in notes)
                     + "\n</ul>\n</details>\n")
    return "\n".join(parts)


def render_report(site: Site, entry: ReportEntry, source_text: str) -> str:
    """The report page: facts, findings, the six sections with their tables, and the original at the end.

    source_text: the original as the parser read it; its lines are the ones figures and findings cite.
    """
    r = entry.report
    url = entry.url
    source_url = ""  # the original is on the page itself, line n at #Ln
    parts = [front_matter(entry.title, hide=["navigation"], search={"boost": 3}, description=safe_title(
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
    parts.append(f'<p class="verdict">{esc(verdict(entry))}</p>\n')
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
        ("原文", f'<a href="#{SOURCE_ID}">查看原文</a>（<code>{esc(r.source.name)}</code>）'),
        *_provenance_rows(entry),
        # The JSON is in its county's file; assets/csv.js saves this report's line of it as report.json, and
        # makes the CSV from it. Without JavaScript the JSON link fetches the county's file.
        ("下载数据", f'<a href="{esc(relative(url, entry.data_path))}" data-json="report.json" data-report="{esc(entry.slug)}">'
         f'JSON</a> · <a href="{esc(relative(url, "downloads/"))}#csv" data-csv="{esc(relative(url, entry.data_path))}" '
         f'data-report="{esc(entry.slug)}" data-labels="{esc(relative(url, "data/labels.json"))}" download="report.csv">CSV</a>'),
    ]
    parts.append('<div class="table-scroll facts" data-search-exclude>\n<table data-no-sort>\n'
                 + "\n".join(f"<tr><th>{esc(k)}</th><td>{v}</td></tr>" for k, v in rows)
                 + "\n</table>\n</div>\n")
    others = [e for e in site.by_organ.get((entry.place.code, r.organ), []) if e is not entry] if entry.place else []
    if others:
        items = " · ".join(link(url, o.url, f"{o.report.year} 年度") for o in sorted(
            others, key=lambda e: e.report.year or 0))
        parts.append(f"**本机关其他年度：** {items}\n")
    parts.append("## 检查结果\n")
    parts.append(findings_html(entry, source_url, relative(url, "method/")))
    revisions = revision_rows(entry)
    if revisions:
        parts.append("### 修订记录\n")
        parts.append("本报告收录后数据有过变动：政府更换了原件，或维护者更正了解析结果。\n")
        parts.append(table_html(["日期", "变动", "说明"], revisions, sortable=False))
    if r.sections.preamble is not None and r.sections.preamble.text:
        parts.append("## 前言\n")
        parts.append(_paragraphs(r.sections.preamble.text))
    tables: list[str] = []
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
            tables.append(table(r, source_url))
            parts.append(tables[-1])
        if section.key == "review_litigation":
            parts.append(_legend("".join(tables)))
    parts.append("## 原文\n")
    parts.append(f"原文件 <code>{md_text(r.source.name)}</code>，SHA-256 校验值 <code>{r.source.sha256}</code>。"
                 "表中数字和检查结果所注的行号，"
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
    """The kept original as a numbered list of its lines, each with the anchor Ln that figures link to, folded.

    A line is <li id=Ln> and nothing more, all on one line of HTML (an end tag of a list item may be left
    out, and a line break between items would be a blank line in the list's pre-wrapped text): the list
    numbers the lines itself, gongkai.css draws the numbers as a code host does, and
    build_tools/assets/gongkai.js makes them links once the block is open. The items are consecutive
    from L1, so an item's number is its line's. gongkai.js also unfolds the block when a link points
    into it; browsers that unfold on their own (Chromium) do not need that.
    """
    lines = text.split("\n")
    body = "".join(f"<li id=L{n}>{esc(line)}" for n, line in enumerate(lines, start=1))
    return (f'<details class="source" id="{SOURCE_ID}" data-search-exclude>\n<summary>显示原文（共 {len(lines)} 行）'
            f'</summary>\n<ol class="source">{body}</ol>\n</details>\n')


def report_json(entry: ReportEntry) -> str:
    """A report's object of the open-data format with its id, on one line (``gongkai parse --json``'s keys)."""
    data = {"id": entry.slug, **entry.report.to_json_dict()}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


# Index pages ---------------------------------------------------------------------------------------


def _figure_cells(entry: ReportEntry) -> list[str]:
    return [esc(fmt(entry.figures[f.key])) for f in KEY_FIGURES]


def comparison_table(from_url: str, entries: list[ReportEntry], first: str = "机关") -> str:
    """The reports side by side: the rate, the quality and the timeliness first, so a desktop shows them
    without scrolling sideways, then the key figures."""
    headers = [first, "年度", "公开率", "数据质量", "时效"] + [f.label for f in KEY_FIGURES] + ["发布日期"]
    rows = []
    for e in entries:
        rows.append([link(from_url, e.url, e.report.organ or e.slug), esc(e.report.year or ""),
                     esc(format_rate(e.rate)), badge(e), esc(timeliness(e.report))]
                    + _figure_cells(e)
                    + [esc(e.report.published.isoformat() if e.report.published else "—")])
    return table_html(headers, rows, cls="compare")


MAX_LISTED = 60
"""A page compares at most this many reports in a table; a bigger year or province lists its regions."""


def _listed(from_url: str, entries: list[ReportEntry]) -> str:
    """A comparison of at most MAX_LISTED reports (the newest), saying how many are left out."""
    shown = entries[:MAX_LISTED]
    note = (f"共 {len(entries)} 份，列出其中的 {MAX_LISTED} 份。\n\n" if len(entries) > MAX_LISTED else "")
    return note + comparison_table(from_url, shown)


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
    parts = [front_matter(f"{place.name}（{PLACE_LEVEL_ZH[place.level]}）", hide=WIDE, search={"boost": 2},
                          **(feed if place.level == "county" else {}))]
    parts.append(f"# {md_text(place.name)}\n")
    crumbs = " › ".join(link(url, site.regions[p.code].url, p.name) if p.code in site.regions and p.code != place.code
                        else esc(p.name) for p in page.path)
    parts.append(f'<p class="crumbs">{crumbs}（统计用区划代码 {esc(place.code)}）</p>\n')
    if any(e.county == place.code for e in page.reports):  # the reports of its data file (downloads.county_files)
        whose = "本县" if place.level == "county" else "本级机关"
        parts.append(f'<p>{whose}报告的数据：<a href="{esc(relative(url, county_data_path(place.code)))}">'
                     f'JSON</a>（gzip 压缩，每行一份报告，见<a href="{esc(relative(url, "downloads/"))}">下载</a>）</p>\n')
    if place.level == "township" or not [c for c in page.children if c.code in site.regions]:
        parts.append("## 历年报告\n")
        parts.append(comparison_table(url, page.reports))
        years = {e.report.year for e in page.reports}
        # With one report a year the sums are the figures of the table above, said again.
        if 1 < len(years) < len(page.reports):
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
        # A page must not grow with the archive: a province or city with many reports compares only its
        # own organs' and leaves the rest to the pages of the regions below, listed above with counts.
        many = len(page.reports) > MAX_LISTED and place.level != "county"
        if many:
            parts.append(f"本地区共有 {len(page.reports)} 份报告，按下辖地区分页列出。\n")
        else:
            parts.append(f"## {latest} 年度报告对比\n")
            parts.append(comparison_table(url, latest_entries))
            parts.append(bar_chart([(short_label(e), e.figures[KEY_FIGURES[0].key])
                                    for e in latest_entries], f"{latest} 年度各机关新收政府信息公开申请数量"))
        parts.append("## 合计\n")
        parts.append("各年度关键数字之和；某项只有部分报告填写时注明填写份数。\n")
        parts.append(rollup_table(page.reports))
        older = [e for e in page.reports if e.report.year != latest]
        if many and page.own:
            parts.append("## 本级机关的报告\n")
            parts.append(_listed(url, page.own))
        elif older and not many:
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
    parts = [front_matter("地区", hide=WIDE), "# 按地区浏览\n"]
    parts.append(table_html(["省级地区", "报告数", "年度"], (
        [link("region/", p.url, p.place.name), esc(len(p.reports)),
         esc("、".join(str(y) for y in sorted({e.report.year for e in p.reports if e.report.year})))]
        for p in provinces)))
    unplaced = [e for e in site.entries if e.place is None]
    if unplaced:
        parts.append("## 地区未确定的报告\n")
        parts.append(_listed("region/", unplaced))
    return "\n".join(parts)


def render_year(site: Site, year: int) -> str:
    url = f"year/{year}/"
    entries = site.years[year]
    parts = [front_matter(f"{year} 年度报告", hide=WIDE), f"# {year} 年度报告\n",
             f"本档案收录 {year} 年度报告 {len(entries)} 份。\n"]
    if len(entries) <= MAX_LISTED:
        parts.append(comparison_table(url, entries))
    else:  # by province, so the page does not grow with the archive
        provinces: dict[str, list[ReportEntry]] = {}
        for e in entries:
            provinces.setdefault(e.place.code[:2] if e.place else "", []).append(e)
        parts.append("按省级地区列出；各地区页面有逐份报告的对比。\n")
        parts.append(table_html(["地区", "报告数", "有问题的报告"], (
            [link(url, site.regions[code].url, site.regions[code].place.name) if code in site.regions
             else esc("地区未确定"), esc(len(group)),
             esc(sum(1 for e in group if e.counts()["error"] or e.counts()["warning"]))]
            for code, group in sorted(provinces.items()))))
    parts += ["## 合计\n", rollup_table(entries)]
    return "\n".join(parts)


def render_year_index(site: Site) -> str:
    parts = [front_matter("年度", hide=WIDE), "# 按年度浏览\n"]
    parts.append(table_html(["年度", "报告数"], ([link("year/", f"year/{y}/", f"{y} 年度"), esc(len(e))]
                                               for y, e in sorted(site.years.items(), reverse=True))))
    return "\n".join(parts)


QUALITY_UNPLACED = UNPLACED
"""The key of the data-quality page of a year's reports whose region is not determined."""


def _quality_key(entry: ReportEntry) -> str:
    """The data-quality page a report is listed on within its year and province: its county (or the
    province or city itself, for a report of that level), so no page lists more than a county's reports."""
    return entry.county


def _quality_counts(entries: list[ReportEntry]) -> list[str]:
    """报告数, 有问题的报告, 问题, 读取说明 of a group of reports, as escaped cells."""
    problems = notes = flagged = 0
    for e in entries:
        counts = e.counts()
        own = counts["error"] + counts["warning"]
        problems += own
        flagged += bool(own)
        notes += sum(1 for g in e.groups() if g.kind == "reading")
    return [esc(len(entries)), esc(flagged), esc(problems), esc(notes)]


_QUALITY_HEADERS = ["报告数", "有问题的报告", "问题", "读取说明"]


def _data_file_error(error: str) -> str:
    """A data file that could not be loaded, named by its place in the archive, never by a local path."""
    match = re.search(r"reports/[^/:\s]+/[^/:\s]+/[^/:\s]+", error)
    where = match.group(0) if match else "（位置不详）"
    line = re.search(r":(\d+):", error[match.end():] if match else "")
    at = f"第 {line.group(1)} 行" if line else ""
    return f"<li><code>{esc(where)}</code>{esc(at)}</li>"


MAX_LISTED_ERRORS = 20
"""The data-quality page names this many data files that could not be loaded; `gongkai check` lists all."""


def _quality_year(entry: ReportEntry) -> str:
    return str(entry.report.year) if entry.report.year else "unknown"


def quality_paths(site: Site) -> set[str]:
    """The data-quality pages below quality/ (not the top page): none of them is in Material's index."""
    paths: set[str] = set()
    for e in site.entries:
        paths.add(f"quality/{_quality_year(e)}/index.md")
        if e.place is not None:
            paths.add(f"quality/{e.place.code[:2]}/index.md")
        paths.add(f"quality/{_quality_key(e)}/index.md")
    return paths


def quality_pages(site: Site) -> dict[str, str]:
    """The data-quality pages: counts on the top page and by year, then by province, and each county's reports.

    No page lists the whole archive: the top page has a line per check and per year, a year's page a line
    per province, a province's page a line per county (and its own reports), and a county's page its own
    reports of every year, which is bounded by its organs times the years. One page per county, not one
    per county and year, because a page's frame (Material's template) is most of a short page's bytes.
    A region's page is quality/<code>/ and a year's quality/<year>/: no statistical code starts with 20.
    """
    by_year: dict[str, dict[str, list[ReportEntry]]] = {}
    by_province: dict[str, dict[str, list[ReportEntry]]] = {}
    for e in site.entries:
        province = e.place.code[:2] if e.place else QUALITY_UNPLACED
        by_year.setdefault(_quality_year(e), {}).setdefault(province, []).append(e)
        by_province.setdefault(province, {}).setdefault(_quality_key(e), []).append(e)
    pages = {"quality.md": _render_quality_top(site, by_year)}
    for year, provinces in by_year.items():
        pages[f"quality/{year}/index.md"] = _render_quality_year(site, year, provinces)
    for province, groups in by_province.items():
        if province != QUALITY_UNPLACED:
            pages[f"quality/{province}/index.md"] = _render_quality_province(site, province, groups)
        for key, entries in groups.items():
            if key != province or province == QUALITY_UNPLACED:
                pages[f"quality/{key}/index.md"] = _render_quality_reports(site, key, entries)
            else:  # the province's own reports go on its page
                pages[f"quality/{province}/index.md"] += _quality_report_list(f"quality/{province}/", entries)
    return pages


def _year_label(year: str) -> str:
    return "年度不详" if year == "unknown" else f"{year} 年度"


def _place_label(site: Site, key: str) -> str:
    if key == QUALITY_UNPLACED:
        return "地区未确定"
    return " › ".join(p.name for p in site.gazetteer.path(key)) or key


def _render_quality_top(site: Site, by_year: dict[str, dict[str, list[ReportEntry]]]) -> str:
    url = "quality/"
    groups = [(e, g) for e in site.entries for g in e.groups()]
    own = sum(1 for _, g in groups if g.kind == "report" and g.severity != Severity.info)
    notes = sum(1 for _, g in groups if g.kind == "reading")
    parts = [front_matter("数据质量", hide=WIDE), "# 数据质量\n",
             f"档案中 {len(site.entries)} 份报告，检查发现报告本身的问题 {own} 项，另有读取说明 {notes} 条。"
             "同一检查项目在同一张表上的多处结果算作一项。读取说明记录本档案怎样读取原文（例如按勾稽关系推算的单元格），"
             "不是报告的问题，不计入各报告的“数据质量”。点击项目名称查看其含义。\n"]
    if site.errors:
        parts.append("## 无法载入的数据文件\n")
        parts.append(f"有 {len(site.errors)} 个数据文件无法载入，相应报告没有收录；维护者可运行 <code>gongkai check</code> "
                     "查看原因。\n")
        listed = "\n".join(_data_file_error(e) for e in site.errors[:MAX_LISTED_ERRORS])
        more = f"<li>另有 {len(site.errors) - MAX_LISTED_ERRORS} 个</li>\n" if len(site.errors) > MAX_LISTED_ERRORS else ""
        parts.append(f"<ul>\n{listed}\n{more}</ul>\n")
    changed = sum(1 for e in site.entries if e.report.corrections or e.stored.revisions)
    if changed:
        parts.append("## 收录后有变动的报告\n")
        parts.append(f"{changed} 份报告收录后政府更换了原件，或维护者更正了解析结果；按年度和地区列出的各页标出了这些报告，"
                     "详见各报告的修订记录。\n")
    lines: dict[str, int] = {}
    reports: dict[str, int] = {}
    for e in site.entries:
        seen = set()
        for g in e.groups():
            lines[g.id] = lines.get(g.id, 0) + 1
            seen.add(g.id)
        for check_id in seen:
            reports[check_id] = reports.get(check_id, 0) + 1
    for kind, title in (("report", "报告本身的问题"), ("reading", "读取说明")):
        checks = [c for c in CATALOGUE if finding_kind(c.id) == kind and lines.get(c.id)]
        if not checks:
            continue
        parts.append(f"## {title}\n")
        parts.append(table_html(["检查项目", "名称", "项数", "涉及报告"], (
            [f'<a href="{esc(relative(url, "method/"))}#{c.id.lower()}">{esc(c.id)}</a>', esc(c.title),
             esc(lines[c.id]), esc(reports[c.id])] for c in checks), sortable=False))
    parts.append("## 按年度\n")
    parts.append(table_html(["年度", *_QUALITY_HEADERS], (
        [link(url, f"quality/{year}/", _year_label(year)),
         *_quality_counts([e for es in provinces.values() for e in es])]
        for year, provinces in sorted(by_year.items(), reverse=True))))
    return "\n".join(parts)


def _render_quality_year(site: Site, year: str, provinces: dict[str, list[ReportEntry]]) -> str:
    url = f"quality/{year}/"
    parts = [front_matter(f"数据质量：{_year_label(year)}", hide=WIDE, search={"exclude": True}),
             f"# 数据质量：{_year_label(year)}\n",
             f'<p class="crumbs">{link(url, "quality/", "数据质量")} › {esc(_year_label(year))}</p>\n',
             "按省级地区列出本年度报告的检查结果；各地区的页面按县级地区列出历年的报告。\n"]
    parts.append(table_html(["地区", *_QUALITY_HEADERS], (
        [link(url, f"quality/{province}/", _place_label(site, province)), *_quality_counts(entries)]
        for province, entries in sorted(provinces.items()))))
    return "\n".join(parts)


def _render_quality_province(site: Site, province: str, groups: dict[str, list[ReportEntry]]) -> str:
    url = f"quality/{province}/"
    name = _place_label(site, province)
    parts = [front_matter(f"数据质量：{name}", hide=WIDE, search={"exclude": True}),
             f"# 数据质量：{md_text(name)}\n",
             f'<p class="crumbs">{link(url, "quality/", "数据质量")} › {esc(name)}</p>\n']
    below = {key: entries for key, entries in groups.items() if key != province}
    if below:
        parts.append("按县级地区（地级机关的报告单列）列出历年报告的检查结果；本级机关的报告列在后面。\n")
        years = sorted({_quality_year(e) for entries in below.values() for e in entries}, reverse=True)
        parts.append(table_html(["地区", "年度", *_QUALITY_HEADERS], (
            [link(url, f"quality/{key}/", _place_label(site, key)), esc(_year_label(year)), *_quality_counts(listed)]
            for key, entries in sorted(below.items()) for year in years
            for listed in [[e for e in entries if _quality_year(e) == year]] if listed)))
    return "\n".join(parts)


def _render_quality_reports(site: Site, key: str, entries: list[ReportEntry]) -> str:
    url = f"quality/{key}/"
    name = _place_label(site, key)
    crumbs = [link(url, "quality/", "数据质量")]
    if key != QUALITY_UNPLACED:
        crumbs.append(link(url, f"quality/{key[:2]}/", _place_label(site, key[:2])))
    parts = [front_matter(f"数据质量：{name}", hide=WIDE, search={"exclude": True}),
             f"# 数据质量：{md_text(name)}\n",
             f'<p class="crumbs">{" › ".join(crumbs)}</p>\n']
    if key in site.regions:
        parts.append(f"本地区的报告和关键数字见{link(url, site.regions[key].url, name.split(' › ')[-1])}。\n")
    return "\n".join(parts) + _quality_report_list(url, entries)


def _quality_report_list(url: str, entries: list[ReportEntry]) -> str:
    """Each report with its own faults, one line per check and table, and how many reading notes it has;
    by year, the newest first."""
    parts = []
    method_url = relative(url, "method/")
    years: dict[str, list[ReportEntry]] = {}
    for e in entries:
        years.setdefault(_quality_year(e), []).append(e)
    for year in sorted(years, reverse=True):
        parts.append(f"\n## {_year_label(year)}的报告 {{#{year}}}\n")
        for e in sorted(years[year], key=lambda e: e.slug):
            report_url = relative(url, e.url)
            changed = "（收录后有变动，见其修订记录）" if e.report.corrections or e.stored.revisions else ""
            parts.append(f'<p class="quality-report">{link(url, e.url, e.title)} {badge(e)}{changed}</p>\n')
            own = [g for g in e.groups() if g.kind == "report"]
            notes = sum(1 for g in e.groups() if g.kind == "reading")
            if own:
                parts.append('<ul class="findings">\n' + "\n".join(_group_item(g, report_url, method_url)
                                                                   for g in own) + "\n</ul>\n")
            if notes:
                parts.append(f'<p class="reading-count">读取说明 {notes} 条，见报告页面。</p>\n')
    return "\n".join(parts)


_DATA_KEY = re.compile(r"\b[a-z_]+(?:\.[a-z_]+)+\b")


def _with_keys(text: str) -> str:
    """A line of Markdown from Chinese text in which the data file's keys (region.code) are set as code."""
    out, at = [], 0
    for match in _DATA_KEY.finditer(text):
        out += [md_text(text[at:match.start()]), f"<code>{esc(match.group(0))}</code>"]
        at = match.end()
    return "".join(out) + md_text(text[at:])


def render_method() -> str:
    parts = [front_matter("检查方法"), "# 检查方法\n",
             "本档案把每份年度报告读成国家统一格式的六个部分和三张统计表，每个数字都保留其在原文中的行号，"
             "然后逐项检查。检查结果只作提示，不改变原文数字：数字要么是原文印出的，要么明确标注。\n",
             "读取原则：原文某行的数字少于列数时，绝不把数字挪到相邻单元格；只有当表格自身的勾稽关系只允许一种读法时"
             "才推算填入并标为“推算”，否则标为“未读取”。空白单元格保留为空白，不当作 0。\n",
             "公开率 =（予以公开 + 部分公开）÷ 办理结果总计；少于 5 件时只列件数，不计算百分比。\n",
             "检查结果分两类。报告本身的问题：数字对不上、缺少规定的部分、正文与表格不一致、逾期公布、未说明信息处理费等，"
             "计入各报告的“数据质量”。读取说明（编号以 L、M、G 开头）：本档案怎样读取原文，例如按勾稽关系推算的单元格、"
             "未能读取的单元格、未能确定的年度或地区；这不是报告的问题，不计入“数据质量”，在报告页面单独列出。"
             "同一检查项目在同一张表上的多处结果合为一项，列出所涉各行。\n"]
    for check in CATALOGUE:
        parts.append(f"## {check.id} {check.title} {{#{check.id.lower()}}}\n")
        parts.append(f"- 级别：{SEVERITY_ZH[check.severity]}\n- 类别：{check.kind}；"
                     f"{KIND_ZH[finding_kind(check.id)]}\n")
        parts.append(f"{_with_keys(check.description)}\n")
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
             "、".join(f"{esc(T2_COLUMNS[c].label)}（<code>{esc(c)}</code>）" for c in r.columns)] for r in rows),
            sortable=False))
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
    parts.append(table_html(["状态", "含义"], ([f"<code>{esc(k)}</code>", esc(v)] for k, v in STATE_ZH.items()
                                                  if k in CellState.__members__),
                            sortable=False))
    return "\n".join(parts)


def render_home(site: Site) -> str:
    newest = sorted(site.entries, key=lambda e: (-(e.report.year or 0), e.report.published or _EPOCH, e.slug))[:10]
    regions = sum(1 for p in site.regions.values() if p.place.level == "county")
    parts = [front_matter("首页", hide=WIDE, search={"exclude": False}), "# 政府信息公开年度报告档案\n",
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
