"""Malformed but correctly signed Slack requests get a 4xx or are ignored: never a 500, and the
app keeps working. Plus hypothesis-generated event payloads."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.bot.slack.conftest import texts

MALFORMED = [
    (b"", "application/json"),
    (b"not json at all", "application/json"),
    (b"[]", "application/json"),
    (b"null", "application/json"),
    (b'{"type": "event_callback"}', "application/json"),
    (b'{"type": "event_callback", "event": "x"}', "application/json"),
    (b'{"type": "event_callback", "event": {"type": "message", "user": 123, "text": ["a"], "channel": null}}',
     "application/json"),
    (b'{"type": "event_callback", "event": {"type": "app_mention"}}', "application/json"),
    (b'{"type": "event_callback", "event": {"type": "app_home_opened"}}', "application/json"),
    (b"payload=%7Bnot-json", "application/x-www-form-urlencoded"),
    (urlencode({"payload": json.dumps({"type": "block_actions"})}).encode(), "application/x-www-form-urlencoded"),
    (urlencode({"payload": json.dumps({"type": "block_actions", "user": {"id": "U1"},
                                       "actions": [{"action_id": "coach:0", "value": 7}]})}).encode(),
     "application/x-www-form-urlencoded"),
    (urlencode({"command": "/coach"}).encode(), "application/x-www-form-urlencoded"),
    (urlencode({"command": "/coach", "user_id": "U1", "text": "help"}).encode(), "application/x-www-form-urlencoded"),
    (b"\xff\xfe\x00garbage", "application/octet-stream"),
    (b"text=hello", "text/plain"),
    (b"x" * (1024 * 1024 + 10), "application/json"),
]


def test_malformed_payloads_never_get_a_500(slack, fake):
    for body, ctype in MALFORMED:
        status, _ = slack.post(body, content_type=ctype)
        assert status < 500, (status, body[:80], ctype)
    out = slack.turn("message", lambda: slack.dm("U1", "new deal Still Alive"))
    assert "Created the deal Still Alive" in texts(out)


json_value = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                          lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                          max_leaves=8)
event = st.fixed_dictionaries({"type": st.sampled_from(["message", "app_mention", "app_home_opened", "x"])},
                              optional={"user": json_value, "text": json_value, "channel": json_value,
                                        "channel_type": st.sampled_from(["im", "channel", 5]), "ts": json_value,
                                        "thread_ts": json_value, "subtype": json_value, "bot_id": json_value,
                                        "tab": json_value})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(event=event, team=json_value, event_id=json_value)
def test_generated_events_never_get_a_500(slack, event, team, event_id):
    body = json.dumps({"type": "event_callback", "team_id": team, "event_id": event_id, "event": event}).encode()
    status, _ = slack.post(body)
    assert status < 500
