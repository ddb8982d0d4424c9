"""Templates on a real office: each shipped template becomes a draft that issues and prints in the Decree 30
layout (checked by tests/layout_check.py); broken template files are reported, not fatal."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from desktop_app.bootstrap import AppContext
from desktop_app.domain.documents import document_to_dict
from desktop_app.files.pdf.fonts import choose_fonts
from desktop_app.files.pdf.official import render_official_pdf
from desktop_app.persistence.unit_of_work import UnitOfWork, UnitOfWorkFactory
from desktop_app.services.errors import NotFound, UserError
from desktop_app.services.templates import TemplateService
from tests.conftest import HOME_SETUP
from tests.pdf_tools import layout_failures, pdftotext

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
    assert doc.number is None and doc.header.issue_date is None
    assert doc.header.issuing_body == HOME_SETUP.name and doc.header.parent_body == HOME_SETUP.parent_name
    assert doc.header.place == HOME_SETUP.place_name
    assert doc.signer is not None and doc.signer.name == HOME_SETUP.signer.name
    assert "{" not in json.dumps(record.summary) and record in context.documents.list_documents()

    # A letter's symbol names the drafting office (the issue dialog proposes VP).
    office = "VP" if doc.type.is_letter else ""
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
