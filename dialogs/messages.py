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
    """A file sent with a reply (a chart): a picture in Slack and Telegram, a file in the console.
    A chart comes as what to draw (``chart``, JSON) and is drawn when it is sent, after the
    reply's text: drawing takes longer than the rest of the turn, and the outbox keeps it small."""

    name: str
    data: Optional[bytes] = None
    mime: str = "image/png"
    chart: Optional[dict[str, Any]] = None  # dialogs.features.charts.draw's argument

    def content(self) -> bytes:
        if self.data is None and self.chart is not None:
            from dialogs.features.charts import draw  # matplotlib only on the path that draws

            object.__setattr__(self, "data", draw(self.chart))  # drawn once, however often sent
        return self.data or b""

    def dump(self) -> dict[str, Any]:
        if self.data is None and self.chart is not None:
            return {"name": self.name, "mime": self.mime, "chart": self.chart}
        return {"name": self.name, "mime": self.mime, "data": base64.b64encode(self.content()).decode()}

    @classmethod
    def load(cls, f: dict[str, Any]) -> "Attachment":
        data = base64.b64decode(f["data"]) if "data" in f else None
        return cls(f["name"], data, f.get("mime", "image/png"), f.get("chart"))


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
        """Everything needed to send it again later (the outbox): files too (base64, or a chart's
        drawing instructions)."""
        return {**self.to_json(), "files": [f.dump() for f in self.files]}

    @classmethod
    def load(cls, data: dict[str, Any]) -> "Reply":
        return cls(text=data["text"], buttons=[Button(b["id"], b["label"]) for b in data.get("buttons", [])],
                   meta=dict(data.get("meta", {})),
                   files=[Attachment.load(f) for f in data.get("files", [])])
