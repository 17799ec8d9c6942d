"""The package's layers: each module of `analysis` imports only its own layer and the layers below it.

data (the data and its contract) -> stats (the statistics) -> report (the outputs the pages show) -> book (pages,
formatting, figures, the build). Imports inside functions count as well as those at the top of a module.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "analysis"
LAYERS = ("data", "stats", "report", "book")
"""The layers, lowest first."""


def layer_of(module: str) -> str | None:
    """The layer of a dotted module name below `analysis` ("report.benchmark" -> "report"); None outside the package."""
    parts = module.split(".")
    if parts[0] != "analysis":
        return None
    return parts[1] if len(parts) > 1 and parts[1] in LAYERS else ""


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import of a module, relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(("analysis",) + path.relative_to(PACKAGE).parent.parts)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.append((node.lineno, module))
            if module in ("analysis",) + tuple(f"analysis.{layer}" for layer in LAYERS):
                found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
    return found


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p.parent != PACKAGE)


def test_every_module_sits_in_a_layer():
    assert {p.relative_to(PACKAGE).parts[0] for p in modules()} == set(LAYERS)
    assert sorted(p.name for p in PACKAGE.glob("*.py")) == ["__init__.py"]


@pytest.mark.parametrize("path", modules(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_a_module_imports_no_layer_above_its_own(path):
    own = LAYERS.index(path.relative_to(PACKAGE).parts[0])
    above = [f"line {line}: {module}" for line, module in imported_modules(path)
             if layer_of(module) not in (None, "") and LAYERS.index(layer_of(module)) > own]
    assert not above, f"{path.relative_to(PACKAGE)} imports a layer above its own:\n" + "\n".join(above)


def test_the_rule_sees_a_violation(tmp_path, monkeypatch):
    """The check itself: a data-layer module importing the report layer, at the top or inside a function, is caught."""
    fake = tmp_path / "analysis" / "data"
    fake.mkdir(parents=True)
    module = fake / "leaky.py"
    module.write_text("from ..report import outputs\n\ndef f():\n    from analysis.book.format import cell\n", encoding="utf-8")
    monkeypatch.setattr(__import__(__name__), "PACKAGE", tmp_path / "analysis")
    found = [m for _, m in imported_modules(module)]
    assert "analysis.report.outputs" in found and "analysis.book.format" in found
    assert [layer_of(m) for m in found if layer_of(m)] == ["report", "report", "book"]
