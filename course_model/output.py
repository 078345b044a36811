"""Writing outputs so that readers never see part of a file, and a failed build changes nothing."""

from __future__ import annotations

import fcntl
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from course_model.errors import CourseError
from course_model.i18n import t
from course_model.textfile import real_path


def write_synced(path: Path, data: bytes) -> None:
    """Write `data` to `path` (rw-r--r--, whatever the umask) and wait until it is on disk."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(path, 0o644)


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that readers see the old file or the new one, never a part.

    A path that cannot be written (a folder, a place without the right to write) is a
    CourseError naming it, not the temporary file beside it."""
    if path.is_dir():
        raise CourseError(t("this is a folder: name a file to write"), path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise _unwritable(path, exc) from None
    os.close(fd)
    try:
        write_synced(Path(tmp), data)
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _unwritable(path, exc) from None
        raise


def refuse_replacing(outputs: Iterable[Path | None], inputs: Iterable[Path | None]) -> None:
    """A command never writes over a file it reads (a register, a quiz, a snapshot): named
    again as its output, by another path or a link, the input would be lost. Checked before
    the command does any work."""
    sources = [path for path in inputs if path is not None and path.exists()]
    for output in outputs:
        if output is None:
            continue
        where = real_path(output, CourseError)  # a loop of links is an error, not a traceback
        for source in sources:
            # By its path, which may not exist yet (a/../b), or by the file, which a hard link
            # names too.
            if where == source.resolve() or (output.exists() and os.path.samefile(output, source)):
                raise CourseError(
                    t(
                        "the command reads this file ({source}): writing over it would lose "
                        "it; name another file to write",
                        source=source,
                    ),
                    output,
                )


def _unwritable(path: Path, exc: OSError) -> CourseError:
    return CourseError(t("cannot write here: {reason}", reason=exc.strerror or exc), path)


@contextmanager
def replaced_output(out: Path, owned: Collection[str]) -> Iterator[Path]:
    """A staging folder beside `out` for a build to write its files into, in parallel if it likes.

    When the block ends without an error the staging folder replaces `out` as a whole: readers
    see the previous output or the new one, never a mix. Entries at the top of `out` that are not
    `owned` by the build (the author's own files) are carried over. When the block ends with an
    error, or the process is killed, `out` is left as it was. One build at a time: see
    `output_lock`; whatever a killed build left behind is put right by the next (see `_recover`).
    """
    out = out.resolve()
    for folder in (out, *out.parents):  # the first that exists must be a folder
        if folder.exists():
            if not folder.is_dir():
                raise CourseError(t("this is a file; the build's output goes in a folder"), folder)
            break
    if out == Path.cwd().resolve() or out in Path.cwd().resolve().parents:
        raise CourseError(
            t("the output folder holds the current folder: give the output a folder of its own"),
            out,
        )
    if os.path.ismount(out):
        raise CourseError(
            t("the output folder is a mount point, which cannot be replaced: name a folder in it"),
            out,
        )
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _unwritable(out.parent, exc) from None
    with output_lock(out):
        _recover(out)
        staging = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.new-"))
        try:
            os.chmod(staging, _folder_mode(out))  # mkdtemp's rwx------ would hide the output
            yield staging
            if out.exists():
                for entry in out.iterdir():
                    if entry.name not in owned and not (staging / entry.name).exists():
                        carry_over(out, staging, entry.name)
            _publish(staging, out)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise


def _folder_mode(out: Path) -> int:
    """The permissions the output folder keeps: its own, or those of a new folder."""
    if out.is_dir():
        return stat.S_IMODE(out.stat().st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return 0o777 & ~umask


def carry_over(out: Path, staging: Path, relative: str) -> None:
    """Put the file or folder `relative` of `out` in `staging`, as it is: linked, not copied,
    where the file system allows."""
    source, target = out / relative, staging / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    if source.is_dir() and not source.is_symlink():
        shutil.copytree(source, target, symlinks=True, copy_function=_link_or_copy)
    else:
        _link_or_copy(source, target)


def _link_or_copy(source: Path | str, target: Path | str) -> None:
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, target, follow_symlinks=False)


def _aside(out: Path) -> list[Path]:
    """The previous outputs a build moved aside, oldest first."""
    return sorted(out.parent.glob(f".{out.name}.old-*"), key=lambda path: path.name)


def _publish(staging: Path, out: Path) -> None:
    """Move `out` aside and `staging` in its place, then remove the old output. Killed between
    the two renames, `out` is missing and the previous output is aside: `_recover` moves it
    back."""
    _sync_folder(staging)
    if out.exists():
        os.rename(out, out.parent / f".{out.name}.old-{time.time_ns():020d}")
    os.rename(staging, out)
    _sync_folder(out.parent)
    for old in _aside(out):
        shutil.rmtree(old, ignore_errors=True)


def _recover(out: Path) -> None:
    """Put right what a killed build left: the previous output moved aside and not replaced goes
    back; staging folders and outputs that were being removed go."""
    aside = _aside(out)
    if aside and not out.exists():
        os.rename(aside.pop(), out)
        _sync_folder(out.parent)
    for leftover in [*aside, *out.parent.glob(f".{out.name}.new-*")]:
        shutil.rmtree(leftover, ignore_errors=True)


def _sync_folder(folder: Path) -> None:
    """Wait until the entries of `folder` (the names, not the files' data) are on disk."""
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


@contextmanager
def output_lock(out: Path) -> Iterator[None]:
    """Hold the lock of the output folder `out`: a file beside it with the builder's pid, locked
    while the build runs. The system releases the lock of a process that dies, so a lock file
    left by a killed build is simply taken over. A POSIX record lock, not flock: the processes
    a build forks do not inherit it, so they cannot hold it after their parent died."""
    path = out.parent / f".{out.name}.lock"
    while True:
        try:
            handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise _unwritable(path, exc) from None
        try:
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = _holder(handle)
            os.close(handle)
            raise CourseError(
                t(
                    "another build is writing this folder (process {pid}); wait for it to end",
                    pid=holder,
                ),
                out,
            ) from None
        try:
            same = os.fstat(handle).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same = False
        if same:  # not a lock file its previous holder removed meanwhile
            break
        os.close(handle)
    try:
        os.ftruncate(handle, 0)
        os.write(handle, f"{os.getpid()}\n".encode("ascii"))
        yield
    finally:
        Path(path).unlink(missing_ok=True)
        os.close(handle)


def _holder(handle: int) -> str:
    """The pid in a lock file held by another build, which writes it right after locking."""
    for _ in range(100):  # it may be slow to get there on a busy machine
        written = os.pread(handle, 32, 0).decode("ascii", "replace").strip()
        if written:
            return written
        time.sleep(0.01)
    return "?"
