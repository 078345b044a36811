"""The build's output folder: replaced as a whole or not at all, whatever happens to the build,
and written by one build at a time."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from course_model.errors import ContentError, CourseError
from course_model.output import output_lock
from scormgen.build import build

REPO = Path(__file__).resolve().parents[2]


def snapshot(folder: Path) -> dict[str, bytes] | None:
    """Every file of `folder` by path, or None when there is no folder."""
    if not folder.is_dir():
        return None
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def scormgen(*args: str | Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "scormgen", *map(str, args)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its workers too are killed with it
    )


def rewrite(course_dir: Path, old: str, new: str) -> None:
    lesson = course_dir / "uf1-prima" / "02-chiusura.md"
    lesson.write_text(lesson.read_text().replace(old, new))


def test_a_build_killed_at_any_moment_leaves_the_old_output_or_the_new(course_dir, tmp_path):
    out = tmp_path / "build"
    build(course_dir, out)
    (out / "notes.txt").write_text("mine")
    old = snapshot(out)
    rewrite(course_dir, "Primo paragrafo", "Paragrafo riscritto")
    build(course_dir, tmp_path / "reference")
    (tmp_path / "reference" / "notes.txt").write_text("mine")
    new = snapshot(tmp_path / "reference")
    assert old != new
    started = time.monotonic()
    assert scormgen("build", "--content", course_dir, "--out", tmp_path / "once").wait() == 0
    moments = random.Random(14)
    for _ in range(6):
        shutil.rmtree(out)
        shutil.copytree(tmp_path / "reference", out)  # then the old output back, file by file
        for path, data in old.items():
            (out / path).write_bytes(data)
        (out / "scorm12" / "extra.zip").unlink(missing_ok=True)
        assert snapshot(out) == old
        builder = scormgen("build", "--content", course_dir, "--out", out)
        time.sleep(moments.uniform(0, time.monotonic() - started))
        os.killpg(builder.pid, signal.SIGKILL)
        builder.wait()
        left = snapshot(out)
        if left is None:  # killed between moving the old output aside and the new in
            [aside] = tmp_path.glob(".build.old-*")
            assert snapshot(aside) == old
        else:
            assert left in (old, new)
        build(course_dir, out)  # the next build puts everything right
        assert snapshot(out) == new
        assert sorted(p.name for p in tmp_path.glob(".build*")) == []


def test_two_builds_into_one_folder_do_not_mix(course_dir, tmp_path):
    out = tmp_path / "build"
    builders = [scormgen("build", "--content", course_dir, "--out", out) for _ in range(3)]
    results = [(b.wait(), b.communicate()[1]) for b in builders]
    assert any(code == 0 for code, _ in results)
    for code, errors in results:
        assert code == 0 or re.fullmatch(
            f"error: {out}: another build is writing this folder \\(process (\\d+|\\?)\\); "
            "wait for it to end\n",
            errors,
        )
    build(course_dir, tmp_path / "reference")
    assert snapshot(out) == snapshot(tmp_path / "reference")


def test_a_build_while_another_runs_says_so_and_changes_nothing(course_dir, tmp_path):
    out = tmp_path / "build"
    build(course_dir, out)
    before = snapshot(out)
    with output_lock(out):
        builder = scormgen("build", "--content", course_dir, "--out", out)
        stdout, stderr = builder.communicate()
    assert builder.returncode == 1 and stdout == ""
    assert stderr == (
        f"error: {out}: another build is writing this folder (process {os.getpid()}); wait for "
        "it to end\n"
    )
    assert snapshot(out) == before


def test_building_one_unit_keeps_the_other_units_and_their_report_entries(course_dir, tmp_path):
    out = tmp_path / "build"
    whole = build(course_dir, out)
    before = snapshot(out)
    rewrite(course_dir, "Primo paragrafo", "Paragrafo riscritto")
    report = build(course_dir, out, formats=("scorm12",), unit_ids=("uf1-prima",))
    after = snapshot(out)
    assert [unit["id"] for unit in report["units"]] == ["uf1-prima", "uf2-seconda"]
    assert report["units"][1] == whole["units"][1] and report["coverage"] == whole["coverage"]
    assert json.loads(after["report.json"]) == report
    assert {p: d for p, d in after.items() if "uf2-seconda" in p} == {
        p: d for p, d in before.items() if "uf2-seconda" in p
    }
    assert [p for p in after if "uf1-prima" in p] == ["scorm12/uf1-prima.zip"]
    assert after["scorm12/uf1-prima.zip"] != before["scorm12/uf1-prima.zip"]


@pytest.mark.parametrize(
    "listed", ["../../secret.txt", "/etc/passwd", "scorm12/../../secret.txt", 7]
)
def test_a_report_that_lists_a_file_elsewhere_is_refused(course_dir, tmp_path, listed):
    out = tmp_path / "build"
    build(course_dir, out)
    (tmp_path / "secret.txt").write_text("secret")
    report = json.loads((out / "report.json").read_text())
    report["units"][1]["files"].append({"path": listed})
    (out / "report.json").write_text(json.dumps(report))
    before = snapshot(out)
    with pytest.raises(ContentError) as refused:
        build(course_dir, out, unit_ids=("uf1-prima",))
    assert str(refused.value) == (
        f"{out / 'report.json'}: the previous build's report cannot be read: build every unit"
    )
    assert snapshot(out) == before and sorted(tmp_path.glob(".build*")) == []


@pytest.mark.parametrize("where", [".", ".."])
def test_the_output_cannot_hold_the_current_folder(course_dir, where, monkeypatch):
    (course_dir.parent / "lavoro" / "qui").mkdir(parents=True)
    monkeypatch.chdir(course_dir.parent / "lavoro" / "qui")
    before = snapshot(course_dir.parent)
    with pytest.raises(CourseError, match="holds the current folder: give the output a folder"):
        build(course_dir, Path(where))
    assert snapshot(course_dir.parent) == before


@pytest.mark.parametrize(
    ("where", "problem"),
    [
        (".", "is the content folder"),
        ("uf1-prima", "is inside the content folder"),
        ("nuova/cartella", "is inside the content folder"),
        ("..", "holds the content folder"),
    ],
)
def test_the_output_and_the_content_stay_apart(course_dir, tmp_path, monkeypatch, where, problem):
    monkeypatch.chdir(tmp_path)  # elsewhere: the current folder is not the question here
    before = snapshot(course_dir.parent)
    with pytest.raises(ContentError, match=f"{problem}: give the output a folder of its own"):
        build(course_dir, course_dir / where)
    assert snapshot(course_dir.parent) == before


def test_ctrl_c_stops_the_build_in_one_line_and_publishes_nothing(tmp_path):
    out = tmp_path / "build"
    builder = scormgen("build", "--out", out)  # the shipped course: four units, two at a time
    assert " SCO " in builder.stdout.readline()  # a unit is done; the workers are at the others
    os.killpg(builder.pid, signal.SIGINT)  # as Ctrl-C in a terminal: the build and its workers
    _, stderr = builder.communicate(timeout=60)
    assert builder.returncode == 1 and stderr.strip() == "Aborted!"
    assert not out.exists() and list(tmp_path.iterdir()) == []
    with pytest.raises(ProcessLookupError):  # no worker left behind
        os.killpg(builder.pid, 0)
