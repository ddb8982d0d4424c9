"""Unit history (created, edited, dissolved, merged) and the office's signers.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _sync_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("owner_code", sa.String(length=32), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "unit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("other_unit_id", sa.Integer(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        *_sync_columns(),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_unit_events_unit_id_units")),
        sa.ForeignKeyConstraint(
            ["other_unit_id"], ["units.id"], name=op.f("fk_unit_events_other_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unit_events")),
        sa.UniqueConstraint("uuid", name=op.f("uq_unit_events_uuid")),
    )
    op.create_index(op.f("ix_unit_events_unit_id"), "unit_events", ["unit_id"])
    op.create_table(
        "signers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("authority", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=128), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("is_default", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        *_sync_columns(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signers")),
        sa.UniqueConstraint("uuid", name=op.f("uq_signers_uuid")),
    )
    # Units created before history existed get a "created" line so no unit has an empty history.
    events = sa.table(
        "unit_events",
        *(
            sa.column(n)
            for n in (
                "unit_id",
                "kind",
                "on_date",
                "recorded_at",
                "other_unit_id",
                "detail",
                "uuid",
                "owner_code",
                "revision",
                "updated_at",
            )
        ),
    )
    units = op.get_bind().execute(sa.text("SELECT id, founded, updated_at, owner_code FROM units")).all()
    rows = []
    for unit_id, founded, updated_at, owner_code in units:
        stamp = updated_at if isinstance(updated_at, datetime) else datetime.fromisoformat(str(updated_at))
        day = founded if isinstance(founded, date) or founded is None else date.fromisoformat(str(founded))
        rows.append(
            {
                "unit_id": unit_id,
                "kind": "created",
                "on_date": day or stamp.date(),
                "recorded_at": stamp,
                "other_unit_id": None,
                "detail": "",
                "uuid": str(uuid.uuid4()),
                "owner_code": owner_code,
                "revision": 1,
                "updated_at": stamp,
            }
        )
    if rows:
        op.bulk_insert(events, rows)


def downgrade() -> None:
    op.drop_table("signers")
    op.drop_index(op.f("ix_unit_events_unit_id"), table_name="unit_events")
    op.drop_table("unit_events")
