"""The log file keeps what helps after an unexpected error, not the chatter of libraries."""

from __future__ import annotations

import logging
from pathlib import Path

from desktop_app.logs import configure_logging


def test_pyhanko_warnings_stay_out_of_the_log_but_its_errors_and_ours_go_in(tmp_path: Path) -> None:
    path = configure_logging(tmp_path / "logs")
    try:
        logging.getLogger("pyhanko.sign.validation").warning("untrusted certificate, with a long traceback")
        logging.getLogger("pyhanko").error("pyhanko failed")
        logging.getLogger("desktop_app.services").info("văn bản đã lưu")
        for handler in logging.getLogger().handlers:
            handler.flush()
        text = path.read_text(encoding="utf-8")
    finally:
        for handler in list(logging.getLogger().handlers):
            if getattr(handler, "baseFilename", None) == str(path):
                logging.getLogger().removeHandler(handler)
                handler.close()
    assert "untrusted certificate" not in text
    assert "pyhanko failed" in text and "văn bản đã lưu" in text
