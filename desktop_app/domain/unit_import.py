"""Turn the raw rows of a clerk's unit list (a workbook sheet) into checked unit drafts.

Which column is which is guessed from the header text the way offices write it; every cell that
cannot be used is reported by sheet row and column letter so the clerk can fix the file.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from desktop_app.domain.i18n import _
from desktop_app.domain.units import (
    FIELD_LABELS,
    GRASSROOTS_KIND,
    Sector,
    UnitDraft,
    read_count,
    sector_index,
    sector_key,
    validate_unit,
)
from desktop_app.domain.vntext import clean, format_date, parse_date, search_key

# Header texts as offices write them, per UnitDraft field; FIELD_LABELS are added below so the
# app's own export always maps back.
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "code": ("Mã", "Mã số", "Mã đơn vị", "Mã CĐCS"),
    "name": ("Tên CĐCS", "Tên công đoàn cơ sở", "Tên đơn vị", "Công đoàn cơ sở", "Đơn vị"),
    "short_name": ("Tên viết tắt", "Tên tắt"),
    "kind": (),
    "sector": ("Khu vực", "Loại hình", "Khối"),
    "members": ("Số đoàn viên", "Tổng số đoàn viên", "Đoàn viên", "Số ĐV"),
    "female_members": ("Trong đó nữ", "Nữ", "Đoàn viên nữ", "ĐV nữ"),
    "workers": ("Số lao động", "Tổng số lao động", "CNVCLĐ", "Số CNVCLĐ", "Lao động"),
    "chair": ("Chủ tịch", "Chủ tịch CĐCS", "Họ tên chủ tịch"),
    "phone": ("Điện thoại", "SĐT", "Số điện thoại"),
    "email": ("Email", "E-mail", "Thư điện tử"),
    "address": ("Địa chỉ",),
    "founded": ("Ngày thành lập", "Thành lập"),
    "dissolved": (),
    "notes": ("Ghi chú",),
}
# Row-number columns: recognised so they never fall into another field or into ``extra``.
_ROW_NUMBER_HEADERS = ("STT", "TT", "Số TT", "Số thứ tự")
_HEADER_SCAN_ROWS = 15

_TEXT_FIELDS = ("code", "name", "short_name", "kind", "chair", "phone", "email", "address", "notes")
_COUNT_FIELDS = ("members", "female_members", "workers")
_DATE_FIELDS = ("founded", "dissolved")

# Excel keeps dates as day numbers since 1899-12-30; a date cell saved with a "General" format
# arrives as such a number. Only numbers that fall between 1954 and 2119 are taken as dates, so a
# bare year like 2021 is refused instead of becoming 1905.
_EXCEL_EPOCH = date(1899, 12, 30)
_SERIAL_RANGE = range(20_000, 80_000)


def _header_key(value: object) -> str:
    """Accent/case-folded header with punctuation as spaces ("E-mail:" -> "e mail")."""
    if value is None:
        return ""
    folded = search_key(clean(str(value)))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", folded).split())


def _build_synonym_keys() -> dict[str, list[str]]:
    keys: dict[str, list[str]] = {}
    for name, synonyms in _SYNONYMS.items():
        texts = [*synonyms, FIELD_LABELS[name]]
        keys[name] = list(dict.fromkeys(_header_key(text) for text in texts))
    return keys


_SYNONYM_KEYS = _build_synonym_keys()
_ROW_NUMBER_KEYS = frozenset(_header_key(text) for text in _ROW_NUMBER_HEADERS)


def guess_mapping(headers: list[object]) -> dict[int, str]:
    """Column index -> UnitDraft field for every header recognised; each field is used at most once.

    An exact synonym beats a header that merely contains one; among those, the longer synonym wins
    ("Số điện thoại chủ tịch" is a phone column, not the chair's name); ties go to the leftmost column.
    """
    candidates: list[tuple[int, int, int, str]] = []
    for column, header in enumerate(headers):
        key = _header_key(header)
        if not key or key in _ROW_NUMBER_KEYS:
            continue
        padded = f" {key} "
        for name, synonyms in _SYNONYM_KEYS.items():
            best: tuple[int, int] | None = None
            for synonym in synonyms:
                if synonym == key:
                    score = (2, 0)
                elif f" {synonym} " in padded:
                    score = (1, len(synonym))
                else:
                    continue
                if best is None or score > best:
                    best = score
            if best is not None:
                candidates.append((best[0], best[1], column, name))
    candidates.sort(key=lambda c: (-c[0], -c[1], c[2]))
    mapping: dict[int, str] = {}
    used_fields: set[str] = set()
    for _exact, _length, column, name in candidates:
        if column in mapping or name in used_fields:
            continue
        mapping[column] = name
        used_fields.add(name)
    return dict(sorted(mapping.items()))


def find_header_row(rows: list[list[object]]) -> int | None:
    """Index of the first of the first 15 rows naming the unit-name column and one more known column."""
    for index, row in enumerate(rows[:_HEADER_SCAN_ROWS]):
        mapping = guess_mapping(row)
        if len(mapping) >= 2 and "name" in mapping.values():
            return index
    return None


def missing_header_message(sheet_name: str) -> str:
    """What to tell the clerk when ``find_header_row`` finds nothing."""
    return _(
        "Trang «{sheet}»: không tìm thấy dòng tiêu đề trong {rows} dòng đầu. Cần một dòng có cột tên đơn vị "
        "(ví dụ «Tên CĐCS» hoặc «Tên đơn vị») và ít nhất một cột khác như «Mã đơn vị», «Số đoàn viên»."
    ).format(sheet=sheet_name, rows=_HEADER_SCAN_ROWS)


def column_letter(index: int) -> str:
    """Excel column letter for a 0-based column index (0 -> "A", 27 -> "AB")."""
    letters = ""
    number = index + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


@dataclass(frozen=True)
class CellProblem:
    """Something wrong with one imported row; ``column`` is "" when no single cell is to blame.

    ``because_of_rows`` names the other sheet rows a clash is with: the problem disappears once
    the clerk excludes all of them.
    """

    row_number: int
    column: str
    header: str
    message: str
    blocking: bool = True
    because_of_rows: tuple[int, ...] = ()

    def applies(self, excluded: AbstractSet[int]) -> bool:
        """False when the rows this problem clashes with are all excluded."""
        return not self.because_of_rows or not set(self.because_of_rows) <= excluded

    def describe(self) -> str:
        """"Dòng 7, cột D (Số đoàn viên): …" as shown to the clerk."""
        if not self.column:
            place = _("Dòng {row}").format(row=self.row_number)
        elif self.header:
            place = _("Dòng {row}, cột {column} ({header})").format(
                row=self.row_number, column=self.column, header=self.header
            )
        else:
            place = _("Dòng {row}, cột {column}").format(row=self.row_number, column=self.column)
        return f"{place}: {self.message}"


@dataclass
class ImportRow:
    """One non-blank sheet row; ``draft`` is None when a cell could not be read at all."""

    row_number: int
    draft: UnitDraft | None
    problems: list[CellProblem] = field(default_factory=list)

    def blocked(self, excluded: AbstractSet[int] = frozenset()) -> bool:
        """True when the row cannot be imported while the rows in ``excluded`` are left out."""
        return self.draft is None or any(p.blocking and p.applies(excluded) for p in self.problems)


@dataclass
class ImportPreview:
    """Every data row of the sheet with its problems; the clerk may exclude rows by row number."""

    rows: list[ImportRow]
    generated_codes: bool = False

    def _kept(self, excluded: AbstractSet[int]) -> list[ImportRow]:
        return [row for row in self.rows if row.row_number not in excluded]

    def problems(self, excluded: AbstractSet[int] = frozenset()) -> list[CellProblem]:
        """Blocking problems of the rows not excluded, in sheet order."""
        return [p for row in self._kept(excluded) for p in row.problems if p.blocking and p.applies(excluded)]

    def warnings(self, excluded: AbstractSet[int] = frozenset()) -> list[CellProblem]:
        """Problems that do not stop the import (e.g. a name already in the database)."""
        return [
            p for row in self._kept(excluded) for p in row.problems if not p.blocking and p.applies(excluded)
        ]

    def can_import(self, excluded: AbstractSet[int] = frozenset()) -> bool:
        kept = self._kept(excluded)
        return bool(kept) and not any(row.blocked(excluded) for row in kept)

    def drafts(self, excluded: AbstractSet[int] = frozenset()) -> list[UnitDraft]:
        """The drafts of the kept rows that have no blocking problem."""
        return [
            row.draft for row in self._kept(excluded) if row.draft is not None and not row.blocked(excluded)
        ]


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not clean(value))


def cell_text(value: object) -> str:
    """A raw cell value the way the clerk sees it in Excel (also used by the import dialog)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_date(value.date()) if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean(str(value))


class _CellError(Exception):
    """A cell value that cannot become its field's type; the message is for the clerk."""


def _to_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    # Numbers typed into text columns (codes, phone numbers) come back as int/float.
    return cell_text(value)


def _to_count(name: str, value: object) -> int | None:
    label = FIELD_LABELS[name]
    if _is_blank(value):
        return None
    if isinstance(value, bool | date):
        raise _CellError(_("{label} «{value}» không phải là số.").format(label=label, value=cell_text(value)))
    number: int | float | Decimal
    if isinstance(value, int | float | Decimal):
        number = value
    elif isinstance(value, str):
        try:
            return read_count(name, value)
        except ValueError as exc:
            raise _CellError(str(exc)) from exc
    else:
        raise _CellError(_("{label} «{value}» không phải là số.").format(label=label, value=cell_text(value)))
    if isinstance(number, int):
        return number
    if number != number or number in (float("inf"), float("-inf")) or number != int(number):
        raise _CellError(
            _("{label} phải là số nguyên, không phải «{value}».").format(label=label, value=cell_text(value))
        )
    return int(number)


def _to_date(name: str, value: object) -> date | None:
    label = FIELD_LABELS[name]
    if _is_blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return parse_date(value)
        except ValueError as exc:
            raise _CellError(
                _("{label}: {reason}").format(label=label, reason=exc)
            ) from exc
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and float(value).is_integer()
        and int(value) in _SERIAL_RANGE
    ):
        return _EXCEL_EPOCH + timedelta(days=int(value))
    raise _CellError(
        _("{label} «{value}» không phải là ngày (hãy ghi dạng ngày/tháng/năm, ví dụ 24/03/2021).").format(
            label=label, value=cell_text(value)
        )
    )


