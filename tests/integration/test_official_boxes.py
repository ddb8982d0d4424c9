"""Boxes 10b (urgency), 11 (circulation) and 13 (contact) of Decree 30/2020 in the PDF engine, checked on real
PDFs the way the layout checks (tests/layout_check.py), poppler and pdfplumber read them."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from desktop_app.domain.documents import Appendix, ListItem, Paragraph, Section
from desktop_app.files.pdf.fonts import FontChoice
from desktop_app.files.pdf.official import OfficialPdfError, PageSetup, RenderResult, render_official_pdf
from desktop_app.services.demo_content import demo_documents
from tests.integration.test_official_pdf import LETTER_12
from tests.pdf_tools import MM, layout_failures, pdftotext, tool

PLAN_94 = demo_documents().plan_94

PAGE_NUMBER_RULE = "page numbers from page 2, centred in the top area"

CONTACT = ("Địa chỉ: Khu phố 4, thị trấn Dương Minh Châu, huyện Dương Minh Châu, tỉnh Tây Ninh\n"
           "Điện thoại: (0276) 3 000 000 - Thư điện tử: ldld.duongminhchau@example.com")

#: Two appendices, each long enough for a second page; the second is a wide table, printed landscape.
APPENDICES = (
    Appendix(
        "Danh sách công đoàn cơ sở đăng ký tham gia Hội thao công nhân, viên chức, lao động năm 2021",
        body=(
            Paragraph("Số liệu tổng hợp đến ngày 31/3/2021 theo đăng ký của các công đoàn cơ sở."),
            Section("Khối hành chính sự nghiệp", 1, tuple(
                ListItem(f"Công đoàn cơ sở Trường Tiểu học số {n}: 12 vận động viên, 3 môn thi đấu.", "1.")
                for n in range(1, 31))),
            Section("Khối doanh nghiệp", 1, tuple(
                ListItem(f"Công đoàn Công ty TNHH số {n}: 8 vận động viên, 2 môn thi đấu.", "1.")
                for n in range(1, 11))),
        ),
    ),
    Appendix(
        "Chỉ tiêu phát triển đoàn viên và thành lập công đoàn cơ sở năm 2021",
        body=(
            Section("Chỉ tiêu giao cho từng công đoàn cơ sở", 1, tuple(
                ListItem(f"Công đoàn cơ sở số {n}: kết nạp {10 + n % 7} đoàn viên; thành lập {n % 2} công đoàn "
                         f"cơ sở trong doanh nghiệp ngoài khu vực nhà nước.", "1.")
                for n in range(1, 26))),
        ),
        landscape=True,
    ),
)

BOXED_PLAN = dataclasses.replace(PLAN_94, urgency="KHẨN", circulation="LƯU HÀNH NỘI BỘ", contact=CONTACT,
                                 appendices=APPENDICES)


# --------------------------------------------------------------------------- helpers


def checker_failures(pdf: Path, *extra: str) -> dict[str, str]:
    """The layout rules ``pdf`` breaks, with the reason for each (``extra``: "--letter", "--landscape-ok")."""
    return layout_failures(pdf, letter="--letter" in extra, landscape_ok="--landscape-ok" in extra)


def first_pages(pdf: Path, count: int, folder: Path) -> Path:
    """A copy of the first ``count`` pages of ``pdf`` (poppler's pdfseparate and pdfunite)."""
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run([tool("pdfseparate"), "-f", "1", "-l", str(count), str(pdf), str(folder / "page-%d.pdf")],
                   check=True)
    out = folder / "first.pdf"
    pages = [str(folder / f"page-{n}.pdf") for n in range(1, count + 1)]
    if count == 1:
        return Path(pages[0])
    subprocess.run([tool("pdfunite"), *pages, str(out)], check=True)
    return out


def appendices_number_their_own_pages(pdf: Path, main_pages: int, total: int, folder: Path, *extra: str) -> None:
    """Each appendix numbers its own pages (ND30_LAYOUT.md) and the layout checks know it: the whole file passes
    every rule, and so do the document's own pages alone; the same appendix pages glued on without their first
    page (so that their numbering no longer restarts where a page says) fail the page-number rule, naming them."""
    assert total > main_pages
    assert checker_failures(pdf, *extra) == {}
    assert checker_failures(first_pages(pdf, main_pages, folder), *extra) == {}
    if total - main_pages >= 2:
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run([tool("pdfseparate"), str(pdf), str(folder / "all-%d.pdf")], check=True)
        kept = [n for n in range(1, total + 1) if n != main_pages + 1]
        glued = folder / "glued.pdf"
        subprocess.run([tool("pdfunite"), *(str(folder / f"all-{n}.pdf") for n in kept), str(glued)], check=True)
        failures = checker_failures(glued, *extra)
        assert set(failures) == {PAGE_NUMBER_RULE}, failures
        wrong = f"pages {main_pages + 1} (shows «2», should be «{main_pages + 1}»)"
        assert failures[PAGE_NUMBER_RULE].startswith(wrong), failures


RED = (0.9, 0.0, 0.0)


def colour(value: Any) -> tuple[float, ...]:
    return tuple(round(float(v), 2) for v in value)


def chars_in(page: Any, box: dict[str, float]) -> list[dict[str, Any]]:
    return [c for c in page.chars if not c["text"].isspace() and abs(c["top"] - box["top"]) < 2
            and box["x0"] - 0.5 <= c["x0"] and c["x1"] <= box["x1"] + 0.5]


def words_box(page: Any, text: str) -> dict[str, float]:
    found = page.search(re.escape(text), regex=True)
    assert found, f"«{text}» not on page {page.page_number}"
    box: dict[str, float] = found[0]
    return box


def enclosing_rects(page: Any, box: dict[str, float]) -> list[dict[str, Any]]:
    """Rectangles drawn around ``box`` (a few points of padding, not a page-sized frame)."""
    return [r for r in page.rects if r["x0"] < box["x0"] and r["x1"] > box["x1"] and r["top"] < box["top"]
            and r["bottom"] > box["bottom"] and r["x1"] - r["x0"] < (box["x1"] - box["x0"]) + 30
            and r["bottom"] - r["top"] < 30]


def top_margin_text(page: Any) -> str:
    return "".join(c["text"] for c in page.chars if c["bottom"] < 25 * MM and not c["text"].isspace())


# --------------------------------------------------------------------------- the whole document


def test_the_checker_passes_appendices_that_number_their_own_pages(
        boxed: tuple[Path, RenderResult, int], tmp_path: Path) -> None:
    pdf, result, main_pages = boxed
    assert result.pages > main_pages + 3  # two appendices of two pages or more each
    appendices_number_their_own_pages(pdf, main_pages, result.pages, tmp_path / "main")


def test_pdftotext_finds_the_urgency_on_page_1_and_each_appendix_on_its_first_page(
        boxed: tuple[Path, RenderResult, int]) -> None:
    pdf, result, main_pages = boxed
    first = subprocess.run([tool("pdftotext"), "-layout", "-f", "1", "-l", "1", "-enc", "UTF-8", str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout
    assert re.search(r"Số: 94/KH-LĐLĐ.*\n\s*KHẨN\s*\n", first), first[:1200]
    assert "LƯU HÀNH NỘI BỘ" in first and "Điện thoại: (0276) 3 000 000" in first
    text = pdftotext(pdf, "-layout")
    assert unicodedata.is_normalized("NFC", text)
    pages = text.split("\f")
    labels = {n: page.split("\n", 3)[:3] for n, page in enumerate(pages, 1)}
    assert "PHỤ LỤC I" in " ".join(labels[main_pages + 1]), labels[main_pages + 1]
    second = next(n for n, page in enumerate(pages, 1) if n > main_pages + 1 and "PHỤ LỤC II" in page)
    assert "PHỤ LỤC II" not in " ".join(pages[: second - 1]), "PHỤ LỤC II starts a page of its own"
    assert all("PHỤ LỤC" not in page for page in pages[:main_pages])
    assert "(Kèm theo Kế hoạch số 94/KH-LĐLĐ ngày 24/3/2021" in pages[main_pages]  # months from 3 unpadded
    assert main_pages + 2 < second <= result.pages, "PHỤ LỤC I takes two pages or more"


def test_urgency_is_a_red_box_around_the_word_under_the_number(boxed: tuple[Path, RenderResult, int]) -> None:
    pdf, _result, _main = boxed
    with pdfplumber.open(pdf) as document:
        page = document.pages[0]
        word, number = words_box(page, "KHẨN"), words_box(page, "Số: 94/KH-LĐLĐ")
        motto = words_box(page, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
        rects = enclosing_rects(page, word)
        assert len(rects) == 1, rects
        rect = rects[0]
        assert rect["stroke"] and not rect["fill"]
        assert colour(rect["stroking_color"]) == RED
        chars = chars_in(page, word)
        assert "".join(c["text"] for c in chars) == "KHẨN"
        assert all("Bold" in c["fontname"] and 12.9 <= c["size"] <= 14.1 for c in chars)
        assert all(colour(c["non_stroking_color"]) == RED for c in chars)
        # Under box 3, in the left column, centred under the number.
        assert word["top"] > number["bottom"] and rect["x1"] < motto["x0"]
        assert abs((word["x0"] + word["x1"]) / 2 - (number["x0"] + number["x1"]) / 2) < 3
        # Above the document type: the header block ends with it.
        assert rect["bottom"] < words_box(page, "KẾ HOẠCH")["top"]


def test_circulation_is_boxed_above_the_motto_within_the_decree_top_margin(
        boxed: tuple[Path, RenderResult, int]) -> None:
    pdf, _result, _main = boxed
    with pdfplumber.open(pdf) as document:
        page = document.pages[0]
        word, motto = words_box(page, "LƯU HÀNH NỘI BỘ"), words_box(page, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
        rects = enclosing_rects(page, word)
        assert len(rects) == 1, rects
        rect = rects[0]
        assert not any(colour(rect["stroking_color"])), "box 11 is black"
        assert rect["bottom"] < motto["top"], "box 11 sits above box 1"
        assert abs((word["x0"] + word["x1"]) / 2 - (motto["x0"] + motto["x1"]) / 2) < 3
        assert rect["top"] >= 20 * MM - 0.5, "no higher than the decree's smallest top margin"
        chars = chars_in(page, word)
        assert chars and all("Bold" in c["fontname"] and 12.9 <= c["size"] <= 14.1 for c in chars)
        assert all(not any(colour(c["non_stroking_color"])) for c in chars), "black letters"
        for other in document.pages[1:]:
            assert not other.search("LƯU HÀNH NỘI BỘ")


def test_contact_sits_under_a_full_width_rule_at_the_foot_of_page_1_only(
        boxed: tuple[Path, RenderResult, int]) -> None:
    pdf, _result, _main = boxed
    with pdfplumber.open(pdf) as document:
        page = document.pages[0]
        width, height = page.width, page.height
        address = words_box(page, "Địa chỉ: Khu phố 4")
        phone = words_box(page, "Điện thoại: (0276) 3 000 000")
        rules = [line for line in page.lines if abs(line["top"] - line["bottom"]) < 1
                 and abs(line["x0"] - 35 * MM) < 1 and abs(line["x1"] - (width - 20 * MM)) < 1]
        assert len(rules) == 1, page.lines
        rule = rules[0]
        assert rule["top"] < address["top"] < phone["top"]
        assert phone["bottom"] <= height - 20 * MM + 0.5, "inside the bottom margin"
        assert address["x0"] == pytest.approx(35 * MM, abs=0.5)
        contact_chars = [c for c in page.chars if c["top"] > rule["top"]]
        assert contact_chars and all(10.9 <= c["size"] <= 12.1 and "Bold" not in c["fontname"] for c in contact_chars)
        body_chars = [c for c in page.chars if c["bottom"] < rule["top"] and c["top"] > 60 * MM]
        assert body_chars and max(c["bottom"] for c in body_chars) < rule["top"] - 3, "the body stops above the rule"
        for other in document.pages[1:]:
            assert not other.search("Địa chỉ: Khu phố 4") and not other.search("Điện thoại:")
            assert not [line for line in other.lines if line["x1"] - line["x0"] > width - 60 * MM]


# --------------------------------------------------------------------------- other inputs


def test_a_long_contact_line_wraps_and_stays_at_the_foot_of_page_1(tmp_path: Path, fonts: FontChoice) -> None:
    long_line = ("Trụ sở: Khu phố 4, thị trấn Dương Minh Châu, huyện Dương Minh Châu, tỉnh Tây Ninh; Điện thoại: "
                 "(0276) 3 000 000; Fax: (0276) 3 000 001; Thư điện tử: ldld.duongminhchau@example.com; Trang thông "
                 "tin điện tử: https://ldld.duongminhchau.example.com/gioi-thieu/co-cau-to-chuc")
    pdf = tmp_path / "long-contact.pdf"
    render_official_pdf(dataclasses.replace(PLAN_94, contact=long_line), pdf, fonts)
    assert checker_failures(pdf) == {}
    with pdfplumber.open(pdf) as document:
        page = document.pages[0]
        rule = next(line for line in page.lines if line["x1"] - line["x0"] > page.width - 60 * MM)
        below = [c for c in page.chars if c["top"] > rule["top"]]
        lines = sorted({round(c["top"]) for c in below})
        assert len(lines) >= 3, "the line wraps"
        assert max(c["bottom"] for c in below) <= page.height - 20 * MM + 0.5
        assert max(c["x1"] for c in below) <= page.width - 20 * MM + 0.5
        assert "".join(c["text"] for c in below).replace(" ", "") == long_line.replace(" ", "")
        for other in document.pages[1:]:
            assert not other.search("Trụ sở:")


def test_a_contact_block_taller_than_a_quarter_page_is_refused(tmp_path: Path, fonts: FontChoice) -> None:
    many = "\n".join(f"Cơ sở {n}: Khu phố {n}, thị trấn Dương Minh Châu" for n in range(1, 31))
    with pytest.raises(OfficialPdfError) as error:
        render_official_pdf(dataclasses.replace(PLAN_94, contact=many), tmp_path / "tall.pdf", fonts)
    assert "ô 13" in str(error.value) and "30 dòng" in str(error.value)
    assert not (tmp_path / "tall.pdf").exists()


def test_a_letter_prints_its_urgency_under_the_subject(tmp_path: Path, fonts: FontChoice) -> None:
    pdf = tmp_path / "letter.pdf"
    render_official_pdf(dataclasses.replace(LETTER_12, urgency="thượng khẩn"), pdf, fonts)
    assert checker_failures(pdf, "--letter") == {}
    with pdfplumber.open(pdf) as document:
        page = document.pages[0]
        subject, word = words_box(page, "V/v đăng ký"), words_box(page, "THƯỢNG KHẨN")
        kinh_gui = words_box(page, "Kính gửi:")
        assert subject["bottom"] < word["top"] < kinh_gui["top"]
        assert len(enclosing_rects(page, word)) == 1


def test_circulation_with_the_smallest_top_margin_stays_in_the_text_area(tmp_path: Path, fonts: FontChoice) -> None:
    """With a 20 mm top margin there is no margin left to reach into: box 11 moves the header down instead."""
    pdf = tmp_path / "tight.pdf"
    doc = dataclasses.replace(PLAN_94, urgency="HỎA TỐC", circulation="XEM XONG TRẢ LẠI")
    render_official_pdf(doc, pdf, fonts, PageSetup(top_mm=20, header_pt=14))
    assert checker_failures(pdf) == {}
    with pdfplumber.open(pdf) as document:
        page = document.pages[0]
        word, motto = words_box(page, "XEM XONG TRẢ LẠI"), words_box(page, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
        rect = enclosing_rects(page, word)[0]
        assert rect["top"] >= 20 * MM - 0.5 and rect["bottom"] < motto["top"]
        urgency = words_box(page, "HỎA TỐC")
        chars = chars_in(page, urgency)
        assert chars and all(abs(c["size"] - 14) < 0.1 and colour(c["non_stroking_color"]) == RED for c in chars)
        assert len(enclosing_rects(page, urgency)) == 1


def test_without_the_boxes_nothing_is_drawn_for_them(tmp_path: Path, fonts: FontChoice) -> None:
    pdf = tmp_path / "plain.pdf"
    render_official_pdf(PLAN_94, pdf, fonts)
    with pdfplumber.open(pdf) as document:
        assert all(not page.rects for page in document.pages)
        first = document.pages[0]
        assert not [line for line in first.lines if line["x1"] - line["x0"] > first.width - 60 * MM]
        assert not [c for c in first.chars if c["top"] > first.height - 40 * MM]
    assert "KHẨN" not in pdftotext(pdf, "-raw")

