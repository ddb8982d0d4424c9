"""Templates on a real office: each shipped template becomes a draft that issues and prints in the Decree 30
layout (checked by tests/layout_check.py); broken template files are reported, not fatal."""

from __future__ import annotations

import dataclasses
import json
import shutil
from datetime import date
from pathlib import Path

import pdfplumber
import pytest
from docx import Document
from docx.oxml.ns import qn

from desktop_app.bootstrap import AppContext
from desktop_app.domain.deadlines import parse_timing
from desktop_app.domain.documents import (
    Appendix,
    BodyNode,
    DocumentNumber,
    Header,
    ListItem,
    OfficialDocument,
    Paragraph,
    Task,
    appendix_note,
    document_from_dict,
    document_to_dict,
    document_type,
    instructions,
    outline,
    validate_for_issue,
)
from desktop_app.files.docx.official import export_official_docx
from desktop_app.files.pdf.fonts import choose_fonts
from desktop_app.files.pdf.official import render_official_pdf
from desktop_app.persistence.unit_of_work import UnitOfWork, UnitOfWorkFactory
from desktop_app.services.errors import NotFound, UserError
from desktop_app.services.templates import TemplateService
from tests.conftest import HOME_SETUP, TODAY
from tests.pdf_tools import MM, layout_failures, pdftotext, squeeze

SHIPPED = Path(__file__).resolve().parents[2] / "forms" / "templates"


def uow_factory(context: AppContext) -> UnitOfWorkFactory:
    return lambda: UnitOfWork(context.database.session_factory)


def examples(templates: TemplateService, template_id: str) -> dict[str, str]:
    return {f.name: f.example for f in templates.get(template_id).fields}


def test_lists_the_shipped_templates_in_vietnamese_order(context: AppContext) -> None:
    infos = context.templates.list_templates()
    assert [(i.id, i.type_code) for i in infos] == [
        ("bao-cao-ket-qua", "BC"),
        ("cong-van-don-doc", None),
        ("ke-hoach-so-ket-giua-nhiem-ky", "KH"),
        ("ke-hoach-thuc-hien-chuong-trinh-nghi-quyet", "KH"),
    ]
    assert [i.type_name for i in infos] == ["Báo cáo", "Công văn", "Kế hoạch", "Kế hoạch"]
    assert all(i.path.is_file() and i.path.parent == SHIPPED for i in infos)
    assert context.templates.problems() == []


@pytest.mark.parametrize(
    "template_id",
    [
        "ke-hoach-so-ket-giua-nhiem-ky",
        "ke-hoach-thuc-hien-chuong-trinh-nghi-quyet",
        "bao-cao-ket-qua",
        "cong-van-don-doc",
    ],
)
def test_a_draft_from_each_template_issues_and_prints_in_the_official_layout(
    context: AppContext, tmp_path: Path, template_id: str
) -> None:
    record = context.templates.create_from_template(template_id, examples(context.templates, template_id))
    assert record.status == "draft" and record.symbol == "" and record.issue_date is None
    doc = record.document
    # Not numbered yet, but the draft knows its symbol, as a blank draft does.
    office = "VP" if doc.type.is_letter else ""
    assert doc.number == DocumentNumber(None, 2026, doc.type.code, HOME_SETUP.abbreviation, office)
    assert doc.header.issue_date is None
    assert doc.header.issuing_body == HOME_SETUP.name and doc.header.parent_body == HOME_SETUP.parent_name
    assert doc.header.place == HOME_SETUP.place_name
    assert doc.signer is not None and doc.signer.name == HOME_SETUP.signer.name
    assert "{" not in json.dumps(record.summary) and record.id in {r.id for r in context.documents.list_documents()}

    if instructions(doc):
        with pytest.raises(UserError, match="lời hướng dẫn của mẫu"):
            context.documents.issue(record.id, date(2026, 11, 20), drafting_office=office)
        assert context.documents.get(record.id).status == "draft"
        record = context.documents.update_draft(record.id, replace_instructions(doc))
    # A letter's symbol names the drafting office (the issue dialog proposes VP).
    issued = context.documents.issue(record.id, date(2026, 11, 20), drafting_office=office)
    assert issued.symbol == ("01/LĐLĐ-VP" if doc.type.is_letter else f"01/{doc.type.code}-LĐLĐ")
    pdf = tmp_path / f"{template_id}.pdf"
    result = render_official_pdf(issued.document, pdf, choose_fonts())
    assert result.pages >= 1
    assert layout_failures(pdf, letter=doc.type.is_letter) == {}
    text = " ".join(pdftotext(pdf, "-raw").split())
    assert f"Số: {issued.symbol}" in text
    summary = doc.subject_line if doc.type.is_letter else doc.summary
    assert " ".join(summary.split()) in text
    assert "2026" in text and "{" not in text and "}" not in text


