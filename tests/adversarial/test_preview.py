"""`scormgen preview`: a port it cannot use is one line (or the next free one, said so), only the
loopback's own names are served (no DNS rebinding), and the watcher outlives any error."""

from __future__ import annotations

import http.client
import socket
import threading
import time

import pytest

from course_model.errors import CourseError
from scormgen.authoring.localserver import LocalServer
from scormgen.authoring.preview import Preview, listen

ROUTES = {"/": lambda rest: (b"pagina", "text/plain")}


def wait_until(condition, seconds: float = 30) -> None:
    """Poll `condition` until it holds; fail after `seconds` (a hang, not a slow machine)."""
    end = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < end, "never happened"
        time.sleep(0.05)


def test_a_busy_port_gives_the_next_free_one_and_says_so():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        said: list[str] = []
        server = listen(ROUTES, port, said.append)
        try:
            free = server.url.rsplit(":", 1)[1]
            assert int(free) > port
            assert said == [f"port {port} is busy: using port {free}"]
        finally:
            server._server.server_close()


@pytest.mark.parametrize("port", [-1, 65536, 10**9])
def test_an_invalid_port_is_one_line(port):
    with pytest.raises(CourseError) as refused:
        listen(ROUTES, port, print)
    assert str(refused.value) == f"{port} is not a port: choose one from 1 to 65535"


def request(url: str, host: str | None) -> int:
    address = url.removeprefix("http://")
    connection = http.client.HTTPConnection(address, timeout=30)
    connection.putrequest("GET", "/", skip_host=host is not None)
    if host is not None:
        connection.putheader("Host", host)
    connection.endheaders()
    status = connection.getresponse().status
    connection.close()
    return status


def test_requests_for_other_hosts_are_refused():
    with LocalServer(ROUTES) as server:
        port = server.url.rsplit(":", 1)[1]
        assert request(server.url, None) == 200
        assert request(server.url, f"localhost:{port}") == 200
        for host in (f"evil.example:{port}", "127.0.0.1", f"127.0.0.1:{int(port) + 1}", ""):
            assert request(server.url, host) == 403, host


def test_the_watcher_survives_any_error_and_shows_it(course_dir, monkeypatch):
    preview = Preview(course_dir, "uf1-prima")
    preview.rebuild()
    failures = iter([RuntimeError("guasto"), None])

    def watched(real=preview.watched):
        failure = next(failures, None)
        if failure is not None:
            raise failure
        return real()

    monkeypatch.setattr(preview, "watched", watched)
    monkeypatch.setattr("scormgen.authoring.preview.POLL_SECONDS", 0.01)
    stop = threading.Event()
    seen = []
    watcher = threading.Thread(target=preview.watch, args=(stop, seen.append), daemon=True)
    watcher.start()
    try:
        wait_until(lambda: preview.state.error is not None)
        assert preview.state.error == (
            "the preview failed unexpectedly (RuntimeError: guasto); it goes on watching the "
            "content"
        )
        monkeypatch.setattr(
            "scormgen.authoring.preview.PageRenderer",
            lambda course: (_ for _ in ()).throw(KeyError("rotto")),
        )
        lesson = course_dir / "uf1-prima" / "01-apertura.md"
        lesson.write_text(lesson.read_text() + "\nAltro.\n")
        wait_until(lambda: "KeyError" in (preview.state.error or ""))
        monkeypatch.undo()
        lesson.write_text(lesson.read_text() + "\nAncora.\n")
        wait_until(lambda: preview.state.error is None)
        assert watcher.is_alive()
    finally:
        stop.set()
        watcher.join(30)
