"""The unit registry: one function per thing the clerk does with units.

A unit that anything refers to is never deleted: it is dissolved, or merged into another
unit whose history then shows the merged unit's history too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from desktop_app.domain.i18n import _
from desktop_app.domain.units import (
    EVENT_LABELS,
    FIELD_LABELS,
    GRASSROOTS_KIND,
    Problem,
    Sector,
    UnitDraft,
    UnitForm,
    UnitKind,
    in_field_order,
    parse_unit_form,
    validate_unit,
)
from desktop_app.domain.vntext import format_date
from desktop_app.persistence.models import SectorRow, UnitEventRow, UnitKindRow, UnitRow
from desktop_app.persistence.unit_of_work import UnitOfWork, UnitOfWorkFactory
from desktop_app.services.errors import Conflict, NotFound, UserError, ValidationFailed
from desktop_app.services.unit_records import UnitRecord as UnitRecord


@dataclass(frozen=True)
class UnitEvent:
    """One line of a unit's history, with the unit it happened to (a merged unit's lines show too)."""

    on_date: date
    kind: str
    label: str
    unit_code: str
    unit_name: str
    other_unit_name: str
    detail: str
    recorded_at: datetime


def to_record(row: UnitRow) -> UnitRecord:
    return UnitRecord(
        id=row.id,
        uuid=row.uuid,
        code=row.code,
        name=row.name,
        short_name=row.short_name,
        kind=row.kind.code,
        kind_name=row.kind.name,
        parent_code=row.parent.code if row.parent else None,
        sector=row.sector.code if row.sector else None,
        sector_name=row.sector.name if row.sector else "",
        members=row.members,
        female_members=row.female_members,
        workers=row.workers,
        chair=row.chair,
        phone=row.phone,
        email=row.email,
        address=row.address,
        founded=row.founded,
        dissolved=row.dissolved,
        merged_into_code=row.merged_into.code if row.merged_into else None,
        notes=row.notes,
        is_home=row.is_home,
        revision=row.revision,
        updated_at=row.updated_at,
    )


_DRAFT_COLUMNS = (
    "code", "name", "short_name", "members", "female_members", "workers",
    "chair", "phone", "email", "address", "founded", "dissolved", "notes",
)  # fmt: skip


@dataclass
class _Known:
    """What validation compares a draft with, loaded once per transaction."""

    sectors: dict[str, SectorRow]
    kinds: dict[str, UnitKindRow]
    codes: dict[str, str]

    @classmethod
    def load(cls, uow: UnitOfWork) -> _Known:
        return cls(
            sectors={s.code: s for s in uow.units.sectors()},
            kinds={k.code: k for k in uow.units.kinds()},
            codes=uow.units.code_names(),
        )


class UnitService:
    """Units of the office's subtree. ``clock`` gives today's date (tests pin it)."""

    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Callable[[], date] = date.today) -> None:
        self._uow = uow_factory
        self._clock = clock

    # -- reading ---------------------------------------------------------------------------
    def list_units(self, include_dissolved: bool = True) -> list[UnitRecord]:
        """The home unit's subtree below it (the CĐCS the office looks after)."""
        with self._uow().reading() as uow:
            home = uow.units.home()
            rows = [row for row in uow.units.all() if not row.is_home and (home is None or row.id != home.parent_id)]
            records = [to_record(row) for row in rows]
        if not include_dissolved:
            records = [r for r in records if r.dissolved is None]
        return records

    def get(self, unit_id: int) -> UnitRecord:
        with self._uow().reading() as uow:
            return to_record(self._row(uow, unit_id))

    def by_code(self, code: str) -> UnitRecord:
        with self._uow().reading() as uow:
            row = uow.units.by_code(code)
            if row is None:
                raise NotFound(_("Không có đơn vị mã «{code}».").format(code=code))
            return to_record(row)

    def sectors(self) -> list[Sector]:
        with self._uow().reading() as uow:
            return [Sector(s.code, s.name) for s in uow.units.sectors() if not s.retired]

    def kinds(self) -> list[UnitKind]:
        with self._uow().reading() as uow:
            return [UnitKind(k.code, k.name, k.level, k.grassroots) for k in uow.units.kinds() if not k.retired]

    def history(self, unit_id: int) -> list[UnitEvent]:
        """The unit's own history plus that of every unit merged into it, in the order recorded.

        Each line is dated the day it took effect (a dissolution recorded today may be dated earlier).
        """
        with self._uow().reading() as uow:
            self._row(uow, unit_id)
            ids: list[int] = []
            pending = [unit_id]
            while pending:
                current = pending.pop()
                ids.append(current)
                pending.extend(u.id for u in uow.units.merged_into(current) if u.id not in ids)
            events = []
            for event in uow.units.events_of(ids):
                unit = uow.units.get(event.unit_id)
                other = uow.units.get(event.other_unit_id) if event.other_unit_id else None
                assert unit is not None
                events.append(
                    UnitEvent(
                        on_date=event.on_date,
                        kind=event.kind,
                        label=EVENT_LABELS.get(event.kind, event.kind),
                        unit_code=unit.code,
                        unit_name=unit.name,
                        other_unit_name=other.name if other else "",
                        detail=event.detail,
                        recorded_at=event.recorded_at,
                    )
                )
            return events

    # -- writing ---------------------------------------------------------------------------
    def create(self, draft: UnitDraft) -> UnitRecord:
        return self.create_many([draft])[0]

    def create_many(self, drafts: list[UnitDraft], event_kind: str = "created", detail: str = "") -> list[UnitRecord]:
        """Add units under the home unit in one transaction: all of them, or none when one is invalid."""
        return self._create([(d.normalised(), []) for d in drafts], event_kind, detail)

    def check_form(self, form: UnitForm, unit_id: int | None = None) -> list[Problem]:
        """Every problem with what the clerk typed, all at once (unreadable counts and dates, every
        rule, a code already used); ``unit_id`` is the unit being edited. Nothing is stored."""
        draft, unreadable = parse_unit_form(form)
        with self._uow().reading() as uow:
            known = _Known.load(uow)
            if unit_id is not None:
                known.codes.pop(self._row(uow, unit_id).code, None)
            return self._problems(known, draft, unreadable)

    def create_form(self, form: UnitForm) -> UnitRecord:
        """``create`` from the dialog's text; ValidationFailed lists every problem at once."""
        return self._create([parse_unit_form(form)], "created", "")[0]

    def update_form(self, unit_id: int, form: UnitForm, expected_revision: int | None = None) -> UnitRecord:
        """``update`` from the dialog's text; ValidationFailed lists every problem at once."""
        draft, unreadable = parse_unit_form(form)
        return self._update(unit_id, draft, expected_revision, unreadable)

    def _create(
        self, drafts: list[tuple[UnitDraft, list[Problem]]], event_kind: str, detail: str
    ) -> list[UnitRecord]:
        with self._uow() as uow:
            home = self._home(uow)
            known = _Known.load(uow)
            rows = []
            for draft, unreadable in drafts:
                self._check(known, draft, unreadable)
                known.codes[draft.code] = draft.name
                row = UnitRow(owner_code=home.code, parent_id=home.id, is_home=False)
                self._apply(known, row, draft)
                rows.append(row)
            uow.units.add_all(rows)
            for row, (draft, _unreadable) in zip(rows, drafts, strict=True):
                # The history line says when the unit entered the list; its founding day is a field.
                self._event(uow, row, event_kind, self._clock(), detail)
                if draft.dissolved is not None:
                    self._event(uow, row, "dissolved", draft.dissolved, "")
            uow.commit()
            return [to_record(row) for row in rows]

    def update(self, unit_id: int, draft: UnitDraft, expected_revision: int | None = None) -> UnitRecord:
        return self._update(unit_id, draft.normalised(), expected_revision, [])

    def _update(
        self, unit_id: int, draft: UnitDraft, expected_revision: int | None, unreadable: list[Problem]
    ) -> UnitRecord:
        with self._uow() as uow:
            row = self._row(uow, unit_id)
            if expected_revision is not None and row.revision != expected_revision:
                raise Conflict(
                    _("Đơn vị «{name}» vừa được sửa ở nơi khác. Hãy mở lại để xem thông tin mới nhất.").format(
                        name=row.name
                    )
                )
            if row.merged_into_id is not None:
                raise UserError(_("Đơn vị «{name}» đã sáp nhập, không sửa được nữa.").format(name=row.name))
            known = _Known.load(uow)
            del known.codes[row.code]
            self._check(known, draft, unreadable)
            before = to_record(row).draft()
            self._apply(known, row, draft)
            changed = [
                FIELD_LABELS[name]
                for name in (*_DRAFT_COLUMNS, "sector", "kind")
                if getattr(before, name) != getattr(draft, name)
            ]
            if changed:
                self._event(uow, row, "edited", self._clock(), ", ".join(changed))
            uow.commit()
            return to_record(row)

    def dissolve(self, unit_id: int, on_date: date, reason: str = "") -> UnitRecord:
        with self._uow() as uow:
            row = self._row(uow, unit_id)
            if row.is_home:
                raise UserError(_("Không giải thể đơn vị của chính văn phòng."))
            if row.dissolved is not None:
                raise UserError(
                    _("Đơn vị «{name}» đã giải thể ngày {day}.").format(name=row.name, day=format_date(row.dissolved))
                )
            self._check_day(row, on_date, _("Ngày giải thể"))
            row.dissolved = on_date
            self._event(uow, row, "dissolved", on_date, reason.strip())
            uow.commit()
            return to_record(row)

    def reinstate(self, unit_id: int) -> UnitRecord:
        """Undo a dissolution (not a merge: the merged unit's history now lives with another)."""
        with self._uow() as uow:
            row = self._row(uow, unit_id)
            if row.merged_into_id is not None:
                raise UserError(_("Đơn vị «{name}» đã sáp nhập, không hủy giải thể được.").format(name=row.name))
            if row.dissolved is None:
                raise UserError(_("Đơn vị «{name}» đang hoạt động.").format(name=row.name))
            row.dissolved = None
            self._event(uow, row, "reinstated", self._clock(), "")
            uow.commit()
            return to_record(row)

    def merge(self, source_id: int, target_id: int, on_date: date, note: str = "") -> UnitRecord:
        """Merge ``source`` into ``target``: the source is closed, its members move to the target."""
        with self._uow() as uow:
            source = self._row(uow, source_id)
            target = self._row(uow, target_id)
            if source.id == target.id:
                raise UserError(_("Không sáp nhập một đơn vị vào chính nó."))
            if source.is_home or target.is_home:
                raise UserError(_("Không sáp nhập đơn vị của chính văn phòng."))
            if source.dissolved is not None:
                raise UserError(_("Đơn vị «{name}» đã giải thể hoặc sáp nhập.").format(name=source.name))
            if target.dissolved is not None:
                raise UserError(_("Không sáp nhập vào «{name}» vì đơn vị này đã giải thể.").format(name=target.name))
            self._check_day(source, on_date, _("Ngày sáp nhập"))
            moved = []
            for name in ("members", "female_members", "workers"):
                extra = getattr(source, name)
                if extra:
                    setattr(target, name, (getattr(target, name) or 0) + extra)
                    moved.append(f"{FIELD_LABELS[name]}: +{extra}")
            source.dissolved = on_date
            source.merged_into_id = target.id
            detail = "; ".join(part for part in (note.strip(), ", ".join(moved)) if part)
            self._event(uow, source, "merged_into", on_date, note.strip(), other=target)
            self._event(uow, target, "absorbed", on_date, detail, other=source)
            uow.commit()
            return to_record(target)

    # -- helpers ---------------------------------------------------------------------------
    def _row(self, uow: UnitOfWork, unit_id: int) -> UnitRow:
        row = uow.units.get(unit_id)
        if row is None:
            raise NotFound(_("Không tìm thấy đơn vị (mã số nội bộ {id}).").format(id=unit_id))
        return row

    def _home(self, uow: UnitOfWork) -> UnitRow:
        home = uow.units.home()
        if home is None:
            raise UserError(_("Chưa khai báo đơn vị của văn phòng. Hãy hoàn tất bước thiết lập ban đầu."))
        return home

    def _check(self, known: _Known, draft: UnitDraft, unreadable: list[Problem]) -> None:
        problems = self._problems(known, draft, unreadable)
        if problems:
            raise ValidationFailed(problems)

    def _problems(self, known: _Known, draft: UnitDraft, unreadable: list[Problem]) -> list[Problem]:
        problems = [*unreadable, *validate_unit(draft, self._clock(), set(known.sectors))]
        if draft.kind not in known.kinds:
            problems.append(Problem("kind", _("Cấp đơn vị «{kind}» không có.").format(kind=draft.kind)))
        if draft.code in known.codes:
            problems.append(
                Problem(
                    "code",
                    _("Mã «{code}» đã dùng cho đơn vị «{name}».").format(code=draft.code, name=known.codes[draft.code]),
                )
            )
        return in_field_order(problems)

    def _check_day(self, row: UnitRow, on_date: date, label: str) -> None:
        if on_date > self._clock():
            raise UserError(_("{label} {day} ở sau ngày hôm nay.").format(label=label, day=format_date(on_date)))
        if row.founded is not None and on_date < row.founded:
            raise UserError(
                _("{label} {day} ở trước ngày thành lập {founded} của «{name}».").format(
                    label=label, day=format_date(on_date), founded=format_date(row.founded), name=row.name
                )
            )

    def _apply(self, known: _Known, row: UnitRow, draft: UnitDraft) -> None:
        for name in _DRAFT_COLUMNS:
            if name == "dissolved" and row.id is not None:
                continue  # dissolving has its own action, with a history line
            setattr(row, name, getattr(draft, name))
        row.kind = known.kinds[draft.kind or GRASSROOTS_KIND]
        row.sector = known.sectors[draft.sector] if draft.sector else None

    def _event(
        self, uow: UnitOfWork, row: UnitRow, kind: str, on_date: date, detail: str, other: UnitRow | None = None
    ) -> None:
        uow.units.add_event(
            UnitEventRow(
                unit=row,
                kind=kind,
                on_date=on_date,
                detail=detail,
                other_unit=other,
                owner_code=row.owner_code,
            )
        )
