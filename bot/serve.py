"""`dealcoach serve`: one ASGI service (Starlette under uvicorn) for Slack and Telegram.

- `POST /slack/events`: the guarded WSGI app (signature first, sizes, shape; then bolt) under
  a2wsgi, which runs it in a thread pool so bolt's dispatch and the inbox write never block the
  event loop;
- `POST /telegram`: python-telegram-bot's custom-webhook pattern, with the same secret check,
  limits and inbox as `dealcoach telegram --webhook-url`;
- `GET /healthz` (the process answers), `GET /readyz` (the database answers and its schema is
  at head), `GET /metrics` (Prometheus text format).

Slack, Telegram or both, by which tokens are set. uvicorn runs N workers; each builds this app
from the environment (``create_app`` is uvicorn's factory) and migrates under a lock first.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Optional

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from bot import metrics
from bot.settings import Settings, load_settings
from storage import repo
from storage.db import SCHEMA_HEAD, new_session, schema_revision

log = logging.getLogger(__name__)
SLACK_TURN_WORKERS = 16
STOP_S = 20.0


class _Timed:
    """An ASGI app's requests counted and timed under ``route`` (no text, no headers)."""

    def __init__(self, app: Any, route: str) -> None:
        self.app, self.route = app, route

    async def __call__(self, scope, receive, send) -> None:
        started, status = time.perf_counter(), [500]

        async def sending(message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        except Exception:
            metrics.ERRORS.labels(self.route).inc()
            raise
        finally:
            metrics.REQUESTS.labels(self.route, str(status[0])).inc()
            metrics.ACK_SECONDS.labels(self.route).observe(time.perf_counter() - started)


def create_app(settings: Optional[Settings] = None) -> Starlette:
    """The service, from the environment (uvicorn calls this in each worker)."""
    from bot.logs import configure_logging
    from bot.transcribe import build_transcriber
    from bot.wiring import build_coach, build_inbox, build_outbox

    settings = settings or load_settings()
    configure_logging(settings)
    coach = build_coach(settings)  # migrates under a lock; refuses a schema ahead of the code
    metrics.timed_turns(coach)
    worker = f"serve@{os.getpid()}"
    transcriber = build_transcriber(settings.transcribe_model)
    routes = [Route("/healthz", _healthz), Route("/readyz", _ready(coach)), Route("/metrics", _metrics(coach))]
    starting, stopping = [], []

    def done(channel: str):
        return lambda kind, *_: metrics.TURNS.labels(channel, kind).inc()

    # `dealcoach slack --http` / `telegram --webhook-url` serve one channel: the parent says which.
    wanted = set(os.environ.get("DEALCOACH_SERVE_CHANNELS", "slack,telegram").split(","))
    if "slack" in wanted and settings.slack_bot_token and settings.slack_signing_secret:
        from a2wsgi import WSGIMiddleware

        from bot.slack.adapter import build_app, start_upkeep
        from bot.slack.server import guarded

        secret = settings.slack_signing_secret.get_secret_value()
        turns = ThreadPoolExecutor(max_workers=SLACK_TURN_WORKERS, thread_name_prefix="slack-turn")
        inbox, outbox = build_inbox(coach, "slack", settings), build_outbox(coach, "slack", settings)
        metrics.counted(inbox, metrics.REPLAYED)
        metrics.counted(outbox, metrics.RESENT)
        slack = build_app(coach, token=settings.slack_bot_token.get_secret_value(), signing_secret=secret,
                          base_url=settings.slack_api_base_url, inbox=inbox, turns=turns, on_done=done("slack"),
                          transcriber=transcriber, private_only=settings.private_only, outbox=outbox)
        # The guard's own thread pool, sized like the turns': bolt acks inside it.
        wsgi = WSGIMiddleware(guarded(slack, secret), workers=SLACK_TURN_WORKERS)
        routes.append(Route("/slack/events", _Timed(wsgi, "slack"), methods=["POST"]))
        upkeep: list = []
        starting.append(lambda: upkeep.append(start_upkeep(coach, slack, worker, settings.reminder_every_s, inbox,
                                                           outbox)))

        async def stop_slack() -> None:
            # The turns under way finish and send their replies; then the reminder round.
            await asyncio.to_thread(turns.shutdown, True)
            for u in upkeep:
                await asyncio.to_thread(u.stop)
        stopping.append(stop_slack)

    if "telegram" in wanted and settings.telegram_bot_token and settings.telegram_webhook_secret:
        from bot.telegram.adapter import build_application, stop
        from bot.telegram.webhook import accept, check_update

        tg_inbox, tg_outbox = build_inbox(coach, "telegram", settings), build_outbox(coach, "telegram", settings)
        metrics.counted(tg_inbox, metrics.REPLAYED)
        metrics.counted(tg_outbox, metrics.RESENT)
        ptb = build_application(coach, token=settings.telegram_bot_token.get_secret_value(),
                                base_url=settings.telegram_api_base_url, reminders_every=settings.reminder_every_s,
                                worker=worker, inbox=tg_inbox, on_done=done("telegram"), transcriber=transcriber,
                                private_only=settings.private_only, outbox=tg_outbox)
        tg_secret = settings.telegram_webhook_secret.get_secret_value()

        async def telegram(request: Request) -> Response:
            started = time.perf_counter()
            body = await request.body()
            status, reason, data, update = check_update(lambda name: request.headers.get(name, ""), body,
                                                        tg_secret, ptb.bot)
            if status == 200:
                await accept(ptb, tg_inbox, data, update)
            metrics.REQUESTS.labels("telegram", str(status)).inc()
            metrics.ACK_SECONDS.labels("telegram").observe(time.perf_counter() - started)
            return PlainTextResponse(reason, status_code=status)

        routes.append(Route("/telegram", telegram, methods=["POST"]))

        async def start_telegram() -> None:
            await ptb.initialize()
            if ptb.post_init:  # the command menu and the upkeep loop, as run_webhook would
                await ptb.post_init(ptb)
            await ptb.start()
            if settings.telegram_webhook_url:
                from telegram import Update

                await ptb.bot.set_webhook(url=settings.telegram_webhook_url, secret_token=tg_secret,
                                          allowed_updates=Update.ALL_TYPES)
        starting.append(start_telegram)
        stopping.append(lambda: stop(ptb))

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        for start in starting:
            result = start()
            if asyncio.iscoroutine(result):
                await result
        yield
        for halt in stopping:  # uvicorn stopped taking requests; let the work under way finish
            try:
                await asyncio.wait_for(halt(), STOP_S)
            except Exception:
                log.exception("stopping a channel failed")

    return Starlette(routes=routes, lifespan=lifespan)


async def _healthz(request: Request) -> Response:
    return PlainTextResponse("ok")


def _ready(coach):
    async def readyz(request: Request) -> Response:
        try:
            revision = await asyncio.to_thread(schema_revision, coach.engine)
        except Exception as exc:
            log.warning("readiness: the database did not answer (%s)", type(exc).__name__)
            return PlainTextResponse("database unavailable", status_code=503)
        if revision != SCHEMA_HEAD:
            return PlainTextResponse(f"schema {revision}, expected {SCHEMA_HEAD}", status_code=503)
        return PlainTextResponse("ready")
    return readyz


def _metrics(coach):
    def count() -> dict[str, int]:
        with new_session(coach.engine) as session:
            return repo.backlog(session=session, now=coach.clock())

    def totals() -> dict[str, Any]:
        with new_session(coach.engine) as session:
            return repo.totals(session=session)

    backlog = metrics.FromDatabase(count, totals)

    async def endpoint(request: Request) -> Response:
        body = await asyncio.to_thread(metrics.exposition, backlog)
        return Response(body, media_type="text/plain; version=0.0.4; charset=utf-8")
    return endpoint


def start_side_server(coach, host: str, port: int):
    """`--health-port` for Socket Mode and polling, which listen on no port of their own:
    /healthz, /readyz and /metrics on a small uvicorn server in a daemon thread."""
    import threading

    import uvicorn

    app = Starlette(routes=[Route("/healthz", _healthz), Route("/readyz", _ready(coach)),
                            Route("/metrics", _metrics(coach))])
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False))
    server.install_signal_handlers = lambda: None  # the bot owns the signals, not this thread
    thread = threading.Thread(target=server.run, name="health", daemon=True)
    thread.start()
    return server
