"""A report request (yêu cầu báo cáo): what is asked, for which period, from which CĐCS, by when, and the upstream
deadline it serves; and the picker that starts one from a plan's task.

While the clerk edits, the dialog says how many CĐCS will be expected on the due date, the working days left
before the upstream deadline, and when the due date is a day off; the service's refusals stay in the dialog.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.i18n import _
from desktop_app.domain.tracking import (
    ALL,
    ALL_BUT,
    AUDIENCE_LABELS,
    LISTED,
    NARRATIVE,
    SECTORS,
    WHAT_LABELS,
    Audience,
    UnitSpan,
    asked_units,
)
from desktop_app.domain.units import Sector
from desktop_app.domain.vntext import format_date, search_key, search_tokens
from desktop_app.domain.workdays import WorkCalendar
from desktop_app.services.documents import DocumentListing
from desktop_app.services.errors import UserError
from desktop_app.services.registers import IncomingEntry
from desktop_app.services.tracking import ReportRequest, RequestDraft
from desktop_app.ui.widgets.forms import (
    UNDERSTOOD_STYLE,
    WARNING_STYLE,
    ErrorLabel,
    dialog_buttons,
    labelled_rows,
    resize_within_screen,
    text_box,
)

SaveCall = Callable[[RequestDraft], ReportRequest]
DATE_FORMAT = "dd/MM/yyyy"
_WEEKDAY_NAMES = (_("Thứ hai"), _("Thứ ba"), _("Thứ tư"), _("Thứ năm"), _("Thứ sáu"), _("Thứ bảy"), _("Chủ nhật"))


def date_edit(day: date) -> QDateEdit:
    """A date field in the Vietnamese order (dd/MM/yyyy) with a calendar to pick from."""
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setDisplayFormat(DATE_FORMAT)
    edit.setCalendarPopup(True)
    return edit


def edit_date(edit: QDateEdit) -> date:
    value = edit.date()
    return date(value.year(), value.month(), value.day())


def set_edit_date(edit: QDateEdit, day: date) -> None:
    edit.setDate(QDate(day.year, day.month, day.day))


@dataclass(frozen=True)
class RequestChoices:
    """What the dialog offers: the CĐCS (with their life spans), the sectors, the recent arrivals (the upstream
    documents) and the office's working-day calendar."""

    units: Sequence[UnitSpan]
    sectors: Sequence[Sector]
    incoming: Sequence[IncomingEntry]
    calendar: WorkCalendar
    #: The indicator forms a request can ask the CĐCS to fill: (id, «Mẫu số 1-HĐCĐ — …», its snapshot dates).
    forms: Sequence[tuple[str, str, Sequence[date]]] = ()


def upstream_text(entry: IncomingEntry) -> str:
    symbol = entry.their_symbol or _("số đến {n}").format(n=entry.arrival_number)
    deadline = format_date(entry.deadline) if entry.deadline else (entry.deadline_text or _("không ghi"))
    return _("{symbol} — {sender} — hạn {deadline}").format(symbol=symbol, sender=entry.sender, deadline=deadline)


