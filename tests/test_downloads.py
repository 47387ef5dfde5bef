"""The data downloads: the CSV Excel and pandas read, a report's CSV made in the browser, the downloads page
and the codebook generated from the model."""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
from hypothesis import given, settings
from hypothesis import strategies as st

from browser import driver, open_page, require_chromium, serve_site, wait_for
from test_archive import CHANGLUO, _run
from test_build import Built, archive_json, archive_site

from build_tools.downloads import CSV_COLUMNS, CSV_HEADER, codebook_fields, csv_field
from build_tools.model import CellState, Level, report_json_schema

__all__ = ["archive_site", "driver"]

REPORT = "r/360704203/2023/"


def _archive_csv(built: Built) -> bytes:
    return gzip.decompress((built.site / "data/gongkai.csv.gz").read_bytes())


def _reports(built: Built) -> list[dict[str, Any]]:
    return [json.loads(line) for line in archive_json(built.site).values()]


def test_the_csv_opens_in_excel_and_carries_each_reports_metadata(archive_site: Built) -> None:
    data = _archive_csv(archive_site)
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8's byte order mark: Chinese Excel reads UTF-8, not GBK
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert list(rows[0]) == [name for name, _ in CSV_COLUMNS]
    by_id = {r["id"]: r for r in _reports(archive_site)}
    for row in rows:
        report = by_id[row["report"]]
        assert row["level"] == report["level"] and row["format_version"] == report["format_version"]
        assert row["published"] == (report["published"] or "")
        assert row["region_code"] == (report["region"]["code"] or "")
        table = {"t2": "active_disclosure", "t3": "applications", "t4": "review_litigation"}[row["table"]]
        cell = report["cells"][table][row["row"]][row["column"]]
        assert row["state"] == cell["state"] and row["line"] == str(cell["line"] or "")
        value = report[table][row["row"]][row["column"]]
        assert row["value"] == ("" if value is None else str(value))
    assert {r["level"] for r in rows} <= {level.value for level in Level}
    assert all(re.fullmatch(r"\d{2}(\d{2})?(\d{2})?(\d{3})?", r["region_code"]) for r in rows if r["region_code"])


def test_region_code_is_a_string_in_the_json_and_documented_as_text_for_the_csv(archive_site: Built) -> None:
    schema = report_json_schema()
    assert schema["$defs"]["Region"]["properties"]["code"]["anyOf"][0] == {"type": "string"}
    assert all(isinstance(r["region"]["code"], str) for r in _reports(archive_site))
    for url in ("downloads/", "codebook/"):
        assert 'dtype={"region_code": str}' in archive_site.page(url).replace("&quot;", '"'), url


def test_every_report_object_is_valid_against_the_published_schema(archive_site: Built) -> None:
    schema = json.loads((archive_site.site / "data/report.schema.json").read_text(encoding="utf-8"))
    for report in _reports(archive_site):
        jsonschema.validate({k: v for k, v in report.items() if k != "id"}, schema)


def test_every_field_of_the_schema_has_a_description() -> None:
    schema = report_json_schema()
    missing = [f"{name}.{key}" for name, node in [("Report", schema), *schema["$defs"].items()]
               for key, prop in node.get("properties", {}).items() if not prop.get("description")]
    assert missing == []


def test_the_codebook_lists_every_field_and_state_with_its_meaning(archive_site: Built) -> None:
    page = archive_site.page("codebook/")
    fields = list(codebook_fields())
    paths = [path for path, _, _, _ in fields]
    for path in ("organ", "level", "region.code", "cells.<表>.<行>.<列>.state", "findings[].severity",
                 "sections.overview.line", "layout.t3_subtotal_column", "corrections[].reason"):
        assert path in paths, path
    for path, _, meaning, _ in fields:
        assert meaning, path
        assert f"<code>{path.replace('<', '&lt;').replace('>', '&gt;')}</code>" in page, path
    states = next(values for path, _, _, values in fields if path == "cells.<表>.<行>.<列>.state")
    assert states == [s.value for s in CellState]
    for state in CellState:  # each state with its meaning in words
        assert re.search(rf"<code>{state.value}</code></td><td>[^<]+</td>", page), state
    for name, _ in CSV_COLUMNS:
        assert f"<code>{name}</code>" in page, name


def test_the_downloads_page_gives_licence_sizes_and_date(archive_site: Built) -> None:
    page = archive_site.page("downloads/")
    assert "CC0 1.0" in page and "许可" in page
    assert "截至 2024-01-25" in page  # the latest publication date of the archive's reports
    for name in ("gongkai.csv.gz", "counties.json", "report.schema.json"):
        size = (archive_site.site / "data" / name).stat().st_size
        shown = f"{size / 1024:.1f} KB" if size >= 1024 else f"{size} 字节"
        assert re.search(rf'href="\.\./data/{re.escape(name)}">{re.escape(name)}</a>（{re.escape(shown)}）', page), name
    assert 'href="../codebook/"' in page


