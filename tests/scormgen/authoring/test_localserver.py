import urllib.error
import urllib.request

import pytest

from scormgen.authoring.localserver import LocalServer


def fetch(url: str) -> tuple[bytes, str]:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read(), response.headers["Content-Type"]


def test_serves_folders_and_functions_by_longest_prefix(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("<p>home</p>")
    (tmp_path / "site" / "app.js").write_text("var x;")
    routes = {
        "/": tmp_path / "site",
        "/api/": lambda rest: (rest.encode(), "text/plain") if rest else None,
    }
    with LocalServer(routes) as server:
        assert server.url.startswith("http://127.0.0.1:")
        assert fetch(server.url + "/") == (b"<p>home</p>", "text/html; charset=utf-8")
        assert fetch(server.url + "/app.js")[1] == "text/javascript; charset=utf-8"
        assert fetch(server.url + "/api/ping")[0] == b"ping"
        with pytest.raises(urllib.error.HTTPError, match="404"):
            fetch(server.url + "/api/")


def test_never_serves_outside_its_folder(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "secret.txt").write_text("no")
    with LocalServer({"/": tmp_path / "site"}) as server:
        for path in ("/../secret.txt", "/%2e%2e/secret.txt", "/missing.html"):
            with pytest.raises(urllib.error.HTTPError, match="404"):
                fetch(server.url + path)
