"""Unit-list workbooks as they really arrive: wrong format, encrypted, empty, hostile or full of mistakes."""

from __future__ import annotations

import io
import unicodedata
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import openpyxl.xml
import pytest

from desktop_app.domain.unit_import import (
    ImportPreview,
    build_preview,
    find_header_row,
    guess_mapping,
    missing_header_message,
)
from desktop_app.domain.units import DEFAULT_SECTORS
from desktop_app.files.xlsx import units_workbook
from desktop_app.files.xlsx.units_workbook import WorkbookError, check_xml_protection, read_first_sheet

TODAY = date(2025, 6, 1)
HEADERS = ["STT", "Mã đơn vị", "Tên công đoàn cơ sở", "Số đoàn viên", "Trong đó nữ", "Ngày thành lập"]


def save_workbook(path: Path, rows: list[list[object]]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def import_file(path: Path, existing_codes: set[str] | None = None) -> ImportPreview:
    """The whole import path a service takes: read, find the header, guess columns, check rows."""
    raw = read_first_sheet(path)
    header_row = find_header_row(raw.rows)
    assert header_row is not None, missing_header_message(raw.sheet_name)
    mapping = guess_mapping(raw.rows[header_row])
    return build_preview(
        raw.rows, header_row, mapping, list(DEFAULT_SECTORS), existing_codes or set(), set(), TODAY
    )


def unit_list(tmp_path: Path, *data: list[object]) -> Path:
    rows: list[list[object]] = [["DANH SÁCH CÔNG ĐOÀN CƠ SỞ"], [], HEADERS, *data]
    return save_workbook(tmp_path / "danh_sach.xlsx", rows)


def read_error(path: Path) -> str:
    with pytest.raises(WorkbookError) as caught:
        read_first_sheet(path)
    message = str(caught.value)
    assert message.startswith(f"Tệp «{path.name}»: ")
    return message


# --------------------------------------------------------------------------- minimal hand-made package

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="xl/workbook.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
    "</Relationships>"
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="worksheets/sheet1.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
    '<Relationship Id="rId2" Target="sharedStrings.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
    "</Relationships>"
)
_SHEET = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
    '<row r="2"><c r="A2" t="inlineStr"><is><t>A1</t></is></c><c r="B2"><v>25</v></c></row>'
    "</sheetData></worksheet>"
)
_SHARED_STRINGS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2" uniqueCount="2">'
    "<si><t>Tên đơn vị</t></si><si><t>Số đoàn viên</t></si></sst>"
)
_BILLION_LAUGHS_DTD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    "<!DOCTYPE lolz ["
    '<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    )
    + "]>"
)


def hand_made_xlsx(path: Path, parts: dict[str, str] | None = None) -> Path:
    contents = {
        "[Content_Types].xml": _CONTENT_TYPES,
        "_rels/.rels": _ROOT_RELS,
        "xl/workbook.xml": _WORKBOOK,
        "xl/_rels/workbook.xml.rels": _WORKBOOK_RELS,
        "xl/worksheets/sheet1.xml": _SHEET,
        "xl/sharedStrings.xml": _SHARED_STRINGS,
    }
    contents.update(parts or {})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in contents.items():
            archive.writestr(name, text)
    return path


def test_hand_made_package_reads_back(tmp_path: Path) -> None:
    raw = read_first_sheet(hand_made_xlsx(tmp_path / "tay.xlsx"))
    assert raw.rows == [["Tên đơn vị", "Số đoàn viên"], ["A1", 25]]


# --------------------------------------------------------------------------- not an xlsx at all


def test_text_file_renamed_to_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "ghi_chu.xlsx"
    path.write_text("Mã;Tên đơn vị\nA1;Trường A\n", encoding="utf-8")
    message = read_error(path)
    assert "không phải tệp Excel .xlsx hợp lệ" in message
    assert "lưu lại thành .xlsx" in message


def test_text_file_with_its_own_extension(tmp_path: Path) -> None:
    path = tmp_path / "danh_sach.txt"
    path.write_text("Mã;Tên đơn vị\n", encoding="utf-8")
    assert "không phải tệp Excel .xlsx (phần mở rộng «.txt»)" in read_error(path)


def test_csv_exported_by_mistake(tmp_path: Path) -> None:
    path = tmp_path / "danh_sach.csv"
    path.write_text("Mã,Tên đơn vị\n", encoding="utf-8")
    assert "phần mở rộng «.csv»" in read_error(path)