def replace_instructions(doc: OfficialDocument) -> OfficialDocument:
    """The draft as a clerk leaves it after writing over every instruction of the template."""

    def written(node: BodyNode) -> BodyNode:
        if isinstance(node, Paragraph):
            return dataclasses.replace(node, text="Đã thực hiện đầy đủ.") if node.is_instruction else node
        children = tuple(written(child) for child in node.children)
        if type(node) is ListItem and node.is_instruction:
            return dataclasses.replace(node, text="Đã thực hiện đầy đủ.", children=children)
        return dataclasses.replace(node, children=children)

    return dataclasses.replace(doc, body=tuple(written(node) for node in doc.body))


@pytest.mark.parametrize("template_id", ["ke-hoach-so-ket-giua-nhiem-ky", "bao-cao-ket-qua", "cong-van-don-doc"])
def test_a_template_draft_prints_its_symbol_and_leaves_room_for_number_and_date(
    context: AppContext, tmp_path: Path, template_id: str
) -> None:
    record = context.templates.create_from_template(template_id, examples(context.templates, template_id))
    doc = dataclasses.replace(record.document, appendices=(Appendix("Danh sách công đoàn cơ sở"),))
    symbol = "/LĐLĐ-VP" if doc.type.is_letter else f"/{doc.type.code}-LĐLĐ"
    kind = doc.type.name[:1].upper() + doc.type.name[1:]
    pdf = tmp_path / "draft.pdf"
    render_official_pdf(doc, pdf, choose_fonts())
    text = squeeze(pdftotext(pdf, "-raw"))
    assert f"Số: {symbol}" in text
    assert "Huyện Dương Minh Châu, ngày tháng năm 2026" in text
    assert f"(Kèm theo {kind} số {symbol} ngày / /2026 của Liên đoàn Lao động huyện Dương Minh Châu)" in text
    with pdfplumber.open(pdf) as document:
        first = document.pages[0]
        number = first.search("Số:")[0]
        slash = next(c for c in first.chars if c["text"] == "/" and abs(c["top"] - number["top"]) < 2)
        day, month = first.search("ngày")[0], first.search("tháng")[0]
        # Room to write the number, the day and the month by hand (a printed "28" is about 4.6 mm wide).
        assert slash["x0"] - number["x1"] > 6 * MM and month["x0"] - day["x1"] > 6 * MM
        last = document.pages[-1]
        word_so = next(w for w in last.extract_words() if w["text"] == "số")
        note_slash = next(c for c in last.chars if c["text"] == "/" and abs(c["top"] - word_so["top"]) < 2)
        assert note_slash["x0"] - word_so["x1"] > 6 * MM, "room for the number in the appendix note"

    word = tmp_path / "draft.docx"
    export_official_docx(doc, word)
    lines = [squeeze(p.text) for table in Document(str(word)).tables for cell in table._cells for p in cell.paragraphs]
    assert f"Số: {symbol}" in lines and "Huyện Dương Minh Châu, ngày tháng năm 2026" in lines
    # Word keeps the blanks as typed: spaces it is told to preserve (Writer sets no-break spaces wider).
    body = Document(str(word)).element.body
    dates = [t for t in body.iter(qn("w:t")) if (t.text or "").startswith("Huyện Dương Minh Châu, ngày")]
    assert len(dates) == 1 and " " * 6 in dates[0].text and dates[0].get(qn("xml:space")) == "preserve"
    notes = [t for t in body.iter(qn("w:t")) if "Kèm theo" in (t.text or "")]
    assert notes and " " * 6 + symbol in notes[0].text and notes[0].get(qn("xml:space")) == "preserve"
    # No-break spaces: a run of ordinary ones would collapse to one in the PDF.
    assert "\u00a0" * 6 + symbol in appendix_note(doc) and "\u00a0" * 6 + "/2026" in appendix_note(doc)


