"""A changed static file (a style sheet, a script of `book/_static`) reaches the site: the build's extension asks
Sphinx to write every page again, which copies the static files and names each with its new checksum."""
from __future__ import annotations

import types

from conftest import book_extension


def test_every_page_is_written_again_once_a_static_file_changed(tmp_path):
    extension = book_extension()
    (tmp_path / "static").mkdir()
    style = tmp_path / "static" / "report.css"
    style.write_text("td { overflow-wrap: anywhere; }\n")
    app = types.SimpleNamespace(confdir=str(tmp_path), outdir=str(tmp_path / "_build" / "html"),
                                config=types.SimpleNamespace(html_static_path=["static"]))
    env = types.SimpleNamespace(found_docs={"b", "a"})
    assert extension._static_changed(app, env, set(), set(), set()) == ["a", "b"]  # never written: every page
    (tmp_path / "_build").mkdir()
    (tmp_path / "_build" / extension.STATIC_STAMP).write_text(app._report_static_fingerprint)  # as a finished build does
    assert extension._static_changed(app, env, set(), set(), set()) == []
    style.write_text("td { overflow-wrap: break-word; }\n")
    assert extension._static_changed(app, env, set(), set(), set()) == ["a", "b"]
    (tmp_path / "_build" / extension.STATIC_STAMP).write_text(app._report_static_fingerprint)
    (tmp_path / "static" / "new.js").write_text("")
    assert extension._static_changed(app, env, set(), set(), set()) == ["a", "b"]  # a file added
