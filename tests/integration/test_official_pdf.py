"""The Decree 30 layout engine: documents as data, the font chain, and PDFs checked the way a clerk and
poppler read them (tests/layout_check.py, pdffonts, pdftotext, pdfplumber positions)."""

from __future__ import annotations

import datetime
import os
import re
import shutil
import subprocess
import unicodedata
from dataclasses import replace
from pathlib import Path

import pdfplumber
import pytest

from desktop_app.domain.documents import (
    LETTER,
    DocumentNumber,
    Header,
    ListItem,
    OfficialDocument,
    Paragraph,
    Recipients,
    Section,
    SignerBlock,
    document_from_dict,
    document_to_dict,
    document_type,
    outline,
    print_outline,
    validate_for_issue,
)
from desktop_app.files.pdf.fonts import VIETNAMESE_LETTERS, FontChoice, FontError, choose_fonts, missing_vietnamese
from desktop_app.files.pdf.official import PageSetup, RenderResult, render_official_pdf
from desktop_app.services.demo_content import demo_documents
from tests.pdf_tools import MM, layout_failures, pdftotext, tool

HEADER = demo_documents().plan_94.header
PLAN_94 = demo_documents().plan_94
SIGNER = demo_documents().plan_94.signer
SUMMARY = demo_documents().plan_94.summary

ROOT = Path(__file__).resolve().parents[2]

# --------------------------------------------------------------------------- sample documents

REPORT = OfficialDocument(
    type=document_type("BC"),
    number=DocumentNumber(5, 2022, "BC", "LĐLĐ"),
    header=Header(HEADER.parent_body, HEADER.issuing_body, HEADER.place, datetime.date(2022, 1, 5)),
    summary="Kết quả hoạt động công đoàn năm 2021",
    addressees=("Ban Thường vụ Liên đoàn Lao động tỉnh Tây Ninh",),
    body=(
        Paragraph("Thực hiện Kế hoạch số 94/KH-LĐLĐ ngày 24/3/2021, Ban Thường vụ Liên đoàn Lao động huyện báo cáo "
                  "kết quả hoạt động năm 2021 như sau:"),
        Section("Kết quả đạt được", 1, (
            ListItem("Phát triển 412 đoàn viên, thành lập 6 công đoàn cơ sở; tổng số đoàn viên toàn huyện là 9.870 "
                     "người.", "1."),
            ListItem("Tổ chức 14 lớp tập huấn nghiệp vụ cho 826 lượt cán bộ công đoàn cơ sở.", "1."),
        )),
        Section("Phương hướng năm 2022", 1, (
            ListItem("Tiếp tục thực hiện Kế hoạch số 94/KH-LĐLĐ; sơ kết giữa nhiệm kỳ vào tháng 11 năm 2022."),
        )),
    ),
    closing=(Paragraph("Trên đây là báo cáo kết quả hoạt động công đoàn năm 2021 của Liên đoàn Lao động huyện."),),
    recipients=Recipients(("- Như trên;", "- TT Huyện ủy;", "- Lưu: VT, VP.")),
    signer=SignerBlock("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Thị Mai"),
)

LETTER_12 = OfficialDocument(
    type=LETTER,
    number=DocumentNumber(12, 2021, None, "LĐLĐ", "VP"),
    header=Header(HEADER.parent_body, HEADER.issuing_body, HEADER.place, datetime.date(2021, 2, 9)),
    subject="V/v đăng ký tham gia Hội thao công nhân, viên chức, lao động năm 2021",
    addressees=("Các công đoàn cơ sở trực thuộc;", "Công đoàn Trường THPT Dương Minh Châu."),
    body=(
        Paragraph("Thực hiện Kế hoạch số 94/KH-LĐLĐ ngày 24/3/2021 của Ban Thường vụ Liên đoàn Lao động huyện, "
                  "Liên đoàn Lao động huyện đề nghị các công đoàn cơ sở đăng ký tham gia Hội thao như sau:"),
        Section("Thời gian, địa điểm", 1, (
            ListItem("Thời gian: từ ngày 05/4/2021 đến ngày 09/4/2021."),
            ListItem("Địa điểm: Nhà văn hóa huyện Dương Minh Châu."),
        )),
        Section("Đăng ký", 1, (
            Paragraph("Danh sách vận động viên gửi về Văn phòng Liên đoàn Lao động huyện trước ngày 31/3/2021."),
        )),
    ),
    closing=(Paragraph("Trân trọng./."),),
    recipients=Recipients(("- Như trên;", "- Lưu: VT, VP.")),
    signer=SignerBlock("TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", SIGNER.name),
)


