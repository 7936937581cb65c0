"""Edition records: quiz/bank/editions/<version>.json, read, written and checked.

A record holds the bank's version and fingerprint, the draw its codes use, two hashes per
question id (quiz.definitions), a few sample draws (`SAMPLES`) and the validated tables of the
bank, so that `edition_bank` rebuilds that edition's bank exactly. A released record never
changes: `write` refuses to replace one with a different bank unless forced.
"""

from __future__ import annotations

import json
import os

from quiz.bank import BANK_DIR, Bank
from quiz.definitions import hashes
from quiz.errors import EditionError
from quiz.fileio import replace_file
from quiz.generate import make_quiz
from quiz.model import TOPICS
from quiz.versions import is_release, release_key, release_name

EDITIONS_DIR = os.path.join(BANK_DIR, "editions")
FORMAT = 1
#: quizzes drawn at release time and again on replay: the same ids prove the draw is unchanged
SAMPLES = ((1, 10, TOPICS), (2, 25, TOPICS), (3, 6, ("safety", "terms")))


def known(editions_dir: str | None = None) -> list[str]:
    """Versions that have a record, oldest first."""
    try:
        names = os.listdir(editions_dir or EDITIONS_DIR)
    except OSError:
        return []
    versions = [n[:-5] for n in names if n.endswith(".json") and is_release(n[:-5])]
    return sorted(versions, key=release_key)


def read(version: str, editions_dir: str | None = None) -> dict | None:
    """The record of a version, or None if there is none (an EditionError if it is unreadable)."""
    path = os.path.join(editions_dir or EDITIONS_DIR, f"{release_name(version)}.json")
    try:
        with open(path, encoding="utf-8") as fh:
            record = json.load(fh)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, RecursionError) as exc:
        raise EditionError(f"{path}: cannot read this edition record ({exc})") from None
    if (not isinstance(record, dict) or record.get("format") != FORMAT
            or not isinstance(record.get("questions"), dict)):
        raise EditionError(f"{path}: not an edition record of format {FORMAT}")
    return record


def get(version: str, editions_dir: str | None = None) -> dict:
    """The record of a version that `known()` listed (an EditionError if it is gone since)."""
    record = read(version, editions_dir)
    if record is None:
        raise EditionError(f"no edition record for {version} in {editions_dir or EDITIONS_DIR}")
    return record


def sample_ids(bank: Bank) -> list[list]:
    """The ids of the quizzes `SAMPLES` draws from `bank`, as a record stores them."""
    return [[seed, count, list(topics), [q.id for q in make_quiz(bank, seed, count, topics)]]
            for seed, count, topics in SAMPLES]


def make_record(bank: Bank) -> dict:
    """The record of `bank` as its version's edition."""
    from quiz.draw import DRAW

    return {"format": FORMAT, "version": bank.version, "fingerprint": bank.fingerprint,
            "draw": DRAW, "questions": hashes(bank), "samples": sample_ids(bank),
            "tables": bank.tables}


def write(bank: Bank, editions_dir: str | None = None, force: bool = False) -> str:
    """Write the record of `bank`'s version; a released record is never replaced without force."""
    editions_dir = editions_dir or EDITIONS_DIR
    record = make_record(bank)
    path = os.path.join(editions_dir, f"{bank.version}.json")
    old = read(bank.version, editions_dir)
    if old is not None and old["fingerprint"] != bank.fingerprint and not force:
        raise EditionError(f"{path} records bank {bank.version}-{old['fingerprint']}, not this "
                           f"bank {bank.fingerprint}: a released edition does not change (bump the "
                           "version, or --force if that version was never released)")
    os.makedirs(editions_dir, exist_ok=True)
    replace_file(path, json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    return path


def edition_bank(record: dict) -> Bank:
    """The bank an edition record was made from."""
    return Bank(record["tables"], record["version"], record["fingerprint"])


def check_records(editions_dir: str | None = None) -> list[str]:
    """Problems with the committed records: each must still be rebuilt exactly by this code.

    A record this code cannot rebuild at all (a KeyError in the generator, say) is a bug in the
    change that broke it, and shows its traceback."""
    problems = []
    for version in known(editions_dir):
        record = get(version, editions_dir)
        old = edition_bank(record)
        if hashes(old) != record["questions"] or sample_ids(old) != record.get("samples"):
            problems.append(f"{version}: this code no longer makes that edition's questions as "
                            "recorded, so its replay codes would be refused")
    return problems
