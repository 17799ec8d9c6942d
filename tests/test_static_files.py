"""A changed static file (a style sheet, a script of `book/_static`, or one an extension serves) reaches the site: the
build's extension asks Sphinx to write every page again, which copies the static files and names each with its new
checksum."""
from __future__ import annotations

import types

from conftest import book_extension


def test_every_page_is_written_again_once_a_static_file_changed(tmp_path):
    extension = book_extension()
    book = tmp_path / "book"
    (book / "static").mkdir(parents=True)
    style = book / "static" / "report.css"
    style.write_text("td { overflow-wrap: anywhere; }\n")
    served = tmp_path / "site-packages" / "an_extension" / "_static"  # an extension's own, outside the book
    served.mkdir(parents=True)
    (served / "button.js").write_text("")
    app = types.SimpleNamespace(confdir=str(book), outdir=str(book / "_build" / "html"),
                                config=types.SimpleNamespace(html_static_path=["static", str(served)]))
    env = types.SimpleNamespace(found_docs={"b", "a"})
    stamp = book / "_build" / extension.STATIC_STAMP
    assert extension._static_changed(app, env, set(), set(), set()) == ["a", "b"]  # never written: every page
    stamp.parent.mkdir()
    stamp.write_text(app._report_static_fingerprint)  # as a finished build does
    assert extension._static_changed(app, env, set(), set(), set()) == []
    style.write_text("td { overflow-wrap: break-word; }\n")
    assert extension._static_changed(app, env, set(), set(), set()) == ["a", "b"]
    stamp.write_text(app._report_static_fingerprint)
    (book / "static" / "new.js").write_text("")
    assert extension._static_changed(app, env, set(), set(), set()) == ["a", "b"]  # a file added
    stamp.write_text(app._report_static_fingerprint)
    (served / "button.js").write_text("// upgraded")
    assert extension._static_changed(app, env, set(), set(), set()) == ["a", "b"]  # an extension's file changed
