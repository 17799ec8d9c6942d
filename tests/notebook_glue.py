"""Read the values a rendered notebook glued (myst-nb `glue`), without scrapbook."""
from __future__ import annotations

import ast
import json
from pathlib import Path


def glued_values(notebook_path: Path) -> dict:
    """name -> value (parsed from its text/plain form) of every glued output of a notebook."""
    notebook = json.loads(Path(notebook_path).read_text(encoding="utf-8"))
    values = {}
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            meta = output.get("metadata", {}).get("scrapbook")
            if not meta:
                continue
            text = output.get("data", {}).get(meta.get("mime_prefix", "") + "text/plain")
            if text is None:
                continue
            text = "".join(text) if isinstance(text, list) else text
            try:
                values[meta["name"]] = ast.literal_eval(text)
            except (ValueError, SyntaxError):
                values[meta["name"]] = text
    return values
