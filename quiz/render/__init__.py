"""Renderers: one module per output format, each turning generated questions into text or bytes.

The export formats share one signature, `export(quizzes, job)`, and one registry,
`quiz.render.formats`; `common` holds their shared wording and identifiers, `package` the XML
and zip containers. `text` is the terminal quiz's, `latex` the handouts'.
"""
