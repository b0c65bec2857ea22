"""Repository functions. All keyword-only; none of them commits (the caller owns the transaction).

Answers are append-only: nothing here updates or deletes one (the deletes are of an inbound
event once handled, and of the activities and people a note's Undo takes back). ``add_answer(supersedes_id=...)`` records a correction, and "current"
answers are those nothing supersedes.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Iterable, Optional

from sqlalchemy import delete as sql_delete  # not "delete": nothing in repo deletes answers
from sqlalchemy import bindparam, exists, func, union_all, update
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from storage.rows import insert_once, insert_rows, update_row
from storage.models import (
    Activity,
    Answer,
    Conversation,
    Identity,
    InboundEvent,
    OutboundReply,
    Invite,
    LLMCall,
    Reminder,
    Opportunity,
    ProcessedEvent,
    Push,
    Stakeholder,
    StageChange,
    StageTotal,
    User,
)

# -- exactly-once ---------------------------------------------------------------------------


def claim_event(*, session: Session, channel: str, event_id: str, now: datetime) -> bool:
    """Record an incoming event id; False when it was processed before."""
    return insert_once(session, ProcessedEvent, channel=channel, event_id=event_id, created_at=now)


def record_inbound(*, session: Session, channel: str, event_id: str, payload: dict[str, Any],
                   now: datetime, retry_at: datetime) -> bool:
    """Write an event down before it is acknowledged; False when it is there already (a retry)."""
    return insert_once(session, InboundEvent, channel=channel, event_id=event_id, payload=payload,
                       attempts=0, received_at=now, retry_at=retry_at)


# Built once, on the tables: a turn runs them, and the ORM's bulk delete (which looks for the
# rows among the session's objects) cost more than the DELETE.
_INBOUND = InboundEvent.__table__
_DROP_INBOUND = sql_delete(_INBOUND).where(_INBOUND.c.channel == bindparam("channel"),
                                           _INBOUND.c.event_id == bindparam("event_id"))
_DROP_OUTBOUND = sql_delete(OutboundReply.__table__).where(OutboundReply.__table__.c.id == bindparam("row_id"))


def drop_inbound(*, session: Session, channel: str, event_id: str) -> bool:
    """False when it was gone already (handled, or dropped by another process)."""
    result = session.connection().execute(_DROP_INBOUND, {"channel": channel, "event_id": event_id})
    return result.rowcount == 1


def stranded_inbound(*, session: Session, channel: str, now: datetime, limit: int) -> list[InboundEvent]:
    """Events whose receiving process had its chance and did not finish them."""
    stmt = (select(InboundEvent).where(InboundEvent.channel == channel, InboundEvent.retry_at <= now)
            .order_by(InboundEvent.received_at).limit(limit))
    return list(session.exec(stmt))


def add_outbound(*, session: Session, channel: str, target: dict[str, Any], replies: list[Any],
                 now: datetime, retry_at: datetime) -> int:
    row = OutboundReply(channel=channel, target=target, replies=replies, created_at=now, retry_at=retry_at)
    insert_rows(session, [row])
    return row.id


def drop_outbound(*, session: Session, outbound_id: int) -> bool:
    return session.connection().execute(_DROP_OUTBOUND, {"row_id": outbound_id}).rowcount == 1


def lease_outbound(*, session: Session, channel: str, now: datetime, retry_at: datetime,
                   limit: int) -> list[OutboundReply]:
    """Replies whose process had its chance and did not see them accepted, each taken for one
    more attempt unless another process just took it (the conditional UPDATE is the lock)."""
    taken = []
    stmt = (select(OutboundReply).where(OutboundReply.channel == channel, OutboundReply.retry_at <= now)
            .order_by(OutboundReply.created_at).limit(limit))
    for row in session.exec(stmt):
        result = session.execute(update(OutboundReply).where(
            OutboundReply.id == row.id, OutboundReply.attempts == row.attempts)
            .values(attempts=row.attempts + 1, retry_at=retry_at))
        if result.rowcount == 1:
            row.attempts += 1
            taken.append(row)
    return taken


def count_inbound(*, session: Session, channel: str) -> int:
    return session.exec(select(func.count()).select_from(InboundEvent)
                        .where(InboundEvent.channel == channel)).one()


def lease_inbound(*, session: Session, event: InboundEvent, retry_at: datetime) -> bool:
    """Take a stranded event for one more attempt, unless another process just took it: the
    conditional UPDATE on the attempt count is the lock."""
    result = session.execute(
        update(InboundEvent).where(InboundEvent.id == event.id, InboundEvent.attempts == event.attempts)
        .values(attempts=event.attempts + 1, retry_at=retry_at))
    return result.rowcount == 1


# -- users ----------------------------------------------------------------------------------


def user_by_identity(*, session: Session, channel: str, external_id: str) -> Optional[User]:
    stmt = (
        select(User)
        .join(Identity, Identity.user_id == User.id)
        .where(Identity.channel == channel, Identity.external_id == external_id)
    )
    return session.exec(stmt).first()


def user_by_name(*, session: Session, name: str) -> Optional[User]:
    return session.exec(select(User).where(User.name == name)).first()


def add_user(*, session: Session, name: str, now: datetime, role: str = "rep",
             language: Optional[str] = None) -> User:
    user = User(name=name, role=role, language=language, created_at=now)
    session.add(user)
    session.flush()
    return user


def link_identity(*, session: Session, user_id: int, channel: str, external_id: str,
                  now: datetime) -> Identity:
    identity = Identity(user_id=user_id, channel=channel, external_id=external_id, created_at=now)
    session.add(identity)
    session.flush()
    return identity


def list_users(*, session: Session) -> list[User]:
    return list(session.exec(select(User).order_by(User.name)))


def identities_of(*, session: Session, user_id: int) -> list[Identity]:
    return list(session.exec(select(Identity).where(Identity.user_id == user_id).order_by(Identity.id)))


def team_of(*, session: Session, manager_id: int) -> list[User]:
    return list(session.exec(select(User).where(User.manager_id == manager_id).order_by(User.name)))


def opportunities_of_owners(*, session: Session, owner_ids: Optional[list[int]],
                            limit: int = 5000) -> list[Opportunity]:
    stmt = select(Opportunity)
    if owner_ids is not None:
        stmt = stmt.where(Opportunity.owner_id.in_(owner_ids))
    return list(session.exec(stmt.order_by(Opportunity.updated_at.desc()).limit(limit)))


# -- pipeline (aggregated in SQL) -----------------------------------------------------------


def _scoped(stmt, owner_ids: Optional[list[int]]):
    return stmt if owner_ids is None else stmt.where(Opportunity.owner_id.in_(owner_ids))


def _per_stage_currency(rows) -> dict[str, dict[Optional[str], tuple[int, Decimal]]]:
    out: dict[str, dict[Optional[str], tuple[int, Decimal]]] = defaultdict(dict)
    for stage, currency, n, amount in rows:
        out[stage][currency] = (n, Decimal(str(amount)))
    return dict(out)


def pipeline_by_stage(*, session: Session, owner_ids: Optional[list[int]], stages: Optional[list[str]] = None
                      ) -> dict[str, dict[Optional[str], tuple[int, Decimal]]]:
    """stage -> currency -> (deals, amount): never two currencies in one sum. ``stages`` limits
    it. Read from stage_total (storage/rollup.py), a few rows per rep and stage, so the cost
    does not grow with the deals a team has closed over the years."""
    stmt = (select(StageTotal.stage, StageTotal.currency, func.sum(StageTotal.deals), func.sum(StageTotal.amount))
            .where(StageTotal.deals != 0).group_by(StageTotal.stage, StageTotal.currency))
    if stages is not None:
        stmt = stmt.where(StageTotal.stage.in_(stages))
    if owner_ids is not None:
        stmt = stmt.where(StageTotal.owner_id.in_(owner_ids))
    return _per_stage_currency((stage, currency or None, n, amount) for stage, currency, n, amount in session.exec(stmt))


def closes_between(*, session: Session, owner_ids: Optional[list[int]], stages: list[str],
                   start: date, end: date) -> dict[Optional[str], tuple[int, Decimal]]:
    """currency -> (open deals closing in [start, end], their amount)."""
    stmt = _scoped(select(Opportunity.currency, func.count(), func.coalesce(func.sum(Opportunity.amount), 0)).where(
        Opportunity.stage.in_(stages), Opportunity.close_date >= start, Opportunity.close_date <= end)
        .group_by(Opportunity.currency), owner_ids)
    return {currency: (n, Decimal(str(amount))) for currency, n, amount in session.exec(stmt)}


def closing_between(*, session: Session, owner_ids: Optional[list[int]], stages: list[str], start: date,
                    end: date) -> tuple[dict[str, dict[Optional[str], tuple[int, Decimal]]], list[Opportunity]]:
    """Open deals closing in [start, end]: count and amount per stage and currency, and the
    three largest (by amount, whatever its currency: a list, never a sum)."""
    window = (Opportunity.stage.in_(stages), Opportunity.close_date >= start, Opportunity.close_date <= end)
    per_stage = _scoped(select(Opportunity.stage, Opportunity.currency, func.count(),
                               func.coalesce(func.sum(Opportunity.amount), 0))
                        .where(*window).group_by(Opportunity.stage, Opportunity.currency), owner_ids)
    largest = _scoped(select(Opportunity).where(*window, Opportunity.amount.is_not(None))
                      .order_by(Opportunity.amount.desc(), Opportunity.id).limit(3), owner_ids)
    return _per_stage_currency(session.exec(per_stage)), list(session.exec(largest))


def largest_open(*, session: Session, owner_ids: list[int], stages: list[str], limit: int = 50) -> list[Opportunity]:
    """A rep's open deals with an amount, largest first by the figure as stored (the caller
    compares currencies)."""
    stmt = _scoped(select(Opportunity).where(Opportunity.stage.in_(stages), Opportunity.amount.is_not(None))
                   .order_by(Opportunity.amount.desc(), Opportunity.id).limit(limit), owner_ids)
    return list(session.exec(stmt))


_PER_PART_MAX = 200  # beyond this many rep x stage parts, one scan is cheaper than the union


def at_risk(*, session: Session, owner_ids: Optional[list[int]], stages: list[str], today: date,
            stale_before: datetime, limit: int) -> list[tuple[Opportunity, str]]:
    """Open deals whose close date has passed (soonest first), then deals with no activity for a
    while (the most valuable first: what a manager would save first)."""
    overdue = select(Opportunity).where(Opportunity.stage.in_(stages), Opportunity.close_date < today)
    if owner_ids is not None and len(owner_ids) * len(stages) <= _PER_PART_MAX:
        # The first few of each rep's open stage (ix_opportunity_owner_stage_close), then the
        # first of those: reads a few rows per rep and stage, not every overdue deal.
        parts = [select(Opportunity.id).where(Opportunity.owner_id == o, Opportunity.stage == s,
                                              Opportunity.close_date < today)
                 .order_by(Opportunity.close_date).limit(limit).subquery()
                 for o in owner_ids for s in stages]
        overdue = overdue.where(Opportunity.id.in_(union_all(*[select(p.c.id) for p in parts])))
    overdue = _scoped(overdue.order_by(Opportunity.close_date, Opportunity.id).limit(limit), owner_ids)
    out = [(o, "close_date_past") for o in session.exec(overdue)]
    if len(out) < limit:
        stale = _scoped(select(Opportunity).where(Opportunity.stage.in_(stages),
                                                  Opportunity.updated_at < stale_before,
                                                  (Opportunity.close_date >= today) | Opportunity.close_date.is_(None))
                        .order_by(Opportunity.amount.is_(None), Opportunity.amount.desc(), Opportunity.updated_at)
                        .limit(limit - len(out)), owner_ids)
        out += [(o, "stale") for o in session.exec(stale)]
    return out


def open_deals_per_owner(*, session: Session, owner_ids: Optional[list[int]], stages: list[str]) -> dict[int, int]:
    stmt = _scoped(select(Opportunity.owner_id, func.count()).where(Opportunity.stage.in_(stages))
                   .group_by(Opportunity.owner_id), owner_ids)
    return dict(session.exec(stmt).all())


def answered_per_owner(*, session: Session, owner_ids: Optional[list[int]],
                       stages: list[str]) -> dict[tuple[int, str], int]:
    """(owner, dimension) -> open deals with a current answer on that dimension."""
    stmt = _scoped(select(Opportunity.owner_id, Answer.dimension, func.count(func.distinct(Answer.opportunity_id)))
                   .join(Answer, Answer.opportunity_id == Opportunity.id)
                   .where(Opportunity.stage.in_(stages), Answer.status == "answered", _NOT_SUPERSEDED)
                   .group_by(Opportunity.owner_id, Answer.dimension), owner_ids)
    return {(owner, dim): n for owner, dim, n in session.exec(stmt)}


def set_role(*, session: Session, user: User, role: str) -> None:
    user.role = role
    session.add(user)


def set_manager(*, session: Session, user: User, manager_id: Optional[int]) -> None:
    user.manager_id = manager_id
    session.add(user)


def set_digest(*, session: Session, user: User, digest_at: Optional[str] = "", timezone: Optional[str] = None) -> None:
    """When the weekly digest comes ("mon 08:30", "off"; None: the default), in which timezone.
    An empty ``digest_at`` leaves the time as it is."""
    if digest_at != "":
        user.digest_at = digest_at
    if timezone is not None:
        user.timezone = timezone
    session.add(user)


def set_user_language(*, session: Session, user: User, language: str, pinned: Optional[bool] = None) -> None:
    """The language to speak to a user in. ``pinned``: they chose it (/lang), so it holds until
    they choose another; unpinned, it is simply the last language they wrote in."""
    user.language = language
    if pinned is not None:
        user.language_pinned = pinned
    session.add(user)


# -- opportunities --------------------------------------------------------------------------


def add_opportunity(*, session: Session, owner_id: int, name: str, now: datetime, channel: str,
                    account: Optional[str] = None, stage: str = "lead") -> Opportunity:
    opp = Opportunity(name=name, account=account, owner_id=owner_id, stage=stage,
                      created_at=now, updated_at=now)
    session.add(opp)
    session.flush()
    session.add(StageChange(opportunity_id=opp.id, from_stage=None, to_stage=stage,
                            author_id=owner_id, channel=channel, created_at=now))
    return opp


def get_opportunity(*, session: Session, opportunity_id: int) -> Optional[Opportunity]:
    return session.get(Opportunity, opportunity_id)


def opportunities_of(*, session: Session, owner_id: int) -> list[Opportunity]:
    stmt = (select(Opportunity).where(Opportunity.owner_id == owner_id)
            .order_by(Opportunity.updated_at.desc(), Opportunity.id.desc()))
    return list(session.exec(stmt))


def update_opportunity(*, session: Session, opportunity: Opportunity, now: datetime,
                       amount: Optional[Decimal] = None, currency: Optional[str] = None,
                       close_date: Optional[date] = None, account: Optional[str] = None) -> None:
    if account is not None:
        opportunity.account = account
    if amount is not None:
        opportunity.amount = amount
    if currency is not None:
        opportunity.currency = currency
    if close_date is not None:
        opportunity.close_date = close_date
    touch_opportunity(session=session, opportunity=opportunity, now=now)


def touch_opportunity(*, session: Session, opportunity: Opportunity, now: datetime) -> None:
    update_row(session, opportunity, updated_at=now)


def stage_history(*, session: Session, opportunity_id: int) -> list[StageChange]:
    stmt = (select(StageChange).where(StageChange.opportunity_id == opportunity_id)
            .order_by(StageChange.created_at, StageChange.id))
    return list(session.exec(stmt))


# -- answers --------------------------------------------------------------------------------


def add_answer(*, session: Session, opportunity_id: int, dimension: str, text: str,
               language: str, author_id: int, channel: str, now: datetime,
               status: str = "answered", question: Optional[str] = None,
               source_message_id: Optional[str] = None,
               supersedes_id: Optional[int] = None, origin: str = "interview",
               facts: Optional[dict[str, Any]] = None, batch: Optional[str] = None,
               source_text: Optional[str] = None, write: bool = True) -> Answer:
    """``write=False`` for one of several: the caller passes them all to ``save_answers`` (one
    INSERT on PostgreSQL)."""
    answer = Answer(opportunity_id=opportunity_id, dimension=dimension, status=status, text=text,
                    source_text=source_text,
                    question=question, language=language, author_id=author_id, channel=channel,
                    source_message_id=source_message_id, supersedes_id=supersedes_id,
                    origin=origin, facts=facts, batch=batch, created_at=now)
    if write:
        insert_rows(session, [answer])
    return answer


def save_answers(*, session: Session, answers: list[Answer]) -> None:
    insert_rows(session, answers)


# Built once: constructing the aliased subquery costs more than running it.
_LATER = aliased(Answer)
_SUPERSEDED = exists().where(_LATER.supersedes_id == Answer.id)
_NOT_SUPERSEDED = ~_SUPERSEDED


# Built once, as the other statements every turn runs: only the deal's id is bound.
_CURRENT_ANSWERS = (select(Answer).where(Answer.opportunity_id == bindparam("opp"), _NOT_SUPERSEDED,
                                         Answer.status != "retracted")
                    .order_by(Answer.created_at, Answer.id))
_STAKEHOLDERS = select(Stakeholder).where(Stakeholder.opportunity_id == bindparam("opp")).order_by(Stakeholder.id)
_ACTIVITIES = (select(Activity).where(Activity.opportunity_id == bindparam("opp"))
               .order_by(Activity.created_at, Activity.id))


def current_answers(*, session: Session, opportunity_id: int) -> dict[str, list[Answer]]:
    """Answers nothing supersedes, grouped by dimension, oldest first."""
    grouped: dict[str, list[Answer]] = defaultdict(list)
    for answer in session.exec(_CURRENT_ANSWERS, params={"opp": opportunity_id}):
        grouped[answer.dimension].append(answer)
    return dict(grouped)


def edit_counts(*, session: Session, opportunity_id: int) -> dict[str, int]:
    """How many corrections each dimension has had."""
    stmt = (select(Answer.dimension, func.count()).where(
        Answer.opportunity_id == opportunity_id, Answer.supersedes_id.is_not(None),
        Answer.status != "retracted")
        .group_by(Answer.dimension))
    return {dim: n for dim, n in session.exec(stmt)}


def captured_counts(*, session: Session, opportunity_ids: Iterable[int]) -> dict[int, int]:
    """Per deal, how many dimensions have a current answer with something in it: a "don't know
    yet" is no topic captured, as the summary's ✗ beside it says."""
    ids = list(opportunity_ids)
    if not ids:
        return {}
    stmt = (select(Answer.opportunity_id, func.count(func.distinct(Answer.dimension)))
            .where(Answer.opportunity_id.in_(ids), _NOT_SUPERSEDED, Answer.status == "answered")
            .group_by(Answer.opportunity_id))
    return {opp: n for opp, n in session.exec(stmt)}


