"""Benchmark of the policy documents: PDF and DOCX pages per second, and the no-change rebuild.

    .venv/bin/python benchmarks/documents_bench.py                    # 500 facts, en,sv
    .venv/bin/python benchmarks/documents_bench.py --facts 2000 --documents 8

The knowledge base comes from benchmarks/synth.py; a document set is added to it: one whitepaper
that lists every public fact by topic ({topics}, certifications, compliance, subprocessors) and
policies that each list one topic. Figures:

- one process: every document rendered in turn, PDF and DOCX timed apart. A DOCX has no pages of its
  own, so its rate counts the pages of the PDF with the same content.
- build: build_documents with an empty cache, across all cores (what `trustgen docs` does).
- no-change rebuild: build_documents again with nothing changed (every file reused from the cache).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TOPICS = ["encryption", "access-control", "network", "incident-response", "business-continuity", "data-retention",
          "vulnerability-management", "people"]


def add_documents(content: Path, locales: list[str], count: int) -> None:
    """A whitepaper and count-1 topic policies, in every locale."""
    docs = content / "documents"
    docs.mkdir()

    def meta(doc_id: str, title: str) -> str:
        titles = ", ".join(f"{loc}: {title} ({loc})" for loc in locales)
        summary = ", ".join(f"{loc}: First version" for loc in locales)
        return (f"id: {doc_id}\ntitle: {{{titles}}}\nversion: \"1.0\"\nowner: Security team\neffective: 2026-06-01\n"
                f"visibility: public\nrevisions:\n  - version: \"1.0\"\n    date: 2026-06-01\n"
                f"    summary: {{{summary}}}\n")

    (docs / "whitepaper.yaml").write_text(meta("whitepaper", "Security whitepaper"), encoding="utf-8")
    for loc in locales:
        (docs / f"whitepaper.{loc}.md").write_text(
            "# About\n\n{org:legal_name} and its products:\n\n{products}\n\n# Certifications\n\n{certifications}\n\n"
            "# Compliance\n\n{compliance}\n\n# Controls\n\n{topics}\n\n# Subprocessors\n\n{subprocessors}\n\n"
            "# Contacts\n\n{contacts}\n", encoding="utf-8")
    for topic in TOPICS[: max(count - 1, 0)]:
        doc_id = f"{topic}-policy"
        (docs / f"{doc_id}.yaml").write_text(meta(doc_id, f"{topic} policy"), encoding="utf-8")
        for loc in locales:
            (docs / f"{doc_id}.{loc}.md").write_text(
                f"# Purpose\n\nThis policy covers {topic} at {{org:name}}.\n\n# Requirements\n\n{{facts:{topic}}}\n\n"
                f"# Summary\n\n{{summary:{topic}}}\n\n> Questions: {{contact:security}}\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--facts", type=int, default=500)
    p.add_argument("--locales", default="en,sv", help="locales with catalogs (en, sv)")
    p.add_argument("--documents", type=int, default=5, help="documents in the set (a whitepaper and topic policies)")
    args = p.parse_args(argv)
    locales = args.locales.split(",")

    from generator.documents import build_documents, last_stats
    from generator.documents.build import plan, render, select
    from generator.kb import load_knowledge_base

    with tempfile.TemporaryDirectory(prefix="documents-bench-") as tmp:
        work = Path(tmp)
        content = work / "content"
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "synth.py"), "--facts", str(args.facts),
                        "--locales", args.locales, "--out", str(content)], check=True, capture_output=True)
        add_documents(content, locales, args.documents)

        t0 = time.perf_counter()
        kb = load_knowledge_base(content)
        load_s = time.perf_counter() - t0
        docset = kb.extra("documents")
        t0 = time.perf_counter()
        jobs = plan(kb, docset, select(docset, "public", None), "public")  # type: ignore[arg-type]
        plan_s = time.perf_counter() - t0

        pdf_s = docx_s = 0.0
        pages: dict[tuple[str, str], int] = {}
        for job in sorted(jobs, key=lambda j: j.fmt != "pdf"):
            t0 = time.perf_counter()
            _, n = render(job.fmt, job.rdoc)
            spent = time.perf_counter() - t0
            if job.fmt == "pdf":
                pdf_s += spent
                pages[(job.rdoc.id, job.rdoc.locale)] = n or 0
            else:
                docx_s += spent
        total_pages = sum(pages.values())

        t0 = time.perf_counter()
        built = build_documents(kb, work / "site", cache_dir=work / "cache")
        build_s = time.perf_counter() - t0
        rendered = last_stats()["rendered"]
        t0 = time.perf_counter()
        build_documents(load_knowledge_base(content), work / "site", cache_dir=work / "cache")
        rebuild_s = time.perf_counter() - t0
        reused = last_stats()

    files = len(built)
    print(f"documents benchmark: {args.facts} facts, locales {args.locales}, {len(docset.documents)} documents, "  # type: ignore[attr-defined]
          f"{files} files, {total_pages} PDF pages, {os.cpu_count()} cores")
    print(f"  load + validate knowledge base      {load_s:8.2f} s")
    print(f"  resolve all documents                {plan_s:8.2f} s")
    print(f"  PDF, one process                     {pdf_s:8.2f} s   {total_pages / pdf_s:7.1f} pages/s")
    print(f"  DOCX, one process                    {docx_s:8.2f} s   {total_pages / docx_s:7.1f} pages/s")
    print(f"  build, empty cache, all cores        {build_s:8.2f} s   {total_pages / build_s:7.1f} PDF pages/s "
          f"({rendered} files rendered)")
    print(f"  no-change rebuild (load + reuse)     {rebuild_s:8.2f} s   ({reused['rendered']} rendered, "
          f"{reused['reused']} reused)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
