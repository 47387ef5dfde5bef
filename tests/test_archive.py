"""The archive in content/: importing originals, maintainers' corrections in report.yaml, and bad input."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from build_tools import archive as archive_module
from build_tools.archive import DataError, import_files, load_archive, load_stored
from build_tools.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = sorted((FIXTURES / "seeds").glob("*.txt"))
CHANGLUO = FIXTURES / "seeds" / "003_df809919c7a5e4a0.txt"
DONGGOU = FIXTURES / "seeds" / "004_614567a681452a82.txt"


def _snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file below root with its bytes and modification time."""
    return {p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(root.rglob("*")) if p.is_file()}


def _import_one(path: Path, content: Path) -> Path:
    (outcome,) = import_files([path], content)
    assert outcome.status.startswith("imported"), outcome.reason
    assert outcome.directory is not None
    return outcome.directory


def _edit(data_file: Path, old: str, new: str) -> None:
    text = data_file.read_text(encoding="utf-8")
    assert old in text, old
    data_file.write_text(text.replace(old, new, 1), encoding="utf-8")


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


# Importing ---------------------------------------------------------------------------------------


def test_importing_the_same_original_twice_is_a_duplicate_and_changes_nothing(tmp_path: Path) -> None:
    content = tmp_path / "content"
    directory = _import_one(CHANGLUO, content)
    before = _snapshot(content)
    renamed = tmp_path / "renamed.txt"
    renamed.write_bytes(CHANGLUO.read_bytes())
    outcomes = import_files([CHANGLUO, renamed], content)
    assert [(o.status, o.directory) for o in outcomes] == [("duplicate", directory), ("duplicate", directory)]
    assert all("same content as" in o.reason for o in outcomes)
    assert _snapshot(content) == before


def test_import_of_a_folder_imports_the_good_files_and_lists_every_bad_one(tmp_path: Path) -> None:
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    for seed in (CHANGLUO, DONGGOU):
        (incoming / seed.name).write_bytes(seed.read_bytes())
    (incoming / "empty.txt").write_bytes(b"")
    (incoming / "scan.bin").write_bytes(bytes(range(256)) * 8)
    (incoming / "notice.txt").write_text("关于召开全体干部会议的通知\n定于明天下午三点在三楼会议室召开全体干部会议。\n",
                                         encoding="utf-8")
    (incoming / ".hidden.txt").write_bytes((incoming / "notice.txt").read_bytes())
    os.mkfifo(incoming / "pipe.txt")
    code, out, err = _run("import", str(incoming), "--content", str(tmp_path / "content"))
    assert code == 1
    assert f"{tmp_path / 'content'} is not an archive yet: creating one there" in err
    lines = {Path(line.split()[0]).name: line for line in out.splitlines()[:-1]}
    # Nothing found is passed over: a hidden file is read like any other, a FIFO is refused unread.
    assert sorted(lines) == [".hidden.txt", "003_df809919c7a5e4a0.txt", "004_614567a681452a82.txt", "empty.txt",
                             "notice.txt", "pipe.txt", "scan.bin"]
    assert " rejected " in lines[".hidden.txt"]
    assert "a FIFO (named pipe), not a regular file: not read" in lines["pipe.txt"]
    assert "imported_with_findings" in lines["003_df809919c7a5e4a0.txt"]
    assert "imported_with_findings" in lines["004_614567a681452a82.txt"]
    assert "rejected" in lines["empty.txt"] and "(empty file)" in lines["empty.txt"]
    assert "rejected" in lines["scan.bin"] and "not a text report" in lines["scan.bin"]
    assert "rejected" in lines["notice.txt"] and "no annual report found" in lines["notice.txt"]
    assert out.splitlines()[-1] == "0 imported, 2 imported_with_findings, 0 replaced, 0 duplicate, 5 rejected (7 files)"
    assert len(list((tmp_path / "content" / "reports" / "2023").iterdir())) == 2


