"""Chinese PDFs with fpdf2 and a CJK font: the Noto CJK of the Debian package fonts-noto-cjk by
default (`SHEQU_CJK_FONT` to use another). Two layouts: a certificate (a title, a number, a table
of labelled rows, and a closing paragraph) and a document (headings, paragraphs and tables: the
impact report)."""

from __future__ import annotations

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


def _new_pdf() -> Any:
    from fpdf import FPDF

    font = cjk_font()
    pdf = FPDF(format="A4")
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
) -> bytes:
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
    pdf.multi_cell(0, 6, closing)
    return bytes(pdf.output())


Block = tuple[Any, ...]  # ("h", text) | ("p", text) | ("table", headers, rows)


def document_pdf(*, title: str, subtitle: str, blocks: list[Block], footer: str = "") -> bytes:
    """A report: its title and subtitle, then headings, paragraphs and tables."""
    pdf = _new_pdf()
    pdf.set_font("cjk", size=18)
    pdf.multi_cell(0, 11, title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=10)
    pdf.multi_cell(0, 7, subtitle, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for block in blocks:
        kind = block[0]
        if kind == "h":
            pdf.ln(2)
            pdf.set_font("cjk", size=14)
            pdf.multi_cell(0, 9, block[1], new_x="LMARGIN", new_y="NEXT")
        elif kind == "p":
            pdf.set_font("cjk", size=11)
            pdf.multi_cell(0, 7, block[1], new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
        elif kind == "table":
            _table(pdf, block[1], block[2])
    if footer:
        pdf.ln(4)
        pdf.set_font("cjk", size=9)
        pdf.multi_cell(0, 6, footer, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


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
