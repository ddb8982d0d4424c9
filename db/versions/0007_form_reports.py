"""Indicator forms: one CĐCS's figures for one form and snapshot date (form_reports), and the snapshot date a
report request asking for a form is about (report_requests.form_period).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "form_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("form_id", sa.String(length=64), nullable=False),
        sa.Column("form_version", sa.Integer(), nullable=False),
        sa.Column("period", sa.Date(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("unit_uuid", sa.String(length=36), nullable=True),
        sa.Column("complete", sa.Boolean(), nullable=False),
        sa.Column("problem_count", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("owner_code", sa.String(length=32), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=128), nullable=False),
        # Last: the one column of some size, read only with the figures.
        sa.Column("values", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_form_reports_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_form_reports")),
        sa.UniqueConstraint("form_id", "period", "unit_id", name="uq_form_reports_form_period_unit"),
        sa.UniqueConstraint("uuid", name=op.f("uq_form_reports_uuid")),
    )
    op.create_index(op.f("ix_form_reports_unit_id"), "form_reports", ["unit_id"])
    with op.batch_alter_table("report_requests") as batch:
        batch.add_column(sa.Column("form_period", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("report_requests") as batch:
        batch.drop_column("form_period")
    op.drop_index(op.f("ix_form_reports_unit_id"), table_name="form_reports")
    op.drop_table("form_reports")
