"""Loading a knowledge base: validated from its files (cold) and from the model cache (warm).

    .venv/bin/python benchmarks/load_bench.py               # 2,000 facts in 4 locales
    .venv/bin/python benchmarks/load_bench.py --facts 500

Prints the in-process load time and the wall time of a whole `trustgen validate` command, each cold
(empty model cache) and warm (the same files again). Target: a warm command under 0.3 s at 2,000 facts.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TRUSTGEN = [sys.executable, "-m", "generator"]


def _in_process(kb_dir: Path, cache: Path, cold: bool) -> float:
    code = ("import time, sys; from pathlib import Path; t = time.perf_counter(); "
            "from generator.kb import load_knowledge_base; load_knowledge_base(Path(sys.argv[1])); "
            "print(time.perf_counter() - t)")
    if cold:
        shutil.rmtree(cache, ignore_errors=True)
    env = dict(os.environ, TRUSTGEN_CACHE_DIR=str(cache))
    out = subprocess.run([sys.executable, "-c", code, str(kb_dir)], check=True, capture_output=True, text=True,
                         cwd=ROOT, env=env).stdout
    return float(out.strip())


def _command(kb_dir: Path, cache: Path, cold: bool) -> float:
    if cold:
        shutil.rmtree(cache, ignore_errors=True)
    env = dict(os.environ, TRUSTGEN_CACHE_DIR=str(cache))
    start = time.perf_counter()
    subprocess.run(TRUSTGEN + ["validate", "--content", str(kb_dir), "-q"], check=True, cwd=ROOT, env=env)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--facts", type=int, default=2000)
    p.add_argument("--locales", default="en,sv,de,fi")
    p.add_argument("--runs", type=int, default=3, help="runs of each measurement; the median is shown")
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        kb_dir, cache = work / "kb", work / "cache"
        subprocess.run([sys.executable, str(HERE / "synth.py"), "--facts", str(args.facts), "--locales", args.locales,
                        "--out", str(kb_dir)], check=True)
        rows = []
        for label, fn in (("load_knowledge_base", _in_process), ("trustgen validate", _command)):
            cold = statistics.median(fn(kb_dir, cache, True) for _ in range(args.runs))
            fn(kb_dir, cache, True)  # fill the cache once more
            warm = statistics.median(fn(kb_dir, cache, False) for _ in range(args.runs))
            rows.append((label, cold, warm))
        size = sum(p.stat().st_size for p in (cache / "models").glob("*.pickle"))
    locales = len(args.locales.split(","))
    print(f"knowledge base load: {args.facts} facts in {locales} locales (median of {args.runs})")
    for label, cold, warm in rows:
        print(f"  {label:<20} {cold:.2f} s cold, {warm:.2f} s warm")
    print(f"  model cache entry    {size / 1048576:.1f} MB   (target: a warm command under 0.3 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
