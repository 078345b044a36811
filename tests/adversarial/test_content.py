"""Hostile content: what an author's files could do to a package or to the compiler.

The promises: nothing outside the course enters a package (and no message quotes a file that is
not the course's); the compiler's own names cannot be taken; authored HTML cannot break the
runtime nor make a page load anything from elsewhere; any input gives one line per error, never
a traceback. `check` and `build` refuse the same things.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course_model import textfile
from course_model.errors import ContentError
from scormgen.authoring.check import check_course
from scormgen.build import build
from scormgen.cli import main
from scormgen.structure import media

SECRET = "password: hunter2-not-course-content"
LESSON = "uf1-prima/01-apertura.md"


def append(course: Path, text: str, lesson: str = LESSON) -> Path:
    path = course / lesson
    path.write_text(path.read_text(encoding="utf-8") + "\n" + text + "\n", encoding="utf-8")
    return path


def last_line(path: Path) -> int:
    return path.read_text(encoding="utf-8").rstrip("\n").count("\n") + 1


def refused(course: Path, tmp_path: Path) -> list[str]:
    """The errors `check` reports, once the build has refused the same ones and written nothing."""
    errors = [str(f) for f in check_course(course) if f.severity == "error"]
    with pytest.raises(ContentError) as build_error:
        build(course, tmp_path / "out")
    built = build_error.value.details.splitlines() or [
        f"{build_error.value.path}:{build_error.value.line}: error: {build_error.value.message}"
    ]
    assert set(built) <= set(errors), (built, errors)
    assert not (tmp_path / "out").exists()
    return errors


def one_error(course: Path, tmp_path: Path) -> str:
    [error] = refused(course, tmp_path)
    return error


def cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


# --- 9. nothing outside the course enters a package -------------------------------------------


@pytest.fixture
def outside(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder outside the repository of the test course (tmp_path holds content/, quizzes/)."""
    folder = tmp_path_factory.mktemp("elsewhere")
    (folder / "secret.svg").write_text(f"<svg>{SECRET}</svg>", encoding="utf-8")
    (folder / "secret.md").write_text(f"---\n{SECRET}: [\n---\n", encoding="utf-8")
    return folder


def test_an_image_that_links_outside_the_unit_is_refused(course_dir, tmp_path, outside):
    (course_dir / "uf1-prima" / "media" / "spia.svg").symlink_to(outside / "secret.svg")
    lesson = append(course_dir, "![Spia](media/spia.svg)")
    error = one_error(course_dir, tmp_path)
    assert error.startswith(f"{lesson}:{last_line(lesson)}: error: 'media/spia.svg' leads outside")
    assert "hunter2" not in error


def test_a_media_folder_that_links_outside_the_unit_is_refused(course_dir, tmp_path, outside):
    (course_dir / "uf1-prima" / "altro").symlink_to(outside, target_is_directory=True)
    lesson = append(course_dir, "![Segreto](altro/secret.svg)")
    assert "leads outside the unit folder" in one_error(course_dir, tmp_path)
    assert str(lesson) in one_error(course_dir, tmp_path)


def test_a_lesson_that_links_outside_the_unit_is_never_read(course_dir, tmp_path, outside):
    lesson = course_dir / "uf1-prima" / "03-fuori.md"
    lesson.symlink_to(outside / "secret.md")
    error = one_error(course_dir, tmp_path)
    assert error.startswith(f"{lesson}: error: a symbolic link to a file outside")
    assert "hunter2" not in error


@pytest.mark.parametrize("quiz", ["../{name}/secret.md", "{outside}/secret.md"])
def test_a_quiz_outside_the_repository_is_refused_unread(course_dir, tmp_path, outside, quiz):
    unit = course_dir / "uf1-prima" / "unit.yml"
    # The repository is the folder that holds content/: tmp_path, beside `outside`.
    target = quiz.format(outside=outside, name=outside.name)
    assert (course_dir.parent / target).resolve() == (outside / "secret.md").resolve()
    unit.write_text(
        unit.read_text().replace("quiz: quizzes/uf1-prima.md", f"quiz: {target}"), "utf-8"
    )
    errors = refused(course_dir, tmp_path)
    assert any("the quiz file must be inside the repository" in e for e in errors)
    assert not any("hunter2" in e for e in errors)


