"""`python -m quiz` as a learner runs it: a real process, scripted stdin, output and exit code."""

from __future__ import annotations

import atexit
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import pytest

from quiz import bank as bank_mod
from quiz import generate

BANK = bank_mod.load()
# The interactive runs record answers: keep that history (and anything else under HOME) in a
# temporary folder, never in the real home of whoever runs the tests.
SANDBOX = tempfile.mkdtemp(prefix="quiz-test-cli-")
atexit.register(shutil.rmtree, SANDBOX, ignore_errors=True)
ENV = {**os.environ, "NO_COLOR": "1", "PYTHONUNBUFFERED": "1", "HOME": SANDBOX,
       "XDG_DATA_HOME": os.path.join(SANDBOX, "data")}


def run(*args, stdin="", env=None, timeout=60):
    return subprocess.run([sys.executable, "-m", "quiz", *args], input=stdin, capture_output=True,
                          text=True, env=env or ENV, timeout=timeout)


def questions(seed, count, topics=None):
    from quiz.model import TOPICS
    return generate.make_quiz(BANK, seed, count, tuple(topics or TOPICS))


def test_all_right_answers_score_full_marks():
    qs = questions(5, 4)
    stdin = "".join(q.letters.lower() + "\n" for q in qs)
    r = run("--seed", "5", "--count", "4", stdin=stdin)
    assert r.returncode == 0, r.stderr
    assert r.stdout.count("Correct.") == 4
    assert "Score: 4/4" in r.stdout
    assert r.stderr == ""
    for q in qs:
        assert q.stem in r.stdout
        assert f"Read more: {q.section.doc}.html#{q.section.label}" in r.stdout


def test_wrong_answers_show_the_key_explanation_and_section():
    qs = questions(8, 3)
    wrong = [(q.answer[0] + 1) % len(q.options) for q in qs]
    stdin = "".join(f"{w + 1}\n" for w in wrong)  # answered by number
    r = run("--seed", "8", "--count", "3", stdin=stdin)
    assert r.returncode == 0
    assert "Score: 0/3" in r.stdout
    for q in qs:
        key = q.answer[0]
        assert f"Not quite. The answer is {'ABCDEFGH'[key]}) {q.options[key]}" in r.stdout
        assert q.explanation in r.stdout


def test_garbage_and_empty_lines_prompt_again():
    qs = questions(11, 2)
    stdin = "\n  \nzebra\n42\n" + qs[0].letters + "\n" + "?\n" + qs[1].letters + "\n"
    r = run("--seed", "11", "--count", "2", stdin=stdin)
    assert r.returncode == 0
    assert r.stdout.count("Please answer with") == 3  # zebra, 42, ?
    assert "Score: 2/2" in r.stdout
    assert "Traceback" not in r.stdout + r.stderr


def test_true_false_accepts_words():
    q = next(q for q in generate.all_questions(BANK, 0) if q.template == "claim-tf")
    assert q.kind == "truefalse"
    from quiz.answers import parse_answer
    assert parse_answer("true", q) == 0 and parse_answer("F", q) == 1 and parse_answer("b)", q) == 1
    assert parse_answer("maybe", q) is None


def _with_matching(count):
    """A seed whose terms quiz of `count` questions holds a matching question, and that quiz."""
    for seed in range(200):
        qs = questions(seed, count, ("terms",))
        if any(q.kind == "matching" for q in qs):
            return seed, qs
    raise AssertionError("no seed under 200 draws a matching question")


