"""Write a valid lnnav guideline folder of about N nodes (and optional scenarios), for benchmarks.

The guideline (format v2) is a chain of blocks of ten nodes each: a multi question (the
drugs taken, one exclusive option), a question (three options, two of them converging,
and a fourth shown only when the multi answer includes cyclophosphamide), a numeric
question with another accepted unit, a typical range and branches, two numeric inputs
feeding a compute node, a route deciding on the computed value and the earlier answers,
and three recommendations (one with a conditional action). Every node is reachable,
every reference cited, every answer a rule reads given on every path, so
``lnnav validate`` must report it valid; ~1,000 nodes go in each node file.

    python bench/gen_guideline.py OUT_DIR --nodes 10000 [--scenarios 1000]
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

BLOCK = 10
NODES_PER_FILE = 1000

MANIFEST = """\
schema_version: 2
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
start: m0
files:
{files}bibliography: bibliography.yaml
"""


def block(k: int, last: bool, refs: int) -> str:
    nxt = "rec_end" if last else f"m{k + 1}"
    ref = f"ref{k % refs}"
    return f"""\
  - id: m{k}
    kind: multi
    text: Block {k}, which drugs does the patient take now?
    help: Generated help text for the drugs, block {k}.
    options:
      - {{id: mmf, label: Mycophenolate}}
      - {{id: cyc, label: Cyclophosphamide}}
      - {{id: belimumab, label: Belimumab}}
      - {{id: none, label: None of these, exclusive: true}}
    next: q{k}
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
      - id: cyc_failed
        label: Stop, despite cyclophosphamide
        next: r{k}a
        when: {{question: m{k}, includes: cyc}}
  - id: n{k}
    kind: numeric
    text: Current 24-h urine protein/creatinine ratio, block {k}?
    help: Generated help for the ratio, block {k}.
    unit: g/g
    units:
      - {{unit: mg/g, factor: 0.001}}
    typical: {{min: 0.05, max: 20}}
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
    text: Euro-Lupus cyclophosphamide given, block {k}?
    help: Whole grams.
    unit: g
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
    next: t{k}
  - id: t{k}
    kind: compute
    text: Cumulative cyclophosphamide, block {k}
    unit: g
    expr: c{k}a * 3 + max(c{k}b, 0)
    next: p{k}
  - id: p{k}
    kind: route
    text: Choose the next step, block {k}
    rules:
      - when: {{question: t{k}, ge: 36}}
        next: r{k}c
      - when: {{all: [{{question: m{k}, includes_any: [mmf, belimumab]}}, {{question: n{k}, lt: 2.5}}]}}
        next: {nxt}
      - otherwise: {nxt}
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
      - text: Keep mycophenolate at the full dose.
        when: {{question: m{k}, includes: mmf}}
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


def write_chain(out: Path, questions: int) -> Path:
    """A guideline that is one long path (every answer leads to the next question); returns its answers file.

    The shape that exposes a step repeated over the path so far: a consult of it
    must take time in proportion to its length (issue 11: 20,000 questions took 30 s).
    """
    out.mkdir(parents=True, exist_ok=True)
    parts = ["nodes:\n"]
    for i in range(questions):
        nxt = f"q{i + 1}" if i + 1 < questions else "done"
        parts.append(f"  - id: q{i}\n    kind: question\n    text: Step {i} of the chain?\n    options:\n"
                     f"      - {{id: a, label: First, next: {nxt}}}\n      - {{id: b, label: Second, next: {nxt}}}\n")
    parts.append("  - id: done\n    kind: recommendation\n    title: End of the chain\n    summary: Reached.\n"
                 "    actions: [Stop.]\n    grade: \"1A\"\n    references: [ref0]\n")
    (out / "nodes.yaml").write_text("".join(parts), encoding="utf-8")
    (out / "guideline.yaml").write_text(MANIFEST.format(files="  - nodes.yaml\n"),
                                        encoding="utf-8")
    (out / "bibliography.yaml").write_text("references:\n  - id: ref0\n    citation: A generated paper.\n",
                                           encoding="utf-8")
    answers = out / "answers.json"
    answers.write_text(json.dumps({f"q{i}": "a" for i in range(questions)}), encoding="utf-8")
    return answers


def write_route(out: Path, rules: int, *, branches: bool = False) -> Path:
    """A guideline whose decision has ``rules`` rules on one number; returns its answers file.

    The route (``{question: c, ge: N-i}`` for rule i) is the shape that made rule analysis
    quadratic (issue 23: 2,000 rules took 18 s to validate, and as long at each consult);
    with ``branches`` the same thresholds are the branches of the numeric question itself.
    """
    out.mkdir(parents=True, exist_ok=True)
    outcomes = 10
    top = rules + 10
    lines = ["nodes:\n", f"  - id: c\n    kind: numeric\n    text: A value?\n    unit: g\n    min: 0\n    max: {top}\n"]
    if branches:
        lines.append("    branches:\n")
        lines += [f"      - {{when: {{ge: {rules - i}}}, next: r{i % outcomes}}}\n" for i in range(1, rules)]
        lines.append("      - next: r0\n")
    else:
        lines.append("    next: p\n  - id: p\n    kind: route\n    text: Decide on the value\n    rules:\n")
        lines += [f"      - {{when: {{question: c, ge: {rules - i}}}, next: r{i % outcomes}}}\n" for i in range(1, rules)]
        lines.append("      - otherwise: r0\n")
    lines += [f"  - id: r{k}\n    kind: recommendation\n    title: Outcome {k}\n    summary: Reached.\n"
              f"    actions: [Stop.]\n    grade: \"1A\"\n    references: [ref0]\n" for k in range(outcomes)]
    (out / "nodes.yaml").write_text("".join(lines), encoding="utf-8")
    (out / "guideline.yaml").write_text(MANIFEST.format(files="  - nodes.yaml\n").replace("start: m0", "start: c"),
                                        encoding="utf-8")
    (out / "bibliography.yaml").write_text("references:\n  - id: ref0\n    citation: A generated paper.\n",
                                           encoding="utf-8")
    answers = out / "answers.json"
    answers.write_text(json.dumps({"c": str(rules // 2)}), encoding="utf-8")
    return answers


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
            lines += [f"  m{k}: [{rnd.choice(['mmf', 'none', 'mmf, belimumab'])}]",
                      f"  q{k}: {rnd.choice(['go', 'also'])}", f'  n{k}: "{rnd.choice(["1.5", "1500 mg/g"])}"',
                      f"  c{k}a: 2", f"  c{k}b: 4"]
        lines.append(f"  m{depth}: [cyc]")
        if exit_kind == "a":
            lines.append(f"  q{depth}: {rnd.choice(['stop', 'cyc_failed'])}")
        else:
            lines += [f"  q{depth}: go", f"  n{depth}: {4 if exit_kind == 'b' else 1}"]
            if exit_kind == "c":
                lines += [f"  c{depth}a: 11", f"  c{depth}b: 4"]
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