def numbered(doc: OfficialDocument) -> OfficialDocument:
    """The draft with the number and date issuing would give it."""
    assert doc.number is not None
    return dataclasses.replace(doc, number=dataclasses.replace(doc.number, number=1),
                               header=dataclasses.replace(doc.header, issue_date=TODAY))


def test_the_report_templates_instructions_block_issuing_until_written_over(context: AppContext) -> None:
    record = context.templates.create_from_template("bao-cao-ket-qua", examples(context.templates, "bao-cao-ket-qua"))
    doc = record.document
    found = instructions(doc)
    assert found and all(node.is_instruction for _where, node in found)
    where = dict((node.text, place) for place, node in found)
    assert where["Nêu những thuận lợi trong quá trình triển khai thực hiện."] == "mục I.1"
    cause = "Nêu các nguyên nhân từ bên ngoài (tình hình kinh tế - xã hội, doanh nghiệp, chính sách)."
    assert where[cause] == "mục III.2.1"
    # One message names every place (the editor shows the list on one line), and the first prompt.
    assert validate_for_issue(numbered(doc)) == [
        f"Còn {len(found)} lời hướng dẫn của mẫu chưa thay bằng nội dung thật (mục I.1, mục I.2, mục II.1, mục II.2, "
        "mục II.3, mục III.1, mục III.2.1, mục III.2.2, mục IV, mục V), như ở mục I.1: «Nêu những thuận lợi trong "
        "quá trình triển khai thực hiện.»."]
    # One left, in an appendix under its own numbering.
    one = dataclasses.replace(replace_instructions(doc), appendices=(
        Appendix("Danh sách"), Appendix("Số liệu", body=(Paragraph("Trước mục."), ListItem(
            "Nêu số liệu theo mẫu biểu, so sánh với cùng kỳ năm trước và với chỉ tiêu cả nhiệm kỳ đã đề ra.", "1.",
            instruction="Nêu số liệu theo mẫu biểu, so sánh với cùng kỳ năm trước và với chỉ tiêu cả nhiệm kỳ "
                        "đã đề ra."))),
    ))
    assert validate_for_issue(numbered(one)) == [
        "Còn lời hướng dẫn của mẫu ở Phụ lục II, phần mở đầu: «Nêu số liệu theo mẫu biểu, so sánh với cùng kỳ năm "
        "trước và…»; hãy thay bằng nội dung thật."]
    # The mark is kept through a save and reopening; writing over the text (all the editor changes) clears it.
    stored = context.documents.get(record.id).document
    assert document_from_dict(json.loads(json.dumps(document_to_dict(stored)))) == stored
    assert len(instructions(stored)) == len(found)
    first = next(e for e in outline(stored.body) if isinstance(e.node, Paragraph) and e.node.is_instruction)
    assert isinstance(first.node, Paragraph)
    assert not dataclasses.replace(first.node, text="Có nhiều thuận lợi.").is_instruction
    assert dataclasses.replace(first.node, text=first.node.text + " Thêm ý.").is_instruction
    assert validate_for_issue(numbered(replace_instructions(doc))) == []


