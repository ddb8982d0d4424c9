"""The project's layout checks (tests/layout_check.py) fail on pages that break a rule of Decree 30: one page
drawn by hand in the decree's layout passes, and each fault, drawn into a copy of it, fails its own rule."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from desktop_app.files.pdf.fonts import FontChoice
from tests.layout_check import failures
from tests.pdf_tools import CHECKER, MM

W, H = 595.28, 841.89
LEFT, RIGHT = 35 * MM, W - 20 * MM


def draw(path: Path, fonts: FontChoice, **fault: Any) -> Path:
    """A page 1 (and, with ``pages``, numbered further pages) in the decree's layout, with the given faults."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    names = ("LC-Regular", "LC-Bold", "LC-Italic", "LC-BoldItalic")
    for name, file in zip(names, fonts.files, strict=True):
        pdfmetrics.registerFont(TTFont(name, str(file)))
    regular, bold, italic, bold_italic = names
    canvas = Canvas(str(path), pagesize=A4, initialFontName=regular)

    def centred(text: str, font: str, size: float, x: float, top_mm: float) -> float:
        canvas.setFont(font, size)
        canvas.drawCentredString(x, H - top_mm * MM, text)
        return canvas.stringWidth(text, font, size)

    left_mid, right_mid, middle = LEFT + 30 * MM, RIGHT - 48 * MM, (LEFT + RIGHT) / 2
    centred("LĐLĐ TỈNH TÂY NINH", regular, 12, left_mid, 30)
    centred("LĐLĐ HUYỆN DMC", bold, 12, left_mid, 35)
    canvas.line(left_mid - 12 * MM, H - 37 * MM, left_mid + 12 * MM, H - 37 * MM)
    centred("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold, 12, right_mid, 30)
    slogan = centred("Độc lập - Tự do - Hạnh phúc", bold, 13, right_mid, 35)
    canvas.line(right_mid - slogan / 2, H - 36.5 * MM, right_mid + slogan / 2, H - 36.5 * MM)
    centred("Số: 01/KH-LĐLĐ", regular, 13, left_mid, 44)
    centred(fault.get("date", "Dương Minh Châu, ngày 05 tháng 01 năm 2021"), italic, 13, right_mid, 44)
    centred("KẾ HOẠCH", bold, 14, middle, 60)
    canvas.setFont(fault.get("heading_font", bold), 14)
    canvas.drawString(fault.get("heading_x", LEFT), H - 75 * MM, "I. MỤC ĐÍCH, YÊU CẦU")
    canvas.setFont(regular, 14)
    for n in range(20):
        canvas.drawString(LEFT, H - (85 + 7 * n) * MM, "Tổ chức hội thao cho đoàn viên công đoàn cơ sở.")
    if fault.get("pages"):
        for number in fault["pages"]:
            canvas.showPage()
            centred(number, regular, 13, middle, 15)
            canvas.setFont(regular, 14)
            canvas.drawString(LEFT, H - 40 * MM, "Nội dung tiếp theo của kế hoạch.")
    canvas.setFont(bold_italic, 12)
    canvas.drawString(LEFT, H - 240 * MM, "Nơi nhận:")
    canvas.setFont(regular, 11)
    canvas.drawString(LEFT, H - 245 * MM, "- Lưu: VT.")
    if fault.get("signer_on_next_page"):
        canvas.showPage()
        centred("2", regular, 13, middle, 15)
    centred("TM. BAN THƯỜNG VỤ", bold, 14, RIGHT - 40 * MM, 240)
    canvas.save()
    return path


def test_a_page_in_the_decrees_layout_passes(tmp_path: Path, fonts: FontChoice) -> None:
    pdf = draw(tmp_path / "good.pdf", fonts, pages=("2", "3"))
    assert failures(pdf) == {}
    # The same checks as a script, as the editor's test and a person at the terminal run them.
    script = subprocess.run([sys.executable, str(CHECKER), str(pdf)], capture_output=True, text=True, timeout=120)
    assert script.returncode == 0 and script.stdout.endswith("rules hold\n"), script.stdout + script.stderr


@pytest.mark.parametrize(("fault", "rule", "why"), [
    ({"date": "Dương Minh Châu, ngày 24 tháng 03 năm 2021"}, "date padding (days 1-9, months 1-2 only)",
     "«ngày 24 tháng 03 năm 2021»"),
    ({"date": "Dương Minh Châu, ngày 5 tháng 6 năm 2021"}, "date padding (days 1-9, months 1-2 only)",
     "«ngày 5 tháng 6 năm 2021»"),
    ({"date": "Dương Minh Châu, ngày 15 tháng 2 năm 2021"}, "date padding (days 1-9, months 1-2 only)",
     "«ngày 15 tháng 2 năm 2021»"),
    ({"heading_font": "LC-Regular"}, "section headings (I., II., …) bold", "not bold: I. MỤC ĐÍCH, YÊU CẦU"),
    ({"heading_x": 25 * MM}, "margins (left >= 30, right/top/bottom >= 15/20/20 mm)", "p1 «I. MỤC ĐÍCH, YÊU CẦU»"),
    ({"pages": ("2", "2")}, "page numbers from page 2, centred in the top area",
     "pages 3 (shows «2», should be «3»)"),
    ({"pages": ("3",)}, "page numbers from page 2, centred in the top area", "pages 2 (shows «3», should be «2»)"),
    ({"signer_on_next_page": True}, "'Nơi nhận' and signer block on the same page", "Nơi nhận p1, signer p2"),
])
def test_each_fault_fails_its_own_rule(tmp_path: Path, fonts: FontChoice, fault: dict[str, Any], rule: str,
                                       why: str) -> None:
    assert failures(draw(tmp_path / "bad.pdf", fonts, **fault)) == {rule: why}


def test_a_date_in_the_wrong_style_or_missing(tmp_path: Path, fonts: FontChoice) -> None:
    undated = failures(draw(tmp_path / "undated.pdf", fonts, date="Dương Minh Châu, ngày   tháng   năm 2021"))
    assert undated == {"date line on one line, italic": "no 'ngày … tháng … năm …' on one line of page 1"}
