"""Links between lessons in a real browser: the other lesson opens for reference, at the linked
screen, and never reports to the LMS (it is not the SCO the LMS launched)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from scormgen.authoring.localserver import LocalServer
from tests.browser.conftest import HERE, NODE_MODULES, UNIT, build_and_extract, copy_course

LINKING = """\
---
title: Lezione che rimanda
duration: 5
covers: [K5]
---

# Lezione che rimanda

Rivedi la [terza schermata](01-lezione.md#terza-schermata) della lezione di prova.
"""


@pytest.fixture(scope="module")
def linked(browser: object, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    work = tmp_path_factory.mktemp("links")
    content = copy_course(HERE / "course", work / "course")
    (content / UNIT / "02-rimando.md").write_text(LINKING, encoding="utf-8")
    routes = {
        "/scorm-again/": NODE_MODULES / "scorm-again" / "dist",
        "/pkg/": build_and_extract(content, work / "out"),
        "/": HERE,
    }
    with LocalServer(routes) as server:
        yield server


def test_a_linked_lesson_opens_apart_at_its_screen_without_the_lms(page, linked) -> None:
    page.goto(f"{linked.url}/harness.html")
    page.evaluate("launch('1.2', '/pkg/scorm12/uf1-prova/rimando.html', null)")
    page.wait_for_function("() => window.API && window.API.isInitialized()")
    frame = page.frame_locator("#sco")
    with page.context.expect_page() as opened:
        frame.get_by_role("link", name="terza schermata").click()
    other = opened.value
    other.wait_for_load_state()
    assert other.url.endswith("/lezione.html?consulta=1#s3-terza-schermata")
    assert other.locator("section.screen:not([hidden])").get_attribute("id") == "screen-3"
    assert other.locator("#standalone-note").is_visible()
    other.close()
    # The LMS heard only from the SCO it launched, which is still on its first screen.
    assert page.evaluate("cmi()")["cmi.core.lesson_location"] == "1"
    assert page.evaluate("lms.finished") == 0


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_a_lesson_opened_for_reference_in_the_lms_frame_leaves_the_lms_alone(
    page, linked, version: str
) -> None:
    fmt = "scorm12" if version == "1.2" else "scorm2004"
    page.goto(f"{linked.url}/harness.html")
    page.evaluate(
        "([v, url]) => launch(v, url, null)",
        [version, f"/pkg/{fmt}/uf1-prova/lezione.html?consulta=1#s2-seconda-schermata"],
    )
    frame = page.frame_locator("#sco")
    frame.locator("#screen-2:not([hidden])").wait_for()
    page.evaluate("unloadSco()")
    assert not page.evaluate("(window.API || window.API_1484_11).isInitialized()")
    assert page.evaluate("lms.calls") == [] and page.evaluate("lms.finished") == 0