def test_a_quiz_image_that_links_outside_the_quiz_folder_is_refused(course_dir, tmp_path, outside):
    quizzes = course_dir.parent / "quizzes"
    (quizzes / "spia.svg").symlink_to(outside / "secret.svg")
    quiz = quizzes / "uf1-prima.md"
    quiz.write_text(quiz.read_text().replace("Vale per la UF", "![Spia](spia.svg) Vale per la UF"))
    error = one_error(course_dir, tmp_path)
    assert error.startswith(f"{quiz}:4: error: 'spia.svg' leads outside the quiz's folder")
    assert "hunter2" not in error


def _loop(path: Path) -> Path:
    """`path` made a symbolic link to itself, which leads to no file."""
    if path.exists():
        path.unlink()
    path.symlink_to(path.name)
    return path


@pytest.mark.parametrize(
    "name, named",
    [
        ("content/uf1-prima/09-anello.md", ""),
        ("content/uf1-prima/unit.yml", ""),
        ("content/uf1-prima/tasks/01-compito.md", ""),
        ("quizzes/uf1-prima.md", ""),
        ("content/azienda.md", "'azienda.md' is "),
        ("content/glossary.yml", ""),
        ("content/standard.yml", ""),
    ],
)
def test_a_file_that_links_to_itself_is_one_error_naming_it(course_dir, tmp_path, name, named):
    (course_dir / "uf1-prima" / "tasks").mkdir()
    path = _loop(course_dir.parent / name)
    assert one_error(course_dir, tmp_path) == (
        f"{path}: error: {named}a symbolic link that leads back to itself"
    )


def test_an_image_or_a_lesson_link_to_a_link_to_itself_is_an_error_of_its_line(
    course_dir, tmp_path
):
    _loop(course_dir / "uf1-prima" / "media" / "ciclo.svg")
    _loop(course_dir / "uf1-prima" / "09-anello.md")
    lesson = append(course_dir, "Vedi [l'anello](09-anello.md).")
    image = "error: 'media/ciclo.svg' is a symbolic link that leads back to itself"
    assert refused(course_dir, tmp_path) == [
        f"{lesson}:19: {image}",
        f"{lesson}:{last_line(lesson)}: error: '09-anello.md' is a symbolic link that leads "
        "back to itself",
        f"{lesson.parent / '02-chiusura.md'}:19: {image}",
        f"{lesson.parent / '09-anello.md'}: error: a symbolic link that leads back to itself",
    ]


# --- 10. the compiler's own names -------------------------------------------------------------


def test_a_lesson_cannot_be_called_like_the_verification(course_dir, tmp_path, lesson_writer):
    lesson = lesson_writer(course_dir / "uf1-prima", "03-verifica.md", "Verifica", 5, "A1")
    assert (
        f"{lesson}: error: the lesson id 'verifica' is the verification's: give the lesson "
        "another id (or file name)"
    ) in refused(course_dir, tmp_path)


@pytest.mark.parametrize(
    "name",
    [
        "shared/runtime.js.pdf",
        "Shared/course.pdf",
        "qti/assessment.pdf",
        "imsmanifest.xml",
        "IMSManifest.XML",
        "verifica.pdf",  # fine: the verification is verifica.html
        "chiusura.pdf",
    ],
)
def test_files_cannot_take_the_names_of_generated_ones(course_dir, tmp_path, name):
    target = course_dir / "uf1-prima" / name
    target.parent.mkdir(exist_ok=True)
    target.write_bytes(b"%PDF-1.4")
    lesson = append(course_dir, f"[Allegato]({name})")
    reserved = name.split("/")[0].casefold() in ("shared", "qti", "imsmanifest.xml")
    if not reserved:
        build(course_dir, tmp_path / "ok")
        return
    assert one_error(course_dir, tmp_path).startswith(
        f"{lesson}:{last_line(lesson)}: error: '{name}' takes a name the compiler gives its own "
        "files (imsmanifest.xml, shared/, qti/, apertura.html, chiusura.html, verifica.html)"
    )