def _to_sector(value: object, index: dict[str, str], sectors: list[Sector]) -> str | None:
    if _is_blank(value):
        return None
    text = _to_text(value)
    code = index.get(sector_key(text))
    if code is None:
        raise _CellError(
            _("Khu vực «{value}» không có trong danh mục khu vực. Các khu vực có: {known}.").format(
                value=clean(text), known=", ".join(sector.name for sector in sectors)
            )
        )
    return code


def _next_code_number(existing_codes: AbstractSet[str], prefix: str) -> int:
    pattern = re.compile(rf"^{re.escape(prefix.upper())}(\d+)$")
    numbers = [int(m.group(1)) for code in existing_codes if (m := pattern.match(clean(code).upper()))]
    return max(numbers, default=0) + 1


def _name_key(name: str) -> str:
    return clean(name).casefold()


@dataclass
class _Parsed:
    row: ImportRow
    draft: UnitDraft


@dataclass
class _Columns:
    """Where each field sits in the sheet, to point a problem at its cell."""

    headers: list[str]
    column_of: dict[str, int]

    def problem(
        self,
        row_number: int,
        name: str | None,
        message: str,
        blocking: bool = True,
        because_of_rows: tuple[int, ...] = (),
    ) -> CellProblem:
        column = self.column_of.get(name) if name is not None else None
        if column is None:
            return CellProblem(row_number, "", "", message, blocking, because_of_rows)
        header = self.headers[column] if column < len(self.headers) else ""
        return CellProblem(row_number, column_letter(column), header, message, blocking, because_of_rows)


