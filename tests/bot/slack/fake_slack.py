"""A recording fake of the Slack Web API: stdlib HTTP on 127.0.0.1, port 0, in a thread.

It answers the methods the app uses with recorded-style JSON, records every request (path and
body), can answer 429 or 500 on request, and offers wait_for(path). ``keep=False`` only counts
messages per channel (wait_posted), for long soak runs."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from collections import Counter
from typing import Any, Callable, Optional
from urllib.parse import parse_qs, urlparse


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # the stdlib default (5) refuses connections under load


class FakeSlack:
    def __init__(self, names: Optional[dict[str, str]] = None, locales: Optional[dict[str, str]] = None,
                 delay: float = 0.0, keep: bool = True, slow: Optional[dict[str, float]] = None) -> None:
        self.requests: list[tuple[str, dict[str, Any]]] = []
        self.last_post_at = 0.0
        self.keep = keep
        self.posted: Counter = Counter()  # chat.postMessage calls per channel
        self.names = names or {}
        self.locales = locales or {}
        self.delay = delay
        self.file_bytes = b"RIFF fake voice clip"
        self.slow = {"chat.postMessage": delay, **(slow or {})}  # seconds before answering, per method
        self.hold: Optional[Callable[[str, Any], float]] = None  # seconds to hold one call, by its body
        self._failures: dict[str, list[tuple[int, dict[str, str]]]] = {}
        self._ts = 1_700_000_000
        self._cond = threading.Condition()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                if self.path.startswith("/files/"):  # a private file's bytes (a voice clip)
                    with fake._cond:
                        fake.requests.append(("download", {"path": self.path,
                                                           "auth": self.headers.get("Authorization")}))
                    self.send_response(200)
                    self.send_header("Content-Type", "application/octet-stream")
                    self.send_header("Content-Length", str(len(fake.file_bytes)))
                    self.end_headers()
                    self.wfile.write(fake.file_bytes)
                    return
                self._handle({k: v[0] for k, v in parse_qs(urlparse(self.path).query).items()})

            def do_POST(self) -> None:
                data = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.path.startswith("/upload/"):  # the file bytes of files_upload_v2
                    self._handle({"bytes": len(data), "png": data[:8] == b"\x89PNG\r\n\x1a\n"})
                    return
                raw = data.decode()
                if "json" in (self.headers.get("Content-Type") or ""):
                    body = json.loads(raw or "{}")
                else:
                    body = {k: v[0] for k, v in parse_qs(raw).items()}
                self._handle(body)

            def _handle(self, body: Any) -> None:
                path = urlparse(self.path).path
                status, headers, payload = fake._answer(path, body)
                data = json.dumps(payload).encode()
                self.send_response(status)
                for k, v in {"Content-Type": "application/json", **headers}.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/api/"

    def file_url(self, name: str = "F1") -> str:
        return f"http://127.0.0.1:{self.server.server_port}/files/{name}"

    def response_url(self, name: str = "r1") -> str:
        return f"http://127.0.0.1:{self.server.server_port}/response/{name}"

    def fail(self, method: str, status: int, times: int = 1, headers: Optional[dict] = None) -> None:
        self._failures.setdefault(method, []).extend([(status, headers or {})] * times)

    def _answer(self, path: str, body: Any) -> tuple[int, dict[str, str], dict[str, Any]]:
        method = path.split("/api/", 1)[-1] if "/api/" in path else path
        failures = self._failures.get(method)
        if failures:
            status, headers = failures.pop(0)
            with self._cond:
                self.requests.append((f"!{status}:{method}", body))
                self._cond.notify_all()
            return status, headers, {"ok": False, "error": "ratelimited" if status == 429 else "fatal"}
        if self.slow.get(method):
            time.sleep(self.slow[method])
        if self.hold:
            time.sleep(self.hold(method, body))
        with self._cond:
            self._ts += 1
            ts = f"{self._ts}.000100"
            if method == "chat.postMessage":
                body = {**body, "ts": ts}  # remember where it landed, so tests can click it
                self.posted[body.get("channel")] += 1
                self.last_post_at = time.perf_counter()  # when the rep could first read it (benchmarks)
            if self.keep:
                self.requests.append((method, body))
            self._cond.notify_all()
        user = body.get("user") if isinstance(body, dict) else None
        answers = {
            "auth.test": {"ok": True, "user_id": "UBOT", "bot_id": "BBOT", "team_id": "T1",
                          "team": "Test", "user": "dealcoach", "url": "https://test.slack.com/"},
            "chat.postMessage": {"ok": True, "channel": body.get("channel"), "ts": ts,
                                 "message": {"text": body.get("text"), "ts": ts}},
            "chat.update": {"ok": True, "channel": body.get("channel"), "ts": body.get("ts")},
            "views.publish": {"ok": True, "view": {"id": "V1"}},
            "users.info": {"ok": True, "user": {"id": user, "name": str(user).lower(),
                                                "real_name": self.names.get(user, user),
                                                "locale": self.locales.get(user, "en-US")}},
            "conversations.open": {"ok": True, "channel": {"id": f"D{body.get('users')}"}},
            "files.getUploadURLExternal": {"ok": True, "file_id": "F1",
                                           "upload_url": f"http://127.0.0.1:{self.server.server_port}/upload/F1"},
            "files.completeUploadExternal": {"ok": True, "files": [{"id": "F1", "title": "chart"}]},
        }
        return 200, {}, answers.get(method, {"ok": True})

    def calls(self, method: str) -> list[dict[str, Any]]:
        with self._cond:
            return [b for p, b in self.requests if p == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 15.0) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        with self._cond:
            while len([1 for p, _ in self.requests if p == method]) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"{method} called {len(self.calls_unlocked(method))} times, wanted {count}")
                self._cond.wait(left)
            return [b for p, b in self.requests if p == method]

    def wait_posted(self, channel: str, count: int, timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        with self._cond:
            while self.posted[channel] < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"{self.posted[channel]} messages in {channel}, wanted {count}")
                self._cond.wait(left)

    def calls_unlocked(self, method: str) -> list[dict[str, Any]]:
        return [b for p, b in self.requests if p == method]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
