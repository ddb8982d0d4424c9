"""Read the first sheet of a clerk's .xlsx as raw cell values, and write the unit list as .xlsx.

Reading refuses, with a Vietnamese reason, every file it cannot safely read; what the cells mean
is decided in ``domain.unit_import``.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.domain.i18n import _
from desktop_app.files.xlsx.ole import OLE_MAGIC, is_encrypted_package

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.cell.cell import Cell

_READABLE_SUFFIXES = {".xlsx", ".xlsm"}
_DATE_FORMAT = "DD/MM/YYYY"
# A cell text starting with one of these is a formula to Excel once the clerk edits the cell;
# the quote prefix keeps it text for good.
_FORMULA_STARTS = ("=", "+", "-", "@")
# A real unit list unpacks to a few MB; zipfile never inflates a member past its declared size,
# so checking the declared sizes stops a zip bomb before any XML is parsed.
_MAX_UNPACKED_BYTES = 256 * 1024 * 1024
# What a unit list can hold: an office looks after a few hundred CĐCS, a province a few thousand.
# Reading stops with a message as soon as a sheet goes past these, whatever size the sheet
# declares for itself (<dimension ref="A1:XFD1048576"/> costs nothing to write).
MAX_ROWS = 5_000
MAX_COLUMNS = 100
# Cells and <row> elements parsed, blank ones included (formatting can make millions of them).
MAX_CELLS = 300_000
MAX_ROW_ELEMENTS = 4 * MAX_ROWS
_MIN_WIDTH = 6
_MAX_WIDTH = 60


class WorkbookError(Exception):
    """A workbook could not be read or written; the message says which file and why, in Vietnamese."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(_("Tệp «{name}»: {reason}").format(name=path.name, reason=reason))


@dataclass
class RawSheet:
    """The cell values of one sheet as openpyxl read them, without trailing empty rows."""

    sheet_name: str
    rows: list[list[object]] = field(default_factory=list)


def check_xml_protection() -> None:
    """Refuse to run when openpyxl would parse workbook XML without defusedxml's guards."""
    from openpyxl.xml import DEFUSEDXML

    if not DEFUSEDXML:
        raise RuntimeError(
            _("Thiếu thư viện defusedxml (hoặc đã bị tắt bằng OPENPYXL_DEFUSEDXML): không thể đọc tệp "
              "Excel an toàn. Hãy cài lại phần mềm.")
        )


