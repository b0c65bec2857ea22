"""The coach's input and output values. Adapters build an Incoming and render Replies."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import Any, Optional


@dataclass(frozen=True)
class Incoming:
    """One message or button press, already stripped of anything channel-specific.

    ``channel`` is "console", "slack" or "telegram". ``user_ref`` is the user's id on that
    channel; ``space`` and ``thread`` narrow the conversation (workspace/chat, thread).
    """

    channel: str
    user_ref: str
    text: Optional[str] = None
    button: Optional[str] = None
    event_id: Optional[str] = None
    space: str = ""
    thread: str = ""
    display_name: Optional[str] = None
    language_hint: Optional[str] = None
    # How the message came: an edit of an earlier one (never filed twice), a forward of
    # someone else's words (a note, never a command), or media with no text to read
    # ("voice", "video", "location", "contact", "sticker", "file").
    edited: bool = False
    forwarded: bool = False
    media: str = ""
    # A file that came with the text (a photo with a caption): its platform id, kept on the
    # deal's activity as a reference; the file itself stays on the platform.
    file_ref: str = ""

    @property
    def conversation_key(self) -> str:
        return "|".join((self.channel, self.space, self.thread, self.user_ref))


@dataclass(frozen=True)
class Button:
    id: str
    label: str


@dataclass(frozen=True)
class Attachment:
    """A file sent with a reply (a chart): a picture in Slack and Telegram, a file in the console."""

    name: str
    data: bytes
    mime: str = "image/png"


@dataclass
class Reply:
    text: str
    buttons: list[Button] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    files: list[Attachment] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "buttons": [{"id": b.id, "label": b.label} for b in self.buttons],
            "meta": self.meta,
        }

    def dump(self) -> dict[str, Any]:
        """Everything needed to send it again later (the outbox): files too, as base64."""
        return {**self.to_json(), "files": [{"name": f.name, "mime": f.mime, "data": base64.b64encode(f.data).decode()}
                                            for f in self.files]}

    @classmethod
    def load(cls, data: dict[str, Any]) -> "Reply":
        return cls(text=data["text"], buttons=[Button(b["id"], b["label"]) for b in data.get("buttons", [])],
                   meta=dict(data.get("meta", {})),
                   files=[Attachment(f["name"], base64.b64decode(f["data"]), f.get("mime", "image/png"))
                          for f in data.get("files", [])])