def test_matching_is_answered_with_a_letter_per_prompt():
    seed, qs = _with_matching(6)
    m = next(i for i, q in enumerate(qs) if q.kind == "matching")
    q = qs[m]
    letters = q.letters.split()  # "1D", "2B", ...
    wrong = "".join(x[-1] for x in letters[1:] + letters[:1])  # every pair shifted: wrong
    lines = [q.letters if i != m else "AB\n" + wrong for i, q in enumerate(qs)]
    r = run("--seed", str(seed), "--count", "6", "--topic", "terms", stdin="\n".join(lines) + "\n")
    assert r.returncode == 0, r.stderr
    for n, prompt in enumerate(q.prompts, 1):
        assert f"  {n}. {prompt}" in r.stdout
    assert f"for each of 1-{len(q.prompts)}" in r.stdout
    assert r.stdout.count("Please answer with a letter") == 1  # "AB" is too short
    right = sum(a == b for a, b in zip(wrong, (x[-1] for x in letters)))
    assert f"Not quite. The answer is {q.letters} ({right} of {len(letters)} pairs right)" in r.stdout
    assert f"Score: {len(qs) - 1}/{len(qs)}" in r.stdout
    # the key in any spacing, with or without its numbers, is right
    from quiz.answers import parse_answer
    assert parse_answer(q.letters, q) == parse_answer(q.letters.replace(" ", "").lower(), q) \
        == tuple(q.answer)
    assert parse_answer("1A", q) is None and parse_answer("Z" * len(q.prompts), q) is None


def test_select_all_is_answered_with_every_letter_that_applies():
    for seed in range(300):
        qs = questions(seed, 8, ("safety",))
        if any(q.kind == "multiple" for q in qs):
            break
    else:
        raise AssertionError("no seed under 300 draws a select-all question")
    m = next(i for i, q in enumerate(qs) if q.kind == "multiple")
    q = qs[m]
    wrong = next(i for i in range(len(q.options)) if i not in q.answer)
    picked = "ABCD"[q.answer[0]] + "ABCD"[wrong]  # one right, one wrong
    lines = [x.letters for x in qs]
    lines[m] = "Z\n" + picked
    r = run("--seed", str(seed), "--count", "8", "--topic", "safety", stdin="\n".join(lines) + "\n")
    assert r.returncode == 0, r.stderr
    assert "every letter that applies" in r.stdout
    assert r.stdout.count("Please answer with every letter that applies") == 1  # "Z"
    assert (f"(you picked 1 of the {len(q.answer)} right ones and 1 wrong)") in r.stdout
    assert f"Score: {len(qs) - 1}/{len(qs)}" in r.stdout
    from quiz.answers import parse_answer
    keyed = ", ".join(str(i + 1) for i in q.answer)
    assert q.is_right(parse_answer(keyed, q)) and q.is_right(parse_answer(q.letters.lower(), q))
    assert not q.is_right(parse_answer(q.letters[0], q))  # only some of the keys is wrong


def test_eof_ends_with_the_partial_score():
    qs = questions(2, 5)
    r = run("--seed", "2", "--count", "5", stdin=qs[0].letters + "\n")
    assert r.returncode == 0
    assert "Input ended after 1 of 5 questions. Score: 1/1" in r.stdout
    assert "Traceback" not in r.stderr