def _filler_document(items: int) -> OfficialDocument:
    """A plan whose body is ``items`` one-line items: stepping ``items`` walks its end down the page."""
    return OfficialDocument(
        type=document_type("TB"),
        number=DocumentNumber(7, 2021, "TB", "LĐLĐ"),
        header=PLAN_94.header,
        summary="Lịch làm việc của Ban Thường vụ",
        body=(Section("Lịch làm việc", 1, tuple(ListItem(f"Ngày {n}: họp giao ban.") for n in range(1, items + 1))),),
        closing=(Paragraph("Ban Thường vụ thông báo để các đồng chí biết, thực hiện."),),
        recipients=Recipients(("- Ủy viên Ban Thường vụ;", "- Lưu: VT.")),
        signer=SIGNER,
    )


# --------------------------------------------------------------------------- tools


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory, fonts: FontChoice) -> dict[str, tuple[Path, RenderResult]]:
    folder = tmp_path_factory.mktemp("official")
    out: dict[str, tuple[Path, RenderResult]] = {}
    for name, doc in (("plan_94", PLAN_94), ("report", REPORT), ("letter", LETTER_12)):
        pdf = folder / f"{name}.pdf"
        out[name] = (pdf, render_official_pdf(doc, pdf, fonts))
    return out


# --------------------------------------------------------------------------- domain: documents as data


def test_symbols_pad_small_numbers_and_have_no_spaces() -> None:
    assert DocumentNumber(94, 2021, "KH", "LĐLĐ").symbol() == "94/KH-LĐLĐ"
    assert DocumentNumber(5, 2021, "KH", "LĐLĐ").symbol() == "05/KH-LĐLĐ"
    assert DocumentNumber(12, 2021, None, "LĐLĐ", "VP").symbol() == "12/LĐLĐ-VP"
    assert DocumentNumber(3, 2021, " QĐ ", "LĐ LĐ").symbol() == "03/QĐ-LĐLĐ"
    assert DocumentNumber(None, 2021, "KH", "LĐLĐ").symbol() == "/KH-LĐLĐ"
    with pytest.raises(ValueError):
        DocumentNumber(0, 2021, "KH", "LĐLĐ")


def test_document_types_come_from_the_decree() -> None:
    codes = {"KH", "BC", "TB", "QĐ", "HD", "CTr", "NQ", "TTr", "QyĐ"}
    assert codes <= {t.code for t in __import__("desktop_app.domain.documents", fromlist=["x"]).DOCUMENT_TYPES}
    assert document_type("KH").title == "KẾ HOẠCH"
    assert document_type(None) is LETTER and LETTER.is_letter and LETTER.title == ""
    with pytest.raises(ValueError):
        document_type("XX")


def test_every_text_is_nfc_on_construction() -> None:
    decomposed = unicodedata.normalize("NFD", "Liên  đoàn Lao động\u00a0huyện ")
    header = Header(decomposed, decomposed, decomposed)
    assert header.parent_body == "Liên đoàn Lao động huyện"
    assert unicodedata.is_normalized("NFC", header.issuing_body)
    item = ListItem(unicodedata.normalize("NFD", "Tuyên truyền"), "-")
    assert item.text == "Tuyên truyền"
    doc = OfficialDocument(LETTER, None, header, subject=unicodedata.normalize("NFD", "V/v  họp"),
                           addressees=[unicodedata.normalize("NFD", "Các CĐCS")])  # type: ignore[arg-type]
    assert doc.subject == "họp" and doc.subject_line == "V/v họp" and doc.addressees == ("Các CĐCS",)


def test_outline_numbers_sections_and_items_by_position() -> None:
    body = (
        Paragraph("Mở đầu"),
        Section("Mục đích", 1, (ListItem("a", "1."), ListItem("b", "1."))),
        Section("Nội dung", 1, (
            Section("Tuyên truyền", 2, (ListItem("x"), Section("Báo chí", 3), Section("Mạng xã hội", 3))),
            Section("Kiểm tra", 2, (ListItem("y", "a)"), ListItem("z", "a)", (ListItem("w", "+"),)))),
        )),
    )
    labels = [(e.label, e.depth) for e in outline(body)]
    assert labels == [("", 0), ("I.", 0), ("1.", 1), ("2.", 1), ("II.", 0), ("1.", 1), ("-", 2), ("1.1.", 2),
                      ("1.2.", 2), ("2.", 1), ("a)", 2), ("b)", 2), ("+", 3)]


