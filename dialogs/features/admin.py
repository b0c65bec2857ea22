"""Admin tools in chat (the same as `dealcoach users ...`): list users, set roles and managers.
Only admins reach them (their routes' "admin" guard, dialogs.routing.intents)."""

from __future__ import annotations

import re

from dialogs.turn import Turn
from storage import repo
from storage.models import ROLES


def users(turn: Turn, arg: str = "") -> None:
    people = repo.list_users(session=turn.session)
    names = {u.id: u.name for u in people}
    rows = [{"name": u.name, "role": u.role, "manager": names.get(u.manager_id)} for u in people]
    turn.say(turn.t("coach.users_list", rows=rows),
             meta={"users": [{"name": r["name"], "role": r["role"], "manager": r["manager"]} for r in rows]})


def set_role(turn: Turn, arg: str = "") -> None:
    """/role Anna Snelling manager"""
    name, _, role = arg.strip().rpartition(" ")
    user = repo.user_by_name(session=turn.session, name=name.strip())
    if user is None or role not in ROLES:
        turn.say(turn.t("coach.admin_usage"))
        return
    repo.set_role(session=turn.session, user=user, role=role)
    turn.say(turn.t("coach.role_set", name=user.name, role=role), meta={"user": user.name, "role": role})


def set_manager(turn: Turn, arg: str = "") -> None:
    """/manager Anna Snelling, Dustin Brinkmann  (or "-" for none)"""
    parts = [p.strip() for p in re.split(r"[,，>]", arg, maxsplit=1)]
    rep = repo.user_by_name(session=turn.session, name=parts[0]) if parts[0] else None
    manager = None
    if len(parts) == 2 and parts[1] != "-":
        manager = repo.user_by_name(session=turn.session, name=parts[1])
    if rep is None or len(parts) != 2 or (parts[1] != "-" and manager is None):
        turn.say(turn.t("coach.admin_usage"))
        return
    repo.set_manager(session=turn.session, user=rep, manager_id=manager.id if manager else None)
    turn.say(turn.t("coach.manager_set", name=rep.name, manager=manager.name if manager else None),
             meta={"user": rep.name, "manager": manager.name if manager else None})
