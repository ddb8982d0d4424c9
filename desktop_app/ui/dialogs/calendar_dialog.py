"""«Lịch làm việc»: a year's days off and swapped working days as the due dates count them — the public holidays
the holidays library knows, the government's swaps shipped with the app, and the office's own days, which the clerk
adds and removes here with a note saying on what grounds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QCoreApplication, QSignalBlocker
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.vntext import format_date, parse_date
from desktop_app.domain.workdays import DayOverride, WorkCalendar
from desktop_app.services.errors import UserError
from desktop_app.services.tracking import TrackingService
from desktop_app.ui.tasks import run_on_worker
from desktop_app.ui.widgets.forms import ErrorLabel, labelled_rows

_WEEKDAYS = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")


def _tr(text: str) -> str:
    return QCoreApplication.translate("CalendarDialog", text)


@dataclass(frozen=True)
class CalendarLine:
    """One day of the list: off or worked, its name or grounds, and where the rule comes from."""

    day: date
    working: bool
    name: str
    source: str  # LAW, GOVERNMENT or OFFICE

    @property
    def office(self) -> bool:
        return self.source == OFFICE


LAW = "law"
GOVERNMENT = "government"
OFFICE = "office"
SOURCE_LABELS = {LAW: _tr("Ngày lễ, Tết"), GOVERNMENT: _tr("Thông báo của Chính phủ"), OFFICE: _tr("Của cơ quan")}


def calendar_lines(calendar: WorkCalendar, office: list[DayOverride], year: int) -> list[CalendarLine]:
    """The year's days off and worked weekend days, by date, each with its source: the office's own days first
    (they win), then what the holiday law alone says, else the shipped government decisions."""
    law = WorkCalendar()
    own = {o.day for o in office if o.day.year == year}
    law_off = dict(law.days_off(year))
    law_worked = dict(law.swapped_working_days(year))
    lines = []
    for working, listed, by_law in ((False, calendar.days_off(year), law_off),
                                    (True, calendar.swapped_working_days(year), law_worked)):
        for day, name in listed:
            source = OFFICE if day in own else LAW if by_law.get(day) == name else GOVERNMENT
            lines.append(CalendarLine(day, working, name, source))
    # An office day that makes a weekday worked is in neither list of the calendar: it is listed all the same.
    listed_days = {line.day for line in lines}
    for override in office:
        if override.day.year == year and override.day not in listed_days:
            lines.append(CalendarLine(override.day, override.working, override.note, OFFICE))
    return sorted(lines, key=lambda line: line.day)


class CalendarDialog(QDialog):
    """Shows ``year`` (the clerk may pick another); adds, changes and removes the office's own days through
    ``tracking`` on the database worker. A refusal (no grounds given, a bad date) is said in the dialog."""

    def __init__(self, tracking: TrackingService, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tracking = tracking
        self.setWindowTitle(self.tr("Lịch làm việc"))
        self.resize(760, 620)
        self.lines: list[CalendarLine] = []

        self.year_spin = QSpinBox()
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setValue(year)
        self.year_spin.valueChanged.connect(lambda _y: self.reload())
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Ngày"), self.tr("Thứ"), self.tr("Nghỉ hay làm"), self.tr("Tên, căn cứ"), self.tr("Nguồn")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selected)

        self.date_edit = QLineEdit()
        self.date_edit.setPlaceholderText(self.tr("ngày/tháng/năm, ví dụ 02/01/2026"))
        self.kind_combo = QComboBox()
        self.kind_combo.addItem(self.tr("Ngày nghỉ"), False)
        self.kind_combo.addItem(self.tr("Ngày làm việc (làm bù)"), True)
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText(self.tr("căn cứ, ví dụ: Thông báo số 123/TB-LĐLĐ nghỉ bù"))
        self.save_button = QPushButton(self.tr("&Lưu ngày của cơ quan"))
        self.save_button.clicked.connect(lambda _checked=False: self.save_day())
        self.remove_button = QPushButton(self.tr("&Bỏ ngày đã chọn"))
        self.remove_button.setToolTip(self.tr("Chỉ bỏ được ngày của cơ quan; ngày lễ, Tết theo luật giữ nguyên"))
        self.remove_button.clicked.connect(lambda _checked=False: self.remove_day())
        self.error_label = ErrorLabel()
        self.count_label = QLabel()
        self._layout()
        self.reload()

    def _layout(self) -> None:
        top = QHBoxLayout()
        year_label = QLabel(self.tr("Nă&m:"))
        year_label.setBuddy(self.year_spin)
        top.addWidget(year_label)
        top.addWidget(self.year_spin)
        top.addWidget(self.count_label, 1)
        intro = QLabel(self.tr(
            "Hạn nộp báo cáo và số ngày làm việc được tính theo lịch này: thứ bảy, chủ nhật, ngày lễ, Tết, các ngày "
            "nghỉ bù và làm bù Chính phủ quyết định, và các ngày cơ quan tự thêm dưới đây."))
        intro.setWordWrap(True)
        form = QFormLayout()
        labelled_rows(form, [(self.tr("&Ngày:"), self.date_edit), (self.tr("&Loại:"), self.kind_combo),
                             (self.tr("&Căn cứ:"), self.note_edit)])
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(self.save_button)
        buttons_row.addWidget(self.remove_button)
        buttons_row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Đóng"))
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        own = QLabel(self.tr("Ngày của cơ quan"))
        own.setStyleSheet("font-weight: bold;")
        layout.addWidget(own)
        layout.addLayout(form)
        layout.addLayout(buttons_row)
        layout.addWidget(self.error_label)
        layout.addWidget(close)

    # -- showing ---------------------------------------------------------------------------
    def reload(self, select: date | None = None) -> None:
        year = self.year_spin.value()
        calendar, office = run_on_worker(lambda: (self.tracking.calendar(), self.tracking.office_days()), self)
        self.lines = calendar_lines(calendar, office, year)
        with QSignalBlocker(self.table):
            self.table.clearSelection()
            self.table.setRowCount(len(self.lines))
            for row, line in enumerate(self.lines):
                cells = [format_date(line.day), self.tr(_WEEKDAYS[line.day.weekday()]),
                         self.tr("Làm việc") if line.working else self.tr("Nghỉ"), line.name,
                         SOURCE_LABELS[line.source]]
                for column, text in enumerate(cells):
                    self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        off = sum(1 for line in self.lines if not line.working)
        self.count_label.setText(self.tr("{off} ngày nghỉ, {worked} ngày làm bù").format(
            off=off, worked=len(self.lines) - off))
        rows = [n for n, line in enumerate(self.lines) if line.day == select]
        if rows:
            self.table.selectRow(rows[0])
        self._selected()

    def selected_line(self) -> CalendarLine | None:
        rows = self.table.selectionModel().selectedRows()
        return self.lines[rows[0].row()] if rows else None

    def _selected(self) -> None:
        line = self.selected_line()
        self.remove_button.setEnabled(line is not None and line.office)
        if line is not None and line.office:
            # Picking an office day offers it for editing.
            self.date_edit.setText(format_date(line.day))
            self.kind_combo.setCurrentIndex(self.kind_combo.findData(line.working))
            self.note_edit.setText(line.name)

    # -- writing ---------------------------------------------------------------------------
    def save_day(self) -> bool:
        """Add or change the office's own day from the form; False (and the reason shown) when refused."""
        try:
            day = parse_date(self.date_edit.text())
        except ValueError as exc:
            self.error_label.show_message(str(exc))
            self.date_edit.setFocus()
            return False
        working = bool(self.kind_combo.currentData())
        note = self.note_edit.text()
        try:
            run_on_worker(lambda: self.tracking.set_office_day(day, working, note), self)
        except UserError as exc:
            self.error_label.show_message(str(exc))
            self.note_edit.setFocus()
            return False
        self.error_label.show_message("")
        if day.year != self.year_spin.value():
            with QSignalBlocker(self.year_spin):
                self.year_spin.setValue(day.year)
        self.reload(select=day)
        return True

    def remove_day(self) -> bool:
        line = self.selected_line()
        if line is None or not line.office:
            return False
        try:
            run_on_worker(lambda: self.tracking.clear_office_day(line.day), self)
        except UserError as exc:
            self.error_label.show_message(str(exc))
            return False
        self.error_label.show_message("")
        self.date_edit.clear()
        self.note_edit.clear()
        self.reload()
        return True
