"""The archive's data downloads and the pages that describe them.

The reports' objects of the open-data format are stored once, one file per county
(data/county/<code>.json.gz, listed in data/counties.json); a report's page saves its line of that file as
report.json. The tidy CSV (one row per cell) is written for the whole archive (data/gongkai.csv.gz); a
report's own CSV is made in the browser from its object by assets/csv.js, with the row and column labels
of data/labels.json, so the site does not hold every report's data twice. Both CSVs start with a UTF-8
byte order mark, which Excel needs to read Chinese text as UTF-8.
"""

from __future__ import annotations

import csv
import functools
import gzip
import io
import json
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from build_tools.labels import T2_COLUMNS, T2_ROWS, T3_COLUMNS, T3_ROWS, T3_SUBTOTAL, T4_COLUMNS, T4_GROUPS
from build_tools.labels import column_label, row_label
from build_tools.model import report_json_schema
from build_tools.cache import CachedReport
from build_tools.pages import UNPLACED, ReportEntry, Site, county_data_path
from build_tools.render import LEVEL_ZH, STATE_ZH, TABLE_FIELDS, esc, fmt, front_matter, table_html

BOM = "\ufeff"
"""UTF-8's byte order mark: without it Excel reads a CSV in the system's code page and shows mojibake."""

DATA_LICENSE = ("本档案整理的数据（JSON、CSV）以 [CC0 1.0 公共领域贡献](https://creativecommons.org/publicdomain/zero/1.0/deed.zh-hans)"
                "发布，可自由使用，无需署名；报告原文是各级行政机关依法主动公开的政府信息，以原发布机关的原文为准。")

CSV_COLUMNS: tuple[tuple[str, str], ...] = (
    ("report", "报告编号，即报告页面地址 r/<编号>/ 中的部分，如 360704203/2023"),
    ("organ", "发布机关，照原文所印"),
    ("year", "报告年度"),
    ("level", "发布机关的层级（取值见下）"),
    ("format_version", "报告所用国家格式的年版：2021 或 2019"),
    ("published", "发布日期（ISO 日期，如 2024-01-25），原文未印出时为空"),
    ("region_code", "统计用区划代码（2、4、6 或 9 位）。是文字而非数字：读入时请按字符串读取，以免丢失开头的 0 或被当作数字"),
    ("table", "表：t2 表二、t3 表三、t4 表四"),
    ("row", "行键名（见术语页）"),
    ("column", "列键名（见术语页）"),
    ("value", "数值；原文空白、不适用、无效或未读取时为空，不等于 0，原因见 state"),
    ("state", "单元格状态（取值见下）"),
    ("line", "此数字在原文中的行号"),
    ("row_label", "行的印刷名称"),
    ("column_label", "列的印刷名称"),
)
CSV_HEADER = ",".join(name for name, _ in CSV_COLUMNS) + "\n"
"""The first line of the tidy CSV (after the byte order mark)."""

COUNTIES_PATH = "data/counties.json"
"""The list of the county data files: each county's code, name, number of reports, file and its size."""

LABELS_PATH = "data/labels.json"
"""The row and column labels by table, for the CSV that assets/csv.js makes in the browser."""


def report_csv_rows(entry: ReportEntry) -> str:
    """A report's rows of the tidy CSV (one row per cell), without the header CSV_HEADER.

    The rows are those csv.writer writes (quotes only where a field needs them), put together from
    parts made once: the report's own fields once per report, a cell's keys and labels once per build.
    """
    r = entry.report
    meta = ",".join(csv_field(value) for value in (
        entry.slug, csv_text(r.organ or ""), r.year or "", r.level.value, r.format_version,
        r.published.isoformat() if r.published else "", r.region.code or ""))
    lines: list[str] = []
    for table, field in TABLE_FIELDS:
        cells = getattr(r.cells, field)
        for row, cols in r.table_values(field).items():
            row_cells = cells.get(row, {})
            for col, value in cols.items():
                cell = row_cells.get(col)
                lines.append(f"{meta},{_cell_keys(table, row, col)},{'' if value is None else csv_field(fmt(value))},"
                             f"{cell.state.value if cell else ''},{cell.line if cell and cell.line else ''},"
                             f"{_cell_labels(table, row, col)}\n")
    return "".join(lines)


