"""The demo office's content, read from the JSON files in resources/demo/: its documents and a report outline.

The files ship with the app (paths.demo_dir()); one that is missing, damaged or not what this version
expects gives a Vietnamese UserError naming the file, so the demo is refused before anything is written.
"""

from __future__ import annotations

import datetime
import functools
import json
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from desktop_app import paths
from desktop_app.domain.documents import Appendix, DocumentNumber, OfficialDocument, document_from_dict
from desktop_app.domain.i18n import _
from desktop_app.services.errors import UserError

T = TypeVar("T")

DISTRICT_FILE = "district.json"
DOCUMENTS_FILE = "documents.json"
OUTLINE_FILE = "outline.json"


class DemoContentError(UserError):
    """A demo content file cannot be used; the message names it and says what to do."""


def read_demo_file(name: str, folder: Path | None = None) -> dict[str, Any]:
    """The JSON object in ``folder``/``name`` (resources/demo/ by default; UTF-8, NFC)."""
    path = (folder or paths.demo_dir()) / name
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        message = _("Thiếu tệp dữ liệu mẫu «{path}». Hãy cài đặt lại phần mềm.")
        raise DemoContentError(message.format(path=path)) from exc
    except OSError as exc:
        message = _("Không đọc được tệp dữ liệu mẫu «{path}»: {reason}.")
        raise DemoContentError(message.format(path=path, reason=exc.strerror or exc)) from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        message = _("Tệp dữ liệu mẫu «{path}» bị hỏng: không phải văn bản UTF-8 (byte thứ {offset}). "
                    "Hãy cài đặt lại phần mềm.")
        raise DemoContentError(message.format(path=path, offset=exc.start + 1)) from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        message = _("Tệp dữ liệu mẫu «{path}» bị hỏng ở dòng {line}, cột {column}. Hãy cài đặt lại phần mềm.")
        raise DemoContentError(message.format(path=path, line=exc.lineno, column=exc.colno)) from exc
    if not isinstance(data, dict):
        raise content_error(name, _("nội dung không phải một đối tượng JSON"))
    if not unicodedata.is_normalized("NFC", text):
        # Vietnamese letters must compare and sort the same as what the clerk types (NFC everywhere).
        raise content_error(name, _("chữ tiếng Việt không ở dạng dựng sẵn (NFC)"))
    return data


def content_error(name: str, what: object) -> DemoContentError:
    """The error for a demo file whose content is not what this version expects."""
    message = _("Tệp dữ liệu mẫu «{path}» không đúng định dạng: {what}. Hãy cài đặt lại phần mềm.")
    return DemoContentError(message.format(path=paths.demo_dir() / name, what=what))


class WrongValue(ValueError):
    """A value of a demo file refused for a reason written for the clerk (Vietnamese)."""


# What decoding a JSON value into demo content can raise when the file is not what this version expects.
DECODING_ERRORS = (KeyError, IndexError, TypeError, ValueError)


def missing_entry(exc: Exception, entry: str = "") -> str:
    """What a decoding error says about the file: in which top-level ``entry``, the key it did not find or
    the value it refused."""
    if isinstance(exc, KeyError):
        what = _("thiếu mục «{key}»").format(key=exc.args[0] if exc.args else "")
    elif isinstance(exc, WrongValue):
        what = str(exc)
    else:
        # Python's own wording (int("x"), unpacking a short list) is English: keep it only as a detail.
        what = _("một giá trị sai kiểu hoặc sai số phần tử ({detail})").format(detail=exc)
    return _("mục «{entry}»: {what}").format(entry=entry, what=what) if entry else what


@dataclass(frozen=True)
class CitedDocument:
    """An upstream document a demo plan cites, as the incoming register holds it."""

    sender: str
    symbol: str
    dated: datetime.date
    arrived: datetime.date
    summary: str
    deadline_text: str = ""


