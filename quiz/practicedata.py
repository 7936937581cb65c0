"""The practice page's data: every question the draw can make, per edition, computed from the bank.

One JSON document, written by the book's extension (quiz.sphinxext.practice) at build time:

- `recipes`: one entry per distinct question (its id, topic, template, stem, explanation,
  section and citations, and in `d` the draw's data of quiz.draw: the options it chooses among
  and which fit), option texts given as indices into `strings`;
- `editions`: the current bank and every recorded edition whose draw the page runs, each with
  its slots in generate's order (`[topic, recipe index or -1]`), so that a code of any of them
  draws there exactly what `python -m quiz --code CODE` draws;
- for an older edition, what the terminal would say of each of its questions (`changed`: a line
  per question that is removed or changed in the current bank, `gone`: per question, the wrong
  options it no longer offers), so the page replays that code only when the terminal would, and
  otherwise says which questions changed, in the terminal's words.
"""

from __future__ import annotations

from quiz import editions, replay
from quiz.definitions import content_hash, definitions
from quiz.draw import DRAW, UNRECORDED, recipes
from quiz.generate import LEVEL_TEXT, SCALE_TEMPLATES
from quiz.history import DAY, INTERVALS
from quiz.model import STATUSES, TOPICS


class _Strings:
    """Option texts, each stored once."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def __call__(self, text: str) -> int:
        return self.index.setdefault(text, len(self.index))

    @property
    def table(self) -> list[str]:
        return list(self.index)


def _compact(draw: list, s: _Strings) -> list:
    kind = draw[0]
    if kind == "c":
        key, cands = draw[1], draw[2]
        return ["c", [s(key[0]), key[1]], [[s(t), fit, pi] for t, fit, pi in cands], *draw[3:]]
    if kind == "a":
        return ["a", [s(t) for t in draw[1]], [s(t) for t in draw[2]]]
    if kind == "m":
        return ["m", [s(t) for t in draw[1]], [s(t) for t in draw[2]]]
    return ["f", [s(t) for t in draw[1]], draw[2]]


def _verdicts(current, record: dict, old) -> dict:
    """What the terminal says of each question of the old edition `old` (quiz.editions'
    quiz_changes, one question at a time): lines for the changed ones, gone wrong options."""
    from quiz.generate.template import unreworded

    then, now = definitions(old), definitions(unreworded(current, old))
    changed, gone = {}, {}
    for qid in sorted(then):
        recorded = record["questions"].get(qid)
        if recorded is None or content_hash(then[qid]) != recorded[0]:
            changed[qid] = (f"changed: {qid} (this version of the quiz no longer words it as "
                            f"{record['version']} did)")
        elif qid not in now:
            changed[qid] = f"removed: {qid} (this bank no longer makes it)"
        elif content_hash(now[qid]) != recorded[0]:
            changed[qid] = f"changed: {qid} ({editions.what_changed(then[qid], now[qid])})"
        else:
            lost = sorted(set(then[qid].distractors) - set(now[qid].distractors))
            if lost:
                gone[qid] = {o: f"changed: {qid} (the option {o!r} is no longer one of its wrong "
                                "answers)" for o in lost}
    return {"changed": changed, "gone": gone}


def build(current) -> dict:
    """The practice page's data for the bank `current` and every recorded edition."""
    strings, seen = _Strings(), {}
    table: list[dict] = []

    def slots_of(bank) -> list[list]:
        out = []
        for topic, r in recipes(bank):
            if r is None:
                out.append([TOPICS.index(topic), -1])
                continue
            r = dict(r, d=_compact(r["d"], strings))
            key = repr(sorted(r.items()))
            if key not in seen:
                seen[key] = len(table)
                table.append(r)
            out.append([TOPICS.index(topic), seen[key]])
        return out

    name = f"{current.version}-{current.fingerprint[:6]}"
    records = {version: editions.get(version)["fingerprint"][:6] for version in editions.known()}
    eds = {name: {"version": current.version, "fingerprint": current.fingerprint,
                  "slots": slots_of(current)}}
    for version in editions.known():
        record = editions.get(version)
        key = f"{version}-{record['fingerprint'][:6]}"
        if key == name:
            continue
        if record.get("draw", UNRECORDED) != DRAW:  # a draw the page does not run
            eds[key] = {"version": version, "fingerprint": record["fingerprint"],
                        "draw": record["draw"]}
            continue
        old = editions.edition_bank(record)
        same = editions.sample_ids(old) == record.get("samples")  # a bug here shows its traceback
        entry = {"version": version, "fingerprint": record["fingerprint"], "same_draw": same}
        if same:
            entry.update(slots=slots_of(old), **_verdicts(current, record, old))
        eds[key] = entry
    return {
        "draw": DRAW, "current": name, "version": current.version,
        "records": records, "editions": eds, "recipes": table,
        "strings": strings.table, "topics": list(TOPICS),
        "letters": [replay.TOPIC_LETTERS[t] for t in TOPICS],
        "pattern": replay.CODE_PATTERN, "example": replay.EXAMPLE,
        "scales": [list(STATUSES), list(LEVEL_TEXT.values())],
        "scale_templates": list(SCALE_TEMPLATES),
        "intervals": list(INTERVALS), "day": DAY,
    }
