"""The learner's answers, kept as JSON lines, and the Leitner schedule that decides what is due.

Storage: `$XDG_DATA_HOME/massage-quiz/history.jsonl` (or `~/.local/share/massage-quiz/...`),
one JSON object per answer: `{"at": 1764000000, "id": "claim-tf:c21", "ok": true,
"topic": "claims", "v": "1.0.0"}`.
- Appending is one `os.write` of a whole line on a file opened with O_APPEND, so a crash or a kill
  can at worst leave the last line cut short. If the file does not end in a newline (the last
  write was cut short), the next record starts on a new line so that it is not lost too.
- Reading skips every line that is not a well-formed record, with one warning naming the count:
  a damaged history never stops the quiz. A record is checked field by field: `at` a finite
  time between 1970 and 9999, `id` a question id, `ok` true or false, `topic` a short string
  (else ""). The file is read line by line (`read`), so a history of any size takes little
  memory, and only a regular file is read or written: a FIFO or a device (/dev/zero) given as
  the history is refused with one warning, never waited on.

Schedule: five Leitner boxes, reviewed after INTERVALS days (box 1 at once). A missed question
goes back to box 1; a question answered right moves up one box (at most box 5). A question's box
and due time come from replaying its answers in the order they were recorded. Time is always
passed in (`now`, `clock`), so tests drive it.
"""

from __future__ import annotations

import json
import os
import sys
import time

APP_DIR = "massage-quiz"
FILE_NAME = "history.jsonl"
DAY = 86_400
INTERVALS = (0, 1, 3, 7, 21)  # days before a question in box 1..5 is due again
TOP_BOX = len(INTERVALS)
LATEST = 253_402_300_799  # 9999-12-31 23:59:59 UTC: the last time a date can be printed for
MAX_LINE = 16 * 1024 * 1024  # a longer line is not a record: skipped, never held whole
MAX_ID, MAX_TOPIC = 300, 100


def _stderr(message: str) -> None:
    from quiz.terminal import clean

    print(clean(message), file=sys.stderr)


def default_path(env=os.environ) -> str:
    """$XDG_DATA_HOME/massage-quiz/history.jsonl, or ~/.local/share/massage-quiz/history.jsonl.

    As the XDG spec says, a relative XDG_DATA_HOME is ignored.
    """
    base = env.get("XDG_DATA_HOME", "")
    if not os.path.isabs(base):
        home = env.get("HOME") or os.path.expanduser("~")
        base = os.path.join(home, ".local", "share")
    return os.path.join(base, APP_DIR, FILE_NAME)


def make_record(question, correct: bool, now: float, version: str) -> dict:
    return {"at": int(now), "id": question.id, "ok": bool(correct), "topic": question.topic,
            "v": version}


def append(path: str, record: dict) -> None:
    """Add one record as one line, in one write. Raises OSError if the file cannot be written."""
    line = (json.dumps(record, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
            + "\n").encode("utf-8")
    folder = os.path.dirname(path)
    if folder:
        os.makedirs(folder, exist_ok=True)
    flags = (os.O_RDWR | os.O_APPEND | os.O_CREAT | getattr(os, "O_BINARY", 0)
             | getattr(os, "O_NONBLOCK", 0))  # a FIFO must not block: it is refused below
    fd = os.open(path, flags, 0o600)
    try:
        import stat

        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(22, "not a regular file")
        size = info.st_size
        if size:
            os.lseek(fd, size - 1, os.SEEK_SET)
            if os.read(fd, 1) != b"\n":
                line = b"\n" + line  # the last write was cut short: keep this record whole
        written = os.write(fd, line)
        if written != len(line):
            raise OSError(28, "short write (is the disk full?)")
    finally:
        os.close(fd)


def _parse(raw: bytes) -> dict | None:
    """The record on one line, or None unless every field it needs is well formed."""
    try:
        record = json.loads(raw)
    except (ValueError, RecursionError):  # includes bad UTF-8 and 1e400 digits of an int
        return None
    if not isinstance(record, dict):
        return None
    at, qid, ok = record.get("at"), record.get("id"), record.get("ok")
    if isinstance(at, bool) or not isinstance(at, (int, float)) or not 0 <= at <= LATEST:
        return None  # NaN fails the comparison too; Infinity and 1e18 are out of range
    if not isinstance(qid, str) or ":" not in qid or len(qid) > MAX_ID:
        return None
    if not isinstance(ok, bool):
        return None
    topic = record.get("topic")
    if not isinstance(topic, str) or len(topic) > MAX_TOPIC:
        record["topic"] = ""
    return record


def _lines(fh):
    """The lines of a binary file, each at most MAX_LINE bytes; a longer one is yielded as None
    (read in pieces, never held whole)."""
    while True:
        raw = fh.readline(MAX_LINE + 1)
        if not raw:
            return
        if len(raw) > MAX_LINE and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):
                raw = fh.readline(MAX_LINE + 1)
            yield None
        else:
            yield raw


