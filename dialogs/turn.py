"""One turn of a conversation: the database session, who is talking, where they are, and the
replies collected so far. Handlers add replies here; nothing is ever sent from inside a flow."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Optional

from sqlmodel import Session

from dialogs.messages import Button, Incoming, Reply
from dialogs.flows.state import ConversationData
from prompts import Renderer
from storage import repo
from storage.models import Conversation, Opportunity, User


@dataclass
class Turn:
    session: Session
    msg: Incoming
    user: User
    conv: Conversation
    now: datetime
    render: Renderer
    playbook: Any = None  # dialogs.domain.playbook.Playbook
    # The flows this coach runs, by name (handed over by the coach, not found by import).
    flows: dict[str, Any] = field(default_factory=dict)
    reader: Any = None  # dialogs.domain.reader.NoteReader
    composer: Any = None  # dialogs.llm.AnswerComposer, when an LLM is configured
    money: Any = None  # dialogs.domain.money.Money: the reporting currency and its rates
    default_tz: str = "UTC"  # DEALCOACH_TIMEZONE: for users who set none (digest times)
    replies: list[Reply] = field(default_factory=list)
    # Reads memoised within this turn only; writers drop what they change.
    memo: dict[Any, Any] = field(default_factory=dict)
    # The deals this turn has loaded, held so the session's (weak) identity map keeps them:
    # otherwise each look-up of the same deal is another SELECT.
    deals: dict[int, Optional[Opportunity]] = field(default_factory=dict)
    # The language of this turn's replies when it differs from the stored one (a message in
    # Chinese characters both scripts share, from a rep who has not written Chinese before).
    reply_language: Optional[str] = None
    # What the understanding step took the message for (None for a button press).
    understood: Any = None  # dialogs.understanding.Utterance
    # The conversation as this turn leaves it (see set_state); None: as it came.
    _state: Optional[str] = None
    _data: Optional[ConversationData] = None

    @property
    def lang(self) -> str:
        return self.reply_language or self.user.language or "en"

    # -- wording ------------------------------------------------------------------------------

    def t(self, key: str, **values: Any) -> str:
        return self.render.text(self.lang, key, **values)

    def label(self, key: str, **values: Any) -> str:
        return self.render.data(self.lang, "labels")[key].format(**values)

    def questions(self, dimension: str) -> dict[str, Any]:
        return self.render.data(self.lang, "questions")[dimension]

    def button(self, button_id: str, label_key: str, **values: Any) -> Button:
        return Button(button_id, self.label(label_key, **values))

    def say(self, text: str, buttons: Optional[list[Button]] = None,
            meta: Optional[dict[str, Any]] = None, files: Optional[list] = None) -> None:
        self.replies.append(Reply(text=text, buttons=list(buttons or []), meta=dict(meta or {}),
                                  files=list(files or [])))

    def read(self, text: str, *, purpose: str = "note"):
        """The coach's reading of the rep's text (rules, or a validated LLM reading). When the
        understanding step already asked the LLM about this message, its reading is reused:
        one call per message at most."""
        if self.understood is not None and self.understood.reading is not None \
                and self.msg.text is not None and text.strip() == self.msg.text.strip():
            return self.understood.reading
        key = ("read", text, purpose)  # read once a turn, though routing and filing both ask
        if key not in self.memo:
            self.memo[key] = self.reader.read(text, today=self.now.date(), language=self.lang, purpose=purpose,
                                              conversation_key=self.conv.key, session=self.session)
        return self.memo[key]

    # -- state --------------------------------------------------------------------------------

    @property
    def state(self) -> str:
        return self._state if self._state is not None else self.conv.state

    @property
    def data(self) -> ConversationData:
        # A fresh copy each time: changing it changes nothing until set_state takes it.
        return ConversationData.model_validate(self.seen.model_dump())  # 3x a deep copy's speed

    @property
    def seen(self) -> ConversationData:
        """The data as it stands, to read only (no copy: a deal id, a mode). The stored JSON
        is parsed once a turn."""
        if self._data is None:
            self._data = ConversationData.load(self.conv.data)
        return self._data

    def set_state(self, state: str, data: Optional[ConversationData] = None) -> None:
        """The conversation's next state and data, written once when the turn ends (save_state)."""
        self._state = state
        if data is not None:
            self._data = ConversationData.model_validate(data.model_dump())

    def save_state(self) -> None:
        if self._state is not None:
            data = self._data.dump() if self._data is not None else self.conv.data
            repo.save_conversation(session=self.session, conversation=self.conv, state=self._state,
                                   data=data, now=self.now)

    # -- the current deal ---------------------------------------------------------------------

    def opportunity(self, opportunity_id: int) -> Optional[Opportunity]:
        """The deal of that id, whoever owns it (callers check), loaded once a turn."""
        if opportunity_id not in self.deals:
            self.deals[opportunity_id] = repo.get_opportunity(session=self.session, opportunity_id=opportunity_id)
        return self.deals[opportunity_id]

    @property
    def deal(self) -> Optional[Opportunity]:
        if self.conv.opportunity_id is None:
            return None
        opp = self.opportunity(self.conv.opportunity_id)
        return opp if opp is not None and opp.owner_id == self.user.id else None

    def own_deal(self, opportunity_id: Optional[int],
                 buttons: Optional[list[Button]] = None) -> Optional[Opportunity]:
        """The rep's own deal of that id; else None, once the rep is told it isn't theirs. Handlers
        check again what a button's guard checked: some are reached by typing too ("use 12")."""
        opp = self.opportunity(opportunity_id) if opportunity_id is not None else None
        if opp is None or opp.owner_id != self.user.id:
            self.say(self.t("coach.deal_forbidden"), buttons)
            return None
        return opp

    def set_deal(self, opp: Opportunity) -> None:
        self.conv.opportunity_id = opp.id
        self.session.add(self.conv)
