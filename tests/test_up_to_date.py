"""`make book` runs nothing when the site was built from exactly the same sources, and rebuilds on any change of them."""
from __future__ import annotations

from pathlib import Path

from analysis.book import build


def _tree(root: Path) -> Path:
    """A minimal repository: a page, the package, the configuration and a data file, and a built site."""
    for name, text in {"book/intro.md": "# Intro\n", "analysis/m.py": "A = 1\n", "_config.yml": "title: t\n",
                       "_toc.yml": "root: book/intro\n", "CITATION.cff": "title: t\n", "requirements.txt": "x==1\n",
                       "data/results/a.csv": "a\n1\n", "_build/html/index.html": "<html></html>"}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _stamp(root: Path) -> None:
    (root / "_build" / build.SOURCE_STAMP).write_text(build.sources_fingerprint(root, root / "data"))


def test_a_site_built_from_the_same_sources_is_up_to_date(tmp_path, monkeypatch):
    root = _tree(tmp_path)
    monkeypatch.setattr(build.paths, "data_dir", lambda: root / "data")
    assert build.up_to_date(root)[0] is False  # no stamp: never built by the build command
    _stamp(root)
    assert build.up_to_date(root)[0] is True
    # what a build writes itself does not count as a change of its sources
    (root / "book" / "intro.ipynb").write_text("{}")
    (root / "book" / "_generated" / "outputs").mkdir(parents=True)
    (root / "book" / "_generated" / "outputs" / "t.csv").write_text("x\n")
    assert build.up_to_date(root)[0] is True


def test_any_change_of_a_source_or_a_missing_site_means_a_build(tmp_path, monkeypatch):
    root = _tree(tmp_path)
    monkeypatch.setattr(build.paths, "data_dir", lambda: root / "data")
    for name in ("book/intro.md", "analysis/m.py", "_toc.yml", "data/results/a.csv", "requirements.txt"):
        _stamp(root)
        path = root / name
        path.write_text(path.read_text(encoding="utf-8") + "changed\n", encoding="utf-8")
        assert build.up_to_date(root)[0] is False, name
    _stamp(root)
    (root / "data" / "results" / "b.csv").write_text("b\n2\n")  # a new data file
    assert build.up_to_date(root)[0] is False
    _stamp(root)
    (root / "_build" / "html" / "index.html").unlink()  # the site itself removed
    assert build.up_to_date(root)[0] is False
