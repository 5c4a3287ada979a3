"""Run every lnnav benchmark and print one table of figures, ratios and pass/fail.

    python bench/run.py            # everything (about a minute)
    python bench/run.py --quick    # leave out the 100,000-node guideline

Start-up figures are ratios to a bare interpreter importing what lnnav cannot do
without, measured as the median of alternating runs so that a busy machine slows
both sides alike. Throughput figures are the best of a few runs of the installed
`lnnav` script. Bytecode is written and warmed first (PYTHONDONTWRITEBYTECODE is
dropped), as it is for an installed package. Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from gen_guideline import write_chain, write_guideline, write_scenarios  # noqa: E402

PY = sys.executable
LNNAV = str(Path(PY).parent / "lnnav")
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {"NO_COLOR": "1", "COLUMNS": "100"}


@dataclass
class Row:
    name: str
    figure: str
    target: str
    ok: bool


def wall(cmd: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV, cwd=ROOT, check=False)
    took = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"bench: {' '.join(cmd)} exited {done.returncode}")
    return took


def ratio(cmd: list[str], base: list[str], runs: int) -> tuple[float, float, float]:
    """Median wall time of cmd and of base, alternating, and their ratio."""
    wall(cmd), wall(base)  # warm caches and bytecode
    ours, theirs = [], []
    for _ in range(runs):
        ours.append(wall(cmd))
        theirs.append(wall(base))
    a, b = statistics.median(ours), statistics.median(theirs)
    return a, b, a / b


def best(cmd: list[str], runs: int) -> float:
    return min(wall(cmd) for _ in range(runs))


def imported(argv: list[str]) -> list[str]:
    """Heavy modules a command imports, from a fresh interpreter."""
    code = ("import sys\nfrom lnnav.cli.main import main\n"
            f"main({argv!r})\n"
            "heavy = ('yaml', 'rich', 'questionary', 'prompt_toolkit', 'lnnav.model.guideline', 'lnnav.format.loader',"
            " 'jsonschema')\n"
            "sys.stderr.write('\\n' + ' '.join(sorted({m.split('.')[0] if not m.startswith('lnnav') else m\n"
            "    for m in sys.modules if m.startswith(heavy)})))\n")
    done = subprocess.run([PY, "-c", code], capture_output=True, text=True, env=ENV, cwd=ROOT, check=False)
    return done.stderr.rsplit("\n", 1)[-1].split()


def consult_case() -> tuple[list[str], str]:
    """The bundled guideline's first scenario when the guideline is valid, else the mini fixture's."""
    bundled = ROOT / "guidelines" / "lupus-nephritis"
    scenarios = sorted((bundled / "scenarios").glob("*.yaml"))
    if scenarios and subprocess.run([LNNAV, "validate", str(bundled)], capture_output=True, env=ENV,
                                    check=False).returncode == 0:
        return ["--answers", str(scenarios[0])], f"bundled, {scenarios[0].name}"
    mini = ROOT / "tests" / "data" / "mini"
    return ["--guideline", str(mini), "--answers", str(mini / "scenarios" / "severe-flare.yaml")], "mini fixture"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="leave out the 100,000-node guideline")
    ap.add_argument("--runs", type=int, default=21, help="alternating runs per start-up ratio (default 21)")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args()
    rows: list[Row] = []
    figures: dict[str, float] = {}

    a, b, r = ratio([LNNAV, "--help"], [PY, "-c", "import typer"], args.runs)
    figures |= {"help_s": a, "import_typer_s": b, "help_ratio": r}
    rows.append(Row("lnnav --help / python -c 'import typer'", f"{a * 1000:.0f} / {b * 1000:.0f} ms = {r:.2f}x",
                    "<= 1.30x", r <= 1.3))

    case, label = consult_case()
    consult = [LNNAV, "consult", *case, "--format", "json"]
    a, b, r = ratio(consult, [PY, "-c", "import typer, yaml, rich.console"], args.runs)
    figures |= {"consult_s": a, "import_floor_s": b, "consult_ratio": r}
    rows.append(Row(f"consult --format json ({label}) / import typer, yaml, rich.console",
                    f"{a * 1000:.0f} / {b * 1000:.0f} ms = {r:.2f}x", "<= 1.30x", r <= 1.3))

    # route and compute evaluation must not show: a v2 consult that converts a unit, computes
    # and routes, against a v1 consult of the same size that does none of it
    v2 = ROOT / "tests" / "data" / "v2"
    mini = ROOT / "tests" / "data" / "mini"
    v2_consult = [LNNAV, "consult", "--guideline", str(v2), "--answers", str(v2 / "scenarios" / "dual.yaml"),
                  "--format", "json"]
    v1_consult = [LNNAV, "consult", "--guideline", str(mini), "--answers",
                  str(mini / "scenarios" / "severe-flare.yaml"), "--format", "json"]
    a, b, r = ratio(v2_consult, v1_consult, args.runs)
    figures |= {"consult_v2_s": a, "consult_v1_s": b, "consult_v2_ratio": r}
    rows.append(Row("consult v2 fixture (units, compute, route) / v1 mini", f"{a * 1000:.0f} / {b * 1000:.0f} ms = "
                    f"{r:.2f}x", "<= 1.10x", r <= 1.1))

    text = [LNNAV, "consult", *case]  # to a pipe: plain text at 100 columns
    a, b, r = ratio(text, consult, args.runs)
    figures |= {"consult_text_s": a, "consult_text_ratio": r}
    rows.append(Row("consult, text to a pipe / --format json", f"{a * 1000:.0f} / {b * 1000:.0f} ms = {r:.2f}x",
                    "<= 1.10x", r <= 1.1))

    with tempfile.TemporaryDirectory(prefix="lnnav-bench-") as tmp:
        sizes = [1000, 10_000] if args.quick else [1000, 10_000, 100_000]
        took: dict[int, float] = {}
        for n in sizes:
            folder = Path(tmp) / f"g{n}"
            write_guideline(folder, n)
            took[n] = best([LNNAV, "validate", str(folder)], 3 if n < 100_000 else 2)
            figures[f"validate_{n}_s"] = took[n]
        rows.append(Row("validate, 1,000 nodes", f"{took[1000]:.2f} s", "(linear)", True))
        rows.append(Row("validate, 10,000 nodes", f"{took[10_000]:.2f} s", "<= 1.00 s", took[10_000] <= 1.0))
        shown = best([LNNAV, "show", "--guideline", str(Path(tmp) / "g10000")], 3)
        figures |= {"show_10000_s": shown, "show_ratio": shown / took[10_000]}
        rows.append(Row("show / validate, 10,000 nodes", f"{shown:.2f} / {took[10_000]:.2f} s = "
                        f"{shown / took[10_000]:.2f}x", "<= 1.50x", shown / took[10_000] <= 1.5))
        if 100_000 in took:
            growth = took[100_000] / took[10_000]
            figures["validate_growth"] = growth
            rows.append(Row("validate, 100,000 nodes", f"{took[100_000]:.2f} s = {growth:.1f}x the 10,000",
                            "<= 9x", growth <= 9))

        folder = Path(tmp) / "scenarios"
        write_scenarios(folder, write_guideline(folder, 200), 1000)
        check = [LNNAV, "scenario", "check", "--guideline", str(folder)]
        t = best(check, 3)
        figures["scenario_check_1000_s"] = t
        rows.append(Row("scenario check, 1,000 scenarios", f"{t:.2f} s", "<= 2.00 s", t <= 2.0))
        tj = best([*check, "--format", "json"], 3)
        figures |= {"scenario_check_json_s": tj, "scenario_check_text_ratio": t / tj}
        rows.append(Row("scenario check, text / --format json", f"{t:.2f} / {tj:.2f} s = {t / tj:.2f}x", "<= 1.10x",
                        t / tj <= 1.1))

        chain: dict[int, float] = {}
        for n in (2000, 20_000):  # one long path: a consult must grow with its length, not its square
            answers = write_chain(Path(tmp) / f"chain{n}", n)
            chain[n] = best([LNNAV, "consult", "--guideline", str(answers.parent), "--answers", str(answers),
                             "--format", "json"], 2)
            figures[f"consult_chain_{n}_s"] = chain[n]
        growth = chain[20_000] / chain[2000]
        rows.append(Row("consult, 20,000-question chain / 2,000", f"{chain[20_000]:.2f} / {chain[2000]:.2f} s = "
                        f"{growth:.1f}x", "<= 12x (linear)", growth <= 12))

    help_mods = imported(["--help"])
    json_mods = imported(["consult", *case, "--format", "json"])
    rows.append(Row("heavy imports for --help", " ".join(help_mods) or "none", "none", not help_mods))
    rows.append(Row("heavy imports for a JSON consult", " ".join(json_mods), "no rich, questionary",
                    not {"rich", "questionary", "prompt_toolkit"} & set(json_mods)))

    width = max(len(r.name) for r in rows)
    fig_width = max(len(r.figure) for r in rows)
    print(f"{'benchmark':<{width}}  {'measured':<{fig_width}}  {'target':<20}  result")
    for row in rows:
        print(f"{row.name:<{width}}  {row.figure:<{fig_width}}  {row.target:<20}  {'PASS' if row.ok else 'FAIL'}")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPU(s), load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0 if all(r.ok for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
