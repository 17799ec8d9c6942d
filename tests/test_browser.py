"""The published site in a real browser (headless Chromium driven by Playwright)."""
from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlparse

import pytest

from analysis.data.registry import BENCHMARKS
from conftest import ROOT
from test_book import toc_files

BROWSER_RECORD = ROOT / ".venv" / "browser-path"  # written by scripts/setup-browser.sh, which `make test` runs
ARTIFACTS = ROOT / "test-artifacts"
CONSOLE_ALLOW_LIST = (
    # pydata-sphinx-theme logs this on a first visit, when no colour mode is stored yet.
    "Got invalid theme mode",
)
EXTERNAL_ALLOW_LIST = ()  # addresses outside the site that a page may ask for (none: MathJax is served by the site)


@pytest.fixture(scope="module")
def site(built_book):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(built_book))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    recorded = BROWSER_RECORD.read_text().strip() if BROWSER_RECORD.exists() else None
    chromium = recorded or os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("google-chrome")
    assert chromium and Path(chromium).exists(), (
        f"no browser for the tests ({chromium or 'none recorded'}): run `bash scripts/setup-browser.sh` (make test does)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def reader(browser):
    """One reader's browser session (one cache, as a reader going from page to page has) for the module's pages."""
    context = browser.new_context(viewport=WIDE)
    yield context
    context.close()


def visit(reader, url, viewport=None, wait_until="load"):
    """Open `url` in a new tab at `viewport`: the tab, the response, and the errors it logs, among them every request
    for an address outside the site."""
    page = reader.new_page()
    if viewport and viewport != WIDE:
        page.set_viewport_size(viewport)
    errors = []
    origin = f"{urlparse(url).scheme}://{urlparse(url).netloc}/"
    page.on("request", lambda r: errors.append(f"request outside the site: {r.url}")
            if not r.url.startswith((origin, "data:", "blob:") + EXTERNAL_ALLOW_LIST) else None)
    page.on("response", lambda r: errors.append(f"{r.url} answered {r.status}") if r.status >= 400 else None)
    page.on("console", lambda m: errors.append(f"{m.text} ({m.location.get('url')})") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    response = page.goto(url, wait_until=wait_until)
    return page, response, errors


# What a reader sees as text in the main column (collapsed tables opened; formulas, scripts and fallbacks left out).
SHOWN_TEXT = """() => {
  const main = document.querySelector('main').cloneNode(true);
  main.querySelectorAll('script, style, noscript, .math, mjx-container, .MathJax, svg').forEach(e => e.remove());
  return main.textContent;
}"""
WIDE = {"width": 1280, "height": 800}
NARROW = {"width": 390, "height": 844}
FITS = """(width) => Array.from(document.querySelectorAll('.plotly-graph-div .main-svg'))
  .every(s => s.getBoundingClientRect().width <= width)"""
"""True once every interactive figure is drawn no wider than `width` (Plotly redraws a resized figure after a pause)."""


class Tabs:
    """The module's pages, each loaded (and its figures drawn) once per width and kept open for the tests that read
    or use it; `start` begins loading a page so that the next one loads while the browser draws the last."""

    def __init__(self, reader, site):
        self.reader, self.site, self.loading, self.ready = reader, site, {}, {}

    def start(self, file: str, viewport: dict) -> None:
        key = (file, viewport["width"])
        if key not in self.loading and key not in self.ready:
            self.loading[key] = visit(self.reader, urljoin(self.site, f"{file}.html"), viewport, wait_until="commit")

    def get(self, file: str, viewport: dict = WIDE):
        """The page `file` at `viewport`, loaded with its figures drawn: (tab, response, errors)."""
        key = (file, viewport["width"])
        if key not in self.ready:
            self.start(file, viewport)
            page, response, errors = self.loading.pop(key)
            page.wait_for_load_state("load")  # images included
            if page.locator(".report-figure-pair .plotly-graph-div").count():
                drawn(page)
            page.evaluate("() => window.MathJax?.startup?.promise ?? null")  # formulas typeset
            self.ready[key] = page, response, errors
        self.ready[key][0].bring_to_front()  # a tab behind others has its timers slowed
        return self.ready[key]

    def close(self, file: str, viewport: dict) -> None:
        page, _, _ = self.ready.pop((file, viewport["width"]))
        page.close()


@pytest.fixture(scope="module")
def tabs(reader, site):
    return Tabs(reader, site)


KEPT_OPEN = ("book/intro", "book/benchmarks/imagenet", "book/report/extrapolation", "book/data/index", "book/methods")
"""Pages the survey loads at 1280 px and afresh at 390 px, and leaves open at both widths for the tests that read them
again; every other page is resized from 1280 to 390 px, then closed."""


def survey(tabs, file) -> dict:
    """What `visits` records of a page at 1280 px, once it has loaded and drawn its figures, then at 390 px."""
    page, response, errors = tabs.get(file, WIDE)
    seen = {
        "status": response.status,
        "targets": page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        + page.eval_on_selector_all("img[src]", "els => els.map(e => e.src)"),
        "uncaptioned": page.eval_on_selector_all("figure", "els => els.filter(f => !f.querySelector('figcaption') || !f.querySelector('figcaption').innerText.trim()).length"),
        # blank: neither a loaded image, nor a drawn interactive figure, nor a note saying why there is nothing to draw
        "blank_figures": page.eval_on_selector_all("figure", "els => els.filter(f => !Array.from(f.querySelectorAll('img')).some(i => i.complete && i.naturalWidth > 0) && !f.querySelector('.plotly-graph-div .main-svg') && !Array.from(f.children).filter(c => c.tagName !== 'FIGCAPTION').map(c => c.innerText.trim()).join('')).length"),
        "figures": page.eval_on_selector_all("figure", "els => els.length"),
        "interactive_figures": page.eval_on_selector_all(".report-figure-pair .plotly-graph-div", "els => els.length"),
        "downloads": page.eval_on_selector_all("a[href]", "els => els.filter(e => e.classList.contains('download') || /[.](csv|zip|json|ya?ml)$/.test(e.pathname)).map(e => e.href)"),
        "superscripts": page.eval_on_selector_all("main sup", "els => els.length"),
        "shown_text": page.evaluate(SHOWN_TEXT),
        "layout": layout_of(page, reading=True),
    }
    if file in KEPT_OPEN:
        narrow, _, narrow_errors = tabs.get(file, NARROW)  # loaded afresh at a phone's width
        errors = errors + narrow_errors
    else:  # the same tab on a phone's width: resized, Plotly's responsive figures redraw to the new width
        narrow = page
        page.set_viewport_size(NARROW)
        fitted(page, NARROW)
    seen["narrow_layout"] = layout_of(narrow, reading=False)
    seen["errors"] = [e for e in errors if not any(a in e for a in CONSOLE_ALLOW_LIST)]
    if file not in KEPT_OPEN:
        tabs.close(file, WIDE)
    return seen


def fitted(page, viewport) -> None:
    """Wait until Plotly has redrawn the page's figures to `viewport` (at most a second: a figure that stays wider is
    what the layout tests report)."""
    try:
        page.wait_for_function(FITS, arg=viewport["width"], timeout=1_000)
    except Exception:
        pass


PAGES_AT_ONCE = 3
"""Pages the survey of the site (`visits`) loads at once: the next one loads while the browser draws the last."""


@pytest.fixture(scope="module")
def visits(tabs):
    """Every page of _toc.yml visited once at 1280 px, then at 390 px: status, console errors, links, images, figures,
    source link, and the layout at both widths."""
    files = toc_files()
    found = {}
    for i, file in enumerate(files):
        for ahead in files[i + 1:i + PAGES_AT_ONCE]:
            tabs.start(ahead, WIDE)
        found[file] = survey(tabs, file)
    return found


def test_every_page_loads_without_console_errors(visits):
    for file, seen in visits.items():
        assert seen["status"] == 200, file
        assert not seen["errors"], f"{file}: {seen['errors']}"


def test_internal_links_and_images_resolve(reader, site, visits):
    checked, broken = set(), []
    for file, seen in visits.items():
        for target in seen["targets"]:
            target = urldefrag(target)[0]
            if not target.startswith(site) or target in checked:
                continue
            checked.add(target)
            status = reader.request.get(target).status
            if status != 200:
                broken.append(f"{file}: {target} -> {status}")
    assert len(checked) > 50 and not broken, broken


def test_every_figure_has_a_caption_and_an_image(visits):
    assert sum(seen["figures"] for seen in visits.values()) >= 10
    for file, seen in visits.items():
        assert seen["uncaptioned"] == 0, f"{file}: figure without a caption"
        assert seen["blank_figures"] == 0, f"{file}: {seen['blank_figures']} figure(s) with neither an image nor a note"


def test_every_page_links_its_source_and_offers_data(site, visits):
    for file, seen in visits.items():
        targets = [t for t in seen["targets"] if t.startswith(site)]
        assert any("/_sources/" in t for t in targets), f"{file}: no link to the page's source"
        if file != "book/references":
            assert any(t.endswith(".csv") for t in targets), f"{file}: no data (CSV) to download"


def test_intro_shows_its_glued_numbers_and_the_sidebar_the_benchmarks(tabs, dataset):
    ARTIFACTS.mkdir(exist_ok=True)
    page, _, _ = tabs.get("book/intro")
    text = page.inner_text("main")
    n_results = sum(len(t) for t in dataset.results.values())
    assert f"The data hold {n_results} results" in text
    assert dataset.fingerprint in text
    sidebar = page.inner_text("nav.bd-docs-nav")
    for benchmark in BENCHMARKS.values():
        assert benchmark.title in sidebar
    page.screenshot(path=str(ARTIFACTS / "intro.png"), full_page=False)
    page, _, _ = tabs.get("book/benchmarks/imagenet")
    assert page.is_visible("text=The paper versus this report")
    page.screenshot(path=str(ARTIFACTS / "imagenet.png"), full_page=False)


def test_mathematics_renders_from_the_site_itself(tabs, site):
    page, _, errors = tabs.get("book/methods")
    scripts = page.eval_on_selector_all("script[src]", "els => els.map(e => e.src)")
    assert any(s.startswith(site) and "/mathjax/" in s for s in scripts), scripts
    page.wait_for_selector("mjx-container", timeout=15_000)  # MathJax typesets after the load event
    assert page.locator("mjx-container").count() >= 3
    assert page.locator("mjx-merror").count() == 0, "a formula MathJax could not typeset"
    assert not [e for e in errors if not any(a in e for a in CONSOLE_ALLOW_LIST)], errors


def drawn(page):
    """Wait for the interactive figures: Plotly (served by the site) is loaded after the page, then draws them."""
    page.wait_for_selector("html.report-figures-drawn", state="attached", timeout=15_000)
    plotly = page.evaluate("Array.from(document.scripts).map(s => s.src).filter(s => s.includes('plotly'))")
    assert plotly and all(s.startswith(page.url.split("/book/")[0]) for s in plotly), plotly
    return page


def test_headline_figure_is_on_the_front_page_and_interactive(tabs, visits):
    assert visits["book/intro"]["interactive_figures"] >= 1, "no interactive headline figure on the front page"
    page, _, errors = tabs.get("book/intro")
    figure = page.locator("#fig-headline")
    assert figure.locator(".plotly-graph-div .main-svg").count() >= 1
    assert figure.locator(".plotly-graph-div .cartesianlayer .subplot").count() >= 6, "fewer than six panels"
    assert figure.locator("img.report-static-figure").count() == 1, "no static image kept for print"
    assert not figure.locator("img.report-static-figure").is_visible(), "the static image shows beside the interactive one"
    assert not [e for e in errors if not any(a in e for a in CONSOLE_ALLOW_LIST)], errors


def test_main_figures_are_interactive(visits):
    for file in ["book/intro", "book/report/trends", "book/later/backtest"] + [f"book/benchmarks/{b}" for b in BENCHMARKS]:
        if file in visits:
            assert visits[file]["interactive_figures"] >= 1, f"{file}: no interactive figure"


def test_hovering_a_point_shows_its_label(tabs):
    page, _, _ = tabs.get("book/benchmarks/imagenet")
    figure = page.locator("#fig-burden-imagenet .plotly-graph-div")
    figure.scroll_into_view_if_needed()
    points = figure.locator(".scatterlayer .trace .points path")
    assert points.count() > 5
    label = ""
    for i in range(points.count() - 1, max(points.count() - 8, -1), -1):  # our sample is drawn last
        box = points.nth(i).bounding_box()
        if not box:
            continue
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        try:
            page.wait_for_selector("#fig-burden-imagenet .hoverlayer .hovertext", timeout=1_500)
        except Exception:
            continue
        label = figure.locator(".hoverlayer .hovertext").first.text_content()
        break
    page.mouse.move(0, 0)
    assert "year" in label and "GFLOP" in label and ("score" in label or "error" in label), label


def test_long_table_is_collapsed_sortable_and_searchable(tabs):
    page, _, _ = tabs.get("book/benchmarks/imagenet")
    details = page.locator("details.report-long-table").last
    assert details.get_attribute("open") is None, "a long table is not collapsed"
    details.locator(":scope > summary").click()
    table = details.locator("table.dataTable")
    table.locator("tbody tr").first.wait_for(timeout=10_000)
    first = table.locator("tbody tr td").first.inner_text()
    header = table.locator("thead th", has_text="Published").first
    header.click()
    header.click()  # newest first
    page.wait_for_function("([el, before]) => el.querySelector('tbody td').innerText !== before",
                           arg=[table.element_handle(), first], timeout=5_000)
    assert table.locator("tbody tr td").first.inner_text() != first
    rows = table.locator("tbody tr").count()
    details.locator("input[type=search]").fill("ResNet")
    page.wait_for_timeout(300)
    shown = [t.lower() for t in table.locator("tbody tr").all_inner_texts()]
    details.locator("input[type=search]").fill("")
    details.evaluate("d => d.open = false")
    assert shown and all("resnet" in t for t in shown) and len(shown) <= rows, shown[:3]


def test_powers_of_ten_are_superscripts_never_caret_text(visits):
    assert sum(seen["superscripts"] for seen in visits.values()) >= 20
    shown = {file: seen["shown_text"].count("10^") for file, seen in visits.items()}
    assert not any(shown.values()), {f: n for f, n in shown.items() if n}


def test_every_download_link_answers(reader, site, visits):
    downloads = {urldefrag(t)[0] for seen in visits.values() for t in seen["downloads"] if t.startswith(site)}
    assert any(t.endswith(".csv") for t in downloads)
    broken = [f"{t} -> {status}" for t in sorted(downloads) if (status := reader.request.get(t).status) != 200]
    assert not broken, broken


def test_narrow_viewport_is_readable_and_does_not_scroll_sideways(tabs):
    for file in KEPT_OPEN:  # loaded afresh at 390 px
        page, _, _ = tabs.get(file, NARROW)
        figures = page.locator(".report-figure-pair .plotly-graph-div").count()
        page.eval_on_selector_all("details:not([open])", "els => els.forEach(d => { d.open = true; d.dataset.testOpened = ''; })")  # long tables opened too
        page.wait_for_timeout(200)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"{file} scrolls sideways by {overflow}px on a phone"
        body = page.eval_on_selector_all("main p", "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))")
        assert body and min(body) >= 12, f"{file}: body text of {min(body)}px"
        if figures:
            ticks = page.eval_on_selector_all(".plotly-graph-div .xtick text, .plotly-graph-div .ytick text",
                                              "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))")
            assert ticks and min(ticks) >= 9, f"{file}: tick labels of {min(ticks) if ticks else 'no'} px"
            right = page.eval_on_selector_all(".plotly-graph-div", "els => els.map(e => e.getBoundingClientRect().right)")
            assert max(right) <= NARROW["width"] + 1, f"{file}: a figure wider than the screen ({max(right)}px)"
        page.eval_on_selector_all("details[data-test-opened]", "els => els.forEach(d => { d.open = false; delete d.dataset.testOpened; })")


# What a reader reads without opening anything: the article, less code, formulas, scripts and every collapsed
# element (the "How this was computed" provenance, folded evidence, long tables).
READING_TEXT = """() => {
  const article = document.querySelector('article').cloneNode(true);
  article.querySelectorAll('script, style, noscript, .math, mjx-container, .MathJax, svg, code, pre, details, .report-provenance, .plotly-graph-div, .report-downloads')
    .forEach(e => e.remove());
  return article.textContent;
}"""
TEMPLATE_TEXT = (re.compile(r"(?<![\d.,])0 of (?:the [\w’' ]+ )?0(?![\d.,])"), re.compile(r"not available"), re.compile(r"p = <"),
                 re.compile(r"had not stated"), re.compile(r"\bnan\b"), re.compile(r"<NA>"))
"""Text a template leaves where a number is absent ("0 of the paper's 0 printed cells", "p = < 0.001")."""
CODE_NAMES = (re.compile(r"\banalysis\.\w"), re.compile(r"\w_gflop"), re.compile(r"\w*paper_points\w*+(?!\.csv)"), re.compile(r"Made by"))
"""Names from the code, which belong in the collapsed provenance, not in the reading text."""
# every table, figure and image of the article, with how far it reaches to the right
BOXES = """() => {
  const article = document.querySelector('article');
  const right = article.getBoundingClientRect().right;
  return Array.from(article.querySelectorAll('table, figure, img, .plotly-graph-div, .report-table'))
    .filter(e => e.getBoundingClientRect().width > 0)
    .map(e => ({tag: e.tagName.toLowerCase() + (e.className && e.className.baseVal === undefined ? '.' + e.className.split(' ')[0] : ''),
                right: e.getBoundingClientRect().right, column: right, scrolls: !!e.closest('.report-table')}));
}"""


def layout_of(page, reading: bool) -> dict:
    """A page's reading text (if `reading`), the right edge of each table, figure and image, and its sideways scroll."""
    return {"text": page.evaluate(READING_TEXT) if reading else "", "boxes": page.evaluate(BOXES),
            "overflow": page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")}


@pytest.fixture(scope="module")
def layouts(visits):
    """Every page at 1280 and at 390 px (as `visits` saw them): its reading text, and the right edge of each table,
    figure and image."""
    return {(file, name): seen[key] for file, seen in visits.items()
            for name, key in (("wide", "layout"), ("narrow", "narrow_layout"))}


def test_at_1280_px_no_table_or_figure_is_wider_than_the_text_column(layouts):
    offenders = [f"{file}: {b['tag']} reaches {b['right']:.0f} px, the column {b['column']:.0f} px"
                 for (file, name), seen in layouts.items() if name == "wide"
                 for b in seen["boxes"] if b["right"] > b["column"] + 1]
    assert not offenders, offenders


def test_at_390_px_figures_stay_inside_the_screen_and_tables_scroll_in_their_box(layouts):
    offenders = []
    for (file, name), seen in layouts.items():
        if name != "narrow":
            continue
        if seen["overflow"] > 1:
            offenders.append(f"{file}: the page scrolls sideways by {seen['overflow']} px")
        for b in seen["boxes"]:
            inside_a_box = b["scrolls"] and not b["tag"].startswith("div.report-table")
            if not inside_a_box and b["right"] > NARROW["width"] + 1:
                offenders.append(f"{file}: {b['tag']} reaches {b['right']:.0f} px on a {NARROW['width']} px screen")
    assert not offenders, offenders


def test_reading_text_has_no_template_text_and_no_code_names(layouts):
    offenders = []
    for (file, name), seen in layouts.items():
        if name != "wide":
            continue
        for pattern in TEMPLATE_TEXT + CODE_NAMES:
            for match in pattern.finditer(seen["text"]):
                offenders.append(f"{file}: {pattern.pattern!r}: …{seen['text'][max(0, match.start() - 50):match.end() + 30]}…")
    assert not offenders, "\n".join(offenders[:40])


def test_every_figure_and_table_of_a_benchmark_page_has_its_provenance_one_click_away(tabs):
    page, _, _ = tabs.get("book/benchmarks/imagenet")
    provenance = page.locator("details.report-provenance, .report-provenance details")
    assert provenance.count() >= page.locator("article figure").count()
    first = provenance.first
    assert not first.evaluate("d => d.open"), "the provenance is open"
    first.locator("summary").first.click()
    assert "analysis." in first.inner_text()
    first.evaluate("d => d.open = false")
    assert first.locator("a.report-source-link").count() >= 1, "no link to the source"


def test_headline_legend_sits_below_the_axis_titles_and_the_year_bar_spans_the_points(tabs, built_book):
    from analysis.report.outputs import read_output

    years = read_output("headline_points", built_book / "outputs")["year"]
    for viewport in (WIDE, NARROW):
        page, _, _ = tabs.get("book/intro", viewport)
        figure = page.locator("#fig-headline .plotly-graph-div")
        legend = figure.locator(".legend").first.bounding_box()
        titles = [figure.locator(".g-xtitle, .g-x2title, .g-x3title, .g-x4title, .g-x5title, .g-x6title").nth(i).bounding_box()
                  for i in range(figure.locator(".g-xtitle, .g-x2title, .g-x3title, .g-x4title, .g-x5title, .g-x6title").count())]
        titles = [t for t in titles if t and t["height"] > 0]
        assert titles and legend["y"] >= max(t["y"] + t["height"] for t in titles) - 1, (viewport, legend, titles)
        texts = figure.locator(".colorbar text").evaluate_all("els => els.map(e => e.textContent)")
        ticks = [int(t) for t in texts if t and t.strip().isdigit()]
        assert ticks and min(ticks) >= years.min() and max(ticks) <= years.max(), (ticks, years.min(), years.max())