def test_validation_names_what_is_missing() -> None:
    assert validate_for_issue(PLAN_94) == []
    assert validate_for_issue(REPORT) == []
    assert validate_for_issue(LETTER_12) == []
    draft = OfficialDocument(document_type("KH"), None, Header("", "", "Huyện Dương Minh Châu"),
                             signer=SignerBlock("TM. BAN THƯỜNG VỤ", "", ""))
    problems = " | ".join(validate_for_issue(draft))
    for words in ("chưa có số", "trích yếu", "chức vụ", "họ tên", "ngày ban hành", "nơi nhận", "nội dung"):
        assert words in problems.casefold(), problems
    letter = OfficialDocument(LETTER, DocumentNumber(12, 2021, None, "LĐLĐ", "VP"), HEADER, summary="x",
                              body=(Paragraph("x"),), recipients=Recipients(("- Lưu: VT.",)), signer=SIGNER)
    assert validate_for_issue(letter) == ["Công văn chưa có trích yếu nội dung «V/v …»."]
    mismatch = OfficialDocument(document_type("BC"), DocumentNumber(1, 2021, "KH", "LĐLĐ"), HEADER, summary="x",
                                body=(Paragraph("x"),), recipients=Recipients(("- Lưu: VT.",)), signer=SIGNER)
    assert any("không khớp" in p for p in validate_for_issue(mismatch))


def test_documents_round_trip_through_plain_data() -> None:
    import json

    for doc in (PLAN_94, REPORT, LETTER_12):
        data = json.loads(json.dumps(document_to_dict(doc), ensure_ascii=False))
        assert document_from_dict(data) == doc


def test_plan_94_fixture_keeps_the_sample_wording() -> None:
    sample = Path(__file__).parents[1] / "fixtures" / "samples" / "plan_94_KH_LDLD_duong_minh_chau.txt"
    if not sample.is_file():
        pytest.fail(f"sample missing: {sample}")

    def words(text: str) -> list[str]:
        return re.findall(r"\w+", unicodedata.normalize("NFC", text).casefold())

    # From the summary on (the header boxes are printed by the engine), word for word and in order: the
    # fixes to the sample ("94/KH - LĐLĐ", "vận / động", "Lưu VP.") change only spaces and punctuation.
    after_title = sample.read_text(encoding="utf-8").split("KẾ HOẠCH", 1)[1]
    texts = [SUMMARY, *(b.text for b in PLAN_94.basis)]
    for entry in print_outline(PLAN_94.body):
        node = entry.node
        texts.append(f"{entry.label} {node.heading if isinstance(node, Section) else node.text}")
    texts += [*(p.text for p in PLAN_94.closing), "Nơi nhận:", *PLAN_94.recipients.lines]
    assert words(" ".join(texts)) == words(after_title)


# --------------------------------------------------------------------------- fonts


