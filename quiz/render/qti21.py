"""QTI 2.1 rendering: one `assessmentItem` file per question, an `assessmentTest` per quiz.

The zip holds `imsmanifest.xml` (an `imsqti_item_xmlv2p1` resource per item and an
`imsqti_test_xmlv2p1` resource per quiz or variant), `<item-id>.xml` for each question and
`<quiz-id>.xml` for each test. A choice item's correct response is the key's choice identifier
(its letter); the response processing sets SCORE to 1 for it and shows that option's feedback.
A select-all item is a `choiceInteraction` with `maxChoices="0"` (no limit), its response
declared `cardinality="multiple"` with every keyed letter as a correct value; `match` compares
the set picked with the set of keys, so SCORE is 1 for exactly the keys and 0 for anything else
(no partial credit), and the feedback, like a matching item's, is on the whole response.
A matching item is a `matchInteraction`: a first `simpleMatchSet` of prompts (`P1`, `P2`...), a
second of options (`A`, `B`...), `maxAssociations` = the number of prompts, and the key as
`directedPair` values `P1 D` (prompt, then option: the order Canvas's importer reads,
gems/plugins/qti_exporter/lib/qti/associate_interaction.rb); each right pair is worth 1/n of the
score, all of them exactly 1. Identifiers are the ones QTI 1.2 uses (quiz.render.common derives
them from the stable ids).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from quiz.model import LETTERS, Question
from quiz.render.common import (
    assessment_ident,
    general_feedback,
    item_ident,
    option_feedback,
    quiz_title,
    response_feedback,
    section_url,
)
from quiz.render.formats import Rendered
from quiz.render.package import sub, xml_bytes, zip_bytes

NS_QTI = "http://www.imsglobal.org/xsd/imsqti_v2p1"
NS_CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
NS_XSI = "http://www.w3.org/2001/XMLSchema-instance"
XSD_QTI = "http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"
# The IMS content-packaging profile for QTI 2.1: its schema, and the words its manifest declares.
XSD_CP = "http://www.imsglobal.org/xsd/qti/qtiv2p1/qtiv2p1_imscpv1p2_v1p0.xsd"
CP_SCHEMA, CP_SCHEMA_VERSION = "QTIv2.1 Package", "1.0.0"


def _value(parent: ET.Element, tag: str, base_type: str, text: str) -> None:
    sub(parent, tag, text, baseType=base_type)


def prompt_idents(q: Question) -> list[str]:
    return [f"P{n}" for n in range(1, len(q.prompts) + 1)]


def key_pairs(q: Question) -> list[str]:
    """The correct response of a matching item: `P1 D` for each prompt and its option."""
    return [f"{p} {LETTERS[i]}" for p, i in zip(prompt_idents(q), q.answer)]


def _if_correct(cond: ET.Element) -> ET.Element:
    if_ = sub(cond, "responseIf")
    match = sub(if_, "match")
    sub(match, "variable", identifier="RESPONSE")
    sub(match, "correct", identifier="RESPONSE")
    return if_


def _set(parent: ET.Element, outcome: str, base_type: str, value: str) -> None:
    _value(sub(parent, "setOutcomeValue", identifier=outcome), "baseValue", base_type, value)


def _book(parent: ET.Element, q: Question, book_url: str | None) -> None:
    """A paragraph naming the book section: with the book's address, a link (`<a href>`)."""
    if not book_url:
        sub(parent, "p", general_feedback(q, book_url))
        return
    url = section_url(q, book_url)
    para = sub(parent, "p", "Read more in the book: ")
    sub(para, "a", url, href=url)


def _whole_feedback(root: ET.Element, q: Question, book_url: str | None) -> None:
    """Feedback on the whole response: FEEDBACK is `correct` or `incorrect`."""
    for fid, right in (("correct", True), ("incorrect", False)):
        fb = sub(root, "modalFeedback", outcomeIdentifier="FEEDBACK", identifier=fid,
                 showHide="show")
        sub(fb, "p", response_feedback(q, right))
        _book(fb, q, book_url)


def _choice(root: ET.Element, body: ET.Element, q: Question, book_url: str | None) -> None:
    multiple = q.kind == "multiple"
    choices = sub(body, "choiceInteraction", responseIdentifier="RESPONSE", shuffle="false",
                  maxChoices="0" if multiple else "1")
    for i, option in enumerate(q.options):
        sub(choices, "simpleChoice", option, identifier=LETTERS[i])
    proc = sub(root, "responseProcessing")
    if multiple:  # 1 for exactly the set of keys, feedback on the whole response
        cond = sub(proc, "responseCondition")
        if_ = _if_correct(cond)
        _set(if_, "SCORE", "float", "1")
        _set(if_, "FEEDBACK", "identifier", "correct")
        else_ = sub(cond, "responseElse")
        _set(else_, "SCORE", "float", "0")
        _set(else_, "FEEDBACK", "identifier", "incorrect")
        _whole_feedback(root, q, book_url)
        return
    cond = sub(proc, "responseCondition")
    _set(_if_correct(cond), "SCORE", "float", "1")
    _set(sub(cond, "responseElse"), "SCORE", "float", "0")
    sub(sub(proc, "setOutcomeValue", identifier="FEEDBACK"), "variable", identifier="RESPONSE")
    for i in range(len(q.options)):
        fb = sub(root, "modalFeedback", outcomeIdentifier="FEEDBACK", identifier=LETTERS[i],
                 showHide="show")
        sub(fb, "p", option_feedback(q, i))
        _book(fb, q, book_url)


