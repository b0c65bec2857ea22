"""Prometheus metrics for `dealcoach serve` (prometheus-client). With several uvicorn workers
the counters live in PROMETHEUS_MULTIPROC_DIR (`serve` sets one up), so a scrape of any worker
sees them all. Counts and durations only: never a text, a name or a token."""

from __future__ import annotations

import os
import time
from typing import Any, Callable, Optional

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest, multiprocess
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

REQUESTS = Counter("dealcoach_http_requests_total", "HTTP requests by route and status", ["route", "status"])
ACK_SECONDS = Histogram("dealcoach_ack_seconds", "Time to answer the platform's HTTP request", ["route"])
TURNS = Counter("dealcoach_turns_total", "Turns handled by channel and kind (message, action...)", ["channel", "kind"])
ERRORS = Counter("dealcoach_errors_total", "Requests that failed inside the service", ["route"])
TURN_SECONDS = Histogram("dealcoach_turn_seconds", "Time the coach took for a turn (no sending)", ["channel"])
REPLAYED = Counter("dealcoach_inbox_replayed_total", "Events a sweep took over from a dead process", ["channel"])
RESENT = Counter("dealcoach_outbox_resent_total", "Replies a sweep took over to send again (a dead "
                 "sender, or one the platform refused: a failed reminder too)", ["channel"])


def timed_turns(coach) -> None:
    """Time every turn of this coach (its `turn` is what the adapters call)."""
    turn = coach.turn

    def timed(msg, *args, **kwargs):
        started = time.perf_counter()
        try:
            return turn(msg, *args, **kwargs)
        finally:
            TURN_SECONDS.labels(msg.channel).observe(time.perf_counter() - started)
    coach.turn = timed


def counted(queue, counter: Counter) -> None:
    """Count what an inbox's or an outbox's sweep takes over (its `stranded`)."""
    stranded = queue.stranded

    def taking(*args, **kwargs):
        taken = stranded(*args, **kwargs)
        if taken:
            counter.labels(queue.channel).inc(len(taken))
        return taken
    queue.stranded = taking


class FromDatabase:
    """Read from the database at scrape time, so right across workers and restarts: rows waiting
    (inbox, outbox, reminders due), LLM calls by purpose and outcome with their tokens (a
    timeout is an outcome), and reminders delivered."""

    def __init__(self, backlog: Callable[[], dict[str, int]], totals: Callable[[], dict[str, Any]]) -> None:
        self.backlog, self.totals = backlog, totals

    def collect(self):
        gauge = GaugeMetricFamily("dealcoach_backlog", "Rows waiting, by queue", labels=["queue"])
        for queue, n in self.backlog().items():
            gauge.add_metric([queue], n)
        yield gauge
        totals = self.totals()
        calls = CounterMetricFamily("dealcoach_llm_calls", "LLM calls by purpose and outcome", labels=["purpose", "outcome"])
        tokens = CounterMetricFamily("dealcoach_llm_tokens", "LLM tokens by purpose and direction", labels=["purpose", "direction"])
        spent: dict[tuple[str, str], int] = {}
        for purpose, outcome, n, tokens_in, tokens_out in totals["llm"]:
            calls.add_metric([purpose, outcome], n)
            spent[(purpose, "in")] = spent.get((purpose, "in"), 0) + tokens_in
            spent[(purpose, "out")] = spent.get((purpose, "out"), 0) + tokens_out
        for (purpose, direction), n in spent.items():
            tokens.add_metric([purpose, direction], n)
        yield calls
        yield tokens
        sent = CounterMetricFamily("dealcoach_reminders_sent", "Reminders handed to a channel")
        sent.add_metric([], totals["reminders_sent"])
        yield sent


def exposition(backlog: Optional[FromDatabase] = None) -> bytes:
    """The text format, across workers when PROMETHEUS_MULTIPROC_DIR is set."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        from prometheus_client import REGISTRY

        registry = REGISTRY
    if backlog is not None:
        scrape = CollectorRegistry()
        scrape.register(backlog)
        return generate_latest(registry) + generate_latest(scrape)
    return generate_latest(registry)
