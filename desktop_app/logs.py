"""Logging to a rotating file in the data folder, so an unexpected error can be looked at later."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

LOG_FILE_NAME = "congdoan-desk.log"
NOISY_LIBRARIES = ("pyhanko", "pyhanko_certvalidator")


def configure_logging(log_dir: Path, level: int = logging.INFO) -> Path:
    """Send every log record to ``log_dir``/congdoan-desk.log (1 MB × 5 files); returns the file path."""
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / LOG_FILE_NAME
    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler, logging.handlers.RotatingFileHandler):
            root.removeHandler(handler)
            handler.close()
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
    # pyHanko logs a full traceback at WARNING for every signature it cannot trust; the clerk already sees
    # that result in the check dialog, and the log should keep tracebacks for errors nobody foresaw.
    for noisy in NOISY_LIBRARIES:
        logging.getLogger(noisy).setLevel(logging.ERROR)
    return path
