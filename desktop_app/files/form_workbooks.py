"""One CĐCS's indicator form as an .xlsx to fill offline, and the returned workbook read back.

The workbook is laid out like the paper form (title, form number, unit, «Số liệu tính đến ngày …», the columns
TT | Nội dung | Đơn vị tính | Số lượng | Ghi chú). Only the «Số lượng» cells of input rows are unlocked, each
with an Excel data validation for its value type; computed rows are greyed and marked «tự tính» (never a
formula: the app works them out). A very hidden sheet «_meta» holds the form id, version, unit code, period and
a sha256 of the template's structure (sheet name, cell addresses, TT, texts, units, unit code and period), so a
returned workbook whose rows were inserted, deleted or retyped, or whose _meta was edited, is refused.

Reading a returned workbook is all or nothing: ``read_form_workbook`` gives every input value or raises
``WorkbookRefused`` with every problem as «Trang!D12: lý do». The container is checked before anything parses it
(size, zip bomb, XML entity declarations, password protection); values come from python-calamine (Rust), and the
only XML parsed here is workbook.xml with its relationships (defusedxml) and the sheets calamine is to load,
streamed through expat with declarations refused, for what calamine does not report (formulas typed into input
cells, merged cells) and for cells so far out that calamine's dense grid would not fit in memory. No Qt, no
database.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.domain.form_values import CellError, CellValue, parse_cell
from desktop_app.domain.forms import FormDefinition, Row
from desktop_app.domain.i18n import _
from desktop_app.domain.vntext import clean, format_date
from desktop_app.files.atomic import atomic_output
from desktop_app.files.xlsx.ole import OLE_MAGIC, is_encrypted_package

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "MAX_FILE_BYTES",
    "META_SHEET",
    "Layout",
    "ReturnedWorkbook",
    "TableSheet",
    "WorkbookRefused",
    "layout_of",
    "read_form_workbook",
    "sheet_title",
    "structure_checksum",
    "write_aggregate_workbook",
    "write_form_workbook",
]

#: A filled form is some 20 KB; anything past this is refused before it is opened.
MAX_FILE_BYTES = 20 * 1024 * 1024
#: What all the parts of a returned workbook may unpack to, and how much one part may grow on unpacking
#: (XML compresses some 10–20×; a zip bomb thousands of times).
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
MAX_RATIO = 200
#: Problems listed for one workbook: the clerk fixes the first ones first anyway.
MAX_PROBLEMS = 50
META_SHEET = "_meta"
#: The program that wrote the workbook, kept in _meta (a workbook from elsewhere has none).
GENERATOR = "CongDoan Desk"
#: The format of _meta and of the layout; a change to either makes older workbooks «mẫu cũ».
LAYOUT_VERSION = 1
HEADER_ROW = 6
FIRST_ROW = 7
COLUMNS = ("A", "B", "C", "D", "E")
VALUE_COLUMN = "D"
COMPUTED_NOTE = "tự tính"
#: Excel keeps a list validation's items in 255 characters; a longer list goes through cells of _meta.
_LIST_LIMIT = 255

_ZIP_MAGIC = b"PK\x03\x04"
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t")
_ELEMENT_START = re.compile(rb"<[A-Za-z_]")
_CELL_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")


class WorkbookRefused(Exception):
    """A returned workbook that is not imported; each problem says where («Trang!D12: …») and why."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class ReturnedWorkbook:
    form_id: str
    version: int
    unit_code: str
    unit_name: str
    period: date
    #: Every input row of the form, None where the cell is blank.
    values: dict[str, CellValue]
    sha256: str  # of the file, to tell the same workbook imported twice
    path: Path | None = None


@dataclass(frozen=True)
class Line:
    """One line of the sheet's table: a section heading or a row of the form."""

    number: int  # the sheet row
    tt: str
    text: str
    unit: str
    row: Row | None  # None for a section heading


@dataclass(frozen=True)
class Layout:
    form: FormDefinition
    sheet: str
    lines: tuple[Line, ...]

    def cell(self, row_id: str) -> str:
        for line in self.lines:
            if line.row is not None and line.row.id == row_id:
                return f"{VALUE_COLUMN}{line.number}"
        raise KeyError(row_id)

    @property
    def inputs(self) -> tuple[Line, ...]:
        return tuple(line for line in self.lines if line.row is not None and not line.row.computed)


def sheet_title(form: FormDefinition) -> str:
    """The form's number as a sheet name («Mẫu số 1-HĐCĐ»), within Excel's 31 characters and allowed signs."""
    title = _SHEET_NAME_FORBIDDEN.sub("-", clean(form.code) or form.id)[:31].strip("'")
    return title or "Mau"


