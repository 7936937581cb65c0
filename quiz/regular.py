"""Opening a file to read only when it is a regular file, without ever blocking on it.

The quiz reads files a user names (the history, a bank folder's TOML files, the book's pages). A
FIFO would block until someone writes to it, and a device such as /dev/zero never ends: neither
is a file the quiz can use. Imported at start-up, so it stays tiny.
"""

from __future__ import annotations

import errno
import os


def open_regular(path: str):
    """`path` opened for reading in binary, or an OSError if it is not a regular file.

    A FIFO, a device (/dev/zero, /dev/full) or a folder would block or never end: opening
    without blocking and checking what was opened (not the name, which may change) avoids both.
    """
    import stat

    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", path)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
