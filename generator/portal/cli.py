"""`trustgen portal`: run the access portal and administer its requests from the command line."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..command import EXIT_OK, Command, Console, quiet_option
from ..errors import UsageError

if TYPE_CHECKING:
    from .config import PortalConfig
    from .service import Portal

EXAMPLES = """\
  trustgen portal serve --database sqlite:///portal.db --base-url https://trust.example.com
  trustgen portal requests --status pending
  trustgen portal approve anna@customer.example --days 30
  trustgen portal revoke 12
  trustgen portal migrate --database postgresql://portal@db.internal/portal
  trustgen portal audit --since 2026-01-01 --format csv > audit.csv
serve needs the built sites: trustgen build && trustgen build --audience nda
configuration: --config portal.toml and TRUSTGEN_PORTAL_* variables (docs/portal.md)"""


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", metavar="FILE", type=Path, default=None,
                   help="a TOML file of settings (default: $TRUSTGEN_PORTAL_CONFIG, else none)")
    p.add_argument("--content", metavar="DIR", type=Path, default=None,
                   help="the knowledge base folder with portal.yaml (default: content)")
    p.add_argument("--database", metavar="URL", default=None,
                   help="sqlite:///PATH or postgresql://USER@HOST/NAME (default: sqlite:///portal.db)")
    p.add_argument("--base-url", metavar="URL", default=None,
                   help="how visitors reach the portal; sign-in links start with it")
    p.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS, help="print only errors")


def _options(p: argparse.ArgumentParser) -> None:
    quiet_option(p)
    parsers = p.add_subparsers(dest="portal_command", metavar="ACTION", required=True)

    class Sub:
        """Each action's help shows its own examples."""

        @staticmethod
        def add_parser(name: str, help: str) -> argparse.ArgumentParser:
            lines = "\n".join(line for line in EXAMPLES.splitlines() if line.startswith(f"  trustgen portal {name}"))
            return parsers.add_parser(name, help=help, description=help[0].upper() + help[1:] + ".",
                                      epilog="examples:\n" + lines, formatter_class=argparse.RawDescriptionHelpFormatter)

    sub = Sub()
    serve = sub.add_parser("serve", help="run the portal (uvicorn) until interrupted")
    _common(serve)
    serve.add_argument("--host", default=None, help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=None, help="port to listen on (default: 8000)")
    serve.add_argument("--site", metavar="DIR", type=Path, default=None,
                       help="the built public site, served at / (default: site)")
    serve.add_argument("--nda-site", metavar="DIR", type=Path, default=None,
                       help="the built nda site, served at /nda/ to signed-in visitors (default: site-nda)")
    requests = sub.add_parser("requests", help="list access requests")
    _common(requests)
    requests.add_argument("--status", choices=("pending", "approved", "revoked", "all"), default="all")
    requests.add_argument("--format", choices=("text", "csv"), default="text")
    approve = sub.add_parser("approve", help="approve a request; prints its sign-in link (and e-mails it)")
    _common(approve)
    approve.add_argument("ref", metavar="EMAIL|ID", help="a request's id, or the e-mail address it came from")
    approve.add_argument("--days", type=int, default=None,
                         help="how long the access lasts (default: access_days of portal.yaml)")
    revoke = sub.add_parser("revoke", help="revoke a request's access: its sessions and links stop working")
    _common(revoke)
    revoke.add_argument("ref", metavar="EMAIL|ID")
    audit = sub.add_parser("audit", help="every request, approval, sign-in and download")
    _common(audit)
    audit.add_argument("--since", metavar="DATE", default=None, help="only events from this day (YYYY-MM-DD) on")
    audit.add_argument("--format", choices=("text", "csv"), default="text")
    migrate = sub.add_parser("migrate", help="create or upgrade the portal's database tables (serve does it too)")
    _common(migrate)


def _config(args: argparse.Namespace) -> PortalConfig:
    from .config import load_config

    file = args.config or (Path(os.environ["TRUSTGEN_PORTAL_CONFIG"]) if os.environ.get("TRUSTGEN_PORTAL_CONFIG")
                           else None)
    options = {"content": args.content, "database": args.database, "base_url": args.base_url}
    for name in ("host", "port", "site", "nda_site"):
        options[name] = getattr(args, name, None)
    return load_config(file, os.environ, options)


def _portal(config: PortalConfig) -> Portal:
    from .content import read_settings
    from .db import engine_for
    from .service import Portal

    settings = read_settings(config.content)
    engine = engine_for(config.database)
    _migrate(engine, config)
    return Portal(engine, config, settings, _locales(config)[0])


