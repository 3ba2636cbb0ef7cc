"""The xcb plugin check: a fake plugin (a real ELF library whose needed-library entry is renamed)
is loaded by the real dynamic loader, and the check names what is missing or broken."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsreader.ui.platform_libs import (
    XCB_PLUGIN,
    LibraryProblem,
    check_platform,
    describe,
    find_problems,
    platform_name,
)

# Extension modules of the running Python and a system library each one needs.
_CANDIDATES = (
    ("_sqlite3", b"libsqlite3.so.0"),
    ("_ssl", b"libssl.so.3"),
    ("_lzma", b"liblzma.so.5"),
    ("_bz2", b"libbz2.so.1.0"),
    ("_ctypes", b"libffi.so.8"),
)


def _real_library() -> tuple[bytes, bytes]:
    """The bytes of a real shared library and the name of one library it needs."""
    for module, needed in _CANDIDATES:
        path = getattr(importlib.import_module(module), "__file__", None)
        if path:
            data = Path(path).read_bytes()
            if b"\0" + needed + b"\0" in data:
                return data, needed
    raise AssertionError("no extension module of this Python links a system library")


def _fake_plugin(directory: Path, needs: bytes | None) -> Path:
    """A plugin dir whose libqxcb.so needs `needs` instead of its real library (None: unchanged)."""
    data, needed = _real_library()
    if needs is not None:
        assert len(needs) <= len(needed)
        renamed = needs + b"\0" * (len(needed) - len(needs))
        data = data.replace(b"\0" + needed + b"\0", b"\0" + renamed + b"\0")
    directory.mkdir(parents=True, exist_ok=True)
    (directory / XCB_PLUGIN).write_bytes(data)
    return directory


def test_platform_is_read_like_qt_reads_it() -> None:
    assert platform_name({}) == "xcb"
    assert platform_name({"QT_QPA_PLATFORM": "offscreen"}) == "offscreen"
    assert platform_name({"QT_QPA_PLATFORM": "xcb:nograb;wayland"}) == "xcb"
    assert platform_name({"XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "wayland-0"}) == (
        "wayland"
    )
    assert platform_name({"XDG_SESSION_TYPE": "x11", "DISPLAY": ":0"}) == "xcb"


def test_a_plugin_that_loads_has_no_problems(tmp_path: Path) -> None:
    plugin = _fake_plugin(tmp_path / "platforms", None) / XCB_PLUGIN
    assert find_problems(plugin) == []
    assert check_platform(plugin.parent, {}) is None


def test_a_missing_library_is_named_by_the_real_loader(tmp_path: Path) -> None:
    plugin = _fake_plugin(tmp_path / "platforms", b"libnothere.so.1") / XCB_PLUGIN
    assert find_problems(plugin) == [LibraryProblem("libnothere.so.1", missing=True)]
    message = check_platform(plugin.parent, {"DISPLAY": ":0"})
    assert message is not None
    assert "Missing system libraries: libnothere.so.1." in message
    # Without ldd the loader's own error still names it.
    assert find_problems(plugin, ldd=lambda _p: None) == [
        LibraryProblem("libnothere.so.1", missing=True)
    ]


def test_a_broken_library_is_named_with_the_loaders_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plugin = _fake_plugin(tmp_path / "platforms", b"libbroken.so.1") / XCB_PLUGIN
    libs = tmp_path / "lib"
    libs.mkdir()
    (libs / "libbroken.so.1").write_bytes(b"not a library\n")
    monkeypatch.setenv("LD_LIBRARY_PATH", str(libs))  # the loader (ldd) finds the bad file
    [problem] = find_problems(plugin)
    assert problem.library == "libbroken.so.1"
    assert not problem.missing
    assert "too short" in problem.reason or "ELF" in problem.reason


def test_other_platforms_are_not_checked(tmp_path: Path) -> None:
    plugins = _fake_plugin(tmp_path / "platforms", b"libnothere.so.1")
    assert check_platform(plugins, {"QT_QPA_PLATFORM": "offscreen"}) is None
    assert check_platform(plugins, {"QT_QPA_PLATFORM": "wayland"}) is None
    assert check_platform(tmp_path / "nowhere", {}) is None  # no plugin: Qt says so itself


def test_the_message_names_packages_for_three_distributions() -> None:
    message = describe(
        [
            LibraryProblem("libxcb-icccm.so.4", missing=True),
            LibraryProblem("libxcb-keysyms.so.1", missing=True),
            LibraryProblem("libxcb-cursor.so.0", missing=False, reason="file too short"),
        ],
        Path("/x/libqxcb.so"),
    )
    assert "sudo apt install libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0" in message
    assert "sudo dnf install xcb-util-wm xcb-util-keysyms xcb-util-cursor" in message
    assert "sudo pacman -S xcb-util-wm xcb-util-keysyms xcb-util-cursor" in message
    assert "installed but will not load: libxcb-cursor.so.0 (file too short)" in message
    unknown = describe([LibraryProblem("libodd.so.2", missing=True)], Path("/x/libqxcb.so"))
    assert "(the package with libodd.so.2)" in unknown


def test_the_app_exits_1_with_the_message_before_qt_aborts(tmp_path: Path) -> None:
    plugins = _fake_plugin(tmp_path / "platforms", b"libnothere.so.1")
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "xcb",
        "QT_QPA_PLATFORM_PLUGIN_PATH": str(plugins),
        "NEWSREADER_HOME": str(tmp_path / "home"),
        "DISPLAY": ":99",
    }
    done = subprocess.run(
        [sys.executable, "-m", "newsreader"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "Missing system libraries: libnothere.so.1." in done.stderr
    assert "Debian/Ubuntu: sudo apt install" in done.stderr
