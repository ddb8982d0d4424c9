"""The Units screen (Đơn vị): the CĐCS list with search, filters and every unit action."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt, Signal, SignalInstance
from PySide6.QtGui import QAction, QKeySequence, QShowEvent, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.changes import UNIT, UNIT_EVENT
from desktop_app.domain.units import Sector, UnitDraft
from desktop_app.domain.vntext import format_date
from desktop_app.services.errors import UserError
from desktop_app.services.unit_records import UnitListing, UnitRecord
from desktop_app.ui.errors import show_error
from desktop_app.ui.models.units_model import RECORD_ROLE, UnitsTableModel
from desktop_app.ui.tasks import on_worker, run_in_background, run_on_worker
from desktop_app.ui.widgets.actions import add_action
from desktop_app.ui.widgets.feedback import tell
from desktop_app.ui.widgets.files import ask_save_path
from desktop_app.ui.widgets.messages import ask
from desktop_app.ui.widgets.refresh import FollowsChanges
from desktop_app.ui.widgets.tables import ColumnFitter

if TYPE_CHECKING:
    # Not imported at run time: the page lists its first rows at start-up before SQLAlchemy is loaded.
    from desktop_app.services.unit_workbooks import UnitWorkbookService
    from desktop_app.services.units import UnitService
    from desktop_app.ui.widgets.actions import Keys

# Below this a unit's name is cut to a few letters on each side («CĐCS B…h Châu»): a sideways scroll is better.
NAME_MINIMUM_WIDTH = 260


Change = Callable[["UnitService"], UnitRecord]


class _UnitCommand(QUndoCommand):
    """A change already applied when pushed; undo and redo change the database and say what they did."""

    def __init__(self, page: UnitsPage, text: str, redo_change: Change, undo_change: Change) -> None:
        super().__init__(text)
        self._page = page
        self._redo_change, self._undo_change = redo_change, undo_change
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        if self._page.apply(self._redo_change) is not None:
            self._page.tell(self._page.tr("Đã làm lại: {what}").format(what=_lower_first(self.text())))

    def undo(self) -> None:
        if self._page.apply(self._undo_change) is not None:
            self._page.tell(self._page.tr("Đã hoàn tác: {what}").format(what=_lower_first(self.text())))


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _edit_unit(page: UnitsPage, before: UnitRecord, after: UnitRecord) -> _UnitCommand:
    """Undo restores the unit as it was before the edit."""
    unit_id, old, new = before.id, before.draft(), after.draft()
    return _UnitCommand(
        page,
        page.tr("Sửa «{name}»").format(name=before.name),
        lambda units: units.update(unit_id, new),
        lambda units: units.update(unit_id, old),
    )


def _dissolve_unit(page: UnitsPage, unit: UnitRecord, on_date: date, reason: str) -> _UnitCommand:
    unit_id = unit.id
    return _UnitCommand(
        page,
        page.tr("Giải thể «{name}»").format(name=unit.name),
        lambda units: units.dissolve(unit_id, on_date, reason),
        lambda units: units.reinstate(unit_id),
    )


class UnitsPage(QWidget):
    """Gets its services through the constructor; never touches the database itself.

    At start-up it may come first with only the units listed (``listing``, read before the office is open): the
    clerk can search and select but not act until ``attach_services`` gives it the office's services."""

    units_changed = Signal()  # the list was read again: the status bar's count follows it
    units: UnitService  # present once the page is ready (from the constructor or attach_services)
    workbooks: UnitWorkbookService

    def __init__(
        self,
        units: UnitService | None,
        workbooks: UnitWorkbookService | None,
        clock: Callable[[], date] = date.today,
        last_folder: Callable[[], str] = lambda: "",
        remember_folder: Callable[[str], None] = lambda _folder: None,
        parent: QWidget | None = None,
        listing: UnitListing | None = None,
    ) -> None:
        super().__init__(parent)
        if units is not None and workbooks is not None:
            self.units, self.workbooks = units, workbooks
            self._listed_first: list[UnitRecord] | None = None
            sectors = units.sectors()
        elif listing is not None:
            self._listed_first = listing.units
            sectors = listing.sectors
        else:
            raise ValueError("the Units page needs the unit services or a first listing")
        self._clock = clock
        self._last_folder = last_folder
        self._remember_folder = remember_folder
        self.undo_stack = QUndoStack(self)

        self.model = UnitsTableModel(self)

        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("Tìm theo tên, mã, chủ tịch (gõ không dấu cũng được)…"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self._on_search)
        self.sector_combo = QComboBox()
        self._fill_sectors(sectors)
        self.sector_combo.currentIndexChanged.connect(self._on_sector)
        self.dissolved_check = QCheckBox(self.tr("&Hiện đơn vị đã giải thể"))
        self.dissolved_check.toggled.connect(self._on_show_dissolved)
        self.count_label = QLabel()

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        # Long names are cut with "…" (full name and address in the tooltip) so rows stay one line.
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        # Through the action, which is disabled while the page waits for the office.
        self.table.doubleClicked.connect(lambda _index: self.open_action.trigger())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        # The first arrow key after a filter only moves the cursor; make the selection follow it so
        # the row the clerk is on is the one every action works on.
        self.table.selectionModel().currentRowChanged.connect(self._select_current)

        self._build_actions()
        toolbar = QToolBar()
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (
            self.add_action,
            self.edit_action,
            self.dissolve_action,
            self.merge_action,
            self.history_action,
            None,
            self.import_action,
            self.export_action,
        ):
            if action is None:
                toolbar.addSeparator()
            else:
                toolbar.addAction(action)

        filters = QHBoxLayout()
        search_label = QLabel(self.tr("Tìm (Ctrl+F):"))
        search_label.setBuddy(self.search_edit)
        filters.addWidget(search_label)
        filters.addWidget(self.search_edit, 3)
        sector_label = QLabel(self.tr("&Khu vực:"))
        sector_label.setBuddy(self.sector_combo)
        filters.addWidget(sector_label)
        filters.addWidget(self.sector_combo, 1)
        filters.addWidget(self.dissolved_check)

        title = QLabel(self.tr("Đơn vị — công đoàn cơ sở trực thuộc"))
        title.setStyleSheet("font-size: 16px; font-weight: bold;")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(toolbar)
        layout.addLayout(filters)
        layout.addWidget(self.table)
        layout.addWidget(self.count_label)

        # Reloaded even while another page is shown: the status bar, always on screen, counts these units.
        self._follower = FollowsChanges(self, frozenset({UNIT, UNIT_EVENT}), self.reload, while_hidden=True)
        if self._listed_first is None:
            self.reload()
        else:
            self._show_units(self._listed_first)
        self.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
        keys = [column.key for column in self.model.columns]
        caps = {column: (420 if key == "name" else 190) for column, key in enumerate(keys)}
        # At 1366×768 every column stays in view: the sector gives up width first, then the chair, then the name.
        # In a narrower window the name stays readable and the table scrolls sideways instead.
        name = keys.index("name")
        self.column_fitter = ColumnFitter(
            self.table, caps, shrink=[keys.index("sector"), keys.index("chair"), name], minimum=120,
            minimums={name: NAME_MINIMUM_WIDTH},
        )

    # -- actions ---------------------------------------------------------------------------
    def _build_actions(self) -> None:
        def action(text: str, keys: Keys, slot: Callable[[], None]) -> QAction:
            return add_action(self, text, keys, slot)

        self.add_action = action(self.tr("Thê&m"), QKeySequence.StandardKey.New, self.add_unit)
        self.edit_action = action(self.tr("Sử&a"), "F2", self.edit_selected)
        self.dissolve_action = action(self.tr("Giả&i thể…"), None, self.dissolve_selected)
        self.merge_action = action(self.tr("Sá&p nhập…"), None, self.merge_selected)
        self.history_action = action(self.tr("&Lịch sử"), "Ctrl+H", self.show_history)
        self.import_action = action(self.tr("Nhập từ &Excel…"), "Ctrl+I", self.import_workbook)
        self.export_action = action(self.tr("X&uất ra Excel…"), "Ctrl+Shift+E", self.export_workbook)
        self.find_action = action(self.tr("Tìm"), QKeySequence.StandardKey.Find, self.focus_search)
        self.open_action = action(self.tr("Mở"), Qt.Key.Key_Return, self.edit_selected)
        # Enter opens the unit only from the table, not while typing in the search box.
        self.removeAction(self.open_action)
        self.open_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.table.addAction(self.open_action)
        # No shortcuts here: the main window gives Ctrl+Z and Ctrl+Y to the shown page's undo_stack.
        self.undo_action = self.undo_stack.createUndoAction(self, self.tr("&Hoàn tác"))
        self.redo_action = self.undo_stack.createRedoAction(self, self.tr("&Làm lại"))

    @property
    def ready(self) -> bool:
        """The page has the office's services (its actions can be used)."""
        return self._listed_first is None

    def attach_services(self, units: UnitService, workbooks: UnitWorkbookService) -> None:
        """Give the page listed at start-up the open office's services; its actions come alive.

        The units are read again through the service: the same rows (a test keeps the two reads equal), so the
        table is left as it is and the clerk's search, filters, sort, selection and scroll stay; only a change
        made to the file in the meantime replaces the rows (keeping the selected unit)."""
        first, self._listed_first = self._listed_first, None
        self.units, self.workbooks = units, workbooks
        sectors = units.sectors()
        if sectors != self._sectors:
            self._fill_sectors(sectors)
        records = units.list_units()
        if records != first:
            keep = u.id if (u := self.selected_unit()) else None
            self._show_units(records, keep)
        for action in self._office_actions():
            action.setEnabled(True)
        self._update_actions()

    def _office_actions(self) -> list[QAction]:
        return [self.add_action, self.import_action, self.export_action, self.open_action]

    def _fill_sectors(self, sectors: list[Sector]) -> None:
        chosen = self.sector_combo.currentData()
        self._sectors = list(sectors)
        self.sector_combo.blockSignals(True)
        self.sector_combo.clear()
        self.sector_combo.addItem(self.tr("Tất cả khu vực"), None)
        for sector in sectors:
            self.sector_combo.addItem(sector.name, sector.code)
        position = self.sector_combo.findData(chosen)
        self.sector_combo.setCurrentIndex(max(position, 0))
        self.sector_combo.blockSignals(False)
        if self.sector_combo.currentData() != chosen:
            self._on_sector(self.sector_combo.currentIndex())

    def _update_actions(self) -> None:
        if not self.ready:
            for action in (*self._office_actions(), self.edit_action, self.dissolve_action, self.merge_action,
                           self.history_action):
                action.setEnabled(False)
            return
        unit = self.selected_unit()
        has = unit is not None
        active = has and unit is not None and unit.dissolved is None
        self.edit_action.setEnabled(has and unit is not None and unit.merged_into_code is None)
        self.dissolve_action.setEnabled(active)
        self.merge_action.setEnabled(active)
        self.history_action.setEnabled(has)

    def _select_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and not self.table.selectionModel().isRowSelected(current.row(), QModelIndex()):
            self.table.selectRow(current.row())

    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    # -- data ------------------------------------------------------------------------------
    def follow(self, changed: SignalInstance) -> None:
        """Reload when units change anywhere (another page, a background import, another program)."""
        changed.connect(self._follower.changed)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._follower.shown()

    def reload(self, select_id: int | None = None) -> None:
        keep = select_id if select_id is not None else (u.id if (u := self.selected_unit()) else None)
        self._show_units(self.units.list_units(), keep)

    def _show_units(self, records: list[UnitRecord], keep: int | None = None) -> None:
        self.model.set_units(records)
        self._update_count()
        if keep is not None:
            self.select_unit(keep)
        self._update_actions()
        self.units_changed.emit()

    def apply(self, change: Callable[[UnitService], UnitRecord]) -> UnitRecord | None:
        """Run a service call, show a refusal in Vietnamese, reload, and select the changed unit."""
        try:
            record = run_on_worker(lambda: change(self.units), self)
        except UserError as exc:
            show_error(self, str(exc))
            return None
        self.reload(select_id=record.id)
        return record

    def tell(self, message: str) -> None:
        tell(self, message)

    def selected_unit(self) -> UnitRecord | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        record = rows[0].data(RECORD_ROLE)
        return record if isinstance(record, UnitRecord) else None

    def select_unit(self, unit_id: int) -> bool:
        row = self.model.row_of(unit_id)
        if row is None:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def select_unit_uuid(self, uuid: str) -> bool:
        """Select the unit a change-log line names, clearing the filters that hide it (a dissolved unit turns the
        dissolved ones on); False when the unit is not in the list (any more)."""
        unit = next((u for u in self.units.list_units() if u.uuid == uuid), None)
        if unit is None:
            return False
        if self.model.row_of(unit.id) is None:
            self.reload()  # a unit added since the list was read
        if self.model.row_of(unit.id) is None:
            self.search_edit.clear()
            self.sector_combo.setCurrentIndex(0)
            if unit.dissolved is not None:
                self.dissolved_check.setChecked(True)
        return self.select_unit(unit.id)

    def visible_units(self) -> list[UnitRecord]:
        return self.model.visible_units()

    def _update_count(self) -> None:
        self.count_label.setText(
            self.tr("Hiển thị {shown}/{total} đơn vị").format(
                shown=self.model.rowCount(QModelIndex()), total=self.model.total()
            )
        )

    def _refilter(self, **change: Any) -> None:
        """Apply a filter change, keeping the selected unit selected when it is still shown."""
        selected = self.selected_unit()
        self.model.set_filter(**change)
        if selected is not None:
            self.select_unit(selected.id)
        self._update_count()

    def _on_search(self, text: str) -> None:
        self._refilter(text=text)

    def _on_sector(self, _index: int) -> None:
        self._refilter(sector=self.sector_combo.currentData())

    def _on_show_dissolved(self, checked: bool) -> None:
        self._refilter(show_dissolved=checked)

    # -- unit actions ----------------------------------------------------------------------
    def add_unit(self) -> None:
        from desktop_app.ui.dialogs.unit_dialog import UnitDialog

        dialog = UnitDialog(
            on_worker(self.units.create, self), self.units.sectors(), self.units.kinds(), parent=self, today=self._clock
        )
        if dialog.exec() and dialog.saved is not None:
            self.reload(select_id=dialog.saved.id)
            self.tell(self.tr("Đã thêm «{name}».").format(name=dialog.saved.name))

    def edit_selected(self) -> None:
        unit = self.selected_unit()
        if unit is None or unit.merged_into_code is not None:
            return
        from desktop_app.ui.dialogs.unit_dialog import UnitDialog

        def save(draft: UnitDraft) -> UnitRecord:
            return run_on_worker(lambda: self.units.update(unit.id, draft, expected_revision=unit.revision), self)

        dialog = UnitDialog(save, self.units.sectors(), self.units.kinds(), unit=unit, parent=self, today=self._clock)
        if dialog.exec() and dialog.saved is not None:
            self.undo_stack.push(_edit_unit(self, unit, dialog.saved))
            self.reload(select_id=unit.id)
            self.tell(self.tr("Đã lưu «{name}». Bấm Ctrl+Z để hoàn tác.").format(name=dialog.saved.name))

    def dissolve_selected(self) -> None:
        unit = self.selected_unit()
        if unit is None or unit.dissolved is not None:
            return
        from desktop_app.ui.dialogs.dissolve_dialog import DissolveDialog

        dialog = DissolveDialog(unit, self._clock(), self)
        while dialog.exec():
            assert dialog.on_date is not None
            try:
                run_on_worker(partial(self.units.dissolve, unit.id, dialog.on_date, dialog.reason), self)
            except UserError as exc:
                dialog.show_error(str(exc))
                continue
            self.undo_stack.push(_dissolve_unit(self, unit, dialog.on_date, dialog.reason))
            self.reload(select_id=unit.id)
            self.tell(
                self.tr("Đã giải thể «{name}» từ ngày {day}. Bấm Ctrl+Z để hoàn tác.").format(
                    name=unit.name, day=format_date(dialog.on_date)
                )
            )
            return

    def merge_selected(self) -> None:
        unit = self.selected_unit()
        if unit is None or unit.dissolved is not None:
            return
        from desktop_app.ui.dialogs.merge_dialog import MergeDialog

        dialog = MergeDialog(unit, self.units.list_units(include_dissolved=False), self._clock(), self)
        while dialog.exec():
            assert dialog.target is not None and dialog.on_date is not None
            answer = ask(
                self,
                self.tr("Xác nhận sáp nhập"),
                self.tr("Sáp nhập «{source}» vào «{target}»? Thao tác này không hoàn tác được.").format(
                    source=unit.name, target=dialog.target.name
                ),
                [self.tr("Sáp nhập"), self.tr("Hủy")],
                default=1,
            )
            if answer != 0:
                return
            try:
                merge = partial(self.units.merge, unit.id, dialog.target.id, dialog.on_date, dialog.note)
                target = run_on_worker(merge, self)
            except UserError as exc:
                dialog.show_error(str(exc))
                continue
            self.reload(select_id=target.id)
            self.tell(
                self.tr("Đã sáp nhập «{source}» vào «{target}».").format(source=unit.name, target=target.name)
            )
            return

    def show_history(self) -> None:
        unit = self.selected_unit()
        if unit is None:
            return
        from desktop_app.ui.dialogs.history_dialog import HistoryDialog

        HistoryDialog(unit, self.units.history(unit.id), self).exec()

    # -- workbooks -------------------------------------------------------------------------
    def import_workbook(self, path: Path | None = None) -> None:
        from desktop_app.ui.dialogs.import_dialog import ImportUnitsDialog

        dialog = ImportUnitsDialog(self.workbooks, parent=self, path=path)
        if dialog.exec():
            self.reload()
            self.tell(dialog.success_message())

    def export_workbook(self) -> None:
        path = ask_save_path(
            self, self.tr("Xuất danh sách đơn vị"), self._last_folder(), "danh-sach-cdcs.xlsx",
            self.tr("Tệp Excel (*.xlsx)"),
        )
        if path is None:
            return
        self._remember_folder(str(path.parent))
        include_dissolved = self.dissolved_check.isChecked()
        run_in_background(
            self,
            self.tr("Đang xuất danh sách ra Excel…"),
            lambda _token: self.workbooks.export(path, include_dissolved=include_dissolved),
            lambda count: QMessageBox.information(
                self, self.tr("Đã xuất"), self.tr("Đã xuất {count} đơn vị ra «{path}».").format(count=count, path=path)
            ),
            lambda exc: show_error(self, str(exc)) if isinstance(exc, UserError) else _raise(exc),
            # Writing the file cannot be called back halfway; the clerk is told when it is done.
            cancellable=False,
        )


def _raise(exc: BaseException) -> None:
    raise exc