def build_preview(
    rows: list[list[object]],
    header_row: int,
    mapping: dict[int, str],
    sectors: list[Sector],
    existing_codes: set[str],
    existing_names: set[str],
    today: date,
    code_prefix: str = "CDCS",
) -> ImportPreview:
    """Check every data row below ``header_row`` and say, per cell, what stops it being imported."""
    header_cells = rows[header_row] if header_row < len(rows) else []
    headers = [clean(_to_text(value)) for value in header_cells]
    columns = _Columns(headers, {name: column for column, name in mapping.items()})
    sectors_by_key = sector_index(sectors)
    generate = "code" not in columns.column_of
    next_number = _next_code_number(existing_codes, code_prefix) if generate else 0
    # Unmapped columns with a header keep their values, so nothing the clerk typed is lost.
    extra_columns = {
        column: text
        for column, text in enumerate(headers)
        if text and column not in mapping and _header_key(text) not in _ROW_NUMBER_KEYS
    }

    parsed: list[_Parsed] = []
    for index in range(header_row + 1, len(rows)):
        cells = rows[index]
        if all(_is_blank(value) for value in cells):
            continue
        row_number = index + 1
        import_row = ImportRow(row_number, None)
        values: dict[str, object] = {}
        failed: set[str] = set()
        for column, name in mapping.items():
            raw = cells[column] if column < len(cells) else None
            try:
                if name in _COUNT_FIELDS:
                    values[name] = _to_count(name, raw)
                elif name in _DATE_FIELDS:
                    values[name] = _to_date(name, raw)
                elif name == "sector":
                    values[name] = _to_sector(raw, sectors_by_key, sectors)
                else:
                    values[name] = _to_text(raw)
            except _CellError as exc:
                failed.add(name)
                import_row.problems.append(columns.problem(row_number, name, str(exc)))
        if generate:
            values["code"] = f"{code_prefix}{next_number:03d}"
            next_number += 1
        if not values.get("kind"):
            values["kind"] = GRASSROOTS_KIND
        values["extra"] = {
            header: clean(_to_text(cells[column]))
            for column, header in extra_columns.items()
            if column < len(cells) and not _is_blank(cells[column])
        }
        values.setdefault("name", "")
        draft = UnitDraft(**values).normalised()  # type: ignore[arg-type]
        for found in validate_unit(draft, today, None):
            if found.field not in failed:
                import_row.problems.append(columns.problem(row_number, found.field, found.message))
        if not failed:
            import_row.draft = draft
        parsed.append(_Parsed(import_row, draft))

    _check_codes(parsed, existing_codes, columns)
    _check_names(parsed, existing_names, columns)
    for item in parsed:
        item.row.problems.sort(key=lambda p: (not p.blocking, len(p.column), p.column))
    return ImportPreview([item.row for item in parsed], generated_codes=generate)


