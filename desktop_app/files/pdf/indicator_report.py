"""The district's figures for one form and period as an official report (Decree 30), landscape: a short text, the
upper-level form's table (TT | Nội dung | Đơn vị tính | Số lượng | Số CĐCS có số liệu | Ghi chú) printed inside the
document's own frame (header, page numbers, signer), and the CĐCS that have not sent.

The frame comes from the caller (the office's header, number to fill in, signer); the body is written here, the
table goes after its paragraph through the official engine's ``after_node`` — the tracking summary's way."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from desktop_app.domain.documents import BodyNode, ListItem, OfficialDocument, Paragraph, Section
from desktop_app.domain.form_values import CellValue, format_cell
from desktop_app.domain.forms import FormDefinition
from desktop_app.domain.i18n import _
from desktop_app.domain.vntext import format_date, nfc
from desktop_app.files.pdf.fonts import FontChoice, choose_fonts
from desktop_app.files.pdf.official import PageSetup, RenderResult, grid_table_style, render_official_pdf

__all__ = ["IndicatorReport", "render_indicator_report"]

# The table is the report's body: printed at the body's size (13 pt), as the decree asks of body text.
_TABLE_PT = 13.0


@dataclass(frozen=True)
class IndicatorReport:
    """What the report prints: the form whose layout the table takes (the upper-level form), its values and how
    many CĐCS are behind each, the period, and who was expected and did not send."""

    form: FormDefinition
    source_code: str  # the CĐCS form the figures come from: «Mẫu số 1-HĐCĐ»
    period: date
    values: Mapping[str, CellValue]
    reporting: Mapping[str, int]
    expected: int
    reported: int
    missing: tuple[tuple[str, str], ...]  # (code, name)


def _body(report: IndicatorReport, office: str) -> tuple[tuple[BodyNode, ...], Paragraph]:
    intro = Paragraph(_(
        "{office} tổng hợp số liệu hoạt động công đoàn theo {form} từ báo cáo ({source}) của các công đoàn cơ sở "
        "(CĐCS), số liệu tính đến ngày {day}. Đã nhận số liệu của {reported}/{expected} CĐCS phải báo cáo; các số "
        "bình quân được tính theo số người được tính, các tỷ lệ được tính lại từ số tổng hợp.").format(
            office=office, form=report.form.code or report.form.title, source=report.source_code,
            day=format_date(report.period), reported=report.reported, expected=report.expected))
    table_anchor = Paragraph(_("Số liệu tổng hợp:"))
    missing: list[BodyNode] = [ListItem(_("{name} ({code});").format(name=name, code=code))
                               for code, name in report.missing]
    if not missing:
        missing = [Paragraph(_("Mọi CĐCS phải báo cáo đã gửi số liệu."))]
    body: tuple[BodyNode, ...] = (
        intro,
        Section(_("Số liệu tổng hợp"), children=(table_anchor,)),
        Section(_("Các CĐCS chưa gửi số liệu"), children=tuple(missing)),
    )
    return body, table_anchor


def render_indicator_report(frame: OfficialDocument, report: IndicatorReport, path: Path,
                            fonts: FontChoice | None = None) -> RenderResult:
    """Write the report to ``path``; ``frame`` gives header, number, signer and recipients."""
    fonts = fonts or choose_fonts()
    body, anchor = _body(report, frame.header.issuing_body)
    doc = dataclasses.replace(
        frame, landscape=True, closing=(), body=body,
        summary=_("{title} tính đến ngày {day}").format(title=_summary_title(report.form.title),
                                                          day=format_date(report.period)))
    placed = _find(doc.body, anchor)

    def after(node: BodyNode, width: float) -> Sequence[Any]:
        from reportlab.platypus import Spacer

        if node is placed:
            return [_table(report, fonts, width), Spacer(0, 6)]
        return []

    return render_official_pdf(doc, path, fonts, PageSetup(), after_node=after)


def _summary_title(title: str) -> str:
    """The form's title as the report's trích yếu: «Báo cáo tổng hợp số liệu …» is already a report («BÁO CÁO»
    above it), so it reads «Tổng hợp số liệu …»."""
    words = title.strip()
    if words.lower().startswith("báo cáo "):
        words = words[len("báo cáo "):]
    return words[:1].upper() + words[1:]


def _find(body: tuple[BodyNode, ...], anchor: Paragraph) -> BodyNode | None:
    for node in body:
        if node == anchor:
            return node
        inner = _find(tuple(getattr(node, "children", ())), anchor)
        if inner is not None:
            return inner
    return None


def _table(report: IndicatorReport, fonts: FontChoice, width: float) -> Any:
    from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import LongTable
    from reportlab.platypus import Paragraph as RLParagraph

    cell = ParagraphStyle("cell", fontName=fonts.regular, fontSize=_TABLE_PT, leading=_TABLE_PT * 1.2,
                          alignment=TA_CENTER)
    text = ParagraphStyle("text", parent=cell, alignment=TA_LEFT)
    number = ParagraphStyle("number", parent=cell, alignment=TA_RIGHT)
    head = ParagraphStyle("head", parent=cell, fontName=fonts.bold)
    section = ParagraphStyle("section", parent=text, fontName=fonts.bold)

    def para(value: str, style: ParagraphStyle) -> RLParagraph:
        return RLParagraph(escape(nfc(value)), style)

    headers = [_("TT"), _("Nội dung"), _("Đơn vị tính"), _("Số lượng"), _("Số CĐCS có số liệu"), _("Ghi chú")]
    rows: list[list[Any]] = [[para(h, head) for h in headers]]
    styles: list[tuple[Any, ...]] = []
    for part in report.form.sections:
        styles.append(("SPAN", (1, len(rows)), (-1, len(rows))))
        rows.append([para(part.tt, section), para(part.title, section), "", "", "", ""])
        for row in part.rows:
            value = report.values.get(row.id)
            count = report.reporting.get(row.id)
            rows.append([
                para(row.tt, cell), para(row.text, text), para(row.unit, cell),
                para(format_cell(row, value), number),
                para(f"{count}/{report.expected}" if count is not None else "", cell),
                para(row.note, text),
            ])
    fixed = [14 * mm, 26 * mm, 36 * mm, 30 * mm, 44 * mm]
    widths = [fixed[0], width - sum(fixed), *fixed[1:]]
    table = LongTable(rows, colWidths=widths, repeatRows=1)
    table.setStyle(grid_table_style(fonts, *styles))
    return table