def test_files_that_differ_only_in_case_are_refused(course_dir, tmp_path):
    (course_dir / "uf1-prima" / "media" / "Ciclo.svg").write_text(
        (course_dir / "uf1-prima" / "media" / "ciclo.svg").read_text()
    )
    lesson = append(course_dir, "![Di nuovo](media/Ciclo.svg)", "uf1-prima/02-chiusura.md")
    assert one_error(course_dir, tmp_path) == (
        f"{lesson}:{last_line(lesson)}: error: 'media/Ciclo.svg' and 'media/ciclo.svg' differ only "
        "in the case of their letters: on many systems they are one file"
    )


# --- 11. authored HTML cannot break the runtime nor load from elsewhere -----------------------


def page(out: Path, name: str = "apertura.html") -> str:
    with zipfile.ZipFile(out / "scorm12" / "uf1-prima.zip") as archive:
        return archive.read(name).decode("utf-8")


def test_authored_ids_and_classes_cannot_shadow_the_runtimes(course_dir, tmp_path):
    append(
        course_dir,
        '## Stato {#status}\n\n<div id="progress-bar" class="screen sco-nav note">x</div>\n\n'
        '[fuori](https://example.org){: target="_top" #content}',
    )
    build(course_dir, tmp_path / "out", formats=("scorm12",))
    html = page(tmp_path / "out")
    for runtime_id in ("status", "progress-bar", "content"):
        assert len(re.findall(f'id="{runtime_id}"', html)) == 1, runtime_id
    assert 'id="s3-status"' in html and 'id="s3-progress-bar"' in html
    assert html.count('class="screen"') == 3  # the page's own three screens
    assert '<div id="s3-progress-bar" class="note">' in html
    assert 'target="_top"' not in html


def test_quiz_texts_cannot_shadow_the_runtimes_ids(course_dir, tmp_path):
    quiz = course_dir.parent / "quizzes" / "uf1-prima.md"
    quiz.write_text(
        quiz.read_text().replace(
            "Vale per la UF", '<span id="quiz-form" class="question">x</span> Vale per la UF'
        )
    )
    build(course_dir, tmp_path / "out", formats=("scorm12",))
    html = page(tmp_path / "out", "verifica.html")
    assert html.count('id="quiz-form"') == 1 and 'id="t-quiz-form"' in html
    assert html.count('class="question"') == 1


@pytest.mark.parametrize(
    "text",
    [
        "![Logo](https://cdn.example.org/logo.png)",
        "![Logo](//cdn.example.org/logo.png)",
        '<img src="https://cdn.example.org/logo.png" alt="Logo">',
        "<img alt='Logo' src=//cdn.example.org/logo.png>",
        '<img src="\\\\cdn.example.org\\logo.png" alt="Logo">',
        '<img src="ht\ttps://cdn.example.org/logo.png" alt="Logo">',
        '<video src="https://cdn.example.org/v.mp4"></video>',
        '<iframe src="https://example.org/"></iframe>',
        '<img src="media/ciclo.svg" srcset="https://cdn.example.org/2x.png 2x" alt="Logo">',
        "![Logo][logo]\n\n[logo]: https://cdn.example.org/logo.png",
    ],
)
def test_remote_resources_are_refused_with_their_line(course_dir, tmp_path, text):
    lesson = append(course_dir, text)
    lines = range(last_line(lesson) - text.count("\n"), last_line(lesson) + 1)
    errors = refused(course_dir, tmp_path)
    assert any(
        re.match(rf"{re.escape(str(lesson))}:(\d+): error: ", e)[1] in map(str, lines)
        and "is not a local file: packages must be self-contained" in e
        for e in errors
        if e.startswith(str(lesson))
    ), errors


def test_an_attribute_list_cannot_swap_an_image_for_another(course_dir, tmp_path):
    lesson = append(course_dir, '![Ciclo](media/ciclo.svg){: src="https://cdn.example.org/x.png"}')
    assert one_error(course_dir, tmp_path) == (
        f"{lesson}:{last_line(lesson)}: error: 'https://cdn.example.org/x.png' is not a local "
        "file: packages must be self-contained"
    )
    lesson.write_text(lesson.read_text().replace("https://cdn.example.org/x.png", "media/x.png"))
    (course_dir / "uf1-prima" / "media" / "x.png").write_bytes(b"\x89PNG")
    assert one_error(course_dir, tmp_path) == (
        f"{lesson}:{last_line(lesson)}: error: 'media/x.png' in <img src> is not a file the "
        "package holds: write images as ![text](path) and links as [text](path), to files of "
        "the unit folder"
    )


