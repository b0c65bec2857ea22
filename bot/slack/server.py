"""Serving the Slack app: the guarded WSGI app for POST /slack/events (which `dealcoach serve`
mounts), or Socket Mode.

The guard in front of bolt checks the signature first, then sizes and shape, and turns
malformed requests into 4xx (a junk timestamp would otherwise crash signature checking).
``http_server`` serves it on stdlib WSGI, a thread per request: the in-process tests and the
soak's baseline use it; production uses `dealcoach serve`."""

from __future__ import annotations

import io
import json
import logging
import signal
import threading
from socketserver import ThreadingMixIn
from typing import Any, Callable, Iterable
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk.signature import SignatureVerifier

log = logging.getLogger(__name__)
PATH = "/slack/events"
MAX_BODY = 1024 * 1024  # Slack payloads are far smaller; anything bigger is not Slack


class _Server(ThreadingMixIn, WSGIServer):
    # Joined at server_close, so a stop lets the requests under way get their acks first.
    daemon_threads = False
    block_on_close = True
    # The stdlib default backlog (5) refuses connections under a burst (found by the soak run).
    request_queue_size = 128


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (stdlib signature)
        log.debug("http %s", format % args)


def _reply(start_response: Callable, status: str, body: bytes) -> Iterable[bytes]:
    start_response(status, [("Content-Type", "text/plain; charset=utf-8"),
                            ("Content-Length", str(len(body)))])
    return [body]


def well_formed(body: bytes, content_type: str) -> bool:
    """The minimal shape bolt relies on: a JSON object (an event object inside an event
    callback) or a form whose interactive payload is a JSON object with a type."""
    try:
        if "json" in content_type:
            data = json.loads(body or b"null")
            if not isinstance(data, dict):
                return False
            event = data.get("event")
            return data.get("type") != "event_callback" or (
                isinstance(event, dict) and isinstance(event.get("type"), str))
        form = parse_qs(body.decode("utf-8"), strict_parsing=False)
        if "payload" in form:
            payload = json.loads(form["payload"][0])
            return isinstance(payload, dict) and isinstance(payload.get("type"), str)
        return "command" in form or "ssl_check" in form or not form
    except (ValueError, UnicodeDecodeError):
        return False


def guarded(app: App, signing_secret: str) -> Callable:
    """Bolt behind a guard: the signature is checked first (a forged request gets 401 whatever
    its shape, and bolt never logs its body), then the shape bolt relies on (400)."""
    handler = SlackRequestHandler(app, path=PATH)
    verifier = SignatureVerifier(signing_secret)

    def wsgi(environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != PATH:
            return _reply(start_response, "404 Not Found", b"not found")
        if environ.get("REQUEST_METHOD") != "POST":
            return _reply(start_response, "405 Method Not Allowed", b"POST only")
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _reply(start_response, "400 Bad Request", b"bad content length")
        if length > MAX_BODY:
            # Read (and drop) what the client sends, up to a cap, so it gets the 413 instead
            # of a broken pipe mid-upload.
            left = min(length, 8 * MAX_BODY)
            while left > 0:
                chunk = environ["wsgi.input"].read(min(left, 65536))
                if not chunk:
                    break
                left -= len(chunk)
            return _reply(start_response, "413 Payload Too Large", b"too large")
        timestamp = environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", "")
        if not timestamp.isdigit() or not environ.get("HTTP_X_SLACK_SIGNATURE"):
            return _reply(start_response, "401 Unauthorized", b"invalid request")
        body = environ["wsgi.input"].read(length)
        environ["wsgi.input"] = io.BytesIO(body)
        if not _signed(verifier, body, timestamp, environ["HTTP_X_SLACK_SIGNATURE"]):
            log.info("slack request with an invalid signature refused")
            return _reply(start_response, "401 Unauthorized", b"invalid request")
        if not well_formed(body, environ.get("CONTENT_TYPE", "")):
            return _reply(start_response, "400 Bad Request", b"malformed payload")

        def start(status: str, headers: list, exc_info=None):
            if status.startswith("5"):  # dispatch failed on input bolt couldn't handle
                log.warning("slack request rejected (%s from bolt)", status.split()[0])
                status = "400 Bad Request"
            return start_response(status, headers, exc_info)

        try:
            return handler(environ, start)
        except Exception:
            log.exception("slack request failed")
            return _reply(start_response, "400 Bad Request", b"bad request")

    return wsgi


def _signed(verifier: SignatureVerifier, body: bytes, timestamp: str, signature: str) -> bool:
    try:
        return verifier.is_valid(body, timestamp, signature)
    except (UnicodeDecodeError, ValueError):  # bytes that aren't text were not signed by Slack
        return False


def http_server(app: App, host: str, port: int, signing_secret: str) -> WSGIServer:
    """A started-on-demand server: call .serve_forever() (e.g. in a thread); port 0 picks one."""
    return make_server(host, port, guarded(app, signing_secret), server_class=_Server, handler_class=_QuietHandler)


def on_stop_signal(callback: Callable[[], None]) -> None:
    """SIGINT and SIGTERM (Ctrl-C, a deploy) call ``callback``, off the signal handler."""
    def handler(signum: int, frame: Any) -> None:
        threading.Thread(target=callback, daemon=True).start()

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, handler)


def serve_http(server: WSGIServer) -> None:
    """Serve until SIGINT or SIGTERM, then stop taking requests and let those under way finish."""
    on_stop_signal(server.shutdown)
    server.serve_forever()
    server.server_close()


def run_socket_mode(app: App, app_token: str) -> None:
    """Connected until SIGINT or SIGTERM."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    handler, stopped = SocketModeHandler(app, app_token), threading.Event()
    on_stop_signal(stopped.set)
    handler.connect()
    stopped.wait()
    handler.close()
