"""Appendices (phụ lục, đề cương) printed after the document on pages of their own, each numbering its own pages,
portrait or landscape; and the Nghệ An report outline reproduced as a plan's attachment."""

from __future__ import annotations

import dataclasses
import datetime
import os
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from desktop_app.domain.documents import (
    Appendix,
    ListItem,
    OfficialDocument,
    Paragraph,
    Section,
    appendix_heading,
    appendix_note,
    outline,
    validate_for_issue,
)
from desktop_app.files.pdf.fonts import FontChoice
from desktop_app.files.pdf.official import RenderResult, render_official_pdf
from desktop_app.services.demo_content import demo_documents, demo_outline
from tests.integration.test_official_boxes import (
    BOXED_PLAN,
    appendices_number_their_own_pages,
    top_margin_text,
)
from tests.pdf_tools import MM, in_order, pdftotext, squeeze, tool

PLAN_94 = demo_documents().plan_94
OUTLINE = demo_outline().outline
OUTLINE_TITLE = demo_outline().title
PLAN_DAI_HOI_XIX = demo_outline().plan

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "fixtures" / "samples" / "de_cuong_bao_cao_dai_hoi_nghe_an.txt"
A4_PORTRAIT, A4_LANDSCAPE = (595, 842), (842, 595)


def size_of(page: Any) -> tuple[int, int]:
    return round(page.width), round(page.height)


def page_texts(pdf: Path) -> list[str]:
    return pdftotext(pdf, "-layout").split("\f")[:-1]


@pytest.fixture(scope="module")
def outline_plan(tmp_path_factory: pytest.TempPathFactory, fonts: FontChoice) -> tuple[Path, RenderResult, int]:
    folder = tmp_path_factory.mktemp("outline")
    pdf = folder / "dai-hoi-xix.pdf"
    result = render_official_pdf(PLAN_DAI_HOI_XIX, pdf, fonts)
    main = render_official_pdf(dataclasses.replace(PLAN_DAI_HOI_XIX, appendices=()), folder / "main.pdf", fonts)
    return pdf, result, main.pages


# --------------------------------------------------------------------------- labels


def _with(*appendices: Appendix) -> OfficialDocument:
    return dataclasses.replace(PLAN_94, appendices=appendices)


def test_labels_are_numbered_in_roman_among_appendices_of_the_same_kind() -> None:
    one = _with(Appendix("Danh sách"))
    assert appendix_heading(one, 0) == "PHỤ LỤC"
    two = _with(Appendix("A"), Appendix("B", landscape=True))
    assert [appendix_heading(two, i) for i in range(2)] == ["PHỤ LỤC I", "PHỤ LỤC II"]
    mixed = _with(Appendix("Đề cương báo cáo", "Đề cương"), Appendix("A"), Appendix("B"))
    assert [appendix_heading(mixed, i) for i in range(3)] == ["ĐỀ CƯƠNG", "PHỤ LỤC I", "PHỤ LỤC II"]
    # A label typed in any case or decomposed form, or left empty, prints as the decree's capitals.
    odd = _with(Appendix("X", unicodedata.normalize("NFD", "phụ lục")), Appendix("Y", ""))
    assert [appendix_heading(odd, i) for i in range(2)] == ["PHỤ LỤC I", "PHỤ LỤC II"]
    many = _with(*(Appendix(f"Bảng {n}") for n in range(1, 10)))
    assert appendix_heading(many, 8) == "PHỤ LỤC IX"


# --------------------------------------------------------------------------- pages and numbers


def test_page_numbers_restart_in_each_appendix_and_landscape_pages_turn(
        boxed: tuple[Path, RenderResult, int]) -> None:
    pdf, result, main_pages = boxed
    texts = page_texts(pdf)
    starts = [n for n, text in enumerate(texts, 1) if re.search(r"^\s*PHỤ LỤC I{1,2}\s*$", text, re.M)]
    assert starts[0] == main_pages + 1 and len(starts) == 2, starts
    expected: list[str] = ["", *(str(n) for n in range(2, main_pages + 1))]
    for first, end in zip(starts, [*starts[1:], result.pages + 1], strict=True):
        expected += ["", *(str(n) for n in range(2, end - first + 1))]
    with pdfplumber.open(pdf) as document:
        pages = document.pages
        assert len(pages) == result.pages
        assert [top_margin_text(page) for page in pages] == expected
        for page in pages:
            landscape = page.page_number >= starts[1]
            assert size_of(page) == (A4_LANDSCAPE if landscape else A4_PORTRAIT), page.page_number
            numbers = [c for c in page.chars if c["bottom"] < 25 * MM and not c["text"].isspace()]
            if numbers:
                middle = (min(c["x0"] for c in numbers) + max(c["x1"] for c in numbers)) / 2
                assert abs(middle - (35 * MM + (page.width - 55 * MM) / 2)) < 1, page.page_number
                assert all(12.9 <= c["size"] <= 14.1 for c in numbers)
            for char in page.chars:
                if char["bottom"] >= 25 * MM and not char["text"].isspace() and page.page_number > 1:
                    assert char["x0"] >= 35 * MM - 0.5 and char["x1"] <= page.width - 20 * MM + 0.5
                    assert char["bottom"] <= page.height - 20 * MM + 0.5


