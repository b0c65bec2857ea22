"""`dealcoach users ...`: what each user-administration command does."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timezone

from sqlalchemy.exc import IntegrityError

from bot.settings import Settings
from storage import repo
from storage.db import new_session, open_database

CHANNELS = ("console", "slack", "telegram")


def _fail(message: str) -> int:
    print(f"dealcoach users: {message}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace, settings: Settings) -> int:
    engine = open_database(settings.db_url)
    now = datetime.now(timezone.utc)
    with new_session(engine) as session, session.begin():
        if args.verb == "list":
            users = repo.list_users(session=session)
            names = {u.id: u.name for u in users}
            for u in users:
                links = ", ".join(f"{i.channel}:{i.external_id}"
                                  for i in repo.identities_of(session=session, user_id=u.id))
                print(f"{u.name}\t{u.role}\tmanager={names.get(u.manager_id, '-')}\t{links or '-'}")
            return 0
        if args.verb == "invite":
            return _invite(args, settings, session, now)
        user = repo.user_by_name(session=session, name=args.name)
        if args.verb == "add":
            if user is not None:
                return _fail(f"{args.name!r} already exists")
            manager = repo.user_by_name(session=session, name=args.manager) if args.manager else None
            if args.manager and manager is None:
                return _fail(f"no user called {args.manager!r}")
            user = repo.add_user(session=session, name=args.name, now=now, role=args.role)
            repo.set_manager(session=session, user=user, manager_id=manager.id if manager else None)
            print(f"added {user.name} ({user.role})")
            return 0
        if user is None:
            return _fail(f"no user called {args.name!r}")
        if args.verb == "set-role":
            repo.set_role(session=session, user=user, role=args.role)
            print(f"{user.name} is now {args.role}")
            return 0
        if args.verb == "set-manager":
            manager = None if args.manager == "-" else repo.user_by_name(session=session, name=args.manager)
            if args.manager != "-" and manager is None:
                return _fail(f"no user called {args.manager!r}")
            repo.set_manager(session=session, user=user, manager_id=manager.id if manager else None)
            print(f"{user.name} reports to {manager.name if manager else 'nobody'}")
            return 0
        links = [(c, getattr(args, c)) for c in CHANNELS if getattr(args, c)]
        if not links:
            return _fail("say which identity to link: --slack TEAM:USER, --telegram ID or --console NAME")
        for channel, external in links:
            owner = repo.user_by_identity(session=session, channel=channel, external_id=external)
            if owner is not None and owner.id != user.id:
                return _fail(f"{channel}:{external} already belongs to {owner.name}")
            if owner is None:
                try:
                    with session.begin_nested():
                        repo.link_identity(session=session, user_id=user.id, channel=channel,
                                           external_id=external, now=now)
                except IntegrityError:
                    return _fail(f"{channel}:{external} is already linked")
            print(f"linked {channel}:{external} to {user.name}")
        return 0


def _bot_username(settings: Settings) -> str:
    """Ask the Bot API for the bot's username (getMe); the token is never printed."""
    import json
    import urllib.request

    base = (settings.telegram_api_base_url or "https://api.telegram.org/bot").rstrip("/")
    token = settings.telegram_bot_token.get_secret_value()
    with urllib.request.urlopen(f"{base}{token}/getMe", timeout=10) as response:
        return json.loads(response.read())["result"]["username"]


def _invite(args: argparse.Namespace, settings: Settings, session, now: datetime) -> int:
    from dialogs.features.invites import create_invite

    if args.days < 1:
        return _fail("--days must be at least 1")
    if args.name and repo.user_by_name(session=session, name=args.name) is None:
        return _fail(f"no user called {args.name!r}")
    bot = args.bot
    if not bot:
        if not settings.telegram_bot_token:
            return _fail("pass --bot USERNAME, or set TELEGRAM_BOT_TOKEN so it can be looked up")
        try:
            bot = _bot_username(settings)
        except Exception as exc:  # no network, bad token...
            return _fail(f"could not ask Telegram for the bot's name ({type(exc).__name__}); pass --bot")
    invite = create_invite(session=session, role=args.role, now=now, days=args.days, user_name=args.name)
    print(f"https://t.me/{bot.lstrip('@')}?start={invite.code}")
    print(f"single use, {args.role}, expires {invite.expires_at:%Y-%m-%d %H:%M} UTC", file=sys.stderr)
    return 0
