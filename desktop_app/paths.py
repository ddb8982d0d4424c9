"""Where things live: the only module that knows frozen (PyInstaller) from source layout."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "CongDoanDesk"
APP_AUTHOR = "CongDoan"

IS_FROZEN = bool(getattr(sys, "frozen", False))


# Where a wheel puts db/, forms/ and resources/ (pyproject's data-files), under sys.prefix.
INSTALLED_SHARE = Path("share") / "congdoan-desk"


def install_root() -> Path:
    """The folder holding db/, forms/ and resources/: the bundle in a frozen build, the checkout when run
    from source (or an editable install), ``<prefix>/share/congdoan-desk`` when installed from a wheel."""
    if IS_FROZEN:
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "db").is_dir() and (checkout / "resources").is_dir():
        return checkout
    return Path(sys.prefix) / INSTALLED_SHARE


def migrations_dir() -> Path:
    return install_root() / "db"


def resources_dir() -> Path:
    return install_root() / "resources"


def demo_dir() -> Path:
    """The demo office's content (district, documents, outline) as JSON files."""
    return resources_dir() / "demo"


def forms_dir() -> Path:
    return install_root() / "forms"


def user_data_dir() -> Path:
    """The data folder: database, backups, logs. CONGDOAN_DATA_DIR overrides it (tests, portable use)."""
    override = os.environ.get("CONGDOAN_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_dir as platform_data_dir

    return Path(platform_data_dir(APP_NAME, APP_AUTHOR))


def user_config_dir() -> Path:
    override = os.environ.get("CONGDOAN_CONFIG_DIR")
    if override:
        return Path(override)
    from platformdirs import user_config_dir as platform_config_dir

    return Path(platform_config_dir(APP_NAME, APP_AUTHOR))


def default_database_path() -> Path:
    return user_data_dir() / "congdoan.sqlite"


def backups_dir(database_path: Path) -> Path:
    return database_path.parent / "backups"


