"""The one write path: every flush stamps what it changed, and every commit logs it.

Installed on the session factory (``install``): before each flush, every record that travels
(``models.Syncable``) and was inserted or changed gets its uuid, the uuids of what it points to, a new
revision, ``updated_at`` and ``updated_by``; before the commit, one change-log row per changed record is
written in the same transaction, numbered in commit order. After the commit the change set is handed to
whoever listens (the GUI's pages refresh from it). A rolled-back transaction leaves nothing: its rows and
its log lines go together.
"""

from __future__ import annotations

import getpass
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import Any, cast

from sqlalchemy import Engine, Table, event, insert, inspect, update
from sqlalchemy.orm import Session, sessionmaker

from desktop_app.domain.changes import (
    CALENDAR_DAY,
    CANCEL,
    DELETE,
    DISSOLVE,
    DOCUMENT,
    FORM_REPORT,
    INCOMING,
    INCOMING_FILE,
    INSERT,
    ISSUE,
    MERGE,
    OUTGOING,
    REPORT_REQUEST,
    SIGNER,
    SUBMISSION,
    SUBMISSION_FILE,
    UNIT,
    UNIT_EVENT,
    UPDATE,
    Change,
    ChangeSet,
    coalesce,
)
from desktop_app.domain.i18n import _
from desktop_app.domain.vntext import shortened
from desktop_app.persistence.models import (
    CalendarDayRow,
    ChangeRow,
    ChangeSequenceRow,
    DocumentRow,
    FormReportRow,
    IncomingEntryRow,
    IncomingFileRow,
    OutgoingEntryRow,
    ReportRequestRow,
    SignerRow,
    SubmissionFileRow,
    SubmissionRow,
    Syncable,
    UnitEventRow,
    UnitRow,
    new_uuid,
    utcnow,
)

KINDS: dict[type, str] = {
    UnitRow: UNIT,
    UnitEventRow: UNIT_EVENT,
    SignerRow: SIGNER,
    DocumentRow: DOCUMENT,
    OutgoingEntryRow: OUTGOING,
    IncomingEntryRow: INCOMING,
    IncomingFileRow: INCOMING_FILE,
    ReportRequestRow: REPORT_REQUEST,
    SubmissionRow: SUBMISSION,
    SubmissionFileRow: SUBMISSION_FILE,
    CalendarDayRow: CALENDAR_DAY,
    FormReportRow: FORM_REPORT,
}

# (relationship or None, integer column, uuid column, the class pointed at): kept in step by the hook.
REFERENCES: dict[type, tuple[tuple[str | None, str, str, type], ...]] = {
    UnitRow: (("parent", "parent_id", "parent_uuid", UnitRow),
              ("merged_into", "merged_into_id", "merged_into_uuid", UnitRow)),
    UnitEventRow: (("unit", "unit_id", "unit_uuid", UnitRow),
                   ("other_unit", "other_unit_id", "other_unit_uuid", UnitRow)),
    DocumentRow: ((None, "version_of_id", "version_of_uuid", DocumentRow),
                  (None, "register_entry_id", "register_entry_uuid", OutgoingEntryRow)),
    IncomingFileRow: (("entry", "entry_id", "entry_uuid", IncomingEntryRow),),
    ReportRequestRow: ((None, "document_id", "document_uuid", DocumentRow),
                       (None, "upstream_id", "upstream_uuid", IncomingEntryRow)),
    SubmissionRow: (("request", "request_id", "request_uuid", ReportRequestRow),
                    ("unit", "unit_id", "unit_uuid", UnitRow)),
    SubmissionFileRow: (("submission", "submission_id", "submission_uuid", SubmissionRow),),
    FormReportRow: (("unit", "unit_id", "unit_uuid", UnitRow),),
}

_PENDING = "congdoan.changes.pending"
_STAMPED = "congdoan.changes.stamped"
_COMMITTED = "congdoan.changes.committed"
ACTOR = "congdoan.actor"


