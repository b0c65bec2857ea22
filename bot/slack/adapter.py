"""The slack-bolt app: Slack events, /coach and button clicks in; coach replies out.

No coaching happens here. Bolt verifies signatures and ignores the app's own events; the
coach's processed-events table makes retried events a no-op. Listeners ack first, so slow
work (an LLM call) always happens after Slack's 3-second acknowledgement. Before that ack, a
middleware writes the request down in the inbox, so a process that dies after acknowledging
loses nothing: a later sweep replays it (dialogs/inbox.py).
"""

from __future__ import annotations

import logging
import re
import threading
from concurrent.futures import Executor
from typing import Any, Callable, Optional

from slack_bolt import App, BoltRequest
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.slack import render
from dialogs.coach import Coach
from dialogs.inbox import Inbox
from dialogs.messages import Incoming, Reply

log = logging.getLogger(__name__)
CHANNEL = "slack"
_MENTION = re.compile(r"<@[A-Z0-9]+>\s*")


def work_key(body: dict) -> Optional[str]:
    """The coach's event id for a request a listener below hands to the coach, else None.
    The inbox records exactly these before the ack, and the listeners use the same ids."""
    kind = body.get("type")
    if kind == "event_callback":
        event, event_id = body.get("event") or {}, body.get("event_id")
        if event.get("bot_id") or not isinstance(event_id, str) or not event_id:
            return None
        direct = event.get("type") == "message" and event.get("channel_type") == "im" and not event.get("subtype")
        return event_id if direct or event.get("type") == "app_mention" else None
    if body.get("command") == "/coach":
        return f"cmd:{body.get('trigger_id', '')}"
    if kind == "block_actions":
        action = (body.get("actions") or [{}])[0]
        if str(action.get("action_id", "")).startswith(render.ACTION_PREFIX):
            return f"act:{action.get('action_ts', '')}:{(body.get('user') or {}).get('id', '')}"
    return None


class Profiles:
    """Display name and locale per Slack user, fetched once per process (not conversation state)."""

    def __init__(self) -> None:
        self._known: dict[str, tuple[str, Optional[str]]] = {}

    def get(self, client: WebClient, team: str, user: str) -> tuple[str, Optional[str]]:
        key = f"{team}:{user}"
        if key not in self._known:
            try:
                info = client.users_info(user=user, include_locale=True)["user"]
                name = info.get("real_name") or info.get("profile", {}).get("real_name") or info.get("name") or user
                self._known[key] = (name, info.get("locale"))
            except Exception:
                log.warning("users.info failed for a Slack user; using the id as the name")
                return user, None
        return self._known[key]


