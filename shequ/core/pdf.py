"""Chinese PDFs (certificates) with fpdf2 and a CJK font: the Noto CJK of the Debian package
fonts-noto-cjk by default (`SHEQU_CJK_FONT` to use another). One layout for every certificate:
a title, a number, a table of labelled rows, and a closing paragraph."""

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


def certificate_pdf(
    *,
    title: str,
    number: str,
    rows: list[tuple[str, Any]],
    closing: str,
    number_label: str = "证明编号",
) -> bytes:
    from fpdf import FPDF

    font = cjk_font()
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_page()
    pdf.add_font("cjk", fname=font, collection_font_number=2 if font.endswith(".ttc") else 0)
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
