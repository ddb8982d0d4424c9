"""Reminder letters (công văn đôn đốc): official letters to the CĐCS that have not sent a requested report.

Each letter is an ordinary outgoing document: filled from the shipped template ``cong-van-don-doc``, stored,
issued with the next number of the outgoing register and printed in the official layout — nothing here numbers or
lays out a page itself. The request keeps a note of which letter went to which CĐCS.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from desktop_app.domain.documents import OfficialDocument, document_type, format_text_date
from desktop_app.domain.i18n import _
from desktop_app.domain.tracking import RECEIVED, UnitSpan
from desktop_app.domain.vntext import format_date
from desktop_app.files.atomic import OutputPathError, check_folder_writable, check_output_path
from desktop_app.persistence.unit_of_work import UnitOfWorkFactory
from desktop_app.services.documents import DocumentRecord, DocumentService
from desktop_app.services.errors import UserError
from desktop_app.services.templates import TemplateService
from desktop_app.services.tracking import ReportRequest, SubmissionLine, TrackingService

TEMPLATE_ID = "cong-van-don-doc"
#: The new deadline a reminder proposes: this many working days from today.
DEFAULT_WORKING_DAYS = 3
_UNSAFE_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\s]+')


#: ``(done, total) -> go on?``: told before each letter; False stops the batch there.
Progress = Callable[[int, int], bool]


@dataclass(frozen=True)
class ReminderOrder:
    """What the clerk asked for: which request, where the PDFs go, one letter or one per CĐCS, the new deadline
    (default: ``DEFAULT_WORKING_DAYS`` working days from today) and which missing CĐCS (default: all of them)."""

    request_id: int
    folder: Path
    per_unit: bool = False
    deadline: date | None = None
    unit_codes: tuple[str, ...] | None = None


@dataclass(frozen=True)
class ReminderLetter:
    """One issued letter: its document, its number, the PDF printed and the CĐCS it reminds."""

    document_id: int
    symbol: str
    path: Path
    pages: int
    units: tuple[UnitSpan, ...]


@dataclass(frozen=True)
class ReminderBatch:
    request: ReportRequest
    deadline: date
    letters: tuple[ReminderLetter, ...]
    notice: str = ""  # said to the clerk beside the result: a request not overdue yet
    planned: int = 0  # the letters the order asked for; more than ``letters`` when the clerk stopped midway

    @property
    def stopped(self) -> bool:
        return len(self.letters) < self.planned


class ReminderService:
    """``clock`` gives today's date (tests pin it); letters are dated and numbered on that day."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        tracking: TrackingService,
        templates: TemplateService,
        documents: DocumentService,
        clock: Callable[[], date] = date.today,
    ) -> None:
        self._uow = uow_factory
        self._tracking = tracking
        self._templates = templates
        self._documents = documents
        self._clock = clock

    # -- reading -------------------------------------------------------------------------------
    def missing(self, request_id: int) -> list[SubmissionLine]:
        """The CĐCS expected to send the report that have not (a report returned for correction is missing)."""
        return [line for line in self._tracking.status(request_id).lines if _missing(line)]

    def default_deadline(self) -> date:
        return self._tracking.calendar().add_working_days(self._clock(), DEFAULT_WORKING_DAYS)

    def notice(self, request: ReportRequest) -> str:
        """What the clerk should know before reminding: the due date has not passed yet (allowed all the same)."""
        today = self._clock()
        if request.overdue(today) or not request.figures.missing:
            return ""
        return _("Yêu cầu «{title}» chưa quá hạn (hạn nộp {due}): các CĐCS vẫn còn thời gian nộp. Công văn đôn đốc "
                 "vẫn được in nếu cần.").format(title=request.title, due=format_date(request.last_day))

    # -- writing -------------------------------------------------------------------------------
    def write(self, order: ReminderOrder, progress: Progress | None = None,
              checking: Progress | None = None) -> ReminderBatch:
        """Issue and print the letters of ``order``. Everything the clerk chose is checked, and every letter laid
        out, before a number is taken; a letter that cannot be issued leaves no draft behind.

        ``checking(done, total)`` is called before each letter is laid out on trial, ``progress(done, total)``
        before each is numbered and printed; either returning False stops there (the letters already numbered
        stay, and the batch holds them)."""
        request = self._tracking.request(order.request_id)
        chosen = self._chosen_units(request, order)
        deadline = self._checked_deadline(order.deadline)
        folder = _checked_folder(order.folder)
        groups = [(unit,) for unit in chosen] if order.per_unit else [tuple(chosen)]
        # Filled before anything is stored: a broken template or a missing field is refused with nothing numbered.
        documents = [_addressed(self._templates.document_from_template(TEMPLATE_ID, self._values(request, units,
                                                                                                deadline)), units)
                     for units in groups]
        total = len(documents)
        stopped = ReminderBatch(request, deadline, (), self.notice(request), total)
        # Laid out before the first number is taken, so a letter that cannot be printed leaves the register as it
        # was instead of numbered letters before it.
        for index, (units, doc) in enumerate(zip(groups, documents, strict=True)):
            if checking is not None and not checking(index, total):
                return stopped
            try:
                self._documents.check_printable(doc, self._clock())
            except UserError as exc:
                raise UserError(_("Chưa cấp số công văn nào: công văn gửi {who} không in được.\n{reason}").format(
                    who=_unit_text(units[0]) if order.per_unit else _("các CĐCS đã chọn"), reason=exc)) from exc
        letters: list[ReminderLetter] = []
        try:
            for index, (units, doc) in enumerate(zip(groups, documents, strict=True)):
                if progress is not None and not progress(index, total):
                    break
                try:
                    record = self._issued(self._documents.create_draft(doc))
                except UserError as exc:
                    raise _partly_done(exc, letters) from exc
                path = folder / _file_name(record, units[0].code if order.per_unit else "")
                try:
                    result = self._documents.render_pdf(record.id, path)
                except UserError as exc:
                    # Laid out already, so a full disk or a folder gone meanwhile: the number stays taken.
                    letters.append(ReminderLetter(record.id, record.symbol, path, 0, units))
                    raise _partly_done(exc, letters) from exc
                letters.append(ReminderLetter(record.id, record.symbol, path, result.pages, units))
        finally:
            if letters:
                self._note(request, letters, deadline)
        if not letters:
            return stopped
        return ReminderBatch(self._tracking.request(request.id), deadline, tuple(letters), self.notice(request),
                             total)

    # -- helpers -------------------------------------------------------------------------------
    def _chosen_units(self, request: ReportRequest, order: ReminderOrder) -> list[UnitSpan]:
        missing = [line.unit for line in self.missing(request.id)]
        if not missing:
            raise UserError(_("Mọi CĐCS phải nộp «{title}» đã nộp (hoặc được miễn): không có ai cần đôn đốc.").format(
                title=request.title))
        if order.unit_codes is None:
            return missing
        if not order.unit_codes:
            raise UserError(_("Chưa chọn CĐCS nào để đôn đốc."))
        by_code = {unit.code.casefold(): unit for unit in missing}
        wanted = {code.strip().casefold() for code in order.unit_codes}
        strangers = [code for code in order.unit_codes if code.strip().casefold() not in by_code]
        if strangers:
            raise UserError(_("Không đôn đốc được {codes}: không có trong danh sách CĐCS chưa nộp «{title}».").format(
                codes=", ".join(strangers), title=request.title))
        return [unit for unit in missing if unit.code.casefold() in wanted]

    def _checked_deadline(self, deadline: date | None) -> date:
        today = self._clock()
        if deadline is None:
            return self.default_deadline()
        if deadline <= today:
            raise UserError(_("Hạn gửi mới ({day}) phải sau hôm nay ({today}).").format(
                day=format_date(deadline), today=format_date(today)))
        return deadline

    def _values(self, request: ReportRequest, units: Sequence[UnitSpan], deadline: date) -> dict[str, str]:
        report = _as_object(request.title)
        return {
            "report_name": report,
            "request": self._request_text(request, report),
            "units": "\n".join(unit.name for unit in units),
            "deadline": deadline.isoformat(),
        }

    def _request_text(self, request: ReportRequest, report: str) -> str:
        """What «Thực hiện …» cites: the plan the request came from once it is issued, else the request itself."""
        with self._uow().reading() as uow:
            home = uow.units.home()
            office = home.name if home is not None else ""
            rows = uow.documents.by_uuids([request.document_uuid]) if request.document_uuid else []
            plan = rows[0] if rows and rows[0].symbol and rows[0].issue_date is not None else None
            if plan is not None:
                name = document_type(plan.type_code).name
                assert plan.issue_date is not None
                return _("{kind} số {symbol} ngày {day} của {office}").format(
                    kind=name[:1].upper() + name[1:], symbol=plan.symbol, day=format_text_date(plan.issue_date),
                    office=office)
        return _("yêu cầu gửi {report} ngày {day} của {office}").format(
            report=report, day=format_text_date(request.issued_on), office=office)

    def _issued(self, draft: DocumentRecord) -> DocumentRecord:
        try:
            return self._documents.issue(draft.id, self._clock())
        except BaseException:
            # Not issued, so no number was taken: the draft goes too, as if nothing had been asked.
            with contextlib.suppress(UserError):
                self._documents.delete_draft(draft.id)
            raise

    def _note(self, request: ReportRequest, letters: Sequence[ReminderLetter], deadline: date) -> None:
        """Keep on the request which letter reminded which CĐCS (documents cannot point at a request)."""
        sent = "; ".join(
            _("số {symbol} gửi {codes}").format(symbol=letter.symbol, codes=", ".join(u.code for u in letter.units))
            for letter in letters
        )
        line = _("{day}: công văn đôn đốc {sent} (hạn gửi mới {deadline}).").format(
            day=format_date(self._clock()), sent=sent, deadline=format_date(deadline))
        with self._uow() as uow:
            row = uow.tracking.request(request.id)
            if row is None:
                return  # deleted meanwhile by another clerk: the letters themselves are in the register
            row.notes = f"{row.notes}\n{line}" if row.notes else line
            uow.commit()


