"""Boxes 10b, 11, 13 and appendices in the Word export: the .docx re-read with python-docx (sections, orientation,
page numbering restarting per appendix), then printed by LibreOffice and read back with poppler and the checker."""

from __future__ import annotations

import dataclasses
import re
import subprocess
from pathlib import Path

import docx
import pytest
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Length

from desktop_app.domain.documents import Appendix, Section, appendix_heading, appendix_note, outline
from desktop_app.files.docx.official import export_official_docx
from desktop_app.services.demo_content import demo_documents, demo_outline
from tests.integration.test_official_boxes import BOXED_PLAN, CONTACT, appendices_number_their_own_pages
from tests.pdf_tools import libreoffice_pdfs, pdftotext, squeeze, tool

PLAN_94 = demo_documents().plan_94
OUTLINE = demo_outline().outline
OUTLINE_TITLE = demo_outline().title
PLAN_DAI_HOI_XIX = demo_outline().plan

DOCUMENTS = {"boxed": BOXED_PLAN, "outline": PLAN_DAI_HOI_XIX}


def page_sizes(pdf: Path) -> list[tuple[int, int]]:
    out = subprocess.run([tool("pdfinfo"), "-f", "1", "-l", "9999", str(pdf)], capture_output=True,
                         text=True, check=True).stdout
    return [(round(float(w)), round(float(h))) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", out)]


def mm(length: Length | None) -> float:
    assert length is not None
    return round(length.mm, 1)


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """Each document as .docx and as the PDF LibreOffice prints from it."""
    folder = tmp_path_factory.mktemp("appendices_docx")
    files = {name: export_official_docx(doc, folder / f"{name}.docx") for name, doc in DOCUMENTS.items()}
    pdfs = libreoffice_pdfs(files, folder)
    return {name: (path, pdfs[name]) for name, path in files.items()}


def opened(path: Path) -> DocxDocument:
    return docx.Document(str(path))


# --------------------------------------------------------------------------- the .docx itself


def test_each_appendix_is_a_section_with_its_orientation_and_numbering_from_one(
        exported: dict[str, tuple[Path, Path]]) -> None:
    document = opened(exported["boxed"][0])
    sections = document.sections
    assert len(sections) == 1 + len(BOXED_PLAN.appendices)
    main, first, second = sections
    assert (mm(main.page_width), mm(main.page_height)) == (210, 297) and main.orientation == WD_ORIENT.PORTRAIT
    assert (mm(first.page_width), mm(first.page_height)) == (210, 297) and first.orientation == WD_ORIENT.PORTRAIT
    assert (mm(second.page_width), mm(second.page_height)) == (297, 210)
    assert second.orientation == WD_ORIENT.LANDSCAPE
    for section in sections:
        assert (mm(section.top_margin), mm(section.left_margin), mm(section.right_margin)) == (25, 35, 20)
        assert section.different_first_page_header_footer  # no number on any first page
    assert main._sectPr.find(qn("w:pgNumType")) is None
    for section in (first, second):
        assert section.start_type == WD_SECTION.NEW_PAGE
        numbering = section._sectPr.find(qn("w:pgNumType"))
        assert numbering is not None and numbering.get(qn("w:start")) == "1"
        # The PAGE field of the document's header carries on; each appendix's page 1 keeps an empty header.
        assert section.header.is_linked_to_previous and section.first_page_header.is_linked_to_previous
        # Box 13 belongs to the document's page 1 only.
        assert not section.first_page_footer.is_linked_to_previous
        assert squeeze("".join(p.text for p in section.first_page_footer.paragraphs)) == ""
    instructions = [t.text.strip() for t in main.header._element.iter(qn("w:instrText"))]
    assert instructions == ["PAGE"]


def test_the_boxes_in_word(exported: dict[str, tuple[Path, Path]]) -> None:
    document = opened(exported["boxed"][0])
    body = document.element.body
    circulation = document.paragraphs[0]
    assert body[0] is circulation._p, "box 11 comes before the header table"
    assert circulation.text == "LƯU HÀNH NỘI BỘ" and circulation.alignment == WD_ALIGN_PARAGRAPH.CENTER
    run = circulation.runs[0]
    assert run.bold and run.font.size is not None and 13 <= run.font.size.pt <= 14
    border = run._r.find(f"{qn('w:rPr')}/{qn('w:bdr')}")
    assert border is not None and border.get(qn("w:val")) == "single" and border.get(qn("w:color")) == "000000"
    assert circulation.paragraph_format.left_indent is not None and circulation.paragraph_format.left_indent.mm > 50

    header = document.tables[0]
    urgency = header.rows[-1].cells[0]
    assert urgency.text == "KHẨN" and header.rows[1].cells[0].text == "Số: 94/KH-LĐLĐ"
    assert len({id(cell._tc) for cell in header.rows[-1].cells}) == 2
    run = urgency.paragraphs[0].runs[0]
    assert run.bold and run.font.color.rgb is not None and str(run.font.color.rgb) == "E60000"
    border = run._r.find(f"{qn('w:rPr')}/{qn('w:bdr')}")
    assert border is not None and border.get(qn("w:color")) == "E60000"

    main = document.sections[0]
    footer = main.first_page_footer
    assert not footer.is_linked_to_previous
    paragraph = footer.paragraphs[0]
    assert paragraph.text == CONTACT
    assert all(r.font.size is not None and r.font.size.pt == 11 for r in paragraph.runs)
    top = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:top')}")
    assert top is not None and top.get(qn("w:val")) == "single"
    assert mm(main.footer_distance) == 20, "the footer ends where the text area does, above the bottom margin"
    assert main.footer.is_linked_to_previous, "no footer on the document's later pages"


def test_appendix_openings_in_word(exported: dict[str, tuple[Path, Path]]) -> None:
    document = opened(exported["boxed"][0])
    texts = [p.text for p in document.paragraphs]
    for index, appendix in enumerate(BOXED_PLAN.appendices):
        at = texts.index(appendix_heading(BOXED_PLAN, index))
        label, title, note, rule = document.paragraphs[at:at + 4]
        assert all(r.bold for r in label.runs) and label.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert squeeze(title.text) == appendix.title and all(r.bold for r in title.runs)
        assert squeeze(note.text) == appendix_note(BOXED_PLAN) and all(r.italic for r in note.runs)
        assert rule.text == "" and rule._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}") is not None
    assert texts.index("PHỤ LỤC I") < texts.index("PHỤ LỤC II")


