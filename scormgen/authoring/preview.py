"""`scormgen preview`: play one unit in a local browser page with a built-in SCORM API.

The page shows the SCO beside a live view of the API calls and the CMI data. The unit is
rendered in memory (no zip), and rendered again whenever a content file, the unit's quiz or
the runtime's own files change; the page notices the new generation and reloads the SCO.
"""

from __future__ import annotations

import errno
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import jinja2

from course_model.errors import CourseError
from course_model.i18n import t
from scormgen.authoring.localserver import Answer, LocalServer, content_type
from scormgen.build import render_checked
from scormgen.render.pages import PageRenderer, RenderedSco, script_json
from scormgen.structure.course import load_course_settings, load_unit
from scormgen.structure.findings import Findings

POLL_SECONDS = 0.5
MAX_PORT = 65535
PORT_TRIES = 20  # how many ports after a busy one are tried
# What a unit's pages are made from besides its content: templates and the runtime.
_SOURCES = (("scormgen.render", "templates"), ("scormgen.runtime", "static"))


@dataclass
class PreviewState:
    """The unit as last rendered; `generation` grows with each rebuild, `error` holds a failed
    one."""

    unit_id: str = ""
    generation: int = 0
    files: dict[str, bytes] = field(default_factory=dict)
    scos: tuple[RenderedSco, ...] = ()
    error: str | None = None


class Preview:
    def __init__(self, content: Path, unit_id: str | None = None) -> None:
        self.content = content
        self.unit_id = unit_id
        self.state = PreviewState()
        self._lock = threading.Lock()

    def rebuild(self) -> None:
        """Render the unit again; a content error is kept for the page to show, the last good
        files stay."""
        try:
            course = load_course_settings(self.content)
            plan = course.unit_plan(self.unit_id) if self.unit_id else course.plan.units[0]
            findings = Findings()
            unit = load_unit(course, plan, findings)
            rendered = render_checked(PageRenderer(course), unit, findings)[1] if unit else None
            findings.raise_errors()
            assert unit is not None and rendered is not None  # else an error was raised
        except CourseError as error:
            self._failed("\n".join(filter(None, (error.details, str(error)))))
            return
        except Exception as error:  # a bug: the preview shows it and keeps watching
            self._failed(unexpected(error))
            return
        with self._lock:
            self.state = PreviewState(
                unit.id, self.state.generation + 1, rendered.files, rendered.scos
            )

    def _failed(self, error: str) -> None:
        with self._lock:
            self.state.error = error
            self.state.generation += 1

    def watched(self) -> dict[Path, float]:
        """Modification times of everything a rebuild reads."""
        roots = [
            self.content,
            *(Path(str(resources.files(package).joinpath(folder))) for package, folder in _SOURCES),
        ]
        roots += {p.parent for p in self.content.parent.glob("quizzes/*")}
        times = {}
        for root in roots:
            for path in root.rglob("*"):
                try:
                    times[path] = path.stat().st_mtime
                except OSError:  # removed since it was listed: the next look sees it gone
                    continue
        return times

    def watch(self, stop: threading.Event, on_rebuild: Callable[[PreviewState], None]) -> None:
        """Rebuild whenever a file changes, until `stop`; whatever goes wrong is shown on the
        page and the watching goes on."""
        seen: dict[Path, float] = {}
        first = True
        while first or not stop.wait(POLL_SECONDS):
            try:
                now = self.watched()
                if not first and now != seen:
                    self.rebuild()
                    on_rebuild(self.state)
                seen = now
            except Exception as error:  # noqa: BLE001 (a bug must not stop the watching)
                self._failed(unexpected(error))
                on_rebuild(self.state)
            first = False

    def routes(self) -> dict[str, Callable[[str], Answer | None]]:
        return {
            "/sco/": self._sco_file,
            "/__state": self._state_json,
            "/__preview.js": self._script,
            "/": self._page,
        }

    def _sco_file(self, path: str) -> Answer | None:
        with self._lock:
            data = self.state.files.get(path)
        return None if data is None else (data, content_type(path))

    def _state_json(self, _: str) -> Answer:
        with self._lock:
            body = {"generation": self.state.generation, "error": self.state.error}
        return json.dumps(body).encode("utf-8"), "application/json"

    def _script(self, _: str) -> Answer:
        script = resources.files("scormgen.authoring").joinpath("static", "preview.js")
        return script.read_bytes(), "application/javascript; charset=utf-8"

    def _page(self, path: str) -> Answer | None:
        if path not in ("", "index.html"):
            return None
        with self._lock:
            state = self.state
        env = jinja2.Environment(
            loader=jinja2.PackageLoader("scormgen.authoring", "templates"), autoescape=True
        )
        config = {
            "generation": state.generation,
            "error": state.error,
            "scos": [
                {"id": s.id, "title": s.title, "href": s.href, "mastery": s.mastery}
                for s in state.scos
            ],
        }
        html = env.get_template("preview.html").render(
            unit_id=state.unit_id, scos=state.scos, config=script_json(config)
        )
        return html.encode("utf-8"), "text/html; charset=utf-8"


def unexpected(error: Exception) -> str:
    return t(
        "the preview failed unexpectedly ({kind}: {error}); it goes on watching the content",
        kind=type(error).__name__,
        error=error,
    )


def listen(
    routes: dict[str, Callable[[str], Answer | None]], port: int, echo: Callable[[str], None]
) -> LocalServer:
    """A server on `port` of the loopback, or on the next free one (said so) when it is busy."""
    if not 0 <= port <= MAX_PORT:
        raise CourseError(t("{port} is not a port: choose one from 1 to 65535", port=port))
    for candidate in range(port, min(port + PORT_TRIES, MAX_PORT + 1)) if port else (0,):
        try:
            server = LocalServer(routes, candidate)
        except OSError as error:
            if error.errno != errno.EADDRINUSE:
                raise CourseError(
                    t(
                        "cannot listen on port {port}: {reason}",
                        port=candidate,
                        reason=error.strerror,
                    )
                ) from None
            continue
        if candidate != port:
            echo(t("port {port} is busy: using port {free}", port=port, free=candidate))
        return server
    raise CourseError(
        t(
            "ports {first} to {last} are busy: choose another with --port",
            first=port,
            last=candidate,
        )
    )


def run_preview(content: Path, unit_id: str | None, port: int, echo: Callable[[str], None]) -> None:
    """Serve the preview until interrupted."""
    preview = Preview(content, unit_id)
    preview.rebuild()
    if preview.state.error:
        raise CourseError(preview.state.error)
    stop = threading.Event()
    server = listen(preview.routes(), port, echo)

    def rebuilt(state: PreviewState) -> None:
        echo(
            t("content changed: error: {error}", error=state.error)
            if state.error
            else t("content changed: rebuilt {unit}", unit=state.unit_id)
        )

    watcher = threading.Thread(target=preview.watch, args=(stop, rebuilt), daemon=True)
    watcher.start()
    echo(
        t(
            "previewing {unit} at {url}/  (Ctrl-C to stop)",
            unit=preview.state.unit_id,
            url=server.url,
        )
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
