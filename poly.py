"""`make versions`: every release of the book, and HEAD as "latest", side by side.

sphinx-polyversion's configuration (run as `python -m sphinx_polyversion poly.py OUT`). Each
version is taken from git (`git archive`: nothing in the clone changes) into a temporary folder and
built there with its own conf.py and its own `quiz` package, by the same Sphinx command as
`make html` (-W --keep-going -n), into OUT/<version>/ and OUT/latest/. Then OUT/switcher.json
(pydata-sphinx-theme's version switcher: name, version, url, preferred) and OUT/index.html
(which opens the latest) are written.

The releases are the git tags vX.Y.Z and the entries of docs/releases.toml (version and commit),
so a clone without the tags still builds every release; where both name a release they must
agree, and the package version at that commit must be the release's. A clone with neither, or a
failed build, stops with one line on stderr and a non-zero exit code. No network is used.

Options (sphinx-polyversion's `-o key=value`): base_url=/ is where OUT is published: the
switcher's links are base_url + "<version>/"; the default "/" suits `python -m http.server -d
OUT`. list=1 prints the versions it would build (name, commit, package version) and stops.
--sequential builds one version at a time.
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import re
import subprocess
import sys
import tarfile
import tomllib
from asyncio.subprocess import PIPE
from pathlib import Path
from typing import Any, NamedTuple

from sphinx_polyversion.api import apply_overrides
from sphinx_polyversion.builder import Builder, BuildError
from sphinx_polyversion.driver import DefaultDriver
from sphinx_polyversion.environment import Environment
from sphinx_polyversion.vcs import VersionProvider

ROOT = Path(__file__).resolve().parent
RELEASES = "docs/releases.toml"
LATEST = "latest"
SPHINXOPTS = ("-W", "--keep-going", "-n", "-q")
TAG_RE = re.compile(r"^v(\d+\.\d+\.\d+)$")
VERSION_RE = re.compile(r"""^__version__\s*=\s*["']([^"']+)["']""", re.M)


class Stop(Exception):
    """Nothing to build, or a release that cannot be built: one line for the user."""


class Rev(NamedTuple):
    """A version to build: its folder name, its commit and the package version there."""

    name: str
    commit: str
    version: str


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(x) for x in version.split("."))


def git(root: Path, *args: str) -> str | None:
    """Output of a read-only git command, or None if it fails."""
    r = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)
    return r.stdout.strip() if r.returncode == 0 else None


def commit_of(root: Path, ref: str) -> str | None:
    return git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")


def package_version(root: Path, commit: str) -> str | None:
    m = VERSION_RE.search(git(root, "show", f"{commit}:quiz/__init__.py") or "")
    return m.group(1) if m else None


def listed_releases(root: Path) -> dict[str, str]:
    """version -> commit, from docs/releases.toml as it is in the working tree."""
    path = root / RELEASES
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise Stop(f"{RELEASES}: cannot read it ({exc})") from None
    out: dict[str, str] = {}
    for i, entry in enumerate(data.get("release", [])):
        version, commit = entry.get("version"), entry.get("commit")
        if not (isinstance(version, str) and TAG_RE.match(f"v{version}")
                and isinstance(commit, str)):
            raise Stop(f'{RELEASES}: release {i + 1} needs version = "X.Y.Z" and commit = "<hash>"')
        full = commit_of(root, commit)
        if full is None:
            raise Stop(f"{RELEASES}: release {version}: commit {commit} is not in this clone "
                       "(a shallow clone? git fetch --unshallow)")
        out[version] = full
    return out


def tagged_releases(root: Path) -> dict[str, str]:
    """version -> commit, from the tags vX.Y.Z."""
    out = {}
    for name in (git(root, "tag", "--list", "v*") or "").split():
        m = TAG_RE.match(name)
        if m:
            out[m.group(1)] = commit_of(root, f"refs/tags/{name}")
    return out


def revisions(root: Path) -> list[Rev]:
    """The releases, newest first, then HEAD as "latest"; a Stop says why there is nothing."""
    if git(root, "rev-parse", "--git-dir") is None:
        raise Stop(f"{root} is not a git clone: the releases are built from its history")
    tags, listed = tagged_releases(root), listed_releases(root)
    if not tags and not listed:
        raise Stop("no releases to build: this clone has no vX.Y.Z tags and "
                   f"{RELEASES} lists none (git fetch --tags, or list the releases there)")
    for version in sorted(set(tags) & set(listed)):
        if tags[version] != listed[version]:
            raise Stop(f"release {version}: tag v{version} is commit {tags[version][:12]} but "
                       f"{RELEASES} says {listed[version][:12]}")
    revs = []
    for version, commit in sorted({**listed, **tags}.items(), key=lambda vc: version_key(vc[0]),
                                  reverse=True):
        found = package_version(root, commit)
        if found != version:
            raise Stop(f"release {version} (commit {commit[:12]}) has package version {found} in "
                       "quiz/__init__.py: a release's tag must point at its version bump")
        revs.append(Rev(version, commit, version))
    head = commit_of(root, "HEAD")
    revs.append(Rev(LATEST, head, package_version(root, head) or "?"))
    return revs


def changed_since(root: Path, release: str, head: str) -> bool:
    """Whether `head` differs from the release commit in more than the list of releases (the
    commit that records a release in docs/releases.toml changes nothing a reader sees)."""
    if release == head:
        return False
    names = git(root, "diff", "--name-only", release, head)
    return names is None or any(n != RELEASES for n in names.splitlines())


def switcher(revs: list[Rev], base_url: str, root: Path | None = None) -> list[dict[str, Any]]:
    """pydata-sphinx-theme's switcher.json: the latest (preferred) first, then newest first."""
    releases = sorted((r for r in revs if r.name != LATEST), key=lambda r: version_key(r.name),
                      reverse=True)
    released = {r.version: r.commit for r in releases}
    entries = []
    for rev in [r for r in revs if r.name == LATEST] + releases:
        name = rev.name
        if rev.name == LATEST:  # HEAD is that release itself, or has changes made since it
            later = rev.version in released and (
                released[rev.version] != rev.commit if root is None
                else changed_since(root, released[rev.version], rev.commit))
            name = f"latest (after {rev.version})" if later else f"latest ({rev.version})"
        entries.append({"name": name, "version": rev.name, "url": f"{base_url}{rev.name}/",
                        "preferred": rev.name == LATEST})
    return entries