def _quoted_characters() -> str:
    """The characters that make csv.writer quote a field (whether a lone carriage return does depends on the
    Python version)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    quoted = ""
    for char in ',"\r\n':
        out.seek(0)
        out.truncate()
        writer.writerow([f"a{char}", ""])
        quoted += char if out.getvalue().startswith('"') else ""
    return quoted


_NEEDS_QUOTES = re.compile("[" + re.escape(_quoted_characters()) + "]")


def csv_field(value: object) -> str:
    """One field of a CSV row as csv.writer writes it (the excel dialect, lines ending in \\n): quoted when
    it holds a comma, a quote or a line break, its quotes doubled."""
    text = str(value)
    return '"' + text.replace('"', '""') + '"' if _NEEDS_QUOTES.search(text) else text


@functools.cache
def _cell_keys(table: str, row: str, column: str) -> str:
    return ",".join(csv_field(key) for key in (table, row, column))


@functools.cache
def _cell_labels(table: str, row: str, column: str) -> str:
    return f"{csv_field(csv_text(row_label(table, row)))},{csv_field(csv_text(column_label(table, column)))}"


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_text(text: str) -> str:
    """A text field a spreadsheet will not run: one starting like a formula gets a leading ' (OWASP)."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def archive_csv(rows: list[str]) -> str:
    """The whole archive's CSV: byte order mark, header, every report's rows."""
    return BOM + CSV_HEADER + "".join(rows)


def csv_labels() -> str:
    """data/labels.json: every row and column key's printed label by table, as report_csv_rows writes them."""
    rows = {"t2": [r.key for rows in T2_ROWS.values() for r in rows], "t3": [r.key for r in T3_ROWS],
            "t4": [g.key for g in T4_GROUPS]}
    columns = {"t2": list(T2_COLUMNS), "t3": [c.key for c in (*T3_COLUMNS, T3_SUBTOTAL)],
               "t4": [c.key for c in T4_COLUMNS]}
    data = {table: {"rows": {k: row_label(table, k) for k in rows[table]},
                    "columns": {k: column_label(table, k) for k in columns[table]}} for table in rows}
    return json.dumps({"header": CSV_HEADER.rstrip("\n").split(","), "tables": data}, ensure_ascii=False,
                      sort_keys=True, separators=(",", ":")) + "\n"


# Pages ---------------------------------------------------------------------------------------------


def county_files(site: Site, records: dict[str, CachedReport], docs_dir: Path | None = None) -> dict[str, str | bytes]:
    """The reports' JSON, one file per county, and their list (COUNTIES_PATH).

    A county's file is a JSON array with one report's object on each line, in the order of their
    addresses, gzipped as one stream: the same object `gongkai parse --json` prints, with its id, stored
    once (a county's reports compressed together take half the bytes of each report's own gzip). It
    holds a county's reports, so no file grows with the archive. records: each report's cached share,
    whose json_gz is its object as a gzip member. docs_dir: where the last build wrote the files; a file
    whose text is the same is kept as it is (unzipping it costs a tenth of zipping it again).
    """
    counties: dict[str, list[ReportEntry]] = {}
    for entry in site.entries:
        counties.setdefault(entry.county, []).append(entry)
    files: dict[str, str | bytes] = {}
    listed = []
    for county in sorted(counties):
        entries = counties[county]
        text = b"[\n" + b",\n".join(gzip.decompress(records[e.slug].json_gz) for e in entries) + b"\n]\n"
        path = county_data_path(county)
        data = _unchanged(docs_dir / path, text) if docs_dir is not None else None
        if data is None:
            data = gzip.compress(text, compresslevel=6, mtime=0)
        files[path] = data
        name = "地区未确定" if county == UNPLACED else " › ".join(p.name for p in site.gazetteer.path(county)) or county
        listed.append(json.dumps({"county": county, "name": name, "reports": len(entries),
                                  "file": path.removeprefix("data/"), "bytes": len(data)}, ensure_ascii=False))
    files[COUNTIES_PATH] = "[\n" + ",\n".join(listed) + "\n]\n"
    return files


def _unchanged(path: Path, text: bytes) -> bytes | None:
    """The gzipped file at path when it holds text (gzip.compress makes the same bytes of the same text)."""
    try:
        data = path.read_bytes()
        return data if gzip.decompress(data) == text else None
    except (OSError, EOFError, gzip.BadGzipFile, zlib.error):
        return None