def _match(root: ET.Element, body: ET.Element, q: Question, book_url: str | None) -> None:
    n = len(q.prompts)
    interaction = sub(body, "matchInteraction", responseIdentifier="RESPONSE", shuffle="false",
                      maxAssociations=str(n))
    prompts = sub(interaction, "simpleMatchSet")
    for ident, prompt in zip(prompt_idents(q), q.prompts):
        sub(prompts, "simpleAssociableChoice", prompt, identifier=ident, matchMax="1")
    options = sub(interaction, "simpleMatchSet")
    for i, option in enumerate(q.options):
        sub(options, "simpleAssociableChoice", option, identifier=LETTERS[i], matchMax="1")
    proc = sub(root, "responseProcessing")
    cond = sub(proc, "responseCondition")
    if_ = _if_correct(cond)
    _set(if_, "SCORE", "float", "1")
    _set(if_, "FEEDBACK", "identifier", "correct")
    else_ = sub(cond, "responseElse")
    sub(sub(else_, "setOutcomeValue", identifier="SCORE"), "mapResponse", identifier="RESPONSE")
    _set(else_, "FEEDBACK", "identifier", "incorrect")
    _whole_feedback(root, q, book_url)


def item(q: Question, variant: int, book_url: str | None = None) -> bytes:
    root = ET.Element("assessmentItem", {
        "xmlns": NS_QTI, "xmlns:xsi": NS_XSI, "xsi:schemaLocation": f"{NS_QTI} {XSD_QTI}",
        "identifier": item_ident(q, variant), "title": q.id, "adaptive": "false",
        "timeDependent": "false"})
    matching = q.kind == "matching"
    resp = sub(root, "responseDeclaration", identifier="RESPONSE",
               cardinality="multiple" if q.kind in ("matching", "multiple") else "single",
               baseType="directedPair" if matching else "identifier")
    correct = sub(resp, "correctResponse")
    for value in key_pairs(q) if matching else (LETTERS[i] for i in q.answer):
        sub(correct, "value", value)
    if matching:
        mapping = sub(resp, "mapping", defaultValue="0", lowerBound="0", upperBound="1")
        for pair in key_pairs(q):
            sub(mapping, "mapEntry", mapKey=pair, mappedValue=f"{1 / len(q.prompts):.4f}")
    score = sub(root, "outcomeDeclaration", identifier="SCORE", cardinality="single",
                baseType="float")
    sub(sub(score, "defaultValue"), "value", "0")
    sub(root, "outcomeDeclaration", identifier="FEEDBACK", cardinality="single",
        baseType="identifier")
    body = sub(root, "itemBody")
    sub(body, "p", q.stem)
    (_match if matching else _choice)(root, body, q, book_url)
    return xml_bytes(root)


def test(quiz: list[Question], code: str, variant: int) -> bytes:
    root = ET.Element("assessmentTest", {
        "xmlns": NS_QTI, "xmlns:xsi": NS_XSI, "xsi:schemaLocation": f"{NS_QTI} {XSD_QTI}",
        "identifier": assessment_ident(code, variant), "title": quiz_title(code, variant)})
    part = sub(root, "testPart", identifier="part1", navigationMode="linear",
               submissionMode="individual")
    section = sub(part, "assessmentSection", identifier="section1",
                  title=quiz_title(code, variant), visible="true")
    for q in quiz:
        iid = item_ident(q, variant)
        sub(section, "assessmentItemRef", identifier=iid, href=f"{iid}.xml")
    return xml_bytes(root)


def manifest(quizzes: list[list[Question]], code: str) -> bytes:
    """The manifest in the IMS content-packaging profile for QTI 2.1: it declares the QTI 2.1
    namespace and the profile's schema (`QTIv2.1 Package` 1.0.0), which is how an importer tells
    it from QTI 1.2 (Canvas: `QtiExporter.is_qti_2`), and lists each item as an
    `imsqti_item_xmlv2p1` resource and each test as an `imsqti_test_xmlv2p1` resource."""
    root = ET.Element("manifest", {
        "xmlns": NS_CP, "xmlns:imsqti": NS_QTI, "xmlns:xsi": NS_XSI,
        "identifier": f"manifest-{assessment_ident(code, 0)}",
        "xsi:schemaLocation": f"{NS_CP} {XSD_CP} {NS_QTI} {XSD_QTI}"})
    meta = sub(root, "metadata")
    sub(meta, "schema", CP_SCHEMA)
    sub(meta, "schemaversion", CP_SCHEMA_VERSION)
    sub(root, "organizations")
    resources = sub(root, "resources")
    done: set[str] = set()
    for variant, quiz in enumerate(quizzes):
        for q in quiz:
            iid = item_ident(q, variant)
            if iid not in done:
                done.add(iid)
                res = sub(resources, "resource", identifier=iid, type="imsqti_item_xmlv2p1",
                          href=f"{iid}.xml")
                sub(res, "file", href=f"{iid}.xml")
    for variant, quiz in enumerate(quizzes):
        aid = assessment_ident(code, variant)
        res = sub(resources, "resource", identifier=aid, type="imsqti_test_xmlv2p1",
                  href=f"{aid}.xml")
        sub(res, "file", href=f"{aid}.xml")
        for q in quiz:
            sub(res, "dependency", identifierref=item_ident(q, variant))
    return xml_bytes(root)


def render(quizzes: list[list[Question]], code: str, version: str,
           book_url: str | None = None) -> bytes:
    files = {"imsmanifest.xml": manifest(quizzes, code)}
    for variant, quiz in enumerate(quizzes):
        for q in quiz:
            files.setdefault(f"{item_ident(q, variant)}.xml", item(q, variant, book_url))
        files[f"{assessment_ident(code, variant)}.xml"] = test(quiz, code, variant)
    return zip_bytes(files)


def export(quizzes: list[list[Question]], job) -> Rendered:
    return Rendered(render(quizzes, job.code, job.version, job.book_url), sum(map(len, quizzes)), 0)
