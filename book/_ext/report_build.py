"""Sphinx extension: the report layer and the executed pages, inside the build.

Named in `_config.yml`, so a plain `jupyter-book build .` produces every page:
1. `config-inited`: the MyST sources of executed pages are excluded, so Sphinx reads the executed
   notebook (`<page>.ipynb`) the build writes beside each.
2. `builder-inited`: the data are validated and every declared output computed (`analysis.report`), unless
   nothing they depend on changed, two kernels starting meanwhile and importing what pages import; then every
   page whose declared inputs or source changed is executed on them (`analysis.book.pages`). Sphinx re-reads
   exactly the notebooks rewritten.
3. `build-finished`: the key-number table and every output CSV are copied into the site.
"""
from __future__ import annotations

import gc
import re
import shutil
import threading
import time
from pathlib import Path

from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)


def _is_the_book(app) -> bool:
    """True when Sphinx builds the repository's book (not a single page, e.g. a what-if page)."""
    from analysis.data import paths

    return Path(app.srcdir).resolve() == paths.REPO_ROOT


def _exclude_sources(app, config) -> None:
    if not _is_the_book(app):
        return
    from analysis.book.pages import executed_pages

    root = Path(app.srcdir).resolve()
    sources = {page.source.resolve().relative_to(root).as_posix() for page in executed_pages()}
    config.exclude_patterns = list(config.exclude_patterns) + sorted(sources)


def _prepare(app) -> None:
    if not _is_the_book(app):
        return
    from analysis.data import DataError
    from analysis.book.pages import Kernels, PageError, execute_pages, executed_pages
    from analysis.report import build_report, report_up_to_date

    from analysis.book.build import BuildStop, check_references

    start = time.perf_counter()
    # where the outputs must be computed again, the pages' kernels start while they are (pages will likely run);
    # otherwise only the pages whose source changed run, on kernels started for them
    kernels = None if report_up_to_date() else Kernels()
    try:
        try:
            report = build_report(check=check_references)
            if not report.computed:  # the data were not loaded: the bibliography may still have changed
                check_references()
        except (DataError, BuildStop) as error:
            raise ExtensionError(f"the data are invalid, nothing was built:\n{error}") from None
        logger.info(f"[report] outputs {'computed' if report.computed else 'up to date'}: "
                    f"{len(report.written)} written in {report.seconds:.1f} s")
        app._report_source_pages = SourcePages.if_stale(Path(app.outdir))
        try:
            done = execute_pages(executed_pages(), kernels=kernels)
        except PageError as error:
            raise ExtensionError(str(error)) from None
    finally:
        if kernels is not None:
            kernels.close()  # once more where nothing ran on them: closing twice is harmless
    names = ", ".join(f"{docname} ({seconds:.1f} s)" for docname, seconds in done) or "none"
    logger.info(f"[report] executed {len(done)} page(s): {names}; ready in {time.perf_counter() - start:.1f} s")


def _finished(app, exception) -> None:
    if exception is not None or app.builder.format != "html" or not _is_the_book(app):
        return
    from analysis.data import paths

    outdir = Path(app.outdir)
    shutil.copyfile(paths.OUTPUTS_DIR / "key_numbers.csv", outdir / paths.KEY_NUMBERS_FILE)
    shutil.copyfile(paths.OUTPUTS_DIR / "comparisons.csv", outdir / paths.COMPARISONS_FILE)
    target = outdir / "outputs"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(paths.OUTPUTS_DIR, target, ignore=shutil.ignore_patterns("*.sha256", "*.tmp"))
    _data_archive(paths.data_dir(), outdir / DATA_ARCHIVE)
    # every data file at a stable address of the site (data/<file>), as the pages' download lines name them
    shutil.rmtree(outdir / "data", ignore_errors=True)
    shutil.copytree(paths.data_dir(), outdir / "data", ignore=shutil.ignore_patterns(".*", "*.tmp"))
    source_pages = getattr(app, "_report_source_pages", None)
    if source_pages is not None:
        source_pages.install()
    fingerprint = getattr(app, "_report_static_fingerprint", None)
    if fingerprint is not None:
        (outdir.parent / STATIC_STAMP).write_text(fingerprint)
    # The build is done and what it made lives until the process exits: Python's last garbage collections at exit
    # need not walk it (they took about a second).
    gc.freeze()


