"""moodle-sync against a hostile site: the token goes nowhere else and never comes back out,
nothing is decided from an answer of the wrong shape, and every failure is one line."""

from __future__ import annotations

import io
import json
import logging
import socket
import threading
import time
import warnings
from pathlib import Path
from typing import Any

import pytest
import requests
from click.testing import CliRunner, Result

from course_model.errors import CourseError
from course_model.shapes import ANY, Either, Nullable, Optional, Sized
from moodle_sync import cli as cli_module
from moodle_sync.cli import cli
from moodle_sync.commands.deploy import plan_deploy
from moodle_sync.commands.enrol import enrol_learners
from moodle_sync.files.buildreport import load_build
from moodle_sync.files.snapshot import load_snapshot
from moodle_sync.moodle import courses
from moodle_sync.moodle.client import MoodleClient, is_read
from moodle_sync.moodle.errors import SiteError, TransportError
from moodle_sync.moodle.scorm import ScormSettings
from moodle_sync.moodle.settings import Settings, Token
from moodle_sync.moodle.site import NEEDED_FUNCTIONS, site_info
from moodle_sync.rules.course_layout import course_layout
from tests.adversarial.hostile_moodle import UPLOAD, HostileMoodle, Reply, is_refusal
from tests.conftest import in_both_languages
from tests.moodle_sync.conftest import build, client, moodle, settings  # noqa: F401 (fixtures)
from tests.moodle_sync.edition import Edition, edition, fill  # noqa: F401 (a fixture)

TOKEN = "5d41402abc4b2a76b9719d911017c592"


def run(site: str, token: str, *args: str, content: Path | None = None) -> Result:
    options = ["--content", str(content)] if content else []
    env = {"MOODLE_URL": site, "MOODLE_TOKEN": token}
    return CliRunner().invoke(cli, [*options, *args], env=env)


def holds_no_part_of(token: str, text: str) -> bool:
    """Neither the token nor any 8 characters of it (a token cut short is still given away)."""
    return not any(token[i : i + 8] in text for i in range(len(token) - 7))


def one_error_line(result: Result, starting: str = "error: ") -> str:
    """The command failed as a user should see it: exit 1, one `error:` line last, no traceback."""
    lines = result.output.strip().splitlines()
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and not isinstance(result.exception, KeyError)
    assert [line for line in lines if line.startswith("error:")] == [lines[-1]], result.output
    assert lines[-1].startswith(starting), lines[-1]
    return lines[-1]


@pytest.fixture
def site() -> HostileMoodle:
    with HostileMoodle() as server:
        yield server


@pytest.fixture
def elsewhere() -> HostileMoodle:
    """Another server on this machine: nothing may ever reach it."""
    with HostileMoodle() as server:
        yield server


def hostile_client(site: HostileMoodle, token: str = TOKEN) -> MoodleClient:
    return MoodleClient(Settings(site.url, Token(token), timeout=5), attempts=1)


# --- 1. the token goes to the configured site only ------------------------------------------


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("endpoint", ["rest", "upload"])
def test_a_redirect_is_never_followed(
    site: HostileMoodle, elsewhere: HostileMoodle, status: int, endpoint: str
) -> None:
    host = elsewhere.url.removeprefix("http://")
    location = f"http://admin:secret@{host}/webservice/rest/server.php?wstoken={TOKEN}"
    site.rule(
        UPLOAD if endpoint == "upload" else "*",
        lambda answer: Reply(b"", status, {"Location": location}),
    )
    with hostile_client(site) as client, pytest.raises(TransportError) as caught:
        if endpoint == "upload":
            client.upload("p.zip", b"PK")
        else:
            client.call("core_course_get_categories")
    message = str(caught.value)
    assert f"redirect to http://{host}/webservice/rest/server.php, which is never followed" in (
        message
    )
    assert "secret" not in message and "wstoken" not in message and TOKEN not in message
    assert len(site.seen) == 1 and elsewhere.seen == []


