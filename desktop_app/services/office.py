"""The office itself: its home unit, the body above it and the default signer (first-run setup)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from desktop_app.domain.i18n import _
from desktop_app.domain.units import Problem
from desktop_app.domain.vntext import clean, search_key
from desktop_app.persistence.models import SignerRow, UnitEventRow, UnitRow
from desktop_app.persistence.unit_of_work import UnitOfWork, UnitOfWorkFactory
from desktop_app.services.errors import UserError, ValidationFailed
from desktop_app.services.units import UnitRecord, to_record


@dataclass(frozen=True)
class SignerInfo:
    authority: str
    title: str
    name: str


@dataclass(frozen=True)
class HomeSetup:
    """What the first-run wizard asks for."""

    name: str
    kind: str
    abbreviation: str
    place_name: str
    parent_name: str
    parent_kind: str
    signer: SignerInfo
    short_name: str = ""
    code: str = ""


@dataclass(frozen=True)
class OfficeProfile:
    home: UnitRecord
    abbreviation: str
    place_name: str
    parent: UnitRecord | None
    signer: SignerInfo | None


def code_from_name(name: str) -> str:
    """A stable ASCII code from a unit's name: initials of its words ("LĐLĐ huyện Dương Minh Châu" → "LHDMC")."""
    words = re.findall(r"[a-z0-9]+", search_key(name))
    return "".join(w[0] for w in words).upper()[:16] or "DONVI"


