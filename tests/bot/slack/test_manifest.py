"""The app manifest asks for exactly what the adapter uses."""

import json
from pathlib import Path

from bot.slack import adapter

MANIFEST = json.loads((Path(adapter.__file__).with_name("manifest.json")).read_text(encoding="utf-8"))


def test_events_command_and_interactivity_match_the_adapter():
    settings = MANIFEST["settings"]
    assert set(settings["event_subscriptions"]["bot_events"]) == {"app_home_opened", "app_mention", "message.im"}
    assert [c["command"] for c in MANIFEST["features"]["slash_commands"]] == ["/coach"]
    assert settings["interactivity"]["is_enabled"] is True
    assert MANIFEST["features"]["app_home"]["home_tab_enabled"] is True


def test_scopes_are_the_ones_the_web_api_calls_need():
    # chat.postMessage/update: chat:write · users.info: users:read · conversations.open: im:write
    # message.im: im:history · app_mention: app_mentions:read · /coach: commands
    # chat.postEphemeral: chat:write · a voice clip's url_private_download: files:read
    assert set(MANIFEST["oauth_config"]["scopes"]["bot"]) == {
        "app_mentions:read", "chat:write", "commands", "files:read", "im:history", "im:read", "im:write", "users:read"}
