"""Official documents as Word files: the .docx re-read with python-docx, then printed by LibreOffice and read
back with poppler the way a clerk would see it (reading order, page numbers, A4, the Decree 30 checker)."""

from __future__ import annotations

import dataclasses
import datetime
import re
import subprocess
import unicodedata
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Length, Mm

from desktop_app.bootstrap import AppContext
from desktop_app.domain.documents import (
    DocumentNumber,
    ListItem,
    OfficialDocument,
    Section,
    outline,
    print_outline,
)
from desktop_app.files.docx.official import export_official_docx
from desktop_app.files.pdf.official import MOTTO, SLOGAN, PageSetup
from desktop_app.services.demo_content import demo_documents
from tests.integration.test_official_pdf import LETTER_12
from tests.pdf_tools import in_order, layout_failures, libreoffice_pdfs, pdftotext, squeeze, tool

PLAN_94 = demo_documents().plan_94
PLAN_SO_KET = demo_documents().plan_so_ket
SIGNER = demo_documents().plan_94.signer

SO_KET = dataclasses.replace(
    PLAN_SO_KET,
    number=DocumentNumber(34, 2020, "KH", "LĐLĐ"),
    header=dataclasses.replace(PLAN_SO_KET.header, issue_date=datetime.date(2020, 10, 20)),
)

DOCUMENTS: dict[str, OfficialDocument] = {"plan_94": PLAN_94, "so_ket": SO_KET, "letter": LETTER_12}
EXPECTED = {
    "plan_94": ("Số: 94/KH-LĐLĐ", "Huyện Dương Minh Châu, ngày 24 tháng 3 năm 2021"),
    "so_ket": ("Số: 34/KH-LĐLĐ", "Huyện Dương Minh Châu, ngày 20 tháng 10 năm 2020"),
    "letter": ("Số: 12/LĐLĐ-VP", "Huyện Dương Minh Châu, ngày 09 tháng 02 năm 2021"),
}


# --------------------------------------------------------------------------- tools


def pdfinfo(pdf: Path) -> dict[str, str]:
    out = subprocess.run([tool("pdfinfo"), str(pdf)], capture_output=True, text=True,
                         check=True).stdout
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in out.splitlines())}


def mm(*lengths: Length | None) -> tuple[float, ...]:
    """Lengths in whole tenths of a millimetre: Word stores them in twips, a little off the exact EMUs."""
    return tuple(round(length.mm, 1) if length is not None else -1.0 for length in lengths)


def first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """Each document as .docx and as the PDF LibreOffice prints from it."""
    folder = tmp_path_factory.mktemp("official_docx")
    files = {name: export_official_docx(doc, folder / f"{name}.docx") for name, doc in DOCUMENTS.items()}
    pdfs = libreoffice_pdfs(files, folder)
    return {name: (path, pdfs[name]) for name, path in files.items()}


def opened(path: Path) -> DocxDocument:
    return docx.Document(str(path))


def all_text_nodes(document: DocxDocument) -> Iterator[str]:
    yield from (t.text or "" for t in document.element.iter(qn("w:t")))
    section = document.sections[0]
    for part in (section.header, section.first_page_header):
        yield from (t.text or "" for t in part._element.iter(qn("w:t")))


# --------------------------------------------------------------------------- the .docx itself


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_page_is_a4_with_the_decree_margins(exported: dict[str, tuple[Path, Path]], name: str) -> None:
    section = opened(exported[name][0]).sections[0]
    setup = PageSetup()
    assert mm(section.page_width, section.page_height) == (210, 297)
    assert mm(section.top_margin, section.bottom_margin) == (setup.top_mm, setup.bottom_mm)
    assert mm(section.left_margin, section.right_margin) == (setup.left_mm, setup.right_mm)