def test_each_appendix_opens_with_its_label_title_note_and_a_short_rule(
        boxed: tuple[Path, RenderResult, int]) -> None:
    pdf, _result, main_pages = boxed
    with pdfplumber.open(pdf) as document:
        for index, appendix in enumerate(BOXED_PLAN.appendices):
            label = f"PHỤ LỤC {'I' * (index + 1)}"
            page = next(p for p in document.pages[main_pages:]
                        if any(line["text"] == label for line in p.extract_text_lines()))
            lines = page.extract_text_lines()
            at = next(i for i, line in enumerate(lines) if line["text"] == label)
            assert at == 0, "the label opens the page"
            title_lines = []
            for line in lines[at + 1:]:
                if line["text"].startswith("(Kèm theo"):
                    break
                title_lines.append(line)
            assert squeeze(" ".join(line["text"] for line in title_lines)) == appendix.title
            note_lines = []
            for line in lines[at + 1 + len(title_lines):]:
                note_lines.append(line)
                if line["text"].endswith(")"):
                    break
            note = squeeze(" ".join(line["text"] for line in note_lines))
            assert note == appendix_note(BOXED_PLAN), note
            centre = 35 * MM + (page.width - 55 * MM) / 2
            for line in [lines[at], *title_lines, *note_lines]:
                assert abs((line["x0"] + line["x1"]) / 2 - centre) < 2, line["text"]
                chars = line["chars"]
                style = "Italic" if line in note_lines else "Bold"
                assert all(style in c["fontname"] for c in chars if not c["text"].isspace()), line["text"]
            rule = [r for r in page.lines if abs(r["top"] - r["bottom"]) < 1 and note_lines[-1]["bottom"]
                    < r["top"] < note_lines[-1]["bottom"] + 12]
            assert len(rule) == 1 and 30 * MM - 1 <= rule[0]["x1"] - rule[0]["x0"] < page.width / 3
            assert abs((rule[0]["x0"] + rule[0]["x1"]) / 2 - centre) < 1


def test_an_appendix_with_an_empty_body_still_prints_its_label_title_and_note(tmp_path: Path,
                                                                            fonts: FontChoice) -> None:
    pdf = tmp_path / "empty.pdf"
    doc = _with(Appendix("Mẫu báo cáo kết quả thực hiện Kế hoạch"))
    result = render_official_pdf(doc, pdf, fonts)
    main = render_official_pdf(PLAN_94, tmp_path / "main.pdf", fonts)
    assert result.pages == main.pages + 1
    last = page_texts(pdf)[-1]
    in_order(last, ["PHỤ LỤC", "Mẫu báo cáo kết quả thực hiện Kế hoạch", appendix_note(doc)])
    assert "PHỤ LỤC I" not in last
    appendices_number_their_own_pages(pdf, main.pages, result.pages, tmp_path / "first")


def test_an_appendix_without_a_title_prints_its_label_and_note(tmp_path: Path, fonts: FontChoice) -> None:
    pdf = tmp_path / "untitled.pdf"
    doc = _with(Appendix("", body=(Paragraph("Danh sách kèm theo."),)))
    render_official_pdf(doc, pdf, fonts)
    last = [line.strip() for line in page_texts(pdf)[-1].splitlines() if line.strip()]
    assert last[0] == "PHỤ LỤC" and last[1].startswith("(Kèm theo Kế hoạch số 94/KH-LĐLĐ"), last[:3]


