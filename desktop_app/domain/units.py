"""Units of the union tree as plain data, and the rules a unit record must obey.

The same rules check a unit typed in the edit dialog and a row imported from a workbook,
so both report problems in the same words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace
from datetime import date

from desktop_app.domain.i18n import _
from desktop_app.domain.vntext import clean, format_date, format_number, nfc, parse_date, parse_number, search_key

# The kind codes the app itself relies on; every other kind is data the office edits.
GRASSROOTS_KIND = "CDCS"

_CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# Members and workers of one unit: the largest Vietnamese employers have a few hundred thousand, and
# the database stores 64-bit integers; anything past this is a typing or formula mistake.
MAX_COUNT = 10_000_000
COUNT_FIELDS = ("members", "female_members", "workers")

# History line kinds, and how the history view words them.
EVENT_LABELS: dict[str, str] = {
    "created": _("Thêm vào danh sách"),
    "imported": _("Nhập từ Excel"),
    "edited": _("Sửa thông tin"),
    "dissolved": _("Giải thể"),
    "reinstated": _("Hủy giải thể"),
    "merged_into": _("Sáp nhập vào đơn vị khác"),
    "absorbed": _("Nhận sáp nhập"),
}


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
    for name in COUNT_FIELDS:
        value = getattr(draft, name)
        if value is not None and value < 0:
            add(name, _("{label} không được âm ({value}).").format(label=FIELD_LABELS[name], value=value))
        elif value is not None and value > MAX_COUNT:
            add(name, too_large_message(name, format_number(value)))
    if (
        draft.members is not None
        and draft.female_members is not None
        and 0 <= draft.members < draft.female_members <= MAX_COUNT
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


def too_large_message(name: str, shown: str) -> str:
    if len(shown) > 24:
        shown = shown[:23] + "…"
    return _("{label} lớn quá ({value}); một đơn vị có nhiều nhất {limit}.").format(
        label=FIELD_LABELS[name], value=shown, limit=format_number(MAX_COUNT)
    )


def read_count(name: str, text: str) -> int | None:
    """A count as typed ("1.234"); None when blank. Raises ValueError with the clerk's message."""
    shown = clean(text)
    if not shown:
        return None
    if sum(ch.isdigit() for ch in shown) > len(str(MAX_COUNT)) + 4:
        # Python refuses to turn thousands of digits into an int, in English; say it ourselves.
        raise ValueError(too_large_message(name, shown[:20] + ("…" if len(shown) > 20 else "")))
    try:
        value = parse_number(shown)
    except ValueError as exc:
        raise ValueError(_("{label}: {reason}").format(label=FIELD_LABELS[name], reason=exc)) from exc
    if not isinstance(value, int):
        raise ValueError(
            _("{label} phải là số nguyên, không phải «{value}».").format(label=FIELD_LABELS[name], value=shown)
        )
    return value


@dataclass(frozen=True)
class UnitForm:
    """The unit dialog's fields as typed: counts and the founding date are still text."""

    code: str
    name: str
    short_name: str = ""
    kind: str = GRASSROOTS_KIND
    sector: str | None = None
    members: str = ""
    female_members: str = ""
    workers: str = ""
    chair: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    founded: str = ""
    dissolved: date | None = None
    notes: str = ""


def parse_unit_form(form: UnitForm) -> tuple[UnitDraft, list[Problem]]:
    """The draft the form describes, and the counts/dates that could not be read (left empty in it)."""
    unreadable: list[Problem] = []
    counts: dict[str, int | None] = {}
    for name in COUNT_FIELDS:
        try:
            counts[name] = read_count(name, getattr(form, name))
        except ValueError as exc:
            counts[name] = None
            unreadable.append(Problem(name, str(exc)))
    founded: date | None = None
    if clean(form.founded):
        try:
            founded = parse_date(form.founded)
        except ValueError as exc:
            unreadable.append(Problem("founded", str(exc)))
    draft = UnitDraft(
        code=form.code,
        name=form.name,
        short_name=form.short_name,
        kind=form.kind or GRASSROOTS_KIND,
        sector=form.sector,
        members=counts["members"],
        female_members=counts["female_members"],
        workers=counts["workers"],
        chair=form.chair,
        phone=form.phone,
        email=form.email,
        address=form.address,
        founded=founded,
        dissolved=form.dissolved,
        notes=form.notes,
    ).normalised()
    return draft, unreadable


