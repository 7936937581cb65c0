"""Item statistics from scored sheets: which questions work. Pure standard library.

Per question id, over every sheet that scored it (questions under review are left out):
- facility: the share of right answers;
- discrimination: the corrected point-biserial, the correlation between the item (1 right, 0
  wrong) and the student's rest score, the share right of the *other* questions they were scored
  on (a share, so that sheets with an item under review still compare);
- how often each option was chosen (for a matching question: put against a prompt it does not
  belong to), and whether it is keyed;
- per replay code (one printed test): KR-20 over the sheets with no question under review,
  k/(k-1) * (1 - sum p(1-p) / variance of the totals), with the population variance; none (n/a)
  below `min_n` such sheets.

Flags, once at least `min_n` sheets scored an item: too easy (facility above EASY), too hard
(below HARD), negative discrimination, and a wrong option that nobody chose.
"""

from __future__ import annotations

import csv
import io
from collections import namedtuple
from statistics import fmean

from quiz.model import Question, split_question_id

Item = namedtuple("Item", "id topic kind section facts n facility discrimination options flags")
Test = namedtuple("Test", "code n k kr20")
EASY, HARD = 0.90, 0.30
MIN_N = 10
COLUMNS = ["row", "id", "topic", "kind", "n", "facility", "discrimination", "options", "flags",
           "facts", "section", "kr20"]