def _size(n: int) -> str:
    """A file size as people read it: 812 字节, 35.2 KB, 4.1 MB (1 KB = 1,024 bytes)."""
    if n < 1024:
        return f"{n} 字节"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / 1024 / 1024:.1f} MB"


def render_downloads(site: Site, sizes: dict[str, int], date: str) -> str:
    """The downloads page: each file with its size, the date of the data, the licence and how to open it.

    sizes: bytes of each data file by its path in the docs dir (and "report.json": the reports' total).
    """
    count = len(site.entries)
    per_report = sizes.get("report.json", 0) // count if count else 0
    county_count = sum(path.startswith("data/county/") for path in sizes)
    county_bytes = sum(size for path, size in sizes.items() if path.startswith("data/county/"))
    parts = [front_matter("下载数据"), "# 下载数据\n",
             f"档案全部 {count} 份报告的数据，截至 {esc(date)}（收录报告中最晚的发布日期）。\n",
             "## 许可\n", f"{DATA_LICENSE}\n",
             "## 文件\n",
             f"- [gongkai.csv.gz](data/gongkai.csv.gz)（{_size(sizes['data/gongkai.csv.gz'])}）：全部单元格，每行一个单元格"
             "（CSV，gzip 压缩）。\n"
             f"- [counties.json](data/counties.json)（{_size(sizes[COUNTIES_PATH])}）：全部报告的 JSON 按县分为 "
             f"{county_count} 个文件（共 {_size(county_bytes)}），此文件列出每个县的区划代码、名称、报告数、文件和大小。"
             "每个县一个文件 `county/<区划代码>.json.gz`：一个数组，每行一份报告的对象（JSON，gzip 压缩），"
             "格式同 `gongkai parse --json`，另加报告编号 id；省、市本级机关的报告按省、市的代码归档，"
             "地区未确定的在 `county/x.json.gz`。每个县的页面也链接本县的文件。\n"
             f"- [report.schema.json](data/report.schema.json)（{_size(sizes['data/report.schema.json'])}）："
             "数据格式（JSON Schema），每个字段附说明。\n",
             f"每份报告的页面另有该报告的 JSON（平均 {esc(_size(per_report))}）与 CSV 下载："
             "页面上的链接从本县的文件中取出这份报告，保存为 report.json；不用 JavaScript 时，链接下载本县的文件。"
             "CSV 由浏览器根据 JSON 生成，与全量 CSV 中该报告的各行相同。\n",
             "下载全部 JSON：`curl -s 网站地址/data/counties.json | jq -r '.[].file'` 列出各县文件，"
             "逐个下载 `网站地址/data/` 加文件名即可。\n",
             "## 打开方法 {#csv}\n",
             "- CSV 和各县 JSON 文件用 gzip 压缩，先解压：`gunzip gongkai.csv.gz`（Windows 可用 7-Zip）。\n",
             "- CSV 为 UTF-8 编码，文件开头带字节顺序标记（BOM），Excel 可直接打开，中文不会乱码。\n",
             "- region_code 是文字，不是数字：pandas 请用 `pd.read_csv(\"gongkai.csv.gz\", dtype={\"region_code\": str})`，"
             "R 请用 `colClasses = c(region_code = \"character\")`，以免丢失开头的 0。\n",
             "- 空白单元格的 value 为空，不等于 0，state 说明原因。\n",
             "每个字段的含义和取值见[数据字典](codebook.md)，行列键名见[术语](glossary.md)，检查项目见[检查方法](method.md)。\n"]
    return "\n".join(parts)


_TYPE_ZH = {"string": "文字", "integer": "整数", "number": "数字", "boolean": "是/否", "array": "列表",
            "object": "对象", "null": "null"}
_TABLE_PATHS = ("active_disclosure", "applications", "review_litigation")
_STATE_NAMES = {"Level": LEVEL_ZH, "CellState": STATE_ZH, "Severity": {"error": "错误", "warning": "警告",
                                                                         "info": "提示"}}


