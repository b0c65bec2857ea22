"""The channel-agnostic coach: ``Coach.handle(Incoming) -> list[Reply]``.

Each call is one database transaction. The event id is claimed first, so a redelivered event
changes nothing and gets no second answer; an error rolls the whole turn back.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Optional

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from dialogs import logctx
from dialogs.domain import access
from dialogs.features import basics, corrections, invites, notes, paging, pushes, reminders
from dialogs.flows import deals, debrief, discovery, flow
from dialogs.domain.dimensions import DIMENSIONS
from dialogs.routing import buttons, intents
from dialogs.understanding import Context, Understander, Utterance
from dialogs.understanding import asks
from dialogs.understanding.commands import CONTROLS, Command, begins, declines_offer, takes_offer
from dialogs.understanding.normalize import core, fold
from dialogs.domain.evidence_words import words
from dialogs.domain.facts.chinese import to_simplified
from dialogs.domain.knowledge import entries
from dialogs.features.home import home as home_view
from dialogs.domain.language import message_language, normalize_language
from dialogs.domain.money import Money
from dialogs.domain.names import plain
from dialogs.messages import Incoming, Reply
from dialogs.outbox import LEASE_S as OUTBOX_LEASE_S
from dialogs.domain.playbook import Playbook, load_playbook
from dialogs.domain.reader import NoteReader
from dialogs.turn import Turn
from prompts import Renderer
from storage import repo
from storage.db import new_session, write_lock
from storage.models import Conversation, Reminder, User

log = logging.getLogger(__name__)

TEXT_LIMIT = 4000
_SURROGATE = re.compile("[\ud800-\udfff]")
# "可以推進了嗎？", "can we advance?": asked, so answered with the advice, not taken as a tap
_ASKED = re.compile(r"[?？]\s*$|[吗嗎呢]")
# Channels anyone can find (a public Telegram bot): strangers need an invite first.
INVITE_ONLY = frozenset({"telegram"})
Clock = Callable[[], datetime]
# Every flow the coach runs; a conversation's state names one of them.
FLOWS = (discovery.DISCOVERY, deals.NEW_DEAL, deals.DETAILS, debrief.DEBRIEF)


@dataclass(frozen=True)
class Turned:
    """A turn's replies, and the outbox row that keeps them until the platform accepts them."""

    replies: list[Reply]
    outbox_id: Optional[int] = None
    settled: bool = False  # the inbox entry it came in as was dropped with the turn (``settles``)


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class Coach:
    def __init__(self, engine: Engine, *, renderer: Optional[Renderer] = None,
                 clock: Clock = utc_now, text_limit: int = TEXT_LIMIT,
                 playbook: Optional[Playbook] = None, reader: Optional[NoteReader] = None,
                 invite_only: frozenset[str] = INVITE_ONLY,
                 understander: Optional[Understander] = None,
                 flows: tuple[flow.Flow, ...] = FLOWS, composer: Any = None,
                 outbox_lease_s: float = OUTBOX_LEASE_S, money: Optional[Money] = None,
                 default_tz: str = "UTC") -> None:
        self.engine = engine
        self.understander = understander or Understander()
        self.flows = {f.name: f for f in flows}
        self.invite_only = invite_only
        self.render = renderer or Renderer()
        self.playbook = playbook or load_playbook()
        self.reader = reader or NoteReader()
        self.composer = composer  # an LLM composing coaching answers; None: the rules answer
        self.outbox_lease_s = outbox_lease_s
        self.money = money or Money()
        self.default_tz = default_tz  # DEALCOACH_TIMEZONE: digest times for users who set none
        self.clock = clock
        self.text_limit = text_limit

    # -- entry points -------------------------------------------------------------------------

    def handle(self, msg: Incoming) -> list[Reply]:
        return self.turn(msg).replies

    def turn(self, msg: Incoming, deliver_to: Optional[dict[str, Any]] = None,
             settles: Optional[str] = None) -> "Turned":
        """One turn. With ``deliver_to`` (where the adapter will send them), the replies are also
        written to the outbox in the turn's own transaction: committed together, so a crash
        before the send loses no reply (dialogs/outbox.py). ``settles``: the inbox entry this
        message came in as (dialogs/inbox.py), dropped in the same transaction: handled exactly
        when the turn commits, with no transaction of its own."""
        msg = _clean(msg)
        try:
            with logctx.turn(msg.channel, msg.conversation_key, msg.event_id), write_lock(self.engine), \
                    new_session(self.engine) as session, session.begin():
                replies = self._handle(session, msg)
                outbox_id = self._queue(session, msg.channel, deliver_to, replies)
                if settles:
                    repo.drop_inbound(session=session, channel=msg.channel, event_id=settles)
                return Turned(replies, outbox_id, settled=bool(settles))
        except Exception:
            # Never log the rep's text: only where it came from.
            log.exception("turn failed (channel=%s event=%s)", msg.channel, msg.event_id)
            return Turned([Reply(self.render.text(self.language_of(msg), "coach.internal_error"))])

    def _queue(self, session: Session, channel: str, target: Optional[dict[str, Any]],
               replies: list[Reply]) -> Optional[int]:
        if target is None or not replies:
            return None
        now = self.clock()
        return repo.add_outbound(session=session, channel=channel, target=target, replies=[r.dump() for r in replies],
                                 now=now, retry_at=now + timedelta(seconds=self.outbox_lease_s))

    def bad_input(self, msg: Incoming, reason: str, detail: str = "") -> list[Reply]:
        """A reply for input the adapter could not even parse (e.g. a line that isn't JSON)."""
        lang = self.language_of(msg)
        return [Reply(self.render.text(lang, f"coach.{reason}", detail=detail),
                      meta={"error": reason})]

    def deliver_due(self, channel: str, worker: str, limit: int = 50) -> list[reminders.Delivery]:
        """Claim the reminders due for users on ``channel`` and render them for sending.
        A claimed reminder is never handed to another process."""
        out = []
        with write_lock(self.engine), new_session(self.engine) as session, session.begin():
            now = self.clock()
            linked = repo.users_on_channel(session=session, channel=channel)
            for reminder_id in repo.due_reminder_ids(session=session, now=now, user_ids=list(linked), limit=limit):
                if not repo.claim_reminder(session=session, reminder_id=reminder_id, worker=worker, now=now):
                    continue
                reminder = session.get(Reminder, reminder_id)
                user = session.get(User, reminder.user_id)
                opp = repo.get_opportunity(session=session, opportunity_id=reminder.opportunity_id)
                lang = user.language or "en"
                replies = [reminders.reminder_reply(self.render, lang, reminder, opp.name, now)]
                # Claimed and queued together: a failed send is retried by the outbox sweep.
                box = self._queue(session, channel, {"kind": "dm", "user": linked[user.id]}, replies)
                out.append(reminders.Delivery(linked[user.id], replies, box))
            out += self._pushes(session, channel, linked, worker, now)
        return out

    def _pushes(self, session: Session, channel: str, linked: dict[int, str], worker: str,
                now: datetime) -> list[reminders.Delivery]:
        """Digests and nudges due for users on ``channel``, each claimed once (features/pushes.py)
        and queued with its claim."""
        out = []
        sent_today = repo.pushes_since(session=session, user_ids=list(linked), kinds=pushes.NUDGE_KINDS,
                                       since=pushes.start_of_day(now))
        for user in repo.users_by_ids(session=session, user_ids=list(linked)):
            turn = self._push_turn(session, user, channel, linked[user.id], now)
            if user.role in ("manager", "admin") or user.digest_at not in (None, "off"):  # reps who asked
                pushes.send_digest(turn, worker)
            pushes.send_nudges(turn, worker, sent_today.get(user.id, 0))
            if turn.replies:
                box = self._queue(session, channel, {"kind": "dm", "user": linked[user.id]}, turn.replies)
                out.append(reminders.Delivery(linked[user.id], turn.replies, box))
        return out

    def _push_turn(self, session: Session, user: User, channel: str, external_id: str, now: datetime) -> Turn:
        """A turn nobody started, for what the coach says unasked: it reads like the user's own
        and writes no conversation."""
        msg = Incoming(channel=channel, user_ref=external_id, text="", space="push")
        conv = Conversation(key=msg.conversation_key, channel=channel, user_id=user.id, data={}, updated_at=now)
        return self._new_turn(session, msg, user, conv, now)

    def _new_turn(self, session: Session, msg: Incoming, user: User, conv: Conversation, now: datetime) -> Turn:
        return Turn(session=session, msg=msg, user=user, conv=conv, now=now, render=self.render, flows=self.flows,
                    playbook=self.playbook, reader=self.reader, composer=self.composer, money=self.money,
                    default_tz=self.default_tz)

    def home(self, msg: Incoming) -> list[Reply]:
        """The rep's deals with stage and what each misses (Slack's App Home). Changes nothing."""
        try:
            with write_lock(self.engine), new_session(self.engine) as session, session.begin():
                turn = self._turn(session, msg, self.clock())
                home_view(turn)
                return turn.replies
        except Exception:
            log.exception("home failed (channel=%s)", msg.channel)
            return [Reply(self.render.text(self.language_of(msg), "coach.internal_error"))]

    def set_language(self, msg: Incoming, language: str) -> None:
        with write_lock(self.engine), new_session(self.engine) as session, session.begin():
            user = self._user(session, msg, self.clock())
            repo.set_user_language(session=session, user=user, language=language, pinned=True)

    # -- one turn ---------------------------------------------------------------------------

    def _handle(self, session: Session, msg: Incoming) -> list[Reply]:
        now = self.clock()
        if msg.event_id and not repo.claim_event(session=session, channel=msg.channel,
                                                 event_id=msg.event_id, now=now):
            log.info("duplicate event ignored (channel=%s event=%s)", msg.channel, msg.event_id)
            return []
        if msg.channel in self.invite_only and repo.user_by_identity(
                session=session, channel=msg.channel, external_id=msg.user_ref) is None:
            return self._admit(session, msg, now)
        turn = self._turn(session, msg, now)
        if msg.button is not None:
            self._press(turn, msg.button)
        elif msg.edited:  # the original was handled when it came: say so, store nothing
            turn.say(turn.t("coach.message_edited"), basics.menu(turn), {"edited": True})
            flow.reask(turn)
        elif msg.media and not (msg.text or "").strip():
            turn.say(turn.t("coach.media", kind=msg.media), meta={"media": msg.media})
            flow.reask(turn)
        else:
            self._text(turn, msg.text or "")
        paging.fit(turn)
        turn.save_state()
        return turn.replies

    def _admit(self, session: Session, msg: Incoming, now: datetime) -> list[Reply]:
        """A stranger on an invite-only channel: redeem an invite, or get onboarding only."""
        lang = normalize_language(msg.language_hint) or "en"
        code = invites.code_in(msg.text)
        if code is None:
            return [Reply(self.render.text(lang, "coach.onboarding"), meta={"onboarding": True})]
        user = invites.redeem(session=session, code=code, channel=msg.channel,
                              external_id=msg.user_ref, display_name=msg.display_name,
                              language_hint=msg.language_hint, now=now, free_name=_free_name)
        if user is None:
            log.info("invalid invite code (channel=%s)", msg.channel)
            return [Reply(self.render.text(lang, "coach.invite_invalid"), meta={"onboarding": True})]
        turn = self._turn(session, msg, now)
        turn.say(turn.t("coach.invite_welcome", name=user.name), basics.menu(turn), {"joined": True})
        return turn.replies

    def _turn(self, session: Session, msg: Incoming, now: datetime) -> Turn:
        """Who is talking (registered on first contact), in which language, in which conversation."""
        known = repo.turn_rows(session=session, channel=msg.channel, external_id=msg.user_ref,
                               key=msg.conversation_key)
        if known is not None:  # the usual turn: one statement
            user, conv, opp = known
            self._hinted_language(session, msg, user)
            turn = self._new_turn(session, msg, user, conv, now)
            if opp is not None:
                turn.deals[opp.id] = opp
            return turn
        user = self._user(session, msg, now)
        self._hinted_language(session, msg, user)
        # One turn per conversation at a time: a second worker (or a retry racing the original)
        # waits here until this turn commits, then reads the state it left.
        conv = repo.get_conversation(session=session, key=msg.conversation_key, lock=True)
        if conv is None:
            recent = repo.opportunities_of(session=session, owner_id=user.id)
            try:
                with session.begin_nested():  # the same conversation may start in two workers
                    conv = repo.add_conversation(session=session, key=msg.conversation_key,
                                                 channel=msg.channel, user_id=user.id, now=now,
                                                 opportunity_id=recent[0].id if recent else None)
            except IntegrityError:
                conv = repo.get_conversation(session=session, key=msg.conversation_key, lock=True)
        return self._new_turn(session, msg, user, conv, now)

    @staticmethod
    def _hinted_language(session: Session, msg: Incoming, user: User) -> None:
        if user.language is None and normalize_language(msg.language_hint):
            # The channel's locale until the rep writes something that shows their language.
            repo.set_user_language(session=session, user=user, language=normalize_language(msg.language_hint))

    def _user(self, session: Session, msg: Incoming, now: datetime) -> User:
        for _ in range(3):
            user = repo.user_by_identity(session=session, channel=msg.channel, external_id=msg.user_ref)
            if user is not None:
                return user
            try:
                # A savepoint: two workers may register the same new user at the same moment.
                with session.begin_nested():
                    return self._register(session, msg, now)
            except IntegrityError:
                log.info("user registered concurrently; reading it back (channel=%s)", msg.channel)
        raise RuntimeError("could not register the user")

    def _register(self, session: Session, msg: Incoming, now: datetime) -> User:
        name = plain(msg.display_name or msg.user_ref)[:200] or msg.user_ref
        # A console name reaches the user of that name (e.g. imported from a CRM file).
        user = repo.user_by_name(session=session, name=name) if msg.channel == "console" else None
        if user is None:
            user = repo.add_user(session=session, name=_free_name(session, name), now=now)
        repo.link_identity(session=session, user_id=user.id, channel=msg.channel,
                           external_id=msg.user_ref, now=now)
        return user

    def notice(self, msg: Incoming, key: str, **values) -> str:
        """A line the adapter says for the coach (a pointer in a group, a refusal), in the
        user's language. It reads nothing of theirs and changes nothing."""
        return self.render.text(self.language_of(msg), f"coach.{key}", **values)

    def language_of(self, msg: Incoming) -> str:
        try:
            with new_session(self.engine) as session:
                user = repo.user_by_identity(session=session, channel=msg.channel,
                                             external_id=msg.user_ref)
                if user is not None and user.language:
                    return user.language
        except Exception:
            log.exception("could not read the user's language")
        return normalize_language(msg.language_hint) or "en"

    # -- routing ------------------------------------------------------------------------------

    def _text(self, turn: Turn, text: str) -> None:
        """Understand first, then route: nothing is stored before the coach knows what the
        message is. Every reply to a text carries meta.understood."""
        if len(text) > self.text_limit:
            utt = Utterance(kind="note", source="too_long")
            self._follow_language(turn, text, utt)
            turn.say(turn.t("coach.too_long", length=len(text), limit=self.text_limit))
        else:
            found = flow.current(turn)
            offer = turn.seen.offer
            if offer:  # good for this message only
                flow.remember(turn, offer=None)
            if turn.msg.forwarded:  # someone else's words: a note for the deal, never a command
                utt = Utterance(kind="note", source="forwarded")
            else:
                utt = self.understander.understand(text.strip(), self._context(turn, found),
                                                   today=turn.now.date(), conversation_key=turn.conv.key,
                                                   session=turn.session)
            turn.understood = utt
            self._follow_language(turn, text, utt)
            self._route(turn, utt, found, text.strip(), offer)
        for reply in turn.replies:
            reply.meta["understood"] = utt.understood()

    def _context(self, turn: Turn, found) -> Context:
        def deal_names() -> tuple[str, ...]:
            return tuple(o.name for o in repo.opportunities_of(session=turn.session, owner_id=turn.user.id))

        step = found[1].name if found else None
        return Context(open_dimension=step if step in DIMENSIONS else None,
                       open_flow=found[0].name if found else None, deals=deal_names)

    def _follow_language(self, turn: Turn, text: str, utt: Utterance) -> None:
        """Reply in the language of the message, unless the rep chose one with /lang. A message
        too short or neutral to tell keeps the last language; Chinese in characters both scripts
        share (你好) never decides the script."""
        if turn.user.language_pinned:
            return
        whole = text
        if utt.kind in ("command", "question") and utt.arg and utt.arg in text:
            # a deal, a topic or a rep named ("how's 阿杰 doing?") says nothing of the asker's language
            text = text.replace(utt.arg, " ")
        detected = message_language(text)
        if detected == "zh" and whole != text and message_language(whole) in ("zh-Hant", "zh-Hans"):
            detected = message_language(whole)  # "这个季度的pipeline": the period named is the script it says
        if detected is None:
            return
        if detected == "zh":
            if not (turn.user.language or "").startswith("zh"):
                hint = normalize_language(turn.msg.language_hint)
                named = message_language(turn.user.name or "")  # "小马" writes Simplified
                chosen = hint if hint and hint.startswith("zh") else \
                    named if named in ("zh-Hant", "zh-Hans") else "zh-Hant"
                if utt.kind in ("chitchat", "empty"):  # "好" from an English-speaking rep: this reply only
                    turn.reply_language = chosen
                else:  # "sorry 是 3M 不是 2M": they write Chinese now, and /prep next should too
                    repo.set_user_language(session=turn.session, user=turn.user, language=chosen)
            return
        if utt.kind in ("chitchat", "empty"):  # "ok thx" from a Chinese-speaking rep changes nothing
            if turn.user.language is None:
                turn.reply_language = detected
            return
        if detected != turn.user.language:
            repo.set_user_language(session=turn.session, user=turn.user, language=detected)

    def _route(self, turn: Turn, utt: Utterance, found, text: str, offer: Optional[str] = None) -> None:
        kind = utt.kind
        if offer and utt.kind == "command" and utt.intent == "stage" and not utt.arg \
                and not text.startswith("/") and takes_offer(core(text)) and not _ASKED.search(text):
            # "advance", "推進" right after "Move to Discovery?": that button, even with an interview
            # question open (a bare "ok" there only acknowledges, and the question is asked again)
            self._press(turn, offer)
        elif offer and declines_offer(core(text)):  # "no not yet" to "Move to Discovery?"
            self._press(turn, buttons.button_id("stage.no"))
            flow.reask(turn)
        elif kind == "empty":
            turn.say(turn.t("coach.empty"), basics.menu(turn))
        elif kind == "command":
            self._command(turn, Command(utt.intent, utt.arg))
        elif kind == "control":
            intents.dispatch(turn, utt.intent, utt.arg)
        elif found is not None and kind == "unknown" and _unknown_elsewhere(turn, text, found[1].name):
            notes.file_aside(turn, text, found[1].name)  # "idk the budget", asked the plans
            flow.reask(turn, turn.t("coach.still_open"))
        elif found is not None and kind == "correction" and utt.dimension and found[1].name == "outcome":
            corrections.correct(turn, utt.dimension, text)  # "欸不是20%是25%" asked how the call went
            flow.reask(turn, turn.t("coach.still_open"))
        elif found is not None and kind in found[0].accepts:
            if kind == "unknown" and found[1].unknown is None:  # a call's notes with a hedge: the notes
                flow.answer(turn, found[0], found[1], text)
            elif kind == "unknown":
                flow.control(turn, found[0], found[1], "unknown", text if not text.startswith("/") else "")
            else:
                flow.answer(turn, found[0], found[1], text)
        elif kind == "unknown":
            if found is not None:
                flow.reask(turn, turn.t("coach.unknown_not_here"))
            elif turn.deal is not None and ((reading := turn.read(text)).unknown or reading.dimensions):
                notes.file_note(turn, text)  # "Budget: TBD. DM: ??", "预算大概50万左右吧，还没确定": kept as said
            else:
                turn.say(turn.t("coach.unknown_no_question"), basics.menu(turn))
        elif kind == "question":  # answered by the coach, never stored; an open question waits
            intents.dispatch(turn, "ask", text)
            flow.reask(turn, turn.t("coach.still_open"))
        elif kind == "chitchat":
            if offer and utt.intent == "affirm" and (found is None or takes_offer(core(text))):
                self._press(turn, offer)  # "yes" to "Move to Discovery?"; a bare "ok" mid-interview acknowledges
            elif found is not None:
                flow.reask(turn)
            elif utt.source == "words" and turn.deal is not None and begins(core(text)):
                intents.dispatch(turn, "discover", "")  # "开始" right after "新建商机 X": its interview
            elif utt.source == "words":  # a greeting: the welcome
                basics.start(turn)
            else:
                turn.say(turn.t("coach.chitchat_ack"), basics.menu(turn))
        elif kind == "correction" and found is not None and utt.dimension == found[1].name \
                and "answer" in found[0].accepts:
            flow.answer(turn, found[0], found[1], text)  # it corrects the open question: its answer
        elif kind == "correction":
            corrections.correct(turn, utt.dimension, text)
            flow.reask(turn, turn.t("coach.still_open"))
        elif turn.deal is None:
            turn.say(turn.t("coach.not_understood"), basics.menu(turn))
        elif found is None and _situation(turn, text):  # "客户说再看看吧": nothing to file, advice to give
            intents.dispatch(turn, "ask", text)
        elif found is not None:  # a note while a question is open: filed aside, the question waits
            notes.file_aside(turn, text, found[1].name)
            flow.reask(turn, turn.t("coach.still_open"))
        else:
            notes.file_note(turn, text)

    def _command(self, turn: Turn, command: Command) -> None:
        intents.dispatch(turn, command.name, command.arg)

    def _press(self, turn: Turn, button_id: str) -> None:
        press = buttons.parse_button(button_id)
        if press is None:
            log.info("unknown button id ignored (channel=%s)", turn.msg.channel)
            if not flow.reask(turn, turn.t("coach.bad_button")):
                turn.say(turn.t("coach.bad_button"), basics.menu(turn))
            return
        if press.verb in CONTROLS:
            found = flow.current(turn)
            if found is None or turn.state != press.state:
                prefix = turn.t("coach.stale_button")
                if not flow.reask(turn, prefix):
                    turn.say(prefix, basics.menu(turn))
                return
            flow.control(turn, found[0], found[1], press.verb)
            return
        if not self._guard(turn, press):
            log.info("button refused by its guard (channel=%s guard=%s)", turn.msg.channel, press.guard)
            turn.say(turn.t("coach.deal_forbidden"), basics.menu(turn))
            return
        self._command(turn, Command(press.verb, press.arg))

    @staticmethod
    def _guard(turn: Turn, press: buttons.Press) -> bool:
        """A route's guard, in one place: the deal a button names must be the rep's ("owner")
        or one they may see ("viewer": a manager sees the team's). The handlers still check."""
        if not press.guard or press.deal is None:
            return True
        opp = turn.opportunity(press.deal)
        if press.guard == "owner":
            return opp is not None and opp.owner_id == turn.user.id
        return access.can_view(turn.session, turn.user, opp)


