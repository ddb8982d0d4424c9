"""Pieces the tabs of the Documents screen share: the register year, a list that keeps its columns on screen,
the toolbar and labels."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QResizeEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QToolBar, QVBoxLayout, QWidget

from desktop_app.ui.models.record_table import RecordTableModel
from desktop_app.ui.widgets.tables import HintedTable


class YearCombo(QComboBox):
    """A register's year: the years that have entries, newest first, and the current one."""

    valueChanged = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chosen = False  # until the clerk picks a year, the register follows its latest year with entries
        self.currentIndexChanged.connect(lambda _i: self.valueChanged.emit(self.value()))
        self.activated.connect(lambda _i: setattr(self, "chosen", True))

    def value(self) -> int:
        return int(self.currentData())

    def setValue(self, year: int) -> None:
        self.chosen = True
        if self.findData(year) < 0:
            self.set_years([*self._years(), year], self.value() if self.count() else year)
        self.setCurrentIndex(self.findData(year))  # the signal, when the year shown changes

    def set_years(self, years: list[int], current: int) -> None:
        """List ``years`` and ``current``, newest first, and show ``current`` (without a signal)."""
        wanted = sorted({*years, current}, reverse=True)
        with QSignalBlocker(self):
            if self._years() != wanted:
                self.clear()
                for year in wanted:
                    self.addItem(str(year), year)
            self.setCurrentIndex(self.findData(current))

    def follow_latest(self, years: list[int], today: int) -> None:
        """The years with entries and the current one; until the clerk picks one, the latest year with entries
        is shown (an office that has not numbered anything this year yet sees last year's register, not an
        empty one)."""
        current = self.value() if self.chosen else (years[0] if years else today)
        self.set_years([*years, today], current)

    def _years(self) -> list[int]:
        return [int(self.itemData(i)) for i in range(self.count())]


class FittedTable(HintedTable):
    """A list whose columns stay on screen: sized to their contents when rows arrive, then, when the table is
    narrower than that (a 1366-pixel screen at 125 %), the ``shrinkable`` columns give way down to a floor,
    their text elided in the middle (the tooltip has it whole), so the last columns never fall off the edge."""

    STRETCH_ROOM = 220  # what the stretching column (the summary) keeps at least
    FLOOR = 90

    def __init__(
        self, model: RecordTableModel[Any], stretch: int, caps: dict[int, int], shrinkable: tuple[int, ...]
    ) -> None:
        super().__init__(model)
        self._stretch = stretch
        self._caps = caps
        self._shrinkable = shrinkable
        self._natural: dict[int, int] = {}
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)

    def fit(self) -> None:
        """Size to the rows now shown (after every reload: an empty list sizes to the titles only)."""
        self.fit_columns(self._stretch, self._caps)
        header = self.horizontalHeader()
        self._natural = {c: header.sectionSize(c) for c in range(header.count()) if c != self._stretch}
        self._give_way()

    def _give_way(self) -> None:
        header = self.horizontalHeader()
        excess = sum(self._natural.values()) + self.STRETCH_ROOM - self.viewport().width()
        for column, natural in self._natural.items():
            cut = 0
            if column in self._shrinkable and excess > 0:
                cut = min(excess, max(0, natural - self.FLOOR))
                excess -= cut
            if header.sectionSize(column) != natural - cut:
                header.resizeSection(column, natural - cut)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)  # the viewport has its new width by now
        if self._natural:
            self._give_way()


def toolbar(*actions: QAction) -> QToolBar:
    bar = QToolBar()
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    for act in actions:
        bar.addAction(act)
        # The button text is short (the bar must fit 1366-pixel screens); the tip says it in full, with its keys.
        keys = act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        if keys and not act.toolTip().endswith(f"({keys})"):
            act.setToolTip(f"{act.toolTip()} ({keys})")
    return bar


def labelled(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    return label


def refill_register(
    table: FittedTable,
    model: RecordTableModel[Any],
    year: YearCombo,
    years: list[int],
    today: int,
    rows_of: Callable[[int], Sequence[Any]],
    hint: str,
    select_id: int | None,
) -> None:
    """A register's list for the year shown (the latest with lines, unless the clerk chose one), keeping the line
    that was selected — a reload because something changed elsewhere must not lose the clerk's place."""
    selected = table.selected()
    keep = select_id if select_id is not None else getattr(selected, "id", None)
    year.follow_latest(years, today)
    model.set_rows(rows_of(year.value()))
    table.set_hint(hint.format(year=year.value()))
    table.fit()
    table.select_row(model.row_where(lambda line: line.id == keep) if keep is not None else None)


def register_layout(tab: QWidget, year: YearCombo, table: FittedTable, *actions: QAction) -> None:
    """A register's tab: its actions and the year above the list."""
    top = QHBoxLayout()
    top.addWidget(toolbar(*actions), 1)
    top.addWidget(labelled(tab.tr("Nă&m:"), year))
    top.addWidget(year)
    layout = QVBoxLayout(tab)
    layout.addLayout(top)
    layout.addWidget(table)