def test_landscape_documents_turn_the_page(tmp_path: Path) -> None:
    path = export_official_docx(dataclasses.replace(LETTER_12, landscape=True), tmp_path / "wide.docx")
    section = opened(path).sections[0]
    assert mm(section.page_width, section.page_height) == (297, 210)


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_header_is_a_borderless_two_column_table(exported: dict[str, tuple[Path, Path]], name: str) -> None:
    document = opened(exported[name][0])
    table = document.tables[0]
    for row in table.rows:
        # A wide date line borrows from the left column through a third grid column; a row still has two cells.
        assert len({id(cell._tc) for cell in row.cells}) == 2
    left, right = table.rows[0].cells[0], table.rows[0].cells[-1]
    assert squeeze(left.text) == "LIÊN ĐOÀN LAO ĐỘNG TỈNH TÂY NINH LIÊN ĐOÀN LAO ĐỘNG HUYỆN DƯƠNG MINH CHÂU"
    assert squeeze(right.text) == f"{MOTTO} {SLOGAN}"
    # Names of bodies break before the unit word, as in the PDF.
    assert left.paragraphs[0].text == "LIÊN ĐOÀN LAO ĐỘNG\nTỈNH TÂY NINH"
    issuer = left.paragraphs[1]
    assert issuer.text == "LIÊN ĐOÀN LAO ĐỘNG\nHUYỆN DƯƠNG MINH CHÂU" and all(r.bold for r in issuer.runs)
    assert not any(r.bold for r in left.paragraphs[0].runs)
    # The rules under the issuing body and the slogan are bottom borders of short centred paragraphs.
    for cell in (left, right):
        rule = cell.paragraphs[-1]
        assert rule.text == "" and rule._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}") is not None
    number, date = EXPECTED[name]
    assert table.rows[1].cells[0].text == number
    date_cell = table.rows[1].cells[-1]
    assert date_cell.text == date and all(r.italic for r in date_cell.paragraphs[0].runs)
    tbl_pr = table._tbl.tblPr
    borders = tbl_pr.find(qn("w:tblBorders"))
    assert borders is not None and {b.get(qn("w:val")) for b in borders} == {"nil"}
    layout = tbl_pr.find(qn("w:tblLayout"))
    assert layout is not None and layout.get(qn("w:type")) == "fixed"
    # Reaches into the margins down to the decree's minimums: 35 → 30 mm on the left.
    indent = tbl_pr.find(qn("w:tblInd"))
    assert indent is not None and int(indent.get(qn("w:w"))) == round(-5 * 72 / 25.4 * 20)


def test_letter_has_subject_and_addressees(exported: dict[str, tuple[Path, Path]]) -> None:
    document = opened(exported["letter"][0])
    header = document.tables[0]
    assert squeeze(header.rows[2].cells[0].text) == LETTER_12.subject_line
    addressees = document.tables[1]
    assert addressees.rows[0].cells[0].text == "Kính gửi:"
    assert [p.text for p in addressees.rows[0].cells[1].paragraphs] == [
        "- Các công đoàn cơ sở trực thuộc;", "- Công đoàn Trường THPT Dương Minh Châu."]
    assert not any(p.text == "CÔNG VĂN" for p in document.paragraphs)


