"""Benchmark filling a buyer's workbook: a 300-question CAIQ-like .xlsx (Yes/No/NA drop-downs, a
description column) against a synthetic knowledge base (benchmarks/synth.py), end to end in a fresh
process: load and validate the knowledge base, read and detect the workbook, answer every question,
write the filled copy and the review reports. Prints wall time, peak memory and where the time went.

    .venv/bin/python benchmarks/xlsx_bench.py [--facts 2000] [--questions 300] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

CHILD = """
import json, sys, time
from pathlib import Path
t0 = time.perf_counter()
from generator.kb import load_knowledge_base
from generator.questionnaire.engine import answer_questions
from generator.questionnaire.xlsx import Workbook, find_questions, fill_workbook
kb = load_knowledge_base(sys.argv[1])
t1 = time.perf_counter()
with Workbook(Path(sys.argv[2])) as wb:
    questions = find_questions(wb).questions
t2 = time.perf_counter()
answer_questions(kb, questions)
t3 = time.perf_counter()
result = fill_workbook(kb, sys.argv[2], sys.argv[3])
t4 = time.perf_counter()
print(json.dumps({"load": t1 - t0, "read": t2 - t1, "answer": t3 - t2, "fill": t4 - t3,
                  "questions": len(result.answers), "filled": result.filled, "review": result.review}))
"""

FILL_ONLY = """
import sys
from generator.kb import load_knowledge_base
from generator.questionnaire.xlsx import fill_workbook
fill_workbook(load_knowledge_base(sys.argv[1]), sys.argv[2], sys.argv[3])
"""


def make_workbook(kb_dir: Path, count: int, out: Path, seed: int = 7, whole_sheet: bool = False) -> None:
    """A CAIQ-shaped workbook: intro sheet, title and header rows, sections every 25 questions, questions
    taken from the knowledge base's canonical questions (as written and reworded) and uncovered ones."""
    sys.path.insert(0, str(ROOT))
    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    from generator.kb import load_knowledge_base

    kb = load_knowledge_base(kb_dir)
    rng = random.Random(seed)
    canonical = [q.text.get("en") for e in kb.entries() for q in e.questions if "en" in q.text.locales()]
    uncovered = ["Do you run a bug bounty programme?", "Do you hold cyber insurance?",
                 "Is customer data stored only in the EU?", "Have you appointed a data protection officer?"]
    wb = openpyxl.Workbook()
    intro = wb.active
    intro.title = "Introduction"
    intro["A1"] = "Consensus Assessments Initiative Questionnaire"
    ws = wb.create_sheet("CAIQ")
    ws["A1"] = "CAIQ - answers"
    headers = ["Question ID", "Question", "CSP CAIQ Answer", "SSRM Control Ownership",
               "CSP Implementation Description", "CCM Control ID"]
    for col, text in enumerate(headers, start=1):
        cell = ws.cell(row=3, column=col, value=text)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E78")
    row = 4
    for i in range(count):
        if i % 25 == 0:
            ws.cell(row=row, column=1, value=f"Domain {i // 25 + 1}").font = Font(bold=True)
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=6)
            row += 1
        kind = rng.random()
        if kind < 0.5:
            text = rng.choice(canonical)
        elif kind < 0.85:
            words = rng.choice(canonical).rstrip("?").split()
            rng.shuffle(words)
            text = " ".join(words[: max(3, len(words) - 2)]) + "?"
        else:
            text = rng.choice(uncovered)
        ws.cell(row=row, column=1, value=f"DOM-{i // 25 + 1:02d}.{i % 25 + 1}")
        ws.cell(row=row, column=2, value=text).alignment = Alignment(wrap_text=True)
        ws.cell(row=row, column=6, value=f"DOM-{i // 25 + 1:02d}")
        row += 1
    answers = DataValidation(type="list", formula1='"Yes,No,NA"', allow_blank=True)
    answers.add(f"C4:C{row}")
    ownership = DataValidation(type="list", formula1='"CSP-owned,CSC-owned,Shared CSP and CSC"', allow_blank=True)
    ownership.add(f"D4:D{row}")
    ws.add_data_validation(answers)
    ws.add_data_validation(ownership)
    if whole_sheet:
        # As a stock HECVAT template does: one validation over N1:XFD1048576, about 17 billion cells.
        everything = DataValidation(type="list", formula1='"Yes,No"', allow_blank=True)
        everything.add("N1:XFD1048576")
        ws.add_data_validation(everything)
    wb.save(out)


def time_reading(path: Path, repeat: int = 5) -> float:
    """The best of `repeat` times to open a workbook and find its questions."""
    sys.path.insert(0, str(ROOT))
    from generator.questionnaire.xlsx import Workbook, find_questions

    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        with Workbook(path) as wb:
            find_questions(wb)
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--facts", type=int, default=2000)
    p.add_argument("--questions", type=int, default=300)
    p.add_argument("--keep", type=Path, help="build the data here and keep it (default: a temporary folder)")
    args = p.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        kb_dir, source, output = work / "kb", work / "questionnaire.xlsx", work / "questionnaire-answered.xlsx"
        if not (kb_dir / "organization.yaml").exists():
            subprocess.run([sys.executable, str(HERE / "synth.py"), "--facts", str(args.facts), "--locales",
                            "en,sv", "--out", str(kb_dir)], check=True)
        make_workbook(kb_dir, args.questions, source)
        # End to end in a fresh process: wall time and peak memory of filling alone.
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", FILL_ONLY, str(kb_dir), str(source), str(output)], check=True, cwd=ROOT)
        elapsed = time.perf_counter() - start
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        # Where the time goes, in a second process.
        phases = json.loads(subprocess.run([sys.executable, "-c", CHILD, str(kb_dir), str(source),
                                            str(work / "phases.xlsx")], check=True, cwd=ROOT, capture_output=True,
                                           text=True).stdout)
        size_in, size_out = source.stat().st_size, output.stat().st_size
        whole = work / "questionnaire-whole-sheet-validation.xlsx"
        make_workbook(kb_dir, args.questions, whole, whole_sheet=True)
        plain_read, whole_read = time_reading(source), time_reading(whole)
    print(f"fill workbook: {phases['questions']} questions, {args.facts} facts (en, sv)")
    print(f"  wall time   {elapsed:.2f} s (fresh process, imports included)")
    print(f"  peak memory {peak_mb:.0f} MB")
    print(f"  phases      load+validate {phases['load']:.2f} s, read+detect {phases['read']:.3f} s, "
          f"answer {phases['answer']:.2f} s, read+answer+write+reports {phases['fill']:.2f} s")
    print(f"  filled {phases['filled']}, review {phases['review']}; {size_in:,} bytes in, {size_out:,} bytes out")
    print(f"  read+detect with a validation over N1:XFD1048576: {whole_read:.3f} s (without: {plain_read:.3f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
