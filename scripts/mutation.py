"""Mutation score of the analysis package: the share of small code changes (mutants) the fast unit tests catch.

Usage: python scripts/mutation.py [--jobs N] [--modules [M ...]] [--workdir DIR] [--fresh] [--survivors]
       (`make mutation`)

mutmut (configured in pyproject.toml, [tool.mutmut]) mutates every function of `analysis/` and runs, for each
mutant of the chosen modules (by default the numeric ones, NUMERIC_MODULES: the core statistics and the report
layer, about 35 minutes on two cores; `--modules` with no name: every module), the unit tests that reach it (never the book build: see `pytest_add_cli_args`).
It runs in a copy of the repository (WORKDIR, kept between runs so that a re-run only re-tests what changed),
so the working tree is never touched; the copy holds the last commit (--working-tree: the files as they are).
Prints, per module, the mutants killed, survived, untested and timed out, and the share killed; modules that
compute numbers must reach TARGET. Surviving mutants that no test can kill are listed, with why, in
scripts/mutation_equivalent.md.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKDIR = Path(tempfile.gettempdir()) / "computational-limits-mutation"
COPIED = ("analysis", "tests", "data", "book", "pyproject.toml", "_toc.yml", "_config.yml", "CITATION.cff")
"""What the unit tests read: the package, the tests, the data and the book's table of contents."""
CORE_MODULES = tuple(f"stats.{m}" for m in ("compute", "models", "extrapolate", "costs", "bootstrap", "backtest", "samples"))
"""The statistics and the conversions from hardware to computation, money and CO2."""
REPORT_LAYER_MODULES = (("stats.reproduce", "stats.reconcile", "stats.sensitivity", "stats.coverage", "stats.trends")
                        + tuple(f"report.{m}" for m in ("context", "keynumbers", "backtests", "benchmark", "paper", "costs",
                                                        "trends", "later", "data", "field", "answer", "prose"))
                        + ("report",))
"""The report layer: the build of the outputs the pages show, and the modules it alone calls."""
NUMERIC_MODULES = CORE_MODULES + REPORT_LAYER_MODULES
"""Modules that compute the report's numbers: each must reach TARGET."""
TARGET = 0.80
STATUS = {1: "killed", 3: "killed", 37: "killed", 0: "survived", 5: "untested", 33: "untested", 34: "skipped",
          24: "timeout", -24: "timeout", 36: "timeout", 152: "timeout", 255: "timeout", None: "not run"}
"""mutmut's exit codes of a mutant's test run (mutmut.stats.status_by_exit_code), grouped."""


def copy_repository(workdir: Path, working_tree: bool = False) -> None:
    """Refresh the working copy (mutmut's own state in workdir/mutants is kept).

    By default from the last commit (`git archive HEAD`), so that edits in progress in the working tree do not
    decide the score; with `working_tree`, from the files as they are now.
    """
    workdir.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        target = workdir / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    if not working_tree:
        archive = subprocess.run(["git", "archive", "--format=tar", "HEAD", *COPIED], cwd=ROOT, check=True,
                                 capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(workdir)], input=archive, check=True)
        return
    for name in COPIED:
        source, target = ROOT / name, workdir / name
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "_generated", "benchmarks"))
        elif source.exists():
            shutil.copy2(source, target)


def run_mutmut(workdir: Path, jobs: int, modules: tuple[str, ...] = (), names: tuple[str, ...] = ()) -> int:
    """`mutmut run` in the working copy on the mutants `names`, else on those of `modules` (all if empty); its exit code.

    mutmut tests again every mutant it is given by name or pattern; without either it tests only new ones.
    """
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    env.pop("REPORT_DATA_DIR", None)
    command = [sys.executable, "-m", "mutmut", "run", "--max-children", str(jobs)]
    command += list(names) or [f"analysis.{module}.*" for module in modules]
    return subprocess.run(command, cwd=workdir, env=env).returncode


