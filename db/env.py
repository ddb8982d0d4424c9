"""Alembic environment: migrations run on the connection the app hands over, in one transaction."""

from __future__ import annotations

from alembic import context

from desktop_app.persistence.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Migrations run only through desktop_app.persistence.migrate.")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot ALTER most things; batch mode copies the table instead.
    render_as_batch=True,
    # All steps in one transaction: a failed upgrade leaves the database as it was.
    transaction_per_migration=False,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
