"""A transcriber for the voice tests (bot/transcribe.py's interface): says ``text``, or fails."""

from __future__ import annotations


class FakeTranscriber:
    def __init__(self, text: str = "", fail: bool = False) -> None:
        self.text, self.fail, self.heard = text, fail, []

    def transcribe(self, audio: bytes, mime: str) -> str:
        self.heard.append((audio, mime))
        if self.fail:
            raise RuntimeError("model crashed")
        return self.text