def build_app(coach: Coach, *, token: str, signing_secret: str, base_url: Optional[str] = None,
              client: Optional[WebClient] = None, profiles: Optional[Profiles] = None,
              on_done: Optional[Callable[..., None]] = None, inbox: Optional[Inbox] = None,
              turns: Optional[Executor] = None) -> App:
    """``turns`` runs the listeners (bolt's own pool when None); the caller that owns it can
    let the turns under way finish before the process exits."""
    client = client or make_client(token, base_url)
    app = App(signing_secret=signing_secret, client=client,
              **({"listener_executor": turns} if turns is not None else {}))
    profiles = profiles or Profiles()

    if inbox is not None:
        @app.middleware
        def record_before_ack(body: dict, next: Callable) -> None:  # noqa: A002 (bolt's name)
            key = work_key(body)
            if key:
                # Slack's deprecated verification token rides in every body: never stored.
                inbox.record(key, {k: v for k, v in body.items() if k != "token"})
            next()

    def handle(msg: Incoming) -> list[Reply]:
        replies = coach.handle(msg)
        if inbox is not None and msg.event_id:
            inbox.done(msg.event_id)
        return replies

    def incoming(client_: WebClient, team: str, user: str, **kw: Any) -> Incoming:
        name, locale = profiles.get(client_, team, user)
        return Incoming(channel=CHANNEL, user_ref=f"{team}:{user}", display_name=name,
                        language_hint=locale, **kw)

    post = post_replies

    @app.event("message")
    def on_message(event: dict, body: dict, client: WebClient) -> None:
        # Direct messages only; edits, joins and bot posts carry a subtype or a bot_id.
        if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
            return
        thread = event.get("thread_ts", "")
        msg = incoming(client, body.get("team_id", ""), event["user"], text=event.get("text", ""),
                       event_id=work_key(body), space=event["channel"], thread=thread)
        post(client, event["channel"], thread, handle(msg))
        on_done and on_done("message", event["user"])

    @app.event("app_mention")
    def on_mention(event: dict, body: dict, client: WebClient) -> None:
        if event.get("bot_id"):
            return
        thread = event.get("thread_ts") or event["ts"]  # a thread is one conversation
        text = _MENTION.sub("", event.get("text", "")).strip() or "/help"
        msg = incoming(client, body.get("team_id", ""), event["user"], text=text,
                       event_id=work_key(body), space=event["channel"], thread=thread)
        post(client, event["channel"], thread, handle(msg))
        on_done and on_done("app_mention")

    @app.command("/coach")
    def on_command(ack: Callable, command: dict, respond: Callable, client: WebClient) -> None:
        ack()
        # The coach reads "/coach ARGS" itself, with the one command table every channel shares.
        text = f"/coach {command.get('text', '').strip()}".strip()
        msg = incoming(client, command.get("team_id", ""), command["user_id"], text=text,
                       event_id=work_key(command), space=command["channel_id"])
        replies = handle(msg)
        for reply in replies:
            for message in render.messages(reply):
                respond(response_type="ephemeral", **message)
        if any(r.files for r in replies):  # files can't be ephemeral: they go to a DM
            dm = client.conversations_open(users=command["user_id"])["channel"]["id"]
            for reply in replies:
                for attachment in reply.files:
                    client.files_upload_v2(channel=dm, content=attachment.data, filename=attachment.name,
                                           title=attachment.name)
        on_done and on_done("command")

    @app.action(re.compile(f"^{re.escape(render.ACTION_PREFIX)}"))
    def on_action(ack: Callable, body: dict, action: dict, client: WebClient, respond: Callable) -> None:
        ack()
        team = (body.get("team") or {}).get("id", "")
        user = body["user"]["id"]
        message = body.get("message") or {}
        container = body.get("container") or {}
        chosen = action.get("text", {}).get("text", "")
        # Update the clicked message first, so its buttons can't be pressed twice.
        if container.get("is_ephemeral"):
            respond(replace_original=True, text=message.get("text", " "),
                    blocks=render.without_buttons(message.get("blocks", []), chosen))
        elif container.get("type") == "message":
            client.chat_update(channel=container["channel_id"], ts=container["message_ts"],
                               text=message.get("text", " "),
                               blocks=render.without_buttons(message.get("blocks", []), chosen))
        if container.get("type") == "message":
            channel = container["channel_id"]
            thread = message.get("thread_ts", "")
        else:  # a button on the App Home: answer in the DM with the app
            channel = client.conversations_open(users=user)["channel"]["id"]
            thread = ""
        msg = incoming(client, team, user, button=str(action.get("value", "")),
                       event_id=work_key(body), space=channel, thread=thread)
        replies = handle(msg)
        if container.get("is_ephemeral"):
            for reply in replies:
                for m in render.messages(reply):
                    respond(response_type="ephemeral", **m)
        else:
            post(client, channel, thread, replies)
        on_done and on_done("action")

    @app.event("app_home_opened")
    def on_home(event: dict, body: dict, client: WebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        msg = incoming(client, body.get("team_id", ""), event["user"], space="home")
        blocks: list[dict] = []
        for reply in coach.home(msg):
            blocks += render.blocks(reply)
        client.views_publish(user_id=event["user"], view={"type": "home", "blocks": blocks[:100]})
        on_done and on_done("home")

    return app


def post_replies(client: WebClient, channel: str, thread: str, replies: list[Reply]) -> None:
    for reply in replies:
        for message in render.messages(reply):
            client.chat_postMessage(channel=channel, thread_ts=thread or None, **message)
        for attachment in reply.files:  # a chart, shown as a picture in the same place
            client.files_upload_v2(channel=channel, thread_ts=thread or None, content=attachment.data,
                                   filename=attachment.name, title=attachment.name)


def deliver_reminders(coach: Coach, client: WebClient, worker: str) -> int:
    """Send every reminder due for a Slack user, as a DM with Prep and Log buttons."""
    deliveries = coach.deliver_due(CHANNEL, worker)
    for delivery in deliveries:
        user = delivery.external_id.split(":", 1)[-1]
        channel = client.conversations_open(users=user)["channel"]["id"]
        post_replies(client, channel, "", delivery.replies)
    return len(deliveries)


def replay_stranded(app: App, inbox: Inbox) -> int:
    """Feed events that a dead process had acknowledged back through the app. They were
    verified when recorded, so they go in as Socket Mode requests (no HTTP signature)."""
    stranded = inbox.stranded()
    for event in stranded:
        try:  # one bad event must not hold back the others; its lease runs out, it is retried
            app.dispatch(BoltRequest(body=event.payload, mode="socket_mode"))
        except Exception:
            log.exception("could not replay a stranded Slack event (event=%s)", event.event_id)
    return len(stranded)


class Upkeep:
    """A daemon thread that, now and then every ``every_s``, replays stranded events and
    delivers due reminders."""

    def __init__(self, loop: Callable[[threading.Event], None]) -> None:
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=loop, args=(self._stopping,), name="slack-upkeep", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 20.0) -> None:
        """After the round under way, so the reminders it claimed are sent."""
        self._stopping.set()
        self._thread.join(timeout_s)


def start_upkeep(coach: Coach, app: App, worker: str, every_s: float = 30.0,
                 inbox: Optional[Inbox] = None) -> Upkeep:
    def loop(stopping: threading.Event) -> None:
        while True:
            try:
                if inbox is not None:
                    replay_stranded(app, inbox)
                deliver_reminders(coach, app.client, worker)
            except Exception:
                log.exception("upkeep failed; will retry")
            if stopping.wait(every_s):
                return

    return Upkeep(loop)


def make_client(token: str, base_url: Optional[str] = None) -> WebClient:
    kwargs = {"base_url": base_url.rstrip("/") + "/"} if base_url else {}
    client = WebClient(token=token, **kwargs)
    # 429s: wait what Slack says (Retry-After) and try again, a few times.
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=3))
    return client
