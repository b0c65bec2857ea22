"""Builds the coach from settings: the one place the database engine is created."""

from __future__ import annotations

from bot.reader import build_composer, build_reader, build_understander
from bot.settings import Settings
from dialogs.coach import Coach
from dialogs.inbox import Inbox
from dialogs.outbox import Outbox
from dialogs.domain.money import Money, load_rates
from dialogs.domain.playbook import load_playbook
from storage.db import open_database


def build_coach(settings: Settings) -> Coach:
    """Raises dialogs.playbook.PlaybookError when the configured playbook is invalid, and
    dialogs.domain.money.RatesError when the rates file is."""
    playbook = load_playbook(settings.dealcoach_playbook)
    money = Money(settings.dealcoach_currency.upper(), load_rates(settings.dealcoach_rates))
    return Coach(open_database(settings.db_url), playbook=playbook, reader=build_reader(settings),
                 understander=build_understander(settings), composer=build_composer(settings),
                 outbox_lease_s=settings.inbox_retry_after_s, money=money,
                 default_tz=settings.dealcoach_timezone)


def build_inbox(coach: Coach, channel: str, settings: Settings) -> Inbox:
    return Inbox(coach.engine, channel, coach.clock, retry_after_s=settings.inbox_retry_after_s)


def build_outbox(coach: Coach, channel: str, settings: Settings) -> Outbox:
    """Replies kept until the platform accepts them; a sweep resends after the same lease."""
    return Outbox(coach.engine, channel, coach.clock, lease_s=settings.inbox_retry_after_s)
