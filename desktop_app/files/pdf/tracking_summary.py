"""The year's tracking summary as a report in the official frame (Decree 30): the figures of every request, charts
drawn with reportlab's own graphics (rates by sector, arrivals against the deadline) and the CĐCS most often late.

The document's frame (header, number, signer, recipients) comes from the caller; its body is written here, and the
tables and charts go after its paragraphs through the official engine's ``after_node``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from desktop_app.domain.documents import BodyNode, ListItem, OfficialDocument, Paragraph, Section
from desktop_app.domain.i18n import _
from desktop_app.domain.tracking import Figures, Punctuality, percent
from desktop_app.domain.vntext import format_date, nfc
from desktop_app.files.pdf.fonts import FontChoice, choose_fonts
from desktop_app.files.pdf.official import PageSetup, RenderResult, grid_table_style, render_official_pdf

__all__ = ["ARRIVAL_SPAN", "LateUnit", "RequestLine", "SectorLine", "TrackingSummary", "arrival_buckets",
           "render_tracking_summary"]

#: The arrivals chart shows this many days either side of the due date; earlier and later ones join the end bars.
ARRIVAL_SPAN = 10
#: How many of the most often late CĐCS the summary names.
LATE_UNITS_SHOWN = 10
_TABLE_PT = 10.5
_CHART_PT = 9.0


@dataclass(frozen=True)
class RequestLine:
    title: str
    due: date
    figures: Figures


@dataclass(frozen=True)
class SectorLine:
    name: str
    figures: Figures


@dataclass(frozen=True)
class LateUnit:
    """A CĐCS and how it answered the year's requests."""

    code: str
    name: str
    record: Punctuality


@dataclass(frozen=True)
class TrackingSummary:
    year: int
    today: date
    requests: tuple[RequestLine, ...]
    sectors: tuple[SectorLine, ...]
    arrivals: Mapping[int, int]  # days after the due date (negative: before) → reports counted that day
    late_units: tuple[LateUnit, ...]

    @property
    def total(self) -> Figures:
        return sum((r.figures for r in self.requests), Figures())


def _body(summary: TrackingSummary, office: str) -> tuple[tuple[BodyNode, ...], dict[str, Paragraph]]:
    """The report's text, and the paragraphs after which the table and the charts go."""
    total, year = summary.total, summary.year
    intro = Paragraph(_(
        "Tổng hợp tình hình các công đoàn cơ sở (CĐCS) gửi báo cáo theo yêu cầu của {office} trong năm {year}, số "
        "liệu tính đến ngày {today}. Tỷ lệ nộp đủ là số báo cáo đã nhận chia cho số CĐCS phải nộp; tỷ lệ đúng hạn là "
        "số báo cáo nhận trong hạn chia cho số CĐCS phải nộp; CĐCS được miễn và CĐCS chưa thành lập hoặc đã giải thể "
        "vào hạn nộp không tính.").format(office=office, year=year, today=format_date(summary.today)))
    if summary.requests:
        overall = Paragraph(_(
            "Năm {year} có {n} yêu cầu báo cáo với {expected} lượt CĐCS phải nộp; đã nhận {received} lượt (tỷ lệ nộp "
            "đủ {completeness}), trong đó {on_time} lượt đúng hạn (tỷ lệ đúng hạn {timeliness}) và {late} lượt nộp "
            "muộn; còn {missing} lượt chưa nộp.").format(
                year=year, n=len(summary.requests), expected=total.expected, received=total.received,
                completeness=percent(total.completeness), on_time=total.on_time,
                timeliness=percent(total.timeliness), late=total.late, missing=len(total.missing)))
    else:
        overall = Paragraph(_("Năm {year} chưa có yêu cầu báo cáo nào gửi các CĐCS.").format(year=year))
    sectors = Paragraph(_("Tỷ lệ nộp đủ và đúng hạn của các CĐCS theo khối, ngành, cộng chung các báo cáo trong "
                          "năm:") if summary.sectors else _("Chưa có số liệu theo khối, ngành."))
    arrivals = Paragraph(_(
        "Số báo cáo nhận được theo số ngày so với hạn nộp (số âm: trước hạn; 0: đúng ngày hạn; số dương: sau hạn; "
        "cột đầu và cột cuối gộp các báo cáo đến sớm hoặc muộn từ {span} ngày trở lên):").format(span=ARRIVAL_SPAN)
        if summary.arrivals else _("Chưa nhận được báo cáo nào trong năm."))
    late_nodes: list[BodyNode] = []
    for unit in summary.late_units:
        record = unit.record
        parts = []
        if record.late:
            parts.append(_("nộp muộn {late} báo cáo (cộng {days} ngày)").format(late=record.late,
                                                                                days=record.total_days_late))
        if record.missing:
            parts.append(_("chưa nộp {missing} báo cáo đã quá hạn").format(missing=record.missing))
        late_nodes.append(ListItem(_("{name} ({code}): {parts} trên {expected} báo cáo phải nộp;").format(
            name=unit.name, code=unit.code, parts=", ".join(parts), expected=record.expected)))
    if not late_nodes:
        late_nodes.append(Paragraph(_("Không có CĐCS nào nộp muộn hay còn nợ báo cáo trong năm.")))
    body: tuple[BodyNode, ...] = (
        intro,
        Section(_("Kết quả chung"), children=(overall,)),
        Section(_("Tỷ lệ theo khối, ngành"), children=(sectors,)),
        Section(_("Thời điểm nhận báo cáo"), children=(arrivals,)),
        Section(_("Các CĐCS thường nộp muộn"), children=tuple(late_nodes)),
    )
    return body, {"table": overall, "sectors": sectors, "arrivals": arrivals}