def test_a_long_appendix_keeps_numbering_its_own_pages(tmp_path: Path, fonts: FontChoice) -> None:
    body = (Section("Danh sách", 1, tuple(ListItem(f"Đoàn viên số {n}.", "1.") for n in range(1, 121))),)
    pdf = tmp_path / "long.pdf"
    result = render_official_pdf(_with(Appendix("Danh sách đoàn viên", body=body)), pdf, fonts)
    main = render_official_pdf(PLAN_94, tmp_path / "main.pdf", fonts)
    own = result.pages - main.pages
    assert own >= 4
    with pdfplumber.open(pdf) as document:
        numbers = [top_margin_text(page) for page in document.pages[main.pages:]]
    assert numbers == ["", *(str(n) for n in range(2, own + 1))]


def test_a_landscape_document_with_a_portrait_appendix(tmp_path: Path, fonts: FontChoice) -> None:
    pdf = tmp_path / "wide.pdf"
    doc = dataclasses.replace(PLAN_94, landscape=True, appendices=(Appendix("Danh sách", body=(Paragraph("Một."),)),))
    result = render_official_pdf(doc, pdf, fonts)
    with pdfplumber.open(pdf) as document:
        sizes = [size_of(page) for page in document.pages]
    assert sizes == [A4_LANDSCAPE] * (result.pages - 1) + [A4_PORTRAIT]


@pytest.mark.parametrize(("day", "printed"), [
    (datetime.date(2021, 3, 24), "24/3/2021"),
    (datetime.date(2020, 1, 5), "05/01/2020"),
    (datetime.date(2026, 2, 15), "15/02/2026"),
    (datetime.date(2026, 12, 9), "09/12/2026"),
    (datetime.date(2026, 11, 28), "28/11/2026"),
])
def test_the_note_pads_days_1_to_9_and_months_1_and_2_only(day: datetime.date, printed: str) -> None:
    doc = dataclasses.replace(_with(Appendix("Danh sách")), header=dataclasses.replace(PLAN_94.header, issue_date=day))
    assert appendix_note(doc) == ("(Kèm theo Kế hoạch số 94/KH-LĐLĐ ngày " + printed
                                  + " của Liên đoàn Lao động huyện Dương Minh Châu)")


def test_a_draft_leaves_the_number_and_date_blank_in_the_note(tmp_path: Path, fonts: FontChoice) -> None:
    draft = dataclasses.replace(PLAN_94, number=None, header=dataclasses.replace(PLAN_94.header, issue_date=None),
                                appendices=(Appendix("Danh sách"),))
    pdf = tmp_path / "draft.pdf"
    render_official_pdf(draft, pdf, fonts)
    note = squeeze(page_texts(pdf)[-1])
    assert "(Kèm theo Kế hoạch số" in note and "ngày / / của Liên đoàn Lao động huyện Dương Minh Châu)" in note


# --------------------------------------------------------------------------- the Nghệ An outline


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", unicodedata.normalize("NFC", text).casefold())


def test_the_outline_keeps_the_sample_wording() -> None:
    if not SAMPLE.is_file():
        pytest.fail(f"sample missing: {SAMPLE}")
    sample = SAMPLE.read_text(encoding="utf-8")
    head, rest = sample.split("(NHIỆM KỲ 2023-2028)**", 1)
    assert _words(head.split("**", 1)[1] + "(NHIỆM KỲ 2023-2028)") == _words(f"{OUTLINE.label} {OUTLINE.title}")
    # Word for word and in order from the congress theme to the last item: the fixes ("*" marks, paragraphs cut
    # at a page end, "2023- 2028", ";;") change no word. The cut-off signature line is the covering plan's.
    body = rest.rsplit("BAN CHẤP HÀNH LIÊN ĐOÀN LAO ĐỘNGKHÓA", 1)[0]
    texts = []
    for entry in outline(OUTLINE.body):
        node = entry.node
        texts.append(f"{entry.label} {node.heading if isinstance(node, Section) else node.text}")
    assert _words(" ".join(texts)) == _words(body)
    assert OUTLINE.label == "Đề cương" and squeeze(OUTLINE.title) == OUTLINE_TITLE and not OUTLINE.landscape
    parts = [n for n in OUTLINE.body if isinstance(n, Section) and not n.numbered]
    assert [p.heading.split("\n")[0] for p in parts] == ["Chủ đề Đại hội: Tiếp tục đổi mới nội dung và phương thức "
                                                         "hoạt động công đoàn; tập trung thực hiện tốt chức năng bảo "
                                                         "vệ quyền lợi hợp pháp chính đáng của đoàn viên, người lao "
                                                         "động; khẳng định là trung tâm tập hợp, đoàn kết giai cấp "
                                                         "công nhân và người lao động, đóng góp xúng đáng vào mục "
                                                         "tiêu đưa Nghệ An phát triển nhanh và bền vững",
                                                         "Phần thứ nhất", "Phần thứ hai"]
    assert [s.heading for s in parts[1].children if isinstance(s, Section)][-1] == "Bài học kinh nghiệm"
    assert validate_for_issue(PLAN_DAI_HOI_XIX) == []
    assert PLAN_DAI_HOI_XIX.appendices == (OUTLINE,)


