"""`coboard serve | demo | import | export | restore | erase | delete | vacuum | …`: the server (it migrates
its database before it listens) and the commands an organiser runs beside it."""
import argparse
import asyncio
import sys
from pathlib import Path

import orjson
import uvicorn

from .config import Settings
from .i18n import LANGUAGES


class _Server(uvicorn.Server):
    """Uvicorn's server, which also ends the heavy-work children's jobs as soon as it is told to stop:
    their callers are answered at once (server/workers.py `stop_children`) instead of the stop waiting."""

    def handle_exit(self, sig, frame) -> None:
        from . import workers

        workers.stop_children()
        super().handle_exit(sig, frame)


GRACEFUL_SECONDS = 5  # uvicorn's wait for the answers in flight when told to stop; then it cancels them


def _uvicorn(app, args) -> None:
    from .protocol.limits import FRAME_BYTES_HARD
    from .realtime.wire import SocketProtocol  # uvicorn's sans-I/O protocol, written to directly

    config = uvicorn.Config(app, host=args.host, port=args.port, log_level=args.log_level, ws=SocketProtocol,
                            ws_max_size=FRAME_BYTES_HARD, ws_per_message_deflate=args.ws_per_message_deflate,
                            ws_ping_interval=20, ws_ping_timeout=20, timeout_graceful_shutdown=GRACEFUL_SECONDS,
                            proxy_headers=False,  # the app decides who the client is (api/client_address.py)
                            server_header=False)  # "server: uvicorn" tells an attacker the stack and costs every answer 18 bytes
    _Server(config).run()


def serve(args) -> None:
    from .app import create_app
    from .ballot_secret import refuse_unless_configured

    settings = Settings()
    refuse_unless_configured(settings)
    _uvicorn(create_app(settings, settle_collector=True), args)


def offline_services(settings: Settings):
    """The server's own parts (server/services.py), for commands run beside or instead of a server."""
    from .services import open_services

    return open_services(settings)


def print_links(settings: Settings, args, created: dict, heading: str) -> None:
    from .demo.seed import links

    host = "localhost" if args.host in ("127.0.0.1", "0.0.0.0") else args.host
    base = settings.public_url or f"http://{host}:{args.port}"
    urls = links(base.rstrip("/"), created)
    print(heading)
    print(f"  Facilitator link (keep it to yourself): {urls['facilitator']}")
    print(f"  Join link for participants:             {urls['join']}")
    print(f"  Join code: {created['join_code']}\n", flush=True)


def demo(args) -> None:
    from .app import create_app
    from .demo.seed import ensure_demo

    settings = Settings()

    async def seed():
        async with offline_services(settings) as services:
            return await ensure_demo(services, Path(args.data_dir) / "demo.json")

    created = asyncio.run(seed())
    heading = "\nCoboard demo workshop" + (" (new)" if created.get("new") else " (from an earlier run)")
    if created.get("new"):
        heading += f"\n  {created['cards']} data cards from the sample answers" + (
            f"; {created['too_long']} answers over 170 characters wait for shortening on the cleaning screen"
            if created["too_long"] else "")
    print_links(settings, args, created, heading)
    _uvicorn(create_app(settings, settle_collector=True), args)


def export(args) -> None:
    """`coboard export WORKSHOP_ID [-o FILE]`: the workshop's export.json."""
    from .exports.restore import export_document

    async def run():
        async with offline_services(Settings()) as services:
            hub = await services.hubs.get(args.workshop_id)
            if hub is None:
                raise SystemExit(f"There is no workshop {args.workshop_id!r} in this database.")
            return await export_document(hub, services.snapshots)

    body = orjson.dumps(asyncio.run(run()), option=orjson.OPT_INDENT_2)
    if args.output == "-":
        sys.stdout.buffer.write(body + b"\n")
    else:
        Path(args.output).write_bytes(body)
        print(f"Wrote {args.output}")


def restore(args) -> None:
    """`coboard restore FILE`: a new workshop from an export.json; prints its links."""
    from .domain.errors import Rejected
    from .exports.restore import restore_workshop
    from .protocol.limits import UPLOAD_BYTES

    try:
        raw = Path(args.file).read_bytes()
        if len(raw) > UPLOAD_BYTES:  # the same limit as the HTTP restore
            raise SystemExit(f"Cannot restore {args.file}: the limit is {UPLOAD_BYTES // (1024 * 1024)} MB.")
        export_ = orjson.loads(raw)
    except (OSError, orjson.JSONDecodeError) as e:
        raise SystemExit(f"Cannot restore {args.file}: {e}")
    settings = Settings()

    async def run():
        async with offline_services(settings) as services:
            return await restore_workshop(services, export_)

    try:
        created = asyncio.run(run())
    except Rejected as e:
        raise SystemExit(f"Cannot restore {args.file}: {e.message}")
    print_links(settings, args, created, "\nRestored as a new workshop")


