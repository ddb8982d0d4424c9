"""Lists that reload when what they show changed, and only then."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from desktop_app.domain.changes import ChangeSet


class FollowsChanges:
    """Reloads ``widget``'s list when a change touches one of ``kinds``: at once if it is on screen, otherwise
    the next time it is shown (a hidden tab costs nothing while another page works)."""

    def __init__(
        self, widget: QWidget, kinds: frozenset[str], reload: Callable[[], None], while_hidden: bool = False
    ) -> None:
        self.widget = widget
        self.kinds = kinds
        self._reload = reload
        self._while_hidden = while_hidden  # for a list something always on screen depends on
        self.stale = False

    def changed(self, changes: object) -> None:
        assert isinstance(changes, ChangeSet)
        # A plain callable stays connected after its page is gone (a window closed while changes were announced).
        if not changes.touches(*self.kinds) or not isValid(self.widget):
            return
        if self._while_hidden or self.widget.isVisible():
            self.stale = False
            self._reload()
        else:
            self.stale = True

    def shown(self) -> None:
        if self.stale:
            self.stale = False
            self._reload()