@dataclass(frozen=True)
class DemoDocuments:
    """The demo office's documents: two issued plans with what they cite, and a plan being written now."""

    plan_94: OfficialDocument
    cited_by_plan_94: tuple[CitedDocument, ...]
    plan_so_ket: OfficialDocument
    plan_so_ket_issued: tuple[DocumentNumber, datetime.date]
    cited_by_plan_so_ket: tuple[CitedDocument, ...]
    plan_thang_cong_nhan_draft: OfficialDocument


@dataclass(frozen=True)
class DemoOutline:
    """A province's report outline (the "Đề cương" appendix) and the covering plan it is attached to."""

    plan: OfficialDocument

    @property
    def outline(self) -> Appendix:
        return self.plan.appendices[0]

    @property
    def title(self) -> str:
        return self.outline.title


def _document(data: Mapping[str, Any], key: str) -> OfficialDocument:
    entry = data[key]
    if not isinstance(entry, Mapping):
        raise WrongValue(_("không phải một văn bản"))
    return document_from_dict(entry)


def _cited(data: Any) -> tuple[CitedDocument, ...]:
    return tuple(
        CitedDocument(
            sender=str(item["sender"]),
            symbol=str(item["symbol"]),
            dated=datetime.date.fromisoformat(item["dated"]),
            arrived=datetime.date.fromisoformat(item["arrived"]),
            summary=str(item["summary"]),
            deadline_text=str(item.get("deadline_text", "")),
        )
        for item in data
    )


def decoded(name: str, data: Mapping[str, Any], entry: str, decode: Callable[[Any], T]) -> T:
    """``decode(data[entry])``; any fault becomes the error naming the file ``name`` and the entry."""
    if entry not in data:
        raise content_error(name, _("thiếu mục «{key}»").format(key=entry))
    try:
        return decode(data[entry])
    except DECODING_ERRORS as exc:
        raise content_error(name, missing_entry(exc, entry)) from exc


def _issued(data: Any) -> tuple[DocumentNumber, datetime.date]:
    number = DocumentNumber(
        int(data["number"]), int(data["year"]), str(data["type_code"]), str(data["issuer"]),
        str(data.get("drafting_office", "")),
    )
    return number, datetime.date.fromisoformat(data["issued_on"])


@functools.cache
def _documents_in(folder: Path) -> DemoDocuments:
    data = read_demo_file(DOCUMENTS_FILE, folder)

    def document(entry: str) -> OfficialDocument:
        return decoded(DOCUMENTS_FILE, data, entry, lambda _value: _document(data, entry))

    return DemoDocuments(
        plan_94=document("plan_94"),
        cited_by_plan_94=decoded(DOCUMENTS_FILE, data, "cited_by_plan_94", _cited),
        plan_so_ket=document("plan_so_ket"),
        plan_so_ket_issued=decoded(DOCUMENTS_FILE, data, "plan_so_ket_issued", _issued),
        cited_by_plan_so_ket=decoded(DOCUMENTS_FILE, data, "cited_by_plan_so_ket", _cited),
        plan_thang_cong_nhan_draft=document("plan_thang_cong_nhan_draft"),
    )


@functools.cache
def _outline_in(folder: Path) -> DemoOutline:
    data = read_demo_file(OUTLINE_FILE, folder)
    plan = decoded(OUTLINE_FILE, data, "plan_dai_hoi_xix", lambda _value: _document(data, "plan_dai_hoi_xix"))
    if not plan.appendices:
        raise content_error(OUTLINE_FILE, _("mục «plan_dai_hoi_xix»: kế hoạch không có phụ lục đề cương"))
    return DemoOutline(plan)


def demo_documents() -> DemoDocuments:
    """The demo office's documents (read once per content folder)."""
    return _documents_in(paths.demo_dir())


def demo_outline() -> DemoOutline:
    """The report outline and its covering plan (read once per content folder)."""
    return _outline_in(paths.demo_dir())
