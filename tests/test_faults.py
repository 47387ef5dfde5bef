"""Faults during `gongkai import`: killed, raced by a second writer, starved of write access, input rewritten.

Each test runs the real command in a child process and stops it at a named point inside the import
(build_tools.staging.fault_point: the child creates a marker file there and waits until the test
removes it, or kills it). After each fault the archive is either as it was or holds the whole import,
and `gongkai check` agrees with what is on disk.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_revisions import _replacement

from build_tools.archive import import_files
from build_tools.staging import FAULT_FILE, FAULT_POINT

FIXTURES = Path(__file__).parent / "fixtures" / "seeds"
CHANGLUO = FIXTURES / "003_df809919c7a5e4a0.txt"
DONGGOU = FIXTURES / "004_614567a681452a82.txt"
OTHERS = [p for p in sorted(FIXTURES.glob("*.txt")) if p not in (CHANGLUO, DONGGOU)]
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, list[Path]]:
    """An archive holding one report, and a batch of three: its replacement and two new reports."""
    content = tmp_path / "content"
    import_files([CHANGLUO], content)
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    batch = [_replacement(incoming)]  # CHANGLUO as re-published: one figure of table 2 changed
    for seed in (DONGGOU, OTHERS[0]):
        batch.append(incoming / seed.name)
        shutil.copyfile(seed, batch[-1])
    return content, batch


def _tree(content: Path) -> dict[str, str]:
    """Every file of the archive's reports with the hash of its bytes."""
    reports = content / "reports"
    return {p.relative_to(reports).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(reports.rglob("*")) if p.is_file()}


def _command(*args: str) -> list[str]:
    """The gongkai command; as root, without the power to write where file modes forbid it."""
    command = [sys.executable, "-m", "build_tools", *args]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: file modes cannot be enforced")
        caps = "-dac_override,-dac_read_search"
        command = [setpriv, f"--inh-caps={caps}", f"--bounding-set={caps}", *command]
    return command


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in (FAULT_POINT, FAULT_FILE)}
    return env | extra


def _start(content: Path, files: list[Path], point: str, marker: Path, **extra: str) -> subprocess.Popen[str]:
    """Start an import that stops at `point` ("staged:2": the second time it gets there)."""
    process = subprocess.Popen(_command("import", *map(str, files), "--content", str(content)), cwd=ROOT,
                               env=_env(**{FAULT_POINT: point, FAULT_FILE: str(marker)}, **extra),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    while not marker.exists():
        if process.poll() is not None:
            out, err = process.communicate()
            pytest.fail(f"the import ended before {point} (exit {process.returncode}):\n{out}\n{err}")
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"the import did not reach {point}")
        time.sleep(0.05)
    return process


