"""What the document editor relies on: blank drafts, basis lines from the incoming register, the copies
kept while editing (nothing typed is lost on a crash), and previews of unsaved drafts."""

from __future__ import annotations

import datetime
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from desktop_app.bootstrap import AppContext
from desktop_app.domain.documents import Paragraph, Section, Task, basis_text
from desktop_app.services.errors import UserError
from desktop_app.services.registers import IncomingDraft

REPORT_TASK = Task("Gửi báo cáo", "Các CĐCS", "Thời gian hoàn thành: Quý II/2027")


def test_basis_line_reads_the_kind_from_state_and_party_symbols() -> None:
    state = basis_text("213/KH - LĐLĐ", datetime.date(2021, 3, 22), "Ban Thường vụ Liên đoàn Lao động tỉnh Tây Ninh",
                       "Kế hoạch thực hiện Chương trình hành động số 13-CTr/TU")
    assert state == ("Thực hiện Kế hoạch số 213/KH-LĐLĐ ngày 22/3/2021 của Ban Thường vụ Liên đoàn Lao động tỉnh "
                     "Tây Ninh về việc thực hiện Chương trình hành động số 13-CTr/TU;")
    party = basis_text("13-CTr/TU", datetime.date(2020, 12, 22), "Ban Chấp hành Đảng bộ tỉnh", "V/v thực hiện")
    assert party == ("Thực hiện Chương trình số 13-CTr/TU ngày 22/12/2020 của Ban Chấp hành Đảng bộ tỉnh "
                     "về việc thực hiện;")
    assert basis_text("", None, "UBND huyện", "") == "Thực hiện văn bản của UBND huyện;"


def test_demo_plan_94_links_its_basis_to_the_incoming_register(demo_context: AppContext) -> None:
    listed = next(r for r in demo_context.documents.list_documents() if r.symbol == "94/KH-LĐLĐ")
    plan = demo_context.documents.get(listed.id)
    linked = [b for b in plan.document.basis if b.incoming_uuid]
    assert linked, "the basis line citing 213/KH-LĐLĐ keeps its link"
    entry = demo_context.registers.incoming_entry(linked[0].incoming_uuid or "")
    assert entry is not None and entry.their_symbol == "213/KH-LĐLĐ"
    assert demo_context.registers.incoming_entry("no-such-uuid") is None


def test_recent_incoming_is_newest_first(context: AppContext) -> None:
    for day, sender in ((datetime.date(2026, 3, 1), "LĐLĐ tỉnh"), (datetime.date(2025, 5, 2), "Huyện ủy")):
        context.registers.register_incoming(IncomingDraft(arrived_on=day, sender=sender, summary="Kế hoạch"))
    assert [e.sender for e in context.registers.recent_incoming()] == ["LĐLĐ tỉnh", "Huyện ủy"]


def test_blank_draft_has_the_offices_header_signer_and_filing_line(context: AppContext) -> None:
    record = context.templates.create_blank("KH")
    doc = record.document
    assert doc.type.code == "KH" and doc.number is not None and doc.number.number is None
    assert doc.header.issuing_body == "Liên đoàn Lao động huyện Dương Minh Châu"
    assert doc.header.parent_body == "Liên đoàn Lao động tỉnh Tây Ninh"
    assert doc.signer is not None and doc.signer.name == "Nguyễn Văn An"
    assert doc.recipients.lines == ("- Lưu: VT.",)
    letter = context.templates.create_blank(None).document
    assert letter.type.is_letter and letter.number is not None and letter.number.symbol() == "/LĐLĐ-VP"
    with pytest.raises(UserError, match="Không có loại văn bản có mã «XX»"):
        context.templates.create_blank("XX")


def test_unsaved_copy_survives_until_saved_or_discarded(context: AppContext, db_path: Path) -> None:
    record = context.templates.create_blank("KH")
    assert context.documents.unsaved_copy(record) is None
    edited = replace(record.document, summary="Tổ chức Tháng Công nhân năm 2027",
                     body=(Section("Mục đích", 1, (REPORT_TASK,)),))
    context.documents.keep_unsaved(record, edited)
    folder = db_path.parent / "van-ban-dang-soan"
    assert [p.name for p in folder.iterdir()] == [f"{record.uuid}.json"]  # no half-written .tmp left behind

    copy = context.documents.unsaved_copy(record)
    assert copy is not None and copy.document == edited and copy.revision == record.revision

    # A copy equal to what is stored is not offered again; an unreadable one is ignored, not fatal.
    saved = context.documents.update_draft(record.id, edited)
    assert context.documents.unsaved_copy(saved) is None
    (folder / f"{record.uuid}.json").write_text("{not json", encoding="utf-8")
    assert context.documents.unsaved_copy(saved) is None
    context.documents.discard_unsaved(saved)
    assert not (folder / f"{record.uuid}.json").exists()


def test_unsaved_copy_names_the_folder_it_cannot_write(context: AppContext, db_path: Path) -> None:
    record = context.templates.create_blank("KH")
    (db_path.parent / "van-ban-dang-soan").write_text("a file where the folder should be", encoding="utf-8")
    with pytest.raises(UserError, match="van-ban-dang-soan"):
        context.documents.keep_unsaved(record, record.document)


def test_unsaved_draft_renders_for_preview(context: AppContext, tmp_path: Path) -> None:
    record = context.templates.create_blank("KH")
    doc = replace(record.document, summary="Tổ chức Tháng Công nhân năm 2027",
                  body=(Section("Mục đích, yêu cầu", 1, (Paragraph("Động viên đoàn viên."),
                                                         REPORT_TASK)),))
    out = tmp_path / "xem-truoc.pdf"
    context.documents.render_document_pdf(doc, out)
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], check=True, capture_output=True, text=True).stdout
    assert "I. MỤC ĐÍCH, YÊU CẦU" in text
    assert "Đơn vị thực hiện: Các CĐCS." in text and "Thời gian hoàn thành: Quý II/2027." in text
    # Nothing was stored: the preview is of what the editor holds.
    assert context.documents.get(record.id).document.summary == ""
