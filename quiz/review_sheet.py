"""`python -m quiz check --review-sheet FILE`: every question of the bank, for a clinician to review.

One Markdown file, grouped by topic: each question with its stem, every option any quiz may draw
for it (the key marked), the key, the explanation, the book section and the sentence of the book
that states the answer, and the sources. Options come from quiz.definitions, so nothing is
sampled: a reviewer who reads the sheet has read every variant of every question.

The book sentence is found in the section's Markdown (docs/<doc>.md, from its label to the next
label) as the sentence holding most of the phrases that quiz.trace says the section must contain.
Lists the book renders from the bank (red flags, the glossary) have no sentence in the prose: the
sheet then says so and quotes the bank entry the page is rendered from.
"""

from __future__ import annotations

import os
import re

from quiz.booklocate import DEFAULT_DOCS, doc_titles
from quiz.definitions import definitions
from quiz.model import TOPICS, Section, split_question_id
from quiz.trace import stated
from quiz.wording import normalise

_ROLE = re.compile(r"\{[a-z:-]+\}`([^`<]*?)(?:\s*<[^>]*>)?`")
TOPIC_NAMES = {"techniques": "Techniques", "benefits": "Benefits the article claims",
               "claims": "The article's claims", "safety": "Safety", "terms": "Glossary terms"}


def _section_text(docs_dir: str, section: Section, cache: dict) -> str:
    """The Markdown of a section as Sphinx makes it: from its label through its heading and every
    subsection, up to the next heading of the same or a higher level."""
    if section.doc not in cache:
        try:
            with open(os.path.join(docs_dir, section.doc + ".md"), encoding="utf-8") as fh:
                cache[section.doc] = fh.read()
        except OSError:
            cache[section.doc] = ""
    lines = cache[section.doc].splitlines()
    try:
        start = lines.index(f"({section.label})=")
    except ValueError:
        return ""
    depth: int | None = None
    out = []
    for line in lines[start + 1:]:
        heading = re.match(r"^(#{1,6})\s", line)
        if heading and depth is None:
            depth = len(heading[1])
        elif heading and depth is not None and len(heading[1]) <= depth:
            break
        out.append(line)
    return "\n".join(out)


def _plain(markdown: str) -> str:
    text = _ROLE.sub(r"\1", markdown)
    text = re.sub(r"[*_`]|^:::.*$|^```.*$|^:[a-z-]+:.*$|^\(.*\)=$|^#+\s*", " ", text, flags=re.MULTILINE)
    return re.sub(r"\s+", " ", text).strip()


def _sentences(markdown: str) -> list[str]:
    """Sentences of a section; list items, table cells and paragraphs each on their own."""
    out = []
    for chunk in re.split(r"\n\s*(?:[-*]|\d+\.)\s+(?:-\s+)?|\n\s*\n|\s\|\s", markdown):
        out += re.split(r"(?<=[.!?;])\s+(?=[A-Z*(\"'{])", _plain(chunk))
    return [x.strip() for x in out if x.strip()]


def book_sentence(text: str, phrases: list[str], most: int = 3) -> str:
    """The sentences of `text` (a section's Markdown) that state `phrases`: the one holding most
    of them, then (up to `most`) those that add the ones still missing; '' if none holds any."""
    wanted = {normalise(p) for p in phrases if p.strip()}
    sentences = [(x, normalise(x)) for x in _sentences(text)]
    chosen: list[str] = []

    def has(phrase: str, norm: str) -> bool:  # whole words: "supported" is not "partly supported"
        return re.search(rf"(?<![\w-])(?<!partly ){re.escape(phrase)}(?![\w-])", norm) is not None

    while wanted and len(chosen) < most:
        best, gain, score = None, set(), (0, False)
        for sentence, norm in sentences:  # the book's own statement before what the article says
            found = {p for p in wanted if has(p, norm)}
            mine = (len(found), "article" not in norm)
            if found and mine > score:
                best, gain, score = sentence, found, mine
        if best is None:
            break
        chosen.append(best)
        wanted -= gain
    return " … ".join(chosen)


def _red_flag_rendering(bank, qid: str, text: str) -> str:
    """For a red-flag question on a page whose lists are rendered from the bank: what it shows."""
    levels = {lv["id"]: lv for lv in bank.tables.get("level") or ()}
    if "{red-flags}" not in text or not levels:
        return ""
    template_id, facts = split_question_id(qid)
    flags = bank.by_id("red_flag")
    if template_id == "redflag-all":
        signs = [f["sign"] for f in bank["red_flag"] if f["level"] == facts[0]]
        level = facts[0]
    elif facts[0] in flags:
        signs, level = [flags[facts[0]]["sign"]], flags[facts[0]]["level"]
    else:
        return ""
    return (f"(the list rendered from the bank by {{red-flags}} {level}) "
            f"{levels[level]['advice']} " + "; ".join(signs))