def test_code_shows_html_without_refusing_it(course_dir, tmp_path):
    append(
        course_dir,
        '```html\n<img src="https://cdn.example.org/logo.png">\n```\n\n'
        'Scrivi `<img src="https://cdn.example.org/x.png">` nel modello.',
    )
    build(course_dir, tmp_path / "out", formats=("scorm12",))
    assert "&lt;img src=" in page(tmp_path / "out")


@pytest.mark.parametrize("name", ["pagina.html", "script.js", "vecchia.HTM"])
def test_linked_pages_and_scripts_are_refused(course_dir, tmp_path, name):
    (course_dir / "uf1-prima" / name).write_text("<script>parent.API.LMSFinish('')</script>")
    lesson = append(course_dir, f"[Apri]({name})")
    assert one_error(course_dir, tmp_path).startswith(
        f"{lesson}:{last_line(lesson)}: error: '{name}' is a web page or a script"
    )


@pytest.mark.parametrize(
    "svg, problem",
    [
        ("<script>parent.API.LMSFinish('')</script>", "a script"),
        ('<rect width="1" height="1" onclick="x()"/>', "an event handler (onclick)"),
        ('<image href="https://example.org/x.png"/>', "a reference to another file"),
        ('<use xlink:href="other.svg#a"/>', "a reference to another file (other.svg#a)"),
        ('<rect style="fill:url(https://example.org/f)"/>', "a reference to another file"),
        ("<foreignObject><div>x</div></foreignObject>", "embedded HTML (foreignObject)"),
    ],
)
def test_active_or_loading_svg_images_are_refused(course_dir, tmp_path, svg, problem):
    (course_dir / "uf1-prima" / "media" / "ciclo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        f"{svg}</svg>"
    )
    errors = refused(course_dir, tmp_path)  # both lessons of the unit show it
    assert len(errors) == 2
    assert all(f"error: 'media/ciclo.svg' is an SVG image with {problem}" in e for e in errors)


def test_images_written_as_html_are_packaged(course_dir, tmp_path):
    (course_dir / "uf1-prima" / "media" / "altro.svg").write_text(
        (course_dir / "uf1-prima" / "media" / "ciclo.svg").read_text()
    )
    append(course_dir, '<p><img alt="Altro schema" src="media/altro.svg"></p>')
    build(course_dir, tmp_path / "out", formats=("scorm12",))
    with zipfile.ZipFile(tmp_path / "out" / "scorm12" / "uf1-prima.zip") as archive:
        assert "media/altro.svg" in archive.namelist()
    assert '<img alt="Altro schema" src="media/altro.svg">' in page(tmp_path / "out")


def test_images_written_as_html_are_refused_rather_than_broken(course_dir, tmp_path):
    lesson = append(course_dir, '<img src="media/manca.png" alt="Manca">')
    assert one_error(course_dir, tmp_path) == (
        f"{lesson}:{last_line(lesson)}: error: image 'media/manca.png' not found"
    )


def test_quiz_images_are_packaged_where_the_quiz_page_finds_them(course_dir, tmp_path):
    quizzes = course_dir.parent / "quizzes"
    (quizzes / "img").mkdir()
    (quizzes / "img" / "schema.svg").write_text(
        (course_dir / "uf1-prima" / "media" / "ciclo.svg").read_text()
    )
    quiz = quizzes / "uf1-prima.md"
    quiz.write_text(quiz.read_text().replace("Vale per", "![Schema](img/schema.svg) Vale per"))
    build(course_dir, tmp_path / "out", formats=("scorm12", "scorm2004"))
    for fmt in ("scorm12", "scorm2004"):
        with zipfile.ZipFile(tmp_path / "out" / fmt / "uf1-prima.zip") as archive:
            html = archive.read("verifica.html").decode("utf-8")
            assert archive.read("qti/img/schema.svg").startswith(b"<svg")
            manifest = archive.read("imsmanifest.xml").decode("utf-8")
        assert 'src="qti/img/schema.svg"' in html and 'src="img/schema.svg"' not in html
        verifica = manifest[manifest.index('identifier="RES-verifica"') :]
        assert '<file href="qti/img/schema.svg"/>' in verifica.split("</resource>")[0]


