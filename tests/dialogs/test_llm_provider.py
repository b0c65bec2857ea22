"""The LLM through a real provider package (langchain-openai) pointed at a local server that
never answers in time: the provider's own timeout stops the call at the socket (it does not run
on in a thread after the coach gave up), and the rules answer. No network leaves 127.0.0.1."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from dialogs.coach import Coach
from dialogs.domain.reader import NoteReader
from dialogs.llm import LLMReader, load_chat_model
from tests.conftest import Chat

NOTE = ("Long call with Priya Nair, VP Operations at Brightline. They want to cut picking errors by "
        "30% before the peak season, the budget of about $120k comes from the ops fund, and the CFO "
        "signs anything above $100k. They tried a barcode pilot last year that stalled.")


class _Silent(ThreadingHTTPServer):
    daemon_threads = True


@pytest.fixture
def slow_provider():
    """An OpenAI-compatible endpoint that holds every request for 5 s, and notes when the
    client gave up on it (the connection closed under it)."""
    seen = {"requests": 0, "abandoned": 0}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def do_POST(self) -> None:
            seen["requests"] += 1
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            time.sleep(5)
            try:
                self.send_response(500)
                self.end_headers()
                self.wfile.write(b"{}")
            except OSError:
                seen["abandoned"] += 1

    server = _Silent(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/v1", seen
    server.shutdown()
    server.server_close()


def test_the_providers_timeout_stops_the_call(slow_provider):
    base_url, seen = slow_provider
    model = load_chat_model("openai:gpt-4o-mini", timeout_s=0.5, api_key="sk-test", base_url=base_url)
    started = time.perf_counter()
    with pytest.raises(Exception) as raised:
        model.invoke("hello")
    assert time.perf_counter() - started < 2.5, "stopped by the provider's timeout, no retries"
    assert "timeout" in type(raised.value).__name__.lower() or "timed out" in str(raised.value).lower()
    assert seen["requests"] == 1, "no retry"


def test_a_slow_provider_leaves_the_rules_reading(engine, clock, slow_provider):
    base_url, _ = slow_provider
    model = load_chat_model("openai:gpt-4o-mini", timeout_s=0.5, api_key="sk-test", base_url=base_url)
    coach = Coach(engine, clock=clock, reader=NoteReader(LLMReader(model, model_name="openai:test", timeout_s=0.5,
                                                                   clock=clock)))
    chat = Chat(coach, clock=clock)
    chat.say("new deal Brightline")
    started = time.perf_counter()
    chat.say(NOTE)
    assert time.perf_counter() - started < 3
    assert "Filed on Brightline" in chat.text and "Budget" in chat.text, "the rules read it"