class RequestDialog(QDialog):
    """``save`` is the service call (create or update, through the worker); ``request`` holds its result."""

    def __init__(
        self,
        save: SaveCall,
        choices: RequestChoices,
        today: date,
        draft: RequestDraft | None = None,
        title: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._save = save
        self._choices = choices
        self._calendar = choices.calendar
        self.request: ReportRequest | None = None
        self.setWindowTitle(title or self.tr("Yêu cầu báo cáo mới"))
        draft = draft or RequestDraft(title="", issued_on=today, due=today, period=str(today.year))
        self._draft = draft

        self.title_edit = QLineEdit(draft.title)
        self.title_edit.setPlaceholderText(self.tr("ví dụ: Báo cáo sơ kết công đoàn 6 tháng đầu năm"))
        self.what_combo = QComboBox()
        for code, label in WHAT_LABELS.items():
            self.what_combo.addItem(label, code)
        self.what_combo.setCurrentIndex(max(0, self.what_combo.findData(draft.what or NARRATIVE)))
        # The form asked for, from the shipped indicator forms, and the snapshot date its figures are as of: a
        # form the CĐCS completes in the app or returns as a workbook is then logged as received by itself.
        self.form_combo = QComboBox()
        self.form_combo.addItem(self.tr("(không có biểu mẫu)"), None)
        self._form_periods: dict[str, Sequence[date]] = {}
        for form_id, label, periods in choices.forms:
            self.form_combo.addItem(label, form_id)
            self._form_periods[form_id] = periods
        if draft.form_id and self.form_combo.findData(draft.form_id) < 0:
            self.form_combo.addItem(draft.form_id, draft.form_id)  # a form no longer shipped stays as it was
        self.form_combo.setCurrentIndex(max(0, self.form_combo.findData(draft.form_id)))
        self.form_period_combo = QComboBox()
        self.form_combo.currentIndexChanged.connect(lambda _i: self._fill_form_periods(None))
        self.what_combo.currentIndexChanged.connect(lambda _i: self._update_form_fields())
        self._fill_form_periods(draft.form_period)
        self.period_edit = QLineEdit(draft.period)
        self.issued_edit = date_edit(draft.issued_on)
        self.due_edit = date_edit(draft.due)
        self.upstream_combo = QComboBox()
        self.upstream_combo.addItem(self.tr("(không gắn văn bản cấp trên)"), None)
        for entry in choices.incoming:
            self.upstream_combo.addItem(upstream_text(entry), entry.uuid)
            self.upstream_combo.setItemData(self.upstream_combo.count() - 1, entry.summary,
                                            Qt.ItemDataRole.ToolTipRole)
        self.upstream_combo.setMinimumContentsLength(30)
        self.upstream_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        if draft.upstream_uuid:
            self.upstream_combo.setCurrentIndex(max(0, self.upstream_combo.findData(draft.upstream_uuid)))
        self.notes_edit = text_box(2)
        self.notes_edit.setPlainText(draft.notes)

        self.expected_label = QLabel()
        self.expected_label.setStyleSheet(UNDERSTOOD_STYLE)
        self.slack_label = QLabel()
        self.day_off_label = QLabel()
        self.day_off_label.setStyleSheet(WARNING_STYLE)
        self.day_off_label.setWordWrap(True)
        self.error_label = ErrorLabel()

        self._build_audience(draft.audience)
        self._layout()
        for edit in (self.issued_edit, self.due_edit):
            edit.dateChanged.connect(lambda _d: self.update_summary())
        self.upstream_combo.currentIndexChanged.connect(lambda _i: self.update_summary())
        self.update_summary()
        resize_within_screen(self, 940, 600)

    # -- audience --------------------------------------------------------------------------
    def _build_audience(self, audience: Audience) -> None:
        self.audience_combo = QComboBox()
        for kind, label in AUDIENCE_LABELS.items():
            self.audience_combo.addItem(label, kind)
        self.sector_list = QListWidget()
        chosen_sectors = set(audience.sectors) if audience.kind == SECTORS else set()
        for sector in self._choices.sectors:
            item = QListWidgetItem(sector.name)
            item.setData(Qt.ItemDataRole.UserRole, sector.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if sector.code in chosen_sectors else Qt.CheckState.Unchecked)
            self.sector_list.addItem(item)
        self.unit_filter = QLineEdit()
        self.unit_filter.setPlaceholderText(self.tr("Gõ tên hoặc mã CĐCS, không cần dấu, để lọc"))
        self.unit_filter.setClearButtonEnabled(True)
        self.unit_list = QListWidget()
        chosen_units = set(audience.units) if audience.kind in (LISTED, ALL_BUT) else set()
        self._unit_keys: list[str] = []
        for unit in sorted(self._choices.units, key=lambda u: u.code):
            if unit.dissolved is not None and unit.uuid not in chosen_units:
                continue  # a dissolved CĐCS cannot be asked; one already chosen stays visible to be unticked
            item = QListWidgetItem(f"{unit.name} ({unit.code})")
            item.setData(Qt.ItemDataRole.UserRole, unit.uuid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if unit.uuid in chosen_units else Qt.CheckState.Unchecked)
            self.unit_list.addItem(item)
            self._unit_keys.append(search_key(f"{unit.code} {unit.name}"))
        self.unit_list_label = QLabel()
        self.unit_filter.textChanged.connect(self._filter_units)

        units_page = QWidget()
        units_layout = QVBoxLayout(units_page)
        units_layout.setContentsMargins(0, 0, 0, 0)
        units_layout.addWidget(self.unit_list_label)
        units_layout.addWidget(self.unit_filter)
        units_layout.addWidget(self.unit_list)
        all_label = QLabel(self.tr("Mọi CĐCS đang hoạt động vào hạn nộp đều phải nộp."))
        all_label.setWordWrap(True)
        all_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.audience_pages = QStackedWidget()
        self.audience_pages.addWidget(all_label)
        self.audience_pages.addWidget(self.sector_list)
        self.audience_pages.addWidget(units_page)
        self.audience_combo.currentIndexChanged.connect(lambda _i: self._audience_kind_changed())
        self.sector_list.itemChanged.connect(lambda _item: self.update_summary())
        self.unit_list.itemChanged.connect(lambda _item: self.update_summary())
        self.audience_combo.setCurrentIndex(max(0, self.audience_combo.findData(audience.kind)))
        self._audience_kind_changed()

    def _audience_kind_changed(self) -> None:
        kind = self.audience_combo.currentData()
        self.audience_pages.setCurrentIndex({ALL: 0, SECTORS: 1}.get(kind, 2))
        self.unit_list_label.setText(
            self.tr("Đánh dấu các CĐCS phải nộp:") if kind == LISTED else self.tr("Đánh dấu các CĐCS không phải nộp:")
        )
        self.update_summary()

    def _filter_units(self, text: str) -> None:
        tokens = search_tokens(text)
        for row, key in enumerate(self._unit_keys):
            self.unit_list.item(row).setHidden(not all(t in key for t in tokens))

    @staticmethod
    def _checked(widget: QListWidget) -> tuple[str, ...]:
        return tuple(
            str(widget.item(r).data(Qt.ItemDataRole.UserRole))
            for r in range(widget.count())
            if widget.item(r).checkState() == Qt.CheckState.Checked
        )

    def audience(self) -> Audience:
        kind = str(self.audience_combo.currentData())
        if kind == SECTORS:
            return Audience(SECTORS, sectors=self._checked(self.sector_list))
        if kind in (LISTED, ALL_BUT):
            return Audience(kind, units=self._checked(self.unit_list))
        return Audience(ALL)

    def check_units(self, codes: Sequence[str]) -> None:
        """Tick the CĐCS with these codes in the hand-picked list (what a click on each box does)."""
        wanted = {u.uuid for u in self._choices.units if u.code in set(codes)}
        for row in range(self.unit_list.count()):
            item = self.unit_list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) in wanted:
                item.setCheckState(Qt.CheckState.Checked)

    # -- layout ----------------------------------------------------------------------------
    def _layout(self) -> None:
        form = QFormLayout()
        labelled_rows(form, [
            (self.tr("&Tên báo cáo:"), self.title_edit),
            (self.tr("&Nội dung yêu cầu:"), self.what_combo),
            (self.tr("&Mẫu biểu:"), self.form_combo),
            (self.tr("Số liệu tính đến &ngày:"), self.form_period_combo),
            (self.tr("&Kỳ báo cáo:"), self.period_edit),
            (self.tr("Ngày &gửi yêu cầu:"), self.issued_edit),
            (self.tr("&Hạn nộp:"), self.due_edit),
            (self.tr("Văn bản &cấp trên:"), self.upstream_combo),
            (self.tr("Ghi &chú:"), self.notes_edit),
        ])  # fmt: skip
        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(self.day_off_label)
        left.addWidget(self.slack_label)
        left.addWidget(self.expected_label)
        left.addStretch(1)

        right = QVBoxLayout()
        audience_label = QLabel(self.tr("CĐCS &phải nộp:"))
        audience_label.setBuddy(self.audience_combo)
        right.addWidget(audience_label)
        right.addWidget(self.audience_combo)
        right.addWidget(self.audience_pages, 1)

        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(dialog_buttons(self, self.tr("Lưu"), save=True))

    # -- what the clerk sees while editing -------------------------------------------------
    def upstream(self) -> IncomingEntry | None:
        uuid = self.upstream_combo.currentData()
        return next((e for e in self._choices.incoming if e.uuid == uuid), None)

    def update_summary(self) -> None:
        due = edit_date(self.due_edit)
        asked = asked_units(self.audience(), self._choices.units, due)
        self.expected_label.setText(
            self.tr("{n} CĐCS phải nộp vào hạn {due}.").format(n=len(asked), due=format_date(due)))
        if self._calendar.is_working_day(due):
            self.day_off_label.setText("")
        else:
            name = self._calendar.day_off_name(due) or _WEEKDAY_NAMES[due.weekday()]
            self.day_off_label.setText(
                self.tr("Hạn rơi vào ngày nghỉ ({name}), tính đến hết ngày {day}.").format(
                    name=name, day=format_date(self._calendar.next_working_day(due))))
        self.day_off_label.setVisible(bool(self.day_off_label.text()))
        entry = self.upstream()
        if entry is None or entry.deadline is None:
            self.slack_label.setText(
                self.tr("Văn bản cấp trên này không ghi hạn theo ngày.") if entry is not None else "")
            self.slack_label.setStyleSheet("")
        else:
            slack = self._calendar.working_days_between(due, entry.deadline)
            if slack < 0:
                text = self.tr("Hạn nộp sau hạn cấp trên {deadline} {n} ngày làm việc.").format(
                    deadline=format_date(entry.deadline), n=-slack)
            else:
                text = self.tr("Còn {n} ngày làm việc từ hạn nộp đến hạn cấp trên {deadline}.").format(
                    n=slack, deadline=format_date(entry.deadline))
            self.slack_label.setText(text)
            self.slack_label.setStyleSheet(WARNING_STYLE if slack < 2 else "")
        self.slack_label.setVisible(bool(self.slack_label.text()))

    def _form_id(self) -> str | None:
        if self.what_combo.currentData() == NARRATIVE:
            return None
        value = self.form_combo.currentData()
        return str(value) if value else None

    def _fill_form_periods(self, chosen: date | None) -> None:
        form_id = self.form_combo.currentData()
        periods = self._form_periods.get(str(form_id), ()) if form_id else ()
        self.form_period_combo.clear()
        for day in reversed(periods):  # the latest first
            self.form_period_combo.addItem(format_date(day), day)
        if chosen is not None and self.form_period_index(chosen) < 0:
            self.form_period_combo.addItem(format_date(chosen), chosen)
        if chosen is not None:
            self.form_period_combo.setCurrentIndex(self.form_period_index(chosen))
        self._update_form_fields()

    def form_period_index(self, day: date) -> int:
        """The line of ``day`` in the snapshot dates (-1 when absent); findData does not match a date."""
        return next((n for n in range(self.form_period_combo.count())
                     if self.form_period_combo.itemData(n) == day), -1)

    def _update_form_fields(self) -> None:
        asks_form = self.what_combo.currentData() != NARRATIVE
        self.form_combo.setEnabled(asks_form)
        self.form_period_combo.setEnabled(asks_form and self.form_period_combo.count() > 0
                                          and bool(self.form_combo.currentData()))

    def draft(self) -> RequestDraft:
        return RequestDraft(
            title=self.title_edit.text(),
            issued_on=edit_date(self.issued_edit),
            due=edit_date(self.due_edit),
            what=str(self.what_combo.currentData()),
            form_id=self._form_id(),
            form_period=self.form_period_combo.currentData() if self._form_id() else None,
            period=self.period_edit.text(),
            audience=self.audience(),
            upstream_uuid=self.upstream_combo.currentData(),
            document_uuid=self._draft.document_uuid,
            task_uuid=self._draft.task_uuid,
            notes=self.notes_edit.toPlainText(),
        )

    def accept(self) -> None:
        try:
            self.request = self._save(self.draft())
        except UserError as exc:
            self.error_label.show_message(str(exc))
            return
        super().accept()