def test_the_outline_prints_as_the_plans_attachment(outline_plan: tuple[Path, RenderResult, int],
                                                    tmp_path: Path) -> None:
    pdf, result, main_pages = outline_plan
    assert result.pages >= main_pages + 10
    appendices_number_their_own_pages(pdf, main_pages, result.pages, tmp_path / "main")
    pages = page_texts(pdf)
    assert not any("ĐỀ CƯƠNG" in text for text in pages[:main_pages])
    opening = [line.strip() for line in pages[main_pages].splitlines() if line.strip()]
    assert opening[0] == "ĐỀ CƯƠNG"
    appendix = "\n".join(pages[main_pages:])
    headings = [OUTLINE_TITLE, "(Kèm theo Kế hoạch số 120/KH-LĐLĐ ngày 15/11/2022 của Liên đoàn Lao động tỉnh Nghệ An)"]
    for entry in outline(OUTLINE.body):
        node = entry.node
        if isinstance(node, Section):
            heading = node.heading.upper() if node.level == 1 else node.heading
            headings.append(f"{entry.label} {heading}".strip())
    assert "PHẦN THỨ NHẤT" in headings[3] and "3.1. Chỉ tiêu đến hết nhiệm kỳ" in headings
    in_order(appendix, headings)
    assert unicodedata.is_normalized("NFC", appendix)


def test_the_outlines_parts_stand_centred_and_its_headings_bold(outline_plan: tuple[Path, RenderResult, int]) -> None:
    pdf, _result, main_pages = outline_plan
    with pdfplumber.open(pdf) as document:
        centre = 35 * MM + (document.pages[0].width - 55 * MM) / 2
        found = []
        for page in document.pages[main_pages:]:
            for line in page.extract_text_lines():
                if line["text"] in ("PHẦN THỨ NHẤT", "PHẦN THỨ HAI", "NHIỆM KỲ 2023-2028"):
                    found.append(line["text"])
                    assert abs((line["x0"] + line["x1"]) / 2 - centre) < 2, line
                    assert all("Bold" in c["fontname"] for c in line["chars"] if not c["text"].isspace())
                if re.match(r"^[IVX]+\. ", line["text"]) or re.match(r"^\d+\.\d+\. ", line["text"]):
                    assert all("Bold" in c["fontname"] for c in line["chars"] if not c["text"].isspace()), line
    assert found == ["PHẦN THỨ NHẤT", "PHẦN THỨ HAI", "NHIỆM KỲ 2023-2028"]


def test_page_images(boxed: tuple[Path, RenderResult, int], outline_plan: tuple[Path, RenderResult, int],
                     tmp_path: Path) -> None:
    """Page images for a person to look at; CONGDOAN_WRITE_DOC_IMAGES=1 refreshes docs/images/boxes-10b-11-13.png
    (page 1 of a plan with boxes 10b, 11 and 13) and docs/images/appendix-de-cuong-page-1.png."""
    boxed_pdf, _result, _main = boxed
    outline_pdf, _outline_result, outline_main = outline_plan
    images = {
        "boxes-10b-11-13": (boxed_pdf, 1),
        "appendix-de-cuong-page-1": (outline_pdf, outline_main + 1),
    }
    for name, (pdf, page) in images.items():
        subprocess.run([tool("pdftoppm"), "-r", "60", "-png", "-singlefile", "-f", str(page), "-l", str(page),
                        str(pdf), str(tmp_path / name)], check=True)
        assert (tmp_path / f"{name}.png").stat().st_size > 10_000
    if os.environ.get("CONGDOAN_WRITE_DOC_IMAGES") == "1":
        for name in images:
            shutil.copyfile(tmp_path / f"{name}.png", ROOT / "docs" / "images" / f"{name}.png")
