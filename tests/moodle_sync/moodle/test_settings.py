from __future__ import annotations

from pathlib import Path

import pytest

from course_model.errors import ConfigError
from moodle_sync.moodle.settings import Token, check_url, default_config_path, load_settings


def config(path: Path, text: str, mode: int) -> Path:
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


def test_environment_gives_url_and_token(tmp_path: Path) -> None:
    settings = load_settings(
        {"MOODLE_URL": "https://moodle.example.org/", "MOODLE_TOKEN": "abc123"}, home=tmp_path
    )
    assert settings.url == "https://moodle.example.org"
    assert settings.token.reveal() == "abc123"


def test_half_an_environment_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="MOODLE_TOKEN is not set"):
        load_settings({"MOODLE_URL": "https://moodle.example.org"}, home=tmp_path)


def test_nothing_configured_says_how_to(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="set MOODLE_URL and MOODLE_TOKEN"):
        load_settings({}, home=tmp_path)


@pytest.mark.parametrize("mode", [0o600, 0o400])
def test_owner_only_config_file_is_read(tmp_path: Path, mode: int) -> None:
    path = config(
        tmp_path / "c.toml",
        'url = "https://m.example.org"\ntoken = "secret-1"\ntimeout = 5\n',
        mode,
    )
    settings = load_settings({"MOODLE_URL": "https://other.example.org", "MOODLE_TOKEN": "x"}, path)
    assert (settings.url, settings.token.reveal(), settings.timeout) == (
        "https://m.example.org",
        "secret-1",
        5.0,
    )


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o700, 0o660])
def test_config_file_others_can_read_is_refused(tmp_path: Path, mode: int) -> None:
    path = config(tmp_path / "c.toml", 'url = "https://m.example.org"\ntoken = "secret-1"\n', mode)
    with pytest.raises(ConfigError, match="only its owner may read it") as caught:
        load_settings({}, path)
    assert "secret-1" not in str(caught.value)


def test_default_config_file_is_used_when_the_environment_is_empty(tmp_path: Path) -> None:
    path = default_config_path(tmp_path)
    path.parent.mkdir(parents=True)
    config(path, 'url = "http://localhost:8080"\ntoken = "t"\n', 0o600)
    assert load_settings({}, home=tmp_path).source == str(path)


@pytest.mark.parametrize(
    "text, message",
    [
        ('url = "https://m.example.org"\n', "needs text values"),
        ('url = "https://m.example.org"\ntoken = "t"\npassword = "p"\n', "unknown setting"),
        ('url = "https://m.example.org"\ntoken = "t"\ntimeout = -1\n', "from 1 to 3600"),
        ("url = \n", "not valid TOML"),
    ],
)
def test_bad_config_files_name_the_file(tmp_path: Path, text: str, message: str) -> None:
    path = config(tmp_path / "c.toml", text, 0o600)
    with pytest.raises(ConfigError, match=message) as caught:
        load_settings({}, path)
    assert str(path) in str(caught.value)


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost",
        "http://127.0.0.1:8080/moodle",
        "http://[::1]:8000",
        "https://moodle.example.org",
    ],
)
def test_https_or_this_machine(url: str) -> None:
    assert check_url(url) == url.rstrip("/")


@pytest.mark.parametrize(
    "url, message",
    [
        ("http://moodle.example.org", "plain http is refused"),
        ("ftp://moodle.example.org", "must look like"),
        ("moodle.example.org", "must look like"),
        ("https://user:pw@moodle.example.org", "credentials"),
    ],
)
def test_unsafe_urls_are_refused(url: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        check_url(url)


def test_the_token_never_shows_itself() -> None:
    token = Token("very-secret")
    assert "very-secret" not in f"{token} {token!r} {[token]} {dict(t=token)}"
    assert token == Token("very-secret") and token.reveal() == "very-secret"
