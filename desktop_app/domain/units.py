"""Units of the union tree as plain data, and the rules a unit record must obey.

The same rules check a unit typed in the edit dialog and a row imported from a workbook,
so both report problems in the same words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace
from datetime import date

from desktop_app.domain.i18n import _
from desktop_app.domain.vntext import clean, format_date, nfc

# The kind codes the app itself relies on; every other kind is data the office edits.
GRASSROOTS_KIND = "CDCS"

_CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a unit record; ``field`` is the attribute name it concerns."""

    field: str
    message: str


@dataclass(frozen=True)
class UnitDraft:
    """A unit as the clerk types it or a workbook row gives it, before it is stored."""

    code: str
    name: str
    short_name: str = ""
    kind: str = GRASSROOTS_KIND
    sector: str | None = None
    members: int | None = None
    female_members: int | None = None
    workers: int | None = None
    chair: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    founded: date | None = None
    dissolved: date | None = None
    notes: str = ""
    extra: dict[str, str] = field(default_factory=dict, compare=False)

    def normalised(self) -> UnitDraft:
        """Every text field cleaned to NFC with collapsed spaces; notes keep their line breaks."""
        changes: dict[str, object] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "notes" and isinstance(value, str):
                changes[f.name] = nfc(value).strip()
            elif f.name == "code" and isinstance(value, str):
                changes[f.name] = clean(value).upper()
            elif isinstance(value, str):
                changes[f.name] = clean(value)
        return replace(self, **changes)  # type: ignore[arg-type]


# Field labels as the clerk sees them (used in messages and column headers).
FIELD_LABELS: dict[str, str] = {
    "code": _("Mã đơn vị"),
    "name": _("Tên đơn vị"),
    "short_name": _("Tên viết tắt"),
    "kind": _("Cấp đơn vị"),
    "sector": _("Khu vực"),
    "members": _("Số đoàn viên"),
    "female_members": _("Đoàn viên nữ"),
    "workers": _("Số lao động"),
    "chair": _("Chủ tịch CĐCS"),
    "phone": _("Điện thoại"),
    "email": _("Thư điện tử"),
    "address": _("Địa chỉ"),
    "founded": _("Ngày thành lập"),
    "dissolved": _("Ngày giải thể"),
    "notes": _("Ghi chú"),
}


def validate_unit(draft: UnitDraft, today: date, known_sectors: set[str] | None = None) -> list[Problem]:
    """Every rule a unit breaks, in field order; an empty list means it may be stored.

    ``known_sectors`` holds the sector codes the office has defined; None skips that check.
    """
    problems: list[Problem] = []

    def add(name: str, message: str) -> None:
        problems.append(Problem(name, message))

    if not draft.code:
        add("code", _("Chưa nhập mã đơn vị."))
    elif not _CODE_RE.match(draft.code):
        add(
            "code",
            _("Mã đơn vị «{code}» chỉ được gồm chữ không dấu, chữ số, dấu chấm, gạch ngang, gạch dưới "
              "(tối đa 32 ký tự).").format(code=draft.code),
        )
    if not draft.name:
        add("name", _("Chưa nhập tên đơn vị."))
    elif len(draft.name) > 255:
        add("name", _("Tên đơn vị dài quá 255 ký tự."))
    if len(draft.short_name) > 64:
        add("short_name", _("Tên viết tắt dài quá 64 ký tự."))
    if draft.sector is not None and known_sectors is not None and draft.sector not in known_sectors:
        add("sector", _("Khu vực «{sector}» không có trong danh mục khu vực.").format(sector=draft.sector))
    for name in ("members", "female_members", "workers"):
        value = getattr(draft, name)
        if value is not None and value < 0:
            add(name, _("{label} không được âm ({value}).").format(label=FIELD_LABELS[name], value=value))
    if (
        draft.members is not None
        and draft.female_members is not None
        and draft.female_members > draft.members >= 0
    ):
        add(
            "female_members",
            _("Số đoàn viên nữ ({female}) lớn hơn tổng số đoàn viên ({members}).").format(
                female=draft.female_members, members=draft.members
            ),
        )
    if draft.email and not _EMAIL_RE.match(draft.email):
        add("email", _("Địa chỉ thư điện tử «{email}» không hợp lệ.").format(email=draft.email))
    if draft.founded is not None and draft.founded > today:
        add(
            "founded",
            _("Ngày thành lập {founded} ở sau ngày hôm nay ({today}).").format(
                founded=format_date(draft.founded), today=format_date(today)
            ),
        )
    if draft.dissolved is not None:
        if draft.dissolved > today:
            add(
                "dissolved",
                _("Ngày giải thể {day} ở sau ngày hôm nay ({today}).").format(
                    day=format_date(draft.dissolved), today=format_date(today)
                ),
            )
        if draft.founded is not None and draft.dissolved < draft.founded:
            add(
                "dissolved",
                _("Ngày giải thể {day} ở trước ngày thành lập {founded}.").format(
                    day=format_date(draft.dissolved), founded=format_date(draft.founded)
                ),
            )
    return problems


@dataclass(frozen=True)
class UnitKind:
    """A level of the union tree as the office names it (reforms rename levels, so this is data)."""

    code: str
    name: str
    level: int
    grassroots: bool = False


@dataclass(frozen=True)
class Sector:
    """A sector (khu vực) grouping grassroots units in reports and filters."""

    code: str
    name: str


# What a new database starts with; the office may rename, add or retire entries.
DEFAULT_UNIT_KINDS: tuple[UnitKind, ...] = (
    UnitKind("TLD", "Tổng Liên đoàn Lao động Việt Nam", 1),
    UnitKind("LDLD_TINH", "Liên đoàn Lao động tỉnh, thành phố", 2),
    UnitKind("CD_NGANH", "Công đoàn ngành trung ương và tương đương", 2),
    UnitKind("LDLD_HUYEN", "Liên đoàn Lao động huyện, quận, thị xã, thành phố", 3),
    UnitKind("CD_CTTCS", "Công đoàn cấp trên trực tiếp cơ sở khác", 3),
    UnitKind(GRASSROOTS_KIND, "Công đoàn cơ sở", 4, grassroots=True),
    UnitKind("NDCS", "Nghiệp đoàn cơ sở", 4, grassroots=True),
)

DEFAULT_SECTORS: tuple[Sector, ...] = (
    Sector("HCSN", "Hành chính sự nghiệp"),
    Sector("DNNN", "Doanh nghiệp nhà nước"),
    Sector("NNN", "Doanh nghiệp ngoài nhà nước"),
    Sector("FDI", "Doanh nghiệp có vốn đầu tư nước ngoài"),
    Sector("HTX", "Hợp tác xã"),
    Sector("KHAC", "Khác"),
)
