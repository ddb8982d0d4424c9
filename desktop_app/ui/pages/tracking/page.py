"""The tracking screen (Theo dõi báo cáo): the report requests of a year with their figures, and the selected
one in detail — who has sent it, who is late — with the receive box for fast intake."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QSignalBlocker, Qt, SignalInstance
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSplitter, QToolBar, QVBoxLayout, QWidget

from desktop_app.domain.changes import CALENDAR_DAY, INCOMING, REPORT_REQUEST, SUBMISSION, SUBMISSION_FILE, UNIT
from desktop_app.services.documents import DocumentService
from desktop_app.services.errors import UserError
from desktop_app.services.indicators import IndicatorService
from desktop_app.services.registers import RegisterService
from desktop_app.services.reminders import ReminderService
from desktop_app.services.tracking import ReportRequest, RequestDraft, TrackingService
from desktop_app.services.tracking_exports import TrackingExportService
from desktop_app.services.units import UnitService
from desktop_app.ui.dialogs.request_dialog import PlanTaskDialog, RequestChoices, RequestDialog
from desktop_app.ui.errors import show_error
from desktop_app.ui.models.tracking_models import RequestsTableModel
from desktop_app.ui.pages.documents.widgets import FittedTable, YearCombo, labelled, toolbar
from desktop_app.ui.pages.tracking.detail import RequestDetail
from desktop_app.ui.pages.tracking.exports import TrackingExports
from desktop_app.ui.tasks import on_worker, run_on_worker
from desktop_app.ui.widgets.actions import add_action
from desktop_app.ui.widgets.feedback import tell
from desktop_app.ui.widgets.messages import ask
from desktop_app.ui.widgets.refresh import FollowsChanges

# The plans a request can come from (document type «Kế hoạch»).
PLAN_TYPE = "KH"
# Arrivals offered as the upstream document: the latest ones (what a request answers is recent).
UPSTREAM_CHOICES = 500


class TrackingPage(QWidget):
    """Gets its services through the constructor; reloads when requests, submissions, units, the calendar or the
    incoming register change (``follow``)."""

    shows_kinds: frozenset[str] = frozenset({REPORT_REQUEST, SUBMISSION, SUBMISSION_FILE, CALENDAR_DAY, UNIT,
                                             INCOMING})

    def __init__(
        self,
        tracking: TrackingService,
        units: UnitService,
        registers: RegisterService,
        documents: DocumentService,
        clock: Callable[[], date] = date.today,
        last_folder: Callable[[], str] = lambda: "",
        remember_folder: Callable[[str], None] = lambda _folder: None,
        parent: QWidget | None = None,
        exports: TrackingExportService | None = None,
        print_font: Callable[[], str] = lambda: "",
        reminders: ReminderService | None = None,
        indicators: IndicatorService | None = None,
    ) -> None:
        super().__init__(parent)
        self.indicators = indicators
        self.tracking = tracking
        self.units = units
        self.registers = registers
        self.documents = documents
        self.reminders = reminders
        self._clock = clock
        self._last_folder = last_folder
        self._remember_folder = remember_folder
        self._follower: FollowsChanges | None = None

        self.new_action = add_action(self, self.tr("Yêu cầu báo cáo &mới…"), "Ctrl+N", self.new_request)
        self.new_action.setToolTip(self.tr("Yêu cầu các CĐCS gửi một báo cáo"))
        self.from_plan_action = add_action(self, self.tr("Tạo từ &kế hoạch…"), None, self.new_from_plan)
        self.from_plan_action.setToolTip(self.tr("Tạo yêu cầu báo cáo từ một nhiệm vụ giao CĐCS trong kế hoạch"))
        self.edit_action = add_action(self, self.tr("&Sửa…"), None, self.edit_request)
        self.edit_action.setToolTip(self.tr("Sửa yêu cầu báo cáo đang chọn"))
        self.delete_action = add_action(self, self.tr("&Xóa"), None, self.delete_request)
        self.delete_action.setToolTip(self.tr("Xóa yêu cầu báo cáo tạo nhầm (chỉ khi chưa CĐCS nào nộp)"))
        self.focus_receive_action = add_action(self, self.tr("Nhận báo cáo"), "Ctrl+R", self.focus_receive_box)
        self.refresh_action = add_action(self, self.tr("Làm mới"), "F5", self.reload)

        self.year = YearCombo()
        self.year.valueChanged.connect(lambda _y: self.reload())
        self.requests_model = RequestsTableModel(clock, self)
        # The title gives way first; the dates, counts and rates stay whole.
        self.requests_table = FittedTable(self.requests_model, 0, {0: 420, 1: 200}, (1,))
        self.requests_table.selectionModel().selectionChanged.connect(lambda *_: self._request_selected())
        self.requests_table.doubleClicked.connect(lambda _index: self.edit_request())
        self.detail = RequestDetail(tracking, self, clock, last_folder, remember_folder)
        self.detail.changed.connect(self._refresh_requests)
        # Filled later by the reminder and export dialogs («In công văn đôn đốc…», «Xuất…»).
        self.output_bar = QToolBar()
        self.output_bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.exports = None if exports is None else TrackingExports(
            self, self.output_bar, exports, self.year.value, last_folder, remember_folder, print_font)
        self.remind_action = add_action(self, self.tr("Thư đôn đốc…"), "Ctrl+Shift+D", self.remind)
        self.remind_action.setToolTip(
            self.tr("In công văn đôn đốc các CĐCS chưa nộp báo cáo đang chọn (Ctrl+Shift+D)"))
        self.remind_action.setVisible(reminders is not None)
        self.output_bar.addAction(self.remind_action)
        self._layout()
        self.reload()

    def _layout(self) -> None:
        title = QLabel(self.tr("Theo dõi báo cáo"))
        title.setStyleSheet("font-size: 16px; font-weight: bold;")
        top = QHBoxLayout()
        top.addWidget(title)
        top.addWidget(toolbar(self.new_action, self.from_plan_action, self.edit_action, self.delete_action), 1)
        top.addWidget(self.output_bar)
        top.addWidget(labelled(self.tr("Nă&m:"), self.year))
        top.addWidget(self.year)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.requests_table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([150, 450])
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        # Ctrl+R: a keystroke from anywhere on the page to the box (its tooltip says so).
        self.focus_receive_action.setToolTip(self.detail.receive_box.edit.toolTip())

    # -- loading ---------------------------------------------------------------------------
    def follow(self, changed: SignalInstance) -> None:
        """Reload when something this page shows changed, here or in another window (DataEvents)."""
        self._follower = FollowsChanges(self, self.shows_kinds, self.reload)
        changed.connect(self._follower.changed)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._follower is not None:
            self._follower.shown()
        else:
            self.reload()

    def reload(self, select_id: int | None = None) -> None:
        """The year's requests and the selected one's lines, read again; the selection is kept."""
        keep = select_id if select_id is not None else getattr(self.selected_request(), "id", None)
        self.year.follow_latest(self.tracking.years(), self._clock().year)
        with QSignalBlocker(self.requests_table.selectionModel()):
            self.requests_model.set_rows(self.tracking.requests(self.year.value()))
            self.requests_table.set_hint(self.tr(
                "Chưa có yêu cầu báo cáo nào có hạn trong năm {year}. Bấm «Yêu cầu báo cáo mới…» (Ctrl+N) hoặc "
                "«Tạo từ kế hoạch…».").format(year=self.year.value()))
            self.requests_table.fit()
            row = self.requests_model.row_of(keep) if keep is not None else None
            if row is None and self.requests_model.rowCount():
                row = self._first_to_chase()
            self.requests_table.select_row(row)
        self._request_selected()

    def _first_to_chase(self) -> int:
        """With nothing selected yet: the first request overdue or due this week, else the first one."""
        today = self._clock()
        rows = self.requests_model.rows()
        return next((n for n, r in enumerate(rows) if r.overdue(today) or r.due_soon(today)), 0)

    def _refresh_requests(self) -> None:
        # A write in the detail changed one request's figures: the list shows them, the detail is already fresh.
        keep = getattr(self.selected_request(), "id", None)
        with QSignalBlocker(self.requests_table.selectionModel()):
            self.requests_model.set_rows(self.tracking.requests(self.year.value()))
            self.requests_table.select_row(self.requests_model.row_of(keep) if keep is not None else None)
        self._update_actions()

    def _request_selected(self) -> None:
        request = self.selected_request()
        self.detail.show_request(request.id if request is not None else None)
        self._update_actions()

    def _update_actions(self) -> None:
        chosen = self.selected_request() is not None
        self.edit_action.setEnabled(chosen)
        self.delete_action.setEnabled(chosen)
        request = self.selected_request()
        self.remind_action.setEnabled(request is not None and bool(request.figures.missing))

    # -- what other dialogs use --------------------------------------------------------------
    def selected_request(self) -> ReportRequest | None:
        """The request shown in detail (for the reminder letter and the export)."""
        return request if isinstance(request := self.requests_table.selected(), ReportRequest) else None

    def select_request(self, request_id: int) -> bool:
        """Show the year of a request and select it; False when there is no such request."""
        try:
            request = self.tracking.request(request_id)
        except UserError:
            return False
        with QSignalBlocker(self.year):
            self.year.setValue(request.due.year)
        self.reload(select_id=request_id)
        return self.selected_request() is not None

    def focus_receive_box(self) -> None:
        if self.selected_request() is not None:
            self.detail.focus_receive_box()

    def show_request(self, request_id: int) -> bool:
        """What the start page opens: the request selected in its year, the focus on its lines."""
        if not self.select_request(request_id):
            return False
        self.detail.table.setFocus()
        return True

    def start_receiving(self, request_id: int | None = None) -> bool:
        """What Ctrl+R on the start page does: the receive box focused for ``request_id`` (or for the request
        already selected, else the first overdue or due this week); False when there is no request to log for."""
        if request_id is not None and not self.select_request(request_id):
            return False
        if self.selected_request() is None:
            self.reload()
        if self.selected_request() is None:
            return False
        self.detail.focus_receive_box()
        return True

    # -- requests ----------------------------------------------------------------------------
    def _choices(self) -> RequestChoices:
        return RequestChoices(
            units=self.tracking.grassroots(),
            sectors=self.units.sectors(),
            incoming=self.registers.recent_incoming(UPSTREAM_CHOICES),
            calendar=self.tracking.calendar(),
            forms=self._forms(),
        )

    def _forms(self) -> list[tuple[str, str, list[date]]]:
        """The CĐCS forms a request can ask for, with their snapshot dates."""
        if self.indicators is None:
            return []
        return [(form.id, f"{form.code} — {form.title}", self.indicators.periods(form.id))
                for form in self.indicators.forms() if form.level == "cdcs"]

    def _open_dialog(self, save: Callable[[RequestDraft], ReportRequest], draft: RequestDraft | None,
                     title: str) -> None:
        dialog = RequestDialog(save, self._choices(), self._clock(), draft, title, self)
        if dialog.exec() and dialog.request is not None:
            self.select_request(dialog.request.id)
            tell(self, self.tr("Đã lưu yêu cầu báo cáo «{title}».").format(title=dialog.request.title))

    def new_request(self, draft: RequestDraft | None = None) -> None:
        self._open_dialog(on_worker(self.tracking.create_request, self), draft, self.tr("Yêu cầu báo cáo mới"))

    def new_from_plan(self) -> None:
        plans = [d for d in self.documents.list_documents(type_code=PLAN_TYPE)]
        picker = PlanTaskDialog(plans, self.tracking.candidate_tasks, self)
        if not picker.exec() or picker.chosen is None:
            return
        document_id, task_uuid = picker.chosen
        try:
            draft = self.tracking.draft_from_task(document_id, task_uuid)
        except UserError as exc:
            show_error(self, str(exc))
            return
        self.new_request(draft)

    def edit_request(self) -> None:
        request = self.selected_request()
        if request is None:
            return

        def save(draft: RequestDraft) -> ReportRequest:
            return run_on_worker(lambda: self.tracking.update_request(request.id, draft, request.revision), self)

        self._open_dialog(save, request.draft(), self.tr("Sửa yêu cầu báo cáo"))

    def delete_request(self) -> None:
        request = self.selected_request()
        if request is None:
            return
        answer = ask(self, self.tr("Xóa yêu cầu báo cáo"),
                     self.tr("Xóa yêu cầu «{title}»?").format(title=request.title),
                     [self.tr("Xóa"), self.tr("Hủy")], default=1)
        if answer != 0:
            return
        try:
            run_on_worker(lambda: self.tracking.delete_request(request.id), self)
        except UserError as exc:
            show_error(self, str(exc))
            return
        self.reload()
        tell(self, self.tr("Đã xóa yêu cầu báo cáo «{title}».").format(title=request.title))

    # -- output --------------------------------------------------------------------------------
    def remind(self) -> None:
        """Reminder letters to the CĐCS that have not sent the selected request's report."""
        from desktop_app.ui.dialogs.reminder_dialog import ReminderDialog

        request = self.selected_request()
        if request is None or self.reminders is None:
            return
        reminders = self.reminders
        try:
            missing = reminders.missing(request.id)
            deadline = reminders.default_deadline()
        except UserError as exc:
            show_error(self, str(exc))
            return
        if not missing:
            show_error(self, self.tr("Mọi CĐCS phải nộp «{title}» đã nộp: không có ai cần đôn đốc.").format(
                title=request.title))
            return
        dialog = ReminderDialog(reminders, request, missing, deadline, reminders.notice(request), self._last_folder,
                                self._remember_folder, self)
        if dialog.exec() and dialog.batch is not None:
            tell(self, self.tr("Đã in {n} công văn đôn đốc cho «{title}».").format(
                n=len(dialog.batch.letters), title=request.title))