def _ole_file(streams: list[str]) -> bytes:
    """An OLE compound-file header plus directory entry names, enough for the format checks."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    directory = b"".join(name.encode("utf-16-le").ljust(128, b"\x00") for name in ["Root Entry", *streams])
    return header + directory


@pytest.mark.parametrize("name", ["bao_cao.xls", "bao_cao_doi_ten.xlsx"])
def test_old_xls_is_refused_with_save_as_advice(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(_ole_file(["Workbook", "\x05SummaryInformation"]))
    message = read_error(path)
    assert "định dạng Excel cũ (.xls)" in message
    assert "Sổ làm việc Excel (.xlsx)" in message


def test_xls_extension_that_is_not_even_ole(tmp_path: Path) -> None:
    path = tmp_path / "html_gia.xls"
    path.write_text("<html><table><tr><td>A1</td></tr></table></html>", encoding="utf-8")
    assert "lưu thành .xlsx" in read_error(path)


def test_password_protected_workbook_is_refused(tmp_path: Path) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = unit_list(tmp_path, [1, "A1", "Trường A", 10, 5, None])
    encrypted = tmp_path / "co_mat_khau.xlsx"
    with plain.open("rb") as source, encrypted.open("wb") as target:
        OOXMLFile(source).encrypt("matkhau", target)
    assert encrypted.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    message = read_error(encrypted)
    assert "được bảo vệ bằng mật khẩu" in message
    assert "gỡ mật khẩu" in message
    # The same file decrypts with the password, so it really was an encrypted workbook.
    decrypted = io.BytesIO()
    with encrypted.open("rb") as source:
        office = OOXMLFile(source)
        office.load_key(password="matkhau")
        office.decrypt(decrypted)
    assert zipfile.is_zipfile(decrypted)


def test_missing_file(tmp_path: Path) -> None:
    assert "không tìm thấy tệp" in read_error(tmp_path / "khong_co.xlsx")


# --------------------------------------------------------------------------- broken packages


def test_truncated_download(tmp_path: Path) -> None:
    whole = unit_list(tmp_path, [1, "A1", "Trường A", 10, 5, None]).read_bytes()
    path = tmp_path / "tai_do.xlsx"
    path.write_bytes(whole[: len(whole) // 2])
    assert "không phải tệp Excel .xlsx hợp lệ" in read_error(path)


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "nen.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    assert "tệp bị hỏng hoặc không phải sổ làm việc Excel hợp lệ" in read_error(path)


def test_corrupted_bytes_inside_the_zip(tmp_path: Path) -> None:
    data = bytearray(unit_list(tmp_path, [1, "A1", "Trường A", 10, 5, None]).read_bytes())
    for index in range(200, 260):
        data[index] ^= 0x55
    path = tmp_path / "hong.xlsx"
    path.write_bytes(bytes(data))
    message = read_error(path)
    assert "tệp bị hỏng" in message
    assert len(message) < 400


def test_malformed_sheet_xml(tmp_path: Path) -> None:
    path = hand_made_xlsx(tmp_path / "xml_hong.xlsx", {"xl/worksheets/sheet1.xml": "<worksheet><sheetData><row>"})
    assert "tệp bị hỏng" in read_error(path)


def test_zip_bomb_is_refused_before_parsing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = hand_made_xlsx(tmp_path / "bom_nen.xlsx", {"xl/padding.bin": "\x00" * 2_000_000})
    monkeypatch.setattr(units_workbook, "_MAX_UNPACKED_BYTES", 1_000_000)
    assert "giải nén ra quá lớn" in read_error(path)


@pytest.mark.parametrize("part", ["xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"])
def test_billion_laughs_is_refused(tmp_path: Path, part: str) -> None:
    original = _SHARED_STRINGS if part == "xl/sharedStrings.xml" else _SHEET
    bomb = _BILLION_LAUGHS_DTD + original.split("?>", 1)[1].replace("A1</t>", "&lol9;</t>").replace(
        "Tên đơn vị</t>", "&lol9;</t>"
    )
    assert "&lol9;" in bomb
    path = hand_made_xlsx(tmp_path / "bom_xml.xlsx", {part: bomb})
    message = read_error(path)
    assert "XML nguy hiểm" in message
    assert "không được đọc" in message


def test_external_entity_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "bi_mat.txt"
    secret.write_text("mật khẩu", encoding="utf-8")
    xxe = (
        f'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        + _SHARED_STRINGS.split("?>", 1)[1].replace("Tên đơn vị</t>", "&xxe;</t>")
    )
    assert "XML nguy hiểm" in read_error(hand_made_xlsx(tmp_path / "xxe.xlsx", {"xl/sharedStrings.xml": xxe}))


def test_check_xml_protection(monkeypatch: pytest.MonkeyPatch) -> None:
    check_xml_protection()
    monkeypatch.setattr(openpyxl.xml, "DEFUSEDXML", False)
    with pytest.raises(RuntimeError, match="defusedxml"):
        check_xml_protection()


# --------------------------------------------------------------------------- empty and headerless


def test_empty_workbook(tmp_path: Path) -> None:
    path = save_workbook(tmp_path / "trong.xlsx", [])
    assert "trang tính đầu tiên «Sheet» không có dữ liệu" in read_error(path)


def test_sheet_with_only_blank_cells(tmp_path: Path) -> None:
    path = save_workbook(tmp_path / "trang.xlsx", [[None, "  "], ["", None]])
    assert "không có dữ liệu" in read_error(path)


def test_trailing_empty_rows_are_dropped(tmp_path: Path) -> None:
    path = save_workbook(tmp_path / "duoi.xlsx", [["Tên đơn vị", "Mã"], ["A", "B"], [None, None], ["", " "]])
    assert read_first_sheet(path).rows == [["Tên đơn vị", "Mã"], ["A", "B"]]


def test_no_header_row(tmp_path: Path) -> None:
    path = save_workbook(tmp_path / "khong_tieu_de.xlsx", [["Trường A", 10], ["Trường B", 20]])
    raw = read_first_sheet(path)
    assert find_header_row(raw.rows) is None
    message = missing_header_message(raw.sheet_name)
    assert message.startswith("Trang «Sheet»: không tìm thấy dòng tiêu đề trong 15 dòng đầu.")


# --------------------------------------------------------------------------- mistakes in the rows


def describe_all(result: ImportPreview) -> list[str]:
    return [problem.describe() for problem in result.problems()]


def test_duplicate_codes_in_the_file(tmp_path: Path) -> None:
    path = unit_list(
        tmp_path,
        [1, "TH01", "Trường Tiểu học A", 20, 10, None],
        [2, "TH02", "Trường Tiểu học B", 20, 10, None],
        [3, "th01", "Trường Tiểu học C", 20, 10, None],
    )
    result = import_file(path)
    assert describe_all(result) == [
        "Dòng 4, cột B (Mã đơn vị): Mã TH01 trùng với dòng 6.",
        "Dòng 6, cột B (Mã đơn vị): Mã TH01 trùng với dòng 4.",
    ]
    assert not result.can_import()
    assert result.can_import(excluded={4})


def test_code_already_in_the_database(tmp_path: Path) -> None:
    path = unit_list(tmp_path, [1, "TH01", "Trường Tiểu học A", 20, 10, None])
    assert describe_all(import_file(path, existing_codes={"TH01"})) == [
        "Dòng 4, cột B (Mã đơn vị): Mã TH01 đã có trong danh sách đơn vị."
    ]


def test_same_name_typed_in_nfc_and_nfd(tmp_path: Path) -> None:
    name = "Trường Trung học cơ sở Nguyễn Trãi"
    path = unit_list(
        tmp_path,
        [1, "A1", name, 20, 10, None],
        [2, "A2", unicodedata.normalize("NFD", name), 20, 10, None],
    )
    raw = read_first_sheet(path)
    assert raw.rows[4][2] == unicodedata.normalize("NFD", name)  # the file really holds NFD
    result = import_file(path)
    assert describe_all(result) == [f"Dòng 5, cột C (Tên công đoàn cơ sở): Tên đơn vị «{name}» trùng với dòng 4."]


def test_numbers_typed_as_text_with_thousand_dots(tmp_path: Path) -> None:
    path = unit_list(tmp_path, [1, "DN01", "Công ty TNHH May Việt", "1.234", "1.000", None])
    result = import_file(path)
    assert result.problems() == []
    (draft,) = result.drafts()
    assert (draft.members, draft.female_members) == (1234, 1000)


@pytest.mark.parametrize(
    ("cell", "fragment"),
    [
        ("1.5", "Số đoàn viên: Số «1.5» không rõ nghĩa"),
        ("12,5", "phải là số nguyên"),
        ("mười", "«mười» không phải là số"),
    ],
)
def test_unreadable_counts_name_the_cell(tmp_path: Path, cell: str, fragment: str) -> None:
    result = import_file(unit_list(tmp_path, [1, "A1", "Trường A", cell, None, None]))
    (problem,) = result.problems()
    assert problem.describe().startswith("Dòng 4, cột D (Số đoàn viên): ")
    assert fragment in problem.message


def test_negative_counts(tmp_path: Path) -> None:
    result = import_file(unit_list(tmp_path, [1, "A1", "Trường A", -5, "-2", None]))
    assert describe_all(result) == [
        "Dòng 4, cột D (Số đoàn viên): Số đoàn viên không được âm (-5).",
        "Dòng 4, cột E (Trong đó nữ): Đoàn viên nữ không được âm (-2).",
    ]


def test_more_women_than_members(tmp_path: Path) -> None:
    result = import_file(unit_list(tmp_path, [1, "A1", "Trường A", 30, 31, None]))
    assert describe_all(result) == [
        "Dòng 4, cột E (Trong đó nữ): Số đoàn viên nữ (31) lớn hơn tổng số đoàn viên (30)."
    ]


def test_founding_date_in_the_future(tmp_path: Path) -> None:
    result = import_file(
        unit_list(
            tmp_path,
            [1, "A1", "Trường A", 30, 3, date(2030, 1, 15)],
            [2, "A2", "Trường B", 30, 3, "ngày 2 tháng 6 năm 2025"],
        )
    )
    assert describe_all(result) == [
        "Dòng 4, cột F (Ngày thành lập): Ngày thành lập 15/01/2030 ở sau ngày hôm nay (01/06/2025).",
        "Dòng 5, cột F (Ngày thành lập): Ngày thành lập 02/06/2025 ở sau ngày hôm nay (01/06/2025).",
    ]


def test_row_without_name(tmp_path: Path) -> None:
    result = import_file(unit_list(tmp_path, [1, "A1", "   ", 30, 3, None]))
    assert describe_all(result) == ["Dòng 4, cột C (Tên công đoàn cơ sở): Chưa nhập tên đơn vị."]


# --------------------------------------------------------------------------- memory and time bombs


def _sheet_xml(rows: str, dimension: str = "") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{dimension}<sheetData>{rows}</sheetData></worksheet>"
    )


_HEADER_AND_ONE_UNIT = (
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
    '<row r="2"><c r="A2" t="inlineStr"><is><t>Trường A</t></is></c><c r="B2"><v>25</v></c></row>'
)


def _peak_memory_while(action: object) -> tuple[int, float, BaseException | None]:
    import time
    import tracemalloc

    tracemalloc.start()
    started = time.monotonic()
    caught: BaseException | None = None
    try:
        action()  # type: ignore[operator]
    except WorkbookError as exc:
        caught = exc
    finally:
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak, time.monotonic() - started, caught


def test_declared_dimension_bomb_is_refused_at_once(tmp_path: Path) -> None:
    # 5 KB that declares the whole grid, with one value in its last cell: padding rows to the declared
    # size would need about 128 GB.
    sheet = _sheet_xml(
        _HEADER_AND_ONE_UNIT + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
        '<dimension ref="A1:XFD1048576"/>',
    )
    path = hand_made_xlsx(tmp_path / "bom_kich_thuoc.xlsx", {"xl/worksheets/sheet1.xml": sheet})
    assert path.stat().st_size < 5_000
    peak, seconds, caught = _peak_memory_while(lambda: read_first_sheet(path))
    assert caught is not None
    assert f"dài quá {units_workbook.MAX_ROWS} dòng" in str(caught)
    assert "dòng 1048576" in str(caught)
    assert peak < 20_000_000 and seconds < 5


def test_declared_dimension_alone_does_not_make_rows_wide(tmp_path: Path) -> None:
    sheet = _sheet_xml(_HEADER_AND_ONE_UNIT, '<dimension ref="A1:XFD1048576"/>')
    path = hand_made_xlsx(tmp_path / "kich_thuoc_khai_man.xlsx", {"xl/worksheets/sheet1.xml": sheet})
    peak, _seconds, caught = _peak_memory_while(lambda: read_first_sheet(path))
    assert caught is None and peak < 20_000_000
    assert read_first_sheet(path).rows == [["Tên đơn vị", "Số đoàn viên"], ["Trường A", 25]]


def test_a_value_far_to_the_right_is_refused_naming_the_cell(tmp_path: Path) -> None:
    far = units_workbook.MAX_COLUMNS + 1
    letter = openpyxl.utils.get_column_letter(far)
    sheet = _sheet_xml(_HEADER_AND_ONE_UNIT + f'<row r="3"><c r="{letter}3"><v>7</v></c></row>')
    path = hand_made_xlsx(tmp_path / "cot_xa.xlsx", {"xl/worksheets/sheet1.xml": sheet})
    message = read_error(path)
    assert f"ô {letter}3" in message and f"{units_workbook.MAX_COLUMNS} cột" in message


def test_formatted_empty_cells_far_away_are_ignored(tmp_path: Path) -> None:
    sheet = _sheet_xml(_HEADER_AND_ONE_UNIT + '<row r="1048576"><c r="XFD1048576" s="0"/></row>')
    path = hand_made_xlsx(tmp_path / "o_trong_xa.xlsx", {"xl/worksheets/sheet1.xml": sheet})
    assert read_first_sheet(path).rows == [["Tên đơn vị", "Số đoàn viên"], ["Trường A", 25]]


def test_a_list_longer_than_the_row_bound_is_refused(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["Mã đơn vị", "Tên đơn vị", "Số đoàn viên"])
    for number in range(1, units_workbook.MAX_ROWS + 1):
        sheet.append([f"CD{number:05d}", f"Công đoàn cơ sở số {number}", number % 90])
    path = tmp_path / "qua_dai.xlsx"
    workbook.save(path)
    message = read_error(path)
    assert f"dài quá {units_workbook.MAX_ROWS} dòng" in message
    assert f"dòng {units_workbook.MAX_ROWS + 1}" in message


def test_a_list_at_the_row_bound_is_read(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["Mã đơn vị", "Tên đơn vị", "Số đoàn viên"])
    for number in range(1, units_workbook.MAX_ROWS):
        sheet.append([f"CD{number:05d}", f"Công đoàn cơ sở số {number}", number % 90])
    path = tmp_path / "vua_du.xlsx"
    workbook.save(path)
    assert len(read_first_sheet(path).rows) == units_workbook.MAX_ROWS


def test_millions_of_formatted_blank_rows_stop_early(tmp_path: Path) -> None:
    blank_rows = "".join(
        f'<row r="{n}"><c r="A{n}" s="0"/></row>' for n in range(3, 3 + units_workbook.MAX_ROW_ELEMENTS)
    )
    sheet = _sheet_xml(_HEADER_AND_ONE_UNIT + blank_rows)
    path = hand_made_xlsx(tmp_path / "dong_trong.xlsx", {"xl/worksheets/sheet1.xml": sheet})
    assert "xóa các dòng thừa" in read_error(path)


def test_too_many_cells_stop_early(tmp_path: Path) -> None:
    per_row = 60
    rows_needed = units_workbook.MAX_CELLS // per_row + 2
    cells = "".join(
        f'<row r="{r}">' + "".join('<c s="0"/>' for _ in range(per_row)) + "</row>" for r in range(3, 3 + rows_needed)
    )
    sheet = _sheet_xml(_HEADER_AND_ONE_UNIT + cells)
    path = hand_made_xlsx(tmp_path / "qua_nhieu_o.xlsx", {"xl/worksheets/sheet1.xml": sheet})
    assert "xóa các dòng thừa" in read_error(path)


def test_a_huge_old_format_file_is_sniffed_not_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "rat_lon.xls"
    with path.open("wb") as handle:
        handle.write(_ole_file(["Workbook"]))
        handle.truncate(400 * 1024 * 1024)  # sparse: no disk used, but read_bytes() would take 400 MB
    peak, _seconds, caught = _peak_memory_while(lambda: read_first_sheet(path))
    assert caught is not None and "định dạng Excel cũ (.xls)" in str(caught)
    assert peak < 5_000_000


def test_encryption_is_found_in_a_directory_placed_after_the_data(tmp_path: Path) -> None:
    # Sector size 512 (shift 9), directory at sector 3000: far past the first bytes of the file.
    header = bytearray(_ole_file([])[:512])
    header[0x1E:0x20] = (9).to_bytes(2, "little")
    header[0x30:0x34] = (3000).to_bytes(4, "little")
    directory = b"".join(
        name.encode("utf-16-le").ljust(128, b"\x00") for name in ["Root Entry", "EncryptionInfo", "EncryptedPackage"]
    )
    path = tmp_path / "mat_khau.xlsx"
    path.write_bytes(bytes(header) + b"\x00" * (3000 * 512) + directory)
    assert "được bảo vệ bằng mật khẩu" in read_error(path)