_FIELD_ORDER = {f.name: index for index, f in enumerate(fields(UnitDraft))}


def in_field_order(problems: list[Problem]) -> list[Problem]:
    """Problems sorted as the fields appear in the form (stable within a field)."""
    return sorted(problems, key=lambda p: _FIELD_ORDER.get(p.field, len(_FIELD_ORDER)))


def read_unit_form(
    form: UnitForm, today: date, known_sectors: set[str] | None = None
) -> tuple[UnitDraft, list[Problem]]:
    """The draft the form describes and every problem with it at once, in field order.

    A count or date that cannot be read is reported and left empty in the draft, and the other
    rules are still checked, so the clerk sees all mistakes in one round.
    """
    draft, unreadable = parse_unit_form(form)
    return draft, in_field_order([*unreadable, *validate_unit(draft, today, known_sectors)])


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


# Other ways offices write the default sectors (short forms, "DN" for "doanh nghiệp", older names).
# They apply only to the sectors the office still has under these codes.
SECTOR_ALIASES: dict[str, tuple[str, ...]] = {
    "HCSN": ("Hành chính sự nghiệp", "HC-SN", "Cơ quan hành chính sự nghiệp", "Đơn vị hành chính sự nghiệp"),
    "DNNN": ("Doanh nghiệp nhà nước", "DN nhà nước", "Nhà nước", "Doanh nghiệp quốc doanh", "Quốc doanh"),
    "NNN": (
        "Ngoài nhà nước", "DN ngoài nhà nước", "Doanh nghiệp ngoài nhà nước", "DNNNN", "Ngoài quốc doanh",
        "DN ngoài quốc doanh", "Doanh nghiệp ngoài quốc doanh", "Doanh nghiệp tư nhân ngoài nhà nước",
    ),
    "FDI": (
        "Doanh nghiệp có vốn đầu tư nước ngoài", "DN có vốn đầu tư nước ngoài", "Có vốn đầu tư nước ngoài",
        "Vốn đầu tư nước ngoài", "Đầu tư nước ngoài", "DN FDI", "Doanh nghiệp FDI", "DN có vốn ĐTNN",
        "Có vốn ĐTNN", "ĐTNN", "DN ĐTNN", "Doanh nghiệp ĐTNN",
    ),
    "HTX": ("Hợp tác xã", "Liên hiệp hợp tác xã"),
    "KHAC": ("Khác", "Loại khác"),
}  # fmt: skip
# Words that may stand before a sector name in a cell ("Khối HCSN", "Khu vực ngoài nhà nước").
_SECTOR_PREFIXES = ("khu vuc ", "khoi ", "loai hinh ", "nhom ")


def sector_key(text: str) -> str:
    """How a sector cell is compared: accents, case, punctuation, soft hyphens and a leading "Khối" ignored."""
    key = " ".join(re.sub(r"[^0-9a-z]+", " ", search_key(clean(text))).split())
    for prefix in _SECTOR_PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix):
            key = key[len(prefix) :]
            break
    words = ["doanh nghiep" if word == "dn" else word for word in key.split()]
    return " ".join(words)


def sector_index(sectors: list[Sector]) -> dict[str, str]:
    """Sector key -> code for every code, name and alias of ``sectors`` (codes and names win over aliases)."""
    index: dict[str, str] = {}
    for sector in sectors:
        index.setdefault(sector_key(sector.code), sector.code)
    for sector in sectors:
        index.setdefault(sector_key(sector.name), sector.code)
    for sector in sectors:
        for alias in SECTOR_ALIASES.get(sector.code, ()):
            index.setdefault(sector_key(alias), sector.code)
    return index
