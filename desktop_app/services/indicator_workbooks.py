"""Offline entry of indicator forms: a workbook per CĐCS out, a folder of returned workbooks back in, and the
district's aggregated table as .xlsx. The files are files/form_workbooks.py's; what is saved and what is
expected (which CĐCS, which period) is IndicatorService's — this module only joins the two.

Import is all or nothing per workbook: a workbook with any problem (refused by the reader, another unit's under
this unit's file name, another period than the one asked, two workbooks of one CĐCS, a figure breaking a rule)
is listed with its problems and nothing of it is saved; every good one is saved whole with source="workbook".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from desktop_app.domain.form_values import CellValue, format_cell
from desktop_app.domain.forms import FormDefinition, check_values
from desktop_app.domain.i18n import _
from desktop_app.domain.vntext import format_date
from desktop_app.files.atomic import OutputPathError, check_folder_writable
from desktop_app.files.form_workbooks import (
    ReturnedWorkbook,
    TableSheet,
    WorkbookRefused,
    layout_of,
    read_form_workbook,
    write_aggregate_workbook,
    write_form_workbook,
)
from desktop_app.persistence.errors import RecordChangedElsewhere
from desktop_app.services.errors import UserError

if TYPE_CHECKING:
    from desktop_app.domain.aggregation import Aggregate, UpperFigures
    from desktop_app.domain.tracking import UnitSpan

__all__ = ["ImportPreview", "ImportResult", "IndicatorWorkbookService", "RowChange", "workbook_name"]

#: (done, total), for a progress bar.
Progress = Callable[[int, int], None]
_SUFFIXES = (".xlsx", ".xlsm", ".xls")
_NAME = re.compile(r"^(?P<form>[a-z0-9-]+)_(?P<period>\d{4}-\d{2}-\d{2})_(?P<code>.+)$")
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


class Indicators(Protocol):
    """What this module needs of services.indicators.IndicatorService (IND-API.md)."""

    def forms(self) -> list[FormDefinition]: ...
    def form(self, form_id: str) -> FormDefinition: ...
    def expected_units(self, form_id: str, period: date) -> list[UnitSpan]: ...
    def report(self, form_id: str, period: date, unit_code: str) -> Any: ...
    def save_report(self, form_id: str, period: date, unit_code: str, values: Mapping[str, CellValue], *,
                    source: str = "entry", received_on: date | None = None,
                    expected_revision: int | None = None) -> Any: ...
    def aggregate(self, form_id: str, period: date, sectors: Sequence[str] | None = None) -> Aggregate: ...
    def upper(self, form_id: str, period: date) -> UpperFigures: ...


def workbook_name(form_id: str, period: date, unit_code: str) -> str:
    """«mau-1-hdcd_2026-11-30_CD001.xlsx»: sorted by form and period, and naming the CĐCS it is for."""
    return f"{form_id}_{period.isoformat()}_{_UNSAFE.sub('-', unit_code)}.xlsx"


@dataclass(frozen=True)
class RowChange:
    """One input row whose figure the workbook changes: what is saved now and what the workbook holds."""

    row_id: str
    tt: str
    text: str
    cell: str  # «Mẫu số 1-HĐCĐ!D12»
    old: CellValue
    new: CellValue
    old_text: str
    new_text: str


@dataclass(frozen=True)
class ImportPreview:
    """What importing one file would do: the workbook read from it (None when refused) and its problems, or the
    changes it makes to what is saved."""

    path: Path
    workbook: ReturnedWorkbook | None
    problems: tuple[str, ...] = ()
    changes: tuple[RowChange, ...] = ()
    unit_name: str = ""
    #: The CĐCS is one that must report this form for this period.
    expected: bool = False
    #: A report of this CĐCS for this period is already saved (its revision, for the stale check).
    existing_revision: int | None = None
    complete: bool = False
    notes: tuple[str, ...] = field(default=())

    @property
    def importable(self) -> bool:
        return self.workbook is not None and not self.problems


@dataclass(frozen=True)
class ImportResult:
    path: Path
    status: str  # "imported", "unchanged", "refused", or with dry_run "would_import"
    form_id: str | None
    period: date | None
    unit_code: str | None
    problems: tuple[str, ...] = ()
    changes: tuple[RowChange, ...] = ()
    report: Any = None  # the saved FormReport


class IndicatorWorkbookService:
    def __init__(self, indicators: Indicators, office_name: str | Callable[[], str] = "") -> None:
        self._indicators = indicators
        self._office_name = office_name

    def _office(self) -> str:
        name = self._office_name
        return name() if callable(name) else name

    def _cdcs_form(self, form_id: str, period: date) -> FormDefinition:
        form = self._indicators.form(form_id)
        if form.level != "cdcs":
            raise UserError(_("Mẫu «{code}» là mẫu của cấp trên: chỉ mẫu của công đoàn cơ sở mới gửi tệp để điền.")
                            .format(code=form.code))
        if (period.month, period.day) not in form.snapshot_dates:
            dates = ", ".join(f"{d}/{m}" for m, d in form.snapshot_dates)
            raise UserError(_("Ngày {date} không phải kỳ báo cáo của {code} (số liệu tính đến ngày {dates} hằng năm).")
                            .format(date=format_date(period), code=form.code, dates=dates))
        return form

    # ------------------------------------------------------------------- out

    def write_workbooks(self, form_id: str, period: date, folder: Path, unit_codes: Sequence[str] | None = None,
                        progress: Progress | None = None) -> list[Path]:
        """One workbook per CĐCS expected to report (or per code of ``unit_codes``), pre-filled with what is saved."""
        form = self._cdcs_form(form_id, period)
        folder = Path(folder)
        if not folder.is_dir():
            raise UserError(_("Không có thư mục «{folder}». Hãy tạo thư mục trước.").format(folder=folder))
        try:
            check_folder_writable(folder)
        except OutputPathError as exc:
            raise UserError(str(exc)) from exc
        units = self._indicators.expected_units(form_id, period)
        if unit_codes is not None:
            by_code = {u.code: u for u in units}
            unknown = [c for c in unit_codes if c not in by_code]
            if unknown:
                raise UserError(_("Không có CĐCS phải báo cáo {code} kỳ {date} với mã: {codes}.").format(
                    code=form.code, date=format_date(period), codes=", ".join(unknown)))
            units = [by_code[c] for c in unit_codes]
        if not units:
            raise UserError(_("Không có CĐCS nào phải báo cáo {code} kỳ {date}.").format(
                code=form.code, date=format_date(period)))
        office = self._office()
        written: list[Path] = []
        for index, unit in enumerate(units):
            report = self._indicators.report(form_id, period, unit.code)
            path = folder / workbook_name(form.id, period, unit.code)
            try:
                write_form_workbook(form, unit_code=unit.code, unit_name=unit.name, office_name=office,
                                    period=period, values=report.values if report is not None else None, path=path)
            except OutputPathError as exc:
                raise UserError(str(exc)) from exc
            except OSError as exc:
                raise UserError(_("Không ghi được tệp «{path}» ({reason}). Đã ghi {n} tệp.").format(
                    path=path, reason=exc.strerror or exc, n=len(written))) from exc
            written.append(path)
            if progress is not None:
                progress(index + 1, len(units))
        return written

    # ------------------------------------------------------------------- back in

    def _files(self, folder: Path) -> list[Path]:
        folder = Path(folder)
        if not folder.is_dir():
            raise UserError(_("Không có thư mục «{folder}».").format(folder=folder))
        # Excel's lock files («~$tên.xlsx») and hidden files are not workbooks anyone sent.
        return sorted(p for p in folder.iterdir()
                      if p.is_file() and p.suffix.lower() in _SUFFIXES and not p.name.startswith(("~$", ".")))

    def preview_folder(self, folder: Path, progress: Progress | None = None, *, form_id: str | None = None,
                       period: date | None = None) -> list[ImportPreview]:
        """Every workbook of ``folder`` read and checked against what is saved; nothing is saved. With
        ``form_id``/``period``, a workbook of another form or period is refused."""
        files = self._files(folder)
        definitions = {f.id: f for f in self._indicators.forms() if f.level == "cdcs"}
        previews: list[ImportPreview] = []
        expected_cache: dict[tuple[str, date], dict[str, UnitSpan]] = {}
        for index, path in enumerate(files):
            try:
                returned = read_form_workbook(path, definitions)
            except WorkbookRefused as exc:
                previews.append(ImportPreview(path, None, tuple(exc.problems)))
            else:
                key = (returned.form_id, returned.period)
                if key not in expected_cache:
                    try:
                        expected_cache[key] = {u.code: u for u in self._indicators.expected_units(*key)}
                    except UserError:  # a period the service refuses: every CĐCS of it is «not expected»
                        expected_cache[key] = {}
                previews.append(self._preview(path, returned, definitions[returned.form_id], expected_cache[key],
                                              form_id, period))
            if progress is not None:
                progress(index + 1, len(files))
        return _refuse_duplicates(previews)

    def _preview(self, path: Path, returned: ReturnedWorkbook, form: FormDefinition, expected: Mapping[str, UnitSpan],
                 form_id: str | None, period: date | None) -> ImportPreview:
        where = _("Tệp «{name}»").format(name=path.name)
        problems: list[str] = []
        unit = expected.get(returned.unit_code)
        who = f"{returned.unit_code} «{unit.name if unit else returned.unit_name}»"
        named = _NAME.match(path.stem)
        if named is not None and named.group("code") != _UNSAFE.sub("-", returned.unit_code):
            problems.append(_("{where}: tên tệp là của CĐCS {named} nhưng số liệu trong tệp là của CĐCS {who}. Hãy "
                              "kiểm tra lại: có thể CĐCS đã điền vào tệp của đơn vị khác.").format(
                where=where, named=named.group("code"), who=who))
        if form_id is not None and returned.form_id != form_id:
            problems.append(_("{where}: là mẫu «{code}», không phải mẫu đang nhập.").format(where=where,
                                                                                          code=form.code))
        if period is not None and returned.period != period:
            problems.append(_("{where}: là số liệu kỳ {other} của CĐCS {who}, không phải kỳ {date} đang nhập.").format(
                where=where, other=format_date(returned.period), who=who, date=format_date(period)))
        if (returned.period.month, returned.period.day) not in form.snapshot_dates:
            problems.append(_("{where}: ngày {date} không phải ngày chốt số liệu của {code}.").format(
                where=where, date=format_date(returned.period), code=form.code))
        if unit is None:
            problems.append(_("{where}: CĐCS {who} không có trong danh sách CĐCS phải báo cáo kỳ {date} (mã không có, "
                              "đã giải thể hoặc chưa thành lập vào ngày đó).").format(
                where=where, who=who, date=format_date(returned.period)))
        layout = layout_of(form)
        values = returned.values
        for problem in check_values(form, values):
            row = form.row(problem.row_id) if problem.row_id is not None else None
            if row is None or row.computed or values.get(row.id) is None:
                continue  # a blank required row makes the report incomplete, not wrong
            problems.append(f"{layout.sheet}!{layout.cell(row.id)}: {problem.message}")
        existing = None
        if unit is not None and not problems:
            try:
                existing = self._indicators.report(returned.form_id, returned.period, returned.unit_code)
            except UserError as exc:  # the service's own refusal of this unit or period
                problems.append(_("{where}: {reason}").format(where=where, reason=exc))
        old_values: Mapping[str, CellValue] = existing.values if existing is not None else {}
        changes = []
        for line in layout.inputs:
            row = line.row
            assert row is not None
            old, new = old_values.get(row.id), values.get(row.id)
            if old != new or type(old) is not type(new):
                changes.append(RowChange(row.id, row.tt, row.text, f"{layout.sheet}!{layout.cell(row.id)}", old, new,
                                         format_cell(row, old), format_cell(row, new)))
        complete = not check_values(form, values)
        notes = () if complete else (_("Còn thiếu số liệu bắt buộc: báo cáo được lưu nhưng chưa đủ."),)
        return ImportPreview(path, returned, tuple(problems), tuple(changes),
                             unit.name if unit else returned.unit_name, unit is not None,
                             existing.revision if existing is not None else None, complete, notes)

    def import_folder(self, folder: Path, dry_run: bool = False, received_on: date | None = None,
                      progress: Progress | None = None, *, form_id: str | None = None,
                      period: date | None = None) -> list[ImportResult]:
        """Save every good workbook of ``folder`` (each whole, source="workbook", received on ``received_on``,
        default the indicator service's today); list the bad ones with their problems. ``dry_run`` saves nothing."""
        previews = self.preview_folder(folder, form_id=form_id, period=period)
        results: list[ImportResult] = []
        for index, preview in enumerate(previews):
            wb = preview.workbook
            if wb is None or preview.problems:
                results.append(ImportResult(preview.path, "refused", wb.form_id if wb else None,
                                            wb.period if wb else None, wb.unit_code if wb else None,
                                            preview.problems))
            elif not preview.changes and preview.existing_revision is not None:
                results.append(ImportResult(preview.path, "unchanged", wb.form_id, wb.period, wb.unit_code))
            elif dry_run:
                results.append(ImportResult(preview.path, "would_import", wb.form_id, wb.period, wb.unit_code,
                                            (), preview.changes))
            else:
                try:
                    report = self._indicators.save_report(
                        wb.form_id, wb.period, wb.unit_code, wb.values, source="workbook", received_on=received_on,
                        # What the preview showed: 0 when there was no report yet (one saved since is refused).
                        expected_revision=preview.existing_revision or 0)
                except (UserError, RecordChangedElsewhere) as exc:
                    results.append(ImportResult(preview.path, "refused", wb.form_id, wb.period, wb.unit_code,
                                                (_("Tệp «{name}»: {reason}").format(name=preview.path.name,
                                                                                    reason=exc),)))
                else:
                    results.append(ImportResult(preview.path, "imported", wb.form_id, wb.period, wb.unit_code, (),
                                                preview.changes, report))
            if progress is not None:
                progress(index + 1, len(previews))
        return results

    # ------------------------------------------------------------------- export

    def export_aggregate(self, form_id: str, period: date, path: Path) -> Path:
        """The district's table for ``form_id`` (a CĐCS form) and ``period`` as .xlsx: the upper-level form filled
        by the mapping, then the CĐCS form added up (with n of N and the CĐCS missing)."""
        form = self._cdcs_form(form_id, period)
        total = self._indicators.aggregate(form_id, period)
        names = {u.code: u.name for u in self._indicators.expected_units(form_id, period)}
        missing = [f"{code} – {names.get(code, '')}".rstrip(" –") for code in total.missing]
        office = self._office()
        sheets: list[TableSheet] = []
        if form.mapping is not None:
            upper = self._indicators.upper(form_id, period)
            sheets.append(TableSheet(self._indicators.form(upper.form_id), upper.values, upper.reporting,
                                     len(total.expected), subtitle=office))
        counts = {row_id: t.counts for row_id, t in total.rows.items() if t.counts}
        reporting = {row_id: t.reporting for row_id, t in total.rows.items()}
        sheets.append(TableSheet(form, total.values(), reporting, len(total.expected), counts, missing,
                                 subtitle=_("Tổng hợp từ {n}/{total} CĐCS").format(n=len(total.reported),
                                                                                  total=len(total.expected))))
        try:
            return write_aggregate_workbook(Path(path), office_name=office, period=period, sheets=sheets)
        except OutputPathError as exc:
            raise UserError(str(exc)) from exc
        except OSError as exc:
            raise UserError(_("Không ghi được tệp «{path}» ({reason}).").format(path=path,
                                                                             reason=exc.strerror or exc)) from exc


def _refuse_duplicates(previews: list[ImportPreview]) -> list[ImportPreview]:
    """Two workbooks of one CĐCS for one form and period: which one is right is the clerk's call, so neither
    is imported."""
    seen: dict[tuple[str, date, str], list[int]] = {}
    for index, preview in enumerate(previews):
        wb = preview.workbook
        if wb is not None:
            seen.setdefault((wb.form_id, wb.period, wb.unit_code), []).append(index)
    result = list(previews)
    for (_form, _period, code), indexes in seen.items():
        if len(indexes) < 2:
            continue
        names = ", ".join(f"«{previews[i].path.name}»" for i in indexes)
        for i in indexes:
            p = result[i]
            message = _("Tệp «{name}»: có {n} tệp cùng là báo cáo của CĐCS {code} ({names}); hãy chỉ để lại một tệp.")
            result[i] = ImportPreview(p.path, p.workbook, (*p.problems, message.format(
                name=p.path.name, n=len(indexes), code=code, names=names)), p.changes, p.unit_name, p.expected,
                p.existing_revision, p.complete, p.notes)
    return result