def render_tracking_summary(
    frame: OfficialDocument, summary: TrackingSummary, path: Path, fonts: FontChoice | None = None
) -> RenderResult:
    """Write the summary to ``path``: ``frame`` gives the header, number, signer and recipients; its body is
    replaced by the summary's."""
    fonts = fonts or choose_fonts()
    office = frame.header.issuing_body
    body, anchors = _body(summary, office)
    doc = dataclasses.replace(
        frame, summary=_("Tình hình gửi báo cáo năm {year}").format(year=summary.year), body=body, closing=())
    # The document normalises its text: the anchors are looked up in the body it keeps.
    placed = _find(doc.body, anchors)

    def after(node: BodyNode, width: float) -> Sequence[Any]:
        from reportlab.platypus import Spacer

        if node is placed.get("table") and summary.requests:
            return [_requests_table(summary, fonts, width), Spacer(0, 6)]
        if node is placed.get("sectors") and summary.sectors:
            return [_sector_chart(summary.sectors, fonts, width), Spacer(0, 8)]
        if node is placed.get("arrivals") and summary.arrivals:
            return [_arrivals_chart(summary.arrivals, fonts, width), Spacer(0, 8)]
        return []

    return render_official_pdf(doc, path, fonts, PageSetup(), after_node=after)


def _find(body: tuple[BodyNode, ...], anchors: Mapping[str, Paragraph]) -> dict[str, BodyNode]:
    found: dict[str, BodyNode] = {}

    def walk(nodes: tuple[BodyNode, ...]) -> None:
        for node in nodes:
            for key, anchor in anchors.items():
                if node == anchor and key not in found:
                    found[key] = node
            walk(getattr(node, "children", ()))

    walk(body)
    return found


# --------------------------------------------------------------------------- the table


def _requests_table(summary: TrackingSummary, fonts: FontChoice, width: float) -> Any:
    from reportlab.lib.enums import TA_CENTER, TA_LEFT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import LongTable
    from reportlab.platypus import Paragraph as RLParagraph

    cell = ParagraphStyle("cell", fontName=fonts.regular, fontSize=_TABLE_PT, leading=_TABLE_PT * 1.2,
                          alignment=TA_CENTER)
    text = ParagraphStyle("text", parent=cell, alignment=TA_LEFT)
    head = ParagraphStyle("head", parent=cell, fontName=fonts.bold)
    total_style = ParagraphStyle("total", parent=head, alignment=TA_LEFT)

    def para(value: str, style: ParagraphStyle) -> RLParagraph:
        return RLParagraph(escape(nfc(value)).replace("\n", "<br/>"), style)

    headers = [_("STT"), _("Báo cáo (hạn nộp)"), _("Phải nộp"), _("Đã nộp"), _("Đúng hạn"), _("Nộp muộn"),
               _("Chưa nộp"), _("Tỷ lệ nộp đủ"), _("Tỷ lệ đúng hạn")]
    rows: list[list[Any]] = [[para(h, head) for h in headers]]

    def numbers(f: Figures, style: ParagraphStyle) -> list[Any]:
        values = [f.expected, f.received, f.on_time, f.late, len(f.missing)]
        return [para(str(v), style) for v in values] + [para(percent(f.completeness), style),
                                                         para(percent(f.timeliness), style)]

    for n, line in enumerate(summary.requests, start=1):
        title = f"{line.title}\n({format_date(line.due)})"
        rows.append([para(str(n), cell), para(title, text), *numbers(line.figures, cell)])
    rows.append(["", para(_("Cộng"), total_style), *numbers(summary.total, head)])
    fixed = [10 * mm] + [13 * mm] * 5 + [16 * mm] * 2
    widths = [fixed[0], width - sum(fixed), *fixed[1:]]
    table = LongTable(rows, colWidths=widths, repeatRows=1)
    table.setStyle(grid_table_style(fonts))
    return table


# --------------------------------------------------------------------------- the charts

# Two greys apart on a black-and-white printer, and a blue/green pair on a colour one.
_FIRST_SERIES = (0.18, 0.33, 0.55)
_SECOND_SERIES = (0.62, 0.80, 0.62)


