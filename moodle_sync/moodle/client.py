"""The one place that speaks Moodle's REST protocol: `call(function, **params)` and `upload()`.

Parameters are flattened the PHP way (`courses[0][fullname]`), booleans sent as 1/0, and
the answer checked for Moodle's exception object, which comes with HTTP 200. Reads (any
function with `_get_` in its name) are retried with backoff on timeouts, dropped
connections and HTTP 5xx; writes only when the connection failed before the request went
out, because a write whose answer was lost may have taken effect. Everything that leaves
this module (exceptions, log lines) has the token scrubbed from it.

The token goes to the configured site only: redirects are never followed, and nothing is
taken from the environment implicitly (no .netrc credentials, no proxy for this machine).
A proxy set in HTTPS_PROXY or ALL_PROXY (less NO_PROXY) is used for an https site, which it
can only tunnel: it never sees the token. REQUESTS_CA_BUNDLE or CURL_CA_BUNDLE, when set,
name the certificates a site's certificate is checked against.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import mimetypes
import os
import re
import socket
import ssl
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError

from course_model import shapes
from course_model.i18n import t
from moodle_sync.moodle.errors import MalformedAnswer, MoodleError, TransportError, moodle_error
from moodle_sync.moodle.settings import LOOPBACK_HOSTS, Settings

log = logging.getLogger("moodle_sync.moodle.client")

REST_PATH = "/webservice/rest/server.php"
UPLOAD_PATH = "/webservice/upload.php"
UPLOAD = "webservice/upload.php"
CONNECT_TIMEOUT = 10.0
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
MAX_ANSWER_BYTES = 256 << 20  # a whole edition's tracks in one report are a few MB
UPLOADED = shapes.Sized(
    1,
    [
        {
            "itemid": shapes.INT,
            "filepath": shapes.TEXT,
            "filename": shapes.TEXT,
            "filesize": shapes.INT,
        }
    ],
)


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


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _without_query(response: requests.Response) -> str:
    """Where a redirect points, without its query or credentials (which could hold anything the
    server put there)."""
    location = urlsplit(response.headers.get("Location", ""))
    host = location.netloc.rpartition("@")[2]
    return _shorten(urlunsplit((location.scheme, host, location.path, "", "")), 200) or t(
        "an unnamed location"
    )


def _environment(url: str) -> dict[str, Any]:
    """The proxies and certificates the environment sets for this site, read here rather than by
    requests (whose trust_env would also send a .netrc's credentials to the site)."""
    host = urlsplit(url).hostname
    proxies = {} if host in LOOPBACK_HOSTS else requests.utils.get_environ_proxies(url)
    bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
    return {"proxies": proxies, "verify": bundle or True}


def is_read(function: str) -> bool:
    """Moodle names its side-effect-free functions *_get_* (core_webservice_get_site_info
    included)."""
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


def _tls_reason(exc: BaseException) -> str:
    """What the TLS library says went wrong in a failed handshake (in its own words, English):
    the `ssl` error found among the causes requests and urllib3 wrap it in."""
    pending: list[object] = [exc]
    seen: set[int] = set()
    while pending:
        cause = pending.pop(0)
        if id(cause) in seen:
            continue
        seen.add(id(cause))
        if isinstance(cause, ssl.SSLCertVerificationError):
            return str(cause.verify_message)
        if isinstance(cause, ssl.SSLError):
            return str(cause.reason or cause).lower().replace("_", " ")
        if isinstance(cause, BaseException):
            pending += [*cause.args, getattr(cause, "reason", None), cause.__cause__]
    return "?"


def _sent_nothing(exc: requests.RequestException) -> bool:
    """True when the connection failed before any byte of the request reached the server."""
    if isinstance(exc, requests.ConnectTimeout):
        return True
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    return isinstance(reason, (NewConnectionError, ConnectTimeoutError))


class MoodleClient:
    def __init__(
        self,
        settings: Settings,
        *,
        attempts: int = 3,
        backoff: float = 0.5,
        sleep: Callable[[float], None] = time.sleep,
        session: requests.Session | None = None,
    ):
        self.settings = settings
        self.attempts = attempts
        self.backoff = backoff
        self.warnings: list[MoodleWarning] = []
        self._sleep = sleep
        self._session = session or requests.Session()
        self._session.trust_env = False
        self._network = _environment(settings.url)

    def __repr__(self) -> str:
        return f"MoodleClient({self.settings.url!r})"

    def __enter__(self) -> MoodleClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._session.close()

    def call(self, function: str, /, expect: Any = shapes.ANY, **params: Any) -> Any:
        """Call one web-service function; its decoded JSON answer once it has the shape `expect`
        (see shapes.py), or the matching MoodleError."""
        fields = {
            "wstoken": self.settings.token.reveal(),
            "wsfunction": function,
            "moodlewsrestformat": "json",
            **flatten(params),
        }
        log.debug("calling %s", function)
        payload = self._post(function, REST_PATH, is_read(function), data=fields)
        if isinstance(payload, dict) and "exception" in payload:
            raise self._refusal(function, payload)
        if isinstance(payload, dict) and isinstance(payload.get("warnings"), list):
            self._note_warnings(function, payload["warnings"])
        try:
            return shapes.check(payload, expect)
        except shapes.ShapeMismatch as mismatch:
            raise MalformedAnswer(
                function, mismatch.where, mismatch.expected, mismatch.found
            ) from None

    def upload(self, name: str, content: bytes, folder: str = "/", itemid: int = 0) -> int:
        """Put one file, `folder` + `name` ('/media/' + 'clienti.csv'), in the token's user's
        draft area `itemid` (0: a new one); the draft item id. Moodle must store it as sent: a
        file it renamed, moved or cut short would not be the one the caller names."""
        form = {
            "token": self.settings.token.reveal(),
            "filearea": "draft",
            "itemid": str(itemid),
            "filepath": folder,
        }
        log.debug("uploading %s%s (%d bytes)", folder, name, len(content))
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        payload = self._post(
            UPLOAD, UPLOAD_PATH, False, data=form, files={"file_1": (name, content, kind)}
        )
        if isinstance(payload, dict) and "error" in payload:
            raise self._refusal(UPLOAD, payload)
        if isinstance(payload, list) and payload and isinstance(payload[0], dict):
            if "errortype" in payload[0]:  # one file refused, the request answered
                refused = {"errorcode": payload[0]["errortype"], "error": payload[0].get("error")}
                raise self._refusal(UPLOAD, refused)
        try:
            record = shapes.check(payload, UPLOADED)[0]
        except shapes.ShapeMismatch as mismatch:
            raise MalformedAnswer(
                UPLOAD, mismatch.where, mismatch.expected, mismatch.found
            ) from None
        stored = (record["filepath"], record["filename"], int(record["filesize"]))
        if stored != (folder, name, len(content)) or itemid not in (0, int(record["itemid"])):
            raise TransportError(
                UPLOAD,
                t(
                    "Moodle stored {stored} bytes as {stored_as} in draft {draft}, not {size} "
                    "bytes as {wanted}",
                    stored=record["filesize"],
                    stored_as=f"{record['filepath']}{record['filename']}",
                    draft=record["itemid"],
                    size=len(content),
                    wanted=f"{folder}{name}" + (f" ({itemid})" if itemid else ""),
                ),
            )
        return int(record["itemid"])

    def _post(self, function: str, path: str, retry_any_failure: bool, **request: Any) -> Any:
        url = self.settings.url + path
        for attempt in range(1, self.attempts + 1):
            try:
                # Never followed: a redirect would carry the token to wherever the server says.
                response = self._session.post(
                    url,
                    timeout=(CONNECT_TIMEOUT, self.settings.timeout),
                    allow_redirects=False,
                    stream=True,
                    **self._network,
                    **request,
                )
                try:
                    body = self._body(function, response)
                finally:
                    response.close()
            except requests.RequestException as exc:
                retriable = retry_any_failure or _sent_nothing(exc)
                problem = self._describe(exc)
            else:
                if response.status_code == 200:
                    return self._decode(function, response, body)
                if response.is_redirect:
                    raise TransportError(
                        function,
                        t(
                            "the site answers with a redirect to {location}, which is never "
                            "followed with the token: set the Moodle URL to the site's own address",
                            location=self.scrub(_without_query(response)),
                        ),
                    )
                retriable = retry_any_failure and response.status_code >= 500
                problem = t("HTTP {status} from {path}", status=response.status_code, path=path)
            if not retriable or attempt == self.attempts:
                raise TransportError(function, problem)
            delay = self.backoff * 2 ** (attempt - 1)
            log.warning(
                "%s",
                t(
                    "{function}: {problem}; retrying in {seconds} s",
                    function=function,
                    problem=problem,
                    seconds=f"{delay:.1f}",
                ),
            )
            self._sleep(delay)
        raise AssertionError("unreachable: the loop returns or raises")

    def _body(self, function: str, response: requests.Response) -> bytes:
        """The answer's bytes, refused beyond MAX_ANSWER_BYTES or when it takes longer than the
        timeout in all: the connection's timeout only bounds each wait, and a broken or hostile
        server could send anything, or a byte at a time. At the deadline a timer shuts the
        connection's socket down, which ends a read that is waiting."""
        expired = threading.Event()
        connection = getattr(response.raw, "connection", None)

        def expire() -> None:
            expired.set()
            with contextlib.suppress(OSError, AttributeError):
                connection.sock.shutdown(socket.SHUT_RDWR)

        timer = threading.Timer(self.settings.timeout, expire)
        timer.start()
        chunks, size = [], 0
        try:
            for chunk in response.iter_content(1 << 16):
                size += len(chunk)
                if size > MAX_ANSWER_BYTES:
                    raise TransportError(
                        function,
                        t(
                            "the answer is larger than {size} MB",
                            size=MAX_ANSWER_BYTES // (1 << 20),
                        ),
                    )
                chunks.append(chunk)
        except Exception:
            if not expired.is_set():
                raise
        finally:
            timer.cancel()
        if expired.is_set():
            raise TransportError(
                function,
                t(
                    "the answer took more than {seconds} s to arrive",
                    seconds=f"{self.settings.timeout:g}",
                ),
            )
        return b"".join(chunks)

    def _describe(self, exc: requests.RequestException) -> str:
        if _sent_nothing(exc):
            return t("could not connect to {url}", url=self.settings.url)
        if isinstance(exc, requests.exceptions.SSLError):
            return t(
                "no secure connection to {url}: {reason}; check the site's certificate "
                "(REQUESTS_CA_BUNDLE names the certificates it is checked against)",
                url=self.settings.url,
                reason=_tls_reason(exc),
            )
        if isinstance(exc, requests.Timeout):
            return t(
                "no answer within {seconds} s; a write may or may not have taken effect, running "
                "the command again is safe",
                seconds=f"{self.settings.timeout:g}",
            )
        return t(
            "the connection was lost before Moodle answered; a write may or may not have taken "
            "effect, running the command again is safe"
        )

    def _decode(self, function: str, response: requests.Response, body: bytes) -> Any:
        """The JSON answer with the token scrubbed from every text in it, so nothing that comes
        from the site (an echo of the request included) can carry it further."""
        # JSON is UTF-8 (RFC 8259), whatever charset the answer claims.
        text = body.decode("utf-8", errors="replace")
        try:
            payload = json.loads(
                text, parse_constant=str, parse_int=self._integer, parse_float=self._decimal
            )
            return self._scrubbed(payload)
        except RecursionError:
            raise TransportError(function, t("Moodle's answer is nested too deeply")) from None
        except ValueError:  # not JSON, or an integer of thousands of digits
            kind = self.scrub(response.headers.get("Content-Type") or t("no content type"))
            start = _shorten(self.scrub(" ".join(text.split())), 120)  # scrubbed before it is cut
            raise TransportError(
                function,
                t("Moodle's answer is not JSON ({kind}): {start}", kind=kind, start=repr(start)),
            ) from None

    def _scrubbed(self, value: Any) -> Any:
        """`value` without the token, and without control characters a terminal would act on
        (escape sequences in a course name must not reach the administrator's screen as such)."""
        if isinstance(value, str):
            text = self.scrub(value)
            # A printable text holds no control character: most need no search for one.
            return text if text.isprintable() else _CONTROL.sub("", text)
        if isinstance(value, list):
            return [self._scrubbed(item) for item in value]
        if isinstance(value, dict):  # JSON's keys are texts
            return {self.scrub(key): self._scrubbed(item) for key, item in value.items()}
        return value

    # Numbers are read from their JSON text: one whose digits spell the token becomes ***, and
    # NaN, Infinity and 1e999 (no finite number) stay the texts they are. As texts they fail
    # every number check downstream.
    def _integer(self, text: str) -> int | str:
        return int(text) if self.scrub(text) == text else "***"

    def _decimal(self, text: str) -> float | str:
        if self.scrub(text) != text:
            return "***"
        number = float(text)
        return number if math.isfinite(number) else text

    def _refusal(self, function: str, payload: dict[str, Any]) -> MoodleError:
        return moodle_error(function, payload)

    def _note_warnings(self, function: str, warnings: list[Any]) -> None:
        for entry in warnings:
            if not isinstance(entry, dict):
                continue
            warning = MoodleWarning(
                function,
                str(entry.get("item", "")),
                entry.get("itemid"),
                str(entry.get("warningcode", "")),
                str(entry.get("message", "")),
            )
            self.warnings.append(warning)
            log.warning("%s", warning)

    def scrub(self, text: str) -> str:
        return self.settings.token.redact(text)
