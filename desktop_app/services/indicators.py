"""Indicator forms filled by the CĐCS (DOMAIN §5): one report per CĐCS, form and snapshot date, saved all or
nothing; the district's totals by each row's rule, the upper-level form filled by the mapping, and the congress
targets' progress from it (rules in domain.aggregation and domain.targets).

A saved report is complete when its figures say so (``form_values.is_complete``), worked out on every save; a
complete report is also the CĐCS's submission to the report requests that asked for that form and period,
logged in the same transaction (``TrackingService.receive_forms``).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from sqlalchemy.exc import IntegrityError

from desktop_app.domain.aggregation import Aggregate, Contribution, UnitReport, UpperFigures, aggregate, contributions
from desktop_app.domain.aggregation import fill_upper as fill_upper_form
from desktop_app.domain.form_values import CellError, CellValue, computed_values, from_stored, parse_cell, stored
from desktop_app.domain.forms import NUMERIC, FormDefinition, Problem, Row, TargetSet, check_values
from desktop_app.domain.formulas import Value
from desktop_app.domain.i18n import _
from desktop_app.domain.targets import TargetProgress, progress
from desktop_app.domain.tracking import UnitSpan
from desktop_app.domain.vntext import format_date
from desktop_app.persistence.errors import RecordChangedElsewhere
from desktop_app.persistence.form_report_reads import ReportLine
from desktop_app.persistence.models import FormReportRow
from desktop_app.persistence.unit_of_work import UnitOfWork, UnitOfWorkFactory
from desktop_app.services.errors import NotFound, UserError
from desktop_app.services.tracking import TrackingService

__all__ = ["ENTRY", "SOURCES", "WORKBOOK", "FormReport", "IndicatorService", "ReportInput"]

ENTRY = "entry"  # typed in the app's grid
WORKBOOK = "workbook"  # a returned offline workbook
SOURCES = (ENTRY, WORKBOOK)
# How a complete report is logged as a submission: a workbook came as a file, a typed form by other means.
_CHANNELS = {ENTRY: "other", WORKBOOK: "bundle"}

_STALE = _("Số liệu biểu mẫu này vừa được lưu ở nơi khác (người dùng hoặc chương trình khác) trong lúc bạn sửa, "
           "nên chưa lưu được. Hãy mở lại để xem bản mới nhất rồi sửa lại.")


@dataclass(frozen=True)
class FormReport:
    """One CĐCS's figures for one form and period."""

    id: int | None
    uuid: str | None
    form_id: str
    form_version: int
    period: date  # the snapshot date (31/5 or 30/11 of a year)
    unit_code: str
    unit_name: str
    values: Mapping[str, CellValue]  # input rows only, as domain values
    problems: tuple[Problem, ...]
    complete: bool
    source: str  # "entry" (typed in the app) or "workbook"
    received_on: date | None  # when it arrived (workbook) or was completed (entry)
    revision: int
    updated_by: str


@dataclass(frozen=True)
class ReportInput:
    """One CĐCS's figures as ``save_reports`` takes them (the arguments of ``save_report``)."""

    unit_code: str
    values: Mapping[str, CellValue]
    source: str = ENTRY
    received_on: date | None = None
    expected_revision: int | None = None


