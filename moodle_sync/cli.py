"""moodle-sync: check the site, deploy an edition, enrol and list learners, pull results, check
eligibility, pack the plugin.

The site's URL and token come from the environment or a config file (see settings.py),
never from the command line.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import click

from course_model.cli import CommandGroup, content_option
from course_model.errors import ConfigError, PlanRefused
from course_model.i18n import N_, t, tn
from course_model.output import atomic_write, refuse_replacing
from course_model.plan import CoursePlan, load_course_plan
from course_model.standard import Standard, load_standard
from moodle_sync.commands.deploy import apply_plan, plan_deploy
from moodle_sync.commands.enrol import Access, EnrolResult, enrol_learners
from moodle_sync.commands.learners import learner_states, render_learners
from moodle_sync.commands.plugin_zip import write_plugin_zip
from moodle_sync.commands.pull import PullResult, pull
from moodle_sync.files.buildreport import load_build
from moodle_sync.files.credits import load_credits
from moodle_sync.files.learners import load_admissions
from moodle_sync.files.register import load_register
from moodle_sync.files.snapshot import Snapshot, load_snapshot, save_snapshot
from moodle_sync.moodle.client import MoodleClient
from moodle_sync.moodle.errors import SiteError
from moodle_sync.moodle.settings import Settings, Token, load_settings
from moodle_sync.moodle.site import (
    PLUGIN,
    missing_functions,
    plugin_state,
    render_check,
    require_functions,
    site_info,
)
from moodle_sync.reports.eligibility_report import FORMATS, render
from moodle_sync.reports.registro import FORMATS as REGISTER_FORMATS
from moodle_sync.reports.registro import register_digests, write_register
from moodle_sync.rules.course_layout import course_layout
from moodle_sync.rules.eligibility import assess
from moodle_sync.rules.limits import Finding, check_limits, render_findings, violations
from moodle_sync.rules.registro import build_register, data_hash


class _Redact(logging.Filter):
    """Scrubs the token from every log record, whoever wrote it: its message, and the traceback
    and stack it may carry (formatted here, so that no handler formats them unscrubbed)."""

    def __init__(self, redact: Callable[[str], str]):
        super().__init__()
        self.redact = redact

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = self.redact(message)
        if clean != message:
            record.msg, record.args = clean, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


@dataclass(frozen=True)
class Options:
    content: Path
    build: Path
    config: Path | None
    verbose: bool
    tokens: list[Token] = field(default_factory=list)  # those this run has read: never printed

    def redact(self, text: str) -> str:
        """`text` without any token this run holds (the command group prints errors through
        this)."""
        for token in self.tokens:
            text = token.redact(text)
        return text

    def read_files(self, *others: Path | None) -> list[Path | None]:
        """What a command reads besides `others`: the course's rules, the build's report, the
        settings (an output must not replace any of them: see refuse_replacing)."""
        return [
            self.content / "standard.yml",
            self.content / "course.yml",
            self.build / "report.json",
            self.config,
            *others,
        ]

    def course(self) -> tuple[Standard, CoursePlan]:
        return load_standard(self.content / "standard.yml"), load_course_plan(
            self.content / "course.yml"
        )

    def settings(self) -> Settings:
        settings = load_settings(os.environ, self.config)
        self.tokens.append(settings.token)
        return settings

    @contextmanager
    def client(self) -> Iterator[MoodleClient]:
        settings = self.settings()
        handler = logging.StreamHandler()
        handler.addFilter(_Redact(self.redact))
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        # Python's warnings go through the same handler, and so through the same scrubbing.
        loggers = [logging.getLogger(name) for name in ("moodle_sync", "urllib3", "py.warnings")]
        for logger in loggers:
            logger.addHandler(handler)
            logger.setLevel(logging.DEBUG if self.verbose else logging.WARNING)
        logging.captureWarnings(True)
        try:
            with MoodleClient(settings) as client:
                yield client
        finally:
            logging.captureWarnings(False)
            for logger in loggers:
                logger.removeHandler(handler)


@click.group(
    cls=CommandGroup,
    help=N_("Deploy the course to Moodle through web services, and read learners' results back."),
)
@content_option
@click.option(
    "--build",
    type=click.Path(path_type=Path),
    default=Path("build"),
    show_default=True,
    help=N_("Output folder of 'scormgen build'."),
)
@click.option(
    "--config",
    type=click.Path(path_type=Path),
    default=None,
    help=N_(
        "Config file with the site's url and token (mode 0600); default: the environment "
        "(MOODLE_URL, MOODLE_TOKEN), then ~/.config/moodle-sync/config.toml."
    ),
)
@click.option("-v", "--verbose", is_flag=True, help=N_("Log every call (never its token)."))
@click.pass_context
def cli(ctx: click.Context, content: Path, build: Path, config: Path | None, verbose: bool) -> None:
    ctx.obj = Options(content, build, config, verbose)


@cli.command(help=N_("Site, Moodle version, the functions the token can call, the plugin."))
@click.pass_obj
def check(options: Options) -> None:
    with options.client() as client:
        info = site_info(client)
        click.echo(render_check(info, plugin_state(client, info)))
    if missing_functions(info) or not info.uploadfiles:
        raise SiteError(t("the site is not ready for moodle-sync (see above)"))


@cli.command(help=N_("The plan's hours against the standard's rules (no Moodle needed)."))
@click.pass_obj
def limits(options: Options) -> None:
    standard, plan = options.course()
    click.echo(render_findings(_check_plan(standard, plan)))


def _check_plan(standard: Standard, plan: CoursePlan) -> list[Finding]:
    """The plan's findings against the standard; a broken rule stops the command here, with the
    table."""
    findings = check_limits(standard, plan)
    broken = violations(findings)
    if broken:
        raise PlanRefused(
            tn(
                "the course plan breaks {count} rule of the standard; nothing was written",
                "the course plan breaks {count} rules of the standard; nothing was written",
                len(broken),
            ),
            details=render_findings(findings),
        )
    return findings


@cli.command(help=N_("Create or update the edition's course so that it matches the build."))
@click.option("--dry-run", is_flag=True, help=N_("Show the changes without making them."))
@click.option(
    "--edition", metavar="CODE", help=N_("Edition code (default: edition.code in course.yml).")
)
@click.pass_obj
def deploy(options: Options, dry_run: bool, edition: str | None) -> None:
    standard, plan = options.course()
    findings = _check_plan(standard, plan)
    layout = course_layout(standard, plan, load_build(options.build), edition)
    with options.client() as client:
        info = site_info(client)
        if dry_run:
            missing = missing_functions(info, "deploy")
            if missing:
                click.echo(
                    t(
                        "warning: a real deploy needs {functions} (plugin {plugin})",
                        functions=", ".join(missing),
                        plugin=PLUGIN,
                    ),
                    err=True,
                )
        else:
            require_functions(info, "deploy")
            if not info.uploadfiles:
                raise SiteError(
                    t("the token's service does not allow file uploads, which deploy needs")
                )
        deployment = plan_deploy(client, layout)
        # The limits table and its warnings once per edition: when its course is still to be
        # created (the site says so, whatever machine deploys), or with -v.
        if options.verbose or deployment.target.course_id is None:
            click.echo(render_findings(findings))
        click.echo(
            t(
                "\nCourse {course} on {site} ({url}):",
                course=layout.course.shortname,
                site=info.sitename,
                url=client.settings.url,
            )
        )
        click.echo(deployment.render())
        if dry_run:
            click.echo(t("Dry run: nothing was written."))
            return
        apply_plan(
            deployment,
            lambda action: click.echo(
                t("done: {symbol} {subject}", symbol=action.symbol, subject=action.subject)
            ),
        )
        if deployment.actions:
            click.echo(
                tn(
                    "Deployed: {count} change.",
                    "Deployed: {count} changes.",
                    len(deployment.actions),
                )
            )


@cli.command(help=N_("Admit, create and enrol the learners of LEARNERS.csv."))
@click.argument("learners", type=click.Path(path_type=Path))
@click.option(
    "--edition", metavar="CODE", help=N_("Edition code (default: edition.code in course.yml).")
)
@click.option(
    "--access",
    metavar="email|password|auth:NAME",
    default="email",
    show_default=True,
    help=N_(
        "How new learners log in the first time: Moodle e-mails a password to change at the "
        "first login; or a password generated into --passwords FILE for you to hand out; or the "
        "site's external authentication plugin NAME (auth:ldap, auth:oauth2…)."
    ),
)
@click.option(
    "--passwords",
    type=click.Path(path_type=Path),
    help=N_("With --access password: the new file (readable by you only) for the passwords."),
)
@click.pass_obj
def enrol(
    options: Options, learners: Path, edition: str | None, access: str, passwords: Path | None
) -> None:
    way_in = Access.parse(access, passwords)
    standard, plan = options.course()
    with options.client() as client:
        require_functions(site_info(client), "enrol")
        result = enrol_learners(
            client, learners, standard, plan, edition or plan.edition.code, access=way_in
        )
    click.echo(
        t(
            "Created {created} user(s), enrolled {enrolled}, {already} already enrolled; "
            "admission record written in Moodle for {recorded}.",
            created=len(result.created),
            enrolled=len(result.enrolled),
            already=len(result.already_enrolled),
            recorded=len(result.recorded),
        )
    )
    if result.created:
        click.echo("\n" + _first_access(result, client.settings.url))


def _first_access(result: EnrolResult, url: str) -> str:
    """What the administrator must tell the learners `enrol` created."""
    count, names = len(result.created), ", ".join(result.created)
    if result.access.method == "password":
        return tn(
            "First access: the password of {count} new learner ({names}) is in {file}; hand it "
            "to them in person or by a channel other than e-mail, then delete the file. They log "
            "in at {url}/login/ or in the Moodle app with it at once.",
            "First access: the passwords of {count} new learners ({names}) are in {file}; hand "
            "each their own in person or by a channel other than e-mail, then delete the file. "
            "They log in at {url}/login/ or in the Moodle app with it at once.",
            count,
            names=names,
            file=str(result.access.passwords),
            url=url,
        )
    if result.access.method == "external":
        return tn(
            "First access: {count} new learner ({names}) logs in through the site's "
            "authentication '{auth}', with no password in Moodle: check that it is enabled "
            "(Site administration > Plugins > Authentication) and that their account there "
            "has the same username.",
            "First access: {count} new learners ({names}) log in through the site's "
            "authentication '{auth}', with no password in Moodle: check that it is enabled "
            "(Site administration > Plugins > Authentication) and that their accounts there "
            "have the same usernames.",
            count,
            names=names,
            auth=result.access.auth,
        )
    return tn(
        "First access: Moodle has e-mailed {count} new learner ({names}) a password it "
        "generated. Tell them to log in once on the website, {url}/login/, and change it when "
        "asked: until they do, the Moodle app and web services refuse them. "
        "'moodle-sync learners' shows who has not done it yet.",
        "First access: Moodle has e-mailed {count} new learners ({names}) a password it "
        "generated. Tell them to log in once on the website, {url}/login/, and change it when "
        "asked: until they do, the Moodle app and web services refuse them. "
        "'moodle-sync learners' shows who has not done it yet.",
        count,
        names=names,
        url=url,
    )


@cli.command(
    help=N_(
        "The edition's learners: admission record in Moodle, and who must still change the "
        "password Moodle generated."
    )
)
@click.option(
    "--edition", metavar="CODE", help=N_("Edition code (default: edition.code in course.yml).")
)
@click.pass_obj
def learners(options: Options, edition: str | None) -> None:
    _, plan = options.course()
    code = edition or plan.edition.code
    with options.client() as client:
        require_functions(site_info(client), "learners")
        states = learner_states(client, code)
    click.echo(render_learners(states, code))


def _progress(total: int, label: str) -> click.progressbar:
    return click.progressbar(length=total, label=label, file=sys.stderr)


def _pull(
    options: Options,
    standard: Standard,
    plan: CoursePlan,
    edition: str | None,
    learners: Path | None,
    core_only: bool,
) -> PullResult:
    admissions = load_admissions(learners) if learners else None
    build = load_build(options.build)
    with options.client() as client:
        result = pull(
            client,
            site_info(client),
            edition or plan.edition.code,
            build,
            admissions=admissions,
            use_plugin=False if core_only else None,
            progress=_progress,
        )
    for warning in result.warnings:
        click.echo(t("warning: {warning}", warning=warning), err=True)
    return result


def _save_snapshot(options: Options, snapshot: Snapshot, output: Path | None) -> Path:
    path = (
        output
        or options.build
        / "snapshots"
        / f"{snapshot.course.edition}-{snapshot.pulled_at:%Y%m%d-%H%M%S}.json"
    )
    save_snapshot(snapshot, path)
    click.echo(
        tn(
            "Snapshot of {count} learner in {edition} ({source} report) written to {path}",
            "Snapshot of {count} learners in {edition} ({source} report) written to {path}",
            len(snapshot.learners),
            edition=snapshot.course.edition,
            source=snapshot.source,
            path=path,
        ),
        err=True,
    )
    return path


_EDITION = click.option(
    "--edition", metavar="CODE", help=N_("Edition code (default: edition.code in course.yml).")
)
# Files are checked by their readers, which name the file in a one-line error.
_LEARNERS = click.option(
    "--learners",
    type=click.Path(path_type=Path),
    help=N_(
        "Enrolment CSV (username,firstname,lastname,email,birthdate,education,joined) for "
        "learners enrolled without 'moodle-sync enrol' (the others' admission record is in "
        "Moodle); its data is used over the record, and a difference is noted."
    ),
)
_SNAPSHOT = click.option(
    "--snapshot",
    "snapshot_file",
    type=click.Path(path_type=Path),
    help=N_("A snapshot from 'moodle-sync pull' (default: pull now, and keep the snapshot)."),
)
_CORE_ONLY = click.option(
    "--core-only",
    is_flag=True,
    help=N_("Read tracks with core functions even where the plugin is installed."),
)


@cli.command(
    "pull",
    help=N_(
        "Read learners' SCORM time, status and scores, completion and grades into a snapshot file."
    ),
)
@_EDITION
@_LEARNERS
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help=N_("Snapshot file to write (default: BUILD/snapshots/EDITION-TIME.json)."),
)
@_CORE_ONLY
@click.pass_obj
def pull_command(
    options: Options,
    edition: str | None,
    learners: Path | None,
    output: Path | None,
    core_only: bool,
) -> None:
    refuse_replacing([output], options.read_files(learners))
    standard, plan = options.course()
    _save_snapshot(
        options, _pull(options, standard, plan, edition, learners, core_only).snapshot, output
    )


@cli.command(
    help=N_(
        "Who may sit the final exam: credited hours, unit verifications, admission, with every "
        "reason."
    )
)
@_EDITION
@_SNAPSHOT
@click.option(
    "--register",
    type=click.Path(path_type=Path),
    help=N_(
        "Attendance register CSV: username,date,start,end,modality (default: what the snapshot "
        "read from mod_attendance, if the site has it)."
    ),
)
@click.option(
    "--credits",
    "credits_file",
    type=click.Path(path_type=Path),
    help=N_("Recognised credits CSV: username,hours,reason."),
)
@click.option(
    "--outside-edition",
    is_flag=True,
    help=N_("Accept register rows dated outside the edition (they are noted in the report)."),
)
@_LEARNERS
@click.option(
    "--registro",
    "registro_file",
    metavar="FILE",
    help=N_(
        "The e-learning register ('moodle-sync registro', HTML or PDF) the HTML report links "
        "each learner to."
    ),
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help=N_("File to write (default: standard output)."),
)
@_CORE_ONLY
@click.pass_obj
def eligibility(
    options: Options,
    edition: str | None,
    snapshot_file: Path | None,
    register: Path | None,
    credits_file: Path | None,
    outside_edition: bool,
    learners: Path | None,
    registro_file: str | None,
    fmt: str,
    output: Path | None,
    core_only: bool,
) -> None:
    if fmt == "pdf" and not output and click.get_binary_stream("stdout").isatty():
        raise ConfigError(t("a PDF is not for the terminal: name a file with -o"))
    refuse_replacing([output], options.read_files(snapshot_file, register, credits_file, learners))
    standard, plan = options.course()
    if snapshot_file:
        snapshot = load_snapshot(snapshot_file)
        if edition and edition != snapshot.course.edition:
            raise SiteError(
                t(
                    "{file} is a snapshot of {other}, not {edition}",
                    file=snapshot_file,
                    other=snapshot.course.edition,
                    edition=edition,
                )
            )
        if learners:
            snapshot = snapshot.with_admissions(load_admissions(learners))
    else:
        snapshot = _pull(options, standard, plan, edition, learners, core_only).snapshot
        _save_snapshot(options, snapshot, None)
    edition_days = None if outside_edition else (plan.edition.start, plan.edition.end)
    rows = load_register(register, edition_days) if register else snapshot.register
    if register and snapshot.register:
        click.echo(
            tn(
                "warning: {file} replaces the {count} register row read from Moodle's "
                "mod_attendance",
                "warning: {file} replaces the {count} register rows read from Moodle's "
                "mod_attendance",
                len(snapshot.register),
                file=register,
            ),
            err=True,
        )
    if not rows:
        consequence = t(
            "classroom, laboratory and internship hours count as 0, synchronous e-learning "
            "only as the virtual classroom's sessions in Moodle's log"
        )
        click.echo(
            t("warning: {file} has no rows: {consequence}", file=register, consequence=consequence)
            if register
            else t(
                "warning: no attendance register (--register, or mod_attendance on the site): "
                "{consequence}",
                consequence=consequence,
            ),
            err=True,
        )
    credits = load_credits(credits_file, plan.total_hours) if credits_file else ()
    assessment = assess(snapshot, rows, credits, standard, plan)
    for warning in assessment.warnings:
        click.echo(t("warning: {warning}", warning=warning), err=True)
    report = render(assessment, snapshot, fmt, registro_file)
    if output:
        atomic_write(output, report if isinstance(report, bytes) else report.encode("utf-8"))
        click.echo(t("Wrote {path}", path=output), err=True)
    elif isinstance(report, bytes):
        click.get_binary_stream("stdout").write(report)
    else:
        click.echo(report, nl=False)


@cli.command(
    "registro",
    help=N_(
        "The e-learning register: each learner's sessions per day from Moodle's log, with a "
        "sha256 of its data on every page and in OUTPUT.dati.txt, that of the file in "
        "OUTPUT.sha256."
    ),
)
@_EDITION
@_SNAPSHOT
@click.option(
    "--from", "first", type=click.DateTime(["%Y-%m-%d"]), help=N_("First day (YYYY-MM-DD).")
)
@click.option("--to", "last", type=click.DateTime(["%Y-%m-%d"]), help=N_("Last day (YYYY-MM-DD)."))
@click.option("--learner", metavar="USERNAME", help=N_("Only this learner."))
@click.option(
    "--format", "fmt", type=click.Choice(REGISTER_FORMATS), default="pdf", show_default=True
)
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), required=True, help=N_("File to write.")
)
@click.pass_obj
def registro(
    options: Options,
    edition: str | None,
    snapshot_file: Path | None,
    first: dt.datetime | None,
    last: dt.datetime | None,
    learner: str | None,
    fmt: str,
    output: Path,
) -> None:
    refuse_replacing([output, *register_digests(output)], options.read_files(snapshot_file))
    standard, plan = options.course()
    if snapshot_file:
        snapshot = load_snapshot(snapshot_file)
    else:
        snapshot = _pull(options, standard, plan, edition, None, False).snapshot
        _save_snapshot(options, snapshot, None)
    if snapshot.sessions_from is None:
        raise SiteError(
            t(
                "the snapshot has no sessions: the site's plugin {plugin} cannot give them "
                "(install this version of it) or the token's service lacks its function",
                plugin=PLUGIN,
            )
        )
    if learner and learner not in {x.username for x in snapshot.learners}:
        raise SiteError(
            t(
                "{learner} is not a learner of {edition}",
                learner=learner,
                edition=snapshot.course.edition,
            )
        )
    register = build_register(
        snapshot, first.date() if first else None, last.date() if last else None, learner
    )
    digest, data_digest = write_register(register, fmt, output)
    click.echo(
        t(
            "Wrote {output} ({count} learners), {digest} and {data}; sha256 of the data: {hash}",
            output=output,
            count=len(register.learners),
            digest=digest,
            data=data_digest,
            hash=data_hash(register),
        ),
        err=True,
    )


@cli.command(
    "plugin-zip",
    help=N_(
        "Write the Moodle plugin as a zip for Site administration > Plugins > Install plugins."
    ),
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help=N_("Zip to write (default: the plugin's zip in the build folder)."),
)
@click.pass_obj
def plugin_zip(options: Options, output: Path | None) -> None:
    written = write_plugin_zip(output or options.build / f"{PLUGIN}.zip")
    click.echo(t("Wrote {path}", path=written))


def main() -> None:
    cli(prog_name="moodle-sync")
