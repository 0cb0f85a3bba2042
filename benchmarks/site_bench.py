"""Benchmark of `trustgen build`: time split into loading, our page generation and the mkdocs build.

    .venv/bin/python benchmarks/site_bench.py                      # 500 and 2,000 facts, en,sv,de,fi
    .venv/bin/python benchmarks/site_bench.py --facts 1000,4000 --locales en,sv --repeat 5

Knowledge bases come from benchmarks/synth.py. The repository has catalogs for en (the source
language) and sv only; a real build with other locales fails with "no message catalog for locale".
For the benchmark, catalogs for the extra locales are made in the temporary folder as copies of the
Swedish one (the words are Swedish, the timing is the same), and the build reads those.

What the columns hold (seconds):

- load: reading and validating the knowledge base (not part of the build proper).
- ours: everything `build_site` does except the documents package and mkdocs: audience filter, output
  checks, pages, theme and mkdocs configuration, exports (trust.json, security.txt, robots.txt),
  sitemap fixes, and putting the site in place (removing the previous one). It is measured as total minus documents minus mkdocs,
  so no step of the build can fall between the columns.
- text: the part of ours spent in generator.text resolving references (the knowledge-base core's work);
  "excl. text" is ours without it.
- docs: the documents package building the downloads (nothing to build for a synthetic knowledge base).
- mkdocs: the mkdocs build (Markdown to HTML, theme, search index, every language).

Costs paid once per process, whatever the size of the knowledge base, are timed apart and printed on a
line of their own: importing mkdocs and its plugins, loading the message catalogs, and compiling the
page templates. A warm-up build of a small knowledge base follows (first use of Material's templates
and of Babel's locale data). Every size is then built --repeat times into the same folder (the
first a new site, the others rebuilds over it, as `trustgen serve` does), and the fastest time of each
column is shown: the machine may be running other work, and the fastest run is the least disturbed.
"""

from __future__ import annotations

import argparse
import importlib
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


def one_time_costs(locales: list[str], catalogs: Path) -> dict[str, float]:
    """Load the catalogs and compile every page template, timed: both happen once per process."""
    from generator import i18n
    from generator.site import pages

    i18n.translator = lru_cache(maxsize=None)(lambda loc: i18n.Translator(loc, catalogs))  # type: ignore[assignment]
    t0 = time.perf_counter()
    for locale in locales:
        i18n.translator(locale)
    catalog_seconds = time.perf_counter() - t0
    t0 = time.perf_counter()
    env = pages.environment()
    for name in env.list_templates(extensions=["md"]):
        env.get_template(name)
    return {"catalogs": catalog_seconds, "templates": time.perf_counter() - t0}


def make_kb(facts: int, locales: list[str], work: Path) -> Path:
    content = work / f"kb-{facts}"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "synth.py"), "--facts", str(facts),
                    "--locales", ",".join(locales), "--out", str(content)], check=True, capture_output=True)
    return content


def run(facts: int, locales: list[str], work: Path, timer: Timed, repeat: int) -> dict[str, float]:
    from generator.kb import load_knowledge_base
    from generator.site import build_site

    content = make_kb(facts, locales, work)
    t0 = time.perf_counter()
    kb = load_knowledge_base(content)
    load = time.perf_counter() - t0
    out = work / f"site-{facts}"
    best: dict[str, float] = {}
    for _ in range(max(1, repeat)):
        timer.seconds = 0.0
        result = build_site(content, out, kb=kb)
        s = result.seconds
        ours = s["total"] - s["documents"] - s["mkdocs"]
        times = {"ours": ours, "text": timer.seconds, "rest": ours - timer.seconds, "documents": s["documents"],
                 "mkdocs": s["mkdocs"]}
        best = {k: min(v, best.get(k, v)) for k, v in times.items()}
    pages = sum(1 for _ in out.rglob("index.html"))
    return {"facts": len(kb.facts), "html": pages, "load": load, **best}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--facts", default="500,2000", help="comma-separated sizes (default: 500,2000)")
    p.add_argument("--locales", default="en,sv,de,fi", help="comma-separated locales (default: en,sv,de,fi)")
    p.add_argument("--repeat", type=int, default=3, help="builds per size; the fastest is shown (default: 3)")
    args = p.parse_args(argv)
    sizes = [int(n) for n in args.facts.split(",")]
    locales = args.locales.split(",")
    rows = []
    with tempfile.TemporaryDirectory(prefix="trustgen-site-bench-") as tmp:
        work = Path(tmp)
        t0 = time.perf_counter()
        for module in ("mkdocs.commands.build", "material.plugins.search.plugin", "mkdocs_static_i18n.plugin"):
            importlib.import_module(module)
        imports = time.perf_counter() - t0
        once = one_time_costs(locales, make_catalogs(locales, work / "catalogs"))
        timer = Timed()
        run(50, locales, work, timer, 1)  # warm-up: first use of mkdocs, Material, the plugins and Babel's data
        for n in sizes:
            rows.append(run(n, locales, work, timer, args.repeat))
    print(f"trustgen build, locales {', '.join(locales)}; fastest of {max(1, args.repeat)} builds per size (seconds)")
    print(f"once per process: importing mkdocs {imports:.2f}, message catalogs {once['catalogs']:.2f}, "
          f"page templates {once['templates']:.2f}")
    print(f"{'facts':>6} {'pages':>6} {'load':>7} {'ours':>7} {'text':>7} {'docs':>7} {'mkdocs':>7} {'ours/mkdocs':>11}"
          f" {'(excl. text)':>12}")
    for r in rows:
        print(f"{r['facts']:>6} {r['html']:>6} {r['load']:>7.2f} {r['ours']:>7.2f} {r['text']:>7.2f} "
              f"{r['documents']:>7.2f} {r['mkdocs']:>7.2f} {r['ours'] / r['mkdocs']:>10.1%} "
              f"{r['rest'] / r['mkdocs']:>12.1%}")
    if len(rows) > 1:
        a, b = rows[0], rows[-1]
        more = (b["facts"] - a["facts"]) / 1000
        print(f"{b['facts'] / a['facts']:.1f}x the facts: ours took {b['ours'] / a['ours']:.1f}x the time, "
              f"mkdocs {b['mkdocs'] / a['mkdocs']:.1f}x; each 1,000 facts more cost ours "
              f"{(b['ours'] - a['ours']) / more:.2f} s ({(b['rest'] - a['rest']) / more:.2f} s "
              f"excl. text), mkdocs {(b['mkdocs'] - a['mkdocs']) / more:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