def all_answers(*, session: Session, opportunity_id: int) -> list[tuple[Answer, bool]]:
    """Every answer ever given on a deal, with whether it has been superseded."""
    stmt = (select(Answer, _SUPERSEDED).where(Answer.opportunity_id == opportunity_id)
            .order_by(Answer.created_at, Answer.id))
    return [(a, bool(s)) for a, s in session.exec(stmt)]


def get_answer(*, session: Session, answer_id: int) -> Optional[Answer]:
    return session.get(Answer, answer_id)


def batch_answers(*, session: Session, batch: str) -> list[tuple[Answer, bool]]:
    """The answers filed together under one batch id, with whether each is superseded."""
    stmt = select(Answer, _SUPERSEDED).where(Answer.batch == batch).order_by(Answer.id)
    return [(a, bool(s)) for a, s in session.exec(stmt)]


def retract(*, session: Session, answer: Answer, author_id: int, channel: str,
            now: datetime, batch: Optional[str] = None) -> Answer:
    """Undo an answer without deleting it: a "retracted" row supersedes it."""
    return add_answer(session=session, opportunity_id=answer.opportunity_id,
                      dimension=answer.dimension, text="", status="retracted",
                      language=answer.language, author_id=author_id, channel=channel, now=now,
                      supersedes_id=answer.id, origin=answer.origin, batch=batch or answer.batch)


