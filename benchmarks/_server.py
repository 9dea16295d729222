"""Start `sagebot serve` on a free 127.0.0.1 port for a benchmark, and time it to ready."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_server(
    env: dict[str, str], timeout: float = 120.0, on_start: Callable[[subprocess.Popen], None] | None = None
) -> Iterator[tuple[str, float]]:
    """Yields (base URL, seconds from process start to a 200 from /api/health); stops the server after.
    `on_start` is handed the server process (for its pid)."""
    port = free_port()
    env = {"SAGEBOT_RATE_LIMIT_PER_MINUTE": "0", **env}  # the benchmarks measure the server, not the limiter
    start = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "sagebot", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    if on_start:
        on_start(server)
    try:
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=1)
                break
            except OSError:
                if server.poll() is not None or time.perf_counter() - start > timeout:
                    raise SystemExit("sagebot serve did not start") from None
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}", time.perf_counter() - start
    finally:
        server.terminate()
        server.wait(timeout=30)