def _drawing(width: float, height: float, fonts: FontChoice) -> Any:
    """A drawing that starts in the document's font: reportlab's default is an unembedded Helvetica, which every
    drawing would otherwise reference."""
    from reportlab.graphics.shapes import Drawing

    return Drawing(width, height, initialFontName=fonts.regular, initialFontSize=_CHART_PT)


def _chart_fonts(chart: Any, fonts: FontChoice) -> None:
    """Every label of a chart in the document's font (reportlab's default is an unembedded Helvetica)."""
    for axis in (chart.categoryAxis, chart.valueAxis):
        axis.labels.fontName = fonts.regular
        axis.labels.fontSize = _CHART_PT
    chart.barLabels.fontName = fonts.regular
    chart.barLabels.fontSize = _CHART_PT - 1


def _sector_chart(sectors: Sequence[SectorLine], fonts: FontChoice, width: float) -> Any:
    """Horizontal bars: completeness and timeliness of each sector, in per cent."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.lib import colors
    from reportlab.lib.units import mm

    band = 16.0
    label_room = 62 * mm
    height = band * len(sectors) + 40
    drawing = _drawing(width, height, fonts)
    chart = HorizontalBarChart()
    chart.x, chart.y = label_room, 28
    chart.width, chart.height = width - label_room - 12 * mm, band * len(sectors)
    # The first sector on top, as it reads in the table.
    names = [s.name for s in reversed(sectors)]
    chart.data = [
        [round(100 * (s.figures.completeness or 0), 1) for s in reversed(sectors)],
        [round(100 * (s.figures.timeliness or 0), 1) for s in reversed(sectors)],
    ]
    chart.categoryAxis.categoryNames = [n if len(n) <= 40 else n[:39] + "…" for n in names]
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    chart.valueAxis.labelTextFormat = "%d %%"
    chart.bars[0].fillColor = colors.Color(*_FIRST_SERIES)
    chart.bars[1].fillColor = colors.Color(*_SECOND_SERIES)
    chart.barLabelFormat = lambda v: f"{v:.0f} %".replace(".", ",")
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 2
    chart.groupSpacing = 4
    _chart_fonts(chart, fonts)
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = label_room, 10
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 45 * mm
    legend.fontName, legend.fontSize = fonts.regular, _CHART_PT
    legend.colorNamePairs = [(chart.bars[0].fillColor, _("Tỷ lệ nộp đủ")),
                             (chart.bars[1].fillColor, _("Tỷ lệ đúng hạn"))]
    drawing.add(legend)
    return drawing


def arrival_buckets(arrivals: Mapping[int, int]) -> list[tuple[str, int]]:
    """The arrivals chart's bars: one per day from ``-ARRIVAL_SPAN`` to ``ARRIVAL_SPAN``, the ends gathering what
    came earlier or later."""
    bars = []
    for day in range(-ARRIVAL_SPAN, ARRIVAL_SPAN + 1):
        if day == -ARRIVAL_SPAN:
            count, label = sum(n for d, n in arrivals.items() if d <= day), f"≤{day}"
        elif day == ARRIVAL_SPAN:
            count, label = sum(n for d, n in arrivals.items() if d >= day), f"≥{day}"
        else:
            count, label = arrivals.get(day, 0), str(day)
        bars.append((label, count))
    return bars


def _arrivals_chart(arrivals: Mapping[int, int], fonts: FontChoice, width: float) -> Any:
    """Vertical bars: reports by days from the due date; the bars after it in the second colour."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.shapes import String
    from reportlab.lib import colors

    bars = arrival_buckets(arrivals)
    height = 150.0
    drawing = _drawing(width, height, fonts)
    chart = VerticalBarChart()
    chart.x, chart.y = 30, 30
    chart.width, chart.height = width - 40, height - 50
    chart.data = [[count for _label, count in bars]]
    chart.categoryAxis.categoryNames = [label for label, _count in bars]
    top = max(count for _label, count in bars)
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max(top + 1, 4)
    chart.valueAxis.valueStep = max(1, round(chart.valueAxis.valueMax / 5))
    chart.bars[0].fillColor = colors.Color(*_FIRST_SERIES)
    for index in range(ARRIVAL_SPAN + 1, len(bars)):  # after the due date: late
        chart.bars[(0, index)].fillColor = colors.Color(*_SECOND_SERIES)
    chart.barLabelFormat = lambda v: str(int(v)) if v else ""
    chart.barLabels.nudge = 6
    _chart_fonts(chart, fonts)
    drawing.add(chart)
    drawing.add(String(chart.x + chart.width / 2, 6, _("Số ngày so với hạn nộp"), fontName=fonts.regular,
                       fontSize=_CHART_PT, textAnchor="middle"))
    drawing.add(String(4, chart.y + chart.height + 8, _("Số báo cáo"), fontName=fonts.regular,
                       fontSize=_CHART_PT))
    return drawing