def _refuse_ole(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            encrypted = is_encrypted_package(handle)
    except OSError as exc:
        raise WorkbookError(path, _("không mở được tệp ({error}).").format(error=exc.strerror)) from exc
    if encrypted:
        raise WorkbookError(
            path,
            _("tệp được bảo vệ bằng mật khẩu nên không đọc được. Hãy mở tệp trong Excel, gỡ mật khẩu "
              "(Tệp → Thông tin → Bảo vệ sổ làm việc → Mã hóa bằng mật khẩu, xóa mật khẩu), lưu lại "
              "rồi nhập lại."),
        )
    raise WorkbookError(
        path,
        _("tệp ở định dạng Excel cũ (.xls) không đọc được. Hãy mở tệp trong Excel và chọn "
          "Lưu thành → Sổ làm việc Excel (.xlsx), rồi nhập tệp .xlsx đó."),
    )


def _check_container(path: Path) -> None:
    """Refuse files that are not an unencrypted .xlsx before openpyxl sees them."""
    if not path.is_file():
        raise WorkbookError(path, _("không tìm thấy tệp."))
    try:
        with path.open("rb") as handle:
            head = handle.read(len(OLE_MAGIC))
    except OSError as exc:
        raise WorkbookError(path, _("không mở được tệp ({error}).").format(error=exc.strerror)) from exc
    if head == OLE_MAGIC:
        _refuse_ole(path)
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise WorkbookError(
            path,
            _("tệp .xls không đúng định dạng Excel. Hãy mở tệp trong Excel và lưu thành .xlsx."),
        )
    if suffix not in _READABLE_SUFFIXES:
        raise WorkbookError(
            path,
            _("không phải tệp Excel .xlsx (phần mở rộng «{suffix}»). Hãy chọn tệp .xlsx.").format(
                suffix=path.suffix or _("không có")
            ),
        )
    if not zipfile.is_zipfile(path):
        raise WorkbookError(
            path,
            _("không phải tệp Excel .xlsx hợp lệ (nội dung không đúng định dạng, có thể tệp bị hỏng "
              "hoặc chỉ được đổi tên thành .xlsx). Hãy mở tệp trong Excel và lưu lại thành .xlsx."),
        )
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise WorkbookError(path, _corrupt(exc)) from exc
    if unpacked > _MAX_UNPACKED_BYTES:
        raise WorkbookError(
            path,
            _("tệp giải nén ra quá lớn ({size} MB) so với một danh sách đơn vị nên không được đọc.").format(
                size=unpacked // (1024 * 1024)
            ),
        )


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class _TooBig(Exception):
    """The sheet goes past a reading bound; the message is for the clerk."""


def read_first_sheet(path: Path) -> RawSheet:
    """The first worksheet's cell values (read-only, cached formula results), or a WorkbookError.

    The sheet XML is streamed cell by cell and reading stops at the first cell past MAX_ROWS or
    MAX_COLUMNS, or after MAX_CELLS cells, so memory stays small whatever the file declares.
    """
    from openpyxl import load_workbook

    _check_container(path)
    # openpyxl fails on a malformed part with whatever the parser raised (KeyError, ValueError,
    # zlib.error, AttributeError...): for a file from outside, any of them means "corrupt".
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise _unreadable(path, exc) from exc
    try:
        if not workbook.worksheets:
            raise WorkbookError(path, _("sổ làm việc không có trang tính nào."))
        sheet = workbook.worksheets[0]
        title = str(sheet.title)
        try:
            rows = _stream_values(workbook, sheet)
        except _TooBig as exc:
            raise WorkbookError(path, str(exc).format(sheet=title)) from exc
        except Exception as exc:
            raise _unreadable(path, exc) from exc
    finally:
        workbook.close()
    while rows and all(_is_blank(value) for value in rows[-1]):
        rows.pop()
    if not rows:
        raise WorkbookError(
            path, _("trang tính đầu tiên «{sheet}» không có dữ liệu.").format(sheet=title)
        )
    return RawSheet(sheet_name=title, rows=rows)


def _column_name(number: int) -> str:
    letters = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _stream_values(workbook: object, sheet: object) -> list[list[object]]:
    """Cell values by row (row 1 first, gaps as empty rows), read one XML element at a time.

    openpyxl's own row iterator pads every row to the declared dimension and materialises a whole
    <row> element before yielding it; here each <c> is parsed and dropped as soon as it ends.
    """
    from openpyxl.worksheet._reader import CELL_TAG, ROW_TAG, WorkSheetParser
    from openpyxl.xml.functions import iterparse

    rows: list[list[object]] = []
    cells_seen = rows_seen = 0
    with sheet._get_source() as source:  # type: ignore[attr-defined]
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,  # type: ignore[attr-defined]
            data_only=True,
            epoch=workbook.epoch,  # type: ignore[attr-defined]
            date_formats=workbook._date_formats,  # type: ignore[attr-defined]
            timedelta_formats=workbook._timedelta_formats,  # type: ignore[attr-defined]
        )
        for event, element in iterparse(source, events=("start", "end")):
            tag = element.tag
            if tag == ROW_TAG and event == "start":
                rows_seen += 1
                if rows_seen > MAX_ROW_ELEMENTS:
                    raise _TooBig(_too_many_rows())
                number = element.get("r")
                parser.row_counter = (
                    int(number) if number is not None and number.isdigit() else parser.row_counter + 1
                )
                parser.col_counter = 0
            elif tag == CELL_TAG and event == "end":
                cells_seen += 1
                if cells_seen > MAX_CELLS:
                    raise _TooBig(_too_many_rows())
                cell = parser.parse_cell(element)
                element.clear()
                value = cell["value"]
                if _is_blank(value):
                    continue
                row, column = cell["row"], cell["column"]
                if row > MAX_ROWS:
                    raise _TooBig(_too_many_rows(row))
                if column > MAX_COLUMNS:
                    raise _TooBig(
                        _("trang «{{sheet}}» có dữ liệu ở ô {cell}, vượt quá {limit} cột mà một danh sách đơn vị "
                          "có thể có. Hãy xóa các cột thừa (hoặc chép riêng danh sách sang một tệp mới) rồi "
                          "nhập lại.").format(cell=f"{_column_name(column)}{row}", limit=MAX_COLUMNS)
                    )
                while len(rows) < row:
                    rows.append([])
                target = rows[row - 1]
                while len(target) < column:
                    target.append(None)
                target[column - 1] = value
            elif tag == ROW_TAG and event == "end":
                element.clear()
    return rows