def test_drafts_saved_before_instructions_were_marked_still_open() -> None:
    old = {"kind": "paragraph", "text": "Nêu những thuận lợi."}
    data = document_to_dict(OfficialDocument(type=document_type("KH"), number=None, header=Header("", "LĐLĐ", "Huyện")))
    data["body"] = [old, {"kind": "item", "text": "Một việc.", "marker": "-", "children": []}]
    doc = document_from_dict(data)
    assert doc.body == (Paragraph("Nêu những thuận lợi."), ListItem("Một việc."))
    assert instructions(doc) == []
    # And a document without instructions writes the same JSON as before (no new key).
    assert document_to_dict(doc)["body"][0] == {"kind": "paragraph", "text": "Nêu những thuận lợi."}


def test_the_templates_timing_lines_are_tasks_with_understood_deadlines(context: AppContext) -> None:
    values = {**examples(context.templates, "ke-hoach-so-ket-giua-nhiem-ky"), "cdcs_deadline": "15/3/2027"}
    doc = context.templates.create_from_template("ke-hoach-so-ket-giua-nhiem-ky", values).document
    tasks = [e.node for e in outline(doc.body) if isinstance(e.node, Task)]
    assert [(t.who, t.timing) for t in tasks] == [
        ("Các công đoàn cơ sở", "Thời gian hoàn thành: trước ngày 15/3/2027"),
        ("Ban Thường vụ LĐLĐ huyện Dương Minh Châu", "Thời gian thực hiện: tháng 12/2026"),
    ]
    assert [parse_timing(t.timing, reference_year=2026).deadline for t in tasks] == [date(2027, 3, 15),
                                                                                     date(2026, 12, 31)]
    programme = "ke-hoach-thuc-hien-chuong-trinh-nghi-quyet"
    plan = context.templates.create_from_template(programme, examples(context.templates, programme)).document
    timed = [e.node for e in outline(plan.body) if isinstance(e.node, Task)]
    assert len(timed) == 4 and all(parse_timing(t.timing, reference_year=2026).understood for t in timed)
    # No timing line is left as plain text in any template's draft: each belongs to a task.
    for info in context.templates.list_templates():
        draft = context.templates.create_from_template(info.id, examples(context.templates, info.id)).document
        plain = [e.node.text for e in outline(draft.body) if isinstance(e.node, Paragraph | ListItem)
                 and type(e.node) is not Task and e.node.text.startswith("Thời gian")]
        assert plain == [], info.id


@pytest.mark.parametrize("template_id", ["ke-hoach-so-ket-giua-nhiem-ky", "ke-hoach-thuc-hien-chuong-trinh-nghi-quyet",
                                         "bao-cao-ket-qua", "cong-van-don-doc"])
def test_the_templates_basis_lines_end_as_the_decree_says(context: AppContext, template_id: str) -> None:
    doc = context.templates.create_from_template(template_id, examples(context.templates, template_id)).document
    assert doc.basis
    assert all(b.text.endswith(";") for b in doc.basis[:-1]) and doc.basis[-1].text.endswith(".")


def test_the_year_placeholder_follows_the_clock(context: AppContext) -> None:
    templates = TemplateService(uow_factory(context), lambda: date(2031, 1, 2))
    template_id = "ke-hoach-thuc-hien-chuong-trinh-nghi-quyet"
    record = templates.create_from_template(template_id, examples(templates, template_id))
    assert "Quý IV/2031" in json.dumps(document_to_dict(record.document), ensure_ascii=False)


def test_missing_or_unknown_values_are_refused_and_create_nothing(context: AppContext) -> None:
    values = examples(context.templates, "cong-van-don-doc")
    del values["deadline"]
    values["units"] = "   "
    with pytest.raises(UserError, match=r"Chưa nhập: «CĐCS chưa gửi .*», «Hạn gửi»"):
        context.templates.create_from_template("cong-van-don-doc", values)
    with pytest.raises(UserError, match="không có trường: nhiem_ky"):
        context.templates.create_from_template("bao-cao-ket-qua", {"nhiem_ky": "2023-2028"})
    with pytest.raises(UserError, match="Hạn gửi: Ngày không hợp lệ"):
        context.templates.create_from_template(
            "cong-van-don-doc", {**examples(context.templates, "cong-van-don-doc"), "deadline": "30/2/2026"}
        )
    with pytest.raises(NotFound, match="Không có mẫu văn bản «khong-co»"):
        context.templates.create_from_template("khong-co")
    assert context.documents.list_documents() == []


