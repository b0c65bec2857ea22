"""The python-telegram-bot application: messages, commands and button presses in; coach
replies out. Conversation state lives in the coach's database, not in PTB's persistence.

The coach is synchronous (SQLAlchemy), so each turn runs in a worker thread, keeping the
event loop free. update_id is the event id, so a redelivered update is processed once. With
the webhook, each update is recorded in the inbox before Telegram gets its 200 and crossed off
after its handlers ran; the upkeep loop replays what a dead process left (dialogs/inbox.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import logging
import re
from typing import Callable, Optional

from telegram import BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import (AIORateLimiter, Application, ApplicationBuilder, CallbackQueryHandler,
                          ContextTypes, MessageHandler, TypeHandler, filters)

from bot.menu import menu
from bot.telegram import render
from bot.telegram.webhook import WebhookServer, serve, work_key
from bot.transcribe import Transcriber
from dialogs.coach import Coach
from dialogs.inbox import Inbox
from dialogs.messages import Incoming, Reply
from dialogs.outbox import Outbox
from prompts import Renderer

log = logging.getLogger(__name__)
CHANNEL = "telegram"
UPKEEP_STOP_S = 20.0  # at stop, how long a round under way may take to finish its sends
STARTING_POLL_S = 0.05  # how often the upkeep loop looks whether the application runs yet
SLOW_TEXT = 200  # a text this long may be a note for the LLM: show "typing..." meanwhile
PRIVATE = "private"
# What the coach reads: text, captions, and media it answers (a voice note, or one polite line).
CONTENT = (filters.TEXT | filters.CAPTION | filters.VOICE | filters.AUDIO | filters.VIDEO | filters.VIDEO_NOTE
           | filters.LOCATION | filters.CONTACT | filters.Sticker.ALL | filters.PHOTO | filters.Document.ALL)
MAX_VOICE_BYTES = 20 * 1024 * 1024  # the Bot API's own download limit
# Telegram takes two-letter language codes for command menus; Chinese gets Traditional.
MENU_LANGUAGES = {None: "en", "zh": "zh-Hant"}


async def register_commands(app: Application) -> None:
    renderer = Renderer()
    for code, lang in MENU_LANGUAGES.items():
        await app.bot.set_my_commands([BotCommand(c, d) for c, d in menu(renderer, lang)], language_code=code)


async def send_replies(bot, chat_id: int, replies: list[Reply], thread: Optional[int] = None) -> None:
    for reply in replies:
        for text, markup in render.messages(reply):
            await bot.send_message(chat_id, text, parse_mode=ParseMode.HTML, reply_markup=markup,
                                   message_thread_id=thread)
        for attachment in reply.files:  # a chart, as a photo
            await bot.send_photo(chat_id, photo=attachment.content(), filename=attachment.name,
                                 message_thread_id=thread)


async def deliver(bot, coach: Coach, target: dict, replies: list[Reply]) -> None:
    """Send replies where ``target`` says, first time or resent from the outbox; raises when
    Telegram doesn't take them (the outbox keeps them for the next sweep)."""
    kind = target.get("kind")
    if kind == "chat":
        await send_replies(bot, target["chat_id"], replies, target.get("thread"))
    elif kind == "private":  # asked in a group: the answer in private, a pointer in the group
        msg = Incoming(channel=CHANNEL, user_ref=str(target["user_id"]))
        await _answer_privately(bot, coach, msg, target["user_id"], target["chat_id"], target.get("thread"), replies)
    elif kind == "dm":  # a reminder: the user's private chat, whose id is their user id
        await send_replies(bot, int(target["user"]), replies)
    else:
        raise ValueError(f"unknown Telegram target {kind!r}")


async def deliver_reminders(app: Application, coach: Coach, worker: str, outbox: Optional[Outbox] = None) -> int:
    """Send every reminder due for a Telegram user. Each was queued in the outbox as it was
    claimed: a failed send is retried by the outbox sweep."""
    deliveries = await asyncio.to_thread(coach.deliver_due, CHANNEL, worker)
    for delivery in deliveries:
        try:
            await deliver(app.bot, coach, {"kind": "dm", "user": delivery.external_id}, delivery.replies)
        except TelegramError as exc:
            log.warning("a reminder could not be sent; the outbox will retry: %s", type(exc).__name__)
            continue
        if outbox is not None:
            await asyncio.to_thread(outbox.sent, delivery.outbox_id)
    return len(deliveries)