class PlanTaskDialog(QDialog):
    """Pick a plan (issued or draft), then one of its tasks that asks the CĐCS; ``chosen`` is
    (document id, task uuid). ``tasks_of`` is TrackingService.candidate_tasks."""

    def __init__(
        self,
        plans: Sequence[DocumentListing],
        tasks_of: Callable[[int], list[tuple[str, str, date | None, int | None]]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Tạo yêu cầu báo cáo từ kế hoạch"))
        self._tasks_of = tasks_of
        self.chosen: tuple[int, str] | None = None
        self.plan_list = QListWidget()
        for plan in plans:
            symbol = plan.symbol or self.tr("Dự thảo")
            item = QListWidgetItem(f"{symbol} — {plan.summary}")
            item.setData(Qt.ItemDataRole.UserRole, plan.id)
            item.setToolTip(plan.summary)
            self.plan_list.addItem(item)
        self.task_list = QListWidget()
        self.task_list.setWordWrap(True)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.error_label = ErrorLabel()
        self.plan_list.currentRowChanged.connect(lambda _r: self._show_tasks())
        self.task_list.itemDoubleClicked.connect(lambda _item: self.accept())

        plans_label = QLabel(self.tr("&Kế hoạch:"))
        plans_label.setBuddy(self.plan_list)
        tasks_label = QLabel(self.tr("&Nhiệm vụ giao CĐCS:"))
        tasks_label.setBuddy(self.task_list)
        columns = QHBoxLayout()
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(plans_label)
        left.addWidget(self.plan_list)
        right.addWidget(tasks_label)
        right.addWidget(self.task_list)
        right.addWidget(self.hint)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(dialog_buttons(self, self.tr("Tạo yêu cầu…")))
        if not plans:
            self.hint.setText(self.tr("Chưa có kế hoạch nào (dự thảo hoặc đã ban hành)."))
        else:
            self.plan_list.setCurrentRow(0)
        resize_within_screen(self, 900, 480)

    def _show_tasks(self) -> None:
        self.task_list.clear()
        self.error_label.show_message("")
        item = self.plan_list.currentItem()
        if item is None:
            return
        try:
            tasks = self._tasks_of(int(item.data(Qt.ItemDataRole.UserRole)))
        except UserError as exc:
            self.error_label.show_message(str(exc))
            return
        for uuid, text, due, request_id in tasks:
            when = format_date(due) if due else self.tr("chưa rõ hạn")
            task = QListWidgetItem(f"{text} — {when}")
            task.setData(Qt.ItemDataRole.UserRole, uuid)
            if request_id is not None:
                task.setText(self.tr("{task} (đã có yêu cầu báo cáo)").format(task=task.text()))
                task.setFlags(task.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.task_list.addItem(task)
        self.hint.setText(
            "" if tasks else self.tr("Kế hoạch này không có nhiệm vụ nào giao cho các CĐCS."))
        enabled = [r for r in range(self.task_list.count())
                   if self.task_list.item(r).flags() & Qt.ItemFlag.ItemIsEnabled]
        if enabled:
            self.task_list.setCurrentRow(enabled[0])

    def accept(self) -> None:
        plan, task = self.plan_list.currentItem(), self.task_list.currentItem()
        if plan is None or task is None or not task.flags() & Qt.ItemFlag.ItemIsEnabled:
            self.error_label.show_message(self.tr("Hãy chọn một nhiệm vụ chưa có yêu cầu báo cáo."))
            return
        self.chosen = (int(plan.data(Qt.ItemDataRole.UserRole)), str(task.data(Qt.ItemDataRole.UserRole)))
        super().accept()