def reinstate(*, session: Session, original: Answer, over: Answer, author_id: int, channel: str,
              now: datetime) -> Answer:
    """Undo a correction without deleting it: a copy of the original supersedes what replaced it."""
    return add_answer(session=session, opportunity_id=original.opportunity_id,
                      dimension=original.dimension, text=original.text, status=original.status,
                      question=original.question, language=original.language, author_id=author_id,
                      channel=channel, now=now, source_message_id=original.source_message_id,
                      supersedes_id=over.id, origin=original.origin, facts=original.facts,
                      source_text=original.source_text)


# -- reminders ------------------------------------------------------------------------------


def add_reminder(*, session: Session, opportunity_id: int, user_id: int, kind: str,
                 due_at: datetime, now: datetime, note: Optional[str] = None) -> Reminder:
    reminder = Reminder(opportunity_id=opportunity_id, user_id=user_id, kind=kind, note=note,
                        due_at=due_at, created_at=now)
    session.add(reminder)
    session.flush()
    return reminder


def open_reminders(*, session: Session, user_id: int) -> list[Reminder]:
    """Follow-ups not done yet: delivered or not, until a debrief on the deal cancels them."""
    stmt = (select(Reminder).where(Reminder.user_id == user_id, Reminder.cancelled_at.is_(None))
            .order_by(Reminder.due_at))
    return list(session.exec(stmt))


