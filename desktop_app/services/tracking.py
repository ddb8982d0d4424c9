"""Report tracking: requests, the arrivals the clerk logs, and the figures (DOMAIN §4; rules in domain.tracking).

Every write goes through the change log (``persistence.changes``): the history shows who logged each arrival,
return and exemption. Reads use plain rows, not mapped objects: a year of a 300-CĐCS district is 12,000
submissions, and the dashboard reads them every morning.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy.exc import IntegrityError

from desktop_app.domain.i18n import _
from desktop_app.domain.tracking import (
    ALL,
    ALL_BUT,
    CHANNELS,
    DEFAULT_CHANNEL,
    EXEMPT,
    LISTED,
    NARRATIVE,
    PENDING,
    RECEIVED,
    RETURNED,
    SECTORS,
    WHAT_LABELS,
    Audience,
    Figures,
    RequestFacts,
    Submission,
    UnitSpan,
    asked_units,
    asks_grassroots,
    by_sector,
    correction_deadline,
    figures,
    is_asked,
    line_label,
    receipt_problems,
)
from desktop_app.domain.vntext import clean, format_date, nfc, shortened
from desktop_app.domain.workdays import DayOverride, WorkCalendar
from desktop_app.persistence.errors import RecordChangedElsewhere
from desktop_app.persistence.models import CalendarDayRow, ReportRequestRow, SubmissionFileRow, SubmissionRow
from desktop_app.persistence.unit_of_work import UnitOfWork, UnitOfWorkFactory
from desktop_app.services.attachments import FileCopy, read_copy
from desktop_app.services.errors import Conflict, NotFound, UserError
from desktop_app.services.tracking_records import (
    Dashboard,
    ReportRequest,
    RequestDraft,
    RequestRowLike,
    build_requests,
    dashboard_span,
    office_calendar,
)

# Two clerks logging the same CĐCS at once: the loser reads again and updates the record.
RECEIVE_ATTEMPTS = 3


@dataclass(frozen=True)
class SubmissionFile:
    id: int
    file_name: str
    size: int
    sha256: str


@dataclass(frozen=True)
class SubmissionLine:
    """One CĐCS's line in a request's table."""

    unit: UnitSpan
    state: Submission | None
    label: str  # «Đã nộp», «Nộp muộn 2 ngày», «Quá hạn 3 ngày», «Miễn»…
    expected: bool  # asked, existing on the due date, not exempt
    channel: str = ""
    note: str = ""
    backdate_note: str = ""
    exempt_reason: str = ""
    files: tuple[SubmissionFile, ...] = ()
    logged_by: str = ""
    logged_at: datetime | None = None

    @property
    def status(self) -> str:
        return self.state.status if self.state is not None else PENDING

    @property
    def received_on(self) -> date | None:
        return self.state.received_on if self.state is not None else None

    @property
    def channel_label(self) -> str:
        return CHANNELS.get(self.channel, self.channel)


@dataclass(frozen=True)
class RequestStatus:
    request: ReportRequest
    lines: tuple[SubmissionLine, ...]


@dataclass(frozen=True)
class Receipt:
    """An arrival as the clerk logs it: the day it came (today unless said), how, and what came with it."""

    unit_code: str
    received_on: date | None = None
    channel: str = DEFAULT_CHANNEL
    files: tuple[Path, ...] = ()
    note: str = ""
    backdate_note: str = ""


class MatrixCell(NamedTuple):
    """A named tuple, as ``Submission``: a year's matrix has 12,000 of them."""

    code: str  # on_time, late, overdue, pending, returned, exempt, not_asked
    day: date | None = None


@dataclass(frozen=True)
class TrackingMatrix:
    """CĐCS × requests of a year: what each CĐCS did with each request."""

    year: int
    today: date
    requests: tuple[ReportRequest, ...]
    units: tuple[UnitSpan, ...]
    cells: dict[tuple[str, str], MatrixCell]  # (unit uuid, request uuid)

    def cell(self, unit: UnitSpan, request: ReportRequest) -> MatrixCell:
        return self.cells.get((unit.uuid, request.uuid), MatrixCell("not_asked"))


CELL_LABELS: dict[str, str] = {
    "on_time": _("Đúng hạn"),
    "late": _("Nộp muộn"),
    "overdue": _("Quá hạn"),
    "pending": _("Chưa nộp"),
    "returned": _("Trả lại để sửa"),
    "exempt": _("Miễn"),
    "not_asked": "",
}


@dataclass
class _Units:
    """The CĐCS as tracking reads them, once per unit of work."""

    spans: list[UnitSpan]
    ids: dict[str, int]  # uuid → id
    by_code: dict[str, UnitSpan]

    @classmethod
    def load(cls, uow: UnitOfWork) -> _Units:
        spans, ids = [], {}
        for unit_id, uuid, code, name, sector, founded, dissolved in uow.tracking.grassroots_units():
            spans.append(UnitSpan(uuid, code, name, sector, founded, dissolved))
            ids[uuid] = unit_id
        return cls(spans, ids, {s.code.casefold(): s for s in spans})


# The submissions of a request nobody has answered yet (shared: never written to).
_NO_SUBMISSIONS: dict[str, Submission] = {}


