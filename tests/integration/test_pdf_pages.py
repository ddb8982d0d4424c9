"""PDF pages as pixels (pypdfium2): the printed Plan 94 rendered back, and the errors a clerk reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.files.pdf.official import render_official_pdf
from desktop_app.files.pdf.pages import PageImage, PdfPagesError, render_pages
from desktop_app.services.demo_content import demo_documents
from desktop_app.services.documents import pdf_page_images
from desktop_app.services.errors import UserError

PLAN_94 = demo_documents().plan_94


@pytest.fixture(scope="module")
def plan_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pages") / "ke-hoach-94.pdf"
    assert render_official_pdf(PLAN_94, path).pages == 7
    return path


def dark_pixels(page: PageImage, top: int, bottom: int) -> int:
    """Pixels darker than mid-grey in rows ``top``..``bottom - 1``."""
    rows = page.rgba[top * page.width * 4 : bottom * page.width * 4]
    return sum(1 for r, g, b in zip(rows[0::4], rows[1::4], rows[2::4], strict=True) if r + g + b < 3 * 128)


def test_plan_94_renders_seven_a4_pages(plan_pdf: Path) -> None:
    pages = render_pages(plan_pdf)
    assert [p.number for p in pages] == [1, 2, 3, 4, 5, 6, 7]
    for page in pages:
        assert page.width_mm == pytest.approx(210, abs=0.5) and page.height_mm == pytest.approx(297, abs=0.5)
        assert (page.width, page.height) == (794, 1123)  # 96 dpi
        assert len(page.rgba) == page.width * page.height * 4
    first = pages[0]
    assert first.rgba[:4] == b"\xff\xff\xff\xff"  # opaque white paper, not a transparent page
    # The header (issuing body, motto, number) sits in the top quarter of page 1.
    assert dark_pixels(first, 0, first.height // 4) > 2000


def test_resolution_and_page_range(plan_pdf: Path) -> None:
    pages = render_pages(plan_pdf, dpi=150, first=2, last=3)
    assert [p.number for p in pages] == [2, 3]
    assert (pages[0].width, pages[0].height) == (1241, 1754)
    assert [p.number for p in render_pages(plan_pdf, dpi=36, first=7)] == [7]
    with pytest.raises(PdfPagesError, match=r"có 7 trang, không có trang 6–8"):
        render_pages(plan_pdf, first=6, last=8)


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "không có.pdf"
    with pytest.raises(PdfPagesError, match="Không tìm thấy tệp PDF") as caught:
        render_pages(missing)
    assert str(missing) in str(caught.value)


@pytest.mark.parametrize("content", [b"", b"%PDF-1.4\nnot really a pdf", b"PK\x03\x04 a zip file"])
def test_a_damaged_file_is_named(tmp_path: Path, content: bytes) -> None:
    damaged = tmp_path / "hỏng.pdf"
    damaged.write_bytes(content)
    with pytest.raises(PdfPagesError, match="không phải PDF hoặc đã bị hỏng") as caught:
        render_pages(damaged)
    assert str(damaged) in str(caught.value)


def test_the_service_turns_errors_into_user_errors(plan_pdf: Path, tmp_path: Path) -> None:
    assert len(pdf_page_images(plan_pdf, 48)) == 7
    assert [p.number for p in pdf_page_images(plan_pdf, 48, 4, 4)] == [4]
    with pytest.raises(UserError, match="Không tìm thấy tệp PDF"):
        pdf_page_images(tmp_path / "x.pdf", 96)
