"""QTI rendering: a zip that Canvas imports as quizzes (QTI 1.2, Classic Quizzes; 2.1 on request).

QTI 1.2 layout, one item file per question:

- `items/<item-id>.xml`: a `questestinterop` holding the one `item` of a question, listed in
  `imsmanifest.xml` as an `imsqti_item_xmlv1p2` resource;
- `<quiz-id>/<quiz-id>.xml` for each quiz (or variant): the assessment, whose section holds an
  `itemref linkrefid="<item-id>"` per question, in quiz order, listed as an `imsqti_xmlv1p2`
  resource that depends on its items and on Canvas's `<quiz-id>/assessment_meta.xml` (title,
  points, "show correct answers").

Canvas reads this: its QTI importer runs every `.xml` file of the zip through the QTI 1.2 to 2.1
converter (instructure/QTIMigrationTool, lib/imsqtiv1.py `QTIParserV1.ProcessFiles`), which makes
an item resource of each `item` wherever it stands and an `assessmentItemRef` of each `itemref`,
with the same identifier; the quiz then refers to the question by that identifier
(canvas-lms gems/plugins/qti_exporter/lib/qti/assessment_test_converter.rb `process_question`),
the way Canvas's own exports refer to question-bank items (lib/cc/qti/qti_items.rb).

Items carry Canvas's `question_type`: `multiple_choice_question`, `true_false_question`, for a
select-all question `multiple_answers_question` (`rcardinality="Multiple"`, scored 100 by one
response condition that `and`s a `varequal` for each keyed option with a `not` of one for each
other option: all of the keys and nothing else, as Canvas writes it in lib/cc/qti/qti_items.rb
`multiple_answers_resprocessing`), or for a matching question `matching_question`, with one
`response_lid` per prompt offering every option and a response condition adding each right
pair's share of the score. Identifiers come from the
stable question ids, made of `[A-Za-z0-9_-]` only by `ident` (every scoring value is the
identifier of a choice, character for character); every XML file is built with ElementTree, so no
question text can break the markup. The zip's entries and dates are fixed, so the same arguments
give the same bytes (quiz.render.package). `--qti-version 2.1` writes QTI 2.1 instead (qti21.py).
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET

from quiz.model import LETTERS, Question
from quiz.render.common import (
    TITLE,
    assessment_ident,
    item_ident,
    option_feedback,
    quiz_title,
    section_url,
    variant_label,
)
from quiz.render.formats import Rendered
from quiz.render.package import sub, xml_bytes, zip_bytes

NS_CP = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
NS_QTI = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
NS_CANVAS = "http://canvas.instructure.com/xsd/cccv1p0"


def _h(text: str) -> str:
    return html.escape(text, quote=False)


def feedback_html(q: Question, index: int | None, book_url: str | None) -> str:
    """Feedback as HTML: one option's (or, with None, the general one with the book section)."""
    if index is not None:
        return f"<p>{_h(option_feedback(q, index))}</p>"
    url = html.escape(section_url(q, book_url))
    link = f'<a href="{url}">{url}</a>' if book_url else url
    return f"<p>{_h(q.explanation)}</p><p>Read more in the book: {link}</p>"


def _material(parent: ET.Element, text: str, texttype: str = "text/html") -> None:
    sub(sub(parent, "material"), "mattext", text, texttype=texttype)


def _meta(parent: ET.Element, fields: dict[str, str]) -> None:
    meta = sub(sub(parent, "itemmetadata"), "qtimetadata")
    for label, entry in fields.items():
        field = sub(meta, "qtimetadatafield")
        sub(field, "fieldlabel", label)
        sub(field, "fieldentry", entry)


def _scoring(el: ET.Element) -> ET.Element:
    """The item's `resprocessing`, with SCORE declared and the general feedback always shown."""
    proc = sub(el, "resprocessing")
    sub(sub(proc, "outcomes"), "decvar", maxvalue="100", minvalue="0", varname="SCORE",
        vartype="Decimal")
    cond = sub(proc, "respcondition", **{"continue": "Yes"})
    sub(sub(cond, "conditionvar"), "other")
    sub(cond, "displayfeedback", feedbacktype="Response", linkrefid="general_fb")
    return proc


def _feedback(el: ET.Element, fid: str, text: str) -> None:
    _material(sub(sub(el, "itemfeedback", ident=fid), "flow_mat"), text)


