"""The questions added, removed and changed between two editions, by question id and hash.

A side of a diff is 'current' (this bank), a version's record, or the bank of a git tag that has
no record (quiz.editions.gittag). `release_changes` is what the changelog's {question-changes}
directive lists for one release.
"""

from __future__ import annotations

from quiz import __version__
from quiz.bank import Bank
from quiz.definitions import hashes
from quiz.editions.records import get, known, read
from quiz.errors import UsageError
from quiz.versions import release_key, release_name


def _side(bank: Bank, version: str) -> dict:
    return {"version": version, "fingerprint": bank.fingerprint, "questions": hashes(bank)}


def resolve(spec: str, bank: Bank | None = None) -> dict:
    """A side of a diff: 'current' (this bank), or a version's record (or git tag)."""
    if spec == "current":
        from quiz.bank import load

        return _side(bank or load(), "current")
    version = release_name(spec)
    record = read(version)
    if record is not None:
        return record
    from quiz.editions.gittag import bank_at_tag  # subprocess, only for a version without record

    tagged = bank_at_tag(version)
    if tagged is None:
        raise UsageError(f"no edition {version}: no record in quiz/bank/editions "
                         f"(records: {', '.join(known()) or 'none'}) and no git tag v{version}")
    return _side(tagged, version)


def diff(a: dict, b: dict) -> dict:
    """Questions added, removed, changed (the question itself) and with other options, a -> b."""
    qa, qb = a["questions"], b["questions"]
    common = sorted(set(qa) & set(qb))

    def side(r: dict) -> dict:
        return {"version": r["version"], "fingerprint": r["fingerprint"],
                "questions": len(r["questions"])}

    return {"from": side(a), "to": side(b),
            "added": sorted(set(qb) - set(qa)), "removed": sorted(set(qa) - set(qb)),
            "changed": [q for q in common if qa[q][0] != qb[q][0]],
            "options_changed": [q for q in common if qa[q][0] == qb[q][0] and qa[q][1] != qb[q][1]]}


def summary(d: dict) -> str:
    """'N added, N removed, N changed, N with other wrong options'."""
    return (f"{len(d['added'])} added, {len(d['removed'])} removed, {len(d['changed'])} changed, "
            f"{len(d['options_changed'])} with other wrong options")


def render_text(d: dict) -> str:
    """The diff as `python -m quiz diff` prints it: a summary line, then one line per id."""
    f, t = d["from"], d["to"]
    lines = [(f"Questions from {f['version']} ({f['fingerprint']}, {f['questions']} questions) "
             f"to {t['version']} ({t['fingerprint']}, {t['questions']} questions): {summary(d)}")]
    for key, label in (("added", "added"), ("removed", "removed"), ("changed", "changed"),
                       ("options_changed", "options")):
        lines += [f"{label:<8} {qid}" for qid in d[key]]
    return "\n".join(lines) + "\n"


def release_changes(version: str, live: Bank | None = None) -> tuple[str | None, dict]:
    """(previous release or None, diff) for the changelog entry of `version`: its record (or, for
    this package's own version before its record is written, the live bank `live`) against the
    newest record before it."""
    version = release_name(version)
    record = read(version)
    if record is None and version == __version__ and live is not None:
        record = _side(live, version)
    if record is None:
        raise UsageError(f"no edition record for {version}, and this package is {__version__}: a "
                         "released version needs its record (`make edition`), and the entry of "
                         "the version being prepared names the package's version")
    earlier = [v for v in known() if release_key(v) < release_key(version)]
    if not earlier:
        return None, diff({"version": "", "fingerprint": "", "questions": {}}, record)
    return earlier[-1], diff(get(earlier[-1]), record)
