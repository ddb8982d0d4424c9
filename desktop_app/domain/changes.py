"""What changed in the office's records: the vocabulary of the change log and of page refreshes.

A change names a record by kind and uuid (never by a database's own integer id, so it means the same in
another office's database) and says what happened to it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from desktop_app.domain.i18n import _

# The kinds of record that travel between offices, as the change log names them.
UNIT = "unit"
UNIT_EVENT = "unit_event"
SIGNER = "signer"
DOCUMENT = "document"
OUTGOING = "outgoing"
INCOMING = "incoming"
INCOMING_FILE = "incoming_file"
REPORT_REQUEST = "report_request"
SUBMISSION = "submission"
SUBMISSION_FILE = "submission_file"
CALENDAR_DAY = "calendar_day"
FORM_REPORT = "form_report"

KIND_LABELS: dict[str, str] = {
    UNIT: _("Đơn vị"),
    UNIT_EVENT: _("Lịch sử đơn vị"),
    SIGNER: _("Người ký"),
    DOCUMENT: _("Văn bản"),
    OUTGOING: _("Sổ văn bản đi"),
    INCOMING: _("Sổ văn bản đến"),
    INCOMING_FILE: _("Tệp kèm văn bản đến"),
    REPORT_REQUEST: _("Yêu cầu báo cáo"),
    SUBMISSION: _("Theo dõi báo cáo"),
    SUBMISSION_FILE: _("Tệp kèm báo cáo"),
    CALENDAR_DAY: _("Lịch ngày làm việc"),
    FORM_REPORT: _("Biểu mẫu số liệu"),
}

INSERT = "insert"
UPDATE = "update"
DELETE = "delete"
ISSUE = "issue"
DISSOLVE = "dissolve"
MERGE = "merge"  # a unit merged into another (it is dissolved too)
CANCEL = "cancel"

OPERATION_LABELS: dict[str, str] = {
    INSERT: _("Thêm"),
    UPDATE: _("Sửa"),
    DELETE: _("Xóa"),
    ISSUE: _("Ban hành"),
    DISSOLVE: _("Giải thể"),
    MERGE: _("Sáp nhập"),
    CANCEL: _("Hủy số"),
}


@dataclass(frozen=True)
class Change:
    kind: str
    uuid: str
    operation: str


@dataclass(frozen=True)
class ChangeSet:
    """The records one operation (or one refresh) changed; pages look at the kinds they show."""

    changes: frozenset[Change] = frozenset()
    # The highest change-log number these changes reach (0 when unknown): a refresh asks only for what is newer.
    up_to: int = 0

    @classmethod
    def of(cls, changes: Iterable[Change], up_to: int = 0) -> ChangeSet:
        return cls(frozenset(changes), up_to)

    def __bool__(self) -> bool:
        return bool(self.changes)

    def __iter__(self) -> Iterator[Change]:
        return iter(self.changes)

    def __or__(self, other: ChangeSet) -> ChangeSet:
        return ChangeSet(self.changes | other.changes, max(self.up_to, other.up_to))

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(c.kind for c in self.changes)

    def touches(self, *kinds: str) -> bool:
        return any(c.kind in kinds for c in self.changes)

    def uuids(self, kind: str) -> frozenset[str]:
        return frozenset(c.uuid for c in self.changes if c.kind == kind)


def coalesce(earlier: str | None, later: str) -> str | None:
    """One operation for a record changed twice in one transaction (None: it came and went, nothing to log)."""
    if earlier is None:
        return later
    if earlier == INSERT:
        return None if later == DELETE else INSERT
    if later == UPDATE:
        return earlier  # an issue or a dissolution followed by a touch-up is still that
    return later
