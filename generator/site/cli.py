"""`trustgen build` and `trustgen serve`: the trust-center site on the command line.

Only option parsing and reporting live here; the work is in build.py and serve.py, imported when a
command runs so that `trustgen --help` stays fast.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..cli import EXIT_OK, Console, command, content_option, quiet_option
from ..errors import UsageError


def _audience_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--audience", choices=("public", "nda"), default="public",
                   help="public (default): public material only; nda: a separate site that adds the material "
                        "for customers under NDA, to serve behind your own login (internal material is never "
                        "published)")


@command("build", "build the trust-center site (English and Swedish) with its downloads",
         "  trustgen build\n"
         "  trustgen build --content examples/claris --out /tmp/claris-site\n"
         "  trustgen build --audience nda            # writes site-nda/\n"
         "  SOURCE_DATE_EPOCH=1790000000 trustgen build --quiet   # reproducible, silent")
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


@_build_options.handler  # type: ignore[attr-defined]
def _build(args: argparse.Namespace) -> int:
    from .build import DEFAULT_OUT, build_site

    console = Console(args.quiet)
    if args.site_url is not None and not args.site_url.startswith("https://"):
        raise UsageError(f"--site-url {args.site_url}: the address must start with https://")
    out = args.out or DEFAULT_OUT[args.audience]
    result = build_site(args.content, out, audience=args.audience, site_url=args.site_url, progress=console.info)
    for warning in result.warnings:
        console.error(f"warning: {warning}")
    downloads = f", {result.documents} download(s)" if result.documents else ""
    console.info(f"{out}: {args.audience} site with {result.pages} pages in {', '.join(result.locales)}"
                 f"{downloads}, built in {result.seconds['total']:.1f} s")
    return EXIT_OK


@command("serve", "preview the site on 127.0.0.1, rebuilding it whenever the content changes",
         "  trustgen serve\n"
         "  trustgen serve --content examples/claris --port 8001\n"
         "  trustgen serve --audience nda")
def _serve_options(p: argparse.ArgumentParser) -> None:
    content_option(p)
    _audience_option(p)
    p.add_argument("--port", type=int, default=8000, help="the port on 127.0.0.1 (default: 8000)")
    quiet_option(p)


@_serve_options.handler  # type: ignore[attr-defined]
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
