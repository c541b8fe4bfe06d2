"""Architecture: each package imports only packages of lower layers (README, Architecture).

Every import form is resolved to the package it reaches: ``import subtool.x.y``,
``from subtool import x``, ``from subtool.x import y``, relative imports (``from . import
y``, ``from ..x import y``), and imports inside functions or ``TYPE_CHECKING`` blocks.
Below the project layer nothing touches files, prints, or names a command-line option.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "subtool"

# Lowest first. A package may import its own modules and packages of a lower rank; two
# packages of the same rank may not import each other.
LAYERS: dict[str, int] = {
    "__init__": 0,
    "core": 1,
    "languages": 2,
    "profiles": 3,
    "config": 4,
    "formats": 5,
    "terms": 6,
    "layout": 7,
    "translation": 8,
    "rules": 9,
    "engine": 10,
    "media": 11,
    "publish": 11,
    "render": 12,
    "project": 13,
    "pipeline": 14,
    "cli": 15,
    "__main__": 16,
}
PROJECT = LAYERS["project"]

# The only places below the project layer that may touch files, and why.
IO_ALLOWED = {
    "languages/__init__.py": "reads subtool's own language files (package data)",
    "languages/i18n.py": "reads subtool's own message catalogs (package data)",
    "languages/usercache.py": "keeps what the language files read into in the user's cache "
                              "folder (not a project file; only saves time)",
    "media/": "runs ffmpeg on the film (the edge to an external program)",
    "publish/youtube.py": "the YouTube client: network, and the login token in the user's "
                          "configuration folder (not a project file)",
}
_IO = re.compile(r"\b(open|print|input)\(|\.(read_text|read_bytes|write_text|write_bytes|"
                 r"mkdir|unlink|rmdir|touch|glob|rglob|is_file|exists)\(|\bos\.(replace|open|"
                 r"write|unlink|remove|rename|makedirs|mkdir|chmod)\b|\btempfile\b|\bshutil\b|"
                 r"\bsys\.std(out|err|in)\b|\bsubprocess\b")
_FLAG = re.compile(r"(?<![\w-])--[a-z][a-z-]+")
# Options of external programs, not of subtool, that a module below the project layer passes.
EXTERNAL_FLAGS = {
    ("media/mix.py", "--version"): "espeak-ng's own option (its version keys the described sound)",
}


def _modules() -> Iterator[tuple[Path, str]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        yield path, ".".join(parts)


def _top(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports(path: Path, module: str) -> Iterator[str]:
    """Every subtool module ``path`` imports, as a dotted name (relative ones resolved)."""
    yield from _imports_in(path.read_text(encoding="utf-8"), module,
                           is_package=path.name == "__init__.py")


def _is_module(dotted: str) -> bool:
    path = PACKAGE.parent.joinpath(*dotted.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _imports_in(source: str, module: str, *, is_package: bool) -> Iterator[str]:
    here = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names if a.name.split(".")[0] == "subtool")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[:len(here) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            if target.split(".")[0] != "subtool":
                continue
            # ``from package import name``: the module ``package.name`` when there is one
            # (``from subtool import languages``, ``from . import options``), else the
            # package itself (``from subtool import __version__``).
            for alias in node.names:
                child = f"{target}.{alias.name}"
                yield child if _is_module(child) or (node.level and not node.module) \
                    else target


def _edges() -> list[tuple[str, str]]:
    return [(module, imported) for path, module in _modules()
            for imported in _imports(path, module)]


def test_every_package_has_a_layer() -> None:
    for _path, module in _modules():
        assert _top(module) in LAYERS, f"{module} is in no layer: add it to LAYERS and README"


def test_import_forms_are_resolved() -> None:
    source = ("import subtool.core.model\nfrom subtool import languages\n"
              "from subtool.rules import base\nfrom . import options\n"
              "from ..engine import check\nif TYPE_CHECKING:\n"
              "    from subtool.terms.glossary import Glossary\n"
              "def f() -> None:\n    from .app import main\n")
    found = sorted(_imports_in(source, "subtool.cli.x", is_package=False))
    assert found == ["subtool.cli.app", "subtool.cli.options", "subtool.core.model",
                     "subtool.engine.check", "subtool.languages", "subtool.rules.base",
                     "subtool.terms.glossary"]


def test_no_package_imports_a_higher_or_equal_layer() -> None:
    violations = []
    for module, imported in _edges():
        own, other = _top(module), _top(imported)
        if own == other:
            continue
        if LAYERS[other] >= LAYERS[own]:
            violations.append(f"{module} ({own}, layer {LAYERS[own]}) imports {imported} "
                              f"({other}, layer {LAYERS[other]})")
    assert violations == []


def test_no_import_cycles_between_modules() -> None:
    graph: dict[str, set[str]] = {}
    known = {module for _path, module in _modules()}
    for module, imported in _edges():
        target = imported
        while target not in known and "." in target:
            target = target.rsplit(".", 1)[0]  # from x import name: the module x
        if target != module and target in known:
            graph.setdefault(module, set()).add(target)
    state: dict[str, int] = {}
    cycles: list[str] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                # A package's __init__ naming its own modules is a face, not a cycle.
                if not nxt.startswith(node + ".") and not node.startswith(nxt + "."):
                    cycles.append(" -> ".join([*trail[trail.index(nxt):], nxt])
                                  if nxt in trail else f"{node} -> {nxt}")
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert cycles == []


def _strings(tree: ast.AST) -> Iterator[ast.Constant]:
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) \
                and node.body and isinstance(node.body[0], ast.Expr) \
                and isinstance(node.body[0].value, ast.Constant):
            docstrings.add(id(node.body[0].value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and id(node) not in docstrings:
            yield node


def test_no_file_io_printing_or_option_names_below_the_project_layer() -> None:
    found = []
    for path, module in _modules():
        if LAYERS[_top(module)] >= PROJECT:
            continue
        rel = path.relative_to(PACKAGE).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if not any(rel == key or (key.endswith("/") and rel.startswith(key))
                   for key in IO_ALLOWED):
            code = ast.unparse(tree)
            found += [f"{rel}: {m.group(0)}" for m in _IO.finditer(code)]
        for node in _strings(tree):
            found += [f"{rel}:{node.lineno}: {m.group(0)}"
                      for m in _FLAG.finditer(str(node.value))
                      if (rel, m.group(0)) not in EXTERNAL_FLAGS]
    assert found == []


def test_only_the_cli_imports_typer_or_rich() -> None:
    for path, module in _modules():
        if _top(module) == "cli":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [
                    a.name for a in node.names]
                assert not any(n.split(".")[0] in ("typer", "rich") for n in names), path


def test_language_codes_live_in_the_language_files() -> None:
    film = "de|en|tr|ar|pl|ro|bg|uk|ru|it|el"
    quoted = re.compile(rf"""(["'])({film})\1""")
    found = []
    for path, module in _modules():
        if _top(module) == "languages":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            found += [f"{path.relative_to(PACKAGE)}:{n}: {m.group(0)}"
                      for m in quoted.finditer(line)]
    assert found == []