def cancel_reminders(*, session: Session, opportunity_id: int, kinds: tuple[str, ...], now: datetime,
                     note: Optional[str] = None) -> None:
    stmt = select(Reminder).where(Reminder.opportunity_id == opportunity_id, Reminder.kind.in_(kinds),
                                  Reminder.delivered_at.is_(None), Reminder.cancelled_at.is_(None))
    if note is not None:  # one to-do's reminder, not the others
        stmt = stmt.where(Reminder.note == note)
    for reminder in session.exec(stmt):
        reminder.cancelled_at = now
        session.add(reminder)


def due_reminder_ids(*, session: Session, now: datetime, user_ids: Optional[list[int]] = None,
                     limit: int = 50) -> list[int]:
    stmt = select(Reminder.id).where(Reminder.delivered_at.is_(None), Reminder.cancelled_at.is_(None),
                                     Reminder.due_at <= now)
    if user_ids is not None:
        stmt = stmt.where(Reminder.user_id.in_(user_ids))
    return list(session.exec(stmt.order_by(Reminder.due_at).limit(limit)))


def claim_reminder(*, session: Session, reminder_id: int, worker: str, now: datetime) -> bool:
    """Mark delivered only if nobody else has: the conditional UPDATE is the lock."""
    result = session.execute(
        update(Reminder).where(Reminder.id == reminder_id, Reminder.delivered_at.is_(None),
                               Reminder.cancelled_at.is_(None))
        .values(delivered_at=now, delivered_by=worker))
    return result.rowcount == 1


