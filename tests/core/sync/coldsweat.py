"""A real Fever API server for tests: Coldsweat 0.10.2 in its own virtual environment (it pins
flask<3.1 and urllib3<2), started on 127.0.0.1 with `coldsweat run`.

Its feeds come from a local HTTP server of the test (with a local `<icon>`, else Coldsweat asks an
outside favicon service). The environment is found at $NEWSREADER_COLDSWEAT or at
`.ci/coldsweat-venv` (made by `.ci/run`, or here on first use); when it cannot be had the test
fails and says how to make it.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest

REPO = Path(__file__).resolve().parents[3]
ENV_VAR = "NEWSREADER_COLDSWEAT"
DEFAULT_VENV = REPO / ".ci" / "coldsweat-venv"
EMAIL = "reader@example.org"
PASSWORD = "cold-Swëat-pass-42"


COLDSWEAT_REQUIREMENT = "coldsweat==0.10.2"


def coldsweat_command() -> Path:
    """The `coldsweat` executable, installing it on first use (like the test extras are: from
    the package registry, into its own virtual environment) so the README's test command needs
    nothing else. Fails, never skips, when it cannot be had."""
    venv = Path(os.environ.get(ENV_VAR) or DEFAULT_VENV)
    exe = venv / "bin" / "coldsweat"
    if not exe.is_file() and ENV_VAR not in os.environ:
        _install(venv)
    if not exe.is_file():
        pytest.fail(
            f"Coldsweat is not installed at {venv}: run .ci/run, or"
            f" `python3 -m venv {venv} && {venv}/bin/pip install {COLDSWEAT_REQUIREMENT}`"
            f" (or point ${ENV_VAR} at such a virtual environment)",
            pytrace=False,
        )
    return exe


def _install(venv: Path) -> None:
    base = getattr(sys, "_base_executable", sys.executable)
    try:
        subprocess.run([base, "-m", "venv", str(venv)], check=True, capture_output=True)
        subprocess.run(
            [str(venv / "bin" / "pip"), "install", "-q", COLDSWEAT_REQUIREMENT],
            check=True,
            capture_output=True,
            timeout=600,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        pytest.fail(f"could not install {COLDSWEAT_REQUIREMENT} into {venv}: {exc}", pytrace=False)


class FeedSite(ThreadingHTTPServer):
    """Serves one Atom feed (entries can be added) and its icon on 127.0.0.1."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _FeedHandler)
        self.entries: list[tuple[str, str]] = []
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def atom(self) -> bytes:
        parts = [
            '<?xml version="1.0" encoding="utf-8"?>',
            '<feed xmlns="http://www.w3.org/2005/Atom"><title>Tin địa phương</title>',
            f"<id>urn:test:site</id><updated>2026-11-30T00:00:00Z</updated>"
            f"<icon>{self.base}/icon.png</icon>",
            f'<link rel="self" href="{self.base}/feed.xml"/>',
            f'<link rel="alternate" href="{self.base}/"/>',
        ]
        for n, (title, body) in enumerate(self.entries):
            parts.append(
                f"<entry><title>{escape(title)}</title><id>urn:test:{n}</id>"
                f'<link href="{self.base}/a/{n}"/>'
                f"<updated>2026-11-{1 + n % 28:02d}T{n % 24:02d}:00:00Z</updated>"
                f'<content type="html">{escape(body)}</content></entry>'
            )
        parts.append("</feed>")
        return "\n".join(parts).encode()

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


class _FeedHandler(BaseHTTPRequestHandler):
    server: FeedSite

    def log_message(self, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        if self.path.startswith("/feed.xml"):
            body, ctype = self.server.atom(), "application/atom+xml"
        elif self.path.startswith("/icon.png"):
            body, ctype = b"\x89PNG\r\n\x1a\n", "image/png"
        else:
            body, ctype = b"<html><body>article</body></html>", "text/html"
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Coldsweat:
    """One Coldsweat server with its own database, user and feed site."""

    def __init__(self, root: Path, site: FeedSite) -> None:
        self.exe = coldsweat_command()
        self.root = root
        self.site = site
        self.port = _free_port()
        self.db = root / "coldsweat.db"
        self.env = {
            # The server is not ours: our clock shift (.ci/clockshift) stays out of its venv.
            **{
                k: v
                for k, v in os.environ.items()
                if not k.startswith("FLASK_") and k not in ("PYTHONPATH", "SHIFT_DAYS")
            },
            "FLASK_DATABASE_URL": f"sqlite:///{self.db}",
            "FLASK_SECRET_KEY": "tests-only",
        }
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/fever/"

    def _cli(self, *args: str) -> str:
        done = subprocess.run(
            [str(self.exe), *args], env=self.env, cwd=self.root, capture_output=True,
            timeout=120, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(f"coldsweat {args[0]} failed: {done.stderr.decode()[-2000:]}")
        return done.stdout.decode()

    def setup(self) -> None:
        self._cli("setup", EMAIL, "-p", PASSWORD)
        opml = self.root / "subs.opml"
        opml.write_text(
            '<?xml version="1.0"?><opml version="1.0"><head><title>t</title></head><body>'
            '<outline text="Tin tức" title="Tin tức">'
            f'<outline type="rss" text="Tin" xmlUrl="{self.site.base}/feed.xml"/>'
            "</outline></body></opml>",
            encoding="utf-8",
        )
        self._cli("import", str(opml), EMAIL, "--fetch")

    def fetch(self) -> None:
        """Make the server fetch its feeds now (as if its 3-minute minimum interval had passed)."""
        import sqlite3

        conn = sqlite3.connect(self.db, timeout=10)
        with conn:
            conn.execute(
                "UPDATE feeds SET last_checked_on = NULL, last_updated_on = NULL, etag = ''"
            )
        conn.close()
        self._cli("fetch")

    def start(self) -> None:
        log = open(self.root / "server.log", "ab")  # noqa: SIM115 - lives as long as the server
        self.proc = subprocess.Popen(
            [str(self.exe), "run", "-h", "127.0.0.1", "-p", str(self.port)],
            env=self.env, cwd=self.root, stdout=log, stderr=log, start_new_session=True,
        )  # fmt: skip
        log.close()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    "coldsweat run exited: " + (self.root / "server.log").read_text()
                )
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("coldsweat did not start within 30 s")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        self.proc = None

    # -- the server's own view (its database) --

    def _query(self, sql: str) -> list[tuple[Any, ...]]:
        import sqlite3

        conn = sqlite3.connect(self.db, timeout=10)
        try:
            return conn.execute(sql).fetchall()
        finally:
            conn.close()

    def read_on_server(self, title: str) -> None:
        """Another client (the server's web page) marks one item read."""
        import sqlite3

        conn = sqlite3.connect(self.db, timeout=10)
        with conn:
            conn.execute(
                "INSERT INTO read(user_id, entry_id, read_on) SELECT u.id, e.id, '2026-12-01'"
                " FROM users u, entries e WHERE e.title = ?",
                (title,),
            )
        conn.close()

    def newest_title(self) -> str:
        return str(self._query("SELECT title FROM entries ORDER BY id DESC LIMIT 1")[0][0])

    def read_titles(self) -> set[str]:
        return {r[0] for r in self._query(
            "SELECT e.title FROM entries e JOIN read r ON r.entry_id = e.id"
        )}  # fmt: skip

    def saved_titles(self) -> set[str]:
        return {r[0] for r in self._query(
            "SELECT e.title FROM entries e JOIN saved s ON s.entry_id = e.id"
        )}  # fmt: skip
