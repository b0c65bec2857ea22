"""Invite-only channels (Telegram): a stranger gets onboarding and nothing else until they
redeem an invite with /start <code>. Codes are single-use and expire."""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timedelta
from typing import Optional

from sqlmodel import Session

from dialogs.domain.language import normalize_language
from storage import repo
from storage.models import Invite, User

DEFAULT_DAYS = 7
_START = re.compile(r"^/start(?:@\w+)?\s+([A-Za-z0-9_-]{8,64})\s*$")


def create_invite(*, session: Session, role: str, now: datetime, days: int = DEFAULT_DAYS,
                  user_name: Optional[str] = None) -> Invite:
    # 12 URL-safe characters: fits Telegram's start parameter ([A-Za-z0-9_-], 64 at most).
    return repo.add_invite(session=session, code=secrets.token_urlsafe(9), role=role, now=now,
                           expires_at=now + timedelta(days=days), user_name=user_name)


def code_in(text: Optional[str]) -> Optional[str]:
    m = _START.match((text or "").strip())
    return m.group(1) if m else None


def redeem(*, session: Session, code: str, channel: str, external_id: str,
           display_name: Optional[str], language_hint: Optional[str], now: datetime,
           free_name) -> Optional[User]:
    """Link the account to a user if the code is valid; None when it is unknown, used or expired."""
    invite = repo.invite_by_code(session=session, code=code)
    if invite is None or invite.used_at is not None or invite.expires_at <= now:
        return None
    user = repo.user_by_name(session=session, name=invite.user_name) if invite.user_name else None
    if user is None:
        name = invite.user_name or (display_name or external_id).strip()[:200] or external_id
        user = repo.add_user(session=session, name=free_name(session, name), now=now, role=invite.role,
                             language=normalize_language(language_hint))
    repo.link_identity(session=session, user_id=user.id, channel=channel, external_id=external_id, now=now)
    repo.use_invite(session=session, invite=invite, user_id=user.id, now=now)
    return user
