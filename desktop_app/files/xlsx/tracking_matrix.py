"""The tracking matrix (CĐCS × the year's requests) as a printable .xlsx: one line per CĐCS, one column per request,
each cell what the CĐCS did (the status and its date), the figures of each request under the table, and a legend."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from desktop_app.domain.i18n import _
from desktop_app.domain.tracking import Figures
from desktop_app.domain.vntext import format_date
from desktop_app.files.xlsx.units_workbook import put_value, save_workbook

__all__ = ["CELL_FILLS", "MatrixColumn", "MatrixLine", "write_tracking_matrix"]

#: Fill of each status. Light tints whose greys, once printed on a black-and-white printer, still tell the statuses
#: apart (from white for «chưa nộp» to the darkest grey for «quá hạn»), under black text that stays legible.
CELL_FILLS: dict[str, str] = {
    "on_time": "E2EFDA",
    "late": "FFE699",
    "overdue": "F4B084",
    "pending": "FFFFFF",
    "returned": "BDD7EE",
    "exempt": "D9D9D9",
}
#: What each status means, for the legend under the table.
CELL_MEANINGS: dict[str, str] = {
    "on_time": _("đã nộp, trong hạn (ghi ngày nhận)"),
    "late": _("đã nộp sau hạn (ghi ngày nhận)"),
    "overdue": _("chưa nộp, đã quá hạn"),
    "pending": _("chưa nộp, còn trong hạn"),
    "returned": _("đã trả lại để sửa, chờ bản sửa (ghi ngày trả)"),
    "exempt": _("được miễn nộp"),
}
# More requests than this do not fit across an A4 page at a readable size: the sheet is set for A3.
A4_COLUMNS = 10
_PAPER_A4 = "9"
_PAPER_A3 = "8"
_HEADER_ROW = 5
_FIXED_COLUMNS = 3  # STT, mã, tên CĐCS


@dataclass(frozen=True)
class MatrixColumn:
    """One request, as its column's heading and totals."""

    title: str
    due: date
    figures: Figures


@dataclass(frozen=True)
class MatrixLine:
    """One CĐCS and its cells, one per column: (status code, day or None); ``not_asked`` stays blank."""

    code: str
    name: str
    cells: tuple[tuple[str, date | None], ...]


def cell_text(code: str, day: date | None, labels: Mapping[str, str]) -> str:
    """«Đúng hạn 10/11/2026», «Quá hạn», or "" for a CĐCS the request did not ask."""
    label = labels.get(code, code)
    return f"{label}\n{format_date(day)}" if day is not None and label else label


