"""A copy of the app's migrations with one more step that fails halfway, for tests of failed upgrades."""

from __future__ import annotations

import shutil
from pathlib import Path


def broken_migrations(folder: Path, reason: str = "broken step") -> Path:
    """The migrations copied into ``folder``/migrations plus a step that changes data, then raises ``reason``."""
    from desktop_app import paths
    from desktop_app.persistence.migrate import head_revision

    scripts = folder / "migrations"
    shutil.copytree(paths.migrations_dir(), scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / "9001_broken.py").write_text(
        '"""A step that fails halfway."""\n'
        "import sqlalchemy as sa\nfrom alembic import op\n\n"
        f'revision = "9001"\ndown_revision = "{head_revision()}"\nbranch_labels = None\ndepends_on = None\n\n\n'
        "def upgrade() -> None:\n"
        '    op.create_table("half_done", sa.Column("id", sa.Integer, primary_key=True))\n'
        '    op.execute("UPDATE units SET name = \'changed\'")\n'
        f'    raise RuntimeError("{reason}")\n\n\n'
        "def downgrade() -> None:\n    pass\n",
        encoding="utf-8",
    )
    return scripts
