"""One request in detail: its figures, the receive box, the table of its CĐCS with bulk actions and dropped files,
and its figures per sector. Every write goes through the database worker."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.i18n import _
from desktop_app.domain.tracking import (
    EXEMPT,
    PENDING,
    RECEIVED,
    RETURNED,
    Figures,
    Punctuality,
    UnitSpan,
    percent,
    punctuality,
)
from desktop_app.domain.vntext import format_date
from desktop_app.files.atomic import OutputPathError, write_bytes_atomically
from desktop_app.services.errors import UserError
from desktop_app.services.tracking import Receipt, ReportRequest, SubmissionFile, SubmissionLine, TrackingService
from desktop_app.ui.models.tracking_models import SectorFiguresModel, SubmissionLinesModel
from desktop_app.ui.pages.documents.widgets import toolbar
from desktop_app.ui.pages.tracking.charts import PunctualityDialog, RequestCharts
from desktop_app.ui.pages.tracking.lines_table import LinesTable
from desktop_app.ui.pages.tracking.receive_box import ReceiveBox
from desktop_app.ui.tasks import run_on_worker
from desktop_app.ui.widgets.actions import add_action
from desktop_app.ui.widgets.feedback import tell
from desktop_app.ui.widgets.forms import ErrorLabel
from desktop_app.ui.widgets.messages import ask
from desktop_app.ui.widgets.tables import ColumnFitter, HintedTable

T = TypeVar("T")

# The note an undone receipt leaves in the history.
UNDO_NOTE = _("hoàn tác ghi nhận")


def figures_text(figures: Figures) -> str:
    return QCoreApplication.translate(
        "RequestDetail",
        "Phải nộp {expected} · Đã nộp {received} (đúng hạn {on_time}, muộn {late}) · Chưa nộp {missing} "
        "(trả lại để sửa {returned}) · Miễn {exempt} — Tỷ lệ nộp đủ {completeness} · Tỷ lệ đúng hạn {timeliness}"
    ).format(
        expected=figures.expected, received=figures.received, on_time=figures.on_time, late=figures.late,
        missing=len(figures.missing), returned=figures.returned, exempt=figures.exempt,
        completeness=percent(figures.completeness), timeliness=percent(figures.timeliness),
    )  # fmt: skip


class RequestDetail(QWidget):
    """Shows the request given to ``show_request``; ``changed`` is emitted after each write (the requests list
    shows the new figures). ``overlay`` is the widget the receive box's matches float over."""

    changed = Signal()

    def __init__(
        self,
        tracking: TrackingService,
        overlay: QWidget,
        clock: Callable[[], date],
        last_folder: Callable[[], str] = lambda: "",
        remember_folder: Callable[[str], None] = lambda _folder: None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.tracking = tracking
        self._clock = clock
        self._last_folder = last_folder
        self._remember_folder = remember_folder
        self.request: ReportRequest | None = None
        self._lines: tuple[SubmissionLine, ...] = ()
        self._undo: tuple[int, str, str] | None = None  # (request id, unit code, name) of the last receipt
        self._backdate_notes: dict[date, str] = {}  # the last note per day: a pile of one day's papers, one note

        self.title_label = QLabel()
        self.title_label.setStyleSheet("font-weight: bold;")
        self.title_label.setWordWrap(True)
        self.figures_label = QLabel()
        self.figures_label.setWordWrap(True)
        self.facts_label = QLabel()
        self.facts_label.setWordWrap(True)
        self.facts_label.setStyleSheet("color: #555;")

        self.receive_box = ReceiveBox(overlay, clock())
        self.receive_box.receive.connect(self.receive_line)
        self.receive_box.undo.connect(self.undo_last)

        self.lines_model = SubmissionLinesModel(clock, self)
        self.table = LinesTable(self.lines_model)
        self.table.files_dropped.connect(self.files_dropped)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.set_hint(self.tr("Chọn một yêu cầu báo cáo ở danh sách trên."))
        self.missing_only = QCheckBox(self.tr("Chỉ hiện &chưa nộp"))
        self.missing_only.toggled.connect(lambda _on: self._show_lines())
        self.sector_model = SectorFiguresModel(self)
        self.sector_table = HintedTable(self.sector_model)

        self.receive_action = add_action(self, self.tr("Ghi nhận đã nộp"), None, self.receive_selected)
        self.receive_action.setToolTip(self.tr(
            "Ghi nhận các CĐCS đang chọn đã nộp, vào ngày và theo hình thức ở ô Nhận báo cáo"))
        self.return_action = add_action(self, self.tr("Trả lại để sửa…"), None, self.return_selected)
        self.exempt_action = add_action(self, self.tr("Miễn nộp…"), None, self.exempt_selected)
        self.reset_action = add_action(self, self.tr("Chuyển về chưa nộp…"), None, self.reset_selected)
        self.save_file_action = add_action(self, self.tr("Lưu tệp đính kèm…"), None, self.save_attachment)
        self.save_file_action.setToolTip(self.tr(
            "Lưu một bản sao tệp CĐCS đã gửi (kéo thả tệp vào dòng của CĐCS để đính kèm)"))
        self.bulk_actions = [self.receive_action, self.return_action, self.exempt_action, self.reset_action]
        self.punctuality_action = add_action(self, self.tr("Lịch sử nộp báo cáo…"), None, self.show_punctuality)
        self.punctuality_action.setToolTip(self.tr(
            "CĐCS đang chọn đã nộp đúng hạn, muộn hay chưa nộp các báo cáo qua các năm"))
        self.charts = RequestCharts()
        self.error_label = ErrorLabel()
        self._layout()
        # The code, status, dates and counts stay whole; the name and the note give way first.
        self.fitter = ColumnFitter(self.table, {1: 320, 6: 240, 7: 140}, shrink=[1, 6, 7], minimums={1: 180})
        self._update_actions()

    def _layout(self) -> None:
        actions = QHBoxLayout()
        actions.addWidget(toolbar(*self.bulk_actions, self.save_file_action), 1)
        actions.addWidget(self.missing_only)
        lines_tab = QWidget()
        lines_layout = QVBoxLayout(lines_tab)
        lines_layout.setContentsMargins(0, 0, 0, 0)
        lines_layout.addLayout(actions)
        lines_layout.addWidget(self.error_label)
        lines_layout.addWidget(self.table, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(lines_tab, self.tr("Các CĐCS"))
        self.tabs.addTab(self.sector_table, self.tr("Theo khối, ngành"))
        self.tabs.addTab(self.charts, self.tr("Biểu đồ"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title_label)
        layout.addWidget(self.figures_label)
        layout.addWidget(self.facts_label)
        layout.addWidget(self.receive_box)
        layout.addWidget(self.tabs, 1)

    # -- showing ---------------------------------------------------------------------------
    def show_request(self, request_id: int | None) -> None:
        if request_id is None:
            self.request, self._lines = None, ()
            self._show()
            return
        if self.request is None or self.request.id != request_id:
            self._undo = None
            self.receive_box.said("")
            self.error_label.show_message("")
        status = self.tracking.status(request_id)
        self.request, self._lines = status.request, status.lines
        self._show()

    def reload(self) -> None:
        """Read the shown request again (its lines, its figures), keeping the selected lines."""
        if self.request is None:
            return
        try:
            self.show_request(self.request.id)
        except UserError:  # deleted meanwhile (by another window)
            self.show_request(None)

    def _show(self) -> None:
        request = self.request
        today = self._clock()
        self.receive_box.set_today(today)
        self.receive_box.setEnabled(request is not None)
        if request is None:
            for label in (self.title_label, self.figures_label, self.facts_label):
                label.setText("")
            self.lines_model.set_lines((), today)
            self.sector_model.set_rows([])
            self.charts.show_data(None, None, (), ())
            self.receive_box.set_lines(())
            self._update_actions()
            return
        self.title_label.setText(request.title)
        self.figures_label.setText(figures_text(request.figures))
        self.facts_label.setText(self._facts(request))
        self._show_lines()
        self.receive_box.set_lines(self._lines)
        sectors = self.tracking.sector_figures(request.id)
        self.sector_model.set_rows(sectors)
        self.sector_table.resizeColumnsToContents()
        self.charts.show_data(request.due, request.last_day,
                              [line.state for line in self._lines if line.state is not None], sectors)
        self._update_actions()

    def _facts(self, request: ReportRequest) -> str:
        parts = [self.tr("Hạn nộp {due}").format(due=format_date(request.due))]
        if request.last_day != request.due:
            parts[0] += self.tr(" (ngày nghỉ: tính đến hết ngày {day})").format(day=format_date(request.last_day))
        parts.append(request.audience.describe())
        if request.upstream_label:
            upstream = self.tr("Văn bản cấp trên: {label}").format(label=request.upstream_label)
            if request.upstream_deadline is not None:
                upstream += self.tr(", hạn {deadline}").format(deadline=format_date(request.upstream_deadline))
            if request.slack is not None and request.slack < 0:
                upstream += self.tr(" — hạn nộp ở sau hạn cấp trên {n} ngày làm việc").format(n=-request.slack)
            elif request.slack is not None:
                upstream += self.tr(" — còn {n} ngày làm việc").format(n=request.slack)
            parts.append(upstream)
        if request.document_symbol:
            parts.append(self.tr("Theo kế hoạch {symbol}").format(symbol=request.document_symbol))
        return " · ".join(parts)

    def _show_lines(self) -> None:
        kept = {line.unit.code for line in self.table.selected_lines()}
        lines = list(self._lines)
        if self.missing_only.isChecked():
            lines = [s for s in lines if s.expected and s.status in (PENDING, RETURNED)]
        last_day = self.request.last_day if self.request is not None else self._clock()
        self.lines_model.set_lines(lines, last_day)
        self.table.set_hint(
            self.tr("Mọi CĐCS phải nộp đã nộp.") if self.missing_only.isChecked() else self.tr("Không có CĐCS nào."))
        for code in kept:
            row = self.lines_model.row_of_code(code)
            if row is not None:
                self.table.selectionModel().select(
                    self.lines_model.index(row, 0),
                    self.table.selectionModel().SelectionFlag.Select | self.table.selectionModel().SelectionFlag.Rows)

    def _update_actions(self) -> None:
        chosen = self.table.selected_lines() if self.request is not None else []
        statuses = {line.status for line in chosen}
        self.receive_action.setEnabled(bool(chosen))
        self.return_action.setEnabled(RECEIVED in statuses)
        self.exempt_action.setEnabled(bool(chosen))
        self.reset_action.setEnabled(bool(statuses - {PENDING}))
        self.save_file_action.setEnabled(any(line.files for line in chosen))
        self.punctuality_action.setEnabled(len(chosen) == 1)

    def _context_menu(self, point: QPoint) -> None:
        menu = QMenu(self)
        for act in self.bulk_actions:
            menu.addAction(act)
        menu.addSeparator()
        menu.addAction(self.save_file_action)
        menu.addAction(self.punctuality_action)
        menu.exec(self.table.viewport().mapToGlobal(point))

    def punctuality_of(self, unit: UnitSpan) -> list[Punctuality]:
        """How ``unit`` answered every request it was asked, per year (what «Lịch sử nộp báo cáo» shows)."""
        _units, _requests, facts = run_on_worker(lambda: self.tracking.facts(), self)
        return punctuality(unit, facts, self._clock())

    def show_punctuality(self) -> None:
        chosen = self.table.selected_lines()
        if len(chosen) != 1:
            return
        unit = chosen[0].unit
        PunctualityDialog(unit, self.punctuality_of(unit), self).exec()

    def focus_receive_box(self) -> None:
        self.receive_box.edit.setFocus()
        self.receive_box.edit.selectAll()

    # -- writing ---------------------------------------------------------------------------
    def _write(self, work: Callable[[], T]) -> tuple[bool, T | None]:
        """Run ``work`` on the database worker; a refusal is shown above the table and nothing changes."""
        try:
            result = run_on_worker(work, self)
        except UserError as exc:
            self.error_label.show_message(str(exc))
            return False, None
        self.error_label.show_message("")
        self.reload()
        self.changed.emit()
        return True, result

    def _say(self, message: str) -> None:
        self.receive_box.said(message)
        tell(self, message)

    def _ask_text(self, title: str, label: str, text: str = "", ok: str = "") -> str | None:
        dialog = QInputDialog(self)
        dialog.setWindowTitle(title)
        dialog.setLabelText(label)
        dialog.setTextValue(text)
        dialog.setOkButtonText(ok or self.tr("Đồng ý"))
        dialog.setCancelButtonText(self.tr("Hủy"))
        dialog.resize(max(dialog.width(), 480), dialog.height())
        return dialog.textValue() if dialog.exec() else None

    def _backdate_note(self, day: date) -> str | None:
        note = self._ask_text(
            self.tr("Ghi lùi ngày nhận"),
            self.tr("Ngày nhận {day} là ngày đã qua. Vì sao ghi lùi ngày?").format(day=format_date(day)),
            self._backdate_notes.get(day, self.tr("nhận bản giấy hôm đó, nay mới vào sổ")),
            self.tr("Ghi nhận"),
        )
        if note is not None and note.strip():
            self._backdate_notes[day] = note.strip()
        return note

    def receive_line(self, line: SubmissionLine, day: date) -> None:
        """The receive box's Enter: log the CĐCS as received on the box's day (a past day asks why)."""
        request = self.request
        if request is None:
            return
        note = ""
        if day < self._clock():
            asked = self._backdate_note(day)
            if asked is None:
                self.receive_box.edit.setFocus()
                return
            note = asked
        receipt = Receipt(line.unit.code, day, self.receive_box.channel(), backdate_note=note)
        try:
            run_on_worker(lambda: self.tracking.receive(request.id, receipt), self)
        except UserError as exc:
            self.receive_box.refused(str(exc))
            return
        # Undo puts the line back to «Chưa nộp»: offered only when that is where it was.
        self._undo = (request.id, line.unit.code, line.unit.name) if line.status == PENDING else None
        self.error_label.show_message("")
        self.reload()
        self.changed.emit()
        message = self.tr("Đã ghi nhận: {name} — {day}").format(name=line.unit.name, day=format_date(day))
        self.receive_box.logged(message, self._undo is not None)
        tell(self, message)

    def undo_last(self) -> None:
        if self._undo is None:
            return
        request_id, code, name = self._undo
        done, _result = self._write(lambda: self.tracking.reset(request_id, [code], UNDO_NOTE))
        if done:
            self._undo = None
            self._say(self.tr("Đã hoàn tác: {name} trở lại chưa nộp.").format(name=name))
        self.receive_box.edit.setFocus()

    def receive_selected(self) -> None:
        request, chosen = self.request, [s for s in self.table.selected_lines() if s.status != RECEIVED]
        if request is None or not chosen:
            return
        day = self.receive_box.day()
        note = ""
        if day < self._clock():
            asked = self._backdate_note(day)
            if asked is None:
                return
            note = asked
        channel = self.receive_box.channel()
        receipts = [Receipt(s.unit.code, day, channel, backdate_note=note) for s in chosen]
        done, _lines = self._write(lambda: self.tracking.receive_many(request.id, receipts))
        if done:
            self._say(self.tr("Đã ghi nhận {n} CĐCS đã nộp ngày {day}.").format(n=len(chosen), day=format_date(day)))

    def return_selected(self) -> None:
        request, chosen = self.request, [s for s in self.table.selected_lines() if s.status == RECEIVED]
        if request is None or not chosen:
            return
        note = self._ask_text(self.tr("Trả lại để sửa"), self.tr("Cần sửa gì trong báo cáo ({n} CĐCS)?").format(
            n=len(chosen)), ok=self.tr("Trả lại"))
        if note is None:
            return

        def work() -> None:
            for line in chosen:
                self.tracking.return_for_correction(request.id, line.unit.code, note)

        done, _none = self._write(work)
        if done:
            self._say(self.tr("Đã trả lại {n} báo cáo để sửa.").format(n=len(chosen)))

    def exempt_selected(self) -> None:
        request, chosen = self.request, [s for s in self.table.selected_lines() if s.status != EXEMPT]
        if request is None or not chosen:
            return
        reason = self._ask_text(self.tr("Miễn nộp"), self.tr("Lý do miễn nộp ({n} CĐCS):").format(n=len(chosen)),
                                ok=self.tr("Miễn nộp"))
        if reason is None:
            return
        codes = [s.unit.code for s in chosen]
        done, _lines = self._write(lambda: self.tracking.exempt(request.id, codes, reason))
        if done:
            self._say(self.tr("Đã miễn nộp cho {n} CĐCS.").format(n=len(chosen)))

    def reset_selected(self) -> None:
        request, chosen = self.request, [s for s in self.table.selected_lines() if s.status != PENDING]
        if request is None or not chosen:
            return
        note = self._ask_text(self.tr("Chuyển về chưa nộp"), self.tr("Vì sao chuyển {n} CĐCS về chưa nộp?").format(
            n=len(chosen)), ok=self.tr("Chuyển về chưa nộp"))
        if note is None:
            return
        codes = [s.unit.code for s in chosen]
        done, _none = self._write(lambda: self.tracking.reset(request.id, codes, note))
        if done:
            self._say(self.tr("Đã chuyển {n} CĐCS về chưa nộp.").format(n=len(chosen)))

    # -- files -----------------------------------------------------------------------------
    def files_dropped(self, line: SubmissionLine, files: list[Path]) -> None:
        """Files dropped on a line go with its report; on a line not yet received, logging it today is offered."""
        request = self.request
        if request is None:
            return
        names = ", ".join(p.name for p in files)
        if line.status in (RECEIVED, RETURNED):
            done, _line = self._write(lambda: self.tracking.attach(request.id, line.unit.code, files))
            if done:
                self._say(self.tr("Đã đính kèm {names} vào báo cáo của {unit}.").format(
                    names=names, unit=line.unit.name))
            return
        today = self._clock()
        answer = ask(
            self, self.tr("Đính kèm tệp"),
            self.tr("{unit} chưa được ghi nhận đã nộp. Ghi nhận đã nộp hôm nay ({day}) kèm {names}?").format(
                unit=line.unit.name, day=format_date(today), names=names),
            [self.tr("Ghi nhận và đính kèm"), self.tr("Hủy")],
        )
        if answer != 0:
            return
        receipt = Receipt(line.unit.code, today, self.receive_box.channel(), files=tuple(files))
        done, _line = self._write(lambda: self.tracking.receive(request.id, receipt))
        if done:
            self._say(self.tr("Đã ghi nhận: {name} — {day}, kèm {names}").format(
                name=line.unit.name, day=format_date(today), names=names))

    def save_attachment(self) -> None:
        line = next((s for s in self.table.selected_lines() if s.files), None)
        chosen = self._choose_file(line) if line is not None else None
        if chosen is None:
            return
        suggested = str(Path(self._last_folder() or Path.home()) / chosen.file_name)
        target, _filter = QFileDialog.getSaveFileName(self, self.tr("Lưu tệp đính kèm"), suggested)
        if not target:
            return
        path = Path(target)
        try:
            write_bytes_atomically(path, self.tracking.file_content(chosen.id))
        except (UserError, OutputPathError) as exc:
            self.error_label.show_message(str(exc))
            return
        except OSError as exc:
            self.error_label.show_message(
                self.tr("Không ghi được tệp «{path}»: {reason}. Hãy chọn thư mục khác.").format(
                    path=path, reason=exc.strerror or exc))
            return
        self._remember_folder(str(path.parent))
        self._say(self.tr("Đã lưu «{path}».").format(path=path))

    def _choose_file(self, line: SubmissionLine) -> SubmissionFile | None:
        if len(line.files) == 1:
            return line.files[0]
        dialog = QInputDialog(self)
        dialog.setWindowTitle(self.tr("Lưu tệp đính kèm"))
        dialog.setLabelText(self.tr("{unit} đã gửi {n} tệp. Lưu tệp nào?").format(unit=line.unit.name,
                                                                               n=len(line.files)))
        dialog.setComboBoxItems([f.file_name for f in line.files])
        dialog.setOkButtonText(self.tr("Chọn"))
        dialog.setCancelButtonText(self.tr("Hủy"))
        if not dialog.exec():
            return None
        names = [f.file_name for f in line.files]
        return line.files[names.index(dialog.textValue())] if dialog.textValue() in names else None