# -- pushes: what the coach says unasked (dialogs/features/digest.py, nudges.py) -------------


def claim_push(*, session: Session, user_id: int, kind: str, key: str, now: datetime, worker: Optional[str],
               opportunity_id: Optional[int] = None, data: Optional[dict[str, Any]] = None) -> bool:
    """Record that ``kind`` for ``key`` goes to the user; False when some row already holds that
    key. With no ``worker`` the cause is only noticed (a close date moved out, in a turn) and
    waits for whoever sends it (``claim_pending_push``)."""
    return insert_once(session, Push, user_id=user_id, kind=kind, key=key, opportunity_id=opportunity_id,
                       data=data, worker=worker, created_at=now)


def pending_pushes(*, session: Session, kind: str, user_ids: list[int], limit: int) -> list[Push]:
    return list(session.exec(select(Push).where(Push.kind == kind, Push.worker.is_(None), Push.user_id.in_(user_ids))
                             .order_by(Push.id).limit(limit)))


def claim_pending_push(*, session: Session, push_id: int, worker: str) -> bool:
    """Take a pending cause for sending; the conditional UPDATE is the lock (as for reminders)."""
    return session.execute(update(Push).where(Push.id == push_id, Push.worker.is_(None))
                           .values(worker=worker)).rowcount == 1