def test_an_import_interrupted_while_writing_leaves_no_half_written_report(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The write of the second report fails at its final rename: the others go in, it leaves no trace."""
    content = tmp_path / "content"
    real_replace = os.replace
    calls = []

    def failing_replace(src: object, dst: object) -> None:
        if Path(str(dst)).parent.name == "2023":  # a report's final move into content/reports/2023/
            calls.append(dst)
        if len(calls) == 2 and Path(str(dst)).parent.name == "2023":
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(archive_module.os, "replace", failing_replace)
    outcomes = import_files(SEEDS[:3], content)
    assert [o.status.split("_")[0] for o in outcomes] == ["imported", "rejected", "imported"]
    assert outcomes[1].reason.startswith("cannot write ") and "No space left on device" in outcomes[1].reason
    year = content / "reports" / "2023"
    assert sorted(p.name for p in year.iterdir()) == sorted(o.directory.name for o in (outcomes[0], outcomes[2]))
    assert not list(content.rglob(".import-*")) and not (content / ".staging").exists()

    monkeypatch.setattr(archive_module.os, "replace", real_replace)
    again = import_files(SEEDS[:3], content)
    assert [o.status.split("_")[0] for o in again] == ["duplicate", "imported", "duplicate"]
    assert len(load_archive(content).reports) == 3


def test_an_unreadable_report_folder_is_never_overwritten(tmp_path: Path) -> None:
    """A folder whose parsed.json is damaged may still hold corrections: import refuses to replace it."""
    content = tmp_path / "content"
    directory = _import_one(CHANGLUO, content)
    (directory / "parsed.json").write_text("{", encoding="utf-8")
    _edit(directory / "report.yaml", "notes: {}", "notes:\n  organ: 已核对")
    kept = (directory / "report.yaml").read_bytes()
    (outcome,) = import_files([CHANGLUO], content)
    assert outcome.status == "rejected" and "cannot be read" in outcome.reason
    assert (directory / "report.yaml").read_bytes() == kept


# Corrections -------------------------------------------------------------------------------------

CORRECTION_PATH = "applications.new_received.natural_person"
CORRECTION_REASON = "原文第 55 行漏印，据纸质版更正为 2"


def _correct(content: Path) -> Path:
    directory = _import_one(CHANGLUO, content)
    data = directory / "report.yaml"
    _edit(data, "  new_received: {natural_person: 0,", "  new_received: {natural_person: 2,")
    _edit(data, "notes: {}", f"notes:\n  {CORRECTION_PATH}: {CORRECTION_REASON}")
    return directory


def test_a_hand_correction_is_marked_listed_and_survives_reimport(tmp_path: Path) -> None:
    content = tmp_path / "content"
    directory = _correct(content)
    edited = (directory / "report.yaml").read_bytes()

    report = load_stored(directory).report
    assert report.applications.new_received.natural_person == 2
    cell = report.cells.applications["new_received"]["natural_person"]
    assert (cell.state.value, cell.line, cell.raw) == ("corrected", 55, "0")
    assert [(c.path, c.value, c.parsed, c.reason) for c in report.corrections] == [
        (CORRECTION_PATH, 2, 0, CORRECTION_REASON)]

    (outcome,) = import_files([CHANGLUO], content)
    assert outcome.status == "duplicate"
    assert (directory / "report.yaml").read_bytes() == edited
    assert load_stored(directory).report.applications.new_received.natural_person == 2

    code, out, _ = _run("build", "--content", str(content), "--docs-dir", str(tmp_path / "docs"), "--markdown-only")
    assert code == 0, out
    page = (tmp_path / "docs" / "r" / "360704203" / "2023" / "index.md").read_text(encoding="utf-8")
    assert "### 修订记录" in page
    assert f"<td>日期未注明</td><td>更正 {CORRECTION_PATH}：0 → 2</td><td>{CORRECTION_REASON}</td>" in page
    assert '<a href=#L55>一、本年新收政府信息公开申请数量</a><td class="cell-corrected" title="维护者更正：“0”；解析值 0"' in page
    quality = (tmp_path / "docs" / "quality.md").read_text(encoding="utf-8")
    assert "## 收录后有变动的报告" in quality and "1 份报告" in quality
    county = (tmp_path / "docs" / "quality" / "360704" / "index.md").read_text(encoding="utf-8")
    assert "长洛乡人民政府 2023 年度报告</a>" in county and "收录后有变动" in county


def test_check_reports_the_arithmetic_a_correction_breaks(tmp_path: Path) -> None:
    """The corrected figure is checked like a printed one: the row no longer adds up to its 总计."""
    content = tmp_path / "content"
    _correct(content)
    code, out, _ = _run("check", "--content", str(content))
    assert code == 0
    assert "original.txt:55: error[F-03] t3.new_received: applicant columns add up to 2, printed total is 0" in out


def test_check_lists_each_correction_with_its_reason(tmp_path: Path) -> None:
    content = tmp_path / "content"
    directory = _correct(content)
    _edit(directory / "report.yaml", "  granted: {natural_person: 0,", "  granted: {natural_person: null,")
    code, out, _ = _run("check", "--content", str(content))
    assert code == 0
    assert (f"  {directory / 'report.yaml'}: corrected {CORRECTION_PATH}: 0 → 2 ({CORRECTION_REASON})"
            f"（更正：{CORRECTION_REASON}）") in out
    assert (f"  {directory / 'report.yaml'}: corrected applications.granted.natural_person: 0 → blank（空） "
            "(no reason given under notes)（更正：未注明理由）") in out
    assert "None" not in out


def test_check_groups_findings_by_report_in_english_and_chinese_and_ends_with_the_reports_to_look_at(
        tmp_path: Path) -> None:
    content = tmp_path / "content"
    first, second = (_import_one(p, content) for p in (CHANGLUO, DONGGOU))
    code, out, _ = _run("check", "--content", str(content))
    assert code == 0
    lines = out.splitlines()
    changluo = f"赣州市赣县区长洛乡人民政府 2023 ({first})"
    donggou = f"东沟乡人民政府 2023 ({second})"
    assert lines[0] == donggou  # by organ, then year
    assert changluo in lines
    start = lines.index(changluo)
    # Each finding under its report: where, the English message, the Chinese one beside it.
    assert lines[start + 1].startswith(f"  {first / 'original.txt'}:")
    assert all("  （警告：" in line or "  （提示：" in line or "  （错误：" in line
               for line in lines[start + 1:lines.index("", start)])
    summary = lines.index(next(line for line in lines if line.startswith("checked 2 reports:")))
    assert lines[summary + 1] == "reports that need a look（需要查看的报告，2 份）:"
    assert lines[summary + 2].startswith(f"  {donggou}: 0 errors, ")
    assert lines[summary + 3].startswith(f"  {changluo}: 0 errors, ")
    assert len(lines) == summary + 4


# Typos in report.yaml ----------------------------------------------------------------------------

TYPOS = {
    "negative": ("other_org: 0, total: 0}", "other_org: 0, total: -1}",
                 51, "applications.new_received.total: expected a number ≥ 0, found -1"),
    "not-a-number": ("other_org: 0, total: 0}", "other_org: 0, total: abc}",
                     51, "applications.new_received.total: expected a whole number, found 'abc'"),
    "unknown-row": ("  carried_over: {", "  carried_ovre: {",
                    52, ("applications.carried_ovre: unknown key 'carried_ovre'; expected one of new_received, "
                         "carried_over, granted")),
    "unknown-column": ("  granted: {natural_person: 0,", "  granted: {natural_persons: 0,",
                       53, ("applications.granted.natural_persons: unknown key 'natural_persons'; expected one of "
                            "natural_person, commercial")),
    "bad-region": ("  code: '360704203'", "  code: '360704999'",
                   10, ("region.code: '360704999' is not a statistical code in the gazetteer (expected 2, 4, 6 or 9 "
                        "digits")),
    "indentation": ("applications:\n  new_received:", "applications:\n new_received:",
                    52, ("not valid YAML: expected <block end>, but found '<block mapping start>' at column 3 (while "
                         "parsing a block mapping that starts at line 51); check that keys of one level are indented")),
}


@pytest.mark.parametrize("typo", sorted(TYPOS))
def test_a_typo_in_the_data_file_names_file_line_and_what_was_expected(tmp_path: Path, typo: str) -> None:
    old, new, line, message = TYPOS[typo]
    content = tmp_path / "content"
    directory = _import_one(CHANGLUO, content)
    data = directory / "report.yaml"
    _edit(data, old, new)
    with pytest.raises(DataError) as caught:
        load_stored(directory)
    assert (caught.value.path, caught.value.line) == (data, line)
    assert str(caught.value).startswith(f"{data}:{line}: {message}")

    code, out, err = _run("check", "--content", str(content))
    assert code == 1
    assert f"{data}:{line}: {message}" in err
    assert "checked 0 reports: 0 errors, 0 warnings, 0 notes, 0 corrections; 1 invalid data files" in out


def test_build_leaves_an_invalid_report_out_and_lists_it(tmp_path: Path) -> None:
    """The other reports build; the bad one is named on stderr and on the quality page; --strict fails."""
    content = tmp_path / "content"
    bad = _import_one(CHANGLUO, content)
    _import_one(DONGGOU, content)
    old, new, line, message = TYPOS["negative"]
    _edit(bad / "report.yaml", old, new)
    site, docs = tmp_path / "site", tmp_path / "docs"

    code, out, err = _run("build", "--content", str(content), "--site-dir", str(site), "--docs-dir", str(docs))
    assert code == 0, err
    assert out.startswith("built 1 reports into ") and "1 invalid data files left out" in out
    assert err.strip() == f"left out: {bad / 'report.yaml'}:{line}: {message}"
    assert (site / "r" / "630223208" / "2023" / "index.html").is_file()
    assert not (site / "r" / "360704203").exists()
    quality = (site / "quality" / "index.html").read_text(encoding="utf-8")
    # Named by its place in the archive and line, never by a local path or in English.
    where = (bad / "report.yaml").relative_to(content).as_posix()
    assert "无法载入的数据文件" in quality and f"<code>{where}</code>第 {line} 行" in quality
    assert str(tmp_path) not in quality and "applications.new_received.total" not in quality

    code, out, err = _run("build", "--strict", "--content", str(content), "--site-dir", str(tmp_path / "strict"),
                          "--docs-dir", str(tmp_path / "strict-docs"))
    assert code == 1
    assert "error: invalid data files:" in err and f"report.yaml:{line}: {message}" in err
    assert not (tmp_path / "strict").exists()


# Region set by a maintainer ----------------------------------------------------------------------


def test_setting_the_region_of_an_ambiguous_report_moves_it_to_its_region(tmp_path: Path) -> None:
    """Seed 004 without the sentence naming its county: 东沟乡 exists in two counties, so the report stays
    unplaced until a maintainer sets region.code; then it moves to 互助土族自治县 东沟乡."""
    text = DONGGOU.read_text(encoding="utf-8")
    assert text.count("互助土族自治县") == 1
    ambiguous = tmp_path / "donggou-ambiguous.txt"
    ambiguous.write_text(text.replace("互助土族自治县", ""), encoding="utf-8")
    content, docs = tmp_path / "content", tmp_path / "docs"
    directory = _import_one(ambiguous, content)
    report = load_stored(directory).report
    assert report.region.code is None and "630223208" in report.region.candidates

    def build() -> None:
        code, out, err = _run("build", "--content", str(content), "--docs-dir", str(docs), "--markdown-only")
        assert code == 0, out + err

    build()
    (unplaced,) = (docs / "r").glob("x*/2023/index.md")
    assert "## 地区未确定的报告" in (docs / "region" / "index.md").read_text(encoding="utf-8")
    assert not (docs / "region" / "630223208").exists()

    _edit(directory / "report.yaml", "  code: null\n", "  code: '630223208'\n")
    _edit(directory / "report.yaml", "notes: {}", "notes:\n  region.code: 落款公章为互助土族自治县东沟乡人民政府")
    build()
    assert not unplaced.exists()
    page = (docs / "r" / "630223208" / "2023" / "index.md").read_text(encoding="utf-8")
    assert '<a href="../../../region/630223/">互助土族自治县</a>' in page
    assert "<td>日期未注明</td><td>更正 region.code：— → 630223208</td><td>落款公章为互助土族自治县东沟乡人民政府</td>" in page
    for region in ("630223208", "630223", "6302", "63"):
        assert "r/630223208/2023/" in (docs / "region" / region / "index.md").read_text(encoding="utf-8"), region
    assert "## 地区未确定的报告" not in (docs / "region" / "index.md").read_text(encoding="utf-8")


def test_an_import_interrupted_before_the_end_leaves_content_as_it_was(tmp_path: Path) -> None:
    """Ctrl-C on the third file of a batch: nothing of the batch is in content/, no staging folder is left."""
    content = tmp_path / "content"
    _import_one(CHANGLUO, content)
    before = sorted(p.relative_to(content) for p in content.rglob("*"))
    seen: list[Path] = []

    def interrupt(path: Path) -> None:
        seen.append(path)
        if len(seen) == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_files(SEEDS, content, progress=interrupt)
    assert sorted(p.relative_to(content) for p in content.rglob("*")) == before


def test_a_long_batch_shows_progress_and_ends_with_a_summary(tmp_path: Path) -> None:
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    for n in range(12):
        (incoming / f"copy-{n:02}.txt").write_bytes(CHANGLUO.read_bytes() + b"\n" * (n + 1))
    code, out, err = _run("import", str(incoming), "--content", str(tmp_path / "content"))
    assert code == 0, err
    assert "importing" in err
    # The same text twelve times over (only the blank lines at the end differ): one is imported, the rest
    # are duplicates of it.
    assert out.splitlines()[-1] == ("0 imported, 1 imported_with_findings, 0 replaced, 11 duplicate, 0 rejected "
                                    "(12 files)")


def test_file_names_are_printed_escaped_and_stored_under_safe_names(tmp_path: Path) -> None:
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    hostile = incoming / "长洛乡\n\x1b[2J报告.T\x07XT"
    hostile.write_bytes(CHANGLUO.read_bytes())
    code, out, err = _run("import", str(incoming), "--content", str(tmp_path / "content"))
    assert code == 0, out + err
    assert "\x1b" not in out + err and "\x07" not in out + err
    first = out.splitlines()[0]
    assert first.startswith(f"{incoming}/长洛乡\\n\\x1b[2J报告.T\\x07XT  imported_with_findings"), first
    (stored,) = load_archive(tmp_path / "content").reports
    assert stored.original.name == "original.txt"


@pytest.mark.parametrize("missing", ["nonexistent", "empty-folder"])
def test_check_and_build_refuse_a_missing_archive_and_leave_the_site_alone(tmp_path: Path, missing: str) -> None:
    content = tmp_path / missing
    if missing == "empty-folder":
        content.mkdir()
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the site of the last build", encoding="utf-8")
    code, out, err = _run("check", "--content", str(content))
    assert (code, out) == (2, "")
    what = "no such folder" if missing == "nonexistent" else "not an archive (it has no reports/ folder)"
    assert err == (f"error: --content {content}: {what}; import reports into it with `gongkai import FILE… "
                   f"--content {content}` first\n")
    code, out, err = _run("build", "--content", str(content), "--site-dir", str(site),
                          "--docs-dir", str(tmp_path / "docs"))
    assert (code, out) == (2, "")
    assert err.startswith(f"error: --content {content}: {what}") and err.endswith(f"; {site} left as it was\n")
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "the site of the last build"
    assert not (tmp_path / "docs").exists()


# Reading a data file: the quick constructor and PyYAML's own agree ---------------------------------------

_RAW_SCALARS = ("0", "7", "0123", "0x1F", "0o17", "0b101", "1_000", "+5", "-0", "-12", "1:30", "1.5", "1e3", ".inf",
                "yes", "no", "on", "true", "False", "~", "null", "", "2024-02-29", "2023-02-29", "2024-01-02 03:04:05",
                "'007'", '"x"', "长白镇", "a b", "!!str 5", "!!int '12'", "!!binary aGk=", "[]", "{}", "[1, 2]",
                "{a: 1}")
_RAW_DOCUMENTS = ("a: &x [1]\nb: *x\n", "a: &x 2024-01-02\nb: *x\n", "a: 1\na: 2\n", "1: a\n'1': b\n",
                  "<<: {a: 1}\nb: 2\n", "a: !!set {x, y}\n", "? [a]\n: b\n", "a: !!omap [x: 1]\n", "- 1\n- 1\n")


def _reference_data(text: str) -> object:
    """The data file's data as PyYAML's constructor builds it, after the archive's own node checks."""
    loader = archive_module._FastLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None
        archive_module._check_nodes(root)
        return loader.construct_document(root)
    finally:
        loader.dispose()


def _outcome(load: Any, text: str) -> tuple[str, str]:
    try:
        return "ok", repr(load(text))
    except Exception as exc:  # noqa: BLE001 - the outcome compared is the error too
        return "error", str(exc)


_scalars = st.one_of(st.text(max_size=30), st.integers(-10**6, 10**20), st.none(), st.booleans(), st.dates(),
                     st.floats(allow_nan=False))
_data = st.recursive(_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.one_of(st.text(max_size=8), st.integers(0, 99)), inner, max_size=4)),
    max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(_data)