def _saved(driver: Any, selector: str) -> bytes:
    """The bytes of the file a click on the link saves: the Blob given to URL.createObjectURL."""
    driver.execute_script("""
        window.savedFile = null;
        const make = URL.createObjectURL;
        URL.createObjectURL = blob => {
          blob.arrayBuffer().then(b => { window.savedFile = Array.from(new Uint8Array(b)); });
          return make(blob);
        };
        document.querySelector(arguments[0]).click();""", selector)
    return bytes(wait_for(lambda: driver.execute_script("return window.savedFile"), 10,
                          f"the link {selector} saved nothing"))


def _browser_csv(driver: Any, base: str, *, click: bool) -> str:
    """The report's CSV as assets/csv.js makes it: by clicking its link, or by calling it directly."""
    open_page(driver, base + REPORT)
    if click:
        return _saved(driver, "a[data-csv]").decode("utf-8")  # the bytes as saved, byte order mark included
    return driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        Promise.all([window.gongkaiReport('../../../data/county/360704.json.gz', '360704203/2023'),
                     window.gongkaiJson('../../../data/labels.json')])
          .then(([report, labels]) => done(window.gongkaiReportCsv(report, labels)));""")


def test_a_reports_csv_made_in_the_browser_is_its_rows_of_the_archive_csv(archive_site: Built, driver: Any) -> None:
    require_chromium()
    url, server = serve_site(archive_site.site)
    try:
        made = _browser_csv(driver, url, click=True)
        assert _browser_csv(driver, url, click=False) == made
    finally:
        server.shutdown()
        server.server_close()
    lines = _archive_csv(archive_site).decode("utf-8").split("\n")
    expected = [lines[0]] + [line for line in lines[1:] if line.startswith("360704203/2023,")]
    assert len(expected) > 50
    assert made == "\n".join(expected) + "\n"
    assert made.startswith("\ufeff" + CSV_HEADER)


def test_a_reports_json_link_saves_its_object_of_the_open_data_format(archive_site: Built, driver: Any) -> None:
    """The page saves report.json, its line of its county's file: `gongkai parse --json`'s object with the
    report's id, the same bytes as the archive stores it."""
    require_chromium()
    url, server = serve_site(archive_site.site)
    try:
        open_page(driver, url + REPORT)
        saved = _saved(driver, "a[data-json]")
    finally:
        server.shutdown()
        server.server_close()
    assert saved == archive_json(archive_site.site)["360704203/2023"] + b"\n"
    report = json.loads(saved)
    parsed = json.loads(_run("parse", "--json", str(CHANGLUO))[1])
    assert list(report) == ["id", *parsed] and report["id"] == "360704203/2023"  # the public format's keys
    assert report["cells"] == parsed["cells"] and report["applications"] == parsed["applications"]


def test_without_javascript_the_json_link_fetches_the_countys_file(archive_site: Built) -> None:
    page = archive_site.page(REPORT)
    county = re.search(r'<a href="([^"]+)" data-json="report.json" data-report="360704203/2023">JSON</a>', page)
    assert county is not None
    path = (archive_site.site / REPORT / county.group(1)).resolve()
    assert path == (archive_site.site / "data/county/360704.json.gz").resolve()
    assert any(json.loads(line)["id"] == "360704203/2023" for line in gzip.decompress(path.read_bytes()).split(b"\n")[1:-2])
    assert 'href="../../data/county/360704.json.gz"' in archive_site.page("region/360704/")  # the county's page


def test_the_csv_link_leads_to_the_downloads_page_without_javascript(archive_site: Built) -> None:
    page = archive_site.page(REPORT)
    link = re.search(r'<a href="([^"]+)" data-csv="../../../data/county/360704.json.gz" data-report="360704203/2023" '
                     r'data-labels="([^"]+)" download="report.csv">CSV</a>', page)
    assert link is not None
    assert (archive_site.site / REPORT / link.group(1).split("#")[0] / "index.html").resolve() == (
        archive_site.site / "downloads/index.html").resolve()
    assert (archive_site.site / REPORT / link.group(2)).resolve() == (archive_site.site / "data/labels.json").resolve()
    assert "assets/csv.js" in page


def test_the_schema_committed_is_the_models(tmp_path: Path) -> None:
    committed = Path(__file__).resolve().parents[1] / "schema" / "report.schema.json"
    assert json.loads(committed.read_text(encoding="utf-8")) == report_json_schema()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=12), st.sampled_from(('"', ",", "\n", "\r", "\r\n", '""', " ", "'=1", "a,b"))),
                min_size=2, max_size=6))
def test_a_csv_row_is_written_as_the_csv_module_writes_it(fields: list[str]) -> None:
    written = io.StringIO()
    csv.writer(written, lineterminator="\n").writerow(fields)
    assert ",".join(csv_field(field) for field in fields) + "\n" == written.getvalue()
