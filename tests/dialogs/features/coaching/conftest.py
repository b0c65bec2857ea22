"""One world for the labelled questions, built once per module on a SQLite file."""

from __future__ import annotations

import pytest

from tests.dialogs.features.coaching import world as w


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    built = w.on_sqlite(tmp_path_factory.mktemp("ask"))
    yield built
    built.engine.dispose()