def read(path: str, warn=_stderr):
    """Every readable record, in file order, one at a time. Bad lines are skipped with ONE
    warning via `warn` (given once the file has been read to its end)."""
    from quiz.regular import open_regular

    try:
        fh = open_regular(path)
    except FileNotFoundError:
        return
    except OSError as exc:
        warn(f"warning: cannot read the history {path} ({exc.strerror}); starting from none")
        return
    bad = 0
    with fh:
        for raw in _lines(fh):
            if raw is not None and not raw.strip():
                continue
            record = None if raw is None else _parse(raw)
            if record is None:
                bad += 1
            else:
                yield record
    if bad:
        warn(f"warning: {path}: skipped {bad} unreadable line{'s' if bad > 1 else ''} "
             "(cut short or corrupted)")


def load(path: str, warn=_stderr) -> list[dict]:
    """Every readable record, in file order, as a list (see `read`)."""
    return list(read(path, warn))


class Card:
    """What the history says about one question: its box, its last answer and its tally."""

    __slots__ = ("box", "id", "last", "right", "topic", "wrong")

    def __init__(self, qid: str, topic: str):
        self.id, self.topic = qid, topic
        self.box, self.last, self.right, self.wrong = 1, 0.0, 0, 0

    def answer(self, ok: bool, at: float) -> None:
        """Leitner: a miss goes back to box 1, a right answer moves up one box."""
        self.box = min(self.box + 1, TOP_BOX) if ok else 1
        self.right += ok
        self.wrong += not ok
        self.last = at

    @property
    def due(self) -> float:
        return self.last + INTERVALS[self.box - 1] * DAY

    def __repr__(self) -> str:
        return f"Card({self.id!r}, box={self.box}, due={self.due:.0f})"


def schedule(records: list[dict]) -> dict[str, Card]:
    """Each question's card after replaying its answers in the order they were recorded."""
    cards: dict[str, Card] = {}
    for record in records:
        card = cards.get(record["id"])
        if card is None:
            card = cards[record["id"]] = Card(record["id"], record["topic"])
        card.answer(record["ok"], record["at"])
    return cards


def due(cards: dict[str, Card], now: float) -> list[Card]:
    """Cards due at `now`: lowest box first (the most recently missed), then the longest overdue."""
    return sorted((c for c in cards.values() if c.due <= now), key=lambda c: (c.box, c.due, c.id))


def next_due(cards: dict[str, Card], now: float) -> float | None:
    """When the next card that is not yet due will be, or None."""
    later = [c.due for c in cards.values() if c.due > now]
    return min(later) if later else None


class Recorder:
    """The session's `on_answer` hook: appends each answer; a failure warns once, never stops."""

    def __init__(self, path: str, version: str, clock=time.time, warn=_stderr):
        self.path, self.version, self.clock, self.warn = path, version, clock, warn
        self.failed = False

    def __call__(self, question, correct: bool) -> None:
        if self.failed:
            return
        try:
            append(self.path, make_record(question, correct, self.clock(), self.version))
        except OSError as exc:
            self.failed = True
            self.warn(f"note: cannot record answers in {self.path} "
                      f"({exc.strerror or exc}); carrying on without history")
