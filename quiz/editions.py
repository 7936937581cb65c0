"""Editions: a record of each released bank, so that old replay codes and LMS copies stay checkable.

At release time `python -m quiz.editions write` (`make edition`) stores
quiz/bank/editions/<version>.json: the bank's version and fingerprint, the draw its codes use
(quiz.draw.DRAW; a record without "draw" used "python-random/1"), two hashes per question
id (quiz.definitions: the question itself, and the wrong options it may draw), a few sample
draws, and the validated tables of the bank. With it:

- a replay code of an older edition is replayed from that edition's own tables, but only after
  every question of that quiz is checked to be unchanged in the current bank; otherwise the
  EditionError (exit code 1) lists which questions were removed or changed;
- `python -m quiz diff 1.0.0 1.1.0` lists the questions added, removed and changed between two
  editions (read from the records, or from a git tag's bank when a tag has no record);
- the book's changelog lists them for each release ({question-changes} directive).

Only these paths read the records: a quiz from the current bank never loads this module.
"""

from __future__ import annotations

import json
import os

from quiz import __version__
from quiz.bank import BANK_DIR, Bank
from quiz.definitions import content_hash, definitions, hashes
from quiz.errors import EXIT_FAILED, EXIT_OK, EditionError, QuizError, UsageError
from quiz.fileio import replace_file
from quiz.generate import make_quiz
from quiz.model import TOPICS
from quiz.versions import RELEASE_RE as VERSION_RE
from quiz.versions import release_key

EDITIONS_DIR = os.path.join(BANK_DIR, "editions")
FORMAT = 1
#: quizzes drawn at release time and again on replay: the same ids prove the draw is unchanged
SAMPLES = ((1, 10, TOPICS), (2, 25, TOPICS), (3, 6, ("safety", "terms")))
#: the parts of a question compared when one changed, as named in messages
PARTS = (("stem", "stem"), ("keys", "answer"), ("explanation", "explanation"),
         ("section", "section"), ("cite", "citations"), ("kind", "kind"), ("topic", "topic"))


def normalise(version: str) -> str:
    """'v1.0.0' or '1.0.0' -> '1.0.0' (a UsageError for anything else)."""
    return ".".join(map(str, release_key(version)))


def known(editions_dir: str | None = None) -> list[str]:
    """Versions that have a record, oldest first."""
    try:
        names = os.listdir(editions_dir or EDITIONS_DIR)
    except OSError:
        return []
    versions = [n[:-5] for n in names if n.endswith(".json") and VERSION_RE.match(n[:-5])]
    return sorted(versions, key=release_key)


def read(version: str, editions_dir: str | None = None) -> dict | None:
    """The record of a version, or None if there is none."""
    path = os.path.join(editions_dir or EDITIONS_DIR, f"{normalise(version)}.json")
    try:
        with open(path, encoding="utf-8") as fh:
            record = json.load(fh)
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise EditionError(f"{path}: cannot read this edition record ({exc})") from None
    if record.get("format") != FORMAT or not isinstance(record.get("questions"), dict):
        raise EditionError(f"{path}: not an edition record of format {FORMAT}")
    return record


def sample_ids(bank) -> list[list]:
    return [[seed, count, list(topics), [q.id for q in make_quiz(bank, seed, count, topics)]]
            for seed, count, topics in SAMPLES]


def make_record(bank) -> dict:
    from quiz.draw import DRAW

    return {"format": FORMAT, "version": bank.version, "fingerprint": bank.fingerprint,
            "draw": DRAW, "questions": hashes(bank), "samples": sample_ids(bank),
            "tables": bank.tables}