def test_a_transport_error_in_the_user_s_language(site: HostileMoodle) -> None:
    site.rule("*", lambda answer: Reply(b"", 302, {"Location": "http://elsewhere.example.org/"}))
    env = {"MOODLE_URL": site.url, "MOODLE_TOKEN": TOKEN}
    italian, english = in_both_languages(cli, ["check"], env)
    assert italian.exit_code == english.exit_code == 1
    assert italian.output == (
        "errore: core_webservice_get_site_info: il sito risponde con un reindirizzamento a "
        "http://elsewhere.example.org/, che non viene mai seguito con il token: impostare come "
        "URL di Moodle l'indirizzo del sito stesso\n"
    )
    assert english.output == (
        "error: core_webservice_get_site_info: the site answers with a redirect to "
        "http://elsewhere.example.org/, which is never followed with the token: set the Moodle "
        "URL to the site's own address\n"
    )


def test_an_answer_of_the_wrong_shape_in_the_user_s_language(site: HostileMoodle) -> None:
    site.rule(
        "core_webservice_get_site_info", lambda answer: {**_site_info("S"), "uploadfiles": "maybe"}
    )
    env = {"MOODLE_URL": site.url, "MOODLE_TOKEN": TOKEN}
    italian, english = in_both_languages(cli, ["check"], env)
    assert italian.output == (
        "errore: core_webservice_get_site_info: risposta inattesa da Moodle: uploadfiles "
        "dovrebbe essere true/false o 1/0, trovato 'maybe'\n"
    )
    assert english.output == (
        "error: core_webservice_get_site_info: unexpected answer from Moodle: uploadfiles "
        "should be true/false or 1/0, found 'maybe'\n"
    )


class _Recorder(requests.adapters.BaseAdapter):
    """A transport that records each request and answers with a redirect to plain http."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        self.urls.append(str(request.url))
        response = requests.Response()
        response.status_code, response.request, response.url = 301, request, request.url
        response.headers["Location"] = "http://moodle.example.org/webservice/rest/server.php"
        response.raw = io.BytesIO(b"")
        return response

    def close(self) -> None:
        pass


def test_an_https_site_is_never_asked_over_http() -> None:
    session, secure, plain = requests.Session(), _Recorder(), _Recorder()
    session.mount("https://", secure)
    session.mount("http://", plain)
    settings = Settings("https://moodle.example.org", Token(TOKEN))
    with MoodleClient(settings, session=session, attempts=1) as client:
        with pytest.raises(TransportError, match="redirect to http://moodle.example.org"):
            client.call("core_webservice_get_site_info")
    assert secure.urls == ["https://moodle.example.org/webservice/rest/server.php"]
    assert plain.urls == []


def test_a_netrc_adds_no_credentials(
    site: HostileMoodle, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    netrc = tmp_path / ".netrc"
    netrc.write_text("machine 127.0.0.1 login admin password hunter2\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("NETRC", str(netrc))
    requests.post(site.url + "/webservice/rest/server.php", timeout=5)
    assert "Authorization" in site.seen[-1].headers  # what requests does by itself
    with hostile_client(site) as client:
        client.call("core_course_get_categories")
    assert "Authorization" not in site.seen[-1].headers


def test_an_environment_proxy_never_sees_a_site_on_this_machine(
    site: HostileMoodle, elsewhere: HostileMoodle, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "all_proxy"):
        monkeypatch.setenv(name, elsewhere.url)
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    requests.post(site.url + "/webservice/rest/server.php", timeout=5)
    assert len(elsewhere.seen) == 1  # what requests does by itself
    with hostile_client(site) as client:
        client.call("core_course_get_categories")
    assert len(site.seen) == 1 and len(elsewhere.seen) == 1


def test_an_https_site_is_reached_through_the_environment_proxy(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Through a tunnel (CONNECT): the proxy carries TLS it cannot read, never the token."""
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example.org:3128")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    with MoodleClient(Settings("https://moodle.example.org", Token(TOKEN))) as client:
        assert client._network["proxies"]["https"] == "http://proxy.example.org:3128"
    monkeypatch.setenv("NO_PROXY", "moodle.example.org")
    with MoodleClient(Settings("https://moodle.example.org", Token(TOKEN))) as client:
        assert client._network["proxies"] == {}