def pushes_since(*, session: Session, user_ids: list[int], kinds: tuple[str, ...], since: datetime) -> dict[int, int]:
    """Per user, how many of ``kinds`` went out since ``since`` (a daily cap on nudges)."""
    rows = session.execute(select(Push.user_id, func.count()).where(
        Push.user_id.in_(user_ids), Push.kind.in_(kinds), Push.worker.is_not(None), Push.created_at >= since)
        .group_by(Push.user_id))
    return {u: n for u, n in rows}


def set_muted(*, session: Session, user_id: int, opportunity_id: int, muted: bool, now: datetime) -> None:
    if muted:
        insert_once(session, Push, user_id=user_id, kind="mute", key=str(opportunity_id),
                    opportunity_id=opportunity_id, worker="user", created_at=now)
    else:
        session.execute(sql_delete(Push).where(Push.user_id == user_id, Push.kind == "mute",
                                               Push.key == str(opportunity_id)))


def nudge_candidates(*, session: Session, owner_ids: list[int], stages: list[str], today: date,
                     stale_before: datetime, limit: int) -> list[tuple[Opportunity, str]]:
    """Open deals to nudge their owners about, most valuable first: the close date has passed,
    or nothing happened since ``stale_before``. A deal is left out once it was nudged for that
    cause since its last change, or when its owner muted it."""
    def fresh(cause: str):
        return ~exists().where(Push.opportunity_id == Opportunity.id, Push.kind == cause,
                               Push.created_at >= Opportunity.updated_at)

    muted = exists().where(Push.opportunity_id == Opportunity.id, Push.kind == "mute",
                           Push.user_id == Opportunity.owner_id)
    base = select(Opportunity).where(Opportunity.owner_id.in_(owner_ids), Opportunity.stage.in_(stages), ~muted)
    by_value = (Opportunity.amount.is_(None), Opportunity.amount.desc(), Opportunity.id)
    out = [(o, "nudge_close") for o in session.exec(
        base.where(Opportunity.close_date < today, fresh("nudge_close")).order_by(*by_value).limit(limit))]
    out += [(o, "nudge_stale") for o in session.exec(
        base.where(Opportunity.updated_at < stale_before, fresh("nudge_stale"),
                   (Opportunity.close_date >= today) | Opportunity.close_date.is_(None))
        .order_by(*by_value).limit(limit))]
    return out


def muted_deals(*, session: Session, user_id: int) -> set[int]:
    return {p.opportunity_id for p in session.exec(select(Push).where(Push.user_id == user_id, Push.kind == "mute"))}


def stage_changes_between(*, session: Session, owner_ids: Optional[list[int]], start: datetime,
                          end: datetime) -> list[tuple[StageChange, Opportunity]]:
    """The week's stage moves in scope, oldest first: only what changed, never a team's history.
    The week's rows come first (by their time index), then their deals: a join would let the
    planner walk the team's deals instead."""
    changes = list(session.exec(select(StageChange).where(StageChange.created_at > start, StageChange.created_at <= end)
                                .order_by(StageChange.created_at, StageChange.id)))
    if not changes:
        return []
    ids = sorted({c.opportunity_id for c in changes})
    stmt = select(Opportunity).where(Opportunity.id.in_(ids))
    if owner_ids is not None:
        stmt = stmt.where(Opportunity.owner_id.in_(owner_ids))
    deals = {o.id: o for o in session.exec(stmt)}
    return [(c, deals[c.opportunity_id]) for c in changes if c.opportunity_id in deals]


def went_stale_between(*, session: Session, owner_ids: Optional[list[int]], stages: list[str],
                       start: datetime, end: datetime, limit: int) -> list[Opportunity]:
    """Open deals whose last change fell between ``start`` and ``end``: stale this week."""
    stmt = _scoped(select(Opportunity).where(Opportunity.stage.in_(stages), Opportunity.updated_at >= start,
                                             Opportunity.updated_at < end)
                   .order_by(Opportunity.amount.is_(None), Opportunity.amount.desc()).limit(limit), owner_ids)
    return list(session.exec(stmt))


