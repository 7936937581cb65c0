"""The instructor's side of the paper loop: answer sheets, grading scans, and item statistics.

| module     | job                                                                       |
|------------|---------------------------------------------------------------------------|
| layout     | where everything is on an answer sheet, in millimetres (pure, stdlib)     |
| pdfdraw    | a tiny PDF and SVG writer for lines, boxes, circles and Helvetica text    |
| sheet      | the answer sheet of a variant as PDF (and as SVG for the book's figure)   |
| scan       | a page image -> registration, the code in its QR symbol, bubble darkness  |
| marks      | bubble darkness -> answers, or a reason to review (never a silent guess) |
| grade      | scans and typed answers -> scored sheets -> gradebook CSV                 |
| itemstats  | scored sheets -> facility, discrimination, distractors, KR-20, flags      |
| gradecli   | the `grade` subcommand's arguments and run (cli.py only delegates)        |

The sheet and the grader share `layout`, so the grader knows exactly where every bubble is. The
modules that read images (scan, grade) need the `[grade]` extra (numpy, Pillow, pypdfium2,
zxing-cpp); the sheet needs segno for its QR symbol. None of this is imported by `python -m quiz`
until a `handout`, `grade` or `check --stats` command asks for it.
"""
