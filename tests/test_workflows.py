"""The repository's workflows, linted offline by zizmor (a pinned dependency in requirements.in)."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"


def zizmor() -> str:
    """The zizmor installed beside this Python (in .venv), else the one on PATH."""
    beside = Path(sys.executable).parent / "zizmor"
    found = str(beside) if beside.exists() else shutil.which("zizmor")
    assert found, "zizmor is not installed: run `make setup` (it is pinned in requirements.in)"
    return found


def test_workflows_pass_zizmor_offline():
    result = subprocess.run([zizmor(), "--offline", "--no-progress", str(WORKFLOWS)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_finds_a_broad_permission(tmp_path):
    """The lint is not silent: a workflow granting write permissions to every job is reported."""
    bad = tmp_path / ".github" / "workflows"
    bad.mkdir(parents=True)
    (bad / "bad.yml").write_text(yaml.safe_dump({
        "name": "bad", "on": {"push": {}}, "permissions": {"contents": "write", "id-token": "write"},
        "jobs": {"build": {"runs-on": "ubuntu-latest", "steps": [{"run": "echo ${{ github.event.head_commit.message }}"}]}}}))
    result = subprocess.run([zizmor(), "--offline", "--no-progress", str(bad)], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0, result.stdout + result.stderr


def test_the_pages_workflow_leaves_the_browser_to_make_test():
    text = (WORKFLOWS / "pages.yml").read_text(encoding="utf-8")
    steps = [step for job in yaml.safe_load(text)["jobs"].values() for step in job.get("steps", [])]
    runs = " ".join(step.get("run", "") for step in steps)
    assert "apt-get" not in runs and "chromium" not in runs, runs
    assert "make test" in runs and "make book" in runs
