"""The message catalogue for everything below ui/ (Qt strings use ``self.tr``).

Source strings are Vietnamese, the language of the UI; an English catalogue can be
added as a gettext .mo file under resources/locale without touching any logic.
"""

from __future__ import annotations

import gettext
from pathlib import Path

_LOCALE_DIR = Path(__file__).resolve().parents[2] / "resources" / "locale"
_translation = gettext.translation("congdoan", localedir=_LOCALE_DIR, fallback=True)


def _(message: str) -> str:
    """Translate a user-visible message (identity until a catalogue is installed)."""
    return _translation.gettext(message)
