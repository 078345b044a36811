"""`scormgen preview` in a real browser: the built-in API plays a SCO, shows calls and CMI data."""

from pathlib import Path

from playwright.sync_api import expect

from scormgen.authoring.localserver import LocalServer
from scormgen.authoring.preview import Preview
from tests.browser.conftest import HERE, copy_course


def test_the_preview_plays_a_lesson_and_shows_api_calls_and_cmi_data(page, tmp_path: Path) -> None:
    preview = Preview(copy_course(HERE / "course", tmp_path / "course"))
    preview.rebuild()
    with LocalServer(preview.routes()) as server:
        page.goto(server.url + "/")
        page.frame_locator("#player").get_by_role("button", name="Avanti").click()
        calls = page.locator("#calls")
        calls.get_by_text('LMSSetValue("cmi.core.lesson_location", "2")').wait_for()
        assert calls.locator("li").first.inner_text() == 'LMSInitialize("") → "true"'
        cmi = page.locator("#cmi")
        assert "cmi.core.lesson_status" in cmi.inner_text() and "incomplete" in cmi.inner_text()

        # Switching to SCORM 2004 reloads the page with the other API; the SCO finds it.
        page.select_option("#version", "2004")
        page.locator("#calls").get_by_text('Initialize("") → "true"').wait_for()
        assert "cmi.completion_status" in page.locator("#cmi").inner_text()


def test_the_preview_fits_a_phone_filters_the_cmi_data_and_resumes(page, tmp_path: Path) -> None:
    preview = Preview(copy_course(HERE / "course", tmp_path / "course"))
    preview.rebuild()
    page.set_viewport_size({"width": 390, "height": 844})
    with LocalServer(preview.routes()) as server:
        page.goto(server.url + "/")
        page.frame_locator("#player").get_by_role("button", name="Avanti").click()
        page.locator("#calls").get_by_text('"cmi.core.lesson_location", "2"').wait_for()
        # Nothing is wider than the phone: the SCO selector and the panel wrap.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        box = page.locator("#sco").bounding_box()
        assert box is not None and box["x"] + box["width"] <= 390
        page.fill("#cmi-filter", "status")
        names = page.locator("#cmi tr td:first-child").all_inner_texts()
        assert names == ["cmi.core.lesson_status"]
        # A name breaks at its dots only.
        cell = page.locator("#cmi tr td:first-child").first
        assert cell.locator("wbr").count() == 2
        page.fill("#cmi-filter", "")
        # The SCO suspends when it is left unfinished; launched again, it resumes.
        page.fill("#cmi-filter", "entry")
        page.click("#relaunch")
        # The first session's row (ab-initio) shows until the second session starts.
        expect(page.locator("#cmi tr")).to_have_text(
            ["cmi.core.entry\tresume"], use_inner_text=True
        )
