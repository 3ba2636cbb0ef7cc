"""Put Newsreader into the desktop's application menu: the `.desktop` entry and the icon in the
user's XDG data directory (`$XDG_DATA_HOME`, else `~/.local/share`), and take them out again.

The entry and icon ship inside the package (`newsreader.resources`); the entry's `Exec` is
rewritten to the command that runs *this* installation (a checkout's `.venv/bin/newsreader`, a
pipx shim, …), so the menu starts the same program whether or not it is on PATH. No Qt here: the
CLI (`newsreader install-desktop`) and the window's menu share it.
"""

from __future__ import annotations

import contextlib
import importlib.resources
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from newsreader import APP_ID

ENTRY_NAME = f"{APP_ID}.desktop"
ICON_NAME = f"{APP_ID}.svg"


@dataclass(frozen=True, slots=True)
class DesktopFiles:
    """Where the entry and the icon go for one user."""

    entry: Path
    icon: Path

    @property
    def all(self) -> tuple[Path, ...]:
        return (self.entry, self.icon)


def data_home(env: Mapping[str, str] = os.environ) -> Path:
    """$XDG_DATA_HOME when it is an absolute path (as the spec says), else ~/.local/share."""
    value = env.get("XDG_DATA_HOME", "")
    if value and Path(value).is_absolute():
        return Path(value)
    return Path(env.get("HOME") or Path.home()) / ".local" / "share"


def desktop_files(env: Mapping[str, str] = os.environ) -> DesktopFiles:
    base = data_home(env)
    return DesktopFiles(
        entry=base / "applications" / ENTRY_NAME,
        icon=base / "icons" / "hicolor" / "scalable" / "apps" / ICON_NAME,
    )


def _quote(arg: str) -> str:
    """One Exec argument, quoted as the Desktop Entry spec asks."""
    if arg and not any(c in arg for c in " \t\n\"'\\><~|&;$*?#()`"):
        return arg
    escaped = "".join("\\" + c if c in '"`$\\' else c for c in arg)
    return f'"{escaped}"'


def launch_command(argv0: str | None = None) -> list[str]:
    """The command that starts this installation's window."""
    script = Path(argv0 if argv0 is not None else sys.argv[0])
    if script.name == "newsreader" and script.is_file():
        return [os.path.abspath(script)]
    found = shutil.which("newsreader")
    if found:
        return [os.path.abspath(found)]
    return [sys.executable, "-m", "newsreader"]


def entry_text(command: list[str]) -> str:
    """The packaged entry with its Exec/TryExec pointing at `command`."""
    template = importlib.resources.files("newsreader.resources").joinpath(ENTRY_NAME)
    exec_line = " ".join(_quote(a) for a in command)
    lines = []
    for line in template.read_text(encoding="utf-8").splitlines():
        if line.startswith("Exec="):
            line = f"Exec={exec_line}"
        elif line.startswith("TryExec="):
            line = f"TryExec={command[0]}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def _refresh_caches(files: DesktopFiles) -> None:
    """Tell the menu and the icon theme (best effort: the tools are optional)."""
    commands: tuple[tuple[str, tuple[str, ...], Path], ...] = (
        ("update-desktop-database", ("-q",), files.entry.parent),
        ("gtk-update-icon-cache", ("-q", "-t"), files.icon.parents[2]),
    )
    for tool, flags, target in commands:
        path = shutil.which(tool)
        if path and target.is_dir():
            with contextlib.suppress(OSError, subprocess.TimeoutExpired):
                subprocess.run(
                    [path, *flags, str(target)], capture_output=True, timeout=20, check=False
                )


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def install(env: Mapping[str, str] = os.environ, command: list[str] | None = None) -> DesktopFiles:
    """Write (or update) the entry and the icon; returns where they went. OSError on failure."""
    files = desktop_files(env)
    icon = importlib.resources.files("newsreader.resources") / "icons" / ICON_NAME
    _write(files.icon, icon.read_bytes())
    _write(files.entry, entry_text(command or launch_command()).encode("utf-8"))
    files.entry.chmod(0o755)  # some desktops only trust executable entries in the user's dir
    _refresh_caches(files)
    return files


def remove(env: Mapping[str, str] = os.environ) -> list[Path]:
    """Delete the entry and the icon this module writes; returns the ones that were there."""
    files = desktop_files(env)
    removed = []
    for path in files.all:
        if path.exists():
            path.unlink()
            removed.append(path)
    if removed:
        _refresh_caches(files)
    return removed


def is_installed(env: Mapping[str, str] = os.environ) -> bool:
    return desktop_files(env).entry.is_file()
