"""Errors a service raises for the clerk to read (Vietnamese), as opposed to bugs."""

from __future__ import annotations

from desktop_app.domain.i18n import _
from desktop_app.domain.units import FIELD_LABELS, Problem


class UserError(Exception):
    """Something the clerk asked for cannot be done; ``str(error)`` says why and what to do."""


# Fields of the office set-up that are not unit fields.
_EXTRA_LABELS = {
    "abbreviation": _("Tên viết tắt trong ký hiệu văn bản"),
    "place_name": _("Địa danh"),
    "parent_kind": _("Cấp của đơn vị cấp trên"),
    "signer": _("Người ký"),
}


def label_of(field: str) -> str:
    return FIELD_LABELS.get(field) or _EXTRA_LABELS.get(field, field)


class ValidationFailed(UserError):
    """A record breaks rules; ``problems`` name the fields so a dialog can point at them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(
            "\n".join(
                f"{FIELD_LABELS.get(p.field) or _EXTRA_LABELS.get(p.field, p.field)}: {p.message}" for p in problems
            )
        )


class NotFound(UserError):
    pass


class Conflict(UserError):
    """The record changed since the clerk opened it (another window, another clerk)."""


def clerk_message(exc: BaseException) -> str | None:
    """The Vietnamese message of an error the clerk can act on, or None for a bug.

    Besides a refused request (``UserError``), a database that cannot take a write right now — read-only, a full
    disk, held by another program — is the clerk's business too, and its message says what to do.
    """
    from desktop_app.persistence.errors import DatabaseError

    if isinstance(exc, UserError | DatabaseError):
        return str(exc)
    return None