def test_a_dumped_data_file_loads_as_pyyaml_builds_it(data: object) -> None:
    text = yaml.safe_dump(data, allow_unicode=True)
    assert repr(archive_module._load_yaml(text)[1]) == repr(_reference_data(text))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(("k{}", "'k{}'", "{}", "\"{}\"")), st.sampled_from(_RAW_SCALARS)), max_size=6),
       st.sampled_from(("", *_RAW_DOCUMENTS)))
def test_a_hand_written_data_file_loads_or_fails_as_pyyaml_and_the_node_checks_say(
        fields: list[tuple[str, str]], tail: str) -> None:
    text = "".join(f"{key.format(i)}: {value}\n" for i, (key, value) in enumerate(fields))
    text += tail if not fields or not tail.startswith("-") else ""
    expected = _outcome(_reference_data, text)
    got = _outcome(lambda t: archive_module._load_yaml(t)[1], text)
    assert got[0] == expected[0], (text, got, expected)
    if got[0] == "ok":
        assert got == expected, text


def test_the_string_0_and_the_number_0_are_two_keys() -> None:
    text = "'0': a\n0: b\n"
    assert archive_module._load_yaml(text)[1] == {"0": "a", 0: "b"} == _reference_data(text)
    with pytest.raises(archive_module._BadValue, match="given twice"):
        archive_module._load_yaml("{k: 1, k: 2}\n")