SOURCE_PAGES_STAMP = ".source-pages.sha256"
"""Beside the site: the fingerprint of the `analysis` package whose source pages the site holds."""


class SourcePages(threading.Thread):
    """The package's source pages, rendered beside the site while the pages execute, and only when the package
    changed since the site's were rendered; `install` moves them into the site once the build has succeeded."""

    def __init__(self, outdir: Path, fingerprint: str):
        super().__init__(daemon=True)
        self.outdir, self.fingerprint = outdir, fingerprint
        self.staging = outdir.parent / ".source-pages.tmp"
        self.error: BaseException | None = None

    @classmethod
    def if_stale(cls, outdir: Path) -> "SourcePages | None":
        """Started, where the site has no source pages of this package; else None."""
        from analysis.book.source_links import SOURCE_DIR
        from analysis.data.stamps import stamp_holds
        from analysis.report import package_fingerprint

        fingerprint = package_fingerprint()
        if (outdir / SOURCE_DIR).is_dir() and stamp_holds(outdir.parent / SOURCE_PAGES_STAMP, fingerprint):
            return None
        pages = cls(outdir, fingerprint)
        pages.start()
        return pages

    def run(self) -> None:
        from analysis.book.source_links import render_sources

        try:
            shutil.rmtree(self.staging, ignore_errors=True)
            render_sources(self.staging)
        except BaseException as error:  # raised again by `install`, in the build's thread
            self.error = error

    def install(self) -> None:
        from analysis.book.source_links import SOURCE_DIR

        self.join()
        if self.error is not None:
            raise self.error
        target = self.outdir / SOURCE_DIR
        shutil.rmtree(target, ignore_errors=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(self.staging / SOURCE_DIR), str(target))
        shutil.rmtree(self.staging, ignore_errors=True)
        (self.outdir.parent / SOURCE_PAGES_STAMP).write_text(self.fingerprint)
DATA_ARCHIVE = "data-package.zip"
"""The whole data package (every file of data/) as one archive at the root of the site."""


def _data_archive(data_dir: Path, target: Path) -> None:
    """Write the data directory as a zip archive, its files under `data/`, in a stable order."""
    import zipfile

    tmp = target.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in data_dir.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"data/{path.relative_to(data_dir).as_posix()}", date_time=(2020, 7, 13, 0, 0, 0))
            archive.writestr(info, path.read_bytes(), compress_type=zipfile.ZIP_DEFLATED)
    tmp.replace(target)


def _dedupe_scripts(app, pagename, templatename, context, doctree):
    """Drop repeated inline scripts (sphinx-thebe's configuration is added twice, a console error)."""
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, unique = set(), []
    for script in scripts:
        key = (getattr(script, "filename", None) or "", str(getattr(script, "attributes", {}).get("body", "")))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique


def _plotly_script(app, pagename, templatename, context, doctree):
    """Serve Plotly's script from the site itself (`_static/plotly.min.js`, written once per build) to the pages
    that draw an interactive figure (`analysis.book.interactive`): a loader after the page's body."""
    body = context.get("body") or ""
    if "plotly-graph-div" not in body:
        return
    from analysis.data.paths import PLOTLY_SCRIPT

    target = Path(app.outdir) / "_static" / PLOTLY_SCRIPT
    if not getattr(app, "_report_plotly_written", False):
        import plotly.offline

        target.parent.mkdir(parents=True, exist_ok=True)
        script = plotly.offline.get_plotlyjs()
        if not target.exists() or target.read_text(encoding="utf-8") != script:
            target.write_text(script, encoding="utf-8")
        app._report_plotly_written = True
    source = context["pathto"]("_static/" + PLOTLY_SCRIPT, 1)
    # Loaded once the page has loaded (text and static images first); then every queued figure is drawn.
    context["body"] = body + (
        '\n<script>window.addEventListener("load", function () { var s = document.createElement("script");'
        f' s.src = "{source}"; s.onload = function () {{ (window.reportFigures || []).forEach(function (draw) {{ draw(); }});'
        ' document.documentElement.classList.add("report-figures-drawn"); }; document.head.appendChild(s); });</script>\n')


