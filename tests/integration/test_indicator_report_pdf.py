"""The district's figures of form 2, filled from form 1 by the mapping, printed as a landscape official report:
what poppler reads from it (the table's rows with their figures and n/N, who has not sent), embedded fonts, and the
Decree 30 layout rules."""

from __future__ import annotations

import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from desktop_app.domain.aggregation import UnitReport, fill_upper
from desktop_app.domain.documents import (
    DocumentNumber,
    Header,
    OfficialDocument,
    Recipients,
    SignerBlock,
    document_type,
)
from desktop_app.files.forms import load_definitions, shipped_forms
from desktop_app.files.pdf.indicator_report import IndicatorReport, render_indicator_report
from tests.pdf_tools import in_order, layout_failures, pdftotext, squeeze, tool

D = Decimal


def _frame() -> OfficialDocument:
    kind = document_type("BC")
    return OfficialDocument(
        type=kind, number=DocumentNumber(None, 2026, kind.code, "LĐLĐ"),
        header=Header("Liên đoàn Lao động tỉnh Tây Ninh", "Liên đoàn Lao động huyện Dương Minh Châu",
                      "Dương Minh Châu", date(2026, 12, 3)),
        recipients=Recipients(("- Thường trực LĐLĐ tỉnh (để báo cáo);", "- Lưu: VT.")),
        signer=SignerBlock("TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "Nguyễn Văn Hùng"))


def _report(code: str, workers: int, women: int, wage: int, people: int) -> UnitReport:
    values: dict[str, Any] = {"khu_vuc_ngoai_nha_nuoc": workers > 60, "tong_lao_dong": D(workers),
                              "lao_dong_nu": D(women), "luong_binh_quan": D(wage), "so_nguoi_tinh_luong": D(people),
                              "xep_loai_cdcs": "Hoàn thành tốt nhiệm vụ"}
    return UnitReport(code, values)


def test_form_2_prints_landscape_in_the_official_frame(tmp_path: Path) -> None:
    loaded = {d.id: d for d in load_definitions(shipped_forms()).values()}
    first, second = loaded["mau-1-hdcd"], loaded["mau-2-hdcd"]
    reports = [_report("CD001", 100, 40, 8_000_000, 90), _report("CD002", 50, 30, 6_000_000, 50)]
    upper = fill_upper(first, second, reports, expected=["CD001", "CD002", "CD003"])  # type: ignore[arg-type]
    report = IndicatorReport(second, first.code, date(2026, 11, 30), upper.values, upper.reporting,  # type: ignore[arg-type]
                             expected=3, reported=2, missing=(("CD003", "CĐCS Trạm Y tế xã Suối Đá"),))
    path = tmp_path / "tong-hop.pdf"
    result = render_indicator_report(_frame(), report, path)
    assert result.pages >= 2
    text = pdftotext(path)
    in_order(text, ["HUYỆN DƯƠNG MINH CHÂU", "BÁO CÁO", "Tổng hợp số liệu về hoạt động công đoàn tính đến ngày",
                    "I. SỐ LIỆU TỔNG HỢP", "II. CÁC CĐCS CHƯA GỬI SỐ LIỆU", "CĐCS Trạm Y tế xã Suối Đá (CD003)",
                    "Nơi nhận:", "Nguyễn Văn Hùng"])
    flat = squeeze(pdftotext(path, "-raw"))
    assert "Đã nhận số liệu của 2/3 CĐCS" in flat
    # Tổng số lao động 150 from both CĐCS; the wage weighted by its 140 people: 7.285.714 đồng.
    assert "Tổng số lao động trong các đơn vị có tổ chức công đoàn người 150 2/3" in flat
    assert "7.285.714" in flat
    size = subprocess.run([tool("pdfinfo"), str(path)], capture_output=True, text=True, check=True).stdout
    assert "841.89 x 595.276" in size  # A4 landscape
    fonts = subprocess.run([tool("pdffonts"), str(path)], capture_output=True, text=True, check=True).stdout
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:]), fonts
    failures = layout_failures(path, landscape_ok=True)
    assert set(failures) <= {"number line 'Số: …/…' on page 1"}, failures
