"""The dependency rule (DESIGN.md §1): protocol/ and server/domain/ are pure.

Their imports are read from the source (ast), not from a running interpreter, so an
import inside a function or behind a condition counts too.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: modules that do I/O, read clocks or draw randomness (the top-level name is enough)
IO_MODULES = frozenset({
    "asyncio", "time", "socket", "ssl", "select", "selectors", "redis", "starlette", "uvicorn", "websockets",
    "httpx", "os", "sys", "io", "pathlib", "shutil", "tempfile", "glob", "subprocess", "signal", "random",
    "secrets", "threading", "multiprocessing", "concurrent", "datetime", "uuid", "logging", "urllib", "http",
    "importlib", "builtins", "ctypes", "mmap", "sqlite3", "pickle", "shelve", "fcntl", "atexit", "psutil",
})
#: the parts of the server the pure layers must never reach
SERVER_IO = ("server.store", "server.realtime", "server.app", "server.api", "server.meetings", "server.pages",
             "server.config", "server.web", "server.afterwards", "server.lobby", "server.collector")


def _package_of(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])


def imports_of(source: str, package: str) -> set[str]:
    """Every module named by an import statement, relative imports resolved; for
    `from pkg import name`, both `pkg` and `pkg.name` (name may be a submodule)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1])
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "__import__":
            found.add("importlib")  # a dynamic import is as good as an unknown one
    return found


def _modules(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


PURE = _modules("protocol") + _modules("server/domain")


def _imports(path: Path) -> set[str]:
    return imports_of(path.read_text(encoding="utf-8"), _package_of(path))


def _ids(paths):
    return [str(p.relative_to(ROOT)) for p in paths]


def test_the_pure_layers_are_where_this_test_looks():
    names = {str(p.relative_to(ROOT)) for p in PURE}
    assert {"protocol/codec.py", "protocol/messages.py", "server/domain/decider.py", "server/domain/evolve.py"} <= names


@pytest.mark.parametrize("path", PURE, ids=_ids(PURE))
def test_a_pure_module_imports_no_io(path):
    io = {name for name in _imports(path) if name.split(".")[0] in IO_MODULES}
    assert not io, f"{path.relative_to(ROOT)} imports {sorted(io)}"


@pytest.mark.parametrize("path", PURE, ids=_ids(PURE))
def test_a_pure_module_imports_no_store_realtime_or_app(path):
    bad = {name for name in _imports(path) if name.startswith(SERVER_IO)}
    assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"


@pytest.mark.parametrize("path", _modules("protocol"), ids=_ids(_modules("protocol")))
def test_the_protocol_does_not_import_the_server_at_all(path):
    bad = {name for name in _imports(path) if name == "server" or name.startswith("server.")}
    assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"


@pytest.mark.parametrize("path", _modules("server/domain"), ids=_ids(_modules("server/domain")))
def test_the_domain_takes_only_the_codes_from_the_protocol(path):
    used = {name for name in _imports(path) if name == "protocol" or name.startswith("protocol.")}
    # `from protocol.codes import ErrorCode` names protocol.codes and protocol.codes.ErrorCode
    assert all(name.startswith("protocol.codes") for name in used), f"{path.relative_to(ROOT)} imports {sorted(used)}"


@pytest.mark.parametrize("path", _modules("server/domain"), ids=_ids(_modules("server/domain")))
def test_the_domain_imports_from_the_server_only_the_domain(path):
    used = {name for name in _imports(path) if name.startswith("server.") or name == "server"}
    assert all(name.startswith("server.domain") for name in used), f"{path.relative_to(ROOT)} imports {sorted(used)}"


# --- the checker itself catches what it should --------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import time", "time"),
        ("import os.path as p", "os.path"),
        ("from datetime import datetime", "datetime"),
        ("def f():\n    import random", "random"),
        ("try:\n    import uvicorn\nexcept ImportError:\n    pass", "uvicorn"),
        ("from server.store import rooms", "server.store"),
        ("from server import realtime", "server.realtime"),
        ("from ..store import keys", "server.store"),
        ("from . import app", "server.app"),
        ("from protocol import messages", "protocol.messages"),
        ("__import__('socket')", "importlib"),
    ],
)
def test_the_checker_sees_every_form_of_import(source, expected):
    assert expected in imports_of(source, "server.domain" if "..store" in source else "server")


def test_the_checker_flags_io_by_its_top_level_name():
    found = imports_of("import asyncio.subprocess\nfrom concurrent.futures import ThreadPoolExecutor", "protocol")
    assert {name.split(".")[0] for name in found} & IO_MODULES == {"asyncio", "concurrent"}
