"""The outgoing register printed as the register book: landscape, every line (cancelled ones too), embedded fonts."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

from desktop_app.bootstrap import AppContext
from desktop_app.domain.registers import NumberRequest


def test_register_book_lists_documents_and_cancelled_numbers(demo_context: AppContext, tmp_path: Path) -> None:
    registers = demo_context.registers
    taken = registers.take_number(NumberRequest(date(2021, 4, 2), "BC", "Báo cáo quý I năm 2021"))
    registers.cancel_number(taken.id, "Lấy nhầm số")
    registers.take_number(NumberRequest(date(2021, 4, 5), None, "V/v đôn đốc báo cáo", drafting_office="VP"))
    book = tmp_path / "so-2021.pdf"
    pages = registers.print_outgoing_book(2021, book)
    assert pages == 1
    info = subprocess.run(["pdfinfo", str(book)], capture_output=True, text=True, check=True).stdout
    assert "841.89 x 595.276 pts (A4)" in info  # landscape: width before height
    fonts = subprocess.run(["pdffonts", str(book)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(" yes " in row for row in rows)
    raw = subprocess.run(["pdftotext", "-raw", str(book), "-"], capture_output=True, text=True, check=True).stdout
    # Cells wrap inside their column: compare with the line breaks folded into spaces.
    text = " ".join(raw.split())
    assert "SỔ ĐĂNG KÝ VĂN BẢN ĐI" in text and "Năm 2021" in text
    assert "94/KH-LĐLĐ" in text and "Nguyễn Văn Hùng" in text
    assert "95/BC-LĐLĐ" in text and "Đã hủy 21/11/2026: Lấy nhầm số" in text
    assert "96/LĐLĐ-VP" in text and "Công văn: V/v đôn đốc báo cáo" in text


def test_an_empty_year_prints_a_book_that_says_so(demo_context: AppContext, tmp_path: Path) -> None:
    # The demo issued nothing in 2024 (its plans are of 2020, 2021, 2025 and 2026).
    book = tmp_path / "so-2024.pdf"
    assert demo_context.registers.print_outgoing_book(2024, book) == 1
    text = subprocess.run(["pdftotext", str(book), "-"], capture_output=True, text=True, check=True).stdout
    assert "Chưa có văn bản đi nào trong năm 2024." in text
