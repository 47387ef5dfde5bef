"""`gongkai parse`: exact output and exit code for good and bad files (CliRunner, and `python -m`)."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from build_tools.cli import main
from build_tools.pipeline import parse_files
from conftest import SEEDS

NOT_A_REPORT_PAGE = ("no annual report in this web page: it has 0 of the section headings and table labels of a "
                     "report (found: none; expected e.g. 一、总体情况, 收到和处理政府信息公开申请情况)")
SEED_A, SEED_B = SEEDS[0], SEEDS[1]


def invoke(*args: str) -> Result:
    try:
        runner = CliRunner(mix_stderr=False)  # type: ignore[call-arg]  # click 8.1
    except TypeError:
        runner = CliRunner()  # click >= 8.2 keeps stderr apart
    return runner.invoke(main, list(args), prog_name="gongkai", catch_exceptions=False)


def write_docx(path: Path) -> Path:
    """A .docx (a zip archive) given where a text export was expected."""
    with zipfile.ZipFile(path, "w") as z:
        info = zipfile.ZipInfo("word/document.xml", date_time=(2024, 1, 25, 0, 0, 0))
        z.writestr(info, "<w:document><w:body><w:p><w:t>政府信息公开工作年度报告</w:t></w:p></w:body></w:document>")
    return path


def bad_files(tmp: Path) -> dict[str, tuple[Path, str]]:
    """Files that are not reports, each with the reason `gongkai parse` gives."""
    empty = tmp / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp / "blank.txt"
    blank.write_bytes(b" \n\t\r\n")
    page = tmp / "page.html"
    page.write_text("<html><head><title>首页</title></head><body><p>欢迎访问某某县人民政府网站</p></body></html>\n",
                    encoding="utf-8")
    directory = tmp / "folder"
    directory.mkdir()
    return {
        "empty": (empty, "empty file"),
        "blank": (blank, "empty file"),
        "binary": (write_docx(tmp / "report.docx"),
                   "damaged DOCX: the part \"There is no item named '[Content_Types].xml' in the archive\" is missing"),
        "missing": (tmp / "missing.txt", "no such file"),
        "directory": (directory, "is a directory, expected a report file"),
        "not-a-report": (page, NOT_A_REPORT_PAGE),
    }


@pytest.mark.parametrize("kind", ["empty", "blank", "binary", "missing", "directory", "not-a-report"])
@pytest.mark.parametrize("as_json", [False, True], ids=["text", "json"])
def test_one_bad_file(tmp_path, kind, as_json):
    path, reason = bad_files(tmp_path)[kind]
    result = invoke("parse", *(["--json"] if as_json else []), str(path))
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"{path}: error: {reason}\n")


def test_image_is_reported_as_binary(tmp_path):
    png = tmp_path / "scan.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00")
    result = invoke("parse", str(png))
    assert (result.exit_code, result.stderr) == (
        1, f"{png}: error: an image (PNG), not a document: scanned pages need OCR, which is not supported\n")


def test_every_bad_file_gets_one_line(tmp_path):
    files = bad_files(tmp_path)
    result = invoke("parse", *(str(p) for p, _ in files.values()))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "".join(f"{p}: error: {reason}\n" for p, reason in files.values())


def test_good_file_and_bad_file(tmp_path):
    missing = tmp_path / "missing.txt"
    result = invoke("parse", "--json", str(SEED_A), str(missing))
    assert result.exit_code == 1
    assert result.stderr == f"{missing}: error: no such file\n"
    (expected,) = parse_files([SEED_A])
    assert json.loads(result.stdout) == [expected.report.to_json_dict()]


def test_good_file_and_bad_file_as_text(tmp_path):
    missing = tmp_path / "missing.txt"
    result = invoke("parse", str(SEED_A), str(missing))
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{SEED_A}\n  机关 organ:        酉阳土家族苗族自治县楠木乡人民政府\n")
    assert result.stderr == f"{missing}: error: no such file\n"


def test_several_files_as_json_give_a_list():
    result = invoke("parse", "--json", str(SEED_A), str(SEED_B))
    assert (result.exit_code, result.stderr) == (0, "")
    data = json.loads(result.stdout)
    assert isinstance(data, list)
    assert [(d["organ"], d["year"], d["source"]["name"]) for d in data] == [
        ("酉阳土家族苗族自治县楠木乡人民政府", 2023, SEED_A.name),
        ("保田镇人民政府", 2023, SEED_B.name),
    ]


def test_one_file_as_json_gives_an_object():
    result = invoke("parse", "--json", str(SEED_A))
    assert (result.exit_code, result.stderr) == (0, "")
    data = json.loads(result.stdout)
    (expected,) = parse_files([SEED_A])
    assert data == expected.report.to_json_dict()
    assert result.stdout.endswith("}\n")


def test_findings_do_not_change_the_exit_code():
    """Seed 003 has reading findings (L-02, F-06); it still parsed, so the exit code is 0."""
    result = invoke("parse", str(SEEDS[3]))
    assert (result.exit_code, result.stderr) == (0, "")
    assert f"{SEEDS[3]}:63: warning[L-02] " in result.stdout


def test_no_arguments_is_a_usage_error():
    result = invoke("parse")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == ("Usage: gongkai parse [OPTIONS] FILES...\n"
                             "Try 'gongkai parse --help' for help.\n\n"
                             "Error: Missing argument 'FILES...'.\n")


def test_unknown_option_is_a_usage_error():
    result = invoke("parse", "--bogus", str(SEED_A))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("Usage: gongkai parse [OPTIONS] FILES...\n")
    assert "--bogus" in result.stderr.splitlines()[-1]


def test_python_m_build_tools_parse(tmp_path):
    ok = subprocess.run([sys.executable, "-m", "build_tools", "parse", "--json", str(SEED_A)],
                        capture_output=True, text=True, encoding="utf-8", check=False)
    assert (ok.returncode, ok.stderr) == (0, "")
    assert json.loads(ok.stdout)["organ"] == "酉阳土家族苗族自治县楠木乡人民政府"
    missing = tmp_path / "missing.txt"
    bad = subprocess.run([sys.executable, "-m", "build_tools", "parse", str(missing)],
                         capture_output=True, text=True, encoding="utf-8", check=False)
    assert (bad.returncode, bad.stdout, bad.stderr) == (1, "", f"{missing}: error: no such file\n")