def test_sigint_ends_with_the_partial_score_and_130():
    qs = questions(3, 5)
    proc = subprocess.Popen([sys.executable, "-m", "quiz", "--seed", "3", "--count", "5"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=ENV)
    proc.stdin.write(qs[0].letters + "\n")
    proc.stdin.flush()
    deadline = time.monotonic() + 30
    seen = ""
    while "Question 2/5" not in seen and time.monotonic() < deadline:
        seen += proc.stdout.read(1)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert "Interrupted after 1 of 5 questions. Score: 1/1" in seen + out
    assert "Traceback" not in err
    # the replay code closes the output, as at the end of input, so the quiz can be taken again
    code = (seen + out).splitlines()[0].split()[2]
    assert (seen + out).rstrip().splitlines()[-2:] == [
        "Interrupted after 1 of 5 questions. Score: 1/1", f"Replay code: {code}"]


def test_eof_and_ctrl_c_end_with_the_same_replay_line(monkeypatch, capsys):
    from quiz import cli

    def interrupted():
        raise KeyboardInterrupt

    endings = {}
    for name, read in (("eof", lambda: (_ for _ in ()).throw(EOFError)), ("ctrl-c", interrupted)):
        monkeypatch.setattr("builtins.input", read)
        rc = cli.main(["--seed", "3", "--count", "2", "--no-history", "--no-color"])
        endings[name] = (rc, capsys.readouterr().out.rstrip().splitlines()[-1])
    from quiz import replay
    from quiz.model import TOPICS

    code = replay.make(BANK.version, BANK.fingerprint, 3, 2, TOPICS)
    assert endings == {"eof": (0, f"Replay code: {code}"), "ctrl-c": (130, f"Replay code: {code}")}


@pytest.mark.parametrize("args, message", [
    (["--count", "zero"], "argument --count: 'zero' is not a whole number from 1 to 500"),
    (["--count", "0"], "argument --count: '0' is not a whole number from 1 to 500"),
    (["--seed", "-4"], "argument --seed: '-4' is not a whole number"),
    (["--topic", "astrology"], "argument --topic: unknown topic 'astrology'"),
    (["--format", "pdf"], "argument --format: invalid choice: 'pdf'"),
    (["--frobnicate"], "unrecognized arguments: --frobnicate"),
    (["--code", "banana"], "not a replay code: 'banana'"),
    (["--code", "0.1.0-abcdef-1-10-TT"], "not a replay code"),
    (["--code", "0.1.0-abcdef-1-10-T", "--seed", "3"], "--code replays a quiz on its own"),
    (["--bank", "/nonexistent/bank"], "/nonexistent/bank: cannot read the bank folder"),
])
def test_bad_input_is_one_line_and_exit_2(args, message):
    r = run(*args)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert message in lines[0]
    assert r.stdout == ""


def test_malformed_bank_is_one_line_per_problem_and_exit_2(tmp_path):
    for toml in bank_mod.load.__globals__["os"].listdir(bank_mod.BANK_DIR):
        if toml.endswith(".toml"):
            text = open(os.path.join(bank_mod.BANK_DIR, toml)).read()
            (tmp_path / toml).write_text(text.replace('level = "urgent"', 'level = "whenever"', 1))
    r = run("--bank", str(tmp_path), "--format", "json")
    assert r.returncode == 2
    assert r.stderr.strip() == ("python -m quiz: error: safety.toml: red_flag 'fever': field "
                                "'level': 'whenever' is not one of emergency, urgent, routine")


def test_json_format_and_replay_code_reproduce_exactly():
    r = run("--seed", "77", "--count", "7", "--topic", "claims,safety", "--format", "json")
    assert r.returncode == 0
    data = json.loads(r.stdout)
    assert [q["id"] for q in data["questions"]] == [q.id for q in questions(77, 7, ("claims", "safety"))]
    assert data["version"] == BANK.version
    again = json.loads(run("--code", data["code"], "--format", "json").stdout)
    assert again == data
    assert data["code"].split("-")[2:] == ["77", "7", "CS"]


def test_interactive_prints_its_replay_code():
    r = run("--seed", "4", "--count", "1", stdin="a\n")
    code = f"{BANK.version}-{BANK.fingerprint[:6]}-4-1-TBCSG"
    assert f"Replay code: {code}" in r.stdout


def test_code_from_an_unknown_edition_is_refused_never_replayed_differently():
    # issue 7: no record of that edition, so its questions cannot be checked: exit 1, no quiz
    r = run("--code", "0.0.1-000000-5-3-T", "--format", "json")
    assert r.returncode == 1
    assert r.stdout == ""
    assert "this code was made with bank 0.0.1-000000" in r.stderr
    assert "it does not replay it" in r.stderr
    assert "Traceback" not in r.stderr


def test_text_format_lists_answers():
    r = run("--seed", "9", "--count", "3", "--format", "text")
    assert r.returncode == 0
    assert r.stdout.count("Answer: ") == 3


def test_list_topics_and_version():
    r = run("--list-topics")
    assert r.returncode == 0
    for topic in ("techniques", "benefits", "claims", "safety", "terms"):
        assert topic in r.stdout
    v = run("--version")
    assert v.returncode == 0 and BANK.version in v.stdout


def test_no_color_and_forced_tty_colour(tmp_path):
    r = run("--seed", "1", "--count", "1", stdin="a\n")
    assert "\033[" not in r.stdout


def test_check_passes_on_the_real_bank():
    r = run("check")
    assert r.returncode == 0, r.stderr
    assert "bank OK" in r.stdout


def test_check_fails_with_exit_1_when_a_fact_is_untested(tmp_path):
    for name in os.listdir(bank_mod.BANK_DIR):
        if name.endswith(".toml"):
            (tmp_path / name).write_text(open(os.path.join(bank_mod.BANK_DIR, name)).read())
    # keep only two glossary terms: too few for a four-option question, so they go untested,
    # and the pool drops under the 200 questions the book promises
    import re
    text = (tmp_path / "terms.toml").read_text()
    blocks = text.split("[[term]]")
    (tmp_path / "terms.toml").write_text("[[term]]".join(blocks[:3]))
    r = run("check", "--bank", str(tmp_path))
    assert r.returncode == 1
    assert "term 'acupressure': no question tests it" in r.stderr
    assert re.search(r"only \d+ distinct questions \(need 200\)", r.stderr)
    assert "bank check failed" in r.stdout


def test_quiz_never_imports_sphinx():
    code = "import sys, quiz.cli; quiz.cli.main(['--seed','1','--format','json']); print('sphinx' in sys.modules, 'docutils' in sys.modules, 'tomllib' in sys.modules, 'quiz.bibkeys' in sys.modules)"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=ENV)
    # quiz.bibkeys reads the book's .bib files: `check` only, never a quiz's start-up
    assert r.stdout.strip().splitlines()[-1] == "False False False False"