def _row_state(row: SubmissionRow) -> Submission:
    return Submission(row.unit_uuid or "", row.status, row.received_on, row.first_received_on, row.returned_on,
                      row.correction_due)


def _keep(row: SubmissionRow, copies: Sequence[FileCopy]) -> None:
    """Keep copies of the files a CĐCS sent with its report."""
    for copy in copies:
        row.files.append(SubmissionFileRow(
            file_name=copy.file_name, size=copy.size, sha256=copy.sha256, content=copy.content,
            owner_code=row.owner_code,
        ))  # fmt: skip


class TrackingService:
    """``clock`` gives today's date (tests pin it)."""

    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Callable[[], date] = date.today) -> None:
        self._uow = uow_factory
        self._clock = clock
        self._calendar_cache: tuple[tuple[DayOverride, ...], WorkCalendar] | None = None
        # Read results kept between calls (see _states and _figures); every write changes what they are keyed on.
        self._states_cache: dict[int, tuple[tuple[Any, ...], dict[str, Submission]]] = {}
        self._spans_seen: list[UnitSpan] = []
        self._figures_cache: dict[int, tuple[tuple[Any, ...], dict[str, Submission], list[UnitSpan], Figures]] = {}

    def today(self) -> date:
        """The day the service takes as today (what a receipt may not be after)."""
        return self._clock()

    # -- the calendar ----------------------------------------------------------------------------
    def calendar(self) -> WorkCalendar:
        """Working days: the holidays the library knows, the shipped government decisions, the office's edits."""
        with self._uow().reading() as uow:
            return self._calendar(uow)

    def _calendar(self, uow: UnitOfWork) -> WorkCalendar:
        office = tuple(DayOverride(r.day, r.working, r.note) for r in uow.tracking.calendar_days())
        cached = self._calendar_cache
        if cached is not None and cached[0] == office:
            return cached[1]
        # Kept while the office's days stay the same: a calendar fills each year it is asked about from the
        # holidays library (about 4 ms a year), and every read of a request asks for its last day.
        calendar = office_calendar(office)
        self._calendar_cache = (office, calendar)
        return calendar

    def office_days(self) -> list[DayOverride]:
        """The office's own corrections of the calendar (what the calendar dialog edits)."""
        with self._uow().reading() as uow:
            return [DayOverride(r.day, r.working, r.note) for r in uow.tracking.calendar_days()]

    def set_office_day(self, day: date, working: bool, note: str) -> None:
        if not clean(note):
            raise UserError(_("Hãy ghi căn cứ của ngày nghỉ hoặc ngày làm bù (ví dụ số thông báo của Chính phủ)."))
        with self._uow() as uow:
            home = self._home_code(uow)
            row = uow.tracking.calendar_day(day)
            if row is None:
                uow.tracking.add(CalendarDayRow(day=day, working=working, note=clean(note), owner_code=home))
            else:
                row.working, row.note = working, clean(note)
            uow.commit()

    def clear_office_day(self, day: date) -> None:
        with self._uow() as uow:
            row = uow.tracking.calendar_day(day)
            if row is not None:
                uow.tracking.delete(row)
                uow.commit()

    # -- requests --------------------------------------------------------------------------------
    def years(self) -> list[int]:
        """The years (of the due dates) requests fall in, newest first."""
        with self._uow().reading() as uow:
            return sorted(uow.tracking.years(), reverse=True)

    def requests(self, year: int | None = None) -> list[ReportRequest]:
        """Requests with their figures, by due date (those of ``year`` only, when given)."""
        with self._uow().reading() as uow:
            rows = uow.tracking.requests(*((date(year, 1, 1), date(year, 12, 31)) if year else (None, None)))
            return self._requests(uow, rows)

    def request(self, request_id: int) -> ReportRequest:
        with self._uow().reading() as uow:
            return self._requests(uow, [self._request_row(uow, request_id)])[0]

    def find_request(self, key: str) -> ReportRequest:
        """A request by its number or its uuid (what the CLI is given)."""
        with self._uow().reading() as uow:
            row = uow.tracking.request(int(key)) if key.isdigit() else uow.tracking.request_by_uuid(key)
            if row is None:
                raise NotFound(_("Không có yêu cầu báo cáo «{key}».").format(key=key))
            return self._requests(uow, [row])[0]

    def create_request(self, draft: RequestDraft) -> ReportRequest:
        with self._uow() as uow:
            home = self._home_code(uow)
            units = _Units.load(uow)
            draft = self._checked(uow, draft, units)
            row = ReportRequestRow(owner_code=home)
            self._apply(uow, row, draft)
            uow.tracking.add(row)
            uow.commit()
            return self._requests(uow, [row], units)[0]

    def update_request(
        self, request_id: int, draft: RequestDraft, expected_revision: int | None = None
    ) -> ReportRequest:
        with self._uow() as uow:
            row = self._request_row(uow, request_id)
            self._check_revision(row, expected_revision)
            units = _Units.load(uow)
            draft = self._checked(uow, draft, units, row)
            self._apply(uow, row, draft)
            uow.commit()
            return self._requests(uow, [row], units)[0]

    def move_due(self, request_id: int, due: date, expected_revision: int | None = None) -> ReportRequest:
        """Follow the plan: the task's deadline was edited, the clerk agreed to move the request's."""
        current = self.request(request_id)
        return self.update_request(request_id, replace(current.draft(), due=due), expected_revision)

    def delete_request(self, request_id: int) -> None:
        """Remove a request made by mistake; one with logged arrivals stays (their history matters)."""
        with self._uow() as uow:
            row = self._request_row(uow, request_id)
            if uow.tracking.submission_states([row.id]):
                raise UserError(
                    _("Yêu cầu «{title}» đã có CĐCS nộp hoặc được miễn nên không xóa được.").format(title=row.title)
                )
            uow.tracking.delete(row)
            uow.commit()

    def draft_from_task(self, document_id: int, task_uuid: str) -> RequestDraft:
        """What a plan's task proposes: its text as the title, its deadline, the plan's basis as upstream."""
        with self._uow().reading() as uow:
            doc = uow.documents.get(document_id)
            if doc is None:
                raise NotFound(_("Không có văn bản này."))
            task = next((t for t in doc.tasks if t.uuid == task_uuid), None)
            if task is None:
                raise NotFound(_("Văn bản không còn nhiệm vụ này (có thể đã bị xóa khi sửa)."))
            if task.due is None:
                raise UserError(
                    _("Nhiệm vụ «{task}» chưa có hạn mà phần mềm hiểu được («{timing}»). Hãy ghi thời hạn rõ ngày "
                      "trong kế hoạch, hoặc tạo yêu cầu báo cáo riêng.").format(
                        task=shortened(task.text), timing=task.timing or _("không ghi")))
            upstream = None
            incoming = [c.incoming_uuid for c in doc.citations]
            for uuid in incoming:
                entry = uow.registers.incoming_by_uuid(uuid)
                if entry is not None and entry.deadline is not None:
                    upstream = entry.uuid
                    break
            issued = doc.issue_date or self._clock()
            return RequestDraft(
                title=shortened(task.text, 200), issued_on=min(issued, task.due), due=task.due,
                period=str(task.due.year), upstream_uuid=upstream, document_uuid=doc.uuid, task_uuid=task.uuid,
            )  # fmt: skip

    def candidate_tasks(self, document_id: int) -> list[tuple[str, str, date | None, int | None]]:
        """The plan's tasks that ask the CĐCS for something: (task uuid, text, due, id of its request or None)."""
        with self._uow().reading() as uow:
            doc = uow.documents.get(document_id)
            if doc is None:
                raise NotFound(_("Không có văn bản này."))
            tasks = [t for t in doc.tasks if asks_grassroots(t.who)]
            made = {r.task_uuid: r.id for r in uow.tracking.requests_for_tasks([t.uuid for t in tasks])}
            return [(t.uuid, t.text, t.due, made.get(t.uuid)) for t in tasks]

    def requests_to_move(self, document_id: int) -> list[tuple[ReportRequest, date]]:
        """Requests made from this plan's tasks whose due date no longer matches the task's deadline."""
        with self._uow().reading() as uow:
            doc = uow.documents.get(document_id)
            if doc is None:
                return []
            dues = {t.uuid: t.due for t in doc.tasks if t.due is not None}
            rows = [r for r in uow.tracking.requests_for_tasks(list(dues)) if dues[r.task_uuid or ""] != r.due]
            return list(zip(self._requests(uow, rows), [dues[r.task_uuid or ""] for r in rows], strict=True))

    # -- submissions -----------------------------------------------------------------------------
    def status(self, request_id: int) -> RequestStatus:
        """The request with one line per CĐCS asked (and any other that has a record)."""
        with self._uow().reading() as uow:
            row = self._request_row(uow, request_id)
            units = _Units.load(uow)
            request = self._requests(uow, [row], units)[0]
            records = {s.unit_uuid: s for s in uow.tracking.submissions_of(row.id)}
            today = self._clock()
            lines = []
            for unit in units.spans:
                asked = is_asked(request.audience, unit, request.due)
                record = records.get(unit.uuid)
                if not asked and record is None:
                    continue
                state = _row_state(record) if record is not None else None
                lines.append(SubmissionLine(
                    unit=unit, state=state, label=line_label(state, request.last_day, today),
                    expected=asked and (state is None or state.status != EXEMPT),
                    channel=record.channel if record else "", note=record.note if record else "",
                    backdate_note=record.backdate_note if record else "",
                    exempt_reason=record.exempt_reason if record else "",
                    files=tuple(SubmissionFile(f.id, f.file_name, f.size, f.sha256) for f in record.files)
                    if record else (),
                    logged_by=record.updated_by if record else "", logged_at=record.updated_at if record else None,
                ))  # fmt: skip
            return RequestStatus(request, tuple(lines))

    def receive(self, request_id: int, receipt: Receipt) -> SubmissionLine:
        """Log an arrival (today unless said). Receiving again updates the one record; a report returned for
        correction that comes back is its corrected copy."""
        return self.receive_many(request_id, [receipt])[0]

    def receive_many(self, request_id: int, receipts: Sequence[Receipt]) -> list[SubmissionLine]:
        """Log several arrivals in one go (all or none)."""
        copies = {r.unit_code: [read_copy(p, allow_empty=False) for p in r.files] for r in receipts}
        for attempt in range(RECEIVE_ATTEMPTS):
            try:
                uuids = self._receive_many(request_id, receipts, copies)
                break
            except (IntegrityError, RecordChangedElsewhere):
                # Another clerk logged the same CĐCS at the same moment (server database): read again and
                # update the one record rather than adding a second.
                if attempt == RECEIVE_ATTEMPTS - 1:
                    raise
        status = self.status(request_id)
        return [line for line in status.lines if line.unit.uuid in uuids]

    def _receive_many(
        self, request_id: int, receipts: Sequence[Receipt], copies: dict[str, list[FileCopy]]
    ) -> set[str]:
        today = self._clock()
        with self._uow() as uow:
            request, units = self._request_and_units(uow, request_id)
            problems: list[str] = []
            rows = []
            # The request's records read in one query: looking each one up would flush the rows added before it,
            # one statement per receipt (a 120-CĐCS batch took 20 times longer).
            known = {r.unit_id: r for r in uow.tracking.submissions_of(request.id)}
            home = self._home_code(uow)
            held = self._hold(uow, request.id, units, [r.unit_code for r in receipts])
            for receipt in receipts:
                on = receipt.received_on or today
                unit = self._asked_unit(request, units, receipt.unit_code, problems)
                if receipt.channel not in CHANNELS:
                    problems.append(_("Không có hình thức nhận «{channel}».").format(channel=receipt.channel))
                found = receipt_problems(on, request.issued_on, today, receipt.backdate_note)
                if unit is None or found:
                    problems.extend(f"{receipt.unit_code}: {p}" if len(receipts) > 1 else p for p in found)
                    continue
                row = self._submission(uow, request, units, unit, known, home)
                if row.status == RETURNED and row.returned_on is not None and on < row.returned_on:
                    problems.append(_("{unit}: bản sửa không thể đến trước ngày trả lại ({day}).").format(
                        unit=unit.name, day=format_date(row.returned_on)))
                    continue
                _mark_received(row, on, receipt.channel, receipt.note, receipt.backdate_note, today)
                _keep(row, copies[receipt.unit_code])
                rows.append(row)
            if problems:
                raise UserError("\n".join(problems))
            uow.commit()
            del held
            return {r.unit_uuid or "" for r in rows}

    def receive_forms(self, uow: UnitOfWork, form_id: str, period: date,
                      arrivals: Sequence[tuple[int, date, str]]) -> list[tuple[int, int]]:
        """CĐCS's completed indicator forms, (unit id, day received, channel) each, count as their submissions to
        every request asking for that form as of ``period`` that asks them: logged as received that day (or the
        day the request went out, if the figures came first), inside the caller's unit of work — the figures and
        the arrivals are saved together or not at all, and the caller commits. A request a CĐCS already answered
        keeps its arrival (a corrected form is no new submission); one returned for correction gets the
        corrected copy. Returns the (request id, unit id) pairs whose record was written."""
        requests = uow.tracking.requests_for_form(form_id, period) if arrivals else []
        if not requests:
            return []
        today = self._clock()
        units = _Units.load(uow)
        spans = {units.ids[span.uuid]: span for span in units.spans}
        home = self._home_code(uow)
        held = [*uow.tracking.unit_rows([unit_id for unit_id, _on, _channel in arrivals])]
        note = _("Ghi nhận khi biểu mẫu số liệu đã nhập đủ (ngày nhận theo biểu mẫu).")
        logged = []
        for request in requests:
            audience = Audience.from_json(json.loads(request.audience or "{}"))
            known = {r.unit_id: r for r in uow.tracking.submissions_of(request.id)}
            for unit_id, received_on, channel in arrivals:
                span = spans.get(unit_id)
                row = known.get(unit_id)
                if span is None or not is_asked(audience, span, request.due) or (
                        row is not None and row.status == RECEIVED):
                    continue
                if row is None:
                    row = known[unit_id] = SubmissionRow(request_id=request.id, unit_id=unit_id, status=PENDING,
                                                         channel="", owner_code=home)
                    uow.tracking.add(row)
                on = max(received_on, request.issued_on)
                if row.status == RETURNED and row.returned_on is not None:
                    on = max(on, row.returned_on)
                _mark_received(row, min(on, today), channel, "", note, today)
                logged.append((request.id, unit_id))
        uow.session.flush()
        del held
        return logged

    def return_for_correction(
        self, request_id: int, unit_code: str, note: str, returned_on: date | None = None,
        correction_due: date | None = None,
    ) -> SubmissionLine:
        """Send a received report back for correction: it counts as not received until the corrected copy comes;
        a copy back by ``correction_due`` (default: 5 working days, or the due date if later) keeps the first
        copy's day for timeliness."""
        today = self._clock()
        on = returned_on or today
        if not clean(note):
            raise UserError(_("Hãy ghi cần sửa gì trong báo cáo."))
        with self._uow() as uow:
            request, units = self._request_and_units(uow, request_id)
            problems: list[str] = []
            unit = self._asked_unit(request, units, unit_code, problems)
            if unit is None:
                raise UserError("\n".join(problems))
            row = uow.tracking.submission(request.id, units.ids[unit.uuid])
            if row is None or row.status != RECEIVED or row.received_on is None:
                raise UserError(_("{unit} chưa nộp báo cáo này nên không trả lại được.").format(unit=unit.name))
            if on < row.received_on or on > today:
                raise UserError(_("Ngày trả lại phải từ ngày nhận ({day}) đến hôm nay.").format(
                    day=format_date(row.received_on)))
            calendar = self._calendar(uow)
            row.status = RETURNED
            row.returned_on = on
            row.correction_due = correction_due or correction_deadline(on, request.due, calendar.add_working_days)
            row.note = clean(note)
            uow.commit()
        return self._line(request_id, unit.uuid)

    def exempt(self, request_id: int, unit_codes: Sequence[str], reason: str) -> list[SubmissionLine]:
        """Excuse CĐCS from a request (they leave the expected count); a reason is required."""
        if not clean(reason):
            raise UserError(_("Hãy ghi lý do miễn nộp báo cáo."))
        with self._uow() as uow:
            request, units = self._request_and_units(uow, request_id)
            problems: list[str] = []
            chosen = [self._asked_unit(request, units, code, problems) for code in unit_codes]
            if problems:
                raise UserError("\n".join(problems))
            known = {r.unit_id: r for r in uow.tracking.submissions_of(request.id)}
            home = self._home_code(uow)
            held = self._hold(uow, request.id, units, unit_codes)
            for unit in chosen:
                assert unit is not None
                row = self._submission(uow, request, units, unit, known, home)
                row.status = EXEMPT
                row.exempt_reason = clean(reason)
            uow.commit()
            del held
        lines = {line.unit.uuid: line for line in self.status(request_id).lines}
        return [lines[u.uuid] for u in chosen if u is not None]

    def reset(self, request_id: int, unit_codes: Sequence[str], note: str) -> None:
        """Undo a receipt or an exemption logged by mistake: back to not yet (the change log keeps what was)."""
        if not clean(note):
            raise UserError(_("Hãy ghi vì sao chuyển về chưa nộp (ví dụ «ghi nhầm đơn vị»)."))
        with self._uow() as uow:
            request, units = self._request_and_units(uow, request_id)
            problems: list[str] = []
            for code in unit_codes:
                unit = self._asked_unit(request, units, code, problems, asked_only=False)
                if unit is None:
                    continue
                row = uow.tracking.submission(request.id, units.ids[unit.uuid])
                if row is None or row.status == PENDING:
                    continue
                row.status = PENDING
                row.received_on = row.first_received_on = row.returned_on = row.correction_due = None
                row.exempt_reason = ""
                row.note = clean(note)
            if problems:
                raise UserError("\n".join(problems))
            uow.commit()

    def attach(self, request_id: int, unit_code: str, files: Sequence[Path]) -> SubmissionLine:
        """Keep copies of files a CĐCS sent (dropped on its line) with the report it sent."""
        copies = [read_copy(p, allow_empty=False) for p in files]
        with self._uow() as uow:
            request, units = self._request_and_units(uow, request_id)
            problems: list[str] = []
            unit = self._asked_unit(request, units, unit_code, problems, asked_only=False)
            if unit is None:
                raise UserError("\n".join(problems))
            row = uow.tracking.submission(request.id, units.ids[unit.uuid])
            if row is None or row.status not in (RECEIVED, RETURNED):
                raise UserError(
                    _("{unit} chưa được ghi nhận đã nộp báo cáo này: hãy ghi nhận trước rồi mới đính kèm tệp.").format(
                        unit=unit.name))
            _keep(row, copies)
            uow.commit()
        return self._line(request_id, unit.uuid)

    def file_content(self, file_id: int) -> bytes:
        with self._uow().reading() as uow:
            row = uow.tracking.submission_file(file_id)
            if row is None:
                raise NotFound(_("Không có tệp này."))
            return bytes(row.content)

    # -- figures ---------------------------------------------------------------------------------
    def grassroots(self) -> list[UnitSpan]:
        """Every CĐCS as tracking sees it (dissolved ones too): what the request dialog counts the audience from,
        so the number it shows is the one the request will have."""
        with self._uow().reading() as uow:
            return _Units.load(uow).spans

    def sector_figures(self, request_id: int) -> list[tuple[str | None, str, Figures]]:
        """One request's rates per sector (code, name, figures), in the sectors' order; units without a sector
        last, named «Chưa xếp khối, ngành»."""
        with self._uow().reading() as uow:
            row = self._request_row(uow, request_id)
            units = _Units.load(uow)
            request = self._requests(uow, [row], units)[0]
            states = self._states(uow, [row.id]).get(row.id, {})
            names = {s.code: s.name for s in uow.units.sectors()}
        return _sector_lines(by_sector(request.due, request.audience, units.spans, states, request.last_day), names)

    def year_sector_figures(self, year: int) -> list[tuple[str | None, str, Figures]]:
        """The rates per sector of all the requests due in ``year`` added up (one read), in the same order."""
        with self._uow().reading() as uow:
            units = _Units.load(uow)
            rows = list(uow.tracking.requests(date(year, 1, 1), date(year, 12, 31)))
            states = self._states(uow, [r.id for r in rows])
            requests = self._requests(uow, rows, units, states)
            names = {s.code: s.name for s in uow.units.sectors()}
        total: dict[str | None, Figures] = {}
        for request in requests:
            groups = by_sector(request.due, request.audience, units.spans, states.get(request.id, {}),
                               request.last_day)
            for code, group in groups.items():
                total[code] = total.get(code, Figures()) + group
        return _sector_lines(total, names)

    def dashboard(self) -> Dashboard:
        """Requests overdue (due date passed in the last twelve months, someone still missing) and due within the
        week."""
        today = self._clock()
        with self._uow().reading() as uow:
            rows = uow.tracking.requests(*dashboard_span(today))
            requests = self._requests(uow, rows)
        return Dashboard.of(today, requests)

    def matrix(self, year: int) -> TrackingMatrix:
        today = self._clock()
        with self._uow().reading() as uow:
            units = _Units.load(uow)
            rows = uow.tracking.requests(date(year, 1, 1), date(year, 12, 31))
            states = self._states(uow, [r.id for r in rows])
            requests = self._requests(uow, rows, units, states)
        cells: dict[tuple[str, str], MatrixCell] = {}
        shown: set[str] = set()
        for request in requests:
            state_of = states.get(request.id, _NO_SUBMISSIONS).get
            for unit in units.spans:
                state = state_of(unit.uuid)
                if state is None and not is_asked(request.audience, unit, request.due):
                    continue
                shown.add(unit.uuid)
                cells[(unit.uuid, request.uuid)] = _cell(state, request.last_day, today)
        return TrackingMatrix(
            year, today, tuple(requests), tuple(u for u in units.spans if u.uuid in shown), cells)

    def facts(self, years: Iterable[int] | None = None) -> tuple[list[UnitSpan], list[ReportRequest],
                                                              list[RequestFacts]]:
        """Everything punctuality and the charts look at: the CĐCS, the requests, their submissions."""
        with self._uow().reading() as uow:
            units = _Units.load(uow)
            rows = list(uow.tracking.requests())
            if years is not None:
                wanted = set(years)
                rows = [r for r in rows if r.due.year in wanted]
            states = self._states(uow, [r.id for r in rows])
            requests = self._requests(uow, rows, units, states)
        facts = [RequestFacts(r.uuid, r.due, r.audience, states.get(r.id, {}), r.last_day) for r in requests]
        return units.spans, requests, facts

    # -- helpers ---------------------------------------------------------------------------------
    def _home_code(self, uow: UnitOfWork) -> str:
        home = uow.units.home()
        if home is None:
            raise UserError(_("Chưa khai báo đơn vị của văn phòng. Hãy hoàn tất bước thiết lập ban đầu."))
        return home.code

    def _request_row(self, uow: UnitOfWork, request_id: int) -> ReportRequestRow:
        row = uow.tracking.request(request_id)
        if row is None:
            raise NotFound(_("Không có yêu cầu báo cáo số {id}.").format(id=request_id))
        return row

    def _request_and_units(self, uow: UnitOfWork, request_id: int) -> tuple[ReportRequest, _Units]:
        row = self._request_row(uow, request_id)
        units = _Units.load(uow)
        return self._requests(uow, [row], units)[0], units

    @staticmethod
    def _check_revision(row: ReportRequestRow, expected: int | None) -> None:
        if expected is not None and row.revision != expected:
            raise Conflict(_("Yêu cầu báo cáo vừa được sửa ở nơi khác. Hãy mở lại để xem bản mới nhất."))

    def _states(self, uow: UnitOfWork, request_ids: Sequence[int]) -> dict[int, dict[str, Submission]]:
        """The submissions of these requests by unit uuid. A request's are read again only when its version (what
        ``TrackingRepository.submission_versions`` says of them) changed since they were last read: the dashboard
        of a five-year district would otherwise read 45,000 records every time it is shown, to find them as
        they were. The returned mappings are shared: callers only read them."""
        if not request_ids:
            return {}
        versions = uow.tracking.submission_versions(request_ids)
        cache = self._states_cache
        states: dict[int, dict[str, Submission]] = {}
        stale = []
        for request_id in request_ids:
            version = versions.get(request_id)
            cached = cache.get(request_id)
            if version is None:
                states[request_id] = _NO_SUBMISSIONS
            elif cached is not None and cached[0] == version:
                states[request_id] = cached[1]
            else:
                states[request_id] = {}
                stale.append(request_id)
        for request_id, state in uow.tracking.submission_states(stale):
            states[request_id][state.unit_uuid] = state
        for request_id in stale:
            cache[request_id] = (versions[request_id], states[request_id])
        return states

    def _figures(
        self, row: RequestRowLike, audience: Audience, spans: list[UnitSpan],
        states: dict[int, dict[str, Submission]], last_day: date,
    ) -> Figures:
        """``domain.tracking.figures`` of the request, kept while nothing it is computed from changes (the same
        submissions and CĐCS, by identity, the same due date, audience and last day): most requests of a long
        history never change. ``spans`` is the list kept by ``_requests`` for the CĐCS as read."""
        submissions = states.get(row.id, _NO_SUBMISSIONS)
        key = (row.due, row.audience, last_day)
        cached = self._figures_cache.get(row.id)
        if cached is not None and cached[0] == key and cached[1] is submissions and cached[2] is spans:
            return cached[3]
        result = figures(row.due, audience, spans, submissions, last_day)
        self._figures_cache[row.id] = (key, submissions, spans, result)
        return result

    def _requests(
        self, uow: UnitOfWork, rows: Sequence[ReportRequestRow], units: _Units | None = None,
        states: dict[int, dict[str, Submission]] | None = None,
    ) -> list[ReportRequest]:
        if not rows:
            return []
        units = units or _Units.load(uow)
        if states is None:
            states = self._states(uow, [r.id for r in rows])
        upstream_ids = {r.upstream_uuid for r in rows if r.upstream_uuid}
        upstream = {uuid: uow.registers.incoming_by_uuid(uuid) for uuid in upstream_ids}
        documents = {d.uuid: d.symbol for d in uow.documents.by_uuids([r.document_uuid for r in rows
                                                                       if r.document_uuid])}
        calendar = self._calendar(uow)
        spans = self._spans_seen
        if units.spans != spans:
            # A CĐCS founded, dissolved, moved to another sector…: every request's figures may change. (A read on
            # another thread that still holds the old list stores figures under it: never taken for the new one.)
            spans = list(units.spans)
            self._spans_seen = spans
            self._figures_cache.clear()
        return build_requests(rows, calendar, upstream, documents, lambda row, audience, last_day: self._figures(
            row, audience, spans, states, last_day))

    def _checked(
        self, uow: UnitOfWork, draft: RequestDraft, units: _Units, row: ReportRequestRow | None = None
    ) -> RequestDraft:
        problems = []
        title = nfc(draft.title).strip()
        if not title:
            problems.append(_("Chưa ghi tên báo cáo cần gửi."))
        if draft.due < draft.issued_on:
            problems.append(_("Hạn nộp {due} ở trước ngày gửi yêu cầu {issued}.").format(
                due=format_date(draft.due), issued=format_date(draft.issued_on)))
        if draft.form_period is not None and (not draft.form_id or draft.what == NARRATIVE):
            problems.append(_("Kỳ số liệu (ngày chốt số liệu) chỉ dùng cho yêu cầu gửi biểu mẫu số liệu."))
        if draft.what not in WHAT_LABELS:
            problems.append(_("Không rõ báo cáo yêu cầu gửi gì («{what}»).").format(what=draft.what))
        audience = draft.audience
        by_uuid = {u.uuid: u for u in units.spans}
        if audience.kind == SECTORS:
            known = {s.code for s in uow.units.sectors()}
            if not audience.sectors:
                problems.append(_("Chưa chọn khối, ngành nào."))
            unknown = [code for code in audience.sectors if code not in known]
            if unknown:
                problems.append(_("Không có khối, ngành: {codes}.").format(codes=", ".join(unknown)))
        if audience.kind in (LISTED, ALL_BUT):
            if audience.kind == LISTED and not audience.units:
                problems.append(_("Chưa chọn CĐCS nào."))
            unknown = [u for u in audience.units if u not in by_uuid]
            if unknown:
                problems.append(_("Có {n} CĐCS trong danh sách không còn trong danh mục đơn vị.").format(
                    n=len(unknown)))
        if audience.kind == LISTED:
            gone = [by_uuid[u] for u in audience.units if u in by_uuid and not by_uuid[u].exists_on(draft.due)]
            for unit in gone:
                problems.append(_("{name} không còn hoạt động vào hạn nộp {due} ({why}): không yêu cầu được.").format(
                    name=unit.name, due=format_date(draft.due), why=_unit_gone(unit, draft.due)))
        if draft.upstream_uuid and uow.registers.incoming_by_uuid(draft.upstream_uuid) is None:
            problems.append(_("Văn bản cấp trên được chọn không còn trong sổ văn bản đến."))
        if draft.document_uuid and not uow.documents.by_uuids([draft.document_uuid]):
            problems.append(_("Kế hoạch được chọn không còn trong danh sách văn bản."))
        if not problems and not asked_units(audience, units.spans, draft.due):
            problems.append(_("Không có CĐCS nào phải nộp báo cáo này vào hạn {due}.").format(
                due=format_date(draft.due)))
        if problems:
            raise UserError("\n".join(problems))
        if audience.kind == ALL and (audience.sectors or audience.units):
            audience = Audience(ALL)
        return replace(draft, title=title, notes=nfc(draft.notes).strip(), period=clean(draft.period),
                       audience=audience)

    def _apply(self, uow: UnitOfWork, row: ReportRequestRow, draft: RequestDraft) -> None:
        row.title = draft.title
        row.what = draft.what
        row.form_id = draft.form_id
        row.form_period = draft.form_period if draft.form_id else None
        row.period = draft.period
        row.issued_on = draft.issued_on
        row.due = draft.due
        row.audience = json.dumps(draft.audience.to_json(), ensure_ascii=False)
        row.notes = draft.notes
        row.task_uuid = draft.task_uuid
        docs = uow.documents.by_uuids([draft.document_uuid]) if draft.document_uuid else []
        row.document_id = docs[0].id if docs else None
        entry = uow.registers.incoming_by_uuid(draft.upstream_uuid) if draft.upstream_uuid else None
        row.upstream_id = entry.id if entry is not None else None

    def _asked_unit(
        self, request: ReportRequest, units: _Units, code: str, problems: list[str], asked_only: bool = True
    ) -> UnitSpan | None:
        unit = units.by_code.get(code.strip().casefold())
        if unit is None:
            problems.append(_("Không có CĐCS mã «{code}».").format(code=code))
            return None
        if not asked_only:
            return unit
        if not unit.exists_on(request.due):
            problems.append(_("{name} {why} nên không thuộc diện phải nộp báo cáo này.").format(
                name=unit.name, why=_unit_gone(unit, request.due)))
            return None
        if not request.audience.asks(unit):
            problems.append(_("{name} không thuộc danh sách phải nộp báo cáo này.").format(name=unit.name))
            return None
        return unit

    def _submission(
        self, uow: UnitOfWork, request: ReportRequest, units: _Units, unit: UnitSpan,
        known: dict[int, SubmissionRow] | None = None, home: str | None = None,
    ) -> SubmissionRow:
        """The pair's record, made when there is none yet. ``known``: the request's records by unit id, already
        read (a new record is added to it, so a unit named twice in one batch has one record); ``home``: the
        office's code, already read (each query would flush the records added before it)."""
        unit_id = units.ids[unit.uuid]
        row = known.get(unit_id) if known is not None else uow.tracking.submission(request.id, unit_id)
        if row is None:
            home = home or self._home_code(uow)
            row = SubmissionRow(request_id=request.id, unit_id=unit_id, status=PENDING, channel="", owner_code=home)
            uow.tracking.add(row)
            if known is not None:
                known[unit_id] = row
        return row

    @staticmethod
    def _hold(uow: UnitOfWork, request_id: int, units: _Units, codes: Sequence[str]) -> list[object]:
        """The request's and the CĐCS' rows, read in one go and kept until the commit: the change log names
        both for every record it logs, and the session forgets rows nobody holds (each would be read again,
        once per record)."""
        ids = [units.ids[u.uuid] for c in codes if (u := units.by_code.get(c.strip().casefold())) is not None]
        return [uow.tracking.request(request_id), *uow.tracking.unit_rows(ids)]

    def _line(self, request_id: int, unit_uuid: str) -> SubmissionLine:
        return next(line for line in self.status(request_id).lines if line.unit.uuid == unit_uuid)


