"""Who may see which deals: one check for every query and button.
Reps see their own deals, managers their team's (and their own), admins everything."""

from __future__ import annotations

from typing import Optional

from sqlmodel import Session

from storage import repo
from storage.models import Opportunity, User


def visible_owner_ids(session: Session, user: User) -> Optional[list[int]]:
    """The owners whose deals ``user`` may see; None means everyone (admins)."""
    if user.role == "admin":
        return None
    if user.role == "manager":
        return [user.id] + [u.id for u in repo.team_of(session=session, manager_id=user.id)]
    return [user.id]


def can_view(session: Session, user: User, opp: Optional[Opportunity]) -> bool:
    if opp is None:
        return False
    owners = visible_owner_ids(session, user)
    return owners is None or opp.owner_id in owners
