"""The generated docs build with Zensical too (the successor of Material for MkDocs, by its authors).

Material 9.x reaches its end of life on 2027-05-05; this keeps the way to Zensical open. Zensical reads
mkdocs.yml but not INHERIT, and wants docs_dir and site_dir inside the folder of its config, so the test
writes the base config with the generated nav into a project folder that holds the docs.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from test_build import REPO_ROOT, SEED_PAGES, Built, archive_site

__all__ = ["archive_site"]

pytestmark = pytest.mark.skipif(importlib.util.find_spec("zensical") is None,
                                reason="zensical is not installed (pip install -e '.[test]' installs it)")


def _html_pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def test_the_seeds_docs_build_with_zensical_with_every_page(archive_site: Built, tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(archive_site.docs, project / "docs", ignore=shutil.ignore_patterns(".gongkai"))
    shutil.copytree(REPO_ROOT / "overrides", project / "overrides")
    generated = yaml.safe_load((archive_site.docs / ".gongkai" / "mkdocs.yml").read_text(encoding="utf-8"))
    settings = {"docs_dir": "docs", "site_dir": "site", "nav": generated["nav"], "extra": generated["extra"]}
    (project / "mkdocs.yml").write_text((REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8") + "\n"
                                        + yaml.safe_dump(settings, allow_unicode=True, sort_keys=False),
                                        encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "zensical", "build", "-f", "mkdocs.yml"], cwd=project,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    site = project / "site"

    assert _html_pages(site) == _html_pages(archive_site.site)  # every page MkDocs builds, and no other
    for report, *_, organ in SEED_PAGES.values():
        page = (site / report / "index.html").read_text(encoding="utf-8")
        mkdocs_page = archive_site.page(report)
        assert organ in page, report
        # The generated HTML blocks (tables, the original with its line anchors) arrive as they are.
        for pattern in (r'<th scope=row>[^<]*<a href=#L\d+>[^<]+</a>(?:<td[^>]*>[^\n]*)', r'<li id=L\d+>'):
            found = re.findall(pattern, mkdocs_page)
            assert found and re.findall(pattern, page) == found, (report, pattern)
    for name in ("data/gongkai.csv.gz", "data/counties.json", "data/county/360704.json.gz", "data/labels.json",
                 "assets/csv.js"):
        assert (site / name).read_bytes() == (archive_site.site / name).read_bytes(), name