def _check_codes(parsed: list[_Parsed], existing_codes: AbstractSet[str], columns: _Columns) -> None:
    rows_by_code: dict[str, list[int]] = {}
    for item in parsed:
        if item.draft.code:
            rows_by_code.setdefault(item.draft.code, []).append(item.row.row_number)
    known = {clean(code).upper() for code in existing_codes}
    for item in parsed:
        code, row_number = item.draft.code, item.row.row_number
        if not code:
            continue
        # One problem per clashing row, so excluding either row of a pair clears the other.
        for other in rows_by_code[code]:
            if other != row_number:
                message = _("Mã {code} trùng với dòng {row}.").format(code=code, row=other)
                item.row.problems.append(columns.problem(row_number, "code", message, because_of_rows=(other,)))
        if code in known:
            message = _("Mã {code} đã có trong danh sách đơn vị.").format(code=code)
            item.row.problems.append(columns.problem(row_number, "code", message))


def _check_names(parsed: list[_Parsed], existing_names: AbstractSet[str], columns: _Columns) -> None:
    earlier_rows: dict[str, list[int]] = {}
    known = {_name_key(name) for name in existing_names}
    for item in parsed:
        name, row_number = item.draft.name, item.row.row_number
        if not name:
            continue
        key = _name_key(name)
        for earlier in earlier_rows.get(key, []):
            message = _("Tên đơn vị «{name}» trùng với dòng {row}.").format(name=name, row=earlier)
            item.row.problems.append(columns.problem(row_number, "name", message, because_of_rows=(earlier,)))
        earlier_rows.setdefault(key, []).append(row_number)
        if key in known:
            message = _("Tên đơn vị «{name}» đã có trong danh sách đơn vị (vẫn có thể nhập nếu là đơn vị "
                        "khác cùng tên).").format(name=name)
            item.row.problems.append(columns.problem(row_number, "name", message, blocking=False))
