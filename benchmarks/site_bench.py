"""Benchmark of `trustgen build`: time split into loading, our page generation and the mkdocs build.

    .venv/bin/python benchmarks/site_bench.py                      # 500 and 2,000 facts, en,sv,de,fi
    .venv/bin/python benchmarks/site_bench.py --facts 1000,4000 --locales en,sv

Knowledge bases come from benchmarks/synth.py. The repository has catalogs for en (the source
language) and sv only; a real build with other locales fails with "no message catalog for locale".
For the benchmark, catalogs for the extra locales are made in the temporary folder as copies of the
Swedish one (the words are Swedish, the timing is the same), and the build reads those.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def make_catalogs(locales: list[str], folder: Path) -> Path:
    """The repository's catalogs plus a copy of the Swedish one for every locale that has none."""
    target = folder / "locales"
    shutil.copytree(ROOT / "locales", target)
    for locale in locales:
        if locale != "en" and not (target / locale).exists():
            shutil.copytree(target / "sv", target / locale)
            for po in (target / locale / "LC_MESSAGES").glob("*.po"):
                po.write_text(po.read_text(encoding="utf-8").replace("Language: sv", f"Language: {locale}"),
                              encoding="utf-8")
    return target


class Timed:
    """Wraps generator.text.render to count the time spent resolving references (the knowledge-base
    core's work, not the site's)."""

    def __init__(self) -> None:
        from generator import text

        self.seconds = 0.0
        self._render = text.render
        text.render = self  # type: ignore[assignment]

    def __call__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        t0 = time.perf_counter()
        try:
            return self._render(*args, **kwargs)
        finally:
            self.seconds += time.perf_counter() - t0


def run(facts: int, locales: list[str], work: Path, timer: Timed) -> dict[str, float]:
    from generator import i18n
    from generator.kb import load_knowledge_base
    from generator.site import build_site

    content = work / f"kb-{facts}"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "synth.py"), "--facts", str(facts),
                    "--locales", ",".join(locales), "--out", str(content)], check=True, capture_output=True)
    catalogs = make_catalogs(locales, work / f"cat-{facts}")
    i18n.translator = lru_cache(maxsize=None)(lambda loc: i18n.Translator(loc, catalogs))  # type: ignore[assignment]
    t0 = time.perf_counter()
    kb = load_knowledge_base(content)
    load = time.perf_counter() - t0
    timer.seconds = 0.0
    result = build_site(content, work / f"site-{facts}", kb=kb)
    pages = sum(1 for _ in (work / f"site-{facts}").rglob("index.html"))
    return {"facts": len(kb.facts), "html": pages, "load": load, "ours": result.seconds["pages"],
            "text": timer.seconds, "documents": result.seconds["documents"], "mkdocs": result.seconds["mkdocs"]}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--facts", default="500,2000", help="comma-separated sizes (default: 500,2000)")
    p.add_argument("--locales", default="en,sv,de,fi", help="comma-separated locales (default: en,sv,de,fi)")
    args = p.parse_args(argv)
    sizes = [int(n) for n in args.facts.split(",")]
    locales = args.locales.split(",")
    rows = []
    timer = Timed()
    with tempfile.TemporaryDirectory(prefix="trustgen-site-bench-") as tmp:
        run(50, locales, Path(tmp), timer)  # warm-up: imports of mkdocs, Material and the plugins are not timed
        for n in sizes:
            rows.append(run(n, locales, Path(tmp), timer))
    print(f"trustgen build, locales {', '.join(locales)} (seconds; 'ours' is page generation and exports,")
    print("'text' the part of it spent in generator.text resolving references)")
    print(f"{'facts':>6} {'pages':>6} {'load':>7} {'ours':>7} {'text':>7} {'mkdocs':>7} {'ours/mkdocs':>11}"
          f" {'(excl. text)':>12}")
    for r in rows:
        print(f"{r['facts']:>6} {r['html']:>6} {r['load']:>7.2f} {r['ours']:>7.2f} {r['text']:>7.2f} "
              f"{r['mkdocs']:>7.2f} {r['ours'] / r['mkdocs']:>10.1%} {(r['ours'] - r['text']) / r['mkdocs']:>12.1%}")
    if len(rows) > 1:
        a, b = rows[0], rows[-1]
        growth = (b["ours"] + b["mkdocs"]) / (a["ours"] + a["mkdocs"])
        print(f"{b['facts'] / a['facts']:.1f}x the facts took {growth:.1f}x the generation + mkdocs time")
    return 0


if __name__ == "__main__":
    sys.exit(main())