@pytest.mark.parametrize(
    "text, message",
    [
        ("![x](https://cdn.example.org/x.png)", "is not a local file"),
        ("![x](manca.png)", "image 'manca.png' not found beside the quiz file"),
        ("[modulo](modulo.pdf)", "link to 'modulo.pdf': a quiz text links to web pages only"),
    ],
)
def test_quiz_texts_load_nothing_from_elsewhere(course_dir, tmp_path, text, message):
    quiz = course_dir.parent / "quizzes" / "uf1-prima.md"
    quiz.write_text(quiz.read_text().replace("Vale per", f"{text} Vale per"))
    error = one_error(course_dir, tmp_path)
    assert error.startswith(f"{quiz}:4: error: ") and message in error


# --- 12. any input: one line per error, never a traceback -------------------------------------


def one_line_errors(course: Path, tmp_path: Path) -> list[str]:
    """The CLI's output of check and build: each a line per error and exit status 1."""
    outputs = []
    for args in (("check",), ("build", "--out", str(tmp_path / "out"))):
        status, output = cli(*args, "--content", str(course))
        assert status == 1 and "Traceback" not in output, output
        outputs.append(output)
    assert not (tmp_path / "out").exists()
    return outputs


@pytest.mark.parametrize(
    ("text", "too_deep"),
    [
        ("> " * 1000 + "citazione", 0),
        ("\n".join("    " * depth + "- voce" for depth in range(1000)), 200),  # 201 levels
        ("<div>" * 6_000 + "fondo", 0),
    ],
    ids=["block quotes", "lists", "html"],
)
def test_deep_nesting_is_one_located_error(course_dir, tmp_path, text, too_deep):
    lesson = append(course_dir, "---\n\n" + text)
    check_output, build_output = one_line_errors(course_dir, tmp_path)
    screen = last_line(lesson) - text.count("\n")
    expected = (
        f"{lesson}:{screen + too_deep}: error: the text nests block quotes, lists or HTML "
        "elements too deeply: at most 200 levels\n"
    )
    assert check_output == expected + "1 error, 0 warnings\n"
    assert build_output == expected + "error: 1 error in the content: nothing was built\n"


# Inputs on which Markdown's time grows with the square of their length (a few kilobytes held a
# build for minutes): each is refused at the line where it passes its bound.
SLOW_FOR_MARKDOWN = {
    "open brackets": ("[`" * 5000, 0, "more than 32 brackets [ or ( are open at once"),
    "link addresses left open": ("[a](b\n" * 400, 32, "more than 32 brackets [ or ( are open"),
    "unfinished tags": ("<a\n" * 400, 32, "more than 32 HTML tags begin with < and do not end"),
    "quoted >": ("<br b='>' " * 2000, 0, "more than 32 HTML tags begin with < and do not end"),
    "backquotes": ("``a`" * 2000, 0, "the backquotes (`) of this paragraph leave code open"),
    "fences left open": ("```a\n" * 2000, 100, "more than 100 lines open or close fenced code"),
    "lines read one by one": ("a\n=\n" * 2000, 0, "this paragraph holds more than 32000"),
    "reference definitions": (
        "[a]: https://a.it\n'" * 1700,
        0,
        "this paragraph holds more than 32000 characters",
    ),
}


@pytest.mark.parametrize("text, past, message", SLOW_FOR_MARKDOWN.values(), ids=SLOW_FOR_MARKDOWN)
def test_text_markdown_would_take_minutes_on_is_one_located_error(
    course_dir, tmp_path, text, past, message
):
    lesson = append(course_dir, "---\n\nUn paragrafo normale.\n\n" + text)
    check_output, build_output = one_line_errors(course_dir, tmp_path)
    line = last_line(lesson) - text.rstrip("\n").count("\n") + past
    assert check_output.startswith(f"{lesson}:{line}: error: {message}")
    assert check_output.endswith("\n1 error, 0 warnings\n")
    assert build_output.startswith(f"{lesson}:{line}: error: {message}")


