import os
import subprocess
import sys
from pathlib import Path

import pytest

from course_model import output
from course_model.errors import CourseError
from course_model.output import atomic_write, refuse_replacing, replaced_output, write_synced


def test_atomic_write_replaces_whole_files(tmp_path):
    target = tmp_path / "sub" / "out.zip"
    atomic_write(target, b"one")
    atomic_write(target, b"two")
    assert target.read_bytes() == b"two" and list(target.parent.iterdir()) == [target]
    assert target.stat().st_mode & 0o777 == 0o644


def test_atomic_write_failure_keeps_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "out.zip"
    atomic_write(target, b"old")

    def fail(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(output.os, "replace", fail)
    with pytest.raises(CourseError, match=f"{target}: cannot write here: disk full"):
        atomic_write(target, b"new")
    assert target.read_bytes() == b"old" and list(tmp_path.iterdir()) == [target]


def test_the_staged_output_replaces_the_build_s_files_and_keeps_the_author_s(tmp_path):
    out = tmp_path / "build"
    atomic_write(out / "scorm12" / "uf1.zip", b"old")
    atomic_write(out / "scorm12" / "uf9.zip", b"gone")
    atomic_write(out / "notes.txt", b"mine")
    with replaced_output(out, ("scorm12", "qti21")) as staging:
        assert staging.parent == tmp_path and staging.name.startswith(".build.new-")
        write_synced(staging / "scorm12" / "uf1.zip", b"new")
        write_synced(staging / "qti21" / "uf1.zip", b"quiz")
        assert (out / "scorm12" / "uf1.zip").read_bytes() == b"old"  # nothing moves before the end
    assert (out / "scorm12" / "uf1.zip").read_bytes() == b"new"
    assert (out / "qti21" / "uf1.zip").read_bytes() == b"quiz"
    assert (out / "notes.txt").read_bytes() == b"mine"
    assert sorted(p.name for p in out.rglob("*")) == [
        "notes.txt",
        "qti21",
        "scorm12",
        "uf1.zip",
        "uf1.zip",
    ]
    assert list(tmp_path.iterdir()) == [out]  # no staging, no lock, nothing aside


@pytest.mark.parametrize("existing", [False, True])
def test_a_failure_while_staging_changes_nothing(tmp_path, existing):
    out = tmp_path / "build"
    if existing:
        atomic_write(out / "scorm12" / "uf1.zip", b"old")
    with pytest.raises(ValueError):
        with replaced_output(out, ("scorm12",)) as staging:
            write_synced(staging / "scorm12" / "uf1.zip", b"new")
            raise ValueError("unit 2 is broken")
    if existing:
        assert [p.relative_to(out) for p in out.rglob("*")] == [
            Path("scorm12"),
            Path("scorm12/uf1.zip"),
        ]
        assert (out / "scorm12" / "uf1.zip").read_bytes() == b"old"
        assert list(tmp_path.iterdir()) == [out]
    else:
        assert list(tmp_path.iterdir()) == []


def test_a_build_killed_between_the_two_renames_is_put_right_by_the_next(tmp_path):
    out = tmp_path / "build"
    atomic_write(out / "scorm12" / "uf1.zip", b"old")
    out.rename(tmp_path / ".build.old-00000000000000000001")  # moved aside, then killed
    atomic_write(tmp_path / ".build.new-x1" / "scorm12" / "uf1.zip", b"half")
    with replaced_output(out, ("scorm12",)) as staging:
        assert (out / "scorm12" / "uf1.zip").read_bytes() == b"old"  # back before anything
        write_synced(staging / "scorm12" / "uf2.zip", b"new")
    assert [p.name for p in (out / "scorm12").iterdir()] == ["uf2.zip"]
    assert list(tmp_path.iterdir()) == [out]


HOLD = """
import sys
from pathlib import Path
from course_model.output import output_lock
with output_lock(Path(sys.argv[1])):
    print("held", flush=True)
    sys.stdin.read()
"""


def test_a_second_build_into_the_folder_is_refused_while_the_first_runs(tmp_path):
    out = tmp_path / "build"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(out)],
        cwd=Path(__file__).resolve().parents[2],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline() == "held\n"
    assert (tmp_path / ".build.lock").read_text() == f"{holder.pid}\n"
    with pytest.raises(CourseError) as refused:
        with replaced_output(out, ()):
            pass
    assert str(refused.value) == (
        f"{out}: another build is writing this folder (process {holder.pid}); wait for it to end"
    )
    holder.communicate("")
    assert not (tmp_path / ".build.lock").exists() and not out.exists()


def test_the_lock_of_a_dead_builder_is_taken_over(tmp_path):
    (tmp_path / ".build.lock").write_text("999999\n")  # left by a build that was killed
    with replaced_output(tmp_path / "build", ()) as staging:
        write_synced(staging / "report.json", b"{}")
    assert (tmp_path / "build" / "report.json").read_bytes() == b"{}"


def test_the_output_cannot_be_a_file(tmp_path):
    (tmp_path / "build").write_text("x")
    with pytest.raises(CourseError, match="this is a file"):
        with replaced_output(tmp_path / "build", ()):
            pass


def test_an_output_never_takes_the_place_of_an_input(tmp_path):
    register = tmp_path / "registro.csv"
    register.write_text("username,date\n")
    (tmp_path / "link.csv").symlink_to(register)
    os.link(register, tmp_path / "hard.csv")
    for name in ("registro.csv", "sub/../registro.csv", "link.csv", "hard.csv"):
        with pytest.raises(CourseError) as refused:
            refuse_replacing([None, tmp_path / name], [None, tmp_path / "other.csv", register])
        assert str(refused.value) == (
            f"{tmp_path / name}: the command reads this file ({register}): writing over it "
            "would lose it; name another file to write"
        )
    (tmp_path / "sub").mkdir()
    refuse_replacing([tmp_path / "nuovo.csv", tmp_path / "sub"], [register, tmp_path / "gone"])
    (tmp_path / "loop.csv").symlink_to("loop.csv")
    with pytest.raises(CourseError, match="loop.csv: a symbolic link that leads back to itself"):
        refuse_replacing([tmp_path / "loop.csv"], [register])


@pytest.mark.parametrize("mode", [0o755, 0o750, 0o700])
def test_the_output_folder_keeps_its_permissions(tmp_path, mode):
    out = tmp_path / "build"
    out.mkdir()
    out.chmod(mode)
    with replaced_output(out, ("scorm12",)) as staging:
        (staging / "scorm12").mkdir()
    assert out.stat().st_mode & 0o777 == mode


def test_a_new_output_folder_has_the_permissions_of_any_new_folder(tmp_path):
    before = os.umask(0o027)
    try:
        with replaced_output(tmp_path / "build", ("scorm12",)):
            pass
    finally:
        os.umask(before)
    assert (tmp_path / "build").stat().st_mode & 0o777 == 0o750
