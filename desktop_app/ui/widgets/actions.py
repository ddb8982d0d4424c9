"""Actions with keyboard shortcuts, made the same way on every screen.

Two rules hold for every action made here:

- The slot is called with no arguments. ``QAction.triggered`` sends a ``checked`` flag, and PySide passes
  it to any slot that accepts a parameter, default or not (``import_workbook(path=None)`` once received
  ``False`` as the path). The flag is dropped here, so a slot may take optional arguments safely.
- A page's shortcuts are live only while the page is the one shown. An action placed in the main window's
  menu bar would otherwise fire from every page (Qt counts the menu bar as always visible), and two pages
  using the same key would make Qt refuse both («Ambiguous shortcut overload»). The main window calls
  ``activate_page_shortcuts(page, active)`` whenever the current page changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from typing import TypeAlias

    from PySide6.QtCore import Qt

    Keys: TypeAlias = QKeySequence | QKeySequence.StandardKey | Qt.Key | str | None

# ``Qt`` (PySide6.QtCore's namespace) is imported where an action is made, not here: its first import costs ~25 ms,
# and the main window imports this module on the way to its first paint.

# The keys an action of a page has while its page is shown (portable text, "; "-separated).
_PAGE_KEYS = "page_shortcuts"


def connect_plain(signal: object, slot: Callable[[], object]) -> None:
    """Connect ``signal`` to ``slot`` called with no arguments, whatever the signal sends."""
    signal.connect(lambda *_args: slot())  # type: ignore[attr-defined]


def add_action(
    owner: QWidget,
    text: str,
    keys: Keys,
    slot: Callable[[], object],
    context: Qt.ShortcutContext | None = None,
) -> QAction:
    """An action owned by ``owner`` that runs ``slot()``.

    The shortcut is window-wide by default, so it works wherever the focus is (the navigation list too);
    Qt ignores the shortcuts of tabs that are not shown, and ``activate_page_shortcuts`` switches off
    those of pages that are not shown, so two screens may share a key.
    """
    act = QAction(text, owner)
    if keys:
        act.setShortcut(QKeySequence(keys))
        from PySide6.QtCore import Qt

        act.setShortcutContext(Qt.ShortcutContext.WindowShortcut if context is None else context)
    connect_plain(act.triggered, slot)
    owner.addAction(act)
    return act


def _page_actions(page: QWidget) -> list[QAction]:
    """The actions made for ``page`` and its tabs, not those of dialogs that are windows of their own."""
    window = page.window()
    found = []
    for action in page.findChildren(QAction):
        owner = action.parent()
        if isinstance(owner, QWidget) and owner.window() is not window:
            continue
        found.append(action)
    return found


def activate_page_shortcuts(page: QObject, active: bool) -> None:
    """Give ``page``'s actions their shortcuts back (``active``) or take them away while it is hidden."""
    if not isinstance(page, QWidget):
        return
    for action in _page_actions(page):
        stored = action.property(_PAGE_KEYS)
        if stored is None:
            stored = "; ".join(k.toString(QKeySequence.SequenceFormat.PortableText) for k in action.shortcuts())
            action.setProperty(_PAGE_KEYS, stored)
        if active:
            keys = [QKeySequence(k) for k in str(stored).split("; ") if k]
            action.setShortcuts(keys)
        else:
            action.setShortcuts([])


def page_shortcut(action: QAction) -> QKeySequence:
    """The shortcut ``action`` has while its page is shown (also while another page is)."""
    stored = action.property(_PAGE_KEYS)
    if stored is None:
        return action.shortcut()
    first = str(stored).split("; ")[0]
    return QKeySequence(first)