def write_tracking_matrix(
    path: Path, office: str, year: int, today: date, columns: Sequence[MatrixColumn], lines: Sequence[MatrixLine],
    labels: Mapping[str, str],
) -> None:
    """Write the matrix to ``path`` (whole or not at all), set up to print: landscape, fitted to the page width, the
    heading rows and the CĐCS columns repeated on every page."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Theo dõi {year}").format(year=year)
    last_column = _FIXED_COLUMNS + max(len(columns), 1)
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    bold = Font(bold=True)
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
    left = Alignment(horizontal="left", vertical="center", wrap_text=True)
    fills = {code: PatternFill("solid", start_color=colour, end_color=colour) for code, colour in CELL_FILLS.items()}

    def title_row(row: int, text: str, font: Font) -> None:
        put_value(sheet.cell(row=row, column=1), text)
        sheet.cell(row=row, column=1).font = font
        sheet.cell(row=row, column=1).alignment = Alignment(horizontal="center", vertical="center")
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_column)

    title_row(1, office.upper(), bold)
    title_row(2, _("BẢNG THEO DÕI TÌNH HÌNH GỬI BÁO CÁO NĂM {year}").format(year=year), Font(bold=True, size=14))
    title_row(3, _("(Số liệu đến ngày {day})").format(day=format_date(today)), Font(italic=True))

    headings = [_("STT"), _("Mã"), _("Tên CĐCS")] + [
        _("{title}\n(hạn {due})").format(title=c.title, due=format_date(c.due)) for c in columns]
    for column, text in enumerate(headings, start=1):
        cell = sheet.cell(row=_HEADER_ROW, column=column)
        put_value(cell, text)
        cell.font, cell.alignment, cell.border = bold, centred, border
    # Tall enough for the longest title wrapped in a 16-character column (Excel does not grow a row by itself
    # on opening, and LibreOffice cuts what does not fit): about 13 bold characters a line, 15 points a line.
    longest = max((len(c.title) for c in columns), default=0)
    sheet.row_dimensions[_HEADER_ROW].height = min(409, max(75, (-(-longest // 13) + 1) * 15))

    row = _HEADER_ROW
    for number, line in enumerate(lines, start=1):
        row += 1
        for column, value in enumerate((number, line.code, line.name), start=1):
            cell = sheet.cell(row=row, column=column)
            put_value(cell, value)
            cell.border, cell.alignment = border, left if column == 3 else centred
        for column, (code, day) in enumerate(line.cells, start=_FIXED_COLUMNS + 1):
            cell = sheet.cell(row=row, column=column)
            put_value(cell, cell_text(code, day, labels))
            cell.border, cell.alignment = border, centred
            if code in fills:
                cell.fill = fills[code]
            if code == "overdue":
                cell.font = bold  # what the clerk chases stands out in grey print too
        sheet.row_dimensions[row].height = 30

    totals: list[tuple[str, str, Callable[[Figures], float | None]]] = [
        (_("Số CĐCS phải nộp"), "0", lambda f: f.expected),
        (_("Số đã nộp"), "0", lambda f: f.received),
        (_("Số nộp đúng hạn"), "0", lambda f: f.on_time),
        (_("Tỷ lệ nộp đủ (đã nộp ÷ phải nộp)"), "0.0%", lambda f: f.completeness),
        (_("Tỷ lệ đúng hạn (đúng hạn ÷ phải nộp)"), "0.0%", lambda f: f.timeliness),
    ]
    for label, number_format, value_of in totals:
        row += 1
        put_value(sheet.cell(row=row, column=1), label)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=_FIXED_COLUMNS)
        for column in range(1, _FIXED_COLUMNS + 1):
            sheet.cell(row=row, column=column).border = border
        sheet.cell(row=row, column=1).font, sheet.cell(row=row, column=1).alignment = bold, left
        for column, request in enumerate(columns, start=_FIXED_COLUMNS + 1):
            cell = sheet.cell(row=row, column=column)
            value = value_of(request.figures)
            cell.value = value if value is not None else "—"
            cell.number_format = number_format
            cell.font, cell.alignment, cell.border = bold, centred, border
    if not columns:
        put_value(sheet.cell(row=_HEADER_ROW + 1, column=1),
                  _("Chưa có yêu cầu báo cáo nào có hạn trong năm {year}.").format(year=year))

    row += 2
    put_value(sheet.cell(row=row, column=1), _("Ghi chú:"))
    sheet.cell(row=row, column=1).font = bold
    for code, meaning in CELL_MEANINGS.items():
        row += 1
        sample = sheet.cell(row=row, column=2)
        put_value(sample, labels.get(code, code))
        sample.fill, sample.border, sample.alignment = fills[code], border, centred
        if code == "overdue":
            sample.font = bold
        put_value(sheet.cell(row=row, column=3), meaning)
    row += 1
    put_value(sheet.cell(row=row, column=2), _("(trống)"))
    put_value(sheet.cell(row=row, column=3), _("CĐCS không thuộc diện phải nộp báo cáo đó"))

    for column, width in ((1, 5), (2, 14), (3, 38)):
        sheet.column_dimensions[get_column_letter(column)].width = width
    for column in range(_FIXED_COLUMNS + 1, last_column + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 16

    # Printing: what a clerk hands the province is paper.
    sheet.freeze_panes = sheet.cell(row=_HEADER_ROW + 1, column=_FIXED_COLUMNS + 1).coordinate
    sheet.print_title_rows = f"{_HEADER_ROW}:{_HEADER_ROW}"
    sheet.print_title_cols = f"A:{get_column_letter(_FIXED_COLUMNS)}"
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = _PAPER_A3 if len(columns) > A4_COLUMNS else _PAPER_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0  # as many pages down as the CĐCS need
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.oddFooter.center.text = _("Trang &P/&N")
    sheet.oddFooter.right.text = office
    save_workbook(workbook, Path(path))