GC_PROBE = """
import gc, sys
gc.disable()
from quiz import cli
seen = []
cli._interactive = lambda *a, **k: seen.append(gc.isenabled()) or 0
rc = cli.main(sys.argv[1:], gc_paused=sys.argv[1] != "-")
print(rc, seen, gc.isenabled(), gc.get_freeze_count() > 0)
"""


@pytest.mark.parametrize("args, expected", [
    # paused by the caller: resumed before the session runs, start-up's objects frozen
    (["--seed", "1", "--count", "2", "--no-history"], "0 [True] True True"),
    (["--seed", "1", "--count", "2", "--format", "json"], "0 [] True True"),
    (["check"], "0 [] True True"),
    (["--seed", "x"], "2 [] True True"),  # a usage error resumes it too
])
def test_main_resumes_the_collector_python_m_quiz_paused(args, expected):
    """`python -m quiz` pauses the garbage collector for start-up (quiz/__main__.py): main must
    resume it before a command's own work (a long interactive session collects as usual), on
    every path out."""
    r = subprocess.run([sys.executable, "-c", GC_PROBE, *args], capture_output=True, text=True,
                       env=ENV)
    assert r.stdout.strip().splitlines()[-1] == expected, r.stderr


def test_a_printed_quiz_is_drawn_and_written_with_the_collector_paused():
    """A printed quiz (--format) is start-up all through: bounded work, and the program ends as
    soon as it is written, so the collector stays paused until main returns."""
    probe = GC_PROBE.replace("seen = []", "seen = []\nwrite = cli.streams.write\n"
                             "cli.streams.write = lambda data: seen.append(gc.isenabled()) "
                             "or write(data)")
    r = subprocess.run([sys.executable, "-c", probe, "--seed", "1", "--format", "json"],
                       capture_output=True, text=True, env=ENV)
    assert r.stdout.strip().splitlines()[-1] == "0 [False] True True", r.stderr


def test_python_m_quiz_loads_no_module_it_does_not_need():
    """What `python -m quiz --format json` imports after runpy: no library behind the bank
    cache's checksum (zlib), no TOML parser (the cache is valid), nothing heavy."""
    args = ["-m", "quiz", "--seed", "1", "--format", "json"]
    subprocess.run([sys.executable, *args], capture_output=True, env=ENV)  # the cache is written
    r = subprocess.run([sys.executable, "-X", "importtime", *args], capture_output=True,
                       text=True, env=ENV)
    assert r.returncode == 0, r.stderr
    names = [line.rsplit("|", 1)[-1].strip() for line in r.stderr.splitlines()
             if line.startswith("import time:")]
    ours = names[names.index("runpy") + 1:]
    assert "quiz.render.json" in ours
    for heavy in ("zlib", "binascii", "hashlib", "tomllib", "shutil", "typing", "inspect",
                  "dataclasses", "quiz.bank.loader", "sphinx", "docutils"):
        assert heavy not in ours, heavy