def _subset_font(src: Path, dst: Path, keep: str, family: str | None = None) -> None:
    """Write a copy of ``src`` that has glyphs for ``keep`` only, renamed to ``family`` if given."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(str(src))
    options = subset.Options()
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.layout_features = []
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=keep)
    subsetter.subset(font)
    if family is not None:
        for record in font["name"].names:
            if record.nameID in (1, 16):
                record.string = family
            elif record.nameID in (4, 6):
                record.string = f"{family} {record.toUnicode().split()[-1]}".replace(" ", "" if record.nameID == 6
                                                                                     else " ")
    font.save(str(dst))


def _system_family(name: str) -> list[Path]:
    files = sorted(Path("/usr/share/fonts").rglob(f"{name}*.ttf"))
    if len(files) < 4:
        pytest.fail(f"{name} is needed for the font tests (apt-get install fonts-croscore fonts-liberation2)")
    return files


def test_default_chain_picks_a_times_metric_font_with_vietnamese(fonts: FontChoice) -> None:
    assert fonts.family in ("Times New Roman", "Tinos", "Liberation Serif")
    assert fonts.reason.startswith("Dùng phông")
    for path in fonts.files:
        assert missing_vietnamese(path) == ""
    assert len(VIETNAMESE_LETTERS) == 146 and "ơ" in VIETNAMESE_LETTERS and "Ự" in VIETNAMESE_LETTERS


def test_a_configured_font_that_is_not_installed_falls_back_and_says_why() -> None:
    choice = choose_fonts("Phông Không Có")
    assert choice.family in ("Times New Roman", "Tinos", "Liberation Serif")
    assert "Phông Không Có" in choice.reason


def test_a_configured_font_without_vietnamese_is_refused(tmp_path: Path) -> None:
    ascii_only = "".join(chr(c) for c in range(32, 127))
    for src in _system_family("Tinos"):
        _subset_font(src, tmp_path / src.name.replace("Tinos", "NoViet"), ascii_only, family="NoViet Serif")
    with pytest.raises(FontError) as error:
        choose_fonts("NoViet Serif", search_dirs=[tmp_path])
    message = str(error.value)
    assert "NoViet Serif" in message and "không có đủ chữ tiếng Việt" in message and "ơ" in message, message


def test_liberation_serif_without_vietnamese_is_passed_over(tmp_path: Path) -> None:
    # Liberation Serif 1.x carries Latin-1 and a few Vietnamese letters but not ơ, ư or most toned ones.
    old = tmp_path / "liberation1"
    old.mkdir()
    latin1 = "".join(chr(c) for c in range(32, 256)) + "ĂăĐđĨĩŨũ"
    for src in _system_family("LiberationSerif"):
        _subset_font(src, old / src.name, latin1)
    choice = choose_fonts(search_dirs=[old, Path("/usr/share/fonts/truetype/dejavu")])
    assert choice.family == "DejaVu Serif"
    assert any("Liberation Serif" in note and "tiếng Việt" in note for note in choice.notes), choice.notes


# --------------------------------------------------------------------------- the PDFs


@pytest.mark.parametrize("name", ["plan_94", "report", "letter"])
def test_layout_checker_passes(rendered: dict[str, tuple[Path, RenderResult]], name: str) -> None:
    pdf, _result = rendered[name]
    assert layout_failures(pdf, letter=name == "letter") == {}


@pytest.mark.parametrize("name", ["plan_94", "report", "letter"])
def test_only_embedded_fonts(rendered: dict[str, tuple[Path, RenderResult]], name: str) -> None:
    pdf, result = rendered[name]
    listing = subprocess.run([tool("pdffonts"), str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = listing.splitlines()[2:]
    assert rows, listing
    for row in rows:
        assert re.search(r"\syes\s+yes\s+yes\s", row), listing  # emb, sub, uni
        assert "Helvetica" not in row and "Times-Roman" not in row, listing
    assert result.font_family.replace(" ", "") in listing


def test_text_comes_back_in_reading_order_and_nfc(rendered: dict[str, tuple[Path, RenderResult]]) -> None:
    pdf, result = rendered["plan_94"]
    assert result.pages >= 5
    layout = pdftotext(pdf, "-layout")
    raw = pdftotext(pdf, "-raw")
    for text in (layout, raw):
        assert unicodedata.is_normalized("NFC", text)
    assert re.search(r"Số: 94/KH-LĐLĐ\s+Huyện Dương Minh Châu, ngày 24 tháng 3 năm 2021", layout), layout[:1500]
    flat = " ".join(raw.split())
    order = ["LIÊN ĐOÀN LAO ĐỘNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
             "Số: 94/KH-LĐLĐ", "Huyện Dương Minh Châu, ngày 24 tháng 3 năm 2021", "KẾ HOẠCH", SUMMARY,
             "Thực hiện Kế hoạch số 213/KH-LĐLĐ", "I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG VÀ GIẢI PHÁP THỰC HIỆN",
             "1. Công tác tuyên truyền", "7. Đổi mới, nâng cao chất lượng", "III. TỔ CHỨC THỰC HIỆN",
             "Trên đây là Kế hoạch", "Nơi nhận:", "- Lưu: VP.", "Nguyễn Văn Hùng"]
    positions = [flat.find(part) for part in order]
    assert -1 not in positions, [p for p, at in zip(order, positions, strict=True) if at == -1]
    assert positions == sorted(positions), list(zip(order, positions, strict=True))


@pytest.mark.parametrize("name", ["plan_94", "report", "letter"])
def test_positions_on_the_page(rendered: dict[str, tuple[Path, RenderResult]], name: str) -> None:
    pdf, _result = rendered[name]
    with pdfplumber.open(pdf) as document:
        pages = document.pages
        width, height = pages[0].width, pages[0].height
        first = pages[0]

        def box(page: pdfplumber.page.Page, pattern: str) -> dict[str, float]:
            found = page.search(pattern, regex=True)
            assert found, f"'{pattern}' not on page {page.page_number}"
            return found[0]

        # Header: left column (boxes 2, 3) and right column (1, 4) side by side, never overlapping.
        left_boxes = [box(first, r"LIÊN ĐOÀN LAO ĐỘNG"), box(first, r"HUYỆN DƯƠNG MINH CHÂU"), box(first, r"Số: ")]
        right_boxes = [box(first, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), box(first, "Độc lập - Tự do - Hạnh phúc"),
                       box(first, r"Huyện Dương Minh Châu, ngày \d+ tháng \d+ năm \d{4}")]
        names, motto = left_boxes[:2], right_boxes[:2]
        assert max(b["x1"] for b in names) < min(b["x0"] for b in motto)
        assert left_boxes[2]["x1"] + 5 * MM < right_boxes[2]["x0"], "'Số:' and the date line keep apart"
        for a in left_boxes:
            for b in right_boxes:
                assert a["bottom"] <= b["top"] or b["bottom"] <= a["top"] or a["x1"] < b["x0"], (a, b)
        number, date = left_boxes[2], right_boxes[2]
        assert abs(number["bottom"] - date["bottom"]) < 1.0, "'Số:' and the date line share a line"
        header_bottom = max(b["bottom"] for b in left_boxes + right_boxes)

        for page in pages:
            for char in page.chars:
                if char["text"].isspace():
                    continue
                in_header = page.page_number == 1 and char["bottom"] <= header_bottom + 30
                if page.page_number > 1 and char["bottom"] < 25 * MM:
                    continue  # the page number, checked below
                left, right = (30, 15) if in_header else (35, 20)
                where = f"p{page.page_number} '{char['text']}' at {char['x0']:.1f}-{char['x1']:.1f}"
                assert char["x0"] >= left * MM - 0.5 and char["x1"] <= width - right * MM + 0.5, where
                assert char["top"] >= 25 * MM - 0.5 and char["bottom"] <= height - 20 * MM + 0.5, where

        assert not [c for c in first.chars if c["bottom"] < 25 * MM], "page 1 has no page number"
        centre = 35 * MM + (width - 55 * MM) / 2
        for page in pages[1:]:
            top_margin = [c for c in page.chars if c["bottom"] < 25 * MM and not c["text"].isspace()]
            assert "".join(c["text"] for c in top_margin) == str(page.page_number)
            middle = (min(c["x0"] for c in top_margin) + max(c["x1"] for c in top_margin)) / 2
            assert abs(middle - centre) < 1.0
            assert all(13 <= c["size"] <= 14 for c in top_margin)

        last = pages[-1]
        assert last.search("Nơi nhận:") and last.search(re.escape({"plan_94": "Nguyễn Văn Hùng", "report":
                                                                  "Trần Thị Mai", "letter": "Nguyễn Văn Hùng"}[name]),
                                                       regex=True)
        recipients, name_box = box(last, "Nơi nhận:"), box(last, r"(TM|KT)\. ")
        assert abs(recipients["top"] - name_box["top"]) < 3, "'Nơi nhận' is level with the signer's authority"
        assert recipients["x1"] < width / 2 < name_box["x0"] + 20 * MM


def test_letter_has_its_subject_under_the_number_and_kinh_gui(rendered: dict[str, tuple[Path, RenderResult]]) -> None:
    pdf, _result = rendered["letter"]
    with pdfplumber.open(pdf) as document:
        first = document.pages[0]
        number = first.search("Số: 12/LĐLĐ-VP")[0]
        subject = first.search("V/v đăng ký")[0]
        kinh_gui = first.search("Kính gửi:")[0]
        assert subject["top"] > number["bottom"] and subject["x1"] < first.width / 2 + 10
        subject_chars = [c for c in first.chars if subject["top"] - 1 <= c["top"] <= subject["bottom"]
                         and c["x0"] >= subject["x0"] - 1 and not c["text"].isspace()]
        assert all(12 <= c["size"] <= 13 for c in subject_chars)
        assert kinh_gui["top"] > subject["bottom"]
        assert first.search("- Các công đoàn cơ sở trực thuộc;") and first.search("- Công đoàn Trường THPT")
        assert not first.search("CÔNG VĂN")


def test_closing_and_signature_stay_together_at_a_page_end(tmp_path: Path, fonts: FontChoice) -> None:
    pushed = []
    for items in range(22, 34):
        pdf = tmp_path / f"filler-{items}.pdf"
        render_official_pdf(_filler_document(items), pdf, fonts)
        with pdfplumber.open(pdf) as document:
            def page_of(text: str, pages: list[pdfplumber.page.Page] = document.pages) -> tuple[int, float]:
                hits = [(p.page_number, p.search(text)[0]["bottom"]) for p in pages if p.search(text)]
                assert hits, text
                return hits[-1]

            last_item = page_of(f"Ngày {items}: họp giao ban.")
            closing = page_of("thực hiện.")
            assert page_of("Nơi nhận:")[0] == page_of("Nguyễn Văn Hùng")[0] == closing[0] == page_of("TM. BAN")[0]
            height = document.pages[0].height
            if closing[0] > last_item[0]:
                pushed.append((items, height - 20 * MM - last_item[1]))
        assert layout_failures(pdf) == {}
    # At least one body ended close to the foot of a page, and the closing moved over with the signature.
    assert pushed and min(gap for _items, gap in pushed) < 40 * MM, pushed


def test_signature_and_seal_images_sit_between_title_and_name(tmp_path: Path, fonts: FontChoice) -> None:
    from PIL import Image, ImageDraw

    signature, seal, flat = tmp_path / "chu_ky.png", tmp_path / "con_dau.png", tmp_path / "scan.png"
    image = Image.new("RGBA", (400, 160), (0, 0, 0, 0))
    ImageDraw.Draw(image).line([(20, 120), (120, 30), (220, 130), (380, 40)], fill=(20, 40, 200, 255), width=8)
    image.save(signature)
    stamp = Image.new("RGBA", (300, 300), (0, 0, 0, 0))
    ImageDraw.Draw(stamp).ellipse([10, 10, 290, 290], outline=(220, 20, 20, 230), width=14)
    stamp.save(seal)
    image.convert("RGB").save(flat)

    pdf = tmp_path / "signed.pdf"
    result = render_official_pdf(REPORT, pdf, fonts, signature_image=signature, seal_image=seal)
    assert result.warnings == ()
    assert layout_failures(pdf) == {}
    with pdfplumber.open(pdf) as document:
        last = document.pages[-1]
        title = last.search("PHÓ CHỦ TỊCH")[0]
        name = last.search("Trần Thị Mai")[0]
        images = sorted(last.images, key=lambda i: i["x0"])
        assert len(images) == 2
        seal_box, sig_box = images
        for image_box in images:
            assert title["bottom"] - 12 < (image_box["top"] + image_box["bottom"]) / 2 < name["top"] + 12
        sig_width = sig_box["x1"] - sig_box["x0"]
        assert sig_box["x0"] < seal_box["x1"] <= sig_box["x0"] + sig_width / 3 + 1, "seal over the left third"

    warned = render_official_pdf(REPORT, tmp_path / "flat.pdf", fonts, signature_image=flat)
    assert len(warned.warnings) == 1 and "scan.png" in warned.warnings[0] and "trong suốt" in warned.warnings[0]


def test_settable_margins_and_landscape(tmp_path: Path, fonts: FontChoice) -> None:
    pdf = tmp_path / "narrow.pdf"
    render_official_pdf(REPORT, pdf, fonts, PageSetup(left_mm=30, right_mm=15, top_mm=20, body_pt=13))
    assert layout_failures(pdf) == {}
    wide = tmp_path / "landscape.pdf"
    render_official_pdf(OfficialDocument(**{**REPORT.__dict__, "landscape": True}), wide, fonts)
    assert layout_failures(wide, landscape_ok=True) == {}
    with pytest.raises(ValueError):
        PageSetup(left_mm=25)


def test_page_images(rendered: dict[str, tuple[Path, RenderResult]], tmp_path: Path) -> None:
    """Page images for a person to look at; CONGDOAN_WRITE_DOC_IMAGES=1 refreshes docs/images/plan-94-page-N.png."""
    for name, (pdf, result) in rendered.items():
        subprocess.run([tool("pdftoppm"), "-r", "60", "-png", str(pdf), str(tmp_path / name)], check=True)
        images = sorted(tmp_path.glob(f"{name}-*.png"))
        assert len(images) == result.pages
    if os.environ.get("CONGDOAN_WRITE_DOC_IMAGES") == "1":
        target = ROOT / "docs" / "images"
        for old in target.glob("plan-94-page-*.png"):
            old.unlink()
        for image in sorted(tmp_path.glob("plan_94-*.png")):
            number = int(image.stem.rsplit("-", 1)[1])
            shutil.copyfile(image, target / f"plan-94-page-{number}.png")


def test_the_second_sample_plan_prints_in_the_official_layout(tmp_path: Path, fonts: FontChoice) -> None:
    """plan_so_ket_giua_nhiem_ky_huyen.txt, numbered and dated as the office would issue it."""
    import datetime
    from dataclasses import replace

    from desktop_app.services.demo_content import demo_documents
    PLAN_SO_KET = demo_documents().plan_so_ket

    issued = replace(
        PLAN_SO_KET,
        number=DocumentNumber(34, 2020, "KH", "LĐLĐ"),
        header=replace(PLAN_SO_KET.header, issue_date=datetime.date(2020, 10, 20)),
    )
    assert validate_for_issue(issued) == []
    pdf = tmp_path / "so-ket.pdf"
    result = render_official_pdf(issued, pdf, fonts=fonts)
    assert result.pages >= 3
    assert layout_failures(pdf) == {}
    text = pdftotext(pdf, "-layout")
    assert "Số: 34/KH-LĐLĐ" in text
    assert "Các công đoàn cơ sở: Trước ngày 30/11/2020." in text
    assert "III. HÌNH THỨC VÀ THỜI GIAN THỰC HIỆN" in text
    # Page images a person can compare with the sample; CONGDOAN_WRITE_DOC_IMAGES=1 refreshes the ones in docs/.
    subprocess.run([tool("pdftoppm"), "-r", "60", "-png", str(pdf), str(tmp_path / "so-ket")], check=True)
    images = sorted(tmp_path.glob("so-ket-*.png"))
    assert len(images) == result.pages
    if os.environ.get("CONGDOAN_WRITE_DOC_IMAGES") == "1":
        target = ROOT / "docs" / "images"
        for old in target.glob("plan-so-ket-page-*.png"):
            old.unlink()
        for image in images:
            shutil.copyfile(image, target / f"plan-so-ket-page-{int(image.stem.rsplit('-', 1)[1])}.png")


# --------------------------------------------------------------------------- drafts, basis lines, sub-headings


def test_basis_lines_end_with_a_semicolon_and_the_last_with_a_full_stop() -> None:
    """Decree 30, box 6: the readiness check names every basis line that ends otherwise, and issuing refuses."""
    from dataclasses import replace

    from desktop_app.domain.documents import BasisLine

    def basis(*texts: str) -> list[str]:
        return [p for p in validate_for_issue(replace(PLAN_94, basis=tuple(BasisLine(t) for t in texts)))
                if "căn cứ" in p]

    assert basis("Căn cứ Điều lệ Công đoàn Việt Nam;", "Thực hiện Kế hoạch số 213/KH-LĐLĐ.") == []
    assert basis("Thực hiện Kế hoạch số 213/KH-LĐLĐ.") == []
    assert basis() == []
    assert basis("Căn cứ Điều lệ Công đoàn Việt Nam;", "Thực hiện Kế hoạch số 213/KH-LĐLĐ;") == [
        "Dòng căn cứ cuối (2) phải kết thúc bằng dấu «.»: «Thực hiện Kế hoạch số 213/KH-LĐLĐ;»."]
    assert basis("Căn cứ Điều lệ Công đoàn Việt Nam.", "Căn cứ Nghị quyết", "Thực hiện Kế hoạch.") == [
        "Dòng căn cứ 1 phải kết thúc bằng dấu «;»: «Căn cứ Điều lệ Công đoàn Việt Nam.».",
        "Dòng căn cứ 2 phải kết thúc bằng dấu «;»: «Căn cứ Nghị quyết».",
    ]
    assert basis("Thực hiện Kế hoạch;.") == ["Dòng căn cứ cuối (1) phải kết thúc bằng dấu «.»: «Thực hiện Kế hoạch;.»."]
    long_line = "Thực hiện Kế hoạch số 213/KH-LĐLĐ ngày 22/3/2021 của Ban Thường vụ Liên đoàn Lao động tỉnh Tây Ninh;"
    assert basis(long_line) == [f"Dòng căn cứ cuối (1) phải kết thúc bằng dấu «.»: «…{long_line[-60:]}»."]


def _undated(doc: OfficialDocument, number: DocumentNumber | None) -> OfficialDocument:
    from dataclasses import replace

    return replace(doc, number=number, header=replace(doc.header, issue_date=None))


def test_an_undated_draft_leaves_room_for_the_day_and_month_and_prints_the_year(tmp_path: Path,
                                                                             fonts: FontChoice) -> None:
    from docx import Document

    from desktop_app.files.docx.official import export_official_docx

    unnumbered = DocumentNumber(None, 2021, "KH", "LĐLĐ")
    for number, year in ((unnumbered, "2021"), (None, "")):
        doc = _undated(PLAN_94, number)
        pdf = tmp_path / f"draft-{year or 'x'}.pdf"
        render_official_pdf(doc, pdf, fonts)
        text = " ".join(pdftotext(pdf, "-raw", page=1).split())
        assert f"Huyện Dương Minh Châu, ngày tháng năm {year}".strip() in text
        with pdfplumber.open(pdf) as document:
            page = document.pages[0]
            line = [w for w in page.extract_words(keep_blank_chars=False) if w["top"] < 60 * MM
                    and w["text"] in ("ngày", "tháng", "năm", "2021")]
            words = {w["text"]: w for w in line}
            # Room to write "28" and "12" by hand between the words, and the date still on one line.
            assert words["tháng"]["x0"] - words["ngày"]["x1"] > 6 * MM
            assert words["năm"]["x0"] - words["tháng"]["x1"] > 6 * MM
            assert len({round(w["top"]) for w in line}) == 1
            assert max(w["x1"] for w in line) <= page.width - 15 * MM
        word = export_official_docx(doc, tmp_path / f"draft-{year or 'x'}.docx")
        cells = [" ".join(p.text.split()) for t in Document(str(word)).tables for c in t._cells for p in c.paragraphs]
        assert f"Huyện Dương Minh Châu, ngày tháng năm {year}".strip() in cells
    # A dated document prints as before: single spaces, the decree's padding.
    assert PLAN_94.place_date() == "Huyện Dương Minh Châu, ngày 24 tháng 3 năm 2021"


def test_sub_headings_of_one_outline_level_print_alike_in_every_document(tmp_path: Path, fonts: FontChoice) -> None:
    """Plan 34 enters "2. Tồn tại, hạn chế" as a numbered item over its paragraph; the mid-term template enters the
    same heading as a level-2 section: both print as the level-2 heading (bold), in the PDF and in Word."""
    from dataclasses import replace

    from docx import Document

    from desktop_app.services.demo_content import demo_documents
    PLAN_SO_KET = demo_documents().plan_so_ket
    from desktop_app.domain.documents import reads_as_heading
    from desktop_app.files.docx.official import export_official_docx

    as_section = replace(PLAN_94, body=(Section("Nội dung", 1, (
        Section("Đánh giá kết quả", 2, (Paragraph("Đánh giá quá trình triển khai."),)),
        Section("Tồn tại, hạn chế", 2, (Paragraph("Đánh giá những khó khăn."),)),
        ListItem("Kiến nghị: Của cán bộ, đoàn viên.", "1."),
    )),))
    as_item = replace(PLAN_94, body=(Section("Nội dung", 1, (
        ListItem("Đánh giá quá trình triển khai, trong đó:", "1.", (ListItem("Đại diện.", "-"),)),
        ListItem("Tồn tại, hạn chế", "1.", (Paragraph("Đánh giá những khó khăn."),)),
    )),))
    assert [reads_as_heading(n) for n in as_item.body[0].children] == [False, True]

    def fonts_of(doc: OfficialDocument, name: str, text: str) -> set[str]:
        pdf = tmp_path / f"{name}.pdf"
        render_official_pdf(doc, pdf, fonts)
        with pdfplumber.open(pdf) as document:
            for page in document.pages:
                for line in page.extract_text_lines():
                    if line["text"].endswith(text):
                        return {c["fontname"].split("+")[-1] for c in line["chars"] if not c["text"].isspace()}
        raise AssertionError(f"«{text}» not printed in {name}")

    bold = {fonts.bold}
    assert fonts_of(as_section, "section", "2. Tồn tại, hạn chế") == fonts_of(as_item, "item", "2. Tồn tại, hạn chế")
    assert fonts_of(as_item, "item", "2. Tồn tại, hạn chế") == bold
    # A numbered sentence stays body text, with or without items under it.
    assert fonts_of(as_item, "item", "1. Đánh giá quá trình triển khai, trong đó:") == {fonts.regular}
    assert fonts_of(as_section, "section", "1. Kiến nghị: Của cán bộ, đoàn viên.") == {fonts.regular}

    issued = replace(PLAN_SO_KET, number=DocumentNumber(34, 2020, "KH", "LĐLĐ"),
                     header=replace(PLAN_SO_KET.header, issue_date=datetime.date(2020, 10, 20)))
    for heading in ("2. Tồn tại, hạn chế", "3. Dự báo tình hình", "1. Hình thức", "2. Thời gian thực hiện"):
        assert fonts_of(issued, "so-ket", heading) == bold, heading
    word = Document(str(export_official_docx(issued, tmp_path / "so-ket.docx")))
    styles = {" ".join(p.text.split()): p.style.name for p in word.paragraphs}
    sentence = next(text for text in styles if text.startswith("1. Đánh giá quá trình triển khai"))
    assert styles["2. Tồn tại, hạn chế"] == styles["3. Dự báo tình hình"] == styles["II. NỘI DUNG"] != styles[sentence]


def test_a_letter_to_sixty_addressees_goes_on_to_the_next_page(tmp_path: Path, fonts: FontChoice) -> None:
    # One table cell holding every name was taller than a page: the letter failed to print at all.
    names = tuple(f"Công đoàn Trường Tiểu học Ấp {i} xã Phước Minh;" for i in range(1, 61))
    pdf = tmp_path / "many.pdf"
    result = render_official_pdf(replace(LETTER_12, addressees=names), pdf, fonts)
    assert result.pages >= 2
    text = " ".join(pdftotext(pdf, "-raw").split())
    assert text.count("Kính gửi:") == 1
    assert all(name.rstrip(";") in text for name in names)
