"""`coboard serve | demo`: run the server (it migrates its database before it listens)."""
import argparse
import asyncio
import sys
from pathlib import Path
from types import SimpleNamespace

import uvicorn

from .config import Settings


def _uvicorn(app, args) -> None:
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level, ws="websockets-sansio",
                ws_max_size=1024 * 1024, ws_per_message_deflate=args.ws_per_message_deflate,
                ws_ping_interval=20, ws_ping_timeout=20, proxy_headers=True, timeout_graceful_shutdown=5)


def serve(args) -> None:
    from .app import create_app

    _uvicorn(create_app(Settings()), args)


def demo(args) -> None:
    from .app import create_app
    from .bus import LocalBus
    from .demo.seed import ensure_demo, links
    from .realtime.hub import Hubs
    from .store import Store
    from .store.engine import make_engine
    from .store.migrate import upgrade

    settings = Settings()
    upgrade(settings.database_url)

    async def seed():
        engine = make_engine(settings.database_url, settings.sqlite_synchronous)
        store = Store(engine)
        services = SimpleNamespace(store=store, hubs=Hubs(store, LocalBus(), settings))
        try:
            return await ensure_demo(services, Path(args.data_dir) / "demo.json")
        finally:
            await engine.dispose()

    created = asyncio.run(seed())
    host = "localhost" if args.host in ("127.0.0.1", "0.0.0.0") else args.host
    base = settings.public_url or f"http://{host}:{args.port}"
    urls = links(base.rstrip("/"), created)
    print("\nCoboard demo workshop" + (" (new)" if created.get("new") else " (from an earlier run)"))
    if created.get("new"):
        print(f"  {created['cards']} data cards from the sample answers"
              + (f"; {created['too_long']} answers over 170 characters kept off the boards until shortened" if created['too_long'] else ""))
    print(f"  Facilitator link (keep it to yourself): {urls['facilitator']}")
    print(f"  Join link for participants:             {urls['join']}")
    print(f"  Join code: {created['join_code']}\n", flush=True)
    _uvicorn(create_app(settings), args)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="coboard", description="Coboard, a live board for Working Together for Change")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, func, help_text in (("serve", serve, "run the server"),
                                  ("demo", demo, "run the server with a demo workshop and print its links")):
        p = commands.add_parser(name, help=help_text)
        p.add_argument("--host", default="127.0.0.1")
        p.add_argument("--port", type=int, default=8000)
        p.add_argument("--log-level", default="info")
        p.add_argument("--ws-per-message-deflate", type=lambda s: s.lower() in ("1", "true", "yes", "on"),
                       default=True, help="WebSocket compression (true|false)")
        p.set_defaults(func=func)
        if name == "demo":
            p.add_argument("--data-dir", default="data")
    args = parser.parse_args(argv)
    args.func(args)


if __name__ == "__main__":
    sys.exit(main())
