"""The `analysis` package's source on the site, and links to it from every name of it the pages show.

`render_sources` writes each module as an HTML page with numbered, anchored lines (`_source/analysis/<layer>.<module>.html`);
`link_names` turns a shown name such as `analysis.book.plots.error_vs_compute` into a link to its definition (an anchor
named after it, so a link stays right when the module's lines move).
"""
from __future__ import annotations

import html
import re
from pathlib import Path

from analysis.data import paths

SOURCE_DIR = "_source/analysis"
"""Where the rendered modules lie in the site."""
SHOWN_NAME = re.compile(r'<code class="docutils literal notranslate"><span class="pre">(analysis(?:\.[A-Za-z_][A-Za-z0-9_]*)+)</span></code>')
DEFINITION = re.compile(r"^(?:def|class)\s+([A-Za-z_][A-Za-z0-9_]*)|^([A-Z_][A-Z0-9_]*)\s*[:=]", re.M)


def module_name(path: Path, package_dir: Path) -> str:
    """The dotted name of a module below `analysis` (`report.benchmark`; a layer's `__init__.py` is the layer, `data`)."""
    parts = list(path.relative_to(package_dir).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def modules(package_dir: Path) -> list[Path]:
    """Every module of the package, the top-level `__init__.py` left out."""
    return [p for p in sorted(Path(package_dir).rglob("*.py")) if p.parent != Path(package_dir) or p.stem != "__init__"]


def definitions(package_dir: Path = paths.REPO_ROOT / "analysis") -> dict[str, dict[str, int]]:
    """Module name -> {top-level name -> line number of its definition} for every module of the package."""
    found = {}
    for path in modules(package_dir):
        text = path.read_text(encoding="utf-8")
        found[module_name(path, Path(package_dir))] = {m.group(1) or m.group(2): text.count("\n", 0, m.start()) + 1
                                                       for m in DEFINITION.finditer(text)}
    return found


def render_sources(outdir: Path, package_dir: Path = paths.REPO_ROOT / "analysis") -> None:
    """Write every module as HTML with line anchors (`#L<n>`) under `<outdir>/_source/analysis/`."""
    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import PythonLexer

    target = Path(outdir) / SOURCE_DIR
    target.mkdir(parents=True, exist_ok=True)
    formatter = HtmlFormatter(full=True, linenos="table", lineanchors="L", anchorlinenos=True)
    known = definitions(package_dir)
    for path in modules(package_dir):
        module = module_name(path, Path(package_dir))
        formatter.title = f"analysis/{path.relative_to(package_dir).as_posix()}"
        page = highlight(path.read_text(encoding="utf-8"), PythonLexer(), formatter)
        for name, line in known[module].items():  # anchors by name stay right when lines move
            page = page.replace(f'<a id="L-{line}" name="L-{line}"></a>', f'<span id="{name}"></span><a id="L-{line}" name="L-{line}"></a>', 1)
        (target / f"{module}.html").write_text(page, encoding="utf-8")


def link_names(body: str, site_root: str, known: dict[str, dict[str, int]]) -> str:
    """Each shown `analysis.<module>[.<name>]` that exists becomes a link to its module's (or its line's) source."""
    def link(match: re.Match) -> str:
        parts = match.group(1).split(".")[1:]
        depth = next((n for n in range(len(parts), 0, -1) if ".".join(parts[:n]) in known), 0)
        if not depth or len(parts) - depth > 1:  # not a module, or a path below a module's names
            return match.group(0)
        module = ".".join(parts[:depth])
        anchor = f"#{parts[depth]}" if len(parts) > depth and parts[depth] in known[module] else ""
        return f'<a class="report-source-link" href="{html.escape(site_root)}{SOURCE_DIR}/{module}.html{anchor}">{match.group(0)}</a>'

    return SHOWN_NAME.sub(link, body)
