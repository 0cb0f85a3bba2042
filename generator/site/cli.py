"""`trustgen build` and `trustgen serve`: the trust-center site on the command line.

Only option parsing and reporting live here; the work is in build.py and serve.py, imported when a
command runs so that `trustgen --help` stays fast.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from ..command import EXIT_OK, Command, Console, content_option, load, quiet_option
from ..errors import UsageError
from ..model import PUBLISHED


def _audience_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--audience", choices=[str(a) for a in PUBLISHED], default="public",
                   help="public (default): public material only; nda: a separate site that adds the material "
                        "for customers under NDA, to serve behind your own login (internal material is never "
                        "published)")


def _build_options(p: argparse.ArgumentParser) -> None:
    content_option(p)
    p.add_argument("--out", metavar="DIR", type=Path,
                   help="where the site goes, replaced as a whole when the build succeeds "
                        "(default: site, or site-nda with --audience nda)")
    _audience_option(p)
    p.add_argument("--site-url", metavar="URL",
                   help="the address the site is published at, for canonical links, the sitemap and "
                        "security.txt (default: trust_center_url from organization.yaml for the public site)")
    quiet_option(p)


def _build(args: argparse.Namespace) -> int:
    from ..outputs import Context
    from .build import DEFAULT_OUT, SiteOutput, check_output

    started = time.perf_counter()
    console = Console(args.quiet)
    if args.site_url is not None and not args.site_url.startswith("https://"):
        raise UsageError(f"--site-url {args.site_url}: the address must start with https://")
    out = args.out or DEFAULT_OUT[args.audience]
    check_output(args.content, out)
    console.info(f"loading {args.content}")
    site = SiteOutput(args.site_url)
    site.build(load(args.content).for_audience(args.audience), out,
               Context(progress=console.progress, warn=console.warning))
    result = site.result
    assert result is not None
    downloads = f", {result.documents} download(s)" if result.documents else ""
    console.info(f"{out}: {args.audience} site with {result.pages} pages in {', '.join(result.locales)}"
                 f"{downloads}, built in {time.perf_counter() - started:.1f} s")
    return EXIT_OK


BUILD = Command("build", "build the trust-center site (English and Swedish) with its downloads",
                "  trustgen build\n"
                "  trustgen build --content examples/claris --out /tmp/claris-site\n"
                "  trustgen build --audience nda            # writes site-nda/\n"
                "  SOURCE_DATE_EPOCH=1790000000 trustgen build --quiet   # reproducible, silent",
                _build_options, _build)


def _serve_options(p: argparse.ArgumentParser) -> None:
    content_option(p)
    _audience_option(p)
    p.add_argument("--port", type=int, default=8000, help="the port on 127.0.0.1 (default: 8000)")
    quiet_option(p)


def _serve(args: argparse.Namespace) -> int:
    from .serve import Preview, Reporter

    if not args.content.is_dir():
        raise UsageError(f"{args.content}: no such content folder")
    if not 0 < args.port < 65536:
        raise UsageError(f"--port {args.port}: not a port number")
    console = Console(args.quiet)
    try:
        preview = Preview(args.content, Reporter(console.info, console.error), audience=args.audience,
                          port=args.port, quiet=args.quiet)
    except OSError as exc:
        raise UsageError(f"--port {args.port}: cannot listen on 127.0.0.1:{args.port}: {exc.strerror}") from exc
    preview.run()
    return EXIT_OK


SERVE = Command("serve", "preview the site on 127.0.0.1, rebuilding it whenever the content changes",
                "  trustgen serve\n"
                "  trustgen serve --content examples/claris --port 8001\n"
                "  trustgen serve --audience nda",
                _serve_options, _serve)