@pytest.mark.parametrize("name", ["plan_94", "so_ket"])
def test_type_summary_basis_and_body_follow_the_outline(exported: dict[str, tuple[Path, Path]], name: str) -> None:
    doc = DOCUMENTS[name]
    document = opened(exported[name][0])
    paragraphs = document.paragraphs
    kind = next(p for p in paragraphs if p.text == "KẾ HOẠCH")
    assert all(r.bold for r in kind.runs) and kind.alignment == WD_ALIGN_PARAGRAPH.CENTER
    summary = paragraphs[[p.text for p in paragraphs].index("KẾ HOẠCH") + 1]
    assert squeeze(summary.text) == doc.summary and all(r.bold for r in summary.runs)

    basis = [p for p in paragraphs if p.style is not None and p.style.style_id == "ND30Basis"]
    assert [p.text for p in basis] == [b.text for b in doc.basis]
    assert all(p.style is not None and p.style.font.italic for p in basis)

    expected: list[str] = []
    for entry in print_outline(doc.body):
        node = entry.node
        if isinstance(node, Section):
            expected.append(f"{entry.label} {node.heading.upper() if node.level == 1 else node.heading}".strip())
        elif isinstance(node, ListItem):
            expected.append(f"{entry.label} {node.text}")
        else:
            expected.append(node.text)
    expected += [p.text for p in doc.closing]
    body = [p for p in paragraphs if p.style is not None and p.style.style_id in ("ND30Body", "ND30Heading",
                                                                                   "ND30Heading3")]
    assert [p.text for p in body] == expected
    labels = [p.text.split(" ", 1)[0] for p in body]
    assert labels.index("I.") < labels.index("1.") < labels.index("II.")
    romans = [label for label in labels if re.fullmatch(r"[IVX]+\.", label)]
    assert romans[:3] == ["I.", "II.", "III."]
    headings = [p for p in body if p.style is not None and p.style.style_id == "ND30Heading"]
    assert headings[0].text == "I. MỤC ĐÍCH, YÊU CẦU" or name == "so_ket"
    assert all(p.style is not None and p.style.font.bold and p.style.paragraph_format.keep_with_next
               for p in headings)

    style = body[0].style
    assert style is not None
    pf = style.paragraph_format
    assert pf.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY and pf.first_line_indent == Mm(12.7)
    assert pf.space_after is not None and round(pf.space_after.pt) == 6
    # The closing stays on the page of the signature table, which cannot split across pages.
    assert body[-1].paragraph_format.keep_with_next
    signature = document.tables[-1]
    assert signature.rows[0]._tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None
    recipients, signer = signature.rows[0].cells
    label = recipients.paragraphs[0]
    assert label.text == "Nơi nhận:" and all(r.bold and r.italic and r.font.size.pt == 12 for r in label.runs)
    assert [p.text for p in recipients.paragraphs[1:]] == list(doc.recipients.lines)
    assert all(r.font.size.pt == 11 for p in recipients.paragraphs[1:] for r in p.runs)
    assert squeeze(signer.text) == "TM. BAN THƯỜNG VỤ CHỦ TỊCH Nguyễn Văn Hùng"


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_text_is_nfc_and_fonts_are_named_for_every_script(exported: dict[str, tuple[Path, Path]], name: str) -> None:
    document = opened(exported[name][0])
    texts = list(all_text_nodes(document))
    assert texts and all(unicodedata.is_normalized("NFC", t) for t in texts)
    defaults = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    normal = document.styles["Normal"].element.rPr
    for rpr in (defaults, normal):
        assert rpr is not None
        fonts = rpr.find(qn("w:rFonts"))
        assert fonts is not None
        for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
            assert fonts.get(qn(f"w:{slot}")) == "Times New Roman", slot
        # A theme reference would override the named font.
        assert not any(key.endswith("Theme") or key.endswith("theme") for key in fonts.attrib)
    assert document.styles["Normal"].font.name == "Times New Roman"
    assert document.core_properties.language == "vi-VN"


