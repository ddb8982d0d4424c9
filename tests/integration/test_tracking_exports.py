"""The tracking matrix as .xlsx and the year's summary as an official PDF, on a hand-made district: what the cells,
totals and print settings say, how LibreOffice prints the workbook, what poppler reads from the PDF, and the paths
refused before anything is written."""

from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop_app.bootstrap import AppContext
from desktop_app.domain.tracking import SECTORS, Audience, Figures
from desktop_app.domain.units import UnitDraft
from desktop_app.files.xlsx.tracking_matrix import A4_COLUMNS, MatrixColumn, MatrixLine, write_tracking_matrix
from desktop_app.services.errors import UserError
from desktop_app.services.tracking import CELL_LABELS, Receipt, RequestDraft
from tests.pdf_tools import in_order, layout_failures, libreoffice_pdfs, pdftotext, squeeze, tool

NAMES = {
    "CD01": "Công đoàn Trường Tiểu học Phước Minh A",
    "CD02": "Công đoàn Trạm Y tế xã Suối Đá",
    "CD03": "Công đoàn Công ty TNHH Giày Đông Phương",
    "CD04": "Công đoàn Trường THCS Chà Là",
    "CD05": "Công đoàn Công ty Cao su Tây Ninh",
}
FIRST = "Báo cáo sơ kết 6 tháng"
SECOND = "Báo cáo kết quả Tháng Công nhân"


@pytest.fixture
def district(context: AppContext) -> AppContext:
    """Two requests of 2026, figured by hand:

    - «sơ kết» (due Fri 13/11, all CĐCS): CD01 on time 10/11, CD02 late 16/11, CD03 missing, CD05 exempt, CD04
      founded after the due date → expected 3, received 2, on time 1: 66,7 % and 33,3 %.
    - «Tháng Công nhân» (due Fri 20/11, sector NNN: CD03, CD05): CD03 late today 21/11, CD05 missing → expected 2,
      received 1, on time 0: 50 % and 0 %.
    """
    sectors = {"CD01": "HCSN", "CD02": "HCSN", "CD03": "NNN", "CD04": "HCSN", "CD05": "NNN"}
    for code, name in NAMES.items():
        context.units.create(UnitDraft(code=code, name=name, sector=sectors[code],
                                       founded=date(2026, 11, 15) if code == "CD04" else None))
    t = context.tracking
    first = t.create_request(RequestDraft(title=FIRST, issued_on=date(2026, 11, 2), due=date(2026, 11, 13))).id
    t.receive(first, Receipt("CD01", date(2026, 11, 10), backdate_note="bản giấy"))
    t.receive(first, Receipt("CD02", date(2026, 11, 16), backdate_note="bản giấy"))
    t.exempt(first, ["CD05"], "Doanh nghiệp tạm ngừng hoạt động")
    second = t.create_request(RequestDraft(title=SECOND, issued_on=date(2026, 11, 3), due=date(2026, 11, 20),
                                           audience=Audience(SECTORS, sectors=("NNN",)))).id
    t.receive(second, Receipt("CD03"))
    return context


