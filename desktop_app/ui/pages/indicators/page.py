"""The indicator screen («Chỉ tiêu»): choose a CĐCS form and a snapshot date, then
- «Nhập số liệu»: the CĐCS expected to report, each with where its figures stand (đủ, chưa đủ, chưa gửi), and the
  selected one's form in the entry grid (saved through the service on the database worker);
- «Tổng hợp»: the district's table by each row's rule with n/N, the previous period and the same period last year,
  drill-down to each CĐCS's figure, the CĐCS missing;
- «Chỉ tiêu Đại hội»: the congress targets against what the years' figures achieve, with the projection.
The toolbar sends workbooks to the CĐCS without the app, takes a folder of returned ones (a preview first, then
each good workbook saved whole), and exports the district's table (.xlsx) or prints it as an official report."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QSignalBlocker, Qt, QUrl, SignalInstance
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.aggregation import Aggregate, RowTotal, UpperFigures
from desktop_app.domain.changes import FORM_REPORT, UNIT
from desktop_app.domain.form_values import CellValue
from desktop_app.domain.forms import FormDefinition
from desktop_app.domain.tracking import UnitSpan
from desktop_app.domain.vntext import format_date
from desktop_app.services.errors import UserError
from desktop_app.services.indicator_reports import IndicatorReportService
from desktop_app.services.indicator_workbooks import ImportPreview, IndicatorWorkbookService
from desktop_app.services.indicators import FormReport, IndicatorService
from desktop_app.ui.errors import show_error, show_unexpected
from desktop_app.ui.models.record_table import Column, RecordTableModel
from desktop_app.ui.pages.documents.widgets import labelled, toolbar
from desktop_app.ui.pages.indicators.aggregate_view import AggregateView, ContributionsDialog
from desktop_app.ui.pages.indicators.entry_panel import EntryPanel
from desktop_app.ui.pages.indicators.targets_view import TargetsView
from desktop_app.ui.tasks import CancelToken, run_in_background, run_on_worker
from desktop_app.ui.widgets.actions import add_action
from desktop_app.ui.widgets.feedback import tell
from desktop_app.ui.widgets.files import ask_save_path
from desktop_app.ui.widgets.messages import ask
from desktop_app.ui.widgets.refresh import FollowsChanges
from desktop_app.ui.widgets.tables import HintedTable

COMPLETE, INCOMPLETE, MISSING = "complete", "incomplete", "missing"


@dataclass(frozen=True)
class UnitLine:
    """One expected CĐCS in the entry list: where its figures for the period stand."""

    unit: UnitSpan
    report: FormReport | None

    @property
    def state(self) -> str:
        if self.report is None:
            return MISSING
        return COMPLETE if self.report.complete else INCOMPLETE


def _state_text(line: UnitLine) -> str:
    return {COMPLETE: "Đủ", INCOMPLETE: "Chưa đủ", MISSING: "Chưa gửi"}[line.state]


def _source_text(line: UnitLine) -> str:
    if line.report is None:
        return ""
    return "Sổ Excel" if line.report.source == "workbook" else "Nhập trên máy"


def _unit_columns() -> list[Column[UnitLine]]:
    return [
        Column("Mã", lambda line: line.unit.code),
        Column("Tên CĐCS", lambda line: line.unit.name, tooltip=lambda line: line.unit.name),
        # Where the figures came from is in the tooltip: the CĐCS name needs the room beside the grid.
        Column("Tình trạng", _state_text, tooltip=_source_text),
        Column("Ngày nhận", lambda line: format_date(line.report.received_on)
               if line.report is not None and line.report.received_on else "",
               sort_key=lambda line: line.report.received_on if line.report and line.report.received_on
               else date.min),
    ]


class _UnitsModel(RecordTableModel[UnitLine]):
    def is_grey(self, record: UnitLine) -> bool:
        return record.state == MISSING


class IndicatorsPage(QWidget):
    """Gets its services through the constructor; reloads when form reports or units change (``follow``)."""

    shows_kinds: frozenset[str] = frozenset({FORM_REPORT, UNIT})

    def __init__(
        self,
        indicators: IndicatorService,
        workbooks: IndicatorWorkbookService,
        reports: IndicatorReportService,
        clock: Callable[[], date] = date.today,
        last_folder: Callable[[], str] = lambda: "",
        remember_folder: Callable[[str], None] = lambda _folder: None,
        print_font: Callable[[], str] = lambda: "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.indicators = indicators
        self.workbooks = workbooks
        self.reports = reports
        self._clock = clock
        self._last_folder = last_folder
        self._remember_folder = remember_folder
        self._print_font = print_font
        self._follower: FollowsChanges | None = None
        self.panel: EntryPanel | None = None
        self._drill_form: FormDefinition | None = None
        self._shown_unit: str | None = None

        # The forms are read from forms/indicators/ the first time the page is shown (``load_forms``): reading and
        # checking the YAML files is no part of opening the office.
        self.forms: list[FormDefinition] = []
        self.form_combo = QComboBox()
        self.period_combo = QComboBox()
        self.form_combo.currentIndexChanged.connect(lambda _i: self._fill_periods())
        self.period_combo.currentIndexChanged.connect(lambda _i: self.reload())

        self.send_action = add_action(self, self.tr("Tạo sổ &Excel cho CĐCS…"), None, self.send_workbooks)
        self.send_action.setToolTip(self.tr("Tạo mỗi CĐCS một sổ Excel của mẫu và kỳ đang chọn, để CĐCS chưa có phần "
                                            "mềm điền số liệu rồi gửi lại"))
        self.receive_action = add_action(self, self.tr("&Nhận sổ Excel…"), None, self.receive_workbooks)
        self.receive_action.setToolTip(self.tr("Đọc một thư mục sổ Excel CĐCS gửi lại: xem trước, rồi nhập từng sổ "
                                               "hợp lệ"))
        self.export_action = add_action(self, self.tr("&Xuất Excel tổng hợp…"), None, self.export_table)
        self.export_action.setToolTip(self.tr("Bảng tổng hợp theo mẫu của cấp trên (.xlsx)"))
        self.print_action = add_action(self, self.tr("&In báo cáo (PDF)…"), None, self.print_report)
        self.print_action.setToolTip(self.tr("Báo cáo số liệu tổng hợp theo thể thức văn bản hành chính"))
        self.refresh_action = add_action(self, self.tr("Làm mới"), "F5", self.reload)

        self.units_model = _UnitsModel(_unit_columns(), self)
        self.units_table = HintedTable(self.units_model)
        self.units_table.set_hint(self.tr("Không có CĐCS nào phải báo cáo mẫu này vào ngày đã chọn."))
        self.units_table.selectionModel().selectionChanged.connect(lambda *_: self._unit_selected())
        self.counts_label = QLabel()
        self.entry_stack = QStackedWidget()
        self.entry_hint = QLabel(self.tr("Chọn một CĐCS bên trái để nhập hoặc xem số liệu."))
        self.entry_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.entry_hint.setStyleSheet("color: #666;")
        self.entry_stack.addWidget(self.entry_hint)

        self.aggregate_view = AggregateView()
        self.aggregate_view.drill.connect(self.show_contributions)
        # Which table «Tổng hợp» shows: the CĐCS form added up, or the upper-level form filled from it.
        self.table_combo = QComboBox()
        self.table_combo.currentIndexChanged.connect(lambda _i: self.show_aggregate())
        self.office_button = QPushButton(self.tr("Nhập số liệu của &văn phòng…"))
        self.office_button.setToolTip(self.tr("Các dòng của mẫu cấp trên không cộng từ CĐCS mà văn phòng tự ghi"))
        self.office_button.clicked.connect(self.enter_office_rows)
        self.targets_view = TargetsView()
        self.tabs = QTabWidget()
        self._layout()

    def _layout(self) -> None:
        title = QLabel(self.tr("Chỉ tiêu"))
        title.setStyleSheet("font-size: 16px; font-weight: bold;")
        top = QHBoxLayout()
        top.addWidget(title)
        top.addWidget(labelled(self.tr("&Mẫu:"), self.form_combo))
        top.addWidget(self.form_combo, 1)
        top.addWidget(labelled(self.tr("&Kỳ (ngày chốt số liệu):"), self.period_combo))
        top.addWidget(self.period_combo)
        # The actions on a row of their own: beside a form's long title they would fold into «››» at 1366 pixels.
        actions = QHBoxLayout()
        actions.addWidget(toolbar(self.send_action, self.receive_action, self.export_action, self.print_action))
        actions.addStretch(1)

        left = QWidget()
        left.setMinimumWidth(340)  # the CĐCS name stays readable beside the grid
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.counts_label)
        left_layout.addWidget(self.units_table, 1)
        entry = QSplitter(Qt.Orientation.Horizontal)
        entry.addWidget(left)
        entry.addWidget(self.entry_stack)
        entry.setStretchFactor(0, 2)
        entry.setStretchFactor(1, 3)
        entry.setSizes([360, 820])
        entry.setChildrenCollapsible(False)
        self.tabs.addTab(entry, self.tr("&Nhập số liệu"))
        summary = QWidget()
        summary_layout = QVBoxLayout(summary)
        summary_layout.setContentsMargins(0, 0, 0, 0)
        choose = QHBoxLayout()
        choose.addWidget(labelled(self.tr("&Bảng:"), self.table_combo))
        choose.addWidget(self.table_combo)
        choose.addWidget(self.office_button)
        choose.addStretch(1)
        summary_layout.addLayout(choose)
        summary_layout.addWidget(self.aggregate_view, 1)
        self.summary_tab = summary
        self.tabs.addTab(summary, self.tr("&Tổng hợp"))
        self.tabs.addTab(self.targets_view, self.tr("Chỉ tiêu Đạ&i hội"))
        self.tabs.currentChanged.connect(lambda _i: self._tab_shown())
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(self.tabs, 1)

    # -- what is shown -----------------------------------------------------------------------------------
    def follow(self, changed: SignalInstance) -> None:
        """Reload when form reports or units change, wherever the change was made."""
        self._follower = FollowsChanges(self, self.shows_kinds, self.reload)
        changed.connect(self._follower.changed)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.forms:
            self.load_forms()
        elif self._follower is not None:
            self._follower.shown()

    def load_forms(self) -> None:
        """The CĐCS forms in the form box, the first one's periods, its figures."""
        self.forms = [f for f in self.indicators.forms() if f.level == "cdcs"]
        with QSignalBlocker(self.form_combo):
            self.form_combo.clear()
            for form in self.forms:
                self.form_combo.addItem(f"{form.code} — {form.title}", form.id)
        self._fill_periods()

    def form(self) -> FormDefinition | None:
        index = self.form_combo.currentIndex()
        return self.forms[index] if 0 <= index < len(self.forms) else None

    def period(self) -> date | None:
        value = self.period_combo.currentData()
        return value if isinstance(value, date) else None

    def _fill_periods(self) -> None:
        form = self.form()
        with QSignalBlocker(self.table_combo):
            self.table_combo.clear()
            if form is not None:
                self.table_combo.addItem(self.tr("{code} — cộng từ các CĐCS").format(code=form.code), form.id)
                if form.mapping is not None:
                    upper = self.indicators.form(form.mapping.form)
                    self.table_combo.addItem(self.tr("{code} — mẫu báo cáo cấp trên").format(code=upper.code),
                                             upper.id)
        with QSignalBlocker(self.period_combo):
            self.period_combo.clear()
            if form is not None:
                periods = self.indicators.periods(form.id)
                today = self._clock()
                for day in reversed(periods):  # the latest first
                    self.period_combo.addItem(format_date(day), day)
                # The latest snapshot date that has passed: what the CĐCS are sending now.
                passed = [n for n in range(self.period_combo.count()) if self.period_combo.itemData(n) <= today]
                self.period_combo.setCurrentIndex(passed[0] if passed else 0)
        self.reload()

    def select_period(self, day: date) -> bool:
        for n in range(self.period_combo.count()):
            if self.period_combo.itemData(n) == day:
                self.period_combo.setCurrentIndex(n)
                return True
        return False

    def reload(self) -> None:
        form, period = self.form(), self.period()
        if form is None or period is None:
            self.units_model.set_rows([])
            return
        try:
            units = self.indicators.expected_units(form.id, period)
            reports = {r.unit_code: r for r in self.indicators.reports(form.id, period)}
        except UserError as exc:
            show_error(self, str(exc))
            return
        lines = [UnitLine(unit, reports.get(unit.code)) for unit in units]
        keep = self._shown_unit
        self.units_model.set_rows(lines)
        self.units_table.fit_columns(1, {1: 320})
        complete = sum(1 for line in lines if line.state == COMPLETE)
        incomplete = sum(1 for line in lines if line.state == INCOMPLETE)
        self.counts_label.setText(self.tr("{n} CĐCS phải báo cáo: {complete} đủ, {incomplete} chưa đủ, {missing} chưa "
                                          "gửi.").format(n=len(lines), complete=complete, incomplete=incomplete,
                                                         missing=len(lines) - complete - incomplete))
        if keep is not None and (self.panel is None or not self.panel.dirty):
            row = next((n for n, line in enumerate(lines) if line.unit.code == keep), None)
            if row is not None:
                self.units_table.selectRow(row)
        self._tab_shown()

    def _tab_shown(self) -> None:
        if self.tabs.currentWidget() is self.summary_tab:
            self.show_aggregate()
        elif self.tabs.currentWidget() is self.targets_view:
            self.show_targets()

    def show_aggregate(self) -> None:
        form, period = self.form(), self.period()
        if form is None or period is None:
            return
        upper = self.table_combo.currentData() not in (None, form.id)
        table = self.indicators.form(self.table_combo.currentData()) if upper else form
        self.office_button.setVisible(upper)

        def figures(day: date) -> Aggregate:
            return (_as_aggregate(self.indicators.upper(form.id, day), table) if upper
                    else self.indicators.aggregate(form.id, day))

        try:
            current = figures(period)
            before = self.indicators.previous_period(form.id, period)
            previous = figures(before) if before is not None else None
            year_ago = self.indicators.same_period_last_year(form.id, period)
            last_year = figures(year_ago) if year_ago in self.indicators.periods(form.id) else None
            names = {unit.code: unit.name for unit in self.indicators.expected_units(form.id, period)}
        except UserError as exc:
            show_error(self, str(exc))
            return
        self.aggregate_view.show_aggregate(table, period, current, previous, last_year, names)
        # What each CĐCS put in is a row of the CĐCS form: the upper form's rows have no drill-down.
        self._drill_form = None if upper else form

    def enter_office_rows(self) -> OfficeEntryDialog | None:
        """The upper-level form's rows the office types itself, in the entry grid; saved through the service."""
        form, period = self.form(), self.period()
        upper_id = self.table_combo.currentData()
        if form is None or period is None or not upper_id or upper_id == form.id:
            return None
        try:
            rows = self.indicators.office_rows(str(upper_id))
            home, report = self.indicators.office_report(str(upper_id), period)
        except UserError as exc:
            show_error(self, str(exc))
            return None
        revision = [report.revision if report is not None else 0]

        def save(figures: dict[str, CellValue]) -> None:
            saved = run_on_worker(lambda: self.indicators.save_report(
                str(upper_id), period, home.code, figures, expected_revision=revision[0]), self,
                self.tr("Đang lưu số liệu…"))
            revision[0] = saved.revision

        panel = EntryPanel(rows, home.code, home.name, period, dict(report.values) if report else {},
                           save)
        dialog = OfficeEntryDialog(panel, self)
        panel.saved.connect(self.show_aggregate)
        dialog.open()
        return dialog

    def show_targets(self) -> None:
        sets = self.indicators.target_sets()
        if not sets:
            return
        try:
            progress = self.indicators.target_progress(sets[0].id)
        except UserError as exc:
            show_error(self, str(exc))
            return
        self.targets_view.show_progress(sets[0], progress)

    def show_contributions(self, row_id: str) -> None:
        form, period = self._drill_form, self.period()
        if form is None or period is None:
            return
        rows = [(unit.code, unit.name, c) for unit, c in self.indicators.contributions(form.id, period, row_id)]
        ContributionsDialog(form, row_id, rows, self).exec()

    # -- entering one CĐCS's figures ---------------------------------------------------------------------------
    def selected_line(self) -> UnitLine | None:
        line = self.units_table.selected()
        return line if isinstance(line, UnitLine) else None

    def _unit_selected(self) -> None:
        line = self.selected_line()
        if line is None or line.unit.code == self._shown_unit:
            return
        if self.panel is not None and not self.panel.confirm_close():
            # Stay on the CĐCS whose changes the clerk kept.
            row = next((n for n, ln in enumerate(self.units_model.rows()) if ln.unit.code == self._shown_unit), None)
            with QSignalBlocker(self.units_table.selectionModel()):
                self.units_table.select_row(row)
            return
        self.open_unit(line)

    def open_unit(self, line: UnitLine) -> EntryPanel | None:
        form, period = self.form(), self.period()
        if form is None or period is None:
            return None
        values = dict(line.report.values) if line.report is not None else {}
        revision = [line.report.revision if line.report is not None else 0]
        code = line.unit.code

        def save(figures: dict[str, CellValue]) -> None:
            saved = run_on_worker(lambda: self.indicators.save_report(
                form.id, period, code, figures, expected_revision=revision[0]), self,
                self.tr("Đang lưu số liệu…"))
            revision[0] = saved.revision
            tell(self, self.tr("Đã lưu số liệu của {unit}: {state}.").format(
                unit=line.unit.name, state=self.tr("đủ") if saved.complete else self.tr("chưa đủ")))

        panel = EntryPanel(form, code, line.unit.name, period, values, save)
        panel.saved.connect(self.reload)
        if self.panel is not None:
            self.entry_stack.removeWidget(self.panel)
            self.panel.deleteLater()
        self.panel = panel
        self._shown_unit = code
        self.entry_stack.addWidget(panel)
        self.entry_stack.setCurrentWidget(panel)
        return panel

    # -- workbooks out and back, exports -----------------------------------------------------------------------
    def _chosen(self) -> tuple[FormDefinition, date] | None:
        form, period = self.form(), self.period()
        if form is None or period is None:
            show_error(self, self.tr("Hãy chọn mẫu và kỳ báo cáo trước."))
            return None
        return form, period

    def _ask_folder(self, title: str) -> Path | None:
        chosen = QFileDialog.getExistingDirectory(self, title, self._last_folder() or str(Path.home()))
        if not chosen:
            return None
        self._remember_folder(chosen)
        return Path(chosen)

    def send_workbooks(self) -> None:
        chosen = self._chosen()
        if chosen is None:
            return
        form, period = chosen
        folder = self._ask_folder(self.tr("Chọn thư mục lưu các sổ Excel gửi CĐCS"))
        if folder is None:
            return

        def work(token: CancelToken) -> list[Path]:
            def progress(done: int, total: int) -> None:
                token.check()
                token.report(done, total, self.tr("Đang tạo sổ Excel {n}/{total}…").format(n=done, total=total))

            return self.workbooks.write_workbooks(form.id, period, folder, progress=progress)

        def done(paths: list[Path]) -> None:
            self._offer_folder(self.tr("Đã tạo sổ Excel"), self.tr(
                "Đã tạo {n} sổ Excel ({code}, số liệu tính đến ngày {day}) trong thư mục «{folder}». Gửi mỗi CĐCS "
                "sổ mang mã của mình; khi nhận lại, dùng «Nhận sổ Excel…».").format(
                    n=len(paths), code=form.code, day=format_date(period), folder=folder), folder)

        run_in_background(self, self.tr("Đang tạo sổ Excel…"), work, done, self._failed)

    def receive_workbooks(self) -> None:
        chosen = self._chosen()
        if chosen is None:
            return
        form, period = chosen
        folder = self._ask_folder(self.tr("Chọn thư mục chứa các sổ Excel CĐCS gửi lại"))
        if folder is None:
            return

        def work(token: CancelToken) -> list[ImportPreview]:
            def progress(done: int, total: int) -> None:
                token.check()
                token.report(done, total, self.tr("Đang đọc sổ {n}/{total}…").format(n=done, total=total))

            return self.workbooks.preview_folder(folder, progress, form_id=form.id, period=period)

        run_in_background(self, self.tr("Đang đọc các sổ Excel…"), work,
                          lambda previews: self._confirm_import(folder, form, period, previews), self._failed)

    def _confirm_import(self, folder: Path, form: FormDefinition, period: date,
                        previews: Sequence[ImportPreview]) -> None:
        if not previews:
            show_error(self, self.tr("Thư mục «{folder}» không có sổ Excel (.xlsx) nào.").format(folder=folder))
            return
        dialog = ImportPreviewDialog(previews, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            results = run_on_worker(lambda: self.workbooks.import_folder(folder, form_id=form.id, period=period),
                                    self, self.tr("Đang nhập số liệu…"))
        except Exception as exc:
            show_unexpected(self, exc)  # a refusal or a database fault in its own words, a bug as one
            return
        counts = {status: sum(1 for r in results if r.status == status)
                  for status in ("imported", "unchanged", "refused")}
        self.reload()
        text = self.tr("Đã nhập {imported} sổ; {unchanged} sổ không có gì mới; {refused} sổ không nhập được.").format(
            **counts)
        refused = [r for r in results if r.status == "refused"]
        if refused:
            # Each file's reasons (its first line names the file already): the clerk knows what to send back.
            text += "\n\n" + "\n\n".join("\n".join(r.problems[:4]) or r.path.name for r in refused[:8])
            if len(refused) > 8:
                text += "\n\n" + self.tr("… và {n} sổ khác (xem lại bằng «Nhận sổ Excel…»).").format(
                    n=len(refused) - 8)
        ask(self, self.tr("Nhận sổ Excel"), text, [self.tr("Đóng")])

    def export_table(self) -> None:
        chosen = self._chosen()
        if chosen is None:
            return
        form, period = chosen
        path = ask_save_path(self, self.tr("Xuất bảng tổng hợp ra Excel"), self._last_folder(),
                             f"tong-hop-{form.id}-{period.isoformat()}.xlsx", self.tr("Tệp Excel (*.xlsx)"))
        if path is None:
            return
        self._remember_folder(str(path.parent))
        run_in_background(self, self.tr("Đang xuất bảng tổng hợp…"),
                          lambda _t: self.workbooks.export_aggregate(form.id, period, path),
                          lambda written: self._offer_file(self.tr("Đã lưu bảng tổng hợp ra «{path}».").format(
                              path=written), Path(written)), self._failed)

    def print_report(self) -> None:
        chosen = self._chosen()
        if chosen is None:
            return
        form, period = chosen
        path = ask_save_path(self, self.tr("In báo cáo số liệu ra PDF"), self._last_folder(),
                             f"bao-cao-so-lieu-{form.id}-{period.isoformat()}.pdf", self.tr("Tệp PDF (*.pdf)"))
        if path is None:
            return
        self._remember_folder(str(path.parent))
        font = self._print_font() or None
        done = self.tr("Đã in báo cáo số liệu ra «{path}» ({n} trang).")
        run_in_background(self, self.tr("Đang in báo cáo…"),
                          lambda _t: self.reports.report_pdf(form.id, period, path, font),
                          lambda pages: self._offer_file(done.format(path=path, n=pages), path), self._failed)

    def _failed(self, exc: BaseException) -> None:
        show_unexpected(self, exc)

    def _offer_file(self, text: str, path: Path) -> None:
        tell(self, text)
        if ask(self, self.tr("Đã lưu"), text, [self.tr("Mở tệp"), self.tr("Đóng")]) == 0:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def _offer_folder(self, title: str, text: str, folder: Path) -> None:
        tell(self, text)
        if ask(self, title, text, [self.tr("Mở thư mục"), self.tr("Đóng")]) == 0:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def _as_aggregate(upper: UpperFigures, form: FormDefinition) -> Aggregate:
    """The upper-level form's figures as the district table shows them: each of its rows with the CĐCS behind it
    (a row no CĐCS figure fills, and the office has not typed, is blank)."""
    source = upper.source
    rows = {row.id: RowTotal(row.id, upper.values.get(row.id), upper.reporting.get(row.id, 0)) for row in form.rows}
    return Aggregate(upper.form_id, source.expected, source.reported, rows, tuple(upper.problems))


class OfficeEntryDialog(QDialog):
    """The entry panel of the office's own rows of the upper-level form; closing asks about unsaved figures."""

    def __init__(self, panel: EntryPanel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.panel = panel
        self.setWindowTitle(self.tr("Số liệu của văn phòng — {code}").format(code=panel.form.code))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(panel, 1)
        layout.addWidget(buttons)
        self.resize(900, 420)

    def reject(self) -> None:
        if self.panel.confirm_close():
            super().reject()


class ImportPreviewDialog(QDialog):
    """What importing a folder would do: per file, the CĐCS, whether it can be imported, how many figures change;
    the selected file's problems or its changes (old → new) below."""

    def __init__(self, previews: Sequence[ImportPreview], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Xem trước các sổ Excel nhận lại"))
        self.previews = list(previews)
        good = sum(1 for p in self.previews if p.importable)
        summary = QLabel(self.tr("{n} sổ: {good} nhập được, {bad} không nhập được (mỗi sổ nhập trọn vẹn hoặc không "
                                 "nhập gì).").format(n=len(self.previews), good=good, bad=len(self.previews) - good))
        summary.setWordWrap(True)
        self.table = QTableWidget(len(self.previews), 4)
        self.table.setHorizontalHeaderLabels([self.tr("Tệp"), self.tr("CĐCS"), self.tr("Kết quả kiểm tra"),
                                              self.tr("Số ô thay đổi")])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        for n, preview in enumerate(self.previews):
            workbook = preview.workbook
            unit = f"{preview.unit_name} ({workbook.unit_code})" if workbook is not None else ""
            verdict = (self.tr("Nhập được") + (self.tr(" — đủ") if preview.complete else self.tr(" — chưa đủ"))
                       if preview.importable else self.tr("Không nhập được"))
            for column, text in enumerate([preview.path.name, unit, verdict, str(len(preview.changes))]):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if not preview.importable:
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(n, column, item)
        self.table.resizeColumnsToContents()
        # A long CĐCS name must not push the verdict off the dialog: the name column gives way (tooltip whole).
        self.table.setColumnWidth(1, min(self.table.columnWidth(1), 340))
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.table.currentCellChanged.connect(lambda row, _c, _r, _p: self._show(row))
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(self.tr("&Nhập {n} sổ hợp lệ").format(n=good),
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(good > 0)
        self.buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.details, 1)
        layout.addWidget(self.buttons)
        self.resize(900, 560)
        if self.previews:
            self.table.setCurrentCell(0, 0)
            self._show(0)

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self.previews):
            self.details.setPlainText("")
            return
        preview = self.previews[row]
        if preview.problems:
            self.details.setPlainText("\n".join(preview.problems))
            return
        lines = [f"{c.cell} {c.tt} {c.text}: {c.old_text or '—'} → {c.new_text or '—'}" for c in preview.changes]
        lines += list(preview.notes)
        self.details.setPlainText("\n".join(lines) or self.tr("Sổ này không thay đổi số liệu đã có."))


__all__ = ["ImportPreviewDialog", "IndicatorsPage", "OfficeEntryDialog", "UnitLine"]
