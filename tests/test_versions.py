"""`make versions` and edition-stable questions across two real releases (issue 7).

A temporary git repository is made from this repository's files, and two releases are made in it
exactly as CONTRIBUTING.md says (bump, changelog, edition record, commit, tag): A, then B, which
rewords one fact of the bank and adds a note to the book. Then `make versions` builds A, B and
HEAD ("latest") once for the module (about 20 s), and the tests read what it wrote. A and B are
numbered above every version this repository already has, so the test never collides with a
real release.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import require_tool

pytestmark = pytest.mark.slow  # git repositories with releases, made and cloned
from quiz import __version__
from quiz import bank as bank_mod
from quiz import editions, generate

REPO = Path(__file__).resolve().parents[1]
GIT_ENV = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.invalid",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
MAJOR = max(int(v.split(".")[0]) for v in [__version__, *editions.known()]) + 1
A, B = f"{MAJOR}.0.0", f"{MAJOR}.1.0"
NOTE = "This printing adds a note that only version B carries."
PREFIX = "In short: "


def git(repo: Path, *args: str) -> str:
    r = subprocess.run(["git", *args], cwd=repo, env=GIT_ENV, capture_output=True, text=True,
                       timeout=120, check=False)
    assert r.returncode == 0, f"git {' '.join(args)}: {r.stderr}"
    return r.stdout.strip()


def run(repo: Path, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    """A command with the temporary repository's own `quiz` package (cwd first on sys.path)."""
    env = {**os.environ, "NO_COLOR": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("PYTHONPATH", None)
    return subprocess.run(args, cwd=repo, env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)


def quiz(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return run(repo, sys.executable, "-m", "quiz", *args, timeout=60)


def copy_working_tree(dest: Path) -> None:
    """The files of this repository as they would be committed (tracked, or new and not ignored)."""
    listed = git(REPO, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    for rel in filter(None, listed.split("\0")):
        src = REPO / rel
        if rel.split("/")[0] == "node_modules" or not src.is_file():
            continue
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dest / rel)


def set_version(repo: Path, version: str) -> None:
    init = repo / "quiz" / "__init__.py"
    text, n = re.subn(r'^__version__ = "[^"]+"', f'__version__ = "{version}"',
                      init.read_text(), flags=re.M)
    assert n == 1
    init.write_text(text)


def release(repo: Path, version: str, entry: str) -> str:
    """CONTRIBUTING.md's release steps: bump, changelog entry, edition record, commit, tag."""
    set_version(repo, version)
    changelog = repo / "docs" / "reference" / "changelog.md"
    text = changelog.read_text()
    recorded = {p.stem for p in (repo / "quiz" / "bank" / "editions").glob("*.json")}
    # the entry of the version being prepared becomes this release's (as the lead does on a bump)
    text = re.sub(r"\{question-changes\} (\S+)", lambda m: m.group(0) if m.group(1) in recorded
                  else f"{{question-changes}} {version}", text)
    head, sep, rest = text.partition("\n(changelog-")
    text = (f"{head}\n(changelog-test-{version.replace('.', '-')})=\n## {version} (test)\n\n"
            f"{entry}\n\n```{{question-changes}} {version}\n```\n{sep}{rest}")
    changelog.write_text(text)
    r = run(repo, sys.executable, "-m", "quiz", "edition", "write")
    assert r.returncode == 0, r.stderr
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", f"Release {version}")
    git(repo, "tag", f"v{version}")
    return git(repo, "rev-parse", "HEAD")


def reworded_claim() -> dict:
    """A not-supported claim that no benefit is built on, so that rewording its summary changes
    exactly its own two questions (a benefit's explanation quotes its claim's summary)."""
    with open(REPO / "quiz" / "bank" / "benefits.toml", "rb") as fh:
        behind = {c for b in tomllib.load(fh)["benefit"] for c in b["claims"]}
    with open(REPO / "quiz" / "bank" / "claims.toml", "rb") as fh:
        return next(c for c in tomllib.load(fh)["claim"]
                    if c["status"] == "not supported" and c["id"] not in behind)


def reword(repo: Path, claim_id: str) -> None:
    """Prefix the claim's summary: a changed fact whose old phrases all stay in it."""
    path = repo / "quiz" / "bank" / "claims.toml"
    lines = path.read_text().splitlines(keepends=True)
    start = lines.index(f'id = "{claim_id}"\n')
    at = next(i for i in range(start, len(lines)) if lines[i].startswith('summary = "'))
    lines[at] = lines[at].replace('summary = "', f'summary = "{PREFIX}', 1)
    path.write_text("".join(lines))


def seeds_for(changed: set[str]) -> tuple[int, int]:
    """A seed whose 10-question quiz asks a question of `changed`, and one that asks none."""
    bank = bank_mod.load()
    hit = miss = None
    for seed in range(500):
        ids = {q.id for q in generate.make_quiz(bank, seed, 10)}
        if hit is None and ids & changed:
            hit = seed
        if miss is None and not ids & changed:
            miss = seed
    assert hit is not None and miss is not None
    return hit, miss


class Releases:
    """The temporary repository with releases A and B, and what was captured along the way."""

    def __init__(self, root: Path) -> None:
        require_tool("git", "apt-get install git")
        self.repo = root / "repo"
        self.repo.mkdir()
        copy_working_tree(self.repo)
        # a clone that lists no releases: this test's tags are the only ones
        (self.repo / "docs" / "releases.toml").write_text("# no releases listed\n")
        git(self.repo, "init", "-q", "-b", "main")
        self.claim = reworded_claim()["id"]
        self.changed = {f"claim-status:{self.claim}", f"claim-tf:{self.claim}"}
        self.hit, self.miss = seeds_for(self.changed)
        self.commit_a = release(self.repo, A, "The first release made by the test.")
        self.codes, self.quizzes = {}, {}
        for seed in (self.hit, self.miss):  # quizzes as version A prints them
            r = quiz(self.repo, "--seed", str(seed), "--count", "10", "--format", "json")
            assert r.returncode == 0, r.stderr
            self.quizzes[seed] = json.loads(r.stdout)
            self.codes[seed] = self.quizzes[seed]["code"]
        reword(self.repo, self.claim)
        index = self.repo / "docs" / "index.md"
        text = index.read_text().replace("\n```{toctree}", f"\n{NOTE}\n\n```{{toctree}}", 1)
        index.write_text(text)
        self.commit_b = release(self.repo, B, f"Reworded the summary of claim {self.claim}.")


@pytest.fixture(scope="module")
def releases(tmp_path_factory) -> Releases:
    return Releases(tmp_path_factory.mktemp("versions"))


@pytest.fixture(scope="module")
def built(releases: Releases) -> Path:
    """`make versions` in the repository with the two tags: the folder it wrote."""
    make = require_tool("make", "apt-get install make")
    r = run(releases.repo, make, "versions", f"PY={sys.executable}", "STAMP=", timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr
    out = releases.repo / "_build" / "versions"
    assert f"built {B}, {A}, latest into {out}" in r.stdout
    return out


def page(out: Path, version: str, doc: str) -> BeautifulSoup:
    return BeautifulSoup((out / version / f"{doc}.html").read_text(encoding="utf-8"), "html.parser")


def switcher_config(soup: BeautifulSoup) -> dict[str, str]:
    js = "".join(s.get_text() for s in soup.find_all("script"))
    return dict(re.findall(r"DOCUMENTATION_OPTIONS\.theme_switcher_(\w+) = '([^']*)'", js))


# --- the built versions -----------------------------------------------------------------------

@pytest.mark.book
@pytest.mark.parametrize("doc", ["index", "techniques/swedish", "reference/changelog"])
def test_each_version_shows_its_own_version_and_the_switcher(built, doc):
    for name, shown in ((A, A), (B, B), ("latest", B)):
        soup = page(built, name, doc)
        assert soup.title.get_text().endswith(f"Massage for Back Spasms {shown}")
        assert f"Book version {shown}." in soup.get_text(" ")
        assert soup.select_one(".version-switcher__button") is not None
        config = switcher_config(soup)
        assert config["version_match"] == name
        # the relative json_url is resolved from the version's root: OUT/switcher.json
        assert (built / name / config["json_url"]).resolve() == (built / "switcher.json").resolve()


@pytest.mark.book
def test_each_version_has_its_own_content(built):
    assert NOTE in page(built, B, "index").get_text(" ")
    assert NOTE in page(built, "latest", "index").get_text(" ")
    assert NOTE not in page(built, A, "index").get_text(" ")


@pytest.mark.book
def test_switcher_json_lists_both_releases_and_the_latest(built):
    entries = json.loads((built / "switcher.json").read_text())
    assert entries == [
        {"name": f"latest ({B})", "version": "latest", "url": "/latest/", "preferred": True},
        {"name": B, "version": B, "url": f"/{B}/", "preferred": False},
        {"name": A, "version": A, "url": f"/{A}/", "preferred": False},
    ]
    for entry in entries:
        assert (built / entry["version"] / "index.html").is_file()
    assert 'url=latest/index.html' in (built / "index.html").read_text()


@pytest.mark.book
@pytest.mark.parametrize("doc", ["index", "techniques/swedish"])
def test_the_old_version_has_a_banner_pointing_to_the_latest(built, doc):
    banner = page(built, A, doc).select_one(".bd-header-announcement")
    assert banner is not None
    assert f"You are reading version {A} of this book" in banner.get_text(" ")
    target = (built / A / doc).parent / banner.a["href"]
    assert target.resolve() == (built / "latest" / "index.html").resolve()
    assert page(built, "latest", doc).select_one(".bd-header-announcement") is None


@pytest.mark.book
def test_the_changelog_lists_each_releases_question_changes(built, releases):
    boxes = page(built, B, "reference/changelog").select(".question-changes")
    newest = boxes[0].get_text(" ", strip=True)
    assert f"Questions compared with {A}: 0 added, 0 removed, 2 changed" in newest
    assert [c.get_text() for c in boxes[0].select("code")] == sorted(releases.changed)
    old = page(built, A, "reference/changelog").get_text(" ")
    assert f"{B} (test)" not in old


def test_a_plain_build_has_no_switcher_and_no_banner(built_book):
    assert built_book.returncode == 0, built_book.output
    html = (built_book.html / "index.html").read_text()
    assert "version-switcher" not in html and "theme_switcher_json_url" not in html
    assert "bd-header-announcement" not in html


# --- the question diff between the tags -------------------------------------------------------

def test_diff_between_the_tags_is_exact(releases):
    r = quiz(releases.repo, "diff", f"v{A}", f"v{B}", "--format", "json")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert (d["from"]["version"], d["to"]["version"]) == (A, B)
    assert d["changed"] == sorted(releases.changed)
    assert d["added"] == d["removed"] == d["options_changed"] == []
    text = quiz(releases.repo, "diff", A, B)
    assert text.returncode == 0
    assert [line.split() for line in text.stdout.splitlines()[1:]] == [
        ["changed", qid] for qid in sorted(releases.changed)]


def test_diff_reads_a_tags_bank_when_it_has_no_record(releases, tmp_path):
    record = releases.repo / "quiz" / "bank" / "editions" / f"{A}.json"
    moved = tmp_path / record.name
    shutil.move(record, moved)
    try:
        r = quiz(releases.repo, "diff", A, B, "--format", "json")
    finally:
        shutil.move(moved, record)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["changed"] == sorted(releases.changed)
    unknown = quiz(releases.repo, "diff", "0.0.7", B)
    assert unknown.returncode == 2
    assert "no edition 0.0.7" in unknown.stderr


# --- old replay codes against the changed bank ------------------------------------------------

def test_an_old_code_whose_questions_are_unchanged_replays_exactly(releases):
    seed = releases.miss
    r = quiz(releases.repo, "--code", releases.codes[seed], "--format", "json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == releases.quizzes[seed]


def test_an_old_code_with_a_changed_question_says_what_changed(releases):
    seed = releases.hit
    r = quiz(releases.repo, "--code", releases.codes[seed], "--format", "json")
    assert r.returncode == 1
    assert r.stdout == ""
    asked = {q["id"] for q in releases.quizzes[seed]["questions"]}
    listed = re.findall(r"(changed|removed): (\S+)", r.stderr)
    assert listed and {qid for _, qid in listed} == asked & releases.changed
    assert all(kind == "changed" for kind, _ in listed)
    assert "(explanation)" in r.stderr
    assert f"python -m quiz diff {A} current" in r.stderr


def test_an_old_code_exports_the_old_quiz_or_nothing(releases):
    ok = quiz(releases.repo, "export", "--format", "json", "--code", releases.codes[releases.miss])
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["questions"] == releases.quizzes[releases.miss]["questions"]
    refused = quiz(releases.repo, "export", "--format", "json", "--code",
                   releases.codes[releases.hit])
    assert refused.returncode == 1 and refused.stdout == ""


# --- which releases are built -----------------------------------------------------------------

def listing(repo: Path) -> subprocess.CompletedProcess:
    return run(repo, sys.executable, "-m", "sphinx_polyversion", "poly.py", "-o", "list=1",
               timeout=60)


def test_a_clone_without_tags_builds_the_listed_releases(releases, tmp_path):
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--no-tags", str(releases.repo), str(clone))
    assert git(clone, "tag", "--list") == ""
    r = listing(clone)
    assert r.returncode == 2
    assert r.stderr.strip().count("\n") == 0  # one line
    assert "no releases to build" in r.stderr
    (clone / "docs" / "releases.toml").write_text(
        f'[[release]]\nversion = "{A}"\ncommit = "{releases.commit_a}"\n\n'
        f'[[release]]\nversion = "{B}"\ncommit = "{releases.commit_b[:12]}"\n')
    r = listing(clone)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split("\n")[:2] == [f"{B} {releases.commit_b} {B}",
                                        f"{A} {releases.commit_a} {A}"]
    assert r.stdout.split()[-3] == "latest"


def test_a_listed_release_must_agree_with_its_tag(releases, tmp_path):
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(releases.repo), str(clone))
    (clone / "docs" / "releases.toml").write_text(
        f'[[release]]\nversion = "{A}"\ncommit = "{releases.commit_b}"\n')
    r = listing(clone)
    assert r.returncode == 2
    assert f"release {A}: tag v{A} is commit {releases.commit_a[:12]}" in r.stderr


# --- Read the Docs ----------------------------------------------------------------------------

def test_readthedocs_builds_html_and_pdf_the_way_the_makefile_does():
    """(The EPUB, `make site` and the schema: tests/test_downloads.py.)"""
    import yaml

    config = yaml.safe_load((REPO / ".readthedocs.yaml").read_text())
    assert config["version"] == 2
    assert config["build"]["tools"]["python"] == "3.11"
    assert config["sphinx"]["configuration"] == "conf.py"
    assert "pdf" in config["formats"]
    jobs = config["build"]["jobs"]
    assert "-c constraints.txt '.[docs" in jobs["install"][0]
    assert jobs["build"]["html"][0].startswith("make site ")  # make html, and the downloads
    assert jobs["build"]["pdf"][0].startswith("make pdf ")
    assert any("massage-for-back-spasms.pdf $READTHEDOCS_OUTPUT/pdf/" in c
               for c in jobs["build"]["pdf"])
    # the TeX packages the Makefile names for the PDF, as .ci/run installs them
    tex = re.search(r"^TEX_PACKAGES := (.+)$", (REPO / "Makefile").read_text(), re.M).group(1)
    assert set(tex.split()) <= set(config["build"]["apt_packages"])
    ci_packages = set(re.findall(r"[a-z0-9][a-z0-9.+-]+", " ".join(
        line for line in (REPO / ".ci" / "run").read_text().splitlines()
        if "apt-get install" in line)))
    assert set(config["build"]["apt_packages"]) <= ci_packages


def test_this_repositorys_own_releases_are_listed_and_build_from_a_clone_without_tags(tmp_path):
    """docs/releases.toml lists every release with the commit whose package version it is, each
    has its edition record, and a clone without tags still finds them (what a fresh CI clone of
    main does)."""
    require_tool("git", "apt-get install git")
    listed = tomllib.loads((REPO / "docs" / "releases.toml").read_text())["release"]
    assert "1.0.0" in [r["version"] for r in listed]
    assert set(editions.known()) >= {r["version"] for r in listed}
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--no-tags", str(REPO), str(clone))
    r = listing(clone)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.strip().splitlines()
    for entry in listed:
        commit = git(REPO, "rev-parse", entry["commit"])
        assert f"{entry['version']} {commit} {entry['version']}" in lines
    assert lines[-1].split()[0] == "latest"


def test_the_switcher_says_when_latest_has_changes_since_its_release():
    import importlib.util

    # loaded under another name: imported as "poly" (as sphinx-polyversion does), it would run
    spec = importlib.util.spec_from_file_location("poly_under_test", REPO / "poly.py")
    poly = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(poly)

    release = poly.Rev("1.0.0", "a" * 40, "1.0.0")
    same = poly.switcher([release, poly.Rev(poly.LATEST, "a" * 40, "1.0.0")], "/")
    later = poly.switcher([release, poly.Rev(poly.LATEST, "b" * 40, "1.0.0")], "/")
    bumped = poly.switcher([release, poly.Rev(poly.LATEST, "b" * 40, "1.1.0")], "/")
    assert [e["name"] for e in same] == ["latest (1.0.0)", "1.0.0"]
    assert [e["name"] for e in later] == ["latest (after 1.0.0)", "1.0.0"]
    assert [e["name"] for e in bumped] == ["latest (1.1.0)", "1.0.0"]
    assert [e["preferred"] for e in later] == [True, False]


def test_recording_a_release_is_not_a_change_since_it():
    """The commit that lists a release in docs/releases.toml changes nothing a reader sees, so the
    menu does not call the latest pages "after" that release for it alone."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("poly_under_test", REPO / "poly.py")
    poly = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(poly)
    listed = {r["version"]: r["commit"] for r in
              tomllib.loads((REPO / "docs" / "releases.toml").read_text())["release"]}
    recorded = git(REPO, "log", "--format=%H", "-S", 'version = "1.1.0"', "--",
                   "docs/releases.toml").splitlines()[-1]
    assert not poly.changed_since(REPO, listed["1.1.0"], recorded)
    assert poly.changed_since(REPO, listed["1.0.0"], listed["1.1.0"])
    rev = poly.Rev
    entries = poly.switcher([rev("1.1.0", listed["1.1.0"], "1.1.0"),
                             rev(poly.LATEST, recorded, "1.1.0")], "/", REPO)
    assert entries[0]["name"] == "latest (1.1.0)"
