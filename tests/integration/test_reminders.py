"""Reminder letters over a real SQLite file: official letters, numbered from the outgoing register, printed in the
Decree 30 layout, that name exactly the CĐCS still missing (read back with poppler); bad choices change nothing."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from desktop_app.bootstrap import AppContext
from desktop_app.domain.documents import DocumentNumber, Header, OfficialDocument, Paragraph, Recipients, document_type
from desktop_app.domain.units import UnitDraft
from desktop_app.persistence.unit_of_work import UnitOfWork
from desktop_app.services.documents import DocumentRecord
from desktop_app.services.errors import UserError
from desktop_app.services.reminders import ReminderOrder, ReminderService
from desktop_app.services.templates import TemplateService
from desktop_app.services.tracking import Receipt, RequestDraft
from tests.conftest import TODAY  # Saturday 21/11/2026
from tests.pdf_tools import layout_failures, pdftotext, squeeze

ISSUED = date(2026, 11, 2)
DUE = date(2026, 11, 13)  # a Friday, before TODAY: the request is overdue

NAMES = {
    "CD01": "Công đoàn Trường Tiểu học Phước Minh A",
    "CD02": "Công đoàn Trạm Y tế xã Suối Đá",
    "CD03": "Công đoàn Công ty TNHH Giày Đông Phương",
    "CD04": "Công đoàn Trường THCS Chà Là",
    "CD05": "Công đoàn Công ty Cao su Tây Ninh",
    "CD06": "Công đoàn Bưu điện huyện Dương Minh Châu",
}
SHIPPED = Path(__file__).resolve().parents[2] / "forms" / "templates"
MISSING = ["CD03", "CD05"]  # CD03 was sent back for correction, CD05 sent nothing


@pytest.fixture
def office(context: AppContext) -> AppContext:
    for code, name in NAMES.items():
        founded = date(2026, 11, 15) if code == "CD04" else None  # founded after the due date: not asked
        context.units.create(UnitDraft(code=code, name=name, sector="HCSN", founded=founded))
    return context


@pytest.fixture
def request_id(office: AppContext) -> int:
    tracking = office.tracking
    draft = RequestDraft(title="Báo cáo sơ kết 6 tháng", issued_on=ISSUED, due=DUE, period="6 tháng đầu năm 2026")
    rid = tracking.create_request(draft).id
    tracking.receive(rid, Receipt("CD01", date(2026, 11, 10), backdate_note="bản giấy"))
    tracking.receive(rid, Receipt("CD02", date(2026, 11, 16), backdate_note="thư điện tử"))
    tracking.receive(rid, Receipt("CD03", date(2026, 11, 12), backdate_note="bản giấy"))
    tracking.return_for_correction(rid, "CD03", "thiếu số liệu đoàn viên", date(2026, 11, 16))
    tracking.exempt(rid, ["CD06"], "đơn vị đang sáp nhập")
    return rid


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "cong-van"
    folder.mkdir()
    return folder


def issued_document(office: AppContext, type_code: str, summary: str, on: date = TODAY) -> DocumentRecord:
    draft = office.documents.create_draft(OfficialDocument(
        type=document_type(type_code), number=DocumentNumber(None, 2026, type_code, "LĐLĐ"),
        header=Header("Liên đoàn Lao động tỉnh Tây Ninh", "Liên đoàn Lao động huyện Dương Minh Châu", "Huyện X"),
        summary=summary, body=(Paragraph("Nội dung."),), recipients=Recipients(("- Lưu: VT.",)),
        signer=office.templates.blank_document(None).signer,
    ))  # fmt: skip
    return office.documents.issue(draft.id, on)


def text_of(pdf: Path) -> str:
    return squeeze(pdftotext(pdf, "-raw"))


def named_units(text: str) -> list[str]:
    return [code for code, name in NAMES.items() if name in text]


def test_missing_is_what_is_expected_and_not_received(office: AppContext, request_id: int) -> None:
    lines = office.reminders.missing(request_id)
    assert [line.unit.code for line in lines] == MISSING
    # Three working days after Saturday 21/11: 23, 25, 26 (24/11 is Ngày Văn hóa Việt Nam, a day off).
    assert office.reminders.default_deadline() == date(2026, 11, 26)


def test_one_letter_names_exactly_the_missing_units_and_takes_the_next_number(
    office: AppContext, request_id: int, out: Path
) -> None:
    batch = office.reminders.write(ReminderOrder(request_id, out))
    [letter] = batch.letters
    assert letter.symbol == "01/LĐLĐ-VP" and [u.code for u in letter.units] == MISSING
    assert letter.path == out / "don-doc-01-2026.pdf" and letter.path.is_file()
    assert sorted(p.name for p in out.iterdir()) == ["don-doc-01-2026.pdf"]  # no stray temporary file
    assert batch.deadline == date(2026, 11, 26) and batch.notice == ""

    assert layout_failures(letter.path, letter=True) == {}
    text = text_of(letter.path)
    assert named_units(text) == MISSING
    assert "Số: 01/LĐLĐ-VP" in text and "V/v đôn đốc gửi báo cáo sơ kết 6 tháng" in text
    assert "trước ngày 26/11/2026" in text and "ngày 21 tháng 11 năm 2026" in text
    assert "Thực hiện yêu cầu gửi báo cáo sơ kết 6 tháng ngày 02/11/2026 của Liên đoàn Lao động huyện" in text

    [entry] = office.registers.outgoing(2026)
    record = office.documents.get(letter.document_id)
    assert entry.symbol == record.symbol == "01/LĐLĐ-VP" and entry.document_uuid == record.uuid and record.issued
    assert record.document.addressees == (f"{NAMES['CD03']};", f"{NAMES['CD05']}.")
    notes = office.tracking.request(request_id).notes
    assert "21/11/2026: công văn đôn đốc số 01/LĐLĐ-VP gửi CD03, CD05 (hạn gửi mới 26/11/2026)." in notes


def test_one_letter_per_unit_numbered_in_order_after_the_register(
    office: AppContext, request_id: int, out: Path
) -> None:
    issued_document(office, "TB", "Lịch làm việc tuần")
    batch = office.reminders.write(ReminderOrder(request_id, out, per_unit=True, deadline=date(2026, 11, 27)))
    assert [(letter.symbol, [u.code for u in letter.units]) for letter in batch.letters] == [
        ("02/LĐLĐ-VP", ["CD03"]), ("03/LĐLĐ-VP", ["CD05"])]
    assert [e.symbol for e in office.registers.outgoing(2026)] == ["01/TB-LĐLĐ", "02/LĐLĐ-VP", "03/LĐLĐ-VP"]
    for letter, code in zip(batch.letters, MISSING, strict=True):
        assert letter.path.name == f"don-doc-{letter.symbol[:2]}-2026-{code}.pdf"
        assert layout_failures(letter.path, letter=True) == {}
        text = text_of(letter.path)
        assert named_units(text) == [code]
        assert f"Số: {letter.symbol}" in text and "trước ngày 27/11/2026" in text
    notes = office.tracking.request(request_id).notes
    assert "công văn đôn đốc số 02/LĐLĐ-VP gửi CD03; số 03/LĐLĐ-VP gửi CD05 (hạn gửi mới 27/11/2026)" in notes


def test_the_clerk_may_leave_units_out(office: AppContext, request_id: int, out: Path) -> None:
    batch = office.reminders.write(ReminderOrder(request_id, out, unit_codes=("cd05",)))
    [letter] = batch.letters
    assert named_units(text_of(letter.path)) == ["CD05"]


def test_a_letter_cites_the_plan_the_request_came_from(office: AppContext, request_id: int, out: Path) -> None:
    plan = issued_document(office, "KH", "Sơ kết 6 tháng", date(2026, 11, 2))
    request = office.tracking.request(request_id)
    office.tracking.update_request(request_id, replace(request.draft(), document_uuid=plan.uuid))
    [letter] = office.reminders.write(ReminderOrder(request_id, out)).letters
    text = text_of(letter.path)
    assert f"Thực hiện Kế hoạch số {plan.symbol} ngày 02/11/2026 của Liên đoàn Lao động huyện Dương Minh Châu" in text


def test_a_request_not_overdue_yet_is_reminded_with_a_notice(office: AppContext, out: Path) -> None:
    draft = RequestDraft(title="Báo cáo công tác nữ công", issued_on=ISSUED, due=date(2026, 11, 30))
    rid = office.tracking.create_request(draft).id
    batch = office.reminders.write(ReminderOrder(rid, out))
    assert "chưa quá hạn (hạn nộp 30/11/2026)" in batch.notice
    [letter] = batch.letters
    assert named_units(text_of(letter.path)) == list(NAMES)  # CD04, founded 15/11, is asked for 30/11


def test_bad_choices_are_refused_and_nothing_is_numbered_or_written(
    office: AppContext, request_id: int, tmp_path: Path, db_path: Path
) -> None:
    folder = tmp_path / "cong-van"
    folder.mkdir()
    done = RequestDraft(title="Báo cáo đã đủ", issued_on=ISSUED, due=DUE, audience=office.tracking.request(
        request_id).audience)
    complete = office.tracking.create_request(done).id
    for code in ("CD01", "CD02", "CD03", "CD05", "CD06"):
        office.tracking.receive(complete, Receipt(code, date(2026, 11, 12), backdate_note="bản giấy"))
    before = office.history.last_seq()
    notes = office.tracking.request(request_id).notes
    for order, words in [
        (ReminderOrder(request_id, tmp_path / "khong-co"), "Không có thư mục"),
        (ReminderOrder(request_id, db_path), "tệp cơ sở dữ liệu đang mở"),
        (ReminderOrder(request_id, Path("/sys")), "Không ghi được vào thư mục «/sys»"),
        (ReminderOrder(request_id, folder, deadline=TODAY), "phải sau hôm nay"),
        (ReminderOrder(request_id, folder, deadline=date(2026, 11, 1)), "phải sau hôm nay"),
        (ReminderOrder(request_id, folder, unit_codes=("CD05", "CD01")), "Không đôn đốc được CD01"),
        (ReminderOrder(request_id, folder, unit_codes=("CD04",)), "Không đôn đốc được CD04"),
        (ReminderOrder(request_id, folder, unit_codes=()), "Chưa chọn CĐCS nào"),
        (ReminderOrder(complete, folder), "không có ai cần đôn đốc"),
        (ReminderOrder(9999, folder), "Không có yêu cầu báo cáo số 9999"),
    ]:
        with pytest.raises(UserError, match=words):
            office.reminders.write(order)
    assert office.registers.outgoing(2026) == []
    assert office.documents.list_documents() == []
    assert list(folder.iterdir()) == [] and not (tmp_path / "khong-co").exists()
    assert office.history.last_seq() == before
    assert office.tracking.request(request_id).notes == notes


def test_a_letter_that_cannot_be_issued_takes_no_number_and_leaves_no_draft(
    office: AppContext, request_id: int, out: Path, tmp_path: Path
) -> None:
    # A province's copy of the template with a drafting instruction left in: a letter with it is not issued.
    folder = tmp_path / "mau"
    folder.mkdir()
    template = json.loads((SHIPPED / "cong-van-don-doc.json").read_text(encoding="utf-8"))
    template["body"].append({"kind": "paragraph", "text": "Ghi thêm yêu cầu riêng (nếu có).", "instruction": True})
    (folder / "cong-van-don-doc.json").write_text(json.dumps(template, ensure_ascii=False), encoding="utf-8")
    uow = lambda: UnitOfWork(office.database.session_factory)  # noqa: E731
    reminders = ReminderService(uow, office.tracking, TemplateService(uow, lambda: TODAY, folder), office.documents,
                                lambda: TODAY)
    with pytest.raises(UserError, match="lời hướng dẫn của mẫu"):
        reminders.write(ReminderOrder(request_id, out, per_unit=True))
    assert office.registers.outgoing(2026) == [] and office.documents.list_documents() == []
    assert list(out.iterdir()) == []


def test_one_letter_to_forty_missing_units_lists_them_all_and_addresses_them_together(
    office: AppContext, out: Path
) -> None:
    # Found trying the app: 42 names in «Kính gửi» made a table taller than a page and the letter failed to print
    # after its number was taken.
    many = {f"CM{i:02d}": f"Công đoàn Trường Tiểu học Ấp {i} xã Phước Minh" for i in range(1, 41)}
    for code, name in many.items():
        office.units.create(UnitDraft(code=code, name=name, sector="HCSN"))
    rid = office.tracking.create_request(RequestDraft(title="Báo cáo nhanh tình hình việc làm", issued_on=ISSUED,
                                                      due=DUE)).id
    [letter] = office.reminders.write(ReminderOrder(rid, out)).letters
    # With CD01, CD02, CD03, CD05, CD06 (CD04 was founded after the due date).
    assert len(letter.units) == 40 + 5
    record = office.documents.get(letter.document_id)
    assert record.document.addressees == ("Các công đoàn cơ sở có tên dưới đây",)
    text = text_of(letter.path)
    assert all(name in text for name in many.values())
    assert layout_failures(letter.path, letter=True) == {}


@pytest.mark.parametrize(("title", "said"), [
    ("Báo cáo sơ kết 6 tháng", "báo cáo sơ kết 6 tháng"),
    ("Gửi báo cáo tổng kết công tác công đoàn năm 2025.", "báo cáo tổng kết công tác công đoàn năm 2025"),
    ("Tổ chức Hội nghị người lao động năm 2026 và gửi báo cáo kết quả về Liên đoàn Lao động huyện.",
     "báo cáo kết quả tổ chức Hội nghị người lao động năm 2026"),
    ("Cập nhật biểu thống kê đoàn viên", "báo cáo kết quả cập nhật biểu thống kê đoàn viên"),
    ("CĐCS gửi danh sách đoàn viên", "báo cáo kết quả CĐCS gửi danh sách đoàn viên"),
])  # fmt: skip
def test_a_letter_says_what_is_to_be_sent_even_when_the_title_is_a_plan_task(title: str, said: str) -> None:
    # Found on the demo: a request made from a task read «đôn đốc gửi tổ chức Hội nghị … về Liên đoàn Lao động
    # huyện. về Văn phòng …».
    from desktop_app.services.reminders import _as_object

    assert _as_object(title) == said


def test_a_letter_that_cannot_be_laid_out_numbers_none_of_the_batch(
    office: AppContext, request_id: int, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No letter the shipped template makes fails to lay out (255-character names, 3,000-character titles and
    # six long addressees all print): the engine is made to refuse the second CĐCS's letter, as it refuses a
    # piece taller than a page.
    from desktop_app.files.pdf import official

    real = official.render_official_pdf
    laid_out: list[object] = []

    def refusing(doc: OfficialDocument, path: Path, *args: object, **kwargs: object) -> official.RenderResult:
        laid_out.append(path)
        if any(NAMES["CD05"] in line for line in doc.addressees):
            raise official.OfficialPdfError("Có một phần của văn bản dài hơn một trang giấy, không dàn trang được.")
        return real(doc, path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(official, "render_official_pdf", refusing)
    notes = office.tracking.request(request_id).notes
    with pytest.raises(UserError, match=r"Chưa cấp số công văn nào: công văn gửi .*\(CD05\) không in được"):
        office.reminders.write(ReminderOrder(request_id, out, per_unit=True))
    assert len(laid_out) == 2 and not any(isinstance(target, Path) for target in laid_out)  # laid out in memory
    assert office.registers.outgoing(2026) == [] and office.documents.list_documents() == []
    assert list(out.iterdir()) == []
    assert office.tracking.request(request_id).notes == notes


def test_a_letter_laid_out_with_a_provisional_number_prints_with_its_real_one(
    office: AppContext, request_id: int, out: Path
) -> None:
    [letter] = office.reminders.write(ReminderOrder(request_id, out)).letters
    text = text_of(letter.path)
    assert "Số: 01/LĐLĐ-VP" in text and "9999" not in text
    assert sorted(p.name for p in out.iterdir()) == ["don-doc-01-2026.pdf"]


def test_a_letter_that_fails_while_written_keeps_the_letters_before_it(
    office: AppContext, request_id: int, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Laid out fine, then the disk fills up while the second PDF is written: its number is taken (issued
    # documents keep theirs), and the clerk is told which letters to print again from the documents.
    from desktop_app.files.pdf.official import RenderResult

    real = office.documents.render_pdf

    def filling_up(document_id: int, path: Path, font: str | None = None) -> RenderResult:
        if path.name.endswith("CD05.pdf"):
            raise UserError(f"Không in được văn bản ra «{path}»: [Errno 28] No space left on device")
        return real(document_id, path, font)

    monkeypatch.setattr(office.documents, "render_pdf", filling_up)
    with pytest.raises(UserError, match=r"No space left.*\n.*\(01/LĐLĐ-VP, 02/LĐLĐ-VP\) có trong mục Văn bản"):
        office.reminders.write(ReminderOrder(request_id, out, per_unit=True))
    assert [e.symbol for e in office.registers.outgoing(2026)] == ["01/LĐLĐ-VP", "02/LĐLĐ-VP"]
    assert sorted(p.name for p in out.iterdir()) == ["don-doc-01-2026-CD03.pdf"]
    assert "số 01/LĐLĐ-VP gửi CD03; số 02/LĐLĐ-VP gửi CD05" in office.tracking.request(request_id).notes


def test_progress_is_told_before_each_letter_and_stopping_keeps_the_letters_numbered(
    office: AppContext, request_id: int, out: Path
) -> None:
    told: list[tuple[str, int, int]] = []

    def checking(done: int, total: int) -> bool:
        told.append(("checking", done, total))
        return True

    def progress(done: int, total: int) -> bool:
        told.append(("printing", done, total))
        return done < 1  # the clerk presses Cancel while the first letter prints

    batch = office.reminders.write(ReminderOrder(request_id, out, per_unit=True), progress, checking)
    assert told == [("checking", 0, 2), ("checking", 1, 2), ("printing", 0, 2), ("printing", 1, 2)]
    [letter] = batch.letters
    assert batch.stopped and batch.planned == 2 and [u.code for u in letter.units] == ["CD03"]
    assert [e.symbol for e in office.registers.outgoing(2026)] == [letter.symbol]
    assert sorted(p.name for p in out.iterdir()) == [letter.path.name]
    assert f"công văn đôn đốc số {letter.symbol} gửi CD03 (hạn gửi mới" in office.tracking.request(request_id).notes


def test_stopping_while_the_letters_are_laid_out_changes_nothing(
    office: AppContext, request_id: int, out: Path
) -> None:
    notes = office.tracking.request(request_id).notes
    batch = office.reminders.write(ReminderOrder(request_id, out, per_unit=True), checking=lambda done, _t: done < 1)
    assert batch.letters == () and batch.stopped and batch.planned == 2
    assert office.registers.outgoing(2026) == [] and office.documents.list_documents() == []
    assert list(out.iterdir()) == [] and office.tracking.request(request_id).notes == notes
    finished = office.reminders.write(ReminderOrder(request_id, out, per_unit=True), lambda _d, _t: True)
    assert not finished.stopped and len(finished.letters) == finished.planned == 2
