"""Where moodle-sync finds the site and its token: MOODLE_URL + MOODLE_TOKEN, or a config file.

The config file (TOML: `url = "..."`, `token = "..."`, optional `timeout = 60`) is
`--config FILE` or `~/.config/moodle-sync/config.toml`; it is refused unless only its owner
can read it (mode 0600 or 0400). The token is never taken from the command line and never
printed: `Token` shows itself as `***` everywhere.
"""

from __future__ import annotations

import os
import stat
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from course_model.errors import ConfigError

LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
DEFAULT_TIMEOUT = 60.0


class Token:
    """A web-service token that never shows its value in repr, str or format."""

    __slots__ = ("_value",)

    def __init__(self, value: str):
        self._value = value

    def reveal(self) -> str:
        return self._value

    def redact(self, text: str) -> str:
        """`text` with this token replaced by ***: the one scrubbing every output of moodle-sync goes through."""
        return text.replace(self._value, "***") if self._value else text

    def __repr__(self) -> str:
        return "Token(***)"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Token) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


@dataclass(frozen=True)
class Settings:
    url: str
    token: Token
    timeout: float = DEFAULT_TIMEOUT
    source: str = "environment"


def default_config_path(home: Path) -> Path:
    return home / ".config" / "moodle-sync" / "config.toml"


def load_settings(
    env: Mapping[str, str], config: Path | None = None, home: Path | None = None
) -> Settings:
    """Settings from an explicit config file, else the environment, else the default config file."""
    if config is not None:
        return _from_file(config)
    url, token = env.get("MOODLE_URL", "").strip(), env.get("MOODLE_TOKEN", "").strip()
    if url or token:
        if not (url and token):
            missing = "MOODLE_TOKEN" if url else "MOODLE_URL"
            raise ConfigError(
                f"{missing} is not set (set both MOODLE_URL and MOODLE_TOKEN, or use a config file)"
            )
        return Settings(check_url(url), Token(token))
    default = default_config_path(home or Path.home())
    if default.exists():
        return _from_file(default)
    raise ConfigError(
        f"no Moodle site configured: set MOODLE_URL and MOODLE_TOKEN, or write {default} (mode 0600)"
    )


def check_url(url: str) -> str:
    """The site's base URL without a trailing slash; https unless the host is this machine."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"the Moodle URL must look like https://moodle.example.org, not {url!r}")
    if parts.username or parts.password or parts.query or parts.fragment:
        raise ConfigError("the Moodle URL must not carry credentials, a query or a fragment")
    if parts.scheme == "http" and parts.hostname not in LOOPBACK_HOSTS:
        raise ConfigError(
            f"plain http is refused for {parts.hostname}: use https (http is allowed only for localhost)"
        )
    return url.rstrip("/")


def _from_file(path: Path) -> Settings:
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ConfigError("config file not found", path) from None
    mode = stat.S_IMODE(info.st_mode)
    if mode not in (0o600, 0o400) or info.st_uid != os.geteuid():
        raise ConfigError(
            f"refused: the config file holds the token, so only its owner may read it "
            f"(mode is {mode:04o}; run chmod 600 {path})",
            path,
        )
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"not valid TOML: {exc}", path) from None
    unknown = set(data) - {"url", "token", "timeout"}
    if unknown:
        raise ConfigError(
            f"unknown setting(s): {', '.join(sorted(unknown))} (expected url, token, timeout)", path
        )
    url, token, timeout = data.get("url"), data.get("token"), data.get("timeout", DEFAULT_TIMEOUT)
    if not isinstance(url, str) or not isinstance(token, str) or not token.strip():
        raise ConfigError("needs text values for both 'url' and 'token'", path)
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0:
        raise ConfigError("'timeout' must be a positive number of seconds", path)
    try:
        checked = check_url(url)
    except ConfigError as exc:
        raise ConfigError(str(exc), path) from None
    return Settings(checked, Token(token.strip()), float(timeout), source=str(path))