def test_the_token_travels_in_the_body_only(site: HostileMoodle) -> None:
    stored = {"itemid": 7, "filepath": "/", "filename": "p.zip", "filesize": 2}
    site.rule(UPLOAD, lambda answer: [stored])
    with hostile_client(site) as client:
        client.call("core_course_get_categories")
        assert client.upload("p.zip", b"PK") == 7
    for seen in site.seen:
        assert TOKEN not in seen.path and TOKEN not in json.dumps(seen.headers)
        assert TOKEN.encode() in seen.body


# --- 2. the token never comes back out ------------------------------------------------------


def _spellings(token: str) -> dict[str, str]:
    return {
        "as it is": token,
        "URL-encoded": "".join(f"%{ord(c):02X}" for c in token),
        "partly URL-encoded": token[:5] + f"%{ord(token[5]):02x}" + token[6:],
        "JSON-escaped": "".join(f"\\u{ord(c):04x}" for c in token),
        "HTML entities": "".join(f"&#{ord(c)};" for c in token[:10]) + token[10:],
        "with NUL bytes": "\x00".join(token),
        "with zero-width spaces": "\u200b".join(token),
    }


def _site_info(name: str) -> dict[str, Any]:
    return {
        "sitename": name,
        "username": name,
        "release": name,
        "version": name,
        "functions": [{"name": function} for function in NEEDED_FUNCTIONS],
        "uploadfiles": 1,
    }


@pytest.mark.parametrize("spelling", list(_spellings(TOKEN)))
def test_an_echoed_token_in_any_spelling_is_scrubbed(site: HostileMoodle, spelling: str) -> None:
    echoed = _spellings(TOKEN)[spelling]
    site.rule("core_webservice_get_site_info", lambda answer: _site_info(f"Site {echoed} !"))
    result = run(site.url, TOKEN, "-v", "check")
    assert result.exit_code == 0, result.output
    assert "Site: " in result.output and "***" in result.output
    assert holds_no_part_of(TOKEN, result.output) and echoed not in result.output


@pytest.mark.parametrize("spelling", list(_spellings(TOKEN)))
def test_an_echoed_token_in_an_error_page_is_scrubbed(site: HostileMoodle, spelling: str) -> None:
    page = f"<html><body>Debug: request was wstoken={_spellings(TOKEN)[spelling]}</body></html>"
    site.rule("*", lambda answer: Reply(page.encode("utf-8"), 200, {"Content-Type": "text/html"}))
    line = one_error_line(run(site.url, TOKEN, "check"))
    assert "Moodle's answer is not JSON (text/html)" in line and "wstoken=***" in line


@pytest.mark.parametrize(
    "error",
    [
        {"errorcode": TOKEN, "message": TOKEN, "debuginfo": TOKEN},
        {"errorcode": [TOKEN], "message": {"at": [TOKEN, {"deeper": TOKEN}]}},
        {"errorcode": {TOKEN: TOKEN}, "message": 7, "debuginfo": [[{TOKEN: [TOKEN]}]]},
        {"errorcode": None, "message": None, "debuginfo": f"wstoken={TOKEN}&x"},
        {"errorcode": True, "message": 1.5, "debuginfo": {"1": TOKEN.upper() + TOKEN}},
    ],
)
def test_error_objects_of_any_shape_never_show_the_token(
    site: HostileMoodle, error: dict[str, Any]
) -> None:
    site.rule("*", lambda answer: {"exception": TOKEN, **error})
    line = one_error_line(run(site.url, TOKEN, "check"), "error: core_webservice_get_site_info:")
    assert holds_no_part_of(TOKEN, line)
    site.rule(UPLOAD, lambda answer: {"error": TOKEN, **error})  # upload.php's own error object
    with hostile_client(site) as client, pytest.raises(CourseError) as caught:
        client.upload("p.zip", b"PK")
    assert str(caught.value).startswith(UPLOAD) and holds_no_part_of(TOKEN, str(caught.value))


def test_a_token_of_digits_echoed_as_a_number_is_scrubbed(site: HostileMoodle) -> None:
    digits = "73219054418862201937"
    body = f'{{"exception": "x", "errorcode": {digits}, "message": {digits}.25}}'.encode()
    site.rule("*", lambda answer: Reply(body))
    line = one_error_line(run(site.url, digits, "check"))
    assert holds_no_part_of(digits, line)