def _rendered_from_bank(text: str) -> str:
    directive = re.search(r"\{(red-flags|red-flag-summary|bank-glossary|keyfacts)\}[ \t]*([^\s`]*)", text)
    return directive.group(0) if directive else ""


def entries(bank, docs_dir: str = DEFAULT_DOCS) -> list[dict]:
    """One record per question the bank makes, in topic then id order."""
    cache: dict[str, str] = {}
    titles: dict[str, dict[str, str]] = {}
    out = []
    for qid, d in sorted(definitions(bank).items(),
                         key=lambda kv: (TOPICS.index(kv[1].topic), kv[0])):
        section = Section.parse(d.section)
        ref, phrases = stated(bank, qid, section.ref)
        template_id, facts = split_question_id(qid)
        if template_id.startswith("claim-"):  # the sentence that names the claim, "Claim C15"
            phrases = [*phrases, f"c{int(facts[0][1:])}"]
        where = Section.parse(ref)
        text = _section_text(docs_dir, where, cache)
        if not text and where.label.startswith("term-"):  # the glossary, rendered from the bank
            text = "{bank-glossary}"
        sentence = (_red_flag_rendering(bank, qid, text) if template_id.startswith("redflag-")
                    else "") or book_sentence(text, phrases)
        if not sentence:
            made = _rendered_from_bank(text)
            sentence = (f"(rendered from the bank by {made}: {'; '.join(phrases)})" if made
                        else f"(no sentence found; the section must state: {'; '.join(phrases)})")
        if where.doc not in titles:
            titles[where.doc] = doc_titles(docs_dir, where.doc)
        out.append({"id": qid, "topic": d.topic, "kind": d.kind, "stem": d.stem,
                    "keys": list(d.keys), "options": sorted({*d.keys, *d.distractors}),
                    "explanation": d.explanation, "section": ref,
                    "title": titles[where.doc].get(where.label, where.label),
                    "sentence": sentence, "cite": list(d.cite)})
    return out


def render(bank, records: list[dict]) -> str:
    """The sheet as Markdown."""
    lines = [f"# Review sheet: question bank {bank.version}-{bank.fingerprint[:6]}", "",
             (f"{len(records)} questions, every option any quiz may draw for each (the key marked "
              "with ✔). For each: is the key right, is every other option wrong, is the "
              "explanation right, and does the book sentence state the answer? Send corrections "
              "as the instructor guide says (section \"Reviewing the questions and sending "
              "corrections\"), quoting the "
              "question's id."), ""]
    for topic in TOPICS:
        mine = [r for r in records if r["topic"] == topic]
        if not mine:
            continue
        lines += [f"## {TOPIC_NAMES[topic]} ({len(mine)} questions)", ""]
        for r in mine:
            kind = {"multiple": "select all that apply", "matching": "matching",
                    "truefalse": "true or false"}.get(r["kind"], "one answer")
            lines += [f"### {r['id']}", "", f"*{kind}*", "", f"**Stem.** {r['stem']}", "",
                      "**Options** (any variant draws from these):", ""]
            keys = set(r["keys"])
            lines += [f"- {'✔' if o in keys else '✗'} {o}" for o in r["options"]]
            lines += ["", "**Key.** " + " | ".join(r["keys"]), "",
                      f"**Explanation.** {r['explanation']}", "",
                      f"**Book.** {r['title']} ({r['section']}): {r['sentence']}", "",
                      "**Sources.** " + (", ".join(r["cite"]) or "none"), ""]
    return "\n".join(lines)


def write(bank, path: str, *, force: bool = False, docs_dir: str = DEFAULT_DOCS) -> str:
    """Write the sheet atomically (never over an existing file without force); a summary line."""
    from quiz.fileio import check_target, write_atomic

    check_target(path, force)  # fail before the work
    records = entries(bank, docs_dir)
    write_atomic(path, render(bank, records), force=force)
    counts = ", ".join(f"{t} {sum(r['topic'] == t for r in records)}" for t in TOPICS)
    return f"wrote the review sheet of {len(records)} questions ({counts}) to {path}"
