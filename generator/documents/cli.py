"""`trustgen docs`: build the policy documents (PDF and DOCX) alone, without the site."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..command import EXIT_OK, Command, Console, content_option, load, quiet_option
from ..errors import UsageError
from ..model import PUBLISHED


def _docs_options(p: argparse.ArgumentParser) -> None:
    content_option(p)
    p.add_argument("--out", metavar="DIR", default="site", type=Path,
                   help="the site folder; files go to DIR/downloads/<locale>/ (default: site)")
    p.add_argument("--only", metavar="ID", help="build only the document with this id")
    p.add_argument("--audience", choices=[str(a) for a in PUBLISHED], default="public",
                   help="public (default): public documents only; nda: also the documents for customers under NDA")
    quiet_option(p)


def _docs(args: argparse.Namespace) -> int:
    from ..outputs import Context
    from . import DocumentsOutput, last_stats

    console = Console(args.quiet)
    content, out = args.content.resolve(), args.out.resolve()
    if out == content or out.is_relative_to(content) or content.is_relative_to(out / "downloads"):
        raise UsageError(f"--out {args.out} would write into the knowledge base {args.content}; choose another folder")
    view = load(args.content).for_audience(args.audience)
    context = Context(progress=console.progress, warn=console.warning)
    built = DocumentsOutput(only=args.only).build(view, args.out, context)
    stats = last_stats()
    if not built:
        console.info(f"{args.content}: no {args.audience} documents to build (content/documents/ holds none)")
        return EXIT_OK
    docs = len({b.id for b in built})
    pages = sum(b.pages or 0 for b in built)
    console.info(f"{args.out / 'downloads'}: {docs} document(s), {len(built)} file(s), {pages} PDF pages; "
                 f"{stats['rendered']} rendered, {stats['reused']} unchanged")
    return EXIT_OK


DOCS = Command("docs", "build the policy documents as PDF and DOCX in every locale",
               "  trustgen docs\n"
               "  trustgen docs --only security-overview --out site\n"
               "  trustgen docs --content examples/claris --audience nda --out /tmp/claris-site",
               _docs_options, _docs)