def write(bank, editions_dir: str | None = None, force: bool = False) -> str:
    """Write the record of `bank`'s version; a released record is never replaced without force."""
    editions_dir = editions_dir or EDITIONS_DIR
    record = make_record(bank)
    path = os.path.join(editions_dir, f"{bank.version}.json")
    old = read(bank.version, editions_dir)
    if old is not None and old["fingerprint"] != bank.fingerprint and not force:
        raise EditionError(f"{path} records bank {bank.version}-{old['fingerprint']}, not this "
                           f"bank "
                           f"{bank.fingerprint}: a released edition does not change (bump the "
                           "version, or --force if that version was never released)")
    os.makedirs(editions_dir, exist_ok=True)
    replace_file(path, json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    return path


def edition_bank(record: dict) -> Bank:
    return Bank(record["tables"], record["version"], record["fingerprint"])


# --- replaying a code of another edition ------------------------------------------------------

def _name(version: str, fingerprint: str) -> str:
    return f"{version}-{fingerprint[:6]}"


def _record_for_code(current, version: str, fingerprint: str) -> dict:
    record = read(version) if VERSION_RE.match(version) else None
    if record is not None and record["fingerprint"][:6] == fingerprint:
        return record
    have = ", ".join(known()) or "none"
    why = (f"release {version}'s bank is {_name(version, record['fingerprint'])}"
           if record is not None else "this installation has no record of that edition")
    raise EditionError(
        f"this code was made with bank {_name(version, fingerprint)}, and {why} (records: {have}; "
        f"this bank: {_name(current.version, current.fingerprint)}), so it cannot check that its "
        "questions are the same: it does not replay it. Ask for a new quiz instead.")


def _what_changed(then, now) -> str:
    parts = [label for field, label in PARTS if getattr(then, field) != getattr(now, field)]
    return ", ".join(parts) or "wording"


def quiz_changes(current, record: dict, old, questions) -> list[str]:
    """One line per question of `questions` (drawn from the edition `old`) that `current` cannot
    ask exactly as it was: removed, or changed (and how). Empty when the quiz is unchanged."""
    unique = list({q.id: q for q in questions}.values())
    ids = [q.id for q in unique]
    then, now = definitions(old, ids), definitions(current, ids)
    lines = []
    for q in unique:
        recorded = record["questions"].get(q.id)
        if q.id not in then or recorded is None or content_hash(then[q.id]) != recorded[0]:
            lines.append(f"changed: {q.id} (this version of the quiz no longer words it as "
                         f"{record['version']} did)")
        elif q.id not in now:
            lines.append(f"removed: {q.id} (this bank no longer makes it)")
        elif content_hash(now[q.id]) != recorded[0]:
            lines.append(f"changed: {q.id} ({_what_changed(then[q.id], now[q.id])})")
        else:
            gone = [o for i, o in enumerate(q.options)
                    if i not in q.answer and o not in now[q.id].distractors]
            if gone:
                lines.append(f"changed: {q.id} (the option {gone[0]!r} is no longer one of its "
                             "wrong answers)")
    return lines


def replay_bank(current, version: str, fingerprint: str, draw) -> Bank:
    """The bank to replay a code of another edition: that edition's own, once every question that
    `draw(bank)` gives is checked to be unchanged in `current`. Otherwise an EditionError lists
    the questions removed or changed (exit code 1): never silently different questions."""
    from quiz.draw import DRAW, UNRECORDED

    record = _record_for_code(current, version, fingerprint)
    old = edition_bank(record)
    if record.get("draw", UNRECORDED) != DRAW:
        raise EditionError(
            f"this code was made with bank {_name(version, fingerprint)}, which draws questions "
            f"with {record['draw']!r}; this version of the quiz ({__version__}) draws with "
            f"{DRAW!r}, so it cannot replay it. Install version {version} to replay it, or ask "
            "for a new quiz.")
    try:
        same_draw = sample_ids(old) == record.get("samples")
        questions = draw(old)
    except (KeyError, TypeError, ValueError, IndexError):
        same_draw, questions = False, []
    if not same_draw:
        raise EditionError(
            f"this code was made with bank {_name(version, fingerprint)}; this version of the quiz "
            f"({__version__}) no longer draws questions as {version} did, so it cannot replay it. "
            f"Install version {version} to replay it, or ask for a new quiz.")
    lines = quiz_changes(current, record, old, questions)
    if lines:
        total = len({q.id for q in questions})
        raise EditionError("\n".join([
            f"this code was made with bank {_name(version, fingerprint)}; this is bank "
            f"{_name(current.version, current.fingerprint)}, which cannot ask that quiz as it was: "
            f"{len(lines)} of its {total} questions changed:",
            *(f"  {line}" for line in lines),
            f"`python -m quiz diff {version} current` lists every change; "
            "ask for a new quiz to get this bank's questions."]))
    return old


# --- differences between editions -------------------------------------------------------------

def _from_git(version: str) -> dict | None:
    """The record a git tag vX.Y.Z's bank would have had (hashes only), or None without the tag."""
    import subprocess
    import tempfile

    from quiz.bank import load
    from quiz.paths import REPO_ROOT

    root = REPO_ROOT
    ref = f"v{version}"

    def git(*args: str) -> str | None:
        try:
            r = subprocess.run(["git", "-C", root, *args], capture_output=True, text=True,
                               timeout=30, check=False)
        except OSError:
            return None
        return r.stdout if r.returncode == 0 else None

    if git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}") is None:
        return None
    names = (git("ls-tree", "--name-only", f"{ref}:quiz/bank") or "").split()
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            if name.endswith(".toml"):
                text = git("show", f"{ref}:quiz/bank/{name}") or ""
                with open(os.path.join(tmp, name), "w", encoding="utf-8") as fh:
                    fh.write(text)
        bank = load(tmp, use_cache=False)
    bank = Bank(bank.tables, version, bank.fingerprint)
    return {"version": version, "fingerprint": bank.fingerprint, "questions": hashes(bank)}