def test_slow_text_in_a_task_the_company_profile_or_a_quiz_is_located_in_its_file(
    course_dir, tmp_path
):
    from tests.scormgen.structure.test_tasks import TASK, write_task

    profile = course_dir / "azienda.md"
    profile.write_text("---\ntitle: Azienda\n---\n\nTesto.\n\n" + "(" * 33 + "\n")
    assert one_error(course_dir, tmp_path).startswith(f"{profile}:7: error: more than 32 brackets")
    profile.unlink()
    task = write_task(course_dir, TASK + "\nUn paragrafo.\n\n" + "[" * 40 + "\n")
    assert one_error(course_dir, tmp_path).startswith(f"{task}:25: error: more than 32 brackets")
    task.unlink()
    quiz = course_dir.parent / "quizzes" / "uf1-prima.md"
    quiz.write_text(quiz.read_text().replace("Vale per", "[" * 40 + " Vale per"))
    assert one_error(course_dir, tmp_path).startswith(f"{quiz}:4: error: more than 32 brackets")


def test_a_deep_quiz_text_is_an_error_of_its_question(course_dir, tmp_path):
    quiz = course_dir.parent / "quizzes" / "uf1-prima.md"
    quiz.write_text(quiz.read_text().replace("Vale per", "> " * 1000 + "Vale per"))
    assert one_error(course_dir, tmp_path) == (
        f"{quiz}:4: error: the text nests block quotes, lists or HTML elements too deeply: at "
        "most 200 levels"
    )


def test_deeply_nested_yaml_is_one_line(course_dir, tmp_path):
    glossary = course_dir / "glossary.yml"
    glossary.write_text("- term: " + "[" * 5000 + "]" * 5000 + "\n")
    check_output, build_output = one_line_errors(course_dir, tmp_path)
    error = f"{glossary}: error: invalid YAML: lists or mappings nested too deeply\n"
    assert check_output == error + "1 error, 0 warnings\n"
    assert build_output == error + "error: 1 error in the content: nothing was built\n"


def alias_bomb(indent: str) -> str:
    """Aliases of aliases nine deep: a billion values in a few lines."""
    lines = [f"{indent}- &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"{indent}- &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]" for i in range(1, 9)]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    "name, before, after",
    [
        ("glossary.yml", "- term: bomba\n  definition:\n", "  en: bomb\n"),
        ("uf1-prima/01-apertura.md", "---\ncovers:\n", "title: Apertura\n---\n\nTesto.\n"),
        ("uf2-seconda/unit.yml", "base: &base {mastery: 60}\nmore:\n  <<: *base\nlist:\n", ""),
    ],
    ids=["glossary", "front matter", "merge key"],
)
def test_yaml_aliases_are_one_located_error(course_dir, tmp_path, name, before, after):
    path = course_dir / name
    text = before + alias_bomb("  ") + after
    kept = path.read_text() if path.exists() and name.endswith(".yml") else ""
    path.write_text(text + kept)
    line = next(n for n, row in enumerate(text.splitlines(), start=1) if "*" in row)
    check_output, build_output = one_line_errors(course_dir, tmp_path)
    error = (
        f"{path}:{line}: error: YAML aliases (*name) are not allowed: write the value out in "
        "full, and put a text that begins with * in quotes\n"
    )
    assert check_output.startswith(error)
    assert error in build_output  # after the progress lines of units built meanwhile


@pytest.mark.parametrize(
    "name", ["glossary.yml", "course.yml", "standard.yml", "uf2-seconda/unit.yml"]
)
def test_yaml_that_is_not_utf8_is_one_line(course_dir, tmp_path, name):
    path = course_dir / name
    path.write_bytes((path.read_bytes() if path.exists() else b"[]\n") + b"# caff\xe8\n")
    check_output, build_output = one_line_errors(course_dir, tmp_path)
    line = path.read_bytes().count(b"\n")
    error = f"{path}:{line}: error: not UTF-8 text\n"
    assert check_output == error + "1 error, 0 warnings\n"
    assert build_output.endswith(error + "error: 1 error in the content: nothing was built\n")


