"""The `dealcoach` command line."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path
from typing import Optional, Sequence

from bot.settings import Settings, SettingsError, load_settings

# Each command imports what it needs when it runs: a start pays only for its own path
# (`--help` and `extract` never load the database layer, the chat SDKs or the LLM stack).

SERVE_GRACE_S = 30.0  # at SIGTERM, how long the requests under way may take
SLACK_TURN_WORKERS = 10  # bolt's own default pool size
# `extract`'s "kind" (CONTRACTS.md) names what the text would be taken for with no question
# open: a note, a question, chit-chat or a command. A control is a command there; "don't know"
# and an empty text file nothing, like chit-chat; a correction files a note.
EXTRACT_KINDS = {"control": "command", "unknown": "chitchat", "empty": "chitchat", "correction": "note",
                 "answer": "note"}
# The optional parts of an install (pyproject's extras), by the module a path fails to import.
EXTRAS = {"slack_bolt": "slack", "slack_sdk": "slack", "telegram": "telegram", "psycopg": "postgres",
          "starlette": "serve", "uvicorn": "serve", "a2wsgi": "serve", "prometheus_client": "serve",
          "langchain": "llm", "langchain_core": "llm"}


def _default_user() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "me"


def _chat(args: argparse.Namespace, settings: Settings) -> int:
    from bot import console
    from bot.wiring import build_coach
    from dialogs.domain.language import normalize_language

    coach = build_coach(settings)
    if args.lang:
        lang = normalize_language(args.lang)
        if lang is None:
            print(f"dealcoach: unknown language {args.lang!r}; use en, zh-Hant or zh-Hans",
                  file=sys.stderr)
            return 2
        coach.set_language(console.incoming(args.user), lang)
    charts = settings.dealcoach_data_dir.expanduser() / "charts"
    if args.jsonl:
        console.run_jsonl(coach, args.user, sys.stdin, sys.stdout, files=charts)
    else:
        from bot import terminal

        terminal.run_interactive(coach, args.user, files=charts)
    return 0


def _export(args: argparse.Namespace, settings: Settings) -> int:
    from storage.db import new_session, open_database
    from storage.export import export_csv, export_data

    engine = open_database(settings.db_url)
    with new_session(engine) as session:
        data = export_data(session=session)
    text = export_csv(data) if args.format == "csv" else json.dumps(data, ensure_ascii=False,
                                                                      indent=2) + "\n"
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def _extract(args: argparse.Namespace, settings: Settings) -> int:
    from datetime import date

    from bot.reader import build_reader
    from dialogs.domain.language import normalize_language
    from dialogs.understanding import Context, Understander

    reader = build_reader(settings)
    try:
        today = date.fromisoformat(args.today) if args.today else date.today()
    except ValueError:
        print(f"dealcoach: --today wants YYYY-MM-DD, not {args.today!r}", file=sys.stderr)
        return 2
    lang = normalize_language(args.lang) if args.lang else None
    if args.lang and lang is None:
        print(f"dealcoach: unknown language {args.lang!r}; use en, zh-Hant or zh-Hans", file=sys.stderr)
        return 2

    understander = Understander()

    def emit(note: str) -> None:
        reading = reader.read(note, today=today, language=lang)
        kind = understander.understand(note, Context(), today=today).kind
        out = {**reading.to_json(), "kind": EXTRACT_KINDS.get(kind, kind)}
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        sys.stdout.flush()

    if args.text:
        emit(" ".join(args.text))
        return 0
    for line in sys.stdin:
        if line.strip():
            emit(line.rstrip("\n"))
    return 0


def _playbook(args: argparse.Namespace, settings: Settings) -> int:
    from dialogs.domain.playbook import DEFAULT_PATH, PlaybookError, load_playbook

    if args.action == "show":
        sys.stdout.write(DEFAULT_PATH.read_text(encoding="utf-8"))
        return 0
    path = args.file or settings.dealcoach_playbook or DEFAULT_PATH
    try:
        playbook = load_playbook(path)
    except PlaybookError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"{path}: OK, {len(playbook.stages)} stages: "
          + ", ".join(f"{s.id} ({s.win_rate:g}%)" for s in playbook.stages))
    return 0


def _worker(channel: str) -> str:
    import socket

    return f"{channel}@{socket.gethostname()}:{os.getpid()}"


def _slack(args: argparse.Namespace, settings: Settings) -> int:
    from bot.slack.adapter import build_app
    from bot.slack.server import run_socket_mode
    from bot.transcribe import build_transcriber
    from bot.wiring import build_coach, build_inbox, build_outbox

    if not settings.slack_bot_token or not settings.slack_signing_secret:
        print("dealcoach: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (see .env.example)", file=sys.stderr)
        return 2
    if not args.http and not settings.slack_app_token:
        print("dealcoach: set SLACK_APP_TOKEN for Socket Mode, or serve HTTP with --http --port N",
              file=sys.stderr)
        return 2
    if args.http:  # `dealcoach serve` for Slack alone
        return _run_serve(args, settings, ("slack",),
                          lambda port: f"Deal Coach for Slack: POST http://{args.host}:{port}/slack/events")
    from concurrent.futures import ThreadPoolExecutor

    from bot.slack.adapter import start_upkeep

    coach = build_coach(settings)
    inbox, outbox = build_inbox(coach, "slack", settings), build_outbox(coach, "slack", settings)
    turns = ThreadPoolExecutor(max_workers=SLACK_TURN_WORKERS, thread_name_prefix="slack-turn")
    app = build_app(coach, token=settings.slack_bot_token.get_secret_value(),
                    signing_secret=settings.slack_signing_secret.get_secret_value(),
                    base_url=settings.slack_api_base_url, inbox=inbox, turns=turns, outbox=outbox,
                    transcriber=build_transcriber(settings.transcribe_model), private_only=settings.private_only)
    upkeep = start_upkeep(coach, app, worker=_worker("slack"), every_s=settings.reminder_every_s, inbox=inbox,
                          outbox=outbox)
    if args.health_port is not None:
        from bot.serve import start_side_server

        start_side_server(coach, args.host, args.health_port)
    run_socket_mode(app, settings.slack_app_token.get_secret_value())
    # A deploy's SIGTERM: the turns under way finish and send their replies before the exit.
    turns.shutdown(wait=True)
    upkeep.stop()
    return 0


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    """Slack and/or Telegram (by which tokens are set) on one port, under uvicorn workers."""
    slack = bool(settings.slack_bot_token and settings.slack_signing_secret)
    telegram = bool(settings.telegram_bot_token and settings.telegram_webhook_secret)
    if not (slack or telegram):
        print("dealcoach: serve needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET, or TELEGRAM_BOT_TOKEN and "
              "TELEGRAM_WEBHOOK_SECRET, or both (see .env.example)", file=sys.stderr)
        return 2
    channels = " and ".join(name for name, on in (("Slack: POST /slack/events", slack),
                                                  ("Telegram: POST /telegram", telegram)) if on)
    return _run_serve(args, settings, ("slack", "telegram"), lambda port: (
        f"Deal Coach serving {channels} on http://{args.host}:{port} "
        f"({args.workers} worker{'s' if args.workers > 1 else ''}; /healthz /readyz /metrics)"))


def _run_serve(args: argparse.Namespace, settings: Settings, channels: tuple[str, ...], banner) -> int:
    """`dealcoach serve`, and `slack --http` / `telegram --webhook-url` (one channel each):
    migrate once, then uvicorn with ``args.workers`` workers. Port 0 picks a free port, said
    in the banner."""
    import signal
    import socket
    import tempfile

    import uvicorn

    from storage.db import make_engine, migrate

    engine = make_engine(settings.db_url)  # once here, before any worker: they find it at head
    try:
        migrate(engine)
    finally:
        engine.dispose()
    workers = getattr(args, "workers", 1)
    if workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # Every worker counts into one folder, so a scrape of any of them sees all the counts.
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="dealcoach-metrics-")
    os.environ["DEALCOACH_SERVE_CHANNELS"] = ",".join(channels)  # read by each worker's create_app
    config = uvicorn.Config("bot.serve:create_app", factory=True, host=args.host, port=args.port, workers=workers,
                            timeout_graceful_shutdown=int(SERVE_GRACE_S), timeout_keep_alive=5, access_log=False,
                            log_level="warning" if settings.log_level not in ("DEBUG", "INFO")
                            else settings.log_level.lower())
    # Bound here, before the banner: whoever reads it can connect at once (port 0: the real port).
    sock = socket.socket(socket.AF_INET6 if ":" in args.host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((args.host, args.port))
    sock.listen(config.backlog)
    sock.set_inheritable(True)  # the workers take it over
    print(banner(sock.getsockname()[1]), flush=True)
    # uvicorn re-raises the SIGTERM it handled once it has stopped gracefully; these handlers
    # take it, so a deploy's stop ends with status 0 rather than "killed by SIGTERM".
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: None)
    server = uvicorn.Server(config)
    if workers > 1:
        from uvicorn.supervisors import Multiprocess

        Multiprocess(config, sockets=[sock]).run()
    else:
        server.run(sockets=[sock])
    return 0


def _migrate(args: argparse.Namespace, settings: Settings) -> int:
    """Run the migrations once, whatever else is starting: replicas that start together wait on
    the lock, and find the schema at head."""
    from storage.db import SCHEMA_HEAD, make_engine, migrate

    engine = make_engine(settings.db_url)
    try:
        ran = migrate(engine)
    finally:
        engine.dispose()
    print(f"schema {'upgraded to' if ran else 'already at'} {SCHEMA_HEAD}", flush=True)
    return 0


def _telegram(args: argparse.Namespace, settings: Settings) -> int:
    from telegram import Update

    from bot.telegram.adapter import build_application
    from bot.transcribe import build_transcriber
    from bot.wiring import build_coach, build_outbox

    if not settings.telegram_bot_token:
        print("dealcoach: set TELEGRAM_BOT_TOKEN (see .env.example)", file=sys.stderr)
        return 2
    if args.webhook_url and not settings.telegram_webhook_secret:
        print("dealcoach: a webhook needs TELEGRAM_WEBHOOK_SECRET, so only Telegram can call it",
              file=sys.stderr)
        return 2
    if args.webhook_url:  # `dealcoach serve` for Telegram alone, registering this URL at start
        os.environ["TELEGRAM_WEBHOOK_URL"] = args.webhook_url
        settings = settings.model_copy(update={"telegram_webhook_url": args.webhook_url})
        return _run_serve(args, settings, ("telegram",),
                          lambda port: f"Deal Coach for Telegram: webhook on port {port}, path /telegram")
    coach = build_coach(settings)
    # Polling has no inbox: PTB confirms updates as it fetches them (for development).
    app = build_application(coach, token=settings.telegram_bot_token.get_secret_value(),
                            base_url=settings.telegram_api_base_url,
                            reminders_every=settings.reminder_every_s, worker=_worker("telegram"),
                            transcriber=build_transcriber(settings.transcribe_model),
                            private_only=settings.private_only, outbox=build_outbox(coach, "telegram", settings))
    if args.health_port is not None:
        from bot.serve import start_side_server

        start_side_server(coach, args.host, args.health_port)
    print("Deal Coach for Telegram: polling", flush=True)
    app.run_polling(allowed_updates=Update.ALL_TYPES)
    return 0


def _import(args: argparse.Namespace, settings: Settings) -> int:
    from datetime import datetime, timezone

    from storage.crm_import import import_csv, load_mapping
    from storage.db import new_session, open_database

    try:
        mapping = load_mapping(args.mapping)
    except ValueError as exc:
        print(f"dealcoach import: {exc}", file=sys.stderr)
        return 2
    for path in filter(None, (args.file, args.teams)):
        if not Path(path).is_file():
            print(f"dealcoach import: no such file {path}", file=sys.stderr)
            return 2
    engine = open_database(settings.db_url)
    try:
        with new_session(engine) as session, session.begin():
            report = import_csv(session, mapping, Path(args.file), datetime.now(timezone.utc),
                                teams=Path(args.teams) if args.teams else None)
    except ValueError as exc:
        print(f"dealcoach import: {exc}", file=sys.stderr)
        return 2
    print(f"imported {args.file}: {report.created} created, {report.updated} updated, "
          f"{report.unchanged} unchanged, {report.users_created} users created, "
          f"{len(report.skipped)} skipped")
    for warning in report.warnings:
        print(f"  warning: {warning}")
    if report.valued or report.unvalued:
        print(f"  {report.valued} open deals valued from the price list"
              + (f", {report.unvalued} with no price for their product (left without an amount)" if report.unvalued else ""))
    for line, reason in report.skipped[:20]:
        print(f"  line {line}: {reason}")
    if len(report.skipped) > 20:
        print(f"  ... and {len(report.skipped) - 20} more")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dealcoach", description="Deal Coach: a sales-coaching chatbot.")
    sub = parser.add_subparsers(dest="command", required=True)

    chat = sub.add_parser("chat", help="chat with the coach in the terminal")
    chat.add_argument("--user", default=_default_user(), help="your name (the console identity)")
    chat.add_argument("--lang", help="en, zh-Hant or zh-Hans")
    chat.add_argument("--jsonl", action="store_true", help="machine mode: JSON lines in and out")
    chat.set_defaults(run=_chat)

    extract = sub.add_parser("extract", help="the coach's reading of a note (JSON)")
    extract.add_argument("--today", help="anchor for relative dates, YYYY-MM-DD (default: today)")
    extract.add_argument("--lang", help="en, zh-Hant or zh-Hans (default: detected)")
    extract.add_argument("text", nargs="*", help="the note; without it, one note per stdin line")
    extract.set_defaults(run=_extract)

    playbook = sub.add_parser("playbook", help="show the default playbook, or check a playbook file")
    playbook.add_argument("action", choices=("show", "check"))
    playbook.add_argument("file", nargs="?", help="the file to check (default: DEALCOACH_PLAYBOOK)")
    playbook.set_defaults(run=_playbook)

    slack = sub.add_parser("slack", help="run the Slack app (Socket Mode, or HTTP with --http)")
    slack.add_argument("--http", action="store_true", help="serve POST /slack/events over HTTP (serve, Slack only)")
    slack.add_argument("--port", type=int, default=3000)
    slack.add_argument("--host", default="0.0.0.0")
    slack.add_argument("--workers", type=int, default=1, help="with --http: uvicorn worker processes")
    slack.add_argument("--health-port", type=int, help="with Socket Mode: /healthz and /metrics on this port")
    slack.set_defaults(run=_slack)

    telegram = sub.add_parser("telegram", help="run the Telegram bot (polling, or a webhook)")
    telegram.add_argument("--webhook-url", help="public https URL Telegram should call (ends in /telegram)")
    telegram.add_argument("--port", type=int, default=8443)
    telegram.add_argument("--host", default="0.0.0.0")
    telegram.add_argument("--workers", type=int, default=1, help="with --webhook-url: uvicorn worker processes")
    telegram.add_argument("--health-port", type=int, help="with polling: /healthz and /metrics on this port")
    telegram.set_defaults(run=_telegram)

    imp = sub.add_parser("import", help="import opportunities, reps and managers from a CRM export")
    imp_sub = imp.add_subparsers(dest="format", required=True)
    imp_csv = imp_sub.add_parser("csv", help="a CSV export")
    imp_csv.add_argument("file")
    imp_csv.add_argument("--mapping", default="maven", help="a mapping file, or a shipped one: maven")
    imp_csv.add_argument("--teams", help="reps and their managers (e.g. sales_teams.csv)")
    imp_csv.set_defaults(run=_import)

    from bot import admin

    admin.add_parser(sub)

    serve = sub.add_parser("serve", help="serve Slack and Telegram over HTTP on one port (uvicorn)")
    serve.add_argument("--host", default="0.0.0.0")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    serve.set_defaults(run=_serve)

    migrate = sub.add_parser("migrate", help="create or upgrade the database schema (once, under a lock)")
    migrate.set_defaults(run=_migrate)

    export = sub.add_parser("export", help="export every deal and answer")
    export.add_argument("--format", choices=("json", "csv"), default="json")
    export.add_argument("--out", help="write to this file instead of stdout")
    export.set_defaults(run=_export)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"dealcoach: some settings cannot be used:\n{exc}", file=sys.stderr)
        return 2
    from bot.logs import configure_logging
    from dialogs.domain.playbook import PlaybookError
    from dialogs.domain.money import RatesError
    from storage.errors import SchemaError

    configure_logging(settings)

    try:
        return args.run(args, settings)
    except PlaybookError as exc:
        print(f"dealcoach: the playbook has problems:\n{exc}", file=sys.stderr)
        return 2
    except SchemaError as exc:
        print(f"dealcoach: {exc}", file=sys.stderr)
        return 2
    except RatesError as exc:
        print(f"dealcoach: the rates file can't be used: {exc}", file=sys.stderr)
        return 2
    except ModuleNotFoundError as exc:
        extra = EXTRAS.get((exc.name or "").split(".")[0])
        if extra is None:
            raise
        print(f"dealcoach: {args.command} needs the {extra} extra: pip install 'dealcoach[{extra}]'",
              file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
