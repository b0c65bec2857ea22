"""Note-reader throughput, and LLM calls per completed interview.

Throughput: every labelled note (tests/dialogs/domain/notes) through the rule reader, against a floor
measured in the same run: the same notes through only the Traditional->Simplified conversion
and lower-casing the reader itself starts with.

LLM calls: a fake langchain chat model stands in for the provider (it answers instantly), so
the figures count calls, not latency. Button path: a whole interview by buttons and short typed
answers. Free-text path: the rep pastes long call notes, then answers what is still missing.

    python bench/extraction.py
"""

from __future__ import annotations

import json
import platform
import sys
import tempfile
import time
from datetime import date, datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from langchain_core.language_models.fake_chat_models import GenericFakeChatModel  # noqa: E402
from langchain_core.messages import AIMessage  # noqa: E402

from dialogs.coach import Coach  # noqa: E402
from dialogs.domain.facts.chinese import to_simplified  # noqa: E402
from dialogs.llm import LLMReader  # noqa: E402
from dialogs.messages import Incoming  # noqa: E402
from dialogs.domain.reader import NoteReader  # noqa: E402
from dialogs.domain.reading import _read, read_note  # noqa: E402
from storage import repo  # noqa: E402
from storage.db import new_session, open_database  # noqa: E402

TODAY = date(2026, 11, 22)
NOTES = ROOT / "tests" / "dialogs" / "domain" / "notes"


def load_notes() -> list[str]:
    out = []
    for file in sorted(NOTES.glob("*.jsonl")):
        out += [json.loads(l)["note"] for l in file.read_text(encoding="utf-8").splitlines() if l.strip()]
    return out


def throughput(notes: list[str], rounds: int = 5) -> None:
    def run(fn) -> float:
        best = []
        for _ in range(rounds):
            # Cold reads: the reader memoises notes it has read, so every round starts empty
            # (otherwise rounds after the first would time cache hits).
            _read.cache_clear()
            start = time.perf_counter()
            for note in notes:
                fn(note)
            best.append(time.perf_counter() - start)
        return len(notes) / min(best)

    floor = run(lambda n: to_simplified(n).lower())
    reader = run(lambda n: read_note(n, TODAY))
    print(f"  floor (t2s + lower)   {floor:9.0f} notes/s")
    print(f"  rule reader           {reader:9.0f} notes/s   ({floor / reader:.0f}x the floor, "
          f"{len(notes)} notes in 3 languages, cold reads, best of {rounds})")


def fake_model() -> GenericFakeChatModel:
    answer = json.dumps({"dimensions": ["goals", "challenges", "timeline"], "people": [],
                         "amounts": [], "dates": []})
    usage = {"input_tokens": 350, "output_tokens": 60, "total_tokens": 410}
    return GenericFakeChatModel(messages=iter(AIMessage(content=answer, usage_metadata=usage)
                                              for _ in range(10_000)))


def llm_calls(interviews: int = 20) -> None:
    long_notes = [n for n in load_notes() if len(n) >= 120]
    clock = lambda: datetime(2026, 11, 22, 9, tzinfo=timezone.utc)  # noqa: E731
    with tempfile.TemporaryDirectory() as tmp:
        engine = open_database(f"sqlite:///{Path(tmp) / 'bench.db'}")
        reader = NoteReader(LLMReader(fake_model(), model_name="fake", timeout_s=2, min_chars=120, clock=clock))
        coach = Coach(engine, reader=reader, clock=clock)

        def say(user: str, **kw) -> list:
            return coach.handle(Incoming(channel="console", user_ref=user, display_name=user, **kw))

        def finish(user: str, replies: list) -> None:
            while replies and "dimension" in replies[-1].meta:
                skip = next(b.id for b in replies[-1].buttons if b.id.startswith("ctl:unknown"))
                replies = say(user, button=skip)

        for i in range(interviews):  # button path
            user = f"buttons{i}"
            say(user, text=f"new deal B{i}")
            replies = say(user, button="disc:start")
            replies = say(user, text="Cut shipping errors 30% this year")
            finish(user, replies)
        with new_session(engine) as s:
            button_calls = repo.llm_usage(session=s)["calls"]
        for i in range(interviews):  # free-text path: three pasted notes, then what's missing
            user = f"notes{i}"
            say(user, text=f"new deal N{i}")
            for k in range(3):
                say(user, text="pause")
                replies = say(user, text=long_notes[(3 * i + k) % len(long_notes)])
            finish(user, replies)
        with new_session(engine) as s:
            total = repo.llm_usage(session=s)
        engine.dispose()
    print(f"  button path           {button_calls / interviews:.1f} LLM calls per completed interview")
    print(f"  free-text path        {(total['calls'] - button_calls) / interviews:.1f} LLM calls per "
          f"completed interview ({total['input_tokens'] // max(total['calls'], 1)} input tokens a call)")


def main() -> None:
    print(f"{date.today()} · {platform.node()} · {platform.machine()} · Python {platform.python_version()}")
    notes = load_notes()
    print("Extraction throughput:")
    throughput(notes)
    print("LLM calls (fake model; counts, not latency):")
    llm_calls()


if __name__ == "__main__":
    main()
