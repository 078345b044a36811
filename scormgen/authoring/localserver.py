"""A small HTTP server on the loopback, for `scormgen preview`, browser tests and benchmarks.

URL prefixes map to folders (static files) or to functions (generated answers). It runs in a
background thread and stops when its `with` block ends.
"""

from __future__ import annotations

import mimetypes
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

Answer = tuple[bytes, str]  # body, content type
Route = Path | Callable[[str], Answer | None]  # a folder, or a function of the rest of the path

HOST = "127.0.0.1"


class LocalServer:
    def __init__(self, routes: dict[str, Route], port: int = 0) -> None:
        # Longest prefix first, so "/pkg/x/" wins over "/".
        self.routes = sorted(routes.items(), key=lambda item: -len(item[0]))
        self._server = ThreadingHTTPServer((HOST, port), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self._server.server_address[1]}"

    def __enter__(self) -> LocalServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def serve_forever(self) -> None:
        """Serve in the calling thread until interrupted (Ctrl-C)."""
        try:
            self._server.serve_forever()
        finally:
            self._server.server_close()

    def hosts(self) -> set[str]:
        """The Host headers this server answers: the loopback's names, with its port."""
        port = self._server.server_address[1]
        return {f"{HOST}:{port}", f"localhost:{port}"}

    def answer(self, path: str) -> Answer | None:
        for prefix, route in self.routes:
            if not path.startswith(prefix):
                continue
            rest = path[len(prefix) :]
            if callable(route):
                return route(rest)
            return _file(route, rest)
        return None

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive: a page and its assets share one connection

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                if self.headers.get("Host", "") not in server.hosts():
                    # A page of another site that a DNS name now points here (DNS rebinding)
                    # must not read the course: only the loopback's own names are served.
                    self.send_error(403, "unknown Host")
                    return
                answer = server.answer(unquote(urlsplit(self.path).path))
                if answer is None:
                    self.send_error(404)
                    return
                body, content_type = answer
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass  # quiet: the preview prints its own lines

        return Handler


def _file(folder: Path, rest: str) -> Answer | None:
    root = folder.resolve()
    target = (root / (rest or "index.html")).resolve()
    if not target.is_relative_to(root) or not target.is_file():
        return None
    return target.read_bytes(), content_type(target.name)


def content_type(name: str) -> str:
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if kind.startswith("text/") or kind in (
        "application/javascript",
        "application/json",
        "image/svg+xml",
    ):
        kind += "; charset=utf-8"
    return kind
