"""Editing a plan's task deadline offers to move the report requests made from that task."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop_app.bootstrap import AppContext
from desktop_app.domain.documents import DOCUMENT_TYPES, Header, OfficialDocument, Paragraph, Recipients, Task
from desktop_app.domain.units import UnitDraft
from desktop_app.ui.pages.documents.page import DocumentsPage, DocumentsPageDeps
from tests.conftest import TODAY
from tests.gui.helpers import when_modal


def plan_with_request(context: AppContext) -> tuple[int, int]:
    context.units.create(UnitDraft(code="CD01", name="Công đoàn Trường Tiểu học Phước Minh A", sector="HCSN"))
    kind = next(t for t in DOCUMENT_TYPES if t.code == "KH")
    doc = context.documents.create_draft(OfficialDocument(
        type=kind, number=None,
        header=Header("LĐLĐ TỈNH TÂY NINH", "LĐLĐ HUYỆN DƯƠNG MINH CHÂU", "Huyện Dương Minh Châu"),
        summary="Kế hoạch sơ kết", body=(Paragraph("Nội dung."), Task(
            "Gửi báo cáo sơ kết", who="Các CĐCS", timing="Trước ngày 27/11/2026")),
        recipients=Recipients(("- Các CĐCS;",)),
    ))
    task_uuid = context.tracking.candidate_tasks(doc.id)[0][0]
    draft = context.tracking.draft_from_task(doc.id, task_uuid)
    request = context.tracking.create_request(replace(draft, issued_on=date(2026, 11, 2)))
    return doc.id, request.id


def move_deadline(context: AppContext, doc_id: int, timing: str) -> None:
    stored = context.documents.get(doc_id).document
    body = list(stored.body)
    assert isinstance(body[1], Task)
    body[1] = replace(body[1], timing=timing)
    context.documents.update_draft(doc_id, replace(stored, body=tuple(body)))


def page(qtbot: QtBot, context: AppContext) -> DocumentsPage:
    shown = DocumentsPage(DocumentsPageDeps(context.documents, context.registers, context.templates, lambda: TODAY,
                                            context.tracking))
    qtbot.addWidget(shown)
    shown.show()
    return shown


def test_the_clerk_is_asked_and_the_request_follows_the_plan(qtbot: QtBot, context: AppContext) -> None:
    doc_id, request_id = plan_with_request(context)
    move_deadline(context, doc_id, "Trước ngày 30/11/2026")
    shown = page(qtbot, context)
    seen: list[str] = []

    def agree(box: QMessageBox) -> None:  # type: ignore[override]
        seen.append(box.text())
        next(b for b in box.buttons() if b.text() == "Dời hạn").click()

    when_modal(agree, QMessageBox)  # type: ignore[arg-type]
    shown.documents_tab.offer_to_move_requests(doc_id)
    assert "«Gửi báo cáo sơ kết»: 27/11/2026 → 30/11/2026" in seen[0]
    assert context.tracking.request(request_id).due == date(2026, 11, 30)
    # nothing left to move: no question the next time
    shown.documents_tab.offer_to_move_requests(doc_id)


def test_keeping_the_old_deadline_changes_nothing(qtbot: QtBot, context: AppContext) -> None:
    doc_id, request_id = plan_with_request(context)
    move_deadline(context, doc_id, "Trước ngày 30/11/2026")
    shown = page(qtbot, context)
    when_modal(lambda box: next(b for b in box.buttons() if b.text() == "Giữ hạn cũ").click(),  # type: ignore[attr-defined]
               QMessageBox)
    shown.documents_tab.offer_to_move_requests(doc_id)
    assert context.tracking.request(request_id).due == date(2026, 11, 27)
