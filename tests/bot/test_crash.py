"""Crash safety: 100 SIGKILLs of `dealcoach chat --jsonl` mid-interview (bench/crash.py)."""

from __future__ import annotations

from bench.crash import run


def test_a_hundred_kills_lose_and_duplicate_nothing(db_url):
    result = run(db_url, kills=100)
    print(f"\ncrash harness: {result}")
    assert result["kills"] == 100
    assert result["acknowledged"] > 100
    assert result["lost"] == 0, "an answer whose reply reached the user was lost"
    assert result["duplicated"] == 0, "an answer was stored twice"
    assert result["conversation_goes_on"] == 1


def test_a_hundred_kills_of_the_slack_http_process(db_url):
    from bench.crash_slack import run as run_slack

    result = run_slack(db_url, kills=100)
    print(f"\nslack crash harness: {result}")
    assert result["kills"] == 100 and result["acknowledged"] > 100
    assert result["lost"] == 0, "an event Slack was told we received was lost"
    assert result["duplicated"] == 0, "an event was stored twice"
    assert result["server_errors"] == 0
    assert result["conversation_goes_on"] == 1
