"""The containers the binary exports ship in: XML files built with ElementTree, and zips.

Both are reproducible: the XML is indented the same way every time, and a zip's entries keep
their order and carry a fixed date, so the same input gives the same bytes (QTI 1.2 and 2.1
packages, Anki's .apkg).
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile

ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    """A child element of `parent`, with its text and attributes."""
    el = ET.SubElement(parent, tag, attrs)
    if text is not None:
        el.text = text
    return el


def xml_bytes(root: ET.Element) -> bytes:
    """The document, indented, with its UTF-8 declaration and a final newline."""
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