def test_a_word_export_always_asks_for_times_new_roman(context: AppContext, tmp_path: Path) -> None:
    """Word on the office's computers has Times New Roman; the font this machine prints PDFs with (here a
    stand-in such as Tinos) is never named in the .docx: the export takes no font at all."""
    draft = context.templates.create_blank("KH")
    document = opened(context.documents.export_docx(draft.id, tmp_path / "plan.docx"))
    rpr = document.styles["Normal"].element.rPr
    fonts = rpr.find(qn("w:rFonts"))
    assert {fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia", "cs")} == {"Times New Roman"}
    named = {f.get(qn(f"w:{slot}")) for part in (document.element, document.styles.element,
                                                  document.sections[0].header._element)
             for f in part.iter(qn("w:rFonts")) for slot in ("ascii", "hAnsi", "eastAsia", "cs")} - {None}
    assert "Times New Roman" in named and not named & {"Tinos", "Liberation Serif", "DejaVu Serif"}, named
    with zipfile.ZipFile(tmp_path / "plan.docx") as archive:
        assert not any("Tinos" in archive.read(name).decode("utf-8", "replace") for name in archive.namelist())


def test_another_font_family_is_written_everywhere(tmp_path: Path) -> None:
    document = opened(export_official_docx(LETTER_12, tmp_path / "tinos.docx", font_family="Tinos"))
    fonts = document.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert {fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia", "cs")} == {"Tinos"}


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_page_number_field_only_from_page_two(exported: dict[str, tuple[Path, Path]], name: str) -> None:
    section = opened(exported[name][0]).sections[0]
    assert section.different_first_page_header_footer
    instructions = [t.text for t in section.header._element.iter(qn("w:instrText"))]
    assert [i.strip() for i in instructions] == ["PAGE"]
    assert section.header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert not section.first_page_header.is_linked_to_previous
    assert squeeze("".join(p.text for p in section.first_page_header.paragraphs)) == ""


def test_a_draft_leaves_room_for_the_number_and_date(tmp_path: Path) -> None:
    document = opened(export_official_docx(PLAN_SO_KET, tmp_path / "draft.docx"))
    number, date = document.tables[0].rows[1].cells[0], document.tables[0].rows[1].cells[-1]
    assert number.text == "Số: " + "\u00a0" * 6 + "/"  # as the PDF: no symbol before the number is given
    assert date.text.startswith("Huyện Dương Minh Châu, ngày ") and "tháng" in date.text


def test_a_failed_export_leaves_the_old_file_and_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "plan.docx"
    target.write_bytes(b"old")

    def broken_save(self: object, stream: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("docx.document.Document.save", broken_save)
    with pytest.raises(OSError, match="disk full"):
        export_official_docx(PLAN_94, target)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.docx"]


# --------------------------------------------------------------------------- printed by LibreOffice


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_printed_text_reads_in_order(exported: dict[str, tuple[Path, Path]], name: str) -> None:
    doc = DOCUMENTS[name]
    pdf = exported[name][1]
    text = pdftotext(pdf)
    assert unicodedata.is_normalized("NFC", text)
    number, date = EXPECTED[name]
    parts = ["LIÊN ĐOÀN LAO ĐỘNG", MOTTO, "TỈNH TÂY NINH", SLOGAN, "HUYỆN DƯƠNG MINH CHÂU", number, date]
    if doc.type.is_letter:
        parts += ["V/v đăng ký tham gia Hội thao", "Kính gửi:", "- Các công đoàn cơ sở trực thuộc;"]
    else:
        parts += ["KẾ HOẠCH", doc.summary.split()[0] + " " + doc.summary.split()[1]]
    parts += [b.text[:40] for b in doc.basis]
    parts += [f"{e.label} {e.node.heading.upper()}" for e in outline(doc.body)
              if isinstance(e.node, Section) and e.node.level == 1]
    parts += ["Nơi nhận:"]
    in_order(text, parts)
    pages = int(pdfinfo(pdf)["Pages"])
    last = pdftotext(pdf, page=pages)
    in_order(last, ["Nơi nhận:", "CHỦ TỊCH", doc.recipients.lines[-1], SIGNER.name])


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_printed_pages_are_a4_and_numbered_from_two(exported: dict[str, tuple[Path, Path]], name: str) -> None:
    pdf = exported[name][1]
    info = pdfinfo(pdf)
    assert "(A4)" in info["Page size"], info["Page size"]
    width, height = (float(v) for v in re.findall(r"[\d.]+", info["Page size"])[:2])
    assert abs(width - 595.28) < 1 and abs(height - 841.89) < 1
    pages = int(info["Pages"])
    assert first_line(pdftotext(pdf, page=1)).startswith("LIÊN ĐOÀN LAO ĐỘNG")
    if name == "letter":
        assert pages == 1
        return
    assert pages >= 2
    for page in range(2, pages + 1):
        assert first_line(pdftotext(pdf, page=page)) == str(page)


def test_plan_94_prints_on_as_many_pages_as_the_pdf(exported: dict[str, tuple[Path, Path]]) -> None:
    # The body's minimum line spacing is the PDF's leading, so Word breaks pages where the PDF engine does.
    assert pdfinfo(exported["plan_94"][1])["Pages"] == "7"


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_printed_layout_passes_the_decree_checker(exported: dict[str, tuple[Path, Path]], name: str) -> None:
    assert layout_failures(exported[name][1], letter=DOCUMENTS[name].type.is_letter) == {}