class _Decoder:
    """Stored values back to domain values for one form, fast: a period's 3,000 reports × 80 rows are read for
    every district table. The stored text was checked when saved, so a number is just ``Decimal(text)``; anything
    unexpected (a form whose rows changed since) goes through ``from_stored``'s full check, and a value that no
    longer fits is dropped with a problem naming its row."""

    def __init__(self, form: FormDefinition) -> None:
        self.rows = {row.id: row for row in form.rows if not row.computed}
        self.numeric = {row_id for row_id, row in self.rows.items() if row.value_type in NUMERIC}
        self.yes_no = {row_id for row_id, row in self.rows.items() if row.value_type == "yes_no"}
        self.texts = {row_id for row_id, row in self.rows.items() if row.value_type == "text"}
        self.categories = {row_id: frozenset(row.categories) for row_id, row in self.rows.items()
                           if row.value_type == "category"}

    def decode(self, text: str) -> tuple[dict[str, CellValue], list[Problem]]:
        raw = json.loads(text)
        values: dict[str, CellValue] = {}
        problems: list[Problem] = []
        if not isinstance(raw, dict):
            return values, [Problem(None, _("Số liệu đã lưu bị hỏng (không đọc được)."))]
        numeric, yes_no, texts, categories, rows = self.numeric, self.yes_no, self.texts, self.categories, self.rows
        for row_id, value in raw.items():
            if row_id in numeric and type(value) is str:
                try:
                    values[row_id] = Decimal(value)
                    continue
                except InvalidOperation:
                    pass
            elif (type(value) is bool and row_id in yes_no) or (type(value) is str and (
                    row_id in texts or value in categories.get(row_id, ()))):
                values[row_id] = value
                continue
            row = rows.get(row_id)
            if row is None:
                problems.append(Problem(None, _("Số liệu đã lưu có dòng «{id}» không còn trong mẫu.").format(
                    id=row_id)))
                continue
            try:
                values[row_id] = from_stored(row, value)
            except CellError as exc:
                problems.append(Problem(row_id, f"{row.label}: {exc}"))
        return values, problems


