"""Make the screenshots of the user guide (docs/huong-dan/) from the real widgets.

Run from the repository root:

    .venv/bin/python docs/make_screenshots.py

It needs no display (Qt's offscreen platform), works in private temporary folders (the clerk's
own data folder and settings are never touched) and pins today's date to 21/11/2026, so two runs
give the same pictures. The PNG files are written to docs/images/.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

# Everything below must be decided before Qt (or the app) is imported.
_WORK = Path(tempfile.mkdtemp(prefix="congdoan-screenshots-"))
# A 1366×768 laptop less the Windows taskbar, the office's usual screen (the offscreen platform takes its
# screen from a configuration file; it has no size option).
_SCREEN = _WORK / "screen.json"
_SCREEN.write_text(
    '{"screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 728, '
    '"logicalDpiX": 96, "logicalDpiY": 96, "dpr": 1}]}',
    encoding="utf-8",
)
os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_SCREEN}"
os.environ["CONGDOAN_DATA_DIR"] = str(_WORK / "data")
os.environ["CONGDOAN_CONFIG_DIR"] = str(_WORK / "config")
os.environ.setdefault("QT_SCALE_FACTOR", "1")
# The change history shows times on the office's clock (Việt Nam), whatever the machine's zone.
os.environ["TZ"] = "Asia/Ho_Chi_Minh"
if hasattr(time, "tzset"):
    time.tzset()

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QFont  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget  # noqa: E402

from desktop_app.bootstrap import AppContext, database_url, open_context  # noqa: E402
from desktop_app.services.demo import load_demo  # noqa: E402
from desktop_app.settings import UserSettings  # noqa: E402

TODAY = date(2026, 11, 21)
IMAGES = REPO / "docs" / "images"
# A 1366×768 laptop, the office's usual screen, less the Windows taskbar (40 px).
WINDOW_SIZE = (1366, 728)
# The status bar names the database file. The temporary folder's name changes on every run, so
# the pictures show where the file lives on a clerk's Windows PC (platformdirs' user data folder).
SHOWN_DATA_FOLDER = r"C:\Users\VanPhong\AppData\Local\CongDoan\CongDoanDesk"


def clock() -> date:
    return TODAY


def pump(seconds: float = 0.05) -> None:
    """Let Qt lay out and paint (and deliver queued signals) for a moment."""
    end = time.monotonic() + seconds
    while True:
        QApplication.processEvents()
        if time.monotonic() >= end:
            break
        time.sleep(0.01)


def wait_until(condition, timeout: float = 20.0, what: str = "") -> None:  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise SystemExit(f"timed out waiting for {what}")
        QApplication.processEvents()
        time.sleep(0.02)
    pump()


def save(widget: QWidget, name: str) -> Path:
    widget.show()
    pump()
    pixmap = widget.grab()
    path = IMAGES / name
    if not pixmap.save(str(path), "PNG"):
        raise SystemExit(f"could not write {path}")
    print(f"{path.relative_to(REPO)}  {pixmap.width()}x{pixmap.height()}")
    return path


def open_office(file_name: str) -> AppContext:
    folder = Path(os.environ["CONGDOAN_DATA_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    return open_context(database_url(folder / file_name), clock=clock)


# -- 1. first-run setup -------------------------------------------------------------------------
def setup_wizard() -> None:
    from desktop_app.ui.dialogs.setup_wizard import SetupWizard

    context = open_office("congdoan.sqlite")
    try:
        wizard = SetupWizard(context)
        wizard.resize(700, 480)
        wizard.show()
        save(wizard, "setup-1-start.png")

        wizard.next()
        home = wizard.home_page
        home.name_edit.setText("Liên đoàn Lao động huyện Dương Minh Châu")
        home.short_name_edit.setText("LĐLĐ huyện Dương Minh Châu")
        home.abbreviation_edit.setText("LĐLĐ")
        home.place_edit.setText("Huyện Dương Minh Châu")
        home.parent_edit.setText("Liên đoàn Lao động tỉnh Tây Ninh")
        save(wizard, "setup-2-home.png")

        wizard.next()
        signer = wizard.signer_page
        signer.name_edit.setText("Nguyễn Văn An")
        save(wizard, "setup-3-signer.png")

        wizard.next()
        wizard.import_page.import_check.setChecked(True)
        wizard.import_page.path_edit.setText(r"D:\Danh sach CDCS.xlsx")
        save(wizard, "setup-4-import.png")
        wizard.hide()
        wizard.deleteLater()
    finally:
        context.close()


# -- 2. the Units screen ------------------------------------------------------------------------
def main_window(context: AppContext):  # type: ignore[no-untyped-def]
    from desktop_app.ui.main_window import MainWindow

    window = MainWindow(context, UserSettings(), clock=clock)
    window.resize(*WINDOW_SIZE)
    assert context.database.path is not None
    window.db_label.setText(
        window.tr("Cơ sở dữ liệu: {where}").format(where=SHOWN_DATA_FOLDER + "\\" + context.database.path.name)
    )
    window.show()
    pump()
    if window.grab().width() != WINDOW_SIZE[0]:
        raise SystemExit(f"main window is {window.grab().width()} px wide, not {WINDOW_SIZE[0]}")
    return window


def units_screen(context: AppContext) -> None:
    window = main_window(context)
    window.show_page("units")  # the start page comes first; this picture is of the units
    page = window.units_page
    pump()
    page.table.selectRow(0)
    page.table.setFocus()
    save(window, "main-window-units.png")

    page.search_edit.setFocus()
    page.search_edit.setText("truong tieu hoc")
    page.table.selectRow(0)
    save(window, "units-search.png")
    page.search_edit.clear()

    window.show_page("indicators")
    save(window, "empty-state.png")
    window.close()
    window.deleteLater()
    pump()


def unit_dialogs(context: AppContext) -> None:
    from desktop_app.ui.dialogs.dissolve_dialog import DissolveDialog
    from desktop_app.ui.dialogs.merge_dialog import MergeDialog
    from desktop_app.ui.dialogs.unit_dialog import UnitDialog

    units = context.units
    school = units.by_code("CDCS012")  # CĐCS Trường Tiểu học Thị trấn A

    def update(draft):  # type: ignore[no-untyped-def]
        return units.update(school.id, draft, expected_revision=school.revision)

    dialog = UnitDialog(update, units.sectors(), units.kinds(), unit=school)
    dialog.resize(680, dialog.sizeHint().height())
    dialog.show()
    pump()
    dialog.members_edit.setText("10")
    dialog.female_edit.setText("12")
    dialog.accept()  # the service refuses: the problem is shown and the dialog stays open
    if not dialog.isVisible() or dialog.error_label.isHidden():
        raise SystemExit("the unit dialog did not show the problem")
    save(dialog, "units-edit.png")
    dialog.close()

    company = units.by_code("CDCS068")  # CĐCS Công ty Cổ phần Bao bì Tân Phú
    dissolve = DissolveDialog(company, TODAY)
    dissolve.resize(540, dissolve.sizeHint().height())
    dissolve.reason_edit.setText("Doanh nghiệp ngừng hoạt động từ tháng 10/2026")
    save(dissolve, "units-dissolve.png")
    dissolve.close()

    kindergarten = units.by_code("CDCS030")  # CĐCS Trường Mầm non Phước Minh
    merge = MergeDialog(kindergarten, units.list_units(include_dissolved=False), TODAY)
    merge.resize(620, 400)
    merge.search_edit.setText("phuoc minh")
    merge.show()
    merge.search_edit.setFocus()
    pump()
    merge.search_edit.deselect()
    save(merge, "units-merge.png")
    merge.close()


def history(context: AppContext) -> None:
    from desktop_app.ui.dialogs.history_dialog import HistoryDialog

    units = context.units
    receiving = units.by_code("CDCS031")  # CĐCS Trường Tiểu học Phước Minh A
    merged = units.by_code("CDCS026")  # CĐCS Trường Tiểu học Phước Ninh B
    edited = receiving.draft()
    edited = type(edited)(**{**edited.__dict__, "chair": "Trần Thị Mai", "members": 51, "phone": "0276 3771 234"})
    units.update(receiving.id, edited)
    units.merge(merged.id, receiving.id, date(2026, 9, 1), "Theo Quyết định 215/QĐ-UBND")
    receiving = units.get(receiving.id)
    dialog = HistoryDialog(receiving, units.history(receiving.id))
    # Wide enough for every column (the dialog opens at 820 px and scrolls sideways).
    table = dialog.table
    needed = sum(table.columnWidth(c) for c in range(table.columnCount())) + 2 * table.frameWidth() + 40
    dialog.resize(min(needed, 1240), 300)
    dialog.findChild(QDialogButtonBox).setFocus()
    save(dialog, "units-history.png")
    dialog.close()


# -- 3. importing from Excel --------------------------------------------------------------------
IMPORT_ROWS = [
    # STT, Tên CĐCS, Khu vực, Số đoàn viên, Trong đó nữ, Chủ tịch
    (1, "CĐCS Công ty TNHH May mặc Thành Đạt", "Doanh nghiệp ngoài nhà nước", 215, 168, "Lê Thị Hồng"),
    (2, "CĐCS Công ty TNHH Gỗ Phú Thịnh", "Doanh nghiệp ngoài nhà nước", 64, 12, "Phạm Văn Lợi"),
    (3, "CĐCS Công ty TNHH Điện tử Sunrise Việt Nam", "Doanh nghiệp có vốn đầu tư nước ngoài", 432, 301,
     "Nguyễn Thị Thu"),
    (4, "CĐCS Trường Mầm non Bàu Năng", "Hành chính sự nghiệp", -18, 17, "Võ Thị Lan"),
    (5, "CĐCS Hợp tác xã Nông nghiệp Truông Mít", "Hợp tác xã", 9, 3, "Huỳnh Văn Tư"),
    (6, "CĐCS Công ty Cổ phần Cao su Bến Củi", "Doanh nghiệp ngoài nhà nước", 27, 35, "Đặng Minh Tâm"),
    (7, "CĐCS Trạm Y tế xã Lộc Ninh", "Hành chính sự nghiệp", 11, 8, "Trương Thị Bé"),
    (8, "CĐCS Công ty TNHH Bao bì Tân Hưng", "Doanh nghiệp ngoài nhà nước", 83, 41, "Ngô Văn Hải"),
]  # fmt: skip


def write_import_workbook(path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "CĐCS"
    sheet.append(["DANH SÁCH CÔNG ĐOÀN CƠ SỞ THÀNH LẬP MỚI NĂM 2026"])
    sheet["A1"].font = Font(bold=True)
    sheet.append(["STT", "Tên CĐCS", "Khu vực", "Số đoàn viên", "Trong đó nữ", "Chủ tịch"])
    for row in IMPORT_ROWS:
        sheet.append(list(row))
    workbook.save(path)
    return path


def import_dialog(context: AppContext) -> None:
    from desktop_app.ui.dialogs.import_dialog import ImportUnitsDialog

    path = write_import_workbook(_WORK / "Danh sach CDCS moi 2026.xlsx")
    dialog = ImportUnitsDialog(context.workbooks, path=path)
    dialog.resize(1120, 460)
    dialog.show()
    wait_until(lambda: dialog.stack.currentIndex() == 1, what="the workbook to load")
    # The step names the file; show the folder a clerk would have rather than the temporary one.
    dialog.sheet_label.setText(dialog.sheet_label.text().replace(str(path), "D:\\" + path.name))
    save(dialog, "units-import-mapping.png")
    dialog.next_button.click()
    wait_until(lambda: dialog.stack.currentIndex() == 2, what="the preview")
    dialog.preview_table.setCurrentCell(6, 1)  # the «Lưu ý» row: its full message shows below
    dialog.preview_table.setFocus()
    save(dialog, "units-import-preview.png")
    dialog.close()


# -- documents and registers ----------------------------------------------------------------
def documents_screen(context: AppContext) -> None:
    """The Văn bản page (three tabs), the incoming register dialog and the issue dialog."""
    from desktop_app.domain.registers import NumberRequest
    from desktop_app.services.registers import IncomingDraft
    from desktop_app.ui.dialogs.incoming_dialog import IncomingDialog
    from desktop_app.ui.dialogs.issue_dialog import IssueDialog

    attachment = _WORK / "KH-245.docx"
    attachment.write_bytes(b"PK")
    context.registers.register_incoming(
        IncomingDraft(
            date(2026, 11, 20),
            "Ban Thường vụ Liên đoàn Lao động tỉnh Tây Ninh",
            "Kế hoạch tổng kết công tác công đoàn năm 2026 và phương hướng nhiệm vụ năm 2027",
            "245/KH-LĐLĐ",
            date(2026, 11, 18),
            "trước ngày 10/12/2026",
            date(2026, 12, 10),
        ),
        [attachment],
    )
    first = context.registers.take_number(
        NumberRequest(date(2026, 11, 2), "BC", "Báo cáo tình hình công nhân lao động tháng 10")
    )
    context.registers.take_number(NumberRequest(date(2026, 11, 5), "TB", "Thông báo lịch họp Ban Thường vụ"))
    context.registers.cancel_number(first.id, "Lấy nhầm số, văn bản chưa ký")
    window = main_window(context)
    window.show_page("documents")
    page = window.documents_page
    pump()
    save(window, "documents-list.png")
    page.tabs.setCurrentIndex(1)
    page.outgoing_tab.year.setValue(2026)
    pump()
    save(window, "documents-outgoing-register.png")
    page.tabs.setCurrentIndex(2)
    page.incoming_tab.year.setValue(2026)
    pump()
    save(window, "documents-incoming-register.png")
    dialog = IncomingDialog(context.registers.register_incoming, clock(), parent=window)
    dialog.sender_edit.setText("Ban Thường vụ Liên đoàn Lao động tỉnh Tây Ninh")
    dialog.symbol_edit.setText("245/KH-LĐLĐ")
    dialog.summary_edit.setPlainText("Kế hoạch tổng kết công tác công đoàn năm 2026")
    dialog.deadline_edit.setText("trước ngày 10/12/2026")
    dialog.add_files([attachment])
    dialog.show()
    pump()
    save(dialog, "documents-incoming-dialog.png")
    dialog.close()
    # The list holds listings; the dialog shows the document itself.
    draft = context.documents.get(next(r for r in context.documents.list_documents() if not r.issued).id)
    issue = IssueDialog(draft, lambda *args: context.documents.issue(draft.id, *args), clock(), window)
    issue.show()
    pump()
    save(issue, "documents-issue-dialog.png")
    issue.close()
    window.close()


def document_editor(context: AppContext) -> None:
    """The editor on a correction of plan 94: the body tree with the deadlines understood, a task open,
    and the basis line linked to the incoming register."""
    from desktop_app.ui.dialogs.document_editor import DocumentEditor

    plan = next(r for r in context.documents.list_documents() if r.symbol == "94/KH-LĐLĐ")
    draft = context.documents.new_version(plan.id)
    editor = DocumentEditor(draft, context.documents, context.registers.recent_incoming,
                            context.registers.incoming_entry, lambda _doc, _parent: None, clock)
    # The editor sizes itself to the screen (1366×728 here, above a Windows taskbar).
    editor.show()
    pump()
    editor.tabs.setCurrentIndex(2)
    section = editor.tree.topLevelItem(2)  # II. NỘI DUNG VÀ GIẢI PHÁP THỰC HIỆN
    assert section is not None
    task = section.child(2).child(4)  # the reorganisation "trong Quý II/2021"
    editor.tree.setCurrentItem(task)
    editor.tree.scrollToItem(task)
    pump()
    save(editor, "documents-editor-body.png")
    editor.tabs.setCurrentIndex(1)
    pump()
    save(editor, "documents-editor-basis.png")
    editor.tabs.setCurrentIndex(0)
    pump()
    save(editor, "documents-editor-general.png")
    editor.undo_stack.setClean()
    editor.reject()


# -- the change history ----------------------------------------------------------------------------
@contextlib.contextmanager
def as_clerk(login: str) -> Iterator[None]:
    """Changes made inside are logged as the clerk ``login``'s (the log takes the computer's login name)."""
    from desktop_app.persistence import changes as change_hook

    saved = change_hook.default_actor
    change_hook.default_actor = lambda: login  # type: ignore[assignment]
    try:
        yield
    finally:
        change_hook.default_actor = saved  # type: ignore[assignment]


def pin_log_times(context: AppContext) -> None:
    """Spread the log over the morning of TODAY (07:30 on, in Việt Nam): the pictures do not change with the day
    the script runs."""
    from sqlalchemy import text

    start = datetime(2026, 11, 21, 0, 30)  # UTC, as the log keeps it
    with context.database.engine.begin() as connection:
        seqs = [row[0] for row in connection.execute(text("SELECT seq FROM change_log ORDER BY seq"))]
        connection.execute(text("UPDATE change_log SET at = :at WHERE seq = :seq"),
                           [{"at": start + timedelta(seconds=15 * n), "seq": seq} for n, seq in enumerate(seqs)])


def history_screen(context: AppContext) -> None:
    """«Lịch sử thay đổi»: two clerks' work of a morning on top of the demo office, newest first."""
    from desktop_app.services.registers import IncomingDraft

    units = context.units
    with as_clerk("mai.tt"):
        school = units.by_code("CDCS012")  # CĐCS Trường Tiểu học Thị trấn A
        draft = school.draft()
        units.update(school.id, type(draft)(**{**draft.__dict__, "members": 52, "chair": "Lê Thị Thu Hà"}))
        context.registers.register_incoming(IncomingDraft(
            date(2026, 11, 21), "Liên đoàn Lao động tỉnh Tây Ninh",
            "Về việc tổ chức Tết Sum vầy năm 2027 cho đoàn viên, người lao động", "312/LĐLĐ", date(2026, 11, 19)))
    with as_clerk("an.nv"):
        company = units.by_code("CDCS068")  # CĐCS Công ty Cổ phần Bao bì Tân Phú
        units.dissolve(company.id, TODAY, "Doanh nghiệp ngừng hoạt động từ tháng 10/2026")
    pin_log_times(context)
    window = main_window(context)
    window.show_page("history")
    page = window.history_page
    pump()
    page.table.selectRow(0)
    page.table.setFocus()
    save(window, "history.png")
    window.close()