def _mark_received(row: SubmissionRow, on: date, channel: str, note: str, backdate_note: str, today: date) -> None:
    """The pair's record says «received on ``on``»; a report returned for correction that comes back is its
    corrected copy (the first copy's day stays)."""
    if row.status == RETURNED or (row.returned_on is not None and row.status == RECEIVED):
        row.received_on = on
    else:
        row.received_on = row.first_received_on = on
    row.status = RECEIVED
    row.channel = channel
    row.exempt_reason = ""
    if note.strip():
        row.note = nfc(note).strip()
    row.backdate_note = nfc(backdate_note).strip() if on < today else ""


def _sector_lines(groups: Mapping[str | None, Figures], names: Mapping[str, str]
                  ) -> list[tuple[str | None, str, Figures]]:
    """(code, name, figures) of the sectors someone was asked in, in the sectors' order; units without a sector last,
    named «Chưa xếp khối, ngành»."""
    order = list(names)
    result = [
        (code, names.get(code or "", code or _("Chưa xếp khối, ngành")), group)
        for code, group in groups.items() if group.expected or group.exempt
    ]
    return sorted(result, key=lambda item: (item[0] is None, order.index(item[0]) if item[0] in order else len(order),
                                            item[1]))


_OVERDUE, _PENDING, _EXEMPT = MatrixCell("overdue"), MatrixCell("pending"), MatrixCell("exempt")


def _cell(state: Submission | None, due: date, today: date) -> MatrixCell:
    if state is None or state.status == PENDING:
        return _OVERDUE if today > due else _PENDING
    if state.status == EXEMPT:
        return _EXEMPT
    if state.status == RETURNED:
        return MatrixCell("returned", state.returned_on)
    counted = state.counted_on()
    return MatrixCell("on_time" if counted is not None and counted <= due else "late", state.received_on)


def _unit_gone(unit: UnitSpan, day: date) -> str:
    if unit.founded is not None and unit.founded > day:
        return _("thành lập ngày {d}").format(d=format_date(unit.founded))
    if unit.dissolved is not None:
        return _("đã giải thể ngày {d}").format(d=format_date(unit.dissolved))
    return ""



__all__ = [
    "ALL", "ALL_BUT", "CELL_LABELS", "LISTED", "SECTORS", "Dashboard", "MatrixCell", "Receipt", "ReportRequest",
    "RequestDraft", "RequestStatus", "SubmissionFile", "SubmissionLine", "TrackingMatrix", "TrackingService",
]  # fmt: skip