def _migrate(engine: object, config: PortalConfig) -> None:
    from sqlalchemy.exc import OperationalError

    from .db import migrate
    from .errors import PortalError

    try:
        migrate(engine)  # type: ignore[arg-type]
    except OperationalError as exc:
        raise PortalError(f"cannot open the database {_safe_url(config.database)}: {exc.orig}") from None


def _safe_url(url: str) -> str:
    """The URL without its password, for messages."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - a URL SQLAlchemy cannot parse is shown as a kind only
        return url.split(":", 1)[0] + ":..."


def _inert(text: str) -> str:
    """Text from a visitor, safe on a terminal: control characters shown as \\xNN, never interpreted."""
    return "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in text)


def _csv_cell(value: str) -> str:
    """A cell a spreadsheet will not run as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _organisation(config: PortalConfig) -> str:
    from ..command import load

    return load(config.content).organization.name


def _locales(config: PortalConfig) -> tuple[str, ...]:
    from ..command import load

    return tuple(load(config.content).locales)


def _run(args: argparse.Namespace) -> int:
    import csv

    console = Console(args.quiet)
    config = _config(args)
    action = args.portal_command
    if action == "serve":
        return _serve(config, console)
    portal = _portal(config)
    if action == "migrate":
        console.info(f"{_safe_url(config.database)}: the portal's tables are up to date")
        return EXIT_OK
    if action == "requests":
        rows = portal.requests(None if args.status == "all" else args.status)
        header = ["id", "received", "status", "email", "name", "company", "nda", "until", "reason"]
        table = [[str(r.id), f"{r.created_at:%Y-%m-%d %H:%M}", r.status, r.email, r.name, r.company, r.nda_version,
                  f"{r.access_until:%Y-%m-%d}" if r.access_until else "", r.reason] for r in rows]
        if args.format == "csv":
            writer = csv.writer(sys.stdout, lineterminator="\n")
            writer.writerow(header)
            writer.writerows([[_csv_cell(c) for c in row] for row in table])
        else:
            for row in table:
                print("  ".join(_inert(c) for c in row[:8]))
            console.info(f"{len(rows)} request(s)")
        return EXIT_OK
    if action == "approve":
        outcome = portal.approve(args.ref, args.days)
        print(outcome.link)
        console.info(f"request {outcome.request_id} from {outcome.email} approved until {outcome.until:%Y-%m-%d}")
        if config.smtp and outcome.link and outcome.until:
            from .mail import send_link

            send_link(config, outcome.email, outcome.name, outcome.link, outcome.until, _organisation(config),
                      outcome.locale)
            console.info(f"sign-in link sent to {outcome.email}")
        return EXIT_OK
    if action == "revoke":
        request = portal.revoke(args.ref)
        console.info(f"request {request.id} from {request.email} revoked; its sessions and links no longer work")
        return EXIT_OK
    # audit
    since = None
    if args.since:
        try:
            since = dt.datetime.combine(dt.date.fromisoformat(args.since), dt.time())
        except ValueError:
            raise UsageError(f"--since {args.since!r}: expected a date as YYYY-MM-DD") from None
    events = portal.audit(since)
    lines = [[f"{e.at:%Y-%m-%dT%H:%M:%SZ}", e.event, e.email, str(e.request_id or ""), e.ip, e.detail] for e in events]
    if args.format == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["time", "event", "email", "request", "ip", "detail"])
        writer.writerows([[_csv_cell(c) for c in line] for line in lines])
    else:
        for line in lines:
            print("  ".join(_inert(c) for c in line))
    return EXIT_OK


def _serve(config: PortalConfig, console: Console) -> int:
    import uvicorn

    from .app import create_app

    for folder, what in ((config.site, "public site (trustgen build)"),
                         (config.nda_site, "nda site (trustgen build --audience nda)")):
        if not (folder / "index.html").is_file():
            raise UsageError(f"{folder}: no built {what} here")
    portal = _portal(config)
    app = create_app(config, portal.settings, portal, _organisation(config), _locales(config))
    console.info(f"portal on http://{config.host}:{config.port}/ (visitors: {config.base_url}/), "
                 f"database {_safe_url(config.database)}; Ctrl-C stops it")
    uvicorn.run(app, host=config.host, port=config.port, log_level="warning" if console.quiet else "info",
                proxy_headers=bool(config.forwarded_allow_ips), forwarded_allow_ips=config.forwarded_allow_ips or None,
                server_header=False)
    return EXIT_OK


PORTAL = Command("portal", "run the access portal for NDA-gated documents and administer its requests",
                 EXAMPLES, _options, _run)