def _too_many_rows(row: int | None = None) -> str:
    where = _(" (có dữ liệu ở dòng {row})").format(row=row) if row is not None else ""
    return _(
        "trang «{{sheet}}» dài quá {limit} dòng{where}, nhiều hơn một danh sách đơn vị có thể có, nên không "
        "được đọc. Hãy xóa các dòng thừa bên dưới danh sách (kể cả dòng trống đã định dạng) rồi nhập lại."
    ).format(limit=MAX_ROWS, where=where)


def _unreadable(path: Path, exc: BaseException) -> WorkbookError:
    from defusedxml import DefusedXmlException

    # openpyxl re-raises parser errors as "Unable to read workbook", so look down the chain.
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, DefusedXmlException):
            return WorkbookError(path, _dangerous_xml())
        cause = cause.__cause__ or cause.__context__
    return WorkbookError(path, _corrupt(exc))


def _corrupt(exc: BaseException) -> str:
    # The parser's own words help whoever the clerk forwards the message to, but can be a
    # screenful of bytes.
    detail = " ".join(str(exc).split()) or type(exc).__name__
    if len(detail) > 120:
        detail = detail[:119] + "…"
    return _("tệp bị hỏng hoặc không phải sổ làm việc Excel hợp lệ ({error}). Hãy mở tệp trong Excel và "
             "lưu lại thành .xlsx.").format(error=detail)


def _dangerous_xml() -> str:
    return _("tệp chứa nội dung XML nguy hiểm (khai báo thực thể/DTD) nên không được đọc. Hãy mở tệp "
             "trong Excel, lưu lại thành .xlsx rồi nhập lại; nếu tệp không rõ nguồn gốc, đừng mở nó.")


def _display_width(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, date):
        return 10
    text = str(value)
    return max((len(line) for line in text.splitlines()), default=0)


def put_value(cell: Cell, value: object) -> None:
    """Put a value in a cell as the clerk typed it: text stays text (never a formula), dates print as dd/mm/yyyy."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        # Control characters pasted from Word (vertical tab, form feed) are not allowed in the XML
        # and would make openpyxl refuse the whole export.
        text: str = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.value = text
        if text.startswith(_FORMULA_STARTS):
            # openpyxl has just typed "=..." as a formula: make it text, and keep it text in Excel.
            cell.data_type = "s"
            cell.quotePrefix = True
        return
    cell.value = value
    if isinstance(value, date):
        cell.number_format = _DATE_FORMAT


def write_units_workbook(
    path: Path, headers: list[str], rows: list[list[object]], sheet_title: str = "Danh sách CĐCS"
) -> None:
    """Write one sheet with a bold, frozen header row; replaces ``path`` only once the file is complete."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = sheet_title
    bold = Font(bold=True)
    widths: list[int] = []
    table: list[list[object]] = [list(headers), *rows]
    for row_index, values in enumerate(table, start=1):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row_index, column=column)
            put_value(cell, value)
            if row_index == 1:
                cell.font = bold
            if column > len(widths):
                widths.append(0)
            widths[column - 1] = max(widths[column - 1], _display_width(value))
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = min(max(width + 2, _MIN_WIDTH), _MAX_WIDTH)
    sheet.freeze_panes = "A2"
    save_workbook(workbook, Path(path))


def save_workbook(workbook: Workbook, path: Path) -> None:
    """Save ``workbook`` to ``path`` whole or not at all, readable by colleagues (not the 0600 of a temporary)."""
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".xlsx.tmp", dir=path.parent)
    except OSError as exc:
        reason = _("không ghi được vào thư mục «{folder}» ({error}).").format(
            folder=path.parent, error=exc.strerror or exc
        )
        raise WorkbookError(path, reason) from exc
    os.close(handle)
    temp_path = Path(temp_name)
    try:
        workbook.save(temp_path)
        # mkstemp makes the file private to us; an export is an ordinary document.
        os.chmod(temp_path, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(temp_path, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp_path.unlink()
        reason = _("không ghi được tệp ({error}). Nếu tệp đang mở trong Excel, hãy đóng lại rồi thử lại.")
        raise WorkbookError(path, reason.format(error=exc.strerror or exc)) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            temp_path.unlink()
        raise
