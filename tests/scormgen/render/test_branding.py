import re

from course_model.colours import DARK_PAGE, worst_contrast
from course_model.plan import Branding
from scormgen.render.branding import head_style, logo_path
from tests.scormgen.render.test_pages import rendered_unit

SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 1"><rect width="4" height="1"/></svg>'


def test_the_head_sets_the_runtimes_properties_and_lighter_colours_for_dark_pages():
    style = head_style(Branding(primary="#7a1f5c", accent="#b34700", font="Georgia, serif"))
    light, dark = style.split("@media screen and (prefers-color-scheme: dark)")  # paper is white
    assert light == ":root { --primary: #7a1f5c; --accent: #b34700; --font: Georgia, serif; } "
    primary, accent = re.findall(r"--(?:primary|accent): (#\w+)", dark)
    assert worst_contrast(primary, DARK_PAGE) >= 4.5 and worst_contrast(accent, DARK_PAGE) >= 3
    assert head_style(Branding(font="serif")) == ":root { --font: serif; }"
    assert head_style(Branding()) == ""


def test_a_branded_course_packages_its_logo_and_styles_every_page(course_dir):
    (course_dir / "media").mkdir()
    (course_dir / "media" / "Logo.SVG").write_text(SVG, encoding="utf-8")
    plan = course_dir / "course.yml"
    plan.write_text(
        plan.read_text(encoding="utf-8")
        + 'provider: Ente di prova\nbranding: {logo: media/Logo.SVG, primary: "#7a1f5c"}\n',
        encoding="utf-8",
    )
    rendered = rendered_unit(course_dir)
    assert "shared/logo.svg" in rendered.shared_files
    assert rendered.files["shared/logo.svg"] == SVG.encode()
    for sco in rendered.scos:
        page = rendered.files[sco.href].decode("utf-8")
        assert "<style>:root { --primary: #7a1f5c; }" in page
        assert '<img class="logo" src="shared/logo.svg" alt="Ente di prova">' in page


def test_an_unbranded_course_adds_nothing(course_dir):
    rendered = rendered_unit(course_dir)
    assert not [path for path in rendered.files if "logo" in path]
    assert "<style>" not in rendered.files["verifica.html"].decode("utf-8")
    assert logo_path(Branding(), "shared") is None
