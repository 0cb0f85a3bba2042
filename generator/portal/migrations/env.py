"""Alembic environment of the portal: runs on the connection db.migrate hands it."""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

from generator.portal.db import Base

connection = context.config.attributes["connection"]
if connection.dialect.name == "postgresql":
    # Several portal processes may start at once against one database: one migrates, the others wait.
    connection.execute(text("SELECT pg_advisory_xact_lock(7411511)"))
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