def resolve(spec: str, bank=None) -> dict:
    """A side of a diff: 'current' (this bank), or a version's record (or git tag)."""
    if spec == "current":
        from quiz.bank import load

        bank = bank or load()
        return {"version": "current", "fingerprint": bank.fingerprint, "questions": hashes(bank)}
    version = normalise(spec)
    record = read(version) or _from_git(version)
    if record is None:
        raise UsageError(f"no edition {version}: no record in quiz/bank/editions "
                         f"(records: {', '.join(known()) or 'none'}) and no git tag v{version}")
    return record


def diff(a: dict, b: dict) -> dict:
    """Questions added, removed, changed (the question itself) and with other options, a -> b."""
    qa, qb = a["questions"], b["questions"]
    common = sorted(set(qa) & set(qb))
    side = lambda r: {"version": r["version"], "fingerprint": r["fingerprint"],  # noqa: E731
                      "questions": len(r["questions"])}
    return {"from": side(a), "to": side(b),
            "added": sorted(set(qb) - set(qa)), "removed": sorted(set(qa) - set(qb)),
            "changed": [q for q in common if qa[q][0] != qb[q][0]],
            "options_changed": [q for q in common if qa[q][0] == qb[q][0] and qa[q][1] != qb[q][1]]}


def summary(d: dict) -> str:
    return (f"{len(d['added'])} added, {len(d['removed'])} removed, {len(d['changed'])} changed, "
            f"{len(d['options_changed'])} with other wrong options")


def render_text(d: dict) -> str:
    f, t = d["from"], d["to"]
    lines = [f"Questions from {f['version']} ({f['fingerprint']}, {f['questions']} questions) "
             f"to {t['version']} ({t['fingerprint']}, {t['questions']} questions): {summary(d)}"]
    for key, label in (("added", "added"), ("removed", "removed"), ("changed", "changed"),
                       ("options_changed", "options")):
        lines += [f"{label:<8} {qid}" for qid in d[key]]
    return "\n".join(lines) + "\n"


def release_changes(version: str, live=None) -> tuple[str | None, dict]:
    """(previous release or None, diff) for the changelog entry of `version`: its record (or, for
    this package's own version before its record is written, the live bank `live`) against the
    newest record before it."""
    version = normalise(version)
    record = read(version)
    if record is None and version == __version__ and live is not None:
        record = {"version": version, "fingerprint": live.fingerprint, "questions": hashes(live)}
    if record is None:
        raise UsageError(f"no edition record for {version}, and this package is {__version__}: a "
                         "released version needs its record (`make edition`), and the entry of "
                         "the version being prepared names the package's version")
    earlier = [v for v in known() if release_key(v) < release_key(version)]
    if not earlier:
        return None, diff({"version": "", "fingerprint": "", "questions": {}}, record)
    return earlier[-1], diff(read(earlier[-1]), record)


# --- python -m quiz.editions ------------------------------------------------------------------

def check_records() -> list[str]:
    """Problems with the committed records: each must still be rebuilt exactly by this code."""
    problems = []
    for version in known():
        record = read(version)
        try:
            old = edition_bank(record)
            rebuilt = hashes(old) == record["questions"] and sample_ids(old) == record["samples"]
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            rebuilt = False
            problems.append(f"{version}: cannot rebuild its bank ({type(exc).__name__}: {exc})")
            continue
        if not rebuilt:
            problems.append(f"{version}: this code no longer makes that edition's questions as "
                            "recorded, so its replay codes would be refused")
    return problems


def main(argv: list[str] | None = None) -> int:
    import argparse
    import sys

    from quiz.bank import load

    p = argparse.ArgumentParser(prog="python -m quiz.editions",
                                description="Edition records of the question bank (for releases).")
    sub = p.add_subparsers(dest="command", required=True)
    w = sub.add_parser("write", help="record this bank as the edition of its version")
    w.add_argument("--force", action="store_true", help="replace a record of an unreleased version")
    sub.add_parser("check", help="check every record is still rebuilt exactly by this code")
    args = p.parse_args(argv)
    try:
        if args.command == "write":
            path = write(load(use_cache=False), force=args.force)
            print(f"wrote {os.path.relpath(path)}")
            return EXIT_OK
        problems = check_records()
        for line in problems:
            print(line, file=sys.stderr)
        print(f"edition records OK: {', '.join(known()) or 'none yet'}" if not problems
              else f"edition records check failed: {len(problems)} problem(s)")
        return EXIT_FAILED if problems else EXIT_OK
    except QuizError as exc:
        print(f"python -m quiz.editions: error: {exc}", file=sys.stderr)
        return exc.exit_code


if __name__ == "__main__":
    raise SystemExit(main())
