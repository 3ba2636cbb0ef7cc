"""Architecture rules: the core never imports Qt or the UI; SQL stays in the storage package; the
core's rooms import downward only; no module imports itself back through others (no circles).

The room order is written out in `ROOMS` below and explained in docs/design/layout.md.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "newsreader"

# The core's rooms, lowest first: a module may import its own room and any room below it.
ROOMS: tuple[frozenset[str], ...] = (
    frozenset({"models", "errors", "textfold", "atomic", "retention", "canonical"}),  # values
    frozenset({"pages", "search", "rules", "secrets"}),  # HTML, text, queries, rules; secrets
    frozenset({"fetch"}),  # the network: HttpClient, addresses, discovery
    frozenset({"storage"}),  # SQLite
    frozenset({"feeds"}),  # parse, update (fetch -> parse -> decide -> store), OPML
    # full text, images, export | sync accounts | rules and saved searches over storage
    frozenset({"offline", "sync", "curation"}),
    frozenset({"library"}),  # the facade the UI and the CLI use
)


def imported_modules(path: Path) -> set[str]:
    """Every module `path` imports: top-level, in functions and under TYPE_CHECKING alike."""
    names: set[str] = set()
    package = ".".join(("newsreader", *path.relative_to(SRC).parent.parts))
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against this package
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            names.add(module)
            names.update(f"{module}.{a.name}" for a in node.names)  # `from pkg import module`
    return names


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(("newsreader", *parts))


def all_modules() -> dict[str, Path]:
    return {module_name(p): p for p in SRC.rglob("*.py")}


def room_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[:2] != ["newsreader", "core"] or len(parts) < 3:
        return None
    return parts[2]


def level_of(room: str) -> int:
    for level, rooms in enumerate(ROOMS):
        if room in rooms:
            return level
    raise AssertionError(f"core/{room} is in no room of ROOMS: add it where it belongs")


def test_core_never_imports_qt_or_ui() -> None:
    offenders = {
        str(p.relative_to(SRC)): sorted(
            m
            for m in imported_modules(p)
            if m.startswith(("PySide6", "shiboken6", "newsreader.ui"))
        )
        for p in (SRC / "core").rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}
    assert len(offenders) >= 8  # the rule really looked at the core


def test_core_never_imports_the_app_around_it() -> None:
    outer = ("newsreader.app", "newsreader.cli", "newsreader.settings", "newsreader.paths")
    offenders = sorted(
        str(p.relative_to(SRC))
        for p in (SRC / "core").rglob("*.py")
        if any(m.startswith(outer) for m in imported_modules(p))
    )
    assert offenders == []


def test_sql_lives_in_storage_only() -> None:
    outside = [
        str(p.relative_to(SRC))
        for p in SRC.rglob("*.py")
        if "storage" not in p.parts and "sqlite3" in imported_modules(p)
    ]
    assert outside == []


def test_core_rooms_import_downward_only() -> None:
    upward: set[tuple[str, str]] = set()
    rooms_seen: set[str] = set()
    for name, path in all_modules().items():
        room = room_of(name)
        if room is None:
            continue
        rooms_seen.add(room)
        for imported in imported_modules(path):
            target = room_of(imported)
            if target is None or target == room:
                continue
            if level_of(target) >= level_of(room):
                upward.add((str(path.relative_to(SRC)), target))
    assert rooms_seen >= {"models", "pages", "fetch", "storage", "feeds", "offline", "library"}
    assert upward == set(), "a room imports its own level or one above it"


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components with more than one member (import circles)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component: list[str] = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def import_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    def targets(names: Iterable[str]) -> set[str]:
        return {n for n in names if n in modules}

    graph = {}
    for name, path in modules.items():
        # A package's own __init__ re-exports are not a circle with its modules.
        graph[name] = {t for t in targets(imported_modules(path)) if not name.startswith(t + ".")}
    return graph


def test_no_import_circles() -> None:
    modules = all_modules()
    assert len(modules) > 50
    assert strongly_connected(import_graph(modules)) == []


def test_the_circle_finder_finds_circles() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e"}}
    assert strongly_connected(graph) == [["a", "b", "c"]]


def test_pages_room_imports_no_other_room() -> None:
    """core/pages (HTML text, decoding, srcset, URLs, dates, extraction, listings) sits below
    fetch/, feeds/, offline/ and storage/: they may use it, it uses none of them."""
    higher = tuple(
        f"newsreader.core.{room}" for room in ("fetch", "feeds", "offline", "storage", "library")
    )
    offenders = {
        str(p.relative_to(SRC)): sorted(m for m in imported_modules(p) if m.startswith(higher))
        for p in (SRC / "core" / "pages").rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}
    assert len(offenders) >= 8
