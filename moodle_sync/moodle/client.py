"""The one place that speaks Moodle's REST protocol: `call(function, **params)` and `upload(path)`.

Parameters are flattened the PHP way (`courses[0][fullname]`), booleans sent as 1/0, and
the answer checked for Moodle's exception object, which comes with HTTP 200. Reads (any
function with `_get_` in its name) are retried with backoff on timeouts, dropped
connections and HTTP 5xx; writes only when the connection failed before the request went
out, because a write whose answer was lost may have taken effect. Everything that leaves
this module (exceptions, log lines) has the token scrubbed from it.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError

from moodle_sync.moodle.errors import MoodleError, TransportError, moodle_error
from moodle_sync.moodle.settings import Settings

log = logging.getLogger("moodle_sync.moodle.client")

REST_PATH = "/webservice/rest/server.php"
UPLOAD_PATH = "/webservice/upload.php"
UPLOAD = "webservice/upload.php"
CONNECT_TIMEOUT = 10.0


@dataclass(frozen=True)
class MoodleWarning:
    """One entry of a `warnings` array: the call succeeded, but not for everything."""

    function: str
    item: str
    itemid: Any
    warningcode: str
    message: str

    def __str__(self) -> str:
        return f"{self.function}: {self.message} [{self.warningcode} {self.item} {self.itemid}]"


def is_read(function: str) -> bool:
    """Moodle names its side-effect-free functions *_get_* (core_webservice_get_site_info included)."""
    return "_get_" in function


def flatten(params: Mapping[str, Any]) -> dict[str, str]:
    """Nested dicts and lists as PHP-style form fields; booleans as 1/0; None left out."""
    fields: dict[str, str] = {}

    def add(key: str, value: Any) -> None:
        if value is None:
            return
        if isinstance(value, Mapping):
            for sub, item in value.items():
                add(f"{key}[{sub}]", item)
        elif isinstance(value, (list, tuple)):
            for index, item in enumerate(value):
                add(f"{key}[{index}]", item)
        elif isinstance(value, bool):
            fields[key] = "1" if value else "0"
        elif isinstance(value, (str, int, float)):
            fields[key] = str(value)
        else:
            raise TypeError(f"cannot send {type(value).__name__} as parameter {key}")

    for name, value in params.items():
        add(name, value)
    return fields


def _sent_nothing(exc: requests.RequestException) -> bool:
    """True when the connection failed before any byte of the request reached the server."""
    if isinstance(exc, requests.ConnectTimeout):
        return True
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    return isinstance(reason, (NewConnectionError, ConnectTimeoutError))


class MoodleClient:
    def __init__(self, settings: Settings, *, attempts: int = 3, backoff: float = 0.5,
                 sleep: Callable[[float], None] = time.sleep, session: requests.Session | None = None):
        self.settings = settings
        self.attempts = attempts
        self.backoff = backoff
        self.warnings: list[MoodleWarning] = []
        self._sleep = sleep
        self._session = session or requests.Session()

    def __repr__(self) -> str:
        return f"MoodleClient({self.settings.url!r})"

    def __enter__(self) -> MoodleClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._session.close()

    def call(self, function: str, **params: Any) -> Any:
        """Call one web-service function; its decoded JSON answer, or the matching MoodleError."""
        fields = {"wstoken": self.settings.token.reveal(), "wsfunction": function, "moodlewsrestformat": "json",
                  **flatten(params)}
        log.debug("calling %s", function)
        payload = self._post(function, REST_PATH, is_read(function), data=fields)
        if isinstance(payload, dict) and "exception" in payload:
            raise self._refusal(function, payload)
        if isinstance(payload, dict) and isinstance(payload.get("warnings"), list):
            self._note_warnings(function, payload["warnings"])
        return payload

    def upload(self, path: Path) -> int:
        """Put one file in a new draft area of the token's user; the draft item id."""
        content = path.read_bytes()
        form = {"token": self.settings.token.reveal(), "filearea": "draft", "itemid": "0", "filepath": "/"}
        log.debug("uploading %s (%d bytes)", path.name, len(content))
        payload = self._post(UPLOAD, UPLOAD_PATH, False, data=form,
                             files={"file_1": (path.name, content, "application/zip")})
        if isinstance(payload, dict) and "error" in payload:
            raise self._refusal(UPLOAD, payload)
        if not isinstance(payload, list) or len(payload) != 1 or not isinstance(payload[0], dict):
            raise TransportError(UPLOAD, f"expected one file record for {path.name}, got {self._scrub(str(payload))[:200]}")
        record = payload[0]
        if int(record.get("filesize", -1)) != len(content):
            raise TransportError(UPLOAD, f"Moodle stored {record.get('filesize')} bytes of {path.name}, "
                                         f"not {len(content)}")
        return int(record["itemid"])

    def _post(self, function: str, path: str, retry_any_failure: bool, **request: Any) -> Any:
        url = self.settings.url + path
        for attempt in range(1, self.attempts + 1):
            try:
                response = self._session.post(url, timeout=(CONNECT_TIMEOUT, self.settings.timeout), **request)
            except requests.RequestException as exc:
                retriable = retry_any_failure or _sent_nothing(exc)
                problem = self._describe(exc)
            else:
                if response.status_code == 200:
                    return self._decode(function, response)
                retriable = retry_any_failure and response.status_code >= 500
                problem = f"HTTP {response.status_code} from {path}"
            if not retriable or attempt == self.attempts:
                raise TransportError(function, problem)
            delay = self.backoff * 2 ** (attempt - 1)
            log.warning("%s: %s; retrying in %.1f s", function, problem, delay)
            self._sleep(delay)
        raise AssertionError("unreachable: the loop returns or raises")

    def _describe(self, exc: requests.RequestException) -> str:
        if _sent_nothing(exc):
            return f"could not connect to {self.settings.url}"
        if isinstance(exc, requests.Timeout):
            return (f"no answer within {self.settings.timeout:g} s; a write may or may not have taken effect, "
                    "running the command again is safe")
        return ("the connection was lost before Moodle answered; a write may or may not have taken effect, "
                "running the command again is safe")

    def _decode(self, function: str, response: requests.Response) -> Any:
        try:
            return response.json()
        except (json.JSONDecodeError, requests.JSONDecodeError):
            kind = response.headers.get("Content-Type", "no content type")
            start = self._scrub(response.text[:120])
            raise TransportError(function, f"Moodle's answer is not JSON ({kind}): {start!r}") from None

    def _refusal(self, function: str, payload: dict[str, Any]) -> MoodleError:
        return moodle_error(function, {key: self._scrub(str(value)) if isinstance(value, str) else value
                                       for key, value in payload.items()})

    def _note_warnings(self, function: str, warnings: list[Any]) -> None:
        for entry in warnings:
            if not isinstance(entry, dict):
                continue
            warning = MoodleWarning(function, str(entry.get("item", "")), entry.get("itemid"),
                                    str(entry.get("warningcode", "")), self._scrub(str(entry.get("message", ""))))
            self.warnings.append(warning)
            log.warning("%s", warning)

    def _scrub(self, text: str) -> str:
        return text.replace(self.settings.token.reveal(), "***")