def _run(*args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(_command(*args), cwd=ROOT, env=_env(**extra), capture_output=True, text=True,
                          timeout=600)


def _check(content: Path) -> tuple[int, str, str]:
    """Run `gongkai check`; return how many reports it checked, and its output."""
    result = _run("check", "--content", str(content))
    assert "Traceback" not in result.stderr, result.stderr
    summary = next((line for line in result.stdout.splitlines() if line.startswith("checked ")), "")
    assert summary, result.stdout
    return int(summary.split()[1]), result.stdout, result.stderr


def _expected_after(content: Path, batch: list[Path], tmp_path: Path) -> dict[str, str]:
    """The archive as the whole import leaves it, from an import into a copy that nothing disturbs."""
    copy = tmp_path / "undisturbed"
    shutil.copytree(content, copy)
    result = _run("import", *map(str, batch), "--content", str(copy))
    assert result.returncode == 0, result.stdout + result.stderr
    return {k: v for k, v in _tree(copy).items()}


def _reports(tree: dict[str, str]) -> int:
    return sum(1 for path in tree if path.count("/") == 2 and path.endswith("/report.yaml"))


POINTS = ["read:1", "read:3", "staged:1", "staged:2", "staged:3", "planned:1", "previous:1", "moved:1", "moved:2",
          "moved:3"]


def test_an_import_killed_anywhere_leaves_the_archive_as_it_was_or_whole(
        setup: tuple[Path, list[Path]], tmp_path: Path) -> None:
    content, batch = setup
    before = _tree(content)
    after = _expected_after(content, batch, tmp_path)
    assert _reports(before) == 1 and _reports(after) == 3
    assert "previous/" in "".join(after)  # the replaced report is kept in its successor's previous/
    rng = random.Random(os.environ.get("GONGKAI_FAULT_SEED", "11"))
    # Killed outright (SIGKILL) or asked to stop (SIGTERM), each before and after the plan at least once.
    trials = {(p, rng.choice([signal.SIGKILL, signal.SIGTERM])) for p in rng.sample(POINTS, 5)}
    trials |= {("previous:1", signal.SIGKILL), ("moved:2", signal.SIGKILL), ("staged:2", signal.SIGTERM),
               ("moved:1", signal.SIGTERM)}
    for point, stop in sorted(trials, key=lambda t: (POINTS.index(t[0]), t[1])):
        name = f"{point.replace(':', '-')}-{stop.name}"
        trial = tmp_path / f"trial-{name}"
        shutil.copytree(content, trial)
        marker = tmp_path / f"{name}.stopped"
        process = _start(trial, batch, point, marker)
        planned = point.startswith(("planned", "previous", "moved"))
        process.send_signal(stop)
        if stop == signal.SIGTERM:
            marker.unlink()  # let it go on: a planned import holds the signal back until it has moved all in
        _out, import_err = process.communicate(timeout=60)
        assert process.returncode == (-signal.SIGKILL if stop == signal.SIGKILL else 128 + signal.SIGTERM), point
        if stop == signal.SIGTERM:
            assert "stopped by SIGTERM" in import_err and "Traceback" not in import_err, import_err
            # Asked to stop, the import cleans up itself: its staging removed, or its plan carried out.
            assert _tree(trial) == (after if planned else before), point
            assert not (trial / ".staging").exists(), point
        elif not point.startswith(("previous", "moved")):
            # Nothing reaches reports/ before the final move: readers see the archive as it was.
            assert _tree(trial) == before, point
        checked, _out, err = _check(trial)
        state = _tree(trial)
        assert state in (before, after), point
        if stop == signal.SIGTERM:
            assert "finished the import" not in err and "removed " not in err, (point, err)
        elif planned:
            # Planned: the check finished the move the import had started.
            assert state == after and "finished the import" in err, point
        else:
            assert state == before, point
            # Once something was staged, the check says it removed it.
            assert ("removed " in err) == (point != "read:1"), point
        assert state == (after if planned else before), point
        assert checked == _reports(state), point
        assert not (trial / ".staging").exists() or not any((trial / ".staging").iterdir()), point
        # The import run again afterwards finds everything in place, or imports it now.
        again = _run("import", *map(str, batch), "--content", str(trial))
        assert again.returncode == 0, again.stdout + again.stderr
        assert _tree(trial) == after, point


def test_a_second_writer_waits_for_the_first_or_gives_up_saying_why(
        setup: tuple[Path, list[Path]], tmp_path: Path) -> None:
    content, batch = setup
    after = _expected_after(content, batch, tmp_path)
    marker = tmp_path / "first.stopped"
    first = _start(content, batch, "staged:2", marker)
    # A second import gives up after its wait, without touching the archive.
    second = _run("import", *map(str, batch), "--content", str(content), GONGKAI_LOCK_WAIT="0.5")
    assert second.returncode == 1
    assert "is being written by another gongkai command" in second.stderr
    # A third waits long enough: it runs once the first has finished, and finds the reports there.
    third = subprocess.Popen(_command("import", *map(str, batch), "--content", str(content)), cwd=ROOT,
                             env=_env(GONGKAI_LOCK_WAIT="300"), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
    time.sleep(1)
    assert third.poll() is None  # still waiting
    marker.unlink()
    out, err = first.communicate(timeout=300)
    assert first.returncode == 0, out + err
    out, err = third.communicate(timeout=300)
    assert third.returncode == 0, out + err
    assert out.splitlines()[-1] == "0 imported, 0 imported_with_findings, 0 replaced, 3 duplicate, 0 rejected (3 files)"
    assert _tree(content) == after
    checked, _out, _err = _check(content)
    assert checked == 3
    # One current copy of each report: the replaced one lives only under its successor's previous/.
    assert len(list((content / "reports" / "2023").iterdir())) == 3


def test_an_archive_made_read_only_mid_way_is_left_as_it_was(
        setup: tuple[Path, list[Path]], tmp_path: Path) -> None:
    content, batch = setup
    before = _tree(content)
    marker = tmp_path / "ro.stopped"
    process = _start(content, batch, "staged:3", marker)
    folders = [content, content / "reports", *sorted((content / "reports").iterdir())]
    for folder in folders:
        folder.chmod(0o555)
    try:
        marker.unlink()
        out, err = process.communicate(timeout=300)
    finally:
        for folder in folders:
            folder.chmod(0o755)
    assert process.returncode == 1, out + err
    assert "Traceback" not in err
    lines = out.splitlines()
    assert all(" rejected " in line and "cannot write" in line for line in lines[:3]), out
    assert lines[3] == "0 imported, 0 imported_with_findings, 0 replaced, 0 duplicate, 3 rejected (3 files)"
    assert _tree(content) == before
    checked, _out, err = _check(content)
    assert checked == 1 and "left by an import" not in err


def test_a_file_rewritten_while_it_is_imported_is_stored_as_it_was_read(
        setup: tuple[Path, list[Path]], tmp_path: Path) -> None:
    content, batch = setup
    read = batch[1].read_bytes()
    marker = tmp_path / "read.stopped"
    process = _start(content, batch[1:2], "read:1", marker)
    batch[1].write_bytes(CHANGLUO.read_bytes())  # another report, written over the file being imported
    marker.unlink()
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, out + err
    (directory,) = [p for p in (content / "reports" / "2023").iterdir()
                    if p.name == hashlib.sha256(read).hexdigest()[:12]]
    (original,) = directory.glob("original.*")
    assert original.read_bytes() == read
    parsed = json.loads((directory / "parsed.json").read_text(encoding="utf-8"))
    assert parsed["source"]["sha256"] == hashlib.sha256(read).hexdigest()
    assert "东沟乡" in parsed["organ"]
    checked, _out, _err = _check(content)
    assert checked == 2


def test_the_next_import_finishes_a_final_move_that_was_cut_short(
        setup: tuple[Path, list[Path]], tmp_path: Path) -> None:
    content, batch = setup
    after = _expected_after(content, batch, tmp_path)
    marker = tmp_path / "previous.stopped"
    process = _start(content, batch, "previous:1", marker)
    process.kill()
    process.communicate(timeout=60)
    # Killed between moving the replaced report aside and moving its successor in: neither is current.
    assert not any(p.name == "report.yaml" for p in (content / "reports").glob("*/*/report.yaml"))
    again = _run("import", *map(str, batch), "--content", str(content))
    assert again.returncode == 0, again.stdout + again.stderr
    assert "finished the import that " in again.stderr and "3 reports moved into place" in again.stderr
    assert again.stdout.splitlines()[-1] == ("0 imported, 0 imported_with_findings, 0 replaced, 3 duplicate, "
                                             "0 rejected (3 files)")
    assert _tree(content) == after
