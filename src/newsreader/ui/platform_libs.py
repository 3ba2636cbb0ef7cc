"""Before Qt starts: can its xcb platform plugin load? If not, say which packages to install.

When a system library of `libqxcb.so` is missing, Qt prints a misleading hint ("xcb-cursor0 or
libxcb-cursor0 is needed…", even when that one is installed) and aborts the process. This module
loads the plugin the way the dynamic loader will — `dlopen` with RTLD_NOW, which resolves every
dependency and symbol — and only when that fails asks the loader (`ldd`, which is `ld.so` tracing
the same search) which libraries are missing; a library that is found but will not load (a
truncated file, a missing symbol version) is named as broken. The answer names the packages that
provide each library on Debian/Ubuntu, Fedora and Arch.

Nothing here imports Qt, so the check runs before Qt can abort; the caller passes the plugin
directory (see `newsreader.ui.main`).
"""

from __future__ import annotations

import ctypes
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

XCB_PLUGIN = "libqxcb.so"

# soname -> (Debian/Ubuntu, Fedora, Arch) package providing it.
PACKAGES: Mapping[str, tuple[str, str, str]] = {
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm", "xcb-util-wm"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image", "xcb-util-image"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms", "xcb-util-keysyms"),
    "libxcb-render-util.so.0": (
        "libxcb-render-util0",
        "xcb-util-renderutil",
        "xcb-util-renderutil",
    ),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util", "xcb-util"),
    "libxcb-xinerama.so.0": ("libxcb-xinerama0", "libxcb", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb", "libxcb"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb", "libxcb"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb", "libxcb"),
    "libxcb-glx.so.0": ("libxcb-glx0", "libxcb", "libxcb"),
    "libxcb-xinput.so.0": ("libxcb-xinput0", "libxcb", "libxcb"),
    "libxcb.so.1": ("libxcb1", "libxcb", "libxcb"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11", "libxkbcommon-x11"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon", "libxkbcommon"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb", "libx11"),
    "libX11.so.6": ("libx11-6", "libX11", "libx11"),
    "libSM.so.6": ("libsm6", "libSM", "libsm"),
    "libICE.so.6": ("libice6", "libICE", "libice"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl", "libglvnd"),
    "libGL.so.1": ("libgl1", "libglvnd-glx", "libglvnd"),
    "libGLX.so.0": ("libglx0", "libglvnd-glx", "libglvnd"),
    "libOpenGL.so.0": ("libopengl0", "libglvnd-opengl", "libglvnd"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype", "freetype2"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs", "dbus"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2", "glib2"),
    "libgthread-2.0.so.0": ("libglib2.0-0", "glib2", "glib2"),
}

_LDD_LINE = re.compile(r"^\s*(\S+)\s+=>\s+(.*?)\s*(?:\(0x[0-9a-f]+\))?\s*$")
_LOAD_ERROR = re.compile(r"error while loading shared libraries: (\S+?): (.*)$", re.M)
_CANNOT_OPEN = re.compile(r"^(\S+?): cannot open shared object file")


@dataclass(frozen=True, slots=True)
class LibraryProblem:
    """One library the plugin cannot load: `missing` (not found) or broken (found, won't load)."""

    library: str
    missing: bool
    reason: str = ""


def platform_name(env: Mapping[str, str]) -> str:
    """The platform plugin Qt will try first, as Qt picks it from the environment."""
    wanted = env.get("QT_QPA_PLATFORM", "").strip()
    if wanted:
        return wanted.split(";")[0].split(":")[0].strip()
    if env.get("XDG_SESSION_TYPE") == "wayland" and env.get("WAYLAND_DISPLAY"):
        return "wayland"
    return "xcb"


def _dlopen(path: str) -> str | None:
    """Load `path` now (every symbol resolved); the loader's error, or None when it loaded."""
    try:
        ctypes.CDLL(path, mode=os.RTLD_NOW | os.RTLD_LOCAL)
    except OSError as exc:
        return str(exc)
    return None


def _ldd(path: Path) -> tuple[int, str, str] | None:
    """`ldd path` as (exit code, stdout, stderr); None when the system has no ldd."""
    ldd = shutil.which("ldd")
    if ldd is None:
        return None
    try:
        done = subprocess.run(
            [ldd, str(path)], capture_output=True, text=True, timeout=20, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.returncode, done.stdout, done.stderr


def find_problems(
    plugin: Path,
    *,
    load: Callable[[str], str | None] = _dlopen,
    ldd: Callable[[Path], tuple[int, str, str] | None] = _ldd,
) -> list[LibraryProblem]:
    """The libraries that keep `plugin` from loading; empty when it loads.

    A missing plugin file is not our problem to diagnose (Qt says so itself): empty too."""
    if not plugin.is_file():
        return []
    error = load(str(plugin))
    if error is None:
        return []
    traced = ldd(plugin)
    problems: list[LibraryProblem] = []
    if traced is not None:
        code, out, err = traced
        resolved: list[str] = []
        for line in out.splitlines():
            match = _LDD_LINE.match(line)
            if not match:
                continue
            name, where = match.groups()
            if where == "not found":
                if all(p.library != name for p in problems):
                    problems.append(LibraryProblem(name, missing=True))
            elif where.startswith("/"):
                resolved.append(where)
        if problems:
            return problems
        # ldd reports a library it found but could not load on stdout (glibc) or stderr.
        broken = _LOAD_ERROR.search(f"{out}\n{err}") if code else None
        if broken:
            return [LibraryProblem(Path(broken[1]).name, missing=False, reason=broken[2])]
        for path in resolved:  # found, but does one refuse to load (a bad file, a symbol)?
            reason = load(path)
            if reason is not None:
                return [LibraryProblem(Path(path).name, missing=False, reason=reason)]
    missing = _CANNOT_OPEN.match(error)
    if missing:
        return [LibraryProblem(missing[1], missing=True)]
    return [LibraryProblem(plugin.name, missing=False, reason=error)]


def _packages(problems: Sequence[LibraryProblem], column: int) -> list[str]:
    names: list[str] = []
    for p in problems:
        known = PACKAGES.get(p.library)
        name = known[column] if known else f"(the package with {p.library})"
        if name not in names:
            names.append(name)
    return names


def describe(problems: Sequence[LibraryProblem], plugin: Path) -> str:
    """One message: what fails, and the install command for each family of distributions."""
    lines = [
        "Newsreader cannot open its window: Qt's X11 (xcb) platform plugin cannot load",
        f"({plugin}).",
    ]
    missing = [p.library for p in problems if p.missing]
    if missing:
        lines.append("Missing system libraries: " + ", ".join(missing) + ".")
    for p in problems:
        if not p.missing:
            lines.append(f"This library is installed but will not load: {p.library} ({p.reason}).")
    lines += [
        "Install them, then start Newsreader again:",
        "  Debian/Ubuntu: sudo apt install " + " ".join(_packages(problems, 0)),
        "  Fedora:        sudo dnf install " + " ".join(_packages(problems, 1)),
        "  Arch:          sudo pacman -S " + " ".join(_packages(problems, 2)),
    ]
    if any(not p.missing for p in problems):
        lines.append("(for a broken library: reinstall its package)")
    return "\n".join(lines) + "\n"


def check_platform(plugin_dir: Path, env: Mapping[str, str] = os.environ) -> str | None:
    """The message to show and exit with when the xcb plugin cannot load; None when all is well
    (or when Qt will use another platform: offscreen, wayland…)."""
    if platform_name(env) != "xcb":
        return None
    plugin = Path(env.get("QT_QPA_PLATFORM_PLUGIN_PATH") or plugin_dir) / XCB_PLUGIN
    problems = find_problems(plugin)
    return describe(problems, plugin) if problems else None
