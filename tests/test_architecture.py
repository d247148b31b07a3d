"""The package layout is the architecture: each module belongs to a layer, imports only from its
own layer or those below, no import cycle exists, and only the orchestration layers see Prefect.

Layers, bottom up (issue 16):
0. foundation: the contract (schema), settings, named errors, span helpers, where files live,
   the shared word lists;
1. stages: pure text-in, records-out analysis (clean, segment, extract/, ...), no I/O framework;
2. warehouse/ and the SQL readers (views, checks, catalog): Parquet and DuckDB, no Prefect;
3. runtime/: what exists only for speed or process management;
4. tasks: the thin Prefect tasks;
5. the run: its ledger and report;
6. the flow and its deployment;
7. the command line.
"""

from __future__ import annotations

import ast
import functools
import pkgutil
from collections.abc import Iterator

import pytest

import flows

from conftest import ROOT

LAYERS: dict[str, int] = {
    "flows": 0,
    "flows.errors": 0,
    "flows.config": 0,
    "flows.schema": 0,
    "flows.spans": 0,
    "flows.lexicon": 0,
    "flows.storage": 0,
    "flows.boilerplate": 1,
    "flows.clean": 1,
    "flows.segment": 1,
    "flows.dedup": 1,
    "flows.geo": 1,
    "flows.nlp": 1,
    "flows.ingest": 1,
    "flows.formats": 1,
    "flows.extract": 1,
    "flows.analyse": 1,
    "flows.views": 2,
    "flows.checks": 2,
    "flows.catalog": 2,
    "flows.preflight": 2,
    "flows.evaluate": 2,
    "flows.warehouse": 2,
    "flows.runtime": 3,
    "flows.tasks": 4,
    "flows.ledger": 5,
    "flows.report": 5,
    "flows.pipeline": 6,
    "flows.serve": 6,
    "flows.cli": 7,
}
#: Layers that may import Prefect: the runtime (its task runner), and everything above it.
PREFECT_FROM = 3


def _layer(module: str) -> int:
    parts = module.split(".")
    for n in range(len(parts), 0, -1):
        if ".".join(parts[:n]) in LAYERS:
            return LAYERS[".".join(parts[:n])]
    raise AssertionError(f"{module} has no layer: add it to LAYERS in {__file__}")


def _modules() -> list[str]:
    found = ["flows"]
    for info in pkgutil.walk_packages(flows.__path__, "flows."):
        found.append(info.name)
    return sorted(found)


def _path(module: str):
    rel = module.replace(".", "/")
    path = ROOT / f"{rel}.py"
    return path if path.exists() else ROOT / rel / "__init__.py"


def _imports(module: str) -> Iterator[str]:
    """Every module `module` imports, at its top or inside a function, except under
    TYPE_CHECKING (annotations only)."""
    tree = ast.parse(_path(module).read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip.update(id(n) for n in ast.walk(node))
    package = module if _path(module).name == "__init__.py" else module.rsplit(".", 1)[0]
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            yield base
            for a in node.names:  # `from flows import views` imports the module flows.views
                if f"{base}.{a.name}" in MODULES:
                    yield f"{base}.{a.name}"


MODULES = _modules()


@functools.cache
def _graph() -> dict[str, set[str]]:
    """Each module's imports of other flows modules. Parsed once for the session: every
    parametrized case reads the same graph, and parsing every module per case took ~50 s of CPU."""
    return {
        m: {i for i in _imports(m) if i in MODULES and i != m and not m.startswith(i + ".")}
        for m in MODULES
    }


@pytest.mark.parametrize("module", MODULES)
def test_a_module_imports_only_its_own_layer_or_below(module):
    above = [i for i in _graph()[module] if _layer(i) > _layer(module)]
    assert not above, f"{module} (layer {_layer(module)}) imports {above}"


@pytest.mark.parametrize("module", [m for m in MODULES if _layer(m) < PREFECT_FROM])
def test_stages_and_the_warehouse_do_not_import_prefect(module):
    prefect = sorted({i for i in _imports(module) if i.split(".")[0] == "prefect"})
    assert not prefect, f"{module} imports {prefect}"


def test_no_import_cycle():
    graph = _graph()
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(m: str) -> None:
        state[m] = 1
        path.append(m)
        for n in sorted(graph[m]):
            if state.get(n) == 1:
                raise AssertionError("import cycle: " + " -> ".join([*path[path.index(n) :], n]))
            if n not in state:
                visit(n)
        path.pop()
        state[m] = 2

    for m in MODULES:
        if m not in state:
            visit(m)


def test_the_layer_map_knows_every_module():
    for m in MODULES:
        _layer(m)
