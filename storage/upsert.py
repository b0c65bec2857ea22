"""INSERT with ON CONFLICT, in the dialect at hand (SQLite and PostgreSQL spell it alike)."""

from __future__ import annotations

from typing import Any


def dialect_insert(dialect: str) -> Any:
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert
