"""A tiny book for the quiz.sphinxext tests: a few pages and a small bank of its own (bank/)."""

project = "Quiz extension test"
author = "Test"
extensions = ["myst_parser", "sphinx_design", "sphinxcontrib.bibtex", "quiz.sphinxext"]
myst_enable_extensions = ["colon_fence", "deflist"]
bibtex_bibfiles = ["refs.bib"]
quiz_bank_dir = "bank"  # relative to this folder; tests point it elsewhere with confoverrides
exclude_patterns = ["_build", "bank"]
nitpicky = True  # like the book's -n: every reference must resolve
latex_documents = [("index", "quiztest.tex", project, author, "manual")]
