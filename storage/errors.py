"""Errors the entry points report to the user, importable without loading the database layer."""


class SchemaError(RuntimeError):
    """The database's schema is one this code can't run on (newer than the code)."""
