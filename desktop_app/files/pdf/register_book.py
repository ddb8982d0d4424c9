"""The outgoing register printed as the register book (sổ đăng ký văn bản đi), A4 landscape.

Columns follow the register book of Decree 30/2020, Appendix IV, as far as the app knows them: number
and symbol, date, type and summary, signer, recipients, and a note (a cancelled number is printed with
its reason, never left out).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from desktop_app.domain.i18n import _
from desktop_app.domain.vntext import format_date, nfc
from desktop_app.files.pdf.fonts import FontChoice, choose_fonts

MM = 72 / 25.4


@dataclass(frozen=True)
class BookLine:
    """One line of the book, in the words printed."""

    symbol: str
    issued_on: date
    summary: str  # type name and summary: "Kế hoạch: Sơ kết …"
    signer: str
    recipients: str
    note: str
    cancelled: bool


def render_register_book(
    lines: Sequence[BookLine], year: int, office: str, path: Path, fonts: FontChoice | None = None
) -> int:
    """Write the book for ``year`` to ``path``; returns the number of pages."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

    fonts = fonts or choose_fonts()
    cell = ParagraphStyle("cell", fontName=fonts.regular, fontSize=11, leading=13)
    grey = ParagraphStyle("grey", parent=cell, textColor=colors.HexColor("#666666"))
    head = ParagraphStyle("head", parent=cell, fontName=fonts.bold, alignment=TA_CENTER)
    title = ParagraphStyle("title", fontName=fonts.bold, fontSize=14, leading=18, alignment=TA_CENTER)
    sub = ParagraphStyle("sub", fontName=fonts.regular, fontSize=12, leading=15, alignment=TA_CENTER)

    def para(text: str, style: ParagraphStyle) -> Paragraph:
        return Paragraph(escape(nfc(text)).replace("\n", "<br/>"), style)

    headers = [
        _("Số, ký hiệu văn bản"),
        _("Ngày tháng văn bản"),
        _("Tên loại và trích yếu nội dung"),
        _("Người ký"),
        _("Nơi nhận"),
        _("Ghi chú"),
    ]
    rows = [[para(h, head) for h in headers]]
    for line in lines:
        style = grey if line.cancelled else cell
        rows.append(
            [
                para(line.symbol, style),
                para(format_date(line.issued_on), style),
                para(line.summary, style),
                para(line.signer, style),
                para(line.recipients, style),
                para(line.note, style),
            ]
        )
    if not lines:
        rows.append([para(_("Chưa có văn bản đi nào trong năm {year}.").format(year=year), cell), "", "", "", "", ""])
    widths = [30 * MM, 24 * MM, 92 * MM, 40 * MM, 44 * MM, 37 * MM]
    table = LongTable(rows, colWidths=widths, repeatRows=1)
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), fonts.regular),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
    ]
    if not lines:
        commands.append(("SPAN", (0, 1), (-1, 1)))
    table.setStyle(TableStyle(commands))

    def number_pages(canvas: object, template: object) -> None:
        page = canvas.getPageNumber()  # type: ignore[attr-defined]
        canvas.setFont(fonts.regular, 11)  # type: ignore[attr-defined]
        canvas.drawCentredString(landscape(A4)[0] / 2, 10 * MM, str(page))  # type: ignore[attr-defined]

    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".so-van-ban-", suffix=".pdf", dir=path.parent)
    os.close(handle)
    try:
        document = SimpleDocTemplate(
            temporary,
            pagesize=landscape(A4),
            leftMargin=15 * MM,
            rightMargin=15 * MM,
            topMargin=15 * MM,
            bottomMargin=18 * MM,
            initialFontName=fonts.regular,
            title=_("Sổ đăng ký văn bản đi năm {year}").format(year=year),
        )
        story = [
            para(office.upper(), sub),
            Spacer(1, 4 * MM),
            para(_("SỔ ĐĂNG KÝ VĂN BẢN ĐI"), title),
            para(_("Năm {year}").format(year=year), sub),
            Spacer(1, 6 * MM),
            table,
        ]
        document.build(story, onFirstPage=number_pages, onLaterPages=number_pages)
        pages = int(document.page)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return pages
