"""Questions from the bank's facts: seeded, ambiguity-checked, pure.

Three jobs, one module each:

- `quiz.generate.kinds`: the kinds of question (one answer, select all, matching, true/false)
  and the three modes of drawing one: an instance (`draw(rng)`), every option it may offer
  (`define()`) and the draw as data for the browser (`recipe()`);
- `quiz.generate.catalogue`: the templates, one record each (`quiz.generate.template`), in one
  module per topic;
- `quiz.generate.drawing`: quizzes (`make_quiz`, `all_questions`): slots, order, letters.

Each template lists its slots (the fact ids a question is about) and, for any candidate option,
decides from the bank alone whether that option satisfies the stem. A question is kept only if
exactly its keyed options fit; a distractor that also fits (neuromuscular therapy and shiatsu
both use elbows) is never offered. All randomness comes from one `random.Random(seed)`.
"""

from quiz.generate.catalogue import BY_ID, SCALE_TEMPLATES, TEMPLATES, build, slots
from quiz.generate.catalogue.safety import LEVEL_TEXT, NO_CHANGE
from quiz.generate.drawing import all_questions, make_quiz
from quiz.generate.template import Template
from quiz.model import STATUSES

__all__ = ["BY_ID", "LEVEL_TEXT", "NO_CHANGE", "SCALE_TEMPLATES", "STATUSES", "TEMPLATES",
           "Template", "all_questions", "build", "make_quiz", "slots"]
