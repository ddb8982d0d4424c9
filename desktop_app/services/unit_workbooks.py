"""Importing the CĐCS list from Excel (all or nothing) and exporting it back to Excel."""

from __future__ import annotations

from collections.abc import Callable, Set
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from desktop_app.domain.i18n import _
from desktop_app.domain.unit_import import ImportPreview, build_preview, find_header_row, guess_mapping
from desktop_app.domain.units import FIELD_LABELS, Sector
from desktop_app.domain.vntext import clean, collation_key
from desktop_app.files.atomic import OutputPathError, atomic_output
from desktop_app.files.xlsx.units_workbook import RawSheet, WorkbookError, read_first_sheet, write_units_workbook
from desktop_app.persistence.unit_of_work import UnitOfWorkFactory
from desktop_app.services.errors import UserError
from desktop_app.services.units import UnitRecord, UnitService

# Columns of an exported list, in order; the headers are the labels import recognises.
EXPORT_FIELDS = (
    "code", "name", "short_name", "sector", "members", "female_members", "workers",
    "chair", "phone", "email", "address", "founded", "dissolved", "notes",
)  # fmt: skip
MERGED_INTO_HEADER = _("Sáp nhập vào")


@dataclass
class ImportSession:
    """An opened workbook, how its columns map to unit fields, and the resulting preview."""

    path: Path
    sheet: RawSheet
    header_row: int
    mapping: dict[int, str]
    preview: ImportPreview

    @property
    def headers(self) -> list[str]:
        return [clean(str(v)) if v is not None else "" for v in self.sheet.rows[self.header_row]]


class UnitWorkbookService:
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Callable[[], date] = date.today) -> None:
        self._uow = uow_factory
        self._clock = clock
        self._units = UnitService(uow_factory, clock)

    def open_workbook(self, path: Path) -> ImportSession:
        """Read the first sheet, find its header row and guess what each column holds."""
        try:
            sheet = read_first_sheet(path)
        except WorkbookError as exc:
            raise UserError(str(exc)) from exc
        header_row = find_header_row(sheet.rows)
        if header_row is None:
            raise UserError(
                _(
                    "Tệp «{name}»: không tìm thấy dòng tiêu đề trong 15 dòng đầu của trang «{sheet}». "
                    "Cần một dòng có ít nhất cột «Tên CĐCS» và một cột khác như «Số đoàn viên»."
                ).format(name=path.name, sheet=sheet.sheet_name)
            )
        mapping = guess_mapping(sheet.rows[header_row])
        return ImportSession(path, sheet, header_row, mapping, self._preview(sheet, header_row, mapping))

    def remap(self, session: ImportSession, mapping: dict[int, str]) -> ImportSession:
        """The same workbook with the clerk's own choice of what each column holds."""
        used = [name for name in mapping.values() if name]
        duplicated = {name for name in used if used.count(name) > 1}
        if duplicated:
            raise UserError(
                _("Mỗi thông tin chỉ lấy từ một cột; đang chọn nhiều cột cho: {fields}.").format(
                    fields=", ".join(FIELD_LABELS.get(n, n) for n in sorted(duplicated))
                )
            )
        clean_mapping = {column: name for column, name in mapping.items() if name}
        preview = self._preview(session.sheet, session.header_row, clean_mapping)
        return ImportSession(session.path, session.sheet, session.header_row, clean_mapping, preview)

    def import_units(self, session: ImportSession, excluded: Set[int] = frozenset()) -> list[UnitRecord]:
        """Store every kept row in one transaction, or nothing when any kept row has a problem."""
        # The database may have changed since the preview (another window): check again.
        fresh = self.remap(session, session.mapping)
        if not fresh.preview.can_import(excluded):
            problems = fresh.preview.problems(excluded)
            if not problems:
                raise UserError(_("Không còn dòng nào để nhập."))
            shown = "\n".join(p.describe() for p in problems[:20])
            more = len(problems) - 20
            raise UserError(
                _("Chưa nhập được: còn {count} lỗi. Hãy sửa tệp hoặc bỏ các dòng lỗi.\n{problems}").format(
                    count=len(problems), problems=shown
                )
                + (_("\n… và {more} lỗi khác.").format(more=more) if more > 0 else "")
            )
        return self._units.create_many(fresh.preview.drafts(excluded), "imported", session.path.name)

    def export(self, path: Path, include_dissolved: bool = True) -> int:
        """Write the unit list, in Vietnamese order, to ``path``; returns the number of units."""
        units = sorted(self._units.list_units(include_dissolved), key=lambda u: collation_key(u.name))
        headers = [FIELD_LABELS[name] for name in EXPORT_FIELDS] + [MERGED_INTO_HEADER]
        rows: list[list[object]] = []
        for unit in units:
            values: list[object] = [
                unit.sector_name if name == "sector" else getattr(unit, name) for name in EXPORT_FIELDS
            ]
            rows.append([*values, unit.merged_into_code or ""])
        try:
            with atomic_output(path) as partial:
                write_units_workbook(partial, headers, rows)
        except (WorkbookError, OutputPathError) as exc:
            raise UserError(str(exc)) from exc
        except OSError as exc:
            raise UserError(
                _("Không ghi được tệp «{path}»: {reason}.").format(path=path, reason=exc.strerror or exc)
            ) from exc
        return len(rows)

    def _preview(self, sheet: RawSheet, header_row: int, mapping: dict[int, str]) -> ImportPreview:
        with self._uow().reading() as uow:
            sectors = [Sector(s.code, s.name) for s in uow.units.sectors() if not s.retired]
            codes = uow.units.codes()
            names = uow.units.names()
        return build_preview(sheet.rows, header_row, mapping, sectors, codes, names, self._clock())