def _resolve(schema: dict[str, Any], prop: dict[str, Any]) -> tuple[str, dict[str, Any] | None]:
    """A property's type in words and the definition it refers to (for objects and enumerations)."""
    if "$ref" in prop:
        name = prop["$ref"].rsplit("/", 1)[1]
        definition = schema["$defs"][name]
        return _TYPE_ZH.get(definition.get("type", "object"), "对象"), definition
    if "anyOf" in prop:
        options = [_resolve(schema, p) for p in prop["anyOf"]]
        words = [w for w, _ in options if w != "null"]
        target = next((d for _, d in options if d is not None), None)
        nullable = len(words) < len(options)
        return "、".join(dict.fromkeys(words)) + ("，可为 null" if nullable else ""), target
    if "oneOf" in prop:
        return "对象", None
    words = _TYPE_ZH.get(prop.get("type", ""), prop.get("type", ""))
    if prop.get("format") == "date":
        words = "日期（文字，ISO 格式）"
    if prop.get("type") == "array" and "items" in prop:
        item, definition = _resolve(schema, prop["items"])
        return f"{item}的列表", definition
    if prop.get("type") == "object" and "additionalProperties" in prop:
        return "对象（键名 → 值）", None
    return words, None


def codebook_fields() -> Iterator[tuple[str, str, str, list[str]]]:
    """Every field of the report object: (path, type in words, meaning, allowed values)."""
    schema = report_json_schema()

    def walk(node: dict[str, Any], prefix: str) -> Iterator[tuple[str, str, str, list[str]]]:
        for key, prop in node.get("properties", {}).items():
            path = f"{prefix}{key}"
            words, definition = _resolve(schema, prop)
            values = [str(v) for v in prop.get("enum", [])] or ([str(prop["const"])] if "const" in prop else [])
            if definition is not None and "enum" in definition:
                values = [str(v) for v in definition["enum"]]
            yield path, words, prop.get("description", ""), values
            if definition is not None and "properties" in definition and path not in _TABLE_PATHS:
                yield from walk(definition, f"{path}[]." if prop.get("type") == "array" else f"{path}.")

    yield ("id", "文字", "报告编号（仅见于网站上的 report.json 和各县的 JSON 文件），即报告页面地址 r/<编号>/ 中的部分", [])
    yield from walk(schema, "")
    cell = schema["$defs"]["Cell"]
    for key, prop in cell["properties"].items():
        words, definition = _resolve(schema, prop)
        values = [str(v) for v in definition["enum"]] if definition is not None and "enum" in definition else []
        yield f"cells.<表>.<行>.<列>.{key}", words, prop.get("description", ""), values


def render_codebook() -> str:
    """The codebook: every field of the data with its meaning and its values, generated from the model."""
    schema = report_json_schema()
    parts = [front_matter("数据字典"), "# 数据字典\n",
             "每份报告的数据是一个 JSON 对象（网站上报告页面保存的 report.json，所在县的文件 county/<区划代码>.json.gz 中的一行，"
             "也是 `gongkai parse --json` 的输出）。下表列出它的每个字段、类型和含义，由档案的数据模型生成，"
             "与 [JSON Schema](data/report.schema.json) 一致。三张表的行列键名见[术语](glossary.md)。\n",
             "## JSON 字段\n",
             table_html(["字段", "类型", "含义", "取值"], (
                 [f"<code>{esc(path)}</code>", esc(words), esc(meaning), esc("、".join(values))]
                 for path, words, meaning, values in codebook_fields()), sortable=False),
             "## 取值的含义\n"]
    for name, title in (("Level", "level：发布机关的层级"), ("CellState", "state：单元格状态"),
                        ("Severity", "findings[].severity：检查结果的级别")):
        names = _STATE_NAMES[name]
        parts.append(f"### {title}\n")
        parts.append(table_html(["取值", "含义"], ([f"<code>{esc(v)}</code>", esc(names.get(v, ""))]
                                                for v in schema["$defs"][name]["enum"]), sortable=False))
    parts.append("## CSV 的列\n")
    parts.append("全量 CSV（gongkai.csv.gz）和每份报告的 CSV 每行一个单元格，列如下。文件为 UTF-8 编码，开头带字节顺序标记"
                 "（BOM）。region_code 请按文字读取，如 pandas 的 `dtype={\"region_code\": str}`。\n")
    parts.append(table_html(["列", "含义"], ([f"<code>{esc(name)}</code>", esc(meaning)] for name, meaning in CSV_COLUMNS),
                            sortable=False))
    return "\n".join(parts)


__all__ = ["BOM", "COUNTIES_PATH", "CSV_HEADER", "LABELS_PATH", "archive_csv", "codebook_fields", "county_files",
           "csv_labels", "render_codebook", "render_downloads", "report_csv_rows"]
