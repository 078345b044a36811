import sys

import jinja2
import pytest

from scormgen.template_cache import TemplateCache


def _env(folder):
    return jinja2.Environment(loader=jinja2.FileSystemLoader(folder), bytecode_cache=TemplateCache(folder))


@pytest.fixture
def templates(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    (tmp_path / "page.html").write_text("Ciao {{ name }}")
    return tmp_path


def test_compiled_templates_are_kept_and_reused(templates, monkeypatch):
    assert _env(templates).get_template("page.html").render(name="Anna") == "Ciao Anna"
    cached = list((templates / "__pycache__").iterdir())
    assert len(cached) == 1

    def no_compiling(*args, **kwargs):
        raise AssertionError("compiled again although the cache holds it")
    env = _env(templates)
    monkeypatch.setattr(env, "compile", no_compiling)
    assert env.get_template("page.html").render(name="Luca") == "Ciao Luca"


def test_an_edited_template_is_compiled_again(templates):
    _env(templates).get_template("page.html")
    (templates / "page.html").write_text("Buongiorno {{ name }}")
    assert _env(templates).get_template("page.html").render(name="Anna") == "Buongiorno Anna"


def test_nothing_is_written_when_bytecode_writing_is_off(templates, monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    assert _env(templates).get_template("page.html").render(name="Anna") == "Ciao Anna"
    assert not (templates / "__pycache__").exists()


def test_a_read_only_folder_only_costs_the_compiling(templates):
    (templates / "__pycache__").write_text("not a folder")
    assert _env(templates).get_template("page.html").render(name="Anna") == "Ciao Anna"


def test_a_damaged_cache_entry_is_compiled_again(templates):
    _env(templates).get_template("page.html")
    for entry in (templates / "__pycache__").iterdir():
        entry.write_bytes(entry.read_bytes()[:20])
    assert _env(templates).get_template("page.html").render(name="Anna") == "Ciao Anna"