class IndicatorService:
    """``clock`` gives today's date (tests pin it); ``tracking`` logs a complete report as a submission."""

    def __init__(self, uow_factory: UnitOfWorkFactory, tracking: TrackingService,
                 clock: Callable[[], date] = date.today) -> None:
        self._uow = uow_factory
        self._tracking = tracking
        self._clock = clock
        self._loaded: tuple[dict[str, FormDefinition], dict[str, TargetSet]] | None = None
        self._decoders: dict[str, _Decoder] = {}

    # -- the definitions ------------------------------------------------------------------------------
    def _definitions(self) -> tuple[dict[str, FormDefinition], dict[str, TargetSet]]:
        if self._loaded is None:
            self._loaded = _shipped_definitions()
        return self._loaded

    def forms(self) -> list[FormDefinition]:
        """The shipped forms, in file order (read once)."""
        return list(self._definitions()[0].values())

    def form(self, form_id: str) -> FormDefinition:
        found = self._definitions()[0].get(form_id)
        if found is None:
            raise NotFound(_("Không có mẫu biểu «{id}».").format(id=form_id))
        return found

    def target_sets(self) -> list[TargetSet]:
        return list(self._definitions()[1].values())

    def target_set(self, target_set_id: str) -> TargetSet:
        found = self._definitions()[1].get(target_set_id)
        if found is None:
            raise NotFound(_("Không có bộ chỉ tiêu «{id}».").format(id=target_set_id))
        return found

    # -- periods --------------------------------------------------------------------------------------
    def periods(self, form_id: str) -> list[date]:
        """The form's snapshot dates, oldest first, from the year of its oldest report (last year at the latest,
        so last year's figures can still be entered) to every snapshot date of this year."""
        form = self.form(form_id)
        this_year = self._clock().year
        with self._uow().reading() as uow:
            oldest = uow.indicators.oldest_period(form_id)
        first = min(oldest.year if oldest is not None else this_year, this_year - 1)
        return [date(year, month, day) for year in range(first, this_year + 1)
                for month, day in sorted(form.snapshot_dates)]

    def previous_period(self, form_id: str, period: date) -> date | None:
        """The snapshot date before ``period`` (the year's earlier one, or last year's last), None when no CĐCS
        reported for it (nothing to compare with; for an upper-level form, the CĐCS form mapped onto it)."""
        form = self._period_checked(form_id, period)
        dates = sorted(form.snapshot_dates)
        index = dates.index((period.month, period.day))
        month, day = dates[index - 1]
        previous = date(period.year - (1 if index == 0 else 0), month, day)
        sources = [form_id, *(f.id for f in self.forms() if f.mapping is not None and f.mapping.form == form_id)]
        with self._uow().reading() as uow:
            return previous if any(uow.indicators.has_period(f, previous) for f in sources) else None

    def same_period_last_year(self, form_id: str, period: date) -> date:
        self._period_checked(form_id, period)
        return date(period.year - 1, period.month, period.day)

    def check_period(self, form_id: str, period: date) -> FormDefinition:
        """The form, when ``period`` is one of its snapshot dates (UserError naming them otherwise)."""
        return self._period_checked(form_id, period)

    def _period_checked(self, form_id: str, period: date) -> FormDefinition:
        form = self.form(form_id)
        if (period.month, period.day) not in form.snapshot_dates:
            dates = ", ".join(f"{day}/{month}" for month, day in sorted(form.snapshot_dates))
            raise UserError(_("Ngày {day} không phải ngày chốt số liệu của {code} (các ngày chốt: {dates}).").format(
                day=format_date(period), code=form.code or form.id, dates=dates))
        return form

    # -- units ----------------------------------------------------------------------------------------
    def expected_units(self, form_id: str, period: date) -> list[UnitSpan]:
        """The CĐCS active on the snapshot date, by code: those that should report."""
        self._period_checked(form_id, period)
        with self._uow().reading() as uow:
            return [span for span, _id in self._units(uow) if span.exists_on(period)]

    @staticmethod
    def _units(uow: UnitOfWork, form: FormDefinition | None = None) -> list[tuple[UnitSpan, int]]:
        """Who fills ``form``: the CĐCS (a CĐCS form, or no form given), the home unit (an upper-level form)."""
        if form is not None and form.level != "cdcs":
            home = uow.units.home()
            if home is None:
                return []
            return [(UnitSpan(home.uuid, home.code, home.name, None, home.founded, home.dissolved), home.id)]
        return [(UnitSpan(u.uuid, u.code, u.name, u.sector, u.founded, u.dissolved), u.id)
                for u in uow.tracking.grassroots_units()]

    def office_rows(self, upper_form_id: str) -> FormDefinition:
        """The rows of an upper-level form the office types itself (no CĐCS form's mapping fills them), as a form
        of their own for the entry grid: its sections with those rows only, without the checks that read rows it
        no longer has."""
        upper = self.form(upper_form_id)
        if upper.level == "cdcs":
            raise UserError(_("{code} là mẫu của CĐCS, không phải mẫu của cấp trên.").format(
                code=upper.code or upper.id))
        keep = self._home_rows(upper)
        sections = []
        for section in upper.sections:
            rows = tuple(dataclasses.replace(
                row, parent=row.parent if row.parent in keep else None,
                validation=dataclasses.replace(row.validation, rules=tuple(
                    rule for rule in row.validation.rules if set(rule.expression.references) <= keep),
                    not_above_parent=row.validation.not_above_parent and row.parent in keep))
                for row in section.rows if row.id in keep)
            if rows:
                sections.append(dataclasses.replace(section, rows=rows))
        return dataclasses.replace(upper, sections=tuple(sections), mapping=None)

    def office_report(self, upper_form_id: str, period: date) -> tuple[UnitSpan, FormReport | None]:
        """The home unit and what it typed into the upper-level form for ``period`` (None: nothing yet)."""
        upper = self._period_checked(upper_form_id, period)
        with self._uow().reading() as uow:
            home = self._units(uow, upper)
        if not home:
            raise UserError(_("Chưa thiết lập đơn vị của văn phòng."))
        span = home[0][0]
        return span, self.report(upper.id, period, span.code)

    def _home_rows(self, upper_form: FormDefinition) -> set[str]:
        """The input rows of an upper-level form that no CĐCS form's mapping fills: the home unit types them."""
        mapped = {target for form in self.forms() if form.mapping is not None and form.mapping.form == upper_form.id
                  for entry in form.mapping.rows for target in entry.target_rows}
        return {row.id for row in upper_form.rows if not row.computed and row.id not in mapped}

    @staticmethod
    def _unit(units: Sequence[tuple[UnitSpan, int]], code: str) -> tuple[UnitSpan, int]:
        return IndicatorService._by_code(units, [code])[0]

    @staticmethod
    def _by_code(units: Sequence[tuple[UnitSpan, int]], codes: Sequence[str]) -> list[tuple[UnitSpan, int]]:
        """The CĐCS of these codes (any case), in their order; an unknown code is refused."""
        known = {span.code.casefold(): (span, unit_id) for span, unit_id in units}
        found = []
        for code in codes:
            unit = known.get(code.strip().casefold())
            if unit is None:
                raise NotFound(_("Không có CĐCS mã «{code}».").format(code=code))
            found.append(unit)
        return found

    # -- reports --------------------------------------------------------------------------------------
    def report(self, form_id: str, period: date, unit_code: str) -> FormReport | None:
        form = self._period_checked(form_id, period)
        with self._uow().reading() as uow:
            span, unit_id = self._unit(self._units(uow, form), unit_code)
            row = uow.indicators.get(form_id, period, unit_id)
            return self._from_row(form, row, span) if row is not None else None

    def reports(self, form_id: str, period: date) -> list[FormReport]:
        """Every stored report of the period (a CĐCS dissolved since included), by unit code."""
        form = self._period_checked(form_id, period)
        decoder = self._decoder(form)
        with self._uow().reading() as uow:
            by_id = {unit_id: span for span, unit_id in self._units(uow, form)}
            lines = uow.indicators.of_period(form_id, period)
        result = []
        for line in lines:
            span = by_id.get(line.unit_id)
            if span is None:
                continue
            values, problems = decoder.decode(line.values)
            result.append(self._report(form, period, span, line, values, [*problems, *check_values(form, values)]))
        return sorted(result, key=lambda r: r.unit_code)

    def save_report(
        self, form_id: str, period: date, unit_code: str, values: Mapping[str, CellValue], *,
        source: str = ENTRY, received_on: date | None = None, expected_revision: int | None = None,
    ) -> FormReport:
        """Save one CĐCS's figures, all or nothing. Refused (UserError): an unknown row, a value of the wrong
        kind, a date that is not one of the form's snapshot dates, an unknown CĐCS or one not active on it, an
        arrival in the future; a report saved elsewhere since ``expected_revision`` (RecordChangedElsewhere; 0 means
        the caller saw none, None that it does not care).
        A value given for a computed row is ignored. Blank required rows, figures outside their limits and
        failed rules are kept: the report is saved, just not complete. An upper-level form is the home unit's
        (``unit_code`` its code): only the rows no CĐCS form's mapping fills are typed, and ``upper`` shows them
        with the rest.

        When the report is complete, the CĐCS is logged as having sent it to every request asking this form for
        this period (``TrackingService.receive_forms``), in the same transaction. A report that becomes
        incomplete again keeps its logged arrival: the figures did arrive; the tracking page can reset it."""
        return self.save_reports(form_id, period, [ReportInput(unit_code, values, source, received_on,
                                                               expected_revision)])[0]

    def save_reports(self, form_id: str, period: date, inputs: Sequence[ReportInput]) -> list[FormReport]:
        """Several CĐCS's figures for one period saved together, all or none, each as ``save_report`` saves it
        (a CĐCS named twice is refused); problems of every report are listed, each line naming its CĐCS."""
        form = self._period_checked(form_id, period)
        # The upper-level form is the home unit's own: the mapping fills most rows, the office types the rest.
        typed = self._home_rows(form) if form.level != "cdcs" else None
        today = self._clock()
        problems: list[str] = []
        checked: list[tuple[ReportInput, dict[str, CellValue], list[Problem]]] = []
        for item in inputs:
            found = []
            if item.source not in SOURCES:
                found.append(_("Không rõ nguồn số liệu «{source}».").format(source=item.source))
            if item.received_on is not None and item.received_on > today:
                found.append(_("Ngày nhận {day} ở sau ngày hôm nay ({today}).").format(
                    day=format_date(item.received_on), today=format_date(today)))
            try:
                values = self._checked_values(form, item.values, typed)
            except UserError as exc:
                found.append(str(exc))
                values = {}
            problems.extend(f"{item.unit_code}: {p}" if len(inputs) > 1 else p for p in found)
            checks = check_values(form, values)
            if typed is not None:  # the rows the mapping fills are not the office's to fill here
                checks = [p for p in checks if p.row_id in typed]
            checked.append((item, values, checks))
        if problems:
            raise UserError("\n".join(problems))
        try:
            with self._uow() as uow:
                units = self._units(uow, form)
                home = uow.units.home()
                if home is None:
                    raise UserError(_("Chưa khai báo đơn vị của văn phòng. Hãy hoàn tất bước thiết lập ban đầu."))
                if typed is not None:
                    others = [item.unit_code for item, _v, _c in checked
                              if item.unit_code.strip().casefold() != home.code.casefold()]
                    if others:
                        raise UserError(_("{code} là mẫu của cấp trên, do {home} nhập (các dòng không tổng hợp từ "
                                          "CĐCS), không nhập cho «{unit}».").format(
                            code=form.code or form.id, home=home.name, unit=others[0]))
                located = self._by_code(units, [item.unit_code for item, _values, _checks in checked])
                placed = [(item, span, unit_id, values, checks)
                          for (item, values, checks), (span, unit_id) in zip(checked, located, strict=True)]
                seen: set[int] = set()
                for _item, span, unit_id, _values, _checks in placed:
                    if not span.exists_on(period):
                        raise UserError(self._not_active(span, period))
                    if unit_id in seen:
                        raise UserError(_("CĐCS {code} có hai bộ số liệu trong cùng một lần lưu.").format(
                            code=span.code))
                    seen.add(unit_id)
                existing = uow.indicators.for_units(form_id, period, list(seen))
                # The CĐCS' rows read in one query and held to the commit: the change log names the unit of each
                # report, and would otherwise read them one by one.
                held = uow.tracking.unit_rows(list(seen))
                saved = []
                arrivals = []
                for item, span, unit_id, values, checks in placed:
                    row = self._write(uow, form, period, unit_id, home.code, item, values, checks, today,
                                      existing.get(unit_id))
                    saved.append((span, row, values, checks))
                    if typed is None and row.complete and row.received_on is not None:
                        arrivals.append((unit_id, row.received_on, _CHANNELS[item.source]))
                uow.session.flush()
                self._tracking.receive_forms(uow, form_id, period, arrivals)
                uow.commit()
                del held
                return [self._report(form, period, span, row, values, checks) for span, row, values, checks in saved]
        except IntegrityError:
            # Another clerk saved the first report of this CĐCS and period at the same moment.
            raise RecordChangedElsewhere(_STALE) from None

    def _write(self, uow: UnitOfWork, form: FormDefinition, period: date, unit_id: int, home: str,
               item: ReportInput, values: dict[str, CellValue], problems: list[Problem], today: date,
               row: FormReportRow | None) -> FormReportRow:
        # ``expected_revision`` 0: the caller saw no report of this CĐCS and period (one saved meanwhile is news).
        if item.expected_revision is not None and (row.revision if row is not None else 0) != item.expected_revision:
            raise RecordChangedElsewhere(_STALE)
        was_complete = row is not None and row.complete
        if row is None:
            row = FormReportRow(form_id=form.id, period=period, unit_id=unit_id, owner_code=home, note="")
            uow.indicators.add(row)
        complete = not problems
        row.form_version = form.version
        row.values = json.dumps({r.id: stored(values[r.id]) for r in form.rows if r.id in values},
                                ensure_ascii=False)
        row.complete = complete
        row.problem_count = len(problems)
        row.source = item.source
        if item.source == WORKBOOK:
            row.received_on = item.received_on or today
        elif complete:
            row.received_on = item.received_on or (row.received_on if was_complete else None) or today
        else:
            row.received_on = item.received_on
        return row

    @staticmethod
    def _not_active(span: UnitSpan, period: date) -> str:
        if span.founded is not None and span.founded > period:
            why = _("thành lập ngày {d}").format(d=format_date(span.founded))
        else:
            why = _("đã giải thể ngày {d}").format(d=format_date(span.dissolved)) if span.dissolved else ""
        return _("{name} ({code}) {why}, nên không có số liệu kỳ {period}.").format(
            name=span.name, code=span.code, why=why, period=format_date(period))

    @staticmethod
    def _checked_values(form: FormDefinition, values: Mapping[str, CellValue], typed: set[str] | None = None
                        ) -> dict[str, CellValue]:
        """The input rows' values, each checked to be of its row's kind and normalised as typing it would be
        (``parse_cell``); blanks left out. Every misfit is listed, «Dòng …: …»."""
        rows = {row.id: row for row in form.rows}
        problems: list[str] = []
        result: dict[str, CellValue] = {}
        for row_id, value in values.items():
            row = rows.get(row_id)
            if row is None:
                problems.append(_("Dòng «{id}»: không có trong {code}.").format(id=row_id, code=form.code or form.id))
                continue
            if row.computed or value is None:
                continue
            if typed is not None and row_id not in typed:
                problems.append(_("Dòng {row}: được tổng hợp từ số liệu của các CĐCS, không nhập tay.").format(
                    row=row.label))
                continue
            why = _kind_problem(row, value)
            if why is None:
                try:
                    value = parse_cell(row, value)
                except CellError as exc:
                    why = str(exc)
            if why is not None:
                problems.append(_("Dòng {row}: {why}").format(row=row.label, why=why))
            elif value is not None:
                result[row_id] = value
        if problems:
            raise UserError("\n".join(problems))
        return result

    # -- figures of the district ----------------------------------------------------------------------
    def aggregate(self, form_id: str, period: date, sectors: Sequence[str] | None = None) -> Aggregate:
        """The district's figures for the CĐCS active on the snapshot date (those of ``sectors`` only, when
        given: a ratio over non-state enterprises)."""
        form, expected, reports = self._unit_reports(form_id, period, sectors)
        return aggregate(form, reports, [span.code for span in expected])

    def upper(self, form_id: str, period: date) -> UpperFigures:
        """The upper-level form filled from this CĐCS form's reports by its mapping."""
        form, expected, reports = self._unit_reports(form_id, period)
        if form.mapping is None:
            raise UserError(_("{code} không tổng hợp lên mẫu cấp trên nào.").format(code=form.code or form.id))
        upper_form = self.form(form.mapping.form)
        filled = fill_upper_form(form, upper_form, reports, [span.code for span in expected])
        with self._uow().reading() as uow:
            home = self._units(uow, upper_form)
            row = uow.indicators.get(upper_form.id, period, home[0][1]) if home else None
            typed = self._decoder(upper_form).decode(row.values)[0] if row is not None else {}
        if not typed:
            return filled
        # The rows the office typed, then the upper form's computed rows worked out again over both.
        inputs = {r.id: filled.values.get(r.id) for r in upper_form.rows if not r.computed}
        inputs.update({k: v for k, v in typed.items() if k in self._home_rows(upper_form)})
        values, problems = computed_values(upper_form, inputs)
        reporting = dict(filled.reporting)
        reporting.update({k: 1 for k in typed})
        return UpperFigures(upper_form.id, values, reporting, filled.source, tuple(problems))

    def contributions(self, form_id: str, period: date, row_id: str) -> list[tuple[UnitSpan, Contribution]]:
        """Each reporting CĐCS's own figure for ``row_id`` (drill-down), by unit code."""
        form, expected, reports = self._unit_reports(form_id, period)
        try:
            form.row(row_id)
        except KeyError:
            raise NotFound(_("Không có dòng «{id}» trong {code}.").format(id=row_id, code=form.code)) from None
        spans = {span.code: span for span in expected}
        return [(spans[c.unit_code], c) for c in contributions(form, reports, row_id, list(spans))]

    def target_progress(self, target_set_id: str) -> list[TargetProgress]:
        """Each target of the set over the years of its term: the upper-level form's figures as of each year's
        last snapshot date (30/11), from the CĐCS form that maps onto it; years nobody reported for are left
        out."""
        target_set = self.target_set(target_set_id)
        source = next((f for f in self.forms() if f.mapping is not None and f.mapping.form == target_set.form), None)
        if source is None:
            raise UserError(_("Không có mẫu CĐCS nào tổng hợp lên mẫu «{form}» mà bộ chỉ tiêu đọc.").format(
                form=target_set.form))
        month, day = max(source.snapshot_dates)
        figures: dict[int, dict[str, Value]] = {}
        for year in range(target_set.first_year, target_set.last_year + 1):
            period = date(year, month, day)
            upper = self.upper(source.id, period)
            if not upper.source.reported:
                continue
            figures[year] = {k: v for k, v in upper.values.items() if isinstance(v, Decimal | bool)}
        return progress(target_set, figures)

    # -- helpers --------------------------------------------------------------------------------------
    def _decoder(self, form: FormDefinition) -> _Decoder:
        key = f"{form.id}@{form.version}"
        decoder = self._decoders.get(key)
        if decoder is None:
            decoder = self._decoders[key] = _Decoder(form)
        return decoder

    def _unit_reports(self, form_id: str, period: date, sectors: Sequence[str] | None = None
                      ) -> tuple[FormDefinition, list[UnitSpan], list[UnitReport]]:
        form = self._period_checked(form_id, period)
        decoder = self._decoder(form)
        with self._uow().reading() as uow:
            units = self._units(uow)
            lines = uow.indicators.of_period(form_id, period)
        wanted = set(sectors) if sectors is not None else None
        expected = [span for span, _id in units if span.exists_on(period)
                    and (wanted is None or span.sector in wanted)]
        by_id = {unit_id: span for span, unit_id in units}
        codes = {span.code for span in expected}
        reports = []
        for line in lines:
            span = by_id.get(line.unit_id)
            if span is None or span.code not in codes:
                continue
            reports.append(UnitReport(span.code, decoder.decode(line.values)[0], span.sector))
        reports.sort(key=lambda r: r.unit_code)
        return form, expected, reports

    def _from_row(self, form: FormDefinition, row: FormReportRow, span: UnitSpan) -> FormReport:
        values, problems = self._decoder(form).decode(row.values)
        return self._report(form, row.period, span, row, values, [*problems, *check_values(form, values)])

    @staticmethod
    def _report(form: FormDefinition, period: date, span: UnitSpan, row: FormReportRow | ReportLine,
                values: dict[str, CellValue], problems: list[Problem]) -> FormReport:
        return FormReport(
            id=row.id, uuid=row.uuid, form_id=form.id, form_version=row.form_version, period=period,
            unit_code=span.code, unit_name=span.name, values=values, problems=tuple(problems),
            complete=not problems, source=row.source, received_on=row.received_on, revision=row.revision,
            updated_by=row.updated_by)


