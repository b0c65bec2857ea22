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
from dialogs.outbox import Outbox

log = logging.getLogger(__name__)
CHANNEL = "slack"
_MENTION = re.compile(r"<@[A-Z0-9]+>\s*")
# Direct-message subtypes the coach answers: an edit (said, never filed twice), a file shared
# with a comment (the comment is the note) or a voice clip.
HANDLED_SUBTYPES = ("message_changed", "file_share")
MAX_AUDIO_BYTES = 25 * 1024 * 1024


def work_key(body: dict) -> Optional[str]:
    """The coach's event id for a request a listener below hands to the coach, else None.
    The inbox records exactly these before the ack, and the listeners use the same ids."""
    kind = body.get("type")
    if kind == "event_callback":
        event, event_id = body.get("event") or {}, body.get("event_id")
        if event.get("bot_id") or not isinstance(event_id, str) or not event_id:
            return None
        direct = event.get("type") == "message" and event.get("channel_type") == "im" \
            and event.get("subtype") in (None, *HANDLED_SUBTYPES)
        return event_id if direct or event.get("type") == "app_mention" else None
    if body.get("command") == "/coach":
        return f"cmd:{body.get('trigger_id', '')}"
    if kind == "block_actions":
        action = (body.get("actions") or [{}])[0]
        if str(action.get("action_id", "")).startswith(render.ACTION_PREFIX):
            return f"act:{action.get('action_ts', '')}:{(body.get('user') or {}).get('id', '')}"
    return None


def user_ref(team: str, user: str, enterprise: Optional[str]) -> str:
    """One user across an Enterprise Grid org (its user ids are org-wide); per workspace else."""
    return f"{enterprise}:{user}" if enterprise else f"{team}:{user}"


def foreign(body: dict, user_team: Optional[str]) -> bool:
    """A user from another organisation, in a Slack Connect channel: their home team is neither
    the workspace that installed the app nor, on Grid, reachable through its org."""
    home = body.get("team_id") or (body.get("team") or {}).get("id")
    enterprise = body.get("enterprise_id") or (body.get("enterprise") or {}).get("id")
    if not user_team or user_team in (home, enterprise):
        return False
    # On Grid, Slack sends another workspace of the same org only through an org-wide install.
    return not (enterprise and body.get("is_enterprise_install"))


