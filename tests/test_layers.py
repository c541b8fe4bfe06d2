"""Architecture: a module imports only from its own layer or layers below (DESIGN.md)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "subtool"

# Lower number = lower layer. A module may import modules of a lower or equal-numbered
# layer only where equal means "the same package" (rules use rules.base).
LAYERS: dict[str, int] = {
    "core": 1, "languages": 1, "fileio": 1,

    "formats": 2, "config": 2, "profiles": 2, "terms": 2,

    "rules": 3, "layout": 3, "data": 1, "translation": 3,
    "engine": 4, "render": 4, "project": 1,

    "pipeline": 5,
    "cli": 6, "__main__": 6, "__init__": 0,
}


def _layer(module: str) -> int:
    parts = module.split(".")
    name = parts[1] if len(parts) > 1 else "__init__"
    return LAYERS[name]


def test_every_module_has_a_layer() -> None:
    for path in PACKAGE.rglob("*.py"):
        top = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
        assert top in LAYERS, f"{path} is in no layer: add it to LAYERS and to DESIGN/README"


def test_no_module_imports_a_higher_layer() -> None:
    violations = []
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        module = ".".join(rel.parts)
        own = _layer(module)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            for name in names:
                if name.startswith("subtool.") and _layer(name) > own:
                    violations.append(f"{module} (layer {own}) imports {name}")
    assert violations == []


def test_only_cli_imports_typer_or_rich() -> None:
    for path in PACKAGE.rglob("*.py"):
        if path.name in ("cli.py",):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                mods = [node.module or ""] if isinstance(node, ast.ImportFrom) else [
                    a.name for a in node.names]
                assert not any(m.split(".")[0] in ("typer", "rich") for m in mods), path
