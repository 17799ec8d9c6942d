"""The bibliography (book/references.bib): each entry shows one link, keeps its capitals, and makes readable labels."""
from __future__ import annotations

import re

import pytest
from pybtex.database import parse_file

from conftest import ROOT


@pytest.fixture(scope="module")
def entries():
    return parse_file(str(ROOT / "book" / "references.bib")).entries


def unprotected_words(title: str) -> list[str]:
    """The words of a title outside braces: the ones the style sets in lower case (but for the first)."""
    previous = None
    while previous != title:
        previous, title = title, re.sub(r"\{[^{}]*\}", " ", title)
    return re.findall(r"[\w'+-]+", title)


def test_every_arxiv_paper_shows_its_link_once(entries):
    # The style links the eprint ("arXiv:1512.03385"); a url to the same abstract would show a second time.
    repeated = [key for key, entry in entries.items()
                if "eprint" in entry.fields and "arxiv.org" in entry.fields.get("url", "")]
    assert not repeated, f"entries with both an eprint and an arXiv url: {repeated}"


def test_acronyms_and_model_names_in_titles_are_protected(entries):
    def lowered(word: str) -> bool:  # would the style's lower-casing change what the paper wrote?
        return any(any(c.isupper() for c in part[1:]) or (part[:1].isupper() and any(c.isdigit() for c in part))
                   or (len(part) == 1 and part.isupper() and "-" in word)
                   for part in word.split("-") if part)

    unprotected = {key: [w for w in unprotected_words(entry.fields["title"])[1:] if lowered(w)]
                   for key, entry in entries.items()}
    unprotected = {key: words for key, words in unprotected.items() if words}
    assert not unprotected, f"put these in braces, e.g. {{ImageNet}}: {unprotected}"


def test_names_are_plain_text_so_labels_read_well(entries):
    latex = [key for key, entry in entries.items()
             for person in entry.persons.get("author", []) if "\\" in str(person)]
    assert not latex, f"write accented names in Unicode (Dollár, not Doll{{\\'a}}r): {sorted(set(latex))}"