def _partly_done(exc: UserError, letters: Sequence[ReminderLetter]) -> UserError:
    """The reason a letter failed, and which letters were already numbered (they stay in the register)."""
    if not letters:
        return exc
    return UserError(_("{reason}\nCác công văn đã cấp số ({symbols}) có trong mục Văn bản; hãy in lại từ đó.").format(
        reason=exc, symbols=", ".join(letter.symbol for letter in letters)))


def _unit_text(unit: UnitSpan) -> str:
    return f"{unit.name} ({unit.code})"


def _missing(line: SubmissionLine) -> bool:
    return line.expected and line.status != RECEIVED


# What a report is called when a request's title is the plan's task itself («Tổ chức … và gửi báo cáo kết quả …»).
_REPORT_WORDS = ("báo cáo", "biểu", "bảng", "danh sách", "số liệu", "kế hoạch", "tờ trình")


def _as_object(title: str) -> str:
    """A report's title as it reads inside «đôn đốc gửi …»: «báo cáo sơ kết…» (an acronym such as CĐCS stays).
    A title copied from a plan's task says what to do, not what to send: its «Gửi …» is dropped, and a task
    («Tổ chức Hội nghị … và gửi báo cáo kết quả …») becomes «báo cáo kết quả tổ chức Hội nghị …»."""
    title = " ".join(title.split()).rstrip(" .;")
    if title.lower().startswith("gửi "):
        title = title[4:]
    cut = title.lower().find(" và gửi ")
    if cut > 0:
        title = title[:cut]
    if len(title) > 1 and title[0].isupper() and title[1].islower():
        title = title[0].lower() + title[1:]
    if not title.lower().startswith(_REPORT_WORDS):
        title = _("báo cáo kết quả {task}").format(task=title)
    return title