@cache
def _shipped_definitions() -> tuple[dict[str, FormDefinition], dict[str, TargetSet]]:
    """The forms and target sets shipped in forms/indicators/, read and checked once per process (they are part
    of the installed program; reading and checking them takes a few tenths of a second)."""
    from desktop_app.files.forms import FormFileError, load_definitions, shipped_forms

    try:
        loaded = load_definitions(shipped_forms())
    except FormFileError as exc:
        raise UserError(_("Các mẫu biểu có sẵn bị hỏng, hãy cài lại chương trình:\n{why}").format(why=exc)) from exc
    forms = {d.id: d for d in loaded.values() if isinstance(d, FormDefinition)}
    targets = {d.id: d for d in loaded.values() if isinstance(d, TargetSet)}
    return forms, targets


def _kind_problem(row: Row, value: Any) -> str | None:
    """Why ``value`` is not a domain value of ``row``'s kind (None: it is)."""
    kind = row.value_type
    if kind in NUMERIC:
        if isinstance(value, Decimal) and value.is_finite():
            return None
        return _("cần một số, không phải «{value}»").format(value=value)
    if kind == "yes_no":
        return None if isinstance(value, bool) else _("cần «có» hoặc «không», không phải «{value}»").format(
            value=value)
    if kind == "category":
        if isinstance(value, str) and value in row.categories:
            return None
        return _("«{value}» không có trong danh sách: {items}").format(value=value, items="; ".join(row.categories))
    return None if isinstance(value, str) else _("cần một đoạn chữ, không phải «{value}»").format(value=value)