def test_a_unit_without_a_verification_is_not_built(course_dir, tmp_path):
    unit = course_dir / "uf2-seconda" / "unit.yml"
    unit.write_text(unit.read_text().replace("quiz: quizzes/uf2-seconda.md\n", ""))
    assert one_error(course_dir, tmp_path) == (
        f"{unit}: error: the unit has no verification: the standard requires one at the end of "
        "each unit (set 'quiz' in unit.yml)"
    )


def test_huge_files_are_refused_before_they_are_read(course_dir, tmp_path, monkeypatch):
    monkeypatch.setattr(textfile, "MAX_TEXT_BYTES", 2**20)
    monkeypatch.setattr(media, "MAX_MEDIA_BYTES", 2**20)
    quiz = course_dir.parent / "quizzes" / "uf2-seconda.md"
    quiz.write_text(quiz.read_text() + "%" * 2**20)
    (course_dir / "uf1-prima" / "media" / "grande.png").write_bytes(b"\x89PNG" + bytes(2**20))
    lesson = append(course_dir, "![Grande](media/grande.png)")
    assert refused(course_dir, tmp_path) == [
        f"{lesson}:{last_line(lesson)}: error: 'media/grande.png' holds 1.0 MB, more than the "
        "1 MB a file of a package may hold",
        f"{quiz}: error: the file holds 1.0 MB, more than the 1 MB a text file of the course may "
        "hold",
    ]


_MARKDOWN_BITS = st.sampled_from(
    [
        "# ",
        "## T {#status}",
        "> ",
        "- ",
        "1. ",
        "    ",
        "```",
        "~~~",
        "---",
        "!!! note",
        "!!! x",
        "[^1]",
        "[^1]: n",
        "![a](media/ciclo.svg)",
        "![b](https://x.org/i.png)",
        "[c](04-x.md)",
        "[d](#s1)",
        "[e]: media/ciclo.svg",
        "<img src=x>",
        "<div>",
        "</div>",
        '<a href="y">',
        "{: src=z}",
        "*",
        "_",
        "`",
        "|a|b|",
        "|-|-|",
        ":   def",
        "\n",
        "\n\n",
        "testo",
        "\x00",
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_MARKDOWN_BITS, max_size=40))
def test_any_lesson_text_gives_pages_or_located_errors(tmp_path_factory, parts):
    from tests.scormgen.conftest import COURSE, STANDARD  # a fresh small course per example

    content = tmp_path_factory.mktemp("fuzz") / "content"
    (content / "uf1-prima" / "media").mkdir(parents=True)
    (content / "standard.yml").write_text(STANDARD, encoding="utf-8")
    (content / "course.yml").write_text(COURSE.split("  - id: uf2")[0], encoding="utf-8")
    (content / "uf1-prima" / "media" / "ciclo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"/>'
    )
    (content.parent / "quiz.md").write_text("Covers: A1, A2, K1\n1.  D?\n*a) Sì\nb)  No\n")
    (content / "uf1-prima" / "unit.yml").write_text(
        'id: uf1-prima\nstandard: "1001"\ntitle: U\nmastery: 60\nquiz: quiz.md\nquiz_duration: 10\n'
    )
    lesson = content / "uf1-prima" / "01-a.md"
    lesson.write_text(
        "---\ntitle: A\nduration: 50\ncovers: [A1, A2, K1]\n---\n\n" + " ".join(parts)
    )
    for finding in check_course(content):
        assert finding.path is not None and finding.line is None or finding.line >= 1
        assert "\n" not in finding.message


def test_a_case_profile_that_leads_outside_the_content_is_refused(course_dir, tmp_path, outside):
    secret = outside / "azienda.md"
    secret.write_text("---\ntitle: x\n---\nSECRET-TEXT\n", encoding="utf-8")
    (course_dir / "azienda.md").symlink_to(secret)
    error = one_error(course_dir, tmp_path)
    assert str(course_dir / "azienda.md") in error and "leads outside" in error
    assert "SECRET-TEXT" not in error
