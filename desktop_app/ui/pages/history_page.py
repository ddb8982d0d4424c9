"""The change history screen (Lịch sử thay đổi): who changed which record and when, narrowed by kind, unit, clerk
and days, and the record a line is about opened on its own page."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from itertools import pairwise
from typing import Protocol

from PySide6.QtCore import QSignalBlocker, Qt, SignalInstance
from PySide6.QtGui import QKeySequence, QShowEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop_app.domain.changes import DOCUMENT, INCOMING, KIND_LABELS, OUTGOING, UNIT, UNIT_EVENT
from desktop_app.domain.vntext import collation_key, parse_date
from desktop_app.services.errors import UserError
from desktop_app.services.history import ChangeEntry, HistoryFilter, HistoryService
from desktop_app.services.units import UnitService
from desktop_app.ui.models.history_model import HistoryTableModel
from desktop_app.ui.pages.documents.page import DocumentsPage
from desktop_app.ui.pages.documents.widgets import labelled, toolbar
from desktop_app.ui.pages.units_page import UnitsPage
from desktop_app.ui.widgets.actions import add_action
from desktop_app.ui.widgets.feedback import tell
from desktop_app.ui.widgets.forms import ErrorLabel
from desktop_app.ui.widgets.refresh import FollowsChanges
from desktop_app.ui.widgets.tables import ColumnFitter, HintedTable

# The newest lines shown; older ones are reached by narrowing the days.
SHOWN_LIMIT = 2000


class PageNavigator(Protocol):
    """What «Mở» needs of the main window: show a page by name and reach it."""

    def show_page(self, name: str) -> None: ...

    def page(self, name: str) -> QWidget: ...


class HistoryPage(QWidget):
    """Gets the history and unit services and the navigator through its constructor; reads the log when shown
    (``reload``), and says which kinds of change it shows (``shows_kinds``) for whoever refreshes pages."""

    shows_kinds: frozenset[str] = frozenset(KIND_LABELS)

    def __init__(
        self, history: HistoryService, units: UnitService, navigator: PageNavigator, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.history = history
        self.units = units
        self._navigator = navigator
        self._filter = HistoryFilter()

        self.open_action = add_action(self, self.tr("&Mở"), None, self.open_selected)
        self.open_action.setToolTip(self.tr("Mở bản ghi của dòng đang chọn trên trang của nó (Enter)"))
        self.refresh_action = add_action(self, self.tr("Làm mớ&i"), "F5", self.reload)
        self.refresh_action.setToolTip(self.tr("Đọc lại lịch sử thay đổi"))

        self.kind_combo = QComboBox()
        self.kind_combo.addItem(self.tr("Tất cả"), None)
        for kind, label in KIND_LABELS.items():
            self.kind_combo.addItem(label, kind)
        self.unit_combo = QComboBox()
        self.unit_combo.addItem(self.tr("Tất cả đơn vị"), None)
        self.unit_combo.setMinimumContentsLength(18)
        self.unit_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.actor_combo = QComboBox()
        self.actor_combo.addItem(self.tr("Tất cả"), None)
        self.start_edit = self._date_edit()
        self.end_edit = self._date_edit()
        for combo in (self.kind_combo, self.unit_combo, self.actor_combo):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filters())
        for edit in (self.start_edit, self.end_edit):
            edit.editingFinished.connect(self.apply_filters)

        self.model = HistoryTableModel(self)
        self.table = HintedTable(self.model)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        # Enter opens the line's record only from the table, not while a date is being typed.
        self.enter_action = add_action(self, self.tr("Mở"), Qt.Key.Key_Return, self.open_selected,
                                       Qt.ShortcutContext.WidgetShortcut)
        self.enter_action.setShortcuts([QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)])
        self.removeAction(self.enter_action)
        self.table.addAction(self.enter_action)
        self.error_label = ErrorLabel()
        self.count_label = QLabel()
        self._layout()
        # The time, the clerk and the kind stay whole; the summary (last, stretched) is elided at its end.
        self.column_fitter = ColumnFitter(self.table, {2: 160, 3: 160, 4: 110}, shrink=[2, 3], minimum=90)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        # Nothing is read until the page is shown: the log grows with every change and start-up should not wait.

    def _date_edit(self) -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(self.tr("ngày/tháng/năm"))
        edit.setClearButtonEnabled(True)
        edit.setMaximumWidth(130)
        return edit

    def _layout(self) -> None:
        filters = QHBoxLayout()
        filters.addWidget(labelled(self.tr("&Loại:"), self.kind_combo))
        filters.addWidget(self.kind_combo)
        filters.addWidget(labelled(self.tr("Đơn &vị:"), self.unit_combo))
        filters.addWidget(self.unit_combo, 2)
        filters.addWidget(labelled(self.tr("Người sử&a:"), self.actor_combo))
        filters.addWidget(self.actor_combo, 1)
        filters.addWidget(labelled(self.tr("Từ ngà&y:"), self.start_edit))
        filters.addWidget(self.start_edit)
        filters.addWidget(labelled(self.tr("đến &hết ngày:"), self.end_edit))
        filters.addWidget(self.end_edit)

        title = QLabel(self.tr("Lịch sử thay đổi"))
        title.setStyleSheet("font-size: 16px; font-weight: bold;")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(toolbar(self.open_action, self.refresh_action))
        layout.addLayout(filters)
        layout.addWidget(self.error_label)
        layout.addWidget(self.table)
        layout.addWidget(self.count_label)
        order = [self.kind_combo, self.unit_combo, self.actor_combo, self.start_edit, self.end_edit, self.table]
        for before, after in pairwise(order):
            QWidget.setTabOrder(before, after)

    # -- loading ---------------------------------------------------------------------------
    def follow(self, changed: SignalInstance) -> None:
        """While on screen, show each change as it is committed (hidden, the next showing reads the log)."""
        follower = FollowsChanges(self, self.shows_kinds, self.reload)
        changed.connect(follower.changed)
        self._follower = follower

    def showEvent(self, event: QShowEvent) -> None:
        # Every page and every other program on the same database writes to the log.
        super().showEvent(event)
        self.reload()

    def reload(self) -> None:
        """Read the choices of the filters and the lines again, keeping the filters and the selected line."""
        self._fill_units()
        self._fill_actors()
        self._show_rows()

    def _fill_units(self) -> None:
        units = sorted(self.units.list_units(), key=lambda u: collation_key(u.name))
        wanted = [(None, self.tr("Tất cả đơn vị"))] + [(u.code, f"{u.name} ({u.code})") for u in units]
        self._refill(self.unit_combo, wanted)

    def _fill_actors(self) -> None:
        wanted = [(None, self.tr("Tất cả"))] + [(a, a) for a in self.history.actors()]
        self._refill(self.actor_combo, wanted)

    @staticmethod
    def _refill(combo: QComboBox, wanted: Sequence[tuple[str | None, str]]) -> None:
        if [(combo.itemData(i), combo.itemText(i)) for i in range(combo.count())] == list(wanted):
            return
        current = combo.currentData()
        with QSignalBlocker(combo):
            combo.clear()
            for data, text in wanted:
                combo.addItem(text, data)
            combo.setCurrentIndex(max(0, combo.findData(current)))

    def apply_filters(self) -> None:
        """Narrow the lines to the filters; a day that cannot be read is said beside the filters and changes
        nothing."""
        try:
            start = self._day(self.start_edit, self.tr("Từ ngày"))
            end = self._day(self.end_edit, self.tr("Đến hết ngày"))
        except ValueError as exc:
            self.error_label.show_message(str(exc))
            return
        if start is not None and end is not None and end < start:
            self.error_label.show_message(
                self.tr("Ô «Đến hết ngày» ({end}) ở trước ô «Từ ngày» ({start}): hãy sửa một trong hai ngày.").format(
                    end=self.end_edit.text().strip(), start=self.start_edit.text().strip()))
            self.end_edit.setFocus()
            return
        self.error_label.show_message("")
        self._filter = HistoryFilter(
            kind=self.kind_combo.currentData(),
            unit_code=self.unit_combo.currentData(),
            actor=self.actor_combo.currentData(),
            start=start,
            end=end,
        )
        self._show_rows()

    def _day(self, edit: QLineEdit, name: str) -> date | None:
        if not edit.text().strip():
            return None
        try:
            return parse_date(edit.text())
        except ValueError as exc:
            edit.setFocus()
            raise ValueError(self.tr("Ô «{field}»: {reason}").format(field=name, reason=exc)) from None

    def _show_rows(self) -> None:
        kept = self.selected_entry()
        rows = self.history.recent(self._filter, limit=SHOWN_LIMIT)
        self.model.set_rows(rows)
        narrowed = self._filter != HistoryFilter()
        self.table.set_hint(
            self.tr("Chưa có thay đổi nào khớp bộ lọc.") if narrowed else self.tr("Chưa có thay đổi nào.")
        )
        if kept is not None:
            self.table.select_row(self.model.row_where(lambda e: e.seq == kept.seq))
        if len(rows) >= SHOWN_LIMIT:
            self.count_label.setText(
                self.tr("{count} thay đổi mới nhất; thu hẹp khoảng ngày để xem các thay đổi cũ hơn.").format(
                    count=len(rows)))
        else:
            self.count_label.setText(self.tr("{count} thay đổi").format(count=len(rows)))
        self._update_actions()

    # -- opening a line's record -------------------------------------------------------------
    def selected_entry(self) -> ChangeEntry | None:
        return entry if isinstance(entry := self.table.selected(), ChangeEntry) else None

    def can_open(self, entry: ChangeEntry) -> bool:
        """A signer lives in the settings and an attachment inside its arrival's files: no page of their own."""
        return entry.kind in self._openers() and (entry.kind != UNIT_EVENT or bool(entry.unit_code))

    def _update_actions(self) -> None:
        entry = self.selected_entry()
        enabled = entry is not None and self.can_open(entry)
        self.open_action.setEnabled(enabled)
        self.enter_action.setEnabled(enabled)

    def _openers(self) -> dict[str, tuple[str, Callable[[QWidget, ChangeEntry], bool]]]:
        """For each kind that can be opened: the page it opens on, and how that page selects it."""

        def unit(page: QWidget, entry: ChangeEntry) -> bool:
            return isinstance(page, UnitsPage) and page.select_unit_uuid(entry.uuid)

        def unit_of_event(page: QWidget, entry: ChangeEntry) -> bool:
            try:
                owner = self.units.by_code(entry.unit_code or "")
            except UserError:
                return False
            return isinstance(page, UnitsPage) and page.select_unit_uuid(owner.uuid)

        def document(page: QWidget, entry: ChangeEntry) -> bool:
            return isinstance(page, DocumentsPage) and page.select_document_uuid(entry.uuid)

        def outgoing(page: QWidget, entry: ChangeEntry) -> bool:
            return isinstance(page, DocumentsPage) and page.select_outgoing_uuid(entry.uuid)

        def incoming(page: QWidget, entry: ChangeEntry) -> bool:
            return isinstance(page, DocumentsPage) and page.select_incoming_uuid(entry.uuid)

        return {
            UNIT: ("units", unit),
            UNIT_EVENT: ("units", unit_of_event),
            DOCUMENT: ("documents", document),
            OUTGOING: ("documents", outgoing),
            INCOMING: ("documents", incoming),
        }

    def open_selected(self) -> None:
        """Show the selected line's record on its page; one that is gone (a deleted draft) is said here."""
        entry = self.selected_entry()
        if entry is None or not self.can_open(entry):
            return
        name, show_record = self._openers()[entry.kind]
        # Shown first: a page reloads its list when shown, which would drop a selection made before.
        self._navigator.show_page(name)
        if show_record(self._navigator.page(name), entry):
            return
        self._navigator.show_page("history")
        tell(self, self.tr("Không tìm thấy «{summary}»: bản ghi này không còn (đã xóa hoặc đã thay).").format(
            summary=entry.summary or entry.kind_label))
