"""The Documents screen (Văn bản): outgoing documents, the outgoing register and the incoming register, one tab
each, with the page's own undo (deleted drafts)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import SignalInstance
from PySide6.QtGui import QShowEvent, QUndoStack
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from desktop_app.domain.changes import DOCUMENT, INCOMING, INCOMING_FILE, OUTGOING
from desktop_app.services.documents import DocumentService
from desktop_app.services.registers import RegisterService
from desktop_app.services.templates import TemplateService
from desktop_app.services.tracking import TrackingService
from desktop_app.ui.document_actions import DocumentActions, DocumentSettings
from desktop_app.ui.pages.documents.documents_tab import DocumentsTab
from desktop_app.ui.pages.documents.incoming_tab import IncomingTab
from desktop_app.ui.pages.documents.outgoing_tab import OutgoingTab
from desktop_app.ui.widgets.refresh import FollowsChanges


@dataclass(frozen=True)
class DocumentsPageDeps:
    """The services the screen calls (it never touches the database itself) and the day it takes as today.
    Without ``templates`` no new document can be written (the list, registers and printing still work)."""

    documents: DocumentService
    registers: RegisterService
    templates: TemplateService | None = None
    clock: Callable[[], date] = date.today
    # Report requests made from a plan's tasks follow the plan's deadlines (the clerk is asked after an edit).
    tracking: TrackingService | None = None


class DocumentsPage(QWidget):
    """Assembles the three tabs; what one tab changes in another's list is reloaded here."""

    def __init__(
        self, deps: DocumentsPageDeps, settings: DocumentSettings | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.deps = deps
        self._build_undo()
        self.document_actions = DocumentActions(deps.documents, settings or DocumentSettings(), self)
        self.documents_tab = DocumentsTab(
            deps.documents, deps.registers, self.document_actions, self.undo_stack, deps.templates, deps.clock,
            tracking=deps.tracking,
        )
        self.outgoing_tab = OutgoingTab(deps.registers, self.document_actions.settings, deps.clock)
        self.incoming_tab = IncomingTab(deps.registers, self.document_actions.settings, deps.clock)
        # Issuing takes the next number: the outgoing register lists it.
        self.documents_tab.numbers_changed.connect(lambda: self.outgoing_tab.reload())

        self.tabs = QTabWidget()
        self.tabs.addTab(self.documents_tab, self.tr("Văn bản đi"))
        self.tabs.addTab(self.outgoing_tab, self.tr("Sổ văn bản đi"))
        self.tabs.addTab(self.incoming_tab, self.tr("Sổ văn bản đến"))
        self.tabs.currentChanged.connect(lambda _i: self.reload_current())
        # What each tab lists: a document cites arrivals ("Làm căn cứ cho") and takes numbers from the register.
        self._followers = {
            self.documents_tab: FollowsChanges(self.documents_tab, frozenset({DOCUMENT}), self.documents_tab.reload),
            self.outgoing_tab: FollowsChanges(self.outgoing_tab, frozenset({OUTGOING, DOCUMENT}),
                                              self.outgoing_tab.reload),
            self.incoming_tab: FollowsChanges(self.incoming_tab, frozenset({INCOMING, INCOMING_FILE, DOCUMENT}),
                                              self.incoming_tab.reload),
        }
        self._following = False

        title = QLabel(self.tr("Văn bản"))
        title.setStyleSheet("font-size: 16px; font-weight: bold;")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.tabs)

    def _build_undo(self) -> None:
        # The page's own undo (deleted drafts). The main window gives Ctrl+Z and Ctrl+Y to the shown page's
        # undo_stack (its undo group), so Ctrl+Z here never reaches another page's changes; no shortcuts here.
        self.undo_stack = QUndoStack(self)
        self.undo_action = self.undo_stack.createUndoAction(self, self.tr("&Hoàn tác"))
        self.redo_action = self.undo_stack.createRedoAction(self, self.tr("&Làm lại"))

    def follow(self, changed: SignalInstance) -> None:
        """Reload a tab only when something it lists changed (announced by the main window's DataEvents)."""
        for follower in self._followers.values():
            changed.connect(follower.changed)
        self._following = True

    # -- what a change-log line opens (call once the page is shown: showing it reloads the current tab) --------
    def select_document_uuid(self, uuid: str) -> bool:
        self.tabs.setCurrentWidget(self.documents_tab)
        return self.documents_tab.select_document_uuid(uuid)

    def select_outgoing_uuid(self, uuid: str) -> bool:
        self.tabs.setCurrentWidget(self.outgoing_tab)
        return self.outgoing_tab.select_entry_uuid(uuid)

    def select_incoming_uuid(self, uuid: str) -> bool:
        self.tabs.setCurrentWidget(self.incoming_tab)
        return self.incoming_tab.select_entry_uuid(uuid)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.reload_current()

    def reload_current(self) -> None:
        """The shown tab, brought up to date: reloaded if it missed a change (or always, when nothing tells
        this page about changes: then another page may have changed its lists)."""
        current = self.tabs.currentWidget()
        if isinstance(current, DocumentsTab | OutgoingTab | IncomingTab):
            if self._following:
                self._followers[current].shown()
            else:
                current.reload()
