"""Every per-computer user setting, declared once with its default (the office's own data lives in the database)."""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from desktop_app import paths

log = logging.getLogger(__name__)

DEFAULT_PRINT_FONT = "Times New Roman"


@dataclass
class UserSettings:
    data_folder: str = ""  # empty: the platform's user data folder
    print_font: str = DEFAULT_PRINT_FONT
    window_geometry: str = ""  # base64 of QMainWindow.saveGeometry()
    window_state: str = ""
    last_folder: str = ""  # where file dialogs open
    signing_library: str = ""  # PKCS#11 library of the office's USB token (from its CA's software)
    signing_token_label: str = ""
    trust_roots: str = ""  # paths of trusted root certificates (.pem/.cer), one per line

    def database_path(self) -> Path:
        folder = Path(self.data_folder) if self.data_folder else paths.user_data_dir()
        return folder / "congdoan.sqlite"


def settings_file() -> Path:
    return paths.user_config_dir() / "settings.json"


def load_settings(path: Path | None = None) -> UserSettings:
    """Read the settings; a missing or damaged file gives the defaults (and is logged, not fatal)."""
    path = path or settings_file()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return UserSettings()
    except (OSError, ValueError) as exc:
        log.warning("settings file %s unreadable (%s); using defaults", path, exc)
        return UserSettings()
    known = {f.name for f in fields(UserSettings)}
    values = {k: v for k, v in raw.items() if k in known and isinstance(v, str)} if isinstance(raw, dict) else {}
    return UserSettings(**values)


def save_settings(settings: UserSettings, path: Path | None = None) -> None:
    """Write atomically so a crash mid-write never leaves a half file."""
    path = path or settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(asdict(settings), ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(temporary, path)
