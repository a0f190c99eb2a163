"""Serving a site locally, for the benchmarks and the tests alike: a built site from a thread
(``serve_folder``: the browser tests and ``bench.search``), and a dev server on a free port with
waiting for it (``serve_command``, ``start``, ``wait_until``, ``stop``: the live-reload benchmark,
``tests/test_serve_zensical.py``, ``tests/browser/test_serve.py`` and ``test_search_serve.py``)."""

from __future__ import annotations

import functools
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(url: str, timeout: float = 10) -> str | None:
    """The body at ``url``, or None while nothing (or an error page) answers."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return str(response.read().decode("utf-8", "replace"))
    except OSError:  # URLError, HTTPError, refused, reset, timed out
        return None


def wait_until(condition: Callable[[], object], seconds: float, process: subprocess.Popen[bytes] | None = None) -> bool:
    """Poll ``condition`` every 0.05 s: True once it holds, False when ``seconds`` pass or ``process`` ends."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and (process is None or process.poll() is None):
        if condition():
            return True
        time.sleep(0.05)
    return False


def serve_command(engine: str, project: Path, port: int, strict: bool = True) -> list[str]:
    """``make serve`` as it runs: ``mkdocs serve`` (``--strict`` unless asked not to), or the Zensical watcher."""
    address = f"127.0.0.1:{port}"
    if engine == "zensical":
        return [sys.executable, "-m", "edition", "serve", "--engine", "zensical", "--root", str(project), "--dev-addr", address]
    return [
        sys.executable,
        "-m",
        "mkdocs",
        "serve",
        *(["--strict"] if strict else []),
        "--dev-addr",
        address,
        "-f",
        str(project / "mkdocs.yml"),
    ]


def start(command: list[str], project: Path, log: Path, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    """Run ``command`` in ``project`` with its output in ``log``, the project's generator on the path."""
    env = env or dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT / "scripts"))
    with log.open("wb") as out:
        return subprocess.Popen(command, cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT)


def stop(process: subprocess.Popen[bytes], seconds: float = 20) -> None:
    """SIGTERM, then SIGKILL if it has not ended within ``seconds``."""
    process.terminate()
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class _StaticHost(SimpleHTTPRequestHandler):
    """Quiet, and as static hosts do (GitHub Pages, Netlify, nginx's ``error_page``): a missing
    address gets the site's own 404.html, with the 404 status."""

    def log_message(self, format: str, *args: Any) -> None:
        pass  # failed requests are reported by whoever asked

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(str(self.directory)) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextmanager
def serve_folder(site: Path) -> Iterator[str]:
    """``http://127.0.0.1:<free port>`` serving the built ``site`` from a thread, until the block ends."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_StaticHost, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