def _itables_script(app, pagename, templatename, context, doctree):
    """Serve ITables' DataTables bundle from the site itself (`_static/itables/`, written once per build) to the
    pages that show an interactive table (`analysis.book.format.interactive`), rather than embedded in each page."""
    body = context.get("body") or ""
    if "report-interactive-table" not in body:
        return
    from analysis.book.format import ITABLES_DIR, itables_loader

    if not getattr(app, "_report_itables_written", False):
        from itables import options

        target = Path(app.outdir) / "_static" / ITABLES_DIR
        target.mkdir(parents=True, exist_ok=True)
        bundle = Path(options.dt_bundle)
        for source in (bundle, bundle.with_suffix(".css")):
            if not (target / source.name).exists() or (target / source.name).read_bytes() != source.read_bytes():
                shutil.copyfile(source, target / source.name)
        app._report_itables_written = True
    context["body"] = body + "\n" + itables_loader(context["pathto"]("_static/", 1)) + "\n"


STATIC_FIGURE = re.compile(r'(<img class="report-static-figure"[^>]*? src=")data:image/png;base64,([A-Za-z0-9+/=]+)(")')


def _static_figures(app, pagename, templatename, context, doctree):
    """The printed images of interactive figures (`analysis.book.interactive.figure_html` embeds them in the executed
    page) become files of the site (`_images/report-<hash>.png`), so a page's HTML stays light."""
    body = context.get("body") or ""
    if "report-static-figure" not in body:
        return
    import base64
    import hashlib

    target = Path(app.outdir) / "_images"
    target.mkdir(parents=True, exist_ok=True)

    def write(match: re.Match) -> str:
        data = base64.b64decode(match.group(2))
        name = f"report-{hashlib.sha256(data).hexdigest()[:16]}.png"
        if not (target / name).exists():
            (target / name).write_bytes(data)
        return match.group(1) + context["pathto"](f"_images/{name}", 1) + match.group(3)

    context["body"] = STATIC_FIGURE.sub(write, body)


def _source_links(app, pagename, templatename, context, doctree):
    """Names of the `analysis` package shown on a page link to their source, rendered on the site."""
    if not _is_the_book(app) or "body" not in context:
        return
    from analysis.book.source_links import definitions, link_names

    known = getattr(app, "_report_definitions", None)
    if known is None:
        known = app._report_definitions = definitions()
    context["body"] = link_names(context["body"], "../" * pagename.count("/"), known)


STATIC_STAMP = ".static-files.sha256"
"""Beside the site: the fingerprint of the static files (`html_static_path`) the site's pages were last written with."""


def static_fingerprint(app) -> str:
    """SHA-256 of every file under the book's static paths (`html_static_path`), names and contents."""
    import hashlib

    from analysis.data.stamps import add_files

    digest = hashlib.sha256()
    for folder in app.config.html_static_path:  # the book's own, and those extensions add (absolute paths)
        root = Path(app.confdir) / folder
        add_files(digest, root, (p for p in root.rglob("*") if p.is_file()))
    return digest.hexdigest()


def _static_changed(app, env, added, changed, removed) -> list[str]:
    """Every page, when a static file (a style sheet, a script) changed since the site was last written: Sphinx
    copies static files only when it writes a page, and the pages name each file with its checksum."""
    from analysis.data.stamps import stamp_holds

    fingerprint = static_fingerprint(app)
    app._report_static_fingerprint = fingerprint
    if stamp_holds(Path(app.outdir).parent / STATIC_STAMP, fingerprint):
        return []
    return sorted(env.found_docs)


def setup(app):
    app.connect("config-inited", _exclude_sources)
    app.connect("builder-inited", _prepare)
    app.connect("env-get-outdated", _static_changed)
    app.connect("html-page-context", _dedupe_scripts)
    app.connect("html-page-context", _plotly_script)
    app.connect("html-page-context", _itables_script)
    app.connect("html-page-context", _static_figures)
    app.connect("html-page-context", _source_links)
    app.connect("build-finished", _finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "2.0"}
