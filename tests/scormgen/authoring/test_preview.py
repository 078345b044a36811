import json

from scormgen.authoring.preview import Preview


def test_rebuild_renders_the_first_unit_by_default(course_dir):
    preview = Preview(course_dir)
    preview.rebuild()
    state = preview.state
    assert (state.unit_id, state.generation, state.error) == ("uf1-prima", 1, None)
    assert [s.id for s in state.scos] == ["apertura", "chiusura", "verifica"]


def test_routes_serve_the_sco_files_the_state_and_the_page(course_dir):
    preview = Preview(course_dir, "uf2-seconda")
    preview.rebuild()
    routes = preview.routes()
    body, kind = routes["/sco/"]("unica.html")
    assert kind.startswith("text/html") and b'id="sco-config"' in body
    assert routes["/sco/"]("shared/runtime.js")[0].startswith(b"/* scormgen learner runtime")
    assert routes["/sco/"]("missing.html") is None
    assert json.loads(routes["/__state"]("")[0]) == {"generation": 1, "error": None}
    page = routes["/"]("")[0].decode("utf-8")
    assert '<option value="unica.html">' in page and 'src="/__preview.js"' in page
    assert routes["/__preview.js"]("")[0].startswith(b"/* scormgen preview")


def test_a_content_error_is_shown_and_the_last_good_pages_stay(course_dir):
    preview = Preview(course_dir, "uf1-prima")
    preview.rebuild()
    lesson = course_dir / "uf1-prima" / "01-apertura.md"
    lesson.write_text(
        lesson.read_text(encoding="utf-8").replace("duration: 20", "duration: -1"), encoding="utf-8"
    )
    preview.rebuild()
    assert preview.state.generation == 2
    assert "01-apertura.md" in preview.state.error and "duration" in preview.state.error
    assert "apertura.html" in preview.state.files


def test_the_watch_list_covers_lessons_quizzes_and_the_runtime(course_dir):
    watched = {path.name for path in Preview(course_dir).watched()}
    assert {"01-apertura.md", "unit.yml", "uf1-prima.md", "runtime.js", "lesson.html"} <= watched
