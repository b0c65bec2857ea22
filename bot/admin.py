"""`dealcoach users ...`: the command line of user administration (the actions are in bot.users)."""

from __future__ import annotations

import argparse

from bot.settings import Settings
from storage.codes import ROLES

def add_parser(sub: argparse._SubParsersAction) -> None:
    users = sub.add_parser("users", help="list, add and link users; set roles and managers")
    verbs = users.add_subparsers(dest="verb", required=True)
    verbs.add_parser("list", help="every user with role, manager and linked identities")
    add = verbs.add_parser("add", help="add a user")
    add.add_argument("name")
    add.add_argument("--role", choices=ROLES, default="rep")
    add.add_argument("--manager", help="the manager's name")
    for verb, helptext in (("link", "link a chat identity to a user, so they share deals"),):
        link = verbs.add_parser(verb, help=helptext)
        link.add_argument("name")
        link.add_argument("--slack", metavar="TEAM:USER", help="Slack team id and user id, e.g. T024BE7LD:U0G9QF9C6")
        link.add_argument("--telegram", metavar="USER_ID", help="numeric Telegram user id")
        link.add_argument("--console", metavar="NAME", help="a console name")
    role = verbs.add_parser("set-role", help="make a user a rep, manager or admin")
    role.add_argument("name")
    role.add_argument("role", choices=ROLES)
    manager = verbs.add_parser("set-manager", help="put a rep on a manager's team")
    manager.add_argument("name")
    manager.add_argument("manager", help="the manager's name, or - for none")
    invite = verbs.add_parser("invite", help="print a single-use Telegram invite link")
    invite.add_argument("--role", choices=("rep", "manager"), default="rep")
    invite.add_argument("--name", help="link the account to this existing user (e.g. imported from a CRM)")
    invite.add_argument("--days", type=int, default=7, help="days until the link expires (default 7)")
    invite.add_argument("--bot", help="the bot's username (default: asked from Telegram with the token)")
    users.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    # The actions, and the database layer with them, load when a users command runs, not for
    # every `dealcoach --help`.
    from bot import users

    return users.run(args, settings)


