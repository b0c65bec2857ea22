"""The Slack HTTP server `dealcoach slack --http` ran before `serve` (stdlib wsgiref, a thread
per request), kept only as the soak's baseline: `bench/soak.py --compare` measures `serve`
against it in the same run. Same app, guard, inbox and outbox; prints the same banner.

    python bench/legacy_slack_http.py --host 127.0.0.1 --port 0
"""

from __future__ import annotations

import argparse
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.cli import SLACK_TURN_WORKERS, _worker  # noqa: E402
from bot.logs import configure_logging  # noqa: E402
from bot.settings import load_settings  # noqa: E402
from bot.slack.adapter import build_app, start_upkeep  # noqa: E402
from bot.slack.server import http_server, serve_http  # noqa: E402
from bot.wiring import build_coach, build_inbox, build_outbox  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    settings = load_settings()
    configure_logging(settings)
    coach = build_coach(settings)
    inbox, outbox = build_inbox(coach, "slack", settings), build_outbox(coach, "slack", settings)
    turns = ThreadPoolExecutor(max_workers=SLACK_TURN_WORKERS, thread_name_prefix="slack-turn")
    secret = settings.slack_signing_secret.get_secret_value()
    app = build_app(coach, token=settings.slack_bot_token.get_secret_value(), signing_secret=secret,
                    base_url=settings.slack_api_base_url, inbox=inbox, turns=turns, outbox=outbox)
    upkeep = start_upkeep(coach, app, _worker("slack"), settings.reminder_every_s, inbox, outbox)
    server = http_server(app, args.host, args.port, secret)
    print(f"Deal Coach for Slack: POST http://{args.host}:{server.server_port}/slack/events", flush=True)
    serve_http(server)
    turns.shutdown(wait=True)
    upkeep.stop()


if __name__ == "__main__":
    main()
