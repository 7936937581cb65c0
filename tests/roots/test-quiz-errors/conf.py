"""Pages that misuse the bank directives: each must produce one warning that names the problem.

The tests point `quiz_bank_dir` at a copy of tests/roots/test-quiz/bank.
"""

project = "Quiz extension errors"
extensions = ["myst_parser", "sphinx_design", "quiz.sphinxext"]
myst_enable_extensions = ["colon_fence", "deflist"]
exclude_patterns = ["_build"]
nitpicky = True