class OfficeService:
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Callable[[], date] = date.today) -> None:
        self._uow = uow_factory
        self._clock = clock

    def is_set_up(self) -> bool:
        with self._uow().reading() as uow:
            return uow.units.home() is not None

    def profile(self) -> OfficeProfile:
        with self._uow().reading() as uow:
            home = uow.units.home()
            if home is None:
                raise UserError(_("Chưa khai báo đơn vị của văn phòng."))
            signer = uow.office.default_signer()
            return OfficeProfile(
                home=to_record(home),
                abbreviation=home.abbreviation,
                place_name=home.place_name,
                parent=to_record(home.parent) if home.parent else None,
                signer=SignerInfo(signer.authority, signer.title, signer.name) if signer else None,
            )

    def set_up(self, setup: HomeSetup) -> OfficeProfile:
        """Create the home unit, its parent body and the default signer; only on an empty office."""
        problems = _setup_problems(setup)
        if problems:
            raise ValidationFailed(problems)
        with self._uow() as uow:
            if uow.units.home() is not None:
                raise UserError(_("Văn phòng đã được thiết lập; hãy sửa thông tin trong Cài đặt."))
            code = clean(setup.code).upper() or code_from_name(setup.name)
            parent = self._ensure_parent(uow, setup, code)
            kind = uow.units.kind_by_code(setup.kind)
            if kind is None:
                raise ValidationFailed([Problem("kind", _("Chưa chọn cấp của đơn vị."))])
            existing = uow.units.by_code(code)
            if existing is not None:
                raise ValidationFailed(
                    [Problem("code", _("Mã «{code}» đã dùng cho «{name}».").format(code=code, name=existing.name))]
                )
            home = UnitRow(
                code=code,
                name=clean(setup.name),
                short_name=clean(setup.short_name),
                kind=kind,
                parent_id=parent.id if parent else None,
                owner_code=code,
                is_home=True,
                abbreviation=clean(setup.abbreviation),
                place_name=clean(setup.place_name),
                chair=clean(setup.signer.name),
            )
            uow.units.add(home)
            if parent is not None:
                parent.owner_code = code
            for row in (home, parent):
                if row is not None:
                    uow.units.add_event(
                        UnitEventRow(unit_id=row.id, kind="created", on_date=self._clock(), owner_code=code)
                    )
            self._store_signer(uow, code, setup.signer)
            uow.commit()
        return self.profile()

    def update_office(
        self,
        name: str,
        short_name: str,
        abbreviation: str,
        place_name: str,
        signer: SignerInfo,
        parent_name: str | None = None,
        parent_kind: str = "",
    ) -> OfficeProfile:
        """Correct the office's name, abbreviation in symbols, place name, default signer and (when
        ``parent_name`` is given) its parent body and that body's level, together in one transaction."""
        probe = HomeSetup(
            name=name,
            kind="",
            abbreviation=abbreviation,
            place_name=place_name,
            parent_name="",
            parent_kind="",
            signer=signer,
        )
        problems = _setup_problems(probe)
        if problems:
            raise ValidationFailed(problems)
        with self._uow() as uow:
            home = uow.units.home()
            if home is None:
                raise UserError(_("Chưa khai báo đơn vị của văn phòng."))
            changed = [
                label
                for label, before, after in (
                    (_("Tên đơn vị"), home.name, clean(name)),
                    (_("Tên viết tắt"), home.short_name, clean(short_name)),
                    (_("Tên viết tắt trong ký hiệu văn bản"), home.abbreviation, clean(abbreviation)),
                    (_("Địa danh"), home.place_name, clean(place_name)),
                )
                if before != after
            ]
            if parent_name is not None:
                changed += self._update_parent(uow, home, parent_name, parent_kind)
            if changed:
                home.name, home.short_name = clean(name), clean(short_name)
                home.abbreviation, home.place_name = clean(abbreviation), clean(place_name)
                uow.units.add_event(
                    UnitEventRow(
                        unit=home, kind="edited", on_date=self._clock(), detail=", ".join(changed), owner_code=home.code
                    )
                )
            self._store_signer(uow, home.code, signer)
            uow.commit()
        return self.profile()

    def _update_parent(self, uow: UnitOfWork, home: UnitRow, parent_name: str, parent_kind: str) -> list[str]:
        """Rename the parent body or change its level (a new one when there was none); what changed."""
        name = clean(parent_name)
        current = home.parent
        if not name:
            if current is None:
                return []
            home.parent_id = None
            return [_("Đơn vị cấp trên")]
        kind = uow.units.kind_by_code(parent_kind)
        if kind is None:
            raise ValidationFailed([Problem("parent_kind", _("Chưa chọn cấp của đơn vị cấp trên."))])
        if current is None:
            setup = HomeSetup(
                name=home.name, kind="", abbreviation="", place_name="", parent_name=name,
                parent_kind=parent_kind, signer=SignerInfo("", "", ""),
            )
            created = self._ensure_parent(uow, setup, home.code)
            assert created is not None
            home.parent_id = created.id
            return [_("Đơn vị cấp trên")]
        changed = []
        if current.name != name:
            current.name = name
            changed.append(_("Đơn vị cấp trên"))
        if current.kind_id != kind.id:
            current.kind = kind
            changed.append(_("Cấp của đơn vị cấp trên"))
        return changed

    def _ensure_parent(self, uow: UnitOfWork, setup: HomeSetup, home_code: str) -> UnitRow | None:
        if not clean(setup.parent_name):
            return None
        kind = uow.units.kind_by_code(setup.parent_kind)
        if kind is None:
            raise ValidationFailed([Problem("parent_kind", _("Chưa chọn cấp của đơn vị cấp trên."))])
        code = code_from_name(setup.parent_name)
        if code == home_code:
            code = f"{code}_CT"
        parent = uow.units.by_code(code)
        if parent is None:
            parent = uow.units.add(UnitRow(code=code, name=clean(setup.parent_name), kind=kind, owner_code=home_code))
        return parent

    def _store_signer(self, uow: UnitOfWork, owner_code: str, signer: SignerInfo) -> None:
        current = uow.office.default_signer()
        if current is not None:
            wanted = (clean(signer.authority).upper(), clean(signer.title).upper(), clean(signer.name))
            if (current.authority, current.title, current.name) != wanted:
                current.authority, current.title, current.name = wanted
            return
        uow.office.add_signer(
            SignerRow(
                authority=clean(signer.authority).upper(),
                title=clean(signer.title).upper(),
                name=clean(signer.name),
                is_default=True,
                owner_code=owner_code,
            )
        )


def _setup_problems(setup: HomeSetup) -> list[Problem]:
    problems = []
    if not clean(setup.name):
        problems.append(Problem("name", _("Chưa nhập tên đơn vị của văn phòng.")))
    if not clean(setup.abbreviation):
        problems.append(Problem("abbreviation", _("Chưa nhập tên viết tắt dùng trong ký hiệu văn bản (ví dụ LĐLĐ).")))
    elif re.search(r"[\s/]", clean(setup.abbreviation)):
        problems.append(Problem("abbreviation", _("Tên viết tắt trong ký hiệu văn bản không có dấu cách hay dấu «/».")))
    if not clean(setup.place_name):
        message = _("Chưa nhập địa danh ghi ở dòng ngày tháng (ví dụ Huyện Dương Minh Châu).")
        problems.append(Problem("place_name", message))
    if not clean(setup.signer.title) or not clean(setup.signer.name):
        problems.append(Problem("signer", _("Người ký mặc định cần có chức danh và họ tên.")))
    return problems
