"""Invite-only channels: strangers get onboarding only; invites are single-use and expire."""

from __future__ import annotations


from dialogs.features.invites import create_invite
from storage import repo
from storage.db import new_session
from tests.conftest import Chat


def invite(engine, clock, **kw) -> str:
    with new_session(engine) as s, s.begin():
        return create_invite(session=s, role=kw.pop("role", "rep"), now=clock(), **kw).code


def tg(coach, clock, user="4242"):
    return Chat(coach, user=user, channel="telegram", clock=clock)


def test_a_stranger_gets_onboarding_and_no_data(coach, clock, engine):
    Chat(coach, user="alice", clock=clock).say("new deal Alice Secret")
    stranger = tg(coach, clock)
    for text in ("/start", "my deals", "new deal Mine", "deal alice", "/deal 1"):
        stranger.say(text)
        assert stranger.last.meta == {"onboarding": True}
        assert "invite" in stranger.text and "Alice Secret" not in stranger.text
    stranger.press("deal:pick:1")
    assert "Alice Secret" not in stranger.text
    with new_session(engine) as s:
        assert repo.user_by_identity(session=s, channel="telegram", external_id="4242") is None
        assert [u.name for u in repo.list_users(session=s)] == ["alice"], "nothing was created"


def test_an_invite_lets_the_account_in_once(coach, clock, engine):
    code = invite(engine, clock, role="manager")
    ann = tg(coach, clock, "1001")
    ann.say(f"/start {code}")
    assert ann.last.meta == {"joined": True} and "Welcome" in ann.text
    ann.say("new deal Acme")
    assert "Created the deal Acme" in ann.text
    bob = tg(coach, clock, "1002")
    bob.say(f"/start {code}")
    assert "isn't valid any more" in bob.text
    with new_session(engine) as s:
        user = repo.user_by_identity(session=s, channel="telegram", external_id="1001")
        assert user.role == "manager"
        assert repo.user_by_identity(session=s, channel="telegram", external_id="1002") is None


def test_an_expired_or_unknown_code_is_refused(coach, clock, engine):
    code = invite(engine, clock, days=7)
    clock.advance(days=8)
    late = tg(coach, clock, "2001")
    late.say(f"/start {code}")
    assert "isn't valid any more" in late.text
    late.say("/start notarealcode123")
    assert "isn't valid any more" in late.text


def test_a_named_invite_links_an_existing_user(coach, clock, engine):
    Chat(coach, user="Anna Snelling", clock=clock).say("new deal From The Terminal")
    code = invite(engine, clock, user_name="Anna Snelling")
    anna = tg(coach, clock, "3001")
    anna.say(f"/start@DealCoachBot {code}")
    anna.say("my deals")
    assert "From The Terminal" in anna.text


def test_the_chinese_onboarding_follows_the_telegram_language(coach, clock):
    from dialogs.messages import Incoming

    replies = coach.handle(Incoming(channel="telegram", user_ref="5001", text="hi",
                                    language_hint="zh-hans"))
    assert "邀请链接" in replies[0].text
