"""Benchmark `trustgen answer`: a 1,000-question questionnaire against a 2,000-fact synthetic knowledge
base (benchmarks/synth.py), end to end in a fresh process: read the CSV, load and validate the
knowledge base, answer every question, write the JSON. Prints wall time and peak memory.

    .venv/bin/python benchmarks/answer_bench.py [--facts 2000] [--questions 1000] [--keep DIR]

Target on the project's 2-core machine: under 3 s cold and under 500 MB.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def make_questionnaire(kb_dir: Path, count: int, out: Path, seed: int = 11) -> None:
    """A questionnaire shaped like a real one: canonical questions as written, reworded ones (words
    dropped or shuffled), Swedish ones, and questions the knowledge base does not cover."""
    sys.path.insert(0, str(ROOT))
    from generator.kb import load_knowledge_base

    kb = load_knowledge_base(kb_dir)
    rng = random.Random(seed)
    canonical = [(q.text.get(loc), loc) for e in kb.entries() for q in e.questions for loc in ("en", "sv")
                 if loc in q.text.locales()]
    uncovered = ["Do you run a bug bounty programme?", "Have you appointed a data protection officer?",
                 "Is customer data stored only in the EU?", "Do you hold cyber insurance?",
                 "Har ni ett dataskyddsombud?", "Genomför ni penetrationstester varje år?"]
    rows = []
    for i in range(count):
        kind = rng.random()
        if kind < 0.5:
            text, _ = rng.choice(canonical)
        elif kind < 0.85:
            text, _ = rng.choice(canonical)
            words = text.rstrip("?").split()
            rng.shuffle(words)
            text = " ".join(words[: max(3, len(words) - 2)]) + "?"
        else:
            text = rng.choice(uncovered)
        rows.append((f"Q{i + 1}", text))
    with out.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "question"])
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--facts", type=int, default=2000)
    p.add_argument("--questions", type=int, default=1000)
    p.add_argument("--keep", type=Path, help="build the data here and keep it (default: a temporary folder)")
    args = p.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        kb_dir, questions, output = work / "kb", work / "questions.csv", work / "answers.json"
        if not (kb_dir / "organization.yaml").exists():
            subprocess.run([sys.executable, str(HERE / "synth.py"), "--facts", str(args.facts), "--locales",
                            "en,sv,de,fi", "--out", str(kb_dir)], check=True)
        make_questionnaire(kb_dir, args.questions, questions)
        trustgen = [sys.executable, "-c", "import sys; from generator.cli import main; sys.exit(main())"]
        # Cold: an empty embedding cache; warm: the same knowledge base again (the cache is keyed by
        # its passages), as for a second questionnaire.
        env = dict(os.environ, TRUSTGEN_CACHE_DIR=str(work / "cache"))
        shutil.rmtree(work / "cache", ignore_errors=True)
        usage_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(trustgen + ["answer", str(questions), "--content", str(kb_dir), "-o", str(output), "-q"],
                       check=True, cwd=ROOT, env=env)
        elapsed = time.perf_counter() - start
        output.unlink()
        start = time.perf_counter()
        subprocess.run(trustgen + ["answer", str(questions), "--content", str(kb_dir), "-o", str(output), "-q"],
                       check=True, cwd=ROOT, env=env)
        warm = time.perf_counter() - start
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (usage.ru_utime - usage_before.ru_utime) + (usage.ru_stime - usage_before.ru_stime)
        peak_mb = usage.ru_maxrss / 1024
        summary = json.loads(output.read_text(encoding="utf-8"))["summary"]
        phases = measure_phases(kb_dir, questions)
    print(f"trustgen answer: {args.questions} questions, {args.facts} facts (4 locales), end to end")
    print(f"  wall time   {elapsed:.2f} s cold, {warm:.2f} s warm   (target < 3 s cold)")
    print(f"  CPU time    {cpu:.2f} s   (wall time is higher when other work shares the 2 cores)")
    print(f"  peak memory {peak_mb:.0f} MB   (target < 500 MB)")
    print(f"  answered {summary['answered']}, review {summary['review']}")
    print("phases (CPU time, in-process): " + ", ".join(f"{name} {secs:.2f} s" for name, secs in phases))
    return 0


def measure_phases(kb_dir: Path, questions: Path) -> list[tuple[str, float]]:
    """CPU time of loading the knowledge base, reading the questions and answering them."""
    sys.path.insert(0, str(ROOT))
    from generator.kb import load_knowledge_base
    from generator.questionnaire import answer_questions, read_questions

    out = []
    t = time.process_time()
    kb = load_knowledge_base(kb_dir)
    out.append(("load knowledge base", time.process_time() - t))
    t = time.process_time()
    qs = read_questions(questions)
    out.append(("read questions", time.process_time() - t))
    t = time.process_time()
    answer_questions(kb, qs)
    out.append(("index and answer", time.process_time() - t))
    return out


if __name__ == "__main__":
    sys.exit(main())
