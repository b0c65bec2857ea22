"""A recording fake of the Telegram Bot API: stdlib HTTP on 127.0.0.1, port 0, in a thread.

Answers getMe, sendMessage, editMessageText, answerCallbackQuery, setMyCommands, getFile (and
the file's download) and the rest the bot uses; records every body; can answer 429 with
retry_after or any error with its description; queues updates for polling."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

BOT = {"id": 999, "is_bot": True, "first_name": "Deal Coach", "username": "DealCoachBot",
       "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": False}


def _value(raw: str) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        return raw


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # the stdlib default (5) refuses connections under load


class FakeTelegram:
    def __init__(self) -> None:
        self.requests: list[tuple[str, dict[str, Any]]] = []
        self.updates: list[dict[str, Any]] = []
        self._failures: dict[str, list[int]] = {}
        self._rejections: dict[str, list[str]] = {}
        self._message_id = 100
        self.file_bytes = b"OggS fake voice"
        self._cond = threading.Condition()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                if self.path.startswith("/file/"):  # a file download (a voice note's bytes)
                    data = fake.file_bytes
                    fake._record("download", {"path": self.path})
                    self.send_response(200)
                    self.send_header("Content-Type", "application/octet-stream")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                    return
                data = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                ctype = self.headers.get("Content-Type") or ""
                if ctype.startswith("multipart/"):  # a photo upload: keep the fields, size the file
                    body = {"bytes": len(data), "png": b"\x89PNG" in data}
                    for part in data.split(b"--")[1:]:
                        head, _, value = part.partition(b"\r\n\r\n")
                        name = head.split(b'name="')[-1].split(b'"')[0].decode(errors="replace")
                        if b"filename=" not in head and name:
                            body[name] = _value(value.strip().decode(errors="replace"))
                elif "json" in ctype:
                    raw = data.decode()
                    body = json.loads(raw or "{}")
                else:
                    body = {k: _value(v[0]) for k, v in parse_qs(data.decode()).items()}
                method = self.path.rsplit("/", 1)[-1]
                status, payload = fake._answer(method, body)
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST

        self.server = _Server(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/bot"

    def fail(self, method: str, times: int = 1, retry_after: int = 1) -> None:
        self._failures.setdefault(method, []).extend([retry_after] * times)

    def reject(self, method: str, description: str, times: int = 1, status: int = 400) -> None:
        """Answer ``status`` with Telegram's description: 400 for e.g. a callback query that is
        too old, 5xx for Telegram having a bad moment."""
        self._rejections.setdefault(method, []).extend([(status, description)] * times)

    def queue_update(self, update: dict[str, Any]) -> None:
        with self._cond:
            self.updates.append(update)

    def _answer(self, method: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if self._rejections.get(method):
            status, description = self._rejections[method].pop(0)
            with self._cond:
                self.requests.append((f"!{status}:{method}", body))
                self._cond.notify_all()
            prefix = "Bad Request: " if status == 400 else ""
            return status, {"ok": False, "error_code": status, "description": prefix + description}
        if self._failures.get(method):
            retry_after = self._failures[method].pop(0)
            with self._cond:
                self.requests.append((f"!429:{method}", body))
                self._cond.notify_all()
            return 429, {"ok": False, "error_code": 429, "description": f"Too Many Requests: retry after {retry_after}",
                         "parameters": {"retry_after": retry_after}}
        if method == "getUpdates":
            return 200, {"ok": True, "result": self._take_updates(body)}
        with self._cond:
            self._message_id += 1
            self.requests.append((method, body))
            self._cond.notify_all()
            message_id = self._message_id
        if method == "sendPhoto":
            return 200, {"ok": True, "result": {
                "message_id": message_id, "date": int(time.time()), "chat": {"id": body.get("chat_id"), "type": "private"},
                "from": BOT, "photo": [{"file_id": "P1", "file_unique_id": "U1", "width": 770, "height": 500}]}}
        if method in ("sendMessage", "editMessageText"):
            chat = body.get("chat_id")
            return 200, {"ok": True, "result": {
                "message_id": body.get("message_id", message_id), "date": int(time.time()),
                "chat": {"id": chat, "type": "private"}, "from": BOT, "text": body.get("text", "")}}
        if method == "getMe":
            return 200, {"ok": True, "result": BOT}
        if method == "getFile":
            return 200, {"ok": True, "result": {"file_id": body.get("file_id"), "file_unique_id": "fu1",
                                                "file_size": len(self.file_bytes), "file_path": "voice/file_1.oga"}}
        return 200, {"ok": True, "result": True}

    def _take_updates(self, body: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(body.get("offset") or 0)
        deadline = time.monotonic() + min(float(body.get("timeout") or 0), 0.5)
        with self._cond:
            while True:
                ready = [u for u in self.updates if u["update_id"] >= offset]
                if ready or time.monotonic() >= deadline:
                    return ready
                self._cond.wait(0.05)

    def _record(self, method: str, body: dict[str, Any]) -> None:
        with self._cond:
            self.requests.append((method, body))
            self._cond.notify_all()

    def calls(self, method: str) -> list[dict[str, Any]]:
        with self._cond:
            return [b for p, b in self.requests if p == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 20.0) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        with self._cond:
            while len([1 for p, _ in self.requests if p == method]) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"{method}: wanted {count}, got {len(self.calls_locked(method))}")
                self._cond.wait(left)
            return [b for p, b in self.requests if p == method]

    def calls_locked(self, method: str) -> list[dict[str, Any]]:
        return [b for p, b in self.requests if p == method]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
