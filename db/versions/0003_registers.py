"""The outgoing and incoming registers (sổ văn bản đi, sổ văn bản đến) and copies of incoming files.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
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
        "outgoing_register",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("type_code", sa.String(length=16), nullable=True),
        sa.Column("drafting_office", sa.String(length=32), nullable=False),
        sa.Column("symbol", sa.String(length=64), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("cancelled_on", sa.Date(), nullable=True),
        sa.Column("cancel_reason", sa.Text(), nullable=False),
        sa.Column("document_uuid", sa.String(length=36), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        *_sync_columns(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outgoing_register")),
        sa.UniqueConstraint("owner_code", "year", "number", name="uq_outgoing_register_number"),
        sa.UniqueConstraint("uuid", name=op.f("uq_outgoing_register_uuid")),
    )
    op.create_table(
        "incoming_register",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("arrival_number", sa.Integer(), nullable=False),
        sa.Column("arrived_on", sa.Date(), nullable=False),
        sa.Column("sender", sa.String(length=255), nullable=False),
        sa.Column("their_symbol", sa.String(length=64), nullable=False),
        sa.Column("their_date", sa.Date(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("deadline_text", sa.Text(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        *_sync_columns(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incoming_register")),
        sa.UniqueConstraint("owner_code", "year", "arrival_number", name="uq_incoming_register_number"),
        sa.UniqueConstraint("uuid", name=op.f("uq_incoming_register_uuid")),
    )
    op.create_table(
        "incoming_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        *_sync_columns(),
        sa.ForeignKeyConstraint(
            ["entry_id"], ["incoming_register.id"], name=op.f("fk_incoming_files_entry_id_incoming_register")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incoming_files")),
        sa.UniqueConstraint("uuid", name=op.f("uq_incoming_files_uuid")),
    )
    op.create_index(op.f("ix_incoming_files_entry_id"), "incoming_files", ["entry_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_incoming_files_entry_id"), table_name="incoming_files")
    op.drop_table("incoming_files")
    op.drop_table("incoming_register")
    op.drop_table("outgoing_register")
