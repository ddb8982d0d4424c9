"""The editor's third tab (Nội dung): the body of the document or of an appendix as a tree of sections,
items, paragraphs and tasks, with a panel that edits the selected one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QSplitter, QStackedWidget, QToolBar, QVBoxLayout, QWidget

from desktop_app.domain.document_edit import (
    EditError,
    NodePath,
    indent,
    insert_node,
    move_node,
    node_at,
    outdent,
    remove_node,
    replace_node,
)
from desktop_app.domain.documents import BodyNode, ListItem, OfficialDocument, Paragraph, Section, Task
from desktop_app.ui.dialogs.document_editor.fields import MAIN_BODY, Change, Current
from desktop_app.ui.dialogs.document_editor.node_panels import NodePanel, SectionPanel, TaskPanel, TextPanel
from desktop_app.ui.dialogs.document_editor.outline_tree import OutlineTree
from desktop_app.ui.dialogs.document_editor.parts import PartsBar
from desktop_app.ui.errors import show_error
from desktop_app.ui.widgets.actions import add_action

_KIND_NAMES = {Section: "mục", Paragraph: "đoạn", ListItem: "ý", Task: "nhiệm vụ"}
Body = tuple[BodyNode, ...]

if TYPE_CHECKING:
    from desktop_app.ui.widgets.actions import Keys


class BodyTab(QWidget):
    """The body of one document. Edits go to ``change``; ``warn`` shows why a move was refused (the editor's
    problems line); ``year`` is the year timings without one are read in."""

    def __init__(self, document: Current, change: Change, year: Callable[[], int], today: Callable[[], date],
                 warn: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._change = change
        self._year = year
        self._warn = warn
        self._loading = False
        self._shown_part = MAIN_BODY
        self.tree = OutlineTree()
        self.tree.currentItemChanged.connect(lambda *_: self._show_node())

        def tree_action(text: str, keys: Keys, slot: Callable[[], None]) -> QAction:
            # Only while the focus is in this tab: Alt+arrows and Ctrl+Delete mean other things elsewhere.
            return add_action(self, text, keys, slot, Qt.ShortcutContext.WidgetWithChildrenShortcut)

        self.add_section_action = tree_action(self.tr("+ Mục"), "Ctrl+Alt+M", lambda: self.add_node(Section("")))
        self.add_item_action = tree_action(self.tr("+ Ý"), "Ctrl+Alt+Y", lambda: self.add_node(ListItem("")))
        self.add_paragraph_action = tree_action(self.tr("+ Đoạn văn"), "Ctrl+Alt+D",
                                                lambda: self.add_node(Paragraph("")))
        self.add_task_action = tree_action(self.tr("+ Nhiệm vụ"), "Ctrl+Alt+N", lambda: self.add_node(Task("")))
        self.delete_action = tree_action(self.tr("Xóa"), "Ctrl+Delete", self.delete_node)
        self.up_action = tree_action(self.tr("Lên"), "Alt+Up", lambda: self.move_selected(-1))
        self.down_action = tree_action(self.tr("Xuống"), "Alt+Down", lambda: self.move_selected(1))
        self.indent_action = tree_action(self.tr("Lùi vào"), "Alt+Right", self.indent_selected)
        self.outdent_action = tree_action(self.tr("Lùi ra"), "Alt+Left", self.outdent_selected)
        self._node_actions = (self.delete_action, self.up_action, self.down_action, self.indent_action,
                              self.outdent_action)
        bar = QToolBar()
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for act in (self.add_section_action, self.add_item_action, self.add_paragraph_action, self.add_task_action):
            bar.addAction(act)
        bar.addSeparator()
        for act in self._node_actions:
            bar.addAction(act)
        for act in bar.actions():
            if not act.isSeparator() and not act.shortcut().isEmpty():
                act.setToolTip(f"{act.text()} ({act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})")

        self.node_stack = QStackedWidget()
        self.empty_panel = QLabel(self.tr("Chọn một dòng bên trái để sửa, hoặc thêm mục, ý, đoạn văn, nhiệm vụ."))
        self.empty_panel.setWordWrap(True)
        self.empty_panel.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.section_panel = SectionPanel(self._edit_node)
        self.text_panel = TextPanel(self._edit_node)
        self.task_panel = TaskPanel(self._edit_node, year, today)
        for page in (self.empty_panel, self.section_panel, self.text_panel, self.task_panel):
            self.node_stack.addWidget(page)

        splitter = QSplitter()
        splitter.addWidget(self.tree)
        splitter.addWidget(self.node_stack)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([640, 460])
        self.parts = PartsBar(document, change)
        self.parts.chosen.connect(lambda: self._fill_tree(None))

        layout = QVBoxLayout(self)
        layout.addWidget(self.parts)
        layout.addWidget(bar)
        layout.addWidget(splitter, 1)

    # ================================================================= showing
    @property
    def part(self) -> int:
        """The part the tree shows: ``MAIN_BODY`` or an appendix's index."""
        return self.parts.part

    @part.setter
    def part(self, part: int) -> None:
        self.parts.part = part

    def selected_path(self) -> NodePath | None:
        return self.tree.selected_path()

    def show_document(self, select: NodePath | None) -> None:
        """Show the document afresh (after undo, redo or a restored copy), selecting ``select``."""
        self.parts.fill()
        self._fill_tree(select)

    def follow(self, before: OfficialDocument, select: NodePath | None) -> None:
        """Show an edit just made (the document was ``before``): rebuild the tree only when its shape changed,
        so the clerk's cursor stays where it is while typing."""
        doc = self._document()
        structural = self.part != self._shown_part or _shape(self._body(doc)) != _shape(self._body(before))
        if len(doc.appendices) != len(before.appendices):
            self.parts.fill()
        if structural:
            self._fill_tree(select)
        else:
            self._update_tree_labels()

    def _body(self, doc: OfficialDocument | None = None) -> Body:
        """The body the tree edits: the document's own, or the shown appendix's."""
        doc = doc or self._document()
        if self.part == MAIN_BODY or self.part >= len(doc.appendices):
            return doc.body
        return doc.appendices[self.part].body

    def _with_body(self, body: Body) -> OfficialDocument:
        doc = self._document()
        if self.part == MAIN_BODY:
            return replace(doc, body=body)
        appendices = list(doc.appendices)
        appendices[self.part] = replace(appendices[self.part], body=body)
        return replace(doc, appendices=tuple(appendices))

    def _fill_tree(self, select: NodePath | None) -> None:
        self._shown_part = self.part
        loading, self._loading = self._loading, True
        try:
            self.tree.fill(self._body(), self._year(), select)
        finally:
            self._loading = loading
        self._show_node()

    def _update_tree_labels(self) -> None:
        selected = self.tree.update_labels(self._body(), self._year())
        if selected is not None and isinstance(selected[0], Task):
            self.task_panel.show_understood(selected[0])

    def _show_node(self) -> None:
        path = self.selected_path()
        node = node_at(self._body(), path) if path is not None else None
        for act in self._node_actions:
            act.setEnabled(node is not None)
        loading, self._loading = self._loading, True
        try:
            if node is None:
                self.node_stack.setCurrentWidget(self.empty_panel)
            elif isinstance(node, Section):
                self.node_stack.setCurrentWidget(self.section_panel)
                self.section_panel.show_node(node)
            elif isinstance(node, (Paragraph, ListItem)):
                self.node_stack.setCurrentWidget(self.text_panel)
                self.text_panel.show_node(node)
            else:
                self.node_stack.setCurrentWidget(self.task_panel)
                self.task_panel.show_node(node)
        finally:
            self._loading = loading

    # ================================================================= editing
    def _edit_node(self, change: Callable[[BodyNode], BodyNode], field: str | None) -> BodyNode | None:
        """Edit the selected node (unless the panels are only being filled); returns it as it is now."""
        path = self.selected_path()
        if path is None:
            return None
        if not self._loading:
            node = node_at(self._body(), path)
            try:
                new = change(node)
            except (TypeError, ValueError) as exc:  # e.g. a marker a node kind does not take
                show_error(self, str(exc), self.tr("Không sửa được"))
                return node_at(self._body(), path)
            body = replace_node(self._body(), path, new)
            self._change(self._with_body(body), ("node", path, field) if field else None,
                         self.tr("Sửa nội dung"), select=path)
        return node_at(self._body(), path)

    def _placement(self, node: BodyNode) -> tuple[NodePath, int]:
        """Where a new node goes: inside a selected section (unless it is a section as big), else after the
        selected node; with nothing selected, at the end."""
        path = self.selected_path()
        if path is None:
            return (), len(self._body())
        selected = node_at(self._body(), path)
        if isinstance(selected, Section) and not (isinstance(node, Section) and node.level <= selected.level):
            return path, len(selected.children)
        return path[:-1], path[-1] + 1

    def add_node(self, node: BodyNode) -> None:
        parent, index = self._placement(node)
        container = node_at(self._body(), parent) if parent else None
        siblings = self._body() if container is None or isinstance(container, Paragraph) else container.children
        if isinstance(node, Section):
            if isinstance(container, Section):
                node = replace(node, level=min(container.level + 1, 3))
            else:
                before = siblings[index - 1] if index > 0 else None
                node = replace(node, level=before.level if isinstance(before, Section) else 1)
        elif isinstance(node, (ListItem, Task)):
            before = siblings[index - 1] if 0 < index <= len(siblings) else None
            if isinstance(before, (ListItem, Task)):
                node = replace(node, marker=before.marker)
            elif isinstance(container, Section) and container.level == 1 and isinstance(node, ListItem):
                node = replace(node, marker="1.")
        try:
            body = insert_node(self._body(), parent, index, node)
        except EditError as exc:
            show_error(self, str(exc), self.tr("Không thêm được"))
            return
        kind = _KIND_NAMES[type(node)]
        self._change(self._with_body(body), None, self.tr("Thêm {kind}").format(kind=kind),
                     select=(*parent, index))
        panel = self.node_stack.currentWidget()
        if isinstance(panel, NodePanel):
            panel.first_field.setFocus()

    def delete_node(self) -> None:
        path = self.selected_path()
        if path is None:
            return
        node = node_at(self._body(), path)
        body = remove_node(self._body(), path)
        parent = path[:-1]
        container = node_at(body, parent) if parent else None
        left = body if container is None else () if isinstance(container, Paragraph) else container.children
        # The next sibling takes the selection, else the one before, else the parent.
        select: NodePath | None = (*parent, min(path[-1], len(left) - 1)) if left else (parent or None)
        self._change(self._with_body(body), None,
                     self.tr("Xóa {kind}").format(kind=_KIND_NAMES[type(node)]), select=select)

    def _structure(self, edit: Callable[[Body, NodePath], tuple[Body, NodePath]], text: str) -> None:
        path = self.selected_path()
        if path is None:
            return
        try:
            body, new_path = edit(self._body(), path)
        except EditError as exc:
            self._warn(str(exc))
            return
        self._change(self._with_body(body), None, text, select=new_path)
        self.tree.setFocus()

    def move_selected(self, delta: int) -> None:
        self._structure(lambda body, path: move_node(body, path, delta), self.tr("Chuyển vị trí"))

    def indent_selected(self) -> None:
        self._structure(indent, self.tr("Lùi vào"))

    def outdent_selected(self) -> None:
        self._structure(outdent, self.tr("Lùi ra"))


def _shape(body: Body) -> list[tuple[type, int]]:
    """The tree's shape (kinds and child counts), to tell a text edit from a structural one."""
    out: list[tuple[type, int]] = []
    for node in body:
        children = () if isinstance(node, Paragraph) else node.children
        out.append((type(node), len(children)))
        out += _shape(children)
    return out
