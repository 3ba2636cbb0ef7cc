"""Helpers for command-line tests: run `newsreader` in-process, serve feeds locally."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from newsreader.cli import main


class Cli:
    """Runs `newsreader --home HOME ...` in-process and returns (exit code, stdout, stderr)."""

    def __init__(self, home: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.home = home
        self.capsys = capsys

    def __call__(self, *args: str) -> tuple[int, str, str]:
        self.capsys.readouterr()
        try:
            code = main(["--home", str(self.home), *args])
        except SystemExit as exc:  # argparse usage errors
            code = int(exc.code or 0)
        out, err = self.capsys.readouterr()
        return code, out, err

    def json(self, *args: str) -> Any:
        code, out, err = self(*args, "--json")
        assert code == 0, err
        return json.loads(out)


def serve(httpserver: HTTPServer, path: str, body: bytes, **kw: Any) -> str:
    httpserver.expect_request(path).respond_with_data(
        body, content_type="application/rss+xml", **kw
    )
    return httpserver.url_for(path)
