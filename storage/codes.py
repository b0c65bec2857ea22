"""Codes the tables store, kept apart from the tables so the command line can name them
without loading the database layer."""

from __future__ import annotations

ROLES = ("rep", "manager", "admin")