async def resend_stranded(app: Application, coach: Coach, outbox: Outbox) -> int:
    """Replies a dead or failed sender left behind, sent again."""
    done = 0
    for pending in await asyncio.to_thread(outbox.stranded):
        try:
            await deliver(app.bot, coach, pending.target, pending.replies)
        except TelegramError as exc:
            log.warning("resending replies failed; will retry: %s", type(exc).__name__)
            continue
        await asyncio.to_thread(outbox.sent, pending.outbox_id)
        done += 1
    return done


def build_application(coach: Coach, *, token: str, base_url: Optional[str] = None,
                      rate_limit: bool = True, on_done: Optional[Callable[[str], None]] = None,
                      reminders_every: Optional[float] = None, worker: str = "telegram",
                      inbox: Optional[Inbox] = None, transcriber: Optional[Transcriber] = None,
                      private_only: bool = False, outbox: Optional[Outbox] = None) -> Application:
    """``private_only``: in groups, only a pointer to a private chat. ``transcriber``: voice
    notes become typed notes (bot/transcribe.py); without one they get a polite reply."""
    upkeep: list[tuple[asyncio.Task, asyncio.Event]] = []

    async def post_init(app: Application) -> None:
        await register_commands(app)
        if reminders_every:
            # A plain task, not app.create_task: PTB neither awaits nor cancels tasks created
            # before the application runs, and one left pending is destroyed noisily at exit.
            stopping = asyncio.Event()
            task = asyncio.create_task(_upkeep_loop(app, coach, worker, reminders_every, inbox, stopping, outbox))
            upkeep.append((task, stopping))

    async def post_stop(app: Application) -> None:
        while upkeep:
            task, stopping = upkeep.pop()
            stopping.set()  # a round under way finishes: its claimed reminders are sent
            try:
                await asyncio.wait_for(task, UPKEEP_STOP_S)
            except asyncio.TimeoutError:
                log.warning("the upkeep round did not finish in %s s; stopped it", UPKEEP_STOP_S)

    builder = ApplicationBuilder().token(token).post_init(post_init).post_stop(post_stop)
    if base_url:
        builder = builder.base_url(base_url).base_file_url(base_url.replace("/bot", "/file/bot", 1))
    if rate_limit:
        # Spaces out sends and, on a 429, waits the retry_after Telegram asks for.
        builder = builder.rate_limiter(AIORateLimiter(max_retries=3))
    app = builder.build()

    async def send(target: dict, replies: list[Reply], box: Optional[int]) -> None:
        await deliver(app.bot, coach, target, replies)
        if outbox is not None:
            await asyncio.to_thread(outbox.sent, box)  # accepted: no resend

    def incoming(update: Update, **kw) -> Incoming:
        user, chat = update.effective_user, update.effective_chat
        # A callback on an old inline message comes without the message, hence without a chat:
        # the user's private chat (same id as the user) is where the conversation lives.
        kw.setdefault("space", str(chat.id if chat else user.id))
        return Incoming(channel=CHANNEL, user_ref=str(user.id), event_id=work_key(update.update_id),
                        display_name=user.full_name, language_hint=user.language_code, **kw)

    async def settle(update: Update) -> None:
        """The update needs no replay any more: handled by the coach, or nothing to handle."""
        if inbox is not None:
            await asyncio.to_thread(inbox.done, work_key(update.update_id))

    async def turn(update: Update, msg: Incoming, target: dict) -> tuple[list[Reply], Optional[int]]:
        """The turn, its replies written to the outbox with where they go (committed with it)."""
        if outbox is not None:
            turned = await asyncio.to_thread(coach.turn, msg, target)
            replies, box = turned.replies, turned.outbox_id
        else:
            replies, box = await asyncio.to_thread(coach.handle, msg), None
        await settle(update)
        return replies, box

    async def on_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message, user = update.effective_message, update.effective_user
        if message is None or user is None or user.is_bot:
            return await settle(update)
        chat = message.chat
        shared = chat.type != PRIVATE
        if shared and not _addressed(message, context.bot.username):
            return await settle(update)  # group chatter, not for the coach
        thread = message.message_thread_id if message.is_topic_message else None
        if shared and private_only:
            await _pointer(context.bot, coach, incoming(update), chat.id, thread, "private_only")
            return await settle(update)
        text = _strip_mention(message.text or message.caption or "", context.bot.username)
        media, heard = _media(message), None
        if media in ("voice", "audio") and transcriber is not None:
            text, media = await _transcribe(message, transcriber)
            heard = text or None
        if len(text) >= SLOW_TEXT and not shared:
            try:
                await context.bot.send_chat_action(message.chat_id, ChatAction.TYPING)
            except TelegramError as exc:  # a nicety: never a reason to drop the note
                log.info("could not show typing: %s", type(exc).__name__)
        # In a group the conversation is the rep's private one: that's where the answers go.
        msg = incoming(update, text=text, space=str(user.id) if shared else str(chat.id),
                       thread="" if shared else str(thread or ""), edited=update.edited_message is not None,
                       forwarded=message.forward_origin is not None, media=media if not text else "",
                       file_ref=_file_ref(message) if text else "")
        target = ({"kind": "private", "user_id": user.id, "chat_id": chat.id, "thread": thread} if shared
                  else {"kind": "chat", "chat_id": chat.id, "thread": thread})
        replies, box = await turn(update, msg, target)
        if heard:
            replies = [Reply(coach.notice(msg, "heard", text=heard[:300]))] + replies
        await send(target, replies, box)
        on_done and on_done("message")

    async def on_callback(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        message = query.message
        if message is not None and message.chat.type != PRIVATE:
            # The coach posts no buttons in groups: a press there is stale or forged, and
            # never someone else's turn in the rep's conversation.
            with contextlib.suppress(TelegramError):
                await query.answer(coach.notice(incoming(update), "not_your_buttons"))
            return await settle(update)
        try:
            await query.answer()  # always: otherwise the button spins on the phone
        except TelegramError as exc:  # e.g. "query is too old" when a press is replayed
            log.info("could not answer the button press: %s", type(exc).__name__)
        if query.from_user is None or query.from_user.is_bot:
            return await settle(update)
        label = next((b.text for row in (message.reply_markup.inline_keyboard if message and message.reply_markup else [])
                      for b in row if b.callback_data == query.data), "")
        if message is not None and getattr(message, "text", None):
            # Drop the keyboard from the pressed message, so old buttons can't be pressed twice.
            try:
                await query.edit_message_text(f"{message.text_html}\n\n✓ {html.escape(label)}",
                                              parse_mode=ParseMode.HTML, reply_markup=None)
            except BadRequest as exc:
                log.info("could not edit the pressed message: %s", exc.message)
        chat_id = message.chat.id if message is not None else query.from_user.id
        thread = message.message_thread_id if message is not None and getattr(message, "is_topic_message", False) else None
        target = {"kind": "chat", "chat_id": chat_id, "thread": thread}  # in the topic it came from
        await send(target, *await turn(update, incoming(update, button=query.data or ""), target))
        on_done and on_done("callback")

    taking = (CallbackQueryHandler(on_callback),
              MessageHandler((filters.UpdateType.MESSAGE | filters.UpdateType.EDITED_MESSAGE) & CONTENT, on_message))

    async def settle_untaken(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        # The handlers above settle what they take, only once the coach has had its turn (a
        # failure before that leaves it for a replay); everything else is settled here.
        if not any(handler.check_update(update) for handler in taking):
            await settle(update)

    for handler in taking:
        app.add_handler(handler)
    if inbox is not None:
        app.add_handler(TypeHandler(Update, settle_untaken), group=1)
    return app


def _addressed(message: Message, username: Optional[str]) -> bool:
    """In a group: a command, a mention of the bot, or a reply to one of its messages."""
    text = message.text or message.caption or ""
    replied = message.reply_to_message
    command = re.match(r"/\w+(?:@(\w+))?", text)
    if command:  # "/review@OtherBot" is another bot's
        return command.group(1) is None or command.group(1).lower() == (username or "").lower()
    return (bool(username and f"@{username}".lower() in text.lower())
            or bool(replied and replied.from_user and replied.from_user.is_bot and replied.from_user.username == username))


def _strip_mention(text: str, username: Optional[str]) -> str:
    """ "@DealCoachBot my deals" -> "my deals" ("/deal@DealCoachBot" is the coach's to read)."""
    if not username or text.startswith("/"):
        return text
    return re.sub(rf"@{re.escape(username)}\b", " ", text, flags=re.IGNORECASE).strip()


def _media(message: Message) -> str:
    """The kind of media a message carries, "" for plain text."""
    for kind in ("voice", "audio", "video", "video_note", "location", "contact", "sticker", "photo"):
        if getattr(message, kind, None):
            return kind
    return "file" if message.document else ""


def _file_ref(message: Message) -> str:
    """The platform id of a photo (its largest size) or document, to keep on the deal."""
    if message.photo:
        return f"telegram:photo:{message.photo[-1].file_id}"
    if message.document:
        return f"telegram:document:{message.document.file_id}"
    return ""


async def _transcribe(message: Message, transcriber: Transcriber) -> tuple[str, str]:
    """(the words, "") or ("", "voice_failed"): never the audio or the words in the logs."""
    media = message.voice or message.audio
    try:
        if media.file_size and media.file_size > MAX_VOICE_BYTES:
            raise ValueError("voice note too large")
        data = bytes(await (await media.get_file()).download_as_bytearray())
        text = await asyncio.to_thread(transcriber.transcribe, data, media.mime_type or "audio/ogg")
    except Exception as exc:
        log.warning("transcription failed: %s", type(exc).__name__)
        return "", "voice_failed"
    return (text.strip(), "") if text and text.strip() else ("", "voice_failed")


async def _pointer(bot, coach: Coach, msg: Incoming, chat_id: int, thread: Optional[int], key: str) -> None:
    """A neutral line in the group, with a link to a private chat: no deal content."""
    link = InlineKeyboardMarkup([[InlineKeyboardButton(coach.notice(msg, "open_chat_label"),
                                                       url=f"https://t.me/{bot.username}?start=group")]])
    try:
        await bot.send_message(chat_id, html.escape(coach.notice(msg, key)), parse_mode=ParseMode.HTML,
                               reply_markup=link if key != "answered_privately" else None,
                               message_thread_id=thread)
    except TelegramError as exc:
        log.info("could not post in the group: %s", type(exc).__name__)


async def _answer_privately(bot, coach: Coach, msg: Incoming, user_id: int, chat_id: int,
                            thread: Optional[int], replies: list[Reply]) -> None:
    """Deal content goes to the rep's private chat; the group sees only a pointer. A rep who
    never opened a private chat with the bot gets a link to open one (Telegram forbids the
    bot to write first)."""
    try:
        await send_replies(bot, user_id, replies)
    except Forbidden:
        await _pointer(bot, coach, msg, chat_id, thread, "open_private")
        return
    await _pointer(bot, coach, msg, chat_id, thread, "answered_privately")


async def replay_stranded(app: Application, inbox: Inbox) -> int:
    """Queue again the updates a dead process had answered 200 to but not handled."""
    stranded = await asyncio.to_thread(inbox.stranded)
    for event in stranded:
        try:  # one bad update must not hold back the others; its lease runs out, it is retried
            await app.update_queue.put(Update.de_json(event.payload, app.bot))
        except Exception:
            log.exception("could not replay a stranded Telegram update (event=%s)", event.event_id)
    return len(stranded)


async def _upkeep_loop(app: Application, coach: Coach, worker: str, every_s: float,
                       inbox: Optional[Inbox], stopping: asyncio.Event, outbox: Optional[Outbox] = None) -> None:
    """Replays and reminders, every ``every_s`` while the application runs. Before it runs and
    once it stops, a replayed update would sit in a queue nobody reads, its attempt wasted."""
    while not stopping.is_set():
        if app.running:
            try:
                if inbox is not None:
                    await replay_stranded(app, inbox)
                if outbox is not None:
                    await resend_stranded(app, coach, outbox)
                await deliver_reminders(app, coach, worker, outbox)
            except Exception:
                log.exception("upkeep failed; will retry")
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(stopping.wait(), every_s if app.running else STARTING_POLL_S)


async def start_webhook(app: Application, *, listen: str, port: int, webhook_url: str,
                        secret: str, inbox: Optional[Inbox] = None) -> WebhookServer:
    """Start the application and the guarded webhook server (bot/telegram/webhook.py), and
    register the webhook with Telegram with its secret token. Port 0 picks a free port."""
    await app.initialize()
    if app.post_init:  # what PTB's run_webhook would do: the command menu, the upkeep loop
        await app.post_init(app)
    await app.start()
    server = serve(app, listen=listen, port=port, secret=secret, inbox=inbox)
    await app.bot.set_webhook(url=webhook_url, secret_token=secret, allowed_updates=Update.ALL_TYPES)
    return server


async def stop(app: Application, server: Optional[WebhookServer] = None) -> None:
    if server is not None:
        await server.stop()
    if app.updater and app.updater.running:
        await app.updater.stop()
    if app.running:
        await app.stop()
        if app.post_stop:  # what PTB's run_webhook would do
            await app.post_stop(app)
    await app.shutdown()
