"""Tracking on paper: the year's matrix (CĐCS × requests) as a printable .xlsx, and the year's summary as a report
in the official frame (PDF). Both read the same figures as the tracking screen (``TrackingService``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.domain.documents import (
    DocumentNumber,
    Header,
    OfficialDocument,
    Recipients,
    SignerBlock,
    document_type,
)
from desktop_app.domain.i18n import _
from desktop_app.domain.tracking import arrival_offsets, punctuality
from desktop_app.files.atomic import (
    OutputPathError,
    atomic_output,
    check_folder_writable,
    check_output_folder,
    check_output_path,
)
from desktop_app.services.errors import UserError
from desktop_app.services.office import OfficeService
from desktop_app.services.tracking import CELL_LABELS, TrackingService

if TYPE_CHECKING:  # the PDF code loads reportlab: only when a summary is printed
    from desktop_app.files.pdf.fonts import FontChoice
    from desktop_app.files.pdf.tracking_summary import TrackingSummary

# The summary is a report (báo cáo) of the office to the body above it.
REPORT_TYPE = "BC"


@dataclass(frozen=True)
class MatrixExport:
    path: Path
    units: int
    requests: int


class TrackingExportService:
    """``clock`` gives today's date (tests pin it)."""

    def __init__(self, tracking: TrackingService, office: OfficeService, clock: Callable[[], date] = date.today
                 ) -> None:
        self._tracking = tracking
        self._office = office
        self._clock = clock

    def matrix_xlsx(self, year: int, path: Path) -> MatrixExport:
        """Write the matrix of ``year`` to ``path`` (.xlsx), whole or not at all."""
        from desktop_app.files.xlsx.tracking_matrix import MatrixColumn, MatrixLine, write_tracking_matrix
        from desktop_app.files.xlsx.units_workbook import WorkbookError

        path = Path(path)
        check_target(path, ".xlsx", _("bảng theo dõi Excel"))
        matrix = self._tracking.matrix(year)
        office = self._office.profile().home.name
        columns = [MatrixColumn(r.title, r.due, r.figures) for r in matrix.requests]
        lines = [
            MatrixLine(unit.code, unit.name, tuple(
                (cell.code, cell.day) for cell in (matrix.cell(unit, r) for r in matrix.requests)))
            for unit in matrix.units
        ]
        try:
            with atomic_output(path) as partial:
                write_tracking_matrix(partial, office, year, matrix.today, columns, lines, CELL_LABELS)
        except (WorkbookError, OutputPathError) as exc:
            raise UserError(str(exc)) from None
        except OSError as exc:
            raise UserError(_("Không ghi được tệp «{path}»: {reason}. Nếu tệp đang mở trong Excel, hãy đóng lại rồi "
                              "thử lại.").format(path=path, reason=exc.strerror or exc)) from exc
        return MatrixExport(path, len(lines), len(columns))

    def summary_pdf(self, year: int, path: Path, font: str | None = None) -> int:
        """Print the summary of ``year`` to ``path`` (.pdf) in the official frame; returns the page count."""
        from desktop_app.files.pdf.tracking_summary import render_tracking_summary

        path = Path(path)
        check_target(path, ".pdf", _("bản tổng hợp PDF"))
        summary = self.summary(year)
        frame = self._frame()
        return print_pdf(path, _("bản tổng hợp"), lambda partial, fonts: render_tracking_summary(
            frame, summary, partial, fonts).pages, font)

    def summary(self, year: int) -> TrackingSummary:
        """What the PDF summary shows: the requests' figures, by sector, the arrivals, the CĐCS most often late."""
        from desktop_app.files.pdf.tracking_summary import (
            LATE_UNITS_SHOWN,
            LateUnit,
            RequestLine,
            SectorLine,
            TrackingSummary,
        )

        today = self._clock()
        units, requests, facts = self._tracking.facts([year])
        sectors = self._tracking.year_sector_figures(year)
        arrivals: Counter[int] = Counter()
        for request, fact in zip(requests, facts, strict=True):
            arrivals.update(arrival_offsets(request.due, fact.submissions.values()))
        late = []
        for unit in units:
            record = next((r for r in punctuality(unit, facts, today) if r.year == year), None)
            if record is not None and (record.late or record.missing):
                late.append(LateUnit(unit.code, unit.name, record))
        late.sort(key=lambda u: (-(u.record.late + u.record.missing), -u.record.total_days_late, u.name))
        return TrackingSummary(
            year=year, today=today,
            requests=tuple(RequestLine(r.title, r.due, r.figures) for r in requests),
            sectors=tuple(SectorLine(name, group) for _code, name, group in sectors),
            arrivals=dict(arrivals),
            late_units=tuple(late[:LATE_UNITS_SHOWN]),
        )

    def _frame(self) -> OfficialDocument:
        return report_frame(self._office, self._clock())


def print_pdf(path: Path, what: str, render: Callable[[Path, FontChoice], int], font: str | None = None) -> int:
    """Write a PDF to ``path`` whole or not at all: ``render(partial, fonts)`` lays it out and gives its page count;
    a font, layout or disk failure is refused saying what (``what``: «bản tổng hợp») could not be printed where."""
    from desktop_app.files.pdf.fonts import FontError, choose_fonts
    from desktop_app.files.pdf.official import OfficialPdfError

    try:
        with atomic_output(path) as partial:
            return render(partial, choose_fonts(font))
    except OutputPathError as exc:
        raise UserError(str(exc)) from None
    except (FontError, OfficialPdfError, OSError) as exc:
        raise UserError(_("Không in được {what} ra «{path}»: {reason}").format(what=what, path=path, reason=exc)
                        ) from exc


def report_frame(office: OfficeService, today: date) -> OfficialDocument:
    """The office's report frame: its header dated ``today``, a number to fill in, its signer, «Nơi nhận» the body
    above (the tracking summary and the indicator report print in it)."""
    profile = office.profile()
    kind = document_type(REPORT_TYPE)
    parent = profile.parent.name if profile.parent else ""
    recipients = ((_("- Thường trực {parent} (để báo cáo);").format(parent=parent),) if parent else ()) + (
        _("- Lưu: VT."),)
    signer = profile.signer
    return OfficialDocument(
        type=kind,
        number=DocumentNumber(None, today.year, kind.code, profile.abbreviation),
        header=Header(parent, profile.home.name, profile.place_name, today),
        recipients=Recipients(recipients),
        signer=SignerBlock(signer.authority, signer.title, signer.name) if signer else None,
    )


def check_target(path: Path, suffix: str, what: str) -> None:
    """Refuse, before anything is read or written, a target that is not a ``suffix`` file in a folder that exists
    and can be written to, or that is the open database."""
    try:
        check_output_path(path)  # the open database first: that refusal says the most
        if path.suffix.lower() != suffix:
            raise UserError(_("Không ghi {what} ra «{path}»: tên tệp phải có đuôi {suffix}.").format(
                what=what, path=path, suffix=suffix))
        check_output_folder(path)
        check_folder_writable(path.parent)
    except OutputPathError as exc:
        raise UserError(str(exc)) from None