def test_an_empty_appendix_and_a_document_without_boxes_in_word(tmp_path: Path) -> None:
    doc = dataclasses.replace(PLAN_94, appendices=(Appendix("Mẫu báo cáo", "Đề cương"),))
    document = opened(export_official_docx(doc, tmp_path / "empty.docx"))
    assert len(document.sections) == 2
    texts = [squeeze(p.text) for p in document.paragraphs]
    at = texts.index("ĐỀ CƯƠNG")
    assert texts[at + 1:at + 3] == ["Mẫu báo cáo", appendix_note(doc)]
    plain = opened(export_official_docx(PLAN_94, tmp_path / "plain.docx"))
    assert len(plain.sections) == 1 and not list(plain.element.body.iter(qn("w:bdr")))
    assert plain.element.body[0].tag == qn("w:tbl") and len(plain.tables[0].rows) == 2  # the header comes first
    assert plain.sections[0].first_page_footer.is_linked_to_previous


def test_the_outline_in_word_centres_its_parts(exported: dict[str, tuple[Path, Path]]) -> None:
    document = opened(exported["outline"][0])
    parts = [p for p in document.paragraphs if p.text.startswith("PHẦN THỨ")]
    assert [p.text.split("\n")[0] for p in parts] == ["PHẦN THỨ NHẤT", "PHẦN THỨ HAI"]
    assert parts[1].text == "PHẦN THỨ HAI\nMỤC TIÊU, PHƯƠNG HƯỚNG, NHIỆM VỤ\nNHIỆM KỲ 2023-2028"
    for part in parts:
        assert part.alignment == WD_ALIGN_PARAGRAPH.CENTER and part.style is not None
        assert part.style.style_id == "ND30Heading" and part.paragraph_format.first_line_indent == 0


# --------------------------------------------------------------------------- printed by LibreOffice


def test_libreoffice_prints_the_boxes_and_restarts_the_numbers(exported: dict[str, tuple[Path, Path]],
                                                               tmp_path: Path) -> None:
    pdf = exported["boxed"][1]
    sizes = page_sizes(pdf)
    texts = [pdftotext(pdf, page=n) for n in range(1, len(sizes) + 1)]
    starts = [n for n, text in enumerate(texts, 1) if lines(text) and lines(text)[0] in ("PHỤ LỤC I", "PHỤ LỤC II")]
    assert len(starts) == 2, [lines(t)[:1] for t in texts]
    main_pages = starts[0] - 1
    appendices_number_their_own_pages(pdf, main_pages, len(sizes), tmp_path / "main")

    first = texts[0]
    assert "LƯU HÀNH NỘI BỘ" in lines(first)[0]
    assert re.search(r"Số: 94/KH-LĐLĐ.*\n\s*KHẨN\s*\n", first), first[:1000]
    assert lines(first)[-2:] == CONTACT.split("\n")
    assert all("Thư điện tử" not in text for text in texts[1:])

    expected = ["", *(str(n) for n in range(2, main_pages + 1))]
    for begin, end in zip(starts, [*starts[1:], len(sizes) + 1], strict=True):
        assert end - begin >= 2, "each appendix has a second page"
        expected += ["", *(str(n) for n in range(2, end - begin + 1))]
    firsts = [lines(text)[0] if re.fullmatch(r"\d+", lines(text)[0]) else "" for text in texts]
    assert firsts == expected
    assert sizes == [(595, 842)] * (starts[1] - 1) + [(842, 595)] * (len(sizes) - starts[1] + 1)


def test_libreoffice_prints_the_outline_after_the_plan(exported: dict[str, tuple[Path, Path]],
                                                       tmp_path: Path) -> None:
    pdf = exported["outline"][1]
    total = len(page_sizes(pdf))
    texts = [pdftotext(pdf, page=n) for n in range(1, total + 1)]
    start = next(n for n, text in enumerate(texts, 1) if lines(text)[0] == "ĐỀ CƯƠNG")
    appendices_number_their_own_pages(pdf, start - 1, total, tmp_path / "main")
    flat = squeeze(" ".join(texts[start - 1:]))
    at = 0
    headings = [OUTLINE_TITLE] + [f"{e.label} {e.node.heading.upper() if e.node.level == 1 else e.node.heading}".strip()
                                  for e in outline(OUTLINE.body) if isinstance(e.node, Section)]
    for heading in headings:
        found = flat.find(squeeze(heading), at)
        assert found >= 0, heading
        at = found
