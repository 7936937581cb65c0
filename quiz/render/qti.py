"""QTI rendering: a zip that Canvas imports as quizzes (QTI 1.2, Classic Quizzes; 2.1 on request).

QTI 1.2 is laid out the way Canvas Classic Quizzes exports and imports it: `imsmanifest.xml`,
then for each quiz (or variant) a folder named after the assessment holding the assessment file
(`questestinterop` with one `item` per question) and Canvas's `assessment_meta.xml` (title,
points, "show correct answers"). Canvas reads the items inside the assessment file, not from
separate files, so that is where they are. `--qti-version 2.1` writes one file per item instead
(see qti21.py). Identifiers come from the stable question ids, made XML-safe by `ident`; every
XML file is built with ElementTree, so no question text can break the markup. The zip's entries
and dates are fixed, so the same arguments give the same bytes.
"""

from __future__ import annotations

import hashlib
import html
import io
import re
import xml.etree.ElementTree as ET
import zipfile

from quiz.model import LETTERS, Question
from quiz.render.common import TITLE, option_feedback, section_url, variant_label

NS_CP = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
NS_QTI = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
NS_CANVAS = "http://canvas.instructure.com/xsd/cccv1p0"
_CLEAN_ID = re.compile(r"[a-z][a-z0-9-]*:[a-z0-9+-]*")
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def ident(qid: str) -> str:
    """An XML-safe identifier (an NCName) for a stable id, different for different ids.

    `tech-attr:swedish+origin` -> `tech-attr.swedish_origin`; an id with other characters gets
    a readable part plus a short hash.
    """
    if _CLEAN_ID.fullmatch(qid):
        return qid.replace(":", ".").replace("+", "_")
    digest = hashlib.sha256(qid.encode("utf-8")).hexdigest()[:10]
    return "q-" + re.sub(r"[^A-Za-z0-9-]+", "-", qid).strip("-") + "-" + digest


def item_ident(q: Question, variant: int) -> str:
    """The item identifier: the stable id, plus the variant (whose option order may differ)."""
    return ident(q.id) + (f"-v{variant}" if variant else "")


def assessment_ident(code: str, variant: int) -> str:
    return "quiz-" + re.sub(r"[^A-Za-z0-9.-]", "-", code) + (f"-v{variant}" if variant else "")


def quiz_title(code: str, variant: int) -> str:
    return f"{TITLE}: quiz {variant_label(code, variant)}"


def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, attrs)
    if text is not None:
        el.text = text
    return el


def xml_bytes(root: ET.Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"


def zip_bytes(files: dict[str, bytes]) -> bytes:
    """A zip of these files in this order, with fixed dates: the same input gives the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    return out.getvalue()


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


def item(q: Question, variant: int, book_url: str | None = None) -> ET.Element:
    """One QTI 1.2 item, with Canvas's metadata, per-option feedback and the key scored 100."""
    iid = item_ident(q, variant)
    labels = [f"{iid}-{LETTERS[i]}" for i in range(len(q.options))]
    el = ET.Element("item", ident=iid, title=q.id)
    kind = "true_false_question" if q.kind == "truefalse" else "multiple_choice_question"
    _meta(el, {"question_type": kind, "points_possible": "1.0",
               "original_answer_ids": ",".join(labels)})
    pres = sub(el, "presentation")
    _material(pres, f"<p>{_h(q.stem)}</p>")
    choices = sub(sub(pres, "response_lid", ident="response1", rcardinality="Single"),
                  "render_choice")
    for label, option in zip(labels, q.options):
        _material(sub(choices, "response_label", ident=label), option, "text/plain")
    proc = sub(el, "resprocessing")
    sub(sub(proc, "outcomes"), "decvar", maxvalue="100", minvalue="0", varname="SCORE",
        vartype="Decimal")
    cond = sub(proc, "respcondition", **{"continue": "Yes"})
    sub(sub(cond, "conditionvar"), "other")
    sub(cond, "displayfeedback", feedbacktype="Response", linkrefid="general_fb")
    for label in labels:
        cond = sub(proc, "respcondition", **{"continue": "Yes"})
        sub(sub(cond, "conditionvar"), "varequal", label, respident="response1")
        sub(cond, "displayfeedback", feedbacktype="Response", linkrefid=f"{label}_fb")
    for i in q.answer:
        cond = sub(proc, "respcondition", **{"continue": "No"})
        sub(sub(cond, "conditionvar"), "varequal", labels[i], respident="response1")
        sub(cond, "setvar", "100", action="Set", varname="SCORE")
    for fid, index in [("general_fb", None), *((f"{lb}_fb", i) for i, lb in enumerate(labels))]:
        _material(sub(sub(el, "itemfeedback", ident=fid), "flow_mat"),
                  feedback_html(q, index, book_url))
    return el


def assessment(quiz: list[Question], code: str, variant: int,
               book_url: str | None = None) -> bytes:
    aid = assessment_ident(code, variant)
    root = ET.Element("questestinterop", xmlns=NS_QTI)
    test = sub(root, "assessment", ident=aid, title=quiz_title(code, variant))
    field = sub(sub(test, "qtimetadata"), "qtimetadatafield")
    sub(field, "fieldlabel", "cc_maxattempts")
    sub(field, "fieldentry", "1")
    section = sub(test, "section", ident="root_section")
    for q in quiz:
        section.append(item(q, variant, book_url))
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


def manifest(aids: list[str]) -> bytes:
    root = ET.Element("manifest", identifier=f"manifest-{aids[0]}", xmlns=NS_CP)
    meta = sub(root, "metadata")
    sub(meta, "schema", "IMS Content")
    sub(meta, "schemaversion", "1.1.3")
    sub(root, "organizations")
    resources = sub(root, "resources")
    for aid in aids:
        res = sub(resources, "resource", identifier=aid, type="imsqti_xmlv1p2")
        sub(res, "file", href=f"{aid}/{aid}.xml")
        sub(res, "dependency", identifierref=f"{aid}-meta")
        meta_href = f"{aid}/assessment_meta.xml"
        res = sub(resources, "resource", identifier=f"{aid}-meta", href=meta_href,
                  type="associatedcontent/imscc_xmlv1p1/learning-application-resource")
        sub(res, "file", href=meta_href)
    return xml_bytes(root)


def render(quizzes: list[list[Question]], code: str, version: str,
           book_url: str | None = None, qti_version: str = "1.2") -> bytes:
    """The zip's bytes: one assessment per quiz (variants 0..N-1 in order)."""
    if qti_version == "2.1":
        from quiz.render import qti21

        return qti21.render(quizzes, code, version, book_url)
    aids = [assessment_ident(code, v) for v in range(len(quizzes))]
    files = {"imsmanifest.xml": manifest(aids)}
    for variant, (aid, quiz) in enumerate(zip(aids, quizzes)):
        files[f"{aid}/{aid}.xml"] = assessment(quiz, code, variant, book_url)
        files[f"{aid}/assessment_meta.xml"] = assessment_meta(quiz, code, variant, version)
    return zip_bytes(files)