def slips_between(*, session: Session, owner_ids: Optional[list[int]], start: datetime, end: datetime) -> list[Push]:
    """Close dates moved out this week (recorded as they happened, for the owner's nudge)."""
    stmt = select(Push).where(Push.kind == "slip", Push.created_at > start, Push.created_at <= end)
    if owner_ids is not None:
        stmt = stmt.where(Push.user_id.in_(owner_ids))
    return list(session.exec(stmt.order_by(Push.id)))


def users_on_channel(*, session: Session, channel: str) -> dict[int, str]:
    """user id -> external id for everyone linked on a channel."""
    return {i.user_id: i.external_id for i in session.exec(select(Identity).where(Identity.channel == channel))}


# -- invites --------------------------------------------------------------------------------


def add_invite(*, session: Session, code: str, role: str, now: datetime, expires_at: datetime,
               user_name: Optional[str] = None) -> Invite:
    invite = Invite(code=code, role=role, user_name=user_name, created_at=now, expires_at=expires_at)
    session.add(invite)
    session.flush()
    return invite


def invite_by_code(*, session: Session, code: str) -> Optional[Invite]:
    return session.exec(select(Invite).where(Invite.code == code)).first()


def use_invite(*, session: Session, invite: Invite, user_id: int, now: datetime) -> None:
    invite.used_at = now
    invite.used_by_id = user_id
    session.add(invite)


# -- stage ----------------------------------------------------------------------------------


def set_stage(*, session: Session, opportunity: Opportunity, stage: str, author_id: int,
              channel: str, now: datetime) -> StageChange:
    change = StageChange(opportunity_id=opportunity.id, from_stage=opportunity.stage,
                         to_stage=stage, author_id=author_id, channel=channel, created_at=now)
    opportunity.stage = stage
    touch_opportunity(session=session, opportunity=opportunity, now=now)
    session.add(change)
    return change


# -- buying committee and activities --------------------------------------------------------


def update_stakeholder(*, session: Session, person: Stakeholder, now: datetime, **fields: Any) -> None:
    for key, value in fields.items():
        if value is not None:
            setattr(person, key, value)
    person.updated_at = now
    session.add(person)


def clear_role(*, session: Session, person: Stakeholder, now: datetime) -> None:
    """A role said wrong ("it's the CFO who signs, not the CIO"): the person stays, the role goes."""
    person.role = None
    person.updated_at = now
    session.add(person)


def add_stakeholder(*, session: Session, opportunity_id: int, now: datetime,
                    name: Optional[str] = None, title: Optional[str] = None,
                    role: Optional[str] = None, stance: Optional[str] = None,
                    notes: Optional[str] = None, batch: Optional[str] = None) -> Stakeholder:
    person = Stakeholder(opportunity_id=opportunity_id, name=name, title=title, role=role,
                         stance=stance, notes=notes, created_at=now, updated_at=now, batch=batch)
    session.add(person)
    session.flush()
    return person


def stakeholders_of(*, session: Session, opportunity_id: int) -> list[Stakeholder]:
    return list(session.exec(_STAKEHOLDERS, params={"opp": opportunity_id}))


def add_activity(*, session: Session, opportunity_id: int, kind: str, channel: str,
                 now: datetime, author_id: Optional[int] = None, outcome: Optional[str] = None,
                 summary: Optional[str] = None, next_step: Optional[str] = None,
                 due_date: Optional[date] = None, batch: Optional[str] = None) -> Activity:
    activity = Activity(opportunity_id=opportunity_id, kind=kind, outcome=outcome, summary=summary,
                        next_step=next_step, due_date=due_date, author_id=author_id,
                        channel=channel, created_at=now, batch=batch)
    session.add(activity)
    session.flush()
    return activity


def activities_of(*, session: Session, opportunity_id: int) -> list[Activity]:
    return list(session.exec(_ACTIVITIES, params={"opp": opportunity_id}))


# -- LLM usage ------------------------------------------------------------------------------


def record_llm_call(*, session: Session, now: datetime, purpose: str, model: str, ok: bool,
                    outcome: str, conversation_key: Optional[str] = None, input_tokens: int = 0,
                    output_tokens: int = 0, duration_ms: int = 0) -> LLMCall:
    call = LLMCall(conversation_key=conversation_key, purpose=purpose, model=model, ok=ok,
                   outcome=outcome, input_tokens=input_tokens, output_tokens=output_tokens,
                   duration_ms=duration_ms, created_at=now)
    session.add(call)
    return call


def llm_usage(*, session: Session, conversation_key: Optional[str] = None) -> dict[str, int]:
    stmt = select(func.count(), func.coalesce(func.sum(LLMCall.input_tokens), 0),
                  func.coalesce(func.sum(LLMCall.output_tokens), 0))
    if conversation_key is not None:
        stmt = stmt.where(LLMCall.conversation_key == conversation_key)
    calls, tokens_in, tokens_out = session.exec(stmt).one()
    return {"calls": calls, "input_tokens": tokens_in, "output_tokens": tokens_out}


