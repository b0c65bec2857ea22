"""Crash safety: SIGKILLs of `dealcoach chat --jsonl` and `dealcoach slack --http` mid-conversation.

The suite runs a bounded number of kills (DEALCOACH_CRASH_KILLS, default 20) so it stays
minutes long; bench/crash.py and bench/crash_slack.py run the large budgets (README figures).
"""

from __future__ import annotations

import os

from bench.crash import run

KILLS = int(os.environ.get("DEALCOACH_CRASH_KILLS", "20"))


def test_kills_lose_and_duplicate_nothing(db_url):
    result = run(db_url, kills=KILLS)
    print(f"\ncrash harness: {result}")
    assert result["kills"] == KILLS
    assert result["acknowledged"] > KILLS
    assert result["lost"] == 0, "an answer whose reply reached the user was lost"
    assert result["duplicated"] == 0, "an answer was stored twice"
    assert result["conversation_goes_on"] == 1


def test_kills_of_the_slack_http_process(db_url):
    from bench.crash_slack import run as run_slack

    result = run_slack(db_url, kills=KILLS)
    print(f"\nslack crash harness: {result}")
    assert result["kills"] == KILLS and result["acknowledged"] > KILLS
    assert result["lost"] == 0, "an event Slack was told we received was lost"
    assert result["duplicated"] == 0, "an event was stored twice"
    assert result["server_errors"] == 0
    assert result["conversation_goes_on"] == 1


def test_kills_of_dealcoach_serve_lose_no_answer_and_no_reply(db_url):
    """SIGKILLs of the whole `dealcoach serve` process group (2 workers): every acknowledged
    event stored once and its reply sent (a reply may go twice after a kill: counted)."""
    from bench.crash_serve import run as run_serve

    kills = max(3, KILLS // 4)  # each restart starts two workers: a quarter of the budget
    result = run_serve(db_url, kills=kills)
    print(f"\nserve crash harness: {result}")
    assert result["kills"] == kills and result["acknowledged"] >= kills
    assert result["lost"] == 0 and result["duplicated"] == 0
    assert result["replies_lost"] == 0, "an acknowledged event's reply never reached Slack"
    assert result["server_errors"] == 0
