"""Both chat apps' adapters offer the same operations (bot/channel.py)."""

from __future__ import annotations

import inspect

import pytest

from bot import channel


@pytest.mark.parametrize("module", ["bot.slack.adapter", "bot.telegram.adapter"])
def test_each_adapter_offers_the_shared_operations(module):
    adapter = __import__(module, fromlist=["_"])
    for name in channel.OPERATIONS:
        assert hasattr(adapter, name), f"{module} lacks {name}"
    assert adapter.CHANNEL in ("slack", "telegram")
    assert list(inspect.signature(adapter.replay_stranded).parameters) == ["app", "inbox"]
    assert "worker" in inspect.signature(adapter.deliver_reminders).parameters
