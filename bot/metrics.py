"""Prometheus metrics for `dealcoach serve` (prometheus-client). With several uvicorn workers
the counters live in PROMETHEUS_MULTIPROC_DIR (`serve` sets one up), so a scrape of any worker
sees them all. Counts and durations only: never a text, a name or a token."""

from __future__ import annotations

import os
from typing import Callable, Optional

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily

REQUESTS = Counter("dealcoach_http_requests_total", "HTTP requests by route and status", ["route", "status"])
ACK_SECONDS = Histogram("dealcoach_ack_seconds", "Time to answer the platform's HTTP request", ["route"])
TURNS = Counter("dealcoach_turns_total", "Turns handled by channel and kind (message, action...)", ["channel", "kind"])
ERRORS = Counter("dealcoach_errors_total", "Requests that failed inside the service", ["route"])


class Backlog:
    """Gauges read from the database at scrape time: events waiting in the inbox, reminders due."""

    def __init__(self, count: Callable[[], dict[str, int]]) -> None:
        self.count = count

    def collect(self):
        gauge = GaugeMetricFamily("dealcoach_backlog", "Rows waiting, by queue", labels=["queue"])
        for queue, n in self.count().items():
            gauge.add_metric([queue], n)
        yield gauge


def exposition(backlog: Optional[Backlog] = None) -> bytes:
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