# -- conversations --------------------------------------------------------------------------


# Built once: a turn's first read, with bound values only.
_TURN_ROWS = (select(User, Conversation, Opportunity)
              .join(Identity, Identity.user_id == User.id)
              .join(Conversation, Conversation.key == bindparam("key"))
              .outerjoin(Opportunity, Opportunity.id == Conversation.opportunity_id)
              .where(Identity.channel == bindparam("channel"), Identity.external_id == bindparam("external_id"))
              .with_for_update(of=Conversation))


def turn_rows(*, session: Session, channel: str, external_id: str,
              key: str) -> Optional[tuple[User, Conversation, Optional[Opportunity]]]:
    """Who is talking, their conversation (held for this transaction, as get_conversation's
    ``lock``) and its deal, in one statement; None when the user or the conversation is new."""
    row = session.execute(_TURN_ROWS, {"key": key, "channel": channel, "external_id": external_id}).first()
    return None if row is None else (row[0], row[1], row[2])


def get_conversation(*, session: Session, key: str, lock: bool = False) -> Optional[Conversation]:
    """``lock``: hold the row for this transaction (SELECT ... FOR UPDATE on PostgreSQL), so two
    workers never run turns of one conversation at once. SQLite serialises writes already."""
    stmt = select(Conversation).where(Conversation.key == key)
    return session.exec(stmt.with_for_update() if lock else stmt).first()


def add_conversation(*, session: Session, key: str, channel: str, user_id: int, now: datetime,
                     opportunity_id: Optional[int] = None) -> Conversation:
    conv = Conversation(key=key, channel=channel, user_id=user_id, opportunity_id=opportunity_id,
                        state="idle", data={}, updated_at=now)
    session.add(conv)
    session.flush()
    return conv


def save_conversation(*, session: Session, conversation: Conversation, state: str,
                      data: dict[str, Any], now: datetime) -> None:
    update_row(session, conversation, state=state, data=data, updated_at=now)


# -- export ---------------------------------------------------------------------------------


def users_by_ids(*, session: Session, user_ids: list[int]) -> list[User]:
    return list(session.exec(select(User).where(User.id.in_(user_ids)).order_by(User.id))) if user_ids else []


def users_by_id(*, session: Session) -> dict[int, User]:
    return {u.id: u for u in session.exec(select(User))}


def all_opportunities(*, session: Session) -> list[Opportunity]:
    return list(session.exec(select(Opportunity).order_by(Opportunity.id)))


def batch_records(*, session: Session, batch: str) -> tuple[list[Activity], list[Stakeholder]]:
    """The activities and the people a note recorded under its batch."""
    return (list(session.exec(select(Activity).where(Activity.batch == batch).order_by(Activity.id))),
            list(session.exec(select(Stakeholder).where(Stakeholder.batch == batch).order_by(Stakeholder.id))))


def take_back_batch_records(*, session: Session, batch: str) -> None:
    """A note's Undo: the activities and the people it recorded are removed (answers, by
    contrast, are retracted and kept)."""
    activities, people = batch_records(session=session, batch=batch)
    for step in (a for a in activities if a.next_step and a.due_date):  # its reminder goes with it
        cancel_reminders(session=session, opportunity_id=step.opportunity_id, kinds=("follow_up", "todo"),
                         now=step.created_at, note=step.next_step)
    for row in [*activities, *people]:
        session.delete(row)
    session.flush()


def backlog(*, session: Session, now: datetime) -> dict[str, int]:
    """Rows waiting, for the metrics: inbound events per channel, and reminders due unsent."""
    out = {f"inbox_{channel}": n for channel, n in session.exec(
        select(InboundEvent.channel, func.count()).group_by(InboundEvent.channel))}
    out["outbox"] = session.exec(select(func.count()).select_from(OutboundReply)).one()
    out["reminders_due"] = session.exec(select(func.count()).select_from(Reminder).where(
        Reminder.delivered_at.is_(None), Reminder.cancelled_at.is_(None), Reminder.due_at <= now)).one()
    return out


def totals(*, session: Session) -> dict[str, Any]:
    """Running totals for the metrics, read from the tables (right across workers and restarts):
    LLM calls by purpose and outcome with their tokens, and reminders delivered."""
    llm = [(purpose, outcome, n, tin or 0, tout or 0) for purpose, outcome, n, tin, tout in session.exec(
        select(LLMCall.purpose, LLMCall.outcome, func.count(), func.sum(LLMCall.input_tokens),
               func.sum(LLMCall.output_tokens)).group_by(LLMCall.purpose, LLMCall.outcome))]
    reminders = session.exec(select(func.count()).select_from(Reminder).where(Reminder.delivered_at.is_not(None))).one()
    return {"llm": llm, "reminders_sent": reminders}
