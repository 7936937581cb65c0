"""The question bank: quiz/bank/*.toml, validated, and kept in a compiled form for fast start-up.

`load()` returns a Bank. Parsing TOML costs more than the whole start-up budget of
`python -m quiz`, so the validated tables are cached as JSON in the bank's `__pycache__` folder,
keyed on a checksum of each source file's content (and of the loader's own code): edit a TOML file,
even keeping its size and modification time, and the next run re-validates it. A cache that is
not what this code writes is ignored. Where the folder is read-only the bank is simply parsed
every time. The bank is the folder's `*.toml` regular files; hidden files (an editor's lock file
`.#claims.toml`, macOS's `._claims.toml`), folders, FIFOs and dangling links are left out.
"""

from __future__ import annotations

import json
import os

from quiz import __version__

BANK_DIR = os.path.dirname(os.path.abspath(__file__))
_CODE = [os.path.join(BANK_DIR, name) for name in ("loader.py", "schema.py", "relations.py")]


class Bank:
    """Validated tables (name -> list of entries) plus the bank's version and fingerprint."""

    __slots__ = ("_index", "fingerprint", "tables", "version")

    def __init__(self, tables: dict[str, list[dict]], version: str, fingerprint: str):
        self.tables = tables
        self.version = version
        self.fingerprint = fingerprint
        self._index: dict[str, dict[str, dict]] = {}

    def __getitem__(self, table: str) -> list[dict]:
        return self.tables[table]

    def by_id(self, table: str) -> dict[str, dict]:
        """Entries of a table by id (built once; treat the tables as read-only)."""
        index = self._index.get(table)
        if index is None:
            index = self._index[table] = {e["id"]: e for e in self.tables[table]}
        return index


def bank_files(bank_dir: str) -> list[str]:
    """The bank's TOML files, sorted, as absolute paths."""
    import stat

    from quiz.errors import BankError

    try:
        entries = sorted((e.name, e) for e in os.scandir(bank_dir)
                         if e.name.endswith(".toml") and not e.name.startswith("."))
        paths = []
        for name, entry in entries:
            try:
                if stat.S_ISREG(entry.stat().st_mode):  # follows links; a dangling one is skipped
                    paths.append(os.path.join(bank_dir, name))
            except OSError:
                continue
    except OSError as exc:
        raise BankError(f"{bank_dir}: cannot read the bank folder ({exc.strerror})") from None
    if not paths:
        raise BankError(f"{bank_dir}: no *.toml files in the bank folder")
    return paths


def file_stamps(paths: list[str]) -> list | None:
    """What the cache is keyed on: the version, and each file's name, size and a hash of its
    content (None when a file cannot be read: the loader then says why).

    The hash is the one Python keys hash-based .pyc files on (`importlib.util.source_hash`, a
    64-bit SipHash): it finds any edit a person makes, costs a quarter of SHA-256 (0.02 ms for
    the whole bank), and `python -m` has importlib.util loaded already (runpy imports it), where
    zlib's CRC-32 cost loading a library. It depends on the Python version
    (its magic number), so another Python validates the bank again and rewrites the cache. The
    bank's fingerprint (replay codes) stays SHA-256."""
    from importlib.util import source_hash

    out: list = [__version__]
    for path in paths + _CODE:  # bank_files kept regular files only
        try:
            with open(path, "rb") as fh:
                data = fh.read()
        except OSError:
            return None
        out.append([os.path.basename(path), len(data), source_hash(data).hex()])
    return out


def _fingerprint(paths: list[str]) -> str:
    import hashlib

    digest = hashlib.sha256()
    for path in paths:
        with open(path, "rb") as fh:
            digest.update(os.path.basename(path).encode() + b"\0" + fh.read() + b"\0")
    return digest.hexdigest()[:8]


def _read_cache(path: str, stamp: list) -> Bank | None:
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or data.get("stamp") != stamp:
        return None
    tables, version, fingerprint = data.get("tables"), data.get("version"), data.get("fingerprint")
    if (not isinstance(tables, dict) or not isinstance(version, str)
            or not isinstance(fingerprint, str)):
        return None
    from quiz.bank.schema import TABLES

    if set(tables) != set(TABLES) or not all(
            isinstance(rows, list) and all(isinstance(e, dict) and isinstance(e.get("id"), str)
                                           for e in rows) for rows in tables.values()):
        return None
    return Bank(tables, version, fingerprint)


def _write_cache(path: str, stamp: list, bank: Bank) -> None:
    data = {"stamp": stamp, "version": bank.version, "fingerprint": bank.fingerprint,
            "tables": bank.tables}
    from quiz.fileio import replace_file

    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        # ASCII (json's escapes): read a third faster than UTF-8 text with a few non-ASCII
        # characters, which makes json build every string of the bank the slow way
        replace_file(path, json.dumps(data, separators=(",", ":")))
    except OSError:
        pass  # a read-only bank folder: the bank is parsed every time


def load(bank_dir: str | None = None, *, docs_dir: str | None = None,
         use_cache: bool = True) -> Bank:
    """Load and validate the bank. With docs_dir, also check that every section exists there."""
    bank_dir = bank_dir or BANK_DIR
    paths = bank_files(bank_dir)
    cache = os.path.join(bank_dir, "__pycache__", "bank.json")
    stamp = file_stamps(paths) if use_cache and docs_dir is None else None
    if stamp is not None:
        bank = _read_cache(cache, stamp)
        if bank is not None:
            return bank
    from quiz.bank.loader import parse_files, validate

    tables = validate(parse_files(paths), docs_dir=docs_dir)
    bank = Bank(tables, __version__, _fingerprint(paths))
    stamp = stamp or (file_stamps(paths) if use_cache else None)
    if stamp is not None:
        _write_cache(cache, stamp, bank)
    return bank
