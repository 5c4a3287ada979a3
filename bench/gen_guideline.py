"""Write a valid lnnav guideline folder of about N nodes (and optional scenarios), for benchmarks.

The guideline is a chain of blocks of eight nodes each: a question (three options, two of
them converging on the same node), a numeric question with branches, two numeric inputs
feeding a ``cumulative_cyclophosphamide`` calculator, and three recommendations. Every
node is reachable, every reference cited, every calculator input asked on every path,
so ``lnnav validate`` must report it valid; ~1,000 nodes go in each node file.

    python bench/gen_guideline.py OUT_DIR --nodes 10000 [--scenarios 1000]
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

BLOCK = 8
NODES_PER_FILE = 1000

MANIFEST = """\
schema_version: 1
id: generated
title: Generated guideline for benchmarks
version: "1.0.0"
last_reviewed: 2026-01-01
review_due: 2027-01-01
intended_use: Benchmarking lnnav.
disclaimer: Generated content; it supports and does not replace clinical judgement.
grading:
  name: Test grades
  grades:
    - id: "1A"
      description: strong
    - id: practice point
      description: consensus
pathways:
  - id: perceived
    title: Perceived resistance
  - id: flare
    title: Flare
start: q0
files:
{files}bibliography: bibliography.yaml
"""


def block(k: int, last: bool, refs: int) -> str:
    nxt = "rec_end" if last else f"q{k + 1}"
    ref = f"ref{k % refs}"
    return f"""\
  - id: q{k}
    kind: question
    text: Block {k}, which situation applies?
    help: Generated help text for block {k}.
    options:
      - id: go
        label: Go on
        next: n{k}
      - id: also
        label: Go on, another way
        next: n{k}
      - id: stop
        label: Stop here
        next: r{k}a
  - id: n{k}
    kind: numeric
    text: Current 24-h urine protein/creatinine ratio, block {k}?
    help: Generated help for the ratio, block {k}.
    unit: g/g
    min: 0
    max: 30
    branches:
      - when: {{ge: 3}}
        next: r{k}b
      - when: {{gt: 2.5, lt: 3}}
        next: c{k}a
      - next: c{k}a
  - id: c{k}a
    kind: numeric
    text: Euro-Lupus courses given, block {k}?
    help: Courses of 3 g each.
    unit: courses
    min: 0
    max: 20
    integer: true
    next: c{k}b
  - id: c{k}b
    kind: numeric
    text: Other cyclophosphamide, block {k}?
    help: Every other course, in grams.
    unit: g
    min: 0
    max: 100
    next: calc{k}
  - id: calc{k}
    kind: calculator
    text: Cumulative cyclophosphamide, block {k}
    calculator: cumulative_cyclophosphamide
    inputs:
      euro_lupus_courses: c{k}a
      other_grams: c{k}b
    branches:
      below_ceiling: {nxt}
      near_or_above_ceiling: r{k}c
  - id: r{k}a
    kind: recommendation
    pathway: perceived
    title: Stop at block {k}
    summary: The case stopped at block {k}.
    actions:
      - Do the first thing.
      - Do the second thing.
    grade: practice point
    references: [{ref}]
  - id: r{k}b
    kind: recommendation
    pathway: flare
    title: Heavy proteinuria at block {k}
    summary: Proteinuria of 3 g/g or more.
    actions:
      - Re-induce.
    cautions:
      - Check exposure first.
    grade: "1A"
    references: [{ref}]
  - id: r{k}c
    kind: recommendation
    title: Cyclophosphamide ceiling at block {k}
    summary: Near or above the cumulative ceiling.
    actions:
      - Choose another agent.
    grade: practice point
    references: [{ref}]
"""


END = """\
  - id: rec_end
    kind: recommendation
    title: End of the chain
    summary: Every block passed.
    actions:
      - Nothing more.
    grade: practice point
    references: [ref0]
"""


def write_guideline(out: Path, nodes: int) -> int:
    """Write the folder; returns the number of blocks."""
    blocks = max(1, (nodes - 1) // BLOCK)
    refs = max(1, min(blocks, nodes // 100 or 1))
    out.mkdir(parents=True, exist_ok=True)
    per_file = max(1, NODES_PER_FILE // BLOCK)
    names = []
    for f, first in enumerate(range(0, blocks, per_file)):
        name = f"nodes{f:04d}.yaml"
        names.append(name)
        parts = ["nodes:\n"]
        parts += [block(k, k == blocks - 1, refs) for k in range(first, min(blocks, first + per_file))]
        if first + per_file >= blocks:
            parts.append(END)
        if f == 0:
            parts.append(ALERTS)
        (out / name).write_text("".join(parts), encoding="utf-8")
    (out / "guideline.yaml").write_text(MANIFEST.format(files="".join(f"  - {n}\n" for n in names)), encoding="utf-8")
    bib = ["references:\n"]
    bib += [f"  - id: ref{r}\n    citation: Author {r}. A generated paper. J Bench. 2020;{r}:1-2.\n"
            f"    doi: 10.1000/bench.{r}\n" for r in range(refs)]
    (out / "bibliography.yaml").write_text("".join(bib), encoding="utf-8")
    return blocks


ALERTS = """\
alerts:
  - id: heavy_first
    title: Heavy proteinuria in the first block
    text: Consider anticoagulation.
    when: {question: n0, ge: 3}
    references: [ref0]
  - id: stopped_first
    title: Stopped at once
    text: The first question ended the consult.
    when: {any: [{question: q0, equals: stop}, {reached: r0a}]}
    references: [ref0]
"""


def write_scenarios(out: Path, blocks: int, count: int, seed: int = 6) -> None:
    """Scenarios that pass: each walks a few blocks, then leaves by one of three exits."""
    rnd = random.Random(seed)
    folder = out / "scenarios"
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        depth = rnd.randrange(min(blocks, 8))
        exit_kind = rnd.choice("abc")
        lines = [f"title: Generated case {i}", f"description: Walks {depth} block(s), leaves by exit {exit_kind}.",
                 "answers:"]
        for k in range(depth):
            lines += [f"  q{k}: {rnd.choice(['go', 'also'])}", f"  n{k}: 1.5", f"  c{k}a: 2", f"  c{k}b: 4"]
        if exit_kind == "a":
            lines.append(f"  q{depth}: stop")
        else:
            lines += [f"  q{depth}: go", f"  n{depth}: {4 if exit_kind == 'b' else 1}"]
            if exit_kind == "c":
                lines += [f"  c{depth}a: 11", f"  c{depth}b: 0"]
        lines += ["expect:", f"  outcome: r{depth}{exit_kind}"]
        if depth == 0 and exit_kind == "b":
            lines.append("  alerts: [heavy_first]")
        (folder / f"case{i:05d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--nodes", type=int, default=1000)
    ap.add_argument("--scenarios", type=int, default=0)
    args = ap.parse_args()
    blocks = write_guideline(args.out, args.nodes)
    if args.scenarios:
        write_scenarios(args.out, blocks, args.scenarios)


if __name__ == "__main__":
    main()
