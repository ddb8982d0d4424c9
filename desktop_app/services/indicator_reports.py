"""The district's indicator figures on paper: the upper-level form filled from the CĐCS forms, printed as a
landscape report in the office's official frame (PDF), with the CĐCS that have not sent."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from desktop_app.domain.i18n import _
from desktop_app.services.errors import UserError
from desktop_app.services.indicators import IndicatorService
from desktop_app.services.office import OfficeService
from desktop_app.services.tracking_exports import check_target, print_pdf, report_frame


class IndicatorReportService:
    """``clock`` gives today's date (the report is dated on it)."""

    def __init__(self, indicators: IndicatorService, office: OfficeService,
                 clock: Callable[[], date] = date.today) -> None:
        self._indicators = indicators
        self._office = office
        self._clock = clock

    def report_pdf(self, form_id: str, period: date, path: Path, font: str | None = None) -> int:
        """Print the district's figures of ``form_id`` (a CĐCS form) for ``period`` in its upper-level form's
        layout to ``path`` (.pdf); returns the page count. Refused before anything is written: a form without an
        upper-level form, a period that is not one of its snapshot dates, a bad path."""
        from desktop_app.files.pdf.indicator_report import IndicatorReport, render_indicator_report

        path = Path(path)
        check_target(path, ".pdf", _("báo cáo số liệu PDF"))
        form = self._indicators.form(form_id)
        if form.mapping is None:
            raise UserError(_("{code} không tổng hợp lên mẫu của cấp trên: không có bảng tổng hợp để in.").format(
                code=form.code or form.id))
        upper = self._indicators.upper(form_id, period)
        names = {unit.code: unit.name for unit in self._indicators.expected_units(form_id, period)}
        source = upper.source
        report = IndicatorReport(
            form=self._indicators.form(upper.form_id), source_code=form.code or form.id, period=period,
            values=upper.values, reporting=upper.reporting, expected=len(source.expected),
            reported=len(source.reported), missing=tuple((code, names.get(code, code)) for code in source.missing))
        frame = report_frame(self._office, self._clock())
        return print_pdf(path, _("báo cáo số liệu"), lambda partial, fonts: render_indicator_report(
            frame, report, partial, fonts).pages, font)


__all__ = ["IndicatorReportService"]
