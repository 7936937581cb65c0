"""A hostile copy of the test book's bank: every free-text field holds markup that must stay text.

`write_bank(folder, marker)` copies tests/roots/test-quiz/bank, replacing every string of every
text field (STR fields and each item of a list of strings, not ids, sections, enums or citation
keys) with every one of the payloads, starting each time with another one, and a unique tag
`§<n>`. The payloads are script tags, event
handlers, `javascript:` links, Jinja `{{ }}` and `{% %}` (which would create `marker` if anything
evaluated them), MyST roles and directives, LaTeX commands and spreadsheet formulas. Optional
`answer_text` phrases are dropped (they must quote the old text). Returns {tag: shown text}: the
value with whitespace runs made one space, as every surface shows it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from pathlib import Path

from quiz.bank.schema import STR, STRLIST, TABLES

SOURCE = Path(__file__).resolve().parent / "roots" / "test-quiz" / "bank"
#: the tag before each field's number: not a letter, so that checks comparing the words of two
#: texts (a sign at two levels, quiz.bank.relations) see no word in common
TAG = "\u00a7"


def payloads(marker: Path) -> list[str]:
    m = str(marker)
    return [
        '<script>document.title="pwned"</script>',
        '<img src=x onerror="alert(1)">',
        '<a href="javascript:alert(1)">click</a>',
        "[click me](javascript:alert(1))",
        "{{ cycler.__init__.__globals__.os.system('touch " + m + "') }}",
        "{% set x = cycler.__init__.__globals__.os.system('touch " + m + "') %}{{ x }}",
        "{{ self }} {{ release }} {{ env }}",
        "{ref}`medical-disclaimer` {sub-ref}`today` {bdg-danger}`red`",
        "```{raw} html\n<b onmouseover=alert(1)>raw</b>\n```",
        ":::{danger}\nboom\n:::",
        "\\input{/etc/passwd} \\immediate\\write18{touch " + m + "}",
        "$\\alpha$ 100% ^ ~ & # _ \\def\\x{y} \\\\",
        '=HYPERLINK("javascript:alert(1)","x")',
        "<!-- open comment ]]> <![CDATA[ </noscript></details>",
        "*bold* **b** _i_ `code` | a | b | <style>body{display:none}</style>",
        "<svg/onload=alert(1)> &lt;script&gt; &amp; \u2028 \u00e9",
    ]


def _key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _dump_value(key)


def _dump_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):  # JSON's escapes are valid in a TOML basic string; DEL is not raw
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, list):
        return "[" + ", ".join(_dump_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_dump_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    raise TypeError(type(value))


def dump(doc: dict) -> str:
    """A bank document ({table: [entries]}) as TOML."""
    out = []
    for table, entries in doc.items():
        for entry in entries:
            out.append(f"[[{table}]]")
            out += [f"{_key(key)} = {_dump_value(value)}" for key, value in entry.items()]
            out.append("")
    return "\n".join(out)


#: short payloads, one a field, for the sheets with length limits (Kahoot: 75 characters an answer)
SHORT = ["=1+1", "+SUM(A1)", "-2+3", "@SUM(1)", "=HYPERLINK(\"javascript:x\")", "<b>x</b>",
         "<script>x</script>", "{{ 7*7 }}", "{% x %}", "\\input{x}", "\t=1+1"]


def write_bank(folder: Path, marker: Path, short: bool = False) -> dict[str, str]:
    """Write the hostile bank; with `short`, each field holds one short payload (SHORT)."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = payloads(marker)
    shown: dict[str, str] = {}

    def hostile(single: bool = False) -> str:
        n = len(shown)
        start = n % len(texts)  # each payload comes first in some field (a formula must start one)
        # the tag in digits, and in letters: checks that compare letters only (a sign at two
        # levels) must still see two different texts
        word = "".join(chr(ord("a") + int(d)) for d in str(n))
        value = " ".join(texts[start:] + texts[:start]) + f" {TAG}{n} {word}"
        if short:
            value = f"{SHORT[n % len(SHORT)]} {TAG}{n} {word}"
        elif single:  # one payload: signs at two levels must not share words (quiz.bank.relations)
            value = f"{texts[n % len(texts)]} {TAG}{n} {word}"
        shown[f"{TAG}{n}"] = " ".join(value.split())
        return value

    for path in sorted(SOURCE.glob("*.toml")):
        with open(path, "rb") as fh:
            doc = tomllib.load(fh)
        for table, entries in doc.items():
            spec = TABLES[table]
            for entry in entries:
                entry.pop("answer_text", None)
                for key, value in list(entry.items()):
                    kind = spec.get(key, (None,))[0]
                    if key == "cite" or kind not in (STR, STRLIST):
                        continue
                    single = table == "red_flag" and key in ("sign", "brief")
                    entry[key] = ([hostile() for _ in value] if kind == STRLIST
                                  else hostile(single))
        (folder / path.name).write_text(dump(doc), encoding="utf-8")
    return shown
