"""`scormgen preview`: play one unit in a local browser page with a built-in SCORM API.

The page shows the SCO beside a live view of the API calls and the CMI data. The unit is
rendered in memory (no zip), and rendered again whenever a content file, the unit's quiz or
the runtime's own files change; the page notices the new generation and reloads the SCO.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import jinja2

from course_model.errors import CourseError
from scormgen.authoring.localserver import Answer, LocalServer, content_type
from scormgen.build import render_checked
from scormgen.render.pages import PageRenderer, RenderedSco, script_json
from scormgen.structure.course import load_course_settings, load_unit
from scormgen.structure.findings import Findings

POLL_SECONDS = 0.5
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
            with self._lock:
                self.state.error = "\n".join(filter(None, (error.details, str(error))))
                self.state.generation += 1
            return
        with self._lock:
            self.state = PreviewState(
                unit.id, self.state.generation + 1, rendered.files, rendered.scos
            )

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
                if path.is_file():
                    times[path] = path.stat().st_mtime
        return times

    def watch(self, stop: threading.Event, on_rebuild: Callable[[PreviewState], None]) -> None:
        seen = self.watched()
        while not stop.wait(POLL_SECONDS):
            now = self.watched()
            if now != seen:
                seen = now
                self.rebuild()
                on_rebuild(self.state)

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


def run_preview(content: Path, unit_id: str | None, port: int, echo: Callable[[str], None]) -> None:
    """Serve the preview until interrupted."""
    preview = Preview(content, unit_id)
    preview.rebuild()
    if preview.state.error:
        raise CourseError(preview.state.error)
    stop = threading.Event()
    server = LocalServer(preview.routes(), port)

    def rebuilt(state: PreviewState) -> None:
        echo(
            "content changed: "
            + (f"error: {state.error}" if state.error else f"rebuilt {state.unit_id}")
        )

    watcher = threading.Thread(target=preview.watch, args=(stop, rebuilt), daemon=True)
    watcher.start()
    echo(f"previewing {preview.state.unit_id} at {server.url}/  (Ctrl-C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