def test_main_leaves_a_callers_collector_alone():
    r = subprocess.run([sys.executable, "-c", GC_PROBE.replace("sys.argv[1:]", "sys.argv[2:]"),
                        "-", "--seed", "1", "--format", "json"], capture_output=True, text=True,
                       env=ENV)
    assert r.stdout.strip().splitlines()[-1] == "0 [] False False", r.stderr


def test_python_m_quiz_pauses_the_collector_until_main_runs():
    """The pause itself: quiz/__main__.py disables the collector before its first import."""
    from pathlib import Path

    import quiz

    main_py = (Path(quiz.__file__).parent / "__main__.py").read_text(encoding="utf-8")
    code = main_py.split('"""', 2)[2]
    assert code.index("gc.disable()") < min(code.index("import _signal"),
                                            code.index("from quiz.cli import main"))
    assert "main(gc_paused=True)" in code


def test_every_replay_code_the_docs_show_still_replays():
    """A code in the README, the book or an error message is one a reader will type: it must
    give its quiz."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    texts = [root / "README.md", *sorted((root / "docs").rglob("*.md"))]
    codes = {c for p in texts
             for c in re.findall(r"\b\d+\.\d+\.\d+-[0-9a-f]{6}-\d+-\d+-[TBCSG]+(?:-v\d+)?\b",
                                 p.read_text(encoding="utf-8"))}
    assert codes, "the docs show at least one replay code"
    from quiz import replay

    codes.add(replay.EXAMPLE)  # the example the practice page and a malformed code's error show
    for code in sorted(codes):
        r = run("--code", code, "--format", "json")
        assert r.returncode == 0, (code, r.stderr)
        assert json.loads(r.stdout)["code"] == code


# --- the parser: argparse's public API, subcommands made on use --------------------------------

def test_the_quiz_itself_is_parsed_without_the_subcommands_parsers(monkeypatch):
    """Start-up: the quiz makes one parser and fills in no subcommand; a subcommand fills in its
    own alone. Both parse as the whole parser would."""
    from quiz import cli

    made, filled = [], []
    init = cli.Parser.__init__

    def counting(self, *args, **kwargs):
        made.append(kwargs.get("prog"))
        if kwargs.get("populate"):
            populate = kwargs["populate"]
            kwargs["populate"] = lambda p: (filled.append(p.prog), populate(p))
        init(self, *args, **kwargs)

    monkeypatch.setattr(cli.Parser, "__init__", counting)
    args = cli.parse_args(["--seed", "1", "--count", "3", "--format", "json"])
    assert (args.command, args.seed, args.count, args.format) == (None, 1, 3, "json")
    assert len(made) == 1 and filled == []
    made.clear()
    args = cli.parse_args(["--count", "4", "export", "--format", "gift", "--seed", "2"])
    assert (args.command, args.export_format, args.seed, args.count) == ("export", "gift", 2, 4)
    assert len(made) == 1 + len(cli.SUBCOMMANDS) and filled == ["python -m quiz export"]


def test_a_value_that_names_a_subcommand_is_still_a_value(tmp_path):
    """`--bank export` is the folder 'export', not the subcommand."""
    r = run("--bank", str(tmp_path / "export"), "--format", "json")
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.startswith(f"python -m quiz: error: {tmp_path / 'export'}: cannot read")


def test_help_lists_every_subcommand_and_each_has_its_own_help():
    from quiz import cli

    r = run("--help", env={**ENV, "COLUMNS": "200"})  # each subcommand's help on one line
    assert r.returncode == 0
    for name, command in cli.SUBCOMMANDS.items():
        assert f"    {name:<20}{command.help}" in r.stdout, name
        sub = run(name, "--help")
        assert sub.returncode == 0 and sub.stdout.startswith(f"usage: python -m quiz {name}")
        assert "-h, --help" in sub.stdout
        assert (command.description or "")[:30] in " ".join(sub.stdout.split())


def test_shared_options_read_the_same_everywhere():
    """Declared once (cli.SHARED): the quiz's --topic and review's --topic say the same."""
    def topic_help(*args):
        text = " ".join(run(*args, "--help").stdout.split())
        return text[text.index("--topic TOPIC limit"):].split(" --count")[0]

    assert topic_help() == topic_help("review") == topic_help("export")
