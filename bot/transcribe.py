"""Voice notes to text, behind one small interface, so the chat adapters never care which
engine listens: a local faster-whisper model from a path the admin gives, or a provider's
speech-to-text. ``TRANSCRIBE_MODEL`` picks one; unset, voice notes get a polite reply."""

from __future__ import annotations

import io
import logging
from typing import Optional, Protocol

log = logging.getLogger(__name__)


class Transcriber(Protocol):
    def transcribe(self, audio: bytes, mime: str) -> str:
        """The words spoken in ``audio``; raises on failure (the adapter says so politely)."""


class FasterWhisper:
    """A local model (``faster-whisper:/models/small``): nothing leaves the machine."""

    def __init__(self, path: str) -> None:
        from faster_whisper import WhisperModel

        self.model = WhisperModel(path, device="cpu", compute_type="int8")

    def transcribe(self, audio: bytes, mime: str) -> str:
        segments, _ = self.model.transcribe(io.BytesIO(audio))
        return " ".join(s.text.strip() for s in segments).strip()


class OpenAISpeech:
    """A provider's speech-to-text (``openai:whisper-1``; OPENAI_API_KEY from the environment)."""

    def __init__(self, model: str) -> None:
        from openai import OpenAI

        self.client, self.model = OpenAI(), model

    def transcribe(self, audio: bytes, mime: str) -> str:
        ext = {"audio/ogg": "ogg", "audio/mpeg": "mp3", "audio/mp4": "m4a", "audio/wav": "wav"}.get(mime, "ogg")
        result = self.client.audio.transcriptions.create(model=self.model, file=(f"voice.{ext}", audio))
        return (result.text or "").strip()


def build_transcriber(spec: Optional[str]) -> Optional[Transcriber]:
    """``openai:<model>`` for the provider, else a local faster-whisper model (a path, or
    ``faster-whisper:<path>``); None when unset. A missing package is a clear error at start,
    not a surprise on the first voice note."""
    if not spec:
        return None
    kind, _, arg = spec.partition(":")
    try:
        if kind == "openai":
            return OpenAISpeech(arg or "whisper-1")
        return FasterWhisper(arg if kind == "faster-whisper" else spec)
    except ImportError as exc:
        raise RuntimeError(f"TRANSCRIBE_MODEL={spec!r} needs its package: {exc}") from exc