class InOrder:
    """One lock per user: a turn and the delivery of its replies finish before that user's next
    turn starts, so a rep who types two lines quickly reads the answers in the order they asked
    (bolt runs listeners on a pool, and the coach's write lock covers the turn, not the post)."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}

    def __call__(self, user: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(user, threading.Lock())


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
              turns: Optional[Executor] = None, transcriber=None, private_only: bool = False,
              outbox: Optional[Outbox] = None) -> App:
    """``turns`` runs the listeners (bolt's own pool when None); the caller that owns it can
    let the turns under way finish before the process exits. ``transcriber``: voice clips
    become typed notes (bot/transcribe.py). ``private_only``: in channels, only a pointer to
    the DM with the app. ``outbox``: replies are kept until Slack accepts them
    (dialogs/outbox.py)."""
    client = client or make_client(token, base_url)
    app = App(signing_secret=signing_secret, client=client,
              **({"listener_executor": turns} if turns is not None else {}))
    profiles = profiles or Profiles()
    in_order = InOrder()

    if inbox is not None:
        @app.middleware
        def record_before_ack(body: dict, next: Callable) -> None:  # noqa: A002 (bolt's name)
            key = work_key(body)
            if key:
                # Slack's deprecated verification token rides in every body: never stored.
                inbox.record(key, {k: v for k, v in body.items() if k != "token"})
            next()

    def handle(msg: Incoming, target: dict[str, Any]) -> tuple[list[Reply], Optional[int]]:
        """The turn, its replies written to the outbox with where they go (committed with it)."""
        settles = msg.event_id if inbox is not None else None
        if outbox is not None:  # the inbox entry is dropped in the turn's own transaction
            turned = coach.turn(msg, target, settles=settles)
            replies, box = turned.replies, turned.outbox_id
            if settles and not turned.settled:  # the turn failed and said so: no replay
                inbox.done(settles)
            return replies, box
        replies = coach.handle(msg)  # a coach without a database (the benchmarks' echo floor)
        if settles:
            inbox.done(settles)
        return replies, None

    def settle(body: dict) -> None:
        """An event answered without a turn (refused, or nothing to do): no replay needed."""
        key = work_key(body)
        if inbox is not None and key:
            inbox.done(key)

    def send(client_: WebClient, target: dict[str, Any], replies: list[Reply], box: Optional[int]) -> None:
        deliver(client_, target, replies)
        if outbox is not None:
            outbox.sent(box)  # accepted: no resend

    def incoming(client_: WebClient, body: dict, user: str, **kw: Any) -> Incoming:
        team = body.get("team_id") or (body.get("team") or {}).get("id") or ""
        enterprise = body.get("enterprise_id") or (body.get("enterprise") or {}).get("id")
        name, locale = profiles.get(client_, team, user)
        return Incoming(channel=CHANNEL, user_ref=user_ref(team, user, enterprise), display_name=name,
                        language_hint=locale, **kw)

    def refuse_outsider(client_: WebClient, body: dict, channel: str, user: str, thread: str = "") -> None:
        """Politely, to them alone; they are never registered."""
        log.info("a user from another organisation was refused (channel=slack)")
        text = coach.notice(Incoming(channel=CHANNEL, user_ref=f"outsider:{user}"), "outside_org")
        client_.chat_postEphemeral(channel=channel, user=user, text=text, thread_ts=thread or None)
        settle(body)
        on_done and on_done("refused")

    @app.event("message")
    def on_message(event: dict, body: dict, client: WebClient) -> None:
        # Direct messages only; joins and bot posts carry another subtype or a bot_id.
        subtype = event.get("subtype")
        if event.get("channel_type") != "im" or subtype not in (None, *HANDLED_SUBTYPES) or event.get("bot_id"):
            return
        inner = (event.get("message") or {}) if subtype == "message_changed" else event
        user = inner.get("user") or event.get("user")
        if not user or inner.get("bot_id") or (subtype == "message_changed" and not _edited_by_user(event)):
            settle(body)  # our own message updated (a pressed button): nothing to say
            return
        if foreign(body, inner.get("user_team") or event.get("user_team")):
            return refuse_outsider(client, body, event["channel"], user)
        text, media, heard = inner.get("text", ""), "", None
        if subtype == "file_share" and not text.strip():
            text, media = _file_without_comment(event, client, transcriber)
            heard = text or None
        # A DM is one conversation: a reply in a thread answers the open question there.
        thread = inner.get("thread_ts") or event.get("thread_ts") or ""
        files = [f.get("id") for f in event.get("files") or [] if f.get("id")] if subtype == "file_share" else []
        msg = incoming(client, body, user, text=text, event_id=work_key(body), space=event["channel"],
                       edited=subtype == "message_changed", media=media,
                       file_ref=f"slack:file:{files[0]}" if files and text and not heard else "")
        target = {"kind": "post", "channel": event["channel"], "thread": thread}
        with in_order(msg.user_ref):
            replies, box = handle(msg, target)
            if heard:
                replies = [Reply(coach.notice(msg, "heard", text=heard[:300]))] + replies
            send(client, target, replies, box)
        on_done and on_done("message", user)

    @app.event("app_mention")
    def on_mention(event: dict, body: dict, client: WebClient) -> None:
        if event.get("bot_id"):
            return
        thread = event.get("thread_ts") or event["ts"]  # a thread is one conversation
        if foreign(body, event.get("user_team")):
            return refuse_outsider(client, body, event["channel"], event["user"], thread)
        text = _MENTION.sub("", event.get("text", "")).strip() or "/help"
        if private_only and not event["channel"].startswith("D"):
            notice = coach.notice(Incoming(channel=CHANNEL, user_ref=event["user"]), "private_only_slack")
            client.chat_postEphemeral(channel=event["channel"], user=event["user"], text=notice, thread_ts=thread)
            settle(body)
            return
        msg = incoming(client, body, event["user"], text=text,
                       event_id=work_key(body), space=event["channel"], thread=thread)
        # In a channel or a group DM others read it: only the rep sees the answer.
        target = ({"kind": "post", "channel": event["channel"], "thread": thread} if event["channel"].startswith("D")
                  else {"kind": "private", "channel": event["channel"], "user": event["user"], "thread": thread})
        with in_order(msg.user_ref):
            send(client, target, *handle(msg, target))
        on_done and on_done("app_mention")

    @app.command("/coach")
    def on_command(ack: Callable, command: dict, respond: Callable, client: WebClient) -> None:
        ack()
        if foreign(command, command.get("user_team")):
            respond(response_type="ephemeral", text=coach.notice(
                Incoming(channel=CHANNEL, user_ref="outsider"), "outside_org"))
            settle(command)
            return
        # The coach reads "/coach ARGS" itself, with the one command table every channel shares.
        text = f"/coach {command.get('text', '').strip()}".strip()
        msg = incoming(client, command, command["user_id"], text=text,
                       event_id=work_key(command), space=command["channel_id"])
        target = {"kind": "respond", "url": command.get("response_url", ""), "user": command["user_id"]}
        with in_order(msg.user_ref):
            send(client, target, *handle(msg, target))
        on_done and on_done("command")

    @app.action(re.compile(f"^{re.escape(render.ACTION_PREFIX)}"))
    def on_action(ack: Callable, body: dict, action: dict, client: WebClient, respond: Callable) -> None:
        ack()
        user = body["user"]["id"]
        message = body.get("message") or {}
        container = body.get("container") or {}
        chosen = action.get("text", {}).get("text", "")
        channel_id = (body.get("channel") or {}).get("id")
        where = container.get("channel_id")
        shared = where is not None and not str(where).startswith("D")
        if container.get("type") == "message" and (where != channel_id or (shared and not container.get("is_ephemeral"))):
            # A container that disagrees with the channel is forged; a button on a message
            # everyone in a channel sees isn't this user's to press.
            log.info("a button press was refused (container does not belong to the user)")
            respond(response_type="ephemeral", replace_original=False,
                    text=coach.notice(Incoming(channel=CHANNEL, user_ref=user), "not_your_buttons"))
            settle(body)
            on_done and on_done("action")
            return
        if foreign(body, (body.get("user") or {}).get("team_id")):
            respond(response_type="ephemeral", text=coach.notice(Incoming(channel=CHANNEL, user_ref="outsider"),
                                                                 "outside_org"))
            settle(body)
            on_done and on_done("action")
            return
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
        msg = incoming(client, body, user, button=str(action.get("value", "")),
                       event_id=work_key(body), space=channel, thread=thread)
        target = ({"kind": "respond", "url": body.get("response_url", ""), "user": user}
                  if container.get("is_ephemeral") else {"kind": "post", "channel": channel, "thread": thread})
        with in_order(msg.user_ref):
            send(client, target, *handle(msg, target))
        on_done and on_done("action")

    @app.event("app_home_opened")
    def on_home(event: dict, body: dict, client: WebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        msg = incoming(client, body, event["user"], space="home")
        blocks: list[dict] = []
        for reply in coach.home(msg):
            blocks += render.blocks(reply)
        client.views_publish(user_id=event["user"], view={"type": "home", "blocks": blocks[:100]})
        on_done and on_done("home")

    return app


def _edited_by_user(event: dict) -> bool:
    """A rep's own edit of their text (not a link unfurl, not the app updating its message)."""
    new, old = event.get("message") or {}, event.get("previous_message") or {}
    return bool(new.get("user")) and not new.get("bot_id") and new.get("text") != old.get("text")


def _file_without_comment(event: dict, client: WebClient, transcriber) -> tuple[str, str]:
    """A voice clip shared with no comment: its words when a transcriber listens, else
    ("", media kind) for the polite line. The file stays in Slack: only its words are kept."""
    files = event.get("files") or [{}]
    audio = next((f for f in files if str(f.get("mimetype", "")).startswith("audio/")
                  or f.get("subtype") == "slack_audio"), None)
    if audio is None:
        return "", "file"
    if transcriber is None:
        return "", "voice"
    try:
        if int(audio.get("size") or 0) > MAX_AUDIO_BYTES:
            raise ValueError("voice clip too large")
        url = audio.get("url_private_download") or audio.get("url_private")
        data = _download(url, client.token)
        text = transcriber.transcribe(data, audio.get("mimetype") or "audio/webm").strip()
    except Exception as exc:
        log.warning("transcription failed: %s", type(exc).__name__)
        return "", "voice_failed"
    return (text, "") if text else ("", "voice_failed")


def _download(url: str, token: str) -> bytes:
    """A file's bytes, with the bot token (Slack's private file URLs require it)."""
    import urllib.request

    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read(MAX_AUDIO_BYTES + 1)


def deliver(client: WebClient, target: dict[str, Any], replies: list[Reply]) -> None:
    """Send replies where ``target`` says (the same whether first sent or resent from the
    outbox); raises when Slack doesn't accept them, so the outbox keeps them."""
    kind = target.get("kind")
    if kind == "post":
        post_replies(client, target["channel"], target.get("thread", ""), replies)
    elif kind == "private":
        post_privately(client, target["channel"], target["user"], target.get("thread", ""), replies)
    elif kind == "respond":  # a slash command's or an ephemeral message's response_url
        from slack_sdk.webhook import WebhookClient

        hook = WebhookClient(target["url"])
        for reply in replies:
            for message in render.messages(reply):
                response = hook.send(response_type="ephemeral", **message)
                if response.status_code != 200:
                    raise RuntimeError(f"response_url answered {response.status_code}")
        _files_to_dm(client, target["user"], replies)
    elif kind == "dm":  # a reminder: the user's DM with the app
        user = target["user"].split(":")[-1]
        channel = client.conversations_open(users=user)["channel"]["id"]
        post_replies(client, channel, "", replies)
    else:
        raise ValueError(f"unknown Slack target {kind!r}")


def _files_to_dm(client: WebClient, user: str, replies: list[Reply]) -> None:
    """Files (a chart) can't be ephemeral: they go to the user's DM with the app."""
    files = [a for r in replies for a in r.files]
    if files:
        dm = client.conversations_open(users=user)["channel"]["id"]
        for attachment in files:
            client.files_upload_v2(channel=dm, content=attachment.content(), filename=attachment.name, title=attachment.name)


def post_privately(client: WebClient, channel: str, user: str, thread: str, replies: list[Reply]) -> None:
    """In a channel others read: ephemeral messages only the user sees; files (a chart) can't
    be ephemeral, so they go to the user's DM with the app."""
    for reply in replies:
        for message in render.messages(reply):
            client.chat_postEphemeral(channel=channel, user=user, thread_ts=thread or None, **message)
    _files_to_dm(client, user, replies)


def post_replies(client: WebClient, channel: str, thread: str, replies: list[Reply]) -> None:
    for reply in replies:
        for message in render.messages(reply):
            client.chat_postMessage(channel=channel, thread_ts=thread or None, **message)
        for attachment in reply.files:  # a chart, shown as a picture in the same place
            client.files_upload_v2(channel=channel, thread_ts=thread or None, content=attachment.content(),
                                   filename=attachment.name, title=attachment.name)


def deliver_reminders(coach: Coach, client: WebClient, worker: str, outbox: Optional[Outbox] = None) -> int:
    """Send every reminder due for a Slack user, as a DM with Prep and Log buttons. Each was
    queued in the outbox as it was claimed: a failed send is retried by the outbox sweep."""
    deliveries = coach.deliver_due(CHANNEL, worker)
    for delivery in deliveries:
        try:
            deliver(client, {"kind": "dm", "user": delivery.external_id}, delivery.replies)
        except Exception as exc:
            log.warning("a reminder could not be sent; the outbox will retry: %s", type(exc).__name__)
            continue
        if outbox is not None:
            outbox.sent(delivery.outbox_id)
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
                 inbox: Optional[Inbox] = None, outbox: Optional[Outbox] = None) -> Upkeep:
    def loop(stopping: threading.Event) -> None:
        while True:
            try:
                if inbox is not None:
                    replay_stranded(app, inbox)
                if outbox is not None:  # replies a dead or failed sender left behind
                    outbox.resend(lambda target, replies: deliver(app.client, target, replies))
                deliver_reminders(coach, app.client, worker, outbox)
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
