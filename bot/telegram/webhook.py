"""The Telegram webhook: a small tornado server in front of the python-telegram-bot
Application, in PTB's custom-webhook pattern (a checked update goes into
``application.update_queue``; PTB does the rest).

Not PTB's own webhook server, for two reasons found in hardening: it answers 500 to a body
that isn't JSON (python-telegram-bot issue #3979), and it answers 200 before anything is
written down, so a crash right after loses the update (Telegram won't send it again). Here:
a wrong or missing secret gets 403, a wrong content type 415, an oversized body 413, a body
that isn't a Telegram update 400, and a good update is recorded in the inbox before the 200.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from dataclasses import dataclass
from typing import Callable, Optional

import tornado.httpserver
import tornado.netutil
import tornado.web
from telegram import Update
from telegram.ext import Application

from dialogs.inbox import Inbox

log = logging.getLogger(__name__)
PATH = "telegram"
MAX_BODY = 1024 * 1024  # an update is a few KB; anything this big is not from Telegram
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def work_key(update_id: int) -> str:
    """The coach's event id for an update: the inbox and the handlers share it."""
    return f"u{update_id}"


def check_update(header: Callable[[str], str], body: bytes, secret: str, bot) -> tuple[int, str, Optional[dict], Optional[Update]]:
    """(status, reason, data, update) for a webhook request: the secret first, then the content
    type, the size and the shape. Shared by this server and `dealcoach serve`."""
    if not hmac.compare_digest(header(SECRET_HEADER).encode(), secret.encode()):
        return 403, "forbidden", None, None
    content_type = header("Content-Type").split(";")[0].strip().lower()
    if content_type != "application/json":
        return 415, "application/json only", None, None
    if len(body) > MAX_BODY:
        return 413, "too large", None, None
    try:
        data = json.loads(body)
        if not isinstance(data, dict) or type(data.get("update_id")) is not int:
            raise ValueError("not an update")
        return 200, "", data, Update.de_json(data, bot)
    except Exception:  # the body's text is never logged: it may hold a rep's notes
        log.info("telegram webhook: rejected a body that is not an update")
        return 400, "not a Telegram update", None, None


async def accept(ptb: Application, inbox: Optional[Inbox], data: dict, update: Update) -> None:
    """Recorded in the inbox (before the 200), then queued for the application's handlers."""
    if inbox is not None:
        await asyncio.to_thread(inbox.record, work_key(update.update_id), data)
    await ptb.update_queue.put(update)


class _UpdateHandler(tornado.web.RequestHandler):
    def initialize(self, ptb: Application, secret: str, inbox: Optional[Inbox]) -> None:
        self.ptb, self.secret, self.inbox = ptb, secret, inbox

    async def post(self) -> None:
        status, reason, data, update = check_update(lambda name: self.request.headers.get(name, ""),
                                                    self.request.body, self.secret, self.ptb.bot)
        if status != 200:
            self.set_status(status)
            return self.finish(reason)
        await accept(self.ptb, self.inbox, data, update)
        self.set_status(200)
        self.finish()

    def write_error(self, status_code: int, **kwargs) -> None:  # tornado's own 405 and the like
        self.finish(str(status_code))


@dataclass
class WebhookServer:
    server: tornado.httpserver.HTTPServer
    port: int

    async def stop(self) -> None:
        self.server.stop()
        await self.server.close_all_connections()


def serve(application: Application, *, listen: str, port: int, secret: str,
          inbox: Optional[Inbox] = None) -> WebhookServer:
    """Listen on ``listen:port`` (0 picks a free port) at ``/telegram``, on the running loop."""
    web = tornado.web.Application([(f"/{PATH}", _UpdateHandler,
                                    {"ptb": application, "secret": secret, "inbox": inbox})])
    # Tornado itself turns away bodies past this cap (400); up to it, we answer 413 ourselves.
    server = tornado.httpserver.HTTPServer(web, max_body_size=8 * MAX_BODY)
    sockets = tornado.netutil.bind_sockets(port, listen)
    server.add_sockets(sockets)
    return WebhookServer(server, sockets[0].getsockname()[1])
