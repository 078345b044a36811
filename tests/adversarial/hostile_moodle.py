"""A hostile Moodle for tests: a web server on 127.0.0.1 that answers what each test tells it to.

With an upstream (the fake Moodle of tests/moodle_sync) it forwards every request there and
lets the test's rule rewrite the answer on its way back, so whole commands run against a site
that lies only where a test wants it to. Without one, it answers from the rules alone. Every
request is recorded (path, function, headers, body), so a test can say what reached it.

    with HostileMoodle(upstream=moodle) as site:
        site.rule("core_course_get_categories", lambda answer: {"no": "list"})
"""

from __future__ import annotations

import http.client
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from moodle_sync.moodle.client import is_read

UPLOAD = "webservice/upload.php"


@dataclass(frozen=True, slots=True)
class Reply:
    """An HTTP answer as sent: any status, any headers, any bytes."""

    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "application/json"})


def as_json(value: Any) -> Reply:
    """`value` as JSON text; floats such as NaN and 1e999 are written as Python writes them."""
    return Reply(json.dumps(value).encode("utf-8"))


@dataclass(frozen=True, slots=True)
class Seen:
    """One request that reached the server."""

    path: str
    function: str
    headers: dict[str, str]
    body: bytes

    @property
    def is_write(self) -> bool:
        return self.function == UPLOAD or not is_read(self.function)


# A rule gets the upstream's decoded answer (None without an upstream) and returns the JSON to
# send instead, or a Reply to send as it is.
Rule = Callable[[Any], Any]


class HostileMoodle:
    def __init__(self, upstream: Any = None):
        self.upstream = upstream  # anything with a `url`: the fake Moodle
        self.rules: dict[str, Rule] = {}
        self.seen: list[Seen] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    def rule(self, function: str, rule: Rule) -> None:
        """Answer `function` (or "*" for every function without a rule of its own) with `rule`."""
        self.rules[function] = rule

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def writes(self) -> list[str]:
        return [seen.function for seen in self.seen if seen.is_write]

    def __enter__(self) -> HostileMoodle:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                site._handle(self)

            do_GET = do_POST

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        assert self._server is not None
        self._server.shutdown()
        self._server.server_close()

    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        body = request.rfile.read(int(request.headers.get("Content-Length") or 0))
        path = urlsplit(request.path).path
        if path.endswith("/upload.php"):
            function = UPLOAD
        else:
            form = dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
            function = form.get("wsfunction", "")
        with self._lock:
            self.seen.append(Seen(request.path, function, dict(request.headers), body))
        rule = self.rules.get(function, self.rules.get("*"))
        upstream = self._forward(request, body) if self.upstream is not None else None
        if rule is None:
            reply = upstream or Reply(b"{}")
        else:
            answer = None if upstream is None else json.loads(upstream.body)
            made = rule(answer)
            reply = made if isinstance(made, Reply) else as_json(made)
        try:
            request.send_response(reply.status)
            for name, value in reply.headers.items():
                request.send_header(name, value)
            request.send_header("Content-Length", str(len(reply.body)))
            request.end_headers()
            request.wfile.write(reply.body)
        except OSError:
            pass  # the client gave up

    def _forward(self, request: BaseHTTPRequestHandler, body: bytes) -> Reply:
        target = urlsplit(self.upstream.url)
        connection = http.client.HTTPConnection(target.hostname, target.port, timeout=10)
        try:
            headers = {"Content-Type": request.headers.get("Content-Type", "")}
            connection.request("POST", request.path, body, headers)
            answer = connection.getresponse()
            return Reply(
                answer.read(), answer.status, {"Content-Type": answer.getheader("Content-Type", "")}
            )
        finally:
            connection.close()


def is_refusal(answer: Any) -> bool:
    """Moodle's exception object (REST) or upload.php's error object: left as they are by rules
    that rewrite successful answers."""
    return isinstance(answer, dict) and ("exception" in answer or "errorcode" in answer)
