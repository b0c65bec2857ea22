"""Money: two currencies are never added as one. Pipelines and forecasts count, in the reporting
currency, what converts with the admin's rates, and list the rest apart; a rates file that
can't be used is refused at start with its problem named."""

from __future__ import annotations

import subprocess
from datetime import date
from decimal import Decimal

import pytest

from dialogs.coach import Coach
from dialogs.domain.money import Money, Rates, RatesError, load_rates
from tests.bot.test_console import DEALCOACH, _env
from tests.conftest import Chat

RATES = """date = 2026-11-30
base = "USD"
[rates]
TWD = 32
EUR = 0.8
"""


def _deals(chat: Chat) -> None:
    for name, amount, close in (("Acme", "100k USD", "2026-12-10"), ("Tatung", "3200000 TWD", "2026-12-20"),
                                ("Siemens", "80000 EUR", "2026-12-15")):
        chat.say(f"new deal {name}")
        chat.say(f"/amount {amount}")
        chat.say(f"/close {close}")


def test_without_rates_other_currencies_are_listed_apart_never_summed(engine, clock):
    chat = Chat(Coach(engine, clock=clock), clock=clock)
    _deals(chat)
    chat.say("/pipeline")
    meta = chat.last.meta["pipeline"]
    lead = meta["stages"]["lead"]
    assert lead["count"] == 3 and lead["amount"] == 100_000, "only the USD deal is in the USD total"
    assert lead["amounts"] == {"USD": 100_000, "TWD": 3_200_000, "EUR": 80_000}
    assert meta["currency"] == "USD" and meta["rates_date"] is None
    assert meta["weighted"] == 5_000 and meta["apart"] == {"TWD": 3_200_000, "EUR": 80_000}
    assert "Not counted, no rate: €80,000, NT$3,200,000" in chat.last.text
    assert "$3,300,000" not in chat.last.text and "3,380,000" not in chat.last.text


def test_with_rates_totals_are_converted_and_say_which_rates(engine, clock):
    money = Money("USD", Rates(date(2026, 11, 30), "USD", {"TWD": Decimal(32), "EUR": Decimal("0.8")}))
    chat = Chat(Coach(engine, clock=clock, money=money), clock=clock)
    _deals(chat)
    chat.say("/pipeline")
    meta = chat.last.meta["pipeline"]
    assert meta["stages"]["lead"]["amount"] == 100_000 + 100_000 + 100_000  # 3.2M TWD and 80k EUR are 100k USD each
    assert meta["weighted"] == 15_000 and meta["rates_date"] == "2026-11-30" and meta["apart"] == {}
    assert "Rates of 2026-11-30" in chat.last.text
    chat.say("forecast this quarter")
    forecast = next(r for r in chat.replies if r.meta.get("answer") == "forecast")
    assert "3 deals closing, $300,000" in forecast.text and "Rates of 2026-11-30" in forecast.text


def test_forecast_without_rates_keeps_other_currencies_apart(engine, clock):
    chat = Chat(Coach(engine, clock=clock), clock=clock)
    _deals(chat)
    chat.say("forecast this quarter")
    forecast = next(r for r in chat.replies if r.meta.get("answer") == "forecast")
    assert "3 deals closing, $100,000" in forecast.text
    assert "Not counted, no rate: €80,000, NT$3,200,000" in forecast.text


def test_a_rates_file_is_validated(tmp_path):
    good = tmp_path / "rates.toml"
    good.write_text(RATES)
    rates = load_rates(good)
    assert rates.day == date(2026, 11, 30) and rates.rate("TWD") == 32 and rates.rate("USD") == 1
    for broken, problem in (('base = "USD"\n[rates]\nTWD = 32\n', "date"),
                            ('date = 2026-11-30\nbase = "usd"\n[rates]\nTWD = 32\n', "base"),
                            ('date = 2026-11-30\nbase = "USD"\n[rates]\nTWD = -1\n', "TWD"),
                            ('date = 2026-11-30\nbase = "USD"\n', "[rates]")):
        bad = tmp_path / "bad.toml"
        bad.write_text(broken)
        with pytest.raises(RatesError, match=problem.replace("[", r"\[").replace("]", r"\]")):
            load_rates(bad)


def test_the_coach_refuses_to_start_on_a_bad_rates_file(db_url, tmp_path):
    bad = tmp_path / "rates.toml"
    bad.write_text('date = "soon"\n')
    run = subprocess.run([DEALCOACH, "export"], env={**_env(db_url), "DEALCOACH_RATES": str(bad)},
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, "export needs no rates"
    run = subprocess.run([DEALCOACH, "chat", "--jsonl"], input='{"text": "pipeline"}\n',
                         env={**_env(db_url), "DEALCOACH_RATES": str(bad)}, capture_output=True, text=True, timeout=60)
    assert run.returncode == 2 and "rates file" in run.stderr and "date" in run.stderr


@pytest.mark.parametrize("value, currency, lang, shown", [
    ("1200000", "TWD", "zh-Hant", "NT$120萬"), ("800000", "CNY", "zh-Hans", "¥80万"), ("42000", "EUR", "en", "€42,000"),
    ("1200000", "TWD", "en", "NT$1,200,000"), ("43416.15", "USD", "en", "$43,416"), ("12.5", "USD", "en", "$12.50"),
    ("3200000", "TWD", "zh-Hans", "NT$320万"), ("550", "USD", "zh-Hant", "US$550"), ("50000", None, "en", "50,000"),
    ("1234", "XYZ", "en", "XYZ 1,234"),
])
def test_amounts_read_as_the_readers_language_writes_them(value, currency, lang, shown):
    from dialogs.domain.money import show

    assert show(Decimal(value), currency, lang) == shown


def test_a_chinese_pipeline_counts_in_wan(engine, clock):
    chat = Chat(Coach(engine, clock=clock), clock=clock)
    chat.say("新增商機：台積電")
    chat.say("/amount 1200000 TWD")
    chat.say("/pipeline")
    assert "NT$120萬" in chat.text and chat.last.meta["pipeline"]["stages"]["lead"]["amounts"] == {"TWD": 1200000}
