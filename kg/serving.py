"""Serving: the built graph behind a SPARQL 1.1 Protocol endpoint on loopback.

The endpoint is the Oxigraph server (the ``oxigraph`` command of the PyPI package of that
name, a dependency of this project). ``serve`` loads the exports into a temporary Oxigraph
database and starts the server on it, read-only unless asked otherwise, with the union of all
graphs as the default graph (the exports put each triple in exactly one graph, so the union
is the merged graph). The server answers SPARQL queries at ``/query`` (and ``/sparql``), the
Graph Store Protocol at ``/store``, and shows a query page (YASGUI, served by the server
itself, nothing fetched from elsewhere) at ``/``. The temporary database is deleted on exit.

    >>> with serve(Path("exports")) as server:        # doctest: +SKIP
    ...     print(server.url)
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sysconfig
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from kg.store import graph_file

__all__ = ["LOOPBACK", "ServeError", "Server", "check_port", "free_port", "load_database", "oxigraph_command", "serve", "wait_until_ready"]

LOOPBACK = "127.0.0.1"
READY_TIMEOUT = 30.0
STOP_TIMEOUT = 5.0
PROBE = "/query?query=ASK%7B%7D"


class ServeError(RuntimeError):
    """The server could not be started: missing command, unreadable data, port in use."""


@dataclass
class Server:
    """A running Oxigraph server: its base URL and process."""

    url: str
    process: subprocess.Popen
    data: Path
    writable: bool

    @property
    def query_url(self) -> str:
        """The SPARQL 1.1 Protocol query endpoint."""
        return f"{self.url}/query"

    @property
    def store_url(self) -> str:
        """The SPARQL 1.1 Graph Store HTTP Protocol endpoint."""
        return f"{self.url}/store"

    def wait(self) -> int:
        """Block until the server exits (or Ctrl-C); return its exit code."""
        try:
            return self.process.wait()
        except KeyboardInterrupt:
            return 0

    def stop(self) -> None:
        """Stop the server process (terminate, then kill if it does not exit)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def oxigraph_command() -> Path:
    """Return the ``oxigraph`` executable installed beside this Python, or on PATH."""
    beside = Path(sysconfig.get_path("scripts")) / "oxigraph"
    found = beside if beside.is_file() else shutil.which("oxigraph")
    if found is None:
        raise ServeError("the Oxigraph server is not installed: pip install oxigraph")
    return Path(found)


def free_port(host: str = LOOPBACK) -> int:
    """Return a TCP port on ``host`` that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def check_port(host: str, port: int) -> None:
    """Raise ServeError if ``port`` on ``host`` is taken (another server would answer in our place)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError as error:
            raise ServeError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None


def load_database(data: Path, location: Path) -> Path:
    """Load the graph file for ``data`` into an Oxigraph database at ``location``; return the file."""
    source = graph_file(data)
    command = [str(oxigraph_command()), "load", "--location", str(location), "--file", str(source)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise ServeError(f"{source}: {_last_line(done.stderr)}")
    return source


def _last_line(text: str) -> str:
    """Return the last non-empty line of a command's error output."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "failed"


def wait_until_ready(url: str, process: subprocess.Popen, log: Path, timeout: float = READY_TIMEOUT) -> None:
    """Wait until the server at ``url`` answers a query; raise ServeError if it exits or times out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServeError(f"the server at {url} stopped: {_last_line(log.read_text(errors='replace'))}")
        try:
            with urllib.request.urlopen(url + PROBE, timeout=1.0):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.05)
    raise ServeError(f"the server at {url} did not answer within {timeout:.0f} s")


def _server_command(location: Path, host: str, port: int, writable: bool) -> list[str]:
    """Return the command line of the Oxigraph server over the database at ``location``."""
    mode = "serve" if writable else "serve-read-only"
    return [str(oxigraph_command()), mode, "--location", str(location), "--bind", f"{host}:{port}", "--union-default-graph"]


@contextmanager
def serve(data: Path, host: str = LOOPBACK, port: int = 0, writable: bool = False) -> Iterator[Server]:
    """Serve the graph of ``data`` (exports folder or graph file) until the block ends.

    Port 0 picks a free port. Writes (``writable=True``) go to a temporary copy that is
    deleted with the server.
    """
    port = port or free_port(host)
    check_port(host, port)
    with tempfile.TemporaryDirectory(prefix="kg-serve-") as folder:
        location = Path(folder) / "db"
        source = load_database(data, location)
        command = _server_command(location, host, port, writable)
        log = Path(folder) / "server.log"
        with log.open("wb") as stream:
            process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=stream, stderr=stream)
        server = Server(f"http://{host}:{port}", process, source, writable)
        try:
            wait_until_ready(server.url, process, log)
            yield server
        finally:
            server.stop()
