"""The shape issue 21 gave the code, kept: no import cycle among the ui or the service modules
(counting imports inside functions and those for type checking only), no ui module over 500
lines, the App class under 300, and every part of `ui` placed in the layers contract."""

from __future__ import annotations

import ast
import inspect
import tomllib
from pathlib import Path

import pytest

import hostkey_tui
from hostkey_tui.ui.app import HostkeyApp

ROOT = Path(hostkey_tui.__file__).parent


def _modules(package: str) -> dict[str, Path]:
    folder = ROOT.parent / package.replace(".", "/")
    found = {}
    for path in folder.rglob("*.py"):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, base] if base else up)
            names = [base, *(f"{base}.{a.name}" for a in node.names)]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        found.update(n for n in names if n in modules and n != name)
    return found


@pytest.mark.parametrize("package", ["hostkey_tui.ui", "hostkey_tui.services"])
def test_no_import_cycle(package: str) -> None:
    modules = _modules(package)
    graph = {name: _imports(name, path, modules) for name, path in modules.items()}
    done: set[str] = set()

    def visit(name: str, path: tuple[str, ...]) -> None:
        if name in path:
            cycle = " -> ".join((*path[path.index(name) :], name))
            raise AssertionError(f"an import cycle: {cycle}")
        if name in done:
            return
        for imported in sorted(graph[name]):
            visit(imported, (*path, name))
        done.add(name)

    for name in sorted(graph):
        visit(name, ())


def test_no_ui_module_over_500_lines() -> None:
    long = {
        str(path.relative_to(ROOT)): lines
        for path in (ROOT / "ui").rglob("*.py")
        if (lines := len(path.read_text().splitlines())) > 500
    }
    assert long == {}


def test_the_app_class_stays_under_300_lines() -> None:
    assert len(inspect.getsource(HostkeyApp).splitlines()) < 300


def test_every_part_of_ui_is_in_the_layers_contract() -> None:
    config = tomllib.loads((ROOT.parent / "pyproject.toml").read_text())
    contracts = config["tool"]["importlinter"]["contracts"]
    (ui,) = [c for c in contracts if c.get("containers") == ["hostkey_tui.ui"]]
    named = {part.strip() for layer in ui["layers"] for part in layer.split("|")}
    parts = {
        path.stem if path.is_file() else path.name
        for path in (ROOT / "ui").iterdir()
        if (path.suffix == ".py" and path.stem != "__init__")
        or (path.is_dir() and (path / "__init__.py").exists())
    }
    assert parts - named == set(), "a ui module or package outside the layers contract"