@cache
def default_actor() -> str:
    """Who is working: the computer's login name (an office with several clerks gives each a login)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return ""


@dataclass
class _Pending:
    row: Any
    kind: str
    operation: str
    summary: str = ""  # worded when logged; a deleted row is worded before it goes


def tracked_sessions(engine: Engine) -> sessionmaker[Session]:
    """The session factory every unit of work uses: its sessions go through the one write path."""
    factory = sessionmaker(engine, expire_on_commit=False)
    install(factory)
    return factory


def install(factory: sessionmaker[Session]) -> None:
    event.listen(factory, "before_flush", _before_flush)
    event.listen(factory, "before_commit", _before_commit)
    event.listen(factory, "after_commit", _after_commit)
    event.listen(factory, "after_rollback", _forget)


# --------------------------------------------------------------------------- stamping


def _before_flush(session: Session, _context: object, _instances: object) -> None:
    actor = session.info.get(ACTOR) or default_actor()
    now = utcnow()
    pending: dict[int, _Pending] = session.info.setdefault(_PENDING, {})
    stamped: set[int] = session.info.setdefault(_STAMPED, set())
    # In the order they were added (sets have none): the log of one transaction reads the same every time.
    new = sorted((obj for obj in session.new if isinstance(obj, Syncable)), key=lambda o: inspect(o).insert_order)
    for obj in new:
        if obj.uuid is None:
            obj.uuid = new_uuid()
    for obj in new:
        _point(session, obj)
        obj.updated_at = now
        obj.updated_by = actor
        if obj.revision is None:
            obj.revision = 1
        stamped.add(id(obj))
        _note(pending, obj, INSERT)
    for obj in sorted(session.dirty, key=_identity):
        if not isinstance(obj, Syncable) or not session.is_modified(obj, include_collections=False):
            continue
        operation = _operation(obj)
        _point(session, obj)
        if id(obj) not in stamped:
            obj.revision = (obj.revision or 0) + 1
            obj.updated_at = now
            obj.updated_by = actor
            stamped.add(id(obj))
        _note(pending, obj, operation)
    for obj in sorted(session.deleted, key=_identity):
        if isinstance(obj, Syncable):
            _note(pending, obj, DELETE, summary=_summary(session, obj, DELETE))


def _identity(obj: Any) -> tuple[str, int]:
    identity = inspect(obj).identity
    return type(obj).__name__, identity[0] if identity else 0


def _note(pending: dict[int, _Pending], obj: Any, operation: str, summary: str = "") -> None:
    known = pending.get(id(obj))
    merged = coalesce(known.operation if known else None, operation)
    if merged is None:
        del pending[id(obj)]
        return
    pending[id(obj)] = _Pending(obj, KINDS[type(obj)], merged, summary or (known.summary if known else ""))


def _point(session: Session, obj: Any) -> None:
    """Keep the uuid beside every integer reference, so the record means the same in another database."""
    for relation, id_column, uuid_column, target_class in REFERENCES.get(type(obj), ()):
        target = obj.__dict__.get(relation) if relation else None
        if target is None:
            target_id = getattr(obj, id_column)
            target = session.get(target_class, target_id) if target_id is not None else None
        setattr(obj, uuid_column, target.uuid if target is not None else None)


def _operation(obj: Any) -> str:
    """What a change to a record means: issuing a document, dissolving a unit, cancelling a number…"""
    state = inspect(obj)

    def became(name: str) -> Any:
        history = state.attrs[name].history
        return history.added[0] if history.added else None

    if isinstance(obj, DocumentRow) and became("status") == "issued":
        return ISSUE
    if isinstance(obj, UnitRow) and became("merged_into_id") is not None:
        return MERGE
    if isinstance(obj, UnitRow) and became("dissolved") is not None:
        return DISSOLVE
    if isinstance(obj, OutgoingEntryRow) and became("status") == "cancelled":
        return CANCEL
    return UPDATE


# --------------------------------------------------------------------------- logging


def _before_commit(session: Session) -> None:
    session.flush()  # the commit's own flush would come after this hook: make every change known first
    pending: dict[int, _Pending] = session.info.pop(_PENDING, {})
    session.info.pop(_STAMPED, None)
    if not pending:
        return
    entries = list(pending.values())
    # Taking the numbers updates the one sequence row: a second writer waits here until this one commits,
    # so numbers are given in commit order (a plain auto-increment is not, on a server database).
    sequence = cast(Table, ChangeSequenceRow.__table__)
    last = session.execute(
        update(sequence)
        .where(sequence.c.id == 1)
        .values(last_seq=sequence.c.last_seq + len(entries))
        .returning(sequence.c.last_seq)
    ).scalar_one_or_none()
    if last is None:  # a database made without the migrations (never by the app): start the sequence
        last = len(entries)
        session.execute(insert(sequence), [{"id": 1, "last_seq": last}])
    now = utcnow()
    actor = session.info.get(ACTOR) or default_actor()
    rows = []
    for offset, entry in enumerate(entries):
        obj = entry.row
        rows.append({
            "seq": last - len(entries) + 1 + offset,
            "at": now,
            "actor": actor,
            "kind": entry.kind,
            "uuid": obj.uuid,
            "revision": obj.revision,
            "owner_code": obj.owner_code or "",
            "operation": entry.operation,
            "summary": entry.summary or _summary(session, obj, entry.operation),
            "unit_code": _unit_code(session, obj),
        })
    session.execute(insert(cast(Table, ChangeRow.__table__)), rows)
    session.info[_COMMITTED] = ChangeSet.of((Change(r["kind"], r["uuid"], r["operation"]) for r in rows), last)


def _after_commit(session: Session) -> None:
    changes = session.info.pop(_COMMITTED, None)
    if changes:
        _publish(changes)


def _forget(session: Session) -> None:
    for key in (_PENDING, _STAMPED, _COMMITTED):
        session.info.pop(key, None)


# --------------------------------------------------------------------------- wording


def _unit_name(session: Session, unit_id: int | None, unit: Any = None) -> str:
    if unit is None and unit_id is not None:
        unit = session.get(UnitRow, unit_id)
    return unit.name if unit is not None else ""


def _unit_code(session: Session, obj: Any) -> str | None:
    if isinstance(obj, UnitRow):
        return str(obj.code)
    if isinstance(obj, UnitEventRow):
        unit = obj.__dict__.get("unit") or session.get(UnitRow, obj.unit_id)
        return unit.code if unit is not None else None
    if isinstance(obj, SubmissionRow | FormReportRow):
        unit = obj.__dict__.get("unit") or session.get(UnitRow, obj.unit_id)
        return unit.code if unit is not None else None
    return None


def _summary(session: Session, obj: Any, operation: str) -> str:
    """A short line for the clerk: what record, what happened (the history screen lists these)."""
    if isinstance(obj, UnitRow):
        if operation in (MERGE, DISSOLVE) and obj.merged_into_id is not None:
            return _("Sáp nhập «{name}» vào «{other}»").format(
                name=obj.name, other=_unit_name(session, obj.merged_into_id, obj.__dict__.get("merged_into")))
        words = {INSERT: _("Thêm đơn vị «{name}»"), DISSOLVE: _("Giải thể «{name}»"),
                 DELETE: _("Xóa đơn vị «{name}»")}
        return words.get(operation, _("Sửa đơn vị «{name}»")).format(name=obj.name)
    if isinstance(obj, UnitEventRow):
        from desktop_app.domain.units import EVENT_LABELS

        name = _unit_name(session, obj.unit_id, obj.__dict__.get("unit"))
        label = EVENT_LABELS.get(obj.kind, obj.kind)
        detail = f": {shortened(obj.detail, 60)}" if obj.detail else ""
        return f"{name} — {label}{detail}"
    if isinstance(obj, SignerRow):
        who = " ".join(part for part in (obj.title, obj.name) if part)
        return (_("Thêm người ký {who}") if operation == INSERT else _("Sửa người ký {who}")).format(who=who)
    if isinstance(obj, DocumentRow):
        summary = shortened(obj.summary) or _("(chưa có trích yếu)")
        if operation == ISSUE:
            return _("Ban hành {symbol}: {summary}").format(symbol=obj.symbol, summary=summary)
        words = {INSERT: _("Tạo dự thảo «{summary}»"), DELETE: _("Xóa dự thảo «{summary}»")}
        default = _("Sửa văn bản {symbol}: {summary}") if obj.symbol else _("Sửa dự thảo «{summary}»")
        return words.get(operation, default).format(summary=summary, symbol=obj.symbol)
    if isinstance(obj, OutgoingEntryRow):
        words = {INSERT: _("Lấy số {symbol}"), CANCEL: _("Hủy số {symbol}")}
        return words.get(operation, _("Sửa sổ văn bản đi, số {symbol}")).format(symbol=obj.symbol)
    if isinstance(obj, IncomingEntryRow):
        text = _("Văn bản đến số {number}/{year} của {sender}: {summary}") if operation == INSERT else _(
            "Sửa văn bản đến số {number}/{year} của {sender}: {summary}")
        return text.format(number=obj.arrival_number, year=obj.year, sender=obj.sender,
                           summary=shortened(obj.summary, 60))
    if isinstance(obj, IncomingFileRow):
        return _("Lưu kèm tệp «{name}»").format(name=obj.file_name)
    if isinstance(obj, ReportRequestRow | SubmissionRow | SubmissionFileRow | CalendarDayRow):
        return _tracking_summary(session, obj, operation)
    if isinstance(obj, FormReportRow):
        return _form_report_summary(session, obj, operation)
    return ""


def _form_report_summary(session: Session, obj: FormReportRow, operation: str) -> str:
    from desktop_app.domain.vntext import format_date

    unit = obj.__dict__.get("unit") or session.get(UnitRow, obj.unit_id)
    who = f"{unit.code} {unit.name}" if unit is not None else ""
    if operation == DELETE:
        text = _("{unit}: xóa số liệu biểu {form} kỳ {period}")
    elif obj.complete:
        text = _("{unit}: số liệu biểu {form} kỳ {period} (đủ)")
    else:
        text = _("{unit}: số liệu biểu {form} kỳ {period} (chưa đủ, {n} lỗi)")
    return text.format(unit=who, form=obj.form_id, period=format_date(obj.period), n=obj.problem_count)


def _tracking_summary(session: Session, obj: Any, operation: str) -> str:
    from desktop_app.domain.tracking import CHANNELS, EXEMPT, PENDING, RECEIVED, RETURNED
    from desktop_app.domain.vntext import format_date

    if isinstance(obj, ReportRequestRow):
        words = {INSERT: _("Yêu cầu báo cáo «{title}», hạn {due}"), DELETE: _("Xóa yêu cầu báo cáo «{title}»")}
        text = words.get(operation, _("Sửa yêu cầu báo cáo «{title}», hạn {due}"))
        return text.format(title=shortened(obj.title, 60), due=format_date(obj.due))
    if isinstance(obj, SubmissionRow):
        request = obj.__dict__.get("request") or session.get(ReportRequestRow, obj.request_id)
        title = shortened(request.title, 50) if request is not None else ""
        name = _unit_name(session, obj.unit_id, obj.__dict__.get("unit"))
        if operation == DELETE:
            return _("{unit}: xóa ghi nhận báo cáo «{title}»").format(unit=name, title=title)
        if obj.status == RECEIVED and obj.received_on is not None:
            how = CHANNELS.get(obj.channel, obj.channel)
            return _("{unit}: đã nộp «{title}» ngày {day} ({how})").format(
                unit=name, title=title, day=format_date(obj.received_on), how=how.lower())
        if obj.status == RETURNED:
            return _("{unit}: trả lại «{title}» để sửa").format(unit=name, title=title)
        if obj.status == EXEMPT:
            return _("{unit}: miễn nộp «{title}» ({reason})").format(
                unit=name, title=title, reason=shortened(obj.exempt_reason, 50))
        if obj.status == PENDING:
            return _("{unit}: chuyển «{title}» về chưa nộp").format(unit=name, title=title)
        return f"{name}: {title}"
    if isinstance(obj, SubmissionFileRow):
        return _("Lưu kèm tệp báo cáo «{name}»").format(name=obj.file_name)
    if isinstance(obj, CalendarDayRow):
        kind = _("ngày làm việc") if obj.working else _("ngày nghỉ")
        if operation == DELETE:
            return _("Bỏ điều chỉnh lịch ngày {day}").format(day=format_date(obj.day))
        return _("Lịch: ngày {day} là {kind}").format(day=format_date(obj.day), kind=kind)
    return ""


# --------------------------------------------------------------------------- listeners

_listeners: list[Callable[[ChangeSet], None]] = []
_collectors = threading.local()


def subscribe(listener: Callable[[ChangeSet], None]) -> Callable[[], None]:
    """Call ``listener`` after every commit in this process that changed something (on the committing
    thread); returns the call that unsubscribes it."""
    _listeners.append(listener)

    def unsubscribe() -> None:
        if listener in _listeners:
            _listeners.remove(listener)

    return unsubscribe


@contextmanager
def collecting() -> Iterator[list[ChangeSet]]:
    """What the commits made on this thread inside the block changed (how an operation says what it did)."""
    stack: list[list[ChangeSet]] = getattr(_collectors, "stack", None) or []
    _collectors.stack = stack
    found: list[ChangeSet] = []
    stack.append(found)
    try:
        yield found
    finally:
        stack.remove(found)


def _publish(changes: ChangeSet) -> None:
    for found in getattr(_collectors, "stack", None) or []:
        found.append(changes)
    for listener in list(_listeners):
        listener(changes)