INDEX = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Massage for Back Spasms</title>
<meta http-equiv="refresh" content="0; url={latest}/index.html"></head>
<body><p><a href="{latest}/index.html">Read the latest version of the book</a>.</p></body>
</html>
"""


class Revisions(VersionProvider[Rev]):
    """The versions to build, each checked out with `git archive` (the clone is left as it is)."""

    def __init__(self, revs: list[Rev]) -> None:
        self.revs = revs

    def name(self, revision: Rev) -> str:
        return revision.name

    async def retrieve(self, root: Path) -> list[Rev]:
        return self.revs

    async def checkout(self, root: Path, dest: Path, revision: Rev) -> None:
        proc = await asyncio.create_subprocess_exec(
            "git", "-C", str(root), "archive", "--format=tar", revision.commit,
            stdout=PIPE, stderr=PIPE)
        out, err = await proc.communicate()
        if proc.returncode:
            raise BuildError(f"git archive {revision.commit}: {err.decode().strip()}")
        with tarfile.open(fileobj=io.BytesIO(out)) as tar:
            kwargs = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
            tar.extractall(dest, **kwargs)

    async def checkout_local(self, root: Path, dest: Path) -> None:
        raise NotImplementedError("build a working tree with `make html`")


class BookBuilder(Builder[Environment, None]):
    """`python -m sphinx` on the version's own docs/ and conf.py, as `make html` runs it, with
    BOOK_VERSIONS set so that its conf.py shows the switcher (and, on a release, the banner)."""

    async def build(self, environment: Environment, output_dir: Path, data: Any) -> None:
        src = environment.path
        cmd = [sys.executable, "-m", "sphinx", *SPHINXOPTS, "-b", "html",
               "-d", str(src / "_build" / "doctrees"), "-c", str(src), str(src / "docs"),
               str(output_dir)]
        env = {**os.environ, "BOOK_VERSIONS": json.dumps(data)}
        output_dir.mkdir(parents=True, exist_ok=True)
        out, err, rc = await environment.run(*cmd, env=env, cwd=str(src), stdout=PIPE, stderr=PIPE)
        if rc:
            raise BuildError(f"{data['name']}: sphinx exited with {rc}:\n{out}{err}".rstrip())


class Driver(DefaultDriver):
    """Builds at most one version per CPU at once, remembers failures, writes the root files."""

    def __init__(self, *args: Any, base_url: str = "/", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.base_url = base_url
        self.failed: list[str] = []
        self._slots = asyncio.Semaphore(os.cpu_count() or 1)

    async def build_revision(self, rev: Rev) -> None:
        async with self._slots:
            await super().build_revision(rev)

    def build_failed(self, rev: Rev, exc_info: Any) -> None:
        self.failed.append(rev.name)
        print(f"make versions: {exc_info[1]}", file=sys.stderr)

    async def build_root(self) -> None:
        self.output_dir.mkdir(parents=True, exist_ok=True)
        entries = switcher(list(self.builds), self.base_url, ROOT)
        (self.output_dir / "switcher.json").write_text(json.dumps(entries, indent=2) + "\n")
        (self.output_dir / "index.html").write_text(INDEX.format(latest=LATEST))


def main() -> int:
    options: dict[str, Any] = {"base_url": "/"}
    apply_overrides(options)
    out = Path(options.get("OUTPUT_DIR") or ROOT / "_build" / "versions").resolve()
    base_url = options["base_url"].rstrip("/") + "/"
    try:
        revs = revisions(ROOT)
    except Stop as exc:
        print(f"make versions: {exc}", file=sys.stderr)
        return 2
    if options.get("list"):  # -o list=1: what would be built, and from which commit
        print("\n".join(f"{r.name} {r.commit} {r.version}" for r in revs))
        return 0
    driver = Driver(
        ROOT, out, vcs=Revisions(revs), builder=BookBuilder(), env=Environment.factory(),
        data_factory=lambda _driver, rev, _env: {"name": rev.name, "latest": LATEST,
                                                   "json_url": "../switcher.json"},
        base_url=base_url)
    driver.run(sequential=bool(options.get("SEQUENTIAL")))
    if driver.failed:
        print(f"make versions: {len(driver.failed)} version(s) failed to build: "
              f"{', '.join(driver.failed)}", file=sys.stderr)
        return 1
    print(f"built {', '.join(r.name for r in revs)} into {out} (open {out / 'index.html'}, or "
          f"serve it: python -m http.server -d {out})")
    return 0


if __name__ in ("poly", "__main__"):  # sphinx-polyversion imports this file as "poly"
    sys.exit(main())
