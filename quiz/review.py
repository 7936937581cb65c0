"""What `python -m quiz review` asks and what `python -m quiz stats` shows, from the history.

A question is rebuilt from its stable id alone: the id names the template and the facts (the
slot), and `quiz.generate.build` makes the question again from today's bank. An id whose template
or facts are gone, or that the bank can no longer ask unambiguously, is skipped with a note.
"""

from __future__ import annotations

import random
import time

from quiz import history
from quiz.generate import build, slots
from quiz.model import TOPICS, Question, question_id, split_question_id


def askable(bank, topics=TOPICS) -> set[tuple[str, tuple[str, ...]]]:
    """Every (template id, slot) today's bank offers for these topics."""
    return {(t.id, tuple(s)) for t, s in slots(bank, topics)}


def rebuild(bank, qid: str, offered: set | None = None) -> Question | None:
    """The question with this stable id, made from today's bank, or None if it cannot be."""
    key = split_question_id(qid)
    if key not in (askable(bank) if offered is None else offered):
        return None
    return build(bank, key[0], key[1], random.Random(qid))


def pick(bank, records: list[dict], now: float, count: int, topics=TOPICS,
         seed: int | None = None) -> tuple[list[Question], int, list[str]]:
    """(questions to ask, how many of them are due, ids that are due but gone from the bank).

    Due questions come first, in the schedule's order; the rest of `count` is filled with
    questions never answered before, drawn with `seed`.
    """
    cards = history.schedule(records)
    offered = askable(bank, topics)
    everywhere = offered if tuple(topics) == TOPICS else askable(bank)
    out: list[Question] = []
    gone: list[str] = []
    for card in history.due(cards, now):
        if len(out) == count:
            break
        q = rebuild(bank, card.id, offered)
        if q is not None:
            out.append(q)
        elif split_question_id(card.id) not in everywhere:
            gone.append(card.id)
    n_due = len(out)
    rng = random.Random(seed)
    fresh = [(t, s) for t, s in slots(bank, topics) if question_id(t.id, s) not in cards]
    rng.shuffle(fresh)
    for template, slot in fresh:
        if len(out) == count:
            break
        q = template.draw(bank, slot, rng)
        if q is not None:
            out.append(q)
    return out, n_due, gone


def when(ts: float, now: float) -> str:
    """A due time for people: the local date and time, and how far off it is."""
    stamp = time.strftime("%Y-%m-%d %H:%M", time.localtime(ts))
    secs = ts - now
    if secs < 3600:
        ahead = f"in {max(1, round(secs / 60))} min"
    elif secs < 2 * history.DAY:
        ahead = f"in {round(secs / 3600)} hours"
    else:
        ahead = f"in {round(secs / history.DAY)} days"
    return f"{stamp} ({ahead})"


def stats(bank, records, now: float, path: str) -> str:
    """Score per topic, and what is due now and next, as a small table.

    `records` may be any iterable (history.read streams them): it is read once, and only the
    cards and the tallies per topic are kept. A topic the quiz does not know is counted under
    "other", and what the history says is printed without its control characters.
    """
    from quiz.terminal import clean

    tally: dict[str, list[int]] = {}  # topic -> [answers, right]

    def counted(records):
        for r in records:
            topic = r["topic"] if r["topic"] in TOPICS or not r["topic"] else "other"
            mine = tally.setdefault(topic, [0, 0])
            mine[0] += 1
            mine[1] += r["ok"]
            yield r

    cards = history.schedule(counted(records))
    path = clean(path)
    if not tally:
        return f"No answers recorded yet in {path}.\nRun `python -m quiz` to start.\n"
    offered = askable(bank)
    live = {qid: c for qid, c in cards.items() if split_question_id(qid) in offered}
    due_now = history.due(live, now)
    total = sum(n for n, _ in tally.values())
    lines = [f"History: {path} ({total} answer{'' if total == 1 else 's'})", "",
             f"{'topic':<12}{'answers':>8}{'right':>7}{'score':>7}{'seen':>6}{'due':>5}"]

    def shown(t: str) -> str:
        return t if t in TOPICS or not t else "other"

    for topic in (*TOPICS, "other", ""):
        if topic not in tally:
            continue
        answers, right = tally[topic]
        seen = sum(shown(c.topic) == topic for c in cards.values())
        due_here = sum(shown(c.topic) == topic for c in due_now)
        lines.append(f"{topic or '(none)':<12}{answers:>8}{right:>7}"
                     f"{right / answers:>7.0%}{seen:>6}{due_here:>5}")
    right = sum(r for _, r in tally.values())
    lines.append(f"{'all':<12}{total:>8}{right:>7}{right / total:>7.0%}"
                 f"{len(cards):>6}{len(due_now):>5}")
    lines.append("")
    nxt = history.next_due(live, now)
    if due_now:
        lines.append(f"Due now: {len(due_now)}. Run `python -m quiz review` to go over them.")
    else:
        lines.append("Nothing is due now." + (f" Next: {when(nxt, now)}." if nxt else ""))
    if len(live) < len(cards):
        lines.append(f"note: {len(cards) - len(live)} question(s) in the history are no longer "
                     "in the bank and are left out of what is due.")
    return "\n".join(lines) + "\n"
