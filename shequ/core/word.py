"""Word documents (.docx, the format bureaus edit and forward; WPS and Word open it) with
python-docx, from the same blocks as the PDF (`core.pdf.Block`): real headings (Heading 1 and 2,
so the navigation pane and a table of contents find them), tables in Word's grid style, charts as
pictures, page numbers in the footer, and the East Asian font named so WPS sets Chinese in a
Chinese face."""

from __future__ import annotations

import io
from typing import Any

from shequ.core.pdf import Document

EAST_ASIAN_FONT = "宋体"
HEADING_FONT = "黑体"


def _east_asian(style_or_run: Any, name: str) -> None:
    from docx.oxml.ns import qn

    properties = style_or_run.element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = properties.makeelement(qn("w:rFonts"), {})
        properties.append(fonts)
    fonts.set(qn("w:eastAsia"), name)


def _field(paragraph: Any, instruction: str, shown: str = "") -> None:
    """A Word field (PAGE, TOC) in a paragraph, with `shown` as its result until updated."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def char(kind: str) -> Any:
        run = paragraph.add_run()
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run._r.append(element)
        return run

    char("begin")
    run = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run._r.append(text)
    char("separate")
    paragraph.add_run(shown)
    char("end")


def document_docx(content: Document) -> bytes:
    """The document of `core.pdf.document_pdf`, as a Word file."""
    title, subtitle, blocks = content.title, content.subtitle, content.blocks
    cover, footer = content.cover, content.footer
    from docx import Document as WordDocument
    from docx.enum.section import WD_SECTION
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import Cm, Pt

    document = WordDocument()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    for margin in ("left_margin", "right_margin"):
        setattr(section, margin, Cm(2.2))
    _east_asian(document.styles["Normal"], EAST_ASIAN_FONT)
    document.styles["Normal"].font.size = Pt(11)
    for name in ("Title", "Heading 1", "Heading 2"):
        _east_asian(document.styles[name], HEADING_FONT)
    width = Cm(21.0 - 2 * 2.2)

    if cover is not None:
        for _blank in range(6):
            document.add_paragraph()
        heading = document.add_paragraph(cover.title, style="Title")
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for _blank in range(6):
            document.add_paragraph()
        for line in cover.lines:
            paragraph = document.add_paragraph(line)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if cover.contents:
            document.add_page_break()
            contents = document.add_paragraph(cover.contents, style="Title")
            contents.alignment = WD_ALIGN_PARAGRAPH.CENTER
            headings = "\n".join(b[1] for b in blocks if b[0] == "h")
            _field(document.add_paragraph(), 'TOC \\o "1-2" \\h \\z \\u', headings)
        # the body in a section of its own, numbered from 1
        body = document.add_section(WD_SECTION.NEW_PAGE)
        body.footer.is_linked_to_previous = False
        _page_numbers(body, content.page_label, _field)
        section.different_first_page_header_footer = True
    else:
        document.add_paragraph(title, style="Title")
        document.add_paragraph(subtitle)

    for block in blocks:
        kind = block[0]
        if kind == "h":
            document.add_heading(block[1], level=1)
        elif kind == "h2":
            document.add_heading(block[1], level=2)
        elif kind == "p":
            document.add_paragraph(block[1])
        elif kind == "table":
            _table(document, block[1], block[2])
        elif kind == "image":
            document.add_picture(io.BytesIO(block[1]), width=width)
            if block[2]:
                caption = document.add_paragraph(block[2], style="Caption")
                caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif kind == "break":
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif kind == "sign":
            for _blank in range(4):
                document.add_paragraph()
            for line in block[1]:
                paragraph = document.add_paragraph(line)
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                paragraph.paragraph_format.space_before = Pt(36)
    if footer:
        document.add_paragraph(footer).runs[0].font.size = Pt(9)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _page_numbers(section: Any, page_label: str, field: Any) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    start = OxmlElement("w:pgNumType")
    start.set(qn("w:start"), "1")
    section._sectPr.append(start)
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    before, _n, after = page_label.partition("%(n)s")
    paragraph.add_run(before)
    field(paragraph, "PAGE", "1")
    paragraph.add_run(after)


def _table(document: Any, headers: list[str], rows: list[list[Any]]) -> None:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = str(text)
        for run in cell.paragraphs[0].runs:
            run.font.bold = True
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = str(value)
    document.add_paragraph()
