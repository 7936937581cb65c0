"""LaTeX source to PDF bytes with latexmk and pdfLaTeX: in a scratch folder, reproducibly.

The Debian packages below are the whole LaTeX stack the book and the handouts need (the README
and `.ci/run` install the same line). Each document is typeset in its own folder with a fixed
SOURCE_DATE_EPOCH and no user latexmkrc, several at once; a failure reports LaTeX's own first
error line. Nothing here knows about quizzes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor

from quiz.errors import HandoutError

#: latexmk; Sphinx's LaTeX packages and lastpage (texlive-latex-extra, which brings
#: texlive-latex-recommended); the typewriter font txtt (texlive-fonts-recommended); the TeX Gyre
#: Termes and Heros fonts (tex-gyre). No XeTeX and no OpenType fonts: see quiz/render/texescape.py.
PACKAGES = "latexmk texlive-latex-extra texlive-fonts-recommended tex-gyre"
INSTALL = f"apt-get install --no-install-recommends {PACKAGES}"
#: any fixed instant will do: the documents print no date and the PDFs carry none
EPOCH = "946684800"


def require() -> str:
    """The path of latexmk, or a HandoutError that says what to install."""
    latexmk = shutil.which("latexmk")
    if latexmk is None or shutil.which("pdflatex") is None:
        missing = "latexmk" if latexmk is None else "pdflatex"
        raise HandoutError(f"{missing} is not installed; on Debian or Ubuntu: sudo {INSTALL}")
    return latexmk


def _first_error(log_path: str) -> str:
    """LaTeX's first error line, and the source line it names ('l.12 ...') when there is one."""
    try:
        with open(log_path, encoding="utf-8", errors="replace") as fh:
            lines = fh.read().splitlines()
    except OSError:
        return "no log written"
    for i, line in enumerate(lines):
        if line.startswith("!"):
            where = next((w.strip() for w in lines[i + 1:i + 12] if w.startswith("l.")), "")
            return f"{line.strip()} {where}".strip()
    return "no error in the log"


def _one(latexmk: str, folder: str, name: str, source: str) -> bytes:
    os.makedirs(folder)
    with open(os.path.join(folder, name + ".tex"), "w", encoding="utf-8") as fh:
        fh.write(source)
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, FORCE_SOURCE_DATE="1", TZ="UTC")
    cmd = [latexmk, "-norc", "-pdf", "-interaction=nonstopmode", "-halt-on-error", "-quiet",
           name + ".tex"]
    proc = subprocess.run(cmd, cwd=folder, env=env, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)
    pdf = os.path.join(folder, name + ".pdf")
    if proc.returncode != 0 or not os.path.isfile(pdf):
        raise HandoutError(f"LaTeX could not typeset {name}: "
                           f"{_first_error(os.path.join(folder, name + '.log'))}")
    with open(pdf, "rb") as fh:
        return fh.read()


def typeset(sources: dict[str, str], scratch: str) -> dict[str, bytes]:
    """{name: PDF bytes} for {name: LaTeX source}, each typeset in a folder of its own in `scratch`.
    """
    latexmk = require()
    names = list(sources)
    workers = max(1, min(len(names), os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        pdfs = pool.map(lambda n: _one(latexmk, os.path.join(scratch, n), n, sources[n]), names)
        return dict(zip(names, pdfs))