# -- 6. report tracking --------------------------------------------------------------------------
def tracking_screens(context: AppContext) -> None:
    from desktop_app.ui.dialogs.calendar_dialog import CalendarDialog
    from desktop_app.ui.dialogs.reminder_dialog import ReminderDialog

    window = main_window(context)
    window.show_page("overview")
    wait_until(lambda: window.overview_page.overdue_model.rowCount() > 0, what="the start page's lists")
    window.overview_page.overdue_table.setFocus()
    save(window, "overview.png")

    dashboard = context.tracking.dashboard()
    chased = (dashboard.due_soon or dashboard.overdue)[0]
    window.show_page("tracking")
    page = window.tracking_page
    page.select_request(chased.id)
    pump()
    page.detail.receive_box.edit.setFocus()
    save(window, "tracking.png")

    page.detail.tabs.setCurrentWidget(page.detail.charts)
    wait_until(lambda: page.detail.charts.arrival_item is not None, what="the charts")
    pump(0.3)
    save(window, "tracking-charts.png")
    page.detail.tabs.setCurrentIndex(0)

    reminders = context.reminders
    dialog = ReminderDialog(reminders, chased, reminders.missing(chased.id), reminders.default_deadline(),
                            reminders.notice(chased), lambda: r"C:\Users\VanPhong\Documents", lambda _f: None,
                            window)
    save(dialog, "tracking-reminder-dialog.png")
    dialog.reject()

    calendar = CalendarDialog(context.tracking, TODAY.year, window)
    save(calendar, "tracking-calendar.png")
    calendar.reject()
    window.close()
    window.deleteLater()
    pump()


def main() -> int:
    IMAGES.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setStyle("Fusion")
    app.styleHints().setCursorFlashTime(0)  # a steady text cursor: the same picture on every run
    font = QFont("Liberation Sans", 9)
    app.setFont(font)
    app.setAttribute(Qt.ApplicationAttribute.AA_DontShowIconsInMenus, True)
    try:
        setup_wizard()
        context = open_office("demo.sqlite")
        try:
            with as_clerk("vanphong"):  # the change history names the office's login, not the build machine's
                load_demo(context)
                units_screen(context)
                unit_dialogs(context)
                import_dialog(context)
                history(context)
                documents_screen(context)
                document_editor(context)
                history_screen(context)
                tracking_screens(context)
        finally:
            context.close()
    finally:
        shutil.rmtree(_WORK, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
