"""The learner runtime in a real browser, against scorm-again's SCORM 1.2 and 2004 APIs."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from scormgen.runtime.shipped import STATIC_FILES, shipped
from tests.browser.conftest import UNIT

FORMATS = {"1.2": "scorm12", "2004": "scorm2004"}
KEYS = {
    "1.2": {
        "status": "cmi.core.lesson_status",
        "location": "cmi.core.lesson_location",
        "exit": "cmi.core.exit",
        "session": "cmi.core.session_time",
        "entry": "cmi.core.entry",
        "raw": "cmi.core.score.raw",
        "response": "student_response",
        "mastery": "cmi.student_data.mastery_score",
    },
    "2004": {
        "status": "cmi.completion_status",
        "success": "cmi.success_status",
        "location": "cmi.location",
        "exit": "cmi.exit",
        "session": "cmi.session_time",
        "entry": "cmi.entry",
        "raw": "cmi.score.raw",
        "response": "learner_response",
        "mastery": "cmi.scaled_passing_score",
    },
}
SESSION_TIME = {"1.2": r"^\d{4}:\d{2}:\d{2}\.\d{2}$", "2004": r"^PT\d+H\d+M\d+\.\d{2}S$"}
DONE_EXIT = {"1.2": "", "2004": "normal"}
RESULT = {"1.2": {True: "correct", False: "wrong"}, "2004": {True: "correct", False: "incorrect"}}
both_versions = pytest.mark.parametrize("version", ["1.2", "2004"])


def launch(page, server, version: str, sco: str, stored: dict | None = None, unit: str = UNIT):  # noqa: ANN001, ANN201
    """Open the harness, give it the stored data an LMS would, and load the SCO in its frame."""
    page.goto(f"{server.url}/harness.html")
    page.evaluate(
        "([v, url, stored]) => launch(v, url, stored)",
        [version, f"/pkg/{FORMATS[version]}/{unit}/{sco}.html", stored],
    )
    page.wait_for_function(
        "() => { const a = window.API || window.API_1484_11; return a && a.isInitialized(); }"
    )
    frame = page.frame_locator("#sco")
    frame.locator("#status").wait_for(state="attached")
    return frame


def leave(page) -> dict:  # noqa: ANN001
    """Unload the SCO as Moodle does when the learner moves on; return the LMS's CMI data."""
    page.evaluate("unloadSco()")
    return page.evaluate("cmi()")


def sent(page, element: str) -> str:  # noqa: ANN001
    """The last value the SCO set for an element, as sent (the LMS may store it reformatted)."""
    values = [value for key, value in page.evaluate("lms.calls") if key == element]
    assert values, f"{element} was never set"
    return values[-1]


def relaunch_data(version: str, data: dict, extra: dict | None = None) -> dict:
    """What an LMS hands back on the next launch: bookmark, state, status, and entry=resume
    after a suspend."""
    keys = KEYS[version]
    kept = [keys["location"], "cmi.suspend_data", keys["status"], keys.get("success", "")]
    stored = {key: data[key] for key in kept if data.get(key)}
    stored[keys["entry"]] = "resume" if data[keys["exit"]] == "suspend" else ""
    return {**stored, **(extra or {})}


def visible_screen(frame) -> str:  # noqa: ANN001
    return frame.locator("section.screen:not([hidden])").get_attribute("id")


# ---------------------------------------------------------------- lessons


def test_the_browser_plays_the_runtime_packages_ship(page, server) -> None:
    for folder in FORMATS.values():
        for name in STATIC_FILES:
            served = page.request.get(f"{server.url}/pkg/{folder}/{UNIT}/shared/{name}")
            assert served.body() == shipped(name)


@both_versions
def test_finishing_a_lesson_completes_it_with_a_session_time(page, server, version: str) -> None:
    keys = KEYS[version]
    frame = launch(page, server, version, "lezione")
    for _ in range(2):
        frame.get_by_role("button", name="Avanti").click()
    assert "Schermata 3 di 3" in frame.locator("#progress-text").inner_text()
    # After the last screen, the end of the lesson says it is complete and what comes next.
    frame.get_by_role("button", name="Avanti").click()
    end = frame.locator("#lesson-end")
    assert focused(frame) == "lesson-end-title"
    assert "Lezione completata." in end.inner_text()
    assert "Prossima lezione: Seconda lezione." in end.inner_text()
    assert end.get_by_role("link").is_hidden()  # in an LMS, the LMS opens the next SCO
    assert frame.get_by_role("button", name="Avanti").is_disabled()
    data = leave(page)
    assert data[keys["status"]] == "completed"
    assert re.match(SESSION_TIME[version], sent(page, keys["session"]))
    assert data[keys["exit"]] == DONE_EXIT[version]
    assert page.evaluate("lms.finished") == 1