def outcomes(workdir: Path, modules: tuple[str, ...] = ()) -> dict[str, dict[str, str]]:
    """Per module of `analysis` (those of `modules` if given), each mutant's status (killed, survived, untested, ...)."""
    result = {}
    package = workdir / "mutants" / "analysis"
    for meta in sorted(package.rglob("*.py.meta")):
        name = ".".join(meta.relative_to(package).as_posix().removesuffix(".py.meta").split("/")).removesuffix(".__init__")
        if modules and name not in modules:
            continue
        exit_codes = json.loads(meta.read_text())["exit_code_by_key"]
        result[name] = {k: STATUS.get(v, "suspicious") for k, v in exit_codes.items()}
    return result


def score_table(by_module: dict[str, dict[str, str]]) -> list[dict]:
    """One row per module: counts by status and the share of mutants killed."""
    rows = []
    for module, statuses in by_module.items():
        counts = Counter(statuses.values())
        total = sum(counts.values())
        rows.append({"module": module, "mutants": total, **{s: counts.get(s, 0) for s in
                                                            ("killed", "survived", "untested", "timeout")},
                     "killed_share": counts.get("killed", 0) / total if total else float("nan")})
    return rows


def print_scores(rows: list[dict]) -> bool:
    """Print the table; True if every numeric module reaches TARGET."""
    print(f"{'module':<14}{'mutants':>8}{'killed':>8}{'survived':>9}{'untested':>9}{'timeout':>8}{'killed %':>10}")
    ok = True
    for row in rows:
        numeric = row["module"] in NUMERIC_MODULES
        below = numeric and not row["killed_share"] >= TARGET
        ok &= not below
        flag = "  < target" if below else ("  numeric" if numeric else "")
        print(f"{row['module']:<14}{row['mutants']:>8}{row['killed']:>8}{row['survived']:>9}{row['untested']:>9}"
              f"{row['timeout']:>8}{100 * row['killed_share']:>9.1f}%{flag}")
    print(f"target: {TARGET:.0%} killed in {', '.join(NUMERIC_MODULES)}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=max(1, min(2, (os.cpu_count() or 2) // 2)),
                        help="mutants tested at once (default: half the cores, at most 2)")
    parser.add_argument("--workdir", type=Path, default=WORKDIR, help=f"working copy (default {WORKDIR})")
    parser.add_argument("--fresh", action="store_true", help="forget earlier results and test every mutant again")
    parser.add_argument("--working-tree", action="store_true",
                        help="mutate the files as they are now instead of the last commit")
    parser.add_argument("--survivors", action="store_true", help="list the mutants that were not killed")
    parser.add_argument("--modules", nargs="*", default=None, metavar="MODULE",
                        help="modules of analysis to mutate (default: the numeric modules; --modules with no name: all)")
    parser.add_argument("--retest-survivors", action="store_true",
                        help="test again only the mutants of the last run that were not killed (after adding tests)")
    parser.add_argument("--report-only", action="store_true", help="print the scores of the last run without running")
    args = parser.parse_args()
    modules = NUMERIC_MODULES if args.modules is None else tuple(args.modules)
    if args.fresh and args.workdir.exists():
        shutil.rmtree(args.workdir)
    if not args.report_only:
        names = ()
        if args.retest_survivors:
            names = tuple(key for statuses in outcomes(args.workdir, modules).values()
                          for key, status in statuses.items() if status != "killed")
            if not names:
                print("no surviving mutants to test again")
        copy_repository(args.workdir, args.working_tree)
        code = run_mutmut(args.workdir, args.jobs, modules, names) if names or not args.retest_survivors else 0
        if code != 0:
            print(f"mutmut run exited with {code}", file=sys.stderr)
            return code
    by_module = outcomes(args.workdir, modules)
    if not by_module:
        print(f"no mutation results in {args.workdir}", file=sys.stderr)
        return 1
    ok = print_scores(score_table(by_module))
    if args.survivors:
        for module in by_module:
            for key, status in sorted(by_module[module].items()):
                if status != "killed":
                    print(f"{status:>9}  {key}")
    return 0 if ok else 2


if __name__ == "__main__":
    sys.exit(main())