def _clean(msg: Incoming) -> Incoming:
    """Drop NUL characters from everything a channel hands us (PostgreSQL can't store them in
    text, found by fuzzing), and replace unpaired surrogates (JSON can carry "\\ud800", UTF-8
    can't). All other characters are kept exactly as sent."""
    fields = {k: _SURROGATE.sub("\ufffd", v.replace("\x00", "")) for k, v in vars(msg).items()
              if isinstance(v, str) and ("\x00" in v or _SURROGATE.search(v))}
    return dataclasses.replace(msg, **fields) if fields else msg


def _free_name(session: Session, name: str) -> str:
    """Names are unique; a second "Alex" from another channel becomes "Alex (2)"."""
    candidate, n = name, 1
    while repo.user_by_name(session=session, name=candidate) is not None:
        n += 1
        candidate = f"{name} ({n})"
    return candidate


def _situation(turn: Turn, text: str) -> bool:
    """A note with nothing in it to file that names a situation the coach has advice for
    ("they said they need to think about it", "客户嫌贵")."""
    reading = turn.read(text)
    if reading.dimensions or reading.unknown or reading.activities or reading.next_step or reading.todos \
            or any(p.stance or p.stated for p in reading.people):
        return False
    topic = asks.classify(text)
    return topic is not None and topic.code in entries()


def _unknown_elsewhere(turn: Turn, text: str, asked: str) -> bool:
    """ "idk the budget" while the plans are asked: not known, but about another topic."""
    if asked not in DIMENSIONS:
        return False
    reading = turn.read(text)  # "時程大概明年下半年吧，還不確定" asked the goals: the timeline's, hedged
    about = reading.unknown + reading.dimensions
    first = _FIRST_SENTENCE.match(text.strip())
    lead = first.group() if first and len(first.group()) <= 12 else ""
    said = turn.read(lead) if lead else None
    if said is not None and not said.dimensions and not said.unknown \
            and any(p.search(to_simplified(fold(lead))) for p in words()["unknown"]):
        return False  # "TBD. Karen: 'if it works we'll find the money'": the asked topic's hedge first
    return bool(about) and asked not in about


_FIRST_SENTENCE = re.compile(r"[^.;。；!！?？\n]+")