@both_versions
def test_the_end_of_a_lesson_says_which_screens_are_left(page, server, version: str) -> None:
    frame = launch(page, server, version, "lezione")
    frame.get_by_text("Elenco delle schermate").click()
    frame.get_by_role("button", name="Terza schermata").click()
    frame.get_by_role("button", name="Avanti").click()
    assert "manca ancora una schermata" in frame.locator("#lesson-end").inner_text()
    assert frame.locator("#progress-text").inner_text().startswith("Per completare la lezione")
    assert leave(page)[KEYS[version]["status"]] == "incomplete"


def test_the_last_lesson_leads_to_the_verification_without_an_lms(page, server) -> None:
    page.goto(f"{server.url}/pkg/scorm12/{UNIT}/seconda.html")
    page.get_by_role("button", name="Avanti").click()
    end = page.locator("#lesson-end")
    assert "Ora puoi affrontare la verifica: Verifica di prova." in end.inner_text()
    end.get_by_role("link", name="Apri la prossima attività").click()
    page.get_by_role("heading", name="Verifica di prova").wait_for()


@both_versions
def test_leaving_mid_lesson_resumes_at_the_same_screen(page, server, version: str) -> None:
    keys = KEYS[version]
    frame = launch(page, server, version, "lezione")
    frame.get_by_role("button", name="Avanti").click()
    assert visible_screen(frame) == "screen-2"
    data = leave(page)
    assert data[keys["status"]] == "incomplete"
    assert data[keys["exit"]] == "suspend"
    assert data[keys["location"]] == "2"
    assert len(data["cmi.suspend_data"]) < 20

    frame = launch(page, server, version, "lezione", relaunch_data(version, data))
    assert visible_screen(frame) == "screen-2"
    assert frame.get_by_role("button", name="Indietro").is_enabled()
    # Screens seen before count towards completion: only the third is left.
    frame.get_by_role("button", name="Avanti").click()
    assert leave(page)[keys["status"]] == "completed"


@both_versions
def test_a_finished_status_is_never_downgraded_on_load(page, server, version: str) -> None:
    keys = KEYS[version]
    finished = {keys["status"]: "passed" if version == "1.2" else "completed"}
    launch(page, server, version, "lezione", finished)
    data = leave(page)
    assert data[keys["status"]] == finished[keys["status"]]


