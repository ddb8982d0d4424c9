"""The change log, uuid references beside integer ones, and documents as rows (list columns, tasks, citations).

Existing data is carried over: every reference gets the uuid of the record it points to, every document is
rewritten in format 2 (its tasks get their uuids) with its list columns, task and citation rows filled, and
every record that travels gets one "insert" line in the change log, so a later bundle or audit starts from a
complete picture.

The document step uses the app's own reading and indexing (domain.documents, services.document_index), the
code that writes the same columns on every save; a later change to that code that changes what is indexed
comes with a migration of its own that re-indexes.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

SYNCED_TABLES = (
    ("units", "unit"),
    ("unit_events", "unit_event"),
    ("signers", "signer"),
    ("outgoing_register", "outgoing"),
    ("incoming_register", "incoming"),
    ("incoming_files", "incoming_file"),
    ("documents", "document"),
)

# (table, integer column, uuid column, table pointed at)
REFERENCES = (
    ("units", "parent_id", "parent_uuid", "units"),
    ("units", "merged_into_id", "merged_into_uuid", "units"),
    ("unit_events", "unit_id", "unit_uuid", "units"),
    ("unit_events", "other_unit_id", "other_unit_uuid", "units"),
    ("documents", "version_of_id", "version_of_uuid", "documents"),
    ("documents", "register_entry_id", "register_entry_uuid", "outgoing_register"),
    ("incoming_files", "entry_id", "entry_uuid", "incoming_register"),
)


def upgrade() -> None:
    for table, _kind in SYNCED_TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("updated_by", sa.String(length=128), nullable=False, server_default=""))
    for table, _id_column, uuid_column, _target in REFERENCES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column(uuid_column, sa.String(length=36), nullable=True))
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("number", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("year", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("signer_name", sa.String(length=128), nullable=False, server_default=""))
        batch.add_column(sa.Column("search_key", sa.Text(), nullable=False, server_default=""))
        batch.create_index(batch.f("ix_documents_status"), ["status"])
        batch.create_index(batch.f("ix_documents_year"), ["year"])
    _content_last("documents")
    _content_last("incoming_files")
    op.create_table(
        "document_tasks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("who", sa.Text(), nullable=False),
        sa.Column("timing", sa.Text(), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], name=op.f("fk_document_tasks_document_id_documents"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_tasks")),
    )
    op.create_index(op.f("ix_document_tasks_document_id"), "document_tasks", ["document_id"])
    op.create_index(op.f("ix_document_tasks_uuid"), "document_tasks", ["uuid"])
    op.create_index(op.f("ix_document_tasks_due"), "document_tasks", ["due"])
    op.create_table(
        "document_citations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("incoming_uuid", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"],
                                name=op.f("fk_document_citations_document_id_documents"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_citations")),
    )
    op.create_index(op.f("ix_document_citations_document_id"), "document_citations", ["document_id"])
    op.create_index(op.f("ix_document_citations_incoming_uuid"), "document_citations", ["incoming_uuid"])
    op.create_table(
        "change_log",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("owner_code", sa.String(length=32), nullable=False),
        sa.Column("operation", sa.String(length=16), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("unit_code", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_change_log")),
    )
    op.create_index(op.f("ix_change_log_at"), "change_log", ["at"])
    op.create_index(op.f("ix_change_log_kind"), "change_log", ["kind"])
    op.create_index(op.f("ix_change_log_uuid"), "change_log", ["uuid"])
    op.create_index(op.f("ix_change_log_unit_code"), "change_log", ["unit_code"])
    op.create_table(
        "change_sequence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_sequence")),
    )
    connection = op.get_bind()
    _fill_references(connection)
    _index_documents(connection)
    last = _seed_change_log(connection)
    connection.execute(sa.text("INSERT INTO change_sequence (id, last_seq) VALUES (1, :last)"), {"last": last})


def _content_last(table: str) -> None:
    """SQLite stores a row's columns in order and reads a column by walking those before it: behind a
    megabyte of content, every list would read the content to reach the columns it wants. Put it last."""
    connection = op.get_bind()
    if connection.dialect.name != "sqlite":
        return  # PostgreSQL keeps large values out of the row (TOAST): the order costs nothing there
    columns = [column["name"] for column in sa.inspect(connection).get_columns(table)]
    ordered = (*(name for name in columns if name != "content"), "content")
    with op.batch_alter_table(table, recreate="always", partial_reordering=[ordered]):
        pass


def _fill_references(connection: sa.Connection) -> None:
    for table, id_column, uuid_column, target in REFERENCES:
        connection.execute(sa.text(
            f"UPDATE {table} SET {uuid_column} = (SELECT t.uuid FROM {target} t WHERE t.id = {table}.{id_column}) "
            f"WHERE {id_column} IS NOT NULL"
        ))


def _index_documents(connection: sa.Connection) -> None:
    from desktop_app.domain.documents import document_from_dict, document_to_dict
    from desktop_app.domain.vntext import search_key
    from desktop_app.services.document_index import index_document

    rows = connection.execute(sa.text(
        "SELECT id, symbol, summary, issue_date, created_at, content FROM documents")).mappings().all()
    for row in rows:
        created = row["created_at"]
        created_year = int(str(created)[:4]) if created else datetime.now(UTC).year
        issued = row["issue_date"]
        year = int(str(issued)[:4]) if issued else created_year
        try:
            doc = document_from_dict(json.loads(row["content"]))
        except (ValueError, KeyError, TypeError):
            # Unreadable content stays as it is (opening it says why); the list still shows the row.
            connection.execute(sa.text("UPDATE documents SET year = :year, search_key = :key WHERE id = :id"),
                               {"year": year, "key": search_key(f"{row['symbol']} {row['summary']}"), "id": row["id"]})
            continue
        index = index_document(doc, year)
        connection.execute(
            sa.text("UPDATE documents SET content = :content, number = :number, year = :year, "
                    "signer_name = :signer, search_key = :key WHERE id = :id"),
            {"content": json.dumps(document_to_dict(doc), ensure_ascii=False),
             "number": doc.number.number if doc.number is not None else None, "year": year,
             "signer": index.signer_name, "key": index.search_key(row["symbol"] or ""), "id": row["id"]},
        )
        if index.tasks:
            connection.execute(
                sa.text("INSERT INTO document_tasks (document_id, uuid, position, text, who, timing, due) "
                        "VALUES (:document_id, :uuid, :position, :text, :who, :timing, :due)"),
                [{"document_id": row["id"], "uuid": t.uuid, "position": t.position, "text": t.text, "who": t.who,
                  "timing": t.timing, "due": t.due} for t in index.tasks],
            )
        if index.citations:
            connection.execute(
                sa.text("INSERT INTO document_citations (document_id, incoming_uuid, position) "
                        "VALUES (:document_id, :incoming_uuid, :position)"),
                [{"document_id": row["id"], "incoming_uuid": uuid, "position": i}
                 for i, uuid in enumerate(index.citations)],
            )


def _seed_change_log(connection: sa.Connection) -> int:
    """One "insert" line per record already there, in the order they were stored."""
    seq = 0
    now = datetime.now(UTC).replace(tzinfo=None)
    for table, kind in SYNCED_TABLES:
        rows = connection.execute(
            sa.text(f"SELECT uuid, revision, owner_code FROM {table} ORDER BY id")).mappings().all()
        lines = []
        for row in rows:
            seq += 1
            lines.append({"seq": seq, "at": now, "kind": kind, "uuid": row["uuid"], "revision": row["revision"],
                          "owner": row["owner_code"] or ""})
        if lines:
            connection.execute(
                sa.text("INSERT INTO change_log (seq, at, actor, kind, uuid, revision, owner_code, operation, summary) "
                        "VALUES (:seq, :at, '', :kind, :uuid, :revision, :owner, 'insert', "
                        "'Đã có trước khi có nhật ký thay đổi')"),
                lines,
            )
    return seq


def downgrade() -> None:
    op.drop_table("change_sequence")
    op.drop_table("change_log")
    op.drop_table("document_citations")
    op.drop_table("document_tasks")
    with op.batch_alter_table("documents") as batch:
        batch.drop_index(batch.f("ix_documents_year"))
        batch.drop_index(batch.f("ix_documents_status"))
        for column in ("search_key", "signer_name", "year", "number"):
            batch.drop_column(column)
    for table, _id_column, uuid_column, _target in REFERENCES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column(uuid_column)
    for table, _kind in SYNCED_TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("updated_by")
