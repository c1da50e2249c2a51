"""Chinese PDFs with fpdf2 and a CJK font: the Noto CJK of the Debian package fonts-noto-cjk by
default (`SHEQU_CJK_FONT` to use another). Two layouts: a certificate (a title, a number, a table
of labelled rows, and a closing paragraph) and a document (headings, paragraphs and tables: the
impact report)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from shequ.core.errors import AppError

# the collection's face index 2 is Simplified Chinese
FONT_CANDIDATES = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
]


def cjk_font() -> str:
    configured = getattr(settings, "SHEQU_CJK_FONT", "")
    for path in [configured, *FONT_CANDIDATES]:
        if path and Path(path).exists():
            return str(path)
    raise AppError(
        _("No Chinese font is installed for PDFs (install the package fonts-noto-cjk)."),
        code="no_font",
    )


def _new_pdf(page_label: str = "") -> Any:
    """An A4 page with the CJK font; with `page_label` ("第%(n)s页"), every page after the
    first carries its number (the cover is not counted)."""
    from fpdf import FPDF

    class Numbered(FPDF):  # type: ignore[misc]
        def footer(self) -> None:
            if page_label and self.page_no() > 1:
                self.set_y(-14)
                self.set_font("cjk", size=9)
                self.cell(0, 8, page_label % {"n": self.page_no() - 1}, align="C")

    font = cjk_font()
    pdf = Numbered(format="A4")
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_page()
    pdf.add_font("cjk", fname=font, collection_font_number=2 if font.endswith(".ttc") else 0)
    return pdf


def certificate_pdf(
    *,
    title: str,
    number: str,
    rows: list[tuple[str, Any]],
    closing: str,
    number_label: str = "证明编号",
    seal: tuple[str, str] | None = None,
    verify: tuple[str, str] | None = None,
) -> bytes:
    """A certificate: its title and number, the labelled rows, the closing paragraph; then, when
    given, the `seal`: the issuing organization with the space for its seal (（盖章）) and the
    date; and `verify`: a QR code of the public verification address, with its caption."""
    pdf = _new_pdf()
    pdf.set_font("cjk", size=20)
    pdf.cell(0, 16, title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=11)
    pdf.cell(0, 8, f"{number_label}：{number}", align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("cjk", size=12)
    for label, value in rows:
        pdf.set_x(20)
        pdf.cell(40, 10, label, border=1)
        pdf.multi_cell(130, 10, str(value), border=1, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("cjk", size=10)
    pdf.multi_cell(0, 6, closing, align="L", new_x="LMARGIN", new_y="NEXT")
    top = pdf.get_y() + 10
    if verify is not None:
        verify_url, verify_caption = verify
        pdf.image(io.BytesIO(qr_png(verify_url)), x=pdf.l_margin, y=top, w=32)
        pdf.set_xy(pdf.l_margin, top + 33)
        pdf.set_font("cjk", size=8)
        pdf.multi_cell(60, 4, verify_caption, align="L", new_x="LMARGIN", new_y="NEXT")
    if seal is not None:
        issuer, issued_on = seal
        pdf.set_font("cjk", size=12)
        pdf.set_xy(pdf.w / 2, top + 4)
        pdf.cell(pdf.w / 2 - pdf.r_margin, 9, issuer, align="C", new_x="LEFT", new_y="NEXT")
        pdf.ln(16)  # the space where the seal is stamped
        pdf.set_x(pdf.w / 2)
        pdf.cell(pdf.w / 2 - pdf.r_margin, 9, "（盖章）", align="C", new_x="LEFT", new_y="NEXT")
        if issued_on:
            pdf.set_x(pdf.w / 2)
            pdf.cell(pdf.w / 2 - pdf.r_margin, 9, issued_on, align="C")
    return bytes(pdf.output())


def qr_png(data: str) -> bytes:
    """A QR code (segno) as a PNG image."""
    import segno

    buffer = io.BytesIO()
    segno.make(data, error="m").save(buffer, kind="png", scale=8, border=2)
    return buffer.getvalue()


Block = tuple[Any, ...]
"""One piece of a document: ("h", text) a chapter (listed in the contents), ("h2", text) a
section, ("p", text) a paragraph, ("table", headers, rows), ("image", png, caption) a chart,
("break",) a new page, ("sign", lines) the closing lines with room for the seal and signature."""


@dataclass(frozen=True)
class Cover:
    """A cover page: the title, then lines (division, period, issuing unit, date), and the
    title of the contents page that follows it ("" for none)."""

    title: str
    lines: list[str]
    contents: str = ""


@dataclass(frozen=True)
class Document:
    """What a report says, for `document_pdf` and `core.word.document_docx`: its title and
    subtitle (on the first page when there is no cover), the blocks, a closing footnote, the
    cover, and how a page number reads ("第%(n)s页")."""

    title: str
    subtitle: str
    blocks: list[Block]
    footer: str = ""
    cover: Cover | None = None
    page_label: str = "%(n)s"


def document_pdf(document: Document) -> bytes:
    """A report: a cover page and a contents page when the document has a cover (each page
    after the cover then carries its number), else its title and subtitle on the first page;
    then headings, paragraphs, tables and charts. Paragraphs are set flush left: justified
    Chinese spreads gaps around every number."""
    title, subtitle, blocks = document.title, document.subtitle, document.blocks
    cover, footer = document.cover, document.footer
    page_label = document.page_label
    pdf = _new_pdf(page_label if cover else "")
    if cover is not None:
        _cover(pdf, cover)
    else:
        pdf.set_font("cjk", size=18)
        pdf.multi_cell(0, 11, title, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("cjk", size=10)
        pdf.multi_cell(0, 7, subtitle, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
    for block in blocks:
        kind = block[0]
        if kind == "h":
            if pdf.get_y() > pdf.h * 0.7:
                pdf.add_page()
            pdf.ln(2)
            pdf.set_font("cjk", size=15)
            pdf.start_section(block[1], level=0)
            pdf.multi_cell(0, 10, block[1], align="L", new_x="LMARGIN", new_y="NEXT")
        elif kind == "h2":
            pdf.ln(1)
            pdf.set_font("cjk", size=12)
            pdf.multi_cell(0, 8, block[1], align="L", new_x="LMARGIN", new_y="NEXT")
        elif kind == "p":
            pdf.set_font("cjk", size=11)
            pdf.multi_cell(0, 7, block[1], align="L", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
        elif kind == "table":
            _table(pdf, block[1], block[2])
        elif kind == "image":
            _image(pdf, block[1], block[2])
        elif kind == "break":
            pdf.add_page()
        elif kind == "sign":
            _sign(pdf, block[1])
    if footer:
        pdf.ln(4)
        pdf.set_font("cjk", size=9)
        pdf.multi_cell(0, 6, footer, align="L", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _cover(pdf: Any, cover: Cover) -> None:
    pdf.set_y(pdf.h * 0.3)
    pdf.set_font("cjk", size=20)
    pdf.multi_cell(0, 14, cover.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(pdf.h * 0.2)
    pdf.set_font("cjk", size=13)
    for line in cover.lines:
        pdf.multi_cell(0, 10, line, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    if cover.contents:
        pdf.insert_toc_placeholder(
            lambda doc, outline: _contents(doc, outline, cover.contents), reset_page_indices=False
        )


def _contents(pdf: Any, outline: list[Any], heading: str) -> None:
    pdf.set_xy(pdf.l_margin, pdf.t_margin)
    pdf.set_font("cjk", size=16)
    pdf.cell(0, 14, heading, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("cjk", size=11)
    for section in outline:
        link = pdf.add_link(page=section.page_number)
        number = str(section.page_number - 1)  # the cover is not counted
        name_width = pdf.epw - 15
        pdf.cell(name_width, 9, section.name, link=link)
        pdf.cell(15, 9, number, align="R", link=link, new_x="LMARGIN", new_y="NEXT")


def _image(pdf: Any, png: bytes, caption: str) -> None:
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        width, height = image.size
    shown_height = pdf.epw * height / width
    if pdf.get_y() + shown_height + 8 > pdf.h - pdf.b_margin:
        pdf.add_page()
    pdf.image(io.BytesIO(png), w=pdf.epw)
    if caption:
        pdf.set_font("cjk", size=9)
        pdf.multi_cell(0, 6, caption, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)


def _sign(pdf: Any, lines: list[str]) -> None:
    """The closing lines, flush right, with room to stamp the seal and sign above each."""
    pdf.ln(20)
    pdf.set_font("cjk", size=12)
    for line in lines:
        pdf.ln(14)
        pdf.cell(0, 8, line, align="R", new_x="LMARGIN", new_y="NEXT")


def _table(pdf: Any, headers: list[str], rows: list[list[Any]]) -> None:
    from fpdf.fonts import FontFace

    pdf.set_font("cjk", size=10)
    with pdf.table(
        headings_style=FontFace(emphasis="", fill_color=(235, 235, 235)),  # one weight of the font
        col_widths=[3] + [2] * (len(headers) - 1) if len(headers) > 1 else None,
        text_align="LEFT",
        line_height=6,
    ) as table:
        header = table.row()
        for cell in headers:
            header.cell(str(cell))
        for values in rows:
            row = table.row()
            for cell in values:
                row.cell(str(cell))
    pdf.ln(2)