def _file_name(record: DocumentRecord, unit_code: str) -> str:
    """``don-doc-05-2026.pdf``, or ``don-doc-05-2026-CD01.pdf`` for one CĐCS: the number makes each letter's own."""
    stem = f"don-doc-{record.number or 0:02d}-{record.year}"
    if unit_code:
        stem += "-" + _UNSAFE_IN_FILE_NAMES.sub("-", unit_code).strip("-")
    return stem + ".pdf"


def _checked_folder(folder: Path) -> Path:
    """``folder`` if the letters can be written there; refused before any number is taken otherwise."""
    folder = Path(folder).expanduser()
    if folder.exists() and not folder.is_dir():
        try:
            check_output_path(folder)
        except OutputPathError as exc:
            raise UserError(str(exc)) from None
        raise UserError(_("«{path}» là một tệp, không phải thư mục. Hãy chọn thư mục để lưu các công văn.").format(
            path=folder))
    if not folder.is_dir():
        raise UserError(_("Không có thư mục «{path}». Hãy kiểm tra đường dẫn hoặc tạo thư mục trước.").format(
            path=folder))
    try:
        check_folder_writable(folder)
    except OutputPathError as exc:
        raise UserError(str(exc)) from None
    return folder


__all__ = ["DEFAULT_WORKING_DAYS", "TEMPLATE_ID", "Progress", "ReminderBatch", "ReminderLetter", "ReminderOrder",
           "ReminderService"]


# Beyond this many CĐCS, «Kính gửi» names them together and the letter's list names each one (a page of
# addressees above the text is not how an office writes).
MAX_NAMED_ADDRESSEES = 6


def _addressed(doc: OfficialDocument, units: Sequence[UnitSpan]) -> OfficialDocument:
    if len(units) <= MAX_NAMED_ADDRESSEES:
        return doc
    return replace(doc, addressees=(_("Các công đoàn cơ sở có tên dưới đây"),))
