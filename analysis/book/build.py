"""The book's build command, in one place: `make book`, the tests and `make bench` all build through here.

`python -m analysis.book.build` builds the repository this package belongs to with warnings as errors and
without `--all`: the report extension re-executes exactly the pages whose declared inputs changed.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

from analysis.data import paths
from analysis.data.stamps import stamp_holds

BUILD_ARGUMENTS = ("build", "-W", "--keep-going")


def book_command(root: Path = paths.REPO_ROOT, output: Path | None = None) -> list[str]:
    """The jupyter-book command that builds `root` (into `output` if given)."""
    command = [str(Path(sys.executable).parent / "jupyter-book"), *BUILD_ARGUMENTS, str(root)]
    return command + (["--path-output", str(output)] if output is not None else [])


def build_environment(root: Path = paths.REPO_ROOT, data_dir: Path | None = None) -> dict:
    """The environment of a build of `root`: its own `analysis` package first, and the data directory if overridden."""
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


class BuildStop(ValueError):
    """The data cannot be built into a book: the message lists every problem."""


BIB_KEY = re.compile(r"^@\w+\s*\{\s*([^,\s]+)\s*,", re.M)


def bibliography_keys(bib_file: Path = paths.REPO_ROOT / "book" / "references.bib") -> set[str]:
    """The entry keys of a BibTeX file."""
    return set(BIB_KEY.findall(Path(bib_file).read_text(encoding="utf-8")))


def missing_references(dataset, known: set[str]) -> list[str]:
    """Every `paper_key` of the data (results and the authors' points) absent from `known`, as 'file, line: reason'."""
    frames = {f"results/{b}.csv": frame for b, frame in dataset.results.items()}
    if dataset.paper_points is not None and "paper_key" in dataset.paper_points:
        frames["paper_points.csv"] = dataset.paper_points
    problems = []
    for name, frame in frames.items():
        if "paper_key" not in frame:
            continue
        for line, key in frame["paper_key"].dropna().items():
            if str(key) not in known:
                problems.append(f"data/{name}, line {int(line)}, column paper_key: \"{key}\" is not an entry of book/references.bib")
    return problems


def check_references(dataset=None, bib_file: Path = paths.REPO_ROOT / "book" / "references.bib") -> None:
    """Raise `BuildStop` listing every paper of the data (by default the report's, loaded) that the bibliography lacks."""
    from analysis.data import load_dataset

    problems = missing_references(dataset if dataset is not None else load_dataset(), bibliography_keys(bib_file))
    if problems:
        raise BuildStop(f"{len(problems)} paper(s) of the data missing from the bibliography:\n" + "\n".join(problems))


def preflight(data_dir: Path | None = None) -> list[str]:
    """Every problem that stops a build before it starts (invalid data, papers missing from the bibliography); [] if none."""
    from analysis.data import DataError, load_dataset

    try:
        check_references(load_dataset(data_dir))
    except DataError as error:
        return [f"{len(error.problems)} problem(s) in the data:", *error.problems]
    except BuildStop as error:
        return str(error).splitlines()
    return []


def clean(root: Path = paths.REPO_ROOT) -> None:
    """Remove everything a build generated in `root` (the next build is a clean one)."""
    for path in paths.generated_paths():
        shutil.rmtree(Path(root) / path.relative_to(paths.REPO_ROOT), ignore_errors=True)
    for notebook in (Path(root) / "book").rglob("*.ipynb"):
        notebook.unlink()


SOURCES = ("book", "analysis", "_config.yml", "_toc.yml", "CITATION.cff", "requirements.txt")
"""What the site is built from, beside the data directory: the pages, the package, the configuration, the citation and
the pinned requirements."""
SOURCE_STAMP = ".sources.sha256"
"""The fingerprint of the sources of the last successful build, under the build directory."""


def sources_fingerprint(root: Path = paths.REPO_ROOT, data_dir: Path | None = None) -> str:
    """SHA-256 of every file the site is built from (executed pages and generated outputs left out) and of the data."""
    root = Path(root)
    data_dir = Path(data_dir) if data_dir is not None else paths.data_dir()
    digest = hashlib.sha256(str(data_dir.resolve()).encode())
    files = []
    for name in SOURCES:
        path = root / name
        files += [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    files += [p for p in data_dir.rglob("*") if p.is_file()]
    generated = [root / "book" / "_generated", root / "book" / "benchmarks"]
    for path in sorted(files):
        if path.suffix in (".ipynb", ".pyc") or any(g in path.parents for g in generated):
            continue
        digest.update(str(path).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def up_to_date(root: Path = paths.REPO_ROOT) -> tuple[bool, str]:
    """Whether the site was built from exactly these sources (and is still there), and their fingerprint."""
    fingerprint = sources_fingerprint(root)
    built = (Path(root) / "_build" / "html" / "index.html").exists()
    return built and stamp_holds(Path(root) / "_build" / SOURCE_STAMP, fingerprint), fingerprint


class HeldLog(threading.Thread):
    """A build's log, read as it comes: held back until `release` (then shown, with everything after it), or dropped."""

    def __init__(self, stream, out=None):
        super().__init__(daemon=True)
        self.stream, self.out = stream, out or sys.stdout
        self.lock = threading.Lock()
        self.held: list[str] | None = []
        self.start()

    def run(self) -> None:
        for line in self.stream:
            with self.lock:
                if self.held is None:
                    self.out.write(line)
                    self.out.flush()
                else:
                    self.held.append(line)

    def release(self) -> None:
        """Show what was held and, from now on, every line as it comes."""
        with self.lock:
            self.out.writelines(self.held or [])
            self.out.flush()
            self.held = None

    def drop(self) -> None:
        """Forget what was held (the build was stopped)."""
        with self.lock:
            self.held = []


def main() -> int:
    """Build this repository's book, streaming the log; the exit code is jupyter-book's.

    Nothing is run when the site was built from exactly the same sources (`up_to_date`).
    Invalid data stop the build before it writes anything: the problems are listed, the exit code is 1, no traceback
    is printed and the site built before is left as it was. The build starts at once and the data are checked
    meanwhile (`preflight`); its log is shown once they pass. (The build checks them too before it writes
    anything, so stopping it is safe whenever the check ends.)"""
    current, fingerprint = up_to_date()
    if current:
        print("Nothing changed since the last build: _build/html is up to date.")
        return 0
    stamp = paths.BUILD_DIR / SOURCE_STAMP
    stamp.unlink(missing_ok=True)
    process = subprocess.Popen(book_command(), cwd=paths.REPO_ROOT, env=build_environment(), stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, errors="replace")
    log = HeldLog(process.stdout)
    problems = preflight()
    if problems:
        process.kill()
        process.wait()
        log.drop()
        print("The book was not built; the site is left as it was.\n" + "\n".join(problems), file=sys.stderr)
        return 1
    log.release()
    code = process.wait()
    log.join()
    if code == 0:
        stamp.write_text(fingerprint)
    return code


if __name__ == "__main__":
    sys.exit(main())
