"""Fingerprints of files, and the stamps that record one beside what was made from those files.

A fingerprint is the SHA-256 of files' names (relative to a root) and contents; a stamp is a text file holding the
fingerprint of what a generated thing (the outputs, the site's source pages, its static files) was made from, so a
build can tell whether that thing is still current.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path


def add_files(digest, root: Path, files: Iterable[Path]):
    """Feed each file's name relative to `root` and its bytes to `digest`, in sorted order; returns `digest`."""
    for path in sorted(files):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest


def tree_digest(root: Path, pattern: str = "*") -> str:
    """SHA-256 (hex) of every file under `root` matching `pattern`, names and contents."""
    root = Path(root)
    return add_files(hashlib.sha256(), root, (p for p in root.rglob(pattern) if p.is_file())).hexdigest()


def stamp_holds(stamp: Path, fingerprint: str) -> bool:
    """True when the stamp file exists and records exactly `fingerprint`."""
    stamp = Path(stamp)
    return stamp.exists() and stamp.read_text() == fingerprint
