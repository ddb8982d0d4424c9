"""The tree of the body tab: one row per section, item, paragraph and task, with the timing understood."""

from __future__ import annotations

from typing import TypeAlias

from PySide6.QtCore import QModelIndex, QSignalBlocker, Qt
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QTreeWidgetItemIterator, QWidget

from desktop_app.domain.document_edit import NodePath
from desktop_app.domain.documents import BodyNode, Paragraph, Section, Task, outline
from desktop_app.ui.dialogs.document_editor.timing import read_timing

#: What the tree shows for a node: the node, its text, its timing column, whether that is a warning.
Label: TypeAlias = tuple[BodyNode, str, str, bool]


class OutlineTree(QTreeWidget):
    """Shows one body; each row keeps its node's path (``NodePath``) so edits know where they apply."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderLabels([self.tr("Nội dung"), self.tr("Thời hạn hiểu được")])
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        self.setColumnWidth(1, 260)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setAlternatingRowColors(True)

    def selected_path(self) -> NodePath | None:
        item = self.currentItem()
        if item is None:
            return None
        path = item.data(0, Qt.ItemDataRole.UserRole)
        return tuple(path) if path is not None else None

    def labels(self, body: tuple[BodyNode, ...], year: int) -> dict[NodePath, Label]:
        """For every node: the node, its tree text, its timing column and whether the timing is a warning."""
        labels: dict[NodePath, Label] = {}
        for entry in outline(body):
            path, node = entry.path, entry.node
            if isinstance(node, Section):
                heading = node.heading.upper() if node.level == 1 else node.heading
                text = f"{entry.label} {heading or self.tr('(mục chưa có tiêu đề)')}".strip()
                labels[path] = (node, text, "", False)
            elif isinstance(node, Paragraph):
                labels[path] = (node, node.text or self.tr("(đoạn văn trống)"), "", False)
            else:
                text = f"{entry.label} {node.text or self.tr('(chưa có nội dung)')}"
                if isinstance(node, Task):
                    timing, warn = read_timing(node, year)
                    who = f" [{node.who}]" if node.who else ""
                    labels[path] = (node, f"{text}{who}", timing, warn)
                else:
                    labels[path] = (node, text, "", False)
        return labels

    def fill(self, body: tuple[BodyNode, ...], year: int, select: NodePath | None) -> None:
        """Rebuild the rows (without reporting a change of row) and select ``select`` if it is there."""
        with QSignalBlocker(self):
            self.clear()
            items: dict[NodePath, QTreeWidgetItem] = {}
            for path, label in self.labels(body, year).items():
                parent = items.get(path[:-1])
                item = QTreeWidgetItem(parent) if parent is not None else QTreeWidgetItem(self)
                item.setData(0, Qt.ItemDataRole.UserRole, list(path))
                _label_item(item, label)
                items[path] = item
            self.expandAll()
            target = items.get(select) if select is not None else None
            if target is not None:
                self.setCurrentItem(target)
            else:
                self.setCurrentIndex(QModelIndex())

    def update_labels(self, body: tuple[BodyNode, ...], year: int) -> Label | None:
        """After typing: the same rows, new texts (rebuilding them would move the clerk's cursor). Returns the
        selected row's label."""
        labels = self.labels(body, year)
        items = QTreeWidgetItemIterator(self)
        while (item := items.value()) is not None:
            label = labels.get(tuple(item.data(0, Qt.ItemDataRole.UserRole)))
            if label is not None:
                _label_item(item, label)
            items += 1
        return labels.get(self.selected_path() or ())


def _label_item(item: QTreeWidgetItem, label: Label) -> None:
    node, text, timing, warn = label
    first_line = text.split("\n", 1)[0]
    item.setText(0, first_line if len(first_line) <= 160 else first_line[:157] + "…")
    item.setToolTip(0, text)
    font = item.font(0)
    font.setBold(isinstance(node, Section))
    item.setFont(0, font)
    item.setText(1, timing)
    item.setToolTip(1, timing)
    item.setForeground(1, Qt.GlobalColor.darkYellow if warn else Qt.GlobalColor.darkGreen)