def import_answers(args) -> None:
    """`coboard import WORKSHOP_ID FILE`: collected answers (CSV or XLSX) as the workshop's facilitator.

    What it prints is in `--lang`, else the workshop's default language (as the upload page's errors are), from
    the same catalogue; English when neither is set."""
    from .domain.errors import Rejected
    from .i18n import gettext, ngettext, reader_language
    from .imports.importing import import_parsed, read_file
    from .imports.responses import FileProblem

    name = Path(args.file).name
    try:
        data = Path(args.file).read_bytes()
    except OSError as e:
        raise SystemExit(f"Cannot import {args.file}: {e}")  # the system's own words
    try:
        parsed, problem = read_file(data, name), None
    except FileProblem as e:
        parsed, problem = None, e

    async def run():
        async with offline_services(Settings()) as services:
            lang = reader_language(args.lang, await services.store.workshop_language(args.workshop_id))
            if problem is not None:
                return lang, gettext(lang, "Cannot import {file}: {problem}", file=args.file,
                                     problem=problem.said(lang))
            hub = await services.hubs.get(args.workshop_id)
            if hub is None:
                return lang, gettext(lang, "There is no workshop {workshop} in this database.",
                                     workshop=repr(args.workshop_id))
            facilitator = next(p for p in hub.state.of_kind("participant") if p["role"] == "facilitator")
            try:
                _, change = await import_parsed(hub, facilitator["id"], parsed, data, name,
                                                publish=not args.no_publish, again=args.again)
            except Rejected as e:
                return lang, gettext(lang, "Not imported: {problem}", problem=e.said(lang))
            result = change.result
            print(ngettext(lang, "Imported {n} answer (cards: {cards}; flagged for cleaning: {flagged}).",
                           "Imported {n} answers (cards: {cards}; flagged for cleaning: {flagged}).",
                           result.get("responses", 0), cards=result.get("cards", 0),
                           flagged=len(result.get("flagged", []))))
            return lang, None

    _, refused = asyncio.run(run())
    if refused is not None:
        raise SystemExit(refused)


def link(args) -> None:
    """`coboard link WORKSHOP_ID`: a fresh facilitator link; the facilitator's earlier link stops working."""
    from .api.people import personal_link
    from .domain.errors import Rejected

    settings = Settings()

    async def run():
        async with offline_services(settings) as services:
            hub = await services.hubs.get(args.workshop_id)
            if hub is None:
                raise SystemExit(f"There is no workshop {args.workshop_id!r} in this database.")
            people = list(hub.state.of_kind("participant"))
            if args.participant:
                target = next((p for p in people if p["id"] == args.participant), None)
                if target is None:
                    raise SystemExit(f"There is no person {args.participant!r} in this workshop.")
            else:
                target = next(p for p in people if p["role"] == "facilitator")
            # the organiser at the server acts as the facilitator the link is for (or the first facilitator)
            actor = target if target["role"] == "facilitator" else next(
                p for p in people if p["role"] == "facilitator")
            return await personal_link(hub, actor["id"], target["id"], server_base(settings, args))

    try:
        made = asyncio.run(run())
    except Rejected as e:
        raise SystemExit(f"No link made: {e.message}")
    print("New personal link (the earlier one no longer works; keep this one to yourself):")
    print(f"  {made['url']}", flush=True)


def _acting_facilitator(hub, not_id: str | None = None) -> dict:
    """The organiser at the server acts as the workshop's first facilitator (another one when erasing them)."""
    people = [p for p in hub.state.of_kind("participant") if p["role"] == "facilitator" and not p.get("erased")]
    return next((p for p in people if p["id"] != not_id), people[0] if people else None)


def erase(args) -> None:
    """`coboard erase WORKSHOP_ID PARTICIPANT_ID`: erase a person's name and chat texts everywhere."""
    from .api.people import erase_person
    from .domain.errors import Rejected

    async def run():
        async with offline_services(Settings()) as services:
            hub = await services.hubs.get(args.workshop_id)
            if hub is None:
                raise SystemExit(f"There is no workshop {args.workshop_id!r} in this database.")
            actor = _acting_facilitator(hub, args.participant_id)
            return await erase_person(services, hub, actor["id"], args.participant_id)

    try:
        done = asyncio.run(run())
    except Rejected as e:
        raise SystemExit(f"Not erased: {e.message}")
    print(f"Erased: {done['events_redacted']} stored events redacted, {done['pictures_redrawn']} pictures "
          f"redrawn without the name, {done['pictures_dropped']} dropped.")


def delete(args) -> None:
    """`coboard delete WORKSHOP_ID --yes`: the workshop and everything of it, gone."""
    from .api.people import delete_workshop

    if not args.yes:
        raise SystemExit("This deletes the workshop and everything in it for good. Run again with --yes.")

    async def run():
        async with offline_services(Settings()) as services:
            hub = await services.hubs.get(args.workshop_id)
            if hub is None:
                raise SystemExit(f"There is no workshop {args.workshop_id!r} in this database.")
            return await delete_workshop(services, hub, _acting_facilitator(hub)["id"])

    gone = asyncio.run(run())
    print(f"Deleted workshop {args.workshop_id}: {sum(gone.values())} rows.")


