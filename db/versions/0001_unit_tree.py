"""Unit tree: level kinds, sectors and units, seeded with the default kinds and sectors.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# Frozen copies of the seeds as they were when this version shipped: a migration must not
# change meaning when the app's defaults change later.
_KINDS = [
    ("TLD", "Tổng Liên đoàn Lao động Việt Nam", 1, False),
    ("LDLD_TINH", "Liên đoàn Lao động tỉnh, thành phố", 2, False),
    ("CD_NGANH", "Công đoàn ngành trung ương và tương đương", 2, False),
    ("LDLD_HUYEN", "Liên đoàn Lao động huyện, quận, thị xã, thành phố", 3, False),
    ("CD_CTTCS", "Công đoàn cấp trên trực tiếp cơ sở khác", 3, False),
    ("CDCS", "Công đoàn cơ sở", 4, True),
    ("NDCS", "Nghiệp đoàn cơ sở", 4, True),
]
_SECTORS = [
    ("HCSN", "Hành chính sự nghiệp"),
    ("DNNN", "Doanh nghiệp nhà nước"),
    ("NNN", "Doanh nghiệp ngoài nhà nước"),
    ("FDI", "Doanh nghiệp có vốn đầu tư nước ngoài"),
    ("HTX", "Hợp tác xã"),
    ("KHAC", "Khác"),
]


def upgrade() -> None:
    kinds = op.create_table(
        "unit_kinds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("grassroots", sa.Boolean(), nullable=False),
        sa.Column("retired", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unit_kinds")),
        sa.UniqueConstraint("code", name=op.f("uq_unit_kinds_code")),
    )
    sectors = op.create_table(
        "sectors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("retired", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sectors")),
        sa.UniqueConstraint("code", name=op.f("uq_sectors_code")),
    )
    op.create_table(
        "units",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("short_name", sa.String(length=64), nullable=False),
        sa.Column("kind_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("sector_id", sa.Integer(), nullable=True),
        sa.Column("members", sa.Integer(), nullable=True),
        sa.Column("female_members", sa.Integer(), nullable=True),
        sa.Column("workers", sa.Integer(), nullable=True),
        sa.Column("chair", sa.String(length=128), nullable=False),
        sa.Column("phone", sa.String(length=64), nullable=False),
        sa.Column("email", sa.String(length=128), nullable=False),
        sa.Column("address", sa.String(length=255), nullable=False),
        sa.Column("founded", sa.Date(), nullable=True),
        sa.Column("dissolved", sa.Date(), nullable=True),
        sa.Column("merged_into_id", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("is_home", sa.Boolean(), nullable=False),
        sa.Column("abbreviation", sa.String(length=32), nullable=False),
        sa.Column("place_name", sa.String(length=128), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("owner_code", sa.String(length=32), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["kind_id"], ["unit_kinds.id"], name=op.f("fk_units_kind_id_unit_kinds")),
        sa.ForeignKeyConstraint(["parent_id"], ["units.id"], name=op.f("fk_units_parent_id_units")),
        sa.ForeignKeyConstraint(["sector_id"], ["sectors.id"], name=op.f("fk_units_sector_id_sectors")),
        sa.ForeignKeyConstraint(["merged_into_id"], ["units.id"], name=op.f("fk_units_merged_into_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_units")),
        sa.UniqueConstraint("code", name=op.f("uq_units_code")),
        sa.UniqueConstraint("uuid", name=op.f("uq_units_uuid")),
    )
    op.bulk_insert(
        kinds,
        [{"code": c, "name": n, "level": lv, "grassroots": g, "retired": False} for c, n, lv, g in _KINDS],
    )
    op.bulk_insert(sectors, [{"code": c, "name": n, "retired": False} for c, n in _SECTORS])


def downgrade() -> None:
    op.drop_table("units")
    op.drop_table("sectors")
    op.drop_table("unit_kinds")