def test_the_list_of_screens_jumps_and_marks_the_current_one(page, server) -> None:
    frame = launch(page, server, "1.2", "lezione")
    frame.get_by_text("Elenco delle schermate").click()
    frame.get_by_role("button", name="Terza schermata").click()
    assert visible_screen(frame) == "screen-3"
    assert (
        frame.get_by_role("button", name="Terza schermata").get_attribute("aria-current") == "step"
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_printed_lesson_is_a_handout_of_all_its_screens(page, server, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    page.goto(f"{server.url}/pkg/scorm12/{UNIT}/lezione.html")  # standalone: its notice on show
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    page.get_by_role("button", name="Stampa la lezione").click()
    assert page.evaluate("window.printed") == 1
    page.emulate_media(media="print")
    page.evaluate("() => dispatchEvent(new Event('beforeprint'))")
    screens = page.locator("section.screen")
    assert screens.count() == 3 and all(s.is_visible() for s in screens.all())
    tops = [s.bounding_box()["y"] for s in screens.all()]
    glossary = page.locator("details.glossary")
    assert tops == sorted(tops) and glossary.bounding_box()["y"] > tops[-1]  # glossary last
    assert page.get_by_text("La risposta dell'esercizio.").is_visible()  # solutions open
    assert page.get_by_text("Un'unità di studio, una SCO del pacchetto.").is_visible()
    for hidden in (".sco-nav", "#standalone-note", "#lesson-end", ".progress"):
        assert page.locator(hidden).is_hidden(), hidden
    assert page.locator(".unit-title").is_visible()
    ink = page.locator("h2").first.evaluate("h => getComputedStyle(h).color")
    assert ink == "rgb(11, 83, 148)"  # light colours on paper, whatever the screen's scheme
    page.evaluate("() => dispatchEvent(new Event('afterprint'))")
    assert page.locator("details.solution").get_attribute("open") is None  # as before printing


def test_standalone_mode_keeps_progress_in_the_browser(page, server) -> None:
    url = f"{server.url}/pkg/scorm12/{UNIT}/lezione.html"
    page.goto(url)
    note = page.locator("#standalone-note")
    assert note.is_visible()
    assert "solo in questo browser" in note.inner_text()
    page.get_by_role("button", name="Avanti").click()
    page.goto(url)
    assert page.locator("section.screen:not([hidden])").get_attribute("id") == "screen-2"


# ---------------------------------------------------------------- quiz


def quiz_config(frame) -> dict:  # noqa: ANN001
    return json.loads(frame.locator("#sco-config").text_content())["quiz"]


def answer_all(frame, right: bool, tmp_path: Path) -> list[dict]:  # noqa: ANN001
    """Answer every question on show, all right or all wrong, as a learner would; return their
    keys in page order."""
    questions = quiz_config(frame)["questions"]
    order = frame.locator(".question:not([hidden])").evaluate_all(
        "els => els.map(e => +e.dataset.q)"
    )
    for index in order:
        answer_one(frame.locator(f"[data-q='{index}']"), questions[index], right, tmp_path)
    return [questions[index] for index in order]


def answer_one(box, question: dict, right: bool, tmp_path: Path) -> None:  # noqa: ANN001
    kind = question["kind"]
    if kind in ("single", "multiple"):
        count = box.locator("input").count()
        wanted = (
            question["correct"] if right else [min(set(range(count)) - set(question["correct"]))]
        )
        for index in wanted:
            box.locator(f"input[value='{index}']").check()
    elif kind == "short":
        box.locator("input").fill(question["answers"][0] if right else "sbagliato")
    elif kind == "numerical":
        box.locator("input").fill(
            str(question["value"]).replace(".", ",")
            if right
            else str(question["ranges"][0][1] + 10)
        )
    elif kind == "matching":
        for prompt, target in enumerate(question["match"]):
            choice = target if right else (target + 1) % question["targets"]
            box.locator("select").nth(prompt).select_option(str(choice))
    elif kind == "ordering" and right:
        for position in range(question["count"]):
            item = box.locator(f"li[data-item='{position}']")
            while box.locator("li").nth(position).get_attribute("data-item") != str(position):
                item.get_by_role("button", name=re.compile("^Su")).click()
    elif kind == "essay":
        box.locator("textarea").fill("Assiste gli utenti del CRM.")
    elif kind == "upload":
        upload = tmp_path / "consegna.txt"
        upload.write_text("prova")
        box.locator("input[type=file]").set_input_files(upload)


def interactions(data: dict) -> list[dict]:
    records: dict[int, dict] = {}
    for key, value in data.items():
        match = re.match(r"cmi\.interactions\.(\d+)\.(.+)$", key)
        if match:
            records.setdefault(int(match.group(1)), {})[match.group(2)] = value
    return [records[i] for i in sorted(records)]


def hand_in(frame) -> None:  # noqa: ANN001
    """Press "Consegna" and confirm."""
    frame.get_by_role("button", name="Consegna").click()
    frame.get_by_role("dialog").get_by_role("button", name="Sì, consegna").click()


def take_quiz(
    page, server, version: str, right: bool, tmp_path: Path
) -> tuple[object, list[dict], str]:  # noqa: ANN001
    """Launch the quiz, answer everything, submit: the frame, the questions shown, the result."""
    frame = launch(page, server, version, "verifica")
    shown = answer_all(frame, right, tmp_path)
    hand_in(frame)
    return frame, shown, frame.locator("#quiz-result").inner_text()


@both_versions
def test_a_quiz_answered_all_right_passes_with_score_100(
    page, server, version: str, tmp_path: Path
) -> None:
    keys = KEYS[version]
    _, shown, result = take_quiz(page, server, version, True, tmp_path)
    assert "Verifica superata" in result
    assert "100 %" in result
    data = leave(page)
    assert data[keys["raw"]] == "100"
    if version == "1.2":
        assert data["cmi.core.lesson_status"] == "passed"
    else:
        assert (data["cmi.success_status"], data["cmi.completion_status"]) == (
            "passed",
            "completed",
        )
        assert data["cmi.score.scaled"] == "1"
    assert data[keys["exit"]] == DONE_EXIT[version]

    records = interactions(data)
    assert [r["id"] for r in records] == [q["id"] for q in shown]
    for record, question in zip(records, shown, strict=True):
        expected = "neutral" if question["kind"] == "essay" else RESULT[version][True]
        assert record["result"] == expected, question
        assert record["weighting"] == f"{question['points']:g}"
    for n in range(len(shown)):
        assert re.match(SESSION_TIME[version], sent(page, f"cmi.interactions.{n}.latency"))
    by_kind: dict[str, dict] = {}
    for question, record in zip(shown, records, strict=True):
        by_kind.setdefault(question["kind"], record)  # the first of each kind
    if version == "1.2":
        assert by_kind["matching"]["correct_responses.0.pattern"] == "a.1,b.2"
        assert by_kind["ordering"]["correct_responses.0.pattern"] == "a,b,c"
        assert by_kind["ordering"]["student_response"] == "a,b,c"
        assert by_kind["multiple"]["type"] == "choice"
        assert by_kind["essay"]["type"] == "performance"
        assert re.match(r"^\d{2}:\d{2}:\d{2}$", by_kind["single"]["time"])
    else:
        assert by_kind["matching"]["correct_responses.0.pattern"] == "a[.]1[,]b[.]2"
        assert by_kind["ordering"]["learner_response"] == "a[,]b[,]c"
        assert by_kind["numerical"]["correct_responses.0.pattern"] == "3.49[:]3.51"
        assert by_kind["short"]["learner_response"] == "CRM"
        assert by_kind["single"]["description"] == "Capitale"
        assert re.match(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$", by_kind["single"]["timestamp"])


@both_versions
def test_a_quiz_answered_all_wrong_fails(page, server, version: str, tmp_path: Path) -> None:
    keys = KEYS[version]
    frame, shown, result = take_quiz(page, server, version, False, tmp_path)
    assert "Verifica non superata" in result
    # Attempts: 2 — a new try is offered once.
    assert frame.get_by_role("button", name="Nuovo tentativo").is_visible()
    data = leave(page)
    assert data[keys["raw"]] == "0"
    assert data[keys.get("success", keys["status"])] == "failed"
    assert data[keys["exit"]] == "suspend"  # a try is left: Moodle resumes this attempt
    auto = [r for q, r in zip(shown, interactions(data), strict=True) if q["kind"] != "essay"]
    assert auto and all(r["result"] == RESULT[version][False] for r in auto)


def answers_on_show(frame) -> tuple[bool, bool]:  # noqa: ANN001
    """Whether the page marks the right choice, and shows the expected answer of another kind."""
    capital = frame.locator(".question").filter(has_text="capitale d'Italia")
    number = frame.locator(".question").filter(has_text="Quanto fa")
    return (
        capital.locator(".choice.is-missed").count() > 0,
        number.locator("[data-when=answer]").is_visible(),
    )


@both_versions
def test_feedback_a_new_try_and_the_right_answers_after_the_last(
    page, server, version: str, tmp_path: Path
) -> None:
    """Mastery and two attempts, no `Show answers:`: the right answers after the last attempt."""
    frame, _, _ = take_quiz(page, server, version, False, tmp_path)
    capital = frame.locator(".question").filter(has_text="capitale d'Italia")
    assert "Risposta errata" in capital.locator(".feedback").inner_text()
    assert "La risposta giusta è Roma" in capital.locator(".feedback").inner_text()  # feedback
    assert answers_on_show(frame) == (False, False)  # a try is left: they would give it away
    assert capital.locator("input").first.is_disabled()

    frame.get_by_role("button", name="Nuovo tentativo").click()
    assert frame.locator("#quiz-result").is_hidden()
    assert capital.locator("input").first.is_enabled()
    assert capital.locator(".feedback").is_hidden()
    answer_all(frame, False, tmp_path)
    hand_in(frame)
    assert "Non restano altri tentativi" in frame.locator("#quiz-result").inner_text()
    assert frame.get_by_role("button", name="Nuovo tentativo").is_hidden()
    assert answers_on_show(frame) == (True, True)
    assert "risposta giusta" in capital.locator(".choice.is-missed").inner_text()
    data = leave(page)
    assert data[KEYS[version]["exit"]] == DONE_EXIT[version]  # no try left: the attempt is over
    assert json.loads(data["cmi.suspend_data"])["n"] == 2
    # Still shown when the finished quiz is opened again.
    frame = launch(page, server, version, "verifica", relaunch_data(version, data))
    assert answers_on_show(frame) == (True, True)


def quiz_options(options: str) -> Callable[[Path], None]:
    """An edit of the test course: the quiz's options `Mastery:` and `Attempts:` replaced."""

    def edit(course: Path) -> None:
        quiz = course / "quizzes" / "prova.md"
        text = quiz.read_text(encoding="utf-8").replace("Mastery: 70%\nAttempts: 2\n", options)
        quiz.write_text(text, encoding="utf-8")

    return edit


@both_versions
@pytest.mark.parametrize(
    "options, after_first, after_second",
    [
        ("Mastery: 70%\nAttempts: 2\nShow answers: after-each-attempt\n", True, True),
        ("Mastery: 70%\nAttempts: 2\nShow answers: never\n", False, False),
        ("Mastery: 70%\n", False, False),  # after the last attempt, and attempts are unlimited
    ],
)
def test_right_answers_follow_the_quiz_option(
    page, course_variant, version: str, tmp_path: Path, options: str, after_first, after_second
) -> None:
    local = course_variant(re.sub(r"\W+", "-", options), quiz_options(options))
    frame, _, _ = take_quiz(page, local, version, False, tmp_path)
    capital = frame.locator(".question").filter(has_text="capitale d'Italia")
    assert "La risposta giusta è Roma" in capital.locator(".feedback").inner_text()  # feedback
    assert answers_on_show(frame) == (after_first, after_first)
    frame.get_by_role("button", name="Nuovo tentativo").click()
    answer_all(frame, False, tmp_path)
    hand_in(frame)
    assert answers_on_show(frame) == (after_second, after_second)


# The contrast ratio of an element's text against its background, or of its border against what
# surrounds it
# (WCAG 2.1: relative luminance of sRGB colours, given as rgb() or, mixed, as color(srgb …)).
CONTRAST = """(e, part) => {
    const rgb = c => c.match(/[\\d.]+/g).slice(0, 3)
        .map(v => c.startsWith("color(") ? +v : v / 255);
    const lum = c => rgb(c).map(v => v <= 0.03928 ? v / 12.92
        : ((v + 0.055) / 1.055) ** 2.4).reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
    const style = getComputedStyle(e);
    let back = part === "border" ? e.parentElement : e;
    while (getComputedStyle(back).backgroundColor === "rgba(0, 0, 0, 0)") back = back.parentElement;
    const [a, b] = [lum(part === "border" ? style.borderTopColor : style.color),
                    lum(getComputedStyle(back).backgroundColor)].sort((x, y) => y - x);
    return (a + 0.05) / (b + 0.05);
}"""


@both_versions
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_review_marks_a_wrong_choice_and_keeps_answers_readable(
    page, server, version: str, scheme: str, tmp_path: Path
) -> None:
    page.emulate_media(color_scheme=scheme)
    frame, _, _ = take_quiz(page, server, version, False, tmp_path)
    capital = frame.locator(".question").filter(has_text="capitale d'Italia")
    wrong = capital.locator(".choice.is-wrong")
    assert wrong.count() == 1 and wrong.locator("input").is_checked()
    mark = wrong.locator(".choice-mark")
    assert mark.inner_text() == "la tua scelta: sbagliata"
    icon = mark.evaluate("m => getComputedStyle(m, '::before').webkitMaskImage")
    assert icon.startswith('url("data:image/svg+xml')  # an icon, not only words
    others = capital.locator(".choice:not(.is-wrong)").first
    assert wrong.evaluate("c => getComputedStyle(c).borderColor") != others.evaluate(
        "c => getComputedStyle(c).borderColor"
    )
    assert mark.evaluate(CONTRAST, "text") >= 4.5
    # Disabled under review, the learner's answers keep AA contrast.
    typed = frame.locator(".question").filter(has_text="sigla").locator("input")
    assert typed.is_disabled() and typed.evaluate(CONTRAST, "text") >= 4.5
    select = frame.locator(".question select").first
    assert select.is_disabled() and select.evaluate(CONTRAST, "text") >= 4.5
    move = frame.locator("[data-move]").first
    assert move.is_disabled() and move.evaluate(CONTRAST, "text") >= 4.5
    assert wrong.locator("input").evaluate(CONTRAST, "border") >= 3  # a control's outline


@both_versions
def test_a_partly_right_multiple_answer_scores_its_share_of_the_points(
    page, server, version: str, tmp_path: Path
) -> None:
    """Rosso and Blu are right, Cane wrong: Rosso alone earns half the question's point, as in
    Moodle."""
    keys = KEYS[version]
    frame = launch(page, server, version, "verifica")
    shown = answer_all(frame, True, tmp_path)
    colours = frame.locator(".question").filter(has_text="Quali sono colori?")
    colours.get_by_label("Blu").uncheck()
    hand_in(frame)
    assert "Risposta parzialmente corretta" in colours.locator(".verdict").inner_text()
    assert "Punteggio: 7,5 su 8 punti (93,75 %)." in frame.locator("#quiz-result").inner_text()
    data = leave(page)
    assert data[keys["raw"]] == "93.75"  # 7.5 of the 8 points scored automatically
    record = next(
        r for q, r in zip(shown, interactions(data), strict=True) if q["kind"] == "multiple"
    )
    assert record["result"] == "0.5"


# (answer in the quiz file, unit, what the learner types, right?)
NUMBERS = [
    ("23000", "", "23.000", True),  # a point before exactly three digits groups thousands
    ("23000", "", "23000", True),
    ("23000", "", "1.234.567", False),
    ("23", "", "23,000", True),  # a comma marks decimals
    ("1234.5", "", "1.234,5", True),
    ("29.41", "", "29,41", True),
    ("29.41", "", "29.41", True),  # a point before two digits marks decimals
    ("0.5", "", "0.500", True),  # a number starting with 0 has no thousands
    ("1.2345", "", "1.2345", True),
    ("95", "%", "95%", True),
    ("95", "%", "95 %", True),
    ("95", "%", "95", True),
    ("216", "minuti", "216 Minuti", True),
    ("216", "minuti", "216minuti", True),
    ("216", "minuti", "216 ore", False),
    ("-3.5", "", "-3,5", True),
    ("3", "", "3 + 1", False),
]


def numbers_quiz(course: Path) -> None:
    """The test course with a quiz of numerical questions, one for each row of NUMBERS."""
    questions = [
        (f"Unit: {unit}\n" if unit else "") + f"1.  Numero {n}?\n=   {answer}\n"
        for n, (answer, unit, _, _) in enumerate(NUMBERS)
    ]
    text = "Quiz title: Numeri\nShow answers: after-each-attempt\n\n" + "\n".join(questions)
    (course / "quizzes" / "prova.md").write_text(text, encoding="utf-8")


@both_versions
def test_numbers_are_read_and_shown_as_italians_write_them(
    page, course_variant, version: str
) -> None:
    frame = launch(page, course_variant("numbers", numbers_quiz), version, "verifica")
    boxes = frame.locator(".question")
    hint = boxes.nth(9).locator(".hint").inner_text()
    assert hint == "Scrivi un numero in %; per i decimali usa la virgola."
    for n, (_, _, typed, _) in enumerate(NUMBERS):
        boxes.nth(n).locator("input").fill(typed)
    hand_in(frame)
    verdicts = [boxes.nth(n).locator(".verdict").inner_text() for n in range(len(NUMBERS))]
    assert verdicts == [
        "Risposta corretta." if right else "Risposta errata." for *_, right in NUMBERS
    ]
    # Expected answers and the score in Italian: 14 of 17 points.
    assert boxes.nth(0).locator("[data-when=answer]").inner_text().endswith("23.000")
    assert boxes.nth(14).locator("[data-when=answer]").inner_text().endswith("216 minuti")
    assert "Punteggio: 14 su 17 punti (82,35 %)." in frame.locator("#quiz-result").inner_text()
    data = leave(page)
    records = interactions(data)
    assert [r[KEYS[version]["response"]] for r in records[:2]] == ["23000", "23000"]
    assert records[10][KEYS[version]["response"]] == "95"


def settled_top(element) -> float:  # noqa: ANN001
    """Where an element's top is once the page has stopped scrolling (scrolling may be smooth)."""
    return element.evaluate("""e => new Promise(done => {
        let last = null;
        const look = () => {
            const top = e.getBoundingClientRect().top;
            if (top === last) done(top); else { last = top; setTimeout(look, 100); }
        };
        look(); })""")


def focused(frame) -> str:  # noqa: ANN001
    """The focused element, as its id or its text."""
    return frame.locator("body").evaluate(
        "() => document.activeElement.id || document.activeElement.textContent.trim()"
    )


@both_versions
def test_consegna_asks_first_then_shows_the_result_first(
    page, server, version: str, tmp_path: Path
) -> None:
    keys = KEYS[version]
    frame = launch(page, server, version, "verifica")
    frame.get_by_role("button", name="Consegna").click()
    dialog = frame.get_by_role("dialog", name="Consegnare la verifica?")
    assert dialog.is_visible()
    assert "Domande senza risposta: 8 su 8." in dialog.inner_text()
    assert "Se non la superi, ti resterà ancora 1 tentativo." in dialog.inner_text()
    assert focused(frame) == "Torna alle domande"  # the action that loses nothing
    frame.locator("body").press("Escape")
    assert dialog.is_hidden() and focused(frame) == "quiz-submit"
    frame.get_by_role("button", name="Consegna").click()
    dialog.get_by_role("button", name="Torna alle domande").click()
    assert dialog.is_hidden() and frame.locator("#quiz-result").is_hidden()
    assert not [c for c in page.evaluate("lms.calls") if c[0] == keys["raw"]]

    answer_all(frame, True, tmp_path)
    frame.get_by_role("button", name="Consegna").click()
    assert "Hai risposto a tutte le domande." in dialog.inner_text()
    dialog.get_by_role("button", name="Sì, consegna").click()
    result = frame.locator("#quiz-result")
    assert focused(frame) == "quiz-result"
    assert result.locator("p").first.inner_text() == "Verifica superata."
    # In view, at the top of the page, below the header that stays on screen.
    top = settled_top(result)
    header = frame.locator(".sco-header").evaluate("h => h.getBoundingClientRect().bottom")
    assert header <= top < 300
    assert leave(page)[keys["raw"]] == "100"


def test_the_last_attempt_is_announced_before_handing_it_in(page, server, tmp_path: Path) -> None:
    frame, _, _ = take_quiz(page, server, "1.2", False, tmp_path)
    frame.get_by_role("button", name="Nuovo tentativo").click()
    frame.get_by_role("button", name="Consegna").click()
    assert "È il tuo ultimo tentativo" in frame.get_by_role("dialog").inner_text()


def test_the_progress_stays_in_view_while_scrolling(page, server) -> None:
    page.set_viewport_size({"width": 360, "height": 640})
    frame = launch(page, server, "2004", "verifica")
    frame.locator(".question").filter(has_text="sigla").locator("input").fill("CRM")
    frame.locator(".question").filter(has_text="sigla").locator("input").press("Tab")
    frame.get_by_role("button", name="Consegna").scroll_into_view_if_needed()
    progress = frame.locator("#progress-text")
    assert progress.inner_text() == "Risposte date: 1 di 8"
    box = progress.evaluate("p => [p.getBoundingClientRect().top, window.innerHeight]")
    assert frame.locator("body").evaluate("() => window.scrollY") > 500
    assert 0 <= box[0] < box[1]


def move_states(box) -> list[tuple[bool, bool]]:  # noqa: ANN001
    """(Su enabled, Giù enabled) of each item of an ordering question, top to bottom."""
    return [
        (item.locator("[data-move=up]").is_enabled(), item.locator("[data-move=down]").is_enabled())
        for item in box.locator("li[data-item]").all()
    ]


@both_versions
def test_an_ordering_counts_as_answered_once_moved_also_after_a_resume(
    page, server, version: str
) -> None:
    frame = launch(page, server, version, "verifica")
    progress = frame.locator("#progress-text")
    assert progress.inner_text() == "Risposte date: 0 di 8"  # the shuffled order is no answer
    box = frame.locator(".question").filter(has_text="Metti in ordine")
    assert move_states(box) == [(False, True), (True, True), (True, False)]
    first = box.locator("li").first
    first.get_by_role("button", name=re.compile("^Giù")).click()
    assert progress.inner_text() == "Risposte date: 1 di 8"
    assert move_states(box) == [(False, True), (True, True), (True, False)]
    order = box.locator("li").evaluate_all("items => items.map(i => i.dataset.item)")
    # Moved to the top, an item's "Su" turns off: the focus moves to its "Giù".
    box.locator("li").nth(1).get_by_role("button", name=re.compile("^Su")).click()
    assert focused(frame).startswith("Giù")
    box.locator("li").first.get_by_role("button", name=re.compile("^Giù")).click()
    data = leave(page)

    frame = launch(page, server, version, "verifica", relaunch_data(version, data))
    assert frame.locator("#progress-text").inner_text() == "Risposte date: 1 di 8"
    box = frame.locator(".question").filter(has_text="Metti in ordine")
    assert box.locator("li").evaluate_all("items => items.map(i => i.dataset.item)") == order
    assert move_states(box) == [(False, True), (True, True), (True, False)]


@both_versions
def test_a_resumed_quiz_shows_the_same_drawn_questions_and_answers(
    page, server, version: str
) -> None:
    frame = launch(page, server, version, "verifica")
    drawn = frame.locator(".pool .question:not([hidden])").get_attribute("id")
    frame.locator(".question").filter(has_text="sigla").locator("input").fill("crm")
    data = leave(page)
    assert json.loads(data["cmi.suspend_data"])["d"] == [drawn]

    frame = launch(page, server, version, "verifica", relaunch_data(version, data))
    assert frame.locator(".pool .question:not([hidden])").get_attribute("id") == drawn
    assert (
        frame.locator(".question").filter(has_text="sigla").locator("input").input_value() == "crm"
    )


# ---------------------------------------------------------------- limits and accessibility


def largest(course: Path) -> None:
    """The test course with a 203-screen lesson and a quiz as large as a verification gets."""
    lesson = course / "content" / UNIT / "01-lezione.md"
    lesson.write_text(
        lesson.read_text(encoding="utf-8")
        + "".join(f"\n---\n\n## Schermata {n}\n\nTesto.\n" for n in range(200)),
        encoding="utf-8",
    )
    (course / "quizzes" / "prova.md").write_text(large_quiz(), encoding="utf-8")


def test_suspend_data_fits_scorm12_for_the_largest_lesson_and_a_full_quiz(
    page, course_variant
) -> None:
    local = course_variant("largest", largest)
    frame = launch(page, local, "1.2", "lezione")
    for _ in range(202):
        frame.get_by_role("button", name="Avanti").click()
    data = leave(page)
    assert data["cmi.core.lesson_status"] == "completed"
    assert len(data["cmi.suspend_data"]) <= 60

    frame = launch(page, local, "1.2", "verifica")
    frame.locator(".answer-input").evaluate_all(
        'els => els.forEach(e => { e.value = "\\"".repeat(e.maxLength); })'
    )
    frame.locator("select").evaluate_all(
        "els => els.forEach(e => { e.selectedIndex = e.options.length - 1; })"
    )
    frame.locator("input[type=checkbox]").evaluate_all(
        "els => els.forEach(e => { e.checked = true; })"
    )
    frame.locator("#quiz-form").dispatch_event("change")
    hand_in(frame)
    data = leave(page)
    state = data["cmi.suspend_data"]
    assert len(json.loads(state)["a"]) == 60
    assert 3000 < len(state) <= 4096
    assert not [
        c for c in page.evaluate("lms.calls") if c[0] == "cmi.suspend_data" and len(c[1]) > 4096
    ]


def large_quiz() -> str:
    """A quiz as large as a unit verification gets: many questions of every kind, two pools."""
    parts = ["Quiz title: Verifica grande\nMastery: 60%\n"]
    for n in range(12):
        parts.append(
            f"1.  Domanda a scelta multipla numero {n}?\n[*] Uno\n[ ] Due\n[*] Tre\n[ ] Quattro\n"
        )
        parts.append(f"1.  Abbina le coppie {n}.\n~   A => 1\n~   B => 2\n~   C => 3\n~   => 4\n")
        parts.append(
            f"1.  Ordina gli elementi {n}.\n>   primo\n>   secondo\n>   terzo\n>   quarto\n"
        )
        parts.append(f"1.  Scrivi la risposta {n}.\n*   risposta\n")
    for n in range(4):
        parts.append(f"1.  Descrivi il caso {n}.\n___\n")
    for pool in range(2):
        parts.append("GROUP\nPick: 4\nPoints per question: 1\n")
        parts.extend(f"1.  Domanda estratta {pool}-{n}?\n*a) Vero\nb)  Falso\n" for n in range(10))
        parts.append("END_GROUP\n")
    return "\n".join(parts)


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def serious_violations(page) -> list[str]:  # noqa: ANN001
    frame = page.frame_locator("#sco")
    frame.locator("body").evaluate("""() => new Promise((resolve, reject) => {
        const s = document.createElement('script'); s.src = '/axe/axe.min.js';
        s.onload = resolve; s.onerror = reject; document.head.appendChild(s); })""")
    found = frame.locator("body").evaluate(
        "(body, tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then(r => r.violations.map(v => [v.id, v.impact, v.nodes.length]))",
        AXE_TAGS,
    )
    return [
        f"{rule} ({impact}, {nodes} nodes)"
        for rule, impact, nodes in found
        if impact in ("serious", "critical")
    ]


color_schemes = pytest.mark.parametrize("scheme", ["light", "dark"])


@color_schemes
def test_axe_finds_no_serious_violation_on_the_lesson_screens(page, server, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    frame = launch(page, server, "1.2", "lezione")
    for _ in range(2):  # the last screen has a box of each kind
        frame.get_by_role("button", name="Avanti").click()
    frame.get_by_text("Soluzione").click()
    frame.get_by_text("Glossario della lezione").click()
    frame.get_by_text("Elenco delle schermate").click()
    assert serious_violations(page) == []
    frame.get_by_role("button", name="Avanti").click()  # the end of the lesson
    assert frame.locator("#lesson-end").is_visible()
    assert serious_violations(page) == []


@color_schemes
def test_axe_finds_no_serious_violation_on_the_quiz(
    page, server, scheme: str, tmp_path: Path
) -> None:
    page.emulate_media(color_scheme=scheme)
    frame = launch(page, server, "2004", "verifica")
    assert serious_violations(page) == []
    frame.get_by_role("button", name="Consegna").click()  # the dialog open
    assert serious_violations(page) == []
    take_quiz(page, server, "2004", False, tmp_path)  # with feedback on show
    assert serious_violations(page) == []


PAPER = {"light": "rgb(255, 255, 255)", "dark": "rgb(22, 24, 27)"}
BOXES = {  # the title of each kind of box, and the screen of the test lesson that has one
    ".objectives h2": 1,
    ".note > .admonition-title": 3,
    ".tip > .admonition-title": 3,
    ".warning > .admonition-title": 3,
    ".example > .admonition-title": 3,
    "details.solution > summary": 3,
    "details.glossary > summary": 3,
}


@color_schemes
def test_each_kind_of_box_has_its_look_readable_in_the_systems_colour_scheme(
    page, server, scheme: str
) -> None:
    page.emulate_media(color_scheme=scheme)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    frame = launch(page, server, "2004", "lezione")
    paper = frame.locator("body").evaluate("b => getComputedStyle(b).backgroundColor")
    assert paper == PAPER[scheme]  # the system's scheme, light or dark
    looks = set()
    for selector, screen in BOXES.items():
        while visible_screen(frame) != f"screen-{screen}":
            frame.get_by_role("button", name="Avanti").click()
        title = frame.locator(selector)
        assert title.is_visible() and title.evaluate(CONTRAST, "text") >= 4.5, selector
        icon = title.evaluate("t => getComputedStyle(t, '::before').webkitMaskImage")
        assert icon.startswith('url("data:image/svg+xml'), selector  # drawn by the styles
        looks.add((title.evaluate("t => getComputedStyle(t).color"), icon))
    assert len(looks) == len(BOXES)  # no two kinds look alike
    assert all(url.startswith(server.url) for url in requested)  # no request leaves the site


LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 2"><rect width="8" height="2"/></svg>'
)


def branded(course: Path) -> None:
    """The test course with a logo, its own colours and font."""
    (course / "content" / "logo.svg").write_text(LOGO, encoding="utf-8")
    plan = course / "content" / "course.yml"
    plan.write_text(
        plan.read_text(encoding="utf-8")
        + "branding:\n  logo: logo.svg\n"
        + '  primary: "#7a1f5c"\n  accent: "#1b6e20"\n  font: Georgia, serif\n',
        encoding="utf-8",
    )


@color_schemes
def test_the_courses_branding_styles_its_pages(page, course_variant, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    frame = launch(page, course_variant("branded", branded), "2004", "lezione")
    heading = frame.locator("h1").evaluate("h => getComputedStyle(h).color")
    assert heading == ("rgb(122, 31, 92)" if scheme == "light" else "rgb(175, 121, 157)")
    assert frame.locator("body").evaluate("b => getComputedStyle(b).fontFamily") == (
        "Georgia, serif"
    )
    logo = frame.get_by_role("img", name="Ente di prova")
    assert logo.get_attribute("src") == "shared/logo.svg"
    assert logo.evaluate("i => i.complete && i.naturalWidth > 0")
    assert serious_violations(page) == []


def test_pages_fit_a_360px_wide_screen(page, server) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    for sco in ("lezione", "verifica"):
        frame = launch(page, server, "1.2", sco)
        width = frame.locator("body").evaluate("b => [b.scrollWidth, b.clientWidth]")
        assert width[0] <= width[1], sco