def layout_of(form: FormDefinition) -> Layout:
    """Where each section and row of ``form`` goes on the sheet (the same every time for one form version)."""
    lines: list[Line] = []
    number = FIRST_ROW
    for section in form.sections:
        lines.append(Line(number, section.tt, section.title, "", None))
        number += 1
        for row in section.rows:
            lines.append(Line(number, row.tt, row.text, row.unit, row))
            number += 1
    return Layout(form, sheet_title(form), tuple(lines))


def _unit_line(unit_name: str, unit_code: str) -> str:
    return _("Công đoàn cơ sở: {name} (mã {code})").format(name=unit_name, code=unit_code)


def _period_line(period: date) -> str:
    return _("Số liệu tính đến ngày {date}").format(date=format_date(period))


def _structure(layout: Layout, unit_code: str, period: date) -> list[tuple[str, str]]:
    """(cell, text) of everything the clerk may not change and the import relies on."""
    cells: list[tuple[str, str]] = [("A4", _period_line(period))]
    headers = (_("TT"), _("Nội dung"), _("Đơn vị tính"), _("Số lượng"), _("Ghi chú"))
    cells += [(f"{col}{HEADER_ROW}", text) for col, text in zip(COLUMNS, headers, strict=True)]
    for line in layout.lines:
        cells += [(f"A{line.number}", line.tt), (f"B{line.number}", line.text), (f"C{line.number}", line.unit)]
    return cells


def structure_checksum(form: FormDefinition, unit_code: str, period: date) -> str:
    """sha256 of the template's structure for one unit and period: what _meta keeps."""
    layout = layout_of(form)
    parts = [f"layout={LAYOUT_VERSION}", f"form={form.id}", f"version={form.version}", f"sheet={layout.sheet}",
             f"unit={unit_code}", f"period={period.isoformat()}"]
    parts += [f"{line.number}\t{line.row.id if line.row else '§'}" for line in layout.lines]
    parts += [f"{cell}\t{clean(text)}" for cell, text in _structure(layout, unit_code, period)]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------- writing


def _print_like_the_paper_form(sheet: Any) -> None:
    """A4 portrait, one page wide, the column headings on every page."""
    from openpyxl.worksheet.properties import PageSetupProperties

    sheet.page_setup.paperSize = "9"
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"


def _line_cells(sheet: Any, line: Any, columns: Sequence[str], border: Any, wrap: Any, centre: Any, bold: Any,
                grey: Any) -> list[Any]:
    """The cells of one line of the form's table (the entry workbook's and the export's), with its TT, text and
    unit written, bordered and wrapped; a section title bold on grey."""
    cells = [sheet[f"{letter}{line.number}"] for letter in columns]
    _text(cells[0], line.tt)
    _text(cells[1], line.text)
    if line.unit:
        _text(cells[2], line.unit)
    for cell in cells:
        cell.border = border
        cell.alignment = wrap
    cells[0].alignment = centre
    cells[2].alignment = centre
    if line.row is None:
        for cell in cells:
            cell.font = bold
            cell.fill = grey
    return cells


