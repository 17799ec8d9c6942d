"""The book's build command, in one place: `make book`, the tests and `make bench` all build through here.

`python -m analysis.build` builds the repository this package belongs to with warnings as errors and
without `--all`: the report extension re-executes exactly the pages whose declared inputs changed.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from . import paths

BUILD_ARGUMENTS = ("build", "-W", "--keep-going")


def book_command(root: Path = paths.REPO_ROOT, output: Path | None = None) -> list[str]:
    """The jupyter-book command that builds `root` (into `output` if given)."""
    command = [str(Path(sys.executable).parent / "jupyter-book"), *BUILD_ARGUMENTS, str(root)]
    return command + (["--path-output", str(output)] if output is not None else [])


def build_environment(root: Path = paths.REPO_ROOT, data_dir: Path | None = None) -> dict:
    """The environment of a build of `root`: its own `analysis` package first, the data directory if overridden."""
    env = {k: v for k, v in os.environ.items() if k != paths.DATA_DIR_VARIABLE}
    env["PYTHONPATH"] = os.pathsep.join([str(root), *filter(None, [os.environ.get("PYTHONPATH")])])
    if data_dir is not None:
        env[paths.DATA_DIR_VARIABLE] = str(data_dir)
    return env


def build_book(root: Path = paths.REPO_ROOT, data_dir: Path | None = None, output: Path | None = None,
               timeout: float = 1200) -> subprocess.CompletedProcess:
    """Build the book of `root`, capturing its log."""
    return subprocess.run(book_command(root, output), cwd=root, env=build_environment(root, data_dir),
                          capture_output=True, text=True, timeout=timeout)


def clean(root: Path = paths.REPO_ROOT) -> None:
    """Remove everything a build generated in `root` (the next build is a clean one)."""
    for path in paths.generated_paths():
        shutil.rmtree(Path(root) / path.relative_to(paths.REPO_ROOT), ignore_errors=True)
    for notebook in (Path(root) / "book").rglob("*.ipynb"):
        notebook.unlink()


def main() -> int:
    """Build this repository's book, streaming the log; the exit code is jupyter-book's."""
    return subprocess.run(book_command(), cwd=paths.REPO_ROOT, env=build_environment()).returncode


if __name__ == "__main__":
    sys.exit(main())
