"""Compiled templates kept between builds: the packages are the same bytes whether the cache is
empty, filled, damaged or unusable, and a build never fails because of it."""

import os
import tempfile
from pathlib import Path

import jinja2
import pytest
from jinja2.bccache import bc_magic

from scormgen.build import build
from scormgen.render.pages import SCO_TEMPLATES
from scormgen.render.template_cache import template_cache


@pytest.fixture
def cache(tmp_path: Path, monkeypatch) -> Path:
    """The folder Jinja keeps this user's compiled templates in, under a temporary folder of the
    test's own."""
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    return temporary / f"_jinja2-cache-{os.getuid()}"


def built(course_dir: Path, out: Path) -> dict[str, bytes]:
    build(course_dir, out, formats=("scorm12", "scorm2004"))
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*.zip"))}


def test_a_second_build_uses_the_compiled_templates_and_gives_the_same_bytes(
    course_dir, tmp_path, cache
):
    first = built(course_dir, tmp_path / "first")
    entries = sorted(cache.iterdir())
    assert len(entries) == len(SCO_TEMPLATES)  # this course has no company profile page
    assert (cache.stat().st_mode & 0o777) == 0o700
    stamps = [entry.stat().st_mtime_ns for entry in entries]
    assert built(course_dir, tmp_path / "second") == first
    assert [entry.stat().st_mtime_ns for entry in entries] == stamps  # read, not written again


def test_damaged_entries_are_compiled_again(course_dir, tmp_path, cache):
    first = built(course_dir, tmp_path / "first")
    for entry in cache.iterdir():
        entry.write_bytes(bc_magic + b"garbage")  # Jinja's header, then nothing it can read
    assert built(course_dir, tmp_path / "second") == first
    assert all(not entry.read_bytes().endswith(b"garbage") for entry in cache.iterdir())


def test_a_cache_folder_others_could_write_to_is_not_used(course_dir, tmp_path, cache):
    first = built(course_dir, tmp_path / "first")
    for entry in cache.iterdir():
        entry.unlink()
    cache.rmdir()
    cache.write_text("not a folder")  # Jinja refuses anything but a folder only its owner uses
    assert built(course_dir, tmp_path / "second") == first


def test_other_settings_compile_their_own_entries(tmp_path, cache):
    (tmp_path / "page.html").write_text("{% if true %}\n<b>{{ name }}</b>\n{% endif %}\n")
    pages = []
    for settings in ({"autoescape": True, "trim_blocks": True}, {"autoescape": False}) * 2:
        environment = jinja2.Environment(
            loader=jinja2.FileSystemLoader(tmp_path),
            bytecode_cache=template_cache(settings),
            **settings,
        )
        pages.append(environment.get_template("page.html").render(name="<i>"))
    assert pages == ["<b>&lt;i&gt;</b>\n", "\n<b><i></b>\n"] * 2
    assert len(list(cache.iterdir())) == 2
