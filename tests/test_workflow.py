"""The GitHub Actions workflow is valid, deploys with the Pages actions and runs the README's own commands."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"


def test_workflow_matches_the_github_workflow_schema():
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)],
        capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflow_runs_the_readme_commands_and_deploys_with_pages_actions():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    readme_commands = set(re.findall(r"^(make \w+)", readme, re.MULTILINE))
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    runs = [step["run"].strip() for step in steps if "run" in step]
    assert runs and set(runs) <= readme_commands, (runs, readme_commands)
    uses = {step["uses"].split("@")[0] for step in steps if "uses" in step}
    assert {"actions/upload-pages-artifact", "actions/deploy-pages"} <= uses
    assert "gh-deploy" not in WORKFLOW.read_text(encoding="utf-8")
    setup = [step for step in steps if step.get("uses", "").startswith("actions/setup-python")]
    assert setup and all(step["with"].get("cache") == "pip" for step in setup)


def test_site_url_is_configured_in_one_place():
    hits = [p for p in (ROOT / "mkdocs.yml", WORKFLOW, ROOT / "Makefile", ROOT / "pyproject.toml")
            if "site_url" in p.read_text(encoding="utf-8")]
    assert hits == [ROOT / "mkdocs.yml"]