def pearson(xs: list[float], ys: list[float]) -> float | None:
    """The correlation of xs and ys, or None when either does not vary."""
    if len(xs) < 3:
        return None
    mx, my = fmean(xs), fmean(ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sxy / (sxx * syy) ** 0.5


def kr20(matrix: list[list[int]]) -> float | None:
    """KR-20 of a students x items matrix of 0/1 scores (None if it is undefined)."""
    if len(matrix) < 2 or len(matrix[0]) < 2:
        return None
    k = len(matrix[0])
    totals = [sum(row) for row in matrix]
    mean = fmean(totals)
    var = fmean([(t - mean) ** 2 for t in totals])
    if var == 0:
        return None
    pq = 0.0
    for i in range(k):
        p = fmean([row[i] for row in matrix])
        pq += p * (1 - p)
    return k / (k - 1) * (1 - pq / var)


def _chosen(q, choice) -> list[int]:
    """The options a choice picked (matching: those put against a prompt not theirs)."""
    if choice is None:
        return []
    if q.prompts:
        return [k for k, right in zip(choice, q.answer) if k is not None and k != right]
    return list(choice) if isinstance(choice, tuple) else [choice]


def _flags(q: Question, n: int, facility: float | None, disc: float | None, opts: dict,
           min_n: int) -> list[str]:
    """What to look at in an item scored on n sheets (nothing below min_n)."""
    if n < min_n or facility is None:
        return []
    flags = [flag for flag, on in (("too easy", facility > EASY), ("too hard", facility < HARD),
                                   ("negative discrimination", disc is not None and disc < 0))
             if on]
    if not q.prompts:
        flags += [f"nobody chose {text!r}" for text, (keyed, shown, chosen) in opts.items()
                  if not keyed and shown >= min_n and chosen == 0]
    return flags


def compute(sheets, min_n: int = MIN_N) -> tuple[list[Item], list[Test]]:
    """(items sorted by id, one Test per replay code) from grade.Sheet records."""
    from quiz.instructor.marks import is_right

    pairs: dict[str, list[tuple[int, float]]] = {}
    info: dict[str, Question] = {}
    options: dict[str, dict[str, list]] = {}  # id -> option text -> [keyed, shown, chosen]
    forms: dict[str, list[list[int]]] = {}
    for s in sheets:
        scored = [i for i in range(len(s.questions)) if i not in s.problems]
        marks = {i: int(is_right(s.questions[i], s.choices[i])) for i in scored}
        total = sum(marks.values())
        if len(scored) == len(s.questions):
            forms.setdefault(s.code, []).append([marks[i] for i in scored])
        for i in scored:
            q = s.questions[i]
            info[q.id] = q
            if len(scored) > 1:
                rest = (total - marks[i]) / (len(scored) - 1)
                pairs.setdefault(q.id, []).append((marks[i], rest))
            table = options.setdefault(q.id, {})
            keyed = set(range(len(q.options))) if q.prompts else set(q.answer)
            picked = _chosen(q, s.choices[i])
            for k, text in enumerate(q.options):
                row = table.setdefault(text, [k in keyed, 0, 0])
                row[1] += 1
                row[2] += picked.count(k)
    items = []
    for qid in sorted(info):
        q = info[qid]
        data = pairs.get(qid, [])
        n = len(data)
        facility = fmean([x for x, _ in data]) if data else None
        disc = pearson([x for x, _ in data], [y for _, y in data])
        opts = options[qid]
        flags = _flags(q, n, facility, disc, opts, min_n)
        facts = sorted({f for f in q.facts if f} | set(split_question_id(qid)[1]) - {""})
        items.append(Item(qid, q.topic, q.kind, q.section.ref, facts, n, facility, disc, opts,
                          flags))
    # Over fewer sheets than it takes to flag an item, KR-20 swings wildly (even below 0): none.
    tests = [Test(code, len(m), len(m[0]), kr20(m) if len(m) >= min_n else None)
             for code, m in sorted(forms.items())]
    return items, tests


def _f(v) -> str:
    return "" if v is None else f"{v:.3f}"


def to_csv(items: list[Item], tests: list[Test]) -> str:
    """One `item` row per question id, then one `test` row per replay code (with KR-20)."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(COLUMNS)
    for it in items:
        opts = "; ".join(f"{'*' if keyed else ''}{text} = {chosen}/{shown}"
                         for text, (keyed, shown, chosen) in it.options.items())
        w.writerow(["item", it.id, it.topic, it.kind, it.n, _f(it.facility),
                    _f(it.discrimination), opts, "; ".join(it.flags), " ".join(it.facts),
                    it.section, ""])
    for t in tests:
        w.writerow(["test", t.code, "", "", t.n, "", "", "", "", "", "", _f(t.kr20)])
    return out.getvalue()


def summary(items: list[Item], tests: list[Test]) -> str:
    flagged = sum(1 for it in items if it.flags)
    rel = ", ".join(f"{t.code} {_f(t.kr20) or 'n/a'} (n={t.n})" for t in tests)
    return (f"item statistics: {len(items)} question(s), {flagged} flagged; "
            f"KR-20: {rel or 'no complete sheets'}")


HINTS = {
    "too easy": "the wrong options may be implausible, or the stem may give the answer away",
    "too hard": "check the key, and that the book section states the answer plainly",
    "negative discrimination": "students who did well overall got it wrong: check the key, and "
                               "whether a wrong option is also defensible",
    "nobody chose": "that wrong option convinces nobody: look at the fact it is drawn from",
}


def _where(fact: str, files: list[str]) -> str:
    import os

    needle = f'id = "{fact}"'
    for path in files:
        with open(path, encoding="utf-8") as fh:
            if needle in fh.read():
                return f"{fact} in quiz/bank/{os.path.basename(path)}"
    return fact


def advice(path: str, bank_dir: str | None = None) -> list[str]:
    """For `python -m quiz check --stats FILE`: each flagged question, with its facts' places in
    the bank, its book section, and what to look at. UsageError if FILE is not a stats CSV."""
    from quiz.bank import BANK_DIR, bank_files
    from quiz.errors import UsageError

    try:
        with open(path, encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise UsageError(f"{path}: cannot read it ({exc})") from None
    if not rows or list(rows[0]) != COLUMNS:
        raise UsageError(f"{path}: not an item statistics file (python -m quiz grade --stats)")
    files = bank_files(bank_dir or BANK_DIR)
    out = []
    for row in rows:
        if row["row"] != "item" or not row["flags"]:
            continue
        out.append(f"{row['id']} ({row['topic']}, {row['kind']}): {row['flags']} "
                   f"[facility {row['facility']}, discrimination {row['discrimination'] or 'n/a'},"
                   f" n={row['n']}]")
        facts = [_where(f, files) for f in row["facts"].split()]
        out.append(f"    facts: {', '.join(facts)}; book section: {row['section']}")
        for flag in row["flags"].split("; "):
            hint = HINTS.get(flag) or HINTS["nobody chose"]
            out.append(f"    {flag}: {hint}")
    return out
