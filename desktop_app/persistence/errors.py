"""Why a database cannot be used, each with a Vietnamese message for the clerk."""

from __future__ import annotations


class DatabaseError(Exception):
    """A database cannot be used; the message says why in Vietnamese."""


class DatabaseUnreadable(DatabaseError):
    """Not a database, or a damaged one: offer to open another file or restore a backup."""


class DatabaseTooNew(DatabaseError):
    """Written by a newer version of the app: refuse and leave it untouched."""


class MigrationFailed(DatabaseError):
    """Upgrading the schema failed; the file is as it was and a backup exists."""