def test_the_matrix_workbook_holds_the_statuses_the_totals_and_the_print_settings(
    district: AppContext, tmp_path: Path
) -> None:
    path = tmp_path / "theo-doi-2026.xlsx"
    result = district.tracking_exports.matrix_xlsx(2026, path)
    assert (result.units, result.requests) == (4, 2)  # CD04 was asked nothing
    sheet = load_workbook(path).active
    assert sheet is not None
    assert sheet["A1"].value == "LIÊN ĐOÀN LAO ĐỘNG HUYỆN DƯƠNG MINH CHÂU"
    assert sheet["A2"].value == "BẢNG THEO DÕI TÌNH HÌNH GỬI BÁO CÁO NĂM 2026"
    assert sheet["A3"].value == "(Số liệu đến ngày 21/11/2026)"
    assert [sheet.cell(5, c).value for c in range(1, 6)] == [
        "STT", "Mã", "Tên CĐCS", f"{FIRST}\n(hạn 13/11/2026)", f"{SECOND}\n(hạn 20/11/2026)"]
    rows = {sheet.cell(r, 2).value: [sheet.cell(r, c).value for c in (3, 4, 5)] for r in range(6, 10)}
    assert rows == {
        "CD01": [NAMES["CD01"], "Đúng hạn\n10/11/2026", None],
        "CD02": [NAMES["CD02"], "Nộp muộn\n16/11/2026", None],
        "CD03": [NAMES["CD03"], "Quá hạn", "Nộp muộn\n21/11/2026"],
        "CD05": [NAMES["CD05"], "Miễn", "Quá hạn"],
    }
    totals = {sheet.cell(r, 1).value: (sheet.cell(r, 4).value, sheet.cell(r, 5).value) for r in range(10, 15)}
    assert totals == {
        "Số CĐCS phải nộp": (3, 2),
        "Số đã nộp": (2, 1),
        "Số nộp đúng hạn": (1, 0),
        "Tỷ lệ nộp đủ (đã nộp ÷ phải nộp)": (pytest.approx(2 / 3), 0.5),
        "Tỷ lệ đúng hạn (đúng hạn ÷ phải nộp)": (pytest.approx(1 / 3), 0),
    }
    assert sheet.cell(13, 4).number_format == "0.0%"
    # Each status has its own fill, the legend shows them with their meaning.
    fills = {sheet.cell(r, 4).value.split("\n")[0]: sheet.cell(r, 4).fill.fgColor.rgb for r in range(6, 10)}
    assert len(set(fills.values())) == 4
    legend = {sheet.cell(r, 2).value: sheet.cell(r, 3).value for r in range(16, 24) if sheet.cell(r, 2).value}
    assert legend["Quá hạn"] == "chưa nộp, đã quá hạn" and legend["Miễn"] == "được miễn nộp"
    # Printing: landscape A4, one page wide, headings and CĐCS repeated, panes frozen on the first status cell.
    setup = sheet.page_setup
    assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == ("landscape", 9, 1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$5:$5" and sheet.print_title_cols == "$A:$C"
    assert sheet.freeze_panes == "D6"


def test_libreoffice_prints_the_workbook_on_one_landscape_page_with_the_statuses(
    district: AppContext, tmp_path: Path
) -> None:
    path = district.tracking_exports.matrix_xlsx(2026, tmp_path / "theo-doi.xlsx").path
    pdf = libreoffice_pdfs({"matrix": path}, tmp_path)["matrix"]
    info = dict(line.split(":", 1) for line in subprocess.run(
        [tool("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines() if ":" in line)
    assert info["Pages"].strip() == "1"
    width, height = (float(v) for v in info["Page size"].split("pts")[0].split(" x "))
    assert (round(width), round(height)) == (842, 595)  # A4 landscape
    text = squeeze(pdftotext(pdf))
    for words in ("BẢNG THEO DÕI TÌNH HÌNH GỬI BÁO CÁO NĂM 2026", NAMES["CD03"], "Quá hạn", "Nộp muộn", "16/11/2026",
                  "Miễn", "Số nộp đúng hạn"):
        assert words in text, words
    # Rates print as percentages (the decimal sign is the locale's).
    assert re.search(r"66[.,]7% 50[.,]0%", text) and re.search(r"33[.,]3% 0[.,]0%", text), text


def test_the_summary_pdf_is_an_official_report_with_the_figures_and_embedded_fonts(
    district: AppContext, tmp_path: Path
) -> None:
    path = tmp_path / "tong-hop-2026.pdf"
    pages = district.tracking_exports.summary_pdf(2026, path)
    assert pages >= 1
    text = pdftotext(path)
    flat = squeeze(text)
    in_order(text, ["LIÊN ĐOÀN LAO ĐỘNG HUYỆN DƯƠNG MINH CHÂU", "BÁO CÁO", "Tình hình gửi báo cáo năm 2026",
                    "I. KẾT QUẢ CHUNG", "II. TỶ LỆ THEO KHỐI, NGÀNH", "III. THỜI ĐIỂM NHẬN BÁO CÁO",
                    "IV. CÁC CĐCS THƯỜNG NỘP MUỘN", "Nơi nhận:", "Nguyễn Văn An"])
    assert "5 lượt CĐCS phải nộp; đã nhận 3 lượt (tỷ lệ nộp đủ 60 %), trong đó 1 lượt đúng hạn (tỷ lệ đúng hạn " \
           "20 %) và 2 lượt nộp muộn; còn 2 lượt chưa nộp" in flat
    # The table: each request with its due date, then its figures, and the year's total.
    cells = squeeze(pdftotext(path, "-raw"))
    in_order(cells, [f"1 {FIRST} (13/11/2026) 3 2 1 1 1 66,7 % 33,3 %",
                     f"2 {SECOND} (20/11/2026) 2 1 0 1 1 50 % 0 %", "Cộng 5 3 1 2 2 60 % 20 %"])
    # The charts' labels are text in the document's font.
    assert "Tỷ lệ nộp đủ" in flat and "Số ngày so với hạn nộp" in flat and "≥10" in flat
    # CD03: one late, one missing; CD02 one late; CD05 one missing.
    in_order(text, ["IV. CÁC CĐCS", f"{NAMES['CD03']} (CD03): nộp muộn 1 báo cáo"])
    assert f"{NAMES['CD01']} (CD01)" not in flat
    fonts = subprocess.run([tool("pdffonts"), str(path)], capture_output=True, text=True, check=True).stdout
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:]), fonts
    # The summary prints as a draft, «Số: ⎵/BC-LĐLĐ» with room for the number the clerk gives it on issuing; the
    # checker reads the blank as two lines, so that rule alone is looked at by hand here.
    failures = layout_failures(path)
    assert set(failures) <= {"number line 'Số: …/…' on page 1"}, failures
    assert re.search(r"Số:\s+/BC-LĐLĐ", pdftotext(path, page=1))


def test_many_requests_print_on_a3_and_a_title_like_a_formula_stays_text(tmp_path: Path) -> None:
    columns = [MatrixColumn(f"=Báo cáo số {n}" if n == 1 else f"Báo cáo số {n}", date(2026, n, 10), Figures(1, 1, 1))
               for n in range(1, A4_COLUMNS + 2)]
    lines = [MatrixLine("CD01", "+Công đoàn Một", tuple(("on_time", date(2026, n, 9)) for n in range(1, 12)))]
    path = tmp_path / "a3.xlsx"
    write_tracking_matrix(path, "LĐLĐ huyện", 2026, date(2026, 12, 1), columns, lines, CELL_LABELS)
    sheet = load_workbook(path).active
    assert sheet is not None
    assert sheet.page_setup.paperSize == 8  # A3
    assert sheet["D5"].data_type == "s" and sheet["D5"].value.startswith("=Báo cáo số 1")
    assert sheet["C6"].data_type == "s" and sheet["C6"].value == "+Công đoàn Một"
    assert [sheet.cell(10, c).value for c in range(4, 15)] == [1.0] * 11  # completeness of each request


def test_a_year_without_requests_still_prints_and_says_so(context: AppContext, tmp_path: Path) -> None:
    pdf, xlsx = tmp_path / "2025.pdf", tmp_path / "2025.xlsx"
    context.tracking_exports.summary_pdf(2025, pdf)
    assert "Năm 2025 chưa có yêu cầu báo cáo nào gửi các CĐCS." in squeeze(pdftotext(pdf))
    context.tracking_exports.matrix_xlsx(2025, xlsx)
    assert load_workbook(xlsx).active["A6"].value == "Chưa có yêu cầu báo cáo nào có hạn trong năm 2025."


def test_bad_paths_are_refused_and_nothing_is_written(district: AppContext, tmp_path: Path, db_path: Path) -> None:
    exports = district.tracking_exports
    (tmp_path / "a folder.xlsx").mkdir()
    before = sorted(tmp_path.rglob("*"))
    db_before = db_path.read_bytes()
    for call, target, words in [
        (exports.matrix_xlsx, tmp_path / "theo-doi.pdf", "đuôi .xlsx"),
        (exports.summary_pdf, tmp_path / "tong-hop.xlsx", "đuôi .pdf"),
        (exports.matrix_xlsx, db_path, "cơ sở dữ liệu đang mở"),
        (exports.matrix_xlsx, tmp_path / "no such folder" / "x.xlsx", "không có thư mục"),
        (exports.summary_pdf, tmp_path / "no such folder" / "x.pdf", "không có thư mục"),
        (exports.matrix_xlsx, tmp_path / "a folder.xlsx", "là một thư mục"),
    ]:
        with pytest.raises(UserError, match=words):
            call(2026, target)
    assert sorted(tmp_path.rglob("*")) == before
    assert db_path.read_bytes() == db_before
