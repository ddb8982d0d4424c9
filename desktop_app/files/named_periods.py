"""Reads the named periods («Tháng Công nhân», «Tết Nguyên đán») that the deadline parser knows by name
from forms/periods/named_periods.json, an editable data file."""

from __future__ import annotations

import json
from pathlib import Path

from desktop_app.domain.deadlines import NamedPeriod, named_periods_from_data
from desktop_app.domain.i18n import _
from desktop_app.paths import forms_dir


def named_periods_path() -> Path:
    return forms_dir() / "periods" / "named_periods.json"


def load_named_periods(path: Path | None = None) -> tuple[NamedPeriod, ...]:
    """The periods of ``path`` (the shipped file by default); ``ValueError`` saying which file, which entry
    and what is wrong when it cannot be used."""
    path = path or named_periods_path()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        message = _("Không đọc được tệp các dịp «{path}»: {reason}.").format(path=path, reason=exc.strerror)
        raise ValueError(message) from None
    except UnicodeDecodeError:
        raise ValueError(_("Tệp các dịp «{path}» không phải văn bản UTF-8.").format(path=path)) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(
            _("Tệp các dịp «{path}» sai cú pháp JSON ở dòng {line}, cột {column}.").format(
                path=path, line=exc.lineno, column=exc.colno
            )
        ) from None
    return named_periods_from_data(data, str(path))