@pytest.mark.parametrize("offset", range(80, 140, 9))
@pytest.mark.parametrize("kind", ["text/html", "text/plain", "application/json"])
def test_error_pages_are_scrubbed_before_they_are_cut(
    site: HostileMoodle, offset: int, kind: str
) -> None:
    page = "x" * offset + TOKEN + "y" * 1_000_000 + TOKEN
    site.rule("*", lambda answer: Reply(page.encode(), 200, {"Content-Type": f"{kind}; charset=x"}))
    line = one_error_line(run(site.url, TOKEN, "check"))
    assert "is not JSON" in line and len(line) < 400 and holds_no_part_of(TOKEN, line)


def test_a_bugs_traceback_is_printed_without_the_token(
    site: HostileMoodle, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(client: MoodleClient) -> None:
        try:
            raise KeyError(client.settings.token.reveal())
        except KeyError as cause:
            raise RuntimeError(f"a bug holding {client.settings.token.reveal()}") from cause

    monkeypatch.setattr(cli_module, "site_info", broken)
    result = run(site.url, TOKEN, "check")
    assert result.exit_code == 1 and "Traceback" in result.output
    assert "RuntimeError: a bug holding ***" in result.output and "KeyError: '***'" in (
        result.output
    )
    assert holds_no_part_of(TOKEN, result.output)


def test_logs_and_warnings_never_show_the_token(
    site: HostileMoodle, monkeypatch: pytest.MonkeyPatch
) -> None:
    def noisy(client: MoodleClient) -> Any:
        secret = client.settings.token.reveal()
        log = logging.getLogger("moodle_sync.test")
        log.debug("debug %s", secret)
        try:
            raise ValueError(secret)
        except ValueError:
            log.exception("failed with %s", secret, stack_info=True)
        warnings.warn(f"careful with {secret}", UserWarning, stacklevel=1)
        return site_info(client)

    site.rule(
        "core_webservice_get_site_info",
        lambda answer: {**_site_info("S"), "warnings": [{"item": TOKEN, "message": TOKEN}]},
    )
    monkeypatch.setattr(cli_module, "site_info", noisy)
    result = run(site.url, TOKEN, "-v", "check")
    assert result.exit_code == 0, result.output
    for shown in ("debug ***", "failed with ***", "ValueError: ***", "careful with ***"):
        assert shown in result.output
    assert holds_no_part_of(TOKEN, result.output)


def _echo(token: str) -> Any:
    """A rule putting the token into every text Moodle may echo back: names, e-mails, titles."""

    def rule(answer: Any) -> Any:
        if is_refusal(answer):
            return answer
        if isinstance(answer, list):
            return [rule(item) for item in answer]
        if isinstance(answer, dict):
            changed = {key: rule(value) for key, value in answer.items()}
            for key in ("fullname", "email", "title", "sitename", "firstname", "lastname"):
                if isinstance(changed.get(key), str):
                    changed[key] += f" {token}"
            if "warnings" in changed:
                changed["warnings"] = [{"item": token, "itemid": token, "message": token}]
            return changed
        return answer

    return rule


def test_successful_answers_echoing_the_token_reach_no_output_or_file(
    edition: Edition, content: Path, tmp_path: Path
) -> None:
    fill(edition)
    token = edition.moodle.token
    with HostileMoodle(upstream=edition.moodle) as proxy:
        proxy.rule("*", _echo(token))
        snapshot, report = tmp_path / "snap.json", tmp_path / "esito"
        build = ["--build", str(edition.build)]
        outputs = [
            run(proxy.url, token, "-v", *build, "deploy", "--dry-run", content=content),
            run(proxy.url, token, "-v", *build, "pull", "-o", str(snapshot), content=content),
        ]
        for fmt in ("table", "csv", "json", "html"):
            args = ["eligibility", "--snapshot", str(snapshot), "--format", fmt]
            outputs.append(run(proxy.url, token, *build, *args, "-o", f"{report}.{fmt}"))
    for result in outputs:
        assert result.exit_code == 0, result.output
        assert holds_no_part_of(token, result.output)
    assert "***" in snapshot.read_text(encoding="utf-8")
    for written in (snapshot, *tmp_path.glob("esito.*")):
        assert holds_no_part_of(token, written.read_text(encoding="utf-8")), written


# --- 3. nothing is decided from an answer of the wrong shape --------------------------------


def breakages(answer: Any, shape: Any) -> list[tuple[str, Any]]:
    """Copies of `answer`, each wrong in one place that `shape` requires (where, broken copy)."""
    found: list[tuple[str, Any]] = []

    def walk(value: Any, shape: Any, rebuild: Any, where: str) -> None:
        while isinstance(shape, (Optional, Nullable)):
            shape = shape.shape
        if isinstance(shape, Sized):
            shape = shape.items
        if shape is ANY or isinstance(shape, Either) or value is None:
            return
        if isinstance(shape, list):
            found.append((f"{where} not a list", rebuild({"not": "a list"})))
            if value:
                walk(value[0], shape[0], lambda v: rebuild([v, *value[1:]]), f"{where}[0]")
        elif isinstance(shape, dict):
            found.append((f"{where} not an object", rebuild(["not an object"])))
            for key, inner in shape.items():
                if key not in value:
                    continue
                if not isinstance(inner, Optional):
                    missing = {k: v for k, v in value.items() if k != key}
                    found.append((f"{where}.{key} missing", rebuild(missing)))
                walk(value[key], inner, lambda v, k=key: rebuild({**value, k: v}), f"{where}.{key}")
        else:
            found.append((f"{where} of another type", rebuild({"another": "type"})))

    walk(answer, shape, lambda v: v, "")
    return found


def _reads_of(client: MoodleClient, monkeypatch: pytest.MonkeyPatch, run_reads: Any) -> dict:
    """function → (expected shape, first answer) of every read `run_reads` makes."""
    recorded: dict[str, tuple[Any, Any]] = {}
    original = MoodleClient.call

    def spy(self: MoodleClient, function: str, /, expect: Any = ANY, **params: Any) -> Any:
        answer = original(self, function, expect=expect, **params)
        if is_read(function):
            recorded.setdefault(function, (expect, answer))
        return answer

    with monkeypatch.context() as patch:
        patch.setattr(MoodleClient, "call", spy)
        run_reads()
    return recorded


def _cases(recorded: dict[str, tuple[Any, Any]]) -> list[tuple[str, str, Any]]:
    return [
        (function, where, broken)
        for function, (shape, answer) in sorted(recorded.items())
        for where, broken in breakages(answer, shape)
    ]


def _course_id(edition: Edition) -> int:
    return next(c["id"] for c in edition.moodle.state.courses.values() if c["idnumber"] == "ED-1")


def _assert_no_write_from_malformed_reads(
    upstream: Any, cases: list[tuple[str, str, Any]], command: Any
) -> None:
    assert len({function for function, _, _ in cases}) >= 3 and len(cases) >= 20
    for function, where, broken in cases:
        with HostileMoodle(upstream=upstream) as proxy:
            proxy.rule(function, lambda answer, lie=broken: answer if is_refusal(answer) else lie)
            result = command(proxy.url)
            line = one_error_line(result, f"error: {function}: unexpected answer from Moodle")
            assert proxy.writes == [], (function, where, line, proxy.writes)
    with HostileMoodle(upstream=upstream) as proxy:  # the same command writes when nothing lies
        assert command(proxy.url).exit_code == 0
        assert proxy.writes


def test_deploy_writes_nothing_after_a_malformed_read(
    edition: Edition, content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    layout = course_layout(edition.standard, edition.plan, load_build(edition.build))
    reads = _reads_of(
        edition.client,
        monkeypatch,
        lambda: (site_info(edition.client), plan_deploy(edition.client, layout)),
    )
    courses.update_course(edition.client, _course_id(edition), {"fullname": "changed by hand"})
    token = edition.moodle.token
    _assert_no_write_from_malformed_reads(
        edition.moodle,
        _cases(reads),
        lambda url: run(url, token, "--build", str(edition.build), "deploy", content=content),
    )


@pytest.fixture
def learners(edition: Edition, tmp_path: Path) -> Path:
    """The edition's learners and one more, whom enrol creates and enrols."""
    path = tmp_path / "nuovi.csv"
    path.write_text(
        edition.learners.read_text(encoding="utf-8")
        + "elena,Elena,Gialli,elena@example.org,1991-01-01,Diploma,2027-01-11\n",
        encoding="utf-8",
    )
    return path


def test_enrol_writes_nothing_after_a_malformed_read(
    edition: Edition, content: Path, learners: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    def reads() -> None:
        with monkeypatch.context() as patch:  # every read, none of the writes
            patch.setattr("moodle_sync.moodle.users.create_users", lambda client, users: {})
            patch.setattr("moodle_sync.moodle.users.enrol", lambda *args: None)
            patch.setattr("moodle_sync.moodle.users.update_users", lambda client, users: None)
            try:
                enrol_learners(edition.client, learners, edition.standard, edition.plan, "ED-1")
            except (KeyError, SiteError):
                pass  # elena was neither created nor recorded: the reads are what this is for

    token = edition.moodle.token
    _assert_no_write_from_malformed_reads(
        edition.moodle,
        _cases(_reads_of(edition.client, monkeypatch, reads)),
        lambda url: run(url, token, "enrol", str(learners), content=content),
    )


def _first_course(answer: Any, **changes: Any) -> Any:
    return {"courses": [{**answer["courses"][0], **changes}]}


def _scorm_setting(answer: Any, name: str) -> Any:
    return {"scorms": [{**scorm, name: "a grade?"} for scorm in answer["scorms"]]}


@pytest.mark.parametrize(
    "function, lie",
    [
        ("core_course_get_courses_by_field", lambda a: _first_course(a, idnumber="ED-2")),
        ("core_course_get_courses_by_field", lambda a: {"courses": a["courses"] * 2}),
        ("core_course_get_categories", lambda a: a * 2),
        ("core_course_get_categories", lambda a: [{**a[0], "idnumber": "another"}]),
        *(
            ("mod_scorm_get_scorms_by_courses", lambda a, n=name: _scorm_setting(a, n))
            for name in ScormSettings.__dataclass_fields__
        ),
    ],
)
def test_a_record_other_than_the_one_asked_for_stops_deploy(
    edition: Edition, content: Path, function: str, lie: Any
) -> None:
    courses.update_course(edition.client, _course_id(edition), {"fullname": "changed by hand"})
    token, build = edition.moodle.token, str(edition.build)
    with HostileMoodle(upstream=edition.moodle) as proxy:
        proxy.rule(function, lambda answer: answer if is_refusal(answer) else lie(answer))
        result = run(proxy.url, token, "--build", build, "deploy", content=content)
        one_error_line(result, f"error: {function}: unexpected answer from Moodle")
        assert proxy.writes == []


def test_a_creation_answer_naming_other_users_stops_enrol(
    edition: Edition, content: Path, learners: Path
) -> None:
    with HostileMoodle(upstream=edition.moodle) as proxy:
        proxy.rule("core_user_create_users", lambda answer: [{"id": 99, "username": "mallory"}])
        result = run(proxy.url, edition.moodle.token, "enrol", str(learners), content=content)
        one_error_line(result, "error: core_user_create_users: unexpected answer from Moodle")
        assert proxy.writes == ["core_user_create_users"]


# --- 4. numbers from Moodle that are no numbers of this world -------------------------------

# What a broken or hostile site may send where times, scores, grades and moments belong.
HOSTILE_NUMBERS = [
    float("nan"),
    float("inf"),
    -float("inf"),
    1e308,
    -1,
    10**400,
    "1e999",
    "NaN",
    "Infinity",
    "-1",
    "9" * 40,
    "12,5",
    {"seconds": 60},
    [30],
    True,
    "0x1f",
    "00:30:00 ",
    "PT-5M",
]


def _poison(answer: Any) -> Any:
    """Every learner-data value (track elements, times, grades, mastery) replaced by a hostile one,
    written as raw JSON (NaN and Infinity as literals, integers of 400 digits)."""
    counter = iter(range(10**6))

    def bad() -> Any:
        return HOSTILE_NUMBERS[next(counter) % len(HOSTILE_NUMBERS)]

    def walk(node: Any) -> Any:
        if isinstance(node, list):
            return [walk(item) for item in node]
        if not isinstance(node, dict):
            return node
        changed = {key: walk(value) for key, value in node.items()}
        if "element" in changed and "value" in changed:
            changed["value"] = bad()
        for key in ("timemodified", "timecompleted", "graderaw", "grademax"):
            if key in changed:
                changed[key] = bad()
        return changed

    return answer if is_refusal(answer) else Reply(json.dumps(walk(answer)).encode())


def _reject_constant(name: str) -> None:
    raise AssertionError(f"{name} written into a JSON output")


@pytest.mark.parametrize("source", ["plugin", "core"])
def test_hostile_numbers_become_problems_and_credit_no_hour(
    edition: Edition, content: Path, tmp_path: Path, source: str
) -> None:
    fill(edition)
    token, build = edition.moodle.token, ["--build", str(edition.build)]
    snapshot, report = tmp_path / "snap.json", tmp_path / "esito.json"
    with HostileMoodle(upstream=edition.moodle) as proxy:
        for function in (
            "local_scormsync_get_course_report",
            "mod_scorm_get_scorm_sco_tracks",
            "mod_scorm_get_scorm_scoes",
            "core_completion_get_activities_completion_status",
            "gradereport_user_get_grade_items",
        ):
            proxy.rule(function, _poison)
        core = ["--core-only"] if source == "core" else []
        pulled = run(proxy.url, token, *build, "pull", *core, "-o", str(snapshot), content=content)
    assert pulled.exit_code == 0, pulled.output
    json.loads(snapshot.read_text(encoding="utf-8"), parse_constant=_reject_constant)
    loaded = load_snapshot(snapshot)
    anna = next(learner for learner in loaded.learners if learner.username == "anna")
    sco_problems = [
        p for unit in anna.units.values() for r in unit.scos.values() for p in r.problems
    ]
    assert len(sco_problems) > 10 and all(
        r.seconds == 0 for u in anna.units.values() for r in u.scos.values()
    )
    assert all(unit.problems for unit in anna.units.values())  # completion times and grades
    result = run(
        proxy.url,
        token,
        *build,
        "eligibility",
        "--snapshot",
        str(snapshot),
        "--format",
        "json",
        "-o",
        str(report),
        content=content,
    )
    assert result.exit_code == 0, result.output
    records = json.loads(report.read_text(encoding="utf-8"), parse_constant=_reject_constant)
    assert {r["username"]: r["credited_hours"]["async"] for r in records} == dict.fromkeys(
        ("anna", "bruno", "carla", "dario"), 0
    )


def test_an_answer_trickling_in_is_cut_at_the_timeout() -> None:
    """Each byte comes within the connection's timeout: only a deadline on the answer ends it."""

    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def trickle() -> None:
        connection, _ = listener.accept()
        with connection:
            connection.recv(65536)
            connection.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
            )
            try:
                for _ in range(1000):
                    connection.sendall(b" ")
                    time.sleep(0.2)
            except OSError:
                pass  # the client gave up, as it should

    server = threading.Thread(target=trickle, daemon=True)
    server.start()
    settings = Settings(f"http://127.0.0.1:{port}", Token("s3cr3t0k3n"), timeout=1.0)
    started = time.monotonic()
    with (
        MoodleClient(settings, attempts=1) as client,
        pytest.raises(TransportError, match="took more than 1 s"),
    ):
        client.call("core_webservice_get_site_info")
    assert time.monotonic() - started < 5
    listener.close()


def test_terminal_escapes_in_what_moodle_sends_never_reach_the_screen(moodle) -> None:  # noqa: ANN001
    with HostileMoodle(upstream=moodle) as site:
        site.rule(
            "core_webservice_get_site_info",
            lambda answer: {**answer, "sitename": "Sito\x1b[2J\x1b]0;titolo\x07 vero\x9b"},
        )
        with hostile_client(site, moodle.token) as client:
            assert site_info(client).sitename == "Sito[2J]0;titolo vero"