def prompt_idents(q: Question) -> list[str]:
    """The `response_lid` of each prompt of a matching question: `response_1`, `response_2`...
    (Canvas reads the number as the answer's id)."""
    return [f"response_{n}" for n in range(1, len(q.prompts) + 1)]


def match_idents(q: Question) -> list[str]:
    """The label of each option of a matching question, the same under every prompt:
    `match_1`, `match_2`... (Canvas reads the number as the option's match id)."""
    return [f"match_{n}" for n in range(1, len(q.options) + 1)]


CHOICE_TYPES = {"single": "multiple_choice_question", "truefalse": "true_false_question",
                "multiple": "multiple_answers_question"}


def _choice_item(el: ET.Element, q: Question, iid: str, book_url: str | None) -> None:
    """A choice item: each option's feedback when it is picked, then the scoring: 100 for the
    key, or for a select-all question 100 for exactly the keyed options (an `and` of them and
    of a `not` for each other option)."""
    labels = [f"{iid}-{LETTERS[i]}" for i in range(len(q.options))]
    multiple = q.kind == "multiple"
    _meta(el, {"question_type": CHOICE_TYPES[q.kind], "points_possible": "1.0",
               "original_answer_ids": ",".join(labels)})
    pres = sub(el, "presentation")
    _material(pres, f"<p>{_h(q.stem)}</p>")
    choices = sub(sub(pres, "response_lid", ident="response1",
                      rcardinality="Multiple" if multiple else "Single"), "render_choice")
    for label, option in zip(labels, q.options):
        _material(sub(choices, "response_label", ident=label), option, "text/plain")
    proc = _scoring(el)
    for label in labels:
        cond = sub(proc, "respcondition", **{"continue": "Yes"})
        sub(sub(cond, "conditionvar"), "varequal", label, respident="response1")
        sub(cond, "displayfeedback", feedbacktype="Response", linkrefid=f"{label}_fb")
    if multiple:
        cond = sub(proc, "respcondition", **{"continue": "No"})
        all_of = sub(sub(cond, "conditionvar"), "and")
        for i, label in enumerate(labels):
            sub(all_of if i in q.answer else sub(all_of, "not"), "varequal", label,
                respident="response1")
        sub(cond, "setvar", "100", action="Set", varname="SCORE")
    else:
        for i in q.answer:
            cond = sub(proc, "respcondition", **{"continue": "No"})
            sub(sub(cond, "conditionvar"), "varequal", labels[i], respident="response1")
            sub(cond, "setvar", "100", action="Set", varname="SCORE")
    _feedback(el, "general_fb", feedback_html(q, None, book_url))
    for i, label in enumerate(labels):
        _feedback(el, f"{label}_fb", feedback_html(q, i, book_url))


def _matching_item(el: ET.Element, q: Question, book_url: str | None) -> None:
    """Canvas's matching_question: a `response_lid` per prompt, each offering all the options;
    each right pair adds 100/n to SCORE (the way Canvas exports it, lib/cc/qti/qti_items.rb)."""
    responses, matches = prompt_idents(q), match_idents(q)
    _meta(el, {"question_type": "matching_question", "points_possible": "1.0",
               "original_answer_ids": ",".join(r.removeprefix("response_") for r in responses)})
    pres = sub(el, "presentation")
    _material(pres, f"<p>{_h(q.stem)}</p>")
    for response, prompt in zip(responses, q.prompts):
        lid = sub(pres, "response_lid", ident=response, rcardinality="Single")
        _material(lid, prompt, "text/plain")
        choices = sub(lid, "render_choice")
        for match, option in zip(matches, q.options):
            _material(sub(choices, "response_label", ident=match), option, "text/plain")
    proc = _scoring(el)
    share = f"{100 / len(q.prompts):.2f}"
    for response, key in zip(responses, q.answer):
        cond = sub(proc, "respcondition", **{"continue": "Yes"})
        sub(sub(cond, "conditionvar"), "varequal", matches[key], respident=response)
        sub(cond, "setvar", share, action="Add", varname="SCORE")
    _feedback(el, "general_fb", feedback_html(q, None, book_url))


def item(q: Question, variant: int, book_url: str | None = None) -> ET.Element:
    """One QTI 1.2 item with Canvas's metadata: a choice item (per-option feedback, the key, or
    exactly the keys of a select-all question, scored 100) or a matching item (each right pair
    scored 100/n)."""
    iid = item_ident(q, variant)
    el = ET.Element("item", ident=iid, title=q.id)
    if q.kind == "matching":
        _matching_item(el, q, book_url)
    else:
        _choice_item(el, q, iid, book_url)
    return el


