"""Outgoing documents on a real database: drafts, issuing with a register number, read-only, versions."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from desktop_app.bootstrap import AppContext
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
    Task,
    document_type,
    outline,
)
from desktop_app.domain.registers import NumberRequest
from desktop_app.services.errors import Conflict, UserError

HEADER = Header("LIÊN ĐOÀN LAO ĐỘNG TỈNH TÂY NINH", "LIÊN ĐOÀN LAO ĐỘNG HUYỆN DƯƠNG MINH CHÂU", "Huyện Dương Minh Châu")
SIGNER = SignerBlock("TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "Nguyễn Văn An")


def plan(summary: str = "Sơ kết giữa nhiệm kỳ thực hiện Nghị quyết Đại hội IX Công đoàn huyện") -> OfficialDocument:
    return OfficialDocument(
        type=document_type("KH"),
        number=None,
        header=HEADER,
        summary=summary,
        body=(
            Section("Mục đích, yêu cầu", 1, (ListItem("Đánh giá kết quả thực hiện các chỉ tiêu.", "1."),)),
            Section("Tổ chức thực hiện", 1, (Paragraph("Các CĐCS gửi báo cáo trước ngày 15/11/2026."),)),
        ),
        closing=(Paragraph("Trên đây là Kế hoạch sơ kết giữa nhiệm kỳ./."),),
        recipients=Recipients(("- Thường trực LĐLĐ tỉnh;", "- CĐCS trực thuộc;", "- Lưu: VP.")),
        signer=SIGNER,
    )


def test_a_draft_is_issued_with_the_next_register_number(context: AppContext) -> None:
    context.registers.take_number(NumberRequest(date(2026, 3, 2), "BC", "Báo cáo tháng 2"))
    draft = context.documents.create_draft(plan())
    assert draft.status == "draft" and draft.symbol == ""
    issued = context.documents.issue(draft.id, issued_on=date(2026, 3, 24))
    assert issued.status == "issued"
    assert issued.symbol == "02/KH-LĐLĐ"
    assert issued.document.number == DocumentNumber(2, 2026, "KH", "LĐLĐ", "")
    assert issued.document.header.issue_date == date(2026, 3, 24)
    entries = context.registers.outgoing(2026)
    assert [(e.number, e.symbol, e.document_uuid) for e in entries][-1] == (2, "02/KH-LĐLĐ", draft.uuid)


def test_issued_documents_are_read_only_and_corrected_by_a_new_version(context: AppContext) -> None:
    issued = context.documents.issue(context.documents.create_draft(plan()).id, issued_on=date(2026, 3, 24))
    with pytest.raises(UserError, match="đã ban hành nên không sửa được"):
        context.documents.update_draft(issued.id, plan("Đổi trích yếu"))
    with pytest.raises(UserError, match="đã ban hành"):
        context.documents.issue(issued.id)
    correction = context.documents.new_version(issued.id)
    assert correction.status == "draft" and correction.version_of_id == issued.id
    assert correction.document.number is None and correction.document.header.issue_date is None
    assert context.documents.get(issued.id).summary == issued.summary


def test_issuing_without_summary_or_signer_names_the_field_and_takes_no_number(context: AppContext) -> None:
    incomplete = replace(plan(summary=""), signer=None)
    draft = context.documents.create_draft(incomplete)
    with pytest.raises(UserError) as failure:
        context.documents.issue(draft.id, issued_on=date(2026, 3, 24))
    assert "trích yếu" in str(failure.value)
    assert context.registers.outgoing(2026) == []
    no_signer = context.documents.create_draft(replace(plan(), signer=None))
    with pytest.raises(UserError, match="người ký"):
        context.documents.issue(no_signer.id, issued_on=date(2026, 3, 24))
    assert context.registers.outgoing(2026) == []
    assert context.documents.get(no_signer.id).status == "draft"


def test_a_letter_gets_an_issuer_office_symbol(context: AppContext) -> None:
    letter = OfficialDocument(
        type=LETTER,
        number=DocumentNumber(None, 2026, None, "LĐLĐ", "VP"),
        header=HEADER,
        subject="V/v đôn đốc gửi báo cáo sơ kết",
        addressees=("Ban Chấp hành các CĐCS trực thuộc",),
        body=(Paragraph("Đến nay còn 17 CĐCS chưa gửi báo cáo."),),
        recipients=Recipients(("- Như trên;", "- Lưu: VP.")),
        signer=SIGNER,
    )
    issued = context.documents.issue(context.documents.create_draft(letter).id, issued_on=date(2026, 11, 20))
    assert issued.symbol == "01/LĐLĐ-VP"
    assert issued.summary == "V/v đôn đốc gửi báo cáo sơ kết"


def test_drafts_detect_concurrent_edits_and_list_with_filters(context: AppContext) -> None:
    draft = context.documents.create_draft(plan())
    context.documents.update_draft(draft.id, plan("Kế hoạch tổ chức Tháng Công nhân"), expected_revision=1)
    with pytest.raises(Conflict):
        context.documents.update_draft(draft.id, plan("khác"), expected_revision=1)
    context.documents.issue(context.documents.create_draft(plan()).id, issued_on=date(2026, 3, 24))
    assert [r.summary for r in context.documents.list_documents(search="thang cong nhan")] == [
        "Kế hoạch tổ chức Tháng Công nhân"
    ]
    assert len(context.documents.list_documents(status="issued")) == 1
    assert len(context.documents.list_documents(type_code="KH")) == 2
    assert context.documents.list_documents(type_code="BC") == []


def test_the_demo_office_has_both_sample_plans_issued_and_the_documents_they_cite(demo_context: AppContext) -> None:
    # Newest first: the yearly plans of 2026 and 2025 the report requests come from, then the two sample plans.
    issued = demo_context.documents.list_documents(type_code="KH", status="issued")
    plan_2026, plan_2025, plan_94, plan_34 = (demo_context.documents.get(r.id) for r in issued)
    assert (plan_2026.symbol, plan_2025.symbol) == ("02/KH-LĐLĐ", "03/KH-LĐLĐ")
    [listed_draft] = demo_context.documents.list_documents(status="draft")
    draft = demo_context.documents.get(listed_draft.id)
    assert draft.summary.startswith("Tổ chức các hoạt động Tháng Công nhân") and draft.symbol == ""
    assert any(isinstance(e.node, Task) and e.node.who == "Các CĐCS" for e in outline(draft.document.body))
    assert plan_94.symbol == "94/KH-LĐLĐ" and plan_94.issued
    assert plan_34.symbol == "34/KH-LĐLĐ" and plan_34.issue_date == date(2020, 10, 20)
    assert plan_34.summary.startswith("Sơ kết giữa nhiệm kỳ")
    cited = demo_context.registers.incoming(2021) + demo_context.registers.incoming(2020)
    assert {e.their_symbol for e in cited} == {"13-CTr/TU", "213/KH-LĐLĐ", "166/KH-TLĐ"}
    province = next(e for e in cited if e.their_symbol == "213/KH-LĐLĐ")
    assert province.deadline == date(2025, 12, 31)
    by_uuid = {e.uuid: e.their_symbol for e in cited}
    # Each plan's first basis line is linked to the register entry it cites, not just named in the text.
    assert by_uuid[plan_94.document.basis[0].incoming_uuid or ""] == "213/KH-LĐLĐ"
    assert by_uuid[plan_34.document.basis[0].incoming_uuid or ""] == "166/KH-TLĐ"
    assert plan_34.document.basis[1].incoming_uuid is None  # "Chương trình làm việc toàn khóa": not registered
    for entry in cited:
        assert any(entry.their_symbol in line.text for line in plan_94.document.basis + plan_34.document.basis) or (
            entry.their_symbol in plan_94.summary
        )
    # The register keeps 94 and 34 as typed; the next plan of 2021 would be 95.
    assert [e.number for e in demo_context.registers.outgoing(2021)] == [94]
    assert [e.number for e in demo_context.registers.outgoing(2020)] == [34]


def test_a_draft_is_deleted_and_restored_with_its_uuid_but_an_issued_document_never(context: AppContext) -> None:
    context.registers.take_number(NumberRequest(date(2026, 3, 2), "BC", "Báo cáo tháng 2"))
    draft = context.documents.create_draft(plan("Kế hoạch sẽ xóa"))
    kept = context.documents.create_draft(plan("Kế hoạch giữ lại"))
    deleted = context.documents.delete_draft(draft.id)
    assert [r.summary for r in context.documents.list_documents()] == ["Kế hoạch giữ lại"]
    restored = context.documents.restore_draft(deleted)
    assert restored.uuid == draft.uuid and restored.document == draft.document and restored.status == "draft"
    assert {r.uuid for r in context.documents.list_documents()} == {draft.uuid, kept.uuid}
    with pytest.raises(UserError, match="đã có lại"):
        context.documents.restore_draft(deleted)
    issued = context.documents.issue(kept.id, date(2026, 3, 5))
    with pytest.raises(UserError, match="đã ban hành"):
        context.documents.delete_draft(issued.id)
    assert context.documents.get(issued.id).issued
    assert [e.document_uuid for e in context.registers.outgoing(2026)][-1] == kept.uuid
