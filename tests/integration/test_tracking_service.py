"""Report tracking over a real SQLite file: requests, intake, the rules a clerk relies on, the change log."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop_app.bootstrap import AppContext
from desktop_app.domain.documents import (
    DOCUMENT_TYPES,
    BasisLine,
    Header,
    OfficialDocument,
    Paragraph,
    Recipients,
    Task,
)
from desktop_app.domain.tracking import EXEMPT, LISTED, RECEIVED, RETURNED, SECTORS, Audience
from desktop_app.domain.units import UnitDraft
from desktop_app.persistence.models import SubmissionRow
from desktop_app.services.errors import UserError
from desktop_app.services.history import HistoryFilter
from desktop_app.services.registers import IncomingDraft
from desktop_app.services.tracking import Receipt, RequestDraft
from tests.conftest import TODAY  # Saturday 21/11/2026

ISSUED = date(2026, 11, 2)
DUE = date(2026, 11, 13)  # a Friday


@pytest.fixture
def office(context: AppContext) -> AppContext:
    units = [
        UnitDraft(code="CD01", name="Công đoàn Trường Tiểu học Phước Minh A", sector="HCSN"),
        UnitDraft(code="CD02", name="Công đoàn Trạm Y tế xã Suối Đá", sector="HCSN"),
        UnitDraft(code="CD03", name="Công đoàn Công ty TNHH Giày Đông Phương", sector="NNN"),
        UnitDraft(code="CD04", name="Công đoàn Trường THCS Chà Là", sector="HCSN", founded=date(2026, 11, 15)),
        UnitDraft(code="CD05", name="Công đoàn Công ty Cao su Tây Ninh", sector="NNN"),
    ]
    for draft in units:
        context.units.create(draft)
    return context


def request(context: AppContext, **changes: object) -> int:
    draft = RequestDraft(title="Báo cáo sơ kết 6 tháng", issued_on=ISSUED, due=DUE, period="6 tháng đầu năm 2026")
    return context.tracking.create_request(replace(draft, **changes)).id  # type: ignore[arg-type]


def submission_rows(context: AppContext) -> int:
    with context.database.session_factory() as session:
        return int(session.scalar(select(func.count()).select_from(SubmissionRow)) or 0)


def test_the_cycle_receive_figures_and_receiving_twice_updates_one_record(office: AppContext) -> None:
    rid = request(office)
    tracking = office.tracking
    assert tracking.request(rid).figures.expected == 4  # CD04 founded after the due date
    tracking.receive(rid, Receipt("CD01", date(2026, 11, 10), backdate_note="nhận bản giấy, nay mới vào sổ"))
    tracking.receive(rid, Receipt("cd02", date(2026, 11, 16), channel="email", backdate_note="thư điện tử hôm đó"))
    line = tracking.receive(rid, Receipt("CD03", channel="zalo"))
    assert line.received_on == TODAY and line.label == "Nộp muộn 8 ngày" and line.channel_label == "Zalo"
    figures = tracking.request(rid).figures
    assert (figures.expected, figures.received, figures.on_time, figures.late) == (4, 3, 1, 2)
    assert [u.code for u in figures.missing] == ["CD05"]
    assert figures.completeness == 0.75 and figures.timeliness == 0.25

    before = office.history.last_seq()
    again = tracking.receive(rid, Receipt("CD01", date(2026, 11, 12), backdate_note="sửa ngày ghi nhầm"))
    assert again.received_on == date(2026, 11, 12)
    assert submission_rows(office) == 3
    lines = office.history.changes(since=before)
    assert [(c.kind, c.operation) for c in lines] == [("submission", "update")]
    assert "đã nộp «Báo cáo sơ kết 6 tháng» ngày 12/11/2026 (bản giấy)" in lines[0].summary
    assert lines[0].actor  # who logged it


def test_impossible_received_dates_are_refused_with_the_reason_and_change_nothing(office: AppContext) -> None:
    rid = request(office)
    before = office.history.last_seq()
    for receipt, words in [
        (Receipt("CD01", date(2026, 11, 22)), "sau ngày hôm nay"),
        (Receipt("CD01", date(2026, 11, 1), backdate_note="x"), "trước ngày gửi yêu cầu"),
        (Receipt("CD01", date(2026, 11, 20)), "ghi lùi ngày"),
        (Receipt("CD99"), "Không có CĐCS mã «CD99»"),
        (Receipt("CD04"), "thành lập ngày 15/11/2026"),
        (Receipt("CD01", channel="pigeon"), "hình thức nhận"),
    ]:
        with pytest.raises(UserError, match=words):
            office.tracking.receive(rid, receipt)
    # a batch with one bad receipt logs none of them
    with pytest.raises(UserError, match="CD99"):
        office.tracking.receive_many(rid, [Receipt("CD01"), Receipt("CD99")])
    assert office.history.last_seq() == before
    assert submission_rows(office) == 0


def test_a_dissolved_cdcs_cannot_be_asked_nor_logged(office: AppContext) -> None:
    cd05 = office.units.by_code("CD05")
    office.units.dissolve(cd05.id, date(2026, 11, 10), "sáp nhập doanh nghiệp")
    with pytest.raises(UserError, match="đã giải thể ngày 10/11/2026"):
        request(office, audience=Audience(LISTED, units=(cd05.uuid,)))
    rid = request(office)
    assert office.tracking.request(rid).figures.expected == 3
    with pytest.raises(UserError, match="giải thể"):
        office.tracking.receive(rid, Receipt("CD05"))
    # sectors and all-but
    sector = office.tracking.request(request(office, audience=Audience(SECTORS, sectors=("NNN",))))
    assert [u.code for u in sector.figures.missing] == ["CD03"]
    cd01 = office.units.by_code("CD01")
    assert office.tracking.request(request(office, audience=Audience("all_but", units=(cd01.uuid,)))).figures \
        .expected == 2
    with pytest.raises(UserError, match="không thuộc danh sách"):
        office.tracking.receive(sector.id, Receipt("CD01"))


def test_exemption_needs_a_reason_and_leaves_the_expected_count(office: AppContext) -> None:
    rid = request(office)
    with pytest.raises(UserError, match="lý do"):
        office.tracking.exempt(rid, ["CD03"], "  ")
    lines = office.tracking.exempt(rid, ["CD03", "CD05"], "Doanh nghiệp tạm ngừng hoạt động")
    assert [line.status for line in lines] == [EXEMPT, EXEMPT]
    figures = office.tracking.request(rid).figures
    assert (figures.expected, figures.exempt) == (2, 2)
    history = office.history.recent(HistoryFilter(kind="submission"))
    assert any("miễn nộp" in e.summary and "tạm ngừng" in e.summary for e in history)


def test_returned_for_correction_then_resubmitted_counts_once(office: AppContext) -> None:
    rid = request(office)
    t = office.tracking
    t.receive(rid, Receipt("CD01", date(2026, 11, 11), backdate_note="bản giấy"))
    t.receive(rid, Receipt("CD02", date(2026, 11, 11), backdate_note="bản giấy"))
    with pytest.raises(UserError, match="cần sửa gì"):
        t.return_for_correction(rid, "CD01", "")
    with pytest.raises(UserError, match="chưa nộp"):
        t.return_for_correction(rid, "CD03", "thiếu số liệu")
    returned = t.return_for_correction(rid, "CD01", "Thiếu số liệu đoàn viên", returned_on=date(2026, 11, 12))
    returned2 = t.return_for_correction(rid, "CD02", "Chưa ký, đóng dấu", returned_on=date(2026, 11, 12))
    assert returned.status == RETURNED
    # 5 working days after Thursday 12/11 is Thursday 19/11, later than the due date
    assert returned.state is not None and returned.state.correction_due == date(2026, 11, 19)
    figures = t.request(rid).figures
    assert (figures.received, figures.returned) == (0, 2)
    # CD01's corrected copy is back by the correction deadline: on time (its first copy was)
    t.receive(rid, Receipt("CD01", date(2026, 11, 18), backdate_note="bản sửa"))
    # CD02's after it: counts on the day it came, late
    t.receive(rid, Receipt("CD02", TODAY))
    assert returned2.state is not None
    figures = t.request(rid).figures
    assert (figures.received, figures.on_time, figures.late, figures.returned) == (2, 1, 1, 0)
    assert submission_rows(office) == 2


def test_attachments_are_copied_with_their_hash_and_unreadable_ones_refused(office: AppContext,
                                                                           tmp_path: Path) -> None:
    rid = request(office)
    report = tmp_path / "bao-cao-CD01.pdf"
    report.write_bytes(b"%PDF-1.4 report")
    line = office.tracking.receive(rid, Receipt("CD01", files=(report,)))
    assert [f.file_name for f in line.files] == ["bao-cao-CD01.pdf"]
    assert line.files[0].sha256 == hashlib.sha256(b"%PDF-1.4 report").hexdigest()
    assert office.tracking.file_content(line.files[0].id) == b"%PDF-1.4 report"
    before = office.history.last_seq()
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    for bad, words in [(tmp_path / "missing.pdf", "Không đọc được"), (tmp_path, "không phải là một tệp"),
                       (empty, "trống")]:
        with pytest.raises(UserError, match=words):
            office.tracking.receive(rid, Receipt("CD02", files=(bad,)))
        with pytest.raises(UserError, match=words):
            office.tracking.attach(rid, "CD01", [bad])
    with pytest.raises(UserError, match="hãy ghi nhận trước"):
        office.tracking.attach(rid, "CD03", [report])
    assert office.history.last_seq() == before


def test_a_request_from_a_plans_task_follows_the_plans_deadline(office: AppContext) -> None:
    entry = office.registers.register_incoming(IncomingDraft(
        arrived_on=date(2026, 10, 28), sender="LĐLĐ tỉnh Tây Ninh", summary="Về sơ kết 6 tháng",
        their_symbol="210/LĐLĐ", their_date=date(2026, 10, 26), deadline=date(2026, 11, 30)))
    kind = next(t for t in DOCUMENT_TYPES if t.code == "KH")
    plan = OfficialDocument(
        type=kind, number=None,
        header=Header("LĐLĐ TỈNH TÂY NINH", "LĐLĐ HUYỆN DƯƠNG MINH CHÂU", "Huyện Dương Minh Châu"),
        summary="Kế hoạch sơ kết 6 tháng",
        basis=(BasisLine("Thực hiện Công văn số 210/LĐLĐ của LĐLĐ tỉnh.", incoming_uuid=entry.uuid),),
        body=(Paragraph("Nội dung."),
              Task("Gửi báo cáo sơ kết về LĐLĐ huyện", who="Các CĐCS", timing="Trước ngày 16/11/2026"),
              Task("Tổng hợp báo cáo", who="Văn phòng LĐLĐ huyện", timing="Trước ngày 25/11/2026")),
        recipients=Recipients(("- Các CĐCS;",)),
    )
    doc = office.documents.create_draft(plan)
    candidates = office.tracking.candidate_tasks(doc.id)
    assert [(text, due) for _uuid, text, due, _made in candidates] == [
        ("Gửi báo cáo sơ kết về LĐLĐ huyện", date(2026, 11, 16))]
    task_uuid = candidates[0][0]
    draft = office.tracking.draft_from_task(doc.id, task_uuid)
    assert draft.due == date(2026, 11, 16) and draft.upstream_uuid == entry.uuid
    made = office.tracking.create_request(replace(draft, issued_on=ISSUED))
    # Mon 16/11 → Mon 30/11: ten weekdays, less Ngày Văn hóa Việt Nam (Tue 24/11, a day off since 2025)
    assert made.slack == 9 and "210/LĐLĐ" in made.upstream_label
    assert office.tracking.candidate_tasks(doc.id)[0][3] == made.id

    stored = office.documents.get(doc.id).document
    body = list(stored.body)
    task = body[1]
    assert isinstance(task, Task)
    body[1] = replace(task, timing="Trước ngày 18/11/2026")
    office.documents.update_draft(doc.id, replace(stored, body=tuple(body)))
    moves = office.tracking.requests_to_move(doc.id)
    assert [(r.id, day) for r, day in moves] == [(made.id, date(2026, 11, 18))]
    moved = office.tracking.move_due(made.id, date(2026, 11, 18))
    assert moved.due == date(2026, 11, 18) and moved.task_uuid == task_uuid
    assert office.tracking.requests_to_move(doc.id) == []


def test_a_due_date_on_a_day_off_moves_to_the_next_working_day(office: AppContext) -> None:
    rid = request(office, due=date(2026, 11, 15))  # Sunday
    r = office.tracking.request(rid)
    assert r.last_day == date(2026, 11, 16)
    office.tracking.receive(rid, Receipt("CD01", date(2026, 11, 16), backdate_note="bản giấy"))
    assert office.tracking.request(rid).figures.on_time == 1
    # Tết 2027 and 2/9 are days off too
    calendar = office.tracking.calendar()
    assert not calendar.is_working_day(date(2026, 9, 2))
    office.tracking.set_office_day(date(2026, 11, 16), False, "Nghỉ bù theo quyết định của tỉnh")
    assert office.tracking.request(rid).last_day == date(2026, 11, 17)
    with pytest.raises(UserError, match="căn cứ"):
        office.tracking.set_office_day(date(2026, 11, 17), False, "")


def test_the_dashboard_names_overdue_and_due_this_week(office: AppContext) -> None:
    overdue = request(office, title="Báo cáo quý III")
    request(office, title="Báo cáo Tháng Công nhân", due=date(2026, 11, 25))
    request(office, title="Báo cáo cuối năm", due=date(2026, 12, 15))
    done = request(office, title="Báo cáo đã đủ", audience=Audience(
        LISTED, units=(office.units.by_code("CD01").uuid,)))
    office.tracking.receive(done, Receipt("CD01", date(2026, 11, 12), backdate_note="bản giấy"))
    board = office.tracking.dashboard()
    assert [r.id for r in board.overdue] == [overdue]
    assert [r.title for r in board.due_soon] == ["Báo cáo Tháng Công nhân"]
    assert board.notice == "1 báo cáo quá hạn, 1 đến hạn trong tuần"



def test_the_start_page_chases_the_last_twelve_months_only(office: AppContext) -> None:
    # TODAY is 21/11/2026: a request due 22/11/2025 is within the twelve months, one due 20/11/2025 is not (its
    # year is closed; the tracking page still lists it under 2025).
    recent = request(office, title="Báo cáo tổng kết năm 2025", issued_on=date(2025, 11, 1), due=date(2025, 11, 22))
    old = request(office, title="Báo cáo quý III/2025", issued_on=date(2025, 10, 1), due=date(2025, 11, 20))
    board = office.tracking.dashboard()
    assert [r.id for r in board.overdue] == [recent]
    assert old in [r.id for r in office.tracking.requests(2025)] and office.tracking.request(old).overdue(TODAY)

def test_the_matrix_and_status_lines(office: AppContext) -> None:
    first = request(office)
    second = request(office, title="Báo cáo quý IV", due=date(2026, 11, 30))
    office.tracking.receive(first, Receipt("CD01", date(2026, 11, 12), backdate_note="bản giấy"))
    office.tracking.receive(second, Receipt("CD01"))
    office.tracking.exempt(first, ["CD05"], "Tạm ngừng hoạt động")
    matrix = office.tracking.matrix(2026)
    assert [u.code for u in matrix.units] == ["CD01", "CD02", "CD03", "CD04", "CD05"]
    req1, req2 = matrix.requests
    cd01, _cd02, _cd03, cd04, cd05 = matrix.units
    assert matrix.cell(cd01, req1).code == "on_time" and matrix.cell(cd01, req1).day == date(2026, 11, 12)
    assert matrix.cell(cd04, req1).code == "not_asked"  # founded after the first due date
    assert matrix.cell(cd04, req2).code == "pending"
    assert matrix.cell(cd05, req1).code == "exempt"
    assert matrix.cell(_cd02, req1).code == "overdue"
    status = office.tracking.status(first)
    assert [(line.unit.code, line.label) for line in status.lines] == [
        ("CD01", "Đã nộp"), ("CD02", "Quá hạn 8 ngày"), ("CD03", "Quá hạn 8 ngày"), ("CD05", "Miễn")]
    office.tracking.reset(first, ["CD01"], "ghi nhầm đơn vị")
    assert office.tracking.status(first).lines[0].status == "pending"
    assert RECEIVED in {line.status for line in office.tracking.status(second).lines}
