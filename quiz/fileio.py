"""Writing the files the quiz kit makes: atomically, and never over an existing file without force.

A reader of the target path sees either the old file (or none) or the whole new one, never half
of it: the data goes to a temporary file in the same folder, is flushed to disk, and is then
moved into place in one step (`os.replace`, or a hard link when overwriting is not allowed, so
that a file that appears in the meantime is not clobbered either). Every failure a user can
cause is an ExportError with one line that names the path.

`replace_file` is the same one-step move for the files the kit keeps up to date itself (the
bank's cache, an edition record, the book's figure files): it replaces what is there, and an
OSError is the caller's to handle.
"""

from __future__ import annotations

import os

from quiz.errors import ExportError


def _short(name: str, limit: int = 100) -> str:
    """At most `limit` bytes of a file name (whole characters), for the temporary file's name:
    a target name of up to 255 bytes must not make a longer temporary name."""
    raw = os.fsencode(name)
    if len(raw) <= limit:
        return name
    return os.fsdecode(raw[:limit].decode("utf-8", "ignore").encode("utf-8"))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _reason(exc: OSError) -> str:
    return exc.strerror or exc.__class__.__name__


def what_is(path: str) -> str | None:
    """What is at `path` if it is not a regular file (`a symbolic link`, `a FIFO`...), or None
    for a regular file or nothing."""
    import stat

    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode):
        return None
    for test, what in ((stat.S_ISLNK, "a symbolic link"), (stat.S_ISFIFO, "a FIFO"),
                       (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"),
                       (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder")):
        if test(mode):
            return what
    return "not a regular file"


def check_target(path: str, force: bool) -> str:
    """The folder the file goes into, or an ExportError saying why it cannot go there.

    `force` replaces a regular file only: never a symbolic link (nor what it points to), a FIFO,
    a device or a socket.
    """
    if os.path.isdir(path):
        raise ExportError(f"{path} is a folder: give a file name")
    if os.path.lexists(path) and not force:
        raise ExportError(f"{path} already exists: use --force to overwrite it")
    what = what_is(path)
    if what is not None:
        raise ExportError(f"{path} is {what}: --force replaces only a regular file")
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        why = "is not a folder" if os.path.exists(folder) else "does not exist"
        raise ExportError(f"cannot write {path}: {folder} {why}")
    return folder


def write_atomic(path: str, data: bytes | str, *, force: bool = False) -> None:
    """Write `data` (text is written as UTF-8) to `path` in one step.

    Without `force`, an existing file is left alone and an ExportError says so.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    folder = check_target(path, force)
    import tempfile

    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{_short(os.path.basename(path))}.",
                                   suffix=".tmp")
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {_reason(exc)}") from None
    try:
        try:
            if hasattr(os, "fchmod"):  # mkstemp makes 0600; a normal file respects umask
                os.fchmod(fd, 0o666 & ~_umask())
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        _publish(tmp, path, force)
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {_reason(exc)}") from None
    finally:
        if os.path.lexists(tmp):
            os.unlink(tmp)


def _publish(tmp: str, path: str, force: bool) -> None:
    if force:
        what = what_is(path)  # checked again: it may have changed since check_target
        if what is not None:
            raise ExportError(f"{path} is {what}: --force replaces only a regular file")
        os.replace(tmp, path)
        return
    try:
        os.link(tmp, path)  # fails if the path exists: nothing is overwritten, even in a race
    except FileExistsError:
        raise ExportError(f"{path} already exists: use --force to overwrite it") from None
    except OSError:
        # some file systems have no hard links; the check in check_target is then the guard
        if os.path.lexists(path):
            raise ExportError(f"{path} already exists: use --force to overwrite it") from None
        os.replace(tmp, path)


def replace_file(path: str, data: bytes | str) -> None:
    """Write `data` (text as UTF-8) to `path` in one step, replacing any file there: a reader sees
    the old file or the whole new one. On an OSError the temporary file is removed, and the
    error raised."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError:
        if os.path.lexists(tmp):
            os.unlink(tmp)
        raise
