"""Where moodle-sync finds the site and its token: MOODLE_URL + MOODLE_TOKEN, or a config file.

The config file (TOML: `url = "..."`, `token = "..."`, optional `timeout = 60`) is
`--config FILE` or `~/.config/moodle-sync/config.toml`; it is refused unless only its owner
can read it (mode 0600 or 0400). The token is never taken from the command line and never
printed: `Token` shows itself as `***` everywhere.
"""

from __future__ import annotations

import math
import os
import re
import stat
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from course_model.errors import ConfigError
from course_model.i18n import t, tn
from course_model.textfile import read_text

LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
DEFAULT_TIMEOUT = 60.0
MAX_TIMEOUT = 3600.0  # an hour per request: beyond that a hung site would look like a slow one
_TOKEN_TEXT = re.compile(r"[!-~]+")  # Moodle's tokens are letters and digits: visible ASCII at most
# What a page may slip between the token's characters without showing them.
_INVISIBLE = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u00ad\u200b-\u200f\u2060\ufeff]*"


def _spellings(char: str) -> str:
    """A pattern for one character as it may be written: itself, URL-encoded, escaped in JSON,
    Python or HTML (hexadecimal digits in either case)."""
    code = ord(char)
    forms = [
        re.escape(char),
        "".join(f"%(?i:{byte:02x})" for byte in char.encode("utf-8")),
        f"&#0*{code};",
        f"&#[xX]0*(?i:{code:x});",
    ]
    if code <= 0xFFFF:
        forms.append(f"\\\\u(?i:{code:04x})")
    if code <= 0xFF:
        forms.append(f"\\\\x(?i:{code:02x})")
    return "(?:" + "|".join(forms) + ")"


class Token:
    """A web-service token that never shows its value in repr, str or format."""

    __slots__ = ("_value", "_encoded")

    def __init__(self, value: str):
        self._value = value
        # The token written in any of the ways a server or a page may echo it, with invisible
        # characters slipped in between (compiled once: every answer goes through it).
        self._encoded = re.compile(_INVISIBLE.join(_spellings(char) for char in value))

    def reveal(self) -> str:
        return self._value

    def redact(self, text: str) -> str:
        """`text` with this token replaced by ***, whether written as it is, URL-encoded or
        escaped: the one scrubbing every output of moodle-sync goes through."""
        if not self._value:
            return text
        text = text.replace(self._value, "***")
        # Tested one by one: this runs for every text and number of every answer.
        if text.isprintable() and "%" not in text and "&" not in text and "\\" not in text:
            return text  # nothing in it could spell the token another way
        return self._encoded.sub("***", text)

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
                t(
                    "{missing} is not set (set both MOODLE_URL and MOODLE_TOKEN, or use a config "
                    "file)",
                    missing=missing,
                )
            )
        return Settings(check_url(url), check_token(token))
    default = default_config_path(home or Path.home())
    if default.exists():
        return _from_file(default)
    raise ConfigError(
        t(
            "no Moodle site configured: set MOODLE_URL and MOODLE_TOKEN, or write {path} "
            "(mode 0600)",
            path=default,
        )
    )


def check_token(text: str) -> Token:
    """The token, once it is one word of visible ASCII characters (Moodle's are 32 letters and
    digits)."""
    if not _TOKEN_TEXT.fullmatch(text):
        raise ConfigError(t("the token must be one word of letters and digits, as Moodle shows it"))
    return Token(text)


def _port_is_valid(url: str) -> bool:
    try:
        urlsplit(url).port  # noqa: B018 (a port that is no number, or beyond 65535, raises)
    except ValueError:
        return False
    return True


def check_url(url: str) -> str:
    """The site's base URL without a trailing slash; https unless the host is this machine."""
    parts = urlsplit(url)
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or not _port_is_valid(url)
        or not url.isprintable()
        or any(char.isspace() for char in url)
    ):
        raise ConfigError(
            t(
                "the Moodle URL must look like https://moodle.example.org, not {url}",
                url=repr(url),
            )
        )
    if parts.username or parts.password or parts.query or parts.fragment:
        raise ConfigError(t("the Moodle URL must not carry credentials, a query or a fragment"))
    if parts.scheme == "http" and parts.hostname not in LOOPBACK_HOSTS:
        raise ConfigError(
            t(
                "plain http is refused for {host}: use https (http is allowed only for localhost)",
                host=parts.hostname,
            )
        )
    return url.rstrip("/")


def check_timeout(value: object, path: Path) -> float:
    """Seconds per request: a finite number from 1 s to an hour (TOML can write nan and inf)."""
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not math.isfinite(value)
        or not 1 <= value <= MAX_TIMEOUT
    ):
        raise ConfigError(
            t(
                "'timeout' must be a number of seconds from 1 to {most}, not {value}",
                most=f"{MAX_TIMEOUT:g}",
                value=repr(value),
            ),
            path,
        )
    return float(value)


def _from_file(path: Path) -> Settings:
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ConfigError(t("config file not found"), path) from None
    except OSError as exc:
        raise ConfigError(
            t("cannot read the config file: {reason}", reason=exc.strerror), path
        ) from None
    if stat.S_ISDIR(info.st_mode):
        raise ConfigError(t("this is a folder; the config file is a TOML file in it"), path)
    if not stat.S_ISREG(info.st_mode):  # a FIFO or a device would hang the read, or never end
        raise ConfigError(t("not a file"), path)
    mode = stat.S_IMODE(info.st_mode)
    if mode not in (0o600, 0o400) or info.st_uid != os.geteuid():
        raise ConfigError(
            t(
                "refused: the config file holds the token, so only its owner may read it "
                "(mode is {mode}; run chmod 600 {path})",
                mode=f"{mode:04o}",
                path=path,
            ),
            path,
        )
    try:
        data = tomllib.loads(read_text(path, ConfigError))  # a byte order mark is allowed
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(t("not valid TOML: {problem}", problem=exc), path) from None
    unknown = set(data) - {"url", "token", "timeout"}
    if unknown:
        raise ConfigError(
            tn(
                "unknown setting: {names} (expected url, token, timeout)",
                "unknown settings: {names} (expected url, token, timeout)",
                len(unknown),
                names=", ".join(sorted(unknown)),
            ),
            path,
        )
    url, token, timeout = data.get("url"), data.get("token"), data.get("timeout", DEFAULT_TIMEOUT)
    if not isinstance(url, str) or not isinstance(token, str) or not token.strip():
        raise ConfigError(t("needs text values for both 'url' and 'token'"), path)
    seconds = check_timeout(timeout, path)
    try:
        checked, secret = check_url(url), check_token(token.strip())
    except ConfigError as exc:
        raise ConfigError(str(exc), path) from None
    return Settings(checked, secret, seconds, source=str(path))