def _text(cell: Any, value: str) -> None:
    """Text that stays text: openpyxl would store «=…» as a formula, and Excel turns «+…», «-…», «@…» into one
    once the cell is edited; the quote prefix keeps them text for good."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    text = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell.value = text
    cell.data_type = "s"
    if text.startswith(_FORMULA_STARTS):
        cell.quotePrefix = True


def _number_format(row: Row) -> str:
    if row.value_type in ("integer", "money"):
        return "#,##0"
    if row.value_type == "percent":
        return "#,##0.00"
    return "#,##0.###"


def _put_value(cell: Any, row: Row, value: CellValue) -> None:
    if value is None:
        return
    if isinstance(value, bool):
        _text(cell, _("Có") if value else _("Không"))
    elif isinstance(value, Decimal):
        cell.value = int(value) if value == value.to_integral_value() else float(value)
        cell.number_format = _number_format(row)
    else:
        _text(cell, str(value))


def _validation(row: Row, list_range: str | None) -> Any:
    from openpyxl.worksheet.datavalidation import DataValidation

    title = clean(row.text)[:32]
    kind = row.value_type
    if kind == "yes_no":
        dv = DataValidation(type="list", formula1='"{}"'.format(",".join((_("Có"), _("Không")))), allow_blank=True)
        prompt = _("Chọn Có hoặc Không.")
    elif kind == "category":
        dv = DataValidation(type="list", formula1=list_range, allow_blank=True)
        prompt = _("Chọn một mục trong danh sách.")
    elif kind == "text":
        dv = DataValidation(type="textLength", operator="lessThanOrEqual", formula1="2000", allow_blank=True)
        prompt = _("Ghi nội dung (tối đa 2000 ký tự).")
    else:
        whole = kind in ("integer", "money")
        low = row.validation.minimum
        high = row.validation.maximum
        if kind == "percent":
            low = Decimal(0) if low is None else low
        low_text = format(low, "f") if low is not None else "-1000000000000000"
        high_text = format(high, "f") if high is not None else "1000000000000000"
        dv = DataValidation(type="whole" if whole else "decimal", operator="between", formula1=low_text,
                            formula2=high_text, allow_blank=True)
        prompt = _("Nhập số nguyên.") if whole else _("Nhập số (phần lẻ sau dấu phẩy).")
        if low is not None and high is not None:
            prompt += " " + _("Từ {low} đến {high}.").format(low=low_text, high=high_text)
        elif low is not None:
            prompt += " " + _("Không nhỏ hơn {low}.").format(low=low_text)
    dv.promptTitle = title
    dv.prompt = prompt
    dv.errorTitle = _("Giá trị không hợp lệ")
    dv.error = prompt
    dv.showInputMessage = True
    dv.showErrorMessage = True
    return dv


def write_form_workbook(form: FormDefinition, *, unit_code: str, unit_name: str, office_name: str, period: date,
                        values: Mapping[str, CellValue] | None = None, path: Path) -> Path:
    """Write the workbook for one CĐCS to ``path`` (whole or not at all), pre-filled with ``values``."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
    from openpyxl.workbook.protection import WorkbookProtection

    layout = layout_of(form)
    values = values or {}
    workbook = Workbook()
    sheet: Worksheet = workbook.active
    sheet.title = layout.sheet
    meta = workbook.create_sheet(META_SHEET)

    bold = Font(bold=True)
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    grey = PatternFill("solid", fgColor="E7E6E6")
    wrap = Alignment(wrap_text=True, vertical="center")
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)

    _text(sheet["A1"], office_name.upper())
    sheet["A1"].font = bold
    _text(sheet["E1"], form.code)
    sheet["E1"].font = bold
    sheet["E1"].alignment = Alignment(horizontal="right")
    _text(sheet["A2"], _unit_line(unit_name, unit_code))
    _text(sheet["A3"], form.title.upper())
    sheet["A3"].font = Font(bold=True, size=13)
    sheet["A3"].alignment = centre
    _text(sheet["A4"], _period_line(period))
    sheet["A4"].font = Font(italic=True)
    sheet["A4"].alignment = centre
    for rng in ("A2:E2", "A3:E3", "A4:E4"):
        sheet.merge_cells(rng)
    sheet.row_dimensions[3].height = 32

    for cell_ref, text in _structure(layout, unit_code, period):
        if int(cell_ref[1:]) != HEADER_ROW:
            continue
        cell = sheet[cell_ref]
        _text(cell, text)
        cell.font = bold
        cell.alignment = centre
        cell.border = border
        cell.fill = grey

    # Long category lists go to cells of _meta (column D onwards), which a list validation may point at.
    list_column = 4
    for line in layout.lines:
        row = line.row
        cells = _line_cells(sheet, line, COLUMNS, border, wrap, centre, bold, grey)
        if row is None:
            continue
        value_cell = cells[3]
        if row.computed:
            value_cell.fill = grey
            _text(cells[4], COMPUTED_NOTE)
            cells[4].font = Font(italic=True, color="595959")
            continue
        value_cell.protection = Protection(locked=False)
        cells[4].protection = Protection(locked=False)
        list_range = None
        if row.value_type == "category":
            inline = ",".join(row.categories)
            if len(inline) + 2 <= _LIST_LIMIT and not any("," in c or '"' in c for c in row.categories):
                list_range = f'"{inline}"'
            else:
                from openpyxl.utils import get_column_letter

                letter = get_column_letter(list_column)
                for index, category in enumerate(row.categories, start=1):
                    _text(meta.cell(row=index, column=list_column), category)
                list_range = f"'{META_SHEET}'!${letter}$1:${letter}${len(row.categories)}"
                list_column += 1
        validation = _validation(row, list_range)
        sheet.add_data_validation(validation)
        validation.add(value_cell.coordinate)
        if row.value_type in ("integer", "money", "decimal", "percent"):
            value_cell.number_format = _number_format(row)
        _put_value(value_cell, row, values.get(row.id))

    last = layout.lines[-1].number if layout.lines else FIRST_ROW
    _text(sheet[f"B{last + 2}"], _("Người lập biểu"))
    _text(sheet[f"D{last + 2}"], _("TM. Ban chấp hành CĐCS"))
    sheet[f"B{last + 2}"].font = bold
    sheet[f"D{last + 2}"].font = bold
    for letter, width in zip(COLUMNS, (7, 58, 11, 16, 18), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = f"A{FIRST_ROW}"

    _print_like_the_paper_form(sheet)
    sheet.page_margins.left = sheet.page_margins.right = 0.5

    # No password: protection keeps honest clerks in the cells meant for them; the import checks the rest.
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    meta.protection.sheet = True
    workbook.security = WorkbookProtection(lockStructure=True)

    entries = [
        ("generator", GENERATOR), ("layout", str(LAYOUT_VERSION)), ("form_id", form.id),
        ("form_version", str(form.version)), ("unit_code", unit_code), ("unit_name", unit_name),
        ("period", period.isoformat()), ("checksum", structure_checksum(form, unit_code, period)),
    ]
    for index, (key, value) in enumerate(entries, start=1):
        _text(meta.cell(row=index, column=1), key)
        _text(meta.cell(row=index, column=2), value)
    meta.sheet_state = "veryHidden"

    path = Path(path)
    with atomic_output(path) as partial:
        workbook.save(partial)
    return path


# --------------------------------------------------------------------------- reading: the container


def _refuse(path: Path, reason: str) -> WorkbookRefused:
    return WorkbookRefused([_("Tệp «{name}»: {reason}").format(name=path.name, reason=reason)])


def _check_container(path: Path, data: bytes) -> zipfile.ZipFile:
    """The workbook as an open zip, once it is known not to be a bomb, encrypted or something else."""
    if data.startswith(OLE_MAGIC):
        if is_encrypted_package(io.BytesIO(data)):
            raise _refuse(path, _("tệp được đặt mật khẩu nên không đọc được. Hãy mở tệp trong Excel, gỡ mật khẩu "
                                  "(Tệp → Thông tin → Bảo vệ sổ làm việc → Mã hóa bằng mật khẩu, xóa mật khẩu), "
                                  "lưu lại rồi nhập lại."))
        raise _refuse(path, _("tệp ở định dạng Excel cũ (.xls), không phải sổ làm việc do phần mềm tạo ra. Hãy "
                              "điền vào tệp .xlsx đã được gửi."))
    if not data.startswith(_ZIP_MAGIC):
        raise _refuse(path, _("không phải tệp Excel .xlsx (nội dung không đúng định dạng)."))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _refuse(path, _("tệp bị hỏng hoặc bị cắt cụt (không đọc được cấu trúc .xlsx). Hãy lưu lại tệp trong "
                              "Excel rồi gửi lại.")) from None
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > 1024 * 1024 and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise _refuse(path, _("tệp chứa phần «{part}» giải nén ra {size} MB từ {packed} KB (bom nén) nên "
                                  "không được đọc.").format(part=member.filename, size=member.file_size >> 20,
                                                            packed=member.compress_size >> 10))
    if total > MAX_UNPACKED_BYTES:
        raise _refuse(path, _("tệp giải nén ra quá lớn ({size} MB) so với một mẫu biểu nên không được đọc.")
                      .format(size=total >> 20))
    for member in members:
        if member.filename.endswith((".xml", ".rels", ".vml")) and _declares_entities(path, archive, member):
            raise _refuse(path, _("tệp chứa khai báo thực thể XML (DTD) trong phần «{part}», có thể là tệp độc hại, "
                                  "nên không được đọc. Hãy điền vào tệp .xlsx đã được gửi.")
                          .format(part=member.filename))
    return archive


def _declares_entities(path: Path, archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    """Whether a part declares a DTD: it can only do so before its first element, so only the prologue is read
    (a few hundred bytes for a normal part, however big the part is)."""
    head = b""
    try:
        with archive.open(member) as handle:
            while True:
                chunk = handle.read(8192)
                head += chunk
                found = _ELEMENT_START.search(head)
                prologue = head if found is None else head[:found.start()]
                if b"<!DOCTYPE" in prologue or b"<!ENTITY" in prologue:
                    return True
                if found is not None or not chunk or len(head) > 1024 * 1024:
                    return found is None and bool(chunk)
    except Exception:  # BadZipFile (a bad CRC), zlib.error, EOFError…: a damaged part, whatever the library says
        raise _refuse(path, _("tệp bị hỏng: không giải nén được phần «{part}». Hãy lưu lại tệp trong Excel rồi gửi "
                              "lại.").format(part=member.filename)) from None


# --------------------------------------------------------------------------- reading: structure from the XML


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_MAIN_NS = "{" + _MAIN + "}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its part in the zip, from workbook.xml and its relationships."""
    from defusedxml.ElementTree import fromstring

    workbook = fromstring(archive.read("xl/workbook.xml"))
    rels = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {}
    for rel in rels.iter(f"{_PKG_REL_NS}Relationship"):
        target = rel.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else "xl/" + target
        targets[rel.get("Id")] = target
    parts = {}
    for sheet in workbook.iter(f"{_MAIN_NS}sheet"):
        part = targets.get(sheet.get(f"{_REL_NS}id"))
        if part is not None:
            parts[sheet.get("name", "")] = part
    return parts


#: How far a returned sheet may hold cells. python-calamine keeps a sheet as one dense grid from A1 to its last
#: cell, so a single cell at XFD1048576 would ask for half a terabyte and abort the whole program: every sheet it
#: loads is scanned first, and a cell past these bounds refuses the workbook.
MAX_SHEET_ROWS = 2_000
MAX_SHEET_COLUMNS = 60


@dataclass
class _SheetScan:
    formulas: dict[str, str]
    merges: list[str]


class _DeclarationFound(Exception):
    """A DTD or entity declaration inside a sheet (the prologue check of every part should have caught it)."""


def _scan_sheet(path: Path, archive: zipfile.ZipFile, part: str, sheet: str) -> _SheetScan:
    """Cells holding a formula (cell → its text) and merged ranges of one sheet; a cell or row past
    MAX_SHEET_ROWS × MAX_SHEET_COLUMNS refuses the workbook before any grid is built.

    Streamed through expat with handlers only (no element tree: this runs for each of hundreds of files), with
    DTDs and entity declarations refused as defusedxml refuses them."""
    from xml.parsers import expat

    formulas: dict[str, str] = {}
    merges: list[str] = []
    cell_tag, row_tag = f"{_MAIN} c", f"{_MAIN} row"
    f_tag, merge_tag = f"{_MAIN} f", f"{_MAIN} mergeCell"
    current_ref = ""
    current_row = current_column = 0
    text: list[str] | None = None

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal text, current_ref, current_row, current_column
        if name == cell_tag:
            ref = attrs.get("r", "")
            match = _CELL_REF.match(ref) if ref else None
            if match is not None:
                letters, digits = match.groups()
                column = 0
                for letter in letters:
                    column = column * 26 + ord(letter) - 64
                row = int(digits)
            else:  # «r» may be left out: the cell after the previous one of its row
                column, row = current_column + 1, current_row
            if row > MAX_SHEET_ROWS or column > MAX_SHEET_COLUMNS:
                raise _far(path, sheet, _("ô {cell}").format(cell=ref or f"{column}:{row}"))
            current_column = column
            current_ref = ref
        elif name == row_tag:
            number = attrs.get("r", "")
            current_row = int(number) if number.isdigit() else current_row + 1
            current_column = 0
            if current_row > MAX_SHEET_ROWS:
                raise _far(path, sheet, _("dòng {row}").format(row=current_row))
        elif name == f_tag:
            text = []
        elif name == merge_tag:
            merges.append(attrs.get("ref", ""))

    def end(name: str) -> None:
        nonlocal text
        if name == f_tag and text is not None:
            formulas[current_ref] = "".join(text)
            text = None

    def characters(data: str) -> None:
        if text is not None:
            text.append(data)

    def declaration(*_args: object) -> None:
        raise _DeclarationFound

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    parser.StartDoctypeDeclHandler = declaration
    parser.EntityDeclHandler = declaration
    parser.UnparsedEntityDeclHandler = declaration
    parser.ExternalEntityRefHandler = declaration  # type: ignore[assignment]
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        with archive.open(part) as source:
            parser.ParseFile(source)
    except _DeclarationFound:
        raise _refuse(path, _("tệp chứa khai báo thực thể XML (DTD) trong phần «{part}», có thể là tệp độc hại, "
                              "nên không được đọc.").format(part=part)) from None
    return _SheetScan(formulas, merges)


def _far(path: Path, sheet: str, where: str) -> WorkbookRefused:
    return _refuse(path, _("trang «{sheet}» có dữ liệu ở {where}, quá xa bảng số liệu (mẫu biểu chỉ dùng {rows} dòng "
                           "và {columns} cột đầu) nên không được đọc. Hãy xóa nội dung và định dạng ở đó rồi lưu "
                           "lại.").format(sheet=sheet, where=where, rows=MAX_SHEET_ROWS, columns=MAX_SHEET_COLUMNS))


def _cells_of(ref: str) -> tuple[int, int, int, int] | None:
    """A range «B3:D5» as (first column, first row, last column, last row), 1-based."""
    ends = ref.split(":")
    points = []
    for end in ends:
        match = _CELL_REF.match(end.replace("$", "").upper())
        if match is None:
            return None
        letters, digits = match.groups()
        column = 0
        for letter in letters:
            column = column * 26 + ord(letter) - 64
        points.append((column, int(digits)))
    (c1, r1), (c2, r2) = points[0], points[-1]
    return min(c1, c2), min(r1, r2), max(c1, c2), max(r1, r2)


# --------------------------------------------------------------------------- reading: the workbook


def _cell(grid: list[list[Any]], ref: str) -> Any:
    match = _CELL_REF.match(ref)
    assert match is not None
    letters, digits = match.groups()
    column = 0
    for letter in letters:
        column = column * 26 + ord(letter) - 64
    row = int(digits)
    if row > len(grid) or column > len(grid[row - 1]):
        return None
    value = grid[row - 1][column - 1]
    return None if value == "" else value


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean(str(value))


def _read_meta(grid: list[list[Any]]) -> dict[str, str]:
    meta = {}
    for line in grid[:40]:
        if len(line) >= 2 and isinstance(line[0], str) and line[0]:
            meta[line[0]] = _as_text(line[1])
    return meta


def _definition(definitions: Mapping[str, FormDefinition] | Iterable[FormDefinition], form_id: str
                ) -> FormDefinition | None:
    if isinstance(definitions, Mapping):
        return definitions.get(form_id)
    return next((d for d in definitions if d.id == form_id), None)


def read_form_workbook(path: Path, definitions: Mapping[str, FormDefinition] | Iterable[FormDefinition]
                       ) -> ReturnedWorkbook:
    """The values of a returned workbook, or WorkbookRefused listing every problem (nothing is partly read)."""
    from python_calamine import CalamineWorkbook

    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise _refuse(path, _("không mở được tệp ({error}).").format(error=exc.strerror or exc)) from None
    if size > MAX_FILE_BYTES:
        raise _refuse(path, _("tệp nặng {size} MB, quá {limit} MB mà một mẫu biểu có thể có, nên không được đọc.")
                      .format(size=size >> 20, limit=MAX_FILE_BYTES >> 20))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _refuse(path, _("không mở được tệp ({error}).").format(error=exc.strerror or exc)) from None
    archive = _check_container(path, data)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = list(book.sheet_names)
        parts = _sheet_parts(archive)
        if META_SHEET not in names or META_SHEET not in parts:
            raise _refuse(path, _("không có trang ẩn «{meta}» mà phần mềm ghi vào mỗi tệp mẫu biểu: đây không phải "
                                  "tệp được tạo từ CongDoan Desk, hoặc trang đó đã bị xóa. Hãy điền vào tệp đã được "
                                  "gửi.").format(meta=META_SHEET))
        _scan_sheet(path, archive, parts[META_SHEET], META_SHEET)
        meta = _read_meta(book.get_sheet_by_name(META_SHEET).to_python(skip_empty_area=False))
        form, unit_code, period = _check_meta(path, meta, definitions)
        layout = layout_of(form)
        if layout.sheet not in names or layout.sheet not in parts:
            others = [n for n in names if n != META_SHEET]
            raise _refuse(path, _("không có trang «{sheet}» (tệp có: {found}). Trang đã bị đổi tên hoặc xóa; hãy "
                                  "giữ nguyên tên trang.").format(sheet=layout.sheet,
                                                                  found=", ".join(f"«{n}»" for n in others)))
        scan = _scan_sheet(path, archive, parts[layout.sheet], layout.sheet)
        formulas, merges = scan.formulas, scan.merges
        grid = book.get_sheet_by_name(layout.sheet).to_python(skip_empty_area=False)
    except WorkbookRefused:
        raise
    except (KeyboardInterrupt, SystemExit, GeneratorExit, MemoryError):
        raise
    except BaseException as exc:
        # Any parser failure on a file from outside means "corrupt": openpyxl-free here, but calamine raises its own
        # errors and, on a Rust panic, pyo3's PanicException, which is a BaseException.
        if type(exc).__module__.startswith("defusedxml"):
            raise _refuse(path, _("tệp chứa khai báo thực thể XML (DTD), có thể là tệp độc hại, nên không được "
                                  "đọc.")) from None
        detail = " ".join(str(exc).split())[:120] or type(exc).__name__
        raise _refuse(path, _("tệp bị hỏng, không đọc được ({error}). Hãy lưu lại tệp trong Excel rồi gửi lại.")
                      .format(error=detail)) from None
    finally:
        archive.close()

    problems = _structure_problems(layout, grid, unit_code, period, merges)
    values: dict[str, CellValue] = {}
    sheet = layout.sheet
    for line in layout.inputs:
        assert line.row is not None
        ref = f"{VALUE_COLUMN}{line.number}"
        if ref in formulas:
            problems.append(_("{sheet}!{cell}: ô có công thức «={formula}»; mẫu biểu chỉ nhận số liệu gõ vào (công "
                              "thức không được tính). Hãy gõ con số.").format(
                sheet=sheet, cell=ref, formula=formulas[ref]))
            continue
        raw = _cell(grid, ref)
        if isinstance(raw, float) and raw.is_integer() and abs(raw) < 2 ** 53:
            raw = int(raw)
        try:
            values[line.row.id] = parse_cell(line.row, raw)
        except CellError as exc:
            problems.append(_("{sheet}!{cell}: dòng {row}: {reason}").format(
                sheet=sheet, cell=ref, row=line.row.label, reason=exc))
    if problems:
        shown = problems[:MAX_PROBLEMS]
        if len(problems) > MAX_PROBLEMS:
            shown.append(_("… và {n} lỗi khác.").format(n=len(problems) - MAX_PROBLEMS))
        raise WorkbookRefused([_("Tệp «{name}»:").format(name=path.name), *shown])
    return ReturnedWorkbook(form.id, form.version, unit_code, meta.get("unit_name", ""), period, values,
                            hashlib.sha256(data).hexdigest(), path)


def _check_meta(path: Path, meta: Mapping[str, str],
                definitions: Mapping[str, FormDefinition] | Iterable[FormDefinition]
                ) -> tuple[FormDefinition, str, date]:
    edited = _("trang ẩn «{meta}» đã bị sửa ({what}); hãy điền vào tệp đã được gửi, hoặc xin tệp mới.")
    if meta.get("generator") != GENERATOR:
        raise _refuse(path, edited.format(meta=META_SHEET, what=_("thiếu dấu hiệu của phần mềm")))
    form_id = meta.get("form_id", "")
    form = _definition(definitions, form_id)
    if form is None:
        raise _refuse(path, _("mẫu «{id}» không có trong phần mềm nên không nhận được tệp này.").format(
            id=form_id or "?"))
    try:
        version = int(meta.get("form_version", ""))
        layout_version = int(meta.get("layout", ""))
    except ValueError:
        raise _refuse(path, edited.format(meta=META_SHEET, what=_("phiên bản"))) from None
    if version != form.version or layout_version != LAYOUT_VERSION:
        older = version < form.version or layout_version < LAYOUT_VERSION
        what = _("mẫu cũ") if older else _("mẫu mới hơn phần mềm")
        raise _refuse(path, _("{what}: tệp theo {code} phiên bản {old}, phần mềm đang dùng phiên bản {new}. Hãy "
                              "điền số liệu vào tệp mới được gửi (lệnh «forms workbooks»).").format(
            what=what, code=form.code, old=version, new=form.version))
    unit_code = meta.get("unit_code", "")
    try:
        period = date.fromisoformat(meta.get("period", ""))
    except ValueError:
        raise _refuse(path, edited.format(meta=META_SHEET, what=_("kỳ báo cáo"))) from None
    if not unit_code or meta.get("checksum") != structure_checksum(form, unit_code, period):
        raise _refuse(path, edited.format(meta=META_SHEET, what=_("mã kiểm tra không khớp")))
    return form, unit_code, period


def _structure_problems(layout: Layout, grid: list[list[Any]], unit_code: str, period: date,
                        merges: Sequence[str]) -> list[str]:
    sheet = layout.sheet
    problems: list[str] = []
    moved = False
    for ref, expected in _structure(layout, unit_code, period):
        found = _as_text(_cell(grid, ref))
        if found != clean(expected):
            moved = True
            problems.append(_("{sheet}!{cell}: cần «{expected}», tệp ghi «{found}».").format(
                sheet=sheet, cell=ref, expected=clean(expected), found=found))
            if len(problems) >= 5:
                break
    if moved:
        problems.insert(0, _("{sheet}: cấu trúc mẫu đã bị sửa (chèn, xóa hoặc sửa dòng/cột); phần mềm không biết số "
                             "liệu nằm ở ô nào. Hãy điền vào tệp đã được gửi mà không chèn hay xóa dòng.").format(
            sheet=sheet))
    if not moved:
        # A row inserted right under the table keeps every address above it: its figure would be lost silently.
        after = layout.lines[-1].number + 1 if layout.lines else FIRST_ROW
        value = _cell(grid, f"{VALUE_COLUMN}{after}")
        if value is not None:
            problems.append(_("{sheet}!{cell}: có số liệu ngoài bảng («{found}»); dòng đã bị thêm vào cuối bảng.")
                            .format(sheet=sheet, cell=f"{VALUE_COLUMN}{after}", found=_as_text(value)))
    allowed = {"A2:E2", "A3:E3", "A4:E4"}
    for ref in merges:
        if ref.upper() in allowed:
            continue
        bounds = _cells_of(ref)
        if bounds is not None and bounds[3] < HEADER_ROW:
            continue  # the heading may be re-merged by a spreadsheet program: no figures there
        problems.append(_("{sheet}!{range}: các ô đã bị gộp; hãy bỏ gộp ô (Merge) để mỗi số liệu ở một ô riêng.")
                        .format(sheet=sheet, range=ref))
    return problems


# --------------------------------------------------------------------------- the aggregated table


@dataclass(frozen=True)
class TableSheet:
    """One form's figures for the district, as one printable sheet of the export."""

    form: FormDefinition
    values: Mapping[str, CellValue]
    #: How many CĐCS are behind each row (the «n/N» column); empty to leave the column out.
    reporting: Mapping[str, int]
    expected: int
    #: For a count per category: (category, how many CĐCS chose it).
    counts: Mapping[str, Sequence[tuple[str, int]]] = field(default_factory=dict)
    missing: Sequence[str] = ()  # the CĐCS that have not reported, as «mã – tên»
    subtitle: str = ""


def write_aggregate_workbook(path: Path, *, office_name: str, period: date, sheets: Sequence[TableSheet]) -> Path:
    """The district's tables in their forms' layout, one sheet per form, numbers as numbers (Vietnamese formats
    come from the cell formats), set up to print on A4; written whole or not at all."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    grey = PatternFill("solid", fgColor="E7E6E6")
    wrap = Alignment(wrap_text=True, vertical="center")
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    used: set[str] = set()
    for table in sheets:
        layout = layout_of(table.form)
        title = layout.sheet
        while title in used:
            title = title[:29] + "_2"
        used.add(title)
        sheet = workbook.create_sheet(title)
        with_counts = bool(table.reporting)
        columns = [*COLUMNS[:4], "E"] if with_counts else list(COLUMNS[:4])
        last_col = columns[-1]
        _text(sheet["A1"], office_name.upper())
        sheet["A1"].font = bold
        _text(sheet[f"{last_col}1"], table.form.code)
        sheet[f"{last_col}1"].font = bold
        sheet[f"{last_col}1"].alignment = Alignment(horizontal="right")
        _text(sheet["A2"], table.subtitle)
        _text(sheet["A3"], table.form.title.upper())
        sheet["A3"].font = Font(bold=True, size=13)
        sheet["A3"].alignment = centre
        _text(sheet["A4"], _period_line(period))
        sheet["A4"].font = Font(italic=True)
        sheet["A4"].alignment = centre
        for row_number in (2, 3, 4):
            sheet.merge_cells(f"A{row_number}:{last_col}{row_number}")
        sheet.row_dimensions[3].height = 32
        headers = [_("TT"), _("Nội dung"), _("Đơn vị tính"), _("Số lượng")]
        if with_counts:
            headers.append(_("Số CĐCS có số liệu (trên {n})").format(n=table.expected))
        for letter, text in zip(columns, headers, strict=True):
            cell = sheet[f"{letter}{HEADER_ROW}"]
            _text(cell, text)
            cell.font = bold
            cell.alignment = centre
            cell.border = border
            cell.fill = grey
        for line in layout.lines:
            cells = _line_cells(sheet, line, columns, border, wrap, centre, bold, grey)
            if line.row is None:
                continue
            row = line.row
            counts = table.counts.get(row.id) if table.counts else None
            value = table.values.get(row.id)
            if counts:
                _text(cells[3], "; ".join(f"{category}: {count}" for category, count in counts))
            elif row.value_type == "yes_no" and isinstance(value, Decimal):
                # Added up, a yes/no row is the number of CĐCS that answered yes.
                cells[3].value = int(value)
                cells[3].number_format = "#,##0"
                if not line.unit:
                    _text(cells[2], _("CĐCS «có»"))
            else:
                _put_value(cells[3], row, table.values.get(row.id))
                if row.value_type in ("integer", "money", "decimal", "percent"):
                    cells[3].number_format = _number_format(row)
            if with_counts and row.id in table.reporting:
                cells[4].value = table.reporting[row.id]
                cells[4].number_format = "#,##0"
                cells[4].alignment = centre
        last = layout.lines[-1].number if layout.lines else FIRST_ROW
        if table.missing:
            _text(sheet[f"B{last + 2}"], _("CĐCS chưa báo cáo ({n}/{total}): {names}").format(
                n=len(table.missing), total=table.expected, names="; ".join(table.missing)))
            sheet[f"B{last + 2}"].alignment = wrap
        widths = (7, 58, 11, 18, 14)
        for letter, width in zip(columns, widths, strict=False):
            sheet.column_dimensions[letter].width = width
        sheet.freeze_panes = f"A{FIRST_ROW}"
        _print_like_the_paper_form(sheet)
    path = Path(path)
    with atomic_output(path) as partial:
        workbook.save(partial)
    return path
