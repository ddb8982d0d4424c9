"""Guessing columns of a clerk's unit list and checking its rows, cell by cell."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime

import pytest

from desktop_app.domain.unit_import import (
    CellProblem,
    ImportPreview,
    build_preview,
    column_letter,
    find_header_row,
    guess_mapping,
    missing_header_message,
)
from desktop_app.domain.units import DEFAULT_SECTORS, FIELD_LABELS, UnitDraft

TODAY = date(2025, 6, 1)
SECTORS = list(DEFAULT_SECTORS)
HEADERS: list[object] = [
    "STT", "Mã CĐCS", "Tên CĐCS", "Khu vực", "Số đoàn viên", "Trong đó nữ", "Số lao động", "Ngày thành lập",
]  # fmt: skip


def preview(
    *data: list[object],
    headers: list[object] = HEADERS,
    existing_codes: set[str] | None = None,
    existing_names: set[str] | None = None,
) -> ImportPreview:
    rows: list[list[object]] = [["DANH SÁCH CÔNG ĐOÀN CƠ SỞ"], [], list(headers), *[list(r) for r in data]]
    return build_preview(
        rows, 2, guess_mapping(list(headers)), SECTORS, existing_codes or set(), existing_names or set(), TODAY
    )


def only_problem(result: ImportPreview) -> CellProblem:
    problems = result.problems()
    assert len(problems) == 1, [p.describe() for p in problems]
    return problems[0]


# --------------------------------------------------------------------------- guess_mapping


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Mã", "code"), ("Mã số", "code"), ("Mã đơn vị", "code"), ("MÃ CĐCS", "code"),
        ("Tên CĐCS", "name"), ("Tên công đoàn cơ sở", "name"), ("tên đơn vị", "name"),
        ("Công đoàn cơ sở", "name"), ("Đơn vị", "name"),
        ("Tên viết tắt", "short_name"), ("Tên tắt", "short_name"),
        ("Khu vực", "sector"), ("Loại hình", "sector"), ("Khối", "sector"),
        ("Số đoàn viên", "members"), ("Tổng số đoàn viên", "members"), ("Đoàn viên", "members"),
        ("Số ĐV", "members"),
        ("Trong đó nữ", "female_members"), ("Nữ", "female_members"), ("Đoàn viên nữ", "female_members"),
        ("ĐV nữ", "female_members"),
        ("Số lao động", "workers"), ("Tổng số lao động", "workers"), ("CNVCLĐ", "workers"),
        ("Số CNVCLĐ", "workers"), ("Lao động", "workers"),
        ("Chủ tịch", "chair"), ("Chủ tịch CĐCS", "chair"), ("Họ tên chủ tịch", "chair"),
        ("Điện thoại", "phone"), ("SĐT", "phone"), ("Số điện thoại", "phone"),
        ("Email", "email"), ("E-mail", "email"), ("Thư điện tử", "email"),
        ("Địa chỉ", "address"), ("Ngày thành lập", "founded"), ("Thành lập", "founded"),
        ("Ghi chú", "notes"),
    ],
)  # fmt: skip
def test_each_synonym_maps_to_its_field(header: str, field: str) -> None:
    assert guess_mapping([header]) == {0: field}


def test_headers_match_without_accents_case_or_extra_spaces() -> None:
    nfd = unicodedata.normalize("NFD", "Tên đơn vị")
    assert guess_mapping(["  TEN   DON VI ", "so doan vien:", nfd]) == {0: "name", 1: "members"}


def test_row_number_columns_map_to_nothing() -> None:
    assert guess_mapping(["STT", "TT", "Số TT", None, "", 12]) == {}


def test_field_labels_map_to_their_own_fields_so_our_export_reimports() -> None:
    labels: list[object] = list(FIELD_LABELS.values())
    mapping = guess_mapping(labels)
    assert mapping == dict(enumerate(FIELD_LABELS))


def test_each_field_maps_once_and_exact_match_beats_contains() -> None:
    # "Đoàn viên nữ" contains "Đoàn viên"; the exact "Số đoàn viên" wins members wherever it stands.
    mapping = guess_mapping(["Đoàn viên nữ", "Tên đơn vị", "Số đoàn viên", "Tổng số đoàn viên"])
    assert mapping == {0: "female_members", 1: "name", 2: "members"}


def test_header_containing_a_synonym_is_recognised() -> None:
    mapping = guess_mapping(["Tên đơn vị (ghi đầy đủ)", "Số điện thoại chủ tịch", "Họ và tên Chủ tịch"])
    assert mapping == {0: "name", 1: "phone", 2: "chair"}


# --------------------------------------------------------------------------- find_header_row


def test_header_row_found_below_a_title() -> None:
    rows: list[list[object]] = [
        ["LIÊN ĐOÀN LAO ĐỘNG HUYỆN"],
        ["DANH SÁCH CĐCS NĂM 2025"],
        ["Mã", None, None],  # one recognised cell is not a header row
        ["STT", "Tên CĐCS", "Số ĐV"],
        [1, "Trường Tiểu học A", 25],
    ]
    assert find_header_row(rows) == 3


def test_header_row_needs_the_name_column() -> None:
    assert find_header_row([["Mã", "Số đoàn viên", "Nữ"], [1, 2, 3]]) is None


def test_header_row_only_among_first_fifteen_rows() -> None:
    rows: list[list[object]] = [[f"dòng {i}"] for i in range(15)] + [["Mã", "Tên đơn vị"]]
    assert find_header_row(rows) is None
    assert find_header_row(rows[1:]) == 14


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 3, 25, 26, 27, 701, 702)] == ["A", "D", "Z", "AA", "AB", "ZZ", "AAA"]


# --------------------------------------------------------------------------- rows


def test_good_row_becomes_a_clean_draft() -> None:
    result = preview(
        [1, " cd01 ", "  Trường   THCS\u00a0Lê Lợi ", "hành chính sự nghiệp", 40, "12", "1.234", "24/3/2021"],
    )
    assert result.problems() == []
    assert result.can_import()
    assert result.generated_codes is False
    assert result.drafts() == [
        UnitDraft(
            code="CD01", name="Trường THCS Lê Lợi", sector="HCSN", members=40, female_members=12,
            workers=1234, founded=date(2021, 3, 24),
        )
    ]  # fmt: skip
    assert result.rows[0].row_number == 4


def test_fully_blank_rows_are_skipped_and_row_numbers_stay_those_of_the_sheet() -> None:
    result = preview([None] * 8, ["", "  ", None], [1, "A1", "Trường A", None, None, None, None, None])
    assert [row.row_number for row in result.rows] == [6]


def test_row_without_name_is_blocking() -> None:
    problem = only_problem(preview([1, "A1", None, None, 5, None, None, None]))
    assert (problem.row_number, problem.column, problem.header) == (4, "C", "Tên CĐCS")
    assert problem.describe() == "Dòng 4, cột C (Tên CĐCS): Chưa nhập tên đơn vị."
    assert not preview([1, "A1", None, None, 5, None, None, None]).can_import()


@pytest.mark.parametrize(
    ("cell", "expected"),
    [(25, 25), (25.0, 25), ("1.234", 1234), ("1.234.567", 1234567), (" 12 ", 12), ("1.234,0", 1234)],
)
def test_counts_accept_whole_numbers_in_any_form(cell: object, expected: int) -> None:
    result = preview([1, "A1", "Trường A", None, cell, None, None, None])
    assert result.problems() == []
    assert result.drafts()[0].members == expected


@pytest.mark.parametrize(
    ("cell", "fragment"),
    [
        (12.5, "Số đoàn viên phải là số nguyên, không phải «12.5»."),
        ("12,5", "Số đoàn viên phải là số nguyên, không phải «12,5»."),
        ("1.5", "Số đoàn viên: Số «1.5» không rõ nghĩa"),
        ("abc", "Số đoàn viên: «abc» không phải là số."),
        (datetime(2021, 3, 24), "Số đoàn viên «24/03/2021» không phải là số."),
        (True, "Số đoàn viên «True» không phải là số."),
    ],
)
def test_counts_refuse_fractions_ambiguous_and_text(cell: object, fragment: str) -> None:
    result = preview([1, "A1", "Trường A", None, cell, None, None, None])
    problem = only_problem(result)
    assert (problem.row_number, problem.column, problem.header) == (4, "E", "Số đoàn viên")
    assert fragment in problem.message
    assert problem.describe().startswith("Dòng 4, cột E (Số đoàn viên): ")
    assert result.rows[0].draft is None
    assert not result.can_import()
    assert result.drafts() == []


def test_negative_count_from_validate_unit() -> None:
    problem = only_problem(preview([1, "A1", "Trường A", None, -5, None, None, None]))
    assert problem.describe() == "Dòng 4, cột E (Số đoàn viên): Số đoàn viên không được âm (-5)."


def test_negative_count_as_text() -> None:
    problem = only_problem(preview([1, "A1", "Trường A", None, None, None, "-1.000", None]))
    assert problem.describe() == "Dòng 4, cột G (Số lao động): Số lao động không được âm (-1000)."


def test_female_above_members_points_at_the_female_column() -> None:
    problem = only_problem(preview([1, "A1", "Trường A", None, 10, 11, None, None]))
    assert problem.describe() == (
        "Dòng 4, cột F (Trong đó nữ): Số đoàn viên nữ (11) lớn hơn tổng số đoàn viên (10)."
    )


@pytest.mark.parametrize(
    "cell",
    [date(2021, 3, 24), datetime(2021, 3, 24), "24/3/2021", "24/03/2021", "ngày 24 tháng 3 năm 2021", 44279],
)
def test_dates_accept_date_cells_text_and_excel_serials(cell: object) -> None:
    result = preview([1, "A1", "Trường A", None, None, None, None, cell])
    assert result.problems() == []
    assert result.drafts()[0].founded == date(2021, 3, 24)


@pytest.mark.parametrize(
    ("cell", "fragment"),
    [
        ("31/2/2021", "Ngày thành lập: Ngày không hợp lệ: «31/2/2021»"),
        ("hôm qua", "Ngày thành lập: Không hiểu ngày «hôm qua»"),
        (2021, "Ngày thành lập «2021» không phải là ngày"),
    ],
)
def test_bad_dates_are_blocking_and_name_the_cell(cell: object, fragment: str) -> None:
    problem = only_problem(preview([1, "A1", "Trường A", None, None, None, None, cell]))
    assert (problem.row_number, problem.column, problem.header) == (4, "H", "Ngày thành lập")
    assert fragment in problem.message


def test_future_founding_date() -> None:
    problem = only_problem(preview([1, "A1", "Trường A", None, None, None, None, "2/6/2025"]))
    assert problem.describe() == (
        "Dòng 4, cột H (Ngày thành lập): Ngày thành lập 02/06/2025 ở sau ngày hôm nay (01/06/2025)."
    )


@pytest.mark.parametrize(
    "cell", ["FDI", "fdi", "Doanh nghiệp có vốn đầu tư nước ngoài", "DOANH NGHIEP CO VON DAU TU NUOC NGOAI"]
)
def test_sector_by_code_or_name_ignoring_accents_and_case(cell: str) -> None:
    result = preview([1, "A1", "Công ty B", cell, None, None, None, None])
    assert result.problems() == []
    assert result.drafts()[0].sector == "FDI"


def test_unknown_sector_lists_the_known_names() -> None:
    problem = only_problem(preview([1, "A1", "Công ty B", "Tư nhân", None, None, None, None]))
    assert problem.column == "D"
    assert problem.message.startswith("Khu vực «Tư nhân» không có trong danh mục khu vực. Các khu vực có: ")
    assert all(sector.name in problem.message for sector in SECTORS)


def test_duplicate_codes_block_every_involved_row() -> None:
    result = preview(
        [1, "A1", "Trường A", None, None, None, None, None],
        [2, "B1", "Trường B", None, None, None, None, None],
        [3, "a1", "Trường C", None, None, None, None, None],
    )
    assert [p.describe() for p in result.problems()] == [
        "Dòng 4, cột B (Mã CĐCS): Mã A1 trùng với dòng 6.",
        "Dòng 6, cột B (Mã CĐCS): Mã A1 trùng với dòng 4.",
    ]
    assert not result.can_import()
    assert result.can_import(excluded={6})
    assert [d.code for d in result.drafts(excluded={6})] == ["A1", "B1"]


def test_code_already_in_database_is_blocking() -> None:
    result = preview([1, "A1", "Trường A", None, None, None, None, None], existing_codes={"a1"})
    assert only_problem(result).describe() == "Dòng 4, cột B (Mã CĐCS): Mã A1 đã có trong danh sách đơn vị."


def test_same_name_in_nfc_and_nfd_blocks_the_later_row() -> None:
    name = "Trường Mầm non Hướng Dương"
    nfd = unicodedata.normalize("NFD", name)
    assert nfd != name
    result = preview(
        [1, "A1", name, None, None, None, None, None],
        [2, "A2", "  " + nfd.upper() + " ", None, None, None, None, None],
    )
    problem = only_problem(result)
    assert (problem.row_number, problem.column) == (5, "C")
    assert problem.message == f"Tên đơn vị «{name.upper()}» trùng với dòng 4."
    assert result.rows[1].draft is not None
    assert result.rows[1].draft.name == name.upper()  # stored as NFC


def test_name_of_an_existing_unit_is_only_a_warning() -> None:
    result = preview([1, "A1", "Trường A", None, None, None, None, None], existing_names={"TRƯỜNG  A"})
    assert result.problems() == []
    (warning,) = result.warnings()
    assert warning.blocking is False
    assert warning.describe().startswith("Dòng 4, cột C (Tên CĐCS): Tên đơn vị «Trường A» đã có trong danh sách")
    assert result.can_import()


def test_excluded_rows_are_left_out_of_problems_warnings_and_drafts() -> None:
    result = preview(
        [1, "A1", "Trường A", None, -1, None, None, None],
        [2, "A2", "Trường B", None, 3, None, None, None],
    )
    assert len(result.problems()) == 1
    assert result.problems(excluded={4}) == []
    assert [d.code for d in result.drafts(excluded={4})] == ["A2"]
    assert not result.can_import(excluded={4, 5})


def test_codes_are_generated_when_no_column_holds_them() -> None:
    headers: list[object] = ["STT", "Tên đơn vị", "Số ĐV"]
    result = preview(
        [1, "Trường A", 10], [2, "Trường B", 20], headers=headers, existing_codes={"CDCS007", "CDCS012", "X99"}
    )
    assert result.generated_codes is True
    assert [d.code for d in result.drafts()] == ["CDCS013", "CDCS014"]


def test_generated_codes_start_at_one_with_a_custom_prefix() -> None:
    rows: list[list[object]] = [["Tên đơn vị", "Số ĐV"], ["Trường A", 1]]
    result = build_preview(rows, 0, guess_mapping(rows[0]), SECTORS, set(), set(), TODAY, code_prefix="TA")
    assert [d.code for d in result.drafts()] == ["TA001"]


def test_problem_without_a_column() -> None:
    rows: list[list[object]] = [["Mã", "Số ĐV"], ["A1", 3]]
    result = build_preview(rows, 0, guess_mapping(rows[0]), SECTORS, set(), set(), TODAY)
    assert only_problem(result).describe() == "Dòng 2: Chưa nhập tên đơn vị."


def test_numbers_in_text_columns_become_text_and_unknown_columns_are_kept() -> None:
    headers: list[object] = ["Mã", "Tên đơn vị", "Điện thoại", "Mã số thuế", "STT"]
    result = preview([101, "Trường A", 912345678.0, "0301234567", 1], headers=headers)
    (draft,) = result.drafts()
    assert (draft.code, draft.phone) == ("101", "912345678")
    assert draft.extra == {"Mã số thuế": "0301234567"}


def test_empty_sheet_cannot_be_imported() -> None:
    result = preview()
    assert result.rows == []
    assert not result.can_import()


def test_excluding_the_earlier_row_clears_a_name_clash() -> None:
    result = preview(
        [1, "A1", "Trường A", None, None, None, None, None],
        [2, "A2", "trường a", None, None, None, None, None],
        [3, "A3", "TRƯỜNG A", None, None, None, None, None],
    )
    assert [p.describe() for p in result.problems()] == [
        "Dòng 5, cột C (Tên CĐCS): Tên đơn vị «trường a» trùng với dòng 4.",
        "Dòng 6, cột C (Tên CĐCS): Tên đơn vị «TRƯỜNG A» trùng với dòng 4.",
        "Dòng 6, cột C (Tên CĐCS): Tên đơn vị «TRƯỜNG A» trùng với dòng 5.",
    ]
    assert not result.can_import(excluded={4})
    assert result.can_import(excluded={4, 5})
    assert [d.code for d in result.drafts(excluded={4, 5})] == ["A3"]


def test_missing_header_message_names_the_sheet() -> None:
    assert missing_header_message("Sheet1").startswith(
        "Trang «Sheet1»: không tìm thấy dòng tiêu đề trong 15 dòng đầu."
    )


# --------------------------------------------------------------------------- count ranges


@pytest.mark.parametrize(
    "cell",
    [2**63, 2**63 - 1, 10**19, "9.223.372.036.854.775.808", "99999999999999999999", 1e300, 10_000_001, "9" * 5000],
)
def test_counts_past_the_sane_range_name_row_and_column(cell: object) -> None:
    result = preview([1, "A1", "Trường A", None, None, None, cell, None])
    problem = only_problem(result)
    assert (problem.row_number, problem.column, problem.header) == (4, "G", "Số lao động")
    assert "lớn quá" in problem.message and "10.000.000" in problem.message
    assert not result.can_import()
    assert result.drafts() == []


def test_the_largest_sane_count_is_accepted() -> None:
    result = preview([1, "A1", "Trường A", None, 10_000_000, 10_000_000, "10.000.000", None])
    assert result.problems() == []
    assert result.drafts()[0].workers == 10_000_000


# --------------------------------------------------------------------------- sector names

SECTOR_SPELLINGS: list[tuple[str, str]] = [
    ("HCSN", "HCSN"), ("Hành chính sự nghiệp", "HCSN"), ("Hành chính - sự nghiệp", "HCSN"),
    ("Khối hành chính sự nghiệp", "HCSN"), ("HC-SN", "HCSN"),
    ("DNNN", "DNNN"), ("Doanh nghiệp nhà nước", "DNNN"), ("DN nhà nước", "DNNN"), ("Khối DNNN", "DNNN"),
    ("NNN", "NNN"), ("Ngoài nhà nước", "NNN"), ("DN ngoài nhà nước", "NNN"), ("Doanh nghiệp ngoài nhà nước", "NNN"),
    ("Ngoài quốc doanh", "NNN"), ("DN ngoài quốc doanh", "NNN"), ("Khu vực ngoài nhà nước", "NNN"),
    ("FDI", "FDI"), ("Doanh nghiệp có vốn đầu tư nước ngoài", "FDI"), ("DN có vốn đầu tư nước ngoài", "FDI"),
    ("Có vốn đầu tư nước ngoài", "FDI"), ("DN FDI", "FDI"), ("Doanh nghiệp FDI", "FDI"), ("DN có vốn ĐTNN", "FDI"),
    ("Vốn đầu tư nước ngoài", "FDI"),
    ("HTX", "HTX"), ("Hợp tác xã", "HTX"), ("Khối hợp tác xã", "HTX"),
    ("Khác", "KHAC"), ("KHAC", "KHAC"),
]  # fmt: skip


def _accent_free(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@pytest.mark.parametrize(("text", "code"), SECTOR_SPELLINGS)
@pytest.mark.parametrize(
    "variant",
    [
        lambda t: t, str.upper, str.lower, str.title, _accent_free, lambda t: _accent_free(t).upper(),
        lambda t: f"  {t.replace(' ', '   ')} ", lambda t: unicodedata.normalize("NFD", t),
        lambda t: t.replace("n", "n\u00ad", 1),
    ],
    ids=["as-is", "upper", "lower", "title", "accent-free", "accent-free-upper", "spaces", "nfd", "soft-hyphen"],
)  # fmt: skip
def test_usual_short_and_long_sector_names_are_accepted(text: str, code: str, variant: object) -> None:
    cell = variant(text)  # type: ignore[operator]
    result = preview([1, "A1", "Công ty B", cell, None, None, None, None])
    assert result.problems() == [], (cell, [p.describe() for p in result.problems()])
    assert result.drafts()[0].sector == code


def test_sector_aliases_follow_the_offices_own_sectors() -> None:
    # An office that retired the FDI sector does not get it back through an alias.
    sectors = [s for s in SECTORS if s.code != "FDI"]
    rows: list[list[object]] = [list(HEADERS), [1, "A1", "Công ty B", "DN có vốn ĐTNN", None, None, None, None]]
    result = build_preview(rows, 0, guess_mapping(list(HEADERS)), sectors, set(), set(), TODAY)
    assert only_problem(result).column == "D"


def test_names_differing_by_soft_hyphens_clash_in_the_file_and_with_the_database() -> None:
    in_file = preview(
        [1, "A1", "Trường Tiểu học Phước Minh", None, None, None, None, None],
        [2, "A2", "Trường Tiểu\u00adhọc Phước Minh".replace("\u00adhọc", " h\u00adọc"), None, None, None, None, None],
    )
    clash = only_problem(in_file)
    assert (clash.row_number, clash.column) == (5, "C") and "trùng với dòng 4" in clash.message
    assert in_file.drafts()[0].name == "Trường Tiểu học Phước Minh"
    against_database = preview(
        [1, "A1", "Trường Tiểu h\u00adọc Phước\u200b Minh", None, None, None, None, None],
        existing_names={"Trường Tiểu học Phước Minh"},
    )
    assert [w.message.split(" (")[0] for w in against_database.warnings()] == [
        "Tên đơn vị «Trường Tiểu học Phước Minh» đã có trong danh sách đơn vị"
    ]
