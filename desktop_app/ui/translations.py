"""Qt's own texts in Vietnamese: standard buttons, message-box details, wizard buttons, edit menus.

Qt ships no Vietnamese translation (no ``qtbase_vi.qm`` among PySide6's translations), so the few texts of
Qt's that a clerk sees are translated in resources/translations/qt_vi.ts, compiled to qt_vi.qm
(``pyside6-lrelease``) and loaded for every dialog of the app at once. A compiled file, not a Python
translator: Qt asks the translators for every ``tr()`` of every widget, and a Python answer to each cost
start-up time. When a ``qtbase_vi.qm`` does ship, it is loaded too and answers whatever ours leaves out.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from desktop_app.paths import resources_dir

log = logging.getLogger(__name__)

_installed: list[QTranslator] = []


def install_translations(app: QCoreApplication) -> None:
    """Load Qt's Vietnamese translation when PySide6 ships one, then the app's (once per app)."""
    if _installed:
        return
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    shipped = QTranslator(app)
    if shipped.load(QLocale(QLocale.Language.Vietnamese), "qtbase", "_", folder):
        app.installTranslator(shipped)
        _installed.append(shipped)
    # Installed last, so asked first: the clerk's wording wins over a shipped translation's.
    ours = QTranslator(app)
    path = resources_dir() / "translations" / "qt_vi.qm"
    if ours.load(str(path)):
        app.installTranslator(ours)
        _installed.append(ours)
    else:
        log.warning("Qt's Vietnamese texts not loaded: %s is missing or unreadable", path)