def vacuum(args) -> None:
    """`coboard vacuum`: the database rebuilt, so that nothing erased stays in its unused space (for a quiet
    hour: every workshop's ops wait while it runs; docs/privacy.md "On disk")."""
    async def run():
        async with offline_services(Settings()) as services:
            return await services.store.rebuild()

    if not asyncio.run(run()):
        raise SystemExit("The database was not rebuilt (the warning above says why).")
    print("Rebuilt the database: nothing erased is left in its unused space.")


def retention_pass(args) -> None:
    """`coboard retention [--dry-run] [--now ISO] [--vacuum]`: the retention job's pass, once (for cron or to check)."""
    from .retention import run_once

    async def run():
        async with offline_services(Settings()) as services:
            done = await run_once(services, now=args.now, dry_run=args.dry_run)
            rebuilt = bool(done) and args.vacuum and not args.dry_run and await services.store.rebuild()
            return done, rebuilt

    done, rebuilt = asyncio.run(run())
    for entry in done:
        print(f"{'would ' if args.dry_run else ''}{entry['action']} {entry['workshop_id']} "
              f"({entry['people']} people, due {entry['due']})")
    print(f"{len(done)} workshops {'due' if args.dry_run else 'done'}.")
    if rebuilt:
        print("Rebuilt the database: nothing erased is left in its unused space.")
    elif done and args.vacuum and not args.dry_run:
        raise SystemExit("The database was not rebuilt (the warning above says why).")


def server_base(settings: Settings, args) -> str:
    host = "localhost" if args.host in ("127.0.0.1", "0.0.0.0") else args.host
    return (settings.public_url or f"http://{host}:{args.port}").rstrip("/")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="coboard", description="Coboard, a live board for Working Together for Change")
    commands = parser.add_subparsers(dest="command", required=True)

    def with_server_options(p, data_dir=False):
        p.add_argument("--host", default="127.0.0.1")
        p.add_argument("--port", type=int, default=8000)
        if data_dir:
            p.add_argument("--data-dir", default="data")
        return p

    for name, func, help_text in (("serve", serve, "run the server"),
                                  ("demo", demo, "run the server with a demo workshop and print its links")):
        p = with_server_options(commands.add_parser(name, help=help_text), data_dir=name == "demo")
        p.add_argument("--log-level", default="info")
        p.add_argument("--ws-per-message-deflate", type=lambda s: s.lower() in ("1", "true", "yes", "on"),
                       default=True, help="WebSocket compression (true|false)")
        p.set_defaults(func=func)
    p = commands.add_parser("export", help="write a workshop's export.json")
    p.add_argument("workshop_id")
    p.add_argument("-o", "--output", default="-", help="file to write (default: standard output)")
    p.set_defaults(func=export)
    p = with_server_options(commands.add_parser("restore", help="a new workshop from an export.json"))
    p.add_argument("file")
    p.set_defaults(func=restore)
    p = commands.add_parser("import", help="import collected answers (CSV or XLSX) into a workshop")
    p.add_argument("workshop_id")
    p.add_argument("file")
    p.add_argument("--no-publish", action="store_true", help="keep the answers for cleaning; no cards yet")
    p.add_argument("--again", action="store_true", help="import a file that was imported before")
    p.add_argument("--lang", choices=sorted(LANGUAGES),
                   help="the language of what it prints (default: the workshop's default language)")
    p.set_defaults(func=import_answers)
    p = with_server_options(commands.add_parser("link", help="print a fresh facilitator link for a workshop"))
    p.add_argument("workshop_id")
    p.add_argument("--participant", help="a person's id, for their link instead of the facilitator's")
    p.set_defaults(func=link)
    p = commands.add_parser("erase", help="erase a person's name and chat texts from a workshop, everywhere")
    p.add_argument("workshop_id")
    p.add_argument("participant_id")
    p.set_defaults(func=erase)
    p = commands.add_parser("delete", help="delete a workshop and everything of it")
    p.add_argument("workshop_id")
    p.add_argument("--yes", action="store_true", help="yes, delete it for good")
    p.set_defaults(func=delete)
    p = commands.add_parser("vacuum", help="rebuild the database so nothing erased stays in its unused space "
                                           "(at a quiet hour: ops wait while it runs)")
    p.set_defaults(func=vacuum)
    p = commands.add_parser("retention", help="erase and delete the workshops past their retention, once")
    p.add_argument("--dry-run", action="store_true", help="only say what is due")
    p.add_argument("--now", help="as if it were this ISO time (UTC), e.g. to check dates ahead")
    p.add_argument("--vacuum", action="store_true", help="when it erased or deleted anything, then rebuild the "
                                                         "database as `coboard vacuum` does (for cron at a quiet hour)")
    p.set_defaults(func=retention_pass)
    args = parser.parse_args(argv)
    args.func(args)


if __name__ == "__main__":
    sys.exit(main())