def test_an_office_not_set_up_yet_is_told_so(empty_context: AppContext) -> None:
    with pytest.raises(UserError, match="Chưa khai báo đơn vị"):
        empty_context.templates.create_from_template(
            "bao-cao-ket-qua", examples(empty_context.templates, "bao-cao-ket-qua")
        )


def test_a_broken_file_is_reported_with_its_name_and_the_others_stay_usable(
    context: AppContext, tmp_path: Path
) -> None:
    folder = tmp_path / "mau"
    folder.mkdir()
    shutil.copy(SHIPPED / "bao-cao-ket-qua.json", folder)
    (folder / "hong-json.json").write_text('{"id": "hong-json", "title": ', encoding="utf-8")
    broken = json.loads((SHIPPED / "bao-cao-ket-qua.json").read_text(encoding="utf-8"))
    broken["id"], broken["type"] = "loai-la", "XYZ"
    (folder / "loai-la.json").write_text(json.dumps(broken, ensure_ascii=False), encoding="utf-8")
    renamed = dict(broken, id="ten-khac", type="BC")
    (folder / "doi-ten.json").write_text(json.dumps(renamed, ensure_ascii=False), encoding="utf-8")
    (folder / "latin1.json").write_bytes('{"title": "Báo cáo"}'.encode("latin-1"))
    # Vietnamese order puts Đ after D and before E (code points put it after every ASCII letter).
    for stem, title in (("d", "Dự thảo"), ("dd", "Đề án"), ("e", "Em")):
        (folder / f"{stem}.json").write_text(json.dumps(dict(renamed, id=stem, title=title), ensure_ascii=False))

    templates = TemplateService(uow_factory(context), lambda: date(2026, 11, 21), folder)
    assert [i.title for i in templates.list_templates()] == [
        "Báo cáo kết quả thực hiện",
        "Dự thảo",
        "Đề án",
        "Em",
    ]
    problems = {p.file_name: str(p) for p in templates.problems()}
    assert set(problems) == {"hong-json.json", "loai-la.json", "doi-ten.json", "latin1.json"}
    assert problems["hong-json.json"].startswith("Mẫu văn bản «hong-json.json»: không đọc được JSON ở dòng 1")
    assert problems["loai-la.json"] == "Mẫu văn bản «loai-la.json», mục «type»: Không có loại văn bản có mã «XYZ»."
    assert "mã mẫu «ten-khac» phải trùng tên tệp «doi-ten»" in problems["doi-ten.json"]
    assert "không phải văn bản UTF-8" in problems["latin1.json"]
    assert templates.create_from_template("bao-cao-ket-qua", examples(templates, "bao-cao-ket-qua")).id > 0


def test_a_missing_folder_is_a_problem_not_a_crash(context: AppContext, tmp_path: Path) -> None:
    templates = TemplateService(uow_factory(context), folder=tmp_path / "khong-co")
    assert templates.list_templates() == []
    assert "Không thấy thư mục mẫu văn bản" in str(templates.problems()[0])


def test_details_show_the_office_names_in_the_preview(context: AppContext) -> None:
    details = context.templates.details("ke-hoach-thuc-hien-chuong-trinh-nghi-quyet")
    assert details.summary == "Thực hiện [Chương trình, nghị quyết được thực hiện]"
    assert details.headings == ("I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG VÀ GIẢI PHÁP THỰC HIỆN", "III. TỔ CHỨC THỰC HIỆN")
    assert [f.name for f in details.fields] == ["programme", "upstream_plan"]
