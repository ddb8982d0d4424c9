"""Report tracking: report requests, one submission per (request, CĐCS) with its files, and the office's
corrections of the working-day calendar.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _syncable() -> list[sa.Column]:
    return [
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("owner_code", sa.String(length=32), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=128), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "report_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("what", sa.String(length=16), nullable=False),
        sa.Column("form_id", sa.String(length=64), nullable=True),
        sa.Column("period", sa.String(length=128), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("audience", sa.Text(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("document_uuid", sa.String(length=36), nullable=True),
        sa.Column("task_uuid", sa.String(length=36), nullable=True),
        sa.Column("upstream_id", sa.Integer(), nullable=True),
        sa.Column("upstream_uuid", sa.String(length=36), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        *_syncable(),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_report_requests_document_id_documents")
        ),
        sa.ForeignKeyConstraint(
            ["upstream_id"], ["incoming_register.id"], name=op.f("fk_report_requests_upstream_id_incoming_register")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_requests")),
        sa.UniqueConstraint("uuid", name=op.f("uq_report_requests_uuid")),
    )
    op.create_index(op.f("ix_report_requests_due"), "report_requests", ["due"])
    op.create_index(op.f("ix_report_requests_task_uuid"), "report_requests", ["task_uuid"])
    op.create_table(
        "submissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("request_uuid", sa.String(length=36), nullable=True),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("unit_uuid", sa.String(length=36), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=True),
        sa.Column("first_received_on", sa.Date(), nullable=True),
        sa.Column("returned_on", sa.Date(), nullable=True),
        sa.Column("correction_due", sa.Date(), nullable=True),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("backdate_note", sa.Text(), nullable=False),
        sa.Column("exempt_reason", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        *_syncable(),
        sa.ForeignKeyConstraint(
            ["request_id"], ["report_requests.id"], name=op.f("fk_submissions_request_id_report_requests")
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_submissions_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submissions")),
        sa.UniqueConstraint("request_id", "unit_id", name="uq_submissions_request_unit"),
        sa.UniqueConstraint("uuid", name=op.f("uq_submissions_uuid")),
    )
    op.create_index(op.f("ix_submissions_request_id"), "submissions", ["request_id"])
    op.create_index(op.f("ix_submissions_unit_id"), "submissions", ["unit_id"])
    op.create_table(
        "submission_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("submission_uuid", sa.String(length=36), nullable=True),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        *_syncable(),
        # Last: SQLite walks the columns before the one it reads, and this one is megabytes.
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["submission_id"], ["submissions.id"], name=op.f("fk_submission_files_submission_id_submissions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submission_files")),
        sa.UniqueConstraint("uuid", name=op.f("uq_submission_files_uuid")),
    )
    op.create_index(op.f("ix_submission_files_submission_id"), "submission_files", ["submission_id"])
    op.create_table(
        "calendar_days",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("working", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        *_syncable(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_days")),
        sa.UniqueConstraint("day", name=op.f("uq_calendar_days_day")),
        sa.UniqueConstraint("uuid", name=op.f("uq_calendar_days_uuid")),
    )


def downgrade() -> None:
    op.drop_table("calendar_days")
    op.drop_index(op.f("ix_submission_files_submission_id"), table_name="submission_files")
    op.drop_table("submission_files")
    op.drop_index(op.f("ix_submissions_unit_id"), table_name="submissions")
    op.drop_index(op.f("ix_submissions_request_id"), table_name="submissions")
    op.drop_table("submissions")
    op.drop_index(op.f("ix_report_requests_task_uuid"), table_name="report_requests")
    op.drop_index(op.f("ix_report_requests_due"), table_name="report_requests")
    op.drop_table("report_requests")