def item_href(iid: str) -> str:
    return f"items/{iid}.xml"


def item_file(q: Question, variant: int, book_url: str | None = None) -> bytes:
    """The file of one item: a `questestinterop` holding just that item."""
    root = ET.Element("questestinterop", xmlns=NS_QTI)
    root.append(item(q, variant, book_url))
    return xml_bytes(root)


def assessment(quiz: list[Question], code: str, variant: int) -> bytes:
    """The quiz: one section referring to each question's item, in order."""
    aid = assessment_ident(code, variant)
    root = ET.Element("questestinterop", xmlns=NS_QTI)
    test = sub(root, "assessment", ident=aid, title=quiz_title(code, variant))
    field = sub(sub(test, "qtimetadata"), "qtimetadatafield")
    sub(field, "fieldlabel", "cc_maxattempts")
    sub(field, "fieldentry", "1")
    section = sub(test, "section", ident="root_section")
    for q in quiz:
        sub(section, "itemref", linkrefid=item_ident(q, variant))
    return xml_bytes(root)


def assessment_meta(quiz: list[Question], code: str, variant: int, version: str) -> bytes:
    """Canvas's quiz settings: title, description, points, answers shown after submission."""
    aid = assessment_ident(code, variant)
    root = ET.Element("quiz", identifier=aid, xmlns=NS_CANVAS)
    sub(root, "title", quiz_title(code, variant))
    sub(root, "description", f"<p>Questions from the book {_h(TITLE)}, bank {_h(version)}. "
                             f"Replay code {_h(variant_label(code, variant))}.</p>")
    for tag, text in [("shuffle_answers", "false"), ("scoring_policy", "keep_highest"),
                      ("quiz_type", "assignment"), ("points_possible", f"{len(quiz):.1f}"),
                      ("show_correct_answers", "true"), ("allowed_attempts", "1"),
                      ("available", "false")]:
        sub(root, tag, text)
    return xml_bytes(root)


def manifest(quizzes: list[list[Question]], code: str) -> bytes:
    """Every item file as a resource, then each assessment depending on its meta and items."""
    aids = [assessment_ident(code, v) for v in range(len(quizzes))]
    root = ET.Element("manifest", identifier=f"manifest-{aids[0]}", xmlns=NS_CP)
    meta = sub(root, "metadata")
    sub(meta, "schema", "IMS Content")
    sub(meta, "schemaversion", "1.1.3")
    sub(root, "organizations")
    resources = sub(root, "resources")
    for iid in dict.fromkeys(item_ident(q, v) for v, quiz in enumerate(quizzes) for q in quiz):
        res = sub(resources, "resource", identifier=iid, type="imsqti_item_xmlv1p2",
                  href=item_href(iid))
        sub(res, "file", href=item_href(iid))
    for variant, (aid, quiz) in enumerate(zip(aids, quizzes)):
        res = sub(resources, "resource", identifier=aid, type="imsqti_xmlv1p2")
        sub(res, "file", href=f"{aid}/{aid}.xml")
        sub(res, "dependency", identifierref=f"{aid}-meta")
        for q in quiz:
            sub(res, "dependency", identifierref=item_ident(q, variant))
        meta_href = f"{aid}/assessment_meta.xml"
        res = sub(resources, "resource", identifier=f"{aid}-meta", href=meta_href,
                  type="associatedcontent/imscc_xmlv1p1/learning-application-resource")
        sub(res, "file", href=meta_href)
    return xml_bytes(root)


def render(quizzes: list[list[Question]], code: str, version: str,
           book_url: str | None = None) -> bytes:
    """The zip's bytes: the manifest, each item file once, then each quiz (variants in order)."""
    files = {"imsmanifest.xml": manifest(quizzes, code)}
    for variant, quiz in enumerate(quizzes):
        for q in quiz:
            files.setdefault(item_href(item_ident(q, variant)), item_file(q, variant, book_url))
    for variant, quiz in enumerate(quizzes):
        aid = assessment_ident(code, variant)
        files[f"{aid}/{aid}.xml"] = assessment(quiz, code, variant)
        files[f"{aid}/assessment_meta.xml"] = assessment_meta(quiz, code, variant, version)
    return zip_bytes(files)


def export(quizzes: list[list[Question]], job) -> Rendered:
    return Rendered(render(quizzes, job.code, job.version, job.book_url), sum(map(len, quizzes)), 0)
